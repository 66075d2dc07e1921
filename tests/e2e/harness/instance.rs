//! dhis2-lite instances for tests: seeded once per test binary into a template data folder,
//! then copied for each test so tests never see each other's writes; the app is installed from
//! the release zip through `POST /api/apps`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use anyhow::{Context, Result, bail};
use dhis2_lite::{Dhis2Version, RunningServer, Seed, ServerConfig};
use serde_json::Value;

use super::wait::eventually;

/// The admin user every seed creates.
pub const ADMIN: (&str, &str) = ("admin", "district");

/// The app's key, derived from its manifest's `short_name`.
pub const APP_KEY: &str = "aggregate-sync";

/// How to start an instance.
#[derive(Clone, Debug)]
pub struct InstanceOptions {
    /// `demo` (source with data) or `empty` (destination).
    pub seed: &'static str,
    /// DHIS2 version to emulate.
    pub version: &'static str,
    /// Install the app zip after start.
    pub install_app: bool,
    /// How long a session may stay idle (dhis2-lite's default, an hour, when `None`).
    pub session_timeout: Option<std::time::Duration>,
}

impl Default for InstanceOptions {
    fn default() -> InstanceOptions {
        InstanceOptions {
            seed: "demo",
            version: "2.41",
            install_app: true,
            session_timeout: None,
        }
    }
}

/// A running dhis2-lite with its own copy of the seeded data.
pub struct Instance {
    running: Arc<Running>,
    base_url: String,
    http: reqwest::Client,
}

/// The server and its data folder, shared by an [`Instance`] and the [`InstanceHandle`]s that
/// stop it: the folder goes only when both are gone, after the server stopped.
struct Running {
    server: tokio::sync::Mutex<Option<RunningServer>>,
    data: tempfile::TempDir,
}

impl Running {
    async fn stop(&self) {
        if let Some(server) = self.server.lock().await.take() {
            server.shutdown().await;
        }
    }
}

/// What stops an instance from outside the test that owns it (the runner does, when the test
/// ends); stopping twice is harmless.
#[derive(Clone)]
pub struct InstanceHandle(Arc<Running>);

impl InstanceHandle {
    /// Stops the server, unless it was stopped already.
    pub async fn stop(&self) {
        self.0.stop().await;
    }
}

impl Instance {
    /// Starts an instance with `options`.
    pub async fn start(options: InstanceOptions) -> Result<Instance> {
        let template = template_for(options.seed, options.version).await?;
        let data = tempfile::Builder::new().prefix("aggsync-e2e-").tempdir()?;
        copy_dir(&template, data.path())?;
        let mut config = ServerConfig::new(data.path().to_path_buf());
        config.port = 0;
        config.seed = options
            .seed
            .parse::<Seed>()
            .map_err(|error| anyhow::anyhow!("{error:?}"))?;
        config.version = parse_version(options.version)?;
        config.allow_loopback_routes = true;
        config.clock_start = Some(dhis2_lite::clock::test_clock_start()?);
        config.allow_clock_api = true;
        // Faults are only injected when a test asks for them (`Instance::faults`).
        config.allow_fault_api = true;
        if let Some(timeout) = options.session_timeout {
            config.session_timeout = timeout;
        }
        let server = dhis2_lite::start(config).await?;
        let instance = Instance {
            base_url: server.base_url(),
            running: Arc::new(Running {
                server: tokio::sync::Mutex::new(Some(server)),
                data,
            }),
            http: reqwest::Client::new(),
        };
        if options.install_app {
            instance.install_app().await?;
        }
        Ok(instance)
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// A handle that stops this instance.
    pub fn handle(&self) -> InstanceHandle {
        InstanceHandle(self.running.clone())
    }

    /// The app's start page on this instance.
    pub fn app_url(&self) -> String {
        format!("{}/api/apps/{APP_KEY}/index.html", self.base_url())
    }

    /// Installs the release zip through `POST /api/apps` (multipart field `file`).
    pub async fn install_app(&self) -> Result<()> {
        let zip = app_zip()?;
        let bytes = std::fs::read(&zip).with_context(|| format!("reading {}", zip.display()))?;
        let file_name = zip
            .file_name()
            .map(|name| name.to_string_lossy().into_owned());
        let part = reqwest::multipart::Part::bytes(bytes)
            .file_name(file_name.unwrap_or_default())
            .mime_str("application/zip")?;
        let form = reqwest::multipart::Form::new().part("file", part);
        let response = self
            .http
            .post(format!("{}/api/apps", self.base_url()))
            .basic_auth(ADMIN.0, Some(ADMIN.1))
            .multipart(form)
            .send()
            .await?;
        if !response.status().is_success() {
            bail!(
                "installing the app failed: {} {}",
                response.status(),
                response.text().await?
            );
        }
        Ok(())
    }

    /// The stored report `id` with its value-level detail put back as the app does it
    /// (`store::reports::load_report`): the detail lives in `report-<id>-detail`, a dataStore key
    /// private to the runner (2.41+) or the runner's user data store, which the superuser reads
    /// with `?username=`.
    pub async fn stored_report(&self, id: &str) -> Result<Value> {
        let mut report = self
            .api_get(&format!("dataStore/aggregate-sync/report-{id}"))
            .await?;
        let run_by = report["runBy"].as_str().unwrap_or_default().to_string();
        let detail = match report["detail"].as_str() {
            Some("SHARED_KEY") => {
                self.api_get(&format!("dataStore/aggregate-sync/report-{id}-detail"))
                    .await?
            }
            Some("USER_DATA_STORE") => {
                self.api_get(&format!(
                    "userDataStore/aggregate-sync/report-{id}-detail?username={run_by}"
                ))
                .await?
            }
            _ => return Ok(report),
        };
        merge_report_detail(&mut report, &detail);
        Ok(report)
    }

    /// GETs `/api/<path_and_query>` as admin and returns the JSON.
    pub async fn api_get(&self, path_and_query: &str) -> Result<Value> {
        let response = self
            .http
            .get(format!("{}/api/{path_and_query}", self.base_url()))
            .basic_auth(ADMIN.0, Some(ADMIN.1))
            .send()
            .await?;
        let status = response.status();
        let body = response.text().await?;
        if !status.is_success() {
            bail!("GET /api/{path_and_query} answered {status}: {body}");
        }
        Ok(serde_json::from_str(&body)?)
    }

    /// Sends `method /api/<path_and_query>` as admin with an optional JSON body; returns the
    /// status code and the body text, whatever the status.
    pub async fn api_send(
        &self,
        method: reqwest::Method,
        path_and_query: &str,
        body: Option<&Value>,
    ) -> Result<(u16, String)> {
        let mut request = self
            .http
            .request(method, format!("{}/api/{path_and_query}", self.base_url()))
            .basic_auth(ADMIN.0, Some(ADMIN.1));
        if let Some(body) = body {
            request = request
                .header("Content-Type", "application/json")
                .body(serde_json::to_string(body)?);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        Ok((status, response.text().await?))
    }

    /// POSTs JSON to `/api/<path_and_query>` as admin; fails unless the answer is a success.
    pub async fn api_post(&self, path_and_query: &str, body: &Value) -> Result<()> {
        let (status, text) = self
            .api_send(reqwest::Method::POST, path_and_query, Some(body))
            .await?;
        if !(200..300).contains(&status) {
            bail!("POST /api/{path_and_query} answered {status}: {text}");
        }
        Ok(())
    }

    /// PUTs JSON to `/api/<path_and_query>` as admin; fails unless the answer is a success.
    pub async fn api_put(&self, path_and_query: &str, body: &Value) -> Result<()> {
        let (status, text) = self
            .api_send(reqwest::Method::PUT, path_and_query, Some(body))
            .await?;
        if !(200..300).contains(&status) {
            bail!("PUT /api/{path_and_query} answered {status}: {text}");
        }
        Ok(())
    }

    /// Gives `username` exactly `authorities`, as an administrator changing the user's roles
    /// would; takes effect on the user's next request.
    pub fn set_authorities(&self, username: &str, authorities: &[&str]) -> Result<()> {
        self.update_user(username, |user| {
            user.authorities = authorities.iter().map(|item| item.to_string()).collect();
        })
    }

    /// Gives `username` exactly `org_units` as data capture org units, as an administrator
    /// editing the user would (the data view org units stay what they were, so the user still
    /// reads everything it read); takes effect on the user's next request.
    pub fn set_capture_org_units(&self, username: &str, org_units: &[&str]) -> Result<()> {
        self.update_user(username, |user| {
            if user.data_view_organisation_units.is_empty() {
                user.data_view_organisation_units = user.organisation_units.clone();
            }
            user.organisation_units = org_units.iter().map(|unit| unit.to_string()).collect();
        })
    }

    fn update_user(
        &self,
        username: &str,
        change: impl FnOnce(&mut dhis2_lite::users::User),
    ) -> Result<()> {
        let connection = dhis2_lite::db::open(self.running.data.path())?;
        let mut user = dhis2_lite::users::find_user(&connection, username)?
            .with_context(|| format!("no user {username}"))?;
        change(&mut user);
        let json = serde_json::to_string(&user)?.replace('\'', "''");
        let name = username.replace('\'', "''");
        connection.execute_batch(&format!(
            "UPDATE app_user SET json = '{json}' WHERE username = '{name}'"
        ))?;
        Ok(())
    }

    /// The HTTP status of `GET /api/<path_and_query>` as admin (to check that something is gone).
    pub async fn api_status(&self, path_and_query: &str) -> Result<u16> {
        Ok(self
            .api_send(reqwest::Method::GET, path_and_query, None)
            .await?
            .0)
    }

    /// The HTTP status of `GET <path>` (from the server root) as `username`.
    pub async fn status_as(&self, username: &str, password: &str, path: &str) -> Result<u16> {
        let response = self
            .http
            .get(format!("{}{path}", self.base_url()))
            .basic_auth(username, Some(password))
            .send()
            .await?;
        Ok(response.status().as_u16())
    }

    /// Waits until the server's clock (`serverDate`) is in a later second than when called, so
    /// what is saved next has a later `lastUpdated` even at a second's resolution.
    pub async fn wait_for_the_next_second(&self) -> Result<()> {
        let second_of = |info: &Value| -> Result<String> {
            let date = info["serverDate"].as_str().context("serverDate")?;
            Ok(date.get(..19).unwrap_or(date).to_string())
        };
        let start = second_of(&self.api_get("system/info").await?)?;
        eventually(
            &format!("the server's clock to pass {start}"),
            super::browser::WAIT,
            async || {
                let now = second_of(&self.api_get("system/info").await?)?;
                Ok((now > start).then_some(()))
            },
        )
        .await
    }

    /// Replaces dhis2-lite's fault rules (`PUT /api/testing/faults`, a JSON array of rules):
    /// failures a test makes happen on purpose, deterministically, instead of racing a run.
    pub async fn faults(&self, rules: Value) -> Result<()> {
        self.api_put("testing/faults", &rules).await
    }

    /// Clears the fault rules.
    pub async fn clear_faults(&self) -> Result<()> {
        let (status, text) = self
            .api_send(reqwest::Method::DELETE, "testing/faults", None)
            .await?;
        if !(200..300).contains(&status) {
            bail!("clearing faults answered {status}: {text}");
        }
        Ok(())
    }
}

fn parse_version(text: &str) -> Result<Dhis2Version> {
    text.parse::<Dhis2Version>()
        .map_err(|error| anyhow::anyhow!("bad version {text}: {error:?}"))
}

/// The release zip of the app, built by scripts/build-app.sh.
pub fn app_zip() -> Result<PathBuf> {
    if let Ok(path) = std::env::var("AGGSYNC_APP_ZIP") {
        return Ok(PathBuf::from(path));
    }
    let zip = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("dist")
        .join(format!("aggregate-sync-{}.zip", env!("CARGO_PKG_VERSION")));
    if !zip.exists() {
        bail!(
            "{} is missing: run scripts/build-app.sh (or scripts/test.sh) first",
            zip.display()
        );
    }
    Ok(zip)
}

/// A seeded data folder per (seed, version), made once per test binary.
async fn template_for(seed: &str, version: &str) -> Result<PathBuf> {
    static TEMPLATES: OnceLock<Mutex<HashMap<String, PathBuf>>> = OnceLock::new();
    static SEEDING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    let key = format!("{seed}-{version}");
    let _one_at_a_time = SEEDING.lock().await;
    let templates = TEMPLATES.get_or_init(Default::default);
    if let Some(path) = templates
        .lock()
        .map_err(|_| anyhow::anyhow!("poisoned"))?
        .get(&key)
    {
        return Ok(path.clone());
    }
    let root = dhis2_lite::scratch::process_root("aggsync-e2e-templates");
    let path = root.join(&key);
    let _ = std::fs::remove_dir_all(&path);
    std::fs::create_dir_all(&path)?;
    let mut config = ServerConfig::new(path.clone());
    config.port = 0;
    config.seed = seed
        .parse::<Seed>()
        .map_err(|error| anyhow::anyhow!("{error:?}"))?;
    config.version = parse_version(version)?;
    config.clock_start = Some(dhis2_lite::clock::test_clock_start()?);
    let server = dhis2_lite::start(config).await?;
    server.shutdown().await;
    templates
        .lock()
        .map_err(|_| anyhow::anyhow!("poisoned"))?
        .insert(key, path.clone());
    Ok(path)
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// Puts a report's detail (`leftBehind`, `conflicts`, `rawResponses` by chunk position) back
/// into the report's JSON.
pub fn merge_report_detail(report: &mut Value, detail: &Value) {
    for field in ["leftBehind", "conflicts"] {
        if let Some(items) = detail.get(field) {
            report[field] = items.clone();
        }
    }
    for raw in detail["rawResponses"].as_array().into_iter().flatten() {
        if let (Some(position), Some(text)) = (raw["position"].as_u64(), raw.get("text"))
            && let Some(chunk) = report["chunks"].get_mut(position as usize)
        {
            chunk["rawResponse"] = text.clone();
        }
    }
}
