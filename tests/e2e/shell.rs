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

/// The header bar on 2.41, outside any frame: the instance's title links back to it, the apps
/// menu lists the instance's apps (read from `/api/apps`), the profile menu has Log out at the
/// logout URL; both menus open with the keyboard, close with Escape, and pass axe.
#[tokio::test(flavor = "multi_thread")]
async fn header_bar_menus_work_with_the_keyboard_on_2_41() -> Result<()> {
    use crate::harness::a11y::{keys, press, tab_to, wait_focus};
    use crate::harness::assert_accessible;

    let instance = Instance::start(InstanceOptions {
        version: "2.41",
        ..InstanceOptions::default()
    })
    .await?;
    with_app(instance, async |browser, instance| {
        browser
            .log_in(&instance.base_url(), "admin", "district")
            .await?;
        browser.goto(&instance.app_url()).await?;
        browser.wait_test("data-set-table").await?;
        let home = browser
            .wait_test("headerbar-home")
            .await?
            .attr("href")
            .await?
            .unwrap_or_default();
        assert_eq!(home, format!("{}/", instance.base_url()));

        // The apps menu: what /api/apps lists as apps, by name.
        let apps = instance.api_get("apps?filter=appType:eq:APP").await?;
        let mut expected: Vec<String> = apps
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|app| app["name"].as_str().map(String::from))
            .collect();
        expected.sort_by_key(|name| name.to_lowercase());
        assert!(!expected.is_empty(), "the app itself is installed");
        browser
            .client()
            .execute("document.activeElement.blur()", vec![])
            .await?;
        tab_to(&browser, "headerbar-apps", 10, false).await?;
        press(&browser, keys::ENTER).await?;
        browser
            .wait_texts("[data-test='headerbar-app-link']", &expected)
            .await?;
        assert_accessible(&browser, "the header bar's apps menu").await?;
        tab_to(&browser, "headerbar-app-link", 5, false).await?;
        press(&browser, keys::ESCAPE).await?;
        wait_focus(&browser, "headerbar-apps").await?;
        assert!(
            browser
                .texts("[data-test='headerbar-apps-menu']")
                .await?
                .is_empty()
        );

        // The profile menu: the instance and Log out at the version's logout URL.
        tab_to(&browser, "headerbar-profile", 5, false).await?;
        press(&browser, keys::SPACE).await?;
        let logout = browser
            .wait_test("headerbar-logout")
            .await?
            .attr("href")
            .await?
            .unwrap_or_default();
        assert_eq!(
            logout,
            format!(
                "{}/dhis-web-commons-security/logout.action",
                instance.base_url()
            )
        );
        assert_accessible(&browser, "the header bar's profile menu").await?;
        tab_to(&browser, "headerbar-logout", 5, false).await?;
        press(&browser, keys::ENTER).await?;
        // Logged out: the instance shows its login page, and the session is gone.
        browser.wait_css("#j_username").await?;
        Ok::<_, anyhow::Error>(())
    })
    .await
}

/// Inside DHIS2 2.42's global shell the app runs in an iframe of a page of the same instance:
/// it loads its data sets there and hides its own header bar (the shell draws one).
#[tokio::test(flavor = "multi_thread")]
async fn the_app_works_in_an_iframe_like_the_global_shell_on_2_42() -> Result<()> {
    let instance = Instance::start(InstanceOptions {
        version: "2.42",
        ..InstanceOptions::default()
    })
    .await?;
    with_app(instance, async |browser, instance| {
        browser
            .log_in(&instance.base_url(), "admin", "district")
            .await?;
        // A page of the same origin that holds the app in an iframe, as the shell does.
        browser
            .goto(&format!("{}/api/system/ping", instance.base_url()))
            .await?;
        browser
            .client()
            .execute(
                "document.documentElement.innerHTML = '<body></body>';
                 const frame = document.createElement('iframe');
                 frame.src = arguments[0];
                 frame.style.width = '1200px';
                 frame.style.height = '800px';
                 frame.title = 'Aggregate Sync';
                 document.body.appendChild(frame);",
                vec![serde_json::json!(instance.app_url())],
            )
            .await?;
        browser.wait_css("iframe").await?.enter_frame().await?;
        let first_page = data_set_names(&instance, "page=1&pageSize=25").await?;
        browser
            .wait_texts("[data-test='data-set-name']", &first_page)
            .await?;
        browser.wait_test("nav-data").await?;
        assert!(
            browser.texts("[data-test='headerbar']").await?.is_empty(),
            "the app's header bar is hidden inside the shell"
        );
        browser.client().enter_parent_frame().await?;
        Ok::<_, anyhow::Error>(())
    })
    .await
}
