//! Running a sync: the engine behind the Run page. Not a view: it reads raw values from the
//! app's instance in chunks (a few requests in flight), filters or aggregates them with
//! sync-core's streaming reader, plans the writes and sends them chunk by chunk to the
//! destination, retrying transient failures, pausing on an expired session, and saves a
//! [`sync_core::model::SyncReport`] to the dataStore whatever happens.
//!
//! The pages only start a run ([`start_run`]), watch its [`RunState`] signals and press Cancel or
//! Continue. Business rules stay in sync-core; this module does the I/O between its steps.
//!
//! Decision: the destination's values are not read for a diff. Every planned value is sent and
//! the destination applies the import strategy per value (CREATE ignores existing values,
//! UPDATE ignores missing ones), so the counts in the report are the destination's own; reading
//! the destination first would double the traffic and still race with other writers.

mod destination;
mod engine;
mod incremental;
mod payload;
mod plan;
mod prepare;
mod progress;
mod util;
mod write;

pub use destination::{Destination, DestinationSetup, resolve_destination};
pub use payload::planned_writes;
pub use progress::{Phase, Progress, RunState};
pub use util::new_uid;

use sync_core::model::ReportStatus;

use sync_core::model::Rule;

use crate::session::Session;

/// Starts `rule` against `destination` in the background; progress goes to `state`. Does
/// nothing when a run is already going on.
pub fn start_run(session: Session, state: RunState, rule: Rule, destination: Destination) {
    if state.is_running() {
        return;
    }
    state.reset();
    leptos::task::spawn_local(async move {
        engine::run(session, state, rule, destination).await;
    });
}

/// A report status as DHIS2-style text: `SUCCESS`, `DRY_RUN`, ...
pub fn status_name(status: ReportStatus) -> String {
    serde_json::to_value(status)
        .ok()
        .and_then(|value| value.as_str().map(str::to_string))
        .unwrap_or_else(|| format!("{status:?}"))
}
