//! The report of one sync attempt (manual or from a rule), saved to the dataStore as a history
//! entry, one key per report, whatever the outcome: success, warning, error, cancelled, dry run.
//!
//! The report says exactly what happened: the parameters, every chunk's result, the counts,
//! statistics per data element, every conflict with the values it concerns, and the time spent
//! reading, aggregating and writing. Times are handed in by the caller; nothing reads a clock.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::persist::{Migration, Persisted};
use super::rule::{
    Aggregation, CategoryOptionSelection, DataSelection, ImportStrategy, PeriodSelection,
};
use super::time::ServerTime;
use super::validate::ValidatedRule;
use crate::date::Date;
use crate::import_result::{Conflict, ImportCount, ImportOutcome, ImportStatus, MergedOutcome};
use crate::model::issue::Issue;
use crate::plan::{DataValue, DiffCounts, NotSent, ReadPlan, WriteChunk, WriteKind};

/// Schema version of [`SyncReport`] written by this build.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

/// Outcome of a sync attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReportStatus {
    /// Still running (saved at the start, so an interrupted run stays visible).
    Running,
    /// Every value accepted.
    Success,
    /// Written, with conflicts.
    Warning,
    /// A chunk or a phase failed.
    Error,
    /// Stopped by the user.
    Cancelled,
    /// A dry run: nothing was written.
    DryRun,
}

impl ReportStatus {
    /// The status of a finished run. Cancelled wins, then a failure, then dry run, then the
    /// merged import status.
    pub fn of_run(merged: ImportStatus, cancelled: bool, failed: bool, dry_run: bool) -> Self {
        if cancelled {
            ReportStatus::Cancelled
        } else if failed || merged == ImportStatus::Error {
            ReportStatus::Error
        } else if dry_run {
            ReportStatus::DryRun
        } else if merged == ImportStatus::Warning {
            ReportStatus::Warning
        } else {
            ReportStatus::Success
        }
    }

    /// Whether an incremental rule's watermark moves forward after a run with this status.
    /// Conflicts do not hold it back: the rejected values are in the report, and re-sending the
    /// same window forever (DHIS2's own sync job) helps nobody.
    pub fn advances_watermark(self) -> bool {
        matches!(self, ReportStatus::Success | ReportStatus::Warning)
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
    },
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
    /// Values of chunks that got no import result after every retry (or were not sent because
    /// the run was cancelled or stopped): not written, listed so that nothing is lost silently.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed_values: Vec<DataValue>,
    /// Values left out before sending because the destination's value type would reject them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_sent: Vec<NotSent>,
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
}

impl Persisted for SyncReport {
    const KIND: &'static str = "report";
    const CURRENT_VERSION: u32 = REPORT_SCHEMA_VERSION;

    fn migrations() -> &'static [Migration] {
        &[]
    }
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
            started_at: started_at.to_string(),
            finished_at: None,
            values_read: 0,
            values_sent: 0,
            counts: ImportCount::default(),
            chunks: Vec::new(),
            data_elements: Vec::new(),
            conflicts: Vec::new(),
            failed_values: Vec::new(),
            not_sent: Vec::new(),
            not_aggregated: Vec::new(),
            issues: Vec::new(),
            errors: Vec::new(),
            timings: PhaseTimings::default(),
        }
    }

    /// Fills counts, conflicts and status from the merged import results. `failed` is true when
    /// a phase failed outside the imports (a read error).
    pub fn apply_outcome(&mut self, merged: &MergedOutcome, cancelled: bool, failed: bool) {
        self.counts = merged.counts;
        self.conflicts = merged.conflicts.clone();
        for failure in &merged.failed_chunks {
            self.errors
                .push(format!("chunk {}: {}", failure.chunk, failure.message));
        }
        let failed = failed || !merged.failed_chunks.is_empty() || !self.errors.is_empty();
        self.status =
            ReportStatus::of_run(merged.status, cancelled, failed, self.parameters.dry_run);
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

/// Statistics per data element from the diff counts, the values sent and the merged outcome.
/// `sent` counts values per data element as planned for writing.
pub fn data_element_stats(
    diff: &BTreeMap<String, DiffCounts>,
    sent: &BTreeMap<String, u64>,
    merged: &MergedOutcome,
    names: &BTreeMap<String, String>,
) -> Vec<DataElementStats> {
    let mut stats: BTreeMap<String, DataElementStats> = BTreeMap::new();
    let entry = |stats: &mut BTreeMap<String, DataElementStats>, id: &str| {
        stats
            .entry(id.to_string())
            .or_insert_with(|| DataElementStats {
                data_element: id.to_string(),
                name: names.get(id).cloned(),
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
    stats.into_values().collect()
}
