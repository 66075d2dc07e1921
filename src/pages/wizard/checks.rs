//! The wizard's non-view logic: step order and titles, which validation issues belong to a step
//! (and to the steps before it), and today's date in the browser. Validation itself is
//! sync-core's `validate`; nothing here decides what is valid.

use sync_core::date::Date;
use sync_core::model::{
    Issue, Purpose, RuleDraft, ValidatedRule, ValidationContext, WizardStep, validate,
};

use crate::route::WIZARD_STEPS;

/// Title of a step, as the stepper shows it.
pub fn step_title(step: WizardStep) -> String {
    match step {
        WizardStep::Data => t!("step-data"),
        WizardStep::OrgUnits => t!("step-org-units"),
        WizardStep::Period => t!("step-period"),
        WizardStep::CategoryOptions => t!("step-category-options"),
        WizardStep::Aggregation => t!("step-aggregation"),
        WizardStep::Instance => t!("step-instance"),
        WizardStep::Summary => t!("step-summary"),
    }
}

/// Position of a step in the wizard, from 0.
pub fn step_index(step: WizardStep) -> usize {
    WIZARD_STEPS
        .iter()
        .position(|candidate| *candidate == step)
        .unwrap_or(0)
}

/// The step after `step`, if any.
pub fn next_step(step: WizardStep) -> Option<WizardStep> {
    WIZARD_STEPS.get(step_index(step) + 1).copied()
}

/// The step before `step`; `None` for the first (Back then goes to the data selection page).
pub fn previous_step(step: WizardStep) -> Option<WizardStep> {
    step_index(step)
        .checked_sub(1)
        .and_then(|index| WIZARD_STEPS.get(index).copied())
}

/// The issues shown on `step`: its own.
pub fn issues_of(issues: &[Issue], step: WizardStep) -> Vec<Issue> {
    issues
        .iter()
        .filter(|issue| issue.step == Some(step))
        .cloned()
        .collect()
}

/// The errors that keep Next from leaving `step`: those of `step` and every step before it
/// (the data selection included). Summary issues (name, schedule) only matter when saving.
pub fn blocking_errors(issues: &[Issue], step: WizardStep) -> Vec<Issue> {
    issues
        .iter()
        .filter(|issue| issue.is_error())
        .filter(|issue| issue.step.is_none_or(|issue_step| issue_step <= step))
        .cloned()
        .collect()
}

/// Validates the draft for `purpose` with what the wizard knows (today, a new id).
pub fn check_draft(
    draft: &RuleDraft,
    purpose: Purpose,
    today: Date,
    new_id: &str,
) -> (Option<ValidatedRule>, Vec<Issue>) {
    validate(draft, &ValidationContext::new(purpose, today, new_id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sync_core::model::IssueCode;

    #[test]
    fn steps_follow_each_other() {
        assert_eq!(next_step(WizardStep::OrgUnits), Some(WizardStep::Period));
        assert_eq!(next_step(WizardStep::Summary), None);
        assert_eq!(previous_step(WizardStep::OrgUnits), None);
        assert_eq!(
            previous_step(WizardStep::Summary),
            Some(WizardStep::Instance)
        );
    }

    #[test]
    fn next_is_blocked_by_this_and_earlier_steps_only() {
        let today = Date::from_ymd(2024, 5, 1).expect("date");
        let (_, issues) = check_draft(&RuleDraft::default(), Purpose::RunNow, today, "");
        let codes = |step| {
            blocking_errors(&issues, step)
                .iter()
                .map(|issue| issue.code)
                .collect::<Vec<_>>()
        };
        assert!(codes(WizardStep::OrgUnits).contains(&IssueCode::NoOrgUnits));
        assert!(!codes(WizardStep::OrgUnits).contains(&IssueCode::NoPeriod));
        assert!(codes(WizardStep::Period).contains(&IssueCode::NoPeriod));
        assert!(codes(WizardStep::Instance).contains(&IssueCode::NoDestination));
        assert_eq!(
            issues_of(&issues, WizardStep::Period)
                .iter()
                .map(|issue| issue.code)
                .collect::<Vec<_>>(),
            vec![IssueCode::NoPeriod]
        );
    }
}
