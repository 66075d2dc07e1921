//! Small browser helpers of the engine: a timer, the clock, ids.

use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Waits `ms` milliseconds (a `setTimeout` promise).
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let Some(window) = web_sys::window() else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            return;
        };
        let callback = Closure::once_into_js(move || {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        });
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            callback.unchecked_ref(),
            i32::try_from(ms).unwrap_or(i32::MAX),
        );
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Milliseconds since the epoch (browser clock: for durations only).
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Milliseconds between `start` and now.
pub fn since(start: f64) -> u64 {
    (now_ms() - start).max(0.0) as u64
}

/// A new DHIS2-style UID: a letter, then 10 letters or digits.
pub fn new_uid() -> String {
    sync_core::model::generate_uid(js_sys::Math::random)
}
