//! The aggregation engine: raw `/api/dataValueSets` bytes in, the values DHIS2's analytics
//! would report out, for every aggregation type, any target period type, each selected org unit
//! (from its whole subtree by `path`), per category option combo and attribute option combo
//! (never merged). The rules are `shared/reference/aggregation-rules.md`.
//!
//! Use: [`Aggregator::new`] with an [`AggregateSpec`] (or [`AggregateOptions`] parsed from the
//! JSON the command line and the JavaScript entry point take), [`Aggregator::feed`] chunks of
//! bytes as they arrive, then [`Aggregator::finish`] for the [`AggregateOutput`]. State is one
//! accumulator per output cell (plus one per raw org unit for the LAST/FIRST families and
//! MIN/MAX_SUM_ORG_UNIT), never the input rows. Data elements or values that cannot be
//! aggregated are reported in the output, not dropped. No I/O and no clock here.

pub mod options;
pub mod rules;
pub mod state;

use std::collections::HashSet;

pub use options::{AggregateOptions, DataElementSpec};
use rules::{AggregationType, TimeWindow, ValueKind, frequency_order, is_weekly};
use state::{CellState, Contribution, OrgUnitCombination, OrgUnitState, Scalar, per_org_unit};

use crate::date::Date;
use crate::filter::{ComboPredicate, OrgUnitPath};
use crate::period::{Period, PeriodType};
use crate::reader::{DataValueReader, ReadError, ReadStats, RowSink};
use crate::values::{
    DataValueRef, FxHashMap, Interners, ValueRef, format_number, parse_dhis2_number,
};

/// The comment DHIS2's own `analytics/dataValueSet` puts on aggregated values.
pub const AGGREGATED_COMMENT: &str = "[aggregated]";

/// The target periods: listed ids, or those of the target type lying inside a date range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetPeriods {
    /// ISO ids of the target type.
    Ids(Vec<String>),
    /// Periods of the target type lying completely inside `[from, to]`; only data periods lying
    /// completely inside the range take part (LAST/FIRST look-back excepted).
    Range {
        /// First day.
        from: Date,
        /// Last day (inclusive).
        to: Date,
    },
}

/// What to aggregate, validated by [`Aggregator::new`].
#[derive(Debug, Clone)]
pub struct AggregateSpec {
    /// The data elements with their value and aggregation types. Values of data elements not
    /// listed here are reported in `notAggregated`.
    pub data_elements: Vec<DataElementSpec>,
    /// Known org units with their paths (the hierarchy below the selected ones).
    pub org_units: Vec<OrgUnitPath>,
    /// The org units to aggregate to (each from its whole subtree).
    pub selected_org_units: Vec<String>,
    /// The target period type.
    pub period_type: PeriodType,
    /// The target periods.
    pub periods: TargetPeriods,
    /// Data elements left out of the selection (silently: the user chose so).
    pub excluded_data_elements: Vec<String>,
    /// Attribute option combos to keep; `None` keeps all.
    pub attribute_option_combos: Option<Vec<String>>,
    /// Keep stored `"0"` values of data elements whose zero is significant (DHIS2's
    /// `keyIncludeZeroValuesInAnalytics`). Zeros of other data elements are skipped except for
    /// the AVERAGE types, as analytics does.
    pub include_zero_values: bool,
}

/// Why a spec cannot be used: every problem found, not only the first.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AggregateError {
    /// The options are invalid.
    #[error("invalid aggregation options: {}", .0.join("; "))]
    InvalidOptions(Vec<String>),
    /// The options are not valid JSON of the expected shape.
    #[error("invalid aggregation options JSON: {0}")]
    OptionsJson(String),
    /// The data value bytes are not a data value set.
    #[error(transparent)]
    Read(#[from] ReadError),
}

/// One aggregated value, as DHIS2 writes data values.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AggregatedValue {
    /// Data element id.
    pub data_element: String,
    /// Target period id.
    pub period: String,
    /// Selected org unit id.
    pub org_unit: String,
    /// Category option combo id.
    pub category_option_combo: String,
    /// Attribute option combo id.
    pub attribute_option_combo: String,
    /// The value as DHIS2 writes it (no exponent, integers without `.0`).
    pub value: String,
    /// Always [`AGGREGATED_COMMENT`].
    pub comment: String,
}

/// A data element that was not aggregated, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NotAggregated {
    /// Data element id.
    pub data_element: String,
    /// Why.
    pub reason: String,
}

/// Values of an aggregated data element that could not take part, counted by reason.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SkippedValues {
    /// Data element id.
    pub data_element: String,
    /// Why.
    pub reason: String,
    /// How many values.
    pub count: u64,
}

/// Counts of what happened to the rows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AggregateStats {
    /// Data value rows read.
    pub rows: u64,
    /// Rows marked deleted (take no part).
    pub deleted: u64,
    /// Rows that contributed to at least one cell.
    pub used: u64,
    /// Rows outside the selection (org unit, period, attribute option combo, excluded data
    /// element) or without a value, or a `"0"` that is not significant.
    pub outside: u64,
    /// Output values of integer value types that were rounded.
    pub rounded: u64,
    /// Bytes read.
    pub bytes: u64,
    /// Rows read again (same key) and not counted again ([`Aggregator::with_row_dedupe`]).
    #[serde(skip_serializing_if = "is_zero")]
    pub duplicates: u64,
}

fn is_zero(count: &u64) -> bool {
    *count == 0
}

/// The result of an aggregation.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AggregateOutput {
    /// One row per data element, target period, selected org unit, category option combo and
    /// attribute option combo that has a value.
    pub data_values: Vec<AggregatedValue>,
    /// Data elements that cannot be aggregated, with the reason.
    pub not_aggregated: Vec<NotAggregated>,
    /// Values that could not take part, by data element and reason.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skipped: Vec<SkippedValues>,
    /// Counts.
    #[serde(skip)]
    pub stats: AggregateStats,
}

impl AggregateOutput {
    /// `{"dataValues":[…],"notAggregated":[…]}` (plus `skipped` when not empty), as
    /// `aggsync aggregate` prints it.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|error| format!("{{\"error\":\"{error}\"}}"))
    }

    /// As [`AggregateOutput::to_json`] with a `stats` object added.
    pub fn to_json_with_stats(&self) -> String {
        #[derive(serde::Serialize)]
        struct WithStats<'a> {
            #[serde(flatten)]
            output: &'a AggregateOutput,
            stats: &'a AggregateStats,
        }
        serde_json::to_string(&WithStats {
            output: self,
            stats: &self.stats,
        })
        .unwrap_or_else(|error| format!("{{\"error\":\"{error}\"}}"))
    }
}

/// A data element's aggregation rule, resolved.
#[derive(Debug, Clone)]
struct Rule {
    kind: ValueKind,
    aggregation: AggregationType,
    window: TimeWindow,
    zero_counts: bool,
    /// How its cells in dense blocks accumulate.
    dense: Dense,
}

/// Cells whose state is a plain sum (or sum and count) accumulate in dense arrays beside the
/// block positions (cells next to each other in memory, as the rows reach them), and their
/// states get the totals at the end; the others accumulate in their states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dense {
    Sum,
    Mean,
    InState,
}

impl Dense {
    fn of(aggregation: AggregationType, kind: ValueKind) -> Dense {
        let value = Scalar::Number(0.0);
        let probe = Contribution {
            value: &value,
            data_days: 1,
            target_days: 1,
            repeated: false,
            rank: (0, 0),
        };
        match CellState::new(aggregation, kind, &probe) {
            CellState::Sum(_) => Dense::Sum,
            CellState::Mean { .. } => Dense::Mean,
            _ => Dense::InState,
        }
    }
}

const SLOT_UNRESOLVED: u32 = u32::MAX;
const SLOT_UNKNOWN: u32 = u32::MAX - 1;
const SLOT_SKIP: u32 = u32::MAX - 2;

/// Marks a target in a `PlacedOrRepeated` list as repeated (data period longer than target).
const REPEATED: u16 = 0x8000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum SkipReason {
    NotNumber,
    NotBoolean,
    InvalidPeriod,
}

impl SkipReason {
    fn text(self) -> &'static str {
        match self {
            SkipReason::NotNumber => "value is not a number (DHIS2 analytics skips it)",
            SkipReason::NotBoolean => "value is not true or false (DHIS2 analytics skips it)",
            SkipReason::InvalidPeriod => "period is not a valid ISO period id",
        }
    }
}

struct PeriodSlot {
    /// The parsed period with its days and `(end, start)` rank, `None` for an invalid id.
    period: Option<(Period, i32, (i32, i32))>,
    windows: [Option<Box<[u16]>>; 5],
}

struct OrgUnitSlot {
    targets: Box<[u16]>,
    exact: Option<u16>,
}

/// Per-id caches over the interned ids.
struct Lookup {
    targets: Vec<Period>,
    target_days: Vec<i32>,
    data_range: Option<(Date, Date)>,
    selected_org_units: Vec<String>,
    /// Org unit id → path (the last one listed wins, as in `filter::OrgUnitHierarchy`).
    paths: FxHashMap<String, String>,
    /// Selected org unit id → its positions in `selected_org_units`.
    selected_positions: FxHashMap<String, Vec<u16>>,
    rules: Vec<Rule>,
    rule_by_id: FxHashMap<String, u32>,
    excluded: HashSet<String>,
    combos: Option<HashSet<String>>,
    combo_predicate: Option<ComboPredicate>,
    data_element_slots: Vec<u32>,
    combo_slots: Vec<u8>,
    org_unit_slots: Vec<Option<OrgUnitSlot>>,
    period_slots: Vec<Option<PeriodSlot>>,
}

fn window_index(window: TimeWindow) -> usize {
    match window {
        TimeWindow::Placed => 0,
        TimeWindow::PlacedOrRepeated => 1,
        TimeWindow::LookBack => 2,
        TimeWindow::Inside => 3,
        TimeWindow::Exact => 4,
    }
}

impl Lookup {
    /// The rule slot of a data element (cached after its first row).
    #[inline]
    fn rule_slot(&mut self, id: u32, names: &Interners) -> u32 {
        match self.data_element_slots.get(id as usize) {
            Some(&slot) if slot != SLOT_UNRESOLVED => slot,
            _ => self.resolve_rule_slot(id, names),
        }
    }

    #[cold]
    fn resolve_rule_slot(&mut self, id: u32, names: &Interners) -> u32 {
        let index = id as usize;
        if index >= self.data_element_slots.len() {
            self.data_element_slots.resize(index + 1, SLOT_UNRESOLVED);
        }
        if self.data_element_slots[index] == SLOT_UNRESOLVED {
            let name = names.data_elements.name(id);
            self.data_element_slots[index] = if self.excluded.contains(name) {
                SLOT_SKIP
            } else {
                self.rule_by_id.get(name).copied().unwrap_or(SLOT_UNKNOWN)
            };
        }
        self.data_element_slots[index]
    }

    /// Whether an attribute option combo is selected (cached after its first row).
    #[inline]
    fn combo_selected(&mut self, id: u32, names: &Interners) -> bool {
        match self.combo_slots.get(id as usize) {
            Some(&1) => true,
            Some(&2) => false,
            _ => self.resolve_combo_selected(id, names),
        }
    }

    #[cold]
    fn resolve_combo_selected(&mut self, id: u32, names: &Interners) -> bool {
        let index = id as usize;
        if index >= self.combo_slots.len() {
            self.combo_slots.resize(index + 1, 0);
        }
        if self.combo_slots[index] == 0 {
            let name = names.attribute_option_combos.name(id);
            let selected = self.combos.as_ref().is_none_or(|ids| ids.contains(name))
                && self
                    .combo_predicate
                    .as_ref()
                    .is_none_or(|accepts| accepts(name));
            self.combo_slots[index] = if selected { 1 } else { 2 };
        }
        self.combo_slots[index] == 1
    }
}

/// The selected org units (indices) a data value's org unit counts for: itself and every selected
/// ancestor on its path, in the order of the selection (as `OrgUnitHierarchy::selected_ancestors`
/// with `subtree`, but looking each path segment up instead of splitting the path per selected
/// org unit). A free function, like [`period_targets`], so that both look-ups can be held at once.
fn org_unit_targets<'a>(
    slots: &'a mut Vec<Option<OrgUnitSlot>>,
    paths: &FxHashMap<String, String>,
    selected_positions: &FxHashMap<String, Vec<u16>>,
    id: u32,
    names: &Interners,
) -> &'a OrgUnitSlot {
    let index = id as usize;
    if index >= slots.len() {
        slots.resize_with(index + 1, || None);
    }
    slots[index].get_or_insert_with(|| {
        let name = names.org_units.name(id);
        let path = paths.get(name).map_or("", String::as_str);
        let mut targets: Vec<u16> = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for candidate in std::iter::once(name).chain(path.split('/')) {
            if seen.contains(&candidate) {
                continue;
            }
            seen.push(candidate);
            if let Some(positions) = selected_positions.get(candidate) {
                targets.extend_from_slice(positions);
            }
        }
        targets.sort_unstable();
        OrgUnitSlot {
            targets: targets.into_boxed_slice(),
            exact: selected_positions
                .get(name)
                .and_then(|positions| positions.first().copied()),
        }
    })
}

/// The target periods (indices) a data period counts for under `window`, or `None` when the
/// period id is invalid. A free function so that the caller can read `targets` meanwhile.
fn period_targets<'a>(
    slots: &'a mut Vec<Option<PeriodSlot>>,
    targets: &[Period],
    data_range: Option<(Date, Date)>,
    id: u32,
    window: TimeWindow,
    names: &Interners,
) -> Option<(&'a [u16], i32, (i32, i32))> {
    let index = id as usize;
    if index >= slots.len() {
        slots.resize_with(index + 1, || None);
    }
    let slot = slots[index].get_or_insert_with(|| PeriodSlot {
        period: Period::parse(names.periods.name(id)).ok().map(|period| {
            let rank = (period.end_date().to_days(), period.start_date().to_days());
            (period, period.days(), rank)
        }),
        windows: Default::default(),
    });
    let (period, days, rank) = slot.period?;
    let list = slot.windows[window_index(window)]
        .get_or_insert_with(|| targets_of(period, window, targets, data_range));
    Some((list, days, rank))
}

/// The target periods `data` counts for under `window` (aggregation-rules.md §1, §2, §4).
fn targets_of(
    data: Period,
    window: TimeWindow,
    targets: &[Period],
    data_range: Option<(Date, Date)>,
) -> Box<[u16]> {
    let in_range =
        data_range.is_none_or(|(from, to)| data.start_date() >= from && data.end_date() <= to);
    let data_type = data.period_type();
    let placed = |target: &Period| -> bool {
        if data_type == target.period_type() {
            return data == *target;
        }
        if frequency_order(data_type) >= frequency_order(target.period_type()) {
            return false;
        }
        let place = if is_weekly(data_type) {
            data.start_date().add_days(3)
        } else {
            data.start_date()
        };
        target.start_date() <= place && place <= target.end_date()
    };
    let mut list = Vec::new();
    for (index, target) in targets.iter().enumerate() {
        let index = index as u16;
        match window {
            TimeWindow::Placed => {
                if in_range && placed(target) {
                    list.push(index);
                }
            }
            TimeWindow::PlacedOrRepeated => {
                if !in_range {
                    continue;
                }
                let shorter = data_type == target.period_type()
                    || frequency_order(data_type) < frequency_order(target.period_type());
                if shorter {
                    if placed(target) {
                        list.push(index);
                    }
                } else if data.start_date() <= target.start_date()
                    && target.start_date() <= data.end_date()
                {
                    list.push(index | REPEATED);
                }
            }
            TimeWindow::LookBack => {
                let earliest = target.end_date().add_months(-12 * rules::LOOK_BACK_YEARS);
                if data.end_date() <= target.end_date() && data.start_date() >= earliest {
                    list.push(index);
                }
            }
            TimeWindow::Inside => {
                if in_range
                    && data.start_date() >= target.start_date()
                    && data.end_date() <= target.end_date()
                {
                    list.push(index);
                }
            }
            TimeWindow::Exact => {
                if in_range && data == *target {
                    list.push(index);
                }
            }
        }
    }
    list.into_boxed_slice()
}

/// Accumulators.
struct Cells {
    /// Sparse index of cells by key, when blocks would be too large.
    index: FxHashMap<u128, u32>,
    /// Dense index: per (data element, category option combo, attribute option combo) a block
    /// of `targets × selected org units` positions into `states` (`u32::MAX` = no cell yet), so
    /// a row costs one hash look-up however many cells it feeds.
    blocks: FxHashMap<u128, u32>,
    /// The same blocks by (rule slot, category option combo, attribute option combo) in a dense
    /// table (`start + 1`, 0 = not there yet), so that a row finds its block without hashing;
    /// `table_combos` × `table_attribute_combos` per rule, grown as ids appear, and left behind
    /// (the map answers) when it would grow past [`MAX_BLOCK_TABLE`].
    block_table: Vec<u32>,
    table_combos: usize,
    table_attribute_combos: usize,
    /// Every block as (rule slot, combo, attribute combo, start), to rebuild the table.
    block_list: Vec<(u32, u32, u32, u32)>,
    block_positions: Vec<u32>,
    /// Per block position: the running sum and count of [`Dense`] cells.
    block_sums: Vec<f64>,
    block_counts: Vec<u64>,
    /// Positions per block (0 = use the sparse index).
    block_size: usize,
    /// Selected org units (the stride within a block).
    org_unit_count: usize,
    states: Vec<(u128, CellState)>,
    per_org_unit: FxHashMap<(u128, u32), OrgUnitState>,
    /// The per-org-unit states of the look-back types over few target periods (at most
    /// [`MAX_RUN`]) are kept in runs instead of `per_org_unit`: per (data element, combos, raw
    /// org unit) one optional state per target period side by side, found with one look-up per
    /// row however many target periods the row counts for (a LAST value counts for every later
    /// target period). `finish` rebuilds `per_org_unit` from both in creation order.
    org_unit_runs: FxHashMap<(u128, u32), u32>,
    /// Per run (by its start ÷ `run_length`): its key and raw org unit.
    run_keys: Vec<(u128, u32)>,
    org_unit_states: Vec<Option<OrgUnitState>>,
    /// Every per-org-unit state in the order it was created: a position in the runs, or
    /// [`SPARSE`] plus an index into `sparse_created` for one in `per_org_unit`.
    org_unit_created: Vec<u32>,
    /// The keys of the states created in `per_org_unit`, in creation order.
    sparse_created: Vec<(u128, u32)>,
    /// Target periods per run; 0 when there are too many for runs.
    run_length: usize,
    skipped: FxHashMap<(u32, SkipReason), u64>,
    unknown: FxHashMap<u32, u64>,
    stats: AggregateStats,
}

#[inline]
fn cell_key(
    data_element: u32,
    category_option_combo: u32,
    attribute_option_combo: u32,
    period: u16,
    org_unit: u16,
) -> u128 {
    (u128::from(data_element) << 96)
        | (u128::from(category_option_combo) << 64)
        | (u128::from(attribute_option_combo) << 32)
        | (u128::from(period) << 16)
        | u128::from(org_unit)
}

struct Engine {
    lookup: Lookup,
    cells: Cells,
    /// The rule slot of the row [`RowSink::keep`] kept last (the reader hands that row on next).
    kept_slot: u32,
    /// The keys of the rows used so far, when the reads may return a row twice
    /// ([`Aggregator::with_row_dedupe`]): a row seen again is not counted again.
    seen: Option<HashSet<[u32; 5]>>,
}

impl RowSink for Engine {
    /// Drops deleted rows, rows of data elements that are excluded or unknown, and rows of
    /// attribute option combos left out, before the reader interns their other ids.
    #[inline]
    fn keep(
        &mut self,
        data_element: u32,
        attribute_option_combo: u32,
        deleted: bool,
        names: &Interners,
    ) -> bool {
        let cells = &mut self.cells;
        cells.stats.rows += 1;
        if deleted {
            cells.stats.deleted += 1;
            return false;
        }
        let lookup = &mut self.lookup;
        let slot = lookup.rule_slot(data_element, names);
        if slot >= SLOT_SKIP {
            if slot == SLOT_UNKNOWN {
                *cells.unknown.entry(data_element).or_insert(0) += 1;
            } else {
                cells.stats.outside += 1;
            }
            return false;
        }
        if !lookup.combo_selected(attribute_option_combo, names) {
            cells.stats.outside += 1;
            return false;
        }
        self.kept_slot = slot;
        true
    }

    /// One kept row. Deliberately not inlined into the reader's loop: measured faster apart
    /// (the reader keeps its registers).
    #[inline(never)]
    fn row(&mut self, row: &DataValueRef<'_>, names: &Interners) {
        let cells = &mut self.cells;
        let lookup = &mut self.lookup;
        let rule = &lookup.rules[self.kept_slot as usize];
        let (kind, aggregation, window, zero_counts, dense) = (
            rule.kind,
            rule.aggregation,
            rule.window,
            rule.zero_counts,
            rule.dense,
        );
        let value = match extract(kind, &row.value, zero_counts) {
            Ok(value) => value,
            Err(None) => {
                cells.stats.outside += 1;
                return;
            }
            Err(Some(reason)) => {
                *cells.skipped.entry((row.data_element, reason)).or_insert(0) += 1;
                return;
            }
        };
        let org_unit_slot = org_unit_targets(
            &mut lookup.org_unit_slots,
            &lookup.paths,
            &lookup.selected_positions,
            row.org_unit,
            names,
        );
        let exact;
        let org_units: &[u16] = if window == TimeWindow::Exact {
            exact = org_unit_slot.exact;
            exact.as_slice()
        } else {
            &org_unit_slot.targets
        };
        if org_units.is_empty() {
            cells.stats.outside += 1;
            return;
        }
        let Some((period_targets, data_days, rank)) = period_targets(
            &mut lookup.period_slots,
            &lookup.targets,
            lookup.data_range,
            row.period,
            window,
            names,
        ) else {
            *cells
                .skipped
                .entry((row.data_element, SkipReason::InvalidPeriod))
                .or_insert(0) += 1;
            return;
        };
        if period_targets.is_empty() {
            cells.stats.outside += 1;
            return;
        }
        if let Some(seen) = &mut self.seen
            && !seen.insert([
                row.data_element,
                row.period,
                row.org_unit,
                row.category_option_combo,
                row.attribute_option_combo,
            ])
        {
            cells.stats.duplicates += 1;
            return;
        }
        cells.stats.used += 1;
        // The value as a number (text values take part only in the LAST/FIRST/NONE states, which
        // go through `add`; a sum of a text is NaN there too).
        let number = match &value {
            Scalar::Number(number) => *number,
            Scalar::Text(_) => f64::NAN,
        };
        let by_org_unit = per_org_unit(aggregation);
        // Runs pay off where a row counts for many target periods (the look-back of the LAST and
        // FIRST families); LAST_IN_PERIOD and MIN/MAX_SUM_ORG_UNIT rows count for one, so their
        // states stay in the sparse map rather than in runs mostly left empty.
        let run =
            (by_org_unit && window == TimeWindow::LookBack && cells.run_length > 0).then(|| {
                cells.org_unit_run(
                    cell_key(
                        row.data_element,
                        row.category_option_combo,
                        row.attribute_option_combo,
                        0,
                        0,
                    ),
                    row.org_unit,
                )
            });
        let block = (!by_org_unit && cells.block_size > 0).then(|| {
            cells.block(
                self.kept_slot,
                row.data_element,
                row.category_option_combo,
                row.attribute_option_combo,
            )
        });
        for &target in period_targets {
            let repeated = target & REPEATED != 0 && window == TimeWindow::PlacedOrRepeated;
            let period_index = if window == TimeWindow::PlacedOrRepeated {
                target & !REPEATED
            } else {
                target
            };
            let contribution = Contribution {
                value: &value,
                data_days,
                target_days: lookup.target_days[period_index as usize],
                repeated,
                rank,
            };
            if let Some(start) = run {
                let position = start + usize::from(period_index);
                match &mut cells.org_unit_states[position] {
                    Some(current) => current.add(aggregation, &contribution),
                    slot @ None => {
                        *slot = Some(OrgUnitState::new(aggregation, &contribution));
                        cells.org_unit_created.push(position as u32);
                    }
                }
                continue;
            }
            if by_org_unit {
                // One state per raw org unit, shared by every selected ancestor (fanned out at
                // the end): the key leaves the selected org unit out.
                let key = cell_key(
                    row.data_element,
                    row.category_option_combo,
                    row.attribute_option_combo,
                    period_index,
                    0,
                );
                match cells.per_org_unit.entry((key, row.org_unit)) {
                    std::collections::hash_map::Entry::Occupied(mut current) => {
                        current.get_mut().add(aggregation, &contribution);
                    }
                    std::collections::hash_map::Entry::Vacant(slot) => {
                        slot.insert(OrgUnitState::new(aggregation, &contribution));
                        // Logged only where runs may exist to be merged with at the end.
                        if cells.run_length > 0 {
                            let index = cells.sparse_created.len() as u32;
                            cells.sparse_created.push((key, row.org_unit));
                            cells.org_unit_created.push(SPARSE | index);
                        }
                    }
                }
                continue;
            }
            if let Some(start) = block {
                // The dense block: positions by target period and selected org unit; the cell's
                // key is only built when the cell is created.
                let base = start + usize::from(period_index) * cells.org_unit_count;
                for &org_unit in org_units {
                    let cell = base + usize::from(org_unit);
                    let slot = &mut cells.block_positions[cell];
                    if *slot == u32::MAX {
                        let key = cell_key(
                            row.data_element,
                            row.category_option_combo,
                            row.attribute_option_combo,
                            period_index,
                            org_unit,
                        );
                        cells
                            .states
                            .push((key, CellState::new(aggregation, kind, &contribution)));
                        *slot = (cells.states.len() - 1) as u32;
                    }
                    match dense {
                        Dense::Sum => cells.block_sums[cell] += number,
                        Dense::Mean => {
                            cells.block_sums[cell] += number;
                            cells.block_counts[cell] += 1;
                        }
                        Dense::InState => {
                            let position = *slot as usize;
                            cells.states[position].1.add(aggregation, &contribution);
                        }
                    }
                }
                continue;
            }
            for &org_unit in org_units {
                let key = cell_key(
                    row.data_element,
                    row.category_option_combo,
                    row.attribute_option_combo,
                    period_index,
                    org_unit,
                );
                add(cells, key, aggregation, kind, &contribution);
            }
        }
    }
}

/// Marks an entry of `Cells::org_unit_created` that refers to `sparse_created`.
const SPARSE: u32 = 1 << 31;

/// Largest dense block (positions per data element × option combos).
const MAX_BLOCK: usize = 4096;

/// Most target periods for runs of per-org-unit states (beyond, the sparse map).
const MAX_RUN: usize = 64;

impl Cells {
    fn new(target_count: usize, org_unit_count: usize) -> Cells {
        let size = target_count * org_unit_count;
        Cells {
            index: FxHashMap::default(),
            blocks: FxHashMap::default(),
            block_table: Vec::new(),
            table_combos: 0,
            table_attribute_combos: 0,
            block_list: Vec::new(),
            block_positions: Vec::new(),
            block_sums: Vec::new(),
            block_counts: Vec::new(),
            block_size: if size <= MAX_BLOCK { size } else { 0 },
            org_unit_count,
            states: Vec::new(),
            per_org_unit: FxHashMap::default(),
            org_unit_runs: FxHashMap::default(),
            run_keys: Vec::new(),
            sparse_created: Vec::new(),
            org_unit_states: Vec::new(),
            org_unit_created: Vec::new(),
            run_length: if target_count <= MAX_RUN {
                target_count
            } else {
                0
            },
            skipped: FxHashMap::default(),
            unknown: FxHashMap::default(),
            stats: AggregateStats::default(),
        }
    }

    /// The start of the run of per-org-unit states of `key` (period and selected org unit 0)
    /// and a raw org unit, created empty when new.
    #[inline]
    fn org_unit_run(&mut self, key: u128, raw_org_unit: u32) -> usize {
        let states = &mut self.org_unit_states;
        let run_keys = &mut self.run_keys;
        let length = self.run_length;
        *self
            .org_unit_runs
            .entry((key, raw_org_unit))
            .or_insert_with(|| {
                let start = states.len() as u32;
                states.resize_with(states.len() + length, || None);
                run_keys.push((key, raw_org_unit));
                start
            }) as usize
    }

    /// The start of the dense block of a row's (data element, combo, attribute combo); `rule`
    /// is the data element's rule slot.
    #[inline]
    fn block(&mut self, rule: u32, data_element: u32, combo: u32, attribute_combo: u32) -> usize {
        let (combo_index, attribute_index) = (combo as usize, attribute_combo as usize);
        if combo_index < self.table_combos && attribute_index < self.table_attribute_combos {
            let index = (rule as usize * self.table_combos + combo_index)
                * self.table_attribute_combos
                + attribute_index;
            if let Some(&entry) = self.block_table.get(index)
                && entry != 0
            {
                return entry as usize - 1;
            }
        }
        self.block_slow(rule, data_element, combo, attribute_combo)
    }

    /// A block not in the table yet: from the map (created when new), then into the table.
    #[cold]
    #[inline(never)]
    fn block_slow(
        &mut self,
        rule: u32,
        data_element: u32,
        combo: u32,
        attribute_combo: u32,
    ) -> usize {
        let key = cell_key(data_element, combo, attribute_combo, 0, 0);
        let positions = &mut self.block_positions;
        let sums = &mut self.block_sums;
        let counts = &mut self.block_counts;
        let size = self.block_size;
        let list = &mut self.block_list;
        let start = *self.blocks.entry(key).or_insert_with(|| {
            let start = positions.len() as u32;
            positions.resize(positions.len() + size, u32::MAX);
            sums.resize(positions.len(), 0.0);
            counts.resize(positions.len(), 0);
            list.push((rule, combo, attribute_combo, start));
            start
        });
        let (combo_index, attribute_index) = (combo as usize, attribute_combo as usize);
        if combo_index >= self.table_combos || attribute_index >= self.table_attribute_combos {
            let combos = (combo_index + 1).next_power_of_two().max(self.table_combos);
            let attribute_combos = (attribute_index + 1)
                .next_power_of_two()
                .max(self.table_attribute_combos);
            let rules = self
                .block_list
                .iter()
                .map(|block| block.0)
                .max()
                .unwrap_or(0) as usize
                + 1;
            let rules = rules.max(rule as usize + 1).next_power_of_two().max(64);
            if rules * combos * attribute_combos > MAX_BLOCK_TABLE {
                return start as usize;
            }
            self.table_combos = combos;
            self.table_attribute_combos = attribute_combos;
            self.block_table = vec![0; rules * combos * attribute_combos];
            for &(rule, combo, attribute_combo, start) in &self.block_list {
                let index = (rule as usize * combos + combo as usize) * attribute_combos
                    + attribute_combo as usize;
                self.block_table[index] = start + 1;
            }
        }
        let index = (rule as usize * self.table_combos + combo_index) * self.table_attribute_combos
            + attribute_index;
        if index >= self.block_table.len() {
            let rules = (rule as usize + 1).next_power_of_two();
            let length = rules * self.table_combos * self.table_attribute_combos;
            if length > MAX_BLOCK_TABLE {
                return start as usize;
            }
            self.block_table.resize(length, 0);
        }
        self.block_table[index] = start + 1;
        start as usize
    }
}

/// Largest dense block table (entries of 4 bytes).
const MAX_BLOCK_TABLE: usize = 1 << 20;

/// Adds a contribution to the cell of `key` in the sparse index (selections too large for dense
/// blocks).
#[inline]
fn add(
    cells: &mut Cells,
    key: u128,
    aggregation: AggregationType,
    kind: ValueKind,
    contribution: &Contribution<'_>,
) {
    let states = &mut cells.states;
    let position = *cells.index.entry(key).or_insert_with(|| {
        states.push((key, CellState::new(aggregation, kind, contribution)));
        (states.len() - 1) as u32
    });
    states[position as usize].1.add(aggregation, contribution);
}

/// The value as it takes part, `Err(None)` when it silently does not (null, an insignificant
/// zero, a TRUE_ONLY `false`), `Err(Some(reason))` when it is malformed.
#[inline]
fn extract(
    kind: ValueKind,
    value: &ValueRef<'_>,
    zero_counts: bool,
) -> Result<Scalar, Option<SkipReason>> {
    let Some(text) = value.text() else {
        return Err(None);
    };
    match kind {
        ValueKind::Numeric { .. } => {
            if text == b"0" && !zero_counts {
                return Err(None);
            }
            parse_dhis2_number(text)
                .map(Scalar::Number)
                .ok_or(Some(SkipReason::NotNumber))
        }
        ValueKind::Boolean { true_only } => match text {
            b"true" => Ok(Scalar::Number(1.0)),
            b"false" if true_only => Err(None),
            b"false" => Ok(Scalar::Number(0.0)),
            _ => Err(Some(SkipReason::NotBoolean)),
        },
        ValueKind::Text => Ok(Scalar::Text(String::from_utf8_lossy(text).into())),
        ValueKind::FileResource => Ok(Scalar::Number(1.0)),
    }
}

/// Streaming aggregation of `/api/dataValueSets` JSON bytes.
pub struct Aggregator {
    reader: DataValueReader,
    engine: Engine,
    not_aggregated: Vec<NotAggregated>,
    period_type: PeriodType,
    look_back_from: Option<Date>,
}

impl Aggregator {
    /// Validates `spec` (reporting every problem) and prepares an empty aggregation.
    pub fn new(spec: AggregateSpec) -> Result<Aggregator, AggregateError> {
        let mut problems = Vec::new();
        let (targets, data_range) = match &spec.periods {
            TargetPeriods::Ids(ids) => {
                let mut targets = Vec::new();
                for id in ids {
                    match Period::parse(id) {
                        Ok(period) if period.period_type() == spec.period_type => {
                            if !targets.contains(&period) {
                                targets.push(period);
                            }
                        }
                        Ok(period) => problems.push(format!(
                            "period {id} is {}, not of the target period type {}",
                            period.period_type().name(),
                            spec.period_type.name()
                        )),
                        Err(error) => problems.push(error.to_string()),
                    }
                }
                (targets, None)
            }
            TargetPeriods::Range { from, to } => {
                if from > to {
                    problems.push(format!("the start date {from} is after the end date {to}"));
                    (Vec::new(), None)
                } else {
                    (
                        spec.period_type.periods_within(*from, *to),
                        Some((*from, *to)),
                    )
                }
            }
        };
        if targets.is_empty() && problems.is_empty() {
            problems.push(
                "no target period: give period ids or a date range holding at least one period"
                    .to_owned(),
            );
        }
        if targets.len() > usize::from(REPEATED) - 1 {
            problems.push(format!("too many target periods ({})", targets.len()));
        }
        if spec.selected_org_units.is_empty() {
            problems.push("no org unit selected".to_owned());
        }
        if spec.selected_org_units.len() > usize::from(u16::MAX) {
            problems.push(format!(
                "too many selected org units ({})",
                spec.selected_org_units.len()
            ));
        }
        if !problems.is_empty() {
            return Err(AggregateError::InvalidOptions(problems));
        }

        let excluded: HashSet<String> = spec.excluded_data_elements.iter().cloned().collect();
        let mut rules = Vec::new();
        let mut rule_by_id = FxHashMap::default();
        let mut not_aggregated = Vec::new();
        let mut needs_look_back = false;
        for element in &spec.data_elements {
            if excluded.contains(&element.id) || rule_by_id.contains_key(&element.id) {
                continue;
            }
            match rules::classify(&element.value_type, &element.aggregation_type) {
                Ok((kind, aggregation)) => {
                    needs_look_back |= aggregation.needs_look_back();
                    let zero_counts = matches!(
                        aggregation,
                        AggregationType::Average | AggregationType::AverageSumOrgUnit
                    ) || (spec.include_zero_values
                        && element.zero_is_significant);
                    rule_by_id.insert(element.id.clone(), rules.len() as u32);
                    rules.push(Rule {
                        kind,
                        aggregation,
                        window: aggregation.time_window(),
                        zero_counts,
                        dense: Dense::of(aggregation, kind),
                    });
                }
                Err(reason) => {
                    rule_by_id.insert(element.id.clone(), SLOT_SKIP);
                    not_aggregated.push(NotAggregated {
                        data_element: element.id.clone(),
                        reason,
                    });
                }
            }
        }
        let look_back_from = needs_look_back
            .then(|| {
                targets
                    .iter()
                    .map(|target| target.end_date().add_months(-12 * rules::LOOK_BACK_YEARS))
                    .min()
            })
            .flatten();
        let cells = Cells::new(targets.len(), spec.selected_org_units.len());
        let mut selected_positions: FxHashMap<String, Vec<u16>> = FxHashMap::default();
        for (position, id) in spec.selected_org_units.iter().enumerate() {
            selected_positions
                .entry(id.clone())
                .or_default()
                .push(position as u16);
        }
        let lookup = Lookup {
            target_days: targets.iter().map(Period::days).collect(),
            targets,
            data_range,
            selected_org_units: spec.selected_org_units,
            paths: spec
                .org_units
                .iter()
                .map(|org_unit| (org_unit.id.clone(), org_unit.path.clone()))
                .collect(),
            selected_positions,
            rules,
            rule_by_id,
            excluded,
            combos: spec
                .attribute_option_combos
                .map(|ids| ids.into_iter().collect()),
            combo_predicate: None,
            data_element_slots: Vec::new(),
            combo_slots: Vec::new(),
            org_unit_slots: Vec::new(),
            period_slots: Vec::new(),
        };
        Ok(Aggregator {
            reader: DataValueReader::new(),
            engine: Engine {
                lookup,
                cells,
                kept_slot: 0,
                seen: None,
            },
            not_aggregated,
            period_type: spec.period_type,
            look_back_from,
        })
    }

    /// Parses [`AggregateOptions`] JSON and prepares the aggregation.
    pub fn from_options_json(options: &str) -> Result<Aggregator, AggregateError> {
        let options: AggregateOptions = serde_json::from_str(options)
            .map_err(|error| AggregateError::OptionsJson(error.to_string()))?;
        Aggregator::new(options.into_spec()?)
    }

    /// Also requires attribute option combos to satisfy `predicate` (e.g. "all its category
    /// options are among the chosen ones").
    pub fn with_combo_predicate(mut self, predicate: ComboPredicate) -> Aggregator {
        self.engine.lookup.combo_predicate = Some(predicate);
        self
    }

    /// The target period type.
    pub fn period_type(&self) -> PeriodType {
        self.period_type
    }

    /// The target periods, in the order given.
    pub fn target_periods(&self) -> &[Period] {
        &self.engine.lookup.targets
    }

    /// For data elements of the LAST and FIRST families: the earliest start date of the data
    /// that counts (ten years before the end of the earliest target period). Fetch from there
    /// and say in the plan how far back it reached. `None` when no data element needs it.
    pub fn look_back_from(&self) -> Option<Date> {
        self.look_back_from
    }

    /// Counts each row once even when the reads return it more than once (split reads of
    /// overlapping data sets, groups and data elements): the caller asks for it when its read
    /// plan can repeat a row, since remembering every row's key costs memory (about 24 bytes a
    /// row) and time the usual plan does not need.
    pub fn with_row_dedupe(mut self) -> Aggregator {
        self.engine.seen = Some(HashSet::new());
        self
    }

    /// Reads the next chunk of `/api/dataValueSets` JSON.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), ReadError> {
        self.reader.feed(chunk, &mut self.engine)
    }

    /// Ends the current response and reads the next one into the same aggregation (a run reads
    /// many `/api/dataValueSets` responses; see [`DataValueReader::next_document`]).
    pub fn next_document(&mut self) -> Result<(), ReadError> {
        self.reader.next_document()
    }

    /// What the reader saw so far.
    pub fn read_stats(&self) -> ReadStats {
        self.reader.stats()
    }

    /// Number of output cells so far (the size of the state).
    pub fn cells(&self) -> usize {
        self.engine.cells.states.len()
    }

    /// Ends the input and computes the output.
    pub fn finish(self) -> Result<AggregateOutput, ReadError> {
        self.finish_with(|finished| {
            let Finished {
                names,
                period_ids,
                selected_org_units,
                rows,
                not_aggregated,
                skipped,
                stats,
            } = finished;
            let data_values = rows
                .into_iter()
                .map(|(key, value)| AggregatedValue {
                    data_element: names.data_elements.name((key >> 96) as u32).to_owned(),
                    period: period_ids[((key >> 16) & 0xFFFF) as usize].clone(),
                    org_unit: selected_org_units[(key & 0xFFFF) as usize].clone(),
                    category_option_combo: names
                        .category_option_combos
                        .name(((key >> 64) & 0xFFFF_FFFF) as u32)
                        .to_owned(),
                    attribute_option_combo: names
                        .attribute_option_combos
                        .name(((key >> 32) & 0xFFFF_FFFF) as u32)
                        .to_owned(),
                    value,
                    comment: AGGREGATED_COMMENT.to_owned(),
                })
                .collect();
            AggregateOutput {
                data_values,
                not_aggregated,
                skipped,
                stats,
            }
        })
    }

    /// Ends the input and gives the output as [`AggregateOutput::to_json_with_stats`] would,
    /// byte for byte, written straight from the cells (no [`AggregatedValue`] strings built and
    /// dropped): the JavaScript entry point's result.
    pub fn finish_json_with_stats(self) -> Result<String, ReadError> {
        self.finish_with(|finished| {
            let mut out: Vec<u8> = Vec::with_capacity(finished.rows.len() * 200 + 256);
            out.extend_from_slice(b"{\"dataValues\":[");
            for (index, (key, value)) in finished.rows.iter().enumerate() {
                if index > 0 {
                    out.push(b',');
                }
                let names = finished.names;
                let fields: [(&[u8], &str); 6] = [
                    (
                        b"{\"dataElement\":",
                        names.data_elements.name((key >> 96) as u32),
                    ),
                    (
                        b",\"period\":",
                        &finished.period_ids[((key >> 16) & 0xFFFF) as usize],
                    ),
                    (
                        b",\"orgUnit\":",
                        &finished.selected_org_units[(key & 0xFFFF) as usize],
                    ),
                    (
                        b",\"categoryOptionCombo\":",
                        names
                            .category_option_combos
                            .name(((key >> 64) & 0xFFFF_FFFF) as u32),
                    ),
                    (
                        b",\"attributeOptionCombo\":",
                        names
                            .attribute_option_combos
                            .name(((key >> 32) & 0xFFFF_FFFF) as u32),
                    ),
                    (b",\"value\":", value),
                ];
                for (name, text) in fields {
                    out.extend_from_slice(name);
                    write_json_string(&mut out, text);
                }
                out.extend_from_slice(b",\"comment\":");
                write_json_string(&mut out, AGGREGATED_COMMENT);
                out.push(b'}');
            }
            out.extend_from_slice(b"],\"notAggregated\":");
            write_json(&mut out, &finished.not_aggregated);
            if !finished.skipped.is_empty() {
                out.extend_from_slice(b",\"skipped\":");
                write_json(&mut out, &finished.skipped);
            }
            out.extend_from_slice(b",\"stats\":");
            write_json(&mut out, &finished.stats);
            out.push(b'}');
            String::from_utf8(out)
                .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
        })
    }

    /// Ends the input, computes the rows in output order and hands them to `build`.
    fn finish_with<T>(mut self, build: impl FnOnce(Finished<'_>) -> T) -> Result<T, ReadError> {
        let read = self.reader.finish()?;
        let names = self.reader.interners();
        let Engine {
            lookup, mut cells, ..
        } = self.engine;
        cells.stats.bytes = read.bytes;

        // Dense totals into their cells' states.
        for (cell, &position) in cells.block_positions.iter().enumerate() {
            let Some((_, state)) = cells.states.get_mut(position as usize) else {
                continue;
            };
            match state {
                CellState::Sum(sum) => *sum = cells.block_sums[cell],
                CellState::Mean { sum, count } => {
                    *sum = cells.block_sums[cell];
                    *count = cells.block_counts[cell];
                }
                _ => {}
            }
        }
        // With runs, `per_org_unit` is rebuilt from the runs and the sparse map in the order
        // the states were created, which makes the same map (and the same iteration order below)
        // as adding every state to it row by row.
        if !cells.org_unit_runs.is_empty() {
            cells.org_unit_runs = FxHashMap::default();
            let mut sparse = std::mem::take(&mut cells.per_org_unit);
            for created in std::mem::take(&mut cells.org_unit_created) {
                let (key, state) = if created & SPARSE != 0 {
                    let key = cells.sparse_created[(created & !SPARSE) as usize];
                    (key, sparse.remove(&key))
                } else {
                    let position = created as usize;
                    let (key, raw_org_unit) = cells.run_keys[position / cells.run_length];
                    let period = (position % cells.run_length) as u128;
                    let key = (key | (period << 16), raw_org_unit);
                    (key, cells.org_unit_states[position].take())
                };
                if let Some(state) = state {
                    cells.per_org_unit.insert(key, state);
                }
            }
            cells.org_unit_states = Vec::new();
            cells.sparse_created = Vec::new();
        }
        // Per-org-unit states (LAST, FIRST, …) are combined into each selected ancestor.
        let mut combined: FxHashMap<u128, OrgUnitCombination> = FxHashMap::default();
        // The hasher has no random seed: iteration follows the insertion sequence, so the
        // result (ties, float sums) is the same for the same input however it was chunked.
        for (&(key, raw_org_unit), state) in &cells.per_org_unit {
            let Some(Some(slot)) = lookup.org_unit_slots.get(raw_org_unit as usize) else {
                continue;
            };
            let value = state.value();
            for &org_unit in slot.targets.iter() {
                combined
                    .entry(key | u128::from(org_unit))
                    .or_default()
                    .add(value.clone());
            }
        }
        for (key, combination) in combined {
            let data_element = (key >> 96) as u32;
            let Some(&slot) = lookup.data_element_slots.get(data_element as usize) else {
                continue;
            };
            let Some(rule) = lookup.rules.get(slot as usize) else {
                continue;
            };
            if let Some(result) = combination.result(rule.aggregation) {
                cells.states.push((key, CellState::Exact(result)));
            }
        }

        // Sorted by data element id, period, org unit, category option combo id and attribute
        // option combo id. The ids are ranked by name once and each row gets its sort key, so the
        // sort compares integers; equal names (possible only for invalid UTF-8 made lossy) share
        // a rank, and the stable sort then keeps them in the order of `states`, as a comparison
        // of the names would.
        let data_element_ranks = name_ranks(&names.data_elements);
        let combo_ranks = name_ranks(&names.category_option_combos);
        let attribute_combo_ranks = name_ranks(&names.attribute_option_combos);
        let rank =
            |ranks: &[u32], id: u32| u128::from(ranks.get(id as usize).copied().unwrap_or(0));
        let mut rows: Vec<(u128, u128, String)> = Vec::with_capacity(cells.states.len());
        for (key, state) in &cells.states {
            let data_element = (key >> 96) as u32;
            let Some(&slot) = lookup.data_element_slots.get(data_element as usize) else {
                continue;
            };
            let Some(rule) = lookup.rules.get(slot as usize) else {
                continue;
            };
            let result = state.result(rule.aggregation);
            let Some(result) = result else { continue };
            let text = match result {
                Scalar::Text(text) => text.into_string(),
                Scalar::Number(number) => {
                    let number = if matches!(rule.kind, ValueKind::Numeric { integer: true })
                        && number.fract() != 0.0
                    {
                        cells.stats.rounded += 1;
                        number.round()
                    } else {
                        number
                    };
                    format_number(number)
                }
            };
            let sort_key = (rank(&data_element_ranks, data_element) << 96)
                | (((key >> 16) & 0xFFFF) << 80)
                | ((key & 0xFFFF) << 64)
                | (rank(&combo_ranks, ((key >> 64) & 0xFFFF_FFFF) as u32) << 32)
                | rank(&attribute_combo_ranks, ((key >> 32) & 0xFFFF_FFFF) as u32);
            rows.push((sort_key, *key, text));
        }
        // Sorting (key, position) pairs with the position as the tie-break orders rows as a
        // stable sort by key would, moving 32 bytes per element instead of the whole row.
        let mut order: Vec<(u128, u32)> = rows
            .iter()
            .enumerate()
            .map(|(position, row)| (row.0, position as u32))
            .collect();
        order.sort_unstable();
        let rows: Vec<(u128, String)> = order
            .into_iter()
            .map(|(_, position)| {
                let row = &mut rows[position as usize];
                (row.1, std::mem::take(&mut row.2))
            })
            .collect();
        let period_ids: Vec<String> = lookup.targets.iter().map(Period::id).collect();

        let mut not_aggregated = self.not_aggregated;
        let mut unknown: Vec<(String, u64)> = cells
            .unknown
            .iter()
            .map(|(&id, &count)| (names.data_elements.name(id).to_owned(), count))
            .collect();
        unknown.sort();
        for (data_element, count) in unknown {
            not_aggregated.push(NotAggregated {
                data_element,
                reason: format!(
                    "not listed in dataElements, so its value and aggregation types are unknown ({count} values)"
                ),
            });
        }
        let mut skipped: Vec<SkippedValues> = cells
            .skipped
            .iter()
            .map(|(&(id, reason), &count)| SkippedValues {
                data_element: names.data_elements.name(id).to_owned(),
                reason: reason.text().to_owned(),
                count,
            })
            .collect();
        skipped.sort_by(|a, b| {
            a.data_element
                .cmp(&b.data_element)
                .then(a.reason.cmp(&b.reason))
        });
        Ok(build(Finished {
            names,
            period_ids,
            selected_org_units: &lookup.selected_org_units,
            rows,
            not_aggregated,
            skipped,
            stats: cells.stats,
        }))
    }
}

/// What [`Aggregator::finish`] computes before it builds its output.
struct Finished<'a> {
    names: &'a Interners,
    /// Per target period: its id.
    period_ids: Vec<String>,
    selected_org_units: &'a [String],
    /// Per output value in output order: its cell key and value text.
    rows: Vec<(u128, String)>,
    not_aggregated: Vec<NotAggregated>,
    skipped: Vec<SkippedValues>,
    stats: AggregateStats,
}

/// Appends `text` as a JSON string, escaped as serde_json escapes it.
fn write_json_string(out: &mut Vec<u8>, text: &str) {
    write_json(out, text);
}

/// Appends `value` as serde_json writes it (writing to a vector cannot fail).
fn write_json<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    if let Err(error) = serde_json::to_writer(&mut *out, value) {
        out.extend_from_slice(format!("{{\"error\":\"{error}\"}}").as_bytes());
    }
}

/// Per interned id, its rank in the order of the names (equal names share the lowest rank).
fn name_ranks(interner: &crate::values::Interner) -> Vec<u32> {
    let mut order: Vec<u32> = (0..interner.len() as u32).collect();
    order.sort_by(|&a, &b| interner.name(a).cmp(interner.name(b)));
    let mut ranks = vec![0u32; order.len()];
    let mut previous: Option<(&str, u32)> = None;
    for (position, &id) in order.iter().enumerate() {
        let name = interner.name(id);
        let rank = match previous {
            Some((previous_name, rank)) if previous_name == name => rank,
            _ => position as u32,
        };
        ranks[id as usize] = rank;
        previous = Some((name, rank));
    }
    ranks
}

/// Aggregates a whole document in memory (convenience for the command line and tests).
pub fn aggregate_bytes(
    spec: AggregateSpec,
    bytes: &[u8],
) -> Result<AggregateOutput, AggregateError> {
    let mut aggregator = Aggregator::new(spec)?;
    aggregator.feed(bytes)?;
    Ok(aggregator.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> AggregateSpec {
        let element = |id: &str, value_type: &str, aggregation_type: &str| DataElementSpec {
            id: id.into(),
            value_type: value_type.into(),
            aggregation_type: aggregation_type.into(),
            zero_is_significant: false,
        };
        AggregateSpec {
            data_elements: vec![
                element("sum", "NUMBER", "SUM"),
                element("avg", "INTEGER", "AVERAGE"),
                element("last", "NUMBER", "LAST"),
                element("yes", "BOOLEAN", "AVERAGE"),
                element("date", "DATE", "NONE"),
            ],
            org_units: vec![
                OrgUnitPath {
                    id: "root".into(),
                    path: "/root".into(),
                },
                OrgUnitPath {
                    id: "a\"b".into(),
                    path: "/root/a\"b".into(),
                },
                OrgUnitPath {
                    id: "é".into(),
                    path: "/root/é".into(),
                },
            ],
            selected_org_units: vec!["root".into(), "a\"b".into()],
            period_type: PeriodType::Quarterly,
            periods: TargetPeriods::Ids(vec!["2020Q1".into(), "2020Q2".into()]),
            excluded_data_elements: vec![],
            attribute_option_combos: None,
            include_zero_values: true,
        }
    }

    /// Per-org-unit states kept in runs (the look-back types) give exactly what keeping every
    /// state in the sparse map gives, float sums over many org units included: the map is
    /// rebuilt in creation order, so it is combined in the same order.
    #[test]
    fn runs_of_per_org_unit_states_combine_as_the_sparse_map_does() {
        let types = [
            "LAST",
            "LAST_AVERAGE_ORG_UNIT",
            "FIRST",
            "LAST_IN_PERIOD",
            "MIN_SUM_ORG_UNIT",
        ];
        let mut org_units = vec![OrgUnitPath {
            id: "root".into(),
            path: "/root".into(),
        }];
        for unit in 0..120 {
            org_units.push(OrgUnitPath {
                id: format!("f{unit}"),
                path: format!("/root/d{}/f{unit}", unit % 3),
            });
        }
        for district in 0..3 {
            org_units.push(OrgUnitPath {
                id: format!("d{district}"),
                path: format!("/root/d{district}"),
            });
        }
        let mut rows = Vec::new();
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for month in 1..=12 {
            for unit in 0..120 {
                for aggregation_type in types {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    if state.is_multiple_of(4) {
                        continue;
                    }
                    rows.push(format!(
                        r#"{{"dataElement":"{aggregation_type}","period":"2020{month:02}","orgUnit":"f{unit}","value":"{}.{:03}"}}"#,
                        state % 89,
                        state % 1000
                    ));
                }
            }
        }
        let json = format!("{{\"dataValues\":[{}]}}", rows.join(","));
        let spec = AggregateSpec {
            data_elements: types
                .iter()
                .map(|aggregation_type| DataElementSpec {
                    id: (*aggregation_type).into(),
                    value_type: "NUMBER".into(),
                    aggregation_type: (*aggregation_type).into(),
                    zero_is_significant: false,
                })
                .collect(),
            org_units,
            selected_org_units: vec!["root".into(), "d0".into(), "d1".into(), "d2".into()],
            period_type: PeriodType::Quarterly,
            periods: TargetPeriods::Ids(
                ["2020Q1", "2020Q2", "2020Q3", "2020Q4"]
                    .map(String::from)
                    .to_vec(),
            ),
            excluded_data_elements: vec![],
            attribute_option_combos: None,
            include_zero_values: true,
        };
        let run = |runs: bool| {
            let mut aggregator = Aggregator::new(spec.clone()).expect("valid spec");
            if !runs {
                aggregator.engine.cells.run_length = 0;
            }
            for chunk in json.as_bytes().chunks(4096) {
                aggregator.feed(chunk).expect("reads");
            }
            aggregator.finish().expect("finishes").to_json()
        };
        let with_runs = run(true);
        assert!(with_runs.contains(r#""period":"2020Q4""#), "{with_runs}");
        assert_eq!(with_runs, run(false));
    }

    /// The JavaScript entry point's JSON, written straight from the cells, is byte for byte what
    /// serialising the output gives: values, not-aggregated and skipped entries, escapes, stats.
    #[test]
    fn finish_json_is_the_serialised_output() {
        let mut rows = Vec::new();
        for (index, (data_element, value)) in [
            ("sum", "1.5"),
            ("sum", "0.1"),
            ("avg", "3"),
            ("avg", "4"),
            ("last", "7.25"),
            ("yes", "true"),
            ("yes", "false"),
            ("unknown", "1"),
            ("sum", "abc"),
            ("date", "2020-01-01"),
        ]
        .into_iter()
        .enumerate()
        {
            for (org_unit, combo) in [("a\\\"b", "c\\u0031"), ("\\u00e9", "HllvX50cXC0")] {
                let month = index % 6 + 1;
                rows.push(format!(
                    r#"{{"dataElement":"{data_element}","period":"20200{month}","orgUnit":"{org_unit}","categoryOptionCombo":"{combo}","attributeOptionCombo":"aoc{}","value":"{value}"}}"#,
                    index % 2
                ));
            }
        }
        let json = format!("{{\"dataValues\":[{}]}}", rows.join(","));
        let run = || {
            let mut aggregator = Aggregator::new(spec()).expect("valid spec");
            aggregator.feed(json.as_bytes()).expect("reads");
            aggregator
        };
        let output = run().finish().expect("finishes");
        assert!(!output.data_values.is_empty());
        assert!(!output.skipped.is_empty());
        assert!(!output.not_aggregated.is_empty());
        assert_eq!(
            run().finish_json_with_stats().expect("finishes"),
            output.to_json_with_stats()
        );
        let empty = || {
            let mut aggregator = Aggregator::new(spec()).expect("valid spec");
            aggregator.feed(b"{}").expect("reads");
            aggregator
        };
        assert_eq!(
            empty().finish_json_with_stats().expect("finishes"),
            empty().finish().expect("finishes").to_json_with_stats()
        );
    }
}
