//! `POST /api/dataValueSets` (reference §5): payload parsing (JSON, CSV), import options, the
//! per-value validation rules in DHIS2's order, the counting semantics of §5.4 and the
//! ImportSummary. HTTP wrapping of the summary is left to the caller.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Map, Value, json};

use super::{
    IdScheme, Resolver, is_insignificant_zero, normalise_boolean, parse_timestamp,
    value_type_violation,
};
use crate::api::QueryParams;
use crate::db::ensure_period;
use crate::metadata::{Catalog, DataElementInfo};
use crate::periods::{Period, PeriodType};
use crate::users::User;
use crate::version::VersionBehaviour;

/// Import strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// Create new and update existing values (default).
    CreateAndUpdate,
    /// Only create.
    Create,
    /// Only update.
    Update,
    /// Delete.
    Delete,
    /// `SYNC`: none of the above, everything ignored.
    Sync,
}

impl Strategy {
    /// Parses a strategy name or alias.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text.trim().to_ascii_uppercase().as_str() {
            "CREATE_AND_UPDATE" | "NEW_AND_UPDATES" => Self::CreateAndUpdate,
            "CREATE" | "NEW" => Self::Create,
            "UPDATE" | "UPDATES" => Self::Update,
            "DELETE" | "DELETES" => Self::Delete,
            "SYNC" => Self::Sync,
            _ => return None,
        })
    }

    fn name(self) -> &'static str {
        match self {
            Self::CreateAndUpdate => "CREATE_AND_UPDATE",
            Self::Create => "CREATE",
            Self::Update => "UPDATE",
            Self::Delete => "DELETE",
            Self::Sync => "SYNC",
        }
    }
}

/// Effective import options (URL parameters, system settings, payload overrides).
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Strategy.
    pub strategy: Strategy,
    /// Write nothing.
    pub dry_run: bool,
    /// Run as a job.
    pub run_async: bool,
    /// General id scheme.
    pub id_scheme: IdScheme,
    /// Data element id scheme.
    pub data_element_id_scheme: Option<IdScheme>,
    /// Org unit id scheme.
    pub org_unit_id_scheme: Option<IdScheme>,
    /// Category option combo id scheme (also used for attribute option combos).
    pub category_option_combo_id_scheme: Option<IdScheme>,
    /// Data set id scheme.
    pub data_set_id_scheme: Option<IdScheme>,
    /// Never look up existing rows.
    pub skip_existing_check: bool,
    /// Skip audit.
    pub skip_audit: bool,
    /// Superuser force.
    pub force: bool,
    /// `strictPeriods`.
    pub strict_periods: bool,
    /// `strictDataElements`.
    pub strict_data_elements: bool,
    /// `strictCategoryOptionCombos`.
    pub strict_category_option_combos: bool,
    /// `strictAttributeOptionCombos`.
    pub strict_attribute_option_combos: bool,
    /// `strictOrganisationUnits`.
    pub strict_organisation_units: bool,
    /// `strictDataSetApproval`.
    pub strict_data_set_approval: bool,
    /// `strictDataSetLocking`.
    pub strict_data_set_locking: bool,
    /// `strictDataSetInputPeriods`.
    pub strict_data_set_input_periods: bool,
    /// `requireCategoryOptionCombo`.
    pub require_category_option_combo: bool,
    /// `requireAttributeOptionCombo`.
    pub require_attribute_option_combo: bool,
    /// CSV: first row is a header.
    pub first_row_is_header: bool,
    /// `dataSet` option (CSV imports, 2.39+).
    pub data_set: Option<String>,
}

impl ImportOptions {
    /// Options from URL parameters and the system settings that provide strict defaults.
    pub fn from_params(params: &QueryParams, settings: &HashMap<String, String>) -> Self {
        let setting = |key: &str| settings.get(key).is_some_and(|value| value == "true");
        let flag = |key: &str, default: bool| params.flag(key).unwrap_or(default);
        let scheme = |key: &str| params.get(key).and_then(IdScheme::parse);
        Self {
            strategy: params
                .get("importStrategy")
                .or_else(|| params.get("strategy"))
                .and_then(Strategy::parse)
                .unwrap_or(Strategy::CreateAndUpdate),
            dry_run: flag("dryRun", false),
            run_async: flag("async", false),
            id_scheme: scheme("idScheme").unwrap_or_default(),
            data_element_id_scheme: scheme("dataElementIdScheme"),
            org_unit_id_scheme: scheme("orgUnitIdScheme"),
            category_option_combo_id_scheme: scheme("categoryOptionComboIdScheme"),
            data_set_id_scheme: scheme("dataSetIdScheme"),
            skip_existing_check: flag("skipExistingCheck", false),
            skip_audit: flag("skipAudit", false),
            force: flag("force", false),
            strict_periods: flag("strictPeriods", setting("keyDataImportStrictPeriods")),
            strict_data_elements: flag(
                "strictDataElements",
                setting("keyDataImportStrictDataElements"),
            ),
            strict_category_option_combos: flag(
                "strictCategoryOptionCombos",
                setting("keyDataImportStrictCategoryOptionCombos"),
            ),
            strict_attribute_option_combos: flag(
                "strictAttributeOptionCombos",
                setting("keyDataImportStrictAttributeOptionCombos"),
            ),
            strict_organisation_units: flag(
                "strictOrganisationUnits",
                setting("keyDataImportStrictOrganisationUnits"),
            ),
            strict_data_set_approval: flag(
                "strictDataSetApproval",
                setting("keyDataImportStrictDataSetApproval"),
            ),
            strict_data_set_locking: flag(
                "strictDataSetLocking",
                setting("keyDataImportStrictDataSetLocking"),
            ),
            strict_data_set_input_periods: flag(
                "strictDataSetInputPeriods",
                setting("keyDataImportStrictDataSetInputPeriods"),
            ),
            require_category_option_combo: flag(
                "requireCategoryOptionCombo",
                setting("keyDataImportRequireCategoryOptionCombo"),
            ),
            require_attribute_option_combo: flag(
                "requireAttributeOptionCombo",
                setting("keyDataImportRequireAttributeOptionCombo"),
            ),
            first_row_is_header: flag("firstRowIsHeader", true),
            data_set: params.get("dataSet").map(str::to_string),
        }
    }

    /// Applies the payload's own options (they take precedence over URL parameters).
    pub fn apply_payload(&mut self, payload: &InputValueSet) {
        if let Some(scheme) = &payload.id_scheme {
            self.id_scheme = scheme.clone();
        }
        if payload.data_element_id_scheme.is_some() {
            self.data_element_id_scheme = payload.data_element_id_scheme.clone();
        }
        if payload.org_unit_id_scheme.is_some() {
            self.org_unit_id_scheme = payload.org_unit_id_scheme.clone();
        }
        if payload.category_option_combo_id_scheme.is_some() {
            self.category_option_combo_id_scheme = payload.category_option_combo_id_scheme.clone();
        }
        if payload.data_set_id_scheme.is_some() {
            self.data_set_id_scheme = payload.data_set_id_scheme.clone();
        }
        if let Some(dry_run) = payload.dry_run {
            self.dry_run = dry_run;
        }
        if let Some(strategy) = payload.strategy {
            self.strategy = strategy;
        }
    }

    /// The `importOptions` echo of the summary.
    pub fn to_json(&self, behaviour: &VersionBehaviour) -> Value {
        let mut id_schemes = Map::new();
        if self.id_scheme != IdScheme::Uid {
            id_schemes.insert("idScheme".into(), json!({"type": self.id_scheme.name()}));
        }
        for (key, scheme) in [
            ("dataElementIdScheme", &self.data_element_id_scheme),
            ("orgUnitIdScheme", &self.org_unit_id_scheme),
            (
                "categoryOptionComboIdScheme",
                &self.category_option_combo_id_scheme,
            ),
            ("dataSetIdScheme", &self.data_set_id_scheme),
        ] {
            if let Some(scheme) = scheme {
                id_schemes.insert(key.into(), json!({"type": scheme.name()}));
            }
        }
        let mut options = Map::new();
        options.insert("idSchemes".into(), Value::Object(id_schemes));
        options.insert("dryRun".into(), json!(self.dry_run));
        options.insert("async".into(), json!(self.run_async));
        options.insert("importStrategy".into(), json!(self.strategy.name()));
        options.insert("mergeMode".into(), json!("REPLACE"));
        options.insert("reportMode".into(), json!("FULL"));
        options.insert("skipExistingCheck".into(), json!(self.skip_existing_check));
        options.insert("sharing".into(), json!(false));
        options.insert("skipNotifications".into(), json!(false));
        options.insert("skipAudit".into(), json!(self.skip_audit));
        options.insert("datasetAllowsPeriods".into(), json!(false));
        options.insert("strictPeriods".into(), json!(self.strict_periods));
        options.insert(
            "strictDataElements".into(),
            json!(self.strict_data_elements),
        );
        options.insert(
            "strictCategoryOptionCombos".into(),
            json!(self.strict_category_option_combos),
        );
        options.insert(
            "strictAttributeOptionCombos".into(),
            json!(self.strict_attribute_option_combos),
        );
        options.insert(
            "strictOrganisationUnits".into(),
            json!(self.strict_organisation_units),
        );
        if behaviour.strict_data_set_flags {
            options.insert(
                "strictDataSetApproval".into(),
                json!(self.strict_data_set_approval),
            );
            options.insert(
                "strictDataSetLocking".into(),
                json!(self.strict_data_set_locking),
            );
            options.insert(
                "strictDataSetInputPeriods".into(),
                json!(self.strict_data_set_input_periods),
            );
        }
        options.insert(
            "requireCategoryOptionCombo".into(),
            json!(self.require_category_option_combo),
        );
        options.insert(
            "requireAttributeOptionCombo".into(),
            json!(self.require_attribute_option_combo),
        );
        options.insert("skipPatternValidation".into(), json!(false));
        options.insert("ignoreEmptyCollection".into(), json!(false));
        options.insert("force".into(), json!(self.force));
        options.insert("firstRowIsHeader".into(), json!(self.first_row_is_header));
        options.insert("skipLastUpdated".into(), json!(false));
        options.insert("mergeDataValues".into(), json!(false));
        options.insert("skipCache".into(), json!(false));
        if behaviour.import_data_set_option
            && let Some(data_set) = &self.data_set
        {
            options.insert("dataSet".into(), json!(data_set));
        }
        Value::Object(options)
    }
}

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

/// One conflict, before merging.
#[derive(Debug, Clone)]
struct Conflict {
    error_code: &'static str,
    objects: Vec<(&'static str, String)>,
    message: String,
    legacy_message: String,
    property: &'static str,
    index: Option<usize>,
}

/// Accumulates conflicts, merging those with the same code and objects.
#[derive(Debug, Default)]
struct Conflicts {
    formal: bool,
    entries: Vec<(Conflict, Vec<usize>)>,
    positions: HashMap<String, usize>,
}

impl Conflicts {
    fn add(&mut self, conflict: Conflict) {
        if !self.formal {
            self.entries.push((conflict, Vec::new()));
            return;
        }
        let key = format!(
            "{}|{}",
            conflict.error_code,
            conflict
                .objects
                .iter()
                .map(|(name, id)| format!("{name}={id}"))
                .collect::<Vec<_>>()
                .join("&")
        );
        match self.positions.get(&key) {
            Some(position) => {
                if let Some(index) = conflict.index {
                    self.entries[*position].1.push(index);
                }
            }
            None => {
                let indexes = conflict.index.into_iter().collect();
                self.positions.insert(key, self.entries.len());
                self.entries.push((conflict, indexes));
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn to_json(&self) -> Value {
        Value::Array(
            self.entries
                .iter()
                .map(|(conflict, indexes)| {
                    if !self.formal || conflict.error_code.is_empty() {
                        let object = conflict
                            .objects
                            .first()
                            .map(|(_, id)| id.clone())
                            .unwrap_or_default();
                        return json!({"object": object, "value": conflict.legacy_message});
                    }
                    let mut object = Map::new();
                    if let Some((_, first)) = conflict.objects.first() {
                        object.insert("object".into(), json!(first));
                    }
                    let objects: Map<String, Value> = conflict
                        .objects
                        .iter()
                        .map(|(name, id)| ((*name).to_string(), json!(id)))
                        .collect();
                    object.insert("objects".into(), Value::Object(objects));
                    object.insert("value".into(), json!(conflict.message));
                    object.insert("errorCode".into(), json!(conflict.error_code));
                    object.insert("property".into(), json!(conflict.property));
                    if conflict.index.is_some() {
                        object.insert("indexes".into(), json!(indexes));
                    }
                    Value::Object(object)
                })
                .collect(),
        )
    }
}

/// Counts of an import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCount {
    /// Created.
    pub imported: u64,
    /// Updated.
    pub updated: u64,
    /// Ignored.
    pub ignored: u64,
    /// Deleted.
    pub deleted: u64,
}

/// The outcome of an import: the ImportSummary JSON and its status word.
#[derive(Debug, Clone)]
pub struct ImportOutcome {
    /// `SUCCESS`, `WARNING` or `ERROR`.
    pub status: &'static str,
    /// The ImportSummary.
    pub summary: Value,
    /// The counts.
    pub count: ImportCount,
}

/// What an import found, for the summary.
struct Tally<'a> {
    count: ImportCount,
    conflicts: &'a Conflicts,
    rejected: &'a [usize],
}

fn summary(
    behaviour: &VersionBehaviour,
    options: &ImportOptions,
    status: &'static str,
    description: String,
    tally: Tally<'_>,
    data_set_complete: String,
) -> ImportOutcome {
    let Tally {
        count,
        conflicts,
        rejected,
    } = tally;
    let mut object = Map::new();
    object.insert("responseType".into(), json!("ImportSummary"));
    object.insert("status".into(), json!(status));
    object.insert("importOptions".into(), options.to_json(behaviour));
    object.insert("description".into(), json!(description));
    object.insert(
        "importCount".into(),
        json!({"imported": count.imported, "updated": count.updated, "ignored": count.ignored, "deleted": count.deleted}),
    );
    object.insert("conflicts".into(), conflicts.to_json());
    if behaviour.rejected_indexes {
        object.insert("rejectedIndexes".into(), json!(rejected));
    }
    object.insert("dataSetComplete".into(), json!(data_set_complete));
    ImportOutcome {
        status,
        summary: Value::Object(object),
        count,
    }
}

/// An ImportSummary for a payload that could not be read.
pub fn failed_summary(
    behaviour: &VersionBehaviour,
    options: &ImportOptions,
    message: &str,
) -> ImportOutcome {
    summary(
        behaviour,
        options,
        "ERROR",
        format!("The import process failed: {message}"),
        Tally {
            count: ImportCount::default(),
            conflicts: &Conflicts::default(),
            rejected: &[],
        },
        "false".into(),
    )
}

struct Existing {
    value: Option<String>,
    comment: Option<String>,
    followup: bool,
    deleted: bool,
    created: i64,
}

/// Reads the system settings table into a map.
pub fn system_settings(connection: &Connection) -> rusqlite::Result<HashMap<String, String>> {
    let mut statement = connection.prepare("SELECT key, value FROM system_setting")?;
    let rows = statement.query_map([], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    let mut settings = HashMap::new();
    for row in rows {
        let (key, value) = row?;
        let value = serde_json::from_str::<Value>(&value)
            .ok()
            .map(|parsed| match parsed {
                Value::String(text) => text,
                other => other.to_string(),
            })
            .unwrap_or(value);
        settings.insert(key, value);
    }
    Ok(settings)
}

/// E7614 / E7616: `label` (`Category option combo` or `Attribute option combo`) `text` has a
/// category option without data write sharing.
fn option_access_conflict(
    code: &'static str,
    label: &str,
    property: &'static str,
    text: &str,
    option: &str,
    index: usize,
) -> Conflict {
    Conflict {
        error_code: code,
        objects: vec![
            ("categoryOptionCombo", text.to_string()),
            ("categoryOption", option.to_string()),
        ],
        message: format!("{label}: `{text}` option not accessible: `{option}`"),
        legacy_message: format!("User has no data write access for CategoryOption: {option}"),
        property,
        index: Some(index),
    }
}

/// The first category option of the combo at `position` that `user` may not write data for.
fn inaccessible_option(catalog: &Catalog, position: usize, user: &User) -> Option<String> {
    if user.is_superuser() {
        return None;
    }
    catalog.category_option_combos[position]
        .category_options
        .iter()
        .find(|option| {
            catalog
                .category_options
                .get(option.as_str())
                .is_some_and(|info| !info.sharing.can_data_write(user))
        })
        .cloned()
}

fn within(path: &str, roots: &[String]) -> bool {
    roots
        .iter()
        .any(|root| path.split('/').any(|segment| segment == root))
}

fn latest_open_period(
    period_type: PeriodType,
    open_future_periods: i64,
    today: NaiveDate,
) -> Period {
    let mut period = period_type.period_containing(today);
    if open_future_periods <= 0 {
        return period.previous();
    }
    for _ in 1..open_future_periods {
        period = period.next();
    }
    period
}

/// Runs an import (in one transaction; rolled back on dry run) at `now` (the server's clock:
/// timestamps of the values, expiry days, future periods, completion dates).
pub fn run_import(
    connection: &mut Connection,
    catalog: &Catalog,
    behaviour: &VersionBehaviour,
    user: &User,
    mut options: ImportOptions,
    payload: Result<InputValueSet, String>,
    now: chrono::DateTime<chrono::Utc>,
) -> rusqlite::Result<ImportOutcome> {
    let now_time = now.naive_utc();
    let payload = match payload {
        Ok(payload) => payload,
        Err(message) => return Ok(failed_summary(behaviour, &options, &message)),
    };
    options.apply_payload(&payload);
    let general = options.id_scheme.clone();
    let data_element_scheme = options
        .data_element_id_scheme
        .clone()
        .unwrap_or_else(|| general.clone());
    let org_unit_scheme = options
        .org_unit_id_scheme
        .clone()
        .unwrap_or_else(|| general.clone());
    let option_combo_scheme = options
        .category_option_combo_id_scheme
        .clone()
        .unwrap_or_else(|| general.clone());
    let data_set_scheme = options
        .data_set_id_scheme
        .clone()
        .unwrap_or_else(|| general.clone());
    let resolver = Resolver::new(
        catalog,
        &data_element_scheme,
        &org_unit_scheme,
        &option_combo_scheme,
        &data_set_scheme,
    );
    let formal = behaviour.formal_conflicts;
    let mut conflicts = Conflicts {
        formal,
        ..Conflicts::default()
    };
    let mut count = ImportCount::default();
    let mut rejected: Vec<usize> = Vec::new();
    let today = now.date_naive();
    let now = now.timestamp_millis();

    // Data-set level validation.
    let header_data_set_id = payload.data_set.clone().or_else(|| {
        if behaviour.import_data_set_option {
            options.data_set.clone()
        } else {
            None
        }
    });
    let mut header_data_set = None;
    let abort = |conflicts: &Conflicts, options: &ImportOptions| {
        summary(
            behaviour,
            options,
            "ERROR",
            "Import process was aborted".into(),
            Tally {
                count: ImportCount::default(),
                conflicts,
                rejected: &[],
            },
            "false".into(),
        )
    };
    if let Some(id) = &header_data_set_id {
        match resolver.data_set(id) {
            Some(index) => {
                header_data_set = Some(index);
                let data_set = &catalog.data_sets[index];
                if !data_set.sharing.can_data_write(user) {
                    conflicts.add(Conflict {
                        error_code: "E7601",
                        objects: vec![("dataSet", id.clone())],
                        message: format!(
                            "User does not have write access for DataSet: `{}`",
                            data_set.uid
                        ),
                        legacy_message: format!(
                            "User does not have write access for DataSet: {}",
                            data_set.uid
                        ),
                        property: "dataSet",
                        index: None,
                    });
                    return Ok(abort(&conflicts, &options));
                }
            }
            None => {
                conflicts.add(Conflict {
                    error_code: "E7600",
                    objects: vec![("dataSet", id.clone())],
                    message: format!("Data set not found or not accessible: `{id}`"),
                    legacy_message: "Data set not found or not accessible".into(),
                    property: "dataSet",
                    index: None,
                });
                return Ok(abort(&conflicts, &options));
            }
        }
    }
    if let Some(id) = &payload.org_unit
        && resolver.org_unit(id).is_none()
    {
        conflicts.add(Conflict {
            error_code: "E7603",
            objects: vec![
                ("organisationUnit", id.clone()),
                ("dataSet", header_data_set_id.clone().unwrap_or_default()),
            ],
            message: format!("Org unit not found or not accessible: `{id}`"),
            legacy_message: "Org unit not found or not accessible".into(),
            property: "orgUnit",
            index: None,
        });
        return Ok(abort(&conflicts, &options));
    }
    let mut header_attribute: Option<String> = payload.attribute_option_combo.clone();
    if let Some(id) = &payload.attribute_option_combo
        && resolver.option_combo(id).is_none()
    {
        conflicts.add(Conflict {
            error_code: "E7604",
            objects: vec![
                ("categoryOptionCombo", id.clone()),
                ("dataSet", header_data_set_id.clone().unwrap_or_default()),
            ],
            message: format!("Attribute option combo not found or not accessible: `{id}`"),
            legacy_message: "Attribute option combo not found or not accessible".into(),
            property: "attributeOptionCombo",
            index: None,
        });
        return Ok(abort(&conflicts, &options));
    }
    if header_attribute.is_none()
        && !payload.attribute_category_options.is_empty()
        && let Some(index) = header_data_set
    {
        let data_set = &catalog.data_sets[index];
        let found = catalog
            .combo_option_combos
            .get(&data_set.category_combo)
            .into_iter()
            .flatten()
            .filter_map(|uid| catalog.category_option_combo(uid))
            .find(|combo| {
                combo.category_options.len() == payload.attribute_category_options.len()
                    && payload
                        .attribute_category_options
                        .iter()
                        .all(|option| combo.category_options.contains(option))
            });
        match found {
            Some(combo) => {
                header_attribute = Some(
                    option_combo_scheme
                        .identifier(&combo.uid, combo.code.as_deref(), &combo.name)
                        .to_string(),
                )
            }
            None => {
                let id = payload.attribute_category_options.join(",");
                conflicts.add(Conflict {
                    error_code: "E7604",
                    objects: vec![
                        ("categoryOptionCombo", id.clone()),
                        ("dataSet", data_set.uid.clone()),
                    ],
                    message: format!("Attribute option combo not found or not accessible: `{id}`"),
                    legacy_message: "Attribute option combo not found or not accessible".into(),
                    property: "attributeOptionCombo",
                    index: None,
                });
                return Ok(abort(&conflicts, &options));
            }
        }
    }

    let default_combo_index = catalog
        .category_option_combo_by_uid
        .get(crate::seed::DEFAULT_CATEGORY_OPTION_COMBO)
        .copied();
    let transaction = connection.transaction()?;
    let mut period_cache: HashMap<String, Option<std::rc::Rc<(Period, i64)>>> = HashMap::new();
    let mut latest_periods: HashMap<String, Period> = HashMap::new();
    let locks = super::locking::Locks::load(&transaction)?;
    {
        let mut select = transaction.prepare_cached(
            "SELECT value, comment, followup, deleted, created FROM datavalue WHERE data_element = ?1 AND period = ?2 \
             AND org_unit = ?3 AND category_option_combo = ?4 AND attribute_option_combo = ?5",
        )?;
        let mut upsert = transaction.prepare_cached(
            "INSERT OR REPLACE INTO datavalue (data_element, period, org_unit, category_option_combo, attribute_option_combo, \
             value, stored_by, created, last_updated, comment, followup, deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        let mut soft_delete = transaction.prepare_cached(
            "UPDATE datavalue SET deleted = 1, last_updated = ?6, stored_by = ?7 WHERE data_element = ?1 AND period = ?2 \
             AND org_unit = ?3 AND category_option_combo = ?4 AND attribute_option_combo = ?5",
        )?;
        let strategy = options.strategy;
        for (index, input) in payload.values.iter().enumerate() {
            let data_element_id: &str = input.data_element.as_deref().unwrap_or_default();
            let period_text: &str = payload
                .period
                .as_deref()
                .or(input.period.as_deref())
                .unwrap_or_default();
            let org_unit_text: &str = payload
                .org_unit
                .as_deref()
                .or(input.org_unit.as_deref())
                .unwrap_or_default();
            let option_combo_text: Option<&str> = input.category_option_combo.as_deref();
            let attribute_text: Option<&str> = header_attribute
                .as_deref()
                .or(input.attribute_option_combo.as_deref());
            let reject = |conflict: Option<Conflict>,
                          conflicts: &mut Conflicts,
                          rejected: &mut Vec<usize>,
                          count: &mut ImportCount| {
                if let Some(conflict) = conflict {
                    conflicts.add(conflict);
                }
                rejected.push(index);
                count.ignored += 1;
            };
            let conflict = |code: &'static str,
                            objects: Vec<(&'static str, String)>,
                            message: String,
                            legacy: String,
                            property: &'static str| Conflict {
                error_code: code,
                objects,
                message,
                legacy_message: legacy,
                property,
                index: Some(index),
            };
            // 1. data element
            let Some(element_index) = resolver.data_element(data_element_id) else {
                reject(
                    Some(conflict(
                        "E7610",
                        vec![("dataElement", data_element_id.to_string())],
                        format!("Data element not found or not accessible: `{data_element_id}`"),
                        "Data element not found or not accessible".into(),
                        "dataElement",
                    )),
                    &mut conflicts,
                    &mut rejected,
                    &mut count,
                );
                continue;
            };
            let element: &DataElementInfo = &catalog.data_elements[element_index];
            // 2. period
            let period_entry = match period_cache.get(period_text) {
                Some(entry) => entry.clone(),
                None => {
                    let entry = match Period::parse(period_text) {
                        Some(period) => {
                            let allowed = (behaviour.quarterly_november
                                || period.period_type != PeriodType::QuarterlyNov)
                                && (behaviour.financial_september
                                    || period.period_type != PeriodType::FinancialSep);
                            if allowed {
                                let id = ensure_period(&transaction, &period)?;
                                Some(std::rc::Rc::new((period, id)))
                            } else {
                                None
                            }
                        }
                        None => None,
                    };
                    period_cache.insert(period_text.to_string(), entry.clone());
                    entry
                }
            };
            let Some(period_entry) = period_entry else {
                reject(
                    Some(conflict(
                        "E7611",
                        vec![("period", period_text.to_string())],
                        format!("Period not valid: `{period_text}`"),
                        "Period not valid".into(),
                        "period",
                    )),
                    &mut conflicts,
                    &mut rejected,
                    &mut count,
                );
                continue;
            };
            let (period, period_id) = (&period_entry.0, period_entry.1);
            // 3. org unit
            let Some(unit_index) = resolver.org_unit(org_unit_text) else {
                reject(
                    Some(conflict(
                        "E7612",
                        vec![("organisationUnit", org_unit_text.to_string())],
                        format!("Organisation unit not found or not accessible: `{org_unit_text}`"),
                        "Organisation unit not found or not accessible".into(),
                        "orgUnit",
                    )),
                    &mut conflicts,
                    &mut rejected,
                    &mut count,
                );
                continue;
            };
            let unit = &catalog.org_units[unit_index];
            // 4. category option combo
            let option_combo_index = match &option_combo_text {
                Some(text) => match resolver.option_combo(text) {
                    Some(found) => Some(found),
                    None => {
                        reject(Some(conflict("E7613", vec![("categoryOptionCombo", text.to_string())], format!("Category option combo not found or not accessible for writing data: `{text}`"), "Category option combo not found or not accessible for writing data".into(), "categoryOptionCombo")), &mut conflicts, &mut rejected, &mut count);
                        continue;
                    }
                },
                None => None,
            };
            // 5. data write sharing of the combo's category options
            if let (Some(position), Some(text)) = (option_combo_index, option_combo_text)
                && let Some(option) = inaccessible_option(catalog, position, user)
            {
                reject(
                    Some(option_access_conflict(
                        "E7614",
                        "Category option combo",
                        "categoryOptionCombo",
                        text,
                        &option,
                        index,
                    )),
                    &mut conflicts,
                    &mut rejected,
                    &mut count,
                );
                continue;
            }
            // 6. attribute option combo
            let attribute_index = match &attribute_text {
                Some(text) => match resolver.option_combo(text) {
                    Some(found) => Some(found),
                    None => {
                        reject(Some(conflict("E7615", vec![("categoryOptionCombo", text.to_string())], format!("Attribute option combo not found or not accessible for writing data: `{text}`"), "Attribute option combo not found or not accessible for writing data".into(), "attributeOptionCombo")), &mut conflicts, &mut rejected, &mut count);
                        continue;
                    }
                },
                None => None,
            };
            // 7. data write sharing of the attribute combo's category options
            if let (Some(position), Some(text)) = (attribute_index, attribute_text)
                && let Some(option) = inaccessible_option(catalog, position, user)
            {
                reject(
                    Some(option_access_conflict(
                        "E7616",
                        "Attribute option combo",
                        "attributeOptionCombo",
                        text,
                        &option,
                        index,
                    )),
                    &mut conflicts,
                    &mut rejected,
                    &mut count,
                );
                continue;
            }
            // 8. capture hierarchy
            if !within(&unit.path, &user.organisation_units) {
                reject(
                    Some(conflict(
                        "E7617",
                        vec![
                            ("organisationUnit", org_unit_text.to_string()),
                            ("user", user.uid.clone()),
                        ],
                        format!(
                            "Organisation unit: `{org_unit_text}` not in hierarchy of current user: `{}`",
                            user.uid
                        ),
                        format!(
                            "Organisation unit not in hierarchy of current user: {}",
                            user.username
                        ),
                        "orgUnit",
                    )),
                    &mut conflicts,
                    &mut rejected,
                    &mut count,
                );
                continue;
            }
            let deleted_flag = input.deleted.unwrap_or(false);
            // 9. value or comment
            if input.value.is_none()
                && input.comment.is_none()
                && !deleted_flag
                && strategy != Strategy::Delete
            {
                reject(
                    Some(conflict(
                        "E7618",
                        vec![("dataElement", data_element_id.to_string())],
                        format!(
                            "Data value or comment not specified for data element: `{data_element_id}`"
                        ),
                        "Data value or comment not specified for data element".into(),
                        "value",
                    )),
                    &mut conflicts,
                    &mut rejected,
                    &mut count,
                );
                continue;
            }
            let value = input
                .value
                .as_deref()
                .map(|value| normalise_boolean(&element.value_type, value));
            // 10. value type
            if let Some(value) = &value
                && let Some((key, reason)) = value_type_violation(&element.value_type, value)
            {
                let message = if behaviour.version.minor() <= 38 {
                    format!(
                        "Value must match data element's `{data_element_id}` type constraints: {reason}"
                    )
                } else {
                    format!(
                        "Value must match value type of data element `{data_element_id}`: `{reason}`"
                    )
                };
                reject(
                    Some(conflict(
                        "E7619",
                        vec![
                            ("dataElement", data_element_id.to_string()),
                            ("value", key.to_string()),
                        ],
                        message,
                        format!("{reason}, must match data element type: {data_element_id}"),
                        "value",
                    )),
                    &mut conflicts,
                    &mut rejected,
                    &mut count,
                );
                continue;
            }
            // 11. comment length
            if input
                .comment
                .as_ref()
                .is_some_and(|comment| comment.chars().count() > 50_000)
            {
                reject(
                    Some(conflict(
                        "E7620",
                        vec![("comment", "comment_length_greater_than_max_length".into())],
                        "Invalid comment: Comment is greater than max length".into(),
                        "Invalid comment".into(),
                        "comment",
                    )),
                    &mut conflicts,
                    &mut rejected,
                    &mut count,
                );
                continue;
            }
            // 12. option set
            if let (Some(codes), Some(value)) = (&element.option_codes, &value) {
                let parts: Vec<&str> = if element.value_type == "MULTI_TEXT" {
                    value.split(',').collect()
                } else {
                    vec![value.as_str()]
                };
                if !parts
                    .iter()
                    .all(|part| codes.iter().any(|code| code == part))
                {
                    reject(
                        Some(conflict(
                            "E7621",
                            vec![("dataElement", data_element_id.to_string())],
                            format!(
                                "Data value is not a valid option of the data element option set: `{data_element_id}`"
                            ),
                            "Data value is not a valid option of the data element option set"
                                .into(),
                            "value",
                        )),
                        &mut conflicts,
                        &mut rejected,
                        &mut count,
                    );
                    continue;
                }
            }
            // 13./14. required combos
            if option_combo_text.is_none() && options.require_category_option_combo {
                reject(
                    Some(conflict(
                        "E7630",
                        vec![],
                        "Category option combo is required but is not specified".into(),
                        "Category option combo is required but is not specified".into(),
                        "categoryOptionCombo",
                    )),
                    &mut conflicts,
                    &mut rejected,
                    &mut count,
                );
                continue;
            }
            if attribute_text.is_none() && options.require_attribute_option_combo {
                reject(
                    Some(conflict(
                        "E7631",
                        vec![],
                        "Attribute option combo is required but is not specified".into(),
                        "Attribute option combo is required but is not specified".into(),
                        "attributeOptionCombo",
                    )),
                    &mut conflicts,
                    &mut rejected,
                    &mut count,
                );
                continue;
            }
            let option_combo = option_combo_index
                .or(default_combo_index)
                .map(|position| &catalog.category_option_combos[position]);
            let attribute = attribute_index
                .or(default_combo_index)
                .map(|position| &catalog.category_option_combos[position]);
            let (Some(option_combo), Some(attribute)) = (option_combo, attribute) else {
                reject(None, &mut conflicts, &mut rejected, &mut count);
                continue;
            };
            let option_combo_id_text: &str = option_combo_text.unwrap_or(option_combo.uid.as_str());
            let attribute_id_text: &str = attribute_text.unwrap_or(attribute.uid.as_str());
            let element_data_sets: Vec<&crate::metadata::DataSetInfo> = element
                .data_sets
                .iter()
                .map(|position| &catalog.data_sets[*position])
                .collect();
            // 15.–19. strict checks
            if options.strict_periods
                && !element_data_sets
                    .iter()
                    .any(|data_set| data_set.period_type == period.period_type.name())
            {
                reject(
                    Some(conflict(
                        "E7632",
                        vec![
                            ("period", period_text.to_string()),
                            ("dataElement", data_element_id.to_string()),
                        ],
                        format!(
                            "Period type of period: `{period_text}` not valid for data element: `{data_element_id}`"
                        ),
                        "Period type not valid for data element".into(),
                        "period",
                    )),
                    &mut conflicts,
                    &mut rejected,
                    &mut count,
                );
                continue;
            }
            if options.strict_data_elements {
                let ok = match header_data_set {
                    Some(position) => catalog.data_sets[position]
                        .data_elements
                        .contains(&element.uid),
                    None => !element_data_sets.is_empty(),
                };
                if !ok {
                    let data_set_text = header_data_set_id.clone().unwrap_or_default();
                    let message = if behaviour.version.minor() <= 38 {
                        format!(
                            "Data element: `{data_element_id}` is not part of dataset: `{data_set_text}`"
                        )
                    } else {
                        format!(
                            "Data element: `{data_element_id}` is not part of dataset(s): `{data_set_text}`"
                        )
                    };
                    reject(
                        Some(conflict(
                            "E7633",
                            vec![
                                ("dataElement", data_element_id.to_string()),
                                ("dataSet", data_set_text),
                            ],
                            message,
                            "Data element is not part of data set".into(),
                            "dataElement",
                        )),
                        &mut conflicts,
                        &mut rejected,
                        &mut count,
                    );
                    continue;
                }
            }
            if options.strict_category_option_combos
                && option_combo.category_combo != element.category_combo
            {
                reject(
                    Some(conflict(
                        "E7634",
                        vec![
                            ("categoryOptionCombo", option_combo_id_text.to_string()),
                            ("dataElement", data_element_id.to_string()),
                        ],
                        format!(
                            "Category option combo: `{option_combo_id_text}` must be part of category combo of data element: `{data_element_id}`"
                        ),
                        "Category option combo must be part of category combo of data element"
                            .into(),
                        "categoryOptionCombo",
                    )),
                    &mut conflicts,
                    &mut rejected,
                    &mut count,
                );
                continue;
            }
            if options.strict_attribute_option_combos
                && !element_data_sets
                    .iter()
                    .any(|data_set| data_set.category_combo == attribute.category_combo)
            {
                reject(Some(conflict("E7635", vec![("categoryOptionCombo", attribute_id_text.to_string()), ("dataElement", data_element_id.to_string())], format!("Attribute option combo: `{attribute_id_text}` must be part of category combo of data sets of data element: `{data_element_id}`"), "Attribute option combo must be part of category combo of data sets of data element".into(), "attributeOptionCombo")), &mut conflicts, &mut rejected, &mut count);
                continue;
            }
            if options.strict_organisation_units
                && !element_data_sets
                    .iter()
                    .any(|data_set| data_set.org_units.contains(&unit.internal_id))
            {
                reject(
                    Some(conflict(
                        "E7636",
                        vec![
                            ("organisationUnit", org_unit_text.to_string()),
                            ("dataElement", data_element_id.to_string()),
                        ],
                        format!(
                            "Data element: `{data_element_id}` must be assigned through data sets to organisation unit: `{org_unit_text}`"
                        ),
                        "Data element must be assigned through data sets to organisation unit"
                            .into(),
                        "orgUnit",
                    )),
                    &mut conflicts,
                    &mut rejected,
                    &mut count,
                );
                continue;
            }
            // 20. storedBy length
            if input
                .stored_by
                .as_ref()
                .is_some_and(|stored_by| stored_by.chars().count() > 255)
            {
                reject(
                    Some(conflict(
                        "E7637",
                        vec![(
                            "storedBy",
                            "stored_by_length_greater_than_max_length".into(),
                        )],
                        "Invalid storedBy: stored_by_length_greater_than_max_length".into(),
                        "Invalid storedBy".into(),
                        "storedBy",
                    )),
                    &mut conflicts,
                    &mut rejected,
                    &mut count,
                );
                continue;
            }
            // 21./22. attribute option dates and org units
            let options_of_attribute: Vec<&crate::metadata::CategoryOptionInfo> = attribute
                .category_options
                .iter()
                .filter_map(|uid| catalog.category_options.get(uid))
                .collect();
            if options_of_attribute.iter().any(|option| {
                option.start_date.is_some_and(|start| period.start < start)
                    || option.end_date.is_some_and(|end| period.end > end)
            }) {
                reject(
                    Some(conflict(
                        "E7638",
                        vec![
                            ("period", period_text.to_string()),
                            ("categoryOptionCombo", attribute_id_text.to_string()),
                        ],
                        format!(
                            "Period: `{period_text}` is not within date range of attribute option combo: `{attribute_id_text}`"
                        ),
                        "Period is not within date range of attribute option combo".into(),
                        "period",
                    )),
                    &mut conflicts,
                    &mut rejected,
                    &mut count,
                );
                continue;
            }
            if options_of_attribute.iter().any(|option| {
                !option.org_units.is_empty() && !within(&unit.path, &option.org_units)
            }) {
                reject(
                    Some(conflict(
                        "E7639",
                        vec![
                            ("organisationUnit", org_unit_text.to_string()),
                            ("categoryOptionCombo", attribute_id_text.to_string()),
                        ],
                        format!(
                            "Organisation unit: `{org_unit_text}` is not valid for attribute option combo: `{attribute_id_text}`"
                        ),
                        "Organisation unit is not valid for attribute option combo".into(),
                        "orgUnit",
                    )),
                    &mut conflicts,
                    &mut rejected,
                    &mut count,
                );
                continue;
            }
            let skip_period_checks = options.force && user.is_superuser();
            // 23. expiry (target data sets; any passing one is enough unless strict locking)
            let targets: Vec<&crate::metadata::DataSetInfo> = match header_data_set {
                Some(position) => vec![&catalog.data_sets[position]],
                None => element_data_sets
                    .iter()
                    .copied()
                    .filter(|data_set| {
                        data_set.org_units.contains(&unit.internal_id)
                            && data_set.category_combo == attribute.category_combo
                    })
                    .collect(),
            };
            if !skip_period_checks && !targets.is_empty() && !user.has_authority("F_EDIT_EXPIRED") {
                let expired = |data_set: &&crate::metadata::DataSetInfo| {
                    data_set.expiry_days > 0
                        && today > period.end + chrono::Duration::days(data_set.expiry_days)
                        && !locks.has_exception(data_set, period, unit)
                };
                let failing = if options.strict_data_set_locking && behaviour.strict_data_set_flags
                {
                    targets.iter().any(expired)
                } else {
                    targets.iter().all(expired)
                };
                if failing {
                    let data_set = targets
                        .iter()
                        .find(|data_set| expired(data_set))
                        .map(|data_set| data_set.uid.clone())
                        .unwrap_or_default();
                    reject(
                        Some(conflict(
                            "E7640",
                            vec![
                                ("period", period_text.to_string()),
                                ("dataSet", data_set.clone()),
                            ],
                            format!(
                                "Current date is past expiry days for period: `{period_text}`  and data set: `{data_set}`"
                            ),
                            "Current date is past expiry days for period and data set".into(),
                            "period",
                        )),
                        &mut conflicts,
                        &mut rejected,
                        &mut count,
                    );
                    continue;
                }
            }
            // 24. latest open future period (data sets of the element assigned to the org unit)
            if !skip_period_checks {
                let assigned: Vec<&&crate::metadata::DataSetInfo> = element_data_sets
                    .iter()
                    .filter(|data_set| data_set.org_units.contains(&unit.internal_id))
                    .collect();
                if let Some(data_set) = assigned
                    .iter()
                    .max_by_key(|data_set| data_set.open_future_periods)
                    && let Some(period_type) = PeriodType::from_name(&data_set.period_type)
                {
                    if !latest_periods.contains_key(&data_set.uid) {
                        latest_periods.insert(
                            data_set.uid.clone(),
                            latest_open_period(period_type, data_set.open_future_periods, today),
                        );
                    }
                    let Some(latest) = latest_periods.get(&data_set.uid) else {
                        continue;
                    };
                    if period.end > latest.end {
                        let message = if behaviour.version.minor() <= 38 {
                            format!(
                                "Period: `{period_text}` is after latest open future period: `{}` for data element: `{data_element_id}`",
                                latest.iso
                            )
                        } else {
                            format!(
                                "Period: `{period_text}` is after latest open future period: `{}` for data element: `{data_element_id}` and data set: `{}`",
                                latest.iso, data_set.uid
                            )
                        };
                        reject(
                            Some(conflict(
                                "E7641",
                                vec![
                                    ("period", period_text.to_string()),
                                    ("dataElement", data_element_id.to_string()),
                                    ("dataSet", data_set.uid.clone()),
                                ],
                                message,
                                "Period is after latest open future period".into(),
                                "period",
                            )),
                            &mut conflicts,
                            &mut rejected,
                            &mut count,
                        );
                        continue;
                    }
                }
            }
            if !skip_period_checks && !targets.is_empty() {
                // 25. approval
                let approved = |data_set: &&crate::metadata::DataSetInfo| {
                    locks.is_approved(data_set, period, unit, &attribute.uid)
                };
                let failing = if options.strict_data_set_approval && behaviour.strict_data_set_flags
                {
                    targets.iter().find(|data_set| approved(data_set))
                } else if targets.iter().all(approved) {
                    targets.first()
                } else {
                    None
                };
                if let Some(data_set) = failing {
                    let message = if behaviour.version.minor() <= 38 {
                        format!(
                            "Data is already approved for data set: `{}` period: `{period_text}` organisation unit: `{org_unit_text}` attribute option combo: `{attribute_id_text}`",
                            data_set.uid
                        )
                    } else {
                        format!(
                            "Data already approved for data set: `{}` period: `{period_text}` org unit: `{org_unit_text}` attribute option combo: `{attribute_id_text}`",
                            data_set.uid
                        )
                    };
                    let legacy = format!(
                        "Data is already approved for data set: {} period: {} organisation unit: {} attribute option combo: {}",
                        data_set.uid, period.iso, unit.uid, attribute.uid
                    );
                    reject(
                        Some(conflict(
                            "E7642",
                            vec![
                                ("organisationUnit", org_unit_text.to_string()),
                                ("period", period_text.to_string()),
                                ("categoryOptionCombo", attribute_id_text.to_string()),
                                ("dataSet", data_set.uid.clone()),
                            ],
                            message,
                            legacy,
                            "orgUnit",
                        )),
                        &mut conflicts,
                        &mut rejected,
                        &mut count,
                    );
                    continue;
                }
                // 26. data input periods of the target data sets
                let closed = |data_set: &&crate::metadata::DataSetInfo| {
                    !data_set.input_allowed(period, now_time)
                };
                let failing =
                    if options.strict_data_set_input_periods && behaviour.strict_data_set_flags {
                        targets.iter().find(|data_set| closed(data_set))
                    } else if targets.iter().all(closed) {
                        targets.first()
                    } else {
                        None
                    };
                if let Some(data_set) = failing {
                    reject(
                        Some(conflict(
                            "E7643",
                            vec![
                                ("period", period_text.to_string()),
                                ("dataSet", data_set.uid.clone()),
                            ],
                            format!(
                                "Period: `{period_text}` is not open for this data set at this time: `{}`",
                                data_set.uid
                            ),
                            format!(
                                "Period: {} is not open for this data set at this time: {}",
                                period.iso, data_set.uid
                            ),
                            "period",
                        )),
                        &mut conflicts,
                        &mut rejected,
                        &mut count,
                    );
                    continue;
                }
            }
            // 27. open periods of every data set of the element
            if !skip_period_checks
                && !element_data_sets.is_empty()
                && !element_data_sets
                    .iter()
                    .any(|data_set| data_set.input_allowed(period, now_time))
            {
                reject(
                    Some(conflict(
                        "E7644",
                        vec![("period", period_text.to_string())],
                        format!(
                            "Period: `{period_text}` does not conform to the open periods of associated data sets"
                        ),
                        format!(
                            "Period {} does not conform to the open periods of associated data sets",
                            period.iso
                        ),
                        "period",
                    )),
                    &mut conflicts,
                    &mut rejected,
                    &mut count,
                );
                continue;
            }

            // Counting (§5.4).
            let key = params![
                element.internal_id,
                period_id,
                unit.internal_id,
                option_combo.internal_id,
                attribute.internal_id
            ];
            let existing: Option<Existing> = if options.skip_existing_check {
                None
            } else {
                select
                    .query_row(key, |row| {
                        Ok(Existing {
                            value: row.get(0)?,
                            comment: row.get(1)?,
                            followup: row.get(2)?,
                            deleted: row.get(3)?,
                            created: row.get(4)?,
                        })
                    })
                    .optional()?
            };
            let live = existing.as_ref().filter(|row| !row.deleted);
            // 28. deleting a file resource value that does not exist
            if strategy == Strategy::Delete
                && element.value_type == "FILE_RESOURCE"
                && live.is_none()
                && !options.skip_existing_check
            {
                reject(
                    Some(conflict(
                        "E7645",
                        vec![("dataElement", data_element_id.to_string())],
                        format!(
                            "No data value for file resource exist for the given combination for data element: `{data_element_id}`"
                        ),
                        format!(
                            "No data value for file resource exist for the given combination for data element {data_element_id}"
                        ),
                        "value",
                    )),
                    &mut conflicts,
                    &mut rejected,
                    &mut count,
                );
                continue;
            }
            let zero = is_insignificant_zero(element, value.as_deref());
            if zero && (live.is_none() || strategy == Strategy::Create) {
                continue;
            }
            let stored_by = input
                .stored_by
                .clone()
                .unwrap_or_else(|| user.username.clone());
            let payload_created = if behaviour.honour_payload_timestamps {
                input.created.as_deref().and_then(parse_timestamp)
            } else {
                None
            };
            let payload_last_updated = if behaviour.honour_payload_timestamps {
                input.last_updated.as_deref().and_then(parse_timestamp)
            } else {
                None
            };
            let last_updated = payload_last_updated.unwrap_or(now);
            let followup = input.followup.unwrap_or(false);
            let write = !options.dry_run;
            let row_key = (
                element.internal_id,
                period_id,
                unit.internal_id,
                option_combo.internal_id,
                attribute.internal_id,
            );
            let mut soft_delete_row = || {
                soft_delete.execute(params![
                    row_key.0, row_key.1, row_key.2, row_key.3, row_key.4, now, stored_by
                ])
            };
            let mut store_row = |created: i64, deleted: bool| {
                upsert.execute(params![
                    row_key.0,
                    row_key.1,
                    row_key.2,
                    row_key.3,
                    row_key.4,
                    value,
                    stored_by,
                    created,
                    last_updated,
                    input.comment,
                    followup,
                    deleted
                ])
            };
            match (live, strategy) {
                (_, Strategy::Sync) => {
                    count.ignored += 1;
                }
                (Some(_), Strategy::Delete) => {
                    if write {
                        soft_delete_row()?;
                    }
                    count.deleted += 1;
                }
                (Some(_), Strategy::Create) => {
                    reject(None, &mut conflicts, &mut rejected, &mut count);
                }
                (Some(row), Strategy::CreateAndUpdate | Strategy::Update) => {
                    if (value.is_none() && input.comment.is_none()) || deleted_flag || zero {
                        if write {
                            soft_delete_row()?;
                        }
                        count.deleted += 1;
                    } else if row.value == value
                        && row.comment == input.comment
                        && row.followup == followup
                    {
                        if behaviour.unchanged_value_ignored {
                            count.ignored += 1;
                        } else {
                            count.updated += 1;
                        }
                    } else {
                        if write {
                            let created = payload_created.unwrap_or(row.created);
                            store_row(created, false)?;
                        }
                        count.updated += 1;
                    }
                }
                (None, Strategy::CreateAndUpdate | Strategy::Create) => {
                    if value.is_none() && input.comment.is_none() {
                        count.ignored += 1;
                        continue;
                    }
                    if write {
                        let created = payload_created
                            .or_else(|| existing.as_ref().map(|row| row.created))
                            .unwrap_or(now);
                        store_row(created, deleted_flag)?;
                    }
                    count.imported += 1;
                }
                (None, Strategy::Update | Strategy::Delete) => {
                    reject(None, &mut conflicts, &mut rejected, &mut count);
                }
            }
        }
    }
    // Completion.
    let mut data_set_complete = "false".to_string();
    if let (Some(position), Some(complete)) = (header_data_set, &payload.complete_date) {
        let completion = match complete.as_str() {
            "false" => None,
            "true" => Some(today),
            other => NaiveDate::parse_from_str(other.get(..10).unwrap_or(other), "%Y-%m-%d")
                .ok()
                .map(|date| date.min(today)),
        };
        if let Some(date) = completion {
            match (&payload.period, &payload.org_unit) {
                (Some(period), Some(org_unit)) => {
                    let unit_uid = resolver
                        .org_unit(org_unit)
                        .map(|index| catalog.org_units[index].uid.clone())
                        .unwrap_or_default();
                    let attribute_uid = header_attribute
                        .as_deref()
                        .and_then(|id| resolver.option_combo(id))
                        .map(|index| catalog.category_option_combos[index].uid.clone())
                        .unwrap_or_else(|| crate::seed::DEFAULT_CATEGORY_OPTION_COMBO.to_string());
                    if !options.dry_run {
                        transaction.execute(
                            "INSERT OR REPLACE INTO complete_registration (data_set, period, org_unit, attribute_option_combo, date, stored_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                            params![catalog.data_sets[position].uid, period, unit_uid, attribute_uid, date.format("%Y-%m-%d").to_string(), user.username],
                        )?;
                    }
                    data_set_complete = date.format("%Y-%m-%d").to_string();
                }
                (period, _) => {
                    let object = if period.is_none() {
                        "Period"
                    } else {
                        "OrganisationUnit"
                    };
                    conflicts.entries.push((
                        Conflict {
                            error_code: "",
                            objects: vec![("", object.to_string())],
                            message: "Must be provided to complete data set".into(),
                            legacy_message: "Must be provided to complete data set".into(),
                            property: "",
                            index: None,
                        },
                        Vec::new(),
                    ));
                }
            }
        }
    }
    if options.dry_run {
        transaction.rollback()?;
    } else {
        transaction.commit()?;
    }
    if behaviour.insignificant_zero_counted_ignored {
        let total = payload.values.len() as u64;
        count.ignored = total.saturating_sub(count.imported + count.updated + count.deleted);
    }
    let status = if conflicts.is_empty() {
        "SUCCESS"
    } else {
        "WARNING"
    };
    Ok(summary(
        behaviour,
        &options,
        status,
        "Import process completed successfully".into(),
        Tally {
            count,
            conflicts: &conflicts,
            rejected: &rejected,
        },
        data_set_complete,
    ))
}
