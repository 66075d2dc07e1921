//! Runs to a destination that shares no UIDs with the source (dhis2-lite's `demo-remapped`),
//! through a stored mapping: auto-mapped from both sides' metadata, then fixed by hand (the
//! element that matches nothing mapped to its renamed twin, "Clinic remarks" excluded, the
//! BOOLEAN "Cold chain functional" sent to the PERCENTAGE "Cold chain functional %"). What lands
//! is read back through the destination's API and compared value by value with the source's
//! values translated through the mapping; what the mapping excludes or does not map is listed
//! as not sent, with the reason.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Context, Result};
use common::{Key, Lite, Pair, rule};
use dhis2_api::mapping_metadata::MetadataScope;
use dhis2_lite::Seed;
use sync_core::mapping::auto::{AutoMapOptions, auto_map};
use sync_core::mapping::translate::{SourceIds, Translator};
use sync_core::mapping::{DataElementMapping, Mapping, Target};
use sync_core::model::{Aggregation, IssueCode, LeftBehindKind, ReportStatus};

const START: &str = "2024-01-01";
const END: &str = "2024-03-31";

async fn remapped_pair() -> Result<Pair> {
    Ok(Pair {
        source: Lite::start(Seed::Demo, "2.41").await?,
        destination: Lite::start(Seed::DemoRemapped, "2.41").await?,
    })
}

/// The id of the data element with `code` on `server`.
async fn element(server: &Lite, code: &str) -> Result<String> {
    let found = server
        .get(&format!("dataElements?filter=code:eq:{code}&fields=id"))
        .await?;
    found["dataElements"][0]["id"]
        .as_str()
        .map(str::to_owned)
        .with_context(|| format!("no data element {code}"))
}

/// The ids of the org units named `name` on `server`.
async fn unit(server: &Lite, name: &str) -> Result<String> {
    let found = server
        .get(&format!(
            "organisationUnits?filter=name:eq:{}&fields=id",
            name.replace(' ', "%20")
        ))
        .await?;
    found["organisationUnits"][0]["id"]
        .as_str()
        .map(str::to_owned)
        .with_context(|| format!("no org unit {name}"))
}

/// The mapping a person ends up with, saved on the source for the rule's destination; and the
/// translator the test checks values with.
struct Mapped {
    translator: Translator,
    cold_chain: String,
    cold_chain_percent: String,
    remarks: String,
}

async fn map_by_hand(pair: &Pair, destination_id: &str) -> Result<Mapped> {
    let source = pair.source.client();
    let destination = pair.destination.client();
    let everything = MetadataScope::default();
    let source_side = source.mapping_metadata(&everything).await?;
    let destination_side = destination.mapping_metadata(&everything).await?;
    let mut mapping = Mapping::new(destination_id);
    let report = auto_map(
        &mut mapping,
        &source_side,
        &destination_side,
        &AutoMapOptions::default(),
    );
    let wait_time = element(&pair.source, "CH_WAIT_TIME").await?;
    assert!(
        report.missing.iter().any(|item| item.id == wait_time),
        "{report:#?}"
    );
    // The element that matches nothing: its twin at the destination, by hand.
    mapping.data_elements.insert(
        wait_time,
        DataElementMapping::new(Target::by_hand(
            element(&pair.destination, "CH_WAITING_MINUTES").await?,
        )),
    );
    // The BOOLEAN to the PERCENTAGE element, by hand (auto-map matched it by code).
    let cold_chain = element(&pair.source, "CH_COLD_CHAIN").await?;
    let cold_chain_percent = element(&pair.destination, "COLD_CHAIN_FUNCTIONAL_PCT").await?;
    mapping.data_elements.insert(
        cold_chain.clone(),
        DataElementMapping::new(Target::by_hand(cold_chain_percent.clone())),
    );
    let remarks = element(&pair.source, "CH_REMARKS").await?;
    mapping
        .data_elements
        .insert(remarks.clone(), DataElementMapping::new(Target::Excluded));
    sync_engine::store::mappings::save_mapping(&source, &mapping, false).await?;
    let metadata = sync_engine::mapped::mapping_metadata(&source_side, &destination_side);
    Ok(Mapped {
        translator: Translator::new(mapping, metadata),
        cold_chain,
        cold_chain_percent,
        remarks,
    })
}

/// Source key and value → the destination's key and value, or why the value is left out.
fn translate(translator: &mut Translator, key: &Key, value: &str) -> Result<(Key, String), String> {
    let ids = translator
        .translate(SourceIds {
            data_element: &key.0,
            category_option_combo: &key.3,
            attribute_option_combo: &key.4,
            org_unit: &key.2,
            value,
        })
        .map_err(|left_out| left_out.to_string())?;
    Ok((
        (
            ids.data_element,
            key.1.clone(),
            ids.org_unit,
            ids.category_option_combo,
            ids.attribute_option_combo,
        ),
        ids.value.unwrap_or_else(|| value.to_owned()),
    ))
}

/// Eight facilities of Bo District, the relocated one (unmapped: no match by code or name)
/// first.
async fn bo_facilities(pair: &Pair) -> Result<Vec<String>> {
    let relocated = pair
        .destination
        .get("organisationUnits?filter=name:like:(relocated)&fields=name")
        .await?;
    let relocated = relocated["organisationUnits"][0]["name"]
        .as_str()
        .context("the relocated facility")?
        .trim_end_matches(" (relocated)")
        .to_owned();
    let mut facilities = vec![unit(&pair.source, &relocated).await?];
    let district = unit(&pair.source, "Bo District").await?;
    let units = pair
        .source
        .get(&format!(
            "organisationUnits?filter=path:like:{district}&filter=level:eq:5&fields=id&paging=false"
        ))
        .await?;
    for unit in units["organisationUnits"].as_array().context("units")? {
        let id = unit["id"].as_str().context("an id")?.to_owned();
        if facilities.len() < 8 && !facilities.contains(&id) {
            facilities.push(id);
        }
    }
    Ok(facilities)
}

/// The destination's values of its data set with `code` for `units` and `query`.
async fn landed(
    pair: &Pair,
    units: &BTreeSet<String>,
    query: &str,
) -> Result<BTreeMap<Key, String>> {
    let set = pair
        .destination
        .get("dataSets?filter=code:eq:DS_CHILD_HEALTH&fields=id")
        .await?;
    let set = set["dataSets"][0]["id"]
        .as_str()
        .context("the destination's data set")?;
    let units: String = units
        .iter()
        .map(|unit| format!("&orgUnit={unit}"))
        .collect();
    Ok(common::values_of(
        &pair
            .destination
            .get(&format!("dataValueSets?dataSet={set}{query}{units}"))
            .await?,
    ))
}

#[tokio::test(flavor = "current_thread")]
async fn a_raw_rule_through_a_mapping_lands_on_the_mapped_ids_and_lists_what_it_leaves_out()
-> Result<()> {
    let pair = remapped_pair().await?;
    let data_set = pair.data_set("Child Health Monthly").await?;
    let facilities = bo_facilities(&pair).await?;
    let run = rule(&data_set, &facilities, START, END);
    let mut mapped = map_by_hand(&pair, &run.destination_id).await?;
    // "Download JSON" with the destination: what the run will send, on the mapped ids.
    let downloaded = sync_engine::payload::planned_writes_to(
        &sync_engine::host::native::TokioHost::default(),
        &pair.source.client(),
        &run,
        sync_engine::preview::PreviewDestination {
            client: &pair.destination.client(),
            uses_session: false,
        },
        &run.destination_id,
        &sync_core::id_scheme::IdSchemes::default(),
    )
    .await
    .map_err(anyhow::Error::msg)?;
    let compare = || async {
        sync_engine::compare::compare_run_to(
            &sync_engine::host::native::TokioHost::default(),
            &pair.source.client(),
            &run,
            sync_engine::preview::PreviewDestination {
                client: &pair.destination.client(),
                uses_session: false,
            },
            &run.destination_id,
        )
        .await
        .map_err(anyhow::Error::msg)
    };
    let before = compare().await?;
    let result = pair.run(&run).await;
    let report = &result.report;
    // Compared on the mapped ids: all new before, all unchanged after.
    let after = compare().await?;
    assert_eq!(
        before.totals.new, report.tally.confirmed,
        "{:?}",
        before.totals
    );
    assert_eq!(before.totals.unchanged, 0);
    assert_eq!(
        after.totals.unchanged, report.tally.confirmed,
        "{:?}",
        after.totals
    );
    assert_eq!(after.totals.new, 0);
    // "Skip unchanged values" through the mapping: the second run sends none of them.
    let again = pair
        .run_skipping(&run, after.unchanged.clone())
        .await
        .report;
    assert_eq!(again.tally.unchanged_skipped, report.tally.confirmed);
    assert_eq!(again.tally.confirmed, 0);

    let source_values = pair
        .values(&pair.source, &data_set, &facilities, START, END)
        .await?;
    assert!(!source_values.is_empty());
    // Every source value translated through the mapping: what lands, what is not sent.
    let mut expected = BTreeMap::new();
    let mut not_sent = BTreeMap::new();
    let mut cold_chain = 0;
    for (key, value) in &source_values {
        if key.0 == mapped.cold_chain {
            // True/false into a PERCENTAGE element: the destination would refuse them, left out
            // knowingly by the fit on the mapped element.
            cold_chain += 1;
            continue;
        }
        match translate(&mut mapped.translator, key, value) {
            Ok((key, value)) => {
                expected.insert(key, value);
            }
            Err(reason) => {
                not_sent.insert(key.clone(), reason);
            }
        }
    }
    assert!(cold_chain > 0);
    let units: BTreeSet<String> = expected.keys().map(|key| key.2.clone()).collect();
    let landed = landed(&pair, &units, &format!("&startDate={START}&endDate={END}")).await?;
    assert!(!expected.is_empty());
    assert_eq!(landed, expected);
    assert_eq!(report.tally.confirmed, expected.len() as u64);
    let download: BTreeMap<Key, String> = downloaded
        .plan
        .chunks
        .iter()
        .flat_map(|chunk| &chunk.values)
        .map(|value| {
            (
                (
                    value.data_element.clone(),
                    value.period.clone(),
                    value.org_unit.clone(),
                    value.category_option_combo.clone(),
                    value.attribute_option_combo.clone(),
                ),
                value.value.clone().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(download, expected);
    assert_eq!(
        downloaded.left_out.len(),
        report.left_behind.len(),
        "the download leaves out what the run does"
    );

    // Not sent, each with the mapping's reason: the relocated facility (unmapped) and the
    // excluded remarks.
    let unsent: BTreeMap<Key, String> = report
        .left_behind
        .iter()
        .filter(|item| item.kind == LeftBehindKind::Unsent)
        .map(|item| {
            let value = &item.value;
            (
                (
                    value.data_element.clone(),
                    value.period.clone(),
                    value.org_unit.clone(),
                    value.category_option_combo.clone(),
                    value.attribute_option_combo.clone(),
                ),
                item.reason.clone(),
            )
        })
        .collect();
    assert_eq!(unsent, not_sent);
    assert!(
        unsent.iter().any(|(key, reason)| key.2 == facilities[0]
            && reason.contains("organisation unit")
            && reason.contains("is not mapped")),
        "{unsent:#?}"
    );
    assert!(
        unsent.iter().any(
            |(key, reason)| key.0 == mapped.remarks && reason.contains("excludes data element")
        ),
        "{unsent:#?}"
    );
    // The BOOLEAN's raw values: left out, listed (the PERCENTAGE element would refuse them).
    let left_out = report
        .left_behind
        .iter()
        .filter(|item| {
            item.kind == LeftBehindKind::LeftOut && item.value.data_element == mapped.cold_chain
        })
        .count();
    assert_eq!(left_out, cold_chain);
    assert_eq!(report.status, ReportStatus::Warning, "{:#?}", report.errors);
    assert!(
        report
            .issues
            .iter()
            .any(|issue| issue.code == IssueCode::SentThroughMapping)
    );
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn an_aggregated_rule_through_a_mapping_sends_the_booleans_percentage_to_the_percentage_element()
-> Result<()> {
    let pair = remapped_pair().await?;
    let data_set = pair.data_set("Child Health Monthly").await?;
    let district = unit(&pair.source, "Bo District").await?;
    let mut quarterly = rule(&data_set, std::slice::from_ref(&district), START, END);
    quarterly.aggregation = Aggregation::On {
        period_type: sync_core::period::PeriodType::Quarterly,
    };
    let mapped = map_by_hand(&pair, &quarterly.destination_id).await?;
    let mapping = mapped.translator.mapping().clone();
    let result = pair.run(&quarterly).await;
    let report = &result.report;
    let destination_district = mapping
        .org_units
        .get(&district)
        .and_then(Target::id)
        .context("Bo District mapped")?
        .to_owned();
    let landed = landed(
        &pair,
        &BTreeSet::from([destination_district.clone()]),
        "&period=2024Q1",
    )
    .await?;
    assert!(!landed.is_empty());
    assert_eq!(landed.len() as u64, report.tally.confirmed);
    // Every aggregate on a mapped element and the mapped district.
    let targets: BTreeMap<String, String> = mapping
        .data_elements
        .iter()
        .filter_map(|(source, element)| Some((element.target.id()?.to_owned(), source.clone())))
        .collect();
    for key in landed.keys() {
        assert!(targets.contains_key(&key.0), "{key:?}");
        assert_eq!(key.2, destination_district);
    }
    // The BOOLEAN's aggregate: the percentage of true values of the quarter, on the
    // PERCENTAGE element.
    let raw = common::values_of(
        &pair
            .source
            .get(&format!(
                "dataValueSets?dataSet={data_set}&startDate={START}&endDate={END}&orgUnit={district}&children=true"
            ))
            .await?,
    );
    // DHIS2's AVERAGE over time weighs each value by its period's days (analytics'
    // `daysxvalue / daysno`): January and March count 31 days, February 29.
    let mut weighted_true = 0.0;
    let mut days = 0.0;
    for (key, value) in raw.iter().filter(|(key, _)| key.0 == mapped.cold_chain) {
        let period_days = f64::from(sync_core::period::Period::parse(&key.1)?.days());
        days += period_days;
        if value == "true" {
            weighted_true += period_days;
        }
    }
    assert!(days > 0.0);
    let expected = 100.0 * weighted_true / days;
    let sent: Vec<f64> = landed
        .iter()
        .filter(|(key, _)| key.0 == mapped.cold_chain_percent)
        .map(|(_, value)| value.parse::<f64>())
        .collect::<Result<_, _>>()?;
    assert_eq!(sent.len(), 1, "{landed:#?}");
    assert!(
        (sent[0] - expected).abs() < 0.01,
        "{} vs {expected}",
        sent[0]
    );
    // Nothing of the excluded remarks (TEXT, not aggregated anyway) and every value planned
    // confirmed.
    assert!(
        !landed
            .keys()
            .any(|key| targets.get(&key.0) == Some(&mapped.remarks))
    );
    assert_eq!(
        report.status,
        ReportStatus::Success,
        "{:#?}",
        report.left_behind
    );
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_destination_with_both_a_mapping_and_id_schemes_is_refused_before_sending() -> Result<()>
{
    let pair = remapped_pair().await?;
    let data_set = pair.data_set("Child Health Monthly").await?;
    let facilities = bo_facilities(&pair).await?;
    let run = rule(&data_set, &facilities, START, END);
    map_by_hand(&pair, &run.destination_id).await?;
    let codes = sync_core::id_scheme::IdSchemes {
        id_scheme: sync_core::id_scheme::IdScheme::Code,
        ..Default::default()
    };
    let result = Pair::run_with_schemes(
        &run,
        &pair.source.client(),
        &pair.destination.client(),
        None,
        &sync_engine::CancelToken::new(),
        codes,
    )
    .await;
    let report = &result.report;
    assert_eq!(report.status, ReportStatus::Error);
    assert!(
        report
            .errors
            .iter()
            .any(|error| error.contains("also has a mapping")),
        "{:#?}",
        report.errors
    );
    assert_eq!(report.tally.confirmed, 0);
    let landed = landed(
        &pair,
        &BTreeSet::from([unit(&pair.destination, "Bo District").await?]),
        &format!("&startDate={START}&endDate={END}&children=true"),
    )
    .await?;
    assert!(landed.is_empty(), "{landed:#?}");
    Ok(())
}
