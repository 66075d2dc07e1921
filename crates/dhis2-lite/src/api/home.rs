//! The home page after login (`/dhis-web-dashboard/`): the installed apps with links, for a
//! caller with a session.
//!
//! It must not authenticate by itself (that is [`crate::auth`]).

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};

use super::apps::installed_apps;
use crate::auth::resolve_user;
use crate::state::SharedState;
use crate::web_message::{ApiResult, found};

/// Text for HTML element content and attribute values.
fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The home page: installed apps with links (needs a session).
pub async fn home_page(
    State(state): State<SharedState>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let Ok(user) = resolve_user(&state, &headers)? else {
        return Ok(found(state.behaviour.login_page_path));
    };
    let apps = installed_apps(&state)?;
    let mut items = String::new();
    for app in &apps {
        items.push_str(&format!(
            "<li><a id=\"app-{key}\" data-test=\"app-link-{key}\" href=\"/api/apps/{key}/{launch}\">{name}</a></li>\n",
            key = escape_html(&app.key),
            launch = escape_html(app.launch_path()),
            name = escape_html(&app.name()),
        ));
    }
    if items.is_empty() {
        items.push_str("<li id=\"no-apps\">No apps installed</li>");
    }
    let page = format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Home - DHIS2 (dhis2-lite)</title></head>
<body>
<header style="background:#2c6693;color:#fff;height:48px;display:flex;align-items:center;padding:0 16px">
<span id="user-name">{name}</span>&nbsp;|&nbsp;<a style="color:#fff" id="logout" href="/dhis-web-commons-security/logout.action">Log out</a>
</header>
<main>
<h1>Apps</h1>
<ul id="apps">
{items}</ul>
</main>
</body>
</html>"#,
        name = escape_html(&user.display_name()),
    );
    Ok(Html(page).into_response())
}
