//! Planning a rule against its source catalog, without I/O: the rule checked again, the time it
//! covers on the source's today (relative periods with the instance's financial year and week
//! start), the read context, and the processor that turns responses into values — sync-core's
//! raw [`Selector`] or its [`Aggregator`]. The wizard (selected data, period dates, the estimate),
//! Download JSON and the run all plan through here, so the estimate cannot disagree with the run.
//!
//! The reads themselves are planned last ([`Planned::reads`]): LAST-type data elements need the
//! aggregator's look-back, and an incremental rule with aggregation first reads its changes
//! (`crate::prepare`).

use std::collections::{BTreeMap, BTreeSet};

use sync_core::aggregate::rules::AggregationType;
use sync_core::aggregate::{AggregateSpec, Aggregator, DataElementSpec, TargetPeriods};
use sync_core::date::Date;
use sync_core::filter::{
    OrgUnitHierarchy, PeriodSelection as FilterPeriods, RowFilter, Selection, Selector,
};
use sync_core::model::{Issue, PeriodSelection, Purpose, Rule, ValidatedRule, ValidationContext};
use sync_core::period::PeriodType;
use sync_core::period::relative::{FinancialYearStart, RelativePeriod, weekly_start_from_name};
use sync_core::plan::{
    LookBack, ReadContext, ReadPlan, ReadPurpose, ReadRequest, ReadTime, plan_reads, query_string,
};

use crate::catalog::SourceCatalog;
use crate::processor::Processor;

/// What planning needs beyond the rule and the catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanContext {
    /// The source server's day.
    pub today: Date,
    /// Org units per read request.
    pub read_chunk_org_units: usize,
    /// Length of the source's `…/api/dataValueSets` URL (the planner keeps URLs short).
    pub data_values_url_length: usize,
}

/// The instance's period settings, as relative periods need them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PeriodSettings {
    /// Start of the financial year (October unless the instance says otherwise).
    pub financial_year_start: FinancialYearStart,
    /// The weekly period type the instance's weeks use.
    pub weekly_start: PeriodType,
}

impl Default for PeriodSettings {
    fn default() -> PeriodSettings {
        PeriodSettings {
            financial_year_start: FinancialYearStart::default(),
            weekly_start: PeriodType::Weekly,
        }
    }
}

impl PeriodSettings {
    /// From the catalog's analytics settings.
    pub fn of(catalog: &SourceCatalog) -> PeriodSettings {
        PeriodSettings::from_settings(&catalog.analytics)
    }

    /// From the instance's analytics settings (DHIS2's defaults where unset or unknown); the
    /// wizard's period step resolves relative periods with the same settings as the run.
    pub fn from_settings(settings: &dhis2_api::AnalyticsSettings) -> PeriodSettings {
        PeriodSettings {
            financial_year_start: settings
                .financial_year_start
                .as_deref()
                .and_then(|name| FinancialYearStart::from_name(name).ok())
                .unwrap_or_default(),
            weekly_start: settings
                .weekly_start
                .as_deref()
                .and_then(|name| weekly_start_from_name(name).ok())
                .unwrap_or(PeriodType::Weekly),
        }
    }
}

/// A rule planned against its catalog.
#[derive(Clone, Debug)]
pub struct Planned {
    /// The rule, checked.
    pub validated: ValidatedRule,
    /// Warnings of the check.
    pub issues: Vec<Issue>,
    /// The dates the rule covers (`None` for "since last successful sync").
    pub dates: Option<(Date, Date)>,
    /// The read context (time, limits, data element parameter support) without look-back.
    pub read_context: ReadContext,
    /// The data elements sent, by id.
    pub selected: Vec<String>,
}

/// Why a rule cannot be planned.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}", messages.join("; "))]
pub struct PlanError {
    /// Every blocking problem.
    pub messages: Vec<String>,
}

impl PlanError {
    fn one(message: impl Into<String>) -> PlanError {
        PlanError {
            messages: vec![message.into()],
        }
    }
}

/// Checks `rule` again on the source's today and resolves its time.
pub fn plan(
    rule: &Rule,
    catalog: &SourceCatalog,
    context: &PlanContext,
) -> Result<Planned, PlanError> {
    let check = ValidationContext::new(Purpose::RunNow, context.today, &rule.id);
    let (validated, issues) = ValidatedRule::check(rule, &check);
    let Some(validated) = validated else {
        return Err(PlanError {
            messages: issues
                .into_iter()
                .filter(Issue::is_error)
                .map(|issue| issue.message)
                .collect(),
        });
    };
    let settings = PeriodSettings::of(catalog);
    let (time, dates) = match &rule.period {
        PeriodSelection::Relative { relative_period } => {
            let relative = RelativePeriod::from_name(relative_period)
                .map_err(|error| PlanError::one(error.to_string()))?;
            let range = relative.date_range(
                context.today,
                settings.financial_year_start,
                settings.weekly_start,
            );
            (
                Some(ReadTime::of_relative(
                    relative,
                    context.today,
                    settings.financial_year_start,
                    settings.weekly_start,
                )),
                Some(range),
            )
        }
        PeriodSelection::Fixed {
            start_date,
            end_date,
        } => (None, Some((*start_date, *end_date))),
        PeriodSelection::SinceLastSuccessfulSync { .. } => (None, None),
    };
    let accepts_data_element_param = catalog.system.accepts_data_element_param();
    let mut read_context = ReadContext::new(context.data_values_url_length);
    read_context.limits.max_org_units = context.read_chunk_org_units.max(1);
    read_context.time = time;
    read_context.supports_data_element_param = accepts_data_element_param;
    if !accepts_data_element_param {
        read_context.data_sets_for_data_elements = rule
            .selection
            .data_sets
            .iter()
            .map(|d| d.id.clone())
            .collect();
    }
    Ok(Planned {
        validated,
        issues,
        dates,
        read_context,
        selected: catalog.data_elements.keys().cloned().collect(),
    })
}

impl Planned {
    /// The rule as planned.
    pub fn rule(&self) -> &Rule {
        self.validated.rule()
    }

    /// True for a "since last successful sync" rule.
    pub fn is_incremental(&self) -> bool {
        matches!(
            self.rule().period,
            PeriodSelection::SinceLastSuccessfulSync { .. }
        )
    }

    /// Whether deleted values are read (sent as deletions, or needed by an incremental rule).
    pub fn include_deleted(&self) -> bool {
        self.rule().send_deletions || self.is_incremental()
    }

    /// The raw selection's processor: the planned periods (or dates) bound the filter too.
    pub fn raw_processor(&self, catalog: &SourceCatalog, reads: &ReadPlan) -> Processor {
        let periods = if !reads.periods.is_empty() {
            FilterPeriods::Ids(reads.periods.clone())
        } else if let Some((from, to)) = reads.dates {
            FilterPeriods::Range { from, to }
        } else {
            FilterPeriods::All
        };
        Processor::raw(Selector::new(RowFilter::new(
            Selection {
                data_elements: Some(self.selected.clone()),
                excluded_data_elements: Vec::new(),
                attribute_option_combos: catalog.attribute_option_combos.clone(),
                org_units: self.rule().org_units.clone(),
                include_descendants: false,
                periods,
                include_deleted: self.include_deleted(),
            },
            OrgUnitHierarchy::default(),
        )))
    }

    /// The aggregator for `periods` of the rule's target type over `selected_org_units` (the
    /// rule's own, or the org units whose cells changed), and the read context with the
    /// look-back its LAST-type data elements need.
    pub fn aggregator(
        &self,
        catalog: &SourceCatalog,
        periods: TargetPeriods,
        selected_org_units: Vec<String>,
    ) -> Result<(Aggregator, ReadContext), PlanError> {
        let period_type = self
            .rule()
            .aggregation
            .period_type()
            .ok_or_else(|| PlanError::one("the rule does not aggregate"))?;
        let spec = AggregateSpec {
            data_elements: catalog
                .data_elements
                .values()
                .map(|element| DataElementSpec {
                    id: element.id.clone(),
                    value_type: element.value_type.clone(),
                    aggregation_type: element.aggregation_type.clone(),
                    zero_is_significant: element.zero_is_significant,
                })
                .collect(),
            org_units: catalog.org_unit_paths.clone(),
            selected_org_units: selected_org_units.clone(),
            period_type,
            periods,
            excluded_data_elements: catalog.excluded.clone(),
            attribute_option_combos: catalog.attribute_option_combos.clone(),
            include_zero_values: catalog.analytics.include_zero_values,
        };
        let aggregator =
            Aggregator::new(spec).map_err(|error| PlanError::one(error.to_string()))?;
        let mut context = self.read_context.clone();
        // Each subtree is read once: a selected unit inside another selected one gets its rows
        // with its ancestor's subtree (reading it again would count its rows twice).
        context.org_units = Some(sync_core::filter::topmost_org_units(
            &selected_org_units,
            &catalog.org_unit_paths,
        ));
        if let Some(from) = aggregator.look_back_from() {
            let last_type: Vec<String> = catalog
                .data_elements
                .values()
                .filter(|element| {
                    AggregationType::from_name(&element.aggregation_type)
                        .is_some_and(AggregationType::needs_look_back)
                })
                .map(|element| element.id.clone())
                .collect();
            let by_data_set = !context.supports_data_element_param;
            context.look_back = Some(LookBack {
                from,
                data_sets: if by_data_set {
                    self.rule()
                        .selection
                        .data_sets
                        .iter()
                        .map(|d| d.id.clone())
                        .collect()
                } else {
                    Vec::new()
                },
                data_elements: last_type,
            });
        }
        Ok((aggregator, context))
    }

    /// Plans the reads with `context` (the plan's own, or one with a look-back); errors block.
    pub fn reads(&self, context: &ReadContext) -> Result<(ReadPlan, Vec<Issue>), PlanError> {
        let (reads, issues) = plan_reads(&self.validated, context);
        blocking(&issues)?;
        Ok((reads, issues))
    }

    /// Reads of the values earlier runs left behind (the rule's pending values), so that an
    /// incremental run sends them again with its changes: per period, their org units and data
    /// elements (or, before 2.39, the rule's data sets, filtered to the selection), deleted
    /// values included. Each pending value is read whatever its `lastUpdated`.
    pub fn pending_reads(
        &self,
        pending: &[sync_core::model::PendingValue],
        base_url_length: usize,
    ) -> Vec<ReadRequest> {
        let mut by_period: BTreeMap<&str, (BTreeSet<&str>, BTreeSet<&str>)> = BTreeMap::new();
        for pending in pending {
            let entry = by_period.entry(pending.key.period.as_str()).or_default();
            entry.0.insert(pending.key.org_unit.as_str());
            entry.1.insert(pending.key.data_element.as_str());
        }
        let by_element = self.read_context.supports_data_element_param;
        let data_sets: Vec<&str> = self
            .rule()
            .selection
            .data_sets
            .iter()
            .map(|d| d.id.as_str())
            .collect();
        let org_units_per_read = self.read_context.limits.max_org_units.max(1);
        let mut requests = Vec::new();
        for (period, (org_units, elements)) in by_period {
            let org_units: Vec<&str> = org_units.into_iter().collect();
            let elements: Vec<&str> = elements.into_iter().collect();
            for units in org_units.chunks(org_units_per_read) {
                for element_batch in elements.chunks(50) {
                    let mut params: Vec<(String, String)> = if by_element {
                        element_batch
                            .iter()
                            .map(|id| ("dataElement".to_string(), id.to_string()))
                            .collect()
                    } else {
                        data_sets
                            .iter()
                            .map(|id| ("dataSet".to_string(), id.to_string()))
                            .collect()
                    };
                    params.push(("period".to_string(), period.to_string()));
                    params.extend(
                        units
                            .iter()
                            .map(|unit| ("orgUnit".to_string(), unit.to_string())),
                    );
                    params.push(("includeDeleted".to_string(), "true".to_string()));
                    let query = query_string(&params);
                    requests.push(ReadRequest {
                        purpose: ReadPurpose::Main,
                        url_length: base_url_length + 1 + query.len(),
                        params,
                        query,
                    });
                    if !by_element {
                        // The data sets hold every pending element: one read per unit batch.
                        break;
                    }
                }
            }
        }
        requests
    }

    /// Value types by data element id.
    pub fn value_types(catalog: &SourceCatalog) -> BTreeMap<String, String> {
        catalog
            .data_elements
            .values()
            .map(|element| (element.id.clone(), element.value_type.clone()))
            .collect()
    }

    /// Numeric data elements whose zero is not significant (DHIS2 drops their zeros).
    pub fn zero_insignificant(catalog: &SourceCatalog) -> BTreeSet<String> {
        catalog
            .data_elements
            .values()
            .filter(|element| !element.zero_is_significant && is_numeric(&element.value_type))
            .map(|element| element.id.clone())
            .collect()
    }
}

/// The errors among `issues` as a [`PlanError`].
pub fn blocking(issues: &[Issue]) -> Result<(), PlanError> {
    let messages: Vec<String> = issues
        .iter()
        .filter(|issue| issue.is_error())
        .map(|issue| issue.message.clone())
        .collect();
    if messages.is_empty() {
        Ok(())
    } else {
        Err(PlanError { messages })
    }
}

/// The numeric value types (DHIS2 drops insignificant zeros only there).
pub fn is_numeric(value_type: &str) -> bool {
    matches!(
        value_type,
        "NUMBER"
            | "INTEGER"
            | "INTEGER_POSITIVE"
            | "INTEGER_NEGATIVE"
            | "INTEGER_ZERO_OR_POSITIVE"
            | "PERCENTAGE"
            | "UNIT_INTERVAL"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_numeric_types_count_as_numeric() {
        assert!(is_numeric("INTEGER_ZERO_OR_POSITIVE"));
        assert!(!is_numeric("TEXT"));
        assert!(!is_numeric("BOOLEAN"));
    }
}
