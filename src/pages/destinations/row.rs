//! One destination in the list, with its actions: test connection (asking for a direct
//! destination's secret when this tab has none); for users who may manage destinations also
//! edit, delete behind an inline "Are you sure?" row, and narrow a route that reaches the whole
//! destination server.

use leptos::prelude::*;
use leptos::task::spawn_local;
use sync_core::model::{DestinationInstance, DestinationKind, RouteScope};

use super::kind_label;
use super::narrow::NarrowRouteForm;
use crate::components::focus::{focus_soon, is_escape};
use crate::components::secret_form::DestinationSecretForm;
use crate::destinations::{
    DestinationError, DestinationSecrets, TestSummary, delete_destination, test_destination,
};
use crate::environment::navigate;
use crate::route::Route;
use crate::session::Session;

/// A row of the destination table (plus its confirmation and secret rows when open).
#[component]
pub fn DestinationRow(
    /// The destination.
    destination: DestinationInstance,
    /// Called after the destination was deleted or changed (the list reloads).
    on_deleted: Callback<()>,
    /// The user may edit, delete and narrow (holds the manage-destinations authority or `ALL`).
    may_manage: bool,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let secrets = expect_context::<DestinationSecrets>();
    let confirming = RwSignal::new(false);
    let asking_secret = RwSignal::new(false);
    let narrowing = RwSignal::new(false);
    let testing = RwSignal::new(false);
    let delete_error = RwSignal::new(None::<String>);
    let id = destination.id.clone();
    let stored = StoredValue::new(destination.clone());

    let run_test = {
        let session = session.clone();
        Callback::new(move |()| {
            let destination = stored.get_value();
            let session = session.clone();
            testing.set(true);
            spawn_local(async move {
                match test_destination(&destination, &session, &secrets).await {
                    Ok(_) => {}
                    Err(DestinationError::SecretMissing { .. }) => asking_secret.set(true),
                    Err(error) => secrets.record_test(
                        &destination.id,
                        TestSummary {
                            ok: false,
                            headline: t!("destinations-test-failed"),
                            details: vec![error.to_string()],
                            warnings: Vec::new(),
                        },
                    ),
                }
                testing.set(false);
            });
        })
    };
    let on_secret = {
        let (id, url) = (id.clone(), destination.url.clone());
        Callback::new(move |auth| {
            secrets.insert(&id, &url, auth);
            asking_secret.set(false);
            run_test.run(());
        })
    };
    let delete = move |_| {
        let destination = stored.get_value();
        let client = session.client.clone();
        spawn_local(async move {
            match delete_destination(&client, &destination, &secrets).await {
                Ok(()) => {
                    confirming.set(false);
                    on_deleted.run(());
                }
                Err(error) => delete_error.set(Some(error.to_string())),
            }
        });
    };
    // The confirmation's Cancel takes the focus; Escape or Cancel gives it back to Delete.
    let delete_button = NodeRef::<leptos::html::Button>::new();
    let cancel_delete = move || {
        confirming.set(false);
        delete_error.set(None);
        if let Some(button) = delete_button.get_untracked() {
            focus_soon(button);
        }
    };
    let result_id = id.clone();
    let last_test = move || secrets.last_test(&result_id);
    let edit_route = Route::DestinationEdit(Some(id.clone()));
    let direct_auth = match destination.kind {
        DestinationKind::Direct { auth } => Some(auth),
        _ => None,
    };
    let url = match destination.kind {
        DestinationKind::CurrentInstance => t!("destinations-this-instance"),
        _ => destination.url.clone(),
    };
    let name = destination.name.clone();
    let whole_server_route = matches!(
        destination.kind,
        DestinationKind::Route {
            scope: RouteScope::Server,
            ..
        }
    );
    let on_narrowed = Callback::new(move |_narrowed: DestinationInstance| {
        narrowing.set(false);
        on_deleted.run(());
    });
    view! {
        <tr data-test="destination-row" data-id=id.clone()>
            <td data-test="destination-name">{destination.name.clone()}</td>
            <td data-test="destination-url">{url}</td>
            <td data-test="destination-kind">{kind_label(&destination.kind)}</td>
            <td data-test="destination-test-result" class="destination-test">
                {move || if testing.get() {
                    view! { <span class="loading">{t!("destinations-testing")}</span> }.into_any()
                } else {
                    match last_test() {
                        Some(summary) => view! {
                            <strong class=if summary.ok { "status status--ok" } else { "status status--error" }>
                                {summary.headline.clone()}
                            </strong>
                            {summary.details.iter().map(|line| view! { <p class="destination-test__detail">{line.clone()}</p> }).collect_view()}
                            {summary.warnings.iter().map(|line| view! {
                                <p class="destination-test__warning" data-test="destination-test-warning">{line.clone()}</p>
                            }).collect_view()}
                        }.into_any(),
                        None => view! { <span class="muted">{t!("destinations-not-tested")}</span> }.into_any(),
                    }
                }}
            </td>
            <td class="actions">
                <button class="button" data-test="destination-test" disabled=move || testing.get()
                    on:click=move |_| run_test.run(())>{t!("destinations-test-connection")}</button>
                {may_manage.then(|| view! {
                    <button class="button" data-test="destination-edit"
                        on:click=move |_| navigate(&edit_route)>{t!("rules-edit")}</button>
                    <button class="button" data-test="destination-delete" node_ref=delete_button
                        on:click=move |_| confirming.set(true)>{t!("history-delete")}</button>
                })}
                {(may_manage && whole_server_route).then(|| view! {
                    <button class="button" data-test="destination-narrow"
                        title=t!("destinations-narrow-hint")
                        on:click=move |_| narrowing.set(true)>{t!("destinations-narrow")}</button>
                })}
            </td>
        </tr>
        {move || narrowing.get().then(|| view! {
            <tr class="destination-extra"><td colspan="5">
                <NarrowRouteForm destination=stored.get_value() on_done=on_narrowed
                    on_cancel=Callback::new(move |()| narrowing.set(false))/>
            </td></tr>
        })}
        {move || asking_secret.get().then(|| direct_auth.map(|auth| view! {
            <tr class="destination-extra"><td colspan="5">
                <DestinationSecretForm destination_name=name.clone() auth on_submit=on_secret
                    on_cancel=Callback::new(move |()| asking_secret.set(false))/>
            </td></tr>
        }))}
        {move || confirming.get().then(|| view! {
            <tr class="destination-extra" data-test="destination-delete-confirm"
                on:keydown=move |event| if is_escape(&event) { cancel_delete() }><td colspan="5">
                <span class="destination-confirm__text">
                    {if matches!(stored.with_value(|d| d.kind.clone()), DestinationKind::Route { .. }) {
                        t!("destinations-delete-question-route")
                    } else {
                        t!("destinations-delete-question")
                    }}
                </span>
                <button class="button button--destructive" data-test="destination-delete-yes" on:click=delete.clone()>{t!("history-delete")}</button>
                <button class="button" data-test="destination-delete-no"
                    node_ref={
                        let cancel_button = NodeRef::<leptos::html::Button>::new();
                        cancel_button.on_load(focus_soon);
                        cancel_button
                    }
                    on:click=move |_| cancel_delete()>{t!("common-cancel")}</button>
                {move || delete_error.get().map(|message| view! {
                    <p class="field__error" data-test="destination-delete-error">{message}</p>
                })}
            </td></tr>
        })}
    }
}
