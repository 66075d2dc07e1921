//! The app's settings in the dataStore: one key, `settings`, in the app's namespace. Not a view:
//! the settings page edits them, the wizard and the runner read their defaults with [`load`].
//! The type, its validation and migrations are `sync_core::model::Settings`.

use dhis2_api::ApiError;
use sync_core::model::{SETTINGS_FIELDS, Settings, load_value, to_json};

use crate::environment::Client;
use crate::history::NAMESPACE;

/// The dataStore key of the settings.
pub const KEY: &str = "settings";

/// The saved settings; the defaults when none were saved yet. A stored value this app cannot read
/// is an error ([`ApiError::Decode`] naming what is wrong), so it is never silently replaced.
///
/// On 2.38+ the query API reads the settings' keys without asking for a key that may not exist
/// (a 404 would be console noise on every fresh install); 2.36/2.37 check that the namespace
/// exists, then list its keys.
pub async fn load(client: &Client) -> Result<Settings, ApiError> {
    let system = client.system_info().await?;
    let stored = if system.has_data_store_query() {
        client
            .data_store_entries(NAMESPACE, &SETTINGS_FIELDS)
            .await?
            .into_iter()
            .find(|entry| entry.key == KEY)
            .map(|entry| entry.value)
    } else if crate::history::namespace_exists(client).await?
        && client
            .data_store_keys(NAMESPACE)
            .await?
            .iter()
            .any(|key| key == KEY)
    {
        match client.data_store_get(NAMESPACE, KEY).await {
            Ok(value) => Some(value),
            Err(ApiError::NotFound { .. }) => None,
            Err(error) => return Err(error),
        }
    } else {
        None
    };
    match stored {
        Some(value) => load_value::<Settings>(value)
            .map(|loaded| loaded.value)
            .map_err(|error| ApiError::Decode(error.to_string())),
        None => Ok(Settings::default()),
    }
}

/// The saved settings, or the defaults when they cannot be read (for the wizard and the runner,
/// which must work even when the settings entry is damaged).
pub async fn load_or_default(client: &Client) -> Settings {
    load(client).await.unwrap_or_default()
}

/// Saves `settings` (creating the entry on every DHIS2 version).
pub async fn save(client: &Client, settings: &Settings) -> Result<(), ApiError> {
    let text = to_json(settings).map_err(|error| ApiError::Decode(error.to_string()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|error| ApiError::Decode(error.to_string()))?;
    client.data_store_save(NAMESPACE, KEY, &value).await
}
