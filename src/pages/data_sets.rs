//! The data set list: name, period type and last update, paged on the server and filtered by
//! name. Its state (page, filter) lives in the URL hash.

use dhis2_api::query::ListQuery;
use leptos::prelude::*;

use crate::app::Session;
use crate::components::error_notice::ErrorNotice;
use crate::components::pagination::Pagination;
use crate::environment::navigate;
use crate::route::{DataListState, ListState, Route};

/// The data set list page.
#[component]
pub fn DataSetsPage(
    /// Page and filter from the URL.
    state: DataListState,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let query = ListQuery {
        page: state.list.page,
        page_size: state.list.page_size,
        name_filter: state.list.filter.clone(),
        last_updated_since: state.last_updated_since.clone(),
    };
    let client = session.client.clone();
    let data_sets = LocalResource::new(move || {
        let client = client.clone();
        let query = query.clone();
        async move { client.data_sets(&query).await }
    });
    let filter = state.list.filter.clone();
    let on_filter = {
        let state = state.clone();
        move |event: leptos::ev::Event| {
            let list = ListState {
                page: 1,
                filter: event_target_value(&event),
                ..state.list.clone()
            };
            navigate(&Route::DataSelection(DataListState {
                list,
                ..state.clone()
            }));
        }
    };
    let on_page = Callback::new(move |page: u32| {
        let list = ListState {
            page,
            ..state.list.clone()
        };
        navigate(&Route::DataSelection(DataListState {
            list,
            ..state.clone()
        }));
    });
    view! {
        <section class="data-sets">
            <h1 class="page__title">"Data sets"</h1>
            <div class="toolbar">
                <label class="field">
                    <span class="field__label">"Filter by name"</span>
                    <input
                        class="input"
                        type="search"
                        data-test="data-set-filter"
                        prop:value=filter
                        on:change=on_filter
                    />
                </label>
            </div>
            <Transition fallback=|| view! { <p class="loading">"Loading data sets…"</p> }>
                {move || data_sets.get().map(|result| match result {
                    Ok(page) => view! {
                        <table class="table" data-test="data-set-table">
                            <thead>
                                <tr><th>"Name"</th><th>"Period type"</th><th>"Last updated"</th></tr>
                            </thead>
                            <tbody>
                                {page.items.iter().map(|data_set| view! {
                                    <tr data-test="data-set-row" data-id=data_set.id.clone()>
                                        <td data-test="data-set-name">{data_set.name.clone()}</td>
                                        <td>{data_set.period_type.clone()}</td>
                                        <td>{last_updated_day(data_set.last_updated.as_deref())}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        {page.items.is_empty().then(|| view! {
                            <p class="empty" data-test="data-set-empty">"No data sets match."</p>
                        })}
                        <Pagination page=page.page page_count=page.page_count total=page.total on_page/>
                    }.into_any(),
                    Err(error) => view! {
                        <ErrorNotice title="Could not load data sets" message=error.to_string()/>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// `2024-03-05T10:11:12.345` → `2024-03-05`.
fn last_updated_day(timestamp: Option<&str>) -> String {
    timestamp
        .map(|text| text.chars().take(10).collect())
        .unwrap_or_default()
}
