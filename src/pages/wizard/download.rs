//! The summary's "Download JSON" button: the payload a run would send, built by the run's own
//! steps ([`crate::run::planned_writes`]), handed to the browser as a file download through a
//! Blob and an object URL; and, once compared with the destination, the comparison as a diff
//! file ([`DownloadComparison`]: counts per data element with sample rows, old → new).

use leptos::prelude::*;
use leptos::task::spawn_local;
use sync_core::date::Date;
use sync_core::model::Purpose;
use wasm_bindgen::JsCast;

use super::checks::check_draft;
use super::rule_store::generate_uid;
use crate::components::error_notice::ErrorNotice;
use crate::run::planned_writes;
use crate::session::Session;
use crate::state::AppState;

#[derive(Clone, Debug, PartialEq)]
enum DownloadState {
    Idle,
    Building,
    Done { upserts: usize, deletions: usize },
    Failed(String),
}

/// The Download JSON button and what came of it.
#[component]
pub fn DownloadJson(
    /// Today in the browser.
    today: Date,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let secrets = expect_context::<crate::destinations::DestinationSecrets>();
    let draft = expect_context::<AppState>().draft;
    let state = RwSignal::new(DownloadState::Idle);
    let on_click = move |_| {
        let session = session.clone();
        let id = draft
            .with_untracked(|draft| draft.id.clone())
            .unwrap_or_else(generate_uid);
        let (rule, _) =
            draft.with_untracked(|draft| check_draft(draft, Purpose::RunNow, today, &id));
        let Some(rule) = rule else { return };
        state.set(DownloadState::Building);
        spawn_local(async move {
            let outcome = match planned_writes(&session, &secrets, rule.rule()).await {
                Ok(writes) => writes
                    .plan
                    .download_json()
                    .map_err(|error| error.to_string())
                    .and_then(|json| offer_download(&json, "aggregate-sync-data-values.json"))
                    .map(|()| DownloadState::Done {
                        upserts: writes.plan.upserts,
                        deletions: writes.plan.deletions,
                    }),
                Err(message) => Err(message),
            };
            state.set(outcome.unwrap_or_else(DownloadState::Failed));
        });
    };
    let valid = move || {
        draft.with(|draft| {
            check_draft(draft, Purpose::RunNow, today, "summaryId00")
                .0
                .is_some()
        })
    };
    view! {
        <button class="button" type="button" data-test="summary-download-json"
            disabled=move || !valid() || state.get() == DownloadState::Building on:click=on_click>
            {move || if state.get() == DownloadState::Building { t!("download-preparing") } else { t!("download-json") }}
        </button>
        {move || match state.get() {
            DownloadState::Idle | DownloadState::Building => ().into_any(),
            DownloadState::Done { upserts, deletions } => view! {
                <span class="wizard__download-result" role="status" data-test="download-json-result"
                    data-values=upserts.to_string() data-deletions=deletions.to_string()>
                    {t!("download-result", upserts = upserts, deletions = deletions)}
                </span>
            }.into_any(),
            DownloadState::Failed(message) => view! {
                <ErrorNotice title=t!("download-could-not-prepare") message/>
            }.into_any(),
        }}
    }
}

/// The comparison with the destination as a JSON diff file.
#[component]
pub fn DownloadComparison(comparison: sync_engine::compare::Comparison) -> impl IntoView {
    let failed = RwSignal::new(None::<String>);
    let on_click = move |_| {
        let outcome = serde_json::to_vec_pretty(&comparison)
            .map_err(|error| error.to_string())
            .and_then(|json| offer_download(&json, "aggregate-sync-comparison.json"));
        failed.set(outcome.err());
    };
    view! {
        <button class="button" type="button" data-test="summary-download-comparison" on:click=on_click>
            {t!("compare-download")}
        </button>
        {move || failed.get().map(|message| view! {
            <ErrorNotice title=t!("compare-download-failed") message/>
        })}
    }
}

/// Offers `bytes` as a file download named `file_name`.
fn offer_download(bytes: &[u8], file_name: &str) -> Result<(), String> {
    let failed = |_| t!("download-refused");
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob =
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(failed)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(failed)?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(failed)?
        .dyn_into()
        .map_err(|_| "no anchor".to_string())?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    // Revoked a little later: the download starts asynchronously.
    let revoke = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    let _ = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 10_000);
    Ok(())
}
