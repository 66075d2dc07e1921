//! The settings page as a user meets it: the defaults are shown, edited settings are saved to
//! the dataStore (checked through the API) and shown again after a reload; invalid settings
//! show every problem at once and nothing is saved. A user without the app's authority is
//! refused.

use anyhow::Result;

use crate::harness::{Browser, Instance, InstanceOptions, with_app, with_instances};

const SETTINGS_KEY: &str = "dataStore/aggregate-sync/settings";

async fn value_of(browser: &Browser, test: &str) -> Result<String> {
    let input = browser.wait_test(test).await?;
    Ok(input.prop("value").await?.unwrap_or_default())
}

async fn replace(browser: &Browser, test: &str, text: &str) -> Result<()> {
    let input = browser.wait_test(test).await?;
    input.clear().await?;
    input.send_keys(text).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn settings_save_and_reload() -> Result<()> {
    let instance = Instance::start(InstanceOptions::default()).await?;
    with_app(instance, async |browser, instance| {
        browser
            .log_in(&instance.base_url(), "admin", "district")
            .await?;
        let page = format!("{}#/settings", instance.app_url());
        browser.goto(&page).await?;
        // Nothing saved yet: the defaults.
        assert_eq!(value_of(&browser, "settings-retention").await?, "30");
        assert_eq!(value_of(&browser, "settings-read-chunk").await?, "50");
        assert_eq!(value_of(&browser, "settings-write-chunk").await?, "2000");
        assert_eq!(instance.api_status(SETTINGS_KEY).await?, 404);

        replace(&browser, "settings-retention", "60").await?;
        replace(&browser, "settings-read-chunk", "20").await?;
        replace(&browser, "settings-write-chunk", "500").await?;
        browser
            .wait_test("settings-import-strategy")
            .await?
            .select_by_value("UPDATE")
            .await?;
        browser.wait_test("settings-dry-run").await?.click().await?;
        browser.wait_test("settings-save").await?.click().await?;
        browser.wait_test("settings-saved").await?;

        let stored = instance.api_get(SETTINGS_KEY).await?;
        assert_eq!(stored["schemaVersion"], 1);
        assert_eq!(stored["retentionDays"], 60);
        assert_eq!(stored["readChunkSize"], 20);
        assert_eq!(stored["writeChunkSize"], 500);
        assert_eq!(stored["defaultImportStrategy"], "UPDATE");
        assert_eq!(stored["defaultDryRun"], true);

        // A reload shows what was saved.
        browser.client().refresh().await?;
        browser.wait_test("settings-form").await?;
        assert_eq!(value_of(&browser, "settings-retention").await?, "60");
        assert_eq!(value_of(&browser, "settings-read-chunk").await?, "20");
        assert_eq!(value_of(&browser, "settings-write-chunk").await?, "500");
        assert_eq!(
            value_of(&browser, "settings-import-strategy").await?,
            "UPDATE"
        );
        let dry_run = browser.wait_test("settings-dry-run").await?;
        assert_eq!(dry_run.prop("checked").await?.as_deref(), Some("true"));

        // A new sync (only data chosen so far) starts from the saved defaults: Updates, dry run.
        let data_sets = instance.api_get("dataSets?fields=id&pageSize=1").await?;
        let data_set_id = data_sets["dataSets"][0]["id"].clone();
        let draft = serde_json::json!({"selection": {"dataSets": [{"id": data_set_id}]}});
        crate::wizard::open_with_draft(&browser, &instance, &draft, "#/sync/instance").await?;
        browser
            .wait_test("instance-advanced-toggle")
            .await?
            .click()
            .await?;
        let update = browser.wait_test("strategy-update").await?;
        assert_eq!(update.prop("checked").await?.as_deref(), Some("true"));
        let dry_run = browser.wait_test("instance-dry-run").await?;
        assert_eq!(dry_run.prop("checked").await?.as_deref(), Some("true"));
        Ok::<_, anyhow::Error>(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn invalid_settings_show_every_problem() -> Result<()> {
    let instance = Instance::start(InstanceOptions::default()).await?;
    with_app(instance, async |browser, instance| {
        browser
            .log_in(&instance.base_url(), "admin", "district")
            .await?;
        browser
            .goto(&format!("{}#/settings", instance.app_url()))
            .await?;
        replace(&browser, "settings-retention", "0").await?;
        replace(&browser, "settings-read-chunk", "many").await?;
        replace(&browser, "settings-write-chunk", "5").await?;
        browser.wait_test("settings-save").await?.click().await?;
        browser.wait_test("settings-problems").await?;
        let problems = browser.texts("[data-test='settings-problem']").await?;
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].starts_with("Retention"), "{problems:?}");
        assert_eq!(
            browser
                .texts("[data-test='settings-field-error']")
                .await?
                .len(),
            3
        );
        assert_eq!(
            instance.api_status(SETTINGS_KEY).await?,
            404,
            "nothing saved"
        );
        Ok::<_, anyhow::Error>(())
    })
    .await
}

/// DHIS2 itself refuses the app and its namespace to a user without the app's authority
/// (`noapp`), so the app's own "no access" message (unit-tested in
/// `components::access_denied`) is a second line of defence that no seeded user can reach.
#[tokio::test(flavor = "multi_thread")]
async fn user_without_the_app_authority_is_refused() -> Result<()> {
    let instance = Instance::start(InstanceOptions::default()).await?;
    with_instances(instance, async |instance| {
        let app = "/api/apps/aggregate-sync/index.html";
        let namespace = "/api/dataStore/aggregate-sync?fields=.&paging=false";
        assert_eq!(instance.status_as("noapp", "District1!", app).await?, 403);
        assert_eq!(
            instance.status_as("noapp", "District1!", namespace).await?,
            403
        );
        assert_eq!(
            instance.status_as("dataentry", "District1!", app).await?,
            200
        );
        assert_eq!(
            instance
                .status_as("dataentry", "District1!", namespace)
                .await?,
            200
        );
        Ok::<_, anyhow::Error>(())
    })
    .await
}
