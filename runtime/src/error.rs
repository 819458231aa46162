//! Everything that can go wrong in a call.
//!
//! Text that came from the server (bodies, messages, permission details) is
//! stored with the client's secret and token replaced by `***`, because a
//! server may echo the request back.

use crate::code::Code;

/// Error returned by [`Client::call`](crate::Client::call) and
/// [`ClientBuilder::build`](crate::ClientBuilder::build).
///
/// `api` is `"system.name"`, e.g. `"cc.update_module"`. Neither `Display` nor `Debug` ever
/// shows the app secret, `bk_token` or `access_token`: text from the server is redacted
/// before it is stored, and transport errors carry no URL.
#[non_exhaustive]
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The client configuration is unusable (bad base URL, credentials that
    /// cannot go into a header, HTTP client construction failure).
    #[error("invalid client configuration: {message}")]
    Config {
        /// What is wrong.
        message: String,
    },

    /// The request could not be built: it did not serialise to a JSON
    /// object, or a path placeholder could not be filled.
    #[error("{api}: invalid request: {message}")]
    Request {
        /// The API called.
        api: String,
        /// What is wrong.
        message: String,
    },

    /// A `{name}` placeholder in the endpoint path has no matching
    /// (non-null) request field.
    #[error("{api}: path parameter `{name}` is missing from the request")]
    MissingPathParameter {
        /// The API called.
        api: String,
        /// The placeholder's name.
        name: String,
    },

    /// The request did not complete: connection failure, timeout, broken
    /// body. The URL is stripped from `source` as it may carry credentials.
    /// The message includes the whole source chain ("connection refused"),
    /// since reqwest's own top-level message alone says little.
    #[error("{api}: request failed: {}", error_chain(.source))]
    Transport {
        /// The API called.
        api: String,
        /// The underlying error (without URL).
        #[source]
        source: reqwest::Error,
    },

    /// The server answered with a non-2xx status.
    #[error("{api}: HTTP {status}{}: {body}", fmt_request_id(.request_id))]
    Http {
        /// The API called.
        api: String,
        /// HTTP status code.
        status: u16,
        /// Start of the response body (about 512 characters), redacted.
        body: String,
        /// Request id from the body or the `X-Bkapi-Request-Id` header.
        request_id: Option<String>,
    },

    /// The API gateway itself rejected or failed the call, as its `X-Bkapi-Error-Code` /
    /// `X-Bkapi-Error-Message` response headers say (app or user authentication failed, no
    /// permission for the API, rate limited, backend unreachable...). The backend never saw
    /// the request, or its answer was replaced by the gateway's.
    #[error("{api}: API gateway error {code} (HTTP {status}): {message}{}", fmt_request_id(.request_id))]
    Gateway {
        /// The API called.
        api: String,
        /// HTTP status code.
        status: u16,
        /// `X-Bkapi-Error-Code`, a 7-digit number such as `1640101`.
        code: String,
        /// `X-Bkapi-Error-Message` (or, when that is empty, the body's `message`), redacted.
        message: String,
        /// Request id from the `X-Bkapi-Request-Id` header or the body.
        request_id: Option<String>,
    },

    /// A 2xx response could not be decoded: not JSON, not an envelope, or
    /// `data` does not match the response type.
    #[error("{api}: cannot decode response{}: {message}{}", fmt_path(.path), fmt_request_id(.request_id))]
    Decode {
        /// The API called.
        api: String,
        /// JSON path of the failing value, e.g. `data.info[0].bk_host_id`;
        /// empty when the body as a whole is unusable.
        path: String,
        /// The decoder's message, redacted.
        message: String,
        /// Start of the response body (about 512 characters), redacted.
        body: String,
        /// Request id from the body or the `X-Bkapi-Request-Id` header.
        request_id: Option<String>,
    },

    /// The response body is larger than the limit
    /// ([`ClientBuilder::max_body_bytes`](crate::ClientBuilder::max_body_bytes),
    /// [`CallOptions::max_body_bytes`](crate::CallOptions::max_body_bytes)): refused from its
    /// `Content-Length`, or cut off while it streamed in. Nothing of it is kept.
    #[error("{api}: the response body is larger than the limit of {limit} bytes")]
    BodyTooLarge {
        /// The API called.
        api: String,
        /// The limit, in bytes.
        limit: u64,
    },

    /// The server reported failure (`result: false` or a non-success `code`).
    #[error("{api}: API error {code}: {message}{}", fmt_request_id(.request_id))]
    Api {
        /// The API called.
        api: String,
        /// The envelope's code; `Code::Str("")` if the server sent none.
        code: Code,
        /// The envelope's message, redacted.
        message: String,
        /// Request id from the body or the `X-Bkapi-Request-Id` header.
        request_id: Option<String>,
        /// The envelope's `permission` details when not null, redacted.
        /// Boxed to keep `Error` small (clippy's `result_large_err`, which
        /// would otherwise fire on every generated function).
        permission: Option<Box<serde_json::Value>>,
    },
}

fn fmt_path(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!(" at `{path}`")
    }
}

fn fmt_request_id(request_id: &Option<String>) -> String {
    match request_id {
        Some(id) => format!(" (request_id {id})"),
        None => String::new(),
    }
}

impl Error {
    /// The `"system.name"` of the API involved, if any.
    pub fn api(&self) -> Option<&str> {
        match self {
            Error::Config { .. } => None,
            Error::Request { api, .. }
            | Error::MissingPathParameter { api, .. }
            | Error::Transport { api, .. }
            | Error::Http { api, .. }
            | Error::Gateway { api, .. }
            | Error::Decode { api, .. }
            | Error::BodyTooLarge { api, .. }
            | Error::Api { api, .. } => Some(api),
        }
    }

    /// The server's request id, if the error came from a response carrying one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Http { request_id, .. }
            | Error::Gateway { request_id, .. }
            | Error::Decode { request_id, .. }
            | Error::Api { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport { source, .. } if source.is_timeout())
    }

    /// The HTTP status of the response the error came from, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Http { status, .. } | Error::Gateway { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether a retry may succeed: a transport failure or a 5xx answer. Whether it is *safe*
    /// to retry depends on the API (see [`RetryPolicy`](crate::RetryPolicy)).
    pub fn is_transient(&self) -> bool {
        matches!(self, Error::Transport { .. }) || self.status().is_some_and(|s| s >= 500)
    }

    /// A short, stable name of the variant, recorded in tracing events.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Error::Config { .. } => "config",
            Error::Request { .. } | Error::MissingPathParameter { .. } => "request",
            Error::Transport { .. } => "transport",
            Error::Http { .. } => "http",
            Error::Gateway { .. } => "gateway",
            Error::Decode { .. } => "decode",
            Error::BodyTooLarge { .. } => "body_too_large",
            Error::Api { .. } => "api",
        }
    }
}

/// An error and its sources, joined with `: `.
pub(crate) fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(e) = source {
        text.push_str(": ");
        text.push_str(&e.to_string());
        source = e.source();
    }
    text
}

#[cfg(test)]
mod tests {
    /// Generated functions return `Result<_, Error>`; clippy's
    /// `result_large_err` fires above 128 bytes.
    #[test]
    fn error_stays_small() {
        assert!(std::mem::size_of::<super::Error>() <= 128);
    }
}
