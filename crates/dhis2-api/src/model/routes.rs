//! DHIS2 routes (2.40+, reference §11.1) as the app manages them: a route per destination, so the
//! destination's credentials stay encrypted on the server and never reach the browser.

/// How a route authenticates to its target. Secrets are write-only: DHIS2 never returns them,
/// and `Debug` does not print them.
#[derive(Clone, PartialEq, Eq)]
pub enum RouteAuth {
    /// `Authorization: ApiToken <token>` (a personal access token of the destination).
    ApiToken {
        /// The token.
        token: String,
    },
    /// HTTP Basic with a user of the destination.
    HttpBasic {
        /// User name.
        username: String,
        /// Password.
        password: String,
    },
    /// No credentials (a public target; useless for a DHIS2 destination but valid).
    None,
}

impl std::fmt::Debug for RouteAuth {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RouteAuth::ApiToken { .. } => formatter.write_str("ApiToken(<redacted>)"),
            RouteAuth::HttpBasic { username, .. } => {
                write!(formatter, "HttpBasic({username}, <redacted>)")
            }
            RouteAuth::None => formatter.write_str("None"),
        }
    }
}

/// What the app sends to create or replace a route.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteDefinition {
    /// Name shown in DHIS2.
    pub name: String,
    /// Unique code (a route can be run by code too).
    pub code: String,
    /// Target URL; a destination route is a wildcard: [`wildcard_route_url`] of its base URL.
    pub url: String,
    /// Credentials the route adds.
    pub auth: RouteAuth,
    /// Authorities whose holders may run the route (give the app's `M_…` authority so every
    /// user of the app can run rules through it).
    pub authorities: Vec<String>,
    /// Upstream timeout, 1–60 seconds (`None`: the server's default, as low as 5 s).
    pub response_timeout_seconds: Option<u32>,
    /// Disabled routes refuse to run.
    pub disabled: bool,
}

/// A route as the server lists it (never with secrets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    /// UID.
    pub id: String,
    /// Name.
    pub name: String,
    /// Code, when set.
    pub code: Option<String>,
    /// Target URL.
    pub url: String,
    /// Disabled?
    pub disabled: bool,
    /// `auth.type` (`api-token`, `http-basic`, …), when the route has credentials.
    pub auth_type: Option<String>,
    /// Authorities allowed to run it.
    pub authorities: Vec<String>,
    /// Upstream timeout in seconds, when set.
    pub response_timeout_seconds: Option<u32>,
}

/// `<base>/**`: the route URL that relays every sub-path after `/run/` to the destination.
pub fn wildcard_route_url(destination_base_url: &str) -> String {
    format!("{}/**", destination_base_url.trim().trim_end_matches('/'))
}
