//! Saved rules as the rules page and the wizard use them: the tab's editing state (which version
//! of a rule the user opened, so that saving notices a colleague's save), duplicate, export and
//! import, the page's summaries, and what the operations need from the browser. Where rules
//! live and how they are read, saved and recorded is `sync_engine::store::rules`; no views here.

pub mod browser;
pub mod editing;
pub mod summary;
pub mod transfer;

pub use sync_engine::store::StoreError;
pub use sync_engine::store::rules::{RuleEntry, StoredRule};
