//! "Compare with the destination" natively between two dhis2-lite servers: the comparison's
//! counts after a partial pre-load of the destination equal what the sync then does (the import
//! summary's imported / updated / ignored / deleted), and a run skipping the unchanged values
//! sends only the rest and still lands exactly the source's values.

mod common;

use common::{Pair, rule};
use reqwest::Method;
use serde_json::json;
use sync_core::model::{Aggregation, ReportStatus, Rule};

const START: &str = "2024-01-01";
const END: &str = "2024-03-31";

/// What the destination was given before the comparison.
struct Preloaded {
    unchanged: u64,
    changed: u64,
    new: u64,
    deleted: u64,
}

/// A raw rule over some facilities, with deletions; the destination gets a third of the
/// source's values as they are, a third changed, the rest not at all; two of the values it got
/// as they are are then deleted at the source.
async fn preloaded_pair() -> anyhow::Result<(Pair, Rule, Preloaded)> {
    let pair = Pair::start("2.41").await?;
    let data_set = pair.data_set("Child Health Monthly").await?;
    let facilities = pair.facilities_with_data(&data_set, START, END, 6).await?;
    let mut sync = rule(&data_set, &facilities, START, END);
    sync.send_deletions = true;
    // The values as the source exports them, comments and follow-up flags included: DHIS2
    // leaves a value alone only when all three are equal.
    let units: String = facilities.iter().map(|u| format!("&orgUnit={u}")).collect();
    let source = pair
        .source
        .get(&format!(
            "dataValueSets?dataSet={data_set}&startDate={START}&endDate={END}{units}"
        ))
        .await?;
    let source = source["dataValues"].as_array().cloned().unwrap_or_default();
    let third = source.len() / 3;
    let mut preload = Vec::new();
    let mut counts = Preloaded {
        unchanged: 0,
        changed: 0,
        new: 0,
        deleted: 0,
    };
    let mut to_delete = Vec::new();
    for (index, value) in source.iter().enumerate() {
        let number = value["value"].as_str().and_then(|v| v.parse::<i64>().ok());
        if index < third {
            preload.push(value.clone());
            if to_delete.len() < 2 {
                to_delete.push(value.clone());
            } else {
                counts.unchanged += 1;
            }
        } else if index < 2 * third
            && let Some(number) = number
        {
            let mut changed = value.clone();
            changed["value"] = json!((number + 1).to_string());
            preload.push(changed);
            counts.changed += 1;
        } else {
            counts.new += 1;
        }
    }
    counts.deleted = to_delete.len() as u64;
    assert!(counts.unchanged > 0 && counts.changed > 0 && counts.new > 0);
    let (status, text) = pair
        .destination
        .send(
            Method::POST,
            "dataValueSets?importStrategy=CREATE_AND_UPDATE",
            &json!({ "dataValues": preload }),
        )
        .await?;
    assert_eq!(status, 200, "{text}");
    let (status, text) = pair
        .source
        .send(
            Method::POST,
            "dataValueSets?importStrategy=DELETE",
            &json!({ "dataValues": to_delete }),
        )
        .await?;
    assert_eq!(status, 200, "{text}");
    Ok((pair, sync, counts))
}

/// The destination holds exactly the source's values of the rule.
async fn landed_as_at_source(pair: &Pair, sync: &Rule) -> anyhow::Result<()> {
    let data_set = &sync.selection.data_sets[0].id;
    let expected = pair
        .values(&pair.source, data_set, &sync.org_units, START, END)
        .await?;
    let landed = pair
        .values(&pair.destination, data_set, &sync.org_units, START, END)
        .await?;
    assert_eq!(landed, expected);
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn the_comparison_counts_what_the_sync_then_does() -> anyhow::Result<()> {
    let (pair, sync, preloaded) = preloaded_pair().await?;
    let comparison = pair.compare(&sync).await.map_err(anyhow::Error::msg)?;
    let totals = comparison.totals;
    assert_eq!(totals.new, preloaded.new);
    assert_eq!(totals.changed, preloaded.changed);
    assert_eq!(totals.unchanged, preloaded.unchanged);
    assert_eq!(totals.deleted, preloaded.deleted);
    assert_eq!(comparison.unchanged.len() as u64, preloaded.unchanged);
    assert!(comparison.destination_reads > 0);
    // Per data element, by name, with samples: a changed row shows the old and the new value.
    let per_element: u64 = comparison
        .data_elements
        .iter()
        .map(|element| element.counts.new + element.counts.changed + element.counts.unchanged)
        .sum();
    assert_eq!(per_element, totals.new + totals.changed + totals.unchanged);
    assert!(comparison.data_elements.iter().all(|e| e.name.is_some()));
    let changed_row = comparison
        .data_elements
        .iter()
        .find_map(|element| element.samples.changed.first())
        .expect("a changed sample");
    let old: i64 = changed_row.old.as_deref().unwrap_or_default().parse()?;
    let new: i64 = changed_row.new.as_deref().unwrap_or_default().parse()?;
    assert_eq!(old, new + 1);
    // Nothing was written by comparing.
    let data_set = &sync.selection.data_sets[0].id;
    let before = pair
        .values(&pair.destination, data_set, &sync.org_units, START, END)
        .await?;
    assert_eq!(
        before.len() as u64,
        preloaded.unchanged + preloaded.changed + preloaded.deleted
    );

    let result = pair.run(&sync).await;
    let report = &result.report;
    assert_eq!(report.status, ReportStatus::Success, "{:#?}", report.errors);
    assert_eq!(report.counts.imported, totals.new);
    assert_eq!(report.counts.updated, totals.changed);
    assert_eq!(report.counts.ignored, totals.unchanged);
    assert_eq!(report.counts.deleted, totals.deleted);
    assert_eq!(report.tally.unchanged_skipped, 0);
    landed_as_at_source(&pair, &sync).await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn skipping_unchanged_values_sends_only_the_rest() -> anyhow::Result<()> {
    let (pair, sync, preloaded) = preloaded_pair().await?;
    let comparison = pair.compare(&sync).await.map_err(anyhow::Error::msg)?;
    let result = pair.run_skipping(&sync, comparison.unchanged.clone()).await;
    let report = &result.report;
    // Only the unchanged values were omitted: SUCCESS, and they are counted, not left behind.
    assert_eq!(report.status, ReportStatus::Success, "{:#?}", report.errors);
    assert_eq!(
        report.values_sent,
        preloaded.new + preloaded.changed + preloaded.deleted
    );
    assert_eq!(report.counts.imported, preloaded.new);
    assert_eq!(report.counts.updated, preloaded.changed);
    assert_eq!(report.counts.deleted, preloaded.deleted);
    assert_eq!(report.counts.ignored, 0);
    assert_eq!(report.tally.unchanged_skipped, preloaded.unchanged);
    assert_eq!(report.tally.not_sent(), 0);
    let unchanged_per_element: u64 = report
        .data_elements
        .iter()
        .map(|element| element.diff.unchanged)
        .sum();
    assert_eq!(unchanged_per_element, preloaded.unchanged);
    landed_as_at_source(&pair, &sync).await?;
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn an_aggregated_rule_compares_its_aggregates() -> anyhow::Result<()> {
    let pair = Pair::start("2.41").await?;
    let data_set = pair.data_set("Child Health Monthly").await?;
    let districts = pair.level(3).await?;
    let mut quarterly = rule(&data_set, &districts[..2], START, END);
    quarterly.aggregation = Aggregation::On {
        period_type: sync_core::period::PeriodType::Quarterly,
    };
    let before = pair.compare(&quarterly).await.map_err(anyhow::Error::msg)?;
    assert!(before.totals.new > 0);
    assert_eq!(
        before.totals.changed + before.totals.unchanged + before.totals.deleted,
        0
    );
    // The aggregates, not the raw values: quarterly periods at the districts.
    let sample = &before.data_elements[0].samples.new[0];
    assert!(sample.period.contains('Q'), "{sample:?}");
    assert!(districts[..2].contains(&sample.org_unit), "{sample:?}");
    let first = pair.run(&quarterly).await;
    assert_eq!(first.report.status, ReportStatus::Success);
    assert_eq!(first.report.counts.imported, before.totals.new);

    // Everything is there now: all unchanged, and a run skipping them sends nothing, SUCCESS.
    let after = pair.compare(&quarterly).await.map_err(anyhow::Error::msg)?;
    assert_eq!(after.totals.unchanged, before.totals.new);
    assert_eq!(after.totals.new + after.totals.changed, 0);
    let second = pair.run_skipping(&quarterly, after.unchanged.clone()).await;
    let report = &second.report;
    assert_eq!(report.status, ReportStatus::Success, "{:#?}", report.errors);
    assert_eq!(report.values_sent, 0);
    assert_eq!(report.tally.unchanged_skipped, before.totals.new);
    Ok(())
}
