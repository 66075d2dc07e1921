//! The org unit step's selectors: select or deselect every unit at a level or in a group
//! (inside the user's roots), select all, and clear. The units are asked of the instance; the
//! draft only holds ids.

use std::collections::BTreeSet;

use dhis2_api::model::OrgUnit;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::error_notice::ErrorNotice;
use crate::session::Session;
use crate::state::AppState;

/// What a selector button does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    SelectLevel,
    DeselectLevel,
    SelectGroup,
    DeselectGroup,
    SelectAll,
}

impl Action {
    /// Whether the units found are added (else removed).
    fn adds(self) -> bool {
        matches!(
            self,
            Action::SelectLevel | Action::SelectGroup | Action::SelectAll
        )
    }
}

/// Adds the ids of `units` to the selection (each once, after the ones there), or removes them.
fn apply(selection: &mut Vec<String>, units: Vec<OrgUnit>, adds: bool) {
    if adds {
        for unit in units {
            if !selection.contains(&unit.id) {
                selection.push(unit.id);
            }
        }
    } else {
        let removed: BTreeSet<String> = units.into_iter().map(|unit| unit.id).collect();
        selection.retain(|id| !removed.contains(id));
    }
}

/// Select and deselect by level, by group; select all; clear.
#[component]
pub(super) fn Selectors(roots: Vec<OrgUnit>) -> impl IntoView {
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
        move |action: Action| {
            let client = client.clone();
            let within = root_ids.clone();
            let level = level.get_untracked();
            let group = group.get_untracked();
            busy.set(true);
            failure.set(None);
            spawn_local(async move {
                let found = match action {
                    Action::SelectLevel | Action::DeselectLevel => match level.parse::<u32>() {
                        Ok(level) => client.org_units_at_level(level, &within).await,
                        Err(_) => Ok(Vec::new()),
                    },
                    Action::SelectGroup | Action::DeselectGroup if !group.is_empty() => {
                        client.org_units_in_group(&group, &within).await
                    }
                    Action::SelectGroup | Action::DeselectGroup => Ok(Vec::new()),
                    Action::SelectAll => client.org_unit_paths(&within).await.map(|paths| {
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
                };
                match found {
                    Ok(units) => {
                        draft.update(|draft| apply(&mut draft.org_units, units, action.adds()))
                    }
                    Err(error) => failure.set(Some(error.to_string())),
                }
                busy.set(false);
            });
        }
    };
    let select_all = run.clone();
    let button =
        move |action: Action, test: &'static str, label: String, chosen: RwSignal<String>| {
            let run = run.clone();
            view! {
                <button class="button" type="button" data-test=test
                    disabled=move || busy.get() || chosen.get().is_empty()
                    on:click=move |_| run(action)>{label}</button>
            }
        };
    view! {
        <div class="toolbar wizard__selectors">
            <Suspense fallback=|| ()>
                {move || options.get().map(|result| match result {
                    Ok((levels, groups)) => view! {
                        <label class="field">
                            <span class="field__label">{t!("org-units-level")}</span>
                            <select class="select" data-test="org-unit-level-select"
                                on:change=move |event| level.set(event_target_value(&event))>
                                <option value="">{t!("org-units-choose-level")}</option>
                                {levels.into_iter().map(|level| view! {
                                    <option value=level.level.to_string()>{level.name}</option>
                                }).collect_view()}
                            </select>
                        </label>
                        {button(Action::SelectLevel, "org-unit-select-level", t!("org-units-select-level"), level)}
                        {button(Action::DeselectLevel, "org-unit-deselect-level", t!("org-units-deselect-level"), level)}
                        <label class="field">
                            <span class="field__label">{t!("org-units-group")}</span>
                            <select class="select" data-test="org-unit-group-select"
                                on:change=move |event| group.set(event_target_value(&event))>
                                <option value="">{t!("org-units-choose-group")}</option>
                                {groups.into_iter().map(|group| view! {
                                    <option value=group.id>{group.name}</option>
                                }).collect_view()}
                            </select>
                        </label>
                        {button(Action::SelectGroup, "org-unit-select-group", t!("org-units-select-group"), group)}
                        {button(Action::DeselectGroup, "org-unit-deselect-group", t!("org-units-deselect-group"), group)}
                    }.into_any(),
                    Err(error) => view! {
                        <ErrorNotice title=t!("org-units-could-not-load-levels") message=error.to_string()/>
                    }.into_any(),
                })}
            </Suspense>
            <button class="button" type="button" data-test="org-unit-select-all"
                disabled=move || busy.get() on:click=move |_| select_all(Action::SelectAll)>{t!("org-units-select-all")}</button>
            <button class="button" type="button" data-test="org-unit-clear"
                on:click=move |_| draft.update(|draft| draft.org_units.clear())>{t!("org-units-clear")}</button>
        </div>
        {move || failure.get().map(|message| view! {
            <ErrorNotice title=t!("org-units-could-not-select") message/>
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: &str) -> OrgUnit {
        OrgUnit {
            id: id.to_string(),
            name: String::new(),
            path: format!("/root/{id}"),
            level: 2,
            child_count: None,
        }
    }

    #[test]
    fn selecting_adds_each_unit_once_and_deselecting_removes_only_those_units() {
        let mut selection = vec!["a".to_string(), "b".to_string()];
        apply(
            &mut selection,
            vec![unit("b"), unit("c"), unit("c")],
            Action::SelectLevel.adds(),
        );
        assert_eq!(selection, ["a", "b", "c"]);
        apply(
            &mut selection,
            vec![unit("b"), unit("d")],
            Action::DeselectLevel.adds(),
        );
        assert_eq!(selection, ["a", "c"]);
        apply(
            &mut selection,
            vec![unit("a")],
            Action::DeselectGroup.adds(),
        );
        assert_eq!(selection, ["c"]);
        apply(&mut selection, vec![unit("e")], Action::SelectGroup.adds());
        apply(&mut selection, vec![unit("f")], Action::SelectAll.adds());
        assert_eq!(selection, ["c", "e", "f"]);
    }
}
