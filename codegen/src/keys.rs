//! What a JSON key or a table's field name is: a name, a path to a nested field, data (an IP,
//! an id, a file path, a `${var}`) or a placeholder (`...`, `xxx`, `key1`).
//!
//! Inference reads keys with these rules to decide between a struct and a map, and the shape
//! audit reads the generated fields with the same rules to find what slipped through.

/// What a key is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyKind {
    /// A field name (`bk_biz_id`, `data`).
    Name,
    /// A path to a nested field (`data.info`, `apis[].name`).
    Path,
    /// A value used as a key (`127.0.0.1`, `0:10.0.0.1`, `15`, `/tmp/a.log`, `${ip}`).
    Data,
    /// A stand-in the author wrote for "some key" (`...`, `xxx`, `key1`, `<name>`).
    Placeholder,
}

impl KeyKind {
    /// A word for messages and reports.
    pub fn word(self) -> &'static str {
        match self {
            KeyKind::Name => "a name",
            KeyKind::Path => "a path",
            KeyKind::Data => "data",
            KeyKind::Placeholder => "a placeholder",
        }
    }
}

/// Classifies one key.
pub fn kind(key: &str) -> KeyKind {
    let k = key.trim();
    if k.is_empty() {
        return KeyKind::Name;
    }
    if is_placeholder(k) {
        return KeyKind::Placeholder;
    }
    if is_data(k) {
        return KeyKind::Data;
    }
    if k.contains(['.', '[', ']']) {
        return KeyKind::Path;
    }
    KeyKind::Name
}

/// Whether the keys of one object are data rather than field names: each is data or a
/// placeholder, or they count up (`host1`, `host2`, `host3`: one stem, numbers 0 or 1, 2 ...).
/// Numbered names that do not count up are names (`load1`, `load5`, `load15`; `sha1`,
/// `sha256`; `ipv4`, `ipv6`).
pub fn keys_are_data<'a>(keys: impl IntoIterator<Item = &'a str>) -> bool {
    let keys: Vec<&str> = keys.into_iter().collect();
    if keys.is_empty() {
        return false;
    }
    if keys.iter().all(|k| kind(k) != KeyKind::Name) {
        return true;
    }
    let stem = |k: &str| -> String { k.chars().filter(|c| !c.is_ascii_digit()).collect() };
    let number = |k: &str| -> Option<u64> {
        let digits: String = k.chars().filter(|c| c.is_ascii_digit()).collect();
        digits.parse().ok()
    };
    let mut numbers: Vec<u64> = match keys.iter().map(|k| number(k)).collect() {
        Some(numbers) => numbers,
        None => return false,
    };
    numbers.sort_unstable();
    let counts_up = numbers
        .iter()
        .enumerate()
        .all(|(i, n)| *n == numbers[0] + i as u64)
        && numbers[0] <= 1;
    keys.len() >= 2 && counts_up && keys.iter().all(|k| stem(k) == stem(keys[0]))
}

/// `...`, `…` or `xxx`: what a table row writes for "and more fields".
pub fn is_ellipsis(k: &str) -> bool {
    let k = k.trim();
    (!k.is_empty() && k.chars().all(|c| matches!(c, '.' | '…')))
        || (k.len() >= 3 && k.chars().all(|c| c == 'x' || c == 'X'))
}

fn is_placeholder(k: &str) -> bool {
    let lower = k.to_ascii_lowercase();
    if k.chars().all(|c| matches!(c, '.' | '…')) {
        return true;
    }
    if lower.len() >= 3 && lower.chars().all(|c| c == 'x') {
        return true;
    }
    if (k.starts_with('<') && k.ends_with('>')) || (k.starts_with('{') && k.ends_with('}')) {
        return true;
    }
    // `key1`, `value2`, `field_3`: a word authors use for "some key", then a number.
    let word = lower.trim_end_matches(|c: char| c.is_ascii_digit());
    let word = word.trim_end_matches('_');
    word.len() < lower.len()
        && matches!(
            word,
            "key" | "value" | "field" | "name" | "param" | "arg" | "attr" | "item"
        )
}

fn is_data(k: &str) -> bool {
    let number = k.strip_prefix('-').unwrap_or(k);
    if !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    if has_ipv4(k) || is_ipv6(k) {
        return true;
    }
    // Variables, templates, file paths and text with spaces are values.
    if k.contains("${") || k.contains("{{") || k.contains(['/', '\\', ' ', '\t']) {
        return true;
    }
    let hex = |s: &str| s.chars().all(|c| c.is_ascii_hexdigit());
    let digits = k.chars().filter(|c| c.is_ascii_digit()).count();
    // Hex ids and UUIDs.
    let bare = k.replace('-', "");
    if bare.len() >= 8 && hex(&bare) && digits > 0 && (k == bare || bare.len() == 32) {
        return true;
    }
    // Long generated ids (`node1a2b3c4d5e6f7a8b`).
    if k.len() >= 16 && k.chars().all(|c| c.is_ascii_alphanumeric()) && digits >= 4 {
        return true;
    }
    // `cloud:ip`, `a:b:ip:name`: a colon never separates the words of a field name.
    k.contains(':')
}

/// Whether `k` holds a dotted quad (`10.0.0.1`), alone or inside (`0:10.0.0.1:nginx`).
fn has_ipv4(k: &str) -> bool {
    k.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .any(|part| {
            let octets: Vec<&str> = part.split('.').collect();
            octets.len() == 4
                && octets
                    .iter()
                    .all(|o| (1..=3).contains(&o.len()) && o.parse::<u16>().is_ok_and(|n| n < 256))
        })
}

fn is_ipv6(k: &str) -> bool {
    k.matches(':').count() >= 2 && k.chars().all(|c| c.is_ascii_hexdigit() || c == ':')
}

/// One step of a field path written in a table (`apis[]` in `data.apis[].name`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The field's name.
    pub name: String,
    /// Written with `[]` or `[n]`: the field is an array of objects.
    pub array: bool,
}

/// The steps of a path-like field name (`config.template.title_tmpl`, `data.apis[].category`),
/// or `None` for a plain name or one whose steps are not all names.
pub fn path_steps(name: &str) -> Option<Vec<Step>> {
    if kind(name) != KeyKind::Path {
        return None;
    }
    let mut steps = Vec::new();
    for part in name.split('.') {
        let part = part.trim();
        let (field, array) = match part.find('[') {
            Some(i) if part.ends_with(']') => (&part[..i], true),
            Some(_) => return None,
            None => (part, false),
        };
        let ident = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '$');
        if field.is_empty() || !field.chars().all(ident) {
            return None;
        }
        steps.push(Step {
            name: field.to_string(),
            array,
        });
    }
    Some(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        for k in [
            "bk_biz_id",
            "data",
            "ip",
            "face",
            "deadbeef_name",
            "v6",
            "bk_cloud_id",
        ] {
            assert_eq!(kind(k), KeyKind::Name, "{k}");
        }
        for k in [
            "1",
            "42",
            "-1",
            "127.0.0.1",
            "0:127.0.0.1",
            "1:10.0.0.2:nginx:80",
            "fe80::1",
            "${var}",
            "3a9f0c1d",
            "550e8400-e29b-41d4-a716-446655440000",
            "node1a2b3c4d5e6f7a8b",
            "/data/logs/app.log",
            "bk:host",
            "two words",
        ] {
            assert_eq!(kind(k), KeyKind::Data, "{k}");
        }
        for k in [
            "...", "…", "xxx", "XXXX", "key1", "key_2", "value10", "<name>", "{id}",
        ] {
            assert_eq!(kind(k), KeyKind::Placeholder, "{k}");
        }
        for k in ["data.info", "apis[].name", "a[0]", "version.1x"] {
            assert_eq!(kind(k), KeyKind::Path, "{k}");
        }
    }

    #[test]
    fn key_sets() {
        assert!(keys_are_data(["10.0.0.1"]));
        assert!(keys_are_data(["host1", "host2"]));
        assert!(keys_are_data(["key1", "key2"]));
        assert!(!keys_are_data(["bk_biz_id", "bk_biz_id2"]));
        assert!(!keys_are_data(["load1", "load5", "load15"]));
        assert!(!keys_are_data(["sha1", "sha256"]));
        assert!(!keys_are_data(["ipv4", "ipv6"]));
        assert!(keys_are_data(["slot0", "slot1", "slot2"]));
        assert!(!keys_are_data(["host1"]));
        assert!(!keys_are_data(["name", "id"]));
        assert!(!keys_are_data([]));
    }

    #[test]
    fn paths() {
        let steps = path_steps("data.apis[].category").unwrap();
        let got: Vec<(&str, bool)> = steps.iter().map(|s| (s.name.as_str(), s.array)).collect();
        assert_eq!(got, [("data", false), ("apis", true), ("category", false)]);
        assert_eq!(path_steps("info[0]").unwrap().len(), 1);
        assert!(path_steps("bk_biz_id").is_none());
        assert!(path_steps("10.0.0.1").is_none());
        assert!(path_steps("a..b").is_none());
        assert!(path_steps("a[x.b").is_none());
    }
}
