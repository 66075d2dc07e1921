//! The app's settings, stored as one dataStore entry (`settings` in the app's namespace): how long
//! reports are kept, the default read and write chunk sizes, and the defaults a new sync starts
//! with (import strategy, dry run).
//!
//! Validation returns every problem at once, each naming its field. No I/O: the app reads and
//! writes the JSON text.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::persist::{Migration, Persisted};
use super::rule::ImportStrategy;

/// Schema version of [`Settings`] written by this build.
pub const SETTINGS_SCHEMA_VERSION: u32 = 1;

/// Days a report is kept unless the settings say otherwise.
pub const DEFAULT_RETENTION_DAYS: u32 = 30;

/// Org units per read request unless the settings say otherwise (as `ReadLimits`' default).
pub const DEFAULT_READ_CHUNK_SIZE: u32 = 50;

/// Values per write chunk unless the settings say otherwise (as `plan::DEFAULT_CHUNK_SIZE`).
pub const DEFAULT_WRITE_CHUNK_SIZE: u32 = 2000;

/// Accepted range of the retention, in days (ten years at most).
pub const RETENTION_DAYS_RANGE: (u32, u32) = (1, 3650);

/// Accepted range of the read chunk size (org units per request).
pub const READ_CHUNK_SIZE_RANGE: (u32, u32) = (1, 1000);

/// Accepted range of the write chunk size (values per request).
pub const WRITE_CHUNK_SIZE_RANGE: (u32, u32) = (10, 100_000);

/// Seconds one request may take before it is abandoned and retried.
pub const DEFAULT_REQUEST_TIMEOUT_SECONDS: u32 = 120;
/// Accepted range of the request timeout.
pub const REQUEST_TIMEOUT_SECONDS_RANGE: (u32, u32) = (1, 3600);
/// Attempts per request (the first and the retries).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 4;
/// Accepted range of the attempts per request.
pub const MAX_ATTEMPTS_RANGE: (u32, u32) = (1, 10);
/// Milliseconds before the first retry (doubled for each next one).
pub const DEFAULT_FIRST_BACKOFF_MS: u32 = 1000;
/// Accepted range of the first retry's wait.
pub const FIRST_BACKOFF_MS_RANGE: (u32, u32) = (0, 60_000);
/// Write requests in flight at once.
pub const DEFAULT_WRITES_IN_FLIGHT: u32 = 2;
/// Accepted range of the writes in flight.
pub const WRITES_IN_FLIGHT_RANGE: (u32, u32) = (1, 8);
/// Seconds an async import's task is followed before its values count as "fate unknown".
pub const DEFAULT_TASK_DEADLINE_SECONDS: u32 = 900;
/// Accepted range of the task deadline.
pub const TASK_DEADLINE_SECONDS_RANGE: (u32, u32) = (1, 86_400);

/// Every key of the stored settings (dataStore query API `fields`: reading them all reads the
/// whole entry). Keep in step with [`Settings`].
pub const SETTINGS_FIELDS: [&str; 11] = [
    "schemaVersion",
    "retentionDays",
    "readChunkSize",
    "writeChunkSize",
    "defaultImportStrategy",
    "defaultDryRun",
    "requestTimeoutSeconds",
    "maxAttempts",
    "firstBackoffMs",
    "writesInFlight",
    "taskDeadlineSeconds",
];

/// The app's settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// Schema version ([`SETTINGS_SCHEMA_VERSION`] after loading).
    pub schema_version: u32,
    /// Reports that started more than this many days ago are deleted.
    #[serde(default = "default_retention_days")]
    pub retention_days: u32,
    /// Org units per read request.
    #[serde(default = "default_read_chunk_size")]
    pub read_chunk_size: u32,
    /// Values per write request.
    #[serde(default = "default_write_chunk_size")]
    pub write_chunk_size: u32,
    /// Import strategy a new sync starts with.
    #[serde(default)]
    pub default_import_strategy: ImportStrategy,
    /// Whether a new sync starts as a dry run.
    #[serde(default)]
    pub default_dry_run: bool,
    /// Seconds one request may take.
    #[serde(default = "default_request_timeout_seconds")]
    pub request_timeout_seconds: u32,
    /// Attempts per request.
    #[serde(default = "default_max_attempts")]
    pub max_attempts: u32,
    /// Milliseconds before the first retry.
    #[serde(default = "default_first_backoff_ms")]
    pub first_backoff_ms: u32,
    /// Write requests in flight at once.
    #[serde(default = "default_writes_in_flight")]
    pub writes_in_flight: u32,
    /// Seconds an async import's task is followed.
    #[serde(default = "default_task_deadline_seconds")]
    pub task_deadline_seconds: u32,
}

fn default_request_timeout_seconds() -> u32 {
    DEFAULT_REQUEST_TIMEOUT_SECONDS
}

fn default_max_attempts() -> u32 {
    DEFAULT_MAX_ATTEMPTS
}

fn default_first_backoff_ms() -> u32 {
    DEFAULT_FIRST_BACKOFF_MS
}

fn default_writes_in_flight() -> u32 {
    DEFAULT_WRITES_IN_FLIGHT
}

fn default_task_deadline_seconds() -> u32 {
    DEFAULT_TASK_DEADLINE_SECONDS
}

fn default_retention_days() -> u32 {
    DEFAULT_RETENTION_DAYS
}

fn default_read_chunk_size() -> u32 {
    DEFAULT_READ_CHUNK_SIZE
}

fn default_write_chunk_size() -> u32 {
    DEFAULT_WRITE_CHUNK_SIZE
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            schema_version: SETTINGS_SCHEMA_VERSION,
            retention_days: DEFAULT_RETENTION_DAYS,
            read_chunk_size: DEFAULT_READ_CHUNK_SIZE,
            write_chunk_size: DEFAULT_WRITE_CHUNK_SIZE,
            default_import_strategy: ImportStrategy::default(),
            default_dry_run: false,
            request_timeout_seconds: DEFAULT_REQUEST_TIMEOUT_SECONDS,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            first_backoff_ms: DEFAULT_FIRST_BACKOFF_MS,
            writes_in_flight: DEFAULT_WRITES_IN_FLIGHT,
            task_deadline_seconds: DEFAULT_TASK_DEADLINE_SECONDS,
        }
    }
}

/// A field of [`Settings`], to show a problem next to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SettingsField {
    /// [`Settings::retention_days`].
    RetentionDays,
    /// [`Settings::read_chunk_size`].
    ReadChunkSize,
    /// [`Settings::write_chunk_size`].
    WriteChunkSize,
    /// [`Settings::request_timeout_seconds`].
    RequestTimeoutSeconds,
    /// [`Settings::max_attempts`].
    MaxAttempts,
    /// [`Settings::first_backoff_ms`].
    FirstBackoffMs,
    /// [`Settings::writes_in_flight`].
    WritesInFlight,
    /// [`Settings::task_deadline_seconds`].
    TaskDeadlineSeconds,
}

/// A problem with one field of the settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SettingsProblem {
    /// The field.
    pub field: SettingsField,
    /// What is wrong, for people.
    pub message: String,
}

/// The settings as typed in a form: text for each number, so that every wrong field can be
/// reported at once rather than the first that fails to parse.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingsForm {
    /// Retention in days.
    pub retention_days: String,
    /// Org units per read request.
    pub read_chunk_size: String,
    /// Values per write request.
    pub write_chunk_size: String,
    /// Default import strategy.
    pub default_import_strategy: ImportStrategy,
    /// Default dry run.
    pub default_dry_run: bool,
    /// Request timeout in seconds (blank: the default).
    pub request_timeout_seconds: String,
    /// Attempts per request (blank: the default).
    pub max_attempts: String,
    /// First retry's wait in milliseconds (blank: the default).
    pub first_backoff_ms: String,
    /// Write requests in flight (blank: the default).
    pub writes_in_flight: String,
    /// Task deadline in seconds (blank: the default).
    pub task_deadline_seconds: String,
}

impl SettingsForm {
    /// The form showing `settings`.
    pub fn of(settings: &Settings) -> SettingsForm {
        SettingsForm {
            retention_days: settings.retention_days.to_string(),
            read_chunk_size: settings.read_chunk_size.to_string(),
            write_chunk_size: settings.write_chunk_size.to_string(),
            default_import_strategy: settings.default_import_strategy,
            default_dry_run: settings.default_dry_run,
            request_timeout_seconds: settings.request_timeout_seconds.to_string(),
            max_attempts: settings.max_attempts.to_string(),
            first_backoff_ms: settings.first_backoff_ms.to_string(),
            writes_in_flight: settings.writes_in_flight.to_string(),
            task_deadline_seconds: settings.task_deadline_seconds.to_string(),
        }
    }

    /// The settings, or every problem with the form.
    pub fn validate(&self) -> Result<Settings, Vec<SettingsProblem>> {
        let mut problems = Vec::new();
        // A blank engine limit means its default; every other field must be a number in range.
        let mut read = |field, text: &str, label: &str, (low, high): (u32, u32), default| {
            let text = text.trim();
            if text.is_empty()
                && let Some(default) = default
            {
                return default;
            }
            match text.parse::<u32>() {
                Ok(value) if (low..=high).contains(&value) => value,
                _ => {
                    problems.push(SettingsProblem {
                        field,
                        message: format!("{label} must be a whole number from {low} to {high}"),
                    });
                    0
                }
            }
        };
        let retention_days = read(
            SettingsField::RetentionDays,
            &self.retention_days,
            "Retention",
            RETENTION_DAYS_RANGE,
            None,
        );
        let read_chunk_size = read(
            SettingsField::ReadChunkSize,
            &self.read_chunk_size,
            "Org units per read request",
            READ_CHUNK_SIZE_RANGE,
            None,
        );
        let write_chunk_size = read(
            SettingsField::WriteChunkSize,
            &self.write_chunk_size,
            "Values per write request",
            WRITE_CHUNK_SIZE_RANGE,
            None,
        );
        let request_timeout_seconds = read(
            SettingsField::RequestTimeoutSeconds,
            &self.request_timeout_seconds,
            "Request timeout",
            REQUEST_TIMEOUT_SECONDS_RANGE,
            Some(DEFAULT_REQUEST_TIMEOUT_SECONDS),
        );
        let max_attempts = read(
            SettingsField::MaxAttempts,
            &self.max_attempts,
            "Attempts per request",
            MAX_ATTEMPTS_RANGE,
            Some(DEFAULT_MAX_ATTEMPTS),
        );
        let first_backoff_ms = read(
            SettingsField::FirstBackoffMs,
            &self.first_backoff_ms,
            "First retry after",
            FIRST_BACKOFF_MS_RANGE,
            Some(DEFAULT_FIRST_BACKOFF_MS),
        );
        let writes_in_flight = read(
            SettingsField::WritesInFlight,
            &self.writes_in_flight,
            "Write requests at once",
            WRITES_IN_FLIGHT_RANGE,
            Some(DEFAULT_WRITES_IN_FLIGHT),
        );
        let task_deadline_seconds = read(
            SettingsField::TaskDeadlineSeconds,
            &self.task_deadline_seconds,
            "Import task deadline",
            TASK_DEADLINE_SECONDS_RANGE,
            Some(DEFAULT_TASK_DEADLINE_SECONDS),
        );
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Settings {
            schema_version: SETTINGS_SCHEMA_VERSION,
            retention_days,
            read_chunk_size,
            write_chunk_size,
            default_import_strategy: self.default_import_strategy,
            default_dry_run: self.default_dry_run,
            request_timeout_seconds,
            max_attempts,
            first_backoff_ms,
            writes_in_flight,
            task_deadline_seconds,
        })
    }
}

impl Settings {
    /// Every problem with these settings (a stored entry edited by hand may be out of range).
    pub fn problems(&self) -> Vec<SettingsProblem> {
        SettingsForm::of(self).validate().err().unwrap_or_default()
    }

    /// These settings with every out-of-range value replaced by its default, and the problems
    /// that were replaced. A stored entry is written through the dataStore API by anyone with
    /// the app's authority: a retention of 0 set that way must not delete the whole history.
    pub fn within_ranges(&self) -> (Settings, Vec<SettingsProblem>) {
        let problems = self.problems();
        let defaults = Settings::default();
        let mut settings = self.clone();
        for problem in &problems {
            match problem.field {
                SettingsField::RetentionDays => settings.retention_days = defaults.retention_days,
                SettingsField::ReadChunkSize => {
                    settings.read_chunk_size = defaults.read_chunk_size;
                }
                SettingsField::WriteChunkSize => {
                    settings.write_chunk_size = defaults.write_chunk_size;
                }
                SettingsField::RequestTimeoutSeconds => {
                    settings.request_timeout_seconds = defaults.request_timeout_seconds;
                }
                SettingsField::MaxAttempts => settings.max_attempts = defaults.max_attempts,
                SettingsField::FirstBackoffMs => {
                    settings.first_backoff_ms = defaults.first_backoff_ms;
                }
                SettingsField::WritesInFlight => {
                    settings.writes_in_flight = defaults.writes_in_flight;
                }
                SettingsField::TaskDeadlineSeconds => {
                    settings.task_deadline_seconds = defaults.task_deadline_seconds;
                }
            }
        }
        (settings, problems)
    }
}

impl Persisted for Settings {
    const KIND: &'static str = "settings";
    const CURRENT_VERSION: u32 = SETTINGS_SCHEMA_VERSION;

    fn migrations() -> &'static [Migration] {
        &[Migration {
            from: 0,
            apply: migrate_from_0,
        }]
    }
}

/// Version 0: settings written by hand without `schemaVersion`, possibly with `retention` for
/// `retentionDays`. Missing settings take their defaults.
fn migrate_from_0(
    mut object: Map<String, Value>,
    notes: &mut Vec<String>,
) -> Result<Map<String, Value>, String> {
    if let Some(retention) = object.remove("retention")
        && !object.contains_key("retentionDays")
    {
        notes.push("`retention` was renamed `retentionDays`".to_string());
        object.insert("retentionDays".to_string(), retention);
    }
    Ok(object)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ModelError, load, to_json};

    fn form(retention: &str, read: &str, write: &str) -> SettingsForm {
        SettingsForm {
            retention_days: retention.into(),
            read_chunk_size: read.into(),
            write_chunk_size: write.into(),
            ..SettingsForm::default()
        }
    }

    #[test]
    fn defaults_round_trip() {
        let settings = Settings::default();
        assert_eq!(settings.retention_days, 30);
        let text = to_json(&settings).unwrap();
        assert!(text.contains(r#""schemaVersion":1"#), "{text}");
        assert!(text.contains(r#""defaultImportStrategy":"CREATE_AND_UPDATE""#));
        assert_eq!(load::<Settings>(&text).unwrap().value, settings);
        assert!(settings.problems().is_empty());
    }

    #[test]
    fn the_field_list_covers_every_key() {
        let value = serde_json::to_value(Settings::default()).unwrap();
        // Sorted: serde_json keeps insertion order when another crate of the workspace turns
        // on its `preserve_order` feature (cargo test --workspace), and sorts keys otherwise.
        let mut keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        let mut expected = SETTINGS_FIELDS.to_vec();
        expected.sort_unstable();
        assert_eq!(keys, expected);
    }

    #[test]
    fn missing_settings_take_defaults() {
        let loaded = load::<Settings>(r#"{"schemaVersion":1,"retentionDays":7}"#).unwrap();
        assert_eq!(
            loaded.value,
            Settings {
                retention_days: 7,
                ..Settings::default()
            }
        );
    }

    #[test]
    fn version_0_is_migrated() {
        let loaded =
            load::<Settings>(r#"{"retention":10,"defaultImportStrategy":"UPDATES"}"#).unwrap();
        assert_eq!(loaded.migrated_from, Some(0));
        assert_eq!(loaded.value.retention_days, 10);
        assert_eq!(loaded.value.default_import_strategy, ImportStrategy::Update);
        assert_eq!(loaded.notes.len(), 1);
    }

    #[test]
    fn malformed_and_newer_are_refused() {
        assert!(matches!(
            load::<Settings>(r#"{"schemaVersion":1,"retentionDays":"many"}"#),
            Err(ModelError::InvalidField { .. })
        ));
        assert!(matches!(
            load::<Settings>(r#"{"schemaVersion":9}"#),
            Err(ModelError::TooNew { .. })
        ));
    }

    #[test]
    fn every_problem_at_once() {
        let problems = form("0", "x", "5").validate().unwrap_err();
        let fields: Vec<SettingsField> = problems.iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [
                SettingsField::RetentionDays,
                SettingsField::ReadChunkSize,
                SettingsField::WriteChunkSize
            ]
        );
        assert_eq!(
            problems[0].message,
            "Retention must be a whole number from 1 to 3650"
        );
    }

    #[test]
    fn out_of_range_stored_values_fall_back_to_their_defaults() {
        let stored = Settings {
            retention_days: 0,
            max_attempts: 50,
            ..Settings::default()
        };
        let (settings, problems) = stored.within_ranges();
        assert_eq!(settings.retention_days, DEFAULT_RETENTION_DAYS);
        assert_eq!(settings.max_attempts, DEFAULT_MAX_ATTEMPTS);
        assert_eq!(problems.len(), 2);
        assert_eq!(Settings::default().within_ranges().1, vec![]);
    }

    #[test]
    fn blank_engine_limits_take_their_defaults() {
        let settings = form("30", "50", "2000").validate().unwrap();
        assert_eq!(
            settings.request_timeout_seconds,
            DEFAULT_REQUEST_TIMEOUT_SECONDS
        );
        let mut short = form("30", "50", "2000");
        short.request_timeout_seconds = "2".into();
        short.writes_in_flight = "9".into();
        let problems = short.validate().unwrap_err();
        assert_eq!(problems[0].field, SettingsField::WritesInFlight);
    }

    #[test]
    fn a_valid_form_gives_settings() {
        let mut typed = form(" 90 ", "20", "500");
        typed.default_dry_run = true;
        let settings = typed.validate().unwrap();
        assert_eq!(settings.retention_days, 90);
        assert_eq!(settings.read_chunk_size, 20);
        assert_eq!(settings.write_chunk_size, 500);
        assert!(settings.default_dry_run);
        assert_eq!(SettingsForm::of(&settings).retention_days, "90");
        assert_eq!(
            Settings {
                retention_days: 0,
                ..Settings::default()
            }
            .problems()
            .len(),
            1
        );
    }
}
