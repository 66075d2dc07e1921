//! Writing one chunk and learning its fate: `POST /api/dataValueSets` with the run's retries,
//! synchronously or as an async import whose task is followed (the first poll at once, then
//! backing off, up to the task deadline); a chunk the destination or a proxy finds too big
//! (413, 502, 504) is split in halves that are written instead, down to single values. The
//! answer is settled with sync-core's status rule ([`settle_chunk`]): every value ends confirmed
//! or left behind with its reason.

use std::future::Future;
use std::pin::Pin;

use dhis2_api::transport::Transport;
use dhis2_api::{ApiError, Dhis2Client};
use sync_core::import_result::{AsyncTask, ImportOutcome, ImportResponse, ResponseError};
use sync_core::model::{
    ChunkFailure, ChunkReport, LeftBehind, SettledChunk, settle_chunk, settle_failed_chunk,
};
use sync_core::plan::{DataValue, WriteChunk, WriteKind, payload};

use crate::host::{Host, elapsed_ms};
use crate::observer::Observer;
use crate::retry::{CallContext, CallError, OnExpiredSession, Retryable};

/// Why a POST got no import result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PostFailure {
    /// The request failed.
    Api(ApiError),
    /// The answer carries no import result.
    Response(ResponseError),
}

impl PostFailure {
    /// The HTTP status, when there was an answer.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            PostFailure::Api(error) => error.status(),
            PostFailure::Response(error) => Some(response_status(error)),
        }
    }
}

fn response_status(error: &ResponseError) -> u16 {
    match error {
        ResponseError::SessionExpired { http_status }
        | ResponseError::WebMessage { http_status, .. }
        | ResponseError::NotJson { http_status, .. }
        | ResponseError::Empty { http_status }
        | ResponseError::Unrecognised { http_status, .. } => *http_status,
    }
}

impl std::fmt::Display for PostFailure {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PostFailure::Api(error) => write!(formatter, "{error}"),
            PostFailure::Response(error) => write!(formatter, "{error}"),
        }
    }
}

/// A failed attempt, and whether the chunk is split rather than sent again as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Attempt {
    failure: PostFailure,
    split_instead: bool,
    /// `Retry-After` of the answer, in milliseconds.
    retry_after_ms: Option<u64>,
}

impl std::fmt::Display for Attempt {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.failure.fmt(formatter)
    }
}

impl Retryable for Attempt {
    fn transient(&self) -> bool {
        if self.split_instead {
            return false;
        }
        match &self.failure {
            PostFailure::Api(error) => error.is_transient(),
            // A 2xx whose body cannot be read (cut short, garbled): the import may have happened,
            // and sending the same values again is safe (upserts and deletions are idempotent).
            PostFailure::Response(error) => {
                error.is_retryable() || (200..300).contains(&response_status(error))
            }
        }
    }

    fn session_expired(&self) -> bool {
        matches!(
            self.failure,
            PostFailure::Api(ApiError::SessionExpired)
                | PostFailure::Response(ResponseError::SessionExpired { .. })
        )
    }

    fn retry_after_ms(&self) -> Option<u64> {
        match &self.failure {
            PostFailure::Api(error) => error.retry_after_ms(),
            PostFailure::Response(_) => self.retry_after_ms,
        }
    }
}

/// Whether a failed POST's chunk is split rather than sent again as it is. A 413 always means
/// "too big": split down to single values. A 502 or 504 may be a proxy giving up on a big or slow
/// import: the chunk is split once; when a half fails the same way, size is not the cause (the
/// destination or the way to it is down) and the half is retried as any transient failure.
fn splits(status: Option<u16>, values: usize, gateway_split_allowed: bool) -> bool {
    values > 1
        && match status {
            Some(413) => true,
            Some(502 | 504) => gateway_split_allowed,
            _ => false,
        }
}

/// What writing a chunk came to.
#[derive(Debug, Clone)]
pub struct Written {
    /// Confirmed values and values left behind.
    pub settled: SettledChunk,
    /// The import results (one per piece when the chunk was split).
    pub outcomes: Vec<ImportOutcome>,
    /// The chunk's report.
    pub report: ChunkReport,
}

/// Where the chunk goes and how.
pub struct WriteTarget<'a, D> {
    /// The destination.
    pub client: &'a Dhis2Client<D>,
    /// Whether an expired session there is paused for (the app's instance or a route).
    pub on_expired: OnExpiredSession,
    /// Values at or above which a piece is imported asynchronously.
    pub async_from: usize,
    /// The destination's id schemes or mapping, when it does not take the source's UIDs:
    /// bodies name the values' objects by them (and the parameters say which schemes); chunks
    /// keep the source's UIDs, for settling and the report.
    pub translation: Option<std::rc::Rc<crate::ids::Naming>>,
}

/// The body of `values` as the destination takes them: under its id schemes or through its
/// mapping, if any.
fn body_for(
    values: &[DataValue],
    kind: WriteKind,
    translation: Option<&crate::ids::Naming>,
) -> Result<Vec<u8>, String> {
    match translation {
        None => payload(values, kind).map_err(|error| error.to_string()),
        Some(translation) => {
            let named = values
                .iter()
                .map(|value| translation.translate(value))
                .collect::<Result<Vec<_>, _>>()?;
            payload(&named, kind).map_err(|error| error.to_string())
        }
    }
}

/// Writes `chunk` to the destination and settles every value.
pub async fn write_chunk<D, H, O>(
    context: CallContext<'_, H, O>,
    target: &WriteTarget<'_, D>,
    chunk: &WriteChunk,
) -> Written
where
    D: Transport,
    H: Host,
    O: Observer,
{
    let started = context.host.now_ms();
    let mut pieces = Vec::new();
    write_piece(context, target, chunk, &chunk.values, true, &mut pieces).await;
    let mut settled = SettledChunk::default();
    let mut outcomes = Vec::new();
    let mut attempts = 0;
    let mut error = None;
    let mut http_status = None;
    let mut raw_response = None;
    let mut task_id = None;
    for piece in pieces {
        attempts += piece.attempts;
        http_status = piece.http_status.or(http_status);
        task_id = piece.task_id.or(task_id);
        raw_response = piece.raw_response.or(raw_response);
        settled.confirmed += piece.settled.confirmed;
        settled.left_behind.extend(piece.settled.left_behind);
        match piece.outcome {
            Ok(outcome) => outcomes.push(outcome),
            Err(message) => error = Some(message),
        }
    }
    let duration_ms = elapsed_ms(context.host, started);
    let mut report = match outcomes.as_slice() {
        [outcome] if error.is_none() => {
            ChunkReport::completed(chunk, outcome, attempts, raw_response, duration_ms)
        }
        _ => {
            let merged = sync_core::import_result::merge(outcomes.iter().enumerate());
            let mut report = ChunkReport::failed(
                chunk,
                error.clone().unwrap_or_default(),
                attempts,
                http_status,
                duration_ms,
            );
            if !outcomes.is_empty() {
                report.status = Some(merged.status);
                report.counts = merged.counts;
                report.conflict_count = merged.conflicts.len();
            }
            if error.is_none() {
                report.error = Some(format!("written in {} pieces", outcomes.len()));
            }
            report.raw_response = raw_response;
            report
        }
    };
    report.task_id = task_id;
    Written {
        settled,
        outcomes,
        report,
    }
}

/// One piece of a chunk and its fate.
struct Piece {
    outcome: Result<ImportOutcome, String>,
    settled: SettledChunk,
    attempts: u32,
    http_status: Option<u16>,
    raw_response: Option<String>,
    task_id: Option<String>,
}

fn write_piece<'a, D, H, O>(
    context: CallContext<'a, H, O>,
    target: &'a WriteTarget<'a, D>,
    chunk: &'a WriteChunk,
    values: &'a [DataValue],
    gateway_split_allowed: bool,
    pieces: &'a mut Vec<Piece>,
) -> Pin<Box<dyn Future<Output = ()> + 'a>>
where
    D: Transport,
    H: Host,
    O: Observer,
{
    Box::pin(async move {
        let count = values.len();
        let translation = target.translation.as_deref();
        let body = if values.len() == chunk.values.len() && translation.is_none() {
            chunk.body.clone()
        } else {
            match body_for(values, chunk.kind, translation) {
                Ok(body) => body,
                Err(error) => {
                    pieces.push(failed_piece(values, ChunkFailure::Unsent, error, 0, None));
                    return;
                }
            }
        };
        let mut params = params_for(chunk, values.len(), target.async_from);
        if let Some(translation) = translation {
            params.extend(translation.params());
        }
        let raw_text;
        let posted = context
            .call_counted(
                &format!("sending {} values", values.len()),
                target.on_expired,
                || async {
                    let raw = target
                        .client
                        .post_data_value_set(body.clone(), &params)
                        .await
                        .map_err(|error| Attempt {
                            split_instead: splits(error.status(), count, gateway_split_allowed),
                            failure: PostFailure::Api(error),
                            retry_after_ms: None,
                        })?;
                    let text = String::from_utf8_lossy(&raw.body).into_owned();
                    match raw.parse_import() {
                        Ok(response) => Ok((response, text)),
                        Err(error) => Err(Attempt {
                            split_instead: splits(
                                Some(response_status(&error)),
                                count,
                                gateway_split_allowed,
                            ),
                            failure: PostFailure::Response(error),
                            retry_after_ms: raw.retry_after_seconds.map(|seconds| seconds * 1000),
                        }),
                    }
                },
            )
            .await;
        let (response, attempts) = match posted {
            Ok(((response, text), attempts)) => {
                raw_text = Some(text);
                (response, attempts)
            }
            Err(CallError::Failed { error, attempts }) if error.split_instead => {
                // A 413 lets the halves split again; a gateway error splits only once.
                let again = error.failure.http_status() == Some(413);
                let half = values.len() / 2;
                let (first, second) = values.split_at(half);
                write_piece(context, target, chunk, first, again, pieces).await;
                write_piece(context, target, chunk, second, again, pieces).await;
                if let Some(last) = pieces.last_mut() {
                    last.attempts += attempts;
                }
                return;
            }
            Err(error) => {
                let attempts = error.attempts();
                let status = error.error().and_then(|e| e.failure.http_status());
                let fate = match &error {
                    CallError::Cancelled => ChunkFailure::Unknown,
                    CallError::TimedOut { .. } => ChunkFailure::Unknown,
                    CallError::Failed { error, .. } => failure_fate(&error.failure),
                };
                let message = match &error {
                    CallError::Cancelled => {
                        "cancelled while sending: the destination may have imported these values"
                            .to_string()
                    }
                    other => other.to_string(),
                };
                pieces.push(failed_piece(values, fate, message, attempts, status));
                return;
            }
        };
        match response {
            ImportResponse::Completed(mut outcome) => {
                outcome.resolve_values(values);
                let settled = settle_chunk(values, &outcome, chunk.kind);
                pieces.push(Piece {
                    http_status: outcome.http_status,
                    outcome: Ok(outcome),
                    settled,
                    attempts,
                    raw_response: raw_text,
                    task_id: None,
                });
            }
            ImportResponse::Started(task) => {
                let polled = follow_task(context, target, &task).await;
                match polled {
                    Ok(mut outcome) => {
                        outcome.resolve_values(values);
                        let settled = settle_chunk(values, &outcome, chunk.kind);
                        pieces.push(Piece {
                            http_status: outcome.http_status,
                            raw_response: serde_json::to_string(&outcome).ok(),
                            outcome: Ok(outcome),
                            settled,
                            attempts,
                            task_id: Some(task.id.clone()),
                        });
                    }
                    Err(message) => {
                        let mut piece =
                            failed_piece(values, ChunkFailure::Unknown, message, attempts, None);
                        piece.task_id = Some(task.id.clone());
                        piece.raw_response = raw_text;
                        pieces.push(piece);
                    }
                }
            }
        }
    })
}

/// The query parameters of a piece: the chunk's, with `async=true` only when the piece is big.
fn params_for(chunk: &WriteChunk, values: usize, async_from: usize) -> Vec<(String, String)> {
    let mut params: Vec<(String, String)> = chunk
        .params
        .iter()
        .filter(|(name, _)| name != "async")
        .cloned()
        .collect();
    if values >= async_from {
        params.push(("async".to_string(), "true".to_string()));
    }
    params
}

/// What a failure that got no import result means for the values.
fn failure_fate(failure: &PostFailure) -> ChunkFailure {
    let expired = matches!(
        failure,
        PostFailure::Api(ApiError::SessionExpired)
            | PostFailure::Response(ResponseError::SessionExpired { .. })
    );
    if expired {
        // Refused at the door: nothing was processed.
        return ChunkFailure::Unsent;
    }
    match failure.http_status() {
        // An answer from the destination itself refusing the request (400, 403, 404, 409
        // without a summary, 413 for a single value): nothing was written.
        Some(status) if (400..500).contains(&status) && status != 408 && status != 429 => {
            ChunkFailure::Refused
        }
        // The network, a timeout, a 5xx, a 2xx that could not be read: it may have been.
        _ => ChunkFailure::Unknown,
    }
}

fn failed_piece(
    values: &[DataValue],
    fate: ChunkFailure,
    message: String,
    attempts: u32,
    http_status: Option<u16>,
) -> Piece {
    Piece {
        settled: settle_failed_chunk(values, fate, &message),
        outcome: Err(message),
        attempts,
        http_status,
        raw_response: None,
        task_id: None,
    }
}

/// Follows an async import until its summary, the task deadline, or a failure.
async fn follow_task<D, H, O>(
    context: CallContext<'_, H, O>,
    target: &WriteTarget<'_, D>,
    task: &AsyncTask,
) -> Result<ImportOutcome, String>
where
    D: Transport,
    H: Host,
    O: Observer,
{
    let started = context.host.now_ms();
    let deadline = context.limits.task_deadline_ms;
    let unknown = |why: String| {
        format!(
            "the import task {} {why}; the destination may still have imported these values",
            task.id
        )
    };
    // The first poll at once: small imports are often done by then.
    let mut wait = 0u64;
    loop {
        if elapsed_ms(context.host, started) >= deadline {
            return Err(unknown(format!(
                "did not finish within {} s",
                deadline / 1000
            )));
        }
        if !context.pause(wait).await {
            return Err(unknown("was left when the run was cancelled".to_string()));
        }
        wait = (wait * 2).clamp(50, 2000);
        let progress = context
            .call("following the import task", target.on_expired, || {
                target.client.import_task_progress(task)
            })
            .await
            .map_err(|error| unknown(format!("could not be followed: {error}")))?;
        if !progress.completed {
            continue;
        }
        if progress.failed {
            let last = progress
                .messages
                .iter()
                .find_map(|message| message.message.clone())
                .unwrap_or_default();
            return Err(unknown(format!("failed: {last}")));
        }
        // The summary can lag the completed notification a little.
        let mut summary_wait = 0u64;
        while elapsed_ms(context.host, started) < deadline {
            if !context.pause(summary_wait).await {
                return Err(unknown("was left when the run was cancelled".to_string()));
            }
            summary_wait = (summary_wait * 2).clamp(50, 1000);
            let summary = context
                .call("reading the import summary", target.on_expired, || {
                    target.client.import_task_summary(task)
                })
                .await
                .map_err(|error| unknown(format!("summary could not be read: {error}")))?;
            if let Some(outcome) = summary {
                return Ok(outcome);
            }
        }
        return Err(unknown("completed without a summary".to_string()));
    }
}

/// The values of a chunk never sent (the run stopped or was cancelled first).
pub fn unsent(chunk: &WriteChunk, reason: &str) -> Vec<LeftBehind> {
    settle_failed_chunk(&chunk.values, ChunkFailure::Unsent, reason).left_behind
}

/// True for deletion chunks.
pub fn is_deletion(chunk: &WriteChunk) -> bool {
    chunk.kind == WriteKind::Delete
}
