//! A saved sync rule: the wizard's choices under a name, with an optional schedule, the
//! watermarks of its last runs and the values its runs left behind (pending values, sent again
//! by the next run). One dataStore key per rule in the app's namespace.
//!
//! The types here are what is stored; a rule is only run after [`super::validate`] turned it into
//! a [`super::ValidatedRule`]. Nothing here holds a secret or reads a clock.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::outcome::{LeftBehindKind, RunEnd};
use super::persist::{Migration, ModelError, Persisted};
use super::report::{ReportStatus, SyncReport};
use super::schedule::Schedule;
use super::time::ServerTime;
use crate::date::Date;
use crate::period::PeriodType;
use crate::plan::ValueKey;

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
    /// Schedule of the unattended runner (`aggsync run --due`), on the source instance's clock;
    /// `None` = run by hand only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Schedule>,
    /// The last run, whatever its outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_run: Option<RunStamp>,
    /// Source server time taken before the reads of the last successful run: the watermark of
    /// [`PeriodSelection::SinceLastSuccessfulSync`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_successful_run: Option<ServerTime>,
    /// Values earlier runs did not get to the destination (refused, of unknown fate, not sent),
    /// at most [`MAX_PENDING_VALUES`]: the next run reads them again and sends them with the
    /// rest, until they are confirmed or the user drops them ([`Rule::drop_pending`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<PendingValue>,
}

/// At most this many pending values are kept with a rule. A run that leaves more behind does not
/// move the watermark ([`PendingUpdate::TooMany`]): the next run reads its whole window again, so
/// nothing is lost, and the rule's entry stays small.
pub const MAX_PENDING_VALUES: usize = 10_000;

/// A value a run of the rule did not get to the destination, kept with the rule so that later
/// runs read it again (by its key: the value sent is what the source holds then) and send it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingValue {
    /// The value's key as sent to the destination (after aggregation, when the rule aggregates).
    pub key: ValueKey,
    /// Where it ended in the last run that left it behind (refused, fate unknown, not sent).
    pub kind: LeftBehindKind,
    /// Why, in words, from that run.
    pub reason: String,
    /// DHIS2's error code, when there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// The report of the run that first left it behind.
    pub since_report: String,
}

/// What a finished run does to its rule's watermark and pending values ([`Rule::record_run`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PendingUpdate {
    /// The run moves nothing (not SUCCESS or WARNING, or it stopped part-way): the watermark and
    /// the pending values stay, so the next run reads the same window and values again.
    Unchanged,
    /// The watermark moves to the run's start and the pending values become exactly the run's
    /// values that did not land (values left out knowingly are not pending).
    Moved {
        /// The new pending values.
        pending: Vec<PendingValue>,
    },
    /// More values did not land than a rule keeps ([`MAX_PENDING_VALUES`]), or than the report
    /// lists: the watermark and the pending values stay, and the next run reads the whole window
    /// again.
    TooMany {
        /// Values of the run that did not land.
        not_landed: u64,
    },
}

impl PendingUpdate {
    /// What the report and the rules page say about it, when there is something to say.
    pub fn note(&self) -> Option<String> {
        match self {
            PendingUpdate::Unchanged => None,
            PendingUpdate::Moved { pending } if pending.is_empty() => None,
            PendingUpdate::Moved { pending } => Some(format!(
                "{} values did not reach the destination; they are kept with the rule and sent \
                 again by its next run",
                pending.len()
            )),
            PendingUpdate::TooMany { not_landed } => Some(format!(
                "{not_landed} values did not reach the destination, more than the \
                 {MAX_PENDING_VALUES} a rule keeps: the watermark did not move, so the next run \
                 reads the whole window again"
            )),
        }
    }
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
    /// Records a finished run of this rule from its report: `last_run` always; then, for a run
    /// that ended SUCCESS or WARNING without stopping part-way, the watermark moves to the run's
    /// start (`report.started_at`, the source server time taken before its reads) and the pending
    /// values become the run's values that did not land ([`Rule::pending_update`]). Dry runs and
    /// runs that failed, were cancelled, were interrupted or were skipped leave both alone.
    pub fn record_run(&mut self, report: &SyncReport) -> Result<PendingUpdate, ModelError> {
        let started_at: ServerTime =
            report
                .started_at
                .parse()
                .map_err(
                    |error: super::time::ServerTimeError| ModelError::InvalidField {
                        kind: "report",
                        path: "startedAt".to_string(),
                        message: error.to_string(),
                    },
                )?;
        let update = self.pending_update(report);
        self.last_run = Some(RunStamp {
            at: started_at,
            status: report.status,
            report_id: Some(report.id.clone()),
        });
        if let PendingUpdate::Moved { pending } = &update {
            self.last_successful_run = Some(started_at);
            self.pending = pending.clone();
        }
        Ok(update)
    }

    /// What recording `report` would do to the watermark and the pending values (pure: the run
    /// calls it to say so in the report before saving it).
    ///
    /// A run reads again every value pending at its start, so once it has finished, each one is
    /// confirmed, left behind again (listed in the report), left out knowingly, or gone from the
    /// source; the values still pending are exactly the report's values that did not land. A
    /// value already pending keeps the report that first left it behind. A run that stopped
    /// part-way (a read failed) may not have read everything: it moves nothing.
    pub fn pending_update(&self, report: &SyncReport) -> PendingUpdate {
        if !report.status.advances_watermark() || report.end == Some(RunEnd::Stopped) {
            return PendingUpdate::Unchanged;
        }
        let not_landed: Vec<_> = report
            .left_behind
            .iter()
            .filter(|item| item.kind.counts_against_success())
            .collect();
        let not_landed_count = report.tally.not_landed().max(not_landed.len() as u64);
        if not_landed.len() as u64 != not_landed_count {
            // The report could not store them all: their keys are not known.
            return PendingUpdate::TooMany {
                not_landed: not_landed_count,
            };
        }
        let first_report: std::collections::BTreeMap<&ValueKey, &str> = self
            .pending
            .iter()
            .map(|pending| (&pending.key, pending.since_report.as_str()))
            .collect();
        let mut seen = std::collections::BTreeSet::new();
        let mut pending = Vec::new();
        for item in not_landed {
            let key = item.value.key();
            if !seen.insert(key.clone()) {
                continue;
            }
            let since_report = first_report
                .get(&key)
                .map_or_else(|| report.id.clone(), |id| (*id).to_string());
            pending.push(PendingValue {
                key,
                kind: item.kind,
                reason: item.reason.clone(),
                code: item.code.clone(),
                since_report,
            });
        }
        if pending.len() > MAX_PENDING_VALUES {
            return PendingUpdate::TooMany {
                not_landed: not_landed_count,
            };
        }
        PendingUpdate::Moved { pending }
    }

    /// Drops the pending values with these keys (the user gave up on them); returns how many
    /// were dropped. They are not sent again unless they change at the source.
    pub fn drop_pending(&mut self, keys: &[ValueKey]) -> usize {
        let keys: std::collections::BTreeSet<&ValueKey> = keys.iter().collect();
        let before = self.pending.len();
        self.pending.retain(|pending| !keys.contains(&pending.key));
        before - self.pending.len()
    }

    /// Drops every pending value; returns how many there were.
    pub fn drop_all_pending(&mut self) -> usize {
        std::mem::take(&mut self.pending).len()
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
