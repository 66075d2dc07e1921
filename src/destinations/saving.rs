//! Saving a destination from the add/edit form: every problem of the input at once, the DHIS2
//! route behind a route destination (created with the credentials the user typed, replaced when
//! they are typed again, deleted with the destination; its Web API only, shared with its owner
//! and the user group chosen), a direct destination's secret kept in this tab's memory, and the
//! refusal of a destination that is the source itself. Narrowing a route made before routes
//! covered the API only. The dataStore part and the route's definition are
//! `sync_engine::store::destinations`'; the secrets never leave the browser.

use dhis2_api::Auth;
use dhis2_api::model::{RouteAuth, RouteScope};
use sync_core::model::{
    DESTINATION_SCHEMA_VERSION, DestinationInstance, DestinationKind, DirectAuth,
};
use sync_engine::store::destinations::{
    self as store, RouteAccess, delete_route_if_present, route_definition,
};

use super::{
    DestinationError, DestinationSecrets, FormProblem, direct_client, plain_http_problem,
    same_instance_message,
};
use crate::session::Session;

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
    /// For a route: the user group (UID) whose members may send through it besides the user
    /// saving it and the holders of the manage-destinations authority. Applied when the route
    /// is created or its credentials are typed again.
    pub route_user_group: Option<String>,
    /// How the values sent name their objects (UID unless the destination does not share the
    /// source's UIDs).
    pub id_schemes: sync_core::id_scheme::IdSchemes,
}

fn secret_problems(connection: &ConnectionInput, route_needs_auth: bool) -> Vec<FormProblem> {
    let blank = |text: &str| text.trim().is_empty();
    let mut problems = Vec::new();
    let mut check_basic = |username: &str, password: &str| {
        if blank(username) {
            problems.push(FormProblem::new(
                "username",
                t!("destinations-enter-user-name"),
            ));
        }
        if password.is_empty() {
            problems.push(FormProblem::new(
                "password",
                t!("destinations-enter-password"),
            ));
        }
    };
    match connection {
        ConnectionInput::Route(None) if route_needs_auth => {
            problems.push(FormProblem::new(
                "token",
                t!("destinations-enter-route-secret"),
            ));
        }
        ConnectionInput::Route(Some(RouteAuth::ApiToken { token })) if blank(token) => {
            problems.push(FormProblem::new("token", t!("destinations-enter-token")));
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
/// deletes its route as needed, refuses the source itself, writes the dataStore key, and keeps a
/// typed direct secret in memory. Returns the stored destination. Every problem of the input
/// comes back at once.
pub async fn save_destination(
    session: &Session,
    previous: Option<&DestinationInstance>,
    input: DestinationInput,
    secrets: &DestinationSecrets,
) -> Result<DestinationInstance, DestinationError> {
    let client = &session.client;
    let id = previous.map_or_else(random_uid, |previous| previous.id.clone());
    let url = input.url.trim().trim_end_matches('/').to_string();
    let previous_route = previous.and_then(|previous| match &previous.kind {
        DestinationKind::Route { route_id, scope } => {
            Some((route_id.clone(), previous.url.clone(), *scope))
        }
        _ => None,
    });
    let route_needs_auth = previous_route
        .as_ref()
        .is_none_or(|(_, previous_url, _)| *previous_url != url);
    let kind = match &input.connection {
        ConnectionInput::Route(auth) => DestinationKind::Route {
            route_id: previous_route
                .as_ref()
                .map_or_else(|| "new".to_string(), |(route_id, _, _)| route_id.clone()),
            // A route made or replaced now covers the API only; one kept keeps its URL.
            scope: match (&previous_route, auth) {
                (Some((_, _, scope)), None) => *scope,
                _ => RouteScope::Api,
            },
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
        id_schemes: input.id_schemes.clone(),
    };
    let mut problems: Vec<FormProblem> = destination
        .validate()
        .into_iter()
        .map(|issue| FormProblem::new(issue.field, issue.message))
        .collect();
    if matches!(destination.kind, DestinationKind::Direct { .. })
        && !problems.iter().any(|problem| problem.field == "url")
    {
        problems.extend(plain_http_problem(&destination.url));
    }
    problems.extend(secret_problems(&input.connection, route_needs_auth));
    if !problems.is_empty() {
        return Err(DestinationError::Invalid { problems });
    }

    let access = RouteAccess {
        owner: session.user.id.clone(),
        user_groups: input.route_user_group.clone().into_iter().collect(),
    };
    let mut created_route = None;
    let mut replaced_route = None;
    if let ConnectionInput::Route(auth) = input.connection.clone() {
        match (&previous_route, auth) {
            (Some((route_id, _, _)), Some(auth)) => {
                let definition = route_definition(&id, &destination.name, &url, auth, &access);
                client.update_route(route_id, &definition).await?;
                replaced_route = Some((route_id.clone(), definition));
            }
            (Some(_), None) => {}
            (None, auth) => {
                let definition = route_definition(
                    &id,
                    &destination.name,
                    &url,
                    auth.unwrap_or(RouteAuth::None),
                    &access,
                );
                let route_id = client.create_route(&definition).await?;
                destination.kind = DestinationKind::Route {
                    route_id: route_id.clone(),
                    scope: RouteScope::Api,
                };
                created_route = Some(route_id);
            }
        }
    }
    if let Some(message) = source_itself(session, &destination, &input.connection).await {
        if let Some(route_id) = &created_route {
            // Best effort: do not leave a route with credentials behind for nothing.
            let _ = client.delete_route(route_id).await;
        }
        if let Some((route_id, mut definition)) = replaced_route {
            // The route now leads back here: disabled until the destination is fixed.
            definition.disabled = true;
            let _ = client.update_route(&route_id, &definition).await;
        }
        return Err(DestinationError::SameInstance { message });
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
    if let (Some((route_id, _, _)), false) = (
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

/// Why `destination` is the source itself, when it answers with the source's `systemId`: through
/// its route, or directly with the secret just typed. A destination that cannot be asked (no
/// secret typed, unreachable, a CORS allowlist missing) is not refused here; a run start asks
/// again.
async fn source_itself(
    session: &Session,
    destination: &DestinationInstance,
    connection: &ConnectionInput,
) -> Option<String> {
    let found = match (&destination.kind, connection) {
        (DestinationKind::Route { route_id, scope }, _) => {
            session
                .client
                .route_client(route_id, *scope)
                .system_info()
                .await
        }
        (
            DestinationKind::Direct { .. },
            ConnectionInput::Direct {
                secret: Some(secret),
                ..
            },
        ) if secret_is_filled(secret) => {
            direct_client(destination, secret.clone())
                .system_info()
                .await
        }
        _ => return None,
    };
    same_instance_message(
        &destination.name,
        session.system_id.as_deref(),
        &found.ok()?,
    )
}

/// Narrows the route of a route destination made before routes covered the API only
/// (`<base>/**`) to `<base>/api/**`, with the sharing and authorities routes have now. DHIS2
/// never returns a route's credentials and replaces them with the route, so they are typed
/// again (`auth`). Returns the destination as stored, its scope [`RouteScope::Api`].
pub async fn narrow_route(
    session: &Session,
    destination: &DestinationInstance,
    auth: RouteAuth,
    route_user_group: Option<String>,
    secrets: &DestinationSecrets,
) -> Result<DestinationInstance, DestinationError> {
    let DestinationKind::Route { route_id, .. } = &destination.kind else {
        return Err(DestinationError::Invalid {
            problems: vec![FormProblem::new("kind", t!("destinations-not-a-route"))],
        });
    };
    let problems = secret_problems(&ConnectionInput::Route(Some(auth.clone())), true);
    if !problems.is_empty() {
        return Err(DestinationError::Invalid { problems });
    }
    let access = RouteAccess {
        owner: session.user.id.clone(),
        user_groups: route_user_group.into_iter().collect(),
    };
    let definition = route_definition(
        &destination.id,
        &destination.name,
        &destination.url,
        auth,
        &access,
    );
    session.client.update_route(route_id, &definition).await?;
    let narrowed = DestinationInstance {
        kind: DestinationKind::Route {
            route_id: route_id.clone(),
            scope: RouteScope::Api,
        },
        ..destination.clone()
    };
    store::replace_destination(&session.client, &narrowed).await?;
    secrets.forget_test(&destination.id);
    Ok(narrowed)
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
    client: &crate::environment::Client,
    destination: &DestinationInstance,
    secrets: &DestinationSecrets,
) -> Result<(), DestinationError> {
    if let DestinationKind::Route { route_id, .. } = &destination.kind {
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
