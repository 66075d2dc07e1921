//! Reports in the dataStore (`report-<id>`, sync-core's `SyncReport` JSON with its schema
//! version): created when a run starts, saved as it goes and when it ends, read back by the
//! report page, listed as summaries by the history, deleted, and pruned after the retention set
//! in the settings.
//!
//! A report is new when its run starts, so it is created with POST: a PUT of a missing key is a
//! 404 on 2.36–2.38.4 (a red console error in browsers) before the POST that works. The history
//! reads only the summary fields with the 2.38+ query API; 2.36/2.37 read each report whole.
//! "Today" for the retention is the caller's (the source server's date), never this machine's.

use dhis2_api::transport::Transport;
use dhis2_api::{ApiError, Dhis2Client};
use sync_core::date::Date;
use sync_core::model::{
    HistoryEntry, REPORT_SUMMARY_FIELDS, SyncReport, expired_ids, is_report_key, load_value,
    report_key, sort_newest_first,
};

use super::{NAMESPACE, StoreError, create_entry, namespace_exists, stored_value};

/// Creates the report of a run that starts, with POST ([`StoreError::Exists`] when its id is
/// taken: give the run a new id).
pub async fn create_report<T: Transport>(
    client: &Dhis2Client<T>,
    report: &SyncReport,
) -> Result<(), StoreError> {
    // Stored capped: a report that fails everywhere must still fit the dataStore.
    create_entry(
        client,
        &report_key(&report.id),
        &stored_value(&report.for_storage())?,
    )
    .await
}

/// Saves a report created with [`create_report`] (PUT). One deleted meanwhile (the user cleared
/// the history while the run went on) is created again: the run's outcome must be kept.
pub async fn save_report<T: Transport>(
    client: &Dhis2Client<T>,
    report: &SyncReport,
) -> Result<(), StoreError> {
    client
        .data_store_save(
            NAMESPACE,
            &report_key(&report.id),
            &stored_value(&report.for_storage())?,
        )
        .await?;
    Ok(())
}

/// Loads report `id`, migrating an older schema version (a missing one is [`StoreError::Api`]
/// with [`ApiError::NotFound`]).
pub async fn load_report<T: Transport>(
    client: &Dhis2Client<T>,
    id: &str,
) -> Result<SyncReport, StoreError> {
    let value = client.data_store_get(NAMESPACE, &report_key(id)).await?;
    Ok(load_value::<SyncReport>(value)?.value)
}

/// Every report of the history, newest first, broken entries included. On 2.38+ one request
/// reads only the summary fields; on 2.36/2.37 each report is read whole, one request per key,
/// after checking that the namespace exists.
pub async fn list_history<T: Transport>(
    client: &Dhis2Client<T>,
) -> Result<Vec<HistoryEntry>, StoreError> {
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
                Err(error) => return Err(error.into()),
            }
        }
    }
    sort_newest_first(&mut entries);
    Ok(entries)
}

/// A report that could not be deleted, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct DeleteFailure {
    /// Report id.
    pub id: String,
    /// Why.
    pub error: StoreError,
}

/// Deletes the reports `ids`; a report already gone counts as deleted. Returns the failures.
pub async fn delete_reports<T: Transport>(
    client: &Dhis2Client<T>,
    ids: &[String],
) -> Vec<DeleteFailure> {
    let mut failures = Vec::new();
    for id in ids {
        if let Err(error) = super::delete_key(client, &report_key(id)).await {
            failures.push(DeleteFailure {
                id: id.clone(),
                error,
            });
        }
    }
    failures
}

/// Deletes the reports that started more than the settings' retention before `today` (the
/// source server's date); returns the ids deleted. Call it after a run; the history page calls
/// [`prune_entries`] with the list it has just read.
pub async fn prune_expired<T: Transport>(
    client: &Dhis2Client<T>,
    today: Date,
) -> Result<Vec<String>, StoreError> {
    let entries = list_history(client).await?;
    prune_entries(client, &entries, today).await
}

/// Deletes the reports of `entries` that started more than the settings' retention before
/// `today`; returns the ids deleted. The retention comes from the stored settings, brought
/// within range (a retention of 0 written by hand must not delete the whole history).
pub async fn prune_entries<T: Transport>(
    client: &Dhis2Client<T>,
    entries: &[HistoryEntry],
    today: Date,
) -> Result<Vec<String>, StoreError> {
    let settings = super::settings::load_settings(client).await?.settings;
    let expired = expired_ids(entries, today, settings.retention_days);
    if expired.is_empty() {
        return Ok(expired);
    }
    let failures = delete_reports(client, &expired).await;
    if let Some(failure) = failures.into_iter().next() {
        return Err(failure.error);
    }
    Ok(expired)
}
