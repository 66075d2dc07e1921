//! The question asked when saving something another person saved after it was opened: keep
//! mine (overwrite theirs), load theirs (dropping mine), or do nothing yet. Shown inline, next to
//! what is being saved, never as a modal.

use leptos::prelude::*;

use crate::components::focus::{focus_soon, is_escape};

/// A warning notice with the three choices.
#[component]
pub fn EditConflictNotice(
    /// What happened ("someone else (jane) saved this rule at …").
    #[prop(into)]
    message: String,
    /// Save mine over theirs.
    on_overwrite: Callback<()>,
    /// Drop mine and load theirs.
    on_reload: Callback<()>,
    /// Neither for now.
    on_cancel: Callback<()>,
) -> impl IntoView {
    // The question takes the focus on its harmless choice (Cancel); Escape is Cancel too.
    let cancel_button = NodeRef::<leptos::html::Button>::new();
    cancel_button.on_load(focus_soon);
    view! {
        <div class="notice notice--warning" role="alert" data-test="edit-conflict"
            on:keydown=move |event| if is_escape(&event) { on_cancel.run(()) }>
            <strong class="notice__title">{t!("conflict-title")}</strong>
            <p class="notice__message" data-test="edit-conflict-message">{message}</p>
            <div class="button-row">
                <button class="button button--small button--destructive"
                    data-test="edit-conflict-overwrite" on:click=move |_| on_overwrite.run(())>
                    {t!("conflict-overwrite")}
                </button>
                <button class="button button--small" data-test="edit-conflict-reload"
                    on:click=move |_| on_reload.run(())>
                    {t!("conflict-reload")}
                </button>
                <button class="button button--small" data-test="edit-conflict-cancel"
                    node_ref=cancel_button on:click=move |_| on_cancel.run(())>
                    {t!("common-cancel")}
                </button>
            </div>
        </div>
    }
}
