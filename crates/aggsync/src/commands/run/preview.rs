//! `aggsync run --preview`: what a run of each given rule would change at its destination now
//! (sync-engine's `compare`: new, changed, unchanged and deleted values per data element, with
//! a few sample rows), one JSON line per rule on stdout. Nothing is written: no report, no lock,
//! no record on the rule, no value.

use serde_json::{Value, json};
use sync_engine::compare::compare_run_to;
use sync_engine::host::native::TokioHost;
use sync_engine::preview::PreviewDestination;
use sync_engine::store;

use super::Context;
use super::one::{client_of, destination_of};

/// The comparison of rule `id` as a JSON line, and whether it could be made.
pub async fn preview_rule(context: &Context, id: &str) -> (Value, bool) {
    let failed = |error: String| {
        eprintln!("[{id}] {error}");
        (
            json!({ "rule": id, "preview": null, "error": error }),
            false,
        )
    };
    let rule = match store::rules::read_versioned(&context.source, id).await {
        Ok(read) => read.rule,
        Err(error) => return failed(format!("the rule could not be read: {error}")),
    };
    let destination = match destination_of(context, &rule.destination_id).await {
        Ok(destination) => destination,
        Err(error) => return failed(error),
    };
    let client = match client_of(context, &destination) {
        Ok(client) => client,
        Err(error) => return failed(error),
    };
    // Through the destination's mapping when it has one, as its runs are sent.
    let compared = compare_run_to(
        &TokioHost::default(),
        &context.source,
        &rule,
        PreviewDestination {
            client: &client,
            uses_session: false,
        },
        &rule.destination_id,
    )
    .await;
    match compared {
        Ok(comparison) => {
            let totals = comparison.totals;
            eprintln!(
                "[{}] {} new, {} changed, {} unchanged, {} deleted",
                rule.name, totals.new, totals.changed, totals.unchanged, totals.deleted
            );
            (
                json!({
                    "rule": rule.id,
                    "name": rule.name,
                    "destination": destination.id,
                    "preview": comparison,
                }),
                true,
            )
        }
        Err(error) => failed(format!("the comparison failed: {error}")),
    }
}
