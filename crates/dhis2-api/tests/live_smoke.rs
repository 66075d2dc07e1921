//! A smoke run of every call against live servers (real DHIS2 or dhis2-lite), over the native
//! transport. It does nothing unless `DHIS2_API_SMOKE_URL` names a source instance (user and
//! password in `DHIS2_API_SMOKE_AUTH`, default `admin:district`); with `DHIS2_API_SMOKE_DEST`
//! (2.36+, same credentials) it also creates a route to it (source 2.40+) and talks to it
//! directly. It writes only a dataStore namespace of its own and dry-run imports, and removes
//! the route and keys it made.
//!
//! `DHIS2_API_SMOKE_URL=http://127.0.0.1:8080 cargo test -p dhis2-api --features native --test live_smoke -- --nocapture`
#![cfg(feature = "native")]
// A test file: its helpers panic on failure like the tests themselves.
#![allow(clippy::unwrap_used)]

use dhis2_api::model::{RouteAuth, RouteDefinition, RouteScope, UserOrgUnits, route_url};
use dhis2_api::native::NativeTransport;
use dhis2_api::query::ListQuery;
use dhis2_api::transport::Transport;
use dhis2_api::{ApiError, Auth, Dhis2Client};
use sync_core::import_result::ImportResponse;

thread_local! {
    /// The runtime every call runs on, as on the command line: one thread, I/O and timers.
    static RUNTIME: tokio::runtime::Runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
}

/// Runs one call of the async native transport to its end.
fn run<F: Future>(future: F) -> F::Output {
    RUNTIME.with(|runtime| runtime.block_on(future))
}

fn auth() -> Auth {
    let text = std::env::var("DHIS2_API_SMOKE_AUTH").unwrap_or_else(|_| "admin:district".into());
    let (username, password) = text.split_once(':').unwrap_or((&text, ""));
    Auth::Basic {
        username: username.to_string(),
        password: password.to_string(),
    }
}

fn calls<T: Transport>(client: &Dhis2Client<T>, label: &str) {
    let check = run(client.test_connection()).unwrap();
    println!(
        "[{label}] DHIS2 {} as {} (can import: {})",
        check.system.version, check.user.username, check.can_import
    );
    assert!(run(client.has_authority("ALL")).is_ok());
    println!(
        "[{label}] settings {:?}",
        run(client.analytics_settings()).unwrap()
    );

    let roots = run(client.org_unit_roots(UserOrgUnits::Capture)).unwrap();
    assert!(!roots.is_empty(), "the user has org units");
    let root = &roots[0];
    let children = run(client.org_unit_children(&root.id)).unwrap();
    println!(
        "[{label}] root {} ({} children counted, {} loaded)",
        root.name,
        root.child_count.unwrap_or(0),
        children.len()
    );
    let paths = run(client.org_unit_paths(std::slice::from_ref(&root.id))).unwrap();
    assert!(paths.iter().any(|unit| unit.id == root.id));
    let by_id = run(client.org_units_by_id(std::slice::from_ref(&root.id))).unwrap();
    assert_eq!(by_id[0].path, root.path);
    println!("[{label}] {} units in the root's subtree", paths.len());
    let levels = run(client.org_unit_levels()).unwrap();
    let at_level = run(client.org_units_at_level(2, std::slice::from_ref(&root.id))).unwrap();
    println!(
        "[{label}] {} levels, {} units at level 2",
        levels.len(),
        at_level.len()
    );
    let groups = run(client.org_unit_groups()).unwrap();
    if let Some(group) = groups.first() {
        let members = run(client.org_units_in_group(&group.id, &[])).unwrap();
        println!("[{label}] group {} has {} units", group.name, members.len());
    }

    let page = run(client.data_sets(&ListQuery::default())).unwrap();
    println!("[{label}] {} data sets", page.total);
    if let Some(first) = page.items.first() {
        let data_set = run(client.data_set(&first.id)).unwrap();
        let combos = run(client.category_option_combos(&data_set.category_combo.id)).unwrap();
        println!(
            "[{label}] {}: {} data elements, attribute combo {} with {} option combos",
            data_set.name,
            data_set.data_elements.len(),
            data_set.category_combo.name,
            combos.len()
        );
        let several = run(client.data_sets_with_elements(std::slice::from_ref(&first.id))).unwrap();
        assert_eq!(several.len(), 1);
        let params = vec![
            ("dataSet".to_string(), first.id.clone()),
            ("startDate".to_string(), "2024-01-01".to_string()),
            ("endDate".to_string(), "2024-03-31".to_string()),
            ("orgUnit".to_string(), root.id.clone()),
            ("children".to_string(), "true".to_string()),
        ];
        match run(client.data_value_sets(&params)) {
            Ok(body) => {
                println!("[{label}] dataValueSets: {} bytes", body.len());
                let streamed = run(async {
                    let mut stream = client.data_value_sets_stream(&params).await?;
                    let mut bytes = Vec::new();
                    while let Some(chunk) = stream.next_chunk().await? {
                        bytes.extend_from_slice(&chunk);
                    }
                    Ok::<_, ApiError>(bytes)
                })
                .unwrap();
                assert_eq!(streamed, body, "streamed and whole reads agree");
            }
            // Recent routes cap a relayed answer at 256 KB.
            Err(error @ ApiError::Http { status: 502, .. }) => {
                println!("[{label}] dataValueSets refused: {error}")
            }
            Err(error) => panic!("{error}"),
        }
        let missing = run(client.data_value_sets(&params[..1])).unwrap_err();
        println!("[{label}] without periods and org units: {missing}");
        assert!(missing.error_code().is_some() || missing.status() == Some(409));
    }
    let elements = run(client.data_elements(&ListQuery::default())).unwrap();
    println!("[{label}] {} data elements", elements.total);
    let groups = run(client.data_element_groups(&ListQuery::default())).unwrap();
    if let Some(group) = groups.items.first() {
        let group = run(client.data_element_group(&group.id)).unwrap();
        println!(
            "[{label}] group {} has {} data elements",
            group.name,
            group.data_elements.len()
        );
    }

    let dry_run = vec![("dryRun".to_string(), "true".to_string())];
    let raw = run(client.post_data_value_set(br#"{"dataValues":[]}"#.to_vec(), &dry_run)).unwrap();
    println!(
        "[{label}] empty dry-run import: HTTP {} {:?}",
        raw.status,
        raw.parse_import()
            .map(|r| matches!(r, ImportResponse::Completed(_)))
    );
    let bogus = format!(
        r#"{{"dataValues":[{{"dataElement":"xxxxxxxxxxx","period":"202401","orgUnit":"{}","value":"1"}}]}}"#,
        root.id
    );
    let raw = run(client.post_data_value_set(bogus.into_bytes(), &dry_run)).unwrap();
    match raw.parse_import() {
        Ok(ImportResponse::Completed(outcome)) => {
            println!(
                "[{label}] bogus dry-run import: HTTP {} {:?}, {} conflict(s)",
                raw.status,
                outcome.status,
                outcome.conflicts.len()
            );
            assert!(!outcome.conflicts.is_empty());
        }
        other => panic!("{other:?}"),
    }
    let async_run = vec![
        ("dryRun".to_string(), "true".to_string()),
        ("async".to_string(), "true".to_string()),
    ];
    let raw =
        run(client.post_data_value_set(br#"{"dataValues":[]}"#.to_vec(), &async_run)).unwrap();
    if let Ok(ImportResponse::Started(task)) = raw.parse_import() {
        for _ in 0..50 {
            if run(client.import_task_progress(&task)).unwrap().completed {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let summary = run(client.import_task_summary(&task)).unwrap();
        println!(
            "[{label}] async dry run summary: {:?}",
            summary.map(|s| s.status)
        );
    }

    let ns = "dhis2-api-smoke";
    let _ = run(client.data_store_delete(ns, "a"));
    let _ = run(client.data_store_delete(ns, "b"));
    run(client.data_store_save(ns, "a", &serde_json::json!({"name":"A","n":1}))).unwrap();
    run(client.data_store_create(ns, "b", &serde_json::json!({"name":"B","n":2}))).unwrap();
    let duplicate = run(client.data_store_create(ns, "b", &serde_json::json!({})));
    assert!(duplicate.unwrap_err().is_conflict());
    let versioned = run(client.data_store_get_versioned(ns, "a")).unwrap();
    let saved = run(client.data_store_update_checked(
        ns,
        "a",
        &serde_json::json!({"name":"A2","n":3}),
        versioned.meta.last_updated.as_deref(),
    ))
    .unwrap();
    println!("[{label}] dataStore meta after save: {saved:?}");
    let stale = run(client.data_store_update_checked(
        ns,
        "a",
        &serde_json::json!({}),
        Some("1999-01-01T00:00:00.000"),
    ));
    assert!(matches!(stale, Err(ApiError::EditConflict { .. })));
    let entries = run(client.data_store_entries(ns, &[])).unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].value["name"], "A2");
    let names = run(client.data_store_entries(ns, &["name"])).unwrap();
    assert_eq!(names[1].value["name"], "B");
    assert_eq!(run(client.data_store_keys(ns)).unwrap(), ["a", "b"]);
    run(client.data_store_delete(ns, "a")).unwrap();
    run(client.data_store_delete(ns, "b")).unwrap();
    assert!(
        run(client.data_store_get(ns, "a"))
            .unwrap_err()
            .is_not_found()
    );
    assert_eq!(
        run(client.data_store_keys(ns)).unwrap(),
        Vec::<String>::new()
    );
    println!("[{label}] dataStore round trip done");
}

#[test]
fn live_smoke() {
    let Ok(source_url) = std::env::var("DHIS2_API_SMOKE_URL") else {
        return;
    };
    let source = Dhis2Client::direct(NativeTransport::default(), &source_url, auth());
    calls(&source, "source");
    let Ok(dest_url) = std::env::var("DHIS2_API_SMOKE_DEST") else {
        return;
    };
    let dest = Dhis2Client::direct(NativeTransport::default(), &dest_url, auth());
    calls(&dest, "direct");
    let wrong = Dhis2Client::direct(
        NativeTransport::default(),
        &dest_url,
        Auth::Basic {
            username: "admin".into(),
            password: "wrong".into(),
        },
    );
    let refused = run(wrong.system_info()).unwrap_err();
    println!("[direct] wrong password: {refused}");
    assert!(matches!(refused, ApiError::CredentialsRejected { .. }));

    if !run(source.system_info()).unwrap().has_routes() {
        return;
    }
    let Auth::Basic { username, password } = auth() else {
        unreachable!()
    };
    let definition = RouteDefinition {
        name: "dhis2-api smoke".into(),
        code: "dhis2-api-smoke".into(),
        url: route_url(&dest_url, RouteScope::Api),
        auth: RouteAuth::HttpBasic { username, password },
        authorities: vec![],
        sharing: None,
        response_timeout_seconds: Some(30),
        disabled: false,
    };
    for route in run(source.routes()).unwrap() {
        if route.code.as_deref() == Some("dhis2-api-smoke") {
            run(source.delete_route(&route.id)).unwrap();
        }
    }
    let id = run(source.create_route(&definition)).unwrap();
    let listed = run(source.route(&id)).unwrap();
    println!("[route] created {id}: {listed:?}");
    let through = source.route_client(&id, RouteScope::Api);
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        calls(&through, "route");
    }));
    run(source.delete_route(&id)).unwrap();
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}
