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

/// The instance's today (`serverDate` of `system/info`): the app's today.
async fn server_today(instance: &Instance) -> Result<Date> {
    let info = instance.api_get("system/info").await?;
    let text = info["serverDate"].as_str().context("serverDate")?;
    text.get(..10)
        .context("serverDate is a date")?
        .parse::<Date>()
        .map_err(|error| anyhow::anyhow!("serverDate {text}: {error:?}"))
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
        // The app's today is the instance's (its pinned clock), never the browser's.
        let today = server_today(&instance).await?;
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

/// The roots of the user's tree: the data view org units, else the capture ones.
async fn user_roots(instance: &Instance) -> Result<Vec<String>> {
    let me = instance
        .api_get("me?fields=organisationUnits[id],dataViewOrganisationUnits[id]")
        .await?;
    ["dataViewOrganisationUnits", "organisationUnits"]
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
        .context("the user has no org units")
}

/// Ids of the org units `filter` finds inside the subtrees of `roots` (as the app asks them).
async fn unit_ids_within(
    instance: &Instance,
    filter: &str,
    roots: &[String],
) -> Result<BTreeSet<String>> {
    let mut ids = BTreeSet::new();
    for root in roots {
        let list = instance
            .api_get(&format!(
                "organisationUnits?filter={filter}&filter=path:like:{root}&fields=id,path&paging=false"
            ))
            .await?;
        for unit in list["organisationUnits"].as_array().into_iter().flatten() {
            let path = unit["path"].as_str().unwrap_or_default();
            if path.split('/').any(|part| part == root.as_str()) {
                ids.insert(unit["id"].as_str().unwrap_or_default().to_string());
            }
        }
    }
    Ok(ids)
}

/// The period step offers every relative period in DHIS2's groups, and one from the Weeks group
/// resolves to the dates sync-core gives for the browser's today and the instance's settings,
/// up to the summary; the org unit step deselects a level and a group it selected, and finds a
/// facility by name (keyboard), selects it and opens the tree down to it.
#[tokio::test(flavor = "multi_thread")]
async fn wizard_offers_every_relative_period_deselects_by_level_and_group_and_finds_a_unit_by_name()
-> Result<()> {
    use sync_core::period::relative::{FinancialYearStart, weekly_start_from_name};

    let instance = Instance::start(InstanceOptions::default()).await?;
    with_app(instance, async |browser, instance| {
        browser.log_in(&instance.base_url(), "admin", "district").await?;
        let data_set = pick_data_set(&instance).await?;
        let data_set_id = data_set["id"].as_str().unwrap_or_default().to_string();
        let draft = json!({"selection": {"dataSets": [{"id": data_set_id}]}});
        open_with_draft(&browser, &instance, &draft, "#/sync/org-units").await?;

        // One root chosen by hand stays chosen through the level and group deselections.
        let roots = user_roots(&instance).await?;
        let root_id = roots[0].clone();
        let root_checkbox = format!(
            "[data-test='org-unit-node'][data-id='{root_id}'] > .org-unit-tree__row [data-test='org-unit-checkbox']"
        );
        browser.wait_css(&root_checkbox).await?.click().await?;
        wait_count(&browser, 1).await?;

        // Select a level below the root, then deselect it.
        let levels = instance.api_get("organisationUnitLevels?fields=level&paging=false").await?;
        let level_numbers: BTreeSet<u64> = levels["organisationUnitLevels"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|level| level["level"].as_u64())
            .collect();
        let level = if level_numbers.contains(&3) { 3 } else { 2 };
        let at_level = unit_ids_within(&instance, &format!("level:eq:{level}"), &roots).await?;
        assert!(!at_level.is_empty(), "level {level} has units under the roots");
        browser.wait_test("org-unit-level-select").await?.select_by_value(&level.to_string()).await?;
        click(&browser, "org-unit-select-level").await?;
        wait_count(&browser, 1 + at_level.len()).await?;
        click(&browser, "org-unit-deselect-level").await?;
        wait_count(&browser, 1).await?;
        let root_checked = browser.wait_css(&root_checkbox).await?.prop("checked").await?;
        assert_eq!(root_checked.as_deref(), Some("true"), "the root is not of that level");

        // The same with a group that has members under the roots.
        let groups = instance.api_get("organisationUnitGroups?fields=id&paging=false").await?;
        let mut group_members = None;
        for group in groups["organisationUnitGroups"].as_array().into_iter().flatten() {
            let id = group["id"].as_str().unwrap_or_default().to_string();
            let members =
                unit_ids_within(&instance, &format!("organisationUnitGroups.id:eq:{id}"), &roots).await?;
            if !members.is_empty() && !members.contains(&root_id) {
                group_members = Some((id, members));
                break;
            }
        }
        let (group_id, members) = group_members.context("no org unit group has members under the roots")?;
        browser.wait_test("org-unit-group-select").await?.select_by_value(&group_id).await?;
        click(&browser, "org-unit-select-group").await?;
        wait_count(&browser, 1 + members.len()).await?;
        click(&browser, "org-unit-deselect-group").await?;
        wait_count(&browser, 1).await?;

        // Find a facility by (part of) its name in another case; its path names its ancestors.
        let deepest = level_numbers.iter().max().copied().context("no levels")?;
        let facilities = instance
            .api_get(&format!(
                "organisationUnits?filter=level:eq:{deepest}&filter=path:like:{root_id}&fields=id,displayName,path&pageSize=1"
            ))
            .await?;
        let facility = &facilities["organisationUnits"][0];
        let facility_id = facility["id"].as_str().context("no facility under the root")?.to_string();
        let facility_name = facility["displayName"].as_str().unwrap_or_default().to_string();
        let path = facility["path"].as_str().unwrap_or_default().to_string();
        let ancestor_ids: Vec<&str> =
            path.split('/').filter(|part| !part.is_empty() && *part != facility_id).collect();
        let ancestors = instance
            .api_get(&format!(
                "organisationUnits?filter=id:in:[{}]&fields=id,displayName&paging=false",
                ancestor_ids.join(",")
            ))
            .await?;
        let ancestor_names: Vec<String> = ancestor_ids
            .iter()
            .filter_map(|id| {
                ancestors["organisationUnits"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .find(|unit| unit["id"] == *id)
                    .and_then(|unit| unit["displayName"].as_str().map(String::from))
            })
            .collect();
        assert!(
            browser
                .client()
                .find_all(Locator::Css(&format!("[data-test='org-unit-node'][data-id='{facility_id}']")))
                .await?
                .is_empty(),
            "the facility is not in the tree before it is found"
        );
        let typed = facility_name.to_lowercase();
        let search = browser.wait_test("org-unit-search").await?;
        search.send_keys(&typed).await?;
        let result_css = format!("[data-test='org-unit-search-result'][data-id='{facility_id}']");
        browser.wait_css(&result_css).await?;
        let shown_path = browser
            .texts(&format!("{result_css} [data-test='org-unit-search-path']"))
            .await?;
        assert_eq!(shown_path, [ancestor_names.join(" / ")]);
        // Arrow down to it and press Enter.
        let mut shown = Vec::new();
        for element in browser.client().find_all(Locator::Css("[data-test='org-unit-search-result']")).await? {
            shown.push(element.attr("data-id").await?.unwrap_or_default());
        }
        let position = shown.iter().position(|id| *id == facility_id).context("facility listed")?;
        for _ in 0..=position {
            search.send_keys("\u{E015}").await?;
        }
        let active = browser.wait_css(&format!("{result_css}[aria-selected='true']")).await?;
        assert_eq!(
            search.attr("aria-activedescendant").await?,
            active.attr("id").await?,
            "the input points at the active match"
        );
        search.send_keys("\u{E007}").await?;
        wait_count(&browser, 2).await?;
        wait_text(&browser, "org-unit-search-chosen", |text| text.contains(&facility_name)).await?;
        // The tree opened down to the facility, which is checked and marked.
        let found = browser
            .wait_css(&format!(
                "[data-test='org-unit-node'][data-id='{facility_id}'] > .org-unit-tree__row[data-found='true'] [data-test='org-unit-checkbox']"
            ))
            .await?;
        assert_eq!(found.prop("checked").await?.as_deref(), Some("true"));
        for id in &ancestor_ids {
            if browser.client().find_all(Locator::Css(&format!("[data-test='org-unit-node'][data-id='{id}']"))).await?.is_empty() {
                continue; // above the user's roots
            }
            browser
                .wait_css(&format!("[data-test='org-unit-node'][data-id='{id}'][aria-expanded='true']"))
                .await?;
        }

        // Step 2: every relative period, grouped as DHIS2 groups them.
        click(&browser, "wizard-next").await?;
        wait_hash(&browser, "#/sync/period").await?;
        click(&browser, "period-kind-relative").await?;
        browser.wait_test("period-relative-select").await?;
        let mut offered = Vec::new();
        for option in browser.client().find_all(Locator::Css("[data-test='period-relative-group'] option")).await? {
            offered.push(option.attr("value").await?.unwrap_or_default());
        }
        assert_eq!(offered, sync_core::model::RELATIVE_PERIODS);
        let mut group_labels = Vec::new();
        for group in browser.client().find_all(Locator::Css("[data-test='period-relative-group']")).await? {
            group_labels.push(group.attr("label").await?.unwrap_or_default());
        }
        assert_eq!(
            group_labels,
            ["Days", "Weeks", "Bi-weeks", "Months", "Bi-months", "Quarters", "Six-months", "Financial years", "Years"]
        );
        let label = browser
            .wait_css("optgroup[label='Weeks'] option[value='LAST_4_WEEKS']")
            .await?
            .prop("label")
            .await?;
        assert_eq!(label.as_deref(), Some("Last 4 weeks"));
        browser.wait_test("period-relative-select").await?.select_by_value("LAST_4_WEEKS").await?;
        // The app's today is the instance's (its pinned clock), never the browser's.
        let today = server_today(&instance).await?;
        let settings = instance
            .api_get("systemSettings?key=analyticsWeeklyStart&key=analyticsFinancialYearStart")
            .await?;
        let weekly_start = settings["analyticsWeeklyStart"]
            .as_str()
            .and_then(|name| weekly_start_from_name(name).ok())
            .unwrap_or(sync_core::period::PeriodType::Weekly);
        let financial_year_start = settings["analyticsFinancialYearStart"]
            .as_str()
            .and_then(|name| FinancialYearStart::from_name(name).ok())
            .unwrap_or_default();
        let (start, end) = RelativePeriod::Last4Weeks.date_range(today, financial_year_start, weekly_start);
        assert_eq!(end.to_days() - start.to_days() + 1, 28, "four whole weeks");
        wait_text(&browser, "period-resolved", |text| {
            text.starts_with(&format!("From {start} to {end} (4 periods"))
        })
        .await?;

        // Through the other steps to the summary, which shows the same dates.
        click(&browser, "wizard-next").await?;
        wait_hash(&browser, "#/sync/category-options").await?;
        click(&browser, "wizard-next").await?;
        wait_hash(&browser, "#/sync/aggregation").await?;
        click(&browser, "wizard-next").await?;
        wait_hash(&browser, "#/sync/instance").await?;
        browser
            .wait_css(&format!("[data-test='instance-option'][data-id='{CURRENT_INSTANCE_ID}']"))
            .await?
            .click()
            .await?;
        click(&browser, "wizard-next").await?;
        wait_hash(&browser, "#/sync/summary").await?;
        wait_text(&browser, "summary-period", |text| {
            text.contains("Last 4 weeks") && text.contains(&format!("{start} to {end}"))
        })
        .await?;
        wait_text(&browser, "summary-org-units", |text| text.starts_with("2:")).await?;
        Ok::<_, anyhow::Error>(())
    })
    .await
}
