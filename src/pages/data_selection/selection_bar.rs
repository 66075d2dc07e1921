//! The bar under the list: what is selected, "Clear selection", and the Sync button that opens
//! the wizard (disabled, with the reason, while nothing is selected).

use leptos::prelude::*;

use super::selection::summary;
use crate::environment::navigate;
use crate::route::{Route, WizardStep};
use crate::state::AppState;

/// Why Sync is disabled.
fn nothing_selected() -> String {
    t!("data-nothing-selected-reason")
}

/// Selection count and the Sync button.
#[component]
pub fn SelectionBar() -> impl IntoView {
    let draft = expect_context::<AppState>().draft;
    let empty = move || draft.with(|draft| draft.selection.is_empty());
    view! {
        <div class="selection-bar" data-test="selection-bar">
            <span class="selection-bar__summary" data-test="selection-summary" aria-live="polite">
                {move || draft.with(|draft| summary(&draft.selection))}
            </span>
            <button
                class="button"
                data-test="selection-clear"
                disabled=empty
                on:click=move |_| draft.update(|draft| draft.selection = Default::default())
            >
                {t!("data-clear-selection")}
            </button>
            <span class="selection-bar__reason" data-test="sync-disabled-reason">
                {move || empty().then(nothing_selected)}
            </span>
            <button
                class="button button--primary"
                data-test="sync-button"
                disabled=empty
                title=move || empty().then(nothing_selected)
                on:click=move |_| navigate(&Route::Wizard(WizardStep::OrgUnits))
            >
                {t!("data-sync")}
            </button>
        </div>
    }
}
