//! The CORS filter of reference §11: allowlisted origins get credentialed CORS headers and their
//! preflights a 204; other cross-origin requests get no CORS headers at all.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::state::SharedState;

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_string)
}

fn same_origin(origin: &str, headers: &HeaderMap) -> bool {
    let host = header_text(headers, header::HOST).unwrap_or_default();
    origin
        .split_once("://")
        .is_some_and(|(_, rest)| rest == host)
}

/// Middleware applying the allowlist.
pub async fn cors(State(state): State<SharedState>, request: Request, next: Next) -> Response {
    let Some(origin) = header_text(request.headers(), header::ORIGIN) else {
        return next.run(request).await;
    };
    if same_origin(&origin, request.headers()) {
        return next.run(request).await;
    }
    let allowed = super::settings::cors_allowlist(&state)
        .map(|list| {
            list.iter()
                .any(|entry| entry.trim_end_matches('/') == origin.trim_end_matches('/'))
        })
        .unwrap_or(false);
    if !allowed {
        return next.run(request).await;
    }
    let origin_value =
        HeaderValue::from_str(&origin).unwrap_or_else(|_| HeaderValue::from_static("null"));
    let is_preflight = request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if is_preflight {
        let method = request
            .headers()
            .get(header::ACCESS_CONTROL_REQUEST_METHOD)
            .cloned();
        let requested_headers = request
            .headers()
            .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
            .cloned();
        let mut response = StatusCode::NO_CONTENT.into_response();
        let headers = response.headers_mut();
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin_value);
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
            HeaderValue::from_static("true"),
        );
        headers.insert(header::VARY, HeaderValue::from_static("Origin"));
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("3600"),
        );
        if let Some(method) = method {
            headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, method);
        }
        if let Some(requested_headers) = requested_headers {
            headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, requested_headers);
        }
        return response;
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin_value);
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        HeaderValue::from_static("true"),
    );
    headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    headers.insert(
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        HeaderValue::from_static("ETag, Location"),
    );
    response
}
