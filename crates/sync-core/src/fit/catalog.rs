//! What the destination says about the metadata a sync writes to ([`DestinationCatalog`]) and
//! what to ask it for ([`CatalogRequest`]). Plain data, keyed by destination ids, serialisable
//! so that the app may cache it; `dhis2-api` fills it from the destination's metadata API.
//!
//! Nothing here decides anything: [`super::DestinationFit`] does.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::model::ServerTime;

/// The destination ids a sync will write to, for `dhis2-api`'s `destination_catalog`. Every id
/// asked for and not found at the destination is recorded as missing in the catalog.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CatalogRequest {
    /// The data elements (destination ids of the selected source elements).
    pub data_elements: Vec<String>,
    /// The category option combos the values carry (the option combos of the source elements'
    /// category combos). Those not in the destination elements' combos are looked up by id, so
    /// that one missing at the destination (E7613) is told from one that exists elsewhere.
    pub category_option_combos: Vec<String>,
    /// The attribute option combos the values carry: their category options' dates and org
    /// units decide E7638 and E7639.
    pub attribute_option_combos: Vec<String>,
    /// The org units the values carry (the selected org units when aggregating, the source's
    /// org units with data otherwise): their paths decide E7639, their data sets the target
    /// data sets of the period rules (E7636, E7640, E7641, E7643).
    pub org_units: Vec<String>,
}

/// The destination's metadata for the ids of a [`CatalogRequest`], keyed by destination id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DestinationCatalog {
    /// The requested data elements the destination has.
    pub data_elements: BTreeMap<String, CatalogDataElement>,
    /// Requested data elements the destination does not have (E7610).
    pub missing_data_elements: BTreeSet<String>,
    /// Category option combos: those of the data elements' category combos and of the data
    /// sets' attribute combos, and the requested ones the destination has.
    pub category_option_combos: BTreeMap<String, CatalogOptionCombo>,
    /// Requested category or attribute option combos the destination does not have (E7613,
    /// E7615).
    pub missing_category_option_combos: BTreeSet<String>,
    /// The category options of the requested attribute option combos.
    pub category_options: BTreeMap<String, CatalogCategoryOption>,
    /// The data sets that contain at least one of the requested data elements.
    pub data_sets: BTreeMap<String, CatalogDataSet>,
    /// The requested org units the destination has.
    pub org_units: BTreeMap<String, CatalogOrgUnit>,
    /// Requested org units the destination does not have (E7612).
    pub missing_org_units: BTreeSet<String>,
    /// The destination's data import system settings.
    pub settings: ImportSettings,
}

/// A data element as the destination defines it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CatalogDataElement {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// `valueType` (`NUMBER`, `BOOLEAN`, …).
    pub value_type: String,
    /// `aggregationType` (`SUM`, `AVERAGE`, …): with `zeroIsSignificant` it decides whether the
    /// destination keeps a `0`.
    pub aggregation_type: String,
    /// `zeroIsSignificant`.
    pub zero_is_significant: bool,
    /// The codes of its option set, `None` when it has none (E7621).
    pub option_codes: Option<Vec<String>>,
    /// Its category combo.
    pub category_combo: String,
    /// The option combos of its category combo (strict category option combos, E7634).
    pub category_option_combos: Vec<String>,
}

/// A category option combo (disaggregation or attribute).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CatalogOptionCombo {
    /// Id.
    pub id: String,
    /// Display name (empty when only its membership of a combo was read).
    pub name: String,
    /// Its category combo.
    pub category_combo: String,
    /// Its category options (read for the requested ones only).
    pub category_options: Vec<String>,
}

/// A category option of an attribute option combo.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CatalogCategoryOption {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// `startDate`: data for periods starting before it is refused (E7638).
    pub start_date: Option<Date>,
    /// `endDate`: data for periods ending after it (extended by the data sets'
    /// `openPeriodsAfterCoEndDate`) is refused (E7638).
    pub end_date: Option<Date>,
    /// `organisationUnits`: the subtrees it may be used in (E7639).
    pub org_units: CategoryOptionOrgUnits,
}

/// Where a category option may be used.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CategoryOptionOrgUnits {
    /// Everywhere (no org units assigned).
    #[default]
    All,
    /// Only in these org units and their descendants.
    Only(Vec<String>),
}

/// A data set that contains at least one of the requested data elements.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CatalogDataSet {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// `periodType` (`Monthly`, …).
    pub period_type: String,
    /// Its attribute category combo.
    pub category_combo: String,
    /// The option combos of its attribute category combo.
    pub attribute_option_combos: Vec<String>,
    /// Its data elements.
    pub data_elements: Vec<String>,
    /// `expiryDays` (0 = never expires).
    pub expiry_days: i64,
    /// `openFuturePeriods` (0 = the current period is not open yet).
    pub open_future_periods: i64,
    /// `openPeriodsAfterCoEndDate`: periods of its type after a category option's end date in
    /// which data may still be entered.
    pub open_periods_after_category_option_end_date: i64,
    /// `dataInputPeriods` (empty = every period, any time).
    pub data_input_periods: Vec<CatalogDataInputPeriod>,
    /// The approval workflow, when it has one (approved data is refused, E7642; approvals
    /// themselves are not read).
    pub approval_workflow: Option<String>,
}

/// One of a data set's `dataInputPeriods`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CatalogDataInputPeriod {
    /// ISO period id.
    pub period: String,
    /// `openingDate`, if any.
    pub opening: Option<ServerTime>,
    /// `closingDate`, if any.
    pub closing: Option<ServerTime>,
}

/// A requested org unit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CatalogOrgUnit {
    /// Id.
    pub id: String,
    /// `path` (`/root/…/id`): its ancestors, for E7639.
    pub path: String,
    /// The catalog's data sets it is assigned to.
    pub data_sets: Vec<String>,
}

/// The destination's data import system settings (reference §2.5, §5.2); all false when the
/// destination does not say (DHIS2's defaults). The app sends none of these as URL parameters,
/// so the settings decide.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ImportSettings {
    /// `keyDataImportStrictPeriods` (E7632).
    pub strict_periods: bool,
    /// `keyDataImportStrictDataElements` (E7633).
    pub strict_data_elements: bool,
    /// `keyDataImportStrictCategoryOptionCombos` (E7634).
    pub strict_category_option_combos: bool,
    /// `keyDataImportStrictAttributeOptionCombos` (E7635).
    pub strict_attribute_option_combos: bool,
    /// `keyDataImportStrictOrganisationUnits` (E7636).
    pub strict_organisation_units: bool,
    /// `keyDataImportStrictDataSetApproval` (2.40+): every target data set must pass E7642.
    pub strict_data_set_approval: bool,
    /// `keyDataImportStrictDataSetLocking` (2.40+): every target data set must pass E7640.
    pub strict_data_set_locking: bool,
    /// `keyDataImportStrictDataSetInputPeriods` (2.40+): every target data set must pass E7643.
    pub strict_data_set_input_periods: bool,
    /// `keyDataImportRequireCategoryOptionCombo` (E7630; the app always sends one).
    pub require_category_option_combo: bool,
    /// `keyDataImportRequireAttributeOptionCombo` (E7631; the app always sends one).
    pub require_attribute_option_combo: bool,
}
