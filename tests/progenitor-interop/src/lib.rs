//! The client progenitor generates from codegen's OpenAPI export (see `build.rs`). That it
//! compiles is the test.
#![allow(clippy::all, missing_docs, unused)]

include!(concat!(env!("OUT_DIR"), "/client.rs"));
