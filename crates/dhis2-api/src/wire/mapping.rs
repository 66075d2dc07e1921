//! Wire shapes read for a mapping's auto-map ([`crate::mapping_metadata`]) and their conversion
//! into sync-core's `mapping::auto` items.

use serde::Deserialize;
use sync_core::mapping::auto::{ComboItem, Item, OrgUnitItem};

use super::IdRef;

/// `id,code,name` of any identifiable object.
#[derive(Deserialize, Clone)]
pub(crate) struct Identified {
    pub(crate) id: String,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    name: Option<String>,
}

impl From<Identified> for Item {
    fn from(wire: Identified) -> Item {
        Item {
            name: wire.name.unwrap_or_default(),
            code: wire.code.filter(|code| !code.trim().is_empty()),
            id: wire.id,
        }
    }
}

/// `dataElements?fields=id,code,name,categoryCombo[id],optionSet[id]`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MappedElement {
    #[serde(flatten)]
    pub(crate) item: Identified,
    pub(crate) category_combo: Option<IdRef>,
    pub(crate) option_set: Option<IdRef>,
}

/// `categoryOptionCombos[id,code,name,categoryOptions[id]]`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MappedCombo {
    #[serde(flatten)]
    item: Identified,
    #[serde(default)]
    category_options: Vec<IdRef>,
}

impl From<MappedCombo> for ComboItem {
    fn from(wire: MappedCombo) -> ComboItem {
        ComboItem {
            item: wire.item.into(),
            category_options: wire.category_options.into_iter().map(|o| o.id).collect(),
        }
    }
}

/// `categoryCombos?fields=id,categoryOptionCombos[…]`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct MappedCategoryCombo {
    pub(crate) id: String,
    #[serde(default)]
    pub(crate) category_option_combos: Vec<MappedCombo>,
}

/// `optionSets?fields=id,options[id,code,name]`.
#[derive(Deserialize)]
pub(crate) struct MappedOptionSet {
    pub(crate) id: String,
    #[serde(default)]
    pub(crate) options: Vec<Identified>,
}

/// `organisationUnits?fields=id,code,name,path,parent[id]`.
#[derive(Deserialize)]
pub(crate) struct MappedOrgUnit {
    #[serde(flatten)]
    item: Identified,
    #[serde(default)]
    pub(crate) path: String,
    parent: Option<IdRef>,
}

impl MappedOrgUnit {
    /// Its id.
    pub(crate) fn id(&self) -> &str {
        &self.item.id
    }
}

impl From<MappedOrgUnit> for OrgUnitItem {
    fn from(wire: MappedOrgUnit) -> OrgUnitItem {
        OrgUnitItem {
            item: wire.item.into(),
            parent: wire.parent.map(|parent| parent.id),
        }
    }
}
