//! The HTTP client generated SDKs call.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT_LANGUAGE, CONTENT_TYPE};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use tracing::Instrument;

use crate::auth::Credentials;
use crate::endpoint::{AuthStyle, Endpoint, Method};
use crate::error::Error;
use crate::options::CallOptions;
use crate::request::{self, Prepared, Target};
use crate::response::{self, Received};
use crate::retry::RetryPolicy;
use crate::secret::Secret;
use crate::{ERROR_CODE_HEADER, ERROR_MESSAGE_HEADER, REQUEST_ID_HEADER};

/// Sent so server operators can tell SDK traffic apart.
const USER_AGENT: &str = concat!("bkapi-runtime/", env!("CARGO_PKG_VERSION"));

/// Used when [`ClientBuilder::max_body_bytes`] is not called: far above any real BlueKing
/// answer (a page of 500 hosts is about 1 MiB), far below what would hurt a process.
pub const DEFAULT_MAX_BODY_BYTES: u64 = 32 * 1024 * 1024;

/// Used when [`ClientBuilder::timeout`] is not called: an ops tool hanging
/// forever on a stuck gateway is worse than a clear timeout error.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

static AUTHORIZATION: HeaderName = HeaderName::from_static("x-bkapi-authorization");
static BLUEKING_LANGUAGE: HeaderName = HeaderName::from_static("blueking-language");
static USE_TEST_ENV: HeaderName = HeaderName::from_static("x-use-test-env");

/// A configured connection to one BlueKing deployment (ESB or API gateway).
///
/// Cheap to clone; clones share the connection pool. [`Client::with`] gives a view with
/// per-call overrides.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// Overrides from [`Client::with`].
    options: Option<Arc<CallOptions>>,
}

struct Inner {
    http: reqwest::Client,
    /// Base URL without trailing `/`.
    base: String,
    credentials: Credentials,
    /// `X-Bkapi-Authorization`, built once; marked sensitive.
    auth_header: HeaderValue,
    /// Language, test-environment and extra headers.
    headers: HeaderMap,
    /// Overrides each endpoint's [`AuthStyle`].
    gateway_kind: Option<AuthStyle>,
    esb_api_version: Option<String>,
    timeout: Duration,
    max_body_bytes: u64,
    retry: Option<RetryPolicy>,
    custom_http: bool,
}

/// Configures a [`Client`]; obtained from [`Client::builder`] or [`ClientBuilder::from_env`].
///
/// `C` is what [`ClientBuilder::build`] returns: the runtime's [`Client`] by default, or a
/// generated SDK's client, which wraps it (its `Client::builder` hands out a
/// `ClientBuilder<itself>`, so `build()` gives the SDK client in one step).
pub struct ClientBuilder<C = Client> {
    pub(crate) endpoint: String,
    credentials: Credentials,
    gateway_kind: Option<AuthStyle>,
    esb_api_version: Option<String>,
    language: Option<String>,
    test_env: bool,
    timeout: Option<Duration>,
    max_body_bytes: Option<u64>,
    headers: Vec<(String, String)>,
    http: Option<Arc<HttpBuilder>>,
    retry: Option<RetryPolicy>,
    builds: PhantomData<fn() -> C>,
}

// By hand: a derive would ask `C: Clone`, which a builder never needs.
impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        ClientBuilder {
            endpoint: self.endpoint.clone(),
            credentials: self.credentials.clone(),
            gateway_kind: self.gateway_kind,
            esb_api_version: self.esb_api_version.clone(),
            language: self.language.clone(),
            test_env: self.test_env,
            timeout: self.timeout,
            max_body_bytes: self.max_body_bytes,
            headers: self.headers.clone(),
            http: self.http.clone(),
            retry: self.retry.clone(),
            builds: PhantomData,
        }
    }
}

/// Makes the `reqwest::ClientBuilder` a [`ClientBuilder`] builds its HTTP client from.
type HttpBuilder = dyn Fn() -> reqwest::ClientBuilder + Send + Sync;

impl Client {
    /// Starts configuring a client for `endpoint`, the base URL that
    /// endpoint paths are appended to (e.g. `https://paas.example.com` for the ESB, or
    /// `https://bkapi.example.com/api/bk-cmdb/prod` for a gateway API).
    pub fn builder(endpoint: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            endpoint: endpoint.into(),
            credentials: Credentials::default(),
            gateway_kind: None,
            esb_api_version: None,
            language: None,
            test_env: false,
            timeout: None,
            max_body_bytes: None,
            headers: Vec::new(),
            http: None,
            retry: None,
            builds: PhantomData,
        }
    }

    /// The base URL, without trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base
    }

    /// A `reqwest` client builder with the defaults this crate uses for its own client:
    /// rustls (reqwest's own crypto provider, so no process-wide state is touched), a
    /// `User-Agent`, and no redirects (a redirect would carry the credentials header to
    /// wherever the server points, and replay a POST as GET; a 3xx surfaces as
    /// [`Error::Http`] instead). Customise it (proxies, TLS roots, pool) in the function you
    /// pass to [`ClientBuilder::http_client`].
    pub fn http_builder() -> reqwest::ClientBuilder {
        reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .redirect(reqwest::redirect::Policy::none())
    }

    /// A view of this client whose calls use `options` on top of the client's settings (and
    /// of options given to earlier `with` calls). Shares the connection pool; nothing is
    /// rebuilt, so it is fine to call per request.
    pub fn with(&self, options: CallOptions) -> Client {
        let options = match &self.options {
            Some(earlier) => earlier.merged(options),
            None => options,
        };
        Client {
            inner: self.inner.clone(),
            options: Some(Arc::new(options)),
        }
    }

    /// Calls one API: sends `request` as described by `endpoint` and returns
    /// the envelope's `data` decoded as `Resp`.
    ///
    /// `request` must serialise to a JSON object (`()` / unit structs count
    /// as an empty one). Fields named by `{placeholders}` in the path are
    /// moved into the path. See [`Error`] for the failure cases.
    ///
    /// Each call runs in a `tracing` span named `bkapi` with the fields `api`, `method`,
    /// `path` (the endpoint's path template), `status` and `request_id`; bodies, query strings
    /// and credentials are never recorded.
    pub async fn call<Req, Resp>(&self, endpoint: &Endpoint, request: &Req) -> Result<Resp, Error>
    where
        Req: Serialize + ?Sized,
        Resp: DeserializeOwned,
    {
        let fields = request::to_fields(endpoint, request)?;
        self.call_fields(endpoint, fields).await
    }

    /// [`Client::call`] with the request already turned into JSON fields.
    pub(crate) async fn call_fields<Resp: DeserializeOwned>(
        &self,
        endpoint: &Endpoint,
        fields: Map<String, Value>,
    ) -> Result<Resp, Error> {
        let api = endpoint.api_name();
        let span = tracing::info_span!(
            "bkapi",
            api = api.as_str(),
            method = endpoint.method.as_str(),
            path = endpoint.path,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
        );
        self.execute(endpoint, &api, fields, &span)
            .instrument(span.clone())
            .await
    }

    async fn execute<Resp: DeserializeOwned>(
        &self,
        endpoint: &Endpoint,
        api: &str,
        fields: Map<String, Value>,
        span: &tracing::Span,
    ) -> Result<Resp, Error> {
        let inner = &*self.inner;
        let options = self.options.as_deref();
        let identity = options.and_then(|o| o.identity.as_ref());
        let credentials = match identity {
            Some(identity) => Cow::Owned(inner.credentials.acting_as(identity)),
            None => Cow::Borrowed(&inner.credentials),
        };
        let target = Target {
            base: &inner.base,
            auth: inner.gateway_kind.unwrap_or(endpoint.auth),
            esb_api_version: inner.esb_api_version.as_deref(),
        };
        let mut prepared = request::prepare(&target, &credentials, endpoint, fields)?;
        let headers = self.headers(api, &credentials, identity.is_some())?;
        let timeout = options.and_then(|o| o.timeout).unwrap_or(inner.timeout);
        let max_body_bytes = options
            .and_then(|o| o.max_body_bytes)
            .unwrap_or(inner.max_body_bytes);
        let retry = inner
            .retry
            .as_ref()
            .filter(|p| p.allows(endpoint, options.and_then(|o| o.idempotent)));

        let body = prepared.body.take().map(bytes::Bytes::from);
        let mut retries = 0;
        loop {
            let attempt = Attempt {
                body: body.as_ref(),
                api,
                method: endpoint.method,
                prepared: &prepared,
                headers: &headers,
                timeout,
                max_body_bytes,
                credentials: &credentials,
                span,
            };
            let result = self.send(attempt).await;
            let Err(error) = &result else {
                tracing::debug!("call succeeded");
                return result;
            };
            match retry.and_then(|p| p.delay(retries, error)) {
                Some(delay) => {
                    retries += 1;
                    tracing::warn!(
                        error = error.kind(),
                        retry = retries,
                        delay_ms = u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
                        "call failed; retrying"
                    );
                    tokio::time::sleep(delay).await;
                }
                None => {
                    tracing::debug!(error = error.kind(), "call failed");
                    return result;
                }
            }
        }
    }

    /// The headers of a call: authorization, then the client's defaults, then the call's own.
    fn headers(
        &self,
        api: &str,
        credentials: &Credentials,
        own_identity: bool,
    ) -> Result<HeaderMap, Error> {
        let inner = &*self.inner;
        let mut map = HeaderMap::new();
        let auth = if own_identity {
            auth_header(credentials).map_err(|message| Error::Request {
                api: api.to_owned(),
                message,
            })?
        } else {
            inner.auth_header.clone()
        };
        map.insert(AUTHORIZATION.clone(), auth);
        map.extend(inner.headers.clone());
        if let Some(options) = &self.options {
            for (name, value) in &options.headers {
                let (name, value) =
                    parse_header(name, value).map_err(|message| Error::Request {
                        api: api.to_owned(),
                        message,
                    })?;
                map.insert(name, value);
            }
        }
        Ok(map)
    }

    /// One HTTP exchange.
    async fn send<Resp: DeserializeOwned>(&self, a: Attempt<'_>) -> Result<Resp, Error> {
        // GET URLs carry credentials in the query, so errors must not keep them.
        let transport = |e: reqwest::Error| Error::Transport {
            api: a.api.to_owned(),
            source: e.without_url(),
        };
        let mut builder = self
            .inner
            .http
            .request(http_method(a.method), a.prepared.url.as_str())
            .headers(a.headers.clone())
            // Per request, so it holds whatever client sends it.
            .timeout(a.timeout);
        if let Some(body) = a.body {
            builder = builder
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                // A `Bytes` clone is a reference count, not a copy of the body.
                .body(body.clone());
        }
        let response = builder.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        a.span.record("status", status);
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let header_request_id = header(REQUEST_ID_HEADER);
        let gateway_error = header(ERROR_CODE_HEADER)
            .map(|code| (code, header(ERROR_MESSAGE_HEADER).unwrap_or_default()));
        let body = read_body(response, a.max_body_bytes, a.api).await?;
        let received = Received {
            api: a.api,
            status,
            header_request_id,
            gateway_error,
            body: &body,
            span: a.span,
        };
        response::interpret(received, a.credentials)
    }
}

/// The body of `response`, refused when its `Content-Length` says it is over `limit` and cut
/// off as soon as it streams past it: a huge or endless body never fills memory.
async fn read_body(
    mut response: reqwest::Response,
    limit: u64,
    api: &str,
) -> Result<Vec<u8>, Error> {
    let too_large = || Error::BodyTooLarge {
        api: api.to_owned(),
        limit,
    };
    let declared = response.content_length();
    if declared.is_some_and(|len| len > limit) {
        return Err(too_large());
    }
    let transport = |e: reqwest::Error| Error::Transport {
        api: api.to_owned(),
        source: e.without_url(),
    };
    // What the server declares is reserved only up to 1 MiB: a lie costs no more than that.
    let reserve = declared.unwrap_or(0).min(limit).min(1024 * 1024);
    let mut body = Vec::with_capacity(reserve as usize);
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        if (body.len() + chunk.len()) as u64 > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// What one attempt sends.
struct Attempt<'a> {
    /// The JSON body, for methods that send one.
    body: Option<&'a bytes::Bytes>,
    api: &'a str,
    method: Method,
    prepared: &'a Prepared,
    headers: &'a HeaderMap,
    timeout: Duration,
    max_body_bytes: u64,
    credentials: &'a Credentials,
    span: &'a tracing::Span,
}

fn http_method(method: Method) -> reqwest::Method {
    match method {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Delete => reqwest::Method::DELETE,
        Method::Patch => reqwest::Method::PATCH,
    }
}

/// `X-Bkapi-Authorization` for these credentials, marked sensitive.
fn auth_header(credentials: &Credentials) -> Result<HeaderValue, String> {
    let mut value = HeaderValue::from_bytes(credentials.header_json().as_bytes())
        .map_err(|_| "credentials contain characters not allowed in an HTTP header".to_owned())?;
    value.set_sensitive(true);
    Ok(value)
}

/// A header from strings; the error names the header but never shows its value.
fn parse_header(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), String> {
    let parsed_name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("`{name}` is not a valid header name"))?;
    let mut parsed_value = HeaderValue::from_str(value)
        .map_err(|_| format!("the value of header `{name}` is not valid in an HTTP header"))?;
    parsed_value.set_sensitive(true);
    Ok((parsed_name, parsed_value))
}

impl<C> ClientBuilder<C> {
    /// The same settings, building a `D` (a client that wraps the runtime's [`Client`]):
    /// what a generated SDK's `Client::builder` returns.
    pub fn building<D: From<Client>>(self) -> ClientBuilder<D> {
        ClientBuilder {
            endpoint: self.endpoint,
            credentials: self.credentials,
            gateway_kind: self.gateway_kind,
            esb_api_version: self.esb_api_version,
            language: self.language,
            test_env: self.test_env,
            timeout: self.timeout,
            max_body_bytes: self.max_body_bytes,
            headers: self.headers,
            http: self.http,
            retry: self.retry,
            builds: PhantomData,
        }
    }

    /// Application id (`bk_app_code`).
    pub fn app_code(mut self, app_code: impl Into<String>) -> Self {
        self.credentials.app_code = Some(app_code.into());
        self
    }

    /// Application secret (`bk_app_secret`); never printed.
    pub fn app_secret(mut self, app_secret: impl Into<String>) -> Self {
        self.credentials.app_secret = Some(Secret::new(app_secret));
        self
    }

    /// User to act as (`bk_username`), for apps exempt from login checks.
    pub fn username(mut self, username: impl Into<String>) -> Self {
        self.credentials.username = Some(username.into());
        self
    }

    /// Login token (`bk_token`, from the user's cookie); never printed.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.credentials.token = Some(Secret::new(token));
        self
    }

    /// OAuth access token (`access_token`); never printed.
    pub fn access_token(mut self, access_token: impl Into<String>) -> Self {
        self.credentials.access_token = Some(Secret::new(access_token));
        self
    }

    /// Sends every call the way this gateway kind expects, whatever kind each API was
    /// documented for: [`AuthStyle::Esb`] puts the credentials into the body (or the query
    /// for `GET`) and the `X-Bkapi-Authorization` header; [`AuthStyle::Gateway`] into the
    /// header only. Default: each endpoint's own [`Endpoint::auth`].
    pub fn gateway_kind(mut self, kind: AuthStyle) -> Self {
        self.gateway_kind = Some(kind);
        self
    }

    /// The ESB API version, the `{bk_api_ver}` in `/api/c/compapi/{bk_api_ver}/...`: ESB
    /// paths are rewritten to carry this version segment instead of the documented one
    /// (usually `v2`). An empty string drops the segment (the unversioned routes). Other
    /// paths are not touched. Default: paths as documented.
    pub fn esb_api_version(mut self, version: impl Into<String>) -> Self {
        self.esb_api_version = Some(version.into());
        self
    }

    /// Language of messages from the server (`en`, `zh-cn`): sent as `Blueking-Language`
    /// and `Accept-Language`.
    pub fn language(mut self, language: impl Into<String>) -> Self {
        self.language = Some(language.into());
        self
    }

    /// Asks the API gateway to route to the API's test stage (`X-Use-Test-Env: 1`).
    pub fn test_env(mut self, yes: bool) -> Self {
        self.test_env = yes;
        self
    }

    /// Whole-request timeout (connect to end of body), set on every request, so it holds
    /// with a client from [`ClientBuilder::http_client`] too. Default: 60 seconds.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// A header sent with every call. Headers set here win over the computed ones
    /// (including `X-Bkapi-Authorization`); [`CallOptions::header`] wins over these.
    /// Values are never printed; an invalid name or value fails [`ClientBuilder::build`].
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The largest response body accepted, in bytes; a larger one fails the call with
    /// [`Error::BodyTooLarge`] before it fills memory. Default: [`DEFAULT_MAX_BODY_BYTES`]
    /// (32 MiB). [`CallOptions::max_body_bytes`] overrides it per call.
    pub fn max_body_bytes(mut self, limit: u64) -> Self {
        self.max_body_bytes = Some(limit);
        self
    }

    /// Builds the HTTP client from the `reqwest::ClientBuilder` that `make` returns (proxies,
    /// custom TLS roots, client certificates, pool settings) instead of
    /// [`Client::http_builder`]'s; start from that one to keep its defaults. Whatever the
    /// builder says, redirects are not followed: a redirect would carry
    /// `X-Bkapi-Authorization` (and, for 307 and 308, a body holding the app secret) to
    /// wherever the server points, so a 3xx answer is an [`Error::Http`]. The timeout is set
    /// on each request ([`ClientBuilder::timeout`]). The crate re-exports its `reqwest` as
    /// `bkapi_runtime::reqwest`.
    ///
    /// ```no_run
    /// # fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// use bkapi_runtime::{reqwest, Client};
    ///
    /// let proxy = reqwest::Proxy::all("http://proxy.internal:3128")?;
    /// let client = Client::builder("https://paas.example.com")
    ///     .http_client(move || Client::http_builder().proxy(proxy.clone()))
    ///     .build()?;
    /// # let _ = client; Ok(()) }
    /// ```
    pub fn http_client(
        mut self,
        make: impl Fn() -> reqwest::ClientBuilder + Send + Sync + 'static,
    ) -> Self {
        self.http = Some(Arc::new(make));
        self
    }

    /// Retries transient failures of idempotent calls; see [`RetryPolicy`]. Default: none.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Validates the configuration and builds the client: the runtime's [`Client`], or the
    /// SDK client this builder was made for.
    ///
    /// The HTTP client comes from [`Client::http_builder`], or from the function given to
    /// [`ClientBuilder::http_client`].
    pub fn build(self) -> Result<C, Error>
    where
        C: From<Client>,
    {
        self.build_runtime().map(C::from)
    }

    /// Builds the runtime's [`Client`], whatever this builder was made for.
    pub fn build_runtime(self) -> Result<Client, Error> {
        let config = |message: String| Error::Config { message };
        let base = self.endpoint.trim_end_matches('/').to_owned();
        match reqwest::Url::parse(&base) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => {}
            _ => return Err(config(format!("endpoint `{base}` is not an http(s) URL"))),
        }
        let auth_header = auth_header(&self.credentials).map_err(config)?;

        let mut headers = HeaderMap::new();
        if let Some(language) = &self.language {
            let value = HeaderValue::from_str(language).map_err(|_| {
                config(format!("language `{language}` is not a valid header value"))
            })?;
            headers.insert(BLUEKING_LANGUAGE.clone(), value.clone());
            headers.insert(ACCEPT_LANGUAGE, value);
        }
        if self.test_env {
            headers.insert(USE_TEST_ENV.clone(), HeaderValue::from_static("1"));
        }
        for (name, value) in &self.headers {
            let (name, value) = parse_header(name, value).map_err(config)?;
            headers.insert(name, value);
        }

        let custom_http = self.http.is_some();
        let http = match &self.http {
            Some(make) => make(),
            None => Client::http_builder(),
        }
        // Whoever built it: credentials never follow a redirect.
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| {
            config(format!(
                "cannot build HTTP client: {}",
                crate::error::error_chain(&e)
            ))
        })?;
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let url = reqwest::Url::parse(&base).ok();
        let plain = url.as_ref().filter(|u| u.scheme() == "http");
        if let Some(url) = plain.filter(|_| self.credentials.has_secret()) {
            // Once per client: ESB GETs even put the app secret in the URL. The host and port
            // only: the endpoint could hold a password.
            let host = format!(
                "{}:{}",
                url.host_str().unwrap_or_default(),
                url.port_or_known_default().unwrap_or(80)
            );
            tracing::warn!(
                endpoint = host.as_str(),
                "credentials will be sent over plain http, readable by anyone on the path; \
                 use an https endpoint"
            );
        }

        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                credentials: self.credentials,
                auth_header,
                headers,
                gateway_kind: self.gateway_kind,
                esb_api_version: self.esb_api_version,
                timeout,
                max_body_bytes: self.max_body_bytes.unwrap_or(DEFAULT_MAX_BODY_BYTES),
                retry: self.retry,
                custom_http,
            }),
            options: None,
        })
    }

    /// Builds a [`blocking::Client`](crate::blocking::Client): the same client for code
    /// that is not async.
    #[cfg(feature = "blocking")]
    pub fn build_blocking(self) -> Result<crate::blocking::Client, Error> {
        crate::blocking::Client::new(self.build_runtime()?)
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        let c = &inner.credentials;
        let headers: Vec<&str> = inner.headers.keys().map(HeaderName::as_str).collect();
        f.debug_struct("Client")
            .field("endpoint", &inner.base)
            .field("app_code", &c.app_code)
            .field("username", &c.username)
            .field("gateway_kind", &inner.gateway_kind)
            .field("esb_api_version", &inner.esb_api_version)
            .field("headers", &headers)
            .field("timeout", &inner.timeout)
            .field("retry", &inner.retry)
            .field("custom_http_client", &inner.custom_http)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.credentials;
        let headers: Vec<&str> = self.headers.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("ClientBuilder")
            .field("endpoint", &self.endpoint)
            .field("app_code", &c.app_code)
            .field("username", &c.username)
            .field("gateway_kind", &self.gateway_kind)
            .field("esb_api_version", &self.esb_api_version)
            .field("language", &self.language)
            .field("test_env", &self.test_env)
            .field("headers", &headers)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("custom_http_client", &self.http.is_some())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_validates_endpoint() {
        for bad in ["", "paas.example.com", "ftp://h", "http://"] {
            let err = Client::builder(bad).build().unwrap_err();
            assert!(matches!(err, Error::Config { .. }), "{bad}: {err:?}");
        }
        let c = Client::builder("https://h/prefix//").build().unwrap();
        assert_eq!(c.base_url(), "https://h/prefix");
    }

    #[test]
    fn header_rejects_control_characters_only() {
        assert!(Client::builder("http://h")
            .username("\u{7f}")
            .build()
            .is_err());
        // Non-ASCII user names are fine (sent as UTF-8).
        assert!(Client::builder("http://h").username("张三").build().is_ok());
    }

    #[test]
    fn bad_headers_are_config_errors_without_values() {
        for (name, value) in [("bad name", "v"), ("X-Ok", "SECRET\n")] {
            let err = Client::builder("http://h")
                .header(name, value)
                .build()
                .unwrap_err();
            assert!(matches!(err, Error::Config { .. }), "{err:?}");
            assert!(!err.to_string().contains("SECRET"), "{err}");
        }
        let err = Client::builder("http://h")
            .language("e\nn")
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config { .. }), "{err:?}");
    }

    #[test]
    fn debug_hides_secrets() {
        let b = Client::builder("http://h")
            .app_code("app")
            .app_secret("SECRET")
            .token("TOKEN")
            .access_token("ACCESS")
            .header("X-Extra", "HEADER-VALUE")
            .username("u");
        let c = b.clone().build().unwrap();
        let view = c.with(
            CallOptions::new()
                .token("TOKEN")
                .header("X-Call", "HEADER-VALUE"),
        );
        for text in [
            format!("{b:?}"),
            format!("{c:?}"),
            format!("{b:#?}"),
            format!("{c:#?}"),
            format!("{view:?}"),
        ] {
            assert!(text.contains("app") && text.contains("\"u\""), "{text}");
            assert!(
                text.contains("X-Extra") || text.contains("x-extra"),
                "{text}"
            );
            for secret in ["SECRET", "TOKEN", "ACCESS", "HEADER-VALUE"] {
                assert!(!text.contains(secret), "{text}");
            }
        }
    }

    #[test]
    fn call_futures_are_send() {
        fn assert_send<T: Send>(_: &T) {}
        let c = Client::builder("http://h").build().unwrap();
        let endpoint = Endpoint {
            system: "cc",
            name: "x",
            method: Method::Get,
            path: "/",
            auth: AuthStyle::Esb,
        };
        assert_send(&c.call::<_, Value>(&endpoint, &()));
    }
}
