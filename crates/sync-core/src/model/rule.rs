//! A saved sync rule: the wizard's choices under a name, with an optional schedule and the
//! watermarks of its last runs. One dataStore key per rule in the app's namespace.
//!
//! The types here are what is stored; a rule is only run after [`super::validate`] turned it into
//! a [`super::ValidatedRule`]. Nothing here holds a secret or reads a clock.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::persist::{Migration, Persisted};
use super::report::ReportStatus;
use super::time::ServerTime;
use crate::date::Date;
use crate::period::PeriodType;

/// Schema version of [`Rule`] written by this build.
pub const RULE_SCHEMA_VERSION: u32 = 1;

/// A saved sync rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rule {
    /// Schema version ([`RULE_SCHEMA_VERSION`] after loading).
    pub schema_version: u32,
    /// Identifier (a DHIS2 UID); also the dataStore key.
    pub id: String,
    /// Name shown in the rules table.
    pub name: String,
    /// Optional short code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Optional description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// What data is sent.
    pub selection: DataSelection,
    /// Selected organisation unit ids. Without aggregation only these units' own values are
    /// sent; with aggregation each receives the aggregate of its whole subtree.
    pub org_units: Vec<String>,
    /// Which periods (or which changes) are sent.
    pub period: PeriodSelection,
    /// Which attribute category options are sent.
    pub category_options: CategoryOptionSelection,
    /// Aggregation to a period type, or none.
    pub aggregation: Aggregation,
    /// Id of the [`super::DestinationInstance`].
    pub destination_id: String,
    /// Import strategy at the destination.
    pub import_strategy: ImportStrategy,
    /// Whether values deleted at the source are deleted at the destination.
    #[serde(default)]
    pub send_deletions: bool,
    /// Whether the destination only simulates the import.
    #[serde(default)]
    pub dry_run: bool,
    /// Schedule for the headless runner; `None` = run by hand only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Schedule>,
    /// The last run, whatever its outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_run: Option<RunStamp>,
    /// Source server time taken before the reads of the last successful run: the watermark of
    /// [`PeriodSelection::SinceLastSuccessfulSync`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_successful_run: Option<ServerTime>,
}

/// The data chosen on the data selection page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataSelection {
    /// Whole data sets, each possibly without some of its data elements.
    #[serde(default)]
    pub data_sets: Vec<DataSetSelection>,
    /// Single data elements.
    #[serde(default)]
    pub data_elements: Vec<String>,
    /// Data element groups.
    #[serde(default)]
    pub data_element_groups: Vec<String>,
}

impl DataSelection {
    /// True when nothing is selected.
    pub fn is_empty(&self) -> bool {
        self.data_sets.is_empty()
            && self.data_elements.is_empty()
            && self.data_element_groups.is_empty()
    }
}

/// A data set and the data elements of it that are not sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataSetSelection {
    /// Data set id.
    pub id: String,
    /// Ids of its data elements that are left out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub excluded_data_elements: Vec<String>,
}

/// The relative period keywords the wizard offers: every DHIS2 `RelativePeriodEnum` name, in
/// the order of DHIS2's period selector groups
/// ([`crate::period::relative::RelativePeriodGroup`]). A rule stores the name; the 19 names the
/// wizard offered first are among them, so rules saved with those load as before.
pub const RELATIVE_PERIODS: [&str; 45] = [
    // Days
    "TODAY",
    "YESTERDAY",
    "LAST_3_DAYS",
    "LAST_7_DAYS",
    "LAST_14_DAYS",
    "LAST_30_DAYS",
    "LAST_60_DAYS",
    "LAST_90_DAYS",
    "LAST_180_DAYS",
    // Weeks
    "THIS_WEEK",
    "LAST_WEEK",
    "LAST_4_WEEKS",
    "LAST_12_WEEKS",
    "LAST_52_WEEKS",
    "WEEKS_THIS_YEAR",
    // Bi-weeks
    "THIS_BIWEEK",
    "LAST_BIWEEK",
    "LAST_4_BIWEEKS",
    // Months
    "THIS_MONTH",
    "LAST_MONTH",
    "LAST_3_MONTHS",
    "LAST_6_MONTHS",
    "LAST_12_MONTHS",
    "MONTHS_THIS_YEAR",
    "MONTHS_LAST_YEAR",
    // Bi-months
    "THIS_BIMONTH",
    "LAST_BIMONTH",
    "LAST_6_BIMONTHS",
    "BIMONTHS_THIS_YEAR",
    // Quarters
    "THIS_QUARTER",
    "LAST_QUARTER",
    "LAST_4_QUARTERS",
    "QUARTERS_THIS_YEAR",
    "QUARTERS_LAST_YEAR",
    // Six-months
    "THIS_SIX_MONTH",
    "LAST_SIX_MONTH",
    "LAST_2_SIXMONTHS",
    // Financial years
    "THIS_FINANCIAL_YEAR",
    "LAST_FINANCIAL_YEAR",
    "LAST_5_FINANCIAL_YEARS",
    "LAST_10_FINANCIAL_YEARS",
    // Years
    "THIS_YEAR",
    "LAST_YEAR",
    "LAST_5_YEARS",
    "LAST_10_YEARS",
];

/// Which periods a rule sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "SCREAMING_SNAKE_CASE",
    rename_all_fields = "camelCase"
)]
pub enum PeriodSelection {
    /// A relative period resolved against the day of the run (`LAST_MONTH`, ...; see
    /// [`RELATIVE_PERIODS`]).
    Relative {
        /// DHIS2 relative period name.
        relative_period: String,
    },
    /// Fixed dates: the periods lying inside `[start_date, end_date]`.
    Fixed {
        /// First day.
        start_date: Date,
        /// Last day (inclusive).
        end_date: Date,
    },
    /// Values changed (DHIS2 `lastUpdated`, deleted values included) since the rule's last
    /// successful run, whatever their period. Edits to old periods are sent again.
    SinceLastSuccessfulSync {
        /// Changes since this day are sent on the first run; `None` sends everything.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        initial_since: Option<Date>,
    },
}

/// Which attribute category options a rule sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "SCREAMING_SNAKE_CASE",
    rename_all_fields = "camelCase"
)]
pub enum CategoryOptionSelection {
    /// Every attribute option combo.
    #[default]
    All,
    /// Only values whose attribute option combo is made of these category options.
    Selected {
        /// Category option ids.
        category_options: Vec<String>,
    },
}

/// Aggregation to a coarser period type, up the org unit tree to each selected unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "SCREAMING_SNAKE_CASE",
    rename_all_fields = "camelCase"
)]
pub enum Aggregation {
    /// Raw values are sent as they are (no children).
    #[default]
    Off,
    /// Values of each selected unit and its subtree are aggregated to this period type.
    On {
        /// Target period type, by its server name (`Monthly`, `FinancialApril`, ...).
        period_type: PeriodType,
    },
}

impl Aggregation {
    /// The target period type when on.
    pub fn period_type(self) -> Option<PeriodType> {
        match self {
            Aggregation::Off => None,
            Aggregation::On { period_type } => Some(period_type),
        }
    }
}

/// Import strategy chosen for a rule (the wizard's "New and updates", "New", "Updates").
/// Deletions are sent separately with DHIS2's `DELETE` strategy.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ImportStrategy {
    /// New and updates.
    #[default]
    #[serde(alias = "NEW_AND_UPDATES")]
    CreateAndUpdate,
    /// New values only.
    #[serde(alias = "NEW")]
    Create,
    /// Changes to existing values only.
    #[serde(alias = "UPDATES")]
    Update,
}

impl ImportStrategy {
    /// The value of the `importStrategy` query parameter.
    pub fn as_param(self) -> &'static str {
        match self {
            ImportStrategy::CreateAndUpdate => "CREATE_AND_UPDATE",
            ImportStrategy::Create => "CREATE",
            ImportStrategy::Update => "UPDATE",
        }
    }
}

/// When the headless runner runs a rule: a five-field cron expression
/// (`minute hour day-of-month month day-of-week`), in the runner's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Schedule {
    /// Cron expression.
    pub cron: String,
}

impl Schedule {
    /// A schedule from a preset.
    pub fn from_preset(preset: SchedulePreset) -> Schedule {
        Schedule {
            cron: preset.cron().to_string(),
        }
    }

    /// The preset this schedule equals, if any (for the wizard's preset picker).
    pub fn preset(&self) -> Option<SchedulePreset> {
        let normalised = self.cron.split_whitespace().collect::<Vec<_>>().join(" ");
        [
            SchedulePreset::Daily,
            SchedulePreset::Weekly,
            SchedulePreset::Monthly,
        ]
        .into_iter()
        .find(|preset| preset.cron() == normalised)
    }
}

/// Schedule presets offered next to a free cron expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SchedulePreset {
    /// Every day at 02:00.
    Daily,
    /// Mondays at 02:00.
    Weekly,
    /// The first day of each month at 02:00.
    Monthly,
}

impl SchedulePreset {
    /// The cron expression of the preset.
    pub fn cron(self) -> &'static str {
        match self {
            SchedulePreset::Daily => "0 2 * * *",
            SchedulePreset::Weekly => "0 2 * * 1",
            SchedulePreset::Monthly => "0 2 1 * *",
        }
    }
}

/// Checks a five-field cron expression: `*`, numbers, ranges `a-b`, lists `a,b` and steps `/n`
/// within each field's bounds (day of week 0–7, both 0 and 7 being Sunday). Names such as `MON`
/// are not accepted.
pub fn check_cron(expression: &str) -> Result<(), String> {
    const FIELDS: [(&str, u32, u32); 5] = [
        ("minute", 0, 59),
        ("hour", 0, 23),
        ("day of month", 1, 31),
        ("month", 1, 12),
        ("day of week", 0, 7),
    ];
    let fields: Vec<&str> = expression.split_whitespace().collect();
    if fields.len() != FIELDS.len() {
        return Err(format!(
            "a cron expression has 5 fields (minute hour day-of-month month day-of-week), found {}",
            fields.len()
        ));
    }
    for (field, (name, low, high)) in fields.iter().zip(FIELDS) {
        for item in field.split(',') {
            let (range, step) = match item.split_once('/') {
                Some((range, step)) => (range, Some(step)),
                None => (item, None),
            };
            if let Some(step) = step {
                match step.parse::<u32>() {
                    Ok(step) if step > 0 => {}
                    _ => return Err(format!("{name}: `{item}` has an invalid step")),
                }
            }
            if range == "*" {
                continue;
            }
            let bounds: Vec<&str> = range.split('-').collect();
            let numbers: Result<Vec<u32>, _> = bounds.iter().map(|b| b.parse::<u32>()).collect();
            let Ok(numbers) = numbers else {
                return Err(format!("{name}: `{item}` is not a number, range or `*`"));
            };
            if numbers.is_empty() || numbers.len() > 2 {
                return Err(format!("{name}: `{item}` is not a number, range or `*`"));
            }
            if numbers.iter().any(|n| *n < low || *n > high) {
                return Err(format!("{name}: `{item}` is outside {low}-{high}"));
            }
            if numbers.len() == 2 && numbers[0] > numbers[1] {
                return Err(format!("{name}: `{item}` is a range running backwards"));
            }
        }
    }
    Ok(())
}

/// When a rule last ran and how it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RunStamp {
    /// Source server time at the start of the run.
    pub at: ServerTime,
    /// Outcome.
    pub status: ReportStatus,
    /// The report of that run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_id: Option<String>,
}

impl Rule {
    /// Records a finished run: `last_run` always; `last_successful_run` (the watermark) only for
    /// a run that wrote data without errors, with `started_at` being the source server time
    /// taken before its reads. Dry runs and failed or cancelled runs leave the watermark alone.
    pub fn record_run(&mut self, started_at: ServerTime, status: ReportStatus, report_id: &str) {
        self.last_run = Some(RunStamp {
            at: started_at,
            status,
            report_id: Some(report_id.to_string()),
        });
        if status.advances_watermark() {
            self.last_successful_run = Some(started_at);
        }
    }
}

impl Persisted for Rule {
    const KIND: &'static str = "rule";
    const CURRENT_VERSION: u32 = RULE_SCHEMA_VERSION;

    fn migrations() -> &'static [Migration] {
        &[Migration {
            from: 0,
            apply: migrate_rule_v0,
        }]
    }
}

/// Version 0: the prototype's shape, close to the MetaData Synchronization app's rules, stored
/// without `schemaVersion`:
///
/// ```json
/// {"id":"…","name":"…","code":"…","description":"…",
///  "builder":{"dataSets":["…"],"excludedDataElements":["…"],"dataElements":["…"],
///             "dataElementGroups":["…"]},
///  "orgUnitPaths":["/root/child"],
///  "period":"LAST_MONTH" | "FIXED" | "SINCE_LAST_SUCCESSFUL_SYNC", "startDate":"…", "endDate":"…",
///  "attributeCategoryOptions":["…"],            (empty = all)
///  "aggregation":"MONTHLY" | null,               (DAILY WEEKLY MONTHLY QUARTERLY YEARLY)
///  "targetInstances":["…"],
///  "syncParams":{"importStrategy":"NEW_AND_UPDATES","dryRun":false,"includeDeleted":false},
///  "enabled":true, "frequency":"0 2 * * *",
///  "lastExecuted":"…", "lastSuccessfulSync":"…"}
/// ```
fn migrate_rule_v0(
    mut old: Map<String, Value>,
    notes: &mut Vec<String>,
) -> Result<Map<String, Value>, String> {
    let mut new = Map::new();
    for key in ["id", "name", "code", "description"] {
        if let Some(value) = old.remove(key) {
            new.insert(key.to_string(), value);
        }
    }

    let builder = match old.remove("builder") {
        Some(Value::Object(builder)) => builder,
        None | Some(Value::Null) => Map::new(),
        Some(_) => return Err("`builder` is not an object".to_string()),
    };
    let strings = |value: Option<&Value>, key: &str| -> Result<Vec<Value>, String> {
        match value {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => Ok(items.clone()),
            Some(_) => Err(format!("`{key}` is not a list of ids")),
        }
    };
    let excluded = strings(
        builder.get("excludedDataElements"),
        "builder.excludedDataElements",
    )?;
    let data_sets = strings(builder.get("dataSets"), "builder.dataSets")?;
    if !excluded.is_empty() && data_sets.len() > 1 {
        notes.push(
            "the excluded data elements applied to all data sets together; they are now excluded \
             from each data set"
                .to_string(),
        );
    }
    let data_sets: Vec<Value> = data_sets
        .into_iter()
        .map(|id| serde_json::json!({"id": id, "excludedDataElements": excluded.clone()}))
        .collect();
    new.insert(
        "selection".to_string(),
        serde_json::json!({
            "dataSets": data_sets,
            "dataElements": strings(builder.get("dataElements"), "builder.dataElements")?,
            "dataElementGroups": strings(builder.get("dataElementGroups"), "builder.dataElementGroups")?,
        }),
    );

    let paths = strings(old.get("orgUnitPaths"), "orgUnitPaths")?;
    let org_units: Vec<Value> = paths
        .iter()
        .filter_map(Value::as_str)
        .filter_map(|path| path.rsplit('/').find(|part| !part.is_empty()))
        .map(|id| Value::from(id.to_string()))
        .collect();
    new.insert("orgUnits".to_string(), Value::Array(org_units));

    let period = match old.get("period").and_then(Value::as_str) {
        Some("FIXED") => serde_json::json!({
            "type": "FIXED",
            "startDate": old.get("startDate").cloned().unwrap_or(Value::Null),
            "endDate": old.get("endDate").cloned().unwrap_or(Value::Null),
        }),
        Some("SINCE_LAST_SUCCESSFUL_SYNC") => {
            serde_json::json!({"type": "SINCE_LAST_SUCCESSFUL_SYNC"})
        }
        Some("SINCE_LAST_EXECUTED_DATE") => {
            notes.push(
                "\"since last executed date\" became \"since last successful sync\" (values \
                 changed since then, not periods)"
                    .to_string(),
            );
            serde_json::json!({"type": "SINCE_LAST_SUCCESSFUL_SYNC"})
        }
        Some(keyword) => serde_json::json!({"type": "RELATIVE", "relativePeriod": keyword}),
        None => return Err("`period` is missing".to_string()),
    };
    new.insert("period".to_string(), period);

    let options = strings(
        old.get("attributeCategoryOptions"),
        "attributeCategoryOptions",
    )?;
    new.insert(
        "categoryOptions".to_string(),
        if options.is_empty() {
            serde_json::json!({"type": "ALL"})
        } else {
            serde_json::json!({"type": "SELECTED", "categoryOptions": options})
        },
    );

    let aggregation = match old.get("aggregation") {
        None | Some(Value::Null) => serde_json::json!({"type": "OFF"}),
        Some(Value::String(name)) => {
            let period_type = match name.as_str() {
                "DAILY" => "Daily",
                "WEEKLY" => "Weekly",
                "MONTHLY" => "Monthly",
                "QUARTERLY" => "Quarterly",
                "YEARLY" => "Yearly",
                other => return Err(format!("unknown aggregation `{other}`")),
            };
            serde_json::json!({"type": "ON", "periodType": period_type})
        }
        Some(_) => return Err("`aggregation` is not a string".to_string()),
    };
    new.insert("aggregation".to_string(), aggregation);

    let targets = strings(old.get("targetInstances"), "targetInstances")?;
    match targets.as_slice() {
        [] => return Err("the rule has no target instance".to_string()),
        [first] => {
            new.insert("destinationId".to_string(), first.clone());
        }
        [first, rest @ ..] => {
            notes.push(format!(
                "the rule sent to {} instances; it now sends to the first ({}); duplicate it for \
                 the others",
                rest.len() + 1,
                first.as_str().unwrap_or_default()
            ));
            new.insert("destinationId".to_string(), first.clone());
        }
    }

    let params = match old.remove("syncParams") {
        Some(Value::Object(params)) => params,
        _ => Map::new(),
    };
    let strategy = params
        .get("importStrategy")
        .cloned()
        .unwrap_or(Value::from("CREATE_AND_UPDATE"));
    new.insert("importStrategy".to_string(), strategy);
    new.insert(
        "dryRun".to_string(),
        params.get("dryRun").cloned().unwrap_or(Value::Bool(false)),
    );
    new.insert(
        "sendDeletions".to_string(),
        params
            .get("includeDeleted")
            .cloned()
            .unwrap_or(Value::Bool(false)),
    );

    let enabled = old.get("enabled").and_then(Value::as_bool).unwrap_or(false);
    match old.get("frequency") {
        Some(Value::String(cron)) if enabled => {
            new.insert("schedule".to_string(), serde_json::json!({"cron": cron}));
        }
        Some(Value::String(_)) => notes.push(
            "the schedule was disabled; it was dropped (set one again to run it automatically)"
                .to_string(),
        ),
        _ => {}
    }
    if let Some(Value::String(time)) = old.get("lastSuccessfulSync") {
        if time.parse::<ServerTime>().is_ok() {
            new.insert("lastSuccessfulRun".to_string(), Value::from(time.clone()));
        } else {
            notes.push(format!(
                "the last successful sync `{time}` is not a source server time; it was dropped, so \
                 the next incremental run sends every change again"
            ));
        }
    }
    if old.contains_key("lastExecuted") {
        notes.push(
            "the old \"last executed\" date carries no status; it was dropped from the rule (the \
             history keeps the reports)"
                .to_string(),
        );
    }
    Ok(new)
}
