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
