//! The walking skeleton as a user meets it: log in through the login page, open the installed
//! app, see their name and the first page of data sets, page through them and filter by name.
//! Expected values are read from the instance's API, never hard-coded.

use anyhow::Result;
use serde_json::Value;

use crate::harness::{Instance, InstanceOptions, with_app};

fn names(list: &Value, collection: &str) -> Vec<String> {
    list[collection]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item["displayName"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

async fn data_set_names(instance: &Instance, query: &str) -> Result<Vec<String>> {
    let list = instance
        .api_get(&format!(
            "dataSets?fields=id,displayName&order=displayName:iasc&{query}"
        ))
        .await?;
    Ok(names(&list, "dataSets"))
}

async fn shows_user_and_pages_through_data_sets(version: &'static str) -> Result<()> {
    let instance = Instance::start(InstanceOptions {
        version,
        ..InstanceOptions::default()
    })
    .await?;
    with_app(instance, async |browser, instance| {
        browser
            .log_in(&instance.base_url(), "admin", "district")
            .await?;
        browser.goto(&instance.app_url()).await?;

        let me = instance.api_get("me?fields=displayName").await?;
        let user = browser.wait_test("headerbar-user").await?;
        assert_eq!(
            user.text().await?,
            me["displayName"].as_str().unwrap_or_default()
        );

        let first_page = data_set_names(&instance, "page=1&pageSize=25").await?;
        assert!(!first_page.is_empty(), "the demo seed has data sets");
        browser.wait_test("data-set-table").await?;
        browser
            .wait_texts("[data-test='data-set-name']", &first_page)
            .await?;

        // Server-side paging, two rows a page (a deep link), then the Next button.
        browser
            .goto(&format!("{}#/data-sets?pageSize=2", instance.app_url()))
            .await?;
        let page_one = data_set_names(&instance, "page=1&pageSize=2").await?;
        let page_two = data_set_names(&instance, "page=2&pageSize=2").await?;
        browser
            .wait_texts("[data-test='data-set-name']", &page_one)
            .await?;
        browser.wait_test("pagination-next").await?.click().await?;
        browser
            .wait_texts("[data-test='data-set-name']", &page_two)
            .await?;
        let summary = browser
            .wait_test("pagination-summary")
            .await?
            .text()
            .await?;
        assert!(summary.starts_with("Page 2 of"), "{summary}");

        // Filter by part of a name: the rows are what the server returns for that filter.
        let word = first_page[0]
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_lowercase();
        let filtered =
            data_set_names(&instance, &format!("filter=displayName:ilike:{word}")).await?;
        let filter = browser.wait_test("data-set-filter").await?;
        filter.send_keys(&format!("{word}\n")).await?;
        browser
            .wait_texts("[data-test='data-set-name']", &filtered)
            .await?;
        let current = browser.client().current_url().await?;
        assert!(
            current.as_str().contains("filter="),
            "the filter is in the URL: {current}"
        );
        Ok::<_, anyhow::Error>(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn shell_on_2_41() -> Result<()> {
    shows_user_and_pages_through_data_sets("2.41").await
}

#[tokio::test(flavor = "multi_thread")]
async fn shell_on_2_36() -> Result<()> {
    shows_user_and_pages_through_data_sets("2.36").await
}

#[tokio::test(flavor = "multi_thread")]
async fn shell_on_2_42() -> Result<()> {
    shows_user_and_pages_through_data_sets("2.42").await
}
