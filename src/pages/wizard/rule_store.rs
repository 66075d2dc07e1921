//! Saving the wizard's rule: one dataStore key per rule, `rule-<id>` in the app's namespace, the
//! JSON written by sync-core's `to_json` (with `schemaVersion`); the codes of the other rules for
//! the uniqueness check; and new rule ids. No view code.

use std::collections::BTreeSet;

use sync_core::model::{Rule, load_value, to_json};

use crate::destinations::NAMESPACE;
use crate::environment::Client;

/// Key prefix of stored rules.
pub const RULE_PREFIX: &str = "rule-";

/// The dataStore key of a rule.
pub fn rule_key(id: &str) -> String {
    format!("{RULE_PREFIX}{id}")
}

/// The codes of every stored rule except `except_id` (the rule being edited).
pub async fn other_rule_codes(
    client: &Client,
    except_id: Option<&str>,
) -> Result<BTreeSet<String>, dhis2_api::ApiError> {
    let entries = client.data_store_entries(NAMESPACE, &[]).await?;
    Ok(entries
        .into_iter()
        .filter(|entry| entry.key.starts_with(RULE_PREFIX))
        .filter_map(|entry| load_value::<Rule>(entry.value).ok())
        .filter(|loaded| Some(loaded.value.id.as_str()) != except_id)
        .filter_map(|loaded| loaded.value.code)
        .collect())
}

/// Creates or replaces the rule's key.
pub async fn save_rule(client: &Client, rule: &Rule) -> Result<(), String> {
    let text = to_json(rule).map_err(|error| error.to_string())?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| error.to_string())?;
    client
        .data_store_save(NAMESPACE, &rule_key(&rule.id), &value)
        .await
        .map_err(|error| error.to_string())
}

/// A new DHIS2 UID from the browser's random numbers.
pub fn generate_uid() -> String {
    crate::destinations::new_uid(js_sys::Math::random)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_keys_carry_the_prefix() {
        assert_eq!(rule_key("abc"), "rule-abc");
    }
}
