//! The numbers a run works within: request timeouts, retries and backoff, how much is in flight,
//! chunk sizes, how often progress is saved, when a silent run counts as interrupted and a lock as
//! stale. Taken from the app's settings (`sync_core::model::Settings`), so tests can make them
//! short; the defaults suit a real DHIS2.

use sync_core::model::{DestinationInstance, DestinationKind, Settings};

/// Limits of a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// One request's deadline (each attempt).
    pub request_timeout_ms: u64,
    /// Attempts per request (the first and the retries).
    pub max_attempts: u32,
    /// Wait before the first retry, doubled for each next one.
    pub first_backoff_ms: u64,
    /// The longest wait between retries.
    pub max_backoff_ms: u64,
    /// The longest `Retry-After` honoured; a longer one fails the request.
    pub max_retry_after_ms: u64,
    /// How long an async import's task is followed before its values are "fate unknown".
    pub task_deadline_ms: u64,
    /// Read requests in flight at once.
    pub reads_in_flight: usize,
    /// Write requests in flight at once.
    pub writes_in_flight: usize,
    /// Org units per read request.
    pub read_chunk_org_units: usize,
    /// Values per write chunk.
    pub write_chunk_size: usize,
    /// Chunks with at least this many values are imported asynchronously (with task polling).
    pub async_from: usize,
    /// The report is saved with its progress at least this often while writing.
    pub checkpoint_every_ms: u64,
    /// A RUNNING report whose heartbeat is older than this counts as INTERRUPTED.
    pub heartbeat_stale_ms: u64,
    /// A rule's lock whose heartbeat is older than this may be taken over.
    pub lock_stale_ms: u64,
    /// At most this many values read but not yet settled by the destination: reading waits
    /// (backpressure) when writes fall behind.
    pub max_values_in_flight: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::from_settings(&Settings::default())
    }
}

impl Limits {
    /// The limits the settings give.
    pub fn from_settings(settings: &Settings) -> Limits {
        let write_chunk_size = settings.write_chunk_size.max(1) as usize;
        let writes_in_flight = settings.writes_in_flight.max(1) as usize;
        Limits {
            request_timeout_ms: u64::from(settings.request_timeout_seconds.max(1)) * 1000,
            max_attempts: settings.max_attempts.max(1),
            first_backoff_ms: u64::from(settings.first_backoff_ms),
            max_backoff_ms: 30_000,
            max_retry_after_ms: 300_000,
            task_deadline_ms: u64::from(settings.task_deadline_seconds.max(1)) * 1000,
            reads_in_flight: 3,
            writes_in_flight,
            read_chunk_org_units: settings.read_chunk_size.max(1) as usize,
            write_chunk_size,
            async_from: 5_000,
            checkpoint_every_ms: 5_000,
            heartbeat_stale_ms: 120_000,
            lock_stale_ms: 120_000,
            max_values_in_flight: (write_chunk_size * (writes_in_flight + 2)).max(20_000),
        }
    }

    /// The wait before retry number `retry` (1 = the first retry).
    pub fn backoff_ms(&self, retry: u32) -> u64 {
        let factor = 1u64 << retry.saturating_sub(1).min(20);
        self.first_backoff_ms
            .saturating_mul(factor)
            .min(self.max_backoff_ms)
    }

    /// These limits with write chunks of at most `cap` values (a route's response limit).
    pub fn capped_write_chunk(mut self, cap: Option<usize>) -> Limits {
        if let Some(cap) = cap {
            self.write_chunk_size = self.write_chunk_size.min(cap.max(1));
        }
        self
    }
}

/// Most values per write chunk through a DHIS2 route: a route relays at most 256 KB of answer
/// (reference §11.1), and 1,000 conflicts of ~200 bytes stay under it.
pub const ROUTE_MAX_CHUNK_SIZE: usize = 1000;

/// The most values per write chunk `destination` takes, whatever the settings say: an import
/// summary grows with its conflicts, so chunks through a route stay at [`ROUTE_MAX_CHUNK_SIZE`].
pub fn max_chunk_size(destination: &DestinationInstance) -> Option<usize> {
    matches!(destination.kind, DestinationKind::Route { .. }).then_some(ROUTE_MAX_CHUNK_SIZE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_its_ceiling() {
        let limits = Limits {
            first_backoff_ms: 1000,
            max_backoff_ms: 5000,
            ..Limits::default()
        };
        assert_eq!(
            [1, 2, 3, 4].map(|retry| limits.backoff_ms(retry)),
            [1000, 2000, 4000, 5000]
        );
    }
}
