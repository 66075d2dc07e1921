//! A run is not lost with its tab, and one rule runs once at a time: a run whose tab closed
//! shows as interrupted once its heartbeat is old, and Resume finishes it from what the
//! destination confirmed (the destination ends with exactly the source's values); a second run
//! of the same sync in another tab is refused (SKIPPED) naming who holds it. The destination's
//! writes hang by a fault rule, so the first run is surely still going on.

use anyhow::{Context, Result};
use serde_json::json;

use crate::harness::{DESTINATION_ID, Pair, RunOptions, WAIT, eventually, with_app_options};
use crate::sync_robustness::{
    large_draft, open_report, run_draft_without_waiting, values_of_draft, wait_for_first_chunk,
};
use crate::sync_runs::{enter_credentials, start_draft, wait_for_status};

/// Console lines of requests the tests abort on purpose (a closed page, a cancelled write), and
/// the 409 of a lock's create-if-absent POST while another run holds it (Chromium logs every
/// failed request; the 409 is how the dataStore says "held").
const EXPECTED_CONSOLE_ERRORS: [&str; 3] =
    ["ERR_ABORTED", "ERR_FAILED", "aggregate-sync/lock-run-"];

/// Every write after the first `after` hangs on the destination.
async fn hang_writes_after(pair: &Pair, after: u32) -> Result<()> {
    pair.destination
        .faults(
            json!([{"method": "POST", "path": "/api/dataValueSets", "after": after,
            "action": {"hang": true}}]),
        )
        .await
}

/// The id of the one report in the source's history.
async fn only_report_id(pair: &Pair) -> Result<String> {
    let keys: Vec<String> =
        serde_json::from_value(pair.source.api_get("dataStore/aggregate-sync").await?)?;
    keys.iter()
        // Not a report's detail (`report-<id>-detail`).
        .filter(|key| !key.ends_with("-detail"))
        .find_map(|key| key.strip_prefix("report-"))
        .map(str::to_string)
        .context("a report in the history")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_run_whose_tab_closed_is_interrupted_and_resumed_to_the_end() -> Result<()> {
    let pair = Pair::start().await?;
    let draft = large_draft(&pair, 120, DESTINATION_ID).await?;
    let expected = values_of_draft(&pair.source, &draft).await?;
    hang_writes_after(&pair, 2).await?;
    let options = RunOptions {
        allowed_console_errors: &EXPECTED_CONSOLE_ERRORS,
        ..RunOptions::default()
    };
    with_app_options(pair, options, async |browser, pair| {
        run_draft_without_waiting(&browser, &pair, &draft).await?;
        wait_for_first_chunk(&browser).await?;
        // A checkpoint holds what the destination confirmed.
        let id = eventually("a checkpoint of the running report", WAIT, async || {
            let Ok(id) = only_report_id(&pair).await else {
                return Ok(None);
            };
            let report = pair.source.stored_report(&id).await?;
            let confirmed = report["tally"]["confirmed"].as_u64().unwrap_or(0);
            Ok(
                (report["status"] == "RUNNING" && confirmed > 0 && report["progress"].is_object())
                    .then_some(id),
            )
        })
        .await?;
        // The tab goes away (a closed tab: the run stops where it is).
        browser.goto("about:blank").await?;
        let _ = browser.client().accept_alert().await;
        // Time passes on the source: the report's heartbeat is old, the lock stale.
        pair.source
            .api_post("testing/clock", &json!({"advanceSeconds": 600}))
            .await?;
        pair.destination.clear_faults().await?;

        browser
            .goto(&format!("{}#/history", pair.source.app_url()))
            .await?;
        eventually("the run shown as interrupted", WAIT, async || {
            let statuses = browser.texts("[data-test='history-status']").await?;
            Ok(statuses
                .iter()
                .any(|status| status == "Interrupted")
                .then_some(()))
        })
        .await?;
        browser
            .goto(&format!("{}#/history/{id}", pair.source.app_url()))
            .await?;
        browser.wait_test("report-interrupted").await?;
        browser.wait_test("report-resume").await?.click().await?;
        enter_credentials(&browser).await?;
        let status = wait_for_status(&browser).await?;
        assert_eq!(status, "SUCCESS");
        let landed = values_of_draft(&pair.destination, &draft).await?;
        assert!(!expected.is_empty());
        assert_eq!(landed, expected);
        // The same report, finished.
        let report = open_report(&browser, &pair.source).await?;
        assert_eq!(report["id"], id.as_str());
        assert_eq!(report["status"], "SUCCESS");
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_second_run_of_the_same_sync_in_another_tab_is_skipped_naming_the_holder() -> Result<()> {
    let pair = Pair::start().await?;
    let draft = large_draft(&pair, 60, DESTINATION_ID).await?;
    hang_writes_after(&pair, 1).await?;
    let options = RunOptions {
        allowed_console_errors: &EXPECTED_CONSOLE_ERRORS,
        ..RunOptions::default()
    };
    with_app_options(pair, options, async |browser, pair| {
        run_draft_without_waiting(&browser, &pair, &draft).await?;
        wait_for_first_chunk(&browser).await?;
        let first_tab = browser.client().window().await?;
        let second_tab = browser.client().new_window(true).await?;
        browser.client().switch_to_window(second_tab.handle).await?;
        start_draft(&browser, &pair.source, &draft).await?;
        enter_credentials(&browser).await?;
        let status = wait_for_status(&browser).await?;
        assert_eq!(status, "SKIPPED");
        let skipped = open_report(&browser, &pair.source).await?;
        let errors = skipped["errors"].to_string();
        assert!(
            errors.contains("another run of this rule is going on") && errors.contains("admin"),
            "{errors}"
        );
        // The first run goes on, and is cancelled.
        browser.client().close_window().await?;
        browser.client().switch_to_window(first_tab).await?;
        browser.wait_test("run-cancel").await?.click().await?;
        assert_eq!(wait_for_status(&browser).await?, "CANCELLED");
        Ok(())
    })
    .await
}
