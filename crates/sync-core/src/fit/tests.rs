//! Tests of the fit: one small catalog per rule, built with the helpers below, the destination's
//! time pinned to 2026-12-07T10:00.
#![allow(clippy::unwrap_used)]

use super::*;
use crate::plan::DataValue;

const DEFAULT_COMBO: &str = "bjDvmb4bfuf";
const DEFAULT_OPTION_COMBO: &str = "HllvX50cXC0";

fn now() -> ServerTime {
    "2026-12-07T10:00:00.000".parse().unwrap()
}

fn context() -> FitContext {
    FitContext {
        now: now(),
        may_edit_expired: false,
    }
}

fn destination_element(id: &str, value_type: &str, aggregation_type: &str) -> CatalogDataElement {
    CatalogDataElement {
        id: id.into(),
        name: format!("{id} at the destination"),
        value_type: value_type.into(),
        aggregation_type: aggregation_type.into(),
        zero_is_significant: true,
        option_codes: None,
        category_combo: DEFAULT_COMBO.into(),
        category_option_combos: vec![DEFAULT_OPTION_COMBO.into()],
    }
}

fn source(id: &str, value_type: &str, aggregation_type: &str) -> SourceElement {
    SourceElement {
        id: id.into(),
        name: id.into(),
        value_type: value_type.into(),
        aggregation_type: aggregation_type.into(),
        option_codes: None,
        destination_id: id.into(),
    }
}

fn data_set(id: &str, period_type: &str, elements: &[&str]) -> CatalogDataSet {
    CatalogDataSet {
        id: id.into(),
        name: format!("{id} set"),
        period_type: period_type.into(),
        category_combo: DEFAULT_COMBO.into(),
        attribute_option_combos: vec![DEFAULT_OPTION_COMBO.into()],
        data_elements: elements.iter().map(|id| id.to_string()).collect(),
        ..CatalogDataSet::default()
    }
}

fn catalog(
    elements: Vec<CatalogDataElement>,
    data_sets: Vec<CatalogDataSet>,
) -> DestinationCatalog {
    let mut catalog = DestinationCatalog::default();
    catalog.category_option_combos.insert(
        DEFAULT_OPTION_COMBO.into(),
        CatalogOptionCombo {
            id: DEFAULT_OPTION_COMBO.into(),
            name: "default".into(),
            category_combo: DEFAULT_COMBO.into(),
            category_options: vec!["xYerKDKCefk".into()],
        },
    );
    for element in elements {
        catalog.data_elements.insert(element.id.clone(), element);
    }
    for data_set in data_sets {
        catalog.data_sets.insert(data_set.id.clone(), data_set);
    }
    catalog
}

/// An attribute option combo with one option: id, start date, end date, org units.
type Funding<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a [&'a str]);

/// Adds an attribute combo `funding` with one option combo per [`Funding`].
fn with_funding(mut catalog: DestinationCatalog, options: &[Funding<'_>]) -> DestinationCatalog {
    for (id, start, end, org_units) in options {
        let option_id = format!("{id}_option");
        catalog.category_options.insert(
            option_id.clone(),
            CatalogCategoryOption {
                id: option_id.clone(),
                name: format!("{id} option"),
                start_date: start.map(|date| date.parse().unwrap()),
                end_date: end.map(|date| date.parse().unwrap()),
                org_units: if org_units.is_empty() {
                    CategoryOptionOrgUnits::All
                } else {
                    CategoryOptionOrgUnits::Only(
                        org_units.iter().map(|id| id.to_string()).collect(),
                    )
                },
            },
        );
        catalog.category_option_combos.insert(
            id.to_string(),
            CatalogOptionCombo {
                id: id.to_string(),
                name: format!("{id} name"),
                category_combo: "funding".into(),
                category_options: vec![option_id],
            },
        );
    }
    let combos: Vec<String> = options.iter().map(|(id, ..)| id.to_string()).collect();
    for data_set in catalog.data_sets.values_mut() {
        data_set.category_combo = "funding".into();
        data_set.attribute_option_combos = combos.clone();
    }
    catalog
}

fn org_unit(catalog: &mut DestinationCatalog, id: &str, path: &str, data_sets: &[&str]) {
    catalog.org_units.insert(
        id.into(),
        CatalogOrgUnit {
            id: id.into(),
            path: path.into(),
            data_sets: data_sets.iter().map(|id| id.to_string()).collect(),
        },
    );
}

fn fit_of(
    catalog: &DestinationCatalog,
    sources: &[SourceElement],
    aggregation: Option<PeriodType>,
) -> DestinationFit {
    DestinationFit::new(catalog, sources, aggregation, &context())
}

fn value(data_element: &str, period: &str, org_unit: &str, text: &str) -> DataValue {
    DataValue::new(data_element, period, org_unit, text)
}

/// The code of the check's refusal, `None` when the value passes.
fn refusal(fit: &DestinationFit, value: &DataValue) -> Option<String> {
    fit.check(value).err().map(|reason| reason.code)
}

fn outcome_code(fit: &DestinationFit, index: usize) -> Option<&str> {
    match &fit.elements()[index].outcome {
        FitOutcome::LeftOut { reason } => Some(reason.code.as_str()),
        _ => None,
    }
}

fn checks_mention(fit: &DestinationFit, index: usize, text: &str) -> bool {
    fit.elements()[index]
        .value_checks
        .iter()
        .any(|check| check.contains(text))
}

const QUARTERLY: Option<PeriodType> = Some(PeriodType::Quarterly);
const YEARLY: Option<PeriodType> = Some(PeriodType::Yearly);

#[test]
fn cold_chain_functional_averaged_quarterly_is_left_out_when_the_destination_element_is_boolean() {
    let catalog = catalog(
        vec![destination_element("cold", "BOOLEAN", "AVERAGE")],
        vec![data_set("child", "Monthly", &["cold"])],
    );
    let fit = fit_of(&catalog, &[source("cold", "BOOLEAN", "AVERAGE")], QUARTERLY);
    let FitOutcome::LeftOut { reason } = &fit.elements()[0].outcome else {
        panic!("{:?}", fit.elements()[0].outcome);
    };
    assert_eq!(reason.code, TYPE_MISMATCH);
    assert!(
        reason.message.contains("percentage of true values"),
        "{reason}"
    );
    assert!(fit.elements()[0].value_checks.is_empty());
    // Every value of it is left out, even a `0` DHIS2 would store as false.
    for text in ["66.66666666666667", "0", "100"] {
        assert_eq!(
            refusal(&fit, &value("cold", "2024Q1", "ou", text)).as_deref(),
            Some(TYPE_MISMATCH)
        );
    }
}

#[test]
fn cold_chain_functional_averaged_quarterly_fits_when_the_destination_element_is_a_percentage() {
    let catalog = catalog(
        vec![destination_element("cold", "PERCENTAGE", "AVERAGE")],
        vec![data_set("child", "Monthly", &["cold"])],
    );
    let fit = fit_of(&catalog, &[source("cold", "BOOLEAN", "AVERAGE")], QUARTERLY);
    assert_eq!(fit.elements()[0].outcome, FitOutcome::Fits);
    assert!(
        !checks_mention(&fit, 0, "above 100"),
        "percentages of true values never pass 100"
    );
    assert_eq!(
        refusal(&fit, &value("cold", "2024Q1", "ou", "66.66666666666667")),
        None
    );
    assert_eq!(refusal(&fit, &value("cold", "2024Q1", "ou", "100")), None);
}

#[test]
fn an_attribute_option_refuses_periods_outside_its_dates_and_takes_those_overlapping_them() {
    let catalog = with_funding(
        catalog(
            vec![destination_element(
                "tests",
                "INTEGER_ZERO_OR_POSITIVE",
                "SUM",
            )],
            vec![data_set("hiv", "Monthly", &["tests"])],
        ),
        &[
            ("government", None, None, &[]),
            ("bank", Some("2024-03-01"), Some("2024-10-31"), &[]),
        ],
    );
    let fit = fit_of(
        &catalog,
        &[source("tests", "INTEGER_ZERO_OR_POSITIVE", "SUM")],
        YEARLY,
    );
    assert_eq!(fit.elements()[0].outcome, FitOutcome::Fits);
    assert!(checks_mention(
        &fit,
        0,
        "values of bank name are left out unless their periods overlap 2024-03-01 to 2024-10-31 (E7638)"
    ));
    // A year that overlaps the dates is taken, as dhis2-core takes it; one outside is refused.
    let yearly = value("tests", "2024", "root", "22").with_combos(DEFAULT_OPTION_COMBO, "bank");
    assert_eq!(refusal(&fit, &yearly), None);
    let before = value("tests", "2023", "root", "22").with_combos(DEFAULT_OPTION_COMBO, "bank");
    let reason = fit.check(&before).unwrap_err();
    assert_eq!(reason.code, "E7638");
    assert_eq!(
        reason.message,
        "Period: `2023` is not within date range of attribute option combo: `bank`"
    );
    let government =
        value("tests", "2024", "root", "22").with_combos(DEFAULT_OPTION_COMBO, "government");
    assert_eq!(refusal(&fit, &government), None);
    let inside = value("tests", "202405", "root", "2").with_combos(DEFAULT_OPTION_COMBO, "bank");
    assert_eq!(refusal(&fit, &inside), None);
    let before = value("tests", "202402", "root", "2").with_combos(DEFAULT_OPTION_COMBO, "bank");
    assert_eq!(refusal(&fit, &before).as_deref(), Some("E7638"));
    let after = value("tests", "202411", "root", "2").with_combos(DEFAULT_OPTION_COMBO, "bank");
    assert_eq!(refusal(&fit, &after).as_deref(), Some("E7638"));
}

#[test]
fn an_attribute_options_end_date_is_extended_by_the_data_sets_open_periods_after_it() {
    let mut data_set = data_set("hiv", "Monthly", &["tests"]);
    data_set.open_periods_after_category_option_end_date = 2;
    let catalog = with_funding(
        catalog(
            vec![destination_element("tests", "INTEGER", "SUM")],
            vec![data_set],
        ),
        &[("ending", None, Some("2024-09-30"), &[])],
    );
    let fit = fit_of(&catalog, &[source("tests", "INTEGER", "SUM")], None);
    let at = |period: &str| {
        refusal(
            &fit,
            &value("tests", period, "ou", "1").with_combos(DEFAULT_OPTION_COMBO, "ending"),
        )
    };
    assert_eq!(at("202409"), None);
    // 2024-09-30 plus two months is 2024-11-30 (calendar arithmetic, as dhis2-core).
    assert_eq!(at("202411"), None);
    assert_eq!(at("202412").as_deref(), Some("E7638"));
    assert!(checks_mention(&fit, 0, "start on or before 2024-11-30"));
}

#[test]
fn the_attribute_option_combo_takes_the_latest_start_and_earliest_end_of_its_options() {
    let mut catalog = with_funding(
        catalog(
            vec![destination_element("tests", "INTEGER", "SUM")],
            vec![data_set("hiv", "Monthly", &["tests"])],
        ),
        &[("a", Some("2024-01-01"), Some("2024-12-31"), &[])],
    );
    catalog.category_options.insert(
        "second".into(),
        CatalogCategoryOption {
            id: "second".into(),
            name: "second".into(),
            start_date: Some("2024-04-01".parse().unwrap()),
            end_date: Some("2024-06-30".parse().unwrap()),
            org_units: CategoryOptionOrgUnits::All,
        },
    );
    catalog
        .category_option_combos
        .get_mut("a")
        .unwrap()
        .category_options
        .push("second".into());
    let fit = fit_of(&catalog, &[source("tests", "INTEGER", "SUM")], None);
    let at = |period: &str| {
        refusal(
            &fit,
            &value("tests", period, "ou", "1").with_combos(DEFAULT_OPTION_COMBO, "a"),
        )
    };
    assert_eq!(at("202403").as_deref(), Some("E7638"));
    assert_eq!(at("202405"), None);
    assert_eq!(at("202407").as_deref(), Some("E7638"));
}

#[test]
fn org_units_outside_the_attribute_options_org_units_are_refused_with_e7639() {
    let mut catalog = with_funding(
        catalog(
            vec![destination_element("tests", "INTEGER", "SUM")],
            vec![data_set("hiv", "Monthly", &["tests"])],
        ),
        &[("district_only", None, None, &["district"])],
    );
    org_unit(
        &mut catalog,
        "facility",
        "/root/district/facility",
        &["hiv"],
    );
    org_unit(&mut catalog, "elsewhere", "/root/other/elsewhere", &["hiv"]);
    org_unit(&mut catalog, "root", "/root", &[]);
    let fit = fit_of(&catalog, &[source("tests", "INTEGER", "SUM")], None);
    let at = |org_unit: &str| {
        refusal(
            &fit,
            &value("tests", "202401", org_unit, "1")
                .with_combos(DEFAULT_OPTION_COMBO, "district_only"),
        )
    };
    assert_eq!(at("facility"), None, "a descendant of an assigned org unit");
    assert_eq!(at("district"), None, "the assigned org unit itself");
    assert_eq!(at("elsewhere").as_deref(), Some("E7639"));
    assert_eq!(
        at("root").as_deref(),
        Some("E7639"),
        "an ancestor is not inside"
    );
    assert_eq!(
        at("unknown"),
        None,
        "an org unit the catalog does not know passes"
    );
    assert!(checks_mention(&fit, 0, "outside its 1 org unit(s)"));
}

#[test]
fn the_org_units_of_several_options_intersect() {
    let mut catalog = with_funding(
        catalog(
            vec![destination_element("tests", "INTEGER", "SUM")],
            vec![data_set("hiv", "Monthly", &["tests"])],
        ),
        &[("both", None, None, &["north", "south"])],
    );
    catalog.category_options.insert(
        "partner".into(),
        CatalogCategoryOption {
            id: "partner".into(),
            org_units: CategoryOptionOrgUnits::Only(vec!["south".into()]),
            ..CatalogCategoryOption::default()
        },
    );
    catalog
        .category_option_combos
        .get_mut("both")
        .unwrap()
        .category_options
        .push("partner".into());
    org_unit(&mut catalog, "n1", "/root/north/n1", &[]);
    org_unit(&mut catalog, "s1", "/root/south/s1", &[]);
    let fit = fit_of(&catalog, &[source("tests", "INTEGER", "SUM")], None);
    let at = |org_unit: &str| {
        refusal(
            &fit,
            &value("tests", "202401", org_unit, "1").with_combos(DEFAULT_OPTION_COMBO, "both"),
        )
    };
    assert_eq!(at("s1"), None);
    assert_eq!(at("n1").as_deref(), Some("E7639"));
}

#[test]
fn boolean_and_true_only_counts_are_left_out_of_boolean_elements() {
    let catalog = catalog(
        vec![
            destination_element("supervised", "BOOLEAN", "COUNT"),
            destination_element("stockout", "TRUE_ONLY", "COUNT"),
            destination_element("summed", "TRUE_ONLY", "SUM"),
            destination_element("counted", "INTEGER_ZERO_OR_POSITIVE", "SUM"),
        ],
        vec![],
    );
    let sources = [
        source("supervised", "BOOLEAN", "COUNT"),
        source("stockout", "TRUE_ONLY", "COUNT"),
        source("summed", "TRUE_ONLY", "SUM"),
        source("counted", "TRUE_ONLY", "COUNT"),
    ];
    let fit = fit_of(&catalog, &sources, YEARLY);
    assert_eq!(outcome_code(&fit, 0), Some(TYPE_MISMATCH));
    assert_eq!(outcome_code(&fit, 1), Some(TYPE_MISMATCH));
    assert_eq!(outcome_code(&fit, 2), Some(TYPE_MISMATCH));
    let FitOutcome::LeftOut { reason } = &fit.elements()[1].outcome else {
        panic!()
    };
    assert!(reason.message.contains("counts of values"), "{reason}");
    let FitOutcome::LeftOut { reason } = &fit.elements()[2].outcome else {
        panic!()
    };
    assert!(reason.message.contains("counts of true values"), "{reason}");
    assert_eq!(
        fit.elements()[3].outcome,
        FitOutcome::Fits,
        "counts fit a count"
    );
    // A count of 1 would be stored as `true` by DHIS2: left out all the same.
    assert_eq!(
        refusal(&fit, &value("stockout", "2024", "ou", "1")).as_deref(),
        Some(TYPE_MISMATCH)
    );
    assert_eq!(refusal(&fit, &value("counted", "2024", "ou", "12")), None);
}

#[test]
fn boolean_extremes_fit_a_boolean_element_and_false_is_left_out_of_a_true_only_one() {
    let catalog = catalog(
        vec![
            destination_element("any", "BOOLEAN", "MAX"),
            destination_element("only_true", "TRUE_ONLY", "MAX"),
        ],
        vec![],
    );
    let fit = fit_of(
        &catalog,
        &[
            source("any", "BOOLEAN", "MAX"),
            source("only_true", "BOOLEAN", "MAX"),
        ],
        QUARTERLY,
    );
    assert_eq!(fit.elements()[0].outcome, FitOutcome::Fits);
    assert_eq!(fit.elements()[1].outcome, FitOutcome::Fits);
    assert!(checks_mention(&fit, 1, "values of 0 (false) are left out"));
    assert_eq!(refusal(&fit, &value("any", "2024Q1", "ou", "0")), None);
    let reason = fit
        .check(&value("only_true", "2024Q1", "ou", "0"))
        .unwrap_err();
    assert_eq!(reason.code, "E7619");
    assert_eq!(
        reason.message,
        "Value must match value type of data element `only_true`: `Data value is not true`"
    );
}

#[test]
fn raw_boolean_values_lose_false_in_a_true_only_element_and_true_only_fits_boolean() {
    let catalog = catalog(
        vec![
            destination_element("a", "TRUE_ONLY", "COUNT"),
            destination_element("b", "BOOLEAN", "COUNT"),
        ],
        vec![],
    );
    let fit = fit_of(
        &catalog,
        &[
            source("a", "BOOLEAN", "COUNT"),
            source("b", "TRUE_ONLY", "COUNT"),
        ],
        None,
    );
    assert!(checks_mention(&fit, 0, "false values are left out"));
    assert_eq!(
        refusal(&fit, &value("a", "202401", "ou", "false")).as_deref(),
        Some("E7619")
    );
    assert_eq!(refusal(&fit, &value("a", "202401", "ou", "true")), None);
    assert_eq!(fit.elements()[1].outcome, FitOutcome::Fits);
    assert!(fit.elements()[1].value_checks.is_empty());
}

#[test]
fn average_over_an_integer_type_is_rounded_by_the_aggregator() {
    let catalog = catalog(
        vec![destination_element("beds", "INTEGER_POSITIVE", "AVERAGE")],
        vec![],
    );
    let fit = fit_of(
        &catalog,
        &[source("beds", "INTEGER_POSITIVE", "AVERAGE")],
        YEARLY,
    );
    let FitOutcome::Rounded { reason } = &fit.elements()[0].outcome else {
        panic!("{:?}", fit.elements()[0].outcome);
    };
    assert!(
        reason.contains("AVERAGE over INTEGER_POSITIVE gives decimals"),
        "{reason}"
    );
    assert!(
        fit.elements()[0].value_checks.is_empty(),
        "means of positive integers stay positive"
    );
    assert_eq!(
        fit.rounded_value(&value("beds", "2024", "ou", "12.5")),
        None,
        "the aggregator already rounds"
    );
}

#[test]
fn aggregates_with_decimals_are_rounded_for_an_integer_destination() {
    let catalog = catalog(
        vec![destination_element("wait", "INTEGER", "AVERAGE")],
        vec![],
    );
    let fit = fit_of(&catalog, &[source("wait", "NUMBER", "AVERAGE")], QUARTERLY);
    let FitOutcome::Rounded { reason } = &fit.elements()[0].outcome else {
        panic!("{:?}", fit.elements()[0].outcome);
    };
    assert!(reason.contains("rounded to whole numbers"), "{reason}");
    let rounded = |text: &str| fit.rounded_value(&value("wait", "2024Q1", "ou", text));
    assert_eq!(rounded("2.5").as_deref(), Some("3"));
    assert_eq!(
        rounded("-2.5").as_deref(),
        Some("-3"),
        "half away from zero"
    );
    assert_eq!(rounded("2.4").as_deref(), Some("2"));
    assert_eq!(rounded("7"), None);
    assert_eq!(refusal(&fit, &value("wait", "2024Q1", "ou", "3")), None);
    assert_eq!(
        refusal(&fit, &value("wait", "2024Q1", "ou", "2.5")).as_deref(),
        Some("E7619")
    );
}

#[test]
fn raw_decimals_are_left_out_of_an_integer_destination_not_rounded() {
    let catalog = catalog(vec![destination_element("wait", "INTEGER", "SUM")], vec![]);
    let fit = fit_of(&catalog, &[source("wait", "NUMBER", "SUM")], None);
    assert_eq!(fit.elements()[0].outcome, FitOutcome::Fits);
    assert!(checks_mention(
        &fit,
        0,
        "values that are not whole numbers are left out"
    ));
    assert_eq!(
        fit.rounded_value(&value("wait", "202401", "ou", "2.5")),
        None
    );
    let reason = fit
        .check(&value("wait", "202401", "ou", "2.5"))
        .unwrap_err();
    assert_eq!(
        reason.message,
        "Value must match value type of data element `wait`: `Data value is not an integer`"
    );
}

#[test]
fn sums_of_percentages_above_100_are_left_out() {
    let catalog = catalog(
        vec![destination_element("rate", "PERCENTAGE", "SUM")],
        vec![],
    );
    let fit = fit_of(&catalog, &[source("rate", "PERCENTAGE", "SUM")], YEARLY);
    assert_eq!(fit.elements()[0].outcome, FitOutcome::Fits);
    assert!(checks_mention(
        &fit,
        0,
        "values above 100 are left out (E7619: Data value is not a percentage)"
    ));
    assert_eq!(
        refusal(&fit, &value("rate", "2024", "ou", "140")).as_deref(),
        Some("E7619")
    );
    assert_eq!(refusal(&fit, &value("rate", "2024", "ou", "60.5")), None);
    // The same element averaged never passes 100: no check.
    let averaged = fit_of(&catalog, &[source("rate", "PERCENTAGE", "AVERAGE")], YEARLY);
    assert!(!checks_mention(&averaged, 0, "above 100"));
}

#[test]
fn unit_intervals_outside_0_to_1_are_left_out_and_percentages_never_fit_them() {
    let catalog = catalog(
        vec![destination_element("quality", "UNIT_INTERVAL", "SUM")],
        vec![],
    );
    let fit = fit_of(
        &catalog,
        &[source("quality", "UNIT_INTERVAL", "SUM")],
        YEARLY,
    );
    assert!(checks_mention(&fit, 0, "values above 1 are left out"));
    assert_eq!(
        refusal(&fit, &value("quality", "2024", "ou", "1.5")).as_deref(),
        Some("E7619")
    );
    assert_eq!(refusal(&fit, &value("quality", "2024", "ou", "0.5")), None);
    let percentages = fit_of(&catalog, &[source("quality", "BOOLEAN", "AVERAGE")], YEARLY);
    assert_eq!(outcome_code(&percentages, 0), Some(TYPE_MISMATCH));
    let negative = fit_of(
        &catalog,
        &[source("quality", "INTEGER_NEGATIVE", "SUM")],
        YEARLY,
    );
    assert_eq!(
        outcome_code(&negative, 0),
        Some(TYPE_MISMATCH),
        "negative sums are never a unit interval"
    );
}

#[test]
fn an_integer_positive_of_zero_is_left_out() {
    let catalog = catalog(
        vec![destination_element("sessions", "INTEGER_POSITIVE", "SUM")],
        vec![],
    );
    let raw = fit_of(
        &catalog,
        &[source("sessions", "INTEGER_ZERO_OR_POSITIVE", "SUM")],
        None,
    );
    assert!(checks_mention(
        &raw,
        0,
        "values of 0 are left out (E7619: Data value is not a positive integer)"
    ));
    assert_eq!(
        refusal(&raw, &value("sessions", "202401", "ou", "0")).as_deref(),
        Some("E7619")
    );
    assert_eq!(refusal(&raw, &value("sessions", "202401", "ou", "4")), None);
    // Averaged over days, a positive integer reaches 0 when sub-periods are missing.
    let averaged = fit_of(
        &catalog,
        &[source(
            "sessions",
            "INTEGER_POSITIVE",
            "AVERAGE_SUM_ORG_UNIT",
        )],
        YEARLY,
    );
    assert!(checks_mention(&averaged, 0, "values of 0 are left out"));
    let summed = fit_of(
        &catalog,
        &[source("sessions", "INTEGER_POSITIVE", "SUM")],
        YEARLY,
    );
    assert!(
        summed.elements()[0].value_checks.is_empty(),
        "sums of positive integers stay positive"
    );
}

#[test]
fn values_not_in_the_destinations_option_set_are_left_out() {
    let mut element = destination_element("ownership", "TEXT", "NONE");
    element.option_codes = Some(vec!["PUBLIC".into(), "PRIVATE".into()]);
    let mut multi = destination_element("services", "MULTI_TEXT", "NONE");
    multi.option_codes = Some(vec!["ANC".into(), "EPI".into()]);
    let catalog = catalog(vec![element, multi], vec![]);
    let mut covered = source("ownership", "TEXT", "NONE");
    covered.option_codes = Some(vec!["PUBLIC".into()]);
    let fit = fit_of(
        &catalog,
        &[covered, source("services", "MULTI_TEXT", "NONE")],
        None,
    );
    assert!(
        !checks_mention(&fit, 0, "E7621"),
        "the source's codes are all the destination's"
    );
    assert!(checks_mention(
        &fit,
        1,
        "values that are not options of the destination's option set are left out (E7621)"
    ));
    let reason = fit
        .check(&value("ownership", "2024", "ou", "NGO"))
        .unwrap_err();
    assert_eq!(
        (reason.code.as_str(), reason.message.as_str()),
        (
            "E7621",
            "Data value is not a valid option of the data element option set: `ownership`"
        )
    );
    assert_eq!(
        refusal(&fit, &value("ownership", "2024", "ou", "PUBLIC")),
        None
    );
    assert_eq!(
        refusal(&fit, &value("services", "202401", "ou", "ANC,EPI")),
        None
    );
    assert_eq!(
        refusal(&fit, &value("services", "202401", "ou", "ANC,IMCI")).as_deref(),
        Some("E7621"),
        "every part of a MULTI_TEXT value must be an option"
    );
    let uncovered = fit_of(&catalog, &[source("ownership", "TEXT", "NONE")], None);
    assert!(checks_mention(&uncovered, 0, "E7621"));
}

#[test]
fn a_data_element_missing_at_the_destination_is_left_out_with_e7610() {
    let mut catalog = catalog(vec![], vec![]);
    catalog.missing_data_elements.insert("gone".into());
    let fit = fit_of(&catalog, &[source("gone", "NUMBER", "SUM")], None);
    assert_eq!(outcome_code(&fit, 0), Some("E7610"));
    let reason = fit.check(&value("gone", "202401", "ou", "1")).unwrap_err();
    assert_eq!(
        reason.message,
        "Data element not found or not accessible: `gone`"
    );
    assert_eq!(
        fit.element("gone")
            .map(|element| element.source_id.as_str()),
        Some("gone")
    );
}

#[test]
fn the_destination_id_of_each_source_element_is_checked() {
    let catalog = catalog(vec![destination_element("dest", "NUMBER", "SUM")], vec![]);
    let mut mapped = source("src", "NUMBER", "SUM");
    mapped.destination_id = "dest".into();
    let fit = fit_of(&catalog, &[mapped], None);
    assert_eq!(fit.elements()[0].outcome, FitOutcome::Fits);
    assert_eq!(fit.elements()[0].destination_id, "dest");
    assert_eq!(
        refusal(&fit, &value("dest", "202401", "ou", "x")).as_deref(),
        Some("E7619")
    );
    assert_eq!(
        refusal(&fit, &value("unselected", "202401", "ou", "x")),
        None,
        "values of elements not given pass"
    );
}

#[test]
fn a_value_type_the_destination_cannot_take_leaves_the_element_out() {
    let catalog = catalog(
        vec![
            destination_element("number", "NUMBER", "SUM"),
            destination_element("text", "TEXT", "NONE"),
            destination_element("age", "AGE", "NONE"),
            destination_element("letter", "LETTER", "NONE"),
        ],
        vec![],
    );
    let fit = fit_of(
        &catalog,
        &[
            source("number", "TEXT", "NONE"),
            source("text", "DATE", "NONE"),
            source("age", "DATE", "NONE"),
            source("letter", "TEXT", "NONE"),
        ],
        None,
    );
    assert_eq!(outcome_code(&fit, 0), Some(TYPE_MISMATCH));
    assert_eq!(
        fit.elements()[1].outcome,
        FitOutcome::Fits,
        "TEXT takes anything"
    );
    assert_eq!(
        fit.elements()[2].outcome,
        FitOutcome::Fits,
        "AGE takes dates"
    );
    assert_eq!(outcome_code(&fit, 3), Some(TYPE_MISMATCH));
    let booleans = fit_of(&catalog, &[source("number", "BOOLEAN", "SUM")], None);
    assert_eq!(
        outcome_code(&booleans, 0),
        Some(TYPE_MISMATCH),
        "`true` is not a number"
    );
    let counts_as_text = fit_of(&catalog, &[source("text", "BOOLEAN", "COUNT")], YEARLY);
    assert_eq!(counts_as_text.elements()[0].outcome, FitOutcome::Fits);
}

#[test]
fn an_element_the_aggregator_cannot_aggregate_is_left_out_with_its_reason() {
    let catalog = catalog(vec![destination_element("visit", "DATE", "NONE")], vec![]);
    let fit = fit_of(&catalog, &[source("visit", "DATE", "NONE")], YEARLY);
    let FitOutcome::LeftOut { reason } = &fit.elements()[0].outcome else {
        panic!()
    };
    assert_eq!(reason.code, NOT_AGGREGATABLE);
    assert!(reason.message.contains("E7115"), "{reason}");
    let raw = fit_of(&catalog, &[source("visit", "DATE", "NONE")], None);
    assert_eq!(
        raw.elements()[0].outcome,
        FitOutcome::Fits,
        "raw dates are copied"
    );
}

#[test]
fn periods_org_units_and_option_combos_the_destination_lacks_are_refused_with_their_codes() {
    let mut catalog = catalog(vec![destination_element("de", "NUMBER", "SUM")], vec![]);
    catalog.missing_org_units.insert("gone_unit".into());
    catalog
        .missing_category_option_combos
        .insert("gone_combo".into());
    let fit = fit_of(&catalog, &[source("de", "NUMBER", "SUM")], None);
    let cases = [
        (
            value("de", "2024X1", "ou", "1"),
            "E7611",
            "Period not valid: `2024X1`",
        ),
        (
            value("de", "202401", "gone_unit", "1"),
            "E7612",
            "Organisation unit not found or not accessible: `gone_unit`",
        ),
        (
            value("de", "202401", "ou", "1").with_combos("gone_combo", DEFAULT_OPTION_COMBO),
            "E7613",
            "Category option combo not found or not accessible for writing data: `gone_combo`",
        ),
        (
            value("de", "202401", "ou", "1").with_combos(DEFAULT_OPTION_COMBO, "gone_combo"),
            "E7615",
            "Attribute option combo not found or not accessible for writing data: `gone_combo`",
        ),
    ];
    for (value, code, message) in cases {
        let reason = fit.check(&value).unwrap_err();
        assert_eq!(
            (reason.code.as_str(), reason.message.as_str()),
            (code, message)
        );
    }
    let empty_combos = value("de", "202401", "ou", "1").with_combos("", "");
    assert_eq!(
        refusal(&fit, &empty_combos),
        None,
        "empty combos are the default"
    );
}

#[test]
fn a_value_without_value_or_comment_is_refused_unless_it_is_a_deletion() {
    let catalog = catalog(vec![destination_element("de", "PERCENTAGE", "SUM")], vec![]);
    let fit = fit_of(&catalog, &[source("de", "PERCENTAGE", "SUM")], None);
    let mut empty = value("de", "202401", "ou", "");
    assert_eq!(refusal(&fit, &empty).as_deref(), Some("E7618"));
    empty.comment = Some("a comment alone is a value".into());
    assert_eq!(refusal(&fit, &empty), None);
    let mut deleted = value("de", "202401", "ou", "250");
    deleted.deleted = true;
    assert_eq!(
        refusal(&fit, &deleted),
        None,
        "deletions skip the value checks"
    );
}

#[test]
fn comments_longer_than_50000_characters_are_refused() {
    let catalog = catalog(vec![destination_element("de", "NUMBER", "SUM")], vec![]);
    let fit = fit_of(&catalog, &[source("de", "NUMBER", "SUM")], None);
    let mut long = value("de", "202401", "ou", "1");
    long.comment = Some("é".repeat(30_000));
    assert_eq!(
        refusal(&fit, &long),
        None,
        "60,000 bytes but 30,000 characters"
    );
    long.comment = Some("x".repeat(50_001));
    assert_eq!(refusal(&fit, &long).as_deref(), Some("E7620"));
}

#[test]
fn strict_settings_refuse_what_lies_outside_the_destinations_data_sets() {
    let mut catalog = with_funding(
        catalog(
            vec![
                destination_element("in_set", "NUMBER", "SUM"),
                destination_element("loose", "NUMBER", "SUM"),
            ],
            vec![data_set("monthly", "Monthly", &["in_set"])],
        ),
        &[("government", None, None, &[])],
    );
    catalog.category_option_combos.insert(
        "other".into(),
        CatalogOptionCombo {
            id: "other".into(),
            category_combo: "someCombo".into(),
            ..CatalogOptionCombo::default()
        },
    );
    org_unit(&mut catalog, "assigned", "/root/assigned", &["monthly"]);
    org_unit(&mut catalog, "unassigned", "/root/unassigned", &[]);
    let sources = [
        source("in_set", "NUMBER", "SUM"),
        source("loose", "NUMBER", "SUM"),
    ];
    let lenient = fit_of(&catalog, &sources, None);
    let weekly = value("in_set", "2024W3", "unassigned", "1").with_combos("other", "other");
    assert_eq!(
        refusal(&lenient, &weekly),
        None,
        "no strict settings: all of it is accepted"
    );
    assert_eq!(lenient.elements()[1].outcome, FitOutcome::Fits);

    catalog.settings = ImportSettings {
        strict_periods: true,
        strict_data_elements: true,
        strict_category_option_combos: true,
        strict_attribute_option_combos: true,
        strict_organisation_units: true,
        ..ImportSettings::default()
    };
    let strict = fit_of(&catalog, &sources, None);
    assert_eq!(outcome_code(&strict, 1), Some("E7633"));
    assert!(checks_mention(
        &strict,
        0,
        "values of periods that are not Monthly are left out (E7632"
    ));
    let good =
        value("in_set", "202401", "assigned", "1").with_combos(DEFAULT_OPTION_COMBO, "government");
    assert_eq!(refusal(&strict, &good), None);
    let cases = [
        (
            value("in_set", "2024W3", "assigned", "1")
                .with_combos(DEFAULT_OPTION_COMBO, "government"),
            "E7632",
        ),
        (
            value("in_set", "202401", "assigned", "1").with_combos("other", "government"),
            "E7634",
        ),
        (
            value("in_set", "202401", "assigned", "1").with_combos(DEFAULT_OPTION_COMBO, "other"),
            "E7635",
        ),
        (
            value("in_set", "202401", "unassigned", "1")
                .with_combos(DEFAULT_OPTION_COMBO, "government"),
            "E7636",
        ),
    ];
    for (value, code) in cases {
        assert_eq!(refusal(&strict, &value).as_deref(), Some(code), "{value:?}");
    }
    let yearly = fit_of(&catalog, &sources[..1], YEARLY);
    assert_eq!(
        outcome_code(&yearly, 0),
        Some("E7632"),
        "a yearly aggregate of a monthly-only element under strict periods"
    );
}

#[test]
fn expired_periods_are_refused_unless_the_user_may_edit_expired_periods() {
    let mut expiring = data_set("monthly", "Monthly", &["de"]);
    expiring.expiry_days = 10;
    expiring.open_future_periods = 12;
    let mut catalog = catalog(
        vec![destination_element("de", "NUMBER", "SUM")],
        vec![expiring],
    );
    org_unit(&mut catalog, "facility", "/root/facility", &["monthly"]);
    let fit = fit_of(&catalog, &[source("de", "NUMBER", "SUM")], None);
    assert!(checks_mention(
        &fit,
        0,
        "values of periods that ended more than 10 days ago are left out"
    ));
    // 2026-11-30 + 10 days = 2026-12-10, not yet past on 2026-12-07; October is.
    assert_eq!(refusal(&fit, &value("de", "202611", "facility", "1")), None);
    let reason = fit
        .check(&value("de", "202610", "facility", "1"))
        .unwrap_err();
    assert_eq!(
        (reason.code.as_str(), reason.message.as_str()),
        (
            "E7640",
            "Current date is past expiry days for period: `202610`  and data set: `monthly`"
        )
    );
    let editor = DestinationFit::new(
        &catalog,
        &[source("de", "NUMBER", "SUM")],
        None,
        &FitContext {
            now: now(),
            may_edit_expired: true,
        },
    );
    assert_eq!(
        refusal(&editor, &value("de", "202610", "facility", "1")),
        None
    );
    assert!(!checks_mention(&editor, 0, "expiry"));
}

#[test]
fn one_open_target_data_set_is_enough_unless_locking_is_strict() {
    let mut expiring = data_set("expiring", "Monthly", &["de"]);
    expiring.expiry_days = 10;
    let open = data_set("open", "Monthly", &["de"]);
    let mut catalog = catalog(
        vec![destination_element("de", "NUMBER", "SUM")],
        vec![expiring, open],
    );
    org_unit(&mut catalog, "both", "/root/both", &["expiring", "open"]);
    org_unit(
        &mut catalog,
        "expiring_only",
        "/root/expiring_only",
        &["expiring"],
    );
    let fit = fit_of(&catalog, &[source("de", "NUMBER", "SUM")], None);
    assert_eq!(refusal(&fit, &value("de", "202401", "both", "1")), None);
    assert_eq!(
        refusal(&fit, &value("de", "202401", "expiring_only", "1")).as_deref(),
        Some("E7640")
    );
    catalog.settings.strict_data_set_locking = true;
    let strict = fit_of(&catalog, &[source("de", "NUMBER", "SUM")], None);
    assert_eq!(
        refusal(&strict, &value("de", "202401", "both", "1")).as_deref(),
        Some("E7640")
    );
}

#[test]
fn periods_after_the_latest_open_future_period_are_refused() {
    let closed = data_set("closed", "Monthly", &["now"]);
    let mut ahead = data_set("ahead", "Monthly", &["ahead"]);
    ahead.open_future_periods = 2;
    let mut catalog = catalog(
        vec![
            destination_element("now", "NUMBER", "SUM"),
            destination_element("ahead", "NUMBER", "SUM"),
        ],
        vec![closed, ahead],
    );
    org_unit(
        &mut catalog,
        "facility",
        "/root/facility",
        &["closed", "ahead"],
    );
    let fit = fit_of(
        &catalog,
        &[
            source("now", "NUMBER", "SUM"),
            source("ahead", "NUMBER", "SUM"),
        ],
        None,
    );
    // openFuturePeriods 0: the current month (December 2026) is not open yet.
    assert_eq!(
        refusal(&fit, &value("now", "202611", "facility", "1")),
        None
    );
    let reason = fit
        .check(&value("now", "202612", "facility", "1"))
        .unwrap_err();
    assert_eq!(
        (reason.code.as_str(), reason.message.as_str()),
        (
            "E7641",
            "Period: `202612` is after latest open future period: `202611` for data element: `now` and data set: `closed`"
        )
    );
    assert!(checks_mention(
        &fit,
        0,
        "values of periods ending after 2026-11-30 (202611) are left out"
    ));
    assert_eq!(
        refusal(&fit, &value("ahead", "202701", "facility", "1")),
        None
    );
    assert_eq!(
        refusal(&fit, &value("ahead", "202702", "facility", "1")).as_deref(),
        Some("E7641")
    );
    assert_eq!(
        refusal(&fit, &value("now", "2026", "facility", "1")).as_deref(),
        Some("E7641"),
        "a Yearly 2026 aggregate ends after November 2026"
    );
}

#[test]
fn values_at_org_units_without_the_data_set_skip_the_data_set_rules() {
    let mut expiring = data_set("monthly", "Monthly", &["de"]);
    expiring.expiry_days = 1;
    let mut catalog = catalog(
        vec![destination_element("de", "NUMBER", "SUM")],
        vec![expiring],
    );
    org_unit(&mut catalog, "root", "/root", &[]);
    org_unit(&mut catalog, "facility", "/root/facility", &["monthly"]);
    let fit = fit_of(&catalog, &[source("de", "NUMBER", "SUM")], YEARLY);
    assert_eq!(refusal(&fit, &value("de", "2020", "root", "1")), None);
    assert_eq!(refusal(&fit, &value("de", "2026", "root", "1")), None);
    assert_eq!(
        refusal(&fit, &value("de", "2020", "facility", "1")).as_deref(),
        Some("E7640")
    );
    assert_eq!(
        refusal(&fit, &value("de", "2026", "unknown", "1")).as_deref(),
        Some("E7641"),
        "an org unit the catalog does not know counts as assigned"
    );
}

#[test]
fn data_input_periods_close_the_periods_they_do_not_open_now() {
    let mut with_input = data_set("monthly", "Monthly", &["de"]);
    with_input.open_future_periods = 12;
    with_input.data_input_periods = vec![
        CatalogDataInputPeriod {
            period: "202611".into(),
            opening: Some("2026-12-01T00:00:00.000".parse().unwrap()),
            closing: Some("2026-12-15T00:00:00.000".parse().unwrap()),
        },
        CatalogDataInputPeriod {
            period: "202610".into(),
            opening: Some("2026-11-01T00:00:00.000".parse().unwrap()),
            closing: Some("2026-11-15T00:00:00.000".parse().unwrap()),
        },
    ];
    let mut catalog = catalog(
        vec![destination_element("de", "NUMBER", "SUM")],
        vec![with_input],
    );
    org_unit(&mut catalog, "facility", "/root/facility", &["monthly"]);
    org_unit(&mut catalog, "root", "/root", &[]);
    let fit = fit_of(&catalog, &[source("de", "NUMBER", "SUM")], None);
    assert!(checks_mention(&fit, 0, "does not open for data input now"));
    assert_eq!(refusal(&fit, &value("de", "202611", "facility", "1")), None);
    let reason = fit
        .check(&value("de", "202610", "facility", "1"))
        .unwrap_err();
    assert_eq!(
        (reason.code.as_str(), reason.message.as_str()),
        (
            "E7643",
            "Period: `202610` is not open for this data set at this time: `monthly`"
        )
    );
    let reason = fit.check(&value("de", "202610", "root", "1")).unwrap_err();
    assert_eq!(
        (reason.code.as_str(), reason.message.as_str()),
        (
            "E7644",
            "Period: `202610` does not conform to the open periods of associated data sets"
        ),
        "without a target data set the element's data sets still decide"
    );
}

#[test]
fn zeros_of_a_destination_element_that_drops_them_are_flagged_not_refused() {
    let mut dropping = destination_element("cases", "INTEGER_ZERO_OR_POSITIVE", "SUM");
    dropping.zero_is_significant = false;
    let mut averaged = destination_element("stock", "INTEGER_ZERO_OR_POSITIVE", "AVERAGE");
    averaged.zero_is_significant = false;
    let catalog = catalog(vec![dropping, averaged], vec![]);
    let fit = fit_of(
        &catalog,
        &[
            source("cases", "INTEGER_ZERO_OR_POSITIVE", "SUM"),
            source("stock", "INTEGER_ZERO_OR_POSITIVE", "AVERAGE"),
        ],
        None,
    );
    assert!(fit.elements()[0].zeros_not_stored);
    assert!(checks_mention(&fit, 0, "zeros are not stored"));
    assert_eq!(refusal(&fit, &value("cases", "202401", "ou", "0")), None);
    assert!(!fit.elements()[1].zeros_not_stored, "AVERAGE keeps zeros");
}

#[test]
fn data_sets_with_approval_are_mentioned_but_not_checked() {
    let mut approved = data_set("monthly", "Monthly", &["de"]);
    approved.approval_workflow = Some("workflow".into());
    let catalog = catalog(
        vec![destination_element("de", "NUMBER", "SUM")],
        vec![approved],
    );
    let fit = fit_of(&catalog, &[source("de", "NUMBER", "SUM")], None);
    assert!(checks_mention(&fit, 0, "uses approval"));
}

#[test]
fn the_catalog_and_the_fits_round_trip_through_json() {
    let mut catalog = with_funding(
        catalog(
            vec![destination_element("de", "NUMBER", "SUM")],
            vec![data_set("monthly", "Monthly", &["de"])],
        ),
        &[("bank", Some("2024-07-01"), None, &["district"])],
    );
    catalog
        .data_sets
        .get_mut("monthly")
        .unwrap()
        .data_input_periods = vec![CatalogDataInputPeriod {
        period: "202401".into(),
        opening: Some("2024-02-01T00:00:00.000".parse().unwrap()),
        closing: None,
    }];
    org_unit(&mut catalog, "facility", "/root/facility", &["monthly"]);
    catalog.settings.strict_periods = true;
    let json = serde_json::to_string(&catalog).unwrap();
    assert!(json.contains(r#""startDate":"2024-07-01""#), "{json}");
    assert!(
        json.contains(r#""orgUnits":{"only":["district"]}"#),
        "{json}"
    );
    let back: DestinationCatalog = serde_json::from_str(&json).unwrap();
    assert_eq!(back, catalog);
    let fit = fit_of(&catalog, &[source("de", "NUMBER", "SUM")], None);
    let json = serde_json::to_string(fit.elements()).unwrap();
    let elements: Vec<ElementFit> = serde_json::from_str(&json).unwrap();
    assert_eq!(elements, fit.elements());
    assert!(json.contains(r#""outcome":{"kind":"fits"}"#), "{json}");
}

/// Figures: `cargo test -p sync-core --release fit::tests::checking_values_is_fast -- --ignored --nocapture`.
#[test]
#[ignore = "measurement"]
fn checking_values_is_fast() {
    let mut expiring = data_set("monthly", "Monthly", &["de"]);
    expiring.expiry_days = 400;
    expiring.open_future_periods = 2;
    let mut catalog = with_funding(
        catalog(
            vec![destination_element("de", "INTEGER", "SUM")],
            vec![expiring],
        ),
        &[("bank", Some("2020-01-01"), None, &["root"])],
    );
    let mut values = Vec::new();
    for unit in 0..1_000 {
        let id = format!("facility{unit}");
        org_unit(
            &mut catalog,
            &id,
            &format!("/root/district/{id}"),
            &["monthly"],
        );
        for month in 1..=12 {
            values.push(
                value("de", &format!("2026{month:02}"), &id, &month.to_string())
                    .with_combos(DEFAULT_OPTION_COMBO, "bank"),
            );
        }
    }
    let fit = fit_of(&catalog, &[source("de", "INTEGER", "SUM")], None);
    let started = std::time::Instant::now();
    let mut refused = 0usize;
    for _ in 0..40 {
        refused += values
            .iter()
            .filter(|value| fit.check(value).is_err())
            .count();
    }
    let elapsed = started.elapsed();
    // A baseline under the same load: parsing each value's period and nothing else.
    let started = std::time::Instant::now();
    let mut parsed = 0usize;
    for _ in 0..40 {
        parsed += values
            .iter()
            .filter(|value| Period::parse(&value.period).is_ok())
            .count();
    }
    let baseline = started.elapsed();
    let checked = values.len() * 40;
    let per_value = |elapsed: std::time::Duration| elapsed.as_nanos() as f64 / checked as f64;
    println!(
        "{checked} values checked in {elapsed:?} ({:.0} ns per value), {refused} refused; \
         parsing their periods alone: {:.0} ns per value ({parsed} parsed)",
        per_value(elapsed),
        per_value(baseline)
    );
}
