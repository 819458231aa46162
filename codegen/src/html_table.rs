//! Parameter tables written in HTML (`<table><tr><th>字段</th>...`), as older pages and
//! pages pasted from rich editors have them: read into the same rows as a pipe table.
//!
//! Only what tables need is read: rows (`<tr>`), cells (`<th>`, `<td>`), their text with
//! inner tags dropped and the common entities decoded. Anything else in the HTML is ignored.

use crate::markdown::{Block, Row};

/// The first table in an HTML block that starts on doc line `line`, if any.
pub fn read(html: &str, line: usize) -> Option<Block> {
    // A commented-out table is no table; blanking comments keeps the lines.
    let html = &blank_comments(html);
    // ASCII lower-casing keeps byte offsets, so positions found in `lower` hold in `html`.
    let lower = html.to_ascii_lowercase();
    let start = lower.find("<table")?;
    let end = lower[start..]
        .find("</table")
        .map_or(html.len(), |e| start + e);
    let mut rows: Vec<Row> = Vec::new();
    let mut at = start;
    while let Some(tr) = find_tag(&lower[at..end], "tr") {
        let row_start = at + tr;
        let row_end = find_tag(&lower[row_start + 3..end], "tr").map_or(end, |n| row_start + 3 + n);
        let cells = cells(&html[row_start..row_end], &lower[row_start..row_end]);
        if !cells.is_empty() {
            rows.push(Row {
                written: cells.len(),
                cells,
                extra: Vec::new(),
                line: line + html[..row_start].matches('\n').count(),
            });
        }
        at = row_end;
    }
    let mut rows = rows.into_iter();
    let header = rows.next()?;
    let width = header.cells.len();
    let rows = rows
        .map(|mut r| {
            if r.cells.len() > width {
                r.extra = r.cells.split_off(width);
            }
            r.cells.resize(width, String::new());
            r
        })
        .collect();
    Some(Block::Table { header, rows })
}

/// `html` with each `<!-- ... -->` (an unclosed one runs to the end) made spaces, its line
/// breaks kept.
fn blank_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        let body = &rest[start..];
        let end = body.find("-->").map_or(body.len(), |e| e + 3);
        out.extend(
            body[..end]
                .chars()
                .map(|c| if c == '\n' { '\n' } else { ' ' }),
        );
        rest = &body[end..];
    }
    out.push_str(rest);
    out
}

/// Where the next `<name` tag (not `<name...` of a longer name) starts in `lower`.
fn find_tag(lower: &str, name: &str) -> Option<usize> {
    let open = format!("<{name}");
    let mut from = 0;
    while let Some(i) = lower[from..].find(&open) {
        let at = from + i;
        let next = lower[at + open.len()..].chars().next();
        if next.is_none_or(|c| c == '>' || c == '/' || c.is_whitespace()) {
            return Some(at);
        }
        from = at + open.len();
    }
    None
}

/// The texts of a row's `<th>` and `<td>` cells.
fn cells(html: &str, lower: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = 0;
    loop {
        let next = [find_tag(&lower[at..], "td"), find_tag(&lower[at..], "th")]
            .into_iter()
            .flatten()
            .min();
        let Some(open) = next.map(|n| at + n) else {
            break;
        };
        let Some(body) = lower[open..].find('>').map(|n| open + n + 1) else {
            break;
        };
        // A cell ends at its closing tag, or where the next cell or the row begins.
        let close = ["</td", "</th", "<td", "<th", "</tr"]
            .iter()
            .filter_map(|t| lower[body..].find(t))
            .min()
            .map_or(html.len(), |n| body + n);
        out.push(text_of(&html[body..close]));
        at = close.max(body);
        if at >= html.len() {
            break;
        }
        // Step past a closing tag so it is not found again.
        if lower[at..].starts_with("</") {
            at += 2;
        }
    }
    out
}

/// The text of a cell: tags dropped (`<br>` a space), entities decoded, spaces collapsed.
fn text_of(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_and_cells_with_lines() {
        let html = "<table>\n  <tr><th>字段</th><th>类型</th><th>描述</th></tr>\n  \
                    <TR><td>bk_host_id</td><td>int</td><td>主机<br/>ID &amp; more</td><td>x</td></TR>\n  \
                    <tr><td>name<td>string</tr>\n</table>";
        let Some(Block::Table { header, rows }) = read(html, 10) else {
            panic!("a table")
        };
        assert_eq!(header.cells, ["字段", "类型", "描述"]);
        assert_eq!(header.line, 11);
        assert_eq!(rows[0].cells, ["bk_host_id", "int", "主机 ID & more"]);
        assert_eq!(
            (rows[0].extra.clone(), rows[0].line),
            (vec!["x".to_string()], 12)
        );
        assert_eq!(rows[1].cells, ["name", "string", ""]);
    }

    #[test]
    fn no_table_no_block_and_no_panic_on_broken_html() {
        assert!(read("<div>text</div>", 1).is_none());
        assert!(read("<!--\n<table><tr><th>a</th></tr></table>\n-->", 1).is_none());
        let after = read("<!-- old -->\n<table>\n<tr><th>a</th></tr></table>", 5);
        assert!(matches!(after, Some(Block::Table { header, .. }) if header.line == 7));
        for broken in [
            "<table",
            "<table><tr><td",
            "<table><tr><td>a</td",
            "<table><tr><th>é",
        ] {
            let _ = read(broken, 1);
        }
        assert!(read("<table><tbody><tr><td>a</td></tr></tbody></table>", 1).is_some());
        // Every cut of a table with nested tags and wide characters.
        let full = "<table><tr><TH class=a>名</th><th>t</tr><tr><td><b>x</b>&amp;</td></table>";
        for (cut, _) in full.char_indices() {
            let _ = read(&full[..cut], 1);
        }
    }
}
