//! "Download JSON": the values a run of a rule would send now, made by the run's own steps (the
//! source's time, the catalog, the plan, the same processor, admission and chunking) without
//! writing anything, so the file holds exactly what a sync would send: under the destination's
//! id schemes, the values named as it takes them. With a destination ([`planned_writes_for`],
//! used by [`crate::compare`]) the destination's fit applies too, as in a run: values rounded
//! for its integer elements, values it would refuse left out. With a destination and its id
//! ([`planned_writes_to`]) its mapping applies as in a run: the values on the destination's
//! UIDs, what the mapping cannot translate left out with the reason.

use std::rc::Rc;

use dhis2_api::Dhis2Client;
use dhis2_api::transport::Transport;
use sync_core::id_scheme::IdSchemes;
use sync_core::model::{LeftBehind, Rule, ServerTime};
use sync_core::plan::{WriteKind, WriteOptions, WritePlan};

use crate::admit::{Admission, Admitted, Chunker};
use crate::cancel::CancelToken;
use crate::host::Host;
use crate::limits::Limits;
use crate::observer::Quiet;
use crate::pipeline::Making;
use crate::plan::Planned;
use crate::preview::PreviewDestination;
use crate::retry::{CallContext, OnExpiredSession};
use crate::run::{PrepareError, prepare};
use crate::store;

/// What a run would send, and what it would leave out.
#[derive(Clone, Debug, Default)]
pub struct PlannedWrites {
    /// The chunks (upserts, then deletions).
    pub plan: WritePlan,
    /// Values the run would leave out, with why.
    pub left_out: Vec<LeftBehind>,
}

/// The writes a run of `rule` on `source` would make now to a destination with `id_schemes`
/// (the chunks' values named by them).
pub async fn planned_writes<S: Transport, H: Host>(
    host: &H,
    source: &Dhis2Client<S>,
    rule: &Rule,
    id_schemes: &IdSchemes,
) -> Result<PlannedWrites, String> {
    planned_writes_for::<S, S, H>(host, source, rule, None, id_schemes)
        .await
        .map(|made| made.writes)
}

/// The writes a run of `rule` on `source` would make now to `destination` (stored as
/// `destination_id`, sent with `id_schemes`), exactly as a run makes them: through the
/// destination's mapping when it has one (values on the destination's UIDs, the fit read by
/// the mapped ids, what the mapping cannot translate left out with the reason), else under its
/// id schemes, checked against what it stores. "Download JSON" with a reachable destination.
pub async fn planned_writes_to<S: Transport, D: Transport, H: Host>(
    host: &H,
    source: &Dhis2Client<S>,
    rule: &Rule,
    destination: PreviewDestination<'_, D>,
    destination_id: &str,
    id_schemes: &IdSchemes,
) -> Result<PlannedWrites, String> {
    made_writes(
        host,
        source,
        rule,
        Some(destination),
        Some(destination_id),
        id_schemes,
    )
    .await
    .map(|made| made.writes)
}

/// The writes, with what a comparison needs besides them.
#[derive(Clone, Debug)]
pub struct MadeWrites {
    /// The writes.
    pub writes: PlannedWrites,
    /// The rule as planned (its selection and strategy).
    pub rule: Rule,
    /// Data element names by id, from the source's catalog.
    pub names: std::collections::BTreeMap<String, String>,
    /// An incremental rule with nothing changed since its last run.
    pub nothing_changed: bool,
    /// The values went through the destination's mapping (they carry its UIDs, and `names`
    /// is keyed by them).
    pub mapped: bool,
}

/// The writes a run of `rule` on `source` would make now to `destination` (when given: checked
/// against what it stores, as a run does).
pub async fn planned_writes_for<S: Transport, D: Transport, H: Host>(
    host: &H,
    source: &Dhis2Client<S>,
    rule: &Rule,
    destination: Option<PreviewDestination<'_, D>>,
    id_schemes: &IdSchemes,
) -> Result<MadeWrites, String> {
    made_writes(host, source, rule, destination, None, id_schemes).await
}

/// [`planned_writes_for`], through the mapping of `mapped_as` (the destination's id) when it
/// has one and `destination` is given (its metadata is needed to translate).
pub(crate) async fn made_writes<S: Transport, D: Transport, H: Host>(
    host: &H,
    source: &Dhis2Client<S>,
    rule: &Rule,
    destination: Option<PreviewDestination<'_, D>>,
    mapped_as: Option<&str>,
    id_schemes: &IdSchemes,
) -> Result<MadeWrites, String> {
    let settings = store::settings::load_settings_or_default(source).await;
    let limits = Limits::from_settings(&settings);
    let cancel = CancelToken::new();
    let context = CallContext {
        host,
        observer: &Quiet,
        cancel: &cancel,
        limits: &limits,
    };
    let system = context
        .call("reading the source's time", OnExpiredSession::Pause, || {
            source.system_info()
        })
        .await
        .map_err(|error| format!("the source did not answer: {error}"))?;
    let today = system
        .server_date
        .as_deref()
        .and_then(|text| text.parse::<ServerTime>().ok())
        .ok_or("the source did not say its date")?
        .date();
    let prepared = match prepare(context, source, rule, None, system, today, &limits).await {
        Ok(prepared) => prepared,
        Err(PrepareError::Failed(errors)) => return Err(errors.join("; ")),
        Err(PrepareError::Cancelled) => return Err("cancelled".to_string()),
        Err(PrepareError::NothingChanged(_)) => {
            return Ok(MadeWrites {
                writes: PlannedWrites::default(),
                rule: rule.clone(),
                names: std::collections::BTreeMap::new(),
                nothing_changed: true,
                mapped: false,
            });
        }
    };
    let on_expired = match &destination {
        Some(destination) if !destination.uses_session => OnExpiredSession::Fail,
        _ => OnExpiredSession::Pause,
    };
    let mapped = match (&destination, mapped_as) {
        (Some(destination), Some(destination_id)) => crate::mapped::read_mapping(
            context,
            source,
            destination.client,
            on_expired,
            destination_id,
            id_schemes,
            &prepared.catalog,
        )
        .await
        .map_err(|error| match error {
            crate::mapped::MappingError::Cancelled => "cancelled".to_string(),
            crate::mapped::MappingError::Failed(message) => message,
        })?,
        _ => None,
    };
    let translation = if mapped.is_some() {
        None
    } else {
        crate::ids::read_translation(
            context,
            source,
            &prepared.catalog,
            &prepared.planned.rule().org_units,
            id_schemes,
        )
        .await
        .map_err(|error| error.to_string())?
        .map(crate::ids::Naming::Schemes)
    };
    let mut admission = Admission::new(
        Planned::value_types(&prepared.catalog),
        Planned::zero_insignificant(&prepared.catalog),
        prepared.planned.include_deleted(),
    );
    if let Some(destination) = destination {
        let fit = match &mapped {
            Some(mapped) => {
                crate::fit::destination_fit_mapped(
                    context,
                    destination.client,
                    on_expired,
                    &prepared.catalog,
                    &prepared.planned,
                    mapped,
                )
                .await
            }
            None => {
                crate::fit::destination_fit(
                    context,
                    source,
                    destination.client,
                    on_expired,
                    &prepared.catalog,
                    &prepared.planned,
                )
                .await
            }
        }
        .map_err(|error| format!("what the destination stores could not be read: {error}"))?;
        admission = admission.with_fit(fit);
    }
    let mut names = prepared.catalog.names();
    if let Some(mapped) = &mapped {
        // The values carry the destination's ids: their names are the source elements'.
        names = names
            .into_iter()
            .filter_map(|(id, name)| Some((mapped.data_element(&id)?.to_owned(), name)))
            .collect();
    }
    let is_mapped = mapped.is_some();
    let translation = mapped
        .map(crate::mapped::MappedDestination::into_naming)
        .or(translation)
        .map(Rc::new);
    admission = admission.with_translation(translation.clone());
    let planned_rule = prepared.planned.rule().clone();
    let rule = prepared.planned.rule();
    let mut chunker = Chunker::new(WriteOptions {
        strategy: rule.import_strategy,
        dry_run: rule.dry_run,
        chunk_size: limits.write_chunk_size,
        async_from: None,
    });
    let mut writes = PlannedWrites::default();
    let mut admit = |value, writes: &mut PlannedWrites| -> Result<(), String> {
        let (kind, value) = match admission.admit(value) {
            Admitted::Upsert(value) => (WriteKind::Upsert, value),
            Admitted::Delete(value) => (WriteKind::Delete, value),
            Admitted::LeftOut(item) => {
                writes.left_out.push(item);
                return Ok(());
            }
            Admitted::Skipped => return Ok(()),
        };
        if let Some(pending) = chunker
            .push(kind, value, 0)
            .map_err(|error| error.to_string())?
        {
            writes.plan.chunks.push(pending.chunk);
        }
        Ok(())
    };
    let read = |request: &sync_core::plan::ReadRequest| {
        let params = request.params.clone();
        async move {
            context
                .call("reading values", OnExpiredSession::Pause, || {
                    source.data_value_sets(&params)
                })
                .await
                .map_err(|error| format!("reading values failed: {error}"))
        }
    };
    match prepared.making {
        Making::Raw(factory) => {
            for request in &prepared.reads.requests {
                let bytes = read(request).await?;
                let mut processor = factory();
                processor.start_document()?;
                processor.feed(&bytes)?;
                for value in processor.finish()?.values {
                    admit(value, &mut writes)?;
                }
            }
        }
        Making::Aggregate { mut processor, .. } => {
            for request in &prepared.reads.requests {
                let bytes = read(request).await?;
                processor.start_document()?;
                processor.feed(&bytes)?;
            }
            for value in processor.finish()?.values {
                admit(value, &mut writes)?;
            }
        }
    }
    for pending in chunker.finish().map_err(|error| error.to_string())? {
        writes.plan.chunks.push(pending.chunk);
    }
    if let Some(translation) = &translation {
        // Admission left out what cannot be named: every value here can be.
        for chunk in &mut writes.plan.chunks {
            for value in &mut chunk.values {
                *value = translation.translate(value)?;
            }
        }
    }
    for chunk in &writes.plan.chunks {
        match chunk.kind {
            WriteKind::Upsert => writes.plan.upserts += chunk.values.len(),
            WriteKind::Delete => writes.plan.deletions += chunk.values.len(),
        }
    }
    writes.plan.sent_per_data_element = chunker.sent_per_data_element.clone();
    Ok(MadeWrites {
        writes,
        rule: planned_rule,
        names,
        nothing_changed: false,
        mapped: is_mapped,
    })
}
