//! Step 5, instance: the destination (with a link to the destinations page) and the advanced
//! options: dry run, import strategy (New and updates / New / Updates) and whether deletions at
//! the source are sent.

use leptos::prelude::*;
use sync_core::model::ImportStrategy;

use super::destinations::{describe, load_destinations};
use crate::components::error_notice::ErrorNotice;
use crate::route::Route;
use crate::session::Session;
use crate::state::AppState;

/// The strategies offered, with their data-test names.
pub const STRATEGIES: [(ImportStrategy, &str); 3] = [
    (
        ImportStrategy::CreateAndUpdate,
        "strategy-create-and-update",
    ),
    (ImportStrategy::Create, "strategy-create"),
    (ImportStrategy::Update, "strategy-update"),
];

/// The label of a strategy.
pub fn strategy_label(strategy: ImportStrategy) -> String {
    match strategy {
        ImportStrategy::CreateAndUpdate => t!("strategy-create-and-update"),
        ImportStrategy::Create => t!("strategy-create"),
        ImportStrategy::Update => t!("strategy-update"),
    }
}

/// The instance step.
#[component]
pub fn InstanceStep() -> impl IntoView {
    let session = expect_context::<Session>();
    let draft = expect_context::<AppState>().draft;
    let client = session.client.clone();
    let destinations = LocalResource::new(move || {
        let client = client.clone();
        async move { load_destinations(&client).await }
    });
    let chosen = move || draft.with(|draft| draft.destination_id.clone().unwrap_or_default());
    view! {
        <h2 class="wizard__heading">{t!("instance-heading")}</h2>
        <p class="wizard__help">
            {t!("instance-where")} " "
            <a href=Route::Destinations.to_hash() data-test="instance-manage-destinations">{t!("instance-manage-destinations")}</a>
        </p>
        <Transition fallback=|| view! { <p class="loading">{t!("instance-loading")}</p> }>
            {move || destinations.get().map(|result| match result {
                Ok(list) => view! {
                    <fieldset class="choices" data-test="instance-list">
                        <legend class="field__label">{t!("instance-destination")}</legend>
                        {list.destinations.into_iter().map(|destination| {
                            let id = destination.id.clone();
                            let checked_id = id.clone();
                            view! {
                                <label class="choice">
                                    <input type="radio" name="destination" data-test="instance-option" data-id=id.clone()
                                        prop:checked=move || chosen() == checked_id
                                        on:change=move |_| draft.update(|draft| draft.destination_id = Some(id.clone()))/>
                                    <span data-test="instance-name">{destination.name.clone()}</span>
                                    <span class="choice__detail">{describe(&destination)}</span>
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                    {(!list.unreadable.is_empty()).then(|| view! {
                        <ErrorNotice title=t!("instance-unreadable") message=list.unreadable.join("\n")/>
                    })}
                }.into_any(),
                Err(error) => view! {
                    <ErrorNotice title=t!("instance-could-not-load") message=error.to_string()/>
                }.into_any(),
            })}
        </Transition>
        <AdvancedOptions/>
    }
}

#[component]
fn AdvancedOptions() -> impl IntoView {
    let draft = expect_context::<AppState>().draft;
    let strategy = move || draft.with(|draft| draft.import_strategy);
    view! {
        <details class="advanced" data-test="instance-advanced">
            <summary data-test="instance-advanced-toggle">{t!("instance-advanced")}</summary>
            <label class="choice">
                <input type="checkbox" data-test="instance-dry-run"
                    prop:checked=move || draft.with(|draft| draft.dry_run)
                    on:change=move |event| { let on = event_target_checked(&event); draft.update(|draft| draft.dry_run = on) }/>
                {t!("instance-dry-run")}
            </label>
            <fieldset class="choices">
                <legend class="field__label">{t!("instance-import-strategy")}</legend>
                {STRATEGIES.into_iter().map(|(value, test)| view! {
                    <label class="choice">
                        <input type="radio" name="import-strategy" data-test=test
                            prop:checked=move || strategy() == value
                            on:change=move |_| draft.update(|draft| draft.import_strategy = value)/>
                        {strategy_label(value)}
                    </label>
                }).collect_view()}
            </fieldset>
            <label class="choice">
                <input type="checkbox" data-test="instance-send-deletions"
                    prop:checked=move || draft.with(|draft| draft.send_deletions)
                    on:change=move |event| { let on = event_target_checked(&event); draft.update(|draft| draft.send_deletions = on) }/>
                {t!("instance-send-deletions")}
            </label>
        </details>
    }
}
