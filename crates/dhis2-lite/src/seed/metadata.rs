//! The demo country's metadata: org unit hierarchy, category model, data elements and data sets.
//!
//! Names are invented but look like a real DHIS2 database; UIDs are derived from stable keys.

use serde_json::{Map, Value, json};

use crate::metadata::{
    DEFAULT_CATEGORY, DEFAULT_CATEGORY_COMBO, DEFAULT_CATEGORY_OPTION,
    DEFAULT_CATEGORY_OPTION_COMBO, Kind,
};
use crate::uid::deterministic_uid;
use crate::users::ADMIN_USER_UID;

/// Metadata creation timestamp of every seeded object.
const CREATED: &str = "2023-06-01T08:00:00.000";
/// Metadata last-updated timestamp of every seeded object.
const LAST_UPDATED: &str = "2023-11-15T09:30:00.000";

/// The generated demo metadata.
#[derive(Debug, Default)]
pub struct DemoMetadata {
    /// Objects in insertion order.
    pub objects: Vec<(Kind, Map<String, Value>)>,
    /// UID of the root org unit.
    pub root_org_unit: String,
    /// UIDs of the districts (level 3).
    pub districts: Vec<String>,
}

fn uid(kind: &str, key: &str) -> String {
    deterministic_uid(&format!("dhis2-lite demo {kind} {key}"))
}

fn reference(id: &str) -> Value {
    json!({ "id": id })
}

fn references<'a>(ids: impl IntoIterator<Item = &'a String>) -> Value {
    Value::Array(ids.into_iter().map(|id| reference(id)).collect())
}

fn base(id: &str, name: &str, code: Option<&str>, short_name: Option<&str>) -> Map<String, Value> {
    let mut object = Map::new();
    object.insert("id".into(), json!(id));
    if let Some(code) = code {
        object.insert("code".into(), json!(code));
    }
    object.insert("name".into(), json!(name));
    object.insert("displayName".into(), json!(name));
    if let Some(short_name) = short_name {
        object.insert("shortName".into(), json!(short_name));
        object.insert("displayShortName".into(), json!(short_name));
    }
    object.insert("created".into(), json!(CREATED));
    object.insert("lastUpdated".into(), json!(LAST_UPDATED));
    object.insert("createdBy".into(), reference(ADMIN_USER_UID));
    object.insert("lastUpdatedBy".into(), reference(ADMIN_USER_UID));
    object.insert(
        "sharing".into(),
        json!({"owner": ADMIN_USER_UID, "external": false, "public": "rwrw----", "users": {}, "userGroups": {}}),
    );
    object.insert("attributeValues".into(), json!([]));
    object.insert("translations".into(), json!([]));
    object.insert("favorites".into(), json!([]));
    object.insert("favorite".into(), json!(false));
    object
}

fn short(name: &str) -> String {
    name.chars().take(50).collect()
}

const ONSETS: [&str; 24] = [
    "Ba", "Ko", "Ma", "Ny", "Ti", "Go", "Ka", "Lu", "Mo", "Se", "Wa", "Da", "Fa", "Ke", "Pe", "Ro",
    "Sa", "To", "Ya", "Bu", "Gba", "Kpa", "Nja", "Mba",
];
const MIDDLES: [&str; 16] = [
    "la", "ne", "ri", "ko", "ma", "ti", "wu", "sa", "ba", "ye", "hu", "di", "lo", "gi", "ra", "mu",
];
const ENDINGS: [&str; 12] = [
    "hun", "ma", "ra", "bu", "ndu", "yama", "wo", "kor", "ta", "lehun", "bom", "sie",
];

/// An invented place name, unique for `index` < 24·16·12.
fn place_name(index: usize) -> String {
    let mixed = (index * 2_311 + 7) % (ONSETS.len() * MIDDLES.len() * ENDINGS.len());
    let onset = ONSETS[mixed % ONSETS.len()];
    let middle = MIDDLES[(mixed / ONSETS.len()) % MIDDLES.len()];
    let ending = ENDINGS[(mixed / (ONSETS.len() * MIDDLES.len())) % ENDINGS.len()];
    format!("{onset}{middle}{ending}")
}

struct OrgUnitDraft {
    uid: String,
    name: String,
    short_name: String,
    code: String,
    parent: Option<usize>,
    level: u32,
    children: Vec<usize>,
    groups: Vec<String>,
    data_sets: Vec<String>,
    facility_type: Option<&'static str>,
    opening_date: String,
}

/// One demo data element definition.
struct ElementDefinition {
    name: &'static str,
    code: &'static str,
    value_type: &'static str,
    aggregation_type: &'static str,
    combo: &'static str,
    zero_is_significant: bool,
}

const fn element(
    name: &'static str,
    code: &'static str,
    value_type: &'static str,
    aggregation_type: &'static str,
    combo: &'static str,
    zero_is_significant: bool,
) -> ElementDefinition {
    ElementDefinition {
        name,
        code,
        value_type,
        aggregation_type,
        combo,
        zero_is_significant,
    }
}

struct DataSetDefinition {
    key: &'static str,
    name: &'static str,
    code: &'static str,
    period_type: &'static str,
    attribute_combo: &'static str,
    /// Which facilities get the set: "all" or "large" (hospitals and CHCs).
    assignment: &'static str,
    elements: &'static [ElementDefinition],
}

const CHILD_HEALTH: &[ElementDefinition] = &[
    element(
        "BCG doses given",
        "CH_BCG",
        "INTEGER_ZERO_OR_POSITIVE",
        "SUM",
        "sex",
        false,
    ),
    element(
        "Measles doses given",
        "CH_MEASLES",
        "INTEGER_ZERO_OR_POSITIVE",
        "SUM",
        "sex",
        false,
    ),
    element(
        "Penta 3 doses given",
        "CH_PENTA3",
        "INTEGER_ZERO_OR_POSITIVE",
        "SUM",
        "sex",
        false,
    ),
    element(
        "Malaria cases confirmed",
        "CH_MAL_CONF",
        "INTEGER_ZERO_OR_POSITIVE",
        "SUM",
        "age_sex",
        false,
    ),
    element(
        "Malaria cases treated",
        "CH_MAL_TREAT",
        "INTEGER",
        "SUM",
        "age_sex",
        false,
    ),
    element(
        "Diarrhoea cases",
        "CH_DIARRHOEA",
        "INTEGER",
        "SUM",
        "age_sex",
        false,
    ),
    element(
        "Underweight children rate",
        "CH_UNDERWEIGHT",
        "PERCENTAGE",
        "AVERAGE",
        "default",
        false,
    ),
    element(
        "Vitamin A coverage",
        "CH_VITA",
        "PERCENTAGE",
        "AVERAGE",
        "default",
        false,
    ),
    element(
        "Outreach sessions held",
        "CH_OUTREACH",
        "INTEGER_POSITIVE",
        "SUM",
        "default",
        false,
    ),
    element(
        "ORS sachets in stock",
        "CH_ORS_STOCK",
        "INTEGER_ZERO_OR_POSITIVE",
        "AVERAGE_SUM_ORG_UNIT",
        "default",
        true,
    ),
    element(
        "ACT stock-out days",
        "CH_ACT_STOCKOUT",
        "INTEGER_ZERO_OR_POSITIVE",
        "COUNT",
        "default",
        false,
    ),
    element(
        "Cold chain functional",
        "CH_COLD_CHAIN",
        "BOOLEAN",
        "AVERAGE",
        "default",
        false,
    ),
    element(
        "Clinic remarks",
        "CH_REMARKS",
        "TEXT",
        "NONE",
        "default",
        false,
    ),
    element(
        "Last supervision visit",
        "CH_SUPERVISION_DATE",
        "DATE",
        "NONE",
        "default",
        false,
    ),
    element(
        "Average waiting time (minutes)",
        "CH_WAIT_TIME",
        "NUMBER",
        "AVERAGE",
        "default",
        false,
    ),
];

const HIV_PROGRAMME: &[ElementDefinition] = &[
    element(
        "HIV tests performed",
        "HIV_TESTS",
        "INTEGER_ZERO_OR_POSITIVE",
        "SUM",
        "age_sex",
        false,
    ),
    element(
        "HIV positive results",
        "HIV_POSITIVE",
        "INTEGER_ZERO_OR_POSITIVE",
        "SUM",
        "age_sex",
        false,
    ),
    element(
        "ART patients enrolled",
        "HIV_ART_NEW",
        "INTEGER",
        "SUM",
        "sex",
        false,
    ),
    element(
        "ART patients on treatment",
        "HIV_ART_CURRENT",
        "INTEGER_ZERO_OR_POSITIVE",
        "AVERAGE_SUM_ORG_UNIT",
        "default",
        true,
    ),
    element(
        "Condoms distributed",
        "HIV_CONDOMS",
        "INTEGER_ZERO_OR_POSITIVE",
        "SUM",
        "default",
        false,
    ),
    element(
        "Viral load suppression rate",
        "HIV_VL_SUPPRESSION",
        "PERCENTAGE",
        "AVERAGE",
        "default",
        false,
    ),
    element(
        "PMTCT mothers counselled",
        "HIV_PMTCT",
        "INTEGER",
        "SUM",
        "default",
        false,
    ),
    element(
        "HIV test kit stock-out",
        "HIV_KIT_STOCKOUT",
        "TRUE_ONLY",
        "COUNT",
        "default",
        false,
    ),
];

const SURVEILLANCE: &[ElementDefinition] = &[
    element(
        "Cholera suspected cases",
        "IDSR_CHOLERA",
        "INTEGER_ZERO_OR_POSITIVE",
        "SUM",
        "default",
        true,
    ),
    element(
        "Measles suspected cases",
        "IDSR_MEASLES",
        "INTEGER_ZERO_OR_POSITIVE",
        "SUM",
        "default",
        true,
    ),
    element(
        "Yellow fever suspected cases",
        "IDSR_YELLOW_FEVER",
        "INTEGER_ZERO_OR_POSITIVE",
        "SUM",
        "default",
        false,
    ),
    element(
        "Lassa fever suspected cases",
        "IDSR_LASSA",
        "INTEGER_ZERO_OR_POSITIVE",
        "SUM",
        "default",
        false,
    ),
    element(
        "Acute flaccid paralysis cases",
        "IDSR_AFP",
        "INTEGER_ZERO_OR_POSITIVE",
        "SUM",
        "default",
        false,
    ),
    element(
        "Neonatal tetanus cases",
        "IDSR_NNT",
        "INTEGER_ZERO_OR_POSITIVE",
        "SUM",
        "default",
        false,
    ),
    element(
        "Meningitis suspected cases",
        "IDSR_MENINGITIS",
        "INTEGER_ZERO_OR_POSITIVE",
        "SUM",
        "default",
        false,
    ),
    element(
        "Animal bites",
        "IDSR_BITES",
        "INTEGER",
        "SUM",
        "default",
        false,
    ),
    element(
        "Surveillance notes",
        "IDSR_NOTES",
        "LONG_TEXT",
        "NONE",
        "default",
        false,
    ),
];

const QUARTERLY_REVIEW: &[ElementDefinition] = &[
    element(
        "Doctors on staff",
        "QR_DOCTORS",
        "INTEGER_ZERO_OR_POSITIVE",
        "LAST",
        "default",
        true,
    ),
    element(
        "Nurses on staff",
        "QR_NURSES",
        "INTEGER_ZERO_OR_POSITIVE",
        "LAST",
        "default",
        true,
    ),
    element(
        "Beds available",
        "QR_BEDS",
        "INTEGER_ZERO_OR_POSITIVE",
        "LAST_AVERAGE_ORG_UNIT",
        "default",
        true,
    ),
    element(
        "Patient satisfaction score",
        "QR_SATISFACTION",
        "NUMBER",
        "AVERAGE",
        "default",
        false,
    ),
    element(
        "Maternal deaths",
        "QR_MATERNAL_DEATHS",
        "INTEGER_ZERO_OR_POSITIVE",
        "SUM",
        "default",
        true,
    ),
    element(
        "Quality of care index",
        "QR_QUALITY",
        "UNIT_INTERVAL",
        "AVERAGE",
        "default",
        false,
    ),
    element(
        "Supervision completed",
        "QR_SUPERVISED",
        "BOOLEAN",
        "COUNT",
        "default",
        false,
    ),
    element(
        "Review meeting date",
        "QR_REVIEW_DATE",
        "DATE",
        "NONE",
        "default",
        false,
    ),
];

const POPULATION: &[ElementDefinition] = &[
    element(
        "Population estimate",
        "POP_ESTIMATE",
        "INTEGER_POSITIVE",
        "SUM",
        "age_sex",
        false,
    ),
    element(
        "Expected pregnancies",
        "POP_PREGNANCIES",
        "NUMBER",
        "SUM",
        "default",
        false,
    ),
    element(
        "Households in catchment",
        "POP_HOUSEHOLDS",
        "INTEGER",
        "SUM",
        "default",
        false,
    ),
    element(
        "Catchment area (km2)",
        "POP_AREA",
        "NUMBER",
        "AVERAGE_SUM_ORG_UNIT",
        "default",
        false,
    ),
    element(
        "Facility email",
        "POP_EMAIL",
        "EMAIL",
        "NONE",
        "default",
        false,
    ),
    element(
        "Facility phone number",
        "POP_PHONE",
        "PHONE_NUMBER",
        "NONE",
        "default",
        false,
    ),
    element(
        "Facility ownership",
        "POP_OWNERSHIP",
        "TEXT",
        "NONE",
        "default",
        false,
    ),
];

const DATA_SETS: &[DataSetDefinition] = &[
    DataSetDefinition {
        key: "child-health",
        name: "Child Health Monthly",
        code: "DS_CHILD_HEALTH",
        period_type: "Monthly",
        attribute_combo: "default",
        assignment: "all",
        elements: CHILD_HEALTH,
    },
    DataSetDefinition {
        key: "hiv",
        name: "HIV Programme Monthly",
        code: "DS_HIV",
        period_type: "Monthly",
        attribute_combo: "funding",
        assignment: "large",
        elements: HIV_PROGRAMME,
    },
    DataSetDefinition {
        key: "idsr",
        name: "Disease Surveillance Weekly",
        code: "DS_IDSR",
        period_type: "Weekly",
        attribute_combo: "default",
        assignment: "large",
        elements: SURVEILLANCE,
    },
    DataSetDefinition {
        key: "quarterly-review",
        name: "Facility Quarterly Review",
        code: "DS_QUARTERLY_REVIEW",
        period_type: "Quarterly",
        attribute_combo: "default",
        assignment: "all",
        elements: QUARTERLY_REVIEW,
    },
    DataSetDefinition {
        key: "population",
        name: "Population Yearly",
        code: "DS_POPULATION",
        period_type: "Yearly",
        attribute_combo: "default",
        assignment: "all",
        elements: POPULATION,
    },
];

/// The options (code, name) of the "Facility ownership" option set, in order.
const OWNERSHIP_OPTIONS: [(&str, &str); 4] = [
    ("PUBLIC", "Public"),
    ("PRIVATE", "Private"),
    ("NGO", "Non-governmental organisation"),
    ("FAITH_BASED", "Faith based"),
];

/// (uid, name, code, option uids) of a generated category option combo.
type OptionComboDraft = (String, String, String, Vec<String>);

struct CategoryDraft {
    key: &'static str,
    name: &'static str,
    code: &'static str,
    attribute: bool,
    options: Vec<(
        &'static str,
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
    )>,
}

/// Builds the demo metadata (no data values).
pub fn build_demo_metadata() -> DemoMetadata {
    let mut demo = DemoMetadata::default();
    let org_units = build_org_units();
    demo.root_org_unit = org_units[0].uid.clone();
    demo.districts = org_units
        .iter()
        .filter(|unit| unit.level == 3)
        .map(|unit| unit.uid.clone())
        .collect();
    let facility_uids: Vec<String> = org_units
        .iter()
        .filter(|unit| unit.level == 5)
        .map(|unit| unit.uid.clone())
        .collect();
    let large_facility_uids: Vec<String> = org_units
        .iter()
        .filter(|unit| matches!(unit.facility_type, Some("Hospital" | "CHC")))
        .map(|unit| unit.uid.clone())
        .collect();

    // Category model.
    let categories = vec![
        CategoryDraft {
            key: "sex",
            name: "Sex",
            code: "SEX",
            attribute: false,
            options: vec![
                ("Male", "MALE", None, None),
                ("Female", "FEMALE", None, None),
            ],
        },
        CategoryDraft {
            key: "age",
            name: "Age group",
            code: "AGE_GROUP",
            attribute: false,
            options: vec![
                ("0-4y", "AGE_0_4", None, None),
                ("5-14y", "AGE_5_14", None, None),
                ("15-49y", "AGE_15_49", None, None),
                ("50+y", "AGE_50_PLUS", None, None),
            ],
        },
        CategoryDraft {
            key: "funding",
            name: "Funding mechanism",
            code: "FUNDING_MECHANISM",
            attribute: true,
            options: vec![
                ("Government", "FUND_GOV", None, None),
                ("Global Fund", "FUND_GF", Some("2024-01-01"), None),
                ("USAID", "FUND_USAID", None, Some("2025-06-30")),
                ("World Bank", "FUND_WB", Some("2024-07-01"), None),
            ],
        },
    ];
    // Combos: key, name, code, category keys, attribute.
    let combos: Vec<(&str, &str, &str, Vec<&str>, bool)> = vec![
        ("sex", "Sex", "CC_SEX", vec!["sex"], false),
        (
            "age_sex",
            "Age and sex",
            "CC_AGE_SEX",
            vec!["age", "sex"],
            false,
        ),
        (
            "funding",
            "Funding mechanism",
            "CC_FUNDING",
            vec!["funding"],
            true,
        ),
    ];
    let option_uid =
        |category: &str, code: &str| uid("categoryOption", &format!("{category}/{code}"));
    let category_uid = |key: &str| uid("category", key);
    let combo_uid = |key: &str| {
        if key == "default" {
            DEFAULT_CATEGORY_COMBO.to_string()
        } else {
            uid("categoryCombo", key)
        }
    };

    // Default dimension.
    let mut default_option = base(
        DEFAULT_CATEGORY_OPTION,
        "default",
        Some("default"),
        Some("default"),
    );
    default_option.insert("isDefault".into(), json!(true));
    default_option.insert("categories".into(), json!([reference(DEFAULT_CATEGORY)]));
    default_option.insert(
        "categoryOptionCombos".into(),
        json!([reference(DEFAULT_CATEGORY_OPTION_COMBO)]),
    );
    default_option.insert("organisationUnits".into(), json!([]));
    default_option.insert("categoryOptionGroups".into(), json!([]));
    demo.objects.push((Kind::CategoryOption, default_option));
    let mut default_category = base(
        DEFAULT_CATEGORY,
        "default",
        Some("default"),
        Some("default"),
    );
    default_category.insert("dataDimensionType".into(), json!("DISAGGREGATION"));
    default_category.insert("dataDimension".into(), json!(false));
    default_category.insert(
        "categoryOptions".into(),
        json!([reference(DEFAULT_CATEGORY_OPTION)]),
    );
    default_category.insert(
        "categoryCombos".into(),
        json!([reference(DEFAULT_CATEGORY_COMBO)]),
    );
    demo.objects.push((Kind::Category, default_category));
    let mut default_combo = base(DEFAULT_CATEGORY_COMBO, "default", Some("default"), None);
    default_combo.insert("dataDimensionType".into(), json!("DISAGGREGATION"));
    default_combo.insert("skipTotal".into(), json!(false));
    default_combo.insert("isDefault".into(), json!(true));
    default_combo.insert("categories".into(), json!([reference(DEFAULT_CATEGORY)]));
    default_combo.insert(
        "categoryOptionCombos".into(),
        json!([reference(DEFAULT_CATEGORY_OPTION_COMBO)]),
    );
    demo.objects.push((Kind::CategoryCombo, default_combo));
    let mut default_option_combo = base(
        DEFAULT_CATEGORY_OPTION_COMBO,
        "default",
        Some("default"),
        None,
    );
    default_option_combo.insert("ignoreApproval".into(), json!(false));
    default_option_combo.insert("categoryCombo".into(), reference(DEFAULT_CATEGORY_COMBO));
    default_option_combo.insert(
        "categoryOptions".into(),
        json!([reference(DEFAULT_CATEGORY_OPTION)]),
    );
    demo.objects
        .push((Kind::CategoryOptionCombo, default_option_combo));

    // Option combos per combo: cartesian product of options in category order.
    let mut combo_option_combos: Vec<(String, Vec<OptionComboDraft>)> = Vec::new();
    for (combo_key, _, combo_code, category_keys, _) in &combos {
        let mut products: Vec<Vec<(&str, &str)>> = vec![Vec::new()];
        for category_key in category_keys {
            let Some(category) = categories
                .iter()
                .find(|category| category.key == *category_key)
            else {
                continue;
            };
            let mut next = Vec::new();
            for product in &products {
                for (option_name, option_code, _, _) in &category.options {
                    let mut extended = product.clone();
                    extended.push((option_name, option_code));
                    next.push(extended);
                }
            }
            products = next;
        }
        let option_combos = products
            .iter()
            .map(|product| {
                let name = product
                    .iter()
                    .map(|(name, _)| *name)
                    .collect::<Vec<_>>()
                    .join(", ");
                let code = format!(
                    "{}_{}",
                    combo_code.trim_start_matches("CC_"),
                    product
                        .iter()
                        .map(|(_, code)| *code)
                        .collect::<Vec<_>>()
                        .join("_")
                );
                let option_ids = product
                    .iter()
                    .zip(category_keys.iter())
                    .map(|((_, option_code), category_key)| option_uid(category_key, option_code))
                    .collect();
                (
                    uid("categoryOptionCombo", &format!("{combo_key}/{code}")),
                    name,
                    code,
                    option_ids,
                )
            })
            .collect();
        combo_option_combos.push(((*combo_key).to_string(), option_combos));
    }
    for category in &categories {
        let option_ids: Vec<String> = category
            .options
            .iter()
            .map(|(_, code, _, _)| option_uid(category.key, code))
            .collect();
        let combo_ids: Vec<String> = combos
            .iter()
            .filter(|(_, _, _, keys, _)| keys.contains(&category.key))
            .map(|(key, _, _, _, _)| combo_uid(key))
            .collect();
        for (option_name, option_code, start, end) in &category.options {
            let id = option_uid(category.key, option_code);
            let mut option = base(&id, option_name, Some(option_code), Some(option_name));
            if let Some(start) = start {
                option.insert("startDate".into(), json!(format!("{start}T00:00:00.000")));
            }
            if let Some(end) = end {
                option.insert("endDate".into(), json!(format!("{end}T00:00:00.000")));
            }
            option.insert("isDefault".into(), json!(false));
            option.insert(
                "categories".into(),
                json!([reference(&category_uid(category.key))]),
            );
            let containing: Vec<String> = combo_option_combos
                .iter()
                .flat_map(|(_, option_combos)| option_combos.iter())
                .filter(|(_, _, _, options)| options.contains(&id))
                .map(|(combo_id, _, _, _)| combo_id.clone())
                .collect();
            option.insert("categoryOptionCombos".into(), references(&containing));
            option.insert("organisationUnits".into(), json!([]));
            option.insert("categoryOptionGroups".into(), json!([]));
            demo.objects.push((Kind::CategoryOption, option));
        }
        let mut category_object = base(
            &category_uid(category.key),
            category.name,
            Some(category.code),
            Some(category.name),
        );
        category_object.insert(
            "dataDimensionType".into(),
            json!(if category.attribute {
                "ATTRIBUTE"
            } else {
                "DISAGGREGATION"
            }),
        );
        category_object.insert("dataDimension".into(), json!(true));
        category_object.insert("categoryOptions".into(), references(&option_ids));
        category_object.insert("categoryCombos".into(), references(&combo_ids));
        demo.objects.push((Kind::Category, category_object));
    }
    for (combo_key, combo_name, combo_code, category_keys, attribute) in &combos {
        let id = combo_uid(combo_key);
        let mut combo = base(&id, combo_name, Some(combo_code), None);
        combo.insert(
            "dataDimensionType".into(),
            json!(if *attribute {
                "ATTRIBUTE"
            } else {
                "DISAGGREGATION"
            }),
        );
        combo.insert("skipTotal".into(), json!(false));
        combo.insert("isDefault".into(), json!(false));
        let category_ids: Vec<String> = category_keys.iter().map(|key| category_uid(key)).collect();
        combo.insert("categories".into(), references(&category_ids));
        let option_combos = combo_option_combos
            .iter()
            .find(|(key, _)| key == combo_key)
            .map(|(_, option_combos)| option_combos.clone())
            .unwrap_or_default();
        let option_combo_ids: Vec<String> = option_combos
            .iter()
            .map(|(id, _, _, _)| id.clone())
            .collect();
        combo.insert("categoryOptionCombos".into(), references(&option_combo_ids));
        demo.objects.push((Kind::CategoryCombo, combo));
        for (option_combo_id, name, code, option_ids) in option_combos {
            let mut option_combo = base(&option_combo_id, &name, Some(&code), None);
            option_combo.insert("ignoreApproval".into(), json!(false));
            option_combo.insert("categoryCombo".into(), reference(&id));
            option_combo.insert("categoryOptions".into(), references(&option_ids));
            demo.objects.push((Kind::CategoryOptionCombo, option_combo));
        }
    }

    // Data elements and data sets.
    let data_set_uid = |key: &str| uid("dataSet", key);
    let element_uid = |code: &str| uid("dataElement", code);
    let mut element_groups: Vec<(String, &str, &str, Vec<String>)> = Vec::new();
    let mut facility_data_sets: Vec<(String, Vec<String>)> = Vec::new();
    for definition in DATA_SETS {
        let data_set_id = data_set_uid(definition.key);
        let assigned: &Vec<String> = if definition.assignment == "all" {
            &facility_uids
        } else {
            &large_facility_uids
        };
        facility_data_sets.push((data_set_id.clone(), assigned.clone()));
        let mut data_set = base(
            &data_set_id,
            definition.name,
            Some(definition.code),
            Some(definition.name),
        );
        data_set.insert("periodType".into(), json!(definition.period_type));
        data_set.insert(
            "categoryCombo".into(),
            reference(&combo_uid(definition.attribute_combo)),
        );
        data_set.insert(
            "dataSetElements".into(),
            Value::Array(
                definition
                    .elements
                    .iter()
                    .map(|element| json!({"dataSet": reference(&data_set_id), "dataElement": reference(&element_uid(element.code))}))
                    .collect(),
            ),
        );
        data_set.insert("organisationUnits".into(), references(assigned));
        data_set.insert("openFuturePeriods".into(), json!(0));
        data_set.insert("expiryDays".into(), json!(0));
        data_set.insert("timelyDays".into(), json!(15));
        data_set.insert("openPeriodsAfterCoEndDate".into(), json!(0));
        data_set.insert("dataInputPeriods".into(), json!([]));
        data_set.insert("compulsoryDataElementOperands".into(), json!([]));
        data_set.insert("sections".into(), json!([]));
        data_set.insert("indicators".into(), json!([]));
        data_set.insert("version".into(), json!(1));
        data_set.insert(
            "formType".into(),
            json!(if definition
                .elements
                .iter()
                .any(|element| element.combo != "default")
            {
                "SECTION"
            } else {
                "DEFAULT"
            }),
        );
        data_set.insert("validCompleteOnly".into(), json!(false));
        data_set.insert("noValueRequiresComment".into(), json!(false));
        data_set.insert("skipOffline".into(), json!(false));
        data_set.insert("mobile".into(), json!(false));
        data_set.insert("renderAsTabs".into(), json!(false));
        data_set.insert("renderHorizontally".into(), json!(false));
        data_set.insert("fieldCombinationRequired".into(), json!(false));
        data_set.insert("compulsoryFieldsCompleteOnly".into(), json!(false));
        data_set.insert("notifyCompletingUser".into(), json!(false));
        data_set.insert("dimensionItemType".into(), json!("REPORTING_RATE"));
        demo.objects.push((Kind::DataSet, data_set));
        let group_uid = uid("dataElementGroup", definition.key);
        let group_members: Vec<String> = definition
            .elements
            .iter()
            .map(|element| element_uid(element.code))
            .collect();
        element_groups.push((
            group_uid.clone(),
            definition.name,
            definition.code,
            group_members,
        ));
        for element in definition.elements {
            let id = element_uid(element.code);
            let mut data_element = base(
                &id,
                element.name,
                Some(element.code),
                Some(&short(element.name)),
            );
            data_element.insert("formName".into(), json!(element.name));
            data_element.insert("displayFormName".into(), json!(element.name));
            data_element.insert("valueType".into(), json!(element.value_type));
            data_element.insert("aggregationType".into(), json!(element.aggregation_type));
            data_element.insert("domainType".into(), json!("AGGREGATE"));
            data_element.insert(
                "zeroIsSignificant".into(),
                json!(element.zero_is_significant),
            );
            data_element.insert("categoryCombo".into(), reference(&combo_uid(element.combo)));
            data_element.insert(
                "dataSetElements".into(),
                json!([{"dataSet": reference(&data_set_id), "dataElement": reference(&id)}]),
            );
            data_element.insert("dataElementGroups".into(), json!([reference(&group_uid)]));
            data_element.insert("aggregationLevels".into(), json!([]));
            data_element.insert("legendSets".into(), json!([]));
            data_element.insert(
                "optionSetValue".into(),
                json!(element.code == "POP_OWNERSHIP"),
            );
            if element.code == "POP_OWNERSHIP" {
                data_element.insert(
                    "optionSet".into(),
                    reference(&uid("optionSet", "ownership")),
                );
            }
            data_element.insert("dimensionItemType".into(), json!("DATA_ELEMENT"));
            demo.objects.push((Kind::DataElement, data_element));
        }
    }
    for (group_uid, name, code, members) in element_groups {
        let group_name = format!("{name} elements");
        let mut group = base(
            &group_uid,
            &group_name,
            Some(&format!("DEG_{}", code.trim_start_matches("DS_"))),
            Some(&short(&group_name)),
        );
        group.insert("dataElements".into(), references(&members));
        group.insert("groupSets".into(), json!([]));
        demo.objects.push((Kind::DataElementGroup, group));
    }

    push_ownership_option_set(&mut demo);

    // Org unit levels, groups and units.
    for (level, name) in ["National", "Province", "District", "Chiefdom", "Facility"]
        .iter()
        .enumerate()
    {
        let level_number = level + 1;
        let id = uid("organisationUnitLevel", &level_number.to_string());
        let mut level_object = base(&id, name, None, None);
        level_object.insert("level".into(), json!(level_number));
        level_object.insert(
            "offlineLevels".into(),
            json!(if level_number <= 3 { 1 } else { 0 }),
        );
        demo.objects
            .push((Kind::OrganisationUnitLevel, level_object));
    }
    let group_names = ["CHC", "CHP", "MCHP", "Hospital", "Clinic", "Urban", "Rural"];
    for group_name in group_names {
        let id = uid("organisationUnitGroup", group_name);
        let members: Vec<String> = org_units
            .iter()
            .filter(|unit| unit.groups.contains(&id))
            .map(|unit| unit.uid.clone())
            .collect();
        let mut group = base(
            &id,
            group_name,
            Some(&format!("OUG_{}", group_name.to_uppercase())),
            Some(group_name),
        );
        group.insert("organisationUnits".into(), references(&members));
        group.insert("groupSets".into(), json!([]));
        group.insert("featureType".into(), json!("NONE"));
        demo.objects.push((Kind::OrganisationUnitGroup, group));
    }
    for unit in &org_units {
        let mut object = base(
            &unit.uid,
            &unit.name,
            Some(&unit.code),
            Some(&unit.short_name),
        );
        let mut ancestors = Vec::new();
        let mut cursor = unit.parent;
        while let Some(index) = cursor {
            ancestors.push(org_units[index].uid.clone());
            cursor = org_units[index].parent;
        }
        ancestors.reverse();
        let path = format!(
            "/{}",
            ancestors
                .iter()
                .chain(std::iter::once(&unit.uid))
                .cloned()
                .collect::<Vec<_>>()
                .join("/")
        );
        object.insert("path".into(), json!(path));
        object.insert("level".into(), json!(unit.level));
        if let Some(parent) = unit.parent {
            object.insert("parent".into(), reference(&org_units[parent].uid));
        }
        let child_ids: Vec<String> = unit
            .children
            .iter()
            .map(|index| org_units[*index].uid.clone())
            .collect();
        object.insert("children".into(), references(&child_ids));
        object.insert("ancestors".into(), references(&ancestors));
        object.insert("leaf".into(), json!(unit.children.is_empty()));
        object.insert("openingDate".into(), json!(unit.opening_date));
        object.insert("organisationUnitGroups".into(), references(&unit.groups));
        let data_sets: Vec<String> = facility_data_sets
            .iter()
            .filter(|(_, assigned)| unit.level == 5 && assigned.contains(&unit.uid))
            .map(|(id, _)| id.clone())
            .chain(unit.data_sets.iter().cloned())
            .collect();
        object.insert("dataSets".into(), references(&data_sets));
        object.insert("programs".into(), json!([]));
        object.insert("users".into(), json!([]));
        object.insert("dimensionItemType".into(), json!("ORGANISATION_UNIT"));
        demo.objects.push((Kind::OrganisationUnit, object));
    }
    demo
}

/// The "Facility ownership" option set and its options (DHIS2's `OptionSet`: `valueType`,
/// `version`, `options` in order; `Option`: `code`, `sortOrder`, `optionSet`).
fn push_ownership_option_set(demo: &mut DemoMetadata) {
    let set_id = uid("optionSet", "ownership");
    let option_ids: Vec<String> = OWNERSHIP_OPTIONS
        .iter()
        .map(|(code, _)| uid("option", &format!("ownership/{code}")))
        .collect();
    let mut option_set = base(
        &set_id,
        "Facility ownership",
        Some("FACILITY_OWNERSHIP"),
        None,
    );
    option_set.insert("valueType".into(), json!("TEXT"));
    option_set.insert("version".into(), json!(1));
    option_set.insert("options".into(), references(&option_ids));
    demo.objects.push((Kind::OptionSet, option_set));
    for (position, ((code, name), id)) in OWNERSHIP_OPTIONS.iter().zip(&option_ids).enumerate() {
        let mut option = base(id, name, Some(code), Some(name));
        option.insert("sortOrder".into(), json!(position + 1));
        option.insert("optionSet".into(), reference(&set_id));
        demo.objects.push((Kind::Option, option));
    }
}

const REGIONS: [&str; 4] = [
    "Northern Province",
    "Eastern Province",
    "Southern Province",
    "Western Area",
];
const DISTRICTS: [(&str, usize); 14] = [
    ("Tonkoli", 0),
    ("Kambira", 0),
    ("Portoloko", 0),
    ("Falaba Plains", 0),
    ("Kailahu", 1),
    ("Kenowa", 1),
    ("Kono Hills", 1),
    ("Moyaba", 2),
    ("Bo", 2),
    ("Pujeun", 2),
    ("Bonthe Coast", 2),
    ("Karene Ridge", 0),
    ("Waterside Rural", 3),
    ("Freeport Urban", 3),
];
const FACILITY_TYPES: [&str; 5] = ["MCHP", "CHP", "CHC", "MCHP", "Clinic"];

fn build_org_units() -> Vec<OrgUnitDraft> {
    let mut units: Vec<OrgUnitDraft> = Vec::new();
    let new_unit =
        |key: String, name: String, code: String, parent: Option<usize>, level: u32| OrgUnitDraft {
            uid: uid("organisationUnit", &key),
            short_name: short(&name),
            name,
            code,
            parent,
            level,
            children: Vec::new(),
            groups: Vec::new(),
            data_sets: Vec::new(),
            facility_type: None,
            opening_date: "1994-01-01T00:00:00.000".to_string(),
        };
    units.push(new_unit(
        "root".into(),
        "Mambara".into(),
        "OU_MAMBARA".into(),
        None,
        1,
    ));
    let mut region_indexes = Vec::new();
    for (index, region) in REGIONS.iter().enumerate() {
        let unit = new_unit(
            format!("region/{index}"),
            (*region).to_string(),
            format!("OU_R{}", index + 1),
            Some(0),
            2,
        );
        units.push(unit);
        let position = units.len() - 1;
        units[0].children.push(position);
        region_indexes.push(position);
    }
    let mut place_index = 0usize;
    let mut facility_number = 0usize;
    let mut chiefdom_number = 0usize;
    for (district_index, (district, region)) in DISTRICTS.iter().enumerate() {
        let parent = region_indexes[*region];
        units.push(new_unit(
            format!("district/{district_index}"),
            format!("{district} District"),
            format!("OU_D{:02}", district_index + 1),
            Some(parent),
            3,
        ));
        let district_position = units.len() - 1;
        units[parent].children.push(district_position);
        let chiefdom_count = 10 + (district_index * 7) % 3;
        for chiefdom_index in 0..chiefdom_count {
            chiefdom_number += 1;
            let name = place_name(place_index);
            place_index += 1;
            units.push(new_unit(
                format!("chiefdom/{district_index}/{chiefdom_index}"),
                name,
                format!("OU_C{chiefdom_number:03}"),
                Some(district_position),
                4,
            ));
            let chiefdom_position = units.len() - 1;
            units[district_position].children.push(chiefdom_position);
            let facility_count = 6 + (chiefdom_number * 5) % 3;
            for facility_index in 0..facility_count {
                facility_number += 1;
                let facility_type = if facility_index == 0 && chiefdom_index % 4 == 0 {
                    "Hospital"
                } else {
                    FACILITY_TYPES[(facility_number * 3 + facility_index) % FACILITY_TYPES.len()]
                };
                let place = place_name(place_index);
                place_index += 1;
                let name = if facility_type == "Hospital" {
                    format!("{place} Government Hospital")
                } else {
                    format!("{place} {facility_type}")
                };
                let mut unit = new_unit(
                    format!("facility/{district_index}/{chiefdom_index}/{facility_index}"),
                    name,
                    format!("OU_F{facility_number:04}"),
                    Some(chiefdom_position),
                    5,
                );
                unit.facility_type = Some(facility_type);
                unit.opening_date = format!("{}-01-01T00:00:00.000", 1970 + facility_number % 40);
                unit.groups
                    .push(uid("organisationUnitGroup", facility_type));
                unit.groups.push(uid(
                    "organisationUnitGroup",
                    if facility_number.is_multiple_of(5) {
                        "Urban"
                    } else {
                        "Rural"
                    },
                ));
                units.push(unit);
                let facility_position = units.len() - 1;
                units[chiefdom_position].children.push(facility_position);
            }
        }
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_hierarchy_has_the_promised_shape() {
        let units = build_org_units();
        let count = |level| units.iter().filter(|unit| unit.level == level).count();
        assert_eq!(count(1), 1);
        assert_eq!(count(2), 4);
        assert_eq!(count(3), 14);
        assert!((140..=160).contains(&count(4)), "{}", count(4));
        assert!((900..=1100).contains(&count(5)), "{}", count(5));
        let mut names: Vec<&String> = units.iter().map(|unit| &unit.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), units.len(), "names are unique");
    }

    #[test]
    fn demo_metadata_has_forty_plus_data_elements() {
        let demo = build_demo_metadata();
        let elements = demo
            .objects
            .iter()
            .filter(|(kind, _)| *kind == Kind::DataElement)
            .count();
        assert!(elements >= 40);
        let data_sets = demo
            .objects
            .iter()
            .filter(|(kind, _)| *kind == Kind::DataSet)
            .count();
        assert_eq!(data_sets, 5);
    }
}
