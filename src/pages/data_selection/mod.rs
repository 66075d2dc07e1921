//! The data selection page: the data sets, data elements or data element groups to send,
//! filtered by name and last update and paged on the server. What is ticked lives in the draft
//! ([`crate::state::AppState`]), so it survives paging, filtering, navigation and reload; the
//! list's state (type, page, filters) lives in the URL hash.

mod data_set_elements;
mod data_set_list;
mod selected_list;
mod selection;
mod selection_bar;
mod simple_list;
mod toolbar;

use leptos::prelude::*;

use crate::environment::navigate;
use crate::route::{DataListState, ListState, MetadataType, Route};
use data_set_list::DataSetList;
use selected_list::SelectedList;
use selection_bar::SelectionBar;
use simple_list::{SimpleKind, SimpleList};
use toolbar::Toolbar;

/// The data selection page.
#[component]
pub fn DataSelectionPage(
    /// Type, page and filters from the URL.
    state: DataListState,
) -> impl IntoView {
    let on_page = {
        let state = state.clone();
        Callback::new(move |page: u32| {
            navigate(&Route::DataSelection(DataListState {
                list: ListState {
                    page,
                    ..state.list.clone()
                },
                ..state.clone()
            }));
        })
    };
    let list = match state.metadata_type {
        _ if state.only_selected => view! { <SelectedList state=state.clone()/> }.into_any(),
        MetadataType::DataSets => view! { <DataSetList state=state.clone() on_page/> }.into_any(),
        MetadataType::DataElements => {
            view! { <SimpleList kind=SimpleKind::DataElements state=state.clone() on_page/> }
                .into_any()
        }
        MetadataType::DataElementGroups => {
            view! { <SimpleList kind=SimpleKind::DataElementGroups state=state.clone() on_page/> }
                .into_any()
        }
    };
    view! {
        <section class="data-selection">
            <h1 class="page__title">{t!("data-title")}</h1>
            <Toolbar state/>
            {list}
            <SelectionBar/>
        </section>
    }
}

/// `2024-03-05T10:11:12.345` → `2024-03-05`.
fn day_of(timestamp: Option<&str>) -> String {
    timestamp
        .map(|text| text.chars().take(10).collect())
        .unwrap_or_default()
}
