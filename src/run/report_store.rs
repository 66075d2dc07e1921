//! Reports in the dataStore: one key per report, `report-<id>` in the app's namespace, the value
//! being sync-core's [`SyncReport`] JSON (with its schema version). History reads them back.

use dhis2_api::ApiError;
use sync_core::model::{SyncReport, load_value, to_json};

use crate::environment::Client;

/// The app's dataStore namespace.
pub const REPORT_NAMESPACE: &str = crate::destinations::NAMESPACE;

/// The key of report `id`.
pub fn report_key(id: &str) -> String {
    format!("report-{id}")
}

/// Saves `report` (creating or replacing its key).
pub async fn save_report(client: &Client, report: &SyncReport) -> Result<(), ApiError> {
    let text = to_json(report).map_err(|error| ApiError::Decode(error.to_string()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| ApiError::Decode(error.to_string()))?;
    client
        .data_store_save(REPORT_NAMESPACE, &report_key(&report.id), &value)
        .await
}

/// Loads report `id`.
pub async fn load_report(client: &Client, id: &str) -> Result<SyncReport, String> {
    let value = client
        .data_store_get(REPORT_NAMESPACE, &report_key(id))
        .await
        .map_err(|error| error.to_string())?;
    load_value::<SyncReport>(value)
        .map(|loaded| loaded.value)
        .map_err(|error| error.to_string())
}
