//! Who may use the app's stored rules, reports and settings: users with the app's see-app
//! authority or `ALL`. Others see a clear message instead of the pages, and so does a
//! user whose request to the app's protected dataStore namespace is refused (403,
//! `sync_engine::store::StoreError::NoAccess`).

use dhis2_api::model::CurrentUser;
use leptos::prelude::*;

/// The see-app authority DHIS2 derives from the manifest's `short_name` `aggregate-sync`
/// (`M_` + the name without characters other than letters, digits and spaces): it lets a user
/// open the app and protects the app's dataStore namespace.
pub use sync_engine::store::destinations::APP_AUTHORITY;

/// Authorities that grant the app: `ALL`, the see-app authority, and `M_aggregate_sync` (the
/// spelling used in the project's issues, accepted so that roles set up that way keep working).
pub const APP_AUTHORITIES: [&str; 3] = ["ALL", APP_AUTHORITY, "M_aggregate_sync"];

/// True when `user` holds the app's authority or `ALL`.
pub fn has_app_authority(user: &CurrentUser) -> bool {
    user.authorities
        .iter()
        .any(|authority| APP_AUTHORITIES.contains(&authority.as_str()))
}

/// The message shown instead of a page to a user without access.
#[component]
pub fn AccessDenied() -> impl IntoView {
    view! {
        <div class="notice notice--critical" role="alert" data-test="access-denied">
            <strong class="notice__title">{t!("access-denied-title")}</strong>
            <p class="notice__message">
                {t!("access-denied-message")}
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(authorities: &[&str]) -> CurrentUser {
        CurrentUser {
            id: "u".into(),
            username: "u".into(),
            display_name: "U".into(),
            authorities: authorities.iter().map(|a| a.to_string()).collect(),
            organisation_units: vec![],
            data_view_organisation_units: vec![],
            ui_locale: None,
        }
    }

    #[test]
    fn app_authority_or_all() {
        assert!(has_app_authority(&user(&["ALL"])));
        assert!(has_app_authority(&user(&[
            "F_DATAVALUE_ADD",
            "M_aggregatesync"
        ])));
        assert!(has_app_authority(&user(&["M_aggregate_sync"])));
        assert!(!has_app_authority(&user(&[
            "F_DATAVALUE_ADD",
            "M_dhis-web-dataentry"
        ])));
    }
}
