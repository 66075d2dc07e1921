//! A scripted fake transport for the client's tests: answers by method and URL, records every
//! request, and never pends, so one poll finishes a call.

use std::cell::RefCell;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use crate::transport::{HttpRequest, HttpResponse, Method, Transport, TransportError};

/// One scripted answer: the first rule whose method and URL fragment match answers.
struct Rule {
    method: Method,
    url_contains: String,
    answer: Result<HttpResponse, TransportError>,
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

impl Transport for Fake {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.requests.borrow_mut().push(request.clone());
        let mut rules = self.rules.borrow_mut();
        for rule in rules.iter_mut() {
            if rule.method == request.method
                && request.url.contains(&rule.url_contains)
                && !(rule.once && rule.used)
            {
                rule.used = true;
                return rule.answer.clone();
            }
        }
        Ok(json(
            404,
            r#"{"httpStatus":"Not Found","httpStatusCode":404,"status":"ERROR","message":"no fake rule"}"#,
        ))
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
