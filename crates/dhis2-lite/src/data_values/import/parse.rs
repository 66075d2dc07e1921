//! Reading a data value set (reference §5.1): JSON leniently (numbers and booleans as text,
//! `""` as absent) and CSV by column position, into [`InputValueSet`], and the payload's own
//! options.
//!
//! It must not validate values: that is the rules' work.

use super::options::{ImportOptions, Strategy};
use crate::data_values::IdScheme;

/// One incoming data value (identifiers as given).
#[derive(Debug, Clone, Default)]
pub struct InputValue {
    /// Data element.
    pub data_element: Option<String>,
    /// ISO period.
    pub period: Option<String>,
    /// Org unit.
    pub org_unit: Option<String>,
    /// Category option combo.
    pub category_option_combo: Option<String>,
    /// Attribute option combo.
    pub attribute_option_combo: Option<String>,
    /// Value (`""` → `None`).
    pub value: Option<String>,
    /// Stored by.
    pub stored_by: Option<String>,
    /// Created timestamp text.
    pub created: Option<String>,
    /// Last updated timestamp text.
    pub last_updated: Option<String>,
    /// Comment (`""` → `None`).
    pub comment: Option<String>,
    /// Follow-up flag.
    pub followup: Option<bool>,
    /// Deleted flag.
    pub deleted: Option<bool>,
}

/// An incoming data value set.
#[derive(Debug, Clone, Default)]
pub struct InputValueSet {
    /// Header data set.
    pub data_set: Option<String>,
    /// Header completion date (`true`, `false` or a date).
    pub complete_date: Option<String>,
    /// Header period (overrides values).
    pub period: Option<String>,
    /// Header org unit (overrides values).
    pub org_unit: Option<String>,
    /// Header attribute option combo (overrides values).
    pub attribute_option_combo: Option<String>,
    /// Header attribute category options.
    pub attribute_category_options: Vec<String>,
    /// Payload id scheme.
    pub id_scheme: Option<IdScheme>,
    /// Payload data element id scheme.
    pub data_element_id_scheme: Option<IdScheme>,
    /// Payload org unit id scheme.
    pub org_unit_id_scheme: Option<IdScheme>,
    /// Payload category option combo id scheme.
    pub category_option_combo_id_scheme: Option<IdScheme>,
    /// Payload data set id scheme.
    pub data_set_id_scheme: Option<IdScheme>,
    /// Payload dry run.
    pub dry_run: Option<bool>,
    /// Payload strategy.
    pub strategy: Option<Strategy>,
    /// The values.
    pub values: Vec<InputValue>,
}

impl InputValueSet {
    /// Applies the payload's own options to `options` (they take precedence over URL
    /// parameters).
    pub fn apply_to(&self, options: &mut ImportOptions) {
        if let Some(scheme) = &self.id_scheme {
            options.id_scheme = scheme.clone();
        }
        if self.data_element_id_scheme.is_some() {
            options.data_element_id_scheme = self.data_element_id_scheme.clone();
        }
        if self.org_unit_id_scheme.is_some() {
            options.org_unit_id_scheme = self.org_unit_id_scheme.clone();
        }
        if self.category_option_combo_id_scheme.is_some() {
            options.category_option_combo_id_scheme = self.category_option_combo_id_scheme.clone();
        }
        if self.data_set_id_scheme.is_some() {
            options.data_set_id_scheme = self.data_set_id_scheme.clone();
        }
        if let Some(dry_run) = self.dry_run {
            options.dry_run = dry_run;
        }
        if let Some(strategy) = self.strategy {
            options.strategy = strategy;
        }
    }
}

/// A JSON member read leniently as text: strings (`""` → none), numbers and booleans.
#[derive(Debug, Default)]
struct Text(Option<String>);

impl<'de> serde::Deserialize<'de> for Text {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Text;
            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("a string, number, boolean or null")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Text, E> {
                Ok(Text((!text.is_empty()).then(|| text.to_string())))
            }
            fn visit_string<E: serde::de::Error>(self, text: String) -> Result<Text, E> {
                Ok(Text((!text.is_empty()).then_some(text)))
            }
            fn visit_i64<E: serde::de::Error>(self, number: i64) -> Result<Text, E> {
                Ok(Text(Some(number.to_string())))
            }
            fn visit_u64<E: serde::de::Error>(self, number: u64) -> Result<Text, E> {
                Ok(Text(Some(number.to_string())))
            }
            fn visit_f64<E: serde::de::Error>(self, number: f64) -> Result<Text, E> {
                Ok(Text(Some(number.to_string())))
            }
            fn visit_bool<E: serde::de::Error>(self, flag: bool) -> Result<Text, E> {
                Ok(Text(Some(flag.to_string())))
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Text, E> {
                Ok(Text(None))
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Text, E> {
                Ok(Text(None))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Text(None))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Text, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(Text(None))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl Text {
    fn flag(&self) -> Option<bool> {
        self.0
            .as_deref()
            .map(|text| text.eq_ignore_ascii_case("true"))
    }
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WireValue {
    data_element: Text,
    period: Text,
    org_unit: Text,
    category_option_combo: Text,
    attribute_option_combo: Text,
    value: Text,
    stored_by: Text,
    created: Text,
    last_updated: Text,
    comment: Text,
    followup: Text,
    #[serde(rename = "followUp")]
    follow_up: Text,
    deleted: Text,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct WireSet {
    data_set: Text,
    complete_date: Text,
    period: Text,
    org_unit: Text,
    attribute_option_combo: Text,
    attribute_category_options: Option<Vec<Text>>,
    id_scheme: Text,
    data_element_id_scheme: Text,
    org_unit_id_scheme: Text,
    category_option_combo_id_scheme: Text,
    data_set_id_scheme: Text,
    dry_run: Text,
    strategy: Text,
    data_values: Option<Vec<WireValue>>,
}

/// Parses a JSON data value set; the error text is the parser's message.
pub fn parse_json(bytes: &[u8]) -> Result<InputValueSet, String> {
    let wire: WireSet = serde_json::from_slice(bytes).map_err(|error| error.to_string())?;
    let scheme = |text: &Text| text.0.as_deref().and_then(IdScheme::parse);
    Ok(InputValueSet {
        id_scheme: scheme(&wire.id_scheme),
        data_element_id_scheme: scheme(&wire.data_element_id_scheme),
        org_unit_id_scheme: scheme(&wire.org_unit_id_scheme),
        category_option_combo_id_scheme: scheme(&wire.category_option_combo_id_scheme),
        data_set_id_scheme: scheme(&wire.data_set_id_scheme),
        dry_run: wire.dry_run.flag(),
        strategy: wire.strategy.0.as_deref().and_then(Strategy::parse),
        data_set: wire.data_set.0,
        complete_date: wire.complete_date.0,
        period: wire.period.0,
        org_unit: wire.org_unit.0,
        attribute_option_combo: wire.attribute_option_combo.0,
        attribute_category_options: wire
            .attribute_category_options
            .unwrap_or_default()
            .into_iter()
            .filter_map(|option| option.0)
            .collect(),
        values: wire
            .data_values
            .unwrap_or_default()
            .into_iter()
            .map(|value| InputValue {
                followup: value.followup.flag().or_else(|| value.follow_up.flag()),
                deleted: value.deleted.flag(),
                data_element: value.data_element.0,
                period: value.period.0,
                org_unit: value.org_unit.0,
                category_option_combo: value.category_option_combo.0,
                attribute_option_combo: value.attribute_option_combo.0,
                value: value.value.0,
                stored_by: value.stored_by.0,
                created: value.created.0,
                last_updated: value.last_updated.0,
                comment: value.comment.0,
            })
            .collect(),
    })
}

fn csv_records(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut any = false;
    while let Some(character) = chars.next() {
        any = true;
        if quoted {
            if character == '"' {
                if chars.peek() == Some(&'"') {
                    field.push('"');
                    chars.next();
                } else {
                    quoted = false;
                }
            } else {
                field.push(character);
            }
            continue;
        }
        match character {
            '"' => quoted = true,
            ',' => record.push(std::mem::take(&mut field)),
            '\r' => {}
            '\n' => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                any = false;
            }
            other => field.push(other),
        }
    }
    if any {
        record.push(field);
        records.push(record);
    }
    records
}

/// Parses a CSV data value set (positional columns: data element, period, org unit, category
/// option combo, attribute option combo, value, stored by, last updated, comment, follow-up,
/// deleted).
pub fn parse_csv(bytes: &[u8], first_row_is_header: bool) -> Result<InputValueSet, String> {
    let text = String::from_utf8_lossy(bytes);
    let mut records = csv_records(&text);
    if first_row_is_header && !records.is_empty() {
        records.remove(0);
    }
    let column = |record: &Vec<String>, index: usize| {
        record
            .get(index)
            .map(|text| text.trim().to_string())
            .filter(|text| !text.is_empty())
    };
    let values = records
        .iter()
        .filter(|record| record.iter().any(|field| !field.trim().is_empty()))
        .map(|record| InputValue {
            data_element: column(record, 0),
            period: column(record, 1),
            org_unit: column(record, 2),
            category_option_combo: column(record, 3),
            attribute_option_combo: column(record, 4),
            value: record.get(5).cloned().filter(|value| !value.is_empty()),
            stored_by: column(record, 6),
            created: None,
            last_updated: column(record, 7),
            comment: record.get(8).cloned().filter(|comment| !comment.is_empty()),
            followup: column(record, 9).map(|flag| flag.eq_ignore_ascii_case("true")),
            deleted: column(record, 10).map(|flag| flag.eq_ignore_ascii_case("true")),
        })
        .collect();
    Ok(InputValueSet {
        values,
        ..InputValueSet::default()
    })
}
