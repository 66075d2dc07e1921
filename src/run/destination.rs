//! Where a run writes: the current instance (the user's session), a destination behind a DHIS2
//! route of the current instance, or a destination reached directly with a token or password
//! entered for this run. A small seam the destinations service can later replace with its own
//! `client_for`; secrets live only in the [`Destination`] value, never stored.

use std::cell::Cell;
use std::rc::Rc;

use dhis2_api::browser::{FetchBody, FetchTransport};
use dhis2_api::transport::{HttpRequest, HttpResponse, ResponseHead, Transport, TransportError};
use dhis2_api::{Auth, AuthTransport, Dhis2Client};
use sync_core::model::{CURRENT_INSTANCE_ID, DestinationInstance, DestinationKind, DirectAuth};

use crate::environment::Client;
use crate::session::Session;

/// Most values per write chunk through a DHIS2 route (see [`Destination::max_chunk_size`]):
/// 1,000 conflicts of ~200 bytes stay under the route's 256 KB response limit.
pub const ROUTE_MAX_CHUNK_SIZE: usize = 1000;

/// A destination ready to receive values.
#[derive(Clone, Debug)]
pub enum Destination {
    /// The app's own instance, with the user's session.
    Current {
        /// Destination id in the rule.
        id: String,
        /// Name shown in the report.
        name: String,
    },
    /// Through route `route_id` of the app's own instance.
    Route {
        /// Destination id.
        id: String,
        /// Name.
        name: String,
        /// Route id.
        route_id: String,
    },
    /// Straight from the browser with credentials entered for this run.
    Direct {
        /// Destination id.
        id: String,
        /// Name.
        name: String,
        /// Base URL.
        url: String,
        /// Credentials (never stored).
        auth: Auth,
    },
}

/// The client of a destination: the session client type or the direct one.
pub enum DestinationClient {
    /// Current instance or a route (the user's session of the app's instance).
    Session(Client),
    /// A direct destination.
    Direct(Dhis2Client<AuthTransport<ContactTransport>>),
}

/// The browser transport of a direct destination, remembering whether the destination has
/// answered in this run. The browser hides why a cross-origin request failed: before any answer
/// a missing CORS allowlist entry is the likely cause (not worth retrying); once the destination
/// has answered, CORS is known to work, so a failure is the network or the server going down,
/// reported as [`TransportError::Network`] and retried like any transient failure.
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

impl Destination {
    /// Destination id.
    pub fn id(&self) -> &str {
        match self {
            Destination::Current { id, .. }
            | Destination::Route { id, .. }
            | Destination::Direct { id, .. } => id,
        }
    }

    /// Name for the report.
    pub fn name(&self) -> &str {
        match self {
            Destination::Current { name, .. }
            | Destination::Route { name, .. }
            | Destination::Direct { name, .. } => name,
        }
    }

    /// The most values per write chunk this destination takes. A route relays at most 256 KB
    /// of response (reference §11.1) and an import summary grows with its conflicts, so chunks
    /// through a route stay at [`ROUTE_MAX_CHUNK_SIZE`] values whatever the settings say.
    pub fn max_chunk_size(&self) -> Option<usize> {
        match self {
            Destination::Route { .. } => Some(ROUTE_MAX_CHUNK_SIZE),
            _ => None,
        }
    }

    /// True when the destination's requests ride on the user's session, so an expired session
    /// there is paused for, like on the source.
    pub fn uses_session(&self) -> bool {
        !matches!(self, Destination::Direct { .. })
    }

    /// A client for it.
    pub fn client(&self, session: &Session) -> DestinationClient {
        match self {
            Destination::Current { .. } => DestinationClient::Session(session.client.clone()),
            Destination::Route { route_id, .. } => {
                DestinationClient::Session(session.client.route_client(route_id))
            }
            Destination::Direct { url, auth, .. } => DestinationClient::Direct(
                Dhis2Client::direct(ContactTransport::default(), url, auth.clone()),
            ),
        }
    }
}

/// What a run needs before it can start.
#[derive(Clone, Debug)]
pub enum DestinationSetup {
    /// Ready.
    Ready(Destination),
    /// A direct destination: ask for its credentials, then [`DestinationSetup::with_auth`].
    NeedsCredentials {
        /// The stored destination.
        instance: DestinationInstance,
        /// The kind of credentials.
        auth: DirectAuth,
    },
}

impl DestinationSetup {
    /// The direct destination with the credentials the user entered.
    pub fn with_auth(instance: &DestinationInstance, auth: Auth) -> Destination {
        Destination::Direct {
            id: instance.id.clone(),
            name: instance.name.clone(),
            url: instance.url.clone(),
            auth,
        }
    }
}

/// Finds the destination a rule names: the current instance for [`CURRENT_INSTANCE_ID`], else
/// the stored destination entry (read by the destinations service).
pub async fn resolve_destination(
    session: &Session,
    destination_id: &str,
) -> Result<DestinationSetup, String> {
    let instance = if destination_id == CURRENT_INSTANCE_ID {
        DestinationInstance::current_instance()
    } else {
        crate::destinations::load_destination(&session.client, destination_id)
            .await
            .map_err(|error| format!("destination {destination_id} could not be loaded: {error}"))?
    };
    Ok(match &instance.kind {
        DestinationKind::CurrentInstance => DestinationSetup::Ready(Destination::Current {
            id: instance.id.clone(),
            name: instance.name.clone(),
        }),
        DestinationKind::Route { route_id } => DestinationSetup::Ready(Destination::Route {
            id: instance.id.clone(),
            name: instance.name.clone(),
            route_id: route_id.clone(),
        }),
        DestinationKind::Direct { auth } => DestinationSetup::NeedsCredentials {
            auth: *auth,
            instance: instance.clone(),
        },
    })
}
