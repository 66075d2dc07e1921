//! The destination's raw answers per chunk, as text in collapsible sections, the whole list
//! collapsed too: they are for whoever digs, not for reading first.

use leptos::prelude::*;
use sync_core::import_result::ImportStatus;
use sync_core::model::ChunkReport;
use sync_core::plan::WriteKind;

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
                    kind = kind_label(chunk.kind),
                    values = chunk.value_count,
                    attempts = chunk.attempts,
                    outcome = chunk.error.clone().unwrap_or_else(|| chunk.status.map(status_label).unwrap_or_default())
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

/// Whether a chunk wrote values or deleted them, in words.
fn kind_label(kind: WriteKind) -> String {
    match kind {
        WriteKind::Upsert => t!("report-chunk-upsert"),
        WriteKind::Delete => t!("report-chunk-delete"),
    }
}

/// DHIS2's import status of a chunk, in words (English keeps DHIS2's own `SUCCESS`, …).
fn status_label(status: ImportStatus) -> String {
    match status {
        ImportStatus::Success => t!("report-import-success"),
        ImportStatus::Warning => t!("report-import-warning"),
        ImportStatus::Error => t!("report-import-error"),
    }
}
