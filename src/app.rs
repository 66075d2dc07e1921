//! The root component: starts the [`Session`] (the DHIS2 instance, the current user, its clock),
//! then renders the header bar and the page the URL hash names.

use leptos::prelude::*;

use crate::components::access_denied::{AccessDenied, has_app_authority};
use crate::components::error_notice::ErrorNotice;
use crate::components::header_bar::HeaderBar;
use crate::components::nav::Nav;
use crate::destinations::DestinationSecrets;
use crate::environment::{apply_locale, keep_focus_in_view, use_hash_route};
use crate::pages::data_selection::DataSelectionPage;
use crate::pages::destinations::{DestinationEditPage, DestinationsPage};
use crate::pages::history::HistoryPage;
use crate::pages::report::ReportPage;
use crate::pages::rules::RulesPage;
use crate::pages::run::RunPage;
use crate::pages::settings::SettingsPage;
use crate::pages::wizard::WizardPage;
use crate::route::Route;
use crate::run::RunState;
use crate::session::Session;
use crate::state::AppState;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    // The user's language is loaded before the first page renders: every text is in it from
    // the start.
    let session = LocalResource::new(async || {
        let session = Session::start().await?;
        crate::i18n::load(session.user.ui_locale.as_deref()).await;
        Ok::<Session, String>(session)
    });
    view! {
        <Suspense fallback=|| view! { <p class="loading" data-test="app-loading">{t!("app-loading")}</p> }>
            {move || session.get().map(|started| match started {
                Ok(session) => view! { <Shell session/> }.into_any(),
                Err(message) => view! {
                    <main class="page"><ErrorNotice title=t!("app-could-not-start") message/></main>
                }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Shell(session: Session) -> impl IntoView {
    let user_name = session.user.display_name.clone();
    let allowed = has_app_authority(&session.user);
    apply_locale(session.user.ui_locale.as_deref());
    let client = session.client.clone();
    provide_context(session);
    let app_state = AppState::restore();
    provide_context(app_state);
    if allowed {
        // The Settings page's defaults for a new draft; the defaults of sync-core otherwise.
        leptos::task::spawn_local(async move {
            let settings = sync_engine::store::settings::load_settings_or_default(&client).await;
            app_state.apply_settings_defaults(&settings);
        });
    }
    provide_context(RunState::new());
    provide_context(DestinationSecrets::new());
    let route = use_hash_route();
    // Each route draws a new view; the focus must not fall back to the top of the document.
    Effect::new(move |_| {
        route.track();
        keep_focus_in_view();
    });
    view! {
        <HeaderBar user_name/>
        <Nav route/>
        <main class="page" tabindex="-1">
            {(!allowed).then(|| view! { <AccessDenied/> })}
            {move || allowed.then(|| match route.get() {
                Route::DataSelection(state) => view! { <DataSelectionPage state/> }.into_any(),
                Route::Wizard(step) => view! { <WizardPage step/> }.into_any(),
                Route::Run => view! { <RunPage/> }.into_any(),
                Route::History(state) => view! { <HistoryPage state/> }.into_any(),
                Route::Report(id) => view! { <ReportPage id/> }.into_any(),
                Route::Rules(state) => view! { <RulesPage state/> }.into_any(),
                Route::Destinations => view! { <DestinationsPage/> }.into_any(),
                Route::DestinationEdit(id) => view! { <DestinationEditPage id/> }.into_any(),
                Route::Settings => view! { <SettingsPage/> }.into_any(),
                Route::NotFound(path) => view! {
                    <ErrorNotice title=t!("app-page-not-found") message=t!("app-no-page-at", path = format!("#/{path}"))/>
                }.into_any(),
            })}
        </main>
    }
}
