//! Step 4, aggregation: off by default; on, the period type to aggregate to, what aggregation
//! does, and every selected data element that cannot be aggregated with what happens to it
//! (sync-core's `DataElementSpec::aggregation_problem` decides), and what the chosen destination
//! will store of the aggregates (`fit`).

use leptos::prelude::*;
use sync_core::date::Date;
use sync_core::model::{IssueCode, Purpose, ValidationContext, validate};
use sync_core::period::PeriodType;

use super::fit::DestinationFitNotice;
use super::selected_data::selected_data;
use crate::components::error_notice::ErrorNotice;
use crate::session::Session;
use crate::state::AppState;

/// Period types offered, by server name.
pub const AGGREGATION_PERIOD_TYPES: [&str; 11] = [
    "Daily",
    "Weekly",
    "Monthly",
    "Quarterly",
    "SixMonthly",
    "Yearly",
    "FinancialApril",
    "FinancialJuly",
    "FinancialSep",
    "FinancialOct",
    "FinancialNov",
];

/// The label of a period type name (the name itself when it is not offered).
pub fn period_type_label(name: &str) -> String {
    match name {
        "Daily" => t!("period-type-daily"),
        "Weekly" => t!("period-type-weekly"),
        "Monthly" => t!("period-type-monthly"),
        "Quarterly" => t!("period-type-quarterly"),
        "SixMonthly" => t!("period-type-six-monthly"),
        "Yearly" => t!("period-type-yearly"),
        "FinancialApril" => t!("period-type-financial-april"),
        "FinancialJuly" => t!("period-type-financial-july"),
        "FinancialSep" => t!("period-type-financial-september"),
        "FinancialOct" => t!("period-type-financial-october"),
        "FinancialNov" => t!("period-type-financial-november"),
        other => other.to_string(),
    }
}

/// The aggregation step.
#[component]
pub fn AggregationStep(
    /// The source's today.
    today: Date,
) -> impl IntoView {
    let draft = expect_context::<AppState>().draft;
    let enabled = move || draft.with(|draft| draft.aggregation_enabled);
    let period_type =
        move || draft.with(|draft| draft.aggregation_period_type.clone().unwrap_or_default());
    let on_toggle = move |event| {
        let on = event_target_checked(&event);
        draft.update(|draft| draft.aggregation_enabled = on)
    };
    let on_period_type = move |event| {
        let name = event_target_value(&event);
        draft.update(|draft| {
            draft.aggregation_period_type = Some(name).filter(|name| !name.is_empty())
        })
    };
    view! {
        <h2 class="wizard__heading">{t!("step-aggregation")}</h2>
        <label class="choice">
            <input type="checkbox" data-test="aggregation-toggle" prop:checked=enabled on:change=on_toggle/>
            {t!("aggregation-toggle")}
        </label>
        <Show when=enabled fallback=|| view! {
            <p class="wizard__help" data-test="aggregation-off-note">
                {t!("aggregation-off-note")}
            </p>
        }>
            <label class="field">
                <span class="field__label">{t!("aggregation-period-type")}</span>
                <select class="select" data-test="aggregation-period-type" prop:value=period_type on:change=on_period_type>
                    <option value="">{t!("aggregation-choose-period-type")}</option>
                    {AGGREGATION_PERIOD_TYPES.iter().map(|name| view! {
                        <option value=*name selected=move || period_type() == *name>{period_type_label(name)}</option>
                    }).collect_view()}
                </select>
            </label>
            <p class="wizard__help" data-test="aggregation-explanation">
                {t!("aggregation-explanation")}
            </p>
            <NotAggregatable/>
            <DestinationFitNotice today/>
        </Show>
    }
}

/// The selected data elements that cannot be aggregated, with the reason and the consequence.
#[component]
fn NotAggregatable() -> impl IntoView {
    let session = expect_context::<Session>();
    let draft = expect_context::<AppState>().draft;
    let selection = draft.with_untracked(|draft| draft.selection.clone());
    let client = session.client.clone();
    let data = LocalResource::new(move || {
        let client = client.clone();
        let selection = selection.clone();
        async move { selected_data(&client, &selection).await }
    });
    view! {
        <Transition fallback=|| view! { <p class="loading">{t!("aggregation-checking")}</p> }>
            {move || data.get().map(|result| match result {
                Ok(data) => {
                    let period_types: Vec<(String, String)> = data.data_sets.iter()
                        .map(|data_set| (data_set.id.clone(), data_set.period_type.clone()))
                        .collect();
                    let refused: Vec<(String, String)> = data.data_elements.iter()
                        .filter_map(|element| element.to_spec().aggregation_problem().map(|reason| (element.name.clone(), reason)))
                        .collect();
                    let total = data.data_elements.len();
                    let list = if refused.is_empty() {
                        view! {
                            <p class="wizard__help" data-test="aggregation-all-aggregatable">
                                {t!("aggregation-all-aggregatable", total = total)}
                            </p>
                        }.into_any()
                    } else {
                        view! {
                            <div class="notice notice--warning" data-test="not-aggregatable">
                                <strong class="notice__title">
                                    {t!("aggregation-not-aggregatable", count = refused.len(), total = total)}
                                </strong>
                                <p class="notice__message">
                                    {t!("aggregation-not-aggregatable-note")}
                                </p>
                                <ul class="problems">
                                    {refused.into_iter().map(|(name, reason)| view! {
                                        <li data-test="not-aggregatable-item">
                                            <span data-test="not-aggregatable-name">{name}</span>": "{reason}
                                        </li>
                                    }).collect_view()}
                                </ul>
                            </div>
                        }.into_any()
                    };
                    view! { <ShorterThanData period_types/> {list} }.into_any()
                }
                Err(error) => view! {
                    <ErrorNotice title=t!("aggregation-could-not-load") message=error.to_string()/>
                }.into_any(),
            })}
        </Transition>
    }
}

/// sync-core's warnings for data sets collected over periods longer than the target type.
#[component]
fn ShorterThanData(
    /// Id and period type name of each selected data set.
    period_types: Vec<(String, String)>,
) -> impl IntoView {
    let draft = expect_context::<AppState>().draft;
    let mut context =
        ValidationContext::new(Purpose::RunNow, expect_context::<Session>().today(), "");
    context.data_set_period_types = period_types
        .iter()
        .filter_map(|(id, name)| {
            PeriodType::from_name(name)
                .ok()
                .map(|period_type| (id.clone(), period_type))
        })
        .collect();
    let warnings = move || {
        draft
            .with(|draft| validate(draft, &context).1)
            .into_iter()
            .filter(|issue| issue.code == IssueCode::AggregationShorterThanData)
            .map(|issue| issue.message)
            .collect::<Vec<_>>()
    };
    view! {
        {move || {
            let warnings = warnings();
            (!warnings.is_empty()).then(|| view! {
                <div class="notice notice--warning" data-test="aggregation-shorter-than-data">
                    <strong class="notice__title">{t!("aggregation-shorter-than-data")}</strong>
                    <ul class="problems">
                        {warnings.into_iter().map(|message| view! { <li>{message}</li> }).collect_view()}
                    </ul>
                </div>
            })
        }}
    }
}
