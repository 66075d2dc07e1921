//! The DHIS2 Web API as Aggregate Sync uses it.
//!
//! This is the only crate that knows DHIS2 URLs and JSON shapes. Wire types stay private in
//! [`wire`]: callers get the domain values of [`model`]. Requests go through the
//! [`transport::Transport`] trait so the same client runs over the browser's fetch
//! ([`browser`], feature `browser`) and over a native HTTP client.
#![warn(missing_docs)]

pub mod base_url;
#[cfg(feature = "browser")]
pub mod browser;
pub mod client;
pub mod error;
pub mod model;
pub mod query;
pub mod transport;
mod wire;

pub use client::Dhis2Client;
pub use error::ApiError;
