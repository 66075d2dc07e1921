//! Wire shapes of metadata objects (reference §3) and their conversion to [`crate::model`].

use serde::{Deserialize, Deserializer};

use super::{IdRef, name_of};
use crate::model;

/// `children::size` gives a number; a server that ignores the transformer gives `[{id}]`.
fn count_or_list<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    let value = Option::<serde_json::Value>::deserialize(deserializer)?;
    Ok(match value {
        Some(serde_json::Value::Number(number)) => number.as_u64().map(|n| n as u32),
        Some(serde_json::Value::Array(items)) => Some(items.len() as u32),
        _ => None,
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OrgUnit {
    pub(crate) id: String,
    pub(crate) display_name: Option<String>,
    pub(crate) name: Option<String>,
    #[serde(default)]
    pub(crate) path: String,
    #[serde(default)]
    pub(crate) level: u32,
    #[serde(default, deserialize_with = "count_or_list")]
    pub(crate) children: Option<u32>,
}

impl From<OrgUnit> for model::OrgUnit {
    fn from(unit: OrgUnit) -> model::OrgUnit {
        let path = if unit.path.is_empty() {
            format!("/{}", unit.id)
        } else {
            unit.path
        };
        let level = if unit.level == 0 {
            path.matches('/').count() as u32
        } else {
            unit.level
        };
        model::OrgUnit {
            name: name_of(unit.display_name, unit.name, &unit.id),
            id: unit.id,
            path,
            level,
            child_count: unit.children,
        }
    }
}

/// `/api/organisationUnits/{id}?fields=children[…]`.
#[derive(Deserialize)]
pub(crate) struct OrgUnitChildren {
    #[serde(default)]
    pub(crate) children: Vec<OrgUnit>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OrgUnitLevel {
    pub(crate) id: String,
    pub(crate) display_name: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) level: u32,
}

impl From<OrgUnitLevel> for model::OrgUnitLevel {
    fn from(level: OrgUnitLevel) -> model::OrgUnitLevel {
        model::OrgUnitLevel {
            name: name_of(
                level.display_name,
                level.name,
                &format!("Level {}", level.level),
            ),
            id: level.id,
            level: level.level,
        }
    }
}

/// Anything identifiable listed for its name.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Named {
    pub(crate) id: String,
    pub(crate) display_name: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) last_updated: Option<String>,
}

impl From<Named> for model::IdName {
    fn from(named: Named) -> model::IdName {
        model::IdName {
            name: name_of(named.display_name, named.name, &named.id),
            id: named.id,
        }
    }
}

impl From<Named> for model::DataElementGroupSummary {
    fn from(named: Named) -> model::DataElementGroupSummary {
        model::DataElementGroupSummary {
            name: name_of(named.display_name, named.name, &named.id),
            id: named.id,
            last_updated: named.last_updated,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Category {
    pub(crate) id: String,
    pub(crate) display_name: Option<String>,
    pub(crate) name: Option<String>,
    #[serde(default)]
    pub(crate) category_options: Vec<Named>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CategoryCombo {
    pub(crate) id: String,
    pub(crate) display_name: Option<String>,
    pub(crate) name: Option<String>,
    #[serde(default)]
    pub(crate) categories: Vec<Category>,
}

impl From<CategoryCombo> for model::CategoryCombo {
    fn from(combo: CategoryCombo) -> model::CategoryCombo {
        model::CategoryCombo {
            name: name_of(combo.display_name, combo.name, &combo.id),
            id: combo.id,
            categories: combo
                .categories
                .into_iter()
                .map(|category| model::Category {
                    name: name_of(category.display_name, category.name, &category.id),
                    id: category.id,
                    options: category
                        .category_options
                        .into_iter()
                        .map(model::IdName::from)
                        .collect(),
                })
                .collect(),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DataElement {
    pub(crate) id: String,
    pub(crate) display_name: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) value_type: Option<String>,
    pub(crate) aggregation_type: Option<String>,
    #[serde(default)]
    pub(crate) zero_is_significant: bool,
    pub(crate) category_combo: Option<IdRef>,
    pub(crate) last_updated: Option<String>,
}

impl From<DataElement> for model::DataElement {
    fn from(element: DataElement) -> model::DataElement {
        model::DataElement {
            name: name_of(element.display_name, element.name, &element.id),
            id: element.id,
            value_type: element.value_type.unwrap_or_default(),
            aggregation_type: element.aggregation_type.unwrap_or_default(),
            zero_is_significant: element.zero_is_significant,
            category_combo_id: element
                .category_combo
                .map(|combo| combo.id)
                .unwrap_or_else(|| model::DEFAULT_CATEGORY_COMBO.to_string()),
            last_updated: element.last_updated,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DataSetElement {
    pub(crate) data_element: Option<DataElement>,
    /// Present only when the data set overrides the data element's combo.
    pub(crate) category_combo: Option<IdRef>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DataSetDetail {
    pub(crate) id: String,
    pub(crate) display_name: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) period_type: Option<String>,
    pub(crate) last_updated: Option<String>,
    pub(crate) category_combo: Option<CategoryCombo>,
    #[serde(default)]
    pub(crate) data_set_elements: Vec<DataSetElement>,
}

impl From<DataSetDetail> for model::DataSet {
    fn from(data_set: DataSetDetail) -> model::DataSet {
        let mut data_elements: Vec<model::DataElement> = data_set
            .data_set_elements
            .into_iter()
            .filter_map(|element| {
                let mut data_element = model::DataElement::from(element.data_element?);
                if let Some(combo) = element.category_combo {
                    data_element.category_combo_id = combo.id;
                }
                Some(data_element)
            })
            .collect();
        sort_by_name(&mut data_elements, |element| (&element.name, &element.id));
        let category_combo = data_set
            .category_combo
            .map(model::CategoryCombo::from)
            .unwrap_or_else(|| model::CategoryCombo {
                id: model::DEFAULT_CATEGORY_COMBO.to_string(),
                name: "default".to_string(),
                categories: Vec::new(),
            });
        model::DataSet {
            name: name_of(data_set.display_name, data_set.name, &data_set.id),
            id: data_set.id,
            period_type: data_set.period_type.unwrap_or_default(),
            last_updated: data_set.last_updated,
            category_combo,
            data_elements,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DataElementGroup {
    pub(crate) id: String,
    pub(crate) display_name: Option<String>,
    pub(crate) name: Option<String>,
    #[serde(default)]
    pub(crate) data_elements: Vec<DataElement>,
}

impl From<DataElementGroup> for model::DataElementGroup {
    fn from(group: DataElementGroup) -> model::DataElementGroup {
        let mut data_elements: Vec<model::DataElement> = group
            .data_elements
            .into_iter()
            .map(model::DataElement::from)
            .collect();
        sort_by_name(&mut data_elements, |element| (&element.name, &element.id));
        model::DataElementGroup {
            name: name_of(group.display_name, group.name, &group.id),
            id: group.id,
            data_elements,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct CategoryOptionCombo {
    pub(crate) id: String,
    pub(crate) display_name: Option<String>,
    pub(crate) name: Option<String>,
    #[serde(default)]
    pub(crate) category_options: Vec<IdRef>,
}

impl From<CategoryOptionCombo> for model::CategoryOptionCombo {
    fn from(combo: CategoryOptionCombo) -> model::CategoryOptionCombo {
        model::CategoryOptionCombo {
            name: name_of(combo.display_name, combo.name, &combo.id),
            id: combo.id,
            category_option_ids: combo
                .category_options
                .into_iter()
                .map(|option| option.id)
                .collect(),
        }
    }
}

/// Sorts case-insensitively by name, then by id, as DHIS2 orders lists by default.
pub(crate) fn sort_by_name<T>(items: &mut [T], key: impl Fn(&T) -> (&String, &String)) {
    items.sort_by(|a, b| {
        let (a_name, a_id) = key(a);
        let (b_name, b_id) = key(b);
        a_name
            .to_lowercase()
            .cmp(&b_name.to_lowercase())
            .then_with(|| a_id.cmp(b_id))
    });
}
