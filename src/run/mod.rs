//! The Run page's side of a sync: it starts sync-engine's run on the browser's event loop and
//! turns its events into signals. The sync itself — planning, streaming reads, overlapping
//! writes, retries, the status rule, checkpoints, resume, locks — is `sync_engine`'s, the same
//! code `aggsync run` runs headless; this module only supplies the browser (timers, clock,
//! randomness), the destination's client and the user's answers (Cancel, Continue after
//! logging in again).

mod browser;
mod progress;

pub use browser::{BrowserHost, SignalObserver, new_uid, now_ms};
pub use progress::{Progress, RunState, phase_label};
pub use sync_engine::observer::Phase;

use leptos::prelude::*;
use sync_core::model::{DestinationInstance, ReportStatus, Rule, SyncReport};
use sync_engine::payload::PlannedWrites;
use sync_engine::run::{Destination, RunRequest, Runner, origin_of};
use sync_engine::store::rules::RecordOutcome;

use crate::destinations::{DestinationClient, uses_session};
use crate::session::Session;

/// A run to start: the rule, its destination's client, and the report of an interrupted run to
/// continue.
pub struct RunStart {
    /// The rule (a saved one, or the wizard's draft).
    pub rule: Rule,
    /// The destination as stored.
    pub destination: DestinationInstance,
    /// Its client (with the credentials entered in this tab for a direct destination).
    pub client: DestinationClient,
    /// The report of an interrupted run to continue.
    pub resume: Option<SyncReport>,
    /// Values to send again (nothing is read).
    pub resend: Option<Vec<sync_core::plan::DataValue>>,
    /// The values a comparison found unchanged at the destination, not to send.
    pub skip_unchanged: Option<sync_engine::compare::UnchangedValues>,
}

/// Starts a run in the background; progress goes to `state`. Does nothing when a run is already
/// going on in this tab (another tab or a runner is kept apart by the rule's lock: the run ends
/// SKIPPED).
pub fn start_run(session: Session, state: RunState, start: RunStart) {
    if state.is_running() {
        return;
    }
    let cancel = state.reset(now_ms());
    leptos::task::spawn_local(async move {
        let observer = SignalObserver { state };
        let runner = Runner {
            source: &session.client,
            host: &BrowserHost,
            observer: &observer,
            cancel: &cancel,
        };
        let destination = Destination {
            id: start.destination.id.clone(),
            name: start.destination.name.clone(),
            client: &start.client,
            uses_session: uses_session(&start.destination),
            max_chunk_size: sync_engine::limits::max_chunk_size(&start.destination),
            id_schemes: start.destination.id_schemes.clone(),
        };
        let origin = origin_of(&start.rule);
        let result = runner
            .run(
                destination,
                RunRequest {
                    rule: start.rule,
                    origin,
                    run_by: session.user.username.clone(),
                    resume: start.resume,
                    resend: start.resend,
                    take_lock: true,
                    place: format!("a browser tab at {}", session.client.base_url()),
                    skip_unchanged: start.skip_unchanged,
                },
            )
            .await;
        // The user editing exactly the version the run was recorded on keeps editing it: the
        // run's record is not a colleague's edit.
        if let (
            Some(RecordOutcome::Recorded {
                read_at, saved_at, ..
            }),
            Some(rule_id),
        ) = (&result.record, result.report.origin.rule_id())
            && crate::rules::editing::opened(rule_id)
                .is_some_and(|opened| opened.last_updated == *read_at)
        {
            crate::rules::editing::remember(rule_id, saved_at.clone());
        }
        let errors: Vec<String> = [
            result
                .save_error
                .map(|error| t!("run-report-not-saved", error = error.to_string())),
            result
                .record_error
                .map(|error| t!("run-not-recorded", error = error.to_string())),
        ]
        .into_iter()
        .flatten()
        .collect();
        state.progress.update(|p| {
            p.save_error = (!errors.is_empty()).then(|| errors.join("; "));
        });
        state.report.set(Some(result.report));
        // Reports older than the retention go; best effort, quietly: the next run or the history
        // page tries again, and the run's outcome does not depend on it.
        let _ = sync_engine::store::reports::prune_expired(&session.client, session.today()).await;
    });
}

/// What a run of `rule` would send now ("Download JSON"), made by the engine's own steps, named
/// as its destination takes them: through its mapping when it has one (then the destination is
/// read too, with `secrets` for a direct one: the mapping's combos are rebuilt from its
/// metadata, and what it stores is checked as in a run), else by its id schemes.
pub async fn planned_writes(
    session: &Session,
    secrets: &crate::destinations::DestinationSecrets,
    rule: &Rule,
) -> Result<PlannedWrites, String> {
    if rule.destination_id == sync_core::model::CURRENT_INSTANCE_ID {
        return sync_engine::payload::planned_writes(
            &BrowserHost,
            &session.client,
            rule,
            &Default::default(),
        )
        .await;
    }
    let destination =
        sync_engine::store::destinations::load_destination(&session.client, &rule.destination_id)
            .await
            .map_err(|error| t!("run-destination-unreadable", error = error.to_string()))?;
    let mapped = sync_engine::store::mappings::load_mapping(&session.client, &destination.id)
        .await
        .map_err(|error| format!("the destination's mapping could not be read: {error}"))?
        .is_some_and(|mapping| !mapping.is_empty());
    if mapped {
        let client = crate::destinations::client_for(&destination, session, secrets)
            .map_err(|error| error.to_string())?;
        return sync_engine::payload::planned_writes_to(
            &BrowserHost,
            &session.client,
            rule,
            sync_engine::preview::PreviewDestination {
                client: &client,
                uses_session: uses_session(&destination),
            },
            &destination.id,
            &destination.id_schemes,
        )
        .await;
    }
    sync_engine::payload::planned_writes(
        &BrowserHost,
        &session.client,
        rule,
        &destination.id_schemes,
    )
    .await
}

/// A report status as DHIS2-style text: `SUCCESS`, `DRY_RUN`, ...
pub fn status_name(status: ReportStatus) -> String {
    serde_json::to_value(status)
        .ok()
        .and_then(|value| value.as_str().map(str::to_string))
        .unwrap_or_else(|| format!("{status:?}"))
}
