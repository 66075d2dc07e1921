//! The settings page: retention of reports, default read and write chunk sizes, default import
//! strategy and dry run. Saving validates the whole form and shows every problem at once; the
//! rules are `sync_core::model::SettingsForm`'s, storage is `sync_engine::store::settings`'. Stored values out of
//! range are shown replaced by their defaults, with what was wrong.

mod form;

use leptos::prelude::*;
use sync_core::model::{Settings, SettingsForm};

use crate::components::access_denied::AccessDenied;
use crate::components::error_notice::ErrorNotice;
use crate::session::Session;
use sync_engine::store::settings;

use form::SettingsEditor;

/// The settings page.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let client = session.client.clone();
    let loaded = LocalResource::new(move || {
        let client = client.clone();
        async move { settings::load_settings(&client).await }
    });
    view! {
        <section class="settings" data-test="settings-page">
            <h1 class="page__title">{t!("nav-settings")}</h1>
            <Suspense fallback=|| view! { <p class="loading">{t!("settings-loading")}</p> }>
                {move || loaded.get().map(|result| match result {
                    Ok(loaded) => view! {
                        {(!loaded.problems.is_empty()).then(|| view! {
                            <ErrorNotice
                                title=t!("settings-out-of-range")
                                message=t!(
                                    "settings-out-of-range-message",
                                    problems = loaded.problems.iter().map(|problem| problem.message.as_str()).collect::<Vec<_>>().join("; ")
                                )/>
                        })}
                        <SettingsEditor initial=SettingsForm::of(&loaded.settings)/>
                    }.into_any(),
                    Err(error) if error.is_no_access() => view! { <AccessDenied/> }.into_any(),
                    Err(error) => view! {
                        <ErrorNotice
                            title=t!("settings-unreadable")
                            message=t!("settings-unreadable-message", error = error.to_string())/>
                        <SettingsEditor initial=SettingsForm::of(&Settings::default())/>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
