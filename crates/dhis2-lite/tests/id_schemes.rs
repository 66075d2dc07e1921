//! Reference §5.2: the import id schemes of `POST /api/dataValueSets` (`idScheme`,
//! `dataElementIdScheme`, `orgUnitIdScheme`, `categoryOptionComboIdScheme` — also for attribute
//! option combos —, `dataSetIdScheme`) with `UID`, `CODE`, `NAME` and `ATTRIBUTE:<uid>`: specific
//! over general, payload over URL, unknown identifiers as the rules' conflicts, on every version.
#![allow(clippy::unwrap_used)]

mod common;

use axum::http::{Method, StatusCode};
use common::{TestServer, all_versions};
use dhis2_lite::Seed;
use serde_json::{Value, json};

/// The attribute the tests give values to (an 11-character UID).
const LEGACY_ID: &str = "LegacyIdAt1";

/// The demo objects the tests identify in every scheme.
struct Demo {
    bcg: String,
    facility: String,
    facility_code: String,
    facility_name: String,
    male: String,
    hiv_tests: String,
    government: String,
    child_health: String,
}

fn demo(server: &TestServer) -> Demo {
    let metadata = server.state.metadata();
    let catalog = &metadata.catalog;
    let element = |code: &str| {
        catalog
            .data_elements
            .iter()
            .find(|element| element.code.as_deref() == Some(code))
            .unwrap()
            .uid
            .clone()
    };
    let combo = |code: &str| {
        catalog
            .category_option_combos
            .iter()
            .find(|combo| combo.code.as_deref() == Some(code))
            .unwrap()
            .uid
            .clone()
    };
    let facility = catalog
        .org_units
        .iter()
        .find(|unit| unit.level == 5)
        .unwrap();
    Demo {
        bcg: element("CH_BCG"),
        facility: facility.uid.clone(),
        facility_code: facility.code.clone().unwrap(),
        facility_name: facility.name.clone(),
        male: combo("SEX_MALE"),
        hiv_tests: element("HIV_TESTS"),
        government: combo("FUNDING_FUND_GOV"),
        child_health: catalog
            .data_sets
            .iter()
            .find(|data_set| data_set.code.as_deref() == Some("DS_CHILD_HEALTH"))
            .unwrap()
            .uid
            .clone(),
    }
}

fn summary(reply: &common::Reply) -> Value {
    let body = reply.json();
    if body.get("responseType").is_some() {
        body
    } else {
        body["response"].clone()
    }
}

fn imported(reply: &common::Reply) -> u64 {
    summary(reply)["importCount"]["imported"].as_u64().unwrap()
}

/// Asserts the summary's one conflict: `code` and `objects[kind] == id` from 2.37, the legacy
/// `object == id` in 2.36.
fn assert_conflict(version: &str, reply: &common::Reply, code: &str, kind: &str, id: &str) {
    let summary = summary(reply);
    let conflicts = summary["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{version}: {summary}");
    let conflict = &conflicts[0];
    assert_eq!(conflict["object"], id, "{version}: {conflict}");
    if version == "2.36" {
        assert!(conflict.get("errorCode").is_none(), "{conflict}");
    } else {
        assert_eq!(conflict["errorCode"], code, "{version}: {conflict}");
        assert_eq!(conflict["objects"][kind], id, "{version}: {conflict}");
    }
    assert_eq!(summary["importCount"]["ignored"], 1, "{version}: {summary}");
}

async fn post(server: &TestServer, query: &str, body: Value) -> common::Reply {
    server
        .post_json(&format!("/api/dataValueSets{query}"), &body)
        .await
}

/// The stored value of one key, read back by UIDs.
async fn stored(server: &TestServer, demo: &Demo, period: &str, element: &str) -> Vec<Value> {
    let body = server
        .get(&format!(
            "/api/dataValueSets?dataSet={}&period={period}&orgUnit={}",
            demo.child_health, demo.facility
        ))
        .await
        .json();
    body["dataValues"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|value| value["dataElement"] == element)
        .collect()
}

/// GET the object, let `change` edit it, PUT it back (as an administrator edits metadata).
async fn update(server: &TestServer, collection: &str, id: &str, change: impl FnOnce(&mut Value)) {
    let mut object = server.get(&format!("/api/{collection}/{id}")).await.json();
    change(&mut object);
    let reply = server
        .call(
            Method::PUT,
            &format!("/api/{collection}/{id}"),
            Some(("application/json", object.to_string().into_bytes())),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
}

#[tokio::test]
async fn s5_2_code_and_name_schemes_resolve_every_kind_per_version() {
    for version in all_versions() {
        let version = version.as_str();
        let server = TestServer::new(version, Seed::Empty);
        let demo = demo(&server);

        // The general scheme for everything: codes, the attribute option combo included.
        let by_code = post(
            &server,
            "?idScheme=CODE",
            json!({"dataValues": [
                {"dataElement": "CH_BCG", "period": "202401", "orgUnit": demo.facility_code,
                 "categoryOptionCombo": "SEX_MALE", "attributeOptionCombo": "default", "value": "7"},
            ]}),
        )
        .await;
        assert_eq!(imported(&by_code), 1, "{version}: {}", by_code.text());
        let values = stored(&server, &demo, "202401", &demo.bcg).await;
        assert_eq!(values.len(), 1, "{version}");
        assert_eq!(values[0]["categoryOptionCombo"], demo.male.as_str());
        assert_eq!(values[0]["orgUnit"], demo.facility.as_str());
        assert_eq!(values[0]["value"], "7");

        // Specific over general: data elements by code, the rest by name.
        let mixed = post(
            &server,
            "?idScheme=NAME&dataElementIdScheme=CODE",
            json!({"dataValues": [
                {"dataElement": "CH_BCG", "period": "202402", "orgUnit": demo.facility_name,
                 "categoryOptionCombo": "Male", "value": "8"},
            ]}),
        )
        .await;
        assert_eq!(imported(&mixed), 1, "{version}: {}", mixed.text());
        assert_eq!(
            stored(&server, &demo, "202402", &demo.bcg).await[0]["categoryOptionCombo"],
            demo.male.as_str()
        );

        // The payload's schemes win over the URL's.
        let payload_wins = post(
            &server,
            "?dataElementIdScheme=NAME&orgUnitIdScheme=NAME",
            json!({"dataElementIdScheme": "CODE", "orgUnitIdScheme": "CODE",
                "dataValues": [{"dataElement": "CH_BCG", "period": "202403", "orgUnit": demo.facility_code,
                 "categoryOptionCombo": demo.male, "value": "9"}]}),
        )
        .await;
        assert_eq!(
            imported(&payload_wins),
            1,
            "{version}: {}",
            payload_wins.text()
        );

        // Under CODE a UID is no identifier: each kind's rule refuses it.
        let uid_under_code = post(
            &server,
            "?dataElementIdScheme=CODE",
            json!({"dataValues": [{"dataElement": demo.bcg, "period": "202404", "orgUnit": demo.facility,
                "categoryOptionCombo": demo.male, "value": "1"}]}),
        )
        .await;
        assert_conflict(version, &uid_under_code, "E7610", "dataElement", &demo.bcg);
        let unit_unknown = post(
            &server,
            "?orgUnitIdScheme=CODE",
            json!({"dataValues": [{"dataElement": demo.bcg, "period": "202404", "orgUnit": "NO_SUCH_UNIT",
                "categoryOptionCombo": demo.male, "value": "1"}]}),
        )
        .await;
        assert_conflict(
            version,
            &unit_unknown,
            "E7612",
            "organisationUnit",
            "NO_SUCH_UNIT",
        );
        let combo_unknown = post(
            &server,
            "?categoryOptionComboIdScheme=CODE",
            json!({"dataValues": [{"dataElement": demo.bcg, "period": "202404", "orgUnit": demo.facility,
                "categoryOptionCombo": demo.male, "value": "1"}]}),
        )
        .await;
        assert_conflict(
            version,
            &combo_unknown,
            "E7613",
            "categoryOptionCombo",
            &demo.male,
        );

        // The attribute option combo follows categoryOptionComboIdScheme.
        let attribute = post(
            &server,
            "?categoryOptionComboIdScheme=CODE",
            json!({"dataValues": [
                {"dataElement": demo.hiv_tests, "period": "202401", "orgUnit": demo.facility,
                 "categoryOptionCombo": "AGE_SEX_AGE_0_4_MALE", "attributeOptionCombo": "FUNDING_FUND_GOV", "value": "3"},
                {"dataElement": demo.hiv_tests, "period": "202401", "orgUnit": demo.facility,
                 "categoryOptionCombo": "AGE_SEX_AGE_0_4_MALE", "attributeOptionCombo": demo.government, "value": "3"},
            ]}),
        )
        .await;
        assert_eq!(imported(&attribute), 1, "{version}: {}", attribute.text());
        let refused = &summary(&attribute)["conflicts"][0];
        assert_eq!(refused["object"], demo.government.as_str(), "{version}");
        if version != "2.36" {
            assert_eq!(refused["errorCode"], "E7615", "{version}");
        }

        // The data set of the header under dataSetIdScheme.
        let header = post(
            &server,
            "?dataSetIdScheme=CODE",
            json!({"dataSet": "DS_CHILD_HEALTH", "period": "202405", "orgUnit": demo.facility,
                "dataValues": [{"dataElement": demo.bcg, "categoryOptionCombo": demo.male, "value": "4"}]}),
        )
        .await;
        assert_eq!(imported(&header), 1, "{version}: {}", header.text());
        let unknown_set = post(
            &server,
            "?dataSetIdScheme=CODE",
            json!({"dataSet": demo.child_health, "period": "202405", "orgUnit": demo.facility,
                "dataValues": [{"dataElement": demo.bcg, "categoryOptionCombo": demo.male, "value": "4"}]}),
        )
        .await;
        assert_eq!(summary(&unknown_set)["status"], "ERROR", "{version}");
        if version != "2.36" {
            assert_eq!(
                summary(&unknown_set)["conflicts"][0]["errorCode"],
                "E7600",
                "{version}"
            );
        }
    }
}

#[tokio::test]
async fn s5_2_objects_without_a_code_and_attribute_schemes_per_version() {
    for version in all_versions() {
        let version = version.as_str();
        let server = TestServer::new(version, Seed::Empty);
        let demo = demo(&server);
        // BCG loses its code and gains a value of the attribute; the facility gets one too.
        update(&server, "dataElements", &demo.bcg, |object| {
            object.as_object_mut().unwrap().remove("code");
            object["attributeValues"] =
                json!([{"attribute": {"id": LEGACY_ID}, "value": "legacy-bcg"}]);
        })
        .await;
        update(&server, "organisationUnits", &demo.facility, |object| {
            object["attributeValues"] =
                json!([{"attribute": {"id": LEGACY_ID}, "value": "legacy-facility"}]);
        })
        .await;

        // Without a code it cannot be named under CODE, not even by its UID.
        let no_code = post(
            &server,
            "?dataElementIdScheme=CODE",
            json!({"dataValues": [{"dataElement": demo.bcg, "period": "202401", "orgUnit": demo.facility,
                "categoryOptionCombo": demo.male, "value": "1"}]}),
        )
        .await;
        assert_conflict(version, &no_code, "E7610", "dataElement", &demo.bcg);

        let by_attribute = post(
            &server,
            &format!("?dataElementIdScheme=ATTRIBUTE:{LEGACY_ID}&orgUnitIdScheme=ATTRIBUTE:{LEGACY_ID}"),
            json!({"dataValues": [{"dataElement": "legacy-bcg", "period": "202401", "orgUnit": "legacy-facility",
                "categoryOptionCombo": demo.male, "value": "5"}]}),
        )
        .await;
        assert_eq!(
            imported(&by_attribute),
            1,
            "{version}: {}",
            by_attribute.text()
        );
        assert_eq!(
            stored(&server, &demo, "202401", &demo.bcg).await[0]["value"],
            "5",
            "{version}"
        );

        // An object without a value of the attribute is not found under it.
        let no_value = post(
            &server,
            &format!("?idScheme=ATTRIBUTE:{LEGACY_ID}&orgUnitIdScheme=UID&categoryOptionComboIdScheme=UID"),
            json!({"dataValues": [{"dataElement": "CH_MEASLES", "period": "202401", "orgUnit": demo.facility,
                "categoryOptionCombo": demo.male, "value": "5"}]}),
        )
        .await;
        assert_conflict(version, &no_value, "E7610", "dataElement", "CH_MEASLES");
        let echo = &summary(&no_value)["importOptions"]["idSchemes"];
        if !echo.is_null() {
            assert_eq!(echo["idScheme"]["type"], format!("ATTRIBUTE:{LEGACY_ID}"));
            assert_eq!(echo["orgUnitIdScheme"]["type"], "UID");
        }
    }
}

/// The `demo-remapped` seed: the demo's codes name its objects (under other UIDs), the demo's
/// UIDs name nothing, the extra PERCENTAGE element is in the child health data set, and the
/// users are the demo's.
#[tokio::test]
async fn demo_remapped_seed_takes_the_demo_codes_not_its_uids() {
    let demo_server = TestServer::new("2.41", Seed::Empty);
    let remapped = TestServer::new("2.41", Seed::DemoRemapped);
    let demo = demo(&demo_server);
    let facility = {
        let metadata = remapped.state.metadata();
        metadata
            .catalog
            .org_units
            .iter()
            .find(|unit| unit.code.as_deref() == Some(demo.facility_code.as_str()))
            .unwrap()
            .clone()
    };
    assert_ne!(facility.uid, demo.facility);
    let by_code = post(
        &remapped,
        "?idScheme=CODE",
        json!({"dataValues": [
            {"dataElement": "CH_BCG", "period": "202401", "orgUnit": demo.facility_code,
             "categoryOptionCombo": "SEX_MALE", "value": "7"},
            {"dataElement": "CH_BCG", "period": "202401", "orgUnit": demo.facility_code,
             "categoryOptionCombo": "default", "attributeOptionCombo": "default", "value": "1"},
        ]}),
    )
    .await;
    assert_eq!(imported(&by_code), 2, "{}", by_code.text());
    let by_uid = post(
        &remapped,
        "",
        json!({"dataValues": [{"dataElement": demo.bcg, "period": "202401", "orgUnit": facility.uid,
            "categoryOptionCombo": "HllvX50cXC0", "value": "7"}]}),
    )
    .await;
    assert_eq!(summary(&by_uid)["conflicts"][0]["errorCode"], "E7610");
    let elements = remapped
        .get("/api/dataElements?filter=code:eq:COLD_CHAIN_FUNCTIONAL_PCT&fields=id,name,valueType,dataSetElements[dataSet[id,code]]")
        .await
        .json();
    let percentage = &elements["dataElements"][0];
    assert_eq!(percentage["name"], "Cold chain functional %");
    assert_eq!(percentage["valueType"], "PERCENTAGE");
    assert_eq!(
        percentage["dataSetElements"][0]["dataSet"]["code"],
        "DS_CHILD_HEALTH"
    );
    let me = remapped
        .get("/api/me?fields=username,organisationUnits[id]")
        .await
        .json();
    assert_eq!(me["username"], "admin");
    let root = &me["organisationUnits"][0]["id"];
    assert_ne!(
        root,
        &json!(demo_server.state.metadata().catalog.org_units[0].uid)
    );
    let values = remapped
        .get(&format!(
            "/api/dataValueSets?dataSet={}&period=202312&orgUnit={}&children=true",
            percentage["dataSetElements"][0]["dataSet"]["id"]
                .as_str()
                .unwrap(),
            root.as_str().unwrap()
        ))
        .await;
    assert_eq!(values.status, StatusCode::OK, "{}", values.text());
    assert!(
        values.json()["dataValues"]
            .as_array()
            .is_none_or(Vec::is_empty),
        "no values seeded: {}",
        values.text()
    );
}
