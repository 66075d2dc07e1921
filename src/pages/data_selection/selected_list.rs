//! The "only selected" view: the selected data sets, data elements or data element groups of
//! the current type, fetched by id (no paging: a selection is small), narrowed by the name
//! filter. Unticking a row keeps it in view until the next visit, so a slip is easy to undo.

use dhis2_api::model::DataSetSummary;
use leptos::prelude::*;

use super::data_set_list::DataSetRow;
use super::simple_list::{Row, SimpleKind, SimpleRow};
use crate::components::error_notice::ErrorNotice;
use crate::route::{DataListState, MetadataType};
use crate::session::Session;
use crate::state::AppState;

/// The selected objects of the current type.
#[component]
pub fn SelectedList(
    /// Type and name filter from the URL.
    state: DataListState,
) -> impl IntoView {
    let client = expect_context::<Session>().client;
    let draft = expect_context::<AppState>().draft;
    let kind = state.metadata_type;
    let filter = state.list.filter.to_lowercase();
    let matches = move |name: &str| filter.is_empty() || name.to_lowercase().contains(&filter);
    let selection = draft.get_untracked().selection;
    let loaded = LocalResource::new(move || {
        let (client, selection) = (client.clone(), selection.clone());
        async move {
            let mut rows = Vec::new();
            match kind {
                MetadataType::DataSets => {
                    let ids: Vec<String> =
                        selection.data_sets.iter().map(|d| d.id.clone()).collect();
                    for data_set in client.data_sets_with_elements(&ids).await? {
                        rows.push(Row {
                            detail: data_set.period_type,
                            last_updated: super::day_of(data_set.last_updated.as_deref()),
                            id: data_set.id,
                            name: data_set.name,
                        });
                    }
                }
                MetadataType::DataElements => {
                    for element in client.data_elements_by_id(&selection.data_elements).await? {
                        rows.push(Row {
                            detail: format!("{}, {}", element.value_type, element.aggregation_type),
                            last_updated: super::day_of(element.last_updated.as_deref()),
                            id: element.id,
                            name: element.name,
                        });
                    }
                }
                MetadataType::DataElementGroups => {
                    for id in &selection.data_element_groups {
                        let group = client.data_element_group(id).await?;
                        rows.push(Row {
                            detail: String::new(),
                            last_updated: String::new(),
                            id: group.id,
                            name: group.name,
                        });
                    }
                }
            }
            Ok::<_, dhis2_api::error::ApiError>(rows)
        }
    });
    let table = move |rows: Vec<Row>| {
        let rows: Vec<Row> = rows.into_iter().filter(|row| matches(&row.name)).collect();
        let empty = rows.is_empty();
        let body = match kind {
            MetadataType::DataSets => rows
                .into_iter()
                .map(|row| {
                    let data_set = DataSetSummary {
                        id: row.id,
                        name: row.name,
                        period_type: row.detail,
                        last_updated: Some(row.last_updated),
                    };
                    view! { <DataSetRow data_set/> }.into_any()
                })
                .collect_view(),
            MetadataType::DataElements => rows
                .into_iter()
                .map(|row| view! { <SimpleRow kind=SimpleKind::DataElements row/> }.into_any())
                .collect_view(),
            MetadataType::DataElementGroups => rows
                .into_iter()
                .map(|row| view! { <SimpleRow kind=SimpleKind::DataElementGroups row/> }.into_any())
                .collect_view(),
        };
        let test = match kind {
            MetadataType::DataSets => "data-set-table",
            MetadataType::DataElements => "data-element-table",
            MetadataType::DataElementGroups => "data-element-group-table",
        };
        view! {
            <table class="table" data-test=test>
                <tbody>{body}</tbody>
            </table>
            {empty.then(|| view! { <p class="empty" data-test="selected-empty">{t!("data-nothing-of-type-selected")}</p> })}
        }
    };
    view! {
        <Suspense fallback=|| view! { <p class="loading">{t!("data-loading-selection")}</p> }>
            {move || loaded.get().map(|result| match result {
                Ok(rows) => table(rows).into_any(),
                Err(error) => view! {
                    <ErrorNotice title=t!("data-could-not-load-selection") message=error.to_string()/>
                }.into_any(),
            })}
        </Suspense>
    }
}
