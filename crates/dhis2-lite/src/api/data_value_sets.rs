//! `/api/dataValueSets` over HTTP: request parameters mapped onto the engines' options (§4.1,
//! §5.2), format negotiation, authority checks, the §5.3 response wrapping per version and async
//! imports (§9). The engines live in `data_values`.

use std::collections::HashMap;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Extension, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;

use super::system::metadata_timestamp;
use super::{Format, QueryParams, RequestInfo};
use crate::auth::CurrentUser;
use crate::data_values::IdScheme;
use crate::data_values::export::{ExportFormat, ExportOptions, export_streaming};
use crate::data_values::import::{
    ImportOptions, ImportOutcome, Strategy, parse_csv, parse_json, run_import, system_settings,
};
use crate::faults::AsyncJobFault;
use crate::state::{SharedState, Task};
use crate::uid::random_uid;
use crate::users::User;
use crate::version::VersionBehaviour;
use crate::web_message::{ApiError, WebMessage};

/// Routes of this module.
pub fn routes() -> Router<SharedState> {
    Router::new().route(
        "/api/dataValueSets",
        get(get_data_value_sets).post(post_data_value_sets),
    )
}

/// Whether a request (normalised URI) starts an async import job: `POST /api/dataValueSets` with
/// `async=true`, read as [`import_options`] reads it. Task faults only apply to these requests.
pub fn starts_async_import(method: &Method, uri: &Uri) -> bool {
    method == Method::POST
        && uri.path() == "/api/dataValueSets"
        && QueryParams::from_uri(uri).flag("async") == Some(true)
}

/// Every value of `key`, comma-separated lists split, blanks dropped.
fn split_values(params: &QueryParams, key: &str) -> Vec<String> {
    params
        .all(key)
        .into_iter()
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .map(str::to_string)
        .collect()
}

/// The id scheme named by parameter `key`, if it parses.
fn scheme_param(params: &QueryParams, key: &str) -> Option<IdScheme> {
    params.get(key).and_then(IdScheme::parse)
}

/// The export options of a request (reference §4.1) at `now_millis`.
pub fn export_options(
    params: &QueryParams,
    format: ExportFormat,
    now_millis: i64,
) -> ExportOptions {
    let text = |key: &str| params.get(key).map(str::to_string);
    let flag = |key: &str| params.flag(key).unwrap_or(false);
    ExportOptions {
        format,
        data_sets: split_values(params, "dataSet"),
        data_elements: split_values(params, "dataElement"),
        data_element_groups: split_values(params, "dataElementGroup"),
        periods: split_values(params, "period"),
        start_date: text("startDate"),
        end_date: text("endDate"),
        last_updated: text("lastUpdated"),
        last_updated_duration: text("lastUpdatedDuration"),
        org_units: split_values(params, "orgUnit"),
        org_unit_groups: split_values(params, "orgUnitGroup"),
        children: flag("children"),
        attribute_option_combos: split_values(params, "attributeOptionCombo"),
        attribute_combo: text("attributeCombo"),
        attribute_options: text("attributeOptions"),
        limit: text("limit"),
        include_deleted: flag("includeDeleted"),
        id_scheme: scheme_param(params, "idScheme"),
        data_element_id_scheme: scheme_param(params, "dataElementIdScheme"),
        org_unit_id_scheme: scheme_param(params, "orgUnitIdScheme"),
        category_option_combo_id_scheme: scheme_param(params, "categoryOptionComboIdScheme"),
        attribute_option_combo_id_scheme: scheme_param(params, "attributeOptionComboIdScheme"),
        data_set_id_scheme: scheme_param(params, "dataSetIdScheme"),
        input_id_scheme: scheme_param(params, "inputIdScheme"),
        input_data_element_id_scheme: scheme_param(params, "inputDataElementIdScheme"),
        input_org_unit_id_scheme: scheme_param(params, "inputOrgUnitIdScheme"),
        input_data_set_id_scheme: scheme_param(params, "inputDataSetIdScheme"),
        now_millis,
    }
}

/// The import options of a request (reference §5.2): its parameters over the defaults that the
/// system `settings` give, at `now`.
pub fn import_options(
    params: &QueryParams,
    settings: &HashMap<String, String>,
    now: chrono::DateTime<chrono::Utc>,
) -> ImportOptions {
    let defaults = ImportOptions::defaults(settings, now);
    let flag = |key: &str, default: bool| params.flag(key).unwrap_or(default);
    ImportOptions {
        strategy: params
            .get("importStrategy")
            .or_else(|| params.get("strategy"))
            .and_then(Strategy::parse)
            .unwrap_or(defaults.strategy),
        dry_run: flag("dryRun", defaults.dry_run),
        run_async: flag("async", defaults.run_async),
        id_scheme: scheme_param(params, "idScheme").unwrap_or(defaults.id_scheme),
        data_element_id_scheme: scheme_param(params, "dataElementIdScheme"),
        org_unit_id_scheme: scheme_param(params, "orgUnitIdScheme"),
        category_option_combo_id_scheme: scheme_param(params, "categoryOptionComboIdScheme"),
        data_set_id_scheme: scheme_param(params, "dataSetIdScheme"),
        skip_existing_check: flag("skipExistingCheck", defaults.skip_existing_check),
        skip_audit: flag("skipAudit", defaults.skip_audit),
        force: flag("force", defaults.force),
        strict_periods: flag("strictPeriods", defaults.strict_periods),
        strict_data_elements: flag("strictDataElements", defaults.strict_data_elements),
        strict_category_option_combos: flag(
            "strictCategoryOptionCombos",
            defaults.strict_category_option_combos,
        ),
        strict_attribute_option_combos: flag(
            "strictAttributeOptionCombos",
            defaults.strict_attribute_option_combos,
        ),
        strict_organisation_units: flag(
            "strictOrganisationUnits",
            defaults.strict_organisation_units,
        ),
        strict_data_set_approval: flag("strictDataSetApproval", defaults.strict_data_set_approval),
        strict_data_set_locking: flag("strictDataSetLocking", defaults.strict_data_set_locking),
        strict_data_set_input_periods: flag(
            "strictDataSetInputPeriods",
            defaults.strict_data_set_input_periods,
        ),
        require_category_option_combo: flag(
            "requireCategoryOptionCombo",
            defaults.require_category_option_combo,
        ),
        require_attribute_option_combo: flag(
            "requireAttributeOptionCombo",
            defaults.require_attribute_option_combo,
        ),
        first_row_is_header: flag("firstRowIsHeader", defaults.first_row_is_header),
        data_set: params.get("dataSet").map(str::to_string),
        now: defaults.now,
    }
}

fn wants_csv(info: &RequestInfo, params: &QueryParams, headers: &HeaderMap) -> bool {
    if let Some(format) = info.suffix_format {
        return format == Format::Csv;
    }
    if let Some(format) = params.get("format") {
        return format.eq_ignore_ascii_case("csv");
    }
    headers
        .get(header::ACCEPT)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|accept| {
            let first = accept.split(',').next().unwrap_or_default();
            first.contains("text/csv") || first.contains("application/csv")
        })
}

async fn get_data_value_sets(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Extension(info): Extension<RequestInfo>,
    headers: HeaderMap,
    uri: Uri,
) -> Result<Response, ApiError> {
    let params = QueryParams::from_uri(&uri);
    if info.suffix_format == Some(Format::Xml) {
        return Err(ApiError::new(
            StatusCode::NOT_ACCEPTABLE,
            "XML is not supported by dhis2-lite",
            None,
        ));
    }
    let format = if wants_csv(&info, &params, &headers) {
        ExportFormat::Csv
    } else {
        ExportFormat::Json
    };
    let content_type = match format {
        ExportFormat::Csv => "application/csv;charset=UTF-8",
        ExportFormat::Json => "application/json;charset=UTF-8",
    };
    let attachment = params
        .get("attachment")
        .filter(|name| {
            !name.is_empty()
                && name
                    .chars()
                    .all(|character| character.is_ascii_alphanumeric() || "._-".contains(character))
        })
        .map(str::to_string);
    // Unbounded on purpose: the export holds the database mutex while it writes, and the
    // request handlers on the async workers block on that mutex (authentication). A bounded
    // channel made the export wait for a consumer whose worker was waiting for the export's
    // lock — a deadlock with a few large reads in flight. A slow client now costs memory
    // (at most the whole response), never the server.
    let (chunk_sender, chunk_receiver) =
        tokio::sync::mpsc::unbounded_channel::<Result<Bytes, std::io::Error>>();
    let (start_sender, start_receiver) = tokio::sync::oneshot::channel::<Result<(), ApiError>>();
    let state_for_export = state.clone();
    tokio::task::spawn_blocking(move || {
        let mut start_sender = Some(start_sender);
        let metadata = state_for_export.metadata();
        let result = state_for_export.database().and_then(|connection| {
            // The clock is read once the export holds the lock, as the export runs then.
            let options = export_options(&params, format, state_for_export.clock.now_millis());
            export_streaming(
                &connection,
                &metadata.catalog,
                &state_for_export.behaviour,
                &user,
                &options,
                &mut |chunk| {
                    if let Some(sender) = start_sender.take() {
                        let _ = sender.send(Ok(()));
                    }
                    chunk_sender.send(Ok(Bytes::from(chunk))).is_ok()
                },
            )
        });
        match result {
            Ok(exported) => {
                if let Some(sender) = start_sender.take() {
                    let _ = sender.send(Ok(()));
                }
                let _ = chunk_sender.send(Ok(Bytes::from(exported.body)));
            }
            Err(error) => match start_sender.take() {
                Some(sender) => {
                    let _ = sender.send(Err(error));
                }
                None => {
                    let _ = chunk_sender.send(Err(std::io::Error::other(error.to_string())));
                }
            },
        }
    });
    match start_receiver.await {
        Ok(Ok(())) => Ok({
            let stream = futures_util::stream::unfold(chunk_receiver, |mut receiver| async move {
                receiver.recv().await.map(|chunk| (chunk, receiver))
            });
            let mut response = axum::body::Body::from_stream(stream).into_response();
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
            if let Some(file_name) = attachment
                && let Ok(value) =
                    HeaderValue::from_str(&format!("attachment; filename={file_name}"))
            {
                response
                    .headers_mut()
                    .insert(header::CONTENT_DISPOSITION, value);
            }
            response
        }),
        Ok(Err(error)) => Err(error),
        Err(_) => Err(ApiError::Internal("export stopped".into())),
    }
}

/// Renders a synchronous import outcome with the version's wrapping (§5.3).
pub fn import_response(
    behaviour: &VersionBehaviour,
    api_version: Option<u8>,
    outcome: ImportOutcome,
) -> Response {
    if behaviour.plain_import_summary(api_version) {
        return (StatusCode::OK, axum::Json(outcome.summary)).into_response();
    }
    let message = match outcome.status {
        "SUCCESS" => WebMessage::ok("Import was successful."),
        "WARNING" if behaviour.warning_import_is_ok => WebMessage::new(
            StatusCode::OK,
            "WARNING",
            "Import completed with warnings, please check import summary.",
        ),
        "WARNING" => WebMessage::new(
            StatusCode::CONFLICT,
            "WARNING",
            "One more conflicts encountered, please check import summary.",
        ),
        _ => WebMessage::new(
            StatusCode::CONFLICT,
            "ERROR",
            "An error occurred, please check import summary.",
        ),
    };
    message.with_response(outcome.summary).into_response()
}

enum PayloadKind {
    Json,
    Csv,
}

fn payload_kind(headers: &HeaderMap, info: &RequestInfo) -> Result<PayloadKind, ApiError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if content_type.starts_with("application/json") {
        return Ok(PayloadKind::Json);
    }
    if content_type.starts_with("application/csv") {
        return Ok(PayloadKind::Csv);
    }
    if content_type.is_empty() && info.suffix_format == Some(Format::Json) {
        return Ok(PayloadKind::Json);
    }
    Err(ApiError::new(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        format!("Content type '{content_type}' not supported"),
        None,
    ))
}

fn can_import(user: &User) -> bool {
    user.has_authority("F_DATAVALUE_ADD")
}

/// Runs an import with the database lock held, at the clock's time once it holds the lock (an
/// async job runs later than its request).
pub fn import_now(
    state: &SharedState,
    user: &User,
    options: ImportOptions,
    kind_is_csv: bool,
    body: &[u8],
) -> Result<ImportOutcome, ApiError> {
    let payload = if kind_is_csv {
        parse_csv(body, options.first_row_is_header)
    } else {
        parse_json(body)
    };
    let metadata = state.metadata();
    let mut connection = state.database()?;
    let options = ImportOptions {
        now: state.clock.now(),
        ..options
    };
    Ok(run_import(
        &mut connection,
        &metadata.catalog,
        &state.behaviour,
        user,
        options,
        payload,
    )?)
}

async fn post_data_value_sets(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Extension(info): Extension<RequestInfo>,
    job_fault: Option<Extension<AsyncJobFault>>,
    headers: HeaderMap,
    uri: Uri,
    body: Bytes,
) -> Result<Response, ApiError> {
    let behaviour = &state.behaviour;
    if !can_import(&user) {
        let message = if behaviour.forbidden_names_authority {
            "Access is denied, requires one Authority from [F_DATAVALUE_ADD]"
        } else {
            "Access is denied"
        };
        return Err(ApiError::forbidden(message, behaviour.generic_error_codes));
    }
    let kind = payload_kind(&headers, &info)?;
    let params = QueryParams::from_uri(&uri);
    // The database lock is a temporary of this statement: released before the import awaits.
    let settings = system_settings(&*state.database()?)?;
    let options = import_options(&params, &settings, state.clock.now());
    let is_csv = matches!(kind, PayloadKind::Csv);
    if options.run_async {
        let job = AsyncImport {
            user,
            options,
            is_csv,
            body,
            fault: job_fault.map(|Extension(fault)| fault),
        };
        return Ok(start_async_import(state.clone(), job, &headers));
    }
    let state_for_import = state.clone();
    let outcome = tokio::task::spawn_blocking(move || {
        import_now(&state_for_import, &user, options, is_csv, &body)
    })
    .await
    .map_err(|error| ApiError::Internal(error.to_string()))??;
    Ok(import_response(&state.behaviour, info.api_version, outcome))
}

/// An async import to run.
struct AsyncImport {
    user: User,
    options: ImportOptions,
    is_csv: bool,
    body: Bytes,
    /// An injected failure of the job (fault injection only).
    fault: Option<AsyncJobFault>,
}

/// `jobType` of async data value imports on every version (reference §9).
pub const ASYNC_IMPORT_JOB_TYPE: &str = "DATAVALUE_IMPORT";

/// Starts the job and answers with its configuration (§9). With [`AsyncJobFault::Fails`] the job
/// imports nothing and ends with an ERROR notification and no summary (what a job that throws
/// leaves); with [`AsyncJobFault::Vanishes`] it imports, then its task is removed, so the task
/// endpoints answer as for an unknown id.
fn start_async_import(state: SharedState, job: AsyncImport, headers: &HeaderMap) -> Response {
    let AsyncImport {
        user,
        options,
        is_csv,
        body,
        fault,
    } = job;
    let behaviour = &state.behaviour;
    let job_id = random_uid();
    // The job type (and so the task endpoints) is DATAVALUE_IMPORT on every version; only the
    // job's name, shown in the "Initiated …" message, changed in 2.41 (reference §9).
    let job_type = ASYNC_IMPORT_JOB_TYPE.to_string();
    let now = state.clock.now();
    let name = if behaviour.version.minor() >= 41 {
        format!("{} ({})", behaviour.import_job_name, now.timestamp_millis())
    } else {
        behaviour.import_job_name.to_string()
    };
    let created = metadata_timestamp(now);
    let job_parameters = options.to_json(behaviour);
    if let Ok(mut tasks) = state.tasks() {
        tasks.insert(
            job_id.clone(),
            Task {
                job_type: job_type.clone(),
                owner: user.username.clone(),
                notifications: vec![json!({
                    "uid": random_uid(), "level": "INFO", "category": job_type, "time": created,
                    "message": "Process started", "completed": false, "id": job_id
                })],
                summary: None,
            },
        );
    }
    let task_state = state.clone();
    let task_id = job_id.clone();
    let task_type = job_type.clone();
    let modern = behaviour.version.minor() >= 41;
    tokio::task::spawn_blocking(move || {
        let outcome = match fault {
            Some(AsyncJobFault::Fails) => Err(ApiError::Internal(
                "the import job failed (fault injected by dhis2-lite)".into(),
            )),
            _ => import_now(&task_state, &user, options, is_csv, &body),
        };
        if fault == Some(AsyncJobFault::Vanishes) {
            if let Ok(mut tasks) = task_state.tasks() {
                tasks.remove(&task_id);
            }
            return;
        }
        let time = metadata_timestamp(task_state.clock.now());
        let (message, summary) = match outcome {
            Ok(outcome) => {
                let message = if modern {
                    format!(
                        "Import complete with status {}, {} created, {} updated, {} deleted, {} ignored",
                        outcome.status,
                        outcome.count.imported,
                        outcome.count.updated,
                        outcome.count.deleted,
                        outcome.count.ignored
                    )
                } else {
                    "Import done".to_string()
                };
                (message, Some(outcome.summary))
            }
            Err(error) => (format!("Process failed: {error}"), None),
        };
        if let Ok(mut tasks) = task_state.tasks()
            && let Some(task) = tasks.get_mut(&task_id)
        {
            task.notifications.insert(
                0,
                json!({"uid": random_uid(), "level": if summary.is_some() { "INFO" } else { "ERROR" }, "category": task_type,
                       "time": time, "message": message, "completed": true, "id": task_id}),
            );
            task.summary = summary;
        }
    });
    let location = format!(
        "{}/api/system/tasks/{job_type}",
        super::context_path(headers)
    );
    let mut response = WebMessage::ok(format!("Initiated {name}"))
        .with_response(json!({
            "name": name,
            "id": job_id,
            "created": created,
            "jobType": job_type,
            "jobStatus": "SCHEDULED",
            "jobParameters": job_parameters,
            "relativeNotifierEndpoint": format!("/api/system/tasks/{job_type}/{job_id}"),
        }))
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}
