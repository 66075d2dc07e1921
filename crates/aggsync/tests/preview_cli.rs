//! `aggsync run --preview`: the built binary against dhis2-lite instances started by the test.
//! It prints what a run would change at the destination as JSON, exits 0 and writes nothing;
//! the run that follows does what it said.

mod common;

use common::*;
use reqwest::Method;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn preview_prints_the_counts_writes_nothing_and_the_run_does_what_it_said()
-> anyhow::Result<()> {
    let pair = Pair::start("2.41").await?;
    let rule = small_rule(&pair, "rUlePrevw01", "Previewed", None).await?;
    save_rule(&pair.source, &rule).await?;
    save_direct_destination(&pair.source, &pair.destination.url()).await?;
    let dir = tempfile::tempdir()?;
    let secrets = secrets_file(dir.path())?;
    let secrets = secrets.to_str().unwrap_or_default().to_string();
    // Half of the source's values are at the destination already, as they are.
    let data_set = &rule.selection.data_sets[0].id;
    let units: String = rule
        .org_units
        .iter()
        .map(|u| format!("&orgUnit={u}"))
        .collect();
    let query =
        format!("dataValueSets?dataSet={data_set}&startDate=2024-01-01&endDate=2024-01-31{units}");
    let source = pair.source.get(&query).await?;
    let values = source["dataValues"].as_array().cloned().unwrap_or_default();
    let half = values.len() / 2;
    assert!(half > 0);
    let (status, text) = pair
        .destination
        .send(
            Method::POST,
            "dataValueSets",
            &json!({ "dataValues": values[..half] }),
        )
        .await?;
    assert_eq!(status, 200, "{text}");
    let keys_before = keys(&pair.source).await?;
    let destination_before = pair.destination.get(&query).await?;

    let ran = run_as_admin(
        &pair.source,
        &[
            "--preview",
            "--rule",
            &rule.id,
            "--destination-secrets",
            &secrets,
        ],
    )
    .await?;
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    assert_eq!(ran.lines.len(), 1, "{}", ran.stderr);
    let line = &ran.lines[0];
    assert_eq!(line["rule"], rule.id);
    let totals = &line["preview"]["totals"];
    assert_eq!(totals["new"], (values.len() - half) as u64, "{line}");
    assert_eq!(totals["unchanged"], half as u64, "{line}");
    assert_eq!(totals["changed"], 0, "{line}");
    assert_eq!(totals["deleted"], 0, "{line}");
    let elements = line["preview"]["dataElements"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(!elements.is_empty());
    assert!(elements.iter().all(|e| e["name"].is_string()), "{line}");
    // Nothing written: no value, no report, no lock, no record on the rule.
    assert_eq!(pair.destination.get(&query).await?, destination_before);
    assert_eq!(keys(&pair.source).await?, keys_before);
    assert!(reports_of(&pair.source, &rule.id).await?.is_empty());
    assert!(stored_rule(&pair.source, &rule.id).await?["lastRun"].is_null());

    // The run does what the preview said.
    let ran = run_as_admin(
        &pair.source,
        &["--rule", &rule.id, "--destination-secrets", &secrets],
    )
    .await?;
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    let run = &ran.lines[0];
    assert_eq!(run["imported"], totals["new"], "{run}");
    assert_eq!(run["ignored"], totals["unchanged"], "{run}");
    assert_eq!(run["updated"], 0, "{run}");
    Ok(())
}
