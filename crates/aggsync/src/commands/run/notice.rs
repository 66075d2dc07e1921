//! The DHIS2 message a scheduled run sends to its rule's user group when it ends WARNING or
//! ERROR: the status, the counts, the first errors and a link to the report in the app.

use dhis2_api::messages::NewMessage;
use sync_core::model::{ReportStatus, SyncReport};

/// At most this many of a report's errors are quoted in a notice.
const ERRORS_QUOTED: usize = 5;

/// Whether a scheduled run that ended with `status` sends a notice.
pub fn notifies(status: ReportStatus) -> bool {
    matches!(status, ReportStatus::Warning | ReportStatus::Error)
}

/// The app's page of report `report_id` on the instance at `instance_url` (the app is served
/// under `/api/apps/aggregate-sync/`; the History page's hash route).
pub fn report_link(instance_url: &str, report_id: &str) -> String {
    format!(
        "{}/api/apps/aggregate-sync/index.html#/history/{report_id}",
        instance_url.trim_end_matches('/')
    )
}

/// The notice of `report`, a scheduled run of the rule called `rule_name`, for `user_group`.
pub fn failure_notice(
    rule_name: &str,
    report: &SyncReport,
    instance_url: &str,
    user_group: &str,
) -> NewMessage {
    let status = match report.status {
        ReportStatus::Warning => "WARNING",
        ReportStatus::Error => "ERROR",
        _ => "not successful",
    };
    let tally = &report.tally;
    let mut text = format!(
        "The scheduled run of the rule \"{rule_name}\" ended {status}.\n\n\
         Started: {}\n\
         Values read: {}; sent: {}\n\
         Imported: {}, updated: {}, ignored: {}, deleted: {}\n\
         Refused: {}, fate unknown: {}, left out: {}, not sent: {}\n",
        report.started_at,
        report.values_read,
        report.values_sent,
        report.counts.imported,
        report.counts.updated,
        report.counts.ignored,
        report.counts.deleted,
        tally.refused,
        tally.fate_unknown,
        tally.left_out,
        tally.unsent,
    );
    if !report.errors.is_empty() {
        text.push_str("\nErrors:\n");
        for error in report.errors.iter().take(ERRORS_QUOTED) {
            text.push_str(&format!("- {error}\n"));
        }
        if report.errors.len() > ERRORS_QUOTED {
            text.push_str(&format!(
                "- … and {} more in the report\n",
                report.errors.len() - ERRORS_QUOTED
            ));
        }
    }
    text.push_str(&format!(
        "\nThe report: {}\n",
        report_link(instance_url, &report.id)
    ));
    NewMessage {
        subject: format!("Aggregate Sync: \"{rule_name}\" ended {status}"),
        text,
        users: Vec::new(),
        user_groups: vec![user_group.to_string()],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sync_core::model::{RunOrigin, RunParameters};

    #[test]
    fn only_warnings_and_errors_notify() {
        assert!(notifies(ReportStatus::Warning));
        assert!(notifies(ReportStatus::Error));
        for quiet in [
            ReportStatus::Success,
            ReportStatus::DryRun,
            ReportStatus::Skipped,
            ReportStatus::Cancelled,
        ] {
            assert!(!notifies(quiet), "{quiet:?}");
        }
    }

    #[test]
    fn a_notice_gives_the_status_counts_errors_and_the_report_link() {
        let rule: sync_core::model::Rule = serde_json::from_value(serde_json::json!({
            "schemaVersion": 1, "id": "rUle0000001", "name": "Monthly",
            "selection": {"dataSets": [{"id": "BfMAe6Itzgt"}]},
            "orgUnits": ["ImspTQPwCqd"],
            "period": {"type": "RELATIVE", "relativePeriod": "LAST_MONTH"},
            "categoryOptions": {"type": "ALL"},
            "aggregation": {"type": "OFF"},
            "destinationId": "dEst0000001",
            "importStrategy": "CREATE_AND_UPDATE"
        }))
        .expect("rule");
        let parameters: RunParameters = sync_engine::run::parameters_of(&rule);
        let mut report = SyncReport::start(
            "rEport00001",
            RunOrigin::Manual,
            "runner",
            "dEst0000001",
            parameters,
            "2026-03-05T02:00:01.000",
        );
        report.status = ReportStatus::Error;
        report.errors = (1..=7).map(|n| format!("problem {n}")).collect();
        let notice = failure_notice("Monthly", &report, "https://hmis.example/", "gRoup000001");
        assert_eq!(notice.subject, "Aggregate Sync: \"Monthly\" ended ERROR");
        assert_eq!(notice.user_groups, vec!["gRoup000001".to_string()]);
        assert!(notice.text.contains("problem 5"), "{}", notice.text);
        assert!(!notice.text.contains("problem 6"), "{}", notice.text);
        assert!(notice.text.contains("and 2 more"), "{}", notice.text);
        assert!(
            notice.text.contains(
                "https://hmis.example/api/apps/aggregate-sync/index.html#/history/rEport00001"
            ),
            "{}",
            notice.text
        );
    }
}
