//! One call: find the API, check the credentials, inject a failure if one is set, check the
//! request, answer. Every call is recorded and logged, also one whose client went away
//! before the answer (a [`Call`] records itself when dropped).

use crate::credentials::{Credentials, CREDENTIALS};
use crate::server::{Failure, Recorded, State, Verdict, MAX_BODY_BYTES};
use crate::spec::{Api, Ty};
use crate::synth::{self, Source};
use crate::{validate, APP_VERIFY_FAILED};
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// A call being answered; recorded and logged when dropped, however the answer ended.
struct Call {
    state: Arc<State>,
    recorded: Recorded,
    /// What the record costs the recorder's byte budget: the request's bytes.
    size: usize,
}

impl Drop for Call {
    fn drop(&mut self) {
        let r = &self.recorded;
        tracing::info!(
            method = %r.method,
            path = %r.path,
            api = r.api.as_deref().unwrap_or("-"),
            verdict = ?r.verdict,
            "mock call"
        );
        let recorded = std::mem::replace(&mut self.recorded, placeholder());
        self.state.record(recorded, self.size);
    }
}

fn placeholder() -> Recorded {
    Recorded {
        api: None,
        method: String::new(),
        path: String::new(),
        request: Map::new(),
        verdict: Verdict::NotFound,
    }
}

pub(crate) async fn handle(
    state: Arc<State>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let query = uri.query().unwrap_or("");
    let mut call = Call {
        size: uri.path().len() + query.len(),
        recorded: Recorded {
            method: method.as_str().to_string(),
            path: uri.path().to_string(),
            ..placeholder()
        },
        state,
    };
    let request_id = format!(
        "mock-{:08}",
        call.state.next_id.fetch_add(1, Ordering::Relaxed)
    );
    let mut response = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(body) => {
            call.size += body.len();
            judge(&mut call, &method, query, &headers, &body, &request_id).await
        }
        Err(_) => {
            call.recorded.verdict = Verdict::TooLarge;
            let message = format!("the request body is larger than {MAX_BODY_BYTES} bytes");
            let body = envelope_false(413, &message, &request_id);
            reply(StatusCode::PAYLOAD_TOO_LARGE, &body)
        }
    };
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-bkapi-request-id", v);
    }
    response
}

async fn judge(
    call: &mut Call,
    method: &Method,
    query: &str,
    headers: &HeaderMap,
    body: &Bytes,
    request_id: &str,
) -> Response {
    let state = call.state.clone();
    let path = call.recorded.path.clone();
    // HEAD is GET without the body (hyper drops it); OPTIONS lists the methods.
    let lookup = match *method {
        Method::HEAD => Method::GET,
        _ => method.clone(),
    };
    let Some(matched) = state.routes.find(lookup.as_str(), &path) else {
        let (verdict, response) = no_route(&state, method, &path);
        call.recorded.verdict = verdict;
        return response;
    };
    let api = &state.spec.apis[matched.api];
    call.recorded.api = Some(api.key());

    // Credentials come first: a caller without them learns nothing about the body. They
    // may come in a GET's body too, whose fields are in the query.
    let in_query = lookup == Method::GET;
    let query = query_fields(query);
    let parsed = match body.is_empty() {
        true => Ok(Map::new()),
        false => match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => Ok(map),
            _ => Err(()),
        },
    };
    let credentials = Credentials::read(headers, &query, parsed.as_ref().ok());
    let (app, failure, answer) = state.for_api(&api.key());
    let refusal = match credentials {
        Ok(c) => c.refusal(app.as_ref()),
        Err(why) => Some(why),
    };
    if let Some(why) = refusal {
        call.recorded.verdict = Verdict::Unauthenticated(why.clone());
        return gateway_error(&why, request_id);
    }

    let mut fields = match (in_query, parsed) {
        (true, _) => query,
        (false, Ok(map)) => map,
        (false, Err(())) => {
            let invalid = validate::Invalid {
                code: validate::WRONG_TYPE,
                field: String::new(),
                message: "the request body is not a JSON object".into(),
            };
            let body = envelope_false(invalid.code, &invalid.message, request_id);
            call.recorded.verdict = Verdict::Invalid(invalid);
            return reply(StatusCode::OK, &body);
        }
    };
    for key in CREDENTIALS {
        fields.shift_remove(*key);
    }
    for (field, value) in &matched.params {
        fields
            .entry(field.clone())
            .or_insert_with(|| path_value(api, field, value));
    }
    call.recorded.request = fields.clone();

    match &failure {
        Some(Failure::Status(code)) => {
            call.recorded.verdict = Verdict::Injected(Failure::Status(*code));
            // `MockServer::fail` only takes statuses that exist.
            let status = StatusCode::from_u16(*code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let body =
                json!({"result": false, "code": code, "message": "injected failure", "data": null});
            return reply(status, &body);
        }
        Some(Failure::ResultFalse { code, message }) => {
            call.recorded.verdict = Verdict::Injected(failure.clone().expect("matched"));
            return reply(StatusCode::OK, &envelope_false(*code, message, request_id));
        }
        Some(Failure::Delay(d)) => {
            // Stays the verdict if the client leaves before the delay ends.
            call.recorded.verdict = Verdict::Injected(Failure::Delay(*d));
            // A server told to stop answers at once: stopping waits for calls in flight.
            tokio::select! {
                _ = tokio::time::sleep(*d) => {}
                _ = state.stopped() => {}
            }
        }
        Some(Failure::TruncatedBody) | None => {}
    }

    if let Err(invalid) = validate::check(api, &fields, in_query) {
        let body = envelope_false(invalid.code, &invalid.message, request_id);
        call.recorded.verdict = Verdict::Invalid(invalid);
        return reply(StatusCode::OK, &body);
    }

    let (data, source) = match answer {
        Some(data) => (data, Source::Override),
        None => synth::answer(api),
    };
    let body = json!({
        "result": true,
        "code": 0,
        "message": "success",
        "permission": null,
        "request_id": request_id,
        "data": data,
    });
    if failure == Some(Failure::TruncatedBody) {
        call.recorded.verdict = Verdict::Injected(Failure::TruncatedBody);
        let text = body.to_string();
        // Half the bytes, cut where a character starts (the body may hold Chinese text).
        let mut cut = text.len() / 2;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        return raw(StatusCode::OK, text[..cut].to_string());
    }
    call.recorded.verdict = Verdict::Answered(source.word());
    reply(StatusCode::OK, &body)
}

/// No API at this method and path: 404, or 405 (or, for OPTIONS, 204) with `Allow` when
/// the path has APIs under other methods.
fn no_route(state: &State, method: &Method, path: &str) -> (Verdict, Response) {
    let mut methods = state.routes.methods_at(path);
    if methods.is_empty() {
        let message = format!("no API at {method} {path}");
        let body = json!({"result": false, "code": 404, "message": message, "data": null});
        return (Verdict::NotFound, reply(StatusCode::NOT_FOUND, &body));
    }
    if methods.contains(&"GET") {
        methods.push("HEAD");
    }
    methods.push("OPTIONS");
    methods.sort_unstable();
    methods.dedup();
    let allow = methods.join(", ");
    let (verdict, mut response) = match *method {
        Method::OPTIONS => (Verdict::Options, StatusCode::NO_CONTENT.into_response()),
        _ => {
            let message = format!("{path} takes {allow}, not {method}");
            let body = json!({"result": false, "code": 405, "message": message, "data": null});
            let response = reply(StatusCode::METHOD_NOT_ALLOWED, &body);
            (Verdict::MethodNotAllowed, response)
        }
    };
    if let Ok(v) = HeaderValue::from_str(&allow) {
        response.headers_mut().insert(header::ALLOW, v);
    }
    (verdict, response)
}

/// A path segment's value as the request field it fills: a number where the field is one
/// and the text reads as one, else the text.
fn path_value(api: &Api, field: &str, text: &str) -> Value {
    let ty = api
        .types
        .get(api.request)
        .and_then(|o| o.fields.iter().find(|f| f.wire_name == field))
        .map(|f| &f.ty);
    let number = match ty {
        Some(Ty::Integer) => text.parse::<i64>().ok().map(Value::from),
        Some(Ty::Number) => text.parse::<f64>().ok().map(Value::from),
        _ => None,
    };
    number.unwrap_or_else(|| Value::String(text.to_string()))
}

/// A query string's fields; a key given twice becomes a list.
fn query_fields(query: &str) -> Map<String, Value> {
    let mut map = Map::new();
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        let v = Value::String(v.into_owned());
        match map.get_mut(k.as_ref()) {
            Some(Value::Array(items)) => items.push(v),
            Some(first) => *first = Value::Array(vec![first.take(), v]),
            None => {
                map.insert(k.into_owned(), v);
            }
        }
    }
    map
}

fn gateway_error(message: &str, request_id: &str) -> Response {
    let body = json!({"result": false, "code": APP_VERIFY_FAILED, "code_name": "APP_VERIFY_FAILED", "message": message, "request_id": request_id, "data": null});
    let mut response = reply(StatusCode::UNAUTHORIZED, &body);
    let headers = response.headers_mut();
    headers.insert("x-bkapi-error-code", HeaderValue::from(APP_VERIFY_FAILED));
    if let Ok(v) = HeaderValue::from_str(message) {
        headers.insert("x-bkapi-error-message", v);
    }
    response
}

fn envelope_false(code: i64, message: &str, request_id: &str) -> Value {
    json!({"result": false, "code": code, "message": message, "request_id": request_id, "data": null})
}

fn reply(status: StatusCode, body: &Value) -> Response {
    raw(status, body.to_string())
}

fn raw(status: StatusCode, body: String) -> Response {
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}
