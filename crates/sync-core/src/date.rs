//! Calendar dates in the proleptic Gregorian (ISO 8601) calendar, as DHIS2's `iso8601` calendar uses.
//!
//! A small value type instead of a date crate: periods only need day arithmetic, weekdays and
//! `yyyy-MM-dd` text, and this keeps sync-core free of clocks and time zones.

use std::fmt;
use std::str::FromStr;

/// A calendar day. Ordered chronologically.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

/// Day of the week, Monday first as in ISO 8601.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Weekday {
    /// Monday (ISO day 1).
    Monday,
    /// Tuesday.
    Tuesday,
    /// Wednesday.
    Wednesday,
    /// Thursday.
    Thursday,
    /// Friday.
    Friday,
    /// Saturday.
    Saturday,
    /// Sunday (ISO day 7).
    Sunday,
}

impl Weekday {
    /// ISO day number: Monday = 1 … Sunday = 7.
    pub fn iso_number(self) -> u8 {
        self as u8 + 1
    }
}

/// Error for text that is not a valid `yyyy-MM-dd` date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid date (expected yyyy-MM-dd): `{0}`")]
pub struct DateParseError(pub String);

/// True for leap years of the Gregorian calendar.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` (1–12) of `year`.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// The date, or `None` when the day does not exist.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Date> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// Month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// Day of the month, 1–31.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before). Howard Hinnant's `days_from_civil`.
    pub fn to_days(self) -> i32 {
        let y = if self.month <= 2 {
            self.year - 1
        } else {
            self.year
        };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i32::from(self.month);
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + i32::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01. Howard Hinnant's `civil_from_days`.
    pub fn from_days(days: i32) -> Date {
        let z = days + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + i32::from(month <= 2);
        Date { year, month, day }
    }

    /// This date moved by `days` (may be negative).
    pub fn add_days(self, days: i32) -> Date {
        Date::from_days(self.to_days() + days)
    }

    /// This date moved by `months`, clamping the day to the target month's length.
    pub fn add_months(self, months: i32) -> Date {
        let index = self.year * 12 + i32::from(self.month) - 1 + months;
        let year = index.div_euclid(12);
        let month = (index.rem_euclid(12) + 1) as u8;
        let day = self.day.min(days_in_month(year, month));
        Date { year, month, day }
    }

    /// Day of the week.
    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        match (self.to_days() + 3).rem_euclid(7) {
            0 => Weekday::Monday,
            1 => Weekday::Tuesday,
            2 => Weekday::Wednesday,
            3 => Weekday::Thursday,
            4 => Weekday::Friday,
            5 => Weekday::Saturday,
            _ => Weekday::Sunday,
        }
    }

    /// Number of days from `self` to `other` (positive when `other` is later).
    pub fn days_until(self, other: Date) -> i32 {
        other.to_days() - self.to_days()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for Date {
    type Err = DateParseError;

    /// Parses `yyyy-MM-dd`; a time part after `T` or a space (as in DHIS2 timestamps) is ignored.
    fn from_str(text: &str) -> Result<Date, DateParseError> {
        let error = || DateParseError(text.to_string());
        let day_part = text.split(['T', ' ']).next().unwrap_or(text);
        let mut parts = day_part.splitn(3, '-');
        let (Some(y), Some(m), Some(d)) = (parts.next(), parts.next(), parts.next()) else {
            return Err(error());
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(error());
        }
        let year = y.parse().map_err(|_| error())?;
        let month = m.parse().map_err(|_| error())?;
        let day = d.parse().map_err(|_| error())?;
        Date::from_ymd(year, month, day).ok_or_else(error)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_over_four_centuries() {
        let start = Date::from_ymd(1900, 1, 1).unwrap().to_days();
        let mut previous = Date::from_days(start - 1);
        for days in start..start + 146_097 * 2 {
            let date = Date::from_days(days);
            assert_eq!(date.to_days(), days);
            assert!(date > previous);
            previous = date;
        }
    }

    #[test]
    fn known_weekdays() {
        assert_eq!(
            Date::from_ymd(2024, 1, 1).unwrap().weekday(),
            Weekday::Monday
        );
        assert_eq!(
            Date::from_ymd(1970, 1, 1).unwrap().weekday(),
            Weekday::Thursday
        );
        assert_eq!(
            Date::from_ymd(2000, 2, 29).unwrap().weekday(),
            Weekday::Tuesday
        );
    }

    #[test]
    fn parse_and_format() {
        let date: Date = "2024-02-29T10:00:00.000".parse().unwrap();
        assert_eq!(date.to_string(), "2024-02-29");
        assert!("2023-02-29".parse::<Date>().is_err());
        assert!("2024-2-01".parse::<Date>().is_err());
    }

    #[test]
    fn add_months_clamps() {
        let date = Date::from_ymd(2024, 1, 31).unwrap();
        assert_eq!(date.add_months(1).to_string(), "2024-02-29");
        assert_eq!(date.add_months(-2).to_string(), "2023-11-30");
    }
}
