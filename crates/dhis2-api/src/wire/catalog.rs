//! Wire shapes read for a destination catalog (reference §3.4) and their conversion, in one
//! place ([`CatalogParts::into_catalog`]), into sync-core's [`DestinationCatalog`].

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Deserializer};
use sync_core::fit::{
    CatalogCategoryOption, CatalogDataElement, CatalogDataInputPeriod, CatalogDataSet,
    CatalogOptionCombo, CatalogOrgUnit, CatalogRequest, CategoryOptionOrgUnits, DestinationCatalog,
    ImportSettings,
};

use super::{IdRef, name_of};
use crate::model::DEFAULT_CATEGORY_COMBO;

fn id_of(reference: Option<IdRef>) -> Option<String> {
    reference.map(|reference| reference.id)
}

/// `dataElements?fields=id,displayName,valueType,aggregationType,zeroIsSignificant,optionSet[id],categoryCombo[id]`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CatalogElement {
    pub(crate) id: String,
    display_name: Option<String>,
    name: Option<String>,
    value_type: Option<String>,
    aggregation_type: Option<String>,
    #[serde(default)]
    zero_is_significant: bool,
    option_set: Option<IdRef>,
    category_combo: Option<IdRef>,
}

impl CatalogElement {
    /// The option set's id, if any.
    pub(crate) fn option_set(&self) -> Option<&str> {
        self.option_set.as_ref().map(|set| set.id.as_str())
    }

    /// The category combo's id (DHIS2's default when absent).
    pub(crate) fn category_combo(&self) -> &str {
        self.category_combo
            .as_ref()
            .map_or(DEFAULT_CATEGORY_COMBO, |combo| combo.id.as_str())
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DataSetElementRef {
    data_element: Option<IdRef>,
    /// Present when the data set overrides the element's combo.
    category_combo: Option<IdRef>,
}

/// `period` of a data input period: `{"id": "202401"}` (some versions add `name`) or the id.
#[derive(Deserialize)]
#[serde(untagged)]
enum PeriodRef {
    Object { id: String },
    Id(String),
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DataInputPeriod {
    period: Option<PeriodRef>,
    opening_date: Option<String>,
    closing_date: Option<String>,
}

/// A number that some versions write as a string, or omit.
fn lenient_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    Ok(
        match Option::<serde_json::Value>::deserialize(deserializer)? {
            Some(serde_json::Value::Number(number)) => number.as_i64().unwrap_or(0),
            Some(serde_json::Value::String(text)) => text.trim().parse().unwrap_or(0),
            _ => 0,
        },
    )
}

/// `dataSets?fields=id,displayName,periodType,categoryCombo[id],dataSetElements[…],expiryDays,…`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CatalogSet {
    pub(crate) id: String,
    display_name: Option<String>,
    name: Option<String>,
    period_type: Option<String>,
    category_combo: Option<IdRef>,
    #[serde(default)]
    data_set_elements: Vec<DataSetElementRef>,
    #[serde(default, deserialize_with = "lenient_number")]
    expiry_days: i64,
    #[serde(default, deserialize_with = "lenient_number")]
    open_future_periods: i64,
    #[serde(default, deserialize_with = "lenient_number")]
    open_periods_after_co_end_date: i64,
    #[serde(default)]
    data_input_periods: Vec<DataInputPeriod>,
    workflow: Option<IdRef>,
}

impl CatalogSet {
    /// The attribute category combo (DHIS2's default when absent) and every combo its elements
    /// override.
    pub(crate) fn category_combos(&self) -> impl Iterator<Item = &str> {
        std::iter::once(
            self.category_combo
                .as_ref()
                .map_or(DEFAULT_CATEGORY_COMBO, |combo| combo.id.as_str()),
        )
        .chain(
            self.data_set_elements
                .iter()
                .filter_map(|element| element.category_combo.as_ref())
                .map(|combo| combo.id.as_str()),
        )
    }
}

/// `categoryOptionCombos?fields=id,categoryCombo[id]`: membership of a combo.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ComboMember {
    id: String,
    category_combo: Option<IdRef>,
}

/// `categoryOptionCombos?fields=id,displayName,categoryCombo[id],categoryOptions[id]`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OptionComboDetail {
    pub(crate) id: String,
    display_name: Option<String>,
    name: Option<String>,
    category_combo: Option<IdRef>,
    #[serde(default)]
    category_options: Vec<IdRef>,
}

impl OptionComboDetail {
    /// Its category options' ids.
    pub(crate) fn category_options(&self) -> impl Iterator<Item = &str> {
        self.category_options
            .iter()
            .map(|option| option.id.as_str())
    }
}

/// `organisationUnits::size` gives a number; a server that ignores the transformer the list.
fn count_or_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    Ok(
        match Option::<serde_json::Value>::deserialize(deserializer)? {
            Some(serde_json::Value::Number(number)) => number.as_u64().unwrap_or(0),
            Some(serde_json::Value::Array(items)) => items.len() as u64,
            _ => 0,
        },
    )
}

/// `categoryOptions?fields=id,displayName,startDate,endDate,organisationUnits::size`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CategoryOptionSummary {
    pub(crate) id: String,
    display_name: Option<String>,
    name: Option<String>,
    start_date: Option<String>,
    end_date: Option<String>,
    #[serde(
        default,
        rename = "organisationUnits",
        deserialize_with = "count_or_list"
    )]
    pub(crate) org_unit_count: u64,
}

/// `categoryOptions?fields=id,organisationUnits[id]`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CategoryOptionUnits {
    id: String,
    #[serde(default)]
    organisation_units: Vec<IdRef>,
}

/// `options?fields=code,optionSet[id]`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OptionCode {
    code: Option<String>,
    option_set: Option<IdRef>,
}

/// `organisationUnits?fields=id,path,dataSets[id]`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OrgUnitAssignment {
    id: String,
    path: Option<String>,
    #[serde(default)]
    data_sets: Vec<IdRef>,
}

/// Everything read for a catalog, before conversion.
#[derive(Default)]
pub(crate) struct CatalogParts {
    pub(crate) data_elements: Vec<CatalogElement>,
    pub(crate) data_sets: Vec<CatalogSet>,
    pub(crate) combo_members: Vec<ComboMember>,
    pub(crate) option_combos: Vec<OptionComboDetail>,
    pub(crate) category_options: Vec<CategoryOptionSummary>,
    pub(crate) category_option_units: Vec<CategoryOptionUnits>,
    pub(crate) option_codes: Vec<OptionCode>,
    pub(crate) org_units: Vec<OrgUnitAssignment>,
    /// `systemSettings` as text (unset keys absent).
    pub(crate) settings: BTreeMap<String, String>,
}

/// A date of a metadata timestamp (`2024-07-01T00:00:00.000`).
fn date_of(text: Option<String>) -> Option<sync_core::date::Date> {
    text?.get(..10)?.parse().ok()
}

impl CatalogParts {
    /// The ids of the option combos read as members of category combos.
    pub(crate) fn combo_member_ids(&self) -> impl Iterator<Item = &str> {
        self.combo_members.iter().map(|member| member.id.as_str())
    }

    /// The catalog, keyed by id; ids of `request` the destination did not answer are missing.
    pub(crate) fn into_catalog(self, request: &CatalogRequest) -> DestinationCatalog {
        let mut catalog = DestinationCatalog::default();
        let mut members: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for member in self.combo_members {
            let combo = id_of(member.category_combo).unwrap_or_default();
            members
                .entry(combo.clone())
                .or_default()
                .push(member.id.clone());
            catalog
                .category_option_combos
                .entry(member.id.clone())
                .or_insert(CatalogOptionCombo {
                    id: member.id,
                    name: String::new(),
                    category_combo: combo,
                    category_options: Vec::new(),
                });
        }
        for combo in self.option_combos {
            let detail = CatalogOptionCombo {
                name: name_of(combo.display_name, combo.name, &combo.id),
                category_combo: id_of(combo.category_combo).unwrap_or_default(),
                category_options: combo
                    .category_options
                    .into_iter()
                    .map(|option| option.id)
                    .collect(),
                id: combo.id,
            };
            catalog
                .category_option_combos
                .insert(detail.id.clone(), detail);
        }
        let mut codes: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for option in self.option_codes {
            if let (Some(code), Some(set)) = (option.code, option.option_set) {
                codes.entry(set.id).or_default().push(code);
            }
        }
        let members_of = |combo: &str| members.get(combo).cloned().unwrap_or_default();
        // Combos the data sets use for each element instead of its own (reference §3.4
        // `dataSetElements[].categoryCombo`): their option combos belong to the element too.
        let mut overrides: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for data_set in self.data_sets {
            let category_combo =
                id_of(data_set.category_combo).unwrap_or_else(|| DEFAULT_CATEGORY_COMBO.into());
            let mut data_elements = Vec::new();
            for element in data_set.data_set_elements {
                let Some(data_element) = id_of(element.data_element) else {
                    continue;
                };
                if let Some(combo) = id_of(element.category_combo) {
                    overrides
                        .entry(data_element.clone())
                        .or_default()
                        .insert(combo);
                }
                data_elements.push(data_element);
            }
            let data_input_periods = data_set
                .data_input_periods
                .into_iter()
                .filter_map(|input| {
                    let period = match input.period? {
                        PeriodRef::Object { id } | PeriodRef::Id(id) => id,
                    };
                    Some(CatalogDataInputPeriod {
                        period,
                        opening: input.opening_date.and_then(|text| text.parse().ok()),
                        closing: input.closing_date.and_then(|text| text.parse().ok()),
                    })
                })
                .collect();
            let converted = CatalogDataSet {
                name: name_of(data_set.display_name, data_set.name, &data_set.id),
                period_type: data_set.period_type.unwrap_or_default(),
                attribute_option_combos: members_of(&category_combo),
                category_combo,
                data_elements,
                expiry_days: data_set.expiry_days,
                open_future_periods: data_set.open_future_periods,
                open_periods_after_category_option_end_date: data_set
                    .open_periods_after_co_end_date,
                data_input_periods,
                approval_workflow: id_of(data_set.workflow),
                id: data_set.id,
            };
            catalog.data_sets.insert(converted.id.clone(), converted);
        }
        for element in self.data_elements {
            let category_combo = element.category_combo().to_string();
            let mut option_combos = members_of(&category_combo);
            for combo in overrides.get(&element.id).into_iter().flatten() {
                for member in members_of(combo) {
                    if !option_combos.contains(&member) {
                        option_combos.push(member);
                    }
                }
            }
            let converted = CatalogDataElement {
                name: name_of(element.display_name, element.name, &element.id),
                value_type: element.value_type.unwrap_or_default(),
                aggregation_type: element.aggregation_type.unwrap_or_default(),
                zero_is_significant: element.zero_is_significant,
                option_codes: element
                    .option_set
                    .map(|set| codes.get(&set.id).cloned().unwrap_or_default()),
                category_combo,
                category_option_combos: option_combos,
                id: element.id,
            };
            catalog
                .data_elements
                .insert(converted.id.clone(), converted);
        }
        let mut units: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for option in self.category_option_units {
            units.insert(
                option.id,
                option
                    .organisation_units
                    .into_iter()
                    .map(|unit| unit.id)
                    .collect(),
            );
        }
        for option in self.category_options {
            let org_units = match units.remove(&option.id) {
                Some(ids) if !ids.is_empty() => CategoryOptionOrgUnits::Only(ids),
                _ => CategoryOptionOrgUnits::All,
            };
            let converted = CatalogCategoryOption {
                name: name_of(option.display_name, option.name, &option.id),
                start_date: date_of(option.start_date),
                end_date: date_of(option.end_date),
                org_units,
                id: option.id,
            };
            catalog
                .category_options
                .insert(converted.id.clone(), converted);
        }
        for unit in self.org_units {
            let converted = CatalogOrgUnit {
                path: unit.path.unwrap_or_else(|| format!("/{}", unit.id)),
                data_sets: unit
                    .data_sets
                    .into_iter()
                    .map(|data_set| data_set.id)
                    .filter(|id| catalog.data_sets.contains_key(id))
                    .collect(),
                id: unit.id,
            };
            catalog.org_units.insert(converted.id.clone(), converted);
        }
        catalog.missing_data_elements = request
            .data_elements
            .iter()
            .filter(|id| !id.is_empty() && !catalog.data_elements.contains_key(*id))
            .cloned()
            .collect();
        catalog.missing_category_option_combos = request
            .category_option_combos
            .iter()
            .chain(&request.attribute_option_combos)
            .filter(|id| !id.is_empty() && !catalog.category_option_combos.contains_key(*id))
            .cloned()
            .collect();
        catalog.missing_org_units = request
            .org_units
            .iter()
            .filter(|id| !id.is_empty() && !catalog.org_units.contains_key(*id))
            .cloned()
            .collect();
        catalog.settings = import_settings(&self.settings);
        catalog
    }
}

/// System setting keys of the import validation (reference §2.5, §5.2).
pub(crate) const IMPORT_SETTING_KEYS: [&str; 10] = [
    "keyDataImportStrictPeriods",
    "keyDataImportStrictDataElements",
    "keyDataImportStrictCategoryOptionCombos",
    "keyDataImportStrictAttributeOptionCombos",
    "keyDataImportStrictOrganisationUnits",
    "keyDataImportStrictDataSetApproval",
    "keyDataImportStrictDataSetLocking",
    "keyDataImportStrictDataSetInputPeriods",
    "keyDataImportRequireCategoryOptionCombo",
    "keyDataImportRequireAttributeOptionCombo",
];

/// The settings as flags: `true` (boolean or text, any case) is on, anything else or absence
/// (the strict data set flags before 2.40) off.
fn import_settings(settings: &BTreeMap<String, String>) -> ImportSettings {
    let on = |key: &str| {
        settings
            .get(key)
            .is_some_and(|value| value.trim().eq_ignore_ascii_case("true"))
    };
    ImportSettings {
        strict_periods: on("keyDataImportStrictPeriods"),
        strict_data_elements: on("keyDataImportStrictDataElements"),
        strict_category_option_combos: on("keyDataImportStrictCategoryOptionCombos"),
        strict_attribute_option_combos: on("keyDataImportStrictAttributeOptionCombos"),
        strict_organisation_units: on("keyDataImportStrictOrganisationUnits"),
        strict_data_set_approval: on("keyDataImportStrictDataSetApproval"),
        strict_data_set_locking: on("keyDataImportStrictDataSetLocking"),
        strict_data_set_input_periods: on("keyDataImportStrictDataSetInputPeriods"),
        require_category_option_combo: on("keyDataImportRequireCategoryOptionCombo"),
        require_attribute_option_combo: on("keyDataImportRequireAttributeOptionCombo"),
    }
}
