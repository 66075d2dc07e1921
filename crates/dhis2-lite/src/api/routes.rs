//! `/api/routes` (reference §11.1, 2.40+): route metadata with write-only, encrypted-at-rest auth
//! secrets and object sharing, and `/api/routes/{id}/run/**` proxying to the target with the
//! route's auth, `X-Forwarded-User`, the version's timeout and (2.43) response size cap.
//!
//! Who may run a route is DHIS2's rule: whoever may read it (superusers, its owner, and public,
//! user or user group sharing with `r`) or holds one of its `authorities`. A route created
//! without `sharing` gets DHIS2's default for new metadata: its creator owns it and it is public
//! (`rw------`) when the creator may make routes public (`F_ROUTE_PUBLIC_ADD` or `ALL`).
//!
//! Targets must be `https://`, or loopback `http://` when the server allows loopback routes
//! (the `route.remote_servers_allowed` equivalent). The sub-path is decoded once and resolved,
//! and one that climbs above the route's URL is refused (400); redirects of the target are
//! relayed, never followed. The key that encrypts the secrets is readable by its owner only.

use std::time::Duration;

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use axum::Json;
use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use base64::Engine;
use rand::RngCore;
use rusqlite::OptionalExtension;
use serde_json::{Map, Value, json};

use crate::auth::CurrentUser;
use crate::request_path::route_sub_path;
use crate::sharing::Sharing;
use crate::state::{AppState, SharedState};
use crate::uid::random_uid;
use crate::users::User;
use crate::web_message::{ApiError, ApiResult, WebMessage};

/// Routes of this module.
pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/api/routes", get(list_routes).post(create_route))
        .route(
            "/api/routes/{id}",
            get(get_route).put(update_route).delete(delete_route),
        )
        .route("/api/routes/{id}/run", any(run_root))
        .route("/api/routes/{id}/run/{*path}", any(run_path))
}

/// File of the key that encrypts route secrets, in the data directory.
pub const KEY_FILE: &str = "route-secrets.key";

fn secret_key(state: &AppState) -> ApiResult<[u8; 32]> {
    let path = state.data_dir.join(KEY_FILE);
    let internal = |error: std::io::Error| ApiError::Internal(format!("route key: {error}"));
    loop {
        if let Ok(bytes) = std::fs::read(&path)
            && bytes.len() == 32
        {
            restrict_to_owner(&path).map_err(internal)?;
            let mut key = [0u8; 32];
            key.copy_from_slice(&bytes);
            return Ok(key);
        }
        let mut key = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut key);
        match create_owner_only(&path, &key) {
            Ok(()) => return Ok(key),
            // Another request made the key meanwhile: read that one.
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
                let bytes = std::fs::read(&path).map_err(internal)?;
                if bytes.len() != 32 {
                    return Err(ApiError::Internal(format!(
                        "route key {} is not 32 bytes",
                        path.display()
                    )));
                }
            }
            Err(error) => return Err(internal(error)),
        }
    }
}

/// Creates `path` with `bytes`, readable and writable by its owner only (mode 0600 on unix).
fn create_owner_only(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Takes group and other permissions away from an existing key file (one made before keys
/// were created owner-only).
fn restrict_to_owner(path: &std::path::Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)?.permissions().mode();
        if mode & 0o077 != 0 {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

fn encrypt(state: &AppState, plain: &[u8]) -> ApiResult<Vec<u8>> {
    let key = secret_key(state)?;
    let cipher =
        Aes256Gcm::new_from_slice(&key).map_err(|error| ApiError::Internal(error.to_string()))?;
    let mut nonce = [0u8; 12];
    rand::thread_rng().fill_bytes(&mut nonce);
    let mut sealed = nonce.to_vec();
    sealed.extend(
        cipher
            .encrypt(Nonce::from_slice(&nonce), plain)
            .map_err(|error| ApiError::Internal(error.to_string()))?,
    );
    Ok(sealed)
}

fn decrypt(state: &AppState, sealed: &[u8]) -> ApiResult<Vec<u8>> {
    if sealed.len() < 12 {
        return Err(ApiError::Internal("corrupt route secret".into()));
    }
    let key = secret_key(state)?;
    let cipher =
        Aes256Gcm::new_from_slice(&key).map_err(|error| ApiError::Internal(error.to_string()))?;
    cipher
        .decrypt(Nonce::from_slice(&sealed[..12]), &sealed[12..])
        .map_err(|_| ApiError::Internal("route secret could not be decrypted".into()))
}

fn ensure_routes(state: &SharedState) -> ApiResult<()> {
    if state.behaviour.routes {
        Ok(())
    } else {
        Err(ApiError::new(StatusCode::NOT_FOUND, "Not Found", None))
    }
}

fn can_manage(user: &User) -> bool {
    user.has_authority("F_ROUTE_PUBLIC_ADD") || user.is_superuser()
}

/// The sharing a route is stored with: the payload's, else the previous version's, else DHIS2's
/// default for new metadata (owner the creator; public `rw------` if the creator may make routes
/// public). The owner is always set.
fn sharing_to_store(
    payload: &Map<String, Value>,
    previous: Option<&Map<String, Value>>,
    user: &User,
) -> Value {
    let creator = previous
        .and_then(|previous| previous.get("createdBy"))
        .and_then(|creator| creator.get("id"))
        .and_then(Value::as_str)
        .unwrap_or(&user.uid)
        .to_string();
    let mut sharing = if payload.contains_key("sharing") || payload.contains_key("publicAccess") {
        Sharing::of(payload)
    } else if let Some(previous) = previous.filter(|previous| previous.contains_key("sharing")) {
        Sharing::of(previous)
    } else {
        Sharing {
            public: if can_manage(user) {
                "rw------"
            } else {
                "--------"
            }
            .to_string(),
            ..Sharing::default()
        }
    };
    if sharing.owner.is_none() {
        sharing.owner = Some(creator);
    }
    sharing.to_json()
}

/// Splits a route payload into its public JSON (auth without secrets) and the secret auth JSON.
fn split_secrets(mut route: Map<String, Value>) -> (Map<String, Value>, Option<Value>) {
    let auth = route.remove("auth");
    if let Some(Value::Object(auth_object)) = &auth {
        let public: Map<String, Value> = auth_object
            .iter()
            .filter(|(key, _)| matches!(key.as_str(), "type" | "username"))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        route.insert("auth".into(), Value::Object(public));
    }
    (route, auth)
}

struct StoredRoute {
    uid: String,
    json: Map<String, Value>,
    secret: Option<Vec<u8>>,
}

fn load_route(state: &SharedState, id: &str) -> ApiResult<Option<StoredRoute>> {
    let connection = state.database()?;
    let row: Option<(String, String, Option<Vec<u8>>)> = connection
        .query_row(
            "SELECT uid, json, secret FROM route WHERE uid = ?1 OR code = ?1",
            [id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()?;
    Ok(row.map(|(uid, json, secret)| StoredRoute {
        uid,
        json: serde_json::from_str(&json).unwrap_or_default(),
        secret,
    }))
}

fn object_report(uid: &str, status: StatusCode) -> WebMessage {
    let mut message = WebMessage::new(status, "OK", "");
    message.message = None;
    message.with_response(json!({"responseType": "ObjectReport", "uid": uid, "klass": "org.hisp.dhis.route.Route", "errorReports": []}))
}

fn save_route(
    state: &SharedState,
    user: &User,
    uid: &str,
    body: &[u8],
    created: Option<&Map<String, Value>>,
) -> ApiResult<()> {
    let payload: Map<String, Value> = serde_json::from_slice(body).map_err(|error| {
        ApiError::bad_request(error.to_string(), state.behaviour.generic_error_codes)
    })?;
    let url = payload
        .get("url")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if url.is_empty() {
        return Err(ApiError::conflict(
            "Route url is required",
            state.behaviour.generic_error_codes,
        ));
    }
    let sharing = sharing_to_store(&payload, created, user);
    let (mut public, auth) = split_secrets(payload);
    public.remove("publicAccess");
    public.remove("userAccesses");
    public.remove("userGroupAccesses");
    public.insert("sharing".into(), sharing);
    let now = crate::api::system::metadata_timestamp(state.clock.now());
    public.insert("id".into(), json!(uid));
    public.insert("lastUpdated".into(), json!(now));
    let created_at = created
        .and_then(|previous| previous.get("created").cloned())
        .unwrap_or(json!(now));
    public.insert("created".into(), created_at);
    let creator = created
        .and_then(|previous| previous.get("createdBy").cloned())
        .unwrap_or(json!({"id": user.uid, "username": user.username}));
    public.insert("createdBy".into(), creator);
    public.entry("disabled").or_insert(json!(false));
    let name = public
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or(uid)
        .to_string();
    public.insert("displayName".into(), json!(name));
    let secret = match auth {
        Some(auth) => Some(encrypt(state, auth.to_string().as_bytes())?),
        None => None,
    };
    let code = public
        .get("code")
        .and_then(Value::as_str)
        .map(str::to_string);
    state.database()?.execute(
        "INSERT INTO route (uid, code, json, secret) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT(uid) DO UPDATE SET code = excluded.code, json = excluded.json, secret = excluded.secret",
        rusqlite::params![uid, code, Value::Object(public).to_string(), secret],
    )?;
    Ok(())
}

async fn create_route(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    body: Bytes,
) -> ApiResult<Response> {
    ensure_routes(&state)?;
    if !can_manage(&user) {
        return Err(ApiError::forbidden(
            "Access is denied",
            state.behaviour.generic_error_codes,
        ));
    }
    let uid = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|value| value.get("id").and_then(Value::as_str).map(str::to_string))
        .unwrap_or_else(random_uid);
    save_route(&state, &user, &uid, &body, None)?;
    Ok(object_report(&uid, StatusCode::CREATED).into_response())
}

async fn update_route(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(id): Path<String>,
    body: Bytes,
) -> ApiResult<Response> {
    ensure_routes(&state)?;
    if !can_manage(&user) {
        return Err(ApiError::forbidden(
            "Access is denied",
            state.behaviour.generic_error_codes,
        ));
    }
    let existing = load_route(&state, &id)?.ok_or_else(|| {
        ApiError::not_found(
            format!("Route with id {id} could not be found."),
            state.behaviour.generic_error_codes,
        )
    })?;
    save_route(&state, &user, &existing.uid, &body, Some(&existing.json))?;
    Ok(object_report(&existing.uid, StatusCode::OK).into_response())
}

async fn delete_route(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    ensure_routes(&state)?;
    if !can_manage(&user) {
        return Err(ApiError::forbidden(
            "Access is denied",
            state.behaviour.generic_error_codes,
        ));
    }
    let existing = load_route(&state, &id)?.ok_or_else(|| {
        ApiError::not_found(
            format!("Route with id {id} could not be found."),
            state.behaviour.generic_error_codes,
        )
    })?;
    state
        .database()?
        .execute("DELETE FROM route WHERE uid = ?1", [&existing.uid])?;
    Ok(object_report(&existing.uid, StatusCode::OK).into_response())
}

async fn list_routes(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
) -> ApiResult<Json<Value>> {
    ensure_routes(&state)?;
    let connection = state.database()?;
    let mut statement = connection.prepare("SELECT json FROM route ORDER BY uid")?;
    let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
    let mut routes = Vec::new();
    for row in rows {
        let route = serde_json::from_str::<Map<String, Value>>(&row?).unwrap_or_default();
        if Sharing::of(&route).can_read(&user) {
            routes.push(Value::Object(route));
        }
    }
    let total = routes.len();
    Ok(Json(
        json!({"pager": {"page": 1, "total": total, "pageSize": 50, "pageCount": total.div_ceil(50).max(1)}, "routes": routes}),
    ))
}

async fn get_route(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    ensure_routes(&state)?;
    load_route(&state, &id)?
        .filter(|route| Sharing::of(&route.json).can_read(&user))
        .map(|route| Json(Value::Object(route.json)))
        .ok_or_else(|| {
            ApiError::not_found(
                format!("Route with id {id} could not be found."),
                state.behaviour.generic_error_codes,
            )
        })
}

/// What a route call forwards to the target.
struct Forwarded {
    method: Method,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
}

async fn run_root(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(id): Path<String>,
    method: Method,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> ApiResult<Response> {
    let forwarded = Forwarded {
        method,
        headers,
        uri,
        body,
    };
    run(state, user, id, String::new(), forwarded).await
}

async fn run_path(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path((id, _decoded)): Path<(String, String)>,
    method: Method,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> ApiResult<Response> {
    // The raw sub-path, decoded here exactly once (the router's decoded copy cannot tell an
    // encoded `%2F` from a `/`).
    let raw = uri
        .path()
        .strip_prefix("/api/routes/")
        .and_then(|rest| rest.split_once("/run/"))
        .map(|(_, raw)| raw.to_string())
        .unwrap_or_default();
    let path = route_sub_path(&raw).map_err(|error| {
        ApiError::bad_request(error.to_string(), state.behaviour.generic_error_codes)
    })?;
    let forwarded = Forwarded {
        method,
        headers,
        uri,
        body,
    };
    run(state, user, id, path, forwarded).await
}

/// Whether the target URL may be called.
pub fn target_allowed(url: &str, allow_loopback: bool) -> bool {
    if url.starts_with("https://") {
        return true;
    }
    let Some(rest) = url.strip_prefix("http://") else {
        return false;
    };
    let host = rest.split(['/', '?']).next().unwrap_or_default();
    let host_name = host.rsplit_once(':').map_or(host, |(name, _)| name);
    allow_loopback && matches!(host_name, "127.0.0.1" | "localhost" | "[::1]")
}

fn timeout_of(state: &SharedState, route: &Map<String, Value>) -> Duration {
    let default = match state.behaviour.version.minor() {
        0..=41 => 30,
        42 => 10,
        _ => 5,
    };
    let seconds = route
        .get("responseTimeoutSeconds")
        .and_then(Value::as_u64)
        .map_or(default, |seconds| seconds.clamp(1, 60));
    Duration::from_secs(seconds)
}

/// Calls the route `id` (with `sub_path` for `/**` routes) for `user` and answers with the
/// target's status, content type and body.
async fn run(
    state: SharedState,
    user: User,
    id: String,
    sub_path: String,
    forwarded: Forwarded,
) -> ApiResult<Response> {
    let codes = state.behaviour.generic_error_codes;
    ensure_routes(&state)?;
    let route = load_route(&state, &id)?
        .ok_or_else(|| ApiError::not_found(format!("Route not found: '{id}'"), codes))?;
    check_route_access(&state, &user, &route, &id)?;
    let target = route_target(&state, &route, &sub_path, &forwarded.uri)?;
    let request = upstream_request(&state, &user, &route, &target, forwarded)?;
    proxy(&state, request).await
}

/// The caller may run the route and the route is enabled. As DHIS2's `RouteController`: whoever
/// may read the route (superusers, its owner, sharing with `r`) or holds one of its
/// `authorities`.
fn check_route_access(
    state: &SharedState,
    user: &User,
    route: &StoredRoute,
    id: &str,
) -> ApiResult<()> {
    let codes = state.behaviour.generic_error_codes;
    let authorities: Vec<String> = route
        .json
        .get("authorities")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let allowed = Sharing::of(&route.json).can_read(user)
        || authorities
            .iter()
            .any(|authority| user.has_authority(authority));
    if !allowed {
        return Err(ApiError::forbidden("Access is denied", codes));
    }
    if route
        .json
        .get("disabled")
        .and_then(Value::as_bool)
        .unwrap_or(false)
    {
        return Err(ApiError::bad_request(
            format!("Route '{id}' is disabled"),
            codes,
        ));
    }
    Ok(())
}

/// The URL to call: the route's URL (with the sub-path for `/**` routes) and the request's query,
/// if the target is allowed.
fn route_target(
    state: &SharedState,
    route: &StoredRoute,
    sub_path: &str,
    uri: &Uri,
) -> ApiResult<String> {
    let codes = state.behaviour.generic_error_codes;
    let base = route
        .json
        .get("url")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let target = match base.strip_suffix("/**") {
        Some(prefix) => format!("{prefix}/{}", sub_path.trim_start_matches('/')),
        None if sub_path.is_empty() => base.clone(),
        None => {
            return Err(ApiError::bad_request(
                "Route does not allow sub-paths",
                codes,
            ));
        }
    };
    let target = match uri.query() {
        Some(query) => format!("{target}?{query}"),
        None => target,
    };
    if !target_allowed(&target, state.allow_loopback_routes) {
        return Err(ApiError::bad_request(
            format!("Route URL is not allowed: {base}"),
            codes,
        ));
    }
    Ok(target)
}

/// The request to the target: method, content type, accept and `X-Requested-With` headers,
/// `X-Forwarded-User`, the route's headers and auth, and the body; with the version's timeout,
/// following no redirect.
fn upstream_request(
    state: &SharedState,
    user: &User,
    route: &StoredRoute,
    target: &str,
    forwarded: Forwarded,
) -> ApiResult<reqwest::RequestBuilder> {
    let auth: Option<Value> = match &route.secret {
        Some(sealed) => serde_json::from_slice(&decrypt(state, sealed)?).ok(),
        None => None,
    };
    // Redirects are relayed to the caller, never followed: a target answering 3xx must not make
    // this server call another URL with the route's credentials.
    let client = reqwest::Client::builder()
        .timeout(timeout_of(state, &route.json))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|error| ApiError::Internal(error.to_string()))?;
    let mut request = client
        .request(forwarded.method, target)
        .header("X-Forwarded-User", user.username.as_str());
    // Among the request headers DHIS2 relays: `X-Requested-With` keeps the target answering a
    // refused credential with 401 rather than a redirect to its login page.
    let requested_with = header::HeaderName::from_static("x-requested-with");
    for name in [header::CONTENT_TYPE, header::ACCEPT, requested_with] {
        if let Some(value) = forwarded
            .headers
            .get(&name)
            .and_then(|value| value.to_str().ok())
        {
            request = request.header(name.as_str(), value);
        }
    }
    if let Some(Value::Object(extra)) = route.json.get("headers") {
        for (name, value) in extra {
            if let Some(value) = value.as_str() {
                request = request.header(name.as_str(), value);
            }
        }
    }
    if let Some(auth) = &auth {
        request = with_route_auth(request, auth);
    }
    if !forwarded.body.is_empty() {
        request = request.body(forwarded.body.to_vec());
    }
    Ok(request)
}

/// Adds the route's decrypted auth: Basic, an API token, headers or query parameters.
fn with_route_auth(mut request: reqwest::RequestBuilder, auth: &Value) -> reqwest::RequestBuilder {
    let text = |key: &str| auth.get(key).and_then(Value::as_str).unwrap_or_default();
    match auth.get("type").and_then(Value::as_str) {
        Some("http-basic") => {
            let encoded = base64::engine::general_purpose::STANDARD.encode(format!(
                "{}:{}",
                text("username"),
                text("password")
            ));
            request = request.header("Authorization", format!("Basic {encoded}"));
        }
        Some("api-token") => {
            request = request.header("Authorization", format!("ApiToken {}", text("token")));
        }
        Some("api-headers") => {
            if let Some(Value::Object(extra)) = auth.get("headers") {
                for (name, value) in extra {
                    if let Some(value) = value.as_str() {
                        request = request.header(name.as_str(), value);
                    }
                }
            }
        }
        Some("api-query-params") => {
            if let Some(Value::Object(extra)) = auth.get("queryParams") {
                let pairs: Vec<(String, String)> = extra
                    .iter()
                    .map(|(name, value)| {
                        (name.clone(), value.as_str().unwrap_or_default().to_string())
                    })
                    .collect();
                request = request.query(&pairs);
            }
        }
        _ => {}
    }
    request
}

/// An upstream failure: 504 on a timeout, else 502 with the error.
fn upstream_error(error: &reqwest::Error) -> ApiError {
    if error.is_timeout() {
        ApiError::new(StatusCode::GATEWAY_TIMEOUT, "Upstream timed out", None)
    } else {
        ApiError::new(StatusCode::BAD_GATEWAY, error.to_string(), None)
    }
}

/// Sends `request` and answers with the target's status, content type and body (2.43: at most
/// 256 KB).
async fn proxy(state: &SharedState, request: reqwest::RequestBuilder) -> ApiResult<Response> {
    let response = request
        .send()
        .await
        .map_err(|error| upstream_error(&error))?;
    let status =
        StatusCode::from_u16(response.status().as_u16()).unwrap_or(StatusCode::BAD_GATEWAY);
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .map(str::to_string);
    let bytes = response
        .bytes()
        .await
        .map_err(|error| upstream_error(&error))?;
    if state.behaviour.version.minor() >= 43 && bytes.len() > 256 * 1024 {
        return Err(ApiError::new(
            StatusCode::BAD_GATEWAY,
            "Upstream response is larger than 256 KB",
            None,
        ));
    }
    let mut proxied = Response::new(Body::from(bytes));
    *proxied.status_mut() = status;
    if let Some(content_type) = content_type
        && let Ok(value) = HeaderValue::from_str(&content_type)
    {
        proxied.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    Ok(proxied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s11_1_targets_need_https_or_allowed_loopback() {
        assert!(target_allowed("https://play.example.org/api", false));
        assert!(!target_allowed("http://127.0.0.1:8081/api", false));
        assert!(target_allowed("http://127.0.0.1:8081/api", true));
        assert!(target_allowed("http://localhost:8081", true));
        assert!(!target_allowed("http://10.0.0.1/api", true));
        assert!(!target_allowed("ftp://x", true));
    }
}
