//! The seam between the DHIS2 client and an HTTP implementation.
//!
//! The client builds [`HttpRequest`]s and interprets [`HttpResponse`]s; a transport only moves
//! bytes. That keeps every DHIS2 rule testable natively with a fake transport.

/// HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PUT.
    Put,
    /// DELETE.
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// A request as the client wants it sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    /// Method.
    pub method: Method,
    /// Absolute URL.
    pub url: String,
    /// Extra headers (name, value).
    pub headers: Vec<(String, String)>,
    /// Body bytes, if any.
    pub body: Option<Vec<u8>>,
}

impl HttpRequest {
    /// A GET of `url` with no extra headers.
    pub fn get(url: impl Into<String>) -> HttpRequest {
        HttpRequest {
            method: Method::Get,
            url: url.into(),
            headers: Vec::new(),
            body: None,
        }
    }
}

/// A response as the transport received it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    /// HTTP status code.
    pub status: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// True when the transport followed a redirect to reach this response.
    pub redirected: bool,
    /// Body bytes.
    pub body: Vec<u8>,
}

/// The transport could not complete the exchange (no HTTP status to show).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("network error: {0}")]
pub struct TransportError(pub String);

/// Moves one request to the server and its response back.
///
/// Futures are not `Send`: the browser transport lives on the single JS thread.
#[allow(async_fn_in_trait)]
pub trait Transport {
    /// Sends `request` and returns the response, whatever its status.
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;
}
