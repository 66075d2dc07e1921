//! Before a run (and in the wizard): what the destination will store. Reads the destination's
//! metadata for the selected data elements — through the route or directly, in pages that stay
//! under a route's response limit — and sync-core's [`DestinationFit`] decides per data element
//! (fits, rounded, left out) and per value (DHIS2's import rules with their codes). The run then
//! never plans a value the destination would refuse for its type, its options, its combos, its
//! attribute options' dates and org units, or its data sets' open periods: such values are left
//! out knowingly and listed, and an element left out as a whole is announced.

use std::collections::BTreeSet;
use std::future::Future;

use dhis2_api::transport::Transport;
use dhis2_api::{ApiError, Dhis2Client};
use sync_core::fit::{CatalogRequest, DestinationFit, FitContext, FitOutcome, SourceElement};
use sync_core::model::{Issue, IssueCode, ServerTime};

use crate::catalog::{CatalogError, SourceCatalog};
use crate::host::Host;
use crate::observer::Observer;
use crate::plan::Planned;
use crate::retry::{CallContext, OnExpiredSession};

async fn read<R, F, Fut, H: Host, O: Observer>(
    context: CallContext<'_, H, O>,
    on_expired: OnExpiredSession,
    what: &'static str,
    make: F,
) -> Result<R, CatalogError>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<R, ApiError>>,
{
    context
        .call(what, on_expired, make)
        .await
        .map_err(|error| CatalogError { what, error })
}

/// Reads what the destination holds for the planned data and decides what it will store.
/// `on_expired` says whether the destination rides on the user's session.
pub async fn destination_fit<S, D, H, O>(
    context: CallContext<'_, H, O>,
    source: &Dhis2Client<S>,
    destination: &Dhis2Client<D>,
    on_expired: OnExpiredSession,
    catalog: &SourceCatalog,
    planned: &Planned,
) -> Result<DestinationFit, CatalogError>
where
    S: Transport,
    D: Transport,
    H: Host,
    O: Observer,
{
    // The source's option combos of the selected elements and of the data sets' attribute
    // combos: the destination must know them (E7613, E7615).
    let element_combos: BTreeSet<&str> = catalog
        .data_elements
        .values()
        .map(|element| element.category_combo_id.as_str())
        .collect();
    let mut category_option_combos = Vec::new();
    for combo in element_combos {
        for option_combo in read(
            context,
            OnExpiredSession::Pause,
            "reading the data elements' option combos",
            || source.category_option_combos(combo),
        )
        .await?
        {
            category_option_combos.push(option_combo.id);
        }
    }
    let attribute_option_combos = match &catalog.attribute_option_combos {
        Some(chosen) => chosen.clone(),
        None => {
            let attribute_combos: BTreeSet<&str> = catalog
                .data_sets
                .iter()
                .map(|data_set| data_set.category_combo.id.as_str())
                .collect();
            let mut ids = Vec::new();
            for combo in attribute_combos {
                for option_combo in read(
                    context,
                    OnExpiredSession::Pause,
                    "reading the attribute option combos",
                    || source.category_option_combos(combo),
                )
                .await?
                {
                    ids.push(option_combo.id);
                }
            }
            ids
        }
    };
    let request = CatalogRequest {
        data_elements: catalog.data_elements.keys().cloned().collect(),
        category_option_combos,
        attribute_option_combos,
        org_units: planned.rule().org_units.clone(),
    };
    let destination_catalog = read(
        context,
        on_expired,
        "reading the destination's metadata",
        || destination.destination_catalog(&request),
    )
    .await?;
    let system = read(
        context,
        on_expired,
        "reading the destination's time",
        || destination.system_info(),
    )
    .await?;
    let user = read(
        context,
        on_expired,
        "reading the destination's user",
        || destination.current_user(),
    )
    .await?;
    let now = system
        .server_date
        .as_deref()
        .and_then(|text| text.parse::<ServerTime>().ok())
        .unwrap_or_else(|| ServerTime::start_of(planned_today(planned)));
    let may_edit_expired = user
        .authorities
        .iter()
        .any(|authority| authority == "ALL" || authority == "F_EDIT_EXPIRED");
    let sources: Vec<SourceElement> = catalog
        .elements_by_name()
        .into_iter()
        .map(|element| SourceElement {
            id: element.id.clone(),
            name: element.name.clone(),
            value_type: element.value_type.clone(),
            aggregation_type: element.aggregation_type.clone(),
            option_codes: None,
            destination_id: element.id.clone(),
        })
        .collect();
    Ok(DestinationFit::new(
        &destination_catalog,
        &sources,
        planned.rule().aggregation.period_type(),
        &FitContext {
            now,
            may_edit_expired,
        },
    ))
}

fn planned_today(planned: &Planned) -> sync_core::date::Date {
    planned
        .dates
        .map(|(_, end)| end)
        .unwrap_or_else(|| sync_core::date::Date::from_days(0))
}

/// The announcements of a fit: each data element left out or rounded, as a warning.
pub fn announcements(fit: &DestinationFit) -> Vec<Issue> {
    fit.elements()
        .iter()
        .filter_map(|element| match &element.outcome {
            FitOutcome::Fits => None,
            FitOutcome::Rounded { reason } => Some(Issue::warning(
                IssueCode::RoundedForDestination,
                "",
                None,
                format!("{}: rounded to whole numbers ({reason})", element.name),
            )),
            FitOutcome::LeftOut { reason } => Some(Issue::warning(
                IssueCode::NotStorableAtDestination,
                "",
                None,
                format!(
                    "{}: left out, the destination would refuse its values ({} {})",
                    element.name, reason.code, reason.message
                ),
            )),
        })
        .collect()
}
