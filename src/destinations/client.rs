//! The client of a destination: one type (dhis2-api's [`dhis2_api::DestinationClient`] over
//! [`ContactTransport`]) whichever way the destination is reached — this instance and a route
//! of it ride on the user's session, a direct destination carries the token or password entered
//! in this tab. The wizard, the destinations page and the runner all build it with
//! [`client_for`].

use std::cell::Cell;
use std::rc::Rc;

use dhis2_api::browser::{FetchBody, FetchTransport};
use dhis2_api::transport::{HttpRequest, HttpResponse, ResponseHead, Transport, TransportError};
use dhis2_api::{Auth, Dhis2Client};
use sync_core::model::{DestinationInstance, DestinationKind};

use super::{DestinationError, DestinationSecrets, same_instance_message};
use crate::session::Session;

/// A destination's client.
pub type DestinationClient = dhis2_api::DestinationClient<ContactTransport>;

/// The browser transport of a destination, remembering whether the destination has answered.
/// The browser hides why a cross-origin request failed: before any answer a missing CORS
/// allowlist entry is the likely cause (not worth retrying); once the destination has answered,
/// CORS is known to work, so a failure is the network or the server going down, reported as
/// [`TransportError::Network`] and retried like any transient failure. Same-origin requests
/// (this instance, routes) never fail as cross-origin, so they pass through unchanged.
#[derive(Clone, Debug, Default)]
pub struct ContactTransport {
    answered: Rc<Cell<bool>>,
}

impl ContactTransport {
    /// Notes an answer, or turns a cross-origin failure after an earlier answer into a network
    /// failure.
    fn note<R>(&self, result: Result<R, TransportError>) -> Result<R, TransportError> {
        match result {
            Ok(response) => {
                self.answered.set(true);
                Ok(response)
            }
            Err(TransportError::CrossOrigin {
                target_origin,
                message,
                ..
            }) if self.answered.get() => Err(TransportError::Network(format!(
                "{target_origin} stopped answering ({message}): the network or the server is down"
            ))),
            Err(error) => Err(error),
        }
    }
}

impl Transport for ContactTransport {
    type Body = FetchBody;

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.note(FetchTransport.send(request).await)
    }

    async fn open(
        &self,
        request: HttpRequest,
    ) -> Result<(ResponseHead, FetchBody), TransportError> {
        self.note(FetchTransport.open(request).await)
    }
}

/// A client for `destination`: this instance's session, its route, or a direct client with the
/// credentials entered in this tab for this destination at this URL
/// ([`DestinationError::SecretMissing`] when there are none: ask for them,
/// [`DestinationSecrets::insert`], then call again).
pub fn client_for(
    destination: &DestinationInstance,
    session: &Session,
    secrets: &DestinationSecrets,
) -> Result<DestinationClient, DestinationError> {
    let on_session = |client: Dhis2Client<_>| {
        client
            .map_transport(|_| ContactTransport::default())
            .into_destination()
    };
    match &destination.kind {
        DestinationKind::CurrentInstance => Ok(on_session(session.client.clone())),
        DestinationKind::Route { route_id, scope } => {
            Ok(on_session(session.client.route_client(route_id, *scope)))
        }
        DestinationKind::Direct { .. } => {
            let auth = secrets
                .get(&destination.id, &destination.url)
                .ok_or_else(|| DestinationError::SecretMissing {
                    id: destination.id.clone(),
                    name: destination.name.clone(),
                })?;
            Ok(direct_client(destination, auth))
        }
    }
}

/// Refuses `destination` when it answers with the source's own `systemId` (the source under
/// another URL, or a route back to itself): checked when a run starts. "This instance" is
/// allowed; a destination that does not answer is not refused here (the run reports it).
pub async fn ensure_not_source(
    session: &Session,
    destination: &DestinationInstance,
    client: &DestinationClient,
) -> Result<(), DestinationError> {
    if destination.kind == DestinationKind::CurrentInstance {
        return Ok(());
    }
    let Ok(found) = client.system_info().await else {
        return Ok(());
    };
    match same_instance_message(&destination.name, session.system_id.as_deref(), &found) {
        Some(message) => Err(DestinationError::SameInstance { message }),
        None => Ok(()),
    }
}

/// A direct client with `auth`.
pub fn direct_client(destination: &DestinationInstance, auth: Auth) -> DestinationClient {
    Dhis2Client::direct(ContactTransport::default(), destination.url.clone(), auth)
}

/// True when the destination's requests ride on the user's session of this instance (so an
/// expired session there is paused for, like on the source).
pub fn uses_session(destination: &DestinationInstance) -> bool {
    !matches!(destination.kind, DestinationKind::Direct { .. })
}
