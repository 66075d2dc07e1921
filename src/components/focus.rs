//! Keyboard focus for the inline dialogs (delete confirmations, the edit conflict, a secret
//! asked for): a dialog that replaces the button that opened it takes the focus, so the
//! keyboard stays where the user is instead of falling back to the top of the document, and
//! Escape closes it as it closes DHIS2's modals.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Focuses `element` once the browser has drawn it (a node ref's `on_load` runs as soon as the
/// element exists, possibly before it is in the document, where focus would be ignored).
pub fn focus_soon(element: impl JsCast) {
    let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() else {
        return;
    };
    request_animation_frame(move || {
        let _ = element.focus();
    });
}

/// Focuses `element` once drawn, unless the user's focus is somewhere in the document already:
/// for a view that replaced the focused element (the focus fell back to `<body>`).
pub fn focus_if_lost(element: impl JsCast) {
    let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() else {
        return;
    };
    request_animation_frame(move || {
        let lost = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.active_element())
            .is_none_or(|active| active.tag_name().eq_ignore_ascii_case("body"));
        if lost {
            let _ = element.focus();
        }
    });
}

/// True when the key pressed is Escape: the inline dialogs close on it.
pub fn is_escape(event: &leptos::ev::KeyboardEvent) -> bool {
    event.key() == "Escape"
}
