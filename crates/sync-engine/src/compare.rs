//! "Compare with the destination": what a run of a rule would change at its destination now,
//! for the wizard's summary, its "Download JSON" (a diff file) and `aggsync run --preview`.
//! Nothing is written.
//!
//! The values compared are exactly those a run would send ([`crate::payload::planned_writes_for`]:
//! the run's plan, processor — so an aggregated rule compares its aggregated output — admission,
//! and the destination's fit, rounding included), with the ids as the run writes them. The
//! destination is read for the same data (the rule's data sets, data elements and groups) and
//! for the org units and periods those values have, cut into bounded requests by sync-core's
//! read planner as a run's reads are, through the destination's client (its route or directly).
//! sync-core's [`diff`] classifies each value: new, changed, unchanged, deleted (a deletion the
//! run sends of a value the destination holds). Values only at the destination are kept by a run
//! and not counted here.
//!
//! The unchanged values are kept as fingerprints ([`UnchangedValues`]): a run given them
//! ("Skip unchanged values", [`crate::RunRequest::skip_unchanged`]) does not send them and counts
//! them in its tally as already at the destination.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use dhis2_api::Dhis2Client;
use dhis2_api::transport::Transport;
use serde::Serialize;
use sync_core::model::{ImportStrategy, Rule};
use sync_core::plan::{
    DataValue, DataValueSet, DestinationOnly, DiffCounts, DiffOptions, ReadLimits, ReadPurpose,
    ReadSpec, ValueKey, WriteKind, diff, plan_read_requests,
};

use crate::cancel::CancelToken;
use crate::host::Host;
use crate::limits::Limits;
use crate::observer::Quiet;
use crate::payload::made_writes;
use crate::preview::PreviewDestination;
use crate::retry::{CallContext, OnExpiredSession};
use crate::store;
use sync_core::id_scheme::IdSchemes;

/// Rows of each kind shown per data element.
pub const SAMPLE_ROWS: usize = 3;

/// The values a comparison found unchanged at the destination, as fingerprints of their key,
/// value and comment (a source value that changed since does not match and is sent). Cheap to
/// clone.
#[derive(Clone, Debug, Default)]
pub struct UnchangedValues {
    fingerprints: Arc<HashSet<u64>>,
}

impl UnchangedValues {
    /// True when `value` (as it would be sent) was found unchanged.
    pub fn contains(&self, value: &DataValue) -> bool {
        self.fingerprints.contains(&fingerprint(value))
    }

    /// How many values were found unchanged.
    pub fn len(&self) -> usize {
        self.fingerprints.len()
    }

    /// True when none was.
    pub fn is_empty(&self) -> bool {
        self.fingerprints.is_empty()
    }
}

fn blank(text: &Option<String>) -> Option<&str> {
    text.as_deref().filter(|text| !text.is_empty())
}

/// The value's key with its value, comment (empty = none) and follow-up flag, as DHIS2 compares
/// them, hashed:
/// in-process only (the comparison and the run it feeds run in one process).
fn fingerprint(value: &DataValue) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.key().hash(&mut hasher);
    blank(&value.value).hash(&mut hasher);
    blank(&value.comment).hash(&mut hasher);
    value.followup.hash(&mut hasher);
    hasher.finish()
}

/// Counts of one data element, or of all.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CompareCounts {
    /// Not at the destination: a run imports them.
    pub new: u64,
    /// At the destination with another value, comment or follow-up flag: a run updates them.
    pub changed: u64,
    /// At the destination, the same: DHIS2 ignores them (or they are skipped).
    pub unchanged: u64,
    /// Deleted at the source and held by the destination: a run deletes them.
    pub deleted: u64,
    /// Deleted at the source and absent from the destination: sent, nothing to delete.
    pub already_absent: u64,
}

impl CompareCounts {
    fn of(counts: &DiffCounts) -> CompareCounts {
        CompareCounts {
            new: counts.new,
            changed: counts.changed,
            unchanged: counts.unchanged,
            deleted: counts.deleted,
            already_absent: counts.deletion_not_needed,
        }
    }

    fn add(&mut self, other: &CompareCounts) {
        self.new += other.new;
        self.changed += other.changed;
        self.unchanged += other.unchanged;
        self.deleted += other.deleted;
        self.already_absent += other.already_absent;
    }

    /// True when nothing was counted.
    pub fn is_empty(&self) -> bool {
        *self == CompareCounts::default()
    }
}

/// One row of a sample: where, and the value before and after.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SampleRow {
    /// Org unit id.
    pub org_unit: String,
    /// ISO period.
    pub period: String,
    /// Category option combo id.
    pub category_option_combo: String,
    /// Attribute option combo id.
    pub attribute_option_combo: String,
    /// The destination's value (none for a new one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    /// The value sent (none for a deletion).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
}

/// A few rows of each kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Samples {
    /// New values.
    pub new: Vec<SampleRow>,
    /// Changed values.
    pub changed: Vec<SampleRow>,
    /// Unchanged values.
    pub unchanged: Vec<SampleRow>,
    /// Values deleted.
    pub deleted: Vec<SampleRow>,
}

/// The comparison of one data element.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ElementComparison {
    /// Data element id.
    pub data_element: String,
    /// Its name at the source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its counts.
    pub counts: CompareCounts,
    /// A few rows of each kind.
    pub samples: Samples,
}

/// What a run would change at the destination.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    /// The rule's import strategy (CREATE leaves changed values as they are; UPDATE ignores new
    /// ones).
    pub import_strategy: ImportStrategy,
    /// An incremental rule with nothing changed since its last run: nothing to compare.
    pub nothing_changed: bool,
    /// Values a run would send (deletions included), before skipping unchanged ones.
    pub values: u64,
    /// Values a run would leave out knowingly (not storable at the destination, zeros, ...).
    pub left_out: u64,
    /// `GET /api/dataValueSets` requests sent to the destination.
    pub destination_reads: usize,
    /// Counts over all data elements.
    pub totals: CompareCounts,
    /// Per data element, by name (then id).
    pub data_elements: Vec<ElementComparison>,
    /// The unchanged values, for a run that skips them.
    #[serde(skip)]
    pub unchanged: UnchangedValues,
}

/// Compares what a run of `rule` on `source` would send with what `destination` holds now.
pub async fn compare_run<S, D, H>(
    host: &H,
    source: &Dhis2Client<S>,
    rule: &Rule,
    destination: PreviewDestination<'_, D>,
) -> Result<Comparison, String>
where
    S: Transport,
    D: Transport,
    H: Host,
{
    compare_made(host, source, rule, destination, None).await
}

/// [`compare_run`] to the stored destination `destination_id`: through its mapping when it has
/// one (the values compared on the destination's UIDs, its values read by the mapped data
/// elements; the unchanged values' fingerprints on the mapped ids, as admission checks them
/// under the mapping).
pub async fn compare_run_to<S, D, H>(
    host: &H,
    source: &Dhis2Client<S>,
    rule: &Rule,
    destination: PreviewDestination<'_, D>,
    destination_id: &str,
) -> Result<Comparison, String>
where
    S: Transport,
    D: Transport,
    H: Host,
{
    compare_made(host, source, rule, destination, Some(destination_id)).await
}

async fn compare_made<S, D, H>(
    host: &H,
    source: &Dhis2Client<S>,
    rule: &Rule,
    destination: PreviewDestination<'_, D>,
    destination_id: Option<&str>,
) -> Result<Comparison, String>
where
    S: Transport,
    D: Transport,
    H: Host,
{
    let made = made_writes(
        host,
        source,
        rule,
        Some(PreviewDestination {
            client: destination.client,
            uses_session: destination.uses_session,
        }),
        destination_id,
        // Compared on UIDs (the source's, or the mapped ones): the destination's values are
        // read by them.
        &IdSchemes::default(),
    )
    .await?;
    let mut comparison = Comparison {
        import_strategy: made.rule.import_strategy,
        nothing_changed: made.nothing_changed,
        left_out: made.writes.left_out.len() as u64,
        ..Comparison::default()
    };
    let values: Vec<DataValue> = made
        .writes
        .plan
        .chunks
        .into_iter()
        .flat_map(|chunk| {
            let deletion = chunk.kind == WriteKind::Delete;
            chunk.values.into_iter().map(move |mut value| {
                value.deleted |= deletion;
                value
            })
        })
        .collect();
    comparison.values = values.len() as u64;
    if values.is_empty() {
        return Ok(comparison);
    }

    // The destination's values for the data, org units and periods the run writes.
    let org_units: BTreeSet<&str> = values.iter().map(|v| v.org_unit.as_str()).collect();
    let periods: BTreeSet<&str> = values.iter().map(|v| v.period.as_str()).collect();
    let selection = &made.rule.selection;
    // Through a mapping the source's data sets and groups mean nothing at the destination: its
    // values are read by the mapped data elements the run writes.
    let mapped_elements: Vec<String> = if made.mapped {
        let elements: BTreeSet<&str> = values.iter().map(|v| v.data_element.as_str()).collect();
        elements.into_iter().map(str::to_string).collect()
    } else {
        Vec::new()
    };
    let spec = ReadSpec {
        data_sets: if made.mapped {
            Vec::new()
        } else {
            selection.data_sets.iter().map(|d| d.id.clone()).collect()
        },
        data_elements: if made.mapped {
            mapped_elements
        } else {
            selection.data_elements.clone()
        },
        data_element_groups: if made.mapped {
            Vec::new()
        } else {
            selection.data_element_groups.clone()
        },
        org_units: org_units.into_iter().map(str::to_string).collect(),
        periods: periods.into_iter().map(str::to_string).collect(),
        ..ReadSpec::default()
    };
    let limits = ReadLimits::for_base_url_length(destination.client.data_value_sets_url(&[]).len());
    let (requests, issues) = plan_read_requests(&spec, &limits, ReadPurpose::Main);
    let errors: Vec<String> = issues
        .iter()
        .filter(|issue| issue.is_error())
        .map(|issue| issue.message.clone())
        .collect();
    if !errors.is_empty() {
        return Err(format!(
            "the destination's values cannot be read: {}",
            errors.join("; ")
        ));
    }
    let settings = store::settings::load_settings_or_default(source).await;
    let run_limits = Limits::from_settings(&settings);
    let cancel = CancelToken::new();
    let context = CallContext {
        host,
        observer: &Quiet,
        cancel: &cancel,
        limits: &run_limits,
    };
    let on_expired = if destination.uses_session {
        OnExpiredSession::Pause
    } else {
        OnExpiredSession::Fail
    };
    let mut held: Vec<DataValue> = Vec::new();
    for request in &requests {
        let bytes = context
            .call("reading the destination's values", on_expired, || {
                destination.client.data_value_sets(&request.params)
            })
            .await
            .map_err(|error| format!("reading the destination's values failed: {error}"))?;
        let set: DataValueSet = serde_json::from_slice(&bytes)
            .map_err(|error| format!("the destination's values could not be read: {error}"))?;
        held.extend(set.data_values.into_iter().filter(|value| !value.deleted));
    }
    comparison.destination_reads = requests.len();
    let old: HashMap<ValueKey, Option<String>> = held
        .iter()
        .map(|value| (value.key(), value.value.clone()))
        .collect();

    // sync-core's diff classifies; the admission already left out what a run leaves out, so
    // every deletion here is one the run sends and no zero is dropped again.
    let options = DiffOptions {
        send_deletions: true,
        destination_only: DestinationOnly::Keep,
        zero_insignificant: BTreeSet::new(),
    };
    let (classified, _issues) = diff(values.clone(), Some(held), &options);
    let sent: HashSet<ValueKey> = classified
        .new
        .iter()
        .chain(&classified.changed)
        .chain(&classified.unknown)
        .map(DataValue::key)
        .collect();
    // Unchanged: the values to send that the diff did not keep for sending.
    let mut seen: HashSet<ValueKey> = HashSet::new();
    let unchanged: Vec<&DataValue> = values
        .iter()
        .rev() // the diff keeps the last of a repeated key
        .filter(|value| !value.deleted && seen.insert(value.key()))
        .filter(|value| !sent.contains(&value.key()))
        .collect();
    comparison.unchanged = UnchangedValues {
        fingerprints: Arc::new(unchanged.iter().map(|value| fingerprint(value)).collect()),
    };

    let row = |value: &DataValue, new: Option<String>| SampleRow {
        org_unit: value.org_unit.clone(),
        period: value.period.clone(),
        category_option_combo: value.category_option_combo.clone(),
        attribute_option_combo: value.attribute_option_combo.clone(),
        old: old.get(&value.key()).cloned().flatten(),
        new,
    };
    let mut samples: BTreeMap<String, Samples> = BTreeMap::new();
    let mut take = |values: &mut dyn Iterator<Item = &DataValue>,
                    pick: fn(&mut Samples) -> &mut Vec<SampleRow>,
                    with_new: bool| {
        for value in values {
            let rows = pick(samples.entry(value.data_element.clone()).or_default());
            if rows.len() < SAMPLE_ROWS {
                rows.push(row(value, value.value.clone().filter(|_| with_new)));
            }
        }
    };
    take(&mut classified.new.iter(), |s| &mut s.new, true);
    take(&mut classified.changed.iter(), |s| &mut s.changed, true);
    take(
        &mut unchanged.iter().rev().copied(),
        |s| &mut s.unchanged,
        true,
    );
    take(&mut classified.deleted.iter(), |s| &mut s.deleted, false);

    for (id, counts) in &classified.per_data_element {
        let counts = CompareCounts::of(counts);
        if counts.is_empty() {
            continue; // only values the destination holds and a run keeps
        }
        comparison.totals.add(&counts);
        comparison.data_elements.push(ElementComparison {
            data_element: id.clone(),
            name: made.names.get(id).cloned(),
            counts,
            samples: samples.remove(id).unwrap_or_default(),
        });
    }
    comparison.data_elements.sort_by(|a, b| {
        (
            a.name.as_deref().unwrap_or(&a.data_element),
            &a.data_element,
        )
            .cmp(&(
                b.name.as_deref().unwrap_or(&b.data_element),
                &b.data_element,
            ))
    });
    Ok(comparison)
}
