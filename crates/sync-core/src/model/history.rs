//! The history of sync attempts as the history page lists it: a summary of each report (read
//! with only the summary fields, so the list does not download every full report), entries that
//! cannot be read listed as broken, filters, paging and the retention rule.
//!
//! No I/O and no clock: the app fetches the entries and hands in today (the server's date).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::outcome::Tally;
use super::report::{REPORT_SCHEMA_VERSION, ReportStatus, RunOrigin};
use super::time::ServerTime;
use crate::date::Date;
use crate::import_result::ImportCount;

/// Prefix of the dataStore keys of reports: `report-<id>`.
pub const REPORT_KEY_PREFIX: &str = "report-";

/// The report fields the history list reads (dataStore query API `fields`).
pub const REPORT_SUMMARY_FIELDS: [&str; 14] = [
    "schemaVersion",
    "id",
    "origin",
    "runBy",
    "destinationId",
    "destinationName",
    "status",
    "startedAt",
    "finishedAt",
    "valuesRead",
    "valuesSent",
    "counts",
    "heartbeatAt",
    "tally",
];

/// Value of the rule filter meaning runs without a rule.
pub const MANUAL_RULE_FILTER: &str = "manual";

/// The dataStore key of the report `id`.
pub fn report_key(id: &str) -> String {
    format!("{REPORT_KEY_PREFIX}{id}")
}

/// Suffix of the key holding a report's value-level detail (`report-<id>-detail`, see
/// [`super::ReportDetail`]). Report ids are DHIS2 UIDs (letters and digits), so no report key
/// ends with it.
pub const REPORT_DETAIL_KEY_SUFFIX: &str = "-detail";

/// The key of the value-level detail of report `id` (in the dataStore, or in the user data
/// store of whoever ran it).
pub fn report_detail_key(id: &str) -> String {
    format!("{REPORT_KEY_PREFIX}{id}{REPORT_DETAIL_KEY_SUFFIX}")
}

/// True for the dataStore key of a report (not the key of its detail).
pub fn is_report_key(key: &str) -> bool {
    key.starts_with(REPORT_KEY_PREFIX)
        && key.len() > REPORT_KEY_PREFIX.len()
        && !key.ends_with(REPORT_DETAIL_KEY_SUFFIX)
}

/// What the history list shows of one report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportSummary {
    /// Report id.
    pub id: String,
    /// Manual or which rule.
    pub origin: RunOrigin,
    /// Who ran it.
    pub run_by: String,
    /// Destination id.
    pub destination_id: String,
    /// Destination name at the time of the run.
    pub destination_name: Option<String>,
    /// Outcome.
    pub status: ReportStatus,
    /// Start (server time text).
    pub started_at: String,
    /// End, when finished.
    pub finished_at: Option<String>,
    /// Values read from the source.
    pub values_read: u64,
    /// Values sent.
    pub values_sent: u64,
    /// Merged import counts.
    pub counts: ImportCount,
    /// Last sign of life of a running report.
    pub heartbeat_at: Option<ServerTime>,
    /// Where the planned values ended.
    pub tally: Tally,
}

/// One entry of the history: a readable report, or a key whose value is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryEntry {
    /// A report (boxed: a summary is much bigger than a broken entry).
    Report(Box<ReportSummary>),
    /// A `report-…` entry that cannot be read; listed so that it can be deleted.
    Broken {
        /// The report id (the key without its prefix).
        id: String,
        /// Why it cannot be read.
        message: String,
    },
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SummaryFields {
    #[serde(default)]
    schema_version: Option<Value>,
    #[serde(default)]
    id: Option<String>,
    origin: RunOrigin,
    run_by: String,
    destination_id: String,
    #[serde(default)]
    destination_name: Option<String>,
    status: ReportStatus,
    started_at: String,
    #[serde(default)]
    finished_at: Option<String>,
    #[serde(default)]
    values_read: u64,
    #[serde(default)]
    values_sent: u64,
    counts: ImportCount,
    #[serde(default)]
    heartbeat_at: Option<ServerTime>,
    #[serde(default)]
    tally: Tally,
}

impl HistoryEntry {
    /// Reads the entry of dataStore key `key` from its value: the whole report, or an object of
    /// [`REPORT_SUMMARY_FIELDS`].
    pub fn from_value(key: &str, value: Value) -> HistoryEntry {
        let id = key
            .strip_prefix(REPORT_KEY_PREFIX)
            .unwrap_or(key)
            .to_string();
        let broken = |message: String| HistoryEntry::Broken {
            id: id.clone(),
            message,
        };
        if !value.is_object() || value.as_object().is_some_and(|object| object.is_empty()) {
            return broken("not a report: the stored value is not a report object".to_string());
        }
        let fields: SummaryFields = match serde_json::from_value(value) {
            Ok(fields) => fields,
            Err(error) => return broken(format!("not a report: {error}")),
        };
        match fields.schema_version.as_ref().map(Value::as_u64) {
            Some(Some(version)) if version > u64::from(REPORT_SCHEMA_VERSION) => {
                return broken(format!(
                    "schema version {version} is newer than this app understands"
                ));
            }
            Some(None) => return broken("`schemaVersion` is not a whole number".to_string()),
            _ => {}
        }
        HistoryEntry::Report(Box::new(ReportSummary {
            id: fields.id.unwrap_or_else(|| id.clone()),
            origin: fields.origin,
            run_by: fields.run_by,
            destination_id: fields.destination_id,
            destination_name: fields.destination_name,
            status: fields.status,
            started_at: fields.started_at,
            finished_at: fields.finished_at,
            values_read: fields.values_read,
            values_sent: fields.values_sent,
            counts: fields.counts,
            heartbeat_at: fields.heartbeat_at,
            tally: fields.tally,
        }))
    }

    /// The report id.
    pub fn id(&self) -> &str {
        match self {
            HistoryEntry::Report(summary) => &summary.id,
            HistoryEntry::Broken { id, .. } => id,
        }
    }

    /// The dataStore key.
    pub fn key(&self) -> String {
        report_key(self.id())
    }
}

impl ReportSummary {
    /// The status to show at `now`: a RUNNING report whose heartbeat (or start) is older than
    /// `stale_ms` stopped without finishing — INTERRUPTED (see `SyncReport::effective_status`).
    pub fn effective_status(&self, now: ServerTime, stale_ms: i64) -> ReportStatus {
        let started = self.started_at.parse::<ServerTime>().ok();
        super::report::effective_status(self.status, self.heartbeat_at.or(started), now, stale_ms)
    }

    /// The day the run started.
    pub fn started_on(&self) -> Option<Date> {
        self.started_at.get(..10)?.parse().ok()
    }

    /// Milliseconds from start to end, when both are readable.
    pub fn duration_ms(&self) -> Option<u64> {
        let start: ServerTime = self.started_at.parse().ok()?;
        let end: ServerTime = self.finished_at.as_deref()?.parse().ok()?;
        u64::try_from(start.millis_until(end)).ok()
    }

    /// The rule id, `None` for a manual run.
    pub fn rule_id(&self) -> Option<&str> {
        match &self.origin {
            RunOrigin::Manual => None,
            RunOrigin::Rule { rule_id, .. } => Some(rule_id),
        }
    }

    /// True when the report started more than `retention_days` before `today`. A report whose
    /// start cannot be read is kept.
    pub fn is_expired(&self, today: Date, retention_days: u32) -> bool {
        let retention = i32::try_from(retention_days).unwrap_or(i32::MAX);
        self.started_on()
            .is_some_and(|day| day.days_until(today) > retention)
    }
}

/// A duration for people: `850 ms`, `12 s`, `3 min 5 s`, `1 h 2 min`.
pub fn format_duration(millis: u64) -> String {
    let seconds = millis / 1000;
    if millis < 1000 {
        format!("{millis} ms")
    } else if seconds < 60 {
        format!("{seconds} s")
    } else if seconds < 3600 {
        format!("{} min {} s", seconds / 60, seconds % 60)
    } else {
        format!("{} h {} min", seconds / 3600, seconds / 60 % 60)
    }
}

/// The history page's filters. Empty fields do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistoryFilter {
    /// Only this status.
    pub status: Option<ReportStatus>,
    /// Only this rule id, or [`MANUAL_RULE_FILTER`] for runs without a rule.
    pub rule: Option<String>,
    /// Only this destination id.
    pub destination: Option<String>,
    /// Started on or after this day.
    pub from: Option<Date>,
    /// Started on or before this day.
    pub to: Option<Date>,
}

impl HistoryFilter {
    /// True when no filter is set.
    pub fn is_empty(&self) -> bool {
        *self == HistoryFilter::default()
    }

    /// Whether `entry` passes. Broken entries have nothing to filter on: they are listed only
    /// when no filter is set.
    pub fn matches(&self, entry: &HistoryEntry) -> bool {
        let HistoryEntry::Report(summary) = entry else {
            return self.is_empty();
        };
        if self.status.is_some_and(|status| status != summary.status) {
            return false;
        }
        if let Some(rule) = &self.rule {
            let matches_rule = match summary.rule_id() {
                None => rule == MANUAL_RULE_FILTER,
                Some(id) => id == rule,
            };
            if !matches_rule {
                return false;
            }
        }
        if self
            .destination
            .as_ref()
            .is_some_and(|destination| *destination != summary.destination_id)
        {
            return false;
        }
        if self.from.is_some() || self.to.is_some() {
            let Some(day) = summary.started_on() else {
                return false;
            };
            if self.from.is_some_and(|from| day < from) || self.to.is_some_and(|to| day > to) {
                return false;
            }
        }
        true
    }
}

/// Sorts the history newest first; broken entries come first so they are seen and deleted.
pub fn sort_newest_first(entries: &mut [HistoryEntry]) {
    entries.sort_by(|left, right| match (left, right) {
        (HistoryEntry::Report(left), HistoryEntry::Report(right)) => right
            .started_at
            .cmp(&left.started_at)
            .then_with(|| right.id.cmp(&left.id)),
        (HistoryEntry::Broken { id: left, .. }, HistoryEntry::Broken { id: right, .. }) => {
            left.cmp(right)
        }
        (HistoryEntry::Broken { .. }, HistoryEntry::Report(_)) => std::cmp::Ordering::Less,
        (HistoryEntry::Report(_), HistoryEntry::Broken { .. }) => std::cmp::Ordering::Greater,
    });
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryPage<'a> {
    /// The entries of the page.
    pub items: &'a [HistoryEntry],
    /// The page shown, from 1 (clamped to the last page).
    pub page: u32,
    /// Number of pages (0 when there is nothing).
    pub page_count: u32,
    /// Entries over all pages.
    pub total: u32,
}

/// Page `page` (from 1) of `entries`, `page_size` to a page.
pub fn page_of(entries: &[HistoryEntry], page: u32, page_size: u32) -> HistoryPage<'_> {
    let page_size = page_size.max(1) as usize;
    let total = entries.len();
    let page_count = total.div_ceil(page_size);
    let page = (page.max(1) as usize).min(page_count.max(1));
    let start = ((page - 1) * page_size).min(total);
    let end = (start + page_size).min(total);
    HistoryPage {
        items: &entries[start..end],
        page: u32::try_from(page).unwrap_or(u32::MAX),
        page_count: u32::try_from(page_count).unwrap_or(u32::MAX),
        total: u32::try_from(total).unwrap_or(u32::MAX),
    }
}

/// The ids of the reports to delete under the retention rule. Broken entries are kept: they
/// have no readable date, and the user deletes them by hand.
pub fn expired_ids(entries: &[HistoryEntry], today: Date, retention_days: u32) -> Vec<String> {
    entries
        .iter()
        .filter_map(|entry| match entry {
            HistoryEntry::Report(summary) if summary.is_expired(today, retention_days) => {
                Some(summary.id.clone())
            }
            _ => None,
        })
        .collect()
}

/// The rules (id → name at the latest run) and destinations (id → name) seen in the history,
/// for the filters' choices.
pub fn filter_choices(
    entries: &[HistoryEntry],
) -> (BTreeMap<String, String>, BTreeMap<String, String>) {
    let mut rules = BTreeMap::new();
    let mut destinations = BTreeMap::new();
    for entry in entries {
        let HistoryEntry::Report(summary) = entry else {
            continue;
        };
        if let RunOrigin::Rule {
            rule_id, rule_name, ..
        } = &summary.origin
        {
            rules
                .entry(rule_id.clone())
                .or_insert_with(|| rule_name.clone());
        }
        destinations
            .entry(summary.destination_id.clone())
            .or_insert_with(|| {
                summary
                    .destination_name
                    .clone()
                    .unwrap_or_else(|| summary.destination_id.clone())
            });
    }
    (rules, destinations)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn report(id: &str, status: &str, started: &str, rule: Option<&str>) -> Value {
        let origin = match rule {
            Some(rule) => json!({"type":"RULE","ruleId":rule,"ruleName":format!("Rule {rule}")}),
            None => json!({"type":"MANUAL"}),
        };
        json!({
            "schemaVersion": 1, "id": id, "origin": origin, "runBy": "admin",
            "destinationId": "dest1", "destinationName": "Central", "status": status,
            "startedAt": started, "finishedAt": "2024-03-01T10:02:05.000",
            "valuesRead": 10, "valuesSent": 8,
            "counts": {"imported": 5, "updated": 2, "ignored": 1, "deleted": 0},
        })
    }

    fn entry(id: &str, status: &str, started: &str, rule: Option<&str>) -> HistoryEntry {
        HistoryEntry::from_value(&report_key(id), report(id, status, started, rule))
    }

    fn day(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn reads_a_summary() {
        let HistoryEntry::Report(summary) =
            entry("r1", "WARNING", "2024-03-01T10:00:00.000", Some("ru1"))
        else {
            panic!("a report expected")
        };
        assert_eq!(summary.status, ReportStatus::Warning);
        assert_eq!(summary.rule_id(), Some("ru1"));
        assert_eq!(summary.counts.imported, 5);
        assert_eq!(summary.duration_ms(), Some(125_000));
        assert_eq!(format_duration(125_000), "2 min 5 s");
        assert_eq!(summary.started_on(), Some(day("2024-03-01")));
    }

    #[test]
    fn malformed_entries_are_broken_not_errors() {
        for value in [
            json!("garbage"),
            json!({}),
            json!({"id": "x", "status": "WHATEVER"}),
            json!({"schemaVersion": 7, "id": "x", "origin": {"type":"MANUAL"}, "runBy": "a",
                   "destinationId": "d", "status": "SUCCESS", "startedAt": "2024-01-01",
                   "counts": {}}),
        ] {
            let entry = HistoryEntry::from_value("report-bad", value.clone());
            let HistoryEntry::Broken { id, message } = &entry else {
                panic!("broken expected for {value}")
            };
            assert_eq!(id, "bad");
            assert!(!message.is_empty());
            assert_eq!(entry.key(), "report-bad");
        }
    }

    #[test]
    fn filters_by_each_field() {
        let manual = entry("a", "SUCCESS", "2024-03-01T10:00:00.000", None);
        let ruled = entry("b", "ERROR", "2024-03-05T10:00:00.000", Some("ru1"));
        let broken = HistoryEntry::from_value("report-c", json!(1));
        let all = HistoryFilter::default();
        assert!(all.matches(&manual) && all.matches(&broken));
        let by_status = HistoryFilter {
            status: Some(ReportStatus::Error),
            ..HistoryFilter::default()
        };
        assert!(!by_status.matches(&manual) && by_status.matches(&ruled));
        assert!(!by_status.matches(&broken));
        let by_manual = HistoryFilter {
            rule: Some(MANUAL_RULE_FILTER.into()),
            ..HistoryFilter::default()
        };
        assert!(by_manual.matches(&manual) && !by_manual.matches(&ruled));
        let by_rule = HistoryFilter {
            rule: Some("ru1".into()),
            ..HistoryFilter::default()
        };
        assert!(!by_rule.matches(&manual) && by_rule.matches(&ruled));
        let by_destination = HistoryFilter {
            destination: Some("other".into()),
            ..HistoryFilter::default()
        };
        assert!(!by_destination.matches(&manual));
        let by_dates = HistoryFilter {
            from: Some(day("2024-03-02")),
            to: Some(day("2024-03-05")),
            ..HistoryFilter::default()
        };
        assert!(!by_dates.matches(&manual) && by_dates.matches(&ruled));
    }

    #[test]
    fn retention_prunes_only_old_readable_reports() {
        let entries = vec![
            entry("old", "SUCCESS", "2024-01-01T10:00:00.000", None),
            entry("edge", "SUCCESS", "2024-01-31T23:00:00.000", None),
            entry("new", "SUCCESS", "2024-03-01T10:00:00.000", None),
            HistoryEntry::from_value("report-broken", json!("x")),
        ];
        // 30 days before 2024-03-01 is 2024-01-31: kept; a day earlier goes.
        assert_eq!(expired_ids(&entries, day("2024-03-01"), 30), ["old"]);
        assert_eq!(
            expired_ids(&entries, day("2024-03-02"), 30),
            ["old", "edge"]
        );
        assert!(expired_ids(&entries, day("2024-03-01"), 3650).is_empty());
    }

    #[test]
    fn sorts_and_pages() {
        let mut entries = vec![
            entry("a", "SUCCESS", "2024-03-01T10:00:00.000", None),
            entry("b", "SUCCESS", "2024-03-03T10:00:00.000", None),
            HistoryEntry::from_value("report-z", json!(null)),
            entry("c", "SUCCESS", "2024-03-02T10:00:00.000", Some("r")),
        ];
        sort_newest_first(&mut entries);
        let ids: Vec<&str> = entries.iter().map(HistoryEntry::id).collect();
        assert_eq!(ids, ["z", "b", "c", "a"]);
        let page = page_of(&entries, 2, 3);
        assert_eq!((page.page, page.page_count, page.total), (2, 2, 4));
        assert_eq!(page.items.len(), 1);
        let clamped = page_of(&entries, 9, 3);
        assert_eq!(clamped.page, 2);
        let empty = page_of(&[], 1, 25);
        assert_eq!((empty.page, empty.page_count, empty.items.len()), (1, 0, 0));
        let (rules, destinations) = filter_choices(&entries);
        assert_eq!(rules.get("r").map(String::as_str), Some("Rule r"));
        assert_eq!(
            destinations.get("dest1").map(String::as_str),
            Some("Central")
        );
    }

    #[test]
    fn report_keys() {
        assert!(is_report_key("report-abc"));
        assert!(!is_report_key("report-"));
        assert!(!is_report_key("rule-abc"));
        assert!(!is_report_key("settings"));
        assert_eq!(report_detail_key("abc"), "report-abc-detail");
        assert!(!is_report_key(&report_detail_key("abc")));
    }
}
