//! DHIS2 JSON as it travels, per version. Private: converted to [`crate::model`] values here and
//! in the submodules, and nowhere else. Every version difference of a shape is absorbed here.

mod catalog;
mod data_store;
mod mapping;
mod metadata;
mod routes;

pub(crate) use catalog::*;
pub(crate) use data_store::*;
pub(crate) use mapping::*;
pub(crate) use metadata::*;
pub(crate) use routes::*;

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::error::ApiError;
use crate::model;
use crate::transport::HttpResponse;

#[derive(Deserialize)]
pub(crate) struct IdRef {
    pub(crate) id: String,
}

#[derive(Deserialize)]
pub(crate) struct UserCredentials {
    pub(crate) username: Option<String>,
}

/// `/api/me`: 2.38+ has top-level `username`; 2.36/2.37 only `userCredentials.username`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Me {
    pub(crate) id: String,
    pub(crate) username: Option<String>,
    pub(crate) user_credentials: Option<UserCredentials>,
    pub(crate) display_name: Option<String>,
    pub(crate) name: Option<String>,
    #[serde(default)]
    pub(crate) authorities: Vec<String>,
    #[serde(default)]
    pub(crate) organisation_units: Vec<IdRef>,
    #[serde(default)]
    pub(crate) data_view_organisation_units: Vec<IdRef>,
    pub(crate) settings: Option<serde_json::Map<String, serde_json::Value>>,
}

impl From<Me> for model::CurrentUser {
    fn from(me: Me) -> model::CurrentUser {
        let username = me
            .username
            .or_else(|| {
                me.user_credentials
                    .and_then(|credentials| credentials.username)
            })
            .unwrap_or_default();
        let display_name = me
            .display_name
            .or(me.name)
            .filter(|name| !name.is_empty())
            .unwrap_or(username.clone());
        let ui_locale = me
            .settings
            .as_ref()
            .and_then(|settings| settings.get("keyUiLocale"))
            .and_then(|locale| locale.as_str())
            .map(str::to_string);
        model::CurrentUser {
            id: me.id,
            username,
            display_name,
            authorities: me.authorities,
            organisation_units: me
                .organisation_units
                .into_iter()
                .map(|unit| unit.id)
                .collect(),
            data_view_organisation_units: me
                .data_view_organisation_units
                .into_iter()
                .map(|unit| unit.id)
                .collect(),
            ui_locale,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct SystemInfo {
    pub(crate) version: String,
    pub(crate) server_date: Option<String>,
    #[serde(default)]
    pub(crate) server_time_zone_id: Option<String>,
    pub(crate) context_path: Option<String>,
    pub(crate) system_name: Option<String>,
    pub(crate) system_id: Option<String>,
}

impl From<SystemInfo> for model::SystemInfo {
    fn from(info: SystemInfo) -> model::SystemInfo {
        model::SystemInfo {
            version_number: model::parse_version(&info.version),
            version: info.version,
            server_date: info.server_date,
            server_time_zone_id: info.server_time_zone_id,
            context_path: info.context_path,
            system_name: info.system_name,
            system_id: info.system_id.filter(|id| !id.trim().is_empty()),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Pager {
    #[serde(default)]
    pub(crate) page: u32,
    #[serde(default)]
    pub(crate) page_count: u32,
    #[serde(default)]
    pub(crate) total: u32,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DataSet {
    pub(crate) id: String,
    pub(crate) display_name: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) period_type: Option<String>,
    pub(crate) last_updated: Option<String>,
}

impl From<DataSet> for model::DataSetSummary {
    fn from(data_set: DataSet) -> model::DataSetSummary {
        model::DataSetSummary {
            name: name_of(data_set.display_name, data_set.name, &data_set.id),
            id: data_set.id,
            period_type: data_set.period_type.unwrap_or_default(),
            last_updated: data_set.last_updated,
        }
    }
}

/// DHIS2's WebMessage error body (`{httpStatus, httpStatusCode, status, message, errorCode?}`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WebMessage {
    pub(crate) message: Option<String>,
    pub(crate) error_code: Option<String>,
}

impl WebMessage {
    /// The WebMessage in `body`, if it is one.
    pub(crate) fn parse(body: &[u8]) -> Option<WebMessage> {
        serde_json::from_slice(body).ok()
    }
}

/// The `message` of a WebMessage body.
pub(crate) fn web_message_text(body: &[u8]) -> Option<String> {
    WebMessage::parse(body).and_then(|message| message.message)
}

/// Reads a metadata list envelope: `{"pager":{…}?, "<collection>":[…]}`. A missing collection
/// key is an empty list (DHIS2 omits nothing here, but proxies and old versions might).
pub(crate) fn decode_list<T: DeserializeOwned>(
    response: &HttpResponse,
    collection: &str,
) -> Result<(Option<Pager>, Vec<T>), ApiError> {
    let mut root: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&response.body)
            .map_err(|error| ApiError::Decode(error.to_string()))?;
    let pager = match root.remove("pager") {
        Some(pager) => serde_json::from_value(pager).ok(),
        None => None,
    };
    let items = match root.remove(collection) {
        Some(items) => serde_json::from_value(items)
            .map_err(|error| ApiError::Decode(format!("{collection}: {error}")))?,
        None => Vec::new(),
    };
    Ok((pager, items))
}

/// A page of domain values from a decoded list; without a pager (`paging=false`) everything is
/// one page.
pub(crate) fn page<W, M: From<W>>(pager: Option<Pager>, items: Vec<W>) -> model::Page<M> {
    let items: Vec<M> = items.into_iter().map(M::from).collect();
    let (page, page_count, total) = match pager {
        Some(pager) => (pager.page, pager.page_count, pager.total),
        None => (1, 1, items.len() as u32),
    };
    model::Page {
        items,
        page,
        page_count,
        total,
    }
}

/// A display name: `displayName`, else `name`, else the id.
pub(crate) fn name_of(display_name: Option<String>, name: Option<String>, id: &str) -> String {
    display_name
        .filter(|text| !text.is_empty())
        .or(name.filter(|text| !text.is_empty()))
        .unwrap_or_else(|| id.to_string())
}
