//! Route shapes (reference §11.1): the object sent to create or replace a route (with its
//! sharing), the listed route, the listed user groups, and the metadata import report of a
//! create.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::model;

#[derive(Serialize)]
#[serde(tag = "type")]
pub(crate) enum AuthOut<'a> {
    #[serde(rename = "api-token")]
    ApiToken { token: &'a str },
    #[serde(rename = "http-basic")]
    HttpBasic {
        username: &'a str,
        password: &'a str,
    },
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct RouteOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) id: Option<&'a str>,
    pub(crate) name: &'a str,
    pub(crate) code: &'a str,
    pub(crate) url: &'a str,
    pub(crate) disabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) auth: Option<AuthOut<'a>>,
    pub(crate) authorities: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) response_timeout_seconds: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) sharing: Option<SharingOut>,
}

/// Object sharing (`{owner, external, public, users, userGroups}`), as DHIS2 2.36+ reads it in a
/// metadata payload.
#[derive(Serialize)]
pub(crate) struct SharingOut {
    owner: String,
    external: bool,
    public: &'static str,
    users: BTreeMap<String, AccessOut>,
    #[serde(rename = "userGroups")]
    user_groups: BTreeMap<String, AccessOut>,
}

#[derive(Serialize)]
struct AccessOut {
    id: String,
    access: &'static str,
}

impl SharingOut {
    fn new(sharing: &model::RouteSharing) -> SharingOut {
        let entries = |ids: &[String], access: &'static str| {
            ids.iter()
                .map(|id| {
                    (
                        id.clone(),
                        AccessOut {
                            id: id.clone(),
                            access,
                        },
                    )
                })
                .collect::<BTreeMap<_, _>>()
        };
        let mut users = entries(&sharing.users, "rw------");
        users.insert(
            sharing.owner.clone(),
            AccessOut {
                id: sharing.owner.clone(),
                access: "rw------",
            },
        );
        SharingOut {
            owner: sharing.owner.clone(),
            external: false,
            public: "--------",
            users,
            user_groups: entries(&sharing.user_groups, "r-------"),
        }
    }
}

impl<'a> RouteOut<'a> {
    pub(crate) fn new(id: Option<&'a str>, definition: &'a model::RouteDefinition) -> Self {
        let auth = match &definition.auth {
            model::RouteAuth::ApiToken { token } => Some(AuthOut::ApiToken { token }),
            model::RouteAuth::HttpBasic { username, password } => {
                Some(AuthOut::HttpBasic { username, password })
            }
            model::RouteAuth::None => None,
        };
        RouteOut {
            id,
            name: &definition.name,
            code: &definition.code,
            url: &definition.url,
            disabled: definition.disabled,
            auth,
            authorities: &definition.authorities,
            response_timeout_seconds: definition.response_timeout_seconds,
            sharing: definition.sharing.as_ref().map(SharingOut::new),
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct AuthIn {
    #[serde(rename = "type")]
    pub(crate) kind: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Route {
    pub(crate) id: String,
    pub(crate) display_name: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) code: Option<String>,
    #[serde(default)]
    pub(crate) url: String,
    #[serde(default)]
    pub(crate) disabled: bool,
    pub(crate) auth: Option<AuthIn>,
    #[serde(default)]
    pub(crate) authorities: Vec<String>,
    pub(crate) response_timeout_seconds: Option<u32>,
}

impl From<Route> for model::Route {
    fn from(route: Route) -> model::Route {
        model::Route {
            name: super::name_of(route.display_name, route.name, &route.id),
            id: route.id,
            code: route.code,
            url: route.url,
            disabled: route.disabled,
            auth_type: route.auth.and_then(|auth| auth.kind),
            authorities: route.authorities,
            response_timeout_seconds: route.response_timeout_seconds,
        }
    }
}

/// A metadata write's WebMessage: `response.uid` on success, `response.errorReports` on failure.
#[derive(Deserialize)]
pub(crate) struct ObjectReportMessage {
    pub(crate) response: Option<ObjectReport>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ObjectReport {
    pub(crate) uid: Option<String>,
    #[serde(default)]
    pub(crate) error_reports: Vec<ErrorReport>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ErrorReport {
    pub(crate) message: Option<String>,
}

/// The messages of `response.errorReports`, joined, when the body has any.
pub(crate) fn error_reports(body: &[u8]) -> Option<String> {
    let message: ObjectReportMessage = serde_json::from_slice(body).ok()?;
    let reports: Vec<String> = message
        .response?
        .error_reports
        .into_iter()
        .filter_map(|report| report.message)
        .collect();
    (!reports.is_empty()).then(|| reports.join("; "))
}
