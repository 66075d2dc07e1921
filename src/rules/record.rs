//! After a run of a saved rule: its dataStore entry records the run (`lastRun` always, the
//! watermark `lastSuccessfulRun` only after a successful run, with the source server time the
//! run took before its reads). The entry is read again, the run applied, and written back only if
//! nobody saved it in between (then read and applied again), so a colleague's edit is never lost.

use sync_core::model::{RunOrigin, ServerTime, SyncReport};

use super::store::{StoreError, read_versioned, save_checked};
use super::{NAMESPACE, editing, rule_key};
use crate::environment::Client;

/// How often a concurrent save is answered by reading the rule again.
const ATTEMPTS: usize = 3;

/// Records the run of `report` on its rule. Returns whether a rule was updated: a manual run, or
/// a run of a rule that is not saved (or was deleted meanwhile), records nothing.
pub async fn record_run(client: &Client, report: &SyncReport) -> Result<bool, String> {
    let RunOrigin::Rule { rule_id, .. } = &report.origin else {
        return Ok(false);
    };
    let started_at: ServerTime = report
        .started_at
        .parse()
        .map_err(|error| format!("the run's start time is unreadable: {error}"))?;
    // Listing the keys first avoids a 404 (a console error) for a rule that was never saved.
    let keys = client
        .data_store_keys(NAMESPACE)
        .await
        .map_err(|error| error.to_string())?;
    if !keys.contains(&rule_key(rule_id)) {
        return Ok(false);
    }
    let mut last_error = None;
    for _ in 0..ATTEMPTS {
        let (mut rule, read_at) = match read_versioned(client, rule_id).await {
            Ok(read) => read,
            Err(StoreError::Deleted) => return Ok(false),
            Err(error) => return Err(error.to_string()),
        };
        rule.record_run(started_at, report.status, &report.id);
        match save_checked(client, &rule, read_at.as_deref()).await {
            Ok(saved_at) => {
                // The user editing this very version in the wizard keeps editing it: the run's
                // stamp is not their colleague's edit.
                if editing::opened(rule_id).is_some_and(|opened| opened.last_updated == read_at) {
                    editing::remember(rule_id, saved_at);
                }
                return Ok(true);
            }
            Err(StoreError::Deleted) => return Ok(false),
            Err(error @ StoreError::EditConflict { .. }) => last_error = Some(error),
            Err(error) => return Err(error.to_string()),
        }
    }
    Err(last_error.map_or_else(|| "unknown error".to_string(), |error| error.to_string()))
}
