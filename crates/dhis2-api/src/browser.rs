//! The browser transport: `fetch` through gloo-net.
//!
//! Requests to the app's own instance carry the user's DHIS2 session cookie; requests marked
//! [`Credentials::Omit`] (direct destinations, see [`crate::auth`]) carry none. Every request
//! says `X-Requested-With: XMLHttpRequest`, so an expired session answers 401 JSON instead of a
//! redirect to the login page (reference §1.2). The browser hides why a cross-origin request
//! failed; a failure on another origin is reported as [`TransportError::CrossOrigin`] so the
//! client can point at the destination's CORS allowlist. Where DHIS2 2.42's optional CSRF
//! protection is on, the `XSRF-TOKEN` cookie is echoed as `X-XSRF-TOKEN` on writes to the own
//! instance (reference §1.3); elsewhere there is no such cookie and nothing is added.

use gloo_net::http::{Method as GlooMethod, RequestBuilder};
use wasm_bindgen::JsCast;
use web_sys::RequestCredentials;

use crate::transport::{
    Credentials, HttpRequest, HttpResponse, Method, Transport, TransportError, classify_failure,
    cookie_value,
};

/// Sends requests with the browser's fetch.
#[derive(Clone, Copy, Debug, Default)]
pub struct FetchTransport;

/// The origin of the page the app runs in.
fn page_origin() -> Option<String> {
    web_sys::window()?.location().origin().ok()
}

/// The `XSRF-TOKEN` cookie of the page, if the server set one.
fn xsrf_token() -> Option<String> {
    let document = web_sys::window()?.document()?;
    let cookies = document
        .dyn_into::<web_sys::HtmlDocument>()
        .ok()?
        .cookie()
        .ok()?;
    cookie_value(&cookies, "XSRF-TOKEN")
}

impl Transport for FetchTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let method = match request.method {
            Method::Get => GlooMethod::GET,
            Method::Post => GlooMethod::POST,
            Method::Put => GlooMethod::PUT,
            Method::Delete => GlooMethod::DELETE,
        };
        let credentials = match request.credentials {
            Credentials::Include => RequestCredentials::Include,
            Credentials::Omit => RequestCredentials::Omit,
        };
        let mut builder = RequestBuilder::new(&request.url)
            .method(method)
            .credentials(credentials)
            .header("X-Requested-With", "XMLHttpRequest")
            .header("Accept", "application/json");
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let is_write = request.method != Method::Get;
        if is_write
            && request.credentials == Credentials::Include
            && request.header("X-XSRF-TOKEN").is_none()
            && let Some(token) = xsrf_token()
        {
            builder = builder.header("X-XSRF-TOKEN", &token);
        }
        let failed =
            |message: String| classify_failure(&request.url, page_origin().as_deref(), &message);
        let built = match request.body.as_deref() {
            Some(body) => builder.body(js_sys::Uint8Array::from(body)),
            None => builder.build(),
        }
        .map_err(|error| TransportError::Network(error.to_string()))?;
        let response = built
            .send()
            .await
            .map_err(|error| failed(error.to_string()))?;
        let status = response.status();
        let content_type = response.headers().get("content-type");
        let redirected = response.redirected();
        let body = response
            .binary()
            .await
            .map_err(|error| TransportError::Network(error.to_string()))?;
        Ok(HttpResponse {
            status,
            content_type,
            redirected,
            body,
        })
    }
}
