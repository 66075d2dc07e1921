//! Bringing over MetaData Synchronization's aggregated rules and mappings (its dataStore format:
//! `../shared/reference/peers.md` §4) as ours, with what was carried and what was not.
//!
//! Pure: the caller reads the namespace `metadata-synchronization` (`rules`, `rules-<id>`,
//! `mappings`, `mappings-<id>`), resolves which kind each selected id is on the instance, decides
//! which of our destinations each target instance becomes, and writes nothing until the user
//! confirms. MetaData Sync's own keys are never changed.
//!
//! Carried: name, code, description, the selection (data sets with their excluded data elements,
//! data elements, data element groups), org units (from their paths), the period, attribute
//! options, aggregation, strategy, dry run, the schedule (Quartz cron converted to five fields
//! where it can be), `enabled: false` as a paused schedule, and each instance mapping. Not
//! carried, and said so: other rule types (metadata, events, tracker), indicators and other kinds
//! of selected metadata, analytics options (its aggregation reads analytics; ours computes from
//! raw values), the DELETES strategy, sharing, and "ignore values equal on destination".

use std::collections::BTreeMap;

use serde_json::Value;

use crate::date::Date;
use crate::mapping::{DataElementMapping, Mapping, Target, TargetMap};
use crate::model::{
    Aggregation, CategoryOptionSelection, CronSchedule, DataSelection, DataSetSelection,
    ImportStrategy, PeriodSelection, RULE_SCHEMA_VERSION, Rule, Schedule,
};
use crate::period::PeriodType;

/// The namespace MetaData Synchronization keeps its configuration in.
pub const NAMESPACE: &str = "metadata-synchronization";

/// What an id of a rule's `metadataIds` is on the instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SelectedKind {
    /// A data set, with its data elements.
    DataSet {
        /// The ids of its data elements.
        data_elements: Vec<String>,
    },
    /// A data element.
    DataElement,
    /// A data element group.
    DataElementGroup,
    /// Anything else (indicators, group sets, programs): named in the notes.
    Other(String),
}

/// What the caller knows about the instance and about our destinations.
#[derive(Debug, Clone, Default)]
pub struct ImportContext {
    /// Kinds of the ids rules select (ids not in it are reported as not found).
    pub kinds: BTreeMap<String, SelectedKind>,
    /// MetaData Sync instance id → our destination id (absent: that target is not carried).
    pub destinations: BTreeMap<String, String>,
    /// Our destination id → its name, for the rules' names when a rule has several targets.
    pub destination_names: BTreeMap<String, String>,
}

/// One of MetaData Sync's rules as ours, per target instance.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedRule {
    /// MetaData Sync's rule id.
    pub source_id: String,
    /// Its name.
    pub source_name: String,
    /// Our rules, one per carried target instance.
    pub rules: Vec<Rule>,
    /// What was carried, in words.
    pub carried: Vec<String>,
    /// What was not, and why.
    pub not_carried: Vec<String>,
}

/// Reads the `rules` array and each rule's `rules-<id>` (by id) into our rules. Rules of other
/// types are returned with nothing carried and the reason.
pub fn import_rules(
    headers: &Value,
    builders: &BTreeMap<String, Value>,
    context: &ImportContext,
    mut new_id: impl FnMut() -> String,
) -> Result<Vec<ImportedRule>, String> {
    let headers = headers
        .as_array()
        .ok_or("the key `rules` does not hold an array of rules")?;
    let mut imported = Vec::new();
    for header in headers {
        let source_id = text(header, "id").unwrap_or_default();
        let source_name = text(header, "name").unwrap_or_else(|| source_id.clone());
        let mut out = ImportedRule {
            source_id: source_id.clone(),
            source_name: source_name.clone(),
            rules: Vec::new(),
            carried: Vec::new(),
            not_carried: Vec::new(),
        };
        let kind = text(header, "type").unwrap_or_default();
        if kind != "aggregated" {
            out.not_carried.push(format!(
                "a rule of type `{kind}`: only aggregated rules are carried"
            ));
            imported.push(out);
            continue;
        }
        let Some(builder) = builders
            .get(&source_id)
            .map(|stored| stored.get("builder").unwrap_or(stored))
        else {
            out.not_carried
                .push(format!("its details (`rules-{source_id}`) are missing"));
            imported.push(out);
            continue;
        };
        convert(header, builder, context, &mut new_id, &mut out);
        imported.push(out);
    }
    Ok(imported)
}

fn convert(
    header: &Value,
    builder: &Value,
    context: &ImportContext,
    new_id: &mut impl FnMut() -> String,
    out: &mut ImportedRule,
) {
    let data = builder.get("dataParams").cloned().unwrap_or(Value::Null);
    let selection = selection(builder, context, out);
    let org_units: Vec<String> = data
        .get("orgUnitPaths")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter_map(|path| path.rsplit('/').find(|segment| !segment.is_empty()))
        .map(str::to_owned)
        .collect();
    out.carried
        .push(format!("{} organisation units", org_units.len()));
    let Some(period) = period(header, &data, out) else {
        return;
    };
    let category_options = if data
        .get("allAttributeCategoryOptions")
        .and_then(Value::as_bool)
        == Some(false)
    {
        let options = strings(&data, "attributeCategoryOptions");
        out.carried
            .push(format!("{} attribute category options", options.len()));
        CategoryOptionSelection::Selected {
            category_options: options,
        }
    } else {
        CategoryOptionSelection::All
    };
    let aggregation = aggregation(&data, out);
    let import_strategy = match data.get("strategy").and_then(Value::as_str) {
        None | Some("NEW_AND_UPDATES") => ImportStrategy::CreateAndUpdate,
        Some("NEW") => ImportStrategy::Create,
        Some("UPDATES") => ImportStrategy::Update,
        Some(other) => {
            out.not_carried.push(format!(
                "the strategy {other}: not carried, the rule sends new values and updates"
            ));
            ImportStrategy::CreateAndUpdate
        }
    };
    let dry_run = data.get("dryRun").and_then(Value::as_bool).unwrap_or(false);
    let schedule = schedule(header, out);
    for (flag, what) in [
        ("runAnalyticsBefore", "running analytics before the sync"),
        ("runAnalyticsAfter", "running analytics after the sync"),
        ("includeAnalyticsZeroValues", "zero values from analytics"),
        (
            "ignoreDuplicateExistingValues",
            "ignoring values equal on the destination (compare with the destination in the \
             summary instead)",
        ),
    ] {
        if data.get(flag).and_then(Value::as_bool) == Some(true) {
            out.not_carried.push(format!("{what}: not an option here"));
        }
    }
    if header
        .get("useAggregatedDataExchange")
        .and_then(Value::as_bool)
        == Some(true)
    {
        out.not_carried
            .push("sending through DHIS2's Aggregate Data Exchange: this app sends itself".into());
    }
    if ["userAccesses", "userGroupAccesses"].iter().any(|key| {
        header
            .get(key)
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty())
    }) {
        out.not_carried.push(
            "its sharing: our rules are shared through the app's own sharing, set it again".into(),
        );
    }

    let targets = strings(builder, "targetInstances");
    let targets = if targets.is_empty() {
        strings(header, "targetInstances")
    } else {
        targets
    };
    let carried_targets: Vec<(String, String)> = targets
        .iter()
        .filter_map(|target| match context.destinations.get(target) {
            Some(destination) => Some((target.clone(), destination.clone())),
            None => {
                out.not_carried.push(format!(
                    "the target instance {target}: it did not become a destination"
                ));
                None
            }
        })
        .collect();
    for (_, destination_id) in &carried_targets {
        let name = match (
            carried_targets.len(),
            context.destination_names.get(destination_id),
        ) {
            (2.., Some(destination)) => format!("{} → {destination}", out.source_name),
            _ => out.source_name.clone(),
        };
        out.rules.push(Rule {
            schema_version: RULE_SCHEMA_VERSION,
            id: new_id(),
            name,
            code: text(header, "code").filter(|code| !code.is_empty()),
            description: text(header, "description").filter(|d| !d.is_empty()),
            selection: selection.clone(),
            org_units: org_units.clone(),
            period: period.clone(),
            category_options: category_options.clone(),
            aggregation,
            destination_id: destination_id.clone(),
            import_strategy,
            send_deletions: false,
            dry_run,
            schedule: schedule.clone(),
            last_run: None,
            last_successful_run: None,
            pending: Vec::new(),
        });
    }
    if carried_targets.len() > 1 {
        out.carried.push(format!(
            "one rule per target instance ({})",
            carried_targets.len()
        ));
    }
}

fn selection(builder: &Value, context: &ImportContext, out: &mut ImportedRule) -> DataSelection {
    let excluded = strings(builder, "excludedIds");
    let mut selection = DataSelection::default();
    for id in strings(builder, "metadataIds") {
        match context.kinds.get(&id) {
            Some(SelectedKind::DataSet { data_elements }) => {
                selection.data_sets.push(DataSetSelection {
                    excluded_data_elements: data_elements
                        .iter()
                        .filter(|element| excluded.contains(element))
                        .cloned()
                        .collect(),
                    id,
                })
            }
            Some(SelectedKind::DataElement) if !excluded.contains(&id) => {
                selection.data_elements.push(id)
            }
            Some(SelectedKind::DataElement) => {}
            Some(SelectedKind::DataElementGroup) => selection.data_element_groups.push(id),
            Some(SelectedKind::Other(kind)) => out.not_carried.push(format!(
                "{kind} {id}: only data sets, data elements and groups are sent"
            )),
            None => out
                .not_carried
                .push(format!("{id}: not found on this instance")),
        }
    }
    out.carried.push(format!(
        "{} data sets, {} data elements, {} data element groups",
        selection.data_sets.len(),
        selection.data_elements.len(),
        selection.data_element_groups.len()
    ));
    selection
}

fn period(header: &Value, data: &Value, out: &mut ImportedRule) -> Option<PeriodSelection> {
    let name = data.get("period").and_then(Value::as_str).unwrap_or("ALL");
    let relative = |name: &str| PeriodSelection::Relative {
        relative_period: name.to_owned(),
    };
    let period = match name {
        "FIXED" => {
            let date = |key| {
                text(data, key)
                    .and_then(|text| text.get(..10).and_then(|day| day.parse::<Date>().ok()))
            };
            match (date("startDate"), date("endDate")) {
                (Some(start_date), Some(end_date)) => PeriodSelection::Fixed {
                    start_date,
                    end_date,
                },
                _ => {
                    out.not_carried.push(
                        "its fixed period has no valid start and end dates: the rule is not \
                         carried"
                            .into(),
                    );
                    return None;
                }
            }
        }
        "LAST_FIVE_YEARS" => relative("LAST_5_YEARS"),
        "TODAY" | "YESTERDAY" | "LAST_7_DAYS" | "LAST_14_DAYS" | "LAST_30_DAYS"
        | "LAST_90_DAYS" | "THIS_WEEK" | "LAST_WEEK" | "THIS_MONTH" | "LAST_MONTH"
        | "THIS_QUARTER" | "LAST_QUARTER" | "THIS_YEAR" | "LAST_YEAR" => relative(name),
        "SINCE_LAST_EXECUTED_DATE" | "SINCE_LAST_SUCCESSFUL_SYNC" => {
            out.carried.push(
                "\"since last executed\" became \"since last successful sync\": MetaData Sync \
                 sends the periods after its last run of any outcome; this app sends every value \
                 changed since its last successful run, whatever its period (edits to old periods \
                 are sent too, and a failed run's values are sent again)"
                    .into(),
            );
            let since = text(header, "lastExecuted")
                .and_then(|text| text.get(..10).and_then(|day| day.parse::<Date>().ok()));
            PeriodSelection::SinceLastSuccessfulSync {
                initial_since: since,
            }
        }
        "ALL" => {
            out.carried.push(
                "the period \"all\" became \"since last successful sync\": the first run sends \
                 every value, later runs what changed"
                    .into(),
            );
            PeriodSelection::SinceLastSuccessfulSync {
                initial_since: None,
            }
        }
        other => {
            out.not_carried.push(format!(
                "the period {other}: unknown, the rule is not carried"
            ));
            return None;
        }
    };
    Some(period)
}

fn aggregation(data: &Value, out: &mut ImportedRule) -> Aggregation {
    if data.get("enableAggregation").and_then(Value::as_bool) != Some(true) {
        return Aggregation::Off;
    }
    let period_type = match data.get("aggregationType").and_then(Value::as_str) {
        Some("DAILY") => PeriodType::Daily,
        Some("WEEKLY") => PeriodType::Weekly,
        Some("MONTHLY") => PeriodType::Monthly,
        Some("QUARTERLY") => PeriodType::Quarterly,
        Some("YEARLY") => PeriodType::Yearly,
        other => {
            out.not_carried.push(format!(
                "aggregation to {}: unknown, the rule sends raw values",
                other.unwrap_or("nothing")
            ));
            return Aggregation::Off;
        }
    };
    out.carried.push(
        "aggregation (computed from raw values with DHIS2's rules, not read from analytics)".into(),
    );
    Aggregation::On { period_type }
}

fn schedule(header: &Value, out: &mut ImportedRule) -> Option<Schedule> {
    let quartz = text(header, "frequency").filter(|f| !f.trim().is_empty())?;
    let paused = header.get("enabled").and_then(Value::as_bool) == Some(false);
    match quartz_to_cron(&quartz) {
        Ok(cron) => {
            out.carried.push(format!(
                "its schedule `{quartz}` as `{cron}`{}",
                if paused {
                    ", paused (it was disabled)"
                } else {
                    ""
                }
            ));
            Some(Schedule {
                cron,
                paused,
                notify: None,
            })
        }
        Err(why) => {
            out.not_carried
                .push(format!("its schedule `{quartz}`: {why}; set one by hand"));
            None
        }
    }
}

/// A Quartz cron (`sec min hour day-of-month month day-of-week [year]`, `?` for "no value",
/// days of the week 1–7 from Sunday) as our five fields (days 0–6 from Sunday), checked by the
/// same parser as every schedule.
pub fn quartz_to_cron(quartz: &str) -> Result<String, String> {
    let fields: Vec<&str> = quartz.split_whitespace().collect();
    if !(6..=7).contains(&fields.len()) {
        return Err(format!(
            "a Quartz cron has 6 or 7 fields, this one {}",
            fields.len()
        ));
    }
    if fields[0] != "0" {
        return Err("it runs at seconds other than 0, which five-field cron cannot say".into());
    }
    if fields
        .get(6)
        .is_some_and(|year| *year != "*" && *year != "?")
    {
        return Err("it is limited to some years, which five-field cron cannot say".into());
    }
    let plain = |field: &str| {
        if field == "?" {
            "*".to_string()
        } else {
            field.to_string()
        }
    };
    let day_of_week = if fields[5] == "?" {
        "*".to_string()
    } else {
        shift_weekdays(fields[5])?
    };
    let cron = format!(
        "{} {} {} {} {}",
        plain(fields[1]),
        plain(fields[2]),
        plain(fields[3]),
        plain(fields[4]),
        day_of_week
    );
    CronSchedule::parse(&cron).map(|_| cron)
}

/// Quartz's day-of-week numbers (1 = Sunday … 7 = Saturday) as cron's (0 … 6); names stay, and
/// the occurrence after `#` is not a day.
fn shift_weekdays(field: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut number = String::new();
    let mut after_hash = false;
    let flush = |number: &mut String, out: &mut String, after_hash: bool| -> Result<(), String> {
        if number.is_empty() {
            return Ok(());
        }
        let day: u32 = number
            .parse()
            .map_err(|_| format!("`{field}` is not a day of the week"))?;
        if after_hash {
            out.push_str(number);
        } else if (1..=7).contains(&day) {
            out.push_str(&(day - 1).to_string());
        } else {
            return Err(format!("day of the week {day} is outside 1–7"));
        }
        number.clear();
        Ok(())
    };
    for character in field.chars() {
        if character.is_ascii_digit() {
            number.push(character);
        } else {
            flush(&mut number, &mut out, after_hash)?;
            after_hash = character == '#';
            out.push(character);
        }
    }
    flush(&mut number, &mut out, after_hash)?;
    Ok(out)
}

/// What an instance mapping became.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedMapping {
    /// Ours.
    pub mapping: Mapping,
    /// Items not carried, and why.
    pub not_carried: Vec<String>,
}

/// A `mappings-<id>` entry (`{"mappingDictionary": …}`) as our mapping for `destination_id`.
/// Every pair is kept as set by a person (auto-map will not change it); `DISABLED` excludes.
/// Options are mapped by id there and by code here: `option_codes` gives, per option id (both
/// sides), its option set and code; options it does not know are listed.
pub fn import_mapping(
    stored: &Value,
    destination_id: &str,
    option_codes: &BTreeMap<String, (String, String)>,
) -> Result<ImportedMapping, String> {
    let dictionary = stored
        .get("mappingDictionary")
        .unwrap_or(stored)
        .as_object()
        .ok_or("the mapping holds no `mappingDictionary` object")?;
    let mut mapping = Mapping::new(destination_id);
    let mut not_carried = Vec::new();
    let empty = serde_json::Map::new();
    let object = |value: Option<&Value>| value.and_then(Value::as_object).unwrap_or(&empty).clone();
    for (source, entry) in object(dictionary.get("aggregatedDataElements")) {
        let Some(target) = target_of(&entry) else {
            continue;
        };
        let nested = object(entry.get("mapping"));
        let mut own = DataElementMapping::new(target);
        own.category_option_combos = targets(&object(nested.get("categoryOptionCombos")), |k| k);
        own.attribute_option_combos = targets(&object(nested.get("attributeOptionCombos")), |k| k);
        own.category_options = targets(&object(nested.get("categoryOptions")), option_of_key);
        mapping.data_elements.insert(source, own);
    }
    mapping.category_options = targets(&object(dictionary.get("categoryOptions")), option_of_key);
    mapping.category_option_combos =
        targets(&object(dictionary.get("categoryOptionCombos")), |k| k);
    mapping.attribute_option_combos =
        targets(&object(dictionary.get("attributeOptionCombos")), |k| k);
    for (source, entry) in object(dictionary.get("organisationUnits")) {
        let Some(target) = target_of(&entry) else {
            continue;
        };
        let target = match target {
            // A path: its last segment is the unit.
            Target::Mapped { id, by } => Target::Mapped {
                id: id
                    .rsplit('/')
                    .find(|s| !s.is_empty())
                    .unwrap_or(&id)
                    .to_owned(),
                by,
            },
            excluded => excluded,
        };
        mapping.org_units.insert(source, target);
    }
    for (source, entry) in object(dictionary.get("options")) {
        let Some(target) = target_of(&entry) else {
            continue;
        };
        let Some((set, code)) = option_codes.get(&source) else {
            not_carried.push(format!("option {source}: not found on this instance"));
            continue;
        };
        let target = match target {
            Target::Mapped { id, by } => match option_codes.get(&id) {
                Some((_, destination_code)) => Target::Mapped {
                    id: destination_code.clone(),
                    by,
                },
                None => {
                    not_carried.push(format!(
                        "option {source} → {id}: the destination option's code is unknown"
                    ));
                    continue;
                }
            },
            excluded => excluded,
        };
        mapping
            .options
            .entry(set.clone())
            .or_default()
            .insert(code.clone(), target);
    }
    Ok(ImportedMapping {
        mapping,
        not_carried,
    })
}

/// MetaData Sync keys a data element's category options `<category>-<option>`.
fn option_of_key(key: String) -> String {
    match key.split_once('-') {
        Some((_, option)) => option.to_owned(),
        None => key,
    }
}

fn targets(entries: &serde_json::Map<String, Value>, key: impl Fn(String) -> String) -> TargetMap {
    entries
        .iter()
        .filter_map(|(source, entry)| Some((key(source.clone()), target_of(entry)?)))
        .collect()
}

fn target_of(entry: &Value) -> Option<Target> {
    match entry.get("mappedId").and_then(Value::as_str)? {
        "DISABLED" => Some(Target::Excluded),
        "" => None,
        id => Some(Target::by_hand(id)),
    }
}

fn text(value: &Value, key: &str) -> Option<String> {
    value.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn strings(value: &Value, key: &str) -> Vec<String> {
    value
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The reference's example rule, plus an events rule and a second target.
    fn headers() -> Value {
        json!([
            { "id": "Qa1b2C3d4E5", "name": "HIV monthly to national", "code": "HIV_NAT",
              "description": "…", "type": "aggregated", "created": "2025-05-01T08:00:00.000Z",
              "publicAccess": "rw------", "userAccesses": [], "userGroupAccesses": [],
              "targetInstances": ["RouteUid001", "OldInstance", "Unknown0001"], "enabled": false,
              "frequency": "0 0 2 ? * 2-6", "lastExecuted": "2025-06-30T02:00:00.000Z",
              "ondemand": false, "useAggregatedDataExchange": false },
            { "id": "Ev1b2C3d4E5", "name": "Events", "type": "events" }
        ])
    }

    fn builders() -> BTreeMap<String, Value> {
        [(
            "Qa1b2C3d4E5".to_string(),
            json!({ "builder": {
                "originInstance": "LOCAL", "targetInstances": ["RouteUid001", "OldInstance", "Unknown0001"],
                "metadataIds": ["dataSetUid01", "deUid000001", "degUid00001", "indicator001", "ghost000001"],
                "excludedIds": ["deUid000002"],
                "syncParams": { "importStrategy": "CREATE_AND_UPDATE" },
                "dataParams": {
                    "orgUnitPaths": ["/ImspTQPwCqd/O6uvpzGd5pu", "/ImspTQPwCqd"],
                    "period": "SINCE_LAST_EXECUTED_DATE", "startDate": null, "endDate": null,
                    "allAttributeCategoryOptions": false, "attributeCategoryOptions": ["catOpt00001"],
                    "strategy": "NEW", "dryRun": true, "ignoreDuplicateExistingValues": true,
                    "enableAggregation": true, "aggregationType": "QUARTERLY",
                    "runAnalyticsBefore": true, "runAnalyticsAfter": false,
                    "includeAnalyticsZeroValues": false } } }),
        )]
        .into()
    }

    fn context() -> ImportContext {
        ImportContext {
            kinds: [
                (
                    "dataSetUid01".to_string(),
                    SelectedKind::DataSet {
                        data_elements: vec!["deUid000002".into(), "deUid000003".into()],
                    },
                ),
                ("deUid000001".to_string(), SelectedKind::DataElement),
                ("degUid00001".to_string(), SelectedKind::DataElementGroup),
                (
                    "indicator001".to_string(),
                    SelectedKind::Other("indicator".into()),
                ),
            ]
            .into(),
            destinations: [
                ("RouteUid001".to_string(), "destRoute01".to_string()),
                ("OldInstance".to_string(), "destDirect1".to_string()),
            ]
            .into(),
            destination_names: [
                ("destRoute01".to_string(), "National".to_string()),
                ("destDirect1".to_string(), "Donor".to_string()),
            ]
            .into(),
        }
    }

    #[test]
    fn an_aggregated_rule_becomes_one_rule_per_carried_target_with_what_was_not_carried() {
        let mut ids = ["newRule0001", "newRule0002"]
            .into_iter()
            .map(str::to_owned);
        let imported =
            import_rules(&headers(), &builders(), &context(), || ids.next().unwrap()).unwrap();
        assert_eq!(imported.len(), 2);
        let rule = &imported[0];
        assert_eq!(rule.rules.len(), 2);
        let first = &rule.rules[0];
        assert_eq!(first.id, "newRule0001");
        assert_eq!(first.name, "HIV monthly to national → National");
        assert_eq!(rule.rules[1].destination_id, "destDirect1");
        assert_eq!(first.code.as_deref(), Some("HIV_NAT"));
        assert_eq!(
            first.selection.data_sets,
            vec![DataSetSelection {
                id: "dataSetUid01".into(),
                excluded_data_elements: vec!["deUid000002".into()],
            }]
        );
        assert_eq!(
            first.selection.data_elements,
            vec!["deUid000001".to_string()]
        );
        assert_eq!(
            first.selection.data_element_groups,
            vec!["degUid00001".to_string()]
        );
        assert_eq!(
            first.org_units,
            vec!["O6uvpzGd5pu".to_string(), "ImspTQPwCqd".to_string()]
        );
        assert_eq!(
            first.period,
            PeriodSelection::SinceLastSuccessfulSync {
                initial_since: Some("2025-06-30".parse().unwrap())
            }
        );
        assert_eq!(
            first.category_options,
            CategoryOptionSelection::Selected {
                category_options: vec!["catOpt00001".into()]
            }
        );
        assert_eq!(
            first.aggregation,
            Aggregation::On {
                period_type: PeriodType::Quarterly
            }
        );
        assert_eq!(first.import_strategy, ImportStrategy::Create);
        assert!(first.dry_run);
        // Quartz 2-6 (Monday–Friday from Sunday = 1) is cron's 1-5; disabled = paused.
        assert_eq!(
            first.schedule,
            Some(Schedule {
                cron: "0 2 * * 1-5".into(),
                paused: true,
                notify: None
            })
        );
        let not_carried = rule.not_carried.join("\n");
        for expected in [
            "indicator indicator001",
            "ghost000001: not found",
            "Unknown0001",
            "running analytics before",
            "ignoring values equal",
        ] {
            assert!(
                not_carried.contains(expected),
                "{expected} missing from:\n{not_carried}"
            );
        }
        assert!(
            rule.carried
                .iter()
                .any(|line| line.contains("since last successful sync"))
        );
        assert!(imported[1].rules.is_empty());
        assert!(imported[1].not_carried[0].contains("events"));
    }

    #[test]
    fn quartz_crons_convert_where_five_fields_can_say_them() {
        assert_eq!(quartz_to_cron("0 0 2 ? * *").unwrap(), "0 2 * * *");
        assert_eq!(quartz_to_cron("0 30 6 1 * ?").unwrap(), "30 6 1 * *");
        assert_eq!(quartz_to_cron("0 0 2 ? * 1,7").unwrap(), "0 2 * * 0,6");
        assert_eq!(quartz_to_cron("0 0 2 ? * MON").unwrap(), "0 2 * * MON");
        assert_eq!(quartz_to_cron("0 0 2 ? * 2#1").unwrap(), "0 2 * * 1#1");
        assert_eq!(quartz_to_cron("0 0 2 ? * * *").unwrap(), "0 2 * * *");
        assert!(
            quartz_to_cron("30 0 2 ? * *")
                .unwrap_err()
                .contains("seconds")
        );
        assert!(
            quartz_to_cron("0 0 2 ? * * 2026")
                .unwrap_err()
                .contains("years")
        );
        assert!(quartz_to_cron("0 2 * * *").unwrap_err().contains("6 or 7"));
        assert!(quartz_to_cron("0 0 2 ? * 8").is_err());
    }

    #[test]
    fn a_fixed_period_and_the_other_strategies_are_read_or_refused() {
        let mut builders = builders();
        let data = builders
            .get_mut("Qa1b2C3d4E5")
            .unwrap()
            .pointer_mut("/builder/dataParams")
            .unwrap();
        data["period"] = json!("FIXED");
        data["startDate"] = json!("2025-01-01T00:00:00.000Z");
        data["endDate"] = json!("2025-03-31T00:00:00.000Z");
        data["strategy"] = json!("DELETES");
        let imported = import_rules(&headers(), &builders, &context(), || "x".into()).unwrap();
        assert_eq!(
            imported[0].rules[0].period,
            PeriodSelection::Fixed {
                start_date: "2025-01-01".parse().unwrap(),
                end_date: "2025-03-31".parse().unwrap()
            }
        );
        assert!(
            imported[0]
                .not_carried
                .iter()
                .any(|line| line.contains("DELETES"))
        );

        builders.get_mut("Qa1b2C3d4E5").unwrap()["builder"]["dataParams"]["endDate"] = json!(null);
        let imported = import_rules(&headers(), &builders, &context(), || "x".into()).unwrap();
        assert!(imported[0].rules.is_empty(), "no rule without its dates");
        assert!(import_rules(&json!({}), &builders, &context(), || "x".into()).is_err());
    }

    #[test]
    fn an_instance_mapping_becomes_ours_with_paths_options_and_disabled_items() {
        let stored = json!({ "mappingDictionary": {
            "aggregatedDataElements": {
                "originDeUid": { "mappedId": "destDeUid", "mappedName": "…", "global": false,
                  "mapping": {
                    "categoryOptions": { "originCategoryUid-originOptionUid": { "mappedId": "destOptionUid" } },
                    "categoryOptionCombos": { "originCocUid": { "mappedId": "destCocUid" } },
                    "attributeOptionCombos": { "originAocUid": { "mappedId": "DISABLED" } } } },
                "offDeUid": { "mappedId": "DISABLED" } },
            "organisationUnits": { "originOuUid": { "mappedId": "/root/district/destOuUid" } },
            "categoryOptions": { "cat-globalOpt": { "mappedId": "destGlobal" } },
            "categoryCombos": {},
            "options": { "srcOption01": { "mappedId": "dstOption01" }, "strayOption": { "mappedId": "x" } } } });
        let codes = [
            (
                "srcOption01".to_string(),
                ("srcSet00001".to_string(), "POS".to_string()),
            ),
            (
                "dstOption01".to_string(),
                ("dstSet00001".to_string(), "POSITIVE".to_string()),
            ),
        ]
        .into();
        let imported = import_mapping(&stored, "destRoute01", &codes).unwrap();
        let mapping = &imported.mapping;
        let element = &mapping.data_elements["originDeUid"];
        assert_eq!(element.target, Target::by_hand("destDeUid"));
        assert_eq!(
            element.category_options["originOptionUid"],
            Target::by_hand("destOptionUid")
        );
        assert_eq!(
            element.category_option_combos["originCocUid"],
            Target::by_hand("destCocUid")
        );
        assert_eq!(
            element.attribute_option_combos["originAocUid"],
            Target::Excluded
        );
        assert_eq!(mapping.data_elements["offDeUid"].target, Target::Excluded);
        assert_eq!(
            mapping.org_units["originOuUid"],
            Target::by_hand("destOuUid")
        );
        assert_eq!(
            mapping.category_options["globalOpt"],
            Target::by_hand("destGlobal")
        );
        assert_eq!(
            mapping.options["srcSet00001"]["POS"],
            Target::by_hand("POSITIVE")
        );
        assert_eq!(
            imported.not_carried,
            vec!["option strayOption: not found on this instance".to_string()]
        );
    }
}
