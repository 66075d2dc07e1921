//! Step 3, category options: all attribute category options, or a manual selection in a panel
//! listing the options of the selected data sets' attribute category combos. Only data with the
//! chosen options is sent.

use std::collections::BTreeSet;

use dhis2_api::model::CategoryCombo;
use leptos::prelude::*;
use sync_core::model::CategoryOptionSelection;

use crate::components::error_notice::ErrorNotice;
use crate::session::Session;
use crate::state::AppState;

/// The category option step.
#[component]
pub fn CategoryOptionsStep() -> impl IntoView {
    let session = expect_context::<Session>();
    let draft = expect_context::<AppState>().draft;
    let data_set_ids: Vec<String> = draft.with_untracked(|draft| {
        draft
            .selection
            .data_sets
            .iter()
            .map(|data_set| data_set.id.clone())
            .collect()
    });
    let client = session.client.clone();
    let combos = LocalResource::new(move || {
        let client = client.clone();
        let ids = data_set_ids.clone();
        async move {
            let data_sets = client.data_sets_with_elements(&ids).await?;
            let mut seen = BTreeSet::new();
            let combos: Vec<CategoryCombo> = data_sets
                .into_iter()
                .map(|data_set| data_set.category_combo)
                .filter(|combo| !combo.is_default() && seen.insert(combo.id.clone()))
                .collect();
            Ok::<_, dhis2_api::ApiError>(combos)
        }
    });
    let manual = move || {
        draft.with(|draft| {
            matches!(
                draft.category_options,
                CategoryOptionSelection::Selected { .. }
            )
        })
    };
    let choose_all =
        move |_| draft.update(|draft| draft.category_options = CategoryOptionSelection::All);
    let choose_manual = move |_| {
        if !manual() {
            draft.update(|draft| {
                draft.category_options = CategoryOptionSelection::Selected {
                    category_options: Vec::new(),
                }
            })
        }
    };
    view! {
        <h2 class="wizard__heading">{t!("step-category-options")}</h2>
        <p class="wizard__help">
            {t!("category-options-help")}
        </p>
        <fieldset class="choices">
            <legend class="field__label">{t!("category-options-which")}</legend>
            <label class="choice">
                <input type="radio" name="category-options" data-test="category-options-all"
                    prop:checked=move || !manual() on:change=choose_all/>
                {t!("category-options-all")}
            </label>
            <label class="choice">
                <input type="radio" name="category-options" data-test="category-options-manual"
                    prop:checked=manual on:change=choose_manual/>
                {t!("category-options-choose")}
            </label>
        </fieldset>
        <Show when=manual>
            <Transition fallback=|| view! { <p class="loading">{t!("category-options-loading")}</p> }>
                {move || combos.get().map(|result| match result {
                    Ok(combos) if combos.is_empty() => view! {
                        <p class="empty" data-test="category-options-none">
                            {t!("category-options-none")}
                        </p>
                    }.into_any(),
                    Ok(combos) => view! { <OptionPanel combos/> }.into_any(),
                    Err(error) => view! {
                        <ErrorNotice title=t!("category-options-could-not-load") message=error.to_string()/>
                    }.into_any(),
                })}
            </Transition>
        </Show>
    }
}

/// One checkbox per option, grouped by combo and category.
#[component]
fn OptionPanel(combos: Vec<CategoryCombo>) -> impl IntoView {
    let draft = expect_context::<AppState>().draft;
    let is_chosen = move |id: &str| {
        draft.with(|draft| match &draft.category_options {
            CategoryOptionSelection::Selected { category_options } => {
                category_options.iter().any(|chosen| chosen == id)
            }
            CategoryOptionSelection::All => false,
        })
    };
    let toggle = move |id: String, checked: bool| {
        draft.update(|draft| {
            if let CategoryOptionSelection::Selected { category_options } =
                &mut draft.category_options
            {
                category_options.retain(|chosen| *chosen != id);
                if checked {
                    category_options.push(id);
                }
            }
        })
    };
    view! {
        <div class="panel" data-test="category-options-panel">
            {combos.into_iter().map(|combo| view! {
                <h3 class="panel__title">{combo.name}</h3>
                {combo.categories.into_iter().map(|category| view! {
                    <fieldset class="choices">
                        <legend class="field__label">{category.name}</legend>
                        {category.options.into_iter().map(|option| {
                            let id = option.id.clone();
                            let checked_id = option.id.clone();
                            view! {
                                <label class="choice">
                                    <input type="checkbox" data-test="category-option-checkbox" data-id=option.id.clone()
                                        prop:checked=move || is_chosen(&checked_id)
                                        on:change=move |event| toggle(id.clone(), event_target_checked(&event))/>
                                    {option.name}
                                </label>
                            }
                        }).collect_view()}
                    </fieldset>
                }).collect_view()}
            }).collect_view()}
        </div>
    }
}
