//! Which values the destination will store, decided before any write from the destination's
//! own metadata ([`DestinationCatalog`]), so that a run never plans a value the destination
//! refuses: such values are left out knowingly, listed with DHIS2's reason, and do not count
//! against a SUCCESS status (values refused at write time do).
//!
//! Pure: no I/O, no clock (the destination's time is [`FitContext::now`]), no allocation for a
//! value that passes. `dhis2-api` reads the catalog (`destination_catalog`); the sync engine
//! builds a [`DestinationFit`] once per run and calls [`DestinationFit::check`] per value.
//!
//! # Per data element ([`ElementFit`])
//!
//! What is sent for a source element is its raw values, or, with aggregation, what sync-core's
//! aggregator makes of them (`aggregate::rules::classify`, aggregation-rules.md §1–§2, §6–§7):
//!
//! * BOOLEAN/TRUE_ONLY under AVERAGE give the percentage of true values (0–100, decimals);
//!   under COUNT counts of values; summed (SUM, AVERAGE_SUM_ORG_UNIT, the LAST/FIRST families
//!   summed over org units, MIN/MAX_SUM_ORG_UNIT) counts of true values; averaged over org units
//!   a share 0–1; under MIN, MAX, LAST_LAST_ORG_UNIT, FIRST_FIRST_ORG_UNIT 0 or 1.
//! * Numbers keep their type's bounds under AVERAGE, MIN, MAX and the per-org-unit families;
//!   sums keep only a bound at zero's side (INTEGER_POSITIVE sums stay ≥ 1, PERCENTAGE sums
//!   are unbounded above); COUNT gives counts ≥ 1, STDDEV/VARIANCE values ≥ 0.
//! * AVERAGE-type aggregation of an integer type gives decimals, which the aggregator rounds
//!   (half away from zero): [`FitOutcome::Rounded`].
//!
//! Against the destination's element ([`CatalogDataElement`]):
//!
//! * missing: left out, E7610;
//! * a BOOLEAN/TRUE_ONLY destination takes only the 0/1 results; percentages, counts, shares and
//!   plain numbers are left out ([`TYPE_MISMATCH`]): DHIS2 would refuse most of them (E7619) and
//!   store the rest (`0`, `1`) as false/true, with another meaning;
//! * a numeric destination: values entirely outside its range (or percentages into a
//!   UNIT_INTERVAL) leave the element out; otherwise the parts outside its range are left out
//!   value by value ("values above 100 are left out", reference §5.5 value-type checks) and
//!   aggregates with decimals for an integer destination are rounded
//!   ([`DestinationFit::rounded_value`], aggregation-rules.md §7; raw values are never rounded:
//!   those with decimals are left out);
//! * TEXT/LONG_TEXT take anything; other types only their own (DATE and AGE each other's); a
//!   BOOLEAN source fits a TRUE_ONLY destination except its `false` values;
//! * an option set at the destination: values that are not its codes are left out (E7621),
//!   unless the source's option codes are all among them;
//! * strict import settings (reference §5.2, §5.5 rules 15–19): an element in no data set is
//!   left out under strict data elements (E7633), an aggregation target period type that is not
//!   a period type of its data sets under strict periods (E7632);
//! * a numeric destination element whose zero is not significant drops a new `0` and deletes
//!   a value replaced by `0` (reference §5.4 step 3, aggregation-rules.md §6): not a refusal, but
//!   [`ElementFit::zeros_not_stored`] and a check text say so.
//!
//! # Per value ([`DestinationFit::check`])
//!
//! The rules of reference §5.5 the metadata decides, in DHIS2's registration order (the first
//! failing rule is the one DHIS2 reports), with its codes and 2.40+ wording: the element's own
//! decision first (E7610, [`TYPE_MISMATCH`], …), then E7611 period, E7612 org unit, E7613
//! category option combo, E7615 attribute option combo, E7618 no value, E7619 value type (the
//! destination's, `plan::value_problem`), E7620 comment, E7621 option set, E7632–E7636 under
//! the strict settings, E7638 period and E7639 org unit against the attribute option combo's
//! category options, then the rules over the target data sets (the element's data sets
//! assigned to the org unit whose attribute combo is the value's): E7640 expiry days (unless
//! [`FitContext::may_edit_expired`]; any passing target data set is enough unless strict
//! locking), E7641 after the latest open future period (every target must pass), E7643 data
//! input periods (any target, unless strict input periods), and E7644 (none of the element's
//! data sets opens the period). Deleted values skip the checks of the value itself (E7618–
//! E7621). Ids the catalog was not asked about pass: an unknown org unit counts as assigned to
//! every data set of its element and passes E7639, an unknown option combo counts as existing.
//!
//! E7638 follows dhis2-core (`DataValueSetImportValidator.checkDataValuePeriodWithinAttrOptionComboRange`):
//! a period is refused when it has no day inside the attribute option combo's dates (latest start
//! of its options, earliest end extended by the element's data sets' `openPeriodsAfterCoEndDate`
//! periods, `CategoryOption.getAdjustedEndDate`), so an aggregated Yearly 2024 of an option that
//! starts in July 2024 is taken, and a Yearly 2023 refused ([`period_within_dates`]). E7639 follows dhis2-core
//! `CategoryOptionCombo.getOrganisationUnits`: the org unit or one of its ancestors must be in
//! the intersection of the org units of the options that have any.
//!
//! Not decided here (the catalog has no basis for them): data write sharing on options
//! (E7614/E7616) and the user's capture hierarchy (E7617), which depend on the importing user;
//! approvals (E7642; data sets with a workflow are mentioned in the checks); lock exceptions
//! (E7640 is assumed without one); E7630/E7631 (the app always sends both combos); E7637 and
//! E7645 (the app's stored-by and strategy).

mod catalog;
mod element;
mod value;

#[cfg(test)]
mod tests;

use std::collections::HashSet;
use std::hash::BuildHasherDefault;

use serde::{Deserialize, Serialize};

pub use catalog::{
    CatalogCategoryOption, CatalogDataElement, CatalogDataInputPeriod, CatalogDataSet,
    CatalogOptionCombo, CatalogOrgUnit, CatalogRequest, CategoryOptionOrgUnits, DestinationCatalog,
    ImportSettings,
};
pub use element::{NOT_AGGREGATABLE, TYPE_MISMATCH};
pub use value::period_within_dates;

use crate::date::Date;
use crate::model::ServerTime;
use crate::period::{Period, PeriodType};
use crate::values::{FxHashMap, FxHasher};

type FxHashSet<T> = HashSet<T, BuildHasherDefault<FxHasher>>;

/// A selected source data element and where its values go.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SourceElement {
    /// Source id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// The source's `valueType`.
    pub value_type: String,
    /// The source's `aggregationType`.
    pub aggregation_type: String,
    /// The codes of the source's option set, `None` without one.
    pub option_codes: Option<Vec<String>>,
    /// The id of the destination's data element its values are written to (today the same).
    pub destination_id: String,
}

/// What the fit needs besides the metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FitContext {
    /// The destination's current time (`serverDate`): expiry days, open future periods and
    /// data input periods depend on it.
    pub now: ServerTime,
    /// The importing user may edit expired periods (`F_EDIT_EXPIRED` or `ALL`): E7640 does not
    /// apply.
    pub may_edit_expired: bool,
}

/// Why a value is left out: DHIS2's conflict code and message where DHIS2 would refuse it,
/// or [`TYPE_MISMATCH`] / [`NOT_AGGREGATABLE`] for an element left out as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeftOutReason {
    /// `E7638`, …
    pub code: String,
    /// The message, in DHIS2's words for its codes.
    pub message: String,
}

impl LeftOutReason {
    fn new(code: &str, message: String) -> LeftOutReason {
        LeftOutReason {
            code: code.to_string(),
            message,
        }
    }
}

impl std::fmt::Display for LeftOutReason {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{} {}", self.code, self.message)
    }
}

/// What happens to a data element's values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum FitOutcome {
    /// Sent as they are (value checks may still leave some out).
    Fits,
    /// Sent rounded to whole numbers.
    Rounded {
        /// Why.
        reason: String,
    },
    /// None of its values is sent.
    LeftOut {
        /// Why.
        reason: LeftOutReason,
    },
}

/// The fit of one selected data element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ElementFit {
    /// Source id.
    pub source_id: String,
    /// Destination id.
    pub destination_id: String,
    /// The source's name.
    pub name: String,
    /// What happens to its values.
    pub outcome: FitOutcome,
    /// The value-level checks that apply, for the wizard ("values above 100 are left out").
    pub value_checks: Vec<String>,
    /// The destination does not keep zeros of it (a new `0` is dropped, a `0` replacing a value
    /// deletes it).
    pub zeros_not_stored: bool,
}

/// The destination's rules for one run, precomputed for fast per-value checks.
#[derive(Debug, Clone)]
pub struct DestinationFit {
    elements: Vec<ElementFit>,
    rules: Vec<ElementRule>,
    /// Destination data element id → rule (the first source element written to it).
    by_destination: FxHashMap<String, usize>,
    /// Every known option combo (disaggregation or attribute).
    option_combos: FxHashMap<String, ComboRule>,
    missing_option_combos: FxHashSet<String>,
    data_sets: Vec<DataSetRule>,
    org_units: FxHashMap<String, OrgUnitRule>,
    missing_org_units: FxHashSet<String>,
    settings: ImportSettings,
    now: ServerTime,
    may_edit_expired: bool,
}

/// A destination data element's rules.
#[derive(Debug, Clone)]
struct ElementRule {
    /// Every value is left out, for this reason.
    left_out: Option<LeftOutReason>,
    value_type: String,
    option_codes: Option<FxHashSet<String>>,
    combo_option_combos: FxHashSet<String>,
    /// Indexes into `DestinationFit::data_sets`.
    data_sets: Vec<usize>,
    /// The option combos of its data sets' attribute combos.
    attribute_option_combos: FxHashSet<String>,
    /// (period type, periods) of its data sets with `openPeriodsAfterCoEndDate` > 0.
    end_extensions: Vec<(PeriodType, i32)>,
    /// Aggregates with decimals are rounded for this (integer) destination element.
    round: bool,
}

/// An option combo's category combo and, for attribute option combos, its options' limits.
#[derive(Debug, Clone)]
struct ComboRule {
    category_combo: String,
    /// Latest start date of its options.
    start: Option<Date>,
    /// Earliest end date of its options (not yet extended).
    end: Option<Date>,
    /// Intersection of the org units of its options that have any; `None` = everywhere.
    org_units: Option<FxHashSet<String>>,
}

#[derive(Debug, Clone)]
struct DataSetRule {
    id: String,
    period_type: Option<PeriodType>,
    category_combo: String,
    /// Periods ending before this day are past the expiry days (E7640); `None` never expire.
    expired_before: Option<Date>,
    /// The latest period open for data entry now (E7641).
    latest_open: Option<Period>,
    input_periods: Vec<InputPeriodRule>,
}

#[derive(Debug, Clone)]
struct InputPeriodRule {
    period: Option<Period>,
    opening: Option<ServerTime>,
    closing: Option<ServerTime>,
}

#[derive(Debug, Clone)]
struct OrgUnitRule {
    path: String,
    /// Indexes into `DestinationFit::data_sets`.
    data_sets: Vec<usize>,
}

fn to_set(items: &[String]) -> FxHashSet<String> {
    items.iter().cloned().collect()
}

fn clamp_i32(number: i64) -> i32 {
    i32::try_from(number.clamp(i64::from(i32::MIN), i64::from(i32::MAX))).unwrap_or(0)
}

/// The latest period of `period_type` open for data entry at `today` with `open_future_periods`
/// (dhis2-core `PeriodType.getFuturePeriod`: one back, as 0 open periods lock the current one,
/// then that many forward).
fn latest_open_period(period_type: PeriodType, open_future_periods: i64, today: Date) -> Period {
    period_type
        .period_of(today)
        .previous()
        .offset(clamp_i32(open_future_periods.clamp(0, 10_000)))
}

impl DestinationFit {
    /// The fit of `elements` (the selected source elements, each with its destination id) into
    /// the destination described by `catalog`, for a run that aggregates to `aggregation`'s
    /// period type (`None`: raw values). Read the catalog for these elements: a destination id
    /// it does not hold counts as missing at the destination (E7610).
    pub fn new(
        catalog: &DestinationCatalog,
        elements: &[SourceElement],
        aggregation: Option<PeriodType>,
        context: &FitContext,
    ) -> DestinationFit {
        let today = context.now.date();
        let data_set_ids: Vec<&String> = catalog.data_sets.keys().collect();
        let data_set_index = |id: &str| data_set_ids.iter().position(|own| own.as_str() == id);
        let data_sets: Vec<DataSetRule> = catalog
            .data_sets
            .values()
            .map(|data_set| {
                let period_type = PeriodType::from_name(&data_set.period_type).ok();
                DataSetRule {
                    id: data_set.id.clone(),
                    period_type,
                    category_combo: data_set.category_combo.clone(),
                    expired_before: (data_set.expiry_days > 0)
                        .then(|| today.add_days(-clamp_i32(data_set.expiry_days))),
                    latest_open: period_type.map(|period_type| {
                        latest_open_period(period_type, data_set.open_future_periods, today)
                    }),
                    input_periods: data_set
                        .data_input_periods
                        .iter()
                        .map(|input| InputPeriodRule {
                            period: Period::parse(&input.period).ok(),
                            opening: input.opening,
                            closing: input.closing,
                        })
                        .collect(),
                }
            })
            .collect();
        let org_units = catalog
            .org_units
            .values()
            .map(|unit| {
                let rule = OrgUnitRule {
                    path: unit.path.clone(),
                    data_sets: unit
                        .data_sets
                        .iter()
                        .filter_map(|id| data_set_index(id))
                        .collect(),
                };
                (unit.id.clone(), rule)
            })
            .collect();
        let option_combos = catalog
            .category_option_combos
            .values()
            .map(|combo| (combo.id.clone(), combo_rule(catalog, combo)))
            .collect();

        let mut fit = DestinationFit {
            elements: Vec::with_capacity(elements.len()),
            rules: Vec::with_capacity(elements.len()),
            by_destination: FxHashMap::default(),
            option_combos,
            missing_option_combos: catalog
                .missing_category_option_combos
                .iter()
                .cloned()
                .collect(),
            data_sets,
            org_units,
            missing_org_units: catalog.missing_org_units.iter().cloned().collect(),
            settings: catalog.settings,
            now: context.now,
            may_edit_expired: context.may_edit_expired,
        };
        for source in elements {
            let (element_fit, rule) =
                fit.element_fit_and_rule(catalog, source, aggregation, &data_set_index);
            fit.by_destination
                .entry(source.destination_id.clone())
                .or_insert(fit.rules.len());
            fit.elements.push(element_fit);
            fit.rules.push(rule);
        }
        fit
    }

    /// The fit of every selected element, in the order given.
    pub fn elements(&self) -> &[ElementFit] {
        &self.elements
    }

    /// The fit of the element written to `destination_id`.
    pub fn element(&self, destination_id: &str) -> Option<&ElementFit> {
        self.by_destination
            .get(destination_id)
            .map(|&index| &self.elements[index])
    }

    fn element_fit_and_rule(
        &self,
        catalog: &DestinationCatalog,
        source: &SourceElement,
        aggregation: Option<PeriodType>,
        data_set_index: &dyn Fn(&str) -> Option<usize>,
    ) -> (ElementFit, ElementRule) {
        let destination_id = source.destination_id.as_str();
        let mut element_fit = ElementFit {
            source_id: source.id.clone(),
            destination_id: destination_id.to_string(),
            name: source.name.clone(),
            outcome: FitOutcome::Fits,
            value_checks: Vec::new(),
            zeros_not_stored: false,
        };
        let mut rule = ElementRule {
            left_out: None,
            value_type: String::new(),
            option_codes: None,
            combo_option_combos: FxHashSet::default(),
            data_sets: Vec::new(),
            attribute_option_combos: FxHashSet::default(),
            end_extensions: Vec::new(),
            round: false,
        };
        let Some(destination) = catalog.data_elements.get(destination_id) else {
            let reason = LeftOutReason::new(
                "E7610",
                format!("Data element not found or not accessible: `{destination_id}`"),
            );
            rule.left_out = Some(reason.clone());
            element_fit.outcome = FitOutcome::LeftOut { reason };
            return (element_fit, rule);
        };
        let decision = element::decide(source, destination, aggregation);
        element_fit.outcome = decision.outcome;
        element_fit.value_checks = decision.checks;
        element_fit.zeros_not_stored = decision.zeros_not_stored;
        rule.round = decision.round;
        rule.value_type = destination.value_type.clone();
        rule.option_codes = destination.option_codes.as_deref().map(to_set);
        rule.combo_option_combos = to_set(&destination.category_option_combos);
        let element_data_sets: Vec<&CatalogDataSet> = catalog
            .data_sets
            .values()
            .filter(|data_set| data_set.data_elements.iter().any(|id| id == destination_id))
            .collect();
        rule.data_sets = element_data_sets
            .iter()
            .filter_map(|data_set| data_set_index(&data_set.id))
            .collect();
        for data_set in &element_data_sets {
            rule.attribute_option_combos
                .extend(data_set.attribute_option_combos.iter().cloned());
            if data_set.open_periods_after_category_option_end_date > 0
                && let Ok(period_type) = PeriodType::from_name(&data_set.period_type)
            {
                rule.end_extensions.push((
                    period_type,
                    clamp_i32(data_set.open_periods_after_category_option_end_date),
                ));
            }
        }

        if !matches!(element_fit.outcome, FitOutcome::LeftOut { .. }) {
            if let Some(reason) =
                self.strict_element_refusal(destination_id, &element_data_sets, aggregation)
            {
                element_fit.outcome = FitOutcome::LeftOut { reason };
            } else {
                let checks = self.metadata_checks(catalog, &element_data_sets, &rule);
                element_fit.value_checks.extend(checks);
            }
        }
        if let FitOutcome::LeftOut { reason } = &element_fit.outcome {
            rule.left_out = Some(reason.clone());
            element_fit.value_checks.clear();
            element_fit.zeros_not_stored = false;
        }
        (element_fit, rule)
    }

    /// E7633 and E7632 decided for the whole element under the strict settings.
    fn strict_element_refusal(
        &self,
        destination_id: &str,
        element_data_sets: &[&CatalogDataSet],
        aggregation: Option<PeriodType>,
    ) -> Option<LeftOutReason> {
        if self.settings.strict_data_elements && element_data_sets.is_empty() {
            return Some(LeftOutReason::new(
                "E7633",
                format!("Data element: `{destination_id}` is not part of dataset(s): ``"),
            ));
        }
        if let Some(period_type) = aggregation
            && self.settings.strict_periods
            && !element_data_sets
                .iter()
                .any(|data_set| data_set.period_type == period_type.name())
        {
            return Some(LeftOutReason::new(
                "E7632",
                format!(
                    "Period type {} is not the period type of a data set of data element \
                     `{destination_id}` at the destination (strict periods)",
                    period_type.name()
                ),
            ));
        }
        None
    }

    /// The value checks the destination's metadata adds, as text for the wizard.
    fn metadata_checks(
        &self,
        catalog: &DestinationCatalog,
        element_data_sets: &[&CatalogDataSet],
        rule: &ElementRule,
    ) -> Vec<String> {
        let mut checks = Vec::new();
        let settings = &self.settings;
        let names = |data_sets: &[&CatalogDataSet]| {
            data_sets
                .iter()
                .map(|data_set| data_set.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        if settings.strict_periods {
            let mut types: Vec<&str> = element_data_sets
                .iter()
                .map(|data_set| data_set.period_type.as_str())
                .collect();
            types.sort_unstable();
            types.dedup();
            checks.push(format!(
                "values of periods that are not {} are left out (E7632, strict periods)",
                types.join(" or ")
            ));
        }
        if settings.strict_category_option_combos {
            checks.push(
                "values of category option combos outside the destination element's category \
                 combo are left out (E7634, strict category option combos)"
                    .to_string(),
            );
        }
        if settings.strict_attribute_option_combos {
            checks.push(
                "values of attribute option combos outside its data sets' attribute combos are \
                 left out (E7635, strict attribute option combos)"
                    .to_string(),
            );
        }
        if settings.strict_organisation_units {
            checks.push(format!(
                "values of org units that {} is not assigned to are left out (E7636, strict \
                 organisation units)",
                names(element_data_sets)
            ));
        }
        // Attribute option combos with dates or org units, of this element's data sets (all
        // known ones when it is in none).
        for combo in catalog.category_option_combos.values() {
            let in_scope = if element_data_sets.is_empty() {
                !combo.category_options.is_empty()
            } else {
                rule.attribute_option_combos.contains(&combo.id)
            };
            let Some(limits) = self.option_combos.get(&combo.id) else {
                continue;
            };
            if !in_scope {
                continue;
            }
            let name = if combo.name.is_empty() {
                combo.id.as_str()
            } else {
                combo.name.as_str()
            };
            let end = limits
                .end
                .map(|end| value::extended_end(end, &rule.end_extensions));
            let dates = match (limits.start, end) {
                (Some(start), Some(end)) => Some(format!("overlap {start} to {end}")),
                (Some(start), None) => Some(format!("end on or after {start}")),
                (None, Some(end)) => Some(format!("start on or before {end}")),
                (None, None) => None,
            };
            if let Some(dates) = dates {
                checks.push(format!(
                    "values of {name} are left out unless their periods {dates} (E7638)"
                ));
            }
            if let Some(org_units) = &limits.org_units {
                checks.push(format!(
                    "values of {name} are left out outside its {} org unit(s) and their \
                     subtrees (E7639)",
                    org_units.len()
                ));
            }
        }
        for data_set in element_data_sets {
            if data_set.expiry_days > 0 && !self.may_edit_expired {
                checks.push(format!(
                    "values of periods that ended more than {} days ago are left out where {} \
                     is assigned (E7640, expiry days)",
                    data_set.expiry_days, data_set.name
                ));
            }
            if let Some(latest) = data_set_index_of(&self.data_sets, &data_set.id)
                .and_then(|index| self.data_sets[index].latest_open)
            {
                checks.push(format!(
                    "values of periods ending after {} ({}) are left out where {} is assigned \
                     (E7641, {} open future periods)",
                    latest.end_date(),
                    latest.id(),
                    data_set.name,
                    data_set.open_future_periods
                ));
            }
            if !data_set.data_input_periods.is_empty() {
                checks.push(format!(
                    "values of periods that {} does not open for data input now are left out \
                     (E7643, E7644)",
                    data_set.name
                ));
            }
            if data_set.approval_workflow.is_some() {
                checks.push(format!(
                    "{} uses approval: values of approved periods will be refused (E7642), which \
                     is not checked before writing",
                    data_set.name
                ));
            }
        }
        checks
    }
}

fn data_set_index_of(data_sets: &[DataSetRule], id: &str) -> Option<usize> {
    data_sets.iter().position(|data_set| data_set.id == id)
}

/// The limits of an option combo from its category options (dhis2-core
/// `CategoryOptionCombo.getLatestStartDate`, `getEarliestEndDate`, `getOrganisationUnits`).
fn combo_rule(catalog: &DestinationCatalog, combo: &CatalogOptionCombo) -> ComboRule {
    let options: Vec<&CatalogCategoryOption> = combo
        .category_options
        .iter()
        .filter_map(|id| catalog.category_options.get(id))
        .collect();
    let mut org_units: Option<FxHashSet<String>> = None;
    for option in &options {
        if let CategoryOptionOrgUnits::Only(ids) = &option.org_units
            && !ids.is_empty()
        {
            org_units = Some(match org_units {
                None => to_set(ids),
                Some(current) => current
                    .into_iter()
                    .filter(|id| ids.iter().any(|own| own == id))
                    .collect(),
            });
        }
    }
    ComboRule {
        category_combo: combo.category_combo.clone(),
        start: options.iter().filter_map(|option| option.start_date).max(),
        end: options.iter().filter_map(|option| option.end_date).min(),
        org_units,
    }
}
