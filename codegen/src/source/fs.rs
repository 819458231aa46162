//! The file system as codegen may use it. Docs often come from other teams, so a doc folder
//! is untrusted input: only regular files are read, never more than a limit, and links are
//! followed only where they stay inside the folder the user gave.
//!
//! - A symbolic link (to a file or a folder) is followed when its target lies inside the
//!   input folder it was found in; a link out of it is skipped with a warning, so a doc
//!   folder cannot make codegen read `/etc/passwd` into generated comments or walk the whole
//!   disk. Each folder is walked once, so a link to a parent cannot loop.
//! - FIFOs, sockets and devices are never opened (a FIFO would block, `/dev/zero` never
//!   ends); files are opened non-blocking and checked again once open, and reads stop one
//!   byte past the limit.
//! - A name holding a line break or another control character, or that is not UTF-8, is
//!   skipped: such a name could inject lines into a build script's `cargo::` output.

use std::fs::{File, FileType};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// What kind of thing a path is, for a message: `a FIFO`, `a socket`, `a device`.
pub fn describe(ty: &FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ty.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if ty.is_socket() {
            return "a socket";
        }
        if ty.is_block_device() || ty.is_char_device() {
            return "a device";
        }
    }
    if ty.is_dir() {
        "a folder"
    } else if ty.is_symlink() {
        "a symbolic link"
    } else {
        "not a regular file"
    }
}

/// Why a name must not be used, when it must not: a line break or another control character
/// (it could end a `cargo::rerun-if-changed` line and start another directive), or bytes that
/// are not UTF-8 (cargo could not be told to watch it).
pub fn unsafe_name(path: &Path) -> Option<&'static str> {
    let Some(text) = path.to_str() else {
        return Some("its name is not UTF-8");
    };
    if text.contains(['\n', '\r']) {
        return Some("its name holds a line break");
    }
    if text.chars().any(char::is_control) {
        return Some("its name holds a control character");
    }
    None
}

/// Reads at most `limit` bytes of a regular file. `Ok(None)` when the file is larger (with
/// its size as far as it was read: `limit + 1`, or the size the file system reports).
///
/// The file is opened without blocking and checked to be a regular file once open, so a
/// FIFO or device put in place of a file is refused rather than read.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Result<Vec<u8>, u64>, NotRead> {
    // Refuse what is not a regular file before opening it: opening a FIFO blocks.
    let meta = std::fs::metadata(path).map_err(NotRead::Io)?;
    if !meta.is_file() {
        return Err(NotRead::NotAFile(describe(&meta.file_type())));
    }
    if meta.len() > limit {
        return Ok(Err(meta.len()));
    }
    let file = open_nonblocking(path).map_err(NotRead::Io)?;
    // The path may have been swapped between the check and the open.
    let meta = file.metadata().map_err(NotRead::Io)?;
    if !meta.is_file() {
        return Err(NotRead::NotAFile(describe(&meta.file_type())));
    }
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(NotRead::Io)?;
    if bytes.len() as u64 > limit {
        return Ok(Err(bytes.len() as u64));
    }
    Ok(Ok(bytes))
}

/// Why [`read_bounded`] read nothing.
#[derive(Debug)]
pub enum NotRead {
    /// The file system said no.
    Io(io::Error),
    /// A FIFO, socket, device or folder where a file was expected.
    NotAFile(&'static str),
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> io::Result<File> {
    File::open(path)
}

/// What a path found in an input folder is, once links are resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A folder to walk; `real` is its canonical path (to walk each folder once).
    Folder {
        /// The canonical path.
        real: PathBuf,
    },
    /// A regular file.
    File,
    /// Not to be read, and why (for a warning).
    Skip(String),
}

/// Classifies `path`, found while walking the input folder whose canonical path is `root`:
/// links are resolved and kept only when they stay inside `root`; FIFOs, sockets and devices
/// are skipped.
pub fn classify(path: &Path, root: &Path) -> Entry {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) => return Entry::Skip(format!("it cannot be read: {e}")),
    };
    let meta = if meta.file_type().is_symlink() {
        let target = match std::fs::canonicalize(path) {
            Ok(target) => target,
            Err(_) => return Entry::Skip("it is a symbolic link to nothing".into()),
        };
        if !target.starts_with(root) {
            return Entry::Skip(format!(
                "it is a symbolic link to {}, outside the input folder {}; links are followed \
                 only inside it",
                target.display(),
                root.display()
            ));
        }
        match std::fs::metadata(&target) {
            Ok(meta) => meta,
            Err(e) => return Entry::Skip(format!("it cannot be read: {e}")),
        }
    } else {
        meta
    };
    if meta.is_dir() {
        match std::fs::canonicalize(path) {
            Ok(real) => Entry::Folder { real },
            Err(e) => Entry::Skip(format!("it cannot be read: {e}")),
        }
    } else if meta.is_file() {
        Entry::File
    } else {
        Entry::Skip(format!(
            "it is {}, not a regular file",
            describe(&meta.file_type())
        ))
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn fifo(path: &Path) {
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .expect("mkfifo runs");
        assert!(status.success());
    }

    #[test]
    fn reads_are_bounded_and_refuse_what_is_not_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "12345").unwrap();
        assert_eq!(read_bounded(&file, 5).unwrap(), Ok(b"12345".to_vec()));
        assert_eq!(read_bounded(&file, 4).unwrap(), Err(5));
        // /dev/zero reports size 0 and never ends: refused without being read.
        let zero = read_bounded(Path::new("/dev/zero"), 10);
        assert!(
            matches!(zero, Err(NotRead::NotAFile("a device"))),
            "{zero:?}"
        );
        let pipe = dir.path().join("p.md");
        fifo(&pipe);
        let got = read_bounded(&pipe, 10);
        assert!(
            matches!(got, Err(NotRead::NotAFile("a FIFO (named pipe)"))),
            "{got:?}"
        );
    }

    #[test]
    fn links_are_followed_inside_the_root_only() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "x").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir(root.join("sub")).unwrap();
        std::fs::write(root.join("sub/a.md"), "x").unwrap();
        symlink(root.join("sub/a.md"), root.join("in.md")).unwrap();
        symlink(outside.path().join("secret.md"), root.join("out.md")).unwrap();
        symlink("/", root.join("slash")).unwrap();
        symlink(root.join("sub"), root.join("loop")).unwrap();
        symlink(root.join("gone"), root.join("dangling.md")).unwrap();
        assert_eq!(classify(&root.join("in.md"), &root), Entry::File);
        let skipped = |name: &str, why: &str| match classify(&root.join(name), &root) {
            Entry::Skip(said) => said.contains(why),
            _ => false,
        };
        assert!(skipped("out.md", "outside"));
        assert!(skipped("slash", "outside"));
        assert_eq!(
            classify(&root.join("loop"), &root),
            Entry::Folder {
                real: root.join("sub")
            }
        );
        assert!(skipped("dangling.md", "to nothing"));
        let pipe = root.join("p.md");
        fifo(&pipe);
        assert!(skipped("p.md", "FIFO"));
    }

    #[test]
    fn names_that_could_inject_lines_are_unsafe() {
        assert_eq!(unsafe_name(Path::new("docs/a.md")), None);
        assert!(unsafe_name(Path::new("docs/a\ncargo::rustc-env=X=1.md")).is_some());
        assert!(unsafe_name(Path::new("docs/a\r.md")).is_some());
        assert!(unsafe_name(Path::new("docs/a\u{1b}.md")).is_some());
        use std::os::unix::ffi::OsStrExt;
        let latin1 = std::ffi::OsStr::from_bytes(b"docs/caf\xe9.md");
        assert!(unsafe_name(Path::new(latin1)).is_some());
    }
}
