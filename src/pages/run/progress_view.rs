//! The progress of the current run: phase, a bar, values read and sent, chunks, elapsed and
//! estimated time left, Cancel, the prompt to log in again after an expired session, and, at the
//! end, the status and the way to the report.

use leptos::prelude::*;
use std::time::Duration;

use crate::i18n::{format_count, format_decimal, format_number};
use crate::route::Route;
use crate::run::{Phase, RunState};
use crate::session::Session;

/// Offers the run's report, whole, as a JSON file.
fn download_report(run: RunState) {
    let Some(report) = run.report.get_untracked() else {
        return;
    };
    if let Ok(text) = serde_json::to_string_pretty(&report) {
        let name = format!("aggregate-sync-report-{}.json", report.id);
        let _ = crate::rules::browser::download_text(&name, &text, "application/json");
    }
}

/// A duration in words: below a second in milliseconds (`450 ms`), below ten seconds with
/// one decimal (`2.3 s`), then whole seconds (`12 s`, `1 min 05 s`): a sub-second phase must
/// not read as `0 s`.
pub fn duration_text(ms: f64) -> String {
    let ms = ms.max(0.0);
    if ms < 1000.0 {
        return t!("duration-ms", ms = format_number(ms.round()));
    }
    if ms < 9950.0 {
        return t!("duration-seconds", seconds = format_decimal(ms / 1000.0, 1));
    }
    let seconds = (ms / 1000.0).round() as u64;
    if seconds >= 60 {
        t!(
            "duration-minutes",
            minutes = format_number((seconds / 60) as f64),
            seconds = format!("{:02}", seconds % 60)
        )
    } else {
        t!("duration-seconds", seconds = format_number(seconds as f64))
    }
}

/// Values per second over `ms`: whole from 100 up (`1,230 values/s`), with one or two decimals
/// below (`45.6 values/s`, `3.25 values/s`); `None` when nothing was measured.
pub fn rate_text(values: u64, ms: f64) -> Option<String> {
    if ms <= 0.0 || values == 0 {
        return None;
    }
    let rate = values as f64 * 1000.0 / ms;
    let text = if rate >= 100.0 {
        format_number(rate.round())
    } else if rate >= 10.0 {
        format_decimal(rate, 1)
    } else {
        format_decimal(rate, 2)
    };
    Some(t!("rate-values-per-second", rate = text))
}

/// `104730` as `104,730`: figures people read at a glance.
pub fn group_thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The progress panel.
#[component]
pub fn RunProgress() -> impl IntoView {
    let run = expect_context::<RunState>();
    let session = expect_context::<Session>();
    let now = RwSignal::new(js_sys::Date::now());
    if let Ok(handle) = set_interval_with_handle(
        move || now.set(js_sys::Date::now()),
        Duration::from_millis(500),
    ) {
        on_cleanup(move || handle.clear());
    }
    let progress = run.progress;
    let login_url = format!("{}/", session.client.base_url());
    let figure = move |f: fn(&crate::run::Progress) -> String| move || progress.with(f);
    view! {
        <div class="run-progress" data-test="run-progress">
            <p class="run-progress__phase" data-test="run-phase">{move || progress.with(|p| crate::run::phase_label(p.phase))}</p>
            <div class="progress-bar" role="progressbar" aria-label=t!("run-progress-label") data-test="run-progress-bar"
                aria-valuemin="0" aria-valuemax="100"
                aria-valuenow=move || format!("{:.0}", progress.with(|p| p.fraction()) * 100.0)>
                <div class="progress-bar__fill"
                    style:width=move || format!("{:.1}%", progress.with(|p| p.fraction()) * 100.0)></div>
            </div>
            <dl class="figures">
                <dt>{t!("run-values-read")}</dt><dd data-test="run-values-read">{figure(|p| format_count(p.values_read))}</dd>
                <dt>{t!("run-values-sent")}</dt><dd data-test="run-values-sent">{figure(|p| format_count(p.values_sent))}</dd>
                <dt>{t!("run-chunks")}</dt><dd data-test="run-chunks">{figure(|p| t!("run-chunks-done", done = p.chunks_done, total = p.chunks_total))}</dd>
                <dt>{t!("run-elapsed")}</dt><dd data-test="run-elapsed">{move || duration_text(progress.with(|p| p.elapsed_ms(now.get())))}</dd>
                <dt>{t!("run-time-left")}</dt><dd data-test="run-remaining">{move || progress.with(|p| p.remaining_ms(now.get())).map_or_else(|| t!("run-estimating"), duration_text)}</dd>
            </dl>
            <Show when=move || progress.with(|p| p.session_expired)>
                <div class="notice notice--warning" role="alert" data-test="run-session-expired">
                    <strong class="notice__title">{t!("run-session-expired")}</strong>
                    <p class="notice__message">{t!("run-session-expired-help")}</p>
                    <a class="button" href=login_url.clone() target="_blank" rel="noopener" data-test="run-login-link">{t!("run-log-in-again")}</a>
                    " "
                    <button class="button button--primary" data-test="run-continue" on:click=move |_| run.continue_after_login()>{t!("common-continue")}</button>
                </div>
            </Show>
            <Show when=move || progress.with(|p| p.phase != Phase::Finished)>
                <button class="button" data-test="run-cancel"
                    disabled=move || progress.with(|p| p.cancel_requested)
                    on:click=move |_| run.cancel()>
                    {move || if progress.with(|p| p.cancel_requested) { t!("run-cancelling") } else { t!("common-cancel") }}
                </button>
            </Show>
            <Show when=move || progress.with(|p| p.phase == Phase::Finished)>
                <div class="run-finished" data-test="run-finished">
                    <p>{t!("run-status")}" "<strong data-test="run-status">{move || run.report.with(|r| r.as_ref().map(|r| crate::run::status_name(r.status)).unwrap_or_default())}</strong></p>
                    {move || progress.with(|p| p.save_error.clone()).map(|message| view! {
                        <p class="notice notice--critical" data-test="run-save-error">{message}</p>
                    })}
                    // The whole report, every value left behind included (the history stores the
                    // first 5,000), and the only copy when the history could not be written.
                    {move || run.report.with(|report| report.as_ref().is_some_and(|r| !r.left_behind.is_empty() || r.left_behind_not_stored > 0) || progress.with(|p| p.save_error.is_some())).then(|| view! {
                        <button class="button" type="button" data-test="run-download-report"
                            on:click=move |_| download_report(run)>{t!("run-download-report")}</button>
                    })}
                    {move || progress.with(|p| p.report_id.clone()).map(|id| view! {
                        <a class="button button--primary" data-test="run-report-link" href=Route::Report(id).to_hash()>{t!("run-open-report")}</a>
                    })}
                </div>
            </Show>
        </div>
    }
}
