//! A critical notice box for errors, in DHIS2's style. Server text is shown as text, never as
//! HTML.

use leptos::prelude::*;

/// A red notice box with a title and a message.
#[component]
pub fn ErrorNotice(
    /// Short title.
    #[prop(into)]
    title: String,
    /// What went wrong, shown as plain text.
    #[prop(into)]
    message: String,
) -> impl IntoView {
    view! {
        <div class="notice notice--critical" role="alert" data-test="error-notice">
            <strong class="notice__title">{title}</strong>
            <p class="notice__message">{message}</p>
        </div>
    }
}
