//! Statistics per data element with a bar chart in plain HTML: values sent, rejected and in
//! conflicts, bars scaled to the data element that sent the most.

use leptos::prelude::*;
use sync_core::model::DataElementStats;

/// Table with bars.
#[component]
pub fn DataElementChart(stats: Vec<DataElementStats>) -> impl IntoView {
    let max = stats
        .iter()
        .map(|s| s.sent.max(s.rejected))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let width = move |count: u64| format!("{:.1}%", count as f64 / max * 100.0);
    view! {
        <h2 class="section-title">"Data elements"</h2>
        {if stats.is_empty() {
            view! { <p class="empty" data-test="report-no-data-elements">"No data element had values to send."</p> }.into_any()
        } else {
            view! {
                <table class="table" data-test="report-data-elements">
                    <thead><tr><th>"Data element"</th><th>"Sent"</th><th>"Rejected"</th><th>"Conflicts"</th><th class="chart-column">"Sent and rejected"</th></tr></thead>
                    <tbody>
                        {stats.iter().map(|item| view! {
                            <tr data-test="report-data-element" data-id=item.data_element.clone()>
                                <td>{item.name.clone().unwrap_or_else(|| item.data_element.clone())}</td>
                                <td data-test="report-data-element-sent">{item.sent}</td>
                                <td data-test="report-data-element-rejected">{item.rejected}</td>
                                <td>{item.conflicts}</td>
                                <td class="chart-column">
                                    <div class="bar bar--sent" style:width=width(item.sent) title=format!("{} sent", item.sent)></div>
                                    <div class="bar bar--rejected" style:width=width(item.rejected) title=format!("{} rejected", item.rejected)></div>
                                </td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            }.into_any()
        }}
    }
}
