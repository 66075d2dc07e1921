//! Fault injection (`--faults`, `/api/testing/faults`) over real sockets: one test per action,
//! the `after`/`times` windows, matching, the fault API and the command line flag.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::PathBuf;
use std::time::Duration;

use dhis2_lite::{RunningServer, Seed, ServerConfig};
use serde_json::{Value, json};

/// A dhis2-lite on a free port with an HTTP client.
struct Running {
    server: RunningServer,
    dir: PathBuf,
    http: reqwest::Client,
}

/// How a test server starts.
struct Setup<'a> {
    version: &'a str,
    rules: Value,
    allow_fault_api: bool,
}

impl Default for Setup<'_> {
    fn default() -> Self {
        Self {
            version: "2.41",
            rules: json!([]),
            allow_fault_api: true,
        }
    }
}

fn client() -> reqwest::Client {
    // No pooled connections: a connection broken on purpose is never reused by a later request,
    // and no redirect is followed, so a login redirect is seen as such.
    reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn running(setup: Setup<'_>) -> Running {
    let dir = common::seeded_dir(&format!("faults-{}", setup.version), Seed::Empty);
    let mut config = ServerConfig::new(&dir);
    config.port = 0;
    config.seed = Seed::Empty;
    config.version = setup.version.parse().unwrap();
    config.faults = dhis2_lite::faults::parse_rules(setup.rules.to_string().as_bytes()).unwrap();
    config.allow_fault_api = setup.allow_fault_api;
    Running {
        server: dhis2_lite::start(config).await.unwrap(),
        dir,
        http: client(),
    }
}

async fn with_rules(rules: Value) -> Running {
    running(Setup {
        rules,
        ..Setup::default()
    })
    .await
}

impl Running {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.base_url())
    }

    fn admin(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, self.url(path))
            .basic_auth("admin", Some("district"))
    }

    async fn get(&self, path: &str) -> reqwest::Response {
        self.admin(reqwest::Method::GET, path).send().await.unwrap()
    }

    async fn post_json(&self, path: &str, body: &Value) -> reqwest::Response {
        self.admin(reqwest::Method::POST, path)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap()
    }

    /// `GET /api/testing/faults`: the rules with `matched` and `hits`.
    async fn report(&self) -> Value {
        json_of(self.get("/api/testing/faults").await).await
    }

    async fn hits(&self) -> Vec<u64> {
        self.report()
            .await
            .as_array()
            .unwrap()
            .iter()
            .map(|rule| rule["hits"].as_u64().unwrap())
            .collect()
    }

    async fn put_rules(&self, rules: &Value) -> reqwest::Response {
        self.admin(reqwest::Method::PUT, "/api/testing/faults")
            .header("content-type", "application/json")
            .body(rules.to_string())
            .send()
            .await
            .unwrap()
    }

    async fn stop(self) {
        self.server.shutdown().await;
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// One pause of a wait for a condition; a condition still false after a minute fails the test
/// instead of leaving it stuck.
async fn waited(polls: u32, what: &str) -> u32 {
    assert!(polls < 3000, "gave up waiting for {what}");
    tokio::time::sleep(Duration::from_millis(20)).await;
    polls + 1
}

async fn json_of(response: reqwest::Response) -> Value {
    let status = response.status();
    let bytes = response.bytes().await.unwrap();
    serde_json::from_slice(&bytes)
        .unwrap_or_else(|error| panic!("{status}: not JSON ({error}): {bytes:?}"))
}

/// Ids for one importable value of the empty seed (BCG doses, a facility, January 2024).
struct ImportableValue {
    data_set: String,
    data_element: String,
    combo: String,
    org_unit: String,
}

fn importable_value(running: &Running) -> ImportableValue {
    let config = ServerConfig::new(&running.dir);
    let (state, _) = dhis2_lite::open_state(&config).unwrap();
    let metadata = state.metadata();
    let catalog = &metadata.catalog;
    let element = catalog
        .data_elements
        .iter()
        .find(|element| element.code.as_deref() == Some("CH_BCG"))
        .unwrap();
    let data_set = catalog
        .data_sets
        .iter()
        .find(|data_set| data_set.code.as_deref() == Some("DS_CHILD_HEALTH"))
        .unwrap();
    let facility = catalog
        .org_units
        .iter()
        .find(|unit| unit.level == 5)
        .unwrap();
    ImportableValue {
        data_set: data_set.uid.clone(),
        data_element: element.uid.clone(),
        combo: catalog.combo_option_combos[&element.category_combo][0].clone(),
        org_unit: facility.uid.clone(),
    }
}

impl ImportableValue {
    fn payload(&self, value: &str) -> Value {
        json!({"dataValues": [{"dataElement": self.data_element, "period": "202401",
            "orgUnit": self.org_unit, "categoryOptionCombo": self.combo, "value": value}]})
    }

    /// The stored values of this data set, period and org unit.
    async fn stored(&self, running: &Running) -> Vec<String> {
        let body = json_of(
            running
                .get(&format!(
                    "/api/dataValueSets?dataSet={}&period=202401&orgUnit={}",
                    self.data_set, self.org_unit
                ))
                .await,
        )
        .await;
        body["dataValues"]
            .as_array()
            .map(|values| {
                values
                    .iter()
                    .map(|value| value["value"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[tokio::test]
async fn a_status_rule_answers_a_web_message_and_skips_the_handler() {
    let running = with_rules(json!([
        {"method": "POST", "path": "/api/dataValueSets", "action": {"status": 502}}
    ]))
    .await;
    let value = importable_value(&running);
    let response = running
        .post_json("/api/dataValueSets", &value.payload("7"))
        .await;
    assert_eq!(response.status(), 502);
    assert_eq!(
        response.headers()["content-type"],
        "application/json;charset=UTF-8"
    );
    assert_eq!(
        json_of(response).await,
        json!({"httpStatus": "Bad Gateway", "httpStatusCode": 502, "status": "ERROR", "message": "Bad Gateway"})
    );
    assert!(value.stored(&running).await.is_empty());
    assert_eq!(running.hits().await, [1]);
    running.stop().await;
}

#[tokio::test]
async fn a_status_rule_with_a_body_answers_exactly_that_text() {
    let running = with_rules(json!([
        {"path": "/api/me", "action": {"status": 503, "body": "<html>upstream down</html>", "contentType": "text/html"}},
        {"path": "/api/system/info", "action": {"status": 500, "body": "plain"}}
    ]))
    .await;
    let html = running.get("/api/me").await;
    assert_eq!(html.status(), 503);
    assert_eq!(html.headers()["content-type"], "text/html");
    assert_eq!(html.text().await.unwrap(), "<html>upstream down</html>");
    let plain = running.get("/api/system/info").await;
    assert_eq!(plain.status(), 500);
    assert_eq!(plain.headers()["content-type"], "text/plain;charset=UTF-8");
    assert_eq!(plain.text().await.unwrap(), "plain");
    running.stop().await;
}

#[tokio::test]
async fn a_429_rule_sets_retry_after() {
    let running = with_rules(json!([
        {"path": "/api/me", "action": {"status": 429, "retryAfterSeconds": 7}}
    ]))
    .await;
    let response = running.get("/api/me").await;
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "7");
    let body = json_of(response).await;
    assert_eq!(body["httpStatusCode"], 429);
    assert_eq!(body["httpStatus"], "Too Many Requests");
    running.stop().await;
}

#[tokio::test]
async fn a_413_rule_answers_payload_too_large() {
    let running = with_rules(json!([
        {"method": "POST", "path": "/api/dataValueSets", "action": {"status": 413}}
    ]))
    .await;
    let value = importable_value(&running);
    let response = running
        .post_json("/api/dataValueSets", &value.payload("7"))
        .await;
    assert_eq!(response.status(), 413);
    assert_eq!(
        json_of(response).await,
        json!({"httpStatus": "Payload Too Large", "httpStatusCode": 413, "status": "ERROR", "message": "Payload Too Large"})
    );
    running.stop().await;
}

#[tokio::test]
async fn a_delay_rule_answers_normally_and_counts_the_fault() {
    let running = with_rules(json!([{"path": "/api/me", "action": {"delayMs": 50}}])).await;
    let response = running.get("/api/me").await;
    assert_eq!(response.status(), 200);
    assert_eq!(json_of(response).await["name"], "John Traore");
    assert_eq!(running.hits().await, [1]);
    running.stop().await;
}

#[tokio::test]
async fn a_hang_rule_never_answers_and_shutdown_still_returns() {
    let running = with_rules(json!([{"path": "/api/me", "action": {"hang": true}}])).await;
    let timed_out = running
        .admin(reqwest::Method::GET, "/api/me")
        .timeout(Duration::from_millis(300))
        .send()
        .await
        .unwrap_err();
    assert!(timed_out.is_timeout(), "{timed_out:?}");
    // A second request hangs while the server shuts down.
    let hanging = tokio::spawn(running.admin(reqwest::Method::GET, "/api/me").send());
    let mut polls = 0;
    while running.hits().await != [2] {
        polls = waited(polls, "the second request to reach the hang").await;
    }
    let dir = running.dir.clone();
    // The bound only turns a shutdown that never returns into a failure instead of a stuck test.
    tokio::time::timeout(Duration::from_secs(60), running.server.shutdown())
        .await
        .expect("shutdown returns while a request hangs");
    let ended = hanging.await.unwrap().unwrap_err();
    assert!(ended.status().is_none() && !ended.is_timeout(), "{ended:?}");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn drop_before_response_closes_the_connection_after_handling_the_request() {
    let running = with_rules(json!([
        {"method": "POST", "path": "/api/dataValueSets", "times": 1, "action": {"drop": "before-response"}}
    ]))
    .await;
    let value = importable_value(&running);
    let error = running
        .post_json_error("/api/dataValueSets", &value.payload("9"))
        .await;
    assert!(error.status().is_none(), "{error:?}");
    assert!(!error.is_timeout() && error.is_request(), "{error:?}");
    assert!(
        format!("{error:?}").contains("IncompleteMessage"),
        "connection closed before any response: {error:?}"
    );
    // The import ran: the client cannot know, which is the point of this fault.
    assert_eq!(value.stored(&running).await, ["9"]);
    assert_eq!(running.hits().await, [1]);
    running.stop().await;
}

impl Running {
    async fn post_json_error(&self, path: &str, body: &Value) -> reqwest::Error {
        self.admin(reqwest::Method::POST, path)
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap_err()
    }
}

#[tokio::test]
async fn drop_mid_body_sends_the_head_and_breaks_the_body() {
    let running = with_rules(json!([
        {"path": "/api/me", "times": 1, "action": {"drop": "mid-body"}}
    ]))
    .await;
    let response = running.get("/api/me").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"],
        "application/json",
        "the real headers are sent"
    );
    assert!(response.headers().get("content-length").is_none());
    let error = response.bytes().await.unwrap_err();
    assert!(error.is_body() || error.is_decode(), "{error:?}");
    assert_eq!(running.get("/api/me").await.status(), 200, "times: 1");
    running.stop().await;
}

#[tokio::test]
async fn truncate_after_bytes_ends_the_body_cleanly_after_n_bytes() {
    let running = with_rules(json!([
        {"path": "/api/me", "times": 1, "action": {"truncateAfterBytes": 10}}
    ]))
    .await;
    let truncated = running.get("/api/me").await;
    assert_eq!(truncated.status(), 200);
    assert!(truncated.headers().get("content-length").is_none());
    let truncated = truncated.bytes().await.unwrap();
    let whole = running.get("/api/me").await.bytes().await.unwrap();
    assert_eq!(truncated.len(), 10);
    assert_eq!(truncated, whole.slice(..10));
    assert!(serde_json::from_slice::<Value>(&truncated).is_err());
    running.stop().await;
}

/// A session cookie for admin, logged in as the version's login page does.
async fn session_cookie(running: &Running) -> String {
    let form_login = running
        .http
        .post(running.url("/dhis-web-commons-security/login.action"))
        .form(&[("j_username", "admin"), ("j_password", "district")])
        .send()
        .await
        .unwrap();
    let response = if form_login.status() == 302 {
        form_login
    } else {
        running
            .http
            .post(running.url("/api/auth/login"))
            .header("content-type", "application/json")
            .body(json!({"username": "admin", "password": "district"}).to_string())
            .send()
            .await
            .unwrap()
    };
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    cookie.split(';').next().unwrap().to_string()
}

/// Status, `Location` and body of a GET sent with `headers`.
async fn answer(running: &Running, path: &str, headers: &[(&str, &str)]) -> (u16, String, String) {
    let mut request = running.http.get(running.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|value| value.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, location, response.text().await.unwrap())
}

#[tokio::test]
async fn a_login_page_rule_answers_as_an_unauthenticated_request_per_version() {
    for (version, login_path) in [
        ("2.36", "/dhis-web-commons/security/login.action"),
        ("2.41", "/dhis-web-login/"),
        ("2.42", "/dhis-web-login/"),
    ] {
        let running = running(Setup {
            version,
            rules: json!([{"pathRegex": "^/api/me$", "action": {"loginPage": true}}]),
            ..Setup::default()
        })
        .await;
        let cookie = session_cookie(&running).await;
        let (status, _, _) =
            answer(&running, "/api/me/authorization", &[("cookie", &cookie)]).await;
        assert_eq!(status, 200, "{version}: the session works");
        for extra in [None, Some(("x-requested-with", "XMLHttpRequest"))] {
            let without_session: Vec<(&str, &str)> = extra.into_iter().collect();
            let mut with_session = without_session.clone();
            with_session.push(("cookie", &cookie));
            let faulted = answer(&running, "/api/me", &with_session).await;
            let unauthenticated = answer(&running, "/api/system/info", &without_session).await;
            assert_eq!(faulted, unauthenticated, "{version} {extra:?}");
            match extra {
                None => assert_eq!((faulted.0, faulted.1.as_str()), (302, login_path)),
                Some(_) => assert_eq!(
                    serde_json::from_str::<Value>(&faulted.2).unwrap(),
                    json!({"httpStatus":"Unauthorized","httpStatusCode":401,"status":"ERROR","message":"Unauthorized"}),
                    "{version}"
                ),
            }
        }
        let (status, _, page) = answer(&running, login_path, &[]).await;
        assert_eq!(status, 200);
        assert!(page.contains("id=\"j_username\""), "{version}");
        assert_eq!(running.hits().await, [2], "{version}");
        running.stop().await;
    }
}

/// Starts an async import of `value` and returns the notifier endpoint and the job id.
async fn start_async_import(running: &Running, payload: &Value) -> (String, String, String) {
    let response = running
        .post_json("/api/dataValueSets?async=true", payload)
        .await;
    assert_eq!(response.status(), 200);
    let body = json_of(response).await;
    let job = &body["response"];
    (
        job["relativeNotifierEndpoint"]
            .as_str()
            .unwrap()
            .to_string(),
        job["jobType"].as_str().unwrap().to_string(),
        job["id"].as_str().unwrap().to_string(),
    )
}

#[tokio::test]
async fn task_fails_ends_the_job_with_an_error_and_writes_nothing() {
    let running = with_rules(json!([
        {"method": "POST", "path": "/api/dataValueSets", "action": {"taskFails": true}}
    ]))
    .await;
    let value = importable_value(&running);
    // A synchronous import does not start a job: the rule does not match it.
    let sync = running
        .post_json("/api/dataValueSets", &value.payload("1"))
        .await;
    assert_eq!(sync.status(), 200);
    assert_eq!(running.report().await[0]["matched"], 0);
    let (endpoint, job_type, id) = start_async_import(&running, &value.payload("2")).await;
    let mut polls = 0;
    let notifications = loop {
        let notifications = json_of(running.get(&endpoint).await).await;
        if notifications
            .as_array()
            .unwrap()
            .iter()
            .any(|notification| notification["completed"] == true)
        {
            break notifications;
        }
        polls = waited(polls, "the job to complete").await;
    };
    let last = &notifications[0];
    assert_eq!(last["level"], "ERROR");
    assert_eq!(last["completed"], true);
    assert!(
        last["message"]
            .as_str()
            .unwrap()
            .starts_with("Process failed:")
    );
    let summary = running
        .get(&format!("/api/system/taskSummaries/{job_type}/{id}"))
        .await;
    assert_eq!(summary.status(), 200);
    assert!(summary.bytes().await.unwrap().is_empty(), "no summary");
    assert_eq!(value.stored(&running).await, ["1"], "the job wrote nothing");
    assert_eq!(running.hits().await, [1]);
    running.stop().await;
}

#[tokio::test]
async fn task_vanishes_writes_the_values_and_forgets_the_task() {
    let running = with_rules(json!([
        {"method": "POST", "path": "/api/dataValueSets", "action": {"taskVanishes": true}}
    ]))
    .await;
    let value = importable_value(&running);
    let (endpoint, job_type, id) = start_async_import(&running, &value.payload("5")).await;
    // The task exists while the job runs and is gone once it has written the values.
    let mut polls = 0;
    while json_of(running.get(&endpoint).await).await != json!([]) {
        polls = waited(polls, "the task to vanish").await;
    }
    assert_eq!(value.stored(&running).await, ["5"]);
    let unknown = json_of(
        running
            .get(&format!("/api/system/tasks/{job_type}/unknown"))
            .await,
    )
    .await;
    assert_eq!(unknown, json!([]), "as for an unknown id");
    let summary = running
        .get(&format!("/api/system/taskSummaries/{job_type}/{id}"))
        .await;
    assert_eq!(summary.status(), 200);
    assert!(summary.bytes().await.unwrap().is_empty());
    let all_of_type = json_of(running.get(&format!("/api/system/tasks/{job_type}")).await).await;
    assert!(all_of_type.get(&id).is_none());
    running.stop().await;
}

#[tokio::test]
async fn after_and_times_choose_the_window_of_matching_requests() {
    let running = with_rules(json!([
        {"method": "GET", "path": "/api/me", "after": 1, "times": 2, "action": {"status": 502}},
        {"path": "/api/me", "after": 4, "action": {"status": 503}}
    ]))
    .await;
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(running.get("/api/me").await.status().as_u16());
    }
    assert_eq!(statuses, [200, 502, 502, 200, 503, 503]);
    let report = running.report().await;
    assert_eq!(
        (&report[0]["matched"], &report[0]["hits"]),
        (&json!(6), &json!(2))
    );
    assert_eq!(
        (&report[1]["matched"], &report[1]["hits"]),
        (&json!(6), &json!(2))
    );
    running.stop().await;
}

#[tokio::test]
async fn rules_match_method_prefix_and_regex_on_the_normalised_path() {
    let running = with_rules(json!([
        {"method": "post", "path": "/api/41/dataValueSets", "action": {"status": 500}},
        {"path": "/api/system", "action": {"status": 501}},
        {"pathRegex": "^/api/me$", "action": {"status": 502}}
    ]))
    .await;
    let value = importable_value(&running);
    let reading = format!(
        "/api/dataValueSets?dataSet={}&period=202401&orgUnit={}",
        value.data_set, value.org_unit
    );
    let cases = [
        (reqwest::Method::GET, reading.as_str(), 200),
        (reqwest::Method::POST, "/api/41/dataValueSets.json", 500),
        (reqwest::Method::GET, "/api/system/info", 501),
        (reqwest::Method::GET, "/api/40/system/info.json", 501),
        (reqwest::Method::GET, "/api/me", 502),
        (reqwest::Method::GET, "/api/42/me.json", 502),
        (reqwest::Method::GET, "/api/me/authorization", 200),
    ];
    for (method, path, expected) in cases {
        let mut request = running.admin(method.clone(), path);
        if method == reqwest::Method::POST {
            request = request
                .header("content-type", "application/json")
                .body(value.payload("1").to_string());
        }
        let status = request.send().await.unwrap().status().as_u16();
        assert_eq!(status, expected, "{method} {path}");
    }
    assert_eq!(running.hits().await, [1, 2, 2]);
    running.stop().await;
}

#[tokio::test]
async fn the_fault_api_is_404_without_the_flag() {
    let running = running(Setup {
        allow_fault_api: false,
        ..Setup::default()
    })
    .await;
    assert_eq!(running.get("/api/testing/faults").await.status(), 404);
    assert_eq!(running.put_rules(&json!([])).await.status(), 404);
    let delete = running
        .admin(reqwest::Method::DELETE, "/api/testing/faults")
        .send()
        .await
        .unwrap();
    assert_eq!(delete.status(), 404);
    running.stop().await;
}

#[tokio::test]
async fn the_fault_api_needs_a_superuser() {
    let running = with_rules(json!([])).await;
    let forbidden = running
        .http
        .get(running.url("/api/testing/faults"))
        .basic_auth("dataentry", Some("District1!"))
        .send()
        .await
        .unwrap();
    assert_eq!(forbidden.status(), 403);
    let anonymous = running
        .http
        .put(running.url("/api/testing/faults"))
        .header("x-requested-with", "XMLHttpRequest")
        .body("[]")
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    running.stop().await;
}

#[tokio::test]
async fn put_replaces_the_rules_and_delete_clears_them() {
    let running = with_rules(json!([{"path": "/api/me", "action": {"status": 502}}])).await;
    assert_eq!(running.get("/api/me").await.status(), 502);
    let replaced = running
        .put_rules(&json!([{"path": "/api/system/info", "times": 1, "action": {"status": 503}}]))
        .await;
    assert_eq!(replaced.status(), 200);
    assert_eq!(
        json_of(replaced).await,
        json!([{"path": "/api/system/info", "times": 1, "action": {"status": 503}, "matched": 0, "hits": 0}])
    );
    assert_eq!(running.get("/api/me").await.status(), 200, "old rule gone");
    assert_eq!(running.get("/api/system/info").await.status(), 503);
    assert_eq!(running.hits().await, [1]);
    let cleared = running
        .admin(reqwest::Method::DELETE, "/api/testing/faults")
        .send()
        .await
        .unwrap();
    assert_eq!(cleared.status(), 204);
    assert_eq!(running.report().await, json!([]));
    running.stop().await;
}

#[tokio::test]
async fn faults_never_apply_to_the_fault_api() {
    let running = with_rules(json!([{"action": {"status": 500}}])).await;
    assert_eq!(running.get("/api/me").await.status(), 500);
    assert_eq!(running.get("/api/testing/faults").await.status(), 200);
    assert_eq!(
        running.get("/api/41/testing/faults.json").await.status(),
        200
    );
    assert_eq!(running.hits().await, [1]);
    running.stop().await;
}

#[tokio::test]
async fn malformed_rules_are_refused_with_the_bad_field_named() {
    let running = with_rules(json!([{"path": "/api/me", "action": {"status": 502}}])).await;
    for (rules, message) in [
        (
            json!([{"path": "/api/me", "times": "two", "action": {"status": 502}}]),
            "fault rule 0: \"times\" must be a non-negative integer, got \"two\"",
        ),
        (
            json!([{"path": "/api/me", "action": {"drop": "sometimes"}}]),
            "fault rule 0: \"action\": \"drop\" must be \"before-response\" or \"mid-body\", got \"sometimes\"",
        ),
        (
            json!({"path": "/api/me"}),
            "fault rules must be a JSON array of rule objects",
        ),
    ] {
        let refused = running.put_rules(&rules).await;
        assert_eq!(refused.status(), 400);
        assert_eq!(json_of(refused).await["message"], message);
    }
    let not_json = running
        .admin(reqwest::Method::PUT, "/api/testing/faults")
        .body("[{")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), 400);
    assert!(
        json_of(not_json).await["message"]
            .as_str()
            .unwrap()
            .starts_with("fault rules are not valid JSON")
    );
    assert_eq!(
        running.get("/api/me").await.status(),
        502,
        "the old rules stay"
    );
    running.stop().await;
}

/// A child process ended when the test ends, whatever happens.
struct KillOnDrop(std::process::Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs the `dhis2-lite` binary with `arguments` on a seeded copy.
fn serve_command(dir: &std::path::Path, arguments: &[&str]) -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_dhis2-lite"));
    command
        .args(["serve", "--port", "0", "--seed", "empty", "--data"])
        .arg(dir)
        .args(arguments)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    command
}

#[tokio::test]
async fn the_faults_flag_loads_rules_at_start_and_refuses_a_bad_file() {
    use std::io::BufRead;
    let dir = common::seeded_dir("faults-flag", Seed::Empty);
    let rules_file = dir.join("faults.json");
    std::fs::write(
        &rules_file,
        json!([{"method": "GET", "path": "/api/me", "action": {"status": 503}}]).to_string(),
    )
    .unwrap();
    let mut child = KillOnDrop(
        serve_command(&dir, &["--faults", rules_file.to_str().unwrap()])
            .spawn()
            .unwrap(),
    );
    let mut stdout = std::io::BufReader::new(child.0.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let base_url = line
        .split_whitespace()
        .find(|word| word.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .to_string();
    let http = client();
    let get = |path: &str| {
        http.get(format!("{base_url}{path}"))
            .basic_auth("admin", Some("district"))
            .send()
    };
    let faulted = get("/api/me").await;
    let not_faulted = get("/api/system/info").await;
    let api = get("/api/testing/faults").await;
    drop(child);
    assert_eq!(faulted.unwrap().status(), 503);
    assert_eq!(not_faulted.unwrap().status(), 200);
    assert_eq!(api.unwrap().status(), 404, "no --allow-fault-api");

    std::fs::write(
        &rules_file,
        r#"[{"path": "/api/me", "action": {"hang": "yes"}}]"#,
    )
    .unwrap();
    let output = serve_command(&dir, &["--faults", rules_file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("fault rule 0: \"action\": \"hang\" must be true, got \"yes\""),
        "{stderr}"
    );
    let _ = std::fs::remove_dir_all(dir);
}
