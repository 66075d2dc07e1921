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
    let sources = catalog
        .elements_by_name()
        .into_iter()
        .map(|element| source_element(element, element.id.clone()))
        .collect();
    fit_for(context, destination, on_expired, &request, sources, planned).await
}

/// A selected source element whose values go to `destination_id`.
fn source_element(
    element: &dhis2_api::model::DataElement,
    destination_id: String,
) -> SourceElement {
    SourceElement {
        id: element.id.clone(),
        name: element.name.clone(),
        value_type: element.value_type.clone(),
        aggregation_type: element.aggregation_type.clone(),
        option_codes: None,
        destination_id,
    }
}

/// What the destination will store under `mapped`: its metadata read by the mapped ids (the
/// mapped data elements with all their option combos, its attribute option combos, the mapped
/// org units of the rule), each source element checked against the element it is mapped to (a
/// BOOLEAN averaged into a PERCENTAGE element fits; into a BOOLEAN one it would not). Values
/// are then checked on their mapped ids by admission. Elements the mapping excludes or does not
/// map are not checked here: the translation leaves their values out.
pub async fn destination_fit_mapped<D, H, O>(
    context: CallContext<'_, H, O>,
    destination: &Dhis2Client<D>,
    on_expired: OnExpiredSession,
    catalog: &SourceCatalog,
    planned: &Planned,
    mapped: &crate::mapped::MappedDestination,
) -> Result<DestinationFit, CatalogError>
where
    D: Transport,
    H: Host,
    O: Observer,
{
    let sources: Vec<SourceElement> = catalog
        .elements_by_name()
        .into_iter()
        .filter_map(|element| {
            let destination_id = mapped.data_element(&element.id)?;
            Some(source_element(element, destination_id.to_owned()))
        })
        .collect();
    let data_elements: BTreeSet<String> = sources
        .iter()
        .map(|source| source.destination_id.clone())
        .collect();
    let category_option_combos: BTreeSet<String> = data_elements
        .iter()
        .filter_map(|id| mapped.metadata.destination_element_combos.get(id))
        .flatten()
        .map(|combo| combo.id.clone())
        .collect();
    let request = CatalogRequest {
        data_elements: data_elements.into_iter().collect(),
        category_option_combos: category_option_combos.into_iter().collect(),
        attribute_option_combos: mapped
            .metadata
            .destination_attribute_combos
            .iter()
            .map(|combo| combo.id.clone())
            .collect(),
        org_units: planned
            .rule()
            .org_units
            .iter()
            .filter_map(|id| mapped.org_unit(id).map(str::to_owned))
            .collect(),
    };
    fit_for(context, destination, on_expired, &request, sources, planned).await
}

/// Reads the destination's catalog for `request` and its time and user, and decides the fit of
/// `sources`.
async fn fit_for<D, H, O>(
    context: CallContext<'_, H, O>,
    destination: &Dhis2Client<D>,
    on_expired: OnExpiredSession,
    request: &CatalogRequest,
    sources: Vec<SourceElement>,
    planned: &Planned,
) -> Result<DestinationFit, CatalogError>
where
    D: Transport,
    H: Host,
    O: Observer,
{
    let destination_catalog = read(
        context,
        on_expired,
        "reading the destination's metadata",
        || destination.destination_catalog(request),
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
