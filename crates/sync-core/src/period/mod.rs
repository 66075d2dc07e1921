//! DHIS2 fixed periods: period types, ISO ids exactly as the server spells them, start and end
//! dates, containment, ranges, previous and next. Relative periods live in [`relative`].
//!
//! CONTRACT (being implemented): other modules rely on these names and signatures.
//! The server (dhis2-core `DateUnitType`, `*PeriodType`) is the authority, not any JS library.

pub mod relative;

use crate::date::Date;

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
        unimplemented!("period contract")
    }

    /// Parses a server period type name.
    pub fn from_name(name: &str) -> Result<PeriodType, PeriodError> {
        unimplemented!("period contract {name}")
    }

    /// The period of this type containing `date`.
    pub fn period_of(self, date: Date) -> Period {
        unimplemented!("period contract {date}")
    }

    /// The periods of this type lying completely inside `[from, to]`, in order.
    pub fn periods_within(self, from: Date, to: Date) -> Vec<Period> {
        unimplemented!("period contract {from} {to}")
    }
}

impl Period {
    /// Parses an ISO period id exactly as the server spells it.
    pub fn parse(id: &str) -> Result<Period, PeriodError> {
        unimplemented!("period contract {id}")
    }

    /// The ISO id, as the server writes it.
    pub fn id(&self) -> String {
        unimplemented!("period contract")
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

    /// The following period of the same type.
    pub fn next(&self) -> Period {
        self.period_type.period_of(self.end.add_days(1))
    }

    /// The preceding period of the same type.
    pub fn previous(&self) -> Period {
        self.period_type.period_of(self.start.add_days(-1))
    }
}
