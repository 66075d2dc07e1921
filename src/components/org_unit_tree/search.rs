//! Find an organisation unit by name: a search box that asks the instance (dhis2-api
//! `search_org_units`, inside the given subtrees) a moment after the typing stops, and lists
//! the matches with their ancestors' names, page by page. The input is an ARIA combobox whose
//! list is navigated with the arrow keys; Enter or a click chooses a match, Escape closes the
//! list. It does not select anything itself: the caller is told of the choice.

use std::time::Duration;

use dhis2_api::model::OrgUnitMatch;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::session::Session;

/// Matches asked per page.
const PAGE_SIZE: u32 = 20;
/// Shorter texts are not searched (too many matches to be of use).
const MIN_CHARACTERS: usize = 2;
/// How long the typing must pause before the instance is asked.
const DEBOUNCE: Duration = Duration::from_millis(300);

/// Where the search is.
#[derive(Clone, Debug, PartialEq)]
enum Results {
    /// Nothing asked (text too short, or the list closed).
    Idle,
    /// Waiting for the instance.
    Searching,
    /// The matches of the pages read so far.
    Found {
        matches: Vec<OrgUnitMatch>,
        total: u32,
        has_more: bool,
        page: u32,
    },
    /// The instance refused or could not be reached.
    Failed(String),
}

/// The search box and its list of matches.
#[component]
pub fn OrgUnitSearch(
    /// Ids of the subtrees to search in (the tree's roots).
    within: Vec<String>,
    /// Called with the match the user chose.
    on_choose: Callback<OrgUnitMatch>,
) -> impl IntoView {
    let client = StoredValue::new_local(expect_context::<Session>().client);
    let text = RwSignal::new(String::new());
    let results = RwSignal::new(Results::Idle);
    let active = RwSignal::new(None::<usize>);
    // Each keystroke starts a new search; answers to older ones are dropped.
    let generation = StoredValue::new(0_u64);
    let within = StoredValue::new(within);
    let search = move |query: String, page: u32, mine: u64| {
        let client = client.get_value();
        spawn_local(async move {
            let found = client
                .search_org_units(&query, &within.get_value(), page, PAGE_SIZE)
                .await;
            if generation.get_value() != mine {
                return;
            }
            match found {
                Ok(found) => results.update(|results| {
                    let mut matches = match results {
                        Results::Found { matches, .. } if page > 1 => std::mem::take(matches),
                        _ => Vec::new(),
                    };
                    matches.extend(found.matches);
                    *results = Results::Found {
                        matches,
                        total: found.total,
                        has_more: found.has_more,
                        page,
                    };
                }),
                Err(error) => results.set(Results::Failed(error.to_string())),
            }
        });
    };
    let on_input = move |event: leptos::ev::Event| {
        let query = event_target_value(&event);
        text.set(query.clone());
        let mine = generation.get_value() + 1;
        generation.set_value(mine);
        active.set(None);
        if query.trim().chars().count() < MIN_CHARACTERS {
            results.set(Results::Idle);
            return;
        }
        results.set(Results::Searching);
        set_timeout(
            move || {
                if generation.get_value() == mine {
                    search(query, 1, mine);
                }
            },
            DEBOUNCE,
        );
    };
    let show_more = move |_| {
        if let Results::Found { page, .. } = results.get_untracked() {
            search(text.get_untracked(), page + 1, generation.get_value());
        }
    };
    let matches = move || match results.get() {
        Results::Found { matches, .. } => matches,
        _ => Vec::new(),
    };
    let choose = move |index: usize| {
        let chosen = results.with_untracked(|results| match results {
            Results::Found { matches, .. } => matches.get(index).cloned(),
            _ => None,
        });
        if let Some(chosen) = chosen {
            // Close the list; a new keystroke searches again.
            generation.set_value(generation.get_value() + 1);
            results.set(Results::Idle);
            active.set(None);
            on_choose.run(chosen);
        }
    };
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        let count = results.with_untracked(|results| match results {
            Results::Found { matches, .. } => matches.len(),
            _ => 0,
        });
        match event.key().as_str() {
            "ArrowDown" if count > 0 => {
                event.prevent_default();
                active.update(|active| {
                    *active = Some(active.map_or(0, |index| (index + 1).min(count - 1)))
                });
                show_active(active.get_untracked());
            }
            "ArrowUp" if count > 0 => {
                event.prevent_default();
                active.update(|active| {
                    *active = Some(active.map_or(0, |index| index.saturating_sub(1)))
                });
                show_active(active.get_untracked());
            }
            "Enter" => {
                if let Some(index) = active.get_untracked() {
                    event.prevent_default();
                    choose(index);
                }
            }
            "Escape" => {
                generation.set_value(generation.get_value() + 1);
                results.set(Results::Idle);
                active.set(None);
            }
            _ => {}
        }
    };
    let expanded = move || matches!(results.get(), Results::Found { .. });
    view! {
        <div class="org-unit-search">
            <label class="field">
                <span class="field__label">{t!("tree-find-by-name")}</span>
                <input class="input org-unit-search__input" type="search" data-test="org-unit-search"
                    role="combobox" aria-autocomplete="list" aria-controls="org-unit-search-results"
                    aria-expanded=move || expanded().to_string()
                    aria-activedescendant=move || active.get().map(option_id)
                    autocomplete="off" prop:value=move || text.get()
                    on:input=on_input on:keydown=on_keydown/>
            </label>
            <p class="org-unit-search__status" role="status" data-test="org-unit-search-status">
                {move || match results.get() {
                    Results::Idle => String::new(),
                    Results::Searching => t!("tree-searching"),
                    Results::Found { total: 0, .. } => t!("tree-no-match"),
                    Results::Found { matches, total, .. } => t!("tree-matches-shown", shown = matches.len(), total = total),
                    Results::Failed(message) => t!("tree-search-failed", message = message),
                }}
            </p>
            <ul class="org-unit-search__results" id="org-unit-search-results" role="listbox"
                aria-label=t!("tree-matching-units") data-test="org-unit-search-results"
                hidden=move || !expanded()>
                {move || matches().into_iter().enumerate().map(|(index, found)| {
                    let is_active = move || active.get() == Some(index);
                    let ancestors = found.ancestors.join(" / ");
                    view! {
                        <li class="org-unit-search__option" role="option" id=option_id(index)
                            data-test="org-unit-search-result" data-id=found.unit.id.clone()
                            aria-selected=move || is_active().to_string()
                            class:org-unit-search__option--active=is_active
                            on:mousedown=|event| event.prevent_default()
                            on:click=move |_| choose(index)>
                            <span class="org-unit-search__name">{found.unit.name.clone()}</span>
                            <span class="org-unit-search__path" data-test="org-unit-search-path">{ancestors}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <Show when=move || matches!(results.get(), Results::Found { has_more: true, .. })>
                <button class="button" type="button" data-test="org-unit-search-more"
                    on:click=show_more>{t!("tree-show-more")}</button>
            </Show>
        </div>
    }
}

/// Scrolls the list so the match at `index` is visible (focus stays in the input).
fn show_active(index: Option<usize>) {
    let option = index.and_then(|index| {
        web_sys::window()?
            .document()?
            .get_element_by_id(&option_id(index))
    });
    if let Some(option) = option {
        option.scroll_into_view_with_bool(false);
    }
}

/// The element id of the match at `index`, for `aria-activedescendant`.
fn option_id(index: usize) -> String {
    format!("org-unit-search-option-{index}")
}
