//! Decisions per data element: what the values sent for a source element look like (its raw
//! values, or what the aggregator makes of them), whether the destination's element can store
//! them, and which value-level checks will apply (as text for the wizard).

use super::catalog::CatalogDataElement;
use super::{FitOutcome, LeftOutReason, SourceElement};
use crate::aggregate::rules::{AggregationType, ValueKind, classify};
use crate::period::PeriodType;
use crate::plan::value_problem;

/// The element-level part of an [`super::ElementFit`].
pub(super) struct ElementDecision {
    pub(super) outcome: FitOutcome,
    pub(super) checks: Vec<String>,
    /// Aggregates with decimals are rounded for an integer destination (the aggregator only
    /// rounds for integer source types).
    pub(super) round: bool,
    pub(super) zeros_not_stored: bool,
}

/// Code of a left-out element whose values would be stored with another meaning, or refused,
/// because the destination's value type cannot hold them.
pub const TYPE_MISMATCH: &str = "TYPE_MISMATCH";
/// Code of a left-out element that cannot be aggregated (the aggregator's `notAggregated`).
pub const NOT_AGGREGATABLE: &str = "NOT_AGGREGATABLE";

/// What a number sent for an element stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Meaning {
    /// The source's own quantity (sums, means, extremes of it).
    Values,
    /// BOOLEAN/TRUE_ONLY under AVERAGE: the percentage of true values.
    PercentTrue,
    /// COUNT: the number of values.
    CountOfValues,
    /// BOOLEAN/TRUE_ONLY summed (SUM, the LAST/FIRST families summed over org units, …): the
    /// number of true values.
    CountOfTrue,
    /// BOOLEAN/TRUE_ONLY averaged over org units: the share of true values, 0 to 1.
    ShareTrue,
    /// STDDEV, VARIANCE.
    Spread,
    /// BOOLEAN/TRUE_ONLY under MIN, MAX, LAST_LAST_ORG_UNIT, FIRST_FIRST_ORG_UNIT: 0 or 1.
    TrueFalse,
}

/// The numbers sent for an element: their bounds and whether they are whole.
#[derive(Clone, Copy, Debug)]
struct Numbers {
    low: Option<f64>,
    high: Option<f64>,
    whole: bool,
    meaning: Meaning,
}

/// A value type's numeric bounds and integrality, `None` for non-numeric types.
fn numeric_range(value_type: &str) -> Option<(Option<f64>, Option<f64>, bool)> {
    Some(match value_type {
        "NUMBER" => (None, None, false),
        "INTEGER" => (None, None, true),
        "INTEGER_POSITIVE" => (Some(1.0), None, true),
        "INTEGER_ZERO_OR_POSITIVE" => (Some(0.0), None, true),
        "INTEGER_NEGATIVE" => (None, Some(-1.0), true),
        "UNIT_INTERVAL" => (Some(0.0), Some(1.0), false),
        "PERCENTAGE" => (Some(0.0), Some(100.0), false),
        _ => return None,
    })
}

fn is_boolean(value_type: &str) -> bool {
    matches!(value_type, "BOOLEAN" | "TRUE_ONLY")
}

/// Types that take any text (MULTI_TEXT also, but only option codes).
fn is_free_text(value_type: &str) -> bool {
    matches!(value_type, "TEXT" | "LONG_TEXT")
}

/// True when the destination keeps a `0` of this element: DHIS2 drops a new `0` of a numeric
/// element whose zero is not significant unless its aggregation type is AVERAGE or
/// AVERAGE_SUM_ORG_UNIT, and a `0` replacing a value deletes it (reference §5.4 step 3).
pub(super) fn zero_dropped(destination: &CatalogDataElement) -> bool {
    numeric_range(&destination.value_type).is_some()
        && !destination.zero_is_significant
        && !matches!(
            destination.aggregation_type.as_str(),
            "AVERAGE" | "AVERAGE_SUM_ORG_UNIT"
        )
}

/// DHIS2's words for a value that fails `value_type` (`Data value is not a percentage`).
fn refusal_words(value_type: &str) -> &'static str {
    value_problem("x", value_type).unwrap_or("Data value does not match the value type")
}

fn left_out(code: &str, message: String) -> FitOutcome {
    FitOutcome::LeftOut {
        reason: LeftOutReason {
            code: code.to_string(),
            message,
        },
    }
}

/// What the aggregator makes of a source element's values: numbers with bounds (`None`: text
/// passed through), and why it rounds them, when it does.
fn aggregated(
    source: &SourceElement,
    kind: ValueKind,
    aggregation: AggregationType,
) -> (Option<Numbers>, Option<String>) {
    use AggregationType as A;
    let value_type = source.value_type.as_str();
    match kind {
        ValueKind::Text => (None, None),
        ValueKind::FileResource => (
            Some(Numbers {
                low: Some(1.0),
                high: None,
                whole: true,
                meaning: Meaning::CountOfValues,
            }),
            None,
        ),
        ValueKind::Boolean { .. } => {
            let (low, high, whole, meaning) = match aggregation {
                A::Average => (Some(0.0), Some(100.0), false, Meaning::PercentTrue),
                A::Count => (Some(1.0), None, true, Meaning::CountOfValues),
                A::LastAverageOrgUnit | A::FirstAverageOrgUnit | A::LastInPeriodAverageOrgUnit => {
                    (Some(0.0), Some(1.0), false, Meaning::ShareTrue)
                }
                A::Min | A::Max | A::LastLastOrgUnit | A::FirstFirstOrgUnit => {
                    (Some(0.0), Some(1.0), true, Meaning::TrueFalse)
                }
                A::Stddev | A::Variance => (Some(0.0), None, false, Meaning::Spread),
                _ => (Some(0.0), None, true, Meaning::CountOfTrue),
            };
            (
                Some(Numbers {
                    low,
                    high,
                    whole,
                    meaning,
                }),
                None,
            )
        }
        ValueKind::Numeric { integer } => {
            let (low, high, _) = numeric_range(value_type).unwrap_or((None, None, integer));
            // Sums of values ≥ lo ≥ 0 stay ≥ lo; sums of values ≤ hi ≤ 0 stay ≤ hi; otherwise
            // unbounded on that side.
            let summed = (
                low.filter(|low| *low >= 0.0),
                high.filter(|high| *high <= 0.0),
            );
            let (low, high, whole, meaning) = match aggregation {
                A::Count => (Some(1.0), None, true, Meaning::CountOfValues),
                A::Stddev | A::Variance => (Some(0.0), None, false, Meaning::Spread),
                A::Average
                | A::LastAverageOrgUnit
                | A::FirstAverageOrgUnit
                | A::LastInPeriodAverageOrgUnit => (low, high, false, Meaning::Values),
                A::Min | A::Max | A::LastLastOrgUnit | A::FirstFirstOrgUnit => {
                    (low, high, integer, Meaning::Values)
                }
                // Σ(value × days) ÷ target days per org unit: missing sub-periods count as zero,
                // so the result reaches 0 and has decimals; then summed over org units.
                A::AverageSumOrgUnit => (
                    summed.0.map(|_| 0.0),
                    summed.1.map(|_| 0.0),
                    false,
                    Meaning::Values,
                ),
                _ => (summed.0, summed.1, integer, Meaning::Values),
            };
            let rounded = (integer && !whole).then(|| {
                format!(
                    "{} over {value_type} gives decimals: the aggregator rounds them to whole \
                     numbers (half away from zero), as DHIS2 does for integer value types",
                    aggregation.name()
                )
            });
            (
                Some(Numbers {
                    low,
                    high,
                    whole: whole || integer,
                    meaning,
                }),
                rounded,
            )
        }
    }
}

/// Why numbers of this meaning cannot go into a BOOLEAN or TRUE_ONLY element.
fn not_boolean_reason(source: &SourceElement, meaning: Meaning, destination_type: &str) -> String {
    let what = match meaning {
        Meaning::PercentTrue => "the percentage of true values",
        Meaning::CountOfValues => "counts of values",
        Meaning::CountOfTrue => "counts of true values",
        Meaning::ShareTrue => "the share of true values (0 to 1)",
        Meaning::Spread => "a spread (standard deviation or variance)",
        Meaning::Values | Meaning::TrueFalse => "numbers",
    };
    format!(
        "{} with aggregation {} gives {what}, which the destination's {destination_type} data \
         element cannot store",
        source.value_type, source.aggregation_type
    )
}

/// Decides for numbers going into a numeric destination element. Adds the value-level checks,
/// returns whether aggregates are rounded, or why the element is left out.
fn numbers_into_numeric(
    numbers: Numbers,
    aggregated: bool,
    source: &SourceElement,
    destination_type: &str,
    checks: &mut Vec<String>,
) -> Result<Option<String>, FitOutcome> {
    let Some((low, high, whole)) = numeric_range(destination_type) else {
        return Ok(None);
    };
    if numbers.meaning == Meaning::PercentTrue && destination_type == "UNIT_INTERVAL" {
        return Err(left_out(
            TYPE_MISMATCH,
            format!(
                "{} with aggregation {} gives the percentage of true values (0 to 100), which \
                 the destination's UNIT_INTERVAL data element (0 to 1) cannot store",
                source.value_type, source.aggregation_type
            ),
        ));
    }
    let below_all = matches!((numbers.high, low), (Some(high), Some(low)) if high < low);
    let above_all = matches!((numbers.low, high), (Some(low), Some(high)) if low > high);
    if below_all || above_all {
        let what = if aggregated {
            format!(
                "{} with aggregation {}",
                source.value_type, source.aggregation_type
            )
        } else {
            source.value_type.clone()
        };
        return Err(left_out(
            TYPE_MISMATCH,
            format!(
                "the values of {what} lie outside what the destination's {destination_type} data \
                 element takes ({})",
                refusal_words(destination_type)
            ),
        ));
    }
    let words = refusal_words(destination_type);
    let mut rounded = None;
    if whole && !numbers.whole {
        if aggregated {
            rounded = Some(format!(
                "the aggregates have decimals and the destination's data element is \
                 {destination_type}: they are rounded to whole numbers (half away from zero)"
            ));
        } else {
            checks.push(format!(
                "values that are not whole numbers are left out (E7619: {words})"
            ));
        }
    }
    if let Some(low) = low
        && numbers.low.is_none_or(|own| own < low)
    {
        checks.push(match destination_type {
            "INTEGER_POSITIVE" if numbers.low == Some(0.0) => {
                format!("values of 0 are left out (E7619: {words})")
            }
            "INTEGER_POSITIVE" => format!("values below 1 are left out (E7619: {words})"),
            _ => format!("negative values are left out (E7619: {words})"),
        });
    }
    if let Some(high) = high
        && numbers.high.is_none_or(|own| own > high)
    {
        checks.push(match destination_type {
            "INTEGER_NEGATIVE" => format!("values of 0 and above are left out (E7619: {words})"),
            _ => format!("values above {high} are left out (E7619: {words})"),
        });
    }
    Ok(rounded)
}

/// The element-level decision for `source` written into `destination` (which exists).
pub(super) fn decide(
    source: &SourceElement,
    destination: &CatalogDataElement,
    aggregation: Option<PeriodType>,
) -> ElementDecision {
    let mut checks = Vec::new();
    let mut rounded_reasons: Vec<String> = Vec::new();
    let destination_type = destination.value_type.as_str();
    let source_type = source.value_type.as_str();
    let decision = |outcome: FitOutcome, checks: Vec<String>, round: bool| ElementDecision {
        zeros_not_stored: !matches!(outcome, FitOutcome::LeftOut { .. })
            && zero_dropped(destination),
        outcome,
        checks,
        round,
    };

    // What is sent: raw values, or what the aggregator makes of them.
    let numbers = if aggregation.is_some() {
        match classify(source_type, &source.aggregation_type) {
            Err(reason) => {
                return decision(left_out(NOT_AGGREGATABLE, reason), Vec::new(), false);
            }
            Ok((kind, aggregation_type)) => {
                let (numbers, rounded) = aggregated(source, kind, aggregation_type);
                rounded_reasons.extend(rounded);
                numbers
            }
        }
    } else {
        None
    };

    let mut round = false;
    match numbers {
        Some(numbers) => {
            if is_boolean(destination_type) {
                if numbers.meaning != Meaning::TrueFalse {
                    let reason = not_boolean_reason(source, numbers.meaning, destination_type);
                    return decision(left_out(TYPE_MISMATCH, reason), Vec::new(), false);
                }
                if destination_type == "TRUE_ONLY" && numbers.low.is_none_or(|low| low < 1.0) {
                    checks.push(format!(
                        "values of 0 (false) are left out (E7619: {})",
                        refusal_words("TRUE_ONLY")
                    ));
                }
            } else if numeric_range(destination_type).is_some() {
                match numbers_into_numeric(numbers, true, source, destination_type, &mut checks) {
                    Ok(rounded) => {
                        round = rounded.is_some();
                        rounded_reasons.extend(rounded);
                    }
                    Err(outcome) => return decision(outcome, Vec::new(), false),
                }
            } else if !is_free_text(destination_type) {
                let reason = format!(
                    "aggregated {source_type} values are numbers, which the destination's \
                     {destination_type} data element cannot store"
                );
                return decision(left_out(TYPE_MISMATCH, reason), Vec::new(), false);
            }
        }
        // Raw values, or text passed through by NONE and the LAST/FIRST families.
        None => {
            let same = source_type == destination_type
                || matches!(
                    (source_type, destination_type),
                    ("DATE", "AGE") | ("AGE", "DATE")
                );
            if same || is_free_text(destination_type) {
                // Stored as they are.
            } else if let (Some((low, high, whole)), Some(_)) =
                (numeric_range(source_type), numeric_range(destination_type))
            {
                let numbers = Numbers {
                    low,
                    high,
                    whole,
                    meaning: Meaning::Values,
                };
                if let Err(outcome) =
                    numbers_into_numeric(numbers, false, source, destination_type, &mut checks)
                {
                    return decision(outcome, Vec::new(), false);
                }
            } else if source_type == "TRUE_ONLY" && destination_type == "BOOLEAN" {
                // `true` is a BOOLEAN value.
            } else if source_type == "BOOLEAN" && destination_type == "TRUE_ONLY" {
                checks.push(format!(
                    "false values are left out (E7619: {})",
                    refusal_words("TRUE_ONLY")
                ));
            } else {
                let reason = format!(
                    "{source_type} values cannot be stored in the destination's \
                     {destination_type} data element"
                );
                return decision(left_out(TYPE_MISMATCH, reason), Vec::new(), false);
            }
        }
    }

    if let Some(destination_codes) = &destination.option_codes {
        let covered = numbers.is_none()
            && source.option_codes.as_ref().is_some_and(|codes| {
                codes
                    .iter()
                    .all(|code| destination_codes.iter().any(|own| own == code))
            });
        if !covered {
            checks.push(
                "values that are not options of the destination's option set are left out \
                 (E7621)"
                    .to_string(),
            );
        }
    }
    let can_be_zero = match numbers {
        Some(numbers) => {
            numbers.low.is_none_or(|low| low <= 0.0) && numbers.high.is_none_or(|high| high >= 0.0)
        }
        None => numeric_range(source_type).is_some_and(|(low, high, _)| {
            low.is_none_or(|low| low <= 0.0) && high.is_none_or(|high| high >= 0.0)
        }),
    };
    if zero_dropped(destination) && can_be_zero {
        checks.push(
            "zeros are not stored: the destination's data element does not keep zeros (zero \
             not significant), so a new 0 is dropped and a 0 replacing a value deletes it"
                .to_string(),
        );
    }
    let outcome = match rounded_reasons.into_iter().next() {
        Some(reason) => FitOutcome::Rounded { reason },
        None => FitOutcome::Fits,
    };
    decision(outcome, checks, round)
}
