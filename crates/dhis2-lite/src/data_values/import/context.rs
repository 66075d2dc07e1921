//! What each value of an import is checked against ([`Context`]), and resolution: rules 1–7 of
//! reference §5.5, which find the value's data element, period, org unit and combos (checking
//! data write sharing of the combos' category options) and give a [`Resolved`] value to the
//! later rules.
//!
//! It must not count or write values (that is `apply`); it only stores the periods it meets, as
//! DHIS2 does when it resolves them.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::Connection;

use super::header::Header;
use super::options::ImportOptions;
use super::parse::{InputValue, InputValueSet};
use super::summary::Conflict;
use crate::data_values::locking::Locks;
use crate::data_values::{Resolver, normalise_boolean};
use crate::db::ensure_period;
use crate::metadata::{
    Catalog, CategoryOptionComboInfo, DEFAULT_CATEGORY_OPTION_COMBO, DataElementInfo, DataSetInfo,
    OrgUnitInfo,
};
use crate::periods::{Period, PeriodType};
use crate::users::User;
use crate::version::VersionBehaviour;

/// A period as stored: the parsed period and its storage id.
#[derive(Debug)]
pub(super) struct StoredPeriod {
    /// The period.
    pub period: Period,
    /// Its row in the `period` table.
    pub id: i64,
}

/// Why a value is not imported, or the import stops.
#[derive(Debug)]
pub(super) enum Rejection {
    /// A rule failed: the value is ignored with this conflict.
    Conflict(Conflict),
    /// No default combo to fall back to: the value is ignored without a conflict.
    Silent,
    /// Storage failed: the import stops.
    Storage(rusqlite::Error),
}

impl From<Conflict> for Rejection {
    fn from(conflict: Conflict) -> Self {
        Self::Conflict(conflict)
    }
}

impl From<rusqlite::Error> for Rejection {
    fn from(error: rusqlite::Error) -> Self {
        Self::Storage(error)
    }
}

/// Everything the rules look at besides the value: metadata, version, user, options, the
/// header, locks and the clock. One per import.
pub(super) struct Context<'a> {
    /// The metadata.
    pub catalog: &'a Catalog,
    /// The emulated version.
    pub behaviour: &'a VersionBehaviour,
    /// The importing user.
    pub user: &'a User,
    /// The effective options.
    pub options: &'a ImportOptions,
    /// Identifier lookups under the effective schemes.
    pub resolver: &'a Resolver,
    /// What the header contributes.
    pub header: &'a Header,
    /// The payload (its period and org unit override the values').
    pub payload: &'a InputValueSet,
    /// Approvals and lock exceptions.
    pub locks: &'a Locks,
    /// The server's calendar day.
    pub today: NaiveDate,
    /// The server's clock (UTC).
    pub now: NaiveDateTime,
    /// `force=true` by a superuser skips rules 23–27.
    pub skip_period_checks: bool,
    default_combo: Option<usize>,
    latest_open_periods: HashMap<&'a str, Period>,
    periods: RefCell<HashMap<String, Option<Rc<StoredPeriod>>>>,
    connection: &'a Connection,
}

/// The parts of an import a [`Context`] is made of.
pub(super) struct Import<'a> {
    /// The metadata.
    pub catalog: &'a Catalog,
    /// The emulated version.
    pub behaviour: &'a VersionBehaviour,
    /// The importing user.
    pub user: &'a User,
    /// The effective options.
    pub options: &'a ImportOptions,
    /// Identifier lookups.
    pub resolver: &'a Resolver,
    /// The header's contribution.
    pub header: &'a Header,
    /// The payload.
    pub payload: &'a InputValueSet,
}

impl<'a> Context<'a> {
    /// The context of `import`, storing periods through `connection` (the import's transaction).
    pub fn new(import: Import<'a>, locks: &'a Locks, connection: &'a Connection) -> Self {
        let Import {
            catalog,
            behaviour,
            user,
            options,
            resolver,
            header,
            payload,
        } = import;
        let today = options.now.date_naive();
        Self {
            catalog,
            behaviour,
            user,
            options,
            resolver,
            header,
            payload,
            locks,
            today,
            now: options.now.naive_utc(),
            skip_period_checks: options.force && user.is_superuser(),
            default_combo: catalog
                .category_option_combo_by_uid
                .get(DEFAULT_CATEGORY_OPTION_COMBO)
                .copied(),
            latest_open_periods: latest_open_periods(catalog, today),
            periods: RefCell::new(HashMap::new()),
            connection,
        }
    }

    /// The latest period open for input in `data_set` (rule 24), if its period type is known.
    pub fn latest_open_period(&self, data_set: &DataSetInfo) -> Option<&Period> {
        self.latest_open_periods.get(data_set.uid.as_str())
    }

    /// Whether the emulated version words messages as 2.37–2.38 did.
    pub fn older_wording(&self) -> bool {
        self.behaviour.version.minor() <= 38
    }

    /// The period written as `text`, stored, if it is valid and the version knows its type
    /// (cached: each text is parsed and stored once per import).
    fn stored_period(&self, text: &str) -> rusqlite::Result<Option<Rc<StoredPeriod>>> {
        if let Some(entry) = self.periods.borrow().get(text) {
            return Ok(entry.clone());
        }
        let entry = match Period::parse(text) {
            Some(period) if self.version_knows(period.period_type) => {
                let id = ensure_period(self.connection, &period)?;
                Some(Rc::new(StoredPeriod { period, id }))
            }
            _ => None,
        };
        self.periods
            .borrow_mut()
            .insert(text.to_string(), entry.clone());
        Ok(entry)
    }

    fn version_knows(&self, period_type: PeriodType) -> bool {
        (self.behaviour.quarterly_november || period_type != PeriodType::QuarterlyNov)
            && (self.behaviour.financial_september || period_type != PeriodType::FinancialSep)
    }
}

/// The latest open period of every data set whose period type is known: with
/// `openFuturePeriods` ≤ 0 the previous period (the current one is still locked), else the
/// `openFuturePeriods`-th period from the current one.
fn latest_open_periods(catalog: &Catalog, today: NaiveDate) -> HashMap<&str, Period> {
    catalog
        .data_sets
        .iter()
        .filter_map(|data_set| {
            let period_type = PeriodType::from_name(&data_set.period_type)?;
            let mut period = period_type.period_containing(today);
            if data_set.open_future_periods <= 0 {
                return Some((data_set.uid.as_str(), period.previous()));
            }
            for _ in 1..data_set.open_future_periods {
                period = period.next();
            }
            Some((data_set.uid.as_str(), period))
        })
        .collect()
}

/// One incoming value with its identifiers as written (the header's period, org unit and
/// attribute option combo win over the value's).
pub(super) struct Incoming<'a> {
    /// Position in the payload.
    pub index: usize,
    /// The value as read.
    pub input: &'a InputValue,
    /// Data element identifier (`""` when absent).
    pub data_element: &'a str,
    /// Period text (`""` when absent).
    pub period: &'a str,
    /// Org unit identifier (`""` when absent).
    pub org_unit: &'a str,
    /// Category option combo identifier, if given.
    pub option_combo: Option<&'a str>,
    /// Attribute option combo identifier, if given.
    pub attribute: Option<&'a str>,
}

impl<'a> Incoming<'a> {
    /// Value `index` of the context's payload.
    pub fn new(context: &Context<'a>, index: usize, input: &'a InputValue) -> Self {
        let payload = context.payload;
        Self {
            index,
            input,
            data_element: input.data_element.as_deref().unwrap_or_default(),
            period: payload
                .period
                .as_deref()
                .or(input.period.as_deref())
                .unwrap_or_default(),
            org_unit: payload
                .org_unit
                .as_deref()
                .or(input.org_unit.as_deref())
                .unwrap_or_default(),
            option_combo: input.category_option_combo.as_deref(),
            attribute: context
                .header
                .attribute
                .as_deref()
                .or(input.attribute_option_combo.as_deref()),
        }
    }

    /// A conflict of this value.
    pub fn conflict(
        &self,
        code: &'static str,
        objects: Vec<(&'static str, String)>,
        message: String,
        legacy_message: String,
        property: &'static str,
    ) -> Conflict {
        Conflict {
            error_code: code,
            objects,
            message,
            legacy_message,
            property,
            index: Some(self.index),
        }
    }
}

/// A value whose objects were all found (rules 1–7), with what the later rules look at.
pub(super) struct Resolved<'a> {
    /// The value and its identifiers as written.
    pub incoming: Incoming<'a>,
    /// Its data element.
    pub element: &'a DataElementInfo,
    /// Its period, stored.
    pub period: Rc<StoredPeriod>,
    /// Its org unit.
    pub unit: &'a OrgUnitInfo,
    /// Its category option combo (the default one when not given).
    pub option_combo: &'a CategoryOptionComboInfo,
    /// Its attribute option combo (the default one when not given).
    pub attribute: &'a CategoryOptionComboInfo,
    /// The value, booleans normalised.
    pub value: Option<String>,
    /// The value's `deleted` flag.
    pub deleted: bool,
    /// The data sets of the data element.
    pub data_sets: Vec<&'a DataSetInfo>,
    /// The data sets rules 23–26 consider: the header's, else those of the data element that
    /// include the org unit and have the attribute option combo's category combo.
    pub targets: Vec<&'a DataSetInfo>,
}

impl Resolved<'_> {
    /// A conflict of this value.
    pub fn conflict(
        &self,
        code: &'static str,
        objects: Vec<(&'static str, String)>,
        message: String,
        legacy_message: String,
        property: &'static str,
    ) -> Conflict {
        self.incoming
            .conflict(code, objects, message, legacy_message, property)
    }

    /// The category option combo as written, else the default's UID.
    pub fn option_combo_text(&self) -> &str {
        self.incoming
            .option_combo
            .unwrap_or(self.option_combo.uid.as_str())
    }

    /// The attribute option combo as written, else the default's UID.
    pub fn attribute_text(&self) -> &str {
        self.incoming
            .attribute
            .unwrap_or(self.attribute.uid.as_str())
    }
}

/// Rules 1–7 in DHIS2's order: the first that fails rejects the value.
pub(super) fn resolve<'a>(
    context: &Context<'a>,
    incoming: Incoming<'a>,
) -> Result<Resolved<'a>, Rejection> {
    let catalog = context.catalog;
    let element = data_element_exists(context, &incoming)?;
    let period = period_is_valid(context, &incoming)?;
    let unit = org_unit_exists(context, &incoming)?;
    let option_combo = category_option_combo_exists(context, &incoming)?;
    category_option_combo_is_writable(context, &incoming, option_combo)?;
    let attribute = attribute_option_combo_exists(context, &incoming)?;
    attribute_option_combo_is_writable(context, &incoming, attribute)?;
    let combo = |given: Option<usize>| {
        given
            .or(context.default_combo)
            .map(|position| &catalog.category_option_combos[position])
    };
    let (Some(option_combo), Some(attribute)) = (combo(option_combo), combo(attribute)) else {
        return Err(Rejection::Silent);
    };
    let data_sets: Vec<&DataSetInfo> = element
        .data_sets
        .iter()
        .map(|position| &catalog.data_sets[*position])
        .collect();
    let targets = match context.header.data_set {
        Some(position) => vec![&catalog.data_sets[position]],
        None => data_sets
            .iter()
            .copied()
            .filter(|data_set| {
                data_set.org_units.contains(&unit.internal_id)
                    && data_set.category_combo == attribute.category_combo
            })
            .collect(),
    };
    Ok(Resolved {
        value: incoming
            .input
            .value
            .as_deref()
            .map(|value| normalise_boolean(&element.value_type, value)),
        deleted: incoming.input.deleted.unwrap_or(false),
        incoming,
        element,
        period,
        unit,
        option_combo,
        attribute,
        data_sets,
        targets,
    })
}

/// Rule 1, E7610: the data element resolves under the data element id scheme.
fn data_element_exists<'a>(
    context: &Context<'a>,
    incoming: &Incoming<'_>,
) -> Result<&'a DataElementInfo, Conflict> {
    let id = incoming.data_element;
    match context.resolver.data_element(id) {
        Some(position) => Ok(&context.catalog.data_elements[position]),
        None => Err(incoming.conflict(
            "E7610",
            vec![("dataElement", id.to_string())],
            format!("Data element not found or not accessible: `{id}`"),
            "Data element not found or not accessible".into(),
            "dataElement",
        )),
    }
}

/// Rule 2, E7611: the period parses and the version knows its type (the period is stored).
fn period_is_valid(
    context: &Context<'_>,
    incoming: &Incoming<'_>,
) -> Result<Rc<StoredPeriod>, Rejection> {
    let text = incoming.period;
    match context.stored_period(text)? {
        Some(period) => Ok(period),
        None => Err(Rejection::Conflict(incoming.conflict(
            "E7611",
            vec![("period", text.to_string())],
            format!("Period not valid: `{text}`"),
            "Period not valid".into(),
            "period",
        ))),
    }
}

/// Rule 3, E7612: the org unit resolves under the org unit id scheme.
fn org_unit_exists<'a>(
    context: &Context<'a>,
    incoming: &Incoming<'_>,
) -> Result<&'a OrgUnitInfo, Conflict> {
    let id = incoming.org_unit;
    match context.resolver.org_unit(id) {
        Some(position) => Ok(&context.catalog.org_units[position]),
        None => Err(incoming.conflict(
            "E7612",
            vec![("organisationUnit", id.to_string())],
            format!("Organisation unit not found or not accessible: `{id}`"),
            "Organisation unit not found or not accessible".into(),
            "orgUnit",
        )),
    }
}

/// Rule 4, E7613: a given category option combo resolves.
fn category_option_combo_exists(
    context: &Context<'_>,
    incoming: &Incoming<'_>,
) -> Result<Option<usize>, Conflict> {
    let Some(text) = incoming.option_combo else {
        return Ok(None);
    };
    match context.resolver.option_combo(text) {
        Some(position) => Ok(Some(position)),
        None => Err(incoming.conflict(
            "E7613",
            vec![("categoryOptionCombo", text.to_string())],
            format!("Category option combo not found or not accessible for writing data: `{text}`"),
            "Category option combo not found or not accessible for writing data".into(),
            "categoryOptionCombo",
        )),
    }
}

/// Rule 5, E7614: the user may write data for every category option of the given combo.
fn category_option_combo_is_writable(
    context: &Context<'_>,
    incoming: &Incoming<'_>,
    position: Option<usize>,
) -> Result<(), Conflict> {
    match (position, incoming.option_combo) {
        (Some(position), Some(text)) => combo_options_writable(
            context,
            incoming,
            position,
            ComboRole {
                code: "E7614",
                label: "Category option combo",
                property: "categoryOptionCombo",
            },
            text,
        ),
        _ => Ok(()),
    }
}

/// Rule 6, E7615: a given attribute option combo (the header's first) resolves.
fn attribute_option_combo_exists(
    context: &Context<'_>,
    incoming: &Incoming<'_>,
) -> Result<Option<usize>, Conflict> {
    let Some(text) = incoming.attribute else {
        return Ok(None);
    };
    match context.resolver.option_combo(text) {
        Some(position) => Ok(Some(position)),
        None => Err(incoming.conflict(
            "E7615",
            vec![("categoryOptionCombo", text.to_string())],
            format!(
                "Attribute option combo not found or not accessible for writing data: `{text}`"
            ),
            "Attribute option combo not found or not accessible for writing data".into(),
            "attributeOptionCombo",
        )),
    }
}

/// Rule 7, E7616: the user may write data for every category option of the attribute combo.
fn attribute_option_combo_is_writable(
    context: &Context<'_>,
    incoming: &Incoming<'_>,
    position: Option<usize>,
) -> Result<(), Conflict> {
    match (position, incoming.attribute) {
        (Some(position), Some(text)) => combo_options_writable(
            context,
            incoming,
            position,
            ComboRole {
                code: "E7616",
                label: "Attribute option combo",
                property: "attributeOptionCombo",
            },
            text,
        ),
        _ => Ok(()),
    }
}

/// How rules 5 and 7 name the combo they check.
struct ComboRole {
    code: &'static str,
    label: &'static str,
    property: &'static str,
}

/// Rules 5 and 7: the first category option of the combo at `position` without data write
/// sharing for the user is a conflict (superusers write everything).
fn combo_options_writable(
    context: &Context<'_>,
    incoming: &Incoming<'_>,
    position: usize,
    role: ComboRole,
    text: &str,
) -> Result<(), Conflict> {
    if context.user.is_superuser() {
        return Ok(());
    }
    let catalog = context.catalog;
    let inaccessible = catalog.category_option_combos[position]
        .category_options
        .iter()
        .find(|option| {
            catalog
                .category_options
                .get(option.as_str())
                .is_some_and(|info| !info.sharing.can_data_write(context.user))
        });
    match inaccessible {
        None => Ok(()),
        Some(option) => Err(incoming.conflict(
            role.code,
            vec![
                ("categoryOptionCombo", text.to_string()),
                ("categoryOption", option.clone()),
            ],
            format!("{}: `{text}` option not accessible: `{option}`", role.label),
            format!("User has no data write access for CategoryOption: {option}"),
            role.property,
        )),
    }
}
