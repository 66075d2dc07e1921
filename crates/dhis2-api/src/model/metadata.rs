//! Metadata as the app uses it: org units for the tree and selectors, data sets with their data
//! elements and attribute category combo, data elements, groups and category option combos.

/// An id and a name to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdName {
    /// UID.
    pub id: String,
    /// Display name.
    pub name: String,
}

/// Which of the user's org units are the roots of the tree.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum UserOrgUnits {
    /// Data capture org units (`organisationUnits`): where the user may write.
    #[default]
    Capture,
    /// Data view org units (`dataViewOrganisationUnits`): what the user may read; DHIS2 falls
    /// back to the capture units when none are set.
    DataView,
}

/// An organisation unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgUnit {
    /// UID.
    pub id: String,
    /// Display name.
    pub name: String,
    /// `/<root>/…/<id>`.
    pub path: String,
    /// Level, 1 = root.
    pub level: u32,
    /// Number of children, when asked for (the tree's roots and children carry it).
    pub child_count: Option<u32>,
}

impl OrgUnit {
    /// True when the unit has children to unfold (unknown counts as maybe).
    pub fn has_children(&self) -> bool {
        self.child_count != Some(0)
    }

    /// The unit as sync-core's filters know it.
    pub fn to_path(&self) -> sync_core::filter::OrgUnitPath {
        sync_core::filter::OrgUnitPath {
            id: self.id.clone(),
            path: self.path.clone(),
        }
    }
}

/// An org unit found by name, with the names of its ancestors (root first), which tell apart
/// units of the same name and show where to find it in the tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgUnitMatch {
    /// The unit (with its path, to open the tree down to it).
    pub unit: OrgUnit,
    /// Display names of the units on its path above it, root first (unreadable ones left out).
    pub ancestors: Vec<String>,
}

/// One page of an org unit search by name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrgUnitSearch {
    /// The matches of this page, by name.
    pub matches: Vec<OrgUnitMatch>,
    /// How many units match in all pages.
    pub total: u32,
    /// True when a later page holds more matches.
    pub has_more: bool,
}

/// A named org unit level (`/api/organisationUnitLevels`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgUnitLevel {
    /// UID of the level object.
    pub id: String,
    /// Name (`National`, `District`, …).
    pub name: String,
    /// Level number, 1 = root.
    pub level: u32,
}

/// A category with its options.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    /// UID.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Its options, in the category's order.
    pub options: Vec<IdName>,
}

/// A category combo with its categories.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryCombo {
    /// UID (`bjDvmb4bfuf` is the default combo).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Categories in order.
    pub categories: Vec<Category>,
}

/// The default category combo's UID, the same on every instance.
pub const DEFAULT_CATEGORY_COMBO: &str = "bjDvmb4bfuf";

impl CategoryCombo {
    /// True for the default combo (no real categories).
    pub fn is_default(&self) -> bool {
        self.id == DEFAULT_CATEGORY_COMBO
    }
}

/// A data element with what aggregation and the write plan need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataElement {
    /// UID.
    pub id: String,
    /// Display name.
    pub name: String,
    /// `valueType` (`NUMBER`, `INTEGER`, `BOOLEAN`, `TEXT`, …).
    pub value_type: String,
    /// `aggregationType` (`SUM`, `AVERAGE`, `LAST`, …).
    pub aggregation_type: String,
    /// `zeroIsSignificant`.
    pub zero_is_significant: bool,
    /// The category combo's UID (disaggregation).
    pub category_combo_id: String,
    /// Last update of the metadata object, when asked for.
    pub last_updated: Option<String>,
}

impl DataElement {
    /// The data element as sync-core's aggregation options describe it.
    pub fn to_spec(&self) -> sync_core::aggregate::DataElementSpec {
        sync_core::aggregate::DataElementSpec {
            id: self.id.clone(),
            value_type: self.value_type.clone(),
            aggregation_type: self.aggregation_type.clone(),
            zero_is_significant: self.zero_is_significant,
        }
    }
}

/// A data set with its data elements and attribute category combo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataSet {
    /// UID.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Period type name (`Monthly`, …).
    pub period_type: String,
    /// Last update of the metadata object.
    pub last_updated: Option<String>,
    /// The attribute category combo (the default combo when the set has none).
    pub category_combo: CategoryCombo,
    /// Data elements, sorted by name; a data set element's category combo override replaces the
    /// data element's own combo.
    pub data_elements: Vec<DataElement>,
}

/// A data element group as listed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataElementGroupSummary {
    /// UID.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Last update of the metadata object.
    pub last_updated: Option<String>,
}

/// A data element group with its data elements.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataElementGroup {
    /// UID.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Members, sorted by name.
    pub data_elements: Vec<DataElement>,
}

/// A category option combo (a combination of one option per category of a combo).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryOptionCombo {
    /// UID.
    pub id: String,
    /// Display name (the options' names joined by `, `).
    pub name: String,
    /// UIDs of its category options.
    pub category_option_ids: Vec<String>,
}
