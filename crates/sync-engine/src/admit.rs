//! Between reading and writing: each value the processor gives is admitted (an upsert or a
//! deletion to send) or left out knowingly with its reason, then cut into write chunks as soon
//! as a chunk is full. Streaming: a raw sync admits values as responses arrive, so memory holds
//! only the chunks in flight.
//!
//! Left out, and listed in the report, never counted against SUCCESS: values without a data
//! element, period or org unit; values whose value DHIS2 would refuse for their data element's
//! value type (E7619); new zeros of numeric data elements whose zeros are not significant (DHIS2
//! does not store them). Not sent and only counted: values deleted at the source when the rule
//! sends no deletions, and the same key read twice (overlapping org units or data sets).
//! With "Skip unchanged values" ([`Admission::skipping_unchanged`]): values a comparison found at
//! the destination with the same value and comment are not sent, only counted (`unchanged`),
//! never left behind.

use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::hash::{Hash, Hasher};

use std::rc::Rc;

use crate::ids::Naming;

use sync_core::fit::DestinationFit;
use sync_core::model::{LeftBehind, LeftBehindKind};
use sync_core::plan::{
    DataValue, DiffCounts, WriteChunk, WriteError, WriteKind, WriteOptions, value_problem,
    write_chunk,
};

/// What to do with one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Admitted {
    /// Send it under the rule's strategy.
    Upsert(DataValue),
    /// Send it as a deletion.
    Delete(DataValue),
    /// Leave it out, listed with why.
    LeftOut(LeftBehind),
    /// Not sent, only counted (a deletion the rule does not send, a duplicate).
    Skipped,
}

/// The admission rules of a run and their counts.
#[derive(Debug, Default)]
pub struct Admission {
    value_types: BTreeMap<String, String>,
    zero_insignificant: BTreeSet<String>,
    send_deletions: bool,
    /// What the destination stores, when its metadata was read (then its value types decide,
    /// not the source's).
    fit: Option<DestinationFit>,
    seen: HashSet<u64>,
    /// The destination's id schemes or mapping, when it does not take the source's UIDs: a
    /// value they cannot name is not sent.
    translation: Option<Rc<Naming>>,
    /// Counts per data element (what the report's statistics show).
    pub per_data_element: BTreeMap<String, DiffCounts>,
    /// Keys read more than once (later copies skipped).
    pub duplicates: u64,
    /// The values a comparison found unchanged at the destination, when they are not sent.
    unchanged: Option<crate::compare::UnchangedValues>,
    /// Values not sent because they were unchanged at the destination.
    pub unchanged_skipped: u64,
}

impl Admission {
    /// Rules from the data elements' value types (as the destination stores them), the numeric
    /// data elements whose zeros are not significant, and whether deletions are sent.
    pub fn new(
        value_types: BTreeMap<String, String>,
        zero_insignificant: BTreeSet<String>,
        send_deletions: bool,
    ) -> Admission {
        Admission {
            value_types,
            zero_insignificant,
            send_deletions,
            ..Admission::default()
        }
    }

    fn counts(&mut self, data_element: &str) -> &mut DiffCounts {
        if !self.per_data_element.contains_key(data_element) {
            self.per_data_element
                .insert(data_element.to_string(), DiffCounts::default());
        }
        self.per_data_element
            .get_mut(data_element)
            .unwrap_or_else(|| unreachable!("inserted above"))
    }

    /// The same rules, checked against what the destination stores.
    pub fn with_fit(mut self, fit: DestinationFit) -> Admission {
        self.fit = Some(fit);
        self
    }

    /// Leaves out the values `unchanged` holds (found unchanged at the destination), counted.
    pub fn skipping_unchanged(mut self, unchanged: crate::compare::UnchangedValues) -> Admission {
        self.unchanged = Some(unchanged);
        self
    }

    /// Values are sent under a destination's id schemes or through its mapping: one they cannot
    /// name (its data element, org unit or an option combo has no code, name or attribute value
    /// at the source; or the mapping excludes it or has nothing for it) is left behind unsent,
    /// with the reason. Under a mapping, the fit (read by the destination's mapped UIDs) checks
    /// each value on its mapped ids.
    pub fn with_translation(mut self, translation: Option<Rc<Naming>>) -> Admission {
        self.translation = translation;
        self
    }

    /// Decides what happens to `value`.
    pub fn admit(&mut self, value: DataValue) -> Admitted {
        let admitted = self.admit_by_uid(value);
        let (Some(translation), Admitted::Upsert(value) | Admitted::Delete(value)) =
            (&self.translation, &admitted)
        else {
            return admitted;
        };
        match translation.translate(value) {
            Ok(_) => admitted,
            Err(reason) => {
                let counts = self.counts(&value.data_element);
                if value.deleted {
                    counts.deleted = counts.deleted.saturating_sub(1);
                } else {
                    counts.unknown = counts.unknown.saturating_sub(1);
                }
                let (Admitted::Upsert(value) | Admitted::Delete(value)) = admitted else {
                    unreachable!("matched above")
                };
                Admitted::LeftOut(LeftBehind::new(value, LeftBehindKind::Unsent, reason))
            }
        }
    }

    /// The admission rules on the source's UIDs.
    fn admit_by_uid(&mut self, mut value: DataValue) -> Admitted {
        if value.data_element.is_empty() || value.period.is_empty() || value.org_unit.is_empty() {
            return Admitted::LeftOut(LeftBehind::new(
                value,
                LeftBehindKind::LeftOut,
                "the value has no data element, period or org unit",
            ));
        }
        let mut hasher = DefaultHasher::new();
        value.key().hash(&mut hasher);
        if !self.seen.insert(hasher.finish()) {
            self.duplicates += 1;
            return Admitted::Skipped;
        }
        if let Some(fit) = &self.fit {
            // Under a mapping the fit knows the destination's mapped ids: the value is checked
            // as it will be written. One the mapping cannot translate is left behind by the
            // translation step after this (unless it is a deletion the rule does not send).
            let mut mapped = match self.translation.as_deref() {
                Some(naming @ Naming::Mapping(_)) => naming.translate(&value).ok(),
                _ => None,
            };
            // Aggregates with decimals for an integer destination element are rounded first.
            if let Some(rounded) = fit.rounded_value(mapped.as_ref().unwrap_or(&value)) {
                if let Some(mapped) = &mut mapped {
                    mapped.value = Some(rounded.clone());
                }
                value.value = Some(rounded);
            }
            let checked = fit.check(mapped.as_ref().unwrap_or(&value));
            if let Err(reason) = checked {
                if value.deleted && !self.send_deletions {
                    self.counts(&value.data_element).deletion_not_sent += 1;
                    return Admitted::Skipped;
                }
                let mut item = LeftBehind::new(value, LeftBehindKind::LeftOut, reason.message);
                item.code = Some(reason.code);
                return Admitted::LeftOut(item);
            }
        }
        // After the fit's rounding: the comparison saw the values as they would be sent.
        // Through a mapping the comparison saw the values on the destination's ids.
        if !value.deleted
            && let Some(unchanged) = &self.unchanged
            && match self.translation.as_deref() {
                Some(naming @ Naming::Mapping(_)) => naming
                    .translate(&value)
                    .is_ok_and(|mapped| unchanged.contains(&mapped)),
                _ => unchanged.contains(&value),
            }
        {
            self.unchanged_skipped += 1;
            self.counts(&value.data_element).unchanged += 1;
            return Admitted::Skipped;
        }
        if value.deleted {
            let send = self.send_deletions;
            let counts = self.counts(&value.data_element);
            return if send {
                counts.deleted += 1;
                Admitted::Delete(value)
            } else {
                counts.deletion_not_sent += 1;
                Admitted::Skipped
            };
        }
        if let Some(text) = value.value.as_deref() {
            if self.zero_insignificant.contains(&value.data_element) && is_zero(text) {
                self.counts(&value.data_element).zero_not_sent += 1;
                return Admitted::LeftOut(LeftBehind::new(
                    value,
                    LeftBehindKind::LeftOut,
                    "a zero of a data element whose zeros are not significant: DHIS2 does not \
                     store it",
                ));
            }
            if self.fit.is_none()
                && let Some(value_type) = self.value_types.get(&value.data_element)
                && let Some(problem) = value_problem(text, value_type)
            {
                let mut item = LeftBehind::new(value, LeftBehindKind::LeftOut, problem);
                item.code = Some("E7619".to_string());
                return Admitted::LeftOut(item);
            }
        }
        self.counts(&value.data_element).unknown += 1;
        Admitted::Upsert(value)
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

/// A write chunk with, for each value, the read it came from (to know when a read's values are
/// all settled: its resume point).
#[derive(Debug, Clone)]
pub struct PendingChunk {
    /// The chunk.
    pub chunk: WriteChunk,
    /// Read index of each value (`u32::MAX` when not from a read, e.g. aggregated).
    pub origins: Vec<u32>,
}

/// Cuts admitted values into write chunks: upserts and deletions apart (deletions go with
/// `importStrategy=DELETE`), each full chunk handed out at once.
#[derive(Debug)]
pub struct Chunker {
    options: WriteOptions,
    next_index: usize,
    upserts: (Vec<DataValue>, Vec<u32>),
    deletions: (Vec<DataValue>, Vec<u32>),
    /// Values sent per data element.
    pub sent_per_data_element: BTreeMap<String, u64>,
}

impl Chunker {
    /// A chunker with the run's write options.
    pub fn new(options: WriteOptions) -> Chunker {
        Chunker {
            options,
            next_index: 0,
            upserts: (Vec::new(), Vec::new()),
            deletions: (Vec::new(), Vec::new()),
            sent_per_data_element: BTreeMap::new(),
        }
    }

    /// Chunks made so far.
    pub fn chunks_made(&self) -> usize {
        self.next_index
    }

    /// Adds a value of `kind` from read `origin`; returns a chunk when one is full.
    pub fn push(
        &mut self,
        kind: WriteKind,
        value: DataValue,
        origin: u32,
    ) -> Result<Option<PendingChunk>, WriteError> {
        // Counted without a key's copy per value: a run has few data elements and many values.
        match self.sent_per_data_element.get_mut(&value.data_element) {
            Some(count) => *count += 1,
            None => {
                self.sent_per_data_element
                    .insert(value.data_element.clone(), 1);
            }
        }
        let size = self.options.chunk_size.max(1);
        let buffer = match kind {
            WriteKind::Upsert => &mut self.upserts,
            WriteKind::Delete => &mut self.deletions,
        };
        buffer.0.push(value);
        buffer.1.push(origin);
        if buffer.0.len() >= size {
            let (values, origins) = std::mem::take(buffer);
            return self.make(kind, values, origins).map(Some);
        }
        Ok(None)
    }

    /// The chunks of what is left (upserts first).
    pub fn finish(&mut self) -> Result<Vec<PendingChunk>, WriteError> {
        let mut chunks = Vec::new();
        for kind in [WriteKind::Upsert, WriteKind::Delete] {
            let buffer = match kind {
                WriteKind::Upsert => &mut self.upserts,
                WriteKind::Delete => &mut self.deletions,
            };
            let (values, origins) = std::mem::take(buffer);
            if !values.is_empty() {
                chunks.push(self.make(kind, values, origins)?);
            }
        }
        Ok(chunks)
    }

    fn make(
        &mut self,
        kind: WriteKind,
        values: Vec<DataValue>,
        origins: Vec<u32>,
    ) -> Result<PendingChunk, WriteError> {
        let chunk = write_chunk(self.next_index, kind, values, &self.options)?;
        self.next_index += 1;
        Ok(PendingChunk { chunk, origins })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn admission() -> Admission {
        Admission::new(
            BTreeMap::from([
                ("pct".to_string(), "PERCENTAGE".to_string()),
                ("int".to_string(), "INTEGER".to_string()),
            ]),
            BTreeSet::from(["int".to_string()]),
            false,
        )
    }

    #[test]
    fn values_the_destination_would_refuse_are_left_out_with_the_reason() {
        let mut rules = admission();
        let Admitted::LeftOut(item) = rules.admit(DataValue::new("pct", "202401", "ou", "140"))
        else {
            panic!("left out expected")
        };
        assert_eq!(item.code.as_deref(), Some("E7619"));
        assert_eq!(item.reason, "Data value is not a percentage");
        assert!(matches!(
            rules.admit(DataValue::new("int", "202401", "ou", "0")),
            Admitted::LeftOut(_)
        ));
        assert_eq!(rules.per_data_element["int"].zero_not_sent, 1);
        assert!(matches!(
            rules.admit(DataValue::new("pct", "202402", "ou", "40")),
            Admitted::Upsert(_)
        ));
    }

    #[test]
    fn duplicates_and_unsent_deletions_are_only_counted() {
        let mut rules = admission();
        let value = DataValue::new("pct", "202401", "ou", "10");
        assert!(matches!(rules.admit(value.clone()), Admitted::Upsert(_)));
        assert_eq!(rules.admit(value), Admitted::Skipped);
        assert_eq!(rules.duplicates, 1);
        let deleted = DataValue {
            deleted: true,
            ..DataValue::new("pct", "202403", "ou", "10")
        };
        assert_eq!(rules.admit(deleted), Admitted::Skipped);
        assert_eq!(rules.per_data_element["pct"].deletion_not_sent, 1);
    }

    #[test]
    fn chunks_are_handed_out_when_full_and_deletions_apart() {
        let mut chunker = Chunker::new(WriteOptions {
            chunk_size: 2,
            ..WriteOptions::default()
        });
        let value = |ou: &str| DataValue::new("de", "202401", ou, "1");
        assert!(
            chunker
                .push(WriteKind::Upsert, value("a"), 0)
                .unwrap()
                .is_none()
        );
        let full = chunker
            .push(WriteKind::Upsert, value("b"), 1)
            .unwrap()
            .unwrap();
        assert_eq!(full.chunk.values.len(), 2);
        assert_eq!(full.origins, vec![0, 1]);
        chunker.push(WriteKind::Delete, value("c"), 2).unwrap();
        chunker.push(WriteKind::Upsert, value("d"), 2).unwrap();
        let rest = chunker.finish().unwrap();
        assert_eq!(rest.len(), 2);
        assert_eq!(rest[1].chunk.kind, WriteKind::Delete);
        assert!(
            rest[1]
                .chunk
                .params
                .contains(&("importStrategy".into(), "DELETE".into()))
        );
        assert_eq!(chunker.chunks_made(), 3);
    }
}
