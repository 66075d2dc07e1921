//! Incremental syncs with aggregation (aggregation-rules.md §5): the values changed since the
//! last successful run (read with `lastUpdated` and `includeDeleted=true`) only mark the cells to
//! aggregate again: data element × target period × selected org unit (every selected ancestor of
//! the value's org unit) × category option combo × attribute option combo. The caller then reads
//! the affected target periods in full for the affected org units ([`ChangedCells::ranges`]),
//! aggregates them with the periods and org units given here, and sends the aggregates of the
//! marked cells ([`ChangedCells::is_marked`]) and a deletion for every marked cell that no longer
//! has a value ([`ChangedCells::emptied_cells`]).

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::read::affected_target_periods;
use super::value::DataValue;
use crate::aggregate::AggregatedValue;
use crate::date::Date;
use crate::filter::{OrgUnitHierarchy, OrgUnitPath};
use crate::period::{Period, PeriodType};
use crate::reader::{DataValueReader, ReadError};
use crate::values::{DataValueRef, Interners};

/// One output cell: data element, target period, selected org unit, category option combo,
/// attribute option combo.
pub type CellKey = (String, String, String, String, String);

/// The cells marked by the changed values read so far.
pub struct ChangedCells {
    period_type: PeriodType,
    selected: Vec<String>,
    hierarchy: OrgUnitHierarchy,
    data_elements: Option<HashSet<String>>,
    attribute_option_combos: Option<HashSet<String>>,
    targets_of: BTreeMap<String, Vec<Period>>,
    cells: BTreeSet<CellKey>,
    periods: BTreeMap<Date, Period>,
    org_units: BTreeSet<usize>,
    unparseable: BTreeSet<String>,
    changes: u64,
    reader: DataValueReader,
    started: bool,
}

impl ChangedCells {
    /// Marks cells of `period_type` periods for `selected_org_units` (aggregated from their
    /// subtrees, whose paths are `org_units`). Changes of data elements outside `data_elements`
    /// or attribute option combos outside `attribute_option_combos` are ignored (`None` keeps
    /// all).
    pub fn new(
        period_type: PeriodType,
        selected_org_units: Vec<String>,
        org_units: &[OrgUnitPath],
        data_elements: Option<Vec<String>>,
        attribute_option_combos: Option<Vec<String>>,
    ) -> ChangedCells {
        ChangedCells {
            period_type,
            selected: selected_org_units,
            hierarchy: OrgUnitHierarchy::new(org_units),
            data_elements: data_elements.map(|ids| ids.into_iter().collect()),
            attribute_option_combos: attribute_option_combos.map(|ids| ids.into_iter().collect()),
            targets_of: BTreeMap::new(),
            cells: BTreeSet::new(),
            periods: BTreeMap::new(),
            org_units: BTreeSet::new(),
            unparseable: BTreeSet::new(),
            changes: 0,
            reader: DataValueReader::new(),
            started: false,
        }
    }

    /// Reads one whole `/api/dataValueSets` response of changed values (deleted ones included).
    pub fn feed(&mut self, bytes: &[u8]) -> Result<(), ReadError> {
        if std::mem::replace(&mut self.started, true) {
            self.reader.next_document()?;
        }
        let mut rows: Vec<[String; 5]> = Vec::new();
        let mut sink = |row: &DataValueRef<'_>, names: &Interners| {
            rows.push([
                names.data_elements.name(row.data_element).to_string(),
                names.periods.name(row.period).to_string(),
                names.org_units.name(row.org_unit).to_string(),
                names
                    .category_option_combos
                    .name(row.category_option_combo)
                    .to_string(),
                names
                    .attribute_option_combos
                    .name(row.attribute_option_combo)
                    .to_string(),
            ]);
        };
        self.reader.feed(bytes, &mut sink)?;
        self.reader.finish()?;
        for [data_element, period, org_unit, coc, aoc] in rows {
            self.add(&data_element, &period, &org_unit, &coc, &aoc);
        }
        Ok(())
    }

    /// Marks the cells one changed value counts for.
    pub fn add(
        &mut self,
        data_element: &str,
        period: &str,
        org_unit: &str,
        category_option_combo: &str,
        attribute_option_combo: &str,
    ) {
        if self
            .data_elements
            .as_ref()
            .is_some_and(|ids| !ids.contains(data_element))
            || self
                .attribute_option_combos
                .as_ref()
                .is_some_and(|ids| !ids.contains(attribute_option_combo))
        {
            return;
        }
        let ancestors = self
            .hierarchy
            .selected_ancestors(org_unit, &self.selected, true);
        if ancestors.is_empty() {
            return;
        }
        if !self.targets_of.contains_key(period) {
            let (targets, unparseable) = affected_target_periods([period], self.period_type);
            self.unparseable.extend(unparseable);
            self.targets_of.insert(period.to_string(), targets);
        }
        let targets = &self.targets_of[period];
        if targets.is_empty() {
            return;
        }
        self.changes += 1;
        for target in targets {
            self.periods.insert(target.start_date(), *target);
            for &index in &ancestors {
                self.org_units.insert(index);
                self.cells.insert((
                    data_element.to_string(),
                    target.id(),
                    self.selected[index].clone(),
                    category_option_combo.to_string(),
                    attribute_option_combo.to_string(),
                ));
            }
        }
    }

    /// Changed values that marked cells.
    pub fn changes(&self) -> u64 {
        self.changes
    }

    /// True when nothing is to be aggregated again.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// The marked cells.
    pub fn cells(&self) -> &BTreeSet<CellKey> {
        &self.cells
    }

    /// The target periods to aggregate again, in order.
    pub fn target_periods(&self) -> Vec<Period> {
        self.periods.values().copied().collect()
    }

    /// The selected org units to aggregate again, in the selection's order.
    pub fn org_units(&self) -> Vec<String> {
        self.org_units
            .iter()
            .map(|index| self.selected[*index].clone())
            .collect()
    }

    /// Period ids of changed values that are not ISO periods (reported, not aggregated).
    pub fn unparseable_periods(&self) -> Vec<String> {
        self.unparseable.iter().cloned().collect()
    }

    /// The date ranges to read again in full: the affected target periods, adjacent ones joined.
    /// With `continuous`, one range from the first to the last (LAST-type data elements carry
    /// values forward across the gaps).
    pub fn ranges(&self, continuous: bool) -> Vec<(Date, Date)> {
        let mut ranges: Vec<(Date, Date)> = Vec::new();
        for period in self.periods.values() {
            let (start, end) = (period.start_date(), period.end_date());
            match ranges.last_mut() {
                Some(last) if continuous || start <= last.1.add_days(1) => {
                    last.1 = last.1.max(end);
                }
                _ => ranges.push((start, end)),
            }
        }
        ranges
    }

    /// Whether the cell of `value` is marked: re-aggregating whole target periods also yields
    /// cells no change touched, which are not sent again.
    pub fn is_marked(&self, value: &AggregatedValue) -> bool {
        self.cells.contains(&(
            value.data_element.clone(),
            value.period.clone(),
            value.org_unit.clone(),
            value.category_option_combo.clone(),
            value.attribute_option_combo.clone(),
        ))
    }

    /// Deletions for the marked cells that the full aggregation left without a value (every
    /// value below them was deleted at the source), except for data elements that were not
    /// aggregated at all (`not_aggregated`).
    pub fn emptied_cells(
        &self,
        aggregated: &[AggregatedValue],
        not_aggregated: &[String],
    ) -> Vec<DataValue> {
        let present: HashSet<(&str, &str, &str, &str, &str)> = aggregated
            .iter()
            .map(|value| {
                (
                    value.data_element.as_str(),
                    value.period.as_str(),
                    value.org_unit.as_str(),
                    value.category_option_combo.as_str(),
                    value.attribute_option_combo.as_str(),
                )
            })
            .collect();
        self.cells
            .iter()
            .filter(|(de, pe, ou, coc, aoc)| {
                !present.contains(&(de.as_str(), pe.as_str(), ou.as_str(), coc, aoc))
                    && !not_aggregated.contains(de)
            })
            .map(|(de, pe, ou, coc, aoc)| DataValue {
                value: None,
                deleted: true,
                ..DataValue::new(de, pe, ou, "").with_combos(coc, aoc)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths() -> Vec<OrgUnitPath> {
        [
            ("country", "/country"),
            ("north", "/country/north"),
            ("clinicA", "/country/north/clinicA"),
            ("south", "/country/south"),
            ("clinicB", "/country/south/clinicB"),
        ]
        .into_iter()
        .map(|(id, path)| OrgUnitPath {
            id: id.into(),
            path: path.into(),
        })
        .collect()
    }

    fn cells() -> ChangedCells {
        ChangedCells::new(
            PeriodType::Quarterly,
            vec!["north".into(), "south".into(), "country".into()],
            &paths(),
            Some(vec!["de1".into(), "de2".into()]),
            None,
        )
    }

    #[test]
    fn a_change_marks_its_target_period_for_every_selected_ancestor() {
        let mut changed = cells();
        changed.add("de1", "202402", "clinicA", "coc", "aoc");
        assert_eq!(changed.changes(), 1);
        assert_eq!(
            changed.target_periods(),
            vec![Period::parse("2024Q1").unwrap()]
        );
        assert_eq!(changed.org_units(), vec!["north", "country"]);
        let marked: Vec<_> = changed.cells().iter().cloned().collect();
        assert_eq!(
            marked,
            vec![
                (
                    "de1".into(),
                    "2024Q1".into(),
                    "country".into(),
                    "coc".into(),
                    "aoc".into()
                ),
                (
                    "de1".into(),
                    "2024Q1".into(),
                    "north".into(),
                    "coc".into(),
                    "aoc".into()
                ),
            ]
        );
    }

    #[test]
    fn unselected_data_and_org_units_and_bad_periods_mark_nothing() {
        let mut changed = cells();
        changed.add("other", "202402", "clinicA", "coc", "aoc");
        changed.add("de1", "202402", "elsewhere", "coc", "aoc");
        changed.add("de1", "not-a-period", "clinicA", "coc", "aoc");
        assert!(changed.is_empty());
        assert_eq!(changed.changes(), 0);
        assert_eq!(changed.unparseable_periods(), vec!["not-a-period"]);
    }

    #[test]
    fn a_week_across_quarters_marks_both_and_ranges_join_adjacent_periods() {
        let mut changed = cells();
        // 2024W13 runs from 25 March to 31 March; 2024W14 from 1 April: pick one across.
        changed.add("de1", "2019W1", "clinicB", "coc", "aoc"); // 31 Dec 2018 – 6 Jan 2019
        changed.add("de2", "202405", "clinicB", "coc", "aoc");
        changed.add("de2", "202407", "clinicB", "coc", "aoc");
        let ids: Vec<String> = changed.target_periods().iter().map(Period::id).collect();
        assert_eq!(ids, vec!["2018Q4", "2019Q1", "2024Q2", "2024Q3"]);
        let day = |text: &str| text.parse::<Date>().unwrap();
        assert_eq!(
            changed.ranges(false),
            vec![
                (day("2018-10-01"), day("2019-03-31")),
                (day("2024-04-01"), day("2024-09-30")),
            ]
        );
        assert_eq!(
            changed.ranges(true),
            vec![(day("2018-10-01"), day("2024-09-30"))]
        );
    }

    #[test]
    fn responses_are_read_and_emptied_cells_become_deletions() {
        let mut changed = cells();
        let response = br#"{"dataValues":[
            {"dataElement":"de1","period":"202401","orgUnit":"clinicA","categoryOptionCombo":"coc","attributeOptionCombo":"aoc","value":"3","deleted":true},
            {"dataElement":"de2","period":"202402","orgUnit":"clinicB","categoryOptionCombo":"coc","attributeOptionCombo":"aoc","value":"4"}
        ]}"#;
        changed.feed(response).unwrap();
        changed.feed(br#"{"dataValues":[]}"#).unwrap();
        assert_eq!(changed.changes(), 2);
        assert_eq!(changed.cells().len(), 4);
        let aggregated = |de: &str, ou: &str| AggregatedValue {
            data_element: de.into(),
            period: "2024Q1".into(),
            org_unit: ou.into(),
            category_option_combo: "coc".into(),
            attribute_option_combo: "aoc".into(),
            value: "4".into(),
            comment: crate::aggregate::AGGREGATED_COMMENT.into(),
        };
        // de1 at north is gone (its only value was deleted); de1 at the country too.
        let output = vec![aggregated("de2", "south"), aggregated("de2", "country")];
        let deletions = changed.emptied_cells(&output, &[]);
        let keys: Vec<(String, String, bool)> = deletions
            .iter()
            .map(|v| (v.data_element.clone(), v.org_unit.clone(), v.deleted))
            .collect();
        assert_eq!(
            keys,
            vec![
                ("de1".into(), "country".into(), true),
                ("de1".into(), "north".into(), true)
            ]
        );
        assert!(deletions.iter().all(|v| v.value.is_none()));
        assert!(changed.is_marked(&output[0]));
        assert!(!changed.is_marked(&AggregatedValue {
            period: "2024Q2".into(),
            ..output[0].clone()
        }));
        assert!(changed.emptied_cells(&output, &["de1".into()]).is_empty());
    }
}
