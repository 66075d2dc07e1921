//! Data value calls of [`Dhis2Client`]: reading raw `dataValueSets` (whole, or streamed chunk by
//! chunk into sync-core's streaming reader with [`Dhis2Client::data_value_sets_stream`]),
//! importing a chunk (status and bytes for sync-core's import-result parser) and polling an
//! async import's task. Nothing here parses data values or import summaries: sync-core owns
//! both.

use sync_core::import_result::{
    AsyncTask, ImportOutcome, ImportResponse, ResponseError, TaskProgress, parse_import_response,
    parse_task_notifications, parse_task_summary,
};

use std::collections::VecDeque;

use crate::client::{
    Dhis2Client, first_visible_byte, is_html_type, looks_like_html, transport_error,
};
use crate::error::ApiError;
use crate::query::{encode_component, url_with_params};
use crate::transport::{
    HttpRequest, HttpResponse, Method, ResponseBody, ResponseHead, Transport, read_whole,
};

/// An HTTP answer handed on unparsed: what `POST /api/dataValueSets` said, whatever its status
/// (a 409 carries the import summary's conflicts on 2.38–2.42).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawResponse {
    /// HTTP status.
    pub status: u16,
    /// `Content-Type`, if any.
    pub content_type: Option<String>,
    /// `Retry-After` in seconds (a busy destination), if any.
    pub retry_after_seconds: Option<u64>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl RawResponse {
    fn from_http(response: HttpResponse) -> RawResponse {
        RawResponse {
            status: response.status,
            content_type: response.content_type,
            retry_after_seconds: response.retry_after_seconds,
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

    /// `GET /api/dataValueSets` with `params`, streamed: returns once the answer is known to be
    /// data, with the body still arriving, to be read chunk by chunk into sync-core's streaming
    /// reader ([`DataValueStream::next_chunk`]).
    ///
    /// Failures are classified before any chunk is handed out, exactly as
    /// [`Dhis2Client::data_value_sets`] does: an error status's body is read in full (a 409 with
    /// E2001–E2012 is [`ApiError::Http`] with its `errorCode`; a 401 is an expired session or
    /// refused credentials, by target), and a 2xx HTML page (a login page) is an expired session
    /// on the own instance. To tell HTML from JSON without a `Content-Type`, the first chunks up
    /// to the first visible byte are read here and handed out first by the stream.
    ///
    /// Dropping the returned future or the stream aborts the request (see [`Transport`]).
    pub async fn data_value_sets_stream(
        &self,
        params: &[(String, String)],
    ) -> Result<DataValueStream<T::Body>, ApiError> {
        let request = HttpRequest::get(self.data_value_sets_url(params));
        let (head, mut body) = self.open_exchange(request).await?;
        let success = (200..300).contains(&head.status);
        if !success || is_html_type(head.content_type.as_deref()) {
            return self.refuse(head, Vec::new(), body).await;
        }
        let mut read = Vec::new();
        loop {
            match body.next_chunk().await.map_err(transport_error)? {
                None => break,
                Some(chunk) => {
                    let first = first_visible_byte(&chunk);
                    read.push(chunk);
                    match first {
                        Some(b'<') => return self.refuse(head, read, body).await,
                        Some(_) => break,
                        None => continue,
                    }
                }
            }
        }
        Ok(DataValueStream::new(head, read, body))
    }

    /// Reads the rest of an answer that is not data (`read` holds its chunks read so far) and
    /// classifies it like every other call. A 2xx answer that passes (never an error status) is
    /// handed out as a stream of what was read.
    async fn refuse(
        &self,
        head: ResponseHead,
        read: Vec<Vec<u8>>,
        body: T::Body,
    ) -> Result<DataValueStream<T::Body>, ApiError> {
        let rest = read_whole(head, body).await.map_err(transport_error)?;
        let mut whole = read.concat();
        whole.extend_from_slice(&rest.body);
        let head = rest.head();
        let response = self
            .classify(HttpResponse::from_parts(head.clone(), whole))
            .await?;
        Ok(DataValueStream::finished(head, response.body))
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

    /// `GET /api/system/tasks/{jobType}/{id}` — the `relativeNotifierEndpoint` the server gave
    /// (reference §9) — the notifications of an async import, read by sync-core. Poll until
    /// [`TaskProgress::completed`].
    pub async fn import_task_progress(&self, task: &AsyncTask) -> Result<TaskProgress, ApiError> {
        let url = self
            .api_url_of_endpoint(&task.notifier_endpoint)
            .unwrap_or_else(|| self.task_url("tasks", task));
        let response = self.get(&url).await?;
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
        let url = self
            .api_url_of_endpoint(&task.summary_endpoint)
            .unwrap_or_else(|| self.task_url("taskSummaries", task));
        let response = self.get(&url).await?;
        parse_task_summary(
            response.status,
            response.content_type.as_deref(),
            &response.body,
        )
        .map_err(response_error)
    }

    /// A task URL built from the job type and id, for an answer whose endpoint is missing or
    /// not a plain `/api/…` path. (The endpoints the server gave are used when they are: they are
    /// relative to the destination's root, so [`Dhis2Client::api_url_of_endpoint`] maps them onto
    /// this client, through a route too.)
    fn task_url(&self, kind: &str, task: &AsyncTask) -> String {
        self.api_url(&format!(
            "system/{kind}/{}/{}",
            encode_component(&task.job_type),
            encode_component(&task.id)
        ))
    }
}

/// The body of a `GET /api/dataValueSets` answer, chunk by chunk as it arrives (see
/// [`Dhis2Client::data_value_sets_stream`]). Dropping it before its end aborts the request.
pub struct DataValueStream<B> {
    head: ResponseHead,
    /// Chunks already read (to tell JSON from HTML), handed out before the body's.
    read: VecDeque<Vec<u8>>,
    /// The rest of the body; `None` once it ended.
    body: Option<B>,
}

impl<B> std::fmt::Debug for DataValueStream<B> {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("DataValueStream")
            .field("head", &self.head)
            .field("read_chunks", &self.read.len())
            .field("ended", &self.body.is_none())
            .finish()
    }
}

impl<B: ResponseBody> DataValueStream<B> {
    fn new(head: ResponseHead, read: Vec<Vec<u8>>, body: B) -> DataValueStream<B> {
        DataValueStream {
            head,
            read: read.into(),
            body: Some(body),
        }
    }

    /// A stream of a body already read in full.
    fn finished(head: ResponseHead, body: Vec<u8>) -> DataValueStream<B> {
        DataValueStream {
            head,
            read: Some(body)
                .filter(|body| !body.is_empty())
                .into_iter()
                .collect(),
            body: None,
        }
    }

    /// The answer's `Content-Type` (JSON, or CSV when asked for), if any.
    pub fn content_type(&self) -> Option<&str> {
        self.head.content_type.as_deref()
    }

    /// The next chunk of the body (never empty), `Ok(None)` at its end. An error means the
    /// body was cut off ([`ApiError::Network`]: connection lost, timed out): what was read is
    /// not the whole answer.
    pub async fn next_chunk(&mut self) -> Result<Option<Vec<u8>>, ApiError> {
        if let Some(chunk) = self.read.pop_front() {
            return Ok(Some(chunk));
        }
        let Some(body) = self.body.as_mut() else {
            return Ok(None);
        };
        match body.next_chunk().await.map_err(transport_error)? {
            Some(chunk) => Ok(Some(chunk)),
            None => {
                self.body = None;
                Ok(None)
            }
        }
    }

    /// The rest of the body, read to its end.
    pub async fn read_to_end(mut self) -> Result<Vec<u8>, ApiError> {
        let mut bytes = Vec::new();
        while let Some(chunk) = self.next_chunk().await? {
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
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
    use crate::testing::{Chunk, Fake, html, json, run};
    use crate::transport::{TransportError, WholeBody};

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
        let client = Dhis2Client::through_route(
            &server,
            "https://source.org",
            "r1",
            crate::model::RouteScope::Server,
        );
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

    #[test]
    fn an_async_import_is_polled_where_the_server_said_mapped_under_an_api_route() {
        let started = |endpoint: &str| {
            format!(
                r#"{{"httpStatus":"OK","httpStatusCode":200,"status":"OK","message":"Initiated dataValueImport",
                  "response":{{"name":"dataValueImport","id":"YR1UxOUXmzT","jobType":"DATAVALUE_IMPORT",
                    "relativeNotifierEndpoint":"{endpoint}"}}}}"#
            )
        };
        let notifications =
            r#"[{"uid":"n1","level":"INFO","message":"Import done","completed":true}]"#;
        for (endpoint, polled) in [
            (
                "/api/system/tasks/DATAVALUE_IMPORT/YR1UxOUXmzT",
                "https://source.org/api/routes/r1/run/system/tasks/DATAVALUE_IMPORT/YR1UxOUXmzT",
            ),
            // A destination cannot steer the client out of the route: built from type and id.
            (
                "/api/system/tasks/../../../../api/me",
                "https://source.org/api/routes/r1/run/system/tasks/DATAVALUE_IMPORT/YR1UxOUXmzT",
            ),
        ] {
            let server = Fake::new()
                .on(
                    Method::Post,
                    "/run/dataValueSets",
                    json(200, &started(endpoint)),
                )
                .on(Method::Get, "/run/system/tasks/", json(200, notifications));
            let client = Dhis2Client::through_route(
                &server,
                "https://source.org",
                "r1",
                crate::model::RouteScope::Api,
            );
            let params = vec![("async".to_string(), "true".to_string())];
            let raw = run(client.post_data_value_set(b"{}".to_vec(), &params)).unwrap();
            let ImportResponse::Started(task) = raw.parse_import().unwrap() else {
                panic!("not started");
            };
            assert!(run(client.import_task_progress(&task)).unwrap().completed);
            assert_eq!(server.last().url, polled, "{endpoint}");
        }
    }

    /// Reads a stream to its end, chunk by chunk.
    fn chunks_of<B: ResponseBody>(mut stream: DataValueStream<B>) -> Vec<Vec<u8>> {
        let mut chunks = Vec::new();
        while let Some(chunk) = run(stream.next_chunk()).unwrap() {
            chunks.push(chunk);
        }
        chunks
    }

    fn bytes(text: &str) -> Chunk {
        Ok(text.as_bytes().to_vec())
    }

    #[test]
    fn streamed_reads_hand_out_the_chunks_in_order() {
        let server = Fake::new().streamed(
            Method::Get,
            "/api/dataValueSets?",
            json(200, ""),
            vec![
                bytes("  \n"),
                bytes(""),
                bytes(r#"{"dataValues":[{"value":"1"},"#),
                bytes(r#"{"value":"2"}"#),
                bytes("]}"),
            ],
        );
        let client = Dhis2Client::new(&server, "http://h");
        let stream = run(client.data_value_sets_stream(&params())).unwrap();
        assert_eq!(
            stream.content_type(),
            Some("application/json;charset=UTF-8")
        );
        let chunks = chunks_of(stream);
        assert_eq!(
            chunks,
            [
                &b"  \n"[..],
                br#"{"dataValues":[{"value":"1"},"#,
                br#"{"value":"2"}"#,
                b"]}"
            ]
        );
        let request = server.last();
        assert_eq!(
            request.url,
            "http://h/api/dataValueSets?dataSet=BfMAe6Itzgt&period=202401&orgUnit=ImspTQPwCqd&children=true"
        );
        assert_eq!(request.header("X-Requested-With"), Some("XMLHttpRequest"));
        assert_eq!(request.header("Accept"), Some("application/json"));
    }

    #[test]
    fn streamed_reads_classify_a_409_read_in_several_chunks_before_any_chunk() {
        let server = Fake::new().streamed(
            Method::Get,
            "/api/dataValueSets?",
            json(409, ""),
            vec![
                bytes(r#"{"httpStatus":"Conflict","httpStatusCode":409,"status":"ERROR","#),
                bytes(r#""message":"At least one organisation unit must be specified","#),
                bytes(r#""errorCode":"E2006"}"#),
            ],
        );
        let client = Dhis2Client::new(&server, "http://h");
        let error = run(client.data_value_sets_stream(&params())).unwrap_err();
        assert_eq!(
            error,
            ApiError::Http {
                status: 409,
                message: "At least one organisation unit must be specified".into(),
                error_code: Some("E2006".into())
            }
        );
        assert_eq!(run(client.data_value_sets(&params())), Err(error));
    }

    #[test]
    fn streamed_reads_classify_401_and_login_pages_as_an_expired_session() {
        let unauthorized = json(
            401,
            r#"{"httpStatus":"Unauthorized","httpStatusCode":401,"status":"ERROR","message":"Unauthorized"}"#,
        );
        let login_by_type = html(200, "<html><body><form action=\"login.action\">");
        let mut login_by_body = json(200, "");
        login_by_body.content_type = None;
        let cases = [
            (
                unauthorized,
                vec![bytes(r#"{"httpStatus":"Unauthorized"}"#)],
            ),
            (
                login_by_type,
                vec![
                    bytes("<html><body>"),
                    bytes("<form action=\"login.action\">"),
                ],
            ),
            (
                login_by_body,
                vec![
                    bytes("\n  "),
                    bytes("  <!DOCTYPE html>"),
                    bytes("<form>j_username"),
                ],
            ),
        ];
        for (head, chunks) in cases {
            let status = head.status;
            let server = Fake::new().streamed(Method::Get, "/api/dataValueSets?", head, chunks);
            let client = Dhis2Client::new(&server, "http://h");
            assert_eq!(
                run(client.data_value_sets_stream(&params())).err(),
                Some(ApiError::SessionExpired),
                "HTTP {status}"
            );
            assert_eq!(
                run(client.data_value_sets(&params())),
                Err(ApiError::SessionExpired),
                "HTTP {status}, whole"
            );
        }
    }

    #[test]
    fn streamed_reads_of_a_direct_destination_send_its_credentials_and_classify_its_refusals() {
        let server = Fake::new()
            .streamed(
                Method::Get,
                "https://dest/api/dataValueSets?",
                json(200, ""),
                vec![bytes(r#"{"dataValues":"#), bytes("[]}")],
            )
            .streamed(
                Method::Get,
                "https://other/api/dataValueSets?",
                html(200, ""),
                vec![bytes("<html>Sign in</html>")],
            );
        let client = Dhis2Client::direct(&server, "https://dest", Auth::ApiToken("d2p_x".into()));
        let stream = run(client.data_value_sets_stream(&params())).unwrap();
        assert_eq!(run(stream.read_to_end()).unwrap(), br#"{"dataValues":[]}"#);
        let request = server.last();
        assert_eq!(request.header("Authorization"), Some("ApiToken d2p_x"));
        assert_eq!(request.credentials, crate::transport::Credentials::Omit);
        let other = Dhis2Client::direct(&server, "https://other", Auth::ApiToken("d2p_x".into()));
        assert!(matches!(
            run(other.data_value_sets_stream(&params())),
            Err(ApiError::CredentialsRejected { .. })
        ));
    }

    #[test]
    fn streamed_reads_through_a_route_stay_under_its_run_url_and_tell_its_401s_apart() {
        let server = Fake::new()
            .streamed(
                Method::Get,
                "/api/routes/r1/run/api/dataValueSets?",
                json(200, ""),
                vec![bytes("{}")],
            )
            .on(
                Method::Get,
                "/api/routes/r2/run/api/dataValueSets?",
                json(401, r#"{"httpStatus":"Unauthorized","httpStatusCode":401,"message":"The API token does not exists"}"#),
            )
            .on(Method::Get, "https://source.org/api/me?fields=id", json(200, r#"{"id":"u"}"#));
        let own = Dhis2Client::new(&server, "https://source.org");
        let route = own.route_client("r1", crate::model::RouteScope::Server);
        let stream = run(route.data_value_sets_stream(&params())).unwrap();
        assert_eq!(chunks_of(stream), [b"{}"]);
        assert!(
            server
                .last()
                .url
                .starts_with("https://source.org/api/routes/r1/run/api/dataValueSets?")
        );
        let refused = own.route_client("r2", crate::model::RouteScope::Server);
        assert!(matches!(
            run(refused.data_value_sets_stream(&params())),
            Err(ApiError::CredentialsRejected { .. })
        ));
        assert_eq!(
            server.last().url,
            "https://source.org/api/me?fields=id",
            "the own instance was asked"
        );
    }

    #[test]
    fn a_body_cut_off_midway_is_a_network_error_after_the_chunks_before_it() {
        let server = Fake::new().streamed(
            Method::Get,
            "/api/dataValueSets?",
            json(200, ""),
            vec![
                bytes(r#"{"dataValues":["#),
                Err(TransportError::Network("connection reset".into())),
            ],
        );
        let client = Dhis2Client::new(&server, "http://h");
        let mut stream = run(client.data_value_sets_stream(&params())).unwrap();
        assert_eq!(
            run(stream.next_chunk()),
            Ok(Some(br#"{"dataValues":["#.to_vec()))
        );
        let error = run(stream.next_chunk()).unwrap_err();
        assert_eq!(error, ApiError::Network("connection reset".into()));
        assert!(error.is_transient());
        assert!(
            run(client.data_value_sets(&params()))
                .unwrap_err()
                .is_transient()
        );
    }

    #[test]
    fn an_empty_answer_is_an_empty_stream() {
        let server =
            Fake::new().streamed(Method::Get, "/api/dataValueSets?", json(200, ""), vec![]);
        let client = Dhis2Client::new(&server, "http://h");
        let mut stream = run(client.data_value_sets_stream(&params())).unwrap();
        assert_eq!(run(stream.next_chunk()), Ok(None));
        assert_eq!(run(stream.next_chunk()), Ok(None));
    }

    /// A fake whose `open` is the two lines [`WholeBody`] documents.
    struct WholeFake(HttpResponse);

    impl Transport for WholeFake {
        type Body = WholeBody;

        async fn send(&self, _request: HttpRequest) -> Result<HttpResponse, TransportError> {
            Ok(self.0.clone())
        }

        async fn open(
            &self,
            request: HttpRequest,
        ) -> Result<(ResponseHead, WholeBody), TransportError> {
            self.send(request).await.map(WholeBody::split)
        }
    }

    #[test]
    fn a_transport_over_whole_bodies_streams_one_chunk() {
        let body = r#"{"dataValues":[{"value":"7"}]}"#;
        let client = Dhis2Client::new(WholeFake(json(200, body)), "http://h");
        let stream = run(client.data_value_sets_stream(&params())).unwrap();
        assert_eq!(chunks_of(stream), [body.as_bytes()]);
        let client = Dhis2Client::new(
            WholeFake(json(
                409,
                r#"{"message":"Period is invalid","errorCode":"E2007"}"#,
            )),
            "http://h",
        );
        let error = run(client.data_value_sets_stream(&params())).unwrap_err();
        assert_eq!(error.error_code(), Some("E2007"));
    }
}
