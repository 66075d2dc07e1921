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
                    || format!("unknown destination {id}"),
                    |destination| {
                        if destination.id_schemes.is_uid() {
                            destination.name.clone()
                        } else {
                            format!(
                                "{}; identifiers: {}",
                                destination.name,
                                destination.id_schemes.describe()
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
        <h2 class="wizard__heading">"Summary"</h2>
        <Transition fallback=|| view! { <p class="loading">"Preparing the summary…"</p> }>
            {move || loaded.get().map(|result| match result {
                Ok(facts) => {
                    let fit = facts.preview.fit.clone();
                    view! { <FactList facts/> <FitNotice fit/> }.into_any()
                }
                Err(message) => view! { <ErrorNotice title="Could not prepare the summary" message/> }.into_any(),
            })}
        </Transition>
        <CompareWithDestination today compared skip_unchanged/>
        <div class="wizard__final-actions">
            <button class="button button--primary" type="button" data-test="summary-synchronize"
                disabled=move || !valid() on:click=synchronize>"Synchronize now"</button>
            <DownloadJson today/>
        </div>
        <SaveRule today/>
    }
}

#[component]
fn FactList(facts: Facts) -> impl IntoView {
    let draft = expect_context::<AppState>().draft.get_untracked();
    let period = match &draft.period {
        None => "None chosen".to_string(),
        Some(choice) => {
            let name = match choice {
                PeriodDraft::Relative { relative_period } => relative_label(relative_period),
                PeriodDraft::Fixed { .. } => "Fixed dates".to_string(),
                PeriodDraft::SinceLastSuccessfulSync { .. } => {
                    "Changes since the last successful sync".to_string()
                }
            };
            match facts.preview.dates {
                Some((start, end)) => format!("{name}: {start} to {end}"),
                None => name,
            }
        }
    };
    let category_options = match &draft.category_options {
        CategoryOptionSelection::All => "All".to_string(),
        CategoryOptionSelection::Selected { category_options } => {
            format!("{} chosen", category_options.len())
        }
    };
    let aggregation = if draft.aggregation_enabled {
        format!(
            "{}, each selected unit with all its children",
            period_type_label(draft.aggregation_period_type.as_deref().unwrap_or(""))
        )
    } else {
        "Off: values are sent as they are".to_string()
    };
    let mut org_units = facts.org_unit_names.join(", ");
    if draft.org_units.len() > facts.org_unit_names.len() {
        org_units.push_str(&format!(
            " and {} more",
            draft.org_units.len() - facts.org_unit_names.len()
        ));
    }
    let requests = facts.preview.read_requests;
    let yes_no = |on: bool| if on { "Yes" } else { "No" };
    let rows: Vec<(&str, &str, String)> = vec![
        (
            "summary-data-sets",
            "Data sets",
            if facts.data_sets.is_empty() {
                "None".to_string()
            } else {
                facts.data_sets.join(", ")
            },
        ),
        (
            "summary-data-elements",
            "Data elements",
            facts.data_elements.to_string(),
        ),
        (
            "summary-org-units",
            "Organisation units",
            format!("{}: {org_units}", draft.org_units.len()),
        ),
        ("summary-period", "Period", period),
        (
            "summary-category-options",
            "Category options",
            category_options,
        ),
        ("summary-aggregation", "Aggregation", aggregation),
        ("summary-destination", "Destination", facts.destination),
        (
            "summary-strategy",
            "Import strategy",
            strategy_label(draft.import_strategy).to_string(),
        ),
        (
            "summary-dry-run",
            "Dry run",
            yes_no(draft.dry_run).to_string(),
        ),
        (
            "summary-deletions",
            "Send deletions",
            yes_no(draft.send_deletions).to_string(),
        ),
        (
            "summary-requests",
            "Read requests",
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
