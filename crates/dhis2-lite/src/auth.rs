//! Authentication: Basic, personal access tokens and JSESSIONID sessions; the login page, the
//! version's login endpoints (form `login.action` ≤2.41, JSON `/api/auth/login` 2.41+) and logout
//! (reference §1.1, §1.2).
//!
//! It decides who the caller is; what the caller may do is left to the handlers.

use std::time::Instant;

use axum::Json;
use axum::extract::{Form, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use base64::Engine;
use serde::Deserialize;
use serde_json::json;

use crate::state::{Session, SharedState};
use crate::users::{
    LoginCheck, User, check_unknown_user, find_user, stored_login, upgrade_password,
};
use crate::web_message::{ApiError, WebMessage, found};

/// The authenticated caller, put into request extensions by [`authenticate`].
#[derive(Debug, Clone)]
pub struct CurrentUser(pub User);

/// Value of a cookie in the request.
pub fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

fn new_session_id() -> String {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    (0..32)
        .map(|_| format!("{:X}", rng.gen_range(0..16u8)))
        .collect()
}

fn session_cookie(session_id: &str) -> HeaderValue {
    HeaderValue::from_str(&format!(
        "JSESSIONID={session_id}; Path=/; HttpOnly; SameSite=Lax"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("JSESSIONID=; Path=/"))
}

fn expired_cookie() -> HeaderValue {
    HeaderValue::from_static("JSESSIONID=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

/// Creates a session for `username`, returning its id.
pub fn create_session(state: &SharedState, username: &str) -> Result<String, ApiError> {
    let session_id = new_session_id();
    state.sessions()?.insert(
        session_id.clone(),
        Session {
            username: username.to_string(),
            last_access: Instant::now(),
        },
    );
    Ok(session_id)
}

/// The user of a live session, refreshing its idle timer; expired sessions are dropped.
pub fn session_user(state: &SharedState, headers: &HeaderMap) -> Result<Option<User>, ApiError> {
    let Some(session_id) = cookie_value(headers, "JSESSIONID") else {
        return Ok(None);
    };
    let username = {
        let mut sessions = state.sessions()?;
        match sessions.get_mut(&session_id) {
            Some(session) if session.last_access.elapsed() <= state.session_timeout => {
                session.last_access = Instant::now();
                Some(session.username.clone())
            }
            Some(_) => {
                sessions.remove(&session_id);
                None
            }
            None => None,
        }
    };
    match username {
        Some(username) => Ok(find_user(&*state.database()?, &username)?),
        None => Ok(None),
    }
}

/// The user named `username` if `password` is right and the account is enabled. The slow hash
/// runs without the database lock, and an unknown name takes as long as a wrong password. A
/// legacy SHA-256 hash is replaced with an Argon2 one on the first successful login.
pub fn verify_login(
    state: &SharedState,
    username: &str,
    password: &str,
) -> Result<Option<User>, ApiError> {
    let stored = stored_login(&*state.database()?, username)?;
    let Some(stored) = stored else {
        check_unknown_user(password);
        return Ok(None);
    };
    Ok(match stored.check(password) {
        LoginCheck::Valid(user) => Some(user),
        LoginCheck::ValidNeedsRehash(user) => {
            upgrade_password(&*state.database()?, username, password)?;
            Some(user)
        }
        LoginCheck::Invalid => None,
    })
}

/// Outcome of looking at the request's credentials.
enum Credentials {
    Authenticated(Box<User>),
    Rejected(ApiError),
    Missing,
}

fn check_authorization_header(
    state: &SharedState,
    headers: &HeaderMap,
) -> Result<Credentials, ApiError> {
    let Some(authorization) = headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
    else {
        return Ok(Credentials::Missing);
    };
    let (scheme, rest) = authorization.split_once(' ').unwrap_or((authorization, ""));
    if scheme.eq_ignore_ascii_case("Basic") {
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(rest.trim())
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok());
        let Some((username, password)) = decoded.as_deref().and_then(|text| text.split_once(':'))
        else {
            return Ok(Credentials::Rejected(ApiError::unauthorized(
                "Unauthorized",
            )));
        };
        return Ok(match verify_login(state, username, password)? {
            Some(user) => Credentials::Authenticated(Box::new(user)),
            None => Credentials::Rejected(ApiError::unauthorized("Unauthorized")),
        });
    }
    if scheme.eq_ignore_ascii_case("ApiToken") && state.behaviour.personal_access_tokens {
        return Ok(
            match crate::tokens::authenticate_token(state, rest.trim())? {
                Ok(user) => Credentials::Authenticated(Box::new(user)),
                Err(error) => Credentials::Rejected(error),
            },
        );
    }
    Ok(Credentials::Missing)
}

fn is_xhr(headers: &HeaderMap) -> bool {
    headers
        .get("x-requested-with")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.eq_ignore_ascii_case("XMLHttpRequest"))
}

/// Resolves the caller of a request (Authorization header first, then the session cookie).
pub fn resolve_user(
    state: &SharedState,
    headers: &HeaderMap,
) -> Result<Result<User, ApiError>, ApiError> {
    match check_authorization_header(state, headers)? {
        Credentials::Authenticated(user) => return Ok(Ok(*user)),
        Credentials::Rejected(error) => return Ok(Err(error)),
        Credentials::Missing => {}
    }
    Ok(session_user(state, headers)?.ok_or_else(|| ApiError::unauthorized("Unauthorized")))
}

/// Paths under `/api` that need no authentication.
fn is_public_api_path(path: &str) -> bool {
    matches!(
        path,
        "/api/auth/login" | "/api/system/ping" | "/api/auth/logout"
    )
}

/// Middleware: puts [`CurrentUser`] into the request or answers 401 JSON / 302 to the login page.
pub async fn authenticate(
    State(state): State<SharedState>,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let needs_user = path == "/api" || path.starts_with("/api/");
    if !needs_user || is_public_api_path(&path) || request.method() == axum::http::Method::OPTIONS {
        return next.run(request).await;
    }
    match resolve_user(&state, request.headers()) {
        Ok(Ok(user)) => {
            request.extensions_mut().insert(CurrentUser(user));
            next.run(request).await
        }
        Ok(Err(error)) => unauthenticated_response(&state, request.headers(), error),
        Err(error) => error.into_response(),
    }
}

/// What a request without valid credentials gets (reference §1.2): `error` (a 401 WebMessage)
/// when it says `X-Requested-With: XMLHttpRequest` or carries an `Authorization` header, else a
/// 302 to the version's login page.
pub fn unauthenticated_response(
    state: &SharedState,
    headers: &HeaderMap,
    error: ApiError,
) -> Response {
    if is_xhr(headers) || headers.contains_key(header::AUTHORIZATION) {
        error.into_response()
    } else {
        found(state.behaviour.login_page_path).into_response()
    }
}

/// Form fields of the legacy login.
#[derive(Debug, Deserialize)]
pub struct LoginForm {
    j_username: Option<String>,
    j_password: Option<String>,
}

fn redirect_with_cookie(location: &str, cookie: HeaderValue) -> Response {
    let mut response = (
        StatusCode::FOUND,
        [(header::LOCATION, location.to_string())],
    )
        .into_response();
    response.headers_mut().insert(header::SET_COOKIE, cookie);
    response
}

/// `POST /dhis-web-commons-security/login.action` (≤2.41): 302 to the home page or back to the
/// login page with `failed=true`.
pub async fn form_login(
    State(state): State<SharedState>,
    Form(form): Form<LoginForm>,
) -> Result<Response, ApiError> {
    if !state.behaviour.form_login {
        return Ok((StatusCode::NOT_FOUND, "Not Found").into_response());
    }
    let username = form.j_username.unwrap_or_default();
    let password = form.j_password.unwrap_or_default();
    let verified = verify_login(&state, username.trim(), &password)?;
    Ok(match verified {
        Some(user) => {
            let session_id = create_session(&state, &user.username)?;
            redirect_with_cookie(HOME_PATH, session_cookie(&session_id))
        }
        None => found(&format!("{}?failed=true", state.behaviour.login_page_path)),
    })
}

/// Body of `POST /api/auth/login`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JsonLogin {
    username: Option<String>,
    password: Option<String>,
}

/// `POST /api/auth/login` (2.41+).
pub async fn json_login(
    State(state): State<SharedState>,
    body: axum::body::Bytes,
) -> Result<Response, ApiError> {
    if !state.behaviour.json_login {
        return Ok((StatusCode::NOT_FOUND, "Not Found").into_response());
    }
    let login: JsonLogin = serde_json::from_slice(&body).map_err(|error| {
        ApiError::bad_request(error.to_string(), state.behaviour.generic_error_codes)
    })?;
    let username = login.username.unwrap_or_default();
    let password = login.password.unwrap_or_default();
    let Some(user) = verify_login(&state, &username, &password)? else {
        return Ok(WebMessage::error(StatusCode::UNAUTHORIZED, "Bad credentials").into_response());
    };
    let session_id = create_session(&state, &user.username)?;
    let mut response = Json(json!({
        "loginStatus": "SUCCESS",
        "redirectUrl": "/dhis-web-dashboard"
    }))
    .into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session_cookie(&session_id));
    Ok(response)
}

/// Logout: drops the session and returns to the login page.
pub async fn logout(State(state): State<SharedState>, headers: HeaderMap) -> Response {
    if let Some(session_id) = cookie_value(&headers, "JSESSIONID")
        && let Ok(mut sessions) = state.sessions()
    {
        sessions.remove(&session_id);
    }
    redirect_with_cookie(state.behaviour.login_page_path, expired_cookie())
}

/// Path of the home page shown after login.
pub const HOME_PATH: &str = "/dhis-web-dashboard/";

/// The login page (at `/`, the version's login URL and `/login.html`).
pub async fn login_page(
    State(state): State<SharedState>,
    headers: HeaderMap,
    uri: axum::http::Uri,
) -> Response {
    if uri.path() == "/" && matches!(session_user(&state, &headers), Ok(Some(_))) {
        return found(HOME_PATH).into_response();
    }
    let failed = uri
        .query()
        .is_some_and(|query| query.contains("failed=true"));
    let behaviour = &state.behaviour;
    let message = if failed {
        "<p id=\"loginMessage\" class=\"error\">Invalid login information</p>"
    } else {
        "<p id=\"loginMessage\" class=\"error\"></p>"
    };
    let script = if behaviour.form_login {
        String::new()
    } else {
        r#"<script>
document.getElementById('loginForm').addEventListener('submit', function (event) {
  event.preventDefault();
  var message = document.getElementById('loginMessage');
  fetch('/api/auth/login', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
    body: JSON.stringify({
      username: document.getElementById('j_username').value,
      password: document.getElementById('j_password').value
    })
  }).then(function (response) {
    return response.json().then(function (body) {
      if (response.ok && body.loginStatus === 'SUCCESS') {
        window.location.href = '/dhis-web-dashboard/';
      } else {
        message.textContent = 'Invalid login information';
      }
    });
  }).catch(function () { message.textContent = 'Login failed'; });
});
</script>"#
            .to_string()
    };
    let page = format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>DHIS2 {version} login (dhis2-lite)</title>
<style>
body {{ font-family: Roboto, sans-serif; background: #2c6693; margin: 0; }}
main {{ max-width: 360px; margin: 80px auto; background: #fff; padding: 24px; border-radius: 4px; }}
label {{ display: block; margin-top: 12px; }}
input {{ width: 100%; box-sizing: border-box; padding: 8px; }}
button {{ margin-top: 16px; height: 36px; width: 100%; }}
.error {{ color: #b71c1c; min-height: 1em; }}
</style>
</head>
<body>
<main>
<h1>Mambara HMIS</h1>
<p>DHIS2 {version} (dhis2-lite)</p>
<form id="loginForm" method="post" action="/dhis-web-commons-security/login.action">
<label for="j_username">Username</label>
<input type="text" id="j_username" name="j_username" autocomplete="username" required>
<label for="j_password">Password</label>
<input type="password" id="j_password" name="j_password" autocomplete="current-password" required>
<button type="submit" id="submit">Log in</button>
</form>
{message}
</main>
{script}
</body>
</html>"#,
        version = behaviour.full_version,
    );
    Html(page).into_response()
}
