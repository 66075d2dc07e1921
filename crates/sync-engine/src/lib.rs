//! sync-engine: the one implementation of an Aggregate Sync run.
pub mod cancel;
pub mod host;
pub mod limits;
pub mod observer;
pub mod store;
