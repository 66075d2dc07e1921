//! Narrowing an old route: a route destination saved before routes covered the destination's
//! Web API only (`<base>/**`) reaches every path of that server. This inline form asks for the
//! credentials again (DHIS2 never returns them and replaces them with the route) and the user
//! group to share it with, then `crate::destinations::narrow_route` makes it `<base>/api/**`.

use dhis2_api::model::RouteAuth;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sync_core::model::DestinationInstance;

use super::form_fields::{RouteGroupField, TextField};
use crate::destinations::{DestinationError, DestinationSecrets, narrow_route};
use crate::session::Session;

/// The inline form that narrows `destination`'s route.
#[component]
pub fn NarrowRouteForm(
    /// The route destination.
    destination: DestinationInstance,
    /// Called with the destination as stored once narrowed.
    on_done: Callback<DestinationInstance>,
    /// Called when the user gives up.
    on_cancel: Callback<()>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let secrets = expect_context::<DestinationSecrets>();
    let auth_kind = RwSignal::new("api-token".to_string());
    let token = RwSignal::new(String::new());
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let group = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let working = RwSignal::new(false);
    let destination = StoredValue::new(destination);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let auth = if auth_kind.get_untracked() == "http-basic" {
            RouteAuth::HttpBasic {
                username: username.get_untracked().trim().to_string(),
                password: password.get_untracked(),
            }
        } else {
            RouteAuth::ApiToken {
                token: token.get_untracked().trim().to_string(),
            }
        };
        let user_group = Some(group.get_untracked()).filter(|group| !group.is_empty());
        let session = session.clone();
        working.set(true);
        spawn_local(async move {
            let destination = destination.get_value();
            match narrow_route(&session, &destination, auth, user_group, &secrets).await {
                Ok(narrowed) => {
                    token.set(String::new());
                    password.set(String::new());
                    problem.set(None);
                    on_done.run(narrowed);
                }
                Err(DestinationError::Invalid { problems }) => problem.set(Some(
                    problems
                        .into_iter()
                        .map(|problem| problem.message)
                        .collect::<Vec<_>>()
                        .join("; "),
                )),
                Err(error) => problem.set(Some(error.to_string())),
            }
            working.set(false);
        });
    };
    view! {
        <form class="secret-form" data-test="destination-narrow-form" on:submit=submit>
            <p class="secret-form__prompt">{t!("destinations-narrow-prompt")}</p>
            <p class="secret-form__help">
                {t!("destinations-narrow-help")}
            </p>
            <label class="field">
                <span class="field__label">{t!("destinations-credentials")}</span>
                <select class="input" data-test="destination-narrow-auth-select"
                    prop:value=move || auth_kind.get()
                    on:change=move |event| auth_kind.set(event_target_value(&event))>
                    <option value="api-token">{t!("run-personal-access-token")}</option>
                    <option value="http-basic">{t!("destinations-user-name-and-password")}</option>
                </select>
            </label>
            <Show when=move || auth_kind.get() == "api-token">
                <TextField label=t!("secret-token") test="destination-narrow-token" value=token kind="password"/>
            </Show>
            <Show when=move || auth_kind.get() == "http-basic">
                <TextField label=t!("secret-user-name") test="destination-narrow-username" value=username/>
                <TextField label=t!("secret-password") test="destination-narrow-password" value=password kind="password"/>
            </Show>
            <RouteGroupField value=group/>
            <div class="toolbar">
                <button class="button button--primary" type="submit" data-test="destination-narrow-submit"
                    disabled=move || working.get()>{t!("destinations-narrow")}</button>
                <button class="button" type="button" data-test="destination-narrow-cancel"
                    on:click=move |_| on_cancel.run(())>{t!("common-cancel")}</button>
            </div>
            {move || problem.get().map(|text| view! {
                <p class="field__error" data-test="destination-narrow-problem">{text}</p>
            })}
        </form>
    }
}
