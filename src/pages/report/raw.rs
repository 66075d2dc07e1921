//! The destination's raw answers per chunk, as text in collapsible sections, the whole list
//! collapsed too: they are for whoever digs, not for reading first.

use leptos::prelude::*;
use sync_core::model::ChunkReport;

/// One `<details>` per chunk, inside one closed `<details>`.
#[component]
pub fn RawResponses(chunks: Vec<ChunkReport>) -> impl IntoView {
    let count = chunks.len();
    view! {
        <details class="raw-responses" data-test="report-raw-responses">
        <summary class="section-title">{t!("report-chunks", count = count)}</summary>
        <div data-test="report-chunks">
            {chunks.into_iter().map(|chunk| {
                let title = t!(
                    "report-chunk-title",
                    index = chunk.index,
                    kind = format!("{:?}", chunk.kind),
                    values = chunk.value_count,
                    attempts = chunk.attempts,
                    outcome = chunk.error.clone().unwrap_or_else(|| chunk.status.map(|s| format!("{s:?}").to_uppercase()).unwrap_or_default())
                );
                view! {
                    <details class="raw" data-test="report-raw">
                        <summary>{title}</summary>
                        <pre data-test="report-raw-text">{chunk.raw_response.unwrap_or_else(|| t!("report-no-response"))}</pre>
                    </details>
                }
            }).collect_view()}
        </div>
        </details>
    }
}
