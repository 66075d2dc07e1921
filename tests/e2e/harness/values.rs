//! Data values as the tests compare them: the key of a row and the live values of a
//! `/api/dataValueSets` answer.

use std::collections::BTreeMap;

use serde_json::{Value, json};

/// A value as compared: (data element, period, org unit, coc, aoc) → value.
pub type Values = BTreeMap<(String, String, String, String, String), String>;

/// The key of a data value row: (data element, period, org unit, coc, aoc).
pub fn key_of(value: &Value) -> (String, String, String, String, String) {
    let text = |key: &str| value[key].as_str().unwrap_or_default().to_string();
    (
        text("dataElement"),
        text("period"),
        text("orgUnit"),
        text("categoryOptionCombo"),
        text("attributeOptionCombo"),
    )
}

/// The values of a data value set that are not deleted, by key.
pub fn values_of(set: &Value) -> Values {
    set["dataValues"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter(|v| v["deleted"] != json!(true))
        .map(|v| {
            (
                key_of(v),
                v["value"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}
