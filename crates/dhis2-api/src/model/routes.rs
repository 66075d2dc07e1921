//! DHIS2 routes (2.40+, reference §11.1) as the app manages them: a route per destination, so the
//! destination's credentials stay encrypted on the server and never reach the browser; its URL
//! covers the destination's Web API only, and its sharing names who may run it.

pub use sync_core::model::RouteScope;

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
    /// Target URL; a destination route is a wildcard: [`route_url`] of its base URL.
    pub url: String,
    /// Credentials the route adds.
    pub auth: RouteAuth,
    /// Authorities whose holders may run the route (besides those its sharing lets read it).
    pub authorities: Vec<String>,
    /// Who may read and run the route; `None` leaves DHIS2's default for new metadata, which
    /// makes it public when its creator may.
    pub sharing: Option<RouteSharing>,
    /// Upstream timeout, 1–60 seconds (`None`: the server's default, as low as 5 s).
    pub response_timeout_seconds: Option<u32>,
    /// Disabled routes refuse to run.
    pub disabled: bool,
}

/// The sharing of a route (2.36+ object sharing): no public access; its owner and the listed
/// users may read and change it (`rw------`), the listed user groups may read, and so run, it
/// (`r-------`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RouteSharing {
    /// UID of the owning user (the one who creates the route).
    pub owner: String,
    /// UIDs of users with `rw------`.
    pub users: Vec<String>,
    /// UIDs of user groups with `r-------`.
    pub user_groups: Vec<String>,
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

/// The wildcard route URL of a destination: `<base>/api/**` ([`RouteScope::Api`], relays the
/// destination's Web API only) or `<base>/**` ([`RouteScope::Server`], every path).
pub fn route_url(destination_base_url: &str, scope: RouteScope) -> String {
    let base = destination_base_url.trim().trim_end_matches('/');
    match scope {
        RouteScope::Api => format!("{base}/api/**"),
        RouteScope::Server => format!("{base}/**"),
    }
}

/// What a route's URL covers: [`RouteScope::Api`] for `…/api/**`, [`RouteScope::Server`] for
/// another wildcard `…/**`, `None` for a route without sub-paths.
pub fn scope_of_route_url(url: &str) -> Option<RouteScope> {
    let prefix = url.trim().strip_suffix("/**")?;
    Some(if prefix.ends_with("/api") {
        RouteScope::Api
    } else {
        RouteScope::Server
    })
}

/// A user group (a route can be shared with one): the metadata's [`super::IdName`].
pub type UserGroup = super::IdName;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_urls_and_their_scope() {
        assert_eq!(
            route_url("https://dest.org/dhis/", RouteScope::Api),
            "https://dest.org/dhis/api/**"
        );
        assert_eq!(
            route_url(" https://dest.org ", RouteScope::Server),
            "https://dest.org/**"
        );
        assert_eq!(
            scope_of_route_url("https://dest.org/dhis/api/**"),
            Some(RouteScope::Api)
        );
        assert_eq!(
            scope_of_route_url("https://dest.org/dhis/**"),
            Some(RouteScope::Server)
        );
        assert_eq!(scope_of_route_url("https://dest.org/api/me"), None);
    }
}
