//! The doc's examples: each fence read leniently into values, with where every member was
//! written, so that warnings point at the member they are about; and the `data` of a response.

use super::sections::RawExample;
use crate::diag::{Code, DocDiag, Loc};
use crate::example::{self, PathKey, Positions, Span};
use crate::ir::{Example, Side};
use std::cell::OnceCell;

/// The `data` of a response example, and its path: the whole value when it shows no envelope.
pub(super) fn response_data(value: &serde_json::Value) -> Option<(&serde_json::Value, PathKey)> {
    let map = value.as_object()?;
    if map.contains_key("result") || map.contains_key("code") || map.contains_key("data") {
        map.get("data")
            .map(|data| (data, PathKey::ROOT.key("data")))
    } else {
        Some((value, PathKey::ROOT))
    }
}

/// The text read from one fence, and where it is in the doc.
pub(super) struct Fence<'r> {
    raw: &'r RawExample,
    /// The text as read: the fence's content, after the bracket of a ```` ```json{ ```` fence.
    text: String,
    /// Lines added before the fence's content (1 for that bracket, else 0).
    offset: usize,
    /// Where the lines of `text` start, found when first needed.
    starts: OnceCell<Vec<usize>>,
}

impl Fence<'_> {
    /// Where line `line`, column `column` of the text read is in the doc.
    fn loc(&self, line: usize, column: usize) -> Loc {
        if line <= self.offset {
            // A brace typed on the fence line: that line.
            return Loc::line(self.raw.fence);
        }
        let content = line - 1 - self.offset;
        let shift = self
            .raw
            .shifts
            .iter()
            .find(|(l, _)| *l == content)
            .map_or(0, |(_, by)| *by);
        let column = column
            .checked_add_signed(shift)
            .filter(|c| *c >= 1)
            .unwrap_or(1);
        Loc::at(self.raw.line + content, column)
    }

    /// Where `span` of the text read is in the doc, marking its text (or the part of it on
    /// its first line).
    fn span(&self, span: &Span) -> Loc {
        let starts = self.starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let from_line = starts
            .get(span.line().saturating_sub(1))
            .and_then(|i| self.text.get(*i..));
        let text = from_line.map_or("", |l| span.text_in_line(l));
        let first = text.split(['\n', '\r']).next().unwrap_or_default();
        let loc = self.loc(span.line(), span.column());
        // On the fence line the column is unknown: the mark finds the bracket there.
        loc.mark(first)
    }
}

/// One value read from an example, with where its parts were written.
pub(super) struct ReadExample {
    pub(super) example: Example,
    pub(super) positions: Positions,
    /// Index of the fence it was read from.
    pub(super) fence: usize,
}

/// Where the parts of the example being refined are in the doc, for warnings that point at
/// the member they are about.
#[derive(Clone, Copy)]
pub(crate) struct ExampleAt<'e> {
    pub(super) fence: &'e Fence<'e>,
    pub(super) positions: &'e Positions,
}

impl ExampleAt<'_> {
    /// The key of the member at `path`, or for an array element (or the value itself) its
    /// value; `None` when the path was not recorded.
    pub(crate) fn key(&self, path: PathKey) -> Option<Loc> {
        let place = self.positions.get(path)?;
        Some(self.fence.span(place.key.as_ref().unwrap_or(&place.value)))
    }

    /// The value at `path` (for an object or array, its opening bracket).
    pub(crate) fn value(&self, path: PathKey) -> Option<Loc> {
        self.positions
            .get(path)
            .map(|place| self.fence.span(&place.value))
    }
}

/// Examples larger than this are not read (the largest real one is about 12 KB): a huge one
/// would cost seconds to refine and would generate thousands of types.
pub const MAX_EXAMPLE_BYTES: usize = 128 * 1024;

/// Whether a response example shows the envelope (`result`, `code`, `message`, `data`).
fn has_envelope(value: &serde_json::Value) -> bool {
    value.as_object().is_some_and(|map| {
        ["result", "code", "message", "data"]
            .iter()
            .any(|k| map.contains_key(*k))
    })
}

/// Reads the examples: the fences read (each with its text), and the values read from them.
pub(super) fn read_examples<'r>(
    raw: &'r [RawExample],
    diag: &mut DocDiag<'_>,
) -> (Vec<Fence<'r>>, Vec<ReadExample>) {
    let mut fences = Vec::new();
    let mut out = Vec::new();
    for ex in raw {
        if ex.text.trim().is_empty() && !ex.info.ends_with(['{', '[']) {
            diag.warn(
                Code::BadExample,
                ex.fence,
                "the example is empty; types come from the tables alone",
                Some("write the example as JSON inside the fence"),
            );
            continue;
        }
        if ex.text.len() > MAX_EXAMPLE_BYTES {
            diag.warn(
                Code::ExampleTooLarge,
                ex.line,
                format!("example is {} bytes, over the {} KiB limit; it is not read, types come from the tables alone", ex.text.len(), MAX_EXAMPLE_BYTES / 1024),
                Some("shorten the example: one or two items of each list are enough"),
            );
            continue;
        }
        // Authors sometimes type the opening brace on the fence line: ```json{
        let mut text = String::new();
        if let Some(c) = ex.info.chars().last().filter(|c| matches!(c, '{' | '[')) {
            text.push(c);
            text.push('\n');
        }
        let offset = if text.is_empty() { 0 } else { 1 };
        text.push_str(&ex.text);
        let fence = Fence {
            raw: ex,
            text,
            offset,
            starts: OnceCell::new(),
        };
        match example::read(&fence.text) {
            Ok(read) => {
                if !read.repairs.is_empty() {
                    let mut kinds: Vec<String> = Vec::new();
                    for r in &read.repairs {
                        let kind = format!("{:?}", r.kind);
                        if !kinds.contains(&kind) {
                            kinds.push(kind);
                        }
                    }
                    let first = &read.repairs[0];
                    diag.warn(
                        Code::RepairedExample,
                        fence.loc(first.line, first.column),
                        format!("example is not strict JSON; read it anyway ({})", kinds.join(", ")),
                        Some("write strict JSON: no trailing commas, comments or unquoted keys"),
                    );
                }
                for v in read.values {
                    let line = ex.line + v.line.saturating_sub(1 + offset);
                    if ex.side == Side::Response && !has_envelope(&v.value) {
                        diag.warn(
                            Code::NoEnvelope,
                            line,
                            "the response example shows no envelope (`result`, `code`, `message`, `data`); it is taken as the `data` the API returns",
                            Some("show the whole response: {\"result\": true, \"code\": 0, \"message\": \"\", \"data\": ...}"),
                        );
                    }
                    let example = Example { side: ex.side, line, value: v.value };
                    out.push(ReadExample { example, positions: v.positions, fence: fences.len() });
                }
                fences.push(fence);
            }
            Err(e) if e.too_deep => diag.warn(
                Code::TooDeep,
                fence.loc(e.line, e.column),
                format!("example is nested deeper than {} levels; it is not read, types come from the tables alone", example::MAX_DEPTH),
                Some("shorten the example: real data is rarely nested more than a few levels"),
            ),
            Err(e) => diag.warn(
                Code::BadExample,
                fence.loc(e.line, e.column),
                format!("example cannot be read as JSON: {}; types come from the tables alone", e.message),
                Some("write the example as JSON"),
            ),
        }
    }
    (fences, out)
}
