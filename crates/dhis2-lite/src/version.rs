//! DHIS2 versions and the one place where behaviour branches on the emulated version.
//!
//! Every difference between 2.36 and 2.43 that dhis2-lite emulates is a field of
//! [`VersionBehaviour`]; handlers read those fields and never compare version numbers themselves.

use std::fmt;
use std::str::FromStr;

/// A DHIS2 release line, 2.36 to 2.43, emulated at its latest patch level known to the reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Dhis2Version {
    minor: u8,
}

/// The oldest emulated release line.
pub const OLDEST_MINOR: u8 = 36;
/// The newest emulated release line.
pub const NEWEST_MINOR: u8 = 43;

/// Error returned when a version string is not one of 2.36 to 2.43.
#[derive(Debug, thiserror::Error)]
#[error("unsupported DHIS2 version `{0}`: expected 2.36 to 2.43")]
pub struct UnsupportedVersion(String);

impl Dhis2Version {
    /// The version 2.`minor`, if it is emulated.
    pub fn from_minor(minor: u8) -> Option<Self> {
        (OLDEST_MINOR..=NEWEST_MINOR)
            .contains(&minor)
            .then_some(Self { minor })
    }

    /// The minor number (36 for 2.36).
    pub fn minor(self) -> u8 {
        self.minor
    }

    /// Every emulated version, oldest first.
    pub fn all() -> Vec<Self> {
        (OLDEST_MINOR..=NEWEST_MINOR)
            .map(|minor| Self { minor })
            .collect()
    }

    /// The behaviour switches of this version.
    pub fn behaviour(self) -> VersionBehaviour {
        VersionBehaviour::of(self)
    }
}

impl Default for Dhis2Version {
    fn default() -> Self {
        Self { minor: 41 }
    }
}

impl fmt::Display for Dhis2Version {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "2.{}", self.minor)
    }
}

impl FromStr for Dhis2Version {
    type Err = UnsupportedVersion;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim().trim_start_matches('v');
        let mut parts = trimmed.split('.');
        let first = parts.next().unwrap_or_default();
        let minor_text = if first == "2" {
            parts.next().unwrap_or_default()
        } else {
            first
        };
        minor_text
            .parse::<u8>()
            .ok()
            .and_then(Self::from_minor)
            .ok_or_else(|| UnsupportedVersion(text.to_string()))
    }
}

/// Where a version substitutes `__DHIS2_BASE_URL__` / `__DHIS2_APP_ROOT_URL__` in app HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HtmlPlaceholders {
    /// No substitution (2.36–2.38).
    None,
    /// Only `index.html` and `plugin.html` (2.39.10+, 2.40.8+, 2.41).
    IndexAndPlugin,
    /// Every `*.html` file (2.42+).
    AllHtml,
}

/// Every version-dependent behaviour of dhis2-lite (reference §12).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionBehaviour {
    /// The emulated version.
    pub version: Dhis2Version,
    /// The string reported as `version` by `/api/system/info`.
    pub full_version: &'static str,
    /// The short git revision reported by `/api/system/info`.
    pub revision: &'static str,
    /// The default API version number of unversioned `/api/` paths.
    pub default_api_version: u8,
    /// `POST /dhis-web-commons-security/login.action` exists (≤2.41).
    pub form_login: bool,
    /// `POST /api/auth/login` exists (2.41+).
    pub json_login: bool,
    /// Path of the login page unauthenticated browser requests are redirected to.
    pub login_page_path: &'static str,
    /// `/api/me` has a top-level `username` (2.38+).
    pub me_has_username: bool,
    /// `POST /api/apps` answers 201 with the App JSON instead of 204 (2.42+).
    pub app_install_returns_created: bool,
    /// The manifest `href` is rewritten whatever its value, not only when `*` (late 2.39–2.41 patches).
    pub manifest_href_rewrite_any: bool,
    /// Which HTML files get the base URL placeholders substituted.
    pub html_placeholders: HtmlPlaceholders,
    /// Generic `errorCode`s E1003/E1004/E1005/E1006 on WebMessages (2.40+).
    pub generic_error_codes: bool,
    /// Metadata query parse errors are 400 + E1003 (2.40+) instead of 409.
    pub query_errors_bad_request: bool,
    /// 403 messages name the required authority (2.42+).
    pub forbidden_names_authority: bool,
    /// Import conflicts are formal (`errorCode`, `objects`, `indexes`, `property`) (2.37+).
    pub formal_conflicts: bool,
    /// ImportSummary carries `rejectedIndexes` (2.39.2+).
    pub rejected_indexes: bool,
    /// An unchanged re-imported value counts as ignored rather than updated (2.38.6+).
    pub unchanged_value_ignored: bool,
    /// Payload `created`/`lastUpdated` are honoured on import (≤2.40).
    pub honour_payload_timestamps: bool,
    /// New zeros of zero-insignificant data elements count as ignored (2.36 only).
    pub insignificant_zero_counted_ignored: bool,
    /// `GET /api/dataValueSets` accepts `dataElement` (2.39+).
    pub export_data_element_parameter: bool,
    /// `GET /api/dataValueSets` input id schemes are accepted (2.37+).
    pub export_input_id_schemes: bool,
    /// Exported JSON values write nulls explicitly and always write `dataValues` (2.38+).
    pub export_explicit_nulls: bool,
    /// The `strictDataSetApproval/Locking/InputPeriods` import options exist (2.40+).
    pub strict_data_set_flags: bool,
    /// The `dataSet` import option exists (2.39+).
    pub import_data_set_option: bool,
    /// A WARNING import answers 200 instead of 409 (2.43+).
    pub warning_import_is_ok: bool,
    /// Name of an async data value import job, as its `name` and its "Initiated …" message give
    /// it: `DATAVALUE_IMPORT (<millis>)` from 2.41, `dataValueImport` before. Its `jobType` and
    /// task endpoints are `DATAVALUE_IMPORT` on every version (reference §9).
    pub import_job_name: &'static str,
    /// Personal access tokens are accepted (2.38+; 2.37 needs a dhis.conf switch, off here).
    pub personal_access_tokens: bool,
    /// Prefix of newly created personal access tokens.
    pub token_prefix: &'static str,
    /// `PUT /api/dataStore/{ns}/{key}` creates missing keys (2.38.5+).
    pub data_store_put_upserts: bool,
    /// The dataStore query API (`fields=`) exists (2.38+).
    pub data_store_query_api: bool,
    /// dataStore messages use the 2.37+ wording (2.36 has its own).
    pub data_store_modern_wording: bool,
    /// An entry's sharing applies in every namespace and to every read, key lists and the query
    /// API included (2.41+: DHIS2-16134, DHIS2-15959). Before, it is checked only when one
    /// entry of an app's namespace is read or written (2.37–2.40 `sharingRespected` app
    /// namespaces; 2.36 checks each entry read), and key lists and the query API ignore it.
    pub data_store_sharing_everywhere: bool,
    /// `/api/configuration/corsAllowlist` alias exists (2.41+).
    pub cors_allowlist_alias: bool,
    /// `/api/routes` exists (2.40+).
    pub routes: bool,
    /// `QuarterlyNov` periods parse (2.38.4+, 2.40.1+).
    pub quarterly_november: bool,
    /// `FinancialSep` periods exist (2.42+).
    pub financial_september: bool,
    /// `MULTI_TEXT` value type exists (2.39+).
    pub multi_text: bool,
}

impl VersionBehaviour {
    /// The behaviour of `version`.
    pub fn of(version: Dhis2Version) -> Self {
        let minor = version.minor();
        let (full_version, revision) = match minor {
            36 => ("2.36.13.2", "a1b2c36"),
            37 => ("2.37.10", "a1b2c37"),
            38 => ("2.38.7", "a1b2c38"),
            39 => ("2.39.10.1", "a1b2c39"),
            40 => ("2.40.12", "a1b2c40"),
            41 => ("2.41.9.1", "a1b2c41"),
            42 => ("2.42.5.2", "a1b2c42"),
            _ => ("2.43.0", "a1b2c43"),
        };
        Self {
            version,
            full_version,
            revision,
            default_api_version: minor,
            form_login: minor <= 41,
            json_login: minor >= 41,
            login_page_path: if minor <= 40 {
                "/dhis-web-commons/security/login.action"
            } else {
                "/dhis-web-login/"
            },
            me_has_username: minor >= 38,
            app_install_returns_created: minor >= 42,
            manifest_href_rewrite_any: (39..=41).contains(&minor),
            html_placeholders: match minor {
                0..=38 => HtmlPlaceholders::None,
                39..=41 => HtmlPlaceholders::IndexAndPlugin,
                _ => HtmlPlaceholders::AllHtml,
            },
            generic_error_codes: minor >= 40,
            query_errors_bad_request: minor >= 40,
            forbidden_names_authority: minor >= 42,
            formal_conflicts: minor >= 37,
            rejected_indexes: minor >= 39,
            unchanged_value_ignored: minor >= 38,
            honour_payload_timestamps: minor <= 40,
            insignificant_zero_counted_ignored: minor <= 36,
            export_data_element_parameter: minor >= 39,
            export_input_id_schemes: minor >= 37,
            export_explicit_nulls: minor >= 38,
            strict_data_set_flags: minor >= 40,
            import_data_set_option: minor >= 39,
            warning_import_is_ok: minor >= 43,
            import_job_name: if minor >= 41 {
                "DATAVALUE_IMPORT"
            } else {
                "dataValueImport"
            },
            personal_access_tokens: minor >= 38,
            token_prefix: if minor >= 41 { "d2p_" } else { "d2pat_" },
            data_store_put_upserts: minor >= 38,
            data_store_query_api: minor >= 38,
            data_store_modern_wording: minor >= 37,
            data_store_sharing_everywhere: minor >= 41,
            cors_allowlist_alias: minor >= 41,
            routes: minor >= 40,
            quarterly_november: minor >= 38,
            financial_september: minor >= 42,
            multi_text: minor >= 39,
        }
    }

    /// Whether a synchronous import answer is the plain ImportSummary (no WebMessage), given the
    /// API version of the request path (`/api/37/…` → `Some(37)`).
    pub fn plain_import_summary(&self, path_api_version: Option<u8>) -> bool {
        let minor = self.version.minor();
        match minor {
            36 => true,
            37 => path_api_version.is_none_or(|requested| requested <= 37),
            38..=41 => path_api_version.is_some_and(|requested| requested <= 37),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_displays_versions() {
        let version: Dhis2Version = "2.41".parse().unwrap();
        assert_eq!(version.to_string(), "2.41");
        assert_eq!("2.38.7".parse::<Dhis2Version>().unwrap().minor(), 38);
        assert_eq!("40".parse::<Dhis2Version>().unwrap().minor(), 40);
        assert!("2.35".parse::<Dhis2Version>().is_err());
        assert!("2.44".parse::<Dhis2Version>().is_err());
        assert!(Dhis2Version::from_minor(36) < Dhis2Version::from_minor(43));
    }

    #[test]
    fn s5_3_plain_summary_by_path_version() {
        let b36 = Dhis2Version::from_minor(36).unwrap().behaviour();
        let b37 = Dhis2Version::from_minor(37).unwrap().behaviour();
        let b41 = Dhis2Version::from_minor(41).unwrap().behaviour();
        let b42 = Dhis2Version::from_minor(42).unwrap().behaviour();
        assert!(b36.plain_import_summary(None));
        assert!(b37.plain_import_summary(None));
        assert!(!b37.plain_import_summary(Some(38)));
        assert!(!b41.plain_import_summary(None));
        assert!(b41.plain_import_summary(Some(37)));
        assert!(!b42.plain_import_summary(Some(37)));
    }
}
