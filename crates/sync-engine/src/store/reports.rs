//! Reports in the dataStore (`report-<id>`, sync-core's `SyncReport` JSON with its schema
//! version): created when a run starts, saved as it goes and when it ends, read back by the
//! report page, listed as summaries by the history, deleted, and pruned after the retention set
//! in the settings.
//!
//! A report is new when its run starts, so it is created with POST: a PUT of a missing key is a
//! 404 on 2.36–2.38.4 (a red console error in browsers) before the POST that works. The history
//! reads only the summary fields with the 2.38+ query API; 2.36/2.37 read each report whole.
//! "Today" for the retention is the caller's (the source server's date), never this machine's.
//!
//! Every app user may read `report-<id>`, whatever their own access to the data (issue 14), so
//! it keeps counts, the tally and the statistics per data element only; the values — those left
//! behind, the conflicts', the raw responses — go to `report-<id>-detail`, readable by the user
//! who ran the sync and superusers: from 2.41 a dataStore key shared with that user alone (made
//! private before anything is written to it), before 2.41 that user's own user data store,
//! since there the dataStore's query API hands every entry's value to every user of the
//! namespace whatever its sharing (reference additions, "Sharing of dataStore entries").
//! [`load_report`] puts the detail back when the reader may see it and says so when not.

use dhis2_api::transport::Transport;
use dhis2_api::{ApiError, Dhis2Client};
use sync_core::date::Date;
use sync_core::model::{
    DetailPlace, HistoryEntry, REPORT_SUMMARY_FIELDS, ReportDetail, SyncReport, expired_ids,
    is_report_key, load_value, report_detail_key, report_key, sort_newest_first,
};

use super::{NAMESPACE, StoreError, create_entry, namespace_exists, stored_value};

/// The access string of an entry nobody but its named users may read or write.
const PRIVATE: &str = "--------";

/// Where the value-level detail of reports goes on this server (see the module's docs).
pub async fn detail_place<T: Transport>(
    client: &Dhis2Client<T>,
) -> Result<DetailPlace, StoreError> {
    Ok(
        if client.system_info().await?.has_data_store_key_sharing() {
            DetailPlace::SharedKey
        } else {
            DetailPlace::UserDataStore
        },
    )
}

/// Creates the report of a run that starts, with POST ([`StoreError::Exists`] when its id is
/// taken: give the run a new id), and its detail where only its runner may read it.
pub async fn create_report<T: Transport>(
    client: &Dhis2Client<T>,
    report: &SyncReport,
) -> Result<(), StoreError> {
    let place = detail_place(client).await?;
    // Stored capped: a report that fails everywhere must still fit the dataStore.
    let (summary, detail) = report.split_detail(place);
    create_entry(client, &report_key(&report.id), &stored_value(&summary)?).await?;
    write_detail(client, place, &detail, true).await
}

/// Saves a report created with [`create_report`] (PUT), and its detail. One deleted meanwhile
/// (the user cleared the history while the run went on) is created again: the run's outcome
/// must be kept. Called at every checkpoint of a run: Resume continues with the values left
/// behind so far, so the detail is saved with the progress.
pub async fn save_report<T: Transport>(
    client: &Dhis2Client<T>,
    report: &SyncReport,
) -> Result<(), StoreError> {
    let place = detail_place(client).await?;
    let (summary, detail) = report.split_detail(place);
    client
        .data_store_save(NAMESPACE, &report_key(&report.id), &stored_value(&summary)?)
        .await?;
    write_detail(client, place, &detail, false).await
}

/// Writes a report's detail. In the dataStore the key is made private (shared with the caller
/// only) before any value is written to it: a key created by a PUT, or a key that is new, is
/// public until then. `is_new` says the key is new (the report was just created), so no
/// metaData is asked for (a 404 is a console error in browsers).
async fn write_detail<T: Transport>(
    client: &Dhis2Client<T>,
    place: DetailPlace,
    detail: &ReportDetail,
    is_new: bool,
) -> Result<(), StoreError> {
    let key = report_detail_key(&detail.report_id);
    let value = stored_value(detail)?;
    if place == DetailPlace::UserDataStore {
        // POST for a new key: a PUT of a missing one is a 404 first (a console error).
        if is_new {
            client
                .user_data_store_create(NAMESPACE, &key, &value)
                .await?;
        } else {
            client.user_data_store_save(NAMESPACE, &key, &value).await?;
        }
        return Ok(());
    }
    let meta = if is_new {
        None
    } else {
        match client.data_store_meta(NAMESPACE, &key).await {
            Ok(meta) => Some(meta),
            Err(ApiError::NotFound { .. }) => None,
            Err(error) => return Err(error.into()),
        }
    };
    let entry_id = match &meta {
        Some(meta) if meta.public_access.as_deref() == Some(PRIVATE) => None,
        Some(meta) => meta.id.clone(),
        None => {
            let empty = stored_value(&ReportDetail::empty(&detail.report_id))?;
            create_entry(client, &key, &empty).await?;
            client.data_store_meta(NAMESPACE, &key).await?.id
        }
    };
    if let Some(entry_id) = entry_id {
        let me = client.current_user().await?;
        client
            .data_store_share_with_user_only(&entry_id, &me.id)
            .await?;
    }
    if !detail.is_empty() || meta.is_some() {
        client.data_store_update(NAMESPACE, &key, &value).await?;
    }
    Ok(())
}

/// Whether the reader of a report sees its value-level detail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DetailAccess {
    /// The report is whole: its detail was read back (or it holds it, written before the split).
    Complete,
    /// Only `run_by` (and superusers) may read it; counts and statistics are shown.
    Hidden {
        /// Who ran the sync.
        run_by: String,
    },
    /// The detail key is gone (deleted, or its save failed).
    Missing,
}

/// A report as loaded for the report page, Resume and "send the failed values again".
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedReport {
    /// The report, with its detail when readable.
    pub report: SyncReport,
    /// Whether the detail is in it.
    pub detail: DetailAccess,
    /// Whether the reader may continue the run (Resume, send again): the detail is in it, and
    /// saving it again keeps it where its runner's report says. Before 2.41 the detail is saved
    /// to the saving user's own user data store, so there only the runner may continue.
    pub continuable: bool,
}

impl LoadedReport {
    /// What to tell the reader when the detail is not in the report.
    pub fn detail_note(&self) -> Option<String> {
        match &self.detail {
            DetailAccess::Complete => None,
            DetailAccess::Hidden { run_by } => Some(format!(
                "The value-level detail (values left behind, conflicts, raw responses) is only \
                 visible to {run_by}, who ran this sync, and to superusers. The counts and the \
                 statistics per data element are complete."
            )),
            DetailAccess::Missing => Some(
                "The value-level detail of this report (values left behind, conflicts, raw \
                 responses) was not found. The counts and the statistics per data element are \
                 complete."
                    .to_string(),
            ),
        }
    }

    /// Whether Resume and "send the failed values again" may use it: they need the values the
    /// run left behind.
    pub fn can_continue(&self) -> bool {
        self.continuable && self.detail == DetailAccess::Complete
    }
}

/// Loads report `id`, migrating an older schema version (a missing one is [`StoreError::Api`]
/// with [`ApiError::NotFound`]), with its detail when the caller may read it: who ran the sync
/// and superusers. Others are not sent asking (a refused request is a console error).
pub async fn load_report<T: Transport>(
    client: &Dhis2Client<T>,
    id: &str,
) -> Result<LoadedReport, StoreError> {
    let value = client.data_store_get(NAMESPACE, &report_key(id)).await?;
    let mut report = load_value::<SyncReport>(value)?.value;
    let me = client.current_user().await?;
    let is_runner = me.username == report.run_by;
    let is_superuser = me.authorities.iter().any(|authority| authority == "ALL");
    let continuable = is_runner || detail_place(client).await? == DetailPlace::SharedKey;
    let Some(place) = report.detail else {
        return Ok(LoadedReport {
            report,
            detail: DetailAccess::Complete,
            continuable,
        });
    };
    if !is_runner && !is_superuser {
        let run_by = report.run_by.clone();
        return Ok(LoadedReport {
            report,
            detail: DetailAccess::Hidden { run_by },
            continuable,
        });
    }
    let key = report_detail_key(id);
    let read = match place {
        DetailPlace::SharedKey => client.data_store_get(NAMESPACE, &key).await,
        DetailPlace::UserDataStore => {
            let owner = (!is_runner).then_some(report.run_by.as_str());
            client.user_data_store_get(NAMESPACE, &key, owner).await
        }
    };
    let detail = match read {
        Ok(value) => {
            report.merge_detail(load_value::<ReportDetail>(value)?.value);
            DetailAccess::Complete
        }
        Err(ApiError::NotFound { .. }) => DetailAccess::Missing,
        Err(ApiError::Forbidden { .. }) => DetailAccess::Hidden {
            run_by: report.run_by.clone(),
        },
        Err(error) => return Err(error.into()),
    };
    Ok(LoadedReport {
        report,
        detail,
        continuable,
    })
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
    // The details first: once a report is gone nothing points at its detail any more. Only
    // the caller's own (or, for a superuser, every listed) detail can go; another user's
    // private detail stays where only they can read it.
    let _ = delete_details(client, ids).await;
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

/// Deletes the detail keys of reports `ids` the caller can see, without asking for missing
/// keys (a 404 is a console error): the keys are listed first.
async fn delete_details<T: Transport>(
    client: &Dhis2Client<T>,
    ids: &[String],
) -> Result<(), StoreError> {
    let wanted: Vec<String> = ids.iter().map(|id| report_detail_key(id)).collect();
    // Reports written before 2.41 keep their detail in the user data store; an instance
    // upgraded since may have both kinds, so both are cleaned.
    if client
        .user_data_store_namespaces()
        .await?
        .iter()
        .any(|namespace| namespace == NAMESPACE)
    {
        for key in client.user_data_store_keys(NAMESPACE).await? {
            if wanted.contains(&key) {
                client.user_data_store_delete(NAMESPACE, &key).await?;
            }
        }
    }
    if detail_place(client).await? == DetailPlace::SharedKey && namespace_exists(client).await? {
        for key in client.data_store_keys(NAMESPACE).await? {
            if wanted.contains(&key) {
                super::delete_key(client, &key).await?;
            }
        }
    }
    Ok(())
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
