//! The results report of one sync attempt (`#/history/<id>`), loaded from the dataStore (or
//! from memory right after the run): status, counts, time per phase, statistics per data
//! element, every conflict with its values, values not sent, and the raw responses. The values
//! are only there for whoever ran the sync (and superusers): others get a note saying so, the
//! counts, and no Resume or send-again (they would go on without the values left behind).

mod actions;
mod conflicts;
mod data_elements;
mod raw;
mod summary;
mod values;

use leptos::prelude::*;
use sync_core::model::SyncReport;
use sync_engine::store::reports::{DetailAccess, LoadedReport};

use crate::components::error_notice::ErrorNotice;
use crate::run::RunState;
use crate::session::Session;
use actions::ReportActions;
use conflicts::{ConflictList, Names};
use data_elements::DataElementChart;
use raw::RawResponses;
use summary::ReportSummary;
use values::ValueProblems;

/// The report page.
#[component]
pub fn ReportPage(
    /// Report id.
    id: String,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let run = expect_context::<RunState>();
    let in_memory = run.report.get_untracked().filter(|report| report.id == id);
    let client = session.client.clone();
    let report = LocalResource::new(move || {
        let client = client.clone();
        let id = id.clone();
        let in_memory = in_memory.clone();
        async move {
            match in_memory {
                Some(report) => Ok(LoadedReport {
                    report,
                    detail: DetailAccess::Complete,
                    continuable: true,
                }),
                None => sync_engine::store::reports::load_report(&client, &id)
                    .await
                    .map_err(|error| error.to_string()),
            }
        }
    });
    view! {
        <section class="report" data-test="report-page">
            <h1 class="page__title">{t!("report-title")}</h1>
            <Transition fallback=|| view! { <p class="loading">{t!("report-loading")}</p> }>
                {move || report.get().map(|loaded| match loaded {
                    Ok(loaded) => view! { <ReportView loaded/> }.into_any(),
                    Err(message) => view! {
                        <ErrorNotice title=t!("report-could-not-load") message/>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ReportView(loaded: LoadedReport) -> impl IntoView {
    let note = loaded.detail_note();
    let can_continue = loaded.can_continue();
    let report: SyncReport = loaded.report;
    let chunks = report.chunks.clone();
    let conflicts = report.conflicts.clone();
    let stats = report.data_elements.clone();
    let names: Names = std::sync::Arc::new(
        stats
            .iter()
            .filter_map(|item| Some((item.data_element.clone(), item.name.clone()?)))
            .collect(),
    );
    view! {
        <ReportSummary report=report.clone()/>
        {note.map(|message| view! {
            <div class="notice notice--info" data-test="report-detail-hidden">
                <p class="notice__message">{message}</p>
            </div>
        })}
        {can_continue.then(|| view! { <ReportActions report=report.clone()/> })}
        <DataElementChart stats/>
        <ValueProblems report=report.clone() names=names.clone()/>
        <ConflictList conflicts names/>
        <RawResponses chunks/>
    }
}
