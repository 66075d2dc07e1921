//! Runs the `aggsync` binary: the period commands' JSON on stdout, one-line errors on stderr
//! with a non-zero exit.

use std::process::{Command, Output};

use serde_json::{Value, json};

fn aggsync(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aggsync"))
        .args(args)
        .output()
        .expect("run aggsync")
}

/// Runs a command that must succeed and returns its JSON.
fn ok(args: &[&str]) -> Value {
    let output = aggsync(args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{args:?}: {stderr}");
    assert!(stderr.is_empty(), "{args:?}: {stderr}");
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

/// Runs a command that must fail and returns its stderr, checking it is one line.
fn fails(args: &[&str]) -> String {
    let output = aggsync(args);
    assert!(!output.status.success(), "{args:?} succeeded");
    assert!(output.stdout.is_empty(), "{args:?}: stdout not empty");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8 stderr");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
    assert!(stderr.starts_with("error: "), "{stderr}");
    stderr
}

fn period(id: &str, period_type: &str, start: &str, end: &str) -> Value {
    json!({"id": id, "periodType": period_type, "startDate": start, "endDate": end})
}

fn ids(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .expect("array")
        .iter()
        .map(|p| p["id"].as_str().expect("id"))
        .collect()
}

#[test]
fn period_by_id() {
    let cases = [
        (
            "2024W1",
            period("2024W1", "Weekly", "2024-01-01", "2024-01-07"),
        ),
        (
            "2020W53",
            period("2020W53", "Weekly", "2020-12-28", "2021-01-03"),
        ),
        (
            "2024NovQ1",
            period("2024NovQ1", "QuarterlyNov", "2023-11-01", "2024-01-31"),
        ),
        (
            "2024Nov",
            period("2024Nov", "FinancialNov", "2023-11-01", "2024-10-31"),
        ),
        (
            "2024Sep",
            period("2024Sep", "FinancialSep", "2024-09-01", "2025-08-31"),
        ),
        (
            "2024-03-15",
            period("20240315", "Daily", "2024-03-15", "2024-03-15"),
        ),
        (
            "2024-02",
            period("202402", "Monthly", "2024-02-01", "2024-02-29"),
        ),
        (
            "202402B",
            period("202402B", "BiMonthly", "2024-03-01", "2024-04-30"),
        ),
        (
            "2024BiW1",
            period("2024BiW1", "BiWeekly", "2024-01-01", "2024-01-14"),
        ),
        (
            "2015SunW8",
            period("2015SunW8", "WeeklySunday", "2015-02-22", "2015-02-28"),
        ),
    ];
    for (id, expected) in cases {
        assert_eq!(ok(&["period", "--id", id]), expected, "{id}");
    }
}

#[test]
fn period_prints_fields_in_order() {
    let output = aggsync(&["period", "--id", "2024Q1"]);
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim_end(),
        r#"{"id":"2024Q1","periodType":"Quarterly","startDate":"2024-01-01","endDate":"2024-03-31"}"#
    );
}

#[test]
fn period_of_a_date() {
    let cases = [
        ("Weekly", "2024-12-30", "2025W1"),
        ("Weekly", "2021-01-03", "2020W53"),
        ("WeeklySaturday", "2024-01-01", "2024SatW1"),
        ("BiWeekly", "2020-12-30", "2020BiW27"),
        ("SixMonthlyNov", "2024-11-15", "2025NovS1"),
        ("FinancialApril", "2024-03-31", "2023April"),
        ("Yearly", "2024-02-29", "2024"),
    ];
    for (period_type, date, id) in cases {
        let value = ok(&["period-of", "--type", period_type, "--date", date]);
        assert_eq!(value["id"], id, "{period_type} {date}");
        assert_eq!(value["periodType"], period_type);
    }
}

#[test]
fn periods_inside_a_range() {
    let value = ok(&[
        "periods",
        "--type",
        "Monthly",
        "--from",
        "2024-01-15",
        "--to",
        "2024-04-30",
    ]);
    assert_eq!(
        value,
        json!([
            period("202402", "Monthly", "2024-02-01", "2024-02-29"),
            period("202403", "Monthly", "2024-03-01", "2024-03-31"),
            period("202404", "Monthly", "2024-04-01", "2024-04-30"),
        ])
    );
    let weeks = ok(&[
        "periods",
        "--type",
        "Weekly",
        "--from",
        "2020-12-21",
        "--to",
        "2021-01-10",
    ]);
    assert_eq!(ids(&weeks), ["2020W52", "2020W53", "2021W1"]);
    let none = ok(&[
        "periods",
        "--type",
        "Yearly",
        "--from",
        "2024-01-02",
        "--to",
        "2024-12-31",
    ]);
    assert_eq!(none, json!([]));
    let nov = ok(&[
        "periods",
        "--type",
        "QuarterlyNov",
        "--from",
        "2023-11-01",
        "--to",
        "2024-10-31",
    ]);
    assert_eq!(
        ids(&nov),
        ["2024NovQ1", "2024NovQ2", "2024NovQ3", "2024NovQ4"]
    );
}

#[test]
fn relative_periods() {
    let value = ok(&[
        "relative-periods",
        "--name",
        "LAST_3_MONTHS",
        "--today",
        "2024-03-15",
    ]);
    assert_eq!(
        value,
        json!([
            period("202312", "Monthly", "2023-12-01", "2023-12-31"),
            period("202401", "Monthly", "2024-01-01", "2024-01-31"),
            period("202402", "Monthly", "2024-02-01", "2024-02-29"),
        ])
    );
    let fy = ok(&[
        "relative-periods",
        "--name",
        "THIS_FINANCIAL_YEAR",
        "--today",
        "2024-03-15",
    ]);
    assert_eq!(ids(&fy), ["2023Oct"]);
    let april = ok(&[
        "relative-periods",
        "--name",
        "LAST_FINANCIAL_YEAR",
        "--today",
        "2024-03-15",
        "--financial-year-start",
        "FINANCIAL_YEAR_APRIL",
    ]);
    assert_eq!(ids(&april), ["2022April"]);
    let november = ok(&[
        "relative-periods",
        "--name",
        "THIS_FINANCIAL_YEAR",
        "--today",
        "2024-03-15",
        "--financial-year-start",
        "FINANCIAL_YEAR_NOVEMBER",
    ]);
    assert_eq!(ids(&november), ["2024Nov"]);
    let sunday = ok(&[
        "relative-periods",
        "--name",
        "LAST_WEEK",
        "--today",
        "2024-03-15",
        "--weekly-start",
        "WeeklySunday",
    ]);
    assert_eq!(ids(&sunday), ["2024SunW10"]);
    let days = ok(&[
        "relative-periods",
        "--name",
        "LAST_7_DAYS",
        "--today",
        "2025-01-03",
    ]);
    assert_eq!(ids(&days).len(), 7);
    assert_eq!(ids(&days).last(), Some(&"20250102"));
    let weeks = ok(&[
        "relative-periods",
        "--name",
        "WEEKS_THIS_YEAR",
        "--today",
        "2021-11-26",
    ]);
    // As dhis2-core lists them: 2021's 52 weeks and 2022W1.
    assert_eq!(ids(&weeks).len(), 53);
    assert_eq!(ids(&weeks).last(), Some(&"2022W1"));
}

#[test]
fn period_types() {
    let value = ok(&["period-types"]);
    let names: Vec<&str> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 20);
    assert!(names.contains(&"FinancialSep"));
}

#[test]
fn errors_are_one_line_with_a_failure_exit() {
    assert!(fails(&["period", "--id", "2024W53"]).contains("2024W53"));
    assert!(fails(&["period", "--id", "2024X1"]).contains("not a valid period id"));
    assert!(
        fails(&["period-of", "--type", "Fortnightly", "--date", "2024-01-01"])
            .contains("unknown period type")
    );
    assert!(fails(&["period-of", "--type", "Weekly", "--date", "2024-02-30"]).contains("--date"));
    assert!(
        fails(&[
            "periods",
            "--type",
            "Daily",
            "--from",
            "2024-02-01",
            "--to",
            "2024-01-01"
        ])
        .contains("after")
    );
    assert!(fails(&["periods", "--type", "Daily", "--from", "2024-02-01"]).contains("--to"));
    assert!(
        fails(&[
            "relative-periods",
            "--name",
            "LAST_2_WEEKS",
            "--today",
            "2024-01-01"
        ])
        .contains("LAST_2_WEEKS")
    );
    let start = [
        "relative-periods",
        "--name",
        "THIS_FINANCIAL_YEAR",
        "--today",
        "2024-01-01",
    ];
    assert!(
        fails(
            &[
                &start[..],
                &["--financial-year-start", "FINANCIAL_YEAR_MAY"]
            ]
            .concat()
        )
        .contains("financial year start")
    );
    assert!(fails(&[&start[..], &["--weekly-start", "Monthly"]].concat()).contains("weekly start"));
    assert!(fails(&["frobnicate"]).contains("frobnicate"));
    assert!(fails(&[]).contains("subcommand"));
}
