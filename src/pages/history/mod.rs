//! The history page: every sync attempt (manual or from a rule), filtered by status, rule,
//! destination and dates, paged, with row selection and deletion. Opening it prunes reports
//! older than the retention setting. A row opens the full report (`#/history/<id>`).
//! Filters and paging live in the URL ([`HistoryState`]); the list and its rules come from
//! `sync_engine::store::reports` and `sync_core::model`.

mod delete;
mod filters;
mod table;

use std::collections::BTreeSet;

use leptos::prelude::*;
use sync_core::model::{HistoryEntry, HistoryFilter, ReportStatus, page_of};

use crate::components::access_denied::AccessDenied;
use crate::components::error_notice::ErrorNotice;
use crate::components::pagination::Pagination;
use crate::environment::navigate;
use crate::route::{HistoryState, ListState, Route};
use crate::session::Session;
use sync_engine::store::StoreError;
use sync_engine::store::reports;

use delete::DeleteSelected;
use filters::HistoryFilters;
use table::HistoryTable;

/// The history as loaded: the entries left after pruning, and what pruning did.
#[derive(Clone, Debug)]
struct LoadedHistory {
    entries: Vec<HistoryEntry>,
    pruned: usize,
    prune_error: Option<String>,
}

/// The history, after deleting the reports older than the retention setting (today is the
/// source server's).
async fn load_history(session: &Session) -> Result<LoadedHistory, StoreError> {
    let client = &session.client;
    let mut entries = reports::list_history(client).await?;
    let (pruned, prune_error) =
        match reports::prune_entries(client, &entries, session.today()).await {
            Ok(ids) => {
                entries.retain(|entry| !ids.iter().any(|id| id == entry.id()));
                (ids.len(), None)
            }
            Err(error) if error.is_no_access() => return Err(error),
            Err(error) => (0, Some(error.to_string())),
        };
    Ok(LoadedHistory {
        entries,
        pruned,
        prune_error,
    })
}

/// The filter the URL state describes; unreadable values do not filter.
pub fn filter_of(state: &HistoryState) -> HistoryFilter {
    HistoryFilter {
        status: state.status.as_deref().and_then(|status| {
            serde_json::from_value::<ReportStatus>(serde_json::Value::from(status)).ok()
        }),
        rule: state.rule.clone(),
        destination: state.destination.clone(),
        from: state.from.as_deref().and_then(|day| day.parse().ok()),
        to: state.to.as_deref().and_then(|day| day.parse().ok()),
    }
}

/// The history page.
#[component]
pub fn HistoryPage(
    /// Filters and paging from the URL.
    state: HistoryState,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let reload = RwSignal::new(0_u32);
    let selected = RwSignal::new(BTreeSet::<String>::new());
    let outcome = RwSignal::new(None::<Result<usize, String>>);
    let loading_session = session.clone();
    let loaded = LocalResource::new(move || {
        reload.track();
        let session = loading_session.clone();
        async move { load_history(&session).await }
    });
    let on_deleted = Callback::new(move |()| {
        selected.set(BTreeSet::new());
        reload.update(|count| *count += 1);
    });
    let filter = filter_of(&state);
    view! {
        <section class="history" data-test="history-page">
            <h1 class="page__title">{t!("nav-history")}</h1>
            <Transition fallback=|| view! { <p class="loading">{t!("history-loading")}</p> }>
                {move || loaded.get().map(|result| match result {
                    Ok(loaded) => {
                        let shown: Vec<HistoryEntry> = loaded
                            .entries
                            .iter()
                            .filter(|entry| filter.matches(entry))
                            .cloned()
                            .collect();
                        let page = page_of(&shown, state.list.page, state.list.page_size);
                        let rows = page.items.to_vec();
                        let (page_number, page_count, total) = (page.page, page.page_count, page.total);
                        let paged_state = state.clone();
                        let on_page = Callback::new(move |page: u32| {
                            navigate(&Route::History(HistoryState {
                                list: ListState { page, ..paged_state.list.clone() },
                                ..paged_state.clone()
                            }));
                        });
                        view! {
                            {(loaded.pruned > 0).then(|| view! {
                                <p class="notice notice--info" data-test="history-pruned">
                                    {t!("history-pruned", count = loaded.pruned)}
                                </p>
                            })}
                            {loaded.prune_error.map(|message| view! {
                                <ErrorNotice title=t!("history-old-not-deleted") message/>
                            })}
                            <HistoryFilters state=state.clone() entries=loaded.entries.clone()/>
                            <DeleteSelected selected on_deleted outcome/>
                            <HistoryTable rows selected/>
                            {shown.is_empty().then(|| view! {
                                <p class="empty" data-test="history-empty">{t!("history-empty")}</p>
                            })}
                            <Pagination page=page_number page_count total on_page/>
                        }.into_any()
                    }
                    Err(error) if error.is_no_access() => view! { <AccessDenied/> }.into_any(),
                    Err(error) => view! {
                        <ErrorNotice title=t!("history-could-not-load") message=error.to_string()/>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}
