//! The summary's estimate of the work: how many `GET /api/dataValueSets` requests sync-core's
//! read planner cuts the rule into (resolved periods, the URL limit of this instance). Look-back
//! reads of last-value data elements are not counted. No view code.

use sync_core::date::Date;
use sync_core::model::{PeriodSelection, ValidatedRule};
use sync_core::period::relative::RelativePeriod;
use sync_core::plan::{ReadContext, ReadTime, plan_reads};

use super::period_dates::PeriodSettings;

/// The read plan's size for `rule`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Estimate {
    /// Read requests.
    pub read_requests: usize,
}

/// Plans the reads of `rule` against the instance whose `dataValueSets` URL is
/// `data_values_url`.
pub fn estimate(
    rule: &ValidatedRule,
    data_values_url: &str,
    today: Date,
    settings: PeriodSettings,
    accepts_data_element_param: bool,
) -> Estimate {
    let mut context = ReadContext::new(data_values_url.len());
    context.supports_data_element_param = accepts_data_element_param;
    if let PeriodSelection::Relative { relative_period } = &rule.rule().period
        && let Ok(relative) = RelativePeriod::from_name(relative_period)
    {
        context.time = Some(ReadTime::of_relative(
            relative,
            today,
            settings.financial_year_start,
            settings.weekly_start,
        ));
    }
    let (plan, _issues) = plan_reads(rule, &context);
    Estimate {
        read_requests: plan.requests.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sync_core::model::{
        DataSelection, DataSetSelection, PeriodDraft, Purpose, RuleDraft, ValidationContext,
        validate,
    };

    #[test]
    fn one_request_for_a_small_rule() {
        let today: Date = "2024-05-15".parse().expect("date");
        let draft = RuleDraft {
            selection: DataSelection {
                data_sets: vec![DataSetSelection {
                    id: "dsAAAAAAAAA".into(),
                    excluded_data_elements: vec![],
                }],
                ..DataSelection::default()
            },
            org_units: vec!["ouAAAAAAAAA".into()],
            period: Some(PeriodDraft::Relative {
                relative_period: "LAST_MONTH".into(),
            }),
            destination_id: Some("current-instance".into()),
            ..RuleDraft::default()
        };
        let (rule, issues) = validate(
            &draft,
            &ValidationContext::new(Purpose::RunNow, today, "ruAAAAAAAAA"),
        );
        let rule = rule.unwrap_or_else(|| panic!("{issues:?}"));
        let estimate = estimate(
            &rule,
            "http://localhost/api/dataValueSets.json",
            today,
            PeriodSettings::default(),
            true,
        );
        assert_eq!(estimate.read_requests, 1);
    }
}
