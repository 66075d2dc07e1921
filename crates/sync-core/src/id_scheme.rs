//! Id schemes of a destination: how the values a run sends name their data element, org unit,
//! category option combo and attribute option combo when the destination does not share the
//! source's UIDs (reference §5.2: `idScheme`, `dataElementIdScheme`, `orgUnitIdScheme`,
//! `categoryOptionComboIdScheme` — the latter also for attribute option combos — each `UID`,
//! `CODE`, `NAME` or `ATTRIBUTE:<uid>`, a specific scheme winning over `idScheme`).
//!
//! A run reads and aggregates on UIDs; [`Translation`] turns each value's UIDs into the
//! destination's identifiers from the source's metadata ([`Identified`]) just before it is
//! written. A value whose object has no such identifier (no code, no value of the attribute)
//! cannot be named: it is not sent, and the reason says which object lacks what. Pure: the
//! engine reads the metadata.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::plan::DataValue;

/// How objects are named for the destination.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum IdScheme {
    /// By UID (DHIS2's default).
    #[default]
    Uid,
    /// By code.
    Code,
    /// By name.
    Name,
    /// By the value of the attribute with this UID.
    Attribute(String),
}

impl IdScheme {
    /// Parses `UID`, `CODE`, `NAME` or `ATTRIBUTE:<uid>` (the keywords in any case).
    pub fn parse(text: &str) -> Option<IdScheme> {
        let text = text.trim();
        let upper = text.to_ascii_uppercase();
        match upper.as_str() {
            "UID" => Some(IdScheme::Uid),
            "CODE" => Some(IdScheme::Code),
            "NAME" => Some(IdScheme::Name),
            _ if upper.starts_with("ATTRIBUTE:") => {
                let uid = text["ATTRIBUTE:".len()..].trim();
                (!uid.is_empty()).then(|| IdScheme::Attribute(uid.to_string()))
            }
            _ => None,
        }
    }

    /// The parameter value (`UID`, `CODE`, `NAME`, `ATTRIBUTE:<uid>`).
    pub fn as_param(&self) -> String {
        match self {
            IdScheme::Uid => "UID".to_string(),
            IdScheme::Code => "CODE".to_string(),
            IdScheme::Name => "NAME".to_string(),
            IdScheme::Attribute(uid) => format!("ATTRIBUTE:{uid}"),
        }
    }

    /// What an object lacks when it cannot be named under this scheme, in words.
    fn missing(&self) -> String {
        match self {
            IdScheme::Uid => "UID".to_string(),
            IdScheme::Code => "code".to_string(),
            IdScheme::Name => "name".to_string(),
            IdScheme::Attribute(uid) => format!("value of attribute {uid}"),
        }
    }

    /// The identifier of `object` under this scheme, if it has one.
    pub fn identifier<'a>(&self, object: &'a Identified) -> Option<&'a str> {
        let present = |text: &'a str| (!text.trim().is_empty()).then_some(text);
        match self {
            IdScheme::Uid => Some(object.id.as_str()),
            IdScheme::Code => object.code.as_deref().and_then(present),
            IdScheme::Name => present(&object.name),
            IdScheme::Attribute(attribute) => object
                .attribute_values
                .iter()
                .find(|(uid, _)| uid == attribute)
                .and_then(|(_, value)| present(value)),
        }
    }
}

impl fmt::Display for IdScheme {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.as_param())
    }
}

impl Serialize for IdScheme {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.as_param())
    }
}

impl<'de> Deserialize<'de> for IdScheme {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        IdScheme::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{text}` is not an id scheme (UID, CODE, NAME or ATTRIBUTE:<uid>)"
            ))
        })
    }
}

/// The id schemes a destination is sent with; all UID by default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IdSchemes {
    /// `idScheme`: every kind without a scheme of its own.
    pub id_scheme: IdScheme,
    /// `dataElementIdScheme`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_element_id_scheme: Option<IdScheme>,
    /// `orgUnitIdScheme`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub org_unit_id_scheme: Option<IdScheme>,
    /// `categoryOptionComboIdScheme` (attribute option combos too).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_option_combo_id_scheme: Option<IdScheme>,
}

impl IdSchemes {
    /// True when nothing was set (what a destination without the setting holds).
    pub fn is_default(&self) -> bool {
        self == &IdSchemes::default()
    }

    /// True when every kind is sent by UID (nothing to translate, no parameter to send).
    pub fn is_uid(&self) -> bool {
        self.data_element() == &IdScheme::Uid
            && self.org_unit() == &IdScheme::Uid
            && self.option_combo() == &IdScheme::Uid
    }

    /// The data elements' scheme (its own, else `idScheme`).
    pub fn data_element(&self) -> &IdScheme {
        self.data_element_id_scheme
            .as_ref()
            .unwrap_or(&self.id_scheme)
    }

    /// The org units' scheme.
    pub fn org_unit(&self) -> &IdScheme {
        self.org_unit_id_scheme.as_ref().unwrap_or(&self.id_scheme)
    }

    /// The category option combos' and attribute option combos' scheme.
    pub fn option_combo(&self) -> &IdScheme {
        self.category_option_combo_id_scheme
            .as_ref()
            .unwrap_or(&self.id_scheme)
    }

    /// The import parameters that say them (none when all are UID).
    pub fn params(&self) -> Vec<(String, String)> {
        if self.is_uid() {
            return Vec::new();
        }
        let mut params = vec![("idScheme".to_string(), self.id_scheme.as_param())];
        for (key, scheme) in [
            ("dataElementIdScheme", &self.data_element_id_scheme),
            ("orgUnitIdScheme", &self.org_unit_id_scheme),
            (
                "categoryOptionComboIdScheme",
                &self.category_option_combo_id_scheme,
            ),
        ] {
            if let Some(scheme) = scheme {
                params.push((key.to_string(), scheme.as_param()));
            }
        }
        params
    }

    /// In words, for summaries: "UID" or e.g. "data elements by CODE, org units by CODE, …".
    pub fn describe(&self) -> String {
        if self.is_uid() {
            return "UID (the source's identifiers)".to_string();
        }
        format!(
            "data elements by {}, org units by {}, category option combos by {}",
            self.data_element(),
            self.org_unit(),
            self.option_combo()
        )
    }
}

/// An object of the source's metadata with everything a scheme can name it by.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Identified {
    /// UID.
    pub id: String,
    /// Code, if any.
    #[serde(default)]
    pub code: Option<String>,
    /// Name (not the display name: DHIS2 matches `NAME` on the name).
    #[serde(default)]
    pub name: String,
    /// Attribute values: (attribute UID, value).
    #[serde(default)]
    pub attribute_values: Vec<(String, String)>,
}

/// The kinds of object a value names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ObjectKind {
    DataElement,
    OrgUnit,
    OptionCombo,
    AttributeOptionCombo,
}

impl ObjectKind {
    fn words(self) -> &'static str {
        match self {
            ObjectKind::DataElement => "data element",
            ObjectKind::OrgUnit => "org unit",
            ObjectKind::OptionCombo => "category option combo",
            ObjectKind::AttributeOptionCombo => "attribute option combo",
        }
    }
}

/// The source's UIDs → the destination's identifiers under a destination's [`IdSchemes`].
#[derive(Debug, Clone, Default)]
pub struct Translation {
    schemes: IdSchemes,
    data_elements: HashMap<String, Identified>,
    org_units: HashMap<String, Identified>,
    option_combos: HashMap<String, Identified>,
}

impl Translation {
    /// A translation under `schemes` from the source's objects of each kind (the option combos
    /// include the attribute option combos).
    pub fn new(
        schemes: IdSchemes,
        data_elements: Vec<Identified>,
        org_units: Vec<Identified>,
        option_combos: Vec<Identified>,
    ) -> Translation {
        let by_id = |objects: Vec<Identified>| {
            objects
                .into_iter()
                .map(|object| (object.id.clone(), object))
                .collect()
        };
        Translation {
            schemes,
            data_elements: by_id(data_elements),
            org_units: by_id(org_units),
            option_combos: by_id(option_combos),
        }
    }

    /// The schemes.
    pub fn schemes(&self) -> &IdSchemes {
        &self.schemes
    }

    fn name(&self, kind: ObjectKind, uid: &str) -> Result<String, String> {
        let (scheme, objects) = match kind {
            ObjectKind::DataElement => (self.schemes.data_element(), &self.data_elements),
            ObjectKind::OrgUnit => (self.schemes.org_unit(), &self.org_units),
            ObjectKind::OptionCombo | ObjectKind::AttributeOptionCombo => {
                (self.schemes.option_combo(), &self.option_combos)
            }
        };
        if *scheme == IdScheme::Uid {
            return Ok(uid.to_string());
        }
        let Some(object) = objects.get(uid) else {
            return Err(format!(
                "the {} {uid} was not found in the source's metadata: it cannot be named by \
                 {scheme} for the destination; not sent",
                kind.words()
            ));
        };
        scheme
            .identifier(object)
            .map(str::to_string)
            .ok_or_else(|| {
                format!(
                    "the {} \"{}\" ({uid}) has no {} at the source: the destination takes \
                     {} by {scheme}; not sent",
                    kind.words(),
                    object.name,
                    scheme.missing(),
                    match kind {
                        ObjectKind::DataElement => "data elements",
                        ObjectKind::OrgUnit => "org units",
                        _ => "option combos",
                    },
                )
            })
    }

    /// `value` with its identifiers as the destination takes them, or why it cannot be named.
    pub fn translate(&self, value: &DataValue) -> Result<DataValue, String> {
        let mut translated = value.clone();
        translated.data_element = self.name(ObjectKind::DataElement, &value.data_element)?;
        translated.org_unit = self.name(ObjectKind::OrgUnit, &value.org_unit)?;
        translated.category_option_combo =
            self.name(ObjectKind::OptionCombo, &value.category_option_combo)?;
        translated.attribute_option_combo = self.name(
            ObjectKind::AttributeOptionCombo,
            &value.attribute_option_combo,
        )?;
        Ok(translated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(id: &str, code: Option<&str>, name: &str) -> Identified {
        Identified {
            id: id.into(),
            code: code.map(str::to_string),
            name: name.into(),
            attribute_values: vec![("attr".into(), format!("a-{id}"))],
        }
    }

    fn value() -> DataValue {
        DataValue {
            data_element: "de1".into(),
            period: "202401".into(),
            org_unit: "ou1".into(),
            category_option_combo: "coc1".into(),
            attribute_option_combo: "HllvX50cXC0".into(),
            value: Some("5".into()),
            comment: None,
            followup: false,
            deleted: false,
            last_updated: None,
        }
    }

    fn translation(schemes: IdSchemes) -> Translation {
        Translation::new(
            schemes,
            vec![
                object("de1", Some("DE_ONE"), "One"),
                object("de2", None, "Two"),
            ],
            vec![object("ou1", Some("OU_ONE"), "Unit one")],
            vec![
                object("coc1", Some("COC_ONE"), "Male"),
                object("HllvX50cXC0", Some("default"), "default"),
            ],
        )
    }

    #[test]
    fn schemes_parse_print_and_serialise() {
        assert_eq!(IdScheme::parse("code"), Some(IdScheme::Code));
        assert_eq!(
            IdScheme::parse("ATTRIBUTE:AbcDef12345"),
            Some(IdScheme::Attribute("AbcDef12345".into()))
        );
        assert_eq!(IdScheme::parse("ATTRIBUTE:"), None);
        assert_eq!(IdScheme::parse("ID"), None);
        let schemes = IdSchemes {
            data_element_id_scheme: Some(IdScheme::Code),
            ..IdSchemes::default()
        };
        let json = serde_json::to_value(&schemes).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"idScheme": "UID", "dataElementIdScheme": "CODE"})
        );
        assert_eq!(serde_json::from_value::<IdSchemes>(json).unwrap(), schemes);
        assert!(serde_json::from_str::<IdSchemes>(r#"{"idScheme":"UUID"}"#).is_err());
        assert_eq!(
            schemes.params(),
            vec![
                ("idScheme".to_string(), "UID".to_string()),
                ("dataElementIdScheme".to_string(), "CODE".to_string())
            ]
        );
        assert!(IdSchemes::default().params().is_empty());
    }

    #[test]
    fn specific_schemes_win_and_values_are_named_by_them() {
        let schemes = IdSchemes {
            id_scheme: IdScheme::Name,
            data_element_id_scheme: Some(IdScheme::Code),
            org_unit_id_scheme: Some(IdScheme::Attribute("attr".into())),
            category_option_combo_id_scheme: None,
        };
        let translated = translation(schemes).translate(&value()).unwrap();
        assert_eq!(translated.data_element, "DE_ONE");
        assert_eq!(translated.org_unit, "a-ou1");
        assert_eq!(translated.category_option_combo, "Male");
        assert_eq!(translated.attribute_option_combo, "default");
        assert_eq!(translated.value.as_deref(), Some("5"));
        assert_eq!(translated.period, "202401");
    }

    #[test]
    fn an_object_without_a_code_is_not_named_and_says_why() {
        let codes = IdSchemes {
            id_scheme: IdScheme::Code,
            ..IdSchemes::default()
        };
        let mut no_code = value();
        no_code.data_element = "de2".into();
        let reason = translation(codes.clone()).translate(&no_code).unwrap_err();
        assert!(
            reason.contains("data element \"Two\" (de2) has no code at the source"),
            "{reason}"
        );
        let mut unknown = value();
        unknown.org_unit = "ou9".into();
        let reason = translation(codes).translate(&unknown).unwrap_err();
        assert!(reason.contains("org unit ou9 was not found"), "{reason}");
        // UID needs no metadata.
        let uid = translation(IdSchemes::default())
            .translate(&unknown)
            .unwrap();
        assert_eq!(uid, unknown);
    }
}
