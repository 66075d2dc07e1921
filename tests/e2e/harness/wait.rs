//! Waiting for conditions: [`eventually`] polls a condition until it holds or a timeout passes,
//! and its error names what was waited for. Every wait of the tests goes through it; none
//! sleeps for a fixed time where a condition can be waited for.

use std::fmt::{self, Debug, Display};
use std::time::{Duration, Instant};

use anyhow::Result;

/// How often [`eventually`] polls.
pub const POLL: Duration = Duration::from_millis(100);

/// The error of a wait that ran out of time.
#[derive(Debug)]
pub struct TimedOut {
    what: String,
    timeout: Duration,
}

impl Display for TimedOut {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "timed out after {:?} waiting for {}",
            self.timeout, self.what
        )
    }
}

impl std::error::Error for TimedOut {}

/// Polls `condition` every [`POLL`] until it gives `Some(value)` and returns the value; an
/// error of the condition ends the wait. After `timeout` the error is [`TimedOut`], naming
/// `what`.
pub async fn eventually<T>(
    what: &str,
    timeout: Duration,
    condition: impl AsyncFnMut() -> Result<Option<T>>,
) -> Result<T> {
    eventually_polling(what, timeout, POLL, condition).await
}

/// [`eventually`], polling every `interval` (for a state that lasts only briefly).
pub async fn eventually_polling<T>(
    what: &str,
    timeout: Duration,
    interval: Duration,
    mut condition: impl AsyncFnMut() -> Result<Option<T>>,
) -> Result<T> {
    let started = Instant::now();
    loop {
        if let Some(value) = condition().await? {
            return Ok(value);
        }
        if started.elapsed() > timeout {
            return Err(TimedOut {
                what: what.to_string(),
                timeout,
            }
            .into());
        }
        tokio::time::sleep(interval).await;
    }
}

/// Polls `read` until it gives `expected`; on a timeout the error also shows the last value
/// read.
pub async fn eventually_equal<V: PartialEq + Debug>(
    what: &str,
    timeout: Duration,
    expected: &V,
    mut read: impl AsyncFnMut() -> Result<V>,
) -> Result<()> {
    let mut last: Option<V> = None;
    let waited = eventually(what, timeout, async || {
        let value = read().await?;
        let equal = value == *expected;
        last = Some(value);
        Ok(equal.then_some(()))
    })
    .await;
    waited.map_err(|error| match error.downcast_ref::<TimedOut>() {
        Some(_) => error.context(format!("expected {expected:?}, last read {last:?}")),
        None => error,
    })
}
