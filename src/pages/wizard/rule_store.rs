//! Helpers of the wizard's "Save as rule": the key of a rule (`rule-<id>` in the app's
//! namespace), the codes of the other rules for the uniqueness check, and new rule ids. Saving
//! itself goes through `crate::rules::store` (with the concurrent-edit check). No view code.

use std::collections::BTreeSet;

use sync_core::model::{Rule, load_value};

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
    if !crate::history::namespace_may_have_entries(client).await? {
        return Ok(BTreeSet::new());
    }
    let entries = client
        .data_store_entries_with_prefix(NAMESPACE, RULE_PREFIX, &[])
        .await?;
    Ok(entries
        .into_iter()
        .filter(|entry| entry.key.starts_with(RULE_PREFIX))
        .filter_map(|entry| load_value::<Rule>(entry.value).ok())
        .filter(|loaded| Some(loaded.value.id.as_str()) != except_id)
        .filter_map(|loaded| loaded.value.code)
        .collect())
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
