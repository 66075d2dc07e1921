//! The rules page as a user meets it: rules stored through the API show in the table, with a
//! filter and paging; duplicate, delete with confirmation, export to a file, import (valid,
//! malformed, older schema), a broken entry that does not break the page, a concurrent edit
//! that asks before overwriting, Run now, and a user who loses the app's authority.
//! Rules are built with sync-core's model from ids the instance's API returns.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use fantoccini::Locator;
use fantoccini::elements::Element;
use sync_core::model::{
    Aggregation, CategoryOptionSelection, DESTINATION_SCHEMA_VERSION, DataSelection,
    DataSetSelection, DestinationInstance, DestinationKind, ImportStrategy, PeriodSelection,
    RULE_SCHEMA_VERSION, Rule, Schedule, SchedulePreset, load, to_json,
};

use crate::harness::{
    Browser, BrowserOptions, Instance, InstanceOptions, RunOptions, WAIT, eventually,
    with_app_options,
};

const NAMESPACE: &str = "dataStore/aggregate-sync";
const DESTINATION_ID: &str = "dEstInAtion";
const DESTINATION_NAME: &str = "National server";

/// Ids of real metadata of the instance, for rules that validate.
pub(crate) struct Metadata {
    data_set: String,
    org_unit: String,
}

pub(crate) async fn metadata(instance: &Instance) -> Result<Metadata> {
    let data_sets = instance.api_get("dataSets?fields=id&paging=false").await?;
    let org_units = instance
        .api_get("organisationUnits?fields=id&level=1&paging=false")
        .await?;
    Ok(Metadata {
        data_set: data_sets["dataSets"][0]["id"]
            .as_str()
            .context("a data set")?
            .to_string(),
        org_unit: org_units["organisationUnits"][0]["id"]
            .as_str()
            .context("a root org unit")?
            .to_string(),
    })
}

pub(crate) fn rule(id: &str, name: &str, metadata: &Metadata) -> Rule {
    Rule {
        schema_version: RULE_SCHEMA_VERSION,
        id: id.to_string(),
        name: name.to_string(),
        code: None,
        description: Some(format!("{name}, described")),
        selection: DataSelection {
            data_sets: vec![DataSetSelection {
                id: metadata.data_set.clone(),
                excluded_data_elements: vec![],
            }],
            data_elements: vec![],
            data_element_groups: vec![],
        },
        org_units: vec![metadata.org_unit.clone()],
        period: PeriodSelection::Relative {
            relative_period: "LAST_MONTH".into(),
        },
        category_options: CategoryOptionSelection::All,
        aggregation: Aggregation::Off,
        destination_id: DESTINATION_ID.into(),
        import_strategy: ImportStrategy::CreateAndUpdate,
        send_deletions: false,
        dry_run: true,
        schedule: Some(Schedule::from_preset(SchedulePreset::Monthly)),
        last_run: None,
        last_successful_run: None,
        pending: vec![],
    }
}

pub(crate) async fn store_rule(instance: &Instance, rule: &Rule) -> Result<()> {
    let path = format!("{NAMESPACE}/rule-{}", rule.id);
    instance.api_post(&path, &json_of(&to_json(rule)?)?).await
}

pub(crate) async fn store_destination(instance: &Instance) -> Result<()> {
    let destination = DestinationInstance {
        schema_version: DESTINATION_SCHEMA_VERSION,
        id: DESTINATION_ID.into(),
        name: DESTINATION_NAME.into(),
        description: None,
        url: String::new(),
        kind: DestinationKind::CurrentInstance,
        id_schemes: Default::default(),
    };
    let path = format!("{NAMESPACE}/destination-{DESTINATION_ID}");
    instance
        .api_post(&path, &json_of(&to_json(&destination)?)?)
        .await
}

fn json_of(text: &str) -> Result<serde_json::Value> {
    Ok(serde_json::from_str(text)?)
}

/// The stored rules (valid ones), read through the API.
async fn stored_rules(instance: &Instance) -> Result<Vec<Rule>> {
    let keys = instance.api_get(NAMESPACE).await?;
    let mut rules = Vec::new();
    for key in keys.as_array().context("keys")? {
        let key = key.as_str().unwrap_or_default();
        if key.starts_with("rule-") {
            let value = instance.api_get(&format!("{NAMESPACE}/{key}")).await?;
            if let Ok(loaded) = load::<Rule>(&value.to_string()) {
                rules.push(loaded.value);
            }
        }
    }
    Ok(rules)
}

async fn status_of(instance: &Instance, key: &str) -> Result<u16> {
    let (status, _) = instance
        .api_send(reqwest::Method::GET, &format!("{NAMESPACE}/{key}"), None)
        .await?;
    Ok(status)
}

/// The table row of the rule named `name`.
async fn row(browser: &Browser, name: &str) -> Result<Element> {
    let xpath = format!(
        "//tr[@data-test='rule-row'][.//*[@data-test='rule-name' and normalize-space()='{name}']]"
    );
    browser
        .client()
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&xpath))
        .await
        .with_context(|| format!("waiting for the row of {name}"))
}

async fn click_in(row: &Element, test: &str) -> Result<()> {
    row.find(Locator::Css(&format!("[data-test='{test}']")))
        .await
        .with_context(|| format!("{test} in the row"))?
        .click()
        .await?;
    Ok(())
}

/// Waits until the page's message contains `text`; returns it.
async fn message_containing(browser: &Browser, text: &str) -> Result<String> {
    eventually(
        &format!("a message containing {text:?}"),
        WAIT,
        async || {
            let texts = browser.texts("[data-test='rules-message']").await?;
            Ok(texts.into_iter().find(|message| message.contains(text)))
        },
    )
    .await
}

/// Waits until `check` holds.
async fn until(what: &str, mut check: impl AsyncFnMut() -> Result<bool>) -> Result<()> {
    eventually(what, WAIT, async || Ok(check().await?.then_some(()))).await
}

/// Starts an instance with a destination and runs `test` through the harness's runner (which
/// checks the console, allowing `allowed_errors`, and stops the instance).
async fn with_app(
    options: BrowserOptions,
    allowed_errors: &'static [&'static str],
    test: impl AsyncFnOnce(Browser, Instance) -> Result<()>,
) -> Result<()> {
    let instance = Instance::start(InstanceOptions::default()).await?;
    store_destination(&instance).await?;
    let options = RunOptions {
        browser: options,
        allowed_console_errors: allowed_errors,
    };
    with_app_options(instance, options, test).await
}

pub(crate) async fn open_rules(browser: &Browser, instance: &Instance, query: &str) -> Result<()> {
    browser
        .log_in(&instance.base_url(), "admin", "district")
        .await?;
    browser
        .goto(&format!("{}#/rules{query}", instance.app_url()))
        .await?;
    browser.wait_test("rules-page").await?;
    Ok(())
}

fn names(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| item.to_string()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn rules_table_filter_paging_duplicate_delete_and_broken_entries() -> Result<()> {
    with_app(BrowserOptions::default(), &[], async |browser, instance| {
        let metadata = metadata(&instance).await?;
        for (id, name) in [
            ("rUleWeekly1", "Weekly malaria"),
            ("rUleMonthl1", "Monthly ANC"),
            ("rUleQuarte1", "Quarterly EPI"),
        ] {
            store_rule(&instance, &rule(id, name, &metadata)).await?;
        }
        // Valid JSON that is not a rule, and a rule from a newer app.
        instance
            .api_post(
                &format!("{NAMESPACE}/rule-bRokenRule1"),
                &serde_json::json!({"schemaVersion": 1, "id": "bRokenRule1", "name": 42}),
            )
            .await?;
        instance
            .api_post(
                &format!("{NAMESPACE}/rule-fUtureRule1"),
                &serde_json::json!({"schemaVersion": 99, "id": "fUtureRule1"}),
            )
            .await?;

        open_rules(&browser, &instance, "?pageSize=2").await?;
        browser
            .wait_texts(
                "[data-test='rule-name']",
                &names(&["Monthly ANC", "Quarterly EPI"]),
            )
            .await?;
        let monthly = row(&browser, "Monthly ANC").await?;
        let destination = monthly
            .find(Locator::Css("[data-test='rule-destination']"))
            .await?
            .text()
            .await?;
        assert_eq!(destination, DESTINATION_NAME);
        let sends = monthly
            .find(Locator::Css("[data-test='rule-sends']"))
            .await?
            .text()
            .await?;
        assert!(
            sends.contains("1 data set") && sends.contains("Last month"),
            "{sends}"
        );
        let schedule = monthly
            .find(Locator::Css("[data-test='rule-schedule']"))
            .await?
            .text()
            .await?;
        assert_eq!(schedule, "Monthly");

        // Page 2: the last rule, then the broken entries, which keep their error.
        browser.wait_test("pagination-next").await?.click().await?;
        browser
            .wait_texts("[data-test='rule-name']", &names(&["Weekly malaria"]))
            .await?;
        browser
            .wait_texts(
                "[data-test='rule-broken-key']",
                &names(&["rule-bRokenRule1"]),
            )
            .await?;
        let error = browser.wait_test("rule-broken-error").await?.text().await?;
        assert!(error.contains("name"), "the error names the field: {error}");
        browser.wait_test("pagination-next").await?.click().await?;
        browser
            .wait_texts(
                "[data-test='rule-broken-key']",
                &names(&["rule-fUtureRule1"]),
            )
            .await?;
        let error = browser.wait_test("rule-broken-error").await?.text().await?;
        assert!(error.contains("newer"), "{error}");

        // Filter by name.
        browser
            .goto(&format!("{}#/rules", instance.app_url()))
            .await?;
        let filter = browser.wait_test("rules-filter").await?;
        filter.send_keys("monthly\n").await?;
        browser
            .wait_texts("[data-test='rule-name']", &names(&["Monthly ANC"]))
            .await?;

        // Duplicate.
        click_in(&row(&browser, "Monthly ANC").await?, "rule-duplicate").await?;
        message_containing(&browser, "Copy of Monthly ANC").await?;
        browser
            .wait_texts(
                "[data-test='rule-name']",
                &names(&["Copy of Monthly ANC", "Monthly ANC"]),
            )
            .await?;
        let copy = stored_rules(&instance)
            .await?
            .into_iter()
            .find(|rule| rule.name == "Copy of Monthly ANC")
            .context("the copy is stored")?;
        assert_ne!(copy.id, "rUleMonthl1");
        assert_eq!(copy.selection, rule("x", "x", &metadata).selection);

        // Delete asks first; Cancel keeps the rule.
        let copy_row = row(&browser, "Copy of Monthly ANC").await?;
        click_in(&copy_row, "rule-delete").await?;
        let question = browser
            .wait_test("rule-delete-question")
            .await?
            .text()
            .await?;
        assert!(question.contains("Copy of Monthly ANC"), "{question}");
        click_in(&copy_row, "rule-delete-cancel").await?;
        assert_eq!(
            status_of(&instance, &format!("rule-{}", copy.id)).await?,
            200
        );
        click_in(&copy_row, "rule-delete").await?;
        click_in(&copy_row, "rule-delete-confirm").await?;
        message_containing(&browser, "Deleted").await?;
        browser
            .wait_texts("[data-test='rule-name']", &names(&["Monthly ANC"]))
            .await?;
        assert_eq!(
            status_of(&instance, &format!("rule-{}", copy.id)).await?,
            404
        );

        // A broken entry can be deleted too.
        browser
            .goto(&format!("{}#/rules?filter=broken", instance.app_url()))
            .await?;
        let broken = browser.wait_test("rule-broken-row").await?;
        click_in(&broken, "rule-delete").await?;
        click_in(&broken, "rule-delete-confirm").await?;
        message_containing(&browser, "Deleted").await?;
        assert_eq!(status_of(&instance, "rule-bRokenRule1").await?, 404);
        Ok(())
    })
    .await
}

/// Waits for one finished, non-empty `.json` download in `dir`.
async fn downloaded(dir: &Path) -> Result<PathBuf> {
    eventually(
        &format!("a download in {}", dir.display()),
        WAIT,
        async || {
            let files: Vec<PathBuf> = std::fs::read_dir(dir)?
                .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                .filter(|path| {
                    path.extension()
                        .is_some_and(|extension| extension == "json")
                })
                .collect();
            // Chromium may show the final name before the content is flushed: wait for the bytes.
            Ok(match files.as_slice() {
                [file] if std::fs::metadata(file).is_ok_and(|metadata| metadata.len() > 0) => {
                    Some(file.clone())
                }
                _ => None,
            })
        },
    )
    .await
}

async fn import_file(browser: &Browser, path: &Path) -> Result<()> {
    let input = browser.wait_test("rules-import-input").await?;
    input.send_keys(&path.display().to_string()).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn rules_export_and_import() -> Result<()> {
    let downloads = tempfile::tempdir()?;
    let options = BrowserOptions {
        download_dir: Some(downloads.path().to_path_buf()),
    };
    let download_dir = downloads.path().to_path_buf();
    with_app(options, &[], async |browser, instance| {
        let metadata = metadata(&instance).await?;
        let original = rule("rUleMonthl1", "Monthly ANC", &metadata);
        store_rule(&instance, &original).await?;
        open_rules(&browser, &instance, "").await?;

        // Export: a file with the rule and its schema version.
        click_in(&row(&browser, "Monthly ANC").await?, "rule-export").await?;
        let file = downloaded(&download_dir).await?;
        let text = std::fs::read_to_string(&file)?;
        assert!(text.contains("\"schemaVersion\""), "{text}");
        assert_eq!(load::<Rule>(&text)?.value, original);

        // Importing it again: the id is taken, so it becomes a new rule.
        import_file(&browser, &file).await?;
        message_containing(&browser, "as a new rule").await?;
        let rules = stored_rules(&instance).await?;
        assert_eq!(rules.len(), 2);
        assert!(rules.iter().all(|rule| rule.name == "Monthly ANC"));

        // With "Replace", the rule with the same id is replaced.
        let work = tempfile::tempdir()?;
        let edited = work.path().join("edited.json");
        let mut changed = original.clone();
        changed.name = "Monthly ANC (edited)".into();
        std::fs::write(&edited, to_json(&changed)?)?;
        browser
            .wait_test("rules-import-replace")
            .await?
            .click()
            .await?;
        import_file(&browser, &edited).await?;
        message_containing(&browser, "Replaced").await?;
        let value = instance
            .api_get(&format!("{NAMESPACE}/rule-rUleMonthl1"))
            .await?;
        assert_eq!(value["name"], "Monthly ANC (edited)");
        browser
            .wait_test("rules-import-replace")
            .await?
            .click()
            .await?;

        // A malformed file gets a clear message and changes nothing.
        let malformed = work.path().join("malformed.json");
        std::fs::write(&malformed, "{\"name\": \"half a rule\",")?;
        import_file(&browser, &malformed).await?;
        let message = message_containing(&browser, "malformed JSON").await?;
        assert!(message.contains("line 1"), "{message}");
        assert_eq!(stored_rules(&instance).await?.len(), 2);

        // A file of the first schema version is migrated, and the user is told.
        let old = work.path().join("old.json");
        let old_rule = serde_json::json!({
            "id": "oLdRuleId01", "name": "Rule from the old app",
            "builder": {"dataSets": [metadata.data_set]},
            "orgUnitPaths": [format!("/{}", metadata.org_unit)],
            "period": "LAST_MONTH", "targetInstances": [DESTINATION_ID],
            "syncParams": {"importStrategy": "NEW_AND_UPDATES"},
            "enabled": true, "frequency": "0 2 * * 1"
        });
        std::fs::write(&old, old_rule.to_string())?;
        import_file(&browser, &old).await?;
        let message = message_containing(&browser, "migrated").await?;
        assert!(message.contains("schema version 0"), "{message}");
        let value = instance
            .api_get(&format!("{NAMESPACE}/rule-oLdRuleId01"))
            .await?;
        assert_eq!(value["schemaVersion"], RULE_SCHEMA_VERSION);
        let migrated = row(&browser, "Rule from the old app").await?;
        let schedule = migrated
            .find(Locator::Css("[data-test='rule-schedule']"))
            .await?
            .text()
            .await?;
        assert_eq!(schedule, "Weekly");
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn rules_concurrent_edit_asks_before_overwriting() -> Result<()> {
    with_app(BrowserOptions::default(), &[], async |browser, instance| {
        let metadata = metadata(&instance).await?;
        let original = rule("rUleMonthl1", "Monthly ANC", &metadata);
        store_rule(&instance, &original).await?;
        open_rules(&browser, &instance, "").await?;

        // The user opens the schedule for editing; someone else saves the rule meanwhile.
        let monthly = row(&browser, "Monthly ANC").await?;
        click_in(&monthly, "rule-schedule-edit").await?;
        let choice = browser.wait_test("rule-schedule-choice").await?;
        instance.wait_for_the_next_second().await?;
        let mut theirs = original.clone();
        theirs.description = Some("changed by a colleague".into());
        let path = format!("{NAMESPACE}/rule-{}", original.id);
        instance
            .api_put(&path, &json_of(&to_json(&theirs)?)?)
            .await?;

        choice.select_by_value(SchedulePreset::Daily.cron()).await?;
        browser
            .wait_test("rule-schedule-save")
            .await?
            .click()
            .await?;
        browser.wait_test("edit-conflict").await?;
        let stored = instance.api_get(&path).await?;
        assert_eq!(
            stored["description"], "changed by a colleague",
            "nothing overwritten"
        );
        assert_eq!(stored["schedule"]["cron"], SchedulePreset::Monthly.cron());

        // Loading their version, then saving, keeps their change and adds mine.
        browser
            .wait_test("edit-conflict-reload")
            .await?
            .click()
            .await?;
        until("the conflict notice is gone", || async {
            Ok(browser
                .texts("[data-test='edit-conflict']")
                .await?
                .is_empty())
        })
        .await?;
        browser
            .wait_test("rule-schedule-choice")
            .await?
            .select_by_value(SchedulePreset::Daily.cron())
            .await?;
        browser
            .wait_test("rule-schedule-save")
            .await?
            .click()
            .await?;
        message_containing(&browser, "Saved the schedule").await?;
        let stored = instance.api_get(&path).await?;
        assert_eq!(stored["description"], "changed by a colleague");
        assert_eq!(stored["schedule"]["cron"], SchedulePreset::Daily.cron());

        // Another conflict, resolved by overwriting.
        click_in(&row(&browser, "Monthly ANC").await?, "rule-schedule-edit").await?;
        let choice = browser.wait_test("rule-schedule-choice").await?;
        instance.wait_for_the_next_second().await?;
        theirs.description = Some("changed again".into());
        instance
            .api_put(&path, &json_of(&to_json(&theirs)?)?)
            .await?;
        choice.select_by_value("").await?;
        browser
            .wait_test("rule-schedule-save")
            .await?
            .click()
            .await?;
        browser
            .wait_test("edit-conflict-overwrite")
            .await?
            .click()
            .await?;
        message_containing(&browser, "Saved the schedule").await?;
        let stored = instance.api_get(&path).await?;
        assert_eq!(stored["description"], "changed by a colleague", "mine won");
        assert!(stored.get("schedule").is_none(), "{stored}");
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn rules_run_now_checks_then_starts_the_run() -> Result<()> {
    with_app(BrowserOptions::default(), &[], async |browser, instance| {
        let metadata = metadata(&instance).await?;
        store_rule(&instance, &rule("rUleMonthl1", "Monthly ANC", &metadata)).await?;
        let mut incomplete = rule("rUleNoUnit1", "Without org units", &metadata);
        incomplete.org_units.clear();
        store_rule(&instance, &incomplete).await?;
        open_rules(&browser, &instance, "").await?;

        click_in(&row(&browser, "Without org units").await?, "rule-run").await?;
        let issues = browser.wait_test("rule-run-issues").await?.text().await?;
        assert!(issues.contains("organisation unit"), "{issues}");

        click_in(&row(&browser, "Monthly ANC").await?, "rule-run").await?;
        until("the run page opens", || async {
            Ok(browser
                .client()
                .current_url()
                .await?
                .as_str()
                .ends_with("#/sync/run"))
        })
        .await?;
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn rules_need_the_app_authority() -> Result<()> {
    // The 403 the dataStore answers once the authority is gone.
    with_app(
        BrowserOptions::default(),
        &["403"],
        async |browser, instance| {
            let metadata = metadata(&instance).await?;
            store_rule(&instance, &rule("rUleMonthl1", "Monthly ANC", &metadata)).await?;
            // `dataentry` holds the app's authority: sees the rules.
            browser
                .log_in(&instance.base_url(), "dataentry", "District1!")
                .await?;
            browser
                .goto(&format!("{}#/rules", instance.app_url()))
                .await?;
            row(&browser, "Monthly ANC").await?;

            // An administrator takes the authority away while the app is open.
            instance.set_authorities("dataentry", &["F_DATAVALUE_ADD", "M_dhis-web-dataentry"])?;
            browser
                .goto(&format!("{}#/data", instance.app_url()))
                .await?;
            browser.wait_test("nav-rules").await?.click().await?;
            let notice = browser.wait_test("access-denied").await?.text().await?;
            assert!(notice.contains("M_aggregatesync"), "{notice}");
            assert!(browser.texts("[data-test='rule-row']").await?.is_empty());
            Ok(())
        },
    )
    .await
}
