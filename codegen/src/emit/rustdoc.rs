//! Doc text → rustdoc lines that cannot run. Descriptions come from docs other teams write,
//! and rustdoc compiles and runs every Rust code block of a doc comment as a doctest: a
//! fenced block without a language, or any block indented four spaces. So doc text is made
//! inert before it becomes a comment:
//!
//! 1. Fences keep their content but their info string becomes `text` (never a language
//!    rustdoc tests), and lines outside fences are indented at most three spaces (never an
//!    indented code block).
//! 2. The result is parsed as rustdoc parses it (pulldown-cmark, rustdoc's options, with and
//!    without rustdoc's unindenting). Should any code block that is not `text` remain — a
//!    fence inside a quote or a list item, a list marker followed by five spaces — every line
//!    is flattened instead: leading blanks dropped and a leading marker escaped, which leaves
//!    no block construct that could hold code.
//!
//! Control characters (a bare carriage return breaks a `///` comment) become spaces.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag};

/// The lines of a doc comment for `text`, each to be written after `///` (a leading space
/// included when the line is not empty).
pub fn lines(text: &str) -> Vec<String> {
    let raw: Vec<String> = text.lines().map(clean).collect();
    let soft = soften(&raw);
    let out = if is_inert(&soft) { soft } else { flatten(&raw) };
    out.into_iter()
        .map(|l| if l.is_empty() { l } else { format!(" {l}") })
        .collect()
}

/// Control characters and the marks that change the direction of text become spaces (rustc
/// rejects a doc comment holding a direction override: doc text could hide what code says);
/// tabs become the spaces they stand for, so that counting characters, as rustdoc does when it
/// unindents, and counting columns, as CommonMark does, agree; trailing blanks go.
fn clean(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        match c {
            '\t' => {
                let width = out.chars().count();
                out.push_str(&" ".repeat(4 - width % 4));
            }
            c if c.is_control() || is_bidi(c) => out.push(' '),
            c => out.push(c),
        }
    }
    out.trim_end().to_string()
}

/// Characters that change the direction of the text around them.
pub fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// The column width of a line's leading blanks (tabs to the next multiple of four, as
/// CommonMark counts them), and the rest of the line.
fn indent(line: &str) -> (usize, &str) {
    let mut width = 0;
    for (i, c) in line.char_indices() {
        match c {
            ' ' => width += 1,
            '\t' => width += 4 - width % 4,
            _ => return (width, &line[i..]),
        }
    }
    (width, "")
}

/// An opening fence: its character and length, when `rest` (a line without its indentation)
/// starts one. A backtick fence's info string may hold no backtick (else it is inline code).
fn fence_open(rest: &str) -> Option<(char, usize)> {
    let c = rest.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let n = rest.chars().take_while(|x| *x == c).count();
    let info = &rest[n..];
    (n >= 3 && !(c == '`' && info.contains('`'))).then_some((c, n))
}

/// Step 1: fences marked `text`, escaping outside them, indentation capped at two.
fn soften(raw: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(raw.len());
    let mut open: Option<(char, usize)> = None;
    for line in raw {
        let (width, rest) = indent(line);
        // The comment adds a space: two more keep every line under four columns, with or
        // without rustdoc's unindenting.
        let pad = " ".repeat(width.min(2));
        match open {
            Some((c, n)) => {
                let closes = width <= 3
                    && rest.chars().take_while(|x| *x == c).count() >= n
                    && rest.trim_start_matches(c).trim().is_empty();
                if closes {
                    open = None;
                    out.push(format!("{pad}{rest}"));
                } else {
                    // Inside a text block, shown as written.
                    out.push(line.clone());
                }
            }
            None => match fence_open(rest).filter(|_| width <= 3) {
                Some((c, n)) => {
                    open = Some((c, n));
                    out.push(format!("{pad}{}text", c.to_string().repeat(n)));
                }
                None => out.push(format!("{pad}{}", escape(rest))),
            },
        }
    }
    if let Some((c, n)) = open {
        out.push(c.to_string().repeat(n));
    }
    out
}

/// Step 2's fallback: no leading blanks, and a leading character that could open a block
/// (quote, list, fence, heading, table) escaped, so every line is paragraph text.
fn flatten(raw: &[String]) -> Vec<String> {
    raw.iter()
        .map(|line| {
            let rest = line.trim_start();
            let digits = rest.chars().take_while(char::is_ascii_digit).count();
            let after = rest[digits..].chars().next();
            if digits > 0 && matches!(after, Some('.' | ')')) {
                // `1. x` is a list item; `1\. x` is text.
                return format!("{}\\{}", &rest[..digits], escape(&rest[digits..]));
            }
            match rest.chars().next() {
                // `escape` handles these itself.
                Some('[' | ']' | '<' | '>') => escape(rest),
                Some(c) if c.is_ascii_punctuation() => format!("\\{}", escape(rest)),
                _ => escape(rest),
            }
        })
        .collect()
}

/// Whether rustdoc would find no code block but `text` ones in these lines, read as written
/// and after rustdoc's unindenting (the least indentation of the non-blank lines removed).
fn is_inert(lines: &[String]) -> bool {
    let lines: Vec<String> = lines
        .iter()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!(" {l}")
            }
        })
        .collect();
    // Only fences and four columns of indentation make code blocks; most text has neither.
    let risky = |l: &String| l.contains("```") || l.contains("~~~") || l.contains('\t');
    let indented = |l: &String| l.contains("    ");
    if !lines.iter().any(|l| risky(l) || indented(l)) {
        return true;
    }
    let least = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| indent(l).0)
        .min()
        .unwrap_or(0);
    let unindented: Vec<String> = lines
        .iter()
        .map(|l| {
            let (width, rest) = indent(l);
            format!("{}{rest}", " ".repeat(width.saturating_sub(least)))
        })
        .collect();
    only_text_blocks(&lines.join("\n")) && only_text_blocks(&unindented.join("\n"))
}

/// Whether every code block pulldown-cmark finds, with rustdoc's options, is fenced `text`.
fn only_text_blocks(markdown: &str) -> bool {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION;
    Parser::new_ext(markdown, options).all(|event| match event {
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => info.trim() == "text",
        Event::Start(Tag::CodeBlock(CodeBlockKind::Indented)) => false,
        _ => true,
    })
}

/// Escapes what rustdoc would read as links or HTML; bare URLs become autolinks.
pub fn escape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for word in line.split_inclusive(' ') {
        if word.starts_with("http://") || word.starts_with("https://") {
            let trimmed = word.trim_end();
            out.push('<');
            out.push_str(trimmed);
            out.push('>');
            out.push_str(&word[trimmed.len()..]);
            continue;
        }
        for c in word.chars() {
            if matches!(c, '[' | ']' | '<' | '>') {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> String {
        lines(text).join("\n")
    }

    /// Every code block rustdoc would see in the comment these lines make.
    fn code_blocks(text: &str) -> Vec<String> {
        let comment = lines(text).join("\n");
        let mut found = Vec::new();
        for event in Parser::new_ext(&comment, Options::all()) {
            if let Event::Start(Tag::CodeBlock(kind)) = event {
                found.push(match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => "<indented>".into(),
                });
            }
        }
        found
    }

    #[test]
    fn fences_become_text_and_keep_their_content() {
        let text = "Example:\n```\nfn main() { panic!() }\n```\nthen\n~~~rust\nx\n~~~";
        assert_eq!(
            doc(text),
            " Example:\n ```text\n fn main() { panic!() }\n ```\n then\n ~~~text\n x\n ~~~"
        );
        assert_eq!(code_blocks(text), ["text", "text"]);
    }

    #[test]
    fn an_unclosed_fence_is_closed() {
        assert_eq!(
            doc("```rust\nstd::process::exit(1)"),
            " ```text\n std::process::exit(1)\n ```"
        );
    }

    #[test]
    fn indentation_never_makes_a_code_block() {
        for text in [
            "intro\n\n    panic!()",
            "\tpanic!()",
            "a\n\n        deeper",
            "    all\n    lines\n\n        indented",
        ] {
            assert!(code_blocks(text).is_empty(), "{text:?} → {:?}", doc(text));
        }
    }

    #[test]
    fn code_inside_containers_is_flattened() {
        for text in [
            "> ```\n> panic!()\n> ```",
            "- ```rust\n  panic!()\n  ```",
            "-     panic!()",
            "1.     panic!()",
            "> \n>     panic!()",
            "* a\n\n  ````\n  x\n  ````",
        ] {
            let blocks = code_blocks(text);
            assert!(
                blocks.iter().all(|b| b == "text"),
                "{text:?} → {:?}",
                doc(text)
            );
        }
        assert_eq!(doc("> ```\n> x\n> ```"), " \\> ```\n \\> x\n \\> ```");
        assert_eq!(doc("1.     x"), " 1\\.     x");
    }

    #[test]
    fn direction_marks_and_tabs_are_neutral() {
        assert_eq!(doc("a\u{202E}b\u{2066}c\u{200F}d"), " a b c d");
        // A tab is the spaces it stands for: never four columns of indentation.
        assert!(code_blocks("  ```\n\t   ```\n\t\t\tpanic!()\n  ```")
            .iter()
            .all(|b| b == "text"));
    }

    #[test]
    fn control_characters_and_markup_are_neutral() {
        assert_eq!(doc("a\rb\u{7}c"), " a b c");
        assert_eq!(doc("see [x](y) <b>"), " see \\[x\\](y) \\<b\\>");
        assert_eq!(
            doc("at https://bk.example.com/x now"),
            " at <https://bk.example.com/x> now"
        );
        assert_eq!(doc("plain\n\ntext"), " plain\n\n text");
    }
}
