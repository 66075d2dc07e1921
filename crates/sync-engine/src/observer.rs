//! What a run tells the outside while it goes: its phase, its figures, retries, and the one
//! question it may ask (the session of the app's instance expired: log in again?). The Run page
//! turns events into signals; the command line prints them on stderr.

use sync_core::model::Tally;

/// What the run is doing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Phase {
    /// Nothing started.
    #[default]
    Idle,
    /// Taking the rule's lock.
    Locking,
    /// Reading metadata and planning.
    Preparing,
    /// Reading raw values (raw syncs write at the same time).
    Reading,
    /// Finishing the aggregation.
    Aggregating,
    /// Only writes are left.
    Writing,
    /// Saving the report and recording the run on its rule.
    Saving,
    /// Done, whatever the outcome.
    Finished,
}

/// One thing that happened.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// The report id is known (at once: an interrupted run is found by it).
    Started {
        /// Report id.
        report_id: String,
    },
    /// A new phase.
    Phase(Phase),
    /// The reads are planned.
    ReadsPlanned {
        /// Read requests.
        requests: usize,
    },
    /// A read request finished.
    Read {
        /// Read requests done.
        requests_done: usize,
        /// Raw values read so far.
        values_read: u64,
    },
    /// A write chunk got its answer (or failed for good).
    Written {
        /// Chunks settled.
        chunks_done: usize,
        /// Chunks known so far (raw syncs find more while reading).
        chunks_known: usize,
        /// Values sent so far.
        values_sent: u64,
        /// Where the values stand.
        tally: Tally,
    },
    /// A request failed and is tried again after a wait.
    Retrying {
        /// What was asked.
        what: String,
        /// The attempt that failed (1 = the first).
        attempt: u32,
        /// The wait before the next one.
        wait_ms: u64,
        /// Why it failed.
        error: String,
    },
    /// The report was saved (at a checkpoint, or at the end).
    ReportSaved {
        /// False when the save failed (the run goes on; the final save is retried).
        saved: bool,
    },
}

/// Receives a run's events and answers its questions.
#[allow(async_fn_in_trait)]
pub trait Observer {
    /// Something happened.
    fn event(&self, event: Event);

    /// The session of the app's instance expired. Resolves `true` once the user logged in again
    /// (the request is sent again), `false` to give up. Headless callers answer `false` at once.
    async fn session_expired(&self) -> bool;
}

/// An observer that ignores events and never waits for a login (tests, Download JSON).
#[derive(Clone, Copy, Debug, Default)]
pub struct Quiet;

impl Observer for Quiet {
    fn event(&self, _event: Event) {}

    async fn session_expired(&self) -> bool {
        false
    }
}
