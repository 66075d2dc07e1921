//! "Download JSON": the payload a run of a rule would send, built by the run's own steps
//! (the source's time, [`super::prepare::prepare`], the planned reads fed to the same
//! processor, [`super::plan::plan_values`]) without writing anything, so the file is exactly
//! what a run would send at this moment.

use sync_core::date::Date;
use sync_core::model::Rule;
use sync_core::plan::{DEFAULT_CHUNK_SIZE, WritePlan};

use super::plan::plan_values;
use super::prepare::prepare;
use crate::environment::Client;

/// The writes a run of `rule` on `source` would make now (read [`WritePlan::download_json`]).
pub async fn planned_writes(source: &Client, rule: &Rule) -> Result<WritePlan, String> {
    let info = source
        .system_info()
        .await
        .map_err(|error| format!("the source did not answer: {error}"))?;
    let today = info
        .server_date
        .clone()
        .ok_or("the source did not say its date")?
        .parse::<Date>()
        .map_err(|error| format!("unreadable server time: {error}"))?;
    let settings = sync_engine::store::settings::load_settings_or_default(source).await;
    let prepared = prepare(
        source,
        rule,
        today,
        info.accepts_data_element_param(),
        settings.read_chunk_size as usize,
    )
    .await
    .map_err(|errors| errors.join("; "))?;
    let mut processor = prepared.processor;
    for request in &prepared.reads.requests {
        let bytes = source
            .data_value_sets(&request.params)
            .await
            .map_err(|error| format!("reading values failed: {error}"))?;
        processor.feed(&bytes)?;
    }
    let processed = processor.finish()?;
    let planned = plan_values(
        &prepared.validated,
        processed.values,
        &prepared.value_types,
        &prepared.zero_insignificant,
        DEFAULT_CHUNK_SIZE,
        None,
    )?;
    Ok(planned.plan)
}
