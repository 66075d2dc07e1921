//! The DHIS2 Web API as Aggregate Sync uses it.
//!
//! This is the only crate that knows DHIS2 URLs and JSON shapes. Wire types stay private in
//! `wire`: callers get the domain values of [`model`], and every difference between DHIS2 2.36
//! and 2.43 is absorbed here. Requests go through the [`transport::Transport`] trait so the same
//! [`Dhis2Client`] runs over the browser's fetch ([`browser`], feature `browser`), over a native
//! async HTTP client on tokio ([`native`], feature `native`) and over fakes in tests.
//!
//! Transports stream: [`transport::Transport::open`] returns a response's head with its body
//! still arriving, read chunk by chunk ([`Dhis2Client::data_value_sets_stream`] hands the chunks
//! of a large read to sync-core's streaming reader). Dropping a request's future or a body aborts
//! the HTTP request, in the browser and natively: callers build their timeouts and cancel on that.
//! This crate holds no timer and no runtime, and it must not: it is shared by the browser (one JS
//! thread) and the command line (tokio current-thread).
//!
//! One client type reaches three kinds of instance ([`client::ClientTarget`]): the app's own
//! instance with the user's session ([`Dhis2Client::new`]), a destination through a DHIS2 route
//! ([`Dhis2Client::route_client`]), and a destination reached directly with a token or password
//! ([`Dhis2Client::direct`]). Import summaries and data values are parsed by sync-core, not here.
#![warn(missing_docs)]

pub mod auth;
pub mod base_url;
#[cfg(feature = "browser")]
pub mod browser;
pub mod catalog;
pub mod client;
pub mod data_store;
pub mod data_values;
pub mod error;
pub mod identifiers;
pub mod mapping_metadata;
pub mod messages;
pub mod metadata;
pub mod model;
#[cfg(feature = "native")]
pub mod native;
pub mod query;
pub mod routes;
pub mod settings;
pub mod shell;
#[cfg(test)]
mod testing;
pub mod transport;
mod wire;

pub use auth::{Auth, AuthTransport};
pub use client::{ClientTarget, DestinationClient, Dhis2Client};
pub use data_values::{DataValueStream, RawResponse};
pub use error::ApiError;
pub use settings::AnalyticsSettings;
