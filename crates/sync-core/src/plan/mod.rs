//! Sync planning: from a validated rule to the read requests, from source (and destination)
//! values to the diff per data element, and from the diff to the write chunks with their query
//! parameters and JSON bodies.
//!
//! Pure and deterministic: no I/O, no clock (the caller resolves relative periods and hands in
//! server times), and problems are returned as [`Issue`]s next to the result.

mod diff;
mod read;
mod value;
mod write;

pub use diff::{DestinationOnly, Diff, DiffCounts, DiffOptions, diff};
pub use read::{
    AGGREGATION_MARGIN_DAYS, LookBack, MAX_URL_LENGTH, ReadContext, ReadLimits, ReadPlan,
    ReadPurpose, ReadRequest, ReadSpec, ReadTime, encode_component, plan_read_requests, plan_reads,
    plan_recompute_reads, query_string,
};
pub use value::{DEFAULT_CATEGORY_OPTION_COMBO, DataValue, DataValueSet, ValueKey};
pub use write::{
    DEFAULT_CHUNK_SIZE, WriteChunk, WriteError, WriteKind, WriteOptions, WritePlan, chunk_values,
    payload, plan_writes, values_to_send,
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
