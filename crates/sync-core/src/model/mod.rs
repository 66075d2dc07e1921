//! Persisted models (rules, destination instances, sync reports, settings) with their schema versions and
//! migrations, and the validation of the wizard's draft into a rule.
//!
//! Each persisted type carries `schemaVersion`; [`load`] reads any version this build knows,
//! migrating older ones, and says precisely what is wrong with a malformed value. Secrets are
//! never part of a model. No I/O and no clock: the app fetches and stores the JSON text, and
//! hands in today and server times.

mod destination;
mod history;
mod issue;
mod outcome;
mod persist;
mod report;
mod report_detail;
mod rule;
mod runner;
mod schedule;
mod settings;
mod time;
mod validate;

pub use destination::{
    CURRENT_INSTANCE_ID, DESTINATION_SCHEMA_VERSION, DestinationInstance, DestinationKind,
    DirectAuth, RouteScope,
};
pub use history::{
    HistoryEntry, HistoryFilter, HistoryPage, MANUAL_RULE_FILTER, REPORT_DETAIL_KEY_SUFFIX,
    REPORT_KEY_PREFIX, REPORT_SUMMARY_FIELDS, ReportSummary, expired_ids, filter_choices,
    format_duration, is_report_key, page_of, report_detail_key, report_key, sort_newest_first,
};
pub use issue::{Issue, IssueCode, Severity, WizardStep, generate_uid, has_errors, is_uid};
pub use outcome::{
    ChunkFailure, LeftBehind, LeftBehindKind, RunEnd, SettledChunk, Tally, settle_chunk,
    settle_failed_chunk, status_of,
};
pub use persist::{
    Loaded, Migration, MigrationFn, ModelError, Persisted, SCHEMA_VERSION_KEY, load, load_value,
    to_json, to_json_pretty,
};
pub use report::{
    ChunkReport, DataElementStats, MAX_KEPT_LEFT_BEHIND, MAX_STORED_LEFT_BEHIND,
    MAX_STORED_RAW_RESPONSE, MAX_STORED_RAW_RESPONSES, NotAggregated, PhaseTimings,
    REPORT_SCHEMA_VERSION, ReportStatus, RunOrigin, RunParameters, RunProgress, RunTrigger,
    StatKind, SyncReport, data_element_stats, effective_status,
};
pub use report_detail::{DetailPlace, REPORT_DETAIL_SCHEMA_VERSION, RawResponse, ReportDetail};
pub use rule::{
    Aggregation, CategoryOptionSelection, DataSelection, DataSetSelection, ImportStrategy,
    MAX_PENDING_VALUES, PendingUpdate, PendingValue, PeriodSelection, RELATIVE_PERIODS,
    RULE_SCHEMA_VERSION, Rule, RunStamp,
};
pub use runner::{RUNNER_SCHEMA_VERSION, RUNNER_SEEN_RECENTLY_MS, RunnerHeartbeat, latest_runner};
pub use schedule::{
    CronSchedule, NotifyGroup, Schedule, SchedulePreset, ScheduleState, check_cron,
};
pub use settings::{
    DEFAULT_FIRST_BACKOFF_MS, DEFAULT_MAX_ATTEMPTS, DEFAULT_READ_CHUNK_SIZE,
    DEFAULT_REQUEST_TIMEOUT_SECONDS, DEFAULT_RETENTION_DAYS, DEFAULT_TASK_DEADLINE_SECONDS,
    DEFAULT_WRITE_CHUNK_SIZE, DEFAULT_WRITES_IN_FLIGHT, READ_CHUNK_SIZE_RANGE,
    RETENTION_DAYS_RANGE, SETTINGS_FIELDS, SETTINGS_SCHEMA_VERSION, Settings, SettingsField,
    SettingsForm, SettingsProblem, WRITE_CHUNK_SIZE_RANGE,
};
pub use time::{ServerClock, ServerTime, ServerTimeError};
pub use validate::{PeriodDraft, Purpose, RuleDraft, ValidatedRule, ValidationContext, validate};
