//! A downstream crate: its BlueKing client is generated at build time from `docs/` by
//! `build.rs` and included here. Its tests call the client against a local server.

/// The generated client: `bkapi::Client`, `bkapi::inv::*`, `bkapi::warehouse::*`.
pub mod bkapi {
    include!(concat!(env!("OUT_DIR"), "/bkapi.rs"));
}

/// The generated file's text, for tests that check what was (not) generated.
pub const GENERATED: &str = include_str!(concat!(env!("OUT_DIR"), "/bkapi.rs"));
