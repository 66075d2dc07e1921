//! "Save as rule" on the summary: name, code, description and schedule, validated with
//! `Purpose::SaveRule` (every problem at once), then saved as one dataStore key per rule. After
//! saving, the draft keeps the rule's id, so saving again updates the same rule. A rule opened
//! with Edit is only replaced if nobody saved it since: otherwise the user is asked (overwrite
//! theirs, or load theirs), like on the rules page.

use leptos::prelude::*;
use leptos::task::spawn_local;
use sync_core::date::Date;
use sync_core::model::{
    Issue, Purpose, Rule, RuleDraft, SchedulePreset, ValidationContext, validate,
};

use super::rule_store::generate_uid;
use crate::components::edit_conflict::EditConflictNotice;
use crate::components::error_notice::ErrorNotice;
use crate::route::{ListState, Route};
use crate::rules::{StoreError, editing};
use crate::session::Session;
use crate::state::AppState;
use sync_engine::store::rule_key;
use sync_engine::store::rules::other_rule_codes;

/// Where a save stands.
#[derive(Clone, Debug, PartialEq)]
enum SaveState {
    Idle,
    Saving,
    Saved(String),
    Invalid(Vec<Issue>),
    Failed(String),
    /// Someone else saved the rule after it was opened: the message and the user's rule.
    Conflict(String, Box<Rule>),
    /// Their version was loaded into the wizard.
    Reloaded,
}

impl SaveState {
    fn of(outcome: Result<String, StoreError>) -> SaveState {
        match outcome {
            Ok(key) => SaveState::Saved(key),
            Err(error) => SaveState::Failed(error.to_string()),
        }
    }
}

/// The save-as-rule form.
#[component]
pub fn SaveRule(
    /// Today in the browser.
    today: Date,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let draft = expect_context::<AppState>().draft;
    let state = RwSignal::new(SaveState::Idle);
    let client = session.client.clone();
    let on_save = move |_| {
        let client = client.clone();
        state.set(SaveState::Saving);
        spawn_local(async move {
            let current = draft.get_untracked();
            let id = current.id.clone().unwrap_or_else(generate_uid);
            let codes = match other_rule_codes(&client, current.id.as_deref()).await {
                Ok(codes) => codes,
                Err(error) => return state.set(SaveState::Failed(error.to_string())),
            };
            let mut context = ValidationContext::new(Purpose::SaveRule, today, &id);
            context.other_rule_codes = codes;
            let (rule, issues) = validate(&current, &context);
            let Some(rule) = rule else {
                return state.set(SaveState::Invalid(
                    issues.into_iter().filter(Issue::is_error).collect(),
                ));
            };
            let rule = rule.into_rule();
            match editing::save_rule(&client, &rule).await {
                Ok(()) => {
                    draft.update(|draft| draft.id = Some(rule.id.clone()));
                    state.set(SaveState::Saved(rule_key(&rule.id)));
                }
                Err(error @ StoreError::EditConflict { .. }) => {
                    state.set(SaveState::Conflict(error.to_string(), Box::new(rule)));
                }
                Err(error) => state.set(SaveState::Failed(error.to_string())),
            }
        });
    };
    let client = session.client.clone();
    let on_overwrite = Callback::new(move |()| {
        let SaveState::Conflict(_, rule) = state.get_untracked() else {
            return;
        };
        let client = client.clone();
        state.set(SaveState::Saving);
        spawn_local(async move {
            let outcome = editing::overwrite_edited_rule(&client, &rule).await;
            state.set(SaveState::of(outcome.map(|()| rule_key(&rule.id))));
        });
    });
    let client = session.client.clone();
    let on_reload = Callback::new(move |()| {
        let SaveState::Conflict(_, rule) = state.get_untracked() else {
            return;
        };
        let client = client.clone();
        state.set(SaveState::Saving);
        spawn_local(async move {
            match editing::open_for_edit(&client, &rule.id).await {
                Ok(theirs) => {
                    draft.set(RuleDraft::from_rule(&theirs));
                    state.set(SaveState::Reloaded);
                }
                Err(error) => state.set(SaveState::Failed(error.to_string())),
            }
        });
    });
    let on_cancel = Callback::new(move |()| state.set(SaveState::Idle));
    let text_field = move |label: String,
                           test: &'static str,
                           get: fn(&RuleDraft) -> String,
                           set: fn(&mut RuleDraft, String)| {
        view! {
            <label class="field">
                <span class="field__label">{label}</span>
                <input class="input" type="text" data-test=test
                    prop:value=move || draft.with(get)
                    on:change=move |event| { let value = event_target_value(&event); draft.update(|draft| set(draft, value)) }/>
            </label>
        }
    };
    view! {
        <section class="panel save-rule" data-test="save-rule">
            <h3 class="panel__title">{t!("save-rule-title")}</h3>
            <p class="wizard__help">{t!("save-rule-help")}</p>
            <div class="save-rule__fields">
                {text_field(t!("save-rule-name"), "rule-name", |draft| draft.name.clone(), |draft, value| draft.name = value)}
                {text_field(t!("save-rule-code"), "rule-code", |draft| draft.code.clone(), |draft, value| draft.code = value)}
                {text_field(t!("save-rule-description"), "rule-description", |draft| draft.description.clone(), |draft, value| draft.description = value)}
                <ScheduleField/>
            </div>
            <button class="button" type="button" data-test="summary-save-rule"
                disabled=move || state.get() == SaveState::Saving on:click=on_save>{t!("save-rule-title")}</button>
            {move || match state.get() {
                SaveState::Idle | SaveState::Saving => ().into_any(),
                SaveState::Saved(key) => view! {
                    <p class="notice notice--success" role="status" data-test="save-rule-saved" data-key=key>
                        {t!("save-rule-saved")} " "
                        <a href=Route::Rules(ListState::default()).to_hash()>{t!("save-rule-see-rules")}</a>
                    </p>
                }.into_any(),
                SaveState::Reloaded => view! {
                    <p class="notice" role="status" data-test="save-rule-reloaded">
                        {t!("save-rule-reloaded")}
                    </p>
                }.into_any(),
                SaveState::Conflict(message, _) => view! {
                    <EditConflictNotice message on_overwrite on_reload on_cancel/>
                }.into_any(),
                SaveState::Invalid(issues) => view! {
                    <div class="notice notice--critical" role="alert" data-test="save-rule-problems">
                        <strong class="notice__title">{t!("save-rule-cannot-save-yet")}</strong>
                        <ul class="problems">
                            {issues.into_iter().map(|issue| view! {
                                <li data-test="save-rule-problem" data-code=format!("{:?}", issue.code)>{issue.message}</li>
                            }).collect_view()}
                        </ul>
                    </div>
                }.into_any(),
                SaveState::Failed(message) => view! { <ErrorNotice title=t!("save-rule-could-not-save") message/> }.into_any(),
            }}
        </section>
    }
}

/// Schedule: none, a preset, or a cron expression.
#[component]
fn ScheduleField() -> impl IntoView {
    let draft = expect_context::<AppState>().draft;
    let cron = move || draft.with(|draft| draft.schedule.clone().unwrap_or_default());
    let presets = [
        ("", t!("schedule-by-hand")),
        (SchedulePreset::Daily.cron(), t!("schedule-daily")),
        (SchedulePreset::Weekly.cron(), t!("schedule-weekly")),
        (SchedulePreset::Monthly.cron(), t!("schedule-monthly")),
    ];
    let set = move |value: String| {
        draft.update(|draft| draft.schedule = Some(value).filter(|value| !value.trim().is_empty()))
    };
    view! {
        <label class="field">
            <span class="field__label">{t!("schedule-label")}</span>
            <select class="select" data-test="rule-schedule-preset" on:change=move |event| set(event_target_value(&event))>
                {presets.clone().into_iter().map(|(value, label)| view! {
                    <option value=value selected=move || cron() == value>{label}</option>
                }).collect_view()}
                <option value=cron selected=move || !cron().is_empty() && !presets.iter().any(|(value, _)| *value == cron())>{t!("schedule-custom")}</option>
            </select>
        </label>
        <label class="field">
            <span class="field__label">{t!("schedule-cron")}</span>
            <input class="input" type="text" data-test="rule-schedule-cron" prop:value=cron
                on:change=move |event| set(event_target_value(&event))/>
        </label>
    }
}
