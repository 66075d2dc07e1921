//! The history page's filters: status, rule (or manual), destination and a date range. Every
//! change goes into the URL (back to page 1); the choices of rules and destinations are those
//! seen in the history.

use leptos::prelude::*;
use sync_core::model::{HistoryEntry, MANUAL_RULE_FILTER, filter_choices};

use crate::environment::navigate;
use crate::route::{HistoryState, ListState, Route};

/// Status choices: URL value and label.
fn statuses() -> [(&'static str, String); 6] {
    [
        ("SUCCESS", t!("status-success")),
        ("WARNING", t!("status-warning")),
        ("ERROR", t!("status-error")),
        ("CANCELLED", t!("status-cancelled")),
        ("DRY_RUN", t!("status-dry-run")),
        ("RUNNING", t!("status-running")),
    ]
}

/// Which filter a control sets.
#[derive(Clone, Copy)]
enum Filter {
    Status,
    Rule,
    Destination,
    From,
    To,
}

fn apply(state: &HistoryState, filter: Filter, value: String) -> HistoryState {
    let value = Some(value).filter(|value| !value.is_empty());
    let mut next = HistoryState {
        list: ListState {
            page: 1,
            ..state.list.clone()
        },
        ..state.clone()
    };
    match filter {
        Filter::Status => next.status = value,
        Filter::Rule => next.rule = value,
        Filter::Destination => next.destination = value,
        Filter::From => next.from = value,
        Filter::To => next.to = value,
    }
    next
}

/// The filter controls.
#[component]
pub fn HistoryFilters(
    /// Current filters.
    state: HistoryState,
    /// The whole history, for the rule and destination choices.
    entries: Vec<HistoryEntry>,
) -> impl IntoView {
    let (rules, destinations) = filter_choices(&entries);
    let on = |filter: Filter| {
        let state = state.clone();
        move |event: leptos::ev::Event| {
            navigate(&Route::History(apply(
                &state,
                filter,
                event_target_value(&event),
            )));
        }
    };
    let current = |value: &Option<String>| value.clone().unwrap_or_default();
    let option = |value: String, label: String, selected: &Option<String>| {
        let is_selected = selected.as_deref() == Some(value.as_str());
        view! { <option value=value selected=is_selected>{label}</option> }
    };
    let any_filter = state.status.is_some()
        || state.rule.is_some()
        || state.destination.is_some()
        || state.from.is_some()
        || state.to.is_some();
    let list = state.list.clone();
    view! {
        <div class="toolbar history__filters">
            <label class="field">
                <span class="field__label">{t!("history-status")}</span>
                <select class="input" data-test="history-filter-status" on:change=on(Filter::Status)>
                    <option value="" selected={state.status.is_none()}>{t!("history-all")}</option>
                    {statuses().into_iter().map(|(value, label)| option(value.to_string(), label, &state.status)).collect_view()}
                </select>
            </label>
            <label class="field">
                <span class="field__label">{t!("history-rule")}</span>
                <select class="input" data-test="history-filter-rule" on:change=on(Filter::Rule)>
                    <option value="" selected={state.rule.is_none()}>{t!("history-all")}</option>
                    {option(MANUAL_RULE_FILTER.to_string(), t!("history-manual"), &state.rule)}
                    {rules.into_iter().map(|(id, name)| option(id, name, &state.rule)).collect_view()}
                </select>
            </label>
            <label class="field">
                <span class="field__label">{t!("instance-destination")}</span>
                <select class="input" data-test="history-filter-destination" on:change=on(Filter::Destination)>
                    <option value="" selected={state.destination.is_none()}>{t!("history-all")}</option>
                    {destinations.into_iter().map(|(id, name)| option(id, name, &state.destination)).collect_view()}
                </select>
            </label>
            <label class="field">
                <span class="field__label">{t!("history-started-from")}</span>
                <input class="input" type="date" data-test="history-filter-from"
                    prop:value=current(&state.from) on:change=on(Filter::From)/>
            </label>
            <label class="field">
                <span class="field__label">{t!("history-started-until")}</span>
                <input class="input" type="date" data-test="history-filter-to"
                    prop:value=current(&state.to) on:change=on(Filter::To)/>
            </label>
            {any_filter.then(|| view! {
                <button class="button" data-test="history-clear-filters" on:click=move |_| {
                    navigate(&Route::History(HistoryState {
                        list: ListState { page: 1, ..list.clone() },
                        ..HistoryState::default()
                    }));
                }>{t!("history-clear-filters")}</button>
            })}
        </div>
    }
}
