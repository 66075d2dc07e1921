//! Human-readable progress of a run on stderr: phases, retries and, at most every few seconds,
//! the counts. stdout carries only the JSON results, so a scheduler's log keeps both apart.

use std::cell::Cell;
use std::time::{Duration, Instant};

use sync_engine::observer::{Event, Observer, Phase};

/// Counts are printed at most this often.
const COUNTS_EVERY: Duration = Duration::from_secs(5);

/// Prints one rule's events, each line prefixed with the rule's name.
pub struct StderrProgress {
    prefix: String,
    last_counts: Cell<Option<Instant>>,
}

impl StderrProgress {
    /// Progress of the rule called `name`.
    pub fn new(name: &str) -> StderrProgress {
        StderrProgress {
            prefix: format!("[{name}]"),
            last_counts: Cell::new(None),
        }
    }

    /// Prints `line` after the prefix.
    pub fn say(&self, line: &str) {
        eprintln!("{} {line}", self.prefix);
    }

    fn counts_due(&self) -> bool {
        let now = Instant::now();
        match self.last_counts.get() {
            Some(last) if now.duration_since(last) < COUNTS_EVERY => false,
            _ => {
                self.last_counts.set(Some(now));
                true
            }
        }
    }
}

impl Observer for StderrProgress {
    fn event(&self, event: Event) {
        match event {
            Event::Started { report_id } => self.say(&format!("report {report_id}")),
            Event::Phase(phase) => {
                let words = match phase {
                    Phase::Idle | Phase::Finished => return,
                    Phase::Locking => "taking the rule's lock",
                    Phase::Preparing => "reading metadata and planning",
                    Phase::Reading => "reading and writing values",
                    Phase::Aggregating => "aggregating",
                    Phase::Writing => "writing the last values",
                    Phase::Saving => "saving the report",
                };
                self.say(words);
            }
            Event::ReadsPlanned { requests } => self.say(&format!("{requests} read requests")),
            Event::Read {
                requests_done,
                values_read,
            } if self.counts_due() => {
                self.say(&format!(
                    "read {requests_done} requests, {values_read} values"
                ));
            }
            Event::Written {
                chunks_done,
                chunks_known,
                values_sent,
                ..
            } if self.counts_due() => {
                self.say(&format!(
                    "wrote {chunks_done} of {chunks_known} chunks, {values_sent} values sent"
                ));
            }
            Event::Retrying {
                what,
                attempt,
                wait_ms,
                error,
            } => self.say(&format!(
                "{what} failed (attempt {attempt}: {error}); trying again in {:.1} s",
                wait_ms as f64 / 1000.0
            )),
            Event::ReportSaved { saved: false } => {
                self.say("the report could not be saved at a checkpoint (the run goes on)")
            }
            _ => {}
        }
    }

    /// Nobody is there to log in again: a headless run gives up at once.
    async fn session_expired(&self) -> bool {
        false
    }
}
