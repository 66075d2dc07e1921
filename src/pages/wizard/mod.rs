//! The sync wizard: a page (not a modal) with a stepper, one module per step, and Back/Next. The
//! step is in the URL (`#/sync/<step>`); every choice goes straight into the session-stored draft
//! (`AppState::draft`), so Back, reload and deep links never lose input. Next validates the
//! current step and the steps before it with sync-core and refuses, showing every problem.

pub mod aggregation;
pub mod category_options;
pub mod checks;
pub mod compare;
pub mod destinations;
pub mod download;
pub mod fit;
pub mod instance;
pub mod org_units;
pub mod period;
pub mod period_dates;
pub mod problems;
pub mod rule_store;
pub mod save_rule;
pub mod selected_data;
pub mod summary;

use leptos::prelude::*;
use sync_core::model::{Purpose, WizardStep};

use crate::components::focus::focus_if_lost;
use crate::environment::navigate;
use crate::route::{DataListState, Route, WIZARD_STEPS, step_slug};
use crate::session::Session;
use crate::state::AppState;
use checks::{blocking_errors, check_draft, next_step, previous_step, step_index, step_title};
use problems::Problems;

/// The wizard page at `step`.
#[component]
pub fn WizardPage(
    /// The step from the URL.
    step: WizardStep,
) -> impl IntoView {
    let draft = expect_context::<AppState>().draft;
    let nothing_selected = Memo::new(move |_| draft.with(|draft| draft.selection.is_empty()));
    view! {
        <section class="wizard" data-test="wizard" data-step=step_slug(step)>
            <h1 class="page__title">{t!("wizard-title")}</h1>
            <Stepper current=step/>
            {move || if nothing_selected.get() {
                view! { <NothingSelected/> }.into_any()
            } else {
                view! { <StepBody step/> }.into_any()
            }}
        </section>
    }
}

#[component]
fn NothingSelected() -> impl IntoView {
    view! {
        <div class="notice" data-test="wizard-nothing-selected">
            <strong class="notice__title">{t!("wizard-nothing-selected")}</strong>
            <p class="notice__message">
                {t!("wizard-choose-data-first")} " "
                <a href=Route::DataSelection(DataListState::default()).to_hash()
                    data-test="wizard-back-to-data">{t!("wizard-go-to-data")}</a>
            </p>
        </div>
    }
}

/// The numbered steps; earlier steps are links, the current one is marked.
#[component]
fn Stepper(current: WizardStep) -> impl IntoView {
    let current_index = step_index(current);
    view! {
        <ol class="stepper" data-test="wizard-stepper">
            {WIZARD_STEPS.into_iter().enumerate().map(|(index, step)| {
                let label = format!("{}. {}", index + 1, step_title(step));
                let class = if index == current_index {
                    "stepper__step stepper__step--current"
                } else if index < current_index {
                    "stepper__step stepper__step--done"
                } else {
                    "stepper__step"
                };
                let aria_current = (index == current_index).then_some("step");
                let test = format!("wizard-step-{}", step_slug(step));
                view! {
                    <li class=class aria-current=aria_current data-test=test>
                        {if index < current_index {
                            view! { <a href=Route::Wizard(step).to_hash()>{label}</a> }.into_any()
                        } else {
                            view! { <span>{label}</span> }.into_any()
                        }}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// The current step's form, its problems, and Back/Next.
#[component]
fn StepBody(step: WizardStep) -> impl IntoView {
    let draft = expect_context::<AppState>().draft;
    let today = expect_context::<Session>().today();
    let issues =
        Memo::new(move |_| draft.with(|draft| check_draft(draft, Purpose::RunNow, today, "").1));
    // Errors are shown once Next was refused (and always on the summary); warnings always.
    let refused = RwSignal::new(step == WizardStep::Summary);
    let on_back = move |_| match previous_step(step) {
        Some(previous) => navigate(&Route::Wizard(previous)),
        None => navigate(&Route::DataSelection(DataListState::default())),
    };
    let on_next = move |_| {
        if blocking_errors(&issues.get_untracked(), step).is_empty() {
            if let Some(next) = next_step(step) {
                navigate(&Route::Wizard(next));
            }
        } else {
            refused.set(true);
        }
    };
    // The focus comes to the step when it is drawn (however often: its new content takes the
    // focus the old one dropped), so Tab goes on to the step's first field and a screen reader
    // announces the step.
    let content = NodeRef::<leptos::html::Div>::new();
    content.on_load(focus_if_lost);
    view! {
        <div class="wizard__body">
            <div class="wizard__step" data-test="wizard-step-content" role="group" node_ref=content
                aria-label=step_title(step) tabindex="-1" data-focus-target="">
                {match step {
                    WizardStep::Data | WizardStep::OrgUnits => view! { <org_units::OrgUnitsStep/> }.into_any(),
                    WizardStep::Period => view! { <period::PeriodStep today/> }.into_any(),
                    WizardStep::CategoryOptions => view! { <category_options::CategoryOptionsStep/> }.into_any(),
                    WizardStep::Aggregation => view! { <aggregation::AggregationStep today/> }.into_any(),
                    WizardStep::Instance => view! { <instance::InstanceStep/> }.into_any(),
                    WizardStep::Summary => view! { <summary::SummaryStep today/> }.into_any(),
                }}
            </div>
            <Problems step issues=issues.into() show_errors=refused.into()/>
            <div class="wizard__actions">
                <button class="button" type="button" data-test="wizard-back" on:click=on_back>
                    {t!("wizard-back")}
                </button>
                {next_step(step).map(|_| view! {
                    <button class="button button--primary" type="button" data-test="wizard-next"
                        on:click=on_next>{t!("wizard-next")}</button>
                })}
            </div>
        </div>
    }
}
