//! Installed apps (reference §1.5): upload of App Manager zips, listing, deletion and serving the
//! app's files with the serve-time manifest `href` rewrite and the HTML base URL placeholders.
//!
//! Files are extracted under `<data_dir>/apps/<key>/`; the parsed manifest lives in SQLite. A zip
//! that unpacks to more than [`APP_ZIP_LIMITS`] is refused (409) before it is written.

use std::io::{Cursor, Read};
use std::path::{Component, PathBuf};

use crate::web_message::found;
use axum::Json;
use axum::Router;
use axum::extract::{Extension, Multipart, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get};
use serde_json::{Map, Value, json};

use super::{QueryParams, context_path};
use crate::auth::CurrentUser;
use crate::state::{AppState, SharedState};
use crate::users::User;
use crate::version::HtmlPlaceholders;
use crate::web_message::{ApiError, ApiResult};

/// Routes of this module.
pub fn routes() -> Router<SharedState> {
    Router::new()
        .route(
            "/api/apps",
            get(list_apps).post(install_app).put(reload_apps),
        )
        .route("/api/apps/{key}", delete(delete_app).get(redirect_to_app))
        .route("/api/apps/{key}/", get(serve_app_root))
        .route("/api/apps/{key}/{*path}", get(serve_app_file))
}

/// An installed app.
#[derive(Debug, Clone)]
pub struct InstalledApp {
    /// App key (URL segment).
    pub key: String,
    /// Folder name under the apps directory.
    pub folder: String,
    /// The parsed manifest.
    pub manifest: Map<String, Value>,
}

impl InstalledApp {
    /// Display name.
    pub fn name(&self) -> String {
        self.manifest
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or(&self.key)
            .to_string()
    }

    /// `short_name ?? name`.
    pub fn short_name(&self) -> String {
        self.manifest
            .get("short_name")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| self.name())
    }

    /// `launch_path` without a leading slash (default `index.html`).
    pub fn launch_path(&self) -> &str {
        self.manifest
            .get("launch_path")
            .and_then(Value::as_str)
            .unwrap_or("index.html")
            .trim_start_matches('/')
    }

    /// Reserved dataStore namespace, if any.
    pub fn namespace(&self) -> Option<String> {
        self.manifest
            .get("activities")
            .and_then(|activities| activities.get("dhis"))
            .and_then(|dhis| dhis.get("namespace"))
            .and_then(Value::as_str)
            .map(str::to_string)
    }

    /// The authority that lets a user open the app (`M_` + cleaned name).
    pub fn see_app_authority(&self) -> String {
        see_app_authority(&self.short_name())
    }

    /// The App JSON of `GET /api/apps`.
    pub fn to_json(&self, context: &str) -> Value {
        let mut object = self.manifest.clone();
        let base_url = format!("{context}/api/apps/{}", self.key);
        object.insert("key".into(), json!(self.key));
        object.insert("bundled".into(), json!(false));
        object.insert("folderName".into(), json!(format!("apps/{}", self.folder)));
        object.insert(
            "launchUrl".into(),
            json!(format!("{base_url}/{}", self.launch_path())),
        );
        object.insert("baseUrl".into(), json!(base_url));
        object.insert("appStorageSource".into(), json!("JCLOUDS"));
        object.insert("appState".into(), json!("OK"));
        object.entry("appType").or_insert(json!("APP"));
        object
            .entry("short_name")
            .or_insert(json!(self.short_name()));
        object.insert(
            "coreApp".into(),
            json!(
                object
                    .get("core_app")
                    .and_then(Value::as_bool)
                    .unwrap_or(false)
            ),
        );
        object.remove("locales");
        Value::Object(object)
    }
}

/// App key: `short_name ?? name`, trimmed, chars outside `[A-Za-z0-9\s-]` removed, whitespace runs → `-`.
pub fn app_key(name: &str) -> String {
    let cleaned: String = name
        .trim()
        .chars()
        .filter(|character| {
            character.is_ascii_alphanumeric() || character.is_whitespace() || *character == '-'
        })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join("-")
}

/// See-app authority: `M_` + name with chars outside `[a-zA-Z0-9\s]` removed, whitespace → `_`.
pub fn see_app_authority(name: &str) -> String {
    let cleaned: String = name
        .trim()
        .chars()
        .filter(|character| character.is_ascii_alphanumeric() || character.is_whitespace())
        .collect();
    format!(
        "M_{}",
        cleaned.split_whitespace().collect::<Vec<_>>().join("_")
    )
}

fn parse_app(key: String, folder: String, manifest_text: &str) -> Option<InstalledApp> {
    let manifest = serde_json::from_str::<Map<String, Value>>(manifest_text).ok()?;
    Some(InstalledApp {
        key,
        folder,
        manifest,
    })
}

/// Every installed app, by key.
pub fn installed_apps(state: &AppState) -> ApiResult<Vec<InstalledApp>> {
    let connection = state.database()?;
    let mut statement =
        connection.prepare("SELECT key, folder, manifest FROM installed_app ORDER BY key")?;
    let rows = statement.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
        ))
    })?;
    let mut apps = Vec::new();
    for row in rows {
        let (key, folder, manifest) = row?;
        if let Some(app) = parse_app(key, folder, &manifest) {
            apps.push(app);
        }
    }
    Ok(apps)
}

/// The app with `key`, or else with exact `short_name`.
pub fn find_app(state: &AppState, key: &str) -> ApiResult<Option<InstalledApp>> {
    let apps = installed_apps(state)?;
    if let Some(app) = apps.iter().find(|app| app.key == key) {
        return Ok(Some(app.clone()));
    }
    Ok(apps
        .into_iter()
        .find(|app| app.manifest.get("short_name").and_then(Value::as_str) == Some(key)))
}

fn can_manage_apps(user: &User) -> bool {
    user.has_authority("M_dhis-web-app-management")
}

fn forbidden(state: &SharedState) -> ApiError {
    ApiError::forbidden(
        if state.behaviour.forbidden_names_authority {
            "Access is denied, requires one Authority from [M_dhis-web-app-management]"
        } else {
            "Access is denied"
        },
        state.behaviour.generic_error_codes,
    )
}

async fn list_apps(
    State(state): State<SharedState>,
    headers: HeaderMap,
    uri: Uri,
) -> ApiResult<Json<Value>> {
    let apps = installed_apps(&state)?;
    let context = context_path(&headers);
    let params = QueryParams::from_uri(&uri);
    let filters: Vec<(String, String, String)> = params
        .all("filter")
        .iter()
        .filter_map(|filter| {
            let mut parts = filter.splitn(3, ':');
            Some((
                parts.next()?.to_string(),
                parts.next()?.to_string(),
                parts.next().unwrap_or_default().to_string(),
            ))
        })
        .collect();
    let listed: Vec<Value> = apps
        .iter()
        .map(|app| app.to_json(&context))
        .filter(|app| {
            filters.iter().all(|(property, operator, value)| {
                let field = match property.as_str() {
                    "shortName" => "short_name",
                    other => other,
                };
                let actual = app.get(field).and_then(Value::as_str).unwrap_or_default();
                match operator.as_str() {
                    "eq" => actual == value,
                    "ilike" => actual.to_lowercase().contains(&value.to_lowercase()),
                    _ => true,
                }
            })
        })
        .collect();
    Ok(Json(Value::Array(listed)))
}

async fn reload_apps() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

/// AppStatus message texts (i18n of the status keys; wording UNVERIFIED beyond the keys).
fn install_conflict(message: &str) -> ApiError {
    ApiError::new(StatusCode::CONFLICT, message, None)
}

struct ExtractedZip {
    manifest: Map<String, Value>,
    files: Vec<(String, Vec<u8>)>,
}

/// How much an app zip may unpack to: a zip bomb (a few kilobytes that inflate to gigabytes, or
/// millions of empty entries) is refused before it fills the memory or the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZipLimits {
    /// Most bytes all entries together may inflate to.
    pub max_unpacked_bytes: u64,
    /// Most entries (files and folders).
    pub max_entries: usize,
}

/// The limits of `POST /api/apps`: 256 MiB unpacked (an app is a few MB; DHIS2's own bundled
/// apps stay under 30 MB) and 10,000 entries.
pub const APP_ZIP_LIMITS: ZipLimits = ZipLimits {
    max_unpacked_bytes: 256 * 1024 * 1024,
    max_entries: 10_000,
};

fn too_large(limits: &ZipLimits) -> ApiError {
    install_conflict(&format!(
        "Zip file could not be read: it unpacks to more than {} MB or holds more than {} entries",
        limits.max_unpacked_bytes / (1024 * 1024),
        limits.max_entries
    ))
}

fn read_zip(bytes: &[u8], limits: &ZipLimits) -> Result<ExtractedZip, ApiError> {
    let unreadable = || install_conflict("Zip file could not be read");
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| unreadable())?;
    if archive.len() > limits.max_entries {
        return Err(too_large(limits));
    }
    let mut files = Vec::new();
    let mut unpacked: u64 = 0;
    for index in 0..archive.len() {
        let entry = archive.by_index(index).map_err(|_| unreadable())?;
        if entry.is_dir() {
            continue;
        }
        let name = entry.name().to_string();
        let left = limits.max_unpacked_bytes.saturating_sub(unpacked);
        // The declared size can lie: read at most what is left, plus one byte to notice more.
        if entry.size() > left {
            return Err(too_large(limits));
        }
        let mut content = Vec::new();
        entry
            .take(left.saturating_add(1))
            .read_to_end(&mut content)
            .map_err(|_| unreadable())?;
        unpacked = unpacked.saturating_add(content.len() as u64);
        if unpacked > limits.max_unpacked_bytes {
            return Err(too_large(limits));
        }
        files.push((name, content));
    }
    // manifest.webapp at the root, or inside a single top-level folder.
    let top_level: Vec<&str> = files
        .iter()
        .map(|(name, _)| name.split('/').next().unwrap_or_default())
        .collect();
    let has_root_manifest = files.iter().any(|(name, _)| name == "manifest.webapp");
    let prefix = if has_root_manifest {
        String::new()
    } else {
        let first = top_level.first().copied().unwrap_or_default();
        let single_folder = !first.is_empty()
            && files
                .iter()
                .all(|(name, _)| name.starts_with(&format!("{first}/")));
        if single_folder {
            format!("{first}/")
        } else {
            return Err(install_conflict("Missing manifest"));
        }
    };
    let manifest_bytes = files
        .iter()
        .find(|(name, _)| *name == format!("{prefix}manifest.webapp"))
        .map(|(_, content)| content.clone())
        .ok_or_else(|| install_conflict("Missing manifest"))?;
    let manifest: Map<String, Value> = serde_json::from_slice(&manifest_bytes)
        .map_err(|_| install_conflict("Invalid JSON in app manifest file"))?;
    if manifest
        .get("name")
        .and_then(Value::as_str)
        .is_none_or(|name| name.trim().is_empty())
    {
        return Err(install_conflict("Invalid JSON in app manifest file"));
    }
    let files = files
        .into_iter()
        .filter_map(|(name, content)| {
            name.strip_prefix(&prefix)
                .map(|stripped| (stripped.to_string(), content))
        })
        .collect();
    Ok(ExtractedZip { manifest, files })
}

fn safe_relative_path(name: &str) -> Option<PathBuf> {
    let path = PathBuf::from(name);
    path.components()
        .all(|component| matches!(component, Component::Normal(_)))
        .then_some(path)
}

async fn install_app(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> ApiResult<Response> {
    if !can_manage_apps(&user) {
        return Err(forbidden(&state));
    }
    let bad_request =
        |error: String| ApiError::bad_request(error, state.behaviour.generic_error_codes);
    let mut upload: Option<(String, Vec<u8>)> = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|error| bad_request(error.to_string()))?
    {
        if field.name() == Some("file") {
            let file_name = field.file_name().unwrap_or("app.zip").to_string();
            let bytes = field
                .bytes()
                .await
                .map_err(|error| bad_request(error.to_string()))?;
            upload = Some((file_name, bytes.to_vec()));
        }
    }
    let Some((file_name, bytes)) = upload else {
        return Err(bad_request(
            "Required request part 'file' is not present".into(),
        ));
    };
    let app = install(&state, &file_name, &bytes)?;
    Ok(if state.behaviour.app_install_returns_created {
        (
            StatusCode::CREATED,
            Json(app.to_json(&context_path(&headers))),
        )
            .into_response()
    } else {
        StatusCode::NO_CONTENT.into_response()
    })
}

/// Installs an app zip; replaces an installed app with the same key.
pub fn install(state: &AppState, file_name: &str, bytes: &[u8]) -> ApiResult<InstalledApp> {
    let extracted = read_zip(bytes, &APP_ZIP_LIMITS)?;
    let short_name = extracted
        .manifest
        .get("short_name")
        .and_then(Value::as_str)
        .or_else(|| extracted.manifest.get("name").and_then(Value::as_str))
        .unwrap_or_default()
        .to_string();
    let key = app_key(&short_name);
    if key.is_empty() {
        return Err(install_conflict("Invalid JSON in app manifest file"));
    }
    let folder = file_name.trim_end_matches(".zip").to_string();
    let app = InstalledApp {
        key: key.clone(),
        folder: if folder.is_empty() {
            key.clone()
        } else {
            folder
        },
        manifest: extracted.manifest,
    };
    if let Some(namespace) = app.namespace() {
        let in_use = installed_apps(state)?.iter().any(|other| {
            other.key != key && other.namespace().as_deref() == Some(namespace.as_str())
        });
        if in_use {
            return Err(install_conflict("Namespace defined in manifest is in use"));
        }
    }
    let app_dir = state.apps_dir().join(&key);
    let failed = |_| install_conflict("App could not be installed on file system");
    if app_dir.exists() {
        std::fs::remove_dir_all(&app_dir).map_err(failed)?;
    }
    for (name, content) in &extracted.files {
        let Some(relative) = safe_relative_path(name) else {
            continue;
        };
        let target = app_dir.join(relative);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(failed)?;
        }
        std::fs::write(&target, content).map_err(failed)?;
    }
    state.database()?.execute(
        "INSERT INTO installed_app (key, folder, manifest, installed) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT(key) DO UPDATE SET folder = excluded.folder, manifest = excluded.manifest, installed = excluded.installed",
        rusqlite::params![
            app.key,
            app.folder,
            Value::Object(app.manifest.clone()).to_string(),
            state.clock.now_millis()
        ],
    )?;
    Ok(app)
}

async fn delete_app(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(key): Path<String>,
    uri: Uri,
) -> ApiResult<Response> {
    if !can_manage_apps(&user) {
        return Err(forbidden(&state));
    }
    let Some(app) = find_app(&state, &key)? else {
        return Err(ApiError::not_found(
            format!("App does not exist: {key}"),
            state.behaviour.generic_error_codes,
        ));
    };
    let connection = state.database()?;
    connection.execute("DELETE FROM installed_app WHERE key = ?1", [&app.key])?;
    let delete_data = QueryParams::from_uri(&uri)
        .flag("deleteAppData")
        .unwrap_or(false);
    if delete_data && let Some(namespace) = app.namespace() {
        connection.execute(
            "DELETE FROM datastore_entry WHERE namespace = ?1",
            [&namespace],
        )?;
    }
    drop(connection);
    let _ = std::fs::remove_dir_all(state.apps_dir().join(&app.key));
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn redirect_to_app(Path(key): Path<String>) -> Response {
    found(&format!("/api/apps/{key}/")).into_response()
}

async fn serve_app_root(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path(key): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    serve(&state, &user, &key, "", &headers)
}

async fn serve_app_file(
    State(state): State<SharedState>,
    Extension(CurrentUser(user)): Extension<CurrentUser>,
    Path((key, path)): Path<(String, String)>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    serve(&state, &user, &key, &path, &headers)
}

/// Content type by file extension.
pub fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html;charset=UTF-8",
        "js" | "mjs" => "text/javascript;charset=UTF-8",
        "css" => "text/css;charset=UTF-8",
        "json" | "webapp" | "map" => "application/json;charset=UTF-8",
        "wasm" => "application/wasm",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "txt" => "text/plain;charset=UTF-8",
        "xml" => "application/xml",
        _ => "application/octet-stream",
    }
}

/// An installed app's file for a user who may open the app (`manifest.webapp` and HTML pages
/// with the version's placeholders filled in).
fn serve(
    state: &SharedState,
    user: &User,
    key: &str,
    path: &str,
    headers: &HeaderMap,
) -> ApiResult<Response> {
    let app = find_app(state, key)?.ok_or_else(|| {
        ApiError::not_found(
            format!("App '{key}' not found."),
            state.behaviour.generic_error_codes,
        )
    })?;
    if !user.is_superuser()
        && !user.has_authority(&app.see_app_authority())
        && !can_manage_apps(user)
    {
        return Err(ApiError::forbidden(
            format!("You don't have access to application {key}."),
            state.behaviour.generic_error_codes,
        ));
    }
    let context = context_path(headers);
    let resource = if path.is_empty() || path.ends_with('/') {
        format!("{path}{}", app.launch_path())
    } else {
        path.to_string()
    };
    if resource == "manifest.webapp" {
        return Ok(manifest_response(state, &app, &context));
    }
    let Some(relative) = safe_relative_path(&resource) else {
        return Ok((StatusCode::NOT_FOUND, "Not Found").into_response());
    };
    let file = state.apps_dir().join(&app.key).join(relative);
    let Ok(content) = std::fs::read(&file) else {
        return Ok((StatusCode::NOT_FOUND, "Not Found").into_response());
    };
    let is_html = resource.ends_with(".html");
    let file_name = resource.rsplit('/').next().unwrap_or_default();
    let substitute = match state.behaviour.html_placeholders {
        HtmlPlaceholders::None => false,
        HtmlPlaceholders::IndexAndPlugin => {
            is_html && (file_name == "index.html" || file_name == "plugin.html")
        }
        HtmlPlaceholders::AllHtml => is_html,
    };
    let body = if substitute {
        let text = String::from_utf8_lossy(&content)
            .replace("__DHIS2_BASE_URL__", &context)
            .replace(
                "__DHIS2_APP_ROOT_URL__",
                &format!("{context}/api/apps/{}", app.key),
            );
        text.into_bytes()
    } else {
        content
    };
    let content_type = content_type(&resource);
    let mut response = match gzipped(headers, content_type, &body) {
        Some(compressed) => {
            let mut response = compressed.into_response();
            response
                .headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            response
        }
        None => body.into_response(),
    };
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    Ok(response)
}

/// `body` gzipped when the client accepts gzip and the type compresses (text and WebAssembly),
/// as the web server in front of a production DHIS2 does for static files: the app's first load
/// on a slow link is measured (tests/e2e/first_load.rs) with the bytes a real instance sends.
fn gzipped(headers: &HeaderMap, content_type: &str, body: &[u8]) -> Option<Vec<u8>> {
    use std::io::Write;
    let accepts_gzip = headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|coding| coding.split(';').next().unwrap_or_default().trim() == "gzip");
    let compresses = content_type.starts_with("text/")
        || content_type.starts_with("application/json")
        || content_type == "application/wasm"
        || content_type == "image/svg+xml";
    if !accepts_gzip || !compresses || body.len() < 1024 {
        return None;
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(body).ok()?;
    encoder.finish().ok()
}

fn manifest_response(state: &SharedState, app: &InstalledApp, context: &str) -> Response {
    let mut manifest = app.manifest.clone();
    if let Some(dhis) = manifest
        .get_mut("activities")
        .and_then(|activities| activities.get_mut("dhis"))
        .and_then(Value::as_object_mut)
    {
        let is_star = dhis.get("href").and_then(Value::as_str) == Some("*");
        if is_star || state.behaviour.manifest_href_rewrite_any {
            dhis.insert("href".into(), json!(context));
        }
    }
    let mut response = Json(Value::Object(manifest)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=UTF-8"),
    );
    response
}

/// Whether the app key is installed (used by dataStore protection).
pub fn namespace_owner(state: &AppState, namespace: &str) -> ApiResult<Option<InstalledApp>> {
    Ok(installed_apps(state)?
        .into_iter()
        .find(|app| app.namespace().as_deref() == Some(namespace)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn app_files_are_gzipped_only_for_clients_that_accept_gzip() {
        use std::io::Read as _;
        let body = b"(module)".repeat(1000);
        let mut accepts = HeaderMap::new();
        accepts.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_static("br, gzip;q=0.9"),
        );
        let compressed = gzipped(&accepts, "application/wasm", &body).expect("gzipped");
        assert!(compressed.len() < body.len() / 10);
        let mut inflated = Vec::new();
        flate2::read::GzDecoder::new(compressed.as_slice())
            .read_to_end(&mut inflated)
            .expect("valid gzip");
        assert_eq!(inflated, body);
        assert!(gzipped(&HeaderMap::new(), "application/wasm", &body).is_none());
        assert!(gzipped(&accepts, "image/png", &body).is_none());
    }

    #[test]
    fn s1_5_app_key_and_authority() {
        assert_eq!(app_key("My app!"), "My-app");
        assert_eq!(app_key("  aggregate-sync "), "aggregate-sync");
        assert_eq!(see_app_authority("Data Sync"), "M_Data_Sync");
        assert_eq!(see_app_authority("aggregate-sync"), "M_aggregatesync");
    }

    fn deflated_zip(files: &[(&str, Vec<u8>)]) -> Vec<u8> {
        use std::io::Write;
        let mut buffer = Cursor::new(Vec::new());
        let mut writer = zip::ZipWriter::new(&mut buffer);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in files {
            writer.start_file(*name, options).unwrap();
            writer.write_all(content).unwrap();
        }
        writer.finish().unwrap();
        buffer.into_inner()
    }

    const SMALL: ZipLimits = ZipLimits {
        max_unpacked_bytes: 1024 * 1024,
        max_entries: 5,
    };

    #[test]
    fn a_zip_that_inflates_past_the_limit_is_refused() {
        let manifest = br#"{"name":"Bomb"}"#.to_vec();
        // 2 MiB of zeros deflate to a few kilobytes.
        let bomb = deflated_zip(&[
            ("manifest.webapp", manifest.clone()),
            ("zeros.bin", vec![0u8; 2 * 1024 * 1024]),
        ]);
        assert!(bomb.len() < 20 * 1024, "{}", bomb.len());
        let error = read_zip(&bomb, &SMALL).err().unwrap();
        assert!(
            error.to_string().contains("Zip file could not be read"),
            "{error}"
        );
        // Entries each under the limit, together over it.
        let parts: Vec<(String, Vec<u8>)> = (0..4)
            .map(|index| (format!("part{index}.bin"), vec![0u8; 300 * 1024]))
            .collect();
        let mut files: Vec<(&str, Vec<u8>)> = vec![("manifest.webapp", manifest.clone())];
        files.extend(
            parts
                .iter()
                .map(|(name, content)| (name.as_str(), content.clone())),
        );
        assert!(read_zip(&deflated_zip(&files), &SMALL).is_err());
        // Under the limit it installs.
        let fine = deflated_zip(&[
            ("manifest.webapp", manifest),
            ("index.html", vec![b'x'; 1000]),
        ]);
        assert_eq!(read_zip(&fine, &SMALL).unwrap().files.len(), 2);
    }

    #[test]
    fn a_zip_with_too_many_entries_is_refused() {
        let names: Vec<String> = (0..6).map(|index| format!("f{index}.txt")).collect();
        let mut files: Vec<(&str, Vec<u8>)> =
            vec![("manifest.webapp", br#"{"name":"Many"}"#.to_vec())];
        files.extend(names.iter().map(|name| (name.as_str(), Vec::new())));
        let error = read_zip(&deflated_zip(&files), &SMALL).err().unwrap();
        assert!(error.to_string().contains("entries"), "{error}");
    }
}
