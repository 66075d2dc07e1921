//! The app's dataStore collections against dhis2-lite in-process, per DHIS2 version: dhis2-lite's
//! router behind a tiny [`Transport`] that logs every exchange, so a test can say that no
//! request failed (a failed request is a red console error in the browser).

// Helpers outside #[test] functions unwrap too: a panic is a test failure here.
#![allow(clippy::unwrap_used)]

use std::cell::RefCell;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use dhis2_api::transport::{
    HttpRequest, HttpResponse, Method, ResponseHead, Transport, TransportError, WholeBody,
};
use dhis2_api::{ApiError, Dhis2Client};
use dhis2_lite::state::SharedState;
use dhis2_lite::{Dhis2Version, Seed, ServerConfig};
use serde_json::{Value, json};
use sync_core::date::Date;
use sync_core::model::{
    DetailPlace, HistoryEntry, LeftBehindKind, PendingUpdate, ReportStatus, Rule, ServerTime,
    SettingsField, SyncReport, load, to_json,
};
use sync_engine::store::locks::{
    Acquired, Heartbeat, LockHolder, acquire, heartbeat, lock_key_for_saved_rule, release,
};
use sync_engine::store::{
    self, NAMESPACE, StoreError, destinations, report_key, reports, rule_key, rules, settings,
};
use tower::ServiceExt;

const BASE: &str = "http://127.0.0.1:8080";
/// `admin:district`, the seeded superuser.
const ADMIN: &str = "Basic YWRtaW46ZGlzdHJpY3Q=";
/// `dataentry:District1!`, a seeded user of the app without `ALL`.
const DATAENTRY: &str = "Basic ZGF0YWVudHJ5OkRpc3RyaWN0MSE=";

// ---------------------------------------------------------------------------------------------
// dhis2-lite behind a Transport

/// A request sent through the same server just before the `nth` request (counting from 1)
/// whose method and URL match: another user's edit landing between two of ours.
struct Hook {
    method: Method,
    url_contains: String,
    nth: usize,
    seen: usize,
    /// Milliseconds the server's clock moves forward first, so that the edit has its own
    /// `lastUpdated` (timestamps have millisecond resolution).
    advance_clock_ms: i64,
    requests: Vec<HttpRequest>,
}

/// One exchange: method, path and status.
#[derive(Clone, Debug)]
struct Exchange {
    method: Method,
    path: String,
    status: u16,
}

struct Lite {
    state: SharedState,
    dir: PathBuf,
    log: RefCell<Vec<Exchange>>,
    hooks: RefCell<Vec<Hook>>,
    /// The `Authorization` every request carries: whose browser it is.
    auth: RefCell<&'static str>,
}

impl Lite {
    fn new(version: &str) -> Lite {
        let dir = seeded_dir(version);
        let mut config = ServerConfig::new(&dir);
        config.seed = Seed::Empty;
        config.version = version.parse::<Dhis2Version>().unwrap();
        config.clock_start = Some(dhis2_lite::clock::test_clock_start().unwrap());
        let (state, _) = dhis2_lite::open_state(&config).unwrap();
        Lite {
            state: Arc::new(state),
            dir,
            log: RefCell::new(Vec::new()),
            hooks: RefCell::new(Vec::new()),
            auth: RefCell::new(ADMIN),
        }
    }

    fn client(&self) -> Dhis2Client<&Lite> {
        Dhis2Client::new(self, BASE)
    }

    /// From now on requests are `auth`'s (`ADMIN`, `DATAENTRY`).
    fn as_user(&self, auth: &'static str) {
        *self.auth.borrow_mut() = auth;
    }

    /// Before the `nth` request of `method` on a URL containing `url_contains`, moves the clock
    /// and sends `requests`.
    fn before(&self, method: Method, url_contains: &str, nth: usize, requests: Vec<HttpRequest>) {
        self.hooks.borrow_mut().push(Hook {
            method,
            url_contains: url_contains.to_string(),
            nth,
            seen: 0,
            advance_clock_ms: 1000,
            requests,
        });
    }

    /// Requests answered with an error status.
    fn failed(&self) -> Vec<Exchange> {
        self.log
            .borrow()
            .iter()
            .filter(|exchange| exchange.status >= 400)
            .cloned()
            .collect()
    }

    /// The failed requests in words, for assertion messages.
    fn describe_failed(&self) -> String {
        self.failed()
            .iter()
            .map(|exchange| {
                format!(
                    "{} {} → {}",
                    exchange.method.as_str(),
                    exchange.path,
                    exchange.status
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn forget_log(&self) {
        self.log.borrow_mut().clear();
    }

    /// The hook due before `request`, if any (taken: each fires once). Every hook counts the
    /// requests it matches.
    fn due_hook(&self, request: &HttpRequest) -> Option<Hook> {
        let mut hooks = self.hooks.borrow_mut();
        for hook in hooks.iter_mut() {
            if hook.method == request.method && request.url.contains(&hook.url_contains) {
                hook.seen += 1;
            }
        }
        let index = hooks.iter().position(|hook| hook.seen == hook.nth)?;
        Some(hooks.remove(index))
    }

    async fn forward(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let path = request
            .url
            .strip_prefix(BASE)
            .unwrap_or(&request.url)
            .to_string();
        let mut builder = axum::http::Request::builder()
            .method(request.method.as_str())
            .uri(&path)
            .header("host", "127.0.0.1:8080")
            .header("authorization", *self.auth.borrow());
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let body = request.body.map_or_else(Body::empty, Body::from);
        let response = dhis2_lite::api::test_service(self.state.clone())
            .oneshot(builder.body(body).unwrap())
            .await
            .unwrap();
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .map(str::to_string);
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap()
            .to_vec();
        self.log.borrow_mut().push(Exchange {
            method: request.method,
            path,
            status,
        });
        Ok(HttpResponse {
            status,
            content_type,
            redirected: false,
            retry_after_seconds: None,
            body,
        })
    }
}

impl Transport for Lite {
    type Body = WholeBody;

    async fn open(
        &self,
        request: HttpRequest,
    ) -> Result<(ResponseHead, WholeBody), TransportError> {
        self.send(request).await.map(WholeBody::split)
    }

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        if let Some(hook) = self.due_hook(&request) {
            self.state.clock.advance(hook.advance_clock_ms);
            for extra in hook.requests {
                self.forward(extra).await?;
            }
        }
        self.forward(request).await
    }
}

impl Drop for Lite {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn temp_dir(label: &str) -> PathBuf {
    let dir = dhis2_lite::scratch::process_root("sync-engine-store")
        .join(format!("{label}-{}", dhis2_lite::uid::random_uid()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A copy of an empty-seeded database, seeded once per test binary.
fn seeded_dir(label: &str) -> PathBuf {
    static TEMPLATE: Mutex<Option<PathBuf>> = Mutex::new(None);
    let mut template = TEMPLATE.lock().unwrap();
    let source = template.get_or_insert_with(|| {
        let dir = temp_dir("template");
        let mut config = ServerConfig::new(&dir);
        config.seed = Seed::Empty;
        config.clock_start = Some(dhis2_lite::clock::test_clock_start().unwrap());
        drop(dhis2_lite::open_state(&config).unwrap());
        dir
    });
    let dir = temp_dir(label);
    std::fs::copy(
        source.join(dhis2_lite::db::DATABASE_FILE),
        dir.join(dhis2_lite::db::DATABASE_FILE),
    )
    .unwrap();
    dir
}

/// A JSON request as another user's browser would send it.
fn json_request(method: Method, key: &str, value: &Value) -> HttpRequest {
    HttpRequest::new(method, format!("{BASE}/api/dataStore/{NAMESPACE}/{key}"))
        .with_body("application/json", value.to_string().into_bytes())
}

async fn stored(lite: &Lite, key: &str) -> Value {
    lite.client().data_store_get(NAMESPACE, key).await.unwrap()
}

// ---------------------------------------------------------------------------------------------
// Models

fn rule(id: &str, name: &str) -> Rule {
    let text = json!({
        "schemaVersion": 1, "id": id, "name": name,
        "selection": {"dataSets": [{"id": "BfMAe6Itzgt"}]},
        "orgUnits": ["ImspTQPwCqd"],
        "period": {"type": "SINCE_LAST_SUCCESSFUL_SYNC"},
        "categoryOptions": {"type": "ALL"},
        "aggregation": {"type": "OFF"},
        "destinationId": "dEstInAtion",
        "importStrategy": "CREATE_AND_UPDATE"
    })
    .to_string();
    load::<Rule>(&text).unwrap().value
}

fn value(org_unit: &str) -> Value {
    json!({"dataElement": "fbfJHSPpUQD", "period": "202611", "orgUnit": org_unit, "value": "5"})
}

/// A finished report; `rule_id` `None` for a manual run.
fn report(id: &str, rule_id: Option<&str>, started_at: &str, status: &str) -> SyncReport {
    let origin = match rule_id {
        Some(rule_id) => json!({"type": "RULE", "ruleId": rule_id, "ruleName": "Monthly"}),
        None => json!({"type": "MANUAL"}),
    };
    serde_json::from_value(json!({
        "schemaVersion": 2, "id": id, "origin": origin, "runBy": "admin",
        "destinationId": "dEstInAtion",
        "parameters": {
            "selection": {"dataSets": [{"id": "BfMAe6Itzgt"}]},
            "orgUnits": ["ImspTQPwCqd"],
            "period": {"type": "SINCE_LAST_SUCCESSFUL_SYNC"},
            "categoryOptions": {"type": "ALL"},
            "aggregation": {"type": "OFF"},
            "importStrategy": "CREATE_AND_UPDATE",
            "sendDeletions": false, "dryRun": false, "chunkSize": 2000
        },
        "status": status, "end": "FINISHED", "startedAt": started_at,
        "counts": {"imported": 2, "updated": 0, "ignored": 1, "deleted": 0}
    }))
    .unwrap()
}

fn holder(user: &str, report_id: &str) -> LockHolder {
    LockHolder {
        user: user.into(),
        report_id: report_id.into(),
        origin: format!("test runner of {user}"),
    }
}

fn at(text: &str) -> ServerTime {
    text.parse().unwrap()
}

const TWO_MINUTES: u64 = 120_000;

// ---------------------------------------------------------------------------------------------
// Locks

#[tokio::test]
async fn a_lock_refuses_a_second_run_with_its_holder_until_released_on_2_36_and_2_41() {
    for version in ["2.36", "2.41"] {
        let lite = Lite::new(version);
        let client = lite.client();
        let key = lock_key_for_saved_rule("RuLe0000001");
        let start = at("2026-12-07T10:00:00.000");
        let Acquired::Held(guard) = acquire(
            &client,
            &key,
            holder("admin", "rEport00001"),
            start,
            TWO_MINUTES,
        )
        .await
        .unwrap() else {
            panic!("{version}: the first run takes the lock")
        };
        assert_eq!(guard.key(), "lock-rule-RuLe0000001");
        assert_eq!(
            stored(&lite, &key).await["holder"]["reportId"],
            "rEport00001"
        );

        // Another tab, a minute later: refused, told who holds it.
        let second = acquire(
            &client,
            &key,
            holder("jane", "rEport00002"),
            start.plus_millis(60_000),
            TWO_MINUTES,
        )
        .await
        .unwrap();
        let Acquired::HeldBy(entry) = second else {
            panic!("{version}: the second run is refused")
        };
        assert_eq!(entry.holder, holder("admin", "rEport00001"), "{version}");

        // The heartbeat keeps it alive past its first expiry.
        let Heartbeat::Renewed(renewed) = heartbeat(&client, &guard, start.plus_millis(100_000))
            .await
            .unwrap()
        else {
            panic!("{version}: still held")
        };
        assert_eq!(renewed.expires_at, start.plus_millis(220_000), "{version}");
        let third = acquire(
            &client,
            &key,
            holder("jane", "rEport00003"),
            start.plus_millis(200_000),
            TWO_MINUTES,
        )
        .await
        .unwrap();
        assert!(matches!(third, Acquired::HeldBy(_)), "{version}");

        // The same run asking again (its first answer lost) holds it still.
        let again = acquire(
            &client,
            &key,
            holder("admin", "rEport00001"),
            start.plus_millis(200_000),
            TWO_MINUTES,
        )
        .await
        .unwrap();
        assert!(matches!(again, Acquired::Held(_)), "{version}");

        release(&client, guard).await.unwrap();
        let after = acquire(
            &client,
            &key,
            holder("jane", "rEport00004"),
            start.plus_millis(210_000),
            TWO_MINUTES,
        )
        .await
        .unwrap();
        assert!(
            matches!(after, Acquired::Held(_)),
            "{version}: free once released"
        );
        // Only the refusals of a held lock failed (409), nothing else.
        let failed: Vec<(Method, u16)> = lite
            .failed()
            .iter()
            .map(|exchange| (exchange.method, exchange.status))
            .collect();
        assert_eq!(failed, [(Method::Post, 409); 3], "{version}");
    }
}

#[tokio::test]
async fn a_stale_lock_is_taken_over_and_its_old_holder_learns_it_lost_it_on_2_36_and_2_41() {
    for version in ["2.36", "2.41"] {
        let lite = Lite::new(version);
        let client = lite.client();
        let key = lock_key_for_saved_rule("RuLe0000001");
        let start = at("2026-12-07T10:00:00.000");
        let Acquired::Held(stopped) = acquire(
            &client,
            &key,
            holder("admin", "rEport00001"),
            start,
            TWO_MINUTES,
        )
        .await
        .unwrap() else {
            panic!("{version}: taken")
        };
        // Its tab closed: no heartbeat. Past the expiry another run takes it over.
        let Acquired::Held(taker) = acquire(
            &client,
            &key,
            holder("jane", "rEport00002"),
            start.plus_millis(TWO_MINUTES as i64 + 1),
            TWO_MINUTES,
        )
        .await
        .unwrap() else {
            panic!("{version}: a stale lock is taken over")
        };
        assert_eq!(taker.entry().holder.user, "jane");
        assert_eq!(
            stored(&lite, &key).await["holder"]["user"],
            "jane",
            "{version}"
        );

        // The old holder comes back: its heartbeat says it lost the lock, to whom.
        let lost = heartbeat(&client, &stopped, start.plus_millis(130_000))
            .await
            .unwrap();
        let Heartbeat::Lost(Some(now_held)) = lost else {
            panic!("{version}: lost expected, got {lost:?}")
        };
        assert_eq!(now_held.holder.report_id, "rEport00002");
        // Its release leaves the new holder's lock alone.
        release(&client, stopped).await.unwrap();
        assert_eq!(
            stored(&lite, &key).await["holder"]["user"],
            "jane",
            "{version}"
        );
        release(&client, taker).await.unwrap();
        assert!(
            !store::key_exists(&client, &key).await.unwrap(),
            "{version}: released"
        );
    }
}

#[tokio::test]
async fn a_takeover_that_loses_the_race_to_another_run_is_refused() {
    let lite = Lite::new("2.41");
    let client = lite.client();
    let key = lock_key_for_saved_rule("RuLe0000001");
    let start = at("2026-12-07T10:00:00.000");
    let taken = acquire(
        &client,
        &key,
        holder("admin", "rEport00001"),
        start,
        TWO_MINUTES,
    )
    .await
    .unwrap();
    assert!(matches!(taken, Acquired::Held(_)));
    // Between our takeover's POST and its confirming read, a runner deletes and creates the
    // lock for itself (it had found the same stale lock).
    let runner = json!({
        "schemaVersion": 1,
        "holder": {"user": "runner", "reportId": "rEport00009", "origin": "aggsync on host-1"},
        "acquiredAt": "2026-12-07T10:02:01.000",
        "heartbeatAt": "2026-12-07T10:02:01.000",
        "expiresAt": "2026-12-07T10:04:01.000"
    });
    lite.before(
        Method::Get,
        &format!("/{key}"),
        2,
        vec![
            HttpRequest::new(
                Method::Delete,
                format!("{BASE}/api/dataStore/{NAMESPACE}/{key}"),
            ),
            json_request(Method::Post, &key, &runner),
        ],
    );
    let outcome = acquire(
        &client,
        &key,
        holder("jane", "rEport00002"),
        start.plus_millis(121_000),
        TWO_MINUTES,
    )
    .await
    .unwrap();
    let Acquired::HeldBy(entry) = outcome else {
        panic!("the runner won: {outcome:?}")
    };
    assert_eq!(entry.holder.user, "runner");
}

// ---------------------------------------------------------------------------------------------
// Reports

#[tokio::test]
async fn a_report_is_created_saved_listed_and_loaded_without_a_failed_request() {
    for version in ["2.36", "2.37", "2.38", "2.41"] {
        let lite = Lite::new(version);
        let client = lite.client();
        let mut running = report("rEport00001", None, "2026-12-07T10:00:00.000", "RUNNING");
        running.end = None;
        reports::create_report(&client, &running).await.unwrap();
        let mut finished = running.clone();
        finished.status = ReportStatus::Success;
        finished.finished_at = Some("2026-12-07T10:01:00.000".into());
        reports::save_report(&client, &finished).await.unwrap();
        let loaded = reports::load_report(&client, "rEport00001").await.unwrap();
        assert_eq!(loaded.detail, reports::DetailAccess::Complete, "{version}");
        // The report says where its detail is.
        finished.detail = Some(reports::detail_place(&client).await.unwrap());
        assert_eq!(loaded.report, finished, "{version}");
        let history = reports::list_history(&client).await.unwrap();
        assert_eq!(history.len(), 1, "{version}");
        let HistoryEntry::Report(summary) = &history[0] else {
            panic!("{version}: a readable report")
        };
        assert_eq!(summary.status, ReportStatus::Success);
        assert_eq!(
            lite.failed().len(),
            0,
            "{version}: {}",
            lite.describe_failed()
        );
        // A second report with the same id is refused, not overwritten.
        assert_eq!(
            reports::create_report(&client, &running).await,
            Err(StoreError::Exists(report_key("rEport00001")))
        );
    }
    // The check can fail: saving a new key with PUT first is a 404 on 2.36.
    let lite = Lite::new("2.36");
    let value = json!({"schemaVersion": 2});
    lite.client()
        .data_store_save(NAMESPACE, "report-new", &value)
        .await
        .unwrap();
    assert_eq!(lite.failed()[0].status, 404);
}

/// A WARNING report whose values name a health figure, `4242.5`: refused, in a conflict and in
/// the raw response.
fn report_with_values(id: &str, run_by: &str) -> SyncReport {
    let mut value = serde_json::to_value(report(
        id,
        Some("rUle0000001"),
        "2026-12-07T10:00:00.000",
        "WARNING",
    ))
    .unwrap();
    value["runBy"] = json!(run_by);
    value["tally"] = json!({"planned": 1, "confirmed": 0, "refused": 1, "fateUnknown": 0,
        "unsent": 0, "leftOut": 0});
    value["chunks"] = json!([{"index": 0, "kind": "UPSERT", "valueCount": 1, "attempts": 1,
        "conflictCount": 1, "httpStatus": 409,
        "rawResponse": "{\"conflicts\":[{\"value\":\"4242.5 is not an integer\"}]}"}]);
    value["conflicts"] = json!([{"errorCode": "E7619", "message": "4242.5 is not an integer",
        "chunk": 0}]);
    value["leftBehind"] = json!([{"kind": "REFUSED", "reason": "not an integer", "value":
        {"dataElement": "fbfJHSPpUQD", "period": "202611", "orgUnit": "DiszpKrYNg8",
         "categoryOptionCombo": "HllvX50cXC0", "attributeOptionCombo": "HllvX50cXC0",
         "value": "4242.5"}}]);
    value["dataElements"] = serde_json::to_value(vec![sync_core::model::DataElementStats {
        data_element: "fbfJHSPpUQD".into(),
        sent: 1,
        rejected: 1,
        conflicts: 1,
        ..Default::default()
    }])
    .unwrap();
    serde_json::from_value(value).unwrap()
}

/// Issue 14: every app user reads a report's counts, only its runner (and superusers) its
/// values — from 2.41 in a dataStore key shared with the runner alone, before in the runner's
/// user data store (the 2.38–2.40 query API would hand a shared key's value to everyone).
#[tokio::test]
async fn a_reports_values_are_readable_by_its_runner_only_on_2_36_2_40_and_2_43() {
    for version in ["2.36", "2.40", "2.43"] {
        let lite = Lite::new(version);
        let client = lite.client();
        let place = reports::detail_place(&client).await.unwrap();
        // The superuser's run, saved as it goes and at its end.
        let full = report_with_values("rEport00001", "admin");
        let mut running = full.clone();
        running.status = ReportStatus::Running;
        running.left_behind.clear();
        running.conflicts.clear();
        reports::create_report(&client, &running).await.unwrap();
        reports::save_report(&client, &running).await.unwrap();
        reports::save_report(&client, &full).await.unwrap();
        let own = reports::load_report(&client, "rEport00001").await.unwrap();
        let mut expected = full.clone();
        expected.detail = Some(place);
        assert_eq!(own.report, expected, "{version}: the runner reads it whole");
        assert!(own.can_continue());
        assert_eq!(
            lite.failed().len(),
            0,
            "{version}: {}",
            lite.describe_failed()
        );

        // Another user of the app: the counts, not the values.
        lite.as_user(DATAENTRY);
        let other = reports::load_report(&client, "rEport00001").await.unwrap();
        assert_eq!(
            other.detail,
            reports::DetailAccess::Hidden {
                run_by: "admin".into()
            },
            "{version}"
        );
        assert!(!other.can_continue());
        assert!(
            other
                .detail_note()
                .unwrap()
                .contains("only visible to admin")
        );
        assert_eq!(other.report.tally, full.tally, "{version}");
        assert_eq!(other.report.data_elements, full.data_elements);
        assert_eq!(other.report.chunks[0].conflict_count, 1);
        assert!(other.report.left_behind.is_empty() && other.report.conflicts.is_empty());
        assert_eq!(
            lite.failed().len(),
            0,
            "{version}: nothing refused was asked for"
        );
        // Nor by asking the dataStore directly, key by key or with the query API.
        let detail_key = store::report_detail_key("rEport00001");
        let direct = client.data_store_get(NAMESPACE, &detail_key).await;
        match place {
            DetailPlace::SharedKey => assert!(
                matches!(direct, Err(ApiError::Forbidden { .. })),
                "{version}: {direct:?}"
            ),
            DetailPlace::UserDataStore => assert!(direct.unwrap_err().is_not_found()),
        }
        let everything = client.data_store_entries(NAMESPACE, &[]).await.unwrap();
        let text = serde_json::to_string(&everything.iter().map(|e| &e.value).collect::<Vec<_>>())
            .unwrap();
        assert!(!text.contains("4242"), "{version}: {text}");
        assert!(
            client
                .user_data_store_get(NAMESPACE, &detail_key, None)
                .await
                .unwrap_err()
                .is_not_found()
        );
        lite.forget_log();

        // A run of `dataentry` itself: its values are its own, and the superuser's.
        let mine = report_with_values("rEport00002", "dataentry");
        reports::create_report(&client, &mine).await.unwrap();
        reports::save_report(&client, &mine).await.unwrap();
        let loaded = reports::load_report(&client, "rEport00002").await.unwrap();
        assert_eq!(loaded.detail, reports::DetailAccess::Complete, "{version}");
        assert_eq!(loaded.report.left_behind, mine.left_behind);
        assert_eq!(
            lite.failed().len(),
            0,
            "{version}: {}",
            lite.describe_failed()
        );
        lite.as_user(ADMIN);
        let by_superuser = reports::load_report(&client, "rEport00002").await.unwrap();
        assert_eq!(by_superuser.report.conflicts, mine.conflicts, "{version}");
        // A superuser continuing it would save its detail to its own user data store before
        // 2.41, away from where the report says: only the runner continues there.
        assert_eq!(
            by_superuser.can_continue(),
            place == DetailPlace::SharedKey,
            "{version}"
        );

        // The history lists the reports, not their details; deleting a report deletes its
        // detail.
        assert_eq!(reports::list_history(&client).await.unwrap().len(), 2);
        assert!(
            reports::delete_reports(&client, &["rEport00001".to_string()])
                .await
                .is_empty()
        );
        let left = match place {
            DetailPlace::SharedKey => client.data_store_keys(NAMESPACE).await.unwrap(),
            DetailPlace::UserDataStore => client.user_data_store_keys(NAMESPACE).await.unwrap(),
        };
        assert!(!left.contains(&detail_key), "{version}: {left:?}");
    }
}

#[tokio::test]
async fn expired_reports_are_pruned_by_the_retention_in_the_settings() {
    let lite = Lite::new("2.41");
    let client = lite.client();
    for (id, started_at) in [
        ("rEport00001", "2026-10-01T10:00:00.000"),
        ("rEport00002", "2026-11-30T10:00:00.000"),
        ("rEport00003", "2026-12-06T10:00:00.000"),
    ] {
        reports::create_report(&client, &report(id, None, started_at, "SUCCESS"))
            .await
            .unwrap();
    }
    let today: Date = "2026-12-07".parse().unwrap();
    // The default retention (30 days) keeps the last two.
    assert_eq!(
        reports::prune_expired(&client, today).await.unwrap(),
        ["rEport00001"]
    );
    // A retention of 0 written by hand is out of range: the default applies, nothing more goes.
    client
        .data_store_save(
            NAMESPACE,
            "settings",
            &json!({"schemaVersion": 1, "retentionDays": 0}),
        )
        .await
        .unwrap();
    assert!(
        reports::prune_expired(&client, today)
            .await
            .unwrap()
            .is_empty()
    );
    let mut settings = settings::load_settings(&client).await.unwrap().settings;
    settings.retention_days = 5;
    settings::save_settings(&client, &settings).await.unwrap();
    assert_eq!(
        reports::prune_expired(&client, today).await.unwrap(),
        ["rEport00002"]
    );
    let failures = reports::delete_reports(&client, &["rEport00003".into(), "gone".into()]).await;
    assert!(failures.is_empty(), "{failures:?}");
    assert!(reports::list_history(&client).await.unwrap().is_empty());
}

// ---------------------------------------------------------------------------------------------
// Settings

#[tokio::test]
async fn settings_out_of_range_are_replaced_by_their_defaults_and_the_problems_returned() {
    let lite = Lite::new("2.41");
    let client = lite.client();
    client
        .data_store_create(
            NAMESPACE,
            "settings",
            &json!({"schemaVersion": 1, "retentionDays": 0, "maxAttempts": 50, "readChunkSize": 20}),
        )
        .await
        .unwrap();
    let loaded = settings::load_settings(&client).await.unwrap();
    assert!(loaded.stored);
    assert_eq!(loaded.settings.retention_days, 30);
    assert_eq!(loaded.settings.max_attempts, 4);
    assert_eq!(loaded.settings.read_chunk_size, 20, "in range: kept");
    let fields: Vec<SettingsField> = loaded
        .problems
        .iter()
        .map(|problem| problem.field)
        .collect();
    assert_eq!(
        fields,
        [SettingsField::RetentionDays, SettingsField::MaxAttempts]
    );
    // A value this build cannot read is an error, and the run falls back to the defaults.
    client
        .data_store_save(
            NAMESPACE,
            "settings",
            &json!({"schemaVersion": 1, "retentionDays": "many"}),
        )
        .await
        .unwrap();
    assert!(matches!(
        settings::load_settings(&client).await,
        Err(StoreError::Model(_))
    ));
    assert_eq!(
        settings::load_settings_or_default(&client).await,
        sync_core::model::Settings::default()
    );
}

#[tokio::test]
async fn settings_are_created_and_replaced_without_a_failed_request_on_2_36() {
    let lite = Lite::new("2.36");
    let client = lite.client();
    let loaded = settings::load_settings(&client).await.unwrap();
    assert!(!loaded.stored);
    let mut changed = loaded.settings;
    changed.retention_days = 60;
    settings::save_settings(&client, &changed).await.unwrap();
    changed.retention_days = 90;
    settings::save_settings(&client, &changed).await.unwrap();
    assert_eq!(
        settings::load_settings(&client).await.unwrap().settings,
        changed
    );
    assert_eq!(lite.failed().len(), 0, "{}", lite.describe_failed());
}

// ---------------------------------------------------------------------------------------------
// Mappings

#[tokio::test]
async fn a_mapping_is_created_replaced_read_and_deleted_without_a_failed_request() {
    use sync_core::mapping::{DataElementMapping, Mapping, Target};
    use sync_engine::store::mappings;
    for version in ["2.36", "2.41"] {
        let lite = Lite::new(version);
        let client = lite.client();
        assert_eq!(
            mappings::load_mapping(&client, "dEst0000001")
                .await
                .unwrap(),
            None
        );
        let mut mapping = Mapping::new("dEst0000001");
        mapping.data_elements.insert(
            "deSrc000001".into(),
            DataElementMapping::new(Target::by_hand("deDst000001")),
        );
        mappings::save_mapping(&client, &mapping, false)
            .await
            .unwrap();
        mapping
            .org_units
            .insert("ouSrc000001".into(), Target::Excluded);
        mappings::save_mapping(&client, &mapping, true)
            .await
            .unwrap();
        assert_eq!(
            mappings::load_mapping(&client, "dEst0000001")
                .await
                .unwrap(),
            Some(mapping.clone()),
            "{version}"
        );
        // Another destination's mapping is not this one's.
        assert_eq!(
            mappings::load_mapping(&client, "dEst000000").await.unwrap(),
            None
        );
        mappings::delete_mapping(&client, "dEst0000001")
            .await
            .unwrap();
        assert_eq!(
            mappings::load_mapping(&client, "dEst0000001")
                .await
                .unwrap(),
            None
        );
        assert_eq!(
            lite.failed().len(),
            0,
            "{version}: {}",
            lite.describe_failed()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Rules

#[tokio::test]
async fn a_run_is_recorded_with_its_pending_values_after_a_concurrent_edit() {
    for version in ["2.36", "2.41"] {
        let lite = Lite::new(version);
        let client = lite.client();
        let id = "RuLe0000001";
        rules::create_rule(&client, &rule(id, "Monthly"))
            .await
            .unwrap();

        let mut warning = report(
            "rEport00001",
            Some(id),
            "2026-12-07T10:00:00.000",
            "WARNING",
        );
        warning.add_left_behind([
            serde_json::from_value(json!({
                "value": value("OrgUnit0001"), "kind": "REFUSED", "reason": "Value must match",
                "code": "E7619"
            }))
            .unwrap(),
            serde_json::from_value(json!({
                "value": value("OrgUnit0002"), "kind": "LEFT_OUT", "reason": "not storable"
            }))
            .unwrap(),
        ]);
        warning.tally.planned = 3;
        warning.tally.confirmed = 2;

        // A colleague saves the rule between the run's read and its checked write.
        let mut edited = rule(id, "Edited by a colleague");
        edited.description = Some("theirs".into());
        lite.before(
            Method::Get,
            &format!("{}/metaData", rule_key(id)),
            2,
            vec![json_request(
                Method::Put,
                &rule_key(id),
                &serde_json::from_str(&to_json(&edited).unwrap()).unwrap(),
            )],
        );
        let outcome = rules::record_run(&client, &warning).await.unwrap();
        let rules::RecordOutcome::Recorded {
            read_at,
            saved_at,
            update,
        } = outcome
        else {
            panic!("{version}: recorded expected, got {outcome:?}")
        };
        assert!(matches!(&update, PendingUpdate::Moved { pending } if pending.len() == 1));
        assert!(saved_at.is_some() && read_at.is_some());

        let stored = rules::read_versioned(&client, id).await.unwrap();
        assert_eq!(stored.last_updated, saved_at, "{version}");
        let stored = stored.rule;
        assert_eq!(
            stored.name, "Edited by a colleague",
            "{version}: theirs kept"
        );
        assert_eq!(
            stored.last_successful_run,
            Some(at("2026-12-07T10:00:00.000"))
        );
        assert_eq!(
            stored.last_run.as_ref().unwrap().status,
            ReportStatus::Warning
        );
        assert_eq!(
            stored.pending.len(),
            1,
            "{version}: left out is not pending"
        );
        assert_eq!(stored.pending[0].key.org_unit, "OrgUnit0001");
        assert_eq!(stored.pending[0].kind, LeftBehindKind::Refused);
        assert_eq!(stored.pending[0].code.as_deref(), Some("E7619"));
        assert_eq!(stored.pending[0].since_report, "rEport00001");

        // The next run confirms it: nothing pending, the watermark moves on.
        let success = report(
            "rEport00002",
            Some(id),
            "2026-12-08T10:00:00.000",
            "SUCCESS",
        );
        rules::record_run(&client, &success).await.unwrap();
        let stored = rules::read_versioned(&client, id).await.unwrap().rule;
        assert!(stored.pending.is_empty(), "{version}");
        assert_eq!(
            stored.last_successful_run,
            Some(at("2026-12-08T10:00:00.000"))
        );
        assert_eq!(
            lite.failed().len(),
            0,
            "{version}: {}",
            lite.describe_failed()
        );
    }
}

#[tokio::test]
async fn a_run_gives_up_after_concurrent_edits_every_time_and_a_manual_run_records_nothing() {
    let lite = Lite::new("2.41");
    let client = lite.client();
    let id = "RuLe0000001";
    rules::create_rule(&client, &rule(id, "Monthly"))
        .await
        .unwrap();
    let edit = serde_json::from_str::<Value>(&to_json(&rule(id, "Theirs")).unwrap()).unwrap();
    // Every checked write meets a fresh save (the 2nd, 4th and 6th metaData reads are checks).
    for nth in [2, 4, 6] {
        lite.before(
            Method::Get,
            &format!("{}/metaData", rule_key(id)),
            nth,
            vec![json_request(Method::Put, &rule_key(id), &edit)],
        );
    }
    let success = report(
        "rEport00001",
        Some(id),
        "2026-12-07T10:00:00.000",
        "SUCCESS",
    );
    let error = rules::record_run(&client, &success).await.unwrap_err();
    assert!(
        matches!(error, StoreError::EditConflict { .. }),
        "{error:?}"
    );
    assert_eq!(
        rules::read_versioned(&client, id)
            .await
            .unwrap()
            .rule
            .last_run,
        None
    );

    let manual = report("rEport00002", None, "2026-12-07T10:00:00.000", "SUCCESS");
    assert_eq!(
        rules::record_run(&client, &manual).await.unwrap(),
        rules::RecordOutcome::NotARule
    );
    let unsaved = report(
        "rEport00003",
        Some("NeverSaved1"),
        "2026-12-07T10:00:00.000",
        "SUCCESS",
    );
    assert_eq!(
        rules::record_run(&client, &unsaved).await.unwrap(),
        rules::RecordOutcome::RuleMissing
    );
    assert!(lite.failed().is_empty(), "{}", lite.describe_failed());
}

#[tokio::test]
async fn rules_are_created_once_saved_with_the_edit_check_and_keep_their_run_record() {
    let lite = Lite::new("2.41");
    let client = lite.client();
    let id = "RuLe0000001";
    let created = rules::create_rule(&client, &rule(id, "Monthly"))
        .await
        .unwrap();
    assert_eq!(
        rules::create_rule(&client, &rule(id, "Again")).await,
        Err(StoreError::Exists(rule_key(id)))
    );
    // A run records itself while the user edits the version they opened.
    let mut warning = report(
        "rEport00001",
        Some(id),
        "2026-12-07T10:00:00.000",
        "WARNING",
    );
    warning.add_left_behind([serde_json::from_value(
        json!({"value": value("OrgUnit0001"), "kind": "FATE_UNKNOWN", "reason": "timed out"}),
    )
    .unwrap()]);
    lite.state.clock.advance(1000);
    let rules::RecordOutcome::Recorded {
        read_at, saved_at, ..
    } = rules::record_run(&client, &warning).await.unwrap()
    else {
        panic!("recorded")
    };
    assert_eq!(
        read_at, created,
        "the run applied to the version the user opened"
    );
    // The user's save from that version keeps the run's record (watermark, pending).
    lite.state.clock.advance(1000);
    let mine = rule(id, "Renamed");
    let saved = rules::save_edited(&client, &mine, saved_at.as_deref())
        .await
        .unwrap();
    let stored = rules::read_versioned(&client, id).await.unwrap();
    assert_eq!(stored.last_updated, saved);
    assert_eq!(stored.rule.name, "Renamed");
    assert_eq!(stored.rule.pending.len(), 1);
    assert!(stored.rule.last_successful_run.is_some());
    // A save from an old version is a conflict naming who saved.
    let conflict = rules::save_edited(&client, &mine, created.as_deref())
        .await
        .unwrap_err();
    assert!(
        matches!(conflict, StoreError::EditConflict { .. }),
        "{conflict:?}"
    );
    // The user drops the pending value.
    rules::drop_pending(&client, id, None).await.unwrap();
    assert!(
        rules::read_versioned(&client, id)
            .await
            .unwrap()
            .rule
            .pending
            .is_empty()
    );
    // Listing and deleting.
    client
        .data_store_create(NAMESPACE, "rule-broken", &json!({"schemaVersion": 99}))
        .await
        .unwrap();
    let entries = rules::load_rules(&client).await.unwrap();
    let keys: Vec<&str> = entries.iter().map(rules::RuleEntry::key).collect();
    assert_eq!(keys, ["rule-RuLe0000001", "rule-broken"]);
    assert!(matches!(entries[1], rules::RuleEntry::Broken { .. }));
    rules::delete_entry(&client, "rule-broken").await.unwrap();
    rules::delete_entry(&client, "rule-broken").await.unwrap();
    assert_eq!(rules::load_rules(&client).await.unwrap().len(), 1);
    assert_eq!(
        rules::read_versioned(&client, "gone").await,
        Err(StoreError::Deleted)
    );
}

/// An import that replaces a stored rule goes through the edit check and keeps the stored run
/// record: the file's stale run stamps never move the watermark back or forget pending values.
#[tokio::test]
async fn an_imported_rule_replacing_a_stored_one_keeps_its_run_record() {
    let lite = Lite::new("2.41");
    let client = lite.client();
    let id = "RuLe0000002";
    rules::create_rule(&client, &rule(id, "Monthly"))
        .await
        .unwrap();
    let mut warning = report(
        "rEport00002",
        Some(id),
        "2026-12-07T10:00:00.000",
        "WARNING",
    );
    warning.add_left_behind([serde_json::from_value(
        json!({"value": value("OrgUnit0001"), "kind": "REFUSED", "reason": "E7641"}),
    )
    .unwrap()]);
    lite.state.clock.advance(1000);
    rules::record_run(&client, &warning).await.unwrap();
    let recorded = rules::read_versioned(&client, id).await.unwrap();
    assert!(recorded.rule.last_successful_run.is_some());
    // The file was exported before that run: no run record.
    lite.state.clock.advance(1000);
    let imported = rule(id, "Imported");
    rules::replace_rule(&client, &imported).await.unwrap();
    let stored = rules::read_versioned(&client, id).await.unwrap();
    assert_eq!(stored.rule.name, "Imported");
    assert_eq!(stored.rule.last_run, recorded.rule.last_run);
    assert_eq!(
        stored.rule.last_successful_run,
        recorded.rule.last_successful_run
    );
    assert_eq!(stored.rule.pending.len(), 1);
    assert_ne!(stored.last_updated, recorded.last_updated);
    // A rule not stored yet is created.
    rules::replace_rule(&client, &rule("RuLe0000003", "New"))
        .await
        .unwrap();
    assert_eq!(
        rules::read_versioned(&client, "RuLe0000003")
            .await
            .unwrap()
            .rule
            .name,
        "New"
    );
}

// ---------------------------------------------------------------------------------------------
// Destinations

#[tokio::test]
async fn destinations_are_created_listed_by_name_replaced_and_deleted() {
    for version in ["2.37", "2.41"] {
        let lite = Lite::new(version);
        let client = lite.client();
        let destination = |id: &str, name: &str| {
            load::<sync_core::model::DestinationInstance>(
                &json!({
                    "schemaVersion": 1, "id": id, "name": name,
                    "url": "https://dest.example.org", "kind": {"type": "ROUTE", "routeId": "rOute000001"}
                })
                .to_string(),
            )
            .unwrap()
            .value
        };
        destinations::create_destination(&client, &destination("dEst0000002", "national"))
            .await
            .unwrap();
        destinations::create_destination(&client, &destination("dEst0000001", "District"))
            .await
            .unwrap();
        client
            .data_store_create(NAMESPACE, "destination-broken", &json!({"x": 1}))
            .await
            .unwrap();
        let loaded = destinations::load_destinations(&client).await.unwrap();
        let names: Vec<&str> = loaded
            .destinations
            .iter()
            .map(|destination| destination.name.as_str())
            .collect();
        assert_eq!(names, ["District", "national"], "{version}");
        assert_eq!(loaded.problems.len(), 1, "{version}");
        assert!(loaded.problems[0].starts_with("destination-broken: "));
        let names = rules::load_destination_names(&client).await.unwrap();
        assert_eq!(names["dEst0000001"], "District", "{version}");

        destinations::replace_destination(&client, &destination("dEst0000001", "Region"))
            .await
            .unwrap();
        assert_eq!(
            destinations::load_destination(&client, "dEst0000001")
                .await
                .unwrap()
                .name,
            "Region"
        );
        destinations::delete_destination(&client, "dEst0000001")
            .await
            .unwrap();
        destinations::delete_destination(&client, "dEst0000001")
            .await
            .unwrap();
        assert_eq!(
            destinations::load_destinations(&client)
                .await
                .unwrap()
                .destinations
                .len(),
            1,
            "{version}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// A namespace that does not exist yet

#[tokio::test]
async fn a_missing_namespace_reads_as_empty_without_a_failed_request_on_2_37_and_2_41() {
    for version in ["2.37", "2.41"] {
        let lite = Lite::new(version);
        let client = lite.client();
        assert!(!store::namespace_exists(&client).await.unwrap());
        assert_eq!(
            store::namespace_may_have_entries(&client).await.unwrap(),
            version == "2.41",
            "2.38+ may ask the query API"
        );
        assert!(rules::load_rules(&client).await.unwrap().is_empty());
        assert!(
            rules::load_destination_names(&client)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            rules::other_rule_codes(&client, None)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(
            destinations::load_destinations(&client)
                .await
                .unwrap()
                .destinations
                .is_empty()
        );
        assert!(reports::list_history(&client).await.unwrap().is_empty());
        assert!(!settings::load_settings(&client).await.unwrap().stored);
        assert!(!store::key_exists(&client, "settings").await.unwrap());
        let today: Date = "2026-12-07".parse().unwrap();
        assert!(
            reports::prune_expired(&client, today)
                .await
                .unwrap()
                .is_empty()
        );
        let run = report(
            "rEport00001",
            Some("RuLe0000001"),
            "2026-12-07T10:00:00.000",
            "SUCCESS",
        );
        assert_eq!(
            rules::record_run(&client, &run).await.unwrap(),
            rules::RecordOutcome::RuleMissing
        );
        assert_eq!(
            lite.failed().len(),
            0,
            "{version}: {}",
            lite.describe_failed()
        );
    }
    // The check can fail: listing the keys of the missing namespace is a 404.
    let lite = Lite::new("2.37");
    lite.forget_log();
    assert!(
        lite.client()
            .data_store_keys(NAMESPACE)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(lite.failed()[0].status, 404);
}
