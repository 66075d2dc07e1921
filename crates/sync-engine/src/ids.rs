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

/// How a run names the values it posts when the destination does not take the source's UIDs:
/// by id schemes, or through the destination's mapping (one or the other; a destination with
/// both is refused before anything is read, see [`crate::mapped`]). Values keep the source's
/// UIDs for reading, aggregation, settling and the report; only bodies and "Download JSON" carry
/// what this gives.
#[derive(Debug)]
pub enum Naming {
    /// The destination's id schemes (codes, names or attribute values of the source's objects).
    Schemes(Translation),
    /// The destination's mapping onto its own UIDs. In a cell: the translator caches its
    /// rebuilt combos, and a run is single-threaded (admission and the writes never hold it
    /// across an await).
    Mapping(std::cell::RefCell<sync_core::mapping::translate::Translator>),
}

impl Naming {
    /// `value` as the destination takes it, or why it cannot be sent.
    pub fn translate(
        &self,
        value: &sync_core::plan::DataValue,
    ) -> Result<sync_core::plan::DataValue, String> {
        match self {
            Naming::Schemes(translation) => translation.translate(value),
            Naming::Mapping(translator) => {
                use sync_core::values::DEFAULT_CATEGORY_OPTION_COMBO;
                let or_default = |id: &str| {
                    if id.is_empty() {
                        DEFAULT_CATEGORY_OPTION_COMBO.to_string()
                    } else {
                        id.to_string()
                    }
                };
                let category_option_combo = or_default(&value.category_option_combo);
                let attribute_option_combo = or_default(&value.attribute_option_combo);
                let ids = sync_core::mapping::translate::SourceIds {
                    data_element: &value.data_element,
                    category_option_combo: &category_option_combo,
                    attribute_option_combo: &attribute_option_combo,
                    org_unit: &value.org_unit,
                    value: value.value.as_deref().unwrap_or(""),
                };
                let mapped = translator
                    .borrow_mut()
                    .translate(ids)
                    .map_err(|left_out| left_out.to_string())?;
                let mut translated = value.clone();
                translated.data_element = mapped.data_element;
                translated.category_option_combo = mapped.category_option_combo;
                translated.attribute_option_combo = mapped.attribute_option_combo;
                translated.org_unit = mapped.org_unit;
                if let Some(code) = mapped.value {
                    translated.value = Some(code);
                }
                Ok(translated)
            }
        }
    }

    /// The import parameters the bodies need (the id schemes'; none under a mapping: the
    /// bodies carry the destination's UIDs).
    pub fn params(&self) -> Vec<(String, String)> {
        match self {
            Naming::Schemes(translation) => translation.schemes().params(),
            Naming::Mapping(_) => Vec::new(),
        }
    }

    /// True under a mapping (the destination's metadata is then read by its mapped UIDs).
    pub fn is_mapping(&self) -> bool {
        matches!(self, Naming::Mapping(_))
    }
}
