//! The Run page (`#/sync/run`): starts the rule the wizard or the rules page left in
//! `AppState::pending_run` (or resumes the interrupted run left in `AppState::pending_resume`),
//! asking for a direct destination's credentials when this tab has none and refusing a
//! destination that is the source itself under another URL, shows the run's
//! progress with Cancel, the prompt to log in again, and the way to the report. While a run goes
//! on, closing the tab asks first.

mod credentials;
mod progress_view;

use dhis2_api::Auth;
use leptos::prelude::*;
use sync_core::date::Date;
use sync_core::model::{
    CURRENT_INSTANCE_ID, DestinationInstance, DestinationKind, DirectAuth, Purpose, Rule,
    SyncReport, ValidationContext, validate,
};

use crate::components::error_notice::ErrorNotice;
use crate::destinations::{DestinationError, DestinationSecrets, client_for, ensure_not_source};
use crate::run::{Phase, RunStart, RunState, start_run};
use crate::session::Session;
use crate::state::AppState;
use credentials::CredentialsForm;
use progress_view::RunProgress;
pub use progress_view::{duration_text, group_thousands, rate_text};

/// A run waiting for something before it starts.
#[derive(Clone, Debug)]
struct Waiting {
    rule: Rule,
    resume: Option<SyncReport>,
    resend: Option<Vec<sync_core::plan::DataValue>>,
    skip_unchanged: Option<sync_engine::compare::UnchangedValues>,
}

/// What the page waits for before the run starts.
#[derive(Clone, Debug)]
enum Setup {
    None,
    Resolving,
    Failed(String),
    Credentials(Box<(Waiting, DestinationInstance, DirectAuth)>),
}

/// Finds the destination of `waiting`'s rule and starts the run, or asks for credentials.
fn begin(session: Session, run: RunState, setup: RwSignal<Setup>, waiting: Waiting) {
    let secrets = expect_context::<DestinationSecrets>();
    setup.set(Setup::Resolving);
    leptos::task::spawn_local(async move {
        let id = waiting.rule.destination_id.clone();
        let instance = if id == CURRENT_INSTANCE_ID {
            DestinationInstance::current_instance()
        } else {
            match sync_engine::store::destinations::load_destination(&session.client, &id).await {
                Ok(instance) => instance,
                Err(error) => {
                    setup.set(Setup::Failed(t!(
                        "run-destination-not-loaded",
                        id = id.clone(),
                        error = error.to_string()
                    )));
                    return;
                }
            }
        };
        match client_for(&instance, &session, &secrets) {
            Ok(client) => {
                // Never into the source itself under another URL (only "This instance" is).
                if let Err(error) = ensure_not_source(&session, &instance, &client).await {
                    setup.set(Setup::Failed(error.to_string()));
                    return;
                }
                setup.set(Setup::None);
                start_run(
                    session,
                    run,
                    RunStart {
                        rule: waiting.rule,
                        destination: instance,
                        client,
                        resume: waiting.resume,
                        resend: waiting.resend,
                        skip_unchanged: waiting.skip_unchanged,
                    },
                );
            }
            Err(DestinationError::SecretMissing { .. }) => {
                let auth = match instance.kind {
                    DestinationKind::Direct { auth } => auth,
                    _ => DirectAuth::PersonalAccessToken,
                };
                setup.set(Setup::Credentials(Box::new((waiting, instance, auth))));
            }
            Err(error) => setup.set(Setup::Failed(error.to_string())),
        }
    });
}

/// Asks before the tab closes while a run goes on: a closed tab stops the run (it shows as
/// interrupted in the history and can be resumed).
fn warn_before_closing(run: RunState) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Some(window) = web_sys::window() else {
        return;
    };
    let handler = Closure::<dyn Fn(web_sys::BeforeUnloadEvent)>::new(
        move |event: web_sys::BeforeUnloadEvent| {
            if run.is_running() {
                event.prevent_default();
                event.set_return_value(&t!("run-leaving-stops-it"));
            }
        },
    );
    let _ =
        window.add_event_listener_with_callback("beforeunload", handler.as_ref().unchecked_ref());
    // Kept for the page's life: the listener checks whether a run is going on.
    handler.forget();
}

/// The Run page.
#[component]
pub fn RunPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let app = expect_context::<AppState>();
    let run = expect_context::<RunState>();
    let secrets = expect_context::<DestinationSecrets>();
    let setup = RwSignal::new(Setup::None);
    warn_before_closing(run);

    // Only the wizard's run comes with a comparison; taken whatever starts, so it never
    // outlives the run it was made for.
    let skip_unchanged = app.pending_skip_unchanged.get_untracked();
    app.pending_skip_unchanged.set(None);
    let pending = app
        .pending_run
        .get_untracked()
        .map(|rule| Waiting {
            rule,
            resume: None,
            resend: None,
            skip_unchanged,
        })
        .or_else(|| {
            app.pending_resume.get_untracked().map(|report| Waiting {
                rule: report.rule_to_resume(),
                resume: Some(report),
                resend: None,
                skip_unchanged: None,
            })
        })
        .or_else(|| {
            app.pending_resend.get_untracked().map(|report| Waiting {
                rule: report.rule_to_resume(),
                resume: None,
                resend: Some(report.values_to_send_again()),
                skip_unchanged: None,
            })
        });
    app.pending_run.set(None);
    app.pending_resume.set(None);
    app.pending_resend.set(None);
    if let Some(waiting) = pending
        && !run.is_running()
    {
        begin(session.clone(), run, setup, waiting);
    }
    let on_credentials = {
        let session = session.clone();
        Callback::new(move |auth: Auth| {
            if let Setup::Credentials(waiting) = setup.get_untracked() {
                let (waiting, instance, _) = *waiting;
                // Kept for this tab only, for this destination at this URL.
                secrets.insert(&instance.id, &instance.url, auth);
                begin(session.clone(), run, setup, waiting);
            }
        })
    };
    // The server's clock is Copy, so this closure is too (both the button and the view use it).
    let clock = session.clock;
    let session_today = move || clock.today(js_sys::Date::now());
    let start_draft = {
        let session = session.clone();
        Callback::new(move |_: ()| {
            if let Some(rule) = draft_rule(&app, session_today()) {
                let waiting = Waiting {
                    rule,
                    resume: None,
                    resend: None,
                    skip_unchanged: None,
                };
                begin(session.clone(), run, setup, waiting);
            }
        })
    };
    let idle = Memo::new(move |_| run.progress.with(|p| p.phase == Phase::Idle));
    view! {
        <section class="run" data-test="run-page">
            <h1 class="page__title">{t!("run-title")}</h1>
            {move || match setup.get() {
                Setup::None => ().into_any(),
                Setup::Resolving => view! { <p class="loading">{t!("run-finding-destination")}</p> }.into_any(),
                Setup::Failed(message) => view! {
                    <ErrorNotice title=t!("run-could-not-start") message/>
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
                            <p class="notice__message">{t!("run-nothing")}</p>
                            <Show when=move || ready>
                                <button class="button button--primary" data-test="run-start-draft" on:click=move |_| start_draft.run(())>
                                    {t!("run-start-draft")}
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
