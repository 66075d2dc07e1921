//! What the engine needs from the place it runs in, passed in rather than assumed: a clock for
//! durations and deadlines, timers, and randomness for new ids. The browser gives
//! `performance.now()`, `setTimeout` and `Math.random`; the command line gives tokio's.
//!
//! Nothing here reads a calendar: the dates of a run come from the source server
//! (`serverDate`), never from the machine the engine runs on.

use std::future::Future;
use std::pin::pin;

use futures::future::{Either, select};

/// The engine's environment.
#[allow(async_fn_in_trait)]
pub trait Host {
    /// Milliseconds on a clock that only moves forward (durations and deadlines).
    fn now_ms(&self) -> f64;
    /// Resolves after `ms` milliseconds.
    async fn sleep(&self, ms: u64);
    /// A random number in `[0, 1)` (new report ids).
    fn random(&self) -> f64;
}

impl<H: Host + ?Sized> Host for &H {
    fn now_ms(&self) -> f64 {
        (**self).now_ms()
    }

    async fn sleep(&self, ms: u64) {
        (**self).sleep(ms).await;
    }

    fn random(&self) -> f64 {
        (**self).random()
    }
}

/// A new DHIS2 uid from the host's randomness.
pub fn new_uid<H: Host>(host: &H) -> String {
    sync_core::model::generate_uid(|| host.random())
}

/// Milliseconds since `start` on the host's clock.
pub fn elapsed_ms<H: Host>(host: &H, start: f64) -> u64 {
    (host.now_ms() - start).max(0.0) as u64
}

/// Runs `future` for at most `ms` milliseconds: `None` when the time ran out first, in which case
/// the future is dropped (and, by the transports' contract, its request aborted).
pub async fn with_deadline<H: Host, F: Future>(host: &H, ms: u64, future: F) -> Option<F::Output> {
    let timer = pin!(host.sleep(ms));
    let future = pin!(future);
    match select(future, timer).await {
        Either::Left((output, _)) => Some(output),
        Either::Right(((), _)) => None,
    }
}

/// The command line's host: tokio's timers and a monotonic clock (feature `native`).
#[cfg(feature = "native")]
pub mod native {
    use std::cell::Cell;
    use std::time::Instant;

    /// Tokio timers, `Instant` for durations, and a xorshift generator seeded from the clock.
    #[derive(Debug)]
    pub struct TokioHost {
        started: Instant,
        state: Cell<u64>,
    }

    impl Default for TokioHost {
        fn default() -> TokioHost {
            let seed = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|elapsed| elapsed.as_nanos() as u64)
                .unwrap_or(0x2545_f491_4f6c_dd1d);
            TokioHost {
                started: Instant::now(),
                state: Cell::new(seed | 1),
            }
        }
    }

    impl super::Host for TokioHost {
        fn now_ms(&self) -> f64 {
            self.started.elapsed().as_secs_f64() * 1000.0
        }

        async fn sleep(&self, ms: u64) {
            tokio::time::sleep(std::time::Duration::from_millis(ms)).await;
        }

        fn random(&self) -> f64 {
            // xorshift64*: plenty for report ids.
            let mut x = self.state.get();
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            self.state.set(x);
            (x.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64
        }
    }
}
