//! One request, tried until it succeeds or there is no point: every attempt races its deadline
//! and the run's cancel token; transient failures (network, 5xx, 408, 429, timeouts) are tried
//! again after a backoff, a 429 after its `Retry-After`; an expired session on the app's
//! instance pauses until the user logs in again (the observer decides) and does not count as an
//! attempt. Used for every request of a run: preparation reads, value reads, writes, task polls,
//! dataStore saves.

use std::future::Future;
use std::pin::pin;

use dhis2_api::ApiError;
use futures::future::{Either, select};

use crate::cancel::CancelToken;
use crate::host::Host;
use crate::limits::Limits;
use crate::observer::{Event, Observer};

/// What the retry loop needs to know about an error.
pub trait Retryable: std::fmt::Display {
    /// The same request may succeed later.
    fn transient(&self) -> bool;
    /// The session of the app's instance expired.
    fn session_expired(&self) -> bool;
    /// The server asked to wait this long (429 `Retry-After`).
    fn retry_after_ms(&self) -> Option<u64> {
        None
    }
}

impl Retryable for ApiError {
    fn transient(&self) -> bool {
        self.is_transient()
    }

    fn session_expired(&self) -> bool {
        matches!(self, ApiError::SessionExpired)
    }

    fn retry_after_ms(&self) -> Option<u64> {
        self.retry_after_seconds().map(|seconds| seconds * 1000)
    }
}

impl Retryable for crate::store::StoreError {
    fn transient(&self) -> bool {
        matches!(self, crate::store::StoreError::Api(error) if error.is_transient())
    }

    fn session_expired(&self) -> bool {
        matches!(
            self,
            crate::store::StoreError::Api(ApiError::SessionExpired)
        )
    }

    fn retry_after_ms(&self) -> Option<u64> {
        match self {
            crate::store::StoreError::Api(error) => error.retry_after_ms(),
            _ => None,
        }
    }
}

/// Why a call gave up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError<E> {
    /// The last attempt failed with this error.
    Failed {
        /// The error.
        error: E,
        /// Attempts made.
        attempts: u32,
    },
    /// Every attempt ran past its deadline.
    TimedOut {
        /// Attempts made.
        attempts: u32,
        /// The deadline of each.
        after_ms: u64,
    },
    /// The run was cancelled (the request in flight was aborted).
    Cancelled,
}

impl<E: std::fmt::Display> std::fmt::Display for CallError<E> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::Failed { error, attempts } if *attempts > 1 => {
                write!(formatter, "{error} (after {attempts} attempts)")
            }
            CallError::Failed { error, .. } => write!(formatter, "{error}"),
            CallError::TimedOut { attempts, after_ms } => write!(
                formatter,
                "no answer within {} s ({attempts} attempt{})",
                after_ms / 1000,
                if *attempts == 1 { "" } else { "s" }
            ),
            CallError::Cancelled => formatter.write_str("cancelled"),
        }
    }
}

impl<E> CallError<E> {
    /// Attempts made (0 when cancelled before any answer was counted).
    pub fn attempts(&self) -> u32 {
        match self {
            CallError::Failed { attempts, .. } | CallError::TimedOut { attempts, .. } => *attempts,
            CallError::Cancelled => 0,
        }
    }

    /// The error of the last attempt, when it had one.
    pub fn error(&self) -> Option<&E> {
        match self {
            CallError::Failed { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// Everything a call needs from its run.
pub struct CallContext<'a, H, O> {
    /// Clock and timers.
    pub host: &'a H,
    /// Events and the expired-session question.
    pub observer: &'a O,
    /// The run's cancel token.
    pub cancel: &'a CancelToken,
    /// Deadlines and retries.
    pub limits: &'a Limits,
}

impl<H, O> Clone for CallContext<'_, H, O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<H, O> Copy for CallContext<'_, H, O> {}

/// How a call treats an expired session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnExpiredSession {
    /// Ask the observer (the app's own instance and routes: the user can log in again).
    Pause,
    /// Fail (a direct destination: its token or password will not change by waiting).
    Fail,
}

impl<'a, H: Host, O: Observer> CallContext<'a, H, O> {
    /// Waits `ms`, or less when the run is cancelled meanwhile (false then).
    pub async fn pause(&self, ms: u64) -> bool {
        if ms == 0 {
            return !self.cancel.is_cancelled();
        }
        let timer = pin!(self.host.sleep(ms));
        match select(timer, self.cancel.cancelled()).await {
            Either::Left(_) => !self.cancel.is_cancelled(),
            Either::Right(_) => false,
        }
    }

    /// One attempt: the request, its deadline and the cancel token raced; `None` on timeout.
    async fn attempt<R, E, Fut: Future<Output = Result<R, E>>>(
        &self,
        future: Fut,
        deadline_ms: u64,
    ) -> Result<Option<Result<R, E>>, ()> {
        let request = pin!(future);
        let timer = pin!(self.host.sleep(deadline_ms));
        let cancelled = self.cancel.cancelled();
        match select(select(request, timer), cancelled).await {
            Either::Left((Either::Left((result, _)), _)) => Ok(Some(result)),
            Either::Left((Either::Right(_), _)) => Ok(None),
            Either::Right(_) => Err(()),
        }
    }

    /// Calls `make` until it succeeds or gives up; `what` names the request in retry events.
    pub async fn call<R, E, F, Fut>(
        &self,
        what: &str,
        on_expired: OnExpiredSession,
        make: F,
    ) -> Result<R, CallError<E>>
    where
        E: Retryable,
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<R, E>>,
    {
        self.call_counted(what, on_expired, make)
            .await
            .map(|(result, _)| result)
    }

    /// [`CallContext::call`], also giving the attempts the success took.
    pub async fn call_counted<R, E, F, Fut>(
        &self,
        what: &str,
        on_expired: OnExpiredSession,
        mut make: F,
    ) -> Result<(R, u32), CallError<E>>
    where
        E: Retryable,
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<R, E>>,
    {
        let limits = self.limits;
        let mut attempts = 0u32;
        loop {
            if self.cancel.is_cancelled() {
                return Err(CallError::Cancelled);
            }
            attempts += 1;
            let outcome = match self.attempt(make(), limits.request_timeout_ms).await {
                Err(()) => return Err(CallError::Cancelled),
                Ok(outcome) => outcome,
            };
            let (message, wait) = match outcome {
                Some(Ok(result)) => return Ok((result, attempts)),
                Some(Err(error)) => {
                    if error.session_expired() && on_expired == OnExpiredSession::Pause {
                        let answer = pin!(self.observer.session_expired());
                        match select(answer, self.cancel.cancelled()).await {
                            Either::Left((true, _)) => {
                                // Logging in again is not a failed attempt.
                                attempts -= 1;
                                continue;
                            }
                            Either::Left((false, _)) => {
                                return Err(CallError::Failed { error, attempts });
                            }
                            Either::Right(_) => return Err(CallError::Cancelled),
                        }
                    }
                    if !error.transient() || attempts >= limits.max_attempts {
                        return Err(CallError::Failed { error, attempts });
                    }
                    let wait = match error.retry_after_ms() {
                        Some(asked) if asked > limits.max_retry_after_ms => {
                            return Err(CallError::Failed { error, attempts });
                        }
                        Some(asked) => asked,
                        None => limits.backoff_ms(attempts),
                    };
                    (error.to_string(), wait)
                }
                None => {
                    if attempts >= limits.max_attempts {
                        return Err(CallError::TimedOut {
                            attempts,
                            after_ms: limits.request_timeout_ms,
                        });
                    }
                    (
                        format!("no answer within {} ms", limits.request_timeout_ms),
                        limits.backoff_ms(attempts),
                    )
                }
            };
            self.observer.event(Event::Retrying {
                what: what.to_string(),
                attempt: attempts,
                wait_ms: wait,
                error: message,
            });
            if !self.pause(wait).await {
                return Err(CallError::Cancelled);
            }
        }
    }
}
