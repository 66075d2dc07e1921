//! The in-memory metadata: every object as DHIS2's full JSON shape (references as `{"id"}`), plus a
//! typed catalog of what data value import and export need.
//!
//! Metadata is written by the seed and loaded once at start; this module neither parses HTTP
//! requests nor touches data values.

use std::collections::{HashMap, HashSet};

use rusqlite::Connection;
use serde_json::{Map, Value};

/// UID of DHIS2's default category option.
pub const DEFAULT_CATEGORY_OPTION: &str = "xYerKDKCefk";
/// UID of DHIS2's default category.
pub const DEFAULT_CATEGORY: &str = "GLevLNI9wkl";
/// UID of DHIS2's default category combo.
pub const DEFAULT_CATEGORY_COMBO: &str = "bjDvmb4bfuf";
/// UID of DHIS2's default category option combo.
pub const DEFAULT_CATEGORY_OPTION_COMBO: &str = "HllvX50cXC0";

/// A metadata object type served by the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `organisationUnits`
    OrganisationUnit,
    /// `organisationUnitLevels`
    OrganisationUnitLevel,
    /// `organisationUnitGroups`
    OrganisationUnitGroup,
    /// `dataSets`
    DataSet,
    /// `dataElements`
    DataElement,
    /// `dataElementGroups`
    DataElementGroup,
    /// `categoryCombos`
    CategoryCombo,
    /// `categories`
    Category,
    /// `categoryOptions`
    CategoryOption,
    /// `categoryOptionCombos`
    CategoryOptionCombo,
    /// `optionSets`
    OptionSet,
    /// `options`
    Option,
    /// `userGroups` (members in `users`; the recipients of messages sent to the group)
    UserGroup,
}

/// Every kind.
pub const ALL_KINDS: [Kind; 13] = [
    Kind::OrganisationUnit,
    Kind::OrganisationUnitLevel,
    Kind::OrganisationUnitGroup,
    Kind::DataSet,
    Kind::DataElement,
    Kind::DataElementGroup,
    Kind::CategoryCombo,
    Kind::Category,
    Kind::CategoryOption,
    Kind::CategoryOptionCombo,
    Kind::OptionSet,
    Kind::Option,
    Kind::UserGroup,
];

impl Kind {
    /// Collection name, e.g. `dataSets`.
    pub fn collection(self) -> &'static str {
        match self {
            Self::OrganisationUnit => "organisationUnits",
            Self::OrganisationUnitLevel => "organisationUnitLevels",
            Self::OrganisationUnitGroup => "organisationUnitGroups",
            Self::DataSet => "dataSets",
            Self::DataElement => "dataElements",
            Self::DataElementGroup => "dataElementGroups",
            Self::CategoryCombo => "categoryCombos",
            Self::Category => "categories",
            Self::CategoryOption => "categoryOptions",
            Self::CategoryOptionCombo => "categoryOptionCombos",
            Self::OptionSet => "optionSets",
            Self::Option => "options",
            Self::UserGroup => "userGroups",
        }
    }

    /// Java class name used in messages, e.g. `DataSet`.
    pub fn type_name(self) -> &'static str {
        match self {
            Self::OrganisationUnit => "OrganisationUnit",
            Self::OrganisationUnitLevel => "OrganisationUnitLevel",
            Self::OrganisationUnitGroup => "OrganisationUnitGroup",
            Self::DataSet => "DataSet",
            Self::DataElement => "DataElement",
            Self::DataElementGroup => "DataElementGroup",
            Self::CategoryCombo => "CategoryCombo",
            Self::Category => "Category",
            Self::CategoryOption => "CategoryOption",
            Self::CategoryOptionCombo => "CategoryOptionCombo",
            Self::OptionSet => "OptionSet",
            Self::Option => "Option",
            Self::UserGroup => "UserGroup",
        }
    }

    /// Stored name of the kind.
    pub fn stored_name(self) -> &'static str {
        self.type_name()
    }

    /// The kind with collection name `collection`.
    pub fn from_collection(collection: &str) -> Option<Self> {
        ALL_KINDS
            .into_iter()
            .find(|kind| kind.collection() == collection)
    }

    /// The kind with stored name `name`.
    pub fn from_stored_name(name: &str) -> Option<Self> {
        ALL_KINDS
            .into_iter()
            .find(|kind| kind.stored_name() == name)
    }

    /// Properties that exist in the schema even when no object has a value for them.
    pub fn optional_properties(self) -> &'static [&'static str] {
        match self {
            Self::OrganisationUnit => &[
                "code",
                "description",
                "parent",
                "closedDate",
                "comment",
                "url",
                "contactPerson",
                "address",
                "email",
                "phoneNumber",
                "geometry",
            ],
            Self::DataElement => &[
                "code",
                "description",
                "optionSet",
                "commentOptionSet",
                "formName",
                "url",
            ],
            Self::DataSet => &["code", "description", "workflow", "formName"],
            Self::CategoryOption => &["code", "description", "startDate", "endDate", "formName"],
            Self::Option => &["code", "description", "style"],
            _ => &["code", "description"],
        }
    }
}

/// One stored metadata object.
#[derive(Debug, Clone)]
pub struct MetadataObject {
    /// Its type.
    pub kind: Kind,
    /// Storage id (used as foreign key by data values).
    pub internal_id: i64,
    /// Full JSON with references as `{"id": …}`.
    pub json: Map<String, Value>,
}

impl MetadataObject {
    /// The object's UID.
    pub fn uid(&self) -> &str {
        self.json
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// A string property.
    pub fn text(&self, property: &str) -> Option<&str> {
        self.json.get(property).and_then(Value::as_str)
    }

    /// UIDs of a reference list property (`[{"id": …}]`).
    pub fn reference_ids(&self, property: &str) -> Vec<String> {
        reference_ids(self.json.get(property))
    }

    /// UID of a single reference property (`{"id": …}`).
    pub fn reference_id(&self, property: &str) -> Option<String> {
        self.json
            .get(property)
            .and_then(|value| value.get("id"))
            .and_then(Value::as_str)
            .map(str::to_string)
    }
}

/// UIDs of a `[{"id": …}]` JSON value.
pub fn reference_ids(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item.get("id").and_then(Value::as_str))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Errors loading metadata.
#[derive(Debug, thiserror::Error)]
pub enum MetadataError {
    /// Storage failed.
    #[error("storage error: {0}")]
    Storage(#[from] rusqlite::Error),
    /// A stored object is not valid JSON.
    #[error("invalid stored metadata object {uid}: {source}")]
    InvalidJson {
        /// The object's UID.
        uid: String,
        /// The parse error.
        source: serde_json::Error,
    },
}

/// All metadata, indexed.
#[derive(Debug, Default)]
pub struct MetadataStore {
    objects: Vec<MetadataObject>,
    by_kind: HashMap<Kind, Vec<usize>>,
    by_uid: HashMap<String, usize>,
    by_internal_id: HashMap<i64, usize>,
    properties: HashMap<Kind, HashMap<String, Option<Kind>>>,
    /// Typed view used by data value import/export.
    pub catalog: Catalog,
}

impl MetadataStore {
    /// Loads every stored metadata object.
    pub fn load(connection: &Connection) -> Result<Self, MetadataError> {
        let mut statement =
            connection.prepare("SELECT id, kind, uid, json FROM metadata_object ORDER BY id")?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
            ))
        })?;
        let mut objects = Vec::new();
        for row in rows {
            let (internal_id, kind_name, uid, json_text) = row?;
            let Some(kind) = Kind::from_stored_name(&kind_name) else {
                continue;
            };
            let json: Map<String, Value> = serde_json::from_str(&json_text)
                .map_err(|source| MetadataError::InvalidJson { uid, source })?;
            objects.push(MetadataObject {
                kind,
                internal_id,
                json,
            });
        }
        Ok(Self::from_objects(objects))
    }

    /// Builds the indexes over `objects`.
    pub fn from_objects(objects: Vec<MetadataObject>) -> Self {
        let mut store = Self {
            objects,
            ..Self::default()
        };
        for (index, object) in store.objects.iter().enumerate() {
            store.by_kind.entry(object.kind).or_default().push(index);
            store.by_uid.insert(object.uid().to_string(), index);
            store.by_internal_id.insert(object.internal_id, index);
        }
        store.properties = store.derive_properties();
        store.catalog = Catalog::build(&store);
        store
    }

    fn derive_properties(&self) -> HashMap<Kind, HashMap<String, Option<Kind>>> {
        let mut properties: HashMap<Kind, HashMap<String, Option<Kind>>> = HashMap::new();
        for object in &self.objects {
            let entry = properties.entry(object.kind).or_default();
            for (name, value) in &object.json {
                let target = self.reference_target_kind(value);
                let slot = entry.entry(name.clone()).or_insert(None);
                if slot.is_none() {
                    *slot = target;
                }
            }
        }
        for kind in ALL_KINDS {
            let entry = properties.entry(kind).or_default();
            for name in kind.optional_properties() {
                entry.entry((*name).to_string()).or_insert(None);
            }
        }
        properties
    }

    fn reference_target_kind(&self, value: &Value) -> Option<Kind> {
        let candidate = match value {
            Value::Array(items) => items.first()?,
            other => other,
        };
        let uid = candidate
            .as_object()
            .filter(|map| map.len() == 1)?
            .get("id")?
            .as_str()?;
        self.get(uid).map(|object| object.kind)
    }

    /// Whether `property` is a known property of `kind`, and which kind it references.
    pub fn property(&self, kind: Kind, property: &str) -> Option<Option<Kind>> {
        self.properties
            .get(&kind)
            .and_then(|properties| properties.get(property))
            .copied()
    }

    /// Every object of `kind`, in storage order.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &MetadataObject> {
        self.by_kind
            .get(&kind)
            .into_iter()
            .flatten()
            .map(|index| &self.objects[*index])
    }

    /// The object with `uid`, of any kind.
    pub fn get(&self, uid: &str) -> Option<&MetadataObject> {
        self.by_uid.get(uid).map(|index| &self.objects[*index])
    }

    /// The object with `uid` if it is of `kind`.
    pub fn get_of_kind(&self, kind: Kind, uid: &str) -> Option<&MetadataObject> {
        self.get(uid).filter(|object| object.kind == kind)
    }

    /// The object with storage id `internal_id`.
    pub fn by_internal_id(&self, internal_id: i64) -> Option<&MetadataObject> {
        self.by_internal_id
            .get(&internal_id)
            .map(|index| &self.objects[*index])
    }
}

/// Typed facts about an organisation unit.
#[derive(Debug, Clone)]
pub struct OrgUnitInfo {
    /// Storage id.
    pub internal_id: i64,
    /// UID.
    pub uid: String,
    /// Code, if any.
    pub code: Option<String>,
    /// Name.
    pub name: String,
    /// Its attribute values: (attribute UID, value), what `ATTRIBUTE:<uid>` id schemes match.
    pub attribute_values: Vec<(String, String)>,
    /// `/root/…/self` path of UIDs.
    pub path: String,
    /// Level, 1 = root.
    pub level: u32,
}

/// Typed facts about a data element.
#[derive(Debug, Clone)]
pub struct DataElementInfo {
    /// Storage id.
    pub internal_id: i64,
    /// UID.
    pub uid: String,
    /// Code, if any.
    pub code: Option<String>,
    /// Name.
    pub name: String,
    /// Its attribute values: (attribute UID, value), what `ATTRIBUTE:<uid>` id schemes match.
    pub attribute_values: Vec<(String, String)>,
    /// Value type, e.g. `INTEGER`.
    pub value_type: String,
    /// Aggregation type, e.g. `SUM`.
    pub aggregation_type: String,
    /// Whether zeros are stored.
    pub zero_is_significant: bool,
    /// UID of the category combo.
    pub category_combo: String,
    /// Option codes when the data element has an option set.
    pub option_codes: Option<Vec<String>>,
    /// Indexes into [`Catalog::data_sets`] of the data sets containing the element.
    pub data_sets: Vec<usize>,
}

/// Typed facts about a data set.
#[derive(Debug, Clone)]
pub struct DataSetInfo {
    /// UID.
    pub uid: String,
    /// Code, if any.
    pub code: Option<String>,
    /// Name.
    pub name: String,
    /// Its attribute values: (attribute UID, value), what `ATTRIBUTE:<uid>` id schemes match.
    pub attribute_values: Vec<(String, String)>,
    /// Period type name.
    pub period_type: String,
    /// UID of the attribute category combo.
    pub category_combo: String,
    /// Data element UIDs.
    pub data_elements: Vec<String>,
    /// Storage ids of the org units the set is assigned to.
    pub org_units: HashSet<i64>,
    /// `openFuturePeriods`.
    pub open_future_periods: i64,
    /// `expiryDays`.
    pub expiry_days: i64,
    /// `openPeriodsAfterCoEndDate`.
    pub open_periods_after_category_option_end_date: i64,
    /// UID of the approval workflow, if any.
    pub workflow: Option<String>,
    /// `dataInputPeriods` (empty = every period may be entered at any time).
    pub data_input_periods: Vec<DataInputPeriod>,
    /// Who may read and write its data.
    pub sharing: crate::sharing::Sharing,
}

/// One entry of a data set's `dataInputPeriods`: the period, and when it is open for input.
#[derive(Debug, Clone)]
pub struct DataInputPeriod {
    /// The period (unparseable entries never match).
    pub period: Option<crate::periods::Period>,
    /// Opening time, if any.
    pub opening: Option<chrono::NaiveDateTime>,
    /// Closing time, if any.
    pub closing: Option<chrono::NaiveDateTime>,
}

impl DataInputPeriod {
    /// DHIS2's `DataInputPeriod.isPeriodAndDateValid`: the same period, and `now` between the
    /// opening and closing times.
    pub fn allows(&self, period: &crate::periods::Period, now: chrono::NaiveDateTime) -> bool {
        self.period
            .as_ref()
            .is_some_and(|own| own.start == period.start && own.end == period.end)
            && self.opening.is_none_or(|opening| opening <= now)
            && self.closing.is_none_or(|closing| now < closing)
    }
}

impl DataSetInfo {
    /// DHIS2's `DataSet.isDataInputPeriodAndDateAllowed`.
    pub fn input_allowed(
        &self,
        period: &crate::periods::Period,
        now: chrono::NaiveDateTime,
    ) -> bool {
        self.data_input_periods.is_empty()
            || self
                .data_input_periods
                .iter()
                .any(|input_period| input_period.allows(period, now))
    }
}

/// Typed facts about a category option combo.
#[derive(Debug, Clone)]
pub struct CategoryOptionComboInfo {
    /// Storage id.
    pub internal_id: i64,
    /// UID.
    pub uid: String,
    /// Code, if any.
    pub code: Option<String>,
    /// Name.
    pub name: String,
    /// Its attribute values: (attribute UID, value), what `ATTRIBUTE:<uid>` id schemes match.
    pub attribute_values: Vec<(String, String)>,
    /// UID of the combo it belongs to.
    pub category_combo: String,
    /// UIDs of its category options.
    pub category_options: Vec<String>,
}

/// Typed facts about a category option.
#[derive(Debug, Clone)]
pub struct CategoryOptionInfo {
    /// UID.
    pub uid: String,
    /// Start date `yyyy-MM-dd`, if any.
    pub start_date: Option<chrono::NaiveDate>,
    /// End date, if any.
    pub end_date: Option<chrono::NaiveDate>,
    /// Org unit UIDs it is restricted to (empty = everywhere).
    pub org_units: Vec<String>,
    /// Who may read and write data of it.
    pub sharing: crate::sharing::Sharing,
}

/// Typed lookups for data value import and export.
#[derive(Debug, Default)]
pub struct Catalog {
    /// Organisation units.
    pub org_units: Vec<OrgUnitInfo>,
    /// Data elements.
    pub data_elements: Vec<DataElementInfo>,
    /// Data sets.
    pub data_sets: Vec<DataSetInfo>,
    /// Category option combos (disaggregation and attribute).
    pub category_option_combos: Vec<CategoryOptionComboInfo>,
    /// Category options by UID.
    pub category_options: HashMap<String, CategoryOptionInfo>,
    /// Category option combo UIDs per category combo UID.
    pub combo_option_combos: HashMap<String, Vec<String>>,
    /// Org unit index by UID.
    pub org_unit_by_uid: HashMap<String, usize>,
    /// Org unit index by storage id.
    pub org_unit_by_internal_id: HashMap<i64, usize>,
    /// Data element index by UID.
    pub data_element_by_uid: HashMap<String, usize>,
    /// Data element index by storage id.
    pub data_element_by_internal_id: HashMap<i64, usize>,
    /// Data set index by UID.
    pub data_set_by_uid: HashMap<String, usize>,
    /// Category option combo index by UID.
    pub category_option_combo_by_uid: HashMap<String, usize>,
    /// Category option combo index by storage id.
    pub category_option_combo_by_internal_id: HashMap<i64, usize>,
    /// Org unit group UID → member org unit storage ids.
    pub org_unit_groups: HashMap<String, Vec<i64>>,
    /// Data element group UID → member data element UIDs.
    pub data_element_groups: HashMap<String, Vec<String>>,
}

fn optional_text(object: &MetadataObject, property: &str) -> Option<String> {
    object.text(property).map(str::to_string)
}

/// The object's `attributeValues` (`[{"attribute": {"id"}, "value"}]`) as (attribute UID, value).
fn attribute_values(object: &MetadataObject) -> Vec<(String, String)> {
    object
        .json
        .get("attributeValues")
        .and_then(Value::as_array)
        .map(|entries| {
            entries
                .iter()
                .filter_map(|entry| {
                    let attribute = entry.get("attribute")?.get("id")?.as_str()?;
                    let value = entry.get("value")?.as_str()?;
                    Some((attribute.to_string(), value.to_string()))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn parse_date_time(text: Option<&str>) -> Option<chrono::NaiveDateTime> {
    let text = text?;
    let date = parse_date(Some(text))?;
    let time = text
        .get(11..19)
        .and_then(|time| chrono::NaiveTime::parse_from_str(time, "%H:%M:%S").ok())
        .unwrap_or_default();
    Some(date.and_time(time))
}

fn data_input_periods(object: &MetadataObject) -> Vec<DataInputPeriod> {
    object
        .json
        .get("dataInputPeriods")
        .and_then(Value::as_array)
        .map(|entries| {
            entries
                .iter()
                .map(|entry| DataInputPeriod {
                    period: entry
                        .get("period")
                        .and_then(|period| period.get("id").or(Some(period)))
                        .and_then(Value::as_str)
                        .and_then(crate::periods::Period::parse),
                    opening: parse_date_time(entry.get("openingDate").and_then(Value::as_str)),
                    closing: parse_date_time(entry.get("closingDate").and_then(Value::as_str)),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn parse_date(text: Option<&str>) -> Option<chrono::NaiveDate> {
    let text = text?;
    chrono::NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()
}

impl Catalog {
    fn build(store: &MetadataStore) -> Self {
        let mut catalog = Self::default();
        for object in store.of_kind(Kind::OrganisationUnit) {
            catalog
                .org_unit_by_uid
                .insert(object.uid().to_string(), catalog.org_units.len());
            catalog
                .org_unit_by_internal_id
                .insert(object.internal_id, catalog.org_units.len());
            catalog.org_units.push(OrgUnitInfo {
                internal_id: object.internal_id,
                uid: object.uid().to_string(),
                code: optional_text(object, "code"),
                name: object.text("name").unwrap_or_default().to_string(),
                attribute_values: attribute_values(object),
                path: object.text("path").unwrap_or_default().to_string(),
                level: object
                    .json
                    .get("level")
                    .and_then(Value::as_u64)
                    .unwrap_or(1) as u32,
            });
        }
        for object in store.of_kind(Kind::CategoryOption) {
            catalog.category_options.insert(
                object.uid().to_string(),
                CategoryOptionInfo {
                    uid: object.uid().to_string(),
                    start_date: parse_date(object.text("startDate")),
                    end_date: parse_date(object.text("endDate")),
                    org_units: object.reference_ids("organisationUnits"),
                    sharing: crate::sharing::Sharing::of(&object.json),
                },
            );
        }
        for object in store.of_kind(Kind::CategoryOptionCombo) {
            let combo = object.reference_id("categoryCombo").unwrap_or_default();
            catalog
                .combo_option_combos
                .entry(combo.clone())
                .or_default()
                .push(object.uid().to_string());
            catalog.category_option_combo_by_uid.insert(
                object.uid().to_string(),
                catalog.category_option_combos.len(),
            );
            catalog
                .category_option_combo_by_internal_id
                .insert(object.internal_id, catalog.category_option_combos.len());
            catalog
                .category_option_combos
                .push(CategoryOptionComboInfo {
                    internal_id: object.internal_id,
                    uid: object.uid().to_string(),
                    code: optional_text(object, "code"),
                    name: object.text("name").unwrap_or_default().to_string(),
                    attribute_values: attribute_values(object),
                    category_combo: combo,
                    category_options: object.reference_ids("categoryOptions"),
                });
        }
        for object in store.of_kind(Kind::DataSet) {
            let org_units = object
                .reference_ids("organisationUnits")
                .iter()
                .filter_map(|uid| store.get(uid).map(|unit| unit.internal_id))
                .collect();
            let data_elements = object
                .json
                .get("dataSetElements")
                .and_then(Value::as_array)
                .map(|elements| {
                    elements
                        .iter()
                        .filter_map(|element| {
                            element
                                .get("dataElement")
                                .and_then(|reference| reference.get("id"))
                                .and_then(Value::as_str)
                                .map(str::to_string)
                        })
                        .collect()
                })
                .unwrap_or_default();
            let number = |property: &str| {
                object
                    .json
                    .get(property)
                    .and_then(Value::as_i64)
                    .unwrap_or(0)
            };
            catalog
                .data_set_by_uid
                .insert(object.uid().to_string(), catalog.data_sets.len());
            catalog.data_sets.push(DataSetInfo {
                uid: object.uid().to_string(),
                code: optional_text(object, "code"),
                name: object.text("name").unwrap_or_default().to_string(),
                attribute_values: attribute_values(object),
                period_type: object.text("periodType").unwrap_or("Monthly").to_string(),
                category_combo: object
                    .reference_id("categoryCombo")
                    .unwrap_or_else(|| DEFAULT_CATEGORY_COMBO.to_string()),
                data_elements,
                org_units,
                open_future_periods: number("openFuturePeriods"),
                expiry_days: number("expiryDays"),
                open_periods_after_category_option_end_date: number("openPeriodsAfterCoEndDate"),
                workflow: object.reference_id("workflow"),
                data_input_periods: data_input_periods(object),
                sharing: crate::sharing::Sharing::of(&object.json),
            });
        }
        for object in store.of_kind(Kind::DataElement) {
            let uid = object.uid().to_string();
            let data_sets = catalog
                .data_sets
                .iter()
                .enumerate()
                .filter(|(_, data_set)| data_set.data_elements.contains(&uid))
                .map(|(index, _)| index)
                .collect();
            // DHIS2's `OptionSet.getOptionCodesAsSet`: the codes of the set's options, in the
            // set's order.
            let option_codes = object
                .reference_id("optionSet")
                .and_then(|set| store.get_of_kind(Kind::OptionSet, &set))
                .map(|set| {
                    set.reference_ids("options")
                        .iter()
                        .filter_map(|option| store.get_of_kind(Kind::Option, option))
                        .filter_map(|option| option.text("code").map(str::to_string))
                        .collect()
                });
            catalog
                .data_element_by_uid
                .insert(uid.clone(), catalog.data_elements.len());
            catalog
                .data_element_by_internal_id
                .insert(object.internal_id, catalog.data_elements.len());
            catalog.data_elements.push(DataElementInfo {
                internal_id: object.internal_id,
                uid,
                code: optional_text(object, "code"),
                name: object.text("name").unwrap_or_default().to_string(),
                attribute_values: attribute_values(object),
                value_type: object.text("valueType").unwrap_or("TEXT").to_string(),
                aggregation_type: object.text("aggregationType").unwrap_or("NONE").to_string(),
                zero_is_significant: object
                    .json
                    .get("zeroIsSignificant")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
                category_combo: object
                    .reference_id("categoryCombo")
                    .unwrap_or_else(|| DEFAULT_CATEGORY_COMBO.to_string()),
                option_codes,
                data_sets,
            });
        }
        for object in store.of_kind(Kind::OrganisationUnitGroup) {
            let members = object
                .reference_ids("organisationUnits")
                .iter()
                .filter_map(|uid| store.get(uid).map(|unit| unit.internal_id))
                .collect();
            catalog
                .org_unit_groups
                .insert(object.uid().to_string(), members);
        }
        for object in store.of_kind(Kind::DataElementGroup) {
            catalog.data_element_groups.insert(
                object.uid().to_string(),
                object.reference_ids("dataElements"),
            );
        }
        catalog
    }

    /// The org unit with `uid`.
    pub fn org_unit(&self, uid: &str) -> Option<&OrgUnitInfo> {
        self.org_unit_by_uid
            .get(uid)
            .map(|index| &self.org_units[*index])
    }

    /// The data element with `uid`.
    pub fn data_element(&self, uid: &str) -> Option<&DataElementInfo> {
        self.data_element_by_uid
            .get(uid)
            .map(|index| &self.data_elements[*index])
    }

    /// The data set with `uid`.
    pub fn data_set(&self, uid: &str) -> Option<&DataSetInfo> {
        self.data_set_by_uid
            .get(uid)
            .map(|index| &self.data_sets[*index])
    }

    /// The category option combo with `uid`.
    pub fn category_option_combo(&self, uid: &str) -> Option<&CategoryOptionComboInfo> {
        self.category_option_combo_by_uid
            .get(uid)
            .map(|index| &self.category_option_combos[*index])
    }
}
