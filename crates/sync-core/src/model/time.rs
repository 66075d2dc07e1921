//! Timestamps of a DHIS2 server (`/api/system/info` `serverDate`), used as sync watermarks.
//!
//! The watermark of an incremental sync is always the source server's clock, never the browser's:
//! the caller reads it from the server and hands it in. This module only parses, prints and
//! shifts such timestamps; it never reads a clock.

use std::fmt;
use std::str::FromStr;

use crate::date::Date;

const MILLIS_PER_DAY: i64 = 86_400_000;

/// A server-local timestamp without zone, `yyyy-MM-ddTHH:mm:ss.SSS` as DHIS2 writes
/// `serverDate` and metadata dates. Ordered chronologically.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ServerTime {
    date: Date,
    millis_of_day: u32,
}

/// Text that is not a server timestamp.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a server timestamp (expected yyyy-MM-ddTHH:mm:ss.SSS without zone): `{0}`")]
pub struct ServerTimeError(pub String);

impl ServerTime {
    /// Midnight at the start of `date`.
    pub fn start_of(date: Date) -> ServerTime {
        ServerTime {
            date,
            millis_of_day: 0,
        }
    }

    /// The day.
    pub fn date(self) -> Date {
        self.date
    }

    /// Milliseconds from this time to `later` (negative when `later` is earlier): a run's
    /// duration from its start and end.
    pub fn millis_until(self, later: ServerTime) -> i64 {
        let at = |time: ServerTime| {
            i64::from(time.date.to_days()) * MILLIS_PER_DAY + i64::from(time.millis_of_day)
        };
        at(later) - at(self)
    }

    /// This time moved back by `seconds` (the overlap subtracted from a watermark so that values
    /// written while the previous run was reading are read again).
    pub fn minus_seconds(self, seconds: u32) -> ServerTime {
        self.plus_millis(-i64::from(seconds) * 1000)
    }

    /// This time moved by `millis` (forward when positive).
    pub fn plus_millis(self, millis: i64) -> ServerTime {
        let total = i64::from(self.date.to_days()) * MILLIS_PER_DAY
            + i64::from(self.millis_of_day)
            + millis;
        let days = total.div_euclid(MILLIS_PER_DAY);
        let millis = total.rem_euclid(MILLIS_PER_DAY);
        ServerTime {
            date: Date::from_days(i32::try_from(days).unwrap_or(i32::MIN)),
            millis_of_day: u32::try_from(millis).unwrap_or(0),
        }
    }
}

/// The source server's clock as the app sees it: the server's time read once (`serverDate`) and
/// the local monotonic-ish milliseconds at that moment; later, the server's time is that reading
/// plus the local time elapsed. The app takes "today" and a run's timestamps from it, never from
/// the browser's calendar, so a server in another time zone, a wrong browser clock or a test
/// server whose clock is pinned all agree with what the server itself says. Pure: the caller
/// hands in the local milliseconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ServerClock {
    read: ServerTime,
    local_ms_at_read: f64,
}

impl ServerClock {
    /// The server said `read` when the local clock showed `local_ms`.
    pub fn new(read: ServerTime, local_ms: f64) -> ServerClock {
        ServerClock {
            read,
            local_ms_at_read: local_ms,
        }
    }

    /// The server's time when the local clock shows `local_ms`.
    pub fn now(&self, local_ms: f64) -> ServerTime {
        let elapsed = (local_ms - self.local_ms_at_read).max(0.0);
        self.read.plus_millis(elapsed as i64)
    }

    /// The server's day when the local clock shows `local_ms`.
    pub fn today(&self, local_ms: f64) -> Date {
        self.now(local_ms).date()
    }
}

impl fmt::Display for ServerTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let millis = self.millis_of_day;
        write!(
            f,
            "{}T{:02}:{:02}:{:02}.{:03}",
            self.date,
            millis / 3_600_000,
            millis / 60_000 % 60,
            millis / 1000 % 60,
            millis % 1000
        )
    }
}

impl fmt::Debug for ServerTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for ServerTime {
    type Err = ServerTimeError;

    /// Accepts `yyyy-MM-dd`, `yyyy-MM-ddTHH:mm`, `…:ss` and `…:ss.S` to `…:ss.SSS` (a space may
    /// replace the `T`). A zone suffix is refused: `serverDate` has none, and silently dropping
    /// one would shift the watermark.
    fn from_str(text: &str) -> Result<ServerTime, ServerTimeError> {
        let error = || ServerTimeError(text.to_string());
        let (day, time) = match text.find(['T', ' ']) {
            Some(at) => (&text[..at], Some(&text[at + 1..])),
            None => (text, None),
        };
        let date: Date = day.parse().map_err(|_| error())?;
        if day.len() != 10 {
            return Err(error());
        }
        let Some(time) = time else {
            return Ok(ServerTime::start_of(date));
        };
        let (clock, fraction) = match time.split_once('.') {
            Some((clock, fraction)) => (clock, Some(fraction)),
            None => (time, None),
        };
        let mut parts = clock.split(':');
        let hours = two_digits(parts.next())
            .filter(|h| *h < 24)
            .ok_or_else(error)?;
        let minutes = two_digits(parts.next())
            .filter(|m| *m < 60)
            .ok_or_else(error)?;
        let seconds = match parts.next() {
            Some(part) => two_digits(Some(part))
                .filter(|s| *s < 60)
                .ok_or_else(error)?,
            None if fraction.is_none() => 0,
            None => return Err(error()),
        };
        if parts.next().is_some() {
            return Err(error());
        }
        let millis = match fraction {
            None => 0,
            Some(digits)
                if (1..=3).contains(&digits.len())
                    && digits.bytes().all(|b| b.is_ascii_digit()) =>
            {
                let padded = format!("{digits:0<3}");
                padded.parse::<u32>().map_err(|_| error())?
            }
            Some(_) => return Err(error()),
        };
        let millis_of_day = ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
        Ok(ServerTime {
            date,
            millis_of_day,
        })
    }
}

fn two_digits(part: Option<&str>) -> Option<u32> {
    let part = part?;
    if part.len() != 2 || !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

impl serde::Serialize for ServerTime {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for ServerTime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<ServerTime, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_server_forms() {
        let cases = [
            ("2024-03-05T10:11:12.345", "2024-03-05T10:11:12.345"),
            ("2024-03-05T10:11:12.3", "2024-03-05T10:11:12.300"),
            ("2024-03-05T10:11:12", "2024-03-05T10:11:12.000"),
            ("2024-03-05 10:11", "2024-03-05T10:11:00.000"),
            ("2024-03-05", "2024-03-05T00:00:00.000"),
        ];
        for (input, expected) in cases {
            let time: ServerTime = input.parse().unwrap();
            assert_eq!(time.to_string(), expected, "{input}");
        }
        for bad in [
            "2024-03-05T10:11:12.345+0000",
            "2024-03-05T25:00",
            "2024-3-5",
            "x",
            "",
        ] {
            assert!(bad.parse::<ServerTime>().is_err(), "{bad}");
        }
    }

    #[test]
    fn the_server_clock_advances_with_local_time_from_its_reading() {
        let read: ServerTime = "2027-12-31T23:59:59.000".parse().unwrap();
        let clock = ServerClock::new(read, 1_000_000.0);
        assert_eq!(clock.now(1_000_000.0), read);
        assert_eq!(
            clock.now(1_000_500.0).to_string(),
            "2027-12-31T23:59:59.500"
        );
        assert_eq!(clock.today(1_001_000.0).to_string(), "2028-01-01");
        // A local clock set back never moves the server's time back.
        assert_eq!(clock.now(0.0), read);
    }

    #[test]
    fn minus_seconds_crosses_midnight_and_years() {
        let time: ServerTime = "2024-01-01T00:00:30.500".parse().unwrap();
        assert_eq!(
            time.minus_seconds(60).to_string(),
            "2023-12-31T23:59:30.500"
        );
        assert_eq!(time.minus_seconds(0), time);
        assert!(time.minus_seconds(1) < time);
    }
}
