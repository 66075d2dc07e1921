//! The browser transport: `fetch` through gloo-net with the user's DHIS2 session cookie.
//!
//! Every request says `X-Requested-With: XMLHttpRequest`, so an expired session answers 401 JSON
//! instead of a redirect to the login page (reference §1.2).

use gloo_net::http::{Method as GlooMethod, RequestBuilder};
use web_sys::RequestCredentials;

use crate::transport::{HttpRequest, HttpResponse, Method, Transport, TransportError};

/// Sends requests with the browser's fetch, including credentials (same-origin session cookie).
#[derive(Clone, Copy, Debug, Default)]
pub struct FetchTransport;

impl Transport for FetchTransport {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let method = match request.method {
            Method::Get => GlooMethod::GET,
            Method::Post => GlooMethod::POST,
            Method::Put => GlooMethod::PUT,
            Method::Delete => GlooMethod::DELETE,
        };
        let mut builder = RequestBuilder::new(&request.url)
            .method(method)
            .credentials(RequestCredentials::Include)
            .header("X-Requested-With", "XMLHttpRequest")
            .header("Accept", "application/json");
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let built = match request.body {
            Some(body) => builder.body(js_sys::Uint8Array::from(body.as_slice())),
            None => builder.build(),
        }
        .map_err(|error| TransportError(error.to_string()))?;
        let response = built
            .send()
            .await
            .map_err(|error| TransportError(error.to_string()))?;
        let status = response.status();
        let content_type = response.headers().get("content-type");
        let redirected = response.redirected();
        let body = response
            .binary()
            .await
            .map_err(|error| TransportError(error.to_string()))?;
        Ok(HttpResponse {
            status,
            content_type,
            redirected,
            body,
        })
    }
}
