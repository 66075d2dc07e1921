//! Sync planning: from a validated rule to the read requests, from source (and destination)
//! values to the diff per data element, and from the diff to the write chunks with their query
//! parameters and JSON bodies.
//!
//! Pure and deterministic: no I/O, no clock (the caller resolves relative periods and hands in
//! server times), and problems are returned as [`Issue`]s next to the result.
//!
//! A run, in order (the app does the I/O between the steps):
//!
//! 1. [`crate::model::validate`] turns the wizard's `RuleDraft` (or
//!    [`crate::model::ValidatedRule::check`] a saved `Rule`) into a `ValidatedRule`.
//! 2. [`plan_reads`] gives the `GET /api/dataValueSets` requests (resolved periods or dates,
//!    org units, limits and look-back come in a [`ReadContext`]). For an incremental rule with
//!    aggregation, the changed values only mark cells ([`ChangedCells`]): their target periods
//!    are read again in full for the affected org units ([`plan_recompute_reads`], or the
//!    ranges of [`ChangedCells::ranges`]), and marked cells left empty become deletions.
//! 3. The reader, filter and aggregation turn the responses into [`DataValue`]s.
//! 4. [`diff`] compares them with the destination's values (when read), per data element.
//!    [`check_value_types`] leaves out, and reports, values the destination's value types would
//!    reject (aggregated sums above 100 for a PERCENTAGE, ...).
//! 5. [`plan_writes`] cuts what the strategy sends into [`WriteChunk`]s (deletions apart, with
//!    `importStrategy=DELETE`), each with its query parameters and JSON body.
//! 6. Each response goes through [`crate::import_result::parse_import_response`] (and the task
//!    endpoints for async chunks), then `ImportOutcome::resolve_values(&chunk.values)`, and into
//!    a [`crate::import_result::MergedOutcome`].
//! 7. [`crate::model::SyncReport`] takes the merged outcome, the chunk reports, the statistics
//!    per data element and the timings; `Rule::record_run` moves the watermark.

mod check;
mod diff;
mod incremental;
mod read;
mod value;
mod write;

pub use check::{NotSent, check_value_types, value_problem};
pub use diff::{DestinationOnly, Diff, DiffCounts, DiffOptions, diff};
pub use incremental::{CellKey, ChangedCells};
pub use read::{
    AGGREGATION_MARGIN_DAYS, DEFAULT_WATERMARK_OVERLAP_SECONDS, LookBack, MAX_URL_LENGTH,
    ReadContext, ReadLimits, ReadPlan, ReadPurpose, ReadRequest, ReadSpec, ReadTime,
    affected_target_periods, encode_component, may_repeat_rows, plan_read_requests, plan_reads,
    plan_recompute_reads, query_string,
};
pub use value::{DEFAULT_CATEGORY_OPTION_COMBO, DataValue, DataValueSet, ValueKey};
pub use write::{
    DEFAULT_CHUNK_SIZE, WriteChunk, WriteError, WriteKind, WriteOptions, WritePlan, chunk_values,
    payload, plan_writes, values_to_send, write_chunk,
};

use crate::model::{Issue, IssueCode};

/// Collects planning issues.
#[derive(Default)]
struct PlanIssues(Vec<Issue>);

impl PlanIssues {
    fn error(&mut self, code: IssueCode, field: &str, message: impl Into<String>) {
        self.0.push(Issue::error(code, field, None, message));
    }

    fn has_errors(&self) -> bool {
        crate::model::has_errors(&self.0)
    }

    fn into_vec(self) -> Vec<Issue> {
        self.0
    }
}
