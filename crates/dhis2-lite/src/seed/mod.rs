//! Seeding a new database: the demo country's metadata (or its `remapped` twin), users and
//! (optionally) data values.
//!
//! Everything seeded is a pure function of fixed inputs (names, indexes, fixed dates), except the
//! last period with data, which follows the seeding date. This module only writes to SQLite.

mod metadata;
mod remapped;
mod values;

pub use metadata::{DemoMetadata, build_demo_metadata};
pub use remapped::{
    COLD_CHAIN_PERCENT_CODE, COLD_CHAIN_PERCENT_NAME, NAME_ONLY_ELEMENTS, NAME_ONLY_UNIT,
    UNMATCHED_ELEMENT, UNMATCHED_UNIT, remap_demo_metadata,
};
pub use values::{SeedValueCount, generate_values, insert_values_for_large_seed, seed_demo_values};

use rusqlite::Connection;
use serde_json::{Map, Value};

use crate::metadata::Kind;

/// The first day with seeded data values.
pub const FIRST_DATA_DATE: (i32, u32, u32) = (2024, 1, 1);

/// Errors while seeding.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// Storage failed.
    #[error("storage error: {0}")]
    Storage(#[from] rusqlite::Error),
    /// Loading the seeded metadata failed.
    #[error(transparent)]
    Metadata(#[from] crate::metadata::MetadataError),
}

/// Writes metadata objects in one transaction.
pub fn insert_metadata(
    connection: &mut Connection,
    objects: &[(Kind, Map<String, Value>)],
) -> Result<(), SeedError> {
    let transaction = connection.transaction()?;
    {
        let mut statement = transaction
            .prepare("INSERT INTO metadata_object (kind, uid, json) VALUES (?1, ?2, ?3)")?;
        for (kind, json) in objects {
            let uid = json.get("id").and_then(Value::as_str).unwrap_or_default();
            statement.execute(rusqlite::params![
                kind.stored_name(),
                uid,
                Value::Object(json.clone()).to_string()
            ])?;
        }
    }
    transaction.commit()?;
    Ok(())
}
