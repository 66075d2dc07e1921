//! Owned data values as planning, diffing, writing and conflict reporting see them, keyed by
//! (data element, period, org unit, category option combo, attribute option combo).
//!
//! Simple `String` ids on purpose: the fast interned reader converts into these at the edge.
//! Values differing only in their attribute option combo are different values, always.

use serde::{Deserialize, Deserializer, Serialize};

/// DHIS2's default category option combo, used when a value names none.
pub const DEFAULT_CATEGORY_OPTION_COMBO: &str = "HllvX50cXC0";

/// One data value, as `/api/dataValueSets` exports it (the fields a sync needs).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataValue {
    /// Data element id.
    pub data_element: String,
    /// ISO period id.
    pub period: String,
    /// Org unit id.
    pub org_unit: String,
    /// Category option combo id (missing or null = default).
    #[serde(default = "default_combo", deserialize_with = "combo_or_default")]
    pub category_option_combo: String,
    /// Attribute option combo id (missing or null = default).
    #[serde(default = "default_combo", deserialize_with = "combo_or_default")]
    pub attribute_option_combo: String,
    /// The value as text; `None` when the value was null.
    #[serde(default)]
    pub value: Option<String>,
    /// Comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// Follow-up flag.
    #[serde(
        default,
        deserialize_with = "bool_or_false",
        skip_serializing_if = "is_false"
    )]
    pub followup: bool,
    /// True for a value deleted at the source (only read with `includeDeleted=true`).
    #[serde(
        default,
        deserialize_with = "bool_or_false",
        skip_serializing_if = "is_false"
    )]
    pub deleted: bool,
    /// Last update at the source, as exported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<String>,
}

fn default_combo() -> String {
    DEFAULT_CATEGORY_OPTION_COMBO.to_string()
}

fn combo_or_default<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let value = Option::<String>::deserialize(deserializer)?;
    Ok(value
        .filter(|id| !id.is_empty())
        .unwrap_or_else(default_combo))
}

fn bool_or_false<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(deserializer)?.unwrap_or(false))
}

fn is_false(flag: &bool) -> bool {
    !*flag
}

impl DataValue {
    /// A value with default option combos and no comment.
    pub fn new(data_element: &str, period: &str, org_unit: &str, value: &str) -> DataValue {
        DataValue {
            data_element: data_element.to_string(),
            period: period.to_string(),
            org_unit: org_unit.to_string(),
            category_option_combo: default_combo(),
            attribute_option_combo: default_combo(),
            value: Some(value.to_string()),
            comment: None,
            followup: false,
            deleted: false,
            last_updated: None,
        }
    }

    /// The same value with other option combos.
    pub fn with_combos(
        mut self,
        category_option_combo: &str,
        attribute_option_combo: &str,
    ) -> Self {
        self.category_option_combo = category_option_combo.to_string();
        self.attribute_option_combo = attribute_option_combo.to_string();
        self
    }

    /// The identity of the value.
    pub fn key(&self) -> ValueKey {
        ValueKey {
            data_element: self.data_element.clone(),
            period: self.period.clone(),
            org_unit: self.org_unit.clone(),
            category_option_combo: normalise_combo(&self.category_option_combo),
            attribute_option_combo: normalise_combo(&self.attribute_option_combo),
        }
    }

    /// True when value and comment are both absent (DHIS2 `isNullValue`).
    pub fn is_null(&self) -> bool {
        self.value.as_deref().is_none_or(str::is_empty)
            && self.comment.as_deref().is_none_or(str::is_empty)
    }
}

fn normalise_combo(id: &str) -> String {
    if id.is_empty() {
        default_combo()
    } else {
        id.to_string()
    }
}

/// Identity of a data value. Ordered by data element, period, org unit, then combos.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ValueKey {
    /// Data element id.
    pub data_element: String,
    /// ISO period id.
    pub period: String,
    /// Org unit id.
    pub org_unit: String,
    /// Category option combo id.
    pub category_option_combo: String,
    /// Attribute option combo id.
    pub attribute_option_combo: String,
}

/// The body of a `/api/dataValueSets` response as far as planning needs it: `dataValues`,
/// missing (2.36/2.37 empty result `{}`) meaning none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataValueSet {
    /// The values.
    #[serde(default, deserialize_with = "values_or_empty")]
    pub data_values: Vec<DataValue>,
}

fn values_or_empty<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<DataValue>, D::Error> {
    Ok(Option::<Vec<DataValue>>::deserialize(deserializer)?.unwrap_or_default())
}
