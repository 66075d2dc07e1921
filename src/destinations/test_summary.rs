//! A destination's connection test as text for people: who and what answered, whether that user
//! may import data values, or what went wrong and what to do about it; that the destination is
//! the source itself (refused), and a warning when the account it acts as is a superuser.

use dhis2_api::ApiError;
use dhis2_api::model::ConnectionCheck;
use sync_core::model::{DestinationInstance, DestinationKind};

use super::{
    DestinationError, DestinationSecrets, client_for, same_instance_message, superuser_warning,
};
use crate::session::Session;

/// The outcome of a connection test, as shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestSummary {
    /// True when the destination answered and the user may import data values.
    pub ok: bool,
    /// One line: "Connected to …" or what failed.
    pub headline: String,
    /// Further lines (the user, the import right, the technical message).
    pub details: Vec<String>,
    /// What works but should not be so (a superuser account).
    pub warnings: Vec<String>,
}

/// Tests `destination` and remembers the outcome in `secrets` (refused direct credentials are
/// forgotten so they are asked for again). A missing direct secret is returned as an error
/// rather than tested: ask for it first.
pub async fn test_destination(
    destination: &DestinationInstance,
    session: &Session,
    secrets: &DestinationSecrets,
) -> Result<TestSummary, DestinationError> {
    let client = client_for(destination, session, secrets)?;
    let result = client.test_connection().await;
    if matches!(result, Err(ApiError::CredentialsRejected { .. }))
        && matches!(destination.kind, DestinationKind::Direct { .. })
    {
        secrets.forget(&destination.id);
    }
    let summary = summarize_destination_test(destination, session.system_id.as_deref(), &result);
    secrets.record_test(&destination.id, summary.clone());
    Ok(summary)
}

/// Describes the test of `destination`: [`summarize_test`], then, for a destination other than
/// "This instance", a refusal when it is the source itself (`source_system_id`) and a warning
/// when its account is a superuser.
pub fn summarize_destination_test(
    destination: &DestinationInstance,
    source_system_id: Option<&str>,
    result: &Result<ConnectionCheck, ApiError>,
) -> TestSummary {
    let mut summary = summarize_test(result);
    let (Ok(check), false) = (result, destination.kind == DestinationKind::CurrentInstance) else {
        return summary;
    };
    if let Some(message) = same_instance_message(&destination.name, source_system_id, &check.system)
    {
        summary.ok = false;
        summary.headline = t!("destinations-test-same-instance");
        summary.details.insert(0, format!("{message}."));
    }
    summary.warnings.extend(superuser_warning(&check.user));
    summary
}

/// Describes a connection test's result.
pub fn summarize_test(result: &Result<ConnectionCheck, ApiError>) -> TestSummary {
    match result {
        Ok(check) => {
            let system = check
                .system
                .system_name
                .clone()
                .filter(|name| !name.trim().is_empty())
                .unwrap_or_else(|| "DHIS2".to_string());
            let import = if check.can_import {
                t!("destinations-test-may-import")
            } else {
                t!("destinations-test-may-not-import")
            };
            TestSummary {
                ok: check.can_import,
                headline: t!(
                    "destinations-test-connected",
                    system = system,
                    version = check.system.version.clone()
                ),
                details: vec![
                    t!(
                        "destinations-test-acting-as",
                        name = check.user.display_name.clone(),
                        user = check.user.username.clone()
                    ),
                    import,
                ],
                warnings: Vec::new(),
            }
        }
        Err(error) => {
            let headline = match error {
                ApiError::CorsBlocked { .. } => t!("destinations-test-cors"),
                ApiError::CredentialsRejected { .. } => t!("destinations-test-credentials-refused"),
                ApiError::SessionExpired => t!("destinations-test-session-expired"),
                ApiError::Forbidden { .. } => t!("destinations-test-access-denied"),
                ApiError::NotFound { .. } => t!("destinations-test-not-found"),
                ApiError::Http {
                    status: 502 | 504, ..
                } => t!("destinations-test-route-unreachable"),
                ApiError::Http { .. } => t!("destinations-test-refused"),
                ApiError::Network(_) => t!("destinations-test-unreachable"),
                ApiError::TooManyRequests { .. } => t!("destinations-test-busy"),
                ApiError::Decode(_) => t!("destinations-test-not-dhis2"),
                ApiError::Unsupported(_) | ApiError::EditConflict { .. } => {
                    t!("destinations-test-failed")
                }
            };
            TestSummary {
                ok: false,
                headline,
                details: vec![capitalize(&error.to_string())],
                warnings: Vec::new(),
            }
        }
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use dhis2_api::model::{CurrentUser, SystemInfo};

    use super::*;

    fn check(authorities: &[&str]) -> ConnectionCheck {
        ConnectionCheck {
            system: SystemInfo {
                version: "2.41.1".into(),
                version_number: Some((2, 41)),
                server_date: None,
                server_time_zone_id: None,
                context_path: None,
                system_name: Some("National HMIS".into()),
                system_id: Some("dest-system".into()),
            },
            user: CurrentUser {
                id: "u1".into(),
                username: "admin".into(),
                display_name: "John Traore".into(),
                authorities: authorities.iter().map(|a| a.to_string()).collect(),
                organisation_units: vec![],
                data_view_organisation_units: vec![],
                ui_locale: None,
            },
            can_import: authorities.contains(&"ALL") || authorities.contains(&"F_DATAVALUE_ADD"),
        }
    }

    #[test]
    fn success_names_server_user_and_import_right() {
        let summary = summarize_test(&Ok(check(&["ALL"])));
        assert!(summary.ok);
        assert_eq!(summary.headline, "Connected to National HMIS 2.41.1");
        assert_eq!(summary.details[0], "Acting as John Traore (admin).");
        assert!(summary.details[1].contains("may import"));
        let summary = summarize_test(&Ok(check(&["F_DATAVALUE_READ"])));
        assert!(!summary.ok);
        assert!(summary.details[1].contains("F_DATAVALUE_ADD"));
    }

    fn route_destination() -> DestinationInstance {
        DestinationInstance {
            schema_version: sync_core::model::DESTINATION_SCHEMA_VERSION,
            id: "abcDEF12345".into(),
            name: "National".into(),
            description: None,
            url: "https://dest.org".into(),
            kind: DestinationKind::Route {
                route_id: "r1".into(),
                scope: sync_core::model::RouteScope::Api,
            },
            id_schemes: Default::default(),
        }
    }

    #[test]
    fn a_superuser_account_passes_with_a_warning() {
        let summary = summarize_destination_test(
            &route_destination(),
            Some("source-system"),
            &Ok(check(&["ALL"])),
        );
        assert!(summary.ok);
        assert_eq!(summary.warnings.len(), 1);
        assert!(
            summary.warnings[0].contains("superuser (ALL)"),
            "{:?}",
            summary.warnings
        );
        let least = summarize_destination_test(
            &route_destination(),
            Some("source-system"),
            &Ok(check(&["F_DATAVALUE_ADD"])),
        );
        assert!(least.ok);
        assert!(least.warnings.is_empty());
        // This instance acts as the user: no warning about the user's own rights.
        let this = summarize_destination_test(
            &DestinationInstance::current_instance(),
            Some("dest-system"),
            &Ok(check(&["ALL"])),
        );
        assert!(this.ok);
        assert!(this.warnings.is_empty());
    }

    #[test]
    fn the_source_itself_fails_the_test() {
        let summary = summarize_destination_test(
            &route_destination(),
            Some("dest-system"),
            &Ok(check(&["F_DATAVALUE_ADD"])),
        );
        assert!(!summary.ok);
        assert_eq!(summary.headline, "This is the instance the app runs in");
        assert!(
            summary.details[0].contains("This instance"),
            "{:?}",
            summary.details
        );
    }

    #[test]
    fn cors_failure_says_what_to_allow() {
        let summary = summarize_test(&Err(ApiError::CorsBlocked {
            destination: "https://dest.org".into(),
            app_origin: "https://source.org".into(),
        }));
        assert!(!summary.ok);
        assert!(summary.headline.contains("CORS allowlist"));
        assert!(summary.details[0].contains("add https://source.org to the CORS allowlist"));
    }

    #[test]
    fn refused_credentials_and_gateway_errors_are_named() {
        let refused = summarize_test(&Err(ApiError::CredentialsRejected {
            message: "Bad credentials".into(),
        }));
        assert_eq!(refused.headline, "The destination refused the credentials");
        let gateway = summarize_test(&Err(ApiError::Http {
            status: 502,
            message: "bad gateway".into(),
            error_code: None,
        }));
        assert_eq!(
            gateway.headline,
            "The route could not reach the destination"
        );
    }
}
