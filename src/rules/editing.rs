//! Which version of a rule the user opened for editing: its id and the dataStore entry's
//! `lastUpdated` when it was read. Saving compares it with the entry's current `lastUpdated`, so
//! two people editing the same rule do not silently overwrite each other. Kept in the tab's
//! `sessionStorage` next to the wizard's draft, so a reload does not lose it.

use serde::{Deserialize, Serialize};

const EDITING_KEY: &str = "aggregate-sync.editing";

/// The rule being edited and the version it was read at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OpenedVersion {
    /// Rule id.
    pub id: String,
    /// The entry's `lastUpdated` (from its metaData) when it was read.
    pub last_updated: Option<String>,
}

/// Remembers that rule `id` was read at `last_updated`.
pub fn remember(id: &str, last_updated: Option<String>) {
    let opened = OpenedVersion {
        id: id.to_string(),
        last_updated,
    };
    if let (Some(storage), Ok(text)) = (session_storage(), serde_json::to_string(&opened)) {
        let _ = storage.set_item(EDITING_KEY, &text);
    }
}

/// The version rule `id` was opened at, if the user opened it for editing in this tab.
pub fn opened(id: &str) -> Option<OpenedVersion> {
    let text = session_storage()?.get_item(EDITING_KEY).ok()??;
    let opened: OpenedVersion = serde_json::from_str(&text).ok()?;
    (opened.id == id).then_some(opened)
}

/// Forgets the opened version (the rule was deleted, or the user started a new draft).
pub fn forget() {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(EDITING_KEY);
    }
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}
