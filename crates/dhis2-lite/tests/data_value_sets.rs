//! Reference §4 (GET /api/dataValueSets), §5 (POST) and §9 (async import), version by version.
#![allow(clippy::unwrap_used)]

mod common;

use axum::http::{Method, StatusCode};
use common::{TestServer, all_versions};
use dhis2_lite::Seed;
use serde_json::{Value, json};

/// Ids of the demo metadata used by the tests (read from the server's catalog).
struct Ids {
    child_health: String,
    hiv: String,
    bcg: String,
    bcg_male: String,
    bcg_female: String,
    remarks: String,
    ors_stock: String,
    root: String,
    district: String,
    facility_in_district: String,
    facility_in_district_code: String,
    facility_elsewhere: String,
    world_bank: String,
}

fn ids(server: &TestServer) -> Ids {
    let metadata = server.state.metadata();
    let catalog = &metadata.catalog;
    let element = |code: &str| {
        catalog
            .data_elements
            .iter()
            .find(|element| element.code.as_deref() == Some(code))
            .unwrap()
    };
    let data_set = |code: &str| {
        catalog
            .data_sets
            .iter()
            .find(|data_set| data_set.code.as_deref() == Some(code))
            .unwrap()
            .uid
            .clone()
    };
    let combo_of = |code: &str| catalog.combo_option_combos[&element(code).category_combo].clone();
    let root = catalog
        .org_units
        .iter()
        .find(|unit| unit.level == 1)
        .unwrap()
        .uid
        .clone();
    let district = catalog
        .org_units
        .iter()
        .find(|unit| unit.name == "Bo District")
        .unwrap();
    let facility_in_district = catalog
        .org_units
        .iter()
        .find(|unit| unit.level == 5 && unit.path.contains(&district.uid))
        .unwrap();
    let facility_elsewhere = catalog
        .org_units
        .iter()
        .find(|unit| unit.level == 5 && !unit.path.contains(&district.uid))
        .unwrap();
    let world_bank = catalog
        .category_option_combos
        .iter()
        .find(|combo| combo.name == "World Bank")
        .unwrap()
        .uid
        .clone();
    let bcg_combos = combo_of("CH_BCG");
    Ids {
        child_health: data_set("DS_CHILD_HEALTH"),
        hiv: data_set("DS_HIV"),
        bcg: element("CH_BCG").uid.clone(),
        bcg_male: bcg_combos[0].clone(),
        bcg_female: bcg_combos[1].clone(),
        remarks: element("CH_REMARKS").uid.clone(),
        ors_stock: element("CH_ORS_STOCK").uid.clone(),
        root,
        district: district.uid.clone(),
        facility_in_district: facility_in_district.uid.clone(),
        facility_in_district_code: facility_in_district.code.clone().unwrap(),
        facility_elsewhere: facility_elsewhere.uid.clone(),
        world_bank,
    }
}

fn value(data_element: &str, period: &str, org_unit: &str, combo: &str, value: &str) -> Value {
    json!({"dataElement": data_element, "period": period, "orgUnit": org_unit, "categoryOptionCombo": combo, "value": value})
}

/// The ImportSummary of a reply, whatever the wrapping.
fn summary(reply: &common::Reply) -> Value {
    let body = reply.json();
    if body.get("responseType").is_some() {
        body
    } else {
        body["response"].clone()
    }
}

fn counts(reply: &common::Reply) -> (u64, u64, u64, u64) {
    let count = &summary(reply)["importCount"];
    (
        count["imported"].as_u64().unwrap(),
        count["updated"].as_u64().unwrap(),
        count["ignored"].as_u64().unwrap(),
        count["deleted"].as_u64().unwrap(),
    )
}

async fn import(server: &TestServer, values: Vec<Value>, query: &str) -> common::Reply {
    server
        .post_json(
            &format!("/api/dataValueSets{query}"),
            &json!({"dataValues": values}),
        )
        .await
}

#[tokio::test]
async fn s4_2_validation_last_error_wins() {
    for version in ["2.36", "2.41"] {
        let server = TestServer::new(version, Seed::Empty);
        let ids = ids(&server);
        let check = |reply: common::Reply, code: &str| {
            assert_eq!(
                reply.status,
                StatusCode::CONFLICT,
                "{version} {code}: {}",
                reply.text()
            );
            assert_eq!(
                reply.json()["errorCode"],
                code,
                "{version}: {}",
                reply.text()
            );
        };
        check(server.get("/api/dataValueSets").await, "E2006");
        check(
            server
                .get(&format!("/api/dataValueSets?orgUnit={}", ids.root))
                .await,
            "E2002",
        );
        check(
            server
                .get(&format!(
                    "/api/dataValueSets?period=202401&orgUnit={}",
                    ids.root
                ))
                .await,
            "E2001",
        );
        let base = format!(
            "/api/dataValueSets?dataSet={}&orgUnit={}",
            ids.child_health, ids.root
        );
        check(
            server
                .get(&format!(
                    "{base}&period=202401&startDate=2024-01-01&endDate=2024-02-01"
                ))
                .await,
            "E2003",
        );
        check(
            server
                .get(&format!("{base}&startDate=2024-03-01&endDate=2024-02-01"))
                .await,
            "E2004",
        );
        check(
            server.get(&format!("{base}&lastUpdatedDuration=10x")).await,
            "E2005",
        );
        check(
            server
                .get(&format!(
                    "/api/dataValueSets?dataSet={}&period=202401&orgUnitGroup={}&children=true",
                    ids.child_health, "x"
                ))
                .await,
            "E2008",
        );
        check(
            server.get(&format!("{base}&period=202401&limit=-1")).await,
            "E2009",
        );
        let message = server.get("/api/dataValueSets").await.json()["message"].clone();
        assert_eq!(
            message,
            "At least one organisation unit or organisation unit group must be specified"
        );
    }
}

#[tokio::test]
async fn s4_2_org_unit_outside_view_hierarchy_is_e2012() {
    let server = TestServer::new("2.41", Seed::Empty);
    let ids = ids(&server);
    let reply = server
        .call_as(
            ("dataentry", "District1!"),
            Method::GET,
            &format!(
                "/api/dataValueSets?dataSet={}&period=202401&orgUnit={}",
                ids.child_health, ids.facility_elsewhere
            ),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    assert_eq!(reply.json()["errorCode"], "E2012");
    assert_eq!(
        reply.json()["message"],
        format!(
            "User is not allowed to view org unit: `{}`",
            ids.facility_elsewhere
        )
    );
}

#[tokio::test]
async fn s4_3_json_shape_per_version() {
    for version in all_versions() {
        let minor: u8 = version[2..].parse().unwrap();
        let server = TestServer::new(&version, Seed::Empty);
        let ids = ids(&server);
        let empty = server
            .get(&format!(
                "/api/dataValueSets?dataSet={}&period=202401&orgUnit={}&children=true",
                ids.child_health, ids.root
            ))
            .await
            .json();
        if minor >= 38 {
            assert_eq!(empty, json!({"dataValues": []}), "{version}");
        } else {
            assert_eq!(empty, json!({}), "{version}");
        }
        let reply = import(
            &server,
            vec![value(
                &ids.bcg,
                "202401",
                &ids.facility_in_district,
                &ids.bcg_male,
                "7",
            )],
            "",
        )
        .await;
        assert_eq!(counts(&reply).0, 1, "{version}: {}", reply.text());
        let single = server
            .get(&format!(
                "/api/dataValueSets?dataSet={}&period=202401&orgUnit={}",
                ids.child_health, ids.facility_in_district
            ))
            .await
            .json();
        assert_eq!(single["dataSet"], ids.child_health.as_str());
        assert_eq!(single["period"], "202401");
        assert_eq!(single["orgUnit"], ids.facility_in_district.as_str());
        let exported = &single["dataValues"][0];
        assert_eq!(exported["value"], "7");
        assert_eq!(exported["storedBy"], "admin");
        assert!(exported["lastUpdated"].as_str().unwrap().ends_with("+0000"));
        assert!(exported.get("deleted").is_none());
        assert_eq!(
            exported.get("comment").is_some(),
            minor >= 38,
            "{version}: explicit null comment"
        );
        let multiple = server
            .get(&format!(
                "/api/dataValueSets?dataSet={}&period=202401&orgUnit={}&children=true",
                ids.child_health, ids.district
            ))
            .await
            .json();
        assert!(multiple.get("dataSet").is_none(), "no header unless single");
        assert_eq!(multiple["dataValues"].as_array().unwrap().len(), 1);
    }
}

#[tokio::test]
async fn s4_1_children_dates_deleted_limit_and_csv() {
    let server = TestServer::new("2.41", Seed::Empty);
    let ids = ids(&server);
    let values = vec![
        value(
            &ids.bcg,
            "202401",
            &ids.facility_in_district,
            &ids.bcg_male,
            "1",
        ),
        value(
            &ids.bcg,
            "202402",
            &ids.facility_in_district,
            &ids.bcg_male,
            "2",
        ),
        value(
            &ids.bcg,
            "202402",
            &ids.facility_elsewhere,
            &ids.bcg_female,
            "3",
        ),
    ];
    assert_eq!(counts(&import(&server, values, "").await).0, 3);
    let count = |body: Value| body["dataValues"].as_array().unwrap().len();
    let base = format!("/api/dataValueSets?dataSet={}", ids.child_health);
    assert_eq!(
        count(
            server
                .get(&format!(
                    "{base}&period=202402&orgUnit={}&children=true",
                    ids.root
                ))
                .await
                .json()
        ),
        2
    );
    assert_eq!(
        count(
            server
                .get(&format!("{base}&period=202402&orgUnit={}", ids.root))
                .await
                .json()
        ),
        0,
        "root itself has no data"
    );
    assert_eq!(
        count(
            server
                .get(&format!(
                    "{base}&period=202402&orgUnit={}&children=true",
                    ids.facility_in_district
                ))
                .await
                .json()
        ),
        1,
        "children includes self"
    );
    assert_eq!(
        count(
            server
                .get(&format!(
                    "{base}&startDate=2024-01-01&endDate=2024-01-31&orgUnit={}&children=true",
                    ids.root
                ))
                .await
                .json()
        ),
        1
    );
    assert_eq!(
        count(
            server
                .get(&format!(
                    "{base}&startDate=2024-01-15&endDate=2024-02-29&orgUnit={}&children=true",
                    ids.root
                ))
                .await
                .json()
        ),
        2,
        "only periods entirely inside the range"
    );
    assert_eq!(count(server.get(&format!("{base}&startDate=2024-01-01&endDate=2024-12-31&orgUnit={}&children=true&limit=2", ids.root)).await.json()), 2);
    assert_eq!(
        count(
            server
                .get(&format!(
                    "{base}&lastUpdatedDuration=1d&orgUnit={}&children=true",
                    ids.root
                ))
                .await
                .json()
        ),
        3
    );
    let deleted = import(
        &server,
        vec![value(
            &ids.bcg,
            "202401",
            &ids.facility_in_district,
            &ids.bcg_male,
            "1",
        )],
        "?importStrategy=DELETE",
    )
    .await;
    assert_eq!(counts(&deleted).3, 1);
    let query = format!("{base}&period=202401&orgUnit={}&children=true", ids.root);
    assert_eq!(count(server.get(&query).await.json()), 0);
    let with_deleted = server
        .get(&format!("{query}&includeDeleted=true"))
        .await
        .json();
    assert_eq!(with_deleted["dataValues"][0]["deleted"], true);
    let csv = server
        .get(&format!(
            "/api/dataValueSets.csv?dataSet={}&period=202402&orgUnit={}&children=true",
            ids.child_health, ids.root
        ))
        .await;
    assert!(csv.header("content-type").unwrap().contains("csv"));
    let text = csv.text();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup,deleted"
    );
    assert_eq!(lines.count(), 2);
    let by_code = server
        .get(&format!(
            "{base}&period=202402&orgUnit={}&orgUnitIdScheme=CODE",
            ids.facility_in_district
        ))
        .await
        .json();
    assert_eq!(by_code["orgUnit"], ids.facility_in_district_code.as_str());
}

#[tokio::test]
async fn s4_1_data_element_parameter_from_2_39() {
    for (version, accepted) in [("2.38", false), ("2.39", true)] {
        let server = TestServer::new(version, Seed::Empty);
        let ids = ids(&server);
        let reply = server
            .get(&format!(
                "/api/dataValueSets?dataElement={}&period=202401&orgUnit={}",
                ids.bcg, ids.root
            ))
            .await;
        assert_eq!(
            reply.status == StatusCode::OK,
            accepted,
            "{version}: {}",
            reply.text()
        );
    }
}

#[tokio::test]
async fn s5_3_wrapping_and_status_per_version() {
    for version in all_versions() {
        let minor: u8 = version[2..].parse().unwrap();
        let server = TestServer::new(&version, Seed::Empty);
        let ids = ids(&server);
        let ok = import(
            &server,
            vec![value(
                &ids.bcg,
                "202401",
                &ids.facility_in_district,
                &ids.bcg_male,
                "5",
            )],
            "",
        )
        .await;
        assert_eq!(ok.status, StatusCode::OK, "{version}");
        let warning = import(
            &server,
            vec![value(
                "xxxxxxxxxxx",
                "202401",
                &ids.facility_in_district,
                &ids.bcg_male,
                "5",
            )],
            "",
        )
        .await;
        let body = warning.json();
        if minor <= 37 {
            assert_eq!(warning.status, StatusCode::OK, "{version}");
            assert_eq!(body["responseType"], "ImportSummary");
            assert_eq!(body["status"], "WARNING");
        } else {
            let expected = if minor >= 43 {
                StatusCode::OK
            } else {
                StatusCode::CONFLICT
            };
            assert_eq!(warning.status, expected, "{version}");
            assert_eq!(body["status"], "WARNING");
            assert_eq!(body["response"]["responseType"], "ImportSummary");
        }
        let conflict = &summary(&warning)["conflicts"][0];
        if minor == 36 {
            assert_eq!(
                conflict,
                &json!({"object": "xxxxxxxxxxx", "value": "Data element not found or not accessible"})
            );
        } else {
            assert_eq!(conflict["errorCode"], "E7610");
            assert_eq!(conflict["indexes"], json!([0]));
        }
        assert_eq!(
            summary(&warning).get("rejectedIndexes").is_some(),
            minor >= 39,
            "{version}"
        );
        if (38..=41).contains(&minor) {
            let plain = server
                .post_json("/api/37/dataValueSets", &json!({"dataValues": [value("xxxxxxxxxxx", "202401", &ids.root, &ids.bcg_male, "1")]}))
                .await;
            assert_eq!(plain.status, StatusCode::OK, "{version} /api/37/");
            assert_eq!(plain.json()["responseType"], "ImportSummary");
        }
        let malformed = server
            .call(
                Method::POST,
                "/api/dataValueSets",
                Some(("application/json", b"{oops".to_vec())),
            )
            .await;
        let malformed_summary = summary(&malformed);
        assert_eq!(malformed_summary["status"], "ERROR");
        assert!(
            malformed_summary["description"]
                .as_str()
                .unwrap()
                .starts_with("The import process failed: ")
        );
        assert_eq!(
            malformed.status,
            if minor <= 37 {
                StatusCode::OK
            } else {
                StatusCode::CONFLICT
            },
            "{version}"
        );
    }
}

#[tokio::test]
async fn s5_4_counting_semantics_per_version() {
    for version in all_versions() {
        let minor: u8 = version[2..].parse().unwrap();
        let server = TestServer::new(&version, Seed::Empty);
        let ids = ids(&server);
        let unit = &ids.facility_in_district;
        let first = vec![
            value(&ids.bcg, "202401", unit, &ids.bcg_male, "5"),
            value(&ids.bcg, "202401", unit, &ids.bcg_female, "6"),
        ];
        assert_eq!(
            counts(&import(&server, first.clone(), "").await),
            (2, 0, 0, 0),
            "{version}"
        );
        let again = counts(&import(&server, first.clone(), "").await);
        if minor >= 38 {
            assert_eq!(
                again,
                (0, 0, 2, 0),
                "{version}: identical re-import is ignored"
            );
        } else {
            assert_eq!(
                again,
                (0, 2, 0, 0),
                "{version}: identical re-import counts as updated"
            );
        }
        assert_eq!(
            counts(
                &import(
                    &server,
                    vec![value(&ids.bcg, "202401", unit, &ids.bcg_male, "9")],
                    ""
                )
                .await
            ),
            (0, 1, 0, 0)
        );
        let create_existing = import(
            &server,
            vec![value(&ids.bcg, "202401", unit, &ids.bcg_male, "10")],
            "?importStrategy=CREATE",
        )
        .await;
        assert_eq!(counts(&create_existing), (0, 0, 1, 0));
        if minor >= 39 {
            assert_eq!(summary(&create_existing)["rejectedIndexes"], json!([0]));
        }
        let update_missing = import(
            &server,
            vec![value(&ids.bcg, "202402", unit, &ids.bcg_male, "1")],
            "?importStrategy=UPDATE",
        )
        .await;
        assert_eq!(counts(&update_missing), (0, 0, 1, 0));
        let zero_delete = import(
            &server,
            vec![value(&ids.bcg, "202401", unit, &ids.bcg_male, "0")],
            "",
        )
        .await;
        assert_eq!(
            counts(&zero_delete),
            (0, 0, 0, 1),
            "{version}: zero on insignificant element deletes"
        );
        let revived = import(
            &server,
            vec![value(&ids.bcg, "202401", unit, &ids.bcg_male, "4")],
            "",
        )
        .await;
        assert_eq!(
            counts(&revived),
            (1, 0, 0, 0),
            "{version}: revived soft-deleted row counts imported"
        );
        let mut flagged = value(&ids.bcg, "202401", unit, &ids.bcg_female, "6");
        flagged["deleted"] = json!(true);
        assert_eq!(
            counts(&import(&server, vec![flagged], "").await),
            (0, 0, 0, 1)
        );
        let new_zero = counts(
            &import(
                &server,
                vec![value(&ids.bcg, "202403", unit, &ids.bcg_male, "0")],
                "",
            )
            .await,
        );
        if minor == 36 {
            assert_eq!(new_zero, (0, 0, 1, 0), "{version}");
        } else {
            assert_eq!(
                new_zero,
                (0, 0, 0, 0),
                "{version}: new insignificant zero counted nowhere"
            );
        }
        let significant_zero = counts(
            &import(
                &server,
                vec![value(&ids.ors_stock, "202403", unit, "HllvX50cXC0", "0")],
                "",
            )
            .await,
        );
        assert_eq!(significant_zero, (1, 0, 0, 0));
        let dry = import(
            &server,
            vec![value(&ids.bcg, "202404", unit, &ids.bcg_male, "3")],
            "?dryRun=true",
        )
        .await;
        assert_eq!(counts(&dry), (1, 0, 0, 0));
        let exported = server
            .get(&format!(
                "/api/dataValueSets?dataSet={}&period=202404&orgUnit={unit}",
                ids.child_health
            ))
            .await
            .json();
        assert!(
            exported
                .get("dataValues")
                .is_none_or(|values| values.as_array().unwrap().is_empty()),
            "dry run writes nothing"
        );
        let deleted = import(
            &server,
            vec![value(&ids.bcg, "202401", unit, &ids.bcg_male, "4")],
            "?importStrategy=DELETE",
        )
        .await;
        assert_eq!(counts(&deleted), (0, 0, 0, 1));
    }
}

#[tokio::test]
async fn s5_5_rules_in_order_with_codes_and_merging() {
    let server = TestServer::new("2.41", Seed::Empty);
    let ids = ids(&server);
    let unit = &ids.facility_in_district;
    let current_month = server.state.clock.today().format("%Y%m").to_string();
    let values = vec![
        value("xxxxxxxxxxx", "202401", unit, &ids.bcg_male, "1"),
        value(&ids.bcg, "2024X1", unit, &ids.bcg_male, "1"),
        value(&ids.bcg, "202401", "yyyyyyyyyyy", &ids.bcg_male, "1"),
        value(&ids.bcg, "202401", unit, "zzzzzzzzzzz", "1"),
        json!({"dataElement": ids.bcg, "period": "202401", "orgUnit": unit, "categoryOptionCombo": ids.bcg_male}),
        value(&ids.bcg, "202401", unit, &ids.bcg_male, "abc"),
        value(&ids.bcg, "202402", unit, &ids.bcg_male, "abc"),
        value(&ids.bcg, &current_month, unit, &ids.bcg_male, "1"),
        value("xxxxxxxxxxx", "202402", unit, &ids.bcg_male, "1"),
    ];
    let reply = import(&server, values, "").await;
    let body = summary(&reply);
    let codes: Vec<&str> = body["conflicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|conflict| conflict["errorCode"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        vec![
            "E7610", "E7611", "E7612", "E7613", "E7618", "E7619", "E7641"
        ]
    );
    assert_eq!(
        body["conflicts"][0]["indexes"],
        json!([0, 8]),
        "merged by code and objects"
    );
    assert_eq!(body["conflicts"][5]["indexes"], json!([5, 6]));
    assert_eq!(
        body["conflicts"][5]["objects"]["value"],
        "value_not_zero_or_positive_integer"
    );
    assert_eq!(body["rejectedIndexes"], json!([0, 1, 2, 3, 4, 5, 6, 7, 8]));
    assert_eq!(counts(&reply), (0, 0, 9, 0));

    let outside = server
        .call_as(
            ("dataentry", "District1!"),
            Method::POST,
            "/api/dataValueSets",
            Some(("application/json", json!({"dataValues": [value(&ids.bcg, "202401", &ids.facility_elsewhere, &ids.bcg_male, "1"), value(&ids.bcg, "202401", unit, &ids.bcg_male, "1")]}).to_string().into_bytes())),
        )
        .await;
    let outside_summary = summary(&outside);
    assert_eq!(outside_summary["conflicts"][0]["errorCode"], "E7617");
    assert_eq!(
        outside_summary["conflicts"][0]["objects"]["user"],
        "DXyJmlo9rge"
    );
    assert_eq!(counts(&outside), (1, 0, 1, 0));

    let hiv_value = json!({"dataElement": server.state.metadata().catalog.data_sets.iter().find(|data_set| data_set.uid == ids.hiv).unwrap().data_elements[4],
        "period": "202401", "orgUnit": unit, "attributeOptionCombo": ids.world_bank, "value": "3"});
    let before_option = summary(&import(&server, vec![hiv_value], "").await);
    assert_eq!(before_option["conflicts"][0]["errorCode"], "E7638");

    let unknown_aoc = summary(&import(&server, vec![json!({"dataElement": ids.bcg, "period": "202401", "orgUnit": unit, "attributeOptionCombo": "qqqqqqqqqqq", "value": "1"})], "").await);
    assert_eq!(unknown_aoc["conflicts"][0]["errorCode"], "E7615");
    let required = summary(
        &import(
            &server,
            vec![
                json!({"dataElement": ids.bcg, "period": "202401", "orgUnit": unit, "value": "1"}),
            ],
            "?requireCategoryOptionCombo=true",
        )
        .await,
    );
    assert_eq!(required["conflicts"][0]["errorCode"], "E7630");
    let strict_coc = summary(
        &import(
            &server,
            vec![value(&ids.bcg, "202401", unit, "HllvX50cXC0", "1")],
            "?strictCategoryOptionCombos=true",
        )
        .await,
    );
    assert_eq!(strict_coc["conflicts"][0]["errorCode"], "E7634");
    let strict_period = summary(
        &import(
            &server,
            vec![value(&ids.bcg, "2024W3", unit, &ids.bcg_male, "1")],
            "?strictPeriods=true",
        )
        .await,
    );
    assert_eq!(strict_period["conflicts"][0]["errorCode"], "E7632");
    let strict_root = summary(
        &import(
            &server,
            vec![value(&ids.bcg, "202401", &ids.root, &ids.bcg_male, "1")],
            "?strictOrganisationUnits=true",
        )
        .await,
    );
    assert_eq!(strict_root["conflicts"][0]["errorCode"], "E7636");
    let text = summary(
        &import(
            &server,
            vec![value(
                &ids.remarks,
                "202401",
                unit,
                "HllvX50cXC0",
                "All good",
            )],
            "",
        )
        .await,
    );
    assert_eq!(text["importCount"]["imported"], 1);
}

#[tokio::test]
async fn s5_5_data_set_level_errors_abort() {
    for version in ["2.36", "2.41"] {
        let server = TestServer::new(version, Seed::Empty);
        let ids = ids(&server);
        let reply = server
            .post_json(
                "/api/dataValueSets",
                &json!({"dataSet": "nonexistent", "dataValues": [value(&ids.bcg, "202401", &ids.facility_in_district, &ids.bcg_male, "1")]}),
            )
            .await;
        let body = summary(&reply);
        assert_eq!(body["status"], "ERROR");
        assert_eq!(body["description"], "Import process was aborted");
        assert_eq!(body["importCount"]["imported"], 0);
        if version == "2.41" {
            assert_eq!(body["conflicts"][0]["errorCode"], "E7600");
            assert_eq!(reply.status, StatusCode::CONFLICT);
        }
    }
}

#[tokio::test]
async fn s5_2_code_id_scheme_csv_and_completion() {
    let server = TestServer::new("2.41", Seed::Empty);
    let ids = ids(&server);
    let by_code = server
        .post_json(
            "/api/dataValueSets?idScheme=CODE",
            &json!({"dataValues": [{"dataElement": "CH_BCG", "period": "202401", "orgUnit": ids.facility_in_district_code, "categoryOptionCombo": "SEX_MALE", "value": "8"}]}),
        )
        .await;
    assert_eq!(counts(&by_code), (1, 0, 0, 0), "{}", by_code.text());
    let csv = format!(
        "dataelement,period,orgunit,catoptcombo,attroptcombo,value,storedby,lastupdated,comment,followup\n{},202402,{},{},,12,,,\"a, comment\",false\n",
        ids.bcg, ids.facility_in_district, ids.bcg_female
    );
    let reply = server
        .call(
            Method::POST,
            "/api/dataValueSets",
            Some(("application/csv", csv.into_bytes())),
        )
        .await;
    assert_eq!(counts(&reply), (1, 0, 0, 0), "{}", reply.text());
    let rejected = server
        .call(
            Method::POST,
            "/api/dataValueSets",
            Some(("text/csv", b"x".to_vec())),
        )
        .await;
    assert_eq!(rejected.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let exported = server
        .get(&format!(
            "/api/dataValueSets?dataSet={}&period=202402&orgUnit={}",
            ids.child_health, ids.facility_in_district
        ))
        .await
        .json();
    assert_eq!(exported["dataValues"][0]["comment"], "a, comment");
    let completed = server
        .post_json(
            "/api/dataValueSets",
            &json!({"dataSet": ids.child_health, "period": "202403", "orgUnit": ids.facility_in_district, "completeDate": "2024-04-02",
                "dataValues": [{"dataElement": ids.bcg, "categoryOptionCombo": ids.bcg_male, "value": "1"}]}),
        )
        .await;
    assert_eq!(summary(&completed)["dataSetComplete"], "2024-04-02");
    let header = server
        .get(&format!(
            "/api/dataValueSets?dataSet={}&period=202403&orgUnit={}",
            ids.child_health, ids.facility_in_district
        ))
        .await
        .json();
    assert_eq!(header["completeDate"], "2024-04-02");
}

#[tokio::test]
async fn s5_1_payload_timestamps_honoured_up_to_2_40() {
    for (version, honoured) in [("2.40", true), ("2.41", false)] {
        let server = TestServer::new(version, Seed::Empty);
        let ids = ids(&server);
        let mut payload = value(
            &ids.bcg,
            "202401",
            &ids.facility_in_district,
            &ids.bcg_male,
            "3",
        );
        payload["lastUpdated"] = json!("2024-02-03T10:00:00.000");
        payload["created"] = json!("2024-02-03T10:00:00.000");
        import(&server, vec![payload], "").await;
        let exported = server
            .get(&format!(
                "/api/dataValueSets?dataSet={}&period=202401&orgUnit={}",
                ids.child_health, ids.facility_in_district
            ))
            .await
            .json();
        let last_updated = exported["dataValues"][0]["lastUpdated"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(
            last_updated == "2024-02-03T10:00:00.000+0000",
            honoured,
            "{version}: {last_updated}"
        );
    }
}

#[tokio::test]
async fn s1_4_import_needs_authority() {
    let server = TestServer::new("2.42", Seed::Empty);
    {
        let connection = server.state.database.lock().unwrap();
        let mut user = dhis2_lite::users::find_user(&connection, "noapp")
            .unwrap()
            .unwrap();
        user.username = "reader".into();
        user.uid = "Reader00001".into();
        user.authorities = vec!["M_dhis-web-dashboard".into()];
        dhis2_lite::users::insert_user(&connection, &user, "Reader1!").unwrap();
    }
    let reply = server
        .call_as(
            ("reader", "Reader1!"),
            Method::POST,
            "/api/dataValueSets",
            Some(("application/json", b"{}".to_vec())),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(
        reply.json()["message"],
        "Access is denied, requires one Authority from [F_DATAVALUE_ADD]"
    );
}

#[tokio::test]
async fn s9_async_import_and_task_summary() {
    // The job's name (in the message) changed in 2.41; its jobType and task endpoints are
    // DATAVALUE_IMPORT on every version.
    for (version, name) in [
        ("2.36", "dataValueImport"),
        ("2.40", "dataValueImport"),
        ("2.41", "DATAVALUE_IMPORT"),
        ("2.43", "DATAVALUE_IMPORT"),
    ] {
        let job = "DATAVALUE_IMPORT";
        let server = TestServer::new(version, Seed::Empty);
        let ids = ids(&server);
        let reply = import(
            &server,
            vec![value(
                &ids.bcg,
                "202401",
                &ids.facility_in_district,
                &ids.bcg_male,
                "3",
            )],
            "?async=true",
        )
        .await;
        assert_eq!(reply.status, StatusCode::OK);
        let body = reply.json();
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .starts_with(&format!("Initiated {name}")),
            "{version}: {body}"
        );
        assert!(body["response"].get("responseType").is_none());
        assert_eq!(body["response"]["jobType"], job, "{version}: {body}");
        let id = body["response"]["id"].as_str().unwrap();
        assert_eq!(
            body["response"]["relativeNotifierEndpoint"],
            format!("/api/system/tasks/{job}/{id}"),
            "{version}"
        );
        let endpoint = body["response"]["relativeNotifierEndpoint"]
            .as_str()
            .unwrap()
            .to_string();
        let id = body["response"]["id"].as_str().unwrap().to_string();
        assert!(
            reply
                .header("location")
                .unwrap()
                .ends_with(&format!("/api/system/tasks/{job}"))
        );
        let mut completed = false;
        for _ in 0..100 {
            let notifications = server.get(&endpoint).await.json();
            if notifications
                .as_array()
                .unwrap()
                .iter()
                .any(|notification| notification["completed"] == true)
            {
                completed = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert!(completed, "{version}");
        let summary = server
            .get(&format!("/api/system/taskSummaries/{job}/{id}"))
            .await
            .json();
        assert_eq!(summary["responseType"], "ImportSummary");
        assert_eq!(summary["importCount"]["imported"], 1);
        assert_eq!(
            server
                .get(&format!("/api/system/tasks/{job}/unknown"))
                .await
                .json(),
            json!([])
        );
    }
}

#[tokio::test]
async fn seeds_are_deterministic_and_exportable() {
    let first = TestServer::new("2.41", Seed::Large(3000));
    let second_dir = common::temp_dir("second");
    let second = TestServer::open("2.41", Seed::Large(3000), second_dir);
    let ids = ids(&first);
    let query = format!(
        "/api/dataValueSets?dataSet={}&startDate=2024-01-01&endDate=2024-12-31&orgUnit={}&children=true",
        ids.child_health, ids.root
    );
    let one = first.get(&query).await.json();
    let two = second.get(&query).await.json();
    assert_eq!(one["dataValues"].as_array().unwrap().len(), 3000);
    assert_eq!(one, two);
}

#[tokio::test]
async fn s4_1_attachment_sets_content_disposition() {
    let server = TestServer::new("2.41", Seed::Empty);
    let ids = ids(&server);
    let reply = server
        .get(&format!(
            "/api/dataValueSets?dataSet={}&period=202401&orgUnit={}&attachment=values.json",
            ids.child_health, ids.root
        ))
        .await;
    assert_eq!(
        reply.header("content-disposition").unwrap(),
        "attachment; filename=values.json"
    );
}
