//! A destination instance: where a rule sends its data, and how the app reaches it.
//!
//! It never holds a secret. A route keeps its credentials encrypted on the server; a direct
//! destination's token or password is asked for and lives only as long as the browser tab.
//! Loading refuses stored values that carry anything that looks like a secret.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::issue::{Issue, IssueCode, WizardStep};
use super::persist::{Migration, Persisted};
use crate::id_scheme::{IdScheme, IdSchemes};

/// Schema version of [`DestinationInstance`] written by this build.
/// Version 2 added [`DestinationInstance::id_schemes`].
pub const DESTINATION_SCHEMA_VERSION: u32 = 2;

/// A destination DHIS2 instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DestinationInstance {
    /// Schema version ([`DESTINATION_SCHEMA_VERSION`] after loading).
    pub schema_version: u32,
    /// Identifier (a DHIS2 UID); also the dataStore key.
    pub id: String,
    /// Name shown to users.
    pub name: String,
    /// Optional description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Base URL of the destination (`https://play.dhis2.org/40`), without `/api`. Empty for the
    /// current instance.
    #[serde(default)]
    pub url: String,
    /// How the app reaches it.
    pub kind: DestinationKind,
    /// How the values sent name their objects: UIDs (the default), or codes, names or an
    /// attribute's values where the destination does not share the source's UIDs.
    #[serde(default, skip_serializing_if = "IdSchemes::is_default")]
    pub id_schemes: IdSchemes,
}

/// Id of the built-in destination "This instance" (the instance the app runs in), which is
/// always offered and never stored. Not a UID, so it cannot clash with a stored destination.
pub const CURRENT_INSTANCE_ID: &str = "current-instance";

impl DestinationInstance {
    /// The built-in destination "This instance": id [`CURRENT_INSTANCE_ID`], kind
    /// [`DestinationKind::CurrentInstance`], no URL.
    pub fn current_instance() -> DestinationInstance {
        DestinationInstance {
            schema_version: DESTINATION_SCHEMA_VERSION,
            id: CURRENT_INSTANCE_ID.to_string(),
            name: "This instance".to_string(),
            description: None,
            url: String::new(),
            kind: DestinationKind::CurrentInstance,
            id_schemes: IdSchemes::default(),
        }
    }
}

/// How the app reaches a destination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "SCREAMING_SNAKE_CASE",
    rename_all_fields = "camelCase"
)]
pub enum DestinationKind {
    /// Through a DHIS2 route of the app's own instance (2.40+): `/api/routes/{id}/run/...`.
    Route {
        /// Route id.
        route_id: String,
        /// What the route's URL covers; entries written before it was recorded are
        /// [`RouteScope::Server`], the only kind of route the app made then.
        #[serde(default)]
        scope: RouteScope,
    },
    /// The instance the app runs in.
    CurrentInstance,
    /// Straight from the browser (the destination must allow the app's origin in its CORS list).
    Direct {
        /// The kind of credentials asked for at each run; never stored.
        auth: DirectAuth,
    },
}

/// How much of a destination its route reaches, which decides how `/api/…` calls map onto the
/// route's `run` URL.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RouteScope {
    /// `<base>/**`: every path of the destination's server, its login pages and apps included
    /// (routes the app made before it narrowed them; the destinations page offers to narrow).
    #[default]
    Server,
    /// `<base>/api/**`: the destination's Web API only (every route the app makes now).
    Api,
}

/// Credentials of a direct destination, asked for at each run and never stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DirectAuth {
    /// A personal access token (destination 2.38+), `Authorization: ApiToken …`.
    PersonalAccessToken,
    /// User name and password, asked for at each run.
    BasicAskEachRun,
}

/// Keys refused in a stored destination (compared ignoring case, `_` and `-`).
const SECRET_KEYS: [&str; 10] = [
    "password",
    "token",
    "apitoken",
    "accesstoken",
    "personalaccesstoken",
    "secret",
    "authorization",
    "credentials",
    "apikey",
    "pat",
];

fn find_secret(object: &Map<String, Value>, prefix: &str) -> Option<String> {
    for (key, value) in object {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        let normalised: String = key
            .chars()
            .filter(|c| *c != '_' && *c != '-')
            .collect::<String>()
            .to_lowercase();
        if SECRET_KEYS.contains(&normalised.as_str()) {
            return Some(path);
        }
        if let Value::Object(inner) = value
            && let Some(found) = find_secret(inner, &path)
        {
            return Some(found);
        }
    }
    None
}

/// 1 → 2: a destination written before id schemes existed is sent by UID, as it always was.
fn add_uid_id_schemes(
    mut object: Map<String, Value>,
    _notes: &mut Vec<String>,
) -> Result<Map<String, Value>, String> {
    object
        .entry("idSchemes")
        .or_insert_with(|| serde_json::json!({"idScheme": "UID"}));
    Ok(object)
}

impl Persisted for DestinationInstance {
    const KIND: &'static str = "destination";
    const CURRENT_VERSION: u32 = DESTINATION_SCHEMA_VERSION;

    fn migrations() -> &'static [Migration] {
        &[Migration {
            from: 1,
            apply: add_uid_id_schemes,
        }]
    }

    fn check_raw(object: &Map<String, Value>) -> Result<(), (String, String)> {
        match find_secret(object, "") {
            Some(path) => Err((
                path,
                "looks like a secret; destinations never store secrets (use a route, or enter \
                 the token or password at each run)"
                    .to_string(),
            )),
            None => Ok(()),
        }
    }
}

impl DestinationInstance {
    /// Every problem of a destination being added or edited, all at once.
    pub fn validate(&self) -> Vec<Issue> {
        let mut issues = Vec::new();
        let step = Some(WizardStep::Instance);
        if self.id.trim().is_empty() {
            issues.push(Issue::error(
                IssueCode::MissingId,
                "id",
                step,
                "the destination has no id",
            ));
        }
        if self.name.trim().is_empty() {
            issues.push(Issue::error(
                IssueCode::NameRequired,
                "name",
                step,
                "enter a name",
            ));
        }
        let needs_url = !matches!(self.kind, DestinationKind::CurrentInstance);
        if needs_url {
            let url = self.url.trim();
            if url.is_empty() {
                issues.push(Issue::error(
                    IssueCode::InvalidUrl,
                    "url",
                    step,
                    "enter the destination's URL",
                ));
            } else if !(url.starts_with("https://") || url.starts_with("http://"))
                || url.contains(char::is_whitespace)
            {
                issues.push(Issue::error(
                    IssueCode::InvalidUrl,
                    "url",
                    step,
                    format!("`{url}` is not an http:// or https:// URL"),
                ));
            } else if url.trim_end_matches('/').ends_with("/api") {
                issues.push(Issue::error(
                    IssueCode::InvalidUrl,
                    "url",
                    step,
                    "give the instance's base URL, without `/api`",
                ));
            }
        }
        let schemes = &self.id_schemes;
        let attributes = [
            Some(&schemes.id_scheme),
            schemes.data_element_id_scheme.as_ref(),
            schemes.org_unit_id_scheme.as_ref(),
            schemes.category_option_combo_id_scheme.as_ref(),
        ];
        if attributes
            .into_iter()
            .flatten()
            .any(|scheme| matches!(scheme, IdScheme::Attribute(uid) if !super::issue::is_uid(uid)))
        {
            issues.push(Issue::error(
                IssueCode::InvalidId,
                "idSchemes",
                step,
                "give the UID of the attribute whose values name the objects",
            ));
        }
        if let DestinationKind::Route { route_id, .. } = &self.kind
            && route_id.trim().is_empty()
        {
            issues.push(Issue::error(
                IssueCode::MissingId,
                "kind.routeId",
                step,
                "the destination has no route",
            ));
        }
        issues
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_1_entry_is_sent_by_uid_and_an_attribute_scheme_needs_a_uid() {
        let loaded = crate::model::load::<DestinationInstance>(
            r#"{"schemaVersion":1,"id":"DeSt0000001","name":"x","url":"https://x.org","kind":{"type":"DIRECT","auth":"PERSONAL_ACCESS_TOKEN"}}"#,
        )
        .unwrap();
        assert_eq!(loaded.value.schema_version, DESTINATION_SCHEMA_VERSION);
        assert!(loaded.value.id_schemes.is_uid());
        let mut by_attribute = loaded.value;
        by_attribute.id_schemes.org_unit_id_scheme = Some(IdScheme::Attribute("nope".into()));
        assert_eq!(by_attribute.validate()[0].field, "idSchemes");
        by_attribute.id_schemes.org_unit_id_scheme =
            Some(IdScheme::Attribute("AbcDef12345".into()));
        assert!(by_attribute.validate().is_empty());
    }

    #[test]
    fn the_current_instance_is_a_valid_destination() {
        let current = DestinationInstance::current_instance();
        assert_eq!(current.id, CURRENT_INSTANCE_ID);
        assert_eq!(current.kind, DestinationKind::CurrentInstance);
        assert!(current.validate().is_empty());
    }

    #[test]
    fn a_route_entry_without_a_scope_is_a_whole_server_route_and_new_ones_say_api() {
        let legacy: DestinationKind =
            serde_json::from_str(r#"{"type":"ROUTE","routeId":"r1"}"#).unwrap();
        assert_eq!(
            legacy,
            DestinationKind::Route {
                route_id: "r1".into(),
                scope: RouteScope::Server
            }
        );
        let narrowed = DestinationKind::Route {
            route_id: "r1".into(),
            scope: RouteScope::Api,
        };
        assert_eq!(
            serde_json::to_value(&narrowed).unwrap(),
            serde_json::json!({"type": "ROUTE", "routeId": "r1", "scope": "API"})
        );
    }
}
