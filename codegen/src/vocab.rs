//! The words of the docs, English and Chinese, normalised in one place.
//!
//! Every table here is data: extending the vocabulary means adding a word to a list, never
//! touching the inference code.

/// What a heading introduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingRole {
    /// `### request method`
    Method,
    /// `### request address`
    Address,
    /// `### General parameters`: credentials, not request fields.
    CommonArgs,
    /// `### Function Description`
    Description,
    /// `### Request parameters`, `#### Interface parameters`
    RequestParams,
    /// `#### Header参数`, `#### Request headers`: HTTP headers, not request fields.
    HeaderParams,
    /// `### 相关模型数据`, `### Models`: one table per model, each under its name.
    Models,
    /// `#### Query参数`, `#### Query parameters`: request fields sent in the query string.
    QueryParams,
    /// `### Request parameter example`
    RequestExample,
    /// `### Return result example`
    ResponseExample,
    /// An example whose heading does not say which side it is on; the enclosing section decides.
    Example,
    /// `### Return result parameter description`, `#### response`
    ResponseParams,
    /// Anything else: usually a nested table's field name (`#### data`, `#### data.info`).
    Other,
}

/// Classifies a heading's text.
pub fn heading_role(text: &str) -> HeadingRole {
    if nested_heading(text).is_some() {
        return HeadingRole::Other;
    }
    section_role(text)
}

/// The role of a heading that names no field.
fn section_role(text: &str) -> HeadingRole {
    let t = text.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    let response = has(&[
        "response", "return", "result", "output", "返回", "响应", "回调", "结果", "输出", "出参",
    ]);
    // `Body参数示例`: a request body, unless a response word says otherwise.
    let request = has(&["request", "input", "body", "请求", "输入", "入参", "调用"]);
    if has(&["example", "示例", "实例", "sample", "样例"]) {
        return if response {
            HeadingRole::ResponseExample
        } else if request {
            HeadingRole::RequestExample
        } else {
            HeadingRole::Example
        };
    }
    if has(&["request method", "请求方法", "请求方式", "http method"]) {
        return HeadingRole::Method;
    }
    if has(&["request address", "请求地址", "request url", "请求url"]) {
        return HeadingRole::Address;
    }
    if has(&["general param", "common param", "通用参数", "公共参数"]) {
        return HeadingRole::CommonArgs;
    }
    if has(MODEL_WORDS) || t == "models" || t == "definitions" {
        return HeadingRole::Models;
    }
    if !response && has(HEADER_WORDS) || t == "headers" || t == "header" {
        return HeadingRole::HeaderParams;
    }
    if !response && has(QUERY_WORDS) {
        return HeadingRole::QueryParams;
    }
    if response
        && !has(&["request"])
        && (has(&[
            "param",
            "参数",
            "description",
            "explanation",
            "说明",
            "字段",
        ]) || t == "response"
            || t == "返回结果")
    {
        return HeadingRole::ResponseParams;
    }
    if t == "response" || t == "返回结果" {
        return HeadingRole::ResponseParams;
    }
    // Output sections named without a word for parameters (`输出`, `返回值`, `返回数据`,
    // `响应`, `Output`, `Return value`); `results` and the like stay field names.
    if !request
        && has(&[
            "output",
            "return value",
            "response data",
            "response body",
            "输出",
            "出参",
            "返回值",
            "返回数据",
            "响应",
        ])
    {
        return HeadingRole::ResponseParams;
    }
    if request && has(&["入参", "request body", "请求体"]) {
        return HeadingRole::RequestParams;
    }
    if has(&["param", "参数"]) {
        return HeadingRole::RequestParams;
    }
    if has(&["description", "功能描述", "描述", "功能说明", "functional"])
        && !t.contains('.')
        && !t.contains('_')
    {
        return HeadingRole::Description;
    }
    HeadingRole::Other
}

/// Words of a heading over model tables (BK-CI's `### 相关模型数据`).
const MODEL_WORDS: &[&str] = &[
    "相关模型",
    "模型数据",
    "模型定义",
    "数据模型",
    "model definition",
    "related model",
];

/// Words of a heading over a table of HTTP headers.
const HEADER_WORDS: &[&str] = &[
    "header参数",
    "header 参数",
    "header param",
    "request header",
    "请求头",
    "头部参数",
];

/// Words of a heading over a table of query-string fields.
const QUERY_WORDS: &[&str] = &[
    "query参数",
    "query 参数",
    "query param",
    "query string",
    "查询字符串",
];

/// Words that are section names when they stand alone, never field names.
const SECTION_WORDS: &[&str] = &[
    "description",
    "parameters",
    "parameter",
    "params",
    "response",
    "request",
    "example",
    "examples",
    "result",
    "results",
    "return",
    "note",
    "notes",
    "usage",
    "explanation",
    "fields",
    "function",
    "functional",
    "interface",
    "general",
    "common",
    "url",
    "query",
    "detailed",
    "callback",
    "count",
    "quantity",
    "api",
    "input",
    "output",
];

/// Suffixes authors add to a nested table's field name.
const NESTED_SUFFIXES: &[&str] = &[
    "field explanation",
    "field explanations",
    "field description",
    "field descriptions",
    "fields description",
    "description",
    "explanation",
    "字段说明",
    "字段描述",
    "说明",
    "描述",
    "参数说明",
    "field",
    "fields",
    "details",
    "detail",
    "values",
    "详情",
    "取值",
    "取值说明",
    "可选值",
];

/// First-column headers of a table of values rather than fields (`Value | Description`).
const VALUE_HEADERS: &[&str] = &[
    "value",
    "values",
    "enum",
    "enum value",
    "enum values",
    "option",
    "options",
    "值",
    "取值",
    "枚举",
    "枚举值",
    "可选值",
    "选项",
];

/// Whether a table lists the values a field takes (`Value | Description`, or a first column of
/// numbers or type words with no Type column) rather than fields of an object.
pub fn is_value_list<'a>(
    header: &[String],
    first_cells: impl IntoIterator<Item = &'a str>,
) -> bool {
    let columns: Vec<Column> = header.iter().map(|c| column(c)).collect();
    let first = header
        .first()
        .map(|c| {
            c.trim_matches(|c: char| c == '*' || c.is_whitespace())
                .to_lowercase()
        })
        .unwrap_or_default();
    // A Field or Required column, or a Type column after the first, says the rows are fields
    // (`Option | Type | Required | Description`); a first column of type words with no other
    // Type column lists types (`Type | Description`).
    if columns.contains(&Column::Field)
        || columns.contains(&Column::Required)
        || columns.iter().skip(1).any(|c| *c == Column::Type)
    {
        return false;
    }
    if VALUE_HEADERS.contains(&first.as_str()) {
        return true;
    }
    let cells: Vec<&str> = first_cells.into_iter().map(str::trim).collect();
    let number = |c: &str| {
        let c = c.strip_prefix('-').unwrap_or(c);
        !c.is_empty() && c.chars().all(|d| d.is_ascii_digit())
    };
    !cells.is_empty()
        && (cells.iter().all(|c| number(c))
            || cells
                .iter()
                .all(|c| !c.is_empty() && type_word(c).is_some()))
}

/// The field path a nested table's heading names (`data`, `data.info`, `info[x]`,
/// `data 字段说明`, `page Field Description`), without suffixes; `None` for other headings.
pub fn nested_heading(text: &str) -> Option<String> {
    let text = text.trim().trim_matches('*').trim().replace('`', "");
    let text = text.trim();
    // The name ends at a space or a bracket: `data.info（target is host）`.
    let (head, rest) = match text.find(|c: char| c.is_whitespace() || c == '(' || c == '（') {
        Some(i) => (&text[..i], text[i..].trim()),
        None => (text, ""),
    };
    // A path among filler words (`Explanation of data.biz Parameters`) or a map's values
    // (`x VALUE`): a dotted path is a field path, whatever words stand around it.
    let in_prose = path_in_prose(text).filter(|p| p.contains('.'));
    if !is_field_path(head) || SECTION_WORDS.contains(&head.to_lowercase().as_str()) {
        return in_prose;
    }
    let rest = rest.to_lowercase();
    // `data.info -- Group target is host`, `data (host)`: the prose after the name says which case.
    let qualified = ["--", "-", "(", "（", ":", "："]
        .iter()
        .any(|p| rest.starts_with(p));
    if !rest.is_empty() && !qualified && !NESTED_SUFFIXES.contains(&rest.as_str()) {
        return in_prose;
    }
    // `Cycle (cycle_config)`: a capitalised label, then maybe a field (see `weak_heading`).
    if head.starts_with(|c: char| c.is_uppercase()) && labelled_field(text).is_some() {
        return None;
    }
    Some(head.to_string())
}

/// A field a heading may name, taken only when a table above documents a field of that name
/// (else the heading is a section's): the field in brackets after a label
/// (`周期配置（cycle_config）`, `Owner details (owner)`; but `请求体（json）` names none), or a
/// word among filler words (`Explanation of the processes Field`; but `body parameters`).
pub fn weak_heading(text: &str) -> Option<String> {
    let text = text.trim().trim_matches('*').trim().replace('`', "");
    let text = text.trim();
    labelled_field(text).or_else(|| path_in_prose(text).filter(|p| !p.contains('.')))
}

/// Words around a field path in a heading that say nothing more
/// (`Explanation of data.biz Parameters`).
const FILLER_WORDS: &[&str] = &[
    "explanation",
    "of",
    "the",
    "parameters",
    "parameter",
    "object",
    "objects",
    "field",
    "fields",
    "description",
    "descriptions",
    "details",
    "definition",
    "说明",
    "参数",
    "参数说明",
    "字段",
    "字段说明",
    "对象",
];

/// The path a heading names among filler words (`Explanation of data.biz Parameters`), or
/// the values of a map (`pipeline_tree.activities VALUE` → `pipeline_tree.activities.*`,
/// `... VALUE.component` → `pipeline_tree.activities.*.component`).
fn path_in_prose(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if let [map, value] = words.as_slice() {
        if let Some(rest) = value.strip_prefix("VALUE") {
            let rest_ok = rest.is_empty() || (rest.starts_with('.') && is_field_path(&rest[1..]));
            if is_field_path(map) && rest_ok {
                return Some(format!("{map}.*{rest}"));
            }
        }
    }
    let words: Vec<&str> = words
        .iter()
        .map(|w| w.trim_end_matches([':', '：', ',', '，']))
        .filter(|w| !w.is_empty())
        .collect();
    let filler = |w: &str| FILLER_WORDS.contains(&w.to_lowercase().as_str());
    let mut paths = words.iter().filter(|w| !filler(w));
    let path = *paths.next()?;
    // A plain word is a field only beside filler words, and only if it is no section word.
    let plain_ok = path.starts_with(|c: char| c.is_ascii_lowercase())
        && !SECTION_WORDS.contains(&path)
        && words.len() > 1;
    let ok = is_field_path(path) && !path.starts_with('.') && (path.contains('.') || plain_ok);
    (paths.next().is_none() && ok).then(|| path.to_string())
}

/// The field paths of a heading that names several (`data.form VALUE, data.constants VALUE`:
/// one table for both), or the one [`nested_heading`] finds.
pub fn nested_headings(text: &str) -> Vec<String> {
    let parts: Vec<&str> = text.split([',', '，', '、']).collect();
    if parts.len() > 1 {
        let names: Vec<String> = parts.iter().filter_map(|p| nested_heading(p)).collect();
        if names.len() == parts.len() {
            return names;
        }
    }
    nested_heading(text).into_iter().collect()
}

/// A field path as headings write it: `data`, `data.info`, `info[]`, `$ref`.
fn is_field_path(text: &str) -> bool {
    let ident =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '$' | '-');
    !text.is_empty() && text.chars().all(ident) && text.chars().any(|c| c.is_ascii_alphabetic())
}

/// The field of a `<label>(<field>)` or `<label>（<field>）` heading: `周期配置（cycle_config）`,
/// `Host details (host_info)`. The field is lowercase, as wire names are.
fn labelled_field(text: &str) -> Option<String> {
    let inner = text
        .strip_suffix(')')
        .and_then(|t| t.rsplit_once('('))
        .or_else(|| text.strip_suffix('）').and_then(|t| t.rsplit_once('（')))
        .filter(|(label, _)| {
            // `Owner description (owner)` is a label; `Response example (json)` a section.
            // A side word in a label (`响应判定配置（response_config）`) keeps its side: a
            // bracketed name that no table lists falls back to the section's main table.
            !label.trim().is_empty()
                && matches!(
                    section_role(label),
                    HeadingRole::Other
                        | HeadingRole::Description
                        | HeadingRole::RequestParams
                        | HeadingRole::ResponseParams
                )
        })
        .map(|(_, inner)| inner.trim())?;
    let lower = inner.starts_with(|c: char| c.is_ascii_lowercase() || c == '_');
    // A section word in brackets (`作业入参（input）`) may name a field too: a weak heading
    // names only a field some table lists.
    (lower && is_field_path(inner)).then(|| inner.to_string())
}

/// A heading that is a single section word (`### fields`): a nested table's field name when a
/// table documents a field of that name, else a section of its own.
pub fn section_word(text: &str) -> Option<String> {
    let t = text.trim().trim_matches('*').trim().replace('`', "");
    let lower = t.trim().to_lowercase();
    SECTION_WORDS.contains(&lower.as_str()).then_some(lower)
}

/// A section word with a nested table's suffix (`params 说明`, `fields description`), or
/// alone: the word, which names a field when a table above lists one.
pub fn suffixed_section_word(text: &str) -> Option<String> {
    let t = text.trim().trim_matches('*').trim().replace('`', "");
    let lower = t.trim().to_lowercase();
    let bare = NESTED_SUFFIXES
        .iter()
        .find_map(|s| lower.strip_suffix(s).map(str::trim_end))
        .filter(|b| !b.is_empty())
        .unwrap_or(&lower);
    SECTION_WORDS.contains(&bare).then(|| bare.to_string())
}

/// What a table column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// The field's wire name.
    Field,
    /// Its type word.
    Type,
    /// Whether it is required.
    Required,
    /// Its description.
    Description,
    /// Anything else (a default value, a second description ...).
    Other,
}

/// Classifies a table header cell.
pub fn column(header: &str) -> Column {
    let h = header
        .trim_matches(|c: char| c == '*' || c.is_whitespace())
        .to_lowercase();
    match h.as_str() {
        "field" | "fields" | "name" | "parameter" | "parameter name" | "param" | "字段"
        | "参数名称" | "参数" | "名称" | "参数名" | "字段名" | "key" => Column::Field,
        "type" | "类型" | "参数类型" | "字段类型" | "parameter type" | "field type" => {
            Column::Type
        }
        "required"
        | "必选"
        | "必须"
        | "是否必选"
        | "是否必填"
        | "必填"
        | "是否必须"
        | "whether the field must exist"
        | "字段是否一定存在" => Column::Required,
        "description" | "描述" | "说明" | "参数说明" | "explanation" | "含义" | "字段说明"
        | "备注" => Column::Description,
        _ => Column::Other,
    }
}

/// A normalised Required cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    /// Yes.
    Yes,
    /// No.
    No,
    /// Prose or an unknown word: the field is treated as optional and the text kept as docs.
    Unclear,
}

/// Normalises a Required cell. `is` and `is the` are mistranslations of 是 (yes).
pub fn required(cell: &str) -> Required {
    let c = cell.trim().trim_matches('*').trim().to_lowercase();
    match c.as_str() {
        "yes" | "y" | "是" | "true" | "required" | "必选" | "必填" | "必须" | "is" | "is the"
        | "√" => Required::Yes,
        "no" | "n" | "否" | "false" | "optional" | "可选" | "非必选" | "×" => Required::No,
        _ => Required::Unclear,
    }
}

/// A normalised type word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeWord {
    /// Any JSON value: the doc says so (`-`, `json`, several types) or gives no usable word.
    Any,
    /// `bool`
    Bool,
    /// `int`, `long`, `int64` ...
    Integer,
    /// `float`, `double`, `number`
    Number,
    /// `string`, `str`, `字符串`, `time` ...
    String,
    /// `dict`, `object`, `map` ...
    Object,
    /// `string map`: an object whose values are all of one type.
    Map(Box<TypeWord>),
    /// `array`, `list[int]`, `int array` ...
    Array(Box<TypeWord>),
}

/// Longer cells are prose, not type words. The bound also keeps the recursion below shallow
/// and cheap: a cell of `array[` written 100,000 times must not overflow the stack.
const MAX_TYPE_WORD: usize = 100;

/// Normalises a type word; `None` when it is not one we know (the caller warns).
pub fn type_word(cell: &str) -> Option<TypeWord> {
    if cell.len() > MAX_TYPE_WORD {
        return None;
    }
    let t = cell
        .trim()
        .trim_matches('*')
        .trim()
        .to_lowercase()
        .replace(['（', '('], "[")
        .replace(['）', ')'], "]");
    let t = t.trim();
    if t.is_empty() || t == "-" || t == "--" {
        return Some(TypeWord::Any);
    }
    if let Some(word) = scalar_word(t) {
        return Some(word);
    }
    // Containers: `array[int]`, `list[int]`, `[]int`, `int array`, `array int`, `array of strings`, `string[]`.
    for prefix in [
        "array of ",
        "list of ",
        "array[",
        "list[",
        "[]",
        "array ",
        "list ",
        "数组[",
        "array<",
        "list<",
    ] {
        if let Some(rest) = t.strip_prefix(prefix) {
            let inner = rest.trim_end_matches([']', '>']).trim();
            let inner = inner
                .strip_suffix('s')
                .filter(|s| scalar_word(s).is_some())
                .unwrap_or(inner);
            return Some(TypeWord::Array(Box::new(type_word(inner)?)));
        }
    }
    for suffix in [" array", "[]", " list", "数组", " []"] {
        if let Some(rest) = t.strip_suffix(suffix) {
            return Some(TypeWord::Array(Box::new(type_word(rest)?)));
        }
    }
    if let Some(rest) = t.strip_suffix(" map") {
        return Some(TypeWord::Map(Box::new(type_word(rest)?)));
    }
    // Maps as Go, Java or Python write them: `map[string]string`, `Map<String, Long>`,
    // `dict[str, int]`; the value's type counts, keys are JSON strings anyway.
    if let Some(rest) = t.strip_prefix("map[") {
        let (_, value) = rest.split_once(']')?;
        return Some(TypeWord::Map(Box::new(type_word(value)?)));
    }
    for prefix in ["map<", "hashmap<", "dict[", "dict<"] {
        if let Some(rest) = t.strip_prefix(prefix) {
            let (_, value) = rest.split_once(',')?;
            let value = value.trim().strip_suffix(['>', ']'])?;
            return Some(TypeWord::Map(Box::new(type_word(value)?)));
        }
    }
    // Alternatives (`string/list`, `string or null`, `string、int、bool`): no single Rust type fits.
    if ["/", " or ", "或", "、", "|"]
        .iter()
        .any(|sep| t.contains(sep))
    {
        let parts: Vec<&str> = t
            .split(['/', '、', '|'])
            .flat_map(|p| p.split(" or "))
            .flat_map(|p| p.split('或'))
            .map(str::trim)
            .collect();
        let known: Vec<TypeWord> = parts
            .iter()
            .filter(|p| !matches!(**p, "null" | "none"))
            .filter_map(|p| type_word(p))
            .collect();
        return Some(match known.as_slice() {
            [one] => one.clone(),
            _ => TypeWord::Any,
        });
    }
    None
}

fn scalar_word(t: &str) -> Option<TypeWord> {
    Some(match t {
        "int" | "integer" | "long" | "int64" | "int32" | "uint64" | "uint32" | "uint" | "整数"
        | "整型" | "数字" | "timestamp" | "i64" | "number(int)" => TypeWord::Integer,
        "float" | "double" | "number" | "float64" | "float32" | "浮点数" | "decimal" => {
            TypeWord::Number
        }
        "string" | "str" | "字符串" | "text" | "time" | "datetime" | "date" | "enum"
        | "enum string" | "stirng" | "sting" | "strng" | "json object string" | "json string"
        | "char" => TypeWord::String,
        "bool" | "boolean" | "布尔" | "布尔值" => TypeWord::Bool,
        "dict" | "object" | "json object" | "obj" | "struct" | "对象" | "字典" => {
            TypeWord::Object
        }
        // Keys chosen by the caller or the data (`labels`), not field names.
        "map" | "hash" | "hashmap" | "键值对" => TypeWord::Map(Box::new(TypeWord::Any)),
        "array" | "list" | "数组" | "列表" | "slice" => {
            TypeWord::Array(Box::new(TypeWord::Any))
        }
        "json" | "any" | "interface" | "interface{}" | "mixed" => TypeWord::Any,
        _ => return None,
    })
}

/// Credentials every call carries; they are the client's business, never request fields.
pub const CREDENTIALS: &[&str] = &[
    "bk_app_code",
    "bk_app_secret",
    "bk_token",
    "bk_username",
    "access_token",
    "bk_ticket",
];

/// The standard response envelope's fields; `data` is the API's own type.
pub const ENVELOPE: &[&str] = &[
    "result",
    "code",
    "message",
    "data",
    "permission",
    "request_id",
    "trace_id",
    "_meta",
];

/// Phrases that say an object accepts fields no table lists (model-defined attributes).
pub fn says_open(text: &str) -> bool {
    let t = text.to_lowercase();
    [
        "attribute defined by",
        "attributes defined by",
        "defined by the model",
        "defined by the user",
        "defined by the module",
        "model-defined",
        "custom attribute",
        "custom field",
        "property fields defined",
        "depend on the host's property",
        "由模型定义",
        "模型定义的属性",
        "模型中定义",
        "自定义属性",
        "自定义字段",
        "用户自定义",
        "属性字段",
    ]
    .iter()
    .any(|p| t.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_words() {
        for yes in ["yes", "Yes", "YES", "Y", "是", "is", "is the"] {
            assert_eq!(required(yes), Required::Yes, "{yes}");
        }
        for no in ["No", "no", "N", "否"] {
            assert_eq!(required(no), Required::No, "{no}");
        }
        assert_eq!(
            required("At least one of bk_set_id and bk_module_id must be filled"),
            Required::Unclear
        );
    }

    #[test]
    fn type_words() {
        use TypeWord::*;
        let arr = |t| Array(Box::new(t));
        assert_eq!(type_word("int"), Some(Integer));
        assert_eq!(type_word("long"), Some(Integer));
        assert_eq!(type_word("String"), Some(String));
        assert_eq!(type_word("stirng"), Some(String));
        assert_eq!(type_word("dict"), Some(Object));
        let map = |inner: TypeWord| Some(Map(Box::new(inner)));
        assert_eq!(type_word("map"), map(Any));
        assert_eq!(type_word("map[string]string"), map(String));
        assert_eq!(type_word("map[string]interface{}"), map(Any));
        assert_eq!(type_word("Map<String, Long>"), map(Integer));
        assert_eq!(
            type_word("dict[str, list[int]]"),
            map(Array(Box::new(Integer)))
        );
        assert_eq!(type_word("array[object]"), Some(arr(Object)));
        assert_eq!(type_word("list[int]"), Some(arr(Integer)));
        assert_eq!(type_word("List（int）"), Some(arr(Integer)));
        assert_eq!(type_word("[]int"), Some(arr(Integer)));
        assert_eq!(type_word("int array"), Some(arr(Integer)));
        assert_eq!(type_word("array of strings"), Some(arr(String)));
        assert_eq!(type_word("string[]"), Some(arr(String)));
        assert_eq!(type_word("string map"), Some(Map(Box::new(String))));
        assert_eq!(type_word("string or null"), Some(String));
        assert_eq!(type_word("string/list"), Some(Any));
        assert_eq!(type_word("-"), Some(Any));
        assert_eq!(type_word("随便写的"), None);
    }

    #[test]
    fn headings() {
        use HeadingRole::*;
        assert_eq!(heading_role("request method"), Method);
        assert_eq!(heading_role("请求方式"), Method);
        assert_eq!(heading_role("request address"), Address);
        assert_eq!(heading_role("General parameters"), CommonArgs);
        assert_eq!(heading_role("Function Description"), Description);
        assert_eq!(heading_role("功能描述"), Description);
        assert_eq!(heading_role("Request parameters"), RequestParams);
        assert_eq!(heading_role("Interface parameters"), RequestParams);
        assert_eq!(heading_role("接口参数"), RequestParams);
        assert_eq!(heading_role("Request parameter example"), RequestExample);
        assert_eq!(heading_role("调用示例"), RequestExample);
        assert_eq!(heading_role("Return result example"), ResponseExample);
        assert_eq!(heading_role("响应示例"), ResponseExample);
        assert_eq!(
            heading_role("Return result parameter description"),
            ResponseParams
        );
        assert_eq!(heading_role("Response Parameters"), ResponseParams);
        assert_eq!(heading_role("返回结果参数说明"), ResponseParams);
        for output in [
            "输出参数",
            "输出参数说明",
            "Output Parameters",
            "返回值",
            "出参",
            "返回数据",
            "响应",
            "Return value",
        ] {
            assert_eq!(heading_role(output), ResponseParams, "{output}");
        }
        for input in ["输入参数", "入参", "Input parameters", "请求体"] {
            assert_eq!(heading_role(input), RequestParams, "{input}");
        }
        assert_eq!(heading_role("Body参数示例"), RequestExample);
        for header in [
            "Header参数",
            "Request headers",
            "请求头",
            "Header Parameters",
        ] {
            assert_eq!(heading_role(header), HeaderParams, "{header}");
        }
        for query in ["Query参数", "Query parameters", "Query String"] {
            assert_eq!(heading_role(query), QueryParams, "{query}");
        }
        assert_eq!(heading_role("入参示例"), RequestExample);
        assert_eq!(heading_role("Response body example"), ResponseExample);
        assert_eq!(heading_role("response"), ResponseParams);
        assert_eq!(heading_role("data"), Other);
        assert_eq!(heading_role("data 字段说明"), Other);
        assert_eq!(heading_role("info Field Explanation"), Other);
        assert_eq!(heading_role("page Field Description"), Other);
        assert_eq!(heading_role("Description"), Description);
        assert_eq!(heading_role("Function Description"), Description);
        assert_eq!(heading_role("Functional description"), Description);
        assert_eq!(nested_heading("data.info"), Some("data.info".into()));
        assert_eq!(nested_heading("info[x]"), Some("info[x]".into()));
        assert_eq!(nested_heading("data 字段说明"), Some("data".into()));
        assert_eq!(nested_heading("Request Parameters"), None);
    }
}
