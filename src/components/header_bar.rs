//! A DHIS2-looking header bar (48 px, DHIS2 blue). Hidden inside DHIS2's global shell, which
//! draws its own.

use leptos::prelude::*;

use crate::environment::is_in_iframe;

/// The header bar with the app's name and the current user's name.
#[component]
pub fn HeaderBar(
    /// Display name of the logged-in user.
    user_name: String,
) -> impl IntoView {
    (!is_in_iframe()).then(|| {
        view! {
            <header class="header-bar" data-test="headerbar">
                <span class="header-bar__title" data-test="headerbar-title">{t!("app-name")}</span>
                <span class="header-bar__user" data-test="headerbar-user">{user_name}</span>
            </header>
        }
    })
}
