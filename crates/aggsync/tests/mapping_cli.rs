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

/// The id of the data element with `code` on `lite`.
async fn element_with_code(lite: &Lite, code: &str) -> Result<String> {
    let found = lite
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
    let unmatched = element_with_code(&pair.source, "CH_WAIT_TIME").await?;
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
    let anc = element_with_code(&pair.source, "CH_ACT_STOCKOUT").await?;
    assert_eq!(
        stored["dataElements"][&anc]["target"]["by"], "NAME",
        "{stored}"
    );
    assert_eq!(
        stored["dataElements"][&anc]["target"]["id"],
        element_with_code(&pair.destination, "CH_ACT_STOCKOUT_DAYS")
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_applies_the_stored_mapping_headless() -> Result<()> {
    let pair = Pair {
        source: Lite::start(Seed::Demo, "2.41").await?,
        destination: Lite::start(Seed::DemoRemapped, "2.41").await?,
    };
    let rule = small_rule(&pair, "rUleMapped2", "Mapped headless", None).await?;
    save_rule(&pair.source, &rule).await?;
    save_direct_destination(&pair.source, &pair.destination.url()).await?;
    let dir = tempfile::tempdir()?;
    let secrets = secrets_file(dir.path())?;
    // Auto-mapped and stored; one element stays unmapped (exit 1).
    let mapped = auto_map(&pair, &secrets, &[]).await?;
    assert_eq!(mapped.code, Some(1), "{}", mapped.stderr);

    let ran = run_as_admin(
        &pair.source,
        &[
            "--rule",
            &rule.id,
            "--destination-secrets",
            secrets.to_str().unwrap_or_default(),
        ],
    )
    .await?;
    // The unmapped element's values are not sent: WARNING, exit 1.
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    let line = &ran.lines[0];
    assert_eq!(line["status"], "WARNING", "{line}");
    let report_id = line["reportId"].as_str().unwrap_or_default();
    let stored_report = report(&pair.source, report_id).await?;
    let unmatched = element_with_code(&pair.source, "CH_WAIT_TIME").await?;
    let left_behind = stored_report["leftBehind"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        left_behind
            .iter()
            .any(|item| item["value"]["dataElement"] == unmatched.as_str()
                && item["reason"]
                    .as_str()
                    .unwrap_or_default()
                    .contains("is not mapped for this destination")),
        "{stored_report}"
    );

    // Every source value whose element and org unit the mapping maps (default combos) landed on
    // the mapped ids, with its value.
    let mapping = pair
        .source
        .get(&format!(
            "dataStore/aggregate-sync/mapping-{DESTINATION_ID}"
        ))
        .await?;
    let source_values = pair
        .values(
            &pair.source,
            &rule.selection.data_sets[0].id,
            &rule.org_units,
            "2024-01-01",
            "2024-01-31",
        )
        .await?;
    let mapped_id = |kind: &str, id: &str| {
        let target = match kind {
            "dataElements" => &mapping[kind][id]["target"],
            _ => &mapping[kind][id],
        };
        (target["to"] == "mapped")
            .then(|| target["id"].as_str().map(str::to_owned))
            .flatten()
    };
    let default = "HllvX50cXC0";
    let mut expected = std::collections::BTreeMap::new();
    for (key, value) in &source_values {
        let (Some(element), Some(unit)) = (
            mapped_id("dataElements", &key.0),
            mapped_id("orgUnits", &key.2),
        ) else {
            continue;
        };
        if key.3 == default && key.4 == default {
            expected.insert(
                (element, key.1.clone(), unit, key.3.clone(), key.4.clone()),
                value.clone(),
            );
        }
    }
    assert!(!expected.is_empty(), "{mapping}");
    let destination_set = pair
        .destination
        .get("dataSets?filter=code:eq:DS_CHILD_HEALTH&fields=id")
        .await?;
    let units: std::collections::BTreeSet<&String> = expected.keys().map(|key| &key.2).collect();
    let landed = engine_values(
        &pair
            .destination
            .get(&format!(
                "dataValueSets?dataSet={}&startDate=2024-01-01&endDate=2024-01-31{}",
                destination_set["dataSets"][0]["id"]
                    .as_str()
                    .unwrap_or_default(),
                units
                    .iter()
                    .map(|unit| format!("&orgUnit={unit}"))
                    .collect::<String>()
            ))
            .await?,
    );
    for (key, value) in &expected {
        assert_eq!(landed.get(key), Some(value), "{key:?}");
    }
    assert!(line["imported"].as_u64().unwrap_or(0) >= expected.len() as u64);
    Ok(())
}

/// A `dataValueSets` answer's values by key.
fn engine_values(
    set: &Value,
) -> std::collections::BTreeMap<(String, String, String, String, String), String> {
    set["dataValues"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|value| {
            let text = |name: &str| value[name].as_str().unwrap_or_default().to_owned();
            (
                (
                    text("dataElement"),
                    text("period"),
                    text("orgUnit"),
                    text("categoryOptionCombo"),
                    text("attributeOptionCombo"),
                ),
                text("value"),
            )
        })
        .collect()
}
