//! The problems of a wizard step, all at once: its warnings always, and once Next was refused
//! its errors plus the errors of earlier steps (with a link to each such step). Messages come
//! from sync-core's validation and are shown as text.

use leptos::prelude::*;
use sync_core::model::{Issue, WizardStep};

use super::checks::{blocking_errors, issues_of, step_title};
use crate::route::{DataListState, Route};

/// The problem list of `step`.
#[component]
pub fn Problems(
    /// The step shown.
    step: WizardStep,
    /// Every issue of the draft.
    issues: Signal<Vec<Issue>>,
    /// Whether errors are shown (after a refused Next, or on the summary).
    show_errors: Signal<bool>,
) -> impl IntoView {
    let shown = move || {
        let issues = issues.get();
        let mut shown: Vec<Issue> = Vec::new();
        if show_errors.get() {
            let blocking = if step == WizardStep::Summary {
                issues
                    .iter()
                    .filter(|issue| issue.is_error())
                    .cloned()
                    .collect()
            } else {
                blocking_errors(&issues, step)
            };
            shown.extend(blocking);
        }
        shown.extend(
            issues_of(&issues, step)
                .into_iter()
                .filter(|issue| !issue.is_error()),
        );
        shown
    };
    view! {
        {move || {
            let shown = shown();
            (!shown.is_empty()).then(|| {
                let has_errors = shown.iter().any(Issue::is_error);
                let class = if has_errors { "notice notice--critical" } else { "notice notice--warning" };
                let title = if has_errors { t!("problems-fix-to-continue") } else { t!("problems-please-check") };
                view! {
                    <div class=class role="alert" data-test="wizard-problems">
                        <strong class="notice__title">{title}</strong>
                        <ul class="problems">
                            {shown.into_iter().map(|issue| view! { <ProblemItem issue current=step/> }).collect_view()}
                        </ul>
                    </div>
                }
            })
        }}
    }
}

#[component]
fn ProblemItem(issue: Issue, current: WizardStep) -> impl IntoView {
    let severity = if issue.is_error() { "error" } else { "warning" };
    let elsewhere = issue.step.filter(|step| *step != current);
    let link = elsewhere.map(|step| {
        let href = match step {
            WizardStep::Data => Route::DataSelection(DataListState::default()).to_hash(),
            other => Route::Wizard(other).to_hash(),
        };
        view! {
            " "
            <a href=href data-test="wizard-problem-link">{t!("problems-go-to-step", step = step_title(step).to_lowercase())}</a>
        }
    });
    let prefix = elsewhere.map(|step| format!("{}: ", step_title(step)));
    view! {
        <li class="problems__item" data-test="wizard-problem" data-severity=severity
            data-code=format!("{:?}", issue.code) data-field=issue.field.clone()>
            {prefix}{capitalise(&issue.message)}{link}
        </li>
    }
}

/// sync-core's messages start lowercase; the list shows them as sentences.
fn capitalise(message: &str) -> String {
    let mut characters = message.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}
