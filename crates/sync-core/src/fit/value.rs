//! Per-value checks of [`DestinationFit`]: DHIS2's import rules (reference §5.5) in its
//! registration order, over the precomputed rules. A passing value costs hash lookups and a
//! period parse, and allocates nothing; only a refusal builds its message.

use super::{ComboRule, DataSetRule, DestinationFit, ElementRule, LeftOutReason, OrgUnitRule};
use crate::date::Date;
use crate::period::{Period, PeriodType};
use crate::plan::{DEFAULT_CATEGORY_OPTION_COMBO, DataValue, value_problem};
use crate::values::format_number;

/// Longest comment DHIS2 accepts (E7620).
const MAX_COMMENT_LENGTH: usize = 50_000;

/// True when DHIS2 takes `period` for an attribute option combo whose options run from `start`
/// (the latest start date) to `end` (the earliest end date, already extended): E7638 refuses only
/// a period that ends before `start` or starts after `end`, as dhis2-core's
/// `DataValueSetImportValidator.checkDataValuePeriodWithinAttrOptionComboRange` decides (2.36 to
/// 2.42); a period overlapping the dates is taken.
pub fn period_within_dates(period: &Period, start: Option<Date>, end: Option<Date>) -> bool {
    start.is_none_or(|start| period.end_date() >= start)
        && end.is_none_or(|end| period.start_date() <= end)
}

/// `end` moved forward by `periods` periods of `period_type` (dhis2-core
/// `PeriodType.getRewindedDate(end, -periods)`: calendar arithmetic on the date, not on whole
/// periods).
fn shift(end: Date, period_type: PeriodType, periods: i32) -> Date {
    use PeriodType as P;
    let months = |per_period: i32| end.add_months(periods.saturating_mul(per_period));
    match period_type {
        P::Daily => end.add_days(periods),
        P::Weekly
        | P::WeeklyWednesday
        | P::WeeklyThursday
        | P::WeeklySaturday
        | P::WeeklySunday => end.add_days(periods.saturating_mul(7)),
        P::BiWeekly => end.add_days(periods.saturating_mul(14)),
        P::Monthly => months(1),
        P::BiMonthly => months(2),
        P::Quarterly | P::QuarterlyNov => months(3),
        P::SixMonthly | P::SixMonthlyApril | P::SixMonthlyNov => months(6),
        P::Yearly
        | P::FinancialApril
        | P::FinancialJuly
        | P::FinancialSep
        | P::FinancialOct
        | P::FinancialNov => months(12),
    }
}

/// An attribute option's end date extended by the data sets of the element that keep periods
/// open after it: the latest of them (dhis2-core `CategoryOption.getAdjustedEndDate(DataElement)`).
pub(super) fn extended_end(end: Date, extensions: &[(PeriodType, i32)]) -> Date {
    extensions
        .iter()
        .map(|(period_type, periods)| shift(end, *period_type, *periods))
        .fold(end, Date::max)
}

fn combo_or_default(id: &str) -> &str {
    if id.is_empty() {
        DEFAULT_CATEGORY_OPTION_COMBO
    } else {
        id
    }
}

fn refuse(code: &str, message: String) -> Result<(), LeftOutReason> {
    Err(LeftOutReason::new(code, message))
}

impl DestinationFit {
    /// Whether the destination will store `value` (with destination ids, as it will be
    /// written), or why it would refuse it, in DHIS2's words. Values of data elements that were
    /// not given to [`DestinationFit::new`] pass.
    pub fn check(&self, value: &DataValue) -> Result<(), LeftOutReason> {
        let data_element = value.data_element.as_str();
        let Some(&index) = self.by_destination.get(data_element) else {
            return Ok(());
        };
        let rule = &self.rules[index];
        if let Some(reason) = &rule.left_out {
            return Err(reason.clone());
        }
        let period_text = value.period.as_str();
        let Ok(period) = Period::parse(period_text) else {
            return refuse("E7611", format!("Period not valid: `{period_text}`"));
        };
        let org_unit = value.org_unit.as_str();
        if !self.missing_org_units.is_empty() && self.missing_org_units.contains(org_unit) {
            return refuse(
                "E7612",
                format!("Organisation unit not found or not accessible: `{org_unit}`"),
            );
        }
        let option_combo = combo_or_default(&value.category_option_combo);
        let some_missing = !self.missing_option_combos.is_empty();
        if some_missing && self.missing_option_combos.contains(option_combo) {
            return refuse(
                "E7613",
                format!(
                    "Category option combo not found or not accessible for writing data: \
                     `{option_combo}`"
                ),
            );
        }
        let attribute_combo = combo_or_default(&value.attribute_option_combo);
        if some_missing && self.missing_option_combos.contains(attribute_combo) {
            return refuse(
                "E7615",
                format!(
                    "Attribute option combo not found or not accessible for writing data: \
                     `{attribute_combo}`"
                ),
            );
        }
        if !value.deleted {
            check_value_itself(rule, value)?;
        }
        let unit = self.org_units.get(org_unit);
        self.check_strict(rule, value, &period, unit, option_combo, attribute_combo)?;
        let attribute = self.option_combos.get(attribute_combo);
        if let Some(limits) = attribute {
            let end = limits
                .end
                .map(|end| extended_end(end, &rule.end_extensions));
            if !period_within_dates(&period, limits.start, end) {
                return refuse(
                    "E7638",
                    format!(
                        "Period: `{period_text}` is not within date range of attribute option \
                         combo: `{attribute_combo}`"
                    ),
                );
            }
            if let Some(org_units) = &limits.org_units
                && !Self::org_unit_within(org_unit, unit, org_units)
            {
                return refuse(
                    "E7639",
                    format!(
                        "Organisation unit: `{org_unit}` is not valid for attribute option combo: \
                         `{attribute_combo}`"
                    ),
                );
            }
        }
        self.check_target_data_sets(rule, value, &period, unit, attribute)?;
        if !rule.data_sets.is_empty()
            && !rule
                .data_sets
                .iter()
                .any(|&index| self.input_allowed(&self.data_sets[index], &period))
        {
            return refuse(
                "E7644",
                format!(
                    "Period: `{period_text}` does not conform to the open periods of associated \
                     data sets"
                ),
            );
        }
        Ok(())
    }

    /// The value's text rounded to a whole number when its element's aggregates are rounded
    /// for an integer destination ([`super::FitOutcome::Rounded`] by the destination's type)
    /// and it has decimals; `None` when it is to be sent as it is. Call before
    /// [`DestinationFit::check`].
    pub fn rounded_value(&self, value: &DataValue) -> Option<String> {
        let &index = self.by_destination.get(value.data_element.as_str())?;
        if !self.rules[index].round || value.deleted {
            return None;
        }
        let number: f64 = value.value.as_deref()?.parse().ok()?;
        (number.is_finite() && number.fract() != 0.0).then(|| format_number(number.round()))
    }

    /// E7632–E7636 (E7633 is decided for the whole element).
    fn check_strict(
        &self,
        rule: &ElementRule,
        value: &DataValue,
        period: &Period,
        unit: Option<&OrgUnitRule>,
        option_combo: &str,
        attribute_combo: &str,
    ) -> Result<(), LeftOutReason> {
        let settings = &self.settings;
        let data_element = value.data_element.as_str();
        if settings.strict_periods
            && !rule
                .data_sets
                .iter()
                .any(|&index| self.data_sets[index].period_type == Some(period.period_type()))
        {
            return refuse(
                "E7632",
                format!(
                    "Period type of period: `{}` not valid for data element: `{data_element}`",
                    value.period
                ),
            );
        }
        if settings.strict_category_option_combos
            && !rule.combo_option_combos.contains(option_combo)
        {
            return refuse(
                "E7634",
                format!(
                    "Category option combo: `{option_combo}` must be part of category combo of \
                     data element: `{data_element}`"
                ),
            );
        }
        if settings.strict_attribute_option_combos
            && !rule.attribute_option_combos.contains(attribute_combo)
        {
            return refuse(
                "E7635",
                format!(
                    "Attribute option combo: `{attribute_combo}` must be part of category combo \
                     of data sets of data element: `{data_element}`"
                ),
            );
        }
        let org_unit = value.org_unit.as_str();
        if settings.strict_organisation_units
            && let Some(unit) = unit
            && !rule
                .data_sets
                .iter()
                .any(|index| unit.data_sets.contains(index))
        {
            return refuse(
                "E7636",
                format!(
                    "Data element: `{data_element}` must be assigned through data sets to \
                     organisation unit: `{org_unit}`"
                ),
            );
        }
        Ok(())
    }

    /// E7640, E7641 and E7643 over the target data sets: the element's data sets assigned to
    /// the org unit whose attribute combo is the attribute option combo's (none: all pass).
    /// One pass over the element's data sets gathers what the three rules need.
    fn check_target_data_sets(
        &self,
        rule: &ElementRule,
        value: &DataValue,
        period: &Period,
        unit: Option<&OrgUnitRule>,
        attribute: Option<&ComboRule>,
    ) -> Result<(), LeftOutReason> {
        let mut targets = 0usize;
        let (mut expired, mut first_expired) = (0usize, None);
        let (mut closed, mut first_closed) = (0usize, None);
        let mut after_latest = None;
        for &index in &rule.data_sets {
            let data_set = &self.data_sets[index];
            let is_target = unit.is_none_or(|unit| unit.data_sets.contains(&index))
                && attribute
                    .is_none_or(|attribute| attribute.category_combo == data_set.category_combo);
            if !is_target {
                continue;
            }
            targets += 1;
            if data_set
                .expired_before
                .is_some_and(|cutoff| period.end_date() < cutoff)
            {
                expired += 1;
                first_expired = first_expired.or(Some(index));
            }
            if after_latest.is_none()
                && let Some(latest) = data_set.latest_open
                && period.end_date() > latest.end_date()
            {
                after_latest = Some((index, latest));
            }
            if !self.input_allowed(data_set, period) {
                closed += 1;
                first_closed = first_closed.or(Some(index));
            }
        }
        if targets == 0 {
            return Ok(());
        }
        let period_text = value.period.as_str();
        // Without strict flags one passing target data set is enough; with them every one
        // must pass.
        let failing = |count: usize, first: Option<usize>, strict: bool| {
            if strict || count == targets {
                first
            } else {
                None
            }
        };
        if !self.may_edit_expired
            && let Some(index) = failing(
                expired,
                first_expired,
                self.settings.strict_data_set_locking,
            )
        {
            return refuse(
                "E7640",
                format!(
                    "Current date is past expiry days for period: `{period_text}`  and data set: \
                     `{}`",
                    self.data_sets[index].id
                ),
            );
        }
        if let Some((index, latest)) = after_latest {
            return refuse(
                "E7641",
                format!(
                    "Period: `{period_text}` is after latest open future period: `{}` for data \
                     element: `{}` and data set: `{}`",
                    latest.id(),
                    value.data_element,
                    self.data_sets[index].id
                ),
            );
        }
        if let Some(index) = failing(
            closed,
            first_closed,
            self.settings.strict_data_set_input_periods,
        ) {
            return refuse(
                "E7643",
                format!(
                    "Period: `{period_text}` is not open for this data set at this time: `{}`",
                    self.data_sets[index].id
                ),
            );
        }
        Ok(())
    }

    /// True when the org unit or one of its ancestors is in `org_units` (an org unit the
    /// catalog does not know, and is not itself listed, passes: its ancestry is unknown).
    fn org_unit_within(
        org_unit: &str,
        unit: Option<&OrgUnitRule>,
        org_units: &super::FxHashSet<String>,
    ) -> bool {
        if org_units.contains(org_unit) {
            return true;
        }
        match unit {
            Some(unit) => unit
                .path
                .split('/')
                .any(|ancestor| !ancestor.is_empty() && org_units.contains(ancestor)),
            None => true,
        }
    }

    /// DHIS2's `DataSet.isDataInputPeriodAndDateAllowed` at the destination's time: no input
    /// periods, or one for this period that is open now (strictly after its opening and before
    /// its closing, dhis2-core `DataInputPeriod.isDateWithinOpenCloseDates`).
    fn input_allowed(&self, data_set: &DataSetRule, period: &Period) -> bool {
        data_set.input_periods.is_empty()
            || data_set.input_periods.iter().any(|input| {
                input.period.is_some_and(|own| {
                    own.start_date() == period.start_date() && own.end_date() == period.end_date()
                }) && input.opening.is_none_or(|opening| self.now > opening)
                    && input.closing.is_none_or(|closing| self.now < closing)
            })
    }
}

/// E7618–E7621: the value itself (skipped for deletions).
fn check_value_itself(rule: &ElementRule, value: &DataValue) -> Result<(), LeftOutReason> {
    let data_element = value.data_element.as_str();
    if value.is_null() {
        return refuse(
            "E7618",
            format!("Data value or comment not specified for data element: `{data_element}`"),
        );
    }
    let text = value.value.as_deref().filter(|text| !text.is_empty());
    if let Some(text) = text
        && let Some(reason) = value_problem(text, &rule.value_type)
    {
        return refuse(
            "E7619",
            format!("Value must match value type of data element `{data_element}`: `{reason}`"),
        );
    }
    if let Some(comment) = &value.comment
        && comment.len() > MAX_COMMENT_LENGTH
        && comment.chars().count() > MAX_COMMENT_LENGTH
    {
        return refuse(
            "E7620",
            "Invalid comment: Comment is greater than max length".to_string(),
        );
    }
    if let (Some(codes), Some(text)) = (&rule.option_codes, text) {
        let valid = if rule.value_type == "MULTI_TEXT" {
            text.split(',').all(|part| codes.contains(part))
        } else {
            codes.contains(text)
        };
        if !valid {
            return refuse(
                "E7621",
                format!(
                    "Data value is not a valid option of the data element option set: \
                     `{data_element}`"
                ),
            );
        }
    }
    Ok(())
}
