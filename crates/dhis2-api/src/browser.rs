//! The browser transport: `fetch` through web-sys, with streamed bodies and abort on drop.
//!
//! Requests to the app's own instance carry the user's DHIS2 session cookie; requests marked
//! [`Credentials::Omit`] (direct destinations, see [`crate::auth`]) carry none. Every request
//! says `X-Requested-With: XMLHttpRequest`, so an expired session answers 401 JSON instead of a
//! redirect to the login page (reference §1.2). The browser hides why a cross-origin request
//! failed; a failure on another origin is reported as [`TransportError::CrossOrigin`] so the
//! client can point at the destination's CORS allowlist. Where DHIS2 2.42's optional CSRF
//! protection is on, the `XSRF-TOKEN` cookie is echoed as `X-XSRF-TOKEN` on writes to the own
//! instance (reference §1.3); elsewhere there is no such cookie and nothing is added.
//!
//! Every request has its own `AbortController`, owned by a guard that calls `abort()` when it is
//! dropped before the exchange finished: dropping a `send`/`open` future or a [`FetchBody`]
//! cancels the fetch and its body download. The promises an abort rejects are always consumed
//! (a `JsFuture` keeps its rejection handler attached even after it is dropped), so an abort
//! never shows up as an uncaught error in the console.
//!
//! A request body is handed to `fetch` as a view into the WebAssembly memory, which `fetch`
//! copies once: no intermediate JavaScript buffer per write chunk is left for the garbage
//! collector (they add up to the size of everything a run sends).
//!
//! It holds no timer and starts no task: timeouts and cancellation are the caller's, by dropping.

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, Headers, ReadableStreamDefaultReader, RequestCredentials, RequestInit,
    Response,
};

use crate::transport::{
    Credentials, HttpRequest, HttpResponse, Method, ResponseBody, ResponseHead, Transport,
    TransportError, classify_failure, cookie_value,
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

/// What a JavaScript error says (`TypeError: Failed to fetch` says `Failed to fetch`).
fn js_message(value: &JsValue) -> String {
    if let Some(error) = value.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

fn network(message: impl Into<String>) -> TransportError {
    TransportError::Network(message.into())
}

/// Owns a fetch's `AbortController` and aborts the fetch when dropped, unless the exchange
/// finished first ([`AbortOnDrop::finished`]).
#[derive(Debug)]
struct AbortOnDrop {
    controller: Option<AbortController>,
}

impl AbortOnDrop {
    fn new() -> Result<AbortOnDrop, TransportError> {
        let controller = AbortController::new().map_err(|error| network(js_message(&error)))?;
        Ok(AbortOnDrop {
            controller: Some(controller),
        })
    }

    /// The exchange is complete: nothing is left to abort.
    fn finished(&mut self) {
        self.controller = None;
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(controller) = self.controller.take() {
            controller.abort();
        }
    }
}

impl FetchTransport {
    /// Starts the fetch of `request` and waits for the response's head. The guard aborts the
    /// fetch if this future, or later the body, is dropped.
    async fn start(
        &self,
        request: HttpRequest,
    ) -> Result<(ResponseHead, Response, AbortOnDrop), TransportError> {
        let failed =
            |message: String| classify_failure(&request.url, page_origin().as_deref(), &message);
        let window = web_sys::window().ok_or_else(|| network("no browser window to fetch from"))?;
        let headers = Headers::new().map_err(|error| network(js_message(&error)))?;
        let set = |name: &str, value: &str| {
            headers
                .set(name, value)
                .map_err(|error| network(format!("header {name}: {}", js_message(&error))))
        };
        set("X-Requested-With", "XMLHttpRequest")?;
        set("Accept", "application/json")?;
        for (name, value) in &request.headers {
            set(name, value)?;
        }
        if request.method != Method::Get
            && request.credentials == Credentials::Include
            && request.header("X-XSRF-TOKEN").is_none()
            && let Some(token) = xsrf_token()
        {
            set("X-XSRF-TOKEN", &token)?;
        }
        let guard = AbortOnDrop::new()?;
        let init = RequestInit::new();
        init.set_method(request.method.as_str());
        init.set_headers(&headers);
        init.set_credentials(match request.credentials {
            Credentials::Include => RequestCredentials::Include,
            Credentials::Omit => RequestCredentials::Omit,
        });
        init.set_signal(guard.controller.as_ref().map(|c| c.signal()).as_ref());
        let started = match request.body.as_deref() {
            Some(body) => {
                // SAFETY: the view looks into the WebAssembly memory without copying the body
                // into a JavaScript buffer first (a run's bodies add up to the size of the data
                // it sends). `fetch` copies the bytes of a BufferSource body synchronously, when
                // it extracts the body, and nothing between the view's creation and that call
                // allocates in the WebAssembly memory (which could grow it and detach the view):
                // the view is dropped before this block ends.
                let view = unsafe { Uint8Array::view(body) };
                init.set_body(&view);
                let started = window.fetch_with_str_and_init(&request.url, &init);
                init.set_body(&JsValue::NULL);
                started
            }
            None => window.fetch_with_str_and_init(&request.url, &init),
        };
        let answer = JsFuture::from(started)
            .await
            .map_err(|error| failed(js_message(&error)))?;
        let response: Response = answer
            .dyn_into()
            .map_err(|_| network("fetch answered something that is not a response"))?;
        let head = ResponseHead {
            status: response.status(),
            content_type: response.headers().get("content-type").ok().flatten(),
            redirected: response.redirected(),
            retry_after_seconds: crate::transport::retry_after_seconds(
                response
                    .headers()
                    .get("retry-after")
                    .ok()
                    .flatten()
                    .as_deref(),
            ),
        };
        Ok((head, response, guard))
    }
}

impl Transport for FetchTransport {
    type Body = FetchBody;

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let (head, response, mut guard) = self.start(request).await?;
        let buffer = response
            .array_buffer()
            .map_err(|error| network(js_message(&error)))?;
        let buffer = JsFuture::from(buffer)
            .await
            .map_err(|error| network(js_message(&error)))?;
        guard.finished();
        Ok(HttpResponse::from_parts(
            head,
            Uint8Array::new(&buffer).to_vec(),
        ))
    }

    async fn open(
        &self,
        request: HttpRequest,
    ) -> Result<(ResponseHead, FetchBody), TransportError> {
        let (head, response, mut guard) = self.start(request).await?;
        let reader = match response.body() {
            Some(stream) => Some(
                stream
                    .get_reader()
                    .dyn_into::<ReadableStreamDefaultReader>()
                    .map_err(|_| network("the response body has no default reader"))?,
            ),
            None => {
                guard.finished();
                None
            }
        };
        Ok((head, FetchBody { reader, guard }))
    }
}

/// The body of a response opened by [`FetchTransport`], read chunk by chunk from its
/// `ReadableStream`. Dropping it before its end aborts the fetch.
#[derive(Debug)]
pub struct FetchBody {
    /// `None` once the body ended (or when there was none).
    reader: Option<ReadableStreamDefaultReader>,
    guard: AbortOnDrop,
}

impl ResponseBody for FetchBody {
    async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>, TransportError> {
        while let Some(reader) = &self.reader {
            let result = JsFuture::from(reader.read())
                .await
                .map_err(|error| network(js_message(&error)))?;
            let done = Reflect::get(&result, &JsValue::from_str("done"))
                .ok()
                .and_then(|done| done.as_bool())
                .unwrap_or(true);
            if done {
                self.reader = None;
                self.guard.finished();
                return Ok(None);
            }
            let value = Reflect::get(&result, &JsValue::from_str("value"))
                .map_err(|error| network(js_message(&error)))?;
            let chunk = value
                .dyn_into::<Uint8Array>()
                .map_err(|_| network("a body chunk was not bytes"))?
                .to_vec();
            if !chunk.is_empty() {
                return Ok(Some(chunk));
            }
        }
        Ok(None)
    }
}
