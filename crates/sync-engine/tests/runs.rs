//! Runs of the engine, natively, between two dhis2-lite servers over HTTP: what lands on the
//! destination is read back through its API and compared with the source's.

mod common;

use common::{Pair, rule};
use sync_core::model::{Aggregation, IssueCode, LeftBehindKind, ReportStatus};

const START: &str = "2024-01-01";
const END: &str = "2024-03-31";

#[tokio::test(flavor = "current_thread")]
async fn a_raw_rule_lands_exactly_the_source_values() -> anyhow::Result<()> {
    let pair = Pair::start("2.41").await?;
    let data_set = pair.data_set("Child Health Monthly").await?;
    let facilities = pair.facilities_with_data(&data_set, START, END, 20).await?;
    let result = pair.run(&rule(&data_set, &facilities, START, END)).await;
    let report = &result.report;
    assert_eq!(report.status, ReportStatus::Success, "{:#?}", report.errors);
    assert!(result.save_error.is_none(), "{:?}", result.save_error);
    let expected = pair
        .values(&pair.source, &data_set, &facilities, START, END)
        .await?;
    let landed = pair
        .values(&pair.destination, &data_set, &facilities, START, END)
        .await?;
    assert!(!expected.is_empty());
    assert_eq!(landed, expected);
    assert_eq!(report.tally.confirmed, expected.len() as u64);
    assert_eq!(report.values_read, expected.len() as u64);
    // The report is in the source's history, finished, without a lock left behind.
    let stored = pair
        .source
        .get(&format!("dataStore/aggregate-sync/report-{}", report.id))
        .await?;
    assert_eq!(stored["status"], "SUCCESS");
    let keys = pair.source.get("dataStore/aggregate-sync").await?;
    assert!(
        !keys.to_string().contains("lock-"),
        "the lock is released: {keys}"
    );
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_boolean_averaged_into_quarters_is_announced_and_left_out_and_the_run_succeeds()
-> anyhow::Result<()> {
    let pair = Pair::start("2.41").await?;
    let data_set = pair.data_set("Child Health Monthly").await?;
    let districts = pair.level(3).await?;
    let mut quarterly = rule(&data_set, &districts[..3], START, END);
    quarterly.aggregation = Aggregation::On {
        period_type: sync_core::period::PeriodType::Quarterly,
    };
    let result = pair.run(&quarterly).await;
    let report = &result.report;
    assert_eq!(report.status, ReportStatus::Success, "{:#?}", report.errors);
    assert!(report.tally.confirmed > 0);
    assert_eq!(report.tally.not_landed(), 0);
    // Nothing the destination refused: what it could not store was announced before writing,
    // left out, and listed with the reason.
    let announced = report
        .issues
        .iter()
        .any(|issue| issue.code == IssueCode::NotStorableAtDestination);
    assert!(announced, "announced: {:#?}", report.issues);
    let boolean_left_out = report
        .left_behind_of(LeftBehindKind::LeftOut)
        .filter(|item| item.reason.contains("BOOLEAN with aggregation AVERAGE"))
        .count() as u64;
    assert!(boolean_left_out > 0, "listed: {:#?}", report.left_behind);
    assert_eq!(report.tally.left_out, report.left_behind.len() as u64);
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn values_the_destination_refuses_stay_pending_and_the_next_run_sends_them()
-> anyhow::Result<()> {
    use sync_core::model::{PeriodSelection, Rule, load_value, to_json};
    let pair = Pair::start("2.41").await?;
    let data_set = pair.data_set("Child Health Monthly").await?;
    let facilities = pair
        .facilities_with_data(&data_set, "2024-02-01", "2024-02-29", 3)
        .await?;
    // The destination approves February 2024 for the first facility: its values are refused
    // (E7642), which nothing in the destination's metadata announces.
    let mut stored_set = pair
        .destination
        .get(&format!("dataSets/{data_set}"))
        .await?;
    stored_set["workflow"] = serde_json::json!({"id": "WfChildHlth"});
    let (status, text) = pair
        .destination
        .send(
            reqwest::Method::PUT,
            &format!("dataSets/{data_set}"),
            &stored_set,
        )
        .await?;
    assert!((200..300).contains(&status), "{status} {text}");
    let approval = format!(
        "dataApprovals?wf=WfChildHlth&pe=202402&ou={}&aoc=HllvX50cXC0",
        facilities[0]
    );
    let (status, text) = pair
        .destination
        .send(reqwest::Method::POST, &approval, &serde_json::json!({}))
        .await?;
    assert!((200..300).contains(&status), "{status} {text}");

    let mut incremental = rule(&data_set, &facilities, START, END);
    incremental.name = "Incremental with refusals".into();
    incremental.period = PeriodSelection::SinceLastSuccessfulSync {
        initial_since: Some("2024-01-01".parse()?),
    };
    let key = format!("dataStore/aggregate-sync/rule-{}", incremental.id);
    let stored: serde_json::Value = serde_json::from_str(&to_json(&incremental)?)?;
    let (status, text) = pair
        .source
        .send(reqwest::Method::POST, &key, &stored)
        .await?;
    assert!((200..300).contains(&status), "{status} {text}");
    let load = async || -> anyhow::Result<Rule> {
        Ok(load_value::<Rule>(pair.source.get(&key).await?)?.value)
    };

    let first = pair.run(&load().await?).await.report;
    assert_eq!(first.status, ReportStatus::Warning, "{:#?}", first.errors);
    let refused: Vec<_> = first.left_behind_of(LeftBehindKind::Refused).collect();
    assert!(!refused.is_empty());
    assert!(
        refused
            .iter()
            .all(|item| item.value.org_unit == facilities[0]
                && item.value.period == "202402"
                && item.code.as_deref() == Some("E7642"))
    );
    let after_first = load().await?;
    assert_eq!(after_first.pending.len(), refused.len());
    assert!(
        after_first.last_successful_run.is_some(),
        "the watermark moved"
    );

    // The approval is withdrawn; the next run reads the pending values again and sends them,
    // though nothing changed at the source since the watermark.
    let (status, text) = pair
        .destination
        .send(reqwest::Method::DELETE, &approval, &serde_json::json!({}))
        .await?;
    assert!((200..300).contains(&status), "{status} {text}");
    let second = pair.run(&after_first).await.report;
    assert_eq!(second.status, ReportStatus::Success, "{:#?}", second.errors);
    assert!(
        second.tally.confirmed >= refused.len() as u64,
        "{} read, {:?}, {:?}",
        second.values_read,
        second.tally,
        second.parameters
    );
    assert!(
        load().await?.pending.is_empty(),
        "nothing is pending any more"
    );
    let expected = pair
        .values(&pair.source, &data_set, &facilities, START, END)
        .await?;
    let landed = pair
        .values(&pair.destination, &data_set, &facilities, START, END)
        .await?;
    assert_eq!(landed, expected);
    Ok(())
}

/// A district and one of its facilities selected together, aggregated to quarters with one
/// org unit per read request: each subtree is read once, so the district's sums are the sums of
/// every value under it (not the facility's twice), and the facility is still a target.
#[tokio::test(flavor = "current_thread")]
async fn nested_org_units_are_read_once_and_their_aggregates_are_not_double_counted()
-> anyhow::Result<()> {
    use std::collections::BTreeMap;
    let pair = Pair::start("2.41").await?;
    let data_set = pair.data_set("Child Health Monthly").await?;
    let facility = pair
        .facilities_with_data(&data_set, START, END, 1)
        .await?
        .remove(0);
    let path = pair
        .source
        .get(&format!("organisationUnits/{facility}?fields=path"))
        .await?["path"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let district = path
        .split('/')
        .filter(|id| !id.is_empty())
        .nth(2)
        .unwrap()
        .to_string();
    pair.source
        .settings(&sync_core::model::Settings {
            read_chunk_size: 1,
            ..common::quick_settings()
        })
        .await?;
    let mut nested = rule(&data_set, &[district.clone(), facility.clone()], START, END);
    nested.aggregation = Aggregation::On {
        period_type: sync_core::period::PeriodType::Quarterly,
    };
    let report = pair.run(&nested).await.report;
    assert!(
        matches!(report.status, ReportStatus::Success),
        "{:?} {:?}",
        report.status,
        report.errors
    );
    // The expectation, from the source's raw values: sums of SUM elements per unit.
    let elements = pair
        .source
        .get(&format!(
            "dataSets/{data_set}?fields=dataSetElements[dataElement[id,aggregationType,valueType]]"
        ))
        .await?;
    let sums: Vec<String> = elements["dataSetElements"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|element| &element["dataElement"])
        .filter(|element| {
            element["aggregationType"] == "SUM"
                && matches!(
                    element["valueType"].as_str(),
                    Some("NUMBER" | "INTEGER" | "INTEGER_POSITIVE" | "INTEGER_ZERO_OR_POSITIVE")
                )
        })
        .filter_map(|element| element["id"].as_str().map(str::to_string))
        .collect();
    assert!(!sums.is_empty());
    for unit in [&district, &facility] {
        let raw = pair
            .source
            .get(&format!(
                "dataValueSets?dataSet={data_set}&startDate={START}&endDate={END}&orgUnit={unit}&children=true"
            ))
            .await?;
        let mut expected: BTreeMap<(String, String, String), f64> = BTreeMap::new();
        for (key, value) in common::values_of(&raw) {
            if sums.contains(&key.0) {
                *expected.entry((key.0, key.3, key.4)).or_default() +=
                    value.parse::<f64>().unwrap_or(0.0);
            }
        }
        let landed = pair
            .destination
            .get(&format!(
                "dataValueSets?dataSet={data_set}&period=2024Q1&orgUnit={unit}"
            ))
            .await?;
        let landed: BTreeMap<(String, String, String), f64> = common::values_of(&landed)
            .into_iter()
            .filter(|(key, _)| sums.contains(&key.0))
            .map(|(key, value)| {
                (
                    (key.0, key.3, key.4),
                    value.parse::<f64>().unwrap_or(f64::NAN),
                )
            })
            .collect();
        let expected: BTreeMap<_, _> = expected
            .into_iter()
            .filter(|(_, sum)| *sum != 0.0)
            .collect();
        assert!(!expected.is_empty(), "{unit} has values");
        for (key, sum) in &expected {
            let got = landed.get(key).copied();
            assert!(
                got.is_some_and(|got| (got - sum).abs() < 1e-6 * sum.abs().max(1.0)),
                "{unit} {key:?}: expected {sum}, landed {got:?}"
            );
        }
    }
    Ok(())
}
