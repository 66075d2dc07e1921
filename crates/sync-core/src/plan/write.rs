//! Write chunks: the values the import strategy sends, cut into chunks of a configurable size,
//! each with its `POST /api/dataValueSets` query parameters and JSON body bytes. Deletions go in
//! their own chunks with `importStrategy=DELETE` (a `deleted: true` value for a key the
//! destination lacks would count as imported).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::diff::Diff;
use super::value::DataValue;
use crate::model::{ImportStrategy, ValidatedRule};

/// Default values per write chunk.
pub const DEFAULT_CHUNK_SIZE: usize = 2000;

/// Kind of write chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WriteKind {
    /// New and changed values under the rule's strategy.
    Upsert,
    /// Deletions, `importStrategy=DELETE`.
    Delete,
}

/// Options of [`plan_writes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WriteOptions {
    /// The rule's import strategy.
    pub strategy: ImportStrategy,
    /// `dryRun=true`.
    pub dry_run: bool,
    /// Values per chunk (at least 1).
    pub chunk_size: usize,
    /// Chunks with at least this many values are imported asynchronously (`async=true`, then
    /// task polling); `None` never.
    pub async_from: Option<usize>,
}

impl Default for WriteOptions {
    fn default() -> Self {
        WriteOptions {
            strategy: ImportStrategy::CreateAndUpdate,
            dry_run: false,
            chunk_size: DEFAULT_CHUNK_SIZE,
            async_from: None,
        }
    }
}

impl WriteOptions {
    /// The options of a rule's run: its strategy and dry run, with this chunk size and async
    /// threshold.
    pub fn for_rule(rule: &ValidatedRule, chunk_size: usize, async_from: Option<usize>) -> Self {
        let rule = rule.rule();
        WriteOptions {
            strategy: rule.import_strategy,
            dry_run: rule.dry_run,
            chunk_size,
            async_from,
        }
    }
}

/// One `POST /api/dataValueSets`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WriteChunk {
    /// Position among the run's chunks.
    pub index: usize,
    /// Upsert or delete.
    pub kind: WriteKind,
    /// Query parameters (`importStrategy`, `dryRun`, maybe `async`).
    pub params: Vec<(String, String)>,
    /// True when imported asynchronously.
    pub is_async: bool,
    /// The values, in the order of the body's `dataValues` (conflict indexes refer to it).
    pub values: Vec<DataValue>,
    /// The JSON body.
    #[serde(skip)]
    pub body: Vec<u8>,
}

/// All writes of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WritePlan {
    /// Chunks: upserts first, then deletions.
    pub chunks: Vec<WriteChunk>,
    /// Values upserted.
    pub upserts: usize,
    /// Values deleted.
    pub deletions: usize,
    /// Values sent per data element.
    pub sent_per_data_element: BTreeMap<String, u64>,
}

/// Errors of write planning.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WriteError {
    /// A body could not be written as JSON (not expected).
    #[error("cannot write the import payload as JSON: {0}")]
    Serialize(String),
}

/// A value as sent: key, value, comment and follow-up flag; `deleted: true` for deletions.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PayloadValue<'a> {
    data_element: &'a str,
    period: &'a str,
    org_unit: &'a str,
    category_option_combo: &'a str,
    attribute_option_combo: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    comment: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    followup: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    deleted: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Payload<'a> {
    data_values: Vec<PayloadValue<'a>>,
}

fn payload_value(value: &DataValue, kind: WriteKind) -> PayloadValue<'_> {
    let deletion = kind == WriteKind::Delete || value.deleted;
    PayloadValue {
        data_element: &value.data_element,
        period: &value.period,
        org_unit: &value.org_unit,
        category_option_combo: &value.category_option_combo,
        attribute_option_combo: &value.attribute_option_combo,
        value: if deletion {
            None
        } else {
            value.value.as_deref()
        },
        comment: if deletion {
            None
        } else {
            value.comment.as_deref()
        },
        followup: !deletion && value.followup,
        deleted: deletion,
    }
}

/// The JSON body `{"dataValues":[…]}` for these values.
pub fn payload(values: &[DataValue], kind: WriteKind) -> Result<Vec<u8>, WriteError> {
    let body = Payload {
        data_values: values.iter().map(|v| payload_value(v, kind)).collect(),
    };
    serde_json::to_vec(&body).map_err(|error| WriteError::Serialize(error.to_string()))
}

/// Cuts values into chunks of at most `size` (at least 1), keeping their order.
pub fn chunk_values(values: Vec<DataValue>, size: usize) -> Vec<Vec<DataValue>> {
    let size = size.max(1);
    let mut chunks = Vec::with_capacity(values.len().div_ceil(size));
    let mut current = Vec::with_capacity(size.min(values.len()));
    for value in values {
        current.push(value);
        if current.len() == size {
            chunks.push(std::mem::replace(&mut current, Vec::with_capacity(size)));
        }
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    chunks
}

/// The values a strategy sends: New = CREATE sends new values, Updates = UPDATE changed ones,
/// New and updates both; values not compared with the destination are always sent.
pub fn values_to_send(diff: &Diff, strategy: ImportStrategy) -> Vec<DataValue> {
    let mut values = Vec::new();
    if matches!(
        strategy,
        ImportStrategy::CreateAndUpdate | ImportStrategy::Create
    ) {
        values.extend(diff.new.iter().cloned());
    }
    if matches!(
        strategy,
        ImportStrategy::CreateAndUpdate | ImportStrategy::Update
    ) {
        values.extend(diff.changed.iter().cloned());
    }
    values.extend(diff.unknown.iter().cloned());
    values
}

/// One chunk of `values` of `kind` at position `index`: its query parameters (the strategy, or
/// `DELETE` for deletions; `dryRun`; `async` from the options' threshold) and JSON body. Used by
/// [`plan_writes`] and by the engine, which cuts chunks as values stream in.
pub fn write_chunk(
    index: usize,
    kind: WriteKind,
    values: Vec<DataValue>,
    options: &WriteOptions,
) -> Result<WriteChunk, WriteError> {
    let strategy = match kind {
        WriteKind::Upsert => options.strategy.as_param(),
        WriteKind::Delete => "DELETE",
    };
    let is_async = options.async_from.is_some_and(|from| values.len() >= from);
    let mut params = vec![
        ("importStrategy".to_string(), strategy.to_string()),
        ("dryRun".to_string(), options.dry_run.to_string()),
    ];
    if is_async {
        params.push(("async".to_string(), "true".to_string()));
    }
    let body = payload(&values, kind)?;
    Ok(WriteChunk {
        index,
        kind,
        params,
        is_async,
        values,
        body,
    })
}

/// Plans the writes of a diff: upsert chunks under the strategy, then deletion chunks.
pub fn plan_writes(diff: &Diff, options: &WriteOptions) -> Result<WritePlan, WriteError> {
    let upserts = values_to_send(diff, options.strategy);
    let deletions = diff.deleted.clone();
    let mut plan = WritePlan {
        upserts: upserts.len(),
        deletions: deletions.len(),
        ..WritePlan::default()
    };
    for value in upserts.iter().chain(&deletions) {
        *plan
            .sent_per_data_element
            .entry(value.data_element.clone())
            .or_default() += 1;
    }
    let groups = chunk_values(upserts, options.chunk_size)
        .into_iter()
        .map(|values| (WriteKind::Upsert, values))
        .chain(
            chunk_values(deletions, options.chunk_size)
                .into_iter()
                .map(|v| (WriteKind::Delete, v)),
        );
    for (index, (kind, values)) in groups.enumerate() {
        plan.chunks.push(write_chunk(index, kind, values, options)?);
    }
    Ok(plan)
}

impl WritePlan {
    /// One JSON file with everything the plan sends, for "Download JSON": upserts as they are,
    /// deletions as `deleted: true` values.
    pub fn download_json(&self) -> Result<Vec<u8>, WriteError> {
        let data_values = self
            .chunks
            .iter()
            .flat_map(|chunk| {
                chunk
                    .values
                    .iter()
                    .map(move |v| payload_value(v, chunk.kind))
            })
            .collect();
        serde_json::to_vec_pretty(&Payload { data_values })
            .map_err(|error| WriteError::Serialize(error.to_string()))
    }
}
