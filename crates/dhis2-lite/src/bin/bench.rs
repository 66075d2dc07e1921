//! `dhis2-lite-bench [VALUES] [VERSION]`: seeds `large:VALUES` (default 1,000,000), then measures
//! export (GET /api/dataValueSets) and import (POST into an empty instance, then an identical
//! re-import) over HTTP, printing values per second. Run it with `--profile release-native`.

use std::time::Instant;

use anyhow::Context;
use dhis2_lite::{Seed, ServerConfig};

mod url {
    /// The query pairs of a URL.
    pub fn form_urlencoded_pairs(url: &str) -> Vec<(String, String)> {
        let query = url
            .split_once('?')
            .map(|(_, query)| query)
            .unwrap_or_default();
        form_urlencoded::parse(query.as_bytes())
            .map(|(key, value)| (key.into_owned(), value.into_owned()))
            .collect()
    }
}

/// CPU seconds (user + system) used by this process so far, from `/proc/self/stat` (0 when
/// unavailable). The machine running the benchmark may be busy; CPU time shows the cost anyway.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    let after_name = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest)
        .unwrap_or_default();
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks = |index: usize| {
        fields
            .get(index)
            .and_then(|field| field.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // Fields 14 and 15 of stat (utime, stime) are at 11 and 12 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

fn temp_dir(label: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!(
        "dhis2-lite-bench-{label}-{}",
        dhis2_lite::uid::random_uid()
    ))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut arguments = std::env::args().skip(1);
    let values: u64 = arguments
        .next()
        .map(|text| text.replace('_', "").parse())
        .transpose()?
        .unwrap_or(1_000_000);
    let version = arguments.next().unwrap_or_else(|| "2.41".into());

    let source_dir = temp_dir("source");
    let mut source_config = ServerConfig::new(&source_dir);
    source_config.port = 0;
    source_config.seed = Seed::Large(values);
    source_config.version = version.parse()?;
    let started = Instant::now();
    let cpu_started = cpu_seconds();
    let (_, prepared) = dhis2_lite::open_state(&source_config)?;
    println!(
        "seed large:{values}: {} values in {:.2}s ({:.0} values/s; {:.2} CPU s)",
        prepared.values,
        started.elapsed().as_secs_f64(),
        prepared.values as f64 / started.elapsed().as_secs_f64(),
        cpu_seconds() - cpu_started
    );
    let source = dhis2_lite::start(source_config).await?;

    let destination_dir = temp_dir("destination");
    let mut destination_config = ServerConfig::new(&destination_dir);
    destination_config.port = 0;
    destination_config.seed = Seed::Empty;
    destination_config.version = version.parse()?;
    let destination = dhis2_lite::start(destination_config).await?;

    let client = reqwest::Client::new();
    let data_sets = [
        "LALwMYuekxm",
        "yISuoMMbHV0",
        "IEcXHQhH5Y3",
        "KJVtlrjZAJ9",
        "aPf4S6h5uY5",
    ];
    let mut query = String::new();
    for data_set in data_sets {
        query.push_str(&format!("dataSet={data_set}&"));
    }
    let root = "YvySsxS3AuC";
    let url = format!(
        "{}/api/dataValueSets?{query}startDate=1970-01-01&endDate=2100-12-31&orgUnit={root}&children=true",
        source.base_url()
    );
    {
        let (state, _) = dhis2_lite::open_state(&{
            let mut config = ServerConfig::new(&source_dir);
            config.version = version.parse()?;
            config
        })?;
        let connection = state
            .database
            .lock()
            .map_err(|_| anyhow::anyhow!("lock poisoned"))?;
        let admin = dhis2_lite::users::find_user(&connection, "admin")?.context("admin exists")?;
        let params = dhis2_lite::api::QueryParams {
            pairs: url::form_urlencoded_pairs(&url),
        };
        let started = Instant::now();
        let cpu_started = cpu_seconds();
        let options = dhis2_lite::api::data_value_sets::export_options(
            &params,
            dhis2_lite::data_values::export::ExportFormat::Json,
            state.clock.now_millis(),
        );
        let exported = dhis2_lite::data_values::export::export(
            &connection,
            &state.metadata().catalog,
            &state.behaviour,
            &admin,
            &options,
        )
        .map_err(|error| anyhow::anyhow!("{error}"))?;
        let seconds = started.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu_started;
        println!(
            "export engine (no HTTP): {} values in {seconds:.2}s ({:.0} values/s; {cpu:.2} CPU s, {:.0} values per CPU s)",
            exported.values,
            exported.values as f64 / seconds,
            exported.values as f64 / cpu.max(0.01)
        );
    }
    let started = Instant::now();
    let cpu_started = cpu_seconds();
    let body = client
        .get(&url)
        .basic_auth("admin", Some("district"))
        .send()
        .await?
        .bytes()
        .await?;
    let export_seconds = started.elapsed().as_secs_f64();
    let export_cpu = cpu_seconds() - cpu_started;
    let parsed: serde_json::Value = serde_json::from_slice(&body).context("export is JSON")?;
    let exported = parsed["dataValues"].as_array().map_or(0, Vec::len);
    println!(
        "export over HTTP: {exported} values, {:.1} MB in {export_seconds:.2}s ({:.0} values/s; {export_cpu:.2} CPU s incl. client, {:.0} values per CPU s)",
        body.len() as f64 / 1e6,
        exported as f64 / export_seconds,
        exported as f64 / export_cpu.max(0.01)
    );

    let import_url = format!("{}/api/dataValueSets", destination.base_url());
    for label in ["import (new values)", "re-import (identical values)"] {
        let started = Instant::now();
        let cpu_started = cpu_seconds();
        let response = client
            .post(&import_url)
            .basic_auth("admin", Some("district"))
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .await?;
        let status = response.status();
        let summary: serde_json::Value = serde_json::from_slice(&response.bytes().await?)?;
        let seconds = started.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu_started;
        let count = &summary["response"]["importCount"];
        println!(
            "{label}: HTTP {status}, {count} in {seconds:.2}s ({:.0} values/s; {cpu:.2} CPU s incl. client, {:.0} values per CPU s)",
            exported as f64 / seconds,
            exported as f64 / cpu.max(0.01)
        );
    }
    source.shutdown().await;
    destination.shutdown().await;
    let _ = std::fs::remove_dir_all(source_dir);
    let _ = std::fs::remove_dir_all(destination_dir);
    Ok(())
}
