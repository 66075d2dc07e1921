//! DHIS2 fixed periods: period types, ISO ids exactly as the server spells them, start and end
//! dates, containment, ranges, previous and next. Relative periods live in [`relative`].
//!
//! Other modules rely on these names and signatures. The server (dhis2-core `DateUnitType`,
//! `DateUnitPeriodTypeParser`, `*PeriodType`) is the authority, not any JavaScript library:
//!
//! * weeks follow `WeekFields.of(firstDay, 4)`: week 1 is the first week (starting on the type's
//!   first day) with at least four days in the new year, so the week-based year can differ from the
//!   calendar year (2024-12-30 is `2025W1`, 2021-01-03 is `2020W53`);
//! * `BiWeekly` `yyyyBiWn` is ISO weeks `2n-1` and `2n`; in a 53-week year the last bi-week
//!   (`2020BiW27`) is week 53 plus week 1 of the next year and so overlaps the next `BiW1`, exactly as
//!   the server computes it;
//! * November types (`QuarterlyNov`, `SixMonthlyNov`, `FinancialNov`) carry the year they end in,
//!   the other financial and six-monthly April types the year they start in.
//!
//! No I/O and no clock: "today" is always a parameter (see [`relative`]).

pub mod relative;

use std::fmt;
use std::str::FromStr;

use crate::date::{Date, Weekday};

/// A DHIS2 fixed period type, named as in `dataSet.periodType`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PeriodType {
    /// `yyyyMMdd`.
    Daily,
    /// ISO weeks starting Monday, `yyyyWn`.
    Weekly,
    /// Weeks starting Wednesday, `yyyyWedWn`.
    WeeklyWednesday,
    /// Weeks starting Thursday, `yyyyThuWn`.
    WeeklyThursday,
    /// Weeks starting Saturday, `yyyySatWn`.
    WeeklySaturday,
    /// Weeks starting Sunday, `yyyySunWn`.
    WeeklySunday,
    /// Two ISO weeks, `yyyyBiWn`.
    BiWeekly,
    /// `yyyyMM`.
    Monthly,
    /// `yyyyMMB`.
    BiMonthly,
    /// `yyyyQn`.
    Quarterly,
    /// Quarters starting November, `yyyyNovQn` (labelled by the year they end in).
    QuarterlyNov,
    /// `yyyySn`.
    SixMonthly,
    /// `yyyyAprilSn`.
    SixMonthlyApril,
    /// `yyyyNovSn` (labelled by the year they end in).
    SixMonthlyNov,
    /// `yyyy`.
    Yearly,
    /// `yyyyApril`.
    FinancialApril,
    /// `yyyyJuly`.
    FinancialJuly,
    /// `yyyySep` (DHIS2 2.42+).
    FinancialSep,
    /// `yyyyOct`.
    FinancialOct,
    /// `yyyyNov` (labelled by the year it ends in).
    FinancialNov,
}

/// One fixed period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Period {
    period_type: PeriodType,
    start: Date,
    end: Date,
}

/// Why a text is not a period id or a period type name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    /// The text is not an ISO period id of any supported type.
    #[error("not a valid period id: `{0}`")]
    InvalidId(String),
    /// The text is not a period type name.
    #[error("unknown period type: `{0}`")]
    UnknownType(String),
}

impl PeriodType {
    /// The server's name, as in `dataSet.periodType`.
    pub fn name(self) -> &'static str {
        match self {
            PeriodType::Daily => "Daily",
            PeriodType::Weekly => "Weekly",
            PeriodType::WeeklyWednesday => "WeeklyWednesday",
            PeriodType::WeeklyThursday => "WeeklyThursday",
            PeriodType::WeeklySaturday => "WeeklySaturday",
            PeriodType::WeeklySunday => "WeeklySunday",
            PeriodType::BiWeekly => "BiWeekly",
            PeriodType::Monthly => "Monthly",
            PeriodType::BiMonthly => "BiMonthly",
            PeriodType::Quarterly => "Quarterly",
            PeriodType::QuarterlyNov => "QuarterlyNov",
            PeriodType::SixMonthly => "SixMonthly",
            PeriodType::SixMonthlyApril => "SixMonthlyApril",
            PeriodType::SixMonthlyNov => "SixMonthlyNov",
            PeriodType::Yearly => "Yearly",
            PeriodType::FinancialApril => "FinancialApril",
            PeriodType::FinancialJuly => "FinancialJuly",
            PeriodType::FinancialSep => "FinancialSep",
            PeriodType::FinancialOct => "FinancialOct",
            PeriodType::FinancialNov => "FinancialNov",
        }
    }

    /// Parses a server period type name. Exact names are expected; as the server's
    /// `PeriodType.getByNameIgnoreCase` does, the case of the letters is not significant.
    pub fn from_name(name: &str) -> Result<PeriodType, PeriodError> {
        PeriodType::all()
            .iter()
            .copied()
            .find(|period_type| period_type.name().eq_ignore_ascii_case(name))
            .ok_or_else(|| PeriodError::UnknownType(name.to_string()))
    }

    /// Every supported period type, in the server's order (`PeriodType.PERIOD_TYPES`, with
    /// `FinancialSep` between `FinancialJuly` and `FinancialOct`).
    pub fn all() -> &'static [PeriodType] {
        &[
            PeriodType::Daily,
            PeriodType::Weekly,
            PeriodType::WeeklyWednesday,
            PeriodType::WeeklyThursday,
            PeriodType::WeeklySaturday,
            PeriodType::WeeklySunday,
            PeriodType::BiWeekly,
            PeriodType::Monthly,
            PeriodType::BiMonthly,
            PeriodType::Quarterly,
            PeriodType::QuarterlyNov,
            PeriodType::SixMonthly,
            PeriodType::SixMonthlyApril,
            PeriodType::SixMonthlyNov,
            PeriodType::Yearly,
            PeriodType::FinancialApril,
            PeriodType::FinancialJuly,
            PeriodType::FinancialSep,
            PeriodType::FinancialOct,
            PeriodType::FinancialNov,
        ]
    }

    /// The server's `frequencyOrder`: roughly the number of days of one period (1, 7, 14, 30, 61,
    /// 91, 182, 365). A type with a larger order is coarser.
    pub fn frequency_order(self) -> u32 {
        match self {
            PeriodType::Daily => 1,
            PeriodType::Weekly
            | PeriodType::WeeklyWednesday
            | PeriodType::WeeklyThursday
            | PeriodType::WeeklySaturday
            | PeriodType::WeeklySunday => 7,
            PeriodType::BiWeekly => 14,
            PeriodType::Monthly => 30,
            PeriodType::BiMonthly => 61,
            PeriodType::Quarterly | PeriodType::QuarterlyNov => 91,
            PeriodType::SixMonthly | PeriodType::SixMonthlyApril | PeriodType::SixMonthlyNov => 182,
            PeriodType::Yearly
            | PeriodType::FinancialApril
            | PeriodType::FinancialJuly
            | PeriodType::FinancialSep
            | PeriodType::FinancialOct
            | PeriodType::FinancialNov => 365,
        }
    }

    /// The ISO 8601 duration the server reports (`P1D`, `P7D`, `P14D`, `P1M`, `P2M`, `P3M`, `P6M`,
    /// `P1Y`).
    pub fn iso_duration(self) -> &'static str {
        match self.frequency_order() {
            1 => "P1D",
            7 => "P7D",
            14 => "P14D",
            30 => "P1M",
            61 => "P2M",
            91 => "P3M",
            182 => "P6M",
            _ => "P1Y",
        }
    }

    /// True for the five one-week types (`Weekly`, `WeeklyWednesday`, `WeeklyThursday`,
    /// `WeeklySaturday`, `WeeklySunday`); false for `BiWeekly`.
    pub fn is_weekly(self) -> bool {
        self.week_start().is_some()
    }

    /// The first day of the week of a one-week type, `None` for every other type (`BiWeekly`
    /// always starts on Monday).
    pub fn week_start(self) -> Option<Weekday> {
        match self {
            PeriodType::Weekly => Some(Weekday::Monday),
            PeriodType::WeeklyWednesday => Some(Weekday::Wednesday),
            PeriodType::WeeklyThursday => Some(Weekday::Thursday),
            PeriodType::WeeklySaturday => Some(Weekday::Saturday),
            PeriodType::WeeklySunday => Some(Weekday::Sunday),
            _ => None,
        }
    }

    /// The period of this type containing `date`.
    ///
    /// For `BiWeekly` in the few days where the server's bi-weeks overlap (week 1 after a 53-week
    /// year) this is, like the server's `createPeriod`, the bi-week starting in that week 1.
    pub fn period_of(self, date: Date) -> Period {
        let (start, end) = match self.shape() {
            Shape::Day => (date, date),
            Shape::Week(first_day) => {
                let start = week_start_on_or_before(date, first_day);
                (start, start.add_days(6))
            }
            Shape::BiWeek => {
                let mut start = week_start_on_or_before(date, Weekday::Monday);
                if week_of(start, Weekday::Monday).1.is_multiple_of(2) {
                    start = start.add_days(-7);
                }
                (start, start.add_days(13))
            }
            Shape::Months {
                first_month,
                months,
            } => {
                let index = month_index(date);
                let start_index = index - (index - (i32::from(first_month) - 1)).rem_euclid(months);
                let start = date_of_month_index(start_index);
                (start, start.add_months(months).add_days(-1))
            }
        };
        Period {
            period_type: self,
            start,
            end,
        }
    }

    /// The periods of this type lying completely inside `[from, to]`, in order (of start date).
    /// Empty when `from` is after `to`.
    pub fn periods_within(self, from: Date, to: Date) -> Vec<Period> {
        let mut periods = Vec::new();
        if from > to {
            return periods;
        }
        let mut period = self.period_of(from);
        if period.start < from {
            period = period.next();
        }
        while period.end <= to {
            periods.push(period);
            period = period.next();
        }
        periods
    }

    /// The number of weeks of the week-based year `year` of a one-week type (52 or 53); for any
    /// other type the number of ISO (Monday) weeks, which is what `BiWeekly` counts in.
    pub fn weeks_in_year(self, year: i32) -> u32 {
        let first_day = self.week_start().unwrap_or(Weekday::Monday);
        let weeks =
            week_one_start(year, first_day).days_until(week_one_start(year + 1, first_day)) / 7;
        weeks.unsigned_abs()
    }

    fn shape(self) -> Shape {
        let months = |first_month: u8, months: i32| Shape::Months {
            first_month,
            months,
        };
        match self {
            PeriodType::Daily => Shape::Day,
            PeriodType::BiWeekly => Shape::BiWeek,
            PeriodType::Weekly
            | PeriodType::WeeklyWednesday
            | PeriodType::WeeklyThursday
            | PeriodType::WeeklySaturday
            | PeriodType::WeeklySunday => Shape::Week(self.week_start().unwrap_or(Weekday::Monday)),
            PeriodType::Monthly => months(1, 1),
            PeriodType::BiMonthly => months(1, 2),
            PeriodType::Quarterly => months(1, 3),
            PeriodType::QuarterlyNov => months(11, 3),
            PeriodType::SixMonthly => months(1, 6),
            PeriodType::SixMonthlyApril => months(4, 6),
            PeriodType::SixMonthlyNov => months(11, 6),
            PeriodType::Yearly => months(1, 12),
            PeriodType::FinancialApril => months(4, 12),
            PeriodType::FinancialJuly => months(7, 12),
            PeriodType::FinancialSep => months(9, 12),
            PeriodType::FinancialOct => months(10, 12),
            PeriodType::FinancialNov => months(11, 12),
        }
    }
}

/// How a period type cuts the calendar.
#[derive(Clone, Copy)]
enum Shape {
    Day,
    Week(Weekday),
    BiWeek,
    Months { first_month: u8, months: i32 },
}

/// Months since year 0: `year * 12 + month - 1`.
fn month_index(date: Date) -> i32 {
    date.year() * 12 + i32::from(date.month()) - 1
}

/// The first day of the month with the given [`month_index`].
fn date_of_month_index(index: i32) -> Date {
    let year = index.div_euclid(12);
    let month = index.rem_euclid(12) + 1;
    // Always a valid day: the first of a month in 1..=12.
    Date::from_days(0).add_months((year - 1970) * 12 + month - 1)
}

/// The last `first_day` on or before `date`.
fn week_start_on_or_before(date: Date, first_day: Weekday) -> Date {
    let back =
        (i32::from(date.weekday().iso_number()) - i32::from(first_day.iso_number())).rem_euclid(7);
    date.add_days(-back)
}

/// First day of week 1 of the week-based year `year` (`WeekFields.of(first_day, 4)`): the week
/// containing 4 January.
fn week_one_start(year: i32, first_day: Weekday) -> Date {
    let january_4 = Date::from_days(0)
        .add_months((year - 1970) * 12)
        .add_days(3);
    week_start_on_or_before(january_4, first_day)
}

/// Week-based year and week number of the week starting on `start` (a `first_day`).
fn week_of(start: Date, first_day: Weekday) -> (i32, u32) {
    // The week belongs to the year holding at least four of its days, hence its fourth day.
    let year = start.add_days(3).year();
    let week = week_one_start(year, first_day).days_until(start) / 7 + 1;
    (year, week.unsigned_abs())
}

impl fmt::Display for PeriodType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for PeriodType {
    type Err = PeriodError;

    fn from_str(name: &str) -> Result<PeriodType, PeriodError> {
        PeriodType::from_name(name)
    }
}

impl serde::Serialize for PeriodType {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for PeriodType {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<PeriodType, D::Error> {
        let text = String::deserialize(deserializer)?;
        PeriodType::from_name(&text).map_err(serde::de::Error::custom)
    }
}

impl Period {
    /// Parses an ISO period id exactly as the server spells it (`DateUnitType` patterns, full
    /// match): `20240315` or `2024-03-15`, `2024W1`, `2024WedW1`, `2024ThuW1`, `2024SatW1`,
    /// `2024SunW1`, `2024BiW1`, `202403` or `2024-03`, `202402B`, `2024Q1`, `2024NovQ1`, `2024S1`,
    /// `2024AprilS1`, `2024NovS1`, `2024`, `2024April`, `2024July`, `2024Sep`, `2024Oct`, `2024Nov`.
    ///
    /// Week numbers may have a leading zero (`2024W01`, the server's `\d[\d]?` accepts it); a week
    /// beyond the last week of that week-based year (`2024W53`) is rejected.
    pub fn parse(id: &str) -> Result<Period, PeriodError> {
        parse_id(id).ok_or_else(|| PeriodError::InvalidId(id.to_string()))
    }

    /// The ISO id, as the server writes it.
    pub fn id(&self) -> String {
        let start = self.start;
        let year = start.year();
        let month = start.month();
        match self.period_type {
            PeriodType::Daily => format!("{year:04}{month:02}{:02}", start.day()),
            PeriodType::Weekly
            | PeriodType::WeeklyWednesday
            | PeriodType::WeeklyThursday
            | PeriodType::WeeklySaturday
            | PeriodType::WeeklySunday => {
                let first_day = self.period_type.week_start().unwrap_or(Weekday::Monday);
                let (week_year, week) = week_of(start, first_day);
                let infix = match self.period_type {
                    PeriodType::WeeklyWednesday => "Wed",
                    PeriodType::WeeklyThursday => "Thu",
                    PeriodType::WeeklySaturday => "Sat",
                    PeriodType::WeeklySunday => "Sun",
                    _ => "",
                };
                format!("{week_year:04}{infix}W{week}")
            }
            PeriodType::BiWeekly => {
                let (week_year, week) = week_of(start, Weekday::Monday);
                format!("{week_year:04}BiW{}", week / 2 + 1)
            }
            PeriodType::Monthly => format!("{year:04}{month:02}"),
            PeriodType::BiMonthly => format!("{year:04}{:02}B", month.div_ceil(2)),
            PeriodType::Quarterly => format!("{year:04}Q{}", (month - 1) / 3 + 1),
            PeriodType::QuarterlyNov => {
                format!("{:04}NovQ{}", self.end.year(), (month + 1) % 12 / 3 + 1)
            }
            PeriodType::SixMonthly => format!("{year:04}S{}", if month == 1 { 1 } else { 2 }),
            PeriodType::SixMonthlyApril => {
                format!("{year:04}AprilS{}", if month == 4 { 1 } else { 2 })
            }
            PeriodType::SixMonthlyNov => {
                format!(
                    "{:04}NovS{}",
                    self.end.year(),
                    if month == 11 { 1 } else { 2 }
                )
            }
            PeriodType::Yearly => format!("{year:04}"),
            PeriodType::FinancialApril => format!("{year:04}April"),
            PeriodType::FinancialJuly => format!("{year:04}July"),
            PeriodType::FinancialSep => format!("{year:04}Sep"),
            PeriodType::FinancialOct => format!("{year:04}Oct"),
            PeriodType::FinancialNov => format!("{:04}Nov", self.end.year()),
        }
    }

    /// The period type.
    pub fn period_type(&self) -> PeriodType {
        self.period_type
    }

    /// First day.
    pub fn start_date(&self) -> Date {
        self.start
    }

    /// Last day (inclusive).
    pub fn end_date(&self) -> Date {
        self.end
    }

    /// Number of days, inclusive of both ends.
    pub fn days(&self) -> i32 {
        self.start.days_until(self.end) + 1
    }

    /// True when `date` lies in this period (both ends inclusive).
    pub fn contains(&self, date: Date) -> bool {
        self.start <= date && date <= self.end
    }

    /// True when `other` lies completely inside this period.
    pub fn contains_period(&self, other: &Period) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The following period of the same type.
    pub fn next(&self) -> Period {
        self.period_type.period_of(self.end.add_days(1))
    }

    /// The preceding period of the same type.
    pub fn previous(&self) -> Period {
        self.period_type.period_of(self.start.add_days(-1))
    }

    /// The period `count` periods after this one (before it when negative).
    pub fn offset(&self, count: i32) -> Period {
        let mut period = *self;
        for _ in 0..count.unsigned_abs() {
            period = if count > 0 {
                period.next()
            } else {
                period.previous()
            };
        }
        period
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id())
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    fn from_str(id: &str) -> Result<Period, PeriodError> {
        Period::parse(id)
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Period) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Period {
    /// By start date, then end date, then period type.
    fn cmp(&self, other: &Period) -> std::cmp::Ordering {
        (self.start, self.end, self.period_type).cmp(&(other.start, other.end, other.period_type))
    }
}

impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Period, D::Error> {
        let text = String::deserialize(deserializer)?;
        Period::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Parses a number made only of ASCII digits, with between `min` and `max` digits.
fn digits(text: &str, min: usize, max: usize) -> Option<u32> {
    if text.len() < min || text.len() > max || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A period of `period_type` given its first day.
fn starting(period_type: PeriodType, start: Date) -> Option<Period> {
    let period = period_type.period_of(start);
    (period.start == start).then_some(period)
}

/// The period of a month-based type starting on the first of `month` in `year`.
fn starting_month(period_type: PeriodType, year: i32, month: u32) -> Option<Period> {
    starting(
        period_type,
        Date::from_ymd(year, u8::try_from(month).ok()?, 1)?,
    )
}

/// Week `week` of the week-based `year` of a week starting on `first_day`, if that week exists.
fn week_start(year: i32, week: u32, first_day: Weekday, weeks_in_year: u32) -> Option<Date> {
    if week == 0 || week > weeks_in_year {
        return None;
    }
    Some(week_one_start(year, first_day).add_days(7 * (i32::try_from(week).ok()? - 1)))
}

fn parse_id(id: &str) -> Option<Period> {
    let (year_text, rest) = (id.get(..4)?, id.get(4..)?);
    let year = i32::try_from(digits(year_text, 4, 4)?).ok()?;
    let week_types = [
        ("W", PeriodType::Weekly),
        ("WedW", PeriodType::WeeklyWednesday),
        ("ThuW", PeriodType::WeeklyThursday),
        ("SatW", PeriodType::WeeklySaturday),
        ("SunW", PeriodType::WeeklySunday),
    ];
    for (prefix, period_type) in week_types {
        let Some(week) = rest
            .strip_prefix(prefix)
            .and_then(|number| digits(number, 1, 2))
        else {
            continue;
        };
        let first_day = period_type.week_start()?;
        let start = week_start(year, week, first_day, period_type.weeks_in_year(year))?;
        return starting(period_type, start);
    }
    if let Some(number) = rest.strip_prefix("BiW") {
        let week = digits(number, 1, 2)?.checked_mul(2)?.checked_sub(1)?;
        let weeks = PeriodType::BiWeekly.weeks_in_year(year);
        let start = week_start(year, week, Weekday::Monday, weeks)?;
        return starting(PeriodType::BiWeekly, start);
    }
    let indexed = [
        ("Q", PeriodType::Quarterly, 4),
        ("NovQ", PeriodType::QuarterlyNov, 4),
        ("S", PeriodType::SixMonthly, 2),
        ("AprilS", PeriodType::SixMonthlyApril, 2),
        ("NovS", PeriodType::SixMonthlyNov, 2),
    ];
    for (prefix, period_type, count) in indexed {
        if let Some(index) = rest
            .strip_prefix(prefix)
            .and_then(|number| digits(number, 1, 1))
        {
            if index == 0 || index > count {
                return None;
            }
            let Shape::Months {
                first_month,
                months,
            } = period_type.shape()
            else {
                return None;
            };
            // November types are labelled by the year they end in: their first part starts in
            // November of the year before.
            let first_index = if first_month == 11 {
                (year - 1) * 12 + 10
            } else {
                year * 12 + i32::from(first_month) - 1
            };
            let start =
                date_of_month_index(first_index + (i32::try_from(index).ok()? - 1) * months);
            return starting(period_type, start);
        }
    }
    let financial = [
        ("April", PeriodType::FinancialApril, year, 4),
        ("July", PeriodType::FinancialJuly, year, 7),
        ("Sep", PeriodType::FinancialSep, year, 9),
        ("Oct", PeriodType::FinancialOct, year, 10),
        ("Nov", PeriodType::FinancialNov, year - 1, 11),
    ];
    for (suffix, period_type, start_year, month) in financial {
        if rest == suffix {
            return starting_month(period_type, start_year, month);
        }
    }
    if rest.is_empty() {
        return starting_month(PeriodType::Yearly, year, 1);
    }
    if let Some(number) = rest.strip_suffix('B') {
        let bimonth = digits(number, 2, 2)?;
        if bimonth == 0 || bimonth > 6 {
            return None;
        }
        return starting_month(PeriodType::BiMonthly, year, bimonth * 2 - 1);
    }
    let (rest, dashed) = match rest.strip_prefix('-') {
        Some(rest) => (rest, true),
        None => (rest, false),
    };
    match (rest.len(), dashed) {
        (2, _) => starting_month(PeriodType::Monthly, year, digits(rest, 2, 2)?),
        (4, false) => {
            let month = u8::try_from(digits(rest.get(..2)?, 2, 2)?).ok()?;
            let day = u8::try_from(digits(rest.get(2..)?, 2, 2)?).ok()?;
            starting(PeriodType::Daily, Date::from_ymd(year, month, day)?)
        }
        (5, true) => {
            let (month, day) = rest.split_once('-')?;
            let month = u8::try_from(digits(month, 2, 2)?).ok()?;
            let day = u8::try_from(digits(day, 2, 2)?).ok()?;
            starting(PeriodType::Daily, Date::from_ymd(year, month, day)?)
        }
        _ => None,
    }
}
