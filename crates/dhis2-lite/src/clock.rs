//! The server's clock: what "now" is for seeds, `serverDate`, `lastUpdated` of writes, dataStore
//! timestamps, task times, token expiry and every date rule of the import (expiry days, future
//! periods, completion dates).
//!
//! By default it is the real clock. Tests and demos pin it: `--clock 2027-03-31T10:00:00` starts
//! it at that instant, from where it advances with real time, so a test suite sees the same
//! calendar whatever day it runs on. With `--allow-clock-api` a test can move it forward
//! (`POST /api/testing/clock`, see `api::testing_clock`); it never moves back, so timestamps
//! stay ordered. Session idle timeouts keep using the monotonic real clock: a session's life is
//! about wall time, not the calendar.

use std::sync::Mutex;
use std::time::Instant;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// Error parsing a `--clock` instant.
#[derive(Debug, thiserror::Error)]
#[error(
    "unreadable clock `{0}`: expected yyyy-MM-ddTHH:mm:ss (UTC), optionally with .SSS or Z, or yyyy-MM-dd"
)]
pub struct UnreadableInstant(String);

/// Parses `2027-03-31T10:00:00`, `2027-03-31T10:00:00.000Z` or `2027-03-31` (midnight), as UTC.
pub fn parse_instant(text: &str) -> Result<DateTime<Utc>, UnreadableInstant> {
    let trimmed = text.trim().trim_end_matches('Z');
    NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%dT%H:%M"))
        .or_else(|_| {
            NaiveDate::parse_from_str(trimmed, "%Y-%m-%d")
                .map(|date| date.and_time(chrono::NaiveTime::MIN))
        })
        .map(|naive| naive.and_utc())
        .map_err(|_| UnreadableInstant(text.to_string()))
}

/// The environment variable that sets the instant every test server's clock starts at.
pub const TEST_CLOCK_VARIABLE: &str = "AGGSYNC_TEST_CLOCK";

/// The instant test servers start at when [`TEST_CLOCK_VARIABLE`] is not set: a fixed day, so
/// the suites see the same calendar (seeded periods, relative periods, "today") on any date.
pub const DEFAULT_TEST_CLOCK: &str = "2026-12-07T10:00:00";

/// Where test servers' clocks start: [`TEST_CLOCK_VARIABLE`] or [`DEFAULT_TEST_CLOCK`]. The
/// suites are run at other instants by setting the variable (e.g. `AGGSYNC_TEST_CLOCK=2028-02-29`).
pub fn test_clock_start() -> Result<DateTime<Utc>, UnreadableInstant> {
    match std::env::var(TEST_CLOCK_VARIABLE) {
        Ok(text) if !text.trim().is_empty() => parse_instant(&text),
        _ => parse_instant(DEFAULT_TEST_CLOCK),
    }
}

/// A clock that starts at a given instant (or the real time) and advances with real time.
#[derive(Debug)]
pub struct Clock {
    /// The instant the clock showed when it was made.
    start: DateTime<Utc>,
    /// Real time elapsed since then is added to `start`.
    started: Instant,
    /// Milliseconds the clock was moved forward by the testing API.
    advanced_ms: Mutex<i64>,
    /// Whether `start` was given rather than read from the system.
    pinned: bool,
}

impl Clock {
    /// The real clock.
    pub fn system() -> Clock {
        Clock {
            start: Utc::now(),
            started: Instant::now(),
            advanced_ms: Mutex::new(0),
            pinned: false,
        }
    }

    /// A clock showing `start` now.
    pub fn starting_at(start: DateTime<Utc>) -> Clock {
        Clock {
            start,
            started: Instant::now(),
            advanced_ms: Mutex::new(0),
            pinned: true,
        }
    }

    /// `starting_at(start)` when given, else the real clock.
    pub fn from_config(start: Option<DateTime<Utc>>) -> Clock {
        start.map_or_else(Clock::system, Clock::starting_at)
    }

    /// True when the clock was started at a given instant.
    pub fn is_pinned(&self) -> bool {
        self.pinned
    }

    fn advanced(&self) -> i64 {
        match self.advanced_ms.lock() {
            Ok(guard) => *guard,
            Err(poisoned) => *poisoned.into_inner(),
        }
    }

    /// Now.
    pub fn now(&self) -> DateTime<Utc> {
        let elapsed = chrono::Duration::from_std(self.started.elapsed()).unwrap_or_default();
        self.start + elapsed + chrono::Duration::milliseconds(self.advanced())
    }

    /// Now in milliseconds since the epoch.
    pub fn now_millis(&self) -> i64 {
        self.now().timestamp_millis()
    }

    /// Today's date (UTC, the server's time zone).
    pub fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }

    /// Moves the clock forward by `milliseconds` (negative values are refused by the caller).
    pub fn advance(&self, milliseconds: i64) {
        let milliseconds = milliseconds.max(0);
        match self.advanced_ms.lock() {
            Ok(mut guard) => *guard += milliseconds,
            Err(poisoned) => *poisoned.into_inner() += milliseconds,
        }
    }
}

impl Default for Clock {
    fn default() -> Clock {
        Clock::system()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pinned_clock_starts_at_its_instant_and_moves_forward_only() {
        let start = parse_instant("2027-03-31T10:00:00").expect("instant");
        let clock = Clock::starting_at(start);
        assert!(clock.now() >= start);
        assert!(clock.now() < start + chrono::Duration::minutes(1));
        assert_eq!(clock.today().to_string(), "2027-03-31");
        clock.advance(24 * 3600 * 1000);
        assert_eq!(clock.today().to_string(), "2027-04-01");
        clock.advance(-10_000_000);
        assert_eq!(clock.today().to_string(), "2027-04-01");
        assert!(clock.is_pinned());
    }

    #[test]
    fn instants_are_read_in_the_usual_shapes() {
        for text in [
            "2028-02-29T00:00:00",
            "2028-02-29T00:00:00.000Z",
            "2028-02-29T00:00",
            "2028-02-29",
        ] {
            assert_eq!(
                parse_instant(text).expect(text).to_string(),
                "2028-02-29 00:00:00 UTC",
                "{text}"
            );
        }
        assert!(parse_instant("2028-02-30").is_err());
        assert!(parse_instant("yesterday").is_err());
    }
}
