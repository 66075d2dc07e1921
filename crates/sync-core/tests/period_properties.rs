//! Property tests of fixed periods over every day of three decades, for every period type:
//! each date lies in exactly one period (except where the server's own bi-weeks overlap), ids
//! round-trip, consecutive periods tile, `periods_within` returns exactly the periods inside the
//! range, and periods of finer types nest in coarser ones.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use std::collections::BTreeSet;

use sync_core::date::Date;
use sync_core::period::{Period, PeriodType};

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

/// Every day from 1999-12-01 to 2031-01-31.
fn days() -> impl Iterator<Item = Date> {
    let first = date("1999-12-01");
    let last = date("2031-01-31");
    (0..=first.days_until(last)).map(move |offset| first.add_days(offset))
}

/// The bi-week 27 of a 53-week year overlaps bi-week 1 of the next year, as on the server.
fn is_overlapping_bi_week(period: &Period) -> bool {
    period.period_type() == PeriodType::BiWeekly && period.id().ends_with("BiW27")
}

#[test]
fn every_day_lies_in_its_period_and_ids_round_trip() {
    for &period_type in PeriodType::all() {
        let mut previous: Option<Period> = None;
        for day in days() {
            let period = period_type.period_of(day);
            assert!(period.contains(day), "{period_type} of {day}: {period:?}");
            assert_eq!(period.period_type(), period_type);
            let id = period.id();
            assert_eq!(Period::parse(&id), Ok(period), "{id} of {day}");
            assert_eq!(period_type.period_of(period.start_date()), period, "{id}");
            // The period of the next day is the same period or the one right after it.
            if let Some(before) = previous
                && before != period
            {
                assert_eq!(before.next(), period, "{before:?} then {period:?}");
                assert_eq!(period.previous(), before, "{period:?} after {before:?}");
                if !is_overlapping_bi_week(&before) {
                    assert_eq!(before.end_date().add_days(1), period.start_date(), "{id}");
                }
            }
            previous = Some(period);
        }
    }
}

#[test]
fn lengths_match_the_type() {
    for &period_type in PeriodType::all() {
        let range = match period_type.frequency_order() {
            1 => 1..=1,
            7 => 7..=7,
            14 => 14..=14,
            30 => 28..=31,
            61 => 59..=62,
            91 => 89..=92,
            182 => 181..=184,
            _ => 365..=366,
        };
        for day in days().step_by(5) {
            let period = period_type.period_of(day);
            assert!(range.contains(&period.days()), "{period:?}");
        }
    }
}

#[test]
fn exactly_one_period_per_day_except_overlapping_bi_weeks() {
    let first = date("2014-06-01");
    let last = date("2028-06-30");
    for &period_type in PeriodType::all() {
        // Every period touching the range, found by walking from well before it.
        let mut periods = Vec::new();
        let mut period = period_type.period_of(first.add_days(-400));
        while period.start_date() <= last {
            periods.push(period);
            period = period.next();
        }
        let mut day = first;
        while day <= last {
            let holding: Vec<&Period> = periods.iter().filter(|p| p.contains(day)).collect();
            // Only the days of week 1 after a 53-week year lie in two bi-weeks.
            let week = PeriodType::Weekly.period_of(day);
            let overlapping = period_type == PeriodType::BiWeekly
                && week.id().ends_with("W1")
                && week.previous().id().ends_with("W53");
            let expected = if overlapping { 2 } else { 1 };
            assert_eq!(
                holding.len(),
                expected,
                "{period_type} on {day}: {holding:?}"
            );
            assert!(holding.contains(&&period_type.period_of(day)));
            day = day.add_days(1);
        }
    }
}

#[test]
fn periods_within_returns_exactly_the_periods_inside() {
    // A small deterministic generator instead of a random one: the runs are reproducible.
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |bound: i32| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        i32::try_from(state % u64::try_from(bound).unwrap()).unwrap()
    };
    let base = date("2000-01-01");
    for round in 0..250 {
        let from = base.add_days(next(11_000));
        let length = if round % 4 == 0 {
            next(60)
        } else {
            next(1_500)
        };
        let to = from.add_days(length);
        for &period_type in PeriodType::all() {
            let within = period_type.periods_within(from, to);
            for period in &within {
                assert!(
                    from <= period.start_date() && period.end_date() <= to,
                    "{period:?}"
                );
            }
            for pair in within.windows(2) {
                assert!(pair[0].start_date() < pair[1].start_date());
                if !is_overlapping_bi_week(&pair[0]) {
                    assert_eq!(pair[0].end_date().add_days(1), pair[1].start_date());
                }
            }
            // The same set as every period of a day of the range that fits inside.
            let mut expected = BTreeSet::new();
            let mut day = from;
            while day <= to {
                let period = period_type.period_of(day);
                if from <= period.start_date() && period.end_date() <= to {
                    expected.insert(period);
                }
                day = day.add_days(1);
            }
            let actual: BTreeSet<Period> = within.iter().copied().collect();
            assert_eq!(actual.len(), within.len(), "duplicates for {period_type}");
            assert_eq!(actual, expected, "{period_type} within {from}..{to}");
        }
        assert!(PeriodType::Monthly.periods_within(to, from).len() <= 1);
    }
}

#[test]
fn finer_periods_nest_in_coarser_ones() {
    use PeriodType as T;
    let chains: &[&[PeriodType]] = &[
        &[T::Daily, T::Weekly, T::BiWeekly],
        &[T::Daily, T::Monthly, T::BiMonthly, T::SixMonthly, T::Yearly],
        &[T::Monthly, T::Quarterly, T::SixMonthly],
        &[
            T::Monthly,
            T::QuarterlyNov,
            T::SixMonthlyNov,
            T::FinancialNov,
        ],
        &[T::Monthly, T::SixMonthlyApril, T::FinancialApril],
        &[T::Quarterly, T::FinancialApril],
        &[T::Quarterly, T::FinancialJuly],
        &[T::Quarterly, T::FinancialOct],
        &[T::Monthly, T::FinancialSep],
        &[T::Daily, T::WeeklyWednesday],
        &[T::Daily, T::WeeklyThursday],
        &[T::Daily, T::WeeklySaturday],
        &[T::Daily, T::WeeklySunday],
    ];
    for day in days() {
        for chain in chains {
            for pair in chain.windows(2) {
                let finer = pair[0].period_of(day);
                let coarser = pair[1].period_of(day);
                assert!(coarser.contains_period(&finer), "{finer:?} in {coarser:?}");
            }
        }
    }
}

#[test]
fn week_numbers_follow_week_fields_with_four_minimal_days() {
    // Week 1 of every type is the week holding 4 January; weeks are numbered without gaps.
    for &period_type in PeriodType::all().iter().filter(|t| t.is_weekly()) {
        for year in 1990..2040 {
            let january_4 = Date::from_ymd(year, 1, 4).unwrap();
            let first = period_type.period_of(january_4);
            assert!(first.id().ends_with("W1"), "{first:?}");
            assert!(first.id().starts_with(&year.to_string()));
            let weeks = period_type.weeks_in_year(year);
            assert!(weeks == 52 || weeks == 53);
            let last = first.offset(i32::try_from(weeks).unwrap() - 1);
            assert!(last.id().ends_with(&format!("W{weeks}")), "{last:?}");
            assert!(last.next().id().ends_with("W1"));
            assert!(last.end_date() >= Date::from_ymd(year, 12, 28).unwrap());
            assert!(
                Period::parse(&format!(
                    "{}W{}",
                    &first.id()[..first.id().len() - 2],
                    weeks + 1
                ))
                .is_err()
            );
        }
    }
}
