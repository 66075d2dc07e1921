//! Destinations as a user manages them: add one through a DHIS2 route (credentials typed once,
//! kept encrypted by the server, never readable by the app or stored in the dataStore; the route
//! reaches the destination's Web API only and runs for destination managers, its owner and the
//! user group chosen), test the connection (warned that the account is a superuser), edit it with
//! other credentials, delete it with its route; a direct destination from a 2.39 instance (no
//! routes), whose test says the CORS allowlist is missing until the destination allows the app's
//! origin, with the token kept only in the tab's memory; a user without the manage authority,
//! who can test but not change destinations; an old whole-server route, narrowed; and the source
//! itself or a direct destination over plain HTTP, refused.

use anyhow::{Context, Result, bail};
use fantoccini::Locator;
use fantoccini::elements::Element;
use serde_json::{Value, json};

use crate::harness::{
    Browser, Instance, InstanceOptions, RunOptions, WAIT, eventually, with_app, with_app_options,
};

/// Errors Chromium logs by itself when a cross-origin request is refused on purpose.
const CORS_CONSOLE_ERRORS: [&str; 2] = ["blocked by CORS policy", "net::ERR_FAILED"];

async fn destination_instance() -> Result<Instance> {
    Instance::start(InstanceOptions {
        seed: "empty",
        version: "2.41",
        install_app: false,
        ..InstanceOptions::default()
    })
    .await
}

/// A personal access token of the destination's admin, created through its API.
async fn create_token(destination: &Instance) -> Result<String> {
    let (status, body) = destination
        .api_send(
            reqwest::Method::POST,
            "apiToken",
            Some(&json!({"attributes": []})),
        )
        .await?;
    if !(200..300).contains(&status) {
        bail!("POST /api/apiToken answered {status}: {body}");
    }
    let created: Value = serde_json::from_str(&body)?;
    created["response"]["key"]
        .as_str()
        .map(String::from)
        .context("the token's key is in response.key")
}

async fn fill(browser: &Browser, test: &str, text: &str) -> Result<()> {
    let input = browser.wait_test(test).await?;
    input.clear().await?;
    input.send_keys(text).await?;
    Ok(())
}

async fn choose(browser: &Browser, test: &str, value: &str) -> Result<()> {
    browser
        .wait_test(test)
        .await?
        .select_by_value(value)
        .await?;
    Ok(())
}

/// The only destination row's button or cell `test`.
async fn in_row(browser: &Browser, test: &str) -> Result<Element> {
    let row = browser.wait_test("destination-row").await?;
    Ok(row
        .find(Locator::Css(&format!("[data-test='{test}']")))
        .await?)
}

/// Waits until the text of `css` contains `needle`; returns it.
async fn wait_text_containing(browser: &Browser, css: &str, needle: &str) -> Result<String> {
    eventually(
        &format!("a text of {css} containing {needle:?}"),
        WAIT,
        async || {
            let texts = browser.texts(css).await?;
            Ok(texts.into_iter().find(|text| text.contains(needle)))
        },
    )
    .await
}

async fn test_connection(browser: &Browser, expected: &str) -> Result<String> {
    in_row(browser, "destination-test").await?.click().await?;
    wait_text_containing(browser, "[data-test='destination-test-result']", expected).await
}

/// The stored destinations: (key, value) of every `destination-` key of the app's namespace.
async fn stored_destinations(source: &Instance) -> Result<Vec<(String, Value)>> {
    let (status, body) = source
        .api_send(reqwest::Method::GET, "dataStore/aggregate-sync", None)
        .await?;
    if status == 404 {
        return Ok(Vec::new());
    }
    let keys: Vec<String> = serde_json::from_str(&body)?;
    let mut stored = Vec::new();
    for key in keys
        .into_iter()
        .filter(|key| key.starts_with("destination-"))
    {
        let value = source
            .api_get(&format!("dataStore/aggregate-sync/{key}"))
            .await?;
        stored.push((key, value));
    }
    Ok(stored)
}

async fn the_stored_destination(source: &Instance) -> Result<Value> {
    let stored = stored_destinations(source).await?;
    match stored.as_slice() {
        [(_, value)] => Ok(value.clone()),
        _ => bail!("expected one stored destination, found {stored:?}"),
    }
}

fn assert_no_secret(what: &str, value: &Value, secrets: &[&str]) {
    let text = value.to_string();
    for secret in secrets {
        assert!(!text.contains(secret), "{what} holds a secret: {text}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn destination_through_a_route() -> Result<()> {
    let source = Instance::start(InstanceOptions::default()).await?;
    let destination = destination_instance().await?;
    let both = (source, destination);
    with_app(both, async |browser, (source, destination)| {
        let token = create_token(&destination).await?;
        let destination_info = destination.api_get("system/info").await?;
        let destination_version = destination_info["version"].as_str().unwrap_or_default();
        browser
            .log_in(&source.base_url(), "admin", "district")
            .await?;
        browser
            .goto(&format!("{}#/destinations", source.app_url()))
            .await?;
        browser.wait_test("destination-empty").await?;

        // Add: a route with the destination's token, typed once.
        browser.wait_test("destination-add").await?.click().await?;
        fill(&browser, "destination-name-input", "National HMIS").await?;
        let kind = browser.wait_test("destination-kind-select").await?;
        assert_eq!(kind.prop("value").await?.as_deref(), Some("route"));
        fill(&browser, "destination-url-input", &destination.base_url()).await?;
        choose(&browser, "destination-route-auth-select", "api-token").await?;
        fill(&browser, "destination-token-input", &token).await?;
        browser.wait_test("destination-save").await?.click().await?;
        browser
            .wait_texts(
                "[data-test='destination-name']",
                &["National HMIS".to_string()],
            )
            .await?;
        assert_eq!(
            in_row(&browser, "destination-kind").await?.text().await?,
            "Route"
        );

        let summary = test_connection(&browser, "Connected to").await?;
        assert!(summary.contains(destination_version), "{summary}");
        assert!(summary.contains("may import data values"), "{summary}");
        // The destination's admin token acts as a superuser: the test says so.
        let warning = in_row(&browser, "destination-test-warning")
            .await?
            .text()
            .await?;
        assert!(warning.contains("superuser (ALL)"), "{warning}");

        // The dataStore holds no secret; the route exists and does not show its token.
        let stored = the_stored_destination(&source).await?;
        assert_no_secret("the dataStore value", &stored, &[&token]);
        assert_eq!(stored["kind"]["type"], "ROUTE");
        assert_eq!(stored["kind"]["scope"], "API");
        let route_id = stored["kind"]["routeId"]
            .as_str()
            .context("routeId")?
            .to_string();
        let route = source
            .api_get(&format!("routes/{route_id}?fields=*"))
            .await?;
        assert_no_secret("the route", &route, &[&token]);
        // The destination's Web API only, for destination managers and its owner: not public,
        // not for every user of the app.
        assert_eq!(route["url"], format!("{}/api/**", destination.base_url()));
        assert_eq!(
            route["authorities"],
            json!(["F_AGGREGATE_SYNC_MANAGE_DESTINATIONS"]),
            "{route}"
        );
        assert_eq!(route["sharing"]["public"], "--------", "{route}");
        assert_eq!(route["sharing"]["owner"], dhis2_lite::users::ADMIN_USER_UID);
        let run_path = format!("/api/routes/{route_id}/run/system/info");
        assert_eq!(
            source
                .status_as("dataentry", "District1!", &run_path)
                .await?,
            403,
            "a user of the app who neither manages destinations nor is in the route's group"
        );
        let escape = format!("/api/routes/{route_id}/run/..%2F..%2Fdhis-web-dashboard/");
        assert_eq!(source.status_as("admin", "district", &escape).await?, 400);

        // Edit: another name, and Basic credentials instead of the token.
        in_row(&browser, "destination-edit").await?.click().await?;
        browser.wait_test("destination-form").await?;
        browser
            .client()
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css("[data-test='destination-name-input']"))
            .await?;
        fill(&browser, "destination-name-input", "National HMIS (Basic)").await?;
        choose(&browser, "destination-route-auth-select", "http-basic").await?;
        fill(&browser, "destination-username-input", "admin").await?;
        fill(&browser, "destination-password-input", "district").await?;
        // The people who run rules may send through it too.
        let group = dhis2_lite::users::SYNC_OPERATORS_GROUP_UID;
        browser
            .wait_css(&format!(
                "[data-test='destination-route-group-select'] option[value='{group}']"
            ))
            .await?;
        choose(&browser, "destination-route-group-select", group).await?;
        browser.wait_test("destination-save").await?.click().await?;
        browser
            .wait_texts(
                "[data-test='destination-name']",
                &["National HMIS (Basic)".to_string()],
            )
            .await?;
        let summary = test_connection(&browser, "Connected to").await?;
        assert!(summary.contains("(admin)"), "{summary}");
        let stored = the_stored_destination(&source).await?;
        assert_no_secret("the dataStore value", &stored, &[&token, "district"]);
        assert_eq!(stored["kind"]["routeId"], route_id.as_str());
        let route = source
            .api_get(&format!("routes/{route_id}?fields=*"))
            .await?;
        assert_no_secret("the route", &route, &[&token, "district"]);
        assert_eq!(route["sharing"]["userGroups"][group]["access"], "r-------");
        assert_eq!(
            source
                .status_as("dataentry", "District1!", &run_path)
                .await?,
            200,
            "a member of the route's user group"
        );
        assert_eq!(
            source.status_as("noapp", "District1!", &run_path).await?,
            403
        );

        // Delete, after an inline confirmation: the route goes too.
        in_row(&browser, "destination-delete")
            .await?
            .click()
            .await?;
        browser.wait_test("destination-delete-confirm").await?;
        browser
            .wait_test("destination-delete-yes")
            .await?
            .click()
            .await?;
        browser.wait_test("destination-empty").await?;
        assert!(stored_destinations(&source).await?.is_empty());
        let status = source.api_status(&format!("routes/{route_id}")).await?;
        assert_eq!(status, 404, "the route is deleted");
        Ok::<_, anyhow::Error>(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn direct_destination_needs_the_cors_allowlist() -> Result<()> {
    let source = Instance::start(InstanceOptions {
        version: "2.39",
        ..InstanceOptions::default()
    })
    .await?;
    let destination = destination_instance().await?;
    let both = (source, destination);
    let options = RunOptions {
        allowed_console_errors: &CORS_CONSOLE_ERRORS,
        ..RunOptions::default()
    };
    with_app_options(both, options, async |browser, (source, destination)| {
        let token = create_token(&destination).await?;
        browser
            .log_in(&source.base_url(), "admin", "district")
            .await?;
        browser
            .goto(&format!("{}#/destinations/new", source.app_url()))
            .await?;

        // 2.39 has no routes: a direct destination with a token kept in memory.
        browser.wait_test("destination-no-routes").await?;
        let kind = browser.wait_test("destination-kind-select").await?;
        assert_eq!(kind.prop("value").await?.as_deref(), Some("direct-token"));
        fill(&browser, "destination-name-input", "Regional").await?;
        fill(&browser, "destination-url-input", &destination.base_url()).await?;
        fill(&browser, "destination-token-input", &token).await?;
        browser.wait_test("destination-save").await?.click().await?;
        browser
            .wait_texts("[data-test='destination-name']", &["Regional".to_string()])
            .await?;
        assert_eq!(
            in_row(&browser, "destination-kind").await?.text().await?,
            "Direct with token"
        );
        let stored = the_stored_destination(&source).await?;
        assert_no_secret("the dataStore value", &stored, &[&token]);

        // No allowlist entry on the destination: the test says so.
        let summary = test_connection(&browser, "CORS allowlist").await?;
        assert!(summary.contains(&source.base_url()), "{summary}");

        // Allow the app's origin on the destination: the same test passes.
        destination
            .api_post("configuration/corsWhitelist", &json!([source.base_url()]))
            .await?;
        test_connection(&browser, "Connected to").await?;

        // A new page load forgets the token: the test asks for it again.
        browser.client().refresh().await?;
        in_row(&browser, "destination-test").await?.click().await?;
        browser.wait_test("destination-secret-form").await?;
        fill(&browser, "destination-secret-token", &token).await?;
        browser
            .wait_test("destination-secret-submit")
            .await?
            .click()
            .await?;
        wait_text_containing(
            &browser,
            "[data-test='destination-test-result']",
            "Connected to",
        )
        .await?;
        Ok::<_, anyhow::Error>(())
    })
    .await
}

/// A demo source with the app and an empty destination with an entry on the source, reached
/// directly (Basic asked at each run).
async fn source_and_stored_destination() -> Result<(Instance, Instance)> {
    let source = Instance::start(InstanceOptions::default()).await?;
    let destination = destination_instance().await?;
    source
        .api_post(
            "dataStore/aggregate-sync/destination-DeStInAtIoN",
            &json!({
                "schemaVersion": 1,
                "id": "DeStInAtIoN",
                "name": "Regional",
                "url": destination.base_url(),
                "kind": {"type": "DIRECT", "auth": "BASIC_ASK_EACH_RUN"}
            }),
        )
        .await?;
    Ok((source, destination))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_user_without_the_manage_authority_tests_destinations_but_cannot_change_them()
-> Result<()> {
    let both = source_and_stored_destination().await?;
    with_app(both, async |browser, (source, _destination)| {
        // `dataentry` runs syncs (M_aggregatesync) but does not manage destinations.
        browser
            .log_in(&source.base_url(), "dataentry", "District1!")
            .await?;
        browser
            .goto(&format!("{}#/destinations", source.app_url()))
            .await?;
        let denied = browser.wait_test("destination-manage-denied").await?;
        assert!(
            denied
                .text()
                .await?
                .contains("F_AGGREGATE_SYNC_MANAGE_DESTINATIONS")
        );
        browser
            .wait_texts("[data-test='destination-name']", &["Regional".to_string()])
            .await?;
        in_row(&browser, "destination-test").await?;
        for hidden in ["destination-add", "destination-edit", "destination-delete"] {
            let found = browser
                .client()
                .find_all(Locator::Css(&format!("[data-test='{hidden}']")))
                .await?;
            assert!(found.is_empty(), "{hidden} is offered");
        }
        // Typing the form's address gets the same answer, not the form.
        browser
            .goto(&format!("{}#/destinations/new", source.app_url()))
            .await?;
        browser.client().refresh().await?;
        browser.wait_test("destination-manage-denied").await?;
        assert!(
            browser
                .client()
                .find_all(Locator::Css("[data-test='destination-form']"))
                .await?
                .is_empty()
        );

        // Given the authority, the same user manages destinations.
        source.set_authorities(
            "dataentry",
            &[
                "F_DATAVALUE_ADD",
                "M_aggregatesync",
                "F_AGGREGATE_SYNC_MANAGE_DESTINATIONS",
            ],
        )?;
        browser
            .goto(&format!("{}#/destinations", source.app_url()))
            .await?;
        browser.client().refresh().await?;
        browser.wait_test("destination-add").await?;
        in_row(&browser, "destination-edit").await?;
        Ok::<_, anyhow::Error>(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_old_route_to_the_whole_destination_server_is_narrowed_to_its_api() -> Result<()> {
    let source = Instance::start(InstanceOptions::default()).await?;
    let destination = destination_instance().await?;
    let both = (source, destination);
    with_app(both, async |browser, (source, destination)| {
        // What earlier versions made: `<base>/**`, run by every user of the app.
        let (status, body) = source
            .api_send(
                reqwest::Method::POST,
                "routes",
                Some(&json!({
                    "name": "Aggregate Sync: Old (OlDdEsTiNa1)",
                    "code": "aggregate-sync-OlDdEsTiNa1",
                    "url": format!("{}/**", destination.base_url()),
                    "auth": {"type": "http-basic", "username": "admin", "password": "district"},
                    "authorities": ["M_aggregatesync"],
                })),
            )
            .await?;
        assert_eq!(status, 201, "{body}");
        let route_id = serde_json::from_str::<Value>(&body)?["response"]["uid"]
            .as_str()
            .context("uid")?
            .to_string();
        source
            .api_post(
                "dataStore/aggregate-sync/destination-OlDdEsTiNa1",
                &json!({
                    "schemaVersion": 1,
                    "id": "OlDdEsTiNa1",
                    "name": "Old",
                    "url": destination.base_url(),
                    "kind": {"type": "ROUTE", "routeId": route_id}
                }),
            )
            .await?;
        let old_run_path = format!("/api/routes/{route_id}/run/api/system/info");
        assert_eq!(
            source
                .status_as("dataentry", "District1!", &old_run_path)
                .await?,
            200,
            "the old route runs for every user of the app"
        );

        browser
            .log_in(&source.base_url(), "admin", "district")
            .await?;
        browser
            .goto(&format!("{}#/destinations", source.app_url()))
            .await?;
        browser
            .wait_texts("[data-test='destination-name']", &["Old".to_string()])
            .await?;
        assert_eq!(
            in_row(&browser, "destination-kind").await?.text().await?,
            "Route (whole server)"
        );
        // The old route still works as it is.
        test_connection(&browser, "Connected to").await?;

        in_row(&browser, "destination-narrow")
            .await?
            .click()
            .await?;
        browser.wait_test("destination-narrow-form").await?;
        choose(&browser, "destination-narrow-auth-select", "http-basic").await?;
        fill(&browser, "destination-narrow-username", "admin").await?;
        fill(&browser, "destination-narrow-password", "district").await?;
        browser
            .wait_test("destination-narrow-submit")
            .await?
            .click()
            .await?;
        eventually("the row says Route", WAIT, async || {
            let kinds = browser.texts("[data-test='destination-kind']").await?;
            Ok((kinds == ["Route"]).then_some(()))
        })
        .await?;
        assert!(
            browser
                .client()
                .find_all(Locator::Css("[data-test='destination-narrow']"))
                .await?
                .is_empty(),
            "nothing left to narrow"
        );
        let stored = the_stored_destination(&source).await?;
        assert_eq!(stored["kind"]["routeId"], route_id.as_str());
        assert_eq!(stored["kind"]["scope"], "API");
        assert_no_secret("the dataStore value", &stored, &["district"]);
        let route = source
            .api_get(&format!("routes/{route_id}?fields=*"))
            .await?;
        assert_eq!(route["url"], format!("{}/api/**", destination.base_url()));
        assert_eq!(route["sharing"]["public"], "--------", "{route}");
        assert_eq!(
            source
                .status_as(
                    "dataentry",
                    "District1!",
                    &format!("/api/routes/{route_id}/run/system/info")
                )
                .await?,
            403,
            "narrowed, the route no longer runs for every user of the app"
        );
        // Through the narrowed route the client calls `run/…` for `/api/…`.
        test_connection(&browser, "Connected to").await?;
        Ok::<_, anyhow::Error>(())
    })
    .await
}

/// A rule of the demo source's first monthly data set, one org unit with data, March 2024, to
/// `destination_id`.
async fn rule_to(source: &Instance, destination_id: &str) -> Result<Value> {
    let data_sets = source
        .api_get("dataSets?fields=id,periodType&paging=false")
        .await?;
    let data_set = data_sets["dataSets"]
        .as_array()
        .context("dataSets")?
        .iter()
        .find(|data_set| data_set["periodType"] == "Monthly")
        .and_then(|data_set| data_set["id"].as_str())
        .context("a monthly data set")?
        .to_string();
    let root = source
        .api_get("organisationUnits?level=1&fields=id&paging=false")
        .await?;
    let org_unit = root["organisationUnits"][0]["id"]
        .as_str()
        .context("the root org unit")?
        .to_string();
    let rule = sync_core::model::Rule {
        schema_version: sync_core::model::RULE_SCHEMA_VERSION,
        id: "rUleToSelf1".into(),
        name: "To myself".into(),
        code: None,
        description: None,
        selection: sync_core::model::DataSelection {
            data_sets: vec![sync_core::model::DataSetSelection {
                id: data_set,
                excluded_data_elements: vec![],
            }],
            data_elements: vec![],
            data_element_groups: vec![],
        },
        org_units: vec![org_unit],
        period: sync_core::model::PeriodSelection::Fixed {
            start_date: "2024-03-01".parse()?,
            end_date: "2024-03-31".parse()?,
        },
        category_options: sync_core::model::CategoryOptionSelection::All,
        aggregation: sync_core::model::Aggregation::Off,
        destination_id: destination_id.into(),
        import_strategy: sync_core::model::ImportStrategy::CreateAndUpdate,
        send_deletions: false,
        dry_run: false,
        schedule: None,
        last_run: None,
        last_successful_run: None,
        pending: vec![],
    };
    Ok(serde_json::from_str(&sync_core::model::to_json(&rule)?)?)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_source_itself_and_direct_destinations_over_plain_http_are_refused() -> Result<()> {
    let source = Instance::start(InstanceOptions::default()).await?;
    with_app(source, async |browser, source| {
        browser
            .log_in(&source.base_url(), "admin", "district")
            .await?;
        browser
            .goto(&format!("{}#/destinations/new", source.app_url()))
            .await?;

        // A direct destination over http:// on the network: its token would travel in clear.
        fill(&browser, "destination-name-input", "Plain").await?;
        choose(&browser, "destination-kind-select", "direct-token").await?;
        fill(
            &browser,
            "destination-url-input",
            "http://dhis2.example.org",
        )
        .await?;
        browser.wait_test("destination-save").await?.click().await?;
        let problem = browser
            .wait_css("[data-test='destination-problem'][data-field='url']")
            .await?
            .text()
            .await?;
        assert!(problem.contains("https://"), "{problem}");

        // A route back to this very instance (the same systemId): refused, nothing left behind.
        fill(&browser, "destination-name-input", "Myself").await?;
        choose(&browser, "destination-kind-select", "route").await?;
        fill(&browser, "destination-url-input", &source.base_url()).await?;
        choose(&browser, "destination-route-auth-select", "http-basic").await?;
        fill(&browser, "destination-username-input", "admin").await?;
        fill(&browser, "destination-password-input", "district").await?;
        browser.wait_test("destination-save").await?.click().await?;
        let error = wait_text_containing(
            &browser,
            "[data-test='destination-save-error']",
            "this instance itself",
        )
        .await?;
        assert!(error.contains("This instance"), "{error}");
        assert!(stored_destinations(&source).await?.is_empty());
        let routes = source.api_get("routes?fields=id&paging=false").await?;
        assert_eq!(
            routes["routes"],
            json!([]),
            "the route made for it is deleted"
        );

        // An entry written by hand that leads to this instance: a run refuses to start.
        source
            .api_post(
                "dataStore/aggregate-sync/destination-SeLfDeStIn1",
                &json!({
                    "schemaVersion": 1,
                    "id": "SeLfDeStIn1",
                    "name": "Myself by hand",
                    "url": source.base_url(),
                    "kind": {"type": "DIRECT", "auth": "BASIC_ASK_EACH_RUN"}
                }),
            )
            .await?;
        source
            .api_post(
                "dataStore/aggregate-sync/rule-rUleToSelf1",
                &rule_to(&source, "SeLfDeStIn1").await?,
            )
            .await?;
        browser
            .goto(&format!("{}#/rules", source.app_url()))
            .await?;
        browser.wait_test("rule-run").await?.click().await?;
        fill(&browser, "run-username", "admin").await?;
        fill(&browser, "run-password", "district").await?;
        browser
            .wait_test("run-credentials-submit")
            .await?
            .click()
            .await?;
        let refused = wait_text_containing(
            &browser,
            "[data-test='error-notice']",
            "this instance itself",
        )
        .await?;
        assert!(refused.contains("could not start"), "{refused}");
        let keys: Vec<String> =
            serde_json::from_value(source.api_get("dataStore/aggregate-sync").await?)?;
        assert!(
            !keys.iter().any(|key| key.starts_with("report-")),
            "no run started: {keys:?}"
        );
        Ok::<_, anyhow::Error>(())
    })
    .await
}
