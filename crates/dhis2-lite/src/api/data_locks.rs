//! What locks data against import besides expiry: data approvals (`/api/dataApprovals`, E7642)
//! and lock exceptions (`/api/lockExceptions`, which lift E7640 for one data set, period and org
//! unit). Reference §5.5 rules 23 and 25; the endpoints follow DHIS2's `DataApprovalController`
//! and `LockExceptionController` (approve/unapprove → 204, lock exception → 201).

use axum::Router;
use axum::extract::{Extension, State};
use axum::http::{StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::json;

use super::QueryParams;
use crate::auth::CurrentUser;
use crate::data_values::locking::canonical_period;
use crate::state::SharedState;
use crate::users::User;
use crate::web_message::{ApiError, ApiResult, WebMessage};

/// Routes of this module.
pub fn routes() -> Router<SharedState> {
    Router::new()
        .route(
            "/api/dataApprovals",
            post(approve).delete(unapprove).get(approval_status),
        )
        .route(
            "/api/lockExceptions",
            post(add_lock_exception)
                .delete(remove_lock_exception)
                .get(list_lock_exceptions),
        )
}

fn conflict(state: &SharedState, message: String) -> ApiError {
    ApiError::conflict(message, state.behaviour.generic_error_codes)
}

fn require(state: &SharedState, user: &User, authority: &str) -> ApiResult<()> {
    if user.has_authority(authority) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "Access is denied",
            state.behaviour.generic_error_codes,
        ))
    }
}

/// `(workflow, period, org unit, attribute option combo)` of an approval request.
fn approval_key(
    state: &SharedState,
    params: &QueryParams,
) -> ApiResult<(String, String, String, String)> {
    let metadata = state.metadata();
    let catalog = &metadata.catalog;
    let workflow = match (params.get("wf"), params.get("ds")) {
        (Some(workflow), _) => workflow.to_string(),
        (None, Some(data_set)) => {
            let data_set = catalog
                .data_set(data_set)
                .ok_or_else(|| conflict(state, format!("Data set not found: {data_set}")))?;
            data_set.workflow.clone().ok_or_else(|| {
                conflict(
                    state,
                    format!(
                        "Data set does not have an approval workflow: {}",
                        data_set.uid
                    ),
                )
            })?
        }
        (None, None) => {
            return Err(conflict(
                state,
                "Approval workflow must be specified".into(),
            ));
        }
    };
    if !catalog
        .data_sets
        .iter()
        .any(|data_set| data_set.workflow.as_deref() == Some(workflow.as_str()))
    {
        return Err(conflict(
            state,
            format!("Approval workflow not found: {workflow}"),
        ));
    }
    let period = params
        .get("pe")
        .and_then(canonical_period)
        .ok_or_else(|| conflict(state, "Illegal period identifier".into()))?;
    let org_unit = params
        .get("ou")
        .and_then(|uid| catalog.org_unit(uid))
        .ok_or_else(|| conflict(state, "Illegal organisation unit identifier".into()))?
        .uid
        .clone();
    let attribute = params
        .get("aoc")
        .unwrap_or(crate::metadata::DEFAULT_CATEGORY_OPTION_COMBO);
    if catalog.category_option_combo(attribute).is_none() {
        return Err(conflict(
            state,
            format!("Illegal attribute option combo identifier: {attribute}"),
        ));
    }
    Ok((workflow, period, org_unit, attribute.to_string()))
}

async fn approve(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    uri: Uri,
) -> ApiResult<Response> {
    require(&state, &user, "F_APPROVE_DATA")?;
    let (workflow, period, org_unit, attribute) =
        approval_key(&state, &QueryParams::from_uri(&uri))?;
    state.database()?.execute(
        "INSERT OR IGNORE INTO data_approval (workflow, period, org_unit, attribute_option_combo, created, creator) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        rusqlite::params![workflow, period, org_unit, attribute, state.clock.now().to_rfc3339(), user.uid],
    )?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn unapprove(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    uri: Uri,
) -> ApiResult<Response> {
    require(&state, &user, "F_APPROVE_DATA")?;
    let (workflow, period, org_unit, attribute) =
        approval_key(&state, &QueryParams::from_uri(&uri))?;
    state.database()?.execute(
        "DELETE FROM data_approval WHERE workflow = ?1 AND period = ?2 AND org_unit = ?3 AND attribute_option_combo = ?4",
        rusqlite::params![workflow, period, org_unit, attribute],
    )?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn approval_status(State(state): State<SharedState>, uri: Uri) -> ApiResult<Response> {
    let (workflow, period, org_unit, attribute) =
        approval_key(&state, &QueryParams::from_uri(&uri))?;
    let approved: bool = state.database()?.query_row(
        "SELECT EXISTS (SELECT 1 FROM data_approval WHERE workflow = ?1 AND period = ?2 AND org_unit = ?3 AND attribute_option_combo = ?4)",
        rusqlite::params![workflow, period, org_unit, attribute],
        |row| row.get(0),
    )?;
    let status = if approved {
        "APPROVED_HERE"
    } else {
        "UNAPPROVED_READY"
    };
    Ok(axum::Json(json!({
        "mayApprove": !approved,
        "mayUnapprove": approved,
        "mayAccept": false,
        "mayUnaccept": false,
        "mayReadData": true,
        "state": status,
    }))
    .into_response())
}

/// `(data sets, period, org units)` of a lock exception request (`ds` and `ou` may be repeated
/// or comma separated).
fn lock_exception_keys(
    state: &SharedState,
    params: &QueryParams,
) -> ApiResult<(Vec<String>, String, Vec<String>)> {
    let metadata = state.metadata();
    let catalog = &metadata.catalog;
    let split = |key: &str| -> Vec<String> {
        params
            .all(key)
            .into_iter()
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .filter(|value| !value.is_empty())
            .map(str::to_string)
            .collect()
    };
    let data_sets = split("ds");
    if data_sets.is_empty() {
        return Err(conflict(state, "DataSet id(s) not present".into()));
    }
    for data_set in &data_sets {
        if catalog.data_set(data_set).is_none() {
            return Err(conflict(
                state,
                format!("Can't find data set with id: {data_set}"),
            ));
        }
    }
    let period = params
        .get("pe")
        .and_then(canonical_period)
        .ok_or_else(|| conflict(state, "Period not present or not valid".into()))?;
    let org_units = split("ou");
    if org_units.is_empty() {
        return Err(conflict(state, "OrganisationUnit id not present".into()));
    }
    for org_unit in &org_units {
        if catalog.org_unit(org_unit).is_none() {
            return Err(conflict(
                state,
                format!("Can't find organisation unit with id: {org_unit}"),
            ));
        }
    }
    Ok((data_sets, period, org_units))
}

/// Runs `apply(connection, data set, period, org unit)` for every combination of the request,
/// as a superuser.
fn each_lock_exception(
    state: &SharedState,
    user: &User,
    uri: &Uri,
    apply: impl Fn(&rusqlite::Connection, &str, &str, &str) -> rusqlite::Result<usize>,
) -> ApiResult<()> {
    require(state, user, "ALL")?;
    let (data_sets, period, org_units) = lock_exception_keys(state, &QueryParams::from_uri(uri))?;
    let connection = state.database()?;
    for data_set in &data_sets {
        for org_unit in &org_units {
            apply(&connection, data_set, &period, org_unit)?;
        }
    }
    Ok(())
}

async fn add_lock_exception(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    uri: Uri,
) -> ApiResult<WebMessage> {
    let created = state.clock.now().to_rfc3339();
    each_lock_exception(
        &state,
        &user,
        &uri,
        |connection, data_set, period, org_unit| {
            connection.execute(
            "INSERT OR IGNORE INTO lock_exception (data_set, period, org_unit, created) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![data_set, period, org_unit, created],
        )
        },
    )?;
    Ok(WebMessage::created("LockException created successfully."))
}

async fn remove_lock_exception(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    uri: Uri,
) -> ApiResult<StatusCode> {
    each_lock_exception(
        &state,
        &user,
        &uri,
        |connection, data_set, period, org_unit| {
            connection.execute(
                "DELETE FROM lock_exception WHERE data_set = ?1 AND period = ?2 AND org_unit = ?3",
                rusqlite::params![data_set, period, org_unit],
            )
        },
    )?;
    Ok(StatusCode::NO_CONTENT)
}

async fn list_lock_exceptions(State(state): State<SharedState>) -> ApiResult<Response> {
    let connection = state.database()?;
    let mut statement = connection.prepare(
        "SELECT data_set, period, org_unit FROM lock_exception ORDER BY period, data_set, org_unit",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(json!({
            "dataSet": {"id": row.get::<_, String>(0)?},
            "period": {"id": row.get::<_, String>(1)?},
            "organisationUnit": {"id": row.get::<_, String>(2)?},
        }))
    })?;
    let exceptions = rows.collect::<Result<Vec<_>, _>>()?;
    Ok(axum::Json(json!({"lockExceptions": exceptions})).into_response())
}
