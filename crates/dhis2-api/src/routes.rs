//! Route calls of [`Dhis2Client`] (2.40+, reference §11.1): create, list, get, replace and delete
//! the routes through which the app reaches destinations, and list the user groups a route can be
//! shared with. Run a route with [`Dhis2Client::route_client`], whose every call goes to
//! `/api/routes/{id}/run/…`.

use crate::client::{Dhis2Client, param};
use crate::error::ApiError;
use crate::model::{Route, RouteDefinition};
use crate::query::{encode_component, url_with_params};
use crate::transport::{HttpRequest, Method, Transport};
use crate::wire;

const UNSUPPORTED: &str = "this instance has no routes (they need DHIS2 2.40 or later): use a \
                           direct destination";

impl<T: Transport> Dhis2Client<T> {
    /// Creates a route and returns its id.
    pub async fn create_route(&self, definition: &RouteDefinition) -> Result<String, ApiError> {
        let body = wire::RouteOut::new(None, definition);
        let response = self
            .route_write(Method::Post, &self.api_url("routes"), &body)
            .await?;
        let report: wire::ObjectReportMessage = crate::client::decode_body(&response)?;
        report
            .response
            .and_then(|report| report.uid)
            .ok_or_else(|| ApiError::Decode("the created route's id is missing".to_string()))
    }

    /// Every route the user can see, by name. [`ApiError::Unsupported`] before 2.40.
    pub async fn routes(&self) -> Result<Vec<Route>, ApiError> {
        let url = url_with_params(
            &self.api_url("routes"),
            &[param("fields", "*"), param("paging", "false")],
        );
        let response = match self.get(&url).await {
            Err(ApiError::NotFound { .. }) => {
                return Err(ApiError::Unsupported(UNSUPPORTED.to_string()));
            }
            other => other?,
        };
        let (_, routes) = wire::decode_list::<wire::Route>(&response, "routes")?;
        let mut routes: Vec<Route> = routes.into_iter().map(Route::from).collect();
        wire::sort_by_name(&mut routes, |route| (&route.name, &route.id));
        Ok(routes)
    }

    /// One route.
    pub async fn route(&self, id: &str) -> Result<Route, ApiError> {
        let url = url_with_params(&self.route_url(id), &[param("fields", "*")]);
        let route: wire::Route = self.get_json(&url).await?;
        Ok(route.into())
    }

    /// Replaces a route. DHIS2 never returns a route's secrets, so the definition must carry the
    /// credentials again.
    pub async fn update_route(
        &self,
        id: &str,
        definition: &RouteDefinition,
    ) -> Result<(), ApiError> {
        let body = wire::RouteOut::new(Some(id), definition);
        self.route_write(Method::Put, &self.route_url(id), &body)
            .await?;
        Ok(())
    }

    /// Deletes a route.
    pub async fn delete_route(&self, id: &str) -> Result<(), ApiError> {
        self.checked(HttpRequest::new(Method::Delete, self.route_url(id)))
            .await?;
        Ok(())
    }

    fn route_url(&self, id: &str) -> String {
        self.api_url(&format!("routes/{}", encode_component(id)))
    }

    /// A metadata write whose failure message is in `response.errorReports`.
    async fn route_write(
        &self,
        method: Method,
        url: &str,
        body: &wire::RouteOut<'_>,
    ) -> Result<crate::transport::HttpResponse, ApiError> {
        let bytes =
            serde_json::to_vec(body).map_err(|error| ApiError::Decode(error.to_string()))?;
        let request = HttpRequest::new(method, url).with_body("application/json", bytes);
        let response = self.exchange(request).await?;
        let reports = wire::error_reports(&response.body);
        match self.classify(response).await {
            Err(ApiError::Http {
                status, error_code, ..
            }) if reports.is_some() => Err(ApiError::Http {
                status,
                message: reports.unwrap_or_default(),
                error_code,
            }),
            Err(ApiError::NotFound { .. }) if method == Method::Post => {
                Err(ApiError::Unsupported(UNSUPPORTED.to_string()))
            }
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{RouteAuth, RouteScope, RouteSharing, route_url};
    use crate::testing::{Fake, json, run};

    fn definition() -> RouteDefinition {
        RouteDefinition {
            name: "Aggregate Sync: National".into(),
            code: "aggregate-sync-abcDEF12345".into(),
            url: route_url("https://dest.org/dhis/", RouteScope::Api),
            auth: RouteAuth::ApiToken {
                token: "d2p_secret".into(),
            },
            authorities: vec!["F_AGGREGATE_SYNC_MANAGE_DESTINATIONS".into()],
            sharing: Some(RouteSharing {
                owner: "OwNer000001".into(),
                users: vec![],
                user_groups: vec!["GrOup000001".into()],
            }),
            response_timeout_seconds: Some(60),
            disabled: false,
        }
    }

    #[test]
    fn create_sends_an_api_route_shared_with_its_owner_and_a_group_and_returns_its_id() {
        let server = Fake::new().on(
            Method::Post,
            "/api/routes",
            json(
                201,
                r#"{"httpStatus":"Created","httpStatusCode":201,"status":"OK",
                   "response":{"responseType":"ObjectReport","uid":"rOuTe123456","klass":"org.hisp.dhis.route.Route","errorReports":[]}}"#,
            ),
        );
        let client = Dhis2Client::new(&server, "https://source.org");
        assert_eq!(
            run(client.create_route(&definition())).unwrap(),
            "rOuTe123456"
        );
        let request = server.last();
        let sent: serde_json::Value =
            serde_json::from_slice(request.body.as_deref().unwrap()).unwrap();
        assert_eq!(
            sent,
            serde_json::json!({
                "name": "Aggregate Sync: National",
                "code": "aggregate-sync-abcDEF12345",
                "url": "https://dest.org/dhis/api/**",
                "disabled": false,
                "auth": {"type": "api-token", "token": "d2p_secret"},
                "authorities": ["F_AGGREGATE_SYNC_MANAGE_DESTINATIONS"],
                "responseTimeoutSeconds": 60,
                "sharing": {
                    "owner": "OwNer000001",
                    "external": false,
                    "public": "--------",
                    "users": {"OwNer000001": {"id": "OwNer000001", "access": "rw------"}},
                    "userGroups": {"GrOup000001": {"id": "GrOup000001", "access": "r-------"}}
                }
            })
        );
        assert!(!format!("{:?}", definition()).contains("d2p_secret"));
    }

    #[test]
    fn basic_auth_routes_and_validation_errors() {
        let server = Fake::new().on(
            Method::Put,
            "/api/routes/rOuTe123456",
            json(
                409,
                r#"{"httpStatus":"Conflict","httpStatusCode":409,"status":"ERROR",
                   "message":"One or more errors occurred, please see full details in import report.",
                   "response":{"responseType":"ObjectReport","errorReports":[
                     {"message":"Route url is not allowed: http://127.0.0.1:9/**","errorCode":"E4000"}]}}"#,
            ),
        );
        let client = Dhis2Client::new(&server, "https://source.org");
        let mut definition = definition();
        definition.auth = RouteAuth::HttpBasic {
            username: "admin".into(),
            password: "district".into(),
        };
        let error = run(client.update_route("rOuTe123456", &definition)).unwrap_err();
        assert_eq!(
            error,
            ApiError::Http {
                status: 409,
                message: "Route url is not allowed: http://127.0.0.1:9/**".into(),
                error_code: None
            }
        );
        let sent: serde_json::Value =
            serde_json::from_slice(server.last().body.as_deref().unwrap()).unwrap();
        assert_eq!(sent["id"], "rOuTe123456");
        assert_eq!(
            sent["auth"],
            serde_json::json!({"type":"http-basic","username":"admin","password":"district"})
        );
    }

    #[test]
    fn list_get_delete() {
        let server = Fake::new()
            .on(
                Method::Get,
                "/api/routes?",
                json(
                    200,
                    r#"{"routes":[{"id":"r1","name":"A","code":"a","url":"https://d/**",
                       "auth":{"type":"api-token"},"authorities":["M_aggregate_sync"],"responseTimeoutSeconds":30}]}"#,
                ),
            )
            .on(Method::Get, "/api/routes/r1?", json(200, r#"{"id":"r1","name":"A","url":"https://d/**","disabled":true}"#))
            .on(Method::Delete, "/api/routes/r1", json(200, r#"{"httpStatus":"OK","httpStatusCode":200,"status":"OK"}"#));
        let client = Dhis2Client::new(&server, "https://source.org");
        let routes = run(client.routes()).unwrap();
        assert_eq!(routes[0].auth_type.as_deref(), Some("api-token"));
        assert_eq!(routes[0].response_timeout_seconds, Some(30));
        let route = run(client.route("r1")).unwrap();
        assert!(route.disabled);
        assert_eq!(route.auth_type, None);
        run(client.delete_route("r1")).unwrap();
    }

    #[test]
    fn user_groups_by_name() {
        let server = Fake::new().on(
            Method::Get,
            "/api/userGroups?",
            json(
                200,
                r#"{"userGroups":[{"id":"g2","displayName":"Sync operators"},{"id":"g1","displayName":"Admins"}]}"#,
            ),
        );
        let client = Dhis2Client::new(&server, "https://source.org");
        let groups = run(client.user_groups()).unwrap();
        let names: Vec<&str> = groups.iter().map(|group| group.name.as_str()).collect();
        assert_eq!(names, ["Admins", "Sync operators"]);
        assert!(server.last().url.contains("paging=false"));
    }

    #[test]
    fn no_routes_before_2_40() {
        let server = Fake::new();
        let client = Dhis2Client::new(&server, "https://source.org");
        assert!(matches!(
            run(client.routes()),
            Err(ApiError::Unsupported(_))
        ));
        assert!(matches!(
            run(client.create_route(&definition())),
            Err(ApiError::Unsupported(_))
        ));
    }
}
