//! Step 1, organisation units: the lazily loaded tree from the user's roots (a checkbox per
//! unit), selectors by level, by group, all and clear, and the count. Says plainly that a parent
//! does not include its children unless aggregation is on.

use dhis2_api::model::OrgUnit;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::error_notice::ErrorNotice;
use crate::components::org_unit_tree::OrgUnitTree;
use crate::session::Session;
use crate::state::AppState;

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
    let count = move || draft.with(|draft| draft.org_units.len());
    let aggregating = move || draft.with(|draft| draft.aggregation_enabled);
    view! {
        <h2 class="wizard__heading">"Organisation units"</h2>
        <p class="wizard__help" data-test="org-unit-children-note">
            {move || if aggregating() {
                "Aggregation is on: each selected organisation unit receives the aggregate of its own and all its children's values."
            } else {
                "A parent organisation unit does not include its children: only the values entered for the selected units themselves are sent. Turn on aggregation (step 4) to send each selected unit the total of its whole subtree."
            }}
        </p>
        <Transition fallback=|| view! { <p class="loading">"Loading organisation units…"</p> }>
            {move || roots.get().map(|result| match result {
                Ok(roots) => view! {
                    <Selectors roots=roots.clone()/>
                    <p class="wizard__count" data-test="org-unit-count">
                        {move || match count() {
                            1 => "1 organisation unit selected".to_string(),
                            count => format!("{count} organisation units selected"),
                        }}
                    </p>
                    <OrgUnitTree roots is_selected on_toggle/>
                }.into_any(),
                Err(error) => view! {
                    <ErrorNotice title="Could not load organisation units" message=error.to_string()/>
                }.into_any(),
            })}
        </Transition>
    }
}

/// Adds `units` to the selection (each once).
fn add_units(draft: RwSignal<sync_core::model::RuleDraft>, units: Vec<OrgUnit>) {
    draft.update(|draft| {
        for unit in units {
            if !draft.org_units.contains(&unit.id) {
                draft.org_units.push(unit.id);
            }
        }
    });
}

/// Select by level, by group, all, and clear.
#[component]
fn Selectors(roots: Vec<OrgUnit>) -> impl IntoView {
    let session = expect_context::<Session>();
    let draft = expect_context::<AppState>().draft;
    let client = session.client.clone();
    let options = LocalResource::new(move || {
        let client = client.clone();
        async move {
            let levels = client.org_unit_levels().await?;
            let groups = client.org_unit_groups().await?;
            Ok::<_, dhis2_api::ApiError>((levels, groups))
        }
    });
    let root_ids: Vec<String> = roots.iter().map(|unit| unit.id.clone()).collect();
    let level = RwSignal::new(String::new());
    let group = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    let run = {
        let client = session.client.clone();
        move |which: &'static str| {
            let client = client.clone();
            let within = root_ids.clone();
            let level = level.get_untracked();
            let group = group.get_untracked();
            busy.set(true);
            failure.set(None);
            spawn_local(async move {
                let found = match which {
                    "level" => match level.parse::<u32>() {
                        Ok(level) => client.org_units_at_level(level, &within).await,
                        Err(_) => Ok(Vec::new()),
                    },
                    "group" if !group.is_empty() => {
                        client.org_units_in_group(&group, &within).await
                    }
                    "all" => client.org_unit_paths(&within).await.map(|paths| {
                        paths
                            .into_iter()
                            .map(|path| OrgUnit {
                                id: path.id,
                                name: String::new(),
                                path: path.path,
                                level: 0,
                                child_count: None,
                            })
                            .collect()
                    }),
                    _ => Ok(Vec::new()),
                };
                match found {
                    Ok(units) => add_units(draft, units),
                    Err(error) => failure.set(Some(error.to_string())),
                }
                busy.set(false);
            });
        }
    };
    let (by_level, by_group, all) = (run.clone(), run.clone(), run);
    view! {
        <div class="toolbar wizard__selectors">
            <Suspense fallback=|| ()>
                {move || options.get().map(|result| match result {
                    Ok((levels, groups)) => view! {
                        <label class="field">
                            <span class="field__label">"Level"</span>
                            <select class="select" data-test="org-unit-level-select"
                                on:change=move |event| level.set(event_target_value(&event))>
                                <option value="">"Choose a level"</option>
                                {levels.into_iter().map(|level| view! {
                                    <option value=level.level.to_string()>{level.name}</option>
                                }).collect_view()}
                            </select>
                        </label>
                        <button class="button" type="button" data-test="org-unit-select-level"
                            disabled=move || busy.get() || level.get().is_empty()
                            on:click={let by_level = by_level.clone(); move |_| by_level("level")}>"Select level"</button>
                        <label class="field">
                            <span class="field__label">"Group"</span>
                            <select class="select" data-test="org-unit-group-select"
                                on:change=move |event| group.set(event_target_value(&event))>
                                <option value="">"Choose a group"</option>
                                {groups.into_iter().map(|group| view! {
                                    <option value=group.id>{group.name}</option>
                                }).collect_view()}
                            </select>
                        </label>
                        <button class="button" type="button" data-test="org-unit-select-group"
                            disabled=move || busy.get() || group.get().is_empty()
                            on:click={let by_group = by_group.clone(); move |_| by_group("group")}>"Select group"</button>
                    }.into_any(),
                    Err(error) => view! {
                        <ErrorNotice title="Could not load levels and groups" message=error.to_string()/>
                    }.into_any(),
                })}
            </Suspense>
            <button class="button" type="button" data-test="org-unit-select-all"
                disabled=move || busy.get() on:click=move |_| all("all")>"Select all"</button>
            <button class="button" type="button" data-test="org-unit-clear"
                on:click=move |_| draft.update(|draft| draft.org_units.clear())>"Clear"</button>
        </div>
        {move || failure.get().map(|message| view! {
            <ErrorNotice title="Could not select organisation units" message/>
        })}
    }
}
