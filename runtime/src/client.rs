//! The HTTP client generated SDKs call.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::auth::Credentials;
use crate::endpoint::{Endpoint, Method};
use crate::error::Error;
use crate::request;
use crate::response::{self, Received};
use crate::secret::Secret;
use crate::REQUEST_ID_HEADER;

/// Sent so server operators can tell SDK traffic apart.
const USER_AGENT: &str = concat!("bkapi-runtime/", env!("CARGO_PKG_VERSION"));

/// Used when [`ClientBuilder::timeout`] is not called: an ops tool hanging
/// forever on a stuck gateway is worse than a clear timeout error.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

static AUTHORIZATION: HeaderName = HeaderName::from_static("x-bkapi-authorization");

/// A configured connection to one BlueKing deployment (ESB or API gateway).
///
/// Cheap to clone; clones share the connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// Base URL without trailing `/`.
    base: String,
    credentials: Credentials,
    /// `X-Bkapi-Authorization`, built once; marked sensitive.
    auth_header: HeaderValue,
}

/// Configures a [`Client`]; obtained from [`Client::builder`].
#[derive(Clone)]
pub struct ClientBuilder {
    endpoint: String,
    credentials: Credentials,
    timeout: Duration,
}

impl Client {
    /// Starts configuring a client for `endpoint`, the base URL that
    /// endpoint paths are appended to (e.g. `https://paas.example.com`).
    pub fn builder(endpoint: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            endpoint: endpoint.into(),
            credentials: Credentials::default(),
            timeout: DEFAULT_TIMEOUT,
        }
    }

    /// The base URL, without trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base
    }

    /// Calls one API: sends `request` as described by `endpoint` and returns
    /// the envelope's `data` decoded as `Resp`.
    ///
    /// `request` must serialise to a JSON object (`()` / unit structs count
    /// as an empty one). Fields named by `{placeholders}` in the path are
    /// moved into the path. See [`Error`] for the failure cases.
    pub async fn call<Req, Resp>(&self, endpoint: &Endpoint, request: &Req) -> Result<Resp, Error>
    where
        Req: Serialize + ?Sized,
        Resp: DeserializeOwned,
    {
        let inner = &*self.inner;
        let prepared = request::prepare(&inner.base, &inner.credentials, endpoint, request)?;
        // GET URLs carry credentials in the query, so errors must not keep them.
        let transport = |e: reqwest::Error| Error::Transport {
            api: endpoint.api_name(),
            source: e.without_url(),
        };

        let mut builder = inner
            .http
            .request(http_method(endpoint.method), prepared.url)
            .header(AUTHORIZATION.clone(), inner.auth_header.clone());
        if let Some(body) = prepared.body {
            builder = builder
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(body);
        }
        let response = builder.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        let header_request_id = response
            .headers()
            .get(REQUEST_ID_HEADER)
            .and_then(|v| v.to_str().ok())
            .filter(|v| !v.is_empty())
            .map(str::to_owned);
        let body = response.bytes().await.map_err(transport)?;

        let api = endpoint.api_name();
        let received = Received {
            api: &api,
            status,
            header_request_id,
            body: &body,
        };
        response::interpret(received, &inner.credentials)
    }
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

impl ClientBuilder {
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

    /// Whole-request timeout (connect to end of body). Default: 60 seconds.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Validates the configuration and builds the client.
    ///
    /// Installs rustls' `ring` crypto provider as the process default if no
    /// provider is installed yet (reqwest is built without one).
    pub fn build(self) -> Result<Client, Error> {
        // Err only means a provider is already installed, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();

        let base = self.endpoint.trim_end_matches('/').to_owned();
        match reqwest::Url::parse(&base) {
            Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => {}
            _ => {
                return Err(Error::Config {
                    message: format!("endpoint `{base}` is not an http(s) URL"),
                })
            }
        }

        let mut auth_header = HeaderValue::from_bytes(self.credentials.header_json().as_bytes())
            .map_err(|_| Error::Config {
                message: "credentials contain characters not allowed in an HTTP header".into(),
            })?;
        auth_header.set_sensitive(true);

        let http = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .timeout(self.timeout)
            // Redirects are not followed: the credentials header would be
            // forwarded to wherever the server points, and a POST would be
            // replayed as GET. A 3xx surfaces as `Error::Http` instead.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| Error::Config {
                message: format!(
                    "cannot build HTTP client: {}",
                    crate::error::error_chain(&e)
                ),
            })?;

        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                credentials: self.credentials,
                auth_header,
            }),
        })
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.inner.credentials;
        f.debug_struct("Client")
            .field("endpoint", &self.inner.base)
            .field("app_code", &c.app_code)
            .field("username", &c.username)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = &self.credentials;
        f.debug_struct("ClientBuilder")
            .field("endpoint", &self.endpoint)
            .field("app_code", &c.app_code)
            .field("username", &c.username)
            .field("timeout", &self.timeout)
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
    fn debug_hides_secrets() {
        let b = Client::builder("http://h")
            .app_code("app")
            .app_secret("SECRET")
            .token("TOKEN")
            .username("u");
        let c = b.clone().build().unwrap();
        for text in [
            format!("{b:?}"),
            format!("{c:?}"),
            format!("{b:#?}"),
            format!("{c:#?}"),
        ] {
            assert!(text.contains("app") && text.contains("\"u\""), "{text}");
            assert!(
                !text.contains("SECRET") && !text.contains("TOKEN"),
                "{text}"
            );
        }
    }
}
