//! Runs to a destination that shares no UIDs with the source (dhis2-lite's `demo-remapped`),
//! sent with CODE id schemes: what lands is read back through the destination's API on its own
//! UIDs, and what the source cannot name (no code) is listed in the report, never sent.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Context, Result};
use common::{Key, Lite, Pair, rule};
use dhis2_lite::Seed;
use serde_json::Value;
use sync_core::id_scheme::{IdScheme, IdSchemes};
use sync_core::model::{Aggregation, IssueCode, LeftBehindKind, ReportStatus};
use sync_engine::CancelToken;

const START: &str = "2024-01-01";
const END: &str = "2024-03-31";

fn codes() -> IdSchemes {
    IdSchemes {
        id_scheme: IdScheme::Code,
        ..IdSchemes::default()
    }
}

async fn remapped_pair() -> Result<Pair> {
    Ok(Pair {
        source: Lite::start(Seed::Demo, "2.41").await?,
        destination: Lite::start(Seed::DemoRemapped, "2.41").await?,
    })
}

/// UID → code of every object of `collection` on `server`.
async fn codes_of(server: &Lite, collection: &str) -> Result<BTreeMap<String, String>> {
    let list = server
        .get(&format!("{collection}?fields=id,code&paging=false"))
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

/// The source's UIDs → the destination's, through codes, per kind (data elements, org units,
/// option combos).
struct ByCode {
    data_elements: BTreeMap<String, String>,
    org_units: BTreeMap<String, String>,
    option_combos: BTreeMap<String, String>,
}

impl ByCode {
    async fn read(pair: &Pair) -> Result<ByCode> {
        let mut maps = Vec::new();
        for collection in ["dataElements", "organisationUnits", "categoryOptionCombos"] {
            let source = codes_of(&pair.source, collection).await?;
            let destination: BTreeMap<String, String> = codes_of(&pair.destination, collection)
                .await?
                .into_iter()
                .map(|(uid, code)| (code, uid))
                .collect();
            maps.push(
                source
                    .into_iter()
                    .filter_map(|(uid, code)| Some((uid, destination.get(&code)?.clone())))
                    .collect(),
            );
        }
        let option_combos = maps.pop().context("three maps")?;
        let org_units = maps.pop().context("three maps")?;
        let data_elements = maps.pop().context("three maps")?;
        Ok(ByCode {
            data_elements,
            org_units,
            option_combos,
        })
    }

    /// The destination's key of a source key, if every object has a code the destination knows.
    fn key(&self, key: &Key) -> Option<Key> {
        Some((
            self.data_elements.get(&key.0)?.clone(),
            key.1.clone(),
            self.org_units.get(&key.2)?.clone(),
            self.option_combos.get(&key.3)?.clone(),
            self.option_combos.get(&key.4)?.clone(),
        ))
    }
}

/// Removes the code of the source's data element with `code`; returns its UID.
async fn remove_code(server: &Lite, code: &str) -> Result<String> {
    let list = server
        .get(&format!("dataElements?filter=code:eq:{code}&fields=id"))
        .await?;
    let id = list["dataElements"][0]["id"]
        .as_str()
        .context("the element")?
        .to_string();
    let mut object = server.get(&format!("dataElements/{id}")).await?;
    object.as_object_mut().context("an object")?.remove("code");
    let (status, text) = server
        .send(reqwest::Method::PUT, &format!("dataElements/{id}"), &object)
        .await?;
    anyhow::ensure!(status == 200, "PUT: {status} {text}");
    Ok(id)
}

/// Eight facilities of Bo District at the source: the two the remapped seed changed (found by
/// their changed code and name at the destination) and six others.
async fn bo_facilities(pair: &Pair) -> Result<Vec<String>> {
    let source_id = |name: String| async move {
        let units = pair
            .source
            .get(&format!(
                "organisationUnits?filter=name:eq:{}&fields=id",
                name.replace(' ', "%20")
            ))
            .await?;
        units["organisationUnits"][0]["id"]
            .as_str()
            .map(str::to_string)
            .with_context(|| format!("{name} at the source"))
    };
    let recoded = pair
        .destination
        .get("organisationUnits?filter=code:like:_OLD&fields=name")
        .await?;
    let relocated = pair
        .destination
        .get("organisationUnits?filter=name:like:(relocated)&fields=name")
        .await?;
    let name = |list: &Value| {
        list["organisationUnits"][0]["name"]
            .as_str()
            .map(|name| name.trim_end_matches(" (relocated)").to_string())
            .context("a changed facility")
    };
    let mut facilities = vec![
        source_id(name(&recoded)?).await?,
        source_id(name(&relocated)?).await?,
    ];
    let districts = pair
        .source
        .get("organisationUnits?filter=name:eq:Bo%20District&fields=id")
        .await?;
    let district = districts["organisationUnits"][0]["id"]
        .as_str()
        .context("Bo District")?;
    let units = pair
        .source
        .get(&format!(
            "organisationUnits?filter=path:like:{district}&filter=level:eq:5&fields=id&paging=false"
        ))
        .await?;
    for unit in units["organisationUnits"].as_array().context("units")? {
        let id = unit["id"].as_str().context("an id")?.to_string();
        if facilities.len() < 8 && !facilities.contains(&id) {
            facilities.push(id);
        }
    }
    Ok(facilities)
}

fn values(set: &Value) -> BTreeMap<Key, String> {
    common::values_of(set)
}

#[tokio::test(flavor = "current_thread")]
async fn a_raw_rule_by_codes_lands_on_the_remapped_ids_and_lists_what_has_no_code() -> Result<()> {
    let pair = remapped_pair().await?;
    let no_code = remove_code(&pair.source, "CH_REMARKS").await?;
    let data_set = pair.data_set("Child Health Monthly").await?;
    let facilities = bo_facilities(&pair).await?;
    let by_code = ByCode::read(&pair).await?;
    let source = pair.source.client();
    let destination = pair.destination.client();
    let run = rule(&data_set, &facilities, START, END);
    let result = Pair::run_with_schemes(
        &run,
        &source,
        &destination,
        None,
        &CancelToken::new(),
        codes(),
    )
    .await;
    let report = &result.report;

    let expected_source = pair
        .values(&pair.source, &data_set, &facilities, START, END)
        .await?;
    assert!(!expected_source.is_empty());
    // What lands: every source value whose objects all have a code the destination knows, on
    // the destination's own UIDs.
    let expected: BTreeMap<Key, String> = expected_source
        .iter()
        .filter(|(key, _)| key.0 != no_code)
        .filter_map(|(key, value)| Some((by_code.key(key)?, value.clone())))
        .collect();
    let destination_set = pair
        .destination
        .get("dataSets?filter=code:eq:DS_CHILD_HEALTH&fields=id")
        .await?["dataSets"][0]["id"]
        .as_str()
        .context("the destination's data set")?
        .to_string();
    let destination_units: BTreeSet<String> = facilities
        .iter()
        .filter_map(|unit| by_code.org_units.get(unit).cloned())
        .collect();
    assert_eq!(
        destination_units.len(),
        facilities.len() - 2,
        "the remapped seed renamed two facilities"
    );
    let landed = values(
        &pair
            .destination
            .get(&format!(
                "dataValueSets?dataSet={destination_set}&startDate={START}&endDate={END}{}",
                destination_units
                    .iter()
                    .map(|unit| format!("&orgUnit={unit}"))
                    .collect::<String>()
            ))
            .await?,
    );
    assert!(!expected.is_empty());
    assert_eq!(landed, expected);
    assert_eq!(report.tally.confirmed, expected.len() as u64);

    // The element without a code: listed, unsent, never sent.
    let unsent: Vec<_> = report
        .left_behind
        .iter()
        .filter(|item| item.kind == LeftBehindKind::Unsent)
        .collect();
    let remarks = expected_source
        .keys()
        .filter(|key| key.0 == no_code)
        .count();
    assert!(remarks > 0);
    assert_eq!(unsent.len(), remarks, "{unsent:#?}");
    assert!(unsent.iter().all(|item| item.value.data_element == no_code
        && item.reason.contains("\"Clinic remarks\"")
        && item.reason.contains("has no code at the source")));
    // Items the destination names otherwise (by name only, or not at all) are its refusals.
    assert!(report.tally.refused > 0);
    assert_eq!(
        report.tally.confirmed + report.tally.refused + report.tally.unsent,
        expected_source.len() as u64
    );
    assert_eq!(report.status, ReportStatus::Warning, "{:#?}", report.errors);
    assert!(
        report
            .issues
            .iter()
            .any(|issue| issue.code == IssueCode::SentWithIdSchemes)
    );
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn an_aggregated_rule_by_codes_lands_on_the_remapped_ids() -> Result<()> {
    let pair = remapped_pair().await?;
    let no_code = remove_code(&pair.source, "CH_BCG").await?;
    let data_set = pair.data_set("Child Health Monthly").await?;
    let districts = pair
        .source
        .get("organisationUnits?filter=name:eq:Bo%20District&fields=id")
        .await?;
    let district = districts["organisationUnits"][0]["id"]
        .as_str()
        .context("Bo District")?
        .to_string();
    let by_code = ByCode::read(&pair).await?;
    let mut quarterly = rule(&data_set, std::slice::from_ref(&district), START, END);
    quarterly.aggregation = Aggregation::On {
        period_type: sync_core::period::PeriodType::Quarterly,
    };
    let source = pair.source.client();
    let destination = pair.destination.client();
    let result = Pair::run_with_schemes(
        &quarterly,
        &source,
        &destination,
        None,
        &CancelToken::new(),
        codes(),
    )
    .await;
    let report = &result.report;
    let destination_district = by_code
        .org_units
        .get(&district)
        .context("Bo District by code")?;
    let landed = values(
        &pair
            .destination
            .get(&format!(
                "dataValueSets?orgUnit={destination_district}&period=2024Q1&dataSet={}",
                pair.destination
                    .get("dataSets?filter=code:eq:DS_CHILD_HEALTH&fields=id")
                    .await?["dataSets"][0]["id"]
                    .as_str()
                    .context("the destination's data set")?
            ))
            .await?,
    );
    assert!(!landed.is_empty());
    assert_eq!(landed.len() as u64, report.tally.confirmed);
    let destination_elements: BTreeSet<&String> = by_code.data_elements.values().collect();
    for key in landed.keys() {
        assert!(destination_elements.contains(&key.0), "{key:?}");
        assert_eq!(&key.2, destination_district);
    }
    // BCG's aggregates: listed as not sent, none landed.
    let bcg: Vec<_> = report
        .left_behind
        .iter()
        .filter(|item| item.value.data_element == no_code)
        .collect();
    assert!(!bcg.is_empty());
    assert!(
        bcg.iter()
            .all(|item| item.kind == LeftBehindKind::Unsent && item.reason.contains("has no code"))
    );
    assert_eq!(report.status, ReportStatus::Warning, "{:#?}", report.errors);
    Ok(())
}
