//! "Since last successful sync" with aggregation (aggregation-rules.md §5), before the run's
//! reads: the values changed since the watermark (read with `lastUpdated` and
//! `includeDeleted=true`) only mark the cells to aggregate again (sync-core's
//! [`ChangedCells`]); the run then reads the affected target periods in full for the affected
//! org units and aggregates them, and marked cells left without a value are deleted.

use dhis2_api::Dhis2Client;
use dhis2_api::transport::Transport;
use sync_core::date::Date;
use sync_core::model::{Issue, PeriodSelection, Purpose, ValidatedRule, ValidationContext};
use sync_core::period::PeriodType;
use sync_core::plan::{ChangedCells, ReadContext, ReadPlan, plan_reads};

use crate::catalog::SourceCatalog;
use crate::host::Host;
use crate::observer::Observer;
use crate::plan::{Planned, blocking};
use crate::retry::{CallContext, CallError, OnExpiredSession};

/// Why the changes could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangesError {
    /// The run was cancelled.
    Cancelled,
    /// A read or a plan failed.
    Failed(String),
}

/// Reads the changes since the rule's watermark and marks the cells they affect; also returns
/// the plan that read them (its `lastUpdated` is the run's parameter).
pub async fn read_changes<T, H, O>(
    context: CallContext<'_, H, O>,
    source: &Dhis2Client<T>,
    planned: &Planned,
    catalog: &SourceCatalog,
    period_type: PeriodType,
) -> Result<(ChangedCells, ReadPlan), ChangesError>
where
    T: Transport,
    H: Host,
    O: Observer,
{
    let mut changes_context = planned.read_context.clone();
    changes_context.look_back = None;
    let (plan, issues) = plan_reads(&planned.validated, &changes_context);
    blocking(&issues).map_err(|error| ChangesError::Failed(error.to_string()))?;
    let mut changed = ChangedCells::new(
        period_type,
        planned.rule().org_units.clone(),
        &catalog.org_unit_paths,
        Some(planned.selected.clone()),
        catalog.attribute_option_combos.clone(),
    );
    for request in &plan.requests {
        let bytes = context
            .call(
                "reading the changed values",
                OnExpiredSession::Pause,
                || source.data_value_sets(&request.params),
            )
            .await
            .map_err(|error| match error {
                CallError::Cancelled => ChangesError::Cancelled,
                other => ChangesError::Failed(format!("reading the changed values: {other}")),
            })?;
        changed.feed(&bytes).map_err(|error| {
            ChangesError::Failed(format!(
                "a response of changed values could not be read: {error}"
            ))
        })?;
    }
    Ok((changed, plan))
}

/// The reads aggregating the marked cells again: each affected range of target periods (one
/// continuous range when LAST-type data elements need the look-back) for the affected org units
/// with their subtrees, planned as a fixed-dates rule would be. `changes` is the plan that read
/// the changes (its `lastUpdated` stays the run's parameter).
pub fn recompute_reads(
    planned: &Planned,
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
        let mut rule = planned.rule().clone();
        rule.period = PeriodSelection::Fixed {
            start_date,
            end_date,
        };
        rule.org_units = changed.org_units();
        let check = ValidationContext::new(Purpose::RunNow, today, &rule.id);
        let (Some(range_rule), issues) = ValidatedRule::check(&rule, &check) else {
            return Err("the cells to aggregate again do not make a valid rule".to_string());
        };
        blocking(&issues).map_err(|error| error.to_string())?;
        let mut range_context = context.clone();
        range_context.time = None;
        range_context.org_units = None;
        if index > 0 {
            range_context.look_back = None;
        }
        let (range_plan, issues) = plan_reads(&range_rule, &range_context);
        blocking(&issues).map_err(|error| error.to_string())?;
        plan.requests.extend(range_plan.requests);
        plan.look_back_from = plan.look_back_from.or(range_plan.look_back_from);
        all_issues.extend(issues);
    }
    Ok((plan, all_issues))
}
