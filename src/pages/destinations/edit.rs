//! The add/edit destination page: reads whether this instance has routes and, when editing, the
//! stored destination, then shows the form — to users who may manage destinations; others get
//! a message instead.

use leptos::prelude::*;

use super::form::DestinationForm;
use super::list::ManageDenied;
use crate::components::error_notice::ErrorNotice;
use crate::destinations::DestinationError;
use crate::session::Session;
use sync_engine::store::destinations::load_destination;

/// The add (`id` = `None`) or edit destination page.
#[component]
pub fn DestinationEditPage(
    /// The destination to edit; `None` adds one.
    id: Option<String>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    if !session.may_manage_destinations() {
        return view! {
            <section class="destination-edit">
                <h1 class="page__title">{t!("nav-destinations")}</h1>
                <ManageDenied/>
            </section>
        }
        .into_any();
    }
    let client = session.client.clone();
    let adding = id.is_none();
    let loaded = LocalResource::new(move || {
        let client = client.clone();
        let id = id.clone();
        async move {
            let has_routes = client.system_info().await?.has_routes();
            let previous = match id {
                Some(id) => Some(load_destination(&client, &id).await?),
                None => None,
            };
            Ok::<_, DestinationError>((has_routes, previous))
        }
    });
    view! {
        <section class="destination-edit">
            <h1 class="page__title">{if adding { t!("destinations-add") } else { t!("destinations-edit-title") }}</h1>
            <Suspense fallback=|| view! { <p class="loading">{t!("app-loading")}</p> }>
                {move || loaded.get().map(|result| match result {
                    Ok((has_routes, previous)) => view! { <DestinationForm has_routes previous/> }.into_any(),
                    Err(error) => view! {
                        <ErrorNotice title=t!("destinations-could-not-open") message=error.to_string()/>
                    }.into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}
