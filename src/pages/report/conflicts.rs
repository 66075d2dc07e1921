//! Every conflict the destination reported, with the data values it concerns, paged (never only
//! the first few).

use std::collections::BTreeMap;

use leptos::prelude::*;
use sync_core::import_result::Conflict;

use crate::components::pagination::Pagination;

/// Conflicts per page.
pub const CONFLICTS_PER_PAGE: usize = 50;

/// Data element names by id, from the report's statistics (which carry the names the run
/// read), so that values are shown by name.
pub type Names = std::sync::Arc<BTreeMap<String, String>>;

/// A data value as one line: the data element's name (its id when the report has no name),
/// then period, org unit, category option combo, attribute option combo and value.
pub fn value_line(value: &sync_core::plan::DataValue, names: &BTreeMap<String, String>) -> String {
    format!(
        "{} {} {} {} {} = {}",
        names
            .get(&value.data_element)
            .map(String::as_str)
            .unwrap_or(&value.data_element),
        value.period,
        value.org_unit,
        value.category_option_combo,
        value.attribute_option_combo,
        value.value.as_deref().unwrap_or("")
    )
}

/// The paged conflict table.
#[component]
pub fn ConflictList(conflicts: Vec<Conflict>, names: Names) -> impl IntoView {
    let total = conflicts.len();
    let page = RwSignal::new(1u32);
    let page_count = total.div_ceil(CONFLICTS_PER_PAGE) as u32;
    let on_page = Callback::new(move |to: u32| page.set(to));
    view! {
        <h2 class="section-title">{t!("report-conflicts")}" "<span data-test="report-conflict-count">{total}</span></h2>
        {if total == 0 {
            view! { <p class="empty" data-test="report-no-conflicts">{t!("report-no-conflicts")}</p> }.into_any()
        } else {
            view! {
                <table class="table" data-test="report-conflicts">
                    <thead><tr><th>{t!("report-conflict-code")}</th><th>{t!("report-conflict-message")}</th><th>{t!("report-conflict-values")}</th><th>{t!("report-conflict-chunk")}</th></tr></thead>
                    <tbody>
                        {move || {
                            let start = (page.get() as usize - 1) * CONFLICTS_PER_PAGE;
                            conflicts.iter().skip(start).take(CONFLICTS_PER_PAGE).map(|conflict| view! {
                                <tr data-test="report-conflict">
                                    <td>{conflict.error_code.clone().unwrap_or_default()}</td>
                                    <td data-test="report-conflict-message">{conflict.message.clone()}</td>
                                    <td>
                                        <ul class="value-list">
                                            {conflict.values.iter().map(|value| view! {
                                                <li data-test="report-conflict-value">{value_line(value, &names)}</li>
                                            }).collect_view()}
                                        </ul>
                                    </td>
                                    <td>{conflict.chunk.map(|c| c.to_string()).unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()
                        }}
                    </tbody>
                </table>
                {move || view! { <Pagination page=page.get() page_count total=total as u32 on_page/> }}
            }.into_any()
        }}
    }
}
