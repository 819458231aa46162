//! The same client without async, for scripts and other synchronous code (cargo feature
//! `blocking`).
//!
//! [`Client`] wraps the async [`crate::Client`] and drives each call to completion on a
//! private single-threaded tokio runtime, so both behave identically: same configuration,
//! same requests, same errors, same retries and tracing. Like `reqwest::blocking`, it must
//! not be used from inside an async runtime (that panics); async code uses
//! [`crate::Client`] directly.
//!
//! ```no_run
//! # fn demo() -> Result<(), bkapi_runtime::Error> {
//! use bkapi_runtime::{AuthStyle, Client, Endpoint, Method};
//!
//! const SEARCH_HOST: Endpoint = Endpoint {
//!     system: "cc",
//!     name: "search_host",
//!     method: Method::Post,
//!     path: "/api/c/compapi/v2/cc/search_host/",
//!     auth: AuthStyle::Esb,
//! };
//! let client = Client::builder("https://paas.example.com")
//!     .app_code("my-app")
//!     .app_secret("s3cr3t")
//!     .username("admin")
//!     .build_blocking()?;
//! for host in client.pages::<_, serde_json::Value>(&SEARCH_HOST, &serde_json::json!({})) {
//!     println!("{}", host?["bk_host_innerip"]);
//! }
//! # Ok(()) }
//! ```

use std::fmt;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio::runtime::Runtime;

use crate::endpoint::Endpoint;
use crate::error::Error;
use crate::options::CallOptions;

/// A blocking [`crate::Client`]. Cheap to clone; clones share the connection pool and
/// the runtime.
#[derive(Clone)]
pub struct Client {
    inner: crate::Client,
    runtime: Arc<Runtime>,
}

impl Client {
    /// Wraps an async client.
    pub fn new(client: crate::Client) -> Result<Self, Error> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Config {
                message: format!("cannot start the runtime of the blocking client: {e}"),
            })?;
        Ok(Client {
            inner: client,
            runtime: Arc::new(runtime),
        })
    }

    /// The async client underneath.
    pub fn as_async(&self) -> &crate::Client {
        &self.inner
    }

    /// The base URL, without trailing `/`.
    pub fn base_url(&self) -> &str {
        self.inner.base_url()
    }

    /// See [`crate::Client::with`].
    pub fn with(&self, options: CallOptions) -> Client {
        Client {
            inner: self.inner.with(options),
            runtime: self.runtime.clone(),
        }
    }

    /// See [`crate::Client::call`].
    pub fn call<Req, Resp>(&self, endpoint: &Endpoint, request: &Req) -> Result<Resp, Error>
    where
        Req: Serialize + ?Sized,
        Resp: DeserializeOwned,
    {
        self.runtime.block_on(self.inner.call(endpoint, request))
    }

    /// See [`crate::Client::pages`]; an [`Iterator`] here.
    pub fn pages<Req, T>(&self, endpoint: &Endpoint, request: &Req) -> Pages<T>
    where
        Req: Serialize + ?Sized,
        T: DeserializeOwned + Send + 'static,
    {
        Pages {
            inner: self.inner.pages(endpoint, request),
            runtime: self.runtime.clone(),
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("blocking::Client")
            .field(&self.inner)
            .finish()
    }
}

/// Every item of a paged API: an [`Iterator`] of `Result<T, Error>`; see [`crate::Pages`].
#[must_use = "an iterator does nothing until consumed"]
pub struct Pages<T> {
    inner: crate::Pages<T>,
    runtime: Arc<Runtime>,
}

impl<T: DeserializeOwned + Send + 'static> Pages<T> {
    /// See [`crate::Pages::page_size`].
    pub fn page_size(mut self, size: u64) -> Self {
        self.inner = self.inner.page_size(size);
        self
    }
}

impl<T: DeserializeOwned + Send + 'static> Iterator for Pages<T> {
    type Item = Result<T, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        self.runtime.block_on(self.inner.next())
    }
}

impl<T> fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("blocking::Pages").field(&self.inner).finish()
    }
}
