//! Runs `aggsync aggregate` on input files: the aggregated values and `notAggregated` as JSON on
//! stdout, one-line errors on stderr with a non-zero exit.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::{Value, json};

fn aggsync(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aggsync"))
        .args(args)
        .output()
        .expect("run aggsync")
}

/// Writes `content` to a fresh file in the test's temporary folder.
fn input_file(name: &str, content: &str) -> PathBuf {
    let dir = dhis2_lite::scratch::process_root("aggsync-aggregate");
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, content).expect("write input");
    path
}

fn ok(args: &[&str]) -> Value {
    let output = aggsync(args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{args:?}: {stderr}");
    assert!(stderr.is_empty(), "{args:?}: {stderr}");
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

fn fails(args: &[&str]) -> String {
    let output = aggsync(args);
    assert!(!output.status.success(), "{args:?} succeeded");
    assert!(output.stdout.is_empty(), "{args:?}: stdout not empty");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8 stderr");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
    assert!(stderr.starts_with("error"), "{stderr}");
    stderr
}

fn row(de: &str, pe: &str, ou: &str, value: &str) -> Value {
    json!({"dataElement": de, "period": pe, "orgUnit": ou, "value": value})
}

fn input() -> Value {
    json!({
        "dataElements": [
            {"id": "cases", "valueType": "INTEGER_ZERO_OR_POSITIVE", "aggregationType": "SUM"},
            {"id": "stock", "valueType": "NUMBER", "aggregationType": "LAST", "zeroIsSignificant": true},
            {"id": "population", "valueType": "INTEGER", "aggregationType": "AVERAGE"},
            {"id": "visitDate", "valueType": "DATE", "aggregationType": "NONE"}
        ],
        "organisationUnits": [
            {"id": "R", "path": "/R"},
            {"id": "D", "path": "/R/D"},
            {"id": "F1", "path": "/R/D/F1"},
            {"id": "F2", "path": "/R/D/F2"}
        ],
        "dataValues": [
            row("cases", "202001", "F1", "3"),
            row("cases", "202002", "F2", "4"),
            {"dataElement": "cases", "period": "202003", "orgUnit": "F2",
             "categoryOptionCombo": "male", "attributeOptionCombo": "partnerA", "value": "5"},
            {"dataElement": "cases", "period": "202003", "orgUnit": "F2", "value": "100", "deleted": true},
            row("cases", "2020W14", "F1", "7"),
            row("stock", "201911", "F1", "0"),
            row("stock", "201912", "F2", "12.5"),
            row("population", "2020", "F1", "1000"),
            row("visitDate", "202001", "F1", "2020-01-05")
        ]
    })
}

#[test]
fn aggregates_to_periods_and_org_units() {
    let path = input_file("basic.json", &input().to_string());
    let path = path.to_str().expect("path");
    let output = ok(&[
        "aggregate",
        "--input",
        path,
        "--period-type",
        "Quarterly",
        "--period",
        "2020Q1",
        "2020Q2",
        "--org-unit",
        "D",
        "--org-unit",
        "F2",
    ]);
    let aggregated = |de: &str, pe: &str, ou: &str, coc: &str, aoc: &str, value: &str| {
        json!({"dataElement": de, "period": pe, "orgUnit": ou, "categoryOptionCombo": coc,
               "attributeOptionCombo": aoc, "value": value, "comment": "[aggregated]"})
    };
    let default = "HllvX50cXC0";
    assert_eq!(
        output,
        json!({
            "dataValues": [
                aggregated("cases", "2020Q1", "D", default, default, "7"),
                aggregated("cases", "2020Q1", "D", "male", "partnerA", "5"),
                aggregated("cases", "2020Q1", "F2", default, default, "4"),
                aggregated("cases", "2020Q1", "F2", "male", "partnerA", "5"),
                aggregated("cases", "2020Q2", "D", default, default, "7"),
                aggregated("population", "2020Q1", "D", default, default, "1000"),
                aggregated("population", "2020Q2", "D", default, default, "1000"),
                aggregated("stock", "2020Q1", "D", default, default, "12.5"),
                aggregated("stock", "2020Q1", "F2", default, default, "12.5"),
                aggregated("stock", "2020Q2", "D", default, default, "12.5"),
                aggregated("stock", "2020Q2", "F2", default, default, "12.5"),
            ],
            "notAggregated": [
                {"dataElement": "visitDate", "reason": "value type DATE cannot be aggregated (DHIS2 E7115: data elements must be of a value and aggregation type that allow aggregation)"}
            ]
        })
    );
}

#[test]
fn date_range_selects_the_periods_inside_it() {
    let path = input_file("range.json", &input().to_string());
    let path = path.to_str().expect("path");
    let output = ok(&[
        "aggregate",
        "--input",
        path,
        "--period-type",
        "Monthly",
        "--from",
        "2020-01-01",
        "--to",
        "2020-02-29",
        "--org-unit",
        "R",
        "--exclude-data-element",
        "population",
        "stock",
    ]);
    let values: Vec<(&str, &str, &str)> = output["dataValues"]
        .as_array()
        .expect("array")
        .iter()
        .map(|row| {
            (
                row["dataElement"].as_str().expect("de"),
                row["period"].as_str().expect("pe"),
                row["value"].as_str().expect("value"),
            )
        })
        .collect();
    assert_eq!(values, [("cases", "202001", "3"), ("cases", "202002", "4")]);
}

#[test]
fn the_old_export_shape_and_an_empty_result() {
    // 2.36/2.37: nulls omitted, `{}` when there is nothing; dataValues may come first.
    let old = r#"{"dataValues":[],"dataElements":[{"id":"a","valueType":"NUMBER","aggregationType":"SUM"}],"organisationUnits":[]}"#;
    let path = input_file("old.json", old);
    let output = ok(&[
        "aggregate",
        "--input",
        path.to_str().expect("path"),
        "--period-type",
        "Yearly",
        "--period",
        "2020",
        "--org-unit",
        "X",
    ]);
    assert_eq!(output, json!({"dataValues": [], "notAggregated": []}));
    let bare = input_file("bare.json", r#"{"dataElements":[]}"#);
    let output = ok(&[
        "aggregate",
        "--input",
        bare.to_str().expect("path"),
        "--period-type",
        "Yearly",
        "--period",
        "2020",
        "--org-unit",
        "X",
    ]);
    assert_eq!(output, json!({"dataValues": [], "notAggregated": []}));
}

#[test]
fn errors_are_one_line_on_stderr() {
    let path = input_file("errors.json", &input().to_string());
    let path = path.to_str().expect("path");
    let base = ["aggregate", "--input", path, "--org-unit", "D"];
    let with = |extra: &[&str]| -> Vec<String> {
        base.iter()
            .chain(extra)
            .map(|arg| (*arg).to_owned())
            .collect()
    };
    let run = |args: Vec<String>| fails(&args.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(
        run(with(&[
            "--period-type",
            "Fortnightly",
            "--period",
            "2020Q1"
        ]))
        .contains("Fortnightly")
    );
    assert!(run(with(&["--period-type", "Quarterly", "--period", "202001"])).contains("202001"));
    assert!(run(with(&["--period-type", "Quarterly"])).contains("--period"));
    assert!(
        run(with(&[
            "--period-type",
            "Quarterly",
            "--from",
            "2020-13-01",
            "--to",
            "2020-12-31"
        ]))
        .contains("2020-13-01")
    );
    fails(&[
        "aggregate",
        "--input",
        "/nonexistent/file.json",
        "--period-type",
        "Yearly",
        "--period",
        "2020",
        "--org-unit",
        "D",
    ]);
    let broken = input_file(
        "broken.json",
        r#"{"dataElements":[],"dataValues":[{"dataElement":}]}"#,
    );
    fails(&[
        "aggregate",
        "--input",
        broken.to_str().expect("path"),
        "--period-type",
        "Yearly",
        "--period",
        "2020",
        "--org-unit",
        "D",
    ]);
}
