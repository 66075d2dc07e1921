//! Destination instances as a service for the pages, the wizard and the runner: load, save and
//! delete them in the dataStore (one key per destination, `destination-<id>` in the app's
//! namespace), manage the DHIS2 route behind a route destination, keep direct destinations'
//! secrets in memory only, and build a [`DestinationClient`] that reaches a destination.
//!
//! No views here. Secrets never reach the dataStore, sessionStorage or the console: a route keeps
//! its credentials encrypted on the server, a direct destination's token or password lives in
//! [`DestinationSecrets`] for as long as the browser tab.

mod client;
mod secrets;
mod store;
mod test_summary;

pub use client::{DestinationClient, client_for};
pub use secrets::DestinationSecrets;
pub use store::{
    ConnectionInput, DestinationInput, LoadedDestinations, delete_destination, load_destination,
    load_destinations, new_uid, route_definition, save_destination, storage_key,
};
pub use test_summary::{TestSummary, summarize_test, test_destination};

use dhis2_api::ApiError;
use sync_core::model::ModelError;

/// The dataStore namespace of the app (manifest.webapp's `dataStoreNamespace`).
pub const NAMESPACE: &str = "aggregate-sync";

/// The app's authority (`M_aggregatesync`, derived by DHIS2 from the short name): route
/// destinations give it run rights, so every user of the app can run rules through them.
pub use crate::components::access_denied::APP_AUTHORITY;

/// Upstream timeout of the routes the app creates (the most DHIS2 allows), so slow imports
/// through a route are not cut off at the server's 5–30 s default.
pub const ROUTE_TIMEOUT_SECONDS: u32 = 60;

/// Why a destination could not be loaded, saved, deleted or reached.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DestinationError {
    /// A DHIS2 call failed (the own instance, the route or the destination).
    #[error(transparent)]
    Api(#[from] ApiError),
    /// A stored destination could not be read.
    #[error("{0}")]
    Stored(#[from] ModelError),
    /// A direct destination's token or password is not in memory (asked for once per tab).
    #[error("enter the token or password for {name}: it is kept only while this tab is open")]
    SecretMissing {
        /// Destination id.
        id: String,
        /// Destination name.
        name: String,
    },
    /// The destination as entered has problems (all of them).
    #[error("{}", problems.iter().map(|problem| problem.message.as_str()).collect::<Vec<_>>().join("; "))]
    Invalid {
        /// Every problem.
        problems: Vec<FormProblem>,
    },
}

/// A problem of a destination form: the field it concerns and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormProblem {
    /// The field (`name`, `url`, `token`, `username`, `password`).
    pub field: String,
    /// What is wrong, lowercase, no trailing period.
    pub message: String,
}

impl FormProblem {
    /// A problem of `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> FormProblem {
        FormProblem {
            field: field.into(),
            message: message.into(),
        }
    }
}
