//! Table-driven tests of fixed periods: ids, start and end dates, the period of a date, across
//! year boundaries, 53-week years and November-based types.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use sync_core::date::Date;
use sync_core::period::{Period, PeriodError, PeriodType};

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

/// `id` parses to `[start, end]` of `period_type`, formats back to `id`, and every day of it maps
/// back to it with `period_of`.
fn check(id: &str, period_type: PeriodType, start: &str, end: &str) {
    let period = Period::parse(id).unwrap_or_else(|error| panic!("{id}: {error}"));
    assert_eq!(period.period_type(), period_type, "{id}: type");
    assert_eq!(period.start_date(), date(start), "{id}: start");
    assert_eq!(period.end_date(), date(end), "{id}: end");
    assert_eq!(period.id(), id, "{id}: id");
    assert_eq!(
        period_type.period_of(date(start)),
        period,
        "{id}: period_of(start)"
    );
    assert_eq!(
        period_type.period_of(date(end)),
        period,
        "{id}: period_of(end)"
    );
}

#[test]
fn daily() {
    check("20240315", PeriodType::Daily, "2024-03-15", "2024-03-15");
    check("20241231", PeriodType::Daily, "2024-12-31", "2024-12-31");
    check("20240229", PeriodType::Daily, "2024-02-29", "2024-02-29");
}

#[test]
fn weekly_iso() {
    let cases = [
        ("2024W1", "2024-01-01", "2024-01-07"),
        ("2024W52", "2024-12-23", "2024-12-29"),
        ("2025W1", "2024-12-30", "2025-01-05"),
        ("2020W53", "2020-12-28", "2021-01-03"),
        ("2021W1", "2021-01-04", "2021-01-10"),
        ("2015W53", "2015-12-28", "2016-01-03"),
        ("2016W1", "2016-01-04", "2016-01-10"),
        ("2026W53", "2026-12-28", "2027-01-03"),
        ("2026W1", "2025-12-29", "2026-01-04"),
        ("2009W53", "2009-12-28", "2010-01-03"),
        ("2023W1", "2023-01-02", "2023-01-08"),
        ("2022W52", "2022-12-26", "2023-01-01"),
    ];
    for (id, start, end) in cases {
        check(id, PeriodType::Weekly, start, end);
    }
}

#[test]
fn weekly_other_first_days() {
    use PeriodType::{WeeklySaturday as Sat, WeeklySunday as Sun};
    use PeriodType::{WeeklyThursday as Thu, WeeklyWednesday as Wed};
    let cases = [
        // Reference examples (§6.1).
        ("2015WedW5", Wed, "2015-01-28", "2015-02-03"),
        ("2015ThuW6", Thu, "2015-02-05", "2015-02-11"),
        ("2015SatW7", Sat, "2015-02-14", "2015-02-20"),
        ("2015SunW8", Sun, "2015-02-22", "2015-02-28"),
        // Week 1 is the week holding 4 January.
        ("2024WedW1", Wed, "2024-01-03", "2024-01-09"),
        ("2024ThuW1", Thu, "2024-01-04", "2024-01-10"),
        ("2024SatW1", Sat, "2023-12-30", "2024-01-05"),
        ("2024SunW1", Sun, "2023-12-31", "2024-01-06"),
        ("2023SunW1", Sun, "2023-01-01", "2023-01-07"),
        ("2022SunW52", Sun, "2022-12-25", "2022-12-31"),
        ("2021SatW1", Sat, "2021-01-02", "2021-01-08"),
        ("2020SatW52", Sat, "2020-12-26", "2021-01-01"),
        ("2019SatW53", Sat, "2019-12-28", "2020-01-03"),
        ("2020SatW1", Sat, "2020-01-04", "2020-01-10"),
        ("2022WedW52", Wed, "2022-12-21", "2022-12-27"),
        ("2022WedW53", Wed, "2022-12-28", "2023-01-03"),
        ("2023WedW1", Wed, "2023-01-04", "2023-01-10"),
        ("2025ThuW1", Thu, "2025-01-02", "2025-01-08"),
        ("2020ThuW52", Thu, "2020-12-24", "2020-12-30"),
        ("2021ThuW1", Thu, "2020-12-31", "2021-01-06"),
        ("2020SunW53", Sun, "2020-12-27", "2021-01-02"),
    ];
    for (id, period_type, start, end) in cases {
        check(id, period_type, start, end);
    }
}

#[test]
fn week_53_only_when_it_exists() {
    for id in ["2015W53", "2020W53", "2026W53", "2019SatW53", "2022WedW53"] {
        assert!(Period::parse(id).is_ok(), "{id}");
    }
    for id in [
        "2024W53",
        "2021W53",
        "2025W53",
        "2024W0",
        "2024W54",
        "2023SunW53",
        "2021BiW27",
    ] {
        assert_eq!(
            Period::parse(id),
            Err(PeriodError::InvalidId(id.to_string())),
            "{id}"
        );
    }
    assert_eq!(PeriodType::Weekly.weeks_in_year(2020), 53);
    assert_eq!(PeriodType::Weekly.weeks_in_year(2024), 52);
    assert_eq!(PeriodType::Weekly.weeks_in_year(2026), 53);
}

#[test]
fn dates_in_week_based_years() {
    let cases = [
        ("2024-12-30", PeriodType::Weekly, "2025W1"),
        ("2021-01-03", PeriodType::Weekly, "2020W53"),
        ("2021-01-01", PeriodType::Weekly, "2020W53"),
        ("2016-01-03", PeriodType::Weekly, "2015W53"),
        ("2027-01-01", PeriodType::Weekly, "2026W53"),
        ("2025-12-31", PeriodType::Weekly, "2026W1"),
        ("2024-12-31", PeriodType::WeeklySunday, "2025SunW1"),
        ("2024-12-28", PeriodType::WeeklySunday, "2024SunW52"),
        ("2024-12-31", PeriodType::BiWeekly, "2025BiW1"),
        ("2024-03-15", PeriodType::Daily, "20240315"),
        ("2024-03-15", PeriodType::Monthly, "202403"),
        ("2024-03-15", PeriodType::BiMonthly, "202402B"),
        ("2024-12-31", PeriodType::BiMonthly, "202406B"),
        ("2024-03-15", PeriodType::Quarterly, "2024Q1"),
        ("2023-11-01", PeriodType::QuarterlyNov, "2024NovQ1"),
        ("2024-01-31", PeriodType::QuarterlyNov, "2024NovQ1"),
        ("2024-02-01", PeriodType::QuarterlyNov, "2024NovQ2"),
        ("2024-10-31", PeriodType::QuarterlyNov, "2024NovQ4"),
        ("2024-11-01", PeriodType::QuarterlyNov, "2025NovQ1"),
        ("2024-07-01", PeriodType::SixMonthly, "2024S2"),
        ("2024-03-31", PeriodType::SixMonthlyApril, "2023AprilS2"),
        ("2024-04-01", PeriodType::SixMonthlyApril, "2024AprilS1"),
        ("2024-11-01", PeriodType::SixMonthlyNov, "2025NovS1"),
        ("2024-10-31", PeriodType::SixMonthlyNov, "2024NovS2"),
        ("2024-12-31", PeriodType::Yearly, "2024"),
        ("2024-03-31", PeriodType::FinancialApril, "2023April"),
        ("2024-06-30", PeriodType::FinancialJuly, "2023July"),
        ("2024-08-31", PeriodType::FinancialSep, "2023Sep"),
        ("2024-09-01", PeriodType::FinancialSep, "2024Sep"),
        ("2024-09-30", PeriodType::FinancialOct, "2023Oct"),
        ("2024-10-31", PeriodType::FinancialNov, "2024Nov"),
        ("2024-11-01", PeriodType::FinancialNov, "2025Nov"),
    ];
    for (day, period_type, id) in cases {
        assert_eq!(
            period_type.period_of(date(day)).id(),
            id,
            "{period_type} of {day}"
        );
    }
}

#[test]
fn bi_weekly() {
    let cases = [
        ("2024BiW1", "2024-01-01", "2024-01-14"),
        ("2024BiW26", "2024-12-16", "2024-12-29"),
        ("2025BiW1", "2024-12-30", "2025-01-12"),
        ("2021BiW1", "2021-01-04", "2021-01-17"),
        ("2020BiW26", "2020-12-14", "2020-12-27"),
        ("2023BiW26", "2023-12-18", "2023-12-31"),
    ];
    for (id, start, end) in cases {
        check(id, PeriodType::BiWeekly, start, end);
    }
    // In a 53-week year the server's last bi-week is week 53 plus the next year's week 1, and
    // overlaps that year's first bi-week (dhis2-core BiWeeklyAbstractPeriodType).
    let last = Period::parse("2020BiW27").unwrap();
    assert_eq!(last.start_date(), date("2020-12-28"));
    assert_eq!(last.end_date(), date("2021-01-10"));
    assert_eq!(PeriodType::BiWeekly.period_of(date("2020-12-31")), last);
    assert_eq!(
        PeriodType::BiWeekly.period_of(date("2021-01-05")).id(),
        "2021BiW1"
    );
    assert_eq!(last.next().id(), "2021BiW1");
    assert_eq!(Period::parse("2020BiW26").unwrap().next(), last);
}

#[test]
fn month_based() {
    let cases = [
        ("202403", PeriodType::Monthly, "2024-03-01", "2024-03-31"),
        ("202402", PeriodType::Monthly, "2024-02-01", "2024-02-29"),
        ("202302", PeriodType::Monthly, "2023-02-01", "2023-02-28"),
        ("202412", PeriodType::Monthly, "2024-12-01", "2024-12-31"),
        ("202401B", PeriodType::BiMonthly, "2024-01-01", "2024-02-29"),
        ("202402B", PeriodType::BiMonthly, "2024-03-01", "2024-04-30"),
        ("202406B", PeriodType::BiMonthly, "2024-11-01", "2024-12-31"),
        ("2024Q1", PeriodType::Quarterly, "2024-01-01", "2024-03-31"),
        ("2024Q4", PeriodType::Quarterly, "2024-10-01", "2024-12-31"),
        (
            "2024NovQ1",
            PeriodType::QuarterlyNov,
            "2023-11-01",
            "2024-01-31",
        ),
        (
            "2024NovQ2",
            PeriodType::QuarterlyNov,
            "2024-02-01",
            "2024-04-30",
        ),
        (
            "2024NovQ3",
            PeriodType::QuarterlyNov,
            "2024-05-01",
            "2024-07-31",
        ),
        (
            "2024NovQ4",
            PeriodType::QuarterlyNov,
            "2024-08-01",
            "2024-10-31",
        ),
        ("2024S1", PeriodType::SixMonthly, "2024-01-01", "2024-06-30"),
        ("2024S2", PeriodType::SixMonthly, "2024-07-01", "2024-12-31"),
        (
            "2024AprilS1",
            PeriodType::SixMonthlyApril,
            "2024-04-01",
            "2024-09-30",
        ),
        (
            "2024AprilS2",
            PeriodType::SixMonthlyApril,
            "2024-10-01",
            "2025-03-31",
        ),
        (
            "2024NovS1",
            PeriodType::SixMonthlyNov,
            "2023-11-01",
            "2024-04-30",
        ),
        (
            "2024NovS2",
            PeriodType::SixMonthlyNov,
            "2024-05-01",
            "2024-10-31",
        ),
        ("2024", PeriodType::Yearly, "2024-01-01", "2024-12-31"),
        (
            "2024April",
            PeriodType::FinancialApril,
            "2024-04-01",
            "2025-03-31",
        ),
        (
            "2024July",
            PeriodType::FinancialJuly,
            "2024-07-01",
            "2025-06-30",
        ),
        (
            "2024Sep",
            PeriodType::FinancialSep,
            "2024-09-01",
            "2025-08-31",
        ),
        (
            "2024Oct",
            PeriodType::FinancialOct,
            "2024-10-01",
            "2025-09-30",
        ),
        (
            "2024Nov",
            PeriodType::FinancialNov,
            "2023-11-01",
            "2024-10-31",
        ),
    ];
    for (id, period_type, start, end) in cases {
        check(id, period_type, start, end);
    }
}

#[test]
fn alternative_spellings_parse_to_canonical_ids() {
    let cases = [
        ("2024-03-15", "20240315"),
        ("2024-03", "202403"),
        ("2024W01", "2024W1"),
        ("2024BiW01", "2024BiW1"),
        ("2024SunW09", "2024SunW9"),
    ];
    for (text, id) in cases {
        assert_eq!(
            Period::parse(text).map(|period| period.id()),
            Ok(id.to_string()),
            "{text}"
        );
    }
}

#[test]
fn invalid_ids() {
    let cases = [
        "",
        "2024X1",
        "202413",
        "202400",
        "20240230",
        "2024-3",
        "2024-03-1",
        "2024-0315",
        "202403-15",
        "24W1",
        "2024W",
        "2024W123",
        "2024Q0",
        "2024Q5",
        "2024Q10",
        "2024S3",
        "2024NovQ5",
        "2024AprilS3",
        "2024NovS0",
        "202407B",
        "202400B",
        "2024B",
        "2024march",
        "2024april",
        "2024 ",
        " 2024",
        "2024W1 ",
        "2024é1",
        "2024aé1",
        "２０２４",
        "2024BiW0",
        "2024BiW28",
        "2024-W1",
        "+2024",
    ];
    for id in cases {
        assert_eq!(
            Period::parse(id),
            Err(PeriodError::InvalidId(id.to_string())),
            "{id:?}"
        );
    }
}

#[test]
fn period_type_names() {
    assert_eq!(PeriodType::all().len(), 20);
    for &period_type in PeriodType::all() {
        assert_eq!(PeriodType::from_name(period_type.name()), Ok(period_type));
        assert_eq!(period_type.to_string(), period_type.name());
    }
    assert_eq!(PeriodType::from_name("weekly"), Ok(PeriodType::Weekly));
    assert_eq!(
        PeriodType::from_name("TwoYearly"),
        Err(PeriodError::UnknownType("TwoYearly".to_string()))
    );
    assert_eq!(PeriodType::Monthly.frequency_order(), 30);
    assert_eq!(PeriodType::BiMonthly.frequency_order(), 61);
    assert_eq!(PeriodType::FinancialNov.frequency_order(), 365);
    assert_eq!(PeriodType::BiMonthly.iso_duration(), "P2M");
    assert!(PeriodType::WeeklySunday.is_weekly());
    assert!(!PeriodType::BiWeekly.is_weekly());
}

#[test]
fn periods_within_a_range() {
    let ids = |period_type: PeriodType, from: &str, to: &str| -> Vec<String> {
        period_type
            .periods_within(date(from), date(to))
            .iter()
            .map(Period::id)
            .collect()
    };
    assert_eq!(
        ids(PeriodType::Monthly, "2024-01-15", "2024-04-30"),
        ["202402", "202403", "202404"]
    );
    assert_eq!(
        ids(PeriodType::Monthly, "2024-01-01", "2024-01-30"),
        Vec::<String>::new()
    );
    assert_eq!(
        ids(PeriodType::Weekly, "2024-12-23", "2025-01-12"),
        ["2024W52", "2025W1", "2025W2"]
    );
    assert_eq!(
        ids(PeriodType::Quarterly, "2024-05-01", "2024-03-01"),
        Vec::<String>::new()
    );
    assert_eq!(
        ids(PeriodType::Daily, "2024-02-28", "2024-03-01"),
        ["20240228", "20240229", "20240301"]
    );
    assert_eq!(
        ids(PeriodType::FinancialNov, "2023-11-01", "2025-10-31"),
        ["2024Nov", "2025Nov"]
    );
    assert_eq!(
        ids(PeriodType::BiWeekly, "2020-12-14", "2021-01-17"),
        ["2020BiW26", "2020BiW27", "2021BiW1"]
    );
}

#[test]
fn next_and_previous() {
    let cases = [
        ("2020W53", "2021W1", "2020W52"),
        ("2024W52", "2025W1", "2024W51"),
        ("202412", "202501", "202411"),
        ("202406B", "202501B", "202405B"),
        ("2024NovQ4", "2025NovQ1", "2024NovQ3"),
        ("2024NovQ1", "2024NovQ2", "2023NovQ4"),
        ("2024AprilS2", "2025AprilS1", "2024AprilS1"),
        ("2024NovS1", "2024NovS2", "2023NovS2"),
        ("2024Nov", "2025Nov", "2023Nov"),
        ("20241231", "20250101", "20241230"),
        ("2025BiW1", "2025BiW2", "2024BiW26"),
    ];
    for (id, next, previous) in cases {
        let period = Period::parse(id).unwrap();
        assert_eq!(period.next().id(), next, "next of {id}");
        assert_eq!(period.previous().id(), previous, "previous of {id}");
    }
}

#[test]
fn serde_as_strings() {
    let period = Period::parse("2024NovQ1").unwrap();
    assert_eq!(serde_json::to_string(&period).unwrap(), "\"2024NovQ1\"");
    assert_eq!(
        serde_json::from_str::<Period>("\"2024-03\"").unwrap().id(),
        "202403"
    );
    assert!(serde_json::from_str::<Period>("\"2024W53\"").is_err());
    assert_eq!(
        serde_json::to_string(&PeriodType::SixMonthlyNov).unwrap(),
        "\"SixMonthlyNov\""
    );
    assert_eq!(
        serde_json::from_str::<PeriodType>("\"FinancialSep\"").unwrap(),
        PeriodType::FinancialSep
    );
    assert!(serde_json::from_str::<PeriodType>("\"Fortnightly\"").is_err());
}

#[test]
fn contains_and_days() {
    let period = Period::parse("2024Q1").unwrap();
    assert!(period.contains(date("2024-01-01")));
    assert!(period.contains(date("2024-03-31")));
    assert!(!period.contains(date("2024-04-01")));
    assert_eq!(period.days(), 91);
    assert_eq!(Period::parse("2024").unwrap().days(), 366);
    assert_eq!(Period::parse("2020BiW27").unwrap().days(), 14);
}
