//! Figures, not assertions: the app's first load on a slow link, as in the districts where it is
//! used. Headless Chromium, logged in, cold cache, the network throttled through CDP to 1.6 Mbit/s
//! down, 750 kbit/s up and 150 ms round trip, the CPU slowed down 4x; the time from navigation
//! start to the first meaningful render: the user's name in the header bar AND the first data set
//! row in the list. The app's files come gzipped as a production web server sends them (dhis2-lite
//! compresses them). Also prints each request of the load (start, end, bytes on the wire) so that
//! a waterfall of sequential requests shows. Ignored by default; run it with the release build on
//! a quiet machine (README.md, Testing):
//!
//! `scripts/build-app.sh && cargo test -p aggregate-sync --test e2e first_load -- --ignored --nocapture --test-threads=1`
//!
//! `AGGSYNC_FIRST_LOAD_RUNS` (default 3) loads the app that many times, each on a cold cache, and
//! prints every run and the median.

use anyhow::{Context, Result};
use serde_json::{Value, json};

use crate::harness::{Browser, Instance, InstanceOptions, WAIT, eventually_polling, with_app};

/// 1.6 Mbit/s and 750 kbit/s in bytes per second (CDP's unit).
const DOWNLOAD_BYTES_PER_SECOND: f64 = 1_600_000.0 / 8.0;
const UPLOAD_BYTES_PER_SECOND: f64 = 750_000.0 / 8.0;
const ROUND_TRIP_MS: f64 = 150.0;
const CPU_SLOWDOWN: f64 = 4.0;

/// Runs in every new document before the page's own scripts: records `performance.now()` (ms
/// since navigation start) when the user's name and a data set row are both in the DOM. A
/// MutationObserver sees the DOM change as it happens, where polling through WebDriver would add
/// its own round trips to the figure.
const FIRST_RENDER_PROBE: &str = r#"(() => {
  const rendered = () => {
    const user = document.querySelector("[data-test='headerbar-user']");
    const row = document.querySelector("[data-test='data-set-name']");
    return user !== null && user.textContent.trim() !== "" && row !== null;
  };
  const observer = new MutationObserver(() => {
    if (window.__aggsyncFirstRender === undefined && rendered()) {
      window.__aggsyncFirstRender = performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
})();"#;

/// Each request of the page: name, start and end (ms since navigation start) and bytes
/// transferred (headers and the encoded body).
const REQUESTS: &str = r#"return performance.getEntriesByType("resource").map((entry) => ({
  name: entry.name, start: entry.startTime, end: entry.responseEnd,
  transferred: entry.transferSize, decoded: entry.decodedBodySize,
}));"#;

#[tokio::test]
#[ignore = "a measurement: prints the first load's time on a throttled link"]
async fn first_load_on_a_slow_link() -> Result<()> {
    let runs: usize = std::env::var("AGGSYNC_FIRST_LOAD_RUNS")
        .ok()
        .and_then(|runs| runs.parse().ok())
        .unwrap_or(3)
        .max(1);
    let instance = Instance::start(InstanceOptions::default()).await?;
    with_app(instance, async |browser, instance| {
        browser
            .log_in(&instance.base_url(), "admin", "district")
            .await?;
        throttle(&browser).await?;
        browser
            .cdp(
                "Page.addScriptToEvaluateOnNewDocument",
                json!({ "source": FIRST_RENDER_PROBE }),
            )
            .await?;
        let mut times = Vec::new();
        for run in 1..=runs {
            browser.goto("about:blank").await?;
            browser.cdp("Network.clearBrowserCache", json!({})).await?;
            browser.goto(&instance.app_url()).await?;
            let ms = first_render_ms(&browser).await?;
            println!("first load, run {run}: {:.0} ms to the user's name and the data set list", ms);
            print_requests(&browser).await?;
            times.push(ms);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "first load: median {:.0} ms of {runs} runs (1.6 Mbit/s down, 750 kbit/s up, 150 ms RTT, 4x CPU slowdown, cold cache)",
            times[times.len() / 2]
        );
        Ok(())
    })
    .await
}

/// Throttles the network and the CPU of the browser's page (CDP, for the rest of the session).
async fn throttle(browser: &Browser) -> Result<()> {
    browser.cdp("Network.enable", json!({})).await?;
    browser
        .cdp(
            "Network.emulateNetworkConditions",
            json!({
                "offline": false,
                "latency": ROUND_TRIP_MS,
                "downloadThroughput": DOWNLOAD_BYTES_PER_SECOND,
                "uploadThroughput": UPLOAD_BYTES_PER_SECOND,
            }),
        )
        .await
        .context("throttling the network")?;
    browser
        .cdp(
            "Emulation.setCPUThrottlingRate",
            json!({ "rate": CPU_SLOWDOWN }),
        )
        .await
        .context("slowing down the CPU")?;
    Ok(())
}

/// Waits for the probe's figure (ms since navigation start).
async fn first_render_ms(browser: &Browser) -> Result<f64> {
    eventually_polling(
        "the user's name and the data set list",
        WAIT,
        std::time::Duration::from_millis(200),
        async || {
            let value = browser
                .client()
                .execute("return window.__aggsyncFirstRender ?? null;", vec![])
                .await?;
            Ok(value.as_f64())
        },
    )
    .await
}

async fn print_requests(browser: &Browser) -> Result<()> {
    let requests = browser.client().execute(REQUESTS, vec![]).await?;
    for request in requests.as_array().into_iter().flatten() {
        let name = request["name"].as_str().unwrap_or_default();
        let short = name.split("/api/").last().unwrap_or(name);
        let short: String = short.chars().take(90).collect();
        println!(
            "  {:>6.0} -> {:>6.0} ms {:>9} B (decoded {:>9} B)  {short}",
            request["start"].as_f64().unwrap_or_default(),
            request["end"].as_f64().unwrap_or_default(),
            number(&request["transferred"]),
            number(&request["decoded"]),
        );
    }
    Ok(())
}

fn number(value: &Value) -> u64 {
    value.as_f64().unwrap_or_default() as u64
}
