//! The summary's "Compare with the destination": sync-engine's `compare` reads the chosen
//! destination's current values for what a run of the draft would send (through its route or
//! directly, in bounded requests) and this view shows, per data element by name, how many values
//! are new, changed, unchanged and will be deleted, with a few sample rows of each, and the
//! "Skip unchanged values" choice (on once compared) that the summary's "Synchronize now" hands
//! to the run. Nothing is written.

use leptos::prelude::*;
use leptos::task::spawn_local;
use sync_core::date::Date;
use sync_core::model::Purpose;
use sync_engine::compare::{Comparison, ElementComparison, SampleRow, compare_run_to};
use sync_engine::preview::PreviewDestination;

use super::checks::check_draft;
use super::destinations::load_destinations;
use super::download::DownloadComparison;
use crate::components::error_notice::ErrorNotice;
use crate::destinations::{DestinationSecrets, client_for, uses_session};
use crate::run::BrowserHost;
use crate::session::Session;
use crate::state::AppState;

/// Where the comparison stands.
#[derive(Clone, Debug, Default)]
pub enum CompareState {
    /// Not asked for.
    #[default]
    Idle,
    /// Reading.
    Comparing,
    /// Compared with the named destination.
    Done(Box<(String, Comparison)>),
    /// Could not compare, in words.
    Failed(String),
}

impl CompareState {
    /// The values to skip when the run skips unchanged ones.
    pub fn unchanged(&self) -> Option<sync_engine::compare::UnchangedValues> {
        match self {
            CompareState::Done(done) => Some(done.1.unchanged.clone()),
            _ => None,
        }
    }
}

/// Compares a run of the draft with its destination.
async fn compare(
    session: Session,
    secrets: DestinationSecrets,
    draft: sync_core::model::RuleDraft,
    today: Date,
) -> Result<(String, Comparison), String> {
    let rule = check_draft(&draft, Purpose::RunNow, today, "compareRule")
        .0
        .map(|rule| rule.into_rule())
        .ok_or_else(|| t!("compare-complete-earlier-steps"))?;
    let destination_id = draft
        .destination_id
        .clone()
        .ok_or_else(|| t!("compare-choose-destination"))?;
    let destination = load_destinations(&session.client)
        .await
        .map_err(|error| error.to_string())?
        .destinations
        .into_iter()
        .find(|destination| destination.id == destination_id)
        .ok_or_else(|| t!("fit-destination-not-stored", id = destination_id.clone()))?;
    let client = client_for(&destination, &session, &secrets).map_err(|error| error.to_string())?;
    // Through the destination's mapping when it has one, as the run will send.
    let comparison = compare_run_to(
        &BrowserHost,
        &session.client,
        &rule,
        PreviewDestination {
            client: &client,
            uses_session: uses_session(&destination),
        },
        &destination.id,
    )
    .await?;
    Ok((destination.name, comparison))
}

/// The compare button, its result and the "Skip unchanged values" choice.
#[component]
pub fn CompareWithDestination(
    /// Today in the browser.
    today: Date,
    /// The comparison, read by "Synchronize now".
    compared: RwSignal<CompareState>,
    /// "Skip unchanged values", read by "Synchronize now".
    skip_unchanged: RwSignal<bool>,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let secrets = expect_context::<DestinationSecrets>();
    let draft = expect_context::<AppState>().draft;
    let on_click = move |_| {
        let session = session.clone();
        compared.set(CompareState::Comparing);
        let draft = draft.get_untracked();
        spawn_local(async move {
            let state = match compare(session, secrets, draft, today).await {
                Ok(done) => {
                    // On by default once compared: the unchanged values are already there.
                    skip_unchanged.set(true);
                    CompareState::Done(Box::new(done))
                }
                Err(message) => CompareState::Failed(message),
            };
            compared.set(state);
        });
    };
    let comparing = move || matches!(compared.get(), CompareState::Comparing);
    view! {
        <section class="compare" data-test="summary-compare">
            <button class="button" type="button" data-test="summary-compare-button"
                disabled=comparing on:click=on_click>
                {move || if comparing() { t!("compare-comparing") } else { t!("compare-button") }}
            </button>
            {move || match compared.get() {
                CompareState::Idle | CompareState::Comparing => ().into_any(),
                CompareState::Failed(message) => view! {
                    <ErrorNotice title=t!("compare-failed") message/>
                }.into_any(),
                CompareState::Done(done) => {
                    let (destination, comparison) = *done;
                    view! { <CompareResult destination comparison skip_unchanged/> }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn CompareResult(
    destination: String,
    comparison: Comparison,
    skip_unchanged: RwSignal<bool>,
) -> impl IntoView {
    let totals = comparison.totals;
    let headline = if comparison.nothing_changed {
        t!("fit-nothing-changed")
    } else {
        t!(
            "compare-headline",
            destination = destination,
            new = totals.new,
            changed = totals.changed,
            unchanged = totals.unchanged,
            deleted = totals.deleted
        )
    };
    let elements = comparison.data_elements.clone();
    view! {
        <div class="compare__result" data-test="compare-result"
            data-new=totals.new.to_string() data-changed=totals.changed.to_string()
            data-unchanged=totals.unchanged.to_string() data-deleted=totals.deleted.to_string()>
            <p role="status" data-test="compare-headline">{headline}</p>
            {(!elements.is_empty()).then(|| view! {
                <table class="table" data-test="compare-table">
                    <thead><tr>
                        <th scope="col">{t!("report-data-element")}</th>
                        <th scope="col">{t!("compare-new")}</th>
                        <th scope="col">{t!("compare-changed")}</th>
                        <th scope="col">{t!("compare-unchanged")}</th>
                        <th scope="col">{t!("compare-to-delete")}</th>
                    </tr></thead>
                    <tbody>
                        {elements.into_iter().map(|element| view! { <ElementRows element/> }).collect_view()}
                    </tbody>
                </table>
            })}
            <label class="choice">
                <input type="checkbox" data-test="summary-skip-unchanged"
                    prop:checked=move || skip_unchanged.get()
                    on:change=move |event| skip_unchanged.set(event_target_checked(&event))/>
                {t!("compare-skip-unchanged")}
            </label>
            <DownloadComparison comparison/>
        </div>
    }
}

#[component]
fn ElementRows(element: ElementComparison) -> impl IntoView {
    let counts = element.counts;
    let name = element
        .name
        .clone()
        .unwrap_or_else(|| element.data_element.clone());
    let samples = element.samples;
    let groups: Vec<(String, Vec<SampleRow>)> = vec![
        (t!("compare-new"), samples.new),
        (t!("compare-changed"), samples.changed),
        (t!("compare-unchanged"), samples.unchanged),
        (t!("compare-to-delete"), samples.deleted),
    ];
    let has_samples = groups.iter().any(|(_, rows)| !rows.is_empty());
    view! {
        <tr data-test="compare-row" data-id=element.data_element.clone()>
            <th scope="row" data-test="compare-name">{name}</th>
            <td data-test="compare-new">{counts.new}</td>
            <td data-test="compare-changed">{counts.changed}</td>
            <td data-test="compare-unchanged">{counts.unchanged}</td>
            <td data-test="compare-deleted">{counts.deleted}</td>
        </tr>
        {has_samples.then(|| view! {
            <tr class="table__detail">
                <td colspan="5">
                    <details data-test="compare-samples">
                        <summary>{t!("compare-examples")}</summary>
                        {groups.into_iter().filter(|(_, rows)| !rows.is_empty()).map(|(label, rows)| view! {
                            <p class="compare__sample-label">{label}</p>
                            <ul class="compare__samples">
                                {rows.into_iter().map(|row| view! { <li>{sample_text(&row)}</li> }).collect_view()}
                            </ul>
                        }).collect_view()}
                    </details>
                </td>
            </tr>
        })}
    }
}

/// `org unit, period: old → new` (a dash where there is no value).
fn sample_text(row: &SampleRow) -> String {
    let text = |value: &Option<String>| value.clone().unwrap_or_else(|| "—".to_string());
    format!(
        "{}, {}: {} → {}",
        row.org_unit,
        row.period,
        text(&row.old),
        text(&row.new)
    )
}
