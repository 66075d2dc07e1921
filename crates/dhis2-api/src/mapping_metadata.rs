//! [`Dhis2Client::mapping_metadata`]: one side's metadata as auto-map compares it (sync-core's
//! `mapping::auto::Metadata`): data elements with the option combos of their category combos and
//! the options of their option sets, the attribute option combos (the default one included), the
//! category options those combos are made of, and organisation units with their parents.
//!
//! Read with `fields` in pages, like the destination catalog ([`crate::catalog`]), so that each
//! response stays well under the 256 KB a 2.43 route relays: through the session on the source,
//! through the route or directly on the destination.

use std::collections::BTreeSet;

use sync_core::mapping::auto::{ComboItem, DataElementItem, Metadata, OrgUnitItem};

use crate::client::Dhis2Client;
use crate::error::ApiError;
use crate::transport::Transport;
use crate::wire::{Identified, MappedCategoryCombo, MappedElement, MappedOptionSet, MappedOrgUnit};

/// Ids per `id:in:[…]` filter (URLs near 700 characters).
const IDS_PER_FILTER: usize = 50;
/// ~120 bytes a data element: ~60 KB a page.
const ELEMENTS_PER_PAGE: usize = 500;
const ELEMENT_FIELDS: &str = "id,code,name,categoryCombo[id],optionSet[id]";
/// A combo lists its option combos at ~120 bytes each; 5 combos of 100 are ~60 KB.
const COMBOS_PER_PAGE: usize = 5;
const COMBO_FIELDS: &str = "id,categoryOptionCombos[id,code,name,categoryOptions[id]]";
/// Option sets list their options at ~80 bytes each; 5 sets of 200 are ~80 KB.
const OPTION_SETS_PER_PAGE: usize = 5;
const OPTION_SET_FIELDS: &str = "id,options[id,code,name]";
/// ~80 bytes a category option: ~80 KB a page.
const IDENTIFIED_PER_PAGE: usize = 1_000;
const IDENTIFIED_FIELDS: &str = "id,code,name";
/// ~150 bytes an org unit with its path: ~75 KB a page.
const ORG_UNITS_PER_PAGE: usize = 500;
const ORG_UNIT_FIELDS: &str = "id,code,name,path,parent[id]";

/// Which part of an instance's metadata to read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MetadataScope {
    /// These data elements, or (`None`) every aggregate data element.
    pub data_elements: Option<Vec<String>>,
    /// These org units and their ancestors, or (`None`) every org unit.
    pub org_units: Option<Vec<String>>,
}

impl<T: Transport> Dhis2Client<T> {
    /// The metadata auto-map compares, for `scope` (see the module documentation).
    pub async fn mapping_metadata(&self, scope: &MetadataScope) -> Result<Metadata, ApiError> {
        let elements: Vec<MappedElement> = match &scope.data_elements {
            Some(ids) => self.by_ids("dataElements", ids, ELEMENT_FIELDS).await?,
            None => {
                self.all_pages(
                    "dataElements",
                    "domainType:eq:AGGREGATE",
                    ELEMENT_FIELDS,
                    ELEMENTS_PER_PAGE,
                )
                .await?
            }
        };
        let combo_ids: Vec<String> = distinct(
            elements
                .iter()
                .filter_map(|element| element.category_combo.as_ref().map(|c| c.id.clone())),
        );
        let combos: Vec<(String, Vec<ComboItem>)> = self
            .by_ids_paged::<MappedCategoryCombo>(
                "categoryCombos",
                &combo_ids,
                COMBO_FIELDS,
                COMBOS_PER_PAGE,
            )
            .await?
            .into_iter()
            .map(|combo| {
                let members = combo.category_option_combos.into_iter().map(Into::into);
                (combo.id, members.collect())
            })
            .collect();
        let set_ids: Vec<String> = distinct(
            elements
                .iter()
                .filter_map(|element| element.option_set.as_ref().map(|s| s.id.clone())),
        );
        let option_sets: Vec<MappedOptionSet> = self
            .by_ids_paged(
                "optionSets",
                &set_ids,
                OPTION_SET_FIELDS,
                OPTION_SETS_PER_PAGE,
            )
            .await?;

        // Attribute option combos: the attribute category combos', and the default one (DHIS2
        // fixes the default combo's name, `default`, not always its id).
        let mut attribute_combos: Vec<ComboItem> = Vec::new();
        let attribute: Vec<MappedCategoryCombo> = self
            .all_pages(
                "categoryCombos",
                "dataDimensionType:eq:ATTRIBUTE",
                COMBO_FIELDS,
                COMBOS_PER_PAGE,
            )
            .await?;
        let defaults: Vec<MappedCategoryCombo> = self
            .all_pages(
                "categoryCombos",
                "name:eq:default",
                COMBO_FIELDS,
                COMBOS_PER_PAGE,
            )
            .await?;
        for combo in attribute.into_iter().chain(defaults) {
            attribute_combos.extend(
                combo
                    .category_option_combos
                    .into_iter()
                    .map(ComboItem::from),
            );
        }

        let mut data_elements = Vec::with_capacity(elements.len());
        for element in elements {
            let category_option_combos = element
                .category_combo
                .as_ref()
                .and_then(|id| combos.iter().find(|(combo, _)| *combo == id.id))
                .map(|(_, members)| members.clone())
                .unwrap_or_default();
            let option_set = element.option_set.as_ref().and_then(|set| {
                option_sets.iter().find(|s| s.id == set.id).map(|s| {
                    (
                        s.id.clone(),
                        s.options.iter().cloned().map(Into::into).collect(),
                    )
                })
            });
            data_elements.push(DataElementItem {
                item: element.item.into(),
                category_option_combos,
                option_set,
            });
        }

        let option_ids = distinct(
            data_elements
                .iter()
                .flat_map(|element| &element.category_option_combos)
                .chain(&attribute_combos)
                .flat_map(|combo| combo.category_options.iter().cloned()),
        );
        let category_options: Vec<Identified> = self
            .by_ids_paged(
                "categoryOptions",
                &option_ids,
                IDENTIFIED_FIELDS,
                IDENTIFIED_PER_PAGE,
            )
            .await?;

        let org_units: Vec<MappedOrgUnit> = match &scope.org_units {
            None => {
                self.all_pages("organisationUnits", "", ORG_UNIT_FIELDS, ORG_UNITS_PER_PAGE)
                    .await?
            }
            Some(ids) => {
                let selected: Vec<MappedOrgUnit> = self
                    .by_ids("organisationUnits", ids, ORG_UNIT_FIELDS)
                    .await?;
                // Their ancestors too: a unit matches by name only under its mapped parent.
                let have: BTreeSet<String> = selected.iter().map(|u| u.id().to_owned()).collect();
                let ancestors = distinct(
                    selected
                        .iter()
                        .flat_map(|unit| unit.path.split('/'))
                        .filter(|id| !id.is_empty() && !have.contains(*id))
                        .map(str::to_owned),
                );
                let mut all = selected;
                all.extend(
                    self.by_ids::<MappedOrgUnit>("organisationUnits", &ancestors, ORG_UNIT_FIELDS)
                        .await?,
                );
                all
            }
        };

        Ok(Metadata {
            data_elements,
            attribute_option_combos: attribute_combos,
            category_options: category_options.into_iter().map(Into::into).collect(),
            org_units: org_units.into_iter().map(OrgUnitItem::from).collect(),
        })
    }

    /// Which of `ids` exist in `collection` (`indicators`, `dataElementGroups`, …), e.g. to say
    /// what kind an id imported from elsewhere is without asking for each one (a 404 per unknown
    /// id would be a console error in browsers).
    pub async fn existing_ids(
        &self,
        collection: &str,
        ids: &[String],
    ) -> Result<BTreeSet<String>, ApiError> {
        let found: Vec<Identified> = self.by_ids(collection, ids, "id").await?;
        Ok(found.into_iter().map(|item| item.id).collect())
    }

    async fn by_ids<W: serde::de::DeserializeOwned>(
        &self,
        collection: &str,
        ids: &[String],
        fields: &str,
    ) -> Result<Vec<W>, ApiError> {
        self.by_ids_paged(collection, ids, fields, IDS_PER_FILTER)
            .await
    }

    async fn by_ids_paged<W: serde::de::DeserializeOwned>(
        &self,
        collection: &str,
        ids: &[String],
        fields: &str,
        page_size: usize,
    ) -> Result<Vec<W>, ApiError> {
        let mut items = Vec::new();
        for batch in distinct(ids.iter().cloned()).chunks(IDS_PER_FILTER) {
            let filter = format!("id:in:[{}]", batch.join(","));
            items.extend(
                self.all_pages(collection, &filter, fields, page_size.min(batch.len()))
                    .await?,
            );
        }
        Ok(items)
    }
}

/// Distinct non-empty ids, in order.
fn distinct(ids: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    ids.into_iter()
        .filter(|id| !id.is_empty() && seen.insert(id.clone()))
        .collect()
}
