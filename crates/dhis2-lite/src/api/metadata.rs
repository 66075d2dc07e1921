//! Metadata list and single-object endpoints (`/api/dataSets`, `/api/organisationUnits/{id}`, …)
//! over the query engine (reference §3).

use axum::Json;
use axum::Router;
use axum::extract::{Extension, Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Map, Value};

use super::query::{self, FieldSpec, QueryError};
use super::{QueryParams, RequestInfo, context_path};
use crate::auth::CurrentUser;
use crate::metadata::{Kind, MetadataObject};
use crate::state::SharedState;
use crate::web_message::{ApiError, ApiResult};

/// Routes of this module.
pub fn routes() -> Router<SharedState> {
    Router::new()
        .route("/api/{collection}", get(list))
        .route("/api/{collection}/{id}", get(single).put(update))
}

/// DHIS2's class name of a kind, for object reports.
fn klass(kind: Kind) -> String {
    let package = match kind {
        Kind::OrganisationUnit | Kind::OrganisationUnitLevel | Kind::OrganisationUnitGroup => {
            "organisationunit"
        }
        Kind::DataSet => "dataset",
        Kind::DataElement | Kind::DataElementGroup => "dataelement",
        Kind::CategoryCombo | Kind::Category | Kind::CategoryOption | Kind::CategoryOptionCombo => {
            "category"
        }
        Kind::OptionSet | Kind::Option => "option",
        Kind::UserGroup => "user",
    };
    format!("org.hisp.dhis.{package}.{}", kind.type_name())
}

/// Properties the server manages; a PUT body cannot change them.
const SERVER_MANAGED: [&str; 8] = [
    "id",
    "created",
    "createdBy",
    "path",
    "level",
    "ancestors",
    "children",
    "href",
];

/// `PUT /api/<collection>/<id>`: replaces the object (DHIS2's full-object update; properties the
/// server derives are kept), answering an ObjectReport. Only superusers may update metadata here.
async fn update(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path((collection, id)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> ApiResult<Response> {
    let Some(kind) = Kind::from_collection(&collection) else {
        return Ok(unknown_collection());
    };
    let generic = state.behaviour.generic_error_codes;
    if !user.is_superuser() {
        return Err(ApiError::forbidden(
            "You don't have the proper permissions to update this object.",
            generic,
        ));
    }
    let metadata = state.metadata();
    let Some(existing) = metadata.get_of_kind(kind, &id) else {
        return Err(ApiError::not_found(
            format!("{} with id {id} could not be found.", kind.type_name()),
            generic,
        ));
    };
    let mut json: Map<String, Value> = serde_json::from_slice(&body)
        .map_err(|error| ApiError::bad_request(error.to_string(), generic))?;
    for property in SERVER_MANAGED {
        json.remove(property);
        if property != "href"
            && let Some(value) = existing.json.get(property)
        {
            json.insert(property.into(), value.clone());
        }
    }
    json.insert(
        "lastUpdated".into(),
        Value::String(crate::api::system::metadata_timestamp(state.clock.now())),
    );
    json.insert("lastUpdatedBy".into(), serde_json::json!({"id": user.uid}));
    let connection = state.database()?;
    connection.execute(
        "UPDATE metadata_object SET json = ?1 WHERE uid = ?2",
        rusqlite::params![Value::Object(json).to_string(), id],
    )?;
    let store = crate::metadata::MetadataStore::load(&connection)
        .map_err(|error| ApiError::Internal(error.to_string()))?;
    state.replace_metadata(store);
    let mut message = crate::web_message::WebMessage::ok("");
    message.message = None;
    Ok(message
        .with_response(serde_json::json!({
            "responseType": "ObjectReport",
            "uid": id,
            "klass": klass(kind),
            "errorReports": [],
        }))
        .into_response())
}

fn query_error(state: &SharedState, error: QueryError) -> ApiError {
    if state.behaviour.query_errors_bad_request {
        ApiError::bad_request(error.0, true)
    } else {
        ApiError::new(StatusCode::CONFLICT, error.0, None)
    }
}

fn unknown_collection() -> Response {
    (StatusCode::NOT_FOUND, "Not Found").into_response()
}

fn within_user_hierarchy(object: &MetadataObject, roots: &[String]) -> bool {
    let path = object.text("path").unwrap_or_default();
    roots.iter().any(|root| path.contains(root.as_str()))
}

async fn list(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Extension(info): Extension<RequestInfo>,
    Path(collection): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> ApiResult<Response> {
    let Some(kind) = Kind::from_collection(&collection) else {
        return Ok(unknown_collection());
    };
    Ok(Json(list_objects(&state, &user, kind, &info, &headers, &uri)?).into_response())
}

fn list_objects(
    state: &SharedState,
    user: &crate::users::User,
    kind: Kind,
    info: &RequestInfo,
    headers: &HeaderMap,
    uri: &Uri,
) -> ApiResult<Value> {
    let metadata = state.metadata();
    let store = &*metadata;
    let params = QueryParams::from_uri(uri);
    let filters = params
        .all("filter")
        .into_iter()
        .map(|text| query::parse_filter(store, kind, text))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| query_error(state, error))?;
    let order_values = params.all("order");
    let order = query::parse_order(store, kind, &order_values);
    let fields_text = {
        let all = params.all("fields");
        if all.is_empty() {
            "id,displayName".to_string()
        } else {
            all.join(",")
        }
    };
    let fields: Vec<FieldSpec> = query::parse_fields(&fields_text);
    let or_junction = params
        .get("rootJunction")
        .is_some_and(|junction| junction.eq_ignore_ascii_case("OR"));
    let level = params
        .get("level")
        .and_then(|level| level.parse::<u64>().ok());
    let max_level = params
        .get("maxLevel")
        .and_then(|level| level.parse::<u64>().ok());
    let user_only = params.flag("userOnly").unwrap_or(false);
    // DHIS2's OrganisationUnitController: `userDataViewOnly` = the data view units only,
    // `userDataViewFallback` = them, or the capture units when the user has none.
    let user_data_view_only = params.flag("userDataViewOnly").unwrap_or(false);
    let user_data_view_fallback = params.flag("userDataViewFallback").unwrap_or(false);
    let within_user = params.flag("withinUserHierarchy").unwrap_or(false);
    let text_query = params.get("query").map(str::to_lowercase);
    let mut matching: Vec<&MetadataObject> = store
        .of_kind(kind)
        .filter(|object| {
            if filters.is_empty() {
                return true;
            }
            if or_junction {
                filters
                    .iter()
                    .any(|filter| filter.matches(store, &object.json))
            } else {
                filters
                    .iter()
                    .all(|filter| filter.matches(store, &object.json))
            }
        })
        .filter(|object| {
            if kind != Kind::OrganisationUnit {
                return true;
            }
            let object_level = object
                .json
                .get("level")
                .and_then(Value::as_u64)
                .unwrap_or(1);
            if level.is_some_and(|level| object_level != level)
                || max_level.is_some_and(|max| object_level > max)
            {
                return false;
            }
            if user_only
                && !user
                    .organisation_units
                    .iter()
                    .any(|uid| uid == object.uid())
            {
                return false;
            }
            if user_data_view_fallback
                && !user.view_org_units().iter().any(|uid| uid == object.uid())
            {
                return false;
            }
            if user_data_view_only
                && !user
                    .data_view_organisation_units
                    .iter()
                    .any(|uid| uid == object.uid())
            {
                return false;
            }
            if within_user && !within_user_hierarchy(object, &user.organisation_units) {
                return false;
            }
            if let Some(text) = &text_query {
                let matches = [object.text("name"), object.text("code"), Some(object.uid())]
                    .into_iter()
                    .flatten()
                    .any(|value| value.to_lowercase().contains(text.as_str()));
                if !matches {
                    return false;
                }
            }
            true
        })
        .collect();
    matching.sort_by(|left, right| {
        query::compare_objects(
            &order,
            (&left.json, left.internal_id),
            (&right.json, right.internal_id),
        )
    });
    let paging =
        params.flag("paging").unwrap_or(true) && !params.flag("skipPaging").unwrap_or(false);
    let total = matching.len();
    let mut output = Map::new();
    let selected: Vec<&MetadataObject> = if paging {
        let page = params
            .get("page")
            .and_then(|page| page.parse::<usize>().ok())
            .unwrap_or(1)
            .max(1);
        let page_size = params
            .get("pageSize")
            .and_then(|size| size.parse::<usize>().ok())
            .unwrap_or(50)
            .max(1);
        let link_base = format!(
            "{}/api/{}{}",
            context_path(headers),
            kind.collection(),
            info.suffix
        );
        let other_params: Vec<(String, String)> = params
            .pairs
            .iter()
            .filter(|(key, _)| key != "page" && key != "pageSize")
            .cloned()
            .collect();
        output.insert(
            "pager".into(),
            query::pager(page, page_size, total, &link_base, &other_params),
        );
        matching
            .into_iter()
            .skip((page - 1) * page_size)
            .take(page_size)
            .collect()
    } else {
        matching
    };
    let rendered: Vec<Value> = selected
        .iter()
        .map(|object| Value::Object(render_with_href(state, headers, object, &fields)))
        .collect();
    output.insert(kind.collection().into(), Value::Array(rendered));
    Ok(Value::Object(output))
}

fn render_with_href(
    state: &SharedState,
    headers: &HeaderMap,
    object: &MetadataObject,
    fields: &[FieldSpec],
) -> Map<String, Value> {
    let wants_href = fields.iter().any(|spec| match spec {
        FieldSpec::All => true,
        FieldSpec::Named { name, .. } => name == "href",
        FieldSpec::Exclude(_) => false,
    }) && !fields
        .iter()
        .any(|spec| matches!(spec, FieldSpec::Exclude(name) if name == "href"));
    if wants_href {
        let mut json = object.json.clone();
        json.insert(
            "href".into(),
            Value::String(format!(
                "{}/api/{}/{}",
                context_path(headers),
                object.kind.collection(),
                object.uid()
            )),
        );
        return query::render(&state.metadata(), &json, fields);
    }
    query::render(&state.metadata(), &object.json, fields)
}

async fn single(
    State(state): State<SharedState>,
    Path((collection, id)): Path<(String, String)>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let Some(kind) = Kind::from_collection(&collection) else {
        return unknown_collection();
    };
    let metadata = state.metadata();
    let Some(object) = metadata.get_of_kind(kind, &id) else {
        return ApiError::not_found(
            format!("{} with id {id} could not be found.", kind.type_name()),
            state.behaviour.generic_error_codes,
        )
        .into_response();
    };
    let params = QueryParams::from_uri(&uri);
    let fields_text = {
        let all = params.all("fields");
        if all.is_empty() {
            "*".to_string()
        } else {
            all.join(",")
        }
    };
    let fields = query::parse_fields(&fields_text);
    if kind == Kind::OrganisationUnit
        && let Some(related) = related_org_units(&metadata, object, &params)
    {
        let rendered: Vec<Value> = related
            .iter()
            .map(|unit| Value::Object(render_with_href(&state, &headers, unit, &fields)))
            .collect();
        return Json(serde_json::json!({ "organisationUnits": rendered })).into_response();
    }
    Json(Value::Object(render_with_href(
        &state, &headers, object, &fields,
    )))
    .into_response()
}

/// `includeChildren`, `includeDescendants`, `includeAncestors` and `level` of a single org unit
/// (reference §3.4): the unit plus the requested relatives, as a list.
fn related_org_units<'a>(
    store: &'a crate::metadata::MetadataStore,
    unit: &'a MetadataObject,
    params: &QueryParams,
) -> Option<Vec<&'a MetadataObject>> {
    let path = unit.text("path").unwrap_or_default().to_string();
    let own_level = unit.json.get("level").and_then(Value::as_u64).unwrap_or(1);
    if params.flag("includeChildren").unwrap_or(false) {
        let mut units = vec![unit];
        units.extend(
            unit.reference_ids("children")
                .iter()
                .filter_map(|uid| store.get(uid)),
        );
        return Some(units);
    }
    if params.flag("includeDescendants").unwrap_or(false) {
        return Some(
            store
                .of_kind(Kind::OrganisationUnit)
                .filter(|candidate| {
                    candidate
                        .text("path")
                        .is_some_and(|candidate_path| candidate_path.starts_with(&path))
                })
                .collect(),
        );
    }
    if params.flag("includeAncestors").unwrap_or(false) {
        let mut units: Vec<&MetadataObject> = unit
            .reference_ids("ancestors")
            .iter()
            .filter_map(|uid| store.get(uid))
            .collect();
        units.push(unit);
        return Some(units);
    }
    if let Some(relative_level) = params
        .get("level")
        .and_then(|level| level.parse::<u64>().ok())
    {
        return Some(
            store
                .of_kind(Kind::OrganisationUnit)
                .filter(|candidate| {
                    candidate
                        .text("path")
                        .is_some_and(|candidate_path| candidate_path.starts_with(&path))
                        && candidate.json.get("level").and_then(Value::as_u64)
                            == Some(own_level + relative_level)
                })
                .collect(),
        );
    }
    None
}
