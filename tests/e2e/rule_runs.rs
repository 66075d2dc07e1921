//! Running saved rules: Run now on the rules page goes through the Run page's progress and report
//! (the report and the history name the rule), the values land on the destination, and the rule
//! records its last run; an incremental rule ("since last successful sync") sends everything
//! first, then only what changed or was deleted at the source, with the watermark taken from the
//! source server. Rules are stored through the API with sync-core's model; expected values are
//! read from the source's API, what landed from the destination's.

use std::time::Duration;

use anyhow::{Context, Result};
use fantoccini::Locator;
use serde_json::{Value, json};
use sync_core::model::{
    Aggregation, CategoryOptionSelection, DataSelection, DataSetSelection, ImportStrategy,
    PeriodSelection, RULE_SCHEMA_VERSION, Rule, ServerTime, load, to_json,
};

use crate::harness::{
    Browser, DESTINATION_ID, Instance, InstanceHandle, Instances, Pair, eventually_polling, key_of,
    values_of, with_app,
};

const NAMESPACE: &str = "dataStore/aggregate-sync";

/// A demo source with the app, an empty destination reached directly (Basic auth asked at each
/// run), a monthly data set and two org units with values.
struct Setup {
    source: Instance,
    destination: Instance,
    data_set: String,
    org_units: Vec<String>,
}

impl Setup {
    async fn start() -> Result<Setup> {
        let pair = Pair::start().await?;
        let data_set = pair.data_set("Monthly").await?;
        let org_units = pair.org_units_with_data(&data_set, "202403", 2).await?;
        Ok(Setup {
            source: pair.source,
            destination: pair.destination,
            data_set,
            org_units,
        })
    }

    fn rule(&self, id: &str, name: &str, period: PeriodSelection) -> Rule {
        Rule {
            schema_version: RULE_SCHEMA_VERSION,
            id: id.to_string(),
            name: name.to_string(),
            code: None,
            description: None,
            selection: DataSelection {
                data_sets: vec![DataSetSelection {
                    id: self.data_set.clone(),
                    excluded_data_elements: vec![],
                }],
                data_elements: vec![],
                data_element_groups: vec![],
            },
            org_units: self.org_units.clone(),
            period,
            category_options: CategoryOptionSelection::All,
            aggregation: Aggregation::Off,
            destination_id: DESTINATION_ID.into(),
            import_strategy: ImportStrategy::CreateAndUpdate,
            send_deletions: false,
            dry_run: false,
            schedule: None,
            last_run: None,
            last_successful_run: None,
            pending: vec![],
        }
    }

    async fn store(&self, rule: &Rule) -> Result<()> {
        let value: Value = serde_json::from_str(&to_json(rule)?)?;
        self.source
            .api_post(&format!("{NAMESPACE}/rule-{}", rule.id), &value)
            .await
    }

    async fn stored(&self, id: &str) -> Result<Rule> {
        let value = self
            .source
            .api_get(&format!("{NAMESPACE}/rule-{id}"))
            .await?;
        Ok(load::<Rule>(&value.to_string())?.value)
    }

    /// Every period of the data set for the rule's org units, deleted values included or not.
    fn query(&self, extra: &str) -> String {
        let units: String = self
            .org_units
            .iter()
            .map(|u| format!("&orgUnit={u}"))
            .collect();
        format!(
            "dataValueSets?dataSet={}&startDate=1900-01-01&endDate=2100-12-31{units}{extra}",
            self.data_set
        )
    }
}

impl Instances for Setup {
    fn handles(&self) -> Vec<InstanceHandle> {
        vec![self.source.handle(), self.destination.handle()]
    }
}

/// Opens the rules page and presses Run now on the rule `name`, enters the destination's
/// credentials and waits for the end. Returns the status text.
async fn run_from_rules_page(browser: &Browser, setup: &Setup, name: &str) -> Result<String> {
    browser
        .goto(&format!("{}#/rules", setup.source.app_url()))
        .await?;
    let xpath = format!(
        "//tr[@data-test='rule-row'][.//*[@data-test='rule-name' and normalize-space()='{name}']]"
    );
    let row = browser
        .client()
        .wait()
        .at_most(crate::harness::WAIT)
        .for_element(Locator::XPath(&xpath))
        .await
        .with_context(|| format!("the row of {name}"))?;
    row.find(Locator::Css("[data-test='rule-run']"))
        .await?
        .click()
        .await?;
    crate::sync_runs::enter_credentials(browser).await?;
    eventually_polling(
        "the end of the run",
        Duration::from_secs(240),
        Duration::from_millis(200),
        async || {
            if let Ok(status) = browser
                .client()
                .find(Locator::Css("[data-test='run-status']"))
                .await
            {
                let text = status.text().await?;
                if !text.is_empty() {
                    return Ok(Some(text));
                }
            }
            Ok(None)
        },
    )
    .await
}

/// The id of the report the finished run links to.
async fn report_id(browser: &Browser) -> Result<String> {
    let link = browser.wait_test("run-report-link").await?;
    let href = link.attr("href").await?.context("report link")?;
    Ok(href
        .rsplit('/')
        .next()
        .context("report id in the link")?
        .to_string())
}

#[tokio::test(flavor = "multi_thread")]
async fn run_now_from_the_rules_page_sends_reports_and_records_the_run() -> Result<()> {
    let setup = Setup::start().await?;
    with_app(setup, async |browser, setup| {
        let rule = setup.rule(
            "rUleMarch01",
            "March to the destination",
            PeriodSelection::Fixed {
                start_date: "2024-03-01".parse()?,
                end_date: "2024-03-31".parse()?,
            },
        );
        setup.store(&rule).await?;
        browser
            .log_in(&setup.source.base_url(), "admin", "district")
            .await?;
        let status = run_from_rules_page(&browser, &setup, &rule.name).await?;
        assert_eq!(status, "SUCCESS");

        let march = |units: &[String]| {
            let units: String = units.iter().map(|u| format!("&orgUnit={u}")).collect();
            format!(
                "dataValueSets?dataSet={}&period=202403{units}",
                setup.data_set
            )
        };
        let expected = values_of(&setup.source.api_get(&march(&setup.org_units)).await?);
        let landed = values_of(&setup.destination.api_get(&march(&setup.org_units)).await?);
        assert!(!expected.is_empty());
        assert_eq!(landed, expected);

        // The report names the rule; the rule records the run.
        let id = report_id(&browser).await?;
        let report = setup
            .source
            .api_get(&format!("{NAMESPACE}/report-{id}"))
            .await?;
        assert_eq!(report["origin"]["type"], "RULE", "{}", report["origin"]);
        assert_eq!(report["origin"]["ruleId"], rule.id.as_str());
        assert_eq!(report["origin"]["ruleName"], rule.name.as_str());
        let stored = setup.stored(&rule.id).await?;
        let last_run = stored.last_run.context("lastRun recorded")?;
        assert_eq!(last_run.report_id.as_deref(), Some(id.as_str()));
        let started: ServerTime = report["startedAt"].as_str().context("startedAt")?.parse()?;
        assert_eq!(last_run.at, started, "the source server's start time");
        assert_eq!(stored.last_successful_run, Some(started));

        // The history lists it under the rule, the rules table shows the last run.
        browser
            .goto(&format!("{}#/history", setup.source.app_url()))
            .await?;
        browser
            .wait_css(&format!(
                "[data-test='history-row'][data-id='{id}'] [data-test='history-rule']"
            ))
            .await?;
        let rules = browser.texts("[data-test='history-rule']").await?;
        assert!(
            rules.iter().any(|text| text.contains(&rule.name)),
            "{rules:?}"
        );
        browser
            .goto(&format!("{}#/rules", setup.source.app_url()))
            .await?;
        let status = browser
            .wait_test("rule-last-run-status")
            .await?
            .text()
            .await?;
        assert_eq!(status, "Success");
        Ok(())
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn incremental_rule_sends_only_changes_and_deletions_the_second_time() -> Result<()> {
    let setup = Setup::start().await?;
    with_app(setup, async |browser, setup| {
        let rule = setup.rule(
            "rUleChange1",
            "Changes only",
            PeriodSelection::SinceLastSuccessfulSync {
                initial_since: None,
            },
        );
        setup.store(&rule).await?;
        browser
            .log_in(&setup.source.base_url(), "admin", "district")
            .await?;

        // First run: everything of the rule's org units.
        let status = run_from_rules_page(&browser, &setup, &rule.name).await?;
        assert_eq!(status, "SUCCESS");
        let everything = values_of(&setup.source.api_get(&setup.query("")).await?);
        assert!(everything.len() > 10, "{} values", everything.len());
        let landed = values_of(&setup.destination.api_get(&setup.query("")).await?);
        assert_eq!(landed, everything);
        let first_id = report_id(&browser).await?;
        let first = setup.stored(&rule.id).await?;
        let watermark = first.last_successful_run.context("watermark after run 1")?;
        let first_report = setup
            .source
            .api_get(&format!("{NAMESPACE}/report-{first_id}"))
            .await?;
        assert_eq!(first_report["valuesSent"], json!(everything.len()));

        // At the source: an old-period value changes, another is deleted.
        let mut old: Vec<_> = everything
            .iter()
            .filter(|(_, value)| value.parse::<f64>().is_ok())
            .collect();
        old.sort_by(|a, b| (&a.0.1, a.0).cmp(&(&b.0.1, b.0)));
        let (changed_key, changed_value) = old.first().context("an old numeric value")?;
        let (deleted_key, deleted_value) = old.get(1).context("another old value")?;
        assert_ne!(changed_key, deleted_key);
        let new_value = (changed_value.parse::<f64>()? + 1000.0).to_string();
        let body = |key: &(String, String, String, String, String), value: &str| {
            json!({"dataValues": [{
                "dataElement": key.0, "period": key.1, "orgUnit": key.2,
                "categoryOptionCombo": key.3, "attributeOptionCombo": key.4, "value": value
            }]})
        };
        setup
            .source
            .api_post("dataValueSets", &body(changed_key, &new_value))
            .await?;
        setup
            .source
            .api_post(
                "dataValueSets?importStrategy=DELETE",
                &body(deleted_key, deleted_value),
            )
            .await?;

        // What the second run should send: what changed since the watermark minus the overlap,
        // as the source's API says.
        let since = watermark.minus_seconds(sync_core::plan::DEFAULT_WATERMARK_OVERLAP_SECONDS);
        let changes = setup
            .source
            .api_get(&setup.query(&format!("&lastUpdated={since}&includeDeleted=true")))
            .await?;
        let changes = changes["dataValues"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let changed_keys: Vec<_> = changes.iter().map(key_of).collect();
        assert!(changed_keys.contains(changed_key) && changed_keys.contains(deleted_key));
        assert!(
            changes.len() < everything.len() / 2,
            "{} changes",
            changes.len()
        );

        let status = run_from_rules_page(&browser, &setup, &rule.name).await?;
        assert_eq!(status, "SUCCESS");
        let second_id = report_id(&browser).await?;
        let report = setup
            .source
            .api_get(&format!("{NAMESPACE}/report-{second_id}"))
            .await?;
        assert_eq!(report["valuesSent"], json!(changes.len()), "{report}");
        assert_eq!(
            report["counts"]["deleted"],
            json!(1),
            "{}",
            report["counts"]
        );
        let lastupdated = report["parameters"]["lastUpdated"]
            .as_str()
            .unwrap_or_default();
        assert_eq!(lastupdated, since.to_string());

        let landed = values_of(&setup.destination.api_get(&setup.query("")).await?);
        let mut expected = everything.clone();
        expected.insert((*changed_key).clone(), new_value.clone());
        expected.remove(*deleted_key);
        assert_eq!(landed, expected);
        assert_eq!(landed.get(changed_key), Some(&new_value));
        assert!(!landed.contains_key(deleted_key));

        let second = setup.stored(&rule.id).await?;
        let moved = second
            .last_successful_run
            .context("watermark after run 2")?;
        assert!(watermark.millis_until(moved) > 0, "{watermark} → {moved}");
        Ok(())
    })
    .await
}

/// The quarter of a monthly period id: `202402` → `2024Q1`.
fn quarter_of(month: &str) -> String {
    let (year, month) = month.split_at(4);
    let month: u32 = month.parse().unwrap_or(1);
    format!("{year}Q{}", month.div_ceil(3))
}

#[tokio::test(flavor = "multi_thread")]
async fn incremental_rule_with_aggregation_aggregates_the_changed_cells_again() -> Result<()> {
    let setup = Setup::start().await?;
    with_app(setup, async |browser, mut setup| {
        // Aggregated to the parent of a facility with data: its whole subtree counts.
        let unit = setup
            .source
            .api_get(&format!(
                "organisationUnits/{}?fields=parent[id]",
                setup.org_units[0]
            ))
            .await?;
        let parent = unit["parent"]["id"].as_str().context("parent")?.to_string();
        let mut rule = setup.rule(
            "rUleAggInc1",
            "Quarterly changes",
            PeriodSelection::SinceLastSuccessfulSync {
                initial_since: Some("2024-01-01".parse()?),
            },
        );
        rule.org_units = vec![parent.clone()];
        rule.aggregation = Aggregation::On {
            period_type: sync_core::period::PeriodType::Quarterly,
        };
        setup.store(&rule).await?;
        browser
            .log_in(&setup.source.base_url(), "admin", "district")
            .await?;

        let status = run_from_rules_page(&browser, &setup, &rule.name).await?;
        assert_eq!(status, "SUCCESS");
        let parent_query = format!(
            "dataValueSets?dataSet={}&orgUnit={parent}&startDate=1900-01-01&endDate=2100-12-31",
            setup.data_set
        );
        let first = values_of(&setup.destination.api_get(&parent_query).await?);
        assert!(!first.is_empty(), "aggregates landed");
        assert!(
            first
                .keys()
                .all(|key| key.1.contains('Q') && key.2 == parent)
        );
        let watermark = setup
            .stored(&rule.id)
            .await?
            .last_successful_run
            .context("watermark")?;

        // Two facility values of SUM data elements in cells the first run sent: one changes,
        // one is deleted.
        let elements = setup
            .source
            .api_get(&format!(
                "dataSets/{}?fields=dataSetElements[dataElement[id,aggregationType,valueType]]",
                setup.data_set
            ))
            .await?;
        let sums: Vec<String> = elements["dataSetElements"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter(|e| {
                e["dataElement"]["aggregationType"] == "SUM"
                    && e["dataElement"]["valueType"]
                        .as_str()
                        .is_some_and(|t| t.contains("INTEGER") || t == "NUMBER")
            })
            .filter_map(|e| e["dataElement"]["id"].as_str().map(str::to_string))
            .collect();
        setup.org_units = vec![parent.clone()];
        let raw = values_of(&setup.source.api_get(&setup.query("&children=true")).await?);
        let cell_of = |key: &(String, String, String, String, String)| {
            (
                key.0.clone(),
                quarter_of(&key.1),
                parent.clone(),
                key.3.clone(),
                key.4.clone(),
            )
        };
        let mut candidates: Vec<_> = raw
            .iter()
            .filter(|(key, _)| sums.contains(&key.0) && first.contains_key(&cell_of(key)))
            .collect();
        candidates.sort();
        let (changed_key, changed_value) = candidates.first().context("a SUM value")?;
        let (deleted_key, deleted_value) = candidates
            .iter()
            .find(|(key, _)| cell_of(key) != cell_of(changed_key))
            .context("a value of another cell")?;
        let body = |key: &(String, String, String, String, String), value: &str| {
            json!({"dataValues": [{
                "dataElement": key.0, "period": key.1, "orgUnit": key.2,
                "categoryOptionCombo": key.3, "attributeOptionCombo": key.4, "value": value
            }]})
        };
        let new_value = (changed_value.parse::<f64>()? + 1000.0).to_string();
        setup
            .source
            .api_post("dataValueSets", &body(changed_key, &new_value))
            .await?;
        setup
            .source
            .api_post(
                "dataValueSets?importStrategy=DELETE",
                &body(deleted_key, deleted_value),
            )
            .await?;

        // The cells the changes since the watermark mark, as the source's API says.
        let since = watermark.minus_seconds(sync_core::plan::DEFAULT_WATERMARK_OVERLAP_SECONDS);
        let changes = setup
            .source
            .api_get(&setup.query(&format!(
                "&children=true&lastUpdated={since}&includeDeleted=true"
            )))
            .await?;
        let marked: std::collections::BTreeSet<_> = changes["dataValues"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|value| cell_of(&key_of(value)))
            .collect();
        assert!(marked.contains(&cell_of(changed_key)) && marked.contains(&cell_of(deleted_key)));

        let status = run_from_rules_page(&browser, &setup, &rule.name).await?;
        assert_eq!(status, "SUCCESS");
        let id = report_id(&browser).await?;
        let report = setup
            .source
            .api_get(&format!("{NAMESPACE}/report-{id}"))
            .await?;
        assert_eq!(report["valuesSent"], json!(marked.len()), "{report}");

        let second = values_of(&setup.destination.api_get(&parent_query).await?);
        let number = |text: Option<&String>| text.and_then(|t| t.parse::<f64>().ok());
        let before = number(first.get(&cell_of(changed_key))).context("changed cell")?;
        let after = number(second.get(&cell_of(changed_key))).context("changed cell after")?;
        assert!((after - before - 1000.0).abs() < 1e-6, "{before} → {after}");
        let before = number(first.get(&cell_of(deleted_key))).context("deleted cell")?;
        let removed: f64 = deleted_value.parse()?;
        match number(second.get(&cell_of(deleted_key))) {
            Some(after) => assert!(
                (before - removed - after).abs() < 1e-6,
                "{before} → {after}"
            ),
            None => assert!(
                (before - removed).abs() < 1e-6,
                "the cell only had that value"
            ),
        }
        for (cell, value) in &first {
            if !marked.contains(cell) {
                assert_eq!(second.get(cell), Some(value), "untouched cell {cell:?}");
            }
        }
        let moved = setup
            .stored(&rule.id)
            .await?
            .last_successful_run
            .context("watermark after run 2")?;
        assert!(watermark.millis_until(moved) > 0);
        Ok(())
    })
    .await
}

/// The destination refuses some values (their period is approved there, E7642): the run ends
/// WARNING with each refused value listed in its report, the rules page says they wait to be
/// sent again, and once the approval is lifted the next incremental run sends them: SUCCESS, the
/// destination holds every value, nothing waits any more.
#[tokio::test(flavor = "multi_thread")]
async fn refused_values_wait_on_the_rule_and_the_next_incremental_run_sends_them() -> Result<()> {
    let setup = Setup::start().await?;
    // The destination's copy of the data set gets an approval workflow; March 2024 of the first
    // org unit is approved there.
    let mut stored_set = setup
        .destination
        .api_get(&format!("dataSets/{}", setup.data_set))
        .await?;
    stored_set["workflow"] = json!({"id": "WfChildHlth"});
    setup
        .destination
        .api_put(&format!("dataSets/{}", setup.data_set), &stored_set)
        .await?;
    let approval = format!(
        "dataApprovals?wf=WfChildHlth&pe=202403&ou={}&aoc=HllvX50cXC0",
        setup.org_units[0]
    );
    setup.destination.api_post(&approval, &json!({})).await?;
    // The destination answers the write that holds refused values with 409 (its conflicts):
    // Chromium logs that answer, which the user caused by approving the period.
    let options = crate::harness::RunOptions {
        allowed_console_errors: &["409 (Conflict)"],
        ..crate::harness::RunOptions::default()
    };
    crate::harness::with_app_options(setup, options, async |browser, setup| {
        let rule = setup.rule(
            "rUleRefuse1",
            "Refused then sent",
            PeriodSelection::SinceLastSuccessfulSync {
                initial_since: None,
            },
        );
        setup.store(&rule).await?;
        browser
            .log_in(&setup.source.base_url(), "admin", "district")
            .await?;
        let status = run_from_rules_page(&browser, &setup, &rule.name).await?;
        assert_eq!(status, "WARNING");
        let first_id = report_id(&browser).await?;
        let report = setup.source.stored_report(&first_id).await?;
        let refused: Vec<&Value> = report["leftBehind"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|item| item["kind"] == "REFUSED")
            .collect();
        assert!(!refused.is_empty(), "refused values listed: {report}");
        assert!(refused.iter().all(
            |item| item["value"]["orgUnit"] == setup.org_units[0].as_str()
                && item["value"]["period"] == "202403"
                && item["code"] == "E7642"
        ));
        let stored = setup.stored(&rule.id).await?;
        assert_eq!(stored.pending.len(), refused.len());

        // The rules page says they wait.
        browser
            .goto(&format!("{}#/rules", setup.source.app_url()))
            .await?;
        let pending = browser.wait_test("rule-pending").await?;
        assert_eq!(
            pending.attr("data-count").await?,
            Some(refused.len().to_string())
        );

        // The approval is lifted; the next run sends them.
        let (status_code, text) = setup
            .destination
            .api_send(reqwest::Method::DELETE, &approval, None)
            .await?;
        assert!((200..300).contains(&status_code), "{status_code} {text}");
        let status = run_from_rules_page(&browser, &setup, &rule.name).await?;
        assert_eq!(status, "SUCCESS");
        let second_id = report_id(&browser).await?;
        let second = setup.source.stored_report(&second_id).await?;
        assert!(
            second["tally"]["confirmed"].as_u64().unwrap_or(0) >= refused.len() as u64,
            "the values that waited were sent: {}",
            second["tally"]
        );
        let everything = values_of(&setup.source.api_get(&setup.query("")).await?);
        let landed = values_of(&setup.destination.api_get(&setup.query("")).await?);
        let missing: Vec<_> = everything
            .iter()
            .filter(|(key, value)| landed.get(*key) != Some(*value))
            .collect();
        assert!(
            missing.is_empty() && landed.len() == everything.len(),
            "{} of {} values not landed, e.g. {:?}",
            missing.len(),
            everything.len(),
            missing.first()
        );
        assert!(setup.stored(&rule.id).await?.pending.is_empty());
        browser
            .goto(&format!("{}#/rules", setup.source.app_url()))
            .await?;
        browser.wait_test("rule-name").await?;
        assert!(
            browser
                .client()
                .find_all(Locator::Css("[data-test='rule-pending']"))
                .await?
                .is_empty(),
            "nothing waits any more"
        );
        Ok(())
    })
    .await
}
