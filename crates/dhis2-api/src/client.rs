//! The DHIS2 client: builds URLs, sends them through a [`Transport`], classifies failures and
//! converts wire JSON into [`crate::model`] values.
//!
//! This file holds the client's core (targets, sending, error classification) and the calls
//! about the user and the server; the other calls live beside it by area (`metadata`,
//! `data_values`, `data_store`, `settings`, `routes`), all as methods of [`Dhis2Client`].
//!
//! A client has a [`ClientTarget`]: the app's own instance with the user's session, a
//! destination reached through a DHIS2 route of the own instance, or a destination reached
//! directly with a token or password. Every call works the same on all three; only the meaning
//! of a 401 or an HTML page differs.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::auth::{Auth, AuthTransport};
use crate::error::ApiError;
use crate::model::{ConnectionCheck, CurrentUser, DataSetSummary, Page, RouteScope, SystemInfo};
use crate::query::{ListQuery, url_with_params};
use crate::transport::{
    HttpRequest, HttpResponse, Method, ResponseHead, Transport, TransportError,
};
use crate::wire;

/// Fields the app needs from `/api/me`, valid on every version 2.36–2.43.
const ME_FIELDS: &str = "id,username,userCredentials[username],displayName,name,authorities,\
                         organisationUnits[id],dataViewOrganisationUnits[id],settings";

/// Where a client's requests go and how they are authenticated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClientTarget {
    /// The app's own instance, with the user's session cookie.
    Session,
    /// A destination reached through a route of the own instance (2.40+): every request goes to
    /// `<instance>/api/routes/<route_id>/run/…`, and the route adds the credentials.
    Route {
        /// The own instance's base URL.
        instance_base_url: String,
        /// The route's id (or code).
        route_id: String,
        /// What the route's URL covers: `/api/x` is `run/x` for a `<base>/api/**` route,
        /// `run/api/x` for a `<base>/**` one.
        scope: RouteScope,
    },
    /// A destination reached straight from the browser with a token or password and no cookies.
    Direct,
}

/// A client for one DHIS2 instance.
#[derive(Clone, Debug)]
pub struct Dhis2Client<T> {
    transport: T,
    base_url: String,
    target: ClientTarget,
}

impl<T> Dhis2Client<T> {
    /// A client for the instance at `base_url` (no trailing slash needed) with the user's session.
    pub fn new(transport: T, base_url: impl Into<String>) -> Dhis2Client<T> {
        Dhis2Client {
            transport,
            base_url: trim_base(base_url.into()),
            target: ClientTarget::Session,
        }
    }

    /// A client for the destination behind route `route_id` of the instance at
    /// `instance_base_url`: its base URL is `<instance>/api/routes/<route_id>/run`. The route is
    /// a wildcard route to the destination, `<base>/api/**` ([`RouteScope::Api`]: `/api/me`
    /// becomes `…/run/me`) or `<base>/**` ([`RouteScope::Server`]: `…/run/api/me`).
    pub fn through_route(
        transport: T,
        instance_base_url: impl Into<String>,
        route_id: impl Into<String>,
        scope: RouteScope,
    ) -> Dhis2Client<T> {
        let instance_base_url = trim_base(instance_base_url.into());
        let route_id = route_id.into();
        Dhis2Client {
            transport,
            base_url: format!(
                "{instance_base_url}/api/routes/{}/run",
                crate::query::encode_component(&route_id)
            ),
            target: ClientTarget::Route {
                instance_base_url,
                route_id,
                scope,
            },
        }
    }

    /// The base URL requests are built on (for a route, the route's `run` URL).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Where requests go.
    pub fn target(&self) -> &ClientTarget {
        &self.target
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// The URL of the Web API path `/api/<path>` of this client's instance: `<base>/api/<path>`,
    /// or `<run URL>/<path>` through a route that covers the API only.
    pub fn api_url(&self, path: &str) -> String {
        let path = path.trim_start_matches('/');
        match self.target {
            ClientTarget::Route {
                scope: RouteScope::Api,
                ..
            } => format!("{}/{path}", self.base_url),
            _ => format!("{}/api/{path}", self.base_url),
        }
    }

    /// The URL of `endpoint`, a path the server gave relative to its root (an async job's
    /// `relativeNotifierEndpoint`, `/api/system/tasks/…`), on this client's instance, so it
    /// works through a route too. `None` unless it is `/api/` and plain path segments (letters,
    /// digits, `_`, `-`, `.` but no `..`): a destination cannot steer the client elsewhere.
    pub fn api_url_of_endpoint(&self, endpoint: &str) -> Option<String> {
        let path = endpoint.strip_prefix("/api/")?;
        let plain = |segment: &str| {
            !segment.is_empty()
                && segment != "."
                && segment != ".."
                && segment
                    .bytes()
                    .all(|byte| byte.is_ascii_alphanumeric() || b"_-.".contains(&byte))
        };
        path.split('/').all(plain).then(|| self.api_url(path))
    }
}

impl<T> Dhis2Client<T> {
    /// The same client (base URL, target) over another transport made from this one's.
    pub fn map_transport<U>(self, wrap: impl FnOnce(T) -> U) -> Dhis2Client<U> {
        Dhis2Client {
            transport: wrap(self.transport),
            base_url: self.base_url,
            target: self.target,
        }
    }
}

/// A destination's client, one type for every kind of destination: the app's own instance and a
/// route ride on the user's session ([`AuthTransport::session`]), a direct destination carries
/// its credentials ([`Dhis2Client::direct`]).
pub type DestinationClient<T> = Dhis2Client<AuthTransport<T>>;

impl<T> Dhis2Client<T> {
    /// This session client as a [`DestinationClient`] (the app's own instance as a destination;
    /// call it on a route client for a route destination).
    pub fn into_destination(self) -> DestinationClient<T> {
        self.map_transport(AuthTransport::session)
    }
}

impl<T: Clone> Dhis2Client<T> {
    /// A client on the same transport for the destination behind route `route_id` (covering
    /// `scope`) of this client's instance (call it on the session client of the app's own
    /// instance).
    pub fn route_client(&self, route_id: &str, scope: RouteScope) -> Dhis2Client<T> {
        let instance = match &self.target {
            ClientTarget::Route {
                instance_base_url, ..
            } => instance_base_url.clone(),
            _ => self.base_url.clone(),
        };
        Dhis2Client::through_route(self.transport.clone(), instance, route_id, scope)
    }
}

impl<T> Dhis2Client<AuthTransport<T>> {
    /// A client for a destination reached directly: every request carries `auth` in an
    /// `Authorization` header and no cookies. Cross-origin, the destination must allow the app's
    /// origin in its CORS allowlist; a refused request becomes [`ApiError::CorsBlocked`].
    pub fn direct(
        transport: T,
        base_url: impl Into<String>,
        auth: Auth,
    ) -> Dhis2Client<AuthTransport<T>> {
        Dhis2Client {
            transport: AuthTransport::new(transport, auth),
            base_url: trim_base(base_url.into()),
            target: ClientTarget::Direct,
        }
    }
}

fn trim_base(base_url: String) -> String {
    base_url.trim().trim_end_matches('/').to_string()
}

impl<T: Transport> Dhis2Client<T> {
    /// The logged-in user (for a destination: the user the token, password or route acts as).
    pub async fn current_user(&self) -> Result<CurrentUser, ApiError> {
        let url = url_with_params(&self.api_url("me"), &[param("fields", ME_FIELDS)]);
        let me: wire::Me = self.get_json(&url).await?;
        Ok(me.into())
    }

    /// `/api/system/info`.
    pub async fn system_info(&self) -> Result<SystemInfo, ApiError> {
        let info: wire::SystemInfo = self.get_json(&self.api_url("system/info")).await?;
        Ok(info.into())
    }

    /// Tests a connection (a destination's "Test connection"): the server's version and the
    /// user it acts as, and whether that user may import data values. A missing CORS allowlist
    /// entry is [`ApiError::CorsBlocked`], refused credentials [`ApiError::CredentialsRejected`].
    pub async fn test_connection(&self) -> Result<ConnectionCheck, ApiError> {
        let system = self.system_info().await?;
        let user = self.current_user().await?;
        let can_import = user.can_import_data_values();
        Ok(ConnectionCheck {
            system,
            user,
            can_import,
        })
    }

    /// `/api/me/authorization/{authority}`: whether the user holds `authority` (`ALL` counts for
    /// every authority on the server's side).
    pub async fn has_authority(&self, authority: &str) -> Result<bool, ApiError> {
        let url = self.api_url(&format!(
            "me/authorization/{}",
            crate::query::encode_component(authority)
        ));
        self.get_json(&url).await
    }

    /// One page of data sets, ordered by name.
    pub async fn data_sets(&self, query: &ListQuery) -> Result<Page<DataSetSummary>, ApiError> {
        let mut params = query.params();
        params.push(param("fields", "id,displayName,periodType,lastUpdated"));
        let url = url_with_params(&self.api_url("dataSets"), &params);
        let response = self.get(&url).await?;
        let (pager, data_sets) = wire::decode_list::<wire::DataSet>(&response, "dataSets")?;
        Ok(wire::page(pager, data_sets))
    }

    /// Sends `request` with the headers every DHIS2 call needs, mapping a missing answer to
    /// [`ApiError::Network`] or [`ApiError::CorsBlocked`]. Any HTTP status is returned as is.
    pub(crate) async fn exchange(&self, request: HttpRequest) -> Result<HttpResponse, ApiError> {
        self.transport
            .send(with_dhis2_headers(request))
            .await
            .map_err(transport_error)
    }

    /// Like [`Dhis2Client::exchange`], but returns as soon as the head arrives, with the body
    /// still to be read (see [`Transport::open`]).
    pub(crate) async fn open_exchange(
        &self,
        request: HttpRequest,
    ) -> Result<(ResponseHead, T::Body), ApiError> {
        self.transport
            .open(with_dhis2_headers(request))
            .await
            .map_err(transport_error)
    }

    /// Sends `request` and turns error statuses and HTML pages into [`ApiError`]s.
    pub(crate) async fn checked(&self, request: HttpRequest) -> Result<HttpResponse, ApiError> {
        let response = self.exchange(request).await?;
        self.classify(response).await
    }

    /// Classifies a response by this client's target (see [`check_status`] for the session).
    pub(crate) async fn classify(&self, response: HttpResponse) -> Result<HttpResponse, ApiError> {
        if response.status == 401 {
            return Err(self.unauthorized(&response).await);
        }
        if let Err(error) = check_status(&response) {
            return Err(match (&self.target, error) {
                (
                    ClientTarget::Route { .. },
                    ApiError::Http {
                        status,
                        message,
                        error_code,
                    },
                ) if status == 502 || status == 504 => ApiError::Http {
                    status,
                    message: route_gateway_message(status, message),
                    error_code,
                },
                (_, error) => error,
            });
        }
        if looks_like_html(&response) {
            return Err(match self.target {
                ClientTarget::Session => ApiError::SessionExpired,
                _ if looks_like_login_page(&response) => ApiError::CredentialsRejected {
                    message: "the destination answered with its login page".to_string(),
                },
                _ => ApiError::Decode(format!(
                    "expected JSON but got an HTML page: is {} the base URL of a DHIS2 instance?",
                    self.base_url
                )),
            });
        }
        Ok(response)
    }

    /// What a 401 means for this target. Through a route it may come from the own instance (the
    /// session expired) or from the destination (the route's credentials were refused): asking
    /// the own instance who is logged in tells them apart.
    async fn unauthorized(&self, response: &HttpResponse) -> ApiError {
        let message =
            wire::web_message_text(&response.body).unwrap_or_else(|| "Unauthorized".to_string());
        match &self.target {
            ClientTarget::Session => ApiError::SessionExpired,
            ClientTarget::Direct => ApiError::CredentialsRejected { message },
            ClientTarget::Route {
                instance_base_url, ..
            } => {
                let probe = HttpRequest::get(format!("{instance_base_url}/api/me?fields=id"));
                match self.exchange(probe).await {
                    Ok(me) if (200..300).contains(&me.status) && !looks_like_html(&me) => {
                        ApiError::CredentialsRejected {
                            message: format!("{message} (check the route's token or password)"),
                        }
                    }
                    _ => ApiError::SessionExpired,
                }
            }
        }
    }

    /// GET `url`, classified.
    pub(crate) async fn get(&self, url: &str) -> Result<HttpResponse, ApiError> {
        self.checked(HttpRequest::get(url)).await
    }

    /// GET `url` and decode its JSON.
    pub(crate) async fn get_json<R: DeserializeOwned>(&self, url: &str) -> Result<R, ApiError> {
        let response = self.get(url).await?;
        decode_body(&response)
    }

    /// Sends `body` as JSON with `method` and returns the classified response.
    pub(crate) async fn send_json<B: Serialize + ?Sized>(
        &self,
        method: Method,
        url: &str,
        body: &B,
    ) -> Result<HttpResponse, ApiError> {
        let bytes =
            serde_json::to_vec(body).map_err(|error| ApiError::Decode(error.to_string()))?;
        let request = HttpRequest::new(method, url).with_body("application/json", bytes);
        self.checked(request).await
    }
}

/// `request` with the headers every DHIS2 call needs: `X-Requested-With` (an expired session is
/// a 401, not a login page) and JSON unless the caller asked for something else.
fn with_dhis2_headers(request: HttpRequest) -> HttpRequest {
    let request = request.with_header("X-Requested-With", "XMLHttpRequest");
    if request.header("Accept").is_none() {
        request.with_header("Accept", "application/json")
    } else {
        request
    }
}

/// A request that got no HTTP answer (or lost its body midway), as the client reports it.
pub(crate) fn transport_error(error: TransportError) -> ApiError {
    match error {
        TransportError::Network(message) => ApiError::Network(message),
        TransportError::CrossOrigin {
            target_origin,
            page_origin,
            ..
        } => ApiError::CorsBlocked {
            destination: target_origin,
            app_origin: page_origin,
        },
    }
}

/// A query parameter pair.
pub(crate) fn param(key: &str, value: impl Into<String>) -> (String, String) {
    (key.to_string(), value.into())
}

fn route_gateway_message(status: u16, message: String) -> String {
    let hint = if status == 504 {
        "the destination did not answer within the route's timeout (raise \
         responseTimeoutSeconds, or send smaller chunks)"
    } else {
        "the route could not relay the destination's answer (too large, or the destination \
         failed): send smaller chunks"
    };
    if message.trim().is_empty() {
        hint.to_string()
    } else {
        format!("{hint}: {message}")
    }
}

/// Decodes the JSON body of a response already classified.
pub(crate) fn decode_body<R: DeserializeOwned>(response: &HttpResponse) -> Result<R, ApiError> {
    serde_json::from_slice(&response.body).map_err(|error| ApiError::Decode(error.to_string()))
}

/// Classifies a response of the app's own instance and decodes its JSON body.
///
/// A login page instead of JSON means the session expired: DHIS2 answers an unauthenticated
/// request without `X-Requested-With` with a redirect to its login form.
pub fn decode_json<R: DeserializeOwned>(response: &HttpResponse) -> Result<R, ApiError> {
    check_status(response)?;
    if looks_like_html(response) {
        return Err(ApiError::SessionExpired);
    }
    decode_body(response)
}

/// Turns error statuses into [`ApiError`]s, keeping DHIS2's WebMessage text (session rules:
/// 401 is [`ApiError::SessionExpired`]).
pub fn check_status(response: &HttpResponse) -> Result<(), ApiError> {
    let status = response.status;
    if (200..300).contains(&status) {
        return Ok(());
    }
    let web_message = wire::WebMessage::parse(&response.body);
    let error_code = web_message
        .as_ref()
        .and_then(|message| message.error_code.clone());
    let message = web_message
        .and_then(|message| message.message)
        .unwrap_or_else(|| body_snippet(&response.body));
    Err(match status {
        401 => ApiError::SessionExpired,
        403 => ApiError::Forbidden { message },
        404 => ApiError::NotFound { message },
        429 => ApiError::TooManyRequests {
            message,
            retry_after_seconds: response.retry_after_seconds,
        },
        _ => ApiError::Http {
            status,
            message,
            error_code,
        },
    })
}

/// The start of a body as text, for messages.
pub(crate) fn body_snippet(body: &[u8]) -> String {
    String::from_utf8_lossy(body)
        .trim()
        .chars()
        .take(200)
        .collect()
}

/// True when the body is HTML rather than JSON.
pub(crate) fn looks_like_html(response: &HttpResponse) -> bool {
    is_html_type(response.content_type.as_deref())
        || first_visible_byte(&response.body) == Some(b'<')
}

/// True for a `Content-Type` of HTML.
pub(crate) fn is_html_type(content_type: Option<&str>) -> bool {
    content_type.is_some_and(|kind| kind.to_ascii_lowercase().contains("text/html"))
}

/// The first byte of `bytes` that is not ASCII white space.
pub(crate) fn first_visible_byte(bytes: &[u8]) -> Option<u8> {
    bytes
        .iter()
        .find(|byte| !byte.is_ascii_whitespace())
        .copied()
}

fn looks_like_login_page(response: &HttpResponse) -> bool {
    let start: String =
        String::from_utf8_lossy(&response.body[..response.body.len().min(4000)]).to_lowercase();
    ["j_username", "dhis-web-login", "login", "sign in"]
        .iter()
        .any(|word| start.contains(word))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Fake, html, json, run};

    #[test]
    fn me_of_2_36_reads_user_credentials() {
        let server = Fake::new().on(
            Method::Get,
            "/api/me",
            json(
                200,
                r#"{"id":"M5zQapPyTZI","name":"John Traore","userCredentials":{"username":"admin"},
               "authorities":["ALL"],"organisationUnits":[{"id":"ImspTQPwCqd"}]}"#,
            ),
        );
        let client = Dhis2Client::new(&server, "http://h/dhis/");
        let user = run(client.current_user()).unwrap();
        assert_eq!(user.username, "admin");
        assert_eq!(user.display_name, "John Traore");
        assert_eq!(user.organisation_units, vec!["ImspTQPwCqd".to_string()]);
        assert!(server.urls()[0].starts_with("http://h/dhis/api/me?fields="));
        let request = server.last();
        assert_eq!(request.header("X-Requested-With"), Some("XMLHttpRequest"));
        assert_eq!(request.header("Accept"), Some("application/json"));
    }

    #[test]
    fn me_of_2_41_reads_top_level_username() {
        let server = Fake::new().on(
            Method::Get,
            "/api/me",
            json(
                200,
                r#"{"id":"M5zQapPyTZI","username":"admin","displayName":"John Traore",
                   "userCredentials":{"username":"admin"},"settings":{"keyUiLocale":"fr"},
                   "dataViewOrganisationUnits":[{"id":"ImspTQPwCqd"}]}"#,
            ),
        );
        let client = Dhis2Client::new(&server, "http://h");
        let user = run(client.current_user()).unwrap();
        assert_eq!(user.username, "admin");
        assert_eq!(user.ui_locale.as_deref(), Some("fr"));
        assert_eq!(user.data_view_organisation_units, vec!["ImspTQPwCqd"]);
    }

    #[test]
    fn login_page_means_session_expired() {
        let server = Fake::new().on(
            Method::Get,
            "/api/system/info",
            html(200, "<!DOCTYPE html><form>j_username"),
        );
        let client = Dhis2Client::new(&server, "http://h");
        assert_eq!(run(client.system_info()), Err(ApiError::SessionExpired));
        let server = Fake::new().on(
            Method::Get,
            "/api/system/info",
            json(
                401,
                r#"{"httpStatus":"Unauthorized","httpStatusCode":401,"status":"ERROR","message":"Unauthorized"}"#,
            ),
        );
        let client = Dhis2Client::new(&server, "http://h");
        assert_eq!(run(client.system_info()), Err(ApiError::SessionExpired));
    }

    #[test]
    fn web_message_text_and_code_are_kept() {
        // 2.40+: a filter error is 400 with E1003; ≤2.39 it is 409 without a code.
        let server = Fake::new().on(
            Method::Get,
            "/api/dataSets",
            json(
                400,
                r#"{"httpStatus":"Bad Request","httpStatusCode":400,"status":"ERROR",
               "message":"Unknown path property: nme","errorCode":"E1003"}"#,
            ),
        );
        let client = Dhis2Client::new(&server, "http://h");
        let error = run(client.data_sets(&ListQuery::default())).unwrap_err();
        assert_eq!(
            error,
            ApiError::Http {
                status: 400,
                message: "Unknown path property: nme".into(),
                error_code: Some("E1003".into())
            }
        );
        let server = Fake::new().on(
            Method::Get,
            "/api/dataSets",
            json(
                409,
                r#"{"httpStatus":"Conflict","httpStatusCode":409,"status":"ERROR",
               "message":"Unknown path property: nme"}"#,
            ),
        );
        let client = Dhis2Client::new(&server, "http://h");
        let error = run(client.data_sets(&ListQuery::default())).unwrap_err();
        assert!(error.is_conflict());
        assert_eq!(error.error_code(), None);
    }

    #[test]
    fn forbidden_and_not_found_are_classified() {
        let server = Fake::new()
            .on(
                Method::Get,
                "/api/dataSets",
                json(
                    403,
                    r#"{"httpStatus":"Forbidden","httpStatusCode":403,"status":"ERROR",
                       "message":"You don't have the proper permissions to read objects of this type.",
                       "errorCode":"E1006"}"#,
                ),
            )
            .on(Method::Get, "/api/system/info", html(404, "<html>Not Found</html>"));
        let client = Dhis2Client::new(&server, "http://h");
        assert!(matches!(
            run(client.data_sets(&ListQuery::default())),
            Err(ApiError::Forbidden { .. })
        ));
        assert!(run(client.system_info()).unwrap_err().is_not_found());
    }

    #[test]
    fn data_set_page_without_pager_is_one_page() {
        let server = Fake::new().on(
            Method::Get,
            "/api/dataSets",
            json(
                200,
                r#"{"dataSets":[{"id":"a","displayName":"ANC","periodType":"Monthly"}]}"#,
            ),
        );
        let client = Dhis2Client::new(&server, "http://h");
        let page = run(client.data_sets(&ListQuery::default())).unwrap();
        assert_eq!((page.page, page.page_count, page.total), (1, 1, 1));
        assert_eq!(page.items[0].name, "ANC");
    }

    #[test]
    fn data_set_page_reads_the_pager() {
        let server = Fake::new().on(
            Method::Get,
            "/api/dataSets",
            json(
                200,
                r#"{"pager":{"page":2,"total":30,"pageSize":25,"pageCount":2,
                    "prevPage":"http://h/api/dataSets?page=1"},
                   "dataSets":[{"id":"a","displayName":"ANC","periodType":"Monthly",
                   "lastUpdated":"2024-01-02T10:00:00.000"}]}"#,
            ),
        );
        let client = Dhis2Client::new(&server, "http://h");
        let page = run(client.data_sets(&ListQuery {
            page: 2,
            ..ListQuery::default()
        }))
        .unwrap();
        assert_eq!((page.page, page.page_count, page.total), (2, 2, 30));
        assert_eq!(
            page.items[0].last_updated.as_deref(),
            Some("2024-01-02T10:00:00.000")
        );
        assert!(server.urls()[0].contains("page=2"));
    }

    #[test]
    fn has_authority_reads_a_bare_boolean() {
        let server = Fake::new()
            .on(
                Method::Get,
                "/api/me/authorization/F_DATAVALUE_ADD",
                json(200, "true"),
            )
            .on(
                Method::Get,
                "/api/me/authorization/M_aggregate_sync",
                json(200, "false"),
            );
        let client = Dhis2Client::new(&server, "http://h");
        assert_eq!(run(client.has_authority("F_DATAVALUE_ADD")), Ok(true));
        assert_eq!(run(client.has_authority("M_aggregate_sync")), Ok(false));
    }

    #[test]
    fn direct_clients_send_the_token_without_cookies() {
        let server = Fake::new().on(
            Method::Get,
            "/api/system/info",
            json(200, r#"{"version":"2.39.1"}"#),
        );
        let client = Dhis2Client::direct(&server, "https://dest/", Auth::ApiToken("d2p_x".into()));
        assert_eq!(client.target(), &ClientTarget::Direct);
        run(client.system_info()).unwrap();
        let request = server.last();
        assert_eq!(request.url, "https://dest/api/system/info");
        assert_eq!(request.header("Authorization"), Some("ApiToken d2p_x"));
        assert_eq!(request.credentials, crate::transport::Credentials::Omit);
    }

    #[test]
    fn direct_401_is_refused_credentials_not_an_expired_session() {
        let server = Fake::new().on(
            Method::Get,
            "/api/system/info",
            json(
                401,
                r#"{"httpStatus":"Unauthorized","httpStatusCode":401,"status":"ERROR",
                   "message":"Failed to authenticate API token, token has expired."}"#,
            ),
        );
        let client = Dhis2Client::direct(&server, "https://dest", Auth::ApiToken("d2p_x".into()));
        assert_eq!(
            run(client.system_info()),
            Err(ApiError::CredentialsRejected {
                message: "Failed to authenticate API token, token has expired.".into()
            })
        );
    }

    #[test]
    fn cross_origin_failure_asks_for_the_cors_allowlist() {
        let server = Fake::new().fail(
            Method::Get,
            "/api/system/info",
            TransportError::CrossOrigin {
                target_origin: "https://dest.org".into(),
                page_origin: "https://source.org".into(),
                message: "Failed to fetch".into(),
            },
        );
        let client = Dhis2Client::direct(&server, "https://dest.org", Auth::ApiToken("t".into()));
        let error = run(client.system_info()).unwrap_err();
        assert_eq!(
            error,
            ApiError::CorsBlocked {
                destination: "https://dest.org".into(),
                app_origin: "https://source.org".into()
            }
        );
        let text = error.to_string();
        assert!(
            text.contains("add https://source.org to the CORS allowlist"),
            "{text}"
        );
        assert!(!error.is_transient());
    }

    #[test]
    fn route_clients_prefix_every_call_with_the_run_url() {
        let server = Fake::new()
            .on(
                Method::Get,
                "/run/api/system/info",
                json(200, r#"{"version":"2.41.0"}"#),
            )
            .on(
                Method::Get,
                "/run/api/dataSets",
                json(200, r#"{"dataSets":[]}"#),
            );
        let own = Dhis2Client::new(&server, "https://source.org/dhis");
        let client = own.route_client("aBcDeFgHiJk", RouteScope::Server);
        assert_eq!(
            client.base_url(),
            "https://source.org/dhis/api/routes/aBcDeFgHiJk/run"
        );
        run(client.system_info()).unwrap();
        run(client.data_sets(&ListQuery::default())).unwrap();
        let urls = server.urls();
        assert_eq!(
            urls[0],
            "https://source.org/dhis/api/routes/aBcDeFgHiJk/run/api/system/info"
        );
        assert!(
            urls[1].starts_with("https://source.org/dhis/api/routes/aBcDeFgHiJk/run/api/dataSets?")
        );
        // The route adds the credentials: the browser sends only the session cookie.
        assert_eq!(server.last().header("Authorization"), None);
    }

    #[test]
    fn an_api_route_maps_api_paths_right_after_the_run_url() {
        let server = Fake::new()
            .on(
                Method::Get,
                "/run/system/info",
                json(200, r#"{"version":"2.41.0","systemId":"1b2c"}"#),
            )
            .on(
                Method::Get,
                "/run/dataSets",
                json(200, r#"{"dataSets":[]}"#),
            );
        let own = Dhis2Client::new(&server, "https://source.org/dhis");
        let client = own.route_client("aBcDeFgHiJk", RouteScope::Api);
        let info = run(client.system_info()).unwrap();
        assert_eq!(info.system_id.as_deref(), Some("1b2c"));
        run(client.data_sets(&ListQuery::default())).unwrap();
        let urls = server.urls();
        assert_eq!(
            urls[0],
            "https://source.org/dhis/api/routes/aBcDeFgHiJk/run/system/info"
        );
        assert!(
            urls[1].starts_with("https://source.org/dhis/api/routes/aBcDeFgHiJk/run/dataSets?")
        );
        // A route client of a route client is still a route of the own instance.
        let again = client.route_client("other", RouteScope::Server);
        assert_eq!(
            again.base_url(),
            "https://source.org/dhis/api/routes/other/run"
        );
    }

    #[test]
    fn server_given_endpoints_map_onto_the_client_only_when_they_are_plain_api_paths() {
        let server = Fake::new();
        let endpoint = "/api/system/tasks/DATAVALUE_IMPORT/YR1UxOUXmzT";
        let direct =
            Dhis2Client::direct(&server, "https://dest.org/dhis", Auth::ApiToken("t".into()));
        assert_eq!(
            direct.api_url_of_endpoint(endpoint).as_deref(),
            Some("https://dest.org/dhis/api/system/tasks/DATAVALUE_IMPORT/YR1UxOUXmzT")
        );
        let api_route =
            Dhis2Client::through_route(&server, "https://source.org", "r1", RouteScope::Api);
        assert_eq!(
            api_route.api_url_of_endpoint(endpoint).as_deref(),
            Some("https://source.org/api/routes/r1/run/system/tasks/DATAVALUE_IMPORT/YR1UxOUXmzT")
        );
        let server_route =
            Dhis2Client::through_route(&server, "https://source.org", "r1", RouteScope::Server);
        assert_eq!(
            server_route.api_url_of_endpoint(endpoint).as_deref(),
            Some(
                "https://source.org/api/routes/r1/run/api/system/tasks/DATAVALUE_IMPORT/YR1UxOUXmzT"
            )
        );
        for steering in [
            "/api/system/tasks/../../../me",
            "/api/system/tasks/%2e%2e/me",
            "https://evil.org/api/system/tasks/x/y",
            "//evil.org/api/x",
            "/dhis-web-commons/x",
            "/api/system/tasks/A/B?x=1",
            "/api//system",
        ] {
            assert_eq!(api_route.api_url_of_endpoint(steering), None, "{steering}");
        }
    }

    #[test]
    fn every_call_goes_through_the_route() {
        for (scope, prefix) in [
            (
                RouteScope::Server,
                "https://source.org/dhis/api/routes/r1/run/api/",
            ),
            (
                RouteScope::Api,
                "https://source.org/dhis/api/routes/r1/run/",
            ),
        ] {
            every_call_goes_through(scope, prefix);
        }
    }

    /// Whatever the answers, every request of a route client stays under the run URL.
    fn every_call_goes_through(scope: RouteScope, prefix: &str) {
        let server = Fake::new();
        let client = Dhis2Client::through_route(&server, "https://source.org/dhis", "r1", scope);
        let query = ListQuery::default();
        let ids = vec!["a".to_string()];
        let value = serde_json::json!({});
        let task = sync_core::import_result::AsyncTask {
            id: "t".into(),
            job_type: "DATAVALUE_IMPORT".into(),
            notifier_endpoint: "/api/system/tasks/DATAVALUE_IMPORT/t".into(),
            summary_endpoint: "/api/system/taskSummaries/DATAVALUE_IMPORT/t".into(),
            message: None,
        };
        let _ = run(client.test_connection());
        let _ = run(client.current_user());
        let _ = run(client.has_authority("ALL"));
        let _ = run(client.data_sets(&query));
        let _ = run(client.org_unit_roots(crate::model::UserOrgUnits::Capture));
        let _ = run(client.org_unit_children("a"));
        let _ = run(client.org_units_at_level(2, &ids));
        let _ = run(client.org_units_in_group("g", &[]));
        let _ = run(client.org_units_by_id(&ids));
        let _ = run(client.org_unit_paths(&ids));
        let _ = run(client.org_unit_levels());
        let _ = run(client.org_unit_groups());
        let _ = run(client.data_set("a"));
        let _ = run(client.data_sets_with_elements(&ids));
        let _ = run(client.data_elements(&query));
        let _ = run(client.data_elements_by_id(&ids));
        let _ = run(client.data_element_groups(&query));
        let _ = run(client.data_element_group("a"));
        let _ = run(client.category_combo("a"));
        let _ = run(client.category_option_combos("a"));
        let _ = run(client.data_value_sets(&[param("dataSet", "a")]));
        let _ = run(client.post_data_value_set(b"{}".to_vec(), &[]));
        let _ = run(client.import_task_progress(&task));
        let _ = run(client.import_task_summary(&task));
        let _ = run(client.data_store_keys("ns"));
        let _ = run(client.data_store_get_versioned("ns", "k"));
        let _ = run(client.data_store_save("ns", "k", &value));
        let _ = run(client.data_store_delete("ns", "k"));
        let _ = run(client.data_store_entries("ns", &[]));
        let _ = run(client.analytics_settings());
        let urls = server.urls();
        assert!(urls.len() >= 28, "{urls:#?}");
        for url in urls {
            assert!(url.starts_with(prefix), "{url}");
            if scope == RouteScope::Api {
                assert!(!url.starts_with(&format!("{prefix}api/")), "{url}");
            }
        }
    }

    #[test]
    fn test_connection_reports_version_user_and_import_right() {
        let server = Fake::new()
            .on(
                Method::Get,
                "/api/system/info",
                json(200, r#"{"version":"2.38.1"}"#),
            )
            .on(
                Method::Get,
                "/api/me",
                json(
                    200,
                    r#"{"id":"u","username":"sync","authorities":["F_DATAVALUE_ADD"]}"#,
                ),
            );
        let client = Dhis2Client::direct(&server, "https://dest", Auth::ApiToken("t".into()));
        let check = run(client.test_connection()).unwrap();
        assert!(check.system.has_api_tokens());
        assert_eq!(check.user.username, "sync");
        assert!(check.can_import);
    }

    #[test]
    fn route_401_tells_refused_credentials_from_an_expired_session() {
        let unauthorized = json(
            401,
            r#"{"httpStatus":"Unauthorized","httpStatusCode":401,"status":"ERROR",
               "message":"The API token does not exists"}"#,
        );
        // The own instance still knows the user: the destination refused the route's token.
        let server = Fake::new()
            .on(Method::Get, "/run/api/system/info", unauthorized.clone())
            .on(
                Method::Get,
                "https://source.org/api/me?fields=id",
                json(200, r#"{"id":"u"}"#),
            );
        let client =
            Dhis2Client::through_route(&server, "https://source.org", "r1", RouteScope::Server);
        assert!(matches!(
            run(client.system_info()),
            Err(ApiError::CredentialsRejected { .. })
        ));
        // The own instance answers 401 too: the user's session expired.
        let server = Fake::new()
            .on(Method::Get, "/run/api/system/info", unauthorized.clone())
            .on(Method::Get, "https://source.org/api/me", unauthorized);
        let client =
            Dhis2Client::through_route(&server, "https://source.org", "r1", RouteScope::Server);
        assert_eq!(run(client.system_info()), Err(ApiError::SessionExpired));
    }

    #[test]
    fn route_gateway_errors_explain_timeouts_and_sizes() {
        let server = Fake::new().on(Method::Get, "/run/api/system/info", html(504, ""));
        let client =
            Dhis2Client::through_route(&server, "https://source.org", "r1", RouteScope::Server);
        let error = run(client.system_info()).unwrap_err();
        assert!(
            error.to_string().contains("responseTimeoutSeconds"),
            "{error}"
        );
        assert!(error.is_transient());
    }
}
