//! The data element and data element group tables: one row per object with a checkbox that adds
//! it to (or removes it from) `selection.data_elements` / `selection.data_element_groups`.

use dhis2_api::query::ListQuery;
use leptos::prelude::*;
use sync_core::model::DataSelection;

use super::day_of;
use super::selection::toggle_id;
use crate::components::error_notice::ErrorNotice;
use crate::components::pagination::Pagination;
use crate::route::DataListState;
use crate::session::Session;
use crate::state::AppState;

/// Which list [`SimpleList`] shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SimpleKind {
    /// Aggregate data elements.
    DataElements,
    /// Data element groups.
    DataElementGroups,
}

impl SimpleKind {
    /// Prefix of the `data-test` names: `data-element` → `data-element-row`, …
    fn test_prefix(self) -> &'static str {
        match self {
            SimpleKind::DataElements => "data-element",
            SimpleKind::DataElementGroups => "data-element-group",
        }
    }

    fn loading(self) -> String {
        match self {
            SimpleKind::DataElements => t!("data-loading-data-elements"),
            SimpleKind::DataElementGroups => t!("data-loading-groups"),
        }
    }

    fn none_match(self) -> String {
        match self {
            SimpleKind::DataElements => t!("data-no-data-elements-match"),
            SimpleKind::DataElementGroups => t!("data-no-groups-match"),
        }
    }

    fn could_not_load(self) -> String {
        match self {
            SimpleKind::DataElements => t!("data-could-not-load-data-elements"),
            SimpleKind::DataElementGroups => t!("data-could-not-load-groups"),
        }
    }

    fn ids(self, selection: &DataSelection) -> &Vec<String> {
        match self {
            SimpleKind::DataElements => &selection.data_elements,
            SimpleKind::DataElementGroups => &selection.data_element_groups,
        }
    }

    fn ids_mut(self, selection: &mut DataSelection) -> &mut Vec<String> {
        match self {
            SimpleKind::DataElements => &mut selection.data_elements,
            SimpleKind::DataElementGroups => &mut selection.data_element_groups,
        }
    }
}

/// A row as shown: id, name, a detail column (value and aggregation type), last update.
#[derive(Clone, Debug)]
pub struct Row {
    /// UID.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Value and aggregation type (data elements), period type (data sets).
    pub detail: String,
    /// Day of the last update.
    pub last_updated: String,
}

/// One page of data elements or data element groups, from the server.
#[component]
pub fn SimpleList(
    /// What to list.
    kind: SimpleKind,
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
    let rows = LocalResource::new(move || {
        let client = client.clone();
        let query = query.clone();
        async move {
            match kind {
                SimpleKind::DataElements => client.data_elements(&query).await.map(|page| {
                    let rows = page.items.into_iter().map(|element| Row {
                        detail: format!("{}, {}", element.value_type, element.aggregation_type),
                        last_updated: day_of(element.last_updated.as_deref()),
                        id: element.id,
                        name: element.name,
                    });
                    (
                        rows.collect::<Vec<_>>(),
                        page.page,
                        page.page_count,
                        page.total,
                    )
                }),
                SimpleKind::DataElementGroups => {
                    client.data_element_groups(&query).await.map(|page| {
                        let rows = page.items.into_iter().map(|group| Row {
                            detail: String::new(),
                            last_updated: day_of(group.last_updated.as_deref()),
                            id: group.id,
                            name: group.name,
                        });
                        (
                            rows.collect::<Vec<_>>(),
                            page.page,
                            page.page_count,
                            page.total,
                        )
                    })
                }
            }
        }
    });
    let prefix = kind.test_prefix();
    let detail_header = match kind {
        SimpleKind::DataElements => t!("data-value-and-aggregation-type"),
        SimpleKind::DataElementGroups => String::new(),
    };
    view! {
        <Transition fallback=move || view! { <p class="loading">{kind.loading()}</p> }>
            {move || rows.get().map(|result| match result {
                Ok((rows, page, page_count, total)) => view! {
                    <table class="table" data-test=format!("{prefix}-table")>
                        <thead>
                            <tr>
                                <th class="table__check"><span class="visually-hidden">{t!("data-selected-column")}</span></th>
                                <th>{t!("common-name")}</th>
                                <th>{detail_header.clone()}</th>
                                <th>{t!("data-last-updated")}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows.into_iter().map(|row| view! { <SimpleRow kind row/> }).collect_view()}
                        </tbody>
                    </table>
                    {(total == 0).then(|| view! {
                        <p class="empty" data-test=format!("{prefix}-empty")>{kind.none_match()}</p>
                    })}
                    <Pagination page page_count total on_page/>
                }.into_any(),
                Err(error) => view! {
                    <ErrorNotice title=kind.could_not_load() message=error.to_string()/>
                }.into_any(),
            })}
        </Transition>
    }
}

/// One data element or group row with its checkbox.
#[component]
pub fn SimpleRow(
    /// Data elements or groups.
    kind: SimpleKind,
    /// The row.
    row: Row,
) -> impl IntoView {
    let draft = expect_context::<AppState>().draft;
    let prefix = kind.test_prefix();
    let checked = {
        let id = row.id.clone();
        Memo::new(move |_| draft.with(|draft| kind.ids(&draft.selection).contains(&id)))
    };
    let on_check = {
        let id = row.id.clone();
        move |_| draft.update(|draft| toggle_id(kind.ids_mut(&mut draft.selection), &id))
    };
    view! {
        <tr data-test=format!("{prefix}-row") data-id=row.id.clone() class:table__row--selected=move || checked.get()>
            <td class="table__check">
                <input
                    type="checkbox"
                    data-test=format!("{prefix}-checkbox")
                    aria-label=t!("data-select-item", name = row.name.clone())
                    prop:checked=move || checked.get()
                    on:change=on_check
                />
            </td>
            <td data-test=format!("{prefix}-name")>{row.name}</td>
            <td>{row.detail}</td>
            <td>{row.last_updated}</td>
        </tr>
    }
}
