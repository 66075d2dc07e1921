//! Before reading: the rule validated again, the metadata the run needs (data elements with
//! their value and aggregation types, attribute option combos of the chosen category options,
//! org unit paths, the instance's period settings), the read plan, and the processor that turns
//! responses into the values to send: sync-core's raw [`Selector`] or its [`Aggregator`].

use std::collections::{BTreeMap, BTreeSet};

use sync_core::aggregate::rules::AggregationType;
use sync_core::aggregate::{
    AGGREGATED_COMMENT, AggregateSpec, Aggregator, DataElementSpec, TargetPeriods,
};
use sync_core::date::Date;
use sync_core::filter::{
    OrgUnitHierarchy, PeriodSelection as FilterPeriods, RowFilter, Selection, Selector,
};
use sync_core::model::{
    CategoryOptionSelection, Issue, NotAggregated, PeriodSelection, Purpose, Rule, ValidatedRule,
    ValidationContext, has_errors,
};
use sync_core::period::PeriodType;
use sync_core::period::relative::{FinancialYearStart, RelativePeriod, weekly_start_from_name};
use sync_core::plan::{
    ChangedCells, DataValue, LookBack, ReadContext, ReadPlan, ReadTime, plan_reads,
};
use sync_core::reader::ReadStats;
use sync_core::values::{DataValueRef, Interners};

use super::incremental;
use crate::environment::Client;

/// Everything a run needs before its first read.
pub struct Prepared {
    /// The rule, checked.
    pub validated: ValidatedRule,
    /// The reads.
    pub reads: ReadPlan,
    /// Warnings found while planning.
    pub issues: Vec<Issue>,
    /// Turns responses into values.
    pub processor: Processor,
    /// Data element names, for the report.
    pub names: BTreeMap<String, String>,
    /// Data element value types, for the check before sending.
    pub value_types: BTreeMap<String, String>,
    /// Numeric data elements whose zero is not significant.
    pub zero_insignificant: BTreeSet<String>,
}

/// Raw selection or aggregation, fed one response after the other.
pub enum Processor {
    /// Values sent as read.
    Raw {
        /// The filter over the reader.
        selector: Box<Selector>,
        /// Selected values so far (the output).
        values: Vec<DataValue>,
        /// A response was fed already.
        started: bool,
    },
    /// Values aggregated.
    Aggregate {
        /// The engine (its state is one accumulator per output cell).
        aggregator: Box<Aggregator>,
        /// A response was fed already.
        started: bool,
        /// The cells an incremental run aggregates again: those left empty are deleted.
        changed: Option<Box<ChangedCells>>,
    },
}

/// What the processor gives at the end.
pub struct Processed {
    /// Values to send.
    pub values: Vec<DataValue>,
    /// Rows read.
    pub rows_read: u64,
    /// Data elements not aggregated.
    pub not_aggregated: Vec<NotAggregated>,
}

impl Processor {
    /// Reads one whole response.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<(), String> {
        match self {
            Processor::Raw {
                selector,
                values,
                started,
            } => {
                if std::mem::replace(started, true) {
                    selector.next_document().map_err(|e| e.to_string())?;
                }
                let mut sink = |row: &DataValueRef<'_>, names: &Interners| {
                    values.push(owned_value(row, names));
                };
                selector.feed(bytes, &mut sink).map_err(|e| e.to_string())
            }
            Processor::Aggregate {
                aggregator,
                started,
                ..
            } => {
                if std::mem::replace(started, true) {
                    aggregator.next_document().map_err(|e| e.to_string())?;
                }
                aggregator.feed(bytes).map_err(|e| e.to_string())
            }
        }
    }

    /// Rows read so far.
    pub fn rows_read(&self) -> u64 {
        match self {
            Processor::Raw { values, .. } => values.len() as u64,
            Processor::Aggregate { aggregator, .. } => aggregator.read_stats().rows,
        }
    }

    /// Ends the input.
    pub fn finish(self) -> Result<Processed, String> {
        match self {
            Processor::Raw {
                mut selector,
                values,
                started,
            } => {
                let rows_read = if started {
                    let (stats, _passed): (ReadStats, u64) =
                        selector.finish().map_err(|e| e.to_string())?;
                    stats.rows
                } else {
                    0
                };
                Ok(Processed {
                    values,
                    rows_read,
                    not_aggregated: Vec::new(),
                })
            }
            Processor::Aggregate {
                aggregator,
                changed,
                ..
            } => {
                let output = aggregator.finish().map_err(|e| e.to_string())?;
                let emptied = changed.as_ref().map(|cells| {
                    let not_aggregated: Vec<String> = output
                        .not_aggregated
                        .iter()
                        .map(|item| item.data_element.clone())
                        .collect();
                    cells.emptied_cells(&output.data_values, &not_aggregated)
                });
                let mut values: Vec<DataValue> = output
                    .data_values
                    .into_iter()
                    .filter(|value| changed.as_ref().is_none_or(|cells| cells.is_marked(value)))
                    .map(|value| DataValue {
                        comment: Some(AGGREGATED_COMMENT.to_string()),
                        ..DataValue::new(
                            &value.data_element,
                            &value.period,
                            &value.org_unit,
                            &value.value,
                        )
                        .with_combos(&value.category_option_combo, &value.attribute_option_combo)
                    })
                    .collect();
                values.extend(emptied.into_iter().flatten());
                let mut not_aggregated: Vec<NotAggregated> = output
                    .not_aggregated
                    .into_iter()
                    .map(|item| NotAggregated {
                        data_element: item.data_element,
                        reason: item.reason,
                    })
                    .collect();
                not_aggregated.extend(output.skipped.into_iter().map(|skipped| NotAggregated {
                    data_element: skipped.data_element,
                    reason: format!("{} values skipped: {}", skipped.count, skipped.reason),
                }));
                Ok(Processed {
                    values,
                    rows_read: output.stats.rows,
                    not_aggregated,
                })
            }
        }
    }
}

fn owned_value(row: &DataValueRef<'_>, names: &Interners) -> DataValue {
    DataValue {
        data_element: names.data_elements.name(row.data_element).to_string(),
        period: names.periods.name(row.period).to_string(),
        org_unit: names.org_units.name(row.org_unit).to_string(),
        category_option_combo: names
            .category_option_combos
            .name(row.category_option_combo)
            .to_string(),
        attribute_option_combo: names
            .attribute_option_combos
            .name(row.attribute_option_combo)
            .to_string(),
        value: row
            .value
            .text()
            .map(|text| String::from_utf8_lossy(text).into_owned()),
        comment: row
            .comment
            .map(|text| String::from_utf8_lossy(text).into_owned()),
        followup: row.followup,
        deleted: row.deleted,
        last_updated: None,
    }
}

/// An incremental run with aggregation when nothing changed since the watermark: nothing to
/// read again, nothing to send (the run still succeeds and moves the watermark).
fn nothing_changed(
    validated: ValidatedRule,
    changed: Option<(ChangedCells, ReadPlan)>,
    elements: &BTreeMap<String, dhis2_api::model::DataElement>,
) -> Prepared {
    let last_updated = changed.and_then(|(_, changes)| changes.last_updated);
    Prepared {
        names: elements
            .values()
            .map(|e| (e.id.clone(), e.name.clone()))
            .collect(),
        value_types: BTreeMap::new(),
        zero_insignificant: BTreeSet::new(),
        validated,
        reads: ReadPlan {
            requests: Vec::new(),
            dates: None,
            periods: Vec::new(),
            last_updated,
            look_back_from: None,
        },
        issues: Vec::new(),
        processor: Processor::Raw {
            selector: Box::new(Selector::new(RowFilter::new(
                Selection::default(),
                OrgUnitHierarchy::default(),
            ))),
            values: Vec::new(),
            started: false,
        },
    }
}

fn api<T>(what: &str, result: Result<T, dhis2_api::ApiError>) -> Result<T, String> {
    result.map_err(|error| format!("{what}: {error}"))
}

/// Validates the rule again and prepares reading and processing on `source`.
pub async fn prepare(
    source: &Client,
    rule: &Rule,
    today: Date,
    accepts_data_element_param: bool,
    read_chunk_size: usize,
) -> Result<Prepared, Vec<String>> {
    let context = ValidationContext::new(Purpose::RunNow, today, &rule.id);
    let (validated, issues) = ValidatedRule::check(rule, &context);
    let Some(validated) = validated else {
        return Err(issues
            .into_iter()
            .filter(|issue| issue.severity == sync_core::model::Severity::Error)
            .map(|issue| issue.message)
            .collect());
    };
    prepare_checked(
        source,
        validated,
        today,
        accepts_data_element_param,
        read_chunk_size,
    )
    .await
    .map_err(|error| vec![error])
}

async fn prepare_checked(
    source: &Client,
    validated: ValidatedRule,
    today: Date,
    accepts_data_element_param: bool,
    read_chunk_size: usize,
) -> Result<Prepared, String> {
    let rule = validated.rule().clone();
    let selection = &rule.selection;
    let data_set_ids: Vec<String> = selection.data_sets.iter().map(|d| d.id.clone()).collect();
    let data_sets = if data_set_ids.is_empty() {
        Vec::new()
    } else {
        api(
            "reading the data sets",
            source.data_sets_with_elements(&data_set_ids).await,
        )?
    };
    let mut elements = BTreeMap::new();
    let mut in_data_sets = BTreeSet::new();
    for data_set in &data_sets {
        let excluded = selection
            .data_sets
            .iter()
            .find(|d| d.id == data_set.id)
            .map(|d| d.excluded_data_elements.clone())
            .unwrap_or_default();
        for element in &data_set.data_elements {
            in_data_sets.insert(element.id.clone());
            if !excluded.contains(&element.id) {
                elements.insert(element.id.clone(), element.clone());
            }
        }
    }
    if !selection.data_elements.is_empty() {
        for element in api(
            "reading the data elements",
            source.data_elements_by_id(&selection.data_elements).await,
        )? {
            elements.insert(element.id.clone(), element);
        }
    }
    for group in &selection.data_element_groups {
        let group = api(
            "reading a data element group",
            source.data_element_group(group).await,
        )?;
        for element in group.data_elements {
            elements.insert(element.id.clone(), element);
        }
    }
    let excluded: Vec<String> = in_data_sets
        .iter()
        .filter(|id| !elements.contains_key(*id))
        .cloned()
        .collect();

    let attribute_option_combos = match &rule.category_options {
        CategoryOptionSelection::All => None,
        CategoryOptionSelection::Selected { category_options } => {
            let chosen: BTreeSet<&String> = category_options.iter().collect();
            let mut allowed = Vec::new();
            let mut combos_seen = BTreeSet::new();
            for data_set in &data_sets {
                if !combos_seen.insert(data_set.category_combo.id.clone()) {
                    continue;
                }
                for combo in api(
                    "reading attribute option combos",
                    source
                        .category_option_combos(&data_set.category_combo.id)
                        .await,
                )? {
                    if !combo.category_option_ids.is_empty()
                        && combo.category_option_ids.iter().all(|o| chosen.contains(o))
                    {
                        allowed.push(combo.id);
                    }
                }
            }
            Some(allowed)
        }
    };

    let settings = api(
        "reading the analytics settings",
        source.analytics_settings().await,
    )?;
    let (time, target_dates) = match &rule.period {
        PeriodSelection::Relative { relative_period } => {
            let relative = RelativePeriod::from_name(relative_period).map_err(|e| e.to_string())?;
            let financial_year_start = settings
                .financial_year_start
                .as_deref()
                .and_then(|name| FinancialYearStart::from_name(name).ok())
                .unwrap_or_default();
            let weekly_start = settings
                .weekly_start
                .as_deref()
                .and_then(|name| weekly_start_from_name(name).ok())
                .unwrap_or(PeriodType::Weekly);
            let (start, end) = relative.date_range(today, financial_year_start, weekly_start);
            (
                Some(ReadTime::of_relative(
                    relative,
                    today,
                    financial_year_start,
                    weekly_start,
                )),
                Some((start, end)),
            )
        }
        PeriodSelection::Fixed {
            start_date,
            end_date,
        } => (None, Some((*start_date, *end_date))),
        PeriodSelection::SinceLastSuccessfulSync { .. } => (None, None),
    };

    let mut context = ReadContext::new(source.data_value_sets_url(&[]).len());
    // Org units per read request: the Settings page's read chunk size.
    context.limits.max_org_units = read_chunk_size.max(1);
    context.time = time;
    context.supports_data_element_param = accepts_data_element_param;
    if !accepts_data_element_param {
        context.data_sets_for_data_elements = data_set_ids.clone();
    }
    let selected_ids: Vec<String> = elements.keys().cloned().collect();
    let include_deleted = rule.send_deletions
        || matches!(rule.period, PeriodSelection::SinceLastSuccessfulSync { .. });

    // An incremental rule with aggregation: the changes mark the cells to aggregate again.
    let mut changed = None;
    let aggregator = match rule.aggregation.period_type() {
        Some(period_type) => {
            let org_units = api(
                "reading the org unit hierarchy",
                source.org_unit_paths(&rule.org_units).await,
            )?;
            let (periods, selected_org_units) = match target_dates {
                Some((from, to)) => (TargetPeriods::Range { from, to }, rule.org_units.clone()),
                None => {
                    let (cells, changes) = incremental::read_changes(
                        source,
                        &validated,
                        &context,
                        period_type,
                        &org_units,
                        selected_ids.clone(),
                        attribute_option_combos.clone(),
                    )
                    .await?;
                    let periods = cells.target_periods().iter().map(|p| p.id()).collect();
                    let selected = cells.org_units();
                    let empty = cells.is_empty();
                    changed = Some((cells, changes));
                    if empty {
                        return Ok(nothing_changed(validated, changed, &elements));
                    }
                    (TargetPeriods::Ids(periods), selected)
                }
            };
            let spec = AggregateSpec {
                data_elements: elements
                    .values()
                    .map(|element| DataElementSpec {
                        id: element.id.clone(),
                        value_type: element.value_type.clone(),
                        aggregation_type: element.aggregation_type.clone(),
                        zero_is_significant: element.zero_is_significant,
                    })
                    .collect(),
                org_units,
                selected_org_units,
                period_type,
                periods,
                excluded_data_elements: excluded,
                attribute_option_combos: attribute_option_combos.clone(),
                include_zero_values: settings.include_zero_values,
            };
            let aggregator = Aggregator::new(spec).map_err(|e| e.to_string())?;
            if let Some(look_back_from) = aggregator.look_back_from() {
                let last_type: Vec<String> = elements
                    .values()
                    .filter(|element| {
                        AggregationType::from_name(&element.aggregation_type)
                            .is_some_and(AggregationType::needs_look_back)
                    })
                    .map(|element| element.id.clone())
                    .collect();
                context.look_back = Some(LookBack {
                    from: look_back_from,
                    data_sets: if accepts_data_element_param {
                        Vec::new()
                    } else {
                        data_set_ids.clone()
                    },
                    data_elements: last_type,
                });
            }
            Some(aggregator)
        }
        None => None,
    };

    let (reads, issues) = match &changed {
        Some((cells, changes)) => {
            incremental::recompute_reads(&validated, &context, cells, changes, today)?
        }
        None => plan_reads(&validated, &context),
    };
    if has_errors(&issues) {
        return Err(issues
            .iter()
            .map(|issue| issue.message.clone())
            .collect::<Vec<_>>()
            .join("; "));
    }
    let processor = match aggregator {
        Some(aggregator) => Processor::Aggregate {
            aggregator: Box::new(aggregator),
            started: false,
            changed: changed.map(|(cells, _)| Box::new(cells)),
        },
        None => {
            // The periods the plan resolved bound the raw selection too.
            let periods = if !reads.periods.is_empty() {
                FilterPeriods::Ids(reads.periods.clone())
            } else if let Some((from, to)) = reads.dates {
                FilterPeriods::Range { from, to }
            } else {
                FilterPeriods::All
            };
            Processor::Raw {
                selector: Box::new(Selector::new(RowFilter::new(
                    Selection {
                        data_elements: Some(selected_ids),
                        excluded_data_elements: Vec::new(),
                        attribute_option_combos,
                        org_units: rule.org_units.clone(),
                        include_descendants: false,
                        periods,
                        include_deleted,
                    },
                    OrgUnitHierarchy::default(),
                ))),
                values: Vec::new(),
                started: false,
            }
        }
    };
    Ok(Prepared {
        names: elements
            .values()
            .map(|e| (e.id.clone(), e.name.clone()))
            .collect(),
        value_types: elements
            .values()
            .map(|e| (e.id.clone(), e.value_type.clone()))
            .collect(),
        zero_insignificant: elements
            .values()
            .filter(|e| !e.zero_is_significant)
            .map(|e| e.id.clone())
            .collect(),
        validated,
        reads,
        issues,
        processor,
    })
}
