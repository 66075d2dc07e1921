//! System settings the sync needs (reference §2.5): the financial year start and weekly start
//! for relative periods, and whether zeros count in aggregation. Values come as strings or
//! booleans depending on version and setting; they are normalised here.

use std::collections::BTreeMap;

use crate::client::{Dhis2Client, param};
use crate::error::ApiError;
use crate::query::url_with_params;
use crate::transport::Transport;

/// The settings that shape periods and aggregation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AnalyticsSettings {
    /// `analyticsFinancialYearStart` (`FINANCIAL_YEAR_APRIL`, `…_JULY`, `…_OCTOBER`, …); `None`
    /// when unset (DHIS2's default is October).
    pub financial_year_start: Option<String>,
    /// `analyticsWeeklyStart` (`WEEKLY`, `WEEKLY_WEDNESDAY`, …); `None` when unset or when the
    /// version lacks it (Monday weeks).
    pub weekly_start: Option<String>,
    /// `keyIncludeZeroValuesInAnalytics` (default false).
    pub include_zero_values: bool,
}

/// Setting keys read by [`Dhis2Client::analytics_settings`].
pub const ANALYTICS_SETTING_KEYS: [&str; 3] = [
    "analyticsFinancialYearStart",
    "analyticsWeeklyStart",
    "keyIncludeZeroValuesInAnalytics",
];

impl<T: Transport> Dhis2Client<T> {
    /// `GET /api/systemSettings?key=…` for `keys`: each setting the server has, as text
    /// (strings unquoted, booleans and numbers as written). Unset keys are absent.
    pub async fn system_settings(
        &self,
        keys: &[&str],
    ) -> Result<BTreeMap<String, String>, ApiError> {
        let params: Vec<(String, String)> = keys.iter().map(|key| param("key", *key)).collect();
        let url = url_with_params(&self.api_url("systemSettings"), &params);
        let settings: serde_json::Map<String, serde_json::Value> = self.get_json(&url).await?;
        Ok(settings
            .into_iter()
            .filter_map(|(key, value)| {
                let text = match value {
                    serde_json::Value::Null => return None,
                    serde_json::Value::String(text) => text,
                    other => other.to_string(),
                };
                Some((key, text))
            })
            .collect())
    }

    /// The settings that shape relative periods and aggregation.
    pub async fn analytics_settings(&self) -> Result<AnalyticsSettings, ApiError> {
        let settings = self.system_settings(&ANALYTICS_SETTING_KEYS).await?;
        let text = |key: &str| {
            settings
                .get(key)
                .map(|value| value.trim().to_string())
                .filter(|value| !value.is_empty())
        };
        Ok(AnalyticsSettings {
            financial_year_start: text("analyticsFinancialYearStart"),
            weekly_start: text("analyticsWeeklyStart"),
            include_zero_values: text("keyIncludeZeroValuesInAnalytics")
                .is_some_and(|value| value.eq_ignore_ascii_case("true")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Fake, json, run};
    use crate::transport::Method;

    #[test]
    fn settings_are_normalised() {
        let server = Fake::new().on(
            Method::Get,
            "/api/systemSettings?key=analyticsFinancialYearStart&key=analyticsWeeklyStart&key=keyIncludeZeroValuesInAnalytics",
            json(
                200,
                r#"{"analyticsFinancialYearStart":"FINANCIAL_YEAR_APRIL","keyIncludeZeroValuesInAnalytics":true}"#,
            ),
        );
        let client = Dhis2Client::new(&server, "http://h");
        let settings = run(client.analytics_settings()).unwrap();
        assert_eq!(
            settings,
            AnalyticsSettings {
                financial_year_start: Some("FINANCIAL_YEAR_APRIL".into()),
                weekly_start: None,
                include_zero_values: true,
            }
        );
        // Some versions write booleans as strings.
        let server = Fake::new().on(
            Method::Get,
            "/api/systemSettings?",
            json(200, r#"{"keyIncludeZeroValuesInAnalytics":"false","analyticsWeeklyStart":"WEEKLY_SUNDAY"}"#),
        );
        let client = Dhis2Client::new(&server, "http://h");
        let settings = run(client.analytics_settings()).unwrap();
        assert!(!settings.include_zero_values);
        assert_eq!(settings.weekly_start.as_deref(), Some("WEEKLY_SUNDAY"));
    }
}
