//! Classifying a response: HTTP failure, undecodable body, API failure, or
//! typed `data`. Pure (no I/O) so every branch is unit-tested.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::auth::Credentials;
use crate::code::Code;
use crate::envelope::is_success;
use crate::error::Error;

/// How much of a body is kept in errors: enough to recognise an HTML error
/// page or a gateway message without flooding logs.
const EXCERPT_CHARS: usize = 512;

/// Everything the classifier needs from a received response.
pub(crate) struct Received<'a> {
    pub(crate) api: &'a str,
    pub(crate) status: u16,
    /// Value of the `X-Bkapi-Request-Id` header, if any.
    pub(crate) header_request_id: Option<String>,
    /// `X-Bkapi-Error-Code` and `X-Bkapi-Error-Message`, when the code is non-empty: the
    /// gateway's own verdict on the call.
    pub(crate) gateway_error: Option<(String, String)>,
    pub(crate) body: &'a [u8],
    /// The call's span, which gets the request id.
    pub(crate) span: &'a tracing::Span,
}

/// The envelope of a successful answer, read in one pass straight into the response type:
/// the fast path. Anything else (not JSON, a failure, `data` that does not fit) is read again
/// by [`interpret_slowly`], which finds the precise error.
#[derive(serde::Deserialize)]
struct Success<Resp> {
    result: Option<Value>,
    code: Option<Value>,
    status: Option<Value>,
    request_id: Option<Value>,
    data: Option<Resp>,
}

/// The envelope's code: `code`, or, for envelopes with neither `result` nor `code` (BK-CI's
/// `{"status": 0, "message": "", "data": ...}`), an integer `status`.
fn envelope_code(
    result: Option<&Value>,
    code: Option<&Value>,
    status: Option<&Value>,
) -> Option<Code> {
    match (result, code) {
        (_, Some(code)) => Code::from_json(code),
        (None, None) => status
            .filter(|s| s.is_i64() || s.is_u64())
            .and_then(Code::from_json),
        (Some(_), None) => None,
    }
}

/// Turns a response into the typed `data`, or the matching [`Error`].
pub(crate) fn interpret<Resp: DeserializeOwned>(
    received: Received<'_>,
    credentials: &Credentials,
) -> Result<Resp, Error> {
    // Only an object can be an envelope: serde would read a JSON array into the struct too.
    let object = received
        .body
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| *b == b'{');
    let plain = object && received.gateway_error.is_none() && (200..300).contains(&received.status);
    if plain {
        if let Ok(Success {
            result,
            code,
            status,
            request_id,
            data: Some(data),
        }) = serde_json::from_slice::<Success<Resp>>(received.body)
        {
            let code = envelope_code(result.as_ref(), code.as_ref(), status.as_ref());
            let result = result.as_ref().and_then(as_bool);
            if is_success(result, code.as_ref()) {
                let request_id = match request_id {
                    Some(Value::String(id)) if !id.is_empty() => Some(id),
                    _ => received.header_request_id,
                };
                if let Some(id) = request_id {
                    received
                        .span
                        .record("request_id", credentials.redact(&id).as_str());
                }
                return Ok(data);
            }
        }
    }
    interpret_slowly(received, credentials)
}

/// [`interpret`] without the fast path: the whole body as JSON first, then each case.
fn interpret_slowly<Resp: DeserializeOwned>(
    received: Received<'_>,
    credentials: &Credentials,
) -> Result<Resp, Error> {
    let Received {
        api,
        status,
        header_request_id,
        gateway_error,
        body,
        span,
    } = received;
    let record_request_id = |request_id: &Option<String>| {
        if let Some(id) = request_id {
            span.record("request_id", id.as_str());
        }
    };
    let excerpt = || excerpt(body, credentials);
    let parsed = serde_json::from_slice::<Value>(body);

    if let Some((code, message)) = gateway_error {
        // The gateway also writes a JSON body (`{"code": 16xxxxx, "message": ...}`);
        // prefer the headers, which it documents, and fall back to the body's message.
        let envelope = parsed.ok();
        let envelope = envelope.as_ref().and_then(Value::as_object);
        let message = if message.is_empty() {
            match envelope.and_then(|e| e.get("message")) {
                Some(Value::String(m)) => m.clone(),
                _ => excerpt(),
            }
        } else {
            message
        };
        let request_id = header_request_id.or_else(|| envelope.and_then(body_request_id));
        let request_id = redact_opt(request_id, credentials);
        record_request_id(&request_id);
        return Err(Error::Gateway {
            api: api.to_owned(),
            status,
            code: credentials.redact(&code),
            message: printable(&credentials.redact(&message)),
            request_id,
        });
    }

    if !(200..300).contains(&status) {
        // Error pages may still be envelopes; prefer their request id.
        let request_id = parsed
            .ok()
            .as_ref()
            .and_then(Value::as_object)
            .and_then(body_request_id)
            .or(header_request_id);
        let request_id = redact_opt(request_id, credentials);
        record_request_id(&request_id);
        return Err(Error::Http {
            api: api.to_owned(),
            status,
            body: excerpt(),
            request_id,
        });
    }

    let decode_error = |path: String, message: String, request_id: Option<String>| {
        let request_id = redact_opt(request_id, credentials);
        record_request_id(&request_id);
        Error::Decode {
            api: api.to_owned(),
            // A key on the path is server text too.
            path: credentials.redact(&path),
            message: printable(&credentials.redact(&message)),
            body: excerpt(),
            request_id,
        }
    };

    let mut envelope = match parsed {
        Ok(Value::Object(map)) => map,
        Ok(_) => {
            let msg = "response body is not a JSON object".to_owned();
            return Err(decode_error(String::new(), msg, header_request_id));
        }
        Err(e) => {
            let msg = format!("response body is not JSON: {e}");
            return Err(decode_error(String::new(), msg, header_request_id));
        }
    };

    let request_id = redact_opt(
        body_request_id(&envelope).or(header_request_id),
        credentials,
    );
    record_request_id(&request_id);
    let code = envelope_code(
        envelope.get("result"),
        envelope.get("code"),
        envelope.get("status"),
    );
    let result = envelope.get("result").and_then(as_bool);

    if !is_success(result, code.as_ref()) {
        let message = match envelope.get("message") {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        };
        let permission = match envelope.remove("permission") {
            None | Some(Value::Null) => None,
            Some(p) => Some(Box::new(credentials.redact_value(p))),
        };
        return Err(Error::Api {
            api: api.to_owned(),
            code: match code {
                Some(Code::Str(text)) => Code::Str(credentials.redact(&text)),
                Some(number) => number,
                None => Code::Str(String::new()),
            },
            message: printable(&credentials.redact(&message)),
            request_id,
            permission,
        });
    }

    match envelope.remove("data") {
        Some(Value::Null) | None => {
            // Servers often send `null` where the docs promise an empty
            // object; accept both for types that cannot be null.
            decode_data(Value::Null).or_else(|_| decode_data(Value::Object(Map::new())))
        }
        Some(data) => decode_data(data),
    }
    .map_err(|(path, message)| decode_error(path, message, request_id))
}

/// Deserialises `data`, reporting the JSON path of a failure (`data.x[0].y`).
fn decode_data<Resp: DeserializeOwned>(data: Value) -> Result<Resp, (String, String)> {
    serde_path_to_error::deserialize(data).map_err(|e| {
        let inner = e.path().to_string();
        let path = if inner == "." {
            "data".to_owned()
        } else if inner.starts_with('[') {
            format!("data{inner}")
        } else {
            format!("data.{inner}")
        };
        (path, e.into_inner().to_string())
    })
}

/// `request_id` from the body when it is a non-empty string.
fn body_request_id(envelope: &Map<String, Value>) -> Option<String> {
    match envelope.get("request_id") {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// `result` as a boolean; a few services send `"false"` as a string.
fn as_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// Redacted start of a body. Redaction runs before truncation so a secret
/// straddling the cut cannot leak partially.
fn excerpt(body: &[u8], credentials: &Credentials) -> String {
    let text = printable(&credentials.redact(&String::from_utf8_lossy(body)));
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}

/// Server text made safe for one log line: control characters (line breaks, terminal escapes,
/// including those a JSON `\u001b` decoded into) are written as escapes.
fn printable(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_owned();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn redact_opt(text: Option<String>, credentials: &Credentials) -> Option<String> {
    text.map(|t| credentials.redact(&t))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Host {
        bk_host_id: u64,
    }

    #[derive(Debug, Deserialize, PartialEq, Default)]
    struct Page {
        #[serde(default)]
        count: u64,
        #[serde(default)]
        info: Vec<Host>,
    }

    fn creds() -> Credentials {
        Credentials {
            token: Some(Secret::new("TOKEN")),
            ..Credentials::default()
        }
    }

    fn run<R: DeserializeOwned>(status: u16, header: Option<&str>, body: &str) -> Result<R, Error> {
        interpret(
            Received {
                api: "cc.x",
                status,
                header_request_id: header.map(str::to_owned),
                gateway_error: None,
                body: body.as_bytes(),
                span: &tracing::Span::none(),
            },
            &creds(),
        )
    }

    #[test]
    fn success_returns_data() {
        let r: Page = run(
            200,
            None,
            r#"{"result":true,"code":0,"data":{"count":1,"info":[{"bk_host_id":7}]}}"#,
        )
        .unwrap();
        assert_eq!(r.info, vec![Host { bk_host_id: 7 }]);
        // No `result`, string success code.
        let r: u8 = run(200, None, r#"{"code":"OK","data":3}"#).unwrap();
        assert_eq!(r, 3);
    }

    #[test]
    fn a_status_stands_for_the_code_only_in_envelopes_without_one() {
        // BK-CI: `status` is the code.
        let r: u8 = run(200, None, r#"{"status":0,"message":"","data":3}"#).unwrap();
        assert_eq!(r, 3);
        let err = run::<u8>(
            200,
            None,
            r#"{"status":2100013,"message":"no pipeline","data":null}"#,
        )
        .unwrap_err();
        match err {
            Error::Api { code, message, .. } => {
                assert_eq!(
                    (code, message.as_str()),
                    (Code::Int(2100013), "no pipeline")
                )
            }
            other => panic!("{other:?}"),
        }
        // Beside `result` or `code`, or as text, `status` is something else.
        let r: u8 = run(200, None, r#"{"result":true,"status":5,"data":4}"#).unwrap();
        assert_eq!(r, 4);
        let r: u8 = run(200, None, r#"{"code":0,"status":5,"data":5}"#).unwrap();
        assert_eq!(r, 5);
        let r: u8 = run(200, None, r#"{"status":"running","data":6}"#).unwrap();
        assert_eq!(r, 6);
    }

    #[test]
    fn server_text_stays_on_one_line() {
        let err = run::<u8>(500, None, "line one\nFAKE LOG LINE \u{1b}[31m").unwrap_err();
        let Error::Http { body, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(body, "line one\\nFAKE LOG LINE \\u{1b}[31m");
        let err = run::<u8>(
            200,
            None,
            r#"{"result": false, "code": 1, "message": "a\u000ab"}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("a\\nb"), "{err}");
    }

    #[test]
    fn an_array_is_no_envelope_even_if_its_items_would_fit() {
        let err = run::<u8>(200, None, r#"[true, 0, "m", 3]"#).unwrap_err();
        assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    }

    #[test]
    fn null_or_absent_data_becomes_empty_object() {
        let r: Page = run(200, None, r#"{"result":true,"data":null}"#).unwrap();
        assert_eq!(r, Page::default());
        let r: Page = run(200, None, r#"{"result":true}"#).unwrap();
        assert_eq!(r, Page::default());
        let r: Option<Host> = run(200, None, r#"{"result":true,"data":null}"#).unwrap();
        assert_eq!(r, None);
        let err = run::<Host>(200, None, r#"{"result":true,"data":null}"#).unwrap_err();
        assert!(
            matches!(&err, Error::Decode { path, .. } if path == "data"),
            "{err:?}"
        );
    }

    #[test]
    fn api_failure() {
        let err = run::<Value>(
            200,
            Some("hdr"),
            r#"{"result":false,"code":1199014,"message":"bad TOKEN","permission":{"u":"TOKEN"},"request_id":"rid"}"#,
        )
        .unwrap_err();
        match err {
            Error::Api {
                api,
                code,
                message,
                request_id,
                permission,
            } => {
                assert_eq!(api, "cc.x");
                assert_eq!(code, Code::Int(1199014));
                assert_eq!(message, "bad ***");
                assert_eq!(request_id.as_deref(), Some("rid"));
                assert_eq!(permission.as_deref(), Some(&json!({"u": "***"})));
            }
            other => panic!("{other:?}"),
        }
        // Non-success code with result absent; request id from the header.
        let err = run::<Value>(
            200,
            Some("hdr"),
            r#"{"code":"NOT_FOUND","permission":null}"#,
        )
        .unwrap_err();
        assert!(
            matches!(&err, Error::Api { code: Code::Str(c), request_id: Some(r), permission: None, .. }
            if c == "NOT_FOUND" && r == "hdr"),
            "{err:?}"
        );
        let err = run::<Value>(200, None, r#"{"result":false}"#).unwrap_err();
        assert!(
            matches!(&err, Error::Api { code: Code::Str(c), .. } if c.is_empty()),
            "{err:?}"
        );
    }

    #[test]
    fn http_failure() {
        let long = format!("<html>{}TOKEN</html>", "x".repeat(600));
        let err = run::<Value>(502, Some("hdr"), &long).unwrap_err();
        match &err {
            Error::Http {
                status,
                body,
                request_id,
                ..
            } => {
                assert_eq!(*status, 502);
                assert_eq!(body.chars().count(), EXCERPT_CHARS + 1);
                assert!(body.starts_with("<html>xx"));
                assert_eq!(request_id.as_deref(), Some("hdr"));
            }
            other => panic!("{other:?}"),
        }
        let err =
            run::<Value>(500, Some("hdr"), r#"{"request_id":"body-rid","x":"TOKEN"}"#).unwrap_err();
        assert!(
            matches!(&err, Error::Http { request_id: Some(r), body, .. }
            if r == "body-rid" && !body.contains("TOKEN")),
            "{err:?}"
        );
    }

    #[test]
    fn gateway_headers_win() {
        static NONE: tracing::Span = tracing::Span::none();
        let received = |message: &str, body: &'static str| Received {
            api: "cc.x",
            status: 401,
            header_request_id: Some("gw-rid".into()),
            gateway_error: Some(("1640101".into(), message.into())),
            body: body.as_bytes(),
            span: &NONE,
        };
        let err = interpret::<Value>(
            received("App authentication failed TOKEN", r#"{"result":false}"#),
            &creds(),
        )
        .unwrap_err();
        assert!(
            matches!(&err, Error::Gateway { status: 401, code, message, request_id: Some(r), .. }
            if code == "1640101" && message == "App authentication failed ***" && r == "gw-rid"),
            "{err:?}"
        );
        let err = interpret::<Value>(
            received("", r#"{"code":1640101,"message":"from body"}"#),
            &creds(),
        )
        .unwrap_err();
        assert!(
            matches!(&err, Error::Gateway { message, .. } if message == "from body"),
            "{err:?}"
        );
        let err = interpret::<Value>(received("", "<html>x</html>"), &creds()).unwrap_err();
        assert!(
            matches!(&err, Error::Gateway { message, .. } if message == "<html>x</html>"),
            "{err:?}"
        );
    }

    #[test]
    fn decode_failures() {
        let err = run::<Value>(200, Some("hdr"), "<html>ok</html>").unwrap_err();
        assert!(
            matches!(&err, Error::Decode { path, body, request_id: Some(_), .. }
            if path.is_empty() && body == "<html>ok</html>"),
            "{err:?}"
        );
        let err = run::<Value>(200, None, "[1]").unwrap_err();
        assert!(matches!(&err, Error::Decode { .. }));
        let err = run::<Value>(200, None, "").unwrap_err();
        assert!(matches!(&err, Error::Decode { .. }));

        let err = run::<Page>(
            200,
            None,
            r#"{"result":true,"data":{"info":[{"bk_host_id":"TOKEN"}]}}"#,
        )
        .unwrap_err();
        match &err {
            Error::Decode {
                path,
                message,
                request_id,
                ..
            } => {
                assert_eq!(path, "data.info[0].bk_host_id");
                assert!(message.contains("invalid type"), "{message}");
                assert!(!message.contains("TOKEN"), "{message}");
                assert_eq!(request_id, &None);
            }
            other => panic!("{other:?}"),
        }
        let err = run::<Vec<Host>>(200, None, r#"{"data":[{"bk_host_id":-1}]}"#).unwrap_err();
        assert!(
            matches!(&err, Error::Decode { path, .. } if path == "data[0].bk_host_id"),
            "{err:?}"
        );
    }

    #[test]
    fn excerpt_respects_char_boundaries() {
        let text = "é".repeat(600);
        let e = excerpt(text.as_bytes(), &Credentials::default());
        assert_eq!(e.chars().count(), EXCERPT_CHARS + 1);
        assert_eq!(
            excerpt(b"\xff\xfe", &Credentials::default()),
            "\u{fffd}\u{fffd}"
        );
    }
}
