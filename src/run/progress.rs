//! The state of the current run as signals: phase, figures, the pause for an expired session,
//! the user's Cancel and Continue, and the finished report. Provided once per app (the run goes
//! on while the user looks at other pages). The engine's events ([`Event`]) update it.

use leptos::prelude::*;
use sync_core::model::{SyncReport, Tally};
use sync_engine::CancelToken;
use sync_engine::observer::{Event, Phase};

/// The phase as the progress bar names it.
pub fn phase_label(phase: Phase) -> String {
    match phase {
        Phase::Idle => t!("phase-idle"),
        Phase::Locking => t!("phase-locking"),
        Phase::Preparing => t!("phase-preparing"),
        Phase::Reading => t!("phase-reading"),
        Phase::Aggregating => t!("phase-aggregating"),
        Phase::Writing => t!("phase-writing"),
        Phase::Saving => t!("phase-saving"),
        Phase::Finished => t!("phase-finished"),
    }
}

/// The figures of a run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    /// Current phase.
    pub phase: Phase,
    /// Page clock at the start, in milliseconds.
    pub started_ms: f64,
    /// Page clock at the end.
    pub finished_ms: Option<f64>,
    /// Page clock when the first read was planned (the reading phase's start).
    pub reading_since_ms: Option<f64>,
    /// Page clock when the first chunk was settled.
    pub first_write_ms: Option<f64>,
    /// Read requests done and planned.
    pub reads_done: usize,
    /// See `reads_done`.
    pub reads_total: usize,
    /// Raw values read.
    pub values_read: u64,
    /// Values sent to the destination (in chunks that were tried).
    pub values_sent: u64,
    /// Write chunks settled and known so far.
    pub chunks_done: usize,
    /// See `chunks_done`.
    pub chunks_total: usize,
    /// Where the planned values stand.
    pub tally: Tally,
    /// The last retry, for people ("sending 1000 values: … — trying again in 2 s").
    pub retrying: Option<String>,
    /// The session expired: waiting for the user to log in again and continue.
    pub session_expired: bool,
    /// The user asked to cancel.
    pub cancel_requested: bool,
    /// Id of the report (known from the start).
    pub report_id: Option<String>,
    /// Why the report could not be saved, when it could not.
    pub save_error: Option<String>,
}

impl Progress {
    /// Share of the work done, 0 to 1: reads and settled values, weighed by what is known.
    pub fn fraction(&self) -> f64 {
        match self.phase {
            Phase::Idle | Phase::Locking | Phase::Preparing => 0.0,
            Phase::Saving | Phase::Finished => 1.0,
            _ => {
                let reads = ratio(self.reads_done as f64, self.reads_total as f64);
                let expected = self.expected_values();
                let settled = (self.tally.confirmed + self.tally.not_landed()) as f64;
                let writes = ratio(settled, expected);
                if self.reads_total == 0 {
                    writes
                } else {
                    (reads + writes) / 2.0
                }
            }
        }
    }

    /// The values the run will plan in all, estimated from what the reads gave so far.
    fn expected_values(&self) -> f64 {
        let planned = self.tally.planned as f64;
        if self.reads_done == 0 || self.reads_done >= self.reads_total {
            return planned;
        }
        planned * self.reads_total as f64 / self.reads_done as f64
    }

    /// Milliseconds since the start (until the end when finished).
    pub fn elapsed_ms(&self, now_ms: f64) -> f64 {
        if self.started_ms == 0.0 {
            return 0.0;
        }
        (self.finished_ms.unwrap_or(now_ms) - self.started_ms).max(0.0)
    }

    /// Estimated milliseconds left, from the measured rates: reads per millisecond since reading
    /// began and settled values per millisecond since the first chunk was settled. Reads and
    /// writes overlap, so the slower of the two decides. `None` before there is a basis.
    pub fn remaining_ms(&self, now_ms: f64) -> Option<f64> {
        if self.phase == Phase::Finished {
            return Some(0.0);
        }
        let reads_left = (self.reads_total.saturating_sub(self.reads_done)) as f64;
        let read_time = self.reading_since_ms.and_then(|since| {
            let rate = self.reads_done as f64 / (now_ms - since).max(1.0);
            (self.reads_done > 0).then(|| reads_left / rate)
        });
        let settled = (self.tally.confirmed + self.tally.not_landed()) as f64;
        let write_time = self.first_write_ms.and_then(|since| {
            let rate = settled / (now_ms - since).max(1.0);
            (settled > 0.0).then(|| (self.expected_values() - settled).max(0.0) / rate)
        });
        match (read_time, write_time) {
            (Some(read), Some(write)) => Some(read.max(write)),
            (Some(read), None) if reads_left > 0.0 => Some(read),
            (None, Some(write)) if reads_left == 0.0 => Some(write),
            _ => None,
        }
    }
}

fn ratio(done: f64, total: f64) -> f64 {
    if total <= 0.0 {
        0.0
    } else {
        (done / total).min(1.0)
    }
}

/// The run's signals, in context for every page.
#[derive(Clone, Copy, Debug)]
pub struct RunState {
    /// The figures.
    pub progress: RwSignal<Progress>,
    /// How many times the user pressed Continue after logging in again. Every request paused
    /// on an expired session resumes when it changes.
    pub logins: RwSignal<u32>,
    /// The finished report, also saved to the dataStore.
    pub report: RwSignal<Option<SyncReport>>,
    /// The cancel token of the run going on.
    cancel: StoredValue<CancelToken, LocalStorage>,
}

impl RunState {
    /// Idle state.
    pub fn new() -> RunState {
        RunState {
            progress: RwSignal::new(Progress::default()),
            logins: RwSignal::new(0),
            report: RwSignal::new(None),
            cancel: StoredValue::new_local(CancelToken::new()),
        }
    }

    /// True while a run is going on.
    pub fn is_running(&self) -> bool {
        !matches!(
            self.progress.get_untracked().phase,
            Phase::Idle | Phase::Finished
        )
    }

    /// Back to the start of a new run; returns its cancel token.
    pub fn reset(&self, now_ms: f64) -> CancelToken {
        self.progress.set(Progress {
            phase: Phase::Preparing,
            started_ms: now_ms,
            ..Progress::default()
        });
        self.report.set(None);
        let token = CancelToken::new();
        self.cancel.set_value(token.clone());
        token
    }

    /// Applies one of the engine's events.
    pub fn apply(&self, event: Event, now_ms: f64) {
        self.progress.update(|p| match event {
            Event::Started { report_id } => p.report_id = Some(report_id),
            Event::Phase(phase) => {
                p.phase = phase;
                if phase == Phase::Finished {
                    p.finished_ms = Some(now_ms);
                }
            }
            Event::ReadsPlanned { requests } => {
                p.reads_total = requests + p.reads_done;
                p.reading_since_ms.get_or_insert(now_ms);
            }
            Event::Read {
                requests_done,
                values_read,
            } => {
                p.reads_done = requests_done;
                p.values_read = values_read;
                p.retrying = None;
            }
            Event::Written {
                chunks_done,
                chunks_known,
                values_sent,
                tally,
            } => {
                p.chunks_done = chunks_done;
                p.chunks_total = chunks_known.max(chunks_done);
                p.values_sent = values_sent;
                p.tally = tally;
                p.first_write_ms.get_or_insert(now_ms);
                p.retrying = None;
            }
            Event::Retrying {
                what,
                attempt,
                wait_ms,
                error,
            } => {
                p.retrying = Some(t!(
                    "run-retrying",
                    what = what.to_string(),
                    attempt = attempt,
                    error = error.to_string(),
                    seconds = wait_ms.div_ceil(1000)
                ));
            }
            Event::ReportSaved { .. } => {}
        });
    }

    /// The number of logins so far, without tracking.
    pub fn logins_untracked(&self) -> u32 {
        self.logins.get_untracked()
    }

    /// Shows or hides the log-in prompt.
    pub fn set_session_expired(&self, expired: bool) {
        self.progress.update(|p| p.session_expired = expired);
    }

    /// The user logged in again and pressed Continue: every paused request is sent again.
    pub fn continue_after_login(&self) {
        self.logins.update(|count| *count = count.wrapping_add(1));
    }

    /// Asks the engine to stop: requests in flight are aborted.
    pub fn cancel(&self) {
        self.progress.update(|p| p.cancel_requested = true);
        self.cancel.with_value(CancelToken::cancel);
    }

    /// True once the user asked to cancel.
    pub fn cancel_requested(&self) -> bool {
        self.progress.with_untracked(|p| p.cancel_requested)
    }
}

impl Default for RunState {
    fn default() -> Self {
        RunState::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_left_comes_from_the_measured_rates() {
        let mut progress = Progress {
            phase: Phase::Reading,
            started_ms: 0.0,
            reading_since_ms: Some(0.0),
            first_write_ms: Some(1000.0),
            reads_done: 5,
            reads_total: 10,
            tally: Tally {
                planned: 5000,
                confirmed: 2000,
                ..Tally::default()
            },
            ..Progress::default()
        };
        // Reads: 5 in 2 s, 5 left → 2 s. Writes: 2,000 of ~10,000 in 1 s → 4 s. The slower wins.
        assert_eq!(progress.remaining_ms(2000.0), Some(4000.0));
        progress.phase = Phase::Preparing;
        assert_eq!(progress.fraction(), 0.0);
        progress.phase = Phase::Finished;
        assert_eq!(progress.remaining_ms(2000.0), Some(0.0));
    }
}
