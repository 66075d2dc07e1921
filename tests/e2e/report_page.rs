//! The report people read (History → a report): a sync whose destination refuses the values of
//! one org unit (its user may capture data elsewhere only), then the report page checked against
//! the stored report and the destination's API: the data statistics per data element (imported,
//! refused, ...) by name, one bar per data element in the inline SVG chart, values shown by
//! name, timings that never read "0 s" for a sub-second phase, and the raw responses inside a
//! closed `<details>`.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Context, Result};
use serde_json::Value;

use crate::harness::{Pair, RunOptions, Values, with_app_options};
use crate::sync_flows::{
    OutsideCapture, data_element_names, open_wizard, outside_capture, source_and_landed,
    synchronize,
};
use crate::sync_runs::draft;

/// Values per data element.
fn per_data_element(values: &Values) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for key in values.keys() {
        *counts.entry(key.0.clone()).or_default() += 1;
    }
    counts
}

/// A stored statistics field as a count.
fn count(entry: &Value, field: &str) -> u64 {
    entry[field].as_u64().unwrap_or(0)
}

#[tokio::test]
async fn report_page_shows_statistics_by_name_a_chart_and_collapsed_raw_responses() -> Result<()> {
    let pair = Pair::start().await?;
    let data_set = pair.data_set("Monthly").await?;
    // Units of one district and one of another: the destination's user may capture data only
    // in the first district, so the other's values are refused with conflicts.
    let OutsideCapture {
        org_units, refused, ..
    } = outside_capture(&pair, &data_set).await?;
    let names = data_element_names(&pair.source).await?;

    let options = RunOptions {
        // DHIS2 answers an import with conflicts with 409, which Chromium logs for any fetch.
        allowed_console_errors: &["409 (Conflict)"],
        ..RunOptions::default()
    };
    with_app_options(pair, options, async |browser, pair| {
        let draft = draft(&data_set, &org_units, "2024-03-01", "2024-03-31");
        open_wizard(&browser, &pair, &draft, "#/sync/summary").await?;
        assert_eq!(synchronize(&browser).await?, "WARNING");
        let (_, landed) = source_and_landed(&pair, &data_set, "202403", &org_units).await?;

        // The report as History opens it: from the dataStore, not the run's memory.
        browser.wait_test("run-report-link").await?.click().await?;
        browser.wait_test("report-summary").await?;
        let url = browser.client().current_url().await?;
        let id = url
            .fragment()
            .and_then(|f| f.strip_prefix("/history/"))
            .context("report id in the URL")?
            .to_string();
        browser.client().refresh().await?;
        browser.wait_test("report-data-elements").await?;
        let stored = pair
            .source
            .api_get(&format!("dataStore/aggregate-sync/report-{id}"))
            .await?;
        let entries = stored["dataElements"]
            .as_array()
            .cloned()
            .context("dataElements in the stored report")?;
        assert!(!entries.is_empty());

        // Per data element, the statistics are the stored report's, and they agree with the
        // destination: everything that landed in an empty destination was imported, and the
        // outside unit's values were refused.
        let landed_per = per_data_element(&landed);
        let refused_per = per_data_element(&refused);
        // Rows and bars in name order.
        let mut ids: Vec<(String, String)> = entries
            .iter()
            .filter_map(|entry| {
                let id = entry["dataElement"].as_str()?.to_string();
                Some((names.get(&id)?.to_lowercase(), id))
            })
            .collect();
        ids.sort();
        let ids: Vec<String> = ids.into_iter().map(|(_, id)| id).collect();
        for entry in &entries {
            let element = entry["dataElement"].as_str().unwrap_or_default();
            assert_eq!(entry["estimated"], Value::Null, "{entry}");
            assert_eq!(
                count(entry, "imported"),
                landed_per.get(element).copied().unwrap_or(0),
                "imported of {element}"
            );
            assert_eq!(
                count(entry, "refused"),
                refused_per.get(element).copied().unwrap_or(0),
                "refused of {element}"
            );
            let row = format!("[data-test='report-data-element'][data-id='{element}']");
            let cell = async |kind: &str| -> Result<String> {
                Ok(browser
                    .wait_css(&format!("{row} [data-test='report-data-element-{kind}']"))
                    .await?
                    .text()
                    .await?)
            };
            for (kind, field) in [
                ("imported", "imported"),
                ("updated", "updated"),
                ("deleted", "deleted"),
                ("ignored", "ignored"),
                ("refused", "refused"),
                ("fate-unknown", "fateUnknown"),
                ("not-sent", "notSent"),
            ] {
                assert_eq!(
                    cell(kind).await?,
                    count(entry, field).to_string(),
                    "{kind} of {element}"
                );
            }
            // Named, never by id.
            let name = names.get(element).context("the element's name")?;
            assert_eq!(cell("name").await?, *name);
            assert_eq!(entry["name"].as_str(), Some(name.as_str()));
        }
        let total = |field: &str| entries.iter().map(|entry| count(entry, field)).sum::<u64>();
        assert_eq!(total("imported"), landed.len() as u64);
        assert_eq!(total("refused"), refused.len() as u64);
        // DHIS2 counts refused values as ignored: the statistics split them out again.
        assert_eq!(
            total("ignored") + total("refused"),
            stored["counts"]["ignored"].as_u64().unwrap_or(0)
        );
        let rows = browser
            .texts("[data-test='report-data-element'] [data-test='report-data-element-name']")
            .await?;
        assert_eq!(rows.len(), entries.len());
        let in_order: Vec<String> = ids.iter().map(|id| names[id].clone()).collect();
        assert_eq!(rows, in_order);

        // The chart: an inline SVG, one bar per data element, segments of the stored counts.
        browser.wait_css("[data-test='report-chart'] svg").await?;
        let mut bars = Vec::new();
        for bar in browser
            .client()
            .find_all(fantoccini::Locator::Css("[data-test='report-chart-bar']"))
            .await?
        {
            bars.push(bar.attr("data-id").await?.unwrap_or_default());
        }
        assert_eq!(bars, ids);
        for entry in &entries {
            let element = entry["dataElement"].as_str().unwrap_or_default();
            let refused_segment = browser
                .client()
                .find_all(fantoccini::Locator::Css(&format!(
                    "[data-test='report-chart-bar'][data-id='{element}'] \
                     [data-test='report-chart-segment'][data-kind='refused']"
                )))
                .await?;
            let shown = match refused_segment.first() {
                Some(segment) => segment.attr("data-count").await?.unwrap_or_default(),
                None => "0".to_string(),
            };
            assert_eq!(shown, count(entry, "refused").to_string(), "{element}");
        }

        // Values by name: no data element id in the conflicts' values.
        let lines = browser.texts("[data-test='report-conflict-value']").await?;
        assert_eq!(lines.len(), refused.len());
        let element_ids: BTreeSet<&String> = names.keys().collect();
        for line in &lines {
            assert!(
                element_ids.iter().all(|id| !line.contains(id.as_str())),
                "a data element id in {line}"
            );
            assert!(
                refused
                    .keys()
                    .any(|key| line.starts_with(&format!("{} ", names[&key.0]))),
                "{line}"
            );
        }
        let failed = browser
            .texts("[data-test='report-failed-values'] [data-test='report-value']")
            .await?;
        assert!(!failed.is_empty() && failed.len() <= 50, "{}", failed.len());
        assert!(
            failed
                .iter()
                .all(|line| element_ids.iter().all(|id| !line.contains(id.as_str()))),
            "{failed:?}"
        );

        // Timings: a sub-second phase in milliseconds, never "0 s".
        for (test, field) in [
            ("report-time-reading", "readMs"),
            ("report-time-aggregating", "aggregateMs"),
            ("report-time-writing", "writeMs"),
        ] {
            let text = browser.wait_test(test).await?.text().await?;
            let ms = stored["timings"][field].as_u64().unwrap_or(0);
            assert_ne!(text, "0 s", "{test}");
            if ms < 1000 {
                assert_eq!(text, format!("{ms} ms"), "{test}");
            }
        }
        let writing_ms = stored["timings"]["writeMs"].as_u64().unwrap_or(0);
        if writing_ms > 0 {
            let rate = browser.wait_test("report-rate-sent").await?.text().await?;
            assert!(rate.ends_with(" values/s"), "{rate}");
        }

        // The raw responses: inside one closed <details>, one response per chunk.
        let raw = browser
            .wait_css("details[data-test='report-raw-responses']")
            .await?;
        assert_eq!(raw.attr("open").await?, None);
        let responses = browser
            .client()
            .find_all(fantoccini::Locator::Css(
                "details[data-test='report-raw-responses'] details [data-test='report-raw-text']",
            ))
            .await?;
        assert_eq!(
            responses.len(),
            stored["chunks"].as_array().map_or(0, Vec::len)
        );
        Ok(())
    })
    .await
}
