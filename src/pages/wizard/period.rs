//! Step 2, period: one of DHIS2's relative periods (every `RelativePeriodEnum` value, grouped and
//! named as DHIS2's period selector shows them), fixed start and end dates, or (for a saved rule)
//! the values changed since its last successful sync; and the dates the choice resolves to today
//! (with the instance's financial year and weekly start settings).

use leptos::prelude::*;
use sync_core::date::Date;
use sync_core::model::PeriodDraft;
use sync_core::period::relative::{RelativePeriod, RelativePeriodGroup};

use super::period_dates::{
    PeriodSettings, relative_period_group_label, relative_period_label, resolve_period,
};
use crate::session::Session;
use crate::state::AppState;

/// The period step.
#[component]
pub fn PeriodStep(
    /// Today in the browser.
    today: Date,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let draft = expect_context::<AppState>().draft;
    let client = session.client.clone();
    let settings = LocalResource::new(move || {
        let client = client.clone();
        async move { client.analytics_settings().await }
    });
    let period = move || draft.with(|draft| draft.period.clone());
    let is_fixed = move || matches!(period(), Some(PeriodDraft::Fixed { .. }));
    let set_period = move |period: PeriodDraft| draft.update(|draft| draft.period = Some(period));
    let is_relative = move || matches!(period(), Some(PeriodDraft::Relative { .. }));
    let is_incremental =
        move || matches!(period(), Some(PeriodDraft::SinceLastSuccessfulSync { .. }));
    let since_value = move || match period() {
        Some(PeriodDraft::SinceLastSuccessfulSync { initial_since }) => {
            initial_since.unwrap_or_default()
        }
        _ => String::new(),
    };
    let choose_incremental = move |_| {
        if !is_incremental() {
            set_period(PeriodDraft::SinceLastSuccessfulSync {
                initial_since: None,
            });
        }
    };
    let on_since = move |event| {
        let text = event_target_value(&event);
        set_period(PeriodDraft::SinceLastSuccessfulSync {
            initial_since: Some(text).filter(|text| !text.is_empty()),
        })
    };
    let watermark = move || draft.with(|draft| draft.last_successful_run);
    let relative_value = move || match period() {
        Some(PeriodDraft::Relative { relative_period }) => relative_period,
        _ => String::new(),
    };
    let (start_value, end_value) = (
        move || match period() {
            Some(PeriodDraft::Fixed { start_date, .. }) => start_date,
            _ => String::new(),
        },
        move || match period() {
            Some(PeriodDraft::Fixed { end_date, .. }) => end_date,
            _ => String::new(),
        },
    );
    let choose_relative = move |_| {
        if !is_relative() {
            set_period(PeriodDraft::Relative {
                relative_period: String::new(),
            });
        }
    };
    let choose_fixed = move |_| {
        if !is_fixed() {
            set_period(PeriodDraft::Fixed {
                start_date: String::new(),
                end_date: String::new(),
            });
        }
    };
    let on_relative = move |event| {
        set_period(PeriodDraft::Relative {
            relative_period: event_target_value(&event),
        })
    };
    let on_start = move |event| {
        set_period(PeriodDraft::Fixed {
            start_date: event_target_value(&event),
            end_date: end_value(),
        })
    };
    let on_end = move |event| {
        set_period(PeriodDraft::Fixed {
            start_date: start_value(),
            end_date: event_target_value(&event),
        })
    };
    let resolved = move || {
        let settings = settings
            .get()
            .and_then(Result::ok)
            .map(|settings| PeriodSettings::from_settings(&settings))
            .unwrap_or_default();
        period().and_then(|period| resolve_period(&period, today, settings))
    };
    view! {
        <h2 class="wizard__heading">{t!("step-period")}</h2>
        <fieldset class="choices">
            <legend class="field__label">{t!("period-which")}</legend>
            <label class="choice">
                <input type="radio" name="period-kind" data-test="period-kind-relative"
                    prop:checked=is_relative on:change=choose_relative/>
                {t!("period-relative")}
            </label>
            <label class="choice">
                <input type="radio" name="period-kind" data-test="period-kind-fixed"
                    prop:checked=is_fixed on:change=choose_fixed/>
                {t!("period-fixed")}
            </label>
            <label class="choice">
                <input type="radio" name="period-kind" data-test="period-kind-incremental"
                    prop:checked=is_incremental on:change=choose_incremental/>
                {t!("period-incremental")}
            </label>
        </fieldset>
        <Show when=is_incremental>
            <p class="wizard__help" data-test="period-incremental-help">
                {t!("period-incremental-help")}
            </p>
            <p class="wizard__resolved" data-test="period-watermark">{move || match watermark() {
                Some(at) => t!("period-watermark", at = at.to_string()),
                None => t!("period-not-synced-yet"),
            }}</p>
            <label class="field">
                <span class="field__label">{t!("period-initial-since")}</span>
                <input class="input" type="date" data-test="period-initial-since"
                    prop:value=since_value on:change=on_since/>
            </label>
        </Show>
        <Show when=is_relative>
            <label class="field">
                <span class="field__label">{t!("period-relative")}</span>
                <select class="select" data-test="period-relative-select"
                    prop:value=relative_value on:change=on_relative>
                    <option value="">{t!("period-choose")}</option>
                    {RelativePeriodGroup::all().iter().map(|group| view! {
                        <optgroup label=relative_period_group_label(*group) data-test="period-relative-group">
                            {group.relative_periods().iter().map(|relative| {
                                let name = relative.name();
                                view! {
                                    <option value=name selected=move || relative_value() == name>{relative_period_label(*relative)}</option>
                                }
                            }).collect_view()}
                        </optgroup>
                    }).collect_view()}
                    {move || unlisted(&relative_value()).map(|name| {
                        let value = name.clone();
                        view! { <option value=value selected=true>{name}</option> }
                    })}
                </select>
            </label>
        </Show>
        <Show when=is_fixed>
            <div class="toolbar">
                <label class="field">
                    <span class="field__label">{t!("period-start-date")}</span>
                    <input class="input" type="date" data-test="period-start"
                        prop:value=start_value on:change=on_start/>
                </label>
                <label class="field">
                    <span class="field__label">{t!("period-end-date")}</span>
                    <input class="input" type="date" data-test="period-end"
                        prop:value=end_value on:change=on_end/>
                </label>
            </div>
        </Show>
        {move || resolved().map(|resolved| view! {
            <p class="wizard__resolved" data-test="period-resolved"
                data-start=resolved.start.to_string() data-end=resolved.end.to_string()>
                {t!("period-from-to", start = resolved.start.to_string(), end = resolved.end.to_string())}
                {(!resolved.periods.is_empty()).then(|| t!(
                    "period-resolved-periods",
                    count = resolved.periods.len(),
                    periods = summarise(&resolved.periods),
                ))}
            </p>
        })}
    }
}

/// A stored name the groups do not list (a rule edited by hand): shown as it is so the select
/// does not pretend another choice; validation says it is not a relative period.
fn unlisted(name: &str) -> Option<String> {
    let listed = name.is_empty()
        || RelativePeriod::from_name(name).is_ok_and(|relative| relative.name() == name);
    (!listed).then(|| name.to_string())
}

/// The first and last ids of a long list, all of a short one.
fn summarise(periods: &[String]) -> String {
    match periods {
        [] => String::new(),
        [only] => only.clone(),
        short if short.len() <= 4 => short.join(", "),
        [first, .., last] => format!("{first} … {last}"),
    }
}
