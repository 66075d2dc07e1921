//! The report of one sync attempt (manual or from a rule), saved to the dataStore as a history
//! entry, one key per report, whatever the outcome: success, warning, error, cancelled, dry run.
//!
//! The report says exactly what happened: the parameters, every chunk's result, the counts,
//! statistics per data element, every conflict with the values it concerns, and the time spent
//! reading, aggregating and writing. Times are handed in by the caller; nothing reads a clock.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::outcome::{LeftBehind, LeftBehindKind, RunEnd, Tally, status_of};
use super::persist::{Migration, Persisted};
use super::rule::{
    Aggregation, CategoryOptionSelection, DataSelection, ImportStrategy, PendingUpdate,
    PeriodSelection,
};
use super::time::ServerTime;
use super::validate::ValidatedRule;
use crate::date::Date;
use crate::import_result::{Conflict, ImportCount, ImportOutcome, ImportStatus, MergedOutcome};
use crate::model::issue::{Issue, IssueCode};
use crate::plan::{DiffCounts, ReadPlan, WriteChunk, WriteKind};
use serde_json::{Map, Value};

/// Schema version of [`SyncReport`] written by this build.
pub const REPORT_SCHEMA_VERSION: u32 = 2;

/// At most this many values left behind are stored in a report's dataStore entry; the tally
/// still counts them all. A run that fails everywhere would otherwise write a report too big for
/// the dataStore; the rest stays downloadable from the Run page ([`MAX_KEPT_LEFT_BEHIND`]).
pub const MAX_STORED_LEFT_BEHIND: usize = 5_000;

/// At most this many values left behind are kept in memory while a run goes on (the Run page
/// offers them as a file); past it they are only counted, so memory stays bounded.
pub const MAX_KEPT_LEFT_BEHIND: usize = 200_000;

/// The longest raw response stored per chunk, and how many chunks keep theirs.
pub const MAX_STORED_RAW_RESPONSE: usize = 4_000;
/// See [`MAX_STORED_RAW_RESPONSE`].
pub const MAX_STORED_RAW_RESPONSES: usize = 100;

/// Outcome of a sync attempt; decided by [`super::outcome::status_of`], the one status rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReportStatus {
    /// Still running (saved at the start, so an interrupted run stays visible).
    Running,
    /// Every planned value confirmed by the destination (or nothing to send).
    Success,
    /// Some planned values refused, uncounted or of unknown fate; the rest confirmed.
    Warning,
    /// Planned values existed and none was confirmed, or the run could not start.
    Error,
    /// Stopped by the user.
    Cancelled,
    /// A dry run: nothing was written.
    DryRun,
    /// Stopped without finishing (a closed tab, a killed runner): it can be resumed.
    Interrupted,
    /// Not run: another run of the same rule held its lock.
    Skipped,
}

impl ReportStatus {
    /// Whether an incremental rule's watermark moves forward after a run with this status.
    /// Refused values do not hold it back: their keys stay with the rule and are read and sent
    /// again by the next run (`Rule::pending`), so they are neither lost nor blocking the rest.
    pub fn advances_watermark(self) -> bool {
        matches!(self, ReportStatus::Success | ReportStatus::Warning)
    }

    /// True once the run is over (anything but RUNNING).
    pub fn is_final(self) -> bool {
        self != ReportStatus::Running
    }
}

/// Who or what started a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "SCREAMING_SNAKE_CASE",
    rename_all_fields = "camelCase"
)]
pub enum RunOrigin {
    /// From the wizard, without a saved rule.
    Manual,
    /// A saved rule.
    Rule {
        /// Rule id.
        rule_id: String,
        /// Rule name at the time of the run.
        rule_name: String,
        /// How the run was started (reports written before this field are the app's).
        #[serde(default, skip_serializing_if = "RunTrigger::is_app")]
        started_by: RunTrigger,
    },
}

/// How a rule's run was started.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RunTrigger {
    /// From the app (Run now, the wizard).
    #[default]
    App,
    /// By the unattended runner, for the rule's schedule (`aggsync run --due`).
    Scheduled,
    /// From the command line, by name (`aggsync run --rule`).
    CommandLine,
}

impl RunTrigger {
    /// True for a run started in the app.
    pub fn is_app(&self) -> bool {
        *self == RunTrigger::App
    }

    /// In words, for the History page and the report: `app`, `scheduled`, `command line`.
    pub fn label(self) -> &'static str {
        match self {
            RunTrigger::App => "app",
            RunTrigger::Scheduled => "scheduled",
            RunTrigger::CommandLine => "command line",
        }
    }
}

impl RunOrigin {
    /// The rule's id, `None` for a manual run.
    pub fn rule_id(&self) -> Option<&str> {
        match self {
            RunOrigin::Manual => None,
            RunOrigin::Rule { rule_id, .. } => Some(rule_id),
        }
    }

    /// How the run was started: the app for a manual run.
    pub fn trigger(&self) -> RunTrigger {
        match self {
            RunOrigin::Manual => RunTrigger::App,
            RunOrigin::Rule { started_by, .. } => *started_by,
        }
    }
}

/// The parameters a run used, resolved (periods, watermark).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunParameters {
    /// Data selection.
    pub selection: DataSelection,
    /// Selected org units.
    pub org_units: Vec<String>,
    /// The period choice.
    pub period: PeriodSelection,
    /// The periods it resolved to (ISO ids), when read by period.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub periods: Vec<String>,
    /// The dates it resolved to, when read by dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<Date>,
    /// See `start_date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<Date>,
    /// `lastUpdated` used for an incremental run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<ServerTime>,
    /// How far back the read of LAST-type data reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub look_back_from: Option<Date>,
    /// Category options.
    pub category_options: CategoryOptionSelection,
    /// Aggregation.
    pub aggregation: Aggregation,
    /// Import strategy.
    pub import_strategy: ImportStrategy,
    /// Deletions sent.
    pub send_deletions: bool,
    /// Dry run.
    pub dry_run: bool,
    /// Values per write chunk.
    pub chunk_size: usize,
}

/// The result of one write chunk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChunkReport {
    /// Index of the write chunk.
    pub index: usize,
    /// Upsert or delete.
    pub kind: WriteKind,
    /// Values sent.
    pub value_count: usize,
    /// Attempts made (1 without retries).
    pub attempts: u32,
    /// Import status; `None` when no result came back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ImportStatus>,
    /// Counts.
    #[serde(default)]
    pub counts: ImportCount,
    /// Number of conflicts.
    #[serde(default)]
    pub conflict_count: usize,
    /// HTTP status of the last attempt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// Async task id, when imported asynchronously.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_id: Option<String>,
    /// Why the chunk failed, when it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The raw response body, for the report's JSON view.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw_response: Option<String>,
    /// Milliseconds spent on this chunk.
    #[serde(default)]
    pub duration_ms: u64,
}

/// What happened to one data element's values.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataElementStats {
    /// Data element id.
    pub data_element: String,
    /// Name, when the caller knows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Classification against the destination.
    pub diff: DiffCounts,
    /// Values sent (upserts and deletions).
    pub sent: u64,
    /// Values the destination rejected.
    pub rejected: u64,
    /// Conflicts concerning this data element.
    pub conflicts: u64,
    /// The destination's counts, attributed to this data element from each chunk's counts
    /// ([`SyncReport::add_chunk_outcome`]): new values written.
    #[serde(default)]
    pub imported: u64,
    /// See `imported`: existing values changed.
    #[serde(default)]
    pub updated: u64,
    /// See `imported`: values deleted.
    #[serde(default)]
    pub deleted: u64,
    /// See `imported`: values counted as ignored that were not refused (unchanged ones).
    #[serde(default)]
    pub ignored: u64,
    /// Values the destination refused (counted by DHIS2 as ignored, listed with a reason).
    #[serde(default)]
    pub refused: u64,
    /// Values sent whose fate no answer told.
    #[serde(default)]
    pub fate_unknown: u64,
    /// Values not sent: left out knowingly before sending, or never sent (a stopped run).
    #[serde(default)]
    pub not_sent: u64,
    /// True when a chunk mixed this data element with others and its counts fell into more
    /// than one kind: DHIS2 counts per chunk, so the split of those counts is by share, not
    /// exact.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub estimated: bool,
}

impl DataElementStats {
    /// The values of this data element whose end is known to the report, in the order the
    /// report's chart stacks them: imported, updated, deleted, ignored, refused, fate unknown,
    /// not sent.
    pub fn segments(&self) -> [(StatKind, u64); 7] {
        [
            (StatKind::Imported, self.imported),
            (StatKind::Updated, self.updated),
            (StatKind::Deleted, self.deleted),
            (StatKind::Ignored, self.ignored),
            (StatKind::Refused, self.refused),
            (StatKind::FateUnknown, self.fate_unknown),
            (StatKind::NotSent, self.not_sent),
        ]
    }

    /// The sum of [`DataElementStats::segments`].
    pub fn total(&self) -> u64 {
        self.segments().iter().map(|(_, count)| count).sum()
    }
}

/// Where a data element's values ended, one kind per column of the report's statistics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatKind {
    /// Written as new.
    Imported,
    /// Written over an existing value.
    Updated,
    /// Deleted.
    Deleted,
    /// Counted as ignored without being refused.
    Ignored,
    /// Refused.
    Refused,
    /// Sent without an answer telling what became of it.
    FateUnknown,
    /// Not sent.
    NotSent,
}

impl StatKind {
    /// Words for the report.
    pub fn label(self) -> &'static str {
        match self {
            StatKind::Imported => "Imported",
            StatKind::Updated => "Updated",
            StatKind::Deleted => "Deleted",
            StatKind::Ignored => "Ignored",
            StatKind::Refused => "Refused",
            StatKind::FateUnknown => "Fate unknown",
            StatKind::NotSent => "Not sent",
        }
    }

    /// A stable name for styles and tests: `imported`, `fate-unknown`, ...
    pub fn key(self) -> &'static str {
        match self {
            StatKind::Imported => "imported",
            StatKind::Updated => "updated",
            StatKind::Deleted => "deleted",
            StatKind::Ignored => "ignored",
            StatKind::Refused => "refused",
            StatKind::FateUnknown => "fate-unknown",
            StatKind::NotSent => "not-sent",
        }
    }
}

/// Time spent per phase, in milliseconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PhaseTimings {
    /// Reading from the source.
    pub read_ms: u64,
    /// Filtering and aggregating.
    pub aggregate_ms: u64,
    /// Writing to the destination.
    pub write_ms: u64,
}

/// A data element left out because it cannot be aggregated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotAggregated {
    /// Data element id.
    pub data_element: String,
    /// Its name, when the run knew it (for the report, which shows names).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Why.
    pub reason: String,
}

/// The report of one sync attempt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncReport {
    /// Schema version ([`REPORT_SCHEMA_VERSION`] after loading).
    pub schema_version: u32,
    /// Identifier (a DHIS2 UID); also the dataStore key.
    pub id: String,
    /// Manual or which rule.
    pub origin: RunOrigin,
    /// User name of who ran it.
    pub run_by: String,
    /// Destination id.
    pub destination_id: String,
    /// Destination name at the time of the run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub destination_name: Option<String>,
    /// Parameters used.
    pub parameters: RunParameters,
    /// Outcome.
    pub status: ReportStatus,
    /// How the run ended, once it has (set by [`SyncReport::finish`]): a run that stopped
    /// part-way may not have read everything, so it does not move its rule's watermark.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<RunEnd>,
    /// Start, as an ISO date-time text supplied by the caller (the source server's time).
    pub started_at: String,
    /// End, when finished.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
    /// Values read from the source.
    #[serde(default)]
    pub values_read: u64,
    /// Values sent to the destination.
    #[serde(default)]
    pub values_sent: u64,
    /// Counts merged over all chunks.
    pub counts: ImportCount,
    /// Result of each write chunk.
    #[serde(default)]
    pub chunks: Vec<ChunkReport>,
    /// Per data element.
    #[serde(default)]
    pub data_elements: Vec<DataElementStats>,
    /// Every conflict, with the values it concerns.
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
    /// Where every planned value ended (see [`super::outcome`]).
    #[serde(default)]
    pub tally: Tally,
    /// Every value that did not land, with why: left out, refused, of unknown fate, unsent (at
    /// most [`MAX_STORED_LEFT_BEHIND`]; the tally counts them all).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub left_behind: Vec<LeftBehind>,
    /// How many values left behind are not in `left_behind` (over the caps).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub left_behind_not_stored: u64,
    /// Data elements not aggregated, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_aggregated: Vec<NotAggregated>,
    /// Problems found while planning (warnings that did not stop the run).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<Issue>,
    /// Errors that stopped a phase (a failed read, a failed chunk).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
    /// Time per phase.
    #[serde(default)]
    pub timings: PhaseTimings,
    /// Last sign of life while RUNNING (the source server's time at the last checkpoint).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heartbeat_at: Option<ServerTime>,
    /// Where a run that is not finished stands: what Resume continues from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<RunProgress>,
    /// Where the value-level detail (values left behind, conflicts, raw responses) is kept when
    /// it is not in this entry, which every app user may read (see
    /// [`super::report_detail`]); absent in reports written before the split, which hold it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<super::report_detail::DetailPlace>,
}

/// Where an unfinished run stands, saved at each checkpoint. Resume continues from what was
/// confirmed: read units (org unit × the rest of a read request's parameters) whose values were
/// all settled, for raw runs, whose reads may be cut differently when planned again; and write
/// chunks (by a hash of their contents) for aggregated runs, whose output is the same when the
/// source did not change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunProgress {
    /// Read requests done and planned.
    pub reads_done: usize,
    /// See `reads_done`.
    pub reads_total: usize,
    /// Read units whose values were all settled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub confirmed_units: Vec<String>,
    /// Hashes of write chunks whose values were all settled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub confirmed_chunks: Vec<String>,
}

/// The status of a report at `now`: RUNNING whose last sign of life is older than `stale_ms`
/// is INTERRUPTED; every other status is itself.
pub fn effective_status(
    status: ReportStatus,
    last_sign_of_life: Option<ServerTime>,
    now: ServerTime,
    stale_ms: i64,
) -> ReportStatus {
    match (status, last_sign_of_life) {
        (ReportStatus::Running, Some(at)) if at.millis_until(now) > stale_ms => {
            ReportStatus::Interrupted
        }
        (ReportStatus::Running, None) => ReportStatus::Interrupted,
        (status, _) => status,
    }
}

impl Persisted for SyncReport {
    const KIND: &'static str = "report";
    const CURRENT_VERSION: u32 = REPORT_SCHEMA_VERSION;

    fn migrations() -> &'static [Migration] {
        &[Migration {
            from: 1,
            apply: migrate_report_v1,
        }]
    }
}

fn is_zero(count: &u64) -> bool {
    *count == 0
}

/// Version 1 listed `failedValues` (chunks without an import result, or not sent) and `notSent`
/// (`{value, reason}` left out by the value-type check) apart; version 2 lists every value left
/// behind in `leftBehind` with its kind, and counts them in `tally`. A v1 failed value's fate
/// is not known any more: it becomes "fate unknown".
fn migrate_report_v1(
    mut old: Map<String, Value>,
    _notes: &mut Vec<String>,
) -> Result<Map<String, Value>, String> {
    let mut left_behind = Vec::new();
    let mut tally = Tally::default();
    if let Some(Value::Array(failed)) = old.remove("failedValues") {
        for value in failed {
            tally.add_left_behind(LeftBehindKind::FateUnknown, 1);
            left_behind.push(serde_json::json!({
                "value": value, "kind": "FATE_UNKNOWN",
                "reason": "the chunk got no import result (recorded before version 2)"
            }));
        }
    }
    if let Some(Value::Array(not_sent)) = old.remove("notSent") {
        for item in not_sent {
            tally.add_left_behind(LeftBehindKind::LeftOut, 1);
            left_behind.push(serde_json::json!({
                "value": item.get("value").cloned().unwrap_or(Value::Null),
                "kind": "LEFT_OUT",
                "reason": item.get("reason").cloned().unwrap_or(Value::Null),
            }));
        }
    }
    let sent = old.get("valuesSent").and_then(Value::as_u64).unwrap_or(0);
    tally.planned = sent + tally.fate_unknown;
    tally.confirmed = sent.saturating_sub(
        old.get("counts")
            .and_then(|counts| counts.get("ignored"))
            .and_then(Value::as_u64)
            .unwrap_or(0),
    );
    if !left_behind.is_empty() {
        old.insert("leftBehind".into(), Value::Array(left_behind));
    }
    old.insert(
        "tally".into(),
        serde_json::to_value(tally).map_err(|error| error.to_string())?,
    );
    Ok(old)
}

impl RunParameters {
    /// The parameters of a run of `rule` with the reads planned and the chunk size used.
    pub fn of_run(rule: &ValidatedRule, reads: &ReadPlan, chunk_size: usize) -> RunParameters {
        let rule = rule.rule();
        RunParameters {
            selection: rule.selection.clone(),
            org_units: rule.org_units.clone(),
            period: rule.period.clone(),
            periods: reads.periods.clone(),
            start_date: reads.dates.map(|(start, _)| start),
            end_date: reads.dates.map(|(_, end)| end),
            last_updated: reads.last_updated,
            look_back_from: reads.look_back_from,
            category_options: rule.category_options.clone(),
            aggregation: rule.aggregation,
            import_strategy: rule.import_strategy,
            send_deletions: rule.send_deletions,
            dry_run: rule.dry_run,
            chunk_size,
        }
    }
}

impl ChunkReport {
    /// The report of a chunk that got an import result (after any retries).
    pub fn completed(
        chunk: &WriteChunk,
        outcome: &ImportOutcome,
        attempts: u32,
        raw_response: Option<String>,
        duration_ms: u64,
    ) -> ChunkReport {
        ChunkReport {
            index: chunk.index,
            kind: chunk.kind,
            value_count: chunk.values.len(),
            attempts,
            status: Some(outcome.status),
            counts: outcome.counts,
            conflict_count: outcome.conflicts.len(),
            http_status: outcome.http_status,
            task_id: None,
            error: None,
            raw_response,
            duration_ms,
        }
    }

    /// The report of a chunk that got no import result.
    pub fn failed(
        chunk: &WriteChunk,
        error: impl Into<String>,
        attempts: u32,
        http_status: Option<u16>,
        duration_ms: u64,
    ) -> ChunkReport {
        ChunkReport {
            index: chunk.index,
            kind: chunk.kind,
            value_count: chunk.values.len(),
            attempts,
            status: None,
            counts: ImportCount::default(),
            conflict_count: 0,
            http_status,
            task_id: None,
            error: Some(error.into()),
            raw_response: None,
            duration_ms,
        }
    }
}

impl SyncReport {
    /// A report at the start of a run (status RUNNING), to save before writing anything so that
    /// an interrupted run stays in the history.
    pub fn start(
        id: &str,
        origin: RunOrigin,
        run_by: &str,
        destination_id: &str,
        parameters: RunParameters,
        started_at: &str,
    ) -> SyncReport {
        SyncReport {
            schema_version: REPORT_SCHEMA_VERSION,
            id: id.to_string(),
            origin,
            run_by: run_by.to_string(),
            destination_id: destination_id.to_string(),
            destination_name: None,
            parameters,
            status: ReportStatus::Running,
            end: None,
            started_at: started_at.to_string(),
            finished_at: None,
            values_read: 0,
            values_sent: 0,
            counts: ImportCount::default(),
            chunks: Vec::new(),
            data_elements: Vec::new(),
            conflicts: Vec::new(),
            tally: Tally::default(),
            left_behind: Vec::new(),
            left_behind_not_stored: 0,
            not_aggregated: Vec::new(),
            issues: Vec::new(),
            errors: Vec::new(),
            timings: PhaseTimings::default(),
            heartbeat_at: None,
            progress: None,
            detail: None,
        }
    }

    /// The rule this report's run ran, as its parameters say, to resume it: the same data, org
    /// units, options, aggregation, strategy and destination; the dates it resolved when it
    /// started (a relative period is not resolved again on another day).
    pub fn rule_to_resume(&self) -> super::Rule {
        let parameters = &self.parameters;
        let (id, name) = match &self.origin {
            RunOrigin::Rule {
                rule_id, rule_name, ..
            } => (rule_id.clone(), rule_name.clone()),
            RunOrigin::Manual => (self.id.clone(), String::new()),
        };
        let period = match (
            &parameters.period,
            parameters.start_date,
            parameters.end_date,
        ) {
            (PeriodSelection::Relative { .. }, Some(start_date), Some(end_date)) => {
                PeriodSelection::Fixed {
                    start_date,
                    end_date,
                }
            }
            (period, _, _) => period.clone(),
        };
        super::Rule {
            schema_version: super::RULE_SCHEMA_VERSION,
            id,
            name,
            code: None,
            description: None,
            selection: parameters.selection.clone(),
            org_units: parameters.org_units.clone(),
            period,
            category_options: parameters.category_options.clone(),
            aggregation: parameters.aggregation,
            destination_id: self.destination_id.clone(),
            import_strategy: parameters.import_strategy,
            send_deletions: parameters.send_deletions,
            dry_run: parameters.dry_run,
            schedule: None,
            last_run: None,
            // An incremental run reads from where it read when it started (the overlap is taken
            // off again: a few values more are read, none less).
            last_successful_run: parameters.last_updated,
            pending: Vec::new(),
        }
    }

    /// The status to show at `now` (a silent RUNNING report is INTERRUPTED).
    pub fn effective_status(&self, now: ServerTime, stale_ms: i64) -> ReportStatus {
        let started = self.started_at.parse::<ServerTime>().ok();
        effective_status(self.status, self.heartbeat_at.or(started), now, stale_ms)
    }

    /// The statistics entry of `data_element`, created when missing (kept sorted by id).
    fn element_stats(&mut self, data_element: &str) -> &mut DataElementStats {
        let index = match self
            .data_elements
            .binary_search_by(|item| item.data_element.as_str().cmp(data_element))
        {
            Ok(index) => index,
            Err(index) => {
                self.data_elements.insert(
                    index,
                    DataElementStats {
                        data_element: data_element.to_string(),
                        ..DataElementStats::default()
                    },
                );
                index
            }
        };
        &mut self.data_elements[index]
    }

    /// Attributes a chunk's import counts to its data elements. DHIS2 counts per chunk, not per
    /// value: a chunk of one data element (or whose counts are all of one kind) is attributed
    /// exactly; otherwise each kind is shared by the values each data element had confirmed
    /// (largest remainder) and the entries say they are estimated. `left_behind` are the
    /// chunk's values that did not land (counted per data element by
    /// [`SyncReport::add_left_behind`]); the refused ones are taken off DHIS2's `ignored`.
    pub fn add_chunk_outcome(
        &mut self,
        values: &[crate::plan::DataValue],
        left_behind: &[LeftBehind],
        counts: ImportCount,
    ) {
        let mut confirmed: BTreeMap<&str, u64> = BTreeMap::new();
        for value in values {
            *confirmed.entry(value.data_element.as_str()).or_default() += 1;
        }
        let mut refused = 0u64;
        for item in left_behind {
            if let Some(count) = confirmed.get_mut(item.value.data_element.as_str()) {
                *count = count.saturating_sub(1);
            }
            if item.kind == LeftBehindKind::Refused {
                refused += 1;
            }
        }
        confirmed.retain(|_, count| *count > 0);
        let kinds = [
            counts.imported,
            counts.updated,
            counts.deleted,
            counts.ignored.saturating_sub(refused),
        ];
        let estimated = confirmed.len() > 1 && kinds.iter().filter(|count| **count > 0).count() > 1;
        let shares: Vec<[u64; 4]> = {
            let weights: Vec<u64> = confirmed.values().copied().collect();
            let mut shares = vec![[0u64; 4]; weights.len()];
            for (kind, total) in kinds.iter().enumerate() {
                for (index, share) in share_out(*total, &weights).into_iter().enumerate() {
                    shares[index][kind] = share;
                }
            }
            shares
        };
        let elements: Vec<String> = confirmed.keys().map(|id| id.to_string()).collect();
        for (id, share) in elements.iter().zip(shares) {
            let item = self.element_stats(id);
            item.imported += share[0];
            item.updated += share[1];
            item.deleted += share[2];
            item.ignored += share[3];
            item.estimated |= estimated;
        }
    }

    /// Records values left behind: counted in the tally and per data element, stored up to
    /// the cap.
    pub fn add_left_behind(&mut self, items: impl IntoIterator<Item = LeftBehind>) {
        for item in items {
            self.tally.add_left_behind(item.kind, 1);
            let stats = self.element_stats(&item.value.data_element);
            match item.kind {
                LeftBehindKind::Refused => stats.refused += 1,
                LeftBehindKind::FateUnknown => stats.fate_unknown += 1,
                LeftBehindKind::LeftOut | LeftBehindKind::Unsent => stats.not_sent += 1,
            }
            if self.left_behind.len() < MAX_KEPT_LEFT_BEHIND {
                self.left_behind.push(item);
            } else {
                self.left_behind_not_stored += 1;
            }
        }
    }

    /// Fills counts and conflicts from the merged import results and decides the status with
    /// the status rule from how the run ended and its tally.
    pub fn finish(&mut self, merged: &MergedOutcome, end: RunEnd) {
        self.counts = merged.counts;
        self.conflicts = merged.conflicts.clone();
        for failure in &merged.failed_chunks {
            self.errors
                .push(format!("chunk {}: {}", failure.chunk, failure.message));
        }
        self.status = status_of(end, &self.tally, self.parameters.dry_run);
        self.end = Some(end);
    }

    /// Says in the report what recording it on its rule does to the pending values when that
    /// needs saying: more values did not land than a rule keeps, so the watermark stays and the
    /// next run reads the whole window again (an [`IssueCode::TooManyPending`] warning).
    pub fn note_pending(&mut self, update: &PendingUpdate) {
        if let (PendingUpdate::TooMany { .. }, Some(message)) = (update, update.note()) {
            self.issues
                .push(Issue::warning(IssueCode::TooManyPending, "", None, message));
        }
    }

    /// The report as stored in the dataStore: at most [`MAX_STORED_LEFT_BEHIND`] values left
    /// behind (the rest counted in `left_behind_not_stored`), raw responses cut to
    /// [`MAX_STORED_RAW_RESPONSE`] characters for the first [`MAX_STORED_RAW_RESPONSES`] chunks.
    /// Counts, tally and statistics are always complete.
    pub fn for_storage(&self) -> SyncReport {
        let mut stored = self.clone();
        if stored.left_behind.len() > MAX_STORED_LEFT_BEHIND {
            stored.left_behind_not_stored +=
                (stored.left_behind.len() - MAX_STORED_LEFT_BEHIND) as u64;
            stored.left_behind.truncate(MAX_STORED_LEFT_BEHIND);
        }
        for (index, chunk) in stored.chunks.iter_mut().enumerate() {
            if index >= MAX_STORED_RAW_RESPONSES {
                chunk.raw_response = None;
            } else if let Some(raw) = chunk.raw_response.as_mut()
                && raw.len() > MAX_STORED_RAW_RESPONSE
            {
                let mut cut = MAX_STORED_RAW_RESPONSE;
                while !raw.is_char_boundary(cut) {
                    cut -= 1;
                }
                raw.truncate(cut);
                raw.push('…');
            }
        }
        stored
    }

    /// The values that did not land (refused, of unknown fate, never sent), as listed: what
    /// "Send the values that failed again" sends.
    pub fn values_to_send_again(&self) -> Vec<crate::plan::DataValue> {
        self.left_behind
            .iter()
            .filter(|item| item.kind.counts_against_success())
            .map(|item| item.value.clone())
            .collect()
    }

    /// Values left behind of `kind`.
    pub fn left_behind_of(&self, kind: LeftBehindKind) -> impl Iterator<Item = &LeftBehind> {
        self.left_behind
            .iter()
            .filter(move |item| item.kind == kind)
    }

    /// The day the run started, when `started_at` starts with a date.
    pub fn started_on(&self) -> Option<Date> {
        self.started_at.parse().ok()
    }

    /// True when the report is older than the retention (started more than `retention_days`
    /// before `today`). Reports whose start cannot be read are kept.
    pub fn is_expired(&self, today: Date, retention_days: u32) -> bool {
        let retention = i32::try_from(retention_days).unwrap_or(i32::MAX);
        self.started_on()
            .is_some_and(|day| day.days_until(today) > retention)
    }
}

/// Distributes `total` over `weights` in proportion (largest remainder, ties to the first):
/// the shares add up to `total` whenever a weight is positive.
fn share_out(total: u64, weights: &[u64]) -> Vec<u64> {
    let sum: u64 = weights.iter().sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let mut shares: Vec<u64> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(u128, usize)> = Vec::with_capacity(weights.len());
    for (index, weight) in weights.iter().enumerate() {
        let exact = u128::from(total) * u128::from(*weight);
        shares.push((exact / u128::from(sum)) as u64);
        remainders.push((exact % u128::from(sum), index));
    }
    let left = total - shares.iter().sum::<u64>();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, index) in remainders.into_iter().take(left as usize) {
        shares[index] += 1;
    }
    shares
}

/// Statistics per data element from what the run counted in `existing` (the report's own
/// entries: the destination's counts per chunk and the values left behind), the diff counts,
/// the values sent, the merged outcome and the names. `sent` counts values per data element as
/// planned for writing. Every entry gets its name when `names` has it.
pub fn data_element_stats(
    existing: Vec<DataElementStats>,
    diff: &BTreeMap<String, DiffCounts>,
    sent: &BTreeMap<String, u64>,
    merged: &MergedOutcome,
    names: &BTreeMap<String, String>,
) -> Vec<DataElementStats> {
    let mut stats: BTreeMap<String, DataElementStats> = existing
        .into_iter()
        .map(|item| (item.data_element.clone(), item))
        .collect();
    let entry = |stats: &mut BTreeMap<String, DataElementStats>, id: &str| {
        stats
            .entry(id.to_string())
            .or_insert_with(|| DataElementStats {
                data_element: id.to_string(),
                ..DataElementStats::default()
            });
    };
    for (id, counts) in diff {
        entry(&mut stats, id);
        if let Some(item) = stats.get_mut(id) {
            item.diff = *counts;
        }
    }
    for (id, count) in sent {
        entry(&mut stats, id);
        if let Some(item) = stats.get_mut(id) {
            item.sent = *count;
        }
    }
    for value in &merged.rejected_values {
        entry(&mut stats, &value.data_element);
        if let Some(item) = stats.get_mut(&value.data_element) {
            item.rejected += 1;
        }
    }
    for conflict in &merged.conflicts {
        let mut elements: Vec<&str> = conflict
            .values
            .iter()
            .map(|v| v.data_element.as_str())
            .collect();
        if elements.is_empty()
            && let Some(id) = conflict.objects.get("dataElement")
        {
            elements.push(id);
        }
        elements.sort_unstable();
        elements.dedup();
        for id in elements {
            entry(&mut stats, id);
            if let Some(item) = stats.get_mut(id) {
                item.conflicts += 1;
            }
        }
    }
    for item in stats.values_mut() {
        if let Some(name) = names.get(&item.data_element) {
            item.name = Some(name.clone());
        }
    }
    stats.into_values().collect()
}
