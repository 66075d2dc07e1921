//! A destination that shares no UIDs with the source (dhis2-lite's `demo-remapped`), sent by
//! codes: the destination is added in the form with the identifier scheme "Code", a rule to it
//! runs from the rules page, and every value whose objects the destination knows by code lands
//! on the destination's own UIDs (read back through its API); the ones it names otherwise are
//! its refusals, so the run ends WARNING.

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::{Context, Result};
use fantoccini::Locator;
use serde_json::{Value, json};
use sync_core::model::{
    Aggregation, CategoryOptionSelection, DataSelection, DataSetSelection, ImportStrategy,
    PeriodSelection, RULE_SCHEMA_VERSION, Rule, to_json,
};

use crate::harness::{
    Instance, InstanceOptions, RunOptions, eventually_polling, key_of, with_app_options,
};

/// UID → code of every object of `collection`.
async fn codes(instance: &Instance, collection: &str) -> Result<BTreeMap<String, String>> {
    let list = instance
        .api_get(&format!("{collection}?fields=id,code&paging=false"))
        .await?;
    Ok(list[collection]
        .as_array()
        .context("a list")?
        .iter()
        .filter_map(|object| {
            Some((
                object["id"].as_str()?.to_string(),
                object["code"].as_str()?.to_string(),
            ))
        })
        .collect())
}

/// The source's UIDs → the destination's, through the codes, of `collection`.
async fn by_code(
    source: &Instance,
    destination: &Instance,
    collection: &str,
) -> Result<BTreeMap<String, String>> {
    let theirs: BTreeMap<String, String> = codes(destination, collection)
        .await?
        .into_iter()
        .map(|(uid, code)| (code, uid))
        .collect();
    Ok(codes(source, collection)
        .await?
        .into_iter()
        .filter_map(|(uid, code)| Some((uid, theirs.get(&code)?.clone())))
        .collect())
}

async fn choose(browser: &crate::harness::Browser, test: &str, value: &str) -> Result<()> {
    browser
        .wait_test(test)
        .await?
        .select_by_value(value)
        .await?;
    Ok(())
}

async fn fill(browser: &crate::harness::Browser, test: &str, text: &str) -> Result<()> {
    let input = browser.wait_test(test).await?;
    input.clear().await?;
    input.send_keys(text).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_destination_sent_by_codes_receives_the_values_on_its_own_uids() -> Result<()> {
    let source = Instance::start(InstanceOptions::default()).await?;
    let destination = Instance::start(InstanceOptions {
        seed: "demo-remapped",
        install_app: false,
        ..InstanceOptions::default()
    })
    .await?;
    destination
        .api_post("configuration/corsWhitelist", &json!([source.base_url()]))
        .await?;
    // The destination refuses what it names otherwise: its import answers 409 with conflicts.
    let options = RunOptions {
        allowed_console_errors: &["409 (Conflict)"],
        ..RunOptions::default()
    };
    with_app_options((source, destination), options, async |browser, (source, destination)| {
        browser
            .log_in(&source.base_url(), "admin", "district")
            .await?;
        browser
            .goto(&format!("{}#/destinations/new", source.app_url()))
            .await?;
        fill(&browser, "destination-name-input", "Remapped").await?;
        choose(&browser, "destination-kind-select", "direct-basic").await?;
        fill(&browser, "destination-url-input", &destination.base_url()).await?;
        fill(&browser, "destination-username-input", "admin").await?;
        fill(&browser, "destination-password-input", "district").await?;
        choose(&browser, "destination-id-scheme", "CODE").await?;
        browser.wait_test("destination-save").await?.click().await?;
        browser
            .wait_texts("[data-test='destination-name']", &["Remapped".to_string()])
            .await?;
        let keys: Vec<String> =
            serde_json::from_value(source.api_get("dataStore/aggregate-sync").await?)?;
        let key = keys
            .iter()
            .find(|key| key.starts_with("destination-"))
            .context("the stored destination")?;
        let stored = source
            .api_get(&format!("dataStore/aggregate-sync/{key}"))
            .await?;
        assert_eq!(stored["idSchemes"]["idScheme"], "CODE", "{stored}");
        let destination_id = stored["id"].as_str().context("its id")?.to_string();

        // A rule to it: March 2024 of the child health data set for three facilities the
        // destination knows by code.
        let data_set = source
            .api_get("dataSets?filter=code:eq:DS_CHILD_HEALTH&fields=id")
            .await?["dataSets"][0]["id"]
            .as_str()
            .context("the data set")?
            .to_string();
        let units = by_code(&source, &destination, "organisationUnits").await?;
        let facilities: Vec<String> = source
            .api_get("organisationUnits?level=5&fields=id&paging=false")
            .await?["organisationUnits"]
            .as_array()
            .context("facilities")?
            .iter()
            .filter_map(|unit| unit["id"].as_str().map(str::to_string))
            .filter(|id| units.contains_key(id))
            .take(3)
            .collect();
        let rule = Rule {
            schema_version: RULE_SCHEMA_VERSION,
            id: "rUleByCode1".into(),
            name: "By codes".into(),
            code: None,
            description: None,
            selection: DataSelection {
                data_sets: vec![DataSetSelection {
                    id: data_set.clone(),
                    excluded_data_elements: vec![],
                }],
                data_elements: vec![],
                data_element_groups: vec![],
            },
            org_units: facilities.clone(),
            period: PeriodSelection::Fixed {
                start_date: "2024-03-01".parse()?,
                end_date: "2024-03-31".parse()?,
            },
            category_options: CategoryOptionSelection::All,
            aggregation: Aggregation::Off,
            destination_id,
            import_strategy: ImportStrategy::CreateAndUpdate,
            send_deletions: false,
            dry_run: false,
            schedule: None,
            last_run: None,
            last_successful_run: None,
            pending: vec![],
        };
        let value: Value = serde_json::from_str(&to_json(&rule)?)?;
        source
            .api_post("dataStore/aggregate-sync/rule-rUleByCode1", &value)
            .await?;

        browser
            .goto(&format!("{}#/rules", source.app_url()))
            .await?;
        let xpath = "//tr[@data-test='rule-row'][.//*[@data-test='rule-name' and normalize-space()='By codes']]";
        let row = browser
            .client()
            .wait()
            .at_most(crate::harness::WAIT)
            .for_element(Locator::XPath(xpath))
            .await
            .context("the rule's row")?;
        row.find(Locator::Css("[data-test='rule-run']"))
            .await?
            .click()
            .await?;
        crate::sync_runs::enter_credentials(&browser).await?;
        let status = eventually_polling(
            "the end of the run",
            Duration::from_secs(240),
            Duration::from_millis(200),
            async || {
                if let Ok(status) = browser
                    .client()
                    .find(Locator::Css("[data-test='run-status']"))
                    .await
                {
                    let text = status.text().await?;
                    if !text.is_empty() {
                        return Ok(Some(text));
                    }
                }
                Ok(None)
            },
        )
        .await?;

        // What landed: every source value whose data element, org unit and combos the
        // destination knows by code, on the destination's UIDs.
        let elements = by_code(&source, &destination, "dataElements").await?;
        let combos = by_code(&source, &destination, "categoryOptionCombos").await?;
        let unit_params: String = facilities
            .iter()
            .map(|unit| format!("&orgUnit={unit}"))
            .collect();
        let sent = source
            .api_get(&format!(
                "dataValueSets?dataSet={data_set}&startDate=2024-03-01&endDate=2024-03-31{unit_params}"
            ))
            .await?;
        let mut expected = BTreeMap::new();
        let mut not_by_code = 0;
        for value in sent["dataValues"].as_array().context("values")? {
            let key = key_of(value);
            match (
                elements.get(&key.0),
                units.get(&key.2),
                combos.get(&key.3),
                combos.get(&key.4),
            ) {
                (Some(element), Some(unit), Some(combo), Some(attribute)) => {
                    expected.insert(
                        (element.clone(), key.1.clone(), unit.clone(), combo.clone(), attribute.clone()),
                        value["value"].clone(),
                    );
                }
                _ => not_by_code += 1,
            }
        }
        assert!(!expected.is_empty());
        assert!(not_by_code > 0, "the remapped seed names some elements otherwise");
        let destination_set = destination
            .api_get("dataSets?filter=code:eq:DS_CHILD_HEALTH&fields=id")
            .await?["dataSets"][0]["id"]
            .as_str()
            .context("the destination's data set")?
            .to_string();
        let their_units: String = facilities
            .iter()
            .filter_map(|unit| units.get(unit))
            .map(|unit| format!("&orgUnit={unit}"))
            .collect();
        let landed = destination
            .api_get(&format!(
                "dataValueSets?dataSet={destination_set}&startDate=2024-03-01&endDate=2024-03-31{their_units}"
            ))
            .await?;
        let landed: BTreeMap<_, _> = landed["dataValues"]
            .as_array()
            .context("landed values")?
            .iter()
            .map(|value| (key_of(value), value["value"].clone()))
            .collect();
        assert_eq!(landed, expected);
        assert!(status.contains("WARNING"), "{status}");
        Ok::<_, anyhow::Error>(())
    })
    .await
}
