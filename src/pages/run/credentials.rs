//! The credentials of a direct destination, asked for at each run and kept only in memory for
//! that run (never stored, never shown again).

use dhis2_api::Auth;
use leptos::prelude::*;
use sync_core::model::{DestinationInstance, DirectAuth};

/// A form for a token, or a user name and password.
#[component]
pub fn CredentialsForm(
    /// The destination.
    instance: DestinationInstance,
    /// Which credentials it takes.
    auth: DirectAuth,
    /// Called with the credentials entered.
    on_submit: Callback<Auth>,
) -> impl IntoView {
    let username = RwSignal::new(String::new());
    let secret = RwSignal::new(String::new());
    let token = auth == DirectAuth::PersonalAccessToken;
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let auth = if token {
            Auth::ApiToken(secret.get_untracked())
        } else {
            Auth::Basic {
                username: username.get_untracked(),
                password: secret.get_untracked(),
            }
        };
        on_submit.run(auth);
    };
    view! {
        <form class="credentials" data-test="run-credentials-form" on:submit=submit>
            <p>{if token {
                t!("run-credentials-token", name = instance.name.clone(), url = instance.url.clone())
            } else {
                t!("run-credentials-password", name = instance.name.clone(), url = instance.url.clone())
            }}</p>
            <Show when=move || !token>
                <label class="field">
                    <span class="field__label">{t!("secret-user-name")}</span>
                    <input class="input" data-test="run-username" autocomplete="off"
                        on:input=move |ev| username.set(event_target_value(&ev))/>
                </label>
            </Show>
            <label class="field">
                <span class="field__label">{if token { t!("run-personal-access-token") } else { t!("secret-password") }}</span>
                <input class="input" type="password" data-test="run-password" autocomplete="off"
                    on:input=move |ev| secret.set(event_target_value(&ev))/>
            </label>
            <button class="button button--primary" type="submit" data-test="run-credentials-submit">
                {t!("run-start")}
            </button>
        </form>
    }
}
