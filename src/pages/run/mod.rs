//! The Run page (`#/sync/run`): starts the rule the wizard or the rules page left in
//! `AppState::pending_run` (asking for a direct destination's credentials first), shows the
//! run's progress with Cancel, the prompt to log in again, and the way to the report.

mod credentials;
mod progress_view;

use dhis2_api::Auth;
use leptos::prelude::*;
use sync_core::date::Date;
use sync_core::model::{
    DestinationInstance, DirectAuth, Purpose, Rule, ValidationContext, validate,
};

use crate::components::error_notice::ErrorNotice;
use crate::run::{DestinationSetup, Phase, RunState, resolve_destination, start_run};
use crate::session::Session;
use crate::state::AppState;
use credentials::CredentialsForm;
use progress_view::RunProgress;
pub use progress_view::duration_text;

/// What the page waits for before the run starts.
#[derive(Clone, Debug)]
enum Setup {
    None,
    Resolving,
    Failed(String),
    Credentials(Box<(Rule, DestinationInstance, DirectAuth)>),
}

/// The Run page.
#[component]
pub fn RunPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let app = expect_context::<AppState>();
    let run = expect_context::<RunState>();
    let setup = RwSignal::new(Setup::None);

    let begin = {
        let session = session.clone();
        move |rule: Rule| {
            let session = session.clone();
            setup.set(Setup::Resolving);
            leptos::task::spawn_local(async move {
                match resolve_destination(&session, &rule.destination_id).await {
                    Ok(DestinationSetup::Ready(destination)) => {
                        setup.set(Setup::None);
                        start_run(session, run, rule, destination);
                    }
                    Ok(DestinationSetup::NeedsCredentials { instance, auth }) => {
                        setup.set(Setup::Credentials(Box::new((rule, instance, auth))));
                    }
                    Err(message) => setup.set(Setup::Failed(message)),
                }
            });
        }
    };
    if let Some(rule) = app.pending_run.get_untracked() {
        app.pending_run.set(None);
        if !run.is_running() {
            begin(rule);
        }
    }
    let on_credentials = {
        let session = session.clone();
        Callback::new(move |auth: Auth| {
            if let Setup::Credentials(waiting) = setup.get_untracked() {
                let (rule, instance, _) = *waiting;
                setup.set(Setup::None);
                let destination = DestinationSetup::with_auth(&instance, auth);
                start_run(session.clone(), run, rule, destination);
            }
        })
    };
    // The server's clock is Copy, so this closure is too (both the button and the view use it).
    let clock = session.clock;
    let session_today = move || clock.today(js_sys::Date::now());
    let start_draft = Callback::new(move |_: ()| {
        if let Some(rule) = draft_rule(&app, session_today()) {
            begin(rule);
        }
    });
    let idle = Memo::new(move |_| run.progress.with(|p| p.phase == Phase::Idle));
    view! {
        <section class="run" data-test="run-page">
            <h1 class="page__title">"Synchronize"</h1>
            {move || match setup.get() {
                Setup::None => ().into_any(),
                Setup::Resolving => view! { <p class="loading">"Finding the destination…"</p> }.into_any(),
                Setup::Failed(message) => view! {
                    <ErrorNotice title="The sync could not start" message/>
                }.into_any(),
                Setup::Credentials(waiting) => view! {
                    <CredentialsForm instance=waiting.1 auth=waiting.2 on_submit=on_credentials/>
                }.into_any(),
            }}
            {move || {
                // Only idle or not: the progress panel is built once per run, not per figure.
                let idle = idle.get();
                let waiting = !matches!(setup.get(), Setup::None);
                if idle && !waiting {
                    let ready = draft_rule(&app, session_today()).is_some();
                    view! {
                        <div class="notice" data-test="run-nothing">
                            <p class="notice__message">"No sync is running. Choose what to send and walk the sync steps, then press Synchronize now."</p>
                            <Show when=move || ready>
                                <button class="button button--primary" data-test="run-start-draft" on:click=move |_| start_draft.run(())>
                                    "Synchronize the current choices"
                                </button>
                            </Show>
                        </div>
                    }.into_any()
                } else if idle {
                    ().into_any()
                } else {
                    view! { <RunProgress/> }.into_any()
                }
            }}
        </section>
    }
}

/// The session's draft as a rule to run now, when it validates.
fn draft_rule(app: &AppState, today: Date) -> Option<Rule> {
    let draft = app.draft.get_untracked();
    let id = crate::run::new_uid();
    let context = ValidationContext::new(Purpose::RunNow, today, &id);
    let (validated, _issues) = validate(&draft, &context);
    validated.map(|rule| rule.into_rule())
}
