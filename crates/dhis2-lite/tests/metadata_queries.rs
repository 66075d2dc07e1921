//! Reference §3: metadata lists, fields, filters, ordering, paging and error shapes.
#![allow(clippy::unwrap_used)]

mod common;

use axum::http::{Method, StatusCode};
use common::{TestServer, all_versions};
use dhis2_lite::Seed;
use serde_json::{Value, json};

#[tokio::test]
async fn s3_1_default_fields_paging_and_order() {
    let server = TestServer::new("2.41", Seed::Empty);
    let reply = server.get("/api/dataElements?pageSize=10").await.json();
    assert_eq!(reply["pager"]["page"], 1);
    assert_eq!(reply["pager"]["pageSize"], 10);
    let total = reply["pager"]["total"].as_u64().unwrap();
    assert!(total >= 40);
    assert_eq!(reply["pager"]["pageCount"], total.div_ceil(10));
    assert!(
        reply["pager"]["nextPage"]
            .as_str()
            .unwrap()
            .ends_with("/api/dataElements?page=2&pageSize=10")
    );
    assert!(reply["pager"].get("prevPage").is_none());
    let first = reply["dataElements"][0].as_object().unwrap();
    assert_eq!(first.keys().collect::<Vec<_>>(), vec!["id", "displayName"]);
    let names: Vec<String> = reply["dataElements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|element| element["displayName"].as_str().unwrap().to_lowercase())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "default order is name case-insensitive");
    let beyond = server.get("/api/dataElements?page=99").await.json();
    assert_eq!(beyond["dataElements"], json!([]));
    assert_eq!(beyond["pager"]["page"], 1);
    let unpaged = server.get("/api/dataSets?paging=false").await.json();
    assert!(unpaged.get("pager").is_none());
    assert_eq!(unpaged["dataSets"].as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn s3_2_nested_fields_star_and_size() {
    let server = TestServer::new("2.41", Seed::Empty);
    let reply = server
        .get("/api/dataSets?fields=id,name,periodType,categoryCombo[id,name],dataSetElements[dataElement[id,valueType]],organisationUnits::size&filter=name:eq:Child%20Health%20Monthly")
        .await
        .json();
    let data_set = &reply["dataSets"][0];
    assert_eq!(data_set["periodType"], "Monthly");
    assert_eq!(data_set["categoryCombo"]["name"], "default");
    assert!(data_set["dataSetElements"][0]["dataElement"]["valueType"].is_string());
    assert!(data_set["organisationUnits"].as_u64().unwrap() > 500);
    let star = server
        .get("/api/dataElements?fields=*&pageSize=1")
        .await
        .json();
    let element = &star["dataElements"][0];
    assert!(element["categoryCombo"]["id"].is_string());
    assert!(
        element["categoryCombo"].get("name").is_none(),
        "references inside * are ids only"
    );
    let root = server
        .get("/api/organisationUnits?filter=level:eq:1&fields=id")
        .await
        .json();
    let root_id = root["organisationUnits"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let tree = server
        .get(&format!(
            "/api/organisationUnits/{root_id}?fields=children[id,name,path,level,children::size]"
        ))
        .await
        .json();
    let regions = tree["children"].as_array().unwrap();
    assert_eq!(regions.len(), 4);
    assert_eq!(regions[0]["level"], 2);
    assert!(
        regions[0]["path"]
            .as_str()
            .unwrap()
            .starts_with(&format!("/{root_id}/"))
    );
}

#[tokio::test]
async fn s3_3_filter_operators_and_root_junction() {
    let server = TestServer::new("2.41", Seed::Empty);
    let count = |reply: &Value, key: &str| reply[key].as_array().unwrap().len();
    let like = server
        .get("/api/dataElements?filter=name:ilike:malaria&paging=false")
        .await
        .json();
    assert_eq!(count(&like, "dataElements"), 2);
    let in_filter = server
        .get("/api/dataSets?filter=periodType:in:[Weekly,Yearly]&paging=false")
        .await
        .json();
    assert_eq!(count(&in_filter, "dataSets"), 2);
    let not_in = server
        .get("/api/dataSets?filter=periodType:!in:[Weekly,Yearly]&paging=false")
        .await
        .json();
    assert_eq!(count(&not_in, "dataSets"), 3);
    let or = server
        .get("/api/dataSets?filter=periodType:eq:Weekly&filter=periodType:eq:Yearly&rootJunction=OR&paging=false")
        .await
        .json();
    assert_eq!(count(&or, "dataSets"), 2);
    let and = server
        .get("/api/dataSets?filter=periodType:eq:Weekly&filter=periodType:eq:Yearly&paging=false")
        .await
        .json();
    assert_eq!(count(&and, "dataSets"), 0);
    let levels = server
        .get("/api/organisationUnits?filter=level:le:2&paging=false")
        .await
        .json();
    assert_eq!(count(&levels, "organisationUnits"), 5);
    let roots = server
        .get("/api/organisationUnits?filter=parent:null&paging=false")
        .await
        .json();
    assert_eq!(count(&roots, "organisationUnits"), 1);
    let dotted = server
        .get("/api/dataElements?filter=dataSetElements.dataSet.periodType:eq:Weekly&paging=false")
        .await
        .json();
    assert_eq!(count(&dotted, "dataElements"), 9);
    let not_null = server
        .get("/api/categoryOptions?filter=endDate:!null&paging=false")
        .await
        .json();
    assert_eq!(count(&not_null, "categoryOptions"), 1);
    let ordered = server
        .get("/api/dataSets?order=name:desc&fields=name")
        .await
        .json();
    assert_eq!(ordered["dataSets"][0]["name"], "Population Yearly");
}

#[tokio::test]
async fn s3_3_filter_errors_per_version() {
    for version in all_versions() {
        let minor: u8 = version[2..].parse().unwrap();
        let server = TestServer::new(&version, Seed::Empty);
        let reply = server.get("/api/dataElements?filter=nope:eq:1").await;
        let body = reply.json();
        assert_eq!(body["message"], "Unknown path property: nope");
        if minor >= 40 {
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{version}");
            assert_eq!(body["errorCode"], "E1003");
        } else {
            assert_eq!(reply.status, StatusCode::CONFLICT, "{version}");
            assert!(body.get("errorCode").is_none());
        }
        let operator = server
            .get("/api/dataElements?filter=name:zz:1")
            .await
            .json();
        assert_eq!(operator["message"], "`zz` is not a valid operator.");
    }
}

#[tokio::test]
async fn s3_1_single_object_and_not_found_per_version() {
    for version in all_versions() {
        let minor: u8 = version[2..].parse().unwrap();
        let server = TestServer::new(&version, Seed::Empty);
        let combo = server.get("/api/categoryCombos/bjDvmb4bfuf").await.json();
        assert_eq!(combo["name"], "default");
        assert_eq!(combo["categoryOptionCombos"][0]["id"], "HllvX50cXC0");
        let missing = server.get("/api/dataElements/abcdefghijk").await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        let body = missing.json();
        assert_eq!(
            body["message"],
            "DataElement with id abcdefghijk could not be found."
        );
        assert_eq!(body.get("errorCode").is_some(), minor >= 40, "{version}");
    }
}

#[tokio::test]
async fn s0_default_category_uids_and_demo_shape() {
    let server = TestServer::new("2.41", Seed::Empty);
    for (collection, uid) in [
        ("categoryOptions", "xYerKDKCefk"),
        ("categories", "GLevLNI9wkl"),
        ("categoryCombos", "bjDvmb4bfuf"),
        ("categoryOptionCombos", "HllvX50cXC0"),
    ] {
        let object = server.get(&format!("/api/{collection}/{uid}")).await.json();
        assert_eq!(object["name"], "default");
        assert_eq!(object["code"], "default");
    }
    let levels = server
        .get("/api/organisationUnitLevels?fields=level,name&order=level:asc")
        .await
        .json();
    assert_eq!(
        levels["organisationUnitLevels"].as_array().unwrap().len(),
        5
    );
    let attribute = server.get("/api/categoryCombos?filter=dataDimensionType:eq:ATTRIBUTE&fields=name,categoryOptionCombos::size").await.json();
    assert_eq!(attribute["categoryCombos"][0]["categoryOptionCombos"], 4);
    for level in 1..=5 {
        let total = server
            .get(&format!("/api/organisationUnits?level={level}&pageSize=1"))
            .await
            .json()["pager"]["total"]
            .clone();
        println!("level {level}: {total}");
    }
}

#[tokio::test]
async fn s3_4_org_unit_relatives() {
    let server = TestServer::new("2.41", Seed::Empty);
    let root = server
        .get("/api/organisationUnits?filter=level:eq:1&fields=id")
        .await
        .json()["organisationUnits"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let children = server
        .get(&format!(
            "/api/organisationUnits/{root}?includeChildren=true&fields=id,level"
        ))
        .await
        .json();
    assert_eq!(children["organisationUnits"].as_array().unwrap().len(), 5);
    let districts = server
        .get(&format!("/api/organisationUnits/{root}?level=2&fields=id"))
        .await
        .json();
    assert_eq!(districts["organisationUnits"].as_array().unwrap().len(), 14);
    let groups = server.get("/api/organisationUnitGroups?fields=name,organisationUnits::size&filter=name:eq:Hospital").await.json();
    assert!(
        groups["organisationUnitGroups"][0]["organisationUnits"]
            .as_u64()
            .unwrap()
            > 10
    );
}

#[tokio::test]
async fn s3_3_org_units_found_by_name_inside_a_subtree_page_by_page() {
    let server = TestServer::new("2.41", Seed::Empty);
    // A facility and the district on its path, read from the server.
    let facilities = server
        .get("/api/organisationUnits?filter=level:eq:4&fields=id,name,path,level&pageSize=1")
        .await
        .json();
    let facility = &facilities["organisationUnits"][0];
    let name = facility["name"].as_str().unwrap().to_string();
    let path = facility["path"].as_str().unwrap().to_string();
    let district = path.split('/').nth(2).unwrap().to_string();
    let other_district = server
        .get(&format!(
            "/api/organisationUnits?filter=level:eq:2&filter=id:!eq:{district}&fields=id&pageSize=1"
        ))
        .await
        .json()["organisationUnits"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    // Part of the name in another case, inside the district: found with its path and level.
    let part: String = name
        .chars()
        .skip(1)
        .take(5)
        .collect::<String>()
        .to_uppercase();
    let query = |within: &str, page: u32| {
        format!(
            "/api/organisationUnits?filter=name:ilike:{}&filter=path:like:{within}\
             &fields=id,displayName,path,level&page={page}&pageSize=1",
            part.replace(' ', "%20")
        )
    };
    let first = server.get(&query(&district, 1)).await.json();
    let total = first["pager"]["total"].as_u64().unwrap();
    assert!(total >= 1, "{part} in {district}");
    assert_eq!(first["pager"]["pageCount"], total);
    let mut found = Vec::new();
    for page in 1..=total as u32 {
        let reply = server.get(&query(&district, page)).await.json();
        let units = reply["organisationUnits"].as_array().unwrap().clone();
        assert_eq!(units.len(), 1, "page {page}");
        let unit = &units[0];
        assert_eq!(
            unit.as_object().unwrap().keys().collect::<Vec<_>>(),
            vec!["id", "displayName", "path", "level"]
        );
        assert!(
            unit["displayName"]
                .as_str()
                .unwrap()
                .to_uppercase()
                .contains(&part)
        );
        assert!(unit["path"].as_str().unwrap().contains(&district));
        found.push(unit["id"].as_str().unwrap().to_string());
    }
    assert!(found.contains(&facility["id"].as_str().unwrap().to_string()));
    // The same text in another district does not find this facility.
    let elsewhere = server
        .get(&query(&other_district, 1).replace("pageSize=1", "paging=false"))
        .await
        .json();
    assert!(
        elsewhere["organisationUnits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|unit| unit["id"] != facility["id"])
    );
}

#[tokio::test]
async fn s3_4_user_org_units_with_data_view_fallback() {
    let server = TestServer::new("2.41", Seed::Empty);
    let data_entry = ("dataentry", "District1!");
    let ids_of = |reply: common::Reply| -> Vec<String> {
        reply.json()["organisationUnits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|unit| unit["displayName"].as_str().unwrap().to_string())
            .collect()
    };
    for flag in ["userOnly", "userDataViewOnly", "userDataViewFallback"] {
        let reply = server
            .call_as(
                data_entry,
                Method::GET,
                &format!("/api/organisationUnits?{flag}=true"),
                None,
            )
            .await;
        assert_eq!(ids_of(reply), vec!["Bo District".to_string()], "{flag}");
    }
    // Without data view units: the fallback uses the capture units, data-view-only finds none.
    {
        let connection = server.state.database().unwrap();
        let mut user = dhis2_lite::users::find_user(&connection, "dataentry")
            .unwrap()
            .unwrap();
        user.data_view_organisation_units.clear();
        connection
            .execute(
                "UPDATE app_user SET json = ?1 WHERE uid = ?2",
                [serde_json::to_string(&user).unwrap(), user.uid.clone()],
            )
            .unwrap();
    }
    let fallback = server
        .call_as(
            data_entry,
            Method::GET,
            "/api/organisationUnits?userDataViewFallback=true",
            None,
        )
        .await;
    assert_eq!(ids_of(fallback), vec!["Bo District".to_string()]);
    let only = server
        .call_as(
            data_entry,
            Method::GET,
            "/api/organisationUnits?userDataViewOnly=true",
            None,
        )
        .await;
    assert!(ids_of(only).is_empty());
}

#[tokio::test]
async fn s3_4_option_sets_and_the_codes_of_their_options() {
    let server = TestServer::new("2.41", Seed::Empty);
    let element = server
        .get("/api/dataElements?filter=code:eq:POP_OWNERSHIP&fields=id,valueType,optionSetValue,optionSet[id,name,valueType,options[code,sortOrder]]")
        .await
        .json()["dataElements"][0]
        .clone();
    assert_eq!(element["optionSetValue"], true);
    let option_set = &element["optionSet"];
    assert_eq!(option_set["name"], "Facility ownership");
    assert_eq!(option_set["valueType"], "TEXT");
    let codes: Vec<&str> = option_set["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|option| option["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["PUBLIC", "PRIVATE", "NGO", "FAITH_BASED"]);
    assert_eq!(option_set["options"][1]["sortOrder"], 2);
    let set_id = option_set["id"].as_str().unwrap();
    // The options themselves, paged, filtered by their set.
    let first = server
        .get(&format!("/api/options?filter=optionSet.id:in:[{set_id},nope]&fields=code,optionSet[id]&order=sortOrder:asc&pageSize=3"))
        .await
        .json();
    assert_eq!(first["pager"]["total"], 4);
    assert_eq!(first["pager"]["pageCount"], 2);
    assert_eq!(first["options"][0]["code"], "PUBLIC");
    assert_eq!(first["options"][0]["optionSet"]["id"], set_id);
    let second = server
        .get(&format!("/api/options?filter=optionSet.id:in:[{set_id}]&fields=code&order=sortOrder:asc&pageSize=3&page=2"))
        .await
        .json();
    assert_eq!(second["options"], json!([{"code": "FAITH_BASED"}]));
    let single = server
        .get(&format!("/api/optionSets/{set_id}"))
        .await
        .json();
    assert_eq!(single["options"].as_array().unwrap().len(), 4);
    let star = server
        .get("/api/dataElements?filter=code:eq:POP_OWNERSHIP&fields=*")
        .await
        .json();
    assert_eq!(
        star["dataElements"][0]["optionSet"],
        json!({"id": set_id}),
        "the option set is a reference, as in DHIS2"
    );
}

/// What a sync reads of a destination before writing (`dhis2-api`'s `destination_catalog`):
/// data elements by id with their combos' option combos, the data sets that contain them, the
/// attribute option combos' category options with their dates and org units, org units with
/// their paths and data sets, and the strict import settings.
#[tokio::test]
async fn s3_metadata_a_sync_reads_before_writing() {
    let server = TestServer::new("2.41", Seed::Empty);
    let hiv = server
        .get("/api/dataSets?filter=name:eq:HIV%20Programme%20Monthly&fields=id,dataSetElements[dataElement[id]],categoryCombo[id]")
        .await
        .json()["dataSets"][0]
        .clone();
    let hiv_id = hiv["id"].as_str().unwrap().to_string();
    let element_ids: Vec<String> = hiv["dataSetElements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|element| element["dataElement"]["id"].as_str().unwrap().to_string())
        .collect();
    let ids = element_ids[..3].join(",");
    let elements = server
        .get(&format!("/api/dataElements?filter=id:in:[{ids}]&fields=id,valueType,aggregationType,zeroIsSignificant,optionSet[id],categoryCombo[id,categoryOptionCombos[id]]&paging=false"))
        .await
        .json();
    let elements = elements["dataElements"].as_array().unwrap();
    assert_eq!(elements.len(), 3);
    assert!(
        elements
            .iter()
            .all(|element| element.get("optionSet").is_none())
    );
    let age_sex = elements
        .iter()
        .find(|element| {
            element["categoryCombo"]["categoryOptionCombos"]
                .as_array()
                .unwrap()
                .len()
                == 8
        })
        .expect("an age and sex element");
    assert!(age_sex["valueType"].is_string());

    // Data sets containing the elements, with what the period rules need.
    server
        .call(
            Method::PUT,
            &format!("/api/dataSets/{hiv_id}"),
            Some(("application/json", {
                let mut data_set = server.get(&format!("/api/dataSets/{hiv_id}")).await.json();
                data_set["expiryDays"] = json!(30);
                data_set["openFuturePeriods"] = json!(2);
                data_set["dataInputPeriods"] = json!([{"period": {"id": "202401"}, "openingDate": "2024-02-01T00:00:00.000", "closingDate": "2024-03-01T00:00:00.000"}]);
                data_set.to_string().into_bytes()
            })),
        )
        .await;
    let containing = server
        .get(&format!("/api/dataSets?filter=dataSetElements.dataElement.id:in:[{ids}]&fields=id,periodType,categoryCombo[id],dataSetElements[dataElement[id]],expiryDays,openFuturePeriods,openPeriodsAfterCoEndDate,dataInputPeriods[period,openingDate,closingDate],workflow[id]&pageSize=5"))
        .await
        .json();
    assert_eq!(containing["pager"]["total"], 1);
    let data_set = &containing["dataSets"][0];
    assert_eq!(data_set["id"], hiv_id);
    assert_eq!(data_set["periodType"], "Monthly");
    assert_eq!(data_set["categoryCombo"]["id"], hiv["categoryCombo"]["id"]);
    assert_eq!(data_set["expiryDays"], 30);
    assert_eq!(data_set["openFuturePeriods"], 2);
    assert_eq!(data_set["openPeriodsAfterCoEndDate"], 0);
    assert_eq!(data_set["dataInputPeriods"][0]["period"]["id"], "202401");
    assert_eq!(
        data_set["dataInputPeriods"][0]["closingDate"],
        "2024-03-01T00:00:00.000"
    );
    assert!(
        data_set.get("workflow").is_none(),
        "null members are omitted"
    );

    // The attribute combo's option combos, paged, and their category options' limits.
    let combo_id = hiv["categoryCombo"]["id"].as_str().unwrap();
    let mut option_ids: Vec<String> = Vec::new();
    for page in 1..=2 {
        let combos = server
            .get(&format!("/api/categoryOptionCombos?filter=categoryCombo.id:in:[{combo_id}]&fields=id,displayName,categoryCombo[id],categoryOptions[id]&pageSize=3&page={page}"))
            .await
            .json();
        assert_eq!(combos["pager"]["total"], 4);
        assert_eq!(combos["pager"]["pageCount"], 2);
        option_ids.extend(
            combos["categoryOptionCombos"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|combo| combo["categoryOptions"].as_array().unwrap().clone())
                .map(|option| option["id"].as_str().unwrap().to_string()),
        );
    }
    let options = server
        .get(&format!("/api/categoryOptions?filter=id:in:[{}]&fields=id,displayName,startDate,endDate,organisationUnits[id]&paging=false", option_ids.join(",")))
        .await
        .json();
    let options = options["categoryOptions"].as_array().unwrap();
    assert_eq!(options.len(), 4);
    let world_bank = options
        .iter()
        .find(|option| option["displayName"] == "World Bank")
        .unwrap();
    assert_eq!(world_bank["startDate"], "2024-07-01T00:00:00.000");
    assert!(world_bank.get("endDate").is_none());
    assert_eq!(world_bank["organisationUnits"], json!([]));

    // Org units with their paths and data sets.
    let facility = server
        .get(&format!(
            "/api/organisationUnits?filter=dataSets.id:eq:{hiv_id}&fields=id&pageSize=1"
        ))
        .await
        .json()["organisationUnits"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let units = server
        .get(&format!("/api/organisationUnits?filter=id:in:[{facility},nope]&fields=id,path,dataSets[id]&paging=false"))
        .await
        .json();
    let unit = &units["organisationUnits"][0];
    assert_eq!(units["organisationUnits"].as_array().unwrap().len(), 1);
    assert!(
        unit["path"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/{facility}"))
    );
    assert!(
        unit["dataSets"]
            .as_array()
            .unwrap()
            .iter()
            .any(|data_set| data_set["id"] == hiv_id)
    );

    // The strict import settings.
    let settings = server
        .get("/api/systemSettings?key=keyDataImportStrictPeriods&key=keyDataImportStrictDataSetLocking")
        .await
        .json();
    assert_eq!(settings["keyDataImportStrictPeriods"], false);
    assert_eq!(settings["keyDataImportStrictDataSetLocking"], false);
}
