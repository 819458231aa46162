//! What an ESB conf or a gateway resource file says, once parsed: its entries, the rule its
//! routes follow, and the problems found in it. Both parsers ([`super::esb`],
//! [`super::gateway`]) produce it and [`super::routes`] searches it, so the three depend on
//! this module and not on each other.

use crate::diag::Code;
use crate::ir::{Method, Route};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One API listed in a route file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The API's wire name, which is the doc's file stem.
    pub name: String,
    /// The system it belongs to.
    pub system: String,
    /// Its route; `None` when the entry lacks a usable method or path (reported).
    pub route: Option<Route>,
    /// 1-based line of the entry in the file, 0 when not found.
    pub line: usize,
}

/// A parsed ESB conf or gateway resource file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteFile {
    /// Where it is.
    pub path: PathBuf,
    /// The system most of its entries belong to.
    pub system: Option<String>,
    /// Entries by name.
    pub entries: BTreeMap<String, Entry>,
    /// The rule the file's routes follow, when an ESB conf's entries show one.
    pub convention: Option<Convention>,
}

/// The rule an ESB conf's routes follow (`/v2/<system>/<name>/`), which routes a doc beside the
/// conf that the conf does not list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Convention {
    /// The system in the paths.
    pub system: String,
    /// The method most entries use (POST on a tie).
    pub method: Method,
    /// How many of the conf's routed entries use it.
    pub using: usize,
    /// How many of the conf's routed entries follow the rule ...
    pub follows: usize,
    /// ... out of how many.
    pub of: usize,
}

/// Something wrong in a route file, reported as a warning against it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The code.
    pub code: Code,
    /// 1-based line, 0 for the whole file.
    pub line: usize,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: Option<&'static str>,
}

/// The 1-based line of the first `key: value` line in a YAML text (list dash, indentation and
/// quotes allowed), 0 when there is none.
pub fn line_of(text: &str, key: &str, value: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim_start().trim_start_matches("- ").trim();
            l.strip_prefix(key)
                .and_then(|rest| rest.trim_start().strip_prefix(':'))
                .is_some_and(|v| v.trim().trim_matches(['"', '\'']).trim() == value)
        })
        .map_or(0, |i| i + 1)
}

/// The 1-based line of the `index`-th (0-based) item of the top-level YAML list in `text`,
/// 0 when there is none.
pub fn item_line(text: &str, index: usize) -> usize {
    let is_item = |l: &str| l.trim_start().starts_with("- ") || l.trim() == "-";
    let indent = |l: &str| l.len() - l.trim_start().len();
    let Some(top) = text.lines().find(|l| is_item(l)).map(indent) else {
        return 0;
    };
    let items = text
        .lines()
        .enumerate()
        .filter(|(_, l)| is_item(l) && indent(l) == top);
    items.map(|(i, _)| i + 1).nth(index).unwrap_or(0)
}

/// The most frequent of some words, the first one on ties.
pub(super) fn most_common<'a>(words: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (i, w) in words.enumerate() {
        counts.entry(w).or_insert((0, i)).0 += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
        .map(|(w, _)| w.to_string())
}
