//! `aggsync mapping auto` end to end: the built binary against a demo source holding a rule and a
//! direct destination, and a `demo-remapped` destination (the demo's metadata under other UIDs,
//! a few items matching only by name or not at all). What it stores is read back from the
//! source's dataStore and checked against the destination's API.

mod common;

use anyhow::Result;
use common::*;
use dhis2_lite::Seed;
use serde_json::Value;

/// `mapping auto` for [`DESTINATION_ID`] as the admin, with `more` arguments.
async fn auto_map(pair: &Pair, secrets: &std::path::Path, more: &[&str]) -> Result<Ran> {
    let url = pair.source.url();
    let mut args = vec![
        "mapping",
        "auto",
        "--instance",
        url.as_str(),
        "--user",
        ADMIN.0,
        "--destination",
        DESTINATION_ID,
        "--destination-secrets",
        secrets.to_str().unwrap_or_default(),
    ];
    args.extend_from_slice(more);
    aggsync(&args, &[("AGGSYNC_PASSWORD", ADMIN.1)]).await
}

/// The destination's id of the data element with `code`.
async fn destination_element(pair: &Pair, code: &str) -> Result<String> {
    let found = pair
        .destination
        .get(&format!("dataElements?filter=code:eq:{code}&fields=id"))
        .await?;
    Ok(found["dataElements"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned())
}

/// The source's id of the data element with `code`.
async fn source_element(pair: &Pair, code: &str) -> Result<String> {
    let found = pair
        .source
        .get(&format!("dataElements?filter=code:eq:{code}&fields=id"))
        .await?;
    Ok(found["dataElements"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_map_stores_what_matched_lists_what_did_not_and_keeps_hand_settings() -> Result<()> {
    let pair = Pair {
        source: Lite::start(Seed::Demo, "2.41").await?,
        destination: Lite::start(Seed::DemoRemapped, "2.41").await?,
    };
    let rule = small_rule(&pair, "rUleMapped1", "To the remapped instance", None).await?;
    save_rule(&pair.source, &rule).await?;
    save_direct_destination(&pair.source, &pair.destination.url()).await?;
    let dir = tempfile::tempdir()?;
    let secrets = secrets_file(dir.path())?;

    let ran = auto_map(&pair, &secrets, &[]).await?;
    // One element of the data set matches nothing: exit 1, and it is listed.
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    let out = &ran.lines[0];
    assert_eq!(out["scope"], "rules");
    assert_eq!(out["complete"], false);
    let unmatched = source_element(&pair, "CH_WAIT_TIME").await?;
    let unmapped = out["unmapped"].as_array().cloned().unwrap_or_default();
    assert!(
        unmapped
            .iter()
            .any(|item| item["kind"] == "dataElement" && item["id"] == unmatched.as_str()),
        "{out}"
    );
    assert!(out["matched"]["CODE"].as_u64().unwrap_or(0) > 0, "{out}");
    assert!(out["matched"]["NAME"].as_u64().unwrap_or(0) > 0, "{out}");

    // Stored in the source's namespace: an element matched by code, one by name only.
    let stored = pair
        .source
        .get(&format!(
            "dataStore/aggregate-sync/mapping-{DESTINATION_ID}"
        ))
        .await?;
    let element = |code: &'static str| {
        let pair = &pair;
        async move { source_element(pair, code).await }
    };
    let anc = element("CH_ACT_STOCKOUT").await?;
    assert_eq!(
        stored["dataElements"][&anc]["target"]["by"], "NAME",
        "{stored}"
    );
    assert_eq!(
        stored["dataElements"][&anc]["target"]["id"],
        destination_element(&pair, "CH_ACT_STOCKOUT_DAYS")
            .await?
            .as_str()
    );
    let by_code = rule
        .selection
        .data_sets
        .first()
        .map(|set| set.id.clone())
        .unwrap_or_default();
    assert!(!by_code.is_empty());
    let mapped_by_code = stored["dataElements"]
        .as_object()
        .map(|elements| {
            elements
                .values()
                .filter(|element| element["target"]["by"] == "CODE")
                .count()
        })
        .unwrap_or(0);
    assert!(mapped_by_code > 3, "{stored}");

    // A person excludes the unmatched element: a second auto-map keeps it and lists it no more.
    let mut edited: Value = stored.clone();
    edited["dataElements"][&unmatched] = serde_json::json!({"target": {"to": "excluded"}});
    let (status, text) = pair
        .source
        .send(
            reqwest::Method::PUT,
            &format!("dataStore/aggregate-sync/mapping-{DESTINATION_ID}"),
            &edited,
        )
        .await?;
    assert_eq!(status, 200, "{text}");
    let again = auto_map(&pair, &secrets, &[]).await?;
    let out = &again.lines[0];
    assert!(out["kept"].as_u64().unwrap_or(0) >= 1, "{out}");
    let unmapped = out["unmapped"].as_array().cloned().unwrap_or_default();
    assert!(
        !unmapped.iter().any(|item| item["id"] == unmatched.as_str()),
        "{out}"
    );
    let stored = pair
        .source
        .get(&format!(
            "dataStore/aggregate-sync/mapping-{DESTINATION_ID}"
        ))
        .await?;
    assert_eq!(
        stored["dataElements"][&unmatched]["target"]["to"],
        "excluded"
    );
    Ok(())
}

#[tokio::test]
async fn unknown_criteria_are_a_usage_error() -> Result<()> {
    let ran = aggsync(
        &[
            "mapping",
            "auto",
            "--instance",
            "http://127.0.0.1:9",
            "--destination",
            "x",
            "--by",
            "id,colour",
        ],
        &[],
    )
    .await?;
    assert_eq!(ran.code, Some(2));
    assert!(ran.stderr.contains("colour"), "{}", ran.stderr);
    Ok(())
}
