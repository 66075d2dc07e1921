//! Figures, not assertions: the time to sync the demo data set end to end in the real app in
//! headless Chromium (all org units, one year), with and without aggregation, and the browser's
//! peak memory meanwhile: the JS heap (CDP `Performance.getMetrics` `JSHeapUsedSize`), the
//! WebAssembly memory of the app, and the resident memory of the page's renderer process and of
//! all the browser's processes. Ignored by default; run it on a quiet machine with the release
//! build of the app (README.md, Testing):
//!
//! `scripts/build-app.sh && cargo test -p aggregate-sync --test e2e sync_measure -- --ignored --nocapture --test-threads=1`
//!
//! `AGGSYNC_MEASURE=child-health` (the default) measures Child Health Monthly only; `all` adds
//! every demo data set; `million` measures a million values instead (source `--seed
//! large:1000000`, every data set and facility, raw). Each raw scenario also prints the same values moved without the app (one
//! GET, one POST to an empty instance) and the ratio app / raw. Each scenario gets a fresh source and an empty destination reached
//! directly (Basic auth), as `sync_runs` does.

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use serde_json::{Value, json};

use crate::harness::{Browser, Pair, eventually_polling, with_app};
use crate::sync_runs::start_draft;

/// The demo seed's monthly data set "Child Health Monthly".
const CHILD_HEALTH_MONTHLY: &str = "LALwMYuekxm";

/// Keeps the app's WebAssembly memory reachable for sampling (Trunk's start event carries the
/// module's exports); runs before the page's own scripts.
const WASM_MEMORY_HOOK: &str = "addEventListener('TrunkApplicationStarted', (event) => { \
    window.__aggsyncWasmMemory = event.detail && event.detail.wasm && event.detail.wasm.memory; });";

struct Scenario {
    name: &'static str,
    /// The source's seed (`demo`, or `large:<n>`).
    source_seed: &'static str,
    data_sets: Vec<String>,
    /// `None`: raw values of every facility; `Some(period type)`: aggregated to the root.
    aggregation: Option<&'static str>,
}

#[derive(Default, Debug)]
struct Peaks {
    js_heap: u64,
    wasm_memory: u64,
    renderer_rss: u64,
    browser_rss: u64,
    samples: u32,
}

impl Peaks {
    async fn sample(&mut self, browser: &Browser) {
        if let Ok(metrics) = browser.cdp("Performance.getMetrics", json!({})).await {
            let heap = metrics["metrics"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|metric| metric["name"] == "JSHeapUsedSize")
                .and_then(|metric| metric["value"].as_f64())
                .unwrap_or(0.0);
            self.js_heap = self.js_heap.max(heap as u64);
        }
        if let Ok(bytes) = browser
            .client()
            .execute(
                "return window.__aggsyncWasmMemory ? window.__aggsyncWasmMemory.buffer.byteLength : 0;",
                vec![],
            )
            .await
        {
            self.wasm_memory = self.wasm_memory.max(bytes.as_u64().unwrap_or(0));
        }
        let (renderer, total) = browser_rss(browser.driver_pid());
        self.renderer_rss = self.renderer_rss.max(renderer);
        self.browser_rss = self.browser_rss.max(total);
        self.samples += 1;
    }
}

/// Resident memory (bytes) of the largest renderer process and of every process under
/// chromedriver `driver_pid`, from /proc (Linux).
fn browser_rss(driver_pid: u32) -> (u64, u64) {
    let mut parents = Vec::new();
    for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // `pid (comm) state ppid ...`; comm may hold spaces.
        let parent = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|ppid| ppid.parse::<u32>().ok());
        if let Some(parent) = parent {
            parents.push((pid, parent));
        }
    }
    let mut tree = vec![driver_pid];
    let mut index = 0;
    while index < tree.len() {
        let parent = tree[index];
        tree.extend(
            parents
                .iter()
                .filter(|(_, ppid)| *ppid == parent)
                .map(|(pid, _)| *pid),
        );
        index += 1;
    }
    let mut renderer = 0;
    let mut total = 0;
    for pid in &tree[1..] {
        let rss = std::fs::read_to_string(format!("/proc/{pid}/status"))
            .ok()
            .and_then(|status| {
                status
                    .lines()
                    .find_map(|line| line.strip_prefix("VmRSS:"))
                    .and_then(|value| {
                        value
                            .trim()
                            .trim_end_matches("kB")
                            .trim()
                            .parse::<u64>()
                            .ok()
                    })
            })
            .unwrap_or(0)
            * 1024;
        total += rss;
        let command = std::fs::read_to_string(format!("/proc/{pid}/cmdline")).unwrap_or_default();
        if command.contains("--type=renderer") {
            renderer = renderer.max(rss);
        }
    }
    (renderer, total)
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_048_576.0)
}

/// The same values moved without the app: one `GET /api/dataValueSets` of the scenario's data
/// sets under the root from `source`, one `POST` of those bytes to a fresh empty instance.
/// Returns (GET seconds, POST seconds, bytes).
async fn raw_get_and_post(
    source: &crate::harness::Instance,
    data_sets: &[String],
    root: &str,
) -> Result<(f64, f64, usize)> {
    let empty = crate::harness::Instance::start(crate::harness::InstanceOptions {
        seed: "empty",
        install_app: false,
        ..crate::harness::InstanceOptions::default()
    })
    .await?;
    let http = reqwest::Client::new();
    let sets: String = data_sets
        .iter()
        .map(|id| format!("dataSet={id}&"))
        .collect();
    let started = Instant::now();
    let body = http
        .get(format!(
            "{}/api/dataValueSets.json?{sets}startDate=2024-01-01&endDate=2024-12-31&orgUnit={root}&children=true",
            source.base_url()
        ))
        .basic_auth("admin", Some("district"))
        .send()
        .await?
        .error_for_status()?
        .bytes()
        .await?;
    let get = started.elapsed().as_secs_f64();
    let started = Instant::now();
    http.post(format!("{}/api/dataValueSets", empty.base_url()))
        .basic_auth("admin", Some("district"))
        .header("Content-Type", "application/json")
        .body(body.clone())
        .send()
        .await?
        .error_for_status()?
        .bytes()
        .await?;
    let post = started.elapsed().as_secs_f64();
    empty.handle().stop().await;
    Ok((get, post, body.len()))
}

async fn measure(scenario: &Scenario) -> Result<()> {
    let pair = Pair::start_with_source_seed(scenario.source_seed).await?;
    let root = pair
        .source
        .api_get("organisationUnits?level=1&fields=id&paging=false")
        .await?;
    let root = root["organisationUnits"][0]["id"]
        .as_str()
        .context("no root")?
        .to_string();
    let org_units: Vec<String> = match scenario.aggregation {
        Some(_) => vec![root.clone()],
        None => {
            let levels = pair
                .source
                .api_get("organisationUnits?fields=id,level&paging=false")
                .await?;
            let units = levels["organisationUnits"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let deepest = units
                .iter()
                .filter_map(|unit| unit["level"].as_u64())
                .max()
                .unwrap_or(1);
            units
                .iter()
                .filter(|unit| unit["level"].as_u64() == Some(deepest))
                .filter_map(|unit| unit["id"].as_str().map(str::to_string))
                .collect()
        }
    };
    let data_sets: Vec<Value> = scenario
        .data_sets
        .iter()
        .map(|id| json!({"id": id}))
        .collect();
    let source_values: u64 = {
        let mut count = 0;
        for data_set in &scenario.data_sets {
            let set = pair
                .source
                .api_get(&format!(
                    "dataValueSets?dataSet={data_set}&startDate=2024-01-01&endDate=2024-12-31&orgUnit={root}&children=true"
                ))
                .await?;
            count += set["dataValues"].as_array().map_or(0, Vec::len) as u64;
        }
        count
    };
    let mut draft = json!({
        "selection": {"dataSets": data_sets},
        "orgUnits": org_units,
        "period": {"type": "FIXED", "startDate": "2024-01-01", "endDate": "2024-12-31"},
        "categoryOptions": {"type": "ALL"},
        "aggregationEnabled": scenario.aggregation.is_some(),
        "destinationId": crate::harness::DESTINATION_ID,
        "importStrategy": "CREATE_AND_UPDATE",
        "sendDeletions": false,
        "dryRun": false
    });
    if let Some(period_type) = scenario.aggregation {
        draft["aggregationPeriodType"] = json!(period_type);
    }

    with_app(pair, async |browser, pair| {
        browser
            .cdp(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({"source": WASM_MEMORY_HOOK}),
            )
            .await?;
        browser.cdp("Performance.enable", json!({})).await?;
        browser
            .log_in(&pair.source.base_url(), "admin", "district")
            .await?;
        start_draft(&browser, &pair.source, &draft).await?;
        for (test, text) in [("run-username", "admin"), ("run-password", "district")] {
            browser.wait_test(test).await?.send_keys(text).await?;
        }
        let mut peaks = Peaks::default();
        peaks.sample(&browser).await;
        let started = Instant::now();
        browser
            .wait_test("run-credentials-submit")
            .await?
            .click()
            .await?;
        // Sampled while the run goes on: the peaks are what is measured.
        let status = eventually_polling(
            "the end of the run (30 minutes at most)",
            Duration::from_secs(1800),
            Duration::from_millis(250),
            async || {
                peaks.sample(&browser).await;
                let text = browser.texts("[data-test='run-status']").await?.pop();
                Ok(text.filter(|text| !text.is_empty()))
            },
        )
        .await?;
        let wall = started.elapsed();
        browser.wait_test("run-report-link").await?.click().await?;
        browser.wait_test("report-summary").await?;
        let url = browser.client().current_url().await?;
        let id = url
            .fragment()
            .and_then(|fragment| fragment.strip_prefix("/history/"))
            .context("report id")?
            .to_string();
        let report = pair
            .source
            .stored_report(&id)
            .await?;
        let timings = &report["timings"];
        println!(
            "MEASURE {name}: status {status}; {wall:.1} s end to end (click to status); \
             source values {source_values}, read {read}, sent {sent} in {chunks} chunks, \
             imported {imported}; phases: read {read_ms} ms, aggregate {aggregate_ms} ms, write {write_ms} ms; \
             peak JS heap {js}, peak wasm memory {wasm}, peak renderer RSS {renderer}, \
             peak browser RSS (all processes) {browser_rss}; {samples} samples",
            name = scenario.name,
            wall = wall.as_secs_f64(),
            read = report["valuesRead"],
            sent = report["valuesSent"],
            chunks = report["chunks"].as_array().map_or(0, Vec::len),
            imported = report["counts"]["imported"],
            read_ms = timings["readMs"],
            aggregate_ms = timings["aggregateMs"],
            write_ms = timings["writeMs"],
            js = megabytes(peaks.js_heap),
            wasm = megabytes(peaks.wasm_memory),
            renderer = megabytes(peaks.renderer_rss),
            browser_rss = megabytes(peaks.browser_rss),
            samples = peaks.samples,
        );
        if scenario.aggregation.is_none() {
            let (get, post, bytes) =
                raw_get_and_post(&pair.source, &scenario.data_sets, &root).await?;
            println!(
                "MEASURE {name}: raw GET {get:.2} s ({bytes} bytes) + POST {post:.2} s to an empty \
                 instance; app / raw = {ratio:.2}",
                name = scenario.name,
                ratio = wall.as_secs_f64() / (get + post),
            );
        }
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a measurement (minutes, machine-dependent): run it on purpose, see the module doc"]
async fn sync_measure_demo_data_set_one_year() -> Result<()> {
    let child_health = vec![CHILD_HEALTH_MONTHLY.to_string()];
    let mut scenarios = vec![
        Scenario {
            source_seed: "demo",
            name: "Child Health Monthly, raw, every facility, 2024",
            data_sets: child_health.clone(),
            aggregation: None,
        },
        Scenario {
            source_seed: "demo",
            name: "Child Health Monthly, monthly to quarterly at the root, 2024",
            data_sets: child_health.clone(),
            aggregation: Some("Quarterly"),
        },
        Scenario {
            source_seed: "demo",
            name: "Child Health Monthly, monthly to yearly at the root, 2024",
            data_sets: child_health,
            aggregation: Some("Yearly"),
        },
    ];
    if std::env::var("AGGSYNC_MEASURE").as_deref() == Ok("all") {
        let pair = Pair::start().await?;
        let sets = pair
            .source
            .api_get("dataSets?fields=id&paging=false")
            .await?;
        let all: Vec<String> = sets["dataSets"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|set| set["id"].as_str().map(str::to_string))
            .collect();
        scenarios.push(Scenario {
            source_seed: "demo",
            name: "every demo data set, raw, every facility, 2024",
            data_sets: all.clone(),
            aggregation: None,
        });
        scenarios.push(Scenario {
            source_seed: "demo",
            name: "every demo data set, yearly at the root, 2024",
            data_sets: all,
            aggregation: Some("Yearly"),
        });
    }
    if std::env::var("AGGSYNC_MEASURE").as_deref() == Ok("million") {
        // A million values of every data set in the demo metadata, raw, every facility.
        let pair = Pair::start_with_source_seed("large:1000000").await?;
        let sets = pair
            .source
            .api_get("dataSets?fields=id&paging=false")
            .await?;
        let all: Vec<String> = sets["dataSets"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|set| set["id"].as_str().map(str::to_string))
            .collect();
        scenarios = vec![Scenario {
            source_seed: "large:1000000",
            name: "1,000,000 values (large seed), raw, every data set and facility, 2024",
            data_sets: all,
            aggregation: None,
        }];
    }
    for scenario in &scenarios {
        measure(scenario).await?;
    }
    Ok(())
}
