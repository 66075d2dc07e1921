//! A sync when things go wrong, and through a DHIS2 route: a raw sync to a destination added as
//! a route on the Destinations page; a destination that fails after its first chunk (through a
//! route: 502; reached directly: connections dropped), whose failed chunks are retried with
//! backoff and then reported with their values; a source session that expires mid-run (the run
//! pauses, the user logs in again and continues, nothing is lost); and a run cancelled by the
//! user while a write hangs, saved as CANCELLED with what was sent. Failures are injected by
//! dhis2-lite's fault rules at a given request, never raced against the run. Every test checks
//! the destination through its API.

use std::time::Duration;

use anyhow::{Context, Result, bail};
use fantoccini::Locator;
use serde_json::{Value, json};

use crate::harness::{
    Browser, DESTINATION_ID, Instance, Pair, RunOptions, Values, WAIT, eventually,
    eventually_polling, values_of, with_app, with_app_options,
};
use crate::sync_runs::{draft, open_draft, query, start_draft, wait_for_status};

pub(crate) const ROUTE_ID: &str = "RoUtE000001";
pub(crate) const ROUTED_DESTINATION_ID: &str = "RoUtEdEsT01";

/// Chromium's own console lines for requests a test makes fail on purpose.
const STOPPED_DESTINATION_ERRORS: [&str; 4] = [
    "502",
    "ERR_CONNECTION_REFUSED",
    "ERR_FAILED",
    "ERR_EMPTY_RESPONSE",
];

/// A route of the source to the destination (Basic auth) and the destination entry using it,
/// created through the API: for tests where the route itself is not under test.
pub(crate) async fn add_routed_destination(pair: &Pair) -> Result<()> {
    pair.source
        .api_post(
            "routes",
            &json!({
                "id": ROUTE_ID,
                "name": "Destination route",
                "code": "DESTINATION_ROUTE",
                "url": format!("{}/**", pair.destination.base_url()),
                "auth": {"type": "http-basic", "username": "admin", "password": "district"}
            }),
        )
        .await?;
    pair.source
        .api_post(
            &format!("dataStore/aggregate-sync/destination-{ROUTED_DESTINATION_ID}"),
            &json!({
                "schemaVersion": 1,
                "id": ROUTED_DESTINATION_ID,
                "name": "Routed destination",
                "url": pair.destination.base_url(),
                "kind": {"type": "ROUTE", "routeId": ROUTE_ID}
            }),
        )
        .await
}

/// A draft big enough for several write chunks (of 2,000 values): the monthly data set, `count`
/// facilities (the demo's level 5, where the values are), 2024.
pub(crate) async fn large_draft(pair: &Pair, count: usize, destination_id: &str) -> Result<Value> {
    let data_set = pair.data_set("Monthly").await?;
    let facilities = pair
        .source
        .api_get("organisationUnits?level=5&fields=id&paging=false")
        .await?;
    let org_units: Vec<String> = facilities["organisationUnits"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|unit| unit["id"].as_str().map(str::to_string))
        .take(count)
        .collect();
    let mut draft = draft(&data_set, &org_units, "2024-01-01", "2024-12-31");
    draft["destinationId"] = json!(destination_id);
    Ok(draft)
}

/// The values of `draft` (data set, org units, 2024) on `instance`.
pub(crate) async fn values_of_draft(instance: &Instance, draft: &Value) -> Result<Values> {
    let data_set = draft["selection"]["dataSets"][0]["id"]
        .as_str()
        .context("data set")?;
    let units: String = draft["orgUnits"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|unit| unit.as_str().map(|unit| format!("&orgUnit={unit}")))
        .collect();
    Ok(values_of(
        &instance
            .api_get(&format!(
                "dataValueSets?dataSet={data_set}&startDate=2024-01-01&endDate=2024-12-31{units}"
            ))
            .await?,
    ))
}

/// Waits until at least one chunk was written; returns the chunk figure (`1 of 5`).
pub(crate) async fn wait_for_first_chunk(browser: &Browser) -> Result<String> {
    // Polled often: the state between the first chunk and the end of a run may be short.
    eventually_polling(
        "a first chunk to be written",
        Duration::from_secs(180),
        Duration::from_millis(20),
        async || {
            browser.wait_test("run-chunks").await?;
            let chunks = browser.texts("[data-test='run-chunks']").await?.concat();
            if !chunks.is_empty() && !chunks.starts_with("0 ") {
                return Ok(Some(chunks));
            }
            if let Ok(status) = browser
                .client()
                .find(Locator::Css("[data-test='run-status']"))
                .await
            {
                bail!(
                    "the run ended before a chunk was seen: {}",
                    status.text().await?
                );
            }
            Ok(None)
        },
    )
    .await
}

/// Opens the report from the finished run; returns the stored report.
pub(crate) async fn open_report(browser: &Browser, source: &Instance) -> Result<Value> {
    browser.wait_test("run-report-link").await?.click().await?;
    browser.wait_test("report-summary").await?;
    let url = browser.client().current_url().await?;
    let id = url
        .fragment()
        .and_then(|fragment| fragment.strip_prefix("/history/"))
        .context("report id in the URL")?
        .to_string();
    source.stored_report(&id).await
}

fn count(report: &Value, key: &str) -> u64 {
    report["counts"][key].as_u64().unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread")]
async fn raw_sync_through_a_route_added_on_the_destinations_page() -> Result<()> {
    let pair = Pair::start().await?;
    let data_set = pair.data_set("Monthly").await?;
    let org_units = pair.org_units_with_data(&data_set, "202405", 4).await?;
    with_app(pair, async |browser, pair| {
        browser
            .log_in(&pair.source.base_url(), "admin", "district")
            .await?;
        browser
            .goto(&format!("{}#/destinations", pair.source.app_url()))
            .await?;
        browser.wait_test("destination-add").await?.click().await?;
        let fill = async |test: &str, text: &str| -> Result<()> {
            let input = browser.wait_test(test).await?;
            input.clear().await?;
            input.send_keys(text).await?;
            Ok(())
        };
        fill("destination-name-input", "Routed HMIS").await?;
        let kind = browser.wait_test("destination-kind-select").await?;
        assert_eq!(kind.prop("value").await?.as_deref(), Some("route"));
        fill("destination-url-input", &pair.destination.base_url()).await?;
        browser
            .wait_test("destination-route-auth-select")
            .await?
            .select_by_value("http-basic")
            .await?;
        fill("destination-username-input", "admin").await?;
        fill("destination-password-input", "district").await?;
        browser.wait_test("destination-save").await?.click().await?;
        eventually("the new destination to be listed", WAIT, async || {
            let names = browser.texts("[data-test='destination-name']").await?;
            Ok(names.iter().any(|name| name == "Routed HMIS").then_some(()))
        })
        .await?;
        // The id the page gave the destination, from the dataStore.
        let keys: Vec<String> =
            serde_json::from_value(pair.source.api_get("dataStore/aggregate-sync").await?)?;
        let key = keys
            .iter()
            .find(|key| {
                key.starts_with("destination-") && *key != &format!("destination-{DESTINATION_ID}")
            })
            .context("the new destination's key")?;
        let stored = pair
            .source
            .api_get(&format!("dataStore/aggregate-sync/{key}"))
            .await?;
        assert_eq!(stored["kind"]["type"], "ROUTE", "{stored}");
        let destination_id = stored["id"].as_str().context("id")?.to_string();

        let mut draft = draft(&data_set, &org_units, "2024-05-01", "2024-05-31");
        draft["destinationId"] = json!(destination_id);
        start_draft(&browser, &pair.source, &draft).await?;
        let status = wait_for_status(&browser).await?;
        assert_eq!(status, "SUCCESS");

        let expected = values_of(
            &pair
                .source
                .api_get(&query(&data_set, "202405", &org_units))
                .await?,
        );
        let landed = values_of(
            &pair
                .destination
                .api_get(&query(&data_set, "202405", &org_units))
                .await?,
        );
        assert!(!expected.is_empty());
        assert_eq!(landed, expected);
        let report = open_report(&browser, &pair.source).await?;
        assert_eq!(report["status"], "SUCCESS");
        assert_eq!(report["destinationId"], destination_id.as_str());
        assert_eq!(count(&report, "imported"), expected.len() as u64);
        Ok(())
    })
    .await
}

/// Makes the destination fail every write after its first (through a route: 502; reached
/// directly: the connection dropped, which the browser reports like a server gone) and checks
/// the retries and the report: status WARNING (the first chunk was confirmed, the rest did not
/// land: the status rule), the failed chunks' values listed, every value read accounted for.
async fn check_destination_stopping_mid_run(pair: Pair, draft: Value, direct: bool) -> Result<()> {
    let failure = if direct {
        json!({"drop": "before-response"})
    } else {
        json!({"status": 502})
    };
    pair.destination
        .faults(json!([{"method": "POST", "path": "/api/dataValueSets", "after": 1, "action": failure}]))
        .await?;
    let options = RunOptions {
        allowed_console_errors: &STOPPED_DESTINATION_ERRORS,
        ..RunOptions::default()
    };
    with_app_options(pair, options, async |browser, pair| {
        if direct {
            run_draft_without_waiting(&browser, &pair, &draft).await?;
        } else {
            open_draft(&browser, &pair, &draft).await?;
        }
        let Pair { source, .. } = pair;
        let status = wait_for_status(&browser).await?;
        assert_eq!(status, "WARNING");
        let stored = open_report(&browser, &source).await?;
        assert_eq!(stored["status"], "WARNING");
        let failed: u64 = browser
            .wait_test("report-failed-count")
            .await?
            .text()
            .await?
            .parse()?;
        assert!(failed > 0, "no value was reported as failed");
        // The chunk that met the stopped destination was retried with backoff (1, 2, 4 s): its POST
        // was tried 4 times, or, when the destination stopped while importing it, the following of
        // The chunk that met the failing destination was retried with backoff (1, 2, 4 s): 4
        // attempts at least (a 502 first splits the chunk once, and each half is retried).
        let chunks = stored["chunks"].as_array().cloned().unwrap_or_default();
        let retried = chunks
            .iter()
            .find(|chunk| chunk["attempts"].as_u64().unwrap_or(0) >= 4);
        let retried = retried.with_context(|| format!("no chunk was retried: {chunks:#?}"))?;
        assert!(
            retried["durationMs"].as_u64().unwrap_or(0) >= 7000,
            "{retried:#}"
        );
        if direct {
            let errors = stored["errors"].to_string();
            assert!(
                !errors.contains("CORS"),
                "a stopped server is not a CORS problem: {errors}"
            );
        }
        // Nothing silently lost: every value read is confirmed by the destination or listed
        // with why it did not land (refused, fate unknown, never sent) or was left out.
        let tally = &stored["tally"];
        let of = |name: &str| tally[name].as_u64().unwrap_or(0);
        let not_landed = of("refused") + of("fateUnknown") + of("unsent");
        assert_eq!(not_landed, failed);
        // Listed in the stored report up to its cap, the rest counted (and downloadable).
        let listed = stored["leftBehind"].as_array().map_or(0, Vec::len) as u64;
        let not_stored = stored["leftBehindNotStored"].as_u64().unwrap_or(0);
        assert_eq!(listed + not_stored, not_landed + of("leftOut"));
        assert!(listed <= 5000);
        assert!(
            of("confirmed") > 0,
            "the first chunk was confirmed: {tally}"
        );
        assert_eq!(
            of("confirmed") + not_landed + of("leftOut"),
            stored["valuesRead"].as_u64().unwrap_or(0),
            "{tally}"
        );
        Ok(())
    })
    .await
}

/// As `run_draft`, without waiting for the end.
pub(crate) async fn run_draft_without_waiting(
    browser: &Browser,
    pair: &Pair,
    draft: &Value,
) -> Result<()> {
    open_draft(browser, pair, draft).await?;
    for (test, text) in [("run-username", "admin"), ("run-password", "district")] {
        browser.wait_test(test).await?.send_keys(text).await?;
    }
    browser
        .wait_test("run-credentials-submit")
        .await?
        .click()
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn destination_failing_mid_run_is_retried_then_reported_with_its_values() -> Result<()> {
    let pair = Pair::start().await?;
    add_routed_destination(&pair).await?;
    let draft = large_draft(&pair, 120, ROUTED_DESTINATION_ID).await?;
    check_destination_stopping_mid_run(pair, draft, false).await
}

#[tokio::test(flavor = "multi_thread")]
async fn direct_destination_going_down_mid_run_is_retried_not_called_cors() -> Result<()> {
    let pair = Pair::start().await?;
    let draft = large_draft(&pair, 120, DESTINATION_ID).await?;
    check_destination_stopping_mid_run(pair, draft, true).await
}

#[tokio::test(flavor = "multi_thread")]
async fn expired_session_mid_run_pauses_until_the_user_logs_in_again() -> Result<()> {
    let pair = Pair::start().await?;
    add_routed_destination(&pair).await?;
    let draft = large_draft(&pair, 120, ROUTED_DESTINATION_ID).await?;
    let expected = values_of_draft(&pair.source, &draft).await?;
    let options = RunOptions {
        allowed_console_errors: &["401"],
        ..RunOptions::default()
    };
    with_app_options(pair, options, async |browser, pair| {
        // The session ends on the server after the first read (as when it times out): the
        // source answers the next reads with its login page, until the user logs in again.
        pair.source
            .faults(
                json!([{"method": "GET", "path": "/api/dataValueSets", "after": 1,
                "action": {"loginPage": true}}]),
            )
            .await?;
        open_draft(&browser, &pair, &draft).await?;
        browser.wait_test("run-session-expired").await?;
        let phase = browser.texts("[data-test='run-phase']").await?;
        assert_ne!(phase, ["Finished"], "the run must wait, not end");
        // Still paused a moment later: nothing goes on without a session.
        let sent = browser.texts("[data-test='run-values-sent']").await?;
        // A fixed wait on purpose: it shows that nothing happens meanwhile, which no condition
        // can show.
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert_eq!(browser.texts("[data-test='run-values-sent']").await?, sent);
        // The user logs in again (the source answers again), then presses Continue.
        pair.source.clear_faults().await?;
        browser.wait_test("run-continue").await?.click().await?;
        let status = wait_for_status(&browser).await?;
        assert_eq!(status, "SUCCESS");
        assert!(
            browser
                .client()
                .find(Locator::Css("[data-test='run-session-expired']"))
                .await
                .is_err()
        );
        let landed = values_of_draft(&pair.destination, &draft).await?;
        assert!(!expected.is_empty());
        assert_eq!(landed.len(), expected.len());
        assert_eq!(landed, expected);
        let report = open_report(&browser, &pair.source).await?;
        assert_eq!(report["status"], "SUCCESS");
        assert_eq!(count(&report, "imported"), expected.len() as u64);
        assert_eq!(report["valuesRead"], json!(expected.len()));
        assert_eq!(report["leftBehind"].as_array().map_or(0, Vec::len), 0);
        assert_eq!(report["tally"]["confirmed"], json!(expected.len()));
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn cancelling_a_running_sync_saves_a_cancelled_attempt() -> Result<()> {
    let pair = Pair::start().await?;
    add_routed_destination(&pair).await?;
    let draft = large_draft(&pair, 120, ROUTED_DESTINATION_ID).await?;
    // Every write after the first hangs: the run is surely going on when Cancel is pressed.
    pair.destination
        .faults(
            json!([{"method": "POST", "path": "/api/dataValueSets", "after": 1,
            "action": {"hang": true}}]),
        )
        .await?;
    with_app(pair, async |browser, pair| {
        open_draft(&browser, &pair, &draft).await?;
        wait_for_first_chunk(&browser).await?;
        browser.wait_test("run-cancel").await?.click().await?;
        let status = wait_for_status(&browser).await?;
        assert_eq!(status, "CANCELLED");
        let report = open_report(&browser, &pair.source).await?;
        assert_eq!(report["status"], "CANCELLED");
        assert_eq!(
            browser.wait_test("report-status").await?.text().await?,
            "CANCELLED"
        );
        // What was sent is in the report, and it is what the destination holds.
        let landed = values_of_draft(&pair.destination, &draft).await?.len() as u64;
        let imported = count(&report, "imported");
        assert!(
            imported > 0,
            "the first chunk was sent: {}",
            report["counts"]
        );
        assert_eq!(report["valuesSent"].as_u64(), Some(imported));
        assert_eq!(landed, imported, "{}", report["counts"]);
        assert!(
            landed < report["valuesRead"].as_u64().unwrap_or(0),
            "the run was cancelled before the end"
        );
        // The rest is listed: the chunk that hung as of unknown fate, the others as never sent.
        let tally = &report["tally"];
        let not_landed = ["refused", "fateUnknown", "unsent"]
            .iter()
            .map(|name| tally[*name].as_u64().unwrap_or(0))
            .sum::<u64>();
        assert!(tally["unsent"].as_u64().unwrap_or(0) > 0, "{tally}");
        assert_eq!(
            report["leftBehind"].as_array().map_or(0, Vec::len) as u64
                + report["leftBehindNotStored"].as_u64().unwrap_or(0),
            not_landed
        );
        Ok(())
    })
    .await
}
