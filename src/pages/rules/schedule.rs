//! The schedule cell of a rule row: the schedule in words, and an inline editor (none, a preset
//! or a cron expression). Opening the editor reads the rule again with its `lastUpdated`;
//! saving replaces it only if nobody saved it since, and otherwise asks what to do.

use leptos::prelude::*;
use leptos::task::spawn_local;
use sync_core::model::{Rule, Schedule, SchedulePreset, check_cron};

use super::RulesContext;
use crate::components::edit_conflict::EditConflictNotice;
use crate::rules::StoreError;
use crate::rules::summary::{preset_name, schedule_label};
use sync_engine::store::rules::{self as store, VersionedRule};

const PRESETS: [SchedulePreset; 3] = [
    SchedulePreset::Daily,
    SchedulePreset::Weekly,
    SchedulePreset::Monthly,
];

/// The rule opened in the editor and the version it was read at.
#[derive(Clone)]
struct Opened {
    rule: Rule,
    last_updated: Option<String>,
}

/// What the select offers: "" (none), a preset's cron, or "custom".
fn choice_of(schedule: Option<&Schedule>) -> String {
    match schedule {
        None => String::new(),
        Some(schedule) if schedule.preset().is_some() => schedule.cron.clone(),
        Some(_) => "custom".into(),
    }
}

/// The schedule of `rule`, editable in place.
#[component]
pub(crate) fn ScheduleCell(rule: Rule) -> impl IntoView {
    let context = expect_context::<RulesContext>();
    let opened = RwSignal::new(None::<Opened>);
    let choice = RwSignal::new(String::new());
    let cron = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let conflict = RwSignal::new(None::<String>);
    let open = {
        let (context, id) = (context.clone(), rule.id.clone());
        move || {
            let (context, id) = (context.clone(), id.clone());
            spawn_local(async move {
                match store::read_versioned(&context.client, &id).await {
                    Ok(VersionedRule { rule, last_updated }) => {
                        choice.set(choice_of(rule.schedule.as_ref()));
                        cron.set(
                            rule.schedule
                                .as_ref()
                                .map(|s| s.cron.clone())
                                .unwrap_or_default(),
                        );
                        problem.set(None);
                        conflict.set(None);
                        opened.set(Some(Opened { rule, last_updated }));
                    }
                    Err(error) => problem.set(Some(format!("Could not open the rule: {error}"))),
                }
            });
        }
    };
    let edited = move || -> Result<Rule, String> {
        let mut rule = opened.get_untracked().ok_or("nothing is open")?.rule;
        let cron_text = match choice.get_untracked().as_str() {
            "" => None,
            "custom" => {
                let text = cron.get_untracked().trim().to_string();
                check_cron(&text).map_err(|error| format!("Cron expression: {error}"))?;
                Some(text)
            }
            preset => Some(preset.to_string()),
        };
        // Pause and the notified group stay as they were; a new schedule starts active.
        rule.schedule = cron_text.map(|cron| match rule.schedule.take() {
            Some(previous) => Schedule { cron, ..previous },
            None => Schedule::new(cron),
        });
        Ok(rule)
    };
    let finish = {
        let context = context.clone();
        move |name: String, outcome: Result<Option<String>, StoreError>| match outcome {
            Ok(_) => {
                opened.set(None);
                context.done(Ok(format!("Saved the schedule of \"{name}\".")));
            }
            Err(error @ StoreError::EditConflict { .. }) => conflict.set(Some(error.to_string())),
            Err(error) => problem.set(Some(format!("Could not save: {error}"))),
        }
    };
    let save = {
        let (context, finish) = (context.clone(), finish.clone());
        move |overwrite: bool| {
            let rule = match edited() {
                Ok(rule) => rule,
                Err(message) => return problem.set(Some(message)),
            };
            let expected = opened
                .get_untracked()
                .and_then(|opened| opened.last_updated);
            let (context, finish) = (context.clone(), finish.clone());
            spawn_local(async move {
                let outcome = if overwrite {
                    // Their schedule goes; the runs' record on the entry stays.
                    store::overwrite_edited(&context.client, &rule).await
                } else {
                    store::save_checked(&context.client, &rule, expected.as_deref()).await
                };
                finish(rule.name.clone(), outcome);
            });
        }
    };
    let on_save = {
        let save = save.clone();
        move |_| save(false)
    };
    let on_overwrite = Callback::new(move |()| save(true));
    let on_reload = Callback::new({
        let open = open.clone();
        move |()| open()
    });
    let on_cancel = Callback::new(move |()| {
        opened.set(None);
        conflict.set(None);
    });
    let label = schedule_label(rule.schedule.as_ref());
    view! {
        <span data-test="rule-schedule">{label}</span>" "
        <button class="button button--small" data-test="rule-schedule-edit"
            on:click=move |_| open()>"Change"</button>
        <Show when=move || opened.with(Option::is_some)>
            <div class="schedule-editor" data-test="rule-schedule-editor">
                <select class="input" data-test="rule-schedule-choice"
                    prop:value=move || choice.get()
                    on:change=move |event| choice.set(event_target_value(&event))>
                    <option value="">"Not scheduled"</option>
                    {PRESETS.into_iter().map(|preset| view! {
                        <option value=preset.cron()>{preset_name(preset)}</option>
                    }).collect_view()}
                    <option value="custom">"Cron expression"</option>
                </select>
                <Show when=move || choice.get() == "custom">
                    <input class="input" data-test="rule-schedule-edit-cron" placeholder="0 2 * * *"
                        prop:value=move || cron.get()
                        on:input=move |event| cron.set(event_target_value(&event))/>
                </Show>
                <button class="button button--small button--primary" data-test="rule-schedule-save"
                    on:click=on_save.clone()>"Save"</button>
                <button class="button button--small" data-test="rule-schedule-cancel"
                    on:click=move |_| on_cancel.run(())>"Cancel"</button>
            </div>
        </Show>
        {move || problem.get().map(|text| view! {
            <p class="field__error" data-test="rule-schedule-problem">{text}</p>
        })}
        {move || conflict.get().map(|message| view! {
            <EditConflictNotice message on_overwrite on_reload on_cancel/>
        })}
    }
}
