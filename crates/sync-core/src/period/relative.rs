//! DHIS2 relative periods (`RelativePeriodEnum`), resolved against a given today.
//!
//! Follows dhis2-core `RelativePeriods.getRelativePeriods` (reference §6.2): `LAST_*` lists end
//! with the last *completed* period (the current one is never included), the `*_THIS_YEAR` lists
//! hold every period of the year including future ones (WEEKS_THIS_YEAR with the server's own
//! week count, see [`RelativePeriod::WeeksThisYear`]), the financial-year keywords use the
//! `analyticsFinancialYearStart` setting (default October) and the weekly keywords the
//! `analyticsWeeklyStart` setting (default Monday weeks).
//!
//! [`RelativePeriodGroup`] lists the keywords as DHIS2's period selector groups them (Days,
//! Weeks, Bi-weeks, ..., Years), and [`RelativePeriod::label`] gives DHIS2's display names.
//!
//! No clock: today is always a parameter. The server computes the financial-year keywords from
//! its real current date even when analytics is given another `relativePeriodDate`; here they
//! use the given today like every other keyword, which is the same as long as the caller passes
//! the real date (as the app and `aggsync` do).

use std::fmt;
use std::str::FromStr;

use super::{Period, PeriodType};
use crate::date::Date;

/// Why a text is not a relative period or a setting value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RelativePeriodError {
    /// Not a `RelativePeriodEnum` name.
    #[error("unknown relative period: `{0}`")]
    UnknownRelativePeriod(String),
    /// Not a supported `analyticsFinancialYearStart` value.
    #[error(
        "unsupported financial year start: `{0}` (expected FINANCIAL_YEAR_APRIL, \
         FINANCIAL_YEAR_JULY, FINANCIAL_YEAR_SEPTEMBER, FINANCIAL_YEAR_OCTOBER or \
         FINANCIAL_YEAR_NOVEMBER)"
    )]
    UnknownFinancialYearStart(String),
    /// Not a weekly period type or `analyticsWeeklyStart` value.
    #[error(
        "not a weekly start: `{0}` (expected Weekly, WeeklyWednesday, WeeklyThursday, \
         WeeklySaturday or WeeklySunday, or the setting values WEEKLY, WEEKLY_WEDNESDAY, ...)"
    )]
    UnknownWeeklyStart(String),
}

/// Defines [`RelativePeriod`] with its server names in one place.
macro_rules! relative_periods {
    ($($(#[$doc:meta])* $variant:ident = $name:literal,)*) => {
        /// A DHIS2 relative period keyword (`RelativePeriodEnum`, 2.36–2.43: every value; 2.36
        /// lacks `LAST_10_YEARS` and `LAST_10_FINANCIAL_YEARS`, which resolve here all the same).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum RelativePeriod {
            $($(#[$doc])* $variant,)*
        }

        impl RelativePeriod {
            /// Every keyword, in the server's enum order.
            pub fn all() -> &'static [RelativePeriod] {
                &[$(RelativePeriod::$variant,)*]
            }

            /// The server's name, e.g. `LAST_12_MONTHS`.
            pub fn name(self) -> &'static str {
                match self {
                    $(RelativePeriod::$variant => $name,)*
                }
            }
        }
    };
}

relative_periods! {
    /// The day of today.
    Today = "TODAY",
    /// The day before today.
    Yesterday = "YESTERDAY",
    /// The 3 days ending yesterday.
    Last3Days = "LAST_3_DAYS",
    /// The 7 days ending yesterday.
    Last7Days = "LAST_7_DAYS",
    /// The 14 days ending yesterday.
    Last14Days = "LAST_14_DAYS",
    /// The 30 days ending yesterday.
    Last30Days = "LAST_30_DAYS",
    /// The 60 days ending yesterday.
    Last60Days = "LAST_60_DAYS",
    /// The 90 days ending yesterday.
    Last90Days = "LAST_90_DAYS",
    /// The 180 days ending yesterday.
    Last180Days = "LAST_180_DAYS",
    /// The month of today.
    ThisMonth = "THIS_MONTH",
    /// The previous month.
    LastMonth = "LAST_MONTH",
    /// The bi-month of today.
    ThisBimonth = "THIS_BIMONTH",
    /// The previous bi-month.
    LastBimonth = "LAST_BIMONTH",
    /// The quarter of today.
    ThisQuarter = "THIS_QUARTER",
    /// The previous quarter.
    LastQuarter = "LAST_QUARTER",
    /// The six-month of today.
    ThisSixMonth = "THIS_SIX_MONTH",
    /// The previous six-month.
    LastSixMonth = "LAST_SIX_MONTH",
    /// The weeks of this year (weekly start setting), future ones included, counted as the
    /// server counts them: 52 or 53 from the week holding 4 January, which can leave out week 53
    /// or add next year's week 1 (see `weeks_of_year`).
    WeeksThisYear = "WEEKS_THIS_YEAR",
    /// The 12 months of this year.
    MonthsThisYear = "MONTHS_THIS_YEAR",
    /// The 6 bi-months of this year.
    BimonthsThisYear = "BIMONTHS_THIS_YEAR",
    /// The 4 quarters of this year.
    QuartersThisYear = "QUARTERS_THIS_YEAR",
    /// This year.
    ThisYear = "THIS_YEAR",
    /// The 12 months of last year.
    MonthsLastYear = "MONTHS_LAST_YEAR",
    /// The 4 quarters of last year.
    QuartersLastYear = "QUARTERS_LAST_YEAR",
    /// Last year.
    LastYear = "LAST_YEAR",
    /// The 5 years ending last year.
    Last5Years = "LAST_5_YEARS",
    /// The 10 years ending last year.
    Last10Years = "LAST_10_YEARS",
    /// The 12 months ending last month.
    Last12Months = "LAST_12_MONTHS",
    /// The 6 months ending last month.
    Last6Months = "LAST_6_MONTHS",
    /// The 3 months ending last month.
    Last3Months = "LAST_3_MONTHS",
    /// The 6 bi-months ending last bi-month.
    Last6Bimonths = "LAST_6_BIMONTHS",
    /// The 4 quarters ending last quarter.
    Last4Quarters = "LAST_4_QUARTERS",
    /// The 2 six-months ending last six-month.
    Last2Sixmonths = "LAST_2_SIXMONTHS",
    /// The financial year of today (financial year start setting).
    ThisFinancialYear = "THIS_FINANCIAL_YEAR",
    /// The previous financial year.
    LastFinancialYear = "LAST_FINANCIAL_YEAR",
    /// The 5 financial years ending last financial year.
    Last5FinancialYears = "LAST_5_FINANCIAL_YEARS",
    /// The 10 financial years ending last financial year.
    Last10FinancialYears = "LAST_10_FINANCIAL_YEARS",
    /// The week of today (weekly start setting).
    ThisWeek = "THIS_WEEK",
    /// The previous week.
    LastWeek = "LAST_WEEK",
    /// The bi-week of today.
    ThisBiweek = "THIS_BIWEEK",
    /// The previous bi-week.
    LastBiweek = "LAST_BIWEEK",
    /// The 4 weeks ending last week.
    Last4Weeks = "LAST_4_WEEKS",
    /// The 4 bi-weeks ending last bi-week.
    Last4Biweeks = "LAST_4_BIWEEKS",
    /// The 12 weeks ending last week.
    Last12Weeks = "LAST_12_WEEKS",
    /// The 52 weeks ending last week.
    Last52Weeks = "LAST_52_WEEKS",
}

impl RelativePeriod {
    /// Parses a server name (`LAST_12_MONTHS`); letter case is not significant.
    pub fn from_name(name: &str) -> Result<RelativePeriod, RelativePeriodError> {
        RelativePeriod::all()
            .iter()
            .copied()
            .find(|relative| relative.name().eq_ignore_ascii_case(name))
            .ok_or_else(|| RelativePeriodError::UnknownRelativePeriod(name.to_string()))
    }

    /// The type of the periods this keyword expands to.
    pub fn period_type(
        self,
        financial_year_start: FinancialYearStart,
        weekly_start: PeriodType,
    ) -> PeriodType {
        use RelativePeriod as R;
        match self {
            R::Today
            | R::Yesterday
            | R::Last3Days
            | R::Last7Days
            | R::Last14Days
            | R::Last30Days
            | R::Last60Days
            | R::Last90Days
            | R::Last180Days => PeriodType::Daily,
            R::ThisWeek | R::LastWeek | R::Last4Weeks | R::Last12Weeks | R::Last52Weeks => {
                weekly_type(weekly_start)
            }
            R::WeeksThisYear => weekly_type(weekly_start),
            R::ThisBiweek | R::LastBiweek | R::Last4Biweeks => PeriodType::BiWeekly,
            R::ThisMonth
            | R::LastMonth
            | R::MonthsThisYear
            | R::MonthsLastYear
            | R::Last12Months
            | R::Last6Months
            | R::Last3Months => PeriodType::Monthly,
            R::ThisBimonth | R::LastBimonth | R::BimonthsThisYear | R::Last6Bimonths => {
                PeriodType::BiMonthly
            }
            R::ThisQuarter
            | R::LastQuarter
            | R::QuartersThisYear
            | R::QuartersLastYear
            | R::Last4Quarters => PeriodType::Quarterly,
            R::ThisSixMonth | R::LastSixMonth | R::Last2Sixmonths => PeriodType::SixMonthly,
            R::ThisYear | R::LastYear | R::Last5Years | R::Last10Years => PeriodType::Yearly,
            R::ThisFinancialYear
            | R::LastFinancialYear
            | R::Last5FinancialYears
            | R::Last10FinancialYears => financial_year_start.period_type(),
        }
    }

    /// The periods this keyword expands to on `today`, in chronological order.
    ///
    /// `weekly_start` is the weekly type of the `analyticsWeeklyStart` setting; a type that is
    /// not one of the five weekly types counts as `Weekly`.
    pub fn resolve(
        self,
        today: Date,
        financial_year_start: FinancialYearStart,
        weekly_start: PeriodType,
    ) -> Vec<Period> {
        use RelativePeriod as R;
        let period_type = self.period_type(financial_year_start, weekly_start);
        let of = |date: Date| period_type.period_of(date);
        let yesterday = today.add_days(-1);
        let a_year_ago = today.add_months(-12);
        match self {
            R::Today => vec![of(today)],
            R::Yesterday => vec![of(yesterday)],
            R::Last3Days => ending_with(of(yesterday), 3),
            R::Last7Days => ending_with(of(yesterday), 7),
            R::Last14Days => ending_with(of(yesterday), 14),
            R::Last30Days => ending_with(of(yesterday), 30),
            R::Last60Days => ending_with(of(yesterday), 60),
            R::Last90Days => ending_with(of(yesterday), 90),
            R::Last180Days => ending_with(of(yesterday), 180),
            R::ThisWeek | R::ThisBiweek | R::ThisMonth | R::ThisBimonth | R::ThisQuarter => {
                vec![of(today)]
            }
            R::ThisSixMonth | R::ThisYear | R::ThisFinancialYear => vec![of(today)],
            R::LastWeek => vec![of(today.add_days(-7))],
            R::LastBiweek => vec![of(today.add_days(-14))],
            R::LastMonth => vec![of(today.add_months(-1))],
            R::LastBimonth => vec![of(today.add_months(-2))],
            R::LastQuarter => vec![of(today.add_months(-3))],
            R::LastSixMonth => vec![of(today.add_months(-6))],
            R::LastYear | R::LastFinancialYear => vec![of(a_year_ago)],
            R::Last4Weeks => ending_with(of(today.add_days(-7)), 4),
            R::Last12Weeks => ending_with(of(today.add_days(-7)), 12),
            R::Last52Weeks => ending_with(of(today.add_days(-7)), 52),
            R::Last4Biweeks => {
                // As BiWeeklyAbstractPeriodType.generateRollingPeriods: the bi-weeks holding
                // the start of the last bi-week and the days 14, 28 and 42 before it (in a
                // 53-week year this skips the overlapping bi-week 27, as the server does).
                let start = of(today.add_days(-14)).start_date();
                [42, 28, 14, 0]
                    .iter()
                    .map(|days| of(start.add_days(-days)))
                    .collect()
            }
            R::Last3Months => ending_with(of(today.add_months(-1)), 3),
            R::Last6Months => ending_with(of(today.add_months(-1)), 6),
            R::Last12Months => ending_with(of(today.add_months(-1)), 12),
            R::Last6Bimonths => ending_with(of(today.add_months(-2)), 6),
            R::Last4Quarters => ending_with(of(today.add_months(-3)), 4),
            R::Last2Sixmonths => ending_with(of(today.add_months(-6)), 2),
            R::Last5Years | R::Last5FinancialYears => ending_with(of(a_year_ago), 5),
            R::Last10Years | R::Last10FinancialYears => ending_with(of(a_year_ago), 10),
            R::WeeksThisYear => weeks_of_year(period_type, today.year()),
            R::MonthsThisYear | R::BimonthsThisYear | R::QuartersThisYear => {
                calendar_year(period_type, today.year())
            }
            R::MonthsLastYear | R::QuartersLastYear => {
                calendar_year(period_type, a_year_ago.year())
            }
        }
    }
}

impl RelativePeriod {
    /// The day-range presets the app's wizard offers (`TODAY`, `YESTERDAY`, `LAST_7_DAYS`,
    /// `LAST_14_DAYS`, `LAST_30_DAYS`, `LAST_90_DAYS`); each resolves to daily periods.
    pub fn day_presets() -> &'static [RelativePeriod] {
        &[
            RelativePeriod::Today,
            RelativePeriod::Yesterday,
            RelativePeriod::Last7Days,
            RelativePeriod::Last14Days,
            RelativePeriod::Last30Days,
            RelativePeriod::Last90Days,
        ]
    }

    /// The first and last day the resolved periods cover (both inclusive).
    pub fn date_range(
        self,
        today: Date,
        financial_year_start: FinancialYearStart,
        weekly_start: PeriodType,
    ) -> (Date, Date) {
        let periods = self.resolve(today, financial_year_start, weekly_start);
        let first = periods.first().map_or(today, Period::start_date);
        let last = periods.iter().map(Period::end_date).max().unwrap_or(today);
        (first, last)
    }
}

/// The groups of DHIS2's relative period selector (`@dhis2/analytics`), one per period type, in
/// its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RelativePeriodGroup {
    /// Daily periods.
    Days,
    /// Weekly periods (the weekly start setting).
    Weeks,
    /// Bi-weekly periods.
    BiWeeks,
    /// Monthly periods.
    Months,
    /// Bi-monthly periods.
    BiMonths,
    /// Quarterly periods.
    Quarters,
    /// Six-monthly periods.
    SixMonths,
    /// Financial years (the financial year start setting).
    FinancialYears,
    /// Calendar years.
    Years,
}

impl RelativePeriodGroup {
    /// Every group, in the selector's order.
    pub fn all() -> &'static [RelativePeriodGroup] {
        use RelativePeriodGroup as G;
        &[
            G::Days,
            G::Weeks,
            G::BiWeeks,
            G::Months,
            G::BiMonths,
            G::Quarters,
            G::SixMonths,
            G::FinancialYears,
            G::Years,
        ]
    }

    /// The group's heading, in sentence case as DHIS2 shows it (`Bi-weeks`).
    pub fn label(self) -> &'static str {
        use RelativePeriodGroup as G;
        match self {
            G::Days => "Days",
            G::Weeks => "Weeks",
            G::BiWeeks => "Bi-weeks",
            G::Months => "Months",
            G::BiMonths => "Bi-months",
            G::Quarters => "Quarters",
            G::SixMonths => "Six-months",
            G::FinancialYears => "Financial years",
            G::Years => "Years",
        }
    }

    /// The group's relative periods in the selector's order. DHIS2's selector leaves out
    /// `MONTHS_LAST_YEAR`, `QUARTERS_LAST_YEAR` and (before 2.40) `LAST_10_FINANCIAL_YEARS`,
    /// which the server resolves all the same; they follow their `*_THIS_YEAR` and
    /// `LAST_5_FINANCIAL_YEARS` siblings here so every keyword is offered.
    pub fn relative_periods(self) -> &'static [RelativePeriod] {
        use RelativePeriod as R;
        use RelativePeriodGroup as G;
        match self {
            G::Days => &[
                R::Today,
                R::Yesterday,
                R::Last3Days,
                R::Last7Days,
                R::Last14Days,
                R::Last30Days,
                R::Last60Days,
                R::Last90Days,
                R::Last180Days,
            ],
            G::Weeks => &[
                R::ThisWeek,
                R::LastWeek,
                R::Last4Weeks,
                R::Last12Weeks,
                R::Last52Weeks,
                R::WeeksThisYear,
            ],
            G::BiWeeks => &[R::ThisBiweek, R::LastBiweek, R::Last4Biweeks],
            G::Months => &[
                R::ThisMonth,
                R::LastMonth,
                R::Last3Months,
                R::Last6Months,
                R::Last12Months,
                R::MonthsThisYear,
                R::MonthsLastYear,
            ],
            G::BiMonths => &[
                R::ThisBimonth,
                R::LastBimonth,
                R::Last6Bimonths,
                R::BimonthsThisYear,
            ],
            G::Quarters => &[
                R::ThisQuarter,
                R::LastQuarter,
                R::Last4Quarters,
                R::QuartersThisYear,
                R::QuartersLastYear,
            ],
            G::SixMonths => &[R::ThisSixMonth, R::LastSixMonth, R::Last2Sixmonths],
            G::FinancialYears => &[
                R::ThisFinancialYear,
                R::LastFinancialYear,
                R::Last5FinancialYears,
                R::Last10FinancialYears,
            ],
            G::Years => &[R::ThisYear, R::LastYear, R::Last5Years, R::Last10Years],
        }
    }
}

impl RelativePeriod {
    /// The selector group this keyword is listed in.
    pub fn group(self) -> RelativePeriodGroup {
        RelativePeriodGroup::all()
            .iter()
            .copied()
            .find(|group| group.relative_periods().contains(&self))
            // Every keyword is in a group (tested); days are the harmless fallback.
            .unwrap_or(RelativePeriodGroup::Days)
    }

    /// DHIS2's display name, in sentence case (`Last 4 bi-weeks`, `Last 2 six-months`).
    pub fn label(self) -> &'static str {
        use RelativePeriod as R;
        match self {
            R::Today => "Today",
            R::Yesterday => "Yesterday",
            R::Last3Days => "Last 3 days",
            R::Last7Days => "Last 7 days",
            R::Last14Days => "Last 14 days",
            R::Last30Days => "Last 30 days",
            R::Last60Days => "Last 60 days",
            R::Last90Days => "Last 90 days",
            R::Last180Days => "Last 180 days",
            R::ThisWeek => "This week",
            R::LastWeek => "Last week",
            R::Last4Weeks => "Last 4 weeks",
            R::Last12Weeks => "Last 12 weeks",
            R::Last52Weeks => "Last 52 weeks",
            R::WeeksThisYear => "Weeks this year",
            R::ThisBiweek => "This bi-week",
            R::LastBiweek => "Last bi-week",
            R::Last4Biweeks => "Last 4 bi-weeks",
            R::ThisMonth => "This month",
            R::LastMonth => "Last month",
            R::Last3Months => "Last 3 months",
            R::Last6Months => "Last 6 months",
            R::Last12Months => "Last 12 months",
            R::MonthsThisYear => "Months this year",
            R::MonthsLastYear => "Months last year",
            R::ThisBimonth => "This bi-month",
            R::LastBimonth => "Last bi-month",
            R::Last6Bimonths => "Last 6 bi-months",
            R::BimonthsThisYear => "Bi-months this year",
            R::ThisQuarter => "This quarter",
            R::LastQuarter => "Last quarter",
            R::Last4Quarters => "Last 4 quarters",
            R::QuartersThisYear => "Quarters this year",
            R::QuartersLastYear => "Quarters last year",
            R::ThisSixMonth => "This six-month",
            R::LastSixMonth => "Last six-month",
            R::Last2Sixmonths => "Last 2 six-months",
            R::ThisFinancialYear => "This financial year",
            R::LastFinancialYear => "Last financial year",
            R::Last5FinancialYears => "Last 5 financial years",
            R::Last10FinancialYears => "Last 10 financial years",
            R::ThisYear => "This year",
            R::LastYear => "Last year",
            R::Last5Years => "Last 5 years",
            R::Last10Years => "Last 10 years",
        }
    }
}

/// Resolves `relative` on `today`; see [`RelativePeriod::resolve`].
pub fn resolve(
    relative: RelativePeriod,
    today: Date,
    financial_year_start: FinancialYearStart,
    weekly_start: PeriodType,
) -> Vec<Period> {
    relative.resolve(today, financial_year_start, weekly_start)
}

/// `count` consecutive periods ending with `last`.
fn ending_with(last: Period, count: i32) -> Vec<Period> {
    let mut periods: Vec<Period> =
        std::iter::successors(Some(last), |period| Some(period.previous()))
            .take(usize::try_from(count).unwrap_or(0))
            .collect();
    periods.reverse();
    periods
}

/// The periods of a month-based type starting in the calendar year `year`.
fn calendar_year(period_type: PeriodType, year: i32) -> Vec<Period> {
    let first = Date::from_days(0).add_months((year - 1970) * 12);
    let mut periods = Vec::new();
    let mut period = period_type.period_of(first);
    while period.start_date().year() == year {
        periods.push(period);
        period = period.next();
    }
    periods
}

/// The weeks of WEEKS_THIS_YEAR for the calendar year `year`, exactly as the server lists them
/// (dhis2-core `WeeklyAbstractPeriodType.generatePeriods`): from the week holding 4 January,
/// as many consecutive weeks as the calendar's `weeksInYear` of the year that week starts in,
/// i.e. the ISO weeks of the (Monday) week-based year holding 1 January of that year. So a
/// 53-week year whose week 1 starts in December lists only 52 weeks (2020, 2026: no W53), and a
/// year after a 53-week year starting on a Friday lists 53 (2021: W1–W52 and 2022W1). The
/// server is followed here, not the documented "every week of the year".
fn weeks_of_year(period_type: PeriodType, year: i32) -> Vec<Period> {
    let january_4 = Date::from_days(0)
        .add_months((year - 1970) * 12)
        .add_days(3);
    let first = period_type.period_of(january_4);
    let start_year = first.start_date().year();
    let january_1 = Date::from_days(0).add_months((start_year - 1970) * 12);
    // The Thursday of 1 January's Monday week names its ISO week-based year.
    let week_based_year = PeriodType::Weekly
        .period_of(january_1)
        .start_date()
        .add_days(3)
        .year();
    let count = PeriodType::Weekly.weeks_in_year(week_based_year);
    (0..count)
        .scan(first, |period, _| {
            let current = *period;
            *period = period.next();
            Some(current)
        })
        .collect()
}

/// The weekly type to use for a weekly start: `weekly_start` itself when weekly, else `Weekly`.
fn weekly_type(weekly_start: PeriodType) -> PeriodType {
    if weekly_start.is_weekly() {
        weekly_start
    } else {
        PeriodType::Weekly
    }
}

/// Parses a weekly start: a weekly period type name (`WeeklyWednesday`) or an
/// `analyticsWeeklyStart` value (`WEEKLY_WEDNESDAY`).
pub fn weekly_start_from_name(name: &str) -> Result<PeriodType, RelativePeriodError> {
    let setting = match name {
        "WEEKLY" => Some(PeriodType::Weekly),
        "WEEKLY_WEDNESDAY" => Some(PeriodType::WeeklyWednesday),
        "WEEKLY_THURSDAY" => Some(PeriodType::WeeklyThursday),
        "WEEKLY_SATURDAY" => Some(PeriodType::WeeklySaturday),
        "WEEKLY_SUNDAY" => Some(PeriodType::WeeklySunday),
        _ => None,
    };
    setting
        .or_else(|| {
            PeriodType::from_name(name)
                .ok()
                .filter(|period_type| period_type.is_weekly())
        })
        .ok_or_else(|| RelativePeriodError::UnknownWeeklyStart(name.to_string()))
}

impl fmt::Display for RelativePeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for RelativePeriod {
    type Err = RelativePeriodError;

    fn from_str(name: &str) -> Result<RelativePeriod, RelativePeriodError> {
        RelativePeriod::from_name(name)
    }
}

impl serde::Serialize for RelativePeriod {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for RelativePeriod {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        RelativePeriod::from_name(&text).map_err(serde::de::Error::custom)
    }
}

/// The `analyticsFinancialYearStart` system setting: which financial year the financial-year
/// keywords use. Values naming a financial year the project has no period type for (2.43's
/// `FINANCIAL_YEAR_FEBRUARY`, `FINANCIAL_YEAR_AUGUST`) are rejected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FinancialYearStart {
    /// `FINANCIAL_YEAR_APRIL`: `FinancialApril`.
    April,
    /// `FINANCIAL_YEAR_JULY`: `FinancialJuly`.
    July,
    /// `FINANCIAL_YEAR_SEPTEMBER`: `FinancialSep`.
    September,
    /// `FINANCIAL_YEAR_OCTOBER`: `FinancialOct`, the server's default.
    #[default]
    October,
    /// `FINANCIAL_YEAR_NOVEMBER`: `FinancialNov` (as DHIS2's JavaScript apps map it).
    November,
}

impl FinancialYearStart {
    /// Every supported value.
    pub fn all() -> &'static [FinancialYearStart] {
        &[
            FinancialYearStart::April,
            FinancialYearStart::July,
            FinancialYearStart::September,
            FinancialYearStart::October,
            FinancialYearStart::November,
        ]
    }

    /// The setting value, e.g. `FINANCIAL_YEAR_OCTOBER`.
    pub fn name(self) -> &'static str {
        match self {
            FinancialYearStart::April => "FINANCIAL_YEAR_APRIL",
            FinancialYearStart::July => "FINANCIAL_YEAR_JULY",
            FinancialYearStart::September => "FINANCIAL_YEAR_SEPTEMBER",
            FinancialYearStart::October => "FINANCIAL_YEAR_OCTOBER",
            FinancialYearStart::November => "FINANCIAL_YEAR_NOVEMBER",
        }
    }

    /// Parses a setting value (`FINANCIAL_YEAR_APRIL`) or the financial period type name it maps
    /// to (`FinancialApril`).
    pub fn from_name(name: &str) -> Result<FinancialYearStart, RelativePeriodError> {
        FinancialYearStart::all()
            .iter()
            .copied()
            .find(|start| start.name() == name || start.period_type().name() == name)
            .ok_or_else(|| RelativePeriodError::UnknownFinancialYearStart(name.to_string()))
    }

    /// The financial period type.
    pub fn period_type(self) -> PeriodType {
        match self {
            FinancialYearStart::April => PeriodType::FinancialApril,
            FinancialYearStart::July => PeriodType::FinancialJuly,
            FinancialYearStart::September => PeriodType::FinancialSep,
            FinancialYearStart::October => PeriodType::FinancialOct,
            FinancialYearStart::November => PeriodType::FinancialNov,
        }
    }
}

impl fmt::Display for FinancialYearStart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for FinancialYearStart {
    type Err = RelativePeriodError;

    fn from_str(name: &str) -> Result<FinancialYearStart, RelativePeriodError> {
        FinancialYearStart::from_name(name)
    }
}

impl serde::Serialize for FinancialYearStart {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> serde::Deserialize<'de> for FinancialYearStart {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        FinancialYearStart::from_name(&text).map_err(serde::de::Error::custom)
    }
}
