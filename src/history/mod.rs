//! The sync history in the dataStore (one key per report, `report-<id>`, in the app's
//! namespace): listing summaries, deleting reports, and pruning those older than the retention
//! setting. Not a view: pages call these functions; the rules (filters, retention) are
//! `sync_core::model`'s.
//!
//! Pruning runs when the history page opens and after each run (the runner calls
//! [`prune_expired`]); today is the source server's date (`/api/system/info` `serverDate`),
//! never the browser's clock.

use dhis2_api::ApiError;
use sync_core::date::Date;
use sync_core::model::{
    HistoryEntry, REPORT_SUMMARY_FIELDS, expired_ids, is_report_key, report_key, sort_newest_first,
};

use crate::environment::Client;
use crate::settings;

/// The app's dataStore namespace (reserved for the app in its manifest).
pub const NAMESPACE: &str = "aggregate-sync";

/// Every report in the history, newest first, broken entries included. On 2.38+ one request
/// reads only the summary fields; on 2.36/2.37 each report is read whole, one request per key.
pub async fn list(client: &Client) -> Result<Vec<HistoryEntry>, ApiError> {
    let system = client.system_info().await?;
    let mut entries = Vec::new();
    if system.has_data_store_query() {
        for entry in client
            .data_store_entries(NAMESPACE, &REPORT_SUMMARY_FIELDS)
            .await?
        {
            if is_report_key(&entry.key) {
                entries.push(HistoryEntry::from_value(&entry.key, entry.value));
            }
        }
    } else if namespace_exists(client).await? {
        for key in client.data_store_keys(NAMESPACE).await? {
            if !is_report_key(&key) {
                continue;
            }
            match client.data_store_get(NAMESPACE, &key).await {
                Ok(value) => entries.push(HistoryEntry::from_value(&key, value)),
                // Deleted since the keys were listed.
                Err(ApiError::NotFound { .. }) => {}
                Err(error) => return Err(error),
            }
        }
    }
    sort_newest_first(&mut entries);
    Ok(entries)
}

/// Whether the app's namespace exists yet. DHIS2 has no empty namespaces: listing the keys of
/// one that does not exist is a 404, which the browser logs as a console error, so 2.36/2.37
/// (without the query API) ask the list of namespaces first.
pub async fn namespace_exists(client: &Client) -> Result<bool, ApiError> {
    Ok(client
        .data_store_namespaces()
        .await?
        .iter()
        .any(|namespace| namespace == NAMESPACE))
}

/// Whether reading the namespace's entries may find any: always on 2.38+ (whose query API
/// answers a missing namespace with no entries, and a user without access with a 403 that the
/// pages show as such); on 2.36/2.37 only when the namespace is listed, since listing the keys
/// of a missing one is a 404 (a console error). A namespace hidden from a user without access
/// then reads as empty there.
pub async fn namespace_may_have_entries(client: &Client) -> Result<bool, ApiError> {
    if client.system_info().await?.has_data_store_query() {
        return Ok(true);
    }
    namespace_exists(client).await
}

/// A report that could not be deleted, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct DeleteFailure {
    /// Report id.
    pub id: String,
    /// Why.
    pub error: ApiError,
}

/// Deletes the reports `ids`; a report already gone counts as deleted. Returns the failures.
pub async fn delete(client: &Client, ids: &[String]) -> Vec<DeleteFailure> {
    let mut failures = Vec::new();
    for id in ids {
        match client.data_store_delete(NAMESPACE, &report_key(id)).await {
            Ok(()) | Err(ApiError::NotFound { .. }) => {}
            Err(error) => failures.push(DeleteFailure {
                id: id.clone(),
                error,
            }),
        }
    }
    failures
}

/// Today on the source server (`serverDate`).
pub async fn server_today(client: &Client) -> Result<Date, ApiError> {
    let system = client.system_info().await?;
    let server_date = system
        .server_date
        .ok_or_else(|| ApiError::Decode("the server did not say its date".to_string()))?;
    server_date
        .get(..10)
        .and_then(|day| day.parse().ok())
        .ok_or_else(|| ApiError::Decode(format!("unreadable server date `{server_date}`")))
}

/// Deletes the reports older than the retention setting; returns the ids deleted. Call it after
/// a run; the history page calls [`prune_entries`] with the list it has just read.
pub async fn prune_expired(client: &Client) -> Result<Vec<String>, ApiError> {
    let entries = list(client).await?;
    prune_entries(client, &entries).await
}

/// Deletes the reports of `entries` older than the retention setting; returns the ids deleted.
pub async fn prune_entries(
    client: &Client,
    entries: &[HistoryEntry],
) -> Result<Vec<String>, ApiError> {
    let settings = settings::load(client).await?;
    let today = server_today(client).await?;
    let expired = expired_ids(entries, today, settings.retention_days);
    if expired.is_empty() {
        return Ok(expired);
    }
    let failures = delete(client, &expired).await;
    if let Some(failure) = failures.into_iter().next() {
        return Err(failure.error);
    }
    Ok(expired)
}
