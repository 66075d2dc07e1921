//! The JSON options of an aggregation, shared by `aggsync aggregate` (its input file plus the
//! command-line flags) and the JavaScript entry point (`aggregate(bytes, options)`):
//!
//! ```json
//! {"dataElements":[{"id":"…","valueType":"NUMBER","aggregationType":"SUM","zeroIsSignificant":false}],
//!  "organisationUnits":[{"id":"…","path":"/…/…"}],
//!  "periodType":"Monthly", "periods":["202001"] or "from":"2020-01-01","to":"2020-12-31",
//!  "orgUnits":["…"],
//!  "excludedDataElements":["…"], "attributeOptionCombos":["…"], "includeZeroValues":true}
//! ```
//!
//! Only parsing and validation into an [`AggregateSpec`]; no I/O.

use super::{AggregateError, AggregateSpec, TargetPeriods};
use crate::date::Date;
use crate::filter::OrgUnitPath;
use crate::period::PeriodType;

/// A data element as the options describe it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataElementSpec {
    /// Data element id.
    pub id: String,
    /// `valueType` (`NUMBER`, `INTEGER`, `BOOLEAN`, `TEXT`, …).
    #[serde(default)]
    pub value_type: String,
    /// `aggregationType` (`SUM`, `AVERAGE`, `LAST`, …).
    #[serde(default)]
    pub aggregation_type: String,
    /// `zeroIsSignificant` (default false).
    #[serde(default)]
    pub zero_is_significant: bool,
}

impl DataElementSpec {
    /// Why this data element cannot be aggregated (its value type and aggregation type, by
    /// DHIS2's rules), or `None` when it can. The aggregation engine does not aggregate such a
    /// data element: its values are left out and it is listed in `notAggregated` instead.
    pub fn aggregation_problem(&self) -> Option<String> {
        super::rules::classify(&self.value_type, &self.aggregation_type).err()
    }
}

fn yes() -> bool {
    true
}

/// The options as JSON gives them (camelCase keys; unknown keys such as `dataValues` ignored).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AggregateOptions {
    /// Data elements with their value and aggregation types.
    #[serde(default)]
    pub data_elements: Vec<DataElementSpec>,
    /// Known org units with their paths.
    #[serde(default)]
    pub organisation_units: Vec<OrgUnitPath>,
    /// Target period type name (as in `dataSet.periodType`).
    #[serde(default)]
    pub period_type: String,
    /// Target period ids (or use `from`/`to`).
    #[serde(default)]
    pub periods: Vec<String>,
    /// Start of the date range (with `to`, instead of `periods`).
    #[serde(default)]
    pub from: Option<Date>,
    /// End of the date range (inclusive).
    #[serde(default)]
    pub to: Option<Date>,
    /// The org units to aggregate to.
    #[serde(default)]
    pub org_units: Vec<String>,
    /// Data elements left out of the selection.
    #[serde(default)]
    pub excluded_data_elements: Vec<String>,
    /// Attribute option combos to keep (all when absent).
    #[serde(default)]
    pub attribute_option_combos: Option<Vec<String>>,
    /// Count `"0"` values of data elements whose zero is significant (default true).
    #[serde(default = "yes")]
    pub include_zero_values: bool,
}

impl AggregateOptions {
    /// Validates into a spec, reporting every problem at once.
    pub fn into_spec(self) -> Result<AggregateSpec, AggregateError> {
        let mut problems = Vec::new();
        let period_type = match PeriodType::from_name(&self.period_type) {
            Ok(period_type) => Some(period_type),
            Err(_) if self.period_type.is_empty() => {
                problems.push("no target period type given".to_owned());
                None
            }
            Err(error) => {
                problems.push(error.to_string());
                None
            }
        };
        let periods = match (self.periods.is_empty(), self.from, self.to) {
            (false, None, None) => Some(TargetPeriods::Ids(self.periods)),
            (true, Some(from), Some(to)) => Some(TargetPeriods::Range { from, to }),
            (false, _, _) => {
                problems
                    .push("give either period ids or a from/to date range, not both".to_owned());
                None
            }
            (true, None, None) => {
                problems
                    .push("no target periods: give period ids or a from/to date range".to_owned());
                None
            }
            (true, _, _) => {
                problems.push("a date range needs both from and to".to_owned());
                None
            }
        };
        if self.org_units.is_empty() {
            problems.push("no org unit selected".to_owned());
        }
        match (period_type, periods) {
            (Some(period_type), Some(periods)) if problems.is_empty() => Ok(AggregateSpec {
                data_elements: self.data_elements,
                org_units: self.organisation_units,
                selected_org_units: self.org_units,
                period_type,
                periods,
                excluded_data_elements: self.excluded_data_elements,
                attribute_option_combos: self.attribute_option_combos,
                include_zero_values: self.include_zero_values,
            }),
            _ => Err(AggregateError::InvalidOptions(problems)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::DataElementSpec;

    fn spec(value_type: &str, aggregation_type: &str) -> DataElementSpec {
        DataElementSpec {
            id: "deAAAAAAAAA".into(),
            value_type: value_type.into(),
            aggregation_type: aggregation_type.into(),
            zero_is_significant: false,
        }
    }

    #[test]
    fn aggregation_problem_says_why() {
        assert_eq!(spec("INTEGER", "SUM").aggregation_problem(), None);
        assert_eq!(spec("TEXT", "LAST").aggregation_problem(), None);
        let date = spec("DATE", "NONE")
            .aggregation_problem()
            .unwrap_or_default();
        assert!(date.contains("DATE"), "{date}");
        let text = spec("TEXT", "SUM")
            .aggregation_problem()
            .unwrap_or_default();
        assert!(text.contains("SUM"), "{text}");
        assert!(spec("NUMBER", "").aggregation_problem().is_some());
    }
}
