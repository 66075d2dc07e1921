//! Step 6, summary: what will happen (data, org units, periods with their dates, category
//! options, aggregation, destination, strategy, dry run, deletions, read requests: the run as
//! sync-engine's preview plans it), what the destination will store (`fit`), "Compare with the
//! destination" (`compare`: new / changed / unchanged / deleted per data element, "Skip unchanged
//! values"), and the three actions: Synchronize now (hands the validated rule to the run page
//! through `AppState::pending_run`, with the unchanged values to skip in
//! `AppState::pending_skip_unchanged`), Save as rule, Download JSON.

use leptos::prelude::*;
use sync_core::date::Date;
use sync_core::model::{CategoryOptionSelection, PeriodDraft, Purpose};

use super::aggregation::period_type_label;
use super::checks::check_draft;
use super::compare::{CompareState, CompareWithDestination};
use super::destinations::load_destinations;
use super::download::DownloadJson;
use super::fit::{FitNotice, WizardPreview, preview};
use super::instance::strategy_label;
use super::period_dates::relative_label;
use super::rule_store::generate_uid;
use super::save_rule::SaveRule;
use super::selected_data::selected_data;
use crate::components::error_notice::ErrorNotice;
use crate::destinations::DestinationSecrets;
use crate::environment::navigate;
use crate::route::Route;
use crate::session::Session;
use crate::state::AppState;

/// What the summary shows besides the draft.
#[derive(Clone)]
struct Facts {
    data_sets: Vec<String>,
    data_elements: usize,
    org_unit_names: Vec<String>,
    destination: String,
    /// The run as sync-engine plans it, and what the destination will store.
    preview: WizardPreview,
}

async fn facts(
    session: Session,
    secrets: DestinationSecrets,
    draft: sync_core::model::RuleDraft,
    today: Date,
) -> Result<Facts, String> {
    let client = &session.client;
    let text = |error: dhis2_api::ApiError| error.to_string();
    let data = selected_data(client, &draft.selection)
        .await
        .map_err(|error| error.to_string())?;
    let first: Vec<String> = draft.org_units.iter().take(10).cloned().collect();
    let org_unit_names = client.org_units_by_id(&first).await.map_err(text)?;
    let destinations = load_destinations(client)
        .await
        .map_err(|error| error.to_string())?;
    let destination = draft
        .destination_id
        .as_ref()
        .map_or_else(String::new, |id| {
            destinations
                .destinations
                .iter()
                .find(|destination| &destination.id == id)
                .map_or_else(
                    || t!("summary-unknown-destination", id = id.clone()),
                    |destination| {
                        if destination.id_schemes.is_uid() {
                            destination.name.clone()
                        } else {
                            t!(
                                "summary-destination-identifiers",
                                name = destination.name.clone(),
                                schemes = destination.id_schemes.describe()
                            )
                        }
                    },
                )
        });
    Ok(Facts {
        data_sets: data
            .data_sets
            .into_iter()
            .map(|data_set| data_set.name)
            .collect(),
        data_elements: data.data_elements.len(),
        org_unit_names: org_unit_names.into_iter().map(|unit| unit.name).collect(),
        destination,
        preview: preview(session, secrets, draft, today).await,
    })
}

/// The summary step.
#[component]
pub fn SummaryStep(
    /// Today in the browser.
    today: Date,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let secrets = expect_context::<DestinationSecrets>();
    let state = expect_context::<AppState>();
    let draft = state.draft;
    let loaded =
        LocalResource::new(move || facts(session.clone(), secrets, draft.get_untracked(), today));
    let compared = RwSignal::new(CompareState::Idle);
    let skip_unchanged = RwSignal::new(true);
    let synchronize = move |_| {
        let id = draft
            .with_untracked(|draft| draft.id.clone())
            .unwrap_or_else(generate_uid);
        let (rule, _) =
            draft.with_untracked(|draft| check_draft(draft, Purpose::RunNow, today, &id));
        if let Some(rule) = rule {
            let skip = compared
                .with_untracked(CompareState::unchanged)
                .filter(|_| skip_unchanged.get_untracked());
            state.pending_skip_unchanged.set(skip);
            state.pending_run.set(Some(rule.into_rule()));
            navigate(&Route::Run);
        }
    };
    let valid = move || {
        draft.with(|draft| {
            check_draft(draft, Purpose::RunNow, today, "summaryId00")
                .0
                .is_some()
        })
    };
    view! {
        <h2 class="wizard__heading">{t!("step-summary")}</h2>
        <Transition fallback=|| view! { <p class="loading">{t!("summary-preparing")}</p> }>
            {move || loaded.get().map(|result| match result {
                Ok(facts) => {
                    let fit = facts.preview.fit.clone();
                    view! { <FactList facts/> <FitNotice fit/> }.into_any()
                }
                Err(message) => view! { <ErrorNotice title=t!("summary-could-not-prepare") message/> }.into_any(),
            })}
        </Transition>
        <CompareWithDestination today compared skip_unchanged/>
        <div class="wizard__final-actions">
            <button class="button button--primary" type="button" data-test="summary-synchronize"
                disabled=move || !valid() on:click=synchronize>{t!("summary-synchronize")}</button>
            <DownloadJson today/>
        </div>
        <SaveRule today/>
    }
}

#[component]
fn FactList(facts: Facts) -> impl IntoView {
    let draft = expect_context::<AppState>().draft.get_untracked();
    let period = match &draft.period {
        None => t!("summary-none-chosen"),
        Some(choice) => {
            let name = match choice {
                PeriodDraft::Relative { relative_period } => relative_label(relative_period),
                PeriodDraft::Fixed { .. } => t!("summary-fixed-dates"),
                PeriodDraft::SinceLastSuccessfulSync { .. } => t!("summary-since-last-sync"),
            };
            match facts.preview.dates {
                Some((start, end)) => t!(
                    "summary-period-dates",
                    name = name,
                    start = start.to_string(),
                    end = end.to_string()
                ),
                None => name,
            }
        }
    };
    let category_options = match &draft.category_options {
        CategoryOptionSelection::All => t!("summary-all"),
        CategoryOptionSelection::Selected { category_options } => {
            t!("summary-chosen", count = category_options.len())
        }
    };
    let aggregation = if draft.aggregation_enabled {
        t!(
            "summary-aggregation-on",
            period_type = period_type_label(draft.aggregation_period_type.as_deref().unwrap_or(""))
        )
    } else {
        t!("summary-aggregation-off")
    };
    let mut org_units = facts.org_unit_names.join(", ");
    if draft.org_units.len() > facts.org_unit_names.len() {
        org_units.push_str(&t!(
            "summary-and-more",
            count = draft.org_units.len() - facts.org_unit_names.len()
        ));
    }
    let requests = facts.preview.read_requests;
    let yes_no = |on: bool| {
        if on {
            t!("common-yes")
        } else {
            t!("common-no")
        }
    };
    let rows: Vec<(&str, String, String)> = vec![
        (
            "summary-data-sets",
            t!("summary-data-sets"),
            if facts.data_sets.is_empty() {
                t!("summary-none")
            } else {
                facts.data_sets.join(", ")
            },
        ),
        (
            "summary-data-elements",
            t!("summary-data-elements"),
            facts.data_elements.to_string(),
        ),
        (
            "summary-org-units",
            t!("step-org-units"),
            format!("{}: {org_units}", draft.org_units.len()),
        ),
        ("summary-period", t!("step-period"), period),
        (
            "summary-category-options",
            t!("step-category-options"),
            category_options,
        ),
        ("summary-aggregation", t!("step-aggregation"), aggregation),
        (
            "summary-destination",
            t!("instance-destination"),
            facts.destination,
        ),
        (
            "summary-strategy",
            t!("instance-import-strategy"),
            strategy_label(draft.import_strategy),
        ),
        (
            "summary-dry-run",
            t!("summary-dry-run"),
            yes_no(draft.dry_run),
        ),
        (
            "summary-deletions",
            t!("summary-send-deletions"),
            yes_no(draft.send_deletions),
        ),
        (
            "summary-requests",
            t!("summary-read-requests"),
            requests.map_or("—".to_string(), |count| count.to_string()),
        ),
    ];
    view! {
        <dl class="summary" data-test="summary">
            {rows.into_iter().map(|(test, label, value)| view! {
                <dt>{label}</dt>
                <dd data-test=test>{value}</dd>
            }).collect_view()}
        </dl>
    }
}
