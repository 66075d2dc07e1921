//! The sync wizard as a user walks it: six steps with the mouse and keyboard, the step in the
//! URL, problems shown when required input is skipped, Back and Next keeping input, the lazily
//! opened org unit tree, selection by level, resolved period dates, category options of the
//! attribute combo, non-aggregatable data elements, the instance options, and "Save as rule"
//! writing a dataStore key (checked through the API). Expectations come from the instance's API
//! and sync-core, never from seed values.

use std::collections::BTreeSet;

use anyhow::{Context, Result};
use fantoccini::Locator;
use serde_json::{Value, json};
use sync_core::aggregate::DataElementSpec;
use sync_core::date::Date;
use sync_core::model::CURRENT_INSTANCE_ID;
use sync_core::period::relative::RelativePeriod;

use crate::harness::{
    Browser, Instance, InstanceOptions, WAIT, eventually, eventually_equal, with_app,
};

const DATA_SET_FIELDS: &str = "id,displayName,categoryCombo[id,categories[categoryOptions[id,displayName]]],\
    dataSetElements[dataElement[id,displayName,valueType,aggregationType]]";

/// The data set the walk sends: one with an attribute combo and a non-aggregatable element when
/// the instance has one, else the first.
async fn pick_data_set(instance: &Instance) -> Result<Value> {
    let list = instance
        .api_get(&format!("dataSets?paging=false&fields={DATA_SET_FIELDS}"))
        .await?;
    let data_sets = list["dataSets"].as_array().cloned().unwrap_or_default();
    let score = |data_set: &Value| {
        let attribute = data_set["categoryCombo"]["categories"]
            .as_array()
            .is_some_and(|categories| !categories.is_empty())
            && data_set["categoryCombo"]["id"] != "bjDvmb4bfuf";
        let refused = !not_aggregatable(data_set).is_empty();
        u8::from(attribute) * 2 + u8::from(refused)
    };
    data_sets
        .into_iter()
        .max_by_key(|data_set| score(data_set))
        .context("the instance has no data sets")
}

/// Names of the data set's elements sync-core refuses to aggregate.
fn not_aggregatable(data_set: &Value) -> BTreeSet<String> {
    data_set["dataSetElements"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|member| &member["dataElement"])
        .filter(|element| {
            DataElementSpec {
                id: element["id"].as_str().unwrap_or_default().into(),
                value_type: element["valueType"].as_str().unwrap_or_default().into(),
                aggregation_type: element["aggregationType"]
                    .as_str()
                    .unwrap_or_default()
                    .into(),
                zero_is_significant: false,
            }
            .aggregation_problem()
            .is_some()
        })
        .filter_map(|element| element["displayName"].as_str().map(String::from))
        .collect()
}

/// Opens the app with `draft` as the tab's stored draft, at `hash`.
pub(crate) async fn open_with_draft(
    browser: &Browser,
    instance: &Instance,
    draft: &Value,
    hash: &str,
) -> Result<()> {
    // The draft is stored from a page of the same origin that is not the app, so no running
    // app can save its own draft over it before the app below starts from it.
    browser
        .goto(&format!("{}/api/system/ping", instance.base_url()))
        .await?;
    browser
        .client()
        .execute(
            "sessionStorage.setItem('aggregate-sync.draft', arguments[0]);",
            vec![json!(draft.to_string())],
        )
        .await?;
    browser
        .goto(&format!("{}{hash}", instance.app_url()))
        .await?;
    browser.wait_test("headerbar-user").await?;
    Ok(())
}

pub(crate) async fn click(browser: &Browser, test: &str) -> Result<()> {
    browser.wait_test(test).await?.click().await?;
    Ok(())
}

/// Waits until the URL hash is `hash`.
pub(crate) async fn wait_hash(browser: &Browser, hash: &str) -> Result<()> {
    eventually(&format!("the URL to end with {hash}"), WAIT, async || {
        let url = browser.client().current_url().await?;
        Ok((url.fragment() == Some(hash.trim_start_matches('#'))).then_some(()))
    })
    .await
}

/// Waits until the element's text satisfies `check`.
async fn wait_text(browser: &Browser, test: &str, check: impl Fn(&str) -> bool) -> Result<String> {
    eventually(
        &format!("a text of {test} that passes the check"),
        WAIT,
        async || {
            let texts = browser.texts(&format!("[data-test='{test}']")).await?;
            Ok(texts.into_iter().find(|text| check(text)))
        },
    )
    .await
}

/// Waits for a problem with this code on the page.
async fn wait_problem(browser: &Browser, code: &str) -> Result<()> {
    browser
        .wait_css(&format!("[data-test='wizard-problem'][data-code='{code}']"))
        .await
        .map(|_| ())
}

async fn count_of(browser: &Browser) -> Result<usize> {
    let text = browser.wait_test("org-unit-count").await?.text().await?;
    text.split_whitespace()
        .next()
        .and_then(|number| number.parse().ok())
        .with_context(|| format!("no count in {text:?}"))
}

async fn wait_count(browser: &Browser, expected: usize) -> Result<()> {
    wait_text(browser, "org-unit-count", |text| {
        text.split_whitespace().next() == Some(expected.to_string().as_str())
    })
    .await
    .map(|_| ())
}

fn names(list: &Value, collection: &str) -> Vec<String> {
    list[collection]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| item["displayName"].as_str().map(String::from))
        .collect()
}

/// Sets a date input as a date picker would, firing `change`.
async fn set_date(browser: &Browser, test: &str, value: &str) -> Result<()> {
    let element = browser.wait_test(test).await?;
    browser
        .client()
        .execute(
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
            vec![serde_json::to_value(&element)?, json!(value)],
        )
        .await?;
    Ok(())
}

async fn walk(version: &'static str) -> Result<()> {
    let instance = Instance::start(InstanceOptions {
        version,
        ..InstanceOptions::default()
    })
    .await?;
    with_app(instance, async |browser, instance| {
        browser.log_in(&instance.base_url(), "admin", "district").await?;
        let data_set = pick_data_set(&instance).await?;
        let data_set_id = data_set["id"].as_str().unwrap_or_default().to_string();
        let draft = json!({"selection": {"dataSets": [{"id": data_set_id}]}});
        open_with_draft(&browser, &instance, &draft, "#/sync/org-units").await?;

        // Step 1: the stepper, then Next refused with the problem shown.
        browser.wait_css("[data-test='wizard-step-org-units'][aria-current='step']").await?;
        browser.wait_test("org-unit-children-note").await?;
        click(&browser, "wizard-next").await?;
        wait_problem(&browser, "NoOrgUnits").await?;
        wait_hash(&browser, "#/sync/org-units").await?;

        // The tree shows the roots; a root's children load only when it is opened.
        let me = instance
            .api_get("me?fields=organisationUnits[id],dataViewOrganisationUnits[id]")
            .await?;
        let roots: Vec<String> = ["dataViewOrganisationUnits", "organisationUnits"]
            .iter()
            .map(|key| {
                me[*key]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|unit| unit["id"].as_str().map(String::from))
                    .collect::<Vec<_>>()
            })
            .find(|ids| !ids.is_empty())
            .context("the user has no org units")?;
        let root_id = roots[0].clone();
        let root = browser.wait_css(&format!("[data-test='org-unit-node'][data-id='{root_id}']")).await?;
        let children = instance
            .api_get(&format!("organisationUnits/{root_id}?fields=children[id,displayName]"))
            .await?;
        let mut child_names = names(&children, "children");
        child_names.sort();
        let child_css = format!("[data-id='{root_id}'] [role='group'] > [data-test='org-unit-node'] > .org-unit-tree__row [data-test='org-unit-name']");
        assert!(browser.texts(&child_css).await?.is_empty(), "children are not loaded before opening");
        root.find(Locator::Css("[data-test='org-unit-toggle']")).await?.click().await?;
        eventually_equal("the children of the root", WAIT, &child_names, async || {
            let mut shown = browser.texts(&child_css).await?;
            shown.sort();
            Ok(shown)
        })
        .await?;

        // Click to choose a child, then add a whole level.
        let first_child = children["children"][0]["id"].as_str().unwrap_or_default().to_string();
        browser
            .wait_css(&format!("[data-test='org-unit-node'][data-id='{first_child}'] [data-test='org-unit-checkbox']"))
            .await?
            .click()
            .await?;
        wait_count(&browser, 1).await?;
        let levels = instance.api_get("organisationUnitLevels?fields=level&paging=false").await?;
        let level = levels["organisationUnitLevels"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|level| level["level"].as_u64())
            .find(|level| *level == 3)
            .unwrap_or(2);
        let mut expected: BTreeSet<String> = BTreeSet::from([first_child.clone()]);
        for root in &roots {
            let at_level = instance
                .api_get(&format!("organisationUnits?filter=level:eq:{level}&filter=path:like:{root}&fields=id&paging=false"))
                .await?;
            for unit in at_level["organisationUnits"].as_array().into_iter().flatten() {
                expected.insert(unit["id"].as_str().unwrap_or_default().to_string());
            }
        }
        browser.wait_test("org-unit-level-select").await?.select_by_value(&level.to_string()).await?;
        click(&browser, "org-unit-select-level").await?;
        wait_count(&browser, expected.len()).await?;
        let selected = count_of(&browser).await?;

        // Next with the keyboard.
        browser.wait_test("wizard-next").await?.send_keys("\u{E007}").await?;
        wait_hash(&browser, "#/sync/period").await?;

        // Step 2: Next without a period is refused; Back keeps the org units; the relative
        // period shows the dates sync-core resolves for the browser's today.
        click(&browser, "wizard-next").await?;
        wait_problem(&browser, "NoPeriod").await?;
        click(&browser, "wizard-back").await?;
        wait_hash(&browser, "#/sync/org-units").await?;
        wait_count(&browser, selected).await?;
        click(&browser, "wizard-next").await?;
        wait_hash(&browser, "#/sync/period").await?;
        click(&browser, "period-kind-relative").await?;
        browser.wait_test("period-relative-select").await?.select_by_value("LAST_YEAR").await?;
        let today = browser
            .client()
            .execute("const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()];", vec![])
            .await?;
        let today = Date::from_ymd(
            today[0].as_i64().unwrap_or_default() as i32,
            today[1].as_u64().unwrap_or_default() as u8,
            today[2].as_u64().unwrap_or_default() as u8,
        )
        .context("browser date")?;
        let (start, end) = RelativePeriod::LastYear.date_range(today, Default::default(), sync_core::period::PeriodType::Weekly);
        wait_text(&browser, "period-resolved", |text| text.starts_with(&format!("From {start} to {end}"))).await?;

        // Fixed dates: a reversed range is refused, a good one resolves to itself.
        click(&browser, "period-kind-fixed").await?;
        set_date(&browser, "period-start", "2024-12-31").await?;
        set_date(&browser, "period-end", "2024-01-01").await?;
        click(&browser, "wizard-next").await?;
        wait_problem(&browser, "DateRangeReversed").await?;
        set_date(&browser, "period-start", "2024-01-01").await?;
        set_date(&browser, "period-end", "2024-12-31").await?;
        wait_text(&browser, "period-resolved", |text| text == "From 2024-01-01 to 2024-12-31").await?;
        click(&browser, "wizard-next").await?;
        wait_hash(&browser, "#/sync/category-options").await?;

        // Step 3: the manual panel lists the attribute combo's options; choosing none is refused.
        let options: BTreeSet<String> = data_set["categoryCombo"]["categories"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|category| category["categoryOptions"].as_array().cloned().unwrap_or_default())
            .filter_map(|option| option["id"].as_str().map(String::from))
            .collect();
        if data_set["categoryCombo"]["id"] != "bjDvmb4bfuf" && !options.is_empty() {
            click(&browser, "category-options-manual").await?;
            browser.wait_test("category-options-panel").await?;
            let shown: BTreeSet<String> = {
                let mut ids = BTreeSet::new();
                for element in browser.client().find_all(Locator::Css("[data-test='category-option-checkbox']")).await? {
                    ids.insert(element.attr("data-id").await?.unwrap_or_default());
                }
                ids
            };
            assert_eq!(shown, options);
            click(&browser, "wizard-next").await?;
            wait_problem(&browser, "NoCategoryOptions").await?;
            let first = options.iter().next().cloned().unwrap_or_default();
            browser
                .wait_css(&format!("[data-test='category-option-checkbox'][data-id='{first}']"))
                .await?
                .click()
                .await?;
        }
        click(&browser, "wizard-next").await?;
        wait_hash(&browser, "#/sync/aggregation").await?;

        // Step 4: on without a period type is refused; the non-aggregatable elements are listed.
        browser.wait_test("aggregation-off-note").await?;
        click(&browser, "aggregation-toggle").await?;
        click(&browser, "wizard-next").await?;
        wait_problem(&browser, "NoAggregationPeriodType").await?;
        browser.wait_test("aggregation-period-type").await?.select_by_value("Monthly").await?;
        let refused = not_aggregatable(&data_set);
        if refused.is_empty() {
            browser.wait_test("aggregation-all-aggregatable").await?;
        } else {
            browser.wait_test("not-aggregatable").await?;
            let shown: BTreeSet<String> = browser
                .texts("[data-test='not-aggregatable-name']")
                .await?
                .into_iter()
                .collect();
            assert_eq!(shown, refused);
        }
        click(&browser, "wizard-next").await?;
        wait_hash(&browser, "#/sync/instance").await?;

        // Step 5: no destination is refused; "This instance", dry run and "New".
        click(&browser, "wizard-next").await?;
        wait_problem(&browser, "NoDestination").await?;
        browser
            .wait_css(&format!("[data-test='instance-option'][data-id='{CURRENT_INSTANCE_ID}']"))
            .await?
            .click()
            .await?;
        browser.wait_test("instance-manage-destinations").await?;
        click(&browser, "instance-advanced-toggle").await?;
        click(&browser, "instance-dry-run").await?;
        click(&browser, "strategy-create").await?;
        click(&browser, "wizard-next").await?;
        wait_hash(&browser, "#/sync/summary").await?;

        // Step 6: the summary says what will happen.
        wait_text(&browser, "summary-period", |text| text.contains("2024-01-01 to 2024-12-31")).await?;
        wait_text(&browser, "summary-org-units", |text| text.starts_with(&format!("{selected}:"))).await?;
        wait_text(&browser, "summary-aggregation", |text| text.starts_with("Monthly")).await?;
        wait_text(&browser, "summary-dry-run", |text| text == "Yes").await?;
        wait_text(&browser, "summary-strategy", |text| text == "New").await?;
        wait_text(&browser, "summary-destination", |text| text == "This instance").await?;
        let requests = wait_text(&browser, "summary-requests", |text| text.parse::<u32>().is_ok()).await?;
        assert!(requests.parse::<u32>()? >= 1);

        // Back from the summary keeps every choice.
        click(&browser, "wizard-back").await?;
        wait_hash(&browser, "#/sync/instance").await?;
        let dry_run = browser.wait_test("instance-dry-run").await?;
        assert_eq!(dry_run.prop("checked").await?.as_deref(), Some("true"));
        click(&browser, "wizard-next").await?;
        wait_hash(&browser, "#/sync/summary").await?;

        // Download JSON builds the payload (reads and aggregates the source values) and says
        // how many values the file holds.
        click(&browser, "summary-download-json").await?;
        let result = browser.wait_test("download-json-result").await?;
        let values: usize = result.attr("data-values").await?.unwrap_or_default().parse()?;
        assert!(values > 0, "the aggregated year of the data set has values");

        // Save as rule: the name is required; then one dataStore key holds the rule.
        click(&browser, "summary-save-rule").await?;
        browser.wait_css("[data-test='save-rule-problem'][data-code='NameRequired']").await?;
        browser.wait_test("rule-name").await?.send_keys("Wizard rule\t").await?;
        browser.wait_test("rule-code").await?.send_keys("WIZ1\t").await?;
        click(&browser, "summary-save-rule").await?;
        let saved = browser.wait_test("save-rule-saved").await?;
        let key = saved.attr("data-key").await?.unwrap_or_default();
        assert!(key.starts_with("rule-"), "{key}");
        let stored = instance.api_get(&format!("dataStore/aggregate-sync/{key}")).await?;
        assert_eq!(stored["name"], "Wizard rule");
        assert_eq!(stored["code"], "WIZ1");
        assert_eq!(stored["schemaVersion"], 1);
        assert_eq!(format!("rule-{}", stored["id"].as_str().unwrap_or_default()), key);
        assert_eq!(stored["orgUnits"].as_array().map(Vec::len), Some(selected));
        assert_eq!(stored["period"], json!({"type": "FIXED", "startDate": "2024-01-01", "endDate": "2024-12-31"}));
        assert_eq!(stored["aggregation"], json!({"type": "ON", "periodType": "Monthly"}));
        assert_eq!(stored["destinationId"], CURRENT_INSTANCE_ID);
        assert_eq!(stored["importStrategy"], "CREATE");
        assert_eq!(stored["dryRun"], true);
        assert_eq!(stored["selection"]["dataSets"][0]["id"], data_set_id.as_str());

        // Synchronize now goes to the run page.
        click(&browser, "summary-synchronize").await?;
        wait_hash(&browser, "#/sync/run").await?;
        Ok::<_, anyhow::Error>(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn wizard_walk_on_2_41() -> Result<()> {
    walk("2.41").await
}

#[tokio::test(flavor = "multi_thread")]
async fn wizard_without_selection_links_to_data() -> Result<()> {
    let instance = Instance::start(InstanceOptions::default()).await?;
    with_app(instance, async |browser, instance| {
        browser
            .log_in(&instance.base_url(), "admin", "district")
            .await?;
        browser
            .goto(&format!("{}#/sync/period", instance.app_url()))
            .await?;
        browser.wait_test("wizard-nothing-selected").await?;
        browser
            .wait_css("[data-test='wizard-step-period'][aria-current='step']")
            .await?;
        click(&browser, "wizard-back-to-data").await?;
        wait_hash(&browser, "#/data").await?;
        Ok::<_, anyhow::Error>(())
    })
    .await
}
