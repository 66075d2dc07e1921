//! Heartbeats of unattended runners in the dataStore (`runner-<host>`, sync-core's
//! `RunnerHeartbeat`): written by `aggsync run --due` at each check, read by the rules page to
//! say whether schedules are being run.
//!
//! One entry per host, so several runners (CronJobs for many instances, a spare machine) do not
//! overwrite each other. Not here: deciding what is "recent" (sync-core) or what is due.

use dhis2_api::Dhis2Client;
use dhis2_api::transport::Transport;
use sync_core::model::{RunnerHeartbeat, load_value};

use super::{NAMESPACE, StoreError, create_entry, namespace_may_have_entries, stored_value};

/// Key prefix of runner heartbeats: `runner-<host>`.
pub const RUNNER_KEY_PREFIX: &str = "runner-";

/// The key of the runner on `host`: the host name with anything but letters, digits, `.`, `_`
/// and `-` replaced by `-` (a dataStore key ends up in URLs), at most 200 characters.
pub fn runner_key(host: &str) -> String {
    let cleaned: String = host
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '-'
            }
        })
        .take(200)
        .collect();
    let cleaned = if cleaned.is_empty() {
        "unknown".to_string()
    } else {
        cleaned
    };
    format!("{RUNNER_KEY_PREFIX}{cleaned}")
}

/// Writes `heartbeat` under its host's key: created with POST the first time (a PUT of a missing
/// key is a 404 on 2.36–2.38.4), replaced with PUT after.
pub async fn save_heartbeat<T: Transport>(
    client: &Dhis2Client<T>,
    heartbeat: &RunnerHeartbeat,
) -> Result<(), StoreError> {
    let key = runner_key(&heartbeat.host);
    let value = stored_value(heartbeat)?;
    match create_entry(client, &key, &value).await {
        Err(StoreError::Exists(_)) => {
            client.data_store_save(NAMESPACE, &key, &value).await?;
            Ok(())
        }
        other => other,
    }
}

/// Every runner's heartbeat (entries that do not read are skipped: a heartbeat only informs).
pub async fn load_heartbeats<T: Transport>(
    client: &Dhis2Client<T>,
) -> Result<Vec<RunnerHeartbeat>, StoreError> {
    if !namespace_may_have_entries(client).await? {
        return Ok(Vec::new());
    }
    let entries = client
        .data_store_entries_with_prefix(NAMESPACE, RUNNER_KEY_PREFIX, &[])
        .await?;
    Ok(entries
        .into_iter()
        .filter_map(|entry| load_value::<RunnerHeartbeat>(entry.value).ok())
        .map(|loaded| loaded.value)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_name_becomes_a_safe_key() {
        assert_eq!(
            runner_key("runner-7f9c.example.org"),
            "runner-runner-7f9c.example.org"
        );
        assert_eq!(runner_key("a b/c?d"), "runner-a-b-c-d");
        assert_eq!(runner_key(""), "runner-unknown");
    }
}
