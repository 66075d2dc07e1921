//! The fault matrix, natively through the engine between two dhis2-lite servers over HTTP: each
//! case injects one fault with dhis2-lite's fault rules (on the destination's writes, the
//! source's reads, or the source's dataStore), runs a rule, and ends with "nothing lost": every
//! source value is on the destination, or the report lists it (left behind, with its reason);
//! then, where the run did not land everything, the faults are cleared and the run finished the
//! way a user would (the report's "send the failed values again", or the rule run again), and the
//! destination must then hold exactly the source's values. The status follows the status rule.
//! Timeouts and backoff are short settings (`quick_settings`), so the matrix takes seconds per
//! case. Each case prints one line (`fault matrix: …`) with the faults injected and the values
//! lost (the goal, asserted: 0).

mod common;

use std::collections::BTreeMap;

use common::{ADMIN, Key, Lite, Pair, quick_settings, rule};
use serde_json::{Value, json};
use sync_core::model::{ReportStatus, Rule, Settings, SyncReport};
use sync_core::plan::DataValue;
use sync_engine::CancelToken;
use sync_engine::host::native::TokioHost;
use sync_engine::observer::Quiet;
use sync_engine::run::{Destination, RunRequest, RunResult, Runner, origin_of};

const START: &str = "2024-01-01";
const END: &str = "2024-03-31";

/// A pair with data, short limits, and the rule to run.
struct Setup {
    pair: Pair,
    rule: Rule,
    data_set: String,
    facilities: Vec<String>,
    end: &'static str,
}

/// `facilities` facilities of Child Health Monthly until `end`, write chunks of `chunk` values.
async fn setup(facilities: usize, end: &'static str, chunk: u32) -> anyhow::Result<Setup> {
    let pair = Pair::start("2.41").await?;
    let data_set = pair.data_set("Child Health Monthly").await?;
    let units = pair
        .facilities_with_data(&data_set, START, end, facilities)
        .await?;
    pair.source
        .settings(&Settings {
            write_chunk_size: chunk,
            ..quick_settings()
        })
        .await?;
    let rule = rule(&data_set, &units, START, end);
    Ok(Setup {
        pair,
        rule,
        data_set,
        facilities: units,
        end,
    })
}

impl Setup {
    async fn expected(&self) -> anyhow::Result<BTreeMap<Key, String>> {
        self.pair
            .values(
                &self.pair.source,
                &self.data_set,
                &self.facilities,
                START,
                self.end,
            )
            .await
    }

    async fn landed(&self) -> anyhow::Result<BTreeMap<Key, String>> {
        self.pair
            .values(
                &self.pair.destination,
                &self.data_set,
                &self.facilities,
                START,
                self.end,
            )
            .await
    }

    /// Runs `rule` (or sends `resend` again) to the destination.
    async fn run(&self, resend: Option<Vec<DataValue>>) -> RunResult {
        let source = self.pair.source.client();
        let destination = self.pair.destination.client();
        let cancel = CancelToken::new();
        Runner {
            source: &source,
            host: &TokioHost::default(),
            observer: &Quiet,
            cancel: &cancel,
        }
        .run(
            Destination {
                id: self.rule.destination_id.clone(),
                name: "Empty destination".into(),
                client: &destination,
                uses_session: false,
                max_chunk_size: None,
                id_schemes: Default::default(),
            },
            RunRequest {
                rule: self.rule.clone(),
                origin: origin_of(&self.rule),
                run_by: ADMIN.0.into(),
                resume: None,
                resend,
                take_lock: true,
                place: "the fault matrix".into(),
                skip_unchanged: None,
            },
        )
        .await
    }

    /// Every source value is on the destination or listed by the report; returns how many
    /// are not on the destination (all listed).
    async fn nothing_lost(&self, report: &SyncReport) -> anyhow::Result<usize> {
        let expected = self.expected().await?;
        assert!(!expected.is_empty(), "the case has values");
        let landed = self.landed().await?;
        let listed: std::collections::BTreeSet<Key> = report
            .left_behind
            .iter()
            .map(|item| {
                let value = &item.value;
                (
                    value.data_element.clone(),
                    value.period.clone(),
                    value.org_unit.clone(),
                    value.category_option_combo.clone(),
                    value.attribute_option_combo.clone(),
                )
            })
            .collect();
        let mut missing = 0;
        let mut lost = Vec::new();
        for (key, value) in &expected {
            if landed.get(key) != Some(value) {
                missing += 1;
                if !listed.contains(key) {
                    lost.push(key.clone());
                }
            }
        }
        // Values the run never read (a read that failed for good) cannot be listed one by
        // one: the report then names the reads that failed and the run is not SUCCESS.
        let unread_reported = report.status != ReportStatus::Success
            && report.errors.iter().any(|error| error.contains("read"));
        assert!(
            lost.is_empty() || unread_reported,
            "{} values neither landed nor listed, e.g. {:?}; status {:?}, errors {:?}",
            lost.len(),
            lost.first(),
            report.status,
            report.errors
        );
        assert!(
            landed.keys().all(|key| expected.contains_key(key)),
            "nothing lands that the source does not have"
        );
        Ok(missing)
    }

    /// Clears the faults and finishes what the run left: the failed values sent again, or the
    /// rule run again when values were never read. The destination then has exactly the
    /// source's values.
    async fn finish(&self, report: &SyncReport) -> anyhow::Result<()> {
        self.pair.destination.faults(json!([])).await?;
        self.pair.source.faults(json!([])).await?;
        let again = report.values_to_send_again();
        let finished =
            if report.errors.iter().any(|error| error.contains("read")) || again.is_empty() {
                self.run(None).await
            } else {
                self.run(Some(again)).await
            };
        assert_eq!(
            finished.report.status,
            ReportStatus::Success,
            "{:?}",
            finished.report.errors
        );
        assert_eq!(self.landed().await?, self.expected().await?);
        Ok(())
    }
}

/// Total hits of the fault rules on `lite`.
async fn hits(lite: &Lite) -> anyhow::Result<u64> {
    Ok(lite.fault_hits().await?.iter().sum())
}

/// How a case should end.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Ends {
    /// The engine absorbs the fault: SUCCESS, exactly the source's values.
    Success,
    /// Some values did not land (listed): WARNING or ERROR, then finished by the user.
    NotAll,
}

/// One case: `faults` on the destination (`on_source`: on the source) for a run of `setup`.
async fn case(
    name: &str,
    setup: Setup,
    on_source: bool,
    faults: Value,
    ends: Ends,
) -> anyhow::Result<()> {
    let target = if on_source {
        &setup.pair.source
    } else {
        &setup.pair.destination
    };
    target.faults(faults).await?;
    let result = setup.run(None).await;
    let report = &result.report;
    let injected = hits(target).await?;
    assert!(injected > 0, "{name}: the fault was injected");
    // The servers are healthy again before the test reads them back.
    setup.pair.destination.faults(json!([])).await?;
    setup.pair.source.faults(json!([])).await?;
    let missing = setup.nothing_lost(report).await?;
    match ends {
        Ends::Success => {
            assert_eq!(
                report.status,
                ReportStatus::Success,
                "{name}: {:?} {:?}",
                report.errors,
                report.left_behind.first()
            );
            assert_eq!(missing, 0, "{name}");
            assert_eq!(setup.landed().await?, setup.expected().await?);
        }
        Ends::NotAll => {
            assert!(
                matches!(report.status, ReportStatus::Warning | ReportStatus::Error),
                "{name}: {:?}",
                report.status
            );
            assert!(missing > 0 || report.tally.not_landed() > 0, "{name}");
        }
    }
    println!(
        "fault matrix: {name}: {injected} fault(s) injected, status {:?}, {missing} value(s) \
         not landed and listed, {} left behind; lost after finishing: 0",
        report.status,
        report.left_behind.len()
    );
    setup.finish(report).await?;
    Ok(())
}

fn write_rule(action: Value, after: u64, times: Option<u64>) -> Value {
    let mut rule = json!({"method": "POST", "path": "/api/dataValueSets", "after": after,
        "action": action});
    if let Some(times) = times {
        rule["times"] = json!(times);
    }
    json!([rule])
}

fn read_rule(action: Value, after: u64, times: Option<u64>) -> Value {
    let mut rule = json!({"method": "GET", "path": "/api/dataValueSets", "after": after,
        "action": action});
    if let Some(times) = times {
        rule["times"] = json!(times);
    }
    json!([rule])
}

macro_rules! matrix {
    ($($test:ident: $name:literal, $setup:expr, $on_source:expr, $faults:expr, $ends:expr;)*) => {
        $(
            #[tokio::test(flavor = "current_thread")]
            async fn $test() -> anyhow::Result<()> {
                case($name, $setup.await?, $on_source, $faults, $ends).await
            }
        )*
    };
}

matrix! {
    write_502_twice_is_retried:
        "502 on writes (twice)", setup(20, END, 300), false,
        write_rule(json!({"status": 502, "body": "Bad Gateway"}), 1, Some(2)), Ends::Success;
    write_503_twice_is_retried:
        "503 on writes (twice)", setup(20, END, 300), false,
        write_rule(json!({"status": 503}), 1, Some(2)), Ends::Success;
    write_504_splits_and_retries:
        "504 on a write", setup(20, END, 300), false,
        write_rule(json!({"status": 504}), 0, Some(1)), Ends::Success;
    write_dropped_before_the_response_is_retried:
        "write connection dropped before the response", setup(20, END, 300), false,
        write_rule(json!({"drop": "before-response"}), 1, Some(1)), Ends::Success;
    write_dropped_mid_body_is_retried:
        "write connection dropped mid-body", setup(20, END, 300), false,
        write_rule(json!({"drop": "mid-body"}), 1, Some(1)), Ends::Success;
    write_hanging_times_out_and_is_retried:
        "write hangs (timeout, then retry)", setup(20, END, 300), false,
        write_rule(json!({"hang": true}), 1, Some(1)), Ends::Success;
    write_truncated_answer_is_retried:
        "write answer truncated", setup(20, END, 300), false,
        write_rule(json!({"truncateAfterBytes": 20}), 1, Some(1)), Ends::Success;
    write_429_waits_for_retry_after:
        "429 with Retry-After on writes", setup(20, END, 300), false,
        write_rule(json!({"status": 429, "retryAfterSeconds": 1}), 1, Some(2)), Ends::Success;
    write_413_splits_the_chunk:
        "413 on a write (chunk split)", setup(20, END, 300), false,
        write_rule(json!({"status": 413}), 0, Some(1)), Ends::Success;
    write_502_for_good_lists_every_value:
        "502 on every write from the third", setup(20, END, 300), false,
        write_rule(json!({"status": 502}), 2, None), Ends::NotAll;
    destination_down_at_start:
        "destination answering 503 to everything from the start", setup(10, END, 300), false,
        json!([{"path": "/api/", "action": {"status": 503}}]), Ends::NotAll;
    async_task_failing:
        "async import task fails", setup(60, "2024-12-31", 5000), false,
        write_rule(json!({"taskFails": true}), 0, Some(1)), Ends::NotAll;
    async_task_vanishing:
        "async import task vanishes", setup(60, "2024-12-31", 5000), false,
        write_rule(json!({"taskVanishes": true}), 0, Some(1)), Ends::NotAll;
    read_dropped_mid_body_is_retried:
        "read connection dropped mid-body", setup(20, END, 300), true,
        read_rule(json!({"drop": "mid-body"}), 0, Some(1)), Ends::Success;
    read_dropped_before_the_response_is_retried:
        "read connection dropped before the response", setup(20, END, 300), true,
        read_rule(json!({"drop": "before-response"}), 0, Some(1)), Ends::Success;
    read_truncated_is_retried:
        "read answer truncated", setup(20, END, 300), true,
        read_rule(json!({"truncateAfterBytes": 200}), 0, Some(1)), Ends::Success;
    read_hanging_times_out_and_is_retried:
        "read hangs (timeout, then retry)", setup(20, END, 300), true,
        read_rule(json!({"hang": true}), 0, Some(1)), Ends::Success;
    source_failing_mid_read:
        "source answers 500 to every read after the first", setup(120, END, 300), true,
        read_rule(json!({"status": 500}), 1, None), Ends::NotAll;
    login_page_on_reads:
        "the source answers its login page to reads (session gone; headless: no one to log in)",
        setup(20, END, 300), true,
        read_rule(json!({"loginPage": true}), 0, None), Ends::NotAll;
    login_page_on_writes:
        "the destination answers its login page to writes after the first", setup(20, END, 300),
        false, write_rule(json!({"loginPage": true}), 1, None), Ends::NotAll;
    report_save_failing_once_is_retried:
        "the report's dataStore save fails once", setup(20, END, 300), true,
        json!([{"method": "PUT", "pathRegex": "^/api/dataStore/aggregate-sync/report-", "times": 1,
            "action": {"status": 500}}]), Ends::Success;
}

/// The report's save fails for good: the run's values land, the caller gets the report and
/// the reason it could not be saved (the Run page offers it as a file).
#[tokio::test(flavor = "current_thread")]
async fn report_save_failing_for_good_keeps_the_report_for_the_caller() -> anyhow::Result<()> {
    let setup = setup(20, END, 300).await?;
    setup
        .pair
        .source
        .faults(
            json!([{"method": "PUT", "pathRegex": "^/api/dataStore/aggregate-sync/report-",
            "action": {"status": 500}}]),
        )
        .await?;
    let result = setup.run(None).await;
    let injected = hits(&setup.pair.source).await?;
    setup.pair.source.faults(json!([])).await?;
    assert_eq!(result.report.status, ReportStatus::Success);
    assert!(
        result.save_error.is_some(),
        "the caller is told the history could not be written"
    );
    assert_eq!(setup.landed().await?, setup.expected().await?);
    println!(
        "fault matrix: the report's save fails for good: {} fault(s) injected, status SUCCESS, \
         report kept by the caller ({}), lost: 0",
        injected,
        result.save_error.unwrap_or_default()
    );
    Ok(())
}

/// Two runs of one rule at once: one runs, the other is SKIPPED naming the holder; the
/// destination ends with exactly the source's values.
#[tokio::test(flavor = "current_thread")]
async fn two_runs_of_one_rule_run_once() -> anyhow::Result<()> {
    let setup = setup(20, END, 300).await?;
    // The first run's writes are slow, so the second surely finds the lock held.
    setup
        .pair
        .destination
        .faults(write_rule(json!({"delayMs": 300}), 0, None))
        .await?;
    let (first, second) = tokio::join!(setup.run(None), setup.run(None));
    setup.pair.destination.faults(json!([])).await?;
    let statuses = [first.report.status, second.report.status];
    assert!(
        statuses.contains(&ReportStatus::Success) && statuses.contains(&ReportStatus::Skipped),
        "{statuses:?}"
    );
    let skipped = if first.report.status == ReportStatus::Skipped {
        &first.report
    } else {
        &second.report
    };
    assert!(
        skipped.errors.iter().any(|error| error.contains(ADMIN.0)),
        "{:?}",
        skipped.errors
    );
    assert_eq!(setup.landed().await?, setup.expected().await?);
    println!("fault matrix: two runs of one rule at once: SUCCESS + SKIPPED, lost: 0");
    Ok(())
}

/// A rule edited while it runs: the run uses the rule as read at its start, and recording the
/// run on the rule keeps the user's edit (name changed mid-run) with the run's last run.
#[tokio::test(flavor = "current_thread")]
async fn a_rule_edited_during_its_run_keeps_the_edit_and_gets_the_run_recorded()
-> anyhow::Result<()> {
    use sync_core::model::to_json;
    let mut setup = setup(20, END, 300).await?;
    setup.rule.name = "Before the edit".into();
    let key = format!("dataStore/aggregate-sync/rule-{}", setup.rule.id);
    let stored: Value = serde_json::from_str(&to_json(&setup.rule)?)?;
    let (status, text) = setup
        .pair
        .source
        .send(reqwest::Method::POST, &key, &stored)
        .await?;
    assert!((200..300).contains(&status), "{status} {text}");
    setup
        .pair
        .destination
        .faults(write_rule(json!({"delayMs": 400}), 0, None))
        .await?;
    let edit = async {
        // Once the first write is on its way, the user renames the rule.
        while hits(&setup.pair.destination).await? == 0 {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        let mut edited = setup.pair.source.get(&key).await?;
        edited["name"] = json!("Edited during the run");
        let (status, text) = setup
            .pair
            .source
            .send(reqwest::Method::PUT, &key, &edited)
            .await?;
        assert!((200..300).contains(&status), "{status} {text}");
        anyhow::Ok(())
    };
    let (result, edited) = tokio::join!(setup.run(None), edit);
    edited?;
    setup.pair.destination.faults(json!([])).await?;
    assert_eq!(result.report.status, ReportStatus::Success);
    assert!(result.record_error.is_none(), "{:?}", result.record_error);
    // The run ran the rule as it was when it started.
    assert!(
        serde_json::to_string(&result.report.origin)?.contains("Before the edit"),
        "{:?}",
        result.report.origin
    );
    let after = setup.pair.source.get(&key).await?;
    assert_eq!(after["name"], "Edited during the run");
    assert_eq!(after["lastRun"]["reportId"], result.report.id.as_str());
    assert_eq!(setup.landed().await?, setup.expected().await?);
    println!("fault matrix: a rule edited during its run: edit kept, run recorded, lost: 0");
    Ok(())
}
