//! The app in the user's language (`keyUiLocale`, set through the API as a user would in their
//! profile): a French user sees the data selection and the wizard in French; an Arabic user gets
//! a right-to-left page (`<html dir="rtl">`, the stepper laid out from the right) on which the
//! wizard still walks and a sync lands on the destination (checked through its API). English
//! stays the default (every other e2e test reads English). A French user also gets the Rules
//! page (its table, a rule's words and the inline delete question) in French. Screenshots of each wizard step are
//! written to `target/e2e-screenshots/` for people to look at.

use std::path::PathBuf;

use anyhow::{Context, Result, ensure};
use serde_json::{Value, json};

use crate::harness::{Browser, Instance, InstanceOptions, Pair, WAIT, eventually, with_app};
use crate::rules::{metadata, open_rules, rule, store_destination, store_rule};
use crate::sync_flows::{open_wizard, source_and_landed, synchronize};
use crate::sync_runs::draft;
use crate::wizard::{click, open_with_draft, wait_hash};

/// Sets the admin's UI language on `pair`'s source, as the profile app does.
async fn set_ui_locale(pair: &Pair, locale: &str) -> Result<()> {
    pair.source
        .api_post(
            &format!("userSettings/keyUiLocale?value={locale}"),
            &json!({}),
        )
        .await
}

/// The text of `test` once it is `expected` (the page renders asynchronously).
async fn wait_text(browser: &Browser, test: &str, expected: &str) -> Result<()> {
    eventually(&format!("{test} to read {expected:?}"), WAIT, async || {
        let texts = browser.texts(&format!("[data-test='{test}']")).await?;
        Ok(texts
            .iter()
            .any(|text| text.trim() == expected)
            .then_some(()))
    })
    .await
    .with_context(|| format!("{test} never read {expected:?}"))
}

/// `<html lang>` and `dir`.
async fn html_lang_and_dir(browser: &Browser) -> Result<(String, String)> {
    let value = browser
        .client()
        .execute(
            "return [document.documentElement.lang, document.documentElement.dir];",
            vec![],
        )
        .await?;
    Ok((
        value[0].as_str().unwrap_or_default().to_string(),
        value[1].as_str().unwrap_or_default().to_string(),
    ))
}

/// Saves a screenshot of the page as `target/e2e-screenshots/<name>.png`.
async fn screenshot(browser: &Browser, name: &str) -> Result<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/e2e-screenshots");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(format!("{name}.png"));
    std::fs::write(&path, browser.client().screenshot().await?)?;
    Ok(path)
}

/// Next, then waits for `step`'s URL and saves a screenshot named `<prefix>-<step>`.
async fn next_to(browser: &Browser, step: &str, prefix: &str) -> Result<()> {
    click(browser, "wizard-next").await?;
    wait_hash(browser, &format!("#/sync/{step}")).await?;
    browser
        .wait_css(&format!("[data-test='wizard'][data-step='{step}']"))
        .await?;
    // Steps that load something show it before the picture is taken.
    let loaded = match step {
        "summary" => Some("summary"),
        "instance" => Some("instance-list"),
        _ => None,
    };
    if let Some(test) = loaded {
        browser.wait_test(test).await?;
    }
    screenshot(browser, &format!("{prefix}-{step}")).await?;
    Ok(())
}

#[tokio::test]
async fn a_french_user_sees_the_data_selection_and_the_wizard_in_french() -> Result<()> {
    let pair = Pair::start().await?;
    set_ui_locale(&pair, "fr").await?;
    let data_set = pair.data_set("Monthly").await?;
    let org_units = pair.org_units_with_data(&data_set, "202403", 2).await?;
    with_app(pair, async |browser, pair| {
        browser
            .log_in(&pair.source.base_url(), "admin", "district")
            .await?;
        browser.goto(&pair.source.app_url()).await?;
        // The data selection.
        wait_text(&browser, "nav-data", "Données").await?;
        let heading = browser.wait_css("main h1").await?.text().await?;
        assert_eq!(heading, "Données à synchroniser");
        wait_text(&browser, "nav-settings", "Paramètres").await?;
        wait_text(&browser, "selection-summary", "Rien n'est sélectionné").await?;
        wait_text(&browser, "sync-button", "Synchroniser").await?;
        browser.wait_test("data-set-table").await?;
        let headers = browser.texts("[data-test='data-set-table'] th").await?;
        ensure!(
            headers.iter().any(|header| header == "Type de période"),
            "data set table headers: {headers:?}"
        );
        // Period types are DHIS2's names on the wire, words of the user's language on screen.
        let cells = browser.texts("[data-test='data-set-row'] td").await?;
        ensure!(
            cells.iter().any(|cell| cell == "Mensuel"),
            "data set rows: {cells:?}"
        );
        assert_eq!(
            html_lang_and_dir(&browser).await?,
            ("fr".to_string(), "ltr".to_string())
        );
        screenshot(&browser, "fr-data-selection").await?;

        // The wizard, step by step.
        let draft = draft(&data_set, &org_units, "2024-03-01", "2024-03-31");
        open_with_draft(&browser, &pair.source, &draft, "#/sync/org-units").await?;
        browser
            .wait_css("[data-test='wizard'][data-step='org-units']")
            .await?;
        let title = browser
            .wait_css("[data-test='wizard'] h1")
            .await?
            .text()
            .await?;
        assert_eq!(title, "Synchroniser les données");
        wait_text(&browser, "wizard-next", "Suivant").await?;
        wait_text(&browser, "wizard-back", "Retour").await?;
        wait_text(
            &browser,
            "wizard-step-org-units",
            "1. Unités d'organisation",
        )
        .await?;
        wait_text(&browser, "wizard-step-summary", "6. Récapitulatif").await?;
        wait_text(
            &browser,
            "org-unit-count",
            &format!("{} unités d'organisation sélectionnées", org_units.len()),
        )
        .await?;
        screenshot(&browser, "fr-wizard-org-units").await?;
        next_to(&browser, "period", "fr-wizard").await?;
        let resolved = browser.wait_test("period-resolved").await?.text().await?;
        ensure!(
            resolved.starts_with("Du 2024-03-01 au 2024-03-31"),
            "resolved period: {resolved}"
        );
        next_to(&browser, "category-options", "fr-wizard").await?;
        next_to(&browser, "aggregation", "fr-wizard").await?;
        let toggle = browser
            .wait_css("label:has([data-test='aggregation-toggle'])")
            .await?
            .text()
            .await?;
        assert_eq!(toggle.trim(), "Agréger les valeurs avant l'envoi");
        next_to(&browser, "instance", "fr-wizard").await?;
        next_to(&browser, "summary", "fr-wizard").await?;
        wait_text(&browser, "summary-synchronize", "Synchroniser maintenant").await?;
        wait_text(&browser, "summary-dry-run", "Non").await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn an_arabic_user_walks_a_right_to_left_wizard_and_syncs() -> Result<()> {
    let pair = Pair::start().await?;
    set_ui_locale(&pair, "ar").await?;
    let data_set = pair.data_set("Monthly").await?;
    let org_units = pair.org_units_with_data(&data_set, "202403", 2).await?;
    with_app(pair, async |browser, pair| {
        let draft = draft(&data_set, &org_units, "2024-03-01", "2024-03-31");
        open_wizard(&browser, &pair, &draft, "#/sync/org-units").await?;
        browser
            .wait_css("[data-test='wizard'][data-step='org-units']")
            .await?;
        assert_eq!(
            html_lang_and_dir(&browser).await?,
            ("ar".to_string(), "rtl".to_string())
        );
        wait_text(&browser, "wizard-next", "التالي").await?;
        // Right to left: the first step of the stepper is right of the last, and Back (first in
        // the actions) is right of Next.
        let positions: Value = browser
            .client()
            .execute(
                "const x = s => document.querySelector(s).getBoundingClientRect().left;
                 return [x(\"[data-test='wizard-step-org-units']\"), x(\"[data-test='wizard-step-summary']\"),
                         x(\"[data-test='wizard-back']\"), x(\"[data-test='wizard-next']\"),
                         getComputedStyle(document.body).direction];",
                vec![],
            )
            .await?;
        let x = |index: usize| positions[index].as_f64().unwrap_or_default();
        ensure!(x(0) > x(1), "stepper not right to left: {positions}");
        ensure!(x(2) > x(3), "Back is not right of Next: {positions}");
        assert_eq!(positions[4], "rtl");
        screenshot(&browser, "ar-wizard-org-units").await?;
        for step in ["period", "category-options", "aggregation", "instance", "summary"] {
            next_to(&browser, step, "ar-wizard").await?;
        }
        wait_text(&browser, "summary-synchronize", "المزامنة الآن").await?;
        let status = synchronize(&browser).await?;
        assert_eq!(status, "SUCCESS");
        screenshot(&browser, "ar-run-finished").await?;
        let (source, landed) = source_and_landed(&pair, &data_set, "202403", &org_units).await?;
        ensure!(!source.is_empty(), "the source has values to send");
        assert_eq!(landed, source);
        Ok(())
    })
    .await
}

#[tokio::test]
async fn a_french_user_sees_the_rules_page_in_french() -> Result<()> {
    let instance = Instance::start(InstanceOptions::default()).await?;
    instance
        .api_post("userSettings/keyUiLocale?value=fr", &json!({}))
        .await?;
    store_destination(&instance).await?;
    let metadata = metadata(&instance).await?;
    store_rule(&instance, &rule("frRule00001", "PEV mensuel", &metadata)).await?;
    with_app(instance, async |browser, instance| {
        open_rules(&browser, &instance, "").await?;
        wait_text(&browser, "rule-run", "Exécuter maintenant").await?;
        let heading = browser.wait_css("main h1").await?.text().await?;
        assert_eq!(heading, "Règles");
        let headers = browser.texts("[data-test='rules-table'] th").await?;
        ensure!(
            headers.iter().any(|header| header == "Ce qu'elle envoie"),
            "rules table headers: {headers:?}"
        );
        // What the rule sends, its schedule and its last run, in words of the user's language.
        let sends = browser.wait_test("rule-sends").await?.text().await?;
        ensure!(
            sends.contains("1 ensemble de données") && sends.contains("Mois dernier"),
            "what it sends: {sends}"
        );
        wait_text(&browser, "rule-schedule", "Tous les mois").await?;
        wait_text(&browser, "rule-last-run", "Jamais exécutée").await?;
        wait_text(&browser, "rule-duplicate", "Dupliquer").await?;
        // The inline delete question, then Cancel.
        click(&browser, "rule-delete").await?;
        wait_text(
            &browser,
            "rule-delete-question",
            "Supprimer « PEV mensuel » ? Cette action est irréversible.",
        )
        .await?;
        wait_text(&browser, "rule-delete-cancel", "Annuler").await?;
        screenshot(&browser, "fr-rules").await?;
        Ok(())
    })
    .await
}
