//! Import of a rule file: the user picks an exported JSON file; it is checked and migrated by
//! `crate::rules::transfer`, then stored as a new rule — or, when its id exists and the user
//! ticked "Replace", over the rule with that id.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use sync_core::model::Rule;
use wasm_bindgen::JsCast;

use super::{Loaded, RulesContext};
use crate::rules::browser::{new_uid, read_chosen_file};
use crate::rules::transfer::{ImportAction, prepare_import};
use crate::rules::{RuleEntry, StoreError};
use sync_engine::store::rules as store;

/// The Import control of the page.
#[component]
pub(crate) fn ImportPanel(
    /// The page's loaded rules (to find a rule with the same id).
    loaded: LocalResource<Result<Loaded, StoreError>>,
) -> impl IntoView {
    let context = expect_context::<RulesContext>();
    let replace = RwSignal::new(false);
    let on_file = move |event: leptos::ev::Event| {
        let Some(input) = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let existing = existing_rules(loaded.get_untracked());
        let replace = replace.get_untracked();
        let context = context.clone();
        spawn_local(async move {
            let Some(text) = read_chosen_file(&input).await else {
                return;
            };
            // The same file can be chosen again after fixing it.
            input.set_value("");
            let outcome = match text {
                Ok(text) => import(&context, &text, &existing, replace).await,
                Err(error) => Err(error),
            };
            context.done(outcome);
        });
    };
    view! {
        <div class="import">
            <label class="button" data-test="rules-import">
                {t!("rules-import")}
                <input class="import__input" type="file" accept=".json,application/json"
                    data-test="rules-import-input" on:change=on_file/>
            </label>
            <label class="checkbox">
                <input type="checkbox" data-test="rules-import-replace"
                    prop:checked=move || replace.get()
                    on:change=move |event| replace.set(event_target_checked(&event))/>
                {t!("rules-import-replace")}
            </label>
        </div>
    }
}

async fn import(
    context: &RulesContext,
    text: &str,
    existing: &BTreeMap<String, Rule>,
    replace: bool,
) -> Result<String, String> {
    let prepared = prepare_import(text, existing, replace, &new_uid())?;
    let stored = match prepared.action {
        ImportAction::Replace => store::replace_rule(&context.client, &prepared.rule).await,
        _ => store::create_rule(&context.client, &prepared.rule)
            .await
            .map(|_| ()),
    };
    stored
        .map(|()| prepared.message())
        .map_err(|error| t!("rules-could-not-import", error = error.to_string()))
}

fn existing_rules(loaded: Option<Result<Loaded, StoreError>>) -> BTreeMap<String, Rule> {
    let Some(Ok(loaded)) = loaded else {
        return BTreeMap::new();
    };
    loaded
        .entries
        .into_iter()
        .filter_map(|entry| match entry {
            RuleEntry::Valid(stored) => Some((stored.rule.id.clone(), stored.rule.clone())),
            RuleEntry::Broken { .. } => None,
        })
        .collect()
}
