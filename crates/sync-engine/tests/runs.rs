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
