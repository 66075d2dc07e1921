//! The `demo-remapped` seed: the demo's metadata as a separately built instance would hold it,
//! for syncs between instances that share no UIDs (by codes, names or a mapping).
//!
//! Every object gets another UID, derived from its demo UID, except DHIS2's fixed defaults
//! (category combo, category option combo, category, category option), which every instance
//! shares; references and org unit paths follow. Most objects keep their codes and names; a
//! few match the demo only by name ([`NAME_ONLY_ELEMENTS`], [`NAME_ONLY_UNIT`]), a few not at
//! all ([`UNMATCHED_ELEMENT`], [`UNMATCHED_UNIT`]); the child health data set gains the
//! PERCENTAGE element [`COLD_CHAIN_PERCENT_CODE`]. No data values.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::metadata::DemoMetadata;
use crate::metadata::{
    DEFAULT_CATEGORY, DEFAULT_CATEGORY_COMBO, DEFAULT_CATEGORY_OPTION,
    DEFAULT_CATEGORY_OPTION_COMBO, Kind,
};
use crate::uid::deterministic_uid;

/// Demo data elements (by demo code) that keep their name but lose or change their code:
/// (demo code, remapped code, `None` = no code).
pub const NAME_ONLY_ELEMENTS: [(&str, Option<&str>); 2] = [
    ("CH_MEASLES", None),
    ("CH_ACT_STOCKOUT", Some("CH_ACT_STOCKOUT_DAYS")),
];

/// The demo data element (by code) that matches nothing: another name and another code.
pub const UNMATCHED_ELEMENT: (&str, &str, &str) = (
    "CH_WAIT_TIME",
    "Mean waiting time, minutes",
    "CH_WAITING_MINUTES",
);

/// The first facility of Bo District keeps its name, its code gets this suffix.
pub const NAME_ONLY_UNIT: &str = "_OLD";

/// The second facility of Bo District gets another name and code: (name suffix, code suffix).
pub const UNMATCHED_UNIT: (&str, &str) = (" (relocated)", "_RELOCATED");

/// Code of the PERCENTAGE data element the child health data set gains.
pub const COLD_CHAIN_PERCENT_CODE: &str = "COLD_CHAIN_FUNCTIONAL_PCT";

/// Name of that element.
pub const COLD_CHAIN_PERCENT_NAME: &str = "Cold chain functional %";

/// The UID an object of the demo has in the remapped seed.
fn remapped_uid(demo_uid: &str) -> String {
    match demo_uid {
        DEFAULT_CATEGORY
        | DEFAULT_CATEGORY_COMBO
        | DEFAULT_CATEGORY_OPTION
        | DEFAULT_CATEGORY_OPTION_COMBO => demo_uid.to_string(),
        _ => deterministic_uid(&format!("dhis2-lite demo-remapped {demo_uid}")),
    }
}

/// Replaces every demo UID in `value` (identifiers, references, `/`-separated paths).
fn replace_uids(value: &mut Value, uids: &HashMap<String, String>) {
    match value {
        Value::String(text) => {
            if let Some(new) = uids.get(text.as_str()) {
                *text = new.clone();
            } else if text.starts_with('/') && text.len() > 1 {
                let parts: Vec<String> = text
                    .split('/')
                    .map(|part| uids.get(part).cloned().unwrap_or_else(|| part.to_string()))
                    .collect();
                *text = parts.join("/");
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| replace_uids(item, uids)),
        Value::Object(members) => members
            .values_mut()
            .for_each(|member| replace_uids(member, uids)),
        _ => {}
    }
}

fn set_text(object: &mut Map<String, Value>, keys: &[&str], text: &str) {
    for key in keys {
        if object.contains_key(*key) {
            object.insert((*key).to_string(), json!(text));
        }
    }
}

/// The demo metadata remapped (see the module documentation).
pub fn remap_demo_metadata(mut demo: DemoMetadata) -> DemoMetadata {
    // User groups are the users' (fixed UIDs in `users`), not the metadata's to remap.
    let uids: HashMap<String, String> = demo
        .objects
        .iter()
        .filter(|(kind, _)| *kind != Kind::UserGroup)
        .filter_map(|(_, object)| object.get("id").and_then(Value::as_str))
        .map(|uid| (uid.to_string(), remapped_uid(uid)))
        .collect();
    for (_, object) in &mut demo.objects {
        for member in object.values_mut() {
            replace_uids(member, &uids);
        }
    }
    demo.root_org_unit = remapped_uid(&demo.root_org_unit);
    demo.districts = demo.districts.iter().map(|uid| remapped_uid(uid)).collect();

    let code_of = |object: &Map<String, Value>| {
        object
            .get("code")
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    for (kind, object) in &mut demo.objects {
        if *kind != Kind::DataElement {
            continue;
        }
        let code = code_of(object);
        if let Some((_, new_code)) = NAME_ONLY_ELEMENTS
            .iter()
            .find(|(demo_code, _)| Some(*demo_code) == code.as_deref())
        {
            match new_code {
                Some(new_code) => set_text(object, &["code"], new_code),
                None => {
                    object.remove("code");
                }
            }
        } else if code.as_deref() == Some(UNMATCHED_ELEMENT.0) {
            set_text(object, &["code"], UNMATCHED_ELEMENT.2);
            set_text(
                object,
                &["name", "displayName", "formName", "displayFormName"],
                UNMATCHED_ELEMENT.1,
            );
            let short: String = UNMATCHED_ELEMENT.1.chars().take(50).collect();
            set_text(object, &["shortName", "displayShortName"], &short);
        }
    }
    remap_facilities(&mut demo);
    add_cold_chain_percentage(&mut demo);
    demo
}

/// The first two facilities of Bo District: one matching by name only, one not at all.
fn remap_facilities(demo: &mut DemoMetadata) {
    let Some(district) = demo
        .objects
        .iter()
        .find(|(kind, object)| {
            *kind == Kind::OrganisationUnit && object.get("name") == Some(&json!("Bo District"))
        })
        .and_then(|(_, object)| object.get("id").and_then(Value::as_str))
        .map(str::to_string)
    else {
        return;
    };
    let facilities = demo.objects.iter_mut().filter(|(kind, object)| {
        *kind == Kind::OrganisationUnit
            && object.get("level") == Some(&json!(5))
            && object
                .get("path")
                .and_then(Value::as_str)
                .is_some_and(|path| path.contains(&district))
    });
    for (position, (_, object)) in facilities.take(2).enumerate() {
        let code = object
            .get("code")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        if position == 0 {
            set_text(object, &["code"], &format!("{code}{NAME_ONLY_UNIT}"));
        } else {
            let name = object
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let new_name = format!("{name}{}", UNMATCHED_UNIT.0);
            set_text(object, &["code"], &format!("{code}{}", UNMATCHED_UNIT.1));
            set_text(object, &["name", "displayName"], &new_name);
            let short: String = new_name.chars().take(50).collect();
            set_text(object, &["shortName", "displayShortName"], &short);
        }
    }
}

/// Adds "Cold chain functional %" (PERCENTAGE, AVERAGE, default combo) to the data set that
/// holds "Cold chain functional", next to it, and to that data set's element group.
fn add_cold_chain_percentage(demo: &mut DemoMetadata) {
    let Some(boolean) = demo
        .objects
        .iter()
        .find(|(kind, object)| {
            *kind == Kind::DataElement && object.get("code") == Some(&json!("CH_COLD_CHAIN"))
        })
        .map(|(_, object)| object.clone())
    else {
        return;
    };
    let id = deterministic_uid(&format!(
        "dhis2-lite demo-remapped dataElement {COLD_CHAIN_PERCENT_CODE}"
    ));
    let data_set = boolean["dataSetElements"][0]["dataSet"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let group = boolean["dataElementGroups"][0]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let mut percentage = boolean.clone();
    percentage.insert("id".into(), json!(id));
    percentage.insert("code".into(), json!(COLD_CHAIN_PERCENT_CODE));
    set_text(
        &mut percentage,
        &[
            "name",
            "displayName",
            "shortName",
            "displayShortName",
            "formName",
            "displayFormName",
        ],
        COLD_CHAIN_PERCENT_NAME,
    );
    percentage.insert("valueType".into(), json!("PERCENTAGE"));
    percentage.insert("aggregationType".into(), json!("AVERAGE"));
    percentage.insert(
        "dataSetElements".into(),
        json!([{"dataSet": {"id": data_set}, "dataElement": {"id": id}}]),
    );
    for (kind, object) in &mut demo.objects {
        let members = match kind {
            Kind::DataSet if object.get("id") == Some(&json!(data_set)) => object
                .get_mut("dataSetElements")
                .and_then(Value::as_array_mut),
            Kind::DataElementGroup if object.get("id") == Some(&json!(group)) => {
                object.get_mut("dataElements").and_then(Value::as_array_mut)
            }
            _ => None,
        };
        if let Some(members) = members {
            if *kind == Kind::DataSet {
                members.push(json!({"dataSet": {"id": data_set}, "dataElement": {"id": id}}));
            } else {
                members.push(json!({"id": id}));
            }
        }
    }
    let position = demo
        .objects
        .iter()
        .position(|(kind, object)| {
            *kind == Kind::DataElement && object.get("code") == Some(&json!("CH_COLD_CHAIN"))
        })
        .map_or(demo.objects.len(), |position| position + 1);
    demo.objects
        .insert(position, (Kind::DataElement, percentage));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::build_demo_metadata;

    fn find(
        demo: &DemoMetadata,
        kind: Kind,
        test: impl Fn(&Map<String, Value>) -> bool,
    ) -> Vec<&Map<String, Value>> {
        demo.objects
            .iter()
            .filter(|(object_kind, object)| *object_kind == kind && test(object))
            .map(|(_, object)| object)
            .collect()
    }

    #[test]
    fn remapped_shares_no_uid_but_the_defaults() {
        let demo = build_demo_metadata();
        let remapped = remap_demo_metadata(build_demo_metadata());
        let ids = |demo: &DemoMetadata| -> std::collections::HashSet<String> {
            demo.objects
                .iter()
                .filter(|(kind, _)| *kind != Kind::UserGroup)
                .filter_map(|(_, object)| object["id"].as_str().map(str::to_string))
                .collect()
        };
        let shared: Vec<String> = ids(&demo).intersection(&ids(&remapped)).cloned().collect();
        let mut expected = vec![
            DEFAULT_CATEGORY.to_string(),
            DEFAULT_CATEGORY_COMBO.to_string(),
            DEFAULT_CATEGORY_OPTION.to_string(),
            DEFAULT_CATEGORY_OPTION_COMBO.to_string(),
        ];
        let mut shared_sorted = shared;
        shared_sorted.sort();
        expected.sort();
        assert_eq!(shared_sorted, expected);
        // No demo UID survives anywhere, references and paths included.
        let text = serde_json::to_string(
            &remapped
                .objects
                .iter()
                .map(|(_, object)| object)
                .collect::<Vec<_>>(),
        )
        .unwrap();
        for uid in ids(&demo) {
            if !expected.contains(&uid) {
                assert!(!text.contains(&uid), "{uid} survived");
            }
        }
        assert_eq!(remapped.objects.len(), demo.objects.len() + 1);
    }

    #[test]
    fn remapped_has_name_only_unmatched_and_percentage_items() {
        let remapped = remap_demo_metadata(build_demo_metadata());
        let measles = find(&remapped, Kind::DataElement, |object| {
            object["name"] == "Measles doses given"
        });
        assert!(measles[0].get("code").is_none());
        assert!(
            find(&remapped, Kind::DataElement, |object| object.get("code")
                == Some(&json!(UNMATCHED_ELEMENT.0)))
            .is_empty()
        );
        let percentage = find(&remapped, Kind::DataElement, |object| {
            object.get("code") == Some(&json!(COLD_CHAIN_PERCENT_CODE))
        });
        assert_eq!(percentage[0]["valueType"], "PERCENTAGE");
        let id = percentage[0]["id"].as_str().unwrap();
        let in_set = find(&remapped, Kind::DataSet, |object| {
            object["dataSetElements"]
                .as_array()
                .unwrap()
                .iter()
                .any(|element| element["dataElement"]["id"] == id)
        });
        assert_eq!(in_set[0]["code"], "DS_CHILD_HEALTH");
        let renamed = find(&remapped, Kind::OrganisationUnit, |object| {
            object["name"].as_str().unwrap().ends_with(UNMATCHED_UNIT.0)
        });
        assert_eq!(renamed.len(), 1);
        let recoded = find(&remapped, Kind::OrganisationUnit, |object| {
            object
                .get("code")
                .and_then(Value::as_str)
                .is_some_and(|code| code.ends_with(NAME_ONLY_UNIT))
        });
        assert_eq!(recoded.len(), 1);
    }
}
