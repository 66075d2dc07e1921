//! The results report of one sync attempt (`#/history/<id>`), loaded from the dataStore (or
//! from memory right after the run): status, counts, time per phase, statistics per data
//! element, every conflict with its values, values not sent, and the raw responses.

mod actions;
mod conflicts;
mod data_elements;
mod raw;
mod summary;
mod values;

use leptos::prelude::*;
use sync_core::model::SyncReport;

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
                Some(report) => Ok(report),
                None => sync_engine::store::reports::load_report(&client, &id)
                    .await
                    .map_err(|error| error.to_string()),
            }
        }
    });
    view! {
        <section class="report" data-test="report-page">
            <h1 class="page__title">"Sync report"</h1>
            <Transition fallback=|| view! { <p class="loading">"Loading the report…"</p> }>
                {move || report.get().map(|loaded| match loaded {
                    Ok(report) => view! { <ReportView report/> }.into_any(),
                    Err(message) => view! {
                        <ErrorNotice title="The report could not be loaded" message/>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ReportView(report: SyncReport) -> impl IntoView {
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
        <ReportActions report=report.clone()/>
        <DataElementChart stats/>
        <ValueProblems report=report.clone() names=names.clone()/>
        <ConflictList conflicts names/>
        <RawResponses chunks/>
    }
}
