//! The diff between source values (raw or aggregated) and, when read, the destination's values:
//! per key (data element, period, org unit, category option combo, attribute option combo) new,
//! changed, unchanged or deleted. Keys differing only in their attribute option combo are never
//! merged.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::value::{DataValue, ValueKey};
use crate::model::{Issue, IssueCode, ValidatedRule};

/// What to do with values the destination has and the source does not.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DestinationOnly {
    /// Leave them (the default: the source may simply not have been read for them).
    #[default]
    Keep,
    /// Delete them (when sending deletions): only when the destination values were read for
    /// exactly the cells the source covers, such as recomputed aggregate cells that became empty.
    Delete,
}

/// Options of [`diff`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiffOptions {
    /// Send values deleted at the source as deletions.
    pub send_deletions: bool,
    /// Values only at the destination.
    pub destination_only: DestinationOnly,
    /// Numeric data elements whose zero is not significant: DHIS2 silently drops a new `0` of
    /// them (and a `0` replacing a value deletes it). New zeros are not sent, and counted.
    #[serde(default)]
    pub zero_insignificant: BTreeSet<String>,
}

impl DiffOptions {
    /// The options of a rule's run: deletions as the rule says (always for a "since last
    /// successful sync" rule: its reads include deleted values so that they are deleted at the
    /// destination too), destination-only values kept, and these zero-insignificant numeric
    /// data elements.
    pub fn for_rule(rule: &ValidatedRule, zero_insignificant: BTreeSet<String>) -> DiffOptions {
        let incremental = matches!(
            rule.rule().period,
            crate::model::PeriodSelection::SinceLastSuccessfulSync { .. }
        );
        DiffOptions {
            send_deletions: rule.rule().send_deletions || incremental,
            destination_only: DestinationOnly::Keep,
            zero_insignificant,
        }
    }
}

/// Counts per data element.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiffCounts {
    /// Not at the destination.
    pub new: u64,
    /// At the destination with another value, comment or follow-up flag.
    pub changed: u64,
    /// At the destination, the same.
    pub unchanged: u64,
    /// Deleted at the source (or only at the destination, when asked) and deleted at the
    /// destination.
    pub deleted: u64,
    /// Not compared: no destination values were read.
    pub unknown: u64,
    /// Deleted at the source, not sent: deletions are off.
    pub deletion_not_sent: u64,
    /// Deleted at the source and absent from the destination: nothing to delete.
    pub deletion_not_needed: u64,
    /// Only at the destination, kept.
    pub destination_only: u64,
    /// New zeros of zero-insignificant data elements, not sent.
    pub zero_not_sent: u64,
}

impl DiffCounts {
    /// Adds another count.
    pub fn add(&mut self, other: &DiffCounts) {
        self.new += other.new;
        self.changed += other.changed;
        self.unchanged += other.unchanged;
        self.deleted += other.deleted;
        self.unknown += other.unknown;
        self.deletion_not_sent += other.deletion_not_sent;
        self.deletion_not_needed += other.deletion_not_needed;
        self.destination_only += other.destination_only;
        self.zero_not_sent += other.zero_not_sent;
    }
}

/// The diff: values to send, by class, and counts per data element.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Diff {
    /// Values not at the destination.
    pub new: Vec<DataValue>,
    /// Values whose value or comment differs at the destination.
    pub changed: Vec<DataValue>,
    /// Values not compared (no destination values): sent whatever the strategy; DHIS2 decides.
    pub unknown: Vec<DataValue>,
    /// Values to delete at the destination.
    pub deleted: Vec<DataValue>,
    /// Counts per data element id.
    pub per_data_element: BTreeMap<String, DiffCounts>,
}

impl Diff {
    /// Counts over all data elements.
    pub fn totals(&self) -> DiffCounts {
        let mut totals = DiffCounts::default();
        for counts in self.per_data_element.values() {
            totals.add(counts);
        }
        totals
    }
}

fn is_zero(value: &str) -> bool {
    // DHIS2 `MathUtils.ZERO_PATTERN`: ^0(\.0*)?$
    match value.strip_prefix('0') {
        Some("") => true,
        Some(rest) => rest
            .strip_prefix('.')
            .is_some_and(|zeros| zeros.bytes().all(|b| b == b'0')),
        None => false,
    }
}

fn blank(text: &Option<String>) -> Option<&str> {
    text.as_deref().filter(|t| !t.is_empty())
}

/// DHIS2 leaves a value alone (counts it ignored) only when its value, comment and follow-up
/// flag all equal the stored ones (reference §5.4); a different follow-up flag is an update.
fn same(source: &DataValue, destination: &DataValue) -> bool {
    blank(&source.value) == blank(&destination.value)
        && blank(&source.comment) == blank(&destination.comment)
        && source.followup == destination.followup
}

/// Compares source values with the destination's (`None` when they were not read). Duplicate
/// source keys keep the last value and are reported; values without a data element, period or
/// org unit are reported and left out.
pub fn diff(
    source: Vec<DataValue>,
    destination: Option<Vec<DataValue>>,
    options: &DiffOptions,
) -> (Diff, Vec<Issue>) {
    let mut issues = Vec::new();
    let mut incomplete = 0usize;
    let mut duplicates = 0usize;
    let mut first_duplicate = None;

    // Source values by key, in first-seen order, last value winning.
    let mut order: Vec<ValueKey> = Vec::with_capacity(source.len());
    let mut by_key: HashMap<ValueKey, DataValue> = HashMap::with_capacity(source.len());
    for value in source {
        if value.data_element.is_empty() || value.period.is_empty() || value.org_unit.is_empty() {
            incomplete += 1;
            continue;
        }
        let key = value.key();
        if by_key.insert(key.clone(), value).is_some() {
            duplicates += 1;
            first_duplicate.get_or_insert_with(|| key.clone());
        } else {
            order.push(key);
        }
    }
    if incomplete > 0 {
        issues.push(Issue::warning(
            IssueCode::IncompleteValue,
            "",
            None,
            format!("{incomplete} values without data element, period or org unit were left out"),
        ));
    }
    if let Some(key) = first_duplicate {
        issues.push(Issue::warning(
            IssueCode::DuplicateValue,
            "",
            None,
            format!(
                "{duplicates} values appeared more than once (the last one was kept), for example \
                 {} {} {} {} {}",
                key.data_element,
                key.period,
                key.org_unit,
                key.category_option_combo,
                key.attribute_option_combo
            ),
        ));
    }

    let mut destination: Option<HashMap<ValueKey, DataValue>> = destination.map(|values| {
        values
            .into_iter()
            .filter(|value| !value.deleted)
            .map(|value| (value.key(), value))
            .collect()
    });

    let mut result = Diff::default();
    let mut zeros_skipped: BTreeMap<String, u64> = BTreeMap::new();
    for key in order {
        let Some(value) = by_key.remove(&key) else {
            continue;
        };
        let counts = result
            .per_data_element
            .entry(key.data_element.clone())
            .or_default();
        let existing = destination.as_mut().map(|d| d.remove(&key));
        if value.deleted {
            match existing {
                _ if !options.send_deletions => counts.deletion_not_sent += 1,
                Some(None) => counts.deletion_not_needed += 1,
                Some(Some(_)) | None => {
                    counts.deleted += 1;
                    result.deleted.push(value);
                }
            }
            continue;
        }
        match existing {
            None => {
                counts.unknown += 1;
                result.unknown.push(value);
            }
            Some(None) => {
                let zero = options.zero_insignificant.contains(&key.data_element)
                    && value.value.as_deref().is_some_and(is_zero);
                if zero {
                    counts.zero_not_sent += 1;
                    *zeros_skipped.entry(key.data_element.clone()).or_default() += 1;
                } else {
                    counts.new += 1;
                    result.new.push(value);
                }
            }
            Some(Some(existing)) if same(&value, &existing) => counts.unchanged += 1,
            Some(Some(_)) => {
                counts.changed += 1;
                result.changed.push(value);
            }
        }
    }
    for (data_element, count) in zeros_skipped {
        issues.push(Issue::warning(
            IssueCode::ZeroNotSent,
            "",
            None,
            format!(
                "{count} new zero values of data element `{data_element}` were not sent: its zeros \
                 are not significant and DHIS2 would drop them"
            ),
        ));
    }

    if let Some(remaining) = destination {
        let mut remaining: Vec<(ValueKey, DataValue)> = remaining.into_iter().collect();
        remaining.sort_by(|a, b| a.0.cmp(&b.0));
        for (key, value) in remaining {
            let counts = result
                .per_data_element
                .entry(key.data_element.clone())
                .or_default();
            if options.send_deletions && options.destination_only == DestinationOnly::Delete {
                counts.deleted += 1;
                result.deleted.push(DataValue {
                    deleted: true,
                    ..value
                });
            } else {
                counts.destination_only += 1;
            }
        }
    }
    (result, issues)
}
