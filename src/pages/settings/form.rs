//! The settings form: one field per setting, Save, and the outcome (saved, every problem, or
//! the server's refusal).

use leptos::prelude::*;
use leptos::task::spawn_local;
use sync_core::model::{
    ImportStrategy, READ_CHUNK_SIZE_RANGE, RETENTION_DAYS_RANGE, SettingsField, SettingsForm,
    SettingsProblem, WRITE_CHUNK_SIZE_RANGE,
};

use crate::components::access_denied::AccessDenied;
use crate::components::error_notice::ErrorNotice;
use crate::session::Session;
use sync_engine::store::settings;

/// What the last Save did.
#[derive(Clone, Debug)]
enum Outcome {
    Saved,
    Invalid(Vec<SettingsProblem>),
    Denied,
    Failed(String),
}

/// The label of a strategy in the settings (the wizard says "New" where this says "New only").
fn strategy_label(strategy: ImportStrategy) -> String {
    match strategy {
        ImportStrategy::CreateAndUpdate => t!("strategy-create-and-update"),
        ImportStrategy::Create => t!("settings-strategy-create"),
        ImportStrategy::Update => t!("settings-strategy-update"),
    }
}

const STRATEGIES: [(ImportStrategy, &str, &str); 3] = [
    (
        ImportStrategy::CreateAndUpdate,
        "CREATE_AND_UPDATE",
        "New and updates",
    ),
    (ImportStrategy::Create, "CREATE", "New only"),
    (ImportStrategy::Update, "UPDATE", "Updates only"),
];

/// The editable form.
#[component]
pub fn SettingsEditor(
    /// The form's starting values.
    initial: SettingsForm,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let form = RwSignal::new(initial);
    let outcome = RwSignal::new(None::<Outcome>);
    let saving = RwSignal::new(false);
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let settings = match form.get_untracked().validate() {
            Ok(settings) => settings,
            Err(problems) => {
                outcome.set(Some(Outcome::Invalid(problems)));
                return;
            }
        };
        let client = session.client.clone();
        saving.set(true);
        outcome.set(None);
        spawn_local(async move {
            let result = settings::save_settings(&client, &settings).await;
            saving.set(false);
            outcome.set(Some(match result {
                Ok(()) => Outcome::Saved,
                Err(error) if error.is_no_access() => Outcome::Denied,
                Err(error) => Outcome::Failed(error.to_string()),
            }));
        });
    };
    let problem_of = move |field: SettingsField| {
        move || {
            match outcome.get() {
            Some(Outcome::Invalid(problems)) => problems
                .into_iter()
                .find(|problem| problem.field == field)
                .map(|problem| view! { <span class="field__error" data-test="settings-field-error">{problem.message}</span> }),
            _ => None,
        }
        }
    };
    let number = move |label: String,
                       test: &'static str,
                       help: String,
                       field: SettingsField,
                       get: fn(&SettingsForm) -> String,
                       set: fn(&mut SettingsForm, String)| {
        view! {
            <label class="field">
                <span class="field__label">{label}</span>
                <input class="input" inputmode="numeric" data-test=test
                    prop:value=move || form.with(get)
                    on:input=move |event| { let text = event_target_value(&event); form.update(|form| set(form, text)); }/>
                <span class="field__help">{help}</span>
                {problem_of(field)}
            </label>
        }
    };
    view! {
        <form class="settings__form" data-test="settings-form" on:submit=save novalidate=true>
            {number(t!("settings-retention"), "settings-retention",
                t!("settings-retention-help", min = RETENTION_DAYS_RANGE.0, max = RETENTION_DAYS_RANGE.1),
                SettingsField::RetentionDays, |form| form.retention_days.clone(), |form, text| form.retention_days = text)}
            {number(t!("settings-read-chunk"), "settings-read-chunk",
                t!("settings-read-chunk-help", min = READ_CHUNK_SIZE_RANGE.0, max = READ_CHUNK_SIZE_RANGE.1),
                SettingsField::ReadChunkSize, |form| form.read_chunk_size.clone(), |form, text| form.read_chunk_size = text)}
            {number(t!("settings-write-chunk"), "settings-write-chunk",
                t!("settings-write-chunk-help", min = WRITE_CHUNK_SIZE_RANGE.0, max = WRITE_CHUNK_SIZE_RANGE.1),
                SettingsField::WriteChunkSize, |form| form.write_chunk_size.clone(), |form, text| form.write_chunk_size = text)}
            <label class="field">
                <span class="field__label">{t!("settings-default-strategy")}</span>
                <select class="input" data-test="settings-import-strategy" on:change=move |event| {
                    let value = event_target_value(&event);
                    if let Some((strategy, _, _)) = STRATEGIES.iter().find(|(_, param, _)| *param == value) {
                        form.update(|form| form.default_import_strategy = *strategy);
                    }
                }>
                    {STRATEGIES.iter().map(|(strategy, param, _)| {
                        let strategy = *strategy;
                        view! { <option value=*param selected=move || form.with(|form| form.default_import_strategy == strategy)>{strategy_label(strategy)}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="checkbox">
                <input type="checkbox" data-test="settings-dry-run"
                    prop:checked=move || form.with(|form| form.default_dry_run)
                    on:change=move |event| { let checked = event_target_checked(&event); form.update(|form| form.default_dry_run = checked); }/>
                " "{t!("settings-dry-run")}
            </label>
            <div class="settings__actions">
                <button class="button button--primary" type="submit" data-test="settings-save"
                    disabled=move || saving.get()>
                    {move || if saving.get() { t!("settings-saving") } else { t!("settings-save") }}
                </button>
            </div>
            {move || outcome.get().map(|outcome| match outcome {
                Outcome::Saved => view! {
                    <p class="notice notice--success" role="status" data-test="settings-saved">{t!("settings-saved")}</p>
                }.into_any(),
                Outcome::Invalid(problems) => view! {
                    <div class="notice notice--critical" role="alert" data-test="settings-problems">
                        <strong class="notice__title">{t!("settings-not-saved")}</strong>
                        <ul>{problems.into_iter().map(|problem| view! {
                            <li data-test="settings-problem">{problem.message}</li>
                        }).collect_view()}</ul>
                    </div>
                }.into_any(),
                Outcome::Denied => view! { <AccessDenied/> }.into_any(),
                Outcome::Failed(message) => view! {
                    <div data-test="settings-save-error">
                        <ErrorNotice title=t!("settings-could-not-save") message/>
                    </div>
                }.into_any(),
            })}
        </form>
    }
}
