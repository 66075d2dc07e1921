//! "Import from MetaData Sync" against dhis2-lite: its namespace filled with fixtures written
//! from the reference's format (`peers.md` §4), a route it uses, then the plan read and written;
//! MetaData Sync's keys unchanged.

mod common;

use anyhow::Result;
use common::*;
use serde_json::{Value, json};
use sync_core::mapping::Target;
use sync_core::model::{
    Aggregation, DestinationKind, PeriodSelection, RouteScope, Rule, Schedule, load_value,
};
use sync_engine::metadata_sync::{MetadataSyncError, read_plan, write_plan};

const NS: &str = "metadata-synchronization";

async fn put_key(lite: &Lite, key: &str, value: Value) -> Result<()> {
    let (status, text) = lite
        .send(
            reqwest::Method::POST,
            &format!("dataStore/{NS}/{key}"),
            &value,
        )
        .await?;
    anyhow::ensure!(status == 201, "{key}: {status} {text}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metadata_sync_rules_instances_and_mappings_become_ours_once_confirmed() -> Result<()> {
    let pair = Pair::start("2.41").await?;
    let client = pair.source.client();
    assert_eq!(
        read_plan(&client, || 0.5).await.unwrap_err(),
        MetadataSyncError::NotFound
    );

    pair.add_route(RouteScope::Server).await?;
    let data_set = pair.data_set("Child Health Monthly").await?;
    let sets = pair
        .source
        .get(&format!(
            "dataSets/{data_set}?fields=dataSetElements[dataElement[id]]"
        ))
        .await?;
    let first_element = sets["dataSetElements"][0]["dataElement"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let roots = pair
        .source
        .get("organisationUnits?filter=level:eq:1&fields=id")
        .await?;
    let root = roots["organisationUnits"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();

    put_key(&pair.source, "config", json!({"version": 7})).await?;
    put_key(
        &pair.source,
        "instances",
        json!([{"id": ROUTE_ID}, {"id": "OldInstance", "name": "Donor", "type": "dhis",
                "url": "https://donor.example.org/", "version": "2.37"}]),
    )
    .await?;
    put_key(
        &pair.source,
        "rules",
        json!([
            { "id": "Qa1b2C3d4E5", "name": "Child health to national", "code": "CH_NAT",
              "type": "aggregated", "targetInstances": [ROUTE_ID, "OldInstance"],
              "enabled": false, "frequency": "0 0 2 ? * *",
              "publicAccess": "rw------", "userAccesses": [], "userGroupAccesses": [] },
            { "id": "Ev1b2C3d4E5", "name": "Events", "type": "events", "targetInstances": [ROUTE_ID] }
        ]),
    )
    .await?;
    put_key(
        &pair.source,
        "rules-Qa1b2C3d4E5",
        json!({ "builder": {
            "originInstance": "LOCAL", "targetInstances": [ROUTE_ID, "OldInstance"],
            "metadataIds": [data_set, "notAnything"], "excludedIds": [first_element],
            "dataParams": { "orgUnitPaths": [format!("/{root}")], "period": "LAST_MONTH",
                "allAttributeCategoryOptions": true, "strategy": "NEW_AND_UPDATES",
                "dryRun": false, "enableAggregation": true, "aggregationType": "QUARTERLY" } } }),
    )
    .await?;
    put_key(
        &pair.source,
        "mappings",
        json!([{"id": "MapUid00001", "owner": {"type": "instance", "id": ROUTE_ID}}]),
    )
    .await?;
    put_key(
        &pair.source,
        "mappings-MapUid00001",
        json!({"mappingDictionary": {
            "aggregatedDataElements": { first_element.clone(): { "mappedId": "DISABLED" } },
            "organisationUnits": { root.clone(): { "mappedId": "/destRoot001" } } }}),
    )
    .await?;
    let before = pair.source.get(&format!("dataStore/{NS}/rules")).await?;

    let mut draw = 0.0_f64;
    let plan = read_plan(&client, move || {
        draw = (draw + 0.618_034) % 1.0;
        draw
    })
    .await?;
    assert_eq!(plan.instances.len(), 2);
    let route = &plan.instances[0];
    assert!(matches!(
        route.destination.kind,
        DestinationKind::Route { ref route_id, scope: RouteScope::Server } if route_id == ROUTE_ID
    ));
    assert!(
        route.notes.iter().any(|note| note.contains("narrow")),
        "{:?}",
        route.notes
    );
    let old = &plan.instances[1];
    assert!(matches!(
        old.destination.kind,
        DestinationKind::Direct { .. }
    ));
    assert_eq!(old.destination.url, "https://donor.example.org");
    assert!(old.notes[0].contains("password"), "{:?}", old.notes);

    let imported = &plan.rules[0];
    assert_eq!(imported.rules.len(), 2, "{imported:?}");
    let rule = &imported.rules[0];
    assert_eq!(rule.destination_id, route.destination.id);
    assert_eq!(rule.selection.data_sets[0].id, data_set);
    assert_eq!(
        rule.selection.data_sets[0].excluded_data_elements,
        vec![first_element.clone()]
    );
    assert_eq!(rule.org_units, vec![root.clone()]);
    assert_eq!(
        rule.period,
        PeriodSelection::Relative {
            relative_period: "LAST_MONTH".into()
        }
    );
    assert!(matches!(rule.aggregation, Aggregation::On { .. }));
    assert_eq!(
        rule.schedule,
        Some(Schedule {
            cron: "0 2 * * *".into(),
            paused: true,
            notify: None
        })
    );
    assert!(
        imported
            .not_carried
            .iter()
            .any(|line| line.contains("notAnything"))
    );
    assert!(plan.rules[1].rules.is_empty());

    // Nothing written by reading.
    let keys = pair.source.get("dataStore/aggregate-sync").await;
    assert!(keys.is_err() || keys?.as_array().is_none_or(Vec::is_empty));

    let written = write_plan(&client, &plan).await?;
    assert_eq!(
        (written.rules, written.destinations, written.mappings),
        (2, 2, 1)
    );
    let stored = pair
        .source
        .get(&format!("dataStore/aggregate-sync/rule-{}", rule.id))
        .await?;
    let stored: Rule = load_value(stored)?.value;
    assert_eq!(&stored, rule);
    let mapping = pair
        .source
        .get(&format!(
            "dataStore/aggregate-sync/mapping-{}",
            route.destination.id
        ))
        .await?;
    let mapping: sync_core::mapping::Mapping = load_value(mapping)?.value;
    assert_eq!(
        mapping.data_elements[&first_element].target,
        Target::Excluded
    );
    assert_eq!(mapping.org_units[&root], Target::by_hand("destRoot001"));
    // MetaData Sync's own keys are as they were.
    assert_eq!(
        pair.source.get(&format!("dataStore/{NS}/rules")).await?,
        before
    );
    Ok(())
}
