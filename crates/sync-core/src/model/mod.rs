//! Persisted models (rules, destination instances, sync reports) with their schema versions and
//! migrations, and the validation of the wizard's draft into a rule.
//!
//! Each persisted type carries `schemaVersion`; [`load`] reads any version this build knows,
//! migrating older ones, and says precisely what is wrong with a malformed value. Secrets are
//! never part of a model. No I/O and no clock: the app fetches and stores the JSON text, and
//! hands in today and server times.

mod destination;
mod issue;
mod persist;
mod report;
mod rule;
mod time;
mod validate;

pub use destination::{
    DESTINATION_SCHEMA_VERSION, DestinationInstance, DestinationKind, DirectAuth,
};
pub use issue::{Issue, IssueCode, Severity, WizardStep, has_errors, is_uid};
pub use persist::{
    Loaded, Migration, MigrationFn, ModelError, Persisted, SCHEMA_VERSION_KEY, load, load_value,
    to_json, to_json_pretty,
};
pub use report::{
    ChunkReport, DataElementStats, NotAggregated, PhaseTimings, REPORT_SCHEMA_VERSION,
    ReportStatus, RunOrigin, RunParameters, SyncReport, data_element_stats,
};
pub use rule::{
    Aggregation, CategoryOptionSelection, DataSelection, DataSetSelection, ImportStrategy,
    PeriodSelection, RELATIVE_PERIODS, RULE_SCHEMA_VERSION, Rule, RunStamp, Schedule,
    SchedulePreset, check_cron,
};
pub use time::{ServerTime, ServerTimeError};
pub use validate::{PeriodDraft, Purpose, RuleDraft, ValidatedRule, ValidationContext, validate};
