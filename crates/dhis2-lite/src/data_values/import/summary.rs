//! What an import reports (reference §5.3, §5.4): conflicts (merged by code and objects from
//! 2.37, with their value indexes), counts, rejected indexes and the ImportSummary.
//!
//! It must not decide whether a value is imported; it only records what the rules and the
//! counting decided.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::options::ImportOptions;
use crate::version::VersionBehaviour;

/// One conflict, before merging.
#[derive(Debug, Clone)]
pub(super) struct Conflict {
    /// `E76xx` (empty for the set-level completion conflict, which is always in the legacy form).
    pub error_code: &'static str,
    /// The offending objects by property name; the first is the legacy `object`.
    pub objects: Vec<(&'static str, String)>,
    /// The 2.37+ message.
    pub message: String,
    /// The 2.36 message.
    pub legacy_message: String,
    /// The property named by the conflict.
    pub property: &'static str,
    /// Index of the value in the payload (none for set-level conflicts).
    pub index: Option<usize>,
}

/// Accumulates conflicts, merging those with the same code and objects.
#[derive(Debug, Default)]
pub(super) struct Conflicts {
    formal: bool,
    entries: Vec<(Conflict, Vec<usize>)>,
    positions: HashMap<String, usize>,
}

impl Conflicts {
    /// Records `conflict`, merged with an earlier one of the same code and objects (2.37+).
    pub fn add(&mut self, conflict: Conflict) {
        if !self.formal {
            self.entries.push((conflict, Vec::new()));
            return;
        }
        let key = format!(
            "{}|{}",
            conflict.error_code,
            conflict
                .objects
                .iter()
                .map(|(name, id)| format!("{name}={id}"))
                .collect::<Vec<_>>()
                .join("&")
        );
        match self.positions.get(&key) {
            Some(position) => {
                if let Some(index) = conflict.index {
                    self.entries[*position].1.push(index);
                }
            }
            None => {
                let indexes = conflict.index.into_iter().collect();
                self.positions.insert(key, self.entries.len());
                self.entries.push((conflict, indexes));
            }
        }
    }

    /// Whether nothing conflicted.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn to_json(&self) -> Value {
        Value::Array(
            self.entries
                .iter()
                .map(|(conflict, indexes)| {
                    if !self.formal || conflict.error_code.is_empty() {
                        let object = conflict
                            .objects
                            .first()
                            .map(|(_, id)| id.clone())
                            .unwrap_or_default();
                        return json!({"object": object, "value": conflict.legacy_message});
                    }
                    let mut object = Map::new();
                    if let Some((_, first)) = conflict.objects.first() {
                        object.insert("object".into(), json!(first));
                    }
                    let objects: Map<String, Value> = conflict
                        .objects
                        .iter()
                        .map(|(name, id)| ((*name).to_string(), json!(id)))
                        .collect();
                    object.insert("objects".into(), Value::Object(objects));
                    object.insert("value".into(), json!(conflict.message));
                    object.insert("errorCode".into(), json!(conflict.error_code));
                    object.insert("property".into(), json!(conflict.property));
                    if conflict.index.is_some() {
                        object.insert("indexes".into(), json!(indexes));
                    }
                    Value::Object(object)
                })
                .collect(),
        )
    }
}

/// Counts of an import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCount {
    /// Created.
    pub imported: u64,
    /// Updated.
    pub updated: u64,
    /// Ignored.
    pub ignored: u64,
    /// Deleted.
    pub deleted: u64,
}

/// The outcome of an import: the ImportSummary JSON and its status word.
#[derive(Debug, Clone)]
pub struct ImportOutcome {
    /// `SUCCESS`, `WARNING` or `ERROR`.
    pub status: &'static str,
    /// The ImportSummary.
    pub summary: Value,
    /// The counts.
    pub count: ImportCount,
}

/// What an import found, for the summary.
#[derive(Debug)]
pub(super) struct Tally {
    /// The counts.
    pub count: ImportCount,
    /// The conflicts.
    pub conflicts: Conflicts,
    /// Indexes of the values that were rejected, in order.
    pub rejected: Vec<usize>,
}

impl Tally {
    /// Nothing found yet; `formal` conflicts (2.37+) are merged and carry codes.
    pub fn new(formal: bool) -> Self {
        Self {
            count: ImportCount::default(),
            conflicts: Conflicts {
                formal,
                ..Conflicts::default()
            },
            rejected: Vec::new(),
        }
    }

    /// The value at `index` is not imported: counted as ignored, its index rejected, with its
    /// conflict when a rule gave one.
    pub fn reject(&mut self, index: usize, conflict: Option<Conflict>) {
        if let Some(conflict) = conflict {
            self.conflicts.add(conflict);
        }
        self.rejected.push(index);
        self.count.ignored += 1;
    }
}

fn summary(
    behaviour: &VersionBehaviour,
    options: &ImportOptions,
    status: &'static str,
    description: String,
    tally: &Tally,
    data_set_complete: String,
) -> ImportOutcome {
    let mut object = Map::new();
    object.insert("responseType".into(), json!("ImportSummary"));
    object.insert("status".into(), json!(status));
    object.insert("importOptions".into(), options.to_json(behaviour));
    object.insert("description".into(), json!(description));
    let count = tally.count;
    object.insert(
        "importCount".into(),
        json!({"imported": count.imported, "updated": count.updated, "ignored": count.ignored, "deleted": count.deleted}),
    );
    object.insert("conflicts".into(), tally.conflicts.to_json());
    if behaviour.rejected_indexes {
        object.insert("rejectedIndexes".into(), json!(tally.rejected));
    }
    object.insert("dataSetComplete".into(), json!(data_set_complete));
    ImportOutcome {
        status,
        summary: Value::Object(object),
        count,
    }
}

/// An ImportSummary for a payload that could not be read.
pub fn failed_summary(
    behaviour: &VersionBehaviour,
    options: &ImportOptions,
    message: &str,
) -> ImportOutcome {
    summary(
        behaviour,
        options,
        "ERROR",
        format!("The import process failed: {message}"),
        &Tally::new(false),
        "false".into(),
    )
}

/// The ImportSummary of an import that a data-set level conflict stopped: nothing counted.
pub(super) fn aborted_summary(
    behaviour: &VersionBehaviour,
    options: &ImportOptions,
    conflict: Conflict,
) -> ImportOutcome {
    let mut tally = Tally::new(behaviour.formal_conflicts);
    tally.conflicts.add(conflict);
    summary(
        behaviour,
        options,
        "ERROR",
        "Import process was aborted".into(),
        &tally,
        "false".into(),
    )
}

/// The ImportSummary of a finished import: `WARNING` when anything conflicted.
pub(super) fn completed_summary(
    behaviour: &VersionBehaviour,
    options: &ImportOptions,
    tally: &Tally,
    data_set_complete: String,
) -> ImportOutcome {
    let status = if tally.conflicts.is_empty() {
        "SUCCESS"
    } else {
        "WARNING"
    };
    summary(
        behaviour,
        options,
        status,
        "Import process completed successfully".into(),
        tally,
        data_set_complete,
    )
}
