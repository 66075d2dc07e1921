//! A row of the rules table: a rule with its actions, or a broken entry with its error and a
//! Delete action. Deleting asks for confirmation in the row itself, not in a modal.

use std::collections::BTreeMap;

use leptos::prelude::*;
use sync_core::model::{Issue, ReportStatus};

use super::RulesContext;
use super::actions;
use super::schedule::ScheduleCell;
use super::table::destination_ids;
use crate::components::focus::{focus_soon, is_escape};
use crate::route::Route;
use crate::rules::StoredRule;
use crate::rules::summary::{destination_label, status_label, what_it_sends};
use crate::session::Session;
use crate::state::AppState;

/// A rule and its actions.
#[component]
pub(crate) fn RuleRow(
    stored: StoredRule,
    /// Destination names by id, `None` when they could not be read.
    destinations: Option<BTreeMap<String, String>>,
    destination_names: BTreeMap<String, String>,
) -> impl IntoView {
    let context = expect_context::<RulesContext>();
    let app = expect_context::<AppState>();
    let rule = stored.rule;
    let issues = RwSignal::new(Vec::<Issue>::new());
    let last_run = rule.last_run.clone().map(|stamp| {
        let when = stamp.at.to_string().replace('T', " ");
        let when: String = when.chars().take(16).collect();
        let status = status_label(stamp.status);
        let status_class = match stamp.status {
            ReportStatus::Success => "tag tag--positive",
            ReportStatus::Warning => "tag tag--warning",
            ReportStatus::Error | ReportStatus::Cancelled => "tag tag--negative",
            ReportStatus::Interrupted => "tag tag--warning",
            ReportStatus::Running | ReportStatus::DryRun | ReportStatus::Skipped => {
                "tag tag--neutral"
            }
        };
        let link = stamp.report_id.map(|id| Route::Report(id).to_hash());
        view! {
            <span data-test="rule-last-run-time">{when}</span>" "
            <span class=status_class data-test="rule-last-run-status">{status}</span>
            {link.map(|href| view! { " "<a href=href data-test="rule-last-run-report">{t!("rules-report")}</a> })}
        }
    });
    let on_run = {
        let rule = rule.clone();
        let session = expect_context::<Session>();
        move |_| {
            issues.set(actions::run_now(
                app,
                &rule,
                destination_ids(&destinations),
                session.today(),
            ))
        }
    };
    let on_edit = {
        let (context, id) = (context.clone(), rule.id.clone());
        move |_| actions::edit(&context, app, id.clone())
    };
    let on_duplicate = {
        let (context, rule) = (context.clone(), rule.clone());
        move |_| actions::duplicate_rule(&context, &rule)
    };
    let on_export = {
        let (context, rule) = (context.clone(), rule.clone());
        move |_| actions::export(&context, &rule)
    };
    view! {
        <tr data-test="rule-row" data-id=rule.id.clone()>
            <td>
                <span class="rule__name" data-test="rule-name">{rule.name.clone()}</span>
                {rule.code.clone().map(|code| view! { " "<span class="rule__code">{code}</span> })}
                {rule.description.clone().map(|text| view! {
                    <p class="rule__description" data-test="rule-description">{text}</p>
                })}
                {stored.migrated_from.map(|version| view! {
                    <p class="rule__note">{t!("rules-stored-by-older", version = version.to_string())}</p>
                })}
            </td>
            <td data-test="rule-sends">{what_it_sends(&rule)}</td>
            <td data-test="rule-destination">{destination_label(&rule, &destination_names)}</td>
            <td data-test="rule-last-run">{match last_run {
                Some(last_run) => last_run.into_any(),
                None => view! { {t!("rules-never-run")} }.into_any(),
            }}
                <PendingValues id=rule.id.clone() label=rule.name.clone() count=rule.pending.len()/>
            </td>
            <td><ScheduleCell rule=rule.clone()/></td>
            <td class="rule__actions">
                <button class="button button--small button--primary" data-test="rule-run"
                    on:click=on_run>{t!("rules-run-now")}</button>
                <button class="button button--small" data-test="rule-edit" on:click=on_edit>{t!("rules-edit")}</button>
                <button class="button button--small" data-test="rule-duplicate"
                    on:click=on_duplicate>{t!("rules-duplicate")}</button>
                <button class="button button--small" data-test="rule-export"
                    on:click=on_export>{t!("rules-export")}</button>
                <DeleteAction key=format!("rule-{}", rule.id) label=rule.name.clone()/>
                {move || {
                    let issues = issues.get();
                    (!issues.is_empty()).then(|| view! {
                        <div class="notice notice--critical rule__issues" role="alert"
                            data-test="rule-run-issues">
                            <strong class="notice__title">{t!("rules-cannot-run")}</strong>
                            <ul>{issues.into_iter().map(|issue| view! { <li>{issue.message}</li> })
                                .collect_view()}</ul>
                        </div>
                    })
                }}
            </td>
        </tr>
    }
}

/// The values the rule's runs left behind (refused, of unknown fate, not sent): its next run
/// reads and sends them again; the user may drop them instead (asked in place).
#[component]
fn PendingValues(id: String, label: String, count: usize) -> impl IntoView {
    let context = expect_context::<RulesContext>();
    let confirming = RwSignal::new(false);
    let text = t!("rules-pending-values", count = count);
    let on_drop = move |_| {
        confirming.set(false);
        actions::drop_pending(&context, id.clone(), label.clone());
    };
    (count > 0).then(|| {
        view! {
            <p class="rule__pending" data-test="rule-pending" data-count=count>
                <span class="tag tag--warning">{text}</span>" "
                <Show
                    when=move || confirming.get()
                    fallback=move || view! {
                        <button class="button button--small" data-test="rule-pending-drop"
                            on:click=move |_| confirming.set(true)>{t!("rules-pending-drop")}</button>
                    }
                >
                    {t!("rules-pending-question")}
                    <button class="button button--small button--destructive"
                        data-test="rule-pending-drop-confirm" on:click=on_drop.clone()>{t!("rules-pending-drop-confirm")}</button>" "
                    <button class="button button--small" on:click=move |_| confirming.set(false)>
                        {t!("rules-pending-keep")}</button>
                </Show>
            </p>
        }
    })
}

/// A stored value that is not a rule the app can read.
#[component]
pub(crate) fn BrokenRow(key: String, error: String) -> impl IntoView {
    let (row_key, shown_key) = (key.clone(), key.clone());
    view! {
        <tr class="rule--broken" data-test="rule-broken-row" data-key=row_key>
            <td>
                <span class="tag tag--negative">{t!("history-broken-tag")}</span>" "
                <span class="rule__name" data-test="rule-broken-key">{shown_key}</span>
            </td>
            <td colspan="4" data-test="rule-broken-error">{error}</td>
            <td class="rule__actions"><DeleteAction key=key.clone() label=key/></td>
        </tr>
    }
}

/// Delete, then "Delete …? / Cancel" in place.
#[component]
fn DeleteAction(key: String, label: String) -> impl IntoView {
    let context = expect_context::<RulesContext>();
    let confirming = RwSignal::new(false);
    let question = t!("rules-delete-question", name = label.clone());
    // The question replaces the Delete button: the focus moves to its Cancel, and back to
    // Delete when the question closes without deleting.
    let cancelled = RwSignal::new(false);
    let cancel = move || {
        cancelled.set(true);
        confirming.set(false);
    };
    let on_confirm = move |_| {
        confirming.set(false);
        actions::delete(&context, key.clone(), label.clone());
    };
    view! {
        <Show
            when=move || confirming.get()
            fallback=move || {
                let delete = NodeRef::<leptos::html::Button>::new();
                if cancelled.get_untracked() {
                    delete.on_load(focus_soon);
                }
                view! {
                    <button class="button button--small button--destructive" data-test="rule-delete"
                        node_ref=delete on:click=move |_| confirming.set(true)>{t!("history-delete")}</button>
                }
            }
        >
            {
                let cancel_button = NodeRef::<leptos::html::Button>::new();
                cancel_button.on_load(focus_soon);
                view! {
                    <span class="rule__confirm" role="group" aria-label=t!("rules-confirm-deletion")
                        on:keydown=move |event| if is_escape(&event) { cancel() }>
                        <span data-test="rule-delete-question">{question.clone()}</span>" "
                        <button class="button button--small button--destructive" data-test="rule-delete-confirm"
                            on:click=on_confirm.clone()>{t!("history-delete")}</button>" "
                        <button class="button button--small" data-test="rule-delete-cancel"
                            node_ref=cancel_button on:click=move |_| cancel()>{t!("common-cancel")}</button>
                    </span>
                }
            }
        </Show>
    }
}
