//! The history table: one row per sync attempt with a checkbox, start, who ran it, rule or
//! manual, destination, status tag, counts and duration. A click on a report's row opens it;
//! a broken entry says why it cannot be read and can only be selected and deleted.

use std::collections::BTreeSet;

use leptos::prelude::*;
use sync_core::model::{HistoryEntry, ReportStatus, ReportSummary, RunOrigin, format_duration};

use crate::environment::navigate;
use crate::route::Route;

/// Label and tag style of a status.
pub fn status_tag(status: ReportStatus) -> (String, &'static str) {
    match status {
        ReportStatus::Success => (t!("status-success"), "tag--positive"),
        ReportStatus::Warning => (t!("status-warning"), "tag--warning"),
        ReportStatus::Error => (t!("status-error"), "tag--negative"),
        ReportStatus::Cancelled => (t!("status-cancelled"), "tag--neutral"),
        ReportStatus::DryRun => (t!("status-dry-run"), "tag--neutral"),
        ReportStatus::Running => (t!("status-running"), "tag--neutral"),
        ReportStatus::Interrupted => (t!("status-interrupted"), "tag--warning"),
        ReportStatus::Skipped => (t!("status-skipped"), "tag--neutral"),
    }
}

/// `2024-03-05T10:11:12.345` → `2024-03-05 10:11`.
fn started_text(started_at: &str) -> String {
    let minutes: String = started_at.chars().take(16).collect();
    minutes.replacen('T', " ", 1)
}

fn counts_text(summary: &ReportSummary) -> String {
    let counts = summary.counts;
    t!(
        "history-counts",
        imported = counts.imported,
        updated = counts.updated,
        ignored = counts.ignored,
        deleted = counts.deleted
    )
}

/// The table of one page of the history.
#[component]
pub fn HistoryTable(
    /// Entries of the page.
    rows: Vec<HistoryEntry>,
    /// Ids of the selected reports.
    selected: RwSignal<BTreeSet<String>>,
) -> impl IntoView {
    let page_ids: Vec<String> = rows.iter().map(|row| row.id().to_string()).collect();
    let all_ids = page_ids.clone();
    let all_selected = move || {
        !all_ids.is_empty() && selected.with(|set| all_ids.iter().all(|id| set.contains(id)))
    };
    let currently_all = all_selected.clone();
    let toggle_all = move |_| {
        let select = !currently_all();
        selected.update(|set| {
            for id in &page_ids {
                if select {
                    set.insert(id.clone());
                } else {
                    set.remove(id);
                }
            }
        });
    };
    view! {
        <table class="table" data-test="history-table">
            <thead>
                <tr>
                    <th class="table__select">
                        <input type="checkbox" aria-label=t!("history-select-all-on-page")
                            data-test="history-select-all" prop:checked=all_selected
                            on:change=toggle_all/>
                    </th>
                    <th>{t!("history-started")}</th><th>{t!("history-run-by")}</th><th>{t!("history-rule")}</th><th>{t!("instance-destination")}</th>
                    <th>{t!("history-status")}</th><th>{t!("history-counts-column")}</th><th>{t!("history-duration")}</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|row| view! { <HistoryRow row selected/> }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn HistoryRow(row: HistoryEntry, selected: RwSignal<BTreeSet<String>>) -> impl IntoView {
    let id = row.id().to_string();
    let checkbox_id = id.clone();
    let is_selected = {
        let id = id.clone();
        move || selected.with(|set| set.contains(&id))
    };
    let checkbox = view! {
        <td class="table__select" on:click=|event| event.stop_propagation()>
            <input type="checkbox" aria-label=t!("history-select-row") data-test="history-row-select"
                prop:checked=is_selected
                on:change=move |event| {
                    let checked = event_target_checked(&event);
                    selected.update(|set| {
                        if checked { set.insert(checkbox_id.clone()); } else { set.remove(&checkbox_id); }
                    });
                }/>
        </td>
    };
    match row {
        HistoryEntry::Report(summary) => {
            // A RUNNING report whose heartbeat stopped is shown as INTERRUPTED (resumable).
            let now = expect_context::<crate::session::Session>().now();
            let stale = sync_engine::Limits::default().heartbeat_stale_ms as i64;
            let (label, style) = status_tag(summary.effective_status(now, stale));
            let rule = match &summary.origin {
                RunOrigin::Manual => t!("history-manual"),
                RunOrigin::Rule { rule_name, .. } => rule_name.clone(),
            };
            // Runs the unattended runner or the command line started say so.
            let trigger = summary.origin.trigger();
            let started_by = (!trigger.is_app()).then(|| trigger.label());
            let destination = summary
                .destination_name
                .clone()
                .unwrap_or_else(|| summary.destination_id.clone());
            let duration = summary
                .duration_ms()
                .map(format_duration)
                .unwrap_or_default();
            let target = Route::Report(id.clone());
            // The whole row opens the report for the mouse; its start time is the link a
            // keyboard (and a screen reader) reaches.
            let href = target.to_hash();
            view! {
                <tr class="table__row--link" data-test="history-row" data-id=id
                    on:click=move |_| navigate(&target)>
                    {checkbox}
                    <td data-test="history-started">
                        <a href=href data-test="history-report-link" on:click=|event| event.stop_propagation()>
                            {started_text(&summary.started_at)}
                        </a>
                    </td>
                    <td data-test="history-run-by">{summary.run_by.clone()}</td>
                    <td data-test="history-rule">{rule}{started_by.map(|label| view! {
                        " "<span class="tag tag--neutral" data-test="history-started-by">{label}</span>
                    })}</td>
                    <td data-test="history-destination">{destination}</td>
                    <td><span class=format!("tag {style}") data-test="history-status">{label}</span></td>
                    <td data-test="history-counts">{counts_text(&summary)}</td>
                    <td data-test="history-duration">{duration}</td>
                </tr>
            }
            .into_any()
        }
        HistoryEntry::Broken { message, .. } => view! {
            <tr data-test="history-row" data-id=id.clone() data-broken="true">
                {checkbox}
                <td colspan="4" data-test="history-broken-message">
                    {t!("history-broken", id = id.clone(), message = message.clone())}
                </td>
                <td><span class="tag tag--negative" data-test="history-status">{t!("history-broken-tag")}</span></td>
                <td></td><td></td>
            </tr>
        }
        .into_any(),
    }
}
