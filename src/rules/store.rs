//! Rules in the dataStore: load every rule in one request (broken entries kept, with their
//! error), open one for editing (remembering its `lastUpdated`), save with concurrency detection,
//! create, replace and delete. Errors are classified so pages can react: no access, a concurrent
//! edit, a rule deleted meanwhile.

use std::collections::BTreeMap;

use dhis2_api::ApiError;
use serde_json::Value;
use sync_core::model::{ModelError, Rule, load_value, to_json};

use super::{DESTINATION_KEY_PREFIX, NAMESPACE, RULE_KEY_PREFIX, editing, rule_key};
use crate::environment::Client;

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

/// Why a rules operation failed.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum StoreError {
    /// The user may not read or change the app's namespace (no authority, or a 403).
    #[error(
        "access denied: rules need the \"Aggregate Sync\" app authority (M_aggregatesync) or ALL"
    )]
    NoAccess,
    /// Someone saved the rule since the user opened it.
    #[error(
        "someone else ({}) saved this rule at {last_updated}, after you opened it",
        last_updated_by.as_deref().unwrap_or("another user")
    )]
    EditConflict {
        /// The entry's `lastUpdated` now.
        last_updated: String,
        /// Who saved it, when the server says.
        last_updated_by: Option<String>,
    },
    /// The rule was deleted since the user opened it.
    #[error("this rule was deleted by someone else after you opened it")]
    Deleted,
    /// A new rule's key is taken.
    #[error("a rule with id {0} already exists")]
    Exists(String),
    /// The stored value does not load.
    #[error("{0}")]
    Model(#[from] ModelError),
    /// Any other failure of the call.
    #[error("{0}")]
    Api(ApiError),
}

impl From<ApiError> for StoreError {
    fn from(error: ApiError) -> StoreError {
        match error {
            ApiError::Forbidden { .. } => StoreError::NoAccess,
            ApiError::EditConflict {
                last_updated,
                last_updated_by,
            } => StoreError::EditConflict {
                last_updated,
                last_updated_by,
            },
            other => StoreError::Api(other),
        }
    }
}

/// Every `rule-…` entry of the namespace, in one request on 2.38+ (on 2.36/2.37 after checking
/// that the namespace exists: listing a missing one is a 404, a console error).
pub async fn load_rules(client: &Client) -> Result<Vec<RuleEntry>, StoreError> {
    if !crate::history::namespace_may_have_entries(client).await? {
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

/// Names of the destination instances by id (`destination-<id>` keys).
pub async fn load_destination_names(
    client: &Client,
) -> Result<BTreeMap<String, String>, StoreError> {
    if !crate::history::namespace_may_have_entries(client).await? {
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

/// Reads rule `id` with the entry's `lastUpdated` (from its metaData, read first).
pub async fn read_versioned(
    client: &Client,
    id: &str,
) -> Result<(Rule, Option<String>), StoreError> {
    let versioned = match client
        .data_store_get_versioned(NAMESPACE, &rule_key(id))
        .await
    {
        Err(ApiError::NotFound { .. }) => return Err(StoreError::Deleted),
        other => other?,
    };
    let rule = load_value::<Rule>(versioned.value)?.value;
    Ok((rule, versioned.meta.last_updated))
}

/// Reads rule `id` for editing in the wizard and remembers the version read.
pub async fn open_for_edit(client: &Client, id: &str) -> Result<Rule, StoreError> {
    let (rule, last_updated) = read_versioned(client, id).await?;
    editing::remember(id, last_updated);
    Ok(rule)
}

/// Replaces a stored rule only if its `lastUpdated` is still `expected_last_updated`
/// ([`StoreError::EditConflict`] otherwise: ask the user, then [`overwrite_rule`] or read it
/// again). Returns the new `lastUpdated`.
pub async fn save_checked(
    client: &Client,
    rule: &Rule,
    expected_last_updated: Option<&str>,
) -> Result<Option<String>, StoreError> {
    let value = rule_value(rule)?;
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

/// Saves a rule from the wizard: a rule opened with [`open_for_edit`] is replaced only if
/// nobody saved it since ([`StoreError::EditConflict`] otherwise), keeping the stored record of
/// its runs; a new rule is created.
pub async fn save_rule(client: &Client, rule: &Rule) -> Result<(), StoreError> {
    let Some(opened) = editing::opened(&rule.id) else {
        create_rule(client, rule).await?;
        return remember_current(client, &rule.id).await;
    };
    let rule = with_stored_runs(client, rule).await?;
    let last_updated = save_checked(client, &rule, opened.last_updated.as_deref()).await?;
    editing::remember(&rule.id, last_updated);
    Ok(())
}

/// `rule` with the stored rule's `lastRun` and watermark: runs record them on the stored entry
/// while the wizard edits an older copy, and an edit must not move the watermark back.
async fn with_stored_runs(client: &Client, rule: &Rule) -> Result<Rule, StoreError> {
    let mut rule = rule.clone();
    match client.data_store_get(NAMESPACE, &rule_key(&rule.id)).await {
        Ok(value) => {
            if let Ok(stored) = load_value::<Rule>(value) {
                rule.last_run = stored.value.last_run;
                rule.last_successful_run = stored.value.last_successful_run;
            }
            Ok(rule)
        }
        Err(ApiError::NotFound { .. }) => Err(StoreError::Deleted),
        Err(error) => Err(error.into()),
    }
}

/// Saves a rule whatever happened to the stored one (the user chose to overwrite). Returns
/// the new `lastUpdated`.
pub async fn overwrite_rule(client: &Client, rule: &Rule) -> Result<Option<String>, StoreError> {
    let key = rule_key(&rule.id);
    client
        .data_store_save(NAMESPACE, &key, &rule_value(rule)?)
        .await?;
    Ok(client.data_store_meta(NAMESPACE, &key).await?.last_updated)
}

/// [`overwrite_rule`] for the rule being edited in the wizard: later saves compare with this
/// version.
pub async fn overwrite_edited_rule(client: &Client, rule: &Rule) -> Result<(), StoreError> {
    let rule = match with_stored_runs(client, rule).await {
        Ok(rule) => rule,
        Err(StoreError::Deleted) => rule.clone(),
        Err(error) => return Err(error),
    };
    let last_updated = overwrite_rule(client, &rule).await?;
    editing::remember(&rule.id, last_updated);
    Ok(())
}

/// Creates a new rule ([`StoreError::Exists`] when its key is taken).
pub async fn create_rule(client: &Client, rule: &Rule) -> Result<(), StoreError> {
    match client
        .data_store_create(NAMESPACE, &rule_key(&rule.id), &rule_value(rule)?)
        .await
    {
        Err(error) if error.is_conflict() => Err(StoreError::Exists(rule.id.clone())),
        other => Ok(other?),
    }
}

/// Replaces the rule with the same id, or creates it.
pub async fn replace_rule(client: &Client, rule: &Rule) -> Result<(), StoreError> {
    client
        .data_store_save(NAMESPACE, &rule_key(&rule.id), &rule_value(rule)?)
        .await?;
    Ok(())
}

/// Deletes the entry `key` (a rule or a broken entry); one already gone is fine.
pub async fn delete_entry(client: &Client, key: &str) -> Result<(), StoreError> {
    match client.data_store_delete(NAMESPACE, key).await {
        Ok(()) | Err(ApiError::NotFound { .. }) => Ok(()),
        Err(error) => Err(error.into()),
    }
}

async fn remember_current(client: &Client, id: &str) -> Result<(), StoreError> {
    let meta = client.data_store_meta(NAMESPACE, &rule_key(id)).await?;
    editing::remember(id, meta.last_updated);
    Ok(())
}

/// The rule as the JSON value stored (`sync_core::model::to_json`, with `schemaVersion`).
fn rule_value(rule: &Rule) -> Result<Value, StoreError> {
    let text = to_json(rule)?;
    serde_json::from_str(&text).map_err(|error| {
        StoreError::Model(ModelError::Serialize {
            kind: "rule",
            message: error.to_string(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::transfer::tests::sample_rule;

    #[test]
    fn valid_old_and_broken_entries() {
        let rule = sample_rule("abcdefghij1", "Monthly");
        let value: Value = serde_json::from_str(&to_json(&rule).unwrap()).unwrap();
        let RuleEntry::Valid(stored) = RuleEntry::parse("rule-abcdefghij1", value.clone()) else {
            panic!("valid expected")
        };
        assert_eq!(stored.rule, rule);
        assert_eq!(stored.migrated_from, None);

        let RuleEntry::Broken { key, error } = RuleEntry::parse("rule-other", value) else {
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

    #[test]
    fn a_403_is_no_access() {
        let error: StoreError = ApiError::Forbidden {
            message: "Namespace 'aggregate-sync' is protected, access denied".into(),
        }
        .into();
        assert_eq!(error, StoreError::NoAccess);
        assert!(error.to_string().contains("M_aggregatesync"));
    }
}
