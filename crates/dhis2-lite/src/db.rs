//! SQLite storage: opening the database under the data directory and its schema.
//!
//! The database uses the rollback journal (no WAL), so a closed server leaves a single consistent
//! file that can be copied as a template. This module holds no HTTP logic.

use std::path::Path;

use rusqlite::Connection;

/// File name of the database inside the data directory.
pub const DATABASE_FILE: &str = "dhis2-lite.sqlite";

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS metadata_object (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    uid TEXT NOT NULL UNIQUE,
    json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS period (
    id INTEGER PRIMARY KEY,
    iso TEXT NOT NULL UNIQUE,
    period_type TEXT NOT NULL,
    start_date TEXT NOT NULL,
    end_date TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS datavalue (
    data_element INTEGER NOT NULL,
    period INTEGER NOT NULL,
    org_unit INTEGER NOT NULL,
    category_option_combo INTEGER NOT NULL,
    attribute_option_combo INTEGER NOT NULL,
    value TEXT,
    stored_by TEXT,
    created INTEGER NOT NULL,
    last_updated INTEGER NOT NULL,
    comment TEXT,
    followup INTEGER NOT NULL DEFAULT 0,
    deleted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (data_element, period, org_unit, category_option_combo, attribute_option_combo)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS complete_registration (
    data_set TEXT NOT NULL,
    period TEXT NOT NULL,
    org_unit TEXT NOT NULL,
    attribute_option_combo TEXT NOT NULL,
    date TEXT NOT NULL,
    stored_by TEXT,
    PRIMARY KEY (data_set, period, org_unit, attribute_option_combo)
);
CREATE TABLE IF NOT EXISTS app_user (
    uid TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    password_salt TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS user_setting (
    username TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (username, key)
);
CREATE TABLE IF NOT EXISTS system_setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS configuration (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS installed_app (
    key TEXT PRIMARY KEY,
    folder TEXT NOT NULL,
    manifest TEXT NOT NULL,
    installed INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS datastore_entry (
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    uid TEXT NOT NULL,
    created INTEGER NOT NULL,
    last_updated INTEGER NOT NULL,
    created_by TEXT,
    PRIMARY KEY (namespace, key)
);
CREATE TABLE IF NOT EXISTS datastore_sharing (uid TEXT PRIMARY KEY, sharing TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS user_datastore_entry (
    namespace TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    uid TEXT NOT NULL,
    created INTEGER NOT NULL,
    last_updated INTEGER NOT NULL,
    created_by TEXT,
    PRIMARY KEY (namespace, key)
);
CREATE TABLE IF NOT EXISTS api_token (
    uid TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    owner TEXT NOT NULL,
    created INTEGER NOT NULL,
    expires INTEGER,
    json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS data_approval (
    workflow TEXT NOT NULL,
    period TEXT NOT NULL,
    org_unit TEXT NOT NULL,
    attribute_option_combo TEXT NOT NULL,
    created TEXT NOT NULL,
    creator TEXT NOT NULL,
    PRIMARY KEY (workflow, period, org_unit, attribute_option_combo)
);
CREATE TABLE IF NOT EXISTS lock_exception (
    data_set TEXT NOT NULL,
    period TEXT NOT NULL,
    org_unit TEXT NOT NULL,
    created TEXT NOT NULL,
    PRIMARY KEY (data_set, period, org_unit)
);
CREATE TABLE IF NOT EXISTS message_conversation (
    uid TEXT PRIMARY KEY,
    created INTEGER NOT NULL,
    json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS route (
    uid TEXT PRIMARY KEY,
    code TEXT,
    json TEXT NOT NULL,
    secret BLOB
);
";

/// Opens (creating if needed) the database in `data_dir` and makes sure the schema exists.
pub fn open(data_dir: &Path) -> rusqlite::Result<Connection> {
    let connection = Connection::open(data_dir.join(DATABASE_FILE))?;
    connection.execute_batch(
        "PRAGMA journal_mode = DELETE; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY; \
         PRAGMA cache_size = -65536;",
    )?;
    connection.execute_batch(SCHEMA)?;
    Ok(connection)
}

/// Key of the database's `systemId` (reference §2.3) in the `meta` table: made when the database
/// is seeded, so two databases are two systems (a copy of a database is the same system, as a
/// restored DHIS2 backup is).
pub const SYSTEM_ID_KEY: &str = "systemId";

/// The database's `systemId`, made now for a database seeded before it had one.
pub fn system_id(connection: &Connection) -> rusqlite::Result<String> {
    if let Some(system_id) = meta_value(connection, SYSTEM_ID_KEY)? {
        return Ok(system_id);
    }
    let system_id = crate::uid::random_system_id();
    set_meta_value(connection, SYSTEM_ID_KEY, &system_id)?;
    Ok(system_id)
}

/// Reads a value of the `meta` table.
pub fn meta_value(connection: &Connection, key: &str) -> rusqlite::Result<Option<String>> {
    use rusqlite::OptionalExtension;
    connection
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
            row.get(0)
        })
        .optional()
}

/// Writes a value of the `meta` table.
pub fn set_meta_value(connection: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    connection.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

/// The storage id of `period`, inserting it when new.
pub fn ensure_period(
    connection: &Connection,
    period: &crate::periods::Period,
) -> rusqlite::Result<i64> {
    use rusqlite::OptionalExtension;
    let mut select = connection.prepare_cached("SELECT id FROM period WHERE iso = ?1")?;
    if let Some(id) = select
        .query_row([&period.iso], |row| row.get::<_, i64>(0))
        .optional()?
    {
        return Ok(id);
    }
    let mut insert = connection.prepare_cached(
        "INSERT INTO period (iso, period_type, start_date, end_date) VALUES (?1, ?2, ?3, ?4)",
    )?;
    insert.execute(rusqlite::params![
        period.iso,
        period.period_type.name(),
        period.start.format("%Y-%m-%d").to_string(),
        period.end.format("%Y-%m-%d").to_string()
    ])?;
    Ok(connection.last_insert_rowid())
}
