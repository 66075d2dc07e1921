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

/// True when the key pressed is Escape: the inline dialogs close on it.
pub fn is_escape(event: &leptos::ev::KeyboardEvent) -> bool {
    event.key() == "Escape"
}
