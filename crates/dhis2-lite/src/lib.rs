//! dhis2-lite: a DHIS2-compatible Web API server written from DHIS2's documented behaviour.
//!
//! It emulates DHIS2 2.36 to 2.43 (chosen with [`Dhis2Version`]) on top of SQLite, binds
//! 127.0.0.1 only, and shares no types with the client crate `dhis2-api`. [`start`] runs it
//! in-process (tests); the `dhis2-lite` binary is a thin command line over the same function.

pub mod api;
pub mod auth;
pub mod clock;
pub mod connections;
pub mod data_values;
pub mod db;
pub mod faults;
pub mod metadata;
pub mod passwords;
pub mod periods;
pub mod request_path;
pub mod scratch;
pub mod seed;
pub mod sharing;
pub mod state;
pub mod tokens;
pub mod uid;
pub mod users;
pub mod version;
pub mod web_message;

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use version::{Dhis2Version, VersionBehaviour};

use crate::metadata::MetadataStore;
use crate::state::AppState;

/// What to put into a new database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seed {
    /// Demo metadata and hundreds of thousands of data values.
    Demo,
    /// Demo metadata, no data values.
    Empty,
    /// Demo metadata and exactly N generated data values.
    Large(u64),
    /// The demo's metadata under other UIDs (DHIS2's default category model kept), a few
    /// items matching only by name or not at all, an extra PERCENTAGE data element; no data
    /// values (`seed::remapped`).
    DemoRemapped,
}

/// Error parsing a [`Seed`].
#[derive(Debug, thiserror::Error)]
#[error("unknown seed `{0}`: expected demo, empty, demo-remapped or large:N")]
pub struct UnknownSeed(String);

impl FromStr for Seed {
    type Err = UnknownSeed;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim() {
            "demo" => Ok(Self::Demo),
            "empty" => Ok(Self::Empty),
            "demo-remapped" => Ok(Self::DemoRemapped),
            other => other
                .strip_prefix("large:")
                .and_then(|count| count.replace('_', "").parse().ok())
                .map(Self::Large)
                .ok_or_else(|| UnknownSeed(text.to_string())),
        }
    }
}

impl std::fmt::Display for Seed {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Demo => formatter.write_str("demo"),
            Self::Empty => formatter.write_str("empty"),
            Self::Large(count) => write!(formatter, "large:{count}"),
            Self::DemoRemapped => formatter.write_str("demo-remapped"),
        }
    }
}

/// Server configuration.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// TCP port on 127.0.0.1; 0 = any free port.
    pub port: u16,
    /// Directory holding the SQLite database and installed apps.
    pub data_dir: PathBuf,
    /// Seed used when the database is new.
    pub seed: Seed,
    /// Emulated DHIS2 version.
    pub version: Dhis2Version,
    /// Idle time after which a session expires.
    pub session_timeout: Duration,
    /// Whether routes may target loopback addresses.
    pub allow_loopback_routes: bool,
    /// The instant the server's clock starts at (`None`: the real time). Seeds, `serverDate`
    /// and every timestamp follow it.
    pub clock_start: Option<chrono::DateTime<chrono::Utc>>,
    /// Whether `/api/testing/clock` may move the clock forward.
    pub allow_clock_api: bool,
    /// Fault injection rules applied from the start (tests only; see [`faults`]).
    pub faults: Vec<faults::FaultRule>,
    /// Whether `/api/testing/faults` exists to read and replace the rules while running.
    pub allow_fault_api: bool,
}

impl ServerConfig {
    /// Defaults: port 8080, demo seed, 2.41, one hour sessions, no loopback routes, no faults,
    /// the real clock.
    pub fn new(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            port: 8080,
            data_dir: data_dir.into(),
            seed: Seed::Demo,
            version: Dhis2Version::default(),
            session_timeout: Duration::from_secs(3600),
            allow_loopback_routes: false,
            clock_start: None,
            allow_clock_api: false,
            faults: Vec::new(),
            allow_fault_api: false,
        }
    }
}

/// A server running on the current tokio runtime.
#[derive(Debug)]
pub struct RunningServer {
    port: u16,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
    state: Arc<AppState>,
}

impl RunningServer {
    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Stops the server and closes the database cleanly.
    pub async fn shutdown(mut self) {
        if let Some(sender) = self.shutdown.take() {
            let _ = sender.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        if let Ok(connection) = self.state.database.lock() {
            let _ = connection.execute_batch("PRAGMA optimize;");
        }
    }
}

/// Result of preparing a data directory.
#[derive(Debug, Clone)]
pub struct PreparedDatabase {
    /// Whether the database was seeded now.
    pub seeded: bool,
    /// Data values written by the seed.
    pub values: u64,
    /// Time spent seeding.
    pub seeding_time: Duration,
}

/// Opens or creates the database in `data_dir`, seeding it when new; returns the state.
pub fn open_state(config: &ServerConfig) -> anyhow::Result<(AppState, PreparedDatabase)> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating {}", config.data_dir.display()))?;
    let mut connection = db::open(&config.data_dir).context("opening the database")?;
    let started = Instant::now();
    let clock = clock::Clock::from_config(config.clock_start);
    let mut prepared = PreparedDatabase {
        seeded: false,
        values: 0,
        seeding_time: Duration::ZERO,
    };
    if db::meta_value(&connection, "seeded")?.is_none() {
        let mut demo = seed::build_demo_metadata();
        if config.seed == Seed::DemoRemapped {
            demo = seed::remap_demo_metadata(demo);
        }
        seed::insert_metadata(&mut connection, &demo.objects)?;
        let district = demo
            .districts
            .get(8)
            .cloned()
            .unwrap_or_else(|| demo.root_org_unit.clone());
        users::seed_users(&connection, &demo.root_org_unit, &district)?;
        let metadata = MetadataStore::load(&connection)?;
        let today = clock.today();
        let count = match config.seed {
            Seed::Demo => seed::seed_demo_values(&mut connection, &metadata, today)?.values,
            Seed::Empty | Seed::DemoRemapped => 0,
            Seed::Large(count) => {
                seed::insert_values_for_large_seed(&mut connection, &metadata, today, count)?.values
            }
        };
        connection.execute_batch(
            "CREATE INDEX IF NOT EXISTS datavalue_last_updated ON datavalue (last_updated);",
        )?;
        db::set_meta_value(&connection, "seed", &config.seed.to_string())?;
        db::set_meta_value(&connection, db::SYSTEM_ID_KEY, &uid::random_system_id())?;
        db::set_meta_value(&connection, "seeded", &clock.now().to_rfc3339())?;
        prepared = PreparedDatabase {
            seeded: true,
            values: count,
            seeding_time: started.elapsed(),
        };
    }
    let system_id = db::system_id(&connection)?;
    let metadata = Arc::new(MetadataStore::load(&connection)?);
    let state = AppState {
        system_id,
        behaviour: config.version.behaviour(),
        data_dir: config.data_dir.clone(),
        database: Mutex::new(connection),
        metadata: std::sync::RwLock::new(metadata),
        sessions: Mutex::new(Default::default()),
        session_timeout: config.session_timeout,
        allow_loopback_routes: config.allow_loopback_routes,
        tasks: Mutex::new(Default::default()),
        clock,
        allow_clock_api: config.allow_clock_api,
        faults: faults::FaultInjector::new(config.faults.clone(), config.allow_fault_api),
    };
    Ok((state, prepared))
}

/// Opens or creates and seeds the database, binds 127.0.0.1:`port`, and serves in the background.
pub async fn start(config: ServerConfig) -> anyhow::Result<RunningServer> {
    let (state, _) = open_state(&config)?;
    let state = Arc::new(state);
    let listener =
        tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, config.port)))
            .await
            .with_context(|| format!("binding 127.0.0.1:{}", config.port))?;
    let port = listener.local_addr()?.port();
    let service = api::service(state.clone());
    let (sender, receiver) = oneshot::channel::<()>();
    let state_for_shutdown = state.clone();
    let task = tokio::spawn(connections::serve(listener, service, async move {
        let _ = receiver.await;
        // Hanging and delayed requests end first, so the graceful shutdown can finish.
        state_for_shutdown.faults.begin_shutdown();
    }));
    Ok(RunningServer {
        port,
        shutdown: Some(sender),
        task: Some(task),
        state,
    })
}
