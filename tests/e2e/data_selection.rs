//! Choosing what to sync: tick two data sets, unfold one and untick one of its data elements,
//! page, filter and reload — the selection and its count survive — then switch to data elements,
//! tick one, and open the wizard with the Sync button. Names and ids come from the instance's API.

use std::time::Duration;

use anyhow::{Context, Result};
use serde_json::Value;

use crate::harness::{Browser, Instance, InstanceOptions, eventually, with_app};

/// `(id, displayName)` of every item of a metadata list response.
fn items(list: &Value, collection: &str) -> Vec<(String, String)> {
    list[collection]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|item| {
                    let text = |key: &str| item[key].as_str().unwrap_or_default().to_string();
                    (text("id"), text("displayName"))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn row(kind: &str, id: &str) -> String {
    format!("[data-test='{kind}-row'][data-id='{id}']")
}

/// Waits until the checkbox matching `css` is ticked (`true`) or not.
async fn wait_checked(browser: &Browser, css: &str, expected: bool) -> Result<()> {
    eventually(
        &format!("{css} to be checked = {expected}"),
        Duration::from_secs(20),
        async || {
            // A re-render may replace the element between finding and reading it: try again.
            let checked = browser.wait_css(css).await?.is_selected().await.ok();
            Ok((checked == Some(expected)).then_some(()))
        },
    )
    .await
}

async fn wait_summary(browser: &Browser, expected: &str) -> Result<()> {
    browser
        .wait_texts("[data-test='selection-summary']", &[expected.to_string()])
        .await
}

async fn selection_survives_paging_filtering_and_reload(
    browser: Browser,
    instance: Instance,
) -> Result<()> {
    {
        browser
            .log_in(&instance.base_url(), "admin", "district")
            .await?;
        let data_sets = "dataSets?fields=id,displayName&order=displayName:iasc&pageSize=2";
        let page_one = items(
            &instance.api_get(&format!("{data_sets}&page=1")).await?,
            "dataSets",
        );
        let page_two = items(
            &instance.api_get(&format!("{data_sets}&page=2")).await?,
            "dataSets",
        );
        assert_eq!(
            page_one.len(),
            2,
            "the demo seed has more than two data sets"
        );
        assert!(!page_two.is_empty());
        let (first, second) = (&page_one[0], &page_one[1]);

        browser
            .goto(&format!("{}#/data?pageSize=2", instance.app_url()))
            .await?;
        browser.wait_test("data-set-table").await?;
        let sync = browser.wait_test("sync-button").await?;
        assert!(
            !sync.is_enabled().await?,
            "nothing selected: Sync is disabled"
        );
        wait_summary(&browser, "Nothing selected").await?;

        // Tick both data sets of page one.
        for (id, _) in [first, second] {
            let checkbox = format!("{} [data-test='data-set-checkbox']", row("data-set", id));
            browser.wait_css(&checkbox).await?.click().await?;
            wait_checked(&browser, &checkbox, true).await?;
        }
        wait_summary(&browser, "2 data sets selected").await?;

        // Unfold the first one: its data elements, all ticked; untick one.
        let detail = instance
            .api_get(&format!(
                "dataSets/{}?fields=dataSetElements[dataElement[id,displayName]]",
                first.0
            ))
            .await?;
        let mut elements: Vec<(String, String)> = detail["dataSetElements"]
            .as_array()
            .context("dataSetElements")?
            .iter()
            .map(|member| {
                let element = &member["dataElement"];
                let text = |key: &str| element[key].as_str().unwrap_or_default().to_string();
                (text("id"), text("displayName"))
            })
            .collect();
        elements.sort_by_key(|(_, name)| name.to_lowercase());
        assert!(
            elements.len() > 1,
            "the first data set has several data elements"
        );
        browser
            .wait_css(&format!(
                "{} [data-test='data-set-toggle']",
                row("data-set", &first.0)
            ))
            .await?
            .click()
            .await?;
        let panel = format!("[data-test='data-set-detail'][data-id='{}']", first.0);
        let element_names = format!("{panel} [data-test='data-set-element-name']");
        browser.wait_css(&element_names).await?;
        let mut shown = browser.texts(&element_names).await?;
        shown.sort_by_key(|name| name.to_lowercase());
        let expected: Vec<String> = elements.iter().map(|(_, name)| name.clone()).collect();
        assert_eq!(shown, expected);
        let excluded = &elements[0].0;
        let element_checkbox =
            format!("{panel} [data-test='data-set-element'][data-id='{excluded}'] input");
        wait_checked(&browser, &element_checkbox, true).await?;
        browser.wait_css(&element_checkbox).await?.click().await?;
        wait_checked(&browser, &element_checkbox, false).await?;
        let summary = "2 data sets (1 data element excluded) selected";
        wait_summary(&browser, summary).await?;

        // Page forward and back: the ticks and the count stay.
        browser.wait_test("pagination-next").await?.click().await?;
        let names_two: Vec<String> = page_two.iter().map(|(_, name)| name.clone()).collect();
        browser
            .wait_texts("[data-test='data-set-name']", &names_two)
            .await?;
        wait_checked(
            &browser,
            &format!(
                "{} [data-test='data-set-checkbox']",
                row("data-set", &page_two[0].0)
            ),
            false,
        )
        .await?;
        wait_summary(&browser, summary).await?;
        browser
            .wait_test("pagination-previous")
            .await?
            .click()
            .await?;
        for (id, _) in [first, second] {
            let checkbox = format!("{} [data-test='data-set-checkbox']", row("data-set", id));
            wait_checked(&browser, &checkbox, true).await?;
        }

        // Filter by the second one's name: it is still ticked.
        let filter = browser.wait_test("data-set-filter").await?;
        filter.send_keys(&format!("{}\n", second.1)).await?;
        let filtered = items(
            &instance
                .api_get(&format!(
                    "dataSets?fields=id,displayName&order=displayName:iasc&pageSize=2\
                     &filter=displayName:ilike:{}",
                    urlencode(&second.1)
                ))
                .await?,
            "dataSets",
        );
        let filtered_names: Vec<String> = filtered.iter().map(|(_, name)| name.clone()).collect();
        browser
            .wait_texts("[data-test='data-set-name']", &filtered_names)
            .await?;
        let second_checkbox = format!(
            "{} [data-test='data-set-checkbox']",
            row("data-set", &second.0)
        );
        wait_checked(&browser, &second_checkbox, true).await?;
        wait_summary(&browser, summary).await?;

        // Reload: the selection comes back from the tab's session storage.
        browser.client().refresh().await?;
        browser.wait_test("data-set-table").await?;
        wait_checked(&browser, &second_checkbox, true).await?;
        wait_summary(&browser, summary).await?;

        // Clear the filter: page one again, as ticked as before.
        browser.wait_test("data-set-filter").await?.clear().await?;
        let names_one: Vec<String> = page_one.iter().map(|(_, name)| name.clone()).collect();
        browser
            .wait_texts("[data-test='data-set-name']", &names_one)
            .await?;
        wait_checked(&browser, &second_checkbox, true).await?;

        // Data elements: switch the type, tick the first one.
        browser
            .wait_test("metadata-type")
            .await?
            .select_by_value("dataElements")
            .await?;
        browser.wait_test("data-element-table").await?;
        let data_elements = items(
            &instance
                .api_get(
                    "dataElements?fields=id,displayName&order=displayName:iasc&pageSize=2\
                     &filter=domainType:eq:AGGREGATE",
                )
                .await?,
            "dataElements",
        );
        let element_names: Vec<String> =
            data_elements.iter().map(|(_, name)| name.clone()).collect();
        browser
            .wait_texts("[data-test='data-element-name']", &element_names)
            .await?;
        let element_checkbox = format!(
            "{} [data-test='data-element-checkbox']",
            row("data-element", &data_elements[0].0)
        );
        browser.wait_css(&element_checkbox).await?.click().await?;
        wait_checked(&browser, &element_checkbox, true).await?;
        wait_summary(
            &browser,
            "2 data sets (1 data element excluded), 1 data element selected",
        )
        .await?;
        let current = browser.client().current_url().await?;
        assert!(current.as_str().contains("type=dataElements"), "{current}");

        // Only selected: the ticked data element, then (switching the type back) both data sets.
        browser.wait_test("only-selected").await?.click().await?;
        browser
            .wait_texts("[data-test='data-element-name']", &element_names[..1])
            .await?;
        browser
            .wait_test("metadata-type")
            .await?
            .select_by_value("dataSets")
            .await?;
        let selected_names = vec![first.1.clone(), second.1.clone()];
        browser
            .wait_texts("[data-test='data-set-name']", &selected_names)
            .await?;
        let current = browser.client().current_url().await?;
        assert!(current.as_str().contains("selected=1"), "{current}");

        // Last updated since, from the URL: the rows are what the server returns for that date.
        let since = "2999-01-01";
        let recent = items(
            &instance
                .api_get(&format!(
                    "dataSets?fields=id,displayName&order=displayName:iasc&pageSize=2\
                     &filter=lastUpdated:ge:{since}"
                ))
                .await?,
            "dataSets",
        );
        browser
            .goto(&format!(
                "{}#/data?pageSize=2&since={since}",
                instance.app_url()
            ))
            .await?;
        if recent.is_empty() {
            browser.wait_test("data-set-empty").await?;
        }
        let recent_names: Vec<String> = recent.iter().map(|(_, name)| name.clone()).collect();
        browser
            .wait_texts("[data-test='data-set-name']", &recent_names)
            .await?;
        let since_input = browser.wait_test("last-updated-since").await?;
        assert_eq!(since_input.prop("value").await?.as_deref(), Some(since));

        // Sync opens the wizard.
        browser.wait_test("sync-button").await?.click().await?;
        eventually(
            "Sync to open the wizard",
            Duration::from_secs(20),
            async || {
                let url = browser.client().current_url().await?;
                Ok(url.as_str().ends_with("#/sync/org-units").then_some(()))
            },
        )
        .await?;
        Ok::<_, anyhow::Error>(())
    }
}

/// Percent-encodes a query value for `api_get`.
fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn data_selection_survives_paging_filtering_and_reload() -> Result<()> {
    let instance = Instance::start(InstanceOptions::default()).await?;
    with_app(instance, async |browser, instance| {
        selection_survives_paging_filtering_and_reload(browser, instance).await
    })
    .await
}
