//! DHIS2 JSON as it travels, per version. Private: converted to [`crate::model`] in one place.

use serde::Deserialize;

use crate::model;

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
    pub(crate) context_path: Option<String>,
    pub(crate) system_name: Option<String>,
}

impl From<SystemInfo> for model::SystemInfo {
    fn from(info: SystemInfo) -> model::SystemInfo {
        model::SystemInfo {
            version_number: model::parse_version(&info.version),
            version: info.version,
            server_date: info.server_date,
            context_path: info.context_path,
            system_name: info.system_name,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Pager {
    pub(crate) page: u32,
    pub(crate) page_count: u32,
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

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct DataSetList {
    pub(crate) pager: Option<Pager>,
    #[serde(default)]
    pub(crate) data_sets: Vec<DataSet>,
}

impl From<DataSetList> for model::Page<model::DataSetSummary> {
    fn from(list: DataSetList) -> model::Page<model::DataSetSummary> {
        let items: Vec<model::DataSetSummary> = list
            .data_sets
            .into_iter()
            .map(|data_set| model::DataSetSummary {
                name: data_set
                    .display_name
                    .or(data_set.name)
                    .unwrap_or_else(|| data_set.id.clone()),
                id: data_set.id,
                period_type: data_set.period_type.unwrap_or_default(),
                last_updated: data_set.last_updated,
            })
            .collect();
        // Without a pager (paging=false) everything is one page.
        let (page, page_count, total) = match list.pager {
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
}

/// DHIS2's WebMessage error body (`{httpStatus, httpStatusCode, status, message, errorCode?}`).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct WebMessage {
    pub(crate) message: Option<String>,
    pub(crate) error_code: Option<String>,
}
