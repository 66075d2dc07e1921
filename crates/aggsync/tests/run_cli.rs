//! `aggsync run` end to end: the built binary against dhis2-lite instances started by the test
//! (a demo source holding the rules, an empty destination), with the source's clock pinned and
//! moved. What lands is read back through the destination's API; what is recorded, through the
//! source's dataStore.

mod common;

use common::*;
use serde_json::{Value, json};

/// `yyyy-MM-ddTHH:mm:ss` of `day` (days after the source's today) at `time`.
async fn day_at(source: &Lite, day: i32, time: &str) -> anyhow::Result<String> {
    let today = server_now(source).await?.date();
    Ok(format!("{}T{time}", today.add_days(day)))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rule_saved_in_the_app_s_format_runs_by_id_and_its_values_land() -> anyhow::Result<()> {
    let pair = Pair::start("2.41").await?;
    let rule = small_rule(&pair, "rUleById001", "January by id", None).await?;
    save_rule(&pair.source, &rule).await?;
    save_direct_destination(&pair.source, &pair.destination.url()).await?;
    let dir = tempfile::tempdir()?;
    let secrets = secrets_file(dir.path())?;
    let ran = run_as_admin(
        &pair.source,
        &[
            "--rule",
            &rule.id,
            "--destination-secrets",
            secrets.to_str().unwrap_or_default(),
        ],
    )
    .await?;
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    assert_eq!(ran.lines.len(), 1, "{}", ran.stderr);
    let line = &ran.lines[0];
    assert_eq!(line["rule"], rule.id);
    assert_eq!(line["status"], "SUCCESS");
    for field in [
        "reportId",
        "valuesRead",
        "valuesSent",
        "imported",
        "updated",
        "ignored",
        "deleted",
        "refused",
        "fateUnknown",
        "leftOut",
        "notSent",
        "seconds",
    ] {
        assert!(line.get(field).is_some(), "{field} missing: {line}");
    }
    // The values land.
    let data_set = &rule.selection.data_sets[0].id;
    let expected = pair
        .values(
            &pair.source,
            data_set,
            &rule.org_units,
            "2024-01-01",
            "2024-01-31",
        )
        .await?;
    let landed = pair
        .values(
            &pair.destination,
            data_set,
            &rule.org_units,
            "2024-01-01",
            "2024-01-31",
        )
        .await?;
    assert!(!expected.is_empty());
    assert_eq!(landed, expected);
    assert_eq!(line["imported"], expected.len() as u64);
    assert_eq!(line["valuesRead"], expected.len() as u64);
    // Recorded as an app run is: the report in the history, run by the runner's user, from the
    // command line; the rule's last run; no lock left.
    let report_id = line["reportId"].as_str().unwrap_or_default();
    let stored = report(&pair.source, report_id).await?;
    assert_eq!(stored["status"], "SUCCESS");
    assert_eq!(stored["runBy"], ADMIN.0);
    assert_eq!(
        stored["origin"],
        json!({"type": "RULE", "ruleId": rule.id, "ruleName": rule.name, "startedBy": "COMMAND_LINE"})
    );
    let rule_after = stored_rule(&pair.source, &rule.id).await?;
    assert_eq!(rule_after["lastRun"]["reportId"], report_id);
    assert_eq!(rule_after["lastRun"]["status"], "SUCCESS");
    assert!(
        !keys(&pair.source)
            .await?
            .iter()
            .any(|k| k.starts_with("lock-")),
        "the lock is released"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn due_runs_exactly_the_rules_whose_schedule_came_and_skips_paused_ones() -> anyhow::Result<()>
{
    let pair = Pair::start("2.41").await?;
    save_direct_destination(&pair.source, &pair.destination.url()).await?;
    let dir = tempfile::tempdir()?;
    let secrets = secrets_file(dir.path())?;
    let secrets = secrets.to_str().unwrap_or_default().to_string();
    // Saved at 01:00 of the next day.
    move_clock(&pair.source, &day_at(&pair.source, 1, "01:00:00").await?).await?;
    let at_two = small_rule(&pair, "rUleAtTwo01", "At two", Some("0 2 * * *")).await?;
    let mut paused = small_rule(&pair, "rUlePaused1", "Paused", Some("0 2 * * *")).await?;
    if let Some(schedule) = paused.schedule.as_mut() {
        schedule.paused = true;
    }
    let by_hand = small_rule(&pair, "rUleByHand1", "By hand", None).await?;
    let at_three = small_rule(&pair, "rUleAtThre1", "At three", Some("0 3 * * *")).await?;
    for rule in [&at_two, &paused, &by_hand, &at_three] {
        save_rule(&pair.source, rule).await?;
    }
    let due = ["--due", "--destination-secrets", secrets.as_str()];

    // Nothing has come since they were saved.
    let ran = run_as_admin(&pair.source, &due).await?;
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    assert!(ran.lines.is_empty(), "{:?}", ran.lines);

    // 02:30: only the rule at two (the paused one is not run).
    move_clock(&pair.source, &day_at(&pair.source, 0, "02:30:00").await?).await?;
    let ran = run_as_admin(&pair.source, &due).await?;
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    assert_eq!(ran.rules(), vec![at_two.id.clone()], "{}", ran.stderr);
    assert_eq!(ran.lines[0]["status"], "SUCCESS");
    let report_id = ran.lines[0]["reportId"].as_str().unwrap_or_default();
    assert_eq!(
        report(&pair.source, report_id).await?["origin"]["startedBy"],
        "SCHEDULED"
    );
    // The runner left its heartbeat: when it checked and what it started.
    let heartbeat = pair
        .source
        .get("dataStore/aggregate-sync/runner-test-runner")
        .await?;
    assert_eq!(heartbeat["rulesStarted"], json!([at_two.id]));
    assert_eq!(heartbeat["host"], "test-runner");
    assert!(
        heartbeat["lastCheck"]
            .as_str()
            .unwrap_or_default()
            .contains("T02:30")
    );

    // Checked again at once: nothing is due.
    let ran = run_as_admin(&pair.source, &due).await?;
    assert!(ran.lines.is_empty(), "{:?}", ran.lines);

    // 03:30: the rule at three.
    move_clock(&pair.source, &day_at(&pair.source, 0, "03:30:00").await?).await?;
    let ran = run_as_admin(&pair.source, &due).await?;
    assert_eq!(ran.rules(), vec![at_three.id.clone()], "{}", ran.stderr);

    // Three days later: each missed several occurrences and runs once, the oldest due first.
    move_clock(&pair.source, &day_at(&pair.source, 3, "04:00:00").await?).await?;
    let ran = run_as_admin(&pair.source, &due).await?;
    assert_eq!(
        ran.rules(),
        vec![at_two.id.clone(), at_three.id.clone()],
        "{}",
        ran.stderr
    );
    // The paused rule and the unscheduled one never ran.
    assert!(reports_of(&pair.source, &paused.id).await?.is_empty());
    assert!(reports_of(&pair.source, &by_hand.id).await?.is_empty());
    assert_eq!(reports_of(&pair.source, &at_two.id).await?.len(), 2);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_runners_at_once_run_each_due_rule_once() -> anyhow::Result<()> {
    let pair = Pair::start("2.41").await?;
    save_direct_destination(&pair.source, &pair.destination.url()).await?;
    let dir = tempfile::tempdir()?;
    let secrets = secrets_file(dir.path())?;
    let secrets = secrets.to_str().unwrap_or_default().to_string();
    move_clock(&pair.source, &day_at(&pair.source, 1, "01:00:00").await?).await?;
    let mut ids = Vec::new();
    for index in 0..3 {
        let id = format!("rUleTwice{index:02}");
        let rule = small_rule(&pair, &id, &format!("Twice {index}"), Some("0 2 * * *")).await?;
        save_rule(&pair.source, &rule).await?;
        ids.push(id);
    }
    move_clock(&pair.source, &day_at(&pair.source, 0, "02:05:00").await?).await?;
    let url = pair.source.url();
    let args = [
        "run",
        "--instance",
        url.as_str(),
        "--user",
        ADMIN.0,
        "--due",
        "--destination-secrets",
        secrets.as_str(),
    ];
    let first = command(
        &args,
        &[("AGGSYNC_PASSWORD", ADMIN.1), ("HOSTNAME", "runner-a")],
    )
    .spawn()?;
    let second = command(
        &args,
        &[("AGGSYNC_PASSWORD", ADMIN.1), ("HOSTNAME", "runner-b")],
    )
    .spawn()?;
    let (first, second) = tokio::join!(first.wait_with_output(), second.wait_with_output());
    let (first, second) = (ran(first?)?, ran(second?)?);
    for ran in [&first, &second] {
        assert!(
            matches!(ran.code, Some(0) | Some(4)),
            "exit {:?}: {}",
            ran.code,
            ran.stderr
        );
    }
    for id in &ids {
        let runs: Vec<&Value> = first
            .lines
            .iter()
            .chain(&second.lines)
            .filter(|line| line["rule"] == id.as_str() && line["status"] != "SKIPPED")
            .collect();
        assert_eq!(
            runs.len(),
            1,
            "{id}: {runs:?}\nA: {}\nB: {}",
            first.stderr,
            second.stderr
        );
        assert_eq!(runs[0]["status"], "SUCCESS");
        let reports = reports_of(&pair.source, id).await?;
        let ran_reports = reports
            .iter()
            .filter(|report| report["status"] != "SKIPPED")
            .count();
        assert_eq!(ran_reports, 1, "{id}: {reports:?}");
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_direct_destination_without_its_secret_fails_cleanly_and_its_group_is_told()
-> anyhow::Result<()> {
    let pair = Pair::start("2.41").await?;
    save_direct_destination(&pair.source, &pair.destination.url()).await?;
    let groups = pair
        .source
        .get("userGroups?fields=id,displayName&paging=false")
        .await?;
    let group = groups["userGroups"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|group| group["displayName"] == "System administrators")
        .cloned()
        .unwrap_or_default();
    let group_id = group["id"].as_str().unwrap_or_default().to_string();
    move_clock(&pair.source, &day_at(&pair.source, 1, "01:00:00").await?).await?;
    let mut rule = small_rule(&pair, "rUleNoSecre", "No secret", Some("0 2 * * *")).await?;
    if let Some(schedule) = rule.schedule.as_mut() {
        schedule.notify = Some(sync_core::model::NotifyGroup {
            id: group_id.clone(),
            name: group["displayName"].as_str().unwrap_or_default().into(),
        });
    }
    save_rule(&pair.source, &rule).await?;
    move_clock(&pair.source, &day_at(&pair.source, 0, "02:01:00").await?).await?;

    let ran = run_as_admin(&pair.source, &["--due"]).await?;
    assert_eq!(ran.code, Some(3), "{}", ran.stderr);
    let line = ran.line_of(&rule.id).expect("a line for the rule");
    assert_eq!(line["status"], "ERROR");
    assert_eq!(line["valuesSent"], 0);
    let errors = line["errors"].to_string();
    assert!(errors.contains("--destination-secrets"), "{errors}");
    // Nothing was sent.
    let data_set = &rule.selection.data_sets[0].id;
    let landed = pair
        .values(
            &pair.destination,
            data_set,
            &rule.org_units,
            "2024-01-01",
            "2024-01-31",
        )
        .await?;
    assert!(landed.is_empty());
    // Recorded like an app run: an ERROR report, the rule's last run (so the failed scheduled
    // run waits for the next occurrence).
    let report_id = line["reportId"].as_str().unwrap_or_default().to_string();
    assert_eq!(report(&pair.source, &report_id).await?["status"], "ERROR");
    assert_eq!(
        stored_rule(&pair.source, &rule.id).await?["lastRun"]["reportId"],
        report_id.as_str()
    );
    let again = run_as_admin(&pair.source, &["--due"]).await?;
    assert!(again.lines.is_empty(), "{:?}", again.lines);

    // The failure notice arrived as a DHIS2 message to the group's members (the admin).
    let inbox = pair.source.get("messageConversations").await?;
    let notices: Vec<&Value> = inbox["messageConversations"]
        .as_array()
        .map(|list| list.iter().collect())
        .unwrap_or_default();
    assert_eq!(notices.len(), 1, "{inbox}");
    assert_eq!(
        notices[0]["subject"],
        "Aggregate Sync: \"No secret\" ended ERROR"
    );
    let text = notices[0]["messages"][0]["text"]
        .as_str()
        .unwrap_or_default();
    assert!(
        text.contains(&format!("#/history/{report_id}")),
        "the notice links to the report: {text}"
    );
    assert!(text.contains("--destination-secrets"), "{text}");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_exit_code_says_how_the_runs_ended() -> anyhow::Result<()> {
    let pair = Pair::start("2.41").await?;
    save_direct_destination(&pair.source, &pair.destination.url()).await?;
    let dir = tempfile::tempdir()?;
    let secrets = secrets_file(dir.path())?;
    let secrets = secrets.to_str().unwrap_or_default().to_string();
    let url = pair.source.url();

    // 2: usage — neither --rule nor --due; no credentials; a token file others may read.
    let ran = aggsync(&["run", "--instance", &url], &[]).await?;
    assert_eq!(ran.code, Some(2), "{}", ran.stderr);
    let ran = aggsync(&["run", "--instance", &url, "--due"], &[]).await?;
    assert_eq!(ran.code, Some(2), "{}", ran.stderr);
    assert!(ran.stderr.contains("AGGSYNC_TOKEN"), "{}", ran.stderr);
    let token = dir.path().join("token");
    std::fs::write(&token, "d2p_whatever")?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o640))?;
        let ran = aggsync(
            &[
                "run",
                "--instance",
                &url,
                "--due",
                "--token-file",
                token.to_str().unwrap_or_default(),
            ],
            &[],
        )
        .await?;
        assert_eq!(ran.code, Some(2), "{}", ran.stderr);
        assert!(ran.stderr.contains("group or others"), "{}", ran.stderr);
    }

    // 0: SUCCESS, and DRY_RUN with --dry-run.
    let rule = small_rule(&pair, "rUleExitCod", "Exit codes", None).await?;
    save_rule(&pair.source, &rule).await?;
    let by_id = [
        "--rule",
        "rUleExitCod",
        "--destination-secrets",
        secrets.as_str(),
    ];
    let ran = run_as_admin(&pair.source, &[&by_id[..], &["--dry-run"]].concat()).await?;
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    assert_eq!(ran.lines[0]["status"], "DRY_RUN");

    // 3: a rule that does not exist could not start.
    let ran = run_as_admin(&pair.source, &["--rule", "nOSuchRule1"]).await?;
    assert_eq!(ran.code, Some(3), "{}", ran.stderr);
    assert_eq!(ran.lines[0]["status"], "ERROR");
    assert_eq!(ran.lines[0]["reportId"], Value::Null);

    // 4: the rule's lock is held by another run: SKIPPED and reported, not waited for.
    let now = server_now(&pair.source).await?;
    let lock = json!({
        "schemaVersion": 1,
        "holder": {"user": "jane", "reportId": "rEportOther", "origin": "another runner"},
        "acquiredAt": now.to_string(),
        "heartbeatAt": now.to_string(),
        "expiresAt": now.plus_millis(3_600_000).to_string(),
    });
    let (status, text) = pair
        .source
        .send(
            reqwest::Method::POST,
            "dataStore/aggregate-sync/lock-rule-rUleExitCod",
            &lock,
        )
        .await?;
    assert_eq!(status, 201, "{text}");
    let ran = run_as_admin(&pair.source, &by_id).await?;
    assert_eq!(ran.code, Some(4), "{}", ran.stderr);
    assert_eq!(ran.lines[0]["status"], "SKIPPED");
    let skipped = report(
        &pair.source,
        ran.lines[0]["reportId"].as_str().unwrap_or_default(),
    )
    .await?;
    assert_eq!(skipped["status"], "SKIPPED");
    pair.source
        .send(
            reqwest::Method::DELETE,
            "dataStore/aggregate-sync/lock-rule-rUleExitCod",
            &json!(null),
        )
        .await?;

    // 1: WARNING — the destination refuses every write after the first chunk.
    pair.source
        .settings(&sync_core::model::Settings {
            write_chunk_size: 20,
            ..quick_settings()
        })
        .await?;
    pair.destination
        .faults(json!([{"method": "POST", "path": "/api/dataValueSets", "after": 1,
            "action": {"status": 409, "body": "{\"httpStatus\":\"Conflict\",\"httpStatusCode\":409,\"status\":\"ERROR\",\"message\":\"refused on purpose\"}", "contentType": "application/json"}}]))
        .await?;
    let ran = run_as_admin(&pair.source, &by_id).await?;
    assert_eq!(ran.lines[0]["status"], "WARNING", "{}", ran.stderr);
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    Ok(())
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_cancels_the_run_saves_it_and_releases_its_lock() -> anyhow::Result<()> {
    let pair = Pair::start("2.41").await?;
    save_direct_destination(&pair.source, &pair.destination.url()).await?;
    let dir = tempfile::tempdir()?;
    let secrets = secrets_file(dir.path())?;
    let rule = small_rule(&pair, "rUleSigterm", "Stopped", None).await?;
    save_rule(&pair.source, &rule).await?;
    // Writes hang, so the run is still going when the signal comes.
    pair.destination
        .faults(
            json!([{"method": "POST", "path": "/api/dataValueSets", "action": {"delayMs": 60000}}]),
        )
        .await?;
    let url = pair.source.url();
    let child = command(
        &[
            "run",
            "--instance",
            &url,
            "--user",
            ADMIN.0,
            "--rule",
            &rule.id,
            "--destination-secrets",
            secrets.to_str().unwrap_or_default(),
        ],
        &[("AGGSYNC_PASSWORD", ADMIN.1)],
    )
    .spawn()?;
    let pid = child.id().expect("a running child");
    // Wait for the write: the destination's fault has applied once.
    let mut waited = 0;
    while pair
        .destination
        .fault_hits()
        .await?
        .first()
        .copied()
        .unwrap_or(0)
        == 0
    {
        waited += 1;
        assert!(waited < 600, "the run never reached its write");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()?;
    assert!(killed.success());
    let ran = ran(child.wait_with_output().await?)?;
    assert_eq!(ran.code, Some(130), "{}", ran.stderr);
    assert_eq!(ran.lines[0]["status"], "CANCELLED", "{}", ran.stderr);
    let stored = report(
        &pair.source,
        ran.lines[0]["reportId"].as_str().unwrap_or_default(),
    )
    .await?;
    assert_eq!(stored["status"], "CANCELLED");
    assert!(
        !keys(&pair.source)
            .await?
            .iter()
            .any(|k| k.starts_with("lock-")),
        "the lock is released"
    );
    Ok(())
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_continues_the_run_a_killed_runner_left_in_the_same_report() -> anyhow::Result<()> {
    let pair = Pair::start("2.41").await?;
    save_direct_destination(&pair.source, &pair.destination.url()).await?;
    let dir = tempfile::tempdir()?;
    let secrets = secrets_file(dir.path())?;
    let secrets = secrets.to_str().unwrap_or_default().to_string();
    let rule = small_rule(&pair, "rUleResume1", "Resumed", None).await?;
    save_rule(&pair.source, &rule).await?;
    pair.destination
        .faults(
            json!([{"method": "POST", "path": "/api/dataValueSets", "action": {"delayMs": 60000}}]),
        )
        .await?;
    let url = pair.source.url();
    let args = [
        "run",
        "--instance",
        url.as_str(),
        "--user",
        ADMIN.0,
        "--rule",
        rule.id.as_str(),
        "--destination-secrets",
        secrets.as_str(),
    ];
    let child = command(&args, &[("AGGSYNC_PASSWORD", ADMIN.1)]).spawn()?;
    let pid = child.id().expect("a running child");
    let mut waited = 0;
    while pair
        .destination
        .fault_hits()
        .await?
        .first()
        .copied()
        .unwrap_or(0)
        == 0
    {
        waited += 1;
        assert!(waited < 600, "the run never reached its write");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Killed without a chance to save: the report stays RUNNING, the lock held.
    let killed = std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()?;
    assert!(killed.success());
    let _ = child.wait_with_output().await?;
    let left = reports_of(&pair.source, &rule.id).await?;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0]["status"], "RUNNING");
    let report_id = left[0]["id"].as_str().unwrap_or_default().to_string();

    // Ten minutes later (the heartbeat and the lock are stale), with the destination healthy.
    pair.destination.faults(json!([])).await?;
    let later = server_now(&pair.source).await?.plus_millis(600_000);
    move_clock(&pair.source, &later.to_string()[..19]).await?;
    let ran = aggsync(
        &[&args[..], &["--resume"]].concat(),
        &[("AGGSYNC_PASSWORD", ADMIN.1)],
    )
    .await?;
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    assert_eq!(
        ran.lines[0]["reportId"],
        report_id.as_str(),
        "{}",
        ran.stderr
    );
    assert_eq!(ran.lines[0]["status"], "SUCCESS");
    assert!(
        ran.stderr.contains("resuming the interrupted run"),
        "{}",
        ran.stderr
    );
    let data_set = &rule.selection.data_sets[0].id;
    let expected = pair
        .values(
            &pair.source,
            data_set,
            &rule.org_units,
            "2024-01-01",
            "2024-01-31",
        )
        .await?;
    let landed = pair
        .values(
            &pair.destination,
            data_set,
            &rule.org_units,
            "2024-01-01",
            "2024-01-31",
        )
        .await?;
    assert_eq!(landed, expected);
    assert_eq!(
        reports_of(&pair.source, &rule.id).await?.len(),
        1,
        "the same report"
    );
    Ok(())
}
