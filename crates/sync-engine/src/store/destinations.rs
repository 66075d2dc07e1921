//! Destination instances in the dataStore (`destination-<id>`, sync-core's
//! `DestinationInstance` as `to_json` writes it, never with a secret) and the DHIS2 route the app
//! defines for a route destination: its Web API only (`<base>/api/**`), runnable by who manages
//! destinations and by the user groups it is shared with, nobody else.
//!
//! The dataStore namespace is writable by every user of the app, so nothing stored here can
//! keep a user from a destination: what does is the route, DHIS2 metadata with its own sharing
//! and authorities that the server enforces when it is run.
//!
//! Not here: validating what the user typed, and direct destinations' tokens or passwords, which
//! the browser keeps in memory for the tab only (the app's `destinations` module); the command
//! line gets them from its own configuration.

use dhis2_api::model::{RouteAuth, RouteDefinition, RouteScope, RouteSharing, route_url};
use dhis2_api::transport::Transport;
use dhis2_api::{ApiError, Dhis2Client};
use sync_core::model::{DestinationInstance, load_value};

use super::{
    DESTINATION_KEY_PREFIX, NAMESPACE, StoreError, create_entry, delete_key, destination_key,
    namespace_may_have_entries, stored_value,
};

/// The app's authority (`M_aggregatesync`, which DHIS2 derives from the manifest's short name
/// `aggregate-sync`): it opens the app and its dataStore namespace. It gives no right to run the
/// routes the app creates (that was the case before routes were narrowed and shared).
pub const APP_AUTHORITY: &str = "M_aggregatesync";

/// The authority the app declares in `manifest.webapp` (`authorities`; DHIS2 offers it in user
/// roles under the app's name, spelled as declared): who may add, edit and delete destinations.
/// The app checks it before showing those actions; DHIS2 enforces it on the routes, whose
/// `authorities` name it.
pub const MANAGE_DESTINATIONS_AUTHORITY: &str = "F_AGGREGATE_SYNC_MANAGE_DESTINATIONS";

/// Upstream timeout of the routes the app creates (the most DHIS2 allows), so slow imports
/// through a route are not cut off at the server's 5–30 s default.
pub const ROUTE_TIMEOUT_SECONDS: u32 = 60;

/// Every stored destination, by name, and the entries that could not be read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadedDestinations {
    /// Destinations that loaded, ordered by name (case-insensitively), then id.
    pub destinations: Vec<DestinationInstance>,
    /// `key: why` for each entry that did not.
    pub problems: Vec<String>,
}

/// Every destination of the app's namespace: one request on 2.38+; on 2.36/2.37 the namespace
/// check, its keys, then one request per destination (rules and reports are not read).
pub async fn load_destinations<T: Transport>(
    client: &Dhis2Client<T>,
) -> Result<LoadedDestinations, StoreError> {
    let mut loaded = LoadedDestinations::default();
    if !namespace_may_have_entries(client).await? {
        return Ok(loaded);
    }
    for entry in client
        .data_store_entries_with_prefix(NAMESPACE, DESTINATION_KEY_PREFIX, &[])
        .await?
    {
        match load_value::<DestinationInstance>(entry.value) {
            Ok(found) => loaded.destinations.push(found.value),
            Err(error) => loaded.problems.push(format!("{}: {error}", entry.key)),
        }
    }
    loaded
        .destinations
        .sort_by_key(|destination| (destination.name.to_lowercase(), destination.id.clone()));
    Ok(loaded)
}

/// Reads destination `id` (a missing one is [`StoreError::Api`] with [`ApiError::NotFound`]).
pub async fn load_destination<T: Transport>(
    client: &Dhis2Client<T>,
    id: &str,
) -> Result<DestinationInstance, StoreError> {
    let value = client
        .data_store_get(NAMESPACE, &destination_key(id))
        .await?;
    Ok(load_value::<DestinationInstance>(value)?.value)
}

/// Stores a new destination with POST ([`StoreError::Exists`] when its key is taken).
pub async fn create_destination<T: Transport>(
    client: &Dhis2Client<T>,
    destination: &DestinationInstance,
) -> Result<(), StoreError> {
    create_entry(
        client,
        &destination_key(&destination.id),
        &stored_value(destination)?,
    )
    .await
}

/// Replaces a stored destination (created again when someone deleted it meanwhile: the user
/// has just saved it).
pub async fn replace_destination<T: Transport>(
    client: &Dhis2Client<T>,
    destination: &DestinationInstance,
) -> Result<(), StoreError> {
    client
        .data_store_save(
            NAMESPACE,
            &destination_key(&destination.id),
            &stored_value(destination)?,
        )
        .await?;
    Ok(())
}

/// Deletes destination `id`'s entry; one already gone is fine. Its route, if any, is deleted by
/// the caller first ([`delete_route_if_present`]), so that a failure leaves the destination to
/// retry.
pub async fn delete_destination<T: Transport>(
    client: &Dhis2Client<T>,
    id: &str,
) -> Result<(), StoreError> {
    delete_key(client, &destination_key(id)).await
}

/// Who may run a destination's route besides the holders of
/// [`MANAGE_DESTINATIONS_AUTHORITY`] and superusers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RouteAccess {
    /// UID of the user who saves the route (its owner).
    pub owner: String,
    /// UIDs of user groups whose members may send through the route (read sharing), e.g. the
    /// people who run rules without managing destinations. Empty: nobody else.
    pub user_groups: Vec<String>,
}

/// The route of destination `id` as the app defines it: a wildcard route to the destination's
/// Web API (`<url>/api/**`), with the longest upstream timeout, run by holders of
/// [`MANAGE_DESTINATIONS_AUTHORITY`] (its `authorities`) and by whom its sharing lets read it —
/// its owner and `access.user_groups`, no public access.
pub fn route_definition(
    id: &str,
    name: &str,
    url: &str,
    auth: RouteAuth,
    access: &RouteAccess,
) -> RouteDefinition {
    RouteDefinition {
        name: format!("Aggregate Sync: {} ({id})", name.trim()),
        code: format!("aggregate-sync-{id}"),
        url: route_url(url, RouteScope::Api),
        auth,
        authorities: vec![MANAGE_DESTINATIONS_AUTHORITY.to_string()],
        sharing: Some(RouteSharing {
            owner: access.owner.clone(),
            users: Vec::new(),
            user_groups: access.user_groups.clone(),
        }),
        response_timeout_seconds: Some(ROUTE_TIMEOUT_SECONDS),
        disabled: false,
    }
}

/// Deletes route `route_id`; one already gone is fine.
pub async fn delete_route_if_present<T: Transport>(
    client: &Dhis2Client<T>,
    route_id: &str,
) -> Result<(), ApiError> {
    match client.delete_route(route_id).await {
        Err(ApiError::NotFound { .. }) | Ok(()) => Ok(()),
        Err(error) => Err(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_route_reaches_the_api_only_and_is_run_by_destination_managers_and_its_groups() {
        let access = RouteAccess {
            owner: "OwNer000001".into(),
            user_groups: vec!["GrOup000001".into()],
        };
        let definition = route_definition(
            "abcDEF12345",
            " National ",
            "https://dest.org/dhis/",
            RouteAuth::None,
            &access,
        );
        assert_eq!(definition.url, "https://dest.org/dhis/api/**");
        assert_eq!(definition.code, "aggregate-sync-abcDEF12345");
        assert_eq!(
            definition.authorities,
            vec![MANAGE_DESTINATIONS_AUTHORITY.to_string()]
        );
        assert!(!definition.authorities.contains(&APP_AUTHORITY.to_string()));
        assert_eq!(
            definition.sharing,
            Some(RouteSharing {
                owner: "OwNer000001".into(),
                users: vec![],
                user_groups: vec!["GrOup000001".into()],
            })
        );
        assert_eq!(
            definition.response_timeout_seconds,
            Some(ROUTE_TIMEOUT_SECONDS)
        );
        assert_eq!(definition.name, "Aggregate Sync: National (abcDEF12345)");
    }

    #[test]
    fn the_app_manifest_declares_the_manage_destinations_authority() {
        let manifest: serde_json::Value =
            serde_json::from_str(include_str!("../../../../manifest.webapp")).expect("json");
        assert_eq!(
            manifest["authorities"],
            serde_json::json!([MANAGE_DESTINATIONS_AUTHORITY])
        );
    }
}
