//! Data values: id schemes, timestamps, value-type validation (reference §5.5), and the export
//! (§4) and import (§5) engines over the `datavalue` table. No HTTP here.

pub mod export;
pub mod import;
pub mod locking;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::metadata::{Catalog, CategoryOptionComboInfo, DataElementInfo, OrgUnitInfo};

/// How objects are identified in input or output.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum IdScheme {
    /// By UID (default).
    #[default]
    Uid,
    /// By code.
    Code,
    /// By name.
    Name,
    /// By the value of the attribute with this UID (`attributeValues` of the object); exports
    /// write UIDs under it.
    Attribute(String),
}

impl IdScheme {
    /// Parses `UID`, `CODE`, `NAME` or `ATTRIBUTE:<uid>` (case-insensitive).
    pub fn parse(text: &str) -> Option<Self> {
        let upper = text.trim().to_ascii_uppercase();
        match upper.as_str() {
            "UID" | "ID" => Some(Self::Uid),
            "CODE" => Some(Self::Code),
            "NAME" => Some(Self::Name),
            _ => upper
                .strip_prefix("ATTRIBUTE:")
                .map(|_| Self::Attribute(text.trim()[10..].to_string())),
        }
    }

    /// DHIS2's name of the scheme.
    pub fn name(&self) -> String {
        match self {
            Self::Uid => "UID".into(),
            Self::Code => "CODE".into(),
            Self::Name => "NAME".into(),
            Self::Attribute(uid) => format!("ATTRIBUTE:{uid}"),
        }
    }

    /// The key an incoming identifier is matched against under this scheme: the object's UID,
    /// code, name or value of the scheme's attribute; `None` when the object has no such
    /// property, so a lookup by code (or attribute) never finds an object by its UID.
    pub fn lookup_key<'a>(
        &self,
        uid: &'a str,
        code: Option<&'a str>,
        name: &'a str,
        attribute_values: &'a [(String, String)],
    ) -> Option<&'a str> {
        match self {
            Self::Uid => Some(uid),
            Self::Code => code,
            Self::Name => Some(name),
            Self::Attribute(attribute) => attribute_values
                .iter()
                .find(|(uid, _)| uid == attribute)
                .map(|(_, value)| value.as_str()),
        }
    }

    /// The identifier of an object with these properties under this scheme, as an export
    /// writes it (its UID when it has no code).
    pub fn identifier<'a>(&self, uid: &'a str, code: Option<&'a str>, name: &'a str) -> &'a str {
        match self {
            Self::Uid | Self::Attribute(_) => uid,
            Self::Code => code.unwrap_or(uid),
            Self::Name => name,
        }
    }
}

/// Identifier of an org unit.
pub fn org_unit_identifier<'a>(scheme: &IdScheme, unit: &'a OrgUnitInfo) -> &'a str {
    scheme.identifier(&unit.uid, unit.code.as_deref(), &unit.name)
}

/// Identifier of a data element.
pub fn data_element_identifier<'a>(scheme: &IdScheme, element: &'a DataElementInfo) -> &'a str {
    scheme.identifier(&element.uid, element.code.as_deref(), &element.name)
}

/// Identifier of a category option combo.
pub fn option_combo_identifier<'a>(
    scheme: &IdScheme,
    combo: &'a CategoryOptionComboInfo,
) -> &'a str {
    scheme.identifier(&combo.uid, combo.code.as_deref(), &combo.name)
}

/// Index lookups of a catalog under one id scheme.
#[derive(Debug, Default)]
pub struct Resolver {
    data_elements: std::collections::HashMap<String, usize>,
    org_units: std::collections::HashMap<String, usize>,
    option_combos: std::collections::HashMap<String, usize>,
    data_sets: std::collections::HashMap<String, usize>,
}

impl Resolver {
    /// Builds lookups for the given schemes.
    pub fn new(
        catalog: &Catalog,
        data_element_scheme: &IdScheme,
        org_unit_scheme: &IdScheme,
        option_combo_scheme: &IdScheme,
        data_set_scheme: &IdScheme,
    ) -> Self {
        fn index<'c, T: 'c>(
            items: &'c [T],
            scheme: &IdScheme,
            key: impl Fn(&'c T) -> (&'c str, Option<&'c str>, &'c str, &'c [(String, String)]),
        ) -> std::collections::HashMap<String, usize> {
            items
                .iter()
                .enumerate()
                .filter_map(|(position, item)| {
                    let (uid, code, name, attributes) = key(item);
                    scheme
                        .lookup_key(uid, code, name, attributes)
                        .map(|identifier| (identifier.to_string(), position))
                })
                .collect()
        }
        Self {
            data_elements: index(&catalog.data_elements, data_element_scheme, |element| {
                (
                    &element.uid,
                    element.code.as_deref(),
                    &element.name,
                    &element.attribute_values,
                )
            }),
            org_units: index(&catalog.org_units, org_unit_scheme, |unit| {
                (
                    &unit.uid,
                    unit.code.as_deref(),
                    &unit.name,
                    &unit.attribute_values,
                )
            }),
            option_combos: index(
                &catalog.category_option_combos,
                option_combo_scheme,
                |combo| {
                    (
                        &combo.uid,
                        combo.code.as_deref(),
                        &combo.name,
                        &combo.attribute_values,
                    )
                },
            ),
            data_sets: index(&catalog.data_sets, data_set_scheme, |data_set| {
                (
                    &data_set.uid,
                    data_set.code.as_deref(),
                    &data_set.name,
                    &data_set.attribute_values,
                )
            }),
        }
    }

    /// Data element index.
    pub fn data_element(&self, identifier: &str) -> Option<usize> {
        self.data_elements.get(identifier).copied()
    }

    /// Org unit index.
    pub fn org_unit(&self, identifier: &str) -> Option<usize> {
        self.org_units.get(identifier).copied()
    }

    /// Category option combo index.
    pub fn option_combo(&self, identifier: &str) -> Option<usize> {
        self.option_combos.get(identifier).copied()
    }

    /// Data set index.
    pub fn data_set(&self, identifier: &str) -> Option<usize> {
        self.data_sets.get(identifier).copied()
    }
}

/// `yyyy-MM-dd'T'HH:mm:ss.SSS+0000` of epoch milliseconds (data value export format).
pub fn utc_timestamp(millis: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(millis)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S%.3f+0000")
        .to_string()
}

/// Parses an input date or timestamp (ISO forms, with or without zone, or epoch millis).
pub fn parse_timestamp(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(millis) = text.parse::<i64>() {
        return Some(millis);
    }
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Some(time.timestamp_millis());
    }
    for format in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M:%S%z"] {
        if let Ok(time) = DateTime::parse_from_str(text, format) {
            return Some(time.timestamp_millis());
        }
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(time) = NaiveDateTime::parse_from_str(text, format) {
            return Some(time.and_utc().timestamp_millis());
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .map(|date| {
            date.and_hms_opt(0, 0, 0)
                .unwrap_or_default()
                .and_utc()
                .timestamp_millis()
        })
}

/// Whether the value type is numeric.
pub fn is_numeric_type(value_type: &str) -> bool {
    matches!(
        value_type,
        "NUMBER"
            | "UNIT_INTERVAL"
            | "PERCENTAGE"
            | "INTEGER"
            | "INTEGER_POSITIVE"
            | "INTEGER_NEGATIVE"
            | "INTEGER_ZERO_OR_POSITIVE"
    )
}

/// `^0(\.0*)?$`
pub fn is_zero(value: &str) -> bool {
    let Some(rest) = value.strip_prefix('0') else {
        return false;
    };
    rest.is_empty()
        || rest
            .strip_prefix('.')
            .is_some_and(|decimals| decimals.bytes().all(|byte| byte == b'0'))
}

/// Whether a value is a zero that DHIS2 does not store for this element.
pub fn is_insignificant_zero(element: &DataElementInfo, value: Option<&str>) -> bool {
    is_numeric_type(&element.value_type)
        && value.is_some_and(is_zero)
        && !element.zero_is_significant
        && !matches!(
            element.aggregation_type.as_str(),
            "AVERAGE" | "AVERAGE_SUM_ORG_UNIT"
        )
}

/// Normalises boolean spellings (`ValidationUtils.normalizeBoolean`).
pub fn normalise_boolean(value_type: &str, value: &str) -> String {
    let truthy = matches!(value, "true" | "True" | "TRUE" | "t" | "T" | "1");
    let falsy = matches!(value, "false" | "False" | "FALSE" | "f" | "F" | "0");
    match value_type {
        "BOOLEAN" if truthy => "true".into(),
        "BOOLEAN" if falsy => "false".into(),
        "TRUE_ONLY" if truthy => "true".into(),
        _ => value.to_string(),
    }
}

fn is_number(value: &str) -> bool {
    if value.len() >= 250 {
        return false;
    }
    let unsigned = value.strip_prefix('-').unwrap_or(value);
    let (integer, fraction) = match unsigned.split_once('.') {
        Some((integer, fraction)) => (integer, Some(fraction)),
        None => (unsigned, None),
    };
    let integer_ok = integer == "0"
        || (!integer.is_empty()
            && !integer.starts_with('0')
            && integer.bytes().all(|byte| byte.is_ascii_digit()));
    let fraction_ok = fraction.is_none_or(|fraction| {
        !fraction.is_empty() && fraction.bytes().all(|byte| byte.is_ascii_digit())
    });
    integer_ok && fraction_ok
}

fn is_integer(value: &str) -> bool {
    let fits = value.parse::<i32>().is_ok();
    let unsigned = value.strip_prefix('-').unwrap_or(value);
    fits && (value == "0"
        || (!unsigned.starts_with('0')
            && !unsigned.is_empty()
            && unsigned.bytes().all(|byte| byte.is_ascii_digit())))
}

/// Why a value does not fit its value type: (i18n key, translated text), or `None` when valid.
pub fn value_type_violation(value_type: &str, value: &str) -> Option<(&'static str, &'static str)> {
    if value.chars().count() > 50_000 {
        return Some((
            "value_length_greater_than_max_length",
            "Data value is greater than max length",
        ));
    }
    let numeric = ("value_not_numeric", "Data value is not numeric");
    match value_type {
        "NUMBER" => (!is_number(value)).then_some(numeric),
        "UNIT_INTERVAL" => (!is_number(value)
            || !value
                .parse::<f64>()
                .is_ok_and(|number| (0.0..=1.0).contains(&number)))
        .then_some((
            "value_not_unit_interval",
            "Data value is not a unit interval",
        )),
        "PERCENTAGE" => (!is_number(value)
            || !value
                .parse::<f64>()
                .is_ok_and(|number| (0.0..=100.0).contains(&number)))
        .then_some(("value_not_percentage", "Data value is not a percentage")),
        "INTEGER" => {
            (!is_integer(value)).then_some(("value_not_integer", "Data value is not an integer"))
        }
        "INTEGER_POSITIVE" => (!is_integer(value) || value.starts_with('-') || value == "0")
            .then_some((
                "value_not_positive_integer",
                "Data value is not a positive integer",
            )),
        "INTEGER_NEGATIVE" => (!is_integer(value) || !value.starts_with('-')).then_some((
            "value_not_negative_integer",
            "Data value is not a negative integer",
        )),
        "INTEGER_ZERO_OR_POSITIVE" => (!is_integer(value) || value.starts_with('-')).then_some((
            "value_not_zero_or_positive_integer",
            "value_not_zero_or_positive_integer",
        )),
        "BOOLEAN" => (value != "true" && value != "false")
            .then_some(("value_not_bool", "Data value is not a boolean")),
        "TRUE_ONLY" => (!value.eq_ignore_ascii_case("true"))
            .then_some(("value_not_true_only", "Data value is not true")),
        "DATE" | "AGE" => NaiveDate::parse_from_str(value, "%Y-%m-%d")
            .is_err()
            .then_some(("value_not_valid_date", "Data value is not a valid date")),
        "DATETIME" => parse_timestamp(value)
            .is_none()
            .then_some(("value_not_valid_datetime", "value_not_valid_datetime")),
        "TIME" => {
            let valid = value.split_once(':').is_some_and(|(hours, minutes)| {
                (1..=2).contains(&hours.len())
                    && minutes.len() == 2
                    && hours.parse::<u32>().is_ok_and(|hours| hours < 24)
                    && minutes.parse::<u32>().is_ok_and(|minutes| minutes < 60)
            });
            (!valid).then_some(("value_not_valid_time", "value_not_valid_time"))
        }
        "LETTER" => (value.chars().count() != 1 || !value.chars().all(char::is_alphabetic))
            .then_some(("value_not_valid_letter", "Data value is not a valid letter")),
        "EMAIL" => {
            let valid = value.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty() && domain.contains('.') && !value.contains(' ')
            });
            (!valid).then_some(("value_not_valid_email", "value_not_valid_email"))
        }
        "PHONE_NUMBER" => {
            let valid = value.len() <= 50
                && value
                    .chars()
                    .all(|character| character.is_ascii_digit() || " +-()".contains(character))
                && value.chars().any(|character| character.is_ascii_digit());
            (!valid).then_some((
                "value_not_valid_phone_number",
                "value_not_valid_phone_number",
            ))
        }
        "URL" => (!(value.starts_with("http://") || value.starts_with("https://")))
            .then_some(("value_not_url", "value_not_url")),
        "FILE_RESOURCE" | "IMAGE" | "ORGANISATION_UNIT" => (!crate::uid::is_valid_uid(value))
            .then_some((
                "value_not_valid_file_resource_uid",
                "value_not_valid_file_resource_uid",
            )),
        "COORDINATE" => {
            let valid = value
                .trim_start_matches('[')
                .trim_end_matches(']')
                .split(',')
                .filter(|part| part.trim().parse::<f64>().is_ok())
                .count()
                == 2;
            (!valid).then_some(("value_not_coordinate", "value_not_coordinate"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s5_5_value_type_checks() {
        assert!(value_type_violation("NUMBER", "12.5").is_none());
        assert!(value_type_violation("NUMBER", "012").is_some());
        assert!(value_type_violation("NUMBER", "1e5").is_some());
        assert!(value_type_violation("NUMBER", "-0.5").is_none());
        assert!(value_type_violation("INTEGER", "-3").is_none());
        assert!(value_type_violation("INTEGER", "3.0").is_some());
        assert!(value_type_violation("INTEGER_POSITIVE", "0").is_some());
        assert!(value_type_violation("INTEGER_ZERO_OR_POSITIVE", "0").is_none());
        assert!(value_type_violation("PERCENTAGE", "101").is_some());
        assert!(value_type_violation("UNIT_INTERVAL", "0.5").is_none());
        assert!(value_type_violation("BOOLEAN", &normalise_boolean("BOOLEAN", "T")).is_none());
        assert!(value_type_violation("DATE", "2024-02-30").is_some());
        assert!(value_type_violation("TIME", "9:30").is_none());
        assert!(value_type_violation("TEXT", "anything").is_none());
        assert!(is_zero("0") && is_zero("0.00") && !is_zero("0.01") && !is_zero("00"));
    }

    #[test]
    fn s0_export_timestamps_are_utc_with_offset() {
        assert_eq!(utc_timestamp(0), "1970-01-01T00:00:00.000+0000");
        assert_eq!(
            parse_timestamp("2024-03-05T10:11:12.345"),
            Some(1_709_633_472_345)
        );
        assert_eq!(
            parse_timestamp("2024-03-05T10:11:12.345+0000"),
            Some(1_709_633_472_345)
        );
    }
}
