//! What the chosen destination will store (aggregation step and summary): sync-engine's
//! `preview_fit` reads the destination's metadata for the selected data the way a run does,
//! and each data element it would refuse as a whole is listed as left out, each it would take
//! only as whole numbers as rounded, with DHIS2's reason. A run announces the same list in its
//! report and never sends those values.

use leptos::prelude::*;
use sync_core::date::Date;
use sync_core::fit::FitOutcome;
use sync_core::model::{Purpose, RuleDraft};

use super::checks::check_draft;
use super::destinations::load_destinations;
use crate::destinations::{DestinationError, DestinationSecrets, client_for, uses_session};
use crate::run::BrowserHost;
use crate::session::Session;
use crate::state::AppState;
use sync_engine::preview::PreviewDestination;

/// What the destination will store, as the wizard shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum FitPreview {
    /// No destination chosen yet, or the draft is not complete enough to plan.
    NotYet(String),
    /// A direct destination whose credentials this tab does not hold.
    NeedsCredentials(String),
    /// Each data element that will not be sent as it is: name, left out, reason.
    Checked {
        destination: String,
        total: usize,
        changed: Vec<(String, bool, String)>,
    },
    /// The destination's metadata (or the plan) could not be read.
    Failed(String),
}

/// What a run of the draft would do now, from sync-engine's preview.
#[derive(Clone, Debug, PartialEq)]
pub struct WizardPreview {
    /// The read requests the run would send (`None` when it cannot be planned yet).
    pub read_requests: Option<usize>,
    /// The dates the run covers, as it resolves them (`None`: not planned, or changes since the
    /// last run).
    pub dates: Option<(Date, Date)>,
    /// What the destination will store.
    pub fit: FitPreview,
}

/// Plans the draft as a run would and checks the chosen destination.
pub async fn preview(
    session: Session,
    secrets: DestinationSecrets,
    draft: RuleDraft,
    today: Date,
) -> WizardPreview {
    let not_yet = |fit| WizardPreview {
        read_requests: None,
        dates: None,
        fit,
    };
    let Some(rule) = check_draft(&draft, Purpose::RunNow, today, "previewRule")
        .0
        .map(|rule| rule.into_rule())
    else {
        return not_yet(FitPreview::NotYet(t!("fit-complete-earlier-steps")));
    };
    // The destination's client, when the tab can reach it.
    let mut chosen = None;
    let mut fit = FitPreview::NotYet(t!("fit-choose-destination"));
    if let Some(destination_id) = draft.destination_id.clone() {
        match load_destinations(&session.client).await {
            Err(error) => fit = FitPreview::Failed(error.to_string()),
            Ok(list) => match list
                .destinations
                .into_iter()
                .find(|destination| destination.id == destination_id)
            {
                None => {
                    fit = FitPreview::Failed(t!(
                        "fit-destination-not-stored",
                        id = destination_id.clone()
                    ))
                }
                // Under id schemes the destination's metadata is not read by UID (it does not
                // share them): its import decides, as in the run.
                Some(destination) if !destination.id_schemes.is_uid() => {
                    fit = FitPreview::NotYet(t!("fit-sent-with-id-schemes"))
                }
                Some(destination) => match client_for(&destination, &session, &secrets) {
                    Ok(client) => chosen = Some((destination, client)),
                    Err(DestinationError::SecretMissing { name, .. }) => {
                        fit = FitPreview::NeedsCredentials(name)
                    }
                    Err(error) => fit = FitPreview::Failed(error.to_string()),
                },
            },
        }
    }
    let checked = sync_engine::preview::preview_run(
        &BrowserHost,
        &session.client,
        &rule,
        chosen
            .as_ref()
            .map(|(destination, client)| PreviewDestination {
                client,
                uses_session: uses_session(destination),
            }),
    )
    .await;
    let planned = match checked {
        Ok(planned) => planned,
        Err(message) => return not_yet(FitPreview::Failed(message)),
    };
    if planned.nothing_changed {
        fit = FitPreview::NotYet(t!("fit-nothing-changed"));
    }
    if let (Some((destination, _)), Some(result)) = (chosen, planned.fit) {
        fit = match result {
            Err(message) => FitPreview::Failed(message),
            Ok(decided) => FitPreview::Checked {
                destination: destination.name,
                total: decided.elements().len(),
                changed: decided
                    .elements()
                    .iter()
                    .filter_map(|element| match &element.outcome {
                        FitOutcome::Fits => None,
                        FitOutcome::Rounded { reason } => {
                            Some((element.name.clone(), false, reason.clone()))
                        }
                        FitOutcome::LeftOut { reason } => Some((
                            element.name.clone(),
                            true,
                            format!("{} {}", reason.code, reason.message),
                        )),
                    })
                    .collect(),
            },
        };
    }
    WizardPreview {
        read_requests: Some(planned.read_requests),
        dates: planned.dates,
        fit,
    }
}

/// What the chosen destination will store of the selected data elements.
#[component]
pub fn DestinationFitNotice(
    /// The source's today.
    today: Date,
) -> impl IntoView {
    let session = expect_context::<Session>();
    let secrets = expect_context::<DestinationSecrets>();
    let draft = expect_context::<AppState>().draft;
    let checked =
        LocalResource::new(move || preview(session.clone(), secrets, draft.get_untracked(), today));
    view! {
        <Transition fallback=|| view! {
            <p class="loading" data-test="destination-fit-loading">{t!("fit-checking")}</p>
        }>
            {move || checked.get().map(|preview| view! { <FitNotice fit=preview.fit/> })}
        </Transition>
    }
}

/// Renders what the destination will store.
#[component]
pub fn FitNotice(
    /// The preview's answer.
    fit: FitPreview,
) -> impl IntoView {
    match fit {
        FitPreview::NotYet(message) => view! {
            <p class="wizard__help" data-test="destination-fit-not-yet">{message}</p>
        }
        .into_any(),
        FitPreview::NeedsCredentials(name) => view! {
            <p class="wizard__help" data-test="destination-fit-needs-credentials">
                {t!("fit-needs-credentials", name = name)}
            </p>
        }
        .into_any(),
        FitPreview::Failed(message) => view! {
            <div class="notice notice--warning" data-test="destination-fit-failed">
                <strong class="notice__title">{t!("fit-failed")}</strong>
                <p class="notice__message">{message}" "{t!("fit-checks-again")}</p>
            </div>
        }
        .into_any(),
        FitPreview::Checked {
            destination,
            total,
            changed,
        } if changed.is_empty() => view! {
            <p class="wizard__help" data-test="destination-fit-all">
                {t!("fit-all", destination = destination, total = total)}
            </p>
        }
        .into_any(),
        FitPreview::Checked {
            destination,
            total,
            changed,
        } => {
            let left_out = changed.iter().filter(|(_, left_out, _)| *left_out).count();
            let rounded = changed.len() - left_out;
            let mut title = Vec::new();
            if left_out > 0 {
                title.push(t!(
                    "fit-left-out",
                    count = left_out,
                    total = total,
                    destination = destination.clone()
                ));
            }
            if rounded > 0 {
                title.push(t!("fit-rounded", count = rounded));
            }
            view! {
                        <div class="notice notice--warning" data-test="destination-fit">
                            <strong class="notice__title">{title.join("; ")}</strong>
                            <p class="notice__message">
                                {t!("fit-refused-note")}
                            </p>
                            <ul class="problems">
                                {changed.into_iter().map(|(name, left_out, reason)| view! {
                                    <li data-test="destination-fit-item" data-outcome=if left_out { "left-out" } else { "rounded" }>
                                        <span data-test="destination-fit-name">{name}</span>
                                        {if left_out { t!("fit-item-left-out") } else { t!("fit-item-rounded") }}
                                        {reason}
                                    </li>
                                }).collect_view()}
                            </ul>
                        </div>
                    }.into_any()
        }
    }
}
