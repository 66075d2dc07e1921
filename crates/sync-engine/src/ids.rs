//! A destination's id schemes in a run: the source's identifiers of everything the run may send
//! (its data elements, the org units of the selected subtrees, the option combos of the elements'
//! category combos and of the data sets' attribute combos), read once per run in pages, become
//! sync-core's [`Translation`]. Values are read, aggregated, admitted and reported on UIDs; the
//! translation names them only in the bodies posted (`write`) and in "Download JSON" (`payload`),
//! and admission leaves a value it cannot name behind, unsent, with the reason.

use std::collections::BTreeSet;

use dhis2_api::Dhis2Client;
use dhis2_api::transport::Transport;
use sync_core::id_scheme::{IdSchemes, Translation};
use sync_core::model::{Issue, IssueCode};

use crate::catalog::{CatalogError, SourceCatalog};
use crate::host::Host;
use crate::observer::Observer;
use crate::retry::{CallContext, OnExpiredSession};

/// Reads what `schemes` name the run's objects by from `source` (nothing when every scheme is
/// UID) for the data of `catalog` under `org_units`.
pub async fn read_translation<S, H, O>(
    context: CallContext<'_, H, O>,
    source: &Dhis2Client<S>,
    catalog: &SourceCatalog,
    org_units: &[String],
    schemes: &IdSchemes,
) -> Result<Option<Translation>, CatalogError>
where
    S: Transport,
    H: Host,
    O: Observer,
{
    if schemes.is_uid() {
        return Ok(None);
    }
    let failed = |what: &'static str| move |error| CatalogError { what, error };
    let element_ids: Vec<String> = catalog.data_elements.keys().cloned().collect();
    let data_elements = context
        .call(
            "reading the data elements' codes and names",
            OnExpiredSession::Pause,
            || source.identified_data_elements(&element_ids),
        )
        .await
        .map_err(failed("reading the data elements' codes and names"))?;
    let combos: Vec<String> = catalog
        .data_elements
        .values()
        .map(|element| element.category_combo_id.clone())
        .chain(
            catalog
                .data_sets
                .iter()
                .map(|data_set| data_set.category_combo.id.clone()),
        )
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let option_combos = context
        .call(
            "reading the option combos' codes and names",
            OnExpiredSession::Pause,
            || source.identified_option_combos(&combos),
        )
        .await
        .map_err(failed("reading the option combos' codes and names"))?;
    let units = context
        .call(
            "reading the org units' codes and names",
            OnExpiredSession::Pause,
            || source.identified_org_units(org_units),
        )
        .await
        .map_err(failed("reading the org units' codes and names"))?;
    Ok(Some(Translation::new(
        schemes.clone(),
        data_elements,
        units,
        option_combos,
    )))
}

/// The report's note on a run under id schemes: how values are named, and that the destination's
/// own metadata is not checked before sending (it does not share the source's UIDs), so its
/// import decides and its refusals are listed.
pub fn announcement(schemes: &IdSchemes) -> Issue {
    Issue::warning(
        IssueCode::SentWithIdSchemes,
        "idSchemes",
        None,
        format!(
            "values are sent with {}; what the destination stores is not checked before \
             sending (it is read by UID), its import decides and what it refuses is listed; \
             values whose objects have no such identifier at the source are not sent",
            schemes.describe()
        ),
    )
}
