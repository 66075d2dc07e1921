//! The rules table: one row per rule on the current page (filtered by name, ordered by name,
//! broken entries last), the pagination after it.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::Loaded;
use super::row::{BrokenRow, RuleRow};
use crate::components::pagination::Pagination;
use crate::environment::navigate;
use crate::route::{ListState, Route};
use crate::rules::RuleEntry;
use crate::rules::summary::table_page;

/// The table of the loaded rules for `state` (page and filter).
#[component]
pub(crate) fn RulesTable(loaded: Loaded, state: ListState) -> impl IntoView {
    if loaded.entries.is_empty() {
        return view! {
            <p class="empty" data-test="rules-empty">
                {t!("rules-none-yet")}
            </p>
        }
        .into_any();
    }
    let page = table_page(&loaded.entries, &state.filter, state.page, state.page_size);
    let destinations = loaded.destinations.clone();
    let names = destinations.clone().unwrap_or_default();
    let rows = page
        .rows
        .iter()
        .map(|entry| match entry {
            RuleEntry::Valid(stored) => view! {
                <RuleRow stored=(**stored).clone() destinations=destinations.clone()
                    destination_names=names.clone()/>
            }
            .into_any(),
            RuleEntry::Broken { key, error } => {
                view! { <BrokenRow key=key.clone() error=error.clone()/> }.into_any()
            }
        })
        .collect_view();
    let on_page = Callback::new(move |page: u32| {
        navigate(&Route::Rules(ListState {
            page,
            ..state.clone()
        }));
    });
    let empty = page.rows.is_empty();
    view! {
        <table class="table" data-test="rules-table">
            <thead>
                <tr>
                    <th>{t!("common-name")}</th>
                    <th>{t!("rules-what-it-sends")}</th>
                    <th>{t!("instance-destination")}</th>
                    <th>{t!("rules-last-run")}</th>
                    <th>{t!("schedule-label")}</th>
                    <th>{t!("rules-actions")}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        {empty.then(|| view! { <p class="empty" data-test="rules-empty">{t!("rules-none-match")}</p> })}
        <Pagination page=page.page page_count=page.page_count total=page.total on_page/>
    }
    .into_any()
}

/// Destination ids that exist, for validation before a run (`None` when unknown).
pub(crate) fn destination_ids(
    destinations: &Option<BTreeMap<String, String>>,
) -> Option<std::collections::BTreeSet<String>> {
    destinations
        .as_ref()
        .map(|names| names.keys().cloned().collect())
}
