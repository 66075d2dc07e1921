//! The DHIS2 Web API as Aggregate Sync uses it.
//!
//! This is the only crate that knows DHIS2 URLs and JSON shapes. Wire types stay here: callers get
//! domain values. Requests go through the [`transport::Transport`] trait so the same code runs over
//! the browser's fetch and over a native HTTP client.
#![warn(missing_docs)]
