//! The seam between the DHIS2 client and an HTTP implementation.
//!
//! The client builds [`HttpRequest`]s and interprets the answers; a transport only moves bytes.
//! That keeps every DHIS2 rule testable natively with a fake transport. Nothing here knows DHIS2
//! URLs or JSON, and nothing here reads a clock or owns a runtime.
//!
//! A transport answers in two ways: [`Transport::send`] reads the whole body into an
//! [`HttpResponse`] (small JSON answers), [`Transport::open`] hands back the [`ResponseHead`] as
//! soon as the headers arrive and a [`ResponseBody`] that yields the body chunk by chunk as it
//! comes off the network (large `dataValueSets` reads, parsed by sync-core's streaming reader
//! without ever holding the whole body).
//!
//! Timeouts and cancellation are the caller's: it races a request's future (or a body's
//! `next_chunk`) against a timer or a cancel signal and drops the loser. Every transport
//! guarantees that **dropping a `send`/`open` future, or a body, aborts the HTTP request**: no
//! work goes on in the background and the connection is not left reading (see [`Transport`]).

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

/// Whether the browser sends its cookies (the user's DHIS2 session) with a request.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Credentials {
    /// Send cookies: the app's own instance, authenticated by the user's session.
    #[default]
    Include,
    /// Send no cookies: a direct destination, authenticated by an `Authorization` header.
    Omit,
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
    /// Whether cookies go along (browser only; native transports never keep cookies).
    pub credentials: Credentials,
}

impl HttpRequest {
    /// A request of `method` to `url` with no headers and no body.
    pub fn new(method: Method, url: impl Into<String>) -> HttpRequest {
        HttpRequest {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: None,
            credentials: Credentials::Include,
        }
    }

    /// A GET of `url` with no extra headers.
    pub fn get(url: impl Into<String>) -> HttpRequest {
        HttpRequest::new(Method::Get, url)
    }

    /// The request with one more header (replacing a header of the same name).
    pub fn with_header(mut self, name: &str, value: impl Into<String>) -> HttpRequest {
        self.headers
            .retain(|(existing, _)| !existing.eq_ignore_ascii_case(name));
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// The request with a body of `content_type`.
    pub fn with_body(self, content_type: &str, body: Vec<u8>) -> HttpRequest {
        let mut request = self.with_header("Content-Type", content_type);
        request.body = Some(body);
        request
    }

    /// The value of header `name` (case-insensitive), if set.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(existing, _)| existing.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
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
pub enum TransportError {
    /// The request failed without an answer: server down, DNS, TLS, offline, aborted.
    #[error("network error: {0}")]
    Network(String),
    /// A cross-origin request failed without an answer. Browsers hide the reason, and a missing
    /// CORS allowlist entry on the server is the usual one.
    #[error("cross-origin request from {page_origin} to {target_origin} failed: {message}")]
    CrossOrigin {
        /// Origin of the URL requested (`https://dest.example.org`).
        target_origin: String,
        /// Origin of the page that made the request (the app's instance).
        page_origin: String,
        /// What the browser said (usually only `Failed to fetch`).
        message: String,
    },
}

/// The status line and headers of a response whose body is still to be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseHead {
    /// HTTP status code.
    pub status: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// True when the transport followed a redirect to reach this response.
    pub redirected: bool,
}

impl HttpResponse {
    /// The response's status line and headers, without the body.
    pub fn head(&self) -> ResponseHead {
        ResponseHead {
            status: self.status,
            content_type: self.content_type.clone(),
            redirected: self.redirected,
        }
    }

    /// A response made of `head` and a body read in full.
    pub fn from_parts(head: ResponseHead, body: Vec<u8>) -> HttpResponse {
        HttpResponse {
            status: head.status,
            content_type: head.content_type,
            redirected: head.redirected,
            body,
        }
    }
}

/// The body of an opened response, read chunk by chunk as it arrives.
///
/// Dropping a body before its end aborts the request (see [`Transport`]); reading it to the end
/// frees the connection.
#[allow(async_fn_in_trait)]
pub trait ResponseBody {
    /// The next chunk of the body, `Ok(None)` at its end (and on every call after it). Chunks
    /// are never empty; their sizes are whatever the network delivered. An error means the body
    /// was cut off (connection lost, aborted, timed out): the bytes read so far are not the whole
    /// body.
    async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>, TransportError>;
}

/// A [`ResponseBody`] over a body already in memory: yields it as one chunk (none when empty).
///
/// Handy for fake transports, whose `open` is two lines over their `send`:
///
/// ```
/// use dhis2_api::transport::{
///     HttpRequest, HttpResponse, ResponseHead, Transport, TransportError, WholeBody,
/// };
///
/// /// Answers every request with the same response.
/// struct Canned(HttpResponse);
///
/// impl Transport for Canned {
///     type Body = WholeBody;
///
///     async fn send(&self, _request: HttpRequest) -> Result<HttpResponse, TransportError> {
///         Ok(self.0.clone())
///     }
///
///     async fn open(&self, request: HttpRequest) -> Result<(ResponseHead, WholeBody), TransportError> {
///         self.send(request).await.map(WholeBody::split)
///     }
/// }
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WholeBody {
    body: Option<Vec<u8>>,
}

impl WholeBody {
    /// A body of `bytes`.
    pub fn new(bytes: Vec<u8>) -> WholeBody {
        WholeBody {
            body: Some(bytes).filter(|bytes| !bytes.is_empty()),
        }
    }

    /// Splits a whole response into its head and its body.
    pub fn split(response: HttpResponse) -> (ResponseHead, WholeBody) {
        let head = response.head();
        (head, WholeBody::new(response.body))
    }
}

impl ResponseBody for WholeBody {
    async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>, TransportError> {
        Ok(self.body.take())
    }
}

/// Reads `body` to its end into one response with `head`.
pub async fn read_whole<B: ResponseBody>(
    head: ResponseHead,
    mut body: B,
) -> Result<HttpResponse, TransportError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = body.next_chunk().await? {
        bytes.extend_from_slice(&chunk);
    }
    Ok(HttpResponse::from_parts(head, bytes))
}

/// Moves one request to the server and its response back.
///
/// Futures are not `Send`: the browser transport lives on the single JS thread.
///
/// # Dropping aborts
///
/// Every implementation guarantees that dropping the future of [`send`](Transport::send) or
/// [`open`](Transport::open) before it finished, or dropping a [`Transport::Body`] before its end,
/// aborts the underlying HTTP request at once: nothing goes on in the background, and the
/// connection is not left reading a body nobody wants (the browser transport calls its
/// `AbortController`, the native one closes the connection). Callers build timeouts and
/// cancellation on this: race the future against a timer or a cancel signal and drop the loser.
/// A decorator (such as [`crate::AuthTransport`]) keeps the guarantee by owning nothing but its
/// inner transport's futures and body.
#[allow(async_fn_in_trait)]
pub trait Transport {
    /// The body of an opened response.
    type Body: ResponseBody;

    /// Sends `request` and returns the response with its whole body, whatever its status.
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError>;

    /// Sends `request` and returns the response's head as soon as it arrives, whatever its
    /// status, with its body still to be read from the returned [`ResponseBody`].
    async fn open(
        &self,
        request: HttpRequest,
    ) -> Result<(ResponseHead, Self::Body), TransportError>;
}

impl<T: Transport + ?Sized> Transport for &T {
    type Body = T::Body;

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        (**self).send(request).await
    }

    async fn open(
        &self,
        request: HttpRequest,
    ) -> Result<(ResponseHead, Self::Body), TransportError> {
        (**self).open(request).await
    }
}

/// The origin (`scheme://host[:port]`, lowercase, default ports dropped) of an absolute URL.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    if host_port.is_empty() {
        return None;
    }
    let host_port = host_port.to_ascii_lowercase();
    let default_port = if scheme == "https" { ":443" } else { ":80" };
    let host_port = host_port
        .strip_suffix(default_port)
        .unwrap_or(&host_port)
        .to_string();
    Some(format!("{scheme}://{host_port}"))
}

/// Classifies a request that got no HTTP answer. A relative URL, or one on the page's own origin,
/// is a plain network error; one on another origin is [`TransportError::CrossOrigin`], because the
/// browser reports a refused CORS check exactly like a network failure.
pub fn classify_failure(url: &str, page_origin: Option<&str>, message: &str) -> TransportError {
    let target = origin_of(url);
    let page = page_origin.and_then(origin_of);
    match (target, page) {
        (Some(target_origin), Some(page_origin)) if target_origin != page_origin => {
            TransportError::CrossOrigin {
                target_origin,
                page_origin,
                message: message.to_string(),
            }
        }
        _ => TransportError::Network(message.to_string()),
    }
}

/// The value of cookie `name` in a `document.cookie` string (`a=1; b=2`), if set and not empty.
pub fn cookie_value(cookies: &str, name: &str) -> Option<String> {
    cookies
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(cookie, _)| *cookie == name)
        .map(|(_, value)| value.to_string())
        .filter(|value| !value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_among_others() {
        let cookies = "a=1; XSRF-TOKEN=abc-123; b=2";
        assert_eq!(
            cookie_value(cookies, "XSRF-TOKEN").as_deref(),
            Some("abc-123")
        );
        assert_eq!(cookie_value("a=1", "XSRF-TOKEN"), None);
        assert_eq!(cookie_value("XSRF-TOKEN=", "XSRF-TOKEN"), None);
    }

    #[test]
    fn origins() {
        assert_eq!(
            origin_of("https://Play.DHIS2.org:443/dev/api/me").as_deref(),
            Some("https://play.dhis2.org")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:8080/api?x=1").as_deref(),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(
            origin_of("http://h").as_deref(),
            Some("http://h"),
            "no path"
        );
        assert_eq!(origin_of("./manifest.webapp"), None);
        assert_eq!(origin_of("ftp://h/x"), None);
    }

    #[test]
    fn failures_on_another_origin_are_cross_origin() {
        let error = classify_failure(
            "https://dest.example.org/api/system/info",
            Some("https://source.example.org"),
            "Failed to fetch",
        );
        assert_eq!(
            error,
            TransportError::CrossOrigin {
                target_origin: "https://dest.example.org".into(),
                page_origin: "https://source.example.org".into(),
                message: "Failed to fetch".into()
            }
        );
        let same = classify_failure(
            "https://source.example.org/api/me",
            Some("https://source.example.org"),
            "Failed to fetch",
        );
        assert_eq!(same, TransportError::Network("Failed to fetch".into()));
        let relative = classify_failure("./manifest.webapp", Some("https://s"), "x");
        assert_eq!(relative, TransportError::Network("x".into()));
    }

    /// Polls a future that never pends (a [`WholeBody`]'s) to its end.
    fn ready<F: Future>(future: F) -> F::Output {
        let mut future = std::pin::pin!(future);
        match future
            .as_mut()
            .poll(&mut std::task::Context::from_waker(std::task::Waker::noop()))
        {
            std::task::Poll::Ready(output) => output,
            std::task::Poll::Pending => panic!("a whole body pended"),
        }
    }

    #[test]
    fn a_whole_body_is_one_chunk_then_the_end() {
        let response = HttpResponse {
            status: 409,
            content_type: Some("application/json".into()),
            redirected: false,
            body: b"{}".to_vec(),
        };
        let (head, mut body) = WholeBody::split(response.clone());
        assert_eq!(head, response.head());
        assert_eq!(ready(body.next_chunk()), Ok(Some(b"{}".to_vec())));
        assert_eq!(ready(body.next_chunk()), Ok(None));
        assert_eq!(ready(body.next_chunk()), Ok(None), "the end stays the end");
        let mut empty = WholeBody::new(Vec::new());
        assert_eq!(ready(empty.next_chunk()), Ok(None), "no empty chunk");
        let (head, body) = WholeBody::split(response.clone());
        assert_eq!(ready(read_whole(head, body)), Ok(response));
    }

    #[test]
    fn headers_replace_case_insensitively() {
        let request = HttpRequest::get("http://h")
            .with_header("Accept", "text/html")
            .with_header("accept", "application/json");
        assert_eq!(request.headers.len(), 1);
        assert_eq!(request.header("ACCEPT"), Some("application/json"));
    }
}
