//! Destinations' mappings in the dataStore: `mapping-<destination id>`, sync-core's [`Mapping`]
//! as `to_json` writes it (see `sync_core::mapping` for what it holds).
//!
//! A destination without a stored mapping sends the source's ids as they are (the instances
//! share their UIDs): [`load_mapping`] says `None`, without asking for a key that may not exist
//! (a 404 is a console error in browsers).

use dhis2_api::Dhis2Client;
use dhis2_api::transport::Transport;
use sync_core::mapping::{Mapping, mapping_key};
use sync_core::model::load_value;

use super::{NAMESPACE, StoreError, create_entry, delete_key, stored_value};

/// Destination `destination_id`'s mapping, `None` when it has none.
pub async fn load_mapping<T: Transport>(
    client: &Dhis2Client<T>,
    destination_id: &str,
) -> Result<Option<Mapping>, StoreError> {
    let key = mapping_key(destination_id);
    if !super::namespace_may_have_entries(client).await? {
        return Ok(None);
    }
    let stored = client
        .data_store_entries_with_prefix(NAMESPACE, &key, &[])
        .await?
        .into_iter()
        .find(|entry| entry.key == key);
    match stored {
        Some(entry) => Ok(Some(load_value::<Mapping>(entry.value)?.value)),
        None => Ok(None),
    }
}

/// Saves `mapping`: created with POST when `stored` says none was (a PUT of a missing key is a
/// 404 on 2.36–2.38.4), replaced with PUT otherwise.
pub async fn save_mapping<T: Transport>(
    client: &Dhis2Client<T>,
    mapping: &Mapping,
    stored: bool,
) -> Result<(), StoreError> {
    let key = mapping_key(&mapping.destination_id);
    let value = stored_value(mapping)?;
    if !stored {
        match create_entry(client, &key, &value).await {
            // Someone saved one first: replace it, as the user asked.
            Err(StoreError::Exists(_)) => {}
            other => return other,
        }
    }
    client.data_store_save(NAMESPACE, &key, &value).await?;
    Ok(())
}

/// Deletes destination `destination_id`'s mapping; none is fine.
pub async fn delete_mapping<T: Transport>(
    client: &Dhis2Client<T>,
    destination_id: &str,
) -> Result<(), StoreError> {
    delete_key(client, &mapping_key(destination_id)).await
}
