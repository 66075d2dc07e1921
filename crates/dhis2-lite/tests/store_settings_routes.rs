//! Reference §8 (dataStore), §2.5 (system settings), §11 (CORS, routes) and §1.1 (tokens).
#![allow(clippy::unwrap_used)]

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::{TestServer, all_versions, multipart_file, zip_of};
use dhis2_lite::Seed;
use serde_json::json;

fn json_body(value: serde_json::Value) -> Option<(&'static str, Vec<u8>)> {
    Some(("application/json", value.to_string().into_bytes()))
}

#[tokio::test]
async fn s8_1_crud_status_codes_and_wording_per_version() {
    for version in all_versions() {
        let minor: u8 = version[2..].parse().unwrap();
        let server = TestServer::new(&version, Seed::Empty);
        let created = server
            .call(
                Method::POST,
                "/api/dataStore/sync/rule1",
                json_body(json!({"a": 1})),
            )
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{version}");
        let created_message = created.json()["message"].clone();
        assert_eq!(created.json()["httpStatus"], "Created");
        if minor >= 37 {
            assert_eq!(created_message, "Key created: 'rule1'");
        } else {
            assert_eq!(created_message, "Key 'rule1' created.");
        }
        let duplicate = server
            .call(
                Method::POST,
                "/api/dataStore/sync/rule1",
                json_body(json!({"a": 2})),
            )
            .await;
        assert_eq!(duplicate.status, StatusCode::CONFLICT);
        if minor >= 37 {
            assert_eq!(
                duplicate.json()["message"],
                "Key 'rule1' already exists in namespace 'sync'"
            );
        }
        assert_eq!(
            duplicate.json().get("errorCode").is_some(),
            minor >= 40,
            "{version}"
        );
        assert_eq!(
            server.get("/api/dataStore/sync/rule1").await.json(),
            json!({"a": 1})
        );
        assert_eq!(
            server.get("/api/dataStore/sync").await.json(),
            json!(["rule1"])
        );
        assert!(
            server
                .get("/api/dataStore")
                .await
                .json()
                .as_array()
                .unwrap()
                .contains(&json!("sync"))
        );
        let missing = server.get("/api/dataStore/sync/nope").await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        if minor >= 37 {
            assert_eq!(
                missing.json()["message"],
                "Key 'nope' not found in namespace 'sync'"
            );
        } else {
            assert_eq!(
                missing.json()["message"],
                "The key 'nope' was not found in the namespace 'sync'."
            );
        }
        let upsert = server
            .call(
                Method::PUT,
                "/api/dataStore/sync/rule2",
                json_body(json!([1, 2])),
            )
            .await;
        if minor >= 38 {
            assert_eq!(upsert.status, StatusCode::CREATED, "{version}");
        } else {
            assert_eq!(upsert.status, StatusCode::NOT_FOUND, "{version}");
        }
        let updated = server
            .call(
                Method::PUT,
                "/api/dataStore/sync/rule1",
                json_body(json!({"a": 3})),
            )
            .await;
        assert_eq!(updated.status, StatusCode::OK);
        let invalid = server
            .call(
                Method::POST,
                "/api/dataStore/sync/bad",
                Some(("application/json", b"{nope".to_vec())),
            )
            .await;
        assert_eq!(invalid.status, StatusCode::BAD_REQUEST);
        let metadata = server
            .get("/api/dataStore/sync/rule1/metaData")
            .await
            .json();
        assert_eq!(metadata["key"], "rule1");
        assert!(metadata.get("value").is_none());
        assert_eq!(
            server
                .call(Method::DELETE, "/api/dataStore/sync/rule1", None)
                .await
                .status,
            StatusCode::OK
        );
        assert_eq!(
            server
                .call(Method::DELETE, "/api/dataStore/sync", None)
                .await
                .status,
            if minor >= 38 {
                StatusCode::OK
            } else {
                StatusCode::NOT_FOUND
            }
        );
        let gone = server.get("/api/dataStore/sync").await;
        assert_eq!(gone.status, StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn s8_2_query_api_from_2_38() {
    let server = TestServer::new("2.41", Seed::Empty);
    for (key, name, age) in [("a", "Alpha", 3), ("b", "Beta", 1), ("c", "Gamma", 2)] {
        server
            .call(
                Method::POST,
                &format!("/api/dataStore/people/{key}"),
                json_body(json!({"name": name, "age": age})),
            )
            .await;
    }
    let page = server
        .get("/api/dataStore/people?fields=name&filter=age:ge:2&order=age:desc")
        .await
        .json();
    assert_eq!(page["pager"], json!({"page": 1, "pageSize": 50}));
    assert_eq!(
        page["entries"],
        json!([{"key": "a", "name": "Alpha"}, {"key": "c", "name": "Gamma"}])
    );
    let whole = server
        .get("/api/dataStore/people?fields=.&headless=true&filter=_:eq:b")
        .await
        .json();
    assert_eq!(
        whole,
        json!([{"key": "b", "value": {"name": "Beta", "age": 1}}])
    );
}

#[tokio::test]
async fn s8_2_app_reserved_namespace_is_protected() {
    let server = TestServer::new("2.41", Seed::Empty);
    let manifest = json!({"name": "Aggregate Sync", "short_name": "aggregate-sync", "activities": {"dhis": {"href": "*", "namespace": "aggregate-sync"}}}).to_string();
    let (content_type, body) = multipart_file(
        "app.zip",
        &zip_of(&[("manifest.webapp", manifest.as_bytes())]),
    );
    server
        .call(Method::POST, "/api/apps", Some((&content_type, body)))
        .await;
    let admin = server
        .call(
            Method::POST,
            "/api/dataStore/aggregate-sync/rules",
            json_body(json!([])),
        )
        .await;
    assert_eq!(admin.status, StatusCode::CREATED);
    let with_app = server
        .call_as(
            ("dataentry", "District1!"),
            Method::GET,
            "/api/dataStore/aggregate-sync/rules",
            None,
        )
        .await;
    assert_eq!(with_app.status, StatusCode::OK);
    let without_app = server
        .call_as(
            ("noapp", "District1!"),
            Method::GET,
            "/api/dataStore/aggregate-sync/rules",
            None,
        )
        .await;
    assert_eq!(without_app.status, StatusCode::FORBIDDEN);
    assert_eq!(
        without_app.json()["message"],
        "Namespace 'aggregate-sync' is protected, access denied"
    );
    let other = json!({"name": "Other", "activities": {"dhis": {"namespace": "aggregate-sync"}}})
        .to_string();
    let (content_type, body) = multipart_file(
        "other.zip",
        &zip_of(&[("manifest.webapp", other.as_bytes())]),
    );
    assert_eq!(
        server
            .call(Method::POST, "/api/apps", Some((&content_type, body)))
            .await
            .status,
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn s2_5_system_settings() {
    let server = TestServer::new("2.41", Seed::Empty);
    let settings = server.get("/api/systemSettings").await.json();
    assert_eq!(
        settings["analyticsFinancialYearStart"],
        "FINANCIAL_YEAR_OCTOBER"
    );
    assert_eq!(settings["keyDataImportStrictPeriods"], false);
    server
        .call(
            Method::POST,
            "/api/systemSettings/keyDataImportStrictPeriods?value=true",
            None,
        )
        .await;
    let one = server
        .get("/api/systemSettings?key=keyDataImportStrictPeriods")
        .await
        .json();
    assert_eq!(one, json!({"keyDataImportStrictPeriods": true}));
    let text = server
        .get("/api/systemSettings/applicationTitle")
        .await
        .text();
    assert_eq!(text, "Mambara HMIS");
    let refused = server
        .call_as(
            ("noapp", "District1!"),
            Method::POST,
            "/api/systemSettings/applicationTitle?value=x",
            None,
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn s11_cors_allowlist_and_preflight() {
    for (version, alias) in [("2.40", false), ("2.41", true)] {
        let server = TestServer::new(version, Seed::Empty);
        let origin = "http://127.0.0.1:9999";
        let preflight = || {
            Request::builder()
                .method(Method::OPTIONS)
                .uri("/api/dataValueSets")
                .header("host", "127.0.0.1:8080")
                .header("origin", origin)
                .header("access-control-request-method", "POST")
                .header(
                    "access-control-request-headers",
                    "authorization,content-type",
                )
                .body(Body::empty())
                .unwrap()
        };
        let refused = server.send(preflight()).await;
        assert!(refused.header("access-control-allow-origin").is_none());
        let set = server
            .call(
                Method::POST,
                "/api/configuration/corsWhitelist",
                json_body(json!([origin])),
            )
            .await;
        assert_eq!(set.status, StatusCode::NO_CONTENT);
        assert_eq!(
            server.get("/api/configuration/corsWhitelist").await.json(),
            json!([origin])
        );
        assert_eq!(
            server.get("/api/configuration/corsAllowlist").await.status == StatusCode::OK,
            alias,
            "{version}"
        );
        let allowed = server.send(preflight()).await;
        assert_eq!(allowed.status, StatusCode::NO_CONTENT);
        assert_eq!(
            allowed.header("access-control-allow-origin").unwrap(),
            origin
        );
        assert_eq!(
            allowed.header("access-control-allow-credentials").unwrap(),
            "true"
        );
        assert_eq!(
            allowed.header("access-control-allow-methods").unwrap(),
            "POST"
        );
        assert_eq!(allowed.header("access-control-max-age").unwrap(), "3600");
        let request = Request::builder()
            .uri("/api/system/ping")
            .header("host", "127.0.0.1:8080")
            .header("origin", origin)
            .body(Body::empty())
            .unwrap();
        let simple = server.send(request).await;
        assert_eq!(
            simple.header("access-control-allow-origin").unwrap(),
            origin
        );
        assert_eq!(
            simple.header("access-control-expose-headers").unwrap(),
            "ETag, Location"
        );
    }
}

#[tokio::test]
async fn s1_1_personal_access_tokens() {
    for (version, prefix) in [("2.38", "d2pat_"), ("2.41", "d2p_")] {
        let server = TestServer::new(version, Seed::Empty);
        let created = server
            .call(Method::POST, "/api/apiToken", json_body(json!({})))
            .await;
        assert_eq!(created.status, StatusCode::CREATED);
        let key = created.json()["response"]["key"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(
            created.json()["response"]["responseType"],
            "ApiTokenCreationResponse"
        );
        assert!(key.starts_with(prefix), "{version}: {key}");
        let with_token = |token: String| {
            Request::builder()
                .uri("/api/me")
                .header("authorization", format!("ApiToken {token}"))
                .body(Body::empty())
                .unwrap()
        };
        let me = server.send(with_token(key.clone())).await;
        assert_eq!(me.status, StatusCode::OK);
        assert_eq!(me.json()["displayName"], "John Traore");
        let mut broken = key.clone();
        broken.pop();
        broken.push(if key.ends_with('A') { 'B' } else { 'A' });
        let bad_checksum = server.send(with_token(broken)).await;
        assert_eq!(bad_checksum.status, StatusCode::BAD_REQUEST);
        assert_eq!(bad_checksum.json()["message"], "Checksum validation failed");
        let malformed = server.send(with_token("not valid!".into())).await;
        assert_eq!(malformed.json()["message"], "Api token is malformed");
        let unknown = server
            .send(with_token(dhis2_lite::api::tokens::generate_token(prefix)))
            .await;
        assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
        assert_eq!(unknown.json()["message"], "The API token does not exists");
    }
}

#[tokio::test]
async fn s11_1_routes_encrypt_secrets_and_proxy_to_loopback() {
    let target_dir = common::temp_dir("route-target");
    let mut target_config = dhis2_lite::ServerConfig::new(&target_dir);
    target_config.port = 0;
    target_config.seed = Seed::Empty;
    target_config.clock_start = Some(dhis2_lite::clock::test_clock_start().unwrap());
    target_config.version = "2.38".parse().unwrap();
    let target = dhis2_lite::start(target_config).await.unwrap();

    let source_dir = common::temp_dir("route-source");
    let mut source_config = dhis2_lite::ServerConfig::new(&source_dir);
    source_config.port = 0;
    source_config.seed = Seed::Empty;
    source_config.clock_start = Some(dhis2_lite::clock::test_clock_start().unwrap());
    source_config.allow_loopback_routes = true;
    let (state, _) = dhis2_lite::open_state(&source_config).unwrap();
    let server = TestServer {
        state: std::sync::Arc::new(state),
        dir: source_dir,
    };

    let route = json!({"name": "Destination", "code": "destination", "url": format!("{}/**", target.base_url()),
        "auth": {"type": "http-basic", "username": "admin", "password": "district"}, "authorities": ["M_aggregatesync"]});
    let created = server
        .call(Method::POST, "/api/routes", json_body(route))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    let id = created.json()["response"]["uid"]
        .as_str()
        .unwrap()
        .to_string();
    let listed = server.get(&format!("/api/routes/{id}")).await.json();
    assert_eq!(
        listed["auth"],
        json!({"type": "http-basic", "username": "admin"}),
        "secrets are write-only"
    );
    {
        let connection = server.state.database.lock().unwrap();
        let (json_text, secret): (String, Vec<u8>) = connection
            .query_row(
                "SELECT json, secret FROM route WHERE uid = ?1",
                [&id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .unwrap();
        assert!(!json_text.contains("district"));
        assert!(
            !String::from_utf8_lossy(&secret).contains("district"),
            "secret is encrypted at rest"
        );
    }
    let proxied = server
        .get("/api/routes/destination/run/api/system/info")
        .await;
    assert_eq!(proxied.status, StatusCode::OK, "{}", proxied.text());
    assert!(
        proxied.json()["version"]
            .as_str()
            .unwrap()
            .starts_with("2.38")
    );
    let by_data_entry = server
        .call_as(
            ("dataentry", "District1!"),
            Method::GET,
            &format!("/api/routes/{id}/run/api/me"),
            None,
        )
        .await;
    assert_eq!(
        by_data_entry.status,
        StatusCode::OK,
        "route authority lets the app's users run it"
    );
    assert_eq!(by_data_entry.json()["userCredentials"]["username"], "admin");
    // Created without sharing, the route got DHIS2's default for new metadata: public, so any
    // logged-in user may run it (what the app must avoid by sending its own sharing).
    assert_eq!(listed["sharing"]["public"], "rw------", "{listed}");
    assert_eq!(
        listed["sharing"]["owner"],
        dhis2_lite::users::ADMIN_USER_UID
    );
    let by_other = server
        .call_as(
            ("noapp", "District1!"),
            Method::GET,
            &format!("/api/routes/{id}/run/api/me"),
            None,
        )
        .await;
    assert_eq!(by_other.status, StatusCode::OK);
    target.shutdown().await;
    let _ = std::fs::remove_dir_all(&target_dir);

    let refused_server = TestServer::new("2.41", Seed::Empty);
    let route = json!({"name": "Loopback", "url": "http://127.0.0.1:1/**"});
    let created = refused_server
        .call(Method::POST, "/api/routes", json_body(route))
        .await;
    let id = created.json()["response"]["uid"]
        .as_str()
        .unwrap()
        .to_string();
    let refused = refused_server
        .get(&format!("/api/routes/{id}/run/api/me"))
        .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    let old = TestServer::new("2.39", Seed::Empty);
    assert_eq!(old.get("/api/routes").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn s8_2_user_data_store_is_per_user() {
    let server = TestServer::new("2.41", Seed::Empty);
    let created = server
        .call(
            Method::POST,
            "/api/userDataStore/prefs/theme",
            json_body(json!("dark")),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    assert_eq!(
        created.json()["message"],
        "Key 'theme' in namespace 'prefs' created."
    );
    assert_eq!(
        server.get("/api/userDataStore/prefs/theme").await.json(),
        json!("dark")
    );
    let other = server
        .call_as(
            ("noapp", "District1!"),
            Method::GET,
            "/api/userDataStore/prefs/theme",
            None,
        )
        .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let foreign = server
        .call_as(
            ("noapp", "District1!"),
            Method::GET,
            "/api/userDataStore/prefs/theme?username=admin",
            None,
        )
        .await;
    assert_eq!(foreign.status, StatusCode::CONFLICT);
    assert!(
        server
            .get("/api/dataStore")
            .await
            .json()
            .as_array()
            .unwrap()
            .is_empty(),
        "not visible in the shared store"
    );
    let deleted = server
        .call(Method::DELETE, "/api/userDataStore/prefs/theme", None)
        .await;
    assert_eq!(
        deleted.json()["message"],
        "Key 'theme' deleted from the namespace 'prefs'."
    );
}

/// A 2.41 source allowed to route to loopback, and a 2.41 target (empty seed) served over HTTP.
async fn source_and_target(
    label: &str,
) -> (TestServer, dhis2_lite::RunningServer, std::path::PathBuf) {
    let target_dir = common::temp_dir(&format!("{label}-target"));
    let mut target_config = dhis2_lite::ServerConfig::new(&target_dir);
    target_config.port = 0;
    target_config.seed = Seed::Empty;
    target_config.clock_start = Some(dhis2_lite::clock::test_clock_start().unwrap());
    let target = dhis2_lite::start(target_config).await.unwrap();
    let source_dir = common::seeded_dir(&format!("{label}-source"), Seed::Empty);
    let mut source_config = dhis2_lite::ServerConfig::new(&source_dir);
    source_config.seed = Seed::Empty;
    source_config.clock_start = Some(dhis2_lite::clock::test_clock_start().unwrap());
    source_config.allow_loopback_routes = true;
    let (state, _) = dhis2_lite::open_state(&source_config).unwrap();
    let source = TestServer {
        state: std::sync::Arc::new(state),
        dir: source_dir,
    };
    (source, target, target_dir)
}

async fn create_route(server: &TestServer, route: serde_json::Value) -> String {
    let created = server
        .call(Method::POST, "/api/routes", json_body(route))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());
    created.json()["response"]["uid"]
        .as_str()
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn s11_1_route_runs_follow_sharing_and_authorities() {
    let (server, target, target_dir) = source_and_target("route-sharing").await;
    let id = create_route(
        &server,
        json!({"name": "Managed", "code": "managed", "url": format!("{}/api/**", target.base_url()),
            "auth": {"type": "http-basic", "username": "admin", "password": "district"},
            "authorities": ["F_AGGREGATE_SYNC_MANAGE_DESTINATIONS"],
            "sharing": {"public": "--------", "external": false,
                "users": {}, "userGroups": {dhis2_lite::users::SYNC_OPERATORS_GROUP_UID:
                    {"id": dhis2_lite::users::SYNC_OPERATORS_GROUP_UID, "access": "r-------"}}}}),
    )
    .await;
    let run_as = async |user: (&str, &str)| {
        server
            .call_as(
                user,
                Method::GET,
                &format!("/api/routes/{id}/run/system/info"),
                None,
            )
            .await
            .status
    };
    assert_eq!(
        run_as(("admin", "district")).await,
        StatusCode::OK,
        "superuser and owner"
    );
    assert_eq!(
        run_as(("dataentry", "District1!")).await,
        StatusCode::OK,
        "a member of the user group the route is shared with"
    );
    assert_eq!(
        run_as(("noapp", "District1!")).await,
        StatusCode::FORBIDDEN,
        "neither shared with nor holding the route's authority"
    );
    // The same user once given the route's authority through a role.
    let role = server
        .call(
            Method::PUT,
            "/api/userRoles/Rz4xdl0SxXr",
            json_body(
                json!({"authorities": ["F_DATAVALUE_ADD", "F_AGGREGATE_SYNC_MANAGE_DESTINATIONS"]}),
            ),
        )
        .await;
    assert_eq!(role.status, StatusCode::OK, "{}", role.text());
    assert_eq!(run_as(("noapp", "District1!")).await, StatusCode::OK);
    // Reading the route's metadata needs sharing, not the authority.
    let read = server
        .call_as(
            ("noapp", "District1!"),
            Method::GET,
            &format!("/api/routes/{id}"),
            None,
        )
        .await;
    assert_eq!(read.status, StatusCode::NOT_FOUND);
    let stored = server.get(&format!("/api/routes/{id}")).await.json();
    assert_eq!(stored["sharing"]["public"], "--------");
    assert_eq!(
        stored["sharing"]["owner"],
        dhis2_lite::users::ADMIN_USER_UID
    );
    target.shutdown().await;
    let _ = std::fs::remove_dir_all(&target_dir);
}

#[tokio::test]
async fn s11_1_route_sub_paths_cannot_leave_the_route_url() {
    let (server, target, target_dir) = source_and_target("route-paths").await;
    let id = create_route(
        &server,
        json!({"name": "API only", "url": format!("{}/api/**", target.base_url()),
            "auth": {"type": "http-basic", "username": "admin", "password": "district"}}),
    )
    .await;
    let run = async |sub_path: &str| {
        server
            .get(&format!("/api/routes/{id}/run/{sub_path}"))
            .await
    };
    let info = run("system/info").await;
    assert_eq!(info.status, StatusCode::OK, "{}", info.text());
    assert!(info.json()["version"].as_str().unwrap().starts_with("2.41"));
    // `..` that stays inside the route resolves.
    assert_eq!(run("me/..%2Fsystem/info").await.status, StatusCode::OK);
    assert_eq!(run("me/%2e%2e/system/info").await.status, StatusCode::OK);
    // Out of `<target>/api/`, decoded or not: refused before any request leaves.
    for escaping in [
        "..%2Fdhis-web-dashboard/",
        "..%2fdhis-web-dashboard/",
        "%2e%2e/dhis-web-dashboard/",
        "%2E%2E%2Fdhis-web-dashboard/",
        "me/../../dhis-web-dashboard/",
        "me%2F..%2F..%2Fdhis-web-dashboard/",
        "..%5Cdhis-web-dashboard/",
    ] {
        let refused = run(escaping).await;
        assert_eq!(
            refused.status,
            StatusCode::BAD_REQUEST,
            "{escaping}: {}",
            refused.text()
        );
        assert!(
            refused.text().contains("leaves the route"),
            "{}",
            refused.text()
        );
    }
    target.shutdown().await;
    let _ = std::fs::remove_dir_all(&target_dir);
}

#[tokio::test]
async fn s11_1_a_route_relays_redirects_instead_of_following_them() {
    let (server, target, target_dir) = source_and_target("route-redirects").await;
    // No credentials: the target sends an unauthenticated non-XHR call to its login page (302).
    let id = create_route(
        &server,
        json!({"name": "No auth", "url": format!("{}/api/**", target.base_url())}),
    )
    .await;
    let relayed = server.get(&format!("/api/routes/{id}/run/me")).await;
    assert_eq!(relayed.status, StatusCode::FOUND, "{}", relayed.text());
    assert!(
        !relayed.text().contains("<form"),
        "the login page was not fetched: {}",
        relayed.text()
    );
    assert!(
        relayed.header("location").is_none(),
        "the target's Location is not relayed"
    );
    target.shutdown().await;
    let _ = std::fs::remove_dir_all(&target_dir);
}

#[cfg(unix)]
#[tokio::test]
async fn s11_1_the_route_secret_key_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let server = TestServer::new("2.41", Seed::Empty);
    let key = server.dir.join(dhis2_lite::api::routes::KEY_FILE);
    assert!(!key.exists());
    let route = json!({"name": "Secret", "url": "https://example.org/api/**",
        "auth": {"type": "api-token", "token": "d2p_secret"}});
    let created = server
        .call(Method::POST, "/api/routes", json_body(route.clone()))
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let mode = std::fs::metadata(&key).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    // A key left readable by others (an older dhis2-lite) is restricted when next used.
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let created = server
        .call(Method::POST, "/api/routes", json_body(route))
        .await;
    assert_eq!(created.status, StatusCode::CREATED);
    let mode = std::fs::metadata(&key).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "{mode:o}");
}

/// Reference additions, "Sharing of dataStore entries": an entry shared with its creator only
/// (`POST /api/sharing?type=dataStore&id=<metaData id>`) is refused to another user of the
/// app's namespace on every version when read alone (403); superusers still read it. From 2.41
/// key lists and the query API leave it out too; before, they do not (DHIS2 did not filter
/// them), which is why the app keeps such values in the user data store there.
#[tokio::test]
async fn s8_2_an_entry_shared_with_its_creator_only_is_refused_to_other_users() {
    for version in all_versions() {
        let minor: u8 = version[2..].parse().unwrap();
        let server = TestServer::new(&version, Seed::Empty);
        let manifest = json!({"name": "Aggregate Sync", "short_name": "aggregate-sync", "activities": {"dhis": {"href": "*", "namespace": "aggregate-sync"}}}).to_string();
        let (content_type, body) = multipart_file(
            "app.zip",
            &zip_of(&[("manifest.webapp", manifest.as_bytes())]),
        );
        server
            .call(Method::POST, "/api/apps", Some((&content_type, body)))
            .await;
        let dataentry = ("dataentry", "District1!");
        for key in ["open", "mine"] {
            let created = server
                .call_as(
                    dataentry,
                    Method::POST,
                    &format!("/api/dataStore/aggregate-sync/{key}"),
                    json_body(json!({"value": 42})),
                )
                .await;
            assert_eq!(created.status, StatusCode::CREATED, "{version}");
        }
        let meta = server
            .call_as(
                dataentry,
                Method::GET,
                "/api/dataStore/aggregate-sync/mine/metaData",
                None,
            )
            .await
            .json();
        assert_eq!(
            meta["sharing"]["public"], "rw------",
            "{version}: DHIS2's default"
        );
        let id = meta["id"].as_str().unwrap().to_string();
        let sharing = format!("/api/sharing?type=dataStore&id={id}");
        // Its creator shares it with itself only.
        let shared = server
            .call_as(
                dataentry,
                Method::POST,
                &sharing,
                json_body(
                    json!({"object": {"publicAccess": "--------", "externalAccess": false,
                    "userAccesses": [{"id": "DXyJmlo9rge", "access": "rw------"}],
                    "userGroupAccesses": []}}),
                ),
            )
            .await;
        assert_eq!(shared.status, StatusCode::OK, "{version}");
        assert_eq!(shared.json()["message"], "Access control set");
        let read = server.get(&sharing).await.json();
        assert_eq!(read["object"]["publicAccess"], "--------", "{version}");
        assert_eq!(read["object"]["userAccesses"][0]["id"], "DXyJmlo9rge");
        // The creator reads it; the superuser too.
        let own = server
            .call_as(
                dataentry,
                Method::GET,
                "/api/dataStore/aggregate-sync/mine",
                None,
            )
            .await;
        assert_eq!(own.json(), json!({"value": 42}), "{version}");
        assert_eq!(
            server
                .get("/api/dataStore/aggregate-sync/mine")
                .await
                .status,
            StatusCode::OK,
            "{version}: superusers pass every sharing check"
        );
        // An entry the superuser made private is refused to `dataentry`, the other app user.
        server
            .call(
                Method::POST,
                "/api/dataStore/aggregate-sync/admins",
                json_body(json!({"value": 7})),
            )
            .await;
        let admins_id = server
            .get("/api/dataStore/aggregate-sync/admins/metaData")
            .await
            .json()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let private = server
            .post_json(
                &format!("/api/sharing?type=dataStore&id={admins_id}"),
                &json!({"object": {"publicAccess": "--------"}}),
            )
            .await;
        assert_eq!(private.status, StatusCode::OK, "{version}");
        let refused = server
            .call_as(
                dataentry,
                Method::GET,
                "/api/dataStore/aggregate-sync/admins",
                None,
            )
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{version}");
        let expected = if minor >= 37 {
            "Access denied for key 'admins' in namespace 'aggregate-sync'"
        } else {
            "You do not have the authority to access the key: 'admins' in the namespace:'aggregate-sync'"
        };
        assert_eq!(refused.json()["message"], expected, "{version}");
        for (method, body) in [(Method::PUT, json_body(json!(1))), (Method::DELETE, None)] {
            let write = server
                .call_as(
                    dataentry,
                    method.clone(),
                    "/api/dataStore/aggregate-sync/admins",
                    body,
                )
                .await;
            assert_eq!(write.status, StatusCode::FORBIDDEN, "{version} {method}");
        }
        let meta = server
            .call_as(
                dataentry,
                Method::GET,
                "/api/dataStore/aggregate-sync/admins/metaData",
                None,
            )
            .await;
        assert_eq!(meta.status, StatusCode::FORBIDDEN, "{version}");
        let change = server
            .call_as(
                dataentry,
                Method::POST,
                &format!("/api/sharing?type=dataStore&id={admins_id}"),
                json_body(json!({"object": {"publicAccess": "rw------"}})),
            )
            .await;
        assert_eq!(change.status, StatusCode::FORBIDDEN, "{version}");
        // Key lists (and the 2.38+ query API) leave it out from 2.41 only.
        let keys = server
            .call_as(
                dataentry,
                Method::GET,
                "/api/dataStore/aggregate-sync",
                None,
            )
            .await
            .json();
        let listed = keys.as_array().unwrap().iter().any(|key| key == "admins");
        assert_eq!(listed, minor < 41, "{version}: {keys}");
        if minor >= 38 {
            let query = server
                .call_as(
                    dataentry,
                    Method::GET,
                    "/api/dataStore/aggregate-sync?fields=.&paging=false",
                    None,
                )
                .await
                .json();
            let values = query.to_string();
            assert_eq!(
                values.contains("\"admins\""),
                minor < 41,
                "{version}: {values}"
            );
        }
    }
    // Other types are not served here.
    let server = TestServer::new("2.41", Seed::Empty);
    assert_eq!(
        server.get("/api/sharing?type=dataSet&id=x").await.status,
        StatusCode::CONFLICT
    );
}
