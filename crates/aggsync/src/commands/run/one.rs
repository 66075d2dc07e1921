//! One rule run: the rule (read again), its destination's client, the engine's run, the JSON
//! line, and for a scheduled run that ended WARNING or ERROR the notice to the rule's user group.
//!
//! A rule that cannot reach its destination (a direct destination without a secret in
//! `--destination-secrets`, a destination that is not stored) sends nothing and ends ERROR with a
//! report saved in the history and recorded on the rule, as a failed run started from the app
//! would be, so a scheduled one waits for its next occurrence.

use std::time::Instant;

use dhis2_api::Dhis2Client;
use dhis2_api::native::NativeTransport;
use serde_json::Value;
use sync_core::import_result::MergedOutcome;
use sync_core::model::{
    CURRENT_INSTANCE_ID, DestinationInstance, DestinationKind, ReportStatus, Rule, RunEnd,
    RunOrigin, RunTrigger, SyncReport,
};
use sync_engine::run::{Destination, RunRequest, Runner, parameters_of};
use sync_engine::store::{self, StoreError};

use super::credentials::DestinationSecrets;
use super::due::{Chosen, still_due};
use super::notice::{failure_notice, notifies};
use super::outcome::{Severity, not_started_line, report_line};
use super::progress::StderrProgress;
use super::{Client, Context, instance_now};

/// Runs `chosen`; `None` when there was nothing to do (a due rule another runner already ran,
/// or the run was interrupted before it started).
pub async fn run_chosen(context: &Context, chosen: Chosen) -> Option<(Value, Severity)> {
    if context.cancel.is_cancelled() {
        return None;
    }
    let rule = match chosen {
        Chosen::ById(id) => match store::rules::read_versioned(&context.source, &id).await {
            Ok(read) => read.rule,
            Err(StoreError::Deleted) => {
                let error = format!("no rule with id {id} on {}", context.instance_url);
                eprintln!("[{id}] {error}");
                return Some((not_started_line(&id, &error), Severity::Error));
            }
            Err(error) => {
                let error = format!("the rule could not be read: {error}");
                eprintln!("[{id}] {error}");
                return Some((not_started_line(&id, &error), Severity::Error));
            }
        },
        Chosen::Due { rule, occurrence } => match still_due(&context.source, &rule.id).await {
            Ok(Some(rule)) => {
                eprintln!("[{}] due for {occurrence}", rule.name);
                rule
            }
            Ok(None) => {
                eprintln!(
                    "[{}] not due any more (another runner ran it meanwhile)",
                    rule.name
                );
                return None;
            }
            Err(error) => {
                eprintln!("[{}] {error}", rule.name);
                return Some((not_started_line(&rule.id, &error), Severity::Error));
            }
        },
    };
    let started = Instant::now();
    let progress = StderrProgress::new(&rule.name);
    let report = run_rule(context, &rule, &progress).await;
    let seconds = started.elapsed().as_secs_f64();
    progress.say(&format!("{:?} in {seconds:.1} s", report.status));
    if context.trigger == RunTrigger::Scheduled && notifies(report.status) {
        notify(context, &rule, &report, &progress).await;
    }
    Some((
        report_line(&rule.id, &report, seconds),
        Severity::of(report.status),
    ))
}

/// The run of `rule` through the engine, or the ERROR report of a run that could not reach its
/// destination.
async fn run_rule(context: &Context, rule: &Rule, progress: &StderrProgress) -> SyncReport {
    let origin = RunOrigin::Rule {
        rule_id: rule.id.clone(),
        rule_name: rule.name.clone(),
        started_by: context.trigger,
    };
    let resume = if context.resume {
        interrupted_run(context, rule, progress).await
    } else {
        None
    };
    let mut rule = match &resume {
        Some(report) => report.rule_to_resume(),
        None => rule.clone(),
    };
    if context.dry_run {
        rule.dry_run = true;
    }
    let destination_id = resume
        .as_ref()
        .map(|report| report.destination_id.clone())
        .unwrap_or_else(|| rule.destination_id.clone());
    let destination = match destination_of(context, &destination_id).await {
        Ok(destination) => destination,
        Err(error) => {
            progress.say(&error);
            return could_not_start(context, &rule, origin, &destination_id, error).await;
        }
    };
    let client = match client_of(context, &destination) {
        Ok(client) => client,
        Err(error) => {
            progress.say(&error);
            return could_not_start(context, &rule, origin, &destination_id, error).await;
        }
    };
    let host = sync_engine::host::native::TokioHost::default();
    let runner = Runner {
        source: &context.source,
        host: &host,
        observer: progress,
        cancel: &context.cancel,
    };
    let result = runner
        .run(
            Destination {
                id: destination.id.clone(),
                name: destination.name.clone(),
                client: &client,
                uses_session: false,
                max_chunk_size: sync_engine::limits::max_chunk_size(&destination),
                id_schemes: destination.id_schemes.clone(),
            },
            RunRequest {
                rule,
                origin,
                run_by: context.run_by.clone(),
                resume,
                resend: None,
                take_lock: true,
                place: context.place.clone(),
                skip_unchanged: None,
            },
        )
        .await;
    if let Some(error) = &result.save_error {
        progress.say(&format!("the report could not be saved: {error}"));
    }
    if let Some(error) = &result.record_error {
        progress.say(&format!(
            "the run could not be recorded on the rule: {error}"
        ));
    }
    result.report
}

/// The rule's newest report, when it is an interrupted run (a RUNNING report whose heartbeat is
/// stale): `--resume` continues it.
async fn interrupted_run(
    context: &Context,
    rule: &Rule,
    progress: &StderrProgress,
) -> Option<SyncReport> {
    let (now, _) = instance_now(&context.source).await.ok()?;
    let history = store::reports::list_history(&context.source).await.ok()?;
    // Newest first: the rule's last run.
    let last = history.iter().find_map(|entry| match entry {
        sync_core::model::HistoryEntry::Report(summary)
            if summary.origin.rule_id() == Some(rule.id.as_str()) =>
        {
            Some(summary.id.clone())
        }
        _ => None,
    })?;
    let loaded = store::reports::load_report(&context.source, &last)
        .await
        .ok()?;
    // A run continues with the values its first part left behind; without them (the detail is
    // another user's) it would lose them, so it runs anew.
    if let Some(note) = loaded.detail_note().filter(|_| !loaded.can_continue()) {
        progress.say(&format!("not resuming the run {last}: {note}"));
        return None;
    }
    let report = loaded.report;
    let stale_ms = i64::try_from(context.limits.heartbeat_stale_ms).unwrap_or(i64::MAX);
    if report.effective_status(now, stale_ms) == ReportStatus::Interrupted {
        progress.say(&format!("resuming the interrupted run {}", report.id));
        Some(report)
    } else {
        progress.say("its last run was not interrupted: running it anew");
        None
    }
}

/// The destination `id`: the instance itself, or a stored one.
pub async fn destination_of(context: &Context, id: &str) -> Result<DestinationInstance, String> {
    if id == CURRENT_INSTANCE_ID {
        return Ok(DestinationInstance::current_instance());
    }
    store::destinations::load_destination(&context.source, id)
        .await
        .map_err(|error| format!("the destination {id} could not be read: {error}"))
}

/// The client that reaches `destination`: the instance itself, its route (as the runner's user,
/// who needs the route's authority), or directly with the secret from `--destination-secrets`.
pub fn client_of(context: &Context, destination: &DestinationInstance) -> Result<Client, String> {
    destination_client(&context.source, &context.secrets, destination)
}

/// The client that reaches `destination` from `source` (see [`client_of`]); also `aggsync
/// mapping`'s.
pub(crate) fn destination_client(
    source: &Client,
    secrets: &DestinationSecrets,
    destination: &DestinationInstance,
) -> Result<Client, String> {
    match &destination.kind {
        DestinationKind::CurrentInstance => Ok(source.clone()),
        DestinationKind::Route { route_id, scope } => Ok(source.route_client(route_id, *scope)),
        DestinationKind::Direct { .. } => {
            let auth = secrets.get(&destination.id).ok_or_else(|| {
                format!(
                    "the destination \"{}\" ({}) is reached directly and needs its secret: add \
                     {{\"{}\": {{\"token\": \"…\"}}}} (or username and password) to the file \
                     given with --destination-secrets; nothing was sent",
                    destination.name, destination.id, destination.id
                )
            })?;
            Ok(Dhis2Client::direct(
                NativeTransport::default(),
                destination.url.clone(),
                auth.clone(),
            ))
        }
    }
}

/// The ERROR report of a run that could not start (`error` says why), saved in the history and
/// recorded on the rule like the engine's.
async fn could_not_start(
    context: &Context,
    rule: &Rule,
    origin: RunOrigin,
    destination_id: &str,
    error: String,
) -> SyncReport {
    let started_at = instance_now(&context.source)
        .await
        .map(|(now, _)| now.to_string())
        .unwrap_or_default();
    let host = sync_engine::host::native::TokioHost::default();
    let mut report = SyncReport::start(
        &sync_engine::host::new_uid(&host),
        origin,
        &context.run_by,
        destination_id,
        parameters_of(rule),
        &started_at,
    );
    report.errors.push(error);
    report.finish(&MergedOutcome::default(), RunEnd::CouldNotStart);
    if !started_at.is_empty() {
        report.finished_at = Some(started_at);
    }
    if let Err(error) = store::reports::create_report(&context.source, &report).await {
        eprintln!("[{}] the report could not be saved: {error}", rule.name);
    }
    if let Err(error) = store::rules::record_run(&context.source, &report).await {
        eprintln!(
            "[{}] the run could not be recorded on the rule: {error}",
            rule.name
        );
    }
    report
}

/// Sends the failure notice of a scheduled run to the rule's user group, if it names one.
async fn notify(context: &Context, rule: &Rule, report: &SyncReport, progress: &StderrProgress) {
    let Some(group) = rule
        .schedule
        .as_ref()
        .and_then(|schedule| schedule.notify.as_ref())
    else {
        return;
    };
    let message = failure_notice(&rule.name, report, &context.instance_url, &group.id);
    match context.source.send_message(&message).await {
        Ok(()) => progress.say(&format!(
            "notified the user group {}",
            if group.name.is_empty() {
                &group.id
            } else {
                &group.name
            }
        )),
        Err(error) => progress.say(&format!(
            "warning: the failure notice to the user group {} could not be sent: {error}",
            group.id
        )),
    }
}
