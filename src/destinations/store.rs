//! Destinations in the dataStore (`aggregate-sync/destination-<id>`, the value written by
//! sync-core's `to_json`, never with a secret) and the DHIS2 route behind a route destination:
//! created with the credentials the user typed, replaced when they are typed again, deleted with
//! the destination.

use dhis2_api::model::{RouteAuth, RouteDefinition, wildcard_route_url};
use dhis2_api::{ApiError, Auth};
use sync_core::model::{
    DESTINATION_SCHEMA_VERSION, DestinationInstance, DestinationKind, DirectAuth, load_value,
    to_json,
};

use super::{
    APP_AUTHORITY, DestinationError, DestinationSecrets, FormProblem, NAMESPACE,
    ROUTE_TIMEOUT_SECONDS,
};
use crate::environment::Client;

/// Prefix of destination keys in the app's namespace.
const KEY_PREFIX: &str = "destination-";

/// The dataStore key of destination `id`.
pub fn storage_key(id: &str) -> String {
    format!("{KEY_PREFIX}{id}")
}

/// Every stored destination, by name, and the entries that could not be read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LoadedDestinations {
    /// Destinations that loaded.
    pub destinations: Vec<DestinationInstance>,
    /// `key: why` for each entry that did not.
    pub problems: Vec<String>,
}

/// Reads every destination of the app's namespace (one request for the namespaces, one for the
/// keys, one per destination: the namespace also holds rules and history, which are not read).
pub async fn load_destinations(client: &Client) -> Result<LoadedDestinations, DestinationError> {
    let mut loaded = LoadedDestinations::default();
    // An empty namespace does not exist, and asking for it is a 404 the browser logs as an error.
    let namespaces = client.data_store_namespaces().await?;
    if !namespaces.iter().any(|namespace| namespace == NAMESPACE) {
        return Ok(loaded);
    }
    for key in client.data_store_keys(NAMESPACE).await? {
        if !key.starts_with(KEY_PREFIX) {
            continue;
        }
        let outcome = match client.data_store_get(NAMESPACE, &key).await {
            Ok(value) => {
                load_value::<DestinationInstance>(value).map_err(|error| error.to_string())
            }
            Err(ApiError::NotFound { .. }) => continue,
            Err(error) => return Err(error.into()),
        };
        match outcome {
            Ok(found) => loaded.destinations.push(found.value),
            Err(message) => loaded.problems.push(format!("{key}: {message}")),
        }
    }
    loaded
        .destinations
        .sort_by_key(|destination| (destination.name.to_lowercase(), destination.id.clone()));
    Ok(loaded)
}

/// Reads destination `id`.
pub async fn load_destination(
    client: &Client,
    id: &str,
) -> Result<DestinationInstance, DestinationError> {
    let value = client.data_store_get(NAMESPACE, &storage_key(id)).await?;
    Ok(load_value::<DestinationInstance>(value)?.value)
}

/// How the user wants the app to reach a destination, as typed in the form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConnectionInput {
    /// Through a DHIS2 route of this instance. `None` keeps the credentials of an existing route
    /// (DHIS2 never returns them; allowed only while the URL stays the same).
    Route(Option<RouteAuth>),
    /// Straight from the browser; `secret`, when typed, is kept in memory for this tab.
    Direct {
        /// Token or user name and password.
        auth: DirectAuth,
        /// The secret, when typed.
        secret: Option<Auth>,
    },
    /// This instance.
    CurrentInstance,
}

/// A destination as typed in the add/edit form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DestinationInput {
    /// Name.
    pub name: String,
    /// Description (empty: none).
    pub description: String,
    /// Base URL (ignored for this instance).
    pub url: String,
    /// How to reach it.
    pub connection: ConnectionInput,
}

/// The route of destination `id` as the app defines it.
pub fn route_definition(id: &str, name: &str, url: &str, auth: RouteAuth) -> RouteDefinition {
    RouteDefinition {
        name: format!("Aggregate Sync: {} ({id})", name.trim()),
        code: format!("aggregate-sync-{id}"),
        url: wildcard_route_url(url),
        auth,
        authorities: vec![APP_AUTHORITY.to_string()],
        response_timeout_seconds: Some(ROUTE_TIMEOUT_SECONDS),
        disabled: false,
    }
}

fn secret_problems(connection: &ConnectionInput, route_needs_auth: bool) -> Vec<FormProblem> {
    let blank = |text: &str| text.trim().is_empty();
    let mut problems = Vec::new();
    let mut check_basic = |username: &str, password: &str| {
        if blank(username) {
            problems.push(FormProblem::new("username", "enter the user name"));
        }
        if password.is_empty() {
            problems.push(FormProblem::new("password", "enter the password"));
        }
    };
    match connection {
        ConnectionInput::Route(None) if route_needs_auth => {
            problems.push(FormProblem::new(
                "token",
                "enter the token or password the route will use (DHIS2 never shows stored ones)",
            ));
        }
        ConnectionInput::Route(Some(RouteAuth::ApiToken { token })) if blank(token) => {
            problems.push(FormProblem::new("token", "enter the token"));
        }
        ConnectionInput::Route(Some(RouteAuth::HttpBasic { username, password })) => {
            check_basic(username, password);
        }
        ConnectionInput::Direct {
            secret: Some(Auth::Basic { username, password }),
            ..
        } if !(blank(username) && password.is_empty()) => check_basic(username, password),
        _ => {}
    }
    problems
}

/// Validates and saves a new (`previous` = `None`) or edited destination: creates, replaces or
/// deletes its route as needed, writes the dataStore key, and keeps a typed direct secret in
/// memory. Returns the stored destination. Every problem of the input comes back at once.
pub async fn save_destination(
    client: &Client,
    previous: Option<&DestinationInstance>,
    input: DestinationInput,
    secrets: &DestinationSecrets,
) -> Result<DestinationInstance, DestinationError> {
    let id = previous.map_or_else(random_uid, |previous| previous.id.clone());
    let url = input.url.trim().trim_end_matches('/').to_string();
    let previous_route = previous.and_then(|previous| match &previous.kind {
        DestinationKind::Route { route_id } => Some((route_id.clone(), previous.url.clone())),
        _ => None,
    });
    let route_needs_auth = previous_route
        .as_ref()
        .is_none_or(|(_, previous_url)| *previous_url != url);
    let kind = match &input.connection {
        ConnectionInput::Route(_) => DestinationKind::Route {
            route_id: previous_route
                .as_ref()
                .map_or_else(|| "new".to_string(), |(route_id, _)| route_id.clone()),
        },
        ConnectionInput::Direct { auth, .. } => DestinationKind::Direct { auth: *auth },
        ConnectionInput::CurrentInstance => DestinationKind::CurrentInstance,
    };
    let mut destination = DestinationInstance {
        schema_version: DESTINATION_SCHEMA_VERSION,
        id: id.clone(),
        name: input.name.trim().to_string(),
        description: Some(input.description.trim().to_string()).filter(|text| !text.is_empty()),
        url: if kind == DestinationKind::CurrentInstance {
            String::new()
        } else {
            url.clone()
        },
        kind,
    };
    let mut problems: Vec<FormProblem> = destination
        .validate()
        .into_iter()
        .map(|issue| FormProblem::new(issue.field, issue.message))
        .collect();
    problems.extend(secret_problems(&input.connection, route_needs_auth));
    if !problems.is_empty() {
        return Err(DestinationError::Invalid { problems });
    }

    let mut created_route = None;
    if let ConnectionInput::Route(auth) = input.connection.clone() {
        match (&previous_route, auth) {
            (Some((route_id, _)), Some(auth)) => {
                let definition = route_definition(&id, &destination.name, &url, auth);
                client.update_route(route_id, &definition).await?;
            }
            (Some(_), None) => {}
            (None, auth) => {
                let definition = route_definition(
                    &id,
                    &destination.name,
                    &url,
                    auth.unwrap_or(RouteAuth::None),
                );
                let route_id = client.create_route(&definition).await?;
                destination.kind = DestinationKind::Route {
                    route_id: route_id.clone(),
                };
                created_route = Some(route_id);
            }
        }
    }
    let json = to_json(&destination)?;
    let value: serde_json::Value =
        serde_json::from_str(&json).map_err(|error| ApiError::Decode(error.to_string()))?;
    if let Err(error) = client
        .data_store_save(NAMESPACE, &storage_key(&id), &value)
        .await
    {
        if let Some(route_id) = created_route {
            // Best effort: do not leave a route with credentials behind for nothing.
            let _ = client.delete_route(&route_id).await;
        }
        return Err(error.into());
    }
    if let (Some((route_id, _)), false) = (
        &previous_route,
        matches!(destination.kind, DestinationKind::Route { .. }),
    ) {
        delete_route_if_present(client, route_id).await?;
    }
    match &input.connection {
        ConnectionInput::Direct {
            secret: Some(secret),
            ..
        } if secret_is_filled(secret) => secrets.insert(&id, secret.clone()),
        // Same kind and URL: the secret typed earlier in this tab still applies. A changed URL
        // forgets it, so a token is never sent to a server it was not typed for.
        ConnectionInput::Direct { .. }
            if previous.is_some_and(|previous| {
                previous.kind == destination.kind && previous.url == destination.url
            }) => {}
        _ => secrets.forget(&id),
    }
    secrets.forget_test(&id);
    Ok(destination)
}

fn secret_is_filled(secret: &Auth) -> bool {
    match secret {
        Auth::ApiToken(token) => !token.trim().is_empty(),
        Auth::Basic { username, password } => !username.trim().is_empty() && !password.is_empty(),
    }
}

async fn delete_route_if_present(client: &Client, route_id: &str) -> Result<(), ApiError> {
    match client.delete_route(route_id).await {
        Err(ApiError::NotFound { .. }) | Ok(()) => Ok(()),
        Err(error) => Err(error),
    }
}

/// Deletes a destination: its route first (so a failure leaves the destination to retry), then
/// its dataStore key, and forgets its secret.
pub async fn delete_destination(
    client: &Client,
    destination: &DestinationInstance,
    secrets: &DestinationSecrets,
) -> Result<(), DestinationError> {
    if let DestinationKind::Route { route_id } = &destination.kind {
        delete_route_if_present(client, route_id).await?;
    }
    match client
        .data_store_delete(NAMESPACE, &storage_key(&destination.id))
        .await
    {
        Err(ApiError::NotFound { .. }) | Ok(()) => {}
        Err(error) => return Err(error.into()),
    }
    secrets.forget(&destination.id);
    secrets.forget_test(&destination.id);
    Ok(())
}

fn random_uid() -> String {
    new_uid(js_sys::Math::random)
}

/// A DHIS2 UID (a letter, then 10 letters or digits) from a source of numbers in [0, 1).
pub fn new_uid(mut random: impl FnMut() -> f64) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const ALPHANUMERIC: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut pick = |alphabet: &[u8]| {
        let index = ((random() * alphabet.len() as f64) as usize).min(alphabet.len() - 1);
        alphabet[index] as char
    };
    let mut uid = String::with_capacity(11);
    uid.push(pick(LETTERS));
    for _ in 0..10 {
        uid.push(pick(ALPHANUMERIC));
    }
    uid
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uids_are_valid_dhis2_uids() {
        let mut state = 0.123_f64;
        let uid = new_uid(|| {
            state = (state * 7.77 + 0.31) % 1.0;
            state
        });
        assert!(sync_core::model::is_uid(&uid), "{uid}");
        assert!(sync_core::model::is_uid(&new_uid(|| 0.999_999)));
        assert!(sync_core::model::is_uid(&new_uid(|| 0.0)));
    }

    #[test]
    fn route_definition_is_a_wildcard_for_the_app_authority() {
        let definition = route_definition(
            "abcDEF12345",
            " National ",
            "https://dest.org/dhis",
            RouteAuth::None,
        );
        assert_eq!(definition.url, "https://dest.org/dhis/**");
        assert_eq!(definition.code, "aggregate-sync-abcDEF12345");
        assert_eq!(definition.authorities, vec![APP_AUTHORITY.to_string()]);
        assert_eq!(
            definition.response_timeout_seconds,
            Some(ROUTE_TIMEOUT_SECONDS)
        );
        assert_eq!(definition.name, "Aggregate Sync: National (abcDEF12345)");
    }

    #[test]
    fn a_new_route_needs_credentials_and_an_unchanged_one_does_not() {
        assert_eq!(
            secret_problems(&ConnectionInput::Route(None), true).len(),
            1
        );
        assert!(secret_problems(&ConnectionInput::Route(None), false).is_empty());
        let basic = ConnectionInput::Route(Some(RouteAuth::HttpBasic {
            username: " ".into(),
            password: String::new(),
        }));
        let fields: Vec<String> = secret_problems(&basic, true)
            .into_iter()
            .map(|problem| problem.field)
            .collect();
        assert_eq!(fields, ["username", "password"]);
        let direct = ConnectionInput::Direct {
            auth: DirectAuth::PersonalAccessToken,
            secret: None,
        };
        assert!(secret_problems(&direct, true).is_empty());
    }

    #[test]
    fn keys_are_per_destination() {
        assert_eq!(storage_key("abcDEF12345"), "destination-abcDEF12345");
    }
}
