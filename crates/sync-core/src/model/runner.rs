//! The unattended runner's heartbeat: what `aggsync run --due` leaves in the dataStore at each
//! check (one entry per host), so the rules page can say whether schedules are being run at all,
//! rather than promise a schedule nobody runs.
//!
//! No clock is read here: the runner stamps the source server's time, and the page compares it
//! with the server's time it knows.

use serde::{Deserialize, Serialize};

use super::persist::{Migration, Persisted};
use super::time::ServerTime;

/// Schema version of [`RunnerHeartbeat`] written by this build.
pub const RUNNER_SCHEMA_VERSION: u32 = 1;

/// A runner whose last check is at most this old counts as seen recently (the recipes check
/// every five minutes; an hour allows for a slow run or a missed start).
pub const RUNNER_SEEN_RECENTLY_MS: i64 = 60 * 60 * 1000;

/// The last check of one runner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunnerHeartbeat {
    /// Schema version ([`RUNNER_SCHEMA_VERSION`] after loading).
    pub schema_version: u32,
    /// The host the runner ran on (its entry's key is made from it).
    pub host: String,
    /// The runner's version (`aggsync --version`).
    pub version: String,
    /// When it last checked for due rules (the source server's time).
    pub last_check: ServerTime,
    /// The instance's time zone the schedules were evaluated in (`serverTimeZoneId`), when said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// Ids of the rules it started at that check.
    #[serde(default)]
    pub rules_started: Vec<String>,
    /// The user the runner acts as.
    #[serde(default)]
    pub user: String,
}

impl Persisted for RunnerHeartbeat {
    const KIND: &'static str = "runner";
    const CURRENT_VERSION: u32 = RUNNER_SCHEMA_VERSION;

    fn migrations() -> &'static [Migration] {
        &[]
    }
}

impl RunnerHeartbeat {
    /// Whether this runner checked within [`RUNNER_SEEN_RECENTLY_MS`] before `now`.
    pub fn seen_recently(&self, now: ServerTime) -> bool {
        self.last_check.millis_until(now) <= RUNNER_SEEN_RECENTLY_MS
    }
}

/// The runner seen last among `heartbeats`.
pub fn latest_runner(heartbeats: &[RunnerHeartbeat]) -> Option<&RunnerHeartbeat> {
    heartbeats
        .iter()
        .max_by_key(|heartbeat| heartbeat.last_check)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn heartbeat(host: &str, last_check: &str) -> RunnerHeartbeat {
        RunnerHeartbeat {
            schema_version: RUNNER_SCHEMA_VERSION,
            host: host.into(),
            version: "0.1.0".into(),
            last_check: last_check.parse().expect("time"),
            time_zone: Some("Etc/UTC".into()),
            rules_started: Vec::new(),
            user: "admin".into(),
        }
    }

    #[test]
    fn a_runner_is_seen_recently_for_an_hour_after_its_check() {
        let runner = heartbeat("a", "2026-03-05T10:00:00.000");
        assert!(runner.seen_recently("2026-03-05T11:00:00.000".parse().expect("time")));
        assert!(!runner.seen_recently("2026-03-05T11:00:00.001".parse().expect("time")));
    }

    #[test]
    fn the_latest_runner_is_the_one_that_checked_last() {
        let runners = [
            heartbeat("a", "2026-03-05T10:00:00.000"),
            heartbeat("b", "2026-03-05T10:05:00.000"),
        ];
        assert_eq!(latest_runner(&runners).map(|r| r.host.as_str()), Some("b"));
        assert_eq!(latest_runner(&[]), None);
    }
}
