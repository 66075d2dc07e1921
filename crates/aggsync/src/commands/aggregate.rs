//! `aggsync aggregate`: aggregates the raw data values of an input file as DHIS2 analytics
//! would, to a target period type and selected org units.
//!
//! The input file is `{"dataElements":[{id,valueType,aggregationType,zeroIsSignificant?}],
//! "organisationUnits":[{id,path}],"dataValues":[rows as in /api/dataValueSets]}`. It is read
//! twice, streaming: once for the data elements and org units (the data values are skipped
//! without building them), once through `sync_core::aggregate::Aggregator` in chunks, so a file
//! of hundreds of megabytes needs no more memory than the output. All aggregation logic lives in
//! sync-core; this module only maps arguments and files onto it.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::Args;
use serde_json::Value;
use sync_core::aggregate::{AggregateOptions, Aggregator, DataElementSpec};
use sync_core::date::Date;
use sync_core::filter::OrgUnitPath;

/// Bytes read from the input file per chunk.
const CHUNK: usize = 1 << 20;

/// Arguments of `aggsync aggregate`.
#[derive(Debug, Args)]
pub struct AggregateArgs {
    /// JSON file with `dataElements`, `organisationUnits` and `dataValues`.
    #[arg(long, value_name = "FILE")]
    input: PathBuf,
    /// Target period type, as in `dataSet.periodType` (Monthly, Quarterly, Yearly, ...).
    #[arg(long, value_name = "TYPE")]
    period_type: String,
    /// Target period ids of the period type (repeat the flag or list several after it).
    #[arg(long = "period", value_name = "ID", num_args = 1.., conflicts_with_all = ["from", "to"])]
    periods: Vec<String>,
    /// First day of the date range (yyyy-MM-dd): the target periods lying inside [from, to].
    #[arg(long, value_name = "DATE", requires = "to")]
    from: Option<String>,
    /// Last day of the date range, inclusive (yyyy-MM-dd).
    #[arg(long, value_name = "DATE", requires = "from")]
    to: Option<String>,
    /// Org units to aggregate to, each from its whole subtree (repeat or list several).
    #[arg(long = "org-unit", value_name = "OU", num_args = 1.., required = true)]
    org_units: Vec<String>,
    /// Data elements to leave out (e.g. excluded from a data set).
    #[arg(long = "exclude-data-element", value_name = "ID", num_args = 1..)]
    excluded_data_elements: Vec<String>,
    /// Attribute option combos to keep (all when not given).
    #[arg(long = "attribute-option-combo", value_name = "ID", num_args = 1..)]
    attribute_option_combos: Vec<String>,
}

/// The metadata part of the input file; `dataValues` is skipped without being built.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct InputMetadata {
    #[serde(default)]
    data_elements: Vec<DataElementSpec>,
    #[serde(default)]
    organisation_units: Vec<OrgUnitPath>,
}

fn parse_date(text: &str, flag: &str) -> anyhow::Result<Date> {
    text.parse::<Date>()
        .with_context(|| format!("invalid --{flag}"))
}

/// Runs `aggsync aggregate` and returns `{"dataValues":[…],"notAggregated":[…]}`.
pub fn aggregate(args: &AggregateArgs) -> anyhow::Result<Value> {
    if args.periods.is_empty() && args.from.is_none() {
        bail!("give target periods with --period ID ... or --from DATE --to DATE");
    }
    let path = args.input.display();
    let file = File::open(&args.input).with_context(|| format!("cannot open {path}"))?;
    let metadata: InputMetadata = serde_json::from_reader(BufReader::new(file))
        .with_context(|| format!("{path} is not a valid aggregate input file"))?;

    let options = AggregateOptions {
        data_elements: metadata.data_elements,
        organisation_units: metadata.organisation_units,
        period_type: args.period_type.clone(),
        periods: args.periods.clone(),
        from: args
            .from
            .as_deref()
            .map(|from| parse_date(from, "from"))
            .transpose()?,
        to: args
            .to
            .as_deref()
            .map(|to| parse_date(to, "to"))
            .transpose()?,
        org_units: args.org_units.clone(),
        excluded_data_elements: args.excluded_data_elements.clone(),
        attribute_option_combos: (!args.attribute_option_combos.is_empty())
            .then(|| args.attribute_option_combos.clone()),
        include_zero_values: true,
    };
    let mut aggregator = Aggregator::new(options.into_spec()?)?;

    let mut file = File::open(&args.input).with_context(|| format!("cannot open {path}"))?;
    let mut buffer = vec![0u8; CHUNK];
    loop {
        let read = file
            .read(&mut buffer)
            .with_context(|| format!("cannot read {path}"))?;
        if read == 0 {
            break;
        }
        aggregator
            .feed(&buffer[..read])
            .with_context(|| format!("{path}: invalid data values"))?;
    }
    let output = aggregator
        .finish()
        .with_context(|| format!("{path}: invalid data values"))?;
    Ok(serde_json::to_value(&output)?)
}
