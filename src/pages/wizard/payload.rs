//! "Download JSON": the data values a run of the rule would send, as one file. Reads the source
//! values the rule selects (sync-core `plan_reads` + dhis2-api `data_value_sets`), keeps the
//! selected cells (raw) or aggregates them (sync-core's engine), leaves out what the value type
//! check refuses, and plans the writes; the file is `WritePlan::download_json`. The destination
//! is not read, so every value counts as possibly new and the import strategy decides at the
//! destination, as in a run. No view code.

use std::collections::{BTreeMap, BTreeSet};

use dhis2_api::model::{DataElement, DataSet};
use sync_core::aggregate::{AggregateSpec, Aggregator, TargetPeriods};
use sync_core::date::Date;
use sync_core::model::{CategoryOptionSelection, PeriodSelection, ValidatedRule, has_errors};
use sync_core::period::relative::RelativePeriod;
use sync_core::plan::{
    DEFAULT_CHUNK_SIZE, DataValue, DataValueSet, DiffOptions, LookBack, ReadContext, ReadTime,
    WriteOptions, check_value_types, diff, plan_reads, plan_writes,
};

use super::period_dates::PeriodSettings;
use super::selected_data::selected_data;
use crate::environment::Client;

/// The file and what it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payload {
    /// The JSON file (`{"dataValues":[…]}`).
    pub json: Vec<u8>,
    /// Values to create or update.
    pub upserts: usize,
    /// Values to delete.
    pub deletions: usize,
}

fn text(error: impl std::fmt::Display) -> String {
    error.to_string()
}

/// Builds the payload a run of `rule` would send on `today`.
pub async fn build_payload(
    client: &Client,
    rule: &ValidatedRule,
    today: Date,
) -> Result<Payload, String> {
    let stored = rule.rule();
    let settings = client.analytics_settings().await.map_err(text)?;
    let include_zero_values = settings.include_zero_values;
    let settings = PeriodSettings::from_settings(&settings);
    let info = client.system_info().await.map_err(text)?;
    let data = selected_data(client, &stored.selection)
        .await
        .map_err(text)?;
    let dates = match &stored.period {
        PeriodSelection::Fixed {
            start_date,
            end_date,
        } => (*start_date, *end_date),
        PeriodSelection::Relative { relative_period } => RelativePeriod::from_name(relative_period)
            .map_err(text)?
            .date_range(today, settings.financial_year_start, settings.weekly_start),
        PeriodSelection::SinceLastSuccessfulSync { .. } => {
            return Err("download the JSON of an incremental rule from its run".to_string());
        }
    };
    let allowed_combos =
        allowed_attribute_combos(client, &stored.category_options, &data.data_sets).await?;

    let mut context = ReadContext::new(client.api_url("dataValueSets.json").len());
    context.supports_data_element_param = info.accepts_data_element_param();
    context.time = Some(ReadTime::Dates {
        start_date: dates.0,
        end_date: dates.1,
    });
    let aggregator = match stored.aggregation.period_type() {
        None => None,
        Some(period_type) => {
            let org_units = client
                .org_unit_paths(&stored.org_units)
                .await
                .map_err(text)?;
            let spec = AggregateSpec {
                data_elements: data
                    .data_elements
                    .iter()
                    .map(DataElement::to_spec)
                    .collect(),
                org_units,
                selected_org_units: stored.org_units.clone(),
                period_type,
                periods: TargetPeriods::Range {
                    from: dates.0,
                    to: dates.1,
                },
                excluded_data_elements: excluded(stored),
                attribute_option_combos: allowed_combos
                    .clone()
                    .map(|combos| combos.into_iter().collect()),
                include_zero_values,
            };
            let aggregator = Aggregator::new(spec).map_err(text)?;
            if let Some(from) = aggregator.look_back_from() {
                context.look_back = Some(LookBack {
                    from,
                    data_sets: stored
                        .selection
                        .data_sets
                        .iter()
                        .map(|data_set| data_set.id.clone())
                        .collect(),
                    data_elements: stored.selection.data_elements.clone(),
                });
            }
            Some(aggregator)
        }
    };
    let (plan, issues) = plan_reads(rule, &context);
    if has_errors(&issues) {
        return Err(issues
            .iter()
            .map(|issue| issue.message.clone())
            .collect::<Vec<_>>()
            .join("; "));
    }
    let mut values = Vec::new();
    for request in &plan.requests {
        let bytes = client
            .data_value_sets(&request.params)
            .await
            .map_err(text)?;
        let set: DataValueSet = serde_json::from_slice(&bytes).map_err(text)?;
        values.extend(set.data_values);
    }

    let source = match aggregator {
        Some(mut aggregator) => {
            let combined = serde_json::to_vec(&DataValueSet {
                data_values: values,
            })
            .map_err(text)?;
            aggregator.feed(&combined).map_err(text)?;
            let output = aggregator.finish().map_err(text)?;
            output
                .data_values
                .into_iter()
                .map(|value| DataValue {
                    comment: Some(value.comment),
                    ..DataValue::new(
                        &value.data_element,
                        &value.period,
                        &value.org_unit,
                        &value.value,
                    )
                    .with_combos(&value.category_option_combo, &value.attribute_option_combo)
                })
                .collect()
        }
        None => raw_selection(values, stored, allowed_combos.as_ref()),
    };
    let value_types: BTreeMap<String, String> = data
        .data_elements
        .iter()
        .map(|element| (element.id.clone(), element.value_type.clone()))
        .collect();
    let (passed, _not_sent) = check_value_types(source, &value_types);
    let options = DiffOptions::for_rule(rule, zero_insignificant(&data.data_elements));
    let (difference, _) = diff(passed, None, &options);
    let writes = plan_writes(
        &difference,
        &WriteOptions::for_rule(rule, DEFAULT_CHUNK_SIZE, None),
    )
    .map_err(text)?;
    Ok(Payload {
        json: writes.download_json().map_err(text)?,
        upserts: writes.upserts,
        deletions: writes.deletions,
    })
}

/// Data elements excluded from the selected data sets.
fn excluded(rule: &sync_core::model::Rule) -> Vec<String> {
    rule.selection
        .data_sets
        .iter()
        .flat_map(|data_set| data_set.excluded_data_elements.iter().cloned())
        .collect()
}

/// The raw path: the selected org units' own values, without excluded data elements, other
/// attribute option combos, or deletions unless they are sent.
fn raw_selection(
    values: Vec<DataValue>,
    rule: &sync_core::model::Rule,
    allowed: Option<&BTreeSet<String>>,
) -> Vec<DataValue> {
    let org_units: BTreeSet<&str> = rule.org_units.iter().map(String::as_str).collect();
    let excluded = excluded(rule);
    values
        .into_iter()
        .filter(|value| org_units.contains(value.org_unit.as_str()))
        .filter(|value| !excluded.contains(&value.data_element))
        .filter(|value| {
            allowed.is_none_or(|allowed| allowed.contains(&value.attribute_option_combo))
        })
        .filter(|value| !value.deleted || rule.send_deletions)
        .collect()
}

/// The attribute option combos made only of the chosen category options (`None`: all).
async fn allowed_attribute_combos(
    client: &Client,
    selection: &CategoryOptionSelection,
    data_sets: &[DataSet],
) -> Result<Option<BTreeSet<String>>, String> {
    let CategoryOptionSelection::Selected { category_options } = selection else {
        return Ok(None);
    };
    let chosen: BTreeSet<&str> = category_options.iter().map(String::as_str).collect();
    let combos: BTreeSet<&str> = data_sets
        .iter()
        .map(|data_set| data_set.category_combo.id.as_str())
        .collect();
    let mut allowed = BTreeSet::new();
    for combo in combos {
        for option_combo in client.category_option_combos(combo).await.map_err(text)? {
            if option_combo
                .category_option_ids
                .iter()
                .all(|option| chosen.contains(option.as_str()))
            {
                allowed.insert(option_combo.id);
            }
        }
    }
    Ok(Some(allowed))
}

/// Numeric data elements whose zero is not significant (DHIS2 does not store their zeros).
fn zero_insignificant(elements: &[DataElement]) -> BTreeSet<String> {
    elements
        .iter()
        .filter(|element| !element.zero_is_significant)
        .filter(|element| {
            matches!(
                element.value_type.as_str(),
                "NUMBER"
                    | "INTEGER"
                    | "INTEGER_POSITIVE"
                    | "INTEGER_NEGATIVE"
                    | "INTEGER_ZERO_OR_POSITIVE"
                    | "PERCENTAGE"
                    | "UNIT_INTERVAL"
            )
        })
        .map(|element| element.id.clone())
        .collect()
}
