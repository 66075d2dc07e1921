//! After reading: the values the processor gave, checked against their value types, compared
//! (every value counts as possibly new: the destination applies the import strategy) and cut
//! into chunks. Shared by the run and by "Download JSON", so the file holds exactly what a run
//! sends.

use std::collections::{BTreeMap, BTreeSet};

use sync_core::model::{Issue, ValidatedRule};
use sync_core::plan::{
    DataValue, DiffCounts, DiffOptions, NotSent, WriteOptions, WritePlan, check_value_types, diff,
    plan_writes,
};

/// The write plan and what was found on the way.
pub struct Planned {
    /// The chunks to send.
    pub plan: WritePlan,
    /// Values the value type check refused (not sent).
    pub not_sent: Vec<NotSent>,
    /// Warnings of the comparison.
    pub issues: Vec<Issue>,
    /// Counts per data element.
    pub per_data_element: BTreeMap<String, DiffCounts>,
}

/// Plans the writes of `values` for `rule`: `value_types` per data element id,
/// `zero_insignificant` the data elements whose zeros DHIS2 does not store (only numeric ones
/// count), chunks of `chunk_size`, imported asynchronously from `async_from` values.
pub fn plan_values(
    rule: &ValidatedRule,
    values: Vec<DataValue>,
    value_types: &BTreeMap<String, String>,
    zero_insignificant: &BTreeSet<String>,
    chunk_size: usize,
    async_from: Option<usize>,
) -> Result<Planned, String> {
    let (values, not_sent) = check_value_types(values, value_types);
    let numeric_zeros = zero_insignificant
        .iter()
        .filter(|id| value_types.get(*id).is_some_and(|kind| is_numeric(kind)))
        .cloned()
        .collect();
    let options = DiffOptions::for_rule(rule, numeric_zeros);
    let (difference, issues) = diff(values, None, &options);
    let plan = plan_writes(
        &difference,
        &WriteOptions::for_rule(rule, chunk_size, async_from),
    )
    .map_err(|error| error.to_string())?;
    Ok(Planned {
        plan,
        not_sent,
        issues,
        per_data_element: difference.per_data_element,
    })
}

/// The numeric value types (DHIS2 ignores zeros only there).
fn is_numeric(value_type: &str) -> bool {
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
