//! `/api/system/*` (info, ping, ids) and `/api/periodTypes` (reference §2.3, §0).

use axum::Json;
use axum::Router;
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Map, Value, json};

use super::{QueryParams, context_path};
use crate::auth::CurrentUser;
use crate::periods::ALL_PERIOD_TYPES;
use crate::state::SharedState;
use crate::uid::random_uid;

/// Routes of this module.
pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/api/system/info", get(system_info))
        .route("/api/system/ping", get(ping))
        .route("/api/system/id", get(ids))
        .route("/api/system/uid", get(ids))
        .route("/api/periodTypes", get(period_types))
        .route(
            "/api/periodTypes/relativePeriodTypes",
            get(relative_period_types),
        )
        .route("/api/system/tasks", get(all_tasks).delete(clear_tasks))
        .route("/api/system/tasks/{job_type}", get(tasks_of_type))
        .route("/api/system/tasks/{job_type}/{id}", get(task))
        .route(
            "/api/system/taskSummaries/{job_type}",
            get(summaries_of_type),
        )
        .route(
            "/api/system/taskSummaries/{job_type}/{id}",
            get(task_summary),
        )
}

/// Metadata timestamp format without zone (`yyyy-MM-dd'T'HH:mm:ss.SSS`), server local = UTC here.
pub fn metadata_timestamp(time: chrono::DateTime<chrono::Utc>) -> String {
    time.format("%Y-%m-%dT%H:%M:%S%.3f").to_string()
}

async fn system_info(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let behaviour = &state.behaviour;
    let context = context_path(&headers);
    let now = state.clock.now();
    let mut info = json!({
        "contextPath": context,
        "userAgent": headers.get("user-agent").and_then(|value| value.to_str().ok()).unwrap_or(""),
        "calendar": "iso8601",
        "dateFormat": "yyyy-mm-dd",
        "serverDate": metadata_timestamp(now),
        "serverTimeZoneId": "Etc/UTC",
        "serverTimeZoneDisplayName": "Coordinated Universal Time",
        "lastAnalyticsTableSuccess": "2024-01-01T00:00:00.000",
        "intervalSinceLastAnalyticsTableSuccess": "not available",
        "lastAnalyticsTableRuntime": "0 s",
        "version": behaviour.full_version,
        "revision": behaviour.revision,
        "buildTime": "2024-01-01T00:00:00.000",
        "jasperReportsVersion": "6.20.1",
        "environmentVariable": "DHIS2_HOME",
        "fileStoreProvider": "filesystem",
        "readOnlyMode": "off",
        "nodeId": "dhis2-lite",
        "javaVersion": "17.0.10",
        "javaVendor": "Eclipse Adoptium",
        "javaOpts": "",
        "osName": "Linux",
        "osArchitecture": "amd64",
        "osVersion": "6.0",
        "externalDirectory": state.data_dir.display().to_string(),
        "databaseInfo": {"name": "dhis2-lite", "user": "dhis", "url": "sqlite", "databaseVersion": "SQLite", "spatialSupport": false},
        "readReplicaCount": 0,
        "memoryInfo": "dhis2-lite",
        "cpuCores": 2,
        "encryption": true,
        "emailConfigured": false,
        "redisEnabled": false,
        "systemId": state.system_id,
        "systemName": "Mambara HMIS (dhis2-lite)",
        "instanceBaseUrl": context,
        "isMetadataVersionEnabled": false,
        "isMetadataSyncEnabled": false,
    });
    if !user.is_superuser()
        && let Some(object) = info.as_object_mut()
    {
        for key in [
            "jasperReportsVersion",
            "environmentVariable",
            "fileStoreProvider",
            "readOnlyMode",
            "nodeId",
            "javaVersion",
            "javaVendor",
            "javaOpts",
            "osName",
            "osArchitecture",
            "osVersion",
            "externalDirectory",
            "readReplicaCount",
            "memoryInfo",
            "cpuCores",
        ] {
            object.remove(key);
        }
        object.insert("encryption".into(), json!(false));
        object.insert("redisEnabled".into(), json!(false));
        object.insert("databaseInfo".into(), json!({"spatialSupport": false}));
    }
    let params = QueryParams::from_uri(&uri);
    if let Some(fields) = params.get("fields")
        && fields != "*"
        && let Some(object) = info.as_object()
    {
        let wanted: Vec<&str> = fields.split(',').map(str::trim).collect();
        let filtered: Map<String, Value> = object
            .iter()
            .filter(|(key, _)| wanted.contains(&key.as_str()))
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        return Json(Value::Object(filtered)).into_response();
    }
    Json(info).into_response()
}

async fn ping() -> Response {
    ([("content-type", "text/plain;charset=UTF-8")], "pong").into_response()
}

async fn ids(uri: Uri) -> Response {
    let params = QueryParams::from_uri(&uri);
    let limit = params
        .get("limit")
        .and_then(|limit| limit.parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, 10_000);
    let codes: Vec<String> = (0..limit).map(|_| random_uid()).collect();
    Json(json!({ "codes": codes })).into_response()
}

async fn period_types(State(state): State<SharedState>) -> Response {
    let period_types: Vec<Value> = ALL_PERIOD_TYPES
        .iter()
        .filter(|kind| state.behaviour.financial_september || kind.name() != "FinancialSep")
        .map(|kind| {
            json!({
                "name": kind.name(),
                "isoDuration": kind.iso_duration(),
                "isoFormat": kind.iso_format(),
                "frequencyOrder": kind.frequency_order(),
            })
        })
        .collect();
    Json(json!({ "periodTypes": period_types })).into_response()
}

async fn all_tasks(State(state): State<SharedState>) -> Response {
    let mut by_type = Map::new();
    if let Ok(tasks) = state.tasks() {
        for (id, task) in tasks.iter() {
            let entry = by_type
                .entry(task.job_type.clone())
                .or_insert_with(|| json!({}));
            if let Some(map) = entry.as_object_mut() {
                map.insert(id.clone(), json!(task.notifications));
            }
        }
    }
    Json(Value::Object(by_type)).into_response()
}

async fn clear_tasks(State(state): State<SharedState>) -> Response {
    if let Ok(mut tasks) = state.tasks() {
        tasks.retain(|_, task| task.summary.is_none());
    }
    axum::http::StatusCode::NO_CONTENT.into_response()
}

async fn tasks_of_type(State(state): State<SharedState>, Path(job_type): Path<String>) -> Response {
    let mut by_id = Map::new();
    if let Ok(tasks) = state.tasks() {
        for (id, task) in tasks.iter().filter(|(_, task)| task.job_type == job_type) {
            by_id.insert(id.clone(), json!(task.notifications));
        }
    }
    Json(Value::Object(by_id)).into_response()
}

async fn task(
    State(state): State<SharedState>,
    Path((job_type, id)): Path<(String, String)>,
) -> Response {
    Json(task_notifications(&state, &job_type, &id)).into_response()
}

async fn summaries_of_type(
    State(state): State<SharedState>,
    Path(job_type): Path<String>,
) -> Response {
    let mut by_id = Map::new();
    if let Ok(tasks) = state.tasks() {
        for (id, task) in tasks.iter().filter(|(_, task)| task.job_type == job_type) {
            if let Some(summary) = &task.summary {
                by_id.insert(id.clone(), summary.clone());
            }
        }
    }
    Json(Value::Object(by_id)).into_response()
}

async fn task_summary(
    State(state): State<SharedState>,
    Path((job_type, id)): Path<(String, String)>,
) -> Response {
    let summary = state.tasks().ok().and_then(|tasks| {
        tasks
            .get(&id)
            .filter(|task| task.job_type == job_type)
            .and_then(|task| task.summary.clone())
    });
    match summary {
        Some(summary) => Json(summary).into_response(),
        None => axum::http::StatusCode::OK.into_response(),
    }
}

/// Relative period keywords (reference §6.2); 2.36 lacks the two ten-year ones.
const RELATIVE_PERIODS: [&str; 45] = [
    "TODAY",
    "YESTERDAY",
    "LAST_3_DAYS",
    "LAST_7_DAYS",
    "LAST_14_DAYS",
    "LAST_30_DAYS",
    "LAST_60_DAYS",
    "LAST_90_DAYS",
    "LAST_180_DAYS",
    "THIS_MONTH",
    "LAST_MONTH",
    "THIS_BIMONTH",
    "LAST_BIMONTH",
    "THIS_QUARTER",
    "LAST_QUARTER",
    "THIS_SIX_MONTH",
    "LAST_SIX_MONTH",
    "WEEKS_THIS_YEAR",
    "MONTHS_THIS_YEAR",
    "BIMONTHS_THIS_YEAR",
    "QUARTERS_THIS_YEAR",
    "THIS_YEAR",
    "MONTHS_LAST_YEAR",
    "QUARTERS_LAST_YEAR",
    "LAST_YEAR",
    "LAST_5_YEARS",
    "LAST_10_YEARS",
    "LAST_12_MONTHS",
    "LAST_6_MONTHS",
    "LAST_3_MONTHS",
    "LAST_6_BIMONTHS",
    "LAST_4_QUARTERS",
    "LAST_2_SIXMONTHS",
    "THIS_FINANCIAL_YEAR",
    "LAST_FINANCIAL_YEAR",
    "LAST_5_FINANCIAL_YEARS",
    "LAST_10_FINANCIAL_YEARS",
    "THIS_WEEK",
    "LAST_WEEK",
    "THIS_BIWEEK",
    "LAST_BIWEEK",
    "LAST_4_WEEKS",
    "LAST_4_BIWEEKS",
    "LAST_12_WEEKS",
    "LAST_52_WEEKS",
];

async fn relative_period_types(State(state): State<SharedState>) -> Response {
    let keywords: Vec<&str> = RELATIVE_PERIODS
        .iter()
        .copied()
        .filter(|keyword| {
            state.behaviour.version.minor() > 36
                || !matches!(*keyword, "LAST_10_YEARS" | "LAST_10_FINANCIAL_YEARS")
        })
        .collect();
    Json(json!(keywords)).into_response()
}

/// Notifications of a task (newest first), or `[]`.
pub fn task_notifications(state: &SharedState, job_type: &str, id: &str) -> Value {
    state
        .tasks()
        .ok()
        .and_then(|tasks| {
            tasks
                .get(id)
                .filter(|task| task.job_type == job_type)
                .map(|task| json!(task.notifications))
        })
        .unwrap_or_else(|| json!([]))
}
