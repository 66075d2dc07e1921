//! The app's settings in the dataStore: one key, `settings`. The type, its validation, ranges
//! and migrations are sync-core's `Settings`; here they are read and written.
//!
//! No settings saved yet means the defaults. A stored value that does not load is an error, so
//! it is never silently replaced; a stored value out of range (the entry can be written through
//! the API by anyone with the app's authority) is replaced by its default, and the problems are
//! returned so the settings page can show them.

use dhis2_api::transport::Transport;
use dhis2_api::{ApiError, Dhis2Client};
use sync_core::model::{SETTINGS_FIELDS, Settings, SettingsProblem, load_value};

use super::{
    NAMESPACE, SETTINGS_KEY, StoreError, create_entry, key_exists, namespace_exists, stored_value,
};

/// The settings as loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadedSettings {
    /// The settings to use: the stored ones with every out-of-range value replaced by its
    /// default; the defaults when none were saved.
    pub settings: Settings,
    /// The stored values that were out of range and replaced.
    pub problems: Vec<SettingsProblem>,
    /// Whether settings are stored at all.
    pub stored: bool,
}

/// The saved settings, within their ranges; the defaults when none were saved yet. A stored
/// value this build cannot read is [`StoreError::Model`].
///
/// On 2.38+ the query API reads the settings without asking for a key that may not exist (a
/// 404 would be console noise on every fresh install); 2.36/2.37 check that the namespace exists
/// and list its keys first.
pub async fn load_settings<T: Transport>(
    client: &Dhis2Client<T>,
) -> Result<LoadedSettings, StoreError> {
    let system = client.system_info().await?;
    let stored = if system.has_data_store_query() {
        client
            .data_store_entries(NAMESPACE, &SETTINGS_FIELDS)
            .await?
            .into_iter()
            .find(|entry| entry.key == SETTINGS_KEY)
            .map(|entry| entry.value)
    } else if namespace_exists(client).await?
        && client
            .data_store_keys(NAMESPACE)
            .await?
            .iter()
            .any(|key| key == SETTINGS_KEY)
    {
        match client.data_store_get(NAMESPACE, SETTINGS_KEY).await {
            Ok(value) => Some(value),
            Err(ApiError::NotFound { .. }) => None,
            Err(error) => return Err(error.into()),
        }
    } else {
        None
    };
    let Some(value) = stored else {
        return Ok(LoadedSettings {
            settings: Settings::default(),
            problems: Vec::new(),
            stored: false,
        });
    };
    let (settings, problems) = load_value::<Settings>(value)?.value.within_ranges();
    Ok(LoadedSettings {
        settings,
        problems,
        stored: true,
    })
}

/// The saved settings within their ranges, or the defaults when they cannot be read (for the
/// wizard and the run, which must work even when the settings entry is damaged).
pub async fn load_settings_or_default<T: Transport>(client: &Dhis2Client<T>) -> Settings {
    load_settings(client)
        .await
        .map(|loaded| loaded.settings)
        .unwrap_or_default()
}

/// Saves `settings`: created with POST when none are stored yet (a PUT of a missing key is a
/// 404 on 2.36–2.38.4, a console error), replaced with PUT otherwise.
pub async fn save_settings<T: Transport>(
    client: &Dhis2Client<T>,
    settings: &Settings,
) -> Result<(), StoreError> {
    let value = stored_value(settings)?;
    if !key_exists(client, SETTINGS_KEY).await? {
        match create_entry(client, SETTINGS_KEY, &value).await {
            // Someone saved them first: replace theirs, as the user asked.
            Err(StoreError::Exists(_)) => {}
            other => return other,
        }
    }
    client
        .data_store_save(NAMESPACE, SETTINGS_KEY, &value)
        .await?;
    Ok(())
}
