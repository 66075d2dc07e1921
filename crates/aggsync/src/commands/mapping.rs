//! `aggsync mapping auto`: a destination's mapping computed by auto-map (sync-core's
//! `mapping::auto`) from the source's and the destination's metadata, stored in the app's
//! namespace like the app's mapping page stores it, keeping what a person set by hand.
//!
//! ```text
//! aggsync mapping auto --instance URL --destination ID [--by id,code,name]
//!                      [--token-file FILE | --user NAME] [--destination-secrets FILE]
//! ```
//!
//! What is compared: on the source, the data elements and org units of the rules that send to
//! the destination (every aggregate data element and org unit when none does), with their
//! combos, options and the org units' ancestors; on the destination, all of its aggregate
//! metadata, through the same client a run uses (the instance itself, its route, or directly
//! with the secret from `--destination-secrets`). Prints what stayed unmapped as JSON; exit 0
//! when everything is mapped, 1 when some items stayed unmapped, 2 for unusable arguments.

use std::collections::BTreeSet;
use std::path::PathBuf;

use clap::{Args, Subcommand};
use dhis2_api::mapping_metadata::MetadataScope;
use serde_json::{Value, json};
use sync_core::mapping::auto::{AutoMapOptions, auto_map};
use sync_core::mapping::{Mapping, MatchedBy};
use sync_core::model::{CURRENT_INSTANCE_ID, DestinationInstance};
use sync_engine::store;
use sync_engine::store::rules::RuleEntry;

use super::run::credentials::DestinationSecrets;
use super::run::one::destination_client;
use super::run::{Client, EXIT_ERROR, EXIT_USAGE, start};

/// Exit code when some items stayed unmapped.
pub const EXIT_UNMAPPED: u8 = 1;

/// `aggsync mapping …`.
#[derive(Debug, Args)]
pub struct MappingArgs {
    #[command(subcommand)]
    command: MappingCommand,
}

#[derive(Debug, Subcommand)]
enum MappingCommand {
    /// Auto-maps a destination (same id, then code, then name) and stores the mapping.
    Auto(AutoArgs),
}

/// The arguments of `aggsync mapping auto`.
#[derive(Debug, Args)]
pub struct AutoArgs {
    /// The instance holding the rules and destinations (its base URL).
    #[arg(long, value_name = "URL")]
    instance: String,
    /// The destination to map (its id in the app).
    #[arg(long, value_name = "ID")]
    destination: String,
    /// The criteria, in order, separated by commas.
    #[arg(long, value_name = "LIST", default_value = "id,code,name")]
    by: String,
    /// A file holding the runner's personal access token (else AGGSYNC_TOKEN).
    #[arg(long, value_name = "FILE", conflicts_with = "user")]
    token_file: Option<PathBuf>,
    /// Log in with this user name and the password in AGGSYNC_PASSWORD.
    #[arg(long, value_name = "NAME")]
    user: Option<String>,
    /// A JSON file with the secrets of direct destinations, by destination id (else
    /// AGGSYNC_DESTINATION_SECRETS).
    #[arg(long, value_name = "FILE")]
    destination_secrets: Option<PathBuf>,
}

/// Runs `aggsync mapping …`: prints its JSON and returns the exit code.
pub fn mapping(args: MappingArgs) -> u8 {
    let MappingCommand::Auto(args) = args.command;
    let by = match criteria(&args.by) {
        Ok(by) => by,
        Err(error) => {
            eprintln!("error: {error}");
            return EXIT_USAGE;
        }
    };
    let started = start(
        &args.instance,
        args.token_file.as_deref(),
        args.user.as_deref(),
        args.destination_secrets.as_deref(),
    );
    let (source, secrets, runtime) = match started {
        Ok(started) => started,
        Err(code) => return code,
    };
    match runtime.block_on(auto(&source, &secrets, &args.destination, by)) {
        Ok((output, complete)) => {
            println!("{output}");
            if complete { 0 } else { EXIT_UNMAPPED }
        }
        Err(error) => {
            eprintln!("error: {error}");
            EXIT_ERROR
        }
    }
}

/// `id,code,name` → the criteria.
fn criteria(text: &str) -> Result<Vec<MatchedBy>, String> {
    let by: Vec<MatchedBy> = text
        .split(',')
        .map(str::trim)
        .filter(|word| !word.is_empty())
        .map(|word| match word.to_ascii_lowercase().as_str() {
            "id" => Ok(MatchedBy::Id),
            "code" => Ok(MatchedBy::Code),
            "name" => Ok(MatchedBy::Name),
            other => Err(format!("--by: `{other}` is not id, code or name")),
        })
        .collect::<Result<_, _>>()?;
    if by.is_empty() {
        return Err("--by needs at least one of id, code, name".into());
    }
    Ok(by)
}

async fn auto(
    source: &Client,
    secrets: &DestinationSecrets,
    destination_id: &str,
    by: Vec<MatchedBy>,
) -> Result<(Value, bool), String> {
    let destination = if destination_id == CURRENT_INSTANCE_ID {
        DestinationInstance::current_instance()
    } else {
        store::destinations::load_destination(source, destination_id)
            .await
            .map_err(|error| {
                format!("the destination {destination_id} could not be read: {error}")
            })?
    };
    let target = destination_client(source, secrets, &destination)?;
    let scope = source_scope(source, destination_id).await?;
    let source_metadata = source
        .mapping_metadata(&scope)
        .await
        .map_err(|error| format!("the source's metadata could not be read: {error}"))?;
    let destination_metadata = target
        .mapping_metadata(&MetadataScope::default())
        .await
        .map_err(|error| {
            format!(
                "the metadata of the destination \"{}\" could not be read: {error}",
                destination.name
            )
        })?;
    let stored = store::mappings::load_mapping(source, destination_id)
        .await
        .map_err(|error| format!("the stored mapping could not be read: {error}"))?;
    let was_stored = stored.is_some();
    let mut mapping = stored.unwrap_or_else(|| Mapping::new(destination_id));
    let options = AutoMapOptions { by, only: None };
    let report = auto_map(
        &mut mapping,
        &source_metadata,
        &destination_metadata,
        &options,
    );
    store::mappings::save_mapping(source, &mapping, was_stored)
        .await
        .map_err(|error| format!("the mapping could not be saved: {error}"))?;
    let complete = report.complete();
    let output = json!({
        "destination": destination.id,
        "destinationName": destination.name,
        "scope": if scope.data_elements.is_some() { "rules" } else { "instance" },
        "complete": complete,
        "matched": report.matched,
        "kept": report.kept,
        "ambiguous": report.ambiguous,
        "unmapped": report.missing,
    });
    Ok((output, complete))
}

/// The source items the rules sending to `destination_id` use; the whole instance when none.
async fn source_scope(source: &Client, destination_id: &str) -> Result<MetadataScope, String> {
    let rules: Vec<_> = store::rules::load_rules(source)
        .await
        .map_err(|error| format!("the rules could not be read: {error}"))?
        .into_iter()
        .filter_map(|entry| match entry {
            RuleEntry::Valid(stored) if stored.rule.destination_id == destination_id => {
                Some(stored.rule)
            }
            _ => None,
        })
        .collect();
    if rules.is_empty() {
        return Ok(MetadataScope::default());
    }
    let mut elements = BTreeSet::new();
    let mut org_units = BTreeSet::new();
    let read = |error: dhis2_api::ApiError| format!("the rules' data could not be read: {error}");
    for rule in &rules {
        org_units.extend(rule.org_units.iter().cloned());
        elements.extend(rule.selection.data_elements.iter().cloned());
        let set_ids: Vec<String> = rule
            .selection
            .data_sets
            .iter()
            .map(|s| s.id.clone())
            .collect();
        for data_set in source
            .data_sets_with_elements(&set_ids)
            .await
            .map_err(read)?
        {
            let excluded = rule
                .selection
                .data_sets
                .iter()
                .find(|selected| selected.id == data_set.id)
                .map(|selected| selected.excluded_data_elements.clone())
                .unwrap_or_default();
            elements.extend(
                data_set
                    .data_elements
                    .into_iter()
                    .map(|element| element.id)
                    .filter(|id| !excluded.contains(id)),
            );
        }
        for group in &rule.selection.data_element_groups {
            let group = source.data_element_group(group).await.map_err(read)?;
            elements.extend(group.data_elements.into_iter().map(|element| element.id));
        }
    }
    Ok(MetadataScope {
        data_elements: Some(elements.into_iter().collect()),
        org_units: Some(org_units.into_iter().collect()),
    })
}
