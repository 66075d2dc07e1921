//! Domain values the client returns: what the app shows and sync-core plans with, free of wire
//! details (field names, version differences, nulls). No I/O and no JSON field names here.

mod data_store;
mod metadata;
mod routes;

pub use data_store::*;
pub use metadata::*;
pub use routes::*;

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

impl CurrentUser {
    /// True when the user may import data values (`ALL` or `F_DATAVALUE_ADD`).
    pub fn can_import_data_values(&self) -> bool {
        self.authorities
            .iter()
            .any(|authority| authority == "ALL" || authority == "F_DATAVALUE_ADD")
    }
}

/// What a destination's connection test found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionCheck {
    /// The server.
    pub system: SystemInfo,
    /// The user the connection acts as.
    pub user: CurrentUser,
    /// The user may import data values there.
    pub can_import: bool,
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
    /// The server's time zone (`serverTimeZoneId`, e.g. `Europe/Oslo`): the zone of `server_date`.
    pub server_time_zone_id: Option<String>,
    /// Absolute context path.
    pub context_path: Option<String>,
    /// System name, when the server gives one.
    pub system_name: Option<String>,
    /// The instance's `systemId` (a UUID made when its database was created), when given: two
    /// URLs with the same one reach the same instance.
    pub system_id: Option<String>,
}

impl SystemInfo {
    /// True when both answers carry the same `systemId`: one instance reached twice (under two
    /// URLs, or through a route back to itself). `false` when either has none.
    pub fn same_system_as(&self, other: &SystemInfo) -> bool {
        matches!((&self.system_id, &other.system_id), (Some(mine), Some(theirs)) if mine == theirs)
    }

    /// True when the instance is at least `major.minor`.
    pub fn is_at_least(&self, major: u32, minor: u32) -> bool {
        self.version_number
            .is_some_and(|version| version >= (major, minor))
    }

    /// True when the instance is at least `major.minor.patch` (a missing patch counts as 0).
    pub fn is_at_least_patch(&self, major: u32, minor: u32, patch: u32) -> bool {
        parse_version_patch(&self.version).is_some_and(|version| version >= (major, minor, patch))
    }

    /// Routes (`/api/routes`, reference §11.1) exist from 2.40.
    pub fn has_routes(&self) -> bool {
        self.is_at_least(2, 40)
    }

    /// Personal access tokens are on by default from 2.38 (2.37 only when enabled in dhis.conf).
    pub fn has_api_tokens(&self) -> bool {
        self.is_at_least(2, 38)
    }

    /// The dataStore query API (`?fields=`) exists from 2.38.
    pub fn has_data_store_query(&self) -> bool {
        self.is_at_least(2, 38)
    }

    /// The sharing of a dataStore entry keeps it from other users on every read path from
    /// 2.41 (DHIS2-16134 reading an entry, DHIS2-15959 listing the keys, both in the 2.41.0
    /// release notes; the query API filters by it too). 2.37–2.40 check it when one entry of an
    /// app's namespace is read, but list every key and answer the 2.38+ query API
    /// (`?fields=.`) with the values of entries the user may not read, so there a value meant
    /// for one user goes to that user's user data store instead.
    pub fn has_data_store_key_sharing(&self) -> bool {
        self.is_at_least(2, 41)
    }

    /// `PUT /api/dataStore/{ns}/{key}` creates a missing key from 2.38.5, 2.39.3, 2.40.1, 2.41.
    pub fn data_store_put_creates(&self) -> bool {
        match self.version_number {
            Some((2, 38)) => self.is_at_least_patch(2, 38, 5),
            Some((2, 39)) => self.is_at_least_patch(2, 39, 3),
            Some((2, 40)) => self.is_at_least_patch(2, 40, 1),
            _ => self.is_at_least(2, 41),
        }
    }

    /// `GET /api/dataValueSets` accepts `dataElement` from 2.39.
    pub fn accepts_data_element_param(&self) -> bool {
        self.is_at_least(2, 39)
    }
}

/// Parses `2.41.1`, `2.40.3.1`, `2.42-SNAPSHOT` into (major, minor).
pub fn parse_version(version: &str) -> Option<(u32, u32)> {
    let mut parts = version.split(['.', '-']);
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    Some((major, minor))
}

/// Parses `2.41.1` into (2, 41, 1); `2.42-SNAPSHOT` into (2, 42, 0).
pub fn parse_version_patch(version: &str) -> Option<(u32, u32, u32)> {
    let (major, minor) = parse_version(version)?;
    let patch = version
        .split(['.', '-'])
        .nth(2)
        .and_then(|patch| patch.parse().ok())
        .unwrap_or(0);
    Some((major, minor, patch))
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
        assert_eq!(parse_version_patch("2.40.3.1"), Some((2, 40, 3)));
        assert_eq!(parse_version_patch("2.42-SNAPSHOT"), Some((2, 42, 0)));
    }

    fn info(version: &str) -> SystemInfo {
        SystemInfo {
            version: version.to_string(),
            version_number: parse_version(version),
            server_date: None,
            server_time_zone_id: None,
            context_path: None,
            system_name: None,
            system_id: None,
        }
    }

    #[test]
    fn the_same_system_is_told_by_its_system_id() {
        let with = |id: Option<&str>| SystemInfo {
            system_id: id.map(str::to_string),
            ..info("2.41.0")
        };
        assert!(with(Some("a-b")).same_system_as(&with(Some("a-b"))));
        assert!(!with(Some("a-b")).same_system_as(&with(Some("a-c"))));
        assert!(!with(None).same_system_as(&with(None)));
        assert!(!with(Some("a-b")).same_system_as(&with(None)));
    }

    #[test]
    fn capabilities_follow_the_version_matrix() {
        assert!(!info("2.39.10.1").has_routes());
        assert!(info("2.40.0").has_routes());
        assert!(!info("2.37.10").has_data_store_query());
        assert!(info("2.38.0").has_data_store_query());
        assert!(!info("2.40.12").has_data_store_key_sharing());
        assert!(info("2.41.0").has_data_store_key_sharing());
        assert!(!info("2.38.4").data_store_put_creates());
        assert!(info("2.38.5").data_store_put_creates());
        assert!(!info("2.39.2").data_store_put_creates());
        assert!(info("2.40.1").data_store_put_creates());
        assert!(!info("2.40.0").data_store_put_creates());
        assert!(info("2.43.0").data_store_put_creates());
        assert!(!info("2.36.13.2").data_store_put_creates());
        assert!(!info("2.38.7").accepts_data_element_param());
        assert!(info("2.39.0").accepts_data_element_param());
    }
}
