//! What a report offers to do next: resume a run that stopped without finishing (a closed tab,
//! a killed runner: INTERRUPTED), and send again exactly the values that did not land.

use leptos::prelude::*;
use sync_core::model::{ReportStatus, SyncReport};
use sync_engine::Limits;

use crate::environment::navigate;
use crate::route::Route;
use crate::run::RunState;
use crate::session::Session;
use crate::state::AppState;

/// Resume and send-again buttons, when they apply.
#[component]
pub fn ReportActions(report: SyncReport) -> impl IntoView {
    let session = expect_context::<Session>();
    let app = expect_context::<AppState>();
    let run = expect_context::<RunState>();
    let status =
        report.effective_status(session.now(), Limits::default().heartbeat_stale_ms as i64);
    let interrupted = status == ReportStatus::Interrupted;
    let again = report.values_to_send_again().len();
    let finished = status.is_final() && !interrupted;
    let not_listed = report.left_behind_not_stored;
    let resume = {
        let report = report.clone();
        move |_| {
            app.pending_resume.set(Some(report.clone()));
            navigate(&Route::Run);
        }
    };
    let send_again = move |_| {
        app.pending_resend.set(Some(report.clone()));
        navigate(&Route::Run);
    };
    let busy = move || run.is_running();
    view! {
        {interrupted.then(|| view! {
            <div class="notice notice--warning" data-test="report-interrupted">
                <strong class="notice__title">{t!("report-interrupted")}</strong>
                <p class="notice__message">{t!("report-interrupted-help")}</p>
                <button class="button button--primary" type="button" data-test="report-resume"
                    disabled=busy on:click=resume>{t!("report-resume")}</button>
            </div>
        })}
        {(finished && again > 0).then(|| view! {
            <p class="report-actions">
                <button class="button" type="button" data-test="report-send-again"
                    disabled=busy on:click=send_again>
                    {t!("report-send-again", count = again)}
                </button>
                {(not_listed > 0).then(|| view! {
                    <span>{t!("report-not-listed", count = not_listed)}</span>
                })}
            </p>
        })}
    }
}
