//! Accessibility: axe-core (npm, 4.14) run over every page, every wizard step, the run page,
//! the report and every inline dialog (secret form, delete confirmations, the edit conflict,
//! the save-rule form), failing on any serious or critical violation; and the whole flow from
//! the data selection to the report done with the keyboard only, checked through the
//! destination's API. One browser walk each: browser tests are slow, so each visits many views.

use anyhow::{Context, Result};
use serde_json::Value;

use crate::harness::a11y::{focused_test, keys, press, tab_to, tab_until, wait_focus};
use crate::harness::{
    Browser, DESTINATION_ID, Pair, WAIT, assert_accessible, eventually, values_of, with_app,
};
use crate::sync_runs::{draft, enter_credentials, query, wait_for_status};
use crate::wizard::{click, open_with_draft, wait_hash};

/// The wizard's steps after the data selection, in order, as their URL slugs.
const STEPS: [&str; 6] = [
    "org-units",
    "period",
    "category-options",
    "aggregation",
    "instance",
    "summary",
];

/// Opens `hash` of the app and waits for `test`.
async fn open(browser: &Browser, pair: &Pair, hash: &str, test: &str) -> Result<()> {
    browser
        .goto(&format!("{}{hash}", pair.source.app_url()))
        .await?;
    browser.wait_test(test).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_no_serious_violation_on_any_page_step_or_dialog() -> Result<()> {
    let pair = Pair::start().await?;
    let data_set = pair.data_set("Monthly").await?;
    let org_units = pair.org_units_with_data(&data_set, "202403", 3).await?;
    with_app(pair, async |browser, pair| {
        browser
            .log_in(&pair.source.base_url(), "admin", "district")
            .await?;

        // The pages.
        open(&browser, &pair, "#/data", "data-set-table").await?;
        assert_accessible(&browser, "the data selection").await?;
        open(&browser, &pair, "#/settings", "settings-form").await?;
        assert_accessible(&browser, "the settings").await?;
        open(&browser, &pair, "#/destinations", "destination-row").await?;
        assert_accessible(&browser, "the destinations").await?;

        // The destinations' inline dialogs: the secret asked to test a connection, the delete
        // confirmation; then the form.
        click(&browser, "destination-test").await?;
        browser.wait_test("destination-secret-form").await?;
        assert_accessible(&browser, "the destination's secret form").await?;
        wait_focus(&browser, "destination-secret-username").await?;
        press(&browser, keys::ESCAPE).await?;
        eventually("the secret form to close", WAIT, async || {
            Ok(browser
                .texts("[data-test='destination-secret-form']")
                .await?
                .is_empty()
                .then_some(()))
        })
        .await?;
        click(&browser, "destination-delete").await?;
        browser.wait_test("destination-delete-confirm").await?;
        assert_accessible(&browser, "the destination delete confirmation").await?;
        // The confirmation has the focus; Escape closes it and gives it back to Delete.
        wait_focus(&browser, "destination-delete-no").await?;
        press(&browser, keys::ESCAPE).await?;
        wait_focus(&browser, "destination-delete").await?;
        click(&browser, "destination-edit").await?;
        wait_hash(&browser, &format!("#/destinations/{DESTINATION_ID}")).await?;
        browser.wait_test("destination-form").await?;
        assert_accessible(&browser, "the destination form (edit)").await?;
        open(&browser, &pair, "#/destinations/new", "destination-form").await?;
        assert_accessible(&browser, "the destination form (new)").await?;

        // The six wizard steps, with a complete draft.
        let draft = draft(&data_set, &org_units, "2024-03-01", "2024-03-31");
        open_with_draft(&browser, &pair.source, &draft, "#/sync/org-units").await?;
        for (index, step) in STEPS.iter().enumerate() {
            wait_hash(&browser, &format!("#/sync/{step}")).await?;
            browser.wait_test("wizard-step-content").await?;
            if *step == "org-units" {
                browser.wait_test("org-unit-node").await?;
            }
            assert_accessible(&browser, &format!("wizard step {} ({step})", index + 1)).await?;
            if index + 1 < STEPS.len() {
                click(&browser, "wizard-next").await?;
            }
        }

        // The save-rule form with its problem, then the edit conflict.
        click(&browser, "summary-save-rule").await?;
        browser
            .wait_css("[data-test='save-rule-problem'][data-code='NameRequired']")
            .await?;
        assert_accessible(&browser, "the save-rule form with a problem").await?;
        browser
            .wait_test("rule-name")
            .await?
            .send_keys("Accessible rule\t")
            .await?;
        click(&browser, "summary-save-rule").await?;
        let key = browser
            .wait_test("save-rule-saved")
            .await?
            .attr("data-key")
            .await?
            .context("the saved rule's key")?;
        pair.source.wait_for_the_next_second().await?;
        let path = format!("dataStore/aggregate-sync/{key}");
        let mut theirs: Value = pair.source.api_get(&path).await?;
        theirs["description"] = "changed by a colleague".into();
        pair.source.api_put(&path, &theirs).await?;
        let name = browser.wait_test("rule-name").await?;
        name.clear().await?;
        name.send_keys("Accessible rule (mine)\t").await?;
        click(&browser, "summary-save-rule").await?;
        browser.wait_test("edit-conflict").await?;
        assert_accessible(&browser, "the edit conflict").await?;
        wait_focus(&browser, "edit-conflict-cancel").await?;
        press(&browser, keys::ESCAPE).await?;
        eventually("the edit conflict to close", WAIT, async || {
            Ok(browser
                .texts("[data-test='edit-conflict']")
                .await?
                .is_empty()
                .then_some(()))
        })
        .await?;

        // The run: its credentials form, the finished run, the report.
        click(&browser, "summary-synchronize").await?;
        wait_hash(&browser, "#/sync/run").await?;
        browser.wait_test("run-credentials-form").await?;
        assert_accessible(&browser, "the run's credentials form").await?;
        enter_credentials(&browser).await?;
        assert_eq!(wait_for_status(&browser).await?, "SUCCESS");
        assert_accessible(&browser, "the finished run").await?;
        click(&browser, "run-report-link").await?;
        browser.wait_test("report-summary").await?;
        assert_accessible(&browser, "the report").await?;

        // The rules page and its delete question.
        open(&browser, &pair, "#/rules", "rule-row").await?;
        assert_accessible(&browser, "the rules").await?;
        click(&browser, "rule-delete").await?;
        browser.wait_test("rule-delete-question").await?;
        assert_accessible(&browser, "the rule delete question").await?;
        wait_focus(&browser, "rule-delete-cancel").await?;
        press(&browser, keys::ESCAPE).await?;
        wait_focus(&browser, "rule-delete").await?;

        // The history and its delete confirmation.
        open(&browser, &pair, "#/history", "history-row").await?;
        assert_accessible(&browser, "the history").await?;
        click(&browser, "history-select-all").await?;
        click(&browser, "history-delete-selected").await?;
        browser.wait_test("history-delete-confirmation").await?;
        assert_accessible(&browser, "the history delete confirmation").await?;
        wait_focus(&browser, "history-delete-cancel").await?;
        press(&browser, keys::ESCAPE).await?;
        wait_focus(&browser, "history-delete-selected").await?;
        Ok(())
    })
    .await
}

/// Moves the focus with Tab to the radio group whose buttons' names start with `group`, then
/// with the arrow keys (which also check it, as in any radio group) to the button `target`.
async fn choose_radio(browser: &Browser, group: &str, target: &str) -> Result<()> {
    tab_until(browser, group, 60, false, |name| name.starts_with(group)).await?;
    for _ in 0..20 {
        if focused_test(browser).await? == target {
            press(browser, keys::SPACE).await?;
            return Ok(());
        }
        press(browser, keys::DOWN).await?;
    }
    anyhow::bail!("the arrow keys never reached {target} in {group}")
}

/// Tabs to Next, presses Enter, waits for the next step and says where the focus went.
async fn next_step(browser: &Browser, step: &str) -> Result<()> {
    tab_to(browser, "wizard-next", 400, false).await?;
    press(browser, keys::ENTER).await?;
    wait_hash(browser, &format!("#/sync/{step}")).await?;
    log_focus(browser, step).await
}

/// Prints where the focus is after a step change (the step's content should have it; when the
/// app's redraw dropped it to the body, Tab still goes on from the top of the page).
async fn log_focus(browser: &Browser, step: &str) -> Result<()> {
    eprintln!(
        "focus after opening {step}: {}",
        focused_test(browser).await?
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_whole_flow_works_with_the_keyboard_only() -> Result<()> {
    let pair = Pair::start().await?;
    let data_set = pair.data_set("Monthly").await?;
    let org_unit = pair
        .org_units_with_data(&data_set, "202403", 1)
        .await?
        .remove(0);
    let set = pair
        .source
        .api_get(&format!("dataSets/{data_set}?fields=displayName"))
        .await?;
    let set_name = set["displayName"]
        .as_str()
        .context("data set name")?
        .to_string();
    let unit = pair
        .source
        .api_get(&format!("organisationUnits/{org_unit}?fields=displayName"))
        .await?;
    let unit_name = unit["displayName"]
        .as_str()
        .context("org unit name")?
        .to_string();
    let path = query(&data_set, "202403", std::slice::from_ref(&org_unit));
    let expected = values_of(&pair.source.api_get(&path).await?);
    assert!(!expected.is_empty(), "the source has values to send");

    with_app(pair, async |browser, pair| {
        browser
            .log_in(&pair.source.base_url(), "admin", "district")
            .await?;
        browser
            .goto(&format!("{}#/data", pair.source.app_url()))
            .await?;
        browser.wait_test("data-set-table").await?;

        // The data selection: filter by the data set's name, Enter, then its checkbox (Space)
        // and Sync (Enter).
        tab_to(&browser, "data-set-filter", 40, false).await?;
        press(&browser, &format!("{set_name}{}", keys::ENTER)).await?;
        eventually("the filtered list", WAIT, async || {
            let names = browser.texts("[data-test='data-set-name']").await?;
            Ok((names.contains(&set_name) && names.len() < 25).then_some(()))
        })
        .await?;
        // The checkbox of the data set's row (the filter may match other data sets too).
        let mut rows_passed = 0;
        loop {
            tab_to(&browser, "data-set-checkbox", 60, false).await?;
            let row = browser
                .client()
                .execute(
                    "return document.activeElement.closest('tr').getAttribute('data-id');",
                    vec![],
                )
                .await?;
            if row.as_str() == Some(data_set.as_str()) {
                break;
            }
            rows_passed += 1;
            anyhow::ensure!(rows_passed < 25, "the data set's checkbox was not reached");
            press(&browser, keys::TAB).await?;
        }
        press(&browser, keys::SPACE).await?;
        browser
            .wait_css("[data-test='data-set-row'].table__row--selected")
            .await?;
        tab_to(&browser, "sync-button", 80, false).await?;
        press(&browser, keys::ENTER).await?;

        // Step 1: the focus is on the step; find the unit by name, arrow down to it, Enter.
        wait_hash(&browser, "#/sync/org-units").await?;
        log_focus(&browser, "org-units").await?;
        tab_to(&browser, "org-unit-search", 60, false).await?;
        press(&browser, &unit_name).await?;
        let results = eventually("the search's matches", WAIT, async || {
            let mut ids = Vec::new();
            for element in browser
                .client()
                .find_all(fantoccini::Locator::Css(
                    "[data-test='org-unit-search-result']",
                ))
                .await?
            {
                ids.push(element.attr("data-id").await?.unwrap_or_default());
            }
            Ok(ids.contains(&org_unit).then_some(ids))
        })
        .await?;
        let position = results.iter().position(|id| *id == org_unit).unwrap_or(0);
        for _ in 0..=position {
            press(&browser, keys::DOWN).await?;
        }
        press(&browser, keys::ENTER).await?;
        browser.wait_test("org-unit-search-chosen").await?;
        eventually("one org unit selected", WAIT, async || {
            let text = browser.texts("[data-test='org-unit-count']").await?;
            Ok(text
                .first()
                .is_some_and(|t| t.starts_with("1 "))
                .then_some(()))
        })
        .await?;
        next_step(&browser, "period").await?;

        // Step 2: fixed dates, typed.
        choose_radio(&browser, "period-kind-", "period-kind-fixed").await?;
        tab_to(&browser, "period-start", 20, false).await?;
        press(&browser, "03012024").await?;
        tab_to(&browser, "period-end", 20, false).await?;
        press(&browser, "03312024").await?;
        eventually("the typed dates", WAIT, async || {
            let text = browser.texts("[data-test='period-resolved']").await?;
            Ok(text
                .first()
                .is_some_and(|t| t.starts_with("From 2024-03-01 to 2024-03-31"))
                .then_some(()))
        })
        .await?;
        next_step(&browser, "category-options").await?;

        // Steps 3 and 4 as they are (all options, no aggregation).
        next_step(&browser, "aggregation").await?;
        next_step(&browser, "instance").await?;

        // Step 5: the destination, with the arrow keys in its radio group.
        choose_radio(
            &browser,
            "instance-option",
            &format!("instance-option[{DESTINATION_ID}]"),
        )
        .await?;
        next_step(&browser, "summary").await?;

        // Step 6: Synchronize now; the credentials typed, Enter submits.
        tab_to(&browser, "summary-synchronize", 80, false).await?;
        press(&browser, keys::ENTER).await?;
        wait_hash(&browser, "#/sync/run").await?;
        browser.wait_test("run-username").await?;
        tab_to(&browser, "run-username", 40, false).await?;
        press(&browser, "admin").await?;
        tab_to(&browser, "run-password", 5, false).await?;
        press(&browser, &format!("district{}", keys::ENTER)).await?;
        assert_eq!(wait_for_status(&browser).await?, "SUCCESS");

        // The report, opened with Enter on its link.
        tab_to(&browser, "run-report-link", 60, false).await?;
        press(&browser, keys::ENTER).await?;
        browser.wait_test("report-summary").await?;

        // What landed, through the destination's API.
        let landed = values_of(&pair.destination.api_get(&path).await?);
        assert_eq!(landed, expected);
        Ok(())
    })
    .await
}
