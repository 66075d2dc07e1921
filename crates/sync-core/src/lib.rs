//! Pure domain logic of Aggregate Sync.
//!
//! Everything here runs unchanged in WebAssembly in the browser, natively in tests and in the
//! `aggsync` command line. It must not do I/O, read a clock (today is always a parameter) or
//! depend on a web, HTTP or async runtime crate.
#![warn(missing_docs)]

pub mod aggregate;
pub mod date;
pub mod filter;
pub mod fit;
pub mod id_scheme;
pub mod import_result;
pub mod mapping;
pub mod metadata_sync;
pub mod model;
pub mod period;
pub mod plan;
pub mod reader;
pub mod values;
