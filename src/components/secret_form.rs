//! Asks for a direct destination's token or user name and password. What is typed goes to the
//! caller's callback and nowhere else: the pages keep it in `DestinationSecrets` (memory only).
//! The runner and the wizard reuse it when a destination's secret is missing in this tab.

use dhis2_api::Auth;
use leptos::prelude::*;
use sync_core::model::DirectAuth;

use crate::components::focus::{focus_soon, is_escape};

/// A small inline form for a direct destination's credentials.
#[component]
pub fn DestinationSecretForm(
    /// Name of the destination, for the prompt.
    #[prop(into)]
    destination_name: String,
    /// Which credentials to ask for.
    auth: DirectAuth,
    /// Called with the typed credentials.
    on_submit: Callback<Auth>,
    /// Called when the user gives up.
    #[prop(optional)]
    on_cancel: Option<Callback<()>>,
) -> impl IntoView {
    let token = RwSignal::new(String::new());
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let typed = match auth {
            DirectAuth::PersonalAccessToken => Some(Auth::ApiToken(token.get_untracked()))
                .filter(|_| !token.get_untracked().trim().is_empty()),
            DirectAuth::BasicAskEachRun => Some(Auth::Basic {
                username: username.get_untracked().trim().to_string(),
                password: password.get_untracked(),
            })
            .filter(|_| {
                !username.get_untracked().trim().is_empty() && !password.get_untracked().is_empty()
            }),
        };
        match typed {
            Some(typed) => {
                problem.set(None);
                token.set(String::new());
                password.set(String::new());
                on_submit.run(typed);
            }
            None => problem.set(Some(match auth {
                DirectAuth::PersonalAccessToken => t!("secret-enter-token"),
                DirectAuth::BasicAskEachRun => t!("secret-enter-password"),
            })),
        }
    };
    let prompt = match auth {
        DirectAuth::PersonalAccessToken => t!(
            "secret-token-prompt",
            destination = destination_name.clone()
        ),
        DirectAuth::BasicAskEachRun => t!(
            "secret-password-prompt",
            destination = destination_name.clone()
        ),
    };
    let fields = match auth {
        DirectAuth::PersonalAccessToken => view! {
            <label class="field">
                <span class="field__label">{t!("secret-token")}</span>
                <input class="input" type="password" autocomplete="off" data-test="destination-secret-token"
                    bind:value=token/>
            </label>
        }
        .into_any(),
        DirectAuth::BasicAskEachRun => view! {
            <label class="field">
                <span class="field__label">{t!("secret-user-name")}</span>
                <input class="input" type="text" autocomplete="off" data-test="destination-secret-username"
                    bind:value=username/>
            </label>
            <label class="field">
                <span class="field__label">{t!("secret-password")}</span>
                <input class="input" type="password" autocomplete="new-password" data-test="destination-secret-password"
                    bind:value=password/>
            </label>
        }
        .into_any(),
    };
    // Asked for in place of what the user just did (a button now busy): the first field takes
    // the focus, and Escape gives up as Cancel does.
    let form = NodeRef::<leptos::html::Form>::new();
    form.on_load(|form| {
        if let Ok(Some(input)) = form.query_selector("input") {
            focus_soon(input);
        }
    });
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if let Some(cancel) = on_cancel.filter(|_| is_escape(&event)) {
            cancel.run(());
        }
    };
    view! {
        <form class="secret-form" data-test="destination-secret-form" node_ref=form
            on:submit=submit on:keydown=on_keydown>
            <p class="secret-form__prompt">{prompt}</p>
            <p class="secret-form__help">{t!("secret-kept-in-tab")}</p>
            <div class="toolbar">
                {fields}
                <button class="button button--primary" type="submit" data-test="destination-secret-submit">{t!("common-continue")}</button>
                {on_cancel.map(|cancel| view! {
                    <button class="button" type="button" data-test="destination-secret-cancel"
                        on:click=move |_| cancel.run(())>{t!("common-cancel")}</button>
                })}
            </div>
            {move || problem.get().map(|text| view! { <p class="field__error" data-test="destination-secret-problem">{text}</p> })}
        </form>
    }
}
