//! Values that did not reach the destination for reasons other than a conflict: chunks that
//! failed after their retries, values a value type would reject, data elements not aggregated.

use leptos::prelude::*;
use sync_core::model::SyncReport;
use sync_core::plan::DataValue;

use super::conflicts::{CONFLICTS_PER_PAGE, value_line};
use crate::components::pagination::Pagination;

#[component]
fn PagedValues(values: Vec<DataValue>, test: &'static str) -> impl IntoView {
    let total = values.len();
    let page = RwSignal::new(1u32);
    let page_count = total.div_ceil(CONFLICTS_PER_PAGE) as u32;
    let on_page = Callback::new(move |to: u32| page.set(to));
    view! {
        <ul class="value-list" data-test=test>
            {move || {
                let start = (page.get() as usize - 1) * CONFLICTS_PER_PAGE;
                values.iter().skip(start).take(CONFLICTS_PER_PAGE)
                    .map(|value| view! { <li>{value_line(value)}</li> })
                    .collect_view()
            }}
        </ul>
        {(page_count > 1).then(|| view! {
            {move || view! { <Pagination page=page.get() page_count total=total as u32 on_page/> }}
        })}
    }
}

/// Failed, not sent and not aggregated.
#[component]
pub fn ValueProblems(report: SyncReport) -> impl IntoView {
    let failed = report.failed_values.clone();
    let not_sent: Vec<(String, String)> = report
        .not_sent
        .iter()
        .map(|item| (value_line(&item.value), item.reason.clone()))
        .collect();
    view! {
        {(!failed.is_empty()).then(|| view! {
            <h2 class="section-title">"Values not written "<span data-test="report-failed-count">{failed.len()}</span></h2>
            <p>"These values were in chunks that failed after every retry; send them again."</p>
            <PagedValues values=failed test="report-failed-values"/>
        })}
        {(!not_sent.is_empty()).then(|| view! {
            <h2 class="section-title">"Values not sent "<span data-test="report-not-sent-count">{not_sent.len()}</span></h2>
            <ul class="value-list" data-test="report-not-sent">
                {not_sent.into_iter().map(|(line, reason)| view! { <li>{format!("{line}: {reason}")}</li> }).collect_view()}
            </ul>
        })}
        {(!report.not_aggregated.is_empty()).then(|| view! {
            <h2 class="section-title">"Not aggregated"</h2>
            <ul data-test="report-not-aggregated">
                {report.not_aggregated.iter().map(|item| view! { <li>{format!("{}: {}", item.data_element, item.reason)}</li> }).collect_view()}
            </ul>
        })}
    }
}
