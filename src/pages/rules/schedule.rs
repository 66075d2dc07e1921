//! The schedule cell of a rule row: the schedule in words with its next run on the instance's
//! clock (or that it is paused, due, or unreadable), the group told when a scheduled run fails,
//! Pause / Resume, and an inline editor (none, a preset or a cron expression; the user group to
//! notify). Opening the editor reads the rule again with its `lastUpdated`; saving replaces it
//! only if nobody saved it since, and otherwise asks what to do. Cron text is checked by
//! sync-core's `check_cron`, the same crate the runner reads it with.

use leptos::prelude::*;
use leptos::task::spawn_local;
use sync_core::model::{
    NotifyGroup, Rule, Schedule, SchedulePreset, ScheduleState, ServerTime, check_cron,
};

use super::RulesContext;
use crate::components::edit_conflict::EditConflictNotice;
use crate::rules::StoreError;
use crate::rules::summary::{preset_name, schedule_label};
use crate::session::Session;

use super::runner::minutes;
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

/// Where the schedule of `rule` stands at `now`, in words (`None` when not scheduled).
fn schedule_state_text(rule: &Rule, now: ServerTime) -> Option<String> {
    let schedule = rule.schedule.as_ref()?;
    let last_run = rule.last_run.as_ref().map(|stamp| stamp.at);
    // The save time is not loaded with the list: a rule never run shows its next occurrence.
    Some(
        match schedule.state(last_run, last_run.or(Some(now)), now) {
            ScheduleState::Paused => t!("rules-schedule-paused"),
            ScheduleState::Invalid(error) => {
                t!("rules-schedule-invalid", error = error.to_string())
            }
            ScheduleState::Due { occurrence } => {
                t!("rules-schedule-due", at = minutes(occurrence))
            }
            ScheduleState::Waiting { next: Some(next) } => {
                t!("rules-schedule-next", at = minutes(next))
            }
            ScheduleState::Waiting { next: None } => t!("rules-schedule-no-further-run"),
        },
    )
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
    // The user groups offered for failure notices ("" = nobody), loaded when the editor opens.
    let groups = RwSignal::new(Vec::<(String, String)>::new());
    let notify = RwSignal::new(String::new());
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
                        notify.set(
                            rule.schedule
                                .as_ref()
                                .and_then(|s| s.notify.as_ref())
                                .map(|group| group.id.clone())
                                .unwrap_or_default(),
                        );
                        problem.set(None);
                        conflict.set(None);
                        opened.set(Some(Opened { rule, last_updated }));
                        match context.client.user_groups().await {
                            Ok(list) => groups.set(
                                list.into_iter()
                                    .map(|group| (group.id, group.name))
                                    .collect(),
                            ),
                            Err(error) => problem.set(Some(t!(
                                "rules-groups-unreadable",
                                error = error.to_string()
                            ))),
                        }
                    }
                    Err(error) => {
                        problem.set(Some(t!("rules-could-not-open", error = error.to_string())))
                    }
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
                check_cron(&text)
                    .map_err(|error| t!("rules-cron-problem", error = error.to_string()))?;
                Some(text)
            }
            preset => Some(preset.to_string()),
        };
        // Pause stays as it was; a new schedule starts active.
        let chosen_group = notify.get_untracked();
        let group = (!chosen_group.is_empty()).then(|| NotifyGroup {
            name: groups
                .get_untracked()
                .into_iter()
                .find(|(id, _)| *id == chosen_group)
                .map(|(_, name)| name)
                .unwrap_or_default(),
            id: chosen_group,
        });
        rule.schedule = cron_text.map(|cron| match rule.schedule.take() {
            Some(previous) => Schedule {
                cron,
                notify: group,
                ..previous
            },
            None => Schedule {
                notify: group,
                ..Schedule::new(cron)
            },
        });
        Ok(rule)
    };
    let finish = {
        let context = context.clone();
        move |name: String, outcome: Result<Option<String>, StoreError>| match outcome {
            Ok(_) => {
                opened.set(None);
                context.done(Ok(t!("rules-schedule-saved", name = name)));
            }
            Err(error @ StoreError::EditConflict { .. }) => conflict.set(Some(error.to_string())),
            Err(error) => problem.set(Some(t!("rules-could-not-save", error = error.to_string()))),
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
    let on_pause = {
        let (context, id) = (context.clone(), rule.id.clone());
        move |_| {
            let (context, id) = (context.clone(), id.clone());
            spawn_local(async move {
                let outcome = async {
                    let VersionedRule {
                        mut rule,
                        last_updated,
                    } = store::read_versioned(&context.client, &id).await?;
                    let Some(schedule) = rule.schedule.as_mut() else {
                        return Ok(None);
                    };
                    schedule.paused = !schedule.paused;
                    let paused = schedule.paused;
                    store::save_checked(&context.client, &rule, last_updated.as_deref()).await?;
                    Ok::<_, StoreError>(Some((rule.name, paused)))
                }
                .await;
                match outcome {
                    Ok(Some((name, true))) => {
                        context.done(Ok(t!("rules-schedule-paused-done", name = name)))
                    }
                    Ok(Some((name, false))) => {
                        context.done(Ok(t!("rules-schedule-resumed", name = name)))
                    }
                    Ok(None) => context.done(Ok(t!("rules-schedule-gone"))),
                    Err(error) => {
                        problem.set(Some(t!("rules-could-not-save", error = error.to_string())))
                    }
                }
            });
        }
    };
    let label = schedule_label(rule.schedule.as_ref());
    let state = schedule_state_text(&rule, expect_context::<Session>().now());
    let paused = rule.schedule.as_ref().map(|schedule| schedule.paused);
    let notified = rule
        .schedule
        .as_ref()
        .and_then(|schedule| schedule.notify.as_ref())
        .map(|group| {
            if group.name.is_empty() {
                group.id.clone()
            } else {
                group.name.clone()
            }
        });
    view! {
        <span data-test="rule-schedule">{label}</span>
        {state.map(|text| view! {
            " "<span class="rule__schedule-state" data-test="rule-schedule-state">{text}</span>
        })}
        {notified.map(|name| view! {
            <span class="rule__note" data-test="rule-schedule-notify">
                {t!("rules-schedule-notifies", name = name)}</span>
        })}
        " "
        {paused.map(|paused| view! {
            <button class="button button--small" data-test="rule-schedule-pause"
                on:click=on_pause.clone()>{if paused { t!("rules-schedule-resume") } else { t!("rules-schedule-pause") }}</button>" "
        })}
        <button class="button button--small" data-test="rule-schedule-edit"
            on:click=move |_| open()>{t!("rules-schedule-change")}</button>
        <Show when=move || opened.with(Option::is_some)>
            <div class="schedule-editor" data-test="rule-schedule-editor">
                <select class="input" data-test="rule-schedule-choice"
                    prop:value=move || choice.get()
                    on:change=move |event| choice.set(event_target_value(&event))>
                    <option value="">{t!("rules-not-scheduled")}</option>
                    {PRESETS.into_iter().map(|preset| view! {
                        <option value=preset.cron()>{preset_name(preset)}</option>
                    }).collect_view()}
                    <option value="custom">{t!("rules-cron-expression")}</option>
                </select>
                <Show when=move || choice.get() == "custom">
                    <input class="input" data-test="rule-schedule-edit-cron" placeholder="0 2 * * *"
                        prop:value=move || cron.get()
                        on:input=move |event| cron.set(event_target_value(&event))/>
                </Show>
                <label class="schedule-editor__notify">
                    {t!("rules-schedule-notify")}
                    <select class="input" data-test="rule-schedule-notify-choice"
                        prop:value=move || notify.get()
                        on:change=move |event| notify.set(event_target_value(&event))>
                        <option value="">{t!("rules-schedule-nobody")}</option>
                        {move || groups.get().into_iter().map(|(id, name)| view! {
                            <option value=id.clone() selected=notify.get_untracked() == id>{name}</option>
                        }).collect_view()}
                    </select>
                </label>
                <button class="button button--small button--primary" data-test="rule-schedule-save"
                    on:click=on_save.clone()>{t!("settings-save")}</button>
                <button class="button button--small" data-test="rule-schedule-cancel"
                    on:click=move |_| on_cancel.run(())>{t!("common-cancel")}</button>
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
