//! The rules page (`#/rules`): every saved rule with what it sends, its destination, last run
//! and schedule (with its next run, Pause / Resume, the group told of failures, and whether a
//! runner runs the schedules at all); a filter by name and paging over the loaded list (state in the URL); per rule
//! Run now, Edit, Duplicate, Delete (confirmed inline) and Export; Import for the page. Users
//! without the app's authority get a clear message instead. The operations live in
//! `crate::rules` and `sync_engine::store::rules`; this module only lays them out.

mod actions;
mod import;
mod row;
mod runner;
mod schedule;
mod table;

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::components::access_denied::{AccessDenied, has_app_authority};
use crate::components::error_notice::ErrorNotice;
use crate::environment::{Client, navigate};
use crate::route::{ListState, Route};
use crate::rules::{RuleEntry, StoreError};
use crate::session::Session;
use sync_engine::store::rules as store;

use import::ImportPanel;
use runner::RunnerNotice;
use table::RulesTable;

/// What the rules page loaded: the entries and the destination names by id (`None` when they
/// could not be read).
#[derive(Clone, Debug)]
pub(crate) struct Loaded {
    pub entries: Vec<RuleEntry>,
    pub destinations: Option<BTreeMap<String, String>>,
}

impl Loaded {
    /// How many rules have a schedule that is not paused.
    fn active_schedules(&self) -> usize {
        self.entries
            .iter()
            .filter(|entry| match entry {
                RuleEntry::Valid(stored) => stored
                    .rule
                    .schedule
                    .as_ref()
                    .is_some_and(|schedule| !schedule.paused),
                RuleEntry::Broken { .. } => false,
            })
            .count()
    }
}

/// A message at the top of the page after an action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PageNotice {
    pub success: bool,
    pub text: String,
}

/// What the rows and panels of the page share.
#[derive(Clone)]
pub(crate) struct RulesContext {
    pub client: Client,
    /// Bumped to load the rules again.
    pub reload: RwSignal<u32>,
    pub notice: RwSignal<Option<PageNotice>>,
}

impl RulesContext {
    /// Shows the outcome of an action and loads the rules again.
    pub fn done(&self, outcome: Result<String, String>) {
        self.notice.set(Some(match outcome {
            Ok(text) => PageNotice {
                success: true,
                text,
            },
            Err(text) => PageNotice {
                success: false,
                text,
            },
        }));
        self.reload.update(|count| *count += 1);
    }
}

/// The rules page.
#[component]
pub fn RulesPage(
    /// Page and name filter from the URL.
    state: ListState,
) -> impl IntoView {
    let session = expect_context::<Session>();
    if !has_app_authority(&session.user) {
        return view! {
            <section class="rules" data-test="rules-page">
                <h1 class="page__title">{t!("nav-rules")}</h1>
                {no_access()}
            </section>
        }
        .into_any();
    }
    let context = RulesContext {
        client: session.client.clone(),
        reload: RwSignal::new(0),
        notice: RwSignal::new(None),
    };
    provide_context(context.clone());
    let client = context.client.clone();
    let reload = context.reload;
    let loaded = LocalResource::new(move || {
        reload.track();
        let client = client.clone();
        async move {
            let entries = store::load_rules(&client).await?;
            let destinations = store::load_destination_names(&client).await.ok();
            Ok::<_, StoreError>(Loaded {
                entries,
                destinations,
            })
        }
    });
    // The runners' heartbeats load beside the rules, so the table never waits for them.
    let runners = LocalResource::new({
        let client = context.client.clone();
        move || {
            reload.track();
            let client = client.clone();
            async move {
                sync_engine::store::runners::load_heartbeats(&client)
                    .await
                    .ok()
            }
        }
    });
    let now = session.now();
    let runner_notice = move || match (loaded.get(), runners.get()) {
        (Some(Ok(loaded)), Some(runners)) => Some(view! {
            <RunnerNotice runners scheduled=loaded.active_schedules() now/>
        }),
        _ => None,
    };
    let on_filter = {
        let state = state.clone();
        move |event: leptos::ev::Event| {
            navigate(&Route::Rules(ListState {
                page: 1,
                filter: event_target_value(&event),
                ..state.clone()
            }));
        }
    };
    let filter = state.filter.clone();
    let notice = context.notice;
    view! {
        <section class="rules" data-test="rules-page">
            <h1 class="page__title">{t!("nav-rules")}</h1>
            <div class="toolbar">
                <label class="field">
                    <span class="field__label">{t!("data-filter-by-name")}</span>
                    <input class="input" type="search" data-test="rules-filter"
                        prop:value=filter on:change=on_filter/>
                </label>
                <ImportPanel loaded/>
            </div>
            {move || notice.get().map(|notice| view! {
                <div class="notice" class:notice--success=notice.success
                    class:notice--critical=!notice.success role="status" data-test="rules-message">
                    <p class="notice__message">{notice.text}</p>
                </div>
            })}
            {runner_notice}
            <Transition fallback=|| view! { <p class="loading">{t!("rules-loading")}</p> }>
                {move || loaded.get().map(|result| match result {
                    Ok(loaded) => view! { <RulesTable loaded state=state.clone()/> }.into_any(),
                    Err(StoreError::NoAccess) => no_access().into_any(),
                    Err(error) => view! {
                        <ErrorNotice title=t!("rules-could-not-load") message=error.to_string()/>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
    .into_any()
}

/// The notice for a user who may not read or change rules (the app's shared one).
fn no_access() -> impl IntoView {
    view! { <AccessDenied/> }
}
