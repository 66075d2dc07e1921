//! What DHIS2's header bar shows around an app (2.36–2.41, where the app draws its own): the
//! instance's title (`applicationTitle`, reference §2.5), the apps installed on the instance
//! (`GET /api/apps`, reference §1.5: every app with its `launchUrl`, bundled ones included),
//! the logout URL (`/dhis-web-commons-security/logout.action`, reference §1.1: every version
//! 2.36–2.43 keeps it) and the instance's own page.

use serde::Deserialize;

use crate::client::{Dhis2Client, param};
use crate::error::ApiError;
use crate::query::url_with_params;
use crate::transport::Transport;

/// The logout path, the same on every supported version (2.42 dropped the form login, not the
/// logout).
const LOGOUT_PATH: &str = "/dhis-web-commons-security/logout.action";

/// An app of the instance, as the apps menu lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppLink {
    /// Its display name.
    pub name: String,
    /// Where it opens (the server's absolute `launchUrl`).
    pub launch_url: String,
}

/// One item of `GET /api/apps` (only what the menu reads).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireApp {
    name: Option<String>,
    launch_url: Option<String>,
    app_type: Option<String>,
}

impl<T: Transport> Dhis2Client<T> {
    /// The instance's title (`applicationTitle`), `None` when unset or blank.
    pub async fn application_title(&self) -> Result<Option<String>, ApiError> {
        let settings = self.system_settings(&["applicationTitle"]).await?;
        Ok(settings
            .get("applicationTitle")
            .map(|title| title.trim().to_string())
            .filter(|title| !title.is_empty()))
    }

    /// The instance's apps (type `APP`: not resources or dashboard widgets), sorted by name.
    pub async fn apps_menu(&self) -> Result<Vec<AppLink>, ApiError> {
        let url = url_with_params(&self.api_url("apps"), &[param("filter", "appType:eq:APP")]);
        let apps: Vec<WireApp> = self.get_json(&url).await?;
        let mut links: Vec<AppLink> = apps
            .into_iter()
            .filter(|app| app.app_type.as_deref().is_none_or(|kind| kind == "APP"))
            .filter_map(|app| {
                Some(AppLink {
                    name: app.name?,
                    launch_url: app.launch_url?,
                })
            })
            .collect();
        links.sort_by_key(|link| link.name.to_lowercase());
        Ok(links)
    }

    /// Where "Log out" goes.
    pub fn logout_url(&self) -> String {
        format!("{}{LOGOUT_PATH}", self.base_url())
    }

    /// The instance's own start page.
    pub fn home_url(&self) -> String {
        format!("{}/", self.base_url())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Fake, json, run};
    use crate::transport::Method;

    #[test]
    fn the_title_is_read_and_a_blank_one_is_none() {
        let server = Fake::new().on(
            Method::Get,
            "/api/systemSettings?key=applicationTitle",
            json(200, r#"{"applicationTitle":" Sierra Leone HMIS "}"#),
        );
        let client = Dhis2Client::new(&server, "http://h/dhis");
        assert_eq!(
            run(client.application_title()).unwrap().as_deref(),
            Some("Sierra Leone HMIS")
        );
        let server = Fake::new().on(
            Method::Get,
            "/api/systemSettings?key=applicationTitle",
            json(200, r#"{"applicationTitle":"  "}"#),
        );
        let client = Dhis2Client::new(&server, "http://h/dhis");
        assert_eq!(run(client.application_title()).unwrap(), None);
    }

    #[test]
    fn the_menu_lists_apps_by_name_and_skips_other_types() {
        let server = Fake::new().on(
            Method::Get,
            "/api/apps?filter=appType%3Aeq%3AAPP",
            json(
                200,
                r#"[{"name":"maps","launchUrl":"http://h/dhis/api/apps/maps/index.html","appType":"APP"},
                    {"name":"Aggregate Sync","launchUrl":"http://h/dhis/api/apps/aggregate-sync/index.html"},
                    {"name":"Widget","launchUrl":"http://h/dhis/api/apps/w/index.html","appType":"DASHBOARD_WIDGET"},
                    {"launchUrl":"http://h/dhis/api/apps/nameless/index.html"}]"#,
            ),
        );
        let client = Dhis2Client::new(&server, "http://h/dhis");
        let names: Vec<String> = run(client.apps_menu())
            .unwrap()
            .into_iter()
            .map(|app| app.name)
            .collect();
        assert_eq!(names, ["Aggregate Sync", "maps"]);
        assert_eq!(
            client.logout_url(),
            "http://h/dhis/dhis-web-commons-security/logout.action"
        );
        assert_eq!(client.home_url(), "http://h/dhis/");
    }
}
