//! The app's view of its surroundings in the browser: which DHIS2 instance served it (base URL
//! discovery), whether it runs inside DHIS2's global shell (an iframe), the URL hash router, and
//! the keyboard focus kept in the view when the router replaces it.

use dhis2_api::base_url::{self, BaseUrlSource};
use dhis2_api::browser::FetchTransport;
use dhis2_api::transport::{HttpRequest, Transport};
use leptos::prelude::*;
use serde::Deserialize;
use wasm_bindgen::JsCast;

use crate::route::Route;

/// The DHIS2 client the whole app uses: the instance that served the app, with the user's session.
pub type Client = dhis2_api::Dhis2Client<FetchTransport>;

/// Finds the instance's base URL as DHIS2 apps do: the `dhis2-base-url` meta tag when the server
/// substituted it, else `manifest.webapp`'s rewritten `activities.dhis.href`, else the location
/// cut at `/api/apps/`.
pub async fn discover_base_url() -> Result<(String, BaseUrlSource), String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let meta = document
        .query_selector("meta[name='dhis2-base-url']")
        .ok()
        .flatten()
        .and_then(|element| element.get_attribute("content"));
    let location = window
        .location()
        .href()
        .map_err(|_| "no location".to_string())?;
    if let Some(found) = base_url::discover(meta.as_deref(), None, "") {
        return Ok(found);
    }
    let manifest_href = manifest_href().await;
    base_url::discover(None, manifest_href.as_deref(), &location).ok_or_else(|| {
        format!(
            "this page is not served by a DHIS2 instance (no /api/apps/ in {location}): \
             install the app from the App Manager"
        )
    })
}

#[derive(Deserialize)]
struct Manifest {
    activities: Option<Activities>,
}

#[derive(Deserialize)]
struct Activities {
    dhis: Option<DhisActivity>,
}

#[derive(Deserialize)]
struct DhisActivity {
    href: Option<String>,
}

/// `activities.dhis.href` of the manifest as the server serves it (rewritten from `*`).
async fn manifest_href() -> Option<String> {
    let response = FetchTransport
        .send(HttpRequest::get("./manifest.webapp"))
        .await
        .ok()?;
    if response.status != 200 {
        return None;
    }
    let manifest: Manifest = serde_json::from_slice(&response.body).ok()?;
    manifest.activities?.dhis?.href
}

/// True when the app runs inside another page, e.g. DHIS2 2.42's global shell. The shell has its
/// own header bar, so the app hides its own.
pub fn is_in_iframe() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    match window.top() {
        Ok(Some(top)) => !js_sys::Object::is(&top, &window),
        _ => true,
    }
}

/// The current route, kept in step with `location.hash`.
pub fn use_hash_route() -> ReadSignal<Route> {
    let current = || {
        web_sys::window()
            .and_then(|window| window.location().hash().ok())
            .unwrap_or_default()
    };
    let (route, set_route) = signal(Route::parse(&current()));
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        set_route.set(Route::parse(&current()));
    });
    on_cleanup(move || handle.remove());
    route
}

/// Keeps the keyboard focus in the view after a navigation. A page or wizard step that replaces
/// the element that had the focus (Next, a paging button) leaves it on `<body>`, and a keyboard
/// user would have to Tab again from the top of the document. Once the new view is drawn, the
/// focus goes to its `[data-focus-target]` (the wizard's step) or else to `<main>` (both have
/// `tabindex="-1"`: reachable by script, not by Tab). Focus the user put elsewhere stays.
pub fn keep_focus_in_view() {
    request_animation_frame(|| {
        let Some(document) = web_sys::window().and_then(|window| window.document()) else {
            return;
        };
        let lost = document
            .active_element()
            .is_none_or(|element| element.tag_name().eq_ignore_ascii_case("body"));
        if !lost {
            return;
        }
        let target = document
            .query_selector("[data-focus-target]")
            .ok()
            .flatten()
            .or_else(|| document.query_selector("main").ok().flatten());
        if let Some(target) =
            target.and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = target.focus();
        }
    });
}

/// Navigates to `route` by setting the hash; the browser records history, fires `hashchange`
/// (which updates [`use_hash_route`]) and `popstate` (which DHIS2's global shell listens to).
pub fn navigate(route: &Route) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_hash(&route.to_hash());
    }
}

/// Sets `<html lang>` and `dir` from the user's DHIS2 UI locale (`keyUiLocale`), so screen readers
/// and right-to-left scripts behave (the styles use logical properties, so `dir="rtl"` mirrors the
/// layout).
pub fn apply_locale(locale: Option<&str>) {
    let Some(locale) = locale.filter(|locale| !locale.is_empty()) else {
        return;
    };
    let Some(root) = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.document_element())
    else {
        return;
    };
    let language = locale.replace('_', "-");
    let _ = root.set_attribute("lang", &language);
    let _ = root.set_attribute("dir", text_direction(&language));
}

/// `rtl` for languages written right to left, else `ltr`.
pub fn text_direction(language: &str) -> &'static str {
    let primary = language.split('-').next().unwrap_or(language);
    match primary {
        "ar" | "fa" | "he" | "ur" | "ps" | "ckb" | "dv" | "yi" | "prs" => "rtl",
        _ => "ltr",
    }
}

#[cfg(test)]
mod tests {
    use super::text_direction;

    #[test]
    fn right_to_left_languages() {
        assert_eq!(text_direction("ar"), "rtl");
        assert_eq!(text_direction("fa-IR"), "rtl");
        assert_eq!(text_direction("fr"), "ltr");
        assert_eq!(text_direction("en-GB"), "ltr");
    }
}
