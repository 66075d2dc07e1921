//! The data elements of an unfolded data set, loaded when it unfolds, each with a checkbox: an
//! unticked one is left out of the sync (`DataSetSelection.excluded_data_elements`).

use leptos::prelude::*;

use super::selection::{data_set_element_included, set_data_set_element};
use crate::components::error_notice::ErrorNotice;
use crate::session::Session;
use crate::state::AppState;

/// The checkboxes of one data set's data elements.
#[component]
pub fn DataSetElements(
    /// Data set id.
    id: String,
    /// Data set name (for labels).
    name: String,
) -> impl IntoView {
    let client = expect_context::<Session>().client;
    let data_set = LocalResource::new({
        let id = id.clone();
        move || {
            let client = client.clone();
            let id = id.clone();
            async move { client.data_set(&id).await }
        }
    });
    view! {
        <Suspense fallback=|| view! { <p class="loading">{t!("data-loading-data-elements")}</p> }>
            {move || data_set.get().map(|result| match result {
                Ok(data_set) => {
                    let all: Vec<String> = data_set.data_elements.iter().map(|e| e.id.clone()).collect();
                    view! {
                        <fieldset class="checklist" data-test="data-set-elements">
                            <legend class="visually-hidden">{t!("data-elements-of", name = name.clone())}</legend>
                            {data_set.data_elements.iter().map(|element| view! {
                                <ElementCheckbox
                                    data_set=id.clone()
                                    all=all.clone()
                                    element=element.id.clone()
                                    label=element.name.clone()
                                />
                            }).collect_view()}
                            {data_set.data_elements.is_empty().then(|| view! {
                                <p class="empty">{t!("data-set-has-no-elements")}</p>
                            })}
                        </fieldset>
                    }.into_any()
                }
                Err(error) => view! {
                    <ErrorNotice title=t!("data-could-not-load-elements") message=error.to_string()/>
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn ElementCheckbox(
    data_set: String,
    all: Vec<String>,
    element: String,
    label: String,
) -> impl IntoView {
    let draft = expect_context::<AppState>().draft;
    let checked = {
        let (data_set, element) = (data_set.clone(), element.clone());
        move || draft.with(|draft| data_set_element_included(&draft.selection, &data_set, &element))
    };
    let on_change = {
        let element = element.clone();
        move |event: leptos::ev::Event| {
            let included = event_target_checked(&event);
            draft.update(|draft| {
                set_data_set_element(&mut draft.selection, &data_set, &all, &element, included)
            });
        }
    };
    view! {
        <label class="checklist__item" data-test="data-set-element" data-id=element>
            <input type="checkbox" data-test="data-set-element-checkbox" prop:checked=checked on:change=on_change/>
            <span data-test="data-set-element-name">{label}</span>
        </label>
    }
}
