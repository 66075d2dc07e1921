//! What an export asks for ([`ExportOptions`], reference §4.1) and in which format: the neutral
//! form the HTTP layer maps request parameters onto.
//!
//! It must not resolve or validate anything: that is `selection`.

use crate::data_values::IdScheme;

/// Output format of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExportFormat {
    /// JSON.
    #[default]
    Json,
    /// CSV.
    Csv,
}

/// What an export asks for (reference §4.1), as written (lists already split at commas; the
/// export resolves and validates them), and the server's clock.
#[derive(Debug, Clone, Default)]
pub struct ExportOptions {
    /// Output format.
    pub format: ExportFormat,
    /// `dataSet` identifiers.
    pub data_sets: Vec<String>,
    /// `dataElement` identifiers (read by versions that accept them).
    pub data_elements: Vec<String>,
    /// `dataElementGroup` UIDs.
    pub data_element_groups: Vec<String>,
    /// `period` ISO texts.
    pub periods: Vec<String>,
    /// `startDate`.
    pub start_date: Option<String>,
    /// `endDate`.
    pub end_date: Option<String>,
    /// `lastUpdated` timestamp.
    pub last_updated: Option<String>,
    /// `lastUpdatedDuration` such as `10d`.
    pub last_updated_duration: Option<String>,
    /// `orgUnit` identifiers.
    pub org_units: Vec<String>,
    /// `orgUnitGroup` UIDs.
    pub org_unit_groups: Vec<String>,
    /// `children`: the org units' descendants too.
    pub children: bool,
    /// `attributeOptionCombo` UIDs.
    pub attribute_option_combos: Vec<String>,
    /// `attributeCombo` UID (with `attribute_options`).
    pub attribute_combo: Option<String>,
    /// `attributeOptions`: category option UIDs separated by `,` or `;`.
    pub attribute_options: Option<String>,
    /// `limit` as written.
    pub limit: Option<String>,
    /// `includeDeleted`.
    pub include_deleted: bool,
    /// `idScheme` of the output.
    pub id_scheme: Option<IdScheme>,
    /// `dataElementIdScheme` of the output.
    pub data_element_id_scheme: Option<IdScheme>,
    /// `orgUnitIdScheme` of the output.
    pub org_unit_id_scheme: Option<IdScheme>,
    /// `categoryOptionComboIdScheme` of the output.
    pub category_option_combo_id_scheme: Option<IdScheme>,
    /// `attributeOptionComboIdScheme` of the output.
    pub attribute_option_combo_id_scheme: Option<IdScheme>,
    /// `dataSetIdScheme` of the output.
    pub data_set_id_scheme: Option<IdScheme>,
    /// `inputIdScheme` of the request's identifiers (versions that accept it).
    pub input_id_scheme: Option<IdScheme>,
    /// `inputDataElementIdScheme`.
    pub input_data_element_id_scheme: Option<IdScheme>,
    /// `inputOrgUnitIdScheme`.
    pub input_org_unit_id_scheme: Option<IdScheme>,
    /// `inputDataSetIdScheme`.
    pub input_data_set_id_scheme: Option<IdScheme>,
    /// The server's clock in epoch milliseconds (for `lastUpdatedDuration`).
    pub now_millis: i64,
}

/// `specific`, else `general`.
pub(super) fn scheme_or(specific: &Option<IdScheme>, general: &IdScheme) -> IdScheme {
    specific.clone().unwrap_or_else(|| general.clone())
}
