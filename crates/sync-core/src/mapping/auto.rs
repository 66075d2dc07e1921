//! Auto-map: a [`Mapping`] computed from both sides' metadata, for every kind of item: the same
//! id, then the same code, then the same name (the criteria and their order are a choice:
//! `--by id,code,name`), nested items included (a data element's category option combos against
//! the combos of the data element it maps to, its option set's options against the destination
//! data element's). Organisation units match by id or code anywhere, but by name only under an
//! already-mapped parent (two districts' "Central Hospital" are different places). The default
//! category option combo maps to the destination's default through its name, `default`, which
//! DHIS2 fixes.
//!
//! What a person set (mapped by hand, or excluded) is kept. Ambiguous matches (two candidates with
//! the same code or name) and missing ones are listed, never guessed; a category option combo with
//! no match of its own that its mapped category options rebuild (see [`super::translate`]) is not
//! missing.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::{DataElementMapping, ItemKind, Mapping, MatchedBy, Target, TargetMap};

/// An item of metadata as auto-map compares it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Item {
    /// Its id (for options: also their id; they map by code to the destination's code).
    pub id: String,
    /// Its code, if any.
    pub code: Option<String>,
    /// Its name.
    pub name: String,
}

/// A category option combo or attribute option combo with its category options.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ComboItem {
    /// The combo.
    pub item: Item,
    /// Its category options' ids.
    pub category_options: Vec<String>,
}

/// A data element with its combos and options.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DataElementItem {
    /// The data element.
    pub item: Item,
    /// The category option combos of its category combo.
    pub category_option_combos: Vec<ComboItem>,
    /// Its option set's id and options (`Item::code` is the option's code), if it has one.
    pub option_set: Option<(String, Vec<Item>)>,
}

/// An organisation unit with its parent.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OrgUnitItem {
    /// The unit.
    pub item: Item,
    /// Its parent's id (none for a root).
    pub parent: Option<String>,
}

/// One side's metadata.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Metadata {
    /// Data elements.
    pub data_elements: Vec<DataElementItem>,
    /// Attribute option combos.
    pub attribute_option_combos: Vec<ComboItem>,
    /// Category options.
    pub category_options: Vec<Item>,
    /// Organisation units (any order).
    pub org_units: Vec<OrgUnitItem>,
}

/// What to auto-map.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoMapOptions {
    /// The criteria, in order (default: id, code, name). `Hand` and `CategoryOptions` are not
    /// criteria and are ignored.
    pub by: Vec<MatchedBy>,
    /// Only these source items (any kind; a data element's nested combos and options follow it),
    /// or everything.
    pub only: Option<BTreeSet<String>>,
}

impl Default for AutoMapOptions {
    fn default() -> Self {
        AutoMapOptions {
            by: vec![MatchedBy::Id, MatchedBy::Code, MatchedBy::Name],
            only: None,
        }
    }
}

/// A source item auto-map could not map.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Unmatched {
    /// Its kind.
    pub kind: ItemKind,
    /// Its id at the source (an option's code for options).
    pub id: String,
    /// Its name at the source.
    pub name: String,
    /// The data element it belongs to (its combos and options).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_element: Option<String>,
    /// The destination ids it could be (ambiguous matches; empty when nothing matched).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
}

/// What auto-map did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AutoMapReport {
    /// Items matched now, per criterion.
    pub matched: BTreeMap<MatchedBy, usize>,
    /// Items a person had set, kept as they were.
    pub kept: usize,
    /// Items with several candidates.
    pub ambiguous: Vec<Unmatched>,
    /// Items with none.
    pub missing: Vec<Unmatched>,
}

impl AutoMapReport {
    /// Everything considered is mapped (or excluded by a person).
    pub fn complete(&self) -> bool {
        self.ambiguous.is_empty() && self.missing.is_empty()
    }
}

enum Found {
    One(String, MatchedBy),
    Several(Vec<String>),
    None,
}

/// Finds `item` among `candidates` by the criteria in order. The first criterion with any
/// candidate decides: one is a match, several are ambiguous (a later criterion is not tried:
/// that would be a guess).
fn find(item: &Item, candidates: &[&Item], by: &[MatchedBy]) -> Found {
    for criterion in by {
        let hits: Vec<&Item> = match criterion {
            MatchedBy::Id => candidates
                .iter()
                .copied()
                .filter(|c| c.id == item.id)
                .collect(),
            MatchedBy::Code => match non_empty(&item.code) {
                Some(code) => candidates
                    .iter()
                    .copied()
                    .filter(|c| non_empty(&c.code) == Some(code))
                    .collect(),
                None => Vec::new(),
            },
            MatchedBy::Name => {
                let name = normalised(&item.name);
                if name.is_empty() {
                    Vec::new()
                } else {
                    candidates
                        .iter()
                        .copied()
                        .filter(|c| normalised(&c.name) == name)
                        .collect()
                }
            }
            MatchedBy::Hand | MatchedBy::CategoryOptions => Vec::new(),
        };
        match hits.as_slice() {
            [] => continue,
            [one] => return Found::One(one.id.clone(), *criterion),
            several => return Found::Several(several.iter().map(|c| c.id.clone()).collect()),
        }
    }
    Found::None
}

fn non_empty(code: &Option<String>) -> Option<&str> {
    code.as_deref()
        .map(str::trim)
        .filter(|code| !code.is_empty())
}

/// Names compare without case and with runs of white space as one space.
fn normalised(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

struct Run<'a> {
    options: &'a AutoMapOptions,
    report: AutoMapReport,
}

impl Run<'_> {
    fn wanted(&self, id: &str) -> bool {
        self.options
            .only
            .as_ref()
            .is_none_or(|only| only.contains(id))
    }

    /// Maps `item` into `map` unless a person set it; records what happened.
    fn map_into(
        &mut self,
        map: &mut TargetMap,
        kind: ItemKind,
        item: &Item,
        candidates: &[&Item],
        data_element: Option<&str>,
        key: &str,
    ) -> Option<String> {
        if let Some(target) = map.get(key)
            && target.is_by_hand()
        {
            self.report.kept += 1;
            return target.id().map(str::to_owned);
        }
        self.decide(
            map,
            kind,
            item,
            find(item, candidates, &self.options.by),
            data_element,
            key,
        )
    }

    fn decide(
        &mut self,
        map: &mut TargetMap,
        kind: ItemKind,
        item: &Item,
        found: Found,
        data_element: Option<&str>,
        key: &str,
    ) -> Option<String> {
        let unmatched = |candidates| Unmatched {
            kind,
            id: key.to_owned(),
            name: item.name.clone(),
            data_element: data_element.map(str::to_owned),
            candidates,
        };
        match found {
            Found::One(id, by) => {
                *self.report.matched.entry(by).or_default() += 1;
                map.insert(key.to_owned(), Target::Mapped { id: id.clone(), by });
                Some(id)
            }
            Found::Several(candidates) => {
                map.remove(key);
                self.report.ambiguous.push(unmatched(candidates));
                None
            }
            Found::None => {
                map.remove(key);
                self.report.missing.push(unmatched(Vec::new()));
                None
            }
        }
    }
}

/// Auto-maps `source` onto `destination`, updating `mapping` (what a person set is kept).
pub fn auto_map(
    mapping: &mut Mapping,
    source: &Metadata,
    destination: &Metadata,
    options: &AutoMapOptions,
) -> AutoMapReport {
    let mut run = Run {
        options,
        report: AutoMapReport::default(),
    };

    // Category options first: combos without a match of their own are rebuilt from them.
    let destination_options: Vec<&Item> = destination.category_options.iter().collect();
    for option in &source.category_options {
        if run.wanted(&option.id) {
            run.map_into(
                &mut mapping.category_options,
                ItemKind::CategoryOption,
                option,
                &destination_options,
                None,
                &option.id,
            );
        }
    }

    let destination_aocs: Vec<&Item> = destination
        .attribute_option_combos
        .iter()
        .map(|combo| &combo.item)
        .collect();
    for combo in &source.attribute_option_combos {
        if !run.wanted(&combo.item.id) {
            continue;
        }
        if let Some(target) = mapping.attribute_option_combos.get(&combo.item.id)
            && target.is_by_hand()
        {
            run.report.kept += 1;
            continue;
        }
        let found = find(&combo.item, &destination_aocs, &options.by);
        let found = or_rebuilt(
            found,
            combo,
            &mapping.category_options,
            &destination.attribute_option_combos,
        );
        run.decide(
            &mut mapping.attribute_option_combos,
            ItemKind::AttributeOptionCombo,
            &combo.item,
            found,
            None,
            &combo.item.id,
        );
    }

    let destination_elements: Vec<&Item> = destination
        .data_elements
        .iter()
        .map(|element| &element.item)
        .collect();
    let destination_by_id: HashMap<&str, &DataElementItem> = destination
        .data_elements
        .iter()
        .map(|element| (element.item.id.as_str(), element))
        .collect();
    for element in &source.data_elements {
        let id = &element.item.id;
        if !run.wanted(id) {
            continue;
        }
        let stored = mapping.data_elements.remove(id);
        let by_hand = stored.as_ref().is_some_and(|own| own.target.is_by_hand());
        let mut own = stored.unwrap_or_else(|| DataElementMapping::new(Target::Excluded));
        let target = if by_hand {
            run.report.kept += 1;
            own.target.id().map(str::to_owned)
        } else {
            let mut decided = TargetMap::new();
            let found = find(&element.item, &destination_elements, &options.by);
            run.decide(
                &mut decided,
                ItemKind::DataElement,
                &element.item,
                found,
                None,
                id,
            );
            decided.remove(id).and_then(|target| {
                own.target = target;
                own.target.id().map(str::to_owned)
            })
        };
        match target {
            Some(target) => {
                if let Some(destination_element) = destination_by_id.get(target.as_str()) {
                    map_combos(&mut run, mapping, &mut own, element, destination_element);
                    map_options(&mut run, mapping, element, destination_element);
                }
                mapping.data_elements.insert(id.clone(), own);
            }
            // Excluded by a person: kept with whatever else the person set.
            None if by_hand => {
                mapping.data_elements.insert(id.clone(), own);
            }
            // Listed as ambiguous or missing: unmapped, so not stored.
            None => {}
        }
    }

    map_org_units(&mut run, &mut mapping.org_units, source, destination);
    run.report
}

/// A data element's category option combos against those of the data element it maps to.
fn map_combos(
    run: &mut Run<'_>,
    mapping: &Mapping,
    own: &mut DataElementMapping,
    element: &DataElementItem,
    destination_element: &DataElementItem,
) {
    let candidates: Vec<&Item> = destination_element
        .category_option_combos
        .iter()
        .map(|combo| &combo.item)
        .collect();
    for combo in &element.category_option_combos {
        if let Some(target) = own.category_option_combos.get(&combo.item.id)
            && target.is_by_hand()
        {
            run.report.kept += 1;
            continue;
        }
        let found = find(&combo.item, &candidates, &run.options.by);
        let options = merged(&own.category_options, &mapping.category_options);
        let found = or_rebuilt(
            found,
            combo,
            &options,
            &destination_element.category_option_combos,
        );
        run.decide(
            &mut own.category_option_combos,
            ItemKind::CategoryOptionCombo,
            &combo.item,
            found,
            Some(&element.item.id),
            &combo.item.id,
        );
    }
}

/// A data element's own category option maps over the global ones.
fn merged(own: &TargetMap, global: &TargetMap) -> TargetMap {
    let mut merged = global.clone();
    merged.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
    merged
}

/// When nothing matched a combo directly, the destination combo its mapped category options
/// make (as the translation rebuilds it), if exactly one.
fn or_rebuilt(
    found: Found,
    combo: &ComboItem,
    options: &TargetMap,
    destination: &[ComboItem],
) -> Found {
    if !matches!(found, Found::None) || combo.category_options.is_empty() {
        return found;
    }
    let mut mapped = BTreeSet::new();
    for option in &combo.category_options {
        match options.get(option).and_then(Target::id) {
            Some(id) => {
                mapped.insert(id);
            }
            None => return Found::None,
        }
    }
    let hits: Vec<&ComboItem> = destination
        .iter()
        .filter(|candidate| {
            candidate.category_options.len() == mapped.len()
                && candidate
                    .category_options
                    .iter()
                    .all(|option| mapped.contains(option.as_str()))
        })
        .collect();
    match hits.as_slice() {
        [one] => Found::One(one.item.id.clone(), MatchedBy::CategoryOptions),
        [] => Found::None,
        several => Found::Several(several.iter().map(|c| c.item.id.clone()).collect()),
    }
}

/// The options of a data element's option set against the destination data element's; mapped
/// to the destination option's code (values hold codes).
fn map_options(
    run: &mut Run<'_>,
    mapping: &mut Mapping,
    element: &DataElementItem,
    destination_element: &DataElementItem,
) {
    let (Some((set, options)), Some((_, destination_options))) =
        (&element.option_set, &destination_element.option_set)
    else {
        return;
    };
    let candidates: Vec<&Item> = destination_options.iter().collect();
    let codes: HashMap<&str, &str> = destination_options
        .iter()
        .map(|option| {
            (
                option.id.as_str(),
                option.code.as_deref().unwrap_or_default(),
            )
        })
        .collect();
    let map = mapping.options.entry(set.clone()).or_default();
    for option in options {
        let Some(code) = non_empty(&option.code).map(str::to_owned) else {
            continue;
        };
        if let Some(target) = map.get(&code)
            && target.is_by_hand()
        {
            run.report.kept += 1;
            continue;
        }
        let found = match find(option, &candidates, &run.options.by) {
            Found::One(id, by) => match codes.get(id.as_str()) {
                Some(code) if !code.is_empty() => Found::One((*code).to_owned(), by),
                _ => Found::None,
            },
            other => other,
        };
        run.decide(
            map,
            ItemKind::Option,
            option,
            found,
            Some(&element.item.id),
            &code,
        );
    }
}

/// Organisation units, parents first: by id or code anywhere, by name only among the
/// destination children of the unit its parent maps to (roots: among the destination's roots).
fn map_org_units(
    run: &mut Run<'_>,
    map: &mut TargetMap,
    source: &Metadata,
    destination: &Metadata,
) {
    let all: Vec<&Item> = destination
        .org_units
        .iter()
        .map(|unit| &unit.item)
        .collect();
    let mut children: HashMap<Option<&str>, Vec<&Item>> = HashMap::new();
    for unit in &destination.org_units {
        children
            .entry(unit.parent.as_deref())
            .or_default()
            .push(&unit.item);
    }
    let by_id: HashMap<&str, &OrgUnitItem> = source
        .org_units
        .iter()
        .map(|unit| (unit.item.id.as_str(), unit))
        .collect();
    let depth = |unit: &OrgUnitItem| {
        let mut depth = 0usize;
        let mut parent = unit.parent.as_deref();
        while let Some(id) = parent {
            depth += 1;
            parent = by_id.get(id).and_then(|unit| unit.parent.as_deref());
            if depth > by_id.len() {
                break; // a cycle in bad metadata
            }
        }
        depth
    };
    let mut ordered: Vec<&OrgUnitItem> = source.org_units.iter().collect();
    ordered.sort_by_cached_key(|unit| (depth(unit), unit.item.id.clone()));

    let without_name: Vec<MatchedBy> = run
        .options
        .by
        .iter()
        .copied()
        .filter(|by| *by != MatchedBy::Name)
        .collect();
    for unit in ordered {
        let id = &unit.item.id;
        if !run.wanted(id) {
            continue;
        }
        if let Some(target) = map.get(id)
            && target.is_by_hand()
        {
            run.report.kept += 1;
            continue;
        }
        let mut found = find(&unit.item, &all, &without_name);
        if matches!(found, Found::None) && run.options.by.contains(&MatchedBy::Name) {
            // The parent's destination unit, if the parent is mapped (or none for a root).
            let siblings = match &unit.parent {
                None => children.get(&None),
                Some(parent) => map
                    .get(parent)
                    .and_then(Target::id)
                    .and_then(|mapped| children.get(&Some(mapped))),
            };
            if let Some(siblings) = siblings {
                found = find(&unit.item, siblings, &[MatchedBy::Name]);
            }
        }
        run.decide(map, ItemKind::OrganisationUnit, &unit.item, found, None, id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::translate::{Combo, MappingMetadata, SourceIds, Translator};

    fn item(id: &str, code: Option<&str>, name: &str) -> Item {
        Item {
            id: id.into(),
            code: code.map(str::to_owned),
            name: name.into(),
        }
    }

    fn combo(id: &str, name: &str, options: &[&str]) -> ComboItem {
        ComboItem {
            item: item(id, None, name),
            category_options: options.iter().map(|o| o.to_string()).collect(),
        }
    }

    fn element(
        id: &str,
        code: Option<&str>,
        name: &str,
        combos: Vec<ComboItem>,
    ) -> DataElementItem {
        DataElementItem {
            item: item(id, code, name),
            category_option_combos: combos,
            option_set: None,
        }
    }

    fn unit(id: &str, code: Option<&str>, name: &str, parent: Option<&str>) -> OrgUnitItem {
        OrgUnitItem {
            item: item(id, code, name),
            parent: parent.map(str::to_owned),
        }
    }

    fn source() -> Metadata {
        Metadata {
            data_elements: vec![
                element(
                    "deA",
                    Some("A"),
                    "ANC visits",
                    vec![combo("HllvX50cXC0", "default", &["dfltOpt"])],
                ),
                element(
                    "deB",
                    Some("B"),
                    "Malaria cases",
                    vec![combo("cMY", "Male, <5", &["male", "young"])],
                ),
                element("deC", None, "Cold chain", vec![]),
                element("deD", Some("D1"), "Doses", vec![]),
                element("deE", Some("E"), "Excluded by hand", vec![]),
                element("deF", Some("F"), "Nowhere", vec![]),
            ],
            attribute_option_combos: vec![combo("HllvX50cXC0", "default", &["dfltOpt"])],
            category_options: vec![
                item("dfltOpt", None, "default"),
                item("male", Some("M"), "Male"),
                item("young", None, "Young"),
            ],
            org_units: vec![
                // Children listed before parents: auto-map orders them.
                unit("c3", None, "Central", Some("c1")),
                unit("c1", None, "Bo", Some("r")),
                unit("r", Some("SL"), "Sierra Leone", None),
                unit("c4", None, "Nowhere", Some("r")),
                unit("c5", None, "Set by hand", Some("r")),
            ],
        }
    }

    fn destination() -> Metadata {
        Metadata {
            data_elements: vec![
                element(
                    "xA",
                    Some("A"),
                    "Antenatal visits",
                    vec![combo("dfltCoc", "default", &["xDflt"])],
                ),
                element(
                    "xB",
                    Some("B"),
                    "Malaria",
                    vec![combo("xMY", "Male, Under 5", &["xYoung", "xMale"])],
                ),
                element("xC", None, "cold  CHAIN", vec![]),
                element("xD1", Some("D1"), "Doses 1", vec![]),
                element("xD2", Some("D1"), "Doses 2", vec![]),
            ],
            attribute_option_combos: vec![combo("dfltCoc", "default", &["xDflt"])],
            category_options: vec![
                item("xDflt", None, "default"),
                item("xMale", Some("M"), "Men"),
                item("xYoung", None, "young"),
            ],
            org_units: vec![
                unit("R", Some("SL"), "Sierra Leone", None),
                unit("C1", None, "Bo", Some("R")),
                unit("K1", None, "Kenema", Some("R")),
                unit("central-bo", None, "Central", Some("C1")),
                unit("central-kenema", None, "Central", Some("K1")),
            ],
        }
    }

    fn auto_mapped() -> (Mapping, AutoMapReport) {
        let mut mapping = Mapping::new("dest");
        mapping
            .data_elements
            .insert("deE".into(), DataElementMapping::new(Target::Excluded));
        mapping.org_units.insert("c5".into(), Target::by_hand("C1"));
        // An earlier auto-map result is recomputed, not kept.
        mapping.org_units.insert(
            "c1".into(),
            Target::Mapped {
                id: "K1".into(),
                by: MatchedBy::Name,
            },
        );
        let report = auto_map(
            &mut mapping,
            &source(),
            &destination(),
            &AutoMapOptions::default(),
        );
        (mapping, report)
    }

    fn target(map: &TargetMap, id: &str) -> Option<(String, MatchedBy)> {
        match map.get(id)? {
            Target::Mapped { id, by } => Some((id.clone(), *by)),
            Target::Excluded => None,
        }
    }

    #[test]
    fn items_match_by_id_then_code_then_name_and_combos_through_their_options() {
        let (mapping, report) = auto_mapped();
        let element = |id: &str| mapping.data_elements.get(id).map(|m| m.target.clone());
        assert_eq!(
            element("deA"),
            Some(Target::Mapped {
                id: "xA".into(),
                by: MatchedBy::Code
            })
        );
        assert_eq!(
            element("deC"),
            Some(Target::Mapped {
                id: "xC".into(),
                by: MatchedBy::Name
            })
        );
        // The default combo maps to the destination's default, whose id differs.
        assert_eq!(
            target(
                &mapping.data_elements["deA"].category_option_combos,
                "HllvX50cXC0"
            ),
            Some(("dfltCoc".into(), MatchedBy::Name))
        );
        assert_eq!(
            target(&mapping.attribute_option_combos, "HllvX50cXC0"),
            Some(("dfltCoc".into(), MatchedBy::Name))
        );
        // Combo names differ: made of the mapped options (male by code, young by name).
        assert_eq!(
            target(&mapping.data_elements["deB"].category_option_combos, "cMY"),
            Some(("xMY".into(), MatchedBy::CategoryOptions))
        );
        assert_eq!(
            target(&mapping.category_options, "male"),
            Some(("xMale".into(), MatchedBy::Code))
        );
        // male, deA, deB and the root "r".
        assert_eq!(report.matched.get(&MatchedBy::Code), Some(&4));
        assert!(!report.complete());
    }

    #[test]
    fn ambiguous_and_missing_items_are_listed_never_guessed() {
        let (mapping, report) = auto_mapped();
        assert!(!mapping.data_elements.contains_key("deD"));
        assert!(!mapping.data_elements.contains_key("deF"));
        let ambiguous: Vec<_> = report
            .ambiguous
            .iter()
            .map(|u| (u.id.as_str(), u.candidates.clone()))
            .collect();
        assert_eq!(
            ambiguous,
            vec![("deD", vec!["xD1".to_string(), "xD2".to_string()])]
        );
        let missing: Vec<_> = report
            .missing
            .iter()
            .map(|u| (u.kind, u.id.as_str()))
            .collect();
        assert_eq!(
            missing,
            vec![
                (ItemKind::DataElement, "deF"),
                (ItemKind::OrganisationUnit, "c4")
            ]
        );
    }

    #[test]
    fn org_units_match_by_name_only_under_their_mapped_parent_and_hand_settings_stay() {
        let (mapping, report) = auto_mapped();
        assert_eq!(
            target(&mapping.org_units, "r"),
            Some(("R".into(), MatchedBy::Code))
        );
        assert_eq!(
            target(&mapping.org_units, "c1"),
            Some(("C1".into(), MatchedBy::Name))
        );
        // Two destination units are called "Central": the one under Bo.
        assert_eq!(
            target(&mapping.org_units, "c3"),
            Some(("central-bo".into(), MatchedBy::Name))
        );
        assert_eq!(
            target(&mapping.org_units, "c5"),
            Some(("C1".into(), MatchedBy::Hand))
        );
        assert_eq!(mapping.data_elements["deE"].target, Target::Excluded);
        assert_eq!(report.kept, 2);
    }

    #[test]
    fn a_restricted_criterion_list_and_selection_are_honoured() {
        let mut mapping = Mapping::new("dest");
        let options = AutoMapOptions {
            by: vec![MatchedBy::Code],
            only: Some(["deC".to_string(), "deA".to_string()].into()),
        };
        let report = auto_map(&mut mapping, &source(), &destination(), &options);
        assert!(mapping.data_elements.contains_key("deA"));
        assert!(!mapping.data_elements.contains_key("deB"), "not selected");
        assert!(
            !mapping.data_elements.contains_key("deC"),
            "matches by name only"
        );
        assert_eq!(
            report
                .missing
                .iter()
                .map(|u| u.id.as_str())
                .collect::<Vec<_>>(),
            vec!["HllvX50cXC0", "deC"]
        );
    }

    #[test]
    fn an_auto_mapping_translates_values_onto_the_destination() {
        let (mapping, _) = auto_mapped();
        let metadata = MappingMetadata {
            source_combo_options: [("cMY".to_string(), vec!["male".into(), "young".into()])].into(),
            destination_element_combos: [(
                "xB".to_string(),
                vec![Combo {
                    id: "xMY".into(),
                    category_options: vec!["xYoung".into(), "xMale".into()],
                }],
            )]
            .into(),
            ..MappingMetadata::default()
        };
        let mut translator = Translator::new(mapping, metadata);
        let ids = translator
            .translate(SourceIds {
                data_element: "deB",
                category_option_combo: "cMY",
                attribute_option_combo: "HllvX50cXC0",
                org_unit: "c3",
                value: "4",
            })
            .unwrap();
        assert_eq!(
            (
                ids.data_element.as_str(),
                ids.category_option_combo.as_str(),
                ids.attribute_option_combo.as_str(),
                ids.org_unit.as_str()
            ),
            ("xB", "xMY", "dfltCoc", "central-bo")
        );
    }
}
