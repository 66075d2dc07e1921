//! Pagination at the end of a table: previous, "Page X of Y", next.

use leptos::prelude::*;

/// Previous / next page controls. `on_page` receives the page to go to.
#[component]
pub fn Pagination(
    /// Current page, from 1.
    page: u32,
    /// Number of pages (0 when empty).
    page_count: u32,
    /// Total number of items.
    total: u32,
    /// Called with the new page.
    on_page: Callback<u32>,
) -> impl IntoView {
    let pages = page_count.max(1);
    view! {
        <nav class="pagination" aria-label=t!("pagination-label") data-test="pagination">
            <span class="pagination__summary" data-test="pagination-summary">
                {t!("pagination-summary", page = page, pages = pages, total = total)}
            </span>
            <button
                class="button"
                data-test="pagination-previous"
                disabled={page <= 1}
                on:click=move |_| on_page.run(page.saturating_sub(1).max(1))
            >
                {t!("pagination-previous")}
            </button>
            <button
                class="button"
                data-test="pagination-next"
                disabled={page >= pages}
                on:click=move |_| on_page.run(page + 1)
            >
                {t!("pagination-next")}
            </button>
        </nav>
    }
}
