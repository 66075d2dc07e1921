//! A header bar as DHIS2's own on 2.36–2.41 (48 px, DHIS2 blue): the instance's title linking
//! back to the instance, the app's name, an apps menu listing the instance's apps, and a
//! profile menu with the user's name and Log out. Hidden inside DHIS2's global shell (2.42+,
//! an iframe), which draws its own. The menus are disclosure buttons (`aria-expanded`) over
//! plain links: Tab reaches every item, Escape closes a menu and gives the focus back to its
//! button. The URLs come from dhis2-api (`shell`), the texts from the server are text.

use dhis2_api::shell::AppLink;
use leptos::prelude::*;

use crate::components::focus::{focus_soon, is_escape};
use crate::environment::is_in_iframe;
use crate::session::Session;

/// Which menu is open (one at a time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Open {
    Apps,
    Profile,
}

/// The header bar with the instance's title, the app's name and the two menus.
#[component]
pub fn HeaderBar(
    /// Display name of the logged-in user.
    user_name: String,
) -> impl IntoView {
    (!is_in_iframe()).then(|| {
        let client = expect_context::<Session>().client;
        let (home_url, logout_url) = (client.home_url(), client.logout_url());
        let title = LocalResource::new({
            let client = client.clone();
            move || {
                let client = client.clone();
                async move { client.application_title().await.ok().flatten() }
            }
        });
        // The apps are read when the menu first opens, not on every page load.
        let apps = RwSignal::new(None::<Result<Vec<AppLink>, String>>);
        let open = RwSignal::new(None::<Open>);
        let toggle = move |menu: Open| {
            let opening = open.get_untracked() != Some(menu);
            open.set(opening.then_some(menu));
            if opening && menu == Open::Apps && apps.get_untracked().is_none() {
                let client = client.clone();
                leptos::task::spawn_local(async move {
                    let read = client.apps_menu().await.map_err(|error| error.to_string());
                    apps.set(Some(read));
                });
            }
        };
        let apps_button = NodeRef::<leptos::html::Button>::new();
        let profile_button = NodeRef::<leptos::html::Button>::new();
        let on_keydown = move |event: leptos::ev::KeyboardEvent| {
            if !is_escape(&event) {
                return;
            }
            let button = match open.get_untracked() {
                Some(Open::Apps) => apps_button.get_untracked(),
                Some(Open::Profile) => profile_button.get_untracked(),
                None => None,
            };
            open.set(None);
            if let Some(button) = button {
                focus_soon(button);
            }
        };
        let toggle_apps = toggle.clone();
        view! {
            <header class="header-bar" data-test="headerbar" on:keydown=on_keydown>
                <div class="header-bar__start">
                    <a class="header-bar__home" href=home_url.clone() data-test="headerbar-home">
                        <span class="header-bar__title" data-test="headerbar-title">
                            {move || title.get().flatten().unwrap_or_else(|| "DHIS2".to_string())}
                        </span>
                    </a>
                    <span class="header-bar__app" data-test="headerbar-app">{t!("app-name")}</span>
                </div>
                <nav class="header-bar__menus" aria-label="DHIS2">
                    <div class="header-bar__menu">
                        <button class="header-bar__button" type="button" data-test="headerbar-apps"
                            node_ref=apps_button aria-controls="headerbar-apps-menu"
                            aria-expanded=move || (open.get() == Some(Open::Apps)).to_string()
                            on:click=move |_| toggle_apps(Open::Apps)>
                            {t!("header-apps")}
                        </button>
                        <Show when=move || open.get() == Some(Open::Apps)>
                            <div class="header-bar__dropdown" id="headerbar-apps-menu" data-test="headerbar-apps-menu">
                                {move || match apps.get() {
                                    None => view! { <p class="header-bar__note">{t!("header-apps-loading")}</p> }.into_any(),
                                    Some(Err(message)) => view! {
                                        <p class="header-bar__note" data-test="headerbar-apps-error">{t!("header-apps-error", message = message)}</p>
                                    }.into_any(),
                                    Some(Ok(list)) => view! {
                                        <ul class="header-bar__list" aria-label=t!("header-apps")>
                                            {list.into_iter().map(|app| view! {
                                                <li><a href=app.launch_url data-test="headerbar-app-link">{app.name}</a></li>
                                            }).collect_view()}
                                        </ul>
                                    }.into_any(),
                                }}
                            </div>
                        </Show>
                    </div>
                    <div class="header-bar__menu">
                        <button class="header-bar__button" type="button" data-test="headerbar-profile"
                            node_ref=profile_button aria-controls="headerbar-profile-menu"
                            aria-expanded=move || (open.get() == Some(Open::Profile)).to_string()
                            on:click=move |_| toggle(Open::Profile)>
                            <span class="header-bar__user" data-test="headerbar-user">{user_name.clone()}</span>
                        </button>
                        <Show when=move || open.get() == Some(Open::Profile)>
                            <div class="header-bar__dropdown" id="headerbar-profile-menu" data-test="headerbar-profile-menu">
                                <ul class="header-bar__list" aria-label=t!("header-profile")>
                                    <li><a href=home_url.clone() data-test="headerbar-instance">{t!("header-back")}</a></li>
                                    <li><a href=logout_url.clone() data-test="headerbar-logout">{t!("header-logout")}</a></li>
                                </ul>
                            </div>
                        </Show>
                    </div>
                </nav>
            </header>
        }
    })
}
