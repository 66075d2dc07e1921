//! A destination's mapping in a run: when the destination does not share the source's UIDs and
//! has a mapping (`mapping-<destination id>` in the app's namespace, on the source), the run
//! reads it once, with the metadata its translation needs — the source's combos' category
//! options and option sets of the run's data elements, the destination's combos of the mapped
//! data elements and its attribute combos, both read in bounded pages by dhis2-api's
//! `mapping_metadata` (the destination through its route or directly) — and hands sync-core's
//! `Translator` to admission and `write` as [`Naming::Mapping`].
//!
//! Values are read, aggregated (on the source's ids, then translated), settled, reported and kept
//! pending on the source's UIDs; only the posted bodies carry the destination's. A value the
//! mapping cannot translate (excluded, unmapped, no matching combo) is left behind unsent with
//! the reason, as under id schemes. One translation step only: a destination with id schemes
//! *and* a mapping is refused before anything is sent (which of the two the user meant cannot be
//! guessed, and applying both would name mapped UIDs by the source's codes).

use std::collections::BTreeMap;

use dhis2_api::Dhis2Client;
use dhis2_api::mapping_metadata::MetadataScope;
use dhis2_api::transport::Transport;
use sync_core::id_scheme::IdSchemes;
use sync_core::mapping::auto::Metadata;
use sync_core::mapping::translate::{Combo, MappingMetadata, Translator};
use sync_core::mapping::{Mapping, Target};
use sync_core::model::{Issue, IssueCode};

use crate::catalog::SourceCatalog;
use crate::host::Host;
use crate::ids::Naming;
use crate::observer::Observer;
use crate::retry::{CallContext, CallError, OnExpiredSession};

/// Why a run's mapping could not be made ready.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MappingError {
    /// The run was cancelled meanwhile.
    Cancelled,
    /// Anything else, in words (nothing was sent).
    Failed(String),
}

/// A destination's mapping with the metadata of both sides it needs.
#[derive(Debug, Clone)]
pub struct MappedDestination {
    /// The mapping.
    pub mapping: Mapping,
    /// What the translation needs beyond it.
    pub metadata: MappingMetadata,
}

impl MappedDestination {
    /// The destination's id of a source data element, when mapped.
    pub fn data_element(&self, source_id: &str) -> Option<&str> {
        self.mapping
            .data_elements
            .get(source_id)
            .and_then(|element| element.target.id())
    }

    /// The destination's id of a source org unit, when mapped.
    pub fn org_unit(&self, source_id: &str) -> Option<&str> {
        self.mapping.org_units.get(source_id).and_then(Target::id)
    }

    /// The naming admission and `write` apply.
    pub fn into_naming(self) -> Naming {
        Naming::Mapping(std::cell::RefCell::new(Translator::new(
            self.mapping,
            self.metadata,
        )))
    }
}

/// Reads destination `destination_id`'s mapping from `source` (the app's namespace) and, when it
/// has one that maps anything, the metadata of both sides for the run's data elements of
/// `catalog`. `None`: no mapping, the instances share UIDs (or the destination uses id schemes).
pub async fn read_mapping<S, D, H, O>(
    context: CallContext<'_, H, O>,
    source: &Dhis2Client<S>,
    destination: &Dhis2Client<D>,
    on_expired: OnExpiredSession,
    destination_id: &str,
    schemes: &IdSchemes,
    catalog: &SourceCatalog,
) -> Result<Option<MappedDestination>, MappingError>
where
    S: Transport,
    D: Transport,
    H: Host,
    O: Observer,
{
    // "This instance" shares the source's UIDs by definition.
    if destination_id == sync_core::model::CURRENT_INSTANCE_ID {
        return Ok(None);
    }
    // Retried like every request; when it still fails the run does not start: sending on the
    // source's UIDs to a destination that has a mapping would be refused value by value.
    let mapping = context
        .call(
            "reading the destination's mapping",
            OnExpiredSession::Pause,
            || crate::store::mappings::load_mapping(source, destination_id),
        )
        .await
        .map_err(|error| match error {
            CallError::Cancelled => MappingError::Cancelled,
            error => MappingError::Failed(format!(
                "the destination's mapping could not be read, nothing was sent: {error}"
            )),
        })?;
    // An empty mapping (nothing mapped or excluded yet) is no mapping: the instances are taken
    // to share their UIDs, as before anything was mapped.
    let Some(mapping) = mapping.filter(|mapping| !mapping.is_empty()) else {
        return Ok(None);
    };
    if !schemes.is_uid() {
        return Err(MappingError::Failed(format!(
            "this destination is set to send with {} and also has a mapping: use one or the \
             other (clear the mapping, or set the identifiers back to UID), nothing was sent",
            schemes.describe()
        )));
    }
    let failed = |what: &str| {
        let what = what.to_string();
        move |error: CallError<dhis2_api::ApiError>| match error {
            CallError::Cancelled => MappingError::Cancelled,
            error => MappingError::Failed(format!("{what}: {error}")),
        }
    };
    let source_elements: Vec<String> = catalog.data_elements.keys().cloned().collect();
    // Org units need no metadata: the mapping holds them, id for id.
    let source_scope = MetadataScope {
        data_elements: Some(source_elements.clone()),
        org_units: Some(Vec::new()),
    };
    let source_side = context
        .call(
            "reading the source's metadata for the mapping",
            OnExpiredSession::Pause,
            || source.mapping_metadata(&source_scope),
        )
        .await
        .map_err(failed("reading the source's metadata for the mapping"))?;
    let mut destination_elements: Vec<String> = source_elements
        .iter()
        .filter_map(|id| {
            mapping
                .data_elements
                .get(id)
                .and_then(|element| element.target.id())
                .map(str::to_owned)
        })
        .collect();
    destination_elements.sort();
    destination_elements.dedup();
    let destination_scope = MetadataScope {
        data_elements: Some(destination_elements),
        org_units: Some(Vec::new()),
    };
    let destination_side = context
        .call(
            "reading the destination's metadata for the mapping",
            on_expired,
            || destination.mapping_metadata(&destination_scope),
        )
        .await
        .map_err(failed("reading the destination's metadata for the mapping"))?;
    Ok(Some(MappedDestination {
        metadata: mapping_metadata(&source_side, &destination_side),
        mapping,
    }))
}

/// What the translation needs, from both sides' metadata as auto-map reads it.
pub fn mapping_metadata(source: &Metadata, destination: &Metadata) -> MappingMetadata {
    let combo = |item: &sync_core::mapping::auto::ComboItem| Combo {
        id: item.item.id.clone(),
        category_options: item.category_options.clone(),
    };
    let mut source_combo_options = BTreeMap::new();
    for item in source
        .data_elements
        .iter()
        .flat_map(|element| &element.category_option_combos)
        .chain(&source.attribute_option_combos)
    {
        source_combo_options.insert(item.item.id.clone(), item.category_options.clone());
    }
    MappingMetadata {
        source_option_sets: source
            .data_elements
            .iter()
            .filter_map(|element| {
                let (set, _) = element.option_set.as_ref()?;
                Some((element.item.id.clone(), set.clone()))
            })
            .collect(),
        source_combo_options,
        destination_element_combos: destination
            .data_elements
            .iter()
            .map(|element| {
                (
                    element.item.id.clone(),
                    element.category_option_combos.iter().map(combo).collect(),
                )
            })
            .collect(),
        destination_attribute_combos: destination
            .attribute_option_combos
            .iter()
            .map(combo)
            .collect(),
    }
}

/// The report's note on a run through a mapping.
pub fn announcement(mapped: &MappedDestination) -> Issue {
    let elements = mapped
        .mapping
        .data_elements
        .values()
        .filter(|element| element.target.id().is_some())
        .count();
    Issue::warning(
        IssueCode::SentThroughMapping,
        "mapping",
        None,
        format!(
            "values are sent through the destination's mapping ({elements} data elements \
             mapped): what the destination stores is checked on the mapped ids; values whose \
             items the mapping excludes or does not map are not sent, listed with the reason"
        ),
    )
}
