//! The app's dataStore collections, in one place for the web app and the command line: rules,
//! destinations, reports, settings and run locks, all in the namespace [`NAMESPACE`], one key
//! per entry (`rule-<id>`, `destination-<id>`, `mapping-<destination id>`, `report-<id>`,
//! `settings`, `lock-<…>`, `runner-<host>`); a report's value-level detail (`report-<id>-detail`) is kept where only its
//! runner reads it (see [`reports`]).
//!
//! Everything is generic over dhis2-api's [`Transport`], so the browser (fetch) and `aggsync`
//! (native HTTP) share it. What differs between DHIS2 versions is decided here or in dhis2-api:
//! 2.36/2.37 have no dataStore query API, and there a missing namespace (DHIS2 has no empty
//! ones) answers 404, which browsers log as a console error, so those versions check that the
//! namespace exists ([`namespace_may_have_entries`]) before listing it; new entries are created
//! with POST rather than a PUT that 2.36–2.38.4 answer with 404 for a missing key.
//!
//! Not here: anything about the browser (the wizard's editing state, secrets typed in a tab),
//! business rules (sync-core's models decide what a rule, report or lock holds) and URLs
//! (dhis2-api). Values are written as sync-core's `to_json` writes them, with their schema
//! version, and read with `load_value`, which migrates older versions.

pub mod destinations;
pub mod locks;
pub mod mappings;
pub mod reports;
pub mod rules;
pub mod runners;
pub mod settings;

use dhis2_api::transport::Transport;
use dhis2_api::{ApiError, Dhis2Client};
use serde::Serialize;
use serde_json::Value;
use sync_core::model::{ModelError, Persisted, to_json};

pub use sync_core::model::{REPORT_KEY_PREFIX, is_report_key, report_detail_key, report_key};

/// The app's dataStore namespace. DHIS2 reserves it for the app's users because the app's
/// `manifest.webapp` names it (`activities.dhis.namespace`); keep the two the same.
pub const NAMESPACE: &str = "aggregate-sync";

/// Key prefix of rules: `rule-<id>`.
pub const RULE_KEY_PREFIX: &str = "rule-";

/// Key prefix of destination instances: `destination-<id>`.
pub const DESTINATION_KEY_PREFIX: &str = "destination-";

/// The key of the app's settings.
pub const SETTINGS_KEY: &str = "settings";

/// Key prefix of run locks: `lock-<name>` (see [`locks`]).
pub const LOCK_KEY_PREFIX: &str = "lock-";

/// The key of rule `rule_id`.
pub fn rule_key(rule_id: &str) -> String {
    format!("{RULE_KEY_PREFIX}{rule_id}")
}

/// The key of destination `destination_id`.
pub fn destination_key(destination_id: &str) -> String {
    format!("{DESTINATION_KEY_PREFIX}{destination_id}")
}

/// The key of the lock `name` (`rule-<id>` for a saved rule's runs, see
/// [`locks::lock_key_for_saved_rule`] and [`locks::lock_key_for_rule`]).
pub fn lock_key(name: &str) -> String {
    format!("{LOCK_KEY_PREFIX}{name}")
}

/// Why a dataStore operation of the app failed. Shared by every collection; which variants a
/// call can return is said on the call.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The user may not read or change the app's namespace (a 403: no app authority).
    #[error(
        "access denied: the app's rules, destinations, reports and settings need the \"Aggregate Sync\" app authority (M_aggregatesync) or ALL"
    )]
    NoAccess,
    /// Someone saved the rule since it was read (the concurrent-edit check of a rule's entry).
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
    /// The rule was deleted since it was read.
    #[error("this rule was deleted by someone else after you opened it")]
    Deleted,
    /// A new entry's key is taken.
    #[error("{} already exists", describe_key(.0))]
    Exists(String),
    /// A stored value does not load, or a value cannot be written.
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

impl StoreError {
    /// True for a refused access (HTTP 403): pages show the access notice.
    pub fn is_no_access(&self) -> bool {
        matches!(self, StoreError::NoAccess)
    }
}

/// `rule-abc` → "a rule with id abc", for [`StoreError::Exists`].
fn describe_key(key: &str) -> String {
    let kinds = [
        (RULE_KEY_PREFIX, "a rule with id"),
        (DESTINATION_KEY_PREFIX, "a destination with id"),
        (REPORT_KEY_PREFIX, "a report with id"),
        (LOCK_KEY_PREFIX, "the lock"),
    ];
    kinds
        .iter()
        .find_map(|(prefix, words)| {
            key.strip_prefix(prefix)
                .map(|rest| format!("{words} {rest}"))
        })
        .unwrap_or_else(|| format!("the entry {key}"))
}

/// Whether the app's namespace exists. DHIS2 has no empty namespaces: listing the keys of one
/// that does not exist is a 404, a console error in browsers, so 2.36/2.37 (without the query
/// API) ask for the list of namespaces first. A user without access does not see the namespace
/// listed.
pub async fn namespace_exists<T: Transport>(client: &Dhis2Client<T>) -> Result<bool, StoreError> {
    Ok(client
        .data_store_namespaces()
        .await?
        .iter()
        .any(|namespace| namespace == NAMESPACE))
}

/// Whether reading the namespace's entries may find any: always on 2.38+ (whose query API
/// answers a missing namespace with no entries, and a user without access with a 403, which
/// becomes [`StoreError::NoAccess`]); on 2.36/2.37 only when the namespace is listed, since
/// listing the keys of a missing one is a 404 (a console error). There a namespace hidden from a
/// user without access reads as empty.
pub async fn namespace_may_have_entries<T: Transport>(
    client: &Dhis2Client<T>,
) -> Result<bool, StoreError> {
    if client.system_info().await?.has_data_store_query() {
        return Ok(true);
    }
    namespace_exists(client).await
}

/// Whether `key` is stored, without asking for it (a missing key is a 404, a console error):
/// the namespace's keys, after checking that it exists (listing the keys of a missing namespace
/// is a 404 on every version).
pub async fn key_exists<T: Transport>(
    client: &Dhis2Client<T>,
    key: &str,
) -> Result<bool, StoreError> {
    if !namespace_exists(client).await? {
        return Ok(false);
    }
    Ok(client
        .data_store_keys(NAMESPACE)
        .await?
        .iter()
        .any(|stored| stored == key))
}

/// A persisted model as the JSON value stored (sync-core's `to_json`, with `schemaVersion`).
pub(crate) fn stored_value<P: Persisted + Serialize>(model: &P) -> Result<Value, StoreError> {
    let text = to_json(model)?;
    serde_json::from_str(&text).map_err(|error| {
        StoreError::Model(ModelError::Serialize {
            kind: P::KIND,
            message: error.to_string(),
        })
    })
}

/// Creates `key` with POST (the way that works on every version for a new key, without the 404
/// of a PUT on 2.36–2.38.4): [`StoreError::Exists`] when it is taken.
pub(crate) async fn create_entry<T: Transport>(
    client: &Dhis2Client<T>,
    key: &str,
    value: &Value,
) -> Result<(), StoreError> {
    match client.data_store_create(NAMESPACE, key, value).await {
        Err(error) if error.is_conflict() => Err(StoreError::Exists(key.to_string())),
        other => Ok(other?),
    }
}

/// Deletes `key`; one already gone is fine.
pub(crate) async fn delete_key<T: Transport>(
    client: &Dhis2Client<T>,
    key: &str,
) -> Result<(), StoreError> {
    match client.data_store_delete(NAMESPACE, key).await {
        Ok(()) | Err(ApiError::NotFound { .. }) => Ok(()),
        Err(error) => Err(error.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_carry_their_prefixes() {
        assert_eq!(rule_key("abc"), "rule-abc");
        assert_eq!(destination_key("abc"), "destination-abc");
        assert_eq!(report_key("abc"), "report-abc");
        assert_eq!(lock_key("rule-abc"), "lock-rule-abc");
        assert!(is_report_key("report-abc"));
        assert!(!is_report_key("rule-abc"));
    }

    #[test]
    fn the_app_manifest_reserves_this_namespace() {
        let manifest: Value =
            serde_json::from_str(include_str!("../../../../manifest.webapp")).expect("json");
        assert_eq!(manifest["activities"]["dhis"]["namespace"], NAMESPACE);
    }

    #[test]
    fn a_403_is_no_access_and_says_which_authority() {
        let error: StoreError = ApiError::Forbidden {
            message: "Namespace 'aggregate-sync' is protected, access denied".into(),
        }
        .into();
        assert_eq!(error, StoreError::NoAccess);
        assert!(error.is_no_access());
        assert!(error.to_string().contains("M_aggregatesync"));
    }

    #[test]
    fn a_taken_key_names_what_exists() {
        assert_eq!(
            StoreError::Exists(rule_key("abc")).to_string(),
            "a rule with id abc already exists"
        );
        assert_eq!(
            StoreError::Exists("odd".into()).to_string(),
            "the entry odd already exists"
        );
    }
}
