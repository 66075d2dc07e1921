//! "Import from MetaData Sync": read MetaData Synchronization's namespace
//! (`metadata-synchronization`, its format in `../shared/reference/peers.md` §4) into a plan of
//! our rules, destinations and mappings (sync-core's `metadata_sync` converts), then — only once
//! the user confirms — write the plan into the app's namespace. MetaData Sync's own keys are only
//! read, never changed.
//!
//! Each of its instances becomes a destination: a route instance (current versions keep only
//! the route's id) our route destination on that very route; an old-style instance (URL, user
//! name and an encrypted password we cannot use) a direct destination that asks for its secret
//! at each run; `LOCAL` the instance itself. Each instance mapping becomes ours.

use std::collections::BTreeMap;

use dhis2_api::model::scope_of_route_url;
use dhis2_api::transport::Transport;
use dhis2_api::{ApiError, Dhis2Client};
use serde_json::Value;
use sync_core::mapping::Mapping;
use sync_core::metadata_sync::{
    ImportContext, ImportedRule, NAMESPACE, SelectedKind, import_mapping, import_rules,
};
use sync_core::model::{
    CURRENT_INSTANCE_ID, DESTINATION_SCHEMA_VERSION, DestinationInstance, DestinationKind,
    DirectAuth, generate_uid,
};

use crate::store::{StoreError, destinations, mappings, rules};

/// Why the namespace could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MetadataSyncError {
    /// The user may not read it (a 403).
    #[error(
        "you may not read MetaData Synchronization's settings (the dataStore namespace \
         `metadata-synchronization`): ask an administrator for access to the MetaData \
         Synchronization app, or to import for you"
    )]
    NoAccess,
    /// There is none on this instance.
    #[error("MetaData Synchronization has no settings on this instance: nothing to import")]
    NotFound,
    /// A key holds something else than the reference's format.
    #[error("MetaData Synchronization's `{key}` cannot be read: {message}")]
    Malformed {
        /// The key.
        key: String,
        /// What is wrong.
        message: String,
    },
    /// Any other failure.
    #[error("{0}")]
    Api(String),
}

impl From<ApiError> for MetadataSyncError {
    fn from(error: ApiError) -> MetadataSyncError {
        match error {
            ApiError::Forbidden { .. } => MetadataSyncError::NoAccess,
            other => MetadataSyncError::Api(other.to_string()),
        }
    }
}

/// One of MetaData Sync's instances as our destination.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedInstance {
    /// Its id there (a route's id on current versions).
    pub source_id: String,
    /// Our destination (the instance itself for `LOCAL`: nothing to store).
    pub destination: DestinationInstance,
    /// Whether it must be stored (not the instance itself, not already ours).
    pub new: bool,
    /// What the user should know (a secret to give at each run, a route reaching every path).
    pub notes: Vec<String>,
}

/// Everything an import would write, with what was and was not carried.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPlan {
    /// Per MetaData Sync rule: ours and the notes.
    pub rules: Vec<ImportedRule>,
    /// The instances as destinations.
    pub instances: Vec<ImportedInstance>,
    /// Mappings per destination id, with what was not carried.
    pub mappings: Vec<(Mapping, Vec<String>)>,
}

/// Reads MetaData Sync's namespace into a plan; writes nothing. `random` draws new ids.
pub async fn read_plan<T: Transport>(
    client: &Dhis2Client<T>,
    mut random: impl FnMut() -> f64,
) -> Result<ImportPlan, MetadataSyncError> {
    let namespaces = client.data_store_namespaces().await?;
    if !namespaces.iter().any(|namespace| namespace == NAMESPACE) {
        return Err(MetadataSyncError::NotFound);
    }
    let keys = client.data_store_keys(NAMESPACE).await?;
    let read = |key: String| async move {
        client
            .data_store_get(NAMESPACE, &key)
            .await
            .map_err(MetadataSyncError::from)
    };
    let has = |key: &str| keys.iter().any(|stored| stored == key);

    let listed = if has("instances") {
        Some(read("instances".into()).await?)
    } else {
        None
    };
    let instances = instances(client, listed).await?;
    let stored_destinations = destinations::load_destinations(client)
        .await
        .map_err(|error| MetadataSyncError::Api(error.to_string()))?
        .destinations;
    let mut planned = Vec::new();
    for (source_id, destination, notes) in instances {
        // A route that is already one of ours stays ours.
        let existing =
            stored_destinations
                .iter()
                .find(|stored| match (&stored.kind, &destination.kind) {
                    (
                        DestinationKind::Route { route_id: a, .. },
                        DestinationKind::Route { route_id: b, .. },
                    ) => a == b,
                    _ => false,
                });
        let (destination, new) = match existing {
            Some(existing) => (existing.clone(), false),
            None => {
                let new = destination.kind != DestinationKind::CurrentInstance;
                (destination, new)
            }
        };
        planned.push(ImportedInstance {
            source_id,
            destination,
            new,
            notes,
        });
    }

    let headers = if has("rules") {
        read("rules".into()).await?
    } else {
        Value::Array(Vec::new())
    };
    let mut builders = BTreeMap::new();
    for header in headers.as_array().into_iter().flatten() {
        if let Some(id) = header.get("id").and_then(Value::as_str) {
            let key = format!("rules-{id}");
            if has(&key) {
                builders.insert(id.to_owned(), read(key).await?);
            }
        }
    }
    let mut context = ImportContext::default();
    for instance in &planned {
        context
            .destinations
            .insert(instance.source_id.clone(), instance.destination.id.clone());
        context.destination_names.insert(
            instance.destination.id.clone(),
            instance.destination.name.clone(),
        );
    }
    let selected: Vec<String> = builders
        .values()
        .flat_map(|builder| {
            let builder = builder.get("builder").unwrap_or(builder);
            builder
                .get("metadataIds")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .collect();
    context.kinds = kinds(client, &selected).await?;
    let rules = import_rules(&headers, &builders, &context, || generate_uid(&mut random)).map_err(
        |message| MetadataSyncError::Malformed {
            key: "rules".into(),
            message,
        },
    )?;

    let mut mappings_out = Vec::new();
    if has("mappings") {
        let list = read("mappings".into()).await?;
        for entry in list.as_array().into_iter().flatten() {
            let (Some(id), Some(owner)) = (
                entry.get("id").and_then(Value::as_str),
                entry.pointer("/owner/id").and_then(Value::as_str),
            ) else {
                continue;
            };
            let Some(destination_id) = context.destinations.get(owner) else {
                continue;
            };
            let key = format!("mappings-{id}");
            if !has(&key) {
                continue;
            }
            let stored = read(key.clone()).await?;
            let imported = import_mapping(&stored, destination_id, &BTreeMap::new())
                .map_err(|message| MetadataSyncError::Malformed { key, message })?;
            mappings_out.push((imported.mapping, imported.not_carried));
        }
    }
    // Older versions kept an instance's mapping with it (`instances-<id>`, next to a password
    // that is never read out of the value, stored or shown).
    for instance in &planned {
        let key = format!("instances-{}", instance.source_id);
        if !has(&key)
            || mappings_out
                .iter()
                .any(|(m, _)| m.destination_id == instance.destination.id)
        {
            continue;
        }
        let stored = read(key.clone()).await?;
        if let Some(dictionary) = stored.get("metadataMapping").filter(|m| m.is_object()) {
            let imported = import_mapping(dictionary, &instance.destination.id, &BTreeMap::new())
                .map_err(|message| MetadataSyncError::Malformed { key, message })?;
            mappings_out.push((imported.mapping, imported.not_carried));
        }
    }
    Ok(ImportPlan {
        rules,
        instances: planned,
        mappings: mappings_out,
    })
}

/// The instances (`instances`: current `[{id}]` = routes, older `[{id, name, url, …}]`).
async fn instances<T: Transport>(
    client: &Dhis2Client<T>,
    list: Option<Value>,
) -> Result<Vec<(String, DestinationInstance, Vec<String>)>, MetadataSyncError> {
    let mut out = Vec::new();
    let Some(list) = list else {
        return Ok(out);
    };
    let list = list
        .as_array()
        .ok_or_else(|| MetadataSyncError::Malformed {
            key: "instances".into(),
            message: "not an array".into(),
        })?;
    for entry in list {
        let Some(id) = entry.get("id").and_then(Value::as_str) else {
            continue;
        };
        if id == "LOCAL" {
            out.push((
                id.to_owned(),
                DestinationInstance::current_instance(),
                Vec::new(),
            ));
            continue;
        }
        let text = |key: &str| entry.get(key).and_then(Value::as_str).map(str::to_owned);
        match text("url") {
            // Older versions: the instance itself, with a password we cannot decrypt.
            Some(url) => {
                let version = text("version").unwrap_or_default();
                let token_capable = version_at_least(&version, 38);
                out.push((
                    id.to_owned(),
                    DestinationInstance {
                        schema_version: DESTINATION_SCHEMA_VERSION,
                        id: generate_uid(pseudo_random(id)),
                        name: text("name").unwrap_or_else(|| url.clone()),
                        description: text("description").filter(|d| !d.is_empty()),
                        url: url.trim_end_matches('/').to_owned(),
                        id_schemes: Default::default(),
                        kind: DestinationKind::Direct {
                            auth: if token_capable {
                                DirectAuth::PersonalAccessToken
                            } else {
                                DirectAuth::BasicAskEachRun
                            },
                        },
                    },
                    vec![format!(
                        "reached directly: its password is kept encrypted by MetaData Sync and \
                         cannot be carried; {} is asked for at each run",
                        if token_capable {
                            "a personal access token"
                        } else {
                            "the password"
                        }
                    )],
                ));
            }
            // Current versions: a DHIS2 route.
            None => match client.route(id).await {
                Ok(route) => {
                    let base = route
                        .url
                        .trim_end_matches("/**")
                        .trim_end_matches("/api")
                        .to_owned();
                    let scope = scope_of_route_url(&route.url).unwrap_or_default();
                    let mut notes = Vec::new();
                    if scope == sync_core::model::RouteScope::Server {
                        notes.push(
                            "its route reaches every path of the destination (`/**`); the \
                             Destinations page offers to narrow it to the Web API"
                                .to_owned(),
                        );
                    }
                    out.push((
                        id.to_owned(),
                        DestinationInstance {
                            schema_version: DESTINATION_SCHEMA_VERSION,
                            id: generate_uid(pseudo_random(id)),
                            name: route.name.clone(),
                            description: None,
                            url: base,
                            id_schemes: Default::default(),
                            kind: DestinationKind::Route {
                                route_id: route.id,
                                scope,
                            },
                        },
                        notes,
                    ));
                }
                Err(ApiError::NotFound { .. }) => continue,
                Err(error) => return Err(error.into()),
            },
        }
    }
    Ok(out)
}

/// A deterministic draw from `seed`, so that reading the plan twice names a new destination the
/// same (its id is only a dataStore key).
fn pseudo_random(seed: &str) -> impl FnMut() -> f64 {
    let mut state = seed.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3)
    });
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `2.38.1` → at least 2.`minor`?
fn version_at_least(version: &str, minor: u32) -> bool {
    version
        .split('.')
        .nth(1)
        .and_then(|part| part.parse::<u32>().ok())
        .is_some_and(|found| found >= minor)
}

/// What each selected id is on this instance.
async fn kinds<T: Transport>(
    client: &Dhis2Client<T>,
    ids: &[String],
) -> Result<BTreeMap<String, SelectedKind>, MetadataSyncError> {
    let mut kinds = BTreeMap::new();
    if ids.is_empty() {
        return Ok(kinds);
    }
    for data_set in client.data_sets_with_elements(ids).await? {
        kinds.insert(
            data_set.id,
            SelectedKind::DataSet {
                data_elements: data_set.data_elements.into_iter().map(|e| e.id).collect(),
            },
        );
    }
    for (collection, kind) in [
        ("dataElements", None),
        ("dataElementGroups", None),
        ("indicators", Some("indicator")),
        ("indicatorGroups", Some("indicator group")),
        ("dataElementGroupSets", Some("data element group set")),
    ] {
        let rest: Vec<String> = ids
            .iter()
            .filter(|id| !kinds.contains_key(*id))
            .cloned()
            .collect();
        if rest.is_empty() {
            break;
        }
        let existing = match client.existing_ids(collection, &rest).await {
            Ok(existing) => existing,
            // A server without that collection has none of it.
            Err(ApiError::NotFound { .. }) => continue,
            Err(error) => return Err(error.into()),
        };
        for id in existing {
            let found = match (collection, kind) {
                ("dataElements", _) => SelectedKind::DataElement,
                ("dataElementGroups", _) => SelectedKind::DataElementGroup,
                (_, Some(kind)) => SelectedKind::Other(kind.to_owned()),
                _ => continue,
            };
            kinds.insert(id, found);
        }
    }
    Ok(kinds)
}

/// What an import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportWritten {
    /// Rules stored.
    pub rules: usize,
    /// Destinations stored.
    pub destinations: usize,
    /// Mappings stored (or merged into a stored one, whose hand settings win).
    pub mappings: usize,
}

/// Writes `plan` into the app's namespace: new destinations, then mappings, then rules (so a
/// rule never points at a destination that is not there). Mappings already stored keep what
/// they hold; imported pairs fill what they lack.
pub async fn write_plan<T: Transport>(
    client: &Dhis2Client<T>,
    plan: &ImportPlan,
) -> Result<ImportWritten, StoreError> {
    let mut written = ImportWritten::default();
    for instance in plan.instances.iter().filter(|instance| instance.new) {
        if instance.destination.id == CURRENT_INSTANCE_ID {
            continue;
        }
        destinations::create_destination(client, &instance.destination).await?;
        written.destinations += 1;
    }
    for (mapping, _) in &plan.mappings {
        let stored = mappings::load_mapping(client, &mapping.destination_id).await?;
        let was_stored = stored.is_some();
        let merged = match stored {
            Some(mut stored) => {
                merge_missing(&mut stored, mapping);
                stored
            }
            None => mapping.clone(),
        };
        mappings::save_mapping(client, &merged, was_stored).await?;
        written.mappings += 1;
    }
    for imported in &plan.rules {
        for rule in &imported.rules {
            rules::create_rule(client, rule).await?;
            written.rules += 1;
        }
    }
    Ok(written)
}

/// Adds to `stored` the pairs of `imported` it does not have.
fn merge_missing(stored: &mut Mapping, imported: &Mapping) {
    for (id, element) in &imported.data_elements {
        stored
            .data_elements
            .entry(id.clone())
            .or_insert_with(|| element.clone());
    }
    for (mine, theirs) in [
        (
            &mut stored.category_option_combos,
            &imported.category_option_combos,
        ),
        (
            &mut stored.attribute_option_combos,
            &imported.attribute_option_combos,
        ),
        (&mut stored.category_options, &imported.category_options),
        (&mut stored.org_units, &imported.org_units),
    ] {
        for (id, target) in theirs {
            mine.entry(id.clone()).or_insert_with(|| target.clone());
        }
    }
    for (set, options) in &imported.options {
        let mine = stored.options.entry(set.clone()).or_default();
        for (code, target) in options {
            mine.entry(code.clone()).or_insert_with(|| target.clone());
        }
    }
}
