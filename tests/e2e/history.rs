//! The history page as a user meets it: reports stored in the dataStore (built here with
//! sync-core's model and `to_json`) are listed with who ran them, rule or manual, destination,
//! status, counts and duration; each filter narrows the list; paging; a row opens the report;
//! one or many reports are deleted (checked through the API); old reports are pruned under the
//! retention setting; a malformed report is listed as broken. Dates are relative to the
//! server's `serverDate`, never the test machine's clock.

use anyhow::{Context, Result};
use serde_json::{Value, json};
use sync_core::date::Date;
use sync_core::import_result::ImportCount;
use sync_core::model::{
    Aggregation, CategoryOptionSelection, DataSelection, ImportStrategy, PeriodSelection,
    ReportStatus, RunOrigin, RunParameters, SyncReport, report_key, to_json,
};

use crate::harness::{
    Browser, Instance, InstanceOptions, RunOptions, WAIT, eventually, eventually_equal, with_app,
    with_app_options,
};

const NAMESPACE: &str = "aggregate-sync";

/// A report to store: id, status, rule (`None` = manual), destination, days before today.
struct Spec {
    id: &'static str,
    status: ReportStatus,
    rule: Option<(&'static str, &'static str)>,
    destination: (&'static str, &'static str),
    days_ago: i32,
}

fn report(spec: &Spec, today: Date) -> SyncReport {
    let origin = match spec.rule {
        Some((rule_id, rule_name)) => RunOrigin::Rule {
            rule_id: rule_id.into(),
            rule_name: rule_name.into(),
            started_by: sync_core::model::RunTrigger::App,
        },
        None => RunOrigin::Manual,
    };
    let parameters = RunParameters {
        selection: DataSelection::default(),
        org_units: vec![],
        period: PeriodSelection::Relative {
            relative_period: "LAST_MONTH".into(),
        },
        periods: vec![],
        start_date: None,
        end_date: None,
        last_updated: None,
        look_back_from: None,
        category_options: CategoryOptionSelection::default(),
        aggregation: Aggregation::default(),
        import_strategy: ImportStrategy::default(),
        send_deletions: false,
        dry_run: spec.status == ReportStatus::DryRun,
        chunk_size: 2000,
    };
    let day = today.add_days(-spec.days_ago);
    let mut report = SyncReport::start(
        spec.id,
        origin,
        "admin",
        spec.destination.0,
        parameters,
        &format!("{day}T10:00:00.000"),
    );
    report.destination_name = Some(spec.destination.1.into());
    report.status = spec.status;
    report.finished_at = Some(format!("{day}T10:01:05.000"));
    report.values_read = 12;
    report.values_sent = 10;
    report.counts = ImportCount {
        imported: 7,
        updated: 2,
        ignored: 1,
        deleted: 0,
    };
    report
}

async fn server_today(instance: &Instance) -> Result<Date> {
    let info = instance.api_get("system/info").await?;
    let server_date = info["serverDate"].as_str().context("serverDate")?;
    server_date[..10]
        .parse()
        .map_err(|error| anyhow::anyhow!("{error:?}"))
}

async fn store(instance: &Instance, specs: &[Spec]) -> Result<()> {
    let today = server_today(instance).await?;
    for spec in specs {
        let text = to_json(&report(spec, today))?;
        let value: Value = serde_json::from_str(&text)?;
        instance
            .api_post(
                &format!("dataStore/{NAMESPACE}/{}", report_key(spec.id)),
                &value,
            )
            .await?;
    }
    Ok(())
}

async fn exists(instance: &Instance, id: &str) -> Result<bool> {
    let status = instance
        .api_status(&format!("dataStore/{NAMESPACE}/{}", report_key(id)))
        .await?;
    Ok(status == 200)
}

const CENTRAL: (&str, &str) = ("DeStCentral", "Central HMIS");
const REGION: (&str, &str) = ("DeStRegion1", "Regional HMIS");
const ANC: Option<(&str, &str)> = Some(("RuLeAnc0001", "ANC monthly"));

fn specs() -> Vec<Spec> {
    use ReportStatus::*;
    vec![
        Spec {
            id: "RePort00001",
            status: Success,
            rule: ANC,
            destination: CENTRAL,
            days_ago: 1,
        },
        Spec {
            id: "RePort00002",
            status: Warning,
            rule: ANC,
            destination: CENTRAL,
            days_ago: 2,
        },
        Spec {
            id: "RePort00003",
            status: Error,
            rule: None,
            destination: REGION,
            days_ago: 3,
        },
        Spec {
            id: "RePort00004",
            status: DryRun,
            rule: None,
            destination: CENTRAL,
            days_ago: 4,
        },
        Spec {
            id: "RePort00005",
            status: Success,
            rule: None,
            destination: REGION,
            days_ago: 10,
        },
    ]
}

async fn row_ids(browser: &Browser) -> Result<Vec<String>> {
    // One script, so a re-render between reading two rows cannot leave a stale element.
    let ids = browser
        .client()
        .execute(
            "return Array.from(document.querySelectorAll(\"[data-test='history-row']\"))\
             .map(row => row.getAttribute('data-id'));",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(ids)?)
}

/// Waits until the table lists exactly `expected` (ids, in order).
async fn wait_rows(browser: &Browser, expected: &[&str]) -> Result<()> {
    let expected: Vec<String> = expected.iter().map(|id| id.to_string()).collect();
    eventually_equal("the history rows", WAIT, &expected, async || {
        row_ids(browser).await
    })
    .await
}

async fn choose(browser: &Browser, test: &str, value: &str) -> Result<()> {
    browser
        .wait_test(test)
        .await?
        .select_by_value(value)
        .await?;
    Ok(())
}

async fn lists_filters_pages_and_deletes(version: &'static str) -> Result<()> {
    let instance = Instance::start(InstanceOptions {
        version,
        ..InstanceOptions::default()
    })
    .await?;
    store(&instance, &specs()).await?;
    instance
        .api_post(
            &format!("dataStore/{NAMESPACE}/report-BrOken00001"),
            &json!({"id": "BrOken00001", "status": "NOT A STATUS"}),
        )
        .await?;
    with_app(instance, async |browser, instance| {
        browser
            .log_in(&instance.base_url(), "admin", "district")
            .await?;
        let history = format!("{}#/history", instance.app_url());
        browser.goto(&history).await?;
        browser.wait_test("history-table").await?;
        // Broken first (to be seen), then newest first.
        let all = [
            "BrOken00001",
            "RePort00001",
            "RePort00002",
            "RePort00003",
            "RePort00004",
            "RePort00005",
        ];
        wait_rows(&browser, &all).await?;
        let broken = browser
            .wait_test("history-broken-message")
            .await?
            .text()
            .await?;
        assert!(broken.contains("BrOken00001"), "{broken}");
        assert_eq!(
            browser.texts("[data-test='history-status']").await?[0],
            "Broken"
        );
        // The columns of one report.
        let row = "[data-test='history-row'][data-id='RePort00002']";
        let cell = |name: &str| format!("{row} [data-test='{name}']");
        assert_eq!(browser.texts(&cell("history-run-by")).await?, ["admin"]);
        assert_eq!(browser.texts(&cell("history-rule")).await?, ["ANC monthly"]);
        assert_eq!(
            browser.texts(&cell("history-destination")).await?,
            ["Central HMIS"]
        );
        assert_eq!(browser.texts(&cell("history-status")).await?, ["Warning"]);
        assert_eq!(
            browser.texts(&cell("history-duration")).await?,
            ["1 min 5 s"]
        );
        let counts = browser.texts(&cell("history-counts")).await?;
        assert_eq!(counts, ["7 imported, 2 updated, 1 ignored, 0 deleted"]);
        let manual = "[data-test='history-row'][data-id='RePort00003'] [data-test='history-rule']";
        assert_eq!(browser.texts(manual).await?, ["Manual"]);

        // Each filter, through its control; the URL keeps it.
        choose(&browser, "history-filter-status", "SUCCESS").await?;
        wait_rows(&browser, &["RePort00001", "RePort00005"]).await?;
        let url = browser.client().current_url().await?;
        assert!(url.as_str().contains("status=SUCCESS"), "{url}");
        browser
            .wait_test("history-clear-filters")
            .await?
            .click()
            .await?;
        wait_rows(&browser, &all).await?;
        choose(&browser, "history-filter-rule", "RuLeAnc0001").await?;
        wait_rows(&browser, &["RePort00001", "RePort00002"]).await?;
        choose(&browser, "history-filter-rule", "manual").await?;
        wait_rows(&browser, &["RePort00003", "RePort00004", "RePort00005"]).await?;
        choose(&browser, "history-filter-destination", REGION.0).await?;
        wait_rows(&browser, &["RePort00003", "RePort00005"]).await?;
        browser
            .wait_test("history-clear-filters")
            .await?
            .click()
            .await?;
        wait_rows(&browser, &all).await?;
        // Dates: typed into the date inputs (set as the browser's date picker does).
        let today = server_today(&instance).await?;
        for (test, parameter, day) in [
            ("history-filter-from", "from", today.add_days(-4)),
            ("history-filter-to", "to", today.add_days(-2)),
        ] {
            browser.wait_test(test).await?;
            browser
                .client()
                .execute(
                    "const input = document.querySelector(`[data-test='${arguments[0]}']`);\
                     input.value = arguments[1];\
                     input.dispatchEvent(new Event('change', { bubbles: true }));",
                    vec![json!(test), json!(day.to_string())],
                )
                .await?;
            let filter = format!("{parameter}={day}");
            eventually(&format!("the URL to keep {filter}"), WAIT, async || {
                let url = browser.client().current_url().await?;
                Ok(url.as_str().contains(&filter).then_some(()))
            })
            .await?;
        }
        wait_rows(&browser, &["RePort00002", "RePort00003", "RePort00004"]).await?;
        let url = browser.client().current_url().await?;
        assert!(
            url.as_str()
                .contains(&format!("from={}", today.add_days(-4))),
            "{url}"
        );

        // Paging: two to a page (a deep link), then Next.
        browser.goto(&format!("{history}?pageSize=2")).await?;
        wait_rows(&browser, &all[..2]).await?;
        browser.wait_test("pagination-next").await?.click().await?;
        wait_rows(&browser, &all[2..4]).await?;
        let summary = browser
            .wait_test("pagination-summary")
            .await?
            .text()
            .await?;
        assert!(summary.starts_with("Page 2 of 3"), "{summary}");

        // A row opens the full report.
        browser
            .wait_css("[data-test='history-row'][data-id='RePort00003'] [data-test='history-rule']")
            .await?
            .click()
            .await?;
        eventually("the report to open", WAIT, async || {
            let url = browser.client().current_url().await?;
            Ok(url
                .as_str()
                .ends_with("#/history/RePort00003")
                .then_some(()))
        })
        .await?;

        // Delete one, with the inline confirmation.
        browser.goto(&history).await?;
        wait_rows(&browser, &all).await?;
        browser
            .wait_css(
                "[data-test='history-row'][data-id='RePort00004'] [data-test='history-row-select']",
            )
            .await?
            .click()
            .await?;
        browser
            .wait_test("history-delete-selected")
            .await?
            .click()
            .await?;
        let question = browser
            .wait_test("history-delete-confirmation")
            .await?
            .text()
            .await?;
        assert!(question.contains("Delete 1 report?"), "{question}");
        browser
            .wait_test("history-delete-confirm")
            .await?
            .click()
            .await?;
        browser.wait_test("history-delete-done").await?;
        wait_rows(
            &browser,
            &[
                "BrOken00001",
                "RePort00001",
                "RePort00002",
                "RePort00003",
                "RePort00005",
            ],
        )
        .await?;
        assert!(!exists(&instance, "RePort00004").await?);

        // Delete many: the broken entry and two reports.
        for id in ["BrOken00001", "RePort00001", "RePort00005"] {
            browser
                .wait_css(&format!(
                    "[data-test='history-row'][data-id='{id}'] [data-test='history-row-select']"
                ))
                .await?
                .click()
                .await?;
        }
        browser
            .wait_test("history-delete-selected")
            .await?
            .click()
            .await?;
        browser
            .wait_test("history-delete-confirm")
            .await?
            .click()
            .await?;
        wait_rows(&browser, &["RePort00002", "RePort00003"]).await?;
        for id in ["BrOken00001", "RePort00001", "RePort00005"] {
            assert!(!exists(&instance, id).await?, "{id} is deleted");
        }
        assert!(exists(&instance, "RePort00002").await?);
        Ok::<_, anyhow::Error>(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn history_on_2_41() -> Result<()> {
    lists_filters_pages_and_deletes("2.41").await
}

/// 2.37 has no dataStore query API: each report is read key by key.
#[tokio::test(flavor = "multi_thread")]
async fn history_on_2_37() -> Result<()> {
    lists_filters_pages_and_deletes("2.37").await
}

#[tokio::test(flavor = "multi_thread")]
async fn retention_prunes_old_reports() -> Result<()> {
    let instance = Instance::start(InstanceOptions::default()).await?;
    use ReportStatus::*;
    store(
        &instance,
        &[
            Spec {
                id: "OldReport01",
                status: Success,
                rule: ANC,
                destination: CENTRAL,
                days_ago: 40,
            },
            Spec {
                id: "MidReport01",
                status: Error,
                rule: None,
                destination: CENTRAL,
                days_ago: 20,
            },
            Spec {
                id: "NewReport01",
                status: Success,
                rule: ANC,
                destination: REGION,
                days_ago: 5,
            },
        ],
    )
    .await?;
    with_app(instance, async |browser, instance| {
        browser
            .log_in(&instance.base_url(), "admin", "district")
            .await?;
        // The default retention (30 days) prunes the 40-day-old report when the page opens.
        browser
            .goto(&format!("{}#/history", instance.app_url()))
            .await?;
        browser.wait_test("history-pruned").await?;
        wait_rows(&browser, &["NewReport01", "MidReport01"]).await?;
        assert!(!exists(&instance, "OldReport01").await?);
        assert!(exists(&instance, "MidReport01").await?);

        // Ten days, set on the settings page, prunes the 20-day-old one too.
        browser
            .goto(&format!("{}#/settings", instance.app_url()))
            .await?;
        let retention = browser.wait_test("settings-retention").await?;
        retention.clear().await?;
        retention.send_keys("10").await?;
        browser.wait_test("settings-save").await?.click().await?;
        browser.wait_test("settings-saved").await?;
        let stored = instance
            .api_get(&format!("dataStore/{NAMESPACE}/settings"))
            .await?;
        assert_eq!(stored["retentionDays"], 10);
        browser
            .goto(&format!("{}#/history", instance.app_url()))
            .await?;
        browser.wait_test("history-pruned").await?;
        wait_rows(&browser, &["NewReport01"]).await?;
        assert!(!exists(&instance, "MidReport01").await?);
        assert!(exists(&instance, "NewReport01").await?);
        Ok::<_, anyhow::Error>(())
    })
    .await
}

/// History and settings belong to users with the app's authority: `dataentry` has it and sees
/// both; once an administrator takes it away (while the app is open), both pages show the
/// clear "no access" message instead of data or a raw error.
#[tokio::test(flavor = "multi_thread")]
async fn history_and_settings_need_the_app_authority() -> Result<()> {
    let instance = Instance::start(InstanceOptions::default()).await?;
    store(&instance, &specs()[..1]).await?;
    let options = RunOptions {
        // The 403s the dataStore answers once the authority is gone are the point of the test.
        allowed_console_errors: &["403"],
        ..RunOptions::default()
    };
    with_app_options(instance, options, async |browser, instance| {
        browser
            .log_in(&instance.base_url(), "dataentry", "District1!")
            .await?;
        let app = instance.app_url();
        browser.goto(&format!("{app}#/history")).await?;
        wait_rows(&browser, &[specs()[0].id]).await?;
        browser.goto(&format!("{app}#/settings")).await?;
        browser.wait_test("settings-form").await?;

        instance.set_authorities("dataentry", &["F_DATAVALUE_ADD", "M_dhis-web-dataentry"])?;
        browser.goto(&format!("{app}#/data")).await?;
        browser.wait_test("nav-history").await?.click().await?;
        let notice = browser.wait_test("access-denied").await?.text().await?;
        assert!(notice.contains("M_aggregatesync"), "{notice}");
        assert!(browser.texts("[data-test='history-row']").await?.is_empty());
        browser.wait_test("nav-settings").await?.click().await?;
        let notice = browser.wait_test("access-denied").await?.text().await?;
        assert!(notice.contains("M_aggregatesync"), "{notice}");
        assert!(
            browser
                .texts("[data-test='settings-form']")
                .await?
                .is_empty()
        );
        Ok(())
    })
    .await
}
