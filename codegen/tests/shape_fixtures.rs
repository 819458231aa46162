//! The shape forms of real BlueKing docs, each in a fixture of the project's own
//! (`tests/fixtures/shapes`): path rows, label headings, data-keyed objects, placeholders,
//! tables of values, tables and examples that disagree on placement, doc file names, and
//! overrides.

mod common;

use codegen::diag::{Code, Severity};
use codegen::ir::{Api, Object, Origin, Ty};
use codegen::{Config, Ir};
use common::root;
use std::path::PathBuf;

fn shapes() -> PathBuf {
    root().join("tests/fixtures/shapes")
}

fn load(config: &mut Config) -> (Ir, Vec<(Code, String, usize)>) {
    let loaded = config.load_all().expect("loads");
    let said = loaded
        .diagnostics
        .items()
        .iter()
        .map(|d| {
            let file = d.file.file_name().unwrap().to_string_lossy().into_owned();
            (d.code, file, d.line)
        })
        .collect();
    (loaded.ir, said)
}

fn docs() -> Config {
    let mut config = Config::new();
    for doc in [
        "path_rows.md",
        "label_headings.md",
        "data_keys.md",
        "placeholders.md",
        "value_lists.md",
        "placement.md",
    ] {
        config.input(shapes().join(doc));
    }
    config
}

fn api<'a>(ir: &'a Ir, name: &str) -> &'a Api {
    ir.apis.iter().find(|a| a.name == name).expect(name)
}

/// The object at `path` (wire names; lists and maps stepped through) from the request root,
/// or from `data` when `path` starts with `data`.
fn object<'a>(api: &'a Api, path: &[&str]) -> &'a Object {
    let (mut ty, rest) = match path.split_first() {
        Some((&"data", rest)) => (api.response.clone(), rest),
        _ => (Ty::Object(api.request), path),
    };
    for step in rest {
        let id = ty
            .object()
            .unwrap_or_else(|| panic!("no object before `{step}`"));
        ty = field(&api.types[id.0], step).ty.clone();
    }
    &api.types[ty.object().expect("an object").0]
}

fn field<'a>(obj: &'a Object, name: &str) -> &'a codegen::ir::Field {
    obj.fields
        .iter()
        .find(|f| f.wire_name == name)
        .unwrap_or_else(|| panic!("no field `{name}` in {:?}", obj.path))
}

fn names(obj: &Object) -> Vec<&str> {
    obj.fields.iter().map(|f| f.wire_name.as_str()).collect()
}

#[test]
fn shape_ir_and_code_snapshots() {
    let mut config = docs();
    let (mut ir, said) = load(&mut config);
    for api in &mut ir.apis {
        api.source = api.source.strip_prefix(root()).unwrap().to_path_buf();
    }
    insta::assert_json_snapshot!("shapes_ir", ir);
    insta::assert_debug_snapshot!("shapes_diagnostics", said);
    let files = config.render(&ir).unwrap();
    insta::assert_snapshot!("shapes_demo_rs", files.files["src/demo.rs"]);
}

#[test]
fn path_rows_become_nested_types() {
    let (ir, said) = load(&mut docs());
    let a = api(&ir, "path_rows");
    assert_eq!(names(object(a, &[])), ["config", "owner"]);
    assert_eq!(names(object(a, &["config"])), ["template", "retries"]);
    assert_eq!(
        names(object(a, &["config", "template"])),
        ["title_tmpl", "lines"]
    );
    let lines = field(object(a, &["config", "template"]), "lines");
    assert!(matches!(&lines.ty, Ty::Array(inner) if matches!(**inner, Ty::Object(_))));
    assert_eq!(names(object(a, &["config", "template", "lines"])), ["text"]);
    // Merged with the nested table of the same field.
    assert_eq!(names(object(a, &["data"])), ["id", "apis"]);
    assert_eq!(
        names(object(a, &["data", "apis"])),
        ["category", "name", "path"]
    );
    assert!(!said.iter().any(|(c, f, _)| f == "path_rows.md"
        && matches!(
            c,
            Code::DuplicateField | Code::OrphanTable | Code::UndocumentedField
        )));
}

#[test]
fn label_headings_name_their_fields() {
    let (ir, said) = load(&mut docs());
    let a = api(&ir, "label_headings");
    assert_eq!(
        names(object(a, &[])),
        ["name", "cycle_config", "target", "page", "rules", "fields"]
    );
    assert_eq!(names(object(a, &["cycle_config"])), ["type", "hour"]);
    assert_eq!(names(object(a, &["target"])), ["host_id"]);
    assert_eq!(names(object(a, &["page"])), ["start", "limit"]);
    assert_eq!(names(object(a, &["rules"])), ["field", "value"]);
    assert_eq!(names(object(a, &["fields"])), ["key", "alias"]);
    assert_eq!(names(object(a, &["data"])), ["job_id", "owner"]);
    assert_eq!(names(object(a, &["data", "owner"])), ["user"]);
    let doc: Vec<_> = said
        .iter()
        .filter(|(_, f, _)| f == "label_headings.md")
        .collect();
    assert!(doc.is_empty(), "{doc:?}");
}

#[test]
fn objects_keyed_by_data_are_maps() {
    let (ir, _) = load(&mut docs());
    let a = api(&ir, "data_keys");
    let map_of = |obj: &Object, name: &str| match &field(obj, name).ty {
        Ty::Map(inner) => (**inner).clone(),
        other => panic!("`{name}` is {other:?}, not a map"),
    };
    let root = object(a, &[]);
    let host = map_of(root, "hosts");
    assert_eq!(names(&a.types[host.object().unwrap().0]), ["os"]);
    assert_eq!(map_of(root, "vars"), Ty::String);
    let data = object(a, &["data"]);
    let alive = map_of(data, "by_ip");
    assert_eq!(names(&a.types[alive.object().unwrap().0]), ["alive"]);
    assert_eq!(map_of(data, "by_id"), Ty::Integer);
    assert_eq!(map_of(data, "files"), Ty::Integer);
    assert_eq!(map_of(data, "tasks"), Ty::String);
    let proc = map_of(data, "procs");
    assert_eq!(names(&a.types[proc.object().unwrap().0]), ["pid"]);
    assert_eq!(map_of(data, "slots"), Ty::String);
}

#[test]
fn placeholders_never_become_fields() {
    let (ir, said) = load(&mut docs());
    let a = api(&ir, "placeholders");
    let root = object(a, &[]);
    assert_eq!(names(root), ["ids", "labels", "extra"]);
    assert!(root.open, "a `...` row says the object takes more fields");
    assert_eq!(field(root, "labels").ty, Ty::Map(Box::new(Ty::String)));
    let extra = object(a, &["extra"]);
    assert_eq!((names(extra), extra.open), (vec!["mode"], true));
    assert_eq!(names(object(a, &["data"])), ["count"]);
    let keys = said
        .iter()
        .filter(|(c, f, _)| *c == Code::DataKey && f == "placeholders.md")
        .count();
    assert_eq!(keys, 3, "`...`, `xxx` and `…` among named keys: {said:?}");
}

#[test]
fn tables_of_values_document_their_field() {
    let (ir, said) = load(&mut docs());
    let a = api(&ir, "value_lists");
    let root = object(a, &[]);
    assert_eq!(names(root), ["kind", "state"]);
    let kind = &field(root, "kind").description;
    assert!(kind.contains("- `Tools`: tool templates"), "{kind}");
    let state = &field(root, "state").description;
    assert!(state.contains("- `1`: published"), "{state}");
    let data = object(a, &["data"]);
    assert_eq!(names(data), ["id", "field_type"]);
    assert!(field(data, "field_type")
        .description
        .contains("- `bool`: yes or no"));
    assert!(!said
        .iter()
        .any(|(c, f, _)| f == "value_lists.md" && *c == Code::NoFieldColumn));
}

#[test]
fn fields_go_where_the_examples_have_them() {
    let (ir, said) = load(&mut docs());
    let a = api(&ir, "placement");
    assert_eq!(
        names(object(a, &["instances", "processes"])),
        ["template_id", "process_info"]
    );
    let info = object(a, &["instances", "processes", "process_info"]);
    assert_eq!(names(info), ["start_cmd", "user", "port"]);
    assert_eq!(field(info, "start_cmd").origin, Origin::Table);
    assert_eq!(field(info, "start_cmd").description, "Start command");
    assert_eq!(field(info, "port").origin, Origin::Example);
    let moved: Vec<usize> = said
        .iter()
        .filter(|(c, f, _)| *c == Code::MovedField && f == "placement.md")
        .map(|(_, _, line)| *line)
        .collect();
    assert_eq!(moved.len(), 2, "start_cmd and user: {said:?}");
}

#[test]
fn doc_extensions_in_any_case_and_notes_for_other_files() {
    let mut config = Config::new();
    config.input(shapes().join("extensions"));
    let loaded = config.load_all().unwrap();
    let apis: Vec<&str> = loaded
        .ir
        .apis
        .iter()
        .map(|a| a.route.path.as_str())
        .collect();
    assert_eq!(
        apis,
        ["/api/demo/long/", "/api/demo/mixed/", "/api/demo/upper/"]
    );
    let notes: Vec<_> = loaded
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.severity == Severity::Note)
        .collect();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].code, Code::NotADoc);
    assert!(notes[0].file.ends_with("notes.txt"));
}

#[test]
fn overrides_set_a_field_type_and_unused_ones_warn() {
    let mut config = Config::new();
    config
        .input(shapes().join("path_rows.md"))
        .field_type("demo.path_rows.response.apis.category", "map<int>")
        .field_type("demo.path_rows.request.config.retries", "string")
        .field_type("demo.path_rows.request.nothing_here", "int");
    let (ir, said) = load(&mut config);
    let a = api(&ir, "path_rows");
    let category = field(object(a, &["data", "apis"]), "category");
    assert_eq!(category.ty, Ty::Map(Box::new(Ty::Integer)));
    assert_eq!(category.origin, Origin::Override);
    let retries = field(object(a, &["config"]), "retries");
    assert_eq!(
        (&retries.ty, retries.origin),
        (&Ty::String, Origin::Override)
    );
    assert_eq!(
        said.iter()
            .filter(|(c, _, _)| *c == Code::UnusedOverride)
            .count(),
        1
    );

    let mut bad = Config::new();
    bad.input(shapes().join("path_rows.md"))
        .field_type("demo.path_rows.config", "int");
    assert!(bad.load_all().is_err());
    let mut bad = Config::new();
    bad.input(shapes().join("path_rows.md"))
        .field_type("demo.path_rows.request.owner", "banana");
    assert!(bad.load_all().is_err());

    // The same from a file.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("overrides.toml");
    std::fs::write(
        &file,
        "[field_type]\n\"demo.path_rows.request.owner\" = \"int\"\n\"demo.x.request.y\" = \"int\"\n",
    )
    .unwrap();
    let mut config = Config::new();
    config
        .input(shapes().join("path_rows.md"))
        .overrides_file(&file);
    let loaded = config.load_all().unwrap();
    let owner = field(object(&loaded.ir.apis[0], &[]), "owner");
    assert_eq!((&owner.ty, owner.origin), (&Ty::Integer, Origin::Override));
    let unused: Vec<_> = loaded
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.code == Code::UnusedOverride)
        .collect();
    assert_eq!(unused.len(), 1);
    assert_eq!(
        (unused[0].file.as_path(), unused[0].line),
        (file.as_path(), 3)
    );
}

#[test]
fn fields_of_the_address_stay_required() {
    let mut config = Config::new();
    config.input(shapes().join("path_fields.md"));
    let (ir, said) = load(&mut config);
    let a = api(&ir, "path_fields");
    let root = object(a, &[]);
    assert_eq!(names(root), ["bk_biz_id", "limit", "kind"]);
    // The example leaves out `bk_biz_id` (it travels in the URL) but not `limit`.
    assert!(field(root, "bk_biz_id").required);
    assert!(field(root, "limit").required);
    let kind = field(root, "kind");
    assert_eq!((&kind.ty, kind.required), (&Ty::String, true));
    let codes: Vec<Code> = said.iter().map(|(c, _, _)| *c).collect();
    assert_eq!(codes, [Code::UndocumentedPathField], "{said:?}");
}

/// A self-contained doc with these request tables and request example, loaded.
fn doc(tables: &str, example: &str) -> (Ir, Vec<(Code, String, usize)>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.md");
    let text = format!(
        "### Request method\n\nPOST\n\n### Request address\n\n/api/demo/x/\n\n{tables}\n\n### Request example\n\n```json\n{example}\n```\n\n### Response example\n\n```json\n{{\"result\": true, \"code\": 0, \"data\": null}}\n```\n"
    );
    std::fs::write(&path, text).unwrap();
    let mut config = Config::new();
    config.input(&path);
    load(&mut config)
}

const HEAD: &str = "| Field | Type | Required | Description |\n|---|---|---|---|";

#[test]
fn ordinary_names_stay_names() {
    // Numbered names that do not count up are names, not data.
    let (ir, _) = doc(
        &format!("### Request parameters\n\n{HEAD}\n| stats | object | no | Load |"),
        r#"{"stats": {"load1": 1.5, "load5": 1.0, "load15": 0.5}, "sum": {"sha1": "a", "sha256": "b"}}"#,
    );
    let a = &ir.apis[0];
    assert_eq!(names(object(a, &["stats"])), ["load1", "load5", "load15"]);
    assert_eq!(names(object(a, &["sum"])), ["sha1", "sha256"]);
}

#[test]
fn a_label_that_names_no_field_is_a_section() {
    // `请求体（json）`, `Request body (json)`: no field `json`; the table is the request's.
    for heading in ["#### 请求体（json）", "#### Request body (json)"] {
        let (ir, said) = doc(
            &format!(
                "### Request parameters\n\n{heading}\n\n{HEAD}\n| name | string | yes | Name |"
            ),
            r#"{"name": "a"}"#,
        );
        assert_eq!(names(object(&ir.apis[0], &[])), ["name"], "{heading}");
        assert!(
            !said.iter().any(|(c, _, _)| *c == Code::OrphanTable),
            "{said:?}"
        );
    }
}

#[test]
fn a_field_table_with_an_option_column_is_no_value_list() {
    let (ir, said) = doc(
        "### Request parameters\n\n| Option | Type | Required | Description |\n|---|---|---|---|\n| name | string | yes | Name |",
        r#"{"name": "a"}"#,
    );
    assert_eq!(names(object(&ir.apis[0], &[])), ["name"]);
    assert!(!said.iter().any(|(c, _, _)| *c == Code::OrphanValues));
}

#[test]
fn an_object_with_a_field_of_its_own_name_stays_an_object() {
    let (ir, _) = doc(
        &format!("### Request parameters\n\n{HEAD}\n| proxy | object | no | Proxy |\n\n#### proxy\n\n{HEAD}\n| proxy | string | no | Its address |"),
        r#"{"proxy": {"proxy": "10.0.0.1:3128"}}"#,
    );
    let a = &ir.apis[0];
    let proxy = object(a, &["proxy"]);
    assert_eq!(names(proxy), ["proxy"]);
    assert_eq!(field(proxy, "proxy").ty, Ty::String);
}

#[test]
fn a_parent_row_after_its_path_rows_documents_the_parent() {
    let (ir, said) = doc(
        &format!("### Request parameters\n\n{HEAD}\n| page.start | int | no | First |\n| page.limit | int | no | How many |\n| page | object | yes | Paging |"),
        r#"{"page": {"start": 0, "limit": 10}}"#,
    );
    let root = object(&ir.apis[0], &[]);
    let page = field(root, "page");
    assert!(page.required);
    assert_eq!(page.description, "Paging");
    assert_eq!(names(object(&ir.apis[0], &["page"])), ["start", "limit"]);
    assert!(
        !said.iter().any(|(c, _, _)| *c == Code::DuplicateField),
        "{said:?}"
    );
}

#[test]
fn notes_and_tree_lines_around_a_name_are_not_the_name() {
    let (ir, said) = doc(
        &format!("### Request parameters\n\n{HEAD}\n| bk_host_id (required) | int | yes | Host |\n| name 名称 | string | no | Name |\n| └ start | int | no | First |\n| other fields | string | no | Anything else |"),
        r#"{"bk_host_id": 1, "name": "a", "start": 0}"#,
    );
    let root = object(&ir.apis[0], &[]);
    assert_eq!(names(root), ["bk_host_id", "name", "start"]);
    assert!(field(root, "bk_host_id").required);
    assert!(root.open, "`other fields` says there are more");
    // The prose row is reported, not dropped silently.
    assert_eq!(
        said.iter().filter(|(c, _, _)| *c == Code::DataKey).count(),
        1,
        "{said:?}"
    );
}

/// A self-contained doc made of `body` after the method and address, loaded.
fn page(body: &str) -> (Ir, Vec<(Code, String, usize)>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("list_users.md");
    let text = format!("### 请求方法\n\nGET\n\n### 请求地址\n\n/api/demo/list_users/\n\n{body}\n");
    std::fs::write(&path, text).unwrap();
    let mut config = Config::new();
    config.input(&path);
    load(&mut config)
}

#[test]
fn output_and_input_sections_in_other_words() {
    let outputs = [
        "输出参数",
        "Output Parameters",
        "返回值",
        "出参",
        "返回数据",
        "响应",
    ];
    for (input, output) in ["输入参数", "入参", "Input parameters"]
        .into_iter()
        .zip(outputs.into_iter().cycle())
        .chain(outputs.map(|o| ("请求参数", o)))
    {
        // The request's example after the response's section, named as the request's.
        let (ir, said) = page(&format!(
            "### {input}\n\n{HEAD}\n| page | int | no | Page |\n\n\
             ### {output}\n\n| Field | Type | Description |\n|---|---|---|\n\
             | count | int | Total |\n| results | array | Users |\n\n\
             ### Body参数示例\n\n```json\n{{\"page\": 1}}\n```\n"
        ));
        let a = &ir.apis[0];
        assert_eq!(names(object(a, &[])), ["page"], "{input} / {output}");
        assert_eq!(
            names(object(a, &["data"])),
            ["count", "results"],
            "{input} / {output}"
        );
        assert_eq!(a.examples.len(), 1);
        assert_eq!(a.examples[0].side, codegen::ir::Side::Request);
        assert!(said.is_empty(), "{input} / {output}: {said:?}");
    }
}

#[test]
fn a_request_field_its_example_leaves_out_stays_where_the_table_has_it() {
    // `id` is sent only when updating; the example creates, and its `functions[]` have an
    // `id` of their own.
    let (ir, said) = doc(
        &format!(
            "### Request parameters\n\n{HEAD}\n\
             | id | int | no | Strategy ID, when updating |\n\
             | name | string | yes | Name |\n\
             | functions | array | no | Functions |"
        ),
        r#"{"name": "cpu", "functions": [{"id": "rate", "params": []}]}"#,
    );
    let a = &ir.apis[0];
    let id = field(object(a, &[]), "id");
    assert_eq!((&id.ty, id.origin), (&Ty::Integer, Origin::Table));
    let inner = field(object(a, &["functions"]), "id");
    assert_eq!((&inner.ty, inner.origin), (&Ty::String, Origin::Example));
    assert!(
        !said.iter().any(|(c, _, _)| *c == Code::MovedField),
        "{said:?}"
    );
}

#[test]
fn a_tree_of_rules_is_documented_at_every_node() {
    // One table for a node that is either a condition or a group of nodes; the example
    // shows groups at the top and conditions below.
    let (ir, said) = doc(
        &format!(
            "### Request parameters\n\n{HEAD}\n| rule | object | yes | Rule |\n\n\
             #### rule\n\n{HEAD}\n\
             | rules | array | no | Rules, each a rule |\n\
             | relation | string | no | AND or OR |\n\
             | field | string | no | Field |\n\
             | value | any | no | Value |\n\
             | operation | string | no | EQ, IN |"
        ),
        r#"{"rule": {"relation": "AND", "rules": [
            {"field": "name", "value": "demo", "operation": "EQ"},
            {"relation": "OR", "rules": [{"field": "size", "value": [1, 2], "operation": "IN"}]}
        ]}}"#,
    );
    let a = &ir.apis[0];
    for path in [
        &["rule"][..],
        &["rule", "rules"],
        &["rule", "rules", "rules"],
    ] {
        let node = object(a, path);
        let value = field(node, "value");
        assert_eq!(
            (&value.ty, value.description.as_str()),
            (&Ty::Any, "Value"),
            "{path:?}"
        );
    }
    // The top node keeps the condition's fields: a rule may be a single condition.
    assert_eq!(
        names(object(a, &["rule"])),
        ["rules", "relation", "field", "value", "operation"]
    );
    assert!(
        !said.iter().any(|(c, _, _)| *c == Code::MovedField),
        "{said:?}"
    );
}

#[test]
fn data_no_table_names_is_what_the_example_shows() {
    let table = "### 输入参数\n\n| Field | Type | Required | Description |\n|---|---|---|---|\n\
                 | page | int | no | Page |";
    for (data, ty) in [
        ("2", Ty::Integer),
        ("\"done\"", Ty::String),
        ("true", Ty::Bool),
        ("[]", Ty::Array(Box::new(Ty::Any))),
        ("[1, 2]", Ty::Array(Box::new(Ty::Integer))),
    ] {
        let (ir, said) = page(&format!(
            "{table}\n\n### 返回结果示例\n\n```json\n\
             {{\"result\": true, \"code\": 0, \"message\": \"\", \"data\": {data}}}\n```\n"
        ));
        assert_eq!(ir.apis[0].response, ty, "{data}");
        assert!(said.is_empty(), "{data}: {said:?}");
    }
    // A `#### data` table describing a list's elements is no disagreement either.
    let (ir, said) = page(&format!(
        "{table}\n\n### 返回结果参数说明\n\n#### data\n\n| Field | Type | Description |\n\
         |---|---|---|\n| uid | int | User |\n\n### 返回结果示例\n\n```json\n\
         {{\"result\": true, \"data\": [{{\"uid\": 1}}]}}\n```\n"
    ));
    let a = &ir.apis[0];
    assert!(matches!(&a.response, Ty::Array(item) if item.object().is_some()));
    assert!(said.is_empty(), "{said:?}");
}

#[test]
fn objects_keyed_by_names_whose_values_the_table_documents_are_maps() {
    let (ir, said) = page(
        "### 返回结果参数说明\n\n| Field | Type | Description |\n|---|---|---|\n\
         | data | dict | Users, keyed by user name |\n\n#### data[bk_username]\n\n\
         | Field | Type | Description |\n|---|---|---|\n| chname | string | Name |\n\n\
         ### 返回结果示例\n\n```json\n{\"result\": true, \"data\": \
         {\"admin\": {\"chname\": \"A\"}, \"guest\": {\"chname\": \"G\"}}}\n```\n",
    );
    let a = &ir.apis[0];
    let Ty::Map(value) = &a.response else {
        panic!("data is a map: {:?}", a.response)
    };
    let obj = &a.types[value.object().expect("of objects").0];
    assert_eq!(names(obj), ["chname"]);
    assert_eq!(field(obj, "chname").description, "Name");
    assert!(said.is_empty(), "{said:?}");
}

#[test]
fn map_words_give_maps_whose_values_the_examples_type() {
    let (ir, said) = doc(
        &format!(
            "### Request parameters\n\n{HEAD}\n\
             | labels | map | yes | Labels, key is the label name |\n\
             | drop | map | no | Labels to delete (null values) |\n\
             | annotations | map[string]string | no | Annotations |\n\
             | limits | Map<String, Long> | no | Limits |"
        ),
        r#"{"labels": {"zone": "a", "team": "ops"}, "drop": {"zone": null},
            "annotations": {"a": "b"}, "limits": {"cpu": 2}}"#,
    );
    let root = object(&ir.apis[0], &[]);
    let map = |inner: Ty| Ty::Map(Box::new(inner));
    assert_eq!(field(root, "labels").ty, map(Ty::String));
    assert_eq!(field(root, "drop").ty, map(Ty::Any));
    assert_eq!(field(root, "annotations").ty, map(Ty::String));
    assert_eq!(field(root, "limits").ty, map(Ty::Integer));
    assert!(said.is_empty(), "{said:?}");
}

#[test]
fn a_section_word_a_table_lists_names_that_field_even_with_a_suffix() {
    for heading in ["params", "Params", "params 说明", "params Description"] {
        let (ir, said) = page(&format!(
            "### 请求参数\n\n{HEAD}\n| bk_biz_id | int | yes | Business |\n\n\
             ### 返回结果参数说明\n\n| Field | Type | Description |\n|---|---|---|\n\
             | id | int | ID |\n| params | dict | Its parameters |\n\n\
             #### {heading}\n\n| Field | Type | Description |\n|---|---|---|\n\
             | paths | list | Log paths |\n"
        ));
        let a = &ir.apis[0];
        assert_eq!(names(object(a, &[])), ["bk_biz_id"], "{heading}");
        let params = object(a, &["data", "params"]);
        assert_eq!(field(params, "paths").description, "Log paths", "{heading}");
        assert!(said.is_empty(), "{heading}: {said:?}");
    }
}

#[test]
fn a_doc_naming_another_route_than_its_resource_file_is_warned() {
    let dir = tempfile::tempdir().unwrap();
    let gw = dir.path().join("demo");
    std::fs::create_dir_all(gw.join("zh")).unwrap();
    std::fs::write(
        gw.join("bk_apigw_resources_bk-demo.yaml"),
        "swagger: '2.0'\nbasePath: /prod/\npaths:\n  api/v1/items/:\n    post:\n      operationId: list_items\n  /api/v1/things/:\n    get:\n      operationId: 4711\n",
    )
    .unwrap();
    let doc = |route: &str| {
        format!("### 请求方法\n\n{route}\n\n### 请求参数\n\n{HEAD}\n| page | int | no | Page |\n")
    };
    let items = doc("GET\n\n### 请求地址\n\n/api/v1/items/list/");
    std::fs::write(gw.join("zh/list_items.md"), items).unwrap();
    // The same route written without the stage: no disagreement.
    let things = doc("GET\n\n### 请求地址\n\n/api/v1/things/");
    std::fs::write(gw.join("zh/4711.md"), things).unwrap();
    let mut config = Config::new();
    config.input(dir.path());
    let (ir, said) = load(&mut config);
    let items = api(&ir, "list_items");
    assert_eq!(items.route.path, "/prod/api/v1/items/");
    assert_eq!(items.route.method, codegen::ir::Method::Post);
    assert_eq!(api(&ir, "4711").route.path, "/prod/api/v1/things/");
    let warned: Vec<_> = said
        .iter()
        .filter(|(c, _, _)| *c == Code::RouteDisagrees)
        .collect();
    assert_eq!(warned.len(), 1, "{said:?}");
    assert_eq!((warned[0].1.as_str(), warned[0].2), ("list_items.md", 3));
}

#[test]
fn an_envelope_table_without_code_is_the_envelope() {
    let (ir, said) = page(
        "### 返回结果参数说明\n\n| Field | Type | Description |\n|---|---|---|\n\
         | result | bool | Success |\n| data | list | Tasks |\n| count | int | Total |\n\
         | message | string | Error |\n\n#### data[item]\n\n| Field | Type | Description |\n\
         |---|---|---|\n| id | int | Task ID |\n\n### 返回结果示例\n\n```json\n\
         {\"result\": true, \"data\": [{\"id\": 1}], \"count\": 1, \"message\": \"\"}\n```\n",
    );
    let a = &ir.apis[0];
    let Ty::Array(item) = &a.response else {
        panic!("data is a list: {:?}", a.response)
    };
    let item = &a.types[item.object().expect("of tasks").0];
    assert_eq!(names(item), ["id"]);
    assert!(said.is_empty(), "{said:?}");
}

#[test]
fn examples_of_two_shapes_give_any_value_and_say_so() {
    // Paged by default, a plain list with `no_page`: no one type holds both.
    let (ir, said) = page(
        "### 返回结果参数说明\n\n| Field | Type | Description |\n|---|---|---|\n\
         | count | int | Total |\n| results | array | Users |\n\n### 返回结果示例\n\n```json\n\
         {\"result\": true, \"data\": {\"count\": 1, \"results\": [{\"id\": 1}]}}\n```\n\n\
         ```json\n{\"result\": true, \"data\": [{\"id\": 1}]}\n```\n",
    );
    assert_eq!(ir.apis[0].response, Ty::Any);
    let conflicts: Vec<_> = said
        .iter()
        .filter(|(c, _, _)| *c == Code::TypeConflict)
        .collect();
    assert_eq!(conflicts.len(), 1, "{said:?}");
}

#[test]
fn a_table_of_only_the_user_to_look_up_is_the_apis_own() {
    let (ir, said) = page(&format!(
        "### 请求参数\n\n#### 通用参数\n\n{HEAD}\n| bk_app_code | string | yes | App |\n\
         | bk_app_secret | string | yes | Secret |\n| bk_username | string | no | Caller |\n\n\
         #### 接口参数\n\n{HEAD}\n| bk_username | string | no | The user to look up |\n"
    ));
    let root = object(&ir.apis[0], &[]);
    assert_eq!(names(root), ["bk_username"]);
    assert_eq!(
        field(root, "bk_username").description,
        "The user to look up"
    );
    assert!(said.is_empty(), "{said:?}");
}

#[test]
fn html_tables_are_tables() {
    let (ir, said) = page(
        "### 请求参数\n\n<table>\n  <tr><th>字段</th><th>类型</th><th>必选</th><th>描述</th></tr>\n  \
         <tr><td>bk_host_id</td><td>int</td><td>是</td><td>主机<br>ID</td></tr>\n</table>\n\n\
         ### 返回结果示例\n\n```json\n{\"result\": true, \"data\": null}\n```\n",
    );
    let root = object(&ir.apis[0], &[]);
    let id = field(root, "bk_host_id");
    assert_eq!((&id.ty, id.required), (&Ty::Integer, true));
    assert_eq!(id.description, "主机 ID");
    assert_eq!(id.line, 13, "the row's line");
    assert!(said.is_empty(), "{said:?}");
}

#[test]
fn a_second_api_on_the_page_is_left_out_and_warned() {
    let (ir, said) = page(&format!(
        "### 请求参数\n\n{HEAD}\n| namespace | string | yes | Namespace |\n\n\
         ### 请求方法\n\nPOST\n\n### 请求地址\n\n/api/demo/operate_proc/\n\n\
         ### 请求参数\n\n{HEAD}\n| op_type | int | yes | Operation |\n"
    ));
    assert_eq!(ir.apis.len(), 1);
    let a = &ir.apis[0];
    assert_eq!(a.route.path, "/api/demo/list_users/");
    assert_eq!(names(object(a, &[])), ["namespace"]);
    let codes: Vec<Code> = said.iter().map(|(c, _, _)| *c).collect();
    assert_eq!(codes, [Code::SecondApi], "{said:?}");
    assert_eq!(said[0].2, 15);
}

#[test]
fn header_tables_are_no_fields_and_query_tables_of_a_post_are_warned() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("start.md");
    let text = format!(
        "### Request method\n\nPOST\n\n### Request address\n\n/api/demo/v4/{{projectId}}/build_start\n\n\
         ### 输入参数说明\n\n#### Path参数\n\n{HEAD}\n| projectId | string | yes | Project |\n\n\
         #### Query参数\n\n{HEAD}\n| pipelineId | string | yes | Pipeline |\n\n\
         #### Header参数\n\n{HEAD}\n| X-DEVOPS-UID | string | yes | User |\n"
    );
    std::fs::write(&path, text).unwrap();
    let mut config = Config::new();
    config.input(&path);
    let (ir, said) = load(&mut config);
    assert_eq!(names(object(&ir.apis[0], &[])), ["projectId", "pipelineId"]);
    let codes: Vec<(Code, usize)> = said.iter().map(|(c, _, l)| (*c, *l)).collect();
    assert_eq!(
        codes,
        // Each at its table's header row.
        [(Code::HeaderParams, 25), (Code::QueryInBody, 19)],
        "{said:?}"
    );
}

#[test]
fn a_title_under_the_description_heading_is_the_description() {
    let (ir, said) = page(&format!(
        "### 资源描述\n\n#### 启动构建\n\n### 请求参数\n\n{HEAD}\n| page | int | no | Page |\n"
    ));
    assert_eq!(ir.apis[0].description, "启动构建");
    assert_eq!(names(object(&ir.apis[0], &[])), ["page"]);
    assert!(said.is_empty(), "{said:?}");
}

#[test]
fn a_table_named_after_a_definition_a_description_points_to_documents_that_field() {
    let (ir, said) = page(
        "### 返回结果参数说明\n\n| Field | Type | Description |\n|---|---|---|\n\
         | finished | bool | Done |\n| step_instance_list | array | 作业步骤列表。见step_instance定义 |\n\n\
         #### step_instance\n\n| Field | Type | Description |\n|---|---|---|\n\
         | step_instance_id | long | Step |\n",
    );
    let step = object(&ir.apis[0], &["data", "step_instance_list"]);
    assert_eq!(names(step), ["step_instance_id"]);
    assert!(said.is_empty(), "{said:?}");
}

#[test]
fn models_named_by_a_table_of_http_codes_document_the_answer() {
    let model_head = "| 参数名称 | 参数类型 | 必须 | 参数说明 |\n| :--- | :--- | :--- | :--- |";
    let (ir, said) = page(&format!(
        "### 响应参数\n\n| HTTP代码 | 参数类型 | 说明 |\n| :--- | :--- | :--- |\n\
         | default | [Result«Page»](#Result«Page») | default response |\n\n\
         ### 响应示例\n\n```json\n{{\"data\": {{\"count\": 1, \"records\": [{{\"id\": \"p-1\", \
         \"children\": []}}]}}, \"message\": null, \"status\": 0}}\n```\n\n\
         ### 相关模型数据\n\n#### Result«Page»\n\n##### 数据返回包装模型\n\n{model_head}\n\
         | data | [Page](#Page) | | |\n| message | string | | 错误信息 |\n\
         | status | integer | 是 | 状态码 |\n\n#### Page\n\n{model_head}\n\
         | count | integer | 是 | 总数 |\n| records | List<[Pipeline](#Pipeline)> | 是 | 流水线 |\n\n\
         #### Pipeline\n\n{model_head}\n| id | string | 是 | 流水线ID |\n\
         | children | List<[Pipeline](#Pipeline)> | | 子流水线 |\n"
    ));
    let a = &ir.apis[0];
    let page = object(a, &["data"]);
    assert_eq!(names(page), ["count", "records"]);
    let pipeline = object(a, &["data", "records"]);
    assert_eq!(names(pipeline), ["id", "children"]);
    assert_eq!(field(pipeline, "id").description, "流水线ID");
    // A model naming itself is not expanded again: its list stays a list.
    assert!(matches!(field(pipeline, "children").ty, Ty::Array(_)));
    assert!(said.is_empty(), "{said:?}");
}

#[test]
fn a_disagreement_between_examples_is_not_blamed_on_the_table() {
    let (ir, said) = doc(
        &format!(
            "### Request parameters\n\n{HEAD}\n| conditions | list | no | Filters |\n\n\
             #### conditions\n\n{HEAD}\n| key | string | yes | Key |\n| value | list | yes | Values |"
        ),
        r#"{"conditions": [{"key": "name", "value": ["cpu"]}, {"key": "id", "value": [12, 13]}]}"#,
    );
    let value = field(object(&ir.apis[0], &["conditions"]), "value");
    assert_eq!(value.ty, Ty::Array(Box::new(Ty::Any)));
    let conflicts = said.iter().filter(|(c, _, _)| *c == Code::TypeConflict);
    assert_eq!(conflicts.count(), 1, "{said:?}");
    // The message names the example that typed the list, not the table.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.md");
    std::fs::write(
        &path,
        format!(
            "### Request method\n\nPOST\n\n### Request address\n\n/api/demo/x/\n\n\
             ### Request parameters\n\n{HEAD}\n| value | list | yes | Values |\n\n\
             ### Request example\n\n```json\n{{\"value\": [\"a\"]}}\n```\n\n\
             ```json\n{{\"value\": [1]}}\n```\n"
        ),
    )
    .unwrap();
    let loaded = Config::new().input(&path).load_all().unwrap();
    let message = loaded
        .diagnostics
        .items()
        .iter()
        .find(|d| d.code == Code::TypeConflict)
        .map(|d| d.message.clone())
        .unwrap_or_default();
    assert!(
        message.starts_with("an earlier example has a string"),
        "{message}"
    );
}

#[test]
fn side_words_in_a_label_keep_the_side() {
    let (ir, said) = page(&format!(
        "### 请求参数\n\n{HEAD}\n| response_config | object | no | Check |\n\n\
         #### 响应判定配置（response_config）\n\n{HEAD}\n| keyword | string | no | Keyword |\n\n\
         ### 返回结果参数说明\n\n| Field | Type | Description |\n|---|---|---|\n\
         | input | object | The job's input |\n\n#### 作业入参（input）\n\n\
         | Field | Type | Description |\n|---|---|---|\n| script | string | Script |\n"
    ));
    let a = &ir.apis[0];
    assert_eq!(names(object(a, &["response_config"])), ["keyword"]);
    assert_eq!(names(object(a, &["data", "input"])), ["script"]);
    assert_eq!(names(object(a, &[])), ["response_config"]);
    assert!(said.is_empty(), "{said:?}");
}

#[test]
fn a_callbacks_method_and_address_are_no_second_api() {
    let (ir, said) = page(&format!(
        "### 请求参数\n\n{HEAD}\n| title | string | yes | Title |\n\n\
         ### 回调说明\n\n#### 请求方法\n\nPOST\n\n#### 请求地址\n\ncallback_url 指定的地址\n\n\
         ### 返回结果示例\n\n```json\n{{\"result\": true, \"data\": {{\"sn\": \"x\"}}}}\n```\n"
    ));
    assert_eq!(names(object(&ir.apis[0], &["data"])), ["sn"]);
    assert!(
        !said.iter().any(|(c, _, _)| *c == Code::SecondApi),
        "{said:?}"
    );
}

#[test]
fn a_data_table_with_status_message_and_data_fields_is_no_envelope() {
    let (ir, said) = page(
        "### 返回结果参数说明\n\n| Field | Type | Description |\n|---|---|---|\n\
         | status | int | Task status |\n| message | string | Task message |\n\
         | data | object | Task output |\n\n### 返回结果示例\n\n```json\n\
         {\"result\": true, \"code\": 0, \"message\": \"\", \"data\": \
         {\"status\": 1, \"message\": \"ok\", \"data\": {}}}\n```\n",
    );
    let data = object(&ir.apis[0], &["data"]);
    assert_eq!(names(data), ["status", "message", "data"]);
    assert_eq!(field(data, "status").description, "Task status");
    assert!(said.is_empty(), "{said:?}");
}

#[test]
fn a_general_parameters_table_of_only_bk_username_is_credentials() {
    let (ir, _) = page(&format!(
        "### 请求参数\n\n#### 通用参数\n\n{HEAD}\n| bk_username | string | yes | Caller |\n\n\
         #### 接口参数\n\n{HEAD}\n| keyword | string | no | Keyword |\n"
    ));
    assert_eq!(names(object(&ir.apis[0], &[])), ["keyword"]);
}

#[test]
fn a_models_heading_without_models_named_keeps_its_tables() {
    let (ir, said) = page(
        "### 返回结果参数说明\n\n| Field | Type | Description |\n|---|---|---|\n\
         | count | int | Total |\n| models | array | Related models |\n\n### 相关模型数据\n\n\
         #### models\n\n| Field | Type | Description |\n|---|---|---|\n\
         | bk_obj_id | string | Model ID |\n",
    );
    let models = object(&ir.apis[0], &["data", "models"]);
    assert_eq!(names(models), ["bk_obj_id"]);
    assert!(said.is_empty(), "{said:?}");
}
