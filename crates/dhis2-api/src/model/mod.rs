//! Domain values the client returns: what the app shows and sync-core plans with, free of wire
//! details (field names, version differences, nulls).

/// The logged-in user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CurrentUser {
    /// User UID.
    pub id: String,
    /// Login name (`username`, or `userCredentials.username` before 2.38).
    pub username: String,
    /// Name to show.
    pub display_name: String,
    /// Authorities, e.g. `ALL`, `F_DATAVALUE_ADD`, `M_aggregate_sync`.
    pub authorities: Vec<String>,
    /// UIDs of the user's data capture org units.
    pub organisation_units: Vec<String>,
    /// UIDs of the user's data view org units.
    pub data_view_organisation_units: Vec<String>,
    /// The user's UI locale (`keyUiLocale`), when set.
    pub ui_locale: Option<String>,
}

/// Facts about the server from `/api/system/info`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SystemInfo {
    /// Version string, e.g. `2.41.1` or `2.42-SNAPSHOT`.
    pub version: String,
    /// Parsed major/minor, e.g. (2, 41).
    pub version_number: Option<(u32, u32)>,
    /// Server local time, `yyyy-MM-ddTHH:mm:ss.SSS`.
    pub server_date: Option<String>,
    /// Absolute context path.
    pub context_path: Option<String>,
    /// System name, when the server gives one.
    pub system_name: Option<String>,
}

impl SystemInfo {
    /// True when the instance is at least `major.minor`.
    pub fn is_at_least(&self, major: u32, minor: u32) -> bool {
        self.version_number
            .is_some_and(|version| version >= (major, minor))
    }
}

/// Parses `2.41.1`, `2.40.3.1`, `2.42-SNAPSHOT` into (major, minor).
pub fn parse_version(version: &str) -> Option<(u32, u32)> {
    let mut parts = version.split(['.', '-']);
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

/// A data set as listed on the data selection page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataSetSummary {
    /// UID.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Period type name, e.g. `Monthly`.
    pub period_type: String,
    /// Last update of the metadata object, as the server wrote it.
    pub last_updated: Option<String>,
}

/// One page of a paged metadata list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Page<T> {
    /// Items of this page.
    pub items: Vec<T>,
    /// Page number, from 1.
    pub page: u32,
    /// Number of pages.
    pub page_count: u32,
    /// Total number of items over all pages.
    pub total: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        assert_eq!(parse_version("2.41.1"), Some((2, 41)));
        assert_eq!(parse_version("2.42-SNAPSHOT"), Some((2, 42)));
        assert_eq!(parse_version("2.40.3.1"), Some((2, 40)));
        assert_eq!(parse_version("garbage"), None);
    }
}
