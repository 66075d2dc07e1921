//! Accumulators of the aggregation engine: one per output cell (data element, target period,
//! selected org unit, category option combo, attribute option combo), plus one per raw org unit
//! for the types that combine per org unit first (LAST, FIRST, LAST_IN_PERIOD and their
//! `_AVERAGE_ORG_UNIT` forms, MIN/MAX_SUM_ORG_UNIT). Arithmetic only; no parsing, no I/O.

use super::rules::{AggregationType, ValueKind};

/// A value taking part: a number (booleans are 1/0) or a text.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// A number.
    Number(f64),
    /// A text value.
    Text(Box<str>),
}

/// Where in time a value lies, for the LAST and FIRST families: `(end, start)` in days.
pub type Rank = (i32, i32);

/// One contribution of a row to a cell.
pub struct Contribution<'a> {
    /// The value.
    pub value: &'a Scalar,
    /// Days of the data period.
    pub data_days: i32,
    /// Days of the target period.
    pub target_days: i32,
    /// The data period is longer than the target and its value is repeated (AVERAGE family).
    pub repeated: bool,
    /// `(end, start)` of the data period.
    pub rank: Rank,
}

/// State of one output cell.
#[derive(Debug, Clone)]
pub enum CellState {
    /// SUM (and boolean AVERAGE_SUM_ORG_UNIT, as dhis2-core sums booleans there).
    Sum(f64),
    /// COUNT.
    Count(u64),
    /// Numeric AVERAGE: plain mean of the rows.
    Mean {
        /// Sum of values.
        sum: f64,
        /// Rows.
        count: u64,
    },
    /// Boolean AVERAGE: Σ(value × days) ÷ Σ(days) × 100.
    DayWeighted {
        /// Σ(value × days).
        weighted: f64,
        /// Σ(days).
        days: f64,
    },
    /// Numeric AVERAGE_SUM_ORG_UNIT: Σ(value × days) ÷ days of the target.
    DaysTimesValue {
        /// Σ(value × days).
        weighted: f64,
        /// Days of the target period.
        target_days: i32,
    },
    /// MIN.
    Min(f64),
    /// MAX.
    Max(f64),
    /// STDDEV and VARIANCE (the Youngs–Cramer running sums PostgreSQL uses for float8).
    Moments {
        /// Rows.
        count: u64,
        /// Σx.
        sum: f64,
        /// Σ(x − mean)², updated incrementally.
        squares: f64,
    },
    /// LAST_LAST_ORG_UNIT / FIRST_FIRST_ORG_UNIT: the single best value across org units.
    Best {
        /// Its period.
        rank: Rank,
        /// The value.
        value: Scalar,
    },
    /// NONE: the value already at the target.
    Exact(Scalar),
    /// Combined from the per-org-unit states at the end.
    PerOrgUnit,
}

/// State per raw org unit within a cell.
#[derive(Debug, Clone)]
pub enum OrgUnitState {
    /// Latest (or earliest) value of this org unit.
    Best {
        /// Its period.
        rank: Rank,
        /// The value.
        value: Scalar,
    },
    /// Minimum over periods.
    Min(f64),
    /// Maximum over periods.
    Max(f64),
}

/// True when the type combines per raw org unit before combining org units.
pub fn per_org_unit(aggregation: AggregationType) -> bool {
    use AggregationType as A;
    matches!(
        aggregation,
        A::Last
            | A::LastAverageOrgUnit
            | A::LastInPeriod
            | A::LastInPeriodAverageOrgUnit
            | A::First
            | A::FirstAverageOrgUnit
            | A::MinSumOrgUnit
            | A::MaxSumOrgUnit
    )
}

fn is_first(aggregation: AggregationType) -> bool {
    matches!(
        aggregation,
        AggregationType::First
            | AggregationType::FirstAverageOrgUnit
            | AggregationType::FirstFirstOrgUnit
    )
}

/// Whether `candidate` replaces `current` (later wins for LAST, earlier for FIRST; on a tie the
/// value seen first stays, except within one org unit where a repeated row replaces).
fn better(
    aggregation: AggregationType,
    candidate: Rank,
    current: Rank,
    replace_ties: bool,
) -> bool {
    if candidate == current {
        return replace_ties;
    }
    if is_first(aggregation) {
        candidate < current
    } else {
        candidate > current
    }
}

fn number(value: &Scalar) -> f64 {
    match value {
        Scalar::Number(number) => *number,
        Scalar::Text(_) => f64::NAN,
    }
}

impl CellState {
    /// A fresh cell for the type.
    pub fn new(
        aggregation: AggregationType,
        kind: ValueKind,
        contribution: &Contribution<'_>,
    ) -> CellState {
        use AggregationType as A;
        let boolean = matches!(kind, ValueKind::Boolean { .. });
        match aggregation {
            A::Average if boolean => CellState::DayWeighted {
                weighted: 0.0,
                days: 0.0,
            },
            A::Average => CellState::Mean { sum: 0.0, count: 0 },
            A::AverageSumOrgUnit if boolean => CellState::Sum(0.0),
            A::AverageSumOrgUnit => CellState::DaysTimesValue {
                weighted: 0.0,
                target_days: contribution.target_days,
            },
            A::Count => CellState::Count(0),
            A::Min => CellState::Min(f64::INFINITY),
            A::Max => CellState::Max(f64::NEG_INFINITY),
            A::Stddev | A::Variance => CellState::Moments {
                count: 0,
                sum: 0.0,
                squares: 0.0,
            },
            A::LastLastOrgUnit | A::FirstFirstOrgUnit => CellState::Best {
                rank: contribution.rank,
                value: contribution.value.clone(),
            },
            A::None => CellState::Exact(contribution.value.clone()),
            _ if per_org_unit(aggregation) => CellState::PerOrgUnit,
            _ => CellState::Sum(0.0),
        }
    }

    /// Adds one contribution.
    #[inline]
    pub fn add(&mut self, aggregation: AggregationType, contribution: &Contribution<'_>) {
        match self {
            CellState::Sum(sum) => *sum += number(contribution.value),
            CellState::Count(count) => *count += 1,
            CellState::Mean { sum, count } => {
                *sum += number(contribution.value);
                *count += 1;
            }
            CellState::DayWeighted { weighted, days } => {
                let data_days = f64::from(contribution.data_days);
                *weighted += number(contribution.value) * data_days;
                *days += data_days;
            }
            CellState::DaysTimesValue { weighted, .. } => {
                let days = if contribution.repeated {
                    contribution.target_days
                } else {
                    contribution.data_days
                };
                *weighted += number(contribution.value) * f64::from(days);
            }
            CellState::Min(min) => *min = min.min(number(contribution.value)),
            CellState::Max(max) => *max = max.max(number(contribution.value)),
            CellState::Moments {
                count,
                sum,
                squares,
            } => {
                let value = number(contribution.value);
                *count += 1;
                *sum += value;
                if *count > 1 {
                    let n = *count as f64;
                    let deviation = value * n - *sum;
                    *squares += deviation * deviation / (n * (n - 1.0));
                }
            }
            CellState::Best { rank, value } => {
                if better(aggregation, contribution.rank, *rank, false) {
                    *rank = contribution.rank;
                    *value = contribution.value.clone();
                }
            }
            CellState::Exact(_) | CellState::PerOrgUnit => {}
        }
    }

    /// The cell's result, `None` where SQL would give null (e.g. a variance of one row).
    pub fn result(&self, aggregation: AggregationType) -> Option<Scalar> {
        let number = match self {
            CellState::Sum(sum) => *sum,
            CellState::Count(count) => *count as f64,
            CellState::Mean { sum, count } => {
                if *count == 0 {
                    return None;
                }
                sum / *count as f64
            }
            CellState::DayWeighted { weighted, days } => {
                if *days == 0.0 {
                    return None;
                }
                weighted / days * 100.0
            }
            CellState::DaysTimesValue {
                weighted,
                target_days,
            } => weighted / f64::from(*target_days),
            CellState::Min(value) | CellState::Max(value) => *value,
            CellState::Moments { count, squares, .. } => {
                if *count < 2 {
                    return None;
                }
                let variance = squares / (*count - 1) as f64;
                if aggregation == AggregationType::Stddev {
                    variance.sqrt()
                } else {
                    variance
                }
            }
            CellState::Best { value, .. } | CellState::Exact(value) => return Some(value.clone()),
            CellState::PerOrgUnit => return None,
        };
        number.is_finite().then_some(Scalar::Number(number))
    }
}

impl OrgUnitState {
    /// A fresh state for one org unit.
    pub fn new(aggregation: AggregationType, contribution: &Contribution<'_>) -> OrgUnitState {
        match aggregation {
            AggregationType::MinSumOrgUnit => OrgUnitState::Min(number(contribution.value)),
            AggregationType::MaxSumOrgUnit => OrgUnitState::Max(number(contribution.value)),
            _ => OrgUnitState::Best {
                rank: contribution.rank,
                value: contribution.value.clone(),
            },
        }
    }

    /// Adds one contribution of the same org unit.
    #[inline]
    pub fn add(&mut self, aggregation: AggregationType, contribution: &Contribution<'_>) {
        match self {
            OrgUnitState::Min(min) => *min = min.min(number(contribution.value)),
            OrgUnitState::Max(max) => *max = max.max(number(contribution.value)),
            OrgUnitState::Best { rank, value } => {
                if better(aggregation, contribution.rank, *rank, true) {
                    *rank = contribution.rank;
                    *value = contribution.value.clone();
                }
            }
        }
    }

    /// This org unit's value.
    pub fn value(&self) -> Scalar {
        match self {
            OrgUnitState::Min(value) | OrgUnitState::Max(value) => Scalar::Number(*value),
            OrgUnitState::Best { value, .. } => value.clone(),
        }
    }
}

/// Combines the per-org-unit values of one cell: summed, or averaged for the
/// `_AVERAGE_ORG_UNIT` types; text values give the greatest text (as `max(textvalue)`).
#[derive(Debug, Clone, Default)]
pub struct OrgUnitCombination {
    sum: f64,
    count: u64,
    text: Option<Box<str>>,
}

impl OrgUnitCombination {
    /// Adds one org unit's value.
    pub fn add(&mut self, value: Scalar) {
        match value {
            Scalar::Number(number) => {
                self.sum += number;
                self.count += 1;
            }
            Scalar::Text(text) => {
                if self.text.as_ref().is_none_or(|current| text > *current) {
                    self.text = Some(text);
                }
            }
        }
    }

    /// The combined value.
    pub fn result(&self, aggregation: AggregationType) -> Option<Scalar> {
        if let Some(text) = &self.text {
            return Some(Scalar::Text(text.clone()));
        }
        if self.count == 0 {
            return None;
        }
        let average = matches!(
            aggregation,
            AggregationType::LastAverageOrgUnit
                | AggregationType::LastInPeriodAverageOrgUnit
                | AggregationType::FirstAverageOrgUnit
        );
        let value = if average {
            self.sum / self.count as f64
        } else {
            self.sum
        };
        value.is_finite().then_some(Scalar::Number(value))
    }
}
