//! The head of a report: status, who ran what and where, counts, time per phase, errors.

use leptos::prelude::*;
use sync_core::model::{ReportStatus, RunOrigin, SyncReport};

use crate::i18n::{format_count, format_timestamp};
use crate::pages::run::{duration_text, rate_text};
use crate::run::status_name;

/// Status, counts, timings and errors.
#[component]
pub fn ReportSummary(report: SyncReport) -> impl IntoView {
    let status_class = match report.status {
        ReportStatus::Success => "tag tag--positive",
        ReportStatus::Warning
        | ReportStatus::DryRun
        | ReportStatus::Running
        | ReportStatus::Interrupted => "tag tag--warning",
        ReportStatus::Skipped => "tag tag--neutral",
        ReportStatus::Error | ReportStatus::Cancelled => "tag tag--negative",
    };
    let origin = match &report.origin {
        RunOrigin::Manual => t!("report-manual-sync"),
        RunOrigin::Rule { rule_name, .. } => t!("report-rule", name = rule_name.clone()),
    };
    let trigger = report.origin.trigger();
    let started_by = (!trigger.is_app()).then(|| trigger.label());
    let destination = report
        .destination_name
        .clone()
        .unwrap_or_else(|| report.destination_id.clone());
    let counts = report.counts;
    let timings = report.timings;
    let count = |label: String, test: &'static str, value: u64| {
        view! {
            <div class="figure">
                <span class="figure__value" data-test=test>{format_count(value)}</span>
                <span class="figure__label">{label}</span>
            </div>
        }
    };
    let time = |label: String, test: &'static str, ms: u64| {
        view! {
            <div class="figure figure--small">
                <span class="figure__value" data-test=test>{duration_text(ms as f64)}</span>
                <span class="figure__label">{label}</span>
            </div>
        }
    };
    // The writing phase spans the pipeline (reads and writes overlap), so values sent over it
    // is the run's throughput to the destination; values read over the reading time its pace
    // at the source.
    let sent_rate = rate_text(report.values_sent, timings.write_ms as f64);
    let read_rate = rate_text(report.values_read, timings.read_ms as f64);
    view! {
        <div class="report-summary" data-test="report-summary">
            <p>
                <span class=status_class data-test="report-status">{status_name(report.status)}</span>
                {report.parameters.dry_run.then(|| view! { <span class="tag" data-test="report-dry-run">{t!("report-dry-run")}</span> })}
            </p>
            <p data-test="report-origin">{match report.finished_at.as_deref() {
                Some(finished) => t!(
                    "report-origin-finished",
                    origin = origin,
                    user = report.run_by.clone(),
                    destination = destination,
                    started = format_timestamp(&report.started_at),
                    finished = format_timestamp(finished)
                ),
                None => t!(
                    "report-origin",
                    origin = origin,
                    user = report.run_by.clone(),
                    destination = destination,
                    started = format_timestamp(&report.started_at)
                ),
            }}{started_by.map(|label| view! {
                " "<span class="tag tag--neutral" data-test="report-started-by">
                    {t!("report-started-by", label = label)}</span>
            })}</p>
            <div class="figures" data-test="report-counts">
                {count(t!("report-read"), "report-values-read", report.values_read)}
                {count(t!("report-sent"), "report-values-sent", report.values_sent)}
                {count(t!("stat-imported"), "report-count-imported", counts.imported)}
                {count(t!("stat-updated"), "report-count-updated", counts.updated)}
                {count(t!("stat-ignored"), "report-count-ignored", counts.ignored)}
                {count(t!("stat-deleted"), "report-count-deleted", counts.deleted)}
                // Not sent because a comparison found them at the destination already: not left
                // behind, and no reason for a WARNING.
                {(report.tally.unchanged_skipped > 0).then(|| count(
                    t!("report-unchanged-skipped"),
                    "report-unchanged-skipped",
                    report.tally.unchanged_skipped,
                ))}
            </div>
            <div class="figures figures--timings" data-test="report-timings">
                {time(t!("report-time-reading"), "report-time-reading", timings.read_ms)}
                {time(t!("report-time-aggregating"), "report-time-aggregating", timings.aggregate_ms)}
                {time(t!("report-time-writing"), "report-time-writing", timings.write_ms)}
                {read_rate.map(|rate| view! {
                    <div class="figure figure--small">
                        <span class="figure__value" data-test="report-rate-read">{rate}</span>
                        <span class="figure__label">{t!("report-read")}</span>
                    </div>
                })}
                {sent_rate.map(|rate| view! {
                    <div class="figure figure--small">
                        <span class="figure__value" data-test="report-rate-sent">{rate}</span>
                        <span class="figure__label">{t!("report-sent")}</span>
                    </div>
                })}
            </div>
            {(!report.errors.is_empty()).then(|| view! {
                <div class="notice notice--critical" data-test="report-errors">
                    <strong class="notice__title">{t!("report-errors")}</strong>
                    <ul>{report.errors.iter().map(|e| view! { <li data-test="report-error">{e.clone()}</li> }).collect_view()}</ul>
                </div>
            })}
            {(!report.issues.is_empty()).then(|| view! {
                <div class="notice" data-test="report-issues">
                    <strong class="notice__title">{t!("report-notes")}</strong>
                    <ul>{report.issues.iter().map(|i| view! { <li>{i.message.clone()}</li> }).collect_view()}</ul>
                </div>
            })}
        </div>
    }
}
