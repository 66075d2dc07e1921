//! "Compare with the destination" in the wizard's summary: the destination (through a route)
//! holds part of the source's values as they are and part with other values; the comparison
//! shows per data element, by name, how many are new, changed and unchanged; with "Skip unchanged
//! values" (on once compared) the sync sends only the rest, its report counts exactly what the
//! comparison showed, and the destination then holds exactly the source's values (read through
//! its API).

use std::collections::BTreeSet;

use anyhow::{Context, Result};
use serde_json::{Value, json};

use crate::harness::{Pair, values_of, with_app};
use crate::sync_flows::data_element_names;
use crate::sync_robustness::{ROUTED_DESTINATION_ID, add_routed_destination, open_report};
use crate::sync_runs::{draft, query, wait_for_status};
use crate::wizard::{click, open_with_draft, wait_hash};

#[tokio::test(flavor = "multi_thread")]
async fn the_comparison_shown_is_what_the_sync_then_does() -> Result<()> {
    let pair = Pair::start().await?;
    add_routed_destination(&pair).await?;
    let data_set = pair.data_set("Monthly").await?;
    let org_units = pair.org_units_with_data(&data_set, "202403", 3).await?;
    let path = query(&data_set, "202403", &org_units);
    // A third as the source exports them (comments and follow-up flags too: unchanged), a
    // third with another number (changed), the rest absent (new).
    let source = pair.source.api_get(&path).await?;
    let source_values = source["dataValues"].as_array().cloned().unwrap_or_default();
    let mut preload: Vec<Value> = Vec::new();
    for (index, value) in source_values.iter().enumerate() {
        match index % 3 {
            0 => preload.push(value.clone()),
            1 => {
                if let Some(number) = value["value"].as_str().and_then(|v| v.parse::<f64>().ok()) {
                    let whole = number.abs().floor() as i64;
                    let other = if whole >= 2 { whole - 1 } else { whole + 1 };
                    let mut changed = value.clone();
                    changed["value"] = json!(other.to_string());
                    preload.push(changed);
                }
            }
            _ => {}
        }
    }
    pair.destination
        .api_post("dataValueSets", &json!({ "dataValues": preload }))
        .await?;
    let before = values_of(&pair.destination.api_get(&path).await?);
    let names = data_element_names(&pair.source).await?;
    let mut draft = draft(&data_set, &org_units, "2024-03-01", "2024-03-31");
    draft["destinationId"] = json!(ROUTED_DESTINATION_ID);

    with_app(pair, async |browser, pair| {
        browser
            .log_in(&pair.source.base_url(), "admin", "district")
            .await?;
        open_with_draft(&browser, &pair.source, &draft, "#/sync/instance").await?;
        click(&browser, "wizard-next").await?;
        wait_hash(&browser, "#/sync/summary").await?;
        click(&browser, "summary-compare-button").await?;
        let result = browser.wait_test("compare-result").await?;
        let count = async |name: &str| -> Result<u64> {
            result
                .attr(name)
                .await?
                .with_context(|| format!("{name} on the comparison"))?
                .parse::<u64>()
                .with_context(|| format!("{name} is a number"))
        };
        let new = count("data-new").await?;
        let changed = count("data-changed").await?;
        let unchanged = count("data-unchanged").await?;
        assert_eq!(count("data-deleted").await?, 0);
        assert!(
            new > 0 && changed > 0 && unchanged > 0,
            "{new} {changed} {unchanged}"
        );
        assert_eq!((new + changed + unchanged) as usize, source_values.len());
        assert_eq!((changed + unchanged) as usize, before.len());
        // Per data element, by name (never a UID), the rows adding up to the totals.
        let shown: Vec<String> = browser.texts("[data-test='compare-name']").await?;
        let known: BTreeSet<&String> = names.values().collect();
        assert!(!shown.is_empty());
        assert!(shown.iter().all(|name| known.contains(name)), "{shown:?}");
        let column = async |test: &str| -> Result<u64> {
            Ok(browser
                .texts(&format!("[data-test='{test}']"))
                .await?
                .iter()
                .map(|text| text.parse::<u64>().unwrap_or(0))
                .sum())
        };
        assert_eq!(column("compare-new").await?, new);
        assert_eq!(column("compare-changed").await?, changed);
        assert_eq!(column("compare-unchanged").await?, unchanged);
        // Skip unchanged values: on once compared.
        let skip = browser.wait_test("summary-skip-unchanged").await?;
        assert_eq!(skip.prop("checked").await?.as_deref(), Some("true"));

        click(&browser, "summary-synchronize").await?;
        assert_eq!(wait_for_status(&browser).await?, "SUCCESS");
        let report = open_report(&browser, &pair.source).await?;
        assert_eq!(report["counts"]["imported"], new, "{}", report["counts"]);
        assert_eq!(report["counts"]["updated"], changed, "{}", report["counts"]);
        assert_eq!(report["counts"]["ignored"], 0, "{}", report["counts"]);
        assert_eq!(report["valuesSent"], new + changed);
        assert_eq!(report["tally"]["unchangedSkipped"], unchanged);
        let shown_skipped = browser
            .texts("[data-test='report-unchanged-skipped']")
            .await?;
        assert_eq!(shown_skipped, vec![unchanged.to_string()]);
        // What landed: exactly the source's values.
        let landed = values_of(&pair.destination.api_get(&path).await?);
        assert_eq!(landed, values_of(&source));
        assert_eq!(landed.len() as u64, before.len() as u64 + new);
        Ok(())
    })
    .await
}
