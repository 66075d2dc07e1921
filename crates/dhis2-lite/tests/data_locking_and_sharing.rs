//! Reference §5.5 rules 23–27 (expiry with lock exceptions, approval, data input periods), the
//! sharing rules of §4.2 (E2010, E2011) and §5.5 (E7601, E7614, E7616), version by version, set up
//! through the metadata PUT, `/api/dataApprovals` and `/api/lockExceptions` endpoints.
#![allow(clippy::unwrap_used)]

mod common;

use axum::http::{Method, StatusCode};
use common::{Reply, TestServer, all_versions};
use dhis2_lite::Seed;
use serde_json::{Value, json};

const DATA_ENTRY: (&str, &str) = ("dataentry", "District1!");

struct Ids {
    child_health: String,
    hiv: String,
    bcg: String,
    bcg_male: String,
    male_option: String,
    hiv_element: String,
    world_bank: String,
    world_bank_option: String,
    root: String,
    district: String,
    facility: String,
}

fn ids(server: &TestServer) -> Ids {
    let metadata = server.state.metadata();
    let catalog = &metadata.catalog;
    let data_set = |code: &str| {
        catalog
            .data_sets
            .iter()
            .find(|data_set| data_set.code.as_deref() == Some(code))
            .unwrap()
    };
    let bcg = catalog
        .data_elements
        .iter()
        .find(|element| element.code.as_deref() == Some("CH_BCG"))
        .unwrap();
    let bcg_male = catalog.combo_option_combos[&bcg.category_combo][0].clone();
    let world_bank = catalog
        .category_option_combos
        .iter()
        .find(|combo| combo.name == "World Bank")
        .unwrap();
    let district = catalog
        .org_units
        .iter()
        .find(|unit| unit.name == "Bo District")
        .unwrap();
    let hiv = data_set("DS_HIV");
    let facility = catalog
        .org_units
        .iter()
        .find(|unit| {
            unit.level == 5
                && unit.path.contains(&district.uid)
                && hiv.org_units.contains(&unit.internal_id)
        })
        .unwrap();
    Ids {
        child_health: data_set("DS_CHILD_HEALTH").uid.clone(),
        hiv: hiv.uid.clone(),
        bcg: bcg.uid.clone(),
        male_option: catalog
            .category_option_combo(&bcg_male)
            .unwrap()
            .category_options[0]
            .clone(),
        bcg_male,
        hiv_element: hiv.data_elements[4].clone(),
        world_bank_option: world_bank.category_options[0].clone(),
        world_bank: world_bank.uid.clone(),
        root: catalog
            .org_units
            .iter()
            .find(|unit| unit.level == 1)
            .unwrap()
            .uid
            .clone(),
        district: district.uid.clone(),
        facility: facility.uid.clone(),
    }
}

/// GET the object, let `change` edit it, PUT it back.
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
    assert_eq!(reply.json()["response"]["responseType"], "ObjectReport");
}

fn summary(reply: &Reply) -> Value {
    let body = reply.json();
    if body.get("responseType").is_some() {
        body
    } else {
        body["response"].clone()
    }
}

async fn import_as(server: &TestServer, user: (&str, &str), body: Value, query: &str) -> Value {
    let reply = server
        .call_as(
            user,
            Method::POST,
            &format!("/api/dataValueSets{query}"),
            Some(("application/json", body.to_string().into_bytes())),
        )
        .await;
    summary(&reply)
}

fn bcg_value(ids: &Ids, period: &str, org_unit: &str) -> Value {
    json!({"dataElement": ids.bcg, "period": period, "orgUnit": org_unit, "categoryOptionCombo": ids.bcg_male, "value": "5"})
}

/// The error code of the only conflict (2.37+), or its legacy message (2.36).
fn only_conflict(summary: &Value, version: &str) -> String {
    let conflicts = summary["conflicts"].as_array().unwrap();
    assert_eq!(conflicts.len(), 1, "{version}: {summary}");
    if version == "2.36" {
        conflicts[0]["value"].as_str().unwrap().to_string()
    } else {
        conflicts[0]["errorCode"].as_str().unwrap().to_string()
    }
}

fn imported(summary: &Value) -> u64 {
    summary["importCount"]["imported"].as_u64().unwrap()
}

#[tokio::test]
async fn s5_5_expiry_days_and_lock_exceptions_per_version() {
    for version in all_versions() {
        let server = TestServer::new(&version, Seed::Empty);
        let ids = ids(&server);
        update(&server, "dataSets", &ids.child_health, |object| {
            object["expiryDays"] = json!(10);
        })
        .await;
        let body = json!({"dataValues": [bcg_value(&ids, "202401", &ids.facility)]});
        let expired = import_as(&server, DATA_ENTRY, body.clone(), "").await;
        let conflict = only_conflict(&expired, &version);
        if version == "2.36" {
            assert!(
                conflict.starts_with("Current date is past expiry days"),
                "{conflict}"
            );
        } else {
            assert_eq!(conflict, "E7640");
            assert_eq!(
                expired["conflicts"][0]["value"],
                format!(
                    "Current date is past expiry days for period: `202401`  and data set: `{}`",
                    ids.child_health
                )
            );
        }
        // A lock exception for the data set, period and org unit opens it again.
        let exception = server
            .call(
                Method::POST,
                &format!(
                    "/api/lockExceptions?ds={}&pe=202401&ou={}",
                    ids.child_health, ids.facility
                ),
                None,
            )
            .await;
        assert_eq!(
            exception.status,
            StatusCode::CREATED,
            "{}",
            exception.text()
        );
        let listed = server.get("/api/lockExceptions").await.json();
        assert_eq!(listed["lockExceptions"][0]["period"]["id"], "202401");
        assert_eq!(
            imported(&import_as(&server, DATA_ENTRY, body.clone(), "").await),
            1
        );
        // Another period stays locked, except for superusers (ALL includes F_EDIT_EXPIRED).
        let other = json!({"dataValues": [bcg_value(&ids, "202402", &ids.facility)]});
        let locked = import_as(&server, DATA_ENTRY, other.clone(), "").await;
        assert_eq!(locked["importCount"]["imported"], 0, "{version}: {locked}");
        let admin = import_as(&server, ("admin", "district"), other, "").await;
        assert_eq!(imported(&admin), 1, "{version}: {admin}");
    }
}

#[tokio::test]
async fn s5_5_approved_data_is_refused_per_version() {
    for version in all_versions() {
        let server = TestServer::new(&version, Seed::Empty);
        let ids = ids(&server);
        update(&server, "dataSets", &ids.child_health, |object| {
            object["workflow"] = json!({"id": "WfChildHlth"});
        })
        .await;
        let approve = format!(
            "/api/dataApprovals?wf=WfChildHlth&pe=202402&ou={}&aoc=HllvX50cXC0",
            ids.district
        );
        let reply = server.call(Method::POST, &approve, None).await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text());
        // Approval at the district covers its facilities; other periods stay open.
        let body = json!({"dataValues": [bcg_value(&ids, "202402", &ids.facility), bcg_value(&ids, "202403", &ids.facility)]});
        let result = import_as(&server, DATA_ENTRY, body.clone(), "").await;
        let conflict = only_conflict(&result, &version);
        assert_eq!(imported(&result), 1);
        match version.as_str() {
            "2.36" => assert!(
                conflict.starts_with("Data is already approved for data set:"),
                "{conflict}"
            ),
            "2.37" | "2.38" => {
                assert_eq!(conflict, "E7642");
                assert!(
                    result["conflicts"][0]["value"]
                        .as_str()
                        .unwrap()
                        .starts_with("Data is already approved")
                );
            }
            _ => {
                assert_eq!(conflict, "E7642");
                assert_eq!(
                    result["conflicts"][0]["value"],
                    format!(
                        "Data already approved for data set: `{}` period: `202402` org unit: `{}` attribute option combo: `HllvX50cXC0`",
                        ids.child_health, ids.facility
                    )
                );
                assert_eq!(result["conflicts"][0]["indexes"], json!([0]));
            }
        }
        // Unapproving opens the period again.
        let reply = server.call(Method::DELETE, &approve, None).await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT);
        let again = import_as(&server, DATA_ENTRY, body, "").await;
        assert!(
            again["conflicts"].as_array().unwrap().is_empty(),
            "{version}: {again}"
        );
    }
}

#[tokio::test]
async fn s5_5_data_input_periods_per_version() {
    for version in all_versions() {
        let server = TestServer::new(&version, Seed::Empty);
        let ids = ids(&server);
        update(&server, "dataSets", &ids.child_health, |object| {
            object["dataInputPeriods"] = json!([
                {"period": {"id": "202404"}, "openingDate": "2020-01-01T00:00:00.000", "closingDate": "2099-01-01T00:00:00.000"},
                {"period": {"id": "202405"}, "closingDate": "2021-01-01T00:00:00.000"},
            ]);
        })
        .await;
        let open = import_as(
            &server,
            DATA_ENTRY,
            json!({"dataValues": [bcg_value(&ids, "202404", &ids.facility)]}),
            "",
        )
        .await;
        assert_eq!(imported(&open), 1, "{version}: {open}");
        for period in ["202405", "202406"] {
            let closed = import_as(
                &server,
                DATA_ENTRY,
                json!({"dataValues": [bcg_value(&ids, period, &ids.facility)]}),
                "",
            )
            .await;
            let conflict = only_conflict(&closed, &version);
            if version == "2.36" {
                assert!(
                    conflict.contains("is not open for this data set at this time"),
                    "{conflict}"
                );
            } else {
                assert_eq!(conflict, "E7643");
                assert_eq!(
                    closed["conflicts"][0]["value"],
                    format!(
                        "Period: `{period}` is not open for this data set at this time: `{}`",
                        ids.child_health
                    )
                );
            }
        }
        // The root is not assigned to the data set: no target data set, but the element's data
        // sets still decide (E7644).
        let unassigned = import_as(
            &server,
            ("admin", "district"),
            json!({"dataValues": [bcg_value(&ids, "202406", &ids.root)]}),
            "",
        )
        .await;
        let conflict = only_conflict(&unassigned, &version);
        if version == "2.36" {
            assert!(
                conflict.contains("does not conform to the open periods"),
                "{conflict}"
            );
        } else {
            assert_eq!(conflict, "E7644");
        }
    }
}

#[tokio::test]
async fn s5_5_data_set_and_category_option_sharing_per_version() {
    for version in all_versions() {
        let server = TestServer::new(&version, Seed::Empty);
        let ids = ids(&server);
        // No data write on the data set: the whole import is aborted (E7601) for a normal user,
        // a superuser is not affected.
        update(&server, "dataSets", &ids.child_health, |object| {
            object["sharing"]["public"] = json!("rw------");
        })
        .await;
        let body = json!({"dataSet": ids.child_health, "dataValues": [bcg_value(&ids, "202401", &ids.facility)]});
        let aborted = import_as(&server, DATA_ENTRY, body.clone(), "").await;
        assert_eq!(aborted["status"], "ERROR", "{version}: {aborted}");
        assert_eq!(aborted["description"], "Import process was aborted");
        if version != "2.36" {
            assert_eq!(aborted["conflicts"][0]["errorCode"], "E7601");
        }
        assert_eq!(
            imported(&import_as(&server, ("admin", "district"), body, "").await),
            1
        );
        // No data read on the data set: export refused with E2010.
        let export = format!(
            "/api/dataValueSets?dataSet={}&period=202401&orgUnit={}",
            ids.child_health, ids.facility
        );
        let refused = server.call_as(DATA_ENTRY, Method::GET, &export, None).await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "{version}");
        assert_eq!(refused.json()["errorCode"], "E2010");
        assert_eq!(server.get(&export).await.status, StatusCode::OK);

        // No data write on a category option of the COC (E7614) and of the AOC (E7616).
        update(&server, "categoryOptions", &ids.male_option, |object| {
            object["sharing"]["public"] = json!("r-r-----");
        })
        .await;
        let male = import_as(
            &server,
            DATA_ENTRY,
            json!({"dataValues": [bcg_value(&ids, "202402", &ids.facility)]}),
            "",
        )
        .await;
        let conflict = only_conflict(&male, &version);
        if version != "2.36" {
            assert_eq!(conflict, "E7614");
            assert_eq!(
                male["conflicts"][0]["value"],
                format!(
                    "Category option combo: `{}` option not accessible: `{}`",
                    ids.bcg_male, ids.male_option
                )
            );
        }
        update(
            &server,
            "categoryOptions",
            &ids.world_bank_option,
            |object| {
                object["sharing"]["public"] = json!("rw------");
            },
        )
        .await;
        let hiv_value = json!({"dataElement": ids.hiv_element, "period": "202501", "orgUnit": ids.facility,
            "attributeOptionCombo": ids.world_bank, "value": "3"});
        let world_bank = import_as(
            &server,
            DATA_ENTRY,
            json!({"dataValues": [hiv_value.clone()]}),
            "",
        )
        .await;
        let conflict = only_conflict(&world_bank, &version);
        if version != "2.36" {
            assert_eq!(conflict, "E7616");
        }
        // Admin writes it; the data entry user cannot read it: E2011 when asked for, and left
        // out of exports otherwise.
        assert_eq!(
            imported(
                &import_as(
                    &server,
                    ("admin", "district"),
                    json!({"dataValues": [hiv_value]}),
                    ""
                )
                .await
            ),
            1
        );
        let by_combo = format!(
            "/api/dataValueSets?dataSet={}&period=202501&orgUnit={}&attributeOptionCombo={}",
            ids.hiv, ids.facility, ids.world_bank
        );
        let refused = server
            .call_as(DATA_ENTRY, Method::GET, &by_combo, None)
            .await;
        assert_eq!(refused.json()["errorCode"], "E2011", "{version}");
        let all = format!(
            "/api/dataValueSets?dataSet={}&period=202501&orgUnit={}",
            ids.hiv, ids.facility
        );
        let seen = server
            .call_as(DATA_ENTRY, Method::GET, &all, None)
            .await
            .json();
        assert!(
            seen.get("dataValues")
                .is_none_or(|values| values.as_array().unwrap().is_empty()),
            "{version}: {seen}"
        );
        let admin_seen = server.get(&all).await.json();
        assert_eq!(admin_seen["dataValues"].as_array().unwrap().len(), 1);
    }
}

#[tokio::test]
async fn s3_metadata_put_needs_superuser_and_known_object() {
    let server = TestServer::new("2.41", Seed::Empty);
    let ids = ids(&server);
    let body = json!({"name": "x"}).to_string().into_bytes();
    let forbidden = server
        .call_as(
            DATA_ENTRY,
            Method::PUT,
            &format!("/api/dataSets/{}", ids.child_health),
            Some(("application/json", body.clone())),
        )
        .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    let missing = server
        .call(
            Method::PUT,
            "/api/dataSets/xxxxxxxxxxx",
            Some(("application/json", body)),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(
        missing.json()["message"],
        "DataSet with id xxxxxxxxxxx could not be found."
    );
    update(&server, "dataSets", &ids.child_health, |object| {
        object["name"] = json!("Child Health (renamed)");
    })
    .await;
    let renamed = server
        .get(&format!("/api/dataSets/{}?fields=name", ids.child_health))
        .await
        .json();
    assert_eq!(renamed["name"], "Child Health (renamed)");
}

/// The conflict codes (2.37+) or the number of conflicts (2.36) of an import as admin.
async fn codes_of(server: &TestServer, values: Vec<Value>, query: &str) -> Vec<String> {
    let result = import_as(
        server,
        ("admin", "district"),
        json!({"dataValues": values}),
        query,
    )
    .await;
    result["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|conflict| {
            conflict["errorCode"]
                .as_str()
                .unwrap_or("legacy")
                .to_string()
        })
        .collect()
}

#[tokio::test]
async fn s5_5_remaining_value_rules_per_version() {
    for version in all_versions() {
        let server = TestServer::new(&version, Seed::Empty);
        let ids = ids(&server);
        let code = |expected: &str| -> Vec<String> {
            vec![if version == "2.36" {
                "legacy".to_string()
            } else {
                expected.to_string()
            }]
        };
        let without_aoc = bcg_value(&ids, "202401", &ids.facility);
        assert_eq!(
            codes_of(
                &server,
                vec![without_aoc],
                "?requireAttributeOptionCombo=true"
            )
            .await,
            code("E7631")
        );
        let strict_elements = import_as(
            &server,
            ("admin", "district"),
            json!({"dataSet": ids.hiv, "dataValues": [bcg_value(&ids, "202401", &ids.facility)]}),
            "?strictDataElements=true",
        )
        .await;
        assert_eq!(
            strict_elements["conflicts"].as_array().unwrap().len(),
            1,
            "{version}"
        );
        if version != "2.36" {
            assert_eq!(strict_elements["conflicts"][0]["errorCode"], "E7633");
        }
        let mut with_world_bank = bcg_value(&ids, "202501", &ids.facility);
        with_world_bank["attributeOptionCombo"] = json!(ids.world_bank);
        assert_eq!(
            codes_of(
                &server,
                vec![with_world_bank],
                "?strictAttributeOptionCombos=true"
            )
            .await,
            code("E7635")
        );
        let mut long_stored_by = bcg_value(&ids, "202401", &ids.facility);
        long_stored_by["storedBy"] = json!("x".repeat(256));
        assert_eq!(
            codes_of(&server, vec![long_stored_by], "").await,
            code("E7637")
        );
        let mut long_comment = bcg_value(&ids, "202401", &ids.facility);
        long_comment["comment"] = json!("x".repeat(50_001));
        assert_eq!(
            codes_of(&server, vec![long_comment], "").await,
            code("E7620")
        );
        let ownership = {
            let metadata = server.state.metadata();
            metadata
                .catalog
                .data_elements
                .iter()
                .find(|element| element.code.as_deref() == Some("POP_OWNERSHIP"))
                .unwrap()
                .uid
                .clone()
        };
        let not_an_option = json!({"dataElement": ownership, "period": "2024", "orgUnit": ids.facility, "value": "XYZ"});
        assert_eq!(
            codes_of(&server, vec![not_an_option], "").await,
            code("E7621")
        );
        // World Bank restricted to the root's other provinces: not valid in Bo District.
        update(
            &server,
            "categoryOptions",
            &ids.world_bank_option,
            |object| {
                object["organisationUnits"] = json!([{"id": "xxxxxxxxxxx"}]);
            },
        )
        .await;
        let hiv_value = json!({"dataElement": ids.hiv_element, "period": "202501", "orgUnit": ids.facility,
            "attributeOptionCombo": ids.world_bank, "value": "3"});
        assert_eq!(codes_of(&server, vec![hiv_value], "").await, code("E7639"));
        // §12: "" is null (a comment-only value is fine) and unknown members are ignored.
        let comment_only = json!({"dataElement": ids.bcg, "period": "202401", "orgUnit": ids.facility,
            "categoryOptionCombo": ids.bcg_male, "value": "", "comment": "to check", "unknownMember": {"x": 1}});
        let result = import_as(
            &server,
            ("admin", "district"),
            json!({"dataValues": [comment_only], "alsoUnknown": true}),
            "",
        )
        .await;
        assert_eq!(imported(&result), 1, "{version}: {result}");
    }
}

#[tokio::test]
async fn s5_2_strict_data_set_locking_from_2_40() {
    for version in all_versions() {
        let server = TestServer::new(&version, Seed::Empty);
        let ids = ids(&server);
        // BCG also in the quarterly review (no expiry); Child Health expires after 10 days.
        let quarterly = server
            .state
            .metadata()
            .catalog
            .data_sets
            .iter()
            .find(|data_set| data_set.code.as_deref() == Some("DS_QUARTERLY_REVIEW"))
            .unwrap()
            .uid
            .clone();
        let bcg = ids.bcg.clone();
        update(&server, "dataSets", &quarterly, |object| {
            object["dataSetElements"]
                .as_array_mut()
                .unwrap()
                .push(json!({"dataElement": {"id": bcg}}));
        })
        .await;
        update(&server, "dataSets", &ids.child_health, |object| {
            object["expiryDays"] = json!(10);
        })
        .await;
        let body = json!({"dataValues": [bcg_value(&ids, "202401", &ids.facility)]});
        let lenient = import_as(&server, DATA_ENTRY, body.clone(), "").await;
        assert_eq!(
            imported(&lenient),
            1,
            "{version}: one target data set passes: {lenient}"
        );
        let strict = import_as(&server, DATA_ENTRY, body, "?strictDataSetLocking=true").await;
        let conflicts = strict["conflicts"].as_array().unwrap();
        if version.as_str() >= "2.40" {
            assert_eq!(conflicts.len(), 1, "{version}: {strict}");
            assert_eq!(conflicts[0]["errorCode"], "E7640");
        } else {
            assert!(
                conflicts.is_empty(),
                "{version}: no strict flag before 2.40: {strict}"
            );
        }
    }
}

/// §5.5 rule 28 (E7645): DELETE of a FILE_RESOURCE data element's value that does not exist is a
/// conflict; an existing one is deleted.
#[tokio::test]
async fn s5_5_deleting_a_missing_file_resource_value_per_version() {
    for version in all_versions() {
        let server = TestServer::new(&version, Seed::Empty);
        let ids = ids(&server);
        update(&server, "dataElements", &ids.bcg, |object| {
            object["valueType"] = json!("FILE_RESOURCE");
        })
        .await;
        let value = |period: &str| {
            json!({"dataElement": ids.bcg, "period": period, "orgUnit": ids.facility,
                "categoryOptionCombo": ids.bcg_male, "value": "FiLeReS0001"})
        };
        let created = import_as(
            &server,
            ("admin", "district"),
            json!({"dataValues": [value("202401")]}),
            "",
        )
        .await;
        assert_eq!(
            created["importCount"]["imported"], 1,
            "{version}: {created}"
        );
        let deleted = import_as(
            &server,
            ("admin", "district"),
            json!({"dataValues": [value("202401"), value("202402")]}),
            "?importStrategy=DELETE",
        )
        .await;
        assert_eq!(deleted["importCount"]["deleted"], 1, "{version}: {deleted}");
        assert_eq!(deleted["importCount"]["ignored"], 1, "{version}: {deleted}");
        let conflicts = deleted["conflicts"].as_array().unwrap();
        assert_eq!(conflicts.len(), 1, "{version}: {deleted}");
        if version == "2.36" {
            assert!(
                conflicts[0]["value"]
                    .as_str()
                    .unwrap()
                    .starts_with("No data value for file resource exist"),
                "{deleted}"
            );
        } else {
            assert_eq!(conflicts[0]["errorCode"], "E7645", "{version}");
        }
    }
}
