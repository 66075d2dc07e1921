//! Running a sync from the app: a demo source and an empty destination (same metadata, no
//! values), the destination reached directly (Basic auth, CORS allowlist) or through a route.
//! The run is started from the session's draft on the Run page (the wizard builds that draft);
//! every test checks what landed on the destination through its API and what the report says.
//! The helpers are shared with `sync_robustness` (routes, failures, expired session, cancel).

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::{Context, Result};
use serde_json::{Value, json};

use crate::harness::{
    Browser, DESTINATION_ID, Instance, Pair, eventually_polling, values_of, with_app,
};

/// Stores `draft` (a RuleDraft as JSON) in the tab's session, opens the Run page, starts the
/// draft, enters the destination's credentials and waits for the end. Returns the status text.
pub(crate) async fn run_draft(browser: &Browser, pair: &Pair, draft: &Value) -> Result<String> {
    open_draft(browser, pair, draft).await?;
    enter_credentials(browser).await?;
    wait_for_status(browser).await
}

/// Enters the direct destination's credentials on the Run page.
/// The Run page asks for them only when this tab does not hold them yet (a direct destination's
/// secret lives as long as the tab): when the run starts without asking, nothing is entered.
pub(crate) async fn enter_credentials(browser: &Browser) -> Result<()> {
    let asked = crate::harness::eventually(
        "the credentials form or the run's progress",
        crate::harness::WAIT,
        async || {
            for (test, asked) in [("run-username", true), ("run-progress", false)] {
                let found = browser
                    .client()
                    .find(fantoccini::Locator::Css(&format!("[data-test='{test}']")))
                    .await;
                if found.is_ok() {
                    return Ok(Some(asked));
                }
            }
            Ok(None)
        },
    )
    .await?;
    if !asked {
        return Ok(());
    }
    browser
        .wait_test("run-username")
        .await?
        .send_keys("admin")
        .await?;
    browser
        .wait_test("run-password")
        .await?
        .send_keys("district")
        .await?;
    browser
        .wait_test("run-credentials-submit")
        .await?
        .click()
        .await?;
    Ok(())
}

/// Logs in, stores the draft and starts it from the Run page.
pub(crate) async fn open_draft(browser: &Browser, pair: &Pair, draft: &Value) -> Result<()> {
    browser
        .log_in(&pair.source.base_url(), "admin", "district")
        .await?;
    start_draft(browser, &pair.source, draft).await
}

/// Stores the draft in the logged-in tab's session and starts it from the Run page of `source`.
pub(crate) async fn start_draft(browser: &Browser, source: &Instance, draft: &Value) -> Result<()> {
    browser.goto(&source.app_url()).await?;
    browser.wait_test("nav").await.ok();
    let script = format!(
        "sessionStorage.setItem('aggregate-sync.draft', {}); location.hash = '#/sync/run'; location.reload();",
        serde_json::to_string(&draft.to_string())?
    );
    browser.client().execute(&script, vec![]).await?;
    browser.wait_test("run-start-draft").await?.click().await?;
    Ok(())
}

/// Waits for the end of the run; returns the status text.
pub(crate) async fn wait_for_status(browser: &Browser) -> Result<String> {
    eventually_polling(
        "the end of the run",
        Duration::from_secs(240),
        Duration::from_millis(200),
        async || {
            // Read again when the app re-rendered the element meanwhile (a stale element).
            let text = browser.texts("[data-test='run-status']").await?.pop();
            Ok(text.filter(|text| !text.is_empty()))
        },
    )
    .await
}

pub(crate) fn draft(data_set: &str, org_units: &[String], start: &str, end: &str) -> Value {
    json!({
        "selection": {"dataSets": [{"id": data_set}]},
        "orgUnits": org_units,
        "period": {"type": "FIXED", "startDate": start, "endDate": end},
        "categoryOptions": {"type": "ALL"},
        "aggregationEnabled": false,
        "destinationId": DESTINATION_ID,
        "importStrategy": "CREATE_AND_UPDATE",
        "sendDeletions": false,
        "dryRun": false
    })
}

pub(crate) fn query(data_set: &str, period: &str, org_units: &[String]) -> String {
    let units: String = org_units.iter().map(|u| format!("&orgUnit={u}")).collect();
    format!("dataValueSets?dataSet={data_set}&period={period}{units}")
}

#[tokio::test]
async fn raw_sync_lands_on_the_destination_and_the_report_says_so() -> Result<()> {
    let pair = Pair::start().await?;
    let data_set = pair.data_set("Monthly").await?;
    let org_units = pair.org_units_with_data(&data_set, "202403", 3).await?;
    with_app(pair, async |browser, pair| {
        let status = run_draft(
            &browser,
            &pair,
            &draft(&data_set, &org_units, "2024-03-01", "2024-03-31"),
        )
        .await?;
        assert_eq!(status, "SUCCESS");

        let expected = values_of(
            &pair
                .source
                .api_get(&query(&data_set, "202403", &org_units))
                .await?,
        );
        let landed = values_of(
            &pair
                .destination
                .api_get(&query(&data_set, "202403", &org_units))
                .await?,
        );
        assert!(!expected.is_empty());
        assert_eq!(landed, expected);

        // The report page, from the run and from the dataStore.
        browser.wait_test("run-report-link").await?.click().await?;
        browser.wait_test("report-summary").await?;
        let imported = browser
            .wait_test("report-count-imported")
            .await?
            .text()
            .await?;
        assert_eq!(imported, expected.len().to_string());
        assert_eq!(
            browser.wait_test("report-status").await?.text().await?,
            "SUCCESS"
        );
        let url = browser.client().current_url().await?;
        let id = url
            .fragment()
            .and_then(|f| f.strip_prefix("/history/"))
            .context("report id in the URL")?
            .to_string();
        let stored = pair.source.stored_report(&id).await?;
        assert_eq!(stored["status"], "SUCCESS");
        assert_eq!(stored["counts"]["imported"], json!(expected.len()));
        browser.client().refresh().await?;
        browser.wait_test("report-data-elements").await?;
        assert_eq!(
            browser
                .wait_test("report-count-imported")
                .await?
                .text()
                .await?,
            imported
        );
        Ok(())
    })
    .await
}

/// Data elements of `data_set` with their aggregation and value types.
pub(crate) async fn data_elements(
    source: &Instance,
    data_set: &str,
) -> Result<Vec<(String, String, String)>> {
    let set = source
        .api_get(&format!(
            "dataSets/{data_set}?fields=dataSetElements[dataElement[id,aggregationType,valueType]]"
        ))
        .await?;
    Ok(set["dataSetElements"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|e| {
            let text = |key: &str| {
                e["dataElement"][key]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            };
            (text("id"), text("aggregationType"), text("valueType"))
        })
        .collect())
}

/// Sums of the source's raw values of SUM data elements under `org_unit`, per target period
/// (given by `period_of`): the independent expectation of an aggregated sync.
async fn expected_sums(
    source: &Instance,
    data_set: &str,
    org_unit: &str,
    start: &str,
    end: &str,
    period_of: impl Fn(&str) -> String,
) -> Result<BTreeMap<(String, String, String, String), f64>> {
    let sum_elements: Vec<String> = data_elements(source, data_set)
        .await?
        .into_iter()
        .filter(|(_, aggregation, value_type)| {
            aggregation == "SUM"
                && matches!(
                    value_type.as_str(),
                    "NUMBER" | "INTEGER" | "INTEGER_POSITIVE" | "INTEGER_ZERO_OR_POSITIVE"
                )
        })
        .map(|(id, _, _)| id)
        .collect();
    let raw = source
        .api_get(&format!(
            "dataValueSets?dataSet={data_set}&startDate={start}&endDate={end}&orgUnit={org_unit}&children=true"
        ))
        .await?;
    let mut sums = BTreeMap::new();
    for value in raw["dataValues"].as_array().cloned().unwrap_or_default() {
        let text = |key: &str| value[key].as_str().unwrap_or_default().to_string();
        if !sum_elements.contains(&text("dataElement")) {
            continue;
        }
        let Ok(number) = text("value").parse::<f64>() else {
            continue;
        };
        *sums
            .entry((
                text("dataElement"),
                period_of(&text("period")),
                text("categoryOptionCombo"),
                text("attributeOptionCombo"),
            ))
            .or_insert(0.0) += number;
    }
    Ok(sums)
}

async fn check_aggregated(
    period_type: &str,
    target_period: &str,
    period_of: fn(&str) -> String,
) -> Result<()> {
    let pair = Pair::start().await?;
    let data_set = pair.data_set("Monthly").await?;
    let districts = pair
        .source
        .api_get("organisationUnits?level=2&fields=id&paging=false")
        .await?;
    let district = districts["organisationUnits"][1]["id"]
        .as_str()
        .context("no district")?
        .to_string();
    let mut draft = draft(
        &data_set,
        std::slice::from_ref(&district),
        "2024-01-01",
        "2024-03-31",
    );
    draft["aggregationEnabled"] = json!(true);
    draft["aggregationPeriodType"] = json!(period_type);
    with_app(pair, async |browser, pair| {
        let status = run_draft(&browser, &pair, &draft).await?;
        assert!(
            status == "SUCCESS" || status == "WARNING",
            "status {status}"
        );

        let expected = expected_sums(
            &pair.source,
            &data_set,
            &district,
            "2024-01-01",
            "2024-03-31",
            period_of,
        )
        .await?;
        let landed = pair
            .destination
            .api_get(&format!(
                "dataValueSets?dataSet={data_set}&startDate=2024-01-01&endDate=2024-03-31&orgUnit={district}"
            ))
            .await?;
        let landed: BTreeMap<(String, String, String, String), f64> = landed["dataValues"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|v| {
                let text = |key: &str| v[key].as_str().unwrap_or_default().to_string();
                (
                    (
                        text("dataElement"),
                        text("period"),
                        text("categoryOptionCombo"),
                        text("attributeOptionCombo"),
                    ),
                    text("value").parse::<f64>().unwrap_or(f64::NAN),
                )
            })
            .collect();
        let mut compared = 0;
        for (key, sum) in &expected {
            if *sum == 0.0 {
                continue;
            }
            assert!(key.1.starts_with(&target_period[..4]));
            let got = landed.get(key).copied();
            assert!(
                got.is_some_and(|got| (got - sum).abs() < 1e-6 * sum.abs().max(1.0)),
                "{key:?}: expected {sum}, landed {got:?}"
            );
            compared += 1;
        }
        assert!(compared > 0, "no SUM value to compare");
        assert!(landed.keys().any(|key| key.1 == target_period));
        Ok(())
    })
    .await
}

#[tokio::test]
async fn monthly_aggregation_over_a_subtree_sums_the_children() -> Result<()> {
    check_aggregated("Monthly", "202401", |period| period.to_string()).await
}

#[tokio::test]
async fn quarterly_aggregation_over_a_subtree_sums_the_months() -> Result<()> {
    check_aggregated("Quarterly", "2024Q1", |period| {
        let month: u32 = period[4..6].parse().unwrap_or(1);
        format!("{}Q{}", &period[..4], (month - 1) / 3 + 1)
    })
    .await
}

#[tokio::test]
async fn dry_run_writes_nothing_and_says_so() -> Result<()> {
    let pair = Pair::start().await?;
    let data_set = pair.data_set("Monthly").await?;
    let org_units = pair.org_units_with_data(&data_set, "202402", 2).await?;
    let mut draft = draft(&data_set, &org_units, "2024-02-01", "2024-02-29");
    draft["dryRun"] = json!(true);
    with_app(pair, async |browser, pair| {
        let status = run_draft(&browser, &pair, &draft).await?;
        assert_eq!(status, "DRY_RUN");
        let landed = values_of(
            &pair
                .destination
                .api_get(&query(&data_set, "202402", &org_units))
                .await?,
        );
        assert!(landed.is_empty(), "a dry run wrote {} values", landed.len());
        browser.wait_test("run-report-link").await?.click().await?;
        browser.wait_test("report-dry-run").await?;
        let imported: u64 = browser
            .wait_test("report-count-imported")
            .await?
            .text()
            .await?
            .parse()?;
        assert!(
            imported > 0,
            "the dry run should count what it would import"
        );
        Ok(())
    })
    .await
}
