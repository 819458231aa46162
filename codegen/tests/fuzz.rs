//! Property tests, run as ordinary tests, over the doc parser (Markdown → blocks → sections →
//! IR → Rust) and the example reader, on generated input:
//!
//! - Markdown-ish docs built from the pieces real docs are made of (headings of every role in
//!   both languages, tables of every shape, fences holding JSON-ish text, lists, quotes, HTML),
//!   then mutated at random;
//! - mutations of the shipped docs and the malformed fixtures;
//! - JSON values written out by serde_json, which the lenient reader must read back exactly and
//!   without repairs, and mutations of them.
//!
//! For every input: no panic, every diagnostic on a line of the input with a column on it,
//! rendering never fails, the emitted code parses, and no input takes long.
//!
//! CI runs each test for a couple of seconds. A longer run:
//! `BKAPI_FUZZ_SECS=300 cargo test --release -p codegen --test fuzz -- --nocapture`
//! (`BKAPI_FUZZ_SEED` picks another sequence). A failing input is written to
//! `target/tmp/fuzz-failures/` and its seed and number printed; `BKAPI_FUZZ_CASE=N` with the
//! same seed runs only that input.

use codegen::diag::render::Sources;
use codegen::diag::{Diagnostics, DocDiag};
use codegen::internals::infer::{self, DocInput};
use codegen::internals::{example, markdown};
use codegen::ir::{Auth, Method, Route};
use codegen::{Config, Ir};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// splitmix64: small, fast, and the same everywhere.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
}

/// How long each test runs, and from which seed.
struct Budget {
    time: Duration,
    seed: u64,
    only: Option<u64>,
}

fn budget() -> Budget {
    let var = |name: &str| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
    };
    Budget {
        time: Duration::from_secs_f64(var("BKAPI_FUZZ_SECS").map_or(2.0, |s| s as f64)),
        seed: var("BKAPI_FUZZ_SEED").unwrap_or(0x5eed_b10c),
        only: var("BKAPI_FUZZ_CASE"),
    }
}

/// No single input may take longer than this (inputs are at most tens of KB).
fn slow() -> Duration {
    if cfg!(debug_assertions) {
        Duration::from_secs(20)
    } else {
        Duration::from_secs(3)
    }
}

/// Runs `check` on inputs from `make` until the time budget is spent; on a panic, saves the
/// input and says how to run it again. Returns how many inputs were checked.
fn run(name: &str, make: impl Fn(&mut Rng) -> String, check: impl Fn(&str)) -> u64 {
    let b = budget();
    let start = Instant::now();
    let mut n = 0u64;
    let mut slowest = (Duration::ZERO, 0);
    loop {
        let case = b.only.unwrap_or(n);
        let mut rng = Rng::new(b.seed ^ case.wrapping_mul(0xa076_1d64_78bd_642f));
        let input = make(&mut rng);
        let t = Instant::now();
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| check(&input)));
        let took = t.elapsed();
        if took > slowest.0 {
            slowest = (took, case);
        }
        let failure = match outcome {
            Err(_) => Some("panicked"),
            Ok(()) if took > slow() => Some("was slow"),
            Ok(()) => None,
        };
        if let Some(what) = failure {
            let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
            let _ = std::fs::create_dir_all(&dir);
            let file = dir.join(format!("{name}-{:x}-{case}.txt", b.seed));
            let _ = std::fs::write(&file, &input);
            panic!(
                "{name}: input {case} {what} ({took:?}); saved to {}; rerun with BKAPI_FUZZ_SEED={} BKAPI_FUZZ_CASE={case}",
                file.display(),
                b.seed
            );
        }
        n += 1;
        if b.only.is_some() || start.elapsed() >= b.time {
            break;
        }
    }
    eprintln!(
        "{name}: {n} inputs in {:.1?} (seed {:#x}); slowest {:?} (input {})",
        start.elapsed(),
        b.seed,
        slowest.0,
        slowest.1
    );
    n
}

// ---------------------------------------------------------------------------------------------
// Docs.

const HEADINGS: &[&str] = &[
    "request method",
    "Request Method",
    "请求方法",
    "请求方式",
    "request address",
    "请求地址",
    "General parameters",
    "通用参数",
    "Function Description",
    "功能描述",
    "Description",
    "Request parameters",
    "请求参数",
    "Interface parameters",
    "接口参数",
    "Parameters",
    "URL Parameters",
    "Request parameter example",
    "Example of request",
    "请求参数示例",
    "Request Example",
    "Return result example",
    "Example of responses",
    "返回结果示例",
    "Response Example",
    "示例数据",
    "调用示例",
    "Return result parameter description",
    "返回结果参数说明",
    "Response Parameters",
    "response",
    "data",
    "data.info",
    "info[x]",
    "info",
    "rules Description",
    "data 字段说明",
    "page",
    "condition",
    "rules",
    "data.info.rules",
    "",
];

const NAMES: &[&str] = &[
    "bk_biz_id",
    "bk_host_id",
    "data",
    "info",
    "page",
    "start",
    "limit",
    "rules",
    "condition",
    "field",
    "operator",
    "value",
    "result",
    "code",
    "message",
    "permission",
    "request_id",
    "type",
    "match",
    "self",
    "Self",
    "r#type",
    "1st",
    "$in",
    "a-b",
    "data.info.bk_host_id",
    "名称",
    "café",
    "🙂",
    "_",
    "__",
    "",
    "bk_app_code",
    "bk_username",
    "extra",
    "default",
    "Bk_Biz_ID",
    "bkBizId",
];

const TYPES: &[&str] = &[
    "int",
    "long",
    "int64",
    "integer",
    "float",
    "double",
    "number",
    "string",
    "String",
    "str",
    "字符串",
    "bool",
    "boolean",
    "dict",
    "object",
    "map",
    "json",
    "array",
    "list",
    "数组",
    "array[object]",
    "list[int]",
    "List（int）",
    "[]int",
    "int array",
    "string array",
    "object array",
    "string map",
    "json object string",
    "time",
    "timestamp",
    "enum",
    "-",
    "stirng",
    "string or int",
    "",
    "array[array[object]]",
    "array[",
    "]",
];

const REQUIRED: &[&str] = &[
    "yes",
    "Yes",
    "YES",
    "Y",
    "No",
    "N",
    "是",
    "否",
    "is",
    "is the",
    "maybe",
    "",
    "At least one of a and b",
];

const COLUMNS: &[&str] = &[
    "Field",
    "Fields",
    "Name",
    "字段",
    "参数名称",
    "Type",
    "类型",
    "参数类型",
    "Required",
    "必选",
    "是否必选",
    "Description",
    "描述",
    "说明",
    "Other",
    "",
];

const WORDS: &[&str] = &[
    "the",
    "POST",
    "GET",
    "get",
    "FETCH",
    "/api/c/compapi/v2/cc/x/",
    "http://h.example/api/v2/x/?a=1",
    "{url}/api/x",
    "/",
    "//x",
    "<br>",
    "&gt;",
    "&#39;",
    "`code`",
    "**bold**",
    "\\|",
    "|",
    "{{ common_args_desc }}",
    "Note: the input field is an attribute defined by the model",
    "1.未执行; 2.正在执行",
    "```",
    "~~~",
    "#",
    "- ",
    "> ",
    "\t",
    "<table>",
    "</td>",
    "[link](x)",
    "![img](",
    "*",
    "_",
];

fn heading(rng: &mut Rng) -> String {
    let level = 1 + rng.below(6);
    let space = if rng.chance(95) { " " } else { "" };
    let text = if rng.chance(80) {
        rng.pick(HEADINGS).to_string()
    } else {
        rng.pick(NAMES).to_string()
    };
    format!("{}{space}{text}\n", "#".repeat(level))
}

fn cell(rng: &mut Rng, pool: &[&str]) -> String {
    let mut c = rng.pick(pool).to_string();
    if rng.chance(10) {
        c.push_str(rng.pick(WORDS));
    }
    if rng.chance(5) {
        c = format!("<b>{c}</b>");
    }
    c
}

fn table(rng: &mut Rng) -> String {
    let mut cols: Vec<String> = if rng.chance(70) {
        ["Field", "Type", "Required", "Description"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    } else {
        (0..rng.below(7))
            .map(|_| rng.pick(COLUMNS).to_string())
            .collect()
    };
    if cols.is_empty() {
        cols.push("Field".into());
    }
    let mut s = String::new();
    let edge = rng.chance(85);
    let row = |cells: &[String]| {
        let inner = cells.join(" | ");
        if edge {
            format!("| {inner} |\n")
        } else {
            format!("{inner}\n")
        }
    };
    s.push_str(&row(&cols));
    s.push_str(&row(&cols
        .iter()
        .map(|_| "---".to_string())
        .collect::<Vec<_>>()));
    let rows = if rng.chance(5) { 0 } else { rng.below(9) };
    for _ in 0..rows {
        let mut cells: Vec<String> = cols
            .iter()
            .map(|c| match c.as_str() {
                "Type" | "类型" | "参数类型" => cell(rng, TYPES),
                "Required" | "必选" | "是否必选" => cell(rng, REQUIRED),
                "Description" | "描述" | "说明" => cell(rng, WORDS),
                _ => cell(rng, NAMES),
            })
            .collect();
        if rng.chance(10) {
            cells.truncate(rng.below(cells.len() + 1));
        }
        if rng.chance(10) {
            cells.push(cell(rng, WORDS));
        }
        s.push_str(&row(&cells));
    }
    s
}

/// A random JSON value whose keys come from the field names, so that examples meet tables.
fn value(rng: &mut Rng, depth: usize) -> Value {
    let leaf = depth > 5 || rng.chance(40);
    match rng.below(if leaf { 5 } else { 7 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(50)),
        2 => match rng.below(4) {
            0 => Value::from(rng.next() as i64),
            1 => Value::from(rng.next()),
            2 => serde_json::Number::from_f64((rng.next() % 100_000) as f64 / 7.0)
                .map_or(Value::Null, Value::Number),
            _ => Value::from(rng.below(10)),
        },
        3 | 4 => Value::String(match rng.below(5) {
            0 => String::new(),
            1 => "\"quoted\" \\ back \n new \t tab \u{1} ctrl".into(),
            2 => "名称 🙂 café".into(),
            _ => rng.pick(WORDS).to_string(),
        }),
        5 => Value::Array((0..rng.below(4)).map(|_| value(rng, depth + 1)).collect()),
        _ => {
            let mut map = Map::new();
            for _ in 0..rng.below(6) {
                let key = match rng.below(20) {
                    0..=2 => format!("{}", rng.below(1000)),
                    3 => format!("名称 \"{}\" \\ \t 🙂", rng.below(10)),
                    _ => rng.pick(NAMES).to_string(),
                };
                map.insert(key, value(rng, depth + 1));
            }
            Value::Object(map)
        }
    }
}

/// Typical hand-written breakage of JSON text.
fn damage_json(rng: &mut Rng, text: &str) -> String {
    let mut s = text.to_string();
    for _ in 0..rng.below(4) {
        let at = floor_char(&s, rng.below(s.len() + 1));
        let piece = rng.pick(&[
            ",",
            "// note\n",
            "# note\n",
            "...",
            "'",
            "“",
            "True",
            "None",
            "\n",
            "{",
            "}",
            "[",
            "]",
            ":",
            "/*",
            "\\",
        ]);
        s.insert_str(at, piece);
    }
    s
}

fn fence(rng: &mut Rng) -> String {
    let info = rng.pick(&["json", "python", "", "json{", "js", "JSON", "text"]);
    let body = match rng.below(6) {
        0 => rng.pick(WORDS).to_string(),
        1 => "branch_id=3&floor=B1".to_string(),
        _ => {
            let v = value(rng, 0);
            let mut text = if rng.chance(50) {
                serde_json::to_string_pretty(&v).unwrap_or_default()
            } else {
                v.to_string()
            };
            if rng.chance(40) {
                text = damage_json(rng, &text);
            }
            if rng.chance(20) {
                let env = serde_json::json!({"result": true, "code": 0, "message": "", "data": v});
                text = serde_json::to_string_pretty(&env).unwrap_or_default();
            }
            text
        }
    };
    let close = if rng.chance(92) { "```\n" } else { "" };
    format!("```{info}\n{body}\n{close}")
}

fn paragraph(rng: &mut Rng) -> String {
    let mut s = String::new();
    for _ in 0..1 + rng.below(8) {
        s.push_str(rng.pick(WORDS));
        s.push(' ');
    }
    let prefix = rng.pick(&["", "", "", "- ", "1. ", "> ", "    ", "\t", "* ", "> - "]);
    format!("{prefix}{s}\n")
}

/// A doc shaped like the real ones: method, address, description, tables, examples, in an
/// order that is usually right.
fn doc(rng: &mut Rng) -> String {
    let mut s = String::new();
    let sections = 3 + rng.below(14);
    for i in 0..sections {
        if rng.chance(85) {
            s.push_str(&heading(rng));
            s.push('\n');
        }
        match (i, rng.below(10)) {
            (0, _) => s.push_str(&format!(
                "{}\n",
                rng.pick(&["POST", "GET", "get", "GET / POST", "FETCH", ""])
            )),
            (1, _) => s.push_str(&format!(
                "{}\n",
                rng.pick(&[
                    "/api/c/compapi/v2/cc/demo_api/",
                    "http://h/api/x/",
                    "x",
                    "POST /api/c/compapi/v2/job/y/"
                ])
            )),
            (_, 0..=3) => s.push_str(&table(rng)),
            (_, 4..=6) => s.push_str(&fence(rng)),
            _ => s.push_str(&paragraph(rng)),
        }
        s.push('\n');
    }
    if rng.chance(10) {
        s = s.replace('\n', "\r\n");
    }
    if rng.chance(30) {
        s = mutate(rng, &s);
    }
    s
}

/// The largest char boundary at or below `i`.
fn floor_char(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Random edits: delete, duplicate or move a span, insert Markdown punctuation.
fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut s = text.to_string();
    for _ in 0..1 + rng.below(6) {
        let a = floor_char(&s, rng.below(s.len() + 1));
        let b = floor_char(&s, a + rng.below(64));
        match rng.below(4) {
            0 => {
                s.replace_range(a..b, "");
            }
            1 => {
                let span = s[a..b].to_string();
                s.insert_str(a, &span);
            }
            2 => s.insert_str(a, rng.pick(WORDS)),
            _ => s.insert_str(
                a,
                rng.pick(&[
                    "\n", "|", "```", "#", "\n\n", "{", "\u{feff}", "\r", "\0", "\\",
                ]),
            ),
        }
    }
    s
}

/// The shipped docs and the fixtures, as seeds for mutation.
fn seed_docs() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = Vec::new();
    let mut dirs = vec![root.join("docs"), root.join("tests/fixtures")];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                if let Ok(text) = std::fs::read_to_string(&path) {
                    if text.len() < 64 * 1024 {
                        out.push(text);
                    }
                }
            }
        }
    }
    out.sort();
    out
}

/// Parses, infers (as a self-contained doc, and as a doc whose conf gives the route) and
/// emits; checks every diagnostic and renders it.
fn check_doc(text: &str) {
    let doc = markdown::parse(text);
    let lines = text.split('\n').count();
    let path = Path::new("fuzz/demo_api.md");
    let routed = Route {
        method: Method::Post,
        path: "/api/c/compapi/v2/fz/demo_api/".into(),
        auth: Auth::Esb,
    };
    for route in [None, Some(routed)] {
        let mut sink = Diagnostics::new();
        let input = DocInput {
            path,
            name: "demo_api".into(),
            system: route.as_ref().map(|_| "fz".to_string()),
            route,
            fallback: None,
        };
        let api = {
            let mut diag = DocDiag {
                file: path,
                sink: &mut sink,
            };
            infer::infer(&doc, &input, &mut diag)
        };
        let mut sources = Sources::new();
        sources.insert(path, text);
        for d in sink.items() {
            assert!(
                d.line >= 1 && d.line <= lines,
                "line {} of {lines}: {d}",
                d.line
            );
            let at = sources.locate(d);
            assert!(at.column >= 1 && at.end_column >= at.column, "{at:?}: {d}");
            let _ = sources.render(d, false);
            let _ = sources.json(d);
        }
        if let Some(api) = api {
            let ir = Ir { apis: vec![api] };
            if let Err(e) = Config::new().render(&ir) {
                panic!("the emitted code does not parse: {e}");
            }
        }
    }
}

#[test]
fn docs_never_panic_and_always_emit_valid_code() {
    let n = run("docs", doc, check_doc);
    assert!(n > 0);
}

#[test]
fn mutated_real_docs_never_panic() {
    let seeds = seed_docs();
    assert!(!seeds.is_empty());
    let n = run(
        "mutated-docs",
        |rng| {
            let base = seeds[rng.below(seeds.len())].clone();
            mutate(rng, &base)
        },
        check_doc,
    );
    assert!(n > 0);
}

#[test]
fn random_text_never_panics() {
    let n = run(
        "random-text",
        |rng| {
            let len = rng.below(400);
            (0..len)
                .map(|_| match rng.below(10) {
                    0..=5 => rng.pick(&[
                        "#", "|", "-", "`", ">", "*", "\n", " ", "\t", "[", "]", "<", "{", "}",
                        ":", "\"", "1.",
                    ]),
                    6 => rng.pick(WORDS),
                    7 => rng.pick(NAMES),
                    8 => rng.pick(TYPES),
                    _ => rng.pick(HEADINGS),
                })
                .collect::<String>()
        },
        check_doc,
    );
    assert!(n > 0);
}

// ---------------------------------------------------------------------------------------------
// Examples.

/// Whether `span` is a piece of `text` that starts at its line and column.
fn check_span(text: &str, span: &example::Span) {
    let piece = span.text(text);
    assert!(
        span.chars() >= 1 && piece.chars().count() == span.chars(),
        "{span:?} is no piece of {text:?}"
    );
    assert!(
        !piece.starts_with(char::is_whitespace),
        "{span:?} starts with a blank in {text:?}"
    );
}

fn check_example(text: &str) {
    let lines = text.split('\n').count() + 1;
    match example::read(text) {
        Ok(read) => {
            assert!(!read.values.is_empty());
            for v in &read.values {
                assert!(v.line >= 1 && v.line <= lines, "value at line {}", v.line);
                assert!(v.positions.get(example::PathKey::ROOT).is_some());
                for (_, place) in v.positions.iter() {
                    check_span(text, &place.value);
                    if let Some(key) = &place.key {
                        check_span(text, key);
                    }
                }
            }
            for r in &read.repairs {
                assert!(r.line >= 1 && r.line <= lines && r.column >= 1, "{r}");
            }
        }
        Err(e) => assert!(e.line >= 1 && e.line <= lines && e.column >= 1, "{e}"),
    }
}

#[test]
fn strict_json_reads_back_exactly_without_repairs() {
    let n = run(
        "strict-json",
        |rng| {
            let v = value(rng, 0);
            if rng.chance(50) {
                serde_json::to_string_pretty(&v).unwrap_or_default()
            } else {
                v.to_string()
            }
        },
        |text| {
            let want: Value = serde_json::from_str(text).expect("serde_json reads what it wrote");
            let read = example::read(text).unwrap_or_else(|e| panic!("{e}: {text}"));
            assert!(read.repairs.is_empty(), "{:?}: {text}", read.repairs);
            assert_eq!(read.values.len(), 1, "{text}");
            assert_eq!(read.values[0].value, want, "{text}");
            check_places(
                text,
                &read.values[0].positions,
                &want,
                example::PathKey::ROOT,
                None,
            );
        },
    );
    assert!(n > 0);
}

/// Whether every member and element of `value` (at `at`, the member `key` when it is one) is
/// where serde_json wrote it: keys as serde_json writes them, scalars that read back as
/// themselves, objects and arrays at their opening bracket.
fn check_places(
    text: &str,
    positions: &example::Positions,
    value: &Value,
    at: example::PathKey,
    key: Option<&str>,
) {
    let place = positions
        .get(at)
        .unwrap_or_else(|| panic!("no place for {key:?} in {text}"));
    check_span(text, &place.value);
    let written = place.value.text(text);
    match value {
        Value::Object(_) => assert_eq!(written, "{"),
        Value::Array(_) => assert_eq!(written, "["),
        _ => assert_eq!(
            serde_json::from_str::<Value>(written).ok().as_ref(),
            Some(value),
            "{written:?} in {text}"
        ),
    }
    match (key, &place.key) {
        (Some(key), Some(span)) => {
            check_span(text, span);
            assert_eq!(
                span.text(text),
                serde_json::to_string(key).unwrap_or_default(),
                "{text}"
            );
        }
        (None, None) => {}
        (key, span) => panic!("key {key:?} but {span:?} in {text}"),
    }
    match value {
        Value::Object(map) => map
            .iter()
            .for_each(|(k, v)| check_places(text, positions, v, at.key(k), Some(k))),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| check_places(text, positions, v, at.index(i), None)),
        _ => {}
    }
}

#[test]
fn damaged_json_never_panics() {
    let n = run(
        "damaged-json",
        |rng| {
            let v = value(rng, 0);
            let text = serde_json::to_string_pretty(&v).unwrap_or_default();
            if rng.chance(50) {
                damage_json(rng, &text)
            } else {
                mutate(rng, &text)
            }
        },
        check_example,
    );
    assert!(n > 0);
}

#[test]
fn deep_and_long_json_is_refused_or_read_quickly() {
    let n = run(
        "deep-json",
        |rng| {
            let depth = rng.below(20_000);
            let open = rng.pick(&["[", "{\"a\":", "[{\"a\":", " [ "]);
            let mut s = open.repeat(depth);
            if rng.chance(50) {
                s.push('1');
                let close = if open.contains('{') { "}" } else { "]" };
                s.push_str(&close.repeat(depth * open.matches(['[', '{']).count()));
            }
            s
        },
        check_example,
    );
    assert!(n > 0);
}

// ---------------------------------------------------------------------------------------------
// File-system shapes.

/// Names a hostile doc folder may hold: line breaks, control characters, dots, unicode, names
/// that are Rust keywords or the package's own items once they become modules.
const ODD_NAMES: &[&str] = &[
    "ok",
    "a\nb",
    "cargo::rustc-env=X=1",
    "x\r",
    "..a",
    "lib",
    "new",
    "名称",
    "a b",
    "tab\t",
    "esc\u{1b}",
    "en",
    "zh_hans",
    "guide",
    "README",
];

/// A recipe: one entry per line, `kind<TAB>path<TAB>target` (the target for links), so that
/// a failing case is saved as text and can be replayed.
#[cfg(unix)]
fn tree_recipe(rng: &mut Rng) -> String {
    let mut lines = Vec::new();
    let mut dirs = vec![String::new()];
    for _ in 0..1 + rng.below(12) {
        let parent = dirs[rng.below(dirs.len())].clone();
        let name = format!(
            "{}{}",
            rng.pick(ODD_NAMES),
            rng.pick(&["", ".md", ".md", ".yaml", ".MD"])
        );
        let path = if parent.is_empty() {
            name
        } else {
            format!("{parent}/{name}")
        };
        let kind = rng.pick(&[
            "doc", "doc", "dir", "fifo", "link-in", "link-out", "link-dev",
        ]);
        let target = match kind {
            "link-in" => dirs[rng.below(dirs.len())].clone(),
            _ => String::new(),
        };
        if kind == "dir" {
            dirs.push(path.clone());
        }
        lines.push(format!(
            "{kind}\t{}\t{}",
            escape_name(&path),
            escape_name(&target)
        ));
    }
    lines.join("\n")
}

/// A name with its line breaks and tabs written as `\n`, `\r`, `\t`, for the recipe.
#[cfg(unix)]
fn escape_name(name: &str) -> String {
    name.replace('\n', "\\n")
        .replace('\r', "\\r")
        .replace('\t', "\\t")
}

#[cfg(unix)]
fn unescape_name(name: &str) -> String {
    name.replace("\\n", "\n")
        .replace("\\r", "\r")
        .replace("\\t", "\t")
}

/// Builds the recipe's tree in a temporary folder, with a file outside it that links may
/// point at, then loads and renders it on another thread.
#[cfg(unix)]
fn check_tree(recipe: &str) {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(&secret, "### request method\n\nPOST\n\nOUTSIDE-MARKER\n").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    for line in recipe.lines() {
        let mut parts = line.split('\t');
        let (kind, path, target) = (parts.next().unwrap(), parts.next().unwrap(), parts.next());
        let path = root.join(unescape_name(path));
        if path.exists() || path.symlink_metadata().is_ok() {
            continue;
        }
        if !path.parent().is_some_and(Path::is_dir) {
            continue;
        }
        let made = match kind {
            "doc" => std::fs::write(&path, sample_doc(&path)),
            "dir" => std::fs::create_dir(&path),
            "fifo" => std::process::Command::new("mkfifo")
                .arg(&path)
                .status()
                .map(|_| ()),
            "link-in" => symlink(root.join(unescape_name(target.unwrap_or_default())), &path),
            "link-out" => symlink(&secret, &path),
            _ => symlink("/dev/zero", &path),
        };
        let _ = made;
    }
    let (send, receive) = std::sync::mpsc::channel();
    let input = root.clone();
    std::thread::spawn(move || {
        let mut config = Config::new();
        config.input(&input);
        let outcome = config.load_all().map(|loaded| {
            let rendered = config.render(&loaded.ir);
            (loaded, rendered)
        });
        let _ = send.send(outcome);
    });
    let outcome = receive
        .recv_timeout(Duration::from_secs(30))
        .expect("the walk hangs");
    let Ok((loaded, rendered)) = outcome else {
        return;
    };
    let files = rendered.unwrap_or_else(|e| panic!("render failed: {e}"));
    for doc in &loaded.sources {
        let real = doc.path.canonicalize().unwrap();
        assert!(real.starts_with(&root), "{} was read", real.display());
        assert!(doc.path.to_str().is_some_and(|p| !p.contains(['\n', '\r'])));
    }
    for path in &loaded.watched {
        assert!(!path.to_string_lossy().contains(['\n', '\r']), "{path:?}");
    }
    let text: String = files.files.values().cloned().collect();
    assert!(!text.contains("OUTSIDE-MARKER"));
}

/// A small doc whose system and API come from its path.
#[cfg(unix)]
fn sample_doc(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let system = path
        .parent()
        .and_then(Path::file_name)
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!(
        "### request method\n\nPOST\n\n### request address\n\n/api/c/compapi/v2/{system}/{stem}/\n\n\
         ### Request parameters\n\n| Field | Type | Required | Description |\n|---|---|---|---|\n\
         | bk_biz_id | int | yes | id |\n\n### Return result example\n\n\
         ```json\n{{\"result\": true, \"data\": {{\"id\": 1}}}}\n```\n"
    )
}

#[cfg(unix)]
#[test]
fn hostile_folders_never_hang_leak_or_break_the_package() {
    let n = run("trees", tree_recipe, check_tree);
    assert!(n > 0);
}
