//! Saving the wizard's rule: one dataStore key per rule, `rule-<id>` in the app's namespace, the
//! JSON written by sync-core's `to_json` (with `schemaVersion`); the codes of the other rules for
//! the uniqueness check; and new rule ids. No view code.

use std::collections::BTreeSet;

use sync_core::model::{Rule, load_value, to_json};

use super::destinations::NAMESPACE;
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

/// A new DHIS2 UID (a letter, then ten letters or digits), from the browser's random numbers.
pub fn generate_uid() -> String {
    uid_from(js_sys::Math::random)
}

/// A UID from a source of numbers in `[0, 1)`.
pub fn uid_from(mut random: impl FnMut() -> f64) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const ALPHANUMERIC: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut pick = |alphabet: &[u8]| {
        let index = ((random() * alphabet.len() as f64) as usize).min(alphabet.len() - 1);
        alphabet[index] as char
    };
    let mut uid = String::with_capacity(11);
    uid.push(pick(LETTERS));
    for _ in 0..10 {
        uid.push(pick(ALPHANUMERIC));
    }
    uid
}

#[cfg(test)]
mod tests {
    use super::*;
    use sync_core::model::is_uid;

    #[test]
    fn generated_ids_are_uids() {
        let mut state = 0.123_f64;
        let uid = uid_from(|| {
            state = (state * 7.77).fract();
            state
        });
        assert!(is_uid(&uid), "{uid}");
        assert!(is_uid(&uid_from(|| 0.999_999)));
        assert!(is_uid(&uid_from(|| 0.0)));
        assert_eq!(rule_key("abc"), "rule-abc");
    }
}
