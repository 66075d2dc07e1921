//! Rules in the dataStore (`rule-<id>`): load every rule in one request (broken entries kept,
//! with their error), read one with its version (`lastUpdated` from the entry's metaData), save
//! with the concurrent-edit check, create, replace, delete, and record a finished run on its
//! rule.
//!
//! A rule's entry is only written with the concurrent-edit check (ARCHITECTURE invariant 9),
//! except when the user chose to overwrite a colleague's save or to import over a rule. The run
//! record (`lastRun`, the watermark, the pending values) belongs to the stored entry: an edit
//! saved from an older copy keeps the stored record ([`save_edited`]), and a run records itself
//! by reading the entry again and writing it back only if nobody saved it in between
//! ([`record_run`]). The browser's editing state (which version the wizard opened) stays in the
//! app: these calls return the versions it needs.

use std::collections::{BTreeMap, BTreeSet};

use dhis2_api::transport::Transport;
use dhis2_api::{ApiError, Dhis2Client};
use serde_json::Value;
use sync_core::model::{PendingUpdate, Rule, RunOrigin, SyncReport, load_value};
use sync_core::plan::ValueKey;

use super::{
    DESTINATION_KEY_PREFIX, NAMESPACE, RULE_KEY_PREFIX, StoreError, create_entry, delete_key,
    key_exists, namespace_may_have_entries, rule_key, stored_value,
};

/// How often a write of the run record that met a concurrent save reads the rule again.
pub const RECORD_ATTEMPTS: usize = 3;

/// One `rule-…` entry of the dataStore.
#[derive(Clone, Debug, PartialEq)]
pub enum RuleEntry {
    /// A rule that loaded (possibly migrated from an older schema version).
    Valid(Box<StoredRule>),
    /// A value that does not load: kept so the user sees it and can delete it.
    Broken {
        /// The dataStore key.
        key: String,
        /// Why it does not load.
        error: String,
    },
}

/// A rule as loaded from the dataStore.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredRule {
    /// The dataStore key.
    pub key: String,
    /// The rule, at the current schema version.
    pub rule: Rule,
    /// The version it is stored with, when older than the current one.
    pub migrated_from: Option<u32>,
}

impl RuleEntry {
    /// The dataStore key.
    pub fn key(&self) -> &str {
        match self {
            RuleEntry::Valid(stored) => &stored.key,
            RuleEntry::Broken { key, .. } => key,
        }
    }

    /// Reads a stored value; never fails, a bad value becomes [`RuleEntry::Broken`].
    pub fn parse(key: &str, value: Value) -> RuleEntry {
        let broken = |error: String| RuleEntry::Broken {
            key: key.to_string(),
            error,
        };
        match load_value::<Rule>(value) {
            Ok(loaded) if rule_key(&loaded.value.id) != key => broken(format!(
                "rule: the key names id `{}` but the value has id `{}`",
                key.strip_prefix(RULE_KEY_PREFIX).unwrap_or(key),
                loaded.value.id
            )),
            Ok(loaded) => RuleEntry::Valid(Box::new(StoredRule {
                key: key.to_string(),
                rule: loaded.value,
                migrated_from: loaded.migrated_from,
            })),
            Err(error) => broken(error.to_string()),
        }
    }
}

/// A rule with the version it was read at.
#[derive(Clone, Debug, PartialEq)]
pub struct VersionedRule {
    /// The rule.
    pub rule: Rule,
    /// The entry's `lastUpdated` when read (from its metaData, read before the value).
    pub last_updated: Option<String>,
}

/// Every `rule-…` entry of the namespace: one request on 2.38+, one per rule on 2.36/2.37
/// (after checking that the namespace exists).
pub async fn load_rules<T: Transport>(
    client: &Dhis2Client<T>,
) -> Result<Vec<RuleEntry>, StoreError> {
    if !namespace_may_have_entries(client).await? {
        return Ok(Vec::new());
    }
    let entries = client
        .data_store_entries_with_prefix(NAMESPACE, RULE_KEY_PREFIX, &[])
        .await?;
    Ok(entries
        .into_iter()
        .map(|entry| RuleEntry::parse(&entry.key, entry.value))
        .collect())
}

/// Names of the destination instances by id (`destination-<id>` keys; only their `name` is read
/// on 2.38+).
pub async fn load_destination_names<T: Transport>(
    client: &Dhis2Client<T>,
) -> Result<BTreeMap<String, String>, StoreError> {
    if !namespace_may_have_entries(client).await? {
        return Ok(BTreeMap::new());
    }
    let entries = client
        .data_store_entries_with_prefix(NAMESPACE, DESTINATION_KEY_PREFIX, &["name"])
        .await?;
    Ok(entries
        .into_iter()
        .filter_map(|entry| {
            let id = entry.key.strip_prefix(DESTINATION_KEY_PREFIX)?.to_string();
            let name = entry.value.get("name")?.as_str()?.to_string();
            Some((id, name))
        })
        .collect())
}

/// The codes of every stored rule except `except_id` (the rule being edited): the wizard checks
/// that a code is unique.
pub async fn other_rule_codes<T: Transport>(
    client: &Dhis2Client<T>,
    except_id: Option<&str>,
) -> Result<BTreeSet<String>, StoreError> {
    Ok(load_rules(client)
        .await?
        .into_iter()
        .filter_map(|entry| match entry {
            RuleEntry::Valid(stored) if Some(stored.rule.id.as_str()) != except_id => {
                stored.rule.code
            }
            _ => None,
        })
        .collect())
}

/// Reads rule `id` with the entry's `lastUpdated` (from its metaData, read first, so that a
/// save in between is seen as a conflict later rather than missed). [`StoreError::Deleted`]
/// when it is not stored.
pub async fn read_versioned<T: Transport>(
    client: &Dhis2Client<T>,
    id: &str,
) -> Result<VersionedRule, StoreError> {
    let versioned = match client
        .data_store_get_versioned(NAMESPACE, &rule_key(id))
        .await
    {
        Err(ApiError::NotFound { .. }) => return Err(StoreError::Deleted),
        other => other?,
    };
    let rule = load_value::<Rule>(versioned.value)?.value;
    Ok(VersionedRule {
        rule,
        last_updated: versioned.meta.last_updated,
    })
}

/// Replaces a stored rule only if its `lastUpdated` is still `expected_last_updated`
/// ([`StoreError::EditConflict`] otherwise: ask the user, then [`overwrite_rule`] or read it
/// again; [`StoreError::Deleted`] when it is gone). Writes `rule` as given, run record
/// included. Returns the new `lastUpdated`.
pub async fn save_checked<T: Transport>(
    client: &Dhis2Client<T>,
    rule: &Rule,
    expected_last_updated: Option<&str>,
) -> Result<Option<String>, StoreError> {
    let value = stored_value(rule)?;
    match client
        .data_store_update_checked(
            NAMESPACE,
            &rule_key(&rule.id),
            &value,
            expected_last_updated,
        )
        .await
    {
        Ok(meta) => Ok(meta.last_updated),
        Err(ApiError::NotFound { .. }) => Err(StoreError::Deleted),
        Err(error) => Err(error.into()),
    }
}

/// Saves a rule the user edited from the version `expected_last_updated` (the wizard, the
/// schedule editor): [`save_checked`] with the stored rule's run record (`lastRun`, watermark,
/// pending values), which runs write on the stored entry while the user edits an older copy; an
/// edit must not move the watermark back or forget what is pending. Returns the new
/// `lastUpdated`.
pub async fn save_edited<T: Transport>(
    client: &Dhis2Client<T>,
    rule: &Rule,
    expected_last_updated: Option<&str>,
) -> Result<Option<String>, StoreError> {
    let rule = with_stored_run_record(client, rule).await?;
    save_checked(client, &rule, expected_last_updated).await
}

/// Saves a rule whatever happened to the stored one (the user chose to overwrite a colleague's
/// save), keeping the stored run record when the rule is still stored. Returns the new
/// `lastUpdated`.
pub async fn overwrite_edited<T: Transport>(
    client: &Dhis2Client<T>,
    rule: &Rule,
) -> Result<Option<String>, StoreError> {
    let rule = match with_stored_run_record(client, rule).await {
        Ok(rule) => rule,
        Err(StoreError::Deleted) => rule.clone(),
        Err(error) => return Err(error),
    };
    overwrite_rule(client, &rule).await
}

/// Writes `rule` as given whatever happened to the stored one. Returns the new `lastUpdated`.
pub async fn overwrite_rule<T: Transport>(
    client: &Dhis2Client<T>,
    rule: &Rule,
) -> Result<Option<String>, StoreError> {
    let key = rule_key(&rule.id);
    client
        .data_store_save(NAMESPACE, &key, &stored_value(rule)?)
        .await?;
    Ok(client.data_store_meta(NAMESPACE, &key).await?.last_updated)
}

/// `rule` with the stored rule's run record.
async fn with_stored_run_record<T: Transport>(
    client: &Dhis2Client<T>,
    rule: &Rule,
) -> Result<Rule, StoreError> {
    let mut rule = rule.clone();
    match client.data_store_get(NAMESPACE, &rule_key(&rule.id)).await {
        Ok(value) => {
            if let Ok(stored) = load_value::<Rule>(value) {
                rule.last_run = stored.value.last_run;
                rule.last_successful_run = stored.value.last_successful_run;
                rule.pending = stored.value.pending;
            }
            Ok(rule)
        }
        Err(ApiError::NotFound { .. }) => Err(StoreError::Deleted),
        Err(error) => Err(error.into()),
    }
}

/// Creates a new rule with POST ([`StoreError::Exists`] when its key is taken). Returns its
/// `lastUpdated`.
pub async fn create_rule<T: Transport>(
    client: &Dhis2Client<T>,
    rule: &Rule,
) -> Result<Option<String>, StoreError> {
    let key = rule_key(&rule.id);
    create_entry(client, &key, &stored_value(rule)?).await?;
    Ok(client.data_store_meta(NAMESPACE, &key).await?.last_updated)
}

/// Replaces the rule with the same id, or creates it (an import the user chose to replace
/// with). Goes through the concurrent-edit check like every other write of a rule: the stored
/// version is read, its run record (last run, watermark, pending values) kept — an imported
/// file's run stamps are another instance's, or stale — and written only if nobody saved in
/// between (read again and retried a few times when somebody did, e.g. a run recording itself).
pub async fn replace_rule<T: Transport>(
    client: &Dhis2Client<T>,
    rule: &Rule,
) -> Result<(), StoreError> {
    const ATTEMPTS: usize = 3;
    let mut last = StoreError::Deleted;
    for _ in 0..ATTEMPTS {
        match read_versioned(client, &rule.id).await {
            Err(StoreError::Deleted) => match create_rule(client, rule).await {
                Ok(_) => return Ok(()),
                Err(error @ StoreError::Exists(_)) => last = error,
                Err(error) => return Err(error),
            },
            Err(error) => return Err(error),
            Ok(stored) => {
                let mut replaced = rule.clone();
                replaced.last_run = stored.rule.last_run;
                replaced.last_successful_run = stored.rule.last_successful_run;
                replaced.pending = stored.rule.pending;
                match save_checked(client, &replaced, stored.last_updated.as_deref()).await {
                    Ok(_) => return Ok(()),
                    Err(error @ (StoreError::EditConflict { .. } | StoreError::Deleted)) => {
                        last = error
                    }
                    Err(error) => return Err(error),
                }
            }
        }
    }
    Err(last)
}

/// Deletes the entry `key` (a rule or a broken entry); one already gone is fine.
pub async fn delete_entry<T: Transport>(
    client: &Dhis2Client<T>,
    key: &str,
) -> Result<(), StoreError> {
    delete_key(client, key).await
}

/// What recording a run on its rule did.
#[derive(Clone, Debug, PartialEq)]
pub enum RecordOutcome {
    /// A manual run: there is no rule to record on.
    NotARule,
    /// The rule is not stored (never saved, or deleted meanwhile): nothing recorded.
    RuleMissing,
    /// The run is recorded on the rule.
    Recorded {
        /// The entry's `lastUpdated` of the version the run was applied to. When the user is
        /// editing exactly this version, the app moves their editing state to `saved_at`: the
        /// run's record is not a colleague's edit.
        read_at: Option<String>,
        /// The entry's `lastUpdated` after the write.
        saved_at: Option<String>,
        /// What happened to the watermark and the pending values.
        update: PendingUpdate,
    },
}

/// Records the run of `report` on its rule (`Rule::record_run`: `lastRun`, and after a run that
/// wrote its values the watermark and the pending values). The entry is read again, the run
/// applied and written back only if nobody saved it in between; a concurrent save is answered
/// by reading it again, up to [`RECORD_ATTEMPTS`] times, so a colleague's edit is never lost.
pub async fn record_run<T: Transport>(
    client: &Dhis2Client<T>,
    report: &SyncReport,
) -> Result<RecordOutcome, StoreError> {
    let RunOrigin::Rule { rule_id, .. } = &report.origin else {
        return Ok(RecordOutcome::NotARule);
    };
    // A rule that was never saved (or deleted): asking for it would be a 404, a console error.
    if !key_exists(client, &rule_key(rule_id)).await? {
        return Ok(RecordOutcome::RuleMissing);
    }
    update_rule(client, rule_id, |rule| Ok(rule.record_run(report)?)).await
}

/// Drops the pending values with these keys from rule `rule_id` (the user gave up on them;
/// every pending value when `keys` is `None`), with the concurrent-edit check retried like
/// [`record_run`]. Returns the entry's new `lastUpdated` ([`StoreError::Deleted`] when the rule
/// is gone).
pub async fn drop_pending<T: Transport>(
    client: &Dhis2Client<T>,
    rule_id: &str,
    keys: Option<&[ValueKey]>,
) -> Result<Option<String>, StoreError> {
    let outcome = update_rule(client, rule_id, |rule| {
        match keys {
            Some(keys) => rule.drop_pending(keys),
            None => rule.drop_all_pending(),
        };
        Ok(PendingUpdate::Unchanged)
    })
    .await?;
    match outcome {
        RecordOutcome::Recorded { saved_at, .. } => Ok(saved_at),
        _ => Err(StoreError::Deleted),
    }
}

/// Reads rule `rule_id`, applies `change` and writes it back with the concurrent-edit check,
/// reading it again after a concurrent save.
async fn update_rule<T: Transport>(
    client: &Dhis2Client<T>,
    rule_id: &str,
    change: impl Fn(&mut Rule) -> Result<PendingUpdate, StoreError>,
) -> Result<RecordOutcome, StoreError> {
    let mut last_conflict = None;
    for _ in 0..RECORD_ATTEMPTS {
        let VersionedRule {
            mut rule,
            last_updated: read_at,
        } = match read_versioned(client, rule_id).await {
            Ok(read) => read,
            Err(StoreError::Deleted) => return Ok(RecordOutcome::RuleMissing),
            Err(error) => return Err(error),
        };
        let update = change(&mut rule)?;
        match save_checked(client, &rule, read_at.as_deref()).await {
            Ok(saved_at) => {
                return Ok(RecordOutcome::Recorded {
                    read_at,
                    saved_at,
                    update,
                });
            }
            Err(StoreError::Deleted) => return Ok(RecordOutcome::RuleMissing),
            Err(conflict @ StoreError::EditConflict { .. }) => last_conflict = Some(conflict),
            Err(error) => return Err(error),
        }
    }
    Err(last_conflict.unwrap_or(StoreError::Deleted))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule_value(id: &str) -> Value {
        serde_json::json!({
            "schemaVersion": 1, "id": id, "name": "Monthly",
            "selection": {"dataSets": [{"id": "BfMAe6Itzgt"}]},
            "orgUnits": ["ImspTQPwCqd"],
            "period": {"type": "RELATIVE", "relativePeriod": "LAST_MONTH"},
            "categoryOptions": {"type": "ALL"},
            "aggregation": {"type": "OFF"},
            "destinationId": "dEstInAtion",
            "importStrategy": "CREATE_AND_UPDATE"
        })
    }

    #[test]
    fn valid_mismatched_and_broken_entries() {
        let RuleEntry::Valid(stored) =
            RuleEntry::parse("rule-abcdefghij1", rule_value("abcdefghij1"))
        else {
            panic!("valid expected")
        };
        assert_eq!(stored.rule.name, "Monthly");
        assert_eq!(stored.migrated_from, None);

        let RuleEntry::Broken { key, error } =
            RuleEntry::parse("rule-other", rule_value("abcdefghij1"))
        else {
            panic!("broken expected")
        };
        assert_eq!(key, "rule-other");
        assert!(error.contains("`other`"), "{error}");

        let RuleEntry::Broken { error, .. } =
            RuleEntry::parse("rule-x", serde_json::json!({"schemaVersion": 1, "id": 3}))
        else {
            panic!("broken expected")
        };
        assert!(error.starts_with("rule:"), "{error}");
        let RuleEntry::Broken { error, .. } =
            RuleEntry::parse("rule-x", serde_json::json!({"schemaVersion": 99}))
        else {
            panic!("broken expected")
        };
        assert!(error.contains("newer"), "{error}");
    }
}
