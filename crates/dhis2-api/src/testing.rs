//! A scripted fake transport for the client's tests: answers by method and URL, records every
//! request, and never pends, so one poll finishes a call. A rule may hand its body out in
//! scripted chunks (and end it with an error, like a connection lost mid-body).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use crate::transport::{
    HttpRequest, HttpResponse, Method, ResponseBody, ResponseHead, Transport, TransportError,
};

/// A body chunk as scripted: bytes, or the error that cuts the body off.
pub(crate) type Chunk = Result<Vec<u8>, TransportError>;

/// One scripted answer: the first rule whose method and URL fragment match answers.
struct Rule {
    method: Method,
    url_contains: String,
    answer: Result<HttpResponse, TransportError>,
    /// The body in chunks for `open` (`None`: the answer's body as one chunk).
    chunks: Option<Vec<Chunk>>,
    /// Answered once, then skipped (lets a test script a sequence).
    once: bool,
    used: bool,
}

/// The fake server.
#[derive(Default)]
pub(crate) struct Fake {
    rules: RefCell<Vec<Rule>>,
    pub(crate) requests: RefCell<Vec<HttpRequest>>,
}

impl Fake {
    pub(crate) fn new() -> Fake {
        Fake::default()
    }

    /// Answers `method` on URLs containing `url_contains`.
    pub(crate) fn on(self, method: Method, url_contains: &str, answer: HttpResponse) -> Fake {
        self.push(method, url_contains, Ok(answer), false)
    }

    /// Answers with `head`'s status and type and a body in `chunks`: `open` hands them out one by
    /// one, `send` joins them (or fails with the first error).
    pub(crate) fn streamed(
        self,
        method: Method,
        url_contains: &str,
        head: HttpResponse,
        chunks: Vec<Chunk>,
    ) -> Fake {
        let fake = self.push(method, url_contains, Ok(head), false);
        if let Some(rule) = fake.rules.borrow_mut().last_mut() {
            rule.chunks = Some(chunks);
        }
        fake
    }

    /// Answers once, then lets later rules answer.
    pub(crate) fn once(self, method: Method, url_contains: &str, answer: HttpResponse) -> Fake {
        self.push(method, url_contains, Ok(answer), true)
    }

    /// Fails like a transport without an HTTP answer.
    pub(crate) fn fail(self, method: Method, url_contains: &str, error: TransportError) -> Fake {
        self.push(method, url_contains, Err(error), false)
    }

    fn push(
        self,
        method: Method,
        url_contains: &str,
        answer: Result<HttpResponse, TransportError>,
        once: bool,
    ) -> Fake {
        self.rules.borrow_mut().push(Rule {
            method,
            url_contains: url_contains.to_string(),
            answer,
            chunks: None,
            once,
            used: false,
        });
        self
    }

    /// URLs requested, in order.
    pub(crate) fn urls(&self) -> Vec<String> {
        self.requests
            .borrow()
            .iter()
            .map(|request| request.url.clone())
            .collect()
    }

    /// The last request.
    pub(crate) fn last(&self) -> HttpRequest {
        self.requests.borrow().last().cloned().expect("a request")
    }
}

impl Fake {
    /// The first matching rule's answer (a 404 WebMessage when none matches), recording the
    /// request.
    fn answer(
        &self,
        request: &HttpRequest,
    ) -> Result<(HttpResponse, Option<Vec<Chunk>>), TransportError> {
        self.requests.borrow_mut().push(request.clone());
        let mut rules = self.rules.borrow_mut();
        for rule in rules.iter_mut() {
            if rule.method == request.method
                && request.url.contains(&rule.url_contains)
                && !(rule.once && rule.used)
            {
                rule.used = true;
                return rule
                    .answer
                    .clone()
                    .map(|response| (response, rule.chunks.clone()));
            }
        }
        Ok((
            json(
                404,
                r#"{"httpStatus":"Not Found","httpStatusCode":404,"status":"ERROR","message":"no fake rule"}"#,
            ),
            None,
        ))
    }
}

impl Transport for Fake {
    type Body = FakeBody;

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let (mut response, chunks) = self.answer(&request)?;
        if let Some(chunks) = chunks {
            response.body = chunks.into_iter().collect::<Result<Vec<_>, _>>()?.concat();
        }
        Ok(response)
    }

    async fn open(&self, request: HttpRequest) -> Result<(ResponseHead, FakeBody), TransportError> {
        let (response, chunks) = self.answer(&request)?;
        let chunks = chunks.unwrap_or_else(|| vec![Ok(response.body.clone())]);
        Ok((
            response.head(),
            FakeBody {
                chunks: chunks.into(),
            },
        ))
    }
}

/// The body of a fake answer: its scripted chunks, in order (empty ones skipped).
pub(crate) struct FakeBody {
    chunks: VecDeque<Chunk>,
}

impl ResponseBody for FakeBody {
    async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>, TransportError> {
        while let Some(chunk) = self.chunks.pop_front() {
            let chunk = chunk?;
            if !chunk.is_empty() {
                return Ok(Some(chunk));
            }
        }
        Ok(None)
    }
}

/// A JSON response.
pub(crate) fn json(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        content_type: Some("application/json;charset=UTF-8".to_string()),
        redirected: false,
        body: body.as_bytes().to_vec(),
    }
}

/// An HTML response (a login page, a proxy's error page).
pub(crate) fn html(status: u16, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        content_type: Some("text/html;charset=UTF-8".to_string()),
        redirected: status == 200,
        body: body.as_bytes().to_vec(),
    }
}

/// Runs a future of the fake transport to completion.
pub(crate) fn run<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("fake transport pended"),
    }
}
