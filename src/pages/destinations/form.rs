//! The destination form: name, description, how to connect (a route, direct with a token, direct
//! with a user name and password, or this instance), the URL and the credentials. Every problem
//! is shown at once; saving is done by `crate::destinations::save_destination`.

use dhis2_api::Auth;
use dhis2_api::model::RouteAuth;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sync_core::model::{DestinationInstance, DestinationKind, DirectAuth};

use super::form_fields::{ConnectionFields, TextField};
use super::id_scheme_fields::{IdSchemeFields, IdSchemeValues};
use crate::destinations::{
    ConnectionInput, DestinationError, DestinationInput, DestinationSecrets, FormProblem,
    save_destination,
};
use crate::environment::navigate;
use crate::route::Route;
use crate::session::Session;

/// The form's values, as signals shared with [`ConnectionFields`].
#[derive(Clone, Copy)]
pub struct FormValues {
    /// `route`, `direct-token`, `direct-basic` or `current`.
    pub kind: RwSignal<String>,
    /// `api-token` or `http-basic` (routes).
    pub route_auth: RwSignal<String>,
    /// Base URL.
    pub url: RwSignal<String>,
    /// Token (route or direct).
    pub token: RwSignal<String>,
    /// User name (route or direct).
    pub username: RwSignal<String>,
    /// Password (route or direct).
    pub password: RwSignal<String>,
}

impl FormValues {
    fn connection(&self) -> ConnectionInput {
        let token = self.token.get_untracked();
        let username = self.username.get_untracked().trim().to_string();
        let password = self.password.get_untracked();
        let token_typed = !token.trim().is_empty();
        let basic_typed = !username.is_empty() || !password.is_empty();
        match self.kind.get_untracked().as_str() {
            "route" if self.route_auth.get_untracked() == "http-basic" => ConnectionInput::Route(
                basic_typed.then_some(RouteAuth::HttpBasic { username, password }),
            ),
            "route" => ConnectionInput::Route(token_typed.then(|| RouteAuth::ApiToken {
                token: token.trim().to_string(),
            })),
            "direct-token" => ConnectionInput::Direct {
                auth: DirectAuth::PersonalAccessToken,
                secret: token_typed.then(|| Auth::ApiToken(token.trim().to_string())),
            },
            "direct-basic" => ConnectionInput::Direct {
                auth: DirectAuth::BasicAskEachRun,
                secret: basic_typed.then_some(Auth::Basic { username, password }),
            },
            _ => ConnectionInput::CurrentInstance,
        }
    }

    fn clear_secrets(&self) {
        self.token.set(String::new());
        self.password.set(String::new());
    }
}

fn kind_value(kind: &DestinationKind) -> &'static str {
    match kind {
        DestinationKind::Route { .. } => "route",
        DestinationKind::Direct {
            auth: DirectAuth::PersonalAccessToken,
        } => "direct-token",
        DestinationKind::Direct {
            auth: DirectAuth::BasicAskEachRun,
        } => "direct-basic",
        DestinationKind::CurrentInstance => "current",
    }
}

/// The add/edit form.
#[component]
pub fn DestinationForm(
    /// This instance has the Route API (2.40+).
    has_routes: bool,
    /// The destination being edited; `None` adds one.
    previous: Option<DestinationInstance>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let secrets = expect_context::<DestinationSecrets>();
    let name = RwSignal::new(
        previous
            .as_ref()
            .map(|p| p.name.clone())
            .unwrap_or_default(),
    );
    let description = RwSignal::new(
        previous
            .as_ref()
            .and_then(|p| p.description.clone())
            .unwrap_or_default(),
    );
    let default_kind = if has_routes { "route" } else { "direct-token" };
    let values = FormValues {
        kind: RwSignal::new(
            previous
                .as_ref()
                .map_or(default_kind, |p| kind_value(&p.kind))
                .to_string(),
        ),
        route_auth: RwSignal::new("api-token".to_string()),
        url: RwSignal::new(previous.as_ref().map(|p| p.url.clone()).unwrap_or_default()),
        token: RwSignal::new(String::new()),
        username: RwSignal::new(String::new()),
        password: RwSignal::new(String::new()),
    };
    let route_group = RwSignal::new(String::new());
    let id_schemes = IdSchemeValues::new(
        &previous
            .as_ref()
            .map(|p| p.id_schemes.clone())
            .unwrap_or_default(),
    );
    let problems = RwSignal::new(Vec::<FormProblem>::new());
    let save_error = RwSignal::new(None::<String>);
    let saving = RwSignal::new(false);
    let editing_route = previous
        .as_ref()
        .is_some_and(|p| matches!(p.kind, DestinationKind::Route { .. }));
    let previous = StoredValue::new(previous);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let input = DestinationInput {
            name: name.get_untracked(),
            description: description.get_untracked(),
            url: values.url.get_untracked(),
            connection: values.connection(),
            route_user_group: Some(route_group.get_untracked()).filter(|group| !group.is_empty()),
            id_schemes: id_schemes.schemes(),
        };
        let session = session.clone();
        saving.set(true);
        spawn_local(async move {
            let previous = previous.get_value();
            match save_destination(&session, previous.as_ref(), input, &secrets).await {
                Ok(_) => {
                    values.clear_secrets();
                    navigate(&Route::Destinations);
                }
                Err(DestinationError::Invalid { problems: found }) => {
                    problems.set(found);
                    save_error.set(None);
                }
                Err(error) => {
                    problems.set(Vec::new());
                    save_error.set(Some(error.to_string()));
                }
            }
            saving.set(false);
        });
    };
    view! {
        <form class="form" data-test="destination-form" on:submit=submit>
            {move || (!problems.get().is_empty()).then(|| view! {
                <div class="notice notice--critical" role="alert" data-test="destination-problems">
                    <strong class="notice__title">{t!("destinations-fix-to-save")}</strong>
                    <ul>{problems.get().into_iter().map(|problem| view! {
                        <li data-test="destination-problem" data-field=problem.field>{problem.message}</li>
                    }).collect_view()}</ul>
                </div>
            })}
            {move || save_error.get().map(|message| view! {
                <div class="notice notice--critical" role="alert" data-test="destination-save-error">
                    <strong class="notice__title">{t!("destinations-could-not-save")}</strong>
                    <p class="notice__message">{message}</p>
                </div>
            })}
            <TextField label=t!("common-name") test="destination-name-input" value=name/>
            <TextField label=t!("destinations-description") test="destination-description-input" value=description/>
            <ConnectionFields values has_routes editing_route route_group/>
            <IdSchemeFields values=id_schemes/>
            <div class="toolbar">
                <button class="button button--primary" type="submit" data-test="destination-save"
                    disabled=move || saving.get()>{t!("settings-save")}</button>
                <button class="button" type="button" data-test="destination-cancel"
                    on:click=move |_| navigate(&Route::Destinations)>{t!("common-cancel")}</button>
            </div>
        </form>
    }
}
