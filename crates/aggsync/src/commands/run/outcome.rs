//! What `aggsync run` prints for each rule run (one JSON object per line on stdout) and the exit
//! code the runs add up to.
//!
//! Exit codes: 0 when every rule ended SUCCESS or DRY_RUN (or nothing was due), 1 when any ended
//! WARNING, 3 when any ended ERROR or could not start, 4 when any was SKIPPED and none worse,
//! 130 when interrupted (SIGINT/SIGTERM). 2 is for usage errors (main's).

use serde_json::{Value, json};
use sync_core::model::{ReportStatus, SyncReport};

/// Every rule ended SUCCESS or DRY_RUN, or nothing was due.
pub const EXIT_OK: u8 = 0;
/// A rule ended WARNING (and none worse).
pub const EXIT_WARNING: u8 = 1;
/// A rule ended ERROR or could not start.
pub const EXIT_ERROR: u8 = 3;
/// A rule was SKIPPED (its lock was held) and none ended worse.
pub const EXIT_SKIPPED: u8 = 4;
/// Interrupted by SIGINT or SIGTERM: the runs were saved as CANCELLED.
pub const EXIT_INTERRUPTED: u8 = 130;

/// How one rule run ended, as far as the exit code goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// SUCCESS or DRY_RUN.
    Fine,
    /// SKIPPED.
    Skipped,
    /// WARNING.
    Warning,
    /// ERROR, or could not start.
    Error,
    /// CANCELLED by a signal.
    Interrupted,
}

impl Severity {
    /// The severity of a run that ended with `status`.
    pub fn of(status: ReportStatus) -> Severity {
        match status {
            ReportStatus::Success | ReportStatus::DryRun => Severity::Fine,
            ReportStatus::Skipped => Severity::Skipped,
            ReportStatus::Warning => Severity::Warning,
            ReportStatus::Cancelled => Severity::Interrupted,
            ReportStatus::Error | ReportStatus::Running | ReportStatus::Interrupted => {
                Severity::Error
            }
        }
    }

    /// The exit code of the worst severity.
    pub fn exit_code(self) -> u8 {
        match self {
            Severity::Fine => EXIT_OK,
            Severity::Skipped => EXIT_SKIPPED,
            Severity::Warning => EXIT_WARNING,
            Severity::Error => EXIT_ERROR,
            Severity::Interrupted => EXIT_INTERRUPTED,
        }
    }
}

/// The exit code of runs that ended with `severities` (0 for none).
pub fn exit_code(severities: impl IntoIterator<Item = Severity>) -> u8 {
    severities
        .into_iter()
        .max()
        .unwrap_or(Severity::Fine)
        .exit_code()
}

/// The line printed for a run that produced a report. `notSent` counts the values that did not
/// land for any reason the report knows: refused, of unknown fate, left out.
pub fn report_line(rule_id: &str, report: &SyncReport, seconds: f64) -> Value {
    let tally = &report.tally;
    let mut line = json!({
        "rule": rule_id,
        "status": report.status,
        "reportId": report.id,
        "valuesRead": report.values_read,
        "valuesSent": report.values_sent,
        "imported": report.counts.imported,
        "updated": report.counts.updated,
        "ignored": report.counts.ignored,
        "deleted": report.counts.deleted,
        "refused": tally.refused,
        "fateUnknown": tally.fate_unknown,
        "leftOut": tally.left_out,
        "notSent": tally.refused + tally.fate_unknown + tally.left_out,
        "seconds": (seconds * 1000.0).round() / 1000.0,
    });
    if !report.errors.is_empty()
        && let Value::Object(object) = &mut line
    {
        object.insert("errors".into(), json!(report.errors));
    }
    line
}

/// The line printed for a rule that could not start at all (no report: the rule is missing, or
/// the instance did not answer).
pub fn not_started_line(rule_id: &str, error: &str) -> Value {
    json!({
        "rule": rule_id,
        "status": ReportStatus::Error,
        "reportId": null,
        "valuesRead": 0, "valuesSent": 0,
        "imported": 0, "updated": 0, "ignored": 0, "deleted": 0,
        "refused": 0, "fateUnknown": 0, "leftOut": 0, "notSent": 0,
        "seconds": 0.0,
        "errors": [error],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_run_decides_the_exit_code() {
        assert_eq!(exit_code([]), EXIT_OK);
        assert_eq!(exit_code([Severity::Fine, Severity::Fine]), EXIT_OK);
        assert_eq!(exit_code([Severity::Fine, Severity::Skipped]), EXIT_SKIPPED);
        assert_eq!(
            exit_code([Severity::Skipped, Severity::Warning]),
            EXIT_WARNING
        );
        assert_eq!(exit_code([Severity::Warning, Severity::Error]), EXIT_ERROR);
        assert_eq!(
            exit_code([Severity::Error, Severity::Interrupted]),
            EXIT_INTERRUPTED
        );
    }

    #[test]
    fn statuses_map_to_severities() {
        assert_eq!(Severity::of(ReportStatus::DryRun), Severity::Fine);
        assert_eq!(Severity::of(ReportStatus::Success), Severity::Fine);
        assert_eq!(Severity::of(ReportStatus::Skipped), Severity::Skipped);
        assert_eq!(Severity::of(ReportStatus::Warning), Severity::Warning);
        assert_eq!(Severity::of(ReportStatus::Error), Severity::Error);
        assert_eq!(Severity::of(ReportStatus::Cancelled), Severity::Interrupted);
    }
}
