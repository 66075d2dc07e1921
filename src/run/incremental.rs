//! "Since last successful sync" with aggregation (aggregation-rules.md §5), before the run's
//! reads: the values changed since the watermark (read with `lastUpdated` and
//! `includeDeleted=true`) only mark the cells to aggregate again (sync-core's
//! [`ChangedCells`]); the run then reads the affected target periods in full for the affected
//! org units and aggregates them, and marked cells left without a value are deleted.

use sync_core::date::Date;
use sync_core::filter::OrgUnitPath;
use sync_core::model::{
    Issue, PeriodSelection, Purpose, Severity, ValidatedRule, ValidationContext,
};
use sync_core::period::PeriodType;
use sync_core::plan::{ChangedCells, ReadContext, ReadPlan, plan_reads};

use crate::environment::Client;

/// Reads the changes since the rule's watermark and marks the cells they affect.
pub async fn read_changes(
    source: &Client,
    validated: &ValidatedRule,
    context: &ReadContext,
    period_type: PeriodType,
    org_units: &[OrgUnitPath],
    data_elements: Vec<String>,
    attribute_option_combos: Option<Vec<String>>,
) -> Result<(ChangedCells, ReadPlan), String> {
    let mut changes_context = context.clone();
    changes_context.look_back = None;
    let (plan, issues) = plan_reads(validated, &changes_context);
    errors_of(&issues)?;
    let mut changed = ChangedCells::new(
        period_type,
        validated.rule().org_units.clone(),
        org_units,
        Some(data_elements),
        attribute_option_combos,
    );
    for request in &plan.requests {
        let bytes = source
            .data_value_sets(&request.params)
            .await
            .map_err(|error| format!("reading the changed values: {error}"))?;
        changed
            .feed(&bytes)
            .map_err(|error| format!("a response of changed values could not be read: {error}"))?;
    }
    Ok((changed, plan))
}

/// The reads aggregating the marked cells again: each affected range of target periods (one
/// continuous range when LAST-type data elements need the look-back) for the affected org units
/// with their subtrees, planned as a fixed-dates rule would be. `changes` is the plan that read
/// the changes (its `lastUpdated` stays the run's parameter).
pub fn recompute_reads(
    validated: &ValidatedRule,
    context: &ReadContext,
    changed: &ChangedCells,
    changes: &ReadPlan,
    today: Date,
) -> Result<(ReadPlan, Vec<Issue>), String> {
    let continuous = context.look_back.is_some();
    let mut plan = ReadPlan {
        requests: Vec::new(),
        dates: None,
        periods: changed.target_periods().iter().map(|p| p.id()).collect(),
        last_updated: changes.last_updated,
        look_back_from: None,
    };
    let mut all_issues = Vec::new();
    for (index, (start_date, end_date)) in changed.ranges(continuous).into_iter().enumerate() {
        let mut rule = validated.rule().clone();
        rule.period = PeriodSelection::Fixed {
            start_date,
            end_date,
        };
        rule.org_units = changed.org_units();
        let check = ValidationContext::new(Purpose::RunNow, today, &rule.id);
        let (Some(range_rule), issues) = ValidatedRule::check(&rule, &check) else {
            return Err("the cells to aggregate again do not make a valid rule".to_string());
        };
        errors_of(&issues)?;
        let mut range_context = context.clone();
        range_context.time = None;
        range_context.org_units = None;
        if index > 0 {
            range_context.look_back = None;
        }
        let (range_plan, issues) = plan_reads(&range_rule, &range_context);
        errors_of(&issues)?;
        plan.requests.extend(range_plan.requests);
        plan.look_back_from = plan.look_back_from.or(range_plan.look_back_from);
        all_issues.extend(issues);
    }
    Ok((plan, all_issues))
}

fn errors_of(issues: &[Issue]) -> Result<(), String> {
    let errors: Vec<&str> = issues
        .iter()
        .filter(|issue| issue.severity == Severity::Error)
        .map(|issue| issue.message.as_str())
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}
