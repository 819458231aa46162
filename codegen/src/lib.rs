//! Turns BlueKing API docs (Markdown) into a typed Rust SDK.
//!
//! The flow is one way: `source` finds docs → `markdown` parses them → `infer` builds the
//! [`ir`] (using `vocab` and `example`) → `emit` plans and writes Rust → `output` puts it on
//! disk. [`Config`] drives it, for the command line and for `build.rs` alike:
//!
//! ```no_run
//! // build.rs: generates $OUT_DIR/bkapi.rs from the docs in docs/
//! fn main() -> Result<(), codegen::Error> {
//!     codegen::Config::new().input("docs").generate()?;
//!     Ok(())
//! }
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! pub mod bkapi {
//!     include!(concat!(env!("OUT_DIR"), "/bkapi.rs"));
//! }
//! ```
//!
//! The user guide (`docs/guide/` in the repository) covers the command line, build scripts,
//! every option and how docs map to types.
//!
//! The public surface is what a build script or a tool needs: [`Config`] and what it returns
//! ([`Report`], [`Loaded`], [`Files`], [`Check`], [`Outcome`]), the options' types ([`Layout`],
//! [`Gate`], [`RuntimeDep`], [`Matcher`]), [`Error`], the diagnostics ([`diag`]) and the IR
//! ([`ir`]). Everything else is private.
#![warn(missing_docs)]

pub mod diag;
pub mod ir;

mod config;
mod emit;
mod error;
mod example;
mod html_table;
mod infer;
mod keys;
mod load;
mod markdown;
mod matcher;
mod openapi;
mod output;
mod overrides;
mod package;
mod pipeline;
mod select;
mod shape_audit;
mod shapes;
mod sightings;
mod source;
mod verify;
mod vocab;

pub use config::Config;
pub use diag::{Diagnostic, Diagnostics};
pub use emit::attrs::Gate;
pub use emit::format::HEADER;
pub use emit::Files;
pub use error::{ConfigError, Error};
pub use ir::Ir;
pub use keys::KeyKind;
pub use matcher::Matcher;
pub use openapi::{
    merge_into as merge_openapi_into, to_yaml as openapi_to_yaml, Version as OpenApiVersion,
};
pub use output::{Change, Check, Difference, Layout};
pub use package::RuntimeDep;
pub use pipeline::{Loaded, Report};
pub use shape_audit::{Doubt, Finding};
pub use source::{Lang, Origin, SourceDoc};
pub use verify::{Case, Outcome, SystemRow};

/// Not a stable API: what the benchmark, the fuzz tests and the workspace's tests reach into.
/// Anything here may change in any release.
#[doc(hidden)]
pub mod internals {
    pub use crate::load::{doc_input, load_doc};
    pub use crate::output::write_if_changed;
    pub use crate::verify::fill_path_fields;

    /// The Markdown reader.
    pub mod markdown {
        pub use crate::markdown::*;
    }
    /// The lenient JSON reader for examples.
    pub mod example {
        pub use crate::example::*;
    }
    /// Docs and examples → IR.
    pub mod infer {
        pub use crate::infer::*;
    }
    /// Finding docs and their routes.
    pub mod source {
        pub use crate::source::*;
    }
    /// Words the docs use.
    pub mod vocab {
        pub use crate::vocab::*;
    }
    /// Writing and comparing output folders.
    pub mod output {
        pub use crate::output::*;
    }
    /// The emitter's stages: plan, tokens, format.
    pub mod emit {
        pub use crate::emit::*;

        /// The emitter's options for `layout`, as [`Config::render_as`](crate::Config::render_as)
        /// settles them.
        pub fn options(
            config: &crate::Config,
            layout: &crate::Layout,
        ) -> Result<crate::emit::Options, crate::Error> {
            config.emit_options(layout)
        }
    }
}
