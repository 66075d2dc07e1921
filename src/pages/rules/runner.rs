//! Whether anyone runs the schedules: the unattended runner (`aggsync run --due`) leaves a
//! heartbeat in the dataStore at each check. When scheduled rules exist and no runner checked
//! within the last hour, the page says so and links to how to set one up, rather than promise a
//! schedule nobody runs.

use leptos::prelude::*;
use sync_core::model::{RunnerHeartbeat, ServerTime, latest_runner};

/// The app's page on running rules unattended (shipped with the app: `public/`).
const SETUP_PAGE: &str = "run-unattended.html";

/// A server time as `yyyy-MM-dd HH:mm`.
pub(crate) fn minutes(time: ServerTime) -> String {
    time.to_string()
        .replace('T', " ")
        .chars()
        .take(16)
        .collect()
}

/// The notice about runners, for a page with `scheduled` active schedules; `runners` is `None`
/// when the heartbeats could not be read.
#[component]
pub(crate) fn RunnerNotice(
    runners: Option<Vec<RunnerHeartbeat>>,
    scheduled: usize,
    now: ServerTime,
) -> impl IntoView {
    let latest = runners
        .as_deref()
        .and_then(latest_runner)
        .cloned()
        .filter(|runner| runner.seen_recently(now));
    match latest {
        Some(runner) => view! {
            <p class="rules__runner" data-test="rules-runner" data-seen="true">
                {match runner.time_zone {
                    Some(zone) => t!(
                        "rules-runner-seen-zone",
                        version = runner.version,
                        host = runner.host,
                        at = minutes(runner.last_check),
                        zone = zone,
                    ),
                    None => t!(
                        "rules-runner-seen",
                        version = runner.version,
                        host = runner.host,
                        at = minutes(runner.last_check),
                    ),
                }}
            </p>
        }
        .into_any(),
        None if scheduled == 0 => ().into_any(),
        None => {
            let last = runners
                .as_deref()
                .and_then(latest_runner)
                .map(|runner| {
                    t!(
                        "rules-runner-last-check",
                        host = runner.host.clone(),
                        at = minutes(runner.last_check),
                    )
                })
                .unwrap_or_default();
            view! {
                <div class="notice notice--warning" role="status" data-test="rules-runner"
                    data-seen="false">
                    <p class="notice__message">
                        {format!("{}{last} ", t!("rules-runner-missing", count = scheduled))}
                        <a href=SETUP_PAGE target="_blank" rel="noopener"
                            data-test="rules-runner-setup">{t!("rules-runner-setup")}</a>
                    </p>
                </div>
            }
            .into_any()
        }
    }
}
