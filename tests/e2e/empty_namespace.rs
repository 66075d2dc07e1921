//! A fresh install on 2.37 (no dataStore query API), before the app's namespace exists: the
//! rules, history, settings and destinations pages open empty without asking DHIS2 for the
//! missing namespace (a 404 the browser would log as a console error).

use anyhow::Result;

use crate::harness::{Instance, InstanceOptions, with_app};

#[tokio::test(flavor = "multi_thread")]
async fn pages_open_cleanly_before_the_namespace_exists_on_2_37() -> Result<()> {
    let instance = Instance::start(InstanceOptions {
        seed: "empty",
        version: "2.37",
        install_app: true,
        ..InstanceOptions::default()
    })
    .await?;
    with_app(instance, async |browser, instance| {
        let namespaces = instance.api_get("dataStore").await?;
        assert!(
            !namespaces.to_string().contains("aggregate-sync"),
            "{namespaces}"
        );
        browser
            .log_in(&instance.base_url(), "admin", "district")
            .await?;
        let app = instance.app_url();
        browser.goto(&format!("{app}#/rules")).await?;
        browser.wait_test("rules-empty").await?;
        browser.goto(&format!("{app}#/history")).await?;
        browser.wait_test("history-empty").await?;
        browser.goto(&format!("{app}#/settings")).await?;
        browser.wait_test("settings-form").await?;
        browser.goto(&format!("{app}#/destinations")).await?;
        browser.wait_test("destination-empty").await?;
        // Back to the history once more: still empty, still quiet.
        browser.goto(&format!("{app}#/history")).await?;
        browser.wait_test("history-empty").await?;
        Ok(())
    })
    .await
}
