//! Mapping between two instances that do not share UIDs: for one destination, which destination
//! item each source item goes to, or that it is excluded.
//!
//! Stored in the app's namespace, one key per destination (`mapping-<destination id>`), schema
//! versioned like every persisted entry. What it maps, after MetaData Synchronization's own
//! mapping (its format is imported by the MetaData Sync import):
//!
//! - data elements, each with its own category option combos, attribute option combos and
//!   category options (used to rebuild a destination combo when the combos differ), falling back
//!   to the global maps of the same kinds;
//! - options of option sets (values of data elements with an option set hold the option's code);
//! - organisation units.
//!
//! Each item is mapped (with how: by hand, or matched by id, code or name by [`auto`]), excluded
//! (its values are left out and listed), or unmapped (absent: its values are left out and listed,
//! and the mapping page shows it). [`translate`] applies a mapping to values; [`auto`] computes
//! one from both sides' metadata.

pub mod auto;
pub mod translate;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model::{Migration, Persisted};

/// Schema version of [`Mapping`] written by this build.
pub const MAPPING_SCHEMA_VERSION: u32 = 1;

/// The dataStore key of a destination's mapping.
pub fn mapping_key(destination_id: &str) -> String {
    format!("mapping-{destination_id}")
}

/// What a source item becomes at the destination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "to", rename_all = "camelCase")]
pub enum Target {
    /// Sent as the destination's item `id`.
    Mapped {
        /// The destination's id (a UID; an option's code for options).
        id: String,
        /// How the pair was made.
        by: MatchedBy,
    },
    /// Never sent: its values are left out and listed in the report.
    Excluded,
}

impl Target {
    /// Mapped by a person.
    pub fn by_hand(id: impl Into<String>) -> Target {
        Target::Mapped {
            id: id.into(),
            by: MatchedBy::Hand,
        }
    }

    /// Set by a person (mapped by hand, or excluded): auto-map never changes it.
    pub fn is_by_hand(&self) -> bool {
        matches!(
            self,
            Target::Excluded
                | Target::Mapped {
                    by: MatchedBy::Hand,
                    ..
                }
        )
    }

    /// The destination id, when mapped.
    pub fn id(&self) -> Option<&str> {
        match self {
            Target::Mapped { id, .. } => Some(id),
            Target::Excluded => None,
        }
    }
}

/// How a mapped pair was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum MatchedBy {
    /// Set by a person.
    Hand,
    /// The same id on both sides.
    Id,
    /// The same code.
    Code,
    /// The same name.
    Name,
    /// A combo made of the destination's category options that its own options map to.
    CategoryOptions,
}

/// The kinds of items a mapping holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ItemKind {
    /// Data elements.
    DataElement,
    /// Category option combos (disaggregations).
    CategoryOptionCombo,
    /// Attribute option combos.
    AttributeOptionCombo,
    /// Category options (to rebuild a combo).
    CategoryOption,
    /// Options of option sets.
    Option,
    /// Organisation units.
    OrganisationUnit,
}

impl ItemKind {
    /// Lower-case words for messages ("category option combo").
    pub fn label(self) -> &'static str {
        match self {
            ItemKind::DataElement => "data element",
            ItemKind::CategoryOptionCombo => "category option combo",
            ItemKind::AttributeOptionCombo => "attribute option combo",
            ItemKind::CategoryOption => "category option",
            ItemKind::Option => "option",
            ItemKind::OrganisationUnit => "organisation unit",
        }
    }
}

/// Source id → target.
pub type TargetMap = BTreeMap<String, Target>;

/// A data element's mapping, with its own maps of combos and options (used before the global
/// ones).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataElementMapping {
    /// The data element itself.
    pub target: Target,
    /// Its category option combos.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub category_option_combos: TargetMap,
    /// Its attribute option combos.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attribute_option_combos: TargetMap,
    /// Its category options, to rebuild a destination combo from mapped options.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub category_options: TargetMap,
}

impl DataElementMapping {
    /// A data element mapped to `target` with no combos of its own.
    pub fn new(target: Target) -> DataElementMapping {
        DataElementMapping {
            target,
            category_option_combos: TargetMap::new(),
            attribute_option_combos: TargetMap::new(),
            category_options: TargetMap::new(),
        }
    }
}

/// One destination's mapping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Mapping {
    /// Schema version ([`MAPPING_SCHEMA_VERSION`] after loading).
    pub schema_version: u32,
    /// The destination it belongs to.
    pub destination_id: String,
    /// Data elements, each with its own combos.
    #[serde(default)]
    pub data_elements: BTreeMap<String, DataElementMapping>,
    /// Category option combos of data elements that have no mapping of their own for them.
    #[serde(default)]
    pub category_option_combos: TargetMap,
    /// Attribute option combos, likewise.
    #[serde(default)]
    pub attribute_option_combos: TargetMap,
    /// Category options, likewise.
    #[serde(default)]
    pub category_options: TargetMap,
    /// Options, per source option set: source option code → destination option code.
    #[serde(default)]
    pub options: BTreeMap<String, TargetMap>,
    /// Organisation units.
    #[serde(default)]
    pub org_units: TargetMap,
}

impl Mapping {
    /// An empty mapping (everything unmapped) for `destination_id`.
    pub fn new(destination_id: impl Into<String>) -> Mapping {
        Mapping {
            schema_version: MAPPING_SCHEMA_VERSION,
            destination_id: destination_id.into(),
            data_elements: BTreeMap::new(),
            category_option_combos: TargetMap::new(),
            attribute_option_combos: TargetMap::new(),
            category_options: TargetMap::new(),
            options: BTreeMap::new(),
            org_units: TargetMap::new(),
        }
    }

    /// Nothing mapped or excluded.
    pub fn is_empty(&self) -> bool {
        self.data_elements.is_empty()
            && self.category_option_combos.is_empty()
            && self.attribute_option_combos.is_empty()
            && self.category_options.is_empty()
            && self.options.values().all(BTreeMap::is_empty)
            && self.org_units.is_empty()
    }

    /// The target of a data element's combo of `kind` (its own map first, then the global one).
    pub fn combo_target(
        &self,
        data_element: &str,
        kind: ItemKind,
        source_id: &str,
    ) -> Option<&Target> {
        let own = self.data_elements.get(data_element).and_then(|mapping| {
            match kind {
                ItemKind::CategoryOptionCombo => &mapping.category_option_combos,
                ItemKind::AttributeOptionCombo => &mapping.attribute_option_combos,
                ItemKind::CategoryOption => &mapping.category_options,
                _ => return None,
            }
            .get(source_id)
        });
        own.or_else(|| match kind {
            ItemKind::CategoryOptionCombo => self.category_option_combos.get(source_id),
            ItemKind::AttributeOptionCombo => self.attribute_option_combos.get(source_id),
            ItemKind::CategoryOption => self.category_options.get(source_id),
            _ => None,
        })
    }
}

impl Persisted for Mapping {
    const KIND: &'static str = "mapping";
    const CURRENT_VERSION: u32 = MAPPING_SCHEMA_VERSION;

    fn migrations() -> &'static [Migration] {
        &[]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{load, to_json};

    #[test]
    fn a_mapping_round_trips_through_its_stored_json() {
        let mut mapping = Mapping::new("dest0000001");
        let mut element = DataElementMapping::new(Target::by_hand("deDest00001"));
        element
            .category_option_combos
            .insert("cocSrc00001".into(), Target::Excluded);
        mapping.data_elements.insert("deSrc000001".into(), element);
        mapping.org_units.insert(
            "ouSrc000001".into(),
            Target::Mapped {
                id: "ouDest00001".into(),
                by: MatchedBy::Code,
            },
        );
        let text = to_json(&mapping).unwrap();
        assert!(text.contains(r#""to":"excluded""#), "{text}");
        assert!(text.contains(r#""by":"CODE""#), "{text}");
        let loaded = load::<Mapping>(&text).unwrap();
        assert_eq!(loaded.value, mapping);
    }

    #[test]
    fn a_data_elements_own_combo_comes_before_the_global_one() {
        let mut mapping = Mapping::new("d");
        mapping
            .category_option_combos
            .insert("coc".into(), Target::by_hand("global"));
        let mut element = DataElementMapping::new(Target::by_hand("de2"));
        element
            .category_option_combos
            .insert("coc".into(), Target::by_hand("own"));
        mapping.data_elements.insert("de".into(), element);
        let target = |de| mapping.combo_target(de, ItemKind::CategoryOptionCombo, "coc");
        assert_eq!(target("de").and_then(Target::id), Some("own"));
        assert_eq!(target("other").and_then(Target::id), Some("global"));
    }
}
