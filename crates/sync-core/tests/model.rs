//! Persisted models: loading every schema version, migrating v0, precise errors for malformed
//! values, secrets refused, and validation of the wizard's draft listing every problem at once.

// Helpers outside #[test] functions unwrap too: a panic is a test failure here.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};

use sync_core::date::Date;
use sync_core::import_result::{Conflict, ImportCount, ImportStatus, MergedOutcome};
use sync_core::model::{
    Aggregation, CategoryOptionSelection, ChunkReport, DataSelection, DataSetSelection,
    DestinationInstance, DestinationKind, DirectAuth, ImportStrategy, IssueCode, LeftBehind,
    LeftBehindKind, Loaded, MAX_PENDING_VALUES, ModelError, PendingUpdate, PeriodDraft,
    PeriodSelection, PhaseTimings, Purpose, ReportStatus, Rule, RuleDraft, RunEnd, RunOrigin,
    RunParameters, Schedule, SchedulePreset, ServerTime, Severity, SyncReport, Tally,
    ValidatedRule, ValidationContext, WizardStep, check_cron, data_element_stats, load, status_of,
    to_json, to_json_pretty, validate,
};
use sync_core::period::PeriodType;
use sync_core::plan::{DataValue, DiffCounts, WriteKind};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/model/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn date(text: &str) -> Date {
    text.parse().unwrap()
}

// ---------------------------------------------------------------------------------------------
// Loading

#[test]
fn rule_v1_fixture_loads_and_round_trips() {
    let Loaded {
        value: rule,
        migrated_from,
        notes,
    } = load::<Rule>(&fixture("rule_v1.json")).unwrap();
    assert_eq!(migrated_from, None);
    assert!(notes.is_empty());
    assert_eq!(rule.schema_version, 1);
    assert_eq!(rule.name, "ANC monthly to national");
    assert_eq!(
        rule.aggregation,
        Aggregation::On {
            period_type: PeriodType::Monthly
        }
    );
    assert_eq!(
        rule.period,
        PeriodSelection::Relative {
            relative_period: "LAST_QUARTER".to_string()
        }
    );
    assert_eq!(
        rule.selection.data_sets[0].excluded_data_elements,
        vec!["s46m5MS0hxu"]
    );
    assert_eq!(
        rule.schedule.as_ref().and_then(Schedule::preset),
        Some(SchedulePreset::Monthly)
    );
    assert_eq!(
        rule.last_successful_run.unwrap().to_string(),
        "2024-03-01T02:00:00.120"
    );

    let text = to_json(&rule).unwrap();
    assert!(text.contains("\"schemaVersion\":1"));
    let again = load::<Rule>(&text).unwrap().value;
    assert_eq!(again, rule);
    let pretty = to_json_pretty(&rule).unwrap();
    assert_eq!(load::<Rule>(&pretty).unwrap().value, rule);
}

#[test]
fn rule_v0_is_migrated() {
    let loaded = load::<Rule>(&fixture("rule_v0.json")).unwrap();
    assert_eq!(loaded.migrated_from, Some(0));
    let rule = loaded.value;
    assert_eq!(rule.schema_version, 1);
    assert_eq!(rule.id, "RuLe0000000");
    assert_eq!(rule.code.as_deref(), Some("OLD_ANC"));
    assert_eq!(
        rule.selection,
        DataSelection {
            data_sets: vec![
                DataSetSelection {
                    id: "QX4ZTUbOt3a".into(),
                    excluded_data_elements: vec!["s46m5MS0hxu".into()]
                },
                DataSetSelection {
                    id: "BfMAe6Itzgt".into(),
                    excluded_data_elements: vec!["s46m5MS0hxu".into()]
                },
            ],
            data_elements: vec![],
            data_element_groups: vec!["oDkJh5Ddh7d".into()],
        }
    );
    assert_eq!(rule.org_units, vec!["O6uvpzGd5pu", "fdc6uOvgoji"]);
    assert_eq!(
        rule.period,
        PeriodSelection::Relative {
            relative_period: "LAST_MONTH".into()
        }
    );
    assert_eq!(rule.category_options, CategoryOptionSelection::All);
    assert_eq!(
        rule.aggregation,
        Aggregation::On {
            period_type: PeriodType::Quarterly
        }
    );
    assert_eq!(rule.destination_id, "DeSt0000001");
    assert_eq!(rule.import_strategy, ImportStrategy::CreateAndUpdate);
    assert!(rule.dry_run);
    assert!(rule.send_deletions);
    assert_eq!(rule.schedule, Some(Schedule::new("0 3 * * 1")));
    assert_eq!(
        rule.last_successful_run,
        Some("2023-11-06T03:00:00.000".parse().unwrap())
    );
    // Two targets, a shared exclusion list and the dropped "last executed" are explained.
    assert_eq!(loaded.notes.len(), 3, "{:?}", loaded.notes);
    assert!(loaded.notes.iter().any(|n| n.contains("2 instances")));
    // Saving writes the current version; loading that needs no migration.
    let saved = to_json(&rule).unwrap();
    assert_eq!(load::<Rule>(&saved).unwrap().migrated_from, None);
}

#[test]
fn rule_v0_variants() {
    let base: serde_json::Value = serde_json::from_str(&fixture("rule_v0.json")).unwrap();
    let with = |changes: serde_json::Value| {
        let mut value = base.clone();
        for (key, change) in changes.as_object().unwrap() {
            value[key] = change.clone();
        }
        load::<Rule>(&value.to_string())
    };
    let fixed = with(serde_json::json!({
        "period": "FIXED", "startDate": "2023-01-01", "endDate": "2023-06-30",
        "attributeCategoryOptions": ["LPeJEUjotaB"], "aggregation": null, "enabled": false,
        "lastSuccessfulSync": "2023-11-06T03:00:00.000Z"
    }))
    .unwrap();
    assert_eq!(
        fixed.value.period,
        PeriodSelection::Fixed {
            start_date: date("2023-01-01"),
            end_date: date("2023-06-30")
        }
    );
    assert_eq!(
        fixed.value.category_options,
        CategoryOptionSelection::Selected {
            category_options: vec!["LPeJEUjotaB".into()]
        }
    );
    assert_eq!(fixed.value.aggregation, Aggregation::Off);
    assert_eq!(fixed.value.schedule, None);
    assert_eq!(fixed.value.last_successful_run, None);
    assert!(
        fixed
            .notes
            .iter()
            .any(|n| n.contains("schedule was disabled"))
    );
    assert!(
        fixed
            .notes
            .iter()
            .any(|n| n.contains("not a source server time"))
    );

    let since = with(serde_json::json!({"period": "SINCE_LAST_EXECUTED_DATE"})).unwrap();
    assert_eq!(
        since.value.period,
        PeriodSelection::SinceLastSuccessfulSync {
            initial_since: None
        }
    );

    let no_target = with(serde_json::json!({"targetInstances": []})).unwrap_err();
    assert_eq!(
        no_target,
        ModelError::Migration {
            kind: "rule",
            from: 0,
            message: "the rule has no target instance".into()
        }
    );
    let bad_aggregation = with(serde_json::json!({"aggregation": "HOURLY"})).unwrap_err();
    assert!(
        bad_aggregation
            .to_string()
            .contains("unknown aggregation `HOURLY`")
    );
}

/// One case of a stored value that must not load: the error names what is wrong.
fn check_load_error(name: &str, text: &str, expected: &str) {
    let error = load::<Rule>(text).expect_err(name).to_string();
    // The key path must be there with and without serde_json's `preserve_order` (turned on by
    // another crate under `cargo test --workspace`).
    assert_eq!(error, expected, "{name}");
}

#[test]
fn malformed_rules_say_what_is_wrong() {
    let v1: serde_json::Value = serde_json::from_str(&fixture("rule_v1.json")).unwrap();
    let edit = |path: &[&str], value: Option<serde_json::Value>| {
        let mut root = v1.clone();
        let mut target = &mut root;
        for key in &path[..path.len() - 1] {
            target = match key.parse::<usize>() {
                Ok(index) => &mut target[index],
                Err(_) => &mut target[*key],
            };
        }
        let last = path[path.len() - 1];
        match value {
            Some(value) => target[last] = value,
            None => {
                target.as_object_mut().unwrap().remove(last);
            }
        }
        root.to_string()
    };
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "not json",
            "{\"id\": \"x\",\n  \"name\": }".into(),
            "rule: malformed JSON at line 2, column 11: expected value",
        ),
        (
            "array",
            "[1, 2]".into(),
            "rule: expected a JSON object, found an array",
        ),
        (
            "schema version text",
            edit(&["schemaVersion"], Some("one".into())),
            "rule: `schemaVersion` must be a whole number, found \"one\"",
        ),
        (
            "too new",
            edit(&["schemaVersion"], Some(7.into())),
            "rule: schema version 7 is newer than this app understands (up to 1); update the app",
        ),
        (
            "missing name",
            edit(&["name"], None),
            "rule: missing field `name`",
        ),
        (
            "data set id a number",
            edit(&["selection", "dataSets", "0", "id"], Some(5.into())),
            "rule: `selection.dataSets[0].id`: invalid type: integer `5`, expected a string",
        ),
        (
            "unknown strategy",
            edit(&["importStrategy"], Some("MERGE".into())),
            "rule: `importStrategy`: unknown variant `MERGE`, expected one of `CREATE_AND_UPDATE`, `NEW_AND_UPDATES`, `CREATE`, `NEW`, `UPDATE`, `UPDATES`",
        ),
        (
            "bad period type",
            edit(&["aggregation", "periodType"], Some("Hourly".into())),
            "rule: `aggregation`: unknown period type: `Hourly`",
        ),
        (
            "bad date",
            edit(
                &["period"],
                Some(
                    serde_json::json!({"type": "FIXED", "startDate": "2024-02-30", "endDate": "2024-03-01"}),
                ),
            ),
            "rule: `period`: not a valid date (expected yyyy-MM-dd): `2024-02-30`",
        ),
        (
            "watermark with zone",
            edit(&["lastSuccessfulRun"], Some("2024-03-01T02:00:00Z".into())),
            "rule: `lastSuccessfulRun`: not a server timestamp (expected yyyy-MM-ddTHH:mm:ss.SSS without zone): `2024-03-01T02:00:00Z`",
        ),
        (
            "org units not a list",
            edit(&["orgUnits"], Some("O6uvpzGd5pu".into())),
            "rule: `orgUnits`: invalid type: string \"O6uvpzGd5pu\", expected a sequence",
        ),
        (
            "last run status unknown",
            edit(&["lastRun", "status"], Some("FINE".into())),
            "rule: `lastRun.status`: unknown variant `FINE`, expected one of `RUNNING`, `SUCCESS`, `WARNING`, `ERROR`, `CANCELLED`, `DRY_RUN`, `INTERRUPTED`, `SKIPPED`",
        ),
    ];
    for (name, text, expected) in cases {
        check_load_error(name, &text, expected);
    }
}

#[test]
fn snake_case_schema_version_is_accepted() {
    let text = fixture("rule_v1.json").replace("\"schemaVersion\"", "\"schema_version\"");
    let loaded = load::<Rule>(&text).unwrap();
    assert_eq!(loaded.migrated_from, None);
    assert!(
        to_json(&loaded.value)
            .unwrap()
            .contains("\"schemaVersion\":1")
    );
}

#[test]
fn destinations_never_hold_secrets() {
    let route = load::<DestinationInstance>(&fixture("destination_route.json"))
        .unwrap()
        .value;
    assert_eq!(
        route.kind,
        DestinationKind::Route {
            route_id: "RoUt0000001".into(),
            scope: sync_core::model::RouteScope::Server,
        }
    );
    assert!(route.validate().is_empty());

    let error = load::<DestinationInstance>(&fixture("destination_with_secret.json")).unwrap_err();
    assert!(
        matches!(&error, ModelError::InvalidField { path, .. } if path == "kind.password"),
        "{error}"
    );
    assert!(error.to_string().contains("never store secrets"));

    for key in [
        "apiToken",
        "TOKEN",
        "personal_access_token",
        "Authorization",
    ] {
        let text = format!(
            r#"{{"schemaVersion":1,"id":"DeSt0000009","name":"x","url":"https://x.org","kind":{{"type":"CURRENT_INSTANCE"}},"{key}":"secret"}}"#
        );
        assert!(load::<DestinationInstance>(&text).is_err(), "{key}");
    }

    let direct = DestinationInstance {
        schema_version: 1,
        id: "DeSt0000003".into(),
        name: "Direct".into(),
        description: None,
        url: "https://play.example.org/api".into(),
        kind: DestinationKind::Direct {
            auth: DirectAuth::PersonalAccessToken,
        },
        id_schemes: Default::default(),
    };
    let text = to_json(&direct).unwrap();
    assert_eq!(
        text,
        r#"{"schemaVersion":1,"id":"DeSt0000003","name":"Direct","url":"https://play.example.org/api","kind":{"type":"DIRECT","auth":"PERSONAL_ACCESS_TOKEN"}}"#
    );
    let codes: Vec<IssueCode> = direct.validate().iter().map(|i| i.code).collect();
    assert_eq!(codes, vec![IssueCode::InvalidUrl]);
    let current = DestinationInstance {
        url: String::new(),
        name: String::new(),
        kind: DestinationKind::CurrentInstance,
        ..direct
    };
    let codes: Vec<IssueCode> = current.validate().iter().map(|i| i.code).collect();
    assert_eq!(codes, vec![IssueCode::NameRequired]);
}

// ---------------------------------------------------------------------------------------------
// Reports

fn sample_report() -> SyncReport {
    SyncReport {
        schema_version: sync_core::model::REPORT_SCHEMA_VERSION,
        id: "RePo0000001".into(),
        origin: RunOrigin::Rule {
            rule_id: "RuLe0000001".into(),
            rule_name: "ANC".into(),
            started_by: sync_core::model::RunTrigger::App,
        },
        run_by: "admin".into(),
        destination_id: "DeSt0000001".into(),
        destination_name: Some("National HMIS".into()),
        parameters: RunParameters {
            selection: DataSelection::default(),
            org_units: vec!["O6uvpzGd5pu".into()],
            period: PeriodSelection::SinceLastSuccessfulSync {
                initial_since: None,
            },
            periods: vec![],
            start_date: None,
            end_date: None,
            last_updated: Some("2024-03-01T01:55:00.000".parse().unwrap()),
            look_back_from: None,
            category_options: CategoryOptionSelection::All,
            aggregation: Aggregation::Off,
            import_strategy: ImportStrategy::CreateAndUpdate,
            send_deletions: true,
            dry_run: false,
            chunk_size: 2000,
        },
        status: ReportStatus::Running,
        end: None,
        started_at: "2024-03-10T02:00:00.000".into(),
        finished_at: Some("2024-03-10T02:01:00.000".into()),
        values_read: 3,
        values_sent: 3,
        counts: ImportCount::default(),
        chunks: vec![ChunkReport {
            index: 0,
            kind: WriteKind::Upsert,
            value_count: 3,
            attempts: 1,
            status: Some(ImportStatus::Warning),
            counts: ImportCount {
                imported: 2,
                updated: 0,
                ignored: 1,
                deleted: 0,
            },
            conflict_count: 1,
            http_status: Some(409),
            task_id: None,
            error: None,
            raw_response: Some("{}".into()),
            duration_ms: 120,
        }],
        data_elements: vec![],
        conflicts: vec![],
        tally: Tally::default(),
        left_behind: vec![],
        left_behind_not_stored: 0,
        not_aggregated: vec![],
        issues: vec![],
        errors: vec![],
        timings: PhaseTimings {
            read_ms: 10,
            aggregate_ms: 0,
            write_ms: 120,
        },
        heartbeat_at: None,
        progress: None,
        detail: None,
    }
}

#[test]
fn report_round_trips_and_takes_the_merged_outcome() {
    let mut report = sample_report();
    let rejected = DataValue::new("fbfJHSPpUQD", "202401", "O6uvpzGd5pu", "x");
    let merged = MergedOutcome {
        status: ImportStatus::Warning,
        counts: ImportCount {
            imported: 2,
            updated: 0,
            ignored: 1,
            deleted: 0,
        },
        conflicts: vec![Conflict {
            error_code: Some("E7619".into()),
            message: "Value must match value type".into(),
            values: vec![rejected.clone()],
            chunk: Some(0),
            ..Conflict::default()
        }],
        rejected_values: vec![rejected],
        chunks: 1,
        failed_chunks: vec![],
    };
    report.tally = Tally {
        planned: 3,
        confirmed: 2,
        ..Tally::default()
    };
    report.add_left_behind([LeftBehind::new(
        merged.rejected_values[0].clone(),
        LeftBehindKind::Refused,
        "Value must match value type",
    )]);
    report.finish(&merged, RunEnd::Finished);
    assert_eq!(report.status, ReportStatus::Warning);
    assert_eq!(report.counts.imported, 2);
    assert_eq!(report.tally.refused, 1);

    let mut diff = BTreeMap::new();
    diff.insert(
        "fbfJHSPpUQD".to_string(),
        DiffCounts {
            new: 3,
            ..DiffCounts::default()
        },
    );
    let sent = BTreeMap::from([("fbfJHSPpUQD".to_string(), 3u64)]);
    let names = BTreeMap::from([("fbfJHSPpUQD".to_string(), "ANC 1st visit".to_string())]);
    let counted = std::mem::take(&mut report.data_elements);
    report.data_elements = data_element_stats(counted, &diff, &sent, &merged, &names);
    assert_eq!(report.data_elements.len(), 1);
    let stats = &report.data_elements[0];
    assert_eq!((stats.sent, stats.rejected, stats.conflicts), (3, 1, 1));
    // The value left behind was counted per data element as it was recorded.
    assert_eq!(stats.refused, 1);
    assert_eq!(stats.name.as_deref(), Some("ANC 1st visit"));

    let text = to_json(&report).unwrap();
    assert_eq!(load::<SyncReport>(&text).unwrap().value, report);

    assert!(!report.is_expired(date("2024-04-09"), 30));
    assert!(report.is_expired(date("2024-04-10"), 30));
}

fn value_of(data_element: &str, org_unit: &str) -> DataValue {
    DataValue::new(data_element, "202403", org_unit, "1")
}

#[test]
fn chunk_counts_are_attributed_per_data_element_exactly_when_they_can_be() {
    let mut report = sample_report();
    report.data_elements.clear();
    // Two data elements, one value of `b` refused: DHIS2 counts it as ignored, and the rest
    // are all imported, so the split is exact.
    let values = vec![
        value_of("a", "ou1"),
        value_of("a", "ou2"),
        value_of("b", "ou1"),
    ];
    let refused = vec![LeftBehind::new(
        values[2].clone(),
        LeftBehindKind::Refused,
        "not in the user's hierarchy",
    )];
    let counts = ImportCount {
        imported: 2,
        ignored: 1,
        ..ImportCount::default()
    };
    report.add_chunk_outcome(&values, &refused, counts);
    report.add_left_behind(refused);
    let a = &report.data_elements[0];
    let b = &report.data_elements[1];
    assert_eq!(
        (a.data_element.as_str(), a.imported, a.ignored, a.refused),
        ("a", 2, 0, 0)
    );
    assert_eq!(
        (b.data_element.as_str(), b.imported, b.ignored, b.refused),
        ("b", 0, 0, 1)
    );
    assert!(!a.estimated && !b.estimated);

    // Mixed kinds in a mixed chunk: shared by each element's values, and said to be estimated.
    let values = vec![
        value_of("a", "ou3"),
        value_of("b", "ou2"),
        value_of("b", "ou3"),
    ];
    let counts = ImportCount {
        imported: 2,
        updated: 1,
        ..ImportCount::default()
    };
    report.add_chunk_outcome(&values, &[], counts);
    let a = &report.data_elements[0];
    let b = &report.data_elements[1];
    assert_eq!(a.imported + a.updated, 3);
    assert_eq!(b.imported + b.updated, 2);
    assert_eq!(a.imported + b.imported, 4);
    assert!(a.estimated && b.estimated);
    assert_eq!(b.total(), 3);

    // Left out before sending: not sent, per data element.
    report.add_left_behind([LeftBehind::new(
        value_of("c", "ou1"),
        LeftBehindKind::LeftOut,
        "not stored at the destination",
    )]);
    assert_eq!(report.data_elements[2].not_sent, 1);
}

#[test]
fn report_status_table() {
    let all = |planned| Tally {
        planned,
        confirmed: planned,
        ..Tally::default()
    };
    let refused = Tally {
        planned: 10,
        confirmed: 9,
        refused: 1,
        ..Tally::default()
    };
    let none = Tally {
        planned: 10,
        fate_unknown: 10,
        ..Tally::default()
    };
    let cases = [
        // how it ended, tally, dry run → status
        (RunEnd::Finished, all(10), false, ReportStatus::Success),
        (RunEnd::Finished, all(0), false, ReportStatus::Success),
        (RunEnd::Finished, refused, false, ReportStatus::Warning),
        (RunEnd::Finished, none, false, ReportStatus::Error),
        (RunEnd::Stopped, all(4), false, ReportStatus::Warning),
        (RunEnd::CouldNotStart, all(0), false, ReportStatus::Error),
        (RunEnd::Cancelled, all(10), false, ReportStatus::Cancelled),
        (RunEnd::Finished, refused, true, ReportStatus::DryRun),
        (RunEnd::Finished, none, true, ReportStatus::Error),
        (
            RunEnd::Interrupted,
            all(3),
            false,
            ReportStatus::Interrupted,
        ),
        (RunEnd::Skipped, all(0), false, ReportStatus::Skipped),
    ];
    for (end, tally, dry_run, expected) in cases {
        assert_eq!(
            status_of(end, &tally, dry_run),
            expected,
            "{end:?} {tally:?} {dry_run}"
        );
    }
}

#[test]
fn a_version_1_report_lists_its_failed_and_unsent_values_as_left_behind() {
    let mut old: serde_json::Value =
        serde_json::from_str(&to_json(&sample_report()).unwrap()).unwrap();
    let object = old.as_object_mut().unwrap();
    object.insert("schemaVersion".into(), 1.into());
    object.remove("tally");
    object.insert(
        "failedValues".into(),
        serde_json::json!([{"dataElement":"d","period":"202401","orgUnit":"o","value":"1"}]),
    );
    object.insert(
        "notSent".into(),
        serde_json::json!([{"value":{"dataElement":"d","period":"202402","orgUnit":"o","value":"x"},"reason":"Data value is not numeric"}]),
    );
    let loaded = load::<SyncReport>(&old.to_string()).unwrap().value;
    assert_eq!(loaded.left_behind.len(), 2);
    assert_eq!(loaded.left_behind[0].kind, LeftBehindKind::FateUnknown);
    assert_eq!(loaded.left_behind[1].kind, LeftBehindKind::LeftOut);
    assert_eq!(loaded.left_behind[1].reason, "Data value is not numeric");
    assert_eq!((loaded.tally.fate_unknown, loaded.tally.left_out), (1, 1));
}

/// A finished report of a run of the fixture rule that left `left_behind` behind.
fn finished_report(id: &str, status: ReportStatus, left_behind: Vec<LeftBehind>) -> SyncReport {
    let mut report = sample_report();
    report.id = id.into();
    report.status = status;
    report.end = Some(RunEnd::Finished);
    report.started_at = "2024-04-01T02:00:00.000".into();
    report.add_left_behind(left_behind);
    report
}

fn left(org_unit: &str, kind: LeftBehindKind) -> LeftBehind {
    LeftBehind::new(
        DataValue::new("fbfJHSPpUQD", "202403", org_unit, "5"),
        kind,
        format!("{kind:?} at {org_unit}"),
    )
}

fn pending_org_units(rule: &Rule) -> Vec<&str> {
    rule.pending
        .iter()
        .map(|pending| pending.key.org_unit.as_str())
        .collect()
}

#[test]
fn watermark_moves_only_after_a_run_that_wrote_its_values() {
    let mut rule = load::<Rule>(&fixture("rule_v1.json")).unwrap().value;
    let before = rule.last_successful_run;
    for status in [
        ReportStatus::Error,
        ReportStatus::Cancelled,
        ReportStatus::DryRun,
        ReportStatus::Interrupted,
        ReportStatus::Skipped,
    ] {
        let report = finished_report("RePo0000009", status, vec![]);
        assert_eq!(
            rule.record_run(&report).unwrap(),
            PendingUpdate::Unchanged,
            "{status:?}"
        );
        assert_eq!(rule.last_successful_run, before, "{status:?}");
        assert_eq!(rule.last_run.as_ref().unwrap().status, status);
    }
    let at: ServerTime = "2024-04-01T02:00:00.000".parse().unwrap();
    for status in [ReportStatus::Success, ReportStatus::Warning] {
        let mut rule = rule.clone();
        let report = finished_report("RePo0000010", status, vec![]);
        rule.record_run(&report).unwrap();
        assert_eq!(rule.last_successful_run, Some(at), "{status:?}");
        assert_eq!(
            rule.last_run.as_ref().unwrap().report_id.as_deref(),
            Some("RePo0000010")
        );
    }
}

#[test]
fn a_warning_keeps_the_values_that_did_not_land_pending_but_not_those_left_out() {
    let mut rule = load::<Rule>(&fixture("rule_v1.json")).unwrap().value;
    let report = finished_report(
        "RePo0000011",
        ReportStatus::Warning,
        vec![
            left("OrgUnit0001", LeftBehindKind::Refused),
            left("OrgUnit0002", LeftBehindKind::FateUnknown),
            left("OrgUnit0003", LeftBehindKind::Unsent),
            left("OrgUnit0004", LeftBehindKind::LeftOut),
        ],
    );
    let update = rule.record_run(&report).unwrap();
    assert!(matches!(&update, PendingUpdate::Moved { pending } if pending.len() == 3));
    assert!(update.note().unwrap().starts_with("3 values"));
    assert_eq!(
        pending_org_units(&rule),
        ["OrgUnit0001", "OrgUnit0002", "OrgUnit0003"]
    );
    assert_eq!(rule.pending[0].kind, LeftBehindKind::Refused);
    assert_eq!(rule.pending[0].reason, "Refused at OrgUnit0001");
    assert_eq!(rule.pending[0].since_report, "RePo0000011");
    assert_eq!(
        rule.last_successful_run,
        Some("2024-04-01T02:00:00.000".parse().unwrap())
    );
}

#[test]
fn pending_values_go_once_confirmed_and_keep_the_report_that_first_left_them_behind() {
    let mut rule = load::<Rule>(&fixture("rule_v1.json")).unwrap().value;
    let first = finished_report(
        "RePo0000012",
        ReportStatus::Warning,
        vec![
            left("OrgUnit0001", LeftBehindKind::Refused),
            left("OrgUnit0002", LeftBehindKind::FateUnknown),
        ],
    );
    rule.record_run(&first).unwrap();
    // The next run sent both again: the first landed, the second was refused this time.
    let second = finished_report(
        "RePo0000013",
        ReportStatus::Warning,
        vec![left("OrgUnit0002", LeftBehindKind::Refused)],
    );
    rule.record_run(&second).unwrap();
    assert_eq!(pending_org_units(&rule), ["OrgUnit0002"]);
    assert_eq!(rule.pending[0].since_report, "RePo0000012");
    assert_eq!(rule.pending[0].kind, LeftBehindKind::Refused);
    // A failed run changes nothing; a successful one confirms the rest.
    let failed = finished_report("RePo0000014", ReportStatus::Error, vec![]);
    rule.record_run(&failed).unwrap();
    assert_eq!(pending_org_units(&rule), ["OrgUnit0002"]);
    let success = finished_report("RePo0000015", ReportStatus::Success, vec![]);
    rule.record_run(&success).unwrap();
    assert!(rule.pending.is_empty());
}

#[test]
fn a_run_that_stopped_part_way_moves_neither_the_watermark_nor_the_pending_values() {
    let mut rule = load::<Rule>(&fixture("rule_v1.json")).unwrap().value;
    rule.record_run(&finished_report(
        "RePo0000016",
        ReportStatus::Warning,
        vec![left("OrgUnit0001", LeftBehindKind::Refused)],
    ))
    .unwrap();
    let watermark = rule.last_successful_run;
    let mut stopped = finished_report("RePo0000017", ReportStatus::Warning, vec![]);
    stopped.end = Some(RunEnd::Stopped);
    stopped.started_at = "2024-05-01T02:00:00.000".into();
    assert_eq!(rule.record_run(&stopped).unwrap(), PendingUpdate::Unchanged);
    assert_eq!(rule.last_successful_run, watermark);
    assert_eq!(pending_org_units(&rule), ["OrgUnit0001"]);
    assert_eq!(
        rule.last_run.as_ref().unwrap().report_id.as_deref(),
        Some("RePo0000017")
    );
}

#[test]
fn more_values_left_behind_than_a_rule_keeps_hold_the_watermark_and_the_report_says_so() {
    let mut rule = load::<Rule>(&fixture("rule_v1.json")).unwrap().value;
    let watermark = rule.last_successful_run;
    let many: Vec<LeftBehind> = (0..=MAX_PENDING_VALUES)
        .map(|index| left(&format!("Ou{index:09}"), LeftBehindKind::Refused))
        .collect();
    // More than a stored report lists (a report read back from the history): the keys of the
    // rest are not known.
    let mut report = finished_report("RePo0000018", ReportStatus::Warning, many).for_storage();
    assert!(report.left_behind_not_stored > 0);
    let update = rule.pending_update(&report);
    assert_eq!(
        update,
        PendingUpdate::TooMany {
            not_landed: MAX_PENDING_VALUES as u64 + 1
        }
    );
    report.note_pending(&update);
    assert_eq!(
        report.issues.last().unwrap().code,
        IssueCode::TooManyPending
    );
    assert!(
        report
            .issues
            .last()
            .unwrap()
            .message
            .contains("whole window")
    );
    rule.record_run(&report).unwrap();
    assert_eq!(rule.last_successful_run, watermark);
    assert!(rule.pending.is_empty());
    // Stored in full but over the rule's cap.
    let mut listed = finished_report("RePo0000019", ReportStatus::Warning, vec![]);
    listed.left_behind = (0..=MAX_PENDING_VALUES)
        .map(|index| left(&format!("Ou{index:09}"), LeftBehindKind::FateUnknown))
        .collect();
    listed.tally.fate_unknown = listed.left_behind.len() as u64;
    assert!(matches!(
        rule.pending_update(&listed),
        PendingUpdate::TooMany { .. }
    ));
    // Exactly at the cap is kept.
    listed.left_behind.pop();
    listed.tally.fate_unknown -= 1;
    assert!(matches!(
        rule.pending_update(&listed),
        PendingUpdate::Moved { pending } if pending.len() == MAX_PENDING_VALUES
    ));
}

#[test]
fn pending_values_can_be_dropped_and_old_rules_load_without_them() {
    let text = fixture("rule_v1.json");
    let mut rule = load::<Rule>(&text).unwrap().value;
    assert!(rule.pending.is_empty());
    assert!(!to_json(&rule).unwrap().contains("pending"));
    rule.record_run(&finished_report(
        "RePo0000020",
        ReportStatus::Warning,
        vec![
            left("OrgUnit0001", LeftBehindKind::Refused),
            left("OrgUnit0002", LeftBehindKind::Refused),
            left("OrgUnit0003", LeftBehindKind::Refused),
        ],
    ))
    .unwrap();
    let stored = to_json(&rule).unwrap();
    assert!(
        stored.contains(r#""sinceReport":"RePo0000020""#),
        "{stored}"
    );
    assert_eq!(load::<Rule>(&stored).unwrap().value, rule);
    let first = rule.pending[0].key.clone();
    assert_eq!(rule.drop_pending(&[first.clone(), first]), 1);
    assert_eq!(pending_org_units(&rule), ["OrgUnit0002", "OrgUnit0003"]);
    assert_eq!(rule.drop_all_pending(), 2);
    assert!(rule.pending.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Validation

fn valid_draft() -> RuleDraft {
    RuleDraft {
        name: "ANC".into(),
        selection: DataSelection {
            data_sets: vec![DataSetSelection {
                id: "QX4ZTUbOt3a".into(),
                excluded_data_elements: vec![],
            }],
            ..DataSelection::default()
        },
        org_units: vec!["O6uvpzGd5pu".into()],
        period: Some(PeriodDraft::Fixed {
            start_date: "2024-01-01".into(),
            end_date: "2024-03-31".into(),
        }),
        destination_id: Some("DeSt0000001".into()),
        ..RuleDraft::default()
    }
}

fn context(purpose: Purpose) -> ValidationContext {
    let mut context = ValidationContext::new(purpose, date("2024-06-15"), "NeWRuLe0001");
    context.destinations = Some(BTreeSet::from(["DeSt0000001".to_string()]));
    context.other_rule_codes = BTreeSet::from(["TAKEN".to_string()]);
    context.data_set_period_types =
        BTreeMap::from([("QX4ZTUbOt3a".to_string(), PeriodType::Monthly)]);
    context.data_set_elements = BTreeMap::from([(
        "QX4ZTUbOt3a".to_string(),
        vec!["s46m5MS0hxu".into(), "fbfJHSPpUQD".into()],
    )]);
    context.linked_category_options = Some(BTreeSet::from(["LPeJEUjotaB".to_string()]));
    context.source_version = Some(38);
    context
}

/// One validation case: the draft after `edit`, and the issue codes expected (errors and
/// warnings, in order, with their wizard steps).
fn check(
    name: &str,
    purpose: Purpose,
    edit: fn(&mut RuleDraft),
    expected: &[(Severity, IssueCode, WizardStep)],
) {
    let mut draft = valid_draft();
    edit(&mut draft);
    let (rule, issues) = validate(&draft, &context(purpose));
    let found: Vec<(Severity, IssueCode, WizardStep)> = issues
        .iter()
        .map(|i| (i.severity, i.code, i.step.unwrap()))
        .collect();
    assert_eq!(found, expected, "{name}: {issues:#?}");
    let has_error = expected
        .iter()
        .any(|(severity, ..)| *severity == Severity::Error);
    assert_eq!(rule.is_none(), has_error, "{name}");
    for issue in &issues {
        assert!(
            !issue.message.is_empty() && !issue.message.ends_with('.'),
            "{name}: {}",
            issue.message
        );
    }
}

#[test]
fn validation_lists_every_problem() {
    use IssueCode::*;
    use Severity::{Error as E, Warning as W};
    use WizardStep::*;
    check("valid", Purpose::RunNow, |_| {}, &[]);
    check("valid rule", Purpose::SaveRule, |_| {}, &[]);
    check(
        "everything missing",
        Purpose::SaveRule,
        |d| *d = RuleDraft::default(),
        &[
            (E, NoDataSelected, Data),
            (E, NoOrgUnits, OrgUnits),
            (E, NoPeriod, Period),
            (E, NoDestination, Instance),
            (E, NameRequired, Summary),
        ],
    );
    check(
        "name only needed to save",
        Purpose::RunNow,
        |d| d.name.clear(),
        &[],
    );
    check(
        "bad dates both reported",
        Purpose::RunNow,
        |d| {
            d.period = Some(PeriodDraft::Fixed {
                start_date: "2024-13-01".into(),
                end_date: "".into(),
            })
        },
        &[(E, InvalidDate, Period), (E, InvalidDate, Period)],
    );
    check(
        "reversed range",
        Purpose::RunNow,
        |d| {
            d.period = Some(PeriodDraft::Fixed {
                start_date: "2024-03-01".into(),
                end_date: "2024-02-01".into(),
            })
        },
        &[(E, DateRangeReversed, Period)],
    );
    check(
        "future range warns",
        Purpose::RunNow,
        |d| {
            d.period = Some(PeriodDraft::Fixed {
                start_date: "2024-01-01".into(),
                end_date: "2024-12-31".into(),
            })
        },
        &[(W, DateRangeInFuture, Period)],
    );
    check(
        "unknown relative period",
        Purpose::RunNow,
        |d| {
            d.period = Some(PeriodDraft::Relative {
                relative_period: "LAST_CENTURY".into(),
            })
        },
        &[(E, UnknownRelativePeriod, Period)],
    );
    check(
        "incremental needs a saved rule to run",
        Purpose::RunNow,
        |d| {
            d.period = Some(PeriodDraft::SinceLastSuccessfulSync {
                initial_since: None,
            })
        },
        &[(E, IncrementalNeedsRule, Period)],
    );
    check(
        "incremental rule saves",
        Purpose::SaveRule,
        |d| {
            d.period = Some(PeriodDraft::SinceLastSuccessfulSync {
                initial_since: Some("2024-01-01".into()),
            })
        },
        &[],
    );
    check(
        "aggregation on without type",
        Purpose::RunNow,
        |d| d.aggregation_enabled = true,
        &[(E, NoAggregationPeriodType, Aggregation)],
    );
    check(
        "aggregation to an unknown type",
        Purpose::RunNow,
        |d| {
            d.aggregation_enabled = true;
            d.aggregation_period_type = Some("Fortnightly".into());
        },
        &[(E, InvalidAggregationPeriodType, Aggregation)],
    );
    check(
        "aggregation shorter than the data warns",
        Purpose::RunNow,
        |d| {
            d.aggregation_enabled = true;
            d.aggregation_period_type = Some("Weekly".into());
        },
        &[(W, AggregationShorterThanData, Aggregation)],
    );
    check(
        "aggregation type ignored when off",
        Purpose::RunNow,
        |d| d.aggregation_period_type = Some("Fortnightly".into()),
        &[],
    );
    check(
        "unknown destination",
        Purpose::RunNow,
        |d| d.destination_id = Some("GoNe0000001".into()),
        &[(E, UnknownDestination, Instance)],
    );
    check(
        "category options chosen but none",
        Purpose::RunNow,
        |d| {
            d.category_options = CategoryOptionSelection::Selected {
                category_options: vec![],
            }
        },
        &[(E, NoCategoryOptions, CategoryOptions)],
    );
    check(
        "unlinked category option warns",
        Purpose::RunNow,
        |d| {
            d.category_options = CategoryOptionSelection::Selected {
                category_options: vec!["XXXXXXXXXXX".into()],
            }
        },
        &[(W, UnknownCategoryOption, CategoryOptions)],
    );
    check(
        "every data element excluded",
        Purpose::RunNow,
        |d| {
            d.selection.data_sets[0].excluded_data_elements =
                vec!["s46m5MS0hxu".into(), "fbfJHSPpUQD".into()]
        },
        &[(E, AllDataElementsExcluded, Data)],
    );
    check(
        "single data elements on an old source warn",
        Purpose::RunNow,
        |d| d.selection.data_elements = vec!["fbfJHSPpUQD".into()],
        &[(W, DataElementReadUnsupported, Data)],
    );
    check(
        "ids",
        Purpose::RunNow,
        |d| {
            d.org_units = vec![
                "O6uvpzGd5pu".into(),
                "O6uvpzGd5pu".into(),
                " ".into(),
                "short".into(),
            ]
        },
        &[
            (W, DuplicateId, OrgUnits),
            (E, MissingId, OrgUnits),
            (W, InvalidId, OrgUnits),
        ],
    );
    check(
        "summary problems",
        Purpose::SaveRule,
        |d| {
            d.name = "n".repeat(231);
            d.code = "TAKEN".into();
            d.schedule = Some("0 25 * * *".into());
        },
        &[
            (E, TooLong, Summary),
            (E, DuplicateCode, Summary),
            (E, InvalidCron, Summary),
        ],
    );
}

#[test]
fn validated_rule_carries_the_choices() {
    let mut draft = valid_draft();
    draft.code = " ANC ".into();
    draft.aggregation_enabled = true;
    draft.aggregation_period_type = Some("Quarterly".into());
    draft.import_strategy = ImportStrategy::Update;
    draft.schedule = Some(" 0  2 * * 1 ".into());
    let (rule, issues) = validate(&draft, &context(Purpose::SaveRule));
    assert!(issues.is_empty(), "{issues:?}");
    let rule = rule.unwrap().into_rule();
    assert_eq!(rule.id, "NeWRuLe0001");
    assert_eq!(rule.code.as_deref(), Some("ANC"));
    assert_eq!(rule.description, None);
    assert_eq!(
        rule.aggregation,
        Aggregation::On {
            period_type: PeriodType::Quarterly
        }
    );
    assert_eq!(
        rule.schedule.as_ref().and_then(Schedule::preset),
        Some(SchedulePreset::Weekly)
    );
    // Editing: the draft of a rule validates back to the same rule.
    let again = ValidatedRule::check(&rule, &context(Purpose::SaveRule));
    assert_eq!(again.0.unwrap().rule(), &rule);
    // A stored rule checked before a run keeps the values its runs left behind.
    let mut waiting = rule.clone();
    waiting
        .record_run(&finished_report(
            "RePo0000099",
            ReportStatus::Warning,
            vec![left("OrgUnit0001", LeftBehindKind::Refused)],
        ))
        .unwrap();
    assert_eq!(waiting.pending.len(), 1);
    let checked = ValidatedRule::check(&waiting, &context(Purpose::RunNow));
    assert_eq!(checked.0.unwrap().rule().pending, waiting.pending);
}

#[test]
fn cron_expressions() {
    let good = [
        "0 2 * * *",
        "*/15 * * * *",
        "0 0 1,15 * 1-5",
        "59 23 31 12 7",
        "0 2 * * 0",
        "0 0 * * MON",
        "@daily",
    ];
    for cron in good {
        assert_eq!(check_cron(cron), Ok(()), "{cron}");
    }
    for preset in [
        SchedulePreset::Daily,
        SchedulePreset::Weekly,
        SchedulePreset::Monthly,
    ] {
        assert_eq!(check_cron(preset.cron()), Ok(()));
        assert_eq!(Schedule::from_preset(preset).preset(), Some(preset));
    }
    let bad = [
        ("0 2 * *", "a cron expression has 5 fields"),
        ("60 * * * *", "minute: `60` is outside 0-59"),
        ("0 0 0 * *", "day of month: `0` is outside 1-31"),
        ("0 0 * 13 *", "month: `13` is outside 1-12"),
        ("*/0 * * * *", "minute: `*/0` has an invalid step"),
        ("0 5-1 * * *", "hour: `5-1` is a range running backwards"),
    ];
    for (cron, message) in bad {
        let error = check_cron(cron).unwrap_err();
        assert!(error.starts_with(message), "{cron}: {error}");
    }
}

#[test]
fn reports_are_built_from_the_run() {
    use sync_core::import_result::{ImportOutcome, ImportResponse, parse_import_response};
    use sync_core::plan::{
        DiffOptions, ReadContext, ReadLimits, WriteOptions, diff, plan_reads, plan_writes,
    };

    let mut draft = valid_draft();
    draft.dry_run = true;
    let (rule, _) = validate(&draft, &context(Purpose::RunNow));
    let rule = rule.unwrap();
    let reads = plan_reads(
        &rule,
        &ReadContext {
            limits: ReadLimits::for_base_url_length(40),
            time: None,
            org_units: None,
            supports_data_element_param: true,
            data_sets_for_data_elements: vec![],
            watermark_overlap_seconds: 0,
            look_back: None,
        },
    )
    .0;
    let parameters = RunParameters::of_run(&rule, &reads, 500);
    assert_eq!(parameters.start_date, Some(date("2024-01-01")));
    assert_eq!(parameters.end_date, Some(date("2024-03-31")));
    assert!(parameters.dry_run);
    let mut report = SyncReport::start(
        "RePo0000002",
        RunOrigin::Manual,
        "admin",
        "DeSt0000001",
        parameters,
        "2024-06-15T10:00:00.000",
    );
    assert_eq!(report.status, ReportStatus::Running);

    let values = vec![DataValue::new("fbfJHSPpUQD", "202401", "O6uvpzGd5pu", "3")];
    let (result, _) = diff(values, None, &DiffOptions::default());
    let writes = plan_writes(
        &result,
        &WriteOptions {
            dry_run: true,
            ..WriteOptions::default()
        },
    )
    .unwrap();
    let body = br#"{"responseType":"ImportSummary","status":"SUCCESS","importCount":{"imported":1,"updated":0,"ignored":0,"deleted":0},"conflicts":[]}"#;
    let Ok(ImportResponse::Completed(mut outcome)) = parse_import_response(200, None, body) else {
        panic!("not a summary");
    };
    outcome.resolve_values(&writes.chunks[0].values);
    report.chunks.push(ChunkReport::completed(
        &writes.chunks[0],
        &outcome,
        1,
        Some("{}".into()),
        40,
    ));
    report.chunks.push(ChunkReport::failed(
        &writes.chunks[0],
        "HTTP 504",
        3,
        Some(504),
        30_000,
    ));
    let merged = sync_core::import_result::merge([(0, &outcome)]);
    report.tally = Tally {
        planned: 1,
        confirmed: 1,
        ..Tally::default()
    };
    report.finish(&merged, RunEnd::Finished);
    assert_eq!(report.status, ReportStatus::DryRun);
    assert_eq!(report.chunks[0].counts.imported, 1);
    assert_eq!(report.chunks[1].error.as_deref(), Some("HTTP 504"));
    let _: &ImportOutcome = &outcome;
}

#[test]
fn values_without_schema_version_and_no_old_shape() {
    let text = r#"{"id":"DeSt0000001","name":"x","url":"","kind":{"type":"CURRENT_INSTANCE"}}"#;
    let error = load::<DestinationInstance>(text).unwrap_err();
    assert_eq!(
        error.to_string(),
        "destination: cannot migrate from schema version 0: the value has no `schemaVersion` and is not a known older shape"
    );
}

#[test]
fn rules_saved_with_the_first_nineteen_wizard_periods_load_and_validate_as_before() {
    // The names the wizard offered before it offered every DHIS2 relative period.
    let first_nineteen = [
        "TODAY",
        "YESTERDAY",
        "LAST_7_DAYS",
        "LAST_14_DAYS",
        "LAST_30_DAYS",
        "LAST_90_DAYS",
        "THIS_WEEK",
        "LAST_WEEK",
        "THIS_MONTH",
        "LAST_MONTH",
        "THIS_QUARTER",
        "LAST_QUARTER",
        "THIS_SIX_MONTH",
        "LAST_SIX_MONTH",
        "THIS_YEAR",
        "LAST_YEAR",
        "LAST_5_YEARS",
        "THIS_FINANCIAL_YEAR",
        "LAST_FINANCIAL_YEAR",
    ];
    let stored = fixture("rule_v1.json");
    for name in first_nineteen {
        assert!(
            sync_core::model::RELATIVE_PERIODS.contains(&name),
            "the wizard still offers {name}"
        );
        let text = stored.replace("\"LAST_QUARTER\"", &format!("\"{name}\""));
        let rule = load::<Rule>(&text).unwrap().value;
        assert_eq!(
            rule.period,
            PeriodSelection::Relative {
                relative_period: name.into()
            }
        );
        let draft = RuleDraft::from_rule(&rule);
        assert_eq!(
            draft.period,
            Some(PeriodDraft::Relative {
                relative_period: name.into()
            })
        );
        let mut valid = valid_draft();
        valid.period = draft.period;
        let (validated, issues) = validate(&valid, &context(Purpose::RunNow));
        assert!(issues.is_empty(), "{name}: {issues:?}");
        assert_eq!(
            validated.unwrap().rule().period,
            PeriodSelection::Relative {
                relative_period: name.into()
            }
        );
    }
}

#[test]
fn relative_periods_are_stored_by_their_server_name() {
    for (typed, stored) in [
        ("last_month", "LAST_MONTH"),
        ("LAST_12_MONTHS", "LAST_12_MONTHS"),
        (" THIS_YEAR ", "THIS_YEAR"),
    ] {
        let mut draft = valid_draft();
        draft.period = Some(PeriodDraft::Relative {
            relative_period: typed.into(),
        });
        let (rule, issues) = validate(&draft, &context(Purpose::RunNow));
        assert!(issues.is_empty(), "{typed}: {issues:?}");
        assert_eq!(
            rule.unwrap().rule().period,
            PeriodSelection::Relative {
                relative_period: stored.into()
            }
        );
    }
    for keyword in sync_core::model::RELATIVE_PERIODS {
        assert!(
            sync_core::period::relative::RelativePeriod::from_name(keyword).is_ok(),
            "{keyword}"
        );
    }
}

#[test]
fn a_report_is_stored_with_its_values_left_behind_capped_and_its_counts_whole() {
    let mut report = sample_report();
    report.add_left_behind((0..6_000).map(|index| {
        LeftBehind::new(
            DataValue::new("fbfJHSPpUQD", "202401", &format!("ou{index:08}"), "1"),
            LeftBehindKind::Refused,
            "refused",
        )
    }));
    report.chunks[0].raw_response = Some("x".repeat(10_000));
    assert_eq!(report.left_behind.len(), 6_000, "all kept in memory");
    let stored = report.for_storage();
    assert_eq!(
        stored.left_behind.len(),
        sync_core::model::MAX_STORED_LEFT_BEHIND
    );
    assert_eq!(stored.left_behind_not_stored, 1_000);
    assert_eq!(stored.tally.refused, 6_000);
    assert!(stored.chunks[0].raw_response.as_ref().unwrap().len() < 5_000);
    let text = to_json(&stored).unwrap();
    assert_eq!(load::<SyncReport>(&text).unwrap().value, stored);
}
