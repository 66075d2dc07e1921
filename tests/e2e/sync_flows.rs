//! The sync flows a user walks in the wizard and that the run tests do not cover: a manual
//! subset of attribute category options, each import strategy (and sending deletions), the
//! conflicts a destination answers shown in the report, Download JSON holding exactly what a
//! sync then lands, and a raw value's comment and follow-up flag travelling with it. A demo
//! source and an empty destination reached directly ([`Pair`]); the destination's state is set
//! up through its API first, and every expectation is read from the source's API, never from
//! seed values.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use anyhow::{Context, Result};
use serde_json::{Value, json};

use crate::harness::{
    Browser, BrowserOptions, DESTINATION_ID, Instance, Pair, RunOptions, Values, eventually,
    values_of, with_app, with_app_options,
};
use crate::sync_runs::{draft, enter_credentials, query, run_draft, wait_for_status};
use crate::wizard::{click, open_with_draft, wait_hash};

/// Logs in and opens the wizard at `hash` with `draft` as the tab's draft.
pub(crate) async fn open_wizard(
    browser: &Browser,
    pair: &Pair,
    draft: &Value,
    hash: &str,
) -> Result<()> {
    browser
        .log_in(&pair.source.base_url(), "admin", "district")
        .await?;
    open_with_draft(browser, &pair.source, draft, hash).await
}

/// On the instance step: the destination, then Next to the summary.
async fn choose_destination(browser: &Browser) -> Result<()> {
    wait_hash(browser, "#/sync/instance").await?;
    browser
        .wait_css(&format!(
            "[data-test='instance-option'][data-id='{DESTINATION_ID}']"
        ))
        .await?
        .click()
        .await?;
    Ok(())
}

/// From the summary: Synchronize now, the destination's credentials, the end of the run.
pub(crate) async fn synchronize(browser: &Browser) -> Result<String> {
    wait_hash(browser, "#/sync/summary").await?;
    click(browser, "summary-synchronize").await?;
    wait_hash(browser, "#/sync/run").await?;
    enter_credentials(browser).await?;
    wait_for_status(browser).await
}

/// The source's values of `data_set` in `period` at `org_units`, and the same read on the
/// destination.
pub(crate) async fn source_and_landed(
    pair: &Pair,
    data_set: &str,
    period: &str,
    org_units: &[String],
) -> Result<(Values, Values)> {
    let path = query(data_set, period, org_units);
    Ok((
        values_of(&pair.source.api_get(&path).await?),
        values_of(&pair.destination.api_get(&path).await?),
    ))
}

/// `values` as a data value set to POST.
fn value_set(values: &Values) -> Value {
    let values: Vec<Value> = values
        .iter()
        .map(|((data_element, period, org_unit, coc, aoc), value)| {
            json!({
                "dataElement": data_element, "period": period, "orgUnit": org_unit,
                "categoryOptionCombo": coc, "attributeOptionCombo": aoc, "value": value
            })
        })
        .collect();
    json!({ "dataValues": values })
}

/// A data set with an attribute category combo (not the default one), and its combo's option
/// combos as id → category option ids.
async fn attribute_data_set(
    source: &Instance,
) -> Result<(String, BTreeMap<String, BTreeSet<String>>)> {
    let sets = source
        .api_get("dataSets?paging=false&fields=id,periodType,categoryCombo[id,name]")
        .await?;
    let data_set = sets["dataSets"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|set| set["periodType"] == "Monthly" && set["categoryCombo"]["name"] != "default")
        .context("no monthly data set with an attribute category combo")?;
    let combo = source
        .api_get(&format!(
            "categoryCombos/{}?fields=categoryOptionCombos[id,categoryOptions[id]]",
            data_set["categoryCombo"]["id"].as_str().unwrap_or_default()
        ))
        .await?;
    let option_combos = combo["categoryOptionCombos"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|option_combo| {
            let options = option_combo["categoryOptions"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|option| option["id"].as_str().map(String::from))
                .collect();
            (
                option_combo["id"].as_str().unwrap_or_default().to_string(),
                options,
            )
        })
        .collect();
    Ok((
        data_set["id"].as_str().unwrap_or_default().to_string(),
        option_combos,
    ))
}

#[tokio::test]
async fn category_option_subset_sends_only_the_chosen_options_values() -> Result<()> {
    let pair = Pair::start().await?;
    let (data_set, option_combos) = attribute_data_set(&pair.source).await?;
    let org_units = pair.org_units_with_data(&data_set, "202403", 6).await?;
    let path = query(&data_set, "202403", &org_units);
    let source = values_of(&pair.source.api_get(&path).await?);
    // The options of the first value's attribute option combo; every combo made only of them
    // is sent, the others are not.
    let first_combo = &source.keys().next().context("no values")?.4;
    let chosen = option_combos
        .get(first_combo)
        .cloned()
        .context("the value's attribute option combo is not in the data set's combo")?;
    let allowed: BTreeSet<&String> = option_combos
        .iter()
        .filter(|(_, options)| !options.is_empty() && options.is_subset(&chosen))
        .map(|(id, _)| id)
        .collect();
    let expected: Values = source
        .iter()
        .filter(|(key, _)| allowed.contains(&key.4))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    assert!(
        expected.len() < source.len(),
        "the sample should hold values of other attribute option combos too"
    );

    with_app(pair, async |browser, pair| {
        let draft = draft(&data_set, &org_units, "2024-03-01", "2024-03-31");
        open_wizard(&browser, &pair, &draft, "#/sync/category-options").await?;
        click(&browser, "category-options-manual").await?;
        browser.wait_test("category-options-panel").await?;
        for option in &chosen {
            browser
                .wait_css(&format!(
                    "[data-test='category-option-checkbox'][data-id='{option}']"
                ))
                .await?
                .click()
                .await?;
        }
        click(&browser, "wizard-next").await?;
        wait_hash(&browser, "#/sync/aggregation").await?;
        click(&browser, "wizard-next").await?;
        choose_destination(&browser).await?;
        click(&browser, "wizard-next").await?;
        assert_eq!(synchronize(&browser).await?, "SUCCESS");

        let landed = values_of(&pair.destination.api_get(&path).await?);
        assert_eq!(landed, expected);
        Ok(())
    })
    .await
}

/// What the destination holds before a strategy run: half of the source's (numeric) values,
/// with other values. Returns the source's values and that state.
async fn half_present_with_other_values(
    pair: &Pair,
    data_set: &str,
    org_units: &[String],
) -> Result<(Values, Values)> {
    let source = values_of(
        &pair
            .source
            .api_get(&query(data_set, "202403", org_units))
            .await?,
    );
    let present: Values = source
        .iter()
        .filter_map(|(key, value)| {
            // Another value valid for every numeric type of the demo (percentages too).
            let number = value.parse::<f64>().ok()?.abs().floor() as i64;
            let other = if number >= 2 { number - 1 } else { number + 1 };
            Some((key.clone(), other.to_string()))
        })
        .step_by(2)
        .collect();
    assert!(!present.is_empty(), "no numeric values to set up");
    pair.destination
        .api_post("dataValueSets", &value_set(&present))
        .await?;
    Ok((source, present))
}

/// Runs the monthly data set at three org units with `strategy` chosen in the wizard, the
/// destination holding half of the values with other values; returns (source, present before,
/// landed).
async fn run_with_strategy(strategy: &str) -> Result<(Values, Values, Values)> {
    let pair = Pair::start().await?;
    let data_set = pair.data_set("Monthly").await?;
    let org_units = pair.org_units_with_data(&data_set, "202403", 3).await?;
    let (source, present) = half_present_with_other_values(&pair, &data_set, &org_units).await?;

    with_app(pair, async move |browser, pair| {
        let draft = draft(&data_set, &org_units, "2024-03-01", "2024-03-31");
        open_wizard(&browser, &pair, &draft, "#/sync/instance").await?;
        choose_destination(&browser).await?;
        click(&browser, "instance-advanced-toggle").await?;
        click(&browser, &format!("strategy-{strategy}")).await?;
        click(&browser, "wizard-next").await?;
        let status = synchronize(&browser).await?;
        assert!(
            status == "SUCCESS" || status == "WARNING",
            "status {status}"
        );
        let (_, landed) = source_and_landed(&pair, &data_set, "202403", &org_units).await?;
        Ok((source, present, landed))
    })
    .await
}

#[tokio::test]
async fn new_and_updates_creates_and_overwrites() -> Result<()> {
    let (source, _present, landed) = run_with_strategy("create-and-update").await?;
    assert_eq!(landed, source);
    Ok(())
}

#[tokio::test]
async fn new_only_creates_and_leaves_existing_values() -> Result<()> {
    let (source, present, landed) = run_with_strategy("create").await?;
    let mut expected = source;
    expected.extend(present);
    assert_eq!(landed, expected);
    Ok(())
}

#[tokio::test]
async fn updates_only_overwrites_existing_values_and_creates_nothing() -> Result<()> {
    let (source, present, landed) = run_with_strategy("update").await?;
    let expected: Values = source
        .into_iter()
        .filter(|(key, _)| present.contains_key(key))
        .collect();
    assert_eq!(landed, expected);
    Ok(())
}

/// A value soft-deleted at the source after both instances held it: with "send deletions" it is
/// deleted at the destination, without it stays.
async fn check_deletion(send_deletions: bool) -> Result<()> {
    let pair = Pair::start().await?;
    let data_set = pair.data_set("Monthly").await?;
    let org_units = pair.org_units_with_data(&data_set, "202403", 2).await?;
    let (source, _) = source_and_landed(&pair, &data_set, "202403", &org_units).await?;
    pair.destination
        .api_post("dataValueSets", &value_set(&source))
        .await?;
    let (deleted_key, deleted_value) = source
        .iter()
        .next()
        .map(|(key, value)| (key.clone(), value.clone()))
        .context("no values")?;
    let one = Values::from([(deleted_key.clone(), deleted_value)]);
    pair.source
        .api_post("dataValueSets?importStrategy=DELETE", &value_set(&one))
        .await?;
    let (after, _) = source_and_landed(&pair, &data_set, "202403", &org_units).await?;
    assert!(!after.contains_key(&deleted_key), "the source deleted it");

    with_app(pair, async |browser, pair| {
        let draft = draft(&data_set, &org_units, "2024-03-01", "2024-03-31");
        open_wizard(&browser, &pair, &draft, "#/sync/instance").await?;
        choose_destination(&browser).await?;
        click(&browser, "instance-advanced-toggle").await?;
        if send_deletions {
            click(&browser, "instance-send-deletions").await?;
        }
        click(&browser, "wizard-next").await?;
        let status = synchronize(&browser).await?;
        assert_eq!(status, "SUCCESS");
        let (_, landed) = source_and_landed(&pair, &data_set, "202403", &org_units).await?;
        if send_deletions {
            assert_eq!(landed, after);
            browser.wait_test("run-report-link").await?.click().await?;
            assert_eq!(
                browser
                    .wait_test("report-count-deleted")
                    .await?
                    .text()
                    .await?,
                "1"
            );
        } else {
            assert_eq!(landed, source);
        }
        Ok(())
    })
    .await
}

#[tokio::test]
async fn deletions_at_the_source_are_sent_when_asked() -> Result<()> {
    check_deletion(true).await
}

#[tokio::test]
async fn deletions_at_the_source_stay_unsent_by_default() -> Result<()> {
    check_deletion(false).await
}

/// The org units of level 2.
pub(crate) async fn districts(source: &Instance) -> Result<Vec<String>> {
    let list = source
        .api_get("organisationUnits?level=2&fields=id&paging=false")
        .await?;
    Ok(list["organisationUnits"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|unit| unit["id"].as_str().map(String::from))
        .collect())
}

/// Up to `count` org units under `parent` with values of `data_set` in `period`.
pub(crate) async fn units_with_data_under(
    source: &Instance,
    parent: &str,
    data_set: &str,
    period: &str,
    count: usize,
) -> Result<Vec<String>> {
    let set = source
        .api_get(&format!(
            "dataValueSets?dataSet={data_set}&period={period}&orgUnit={parent}&children=true"
        ))
        .await?;
    let mut units: Vec<String> = Vec::new();
    for value in set["dataValues"].as_array().into_iter().flatten() {
        let unit = value["orgUnit"].as_str().unwrap_or_default().to_string();
        if units.len() < count && !units.contains(&unit) {
            units.push(unit);
        }
    }
    Ok(units)
}

/// A value as the report prints it: its data element by name (`names`, by id).
pub(crate) fn value_line(
    key: &(String, String, String, String, String),
    value: &str,
    names: &BTreeMap<String, String>,
) -> String {
    format!(
        "{} {} {} {} {} = {value}",
        names.get(&key.0).unwrap_or(&key.0),
        key.1,
        key.2,
        key.3,
        key.4
    )
}

/// The names of the instance's data elements, by id.
pub(crate) async fn data_element_names(instance: &Instance) -> Result<BTreeMap<String, String>> {
    let list = instance
        .api_get("dataElements?fields=id,name&paging=false")
        .await?;
    Ok(list["dataElements"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|element| {
            Some((
                element["id"].as_str()?.to_string(),
                element["name"].as_str()?.to_string(),
            ))
        })
        .collect())
}

/// A selection the destination refuses in part: units of one district with values in March
/// 2024 (the destination's admin may capture data only there) and one unit of another district,
/// whose values are refused with conflicts.
pub(crate) struct OutsideCapture {
    /// The selected units.
    pub org_units: Vec<String>,
    /// The unit outside the destination user's capture district.
    pub outside: String,
    /// The source's values of the selection in March 2024.
    pub source: Values,
    /// Those of `outside`: the destination refuses them.
    pub refused: Values,
}

/// Sets the destination's admin to capture in one district only and picks the selection.
pub(crate) async fn outside_capture(pair: &Pair, data_set: &str) -> Result<OutsideCapture> {
    let mut with_data = Vec::new();
    for id in districts(&pair.source).await? {
        let units = units_with_data_under(&pair.source, &id, data_set, "202403", 2).await?;
        if !units.is_empty() {
            with_data.push((id, units));
        }
        if with_data.len() == 2 {
            break;
        }
    }
    let [(district, inside), (_, others)] = <[_; 2]>::try_from(with_data)
        .map_err(|_| anyhow::anyhow!("fewer than two districts have values"))?;
    let outside = others[0].clone();
    pair.destination
        .set_capture_org_units("admin", &[district.as_str()])?;
    let mut org_units = inside;
    org_units.push(outside.clone());
    let (source, _) = source_and_landed(pair, data_set, "202403", &org_units).await?;
    let refused: Values = source
        .iter()
        .filter(|(key, _)| key.2 == outside)
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    assert!(!refused.is_empty());
    Ok(OutsideCapture {
        org_units,
        outside,
        source,
        refused,
    })
}

#[tokio::test]
async fn conflicts_are_listed_in_the_report_with_their_values() -> Result<()> {
    let pair = Pair::start().await?;
    let data_set = pair.data_set("Monthly").await?;
    // Two units of one district and one of another: the destination's user may capture data
    // only in the first district.
    let OutsideCapture {
        org_units,
        outside,
        source,
        refused,
    } = outside_capture(&pair, &data_set).await?;

    let options = RunOptions {
        // DHIS2 answers an import with conflicts with 409, which Chromium logs for any fetch.
        allowed_console_errors: &["409 (Conflict)"],
        ..RunOptions::default()
    };
    with_app_options(pair, options, async |browser, pair| {
        let draft = draft(&data_set, &org_units, "2024-03-01", "2024-03-31");
        open_wizard(&browser, &pair, &draft, "#/sync/summary").await?;
        let status = synchronize(&browser).await?;
        assert_eq!(status, "WARNING");
        let (_, landed) = source_and_landed(&pair, &data_set, "202403", &org_units).await?;
        let expected: Values = source
            .iter()
            .filter(|(key, _)| key.2 != outside)
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        assert_eq!(landed, expected);

        // The report page: every refused value with its conflict's code.
        browser.wait_test("run-report-link").await?.click().await?;
        browser.wait_test("report-conflicts").await?;
        let conflict_count: usize = browser
            .wait_test("report-conflict-count")
            .await?
            .text()
            .await?
            .parse()?;
        let rows = browser
            .texts("[data-test='report-conflict'] td:first-child")
            .await?;
        assert!(rows.iter().all(|code| code == "E7617"), "{rows:?}");
        let shown: BTreeSet<String> = browser
            .texts("[data-test='report-conflict-value']")
            .await?
            .into_iter()
            .collect();
        let names = data_element_names(&pair.source).await?;
        let refused_lines: BTreeSet<String> = refused
            .iter()
            .map(|(key, value)| value_line(key, value, &names))
            .collect();
        assert_eq!(shown, refused_lines);
        assert_eq!(
            browser
                .wait_test("report-count-imported")
                .await?
                .text()
                .await?,
            expected.len().to_string()
        );
        assert_eq!(
            browser
                .wait_test("report-count-ignored")
                .await?
                .text()
                .await?,
            refused.len().to_string()
        );

        // The saved report holds the same, and its counts are the destination's own.
        let url = browser.client().current_url().await?;
        let id = url
            .fragment()
            .and_then(|f| f.strip_prefix("/history/"))
            .context("report id in the URL")?
            .to_string();
        let stored = pair.source.stored_report(&id).await?;
        let conflicts = stored["conflicts"].as_array().cloned().unwrap_or_default();
        assert_eq!(conflicts.len(), conflict_count);
        let stored_lines: BTreeSet<String> = conflicts
            .iter()
            .flat_map(|conflict| conflict["values"].as_array().cloned().unwrap_or_default())
            .map(|value| {
                let text = |key: &str| value[key].as_str().unwrap_or_default().to_string();
                value_line(
                    &(
                        text("dataElement"),
                        text("period"),
                        text("orgUnit"),
                        text("categoryOptionCombo"),
                        text("attributeOptionCombo"),
                    ),
                    &text("value"),
                    &names,
                )
            })
            .collect();
        assert_eq!(stored_lines, refused_lines);
        let mut answered = (0u64, 0u64);
        for chunk in stored["chunks"].as_array().into_iter().flatten() {
            let raw: Value = serde_json::from_str(chunk["rawResponse"].as_str().unwrap_or("{}"))?;
            let counts = if raw["importCount"].is_object() {
                &raw["importCount"]
            } else {
                &raw["response"]["importCount"]
            };
            answered.0 += counts["imported"].as_u64().unwrap_or(0);
            answered.1 += counts["ignored"].as_u64().unwrap_or(0);
        }
        assert_eq!(
            (
                stored["counts"]["imported"].as_u64().unwrap_or(0),
                stored["counts"]["ignored"].as_u64().unwrap_or(0)
            ),
            answered
        );
        assert_eq!(answered, (expected.len() as u64, refused.len() as u64));
        Ok(())
    })
    .await
}

/// Waits for `name` in `dir` (complete: Chromium writes `.crdownload` first) and reads it.
async fn downloaded(dir: &std::path::Path, name: &str) -> Result<Value> {
    let path = dir.join(name);
    eventually(
        &format!("{name} to be downloaded"),
        Duration::from_secs(30),
        async || Ok(path.exists().then_some(())),
    )
    .await?;
    let bytes = std::fs::read(&path)?;
    std::fs::remove_file(&path)?;
    Ok(serde_json::from_slice(&bytes)?)
}

const FILE_NAME: &str = "aggregate-sync-data-values.json";

/// Downloads the summary's JSON, checks what it says it holds, then synchronizes.
async fn download_then_synchronize(browser: &Browser, dir: &std::path::Path) -> Result<Values> {
    click(browser, "summary-download-json").await?;
    let result = browser.wait_test("download-json-result").await?;
    let counted: usize = result
        .attr("data-values")
        .await?
        .unwrap_or_default()
        .parse()?;
    let file = downloaded(dir, FILE_NAME).await?;
    let in_file = values_of(&file);
    assert_eq!(in_file.len(), counted);
    assert_eq!(
        file["dataValues"].as_array().map(Vec::len),
        Some(counted),
        "one entry per value"
    );
    let status = synchronize(browser).await?;
    assert!(
        status == "SUCCESS" || status == "WARNING",
        "status {status}"
    );
    Ok(in_file)
}

#[tokio::test]
async fn download_json_holds_exactly_what_a_sync_lands() -> Result<()> {
    let pair = Pair::start().await?;
    let data_set = pair.data_set("Monthly").await?;
    let org_units = pair.org_units_with_data(&data_set, "202403", 3).await?;
    let downloads = tempfile::Builder::new()
        .prefix("aggsync-downloads-")
        .tempdir()?;
    let options = RunOptions {
        browser: BrowserOptions {
            download_dir: Some(downloads.path().to_path_buf()),
        },
        ..RunOptions::default()
    };
    with_app_options(pair, options, async |browser, pair| {
        // Raw: the file holds the source's values, and the sync lands the same.
        let raw = draft(&data_set, &org_units, "2024-03-01", "2024-03-31");
        open_wizard(&browser, &pair, &raw, "#/sync/summary").await?;
        let in_file = download_then_synchronize(&browser, downloads.path()).await?;
        let (source, landed) = source_and_landed(&pair, &data_set, "202403", &org_units).await?;
        assert!(!source.is_empty());
        assert_eq!(in_file, source);
        assert_eq!(landed, in_file);

        // Aggregated to a district by month: the file holds what lands at the district.
        let district = districts(&pair.source)
            .await?
            .into_iter()
            .next()
            .context("no district")?;
        let mut aggregated = draft(
            &data_set,
            std::slice::from_ref(&district),
            "2024-01-01",
            "2024-02-29",
        );
        aggregated["aggregationEnabled"] = json!(true);
        aggregated["aggregationPeriodType"] = json!("Monthly");
        open_with_draft(&browser, &pair.source, &aggregated, "#/sync/summary").await?;
        let in_file = download_then_synchronize(&browser, downloads.path()).await?;
        assert!(!in_file.is_empty());
        let landed = values_of(
            &pair
                .destination
                .api_get(&format!(
                    "dataValueSets?dataSet={data_set}&startDate=2024-01-01&endDate=2024-02-29&orgUnit={district}"
                ))
                .await?,
        );
        assert_eq!(landed, in_file);
        Ok(())
    })
    .await
}

#[tokio::test]
async fn comments_and_follow_up_travel_with_raw_values() -> Result<()> {
    let pair = Pair::start().await?;
    let data_set = pair.data_set("Monthly").await?;
    let org_units = pair.org_units_with_data(&data_set, "202403", 2).await?;
    let path = query(&data_set, "202403", &org_units);
    let source = pair.source.api_get(&path).await?;
    let mut noted = source["dataValues"][0].clone();
    noted["comment"] = json!("Checked with the facility register");
    noted["followup"] = json!(true);
    pair.source
        .api_post("dataValueSets", &json!({ "dataValues": [noted.clone()] }))
        .await?;

    with_app(pair, async |browser, pair| {
        let status = run_draft(
            &browser,
            &pair,
            &draft(&data_set, &org_units, "2024-03-01", "2024-03-31"),
        )
        .await?;
        assert_eq!(status, "SUCCESS");
        let landed = pair.destination.api_get(&path).await?;
        let same_cell = |value: &&Value| {
            [
                "dataElement",
                "period",
                "orgUnit",
                "categoryOptionCombo",
                "attributeOptionCombo",
            ]
            .iter()
            .all(|key| value[*key] == noted[*key])
        };
        let cell = landed["dataValues"]
            .as_array()
            .into_iter()
            .flatten()
            .find(same_cell)
            .context("the value did not land")?;
        assert_eq!(cell["value"], noted["value"]);
        assert_eq!(cell["comment"], noted["comment"]);
        assert_eq!(cell["followup"], true);
        let others_without_comment = landed["dataValues"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|value| !same_cell(value))
            .all(|value| value["comment"].is_null());
        assert!(others_without_comment);
        Ok(())
    })
    .await
}
