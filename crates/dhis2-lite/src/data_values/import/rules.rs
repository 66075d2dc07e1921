//! Rules 8–28 of reference §5.5, one function each, named after the rule; [`RULES`] holds 8–27
//! in DHIS2's registration order (which is the evaluation order). Rule 28 needs the stored row,
//! so counting calls it (`apply`).
//!
//! A rule only looks: it must not write or count.

use chrono::Duration;

use super::context::{Context, Resolved};
use super::options::Strategy;
use super::summary::Conflict;
use crate::data_values::value_type_violation;
use crate::metadata::DataSetInfo;

/// A rule on a resolved value: the conflict when the value breaks it.
pub(super) type Rule = fn(&Context<'_>, &Resolved<'_>) -> Result<(), Conflict>;

/// Rules 8–27 in DHIS2's order; the first that fails rejects the value.
pub(super) const RULES: [Rule; 20] = [
    org_unit_in_user_hierarchy,                   //  8 E7617
    value_or_comment_given,                       //  9 E7618
    value_matches_value_type,                     // 10 E7619
    comment_within_max_length,                    // 11 E7620
    value_is_an_option_of_the_option_set,         // 12 E7621
    category_option_combo_given_when_required,    // 13 E7630
    attribute_option_combo_given_when_required,   // 14 E7631
    period_type_of_the_data_sets,                 // 15 E7632 strictPeriods
    data_element_in_the_data_set,                 // 16 E7633 strictDataElements
    category_option_combo_of_the_data_element,    // 17 E7634 strictCategoryOptionCombos
    attribute_option_combo_of_the_data_sets,      // 18 E7635 strictAttributeOptionCombos
    org_unit_assigned_through_data_sets,          // 19 E7636 strictOrganisationUnits
    stored_by_within_max_length,                  // 20 E7637
    period_within_attribute_option_dates,         // 21 E7638
    org_unit_within_attribute_option_org_units,   // 22 E7639
    data_set_not_expired,                         // 23 E7640
    period_not_after_latest_open_future_period,   // 24 E7641
    data_not_approved,                            // 25 E7642
    period_open_for_data_input,                   // 26 E7643
    period_conforms_to_open_periods_of_data_sets, // 27 E7644
];

/// Runs [`RULES`] in order.
pub(super) fn check(context: &Context<'_>, value: &Resolved<'_>) -> Result<(), Conflict> {
    RULES.iter().try_for_each(|rule| rule(context, value))
}

/// Whether `path` lies under one of `roots` (org unit UIDs).
fn within(path: &str, roots: &[String]) -> bool {
    roots
        .iter()
        .any(|root| path.split('/').any(|segment| segment == root))
}

/// Rule 8, E7617: the org unit is in the user's data capture hierarchy (superusers too).
fn org_unit_in_user_hierarchy(context: &Context<'_>, value: &Resolved<'_>) -> Result<(), Conflict> {
    let user = context.user;
    if within(&value.unit.path, &user.organisation_units) {
        return Ok(());
    }
    let org_unit = value.incoming.org_unit;
    Err(value.conflict(
        "E7617",
        vec![
            ("organisationUnit", org_unit.to_string()),
            ("user", user.uid.clone()),
        ],
        format!(
            "Organisation unit: `{org_unit}` not in hierarchy of current user: `{}`",
            user.uid
        ),
        format!(
            "Organisation unit not in hierarchy of current user: {}",
            user.username
        ),
        "orgUnit",
    ))
}

/// Rule 9, E7618: a value or a comment, unless the value is deleted or the strategy deletes.
fn value_or_comment_given(context: &Context<'_>, value: &Resolved<'_>) -> Result<(), Conflict> {
    let input = value.incoming.input;
    if input.value.is_some()
        || input.comment.is_some()
        || value.deleted
        || context.options.strategy == Strategy::Delete
    {
        return Ok(());
    }
    let data_element = value.incoming.data_element;
    Err(value.conflict(
        "E7618",
        vec![("dataElement", data_element.to_string())],
        format!("Data value or comment not specified for data element: `{data_element}`"),
        "Data value or comment not specified for data element".into(),
        "value",
    ))
}

/// Rule 10, E7619: the value passes its data element's value type check.
fn value_matches_value_type(context: &Context<'_>, value: &Resolved<'_>) -> Result<(), Conflict> {
    let Some((key, reason)) = value
        .value
        .as_deref()
        .and_then(|text| value_type_violation(&value.element.value_type, text))
    else {
        return Ok(());
    };
    let data_element = value.incoming.data_element;
    let message = if context.older_wording() {
        format!("Value must match data element's `{data_element}` type constraints: {reason}")
    } else {
        format!("Value must match value type of data element `{data_element}`: `{reason}`")
    };
    Err(value.conflict(
        "E7619",
        vec![
            ("dataElement", data_element.to_string()),
            ("value", key.to_string()),
        ],
        message,
        format!("{reason}, must match data element type: {data_element}"),
        "value",
    ))
}

/// Rule 11, E7620: the comment has at most 50 000 characters.
fn comment_within_max_length(_: &Context<'_>, value: &Resolved<'_>) -> Result<(), Conflict> {
    let too_long = value
        .incoming
        .input
        .comment
        .as_ref()
        .is_some_and(|comment| comment.chars().count() > 50_000);
    if !too_long {
        return Ok(());
    }
    Err(value.conflict(
        "E7620",
        vec![("comment", "comment_length_greater_than_max_length".into())],
        "Invalid comment: Comment is greater than max length".into(),
        "Invalid comment".into(),
        "comment",
    ))
}

/// Rule 12, E7621: with an option set, the value (each comma part for MULTI_TEXT) is a code.
fn value_is_an_option_of_the_option_set(
    _: &Context<'_>,
    value: &Resolved<'_>,
) -> Result<(), Conflict> {
    let (Some(codes), Some(text)) = (&value.element.option_codes, &value.value) else {
        return Ok(());
    };
    let parts: Vec<&str> = if value.element.value_type == "MULTI_TEXT" {
        text.split(',').collect()
    } else {
        vec![text.as_str()]
    };
    if parts
        .iter()
        .all(|part| codes.iter().any(|code| code == part))
    {
        return Ok(());
    }
    let data_element = value.incoming.data_element;
    Err(value.conflict(
        "E7621",
        vec![("dataElement", data_element.to_string())],
        format!(
            "Data value is not a valid option of the data element option set: `{data_element}`"
        ),
        "Data value is not a valid option of the data element option set".into(),
        "value",
    ))
}

/// Rule 13, E7630: `requireCategoryOptionCombo` wants the combo written.
fn category_option_combo_given_when_required(
    context: &Context<'_>,
    value: &Resolved<'_>,
) -> Result<(), Conflict> {
    if value.incoming.option_combo.is_some() || !context.options.require_category_option_combo {
        return Ok(());
    }
    let message = "Category option combo is required but is not specified";
    Err(value.conflict(
        "E7630",
        vec![],
        message.into(),
        message.into(),
        "categoryOptionCombo",
    ))
}

/// Rule 14, E7631: `requireAttributeOptionCombo` wants the attribute combo written.
fn attribute_option_combo_given_when_required(
    context: &Context<'_>,
    value: &Resolved<'_>,
) -> Result<(), Conflict> {
    if value.incoming.attribute.is_some() || !context.options.require_attribute_option_combo {
        return Ok(());
    }
    let message = "Attribute option combo is required but is not specified";
    Err(value.conflict(
        "E7631",
        vec![],
        message.into(),
        message.into(),
        "attributeOptionCombo",
    ))
}

/// Rule 15, E7632 (`strictPeriods`): a data set of the element has the period's type.
fn period_type_of_the_data_sets(
    context: &Context<'_>,
    value: &Resolved<'_>,
) -> Result<(), Conflict> {
    let period_type = value.period.period.period_type.name();
    if !context.options.strict_periods
        || value
            .data_sets
            .iter()
            .any(|data_set| data_set.period_type == period_type)
    {
        return Ok(());
    }
    let (period, data_element) = (value.incoming.period, value.incoming.data_element);
    Err(value.conflict(
        "E7632",
        vec![
            ("period", period.to_string()),
            ("dataElement", data_element.to_string()),
        ],
        format!("Period type of period: `{period}` not valid for data element: `{data_element}`"),
        "Period type not valid for data element".into(),
        "period",
    ))
}

/// Rule 16, E7633 (`strictDataElements`): the element is in the header's data set, or in some
/// data set without a header one.
fn data_element_in_the_data_set(
    context: &Context<'_>,
    value: &Resolved<'_>,
) -> Result<(), Conflict> {
    if !context.options.strict_data_elements {
        return Ok(());
    }
    let in_data_set = match context.header.data_set {
        Some(position) => context.catalog.data_sets[position]
            .data_elements
            .contains(&value.element.uid),
        None => !value.data_sets.is_empty(),
    };
    if in_data_set {
        return Ok(());
    }
    let data_element = value.incoming.data_element;
    let data_set = context.header.data_set_id.clone().unwrap_or_default();
    let message = if context.older_wording() {
        format!("Data element: `{data_element}` is not part of dataset: `{data_set}`")
    } else {
        format!("Data element: `{data_element}` is not part of dataset(s): `{data_set}`")
    };
    Err(value.conflict(
        "E7633",
        vec![
            ("dataElement", data_element.to_string()),
            ("dataSet", data_set),
        ],
        message,
        "Data element is not part of data set".into(),
        "dataElement",
    ))
}

/// Rule 17, E7634 (`strictCategoryOptionCombos`): the combo belongs to the element's category
/// combo.
fn category_option_combo_of_the_data_element(
    context: &Context<'_>,
    value: &Resolved<'_>,
) -> Result<(), Conflict> {
    if !context.options.strict_category_option_combos
        || value.option_combo.category_combo == value.element.category_combo
    {
        return Ok(());
    }
    let (option_combo, data_element) = (value.option_combo_text(), value.incoming.data_element);
    Err(value.conflict(
        "E7634",
        vec![
            ("categoryOptionCombo", option_combo.to_string()),
            ("dataElement", data_element.to_string()),
        ],
        format!(
            "Category option combo: `{option_combo}` must be part of category combo of data element: `{data_element}`"
        ),
        "Category option combo must be part of category combo of data element".into(),
        "categoryOptionCombo",
    ))
}

/// Rule 18, E7635 (`strictAttributeOptionCombos`): a data set of the element has the attribute
/// combo's category combo.
fn attribute_option_combo_of_the_data_sets(
    context: &Context<'_>,
    value: &Resolved<'_>,
) -> Result<(), Conflict> {
    if !context.options.strict_attribute_option_combos
        || value
            .data_sets
            .iter()
            .any(|data_set| data_set.category_combo == value.attribute.category_combo)
    {
        return Ok(());
    }
    let (attribute, data_element) = (value.attribute_text(), value.incoming.data_element);
    Err(value.conflict(
        "E7635",
        vec![
            ("categoryOptionCombo", attribute.to_string()),
            ("dataElement", data_element.to_string()),
        ],
        format!(
            "Attribute option combo: `{attribute}` must be part of category combo of data sets of data element: `{data_element}`"
        ),
        "Attribute option combo must be part of category combo of data sets of data element"
            .into(),
        "attributeOptionCombo",
    ))
}

/// Rule 19, E7636 (`strictOrganisationUnits`): a data set of the element includes the org unit.
fn org_unit_assigned_through_data_sets(
    context: &Context<'_>,
    value: &Resolved<'_>,
) -> Result<(), Conflict> {
    if !context.options.strict_organisation_units
        || value
            .data_sets
            .iter()
            .any(|data_set| data_set.org_units.contains(&value.unit.internal_id))
    {
        return Ok(());
    }
    let (org_unit, data_element) = (value.incoming.org_unit, value.incoming.data_element);
    Err(value.conflict(
        "E7636",
        vec![
            ("organisationUnit", org_unit.to_string()),
            ("dataElement", data_element.to_string()),
        ],
        format!(
            "Data element: `{data_element}` must be assigned through data sets to organisation unit: `{org_unit}`"
        ),
        "Data element must be assigned through data sets to organisation unit".into(),
        "orgUnit",
    ))
}

/// Rule 20, E7637: `storedBy` has at most 255 characters.
fn stored_by_within_max_length(_: &Context<'_>, value: &Resolved<'_>) -> Result<(), Conflict> {
    let too_long = value
        .incoming
        .input
        .stored_by
        .as_ref()
        .is_some_and(|stored_by| stored_by.chars().count() > 255);
    if !too_long {
        return Ok(());
    }
    Err(value.conflict(
        "E7637",
        vec![(
            "storedBy",
            "stored_by_length_greater_than_max_length".into(),
        )],
        "Invalid storedBy: stored_by_length_greater_than_max_length".into(),
        "Invalid storedBy".into(),
        "storedBy",
    ))
}

/// The category options of the value's attribute option combo.
fn attribute_options<'a>(
    context: &Context<'a>,
    value: &Resolved<'a>,
) -> impl Iterator<Item = &'a crate::metadata::CategoryOptionInfo> {
    let catalog = context.catalog;
    value
        .attribute
        .category_options
        .iter()
        .filter_map(move |uid| catalog.category_options.get(uid))
}

/// Rule 21, E7638: the period must overlap the start and end dates of the attribute combo's
/// category options (always checked): dhis2-core refuses a period that ends before an option
/// starts or starts after it ends (`checkDataValuePeriodWithinAttrOptionComboRange`).
fn period_within_attribute_option_dates(
    context: &Context<'_>,
    value: &Resolved<'_>,
) -> Result<(), Conflict> {
    let period = &value.period.period;
    if !attribute_options(context, value).any(|option| {
        option.start_date.is_some_and(|start| period.end < start)
            || option.end_date.is_some_and(|end| period.start > end)
    }) {
        return Ok(());
    }
    let (period, attribute) = (value.incoming.period, value.attribute_text());
    Err(value.conflict(
        "E7638",
        vec![
            ("period", period.to_string()),
            ("categoryOptionCombo", attribute.to_string()),
        ],
        format!(
            "Period: `{period}` is not within date range of attribute option combo: `{attribute}`"
        ),
        "Period is not within date range of attribute option combo".into(),
        "period",
    ))
}

/// Rule 22, E7639: the org unit lies within the org units of the attribute combo's category
/// options that have any (always checked).
fn org_unit_within_attribute_option_org_units(
    context: &Context<'_>,
    value: &Resolved<'_>,
) -> Result<(), Conflict> {
    if !attribute_options(context, value)
        .any(|option| !option.org_units.is_empty() && !within(&value.unit.path, &option.org_units))
    {
        return Ok(());
    }
    let (org_unit, attribute) = (value.incoming.org_unit, value.attribute_text());
    Err(value.conflict(
        "E7639",
        vec![
            ("organisationUnit", org_unit.to_string()),
            ("categoryOptionCombo", attribute.to_string()),
        ],
        format!(
            "Organisation unit: `{org_unit}` is not valid for attribute option combo: `{attribute}`"
        ),
        "Organisation unit is not valid for attribute option combo".into(),
        "orgUnit",
    ))
}

/// The target data set that fails a data-set check: with the strict flag (2.39+), the first
/// failing one; else the first target when all fail. `None` when the value passes.
fn failing_target<'a>(
    context: &Context<'_>,
    targets: &'a [&'a DataSetInfo],
    strict: bool,
    fails: impl Fn(&DataSetInfo) -> bool,
) -> Option<&'a DataSetInfo> {
    if strict && context.behaviour.strict_data_set_flags {
        targets.iter().copied().find(|data_set| fails(data_set))
    } else if targets.iter().all(|data_set| fails(data_set)) {
        targets.first().copied()
    } else {
        None
    }
}

/// Rule 23, E7640: past `expiryDays` after the period's end, unless `F_EDIT_EXPIRED` or a lock
/// exception; any passing target data set is enough unless `strictDataSetLocking`.
fn data_set_not_expired(context: &Context<'_>, value: &Resolved<'_>) -> Result<(), Conflict> {
    if context.skip_period_checks
        || value.targets.is_empty()
        || context.user.has_authority("F_EDIT_EXPIRED")
    {
        return Ok(());
    }
    let period = &value.period.period;
    let expired = |data_set: &DataSetInfo| {
        data_set.expiry_days > 0
            && context.today > period.end + Duration::days(data_set.expiry_days)
            && !context.locks.has_exception(data_set, period, value.unit)
    };
    let strict = context.options.strict_data_set_locking && context.behaviour.strict_data_set_flags;
    let failing = if strict {
        value.targets.iter().any(|data_set| expired(data_set))
    } else {
        value.targets.iter().all(|data_set| expired(data_set))
    };
    if !failing {
        return Ok(());
    }
    let data_set = value
        .targets
        .iter()
        .find(|data_set| expired(data_set))
        .map(|data_set| data_set.uid.clone())
        .unwrap_or_default();
    let period = value.incoming.period;
    Err(value.conflict(
        "E7640",
        vec![
            ("period", period.to_string()),
            ("dataSet", data_set.clone()),
        ],
        format!(
            "Current date is past expiry days for period: `{period}`  and data set: `{data_set}`"
        ),
        "Current date is past expiry days for period and data set".into(),
        "period",
    ))
}

/// Rule 24, E7641: the period ends no later than the latest open future period of the
/// element's data set that includes the org unit and opens the most future periods.
fn period_not_after_latest_open_future_period(
    context: &Context<'_>,
    value: &Resolved<'_>,
) -> Result<(), Conflict> {
    if context.skip_period_checks {
        return Ok(());
    }
    let Some(data_set) = value
        .data_sets
        .iter()
        .filter(|data_set| data_set.org_units.contains(&value.unit.internal_id))
        .max_by_key(|data_set| data_set.open_future_periods)
    else {
        return Ok(());
    };
    let Some(latest) = context.latest_open_period(data_set) else {
        return Ok(());
    };
    if value.period.period.end <= latest.end {
        return Ok(());
    }
    let (period, data_element) = (value.incoming.period, value.incoming.data_element);
    let message = if context.older_wording() {
        format!(
            "Period: `{period}` is after latest open future period: `{}` for data element: `{data_element}`",
            latest.iso
        )
    } else {
        format!(
            "Period: `{period}` is after latest open future period: `{}` for data element: `{data_element}` and data set: `{}`",
            latest.iso, data_set.uid
        )
    };
    Err(value.conflict(
        "E7641",
        vec![
            ("period", period.to_string()),
            ("dataElement", data_element.to_string()),
            ("dataSet", data_set.uid.clone()),
        ],
        message,
        "Period is after latest open future period".into(),
        "period",
    ))
}

/// Rule 25, E7642: the data is not approved in a target data set (any unapproved target is
/// enough unless `strictDataSetApproval`).
fn data_not_approved(context: &Context<'_>, value: &Resolved<'_>) -> Result<(), Conflict> {
    if context.skip_period_checks {
        return Ok(());
    }
    let period = &value.period.period;
    let Some(data_set) = failing_target(
        context,
        &value.targets,
        context.options.strict_data_set_approval,
        |data_set| {
            context
                .locks
                .is_approved(data_set, period, value.unit, &value.attribute.uid)
        },
    ) else {
        return Ok(());
    };
    let (period_text, org_unit, attribute) = (
        value.incoming.period,
        value.incoming.org_unit,
        value.attribute_text(),
    );
    let message = if context.older_wording() {
        format!(
            "Data is already approved for data set: `{}` period: `{period_text}` organisation unit: `{org_unit}` attribute option combo: `{attribute}`",
            data_set.uid
        )
    } else {
        format!(
            "Data already approved for data set: `{}` period: `{period_text}` org unit: `{org_unit}` attribute option combo: `{attribute}`",
            data_set.uid
        )
    };
    let legacy = format!(
        "Data is already approved for data set: {} period: {} organisation unit: {} attribute option combo: {}",
        data_set.uid, period.iso, value.unit.uid, value.attribute.uid
    );
    Err(value.conflict(
        "E7642",
        vec![
            ("organisationUnit", org_unit.to_string()),
            ("period", period_text.to_string()),
            ("categoryOptionCombo", attribute.to_string()),
            ("dataSet", data_set.uid.clone()),
        ],
        message,
        legacy,
        "orgUnit",
    ))
}

/// Rule 26, E7643: a target data set's `dataInputPeriods` allow the period now (any open
/// target is enough unless `strictDataSetInputPeriods`).
fn period_open_for_data_input(context: &Context<'_>, value: &Resolved<'_>) -> Result<(), Conflict> {
    if context.skip_period_checks {
        return Ok(());
    }
    let period = &value.period.period;
    let Some(data_set) = failing_target(
        context,
        &value.targets,
        context.options.strict_data_set_input_periods,
        |data_set| !data_set.input_allowed(period, context.now),
    ) else {
        return Ok(());
    };
    let period_text = value.incoming.period;
    Err(value.conflict(
        "E7643",
        vec![
            ("period", period_text.to_string()),
            ("dataSet", data_set.uid.clone()),
        ],
        format!(
            "Period: `{period_text}` is not open for this data set at this time: `{}`",
            data_set.uid
        ),
        format!(
            "Period: {} is not open for this data set at this time: {}",
            period.iso, data_set.uid
        ),
        "period",
    ))
}

/// Rule 27, E7644: some data set of the element allows input for the period now.
fn period_conforms_to_open_periods_of_data_sets(
    context: &Context<'_>,
    value: &Resolved<'_>,
) -> Result<(), Conflict> {
    let period = &value.period.period;
    if context.skip_period_checks
        || value.data_sets.is_empty()
        || value
            .data_sets
            .iter()
            .any(|data_set| data_set.input_allowed(period, context.now))
    {
        return Ok(());
    }
    let period_text = value.incoming.period;
    Err(value.conflict(
        "E7644",
        vec![("period", period_text.to_string())],
        format!(
            "Period: `{period_text}` does not conform to the open periods of associated data sets"
        ),
        format!(
            "Period {} does not conform to the open periods of associated data sets",
            period.iso
        ),
        "period",
    ))
}

/// Rule 28, E7645: deleting a FILE_RESOURCE value needs a stored one (`stored`: a live row
/// exists; never checked with `skipExistingCheck`).
pub(super) fn file_resource_value_exists_to_delete(
    context: &Context<'_>,
    value: &Resolved<'_>,
    stored: bool,
) -> Result<(), Conflict> {
    if context.options.strategy != Strategy::Delete
        || value.element.value_type != "FILE_RESOURCE"
        || stored
        || context.options.skip_existing_check
    {
        return Ok(());
    }
    let data_element = value.incoming.data_element;
    Err(value.conflict(
        "E7645",
        vec![("dataElement", data_element.to_string())],
        format!(
            "No data value for file resource exist for the given combination for data element: `{data_element}`"
        ),
        format!(
            "No data value for file resource exist for the given combination for data element {data_element}"
        ),
        "value",
    ))
}
