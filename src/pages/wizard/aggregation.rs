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

/// Period types offered, by server name, with their labels.
pub const AGGREGATION_PERIOD_TYPES: [(&str, &str); 11] = [
    ("Daily", "Daily"),
    ("Weekly", "Weekly"),
    ("Monthly", "Monthly"),
    ("Quarterly", "Quarterly"),
    ("SixMonthly", "Six-monthly"),
    ("Yearly", "Yearly"),
    ("FinancialApril", "Financial year starting April"),
    ("FinancialJuly", "Financial year starting July"),
    ("FinancialSep", "Financial year starting September"),
    ("FinancialOct", "Financial year starting October"),
    ("FinancialNov", "Financial year starting November"),
];

/// The label of a period type name.
pub fn period_type_label(name: &str) -> String {
    AGGREGATION_PERIOD_TYPES
        .iter()
        .find(|(candidate, _)| *candidate == name)
        .map_or_else(|| name.to_string(), |(_, label)| label.to_string())
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
        <h2 class="wizard__heading">"Aggregation"</h2>
        <label class="choice">
            <input type="checkbox" data-test="aggregation-toggle" prop:checked=enabled on:change=on_toggle/>
            "Aggregate the values before sending"
        </label>
        <Show when=enabled fallback=|| view! {
            <p class="wizard__help" data-test="aggregation-off-note">
                "Aggregation is off: the values are sent as they are, for the selected organisation units only."
            </p>
        }>
            <label class="field">
                <span class="field__label">"Period type to aggregate to"</span>
                <select class="select" data-test="aggregation-period-type" prop:value=period_type on:change=on_period_type>
                    <option value="">"Choose a period type"</option>
                    {AGGREGATION_PERIOD_TYPES.iter().map(|(name, label)| view! {
                        <option value=*name selected=move || period_type() == *name>{*label}</option>
                    }).collect_view()}
                </select>
            </label>
            <p class="wizard__help" data-test="aggregation-explanation">
                "Each selected organisation unit receives the aggregate of its own values and the values of all its children, for each period of the chosen type. "
                "Each data element is aggregated as DHIS2 analytics does it, following its aggregation type: sums are added up, averages averaged, "
                "\"last value\" types take the latest value, and so on. The aggregation runs in your browser."
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
        <Transition fallback=|| view! { <p class="loading">"Checking the data elements…"</p> }>
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
                                {format!("All {total} selected data elements can be aggregated.")}
                            </p>
                        }.into_any()
                    } else {
                        view! {
                            <div class="notice notice--warning" data-test="not-aggregatable">
                                <strong class="notice__title">
                                    {format!("{} of {total} selected data elements cannot be aggregated", refused.len())}
                                </strong>
                                <p class="notice__message">
                                    "Their values are not sent when aggregating; the report lists them as not aggregated."
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
                    <ErrorNotice title="Could not load the selected data elements" message=error.to_string()/>
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
                    <strong class="notice__title">"The data is collected over longer periods"</strong>
                    <ul class="problems">
                        {warnings.into_iter().map(|message| view! { <li>{message}</li> }).collect_view()}
                    </ul>
                </div>
            })
        }}
    }
}
