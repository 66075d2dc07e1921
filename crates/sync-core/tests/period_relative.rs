//! Relative periods resolved against fixed todays, including year boundaries, 53-week years,
//! every financial year start and weekly start; one table per group of DHIS2's period selector
//! with 1 January, 29 February and 53-week years as today.
#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

use std::collections::BTreeSet;

use sync_core::date::Date;
use sync_core::period::PeriodType;
use sync_core::period::relative::{
    FinancialYearStart, RelativePeriod, RelativePeriodError, RelativePeriodGroup,
    weekly_start_from_name,
};

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

fn ids_with(name: &str, today: &str, start: FinancialYearStart, weekly: PeriodType) -> Vec<String> {
    let relative = RelativePeriod::from_name(name).unwrap();
    relative
        .resolve(date(today), start, weekly)
        .iter()
        .map(|period| period.id())
        .collect()
}

fn ids(name: &str, today: &str) -> Vec<String> {
    ids_with(
        name,
        today,
        FinancialYearStart::default(),
        PeriodType::Weekly,
    )
}

/// `name` on `today` gives exactly `expected`.
fn check(name: &str, today: &str, expected: &[&str]) {
    assert_eq!(ids(name, today), expected, "{name} on {today}");
}

/// `name` on `today` gives `count` periods from `first` to `last`.
fn check_span(name: &str, today: &str, count: usize, first: &str, last: &str) {
    let ids = ids(name, today);
    assert_eq!(ids.len(), count, "{name} on {today}: {ids:?}");
    assert_eq!(
        ids.first().map(String::as_str),
        Some(first),
        "{name} on {today}"
    );
    assert_eq!(
        ids.last().map(String::as_str),
        Some(last),
        "{name} on {today}"
    );
}

#[test]
fn days() {
    let today = "2024-03-15";
    check("TODAY", today, &["20240315"]);
    check("YESTERDAY", today, &["20240314"]);
    check("LAST_3_DAYS", today, &["20240312", "20240313", "20240314"]);
    check_span("LAST_7_DAYS", today, 7, "20240308", "20240314");
    check_span("LAST_14_DAYS", today, 14, "20240301", "20240314");
    check_span("LAST_30_DAYS", today, 30, "20240214", "20240314");
    check_span("LAST_60_DAYS", today, 60, "20240115", "20240314");
    check_span("LAST_90_DAYS", today, 90, "20231216", "20240314");
    check_span("LAST_180_DAYS", today, 180, "20230917", "20240314");
    check("YESTERDAY", "2025-01-01", &["20241231"]);
    check_span("LAST_7_DAYS", "2025-01-03", 7, "20241227", "20250102");
}

#[test]
fn weeks() {
    let today = "2024-03-15";
    check("THIS_WEEK", today, &["2024W11"]);
    check("LAST_WEEK", today, &["2024W10"]);
    check(
        "LAST_4_WEEKS",
        today,
        &["2024W7", "2024W8", "2024W9", "2024W10"],
    );
    check_span("LAST_12_WEEKS", today, 12, "2023W51", "2024W10");
    check_span("LAST_52_WEEKS", today, 52, "2023W11", "2024W10");
    check_span("WEEKS_THIS_YEAR", today, 52, "2024W1", "2024W52");
    // Across 53-week years.
    check("THIS_WEEK", "2024-12-31", &["2025W1"]);
    check("LAST_WEEK", "2025-01-01", &["2024W52"]);
    check("LAST_WEEK", "2021-01-06", &["2020W53"]);
    check(
        "LAST_4_WEEKS",
        "2021-01-06",
        &["2020W50", "2020W51", "2020W52", "2020W53"],
    );
    check_span("LAST_52_WEEKS", "2021-01-06", 52, "2020W2", "2020W53");
    // WEEKS_THIS_YEAR as dhis2-core lists it: the week holding 4 January and the ISO week
    // count of the week-based year holding 1 January of the year that week starts in. So the
    // 53-week years 2020 and 2026 (week 1 starting in December) lose W53, and 2021 (1 January
    // in 2020W53) gets 53 weeks, ending with 2022W1.
    check_span("WEEKS_THIS_YEAR", "2026-11-26", 52, "2026W1", "2026W52");
    check_span("WEEKS_THIS_YEAR", "2020-01-01", 52, "2020W1", "2020W52");
    check_span("WEEKS_THIS_YEAR", "2021-06-01", 53, "2021W1", "2022W1");
    check_span("WEEKS_THIS_YEAR", "2015-06-01", 52, "2015W1", "2015W52");
    check_span("WEEKS_THIS_YEAR", "2016-06-01", 53, "2016W1", "2017W1");
    // The week-based year may start in December: WEEKS_THIS_YEAR follows the calendar year.
    check_span("WEEKS_THIS_YEAR", "2024-12-31", 52, "2024W1", "2024W52");
}

#[test]
fn weekly_start() {
    let sunday = |name: &str, today: &str| {
        ids_with(
            name,
            today,
            FinancialYearStart::October,
            PeriodType::WeeklySunday,
        )
    };
    assert_eq!(sunday("THIS_WEEK", "2024-03-15"), ["2024SunW11"]);
    assert_eq!(sunday("LAST_WEEK", "2024-03-15"), ["2024SunW10"]);
    assert_eq!(sunday("THIS_WEEK", "2024-03-17"), ["2024SunW12"]);
    assert_eq!(
        sunday("LAST_4_WEEKS", "2024-01-02"),
        ["2023SunW49", "2023SunW50", "2023SunW51", "2023SunW52"]
    );
    // Counted as the server counts Monday weeks (see `weeks`): 2020 has 53 Sunday
    // weeks, but week 1 starts in December 2019, a 52-week year.
    let weeks = sunday("WEEKS_THIS_YEAR", "2020-05-05");
    assert_eq!(weeks.len(), 52);
    assert_eq!(weeks.first().map(String::as_str), Some("2020SunW1"));
    assert_eq!(weeks.last().map(String::as_str), Some("2020SunW52"));
    let wednesday = ids_with(
        "THIS_WEEK",
        "2024-03-12",
        FinancialYearStart::October,
        PeriodType::WeeklyWednesday,
    );
    assert_eq!(wednesday, ["2024WedW10"]);
    // Bi-weeks always use Monday weeks; a non-weekly start counts as Weekly.
    let monthly = ids_with(
        "THIS_BIWEEK",
        "2024-03-15",
        FinancialYearStart::October,
        PeriodType::Monthly,
    );
    assert_eq!(monthly, ["2024BiW6"]);
    assert_eq!(
        ids_with(
            "THIS_WEEK",
            "2024-03-15",
            FinancialYearStart::October,
            PeriodType::Monthly
        ),
        ["2024W11"]
    );

    assert_eq!(
        weekly_start_from_name("WEEKLY_SATURDAY"),
        Ok(PeriodType::WeeklySaturday)
    );
    assert_eq!(
        weekly_start_from_name("WeeklyThursday"),
        Ok(PeriodType::WeeklyThursday)
    );
    assert_eq!(weekly_start_from_name("WEEKLY"), Ok(PeriodType::Weekly));
    assert_eq!(
        weekly_start_from_name("BiWeekly"),
        Err(RelativePeriodError::UnknownWeeklyStart(
            "BiWeekly".to_string()
        ))
    );
}

#[test]
fn bi_weeks() {
    let today = "2024-03-15";
    check("THIS_BIWEEK", today, &["2024BiW6"]);
    check("LAST_BIWEEK", today, &["2024BiW5"]);
    check(
        "LAST_4_BIWEEKS",
        today,
        &["2024BiW2", "2024BiW3", "2024BiW4", "2024BiW5"],
    );
    check("THIS_BIWEEK", "2021-01-06", &["2021BiW1"]);
    check("LAST_BIWEEK", "2021-01-06", &["2020BiW26"]);
    check("LAST_BIWEEK", "2021-01-13", &["2020BiW27"]);
    check(
        "LAST_4_BIWEEKS",
        "2021-01-13",
        &["2020BiW24", "2020BiW25", "2020BiW26", "2020BiW27"],
    );
    check(
        "LAST_4_BIWEEKS",
        "2021-01-27",
        &["2020BiW24", "2020BiW25", "2020BiW26", "2021BiW1"],
    );
    check(
        "LAST_4_BIWEEKS",
        "2021-02-10",
        &["2020BiW25", "2020BiW26", "2021BiW1", "2021BiW2"],
    );
}

#[test]
fn months_bimonths_quarters_six_months() {
    let today = "2024-03-15";
    check("THIS_MONTH", today, &["202403"]);
    check("LAST_MONTH", today, &["202402"]);
    check("LAST_3_MONTHS", today, &["202312", "202401", "202402"]);
    check(
        "LAST_3_MONTHS",
        "2024-03-31",
        &["202312", "202401", "202402"],
    );
    check_span("LAST_6_MONTHS", today, 6, "202309", "202402");
    check_span("LAST_12_MONTHS", today, 12, "202303", "202402");
    check_span("MONTHS_THIS_YEAR", today, 12, "202401", "202412");
    check_span("MONTHS_LAST_YEAR", today, 12, "202301", "202312");
    check("THIS_BIMONTH", today, &["202402B"]);
    check("LAST_BIMONTH", today, &["202401B"]);
    check(
        "LAST_6_BIMONTHS",
        today,
        &[
            "202302B", "202303B", "202304B", "202305B", "202306B", "202401B",
        ],
    );
    check(
        "BIMONTHS_THIS_YEAR",
        today,
        &[
            "202401B", "202402B", "202403B", "202404B", "202405B", "202406B",
        ],
    );
    check("THIS_QUARTER", today, &["2024Q1"]);
    check("LAST_QUARTER", today, &["2023Q4"]);
    check(
        "LAST_4_QUARTERS",
        today,
        &["2023Q1", "2023Q2", "2023Q3", "2023Q4"],
    );
    check(
        "QUARTERS_THIS_YEAR",
        today,
        &["2024Q1", "2024Q2", "2024Q3", "2024Q4"],
    );
    check(
        "QUARTERS_LAST_YEAR",
        today,
        &["2023Q1", "2023Q2", "2023Q3", "2023Q4"],
    );
    check("THIS_SIX_MONTH", today, &["2024S1"]);
    check("LAST_SIX_MONTH", today, &["2023S2"]);
    check("LAST_2_SIXMONTHS", today, &["2023S1", "2023S2"]);
    check("LAST_MONTH", "2025-01-10", &["202412"]);
    check("LAST_QUARTER", "2025-01-10", &["2024Q4"]);
    check(
        "LAST_4_QUARTERS",
        "2024-12-31",
        &["2023Q4", "2024Q1", "2024Q2", "2024Q3"],
    );
    check("LAST_2_SIXMONTHS", "2024-07-01", &["2023S2", "2024S1"]);
}

#[test]
fn years() {
    let today = "2024-03-15";
    check("THIS_YEAR", today, &["2024"]);
    check("LAST_YEAR", today, &["2023"]);
    check(
        "LAST_5_YEARS",
        today,
        &["2019", "2020", "2021", "2022", "2023"],
    );
    check_span("LAST_10_YEARS", today, 10, "2014", "2023");
    check("LAST_YEAR", "2024-02-29", &["2023"]);
}

#[test]
fn financial_years() {
    let today = "2024-03-15";
    check("THIS_FINANCIAL_YEAR", today, &["2023Oct"]);
    check("LAST_FINANCIAL_YEAR", today, &["2022Oct"]);
    check(
        "LAST_5_FINANCIAL_YEARS",
        today,
        &["2018Oct", "2019Oct", "2020Oct", "2021Oct", "2022Oct"],
    );
    check_span("LAST_10_FINANCIAL_YEARS", today, 10, "2013Oct", "2022Oct");
    check("THIS_FINANCIAL_YEAR", "2024-10-01", &["2024Oct"]);
    check("LAST_FINANCIAL_YEAR", "2024-10-01", &["2023Oct"]);

    let with = |start: FinancialYearStart, name: &str, today: &str| {
        ids_with(name, today, start, PeriodType::Weekly)
    };
    use FinancialYearStart::{April, July, November, September};
    assert_eq!(with(April, "THIS_FINANCIAL_YEAR", today), ["2023April"]);
    assert_eq!(
        with(April, "THIS_FINANCIAL_YEAR", "2024-04-01"),
        ["2024April"]
    );
    assert_eq!(
        with(April, "LAST_FINANCIAL_YEAR", "2024-04-01"),
        ["2023April"]
    );
    assert_eq!(with(July, "THIS_FINANCIAL_YEAR", today), ["2023July"]);
    assert_eq!(
        with(July, "LAST_5_FINANCIAL_YEARS", "2024-07-01"),
        ["2019July", "2020July", "2021July", "2022July", "2023July"]
    );
    assert_eq!(
        with(September, "THIS_FINANCIAL_YEAR", "2024-09-01"),
        ["2024Sep"]
    );
    assert_eq!(
        with(September, "THIS_FINANCIAL_YEAR", "2024-08-31"),
        ["2023Sep"]
    );
    // November financial years carry the year they end in.
    assert_eq!(with(November, "THIS_FINANCIAL_YEAR", today), ["2024Nov"]);
    assert_eq!(
        with(November, "THIS_FINANCIAL_YEAR", "2024-11-01"),
        ["2025Nov"]
    );
    assert_eq!(with(November, "LAST_FINANCIAL_YEAR", today), ["2023Nov"]);
}

#[test]
fn names_and_settings() {
    assert_eq!(RelativePeriod::all().len(), 45);
    for &relative in RelativePeriod::all() {
        assert_eq!(RelativePeriod::from_name(relative.name()), Ok(relative));
        assert_eq!(relative.to_string().parse::<RelativePeriod>(), Ok(relative));
    }
    assert_eq!(
        RelativePeriod::from_name("last_12_months"),
        Ok(RelativePeriod::Last12Months)
    );
    assert_eq!(
        RelativePeriod::from_name("LAST_2_YEARS"),
        Err(RelativePeriodError::UnknownRelativePeriod(
            "LAST_2_YEARS".to_string()
        ))
    );
    assert_eq!(FinancialYearStart::default(), FinancialYearStart::October);
    assert_eq!(
        FinancialYearStart::from_name("FINANCIAL_YEAR_APRIL"),
        Ok(FinancialYearStart::April)
    );
    assert_eq!(
        FinancialYearStart::from_name("FinancialNov"),
        Ok(FinancialYearStart::November)
    );
    assert!(FinancialYearStart::from_name("FINANCIAL_YEAR_FEBRUARY").is_err());
    assert_eq!(
        serde_json::to_string(&RelativePeriod::Last52Weeks).unwrap(),
        "\"LAST_52_WEEKS\""
    );
}

#[test]
fn every_keyword_resolves_in_order_and_typed() {
    let starts = FinancialYearStart::all();
    let weekly = [
        PeriodType::Weekly,
        PeriodType::WeeklyWednesday,
        PeriodType::WeeklyThursday,
        PeriodType::WeeklySaturday,
        PeriodType::WeeklySunday,
    ];
    let mut today = date("2014-12-20");
    while today < date("2027-02-01") {
        for (index, &relative) in RelativePeriod::all().iter().enumerate() {
            let start = starts[index % starts.len()];
            let weekly_start = weekly[index % weekly.len()];
            let periods = relative.resolve(today, start, weekly_start);
            let period_type = relative.period_type(start, weekly_start);
            assert!(!periods.is_empty(), "{relative} on {today}");
            for period in &periods {
                assert_eq!(period.period_type(), period_type, "{relative} on {today}");
            }
            for pair in periods.windows(2) {
                assert!(
                    pair[0].start_date() < pair[1].start_date(),
                    "{relative} on {today}"
                );
            }
            let name = relative.name();
            let first = periods[0];
            let last = periods[periods.len() - 1];
            if name.starts_with("LAST_") || name == "YESTERDAY" {
                // Only completed periods.
                assert!(
                    last.end_date() < today,
                    "{relative} on {today}: {}",
                    last.id()
                );
                assert!(!last.contains(today));
            }
            if name.starts_with("THIS_") || name == "TODAY" {
                assert_eq!(periods.len(), 1);
                assert!(first.contains(today), "{relative} on {today}");
            }
            if name.ends_with("_THIS_YEAR") && name != "WEEKS_THIS_YEAR" {
                assert_eq!(
                    first.start_date(),
                    Date::from_ymd(today.year(), 1, 1).unwrap()
                );
                assert_eq!(
                    last.end_date(),
                    Date::from_ymd(today.year(), 12, 31).unwrap()
                );
            }
            if let Some(count) = name
                .strip_prefix("LAST_")
                .and_then(|rest| rest.split('_').next())
                .and_then(|n| n.parse::<usize>().ok())
            {
                assert_eq!(periods.len(), count, "{relative} on {today}");
            }
        }
        today = today.add_days(3);
    }
}

#[test]
fn day_presets_and_date_ranges() {
    let today = date("2024-03-01");
    let october = FinancialYearStart::October;
    for &preset in RelativePeriod::day_presets() {
        assert_eq!(
            preset.period_type(october, PeriodType::Weekly),
            PeriodType::Daily
        );
    }
    let range = |relative: RelativePeriod| relative.date_range(today, october, PeriodType::Weekly);
    assert_eq!(range(RelativePeriod::Today), (today, today));
    assert_eq!(
        range(RelativePeriod::Last7Days),
        (date("2024-02-23"), date("2024-02-29"))
    );
    assert_eq!(
        range(RelativePeriod::Last90Days),
        (date("2023-12-02"), date("2024-02-29"))
    );
    assert_eq!(
        range(RelativePeriod::Last4Quarters),
        (date("2023-01-01"), date("2023-12-31"))
    );
    assert_eq!(
        range(RelativePeriod::ThisFinancialYear),
        (date("2023-10-01"), date("2024-09-30"))
    );
}

/// Expected spans from dhis2-core's own `RelativePeriodsTest` (first and last day of each
/// period), default financial year start and Monday weeks.
#[test]
fn agrees_with_the_server_test_suite() {
    let spans = |name: &str, today: &str| -> Vec<String> {
        let relative = RelativePeriod::from_name(name).unwrap();
        relative
            .resolve(date(today), FinancialYearStart::October, PeriodType::Weekly)
            .iter()
            .map(|period| format!("{}/{}", period.start_date(), period.end_date()))
            .collect()
    };
    let cases: &[(&str, &str, &[&str])] = &[
        ("TODAY", "2001-07-01", &["2001-07-01/2001-07-01"]),
        ("YESTERDAY", "2001-07-02", &["2001-07-01/2001-07-01"]),
        ("THIS_BIWEEK", "2001-01-15", &["2001-01-15/2001-01-28"]),
        ("LAST_BIWEEK", "2001-01-15", &["2001-01-01/2001-01-14"]),
        ("THIS_BIMONTH", "2001-07-15", &["2001-07-01/2001-08-31"]),
        ("LAST_BIMONTH", "2001-07-15", &["2001-05-01/2001-06-30"]),
        ("LAST_QUARTER", "2001-07-15", &["2001-04-01/2001-06-30"]),
        ("LAST_SIX_MONTH", "2001-07-15", &["2001-01-01/2001-06-30"]),
        ("LAST_WEEK", "2012-01-20", &["2012-01-09/2012-01-15"]),
        (
            "LAST_4_WEEKS",
            "2010-05-04",
            &[
                "2010-04-05/2010-04-11",
                "2010-04-12/2010-04-18",
                "2010-04-19/2010-04-25",
                "2010-04-26/2010-05-02",
            ],
        ),
        (
            "LAST_4_BIWEEKS",
            "2002-01-01",
            &[
                "2001-11-05/2001-11-18",
                "2001-11-19/2001-12-02",
                "2001-12-03/2001-12-16",
                "2001-12-17/2001-12-30",
            ],
        ),
        (
            "LAST_3_MONTHS",
            "2001-07-01",
            &[
                "2001-04-01/2001-04-30",
                "2001-05-01/2001-05-31",
                "2001-06-01/2001-06-30",
            ],
        ),
        (
            "LAST_2_SIXMONTHS",
            "2001-01-01",
            &["2000-01-01/2000-06-30", "2000-07-01/2000-12-31"],
        ),
    ];
    for (name, today, expected) in cases {
        assert_eq!(spans(name, today), *expected, "{name} on {today}");
    }
    let first_and_last = |name: &str, today: &str| {
        let all = spans(name, today);
        (all.len(), all.first().cloned(), all.last().cloned())
    };
    let span = |text: &str| Some(text.to_string());
    assert_eq!(
        first_and_last("LAST_12_WEEKS", "2010-05-04"),
        (
            12,
            span("2010-02-08/2010-02-14"),
            span("2010-04-26/2010-05-02")
        )
    );
    assert_eq!(
        first_and_last("LAST_30_DAYS", "2001-07-15"),
        (
            30,
            span("2001-06-15/2001-06-15"),
            span("2001-07-14/2001-07-14")
        )
    );
    assert_eq!(
        first_and_last("LAST_12_MONTHS", "2001-01-01"),
        (
            12,
            span("2000-01-01/2000-01-31"),
            span("2000-12-01/2000-12-31")
        )
    );
    assert_eq!(
        first_and_last("LAST_4_QUARTERS", "2001-01-01"),
        (
            4,
            span("2000-01-01/2000-03-31"),
            span("2000-10-01/2000-12-31")
        )
    );
    assert_eq!(
        first_and_last("LAST_10_YEARS", "2001-01-01"),
        (
            10,
            span("1991-01-01/1991-12-31"),
            span("2000-01-01/2000-12-31")
        )
    );
    assert_eq!(
        first_and_last("LAST_10_FINANCIAL_YEARS", "2001-01-01"),
        (
            10,
            span("1990-10-01/1991-09-30"),
            span("1999-10-01/2000-09-30")
        )
    );
    assert_eq!(
        first_and_last("BIMONTHS_THIS_YEAR", "2001-04-01"),
        (
            6,
            span("2001-01-01/2001-02-28"),
            span("2001-11-01/2001-12-31")
        )
    );
}

/// What a keyword resolves to in a table row: the exact ids, or a count with the first and
/// last id of a long list.
enum Expected {
    Ids(&'static [&'static str]),
    Span(usize, &'static str, &'static str),
}

/// One row per (keyword, today): `today` is the parameter, the rest what DHIS2 lists.
type Row = (&'static str, &'static str, Expected);

/// Checks every row with the given settings, and that every keyword of `group` has a row.
fn check_table(
    group: RelativePeriodGroup,
    start: FinancialYearStart,
    weekly: PeriodType,
    rows: &[Row],
) {
    for (name, today, expected) in rows {
        let ids = ids_with(name, today, start, weekly);
        match expected {
            Ids(expected) => assert_eq!(ids, *expected, "{name} on {today}"),
            Span(count, first, last) => {
                assert_eq!(ids.len(), *count, "{name} on {today}: {ids:?}");
                assert_eq!(
                    ids.first().map(String::as_str),
                    Some(*first),
                    "{name} on {today}"
                );
                assert_eq!(
                    ids.last().map(String::as_str),
                    Some(*last),
                    "{name} on {today}"
                );
            }
        }
    }
    for relative in group.relative_periods() {
        assert!(
            rows.iter().any(|(name, _, _)| *name == relative.name()),
            "{relative} has no row in the {} table",
            group.label()
        );
    }
}

fn monday_october(group: RelativePeriodGroup, rows: &[Row]) {
    check_table(group, FinancialYearStart::October, PeriodType::Weekly, rows);
}

use Expected::{Ids, Span};

#[test]
fn days_resolve_on_new_year_and_leap_days() {
    monday_october(
        RelativePeriodGroup::Days,
        &[
            ("TODAY", "2024-01-01", Ids(&["20240101"])),
            ("TODAY", "2024-02-29", Ids(&["20240229"])),
            ("YESTERDAY", "2024-01-01", Ids(&["20231231"])),
            ("YESTERDAY", "2024-03-01", Ids(&["20240229"])),
            ("YESTERDAY", "2025-03-01", Ids(&["20250228"])),
            (
                "LAST_3_DAYS",
                "2024-01-01",
                Ids(&["20231229", "20231230", "20231231"]),
            ),
            (
                "LAST_3_DAYS",
                "2024-02-29",
                Ids(&["20240226", "20240227", "20240228"]),
            ),
            ("LAST_7_DAYS", "2024-01-01", Span(7, "20231225", "20231231")),
            ("LAST_7_DAYS", "2024-03-01", Span(7, "20240223", "20240229")),
            (
                "LAST_14_DAYS",
                "2024-01-01",
                Span(14, "20231218", "20231231"),
            ),
            (
                "LAST_30_DAYS",
                "2024-01-01",
                Span(30, "20231202", "20231231"),
            ),
            (
                "LAST_30_DAYS",
                "2024-02-29",
                Span(30, "20240130", "20240228"),
            ),
            (
                "LAST_60_DAYS",
                "2024-01-01",
                Span(60, "20231102", "20231231"),
            ),
            (
                "LAST_90_DAYS",
                "2024-01-01",
                Span(90, "20231003", "20231231"),
            ),
            (
                "LAST_180_DAYS",
                "2024-01-01",
                Span(180, "20230705", "20231231"),
            ),
        ],
    );
}

#[test]
fn weeks_resolve_on_new_year_and_in_53_week_years() {
    monday_october(
        RelativePeriodGroup::Weeks,
        &[
            ("THIS_WEEK", "2024-01-01", Ids(&["2024W1"])),
            ("THIS_WEEK", "2021-01-01", Ids(&["2020W53"])),
            ("THIS_WEEK", "2024-02-29", Ids(&["2024W9"])),
            ("LAST_WEEK", "2024-01-01", Ids(&["2023W52"])),
            ("LAST_WEEK", "2021-01-04", Ids(&["2020W53"])),
            (
                "LAST_4_WEEKS",
                "2021-01-01",
                Ids(&["2020W49", "2020W50", "2020W51", "2020W52"]),
            ),
            (
                "LAST_4_WEEKS",
                "2024-01-01",
                Ids(&["2023W49", "2023W50", "2023W51", "2023W52"]),
            ),
            (
                "LAST_12_WEEKS",
                "2024-01-01",
                Span(12, "2023W41", "2023W52"),
            ),
            ("LAST_12_WEEKS", "2021-01-11", Span(12, "2020W43", "2021W1")),
            ("LAST_52_WEEKS", "2024-01-01", Span(52, "2023W1", "2023W52")),
            ("LAST_52_WEEKS", "2021-01-01", Span(52, "2020W1", "2020W52")),
            (
                "WEEKS_THIS_YEAR",
                "2024-01-01",
                Span(52, "2024W1", "2024W52"),
            ),
            (
                "WEEKS_THIS_YEAR",
                "2024-02-29",
                Span(52, "2024W1", "2024W52"),
            ),
            // 1 January 2021 lies in 2020W53: the server counts 53 weeks from 2021W1.
            (
                "WEEKS_THIS_YEAR",
                "2021-01-01",
                Span(53, "2021W1", "2022W1"),
            ),
        ],
    );
    // Sunday weeks (analyticsWeeklyStart WEEKLY_SUNDAY) on 1 January.
    check_table(
        RelativePeriodGroup::Weeks,
        FinancialYearStart::October,
        PeriodType::WeeklySunday,
        &[
            ("THIS_WEEK", "2024-01-01", Ids(&["2024SunW1"])),
            ("LAST_WEEK", "2024-01-01", Ids(&["2023SunW52"])),
            (
                "LAST_4_WEEKS",
                "2024-01-01",
                Span(4, "2023SunW49", "2023SunW52"),
            ),
            (
                "LAST_12_WEEKS",
                "2024-01-01",
                Span(12, "2023SunW41", "2023SunW52"),
            ),
            (
                "LAST_52_WEEKS",
                "2024-01-01",
                Span(52, "2023SunW1", "2023SunW52"),
            ),
            (
                "WEEKS_THIS_YEAR",
                "2024-01-01",
                Span(52, "2024SunW1", "2024SunW52"),
            ),
        ],
    );
}

#[test]
fn bi_weeks_resolve_on_new_year_and_across_the_53rd_week() {
    monday_october(
        RelativePeriodGroup::BiWeeks,
        &[
            ("THIS_BIWEEK", "2024-01-01", Ids(&["2024BiW1"])),
            ("THIS_BIWEEK", "2024-02-29", Ids(&["2024BiW5"])),
            // 2020BiW27 is 2020W53 and 2021W1.
            ("THIS_BIWEEK", "2021-01-01", Ids(&["2020BiW27"])),
            ("LAST_BIWEEK", "2024-01-01", Ids(&["2023BiW26"])),
            ("LAST_BIWEEK", "2021-01-01", Ids(&["2020BiW26"])),
            (
                "LAST_4_BIWEEKS",
                "2024-01-01",
                Ids(&["2023BiW23", "2023BiW24", "2023BiW25", "2023BiW26"]),
            ),
            (
                "LAST_4_BIWEEKS",
                "2024-02-29",
                Ids(&["2024BiW1", "2024BiW2", "2024BiW3", "2024BiW4"]),
            ),
        ],
    );
}

#[test]
fn months_resolve_on_new_year_leap_days_and_month_ends() {
    monday_october(
        RelativePeriodGroup::Months,
        &[
            ("THIS_MONTH", "2024-01-01", Ids(&["202401"])),
            ("THIS_MONTH", "2024-02-29", Ids(&["202402"])),
            ("LAST_MONTH", "2024-01-01", Ids(&["202312"])),
            ("LAST_MONTH", "2024-03-31", Ids(&["202402"])),
            (
                "LAST_3_MONTHS",
                "2024-01-01",
                Ids(&["202310", "202311", "202312"]),
            ),
            (
                "LAST_3_MONTHS",
                "2024-03-31",
                Ids(&["202312", "202401", "202402"]),
            ),
            ("LAST_6_MONTHS", "2024-01-01", Span(6, "202307", "202312")),
            ("LAST_12_MONTHS", "2024-01-01", Span(12, "202301", "202312")),
            ("LAST_12_MONTHS", "2024-02-29", Span(12, "202302", "202401")),
            ("LAST_12_MONTHS", "2024-12-31", Span(12, "202312", "202411")),
            (
                "MONTHS_THIS_YEAR",
                "2024-01-01",
                Span(12, "202401", "202412"),
            ),
            (
                "MONTHS_THIS_YEAR",
                "2024-12-31",
                Span(12, "202401", "202412"),
            ),
            (
                "MONTHS_LAST_YEAR",
                "2024-01-01",
                Span(12, "202301", "202312"),
            ),
            (
                "MONTHS_LAST_YEAR",
                "2024-02-29",
                Span(12, "202301", "202312"),
            ),
        ],
    );
}

#[test]
fn bi_months_resolve_on_new_year_and_leap_days() {
    monday_october(
        RelativePeriodGroup::BiMonths,
        &[
            ("THIS_BIMONTH", "2024-01-01", Ids(&["202401B"])),
            ("THIS_BIMONTH", "2024-02-29", Ids(&["202401B"])),
            ("LAST_BIMONTH", "2024-01-01", Ids(&["202306B"])),
            ("LAST_BIMONTH", "2024-02-29", Ids(&["202306B"])),
            ("LAST_BIMONTH", "2024-04-30", Ids(&["202401B"])),
            (
                "LAST_6_BIMONTHS",
                "2024-01-01",
                Span(6, "202301B", "202306B"),
            ),
            (
                "LAST_6_BIMONTHS",
                "2024-04-30",
                Span(6, "202302B", "202401B"),
            ),
            (
                "BIMONTHS_THIS_YEAR",
                "2024-01-01",
                Span(6, "202401B", "202406B"),
            ),
        ],
    );
}

#[test]
fn quarters_resolve_on_new_year_and_leap_days() {
    monday_october(
        RelativePeriodGroup::Quarters,
        &[
            ("THIS_QUARTER", "2024-01-01", Ids(&["2024Q1"])),
            ("THIS_QUARTER", "2024-12-31", Ids(&["2024Q4"])),
            ("LAST_QUARTER", "2024-01-01", Ids(&["2023Q4"])),
            ("LAST_QUARTER", "2024-02-29", Ids(&["2023Q4"])),
            ("LAST_QUARTER", "2024-05-31", Ids(&["2024Q1"])),
            (
                "LAST_4_QUARTERS",
                "2024-01-01",
                Ids(&["2023Q1", "2023Q2", "2023Q3", "2023Q4"]),
            ),
            (
                "LAST_4_QUARTERS",
                "2024-05-31",
                Ids(&["2023Q2", "2023Q3", "2023Q4", "2024Q1"]),
            ),
            (
                "QUARTERS_THIS_YEAR",
                "2024-02-29",
                Ids(&["2024Q1", "2024Q2", "2024Q3", "2024Q4"]),
            ),
            (
                "QUARTERS_LAST_YEAR",
                "2024-01-01",
                Ids(&["2023Q1", "2023Q2", "2023Q3", "2023Q4"]),
            ),
            (
                "QUARTERS_LAST_YEAR",
                "2024-02-29",
                Ids(&["2023Q1", "2023Q2", "2023Q3", "2023Q4"]),
            ),
        ],
    );
}

#[test]
fn six_months_resolve_on_new_year_and_leap_days() {
    monday_october(
        RelativePeriodGroup::SixMonths,
        &[
            ("THIS_SIX_MONTH", "2024-01-01", Ids(&["2024S1"])),
            ("THIS_SIX_MONTH", "2024-08-31", Ids(&["2024S2"])),
            ("LAST_SIX_MONTH", "2024-01-01", Ids(&["2023S2"])),
            ("LAST_SIX_MONTH", "2024-06-30", Ids(&["2023S2"])),
            ("LAST_SIX_MONTH", "2024-08-31", Ids(&["2024S1"])),
            ("LAST_2_SIXMONTHS", "2024-01-01", Ids(&["2023S1", "2023S2"])),
            ("LAST_2_SIXMONTHS", "2024-08-31", Ids(&["2023S2", "2024S1"])),
        ],
    );
}

#[test]
fn financial_years_follow_the_financial_year_start_on_edge_days() {
    monday_october(
        RelativePeriodGroup::FinancialYears,
        &[
            ("THIS_FINANCIAL_YEAR", "2024-01-01", Ids(&["2023Oct"])),
            ("THIS_FINANCIAL_YEAR", "2024-09-30", Ids(&["2023Oct"])),
            ("THIS_FINANCIAL_YEAR", "2024-10-01", Ids(&["2024Oct"])),
            ("LAST_FINANCIAL_YEAR", "2024-01-01", Ids(&["2022Oct"])),
            ("LAST_FINANCIAL_YEAR", "2024-02-29", Ids(&["2022Oct"])),
            (
                "LAST_5_FINANCIAL_YEARS",
                "2024-01-01",
                Span(5, "2018Oct", "2022Oct"),
            ),
            (
                "LAST_10_FINANCIAL_YEARS",
                "2024-01-01",
                Span(10, "2013Oct", "2022Oct"),
            ),
            (
                "LAST_10_FINANCIAL_YEARS",
                "2024-10-01",
                Span(10, "2014Oct", "2023Oct"),
            ),
        ],
    );
    let april = [
        ("THIS_FINANCIAL_YEAR", "2024-02-29", Ids(&["2023April"])),
        ("THIS_FINANCIAL_YEAR", "2024-04-01", Ids(&["2024April"])),
        ("LAST_FINANCIAL_YEAR", "2024-02-29", Ids(&["2022April"])),
        (
            "LAST_5_FINANCIAL_YEARS",
            "2024-01-01",
            Span(5, "2018April", "2022April"),
        ),
        (
            "LAST_10_FINANCIAL_YEARS",
            "2024-04-01",
            Span(10, "2014April", "2023April"),
        ),
    ];
    check_table(
        RelativePeriodGroup::FinancialYears,
        FinancialYearStart::April,
        PeriodType::Weekly,
        &april,
    );
    let july = [
        ("THIS_FINANCIAL_YEAR", "2024-06-30", Ids(&["2023July"])),
        ("THIS_FINANCIAL_YEAR", "2024-07-01", Ids(&["2024July"])),
        ("LAST_FINANCIAL_YEAR", "2024-01-01", Ids(&["2022July"])),
        (
            "LAST_5_FINANCIAL_YEARS",
            "2024-07-01",
            Span(5, "2019July", "2023July"),
        ),
        (
            "LAST_10_FINANCIAL_YEARS",
            "2024-01-01",
            Span(10, "2013July", "2022July"),
        ),
    ];
    check_table(
        RelativePeriodGroup::FinancialYears,
        FinancialYearStart::July,
        PeriodType::Weekly,
        &july,
    );
    let september = [
        ("THIS_FINANCIAL_YEAR", "2024-01-01", Ids(&["2023Sep"])),
        ("LAST_FINANCIAL_YEAR", "2024-09-01", Ids(&["2023Sep"])),
        (
            "LAST_5_FINANCIAL_YEARS",
            "2024-02-29",
            Span(5, "2018Sep", "2022Sep"),
        ),
        (
            "LAST_10_FINANCIAL_YEARS",
            "2024-09-01",
            Span(10, "2014Sep", "2023Sep"),
        ),
    ];
    check_table(
        RelativePeriodGroup::FinancialYears,
        FinancialYearStart::September,
        PeriodType::Weekly,
        &september,
    );
    // November financial years carry the year they end in.
    let november = [
        ("THIS_FINANCIAL_YEAR", "2024-10-31", Ids(&["2024Nov"])),
        ("THIS_FINANCIAL_YEAR", "2024-11-01", Ids(&["2025Nov"])),
        ("LAST_FINANCIAL_YEAR", "2024-11-01", Ids(&["2024Nov"])),
        (
            "LAST_5_FINANCIAL_YEARS",
            "2024-01-01",
            Span(5, "2019Nov", "2023Nov"),
        ),
        (
            "LAST_10_FINANCIAL_YEARS",
            "2024-02-29",
            Span(10, "2014Nov", "2023Nov"),
        ),
    ];
    check_table(
        RelativePeriodGroup::FinancialYears,
        FinancialYearStart::November,
        PeriodType::Weekly,
        &november,
    );
}

#[test]
fn years_resolve_on_new_year_leap_days_and_new_years_eve() {
    monday_october(
        RelativePeriodGroup::Years,
        &[
            ("THIS_YEAR", "2024-01-01", Ids(&["2024"])),
            ("THIS_YEAR", "2024-12-31", Ids(&["2024"])),
            ("LAST_YEAR", "2024-01-01", Ids(&["2023"])),
            ("LAST_YEAR", "2024-02-29", Ids(&["2023"])),
            (
                "LAST_5_YEARS",
                "2024-01-01",
                Ids(&["2019", "2020", "2021", "2022", "2023"]),
            ),
            ("LAST_10_YEARS", "2024-01-01", Span(10, "2014", "2023")),
            ("LAST_10_YEARS", "2024-12-31", Span(10, "2014", "2023")),
        ],
    );
}

#[test]
fn date_ranges_cover_the_first_to_the_last_period() {
    let range = |name: &str, today: &str| {
        RelativePeriod::from_name(name).unwrap().date_range(
            date(today),
            FinancialYearStart::October,
            PeriodType::Weekly,
        )
    };
    assert_eq!(
        range("LAST_4_WEEKS", "2021-01-01"),
        (date("2020-11-30"), date("2020-12-27"))
    );
    assert_eq!(
        range("THIS_BIWEEK", "2021-01-01"),
        (date("2020-12-28"), date("2021-01-10"))
    );
    assert_eq!(
        range("LAST_2_SIXMONTHS", "2024-08-31"),
        (date("2023-07-01"), date("2024-06-30"))
    );
    assert_eq!(
        range("QUARTERS_LAST_YEAR", "2024-02-29"),
        (date("2023-01-01"), date("2023-12-31"))
    );
    assert_eq!(
        range("LAST_10_FINANCIAL_YEARS", "2024-01-01"),
        (date("2013-10-01"), date("2023-09-30"))
    );
    assert_eq!(
        range("WEEKS_THIS_YEAR", "2021-01-01"),
        (date("2021-01-04"), date("2022-01-09"))
    );
}

#[test]
fn the_selector_groups_list_every_keyword_once_with_dhis2_names() {
    let grouped: Vec<RelativePeriod> = RelativePeriodGroup::all()
        .iter()
        .flat_map(|group| group.relative_periods().iter().copied())
        .collect();
    assert_eq!(grouped.len(), RelativePeriod::all().len());
    for &relative in RelativePeriod::all() {
        assert_eq!(
            grouped.iter().filter(|listed| **listed == relative).count(),
            1,
            "{relative}"
        );
        assert!(
            relative.group().relative_periods().contains(&relative),
            "{relative}"
        );
    }
    // Each group holds the keywords of one period type.
    for &group in RelativePeriodGroup::all() {
        let types: BTreeSet<PeriodType> = group
            .relative_periods()
            .iter()
            .map(|relative| {
                relative.period_type(FinancialYearStart::April, PeriodType::WeeklySunday)
            })
            .collect();
        assert_eq!(types.len(), 1, "{}: {types:?}", group.label());
    }
    // The wizard offers them in this order and stores the server name.
    let names: Vec<&str> = grouped.iter().map(|relative| relative.name()).collect();
    assert_eq!(names, sync_core::model::RELATIVE_PERIODS);
    let labels: Vec<&str> = grouped.iter().map(|relative| relative.label()).collect();
    let unique: BTreeSet<&str> = labels.iter().copied().collect();
    assert_eq!(unique.len(), labels.len(), "labels are distinct");
    for label in &labels {
        let mut characters = label.chars();
        assert!(characters.next().is_some_and(char::is_uppercase), "{label}");
        assert!(
            !characters.any(char::is_uppercase),
            "sentence case: {label}"
        );
    }
    let group_labels: Vec<&str> = RelativePeriodGroup::all()
        .iter()
        .map(|group| group.label())
        .collect();
    assert_eq!(
        group_labels,
        [
            "Days",
            "Weeks",
            "Bi-weeks",
            "Months",
            "Bi-months",
            "Quarters",
            "Six-months",
            "Financial years",
            "Years"
        ]
    );
    assert_eq!(RelativePeriod::Last4Biweeks.label(), "Last 4 bi-weeks");
    assert_eq!(RelativePeriod::Last2Sixmonths.label(), "Last 2 six-months");
    assert_eq!(
        RelativePeriod::Last10FinancialYears.group(),
        RelativePeriodGroup::FinancialYears
    );
}
