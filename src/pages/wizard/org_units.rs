//! Step 1, organisation units: the lazily loaded tree from the user's roots (a checkbox per
//! unit), a search by name that selects the unit found and opens the tree down to it,
//! selectors to select or deselect by level and by group, all and clear, and the count. Says
//! plainly that a parent does not include its children unless aggregation is on.

mod selectors;

use dhis2_api::model::OrgUnitMatch;
use leptos::prelude::*;

use crate::components::error_notice::ErrorNotice;
use crate::components::org_unit_tree::{OrgUnitSearch, OrgUnitTree, Reveal};
use crate::session::Session;
use crate::state::AppState;
use selectors::Selectors;

/// The organisation unit step.
#[component]
pub fn OrgUnitsStep() -> impl IntoView {
    let session = expect_context::<Session>();
    let draft = expect_context::<AppState>().draft;
    let client = session.client.clone();
    // The user's data view org units, falling back to the capture ones as DHIS2 does; read by
    // id from the session's user (not every server honours `userDataViewFallback`).
    let user = &session.user;
    let root_ids = if user.data_view_organisation_units.is_empty() {
        user.organisation_units.clone()
    } else {
        user.data_view_organisation_units.clone()
    };
    let roots = LocalResource::new(move || {
        let client = client.clone();
        let root_ids = root_ids.clone();
        async move { client.org_units_by_id(&root_ids).await }
    });
    let is_selected =
        Callback::new(move |id: String| draft.with(|draft| draft.org_units.contains(&id)));
    let on_toggle = Callback::new(move |(id, checked): (String, bool)| {
        draft.update(|draft| {
            draft.org_units.retain(|selected| *selected != id);
            if checked {
                draft.org_units.push(id);
            }
        })
    });
    // A unit found by name is selected and shown in the tree.
    let reveal = RwSignal::new(None::<Reveal>);
    let chosen = RwSignal::new(None::<String>);
    let on_choose = Callback::new(move |found: OrgUnitMatch| {
        draft.update(|draft| {
            if !draft.org_units.contains(&found.unit.id) {
                draft.org_units.push(found.unit.id.clone());
            }
        });
        chosen.set(Some(found.unit.name.clone()));
        reveal.set(Some(Reveal::from_path(&found.unit.path)));
    });
    let count = move || draft.with(|draft| draft.org_units.len());
    let aggregating = move || draft.with(|draft| draft.aggregation_enabled);
    view! {
        <h2 class="wizard__heading">{t!("step-org-units")}</h2>
        <p class="wizard__help" data-test="org-unit-children-note">
            {move || if aggregating() {
                t!("org-units-aggregating-note")
            } else {
                t!("org-units-not-aggregating-note")
            }}
        </p>
        <Transition fallback=|| view! { <p class="loading">{t!("org-units-loading")}</p> }>
            {move || roots.get().map(|result| match result {
                Ok(roots) => {
                    let within: Vec<String> = roots.iter().map(|unit| unit.id.clone()).collect();
                    view! {
                        <Selectors roots=roots.clone()/>
                        <OrgUnitSearch within on_choose/>
                        <p class="wizard__help" role="status" data-test="org-unit-search-chosen">
                            {move || chosen.get().map(|name| t!("org-units-chosen", name = name))}
                        </p>
                        <p class="wizard__count" data-test="org-unit-count">
                            {move || t!("org-units-count", count = count())}
                        </p>
                        <OrgUnitTree roots is_selected on_toggle reveal=reveal/>
                    }.into_any()
                }
                Err(error) => view! {
                    <ErrorNotice title=t!("org-units-could-not-load") message=error.to_string()/>
                }.into_any(),
            })}
        </Transition>
    }
}
