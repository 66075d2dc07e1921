//! The settings page: retention of reports, default read and write chunk sizes, default import
//! strategy and dry run. Saving validates the whole form and shows every problem at once; the
//! rules are `sync_core::model::SettingsForm`'s, storage is `crate::settings`'.

mod form;

use leptos::prelude::*;
use sync_core::model::{Settings, SettingsForm};

use crate::components::access_denied::{AccessDenied, is_access_denied};
use crate::components::error_notice::ErrorNotice;
use crate::session::Session;
use crate::settings;

use form::SettingsEditor;

/// The settings page.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let client = session.client.clone();
    let loaded = LocalResource::new(move || {
        let client = client.clone();
        async move { settings::load(&client).await }
    });
    view! {
        <section class="settings" data-test="settings-page">
            <h1 class="page__title">"Settings"</h1>
            <Suspense fallback=|| view! { <p class="loading">"Loading settings…"</p> }>
                {move || loaded.get().map(|result| match result {
                    Ok(saved) => view! { <SettingsEditor initial=SettingsForm::of(&saved)/> }.into_any(),
                    Err(error) if is_access_denied(&error) => view! { <AccessDenied/> }.into_any(),
                    Err(error) => view! {
                        <ErrorNotice
                            title="The saved settings cannot be read"
                            message=format!("{error}. The form shows the defaults; saving replaces the stored settings.")/>
                        <SettingsEditor initial=SettingsForm::of(&Settings::default())/>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
