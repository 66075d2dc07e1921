//! Pure operations on rules that the page offers: duplicate, export to a JSON file, and import
//! one — validated by `sync_core::model::load`, older schema versions migrated, a new id when
//! the file's id is taken unless the user chose to replace. No I/O: callers fetch, download,
//! read files and store.

use std::collections::BTreeMap;

use sync_core::model::{ModelError, RULE_SCHEMA_VERSION, Rule, is_uid, load, to_json_pretty};

/// Longest rule name (DHIS2's metadata name limit).
const MAX_NAME: usize = 230;

/// Largest rule file the page imports: an exported rule is a few kilobytes (tens with long
/// org unit lists); a bigger file is not one, and reading it would only tie up the tab.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;

/// Why a file of `size` bytes is not imported, when it is larger than [`MAX_IMPORT_BYTES`].
pub fn import_size_problem(size: usize) -> Option<String> {
    (size > MAX_IMPORT_BYTES).then(|| {
        t!(
            "rules-file-too-big",
            size = crate::i18n::format_decimal(size as f64 / (1024.0 * 1024.0), 1),
            max = MAX_IMPORT_BYTES / (1024 * 1024)
        )
    })
}

/// A copy of `rule` under `new_id`, named "Copy of …", without code (codes are unique) and
/// without run history (the copy has never run).
pub fn duplicate(rule: &Rule, new_id: &str) -> Rule {
    let name: String = t!("rules-copy-of", name = rule.name.clone())
        .chars()
        .take(MAX_NAME)
        .collect();
    Rule {
        id: new_id.to_string(),
        name,
        code: None,
        last_run: None,
        last_successful_run: None,
        pending: Vec::new(),
        ..rule.clone()
    }
}

/// The export file's name: `aggregate-sync-rule-<name>.json`, the name reduced to safe
/// characters.
pub fn export_file_name(rule: &Rule) -> String {
    let mut slug = String::new();
    for character in rule.name.chars() {
        if character.is_alphanumeric() {
            slug.extend(character.to_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() {
        rule.id.as_str()
    } else {
        slug
    };
    format!("aggregate-sync-rule-{slug}.json")
}

/// The export file's text: the rule as stored, indented, with its `schemaVersion`.
pub fn export_json(rule: &Rule) -> Result<String, ModelError> {
    to_json_pretty(rule)
}

/// What importing a file will do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportAction {
    /// A new rule with the file's id.
    Create,
    /// The file's id is taken (or not a UID): a new rule with a new id.
    CreateWithNewId {
        /// The id in the file.
        file_id: String,
    },
    /// Replaces the rule with the same id (the user asked for it).
    Replace,
}

/// A file ready to be stored.
#[derive(Clone, Debug, PartialEq)]
pub struct PreparedImport {
    /// The rule to store.
    pub rule: Rule,
    /// Create or replace.
    pub action: ImportAction,
    /// The file's schema version, when it was older and migrated.
    pub migrated_from: Option<u32>,
    /// What the migration changed.
    pub notes: Vec<String>,
}

impl PreparedImport {
    /// What the user is told after storing it.
    pub fn message(&self) -> String {
        let mut message = match &self.action {
            ImportAction::Create => t!("rules-imported", name = self.rule.name.clone()),
            ImportAction::CreateWithNewId { .. } => {
                t!("rules-imported-new-id", name = self.rule.name.clone())
            }
            ImportAction::Replace => t!("rules-replaced", name = self.rule.name.clone()),
        };
        if let Some(version) = self.migrated_from {
            message.push_str(&t!(
                "rules-imported-migrated",
                version = version.to_string(),
                current = RULE_SCHEMA_VERSION.to_string()
            ));
            for note in &self.notes {
                // The note is sync-core's migration text: data, shown as it comes.
                message.push_str(&t!("rules-imported-note", note = note.clone()));
            }
        }
        message
    }
}

/// Reads an exported rule file. `existing` holds the rules stored now by id; `replace` is the
/// user's choice for a file whose id is taken; `new_id` is used when a new id is needed. A rule
/// stored as new loses its run history (it has not run here); a replaced one keeps the stored
/// rule's.
pub fn prepare_import(
    text: &str,
    existing: &BTreeMap<String, Rule>,
    replace: bool,
    new_id: &str,
) -> Result<PreparedImport, String> {
    if let Some(problem) = import_size_problem(text.len()) {
        return Err(problem);
    }
    let loaded = load::<Rule>(text)
        .map_err(|error| t!("rules-not-a-rule-file", error = error.to_string()))?;
    let mut rule = loaded.value;
    let action = match existing.get(&rule.id) {
        Some(stored) if replace => {
            rule.last_run = stored.last_run.clone();
            rule.last_successful_run = stored.last_successful_run;
            rule.pending = stored.pending.clone();
            ImportAction::Replace
        }
        Some(_) => ImportAction::CreateWithNewId {
            file_id: rule.id.clone(),
        },
        None if !is_uid(&rule.id) => ImportAction::CreateWithNewId {
            file_id: rule.id.clone(),
        },
        None => ImportAction::Create,
    };
    if action != ImportAction::Replace {
        rule.last_run = None;
        rule.last_successful_run = None;
        rule.pending = Vec::new();
    }
    if matches!(action, ImportAction::CreateWithNewId { .. }) {
        rule.id = new_id.to_string();
    }
    Ok(PreparedImport {
        rule,
        action,
        migrated_from: loaded.migrated_from,
        notes: loaded.notes,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use sync_core::model::{
        Aggregation, CategoryOptionSelection, DataSelection, DataSetSelection, ImportStrategy,
        PeriodSelection, ReportStatus, RunStamp, Schedule, SchedulePreset, to_json,
    };

    /// A valid rule for tests.
    pub(crate) fn sample_rule(id: &str, name: &str) -> Rule {
        Rule {
            schema_version: RULE_SCHEMA_VERSION,
            id: id.to_string(),
            name: name.to_string(),
            code: Some("MONTHLY".into()),
            description: Some("ANC to the national server".into()),
            selection: DataSelection {
                data_sets: vec![DataSetSelection {
                    id: "BfMAe6Itzgt".into(),
                    excluded_data_elements: vec![],
                }],
                data_elements: vec![],
                data_element_groups: vec![],
            },
            org_units: vec!["ImspTQPwCqd".into()],
            period: PeriodSelection::Relative {
                relative_period: "LAST_MONTH".into(),
            },
            category_options: CategoryOptionSelection::All,
            aggregation: Aggregation::Off,
            destination_id: "dEstInAtion".into(),
            import_strategy: ImportStrategy::CreateAndUpdate,
            send_deletions: false,
            dry_run: false,
            schedule: Some(Schedule::from_preset(SchedulePreset::Monthly)),
            last_run: Some(RunStamp {
                at: "2024-05-01T02:00:00.000".parse().expect("time"),
                status: ReportStatus::Success,
                report_id: Some("rEport00001".into()),
            }),
            last_successful_run: Some("2024-05-01T02:00:00.000".parse().expect("time")),
            pending: vec![],
        }
    }

    #[test]
    fn duplicate_is_a_fresh_copy() {
        let rule = sample_rule("abcdefghij1", "Monthly ANC");
        let copy = duplicate(&rule, "newIdnewId1");
        assert_eq!(copy.id, "newIdnewId1");
        assert_eq!(copy.name, "Copy of Monthly ANC");
        assert_eq!((copy.code.clone(), copy.last_run.clone()), (None, None));
        assert_eq!(copy.selection, rule.selection);
        assert_eq!(copy.schedule, rule.schedule);
    }

    #[test]
    fn export_names_and_round_trip() {
        let rule = sample_rule("abcdefghij1", "ANC: monthly / national");
        assert_eq!(
            export_file_name(&rule),
            "aggregate-sync-rule-anc-monthly-national.json"
        );
        let text = export_json(&rule).unwrap();
        assert!(text.contains("\"schemaVersion\": 1"), "{text}");
        let imported = prepare_import(&text, &BTreeMap::new(), false, "unused00001").unwrap();
        assert_eq!(imported.action, ImportAction::Create);
        assert_eq!(imported.rule.id, rule.id);
        assert_eq!(imported.rule.last_run, None, "no run history on a new rule");
        assert!(imported.message().starts_with("Imported the rule"));
    }

    #[test]
    fn taken_ids_get_a_new_one_unless_replacing() {
        let stored = sample_rule("abcdefghij1", "Stored");
        let existing = BTreeMap::from([(stored.id.clone(), stored.clone())]);
        let mut file = sample_rule("abcdefghij1", "From file");
        file.last_run = None;
        let text = to_json(&file).unwrap();
        let new = prepare_import(&text, &existing, false, "newIdnewId1").unwrap();
        assert_eq!(new.rule.id, "newIdnewId1");
        assert_eq!(
            new.action,
            ImportAction::CreateWithNewId {
                file_id: "abcdefghij1".into()
            }
        );
        let replaced = prepare_import(&text, &existing, true, "newIdnewId1").unwrap();
        assert_eq!(replaced.action, ImportAction::Replace);
        assert_eq!(replaced.rule.id, "abcdefghij1");
        assert_eq!(replaced.rule.name, "From file");
        assert_eq!(
            replaced.rule.last_run, stored.last_run,
            "the stored history stays"
        );
    }

    #[test]
    fn malformed_and_newer_files_are_refused_clearly() {
        let error = prepare_import("{\"name\": ", &BTreeMap::new(), false, "x").unwrap_err();
        assert!(error.contains("malformed JSON at line 1"), "{error}");
        let error =
            prepare_import(r#"{"schemaVersion": 7}"#, &BTreeMap::new(), false, "x").unwrap_err();
        assert!(error.contains("newer"), "{error}");
        let error = prepare_import(
            r#"{"schemaVersion": 1, "id": "a"}"#,
            &BTreeMap::new(),
            false,
            "x",
        )
        .unwrap_err();
        assert!(error.contains("rule:"), "{error}");
    }

    #[test]
    fn a_file_over_five_megabytes_is_refused_before_it_is_parsed() {
        let rule = sample_rule("abcDEF12345", "Big");
        let mut text = export_json(&rule).unwrap();
        // Valid JSON padded past the limit: refused for its size, not its content.
        text.push_str(&" ".repeat(MAX_IMPORT_BYTES + 1 - text.len()));
        let error = prepare_import(&text, &BTreeMap::new(), false, "x").unwrap_err();
        assert!(error.contains("at most 5 MB"), "{error}");
        assert_eq!(import_size_problem(MAX_IMPORT_BYTES), None);
        assert!(import_size_problem(MAX_IMPORT_BYTES + 1).is_some());
        text.truncate(MAX_IMPORT_BYTES);
        assert!(prepare_import(&text, &BTreeMap::new(), false, "x").is_ok());
    }

    #[test]
    fn older_files_are_migrated_and_say_so() {
        let old = r#"{"id":"abcdefghij1","name":"Old rule","builder":{"dataSets":["BfMAe6Itzgt"]},
            "orgUnitPaths":["/ImspTQPwCqd"],"period":"LAST_MONTH","targetInstances":["dEstInAtion"],
            "syncParams":{"importStrategy":"NEW_AND_UPDATES"},"enabled":true,"frequency":"0 2 * * *"}"#;
        let imported = prepare_import(old, &BTreeMap::new(), false, "x").unwrap();
        assert_eq!(imported.migrated_from, Some(0));
        assert_eq!(imported.rule.org_units, ["ImspTQPwCqd"]);
        let message = imported.message();
        assert!(message.contains("schema version 0"), "{message}");
        assert!(message.contains("migrated"), "{message}");
    }
}
