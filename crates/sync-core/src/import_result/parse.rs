//! Parsers for each body DHIS2 returns around a data value import, by shape rather than by
//! version number (the same server answers differently on `/api/37/` and `/api/`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{Conflict, ImportCount, ImportOutcome, ImportStatus, ResponseShape};

/// What `POST /api/dataValueSets` answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportResponse {
    /// A synchronous import result (any version, HTTP 200 or 409).
    Completed(ImportOutcome),
    /// An async import was started: poll [`AsyncTask::notifier_endpoint`] until completed, then
    /// read [`AsyncTask::summary_endpoint`].
    Started(AsyncTask),
}

/// An async import job (`?async=true`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AsyncTask {
    /// Job id.
    pub id: String,
    /// Job type (`DATAVALUE_IMPORT`).
    pub job_type: String,
    /// Task notifications, relative to the server root: `/api/system/tasks/{jobType}/{id}`.
    pub notifier_endpoint: String,
    /// Task summary: `/api/system/taskSummaries/{jobType}/{id}`.
    pub summary_endpoint: String,
    /// The WebMessage's message (`Initiated DATAVALUE_IMPORT (…)`, `Initiated dataValueImport`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// A response that carries no import result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResponseError {
    /// The session expired: HTTP 401, or a login page instead of JSON. Ask the user to log in
    /// again and retry the same chunk.
    #[error("the session expired (HTTP {http_status}); log in again")]
    SessionExpired {
        /// HTTP status.
        http_status: u16,
    },
    /// A WebMessage error without an import summary (403 access denied, 409 E1004, 500, ...).
    #[error("the server refused the request (HTTP {http_status}): {message}")]
    WebMessage {
        /// HTTP status (the body's `httpStatusCode` when the transport gave none).
        http_status: u16,
        /// `message`.
        message: String,
        /// `errorCode`.
        error_code: Option<String>,
        /// `devMessage`.
        dev_message: Option<String>,
    },
    /// Not JSON (a proxy's error page, a gateway timeout of a route).
    #[error(
        "the server answered HTTP {http_status} with {content_type} instead of JSON: {snippet}"
    )]
    NotJson {
        /// HTTP status.
        http_status: u16,
        /// Content type, or `no content type`.
        content_type: String,
        /// The start of the body.
        snippet: String,
    },
    /// An empty body where a result was expected.
    #[error("the server answered HTTP {http_status} with an empty body")]
    Empty {
        /// HTTP status.
        http_status: u16,
    },
    /// JSON of an unknown shape.
    #[error("the server answered HTTP {http_status} with JSON of an unknown shape: {snippet}")]
    Unrecognised {
        /// HTTP status.
        http_status: u16,
        /// The start of the body.
        snippet: String,
    },
}

impl ResponseError {
    /// True when sending the same chunk again may work (server errors, gateways, rate limits,
    /// empty or non-JSON answers of 5xx). An expired session is retryable after logging in.
    pub fn is_retryable(&self) -> bool {
        let status = match self {
            ResponseError::SessionExpired { .. } => return true,
            ResponseError::WebMessage { http_status, .. }
            | ResponseError::NotJson { http_status, .. }
            | ResponseError::Empty { http_status }
            | ResponseError::Unrecognised { http_status, .. } => *http_status,
        };
        status >= 500 || status == 429 || status == 408 || status == 0
    }
}

impl ResponseError {
    /// True when the same chunk is likely to fail again for its size: 413 (request too large),
    /// 502 (a route's response-size limit) and 504 (a route's or proxy's timeout). Send its
    /// values again in smaller chunks, or asynchronously.
    pub fn suggests_smaller_chunk(&self) -> bool {
        let status = match self {
            ResponseError::SessionExpired { .. } => return false,
            ResponseError::WebMessage { http_status, .. }
            | ResponseError::NotJson { http_status, .. }
            | ResponseError::Empty { http_status }
            | ResponseError::Unrecognised { http_status, .. } => *http_status,
        };
        matches!(status, 413 | 502 | 504)
    }
}

/// One task notification (`/api/system/tasks/{jobType}/{id}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskMessage {
    /// `time`.
    #[serde(default)]
    pub time: Option<String>,
    /// `level` (`INFO`, `ERROR`, ...).
    #[serde(default)]
    pub level: Option<String>,
    /// `message`.
    #[serde(default)]
    pub message: Option<String>,
    /// `completed`.
    #[serde(default)]
    pub completed: bool,
}

/// Progress of an async import, from its notifications.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskProgress {
    /// Some notification has `completed: true`: read the task summary.
    pub completed: bool,
    /// A completed notification has level `ERROR`: the job failed.
    pub failed: bool,
    /// The notifications, as listed (newest first, as the server is believed to list them).
    pub messages: Vec<TaskMessage>,
}

const SNIPPET_CHARS: usize = 300;

fn snippet(text: &str) -> String {
    let trimmed = text.trim();
    match trimmed.char_indices().nth(SNIPPET_CHARS) {
        Some((cut, _)) => format!("{}…", &trimmed[..cut]),
        None => trimmed.to_string(),
    }
}

/// Reads the body as JSON, or classifies why it is not.
fn read_json(
    http_status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Option<Value>, ResponseError> {
    let text = String::from_utf8_lossy(body);
    let trimmed = text.trim();
    // 401, or the redirect to the login page that `/api` answers without
    // `X-Requested-With: XMLHttpRequest` (reference §1.2).
    if matches!(http_status, 401 | 302 | 303) {
        return Err(ResponseError::SessionExpired { http_status });
    }
    if trimmed.is_empty() {
        return Ok(None);
    }
    let lower_start: String = trimmed
        .chars()
        .take(2000)
        .collect::<String>()
        .to_lowercase();
    let looks_html = lower_start.starts_with('<')
        || content_type.is_some_and(|ct| ct.to_ascii_lowercase().contains("html"));
    if looks_html {
        let login = ["login", "j_username", "dhis-web-login", "sign in", "log in"];
        if (200..400).contains(&http_status) && login.iter().any(|word| lower_start.contains(word))
        {
            return Err(ResponseError::SessionExpired { http_status });
        }
        return Err(ResponseError::NotJson {
            http_status,
            content_type: content_type.unwrap_or("no content type").to_string(),
            snippet: snippet(trimmed),
        });
    }
    serde_json::from_str(trimmed)
        .map(Some)
        .map_err(|_| ResponseError::NotJson {
            http_status,
            content_type: content_type.unwrap_or("no content type").to_string(),
            snippet: snippet(trimmed),
        })
}

/// Parses the answer to `POST /api/dataValueSets` (sync or async), whatever the version.
///
/// A 409 with an ImportSummary inside is an import result, not a failure: its conflicts are
/// the point. Call [`ImportOutcome::resolve_values`] with the chunk's values afterwards.
pub fn parse_import_response(
    http_status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<ImportResponse, ResponseError> {
    let Some(json) = read_json(http_status, content_type, body)? else {
        return Err(ResponseError::Empty { http_status });
    };
    let unrecognised = || ResponseError::Unrecognised {
        http_status,
        snippet: snippet(&String::from_utf8_lossy(body)),
    };
    let Value::Object(root) = &json else {
        return Err(unrecognised());
    };
    if is_summary(&json) {
        let mut outcome = summary(&json, ResponseShape::BareSummary);
        outcome.http_status = Some(http_status);
        return Ok(ImportResponse::Completed(outcome));
    }
    if !is_web_message(&json) {
        return Err(unrecognised());
    }
    let message = text(root.get("message"));
    if let Some(response) = root.get("response")
        && is_summary(response)
    {
        let mut outcome = summary(response, ResponseShape::WebMessage);
        outcome.http_status = Some(http_status);
        outcome.message = message;
        return Ok(ImportResponse::Completed(outcome));
    }
    if let Some(task) = root
        .get("response")
        .and_then(|r| async_task(r, message.clone()))
    {
        return Ok(ImportResponse::Started(task));
    }
    Err(web_message_error(http_status, root, message))
}

/// Parses `GET /api/system/tasks/{jobType}/{id}`: a JSON array of notifications (empty while
/// unknown). Poll until [`TaskProgress::completed`].
pub fn parse_task_notifications(
    http_status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<TaskProgress, ResponseError> {
    let Some(json) = read_json(http_status, content_type, body)? else {
        return Ok(TaskProgress::default());
    };
    let items = match &json {
        Value::Array(items) => items.clone(),
        // The map view `{ "<id>": [ … ] }` of `/api/system/tasks/{jobType}`.
        Value::Object(map) if map.values().all(Value::is_array) && !is_web_message(&json) => map
            .values()
            .filter_map(Value::as_array)
            .flatten()
            .cloned()
            .collect(),
        Value::Object(root) if is_web_message(&json) => {
            return Err(web_message_error(
                http_status,
                root,
                text(root.get("message")),
            ));
        }
        _ => {
            return Err(ResponseError::Unrecognised {
                http_status,
                snippet: snippet(&String::from_utf8_lossy(body)),
            });
        }
    };
    let messages: Vec<TaskMessage> = items
        .into_iter()
        .filter_map(|item| serde_json::from_value(item).ok())
        .collect();
    let completed = messages.iter().any(|m| m.completed);
    let failed = messages.iter().any(|m| {
        m.completed
            && m.level
                .as_deref()
                .is_some_and(|l| l.eq_ignore_ascii_case("ERROR"))
    });
    Ok(TaskProgress {
        completed,
        failed,
        messages,
    })
}

/// Parses `GET /api/system/taskSummaries/{jobType}/{id}`: the bare ImportSummary, or `None` for
/// the empty body of a summary not available yet.
pub fn parse_task_summary(
    http_status: u16,
    content_type: Option<&str>,
    body: &[u8],
) -> Result<Option<ImportOutcome>, ResponseError> {
    let Some(json) = read_json(http_status, content_type, body)? else {
        return Ok(None);
    };
    if json.as_object().is_some_and(|o| o.is_empty()) || json.is_null() {
        return Ok(None);
    }
    if is_summary(&json) {
        let mut outcome = summary(&json, ResponseShape::TaskSummary);
        outcome.http_status = Some(http_status);
        return Ok(Some(outcome));
    }
    match parse_import_response(http_status, content_type, body)? {
        ImportResponse::Completed(mut outcome) => {
            outcome.shape = Some(ResponseShape::TaskSummary);
            Ok(Some(outcome))
        }
        ImportResponse::Started(_) => Err(ResponseError::Unrecognised {
            http_status,
            snippet: snippet(&String::from_utf8_lossy(body)),
        }),
    }
}

fn is_summary(value: &Value) -> bool {
    let Some(object) = value.as_object() else {
        return false;
    };
    match object.get("responseType").and_then(Value::as_str) {
        Some(kind) => kind == "ImportSummary",
        None => object.contains_key("importCount") && object.contains_key("status"),
    }
}

fn is_web_message(value: &Value) -> bool {
    value.as_object().is_some_and(|object| {
        object.contains_key("httpStatusCode") || object.contains_key("httpStatus")
    })
}

fn web_message_error(
    http_status: u16,
    root: &serde_json::Map<String, Value>,
    message: Option<String>,
) -> ResponseError {
    let body_status = root.get("httpStatusCode").and_then(Value::as_u64);
    let http_status = if http_status == 0 || http_status == 200 {
        body_status
            .and_then(|s| u16::try_from(s).ok())
            .unwrap_or(http_status)
    } else {
        http_status
    };
    if http_status == 401 {
        return ResponseError::SessionExpired { http_status };
    }
    ResponseError::WebMessage {
        http_status,
        message: message.unwrap_or_else(|| "no message".to_string()),
        error_code: text(root.get("errorCode")),
        dev_message: text(root.get("devMessage")),
    }
}

fn async_task(response: &Value, message: Option<String>) -> Option<AsyncTask> {
    let object = response.as_object()?;
    let notifier = text(object.get("relativeNotifierEndpoint"));
    if notifier.is_none() && !object.contains_key("jobType") {
        return None;
    }
    let id = text(object.get("id")).or_else(|| {
        notifier
            .as_deref()
            .and_then(|n| n.rsplit('/').next())
            .map(str::to_string)
    })?;
    let job_type = text(object.get("jobType"))
        .or_else(|| {
            notifier
                .as_deref()
                .and_then(|n| n.rsplit('/').nth(1))
                .map(str::to_string)
        })
        .unwrap_or_else(|| "DATAVALUE_IMPORT".to_string());
    let notifier_endpoint =
        notifier.unwrap_or_else(|| format!("/api/system/tasks/{job_type}/{id}"));
    let summary_endpoint = format!("/api/system/taskSummaries/{job_type}/{id}");
    Some(AsyncTask {
        id,
        job_type,
        notifier_endpoint,
        summary_endpoint,
        message,
    })
}

/// A string member, or a number or boolean written as text.
fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

fn count(value: Option<&Value>) -> u64 {
    value.and_then(Value::as_u64).unwrap_or(0)
}

fn indexes(value: Option<&Value>) -> Vec<usize> {
    value
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_u64)
                .filter_map(|i| usize::try_from(i).ok())
                .collect()
        })
        .unwrap_or_default()
}

fn status(value: Option<&Value>) -> ImportStatus {
    match value
        .and_then(Value::as_str)
        .map(str::to_ascii_uppercase)
        .as_deref()
    {
        Some("SUCCESS" | "OK") => ImportStatus::Success,
        Some("WARNING") => ImportStatus::Warning,
        _ => ImportStatus::Error,
    }
}

fn summary(value: &Value, shape: ResponseShape) -> ImportOutcome {
    let counts = value.get("importCount");
    let counts = ImportCount {
        imported: count(counts.and_then(|c| c.get("imported"))),
        updated: count(counts.and_then(|c| c.get("updated"))),
        ignored: count(counts.and_then(|c| c.get("ignored"))),
        deleted: count(counts.and_then(|c| c.get("deleted"))),
    };
    let conflicts = value
        .get("conflicts")
        .and_then(Value::as_array)
        .map(|items| items.iter().map(conflict).collect())
        .unwrap_or_default();
    let rejected_indexes = value
        .get("rejectedIndexes")
        .filter(|v| v.is_array())
        .map(|v| indexes(Some(v)));
    let options = value.get("importOptions");
    ImportOutcome {
        status: status(value.get("status")),
        description: text(value.get("description")),
        message: None,
        http_status: None,
        counts,
        conflicts,
        rejected_indexes,
        rejected_values: Vec::new(),
        data_set_complete: text(value.get("dataSetComplete")),
        dry_run: options
            .and_then(|o| o.get("dryRun"))
            .and_then(Value::as_bool),
        import_strategy: text(options.and_then(|o| o.get("importStrategy"))),
        shape: Some(shape),
    }
}

fn conflict(value: &Value) -> Conflict {
    let objects: BTreeMap<String, String> = value
        .get("objects")
        .and_then(Value::as_object)
        .map(|map| {
            map.iter()
                .filter_map(|(k, v)| Some((k.clone(), text(Some(v))?)))
                .collect()
        })
        .unwrap_or_default();
    Conflict {
        error_code: text(value.get("errorCode")),
        message: text(value.get("value"))
            .or_else(|| text(value.get("message")))
            .unwrap_or_default(),
        object: text(value.get("object")),
        objects,
        property: text(value.get("property")),
        indexes: indexes(value.get("indexes")),
        chunk: None,
        values: Vec::new(),
        value_match: super::ValueMatch::None,
    }
}
