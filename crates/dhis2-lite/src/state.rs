//! Shared server state: configuration, storage, metadata, sessions, background tasks, the clock
//! and fault rules.
//!
//! Handlers receive an `Arc<AppState>`; nothing here does HTTP.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::{Duration, Instant};

use rusqlite::Connection;

use crate::clock::Clock;
use crate::faults::FaultInjector;
use crate::metadata::MetadataStore;
use crate::version::VersionBehaviour;
use crate::web_message::ApiError;

/// A logged-in browser session.
#[derive(Debug, Clone)]
pub struct Session {
    /// The user's name.
    pub username: String,
    /// Last time the session was used.
    pub last_access: Instant,
}

/// A finished or running async job (reference §9).
#[derive(Debug, Clone)]
pub struct Task {
    /// Job type, e.g. `DATAVALUE_IMPORT`.
    pub job_type: String,
    /// Username of the user who started it.
    pub owner: String,
    /// Notifications, newest first.
    pub notifications: Vec<serde_json::Value>,
    /// The ImportSummary once done.
    pub summary: Option<serde_json::Value>,
}

/// State shared by every handler.
#[derive(Debug)]
pub struct AppState {
    /// This database's `systemId` (reference §2.3), unique per seeded database.
    pub system_id: String,
    /// Version switches.
    pub behaviour: VersionBehaviour,
    /// Data directory.
    pub data_dir: PathBuf,
    /// The database.
    pub database: Mutex<Connection>,
    /// Metadata; replaced as a whole when an object is updated (read it with [`AppState::metadata`]).
    pub metadata: RwLock<Arc<MetadataStore>>,
    /// Sessions by JSESSIONID.
    pub sessions: Mutex<HashMap<String, Session>>,
    /// Idle time after which a session expires.
    pub session_timeout: Duration,
    /// Whether routes may target loopback addresses.
    pub allow_loopback_routes: bool,
    /// Async tasks by id.
    pub tasks: Mutex<HashMap<String, Task>>,
    /// What "now" is (pinned in tests and demos).
    pub clock: Clock,
    /// Whether `/api/testing/clock` may move the clock.
    pub allow_clock_api: bool,
    /// Fault injection rules (tests only; empty unless asked for).
    pub faults: FaultInjector,
}

/// Shared state handle.
pub type SharedState = Arc<AppState>;

impl AppState {
    /// The current metadata snapshot.
    pub fn metadata(&self) -> Arc<MetadataStore> {
        match self.metadata.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Replaces the metadata snapshot.
    pub fn replace_metadata(&self, store: MetadataStore) {
        let store = Arc::new(store);
        match self.metadata.write() {
            Ok(mut guard) => *guard = store,
            Err(poisoned) => *poisoned.into_inner() = store,
        }
    }

    /// Locks the database.
    pub fn database(&self) -> Result<MutexGuard<'_, Connection>, ApiError> {
        self.database
            .lock()
            .map_err(|_| ApiError::Internal("database lock poisoned".into()))
    }

    /// Locks the sessions.
    pub fn sessions(&self) -> Result<MutexGuard<'_, HashMap<String, Session>>, ApiError> {
        self.sessions
            .lock()
            .map_err(|_| ApiError::Internal("session lock poisoned".into()))
    }

    /// Locks the tasks.
    pub fn tasks(&self) -> Result<MutexGuard<'_, HashMap<String, Task>>, ApiError> {
        self.tasks
            .lock()
            .map_err(|_| ApiError::Internal("task lock poisoned".into()))
    }

    /// Directory where installed apps are extracted.
    pub fn apps_dir(&self) -> PathBuf {
        self.data_dir.join("apps")
    }
}
