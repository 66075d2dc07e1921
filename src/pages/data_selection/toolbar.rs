//! The filters above the list: metadata type, name, "last updated since" and "only selected".
//! Each change goes to the URL (back to page 1).

use leptos::prelude::*;

use crate::environment::navigate;
use crate::route::{DataListState, ListState, MetadataType, Route};

const TYPES: [MetadataType; 3] = [
    MetadataType::DataSets,
    MetadataType::DataElements,
    MetadataType::DataElementGroups,
];

/// The name of a metadata type in the type filter.
fn type_label(kind: MetadataType) -> String {
    match kind {
        MetadataType::DataSets => t!("data-type-data-sets"),
        MetadataType::DataElements => t!("data-type-data-elements"),
        MetadataType::DataElementGroups => t!("data-type-groups"),
    }
}

/// `data-test` of the name filter: `data-set-filter`, `data-element-filter`, …
fn filter_test_name(kind: MetadataType) -> &'static str {
    match kind {
        MetadataType::DataSets => "data-set-filter",
        MetadataType::DataElements => "data-element-filter",
        MetadataType::DataElementGroups => "data-element-group-filter",
    }
}

/// Type, name and date filters.
#[component]
pub fn Toolbar(
    /// The list's state from the URL.
    state: DataListState,
) -> impl IntoView {
    let go = {
        let state = state.clone();
        move |change: &dyn Fn(&mut DataListState)| {
            let mut next = DataListState {
                list: ListState {
                    page: 1,
                    ..state.list.clone()
                },
                ..state.clone()
            };
            change(&mut next);
            navigate(&Route::DataSelection(next));
        }
    };
    let on_type = {
        let go = go.clone();
        move |event: leptos::ev::Event| {
            let slug = event_target_value(&event);
            go(&|next| {
                next.metadata_type = MetadataType::from_slug(&slug).unwrap_or_default();
            });
        }
    };
    let on_filter = {
        let go = go.clone();
        move |event: leptos::ev::Event| {
            let text = event_target_value(&event);
            go(&|next| next.list.filter = text.trim().to_string());
        }
    };
    let on_since = {
        let go = go.clone();
        move |event: leptos::ev::Event| {
            let day = event_target_value(&event);
            go(&|next| next.last_updated_since = Some(day.clone()).filter(|day| !day.is_empty()));
        }
    };
    let on_only_selected = move |event: leptos::ev::Event| {
        let only = event_target_checked(&event);
        go(&|next| next.only_selected = only);
    };
    let current = state.metadata_type;
    view! {
        <div class="toolbar">
            <label class="field">
                <span class="field__label">{t!("data-metadata-type")}</span>
                <select class="input" data-test="metadata-type" on:change=on_type>
                    {TYPES.iter().map(|kind| view! {
                        <option value=kind.slug() selected={*kind == current}>{type_label(*kind)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span class="field__label">{t!("data-filter-by-name")}</span>
                <input
                    class="input"
                    type="search"
                    data-test=filter_test_name(current)
                    prop:value=state.list.filter.clone()
                    on:change=on_filter
                />
            </label>
            <label class="field">
                <span class="field__label">{t!("data-last-updated-since")}</span>
                <input
                    class="input"
                    type="date"
                    data-test="last-updated-since"
                    prop:value=state.last_updated_since.clone().unwrap_or_default()
                    on:change=on_since
                />
            </label>
            <label class="field field--inline">
                <input
                    type="checkbox"
                    data-test="only-selected"
                    prop:checked=state.only_selected
                    on:change=on_only_selected
                />
                <span class="field__label">{t!("data-only-selected")}</span>
            </label>
        </div>
    }
}
