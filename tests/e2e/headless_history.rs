//! A headless run in the app: a rule saved in the app's dataStore format runs from
//! `aggsync run --rule` (the binary built from crates/aggsync, no browser logged in), and its
//! report opens in the History page and the report page with the way it was started shown.
//!
//! Needs the aggsync binary next to this test's (`cargo test --workspace` builds it; alone:
//! `cargo build -p aggsync` first).

use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use serde_json::{Value, json};

use crate::harness::{DESTINATION_ID, Pair, WAIT, eventually, with_app};

/// The aggsync binary of the same build as this test (`target/<profile>/aggsync`).
fn aggsync_binary() -> Result<PathBuf> {
    let test = std::env::current_exe()?;
    // target/<profile>/deps/e2e-<hash> → target/<profile>/aggsync
    let profile_dir = test
        .parent()
        .and_then(|deps| deps.parent())
        .context("the test binary's folder")?;
    let binary = profile_dir.join(format!("aggsync{}", std::env::consts::EXE_SUFFIX));
    if !binary.exists() {
        bail!(
            "{} is missing: build it first (cargo build -p aggsync, or cargo test --workspace)",
            binary.display()
        );
    }
    Ok(binary)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_of_a_headless_run_opens_in_the_history_with_its_origin() -> Result<()> {
    let binary = aggsync_binary()?;
    let pair = Pair::start().await?;
    let data_set = pair.data_set("Monthly").await?;
    let org_units = pair.org_units_with_data(&data_set, "202401", 3).await?;
    let rule_id = "RuLeHeadLs1";
    pair.source
        .api_post(
            &format!("dataStore/aggregate-sync/rule-{rule_id}"),
            &json!({
                "schemaVersion": 1, "id": rule_id, "name": "Headless January",
                "selection": {"dataSets": [{"id": data_set}]},
                "orgUnits": org_units,
                "period": {"type": "FIXED", "startDate": "2024-01-01", "endDate": "2024-01-31"},
                "categoryOptions": {"type": "ALL"},
                "aggregation": {"type": "OFF"},
                "destinationId": DESTINATION_ID,
                "importStrategy": "CREATE_AND_UPDATE"
            }),
        )
        .await?;
    let dir = tempfile::tempdir()?;
    let secrets = dir.path().join("secrets.json");
    std::fs::write(
        &secrets,
        json!({DESTINATION_ID: {"username": "admin", "password": "district"}}).to_string(),
    )?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&secrets, std::fs::Permissions::from_mode(0o600))?;
    }
    let output = tokio::process::Command::new(&binary)
        .args([
            "run",
            "--instance",
            &pair.source.base_url(),
            "--user",
            "admin",
            "--rule",
            rule_id,
            "--destination-secrets",
            secrets.to_str().unwrap_or_default(),
        ])
        .env("AGGSYNC_PASSWORD", "district")
        .env_remove("AGGSYNC_TOKEN")
        .output()
        .await?;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let line: Value = serde_json::from_slice(&output.stdout).context("one JSON line")?;
    assert_eq!(line["status"], "SUCCESS", "{stderr}");
    let report_id = line["reportId"]
        .as_str()
        .context("a report id")?
        .to_string();

    with_app(pair, async |browser, pair| {
        browser
            .log_in(&pair.source.base_url(), "admin", "district")
            .await?;
        browser
            .goto(&format!("{}#/history", pair.source.app_url()))
            .await?;
        let row = format!("[data-test='history-row'][data-id='{report_id}']");
        browser.wait_css(&row).await?;
        let started_by = format!("{row} [data-test='history-started-by']");
        eventually("the row to say how the run started", WAIT, async || {
            let texts = browser.texts(&started_by).await?;
            Ok((texts == ["command line"]).then_some(()))
        })
        .await?;
        assert_eq!(
            browser
                .texts(&format!("{row} [data-test='history-status']"))
                .await?,
            ["Success"]
        );
        browser.wait_css(&row).await?.click().await?;
        let origin = browser.wait_test("report-origin").await?.text().await?;
        assert!(
            origin.contains("Rule Headless January by admin"),
            "{origin}"
        );
        assert_eq!(
            browser.texts("[data-test='report-started-by']").await?,
            ["Started: command line"]
        );
        Ok(())
    })
    .await
}

/// `yyyy-MM-dd HH:mm` of the first 02:00 strictly after the server time `now` (`yyyy-MM-ddTHH:…`).
fn next_two_o_clock(now: &str) -> Result<String> {
    let date: sync_core::date::Date = now[..10].parse().map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let before_two = &now[11..19] < "02:00:00";
    let day = if before_two { date } else { date.add_days(1) };
    Ok(format!("{day} 02:00"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rules_page_shows_the_next_run_and_whether_a_runner_checks() -> Result<()> {
    let binary = aggsync_binary()?;
    let pair = Pair::start().await?;
    let data_set = pair.data_set("Monthly").await?;
    pair.source
        .api_post(
            "dataStore/aggregate-sync/rule-RuLeNightly",
            &json!({
                "schemaVersion": 1, "id": "RuLeNightly", "name": "Nightly",
                "selection": {"dataSets": [{"id": data_set}]},
                "orgUnits": [],
                "period": {"type": "RELATIVE", "relativePeriod": "LAST_MONTH"},
                "categoryOptions": {"type": "ALL"},
                "aggregation": {"type": "OFF"},
                "destinationId": DESTINATION_ID,
                "importStrategy": "CREATE_AND_UPDATE",
                "schedule": {"cron": "0 2 * * *"}
            }),
        )
        .await?;
    let now = pair.source.api_get("system/info").await?["serverDate"]
        .as_str()
        .context("serverDate")?
        .to_string();
    let next = next_two_o_clock(&now)?;
    with_app(pair, async |browser, pair| {
        browser
            .log_in(&pair.source.base_url(), "admin", "district")
            .await?;
        browser
            .goto(&format!("{}#/rules", pair.source.app_url()))
            .await?;
        browser.wait_test("rule-schedule-state").await?;
        assert_eq!(
            browser.texts("[data-test='rule-schedule-state']").await?,
            [format!("Next run {next}")]
        );
        // No runner ever checked: the page says so and links to the setup page the app ships.
        let notice = browser.wait_test("rules-runner").await?;
        assert_eq!(notice.attr("data-seen").await?.as_deref(), Some("false"));
        let setup = browser.wait_test("rules-runner-setup").await?;
        let href = setup.prop("href").await?.context("a link")?;
        let page = reqwest::Client::new()
            .get(&href)
            .basic_auth("admin", Some("district"))
            .send()
            .await?;
        assert_eq!(page.status(), 200, "{href}");
        assert!(page.text().await?.contains("aggsync run --due"));

        // A runner checks (nothing is due yet): the page names it.
        let output = tokio::process::Command::new(&binary)
            .args([
                "run",
                "--instance",
                &pair.source.base_url(),
                "--user",
                "admin",
                "--due",
            ])
            .env("AGGSYNC_PASSWORD", "district")
            .env("HOSTNAME", "runner-e2e")
            .env_remove("AGGSYNC_TOKEN")
            .output()
            .await?;
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        browser.client().refresh().await?;
        eventually("the page to name the runner", WAIT, async || {
            let texts = browser.texts("[data-test='rules-runner']").await?;
            Ok(texts
                .first()
                .filter(|text| text.contains("runner-e2e"))
                .map(|_| ()))
        })
        .await?;
        Ok(())
    })
    .await
}
