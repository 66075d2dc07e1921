//! Storage shared by `/api/dataStore` and `/api/userDataStore`: one SQLite table of
//! `(namespace, key) → JSON value` per store, and the sharing set on dataStore entries (by the
//! entry's uid, in a table of its own so that databases made before it keep working; an entry
//! without a row has DHIS2's default, public read and write). Wording and access rules are the
//! handlers' (`api::data_store`, `api::object_sharing`).

use rusqlite::{Connection, OptionalExtension};
use serde_json::Value;

use crate::uid::random_uid;

/// One stored entry.
pub struct Entry {
    /// Key.
    pub key: String,
    /// JSON value.
    pub value: Value,
    /// UID of the entry.
    pub uid: String,
    /// Creation time, epoch milliseconds.
    pub created: i64,
    /// Last update, epoch milliseconds.
    pub last_updated: i64,
    /// Username of the creator.
    pub created_by: Option<String>,
}

/// The table of a key-value store.
#[derive(Debug, Clone, Copy)]
pub struct Table(&'static str);

/// `/api/dataStore`.
pub const DATA_STORE: Table = Table("datastore_entry");
/// `/api/userDataStore` (namespaces prefixed with the owner).
pub const USER_DATA_STORE: Table = Table("user_datastore_entry");

fn entry(row: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        key: row.get(0)?,
        value: serde_json::from_str(&row.get::<_, String>(1)?).unwrap_or(Value::Null),
        uid: row.get(2)?,
        created: row.get(3)?,
        last_updated: row.get(4)?,
        created_by: row.get(5)?,
    })
}

/// The sharing stored for the dataStore entry `uid` (the object form), if any was set.
pub fn entry_sharing(connection: &Connection, uid: &str) -> rusqlite::Result<Option<Value>> {
    let text: Option<String> = connection
        .query_row(
            "SELECT sharing FROM datastore_sharing WHERE uid = ?1",
            [uid],
            |row| row.get(0),
        )
        .optional()?;
    Ok(text.and_then(|text| serde_json::from_str(&text).ok()))
}

/// Sets the sharing of the dataStore entry `uid`.
pub fn set_entry_sharing(
    connection: &Connection,
    uid: &str,
    sharing: &Value,
) -> rusqlite::Result<()> {
    connection.execute(
        "INSERT INTO datastore_sharing (uid, sharing) VALUES (?1, ?2) \
         ON CONFLICT(uid) DO UPDATE SET sharing = excluded.sharing",
        rusqlite::params![uid, sharing.to_string()],
    )?;
    Ok(())
}

impl Table {
    /// The entry whose uid is `uid`, with its namespace (as stored).
    pub fn find_by_uid(
        self,
        connection: &Connection,
        uid: &str,
    ) -> rusqlite::Result<Option<(String, Entry)>> {
        connection
            .query_row(
                &format!(
                    "SELECT key, value, uid, created, last_updated, created_by, namespace FROM {} WHERE uid = ?1",
                    self.0
                ),
                [uid],
                |row| Ok((row.get::<_, String>(6)?, entry(row)?)),
            )
            .optional()
    }

    /// Every entry of `namespace`, by key.
    pub fn entries(self, connection: &Connection, namespace: &str) -> rusqlite::Result<Vec<Entry>> {
        let mut statement = connection.prepare(&format!(
            "SELECT key, value, uid, created, last_updated, created_by FROM {} WHERE namespace = ?1 ORDER BY key",
            self.0
        ))?;
        let rows = statement.query_map([namespace], entry)?;
        rows.collect()
    }

    /// The entry `namespace`/`key`.
    pub fn find(
        self,
        connection: &Connection,
        namespace: &str,
        key: &str,
    ) -> rusqlite::Result<Option<Entry>> {
        connection
            .query_row(
                &format!(
                    "SELECT key, value, uid, created, last_updated, created_by FROM {} WHERE namespace = ?1 AND key = ?2",
                    self.0
                ),
                [namespace, key],
                entry,
            )
            .optional()
    }

    /// Namespaces starting with `prefix`, without it, sorted.
    pub fn namespaces(
        self,
        connection: &Connection,
        prefix: &str,
    ) -> rusqlite::Result<Vec<String>> {
        let mut statement = connection.prepare(&format!(
            "SELECT DISTINCT namespace FROM {} WHERE substr(namespace, 1, ?2) = ?1 ORDER BY namespace",
            self.0
        ))?;
        let rows = statement.query_map(rusqlite::params![prefix, prefix.len() as i64], |row| {
            row.get::<_, String>(0)
        })?;
        rows.map(|name| name.map(|name| name[prefix.len()..].to_string()))
            .collect()
    }

    /// Creates the entry, or replaces its value (keeping uid, creation time and creator), stamped
    /// `now` (milliseconds, the server's clock).
    pub fn write(
        self,
        connection: &Connection,
        namespace: &str,
        key: &str,
        value: &Value,
        created_by: &str,
        now: i64,
    ) -> rusqlite::Result<()> {
        connection.execute(
            &format!(
                "INSERT INTO {} (namespace, key, value, uid, created, last_updated, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6) \
                 ON CONFLICT(namespace, key) DO UPDATE SET value = excluded.value, last_updated = excluded.last_updated",
                self.0
            ),
            rusqlite::params![namespace, key, value.to_string(), random_uid(), now, created_by],
        )?;
        Ok(())
    }

    /// Deletes one entry; the number of rows deleted.
    pub fn delete_key(
        self,
        connection: &Connection,
        namespace: &str,
        key: &str,
    ) -> rusqlite::Result<usize> {
        connection.execute(
            &format!("DELETE FROM {} WHERE namespace = ?1 AND key = ?2", self.0),
            [namespace, key],
        )
    }

    /// Deletes a namespace; the number of rows deleted.
    pub fn delete_namespace(
        self,
        connection: &Connection,
        namespace: &str,
    ) -> rusqlite::Result<usize> {
        connection.execute(
            &format!("DELETE FROM {} WHERE namespace = ?1", self.0),
            [namespace],
        )
    }
}
