//! Editing a saved rule in the wizard: Edit on the rules page opens the wizard prefilled, Save
//! updates the same dataStore key (no new rule); when someone else saves the rule between
//! opening and saving, nothing is overwritten silently: the user is asked, and either loads
//! their version or overwrites it. Rules are stored and changed through the API.

use anyhow::{Context, Result};
use fantoccini::key::Key;
use serde_json::{Value, json};
use sync_core::model::{
    Aggregation, CategoryOptionSelection, DataSelection, DataSetSelection, ImportStrategy,
    PeriodSelection, RULE_SCHEMA_VERSION, Rule, load, to_json,
};

use crate::harness::{Browser, Instance, InstanceOptions, WAIT, eventually, with_app};

const NAMESPACE: &str = "dataStore/aggregate-sync";
const DESTINATION_ID: &str = "dEstInAtion";

async fn stored_rule(instance: &Instance, id: &str) -> Result<Rule> {
    let value = instance.api_get(&format!("{NAMESPACE}/rule-{id}")).await?;
    Ok(load::<Rule>(&value.to_string())?.value)
}

async fn rule_keys(instance: &Instance) -> Result<Vec<String>> {
    let keys = instance.api_get(NAMESPACE).await?;
    Ok(keys
        .as_array()
        .context("keys")?
        .iter()
        .filter_map(Value::as_str)
        .filter(|key| key.starts_with("rule-"))
        .map(str::to_string)
        .collect())
}

async fn put_rule(instance: &Instance, rule: &Rule) -> Result<()> {
    let value: Value = serde_json::from_str(&to_json(rule)?)?;
    instance
        .api_put(&format!("{NAMESPACE}/rule-{}", rule.id), &value)
        .await
}

/// Replaces the text of the input `test` (the change fires when the focus leaves it).
async fn replace(browser: &Browser, test: &str, text: &str) -> Result<()> {
    let input = browser.wait_test(test).await?;
    input.clear().await?;
    input
        .send_keys(&format!("{text}{}", char::from(Key::Tab)))
        .await?;
    Ok(())
}

async fn value_of(browser: &Browser, test: &str) -> Result<String> {
    let input = browser.wait_test(test).await?;
    Ok(input.prop("value").await?.unwrap_or_default())
}

/// Waits until `check` holds.
async fn until(what: &str, mut check: impl AsyncFnMut() -> Result<bool>) -> Result<()> {
    eventually(what, WAIT, async || Ok(check().await?.then_some(()))).await
}

async fn save(browser: &Browser) -> Result<()> {
    browser
        .wait_test("summary-save-rule")
        .await?
        .click()
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn edit_in_the_wizard_updates_the_rule_and_asks_on_a_concurrent_edit() -> Result<()> {
    let instance = Instance::start(InstanceOptions::default()).await?;
    with_app(instance, async |browser, instance| {
        instance
            .api_post(
                &format!("{NAMESPACE}/destination-{DESTINATION_ID}"),
                &json!({"schemaVersion": 1, "id": DESTINATION_ID, "name": "This server",
                        "url": "", "kind": {"type": "CURRENT_INSTANCE"}}),
            )
            .await?;
        let data_sets = instance.api_get("dataSets?fields=id&paging=false").await?;
        let org_units = instance
            .api_get("organisationUnits?fields=id&level=1&paging=false")
            .await?;
        let original = Rule {
            schema_version: RULE_SCHEMA_VERSION,
            id: "rUleEdited1".into(),
            name: "Monthly ANC".into(),
            code: None,
            description: Some("as first saved".into()),
            selection: DataSelection {
                data_sets: vec![DataSetSelection {
                    id: data_sets["dataSets"][0]["id"]
                        .as_str()
                        .context("data set")?
                        .into(),
                    excluded_data_elements: vec![],
                }],
                data_elements: vec![],
                data_element_groups: vec![],
            },
            org_units: vec![
                org_units["organisationUnits"][0]["id"]
                    .as_str()
                    .context("org unit")?
                    .into(),
            ],
            period: PeriodSelection::Relative {
                relative_period: "LAST_MONTH".into(),
            },
            category_options: CategoryOptionSelection::All,
            aggregation: Aggregation::Off,
            destination_id: DESTINATION_ID.into(),
            import_strategy: ImportStrategy::CreateAndUpdate,
            send_deletions: false,
            dry_run: true,
            schedule: None,
            last_run: None,
            last_successful_run: None,
            pending: vec![],
        };
        let value: Value = serde_json::from_str(&to_json(&original)?)?;
        instance
            .api_post(&format!("{NAMESPACE}/rule-{}", original.id), &value)
            .await?;
        browser
            .log_in(&instance.base_url(), "admin", "district")
            .await?;
        browser
            .goto(&format!("{}#/rules", instance.app_url()))
            .await?;

        // Edit opens the wizard with the rule's choices.
        browser.wait_test("rule-edit").await?.click().await?;
        until("the wizard opens", || async {
            Ok(browser
                .client()
                .current_url()
                .await?
                .as_str()
                .contains("#/sync/"))
        })
        .await?;
        browser
            .goto(&format!("{}#/sync/summary", instance.app_url()))
            .await?;
        browser.wait_test("save-rule").await?;
        assert_eq!(value_of(&browser, "rule-name").await?, "Monthly ANC");
        assert_eq!(
            value_of(&browser, "rule-description").await?,
            "as first saved"
        );

        // Saving updates the same rule.
        replace(&browser, "rule-description", "edited in the wizard").await?;
        save(&browser).await?;
        let saved = browser.wait_test("save-rule-saved").await?;
        assert_eq!(
            saved.attr("data-key").await?.as_deref(),
            Some("rule-rUleEdited1")
        );
        let stored = stored_rule(&instance, &original.id).await?;
        assert_eq!(stored.description.as_deref(), Some("edited in the wizard"));
        assert_eq!(stored.name, "Monthly ANC");
        assert_eq!(rule_keys(&instance).await?, vec!["rule-rUleEdited1"]);

        // A colleague saves the rule; saving mine asks, and nothing was overwritten.
        instance.wait_for_the_next_second().await?;
        let mut theirs = stored.clone();
        theirs.description = Some("changed by a colleague".into());
        put_rule(&instance, &theirs).await?;
        replace(&browser, "rule-name", "Monthly ANC (mine)").await?;
        save(&browser).await?;
        let message = browser
            .wait_test("edit-conflict-message")
            .await?
            .text()
            .await?;
        assert!(message.contains("after you opened it"), "{message}");
        let stored = stored_rule(&instance, &original.id).await?;
        assert_eq!(stored, theirs, "nothing overwritten");

        // Loading theirs drops mine; saving again then works.
        browser
            .wait_test("edit-conflict-reload")
            .await?
            .click()
            .await?;
        browser.wait_test("save-rule-reloaded").await?;
        until("their version is in the form", || async {
            Ok(value_of(&browser, "rule-description").await? == "changed by a colleague")
        })
        .await?;
        assert_eq!(value_of(&browser, "rule-name").await?, "Monthly ANC");
        replace(&browser, "rule-code", "ANC_MONTHLY").await?;
        save(&browser).await?;
        browser.wait_test("save-rule-saved").await?;
        let stored = stored_rule(&instance, &original.id).await?;
        assert_eq!(
            stored.description.as_deref(),
            Some("changed by a colleague")
        );
        assert_eq!(stored.code.as_deref(), Some("ANC_MONTHLY"));

        // Another concurrent save, this time overwritten on purpose.
        instance.wait_for_the_next_second().await?;
        let mut theirs = stored.clone();
        theirs.description = Some("changed again".into());
        put_rule(&instance, &theirs).await?;
        replace(&browser, "rule-name", "Mine wins").await?;
        save(&browser).await?;
        browser
            .wait_test("edit-conflict-overwrite")
            .await?
            .click()
            .await?;
        browser.wait_test("save-rule-saved").await?;
        let stored = stored_rule(&instance, &original.id).await?;
        assert_eq!(stored.name, "Mine wins");
        assert_eq!(
            stored.description.as_deref(),
            Some("changed by a colleague")
        );
        assert_eq!(rule_keys(&instance).await?, vec!["rule-rUleEdited1"]);
        Ok(())
    })
    .await
}
