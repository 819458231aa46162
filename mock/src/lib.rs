//! A mock BlueKing server built from API docs, for testing integrations without a BlueKing
//! installation.
//!
//! It serves every API of the docs at its real method and path (ESB
//! `/api/c/compapi/v2/...` and gateway routes with `{field}` segments), answers with the
//! doc's response example in the standard envelope (or, for a doc without one, a value built
//! from the response type), checks credentials the way the API gateway does, validates each
//! request against the API's request type, and records every call. Tests can replace an
//! answer and inject failures per API.
//!
//! The APIs come from the generator's IR as JSON (`codegen ir DOCS`, or
//! `serde_json::to_value(&codegen::Config::new().input("docs").load_all()?.ir)`):
//!
//! ```no_run
//! # async fn demo(ir_json: &str) -> Result<(), bkapi_mock::Error> {
//! use bkapi_mock::{Failure, MockServer, Spec};
//! let server = MockServer::start(Spec::from_json(ir_json)?).await?;
//! server.respond("cc.search_host", serde_json::json!({"count": 0, "info": []}));
//! server.fail("cc.update_module", Failure::Status(503));
//! // ... point the SDK's client at server.url() ...
//! assert_eq!(server.requests().len(), 0);
//! # Ok(())
//! # }
//! ```
#![warn(missing_docs)]

mod credentials;
mod handler;
mod routes;
mod server;
pub mod spec;
mod synth;
pub mod validate;

pub use credentials::CREDENTIALS;
pub use server::{
    Failure, MockServer, Recorded, Verdict, MAX_BODY_BYTES, MAX_RECORDED, MAX_RECORDED_BYTES,
};
pub use spec::Spec;

/// The gateway's error code for a call without usable app credentials (sent in
/// `X-Bkapi-Error-Code`).
pub const APP_VERIFY_FAILED: i64 = 1640001;

/// What can go wrong starting the mock.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The IR's JSON does not read.
    #[error("the IR does not read: {0}")]
    Spec(String),
    /// The address cannot be listened on.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address.
        addr: std::net::SocketAddr,
        /// Why.
        source: std::io::Error,
    },
}
