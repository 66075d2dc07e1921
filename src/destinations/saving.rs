//! Saving a destination from the add/edit form: every problem of the input at once, the DHIS2
//! route behind a route destination (created with the credentials the user typed, replaced when
//! they are typed again, deleted with the destination) and a direct destination's secret kept
//! in this tab's memory. The dataStore part and the route's definition are
//! `sync_engine::store::destinations`'; the secrets never leave the browser.

use dhis2_api::Auth;
use dhis2_api::model::RouteAuth;
use sync_core::model::{
    DESTINATION_SCHEMA_VERSION, DestinationInstance, DestinationKind, DirectAuth,
};
use sync_engine::store::destinations::{self as store, delete_route_if_present, route_definition};

use super::{DestinationError, DestinationSecrets, FormProblem};
use crate::environment::Client;

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
    let stored = match previous {
        None => store::create_destination(client, &destination).await,
        Some(_) => store::replace_destination(client, &destination).await,
    };
    if let Err(error) = stored {
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
        } if secret_is_filled(secret) => secrets.insert(&id, &destination.url, secret.clone()),
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
    store::delete_destination(client, &destination.id).await?;
    secrets.forget(&destination.id);
    secrets.forget_test(&destination.id);
    Ok(())
}

fn random_uid() -> String {
    sync_core::model::generate_uid(js_sys::Math::random)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
