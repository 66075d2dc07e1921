//! dataStore entries as the app keeps rules, destinations and reports in them.

/// One entry: a key and its JSON value (or, for a query with a field list, an object of the
/// fields asked for).
#[derive(Clone, Debug, PartialEq)]
pub struct DataStoreEntry {
    /// Key.
    pub key: String,
    /// Value.
    pub value: serde_json::Value,
}

/// What the server knows about an entry besides its value (`/metaData`), for concurrency
/// checks: two people editing the same rule compare `last_updated`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DataStoreEntryMeta {
    /// Namespace.
    pub namespace: String,
    /// Key.
    pub key: String,
    /// UID of the entry object (for sharing), when given.
    pub id: Option<String>,
    /// Creation time (server local, no zone).
    pub created: Option<String>,
    /// Last update time (server local, no zone).
    pub last_updated: Option<String>,
    /// Who created it (user name, else name, else id), when given.
    pub created_by: Option<String>,
    /// Who changed it last, when given (2.36 only says who created it).
    pub last_updated_by: Option<String>,
    /// Its public access string (`rw------` by default, `--------` when shared with named users
    /// only), when given.
    pub public_access: Option<String>,
}

/// A value with the metadata read just before it.
#[derive(Clone, Debug, PartialEq)]
pub struct VersionedValue {
    /// The value.
    pub value: serde_json::Value,
    /// Its metadata; pass `meta.last_updated` to `data_store_update_checked` when saving.
    pub meta: DataStoreEntryMeta,
}
