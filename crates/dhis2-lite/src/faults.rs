//! Fault injection rules for tests: which requests get a failure instead of (or on top of) their
//! normal answer, and the counters that decide when a rule's window is open.
//!
//! Off unless asked for (`--faults FILE`, `PUT /api/testing/faults` with `--allow-fault-api`).
//! Rules are parsed from the JSON array documented in the README; a rule matches a request by
//! method and by the request's path **after** URL normalisation (`/api/41/dataValueSets.json` is
//! matched as `/api/dataValueSets`), so a test author writes the plain path. Prefix rules are
//! normalised the same way, so `/api/41/dataValueSets` in a rule also works; `pathRegex` is used
//! as written (no anchors are added) against the normalised path. The query string is never
//! matched.
//!
//! Every rule counts the requests that match its method and path (`matched`), whether or not an
//! earlier rule applied to them. Request number `k` (from 0) of a rule is in its window when
//! `after <= k < after + times` (`times` absent = no end). Rules are checked in order and the
//! first rule whose window holds the request applies; its `hits` grow by one and the server logs
//! one line on stderr. Task actions (`taskFails`, `taskVanishes`) only match requests that start
//! an async job.
//!
//! This module decides *whether* and *which* fault applies; how an action damages an answer is
//! the HTTP layer's business (`api::fault_layer`). It must not build responses.

use std::fmt;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::{Map, Value};
use tokio::sync::watch;

/// Where the connection breaks for a `drop` action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DropPoint {
    /// The request is handled, then the connection closes with no response at all.
    BeforeResponse,
    /// The status, headers and the first half of the body are sent, then the connection breaks.
    MidBody,
}

/// What the async job started by a request must do when a task action applies (the HTTP layer
/// hands it to the job as a request extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AsyncJobFault {
    /// Fail without importing anything.
    Fails,
    /// Import, then forget the task.
    Vanishes,
}

/// What happens to a request a rule applies to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultAction {
    /// Answer `status` without running the handler: `body` as given, else a WebMessage.
    Status {
        /// HTTP status (200–599).
        status: u16,
        /// Exact body text, if given.
        body: Option<String>,
        /// Content type of `body` (default `text/plain;charset=UTF-8`).
        content_type: Option<String>,
        /// `Retry-After` header value in seconds.
        retry_after_seconds: Option<u64>,
    },
    /// Wait this many milliseconds, then answer normally.
    Delay {
        /// The wait.
        milliseconds: u64,
    },
    /// Never answer (until the server shuts down; then the connection is closed).
    Hang,
    /// Break the connection.
    Drop(DropPoint),
    /// Send the first N body bytes of the real answer, then end the body cleanly.
    TruncateAfterBytes(u64),
    /// Answer as the version answers a request without a valid session.
    LoginPage,
    /// The async job starts, then fails: nothing is imported.
    TaskFails,
    /// The async job runs (values are written), then its task is forgotten.
    TaskVanishes,
}

impl FaultAction {
    /// Whether the action only makes sense for a request that starts an async job.
    pub fn needs_async_job(&self) -> bool {
        matches!(self, Self::TaskFails | Self::TaskVanishes)
    }
}

impl fmt::Display for FaultAction {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Status {
                status,
                body,
                retry_after_seconds,
                ..
            } => {
                write!(formatter, "status {status}")?;
                if body.is_some() {
                    formatter.write_str(" with body")?;
                }
                if let Some(seconds) = retry_after_seconds {
                    write!(formatter, ", Retry-After {seconds}")?;
                }
                Ok(())
            }
            Self::Delay { milliseconds } => write!(formatter, "delayMs {milliseconds}"),
            Self::Hang => formatter.write_str("hang"),
            Self::Drop(DropPoint::BeforeResponse) => formatter.write_str("drop before-response"),
            Self::Drop(DropPoint::MidBody) => formatter.write_str("drop mid-body"),
            Self::TruncateAfterBytes(bytes) => write!(formatter, "truncateAfterBytes {bytes}"),
            Self::LoginPage => formatter.write_str("loginPage"),
            Self::TaskFails => formatter.write_str("taskFails"),
            Self::TaskVanishes => formatter.write_str("taskVanishes"),
        }
    }
}

/// How a rule matches the normalised request path.
#[derive(Debug, Clone)]
pub enum PathMatcher {
    /// Every path.
    Any,
    /// Paths starting with this (normalised) text.
    Prefix(String),
    /// Paths the regex finds a match in (anchors as written).
    Regex(regex::Regex),
}

impl PathMatcher {
    fn matches(&self, path: &str) -> bool {
        match self {
            Self::Any => true,
            Self::Prefix(prefix) => path.starts_with(prefix.as_str()),
            Self::Regex(regex) => regex.is_match(path),
        }
    }
}

/// One fault rule.
#[derive(Debug, Clone)]
pub struct FaultRule {
    /// Upper-case HTTP method; `None` = any method.
    pub method: Option<String>,
    /// Which paths.
    pub path: PathMatcher,
    /// Matching requests let through before the window opens.
    pub after: u64,
    /// Requests hit once the window is open; `None` = every later one.
    pub times: Option<u64>,
    /// What happens.
    pub action: FaultAction,
    /// The rule as written (shown back by `GET /api/testing/faults`).
    pub source: Map<String, Value>,
}

impl FaultRule {
    fn matches(&self, method: &str, path: &str, starts_async_job: bool) -> bool {
        self.method
            .as_deref()
            .is_none_or(|wanted| wanted.eq_ignore_ascii_case(method))
            && self.path.matches(path)
            && (starts_async_job || !self.action.needs_async_job())
    }

    fn window_holds(&self, request_number: u64) -> bool {
        request_number >= self.after
            && self
                .times
                .is_none_or(|times| request_number - self.after < times)
    }
}

/// Why fault rules were refused.
#[derive(Debug, thiserror::Error)]
pub enum FaultRulesError {
    /// The rules file could not be read.
    #[error("reading fault rules from {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The error.
        source: std::io::Error,
    },
    /// Not JSON at all.
    #[error("fault rules are not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// JSON, but not an array.
    #[error("fault rules must be a JSON array of rule objects")]
    NotAnArray,
    /// One rule is wrong.
    #[error("fault rule {index}: {message}")]
    Rule {
        /// Position of the rule in the array (from 0).
        index: usize,
        /// What is wrong, naming the field.
        message: String,
    },
}

const RULE_FIELDS: [&str; 6] = ["method", "path", "pathRegex", "after", "times", "action"];
const ACTION_KINDS: [&str; 8] = [
    "status",
    "delayMs",
    "hang",
    "drop",
    "truncateAfterBytes",
    "loginPage",
    "taskFails",
    "taskVanishes",
];

/// Parses a JSON array of rules (the `--faults` file and `PUT /api/testing/faults` body).
pub fn parse_rules(text: &[u8]) -> Result<Vec<FaultRule>, FaultRulesError> {
    let value: Value = serde_json::from_slice(text)?;
    let Value::Array(items) = value else {
        return Err(FaultRulesError::NotAnArray);
    };
    items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            parse_rule(item).map_err(|message| FaultRulesError::Rule { index, message })
        })
        .collect()
}

/// Reads and parses a rules file.
pub fn load_rules_file(path: &Path) -> Result<Vec<FaultRule>, FaultRulesError> {
    let text = std::fs::read(path).map_err(|source| FaultRulesError::Read {
        path: path.display().to_string(),
        source,
    })?;
    parse_rules(&text)
}

fn count_field(object: &Map<String, Value>, field: &str) -> Result<Option<u64>, String> {
    match object.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => value
            .as_u64()
            .map(Some)
            .ok_or_else(|| format!("\"{field}\" must be a non-negative integer, got {value}")),
    }
}

fn text_field<'a>(object: &'a Map<String, Value>, field: &str) -> Result<Option<&'a str>, String> {
    match object.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(value) => Err(format!("\"{field}\" must be a string, got {value}")),
    }
}

fn parse_rule(item: &Value) -> Result<FaultRule, String> {
    let Value::Object(object) = item else {
        return Err(format!("a rule must be a JSON object, got {item}"));
    };
    if let Some(unknown) = object
        .keys()
        .find(|key| !RULE_FIELDS.contains(&key.as_str()))
    {
        return Err(format!(
            "unknown field \"{unknown}\" (expected {})",
            RULE_FIELDS.join(", ")
        ));
    }
    let method = match text_field(object, "method")? {
        Some(method)
            if method.is_empty() || !method.bytes().all(|byte| byte.is_ascii_alphabetic()) =>
        {
            return Err(format!(
                "\"method\" must be an HTTP method such as POST, got \"{method}\""
            ));
        }
        method => method.map(str::to_ascii_uppercase),
    };
    let path = match (
        text_field(object, "path")?,
        text_field(object, "pathRegex")?,
    ) {
        (Some(_), Some(_)) => return Err("give \"path\" or \"pathRegex\", not both".to_string()),
        (Some(prefix), None) => {
            if !prefix.starts_with('/') {
                return Err(format!("\"path\" must start with /, got \"{prefix}\""));
            }
            PathMatcher::Prefix(crate::request_path::normalised_path(prefix).0)
        }
        (None, Some(pattern)) => PathMatcher::Regex(
            regex::Regex::new(pattern)
                .map_err(|error| format!("\"pathRegex\" is not a valid regex: {error}"))?,
        ),
        (None, None) => PathMatcher::Any,
    };
    let after = count_field(object, "after")?.unwrap_or(0);
    let times = count_field(object, "times")?;
    let action = match object.get("action") {
        Some(action) => parse_action(action).map_err(|message| format!("\"action\": {message}"))?,
        None => return Err("\"action\" is missing".to_string()),
    };
    Ok(FaultRule {
        method,
        path,
        after,
        times,
        action,
        source: object.clone(),
    })
}

fn require_true(object: &Map<String, Value>, field: &str) -> Result<(), String> {
    match object.get(field) {
        Some(Value::Bool(true)) => Ok(()),
        Some(value) => Err(format!("\"{field}\" must be true, got {value}")),
        None => Err(format!("\"{field}\" is missing")),
    }
}

fn parse_action(action: &Value) -> Result<FaultAction, String> {
    let Value::Object(object) = action else {
        return Err(format!("must be a JSON object, got {action}"));
    };
    let kinds: Vec<&str> = ACTION_KINDS
        .iter()
        .copied()
        .filter(|kind| object.contains_key(*kind))
        .collect();
    let [kind] = kinds.as_slice() else {
        return Err(format!(
            "must have exactly one of {}, got {}",
            ACTION_KINDS.join(", "),
            if kinds.is_empty() {
                "none".to_string()
            } else {
                kinds.join(", ")
            }
        ));
    };
    let allowed: &[&str] = match *kind {
        "status" => &["status", "body", "contentType", "retryAfterSeconds"],
        other => &[other],
    };
    if let Some(unknown) = object.keys().find(|key| !allowed.contains(&key.as_str())) {
        return Err(format!(
            "unknown field \"{unknown}\" with \"{kind}\" (allowed: {})",
            allowed.join(", ")
        ));
    }
    Ok(match *kind {
        "status" => {
            let status = count_field(object, "status")?
                .filter(|status| (200..=599).contains(status))
                .ok_or_else(|| {
                    format!(
                        "\"status\" must be an HTTP status from 200 to 599, got {}",
                        object.get("status").cloned().unwrap_or(Value::Null)
                    )
                })?;
            FaultAction::Status {
                status: u16::try_from(status).map_err(|error| error.to_string())?,
                body: text_field(object, "body")?.map(str::to_string),
                content_type: text_field(object, "contentType")?.map(str::to_string),
                retry_after_seconds: count_field(object, "retryAfterSeconds")?,
            }
        }
        "delayMs" => FaultAction::Delay {
            milliseconds: count_field(object, "delayMs")?
                .ok_or_else(|| "\"delayMs\" must be a non-negative integer".to_string())?,
        },
        "hang" => {
            require_true(object, "hang")?;
            FaultAction::Hang
        }
        "drop" => match object.get("drop") {
            Some(Value::String(point)) if point == "before-response" => {
                FaultAction::Drop(DropPoint::BeforeResponse)
            }
            Some(Value::String(point)) if point == "mid-body" => {
                FaultAction::Drop(DropPoint::MidBody)
            }
            other => {
                return Err(format!(
                    "\"drop\" must be \"before-response\" or \"mid-body\", got {}",
                    other.cloned().unwrap_or(Value::Null)
                ));
            }
        },
        "truncateAfterBytes" => {
            FaultAction::TruncateAfterBytes(count_field(object, "truncateAfterBytes")?.ok_or_else(
                || "\"truncateAfterBytes\" must be a non-negative integer".to_string(),
            )?)
        }
        "loginPage" => {
            require_true(object, "loginPage")?;
            FaultAction::LoginPage
        }
        "taskFails" => {
            require_true(object, "taskFails")?;
            FaultAction::TaskFails
        }
        _ => {
            require_true(object, "taskVanishes")?;
            FaultAction::TaskVanishes
        }
    })
}

/// A rule with its counters.
#[derive(Debug)]
struct RuleState {
    rule: FaultRule,
    matched: u64,
    hits: u64,
}

/// A fault chosen for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InjectedFault {
    /// Position of the rule that applied.
    pub rule_index: usize,
    /// Its action.
    pub action: FaultAction,
}

/// A rule and its counters as reported to tests.
#[derive(Debug, Clone)]
pub struct RuleReport {
    /// The rule as written.
    pub source: Map<String, Value>,
    /// Requests that matched its method and path.
    pub matched: u64,
    /// Faults it injected.
    pub hits: u64,
}

/// The server's fault rules, their counters and the shutdown signal that ends hanging requests.
#[derive(Debug)]
pub struct FaultInjector {
    rules: Mutex<Vec<RuleState>>,
    /// Fast path: false while there are no rules, so requests skip the lock.
    active: AtomicBool,
    api_allowed: bool,
    shutdown: watch::Sender<bool>,
}

impl FaultInjector {
    /// An injector with `rules`; `api_allowed` opens `/api/testing/faults`.
    pub fn new(rules: Vec<FaultRule>, api_allowed: bool) -> Self {
        let injector = Self {
            rules: Mutex::new(Vec::new()),
            active: AtomicBool::new(false),
            api_allowed,
            shutdown: watch::Sender::new(false),
        };
        injector.replace(rules);
        injector
    }

    /// Whether `/api/testing/faults` exists.
    pub fn api_allowed(&self) -> bool {
        self.api_allowed
    }

    /// Whether any rule is set (cheap; checked on every request).
    pub fn is_active(&self) -> bool {
        self.active.load(Ordering::Acquire)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<RuleState>> {
        // The counters stay meaningful after a panic elsewhere; keep serving them.
        self.rules
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Replaces every rule; counters start again from zero.
    pub fn replace(&self, rules: Vec<FaultRule>) {
        let mut guard = self.lock();
        *guard = rules
            .into_iter()
            .map(|rule| RuleState {
                rule,
                matched: 0,
                hits: 0,
            })
            .collect();
        self.active.store(!guard.is_empty(), Ordering::Release);
    }

    /// The rules with their counters, in order.
    pub fn report(&self) -> Vec<RuleReport> {
        self.lock()
            .iter()
            .map(|state| RuleReport {
                source: state.rule.source.clone(),
                matched: state.matched,
                hits: state.hits,
            })
            .collect()
    }

    /// Counts the request for every rule it matches and returns the fault of the first rule whose
    /// window holds it, logging it. `path` is the normalised path.
    pub fn select(
        &self,
        method: &str,
        path: &str,
        starts_async_job: bool,
    ) -> Option<InjectedFault> {
        if !self.is_active() {
            return None;
        }
        let mut chosen = None;
        for (rule_index, state) in self.lock().iter_mut().enumerate() {
            if !state.rule.matches(method, path, starts_async_job) {
                continue;
            }
            let request_number = state.matched;
            state.matched += 1;
            if chosen.is_none() && state.rule.window_holds(request_number) {
                state.hits += 1;
                chosen = Some(InjectedFault {
                    rule_index,
                    action: state.rule.action.clone(),
                });
            }
        }
        if let Some(fault) = &chosen {
            eprintln!(
                "dhis2-lite: fault injected by rule {}: {method} {path}: {}",
                fault.rule_index, fault.action
            );
        }
        chosen
    }

    /// Tells hanging and delayed requests that the server is shutting down.
    pub fn begin_shutdown(&self) {
        self.shutdown.send_replace(true);
    }

    /// Resolves once [`FaultInjector::begin_shutdown`] was called.
    pub async fn shutting_down(&self) {
        let mut receiver = self.shutdown.subscribe();
        // An error means the sender is gone, which only happens with the injector itself.
        let _ = receiver.wait_for(|shutting_down| *shutting_down).await;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn rules(text: &str) -> Vec<FaultRule> {
        parse_rules(text.as_bytes()).unwrap()
    }

    fn error(text: &str) -> String {
        parse_rules(text.as_bytes()).unwrap_err().to_string()
    }

    #[test]
    fn parses_every_action() {
        let parsed = rules(
            r#"[
            {"method": "post", "path": "/api/dataValueSets", "after": 3, "times": 2, "action": {"status": 502, "body": "<html>bad gateway</html>", "contentType": "text/html"}},
            {"action": {"status": 429, "retryAfterSeconds": 7}},
            {"action": {"delayMs": 250}},
            {"action": {"hang": true}},
            {"action": {"drop": "before-response"}},
            {"action": {"drop": "mid-body"}},
            {"action": {"truncateAfterBytes": 10}},
            {"action": {"loginPage": true}},
            {"pathRegex": "^/api/data.*Sets$", "action": {"taskFails": true}},
            {"action": {"taskVanishes": true}}
        ]"#,
        );
        assert_eq!(parsed.len(), 10);
        assert_eq!(parsed[0].method.as_deref(), Some("POST"));
        assert_eq!((parsed[0].after, parsed[0].times), (3, Some(2)));
        assert_eq!(
            parsed[0].action,
            FaultAction::Status {
                status: 502,
                body: Some("<html>bad gateway</html>".into()),
                content_type: Some("text/html".into()),
                retry_after_seconds: None
            }
        );
        let actions: Vec<String> = parsed.iter().map(|rule| rule.action.to_string()).collect();
        assert_eq!(
            actions,
            [
                "status 502 with body",
                "status 429, Retry-After 7",
                "delayMs 250",
                "hang",
                "drop before-response",
                "drop mid-body",
                "truncateAfterBytes 10",
                "loginPage",
                "taskFails",
                "taskVanishes"
            ]
        );
    }

    #[test]
    fn errors_name_the_rule_and_the_field() {
        assert!(error("[{").starts_with("fault rules are not valid JSON"));
        assert_eq!(
            error(r#"{"action": {"hang": true}}"#),
            "fault rules must be a JSON array of rule objects"
        );
        assert_eq!(
            error(r#"[{"action": {"hang": true}}, {"tims": 2, "action": {"hang": true}}]"#),
            "fault rule 1: unknown field \"tims\" (expected method, path, pathRegex, after, times, action)"
        );
        assert_eq!(
            error(r#"[{"after": -1, "action": {"hang": true}}]"#),
            "fault rule 0: \"after\" must be a non-negative integer, got -1"
        );
        assert_eq!(
            error(r#"[{"path": "/a", "pathRegex": "b", "action": {"hang": true}}]"#),
            "fault rule 0: give \"path\" or \"pathRegex\", not both"
        );
        assert!(
            error(r#"[{"pathRegex": "(", "action": {"hang": true}}]"#)
                .starts_with("fault rule 0: \"pathRegex\" is not a valid regex")
        );
        assert_eq!(
            error(r#"[{"path": "/api"}]"#),
            "fault rule 0: \"action\" is missing"
        );
        assert_eq!(
            error(r#"[{"action": {"status": 502, "hang": true}}]"#),
            "fault rule 0: \"action\": must have exactly one of status, delayMs, hang, drop, truncateAfterBytes, loginPage, taskFails, taskVanishes, got status, hang"
        );
        assert_eq!(
            error(r#"[{"action": {"status": 1000}}]"#),
            "fault rule 0: \"action\": \"status\" must be an HTTP status from 200 to 599, got 1000"
        );
        assert_eq!(
            error(r#"[{"action": {"drop": "later"}}]"#),
            "fault rule 0: \"action\": \"drop\" must be \"before-response\" or \"mid-body\", got \"later\""
        );
        assert_eq!(
            error(r#"[{"action": {"hang": false}}]"#),
            "fault rule 0: \"action\": \"hang\" must be true, got false"
        );
        assert_eq!(
            error(r#"[{"action": {"delayMs": 5, "body": "x"}}]"#),
            "fault rule 0: \"action\": unknown field \"body\" with \"delayMs\" (allowed: delayMs)"
        );
        assert_eq!(
            error(r#"[{"method": 5, "action": {"hang": true}}]"#),
            "fault rule 0: \"method\" must be a string, got 5"
        );
        assert_eq!(
            error(r#"[{"path": "api/x", "action": {"hang": true}}]"#),
            "fault rule 0: \"path\" must start with /, got \"api/x\""
        );
    }

    #[test]
    fn prefix_paths_are_normalised_like_requests() {
        let parsed = rules(r#"[{"path": "/api/41/dataValueSets.json", "action": {"hang": true}}]"#);
        let PathMatcher::Prefix(prefix) = &parsed[0].path else {
            panic!("not a prefix");
        };
        assert_eq!(prefix, "/api/dataValueSets");
    }

    #[test]
    fn after_and_times_open_a_window_per_rule() {
        let injector = FaultInjector::new(
            rules(
                r#"[{"method": "POST", "path": "/api/dataValueSets", "after": 1, "times": 2, "action": {"status": 502}},
                    {"path": "/api/dataValueSets", "action": {"status": 503}}]"#,
            ),
            false,
        );
        let statuses: Vec<Option<usize>> = (0..4)
            .map(|_| {
                injector
                    .select("POST", "/api/dataValueSets", false)
                    .map(|fault| fault.rule_index)
            })
            .collect();
        assert_eq!(statuses, [Some(1), Some(0), Some(0), Some(1)]);
        assert_eq!(
            injector.select("GET", "/api/dataValueSets", false),
            Some(InjectedFault {
                rule_index: 1,
                action: FaultAction::Status {
                    status: 503,
                    body: None,
                    content_type: None,
                    retry_after_seconds: None
                }
            })
        );
        let report = injector.report();
        assert_eq!((report[0].matched, report[0].hits), (4, 2));
        assert_eq!((report[1].matched, report[1].hits), (5, 3));
    }

    #[test]
    fn task_actions_only_match_requests_that_start_a_job() {
        let injector = FaultInjector::new(
            rules(r#"[{"path": "/api/dataValueSets", "action": {"taskFails": true}}]"#),
            false,
        );
        assert_eq!(injector.select("POST", "/api/dataValueSets", false), None);
        assert!(
            injector
                .select("POST", "/api/dataValueSets", true)
                .is_some()
        );
        assert_eq!(injector.report()[0].matched, 1);
    }

    #[test]
    fn no_rules_means_inactive_and_replace_resets_counters() {
        let injector = FaultInjector::new(Vec::new(), false);
        assert!(!injector.is_active());
        assert_eq!(injector.select("GET", "/api/me", false), None);
        injector.replace(rules(r#"[{"pathRegex": "me$", "action": {"hang": true}}]"#));
        assert!(injector.is_active());
        assert!(injector.select("GET", "/api/me", false).is_some());
        assert!(injector.select("GET", "/api/meta", false).is_none());
        injector.replace(rules(r#"[{"pathRegex": "me$", "action": {"hang": true}}]"#));
        assert_eq!(injector.report()[0].hits, 0);
        injector.replace(Vec::new());
        assert!(!injector.is_active());
    }
}
