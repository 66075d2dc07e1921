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
    label: &'static str,
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
            <span class="field__label">"User group that may also send through the route (optional)"</span>
            <select class="input" data-test="destination-route-group-select"
                prop:value=move || value.get()
                on:change=move |event| value.set(event_target_value(&event))>
                <option value="">"None"</option>
                {move || groups.get().and_then(Result::ok).map(|groups| {
                    groups.into_iter().map(|group| view! {
                        <option value=group.id.clone() selected=move || value.get() == group.id>{group.name.clone()}</option>
                    }).collect_view()
                })}
            </select>
        </label>
        <p class="field__help">
            "DHIS2 runs the route for you, for users whose role has \"Manage destinations\" \
             (F_AGGREGATE_SYNC_MANAGE_DESTINATIONS), and for this group's members: for nobody else, \
             whatever the app shows them. Choose the group of the people who run rules."
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
            <span class="field__label">"Connection"</span>
            <select class="input" data-test="destination-kind-select" prop:value=move || kind.get()
                on:change=move |event| kind.set(event_target_value(&event))>
                {show_routes.then(|| view! { <option value="route">"Through a route of this instance (recommended)"</option> })}
                <option value="direct-token">"Direct, with a personal access token"</option>
                <option value="direct-basic">"Direct, with a user name and password"</option>
                <option value="current">"This instance"</option>
            </select>
        </label>
        {(!has_routes).then(|| view! {
            <p class="field__help" data-test="destination-no-routes">
                "This instance has no routes (they need DHIS2 2.40 or later), so the app reaches the \
                 destination directly from the browser."
            </p>
        })}
        <Show when=move || kind.get() != "current">
            <TextField label="URL of the destination (without /api)" test="destination-url-input" value=values.url/>
        </Show>
        <Show when=is("route")>
            <p class="field__help">
                "DHIS2 keeps the credentials encrypted in the route; this app can never read them again."
                {editing_route.then_some(" Leave them empty to keep the route's current ones (a changed URL needs them again).")}
            </p>
            <label class="field">
                <span class="field__label">"Credentials for the destination"</span>
                <select class="input" data-test="destination-route-auth-select"
                    prop:value=move || values.route_auth.get()
                    on:change=move |event| values.route_auth.set(event_target_value(&event))>
                    <option value="api-token">"Personal access token"</option>
                    <option value="http-basic">"User name and password"</option>
                </select>
            </label>
            <Show when=move || values.route_auth.get() == "api-token">
                <TextField label="Token" test="destination-token-input" value=values.token kind="password"/>
            </Show>
            <Show when=move || values.route_auth.get() == "http-basic">
                <TextField label="User name" test="destination-username-input" value=values.username/>
                <TextField label="Password" test="destination-password-input" value=values.password kind="password"/>
            </Show>
            <RouteGroupField value=route_group/>
            {editing_route.then(|| view! {
                <p class="field__help">"A change of group applies when the credentials are typed again."</p>
            })}
        </Show>
        <Show when=move || kind.get().starts_with("direct")>
            <p class="field__help" data-test="destination-direct-help">
                {format!(
                    "The token or password is never saved: it is kept only while this browser tab is open \
                     and asked for again in a new tab. The destination must allow {origin} in its CORS allowlist."
                )}
            </p>
        </Show>
        <Show when=is("direct-token")>
            <TextField label="Token (optional now)" test="destination-token-input" value=values.token kind="password"/>
        </Show>
        <Show when=is("direct-basic")>
            <TextField label="User name (optional now)" test="destination-username-input" value=values.username/>
            <TextField label="Password (optional now)" test="destination-password-input" value=values.password kind="password"/>
        </Show>
    }
}
