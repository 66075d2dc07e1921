//! Values that fit the destination, the scenario of the "Truthful outcomes" issue: a monthly
//! data set aggregated to quarters holds a BOOLEAN element with an AVERAGE aggregation type,
//! whose quarterly aggregate is a percentage the destination would refuse ("Data value is not
//! a boolean"). The wizard's aggregation step and summary announce it as left out before the
//! run; the run sends everything else, leaves it out, lists it in the report and ends SUCCESS;
//! the destination holds the other elements' aggregates and none of its values.

use anyhow::{Context, Result};
use serde_json::json;

use crate::harness::{Pair, WAIT, eventually, with_app};
use crate::sync_robustness::{ROUTED_DESTINATION_ID, add_routed_destination, open_report};
use crate::sync_runs::{draft, wait_for_status};
use crate::wizard::{click, open_with_draft, wait_hash};

/// The names of the items the destination-fit notice lists as left out.
async fn left_out_names(browser: &crate::harness::Browser) -> Result<Vec<String>> {
    browser
        .texts("[data-test='destination-fit-item'][data-outcome='left-out'] [data-test='destination-fit-name']")
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_boolean_average_element_is_announced_left_out_and_the_run_is_success() -> Result<()> {
    let pair = Pair::start().await?;
    add_routed_destination(&pair).await?;
    let data_set = pair.data_set("Monthly").await?;
    let set = pair
        .source
        .api_get(&format!(
            "dataSets/{data_set}?fields=dataSetElements[dataElement[id,displayName,aggregationType,valueType]]"
        ))
        .await?;
    let boolean = set["dataSetElements"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|element| &element["dataElement"])
        .find(|element| {
            element["valueType"] == "BOOLEAN" && element["aggregationType"] == "AVERAGE"
        })
        .context("the demo's monthly data set has a BOOLEAN element aggregated as AVERAGE")?
        .clone();
    let boolean_id = boolean["id"].as_str().unwrap_or_default().to_string();
    let boolean_name = boolean["displayName"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let districts = pair
        .source
        .api_get("organisationUnits?level=2&fields=id&paging=false")
        .await?;
    let district = districts["organisationUnits"][0]["id"]
        .as_str()
        .context("no district")?
        .to_string();
    // The source has values of the element there in 2024: they would be refused.
    let source_values = pair
        .source
        .api_get(&format!(
            "dataValueSets?dataSet={data_set}&startDate=2024-01-01&endDate=2024-12-31&orgUnit={district}&children=true"
        ))
        .await?;
    assert!(
        source_values["dataValues"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|value| value["dataElement"] == boolean_id.as_str()),
        "the source has values of {boolean_name} under the district"
    );
    let mut draft = draft(
        &data_set,
        std::slice::from_ref(&district),
        "2024-01-01",
        "2024-12-31",
    );
    draft["aggregationEnabled"] = json!(true);
    draft["aggregationPeriodType"] = json!("Quarterly");
    draft["destinationId"] = json!(ROUTED_DESTINATION_ID);
    with_app(pair, async |browser, pair| {
        browser.log_in(&pair.source.base_url(), "admin", "district").await?;
        open_with_draft(&browser, &pair.source, &draft, "#/sync/aggregation").await?;
        // Announced in the aggregation step, next to the non-aggregatable list.
        browser.wait_test("destination-fit").await?;
        // Left out: the BOOLEAN element, besides those that cannot be aggregated at all.
        let left_out = left_out_names(&browser).await?;
        assert!(left_out.contains(&boolean_name), "{left_out:?}");
        let not_aggregatable = browser.texts("[data-test='not-aggregatable-name']").await?;
        assert!(
            left_out
                .iter()
                .all(|name| *name == boolean_name || not_aggregatable.contains(name)),
            "{left_out:?} beyond {not_aggregatable:?}"
        );
        let reason = browser
            .texts("[data-test='destination-fit-item'][data-outcome='left-out']")
            .await?
            .join(" ");
        assert!(reason.to_lowercase().contains("boolean"), "{reason}");
        // And in the summary.
        click(&browser, "wizard-next").await?;
        wait_hash(&browser, "#/sync/instance").await?;
        click(&browser, "wizard-next").await?;
        wait_hash(&browser, "#/sync/summary").await?;
        browser.wait_test("destination-fit").await?;
        assert!(left_out_names(&browser).await?.contains(&boolean_name));

        click(&browser, "summary-synchronize").await?;
        assert_eq!(wait_for_status(&browser).await?, "SUCCESS");
        let report = open_report(&browser, &pair.source).await?;
        let issues = report["issues"].to_string();
        assert!(
            issues.contains("NOT_STORABLE_AT_DESTINATION") && issues.contains(&boolean_name),
            "{issues}"
        );
        let notes = browser.texts("[data-test='report-issues'] li").await?;
        assert!(notes.iter().any(|note| note.contains(&boolean_name)), "{notes:?}");
        // Nothing of the element landed; the other elements' quarterly aggregates did.
        let landed = eventually("the destination's values", WAIT, async || {
            let landed = pair
                .destination
                .api_get(&format!(
                    "dataValueSets?dataSet={data_set}&startDate=2024-01-01&endDate=2024-12-31&orgUnit={district}"
                ))
                .await?;
            Ok(Some(landed["dataValues"].as_array().cloned().unwrap_or_default()))
        })
        .await?;
        assert!(!landed.is_empty(), "aggregates landed");
        assert!(landed.iter().all(|value| value["period"].as_str().is_some_and(|p| p.contains('Q'))));
        assert!(!landed.iter().any(|value| value["dataElement"] == boolean_id.as_str()));
        Ok(())
    })
    .await
}
