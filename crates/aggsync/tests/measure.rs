//! Measures a headless run of the demo's biggest rule: Child Health Monthly, every facility,
//! 2024 (104,730 values), raw, between two dhis2-lite instances, with `aggsync run --rule`.
//! Ignored by default; run it on a quiet machine with the native release profile:
//!
//! ```text
//! cargo test -p aggsync --profile release-native --test measure -- --ignored --nocapture
//! ```
//!
//! It prints the run's own time (the JSON line's `seconds`), the process's wall time, and the
//! same values moved without the app — one `GET /api/dataValueSets` from the source, one `POST`
//! of those bytes to another empty instance — with the ratio run / (GET + POST): the native
//! figure of the engine issue's pipelining target.

mod common;

use std::time::Instant;

use common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a measurement: run it by hand with --ignored --nocapture"]
async fn a_headless_run_of_child_health_monthly_for_every_facility_in_2024() -> anyhow::Result<()> {
    let pair = Pair::start("2.41").await?;
    save_direct_destination(&pair.source, &pair.destination.url()).await?;
    let dir = tempfile::tempdir()?;
    let secrets = secrets_file(dir.path())?;
    let data_set = pair.data_set("Child Health Monthly").await?;
    let facilities = pair.level(5).await?;
    let mut measured = rule(&data_set, &facilities, "2024-01-01", "2024-12-31");
    measured.id = "rUleMeasure".into();
    measured.name = "Child Health Monthly, all facilities, 2024".into();
    save_rule(&pair.source, &measured).await?;
    let started = Instant::now();
    let ran = run_as_admin(
        &pair.source,
        &[
            "--rule",
            &measured.id,
            "--destination-secrets",
            secrets.to_str().unwrap_or_default(),
        ],
    )
    .await?;
    let wall = started.elapsed().as_secs_f64();
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    let line = &ran.lines[0];
    println!(
        "facilities {}, values read {}, sent {}, imported {}: run {} s, process {wall:.1} s",
        facilities.len(),
        line["valuesRead"],
        line["valuesSent"],
        line["imported"],
        line["seconds"],
    );
    let report = report(&pair.source, line["reportId"].as_str().unwrap_or_default()).await?;
    println!("timings (ms): {}", report["timings"]);

    // The same values without the app, to a fresh empty instance.
    let root = pair
        .source
        .get("organisationUnits?level=1&fields=id")
        .await?;
    let root = root["organisationUnits"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let empty = Lite::start(dhis2_lite::Seed::Empty, "2.41").await?;
    let http = reqwest::Client::new();
    let started = Instant::now();
    let body = http
        .get(format!(
            "{}/api/dataValueSets.json?dataSet={data_set}&startDate=2024-01-01&endDate=2024-12-31&orgUnit={root}&children=true",
            pair.source.url()
        ))
        .basic_auth(ADMIN.0, Some(ADMIN.1))
        .send()
        .await?
        .error_for_status()?
        .bytes()
        .await?;
    let get = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let answer = http
        .post(format!("{}/api/dataValueSets", empty.url()))
        .basic_auth(ADMIN.0, Some(ADMIN.1))
        .header("Content-Type", "application/json")
        .body(body.clone())
        .send()
        .await?
        .error_for_status()?
        .text()
        .await?;
    let post = started.elapsed().as_secs_f64();
    let imported = serde_json::from_str::<serde_json::Value>(&answer)?;
    let seconds = line["seconds"].as_f64().unwrap_or(wall);
    println!(
        "raw GET {get:.2} s ({} bytes) + POST {post:.2} s (imported {}): run / raw = {:.2} (process wall / raw = {:.2})",
        body.len(),
        imported["response"]["importCount"]["imported"]
            .as_u64()
            .or_else(|| imported["importCount"]["imported"].as_u64())
            .unwrap_or(0),
        seconds / (get + post),
        wall / (get + post),
    );
    empty.stop().await;
    Ok(())
}
