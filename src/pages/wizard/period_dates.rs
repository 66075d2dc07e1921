//! What a period choice means in dates, for the period step while the user chooses: sync-core's
//! relative period resolution with today and the instance's analytics settings (sync-engine's
//! `PeriodSettings`, the run's) as parameters; the summary shows the dates the run plans.
//! No view code.

use sync_core::date::Date;
use sync_core::model::PeriodDraft;
use sync_core::period::relative::{RelativePeriod, RelativePeriodGroup};

pub use sync_engine::plan::PeriodSettings;

/// The dates a period choice covers, and for a relative period its periods.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResolvedPeriod {
    /// First day.
    pub start: Date,
    /// Last day (inclusive).
    pub end: Date,
    /// ISO ids of a relative period's periods (empty for fixed dates).
    pub periods: Vec<String>,
}

/// Resolves a period choice on `today`; `None` when it cannot be read (validation says why) or
/// has no fixed dates (changes since the last sync).
pub fn resolve_period(
    period: &PeriodDraft,
    today: Date,
    settings: PeriodSettings,
) -> Option<ResolvedPeriod> {
    match period {
        PeriodDraft::Relative { relative_period } => {
            let relative = RelativePeriod::from_name(relative_period).ok()?;
            let periods =
                relative.resolve(today, settings.financial_year_start, settings.weekly_start);
            let (start, end) =
                relative.date_range(today, settings.financial_year_start, settings.weekly_start);
            Some(ResolvedPeriod {
                start,
                end,
                periods: periods.iter().map(|period| period.id()).collect(),
            })
        }
        PeriodDraft::Fixed {
            start_date,
            end_date,
        } => {
            let start = start_date.trim().parse::<Date>().ok()?;
            let end = end_date.trim().parse::<Date>().ok()?;
            (start <= end).then_some(ResolvedPeriod {
                start,
                end,
                periods: Vec::new(),
            })
        }
        PeriodDraft::SinceLastSuccessfulSync { .. } => None,
    }
}

/// `LAST_7_DAYS` → `Last 7 days` (in the user's language); a name DHIS2 does not have as its
/// words.
pub fn relative_label(name: &str) -> String {
    if let Ok(relative) = RelativePeriod::from_name(name) {
        return relative_period_label(relative);
    }
    let words = name.to_lowercase().replace('_', " ");
    let mut characters = words.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}

/// A relative period's name as DHIS2's selector shows it, in the user's language.
pub fn relative_period_label(relative: RelativePeriod) -> String {
    t!(
        "relative-period",
        name = relative.name(),
        label = relative.label()
    )
}

/// A group of the relative period selector, in the user's language.
pub fn relative_period_group_label(group: RelativePeriodGroup) -> String {
    t!(
        "relative-period-group",
        name = format!("{group:?}"),
        label = group.label()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        text.parse().expect("date")
    }

    #[test]
    fn relative_periods_resolve_with_the_settings() {
        let today = date("2024-05-15");
        let last_month = PeriodDraft::Relative {
            relative_period: "LAST_MONTH".into(),
        };
        let resolved = resolve_period(&last_month, today, PeriodSettings::default());
        assert_eq!(
            resolved,
            Some(ResolvedPeriod {
                start: date("2024-04-01"),
                end: date("2024-04-30"),
                periods: vec!["202404".into()],
            })
        );
        let financial = PeriodDraft::Relative {
            relative_period: "THIS_FINANCIAL_YEAR".into(),
        };
        let april = PeriodSettings::from_settings(&dhis2_api::AnalyticsSettings {
            financial_year_start: Some("FINANCIAL_YEAR_APRIL".into()),
            ..dhis2_api::AnalyticsSettings::default()
        });
        let resolved = resolve_period(&financial, today, april).expect("resolved");
        assert_eq!(
            (resolved.start, resolved.end),
            (date("2024-04-01"), date("2025-03-31"))
        );
    }

    #[test]
    fn fixed_dates_and_labels() {
        let fixed = PeriodDraft::Fixed {
            start_date: "2024-01-01".into(),
            end_date: "2023-01-01".into(),
        };
        assert_eq!(
            resolve_period(&fixed, date("2024-05-15"), PeriodSettings::default()),
            None
        );
        assert_eq!(relative_label("LAST_7_DAYS"), "Last 7 days");
        assert_eq!(relative_label("THIS_FINANCIAL_YEAR"), "This financial year");
    }
}
