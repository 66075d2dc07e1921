//! The middleware that applies fault rules (`crate::faults`) to requests, and the damaged bodies
//! some actions send. It sits inside CORS (a browser still sees an injected status) and outside
//! authentication (faults hit whoever asks); it never applies to `/api/testing/*`.
//!
//! Wire behaviour of each action:
//! * `status`: the handler does not run. Without `body`, a WebMessage (as dhis2-lite writes
//!   errors) whose message is the reason phrase; with `body`, exactly that text with
//!   `contentType` (default `text/plain;charset=UTF-8`). `retryAfterSeconds` sets `Retry-After`.
//! * `delayMs`: waits (cut short by server shutdown), then the request is handled normally.
//! * `hang`: the handler does not run and nothing is sent until the server shuts down; then the
//!   connection is closed without an answer.
//! * `drop: before-response`: the handler runs (its effects happen), then the connection is closed
//!   without a single response byte — the answer is lost, the request's fate unknown to the client.
//! * `drop: mid-body`: the handler runs; the status and headers are sent with
//!   `Transfer-Encoding: chunked` (no `Content-Length`) and one chunk holding the first half of the
//!   real body (rounded down), then the connection is closed without the last chunk: the client
//!   has a status and a body that errors when read.
//! * `truncateAfterBytes: N`: the handler runs; the first N bytes of the real body are sent
//!   chunked (no `Content-Length`) and the body ends with a proper last chunk, so the client reads
//!   a short body without a transport error (a shorter real body is sent whole).
//! * `loginPage`: the handler does not run; the answer is the one an unauthenticated request gets
//!   on this version ([`crate::auth::unauthenticated_response`]). The session is left alone.
//! * `taskFails` / `taskVanishes`: the job starts as usual; the handler is told through the
//!   [`AsyncJobFault`] request extension (see `data_value_sets`).
//!
//! It must not decide which rule applies (that is `crate::faults`).

use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body::Frame;
use http_body_util::BodyExt;

use crate::faults::{AsyncJobFault, DropPoint, FaultAction};
use crate::state::SharedState;
use crate::web_message::{ApiError, WebMessage, reason_phrase};

/// Marks a response that must not be sent: the connection is closed instead
/// (see [`crate::connections`]).
#[derive(Debug, Clone, Copy)]
pub struct DropConnection;

/// Whether the connection must be closed instead of sending `response`.
pub fn drops_connection(response: &Response) -> bool {
    response.extensions().get::<DropConnection>().is_some()
}

/// Whether `path` (normalised) belongs to the fault API, which faults never touch.
fn is_testing_path(path: &str) -> bool {
    path == "/api/testing" || path.starts_with("/api/testing/")
}

/// The stand-in for a dropped connection. Over a socket it is never sent; a `oneshot` test sees a
/// 500 that says what happened.
fn dropped_connection() -> Response {
    let mut response = WebMessage::error(
        StatusCode::INTERNAL_SERVER_ERROR,
        "The connection was dropped by fault injection",
    )
    .into_response();
    response.extensions_mut().insert(DropConnection);
    response
}

/// Middleware: applies the first fault rule whose window holds the request.
pub async fn inject_faults(
    State(state): State<SharedState>,
    mut request: Request,
    next: Next,
) -> Response {
    if !state.faults.is_active() || is_testing_path(request.uri().path()) {
        return next.run(request).await;
    }
    let starts_async_job =
        super::data_value_sets::starts_async_import(request.method(), request.uri());
    let Some(fault) = state.faults.select(
        request.method().as_str(),
        request.uri().path(),
        starts_async_job,
    ) else {
        return next.run(request).await;
    };
    match fault.action {
        FaultAction::Status {
            status,
            body,
            content_type,
            retry_after_seconds,
        } => status_response(status, body, content_type, retry_after_seconds),
        FaultAction::Delay { milliseconds } => {
            tokio::select! {
                () = tokio::time::sleep(std::time::Duration::from_millis(milliseconds)) => {}
                () = state.faults.shutting_down() => {}
            }
            next.run(request).await
        }
        FaultAction::Hang => {
            state.faults.shutting_down().await;
            dropped_connection()
        }
        FaultAction::Drop(DropPoint::BeforeResponse) => {
            drop(next.run(request).await);
            dropped_connection()
        }
        FaultAction::Drop(DropPoint::MidBody) => break_mid_body(next.run(request).await).await,
        FaultAction::TruncateAfterBytes(limit) => {
            let (mut parts, body) = next.run(request).await.into_parts();
            parts.headers.remove(header::CONTENT_LENGTH);
            Response::from_parts(
                parts,
                Body::new(TruncatedBody {
                    inner: body,
                    remaining: limit,
                }),
            )
        }
        FaultAction::LoginPage => crate::auth::unauthenticated_response(
            &state,
            request.headers(),
            ApiError::unauthorized("Unauthorized"),
        ),
        FaultAction::TaskFails => {
            request.extensions_mut().insert(AsyncJobFault::Fails);
            next.run(request).await
        }
        FaultAction::TaskVanishes => {
            request.extensions_mut().insert(AsyncJobFault::Vanishes);
            next.run(request).await
        }
    }
}

fn status_response(
    status: u16,
    body: Option<String>,
    content_type: Option<String>,
    retry_after_seconds: Option<u64>,
) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = match body {
        None => WebMessage::error(status, reason_phrase(status)).into_response(),
        Some(text) => {
            let content_type = content_type
                .as_deref()
                .and_then(|value| HeaderValue::from_str(value).ok())
                .unwrap_or_else(|| HeaderValue::from_static("text/plain;charset=UTF-8"));
            let mut response = (status, text).into_response();
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, content_type);
            response
        }
    };
    if let Some(seconds) = retry_after_seconds {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// Collects the real body and replaces it with its first half followed by a broken connection.
async fn break_mid_body(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    let part = match body.collect().await {
        Ok(collected) => {
            let bytes = collected.to_bytes();
            bytes.slice(..bytes.len() / 2)
        }
        // The real body failed by itself: send nothing of it and break all the same.
        Err(_) => Bytes::new(),
    };
    Response::from_parts(
        parts,
        Body::new(BrokenBody {
            stage: BrokenBodyStage::Part(part),
        }),
    )
}

/// Error of a body broken on purpose.
#[derive(Debug, thiserror::Error)]
#[error("body broken by fault injection")]
struct BodyBroken;

enum BrokenBodyStage {
    /// The part still to send.
    Part(Bytes),
    /// The part was handed over; give the connection one chance to flush it.
    Flushing,
    /// Fail from now on.
    Broken,
}

/// A body that yields one chunk, then (after one flush) an error, which makes hyper close the
/// connection without the terminating chunk.
struct BrokenBody {
    stage: BrokenBodyStage,
}

impl HttpBody for BrokenBody {
    type Data = Bytes;
    type Error = BodyBroken;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BodyBroken>>> {
        match std::mem::replace(&mut self.stage, BrokenBodyStage::Broken) {
            BrokenBodyStage::Part(part) => {
                self.stage = BrokenBodyStage::Flushing;
                if part.is_empty() {
                    // An empty data frame is skipped by hyper; go straight to the flush.
                    context.waker().wake_by_ref();
                    Poll::Pending
                } else {
                    Poll::Ready(Some(Ok(Frame::data(part))))
                }
            }
            BrokenBodyStage::Flushing => {
                // hyper writes what it has buffered (head and part) when the body is pending;
                // the error on the next poll then closes the connection.
                context.waker().wake_by_ref();
                Poll::Pending
            }
            BrokenBodyStage::Broken => Poll::Ready(Some(Err(BodyBroken))),
        }
    }
}

/// The first `remaining` bytes of `inner`, then the end of the body.
struct TruncatedBody {
    inner: Body,
    remaining: u64,
}

impl HttpBody for TruncatedBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        context: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        loop {
            if self.remaining == 0 {
                return Poll::Ready(None);
            }
            let frame = match std::task::ready!(Pin::new(&mut self.inner).poll_frame(context)) {
                None => return Poll::Ready(None),
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                Some(Ok(frame)) => frame,
            };
            // Trailers are left out: the body ends early anyway.
            let Ok(data) = frame.into_data() else {
                continue;
            };
            let keep = usize::try_from(self.remaining).unwrap_or(usize::MAX);
            let data = if data.len() > keep {
                data.slice(..keep)
            } else {
                data
            };
            self.remaining -= data.len() as u64;
            return Poll::Ready(Some(Ok(Frame::data(data))));
        }
    }
}
