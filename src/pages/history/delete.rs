//! "Delete selected" with an inline confirmation (no modal): says how many reports will be
//! deleted, deletes them one key at a time, and reports what could not be deleted.

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::components::error_notice::ErrorNotice;
use crate::components::focus::{focus_soon, is_escape};
use crate::session::Session;
use sync_engine::store::reports;

/// The delete button, its confirmation and the outcome message.
#[component]
pub fn DeleteSelected(
    /// Ids of the selected reports.
    selected: RwSignal<BTreeSet<String>>,
    /// Called after deleting, to reload the list.
    on_deleted: Callback<()>,
    /// The last deletion's outcome (kept by the page, so it survives the reload): how many were
    /// deleted, or what failed.
    outcome: RwSignal<Option<Result<usize, String>>>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let confirming = RwSignal::new(false);
    let deleting = RwSignal::new(false);
    let count = move || selected.with(BTreeSet::len);
    let confirm = Callback::new(move |()| {
        let ids: Vec<String> = selected.get_untracked().into_iter().collect();
        let client = session.client.clone();
        deleting.set(true);
        spawn_local(async move {
            let failures = reports::delete_reports(&client, &ids).await;
            deleting.set(false);
            confirming.set(false);
            if failures.is_empty() {
                outcome.set(Some(Ok(ids.len())));
            } else {
                let lines: Vec<String> = failures
                    .iter()
                    .map(|failure| format!("{}: {}", failure.id, failure.error))
                    .collect();
                outcome.set(Some(Err(lines.join("\n"))));
            }
            on_deleted.run(());
        });
    });
    // "Delete selected" is disabled while the question is open, which drops its focus: the
    // question's Cancel takes it, and gives it back when the question closes (Escape too).
    let delete_button = NodeRef::<leptos::html::Button>::new();
    let cancel = move || {
        confirming.set(false);
        if let Some(button) = delete_button.get_untracked() {
            focus_soon(button);
        }
    };
    view! {
        <div class="history__actions">
            <button class="button" data-test="history-delete-selected" node_ref=delete_button
                disabled=move || count() == 0 || confirming.get()
                on:click=move |_| { outcome.set(None); confirming.set(true); }>
                {move || t!("history-delete-selected", count = count())}
            </button>
            <Show when={move || confirming.get() && count() > 0}>
                <div class="confirmation" role="alert" data-test="history-delete-confirmation"
                    on:keydown=move |event| if is_escape(&event) && !deleting.get_untracked() { cancel() }>
                    <span>{move || t!("history-delete-question", count = count())}</span>
                    <button class="button button--destructive" data-test="history-delete-confirm"
                        disabled=move || deleting.get() on:click=move |_| confirm.run(())>
                        {move || if deleting.get() { t!("history-deleting") } else { t!("history-delete") }}
                    </button>
                    <button class="button" data-test="history-delete-cancel"
                        node_ref={
                            let cancel_button = NodeRef::<leptos::html::Button>::new();
                            cancel_button.on_load(focus_soon);
                            cancel_button
                        }
                        disabled=move || deleting.get() on:click=move |_| cancel()>
                        {t!("common-cancel")}
                    </button>
                </div>
            </Show>
            {move || outcome.get().map(|outcome| match outcome {
                Ok(deleted) => view! {
                    <p class="notice notice--success" data-test="history-delete-done">
                        {t!("history-deleted", count = deleted)}
                    </p>
                }.into_any(),
                Err(message) => view! {
                    <div data-test="history-delete-error">
                        <ErrorNotice title=t!("history-some-not-deleted") message/>
                    </div>
                }.into_any(),
            })}
        </div>
    }
}
