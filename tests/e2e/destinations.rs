//! Destinations as a user manages them: add one through a DHIS2 route (credentials typed once,
//! kept encrypted by the server, never readable by the app or stored in the dataStore), test the
//! connection, edit it with other credentials, delete it with its route; and a direct
//! destination from a 2.39 instance (no routes), whose test says the CORS allowlist is missing
//! until the destination allows the app's origin, with the token kept only in the tab's memory.

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

        // The dataStore holds no secret; the route exists and does not show its token.
        let stored = the_stored_destination(&source).await?;
        assert_no_secret("the dataStore value", &stored, &[&token]);
        assert_eq!(stored["kind"]["type"], "ROUTE");
        let route_id = stored["kind"]["routeId"]
            .as_str()
            .context("routeId")?
            .to_string();
        let route = source
            .api_get(&format!("routes/{route_id}?fields=*"))
            .await?;
        assert_no_secret("the route", &route, &[&token]);
        assert_eq!(route["url"], format!("{}/**", destination.base_url()));
        assert!(
            route["authorities"].to_string().contains("M_aggregatesync"),
            "{route}"
        );

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
