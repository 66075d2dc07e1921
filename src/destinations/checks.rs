//! Checks of a destination that keep the app from hurting the user: who may manage destinations,
//! a direct destination's token or password never sent over plain HTTP (except to this
//! computer), a destination that is the source instance again under another URL, and a route or
//! token that acts as a superuser.
//!
//! Pure functions over dhis2-api's values; the callers (saving, the connection test, the Run
//! page) make the requests. No views here.

use dhis2_api::model::{CurrentUser, SystemInfo};
use sync_engine::store::destinations::MANAGE_DESTINATIONS_AUTHORITY;

use super::FormProblem;

/// Whether `user` may add, edit and delete destinations: `ALL` or
/// [`MANAGE_DESTINATIONS_AUTHORITY`]. The page's check only: DHIS2 enforces it on the routes.
pub fn may_manage_destinations(user: &CurrentUser) -> bool {
    user.authorities
        .iter()
        .any(|authority| authority == "ALL" || authority == MANAGE_DESTINATIONS_AUTHORITY)
}

/// The host of an `http://` or `https://` URL, lowercase, without port or brackets
/// (`http://[::1]:8080/x` → `::1`).
fn host_of(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = if let Some(bracketed) = authority.strip_prefix('[') {
        bracketed.split(']').next()?
    } else {
        authority.split(':').next()?
    };
    Some(host.to_ascii_lowercase())
}

/// Whether `host` is this computer: `localhost`, `127.0.0.0/8` or `::1`.
pub fn is_loopback_host(host: &str) -> bool {
    if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" {
        return true;
    }
    host.parse::<std::net::Ipv4Addr>()
        .is_ok_and(|address| address.is_loopback())
}

/// The problem of a direct destination at `url` reached over plain `http://` on the network:
/// the browser would send its token or password in clear text. Loopback stays allowed (a
/// destination on this computer, the demo and the tests).
pub fn plain_http_problem(url: &str) -> Option<FormProblem> {
    let url = url.trim();
    if !url.to_ascii_lowercase().starts_with("http://") {
        return None;
    }
    if host_of(url).is_some_and(|host| is_loopback_host(&host)) {
        return None;
    }
    Some(FormProblem::new("url", t!("destinations-plain-http")))
}

/// Why `destination` (answering as `found`) must not be used: it is the source instance, the
/// same `systemId` as `source_system_id`, reached under another URL or through a route back to
/// itself. `None` when they differ or either gives no `systemId`.
pub fn same_instance_message(
    name: &str,
    source_system_id: Option<&str>,
    found: &SystemInfo,
) -> Option<String> {
    let source = SystemInfo {
        system_id: source_system_id.map(str::to_string),
        ..found.clone()
    };
    found.same_system_as(&source).then(|| {
        t!(
            "destinations-same-instance",
            name = name,
            system_id = found.system_id.clone().unwrap_or_default()
        )
    })
}

/// The warning when the account a destination acts as is a superuser (`ALL`): a sync needs far
/// less, and a route or token with `ALL` can change anything on the destination.
pub fn superuser_warning(user: &CurrentUser) -> Option<String> {
    user.authorities
        .iter()
        .any(|authority| authority == "ALL")
        .then(|| t!("destinations-superuser", user = user.username.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(authorities: &[&str]) -> CurrentUser {
        CurrentUser {
            id: "u".into(),
            username: "sync".into(),
            display_name: "Sync".into(),
            authorities: authorities.iter().map(|a| a.to_string()).collect(),
            organisation_units: vec![],
            data_view_organisation_units: vec![],
            ui_locale: None,
        }
    }

    fn info(system_id: Option<&str>) -> SystemInfo {
        SystemInfo {
            version: "2.41.1".into(),
            version_number: Some((2, 41)),
            server_date: None,
            context_path: None,
            system_name: None,
            system_id: system_id.map(str::to_string),
            server_time_zone_id: None,
        }
    }

    #[test]
    fn managing_destinations_needs_the_app_authority_or_all() {
        assert!(may_manage_destinations(&user(&["ALL"])));
        assert!(may_manage_destinations(&user(&[
            "M_aggregatesync",
            "F_AGGREGATE_SYNC_MANAGE_DESTINATIONS"
        ])));
        assert!(!may_manage_destinations(&user(&[
            "M_aggregatesync",
            "F_DATAVALUE_ADD"
        ])));
    }

    #[test]
    fn plain_http_is_refused_for_direct_destinations_except_on_this_computer() {
        for url in [
            "http://127.0.0.1:8081",
            "http://127.9.9.9/dhis",
            "http://localhost:8081/",
            "HTTP://LOCALHOST",
            "http://[::1]:8080",
            "https://dhis2.example.org",
            "https://10.0.0.5/dhis",
        ] {
            assert_eq!(plain_http_problem(url), None, "{url}");
        }
        for url in [
            "http://dhis2.example.org",
            "http://10.0.0.5:8080",
            "http://localhost.example.org",
            "http://127.0.0.1.evil.org",
            "http://user@dhis2.example.org",
            "http://[::2]:80",
        ] {
            let problem = plain_http_problem(url).unwrap_or_else(|| panic!("{url}"));
            assert_eq!(problem.field, "url");
            assert!(problem.message.contains("https://"), "{}", problem.message);
        }
    }

    #[test]
    fn the_source_itself_is_told_by_its_system_id() {
        let message = same_instance_message("National", Some("abc-1"), &info(Some("abc-1")));
        assert!(message.unwrap().contains("This instance"));
        assert_eq!(
            same_instance_message("National", Some("abc-1"), &info(Some("abc-2"))),
            None
        );
        assert_eq!(
            same_instance_message("National", None, &info(Some("abc-1"))),
            None
        );
        assert_eq!(
            same_instance_message("National", Some("abc-1"), &info(None)),
            None
        );
    }

    #[test]
    fn a_superuser_account_is_warned_about() {
        let warning = superuser_warning(&user(&["ALL"])).unwrap();
        assert!(warning.contains("sync is a superuser"), "{warning}");
        assert!(warning.contains("F_DATAVALUE_ADD"), "{warning}");
        assert_eq!(superuser_warning(&user(&["F_DATAVALUE_ADD"])), None);
    }
}
