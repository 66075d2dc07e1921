//! The HTTP surface: URL normalisation (`/api/NN/`, `.json`/`.csv` suffixes), the router (with
//! CORS outermost, then fault injection, then authentication) and small request helpers shared by
//! the endpoint modules.

pub mod apps;
pub mod cors;
pub mod data_locks;
pub mod data_store;
pub mod data_value_sets;
pub mod fault_layer;
pub mod home;
pub mod key_value;
pub mod me;
pub mod message_conversations;
pub mod metadata;
pub mod object_sharing;
pub mod query;
pub mod routes;
pub mod settings;
pub mod system;
pub mod testing;
pub mod testing_clock;
pub mod tokens;
pub mod user_roles;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderMap, Uri};
use axum::routing::{any, get, post};
use tower::Layer;
use tower::util::MapRequestLayer;

use crate::auth;
pub use crate::request_path::{Format, RequestInfo, normalised_path};
use crate::state::SharedState;

/// Rewrites `/api/NN/x.json` to `/api/x` and records what was removed.
fn normalise_request(mut request: Request) -> Request {
    let uri = request.uri().clone();
    let (path, info) = normalised_path(uri.path());
    if path != uri.path() {
        let rebuilt = match uri.query() {
            Some(query) => format!("{path}?{query}"),
            None => path,
        };
        if let Ok(new_uri) = rebuilt.parse::<Uri>() {
            *request.uri_mut() = new_uri;
        }
    }
    request.extensions_mut().insert(info);
    request
}

/// The absolute context path (`http://host:port`) of a request.
pub fn context_path(headers: &HeaderMap) -> String {
    let header_text = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    let scheme = header_text("x-forwarded-proto").unwrap_or("http");
    let host = header_text("x-forwarded-host")
        .or_else(|| header_text("host"))
        .unwrap_or("127.0.0.1");
    let host = match header_text("x-forwarded-port") {
        Some(port) if !host.contains(':') && port != "80" && port != "443" => {
            format!("{host}:{port}")
        }
        _ => host.to_string(),
    };
    format!("{scheme}://{host}")
}

/// Query parameters in order, repeated keys kept.
pub fn query_pairs(uri: &Uri) -> Vec<(String, String)> {
    uri.query()
        .map(|query| {
            form_urlencoded::parse(query.as_bytes())
                .map(|(key, value)| (key.into_owned(), value.into_owned()))
                .collect()
        })
        .unwrap_or_default()
}

/// Typed access to ordered query parameters.
#[derive(Debug, Clone, Default)]
pub struct QueryParams {
    /// The pairs in request order.
    pub pairs: Vec<(String, String)>,
}

impl QueryParams {
    /// From a URI.
    pub fn from_uri(uri: &Uri) -> Self {
        Self {
            pairs: query_pairs(uri),
        }
    }

    /// First value of `key`.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.as_str())
    }

    /// Every value of `key` (comma-separated values are not split).
    pub fn all(&self, key: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(name, _)| name == key)
            .map(|(_, value)| value.as_str())
            .collect()
    }

    /// Boolean parameter (`true` case-insensitively).
    pub fn flag(&self, key: &str) -> Option<bool> {
        self.get(key)
            .map(|value| value.eq_ignore_ascii_case("true"))
    }
}

/// `/favicon.ico`: an empty answer, so browsers log no 404 for it.
async fn favicon() -> axum::http::StatusCode {
    axum::http::StatusCode::NO_CONTENT
}

/// The router behind URL normalisation.
pub type NormalisedRouter = tower::util::MapRequest<Router, fn(Request) -> Request>;

/// The router of the whole server, wrapped in URL normalisation (served by
/// [`crate::connections`]).
pub fn service(state: SharedState) -> NormalisedRouter {
    test_service(state)
}

/// The router, with URL normalisation applied (for `oneshot` tests).
pub fn test_service(state: SharedState) -> NormalisedRouter {
    let normalise: fn(Request) -> Request = normalise_request;
    MapRequestLayer::new(normalise).layer(router(state))
}

/// The application router (without URL normalisation).
pub fn router(state: SharedState) -> Router {
    let inner = Router::new()
        .route("/", get(auth::login_page))
        .route("/login.html", get(auth::login_page))
        .route("/favicon.ico", get(favicon))
        .route(
            "/dhis-web-commons/security/login.action",
            get(auth::login_page),
        )
        .route("/dhis-web-login", get(auth::login_page))
        .route("/dhis-web-login/", get(auth::login_page))
        .route(
            "/dhis-web-commons-security/login.action",
            post(auth::form_login),
        )
        .route(
            "/dhis-web-commons-security/logout.action",
            any(auth::logout),
        )
        .route("/dhis-web-dashboard", get(home::home_page))
        .route("/dhis-web-dashboard/", get(home::home_page))
        .route("/api/auth/login", post(auth::json_login))
        .merge(system::routes())
        .merge(me::routes())
        .merge(message_conversations::routes())
        .merge(apps::routes())
        .merge(tokens::routes())
        .merge(data_value_sets::routes())
        .merge(data_store::routes())
        .merge(object_sharing::routes())
        .merge(settings::routes())
        .merge(routes::routes())
        .merge(data_locks::routes())
        .merge(user_roles::routes())
        .merge(testing_clock::routes())
        .merge(metadata::routes())
        .merge(testing::routes())
        .layer(axum::extract::DefaultBodyLimit::max(1 << 30))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::authenticate,
        ))
        .with_state(state.clone());
    // CORS wraps everything (including 405s and unknown paths), so it sits outside the router.
    // Fault injection sits inside it, so a browser still reads an injected status.
    Router::new()
        .fallback_service(inner)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            fault_layer::inject_faults,
        ))
        .layer(axum::middleware::from_fn_with_state(state, cors::cors))
}
