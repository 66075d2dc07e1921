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

/// Every key of the stored settings (dataStore query API `fields`: reading them all reads the
/// whole entry). Keep in step with [`Settings`].
pub const SETTINGS_FIELDS: [&str; 6] = [
    "schemaVersion",
    "retentionDays",
    "readChunkSize",
    "writeChunkSize",
    "defaultImportStrategy",
    "defaultDryRun",
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
        }
    }

    /// The settings, or every problem with the form.
    pub fn validate(&self) -> Result<Settings, Vec<SettingsProblem>> {
        let mut problems = Vec::new();
        let mut number = |field, text: &str, label: &str, (low, high): (u32, u32)| {
            let parsed = text.trim().parse::<u32>().ok();
            match parsed {
                Some(value) if (low..=high).contains(&value) => value,
                _ => {
                    problems.push(SettingsProblem {
                        field,
                        message: format!("{label} must be a whole number from {low} to {high}"),
                    });
                    0
                }
            }
        };
        let retention_days = number(
            SettingsField::RetentionDays,
            &self.retention_days,
            "Retention",
            RETENTION_DAYS_RANGE,
        );
        let read_chunk_size = number(
            SettingsField::ReadChunkSize,
            &self.read_chunk_size,
            "Org units per read request",
            READ_CHUNK_SIZE_RANGE,
        );
        let write_chunk_size = number(
            SettingsField::WriteChunkSize,
            &self.write_chunk_size,
            "Values per write request",
            WRITE_CHUNK_SIZE_RANGE,
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
        })
    }
}

impl Settings {
    /// Every problem with these settings (a stored entry edited by hand may be out of range).
    pub fn problems(&self) -> Vec<SettingsProblem> {
        SettingsForm::of(self).validate().err().unwrap_or_default()
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
