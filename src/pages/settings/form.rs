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
    let number = move |label: &'static str,
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
            {number("Keep reports for (days)", "settings-retention",
                format!("Reports older than this are deleted. {} to {} days.", RETENTION_DAYS_RANGE.0, RETENTION_DAYS_RANGE.1),
                SettingsField::RetentionDays, |form| form.retention_days.clone(), |form, text| form.retention_days = text)}
            {number("Org units per read request", "settings-read-chunk",
                format!("How many org units each read of the source asks for. {} to {}.", READ_CHUNK_SIZE_RANGE.0, READ_CHUNK_SIZE_RANGE.1),
                SettingsField::ReadChunkSize, |form| form.read_chunk_size.clone(), |form, text| form.read_chunk_size = text)}
            {number("Values per write request", "settings-write-chunk",
                format!("How many data values each request to the destination sends. {} to {}.", WRITE_CHUNK_SIZE_RANGE.0, WRITE_CHUNK_SIZE_RANGE.1),
                SettingsField::WriteChunkSize, |form| form.write_chunk_size.clone(), |form, text| form.write_chunk_size = text)}
            <label class="field">
                <span class="field__label">"Default import strategy"</span>
                <select class="input" data-test="settings-import-strategy" on:change=move |event| {
                    let value = event_target_value(&event);
                    if let Some((strategy, _, _)) = STRATEGIES.iter().find(|(_, param, _)| *param == value) {
                        form.update(|form| form.default_import_strategy = *strategy);
                    }
                }>
                    {STRATEGIES.iter().map(|(strategy, param, label)| {
                        let strategy = *strategy;
                        view! { <option value=*param selected=move || form.with(|form| form.default_import_strategy == strategy)>{*label}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="checkbox">
                <input type="checkbox" data-test="settings-dry-run"
                    prop:checked=move || form.with(|form| form.default_dry_run)
                    on:change=move |event| { let checked = event_target_checked(&event); form.update(|form| form.default_dry_run = checked); }/>
                " New syncs start as a dry run"
            </label>
            <div class="settings__actions">
                <button class="button button--primary" type="submit" data-test="settings-save"
                    disabled=move || saving.get()>
                    {move || if saving.get() { "Saving…" } else { "Save" }}
                </button>
            </div>
            {move || outcome.get().map(|outcome| match outcome {
                Outcome::Saved => view! {
                    <p class="notice notice--success" role="status" data-test="settings-saved">"Settings saved."</p>
                }.into_any(),
                Outcome::Invalid(problems) => view! {
                    <div class="notice notice--critical" role="alert" data-test="settings-problems">
                        <strong class="notice__title">"The settings were not saved. Fix these problems:"</strong>
                        <ul>{problems.into_iter().map(|problem| view! {
                            <li data-test="settings-problem">{problem.message}</li>
                        }).collect_view()}</ul>
                    </div>
                }.into_any(),
                Outcome::Denied => view! { <AccessDenied/> }.into_any(),
                Outcome::Failed(message) => view! {
                    <div data-test="settings-save-error">
                        <ErrorNotice title="The settings could not be saved" message/>
                    </div>
                }.into_any(),
            })}
        </form>
    }
}
