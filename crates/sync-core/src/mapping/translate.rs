//! Applying a [`Mapping`] to data values: every id of a value translated to the destination's,
//! or the reason the value is left out.
//!
//! A category option combo (or attribute option combo) without a combo mapping of its own is
//! rebuilt, as MetaData Synchronization does: its category options are mapped one by one, and the
//! destination combo made of exactly the mapped options (among the destination data element's
//! combos, or the destination's attribute combos) is the one. Translations of combos are cached:
//! a run repeats a few thousand id combinations over up to millions of values.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use super::{ItemKind, Mapping, Target};

/// A combo with its category options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Combo {
    /// Its id.
    pub id: String,
    /// The ids of its category options.
    pub category_options: Vec<String>,
}

/// What the translation needs to know about both sides beyond the mapping itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MappingMetadata {
    /// Source data element → its option set, for data elements with one (values of a set the
    /// mapping has no options for are sent as they are).
    pub source_option_sets: BTreeMap<String, String>,
    /// Source category option combos and attribute option combos → their category options.
    pub source_combo_options: BTreeMap<String, Vec<String>>,
    /// Destination data element → the combos of its category combo.
    pub destination_element_combos: BTreeMap<String, Vec<Combo>>,
    /// The destination's attribute option combos.
    pub destination_attribute_combos: Vec<Combo>,
}

/// The ids of one source value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceIds<'a> {
    /// Data element.
    pub data_element: &'a str,
    /// Category option combo.
    pub category_option_combo: &'a str,
    /// Attribute option combo.
    pub attribute_option_combo: &'a str,
    /// Organisation unit.
    pub org_unit: &'a str,
    /// The value (an option's code for data elements with an option set).
    pub value: &'a str,
}

/// The destination's ids of a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DestinationIds {
    /// Data element.
    pub data_element: String,
    /// Category option combo.
    pub category_option_combo: String,
    /// Attribute option combo.
    pub attribute_option_combo: String,
    /// Organisation unit.
    pub org_unit: String,
    /// The destination option's code, when the value is an option that maps to another code.
    pub value: Option<String>,
}

/// Why a value is left out.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LeftOut {
    /// The mapping excludes this item.
    Excluded {
        /// Its kind.
        kind: ItemKind,
        /// The source's id (an option's code for options).
        id: String,
    },
    /// The mapping has nothing for this item.
    Unmapped {
        /// Its kind.
        kind: ItemKind,
        /// The source's id (an option's code for options).
        id: String,
    },
    /// A combo without a mapping of its own whose mapped category options make no combo of the
    /// destination data element (or no attribute combo of the destination).
    NoMatchingCombo {
        /// Category option combo or attribute option combo.
        kind: ItemKind,
        /// The source combo.
        id: String,
        /// The destination data element whose combos were searched.
        destination_data_element: String,
    },
}

impl fmt::Display for LeftOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LeftOut::Excluded { kind, id } => {
                write!(
                    f,
                    "the destination's mapping excludes {} {id}",
                    kind.label()
                )
            }
            LeftOut::Unmapped { kind, id } => {
                write!(
                    f,
                    "{} {id} is not mapped for this destination",
                    kind.label()
                )
            }
            LeftOut::NoMatchingCombo {
                kind,
                id,
                destination_data_element,
            } => write!(
                f,
                "{} {id}: its mapped category options make no combo of the destination's data \
                 element {destination_data_element}",
                kind.label()
            ),
        }
    }
}

/// A mapping with the metadata it needs, ready to translate values.
#[derive(Debug)]
pub struct Translator {
    mapping: Mapping,
    metadata: MappingMetadata,
    /// (source data element, kind, source combo) → translation.
    combos: HashMap<(String, ItemKind, String), Result<String, LeftOut>>,
}

impl Translator {
    /// A translator for `mapping` with the metadata of both sides.
    pub fn new(mapping: Mapping, metadata: MappingMetadata) -> Translator {
        Translator {
            mapping,
            metadata,
            combos: HashMap::new(),
        }
    }

    /// The mapping it applies.
    pub fn mapping(&self) -> &Mapping {
        &self.mapping
    }

    /// The destination's ids of `value`, or why it is left out (the first reason found: data
    /// element, org unit, combos, option).
    pub fn translate(&mut self, value: SourceIds<'_>) -> Result<DestinationIds, LeftOut> {
        let data_element = match self.mapping.data_elements.get(value.data_element) {
            Some(mapping) => target_id(&mapping.target, ItemKind::DataElement, value.data_element)?,
            None => return Err(unmapped(ItemKind::DataElement, value.data_element)),
        }
        .to_owned();
        let org_unit = match self.mapping.org_units.get(value.org_unit) {
            Some(target) => target_id(target, ItemKind::OrganisationUnit, value.org_unit)?,
            None => return Err(unmapped(ItemKind::OrganisationUnit, value.org_unit)),
        }
        .to_owned();
        let category_option_combo = self.combo(
            value.data_element,
            &data_element,
            ItemKind::CategoryOptionCombo,
            value.category_option_combo,
        )?;
        let attribute_option_combo = self.combo(
            value.data_element,
            &data_element,
            ItemKind::AttributeOptionCombo,
            value.attribute_option_combo,
        )?;
        let value = self.option(value.data_element, value.value)?;
        Ok(DestinationIds {
            data_element,
            category_option_combo,
            attribute_option_combo,
            org_unit,
            value,
        })
    }

    fn combo(
        &mut self,
        data_element: &str,
        destination_data_element: &str,
        kind: ItemKind,
        id: &str,
    ) -> Result<String, LeftOut> {
        let key = (data_element.to_owned(), kind, id.to_owned());
        if let Some(found) = self.combos.get(&key) {
            return found.clone();
        }
        let found = self.find_combo(data_element, destination_data_element, kind, id);
        self.combos.insert(key, found.clone());
        found
    }

    fn find_combo(
        &self,
        data_element: &str,
        destination_data_element: &str,
        kind: ItemKind,
        id: &str,
    ) -> Result<String, LeftOut> {
        if let Some(target) = self.mapping.combo_target(data_element, kind, id) {
            return target_id(target, kind, id).map(str::to_owned);
        }
        // Rebuild from the combo's category options.
        let Some(options) = self.metadata.source_combo_options.get(id) else {
            return Err(unmapped(kind, id));
        };
        let mut mapped = BTreeSet::new();
        for option in options {
            match self
                .mapping
                .combo_target(data_element, ItemKind::CategoryOption, option)
            {
                Some(target) => {
                    mapped.insert(target_id(target, ItemKind::CategoryOption, option)?);
                }
                None => return Err(unmapped(kind, id)),
            }
        }
        let candidates = match kind {
            ItemKind::AttributeOptionCombo => &self.metadata.destination_attribute_combos[..],
            _ => self
                .metadata
                .destination_element_combos
                .get(destination_data_element)
                .map_or(&[][..], Vec::as_slice),
        };
        candidates
            .iter()
            .find(|combo| {
                combo.category_options.len() == mapped.len()
                    && combo
                        .category_options
                        .iter()
                        .all(|option| mapped.contains(option.as_str()))
            })
            .map(|combo| combo.id.clone())
            .ok_or_else(|| LeftOut::NoMatchingCombo {
                kind,
                id: id.to_owned(),
                destination_data_element: destination_data_element.to_owned(),
            })
    }

    fn option(&self, data_element: &str, value: &str) -> Result<Option<String>, LeftOut> {
        // An option set without a mapping sends its codes as they are (both sides share them,
        // or the destination's data element has no option set); one with a mapping must map
        // every code it sends.
        let Some(options) = self
            .metadata
            .source_option_sets
            .get(data_element)
            .and_then(|option_set| self.mapping.options.get(option_set))
        else {
            return Ok(None);
        };
        match options.get(value) {
            Some(target) => {
                let code = target_id(target, ItemKind::Option, value)?;
                Ok((code != value).then(|| code.to_owned()))
            }
            None => Err(unmapped(ItemKind::Option, value)),
        }
    }
}

fn target_id<'t>(target: &'t Target, kind: ItemKind, id: &str) -> Result<&'t str, LeftOut> {
    match target {
        Target::Mapped { id, .. } => Ok(id),
        Target::Excluded => Err(LeftOut::Excluded {
            kind,
            id: id.to_owned(),
        }),
    }
}

fn unmapped(kind: ItemKind, id: &str) -> LeftOut {
    LeftOut::Unmapped {
        kind,
        id: id.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::DataElementMapping;

    fn combo(id: &str, options: &[&str]) -> Combo {
        Combo {
            id: id.into(),
            category_options: options.iter().map(|o| o.to_string()).collect(),
        }
    }

    /// Source "deA" (sex × age, option set "osA") → destination "deB" whose combos are made of
    /// other option ids; org unit "ou1" → "ouX".
    fn translator() -> Translator {
        let mut mapping = Mapping::new("dest");
        mapping.data_elements.insert(
            "deA".into(),
            DataElementMapping::new(Target::by_hand("deB")),
        );
        mapping
            .data_elements
            .insert("deOff".into(), DataElementMapping::new(Target::Excluded));
        mapping
            .org_units
            .insert("ou1".into(), Target::by_hand("ouX"));
        for (source, destination) in [("male", "M"), ("female", "F"), ("young", "Y")] {
            mapping
                .category_options
                .insert(source.into(), Target::by_hand(destination));
        }
        mapping
            .category_options
            .insert("old".into(), Target::Excluded);
        mapping
            .attribute_option_combos
            .insert("aocDefault".into(), Target::by_hand("HllvX50cXC0"));
        mapping
            .category_option_combos
            .insert("cocDirect".into(), Target::by_hand("cocD"));
        mapping.options.insert(
            "osA".into(),
            [
                ("POS".to_string(), Target::by_hand("POSITIVE")),
                ("NEG".to_string(), Target::by_hand("NEG")),
                ("UNK".to_string(), Target::Excluded),
            ]
            .into(),
        );
        let metadata = MappingMetadata {
            source_option_sets: [("deA".to_string(), "osA".to_string())].into(),
            source_combo_options: [
                (
                    "cocMaleYoung".to_string(),
                    vec!["male".into(), "young".into()],
                ),
                (
                    "cocFemaleOld".to_string(),
                    vec!["female".into(), "old".into()],
                ),
                ("cocOrphan".to_string(), vec!["unknownOption".into()]),
                (
                    "cocFemaleYoung".to_string(),
                    vec!["female".into(), "young".into()],
                ),
            ]
            .into(),
            destination_element_combos: [(
                "deB".to_string(),
                vec![combo("cocYM", &["Y", "M"]), combo("cocD", &["D"])],
            )]
            .into(),
            destination_attribute_combos: vec![],
        };
        Translator::new(mapping, metadata)
    }

    fn ids<'a>(coc: &'a str, value: &'a str) -> SourceIds<'a> {
        SourceIds {
            data_element: "deA",
            category_option_combo: coc,
            attribute_option_combo: "aocDefault",
            org_unit: "ou1",
            value,
        }
    }

    #[test]
    fn a_combo_is_rebuilt_from_its_mapped_options_whatever_their_order() {
        let mut translator = translator();
        let translated = translator.translate(ids("cocMaleYoung", "POS")).unwrap();
        assert_eq!(
            translated,
            DestinationIds {
                data_element: "deB".into(),
                category_option_combo: "cocYM".into(),
                attribute_option_combo: "HllvX50cXC0".into(),
                org_unit: "ouX".into(),
                value: Some("POSITIVE".into()),
            }
        );
        // The same code on both sides keeps the value as it is.
        let same = translator.translate(ids("cocDirect", "NEG")).unwrap();
        assert_eq!(same.category_option_combo, "cocD");
        assert_eq!(same.value, None);
    }

    #[test]
    fn every_reason_to_leave_a_value_out_names_the_item() {
        let mut translator = translator();
        let excluded_option = translator
            .translate(ids("cocFemaleOld", "POS"))
            .unwrap_err();
        assert_eq!(
            excluded_option,
            LeftOut::Excluded {
                kind: ItemKind::CategoryOption,
                id: "old".into()
            }
        );
        assert_eq!(
            translator.translate(ids("cocOrphan", "POS")).unwrap_err(),
            LeftOut::Unmapped {
                kind: ItemKind::CategoryOptionCombo,
                id: "cocOrphan".into()
            }
        );
        let no_combo = translator
            .translate(ids("cocFemaleYoung", "POS"))
            .unwrap_err();
        assert!(matches!(no_combo, LeftOut::NoMatchingCombo { .. }));
        assert!(no_combo.to_string().contains("deB"), "{no_combo}");
        assert_eq!(
            translator.translate(ids("cocDirect", "UNK")).unwrap_err(),
            LeftOut::Excluded {
                kind: ItemKind::Option,
                id: "UNK".into()
            }
        );
        assert_eq!(
            translator.translate(ids("cocDirect", "MAYBE")).unwrap_err(),
            LeftOut::Unmapped {
                kind: ItemKind::Option,
                id: "MAYBE".into()
            }
        );
        let mut other_org_unit = ids("cocDirect", "POS");
        other_org_unit.org_unit = "ou2";
        assert_eq!(
            translator
                .translate(other_org_unit)
                .unwrap_err()
                .to_string(),
            "organisation unit ou2 is not mapped for this destination"
        );
        let mut excluded = ids("cocDirect", "POS");
        excluded.data_element = "deOff";
        assert_eq!(
            translator.translate(excluded).unwrap_err().to_string(),
            "the destination's mapping excludes data element deOff"
        );
    }
}
