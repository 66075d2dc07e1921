//! Direct destinations' tokens and passwords, kept in memory for as long as the browser tab:
//! never in the dataStore, sessionStorage, localStorage, the URL or the console.
//!
//! Also remembers the last connection test of each destination, so the list can show it.

use std::collections::HashMap;

use dhis2_api::Auth;
use leptos::prelude::*;

use super::TestSummary;

/// In-memory secrets and last test results, by destination id. Provided once by the app shell;
/// take it with `expect_context::<DestinationSecrets>()`.
#[derive(Clone, Copy, Debug)]
pub struct DestinationSecrets {
    secrets: RwSignal<HashMap<String, Auth>>,
    last_tests: RwSignal<HashMap<String, TestSummary>>,
}

impl Default for DestinationSecrets {
    fn default() -> DestinationSecrets {
        DestinationSecrets::new()
    }
}

impl DestinationSecrets {
    /// An empty store.
    pub fn new() -> DestinationSecrets {
        DestinationSecrets {
            secrets: RwSignal::new(HashMap::new()),
            last_tests: RwSignal::new(HashMap::new()),
        }
    }

    /// The credentials entered for destination `id` in this tab (untracked: no re-render when
    /// they change; use [`DestinationSecrets::has`] in views).
    pub fn get(&self, id: &str) -> Option<Auth> {
        self.secrets
            .with_untracked(|secrets| secrets.get(id).cloned())
    }

    /// Whether credentials for `id` are in memory (tracked).
    pub fn has(&self, id: &str) -> bool {
        self.secrets.with(|secrets| secrets.contains_key(id))
    }

    /// Keeps `auth` for destination `id` until the tab closes.
    pub fn insert(&self, id: &str, auth: Auth) {
        self.secrets.update(|secrets| {
            secrets.insert(id.to_string(), auth);
        });
    }

    /// Forgets the credentials of `id` (refused by the destination, or the destination deleted).
    pub fn forget(&self, id: &str) {
        self.secrets.update(|secrets| {
            secrets.remove(id);
        });
    }

    /// The last connection test of `id` in this tab (tracked).
    pub fn last_test(&self, id: &str) -> Option<TestSummary> {
        self.last_tests.with(|tests| tests.get(id).cloned())
    }

    /// Records a connection test of `id`.
    pub fn record_test(&self, id: &str, summary: TestSummary) {
        self.last_tests.update(|tests| {
            tests.insert(id.to_string(), summary);
        });
    }

    /// Forgets the last test of `id` (the destination changed).
    pub fn forget_test(&self, id: &str) {
        self.last_tests.update(|tests| {
            tests.remove(id);
        });
    }
}
