//! The data set table: one row per data set with a checkbox, and a toggle that unfolds the set's
//! data elements ([`DataSetElements`]).

use dhis2_api::model::DataSetSummary;
use dhis2_api::query::ListQuery;
use leptos::prelude::*;

use super::data_set_elements::DataSetElements;
use super::day_of;
use super::selection::{data_set_selected, toggle_data_set};
use crate::components::error_notice::ErrorNotice;
use crate::components::pagination::Pagination;
use crate::route::DataListState;
use crate::session::Session;
use crate::state::AppState;

/// One page of data sets, from the server.
#[component]
pub fn DataSetList(
    /// Page and filters from the URL.
    state: DataListState,
    /// Called with the page to go to.
    on_page: Callback<u32>,
) -> impl IntoView {
    let client = expect_context::<Session>().client;
    let query = ListQuery {
        page: state.list.page,
        page_size: state.list.page_size,
        name_filter: state.list.filter.clone(),
        last_updated_since: state.last_updated_since.clone(),
    };
    let data_sets = LocalResource::new(move || {
        let client = client.clone();
        let query = query.clone();
        async move { client.data_sets(&query).await }
    });
    view! {
        <Transition fallback=|| view! { <p class="loading">{t!("data-loading-data-sets")}</p> }>
            {move || data_sets.get().map(|result| match result {
                Ok(page) => view! {
                    <table class="table" data-test="data-set-table">
                        <thead>
                            <tr>
                                <th class="table__check"><span class="visually-hidden">{t!("data-selected-column")}</span></th>
                                <th>{t!("common-name")}</th>
                                <th>{t!("data-period-type")}</th>
                                <th>{t!("data-last-updated")}</th>
                                <th><span class="visually-hidden">{t!("data-data-elements")}</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            {page.items.into_iter().map(|data_set| view! { <DataSetRow data_set/> }).collect_view()}
                        </tbody>
                    </table>
                    {(page.total == 0).then(|| view! {
                        <p class="empty" data-test="data-set-empty">{t!("data-no-data-sets-match")}</p>
                    })}
                    <Pagination page=page.page page_count=page.page_count total=page.total on_page/>
                }.into_any(),
                Err(error) => view! {
                    <ErrorNotice title=t!("data-could-not-load-data-sets") message=error.to_string()/>
                }.into_any(),
            })}
        </Transition>
    }
}

/// One data set row and, when unfolded, its data elements.
#[component]
pub fn DataSetRow(
    /// The data set.
    data_set: DataSetSummary,
) -> impl IntoView {
    let draft = expect_context::<AppState>().draft;
    let expanded = RwSignal::new(false);
    let id = data_set.id.clone();
    let checked = {
        let id = id.clone();
        Memo::new(move |_| draft.with(|draft| data_set_selected(&draft.selection, &id)))
    };
    let on_check = {
        let id = id.clone();
        move |_| draft.update(|draft| toggle_data_set(&mut draft.selection, &id))
    };
    let name = data_set.name.clone();
    let elements = {
        let id = id.clone();
        let name = name.clone();
        move || {
            expanded.get().then(|| {
                view! {
                    <tr class="table__detail" data-test="data-set-detail" data-id=id.clone()>
                        <td></td>
                        <td colspan="4"><DataSetElements id=id.clone() name=name.clone()/></td>
                    </tr>
                }
            })
        }
    };
    view! {
        <tr data-test="data-set-row" data-id=id.clone() class:table__row--selected=move || checked.get()>
            <td class="table__check">
                <input
                    type="checkbox"
                    data-test="data-set-checkbox"
                    aria-label=t!("data-select-item", name = name.clone())
                    prop:checked=move || checked.get()
                    on:change=on_check
                />
            </td>
            <td data-test="data-set-name">{data_set.name.clone()}</td>
            <td>{crate::pages::wizard::aggregation::period_type_label(&data_set.period_type)}</td>
            <td>{day_of(data_set.last_updated.as_deref())}</td>
            <td class="table__actions">
                <button
                    class="button button--small"
                    data-test="data-set-toggle"
                    aria-expanded=move || expanded.get().to_string()
                    on:click=move |_| expanded.update(|open| *open = !*open)
                >
                    {move || if expanded.get() { t!("data-hide-elements") } else { t!("data-show-elements") }}
                </button>
            </td>
        </tr>
        {elements}
    }
}
