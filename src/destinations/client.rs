//! [`DestinationClient`]: the few calls the wizard and the runner make on a destination, over
//! whichever transport reaches it (the user's session for this instance or a route, an
//! `Authorization` header for a direct destination).

use dhis2_api::browser::FetchTransport;
use dhis2_api::model::{ConnectionCheck, CurrentUser, SystemInfo};
use dhis2_api::{ApiError, AuthTransport, ClientTarget, Dhis2Client, RawResponse};
use sync_core::import_result::{AsyncTask, ImportOutcome, TaskProgress};
use sync_core::model::{DestinationInstance, DestinationKind};

use super::{DestinationError, DestinationSecrets};
use crate::session::Session;

/// A client for a destination. Build it with [`client_for`].
#[derive(Clone, Debug)]
pub enum DestinationClient {
    /// This instance, or a destination behind a route of this instance: the user's session.
    Session(Dhis2Client<FetchTransport>),
    /// A destination reached straight from the browser with a token or password.
    Direct(Dhis2Client<AuthTransport<FetchTransport>>),
}

/// The same call on either client type.
macro_rules! on_client {
    ($self:ident, $client:ident => $call:expr) => {
        match $self {
            DestinationClient::Session($client) => $call,
            DestinationClient::Direct($client) => $call,
        }
    };
}

/// A client for `destination`: this instance's session client, its route client, or a direct
/// client with the credentials entered in this tab ([`DestinationError::SecretMissing`] when
/// there are none: ask for them, [`DestinationSecrets::insert`], then call again).
pub fn client_for(
    destination: &DestinationInstance,
    session: &Session,
    secrets: &DestinationSecrets,
) -> Result<DestinationClient, DestinationError> {
    match &destination.kind {
        DestinationKind::CurrentInstance => Ok(DestinationClient::Session(session.client.clone())),
        DestinationKind::Route { route_id } => Ok(DestinationClient::Session(
            session.client.route_client(route_id),
        )),
        DestinationKind::Direct { .. } => {
            let auth =
                secrets
                    .get(&destination.id)
                    .ok_or_else(|| DestinationError::SecretMissing {
                        id: destination.id.clone(),
                        name: destination.name.clone(),
                    })?;
            Ok(DestinationClient::Direct(Dhis2Client::direct(
                FetchTransport,
                destination.url.clone(),
                auth,
            )))
        }
    }
}

impl DestinationClient {
    /// The base URL requests are built on (for a route, its `run` URL).
    pub fn base_url(&self) -> &str {
        on_client!(self, client => client.base_url())
    }

    /// How requests reach the destination.
    pub fn target(&self) -> &ClientTarget {
        on_client!(self, client => client.target())
    }

    /// The URL of `GET /api/dataValueSets` with `params` (to keep it under URL length limits).
    pub fn data_value_sets_url(&self, params: &[(String, String)]) -> String {
        on_client!(self, client => client.data_value_sets_url(params))
    }

    /// `GET /api/dataValueSets`: the raw JSON body for sync-core's reader.
    pub async fn data_value_sets(&self, params: &[(String, String)]) -> Result<Vec<u8>, ApiError> {
        on_client!(self, client => client.data_value_sets(params).await)
    }

    /// `POST /api/dataValueSets`: the answer unparsed (read it with `RawResponse::parse_import`).
    pub async fn post_data_value_set(
        &self,
        body: Vec<u8>,
        params: &[(String, String)],
    ) -> Result<RawResponse, ApiError> {
        on_client!(self, client => client.post_data_value_set(body, params).await)
    }

    /// Progress of an async import.
    pub async fn import_task_progress(&self, task: &AsyncTask) -> Result<TaskProgress, ApiError> {
        on_client!(self, client => client.import_task_progress(task).await)
    }

    /// Summary of a finished async import (`None` while not available).
    pub async fn import_task_summary(
        &self,
        task: &AsyncTask,
    ) -> Result<Option<ImportOutcome>, ApiError> {
        on_client!(self, client => client.import_task_summary(task).await)
    }

    /// `/api/system/info` of the destination.
    pub async fn system_info(&self) -> Result<SystemInfo, ApiError> {
        on_client!(self, client => client.system_info().await)
    }

    /// The user the destination acts as.
    pub async fn current_user(&self) -> Result<CurrentUser, ApiError> {
        on_client!(self, client => client.current_user().await)
    }

    /// Version, user and import right of the destination, or the classified failure.
    pub async fn test_connection(&self) -> Result<ConnectionCheck, ApiError> {
        on_client!(self, client => client.test_connection().await)
    }
}
