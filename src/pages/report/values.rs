//! Values that did not reach the destination, each with why (left out before sending, refused,
//! of unknown fate, never sent), and the data elements not aggregated.

use leptos::prelude::*;
use sync_core::model::{LeftBehind, LeftBehindKind, SyncReport};

use super::conflicts::{CONFLICTS_PER_PAGE, Names, value_line};
use crate::components::pagination::Pagination;

#[component]
fn PagedValues(values: Vec<LeftBehind>, test: &'static str, names: Names) -> impl IntoView {
    let total = values.len();
    let page = RwSignal::new(1u32);
    let page_count = total.div_ceil(CONFLICTS_PER_PAGE) as u32;
    let on_page = Callback::new(move |to: u32| page.set(to));
    view! {
        <ul class="value-list" data-test=test>
            {move || {
                let start = (page.get() as usize - 1) * CONFLICTS_PER_PAGE;
                values.iter().skip(start).take(CONFLICTS_PER_PAGE)
                    .map(|item| view! {
                        <li data-test="report-value">{format!("{}: {}", value_line(&item.value, &names), item.reason)}</li>
                    })
                    .collect_view()
            }}
        </ul>
        {(page_count > 1).then(|| view! {
            {move || view! { <Pagination page=page.get() page_count total=total as u32 on_page/> }}
        })}
    }
}

/// Every value left behind, by kind, and the data elements not aggregated.
#[component]
pub fn ValueProblems(report: SyncReport, names: Names) -> impl IntoView {
    let of = |kind| -> Vec<LeftBehind> { report.left_behind_of(kind).cloned().collect() };
    let not_landed: Vec<LeftBehind> = report
        .left_behind
        .iter()
        .filter(|item| item.kind != LeftBehindKind::LeftOut)
        .cloned()
        .collect();
    let left_out = of(LeftBehindKind::LeftOut);
    let not_stored = report.left_behind_not_stored;
    view! {
        {(!not_landed.is_empty()).then(|| view! {
            <h2 class="section-title">{t!("report-values-not-written")}" "<span data-test="report-failed-count">{report.tally.not_landed()}</span></h2>
            <p>{t!("report-values-not-written-help")}</p>
            <PagedValues values=not_landed test="report-failed-values" names=names.clone()/>
        })}
        {(!left_out.is_empty()).then(|| view! {
            <h2 class="section-title">{t!("report-values-left-out")}" "<span data-test="report-not-sent-count">{report.tally.left_out}</span></h2>
            <p>{t!("report-values-left-out-help")}</p>
            <PagedValues values=left_out test="report-not-sent" names=names.clone()/>
        })}
        {(not_stored > 0).then(|| view! {
            <p data-test="report-not-stored">{t!("report-not-stored", count = not_stored)}</p>
        })}
        {(!report.not_aggregated.is_empty()).then(|| view! {
            <h2 class="section-title">{t!("report-not-aggregated")}</h2>
            <ul data-test="report-not-aggregated">
                {report.not_aggregated.iter().map(|item| view! {
                    <li>{format!("{}: {}", item.name.as_deref().unwrap_or(&item.data_element), item.reason)}</li>
                }).collect_view()}
            </ul>
        })}
    }
}
