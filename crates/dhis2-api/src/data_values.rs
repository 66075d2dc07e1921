//! Data value calls of [`Dhis2Client`]: reading raw `dataValueSets` (bytes for sync-core's
//! streaming reader), importing a chunk (status and bytes for sync-core's import-result parser)
//! and polling an async import's task. Nothing here parses data values or import summaries:
//! sync-core owns both.

use sync_core::import_result::{
    AsyncTask, ImportOutcome, ImportResponse, ResponseError, TaskProgress, parse_import_response,
    parse_task_notifications, parse_task_summary,
};

use crate::client::{Dhis2Client, looks_like_html};
use crate::error::ApiError;
use crate::query::{encode_component, url_with_params};
use crate::transport::{HttpRequest, HttpResponse, Method, Transport};

/// An HTTP answer handed on unparsed: what `POST /api/dataValueSets` said, whatever its status
/// (a 409 carries the import summary's conflicts on 2.38–2.42).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawResponse {
    /// HTTP status.
    pub status: u16,
    /// `Content-Type`, if any.
    pub content_type: Option<String>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl RawResponse {
    fn from_http(response: HttpResponse) -> RawResponse {
        RawResponse {
            status: response.status,
            content_type: response.content_type,
            body: response.body,
        }
    }

    /// Reads the answer with sync-core's parser: an import result of any version, or a started
    /// async import, or why neither.
    pub fn parse_import(&self) -> Result<ImportResponse, ResponseError> {
        parse_import_response(self.status, self.content_type.as_deref(), &self.body)
    }
}

impl<T: Transport> Dhis2Client<T> {
    /// The URL of `GET /api/dataValueSets` with `params` (from sync-core's read planner), e.g. to
    /// measure its length.
    pub fn data_value_sets_url(&self, params: &[(String, String)]) -> String {
        url_with_params(&self.api_url("dataValueSets"), params)
    }

    /// `GET /api/dataValueSets` with `params`: the raw JSON body for sync-core's streaming reader
    /// (2.36/2.37 may answer `{}` for no values). Failures are classified: a 409 with E2001–E2012
    /// is [`ApiError::Http`] with its `errorCode`; a login page is an expired session.
    pub async fn data_value_sets(&self, params: &[(String, String)]) -> Result<Vec<u8>, ApiError> {
        let response = self.get(&self.data_value_sets_url(params)).await?;
        Ok(response.body)
    }

    /// `POST /api/dataValueSets` of a JSON `body` with `params` (`importStrategy`, `dryRun`,
    /// `async`, `preheatCache`, …). Returns the answer unparsed whatever its HTTP status — read it
    /// with [`RawResponse::parse_import`] — except an expired session or refused credentials
    /// (401, or a login page), which are errors here like everywhere else.
    pub async fn post_data_value_set(
        &self,
        body: Vec<u8>,
        params: &[(String, String)],
    ) -> Result<RawResponse, ApiError> {
        let url = url_with_params(&self.api_url("dataValueSets"), params);
        let request = HttpRequest::new(Method::Post, url).with_body("application/json", body);
        let response = self.exchange(request).await?;
        let success_html = (200..300).contains(&response.status) && looks_like_html(&response);
        if response.status == 401 || success_html {
            self.classify(response.clone()).await?;
        }
        Ok(RawResponse::from_http(response))
    }

    /// `GET /api/system/tasks/{jobType}/{id}`: the notifications of an async import, read by
    /// sync-core. Poll until [`TaskProgress::completed`].
    pub async fn import_task_progress(&self, task: &AsyncTask) -> Result<TaskProgress, ApiError> {
        let response = self.get(&self.task_url("tasks", task)).await?;
        parse_task_notifications(
            response.status,
            response.content_type.as_deref(),
            &response.body,
        )
        .map_err(response_error)
    }

    /// `GET /api/system/taskSummaries/{jobType}/{id}`: the import summary of a finished async
    /// import, read by sync-core; `None` while it is not available.
    pub async fn import_task_summary(
        &self,
        task: &AsyncTask,
    ) -> Result<Option<ImportOutcome>, ApiError> {
        let response = self.get(&self.task_url("taskSummaries", task)).await?;
        parse_task_summary(
            response.status,
            response.content_type.as_deref(),
            &response.body,
        )
        .map_err(response_error)
    }

    /// Built from the job type and id rather than the server's relative endpoint, so polling
    /// works through a route too.
    fn task_url(&self, kind: &str, task: &AsyncTask) -> String {
        self.api_url(&format!(
            "system/{kind}/{}/{}",
            encode_component(&task.job_type),
            encode_component(&task.id)
        ))
    }
}

fn response_error(error: ResponseError) -> ApiError {
    match error {
        ResponseError::SessionExpired { .. } => ApiError::SessionExpired,
        ResponseError::WebMessage {
            http_status,
            message,
            error_code,
            ..
        } => ApiError::Http {
            status: http_status,
            message,
            error_code,
        },
        other => ApiError::Decode(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Auth;
    use crate::testing::{Fake, html, json, run};

    fn params() -> Vec<(String, String)> {
        vec![
            ("dataSet".into(), "BfMAe6Itzgt".into()),
            ("period".into(), "202401".into()),
            ("orgUnit".into(), "ImspTQPwCqd".into()),
            ("children".into(), "true".into()),
        ]
    }

    #[test]
    fn reading_returns_the_body_untouched() {
        // 2.36/2.37 answer `{}` for no values; 2.38+ `{"dataValues":[]}`: both pass through.
        for body in [r#"{}"#, r#"{"dataValues":[]}"#] {
            let server = Fake::new().on(Method::Get, "/api/dataValueSets?", json(200, body));
            let client = Dhis2Client::new(&server, "http://h");
            let bytes = run(client.data_value_sets(&params())).unwrap();
            assert_eq!(bytes, body.as_bytes());
            assert_eq!(
                server.urls()[0],
                "http://h/api/dataValueSets?dataSet=BfMAe6Itzgt&period=202401&orgUnit=ImspTQPwCqd&children=true"
            );
        }
    }

    #[test]
    fn reading_classifies_illegal_queries_and_login_pages() {
        let server = Fake::new().on(
            Method::Get,
            "/api/dataValueSets?",
            json(
                409,
                r#"{"httpStatus":"Conflict","httpStatusCode":409,"status":"ERROR",
                   "message":"At least one organisation unit or organisation unit group must be specified",
                   "errorCode":"E2006"}"#,
            ),
        );
        let client = Dhis2Client::new(&server, "http://h");
        let error = run(client.data_value_sets(&params())).unwrap_err();
        assert_eq!(error.error_code(), Some("E2006"));
        assert!(error.to_string().contains("At least one organisation unit"));
        let server = Fake::new().on(
            Method::Get,
            "/api/dataValueSets?",
            html(200, "<html><body><form action=\"login.action\">"),
        );
        let client = Dhis2Client::new(&server, "http://h");
        assert_eq!(
            run(client.data_value_sets(&params())),
            Err(ApiError::SessionExpired)
        );
    }

    #[test]
    fn importing_hands_a_409_summary_to_sync_core() {
        // 2.38–2.42: a WARNING import is HTTP 409 with the summary inside.
        let body = r#"{"httpStatus":"Conflict","httpStatusCode":409,"status":"WARNING",
          "message":"One more conflicts encountered, please check import summary.",
          "response":{"responseType":"ImportSummary","status":"WARNING",
            "importCount":{"imported":2,"updated":0,"ignored":1,"deleted":0},
            "conflicts":[{"object":"xxxxxxxxxxx","objects":{"dataElement":"xxxxxxxxxxx"},
              "value":"Data element not found or not accessible: `xxxxxxxxxxx`",
              "errorCode":"E7610","property":"dataElement","indexes":[2]}],
            "rejectedIndexes":[2],"dataSetComplete":"false"}}"#;
        let server = Fake::new().on(Method::Post, "/api/dataValueSets?", json(409, body));
        let client = Dhis2Client::new(&server, "http://h");
        let params = vec![
            (
                "importStrategy".to_string(),
                "CREATE_AND_UPDATE".to_string(),
            ),
            ("dryRun".to_string(), "false".to_string()),
        ];
        let raw =
            run(client.post_data_value_set(b"{\"dataValues\":[]}".to_vec(), &params)).unwrap();
        assert_eq!(raw.status, 409);
        let request = server.last();
        assert_eq!(request.header("Content-Type"), Some("application/json"));
        assert_eq!(request.body.as_deref(), Some(&b"{\"dataValues\":[]}"[..]));
        assert!(
            request
                .url
                .ends_with("/api/dataValueSets?importStrategy=CREATE_AND_UPDATE&dryRun=false")
        );
        match raw.parse_import().unwrap() {
            ImportResponse::Completed(outcome) => {
                assert_eq!(outcome.counts.imported, 2);
                assert_eq!(outcome.conflicts.len(), 1);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn importing_on_2_36_reads_a_bare_summary() {
        let body = r#"{"responseType":"ImportSummary","status":"SUCCESS",
          "importCount":{"imported":1,"updated":0,"ignored":0,"deleted":0},"conflicts":[]}"#;
        let server = Fake::new().on(Method::Post, "/api/dataValueSets", json(200, body));
        let client = Dhis2Client::new(&server, "http://h");
        let raw = run(client.post_data_value_set(b"{}".to_vec(), &[])).unwrap();
        assert!(matches!(
            raw.parse_import(),
            Ok(ImportResponse::Completed(_))
        ));
    }

    #[test]
    fn importing_with_an_expired_session_is_an_error() {
        let server = Fake::new().on(
            Method::Post,
            "/api/dataValueSets",
            json(401, r#"{"httpStatus":"Unauthorized","httpStatusCode":401,"status":"ERROR","message":"Unauthorized"}"#),
        );
        let client = Dhis2Client::new(&server, "http://h");
        assert_eq!(
            run(client.post_data_value_set(b"{}".to_vec(), &[])),
            Err(ApiError::SessionExpired)
        );
        let client = Dhis2Client::direct(&server, "http://h", Auth::ApiToken("t".into()));
        assert!(matches!(
            run(client.post_data_value_set(b"{}".to_vec(), &[])),
            Err(ApiError::CredentialsRejected { .. })
        ));
    }

    #[test]
    fn async_imports_are_polled_through_the_same_base() {
        let started = r#"{"httpStatus":"OK","httpStatusCode":200,"status":"OK",
          "message":"Initiated DATAVALUE_IMPORT (1712345678901)",
          "response":{"name":"DATAVALUE_IMPORT (1712345678901)","id":"YR1UxOUXmzT",
            "jobType":"DATAVALUE_IMPORT",
            "relativeNotifierEndpoint":"/api/system/tasks/DATAVALUE_IMPORT/YR1UxOUXmzT"}}"#;
        let server = Fake::new()
            .on(Method::Post, "/run/api/dataValueSets", json(200, started))
            .once(Method::Get, "/run/api/system/tasks/DATAVALUE_IMPORT/YR1UxOUXmzT", json(200, "[]"))
            .on(
                Method::Get,
                "/run/api/system/tasks/DATAVALUE_IMPORT/YR1UxOUXmzT",
                json(
                    200,
                    r#"[{"uid":"n2","level":"INFO","category":"DATAVALUE_IMPORT","message":"Import done","completed":true},
                        {"uid":"n1","level":"INFO","category":"DATAVALUE_IMPORT","message":"Process started","completed":false}]"#,
                ),
            )
            .once(Method::Get, "/run/api/system/taskSummaries/DATAVALUE_IMPORT/YR1UxOUXmzT", json(200, ""))
            .on(
                Method::Get,
                "/run/api/system/taskSummaries/DATAVALUE_IMPORT/YR1UxOUXmzT",
                json(
                    200,
                    r#"{"responseType":"ImportSummary","status":"SUCCESS",
                       "importCount":{"imported":5,"updated":0,"ignored":0,"deleted":0},"conflicts":[]}"#,
                ),
            );
        let client = Dhis2Client::through_route(&server, "https://source.org", "r1");
        let params = vec![("async".to_string(), "true".to_string())];
        let raw = run(client.post_data_value_set(b"{}".to_vec(), &params)).unwrap();
        let ImportResponse::Started(task) = raw.parse_import().unwrap() else {
            panic!("not started");
        };
        assert!(!run(client.import_task_progress(&task)).unwrap().completed);
        assert!(run(client.import_task_progress(&task)).unwrap().completed);
        assert_eq!(run(client.import_task_summary(&task)).unwrap(), None);
        let outcome = run(client.import_task_summary(&task)).unwrap().unwrap();
        assert_eq!(outcome.counts.imported, 5);
        assert!(
            server
                .urls()
                .iter()
                .skip(1)
                .all(|url| url.starts_with("https://source.org/api/routes/r1/run/api/system/"))
        );
    }
}
