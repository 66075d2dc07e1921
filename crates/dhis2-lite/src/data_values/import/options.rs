//! The effective options of an import (reference §5.2): the strategy, id schemes, strict checks,
//! the instant the import runs at, their defaults from the system settings, and their echo in
//! the ImportSummary.
//!
//! It must not read request parameters: the HTTP layer maps those onto [`ImportOptions`].

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde_json::{Map, Value, json};

use crate::data_values::IdScheme;
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

/// Effective import options (URL parameters, system settings, payload overrides) and the
/// server's clock at the import.
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
    /// The server's clock when the import runs: timestamps of the values, expiry days, future
    /// periods, completion dates.
    pub now: DateTime<Utc>,
}

/// The id schemes an import resolves identifiers with, after the general scheme filled the gaps.
pub(super) struct EffectiveSchemes {
    /// Data elements.
    pub data_element: IdScheme,
    /// Org units.
    pub org_unit: IdScheme,
    /// Category option combos and attribute option combos.
    pub option_combo: IdScheme,
    /// Data sets.
    pub data_set: IdScheme,
}

impl ImportOptions {
    /// The options of a request that sets none, at `now`: DHIS2's defaults, with the strict
    /// checks that the system settings switch on (`keyDataImportStrict…`,
    /// `keyDataImportRequire…`, from [`system_settings`]).
    pub fn defaults(settings: &HashMap<String, String>, now: DateTime<Utc>) -> Self {
        let setting = |key: &str| settings.get(key).is_some_and(|value| value == "true");
        Self {
            strategy: Strategy::CreateAndUpdate,
            dry_run: false,
            run_async: false,
            id_scheme: IdScheme::default(),
            data_element_id_scheme: None,
            org_unit_id_scheme: None,
            category_option_combo_id_scheme: None,
            data_set_id_scheme: None,
            skip_existing_check: false,
            skip_audit: false,
            force: false,
            strict_periods: setting("keyDataImportStrictPeriods"),
            strict_data_elements: setting("keyDataImportStrictDataElements"),
            strict_category_option_combos: setting("keyDataImportStrictCategoryOptionCombos"),
            strict_attribute_option_combos: setting("keyDataImportStrictAttributeOptionCombos"),
            strict_organisation_units: setting("keyDataImportStrictOrganisationUnits"),
            strict_data_set_approval: setting("keyDataImportStrictDataSetApproval"),
            strict_data_set_locking: setting("keyDataImportStrictDataSetLocking"),
            strict_data_set_input_periods: setting("keyDataImportStrictDataSetInputPeriods"),
            require_category_option_combo: setting("keyDataImportRequireCategoryOptionCombo"),
            require_attribute_option_combo: setting("keyDataImportRequireAttributeOptionCombo"),
            first_row_is_header: true,
            data_set: None,
            now,
        }
    }

    /// The scheme of each kind of object: its own scheme, else the general one.
    pub(super) fn effective_schemes(&self) -> EffectiveSchemes {
        let or_general =
            |scheme: &Option<IdScheme>| scheme.clone().unwrap_or_else(|| self.id_scheme.clone());
        EffectiveSchemes {
            data_element: or_general(&self.data_element_id_scheme),
            org_unit: or_general(&self.org_unit_id_scheme),
            option_combo: or_general(&self.category_option_combo_id_scheme),
            data_set: or_general(&self.data_set_id_scheme),
        }
    }

    /// The `importOptions` echo of the summary.
    pub fn to_json(&self, behaviour: &VersionBehaviour) -> Value {
        let mut options = Map::new();
        options.insert("idSchemes".into(), self.id_schemes_json());
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
        let strict = [
            ("strictPeriods", self.strict_periods),
            ("strictDataElements", self.strict_data_elements),
            (
                "strictCategoryOptionCombos",
                self.strict_category_option_combos,
            ),
            (
                "strictAttributeOptionCombos",
                self.strict_attribute_option_combos,
            ),
            ("strictOrganisationUnits", self.strict_organisation_units),
        ];
        for (key, flag) in strict {
            options.insert(key.into(), json!(flag));
        }
        if behaviour.strict_data_set_flags {
            let data_set_flags = [
                ("strictDataSetApproval", self.strict_data_set_approval),
                ("strictDataSetLocking", self.strict_data_set_locking),
                (
                    "strictDataSetInputPeriods",
                    self.strict_data_set_input_periods,
                ),
            ];
            for (key, flag) in data_set_flags {
                options.insert(key.into(), json!(flag));
            }
        }
        let rest = [
            (
                "requireCategoryOptionCombo",
                self.require_category_option_combo,
            ),
            (
                "requireAttributeOptionCombo",
                self.require_attribute_option_combo,
            ),
            ("skipPatternValidation", false),
            ("ignoreEmptyCollection", false),
            ("force", self.force),
            ("firstRowIsHeader", self.first_row_is_header),
            ("skipLastUpdated", false),
            ("mergeDataValues", false),
            ("skipCache", false),
        ];
        for (key, flag) in rest {
            options.insert(key.into(), json!(flag));
        }
        if behaviour.import_data_set_option
            && let Some(data_set) = &self.data_set
        {
            options.insert("dataSet".into(), json!(data_set));
        }
        Value::Object(options)
    }

    /// The `idSchemes` member of the echo: only the schemes that were set.
    fn id_schemes_json(&self) -> Value {
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
        Value::Object(id_schemes)
    }
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
