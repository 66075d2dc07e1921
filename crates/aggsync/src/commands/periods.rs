//! The period commands: `periods`, `period-of`, `period`, `relative-periods` and `period-types`.
//!
//! Thin wrappers over `sync_core::period`: all period logic lives there. A period prints as
//! `{"id","periodType","startDate","endDate"}`, lists as JSON arrays in chronological order.

use anyhow::{Context, bail};
use clap::Args;
use serde_json::{Value, json};
use sync_core::date::Date;
use sync_core::period::relative::{FinancialYearStart, RelativePeriod, weekly_start_from_name};
use sync_core::period::{Period, PeriodType};

/// Arguments of `aggsync periods`.
#[derive(Debug, Args)]
pub struct PeriodsArgs {
    /// Period type, as in `dataSet.periodType` (Daily, Weekly, Monthly, FinancialNov, ...).
    #[arg(long = "type", value_name = "TYPE")]
    period_type: String,
    /// First day of the range (yyyy-MM-dd).
    #[arg(long, value_name = "DATE")]
    from: String,
    /// Last day of the range, inclusive (yyyy-MM-dd).
    #[arg(long, value_name = "DATE")]
    to: String,
}

/// Arguments of `aggsync period-of`.
#[derive(Debug, Args)]
pub struct PeriodOfArgs {
    /// Period type, as in `dataSet.periodType`.
    #[arg(long = "type", value_name = "TYPE")]
    period_type: String,
    /// The day (yyyy-MM-dd).
    #[arg(long, value_name = "DATE")]
    date: String,
}

/// Arguments of `aggsync period`.
#[derive(Debug, Args)]
pub struct PeriodArgs {
    /// ISO period id as the server writes it (20240315, 2024W1, 202403, 2024NovQ1, 2024Oct, ...).
    #[arg(long, value_name = "ID")]
    id: String,
}

/// Arguments of `aggsync relative-periods`.
#[derive(Debug, Args)]
pub struct RelativePeriodsArgs {
    /// Relative period keyword (TODAY, LAST_7_DAYS, THIS_WEEK, LAST_12_MONTHS, ...).
    #[arg(long, value_name = "NAME")]
    name: String,
    /// The day to resolve against (yyyy-MM-dd).
    #[arg(long, value_name = "DATE")]
    today: String,
    /// analyticsFinancialYearStart value (FINANCIAL_YEAR_APRIL, _JULY, _SEPTEMBER, _OCTOBER,
    /// _NOVEMBER).
    #[arg(long, value_name = "START", default_value = "FINANCIAL_YEAR_OCTOBER")]
    financial_year_start: String,
    /// Weekly period type of the weekly keywords (Weekly, WeeklyWednesday, WeeklyThursday,
    /// WeeklySaturday, WeeklySunday; or WEEKLY, WEEKLY_WEDNESDAY, ...).
    #[arg(long, value_name = "TYPE", default_value = "Weekly")]
    weekly_start: String,
}

/// `aggsync periods`: the periods of a type lying completely inside a date range.
pub fn periods(args: &PeriodsArgs) -> anyhow::Result<Value> {
    let period_type = parse_type(&args.period_type)?;
    let from = parse_date("--from", &args.from)?;
    let to = parse_date("--to", &args.to)?;
    if from > to {
        bail!("--from {from} is after --to {to}");
    }
    Ok(period_list(&period_type.periods_within(from, to)))
}

/// `aggsync period-of`: the period of a type containing a date.
pub fn period_of(args: &PeriodOfArgs) -> anyhow::Result<Value> {
    let period_type = parse_type(&args.period_type)?;
    let date = parse_date("--date", &args.date)?;
    Ok(period_json(&period_type.period_of(date)))
}

/// `aggsync period`: the period an ISO id names.
pub fn period(args: &PeriodArgs) -> anyhow::Result<Value> {
    let period = Period::parse(&args.id)?;
    Ok(period_json(&period))
}

/// `aggsync relative-periods`: the periods a relative keyword expands to on `--today`.
pub fn relative_periods(args: &RelativePeriodsArgs) -> anyhow::Result<Value> {
    let relative = RelativePeriod::from_name(&args.name)?;
    let today = parse_date("--today", &args.today)?;
    let financial_year_start = FinancialYearStart::from_name(&args.financial_year_start)?;
    let weekly_start = weekly_start_from_name(&args.weekly_start)?;
    Ok(period_list(&relative.resolve(
        today,
        financial_year_start,
        weekly_start,
    )))
}

/// `aggsync period-types`: the supported period types, like `GET /api/periodTypes`.
pub fn period_types() -> Value {
    let types: Vec<Value> = PeriodType::all()
        .iter()
        .map(|period_type| {
            json!({
                "name": period_type.name(),
                "frequencyOrder": period_type.frequency_order(),
                "isoDuration": period_type.iso_duration(),
            })
        })
        .collect();
    Value::Array(types)
}

/// A period as printed: `{"id","periodType","startDate","endDate"}`, in that order.
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PeriodOutput {
    /// ISO id as the server writes it.
    pub id: String,
    /// Period type name.
    pub period_type: &'static str,
    /// First day, `yyyy-MM-dd`.
    pub start_date: Date,
    /// Last day (inclusive), `yyyy-MM-dd`.
    pub end_date: Date,
}

impl From<&Period> for PeriodOutput {
    fn from(period: &Period) -> PeriodOutput {
        PeriodOutput {
            id: period.id(),
            period_type: period.period_type().name(),
            start_date: period.start_date(),
            end_date: period.end_date(),
        }
    }
}

/// A period as the JSON value printed.
pub fn period_json(period: &Period) -> Value {
    json!(PeriodOutput::from(period))
}

fn period_list(periods: &[Period]) -> Value {
    Value::Array(periods.iter().map(period_json).collect())
}

fn parse_type(name: &str) -> anyhow::Result<PeriodType> {
    Ok(PeriodType::from_name(name)?)
}

fn parse_date(option: &str, text: &str) -> anyhow::Result<Date> {
    text.parse::<Date>().with_context(|| option.to_string())
}
