//! A demo source and an empty destination (same metadata, no values) that allows the source's
//! origin, with the destination stored on the source: the setting of every sync test.

use anyhow::{Context, Result, bail};
use serde_json::json;

use super::instance::{Instance, InstanceOptions};

/// The id of the destination entry [`Pair::start`] stores on the source.
pub const DESTINATION_ID: &str = "DeStInAtIoN";

/// A source, an empty destination allowing the source's origin, and the destination entry.
pub struct Pair {
    /// The demo instance with the app.
    pub source: Instance,
    /// The empty instance without the app.
    pub destination: Instance,
}

impl Pair {
    /// Starts both instances and stores the destination (direct, Basic auth asked at each run).
    pub async fn start() -> Result<Pair> {
        Pair::start_with_source_seed("demo").await
    }

    /// As [`Pair::start`], the source seeded with `seed` (`demo`, or `large:<n>` for the
    /// measurements: the demo's metadata and `n` values).
    pub async fn start_with_source_seed(seed: &'static str) -> Result<Pair> {
        let source = Instance::start(InstanceOptions {
            seed,
            ..InstanceOptions::default()
        })
        .await?;
        let destination = Instance::start(InstanceOptions {
            seed: "empty",
            install_app: false,
            ..InstanceOptions::default()
        })
        .await?;
        destination
            .api_post("configuration/corsWhitelist", &json!([source.base_url()]))
            .await?;
        source
            .api_post(
                &format!("dataStore/aggregate-sync/destination-{DESTINATION_ID}"),
                &json!({
                    "schemaVersion": 1,
                    "id": DESTINATION_ID,
                    "name": "Empty destination",
                    "url": destination.base_url(),
                    "kind": {"type": "DIRECT", "auth": "BASIC_ASK_EACH_RUN"}
                }),
            )
            .await?;
        Ok(Pair {
            source,
            destination,
        })
    }

    /// The first data set of `period_type`.
    pub async fn data_set(&self, period_type: &str) -> Result<String> {
        let sets = self
            .source
            .api_get("dataSets?fields=id,periodType&paging=false")
            .await?;
        sets["dataSets"]
            .as_array()
            .and_then(|sets| sets.iter().find(|s| s["periodType"] == period_type))
            .and_then(|s| s["id"].as_str())
            .map(str::to_string)
            .context("no data set of that period type")
    }

    /// Up to `count` org units that have values of `data_set` in `period`.
    pub async fn org_units_with_data(
        &self,
        data_set: &str,
        period: &str,
        count: usize,
    ) -> Result<Vec<String>> {
        let root = self
            .source
            .api_get("organisationUnits?level=1&fields=id&paging=false")
            .await?;
        let root = root["organisationUnits"][0]["id"]
            .as_str()
            .context("no root")?
            .to_string();
        let set = self
            .source
            .api_get(&format!(
                "dataValueSets?dataSet={data_set}&period={period}&orgUnit={root}&children=true"
            ))
            .await?;
        let mut units: Vec<String> = Vec::new();
        for value in set["dataValues"].as_array().cloned().unwrap_or_default() {
            let unit = value["orgUnit"].as_str().unwrap_or_default().to_string();
            if !units.contains(&unit) {
                units.push(unit);
            }
            if units.len() == count {
                break;
            }
        }
        if units.is_empty() {
            bail!("no values of {data_set} in {period}");
        }
        Ok(units)
    }
}
