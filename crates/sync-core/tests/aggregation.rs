//! Aggregation tests: one table of hand-computed cases per aggregation type (expectations from
//! `shared/reference/aggregation-rules.md`), the reporting of what cannot be aggregated, and
//! property tests (sums of parts equal totals, SUM of a union equals the SUM of its parts'
//! aggregations, every chunk split gives the same output).

use sync_core::aggregate::{
    AggregateOptions, AggregateOutput, AggregateSpec, Aggregator, DataElementSpec, TargetPeriods,
};
use sync_core::filter::OrgUnitPath;
use sync_core::period::PeriodType;

/// R ─┬─ D ─┬─ F1
///    │     └─ F2
///    └─ E ─── F3
const HIERARCHY: [(&str, &str); 6] = [
    ("R", "/R"),
    ("D", "/R/D"),
    ("F1", "/R/D/F1"),
    ("F2", "/R/D/F2"),
    ("E", "/R/E"),
    ("F3", "/R/E/F3"),
];

/// A data value row: data element, period, org unit, value, and optionally the attribute
/// option combo.
type Row<'a> = (&'a str, &'a str, &'a str, &'a str);

fn json_rows(rows: &[Row<'_>]) -> String {
    let items: Vec<String> = rows
        .iter()
        .map(|(de, pe, ou, value)| {
            format!(
                r#"{{"dataElement":"{de}","period":"{pe}","orgUnit":"{ou}","categoryOptionCombo":"HllvX50cXC0","attributeOptionCombo":"HllvX50cXC0","value":"{value}","storedBy":"admin","created":"2020-01-01T00:00:00.000+0000","lastUpdated":"2020-01-01T00:00:00.000+0000","comment":null,"followup":false}}"#
            )
        })
        .collect();
    format!(r#"{{"dataValues":[{}]}}"#, items.join(","))
}

fn spec(
    elements: &[(&str, &str, &str, bool)],
    selected: &[&str],
    period_type: &str,
    periods: &[&str],
) -> AggregateSpec {
    AggregateSpec {
        data_elements: elements
            .iter()
            .map(|(id, value_type, aggregation_type, zero)| DataElementSpec {
                id: (*id).to_owned(),
                value_type: (*value_type).to_owned(),
                aggregation_type: (*aggregation_type).to_owned(),
                zero_is_significant: *zero,
            })
            .collect(),
        org_units: HIERARCHY
            .iter()
            .map(|(id, path)| OrgUnitPath {
                id: (*id).to_owned(),
                path: (*path).to_owned(),
            })
            .collect(),
        selected_org_units: selected.iter().map(|id| (*id).to_owned()).collect(),
        period_type: PeriodType::from_name(period_type).expect("period type"),
        periods: TargetPeriods::Ids(periods.iter().map(|id| (*id).to_owned()).collect()),
        excluded_data_elements: Vec::new(),
        attribute_option_combos: None,
        include_zero_values: true,
    }
}

fn run(spec: AggregateSpec, json: &str) -> AggregateOutput {
    let mut aggregator = Aggregator::new(spec).expect("valid spec");
    aggregator.feed(json.as_bytes()).expect("reads");
    aggregator.finish().expect("complete")
}

/// `(period, org unit, value)` of every output row.
fn cells(output: &AggregateOutput) -> Vec<(String, String, String)> {
    output
        .data_values
        .iter()
        .map(|row| (row.period.clone(), row.org_unit.clone(), row.value.clone()))
        .collect()
}

/// One data element of `value_type`/`aggregation`, aggregated to `selected` × `periods`.
#[allow(clippy::too_many_arguments)]
fn check(
    value_type: &str,
    aggregation: &str,
    zero_is_significant: bool,
    period_type: &str,
    periods: &[&str],
    selected: &[&str],
    rows: &[(&str, &str, &str)],
    expected: &[(&str, &str, &str)],
) {
    let rows: Vec<Row<'_>> = rows
        .iter()
        .map(|(pe, ou, value)| ("de", *pe, *ou, *value))
        .collect();
    let output = run(
        spec(
            &[("de", value_type, aggregation, zero_is_significant)],
            selected,
            period_type,
            periods,
        ),
        &json_rows(&rows),
    );
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(pe, ou, value)| ((*pe).to_owned(), (*ou).to_owned(), (*value).to_owned()))
        .collect();
    assert_eq!(cells(&output), expected, "{value_type} {aggregation}");
    assert!(
        output.not_aggregated.is_empty(),
        "{:?}",
        output.not_aggregated
    );
    for row in &output.data_values {
        assert_eq!(row.comment, "[aggregated]");
        assert_eq!(row.category_option_combo, "HllvX50cXC0");
    }
}

#[test]
fn sum_adds_sub_periods_and_the_whole_subtree() {
    let rows = [
        ("202001", "F1", "1"),
        ("202002", "F1", "2"),
        ("202004", "F1", "4"),
        ("202001", "F2", "10"),
        ("202001", "F3", "100"),
        ("202001", "D", "1000"),
    ];
    check(
        "NUMBER",
        "SUM",
        false,
        "Quarterly",
        &["2020Q1", "2020Q2"],
        &["R", "D", "F1"],
        &rows,
        &[
            ("2020Q1", "R", "1113"),
            ("2020Q1", "D", "1013"),
            ("2020Q1", "F1", "3"),
            ("2020Q2", "R", "4"),
            ("2020Q2", "D", "4"),
            ("2020Q2", "F1", "4"),
        ],
    );
}

#[test]
fn sum_keeps_decimals_unrounded_and_skips_insignificant_zeros() {
    check(
        "NUMBER",
        "SUM",
        false,
        "Yearly",
        &["2020"],
        &["D"],
        &[
            ("202001", "F1", "1.25"),
            ("202002", "F1", "0"),
            ("202003", "F2", "-0.5"),
        ],
        &[("2020", "D", "0.75")],
    );
    // Only zeros: no row at all (they never reach the analytics tables).
    check(
        "NUMBER",
        "SUM",
        false,
        "Yearly",
        &["2020"],
        &["D"],
        &[("202001", "F1", "0")],
        &[],
    );
    // A significant zero does take part.
    check(
        "NUMBER",
        "SUM",
        true,
        "Yearly",
        &["2020"],
        &["D"],
        &[("202001", "F1", "0")],
        &[("2020", "D", "0")],
    );
}

#[test]
fn count_counts_values_but_not_insignificant_zeros() {
    let rows = [
        ("202001", "F1", "0"),
        ("202002", "F1", "5"),
        ("202003", "F2", "7"),
    ];
    check(
        "NUMBER",
        "COUNT",
        false,
        "Quarterly",
        &["2020Q1"],
        &["D"],
        &rows,
        &[("2020Q1", "D", "2")],
    );
    check(
        "NUMBER",
        "COUNT",
        true,
        "Quarterly",
        &["2020Q1"],
        &["D"],
        &rows,
        &[("2020Q1", "D", "3")],
    );
}

#[test]
fn average_is_the_plain_mean_of_all_rows_and_counts_zeros() {
    let rows = [
        ("202001", "F1", "2"),
        ("202002", "F1", "4"),
        ("202001", "F2", "9"),
    ];
    check(
        "NUMBER",
        "AVERAGE",
        false,
        "Quarterly",
        &["2020Q1"],
        &["D"],
        &rows,
        &[("2020Q1", "D", "5")],
    );
    let with_zero = [rows[0], rows[1], rows[2], ("202003", "F2", "0")];
    check(
        "NUMBER",
        "AVERAGE",
        false,
        "Quarterly",
        &["2020Q1"],
        &["D"],
        &with_zero,
        &[("2020Q1", "D", "3.75")],
    );
}

#[test]
fn average_sum_org_unit_weights_by_days_and_sums_org_units() {
    // F1 has all three months at 91, F2 only January: missing sub-periods count as zero.
    let rows = [
        ("202001", "F1", "91"),
        ("202002", "F1", "91"),
        ("202003", "F1", "91"),
        ("202001", "F2", "91"),
    ];
    check(
        "NUMBER",
        "AVERAGE_SUM_ORG_UNIT",
        false,
        "Quarterly",
        &["2020Q1"],
        &["D", "F1", "F2"],
        &rows,
        &[
            ("2020Q1", "D", "122"),
            ("2020Q1", "F1", "91"),
            ("2020Q1", "F2", "31"),
        ],
    );
}

#[test]
fn min_and_max_pool_rows_and_their_sum_org_unit_forms_sum_per_org_unit() {
    let rows = [
        ("202001", "F1", "5"),
        ("202002", "F1", "3"),
        ("202001", "F2", "10"),
        ("202002", "F2", "12"),
    ];
    let q1 = ["2020Q1"];
    check(
        "NUMBER",
        "MIN",
        false,
        "Quarterly",
        &q1,
        &["D"],
        &rows,
        &[("2020Q1", "D", "3")],
    );
    check(
        "NUMBER",
        "MAX",
        false,
        "Quarterly",
        &q1,
        &["D"],
        &rows,
        &[("2020Q1", "D", "12")],
    );
    check(
        "NUMBER",
        "MIN_SUM_ORG_UNIT",
        false,
        "Quarterly",
        &q1,
        &["D"],
        &rows,
        &[("2020Q1", "D", "13")],
    );
    check(
        "NUMBER",
        "MAX_SUM_ORG_UNIT",
        false,
        "Quarterly",
        &q1,
        &["D"],
        &rows,
        &[("2020Q1", "D", "17")],
    );
}

#[test]
fn stddev_and_variance_are_sample_estimators() {
    let values = ["2", "4", "4", "4", "5", "5", "7", "9"];
    let days = [
        "20200101", "20200102", "20200103", "20200104", "20200105", "20200106", "20200107",
        "20200108",
    ];
    let rows: Vec<(&str, &str, &str)> = days
        .iter()
        .zip(values)
        .map(|(day, value)| (*day, "F1", value))
        .collect();
    check(
        "NUMBER",
        "VARIANCE",
        false,
        "Monthly",
        &["202001"],
        &["D"],
        &rows,
        &[("202001", "D", "4.571428571428571")],
    );
    check(
        "NUMBER",
        "STDDEV",
        false,
        "Monthly",
        &["202001"],
        &["D"],
        &rows,
        &[("202001", "D", "2.138089935299395")],
    );
    // One value: the sample estimators are undefined (SQL null), so no row.
    check(
        "NUMBER",
        "STDDEV",
        false,
        "Monthly",
        &["202001"],
        &["D"],
        &rows[..1],
        &[],
    );
}

#[test]
fn last_family_looks_back_per_org_unit() {
    let rows = [
        ("201912", "F1", "7"),
        ("202002", "F1", "5"),
        ("202004", "F1", "100"),
        ("201806", "F2", "3"),
        ("200912", "F3", "50"),
    ];
    let q1 = ["2020Q1"];
    check(
        "NUMBER",
        "LAST",
        false,
        "Quarterly",
        &q1,
        &["D"],
        &rows,
        &[("2020Q1", "D", "8")],
    );
    check(
        "NUMBER",
        "LAST_AVERAGE_ORG_UNIT",
        false,
        "Quarterly",
        &q1,
        &["D"],
        &rows,
        &[("2020Q1", "D", "4")],
    );
    check(
        "NUMBER",
        "LAST_LAST_ORG_UNIT",
        false,
        "Quarterly",
        &q1,
        &["D"],
        &rows,
        &[("2020Q1", "D", "5")],
    );
    // A period without data inherits the latest earlier value.
    check(
        "NUMBER",
        "LAST",
        false,
        "Monthly",
        &["202001", "202002", "202003"],
        &["F1"],
        &rows,
        &[
            ("202001", "F1", "7"),
            ("202002", "F1", "5"),
            ("202003", "F1", "5"),
        ],
    );
    // Ten years back from the end of 2020Q1 is 2010-03-31: 200912 is too old.
    check(
        "NUMBER",
        "LAST",
        false,
        "Quarterly",
        &q1,
        &["E"],
        &rows,
        &[],
    );
    check(
        "NUMBER",
        "LAST",
        false,
        "Quarterly",
        &["2019Q3"],
        &["E"],
        &rows,
        &[("2019Q3", "E", "50")],
    );
}

#[test]
fn last_in_period_only_looks_inside_the_target() {
    let rows = [
        ("201912", "F1", "7"),
        ("202002", "F1", "5"),
        ("202003", "F1", "6"),
        ("201912", "F2", "9"),
    ];
    let q1 = ["2020Q1"];
    check(
        "NUMBER",
        "LAST_IN_PERIOD",
        false,
        "Quarterly",
        &q1,
        &["D"],
        &rows,
        &[("2020Q1", "D", "6")],
    );
    let with_f2 = [rows[0], rows[1], rows[2], rows[3], ("202001", "F2", "2")];
    check(
        "NUMBER",
        "LAST_IN_PERIOD_AVERAGE_ORG_UNIT",
        false,
        "Quarterly",
        &q1,
        &["D"],
        &with_f2,
        &[("2020Q1", "D", "4")],
    );
}

#[test]
fn first_family_takes_the_earliest_value_in_the_window() {
    let rows = [
        ("201912", "F1", "7"),
        ("202002", "F1", "5"),
        ("201806", "F2", "3"),
    ];
    let q1 = ["2020Q1"];
    check(
        "NUMBER",
        "FIRST",
        false,
        "Quarterly",
        &q1,
        &["F1"],
        &rows,
        &[("2020Q1", "F1", "7")],
    );
    check(
        "NUMBER",
        "FIRST",
        false,
        "Quarterly",
        &q1,
        &["D"],
        &rows,
        &[("2020Q1", "D", "10")],
    );
    check(
        "NUMBER",
        "FIRST_AVERAGE_ORG_UNIT",
        false,
        "Quarterly",
        &q1,
        &["D"],
        &rows,
        &[("2020Q1", "D", "5")],
    );
    check(
        "NUMBER",
        "FIRST_FIRST_ORG_UNIT",
        false,
        "Quarterly",
        &q1,
        &["D"],
        &rows,
        &[("2020Q1", "D", "3")],
    );
}

#[test]
fn none_passes_text_through_only_where_it_already_is() {
    let rows = [
        ("2020Q1", "D", "hello"),
        ("2020Q1", "F1", "below"),
        ("202001", "D", "monthly"),
    ];
    check(
        "TEXT",
        "NONE",
        false,
        "Quarterly",
        &["2020Q1"],
        &["D"],
        &rows,
        &[("2020Q1", "D", "hello")],
    );
    check(
        "LONG_TEXT",
        "LAST",
        false,
        "Quarterly",
        &["2020Q1"],
        &["F1"],
        &rows,
        &[("2020Q1", "F1", "below")],
    );
}

#[test]
fn booleans_count_true_and_average_to_a_day_weighted_percentage() {
    let rows = [
        ("202001", "F1", "true"),
        ("202002", "F1", "false"),
        ("202001", "F2", "true"),
    ];
    check(
        "BOOLEAN",
        "SUM",
        false,
        "Quarterly",
        &["2020Q1"],
        &["D"],
        &rows,
        &[("2020Q1", "D", "2")],
    );
    check(
        "BOOLEAN",
        "COUNT",
        false,
        "Quarterly",
        &["2020Q1"],
        &["D"],
        &rows,
        &[("2020Q1", "D", "3")],
    );
    // F1: 31 true days of 60.
    check(
        "BOOLEAN",
        "AVERAGE",
        false,
        "Quarterly",
        &["2020Q1"],
        &["F1"],
        &rows,
        &[("2020Q1", "F1", "51.66666666666667")],
    );
    check(
        "TRUE_ONLY",
        "SUM",
        false,
        "Quarterly",
        &["2020Q1"],
        &["D"],
        &rows,
        &[("2020Q1", "D", "2")],
    );
    check(
        "TRUE_ONLY",
        "COUNT",
        false,
        "Quarterly",
        &["2020Q1"],
        &["D"],
        &rows,
        &[("2020Q1", "D", "2")],
    );
}

#[test]
fn weeks_are_placed_by_their_thursday() {
    let rows = [
        ("2020W14", "F1", "1"),       // 30 Mar – 5 Apr: April, Q2
        ("2020W1", "F1", "10"),       // 30 Dec 2019 – 5 Jan 2020: January 2020
        ("2020W53", "F1", "100"),     // 28 Dec 2020 – 3 Jan 2021: December 2020
        ("2020SunW14", "F1", "1000"), // Sun 29 Mar – Sat 4 Apr: Wednesday 1 Apr, April
    ];
    check(
        "NUMBER",
        "SUM",
        false,
        "Monthly",
        &["202001", "202003", "202004", "202012"],
        &["F1"],
        &rows,
        &[
            ("202001", "F1", "10"),
            ("202004", "F1", "1001"),
            ("202012", "F1", "100"),
        ],
    );
    check(
        "NUMBER",
        "SUM",
        false,
        "Quarterly",
        &["2020Q1", "2020Q2"],
        &["F1"],
        &rows,
        &[("2020Q1", "F1", "10"), ("2020Q2", "F1", "1001")],
    );
    check(
        "NUMBER",
        "SUM",
        false,
        "Yearly",
        &["2019", "2020"],
        &["F1"],
        &rows,
        &[("2020", "F1", "1111")],
    );
}

#[test]
fn longer_data_periods_only_repeat_for_the_average_family() {
    let rows = [("2020", "F1", "1200"), ("2020", "F2", "600")];
    let months = ["202001", "202002"];
    check(
        "NUMBER",
        "SUM",
        false,
        "Monthly",
        &months,
        &["D"],
        &rows,
        &[],
    );
    check(
        "NUMBER",
        "AVERAGE",
        false,
        "Monthly",
        &months,
        &["F1"],
        &rows,
        &[("202001", "F1", "1200"), ("202002", "F1", "1200")],
    );
    check(
        "NUMBER",
        "AVERAGE_SUM_ORG_UNIT",
        false,
        "Monthly",
        &months,
        &["D"],
        &rows,
        &[("202001", "D", "1800"), ("202002", "D", "1800")],
    );
}

#[test]
fn same_length_with_another_anchor() {
    let rows = [("2020", "F1", "1200"), ("2021", "F1", "2400")];
    check(
        "NUMBER",
        "SUM",
        false,
        "FinancialApril",
        &["2020April"],
        &["F1"],
        &rows,
        &[],
    );
    check(
        "NUMBER",
        "AVERAGE",
        false,
        "FinancialApril",
        &["2020April"],
        &["F1"],
        &rows,
        &[("2020April", "F1", "1200")],
    );
    let quarters = [("2020Q1", "F1", "5")];
    check(
        "NUMBER",
        "SUM",
        false,
        "QuarterlyNov",
        &["2020NovQ2"],
        &["F1"],
        &quarters,
        &[],
    );
}

#[test]
fn integer_types_round_half_away_from_zero() {
    let rows = [
        ("202001", "F1", "1"),
        ("202002", "F1", "2"),
        ("202001", "F2", "-1"),
        ("202002", "F2", "-2"),
    ];
    check(
        "INTEGER",
        "AVERAGE",
        false,
        "Quarterly",
        &["2020Q1"],
        &["F1", "F2"],
        &rows,
        &[("2020Q1", "F1", "2"), ("2020Q1", "F2", "-2")],
    );
    check(
        "NUMBER",
        "AVERAGE",
        false,
        "Quarterly",
        &["2020Q1"],
        &["F1", "F2"],
        &rows,
        &[("2020Q1", "F1", "1.5"), ("2020Q1", "F2", "-1.5")],
    );
}

#[test]
fn attribute_option_combos_are_never_merged() {
    let json = r#"{"dataValues":[
      {"dataElement":"de","period":"202001","orgUnit":"F1","categoryOptionCombo":"c1","attributeOptionCombo":"a1","value":"1"},
      {"dataElement":"de","period":"202002","orgUnit":"F1","categoryOptionCombo":"c1","attributeOptionCombo":"a2","value":"2"},
      {"dataElement":"de","period":"202002","orgUnit":"F2","categoryOptionCombo":"c2","attributeOptionCombo":"a1","value":"4"},
      {"dataElement":"de","period":"202003","orgUnit":"F2","categoryOptionCombo":"c1","attributeOptionCombo":"a1","value":"8"},
      {"dataElement":"de","period":"202003","orgUnit":"F2","value":"16"}
    ]}"#;
    let output = run(
        spec(
            &[("de", "NUMBER", "SUM", false)],
            &["D"],
            "Quarterly",
            &["2020Q1"],
        ),
        json,
    );
    let rows: Vec<(String, String, String)> = output
        .data_values
        .iter()
        .map(|row| {
            (
                row.category_option_combo.clone(),
                row.attribute_option_combo.clone(),
                row.value.clone(),
            )
        })
        .collect();
    let expected = [
        ("HllvX50cXC0", "HllvX50cXC0", "16"),
        ("c1", "a1", "9"),
        ("c1", "a2", "2"),
        ("c2", "a1", "4"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(c, a, v)| ((*c).to_owned(), (*a).to_owned(), (*v).to_owned()))
        .collect();
    assert_eq!(rows, expected);

    let mut only_a1 = spec(
        &[("de", "NUMBER", "SUM", false)],
        &["D"],
        "Quarterly",
        &["2020Q1"],
    );
    only_a1.attribute_option_combos = Some(vec!["a1".to_owned()]);
    let output = run(only_a1, json);
    let values: Vec<&str> = output
        .data_values
        .iter()
        .map(|row| row.value.as_str())
        .collect();
    assert_eq!(values, ["9", "4"]);
}

#[test]
fn what_cannot_be_aggregated_is_reported_not_dropped() {
    let elements = [
        ("num", "NUMBER", "SUM", false),
        ("date", "DATE", "SUM", false),
        ("text", "TEXT", "SUM", false),
        ("none", "NUMBER", "NONE", false),
        ("custom", "NUMBER", "CUSTOM", false),
        ("file", "FILE_RESOURCE", "SUM", false),
    ];
    let rows = [
        ("num", "202001", "F1", "3"),
        ("num", "202001", "F2", "abc"),
        ("num", "202002", "F2", "1e3"),
        ("num", "2020X1", "F2", "5"),
        ("date", "202001", "F1", "2020-01-01"),
        ("unknown", "202001", "F1", "1"),
    ];
    let output = run(
        spec(&elements, &["D"], "Quarterly", &["2020Q1"]),
        &json_rows(&rows),
    );
    assert_eq!(
        cells(&output),
        [("2020Q1".to_owned(), "D".to_owned(), "3".to_owned())]
    );
    let reported: Vec<&str> = output
        .not_aggregated
        .iter()
        .map(|entry| entry.data_element.as_str())
        .collect();
    assert_eq!(
        reported,
        ["date", "text", "none", "custom", "file", "unknown"]
    );
    assert!(output.not_aggregated[0].reason.contains("E7115"));
    let skipped: Vec<(&str, u64)> = output
        .skipped
        .iter()
        .map(|entry| (entry.data_element.as_str(), entry.count))
        .collect();
    assert_eq!(skipped, [("num", 1), ("num", 2)]);
    let json = output.to_json();
    assert!(
        json.starts_with(r#"{"dataValues":[{"dataElement":"num","period":"2020Q1","orgUnit":"D""#)
    );
    assert!(json.contains(r#""notAggregated":[{"dataElement":"date","reason":"#));
}

#[test]
fn deleted_rows_take_no_part() {
    let json = r#"{"dataValues":[
      {"dataElement":"de","period":"202001","orgUnit":"F1","value":"1"},
      {"dataElement":"de","period":"202002","orgUnit":"F1","value":"2","deleted":true}
    ]}"#;
    let output = run(
        spec(
            &[("de", "NUMBER", "SUM", false)],
            &["D"],
            "Quarterly",
            &["2020Q1"],
        ),
        json,
    );
    assert_eq!(
        cells(&output),
        [("2020Q1".to_owned(), "D".to_owned(), "1".to_owned())]
    );
    assert_eq!(output.stats.deleted, 1);
}

#[test]
fn options_json_with_a_date_range() {
    let options = r#"{"dataElements":[{"id":"de","valueType":"INTEGER","aggregationType":"SUM"}],
      "organisationUnits":[{"id":"D","path":"/R/D"},{"id":"F1","path":"/R/D/F1"}],
      "periodType":"Monthly","from":"2020-01-15","to":"2020-03-31","orgUnits":["D"]}"#;
    let mut aggregator = Aggregator::from_options_json(options).expect("valid options");
    let ids: Vec<String> = aggregator
        .target_periods()
        .iter()
        .map(|period| period.id())
        .collect();
    assert_eq!(ids, ["202002", "202003"]);
    aggregator
        .feed(
            json_rows(&[
                ("de", "202002", "F1", "2"),
                ("de", "2020Q1", "F1", "5"),
                ("de", "20200301", "F1", "3"),
            ])
            .as_bytes(),
        )
        .expect("reads");
    let output = aggregator.finish().expect("complete");
    assert_eq!(
        cells(&output),
        [
            ("202002".to_owned(), "D".to_owned(), "2".to_owned()),
            ("202003".to_owned(), "D".to_owned(), "3".to_owned())
        ]
    );

    let invalid =
        r#"{"periodType":"Fortnightly","periods":["2020Q5"],"from":"2020-01-01","orgUnits":[]}"#;
    let problems = match Aggregator::from_options_json(invalid) {
        Err(sync_core::aggregate::AggregateError::InvalidOptions(problems)) => problems,
        Err(other) => panic!("unexpected error {other}"),
        Ok(_) => panic!("accepted invalid options"),
    };
    assert_eq!(problems.len(), 3, "{problems:?}");
    let options: AggregateOptions =
        serde_json::from_str(r#"{"periodType":"Monthly","periods":["2020Q1"],"orgUnits":["D"]}"#)
            .expect("json");
    assert!(Aggregator::new(options.into_spec().expect("spec")).is_err());
}

#[test]
fn look_back_is_reported_for_the_last_family() {
    let with_last = spec(
        &[("de", "NUMBER", "LAST", false)],
        &["D"],
        "Monthly",
        &["202003", "202001"],
    );
    let aggregator = Aggregator::new(with_last).expect("valid");
    assert_eq!(
        aggregator
            .look_back_from()
            .map(|date| date.to_string())
            .as_deref(),
        Some("2010-01-31")
    );
    let sum_only = spec(
        &[("de", "NUMBER", "SUM", false)],
        &["D"],
        "Monthly",
        &["202001"],
    );
    assert_eq!(
        Aggregator::new(sum_only).expect("valid").look_back_from(),
        None
    );
}

// ---------------------------------------------------------------------------------------------
// Property tests with a small deterministic generator (no external crates).

struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}

const MONTHS: [&str; 12] = [
    "202001", "202002", "202003", "202004", "202005", "202006", "202007", "202008", "202009",
    "202010", "202011", "202012",
];

fn random_rows(seed: u64, count: usize) -> Vec<(String, String, String, String, String)> {
    let mut random = Xorshift(seed);
    let org_units = ["F1", "F2", "D", "F3"];
    (0..count)
        .map(|_| {
            let de = format!("de{}", random.below(3));
            let pe = MONTHS[random.below(12) as usize].to_owned();
            let ou = org_units[random.below(4) as usize].to_owned();
            let aoc = format!("aoc{}", random.below(2));
            let value = (random.below(2001) as i64 - 1000).to_string();
            (de, pe, ou, aoc, value)
        })
        .collect()
}

fn rows_json(rows: &[(String, String, String, String, String)]) -> String {
    let items: Vec<String> = rows
        .iter()
        .map(|(de, pe, ou, aoc, value)| {
            format!(r#"{{"dataElement":"{de}","period":"{pe}","orgUnit":"{ou}","attributeOptionCombo":"{aoc}","value":"{value}"}}"#)
        })
        .collect();
    format!(r#"{{"dataValues":[{}]}}"#, items.join(",\n"))
}

fn sum_spec(selected: &[&str], period_type: &str, periods: &[&str]) -> AggregateSpec {
    spec(
        &[
            ("de0", "INTEGER", "SUM", false),
            ("de1", "NUMBER", "SUM", false),
            ("de2", "INTEGER", "SUM", false),
        ],
        selected,
        period_type,
        periods,
    )
}

type Key = (String, String, String, String);

fn by_cell(output: &AggregateOutput) -> std::collections::BTreeMap<Key, i64> {
    output
        .data_values
        .iter()
        .map(|row| {
            (
                (
                    row.data_element.clone(),
                    row.period.clone(),
                    row.org_unit.clone(),
                    row.attribute_option_combo.clone(),
                ),
                row.value.parse::<i64>().expect("integer sum"),
            )
        })
        .collect()
}

#[test]
fn property_sum_of_parts_equals_total() {
    for seed in 1..30u64 {
        let rows = random_rows(seed * 7919, 200);
        let json = rows_json(&rows);
        // Space: D = D's own values + F1 + F2.
        let output = run(sum_spec(&["D", "F1", "F2"], "Yearly", &["2020"]), &json);
        let own = run(
            sum_spec(&["D"], "Yearly", &["2020"]),
            &rows_json(
                &rows
                    .iter()
                    .filter(|row| row.2 == "D")
                    .cloned()
                    .collect::<Vec<_>>(),
            ),
        );
        let cells = by_cell(&output);
        let own = by_cell(&own);
        for ((de, pe, ou, aoc), total) in &cells {
            if ou != "D" {
                continue;
            }
            let part = |org_unit: &str| {
                cells
                    .get(&(de.clone(), pe.clone(), org_unit.to_owned(), aoc.clone()))
                    .copied()
                    .unwrap_or(0)
            };
            let own_part = own
                .get(&(de.clone(), pe.clone(), "D".to_owned(), aoc.clone()))
                .copied()
                .unwrap_or(0);
            assert_eq!(*total, part("F1") + part("F2") + own_part, "seed {seed}");
        }
        // Time: the year is the sum of its quarters and of its months.
        let quarters = by_cell(&run(
            sum_spec(
                &["R"],
                "Quarterly",
                &["2020Q1", "2020Q2", "2020Q3", "2020Q4"],
            ),
            &json,
        ));
        let months = by_cell(&run(sum_spec(&["R"], "Monthly", &MONTHS), &json));
        let year = by_cell(&run(sum_spec(&["R"], "Yearly", &["2020"]), &json));
        for ((de, _, ou, aoc), total) in &year {
            let sum_of = |cells: &std::collections::BTreeMap<Key, i64>| -> i64 {
                cells
                    .iter()
                    .filter(|((d, _, o, a), _)| d == de && o == ou && a == aoc)
                    .map(|(_, value)| *value)
                    .sum()
            };
            assert_eq!(*total, sum_of(&quarters), "seed {seed}");
            assert_eq!(*total, sum_of(&months), "seed {seed}");
        }
    }
}

#[test]
fn property_sum_of_a_union_equals_the_sum_of_its_aggregations() {
    for seed in 1..30u64 {
        let rows = random_rows(seed * 104_729, 300);
        let cut = (seed as usize * 37) % rows.len();
        let (first, second) = rows.split_at(cut);
        let periods = ["2020Q1", "2020Q2", "2020Q3", "2020Q4"];
        let whole = by_cell(&run(
            sum_spec(&["R", "D"], "Quarterly", &periods),
            &rows_json(&rows),
        ));
        let mut combined = by_cell(&run(
            sum_spec(&["R", "D"], "Quarterly", &periods),
            &rows_json(first),
        ));
        for (key, value) in by_cell(&run(
            sum_spec(&["R", "D"], "Quarterly", &periods),
            &rows_json(second),
        )) {
            *combined.entry(key).or_insert(0) += value;
        }
        // A cell whose parts cancel out to 0 still exists in both: compare all keys.
        assert_eq!(whole, combined, "seed {seed}");
    }
}

#[test]
fn property_every_chunk_split_gives_the_same_output() {
    let aggregations = [
        "SUM",
        "AVERAGE",
        "AVERAGE_SUM_ORG_UNIT",
        "COUNT",
        "MIN",
        "MAX",
        "LAST",
        "LAST_AVERAGE_ORG_UNIT",
        "LAST_LAST_ORG_UNIT",
        "LAST_IN_PERIOD",
        "FIRST",
        "FIRST_FIRST_ORG_UNIT",
        "STDDEV",
        "VARIANCE",
        "MIN_SUM_ORG_UNIT",
        "MAX_SUM_ORG_UNIT",
    ];
    let rows = random_rows(42, 12);
    let mut json = rows_json(&rows);
    // Escapes and whitespace in the mix.
    json = json.replacen("\"value\"", " \"val\\u0075e\" ", 3);
    for aggregation in aggregations {
        let make = || {
            spec(
                &[
                    ("de0", "NUMBER", aggregation, false),
                    ("de1", "NUMBER", aggregation, false),
                    ("de2", "NUMBER", aggregation, false),
                ],
                &["R", "D", "F1"],
                "Quarterly",
                &["2020Q1", "2020Q2", "2020Q3", "2020Q4"],
            )
        };
        let whole = run(make(), &json);
        assert!(!whole.data_values.is_empty(), "{aggregation}");
        for cut in 0..=json.len() {
            let mut aggregator = Aggregator::new(make()).expect("valid");
            aggregator
                .feed(&json.as_bytes()[..cut])
                .expect("first part");
            aggregator
                .feed(&json.as_bytes()[cut..])
                .expect("second part");
            assert_eq!(
                aggregator.finish().expect("complete"),
                whole,
                "{aggregation} cut at {cut}"
            );
        }
    }
}

#[test]
fn large_selections_use_the_sparse_index_with_the_same_results() {
    // 121 days × 50 org units = 6,050 cells per data element: beyond the dense blocks.
    let mut selected: Vec<String> = (0..48).map(|index| format!("X{index}")).collect();
    selected.extend(["D".to_owned(), "F1".to_owned()]);
    let selected: Vec<&str> = selected.iter().map(String::as_str).collect();
    let mut big = spec(&[("de", "NUMBER", "SUM", false)], &selected, "Daily", &[]);
    let from = sync_core::date::Date::from_ymd(2020, 1, 1).expect("date");
    let to = sync_core::date::Date::from_ymd(2020, 4, 30).expect("date");
    big.periods = TargetPeriods::Range { from, to };
    let rows = [
        ("de", "20200105", "F1", "1"),
        ("de", "20200105", "F2", "2"),
        ("de", "20200430", "F1", "4"),
    ];
    let output = run(big, &json_rows(&rows));
    let expected = [
        ("20200105", "D", "3"),
        ("20200105", "F1", "1"),
        ("20200430", "D", "4"),
        ("20200430", "F1", "4"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(pe, ou, value)| ((*pe).to_owned(), (*ou).to_owned(), (*value).to_owned()))
        .collect();
    assert_eq!(cells(&output), expected);
}

/// Rows the engine drops before interning their other ids (deleted, excluded or unknown data
/// element, attribute option combo left out), in both the compact shape DHIS2 writes and the
/// general one: every split position gives the output and counts of the whole document.
#[test]
fn dropped_rows_give_the_same_output_at_every_split() {
    let compact = |de: &str, pe: &str, ou: &str, aoc: &str, value: &str, tail: &str| {
        format!(
            r#"{{"dataElement":"{de}","period":"{pe}","orgUnit":"{ou}","categoryOptionCombo":"HllvX50cXC0","attributeOptionCombo":"{aoc}","value":"{value}","storedBy":"admin","created":"2020-01-01T00:00:00.000+0000","lastUpdated":"2020-01-01T00:00:00.000+0000","comment":null,"followup":false{tail}}}"#
        )
    };
    let rows = [
        compact("de", "202001", "F1", "aoc1", "1", ""),
        compact("de", "202002", "F2", "aoc2", "10", ""),
        compact("de", "202002", "F3", "aoc1", "100", r#","deleted":true"#),
        compact("excluded", "202001", "F1", "aoc1", "1000", ""),
        compact("unknown", "202001", "F1", "aoc1", "5", ""),
        compact("de", "202003", "F3", "aoc1", "2", r#","deleted":false"#),
        r#"{ "period": "202001", "dataElement": "de", "orgUnit": "F2", "attributeOptionCombo": "aoc1", "value": "4" }"#.to_owned(),
        r#"{"dataElement":"de","period":"202001","orgUnit":"F2","attributeOptionCombo":"aoc2","value":"40"}"#.to_owned(),
        r#"{"dataElement":"de","period":"202001","orgUnit":"F2","value":"400","deleted":true}"#.to_owned(),
        r#"{"dataElement":"de","period":"202001","orgUnit":"F2","attributeOptionCombo":"aoc1","value":"8"}"#.to_owned(),
    ];
    let json = format!(r#"{{"dataValues":[{}]}}"#, rows.join(","));
    let make = || {
        let mut spec = spec(
            &[
                ("de", "NUMBER", "SUM", false),
                ("excluded", "NUMBER", "SUM", false),
            ],
            &["R", "D"],
            "Quarterly",
            &["2020Q1"],
        );
        spec.excluded_data_elements = vec!["excluded".to_owned()];
        spec.attribute_option_combos = Some(vec!["aoc1".to_owned()]);
        spec
    };
    let whole = run(make(), &json);
    assert_eq!(
        cells(&whole),
        [
            ("2020Q1".to_owned(), "R".to_owned(), "15".to_owned()),
            ("2020Q1".to_owned(), "D".to_owned(), "13".to_owned()),
        ]
    );
    assert_eq!(whole.stats.rows, 10);
    assert_eq!(whole.stats.deleted, 2);
    assert_eq!(whole.stats.used, 4);
    assert_eq!(whole.not_aggregated.len(), 1, "{:?}", whole.not_aggregated);
    assert_eq!(whole.not_aggregated[0].data_element, "unknown");
    for cut in 0..=json.len() {
        let mut aggregator = Aggregator::new(make()).expect("valid");
        aggregator
            .feed(&json.as_bytes()[..cut])
            .expect("first part");
        aggregator
            .feed(&json.as_bytes()[cut..])
            .expect("second part");
        let split = aggregator.finish().expect("complete");
        assert_eq!(split, whole, "cut at {cut}");
        assert_eq!(split.stats, whole.stats, "cut at {cut}");
    }
}

/// Reads that return a row twice (split reads of overlapping data) are counted once with row
/// de-duplication, and twice without it (which is why the engine asks for it when its read plan
/// can repeat a row).
#[test]
fn a_row_read_twice_is_counted_once_with_row_dedupe() {
    let first = r#"{"dataValues":[
      {"dataElement":"de0","period":"202001","orgUnit":"F1","value":"2"},
      {"dataElement":"de1","period":"202001","orgUnit":"F2","value":"3"}
    ]}"#;
    let again = r#"{"dataValues":[
      {"dataElement":"de0","period":"202001","orgUnit":"F1","value":"2"}
    ]}"#;
    let total = |dedupe: bool| {
        let aggregator = Aggregator::new(sum_spec(&["D"], "Yearly", &["2020"])).expect("valid");
        let mut aggregator = if dedupe {
            aggregator.with_row_dedupe()
        } else {
            aggregator
        };
        aggregator.feed(first.as_bytes()).expect("reads");
        aggregator.next_document().expect("next");
        aggregator.feed(again.as_bytes()).expect("reads");
        let output = aggregator.finish().expect("complete");
        (by_cell(&output), output.stats.duplicates)
    };
    let (deduped, duplicates) = total(true);
    assert_eq!(duplicates, 1);
    let key = |de: &str| {
        (
            de.to_string(),
            "2020".to_string(),
            "D".to_string(),
            sync_core::plan::DEFAULT_CATEGORY_OPTION_COMBO.to_string(),
        )
    };
    assert_eq!(deduped.get(&key("de0")), Some(&2));
    assert_eq!(deduped.get(&key("de1")), Some(&3));
    let (counted_twice, _) = total(false);
    assert_eq!(counted_twice.get(&key("de0")), Some(&4));
}
