//! Placeholder for pages under construction in this development branch: says so plainly.

use leptos::prelude::*;

/// A page that is not built yet.
#[component]
pub fn Placeholder(
    /// Page title.
    #[prop(into)]
    title: String,
) -> impl IntoView {
    view! {
        <section>
            <h1 class="page__title">{title}</h1>
            <p data-test="page-not-built">{t!("app-page-not-built")}</p>
        </section>
    }
}
