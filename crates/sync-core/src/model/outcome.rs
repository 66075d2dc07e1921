//! The one status rule: how a sync run's outcome becomes SUCCESS, WARNING, ERROR, DRY_RUN,
//! CANCELLED, INTERRUPTED or SKIPPED, and how each planned value is accounted for.
//!
//! Every value a run planned ends in exactly one of these places:
//!
//! | where | meaning | counts against SUCCESS |
//! |---|---|---|
//! | confirmed | the destination counted it (imported, updated, deleted, or ignored as unchanged) | no |
//! | left out | the plan left it out knowingly, before sending, with a reason (not aggregatable, not storable at the destination, excluded, an insignificant zero) | no |
//! | refused | the destination answered and refused it (a conflict, `rejectedIndexes`, a 4xx) | yes |
//! | fate unknown | sent, but no answer says what became of it (a timeout, a 5xx, a task that could not be followed, counts that do not add up, conflicts that do not say which values) | yes |
//! | unsent | planned but never sent (the run stopped after a failure, or was cancelled) | yes |
//!
//! Outside the plan, and never against SUCCESS: values "Skip unchanged values" did not send
//! because a comparison just before the run found them at the destination with the same value
//! and comment ([`Tally::unchanged_skipped`]). They are not left behind — they are already
//! there — so a run whose only omissions are unchanged values is SUCCESS.
//!
//! [`status_of`] is the rule, written once and used by the engine, the report, the history,
//! the rules' last run and the command line's exit codes. [`settle_chunk`] turns one write
//! chunk's answer into confirmed values and values left behind. Pure: no I/O, no clock.

use serde::{Deserialize, Serialize};

use crate::import_result::{ImportOutcome, ValueMatch};
use crate::plan::DataValue;

use super::report::ReportStatus;

/// Where a value that did not land ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LeftBehindKind {
    /// Left out knowingly by the plan, before sending (announced; does not count against
    /// SUCCESS).
    LeftOut,
    /// Refused by the destination.
    Refused,
    /// Sent, with no answer saying whether it was written.
    FateUnknown,
    /// Planned, never sent (the run stopped or was cancelled).
    Unsent,
}

impl LeftBehindKind {
    /// True for the kinds that keep a run from SUCCESS.
    pub fn counts_against_success(self) -> bool {
        self != LeftBehindKind::LeftOut
    }

    /// Words for the report.
    pub fn label(self) -> &'static str {
        match self {
            LeftBehindKind::LeftOut => "Left out",
            LeftBehindKind::Refused => "Refused",
            LeftBehindKind::FateUnknown => "Fate unknown",
            LeftBehindKind::Unsent => "Not sent",
        }
    }
}

/// One value that did not land, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeftBehind {
    /// The value as planned.
    pub value: DataValue,
    /// Where it ended.
    pub kind: LeftBehindKind,
    /// Why, in words (DHIS2's where it gave some).
    pub reason: String,
    /// DHIS2's error code, when there was one (`E7619`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

impl LeftBehind {
    /// A value of `kind` for `reason`, without a code.
    pub fn new(value: DataValue, kind: LeftBehindKind, reason: impl Into<String>) -> LeftBehind {
        LeftBehind {
            value,
            kind,
            reason: reason.into(),
            code: None,
        }
    }
}

/// How many planned values ended where.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tally {
    /// Values the plan meant to write (confirmed + refused + fate unknown + unsent).
    pub planned: u64,
    /// Counted by the destination.
    pub confirmed: u64,
    /// Refused by the destination.
    pub refused: u64,
    /// Sent, fate unknown.
    pub fate_unknown: u64,
    /// Planned, never sent.
    pub unsent: u64,
    /// Left out knowingly before sending (not part of `planned`).
    pub left_out: u64,
    /// Not sent because the destination already held them unchanged (a comparison with the
    /// destination before the run, "Skip unchanged values"); not part of `planned`, not left
    /// behind.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub unchanged_skipped: u64,
}

fn is_zero(count: &u64) -> bool {
    *count == 0
}

impl Tally {
    /// Counts one value left behind.
    pub fn add_left_behind(&mut self, kind: LeftBehindKind, count: u64) {
        match kind {
            LeftBehindKind::LeftOut => self.left_out += count,
            LeftBehindKind::Refused => self.refused += count,
            LeftBehindKind::FateUnknown => self.fate_unknown += count,
            LeftBehindKind::Unsent => self.unsent += count,
        }
    }

    /// Adds another tally.
    pub fn add(&mut self, other: Tally) {
        self.planned += other.planned;
        self.confirmed += other.confirmed;
        self.refused += other.refused;
        self.fate_unknown += other.fate_unknown;
        self.unsent += other.unsent;
        self.left_out += other.left_out;
        self.unchanged_skipped += other.unchanged_skipped;
    }

    /// Planned values that did not land: refused, fate unknown or unsent.
    pub fn not_landed(&self) -> u64 {
        self.refused + self.fate_unknown + self.unsent
    }

    /// Everything that is not at the destination: [`Tally::not_landed`] plus the values left out.
    pub fn not_sent(&self) -> u64 {
        self.not_landed() + self.left_out
    }
}

/// How a run ended, before its counts are looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RunEnd {
    /// It went through its plan (some chunks may have failed: the tally says).
    Finished,
    /// A phase failed part-way (a read that failed after its retries): what was written stays
    /// written, the rest is listed.
    Stopped,
    /// It could not start: the rule is invalid, the source or destination did not answer, the
    /// metadata could not be read.
    CouldNotStart,
    /// The user (or a signal) cancelled it.
    Cancelled,
    /// It stopped without finishing and without saying so (a closed tab, a killed process): a
    /// RUNNING report whose heartbeat stopped.
    Interrupted,
    /// Another run of the same rule held its lock; nothing was done.
    Skipped,
}

/// The status rule.
///
/// | how it ended | counts | status |
/// |---|---|---|
/// | skipped (lock held) | — | SKIPPED |
/// | interrupted (no heartbeat) | — | INTERRUPTED |
/// | cancelled | — | CANCELLED |
/// | could not start | — | ERROR |
/// | finished or stopped | planned > 0 and none confirmed | ERROR |
/// | finished or stopped, dry run | otherwise | DRY_RUN |
/// | finished or stopped | some refused, fate unknown or unsent | WARNING |
/// | finished | every planned value confirmed, or nothing to send | SUCCESS |
/// | stopped | nothing planned | ERROR |
///
/// Values left out knowingly never count against SUCCESS; they are listed in the report.
pub fn status_of(end: RunEnd, tally: &Tally, dry_run: bool) -> ReportStatus {
    match end {
        RunEnd::Skipped => return ReportStatus::Skipped,
        RunEnd::Interrupted => return ReportStatus::Interrupted,
        RunEnd::Cancelled => return ReportStatus::Cancelled,
        RunEnd::CouldNotStart => return ReportStatus::Error,
        RunEnd::Finished | RunEnd::Stopped => {}
    }
    if tally.planned > 0 && tally.confirmed == 0 {
        return ReportStatus::Error;
    }
    if end == RunEnd::Stopped && tally.planned == 0 {
        return ReportStatus::Error;
    }
    if dry_run {
        return ReportStatus::DryRun;
    }
    if tally.not_landed() > 0 || end == RunEnd::Stopped {
        ReportStatus::Warning
    } else {
        ReportStatus::Success
    }
}

/// What one write chunk's answer means for its values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettledChunk {
    /// Values the destination counted.
    pub confirmed: u64,
    /// The chunk's values that did not land, with why.
    pub left_behind: Vec<LeftBehind>,
}

/// Why a chunk got no import result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChunkFailure {
    /// The destination answered and refused the whole chunk (a 4xx other than 409, or an import
    /// ERROR that wrote nothing): nothing was written.
    Refused,
    /// No answer says what happened (a timeout, a dropped connection, a 5xx, a task that could
    /// not be followed): some or all values may have been written.
    Unknown,
    /// Never sent.
    Unsent,
}

/// Settles a chunk that got an import result. `values` are the chunk's values in the order
/// sent; `outcome` has had [`ImportOutcome::resolve_values`] applied.
///
/// * Values the destination named (`rejectedIndexes`, or conflicts with `indexes`) are refused,
///   with the conflict's message and code where one names them.
/// * Conflicts that do not say which values they concern (2.36's legacy conflicts, data set
///   level conflicts) make the values they may concern — those naming the conflict's object, or
///   the whole chunk — of unknown fate, with the conflict texts.
/// * When the four counts do not add up to the values sent, the values not otherwise accounted
///   for are of unknown fate ("counted N of M").
/// * In a deletion chunk (`importStrategy=DELETE`), a value the destination rejects without a
///   conflict did not exist there (reference §5.4: DELETE of a missing value is `ignored` and
///   listed in `rejectedIndexes`): the end state — no value — holds, so it is confirmed.
pub fn settle_chunk(
    values: &[DataValue],
    outcome: &ImportOutcome,
    kind: crate::plan::WriteKind,
) -> SettledChunk {
    let deletions = kind == crate::plan::WriteKind::Delete;
    let total = values.len();
    let mut fate: Vec<Option<(LeftBehindKind, String, Option<String>)>> = vec![None; total];
    let exact = outcome.rejected_indexes.is_some()
        || outcome
            .conflicts
            .iter()
            .all(|conflict| conflict.value_match == ValueMatch::Indexes);
    let nothing_written =
        outcome.counts.imported + outcome.counts.updated + outcome.counts.deleted == 0;
    let failed_import =
        outcome.status == crate::import_result::ImportStatus::Error && nothing_written;
    // Reasons by index, from the conflicts that name their values.
    for conflict in &outcome.conflicts {
        for index in &conflict.indexes {
            if let Some(slot) = fate.get_mut(*index) {
                slot.get_or_insert((
                    LeftBehindKind::Refused,
                    conflict.message.clone(),
                    conflict.error_code.clone(),
                ));
            }
        }
    }
    if failed_import {
        let reason = outcome
            .conflicts
            .first()
            .map(|conflict| conflict.message.clone())
            .or_else(|| outcome.description.clone())
            .or_else(|| outcome.message.clone())
            .unwrap_or_else(|| "the destination refused the import".to_string());
        for slot in &mut fate {
            slot.get_or_insert((LeftBehindKind::Refused, reason.clone(), None));
        }
    } else if let Some(indexes) = &outcome.rejected_indexes {
        for index in indexes {
            if deletions {
                // Nothing to delete: not refused (a conflict naming it was recorded above).
                continue;
            }
            if let Some(slot) = fate.get_mut(*index) {
                slot.get_or_insert((
                    LeftBehindKind::Refused,
                    "refused by the destination".to_string(),
                    None,
                ));
            }
        }
    }
    if !exact && !failed_import {
        let texts: Vec<&str> = outcome
            .conflicts
            .iter()
            .filter(|conflict| conflict.value_match != ValueMatch::Indexes)
            .map(|conflict| conflict.message.as_str())
            .collect();
        let reason = format!(
            "the destination reported conflicts without saying which values: {}",
            texts.join("; ")
        );
        let named: Vec<usize> = values
            .iter()
            .enumerate()
            .filter(|(_, value)| {
                outcome
                    .conflicts
                    .iter()
                    .filter(|conflict| conflict.value_match == ValueMatch::Object)
                    .any(|conflict| conflict.values.contains(value))
            })
            .map(|(index, _)| index)
            .collect();
        let concerned: Vec<usize> = if named.is_empty() {
            (0..total).collect()
        } else {
            named
        };
        for index in concerned {
            if let Some(slot) = fate.get_mut(index) {
                slot.get_or_insert((LeftBehindKind::FateUnknown, reason.clone(), None));
            }
        }
    }
    let counted = outcome.counts.total();
    let sent = total as u64;
    // The destination counts every value once (refused ones as ignored); fewer counts than
    // values means some went uncounted, and which is unknown.
    if !failed_import && counted < sent {
        let reason = format!("the destination counted {counted} of the {sent} values sent");
        for slot in &mut fate {
            slot.get_or_insert((LeftBehindKind::FateUnknown, reason.clone(), None));
        }
    }
    let mut settled = SettledChunk::default();
    for (value, slot) in values.iter().zip(fate) {
        match slot {
            None => settled.confirmed += 1,
            Some((kind, reason, code)) => settled.left_behind.push(LeftBehind {
                value: value.clone(),
                kind,
                reason,
                code,
            }),
        }
    }
    settled
}

/// Settles a chunk that got no import result.
pub fn settle_failed_chunk(
    values: &[DataValue],
    failure: ChunkFailure,
    reason: &str,
) -> SettledChunk {
    let kind = match failure {
        ChunkFailure::Refused => LeftBehindKind::Refused,
        ChunkFailure::Unknown => LeftBehindKind::FateUnknown,
        ChunkFailure::Unsent => LeftBehindKind::Unsent,
    };
    SettledChunk {
        confirmed: 0,
        left_behind: values
            .iter()
            .map(|value| LeftBehind::new(value.clone(), kind, reason))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import_result::{Conflict, ImportCount, ImportStatus};
    use crate::plan::WriteKind;

    fn value(org_unit: &str) -> DataValue {
        DataValue::new("de", "202401", org_unit, "5")
    }

    fn tally(planned: u64, confirmed: u64, refused: u64) -> Tally {
        Tally {
            planned,
            confirmed,
            refused,
            ..Tally::default()
        }
    }

    #[test]
    fn every_planned_value_confirmed_is_success_and_left_out_values_do_not_count() {
        let mut counts = tally(10, 10, 0);
        counts.left_out = 56;
        assert_eq!(
            status_of(RunEnd::Finished, &counts, false),
            ReportStatus::Success
        );
        assert_eq!(
            status_of(RunEnd::Finished, &Tally::default(), false),
            ReportStatus::Success
        );
    }

    #[test]
    fn unchanged_values_skipped_are_no_omission() {
        // Some sent and confirmed, the rest already at the destination: SUCCESS.
        let mut counts = tally(4, 4, 0);
        counts.unchanged_skipped = 96;
        assert_eq!(
            status_of(RunEnd::Finished, &counts, false),
            ReportStatus::Success
        );
        // Everything already there: nothing planned, nothing to confirm, SUCCESS (not ERROR).
        let only_unchanged = Tally {
            unchanged_skipped: 100,
            ..Tally::default()
        };
        assert_eq!(
            status_of(RunEnd::Finished, &only_unchanged, false),
            ReportStatus::Success
        );
        assert_eq!(only_unchanged.not_sent(), 0);
    }

    #[test]
    fn some_values_not_landed_is_warning_and_none_confirmed_is_error() {
        assert_eq!(
            status_of(RunEnd::Finished, &tally(10, 9, 1), false),
            ReportStatus::Warning
        );
        let unknown = Tally {
            planned: 10,
            confirmed: 8,
            fate_unknown: 2,
            ..Tally::default()
        };
        assert_eq!(
            status_of(RunEnd::Finished, &unknown, false),
            ReportStatus::Warning
        );
        assert_eq!(
            status_of(RunEnd::Finished, &tally(10, 0, 10), false),
            ReportStatus::Error
        );
        assert_eq!(
            status_of(RunEnd::Stopped, &tally(10, 4, 0), false),
            ReportStatus::Warning
        );
        assert_eq!(
            status_of(RunEnd::Stopped, &Tally::default(), false),
            ReportStatus::Error
        );
    }

    #[test]
    fn dry_runs_cancels_interruptions_and_skips_have_their_own_statuses() {
        assert_eq!(
            status_of(RunEnd::Finished, &tally(10, 9, 1), true),
            ReportStatus::DryRun
        );
        assert_eq!(
            status_of(RunEnd::Finished, &tally(10, 0, 10), true),
            ReportStatus::Error
        );
        assert_eq!(
            status_of(RunEnd::Cancelled, &tally(10, 10, 0), false),
            ReportStatus::Cancelled
        );
        assert_eq!(
            status_of(RunEnd::Interrupted, &tally(10, 10, 0), false),
            ReportStatus::Interrupted
        );
        assert_eq!(
            status_of(RunEnd::Skipped, &Tally::default(), false),
            ReportStatus::Skipped
        );
        assert_eq!(
            status_of(RunEnd::CouldNotStart, &Tally::default(), false),
            ReportStatus::Error
        );
    }

    #[test]
    fn rejected_indexes_refuse_exactly_those_values_with_the_conflict_text() {
        let values = vec![value("a"), value("b"), value("c")];
        let mut outcome = ImportOutcome {
            status: ImportStatus::Warning,
            counts: ImportCount {
                imported: 2,
                ignored: 1,
                ..ImportCount::default()
            },
            conflicts: vec![Conflict {
                error_code: Some("E7619".into()),
                message: "Value must match value type".into(),
                indexes: vec![1],
                ..Conflict::default()
            }],
            rejected_indexes: Some(vec![1]),
            ..ImportOutcome::default()
        };
        outcome.resolve_values(&values);
        let settled = settle_chunk(&values, &outcome, WriteKind::Upsert);
        assert_eq!(settled.confirmed, 2);
        assert_eq!(settled.left_behind.len(), 1);
        let refused = &settled.left_behind[0];
        assert_eq!(refused.value.org_unit, "b");
        assert_eq!(refused.kind, LeftBehindKind::Refused);
        assert_eq!(refused.code.as_deref(), Some("E7619"));
        assert_eq!(refused.reason, "Value must match value type");
    }

    #[test]
    fn conflicts_that_do_not_name_their_values_leave_the_concerned_values_of_unknown_fate() {
        let values = vec![value("a"), value("b"), value("c")];
        let mut outcome = ImportOutcome {
            status: ImportStatus::Warning,
            counts: ImportCount {
                imported: 2,
                ignored: 1,
                ..ImportCount::default()
            },
            conflicts: vec![Conflict {
                message: "Organisation unit not in hierarchy of current user".into(),
                object: Some("b".into()),
                ..Conflict::default()
            }],
            ..ImportOutcome::default()
        };
        outcome.resolve_values(&values);
        let settled = settle_chunk(&values, &outcome, WriteKind::Upsert);
        assert_eq!(settled.confirmed, 2);
        assert_eq!(settled.left_behind[0].value.org_unit, "b");
        assert_eq!(settled.left_behind[0].kind, LeftBehindKind::FateUnknown);
        assert!(settled.left_behind[0].reason.contains("not in hierarchy"));
        // Nothing named at all: the whole chunk is of unknown fate.
        let mut vague = ImportOutcome {
            conflicts: vec![Conflict {
                message: "Data set locked".into(),
                object: Some("dataSet".into()),
                ..Conflict::default()
            }],
            ..outcome.clone()
        };
        vague.resolve_values(&values);
        assert_eq!(
            settle_chunk(&values, &vague, WriteKind::Upsert)
                .left_behind
                .len(),
            3
        );
    }

    #[test]
    fn counts_that_do_not_add_up_leave_the_rest_of_unknown_fate() {
        let values = vec![value("a"), value("b")];
        let outcome = ImportOutcome {
            counts: ImportCount {
                imported: 1,
                ..ImportCount::default()
            },
            ..ImportOutcome::default()
        };
        let settled = settle_chunk(&values, &outcome, WriteKind::Upsert);
        assert_eq!(settled.confirmed, 0);
        assert!(
            settled
                .left_behind
                .iter()
                .all(|item| item.kind == LeftBehindKind::FateUnknown
                    && item.reason.contains("counted 1 of the 2"))
        );
    }

    #[test]
    fn an_import_that_failed_as_a_whole_refuses_every_value() {
        let values = vec![value("a"), value("b")];
        let mut outcome = ImportOutcome {
            status: ImportStatus::Error,
            description: Some("Data set not found".into()),
            ..ImportOutcome::default()
        };
        outcome.resolve_values(&values);
        let settled = settle_chunk(&values, &outcome, WriteKind::Upsert);
        assert_eq!(settled.confirmed, 0);
        assert_eq!(settled.left_behind.len(), 2);
        assert!(
            settled
                .left_behind
                .iter()
                .all(|item| item.kind == LeftBehindKind::Refused)
        );
    }

    #[test]
    fn a_deletion_of_a_value_the_destination_never_had_is_confirmed() {
        let values = vec![value("a"), value("b")];
        let mut outcome = ImportOutcome {
            counts: ImportCount {
                deleted: 1,
                ignored: 1,
                ..ImportCount::default()
            },
            rejected_indexes: Some(vec![1]),
            ..ImportOutcome::default()
        };
        outcome.resolve_values(&values);
        let settled = settle_chunk(&values, &outcome, WriteKind::Delete);
        assert_eq!(settled.confirmed, 2);
        assert!(settled.left_behind.is_empty());
        // The same answer to upserts is a refusal.
        assert_eq!(
            settle_chunk(&values, &outcome, WriteKind::Upsert)
                .left_behind
                .len(),
            1
        );
    }

    #[test]
    fn failed_chunks_list_every_value_with_the_failure() {
        let values = vec![value("a"), value("b")];
        let settled = settle_failed_chunk(&values, ChunkFailure::Unknown, "timed out");
        assert_eq!(settled.left_behind.len(), 2);
        assert_eq!(settled.left_behind[1].kind, LeftBehindKind::FateUnknown);
        assert_eq!(
            settle_failed_chunk(&values, ChunkFailure::Unsent, "stopped").left_behind[0].kind,
            LeftBehindKind::Unsent
        );
    }
}
