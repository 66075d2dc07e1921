//! The app's top-level navigation: links to the main pages, the current one marked.

use leptos::prelude::*;

use crate::route::{DataListState, HistoryState, ListState, Route};

/// Tabs for the main pages.
#[component]
pub fn Nav(
    /// The current route, to mark the active tab.
    route: ReadSignal<Route>,
) -> impl IntoView {
    let tabs: [(&'static str, String, Route); 5] = [
        (
            "nav-data",
            t!("nav-data"),
            Route::DataSelection(DataListState::default()),
        ),
        (
            "nav-rules",
            t!("nav-rules"),
            Route::Rules(ListState::default()),
        ),
        (
            "nav-history",
            t!("nav-history"),
            Route::History(HistoryState::default()),
        ),
        (
            "nav-destinations",
            t!("nav-destinations"),
            Route::Destinations,
        ),
        ("nav-settings", t!("nav-settings"), Route::Settings),
    ];
    view! {
        <nav class="tabs" aria-label=t!("nav-main")>
            {tabs.into_iter().map(|(test, label, target)| {
                let href = target.to_hash();
                let active = move || same_page(&route.get(), &target);
                view! {
                    <a class="tabs__tab" class:tabs__tab--active=active data-test=test href=href>
                        {label}
                    </a>
                }
            }).collect_view()}
        </nav>
    }
}

/// True when `current` belongs to the tab of `tab`.
fn same_page(current: &Route, tab: &Route) -> bool {
    matches!(
        (current, tab),
        (
            Route::DataSelection(_) | Route::Wizard(_) | Route::Run,
            Route::DataSelection(_)
        ) | (Route::Rules(_), Route::Rules(_))
            | (Route::History(_) | Route::Report(_), Route::History(_))
            | (
                Route::Destinations | Route::DestinationEdit(_),
                Route::Destinations
            )
            | (Route::Settings, Route::Settings)
    )
}
