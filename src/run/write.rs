//! Requests with retries, the pause for an expired session, and the writing of one chunk
//! (synchronously, or asynchronously with task polling). A chunk that gets no import result
//! after its retries comes back as a failure with its reason: the engine reports its values.

use std::future::Future;

use dhis2_api::transport::Transport;
use dhis2_api::{ApiError, Dhis2Client};
use leptos::prelude::*;
use sync_core::import_result::{ImportOutcome, ImportResponse, ResponseError};
use sync_core::plan::WriteChunk;

use super::progress::RunState;
use super::util::sleep;

/// Attempts per request: the first and three retries after 1 s, 2 s and 4 s.
pub const MAX_ATTEMPTS: u32 = 4;
/// Wait before the first retry, doubled for each next one.
pub const FIRST_BACKOFF_MS: u32 = 1000;

/// An error a request may be retried after.
pub trait RetryError {
    /// Network trouble, 5xx, 429, 408: the same request may succeed later.
    fn transient(&self) -> bool;
    /// The user's session expired: log in again, then the same request.
    fn session_expired(&self) -> bool;
}

impl RetryError for ApiError {
    fn transient(&self) -> bool {
        self.is_transient()
    }

    fn session_expired(&self) -> bool {
        matches!(self, ApiError::SessionExpired)
    }
}

impl RetryError for sync_engine::store::StoreError {
    fn transient(&self) -> bool {
        matches!(self, sync_engine::store::StoreError::Api(error) if error.is_transient())
    }

    fn session_expired(&self) -> bool {
        matches!(
            self,
            sync_engine::store::StoreError::Api(ApiError::SessionExpired)
        )
    }
}

/// Why a chunk got no import result.
#[derive(Debug)]
pub enum WriteFailure {
    /// The request failed.
    Api(ApiError),
    /// The answer carries no import result.
    Response(ResponseError),
    /// The async import's task failed or never gave a summary.
    Task(String),
    /// The async import's task could not be followed: its values were received, but whether
    /// the destination imported them is unknown.
    Polling {
        /// The task.
        task_id: String,
        /// The last error.
        error: ApiError,
        /// Requests made for the last poll.
        attempts: u32,
    },
}

impl WriteFailure {
    /// Text for the report.
    pub fn message(&self) -> String {
        match self {
            WriteFailure::Api(error) => error.to_string(),
            WriteFailure::Response(error) => error.to_string(),
            WriteFailure::Task(message) => message.clone(),
            WriteFailure::Polling {
                task_id,
                error,
                attempts,
            } => format!(
                "the import task {task_id} could not be followed ({attempts} attempt(s)): \
                 {error}; the destination may still have imported these values"
            ),
        }
    }

    /// HTTP status, when there was one.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            WriteFailure::Api(error) => error.status(),
            WriteFailure::Response(
                ResponseError::WebMessage { http_status, .. }
                | ResponseError::NotJson { http_status, .. }
                | ResponseError::Empty { http_status }
                | ResponseError::Unrecognised { http_status, .. },
            ) => Some(*http_status),
            WriteFailure::Response(ResponseError::SessionExpired { .. }) => Some(401),
            WriteFailure::Polling { error, .. } => error.status(),
            WriteFailure::Task(_) => None,
        }
    }
}

impl WriteFailure {
    /// True when the next chunks would fail the same way (the destination is down, the session
    /// expired, the credentials or the CORS allowlist are wrong): they are not tried.
    pub fn stops_the_run(&self) -> bool {
        self.transient()
            || self.session_expired()
            || matches!(
                self,
                WriteFailure::Api(
                    ApiError::CorsBlocked { .. } | ApiError::CredentialsRejected { .. }
                )
            )
    }
}

impl RetryError for WriteFailure {
    fn transient(&self) -> bool {
        match self {
            WriteFailure::Api(error) => error.is_transient(),
            WriteFailure::Response(ResponseError::SessionExpired { .. }) => false,
            WriteFailure::Response(error) => error.is_retryable(),
            WriteFailure::Polling { error, .. } => error.is_transient(),
            WriteFailure::Task(_) => false,
        }
    }

    fn session_expired(&self) -> bool {
        matches!(
            self,
            WriteFailure::Api(ApiError::SessionExpired)
                | WriteFailure::Response(ResponseError::SessionExpired { .. })
                | WriteFailure::Polling {
                    error: ApiError::SessionExpired,
                    ..
                }
        )
    }
}

/// Runs `call` until it succeeds, retrying transient errors with backoff and, when
/// `pause_on_expired_session`, pausing on an expired session until the user continues. Returns
/// the last result and the attempts made (a cancel stops the retries).
pub async fn with_retries<R, E, F, Fut>(
    state: RunState,
    pause_on_expired_session: bool,
    mut call: F,
) -> (Result<R, E>, u32)
where
    E: RetryError,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<R, E>>,
{
    let mut attempts = 0;
    let mut backoff = FIRST_BACKOFF_MS;
    loop {
        attempts += 1;
        // Continue pressed while this request was out: its 401 predates the new login.
        let logins = state.logins.get_untracked();
        let error = match call().await {
            Ok(result) => return (Ok(result), attempts),
            Err(error) => error,
        };
        if error.session_expired() && pause_on_expired_session {
            if state.logins.get_untracked() == logins && !wait_for_login(state, logins).await {
                return (Err(error), attempts);
            }
            // Logging in again is not a failed attempt.
            attempts -= 1;
            continue;
        }
        if !error.transient() || attempts >= MAX_ATTEMPTS || state.cancel_requested() {
            return (Err(error), attempts);
        }
        sleep(backoff).await;
        backoff *= 2;
    }
}

/// Shows the "log in again" prompt and waits until the user presses Continue (true; the
/// login count moved past `logins`) or Cancel (false). Every request paused at once waits here
/// and resumes on the same Continue.
pub async fn wait_for_login(state: RunState, logins: u32) -> bool {
    state.progress.update(|p| p.session_expired = true);
    loop {
        if state.cancel_requested() {
            state.progress.update(|p| p.session_expired = false);
            return false;
        }
        if state.logins.get_untracked() != logins {
            state.progress.update(|p| p.session_expired = false);
            return true;
        }
        sleep(250).await;
    }
}

/// What one chunk got.
pub struct ChunkWritten {
    /// The import result, its values resolved.
    pub result: Result<ImportOutcome, WriteFailure>,
    /// Attempts of the POST.
    pub attempts: u32,
    /// The raw answer (the POST's, or the task summary's), as text.
    pub raw_response: Option<String>,
    /// The async task id.
    pub task_id: Option<String>,
}

/// Sends `chunk` and reads its import result, polling the task of an async import.
pub async fn write_chunk<T: Transport>(
    destination: &Dhis2Client<T>,
    chunk: &WriteChunk,
    state: RunState,
    pause_on_expired_session: bool,
) -> ChunkWritten {
    let mut raw_text = None;
    let (posted, attempts) = with_retries(state, pause_on_expired_session, || async {
        let raw = destination
            .post_data_value_set(chunk.body.clone(), &chunk.params)
            .await
            .map_err(WriteFailure::Api)?;
        let text = String::from_utf8_lossy(&raw.body).into_owned();
        match raw.parse_import() {
            // Retried (or paused for) like a failed request.
            Err(error) if error.is_retryable() => Err(WriteFailure::Response(error)),
            parsed => Ok((parsed.map_err(WriteFailure::Response), text)),
        }
    })
    .await;
    // A non-retryable answer without an import result is final; a retryable one was retried.
    let response = match posted {
        Ok((parsed, text)) => {
            raw_text = Some(text);
            parsed
        }
        Err(error) => Err(error),
    };
    let mut written = ChunkWritten {
        result: Err(WriteFailure::Task(String::new())),
        attempts,
        raw_response: raw_text,
        task_id: None,
    };
    written.result = match response {
        Ok(ImportResponse::Completed(outcome)) => Ok(outcome),
        Ok(ImportResponse::Started(task)) => {
            written.task_id = Some(task.id.clone());
            let polled = poll_task(destination, &task, state, pause_on_expired_session).await;
            if let Ok(outcome) = &polled {
                written.raw_response = serde_json::to_string(outcome).ok();
            }
            polled
        }
        Err(error) => Err(error),
    };
    if let Ok(outcome) = &mut written.result {
        outcome.resolve_values(&chunk.values);
    }
    written
}

async fn poll_task<T: Transport>(
    destination: &Dhis2Client<T>,
    task: &sync_core::import_result::AsyncTask,
    state: RunState,
    pause_on_expired_session: bool,
) -> Result<ImportOutcome, WriteFailure> {
    let mut wait = 100;
    loop {
        sleep(wait).await;
        wait = (wait * 2).min(2000);
        let polling = |(error, attempts)| WriteFailure::Polling {
            task_id: task.id.clone(),
            error,
            attempts,
        };
        let (progress, attempts) = with_retries(state, pause_on_expired_session, || {
            destination.import_task_progress(task)
        })
        .await;
        let progress = progress.map_err(|error| polling((error, attempts)))?;
        if !progress.completed {
            if state.cancel_requested() {
                return Err(WriteFailure::Task(format!(
                    "cancelled while the destination imported (task {}); the task may still \
                     complete there",
                    task.id
                )));
            }
            continue;
        }
        // The summary can lag the completed notification a little.
        for _ in 0..20 {
            let (summary, attempts) = with_retries(state, pause_on_expired_session, || {
                destination.import_task_summary(task)
            })
            .await;
            if let Some(outcome) = summary.map_err(|error| polling((error, attempts)))? {
                return Ok(outcome);
            }
            sleep(250).await;
        }
        let last = progress
            .messages
            .first()
            .and_then(|message| message.message.clone())
            .unwrap_or_default();
        return Err(WriteFailure::Task(format!(
            "the import task {} completed without a summary{}{last}",
            task.id,
            if last.is_empty() { "" } else { ": " }
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_that_would_repeat_stop_the_run() {
        let network = WriteFailure::Api(ApiError::Network("down".into()));
        assert!(network.transient() && network.stops_the_run());
        let cors = WriteFailure::Api(ApiError::CorsBlocked {
            destination: "https://d".into(),
            app_origin: "https://s".into(),
        });
        assert!(!cors.transient() && cors.stops_the_run());
        let task = WriteFailure::Task("the import task failed".into());
        assert!(!task.stops_the_run());
        let polling = WriteFailure::Polling {
            task_id: "t1".into(),
            error: ApiError::Http {
                status: 502,
                message: "bad gateway".into(),
                error_code: None,
            },
            attempts: 4,
        };
        assert!(polling.transient() && polling.stops_the_run());
        assert_eq!(polling.http_status(), Some(502));
        assert!(
            polling
                .message()
                .contains("could not be followed (4 attempt(s))")
        );
        assert!(polling.message().contains("may still have imported"));
        let expired = WriteFailure::Polling {
            task_id: "t1".into(),
            error: ApiError::SessionExpired,
            attempts: 1,
        };
        assert!(expired.session_expired());
    }
}
