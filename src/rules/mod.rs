//! Saved rules: where they live (one dataStore key per rule, `rule-<id>`, in the app's own
//! namespace) and the operations the rules page and the wizard share —
//! load (keeping broken entries), save with concurrency detection, delete, duplicate, export
//! and import, and recording a finished run on its rule. No views here: pages call these and show the outcome.

pub mod browser;
pub mod editing;
pub mod record;
pub mod store;
pub mod summary;
pub mod transfer;

pub use store::{RuleEntry, StoreError};

/// The app's dataStore namespace (reserved by `manifest.webapp`, protected by DHIS2).
pub const NAMESPACE: &str = "aggregate-sync";

/// Key prefix of rules in [`NAMESPACE`].
pub const RULE_KEY_PREFIX: &str = "rule-";

/// Key prefix of destination instances in [`NAMESPACE`].
pub const DESTINATION_KEY_PREFIX: &str = "destination-";

/// The dataStore key of the rule `id`.
pub fn rule_key(id: &str) -> String {
    format!("{RULE_KEY_PREFIX}{id}")
}
