//! Which version of a rule the user opened for editing: its id and the dataStore entry's
//! `lastUpdated` when it was read. Saving compares it with the entry's current `lastUpdated`, so
//! two people editing the same rule do not silently overwrite each other. Kept in the tab's
//! `sessionStorage` next to the wizard's draft, so a reload does not lose it.
//!
//! The calls here are `sync_engine::store::rules`' with this state kept up to date: opening a
//! rule remembers its version, saving compares with it, and a run that records itself on the
//! version being edited moves the state along (the run's record is not a colleague's edit).

use serde::{Deserialize, Serialize};
use sync_core::model::{Rule, RunOrigin, SyncReport};
use sync_engine::store::StoreError;
use sync_engine::store::rules::{self, RecordOutcome};

use crate::environment::Client;

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

/// Reads rule `id` for editing in the wizard and remembers the version read.
pub async fn open_for_edit(client: &Client, id: &str) -> Result<Rule, StoreError> {
    let read = rules::read_versioned(client, id).await?;
    remember(id, read.last_updated);
    Ok(read.rule)
}

/// Saves a rule from the wizard: a rule opened with [`open_for_edit`] is replaced only if
/// nobody saved it since ([`StoreError::EditConflict`] otherwise), keeping the stored record of
/// its runs; a new rule is created.
pub async fn save_rule(client: &Client, rule: &Rule) -> Result<(), StoreError> {
    let last_updated = match opened(&rule.id) {
        Some(opened) => rules::save_edited(client, rule, opened.last_updated.as_deref()).await?,
        None => rules::create_rule(client, rule).await?,
    };
    remember(&rule.id, last_updated);
    Ok(())
}

/// Saves the rule being edited whatever happened to the stored one (the user chose to
/// overwrite); later saves compare with this version.
pub async fn overwrite_edited_rule(client: &Client, rule: &Rule) -> Result<(), StoreError> {
    let last_updated = rules::overwrite_edited(client, rule).await?;
    remember(&rule.id, last_updated);
    Ok(())
}

/// Records the run of `report` on its rule ([`rules::record_run`]); when the user is editing
/// exactly the version the run was applied to, they keep editing it. Returns whether a rule was
/// updated.
pub async fn record_run(client: &Client, report: &SyncReport) -> Result<bool, StoreError> {
    let RecordOutcome::Recorded {
        read_at, saved_at, ..
    } = rules::record_run(client, report).await?
    else {
        return Ok(false);
    };
    let RunOrigin::Rule { rule_id, .. } = &report.origin else {
        return Ok(true);
    };
    if opened(rule_id).is_some_and(|opened| opened.last_updated == read_at) {
        remember(rule_id, saved_at);
    }
    Ok(true)
}
