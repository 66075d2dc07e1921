//! DHIS2's aggregation and value types, and which combinations analytics can aggregate
//! (aggregation-rules.md §1–§2, dhis2-core `ValueType.isAggregatable`,
//! `AnalyticsAggregationType.fromAggregationType`). Pure classification, no arithmetic.

use crate::period::PeriodType;

/// A data element's `aggregationType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum AggregationType {
    Sum,
    Average,
    AverageSumOrgUnit,
    Last,
    LastAverageOrgUnit,
    LastLastOrgUnit,
    LastInPeriod,
    LastInPeriodAverageOrgUnit,
    First,
    FirstAverageOrgUnit,
    FirstFirstOrgUnit,
    Count,
    Stddev,
    Variance,
    Min,
    Max,
    MinSumOrgUnit,
    MaxSumOrgUnit,
    None,
    Custom,
    Default,
}

const AGGREGATION_TYPES: [(AggregationType, &str); 21] = [
    (AggregationType::Sum, "SUM"),
    (AggregationType::Average, "AVERAGE"),
    (AggregationType::AverageSumOrgUnit, "AVERAGE_SUM_ORG_UNIT"),
    (AggregationType::Last, "LAST"),
    (AggregationType::LastAverageOrgUnit, "LAST_AVERAGE_ORG_UNIT"),
    (AggregationType::LastLastOrgUnit, "LAST_LAST_ORG_UNIT"),
    (AggregationType::LastInPeriod, "LAST_IN_PERIOD"),
    (
        AggregationType::LastInPeriodAverageOrgUnit,
        "LAST_IN_PERIOD_AVERAGE_ORG_UNIT",
    ),
    (AggregationType::First, "FIRST"),
    (
        AggregationType::FirstAverageOrgUnit,
        "FIRST_AVERAGE_ORG_UNIT",
    ),
    (AggregationType::FirstFirstOrgUnit, "FIRST_FIRST_ORG_UNIT"),
    (AggregationType::Count, "COUNT"),
    (AggregationType::Stddev, "STDDEV"),
    (AggregationType::Variance, "VARIANCE"),
    (AggregationType::Min, "MIN"),
    (AggregationType::Max, "MAX"),
    (AggregationType::MinSumOrgUnit, "MIN_SUM_ORG_UNIT"),
    (AggregationType::MaxSumOrgUnit, "MAX_SUM_ORG_UNIT"),
    (AggregationType::None, "NONE"),
    (AggregationType::Custom, "CUSTOM"),
    (AggregationType::Default, "DEFAULT"),
];

impl AggregationType {
    /// Parses the server's name (`SUM`, `AVERAGE_SUM_ORG_UNIT`, …).
    pub fn from_name(name: &str) -> Option<AggregationType> {
        AGGREGATION_TYPES
            .iter()
            .find(|(_, candidate)| *candidate == name)
            .map(|(kind, _)| *kind)
    }

    /// The server's name.
    pub fn name(self) -> &'static str {
        AGGREGATION_TYPES
            .iter()
            .find(|(kind, _)| *kind == self)
            .map_or("", |(_, name)| name)
    }

    /// How data periods map onto target periods for this type.
    pub fn time_window(self) -> TimeWindow {
        use AggregationType as A;
        match self {
            A::Average | A::AverageSumOrgUnit => TimeWindow::PlacedOrRepeated,
            A::Last | A::LastAverageOrgUnit | A::LastLastOrgUnit => TimeWindow::LookBack,
            A::First | A::FirstAverageOrgUnit | A::FirstFirstOrgUnit => TimeWindow::LookBack,
            A::LastInPeriod | A::LastInPeriodAverageOrgUnit => TimeWindow::Inside,
            A::None => TimeWindow::Exact,
            _ => TimeWindow::Placed,
        }
    }

    /// True for the types that look back before the selected periods (LAST and FIRST families,
    /// except `LAST_IN_PERIOD*`): callers must fetch [`LOOK_BACK_YEARS`] years earlier data.
    pub fn needs_look_back(self) -> bool {
        self.time_window() == TimeWindow::LookBack
    }
}

/// How far the LAST and FIRST families look back from the end of the target period
/// (dhis2-core `LAST_VALUE_YEARS_OFFSET`).
pub const LOOK_BACK_YEARS: i32 = 10;

/// Which data periods count for a target period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeWindow {
    /// Data periods placed inside the target (weekly types by start + 3 days, others by start);
    /// data of the same or a longer period type (other than the target type itself) take no part.
    Placed,
    /// As `Placed`, and data periods longer than the target (or of the same length with another
    /// anchor) are repeated for every target period whose start they contain (AVERAGE family).
    PlacedOrRepeated,
    /// Data periods ending by the target's end and starting at most ten years before it.
    LookBack,
    /// Data periods lying completely inside the target period.
    Inside,
    /// Only the target period itself.
    Exact,
}

/// What a data element's values are, for aggregation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueKind {
    /// Numbers; `integer` for the INTEGER types, whose results are rounded.
    Numeric {
        /// INTEGER, INTEGER_POSITIVE, INTEGER_NEGATIVE, INTEGER_ZERO_OR_POSITIVE.
        integer: bool,
    },
    /// BOOLEAN (`true` = 1, `false` = 0) or TRUE_ONLY (`true` = 1).
    Boolean {
        /// TRUE_ONLY: `false` does not count.
        true_only: bool,
    },
    /// Text types (passed through with NONE, latest or earliest with the LAST/FIRST families).
    Text,
    /// FILE_RESOURCE, which can only be counted.
    FileResource,
}

/// Decides whether a data element can be aggregated, with DHIS2's reasons when not.
pub fn classify(
    value_type: &str,
    aggregation_type: &str,
) -> Result<(ValueKind, AggregationType), String> {
    let kind = match value_type {
        "NUMBER" | "UNIT_INTERVAL" | "PERCENTAGE" => ValueKind::Numeric { integer: false },
        "INTEGER" | "INTEGER_POSITIVE" | "INTEGER_NEGATIVE" | "INTEGER_ZERO_OR_POSITIVE" => {
            ValueKind::Numeric { integer: true }
        }
        "BOOLEAN" => ValueKind::Boolean { true_only: false },
        "TRUE_ONLY" => ValueKind::Boolean { true_only: true },
        "TEXT" | "LONG_TEXT" | "LETTER" | "USERNAME" | "EMAIL" | "PHONE_NUMBER" | "URL" => {
            ValueKind::Text
        }
        "FILE_RESOURCE" => ValueKind::FileResource,
        "DATE" | "DATETIME" | "TIME" | "AGE" | "ORGANISATION_UNIT" | "REFERENCE"
        | "TRACKER_ASSOCIATE" | "IMAGE" | "GEOJSON" => {
            return Err(format!(
                "value type {value_type} cannot be aggregated (DHIS2 E7115: data elements must be of a value and aggregation type that allow aggregation)"
            ));
        }
        "MULTI_TEXT" | "COORDINATE" => {
            return Err(format!(
                "value type {value_type} never reaches the analytics tables, so it cannot be aggregated"
            ));
        }
        "" => return Err("the data element has no value type".to_owned()),
        other => return Err(format!("unknown value type {other}")),
    };
    let Some(aggregation) = AggregationType::from_name(aggregation_type) else {
        return Err(if aggregation_type.is_empty() {
            "the data element has no aggregation type".to_owned()
        } else {
            format!("unknown aggregation type {aggregation_type}")
        });
    };
    use AggregationType as A;
    match (kind, aggregation) {
        (_, A::Default | A::Custom) => Err(format!(
            "aggregation type {} is not aggregatable",
            aggregation.name()
        )),
        (ValueKind::FileResource, A::Count) => Ok((kind, aggregation)),
        (ValueKind::FileResource, _) => Err(format!(
            "value type FILE_RESOURCE can only be aggregated with COUNT, not {}",
            aggregation.name()
        )),
        (ValueKind::Text, A::None) => Ok((kind, aggregation)),
        (ValueKind::Text, _) if aggregation.time_window() == TimeWindow::LookBack => {
            Ok((kind, aggregation))
        }
        (ValueKind::Text, A::LastInPeriod | A::LastInPeriodAverageOrgUnit) => {
            Ok((kind, aggregation))
        }
        (ValueKind::Text, _) => Err(format!(
            "text value type {value_type} can only be aggregated with NONE or the LAST family, not {}",
            aggregation.name()
        )),
        (_, A::None) => Err(format!(
            "aggregation type NONE is refused for the non-text value type {value_type}"
        )),
        _ => Ok((kind, aggregation)),
    }
}

/// DHIS2's frequency order of a period type (about its length in days); a data period type of a
/// lower order aggregates into a higher one.
pub fn frequency_order(period_type: PeriodType) -> u32 {
    use PeriodType as P;
    match period_type {
        P::Daily => 1,
        P::Weekly
        | P::WeeklyWednesday
        | P::WeeklyThursday
        | P::WeeklySaturday
        | P::WeeklySunday => 7,
        P::BiWeekly => 14,
        P::Monthly => 30,
        P::BiMonthly => 61,
        P::Quarterly | P::QuarterlyNov => 91,
        P::SixMonthly | P::SixMonthlyApril | P::SixMonthlyNov => 182,
        P::Yearly
        | P::FinancialApril
        | P::FinancialJuly
        | P::FinancialSep
        | P::FinancialOct
        | P::FinancialNov => 365,
    }
}

/// True for the weekly types (any start day), which DHIS2 places by the day three days after
/// their start so that a week is never split (BiWeekly is not one of them).
pub fn is_weekly(period_type: PeriodType) -> bool {
    use PeriodType as P;
    matches!(
        period_type,
        P::Weekly | P::WeeklyWednesday | P::WeeklyThursday | P::WeeklySaturday | P::WeeklySunday
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for (kind, name) in AGGREGATION_TYPES {
            assert_eq!(AggregationType::from_name(name), Some(kind));
            assert_eq!(kind.name(), name);
        }
        assert_eq!(AggregationType::from_name("sum"), None);
    }

    #[test]
    fn classification_follows_the_rules() {
        let ok = [
            ("NUMBER", "SUM"),
            ("INTEGER_POSITIVE", "AVERAGE_SUM_ORG_UNIT"),
            ("BOOLEAN", "AVERAGE"),
            ("TRUE_ONLY", "SUM"),
            ("TEXT", "NONE"),
            ("LONG_TEXT", "LAST"),
            ("FILE_RESOURCE", "COUNT"),
            ("PERCENTAGE", "MAX_SUM_ORG_UNIT"),
        ];
        for (value_type, aggregation) in ok {
            assert!(
                classify(value_type, aggregation).is_ok(),
                "{value_type} {aggregation}"
            );
        }
        let refused = [
            ("DATE", "SUM"),
            ("TIME", "LAST"),
            ("AGE", "NONE"),
            ("ORGANISATION_UNIT", "COUNT"),
            ("COORDINATE", "NONE"),
            ("MULTI_TEXT", "NONE"),
            ("FILE_RESOURCE", "SUM"),
            ("NUMBER", "DEFAULT"),
            ("NUMBER", "CUSTOM"),
            ("NUMBER", "NONE"),
            ("BOOLEAN", "NONE"),
            ("TEXT", "SUM"),
            ("TEXT", "COUNT"),
            ("NUMBER", "MEDIAN"),
            ("WHATEVER", "SUM"),
        ];
        for (value_type, aggregation) in refused {
            assert!(
                classify(value_type, aggregation).is_err(),
                "{value_type} {aggregation}"
            );
        }
    }
}
