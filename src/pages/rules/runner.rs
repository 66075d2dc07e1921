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
                {format!(
                    "Schedules are run by aggsync {} on {} (last check {}{}).",
                    runner.version,
                    runner.host,
                    minutes(runner.last_check),
                    runner.time_zone.map(|zone| format!(", {zone}")).unwrap_or_default(),
                )}
            </p>
        }
        .into_any(),
        None if scheduled == 0 => ().into_any(),
        None => {
            let last = runners
                .as_deref()
                .and_then(latest_runner)
                .map(|runner| {
                    format!(
                        " The last check was by {} at {}.",
                        runner.host,
                        minutes(runner.last_check)
                    )
                })
                .unwrap_or_default();
            view! {
                <div class="notice notice--warning" role="status" data-test="rules-runner"
                    data-seen="false">
                    <p class="notice__message">
                        {format!(
                            "No runner has checked the schedules in the last hour, so {scheduled} \
                             scheduled rule(s) will not run by themselves.{last} "
                        )}
                        <a href=SETUP_PAGE target="_blank" rel="noopener"
                            data-test="rules-runner-setup">"How to set up a runner"</a>
                    </p>
                </div>
            }
            .into_any()
        }
    }
}
