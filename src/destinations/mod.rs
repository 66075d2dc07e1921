//! Destination instances as a service for the pages, the wizard and the runner: save and delete
//! them from the form (validation, the DHIS2 route behind a route destination), keep direct
//! destinations' secrets in memory only, and build a [`DestinationClient`] that reaches a
//! destination. Reading and writing their dataStore entries (`destination-<id>`) is
//! `sync_engine::store::destinations`.
//!
//! No views here. Secrets never reach the dataStore, sessionStorage or the console: a route keeps
//! its credentials encrypted on the server, a direct destination's token or password lives in
//! [`DestinationSecrets`] for as long as the browser tab (and never crosses the network over
//! plain HTTP). A destination that is the source itself is refused, when saved and when a run
//! starts; only "This instance" writes into the source.

mod checks;
mod client;
mod saving;
mod secrets;
mod test_summary;

pub use checks::{
    is_loopback_host, may_manage_destinations, plain_http_problem, same_instance_message,
    superuser_warning,
};
pub use client::{
    ContactTransport, DestinationClient, client_for, direct_client, ensure_not_source, uses_session,
};
pub use saving::{
    ConnectionInput, DestinationInput, delete_destination, narrow_route, save_destination,
};
pub use secrets::DestinationSecrets;
pub use test_summary::{TestSummary, summarize_test, test_destination};

use dhis2_api::ApiError;
use sync_core::model::ModelError;
use sync_engine::store::StoreError;

/// Why a destination could not be loaded, saved, deleted or reached.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DestinationError {
    /// A DHIS2 call failed (the own instance, the route or the destination).
    #[error(transparent)]
    Api(#[from] ApiError),
    /// A stored destination could not be read.
    #[error("{0}")]
    Stored(#[from] ModelError),
    /// The dataStore refused (no access, a key taken).
    #[error("{0}")]
    Store(StoreError),
    /// A direct destination's token or password is not in memory (asked for once per tab).
    #[error("enter the token or password for {name}: it is kept only while this tab is open")]
    SecretMissing {
        /// Destination id.
        id: String,
        /// Destination name.
        name: String,
    },
    /// The destination is the instance the app runs in, reached under another URL or through a
    /// route back to itself (the same `systemId`).
    #[error("{message}")]
    SameInstance {
        /// What is wrong and what to do.
        message: String,
    },
    /// The destination as entered has problems (all of them).
    #[error("{}", problems.iter().map(|problem| problem.message.as_str()).collect::<Vec<_>>().join("; "))]
    Invalid {
        /// Every problem.
        problems: Vec<FormProblem>,
    },
}

impl From<StoreError> for DestinationError {
    fn from(error: StoreError) -> DestinationError {
        match error {
            StoreError::Api(error) => DestinationError::Api(error),
            StoreError::Model(error) => DestinationError::Stored(error),
            other => DestinationError::Store(other),
        }
    }
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
