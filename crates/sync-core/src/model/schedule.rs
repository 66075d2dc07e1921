//! When a rule runs unattended: its schedule (a cron expression, paused or not, and who is told
//! when a scheduled run fails), whether it is due, and when it runs next.
//!
//! Cron expressions are read by one crate, `croner`, here: the app validates what the user types
//! and shows the next run with it, and `aggsync run --due` decides what is due with it, so the two
//! cannot disagree. Five fields (`minute hour day-of-month month day-of-week`), with croner's
//! names (`MON`, `JAN`), aliases (`@daily`) and extensions (`L`, `W`, `#`); no seconds, no years.
//!
//! Schedules are evaluated on the *source instance's* wall clock: its `serverDate` is the
//! instance's local time (reference §0), and a rule's last run is stamped with it, so "02:00" is
//! 02:00 where the instance is, whatever the time zone of the machine running the runner, and a
//! test server's pinned clock drives it. Wall-clock evaluation also gives the usual cron answer at
//! daylight saving changes: an occurrence in a skipped hour is run when the clock passes it, and
//! an hour that happens twice is run once (the rule's last run is after it).
//!
//! No clock is read here: "now" and the last run are the caller's (the source server's time).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use croner::parser::{CronParser, Seconds, Year};
use croner::{CivilDateTime, Cron, CronDateTime, Resolution};
use serde::{Deserialize, Serialize};

use super::time::ServerTime;
use crate::date::{Date, Weekday};

/// When the unattended runner (`aggsync run --due`) runs a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Schedule {
    /// Cron expression, read by [`CronSchedule::parse`].
    pub cron: String,
    /// A paused schedule is kept but not run (the rules page's Pause / Resume).
    #[serde(default, skip_serializing_if = "is_false")]
    pub paused: bool,
    /// The DHIS2 user group sent a message when a scheduled run ends WARNING or ERROR.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notify: Option<NotifyGroup>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// A DHIS2 user group told about failed scheduled runs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotifyGroup {
    /// User group id.
    pub id: String,
    /// Its name when chosen, for the rules page.
    #[serde(default)]
    pub name: String,
}

impl Schedule {
    /// An active schedule of `cron` that notifies nobody.
    pub fn new(cron: impl Into<String>) -> Schedule {
        Schedule {
            cron: cron.into(),
            paused: false,
            notify: None,
        }
    }

    /// A schedule from a preset.
    pub fn from_preset(preset: SchedulePreset) -> Schedule {
        Schedule::new(preset.cron())
    }

    /// The preset this schedule's expression equals, if any (for the wizard's preset picker).
    pub fn preset(&self) -> Option<SchedulePreset> {
        let normalised = self.cron.split_whitespace().collect::<Vec<_>>().join(" ");
        [
            SchedulePreset::Daily,
            SchedulePreset::Weekly,
            SchedulePreset::Monthly,
        ]
        .into_iter()
        .find(|preset| preset.cron() == normalised)
    }

    /// Where this schedule stands at `now` for a rule whose last run started at `last_run`, or,
    /// never run, that was saved at `saved_at` (the dataStore entry's `lastUpdated`). Times are
    /// the source server's.
    pub fn state(
        &self,
        last_run: Option<ServerTime>,
        saved_at: Option<ServerTime>,
        now: ServerTime,
    ) -> ScheduleState {
        let cron = match CronSchedule::parse(&self.cron) {
            Ok(cron) => cron,
            Err(error) => return ScheduleState::Invalid(error),
        };
        if self.paused {
            return ScheduleState::Paused;
        }
        // A rule never run whose save time the instance does not say runs at the next check
        // (rather than never): its run then stamps the rule.
        let Some(since) = last_run.or(saved_at) else {
            return ScheduleState::Due { occurrence: now };
        };
        match cron.next_after(since) {
            Some(occurrence) if occurrence <= now => ScheduleState::Due { occurrence },
            next => ScheduleState::Waiting {
                next: next.or_else(|| cron.next_after(now)),
            },
        }
    }
}

/// Where a schedule stands ([`Schedule::state`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleState {
    /// The expression does not read (written by hand or by another tool): never run.
    Invalid(String),
    /// Paused on the rules page.
    Paused,
    /// An occurrence passed since the last run (the first such, `occurrence`): the runner runs
    /// it once, however many occurrences were missed.
    Due {
        /// The first occurrence since the last run.
        occurrence: ServerTime,
    },
    /// Nothing to run yet; the next occurrence (`None` when the expression never matches again).
    Waiting {
        /// The next occurrence.
        next: Option<ServerTime>,
    },
}

/// Schedule presets offered next to a free cron expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SchedulePreset {
    /// Every day at 02:00.
    Daily,
    /// Mondays at 02:00.
    Weekly,
    /// The first day of each month at 02:00.
    Monthly,
}

impl SchedulePreset {
    /// The cron expression of the preset.
    pub fn cron(self) -> &'static str {
        match self {
            SchedulePreset::Daily => "0 2 * * *",
            SchedulePreset::Weekly => "0 2 * * 1",
            SchedulePreset::Monthly => "0 2 1 * *",
        }
    }
}

/// A cron expression read by croner: five fields, minute resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CronSchedule {
    cron: Cron,
}

impl CronSchedule {
    /// Reads `expression`; the error says what is wrong in words.
    pub fn parse(expression: &str) -> Result<CronSchedule, String> {
        let expression = expression.trim();
        if expression.is_empty() {
            return Err("the cron expression is empty".to_string());
        }
        let fields = expression.split_whitespace().count();
        if !expression.starts_with('@') && fields != 5 {
            return Err(format!(
                "a cron expression has 5 fields (minute hour day-of-month month day-of-week), \
                 found {fields}"
            ));
        }
        CronParser::builder()
            .seconds(Seconds::Disallowed)
            .year(Year::Disallowed)
            .build()
            .parse(expression)
            .map(|cron| CronSchedule { cron })
            .map_err(|error| {
                // Croner says which kind of problem, not where: the field's own check says
                // where when it can.
                field_problem(expression).unwrap_or_else(|| {
                    format!(
                        "`{expression}` does not read as a cron expression ({})",
                        error.to_string().trim_end_matches('.').to_lowercase()
                    )
                })
            })
    }

    /// The first occurrence strictly after `after` (`None` when there is none before the year
    /// 5000).
    pub fn next_after(&self, after: ServerTime) -> Option<ServerTime> {
        self.cron
            .find_next_occurrence(&WallClock(after), false)
            .ok()
            .map(|wall| wall.0)
    }

    /// The occurrences strictly after `after`, at most `count` of them.
    pub fn upcoming(&self, after: ServerTime, count: usize) -> Vec<ServerTime> {
        let mut found = Vec::with_capacity(count);
        let mut cursor = after;
        while found.len() < count {
            match self.next_after(cursor) {
                Some(next) => {
                    found.push(next);
                    cursor = next;
                }
                None => break,
            }
        }
        found
    }
}

/// Where a five-field expression croner refused is wrong, when a field says it: a number out of
/// its field's bounds (day of week 0–7, both 0 and 7 being Sunday), a bad step, a range running
/// backwards. Only a guide to the message: croner decides what is valid.
fn field_problem(expression: &str) -> Option<String> {
    const FIELDS: [(&str, u32, u32); 5] = [
        ("minute", 0, 59),
        ("hour", 0, 23),
        ("day of month", 1, 31),
        ("month", 1, 12),
        ("day of week", 0, 7),
    ];
    let fields: Vec<&str> = expression.split_whitespace().collect();
    for (field, (name, low, high)) in fields.iter().zip(FIELDS) {
        for item in field.split(',') {
            let (range, step) = match item.split_once('/') {
                Some((range, step)) => (range, Some(step)),
                None => (item, None),
            };
            if let Some(step) = step {
                match step.parse::<u32>() {
                    Ok(step) if step > 0 => {}
                    _ => return Some(format!("{name}: `{item}` has an invalid step")),
                }
            }
            if range == "*" {
                continue;
            }
            let bounds: Vec<&str> = range.split('-').collect();
            let numbers: Result<Vec<u32>, _> = bounds.iter().map(|b| b.parse::<u32>()).collect();
            let Ok(numbers) = numbers else {
                // Names (`MON`), `L`, `W`, `#`, `?`: croner's to judge.
                continue;
            };
            if numbers.is_empty() || numbers.len() > 2 {
                return Some(format!("{name}: `{item}` is not a number, range or `*`"));
            }
            if numbers.iter().any(|n| *n < low || *n > high) {
                return Some(format!("{name}: `{item}` is outside {low}-{high}"));
            }
            if numbers.len() == 2 && numbers[0] > numbers[1] {
                return Some(format!("{name}: `{item}` is a range running backwards"));
            }
        }
    }
    None
}

/// Checks a cron expression the way the runner reads it ([`CronSchedule::parse`]).
pub fn check_cron(expression: &str) -> Result<(), String> {
    CronSchedule::parse(expression).map(|_| ())
}

impl FromStr for CronSchedule {
    type Err = String;

    fn from_str(text: &str) -> Result<CronSchedule, String> {
        CronSchedule::parse(text)
    }
}

impl fmt::Display for CronSchedule {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.cron.pattern.as_str())
    }
}

/// A server's wall-clock time as croner searches over it: no time zone (every time happens once,
/// see the module's notes), whole seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct WallClock(ServerTime);

const SECONDS_PER_DAY: i64 = 86_400;

impl WallClock {
    fn seconds_of_day(self) -> i64 {
        ServerTime::start_of(self.0.date()).millis_until(self.0) / 1000
    }
}

fn weekday_of(date: Date) -> croner::Weekday {
    let from_sunday = match date.weekday() {
        Weekday::Sunday => 0,
        Weekday::Monday => 1,
        Weekday::Tuesday => 2,
        Weekday::Wednesday => 3,
        Weekday::Thursday => 4,
        Weekday::Friday => 5,
        Weekday::Saturday => 6,
    };
    croner::Weekday::from_days_from_sunday(from_sunday)
}

impl CronDateTime for WallClock {
    fn to_civil(&self) -> CivilDateTime {
        let date = self.0.date();
        let seconds = self.seconds_of_day();
        CivilDateTime::new(
            croner::CivilDate::from_parts_unchecked(
                date.year(),
                u32::from(date.month()),
                u32::from(date.day()),
            ),
            croner::CivilTime::from_parts_unchecked(
                (seconds / 3600) as u32,
                (seconds / 60 % 60) as u32,
                (seconds % 60) as u32,
            ),
        )
    }

    fn civil_weekday(&self) -> croner::Weekday {
        weekday_of(self.0.date())
    }

    fn resolve_civil(
        &self,
        civil: CivilDateTime,
    ) -> Result<Resolution<WallClock>, croner::errors::CronError> {
        let month =
            u8::try_from(civil.month()).map_err(|_| croner::errors::CronError::InvalidDate)?;
        let day = u8::try_from(civil.day()).map_err(|_| croner::errors::CronError::InvalidDate)?;
        let date = Date::from_ymd(civil.year(), month, day)
            .ok_or(croner::errors::CronError::InvalidDate)?;
        let seconds = i64::from(civil.hour()) * 3600
            + i64::from(civil.minute()) * 60
            + i64::from(civil.second());
        if seconds >= SECONDS_PER_DAY {
            return Err(croner::errors::CronError::InvalidTime);
        }
        Ok(Resolution::Single(WallClock(
            ServerTime::start_of(date).plus_millis(seconds * 1000),
        )))
    }

    fn checked_add_seconds(&self, seconds: i64) -> Option<WallClock> {
        let millis = seconds.checked_mul(1000)?;
        // Drop the milliseconds: croner works in whole seconds.
        let whole = self
            .0
            .plus_millis(-(ServerTime::start_of(self.0.date()).millis_until(self.0) % 1000));
        Some(WallClock(whole.plus_millis(millis)))
    }

    fn cmp_instant(&self, other: &WallClock) -> Ordering {
        self.0.cmp(&other.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> ServerTime {
        text.parse().expect("a server time")
    }

    fn schedule(cron: &str) -> Schedule {
        Schedule::new(cron)
    }

    #[test]
    fn the_next_occurrence_follows_the_wall_clock() {
        let daily = CronSchedule::parse("0 2 * * *").expect("valid");
        assert_eq!(
            daily.next_after(at("2026-03-05T01:59:59.999")),
            Some(at("2026-03-05T02:00:00.000"))
        );
        // Strictly after: an occurrence at the very time is not the next one.
        assert_eq!(
            daily.next_after(at("2026-03-05T02:00:00.000")),
            Some(at("2026-03-06T02:00:00.000"))
        );
        assert_eq!(
            daily.next_after(at("2026-03-05T02:00:00.500")),
            Some(at("2026-03-06T02:00:00.000"))
        );
        let mondays = CronSchedule::parse("30 6 * * MON").expect("valid");
        // 2026-03-05 is a Thursday.
        assert_eq!(
            mondays.next_after(at("2026-03-05T12:00:00.000")),
            Some(at("2026-03-09T06:30:00.000"))
        );
        let month_end = CronSchedule::parse("0 23 L * *").expect("valid");
        assert_eq!(
            month_end.next_after(at("2024-02-01T00:00:00.000")),
            Some(at("2024-02-29T23:00:00.000"))
        );
        let every_quarter_hour = CronSchedule::parse("*/15 * * * *").expect("valid");
        assert_eq!(
            every_quarter_hour.upcoming(at("2026-12-31T23:40:00.000"), 3),
            vec![
                at("2026-12-31T23:45:00.000"),
                at("2027-01-01T00:00:00.000"),
                at("2027-01-01T00:15:00.000"),
            ]
        );
    }

    #[test]
    fn expressions_that_do_not_read_say_why() {
        assert!(check_cron("0 2 * * *").is_ok());
        assert!(check_cron("@daily").is_ok());
        assert!(check_cron("0 2 * * MON-FRI").is_ok());
        let fields = check_cron("0 2 * *").expect_err("four fields");
        assert!(fields.contains("5 fields"), "{fields}");
        assert!(check_cron("0 0 2 * * *").is_err(), "seconds are not taken");
        assert_eq!(
            check_cron("61 2 * * *"),
            Err("minute: `61` is outside 0-59".to_string())
        );
        let croner_only = check_cron("0 2 * * FOO").expect_err("not a day");
        assert!(
            croner_only.starts_with("`0 2 * * FOO` does not read"),
            "{croner_only}"
        );
        assert!(!croner_only.ends_with('.'), "{croner_only}");
        assert!(check_cron("0 25 * * *").is_err());
        assert!(check_cron("0 2 32 * *").is_err());
        assert!(check_cron("a b c d e").is_err());
        assert!(check_cron("").is_err());
    }

    #[test]
    fn a_rule_is_due_once_whatever_it_missed() {
        let daily = schedule("0 2 * * *");
        let last_run = Some(at("2026-03-01T02:00:03.000"));
        // Four occurrences were missed: it is due, for the first of them, once.
        assert_eq!(
            daily.state(last_run, None, at("2026-03-05T10:00:00.000")),
            ScheduleState::Due {
                occurrence: at("2026-03-02T02:00:00.000")
            }
        );
        // After the run (stamped with its start), it waits for the next occurrence.
        assert_eq!(
            daily.state(
                Some(at("2026-03-05T10:00:01.000")),
                None,
                at("2026-03-05T10:05:00.000")
            ),
            ScheduleState::Waiting {
                next: Some(at("2026-03-06T02:00:00.000"))
            }
        );
    }

    #[test]
    fn a_rule_never_run_is_due_from_when_it_was_saved() {
        let daily = schedule("0 2 * * *");
        let saved_at = Some(at("2026-03-05T10:00:00.000"));
        assert_eq!(
            daily.state(None, saved_at, at("2026-03-06T01:59:00.000")),
            ScheduleState::Waiting {
                next: Some(at("2026-03-06T02:00:00.000"))
            }
        );
        assert_eq!(
            daily.state(None, saved_at, at("2026-03-06T02:00:00.000")),
            ScheduleState::Due {
                occurrence: at("2026-03-06T02:00:00.000")
            }
        );
    }

    #[test]
    fn paused_and_unreadable_schedules_are_never_due() {
        let mut paused = schedule("* * * * *");
        paused.paused = true;
        let now = at("2026-03-05T10:00:00.000");
        assert_eq!(
            paused.state(Some(at("2026-01-01T00:00:00.000")), None, now),
            ScheduleState::Paused
        );
        assert!(matches!(
            schedule("every day").state(None, None, now),
            ScheduleState::Invalid(_)
        ));
    }

    #[test]
    fn a_schedule_s_json_stays_as_older_builds_wrote_it() {
        let plain: Schedule = serde_json::from_str(r#"{"cron":"0 2 * * *"}"#).expect("reads");
        assert_eq!(plain, Schedule::new("0 2 * * *"));
        assert_eq!(
            serde_json::to_string(&plain).expect("writes"),
            r#"{"cron":"0 2 * * *"}"#
        );
        let full = Schedule {
            cron: "0 2 * * *".into(),
            paused: true,
            notify: Some(NotifyGroup {
                id: "gRoup000001".into(),
                name: "Sync administrators".into(),
            }),
        };
        let text = serde_json::to_string(&full).expect("writes");
        assert_eq!(
            text,
            r#"{"cron":"0 2 * * *","paused":true,"notify":{"id":"gRoup000001","name":"Sync administrators"}}"#
        );
        assert_eq!(
            serde_json::from_str::<Schedule>(&text).expect("reads"),
            full
        );
    }

    #[test]
    fn presets_are_recognised_in_any_spacing() {
        assert_eq!(
            Schedule::new(" 0  2 * * 1 ").preset(),
            Some(SchedulePreset::Weekly)
        );
        assert_eq!(Schedule::new("5 2 * * *").preset(), None);
    }
}
