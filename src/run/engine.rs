//! The run itself, phase by phase: source server time, preparation, reads (a few in flight)
//! fed to the processor, the check and the write plan, chunk writes, and the report, which is
//! saved at the start (RUNNING) and at the end whatever happened; then expired reports are
//! pruned (best effort).

use dhis2_api::Dhis2Client;
use dhis2_api::transport::Transport;
use futures::StreamExt;
use leptos::prelude::*;
use sync_core::date::Date;
use sync_core::import_result::MergedOutcome;
use sync_core::model::{
    ChunkFailure, ChunkReport, LeftBehind, LeftBehindKind, PhaseTimings, Rule, RunEnd, RunOrigin,
    RunParameters, SyncReport, data_element_stats, settle_chunk, settle_failed_chunk,
};
use sync_core::plan::{DEFAULT_CHUNK_SIZE, WritePlan};

use super::destination::{Destination, DestinationClient};
use super::plan::plan_values;
use super::prepare::prepare;
use super::progress::{Phase, RunState};
use super::util::{new_uid, now_ms, since};
use super::write::{RetryError, with_retries, write_chunk};
use crate::session::Session;
use sync_engine::store::StoreError;
use sync_engine::store::reports::{create_report, prune_expired, save_report};
use sync_engine::store::settings::load_settings_or_default;

/// Read requests in flight at once.
pub const READS_IN_FLIGHT: usize = 3;
/// Chunks of at least this many values are imported asynchronously, with task polling.
pub const ASYNC_FROM: usize = 1000;

/// Runs `rule` and saves its report; every outcome ends in [`Phase::Finished`].
pub async fn run(session: Session, state: RunState, rule: Rule, destination: Destination) {
    let report_id = new_uid();
    state
        .progress
        .update(|p| p.report_id = Some(report_id.clone()));
    // Whether the report is stored yet: a new report is created with POST (a PUT of a missing
    // key is a 404 on 2.36–2.38.4, a console error), a stored one replaced with PUT.
    let mut created = false;
    let report = execute(
        &session,
        state,
        &rule,
        &destination,
        &report_id,
        &mut created,
    )
    .await;
    state.progress.update(|p| p.phase = Phase::Saving);
    let (saved, _) = with_retries(state, true, || async {
        if created {
            return save_report(&session.client, &report).await;
        }
        match create_report(&session.client, &report).await {
            // An earlier attempt created it and its answer was lost.
            Err(StoreError::Exists(_)) => save_report(&session.client, &report).await,
            other => other,
        }
    })
    .await;
    let recorded = crate::rules::editing::record_run(&session.client, &report).await;
    state.report.set(Some(report));
    state.progress.update(|p| {
        p.phase = Phase::Finished;
        p.finished_ms = Some(now_ms());
        let errors: Vec<String> = [
            saved
                .err()
                .map(|error| format!("the report could not be saved: {error}")),
            recorded
                .err()
                .map(|error| format!("the rule's last run could not be recorded: {error}")),
        ]
        .into_iter()
        .flatten()
        .collect();
        p.save_error = (!errors.is_empty()).then(|| errors.join("; "));
    });
    // Reports older than the retention go; best effort, quietly: the next run or the history
    // page tries again, and the run's outcome does not depend on it.
    let _ = prune_expired(&session.client, session.today()).await;
}

/// The parameters of a run that stopped before its reads were planned.
fn parameters_of(rule: &Rule) -> RunParameters {
    RunParameters {
        selection: rule.selection.clone(),
        org_units: rule.org_units.clone(),
        period: rule.period.clone(),
        periods: Vec::new(),
        start_date: None,
        end_date: None,
        last_updated: None,
        look_back_from: None,
        category_options: rule.category_options.clone(),
        aggregation: rule.aggregation,
        import_strategy: rule.import_strategy,
        send_deletions: rule.send_deletions,
        dry_run: rule.dry_run,
        chunk_size: DEFAULT_CHUNK_SIZE,
    }
}

fn origin_of(rule: &Rule) -> RunOrigin {
    if rule.name.trim().is_empty() {
        RunOrigin::Manual
    } else {
        RunOrigin::Rule {
            rule_id: rule.id.clone(),
            rule_name: rule.name.clone(),
        }
    }
}

/// The source server's time now (from the session's clock: no request, so a run that ends on a
/// failing source still gets its end time).
fn finished_at(session: &Session) -> String {
    session.now().to_string()
}

async fn execute(
    session: &Session,
    state: RunState,
    rule: &Rule,
    destination: &Destination,
    report_id: &str,
    created: &mut bool,
) -> SyncReport {
    let source = &session.client;
    let run_by = session.user.username.clone();
    let mut report = SyncReport::start(
        report_id,
        origin_of(rule),
        &run_by,
        destination.id(),
        parameters_of(rule),
        &session.now().to_string(),
    );
    report.destination_name = Some(destination.name().to_string());
    let fail = |mut report: SyncReport, error: String| {
        report.errors.push(error);
        report.finish(&MergedOutcome::default(), RunEnd::CouldNotStart);
        report
    };

    // The source's time before any read: the report's start (and a rule's watermark).
    let (info, _) = with_retries(state, true, || source.system_info()).await;
    let info = match info {
        Ok(info) => info,
        Err(error) => return fail(report, format!("the source did not answer: {error}")),
    };
    report.started_at = info
        .server_date
        .clone()
        .unwrap_or_else(|| session.now().to_string());
    let today = match report.started_at.parse::<Date>() {
        Ok(today) => today,
        Err(error) => return fail(report, format!("unreadable server time: {error}")),
    };

    // The chunk sizes of the Settings page (defaults when the entry is missing or damaged).
    let settings = load_settings_or_default(source).await;
    let read_chunk_size = settings.read_chunk_size as usize;
    let chunk_size = match destination.max_chunk_size() {
        Some(limit) => (settings.write_chunk_size as usize).min(limit),
        None => settings.write_chunk_size as usize,
    };

    let started = now_ms();
    let prepared = match prepare(
        source,
        rule,
        today,
        info.accepts_data_element_param(),
        read_chunk_size,
    )
    .await
    {
        Ok(prepared) => prepared,
        Err(errors) => {
            report.errors.extend(errors);
            report.finish(&MergedOutcome::default(), RunEnd::CouldNotStart);
            report.finished_at = Some(finished_at(session));
            return report;
        }
    };
    let prepare_ms = since(started);
    report.parameters = RunParameters::of_run(&prepared.validated, &prepared.reads, chunk_size);
    report.issues = prepared.issues.clone();
    *created = create_report(source, &report).await.is_ok();

    // Reading, with the processor fed response by response.
    let mut processor = prepared.processor;
    let requests = prepared.reads.requests.clone();
    state.progress.update(|p| {
        p.phase = Phase::Reading;
        p.reads_total = requests.len();
    });
    let read_start = now_ms();
    let mut aggregate_ms = 0u64;
    let mut cancelled = false;
    let mut read_error = None;
    {
        let mut responses = futures::stream::iter(requests.iter())
            .map(|request| async move {
                with_retries(state, true, || source.data_value_sets(&request.params)).await
            })
            .buffered(READS_IN_FLIGHT);
        while let Some((result, _attempts)) = responses.next().await {
            if state.cancel_requested() {
                cancelled = true;
                break;
            }
            match result {
                Ok(bytes) => {
                    let fed_at = now_ms();
                    let fed = processor.feed(&bytes);
                    aggregate_ms += since(fed_at);
                    if let Err(error) = fed {
                        read_error = Some(format!("a response could not be read: {error}"));
                        break;
                    }
                    let rows = processor.rows_read();
                    state.progress.update(|p| {
                        p.reads_done += 1;
                        p.values_read = rows;
                    });
                }
                Err(error) => {
                    read_error = Some(if error.session_expired() {
                        "reading stopped: the session expired".to_string()
                    } else {
                        format!("reading values failed: {error}")
                    });
                    break;
                }
            }
        }
    }
    let read_ms = since(read_start).saturating_sub(aggregate_ms) + prepare_ms;
    report.timings = PhaseTimings {
        read_ms,
        aggregate_ms,
        write_ms: 0,
    };
    report.values_read = processor.rows_read();
    if cancelled || read_error.is_some() {
        if let Some(error) = read_error {
            report.errors.push(error);
        } else {
            report
                .errors
                .push("cancelled while reading: nothing was sent".to_string());
        }
        let end = if cancelled {
            RunEnd::Cancelled
        } else {
            RunEnd::Stopped
        };
        report.finish(&MergedOutcome::default(), end);
        report.finished_at = Some(finished_at(session));
        return report;
    }

    // Aggregating (or ending the raw selection), then the check and the write plan.
    state.progress.update(|p| p.phase = Phase::Aggregating);
    let aggregate_start = now_ms();
    let processed = match processor.finish() {
        Ok(processed) => processed,
        Err(error) => {
            let mut report = fail(report, format!("the values could not be read: {error}"));
            report.finished_at = Some(finished_at(session));
            return report;
        }
    };
    report.values_read = processed.rows_read;
    report.not_aggregated = processed.not_aggregated;
    let planned = match plan_values(
        &prepared.validated,
        processed.values,
        &prepared.value_types,
        &prepared.zero_insignificant,
        chunk_size,
        Some(ASYNC_FROM),
    ) {
        Ok(planned) => planned,
        Err(error) => {
            let mut report = fail(report, error);
            report.finished_at = Some(finished_at(session));
            return report;
        }
    };
    report.add_left_behind(
        planned
            .not_sent
            .into_iter()
            .map(|item| LeftBehind::new(item.value, LeftBehindKind::LeftOut, item.reason)),
    );
    report.issues.extend(planned.issues);
    let plan = planned.plan;
    let per_data_element = planned.per_data_element;
    report.timings.aggregate_ms += since(aggregate_start);

    // Writing.
    state.progress.update(|p| {
        p.phase = Phase::Writing;
        p.chunks_total = plan.chunks.len();
    });
    let write_start = now_ms();
    let mut merged = MergedOutcome::default();
    let pause = destination.uses_session();
    let cancelled = match destination.client(session) {
        DestinationClient::Session(client) => {
            write_all(&client, &plan, state, pause, &mut report, &mut merged).await
        }
        DestinationClient::Direct(client) => {
            write_all(&client, &plan, state, pause, &mut report, &mut merged).await
        }
    };
    report.timings.write_ms = since(write_start);
    report.data_elements = data_element_stats(
        &per_data_element,
        &plan.sent_per_data_element,
        &merged,
        &prepared.names,
    );
    let end = if cancelled {
        RunEnd::Cancelled
    } else {
        RunEnd::Finished
    };
    report.finish(&merged, end);
    report.finished_at = Some(finished_at(session));
    report
}

/// Sends every chunk in order; returns true when cancelled. A chunk that still fails after its
/// retries is reported with its values; after a failure the next chunks would repeat (the
/// destination is down or overloaded, refuses the credentials or the app's origin) the remaining
/// chunks are not tried and are reported with their values too.
async fn write_all<T: Transport>(
    destination: &Dhis2Client<T>,
    plan: &WritePlan,
    state: RunState,
    pause: bool,
    report: &mut SyncReport,
    merged: &mut MergedOutcome,
) -> bool {
    let mut stopped_after: Option<usize> = None;
    let mut not_sent = (0usize, 0usize);
    let mut cancelled = false;
    for chunk in &plan.chunks {
        report.tally.planned += chunk.values.len() as u64;
        if cancelled || state.cancel_requested() {
            cancelled = true;
            not_sent.0 += 1;
            not_sent.1 += chunk.values.len();
            let settled = settle_failed_chunk(&chunk.values, ChunkFailure::Unsent, "cancelled");
            report.add_left_behind(settled.left_behind);
            continue;
        }
        if let Some(failed) = stopped_after {
            let message = format!("not sent: the run stopped after chunk {failed} failed");
            merged.add_failure(chunk.index, chunk.values.len(), message.clone());
            let settled = settle_failed_chunk(&chunk.values, ChunkFailure::Unsent, &message);
            report.add_left_behind(settled.left_behind);
            report
                .chunks
                .push(ChunkReport::failed(chunk, message, 0, None, 0));
            state.progress.update(|p| p.chunks_done += 1);
            continue;
        }
        let chunk_start = now_ms();
        let written = write_chunk(destination, chunk, state, pause).await;
        let duration = since(chunk_start);
        match written.result {
            Ok(outcome) => {
                merged.add(chunk.index, &outcome);
                let settled = settle_chunk(&chunk.values, &outcome);
                report.tally.confirmed += settled.confirmed;
                report.add_left_behind(settled.left_behind);
                let mut chunk_report = ChunkReport::completed(
                    chunk,
                    &outcome,
                    written.attempts,
                    written.raw_response,
                    duration,
                );
                chunk_report.task_id = written.task_id;
                report.chunks.push(chunk_report);
                report.values_sent += chunk.values.len() as u64;
            }
            Err(failure) => {
                let message = if state.cancel_requested() {
                    format!("cancelled: {}", failure.message())
                } else {
                    failure.message()
                };
                merged.add_failure(chunk.index, chunk.values.len(), message.clone());
                let fate = match failure.http_status() {
                    Some(status)
                        if (400..500).contains(&status) && status != 408 && status != 429 =>
                    {
                        ChunkFailure::Refused
                    }
                    _ => ChunkFailure::Unknown,
                };
                let settled = settle_failed_chunk(&chunk.values, fate, &message);
                report.add_left_behind(settled.left_behind);
                let mut chunk_report = ChunkReport::failed(
                    chunk,
                    message,
                    written.attempts,
                    failure.http_status(),
                    duration,
                );
                chunk_report.raw_response = written.raw_response;
                chunk_report.task_id = written.task_id;
                report.chunks.push(chunk_report);
                if failure.stops_the_run() {
                    stopped_after = Some(chunk.index);
                }
            }
        }
        let sent = report.values_sent;
        state.progress.update(|p| {
            p.chunks_done += 1;
            p.values_sent = sent;
        });
    }
    if cancelled && not_sent.0 > 0 {
        report.errors.push(format!(
            "cancelled: {} values in {} chunks were not sent",
            not_sent.1, not_sent.0
        ));
    }
    cancelled
}
