//! Runtime for SDKs generated from BlueKing API documentation.
//!
//! Generated code describes each API as a constant [`Endpoint`] plus typed
//! request/response structs, and calls [`Client::call`]. Everything that is
//! the same for every API lives here: credentials, URL building, query
//! encoding, the response envelope and error classification.
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
mod client;
mod code;
mod endpoint;
mod envelope;
mod error;
mod path;
mod query;
mod request;
mod response;
mod secret;

pub use client::{Client, ClientBuilder};
pub use code::Code;
pub use endpoint::{AuthStyle, Endpoint, Method};
pub use envelope::Envelope;
pub use error::Error;
pub use secret::Secret;

/// Name of the header carrying the JSON credentials object; both the ESB and
/// the API gateway read it.
pub const AUTHORIZATION_HEADER: &str = "X-Bkapi-Authorization";

/// Response header the gateway uses to report its request id; used when the
/// body carries none.
pub const REQUEST_ID_HEADER: &str = "X-Bkapi-Request-Id";
