//! What a destination answered to `POST /api/dataValueSets`, whatever its version: the bare
//! ImportSummary of 2.36/2.37 (legacy `{object,value}` conflicts in 2.36), the WebMessage-wrapped
//! summary of 2.38+ (HTTP 200 or 409), WebMessage errors without a summary, the "Initiated" reply
//! of an async import, task notifications and task summaries, and bodies that are not JSON at all
//! (a login page: the session expired). Everything becomes one [`ImportOutcome`], and outcomes of
//! many chunks merge into one [`MergedOutcome`].
//!
//! Conflicts keep their code, message and objects and are mapped back to the data values of the
//! chunk they concern (`indexes`, `rejectedIndexes`), so the report can show every rejected value.
//! Nothing is dropped: an unknown shape is an error, not an empty success. No I/O here: the
//! caller passes the status, content type and body bytes it received.

mod parse;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::plan::DataValue;

pub use parse::{
    AsyncTask, ImportResponse, ResponseError, TaskMessage, TaskProgress, parse_import_response,
    parse_task_notifications, parse_task_summary,
};

/// Status of one import or of a merge: the worst one wins.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ImportStatus {
    /// Every value accepted.
    #[default]
    Success,
    /// At least one conflict.
    Warning,
    /// The import (or a chunk) failed.
    Error,
}

/// Counts of an import, as DHIS2 reports them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportCount {
    /// New values.
    #[serde(default)]
    pub imported: u64,
    /// Changed values (and, before 2.38.6/2.39.5/2.40.3, unchanged ones).
    #[serde(default)]
    pub updated: u64,
    /// Values not written (rejected, or unchanged on recent versions).
    #[serde(default)]
    pub ignored: u64,
    /// Values deleted.
    #[serde(default)]
    pub deleted: u64,
}

impl ImportCount {
    /// Adds another count.
    pub fn add(&mut self, other: ImportCount) {
        self.imported += other.imported;
        self.updated += other.updated;
        self.ignored += other.ignored;
        self.deleted += other.deleted;
    }

    /// All four summed.
    pub fn total(&self) -> u64 {
        self.imported + self.updated + self.ignored + self.deleted
    }
}

/// Which body shape an outcome was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ResponseShape {
    /// A bare ImportSummary (2.36/2.37, `/api/37/` and lower on later versions).
    BareSummary,
    /// A WebMessage wrapping the ImportSummary in `response` (2.38+).
    WebMessage,
    /// A task summary of an async import (`/api/system/taskSummaries/...`).
    TaskSummary,
}

/// How a conflict's data values were found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ValueMatch {
    /// Not mapped yet, or nothing to map (a data-set level conflict).
    #[default]
    None,
    /// Exactly, by the conflict's `indexes` into the chunk.
    Indexes,
    /// By the id in the legacy conflict's `object` (2.36): every value of the chunk that names
    /// that id; some of them may have been accepted.
    Object,
}

/// One conflict reported by the destination.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Conflict {
    /// Error code (`E7610`, ...; none in 2.36).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// The message (the conflict's `value`).
    pub message: String,
    /// The conflict's `object`: the first object id, or in 2.36 the offending id or a word.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub object: Option<String>,
    /// The conflict's `objects`: type name → id (`dataElement`, `period`, `organisationUnit`, ...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub objects: BTreeMap<String, String>,
    /// The property at fault (`dataElement`, `value`, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub property: Option<String>,
    /// 0-based positions in the chunk's `dataValues`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub indexes: Vec<usize>,
    /// Index of the write chunk, once merged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chunk: Option<usize>,
    /// The data values concerned.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<DataValue>,
    /// How [`Conflict::values`] were found.
    #[serde(default)]
    pub value_match: ValueMatch,
}

/// One import result, normalised from any shape.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportOutcome {
    /// The ImportSummary's status.
    pub status: ImportStatus,
    /// The ImportSummary's `description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The wrapping WebMessage's `message`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// HTTP status of the response, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// Counts.
    pub counts: ImportCount,
    /// Conflicts, in the order reported.
    #[serde(default)]
    pub conflicts: Vec<Conflict>,
    /// `rejectedIndexes` (2.39.2+, 2.40.1+, 2.41+); `None` when the version does not send it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected_indexes: Option<Vec<usize>>,
    /// The values not written, once mapped to the chunk (see [`ImportOutcome::resolve_values`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected_values: Vec<DataValue>,
    /// `dataSetComplete` (`"false"` or a date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_set_complete: Option<String>,
    /// `importOptions.dryRun` as echoed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
    /// `importOptions.importStrategy` as echoed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import_strategy: Option<String>,
    /// The body shape it was read from.
    pub shape: Option<ResponseShape>,
}

impl ImportOutcome {
    /// Maps conflicts and rejected indexes back to the values of the chunk that was sent
    /// (in the order of its `dataValues`).
    ///
    /// * Conflicts with `indexes` (2.37+) get exactly those values.
    /// * Legacy conflicts (2.36, no indexes) get every value naming the conflict's `object` id,
    ///   marked [`ValueMatch::Object`].
    /// * `rejected_values`: for a failed import (status ERROR with nothing written) every value
    ///   of the chunk; otherwise the `rejectedIndexes` where present, or else the union of the
    ///   conflicts' indexes.
    pub fn resolve_values(&mut self, chunk_values: &[DataValue]) {
        for conflict in &mut self.conflicts {
            if !conflict.indexes.is_empty() {
                conflict.values = conflict
                    .indexes
                    .iter()
                    .filter_map(|i| chunk_values.get(*i))
                    .cloned()
                    .collect();
                conflict.value_match = ValueMatch::Indexes;
            } else if conflict.error_code.is_none()
                && let Some(object) = conflict.object.as_deref()
            {
                conflict.values = chunk_values
                    .iter()
                    .filter(|value| {
                        [
                            &value.data_element,
                            &value.period,
                            &value.org_unit,
                            &value.category_option_combo,
                            &value.attribute_option_combo,
                        ]
                        .iter()
                        .any(|id| id.as_str() == object)
                    })
                    .cloned()
                    .collect();
                conflict.value_match = if conflict.values.is_empty() {
                    ValueMatch::None
                } else {
                    ValueMatch::Object
                };
            }
        }
        let nothing_written = self.counts.imported + self.counts.updated + self.counts.deleted == 0;
        let mut indexes: Vec<usize> = if self.status == ImportStatus::Error && nothing_written {
            (0..chunk_values.len()).collect()
        } else if let Some(indexes) = &self.rejected_indexes {
            indexes.clone()
        } else {
            self.conflicts
                .iter()
                .flat_map(|c| c.indexes.iter().copied())
                .collect()
        };
        indexes.sort_unstable();
        indexes.dedup();
        self.rejected_values = indexes
            .iter()
            .filter_map(|i| chunk_values.get(*i))
            .cloned()
            .collect();
    }
}

/// A chunk that got no import result (network failure, server error, expired session after all
/// retries): its values were not written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FailedChunk {
    /// Index of the write chunk.
    pub chunk: usize,
    /// Why.
    pub message: String,
    /// How many values it held.
    pub value_count: usize,
}

/// The import results of every chunk of a run, merged.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MergedOutcome {
    /// The worst status; ERROR when a chunk failed.
    pub status: ImportStatus,
    /// Sum of the counts.
    pub counts: ImportCount,
    /// Every conflict of every chunk, each with its chunk index.
    pub conflicts: Vec<Conflict>,
    /// Every rejected value of every chunk.
    pub rejected_values: Vec<DataValue>,
    /// Chunks with an import result.
    pub chunks: usize,
    /// Chunks without one.
    pub failed_chunks: Vec<FailedChunk>,
}

impl MergedOutcome {
    /// Adds the result of write chunk `chunk` (call [`ImportOutcome::resolve_values`] first).
    pub fn add(&mut self, chunk: usize, outcome: &ImportOutcome) {
        self.status = self.status.max(outcome.status);
        self.counts.add(outcome.counts);
        self.conflicts
            .extend(outcome.conflicts.iter().cloned().map(|mut conflict| {
                conflict.chunk = Some(chunk);
                conflict
            }));
        self.rejected_values
            .extend(outcome.rejected_values.iter().cloned());
        self.chunks += 1;
    }

    /// Records a chunk that got no import result.
    pub fn add_failure(&mut self, chunk: usize, value_count: usize, message: impl Into<String>) {
        self.status = ImportStatus::Error;
        self.failed_chunks.push(FailedChunk {
            chunk,
            message: message.into(),
            value_count,
        });
    }

    /// Values that were sent but not counted anywhere by the destination: the chunks' value
    /// counts minus the four counts (zero-insignificant values silently skipped by 2.37+).
    pub fn uncounted(&self, values_sent: u64) -> u64 {
        let failed: u64 = self
            .failed_chunks
            .iter()
            .map(|f| f.value_count as u64)
            .sum();
        values_sent
            .saturating_sub(failed)
            .saturating_sub(self.counts.total())
    }
}

/// Merges chunk outcomes given as `(chunk index, outcome)`.
pub fn merge<'a>(outcomes: impl IntoIterator<Item = (usize, &'a ImportOutcome)>) -> MergedOutcome {
    let mut merged = MergedOutcome::default();
    for (chunk, outcome) in outcomes {
        merged.add(chunk, outcome);
    }
    merged
}
