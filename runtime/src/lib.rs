//! Runtime for SDKs generated from BlueKing API documentation.
//!
//! Generated code describes each API as a constant [`Endpoint`] plus typed
//! request/response structs, and calls [`Client::call`] (or [`Client::pages`] for paged
//! APIs). Everything that is the same for every API lives here: configuration and
//! credentials, URL building, query encoding, the response envelope, error classification,
//! retries, paging and tracing. With the `blocking` feature, `blocking::Client` offers
//! the same API without async.
//!
//! ```no_run
//! # async fn demo() -> Result<(), bkapi_runtime::Error> {
//! use bkapi_runtime::{AuthStyle, Client, Endpoint, Method};
//!
//! const UPDATE_MODULE: Endpoint = Endpoint {
//!     system: "cc",
//!     name: "update_module",
//!     method: Method::Post,
//!     path: "/api/c/compapi/v2/cc/update_module/",
//!     auth: AuthStyle::Esb,
//! };
//!
//! let client = Client::builder("https://paas.example.com")
//!     .app_code("my-app")
//!     .app_secret("s3cr3t")
//!     .username("admin")
//!     .build()?;
//! let request = serde_json::json!({ "bk_biz_id": 1, "bk_set_id": 2, "bk_module_id": 3,
//!                                   "data": { "bk_module_name": "m" } });
//! let _: serde_json::Value = client.call(&UPDATE_MODULE, &request).await?;
//! # Ok(()) }
//! ```
#![warn(missing_docs)]

mod auth;
#[cfg(feature = "blocking")]
pub mod blocking;
mod client;
mod code;
mod endpoint;
mod env;
mod envelope;
mod error;
mod options;
mod paging;
mod path;
mod query;
mod request;
mod response;
mod retry;
mod secret;

pub use client::{Client, ClientBuilder, DEFAULT_MAX_BODY_BYTES};
pub use code::Code;
pub use endpoint::{AuthStyle, Endpoint, Method};
pub use env::ENV_VARS;
pub use envelope::Envelope;
pub use error::Error;
pub use futures_core::Stream;
pub use options::CallOptions;
pub use paging::{Pages, DEFAULT_PAGE_SIZE};
pub use reqwest;
pub use retry::RetryPolicy;
pub use secret::Secret;

/// Name of the header carrying the JSON credentials object; both the ESB and
/// the API gateway read it.
pub const AUTHORIZATION_HEADER: &str = "X-Bkapi-Authorization";

/// Response header the gateway uses to report its request id; used when the
/// body carries none.
pub const REQUEST_ID_HEADER: &str = "X-Bkapi-Request-Id";

/// Response header the API gateway sets, with a 7-digit code, when it rejects or fails a
/// call itself; see [`Error::Gateway`].
pub const ERROR_CODE_HEADER: &str = "X-Bkapi-Error-Code";

/// Response header with the message that goes with [`ERROR_CODE_HEADER`].
pub const ERROR_MESSAGE_HEADER: &str = "X-Bkapi-Error-Message";
