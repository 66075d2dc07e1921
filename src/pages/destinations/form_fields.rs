//! Fields of the destination form: a labelled text input, the connection part (kind, URL, and
//! the credentials that kind needs, with what happens to them said plainly), and the user group
//! a route is shared with.

use leptos::prelude::*;

use super::form::FormValues;
use crate::session::Session;

/// A labelled text input bound to `value`.
#[component]
pub fn TextField(
    /// Label.
    #[prop(into)]
    label: String,
    /// `data-test` name.
    test: &'static str,
    /// The value.
    value: RwSignal<String>,
    /// Input type (`text` unless given).
    #[prop(default = "text")]
    kind: &'static str,
) -> impl IntoView {
    view! {
        <label class="field">
            <span class="field__label">{label}</span>
            <input class="input" type=kind autocomplete="off" data-test=test bind:value=value/>
        </label>
    }
}

/// The user group a route is shared with (optional), chosen among the instance's user groups.
#[component]
pub fn RouteGroupField(
    /// The chosen group's UID; empty: none.
    value: RwSignal<String>,
) -> impl IntoView {
    let client = expect_context::<Session>().client;
    let groups = LocalResource::new(move || {
        let client = client.clone();
        async move { client.user_groups().await }
    });
    view! {
        <label class="field">
            <span class="field__label">{t!("destinations-route-group")}</span>
            <select class="input" data-test="destination-route-group-select"
                prop:value=move || value.get()
                on:change=move |event| value.set(event_target_value(&event))>
                <option value="">{t!("summary-none")}</option>
                {move || groups.get().and_then(Result::ok).map(|groups| {
                    groups.into_iter().map(|group| view! {
                        <option value=group.id.clone() selected=move || value.get() == group.id>{group.name.clone()}</option>
                    }).collect_view()
                })}
            </select>
        </label>
        <p class="field__help">
            {t!("destinations-route-group-help")}
        </p>
    }
}

fn page_origin() -> String {
    web_sys::window()
        .and_then(|window| window.location().origin().ok())
        .unwrap_or_default()
}

/// Kind, URL and credentials.
#[component]
pub fn ConnectionFields(
    /// The form's values.
    values: FormValues,
    /// Routes are available on this instance.
    has_routes: bool,
    /// Editing a destination that already has a route.
    editing_route: bool,
    /// The user group the route is shared with.
    route_group: RwSignal<String>,
) -> impl IntoView {
    let kind = values.kind;
    let is = move |name: &'static str| move || kind.get() == name;
    let show_routes = has_routes || editing_route;
    let origin = page_origin();
    view! {
        <label class="field">
            <span class="field__label">{t!("destinations-connection")}</span>
            <select class="input" data-test="destination-kind-select" prop:value=move || kind.get()
                on:change=move |event| kind.set(event_target_value(&event))>
                {show_routes.then(|| view! { <option value="route">{t!("destinations-kind-route-option")}</option> })}
                <option value="direct-token">{t!("destinations-kind-direct-token-option")}</option>
                <option value="direct-basic">{t!("destinations-kind-direct-basic-option")}</option>
                <option value="current">{t!("destinations-this-instance")}</option>
            </select>
        </label>
        {(!has_routes).then(|| view! {
            <p class="field__help" data-test="destination-no-routes">
                {t!("destinations-no-routes")}
            </p>
        })}
        <Show when=move || kind.get() != "current">
            <TextField label=t!("destinations-url-input") test="destination-url-input" value=values.url/>
        </Show>
        <Show when=is("route")>
            <p class="field__help">
                {t!("destinations-route-credentials-help")}
                {editing_route.then(|| t!("destinations-route-credentials-keep"))}
            </p>
            <label class="field">
                <span class="field__label">{t!("destinations-credentials")}</span>
                <select class="input" data-test="destination-route-auth-select"
                    prop:value=move || values.route_auth.get()
                    on:change=move |event| values.route_auth.set(event_target_value(&event))>
                    <option value="api-token">{t!("run-personal-access-token")}</option>
                    <option value="http-basic">{t!("destinations-user-name-and-password")}</option>
                </select>
            </label>
            <Show when=move || values.route_auth.get() == "api-token">
                <TextField label=t!("secret-token") test="destination-token-input" value=values.token kind="password"/>
            </Show>
            <Show when=move || values.route_auth.get() == "http-basic">
                <TextField label=t!("secret-user-name") test="destination-username-input" value=values.username/>
                <TextField label=t!("secret-password") test="destination-password-input" value=values.password kind="password"/>
            </Show>
            <RouteGroupField value=route_group/>
            {editing_route.then(|| view! {
                <p class="field__help">{t!("destinations-group-change-note")}</p>
            })}
        </Show>
        <Show when=move || kind.get().starts_with("direct")>
            <p class="field__help" data-test="destination-direct-help">
                {t!("destinations-direct-help", origin = origin.clone())}
            </p>
        </Show>
        <Show when=is("direct-token")>
            <TextField label=t!("destinations-token-optional") test="destination-token-input" value=values.token kind="password"/>
        </Show>
        <Show when=is("direct-basic")>
            <TextField label=t!("destinations-user-name-optional") test="destination-username-input" value=values.username/>
            <TextField label=t!("destinations-password-optional") test="destination-password-input" value=values.password kind="password"/>
        </Show>
    }
}
