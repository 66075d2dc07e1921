//! Run locks in the dataStore (`lock-<name>`): one run of a rule at a time, whoever starts it (a
//! browser tab, another user, an unattended runner). A second run finds the lock held and is
//! refused (SKIPPED) with who holds it.
//!
//! A lock is an entry created with POST, which fails (409) when the key exists: DHIS2 does the
//! one atomic step. The entry says who holds it ([`LockHolder`]: user, report, where it runs),
//! when its holder last showed life (the heartbeat) and when it expires without one. Times are
//! the source server's ([`ServerTime`]); the caller passes "now" from its server clock, so every
//! runner judges expiry on the same clock whatever its own.
//!
//! A stale lock (expired: its holder stopped without releasing it — a closed tab, a killed
//! runner) is taken over by deleting it, creating it again and reading it back to confirm the
//! holder. The dataStore has no conditional delete, so one race remains: two runs that both
//! find the same stale lock can both delete and create it, and when the second deletes the
//! first's fresh entry after the first confirmed it, both believe they hold it. It is harmless:
//! it needs a lock that went stale and two takers within one round trip; the first learns it
//! lost the lock at its next heartbeat ([`Heartbeat::Lost`]) and stops; meanwhile both send the
//! same values (imports are idempotent per value key, so the destination ends the same), each
//! keeps its own report, and the rule's record is written with the concurrent-edit check. The
//! lock exists to avoid duplicate work and confusing reports, not to keep data correct.
//!
//! The app's namespace can be read and written by every user of the app, so any of them can
//! see and break a lock: that is fine, they can run the rules anyway. A refused POST is a 409,
//! which browsers log in the console: only when a lock really is held; likewise a heartbeat or a
//! release reads a missing key (a 404) only when someone deleted the lock.

use dhis2_api::transport::Transport;
use dhis2_api::{ApiError, Dhis2Client};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sync_core::model::{Migration, ModelError, Persisted, Rule, RunOrigin, ServerTime, load_value};

use super::{NAMESPACE, StoreError, create_entry, delete_key, lock_key, stored_value};

/// Schema version of [`LockEntry`] written by this build.
pub const LOCK_SCHEMA_VERSION: u32 = 1;

/// How often [`acquire`] tries again when the lock changes under it (released or taken over
/// while it looks).
pub const ACQUIRE_ATTEMPTS: usize = 3;

/// Who holds a lock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LockHolder {
    /// User name of who runs.
    pub user: String,
    /// The report of the run holding the lock (unique per run).
    pub report_id: String,
    /// Where the run happens, in words (`browser tab at https://…`, `aggsync on host-1`).
    pub origin: String,
}

/// A lock as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LockEntry {
    /// Schema version ([`LOCK_SCHEMA_VERSION`] after loading).
    pub schema_version: u32,
    /// Who holds it.
    pub holder: LockHolder,
    /// When it was taken (source server time).
    pub acquired_at: ServerTime,
    /// The holder's last heartbeat.
    pub heartbeat_at: ServerTime,
    /// After this the lock is stale and may be taken over.
    pub expires_at: ServerTime,
}

impl Persisted for LockEntry {
    const KIND: &'static str = "lock";
    const CURRENT_VERSION: u32 = LOCK_SCHEMA_VERSION;

    fn migrations() -> &'static [Migration] {
        &[]
    }
}

impl LockEntry {
    /// A lock of `holder` taken at `now`, expiring `stale_after_ms` after it.
    fn new(holder: LockHolder, now: ServerTime, stale_after_ms: u64) -> LockEntry {
        LockEntry {
            schema_version: LOCK_SCHEMA_VERSION,
            holder,
            acquired_at: now,
            heartbeat_at: now,
            expires_at: expiry(now, stale_after_ms),
        }
    }

    /// True once the lock has expired at `now`.
    pub fn is_stale(&self, now: ServerTime) -> bool {
        now > self.expires_at
    }
}

fn expiry(now: ServerTime, stale_after_ms: u64) -> ServerTime {
    now.plus_millis(i64::try_from(stale_after_ms).unwrap_or(i64::MAX / 2))
}

/// A lock this run holds: keep it for [`heartbeat`] and [`release`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockGuard {
    key: String,
    entry: LockEntry,
    stale_after_ms: u64,
}

impl LockGuard {
    /// The lock's dataStore key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The entry as this run last wrote or confirmed it.
    pub fn entry(&self) -> &LockEntry {
        &self.entry
    }

    /// How long the lock lives without a heartbeat.
    pub fn stale_after_ms(&self) -> u64 {
        self.stale_after_ms
    }
}

/// The answer of [`acquire`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Acquired {
    /// This run holds the lock.
    Held(LockGuard),
    /// Another run holds it (and its heartbeat is recent): this run is SKIPPED.
    HeldBy(LockEntry),
}

/// The answer of [`heartbeat`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Heartbeat {
    /// Still held; the entry now says this.
    Renewed(LockEntry),
    /// Not held any more: another run took it over (its entry), or it was deleted (`None`).
    /// Stop the run.
    Lost(Option<LockEntry>),
}

/// The lock shared by every run of the saved rule `rule_id`.
pub fn lock_key_for_saved_rule(rule_id: &str) -> String {
    lock_key(&format!("rule-{rule_id}"))
}

/// The lock of a manual run: derived from what the run sends (the rule's parameters without
/// its id, name, code, description, schedule and run record; lists compared as sets), so two
/// manual runs of the same thing exclude each other wherever they start. Stable across builds
/// and machines (canonical JSON, FNV-1a).
pub fn lock_key_for_rule(rule: &Rule) -> String {
    let mut value = serde_json::to_value(rule).unwrap_or(Value::Null);
    if let Value::Object(object) = &mut value {
        for key in [
            "schemaVersion",
            "id",
            "name",
            "code",
            "description",
            "schedule",
            "lastRun",
            "lastSuccessfulRun",
            "pending",
        ] {
            object.remove(key);
        }
    }
    let mut text = String::new();
    canonical_json(&value, &mut text);
    lock_key(&format!("run-{:016x}", fnv1a(text.as_bytes())))
}

/// The lock of a run: its saved rule's ([`lock_key_for_saved_rule`]), or for a manual run the
/// one derived from its parameters ([`lock_key_for_rule`]).
pub fn lock_key_for_run(origin: &RunOrigin, rule: &Rule) -> String {
    match origin {
        RunOrigin::Rule { rule_id, .. } => lock_key_for_saved_rule(rule_id),
        RunOrigin::Manual => lock_key_for_rule(rule),
    }
}

/// JSON with object keys sorted and arrays sorted and without duplicates (every list of a rule
/// is a set).
fn canonical_json(value: &Value, out: &mut String) {
    match value {
        Value::Object(object) => {
            let mut keys: Vec<&String> = object.keys().collect();
            keys.sort();
            out.push('{');
            for (index, key) in keys.into_iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                canonical_json(&object[key.as_str()], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            let mut parts: Vec<String> = items
                .iter()
                .map(|item| {
                    let mut part = String::new();
                    canonical_json(item, &mut part);
                    part
                })
                .collect();
            parts.sort();
            parts.dedup();
            out.push('[');
            out.push_str(&parts.join(","));
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A stored lock as far as it can be read: `None` when it is not a lock (garbage is taken
/// over). A lock written by a newer build is read for the fields this one knows, so an older
/// build does not break a newer one's lock.
fn parse_entry(value: Value) -> Option<LockEntry> {
    match load_value::<LockEntry>(value.clone()) {
        Ok(loaded) => Some(loaded.value),
        Err(ModelError::TooNew { .. }) => serde_json::from_value(value).ok(),
        Err(_) => None,
    }
}

/// What is stored under `key` now.
enum Current {
    Missing,
    Unreadable,
    Entry(LockEntry),
}

async fn read_current<T: Transport>(
    client: &Dhis2Client<T>,
    key: &str,
) -> Result<Current, StoreError> {
    match client.data_store_get(NAMESPACE, key).await {
        Ok(value) => Ok(parse_entry(value).map_or(Current::Unreadable, Current::Entry)),
        Err(ApiError::NotFound { .. }) => Ok(Current::Missing),
        Err(error) => Err(error.into()),
    }
}

/// Takes the lock `key` for `holder` at `now` (the source server's time), to expire
/// `stale_after_ms` after each heartbeat. A lock held by another run whose heartbeat is recent
/// is [`Acquired::HeldBy`]; a stale one is taken over (see the module's notes on the remaining
/// race). A lock already held by the same holder (a retried request whose first answer was
/// lost) is this run's.
pub async fn acquire<T: Transport>(
    client: &Dhis2Client<T>,
    key: &str,
    holder: LockHolder,
    now: ServerTime,
    stale_after_ms: u64,
) -> Result<Acquired, StoreError> {
    let mine = LockEntry::new(holder, now, stale_after_ms);
    let value = stored_value(&mine)?;
    let guard = |entry: LockEntry| {
        Acquired::Held(LockGuard {
            key: key.to_string(),
            entry,
            stale_after_ms,
        })
    };
    let mut last_seen = None;
    for _ in 0..ACQUIRE_ATTEMPTS {
        match create_entry(client, key, &value).await {
            Ok(()) => return Ok(guard(mine)),
            Err(StoreError::Exists(_)) => {}
            Err(error) => return Err(error),
        }
        match read_current(client, key).await? {
            // Released meanwhile: try again.
            Current::Missing => continue,
            Current::Entry(current) if current.holder == mine.holder => {
                return Ok(guard(current));
            }
            Current::Entry(current) if !current.is_stale(now) => {
                return Ok(Acquired::HeldBy(current));
            }
            Current::Entry(current) => last_seen = Some(current),
            Current::Unreadable => {}
        }
        // Stale or not a lock: take it over, then confirm.
        delete_key(client, key).await?;
        match create_entry(client, key, &value).await {
            Ok(()) => {}
            // Another run took it over first: look at theirs.
            Err(StoreError::Exists(_)) => continue,
            Err(error) => return Err(error),
        }
        match read_current(client, key).await? {
            Current::Entry(current) if current.holder == mine.holder => {
                return Ok(guard(current));
            }
            Current::Entry(current) => return Ok(Acquired::HeldBy(current)),
            Current::Missing | Current::Unreadable => continue,
        }
    }
    match last_seen {
        Some(entry) => Ok(Acquired::HeldBy(entry)),
        None => Err(StoreError::Exists(key.to_string())),
    }
}

/// Shows that the run holding `guard` is alive at `now`: reads the lock, checks that this run
/// still holds it, and writes the new heartbeat and expiry. [`Heartbeat::Lost`] when another
/// run took it over (or it was deleted): stop the run.
pub async fn heartbeat<T: Transport>(
    client: &Dhis2Client<T>,
    guard: &LockGuard,
    now: ServerTime,
) -> Result<Heartbeat, StoreError> {
    let current = match read_current(client, &guard.key).await? {
        Current::Entry(current) if current.holder == guard.entry.holder => current,
        Current::Entry(other) => return Ok(Heartbeat::Lost(Some(other))),
        Current::Missing | Current::Unreadable => return Ok(Heartbeat::Lost(None)),
    };
    let renewed = LockEntry {
        heartbeat_at: now,
        expires_at: expiry(now, guard.stale_after_ms),
        ..current
    };
    match client
        .data_store_update(NAMESPACE, &guard.key, &stored_value(&renewed)?)
        .await
    {
        Ok(()) => Ok(Heartbeat::Renewed(renewed)),
        Err(ApiError::NotFound { .. }) => Ok(Heartbeat::Lost(None)),
        Err(error) => Err(error.into()),
    }
}

/// Releases the lock at the end of the run: deleted if this run still holds it; left alone if
/// another run took it over; nothing to do if it is gone.
pub async fn release<T: Transport>(
    client: &Dhis2Client<T>,
    guard: LockGuard,
) -> Result<(), StoreError> {
    match read_current(client, &guard.key).await? {
        Current::Entry(current) if current.holder == guard.entry.holder => {
            delete_key(client, &guard.key).await
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sync_core::model::load;

    fn rule(id: &str, name: &str, org_units: &[&str]) -> Rule {
        let text = serde_json::json!({
            "schemaVersion": 1, "id": id, "name": name,
            "selection": {"dataSets": [{"id": "BfMAe6Itzgt"}]},
            "orgUnits": org_units,
            "period": {"type": "RELATIVE", "relativePeriod": "LAST_MONTH"},
            "categoryOptions": {"type": "ALL"},
            "aggregation": {"type": "OFF"},
            "destinationId": "dEstInAtion",
            "importStrategy": "CREATE_AND_UPDATE"
        })
        .to_string();
        load::<Rule>(&text).expect("a rule").value
    }

    #[test]
    fn manual_runs_of_the_same_parameters_share_a_lock_whatever_their_names() {
        let first = rule("aaaaaaaaaa1", "", &["ImspTQPwCqd", "O6uvpzGd5pu"]);
        let same = rule("bbbbbbbbbb2", "Other name", &["O6uvpzGd5pu", "ImspTQPwCqd"]);
        let other = rule("aaaaaaaaaa1", "", &["ImspTQPwCqd"]);
        let key = lock_key_for_rule(&first);
        assert!(key.starts_with("lock-run-"), "{key}");
        assert_eq!(key.len(), "lock-run-".len() + 16);
        assert_eq!(key, lock_key_for_rule(&same));
        assert_ne!(key, lock_key_for_rule(&other));
        let mut dry = first.clone();
        dry.dry_run = true;
        assert_ne!(key, lock_key_for_rule(&dry));
    }

    #[test]
    fn a_saved_rule_s_runs_share_its_lock() {
        let saved = rule("aaaaaaaaaa1", "Monthly", &["ImspTQPwCqd"]);
        let origin = RunOrigin::Rule {
            rule_id: "aaaaaaaaaa1".into(),
            rule_name: "Monthly".into(),
            started_by: sync_core::model::RunTrigger::App,
        };
        assert_eq!(lock_key_for_run(&origin, &saved), "lock-rule-aaaaaaaaaa1");
        assert_eq!(
            lock_key_for_run(&RunOrigin::Manual, &saved),
            lock_key_for_rule(&saved)
        );
    }

    #[test]
    fn the_parameter_hash_is_stable() {
        // FNV-1a of the empty input and of "a" (published test vectors): the key must not
        // change between builds, or runs of old and new builds would not exclude each other.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        let mut text = String::new();
        canonical_json(
            &serde_json::json!({"b": [2, 1, 2], "a": {"d": null, "c": "x"}}),
            &mut text,
        );
        assert_eq!(text, r#"{"a":{"c":"x","d":null},"b":[1,2]}"#);
    }

    #[test]
    fn a_lock_is_stale_only_after_its_expiry() {
        let now: ServerTime = "2026-12-07T10:00:00.000".parse().expect("time");
        let entry = LockEntry::new(
            LockHolder {
                user: "admin".into(),
                report_id: "rEport00001".into(),
                origin: "test".into(),
            },
            now,
            120_000,
        );
        assert_eq!(entry.expires_at.to_string(), "2026-12-07T10:02:00.000");
        assert!(!entry.is_stale(now.plus_millis(120_000)));
        assert!(entry.is_stale(now.plus_millis(120_001)));
    }

    #[test]
    fn a_newer_lock_is_read_for_what_this_build_knows_and_garbage_is_not_a_lock() {
        let value = serde_json::json!({
            "schemaVersion": 7,
            "holder": {"user": "jane", "reportId": "rEport00002", "origin": "runner"},
            "acquiredAt": "2026-12-07T10:00:00.000",
            "heartbeatAt": "2026-12-07T10:00:00.000",
            "expiresAt": "2026-12-07T10:02:00.000",
            "somethingNew": true
        });
        assert_eq!(parse_entry(value).expect("a lock").holder.user, "jane");
        assert_eq!(parse_entry(serde_json::json!({"x": 1})), None);
        assert_eq!(parse_entry(serde_json::json!("text")), None);
    }
}
