//! Turns `GET /api/dataValueSets` responses into the values a run sends, chunk by chunk as the
//! body arrives: sync-core's raw [`Selector`] (values kept as read, handed out as soon as they
//! are complete so a raw sync writes while it reads) or its [`Aggregator`] (one accumulator per
//! output cell; values only at the end). Each response is one JSON document: call
//! [`Processor::start_document`] before its first chunk.

use std::rc::Rc;
use sync_core::aggregate::{AGGREGATED_COMMENT, Aggregator};
use sync_core::filter::Selector;
use sync_core::model::NotAggregated;
use sync_core::plan::{ChangedCells, DataValue};
use sync_core::values::{DataValueRef, Interners};

/// Raw selection or aggregation.
pub enum Processor {
    /// Values sent as read.
    Raw {
        /// The filter over the reader.
        selector: Box<Selector>,
        /// Values selected and not yet taken.
        values: Vec<DataValue>,
        /// A document was started already.
        started: bool,
        /// Rows read in finished documents.
        rows: u64,
    },
    /// Values aggregated.
    Aggregate {
        /// The engine.
        aggregator: Box<Aggregator>,
        /// A document was started already.
        started: bool,
        /// The cells an incremental run aggregates again: those left empty are deleted (shared
        /// with a fresh aggregation when a broken response makes it start over).
        changed: Option<Rc<ChangedCells>>,
    },
}

/// What the processor gives at the end.
pub struct Processed {
    /// Values not taken yet (all of them for an aggregation).
    pub values: Vec<DataValue>,
    /// Rows read.
    pub rows_read: u64,
    /// Data elements not aggregated, and why.
    pub not_aggregated: Vec<NotAggregated>,
}

impl Processor {
    /// A raw processor.
    pub fn raw(selector: Selector) -> Processor {
        Processor::Raw {
            selector: Box::new(selector),
            values: Vec::new(),
            started: false,
            rows: 0,
        }
    }

    /// An aggregating processor; `changed` for an incremental run's marked cells.
    pub fn aggregate(aggregator: Aggregator, changed: Option<Rc<ChangedCells>>) -> Processor {
        Processor::Aggregate {
            aggregator: Box::new(aggregator),
            started: false,
            changed,
        }
    }

    /// True for an aggregation.
    pub fn aggregates(&self) -> bool {
        matches!(self, Processor::Aggregate { .. })
    }

    /// Starts a new response body.
    pub fn start_document(&mut self) -> Result<(), String> {
        match self {
            Processor::Raw {
                selector, started, ..
            } => {
                if std::mem::replace(started, true) {
                    selector.next_document().map_err(|e| e.to_string())?;
                }
                Ok(())
            }
            Processor::Aggregate {
                aggregator,
                started,
                ..
            } => {
                if std::mem::replace(started, true) {
                    aggregator.next_document().map_err(|e| e.to_string())?;
                }
                Ok(())
            }
        }
    }

    /// Reads the next bytes of the current response.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<(), String> {
        match self {
            Processor::Raw {
                selector, values, ..
            } => {
                let mut sink = |row: &DataValueRef<'_>, names: &Interners| {
                    values.push(owned_value(row, names));
                };
                selector.feed(bytes, &mut sink).map_err(|e| e.to_string())
            }
            Processor::Aggregate { aggregator, .. } => {
                aggregator.feed(bytes).map_err(|e| e.to_string())
            }
        }
    }

    /// Raw values selected since the last call (none for an aggregation).
    pub fn take_values(&mut self) -> Vec<DataValue> {
        match self {
            Processor::Raw { values, .. } => std::mem::take(values),
            Processor::Aggregate { .. } => Vec::new(),
        }
    }

    /// Rows read so far.
    pub fn rows_read(&self) -> u64 {
        match self {
            Processor::Raw { selector, .. } => selector.read_stats().rows,
            Processor::Aggregate { aggregator, .. } => aggregator.read_stats().rows,
        }
    }

    /// Ends the input.
    pub fn finish(self) -> Result<Processed, String> {
        match self {
            Processor::Raw {
                selector,
                values,
                started,
                rows,
            } => {
                let mut selector = selector;
                let rows_read = if started {
                    selector.finish().map_err(|e| e.to_string())?.0.rows
                } else {
                    rows
                };
                Ok(Processed {
                    values,
                    rows_read,
                    not_aggregated: Vec::new(),
                })
            }
            Processor::Aggregate {
                aggregator,
                changed,
                ..
            } => {
                let output = aggregator.finish().map_err(|e| e.to_string())?;
                let emptied = changed.as_ref().map(|cells| {
                    let not_aggregated: Vec<String> = output
                        .not_aggregated
                        .iter()
                        .map(|item| item.data_element.clone())
                        .collect();
                    cells.emptied_cells(&output.data_values, &not_aggregated)
                });
                let mut values: Vec<DataValue> = output
                    .data_values
                    .into_iter()
                    .filter(|value| changed.as_ref().is_none_or(|cells| cells.is_marked(value)))
                    .map(|value| DataValue {
                        comment: Some(AGGREGATED_COMMENT.to_string()),
                        ..DataValue::new(
                            &value.data_element,
                            &value.period,
                            &value.org_unit,
                            &value.value,
                        )
                        .with_combos(&value.category_option_combo, &value.attribute_option_combo)
                    })
                    .collect();
                values.extend(emptied.into_iter().flatten());
                let mut not_aggregated: Vec<NotAggregated> = output
                    .not_aggregated
                    .into_iter()
                    .map(|item| NotAggregated {
                        data_element: item.data_element,
                        name: None,
                        reason: item.reason,
                    })
                    .collect();
                not_aggregated.extend(output.skipped.into_iter().map(|skipped| NotAggregated {
                    data_element: skipped.data_element,
                    name: None,
                    reason: format!("{} values skipped: {}", skipped.count, skipped.reason),
                }));
                Ok(Processed {
                    values,
                    rows_read: output.stats.rows,
                    not_aggregated,
                })
            }
        }
    }
}

fn owned_value(row: &DataValueRef<'_>, names: &Interners) -> DataValue {
    DataValue {
        data_element: names.data_elements.name(row.data_element).to_string(),
        period: names.periods.name(row.period).to_string(),
        org_unit: names.org_units.name(row.org_unit).to_string(),
        category_option_combo: names
            .category_option_combos
            .name(row.category_option_combo)
            .to_string(),
        attribute_option_combo: names
            .attribute_option_combos
            .name(row.attribute_option_combo)
            .to_string(),
        value: row
            .value
            .text()
            .map(|text| String::from_utf8_lossy(text).into_owned()),
        comment: row
            .comment
            .map(|text| String::from_utf8_lossy(text).into_owned()),
        followup: row.followup,
        deleted: row.deleted,
        last_updated: None,
    }
}
