//! Native runs of the engine against real dhis2-lite servers over HTTP: a source with the demo
//! data and an empty destination, the native transport and host, clocks pinned like every test
//! server (`AGGSYNC_TEST_CLOCK`). Each server works on its own copy of a database seeded once per
//! test binary. Helpers read what they expect from the servers' APIs, never hard-code seed values.
#![allow(dead_code, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Mutex;

use anyhow::{Context, Result, bail};
use dhis2_api::native::NativeTransport;
use dhis2_api::transport::Transport;
use dhis2_api::{Auth, DestinationClient, Dhis2Client};
use dhis2_lite::{RunningServer, Seed, ServerConfig};
use serde_json::{Value, json};
use sync_core::id_scheme::IdSchemes;
use sync_core::model::{
    Aggregation, CategoryOptionSelection, DataSelection, DataSetSelection, ImportStrategy,
    PeriodSelection, RULE_SCHEMA_VERSION, RouteScope, Rule, Settings, to_json,
};
use sync_engine::CancelToken;
use sync_engine::host::native::TokioHost;
use sync_engine::observer::Quiet;
use sync_engine::run::{Destination, RunRequest, RunResult, Runner, origin_of};

/// The seeded admin.
pub const ADMIN: (&str, &str) = ("admin", "district");

/// The id of the route to the destination that [`Pair::add_route`] creates on the source.
pub const ROUTE_ID: &str = "rOuteToDest";

/// A database seeded once per (seed, version) for this test binary.
fn template(seed: Seed, version: &str) -> PathBuf {
    static TEMPLATES: Mutex<Vec<(String, PathBuf)>> = Mutex::new(Vec::new());
    let key = format!("{seed}-{version}");
    let mut templates = TEMPLATES.lock().unwrap();
    if let Some((_, dir)) = templates.iter().find(|(name, _)| *name == key) {
        return dir.clone();
    }
    let dir =
        dhis2_lite::scratch::process_root("sync-engine-templates").join(key.replace(':', "-"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut config = ServerConfig::new(&dir);
    config.seed = seed;
    config.version = version.parse().unwrap();
    config.clock_start = Some(dhis2_lite::clock::test_clock_start().unwrap());
    drop(dhis2_lite::open_state(&config).unwrap());
    templates.push((key, dir.clone()));
    dir
}

/// A running dhis2-lite on its own copy of a seeded database.
pub struct Lite {
    server: Option<RunningServer>,
    _data: tempfile::TempDir,
    http: reqwest::Client,
}

impl Lite {
    /// Starts `version` with `seed` (fault and clock APIs on).
    pub async fn start(seed: Seed, version: &str) -> Result<Lite> {
        let data = tempfile::Builder::new()
            .prefix("sync-engine-test-")
            .tempdir()?;
        std::fs::copy(
            template(seed, version).join(dhis2_lite::db::DATABASE_FILE),
            data.path().join(dhis2_lite::db::DATABASE_FILE),
        )?;
        let mut config = ServerConfig::new(data.path());
        config.port = 0;
        config.seed = seed;
        config.version = version.parse().map_err(|e| anyhow::anyhow!("{e:?}"))?;
        config.clock_start = Some(dhis2_lite::clock::test_clock_start()?);
        config.allow_clock_api = true;
        config.allow_fault_api = true;
        // Routes to the other test server, which listens on loopback.
        config.allow_loopback_routes = true;
        let server = dhis2_lite::start(config).await?;
        Ok(Lite {
            server: Some(server),
            _data: data,
            http: reqwest::Client::new(),
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        self.server
            .as_ref()
            .map(RunningServer::base_url)
            .unwrap_or_default()
    }

    /// A client acting as the admin (Basic), over the native transport.
    pub fn client(&self) -> DestinationClient<NativeTransport> {
        self.client_over(NativeTransport::default())
    }

    /// A client acting as the admin (Basic), over `transport`.
    pub fn client_over<T>(&self, transport: T) -> DestinationClient<T> {
        Dhis2Client::direct(
            transport,
            self.url(),
            Auth::Basic {
                username: ADMIN.0.into(),
                password: ADMIN.1.into(),
            },
        )
    }

    /// `GET /api/<path>` as admin, JSON.
    pub async fn get(&self, path: &str) -> Result<Value> {
        let response = self
            .http
            .get(format!("{}/api/{path}", self.url()))
            .basic_auth(ADMIN.0, Some(ADMIN.1))
            .send()
            .await?;
        let status = response.status();
        let text = response.text().await?;
        if !status.is_success() {
            bail!("GET /api/{path} answered {status}: {text}");
        }
        Ok(serde_json::from_str(&text)?)
    }

    /// `method /api/<path>` as admin with a JSON body; the status and body text.
    pub async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &Value,
    ) -> Result<(u16, String)> {
        let response = self
            .http
            .request(method, format!("{}/api/{path}", self.url()))
            .basic_auth(ADMIN.0, Some(ADMIN.1))
            .json(body)
            .send()
            .await?;
        Ok((response.status().as_u16(), response.text().await?))
    }

    /// Replaces the fault rules (dhis2-lite's `PUT /api/testing/faults`).
    pub async fn faults(&self, rules: Value) -> Result<()> {
        let (status, text) = self
            .send(reqwest::Method::PUT, "testing/faults", &rules)
            .await?;
        if !(200..300).contains(&status) {
            bail!("setting faults answered {status}: {text}");
        }
        Ok(())
    }

    /// How often each fault rule hit.
    pub async fn fault_hits(&self) -> Result<Vec<u64>> {
        let listed = self.get("testing/faults").await?;
        Ok(listed
            .as_array()
            .or_else(|| listed["rules"].as_array())
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|rule| rule["hits"].as_u64().unwrap_or(0))
            .collect())
    }

    /// Saves the app's settings (engine limits: short timeouts in tests).
    pub async fn settings(&self, settings: &Settings) -> Result<()> {
        let value: Value = serde_json::from_str(&to_json(settings)?)?;
        let (status, text) = self
            .send(
                reqwest::Method::PUT,
                "dataStore/aggregate-sync/settings",
                &value,
            )
            .await?;
        if status == 404 {
            let (status, text) = self
                .send(
                    reqwest::Method::POST,
                    "dataStore/aggregate-sync/settings",
                    &value,
                )
                .await?;
            if !(200..300).contains(&status) {
                bail!("saving settings answered {status}: {text}");
            }
        } else if !(200..300).contains(&status) {
            bail!("saving settings answered {status}: {text}");
        }
        Ok(())
    }

    /// Stops the server.
    pub async fn stop(mut self) {
        if let Some(server) = self.server.take() {
            server.shutdown().await;
        }
    }
}

/// A data value's key and value, as the API lists it.
pub type Key = (String, String, String, String, String);

/// The values of a `dataValueSets` answer by key.
pub fn values_of(set: &Value) -> BTreeMap<Key, String> {
    set["dataValues"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|value| {
            let text = |name: &str| value[name].as_str().unwrap_or_default().to_string();
            (
                (
                    text("dataElement"),
                    text("period"),
                    text("orgUnit"),
                    text("categoryOptionCombo"),
                    text("attributeOptionCombo"),
                ),
                text("value"),
            )
        })
        .collect()
}

/// A demo source and an empty destination.
pub struct Pair {
    /// The source (demo seed).
    pub source: Lite,
    /// The destination (empty seed: the demo's metadata, no values).
    pub destination: Lite,
}

impl Pair {
    /// Both on `version`.
    pub async fn start(version: &str) -> Result<Pair> {
        Pair::start_versions(version, version).await
    }

    /// The source on `source` and the destination on `destination`.
    pub async fn start_versions(source: &str, destination: &str) -> Result<Pair> {
        Ok(Pair {
            source: Lite::start(Seed::Demo, source).await?,
            destination: Lite::start(Seed::Empty, destination).await?,
        })
    }

    /// The id of the data set named `name`.
    pub async fn data_set(&self, name: &str) -> Result<String> {
        let sets = self
            .source
            .get("dataSets?fields=id,name&paging=false")
            .await?;
        sets["dataSets"]
            .as_array()
            .and_then(|sets| sets.iter().find(|s| s["name"] == name))
            .and_then(|s| s["id"].as_str())
            .map(str::to_string)
            .with_context(|| format!("no data set named {name}"))
    }

    /// The org units at `level`.
    pub async fn level(&self, level: u32) -> Result<Vec<String>> {
        let units = self
            .source
            .get(&format!(
                "organisationUnits?level={level}&fields=id&paging=false"
            ))
            .await?;
        Ok(units["organisationUnits"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter_map(|unit| unit["id"].as_str().map(str::to_string))
            .collect())
    }

    /// The facilities (level 5) with values of `data_set` in `start..=end`, at most `count`.
    pub async fn facilities_with_data(
        &self,
        data_set: &str,
        start: &str,
        end: &str,
        count: usize,
    ) -> Result<Vec<String>> {
        let root = self.level(1).await?.first().cloned().context("no root")?;
        let set = self
            .source
            .get(&format!(
                "dataValueSets?dataSet={data_set}&startDate={start}&endDate={end}&orgUnit={root}&children=true"
            ))
            .await?;
        let mut units: Vec<String> = Vec::new();
        for (key, _) in values_of(&set) {
            if !units.contains(&key.2) {
                units.push(key.2);
            }
        }
        units.truncate(count);
        if units.is_empty() {
            bail!("no values of {data_set} between {start} and {end}");
        }
        Ok(units)
    }

    /// The values of `data_set` for `org_units` between the dates on `server`.
    pub async fn values(
        &self,
        server: &Lite,
        data_set: &str,
        org_units: &[String],
        start: &str,
        end: &str,
    ) -> Result<BTreeMap<Key, String>> {
        let units: String = org_units.iter().map(|u| format!("&orgUnit={u}")).collect();
        Ok(values_of(
            &server
                .get(&format!(
                    "dataValueSets?dataSet={data_set}&startDate={start}&endDate={end}{units}"
                ))
                .await?,
        ))
    }

    /// Creates the route [`ROUTE_ID`] on the source to the destination with the admin's
    /// password, covering `scope`: the destination's Web API (`<destination>/api/**`, the shape
    /// the app makes) or its whole server (`<destination>/**`, routes made before the app narrowed
    /// them); a client through it is `source_client.route_client(ROUTE_ID, scope)`.
    pub async fn add_route(&self, scope: RouteScope) -> Result<()> {
        let url = match scope {
            RouteScope::Api => format!("{}/api/**", self.destination.url()),
            RouteScope::Server => format!("{}/**", self.destination.url()),
        };
        let (status, text) = self
            .source
            .send(
                reqwest::Method::POST,
                "routes",
                &json!({
                    "id": ROUTE_ID,
                    "name": "Destination route",
                    "code": "DESTINATION_ROUTE",
                    "url": url,
                    "auth": {"type": "http-basic", "username": ADMIN.0, "password": ADMIN.1}
                }),
            )
            .await?;
        if !(200..300).contains(&status) {
            bail!("creating the route answered {status}: {text}");
        }
        Ok(())
    }

    /// Runs `rule` to the destination (a direct destination with the admin's password), with
    /// `cancel`.
    pub async fn run_with(&self, rule: &Rule, cancel: &CancelToken) -> RunResult {
        let source = self.source.client();
        let destination = self.destination.client();
        Pair::run_between(rule, &source, &destination, None, cancel).await
    }

    /// Runs `rule` to the destination without sending the values `unchanged` holds ("Skip
    /// unchanged values" after a comparison).
    pub async fn run_skipping(
        &self,
        rule: &Rule,
        unchanged: sync_engine::compare::UnchangedValues,
    ) -> RunResult {
        let source = self.source.client();
        let destination = self.destination.client();
        Pair::runner_between(
            rule,
            &source,
            &destination,
            None,
            &CancelToken::new(),
            Some(unchanged),
            IdSchemes::default(),
        )
        .await
    }

    /// Compares what a run of `rule` would send with what the destination holds.
    pub async fn compare(&self, rule: &Rule) -> Result<sync_engine::compare::Comparison, String> {
        let source = self.source.client();
        let destination = self.destination.client();
        sync_engine::compare::compare_run(
            &TokioHost::default(),
            &source,
            rule,
            sync_engine::preview::PreviewDestination {
                client: &destination,
                uses_session: false,
            },
        )
        .await
    }

    /// Runs `rule` from `source` to `destination` (either a direct client or one through a route
    /// of the source), chunks capped at `max_chunk_size` (the app caps a route's), with `cancel`.
    /// A native run has no session: `uses_session` is false whatever the destination.
    pub async fn run_between<S: Transport, D: Transport>(
        rule: &Rule,
        source: &Dhis2Client<S>,
        destination: &Dhis2Client<D>,
        max_chunk_size: Option<usize>,
        cancel: &CancelToken,
    ) -> RunResult {
        Pair::runner_between(
            rule,
            source,
            destination,
            max_chunk_size,
            cancel,
            None,
            IdSchemes::default(),
        )
        .await
    }

    /// [`Pair::run_between`] to a destination set to send with `id_schemes`.
    pub async fn run_with_schemes<S: Transport, D: Transport>(
        rule: &Rule,
        source: &Dhis2Client<S>,
        destination: &Dhis2Client<D>,
        max_chunk_size: Option<usize>,
        cancel: &CancelToken,
        id_schemes: IdSchemes,
    ) -> RunResult {
        Pair::runner_between(
            rule,
            source,
            destination,
            max_chunk_size,
            cancel,
            None,
            id_schemes,
        )
        .await
    }

    /// [`Pair::run_between`], skipping the values `skip_unchanged` holds when given, to a
    /// destination set to send with `id_schemes`.
    pub async fn runner_between<S: Transport, D: Transport>(
        rule: &Rule,
        source: &Dhis2Client<S>,
        destination: &Dhis2Client<D>,
        max_chunk_size: Option<usize>,
        cancel: &CancelToken,
        skip_unchanged: Option<sync_engine::compare::UnchangedValues>,
        id_schemes: IdSchemes,
    ) -> RunResult {
        let runner = Runner {
            source,
            host: &TokioHost::default(),
            observer: &Quiet,
            cancel,
        };
        runner
            .run(
                Destination {
                    id: rule.destination_id.clone(),
                    name: "Empty destination".into(),
                    client: destination,
                    uses_session: false,
                    max_chunk_size,
                    id_schemes,
                },
                RunRequest {
                    rule: rule.clone(),
                    origin: origin_of(rule),
                    run_by: ADMIN.0.into(),
                    resume: None,
                    resend: None,
                    take_lock: true,
                    place: "a native test".into(),
                    skip_unchanged,
                },
            )
            .await
    }

    /// Runs `rule` to the destination.
    pub async fn run(&self, rule: &Rule) -> RunResult {
        self.run_with(rule, &CancelToken::new()).await
    }
}

/// A rule sending `data_set` for `org_units` between the dates, raw, to the destination.
pub fn rule(data_set: &str, org_units: &[String], start: &str, end: &str) -> Rule {
    Rule {
        schema_version: RULE_SCHEMA_VERSION,
        id: "rUleNative1".into(),
        name: String::new(),
        code: None,
        description: None,
        selection: DataSelection {
            data_sets: vec![DataSetSelection {
                id: data_set.into(),
                excluded_data_elements: Vec::new(),
            }],
            ..DataSelection::default()
        },
        org_units: org_units.to_vec(),
        period: PeriodSelection::Fixed {
            start_date: start.parse().unwrap(),
            end_date: end.parse().unwrap(),
        },
        category_options: CategoryOptionSelection::All,
        aggregation: Aggregation::Off,
        destination_id: "dEstNative1".into(),
        import_strategy: ImportStrategy::CreateAndUpdate,
        send_deletions: false,
        dry_run: false,
        schedule: None,
        last_run: None,
        last_successful_run: None,
        pending: Vec::new(),
    }
}

/// The settings with short timeouts, so fault tests take seconds.
pub fn quick_settings() -> Settings {
    Settings {
        request_timeout_seconds: 2,
        first_backoff_ms: 50,
        task_deadline_seconds: 3,
        ..Settings::default()
    }
}

/// `json!` re-exported for the tests.
pub fn rules(value: Value) -> Value {
    value
}

/// Silences the unused import lint of `json` in binaries that do not use it.
pub fn empty() -> Value {
    json!([])
}
