//! Reference §1 (authentication, sessions, app hosting) and §2 (me, system info, user settings).
#![allow(clippy::unwrap_used)]

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::{TestServer, all_versions, multipart_file, zip_of};
use dhis2_lite::Seed;
use serde_json::json;

fn login_form_request(username: &str, password: &str) -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri("/dhis-web-commons-security/login.action")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(format!(
            "j_username={username}&j_password={password}"
        )))
        .unwrap()
}

fn session_cookie(reply: &common::Reply) -> String {
    let cookie = reply.header("set-cookie").expect("set-cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    cookie.split(';').next().unwrap().to_string()
}

#[tokio::test]
async fn s1_1_form_login_up_to_2_41_and_json_login_from_2_41() {
    for version in all_versions() {
        let server = TestServer::new(&version, Seed::Empty);
        let minor: u8 = version[2..].parse().unwrap();
        let form = server.send(login_form_request("admin", "district")).await;
        if minor <= 41 {
            assert_eq!(form.status, StatusCode::FOUND, "{version}");
            assert_eq!(form.header("location").unwrap(), "/dhis-web-dashboard/");
            let cookie = session_cookie(&form);
            let me = server
                .send(
                    Request::builder()
                        .uri("/api/me")
                        .header("cookie", &cookie)
                        .body(Body::empty())
                        .unwrap(),
                )
                .await;
            assert_eq!(me.status, StatusCode::OK, "{version}");
            let failed = server.send(login_form_request("admin", "wrong")).await;
            assert_eq!(failed.status, StatusCode::FOUND);
            assert!(failed.header("location").unwrap().ends_with("?failed=true"));
        } else {
            assert_eq!(form.status, StatusCode::NOT_FOUND, "{version}");
        }
        let json_login = server
            .send(
                Request::builder()
                    .method(Method::POST)
                    .uri("/api/auth/login")
                    .header("content-type", "application/json")
                    .body(Body::from(
                        json!({"username": "admin", "password": "district"}).to_string(),
                    ))
                    .unwrap(),
            )
            .await;
        if minor >= 41 {
            assert_eq!(json_login.status, StatusCode::OK, "{version}");
            assert_eq!(json_login.json()["loginStatus"], "SUCCESS");
            session_cookie(&json_login);
            let bad = server
                .send(
                    Request::builder()
                        .method(Method::POST)
                        .uri("/api/auth/login")
                        .header("content-type", "application/json")
                        .body(Body::from(
                            json!({"username": "admin", "password": "x"}).to_string(),
                        ))
                        .unwrap(),
                )
                .await;
            assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
            assert_eq!(bad.json()["message"], "Bad credentials");
        } else {
            assert_eq!(json_login.status, StatusCode::NOT_FOUND, "{version}");
        }
    }
}

#[tokio::test]
async fn s1_2_unauthenticated_api_calls() {
    for (version, login_path) in [
        ("2.40", "/dhis-web-commons/security/login.action"),
        ("2.41", "/dhis-web-login/"),
    ] {
        let server = TestServer::new(version, Seed::Empty);
        let xhr = server
            .send(
                Request::builder()
                    .uri("/api/me")
                    .header("x-requested-with", "XMLHttpRequest")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(xhr.status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            xhr.json(),
            json!({"httpStatus":"Unauthorized","httpStatusCode":401,"status":"ERROR","message":"Unauthorized"})
        );
        let browser = server
            .send(
                Request::builder()
                    .uri("/api/me")
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        assert_eq!(browser.status, StatusCode::FOUND);
        assert_eq!(browser.header("location").unwrap(), login_path);
        let bad_basic = server
            .call_as(("admin", "nope"), Method::GET, "/api/me", None)
            .await;
        assert_eq!(bad_basic.status, StatusCode::UNAUTHORIZED);
        let login_page = server
            .send(
                Request::builder()
                    .uri(login_path)
                    .body(Body::empty())
                    .unwrap(),
            )
            .await;
        let html = login_page.text();
        for id in ["id=\"j_username\"", "id=\"j_password\"", "id=\"submit\""] {
            assert!(html.contains(id), "{version} login page lacks {id}");
        }
    }
}

#[tokio::test]
async fn s1_1_session_timeout_expires_sessions() {
    let mut server = TestServer::new("2.41", Seed::Empty);
    std::sync::Arc::get_mut(&mut server.state)
        .unwrap()
        .session_timeout = std::time::Duration::from_millis(50);
    let cookie = session_cookie(&server.send(login_form_request("admin", "district")).await);
    let me = || {
        Request::builder()
            .uri("/api/me")
            .header("cookie", &cookie)
            .header("x-requested-with", "XMLHttpRequest")
            .body(Body::empty())
            .unwrap()
    };
    assert_eq!(server.send(me()).await.status, StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(120)).await;
    assert_eq!(server.send(me()).await.status, StatusCode::UNAUTHORIZED);
}

fn test_app_zip(top_folder: bool) -> Vec<u8> {
    let manifest = json!({
        "appType": "APP", "short_name": "test", "name": "Test App", "version": "31.0.0",
        "launch_path": "index.html", "activities": {"dhis": {"href": "*", "namespace": "test-app-ns"}},
        "icons": {"48": "icon.png"}
    })
    .to_string();
    let prefix = if top_folder { "test-app/" } else { "" };
    zip_of(&[
        (&format!("{prefix}manifest.webapp"), manifest.as_bytes()),
        (
            &format!("{prefix}index.html"),
            b"<html><base href=\"__DHIS2_BASE_URL__\">__DHIS2_APP_ROOT_URL__</html>",
        ),
        (&format!("{prefix}other.html"), b"__DHIS2_BASE_URL__"),
        (&format!("{prefix}app.wasm"), b"\0asm"),
        (&format!("{prefix}app.js"), b"console.log(1)"),
    ])
}

#[tokio::test]
async fn s1_5_install_list_serve_delete_per_version() {
    for version in all_versions() {
        let minor: u8 = version[2..].parse().unwrap();
        let server = TestServer::new(&version, Seed::Empty);
        let (content_type, body) =
            multipart_file("test-app.zip", &test_app_zip(minor.is_multiple_of(2)));
        let installed = server
            .call(Method::POST, "/api/apps", Some((&content_type, body)))
            .await;
        if minor >= 42 {
            assert_eq!(installed.status, StatusCode::CREATED, "{version}");
            assert_eq!(installed.json()["key"], "test");
        } else {
            assert_eq!(installed.status, StatusCode::NO_CONTENT, "{version}");
        }
        let apps = server.get("/api/apps").await.json();
        assert_eq!(apps[0]["key"], "test");
        assert_eq!(apps[0]["baseUrl"], "http://127.0.0.1:8080/api/apps/test");
        assert_eq!(
            apps[0]["launchUrl"],
            "http://127.0.0.1:8080/api/apps/test/index.html"
        );
        let manifest = server.get("/api/apps/test/manifest.webapp").await.json();
        assert_eq!(
            manifest["activities"]["dhis"]["href"],
            "http://127.0.0.1:8080"
        );
        let wasm = server.get("/api/apps/test/app.wasm").await;
        assert_eq!(wasm.header("content-type").unwrap(), "application/wasm");
        assert!(
            server
                .get("/api/apps/test/app.js")
                .await
                .header("content-type")
                .unwrap()
                .starts_with("text/javascript")
        );
        let index = server.get("/api/apps/test/index.html").await.text();
        let other = server.get("/api/apps/test/other.html").await.text();
        if minor >= 39 {
            assert!(
                index.contains("http://127.0.0.1:8080/api/apps/test"),
                "{version}: {index}"
            );
        } else {
            assert!(index.contains("__DHIS2_BASE_URL__"), "{version}");
        }
        assert_eq!(
            other.contains("__DHIS2_BASE_URL__"),
            minor < 42,
            "{version}"
        );
        let redirect = server.get("/api/apps/test").await;
        assert_eq!(redirect.status, StatusCode::FOUND);
        assert_eq!(redirect.header("location").unwrap(), "/api/apps/test/");
        assert_eq!(
            server.get("/api/apps/missing/index.html").await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            server
                .call(Method::DELETE, "/api/apps/test", None)
                .await
                .status,
            StatusCode::NO_CONTENT
        );
        let missing = server.call(Method::DELETE, "/api/apps/test", None).await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_eq!(missing.json()["message"], "App does not exist: test");
    }
}

#[tokio::test]
async fn s1_5_manifest_href_rewrite_of_non_star_values() {
    for (version, rewritten) in [("2.38", false), ("2.41", true), ("2.42", false)] {
        let server = TestServer::new(version, Seed::Empty);
        let manifest =
            json!({"name": "Href App", "activities": {"dhis": {"href": "http://elsewhere"}}})
                .to_string();
        let (content_type, body) = multipart_file(
            "href.zip",
            &zip_of(&[("manifest.webapp", manifest.as_bytes())]),
        );
        server
            .call(Method::POST, "/api/apps", Some((&content_type, body)))
            .await;
        let served = server
            .get("/api/apps/Href-App/manifest.webapp")
            .await
            .json();
        let expected = if rewritten {
            "http://127.0.0.1:8080"
        } else {
            "http://elsewhere"
        };
        assert_eq!(served["activities"]["dhis"]["href"], expected, "{version}");
    }
}

#[tokio::test]
async fn s1_5_bad_zips_are_409() {
    let server = TestServer::new("2.41", Seed::Empty);
    let (content_type, body) = multipart_file("bad.zip", b"not a zip");
    let reply = server
        .call(Method::POST, "/api/apps", Some((&content_type, body)))
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    let (content_type, body) = multipart_file("empty.zip", &zip_of(&[("index.html", b"x")]));
    let reply = server
        .call(Method::POST, "/api/apps", Some((&content_type, body)))
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    let (content_type, body) =
        multipart_file("json.zip", &zip_of(&[("manifest.webapp", b"{oops")]));
    assert_eq!(
        server
            .call(Method::POST, "/api/apps", Some((&content_type, body)))
            .await
            .status,
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn s1_5_a_zip_with_more_entries_than_the_limit_is_409_before_anything_is_written() {
    let server = TestServer::new("2.41", Seed::Empty);
    let limits = dhis2_lite::api::apps::APP_ZIP_LIMITS;
    let names: Vec<String> = (0..=limits.max_entries)
        .map(|index| format!("f{index}.txt"))
        .collect();
    let mut files: Vec<(&str, &[u8])> = vec![("manifest.webapp", br#"{"name":"Many files"}"#)];
    files.extend(names.iter().map(|name| (name.as_str(), &b""[..])));
    let (content_type, body) = multipart_file("many.zip", &zip_of(&files));
    let reply = server
        .call(Method::POST, "/api/apps", Some((&content_type, body)))
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.text());
    assert!(
        reply.json()["message"]
            .as_str()
            .unwrap()
            .starts_with("Zip file could not be read"),
        "{}",
        reply.text()
    );
    assert!(!server.dir.join("apps").join("Many-files").exists());
    assert_eq!(server.get("/api/apps").await.json(), json!([]));
}

#[tokio::test]
async fn s1_5_user_without_app_authority_is_refused() {
    let server = TestServer::new("2.41", Seed::Empty);
    let (content_type, body) = multipart_file("test-app.zip", &test_app_zip(false));
    server
        .call(Method::POST, "/api/apps", Some((&content_type, body)))
        .await;
    let refused = server
        .call_as(
            ("noapp", "District1!"),
            Method::GET,
            "/api/apps/test/index.html",
            None,
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn s2_1_me_shape_per_version() {
    for version in all_versions() {
        let minor: u8 = version[2..].parse().unwrap();
        let server = TestServer::new(&version, Seed::Empty);
        let me = server.get("/api/me").await.json();
        assert_eq!(me["userCredentials"]["username"], "admin");
        assert_eq!(me["displayName"], "John Traore");
        assert_eq!(me.get("username").is_some(), minor >= 38, "{version}");
        assert_eq!(me["authorities"], json!(["ALL"]));
        assert!(me["dataSets"].as_array().unwrap().len() >= 4);
        let fields = server
            .get("/api/me?fields=id,organisationUnits[id,name,level]")
            .await
            .json();
        assert_eq!(fields["organisationUnits"][0]["level"], 1);
        assert!(fields.get("authorities").is_none());
    }
}

#[tokio::test]
async fn s2_2_authorization_endpoints() {
    let server = TestServer::new("2.41", Seed::Empty);
    assert_eq!(
        server.get("/api/me/authorization").await.json(),
        json!(["ALL"])
    );
    assert_eq!(
        server
            .get("/api/me/authorization/F_DATAVALUE_ADD")
            .await
            .json(),
        json!(true)
    );
    let reply = server
        .call_as(
            ("noapp", "District1!"),
            Method::GET,
            "/api/me/authorities/ALL",
            None,
        )
        .await;
    assert_eq!(reply.json(), json!(false));
}

#[tokio::test]
async fn s1_4_admin_changes_authorities_through_user_roles() {
    let server = TestServer::new("2.41", Seed::Empty);
    let data_entry = ("dataentry", "District1!");
    let has_app = |reply: common::Reply| reply.json();
    let before = server
        .call_as(
            data_entry,
            Method::GET,
            "/api/me/authorization/M_aggregatesync",
            None,
        )
        .await;
    assert_eq!(has_app(before), json!(true));
    let role = server.get("/api/userRoles/Euq3XfEIEbx").await.json();
    assert_eq!(role["name"], "Data entry clerk");
    assert!(
        role["authorities"]
            .as_array()
            .unwrap()
            .contains(&json!("M_aggregatesync"))
    );
    let listed = server.get("/api/userRoles").await.json();
    assert_eq!(listed["userRoles"].as_array().unwrap().len(), 3);
    let body = json!({"name": "Data entry clerk", "authorities": ["F_DATAVALUE_ADD"]});
    let refused = server
        .call_as(
            data_entry,
            Method::PUT,
            "/api/userRoles/Euq3XfEIEbx",
            Some(("application/json", body.to_string().into_bytes())),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let updated = server
        .call(
            Method::PUT,
            "/api/userRoles/Euq3XfEIEbx",
            Some(("application/json", body.to_string().into_bytes())),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.text());
    assert_eq!(
        updated.json()["response"]["klass"],
        "org.hisp.dhis.user.UserRole"
    );
    let after = server
        .call_as(
            data_entry,
            Method::GET,
            "/api/me/authorization/M_aggregatesync",
            None,
        )
        .await;
    assert_eq!(has_app(after), json!(false));
    let missing = server.get("/api/userRoles/xxxxxxxxxxx").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn s2_3_system_info_reports_the_version() {
    for version in all_versions() {
        let server = TestServer::new(&version, Seed::Empty);
        let info = server.get("/api/system/info").await.json();
        assert!(
            info["version"].as_str().unwrap().starts_with(&version),
            "{version}"
        );
        assert_eq!(info["calendar"], "iso8601");
        assert_eq!(info["contextPath"], "http://127.0.0.1:8080");
        for key in [
            "revision",
            "serverDate",
            "dateFormat",
            "serverTimeZoneId",
            "systemId",
            "systemName",
        ] {
            assert!(info.get(key).is_some(), "{key}");
        }
    }
    let server = TestServer::new("2.41", Seed::Empty);
    let ping = server
        .send(
            Request::builder()
                .uri("/api/system/ping")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(ping.text(), "pong");
}

#[tokio::test]
async fn s2_4_user_settings() {
    let server = TestServer::new("2.41", Seed::Empty);
    let settings = server.get("/api/userSettings").await.json();
    assert_eq!(settings["keyUiLocale"], "en");
    let locale = server.get("/api/userSettings/keyUiLocale").await;
    assert!(
        locale
            .header("content-type")
            .unwrap()
            .starts_with("text/plain")
    );
    assert_eq!(locale.text(), "en");
    let saved = server
        .call(Method::POST, "/api/userSettings/keyUiLocale?value=fr", None)
        .await;
    assert_eq!(saved.json()["message"], "User setting saved");
    assert_eq!(
        server.get("/api/userSettings/keyUiLocale").await.text(),
        "fr"
    );
    let missing = server.get("/api/userSettings/keyNope").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(
        missing.json()["message"],
        "No user setting found with key: keyNope"
    );
}

#[tokio::test]
async fn s2_3_every_seeded_database_has_its_own_system_id_and_keeps_it() {
    // Opening a data directory as the server does (seeding it when new), without serving it.
    let system_id_of = |dir: &std::path::Path| {
        let mut config = dhis2_lite::ServerConfig::new(dir);
        config.seed = Seed::Empty;
        config.clock_start = Some(dhis2_lite::clock::test_clock_start().unwrap());
        dhis2_lite::open_state(&config).unwrap().0.system_id
    };
    let first_dir = common::temp_dir("system-id-1");
    let second_dir = common::temp_dir("system-id-2");
    let first_id = system_id_of(&first_dir);
    assert_ne!(
        first_id,
        system_id_of(&second_dir),
        "two databases are two systems"
    );
    assert_eq!(first_id.len(), 36, "a UUID: {first_id}");
    assert_eq!(
        system_id_of(&first_dir),
        first_id,
        "the database keeps its systemId"
    );
    // A database seeded before systemIds were stored gets one when opened, and keeps it.
    {
        let connection = dhis2_lite::db::open(&first_dir).unwrap();
        connection
            .execute("DELETE FROM meta WHERE key = 'systemId'", [])
            .unwrap();
    }
    let migrated_id = system_id_of(&first_dir);
    assert_ne!(migrated_id, first_id);
    assert_eq!(system_id_of(&first_dir), migrated_id);
    let _ = std::fs::remove_dir_all(&first_dir);
    let _ = std::fs::remove_dir_all(&second_dir);

    // What /api/system/info answers, to superusers and others alike (reference §2.3).
    let server = TestServer::new("2.41", Seed::Empty);
    let info = server.get("/api/system/info").await.json();
    assert_eq!(info["systemId"], server.state.system_id.as_str());
    let as_clerk = server
        .call_as(
            ("dataentry", "District1!"),
            Method::GET,
            "/api/system/info",
            None,
        )
        .await;
    assert_eq!(as_clerk.json()["systemId"], server.state.system_id.as_str());
}

#[tokio::test]
async fn passwords_are_stored_as_argon2_hashes_and_legacy_hashes_are_upgraded_at_login() {
    let server = TestServer::new("2.41", Seed::Empty);
    let stored = |username: &str| -> (String, String) {
        let connection = server.state.database.lock().unwrap();
        connection
            .query_row(
                "SELECT password_salt, password_hash FROM app_user WHERE username = ?1",
                [username],
                |row| Ok((row.get(0).unwrap(), row.get(1).unwrap())),
            )
            .unwrap()
    };
    for username in ["admin", "dataentry", "noapp"] {
        let (salt, hash) = stored(username);
        assert!(hash.starts_with("$argon2id$"), "{username}: {hash}");
        assert!(salt.is_empty());
    }
    assert_eq!(server.get("/api/me").await.status, StatusCode::OK);
    let wrong = server
        .call_as(("admin", "District"), Method::GET, "/api/me", None)
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let unknown = server
        .call_as(("nobody", "district"), Method::GET, "/api/me", None)
        .await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);

    // A database written before Argon2: salted SHA-256.
    {
        let connection = server.state.database.lock().unwrap();
        connection
            .execute(
                "UPDATE app_user SET password_salt = 'oldSalt0001', password_hash = ?1 WHERE username = 'dataentry'",
                [dhis2_lite::passwords::legacy_sha256("oldSalt0001", "District1!")],
            )
            .unwrap();
    }
    let refused = server
        .call_as(("dataentry", "District2!"), Method::GET, "/api/me", None)
        .await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        stored("dataentry").0,
        "oldSalt0001",
        "a failed login changes nothing"
    );
    let accepted = server
        .call_as(("dataentry", "District1!"), Method::GET, "/api/me", None)
        .await;
    assert_eq!(accepted.status, StatusCode::OK);
    let (salt, hash) = stored("dataentry");
    assert!(hash.starts_with("$argon2id$"), "upgraded: {hash}");
    assert!(salt.is_empty());
    let again = server
        .call_as(("dataentry", "District1!"), Method::GET, "/api/me", None)
        .await;
    assert_eq!(again.status, StatusCode::OK);
}

#[tokio::test]
async fn s2_1_users_belong_to_user_groups_that_sharing_can_name() {
    let server = TestServer::new("2.41", Seed::Empty);
    let groups = server.get("/api/userGroups").await.json();
    let names: Vec<&str> = groups["userGroups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|group| group["displayName"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Sync operators", "System administrators"]);
    let me = server
        .call_as(("dataentry", "District1!"), Method::GET, "/api/me", None)
        .await
        .json();
    assert_eq!(
        me["userGroups"][0]["id"],
        dhis2_lite::users::SYNC_OPERATORS_GROUP_UID
    );
    let no_group = server
        .call_as(("noapp", "District1!"), Method::GET, "/api/me", None)
        .await
        .json();
    assert_eq!(no_group["userGroups"], json!([]));
}

#[tokio::test]
async fn start_binds_loopback_and_survives_restart() {
    let dir = common::temp_dir("restart");
    let mut config = dhis2_lite::ServerConfig::new(&dir);
    config.port = 0;
    config.seed = Seed::Empty;
    config.clock_start = Some(dhis2_lite::clock::test_clock_start().unwrap());
    let server = dhis2_lite::start(config.clone()).await.unwrap();
    assert!(server.base_url().starts_with("http://127.0.0.1:"));
    let port = server.port();
    let stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await;
    assert!(stream.is_ok());
    server.shutdown().await;
    {
        let restarted = TestServer::open("2.41", Seed::Demo, dir.clone());
        let total = restarted.get("/api/dataSets").await.json()["pager"]["total"].clone();
        assert_eq!(total, 5);
        let connection = restarted.state.database.lock().unwrap();
        let values: i64 = connection
            .query_row("SELECT count(*) FROM datavalue", [], |row| row.get(0))
            .unwrap();
        assert_eq!(values, 0, "an existing data dir is not re-seeded");
    }
}

#[tokio::test]
async fn s1_1_home_page_lists_apps_and_logout_ends_the_session() {
    let server = TestServer::new("2.41", Seed::Empty);
    let (content_type, body) = multipart_file("test-app.zip", &test_app_zip(false));
    server
        .call(Method::POST, "/api/apps", Some((&content_type, body)))
        .await;
    let cookie = session_cookie(&server.send(login_form_request("admin", "district")).await);
    let home = server
        .send(
            Request::builder()
                .uri("/dhis-web-dashboard/")
                .header("cookie", &cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    let html = home.text();
    assert!(html.contains("id=\"app-test\""), "{html}");
    assert!(html.contains("href=\"/api/apps/test/index.html\""));
    assert!(html.contains("John Traore"));
    let root = server
        .send(
            Request::builder()
                .uri("/")
                .header("cookie", &cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(root.header("location").unwrap(), "/dhis-web-dashboard/");
    let logout = server
        .send(
            Request::builder()
                .uri("/dhis-web-commons-security/logout.action")
                .header("cookie", &cookie)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(logout.status, StatusCode::FOUND);
    let after = server
        .send(
            Request::builder()
                .uri("/api/me")
                .header("cookie", &cookie)
                .header("x-requested-with", "XMLHttpRequest")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    let favicon = server
        .send(
            Request::builder()
                .uri("/favicon.ico")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(favicon.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn s0_versioned_api_paths_and_json_suffix() {
    let server = TestServer::new("2.40", Seed::Empty);
    let plain = server.get("/api/dataSets?fields=id").await.json();
    let versioned = server.get("/api/40/dataSets.json?fields=id").await.json();
    assert_eq!(plain["dataSets"], versioned["dataSets"]);
    assert_eq!(
        server.get("/api/38/system/info").await.json()["version"],
        "2.40.12"
    );
}
