//! What sync-engine needs from the browser: a [`BrowserHost`] (`performance.now()` for durations,
//! `setTimeout` for timers, `Math.random` for ids) and a [`SignalObserver`] that turns the run's
//! events into the Run page's signals and answers "the session expired" by showing the log-in
//! prompt and waiting for Continue or Cancel.

use sync_engine::Host;
use sync_engine::observer::{Event, Observer};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use super::progress::RunState;

/// The browser as the engine's host.
#[derive(Clone, Copy, Debug, Default)]
pub struct BrowserHost;

/// Milliseconds on the page's monotonic clock.
pub fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|window| window.performance())
        .map_or_else(js_sys::Date::now, |performance| performance.now())
}

/// Waits `ms` milliseconds (a `setTimeout` promise).
pub async fn sleep(ms: u64) {
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

impl Host for BrowserHost {
    fn now_ms(&self) -> f64 {
        now_ms()
    }

    async fn sleep(&self, ms: u64) {
        sleep(ms).await;
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }
}

/// A new DHIS2 uid from `Math.random`.
pub fn new_uid() -> String {
    sync_core::model::generate_uid(js_sys::Math::random)
}

/// Run events into [`RunState`].
#[derive(Clone, Copy, Debug)]
pub struct SignalObserver {
    /// The signals.
    pub state: RunState,
}

impl Observer for SignalObserver {
    fn event(&self, event: Event) {
        self.state.apply(event, now_ms());
    }

    async fn session_expired(&self) -> bool {
        let state = self.state;
        let logins = state.logins_untracked();
        state.set_session_expired(true);
        loop {
            if state.cancel_requested() {
                state.set_session_expired(false);
                return false;
            }
            if state.logins_untracked() != logins {
                state.set_session_expired(false);
                return true;
            }
            sleep(250).await;
        }
    }
}
