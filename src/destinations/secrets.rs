//! Direct destinations' tokens and passwords, kept in memory for as long as the browser tab:
//! never in the dataStore, sessionStorage, localStorage, the URL or the console.
//!
//! A secret is kept for a destination's id *and* URL: if someone changes the URL of a stored
//! destination (the dataStore is writable by every user of the app), the secret typed for the
//! old URL is never sent to the new one.
//!
//! Also remembers the last connection test of each destination, so the list can show it.

use std::collections::HashMap;

use dhis2_api::Auth;
use leptos::prelude::*;

use super::TestSummary;

/// In-memory secrets (by destination id and URL) and last test results (by id). Provided once by
/// the app shell; take it with `expect_context::<DestinationSecrets>()`.
#[derive(Clone, Copy, Debug)]
pub struct DestinationSecrets {
    secrets: RwSignal<HashMap<(String, String), Auth>>,
    last_tests: RwSignal<HashMap<String, TestSummary>>,
}

/// The key of a secret: the id and the URL as the user would write it (no trailing slash,
/// scheme and host lowercase).
fn key(id: &str, url: &str) -> (String, String) {
    let url = url.trim().trim_end_matches('/');
    let url = match url.split_once("://") {
        Some((scheme, rest)) => {
            let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            format!(
                "{}://{}{path}",
                scheme.to_ascii_lowercase(),
                host.to_ascii_lowercase()
            )
        }
        None => url.to_string(),
    };
    (id.to_string(), url)
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

    /// The credentials entered for destination `id` at `url` in this tab (untracked: no
    /// re-render when they change; use [`DestinationSecrets::has`] in views).
    pub fn get(&self, id: &str, url: &str) -> Option<Auth> {
        self.secrets
            .with_untracked(|secrets| secrets.get(&key(id, url)).cloned())
    }

    /// Whether credentials for `id` at `url` are in memory (tracked).
    pub fn has(&self, id: &str, url: &str) -> bool {
        self.secrets
            .with(|secrets| secrets.contains_key(&key(id, url)))
    }

    /// Keeps `auth` for destination `id` at `url` until the tab closes.
    pub fn insert(&self, id: &str, url: &str, auth: Auth) {
        self.secrets.update(|secrets| {
            secrets.insert(key(id, url), auth);
        });
    }

    /// Forgets the credentials of `id`, whatever its URL (refused by the destination, or the
    /// destination deleted).
    pub fn forget(&self, id: &str) {
        self.secrets.update(|secrets| {
            secrets.retain(|(stored, _), _| stored != id);
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

#[cfg(test)]
mod tests {
    use super::key;

    #[test]
    fn a_secret_is_kept_for_its_destination_at_its_url_only() {
        assert_eq!(
            key("abc", "HTTPS://Dest.example.org/dhis/"),
            key("abc", "https://dest.example.org/dhis")
        );
        assert_ne!(
            key("abc", "https://dest.example.org/dhis"),
            key("abc", "https://evil.example.org/dhis")
        );
        assert_ne!(
            key("abc", "https://dest.example.org/dhis"),
            key("abd", "https://dest.example.org/dhis")
        );
    }
}
