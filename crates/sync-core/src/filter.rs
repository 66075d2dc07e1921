//! Filtering data value rows by the user's selection: data elements (a data set with some of its
//! data elements excluded), attribute option combos (by chosen category options: the caller gives
//! the allowed combo ids or a predicate over them), org units (exact, or the whole subtree by
//! `path` when aggregating) and periods (ids or a date range).
//!
//! Decisions are cached per interned id, so a million rows cost a few array look-ups each. The
//! raw, non-aggregating path is [`Selector`]: it reads `/api/dataValueSets` bytes and hands on the
//! rows of the selected cells unchanged. No I/O here.

use std::collections::HashSet;

use crate::date::Date;
use crate::period::Period;
use crate::reader::{DataValueReader, ReadError, ReadStats, RowSink};
use crate::values::{DataValueRef, FxHashMap, Interners};

/// An org unit with its hierarchy `path` (`/root/…/id`), as `organisationUnits` lists it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OrgUnitPath {
    /// Org unit id.
    pub id: String,
    /// Path of ids from the root, `/`-separated, ending with `id`. Empty when unknown.
    #[serde(default)]
    pub path: String,
}

/// The selected org units no other selected org unit contains: an aggregation reads each
/// subtree once (`children=true` on these), and a unit nested in another selected one is still
/// a target, its rows arriving with its ancestor's subtree. Units whose path is unknown are
/// kept. Order is kept.
pub fn topmost_org_units(selected: &[String], paths: &[OrgUnitPath]) -> Vec<String> {
    let chosen: std::collections::BTreeSet<&str> = selected.iter().map(String::as_str).collect();
    let path_of: std::collections::BTreeMap<&str, &str> = paths
        .iter()
        .map(|unit| (unit.id.as_str(), unit.path.as_str()))
        .collect();
    selected
        .iter()
        .filter(|id| {
            let Some(path) = path_of.get(id.as_str()) else {
                return true;
            };
            !path
                .split('/')
                .any(|ancestor| ancestor != id.as_str() && chosen.contains(ancestor))
        })
        .cloned()
        .collect()
}

/// The known hierarchy: which selected org units a data value's org unit belongs to.
#[derive(Debug, Clone, Default)]
pub struct OrgUnitHierarchy {
    paths: FxHashMap<String, String>,
}

impl OrgUnitHierarchy {
    /// The hierarchy of the listed org units.
    pub fn new(org_units: &[OrgUnitPath]) -> OrgUnitHierarchy {
        let mut paths = FxHashMap::default();
        for org_unit in org_units {
            paths.insert(org_unit.id.clone(), org_unit.path.clone());
        }
        OrgUnitHierarchy { paths }
    }

    /// The positions in `selected` of the org units `org_unit` counts for: itself and, with
    /// `subtree`, every selected ancestor on its path.
    pub fn selected_ancestors(
        &self,
        org_unit: &str,
        selected: &[String],
        subtree: bool,
    ) -> Vec<usize> {
        let path = self.paths.get(org_unit).map_or("", String::as_str);
        selected
            .iter()
            .enumerate()
            .filter(|(_, candidate)| {
                candidate.as_str() == org_unit
                    || (subtree && path.split('/').any(|segment| segment == candidate.as_str()))
            })
            .map(|(index, _)| index)
            .collect()
    }
}

/// Which periods pass the filter.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum PeriodSelection {
    /// Every period.
    #[default]
    All,
    /// Exactly these ISO ids.
    Ids(Vec<String>),
    /// Periods lying completely inside `[from, to]` (as `/api/dataValueSets` `startDate`/`endDate`).
    Range {
        /// First day.
        from: Date,
        /// Last day (inclusive).
        to: Date,
    },
}

/// The user's selection.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Data elements to keep; `None` keeps every data element.
    pub data_elements: Option<Vec<String>>,
    /// Data elements removed from the selection (e.g. excluded from a data set).
    pub excluded_data_elements: Vec<String>,
    /// Attribute option combos to keep; `None` keeps all.
    pub attribute_option_combos: Option<Vec<String>>,
    /// Org units to keep; empty keeps all.
    pub org_units: Vec<String>,
    /// Keep the descendants of the selected org units too (by `path`).
    pub include_descendants: bool,
    /// Periods to keep.
    pub periods: PeriodSelection,
    /// Keep rows marked `deleted` (a sync may send them as deletions).
    pub include_deleted: bool,
}

/// A predicate over attribute option combo ids, for selections by category option.
pub type ComboPredicate = Box<dyn Fn(&str) -> bool>;

const UNKNOWN: u8 = 0;
const YES: u8 = 1;
const NO: u8 = 2;

/// A selection compiled against interned ids, with per-id caches.
pub struct RowFilter {
    data_elements: Option<HashSet<String>>,
    excluded_data_elements: HashSet<String>,
    attribute_option_combos: Option<HashSet<String>>,
    combo_predicate: Option<ComboPredicate>,
    org_units: Vec<String>,
    include_descendants: bool,
    hierarchy: OrgUnitHierarchy,
    periods: PeriodSelection,
    include_deleted: bool,
    data_element_cache: Vec<u8>,
    combo_cache: Vec<u8>,
    org_unit_cache: Vec<u8>,
    period_cache: Vec<u8>,
}

#[inline]
fn cached(cache: &mut Vec<u8>, index: u32, decide: impl FnOnce() -> bool) -> bool {
    let index = index as usize;
    if index >= cache.len() {
        cache.resize(index + 1, UNKNOWN);
    }
    if cache[index] == UNKNOWN {
        cache[index] = if decide() { YES } else { NO };
    }
    cache[index] == YES
}

impl RowFilter {
    /// Compiles `selection`; `hierarchy` gives the paths for subtree selection.
    pub fn new(selection: Selection, hierarchy: OrgUnitHierarchy) -> RowFilter {
        RowFilter {
            data_elements: selection.data_elements.map(|ids| ids.into_iter().collect()),
            excluded_data_elements: selection.excluded_data_elements.into_iter().collect(),
            attribute_option_combos: selection
                .attribute_option_combos
                .map(|ids| ids.into_iter().collect()),
            combo_predicate: None,
            org_units: selection.org_units,
            include_descendants: selection.include_descendants,
            hierarchy,
            periods: selection.periods,
            include_deleted: selection.include_deleted,
            data_element_cache: Vec::new(),
            combo_cache: Vec::new(),
            org_unit_cache: Vec::new(),
            period_cache: Vec::new(),
        }
    }

    /// Also requires attribute option combos to satisfy `predicate` (e.g. "all its category
    /// options are among the chosen ones").
    pub fn with_combo_predicate(mut self, predicate: ComboPredicate) -> RowFilter {
        self.combo_predicate = Some(predicate);
        self
    }

    /// Whether the data element is selected.
    #[inline]
    pub fn data_element(&mut self, id: u32, names: &Interners) -> bool {
        let (selected, excluded) = (&self.data_elements, &self.excluded_data_elements);
        cached(&mut self.data_element_cache, id, || {
            let name = names.data_elements.name(id);
            selected.as_ref().is_none_or(|ids| ids.contains(name)) && !excluded.contains(name)
        })
    }

    /// Whether the attribute option combo is selected.
    #[inline]
    pub fn attribute_option_combo(&mut self, id: u32, names: &Interners) -> bool {
        let (selected, predicate) = (&self.attribute_option_combos, &self.combo_predicate);
        cached(&mut self.combo_cache, id, || {
            let name = names.attribute_option_combos.name(id);
            selected.as_ref().is_none_or(|ids| ids.contains(name))
                && predicate.as_ref().is_none_or(|accepts| accepts(name))
        })
    }

    /// Whether the org unit is selected (itself, or below a selected one with descendants on).
    #[inline]
    pub fn org_unit(&mut self, id: u32, names: &Interners) -> bool {
        let (selected, hierarchy, subtree) =
            (&self.org_units, &self.hierarchy, self.include_descendants);
        cached(&mut self.org_unit_cache, id, || {
            selected.is_empty()
                || !hierarchy
                    .selected_ancestors(names.org_units.name(id), selected, subtree)
                    .is_empty()
        })
    }

    /// Whether the period is selected.
    #[inline]
    pub fn period(&mut self, id: u32, names: &Interners) -> bool {
        let periods = &self.periods;
        cached(&mut self.period_cache, id, || {
            let name = names.periods.name(id);
            match periods {
                PeriodSelection::All => true,
                PeriodSelection::Ids(ids) => ids.iter().any(|candidate| candidate == name),
                PeriodSelection::Range { from, to } => Period::parse(name)
                    .is_ok_and(|period| period.start_date() >= *from && period.end_date() <= *to),
            }
        })
    }

    /// Whether the whole row passes.
    #[inline]
    pub fn matches(&mut self, row: &DataValueRef<'_>, names: &Interners) -> bool {
        (self.include_deleted || !row.deleted)
            && self.data_element(row.data_element, names)
            && self.attribute_option_combo(row.attribute_option_combo, names)
            && self.org_unit(row.org_unit, names)
            && self.period(row.period, names)
    }
}

/// The raw (non-aggregating) path: reads `/api/dataValueSets` bytes chunk by chunk and hands on
/// the rows of the selected cells.
pub struct Selector {
    reader: DataValueReader,
    filter: RowFilter,
    passed: u64,
}

impl Selector {
    /// A selector applying `filter`.
    pub fn new(filter: RowFilter) -> Selector {
        Selector {
            reader: DataValueReader::new(),
            filter,
            passed: 0,
        }
    }

    /// Reads the next chunk; `sink` receives every selected row.
    pub fn feed<S: RowSink + ?Sized>(
        &mut self,
        chunk: &[u8],
        sink: &mut S,
    ) -> Result<(), ReadError> {
        let Selector {
            reader,
            filter,
            passed,
        } = self;
        let mut pass = |row: &DataValueRef<'_>, names: &Interners| {
            if filter.matches(row, names) {
                *passed += 1;
                sink.row(row, names);
            }
        };
        reader.feed(chunk, &mut pass)
    }

    /// Ends the current response and reads the next one into the same selection (see
    /// [`DataValueReader::next_document`]).
    pub fn next_document(&mut self) -> Result<(), ReadError> {
        self.reader.next_document()
    }

    /// Ends the input; returns what the reader saw and how many rows passed.
    pub fn finish(&mut self) -> Result<(ReadStats, u64), ReadError> {
        Ok((self.reader.finish()?, self.passed))
    }

    /// The interned ids seen so far.
    pub fn interners(&self) -> &Interners {
        self.reader.interners()
    }

    /// What the reader has seen so far (rows, deleted rows, bytes).
    pub fn read_stats(&self) -> ReadStats {
        self.reader.stats()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topmost_org_units_drop_the_ones_inside_another_selected_one() {
        let paths = [
            OrgUnitPath {
                id: "root".into(),
                path: "/root".into(),
            },
            OrgUnitPath {
                id: "district".into(),
                path: "/root/district".into(),
            },
            OrgUnitPath {
                id: "facility".into(),
                path: "/root/district/facility".into(),
            },
            OrgUnitPath {
                id: "other".into(),
                path: "/root/other".into(),
            },
        ];
        let selected: Vec<String> = ["facility", "other", "district", "unknown"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            topmost_org_units(&selected, &paths),
            ["other", "district", "unknown"]
        );
        let with_root: Vec<String> = ["facility", "root"].map(String::from).to_vec();
        assert_eq!(topmost_org_units(&with_root, &paths), ["root"]);
    }

    const INPUT: &str = r#"{"dataValues":[
      {"dataElement":"de1","period":"202001","orgUnit":"child","value":"1"},
      {"dataElement":"de2","period":"202001","orgUnit":"child","value":"2"},
      {"dataElement":"de1","period":"202002","orgUnit":"other","value":"3"},
      {"dataElement":"de1","period":"2020","orgUnit":"root","value":"4","attributeOptionCombo":"aoc2"},
      {"dataElement":"de3","period":"202003","orgUnit":"child","value":"5","deleted":true}
    ]}"#;

    fn hierarchy() -> OrgUnitHierarchy {
        OrgUnitHierarchy::new(&[
            OrgUnitPath {
                id: "root".into(),
                path: "/root".into(),
            },
            OrgUnitPath {
                id: "district".into(),
                path: "/root/district".into(),
            },
            OrgUnitPath {
                id: "child".into(),
                path: "/root/district/child".into(),
            },
            OrgUnitPath {
                id: "other".into(),
                path: "/root/other".into(),
            },
        ])
    }

    fn values(selection: Selection) -> Vec<String> {
        let mut selector = Selector::new(RowFilter::new(selection, hierarchy()));
        let mut out = Vec::new();
        let mut sink = |row: &DataValueRef<'_>, _: &Interners| {
            out.push(String::from_utf8_lossy(row.value.text().unwrap_or(b"")).into_owned());
        };
        selector.feed(INPUT.as_bytes(), &mut sink).expect("reads");
        selector.finish().expect("complete");
        out
    }

    #[test]
    fn selects_by_each_dimension() {
        assert_eq!(values(Selection::default()), ["1", "2", "3", "4"]);
        let with_deleted = Selection {
            include_deleted: true,
            ..Selection::default()
        };
        assert_eq!(values(with_deleted), ["1", "2", "3", "4", "5"]);
        let data_set = Selection {
            data_elements: Some(vec!["de1".into(), "de2".into()]),
            excluded_data_elements: vec!["de2".into()],
            ..Selection::default()
        };
        assert_eq!(values(data_set), ["1", "3", "4"]);
        let combos = Selection {
            attribute_option_combos: Some(vec!["aoc2".into()]),
            ..Selection::default()
        };
        assert_eq!(values(combos), ["4"]);
        let exact = Selection {
            org_units: vec!["district".into()],
            ..Selection::default()
        };
        assert!(values(exact).is_empty());
        let subtree = Selection {
            org_units: vec!["district".into()],
            include_descendants: true,
            ..Selection::default()
        };
        assert_eq!(values(subtree), ["1", "2"]);
        let ids = Selection {
            periods: PeriodSelection::Ids(vec!["2020".into(), "202002".into()]),
            ..Selection::default()
        };
        assert_eq!(values(ids), ["3", "4"]);
    }

    #[test]
    fn combo_predicate_applies() {
        let filter = RowFilter::new(Selection::default(), hierarchy())
            .with_combo_predicate(Box::new(|combo| combo != "aoc2"));
        let mut selector = Selector::new(filter);
        let mut count = 0;
        let mut sink = |_: &DataValueRef<'_>, _: &Interners| count += 1;
        selector.feed(INPUT.as_bytes(), &mut sink).expect("reads");
        assert_eq!(selector.finish().expect("complete").1, 3);
        assert_eq!(count, 3);
    }
}
