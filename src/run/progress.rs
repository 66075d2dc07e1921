//! The state of the current run as signals: phase, figures, the pause for an expired session,
//! the user's Cancel and Continue, and the finished report. Provided once per app (the run goes
//! on while the user looks at other pages).

use leptos::prelude::*;
use sync_core::model::SyncReport;

/// What the run is doing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Phase {
    /// Nothing started.
    #[default]
    Idle,
    /// Reading metadata and planning.
    Preparing,
    /// Reading raw values from the source.
    Reading,
    /// Finishing the aggregation.
    Aggregating,
    /// Sending chunks to the destination.
    Writing,
    /// Saving the report.
    Saving,
    /// Done (whatever the outcome); the report is saved or its saving failed.
    Finished,
}

impl Phase {
    /// The phase as the progress bar names it.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Idle => "Not started",
            Phase::Preparing => "Preparing",
            Phase::Reading => "Reading values",
            Phase::Aggregating => "Aggregating",
            Phase::Writing => "Sending values",
            Phase::Saving => "Saving the report",
            Phase::Finished => "Finished",
        }
    }
}

/// The figures of a run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Progress {
    /// Current phase.
    pub phase: Phase,
    /// `Date.now()` at the start, in milliseconds.
    pub started_ms: f64,
    /// `Date.now()` at the end.
    pub finished_ms: Option<f64>,
    /// Read requests done and planned.
    pub reads_done: usize,
    /// See `reads_done`.
    pub reads_total: usize,
    /// Raw values read.
    pub values_read: u64,
    /// Values sent to the destination (in chunks that got an answer).
    pub values_sent: u64,
    /// Write chunks done and planned.
    pub chunks_done: usize,
    /// See `chunks_done`.
    pub chunks_total: usize,
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
    /// Share of the work done, 0 to 1: reading counts for the first half, writing the second.
    pub fn fraction(&self) -> f64 {
        let part = |done: usize, total: usize| {
            if total == 0 {
                0.0
            } else {
                done as f64 / total as f64
            }
        };
        match self.phase {
            Phase::Idle | Phase::Preparing => 0.0,
            Phase::Reading => 0.5 * part(self.reads_done, self.reads_total),
            Phase::Aggregating => 0.5,
            Phase::Writing => 0.5 + 0.5 * part(self.chunks_done, self.chunks_total),
            Phase::Saving | Phase::Finished => 1.0,
        }
    }

    /// Milliseconds since the start (until the end when finished).
    pub fn elapsed_ms(&self, now_ms: f64) -> f64 {
        if self.started_ms == 0.0 {
            return 0.0;
        }
        (self.finished_ms.unwrap_or(now_ms) - self.started_ms).max(0.0)
    }

    /// Estimated milliseconds left, from the share done so far; `None` before there is a basis.
    pub fn remaining_ms(&self, now_ms: f64) -> Option<f64> {
        let fraction = self.fraction();
        if self.phase == Phase::Finished {
            return Some(0.0);
        }
        (fraction > 0.02).then(|| self.elapsed_ms(now_ms) * (1.0 - fraction) / fraction)
    }
}

/// The run's signals, in context for every page.
#[derive(Clone, Copy, Debug)]
pub struct RunState {
    /// The figures.
    pub progress: RwSignal<Progress>,
    /// How many times the user pressed Continue after logging in again. Every request paused
    /// on an expired session (a few reads may be in flight) resumes when it changes.
    pub logins: RwSignal<u32>,
    /// The finished report, also saved to the dataStore.
    pub report: RwSignal<Option<SyncReport>>,
}

impl RunState {
    /// Idle state.
    pub fn new() -> RunState {
        RunState {
            progress: RwSignal::new(Progress::default()),
            logins: RwSignal::new(0),
            report: RwSignal::new(None),
        }
    }

    /// True while a run is going on.
    pub fn is_running(&self) -> bool {
        !matches!(
            self.progress.get_untracked().phase,
            Phase::Idle | Phase::Finished
        )
    }

    /// Back to idle before a new run.
    pub fn reset(&self) {
        self.progress.set(Progress {
            phase: Phase::Preparing,
            started_ms: js_sys::Date::now(),
            ..Progress::default()
        });
        self.report.set(None);
    }

    /// The user logged in again and pressed Continue: every paused request is sent again.
    pub fn continue_after_login(&self) {
        self.logins.update(|count| *count = count.wrapping_add(1));
    }

    /// Asks the engine to stop between two requests.
    pub fn cancel(&self) {
        self.progress.update(|p| p.cancel_requested = true);
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
    fn fraction_and_time_left() {
        let mut progress = Progress {
            phase: Phase::Reading,
            started_ms: 1000.0,
            reads_done: 1,
            reads_total: 2,
            ..Progress::default()
        };
        assert_eq!(progress.fraction(), 0.25);
        assert_eq!(progress.remaining_ms(2000.0), Some(3000.0));
        progress.phase = Phase::Writing;
        progress.chunks_total = 4;
        progress.chunks_done = 2;
        assert_eq!(progress.fraction(), 0.75);
        progress.phase = Phase::Preparing;
        assert_eq!(progress.remaining_ms(2000.0), None);
    }
}
