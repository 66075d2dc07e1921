//! The destination list: name, URL, how it is reached, the last connection test in this tab, and
//! the actions (test connection; for users who may manage destinations also edit, delete with an
//! inline confirmation, and narrow an old route).

use leptos::prelude::*;

use super::row::DestinationRow;
use crate::components::error_notice::ErrorNotice;
use crate::environment::navigate;
use crate::route::Route;
use crate::session::Session;
use sync_engine::store::destinations::load_destinations;

/// The destinations page.
#[component]
pub fn DestinationsPage() -> impl IntoView {
    let session = expect_context::<Session>();
    let reload = RwSignal::new(0_u32);
    let client = session.client.clone();
    let destinations = LocalResource::new(move || {
        reload.track();
        let client = client.clone();
        async move { load_destinations(&client).await }
    });
    let on_deleted = Callback::new(move |()| reload.update(|count| *count += 1));
    let may_manage = session.may_manage_destinations();
    view! {
        <section class="destinations">
            <h1 class="page__title">{t!("nav-destinations")}</h1>
            <p class="page__intro">
                {t!("destinations-intro")}
            </p>
            {if may_manage {
                view! {
                    <div class="toolbar">
                        <button class="button button--primary" data-test="destination-add"
                            on:click=|_| navigate(&Route::DestinationEdit(None))>{t!("destinations-add")}</button>
                    </div>
                }.into_any()
            } else {
                view! { <ManageDenied/> }.into_any()
            }}
            <Transition fallback=|| view! { <p class="loading">{t!("instance-loading")}</p> }>
                {move || destinations.get().map(|result| match result {
                    Ok(loaded) => view! {
                        {(!loaded.problems.is_empty()).then(|| view! {
                            <ErrorNotice title=t!("destinations-unreadable") message=loaded.problems.join("\n")/>
                        })}
                        {if loaded.destinations.is_empty() {
                            view! { <p class="empty" data-test="destination-empty">{t!("destinations-none-yet")}</p> }.into_any()
                        } else {
                            view! {
                                <table class="table" data-test="destination-table">
                                    <thead>
                                        <tr>
                                            <th>{t!("common-name")}</th><th>{t!("destinations-url")}</th><th>{t!("destinations-connection")}</th>
                                            <th>{t!("destinations-last-test")}</th><th>{t!("rules-actions")}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {loaded.destinations.into_iter().map(|destination| view! {
                                            <DestinationRow destination on_deleted may_manage/>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }}
                    }.into_any(),
                    Err(error) => view! {
                        <ErrorNotice title=t!("instance-could-not-load") message=error.to_string()/>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

/// What a user who may not manage destinations sees instead of the add, edit and delete actions.
#[component]
pub fn ManageDenied() -> impl IntoView {
    view! {
        <div class="notice" role="status" data-test="destination-manage-denied">
            <p class="notice__message">
                {t!("destinations-manage-denied")}
            </p>
        </div>
    }
}
