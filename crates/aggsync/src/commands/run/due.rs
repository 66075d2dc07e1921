//! `--due`: which rules to run now. Every stored rule whose schedule is enabled and had an
//! occurrence since its last run (or, never run, since it was saved), on the instance's clock
//! (`serverDate`), oldest occurrence first (sync-core's `Schedule::state` decides). The check
//! leaves a heartbeat in the dataStore, so the rules page knows a runner is there.

use sync_core::model::{RUNNER_SCHEMA_VERSION, Rule, RunnerHeartbeat, ScheduleState, ServerTime};
use sync_engine::store::rules::{RuleEntry, load_rules, read_versioned};
use sync_engine::store::{self, NAMESPACE, rule_key};

use super::{Client, Context, host_name, instance_now};

/// A rule to run.
pub enum Chosen {
    /// Named on the command line (`--rule`): run whatever its schedule.
    ById(String),
    /// Due by its schedule: run only if it still is when its turn comes (another runner may
    /// have run it meanwhile).
    Due {
        /// The rule as listed.
        rule: Box<Rule>,
        /// The occurrence it is due for.
        occurrence: ServerTime,
    },
}

/// When the rule's entry was last saved, on the instance's clock (`None` when it does not say).
async fn saved_at(source: &Client, rule_id: &str) -> Option<ServerTime> {
    source
        .data_store_meta(NAMESPACE, &rule_key(rule_id))
        .await
        .ok()?
        .last_updated?
        .parse()
        .ok()
}

/// Where `rule`'s schedule stands at `now` (`None`: not scheduled).
async fn state_of(source: &Client, rule: &Rule, now: ServerTime) -> Option<ScheduleState> {
    let schedule = rule.schedule.as_ref()?;
    let last_run = rule.last_run.as_ref().map(|stamp| stamp.at);
    let saved = match last_run {
        Some(_) => None,
        None => saved_at(source, &rule.id).await,
    };
    Some(schedule.state(last_run, saved, now))
}

/// The rules due now, oldest occurrence first; writes this runner's heartbeat.
pub async fn due_rules(context: &Context, user: &str) -> Result<Vec<Chosen>, String> {
    let source = &context.source;
    let (now, time_zone) = instance_now(source).await?;
    let entries = load_rules(source)
        .await
        .map_err(|error| format!("the rules could not be read: {error}"))?;
    let mut due = Vec::new();
    for entry in entries {
        let stored = match entry {
            RuleEntry::Valid(stored) => stored,
            RuleEntry::Broken { key, error } => {
                eprintln!("skipping {key}: it cannot be read ({error})");
                continue;
            }
        };
        let rule = stored.rule;
        match state_of(source, &rule, now).await {
            Some(ScheduleState::Due { occurrence }) => due.push((occurrence, rule)),
            Some(ScheduleState::Invalid(error)) => {
                eprintln!(
                    "skipping \"{}\" ({}): its schedule does not read: {error}",
                    rule.name, rule.id
                );
            }
            _ => {}
        }
    }
    due.sort_by(|(a, rule_a), (b, rule_b)| a.cmp(b).then_with(|| rule_a.id.cmp(&rule_b.id)));
    eprintln!(
        "{} rule(s) due at {now}{}",
        due.len(),
        time_zone
            .as_deref()
            .map(|zone| format!(" ({zone})"))
            .unwrap_or_default()
    );
    let heartbeat = RunnerHeartbeat {
        schema_version: RUNNER_SCHEMA_VERSION,
        host: host_name(),
        version: env!("CARGO_PKG_VERSION").to_string(),
        last_check: now,
        time_zone,
        rules_started: due.iter().map(|(_, rule)| rule.id.clone()).collect(),
        user: user.to_string(),
    };
    if let Err(error) = store::runners::save_heartbeat(source, &heartbeat).await {
        eprintln!("warning: the runner's heartbeat could not be saved: {error}");
    }
    Ok(due
        .into_iter()
        .map(|(occurrence, rule)| Chosen::Due {
            rule: Box::new(rule),
            occurrence,
        })
        .collect())
}

/// Whether rule `rule_id` is still due now, read again just before its run: a runner that
/// started at the same time may have run it since this one listed it. `Ok(None)` when it is
/// not due any more (or was deleted).
pub async fn still_due(source: &Client, rule_id: &str) -> Result<Option<Rule>, String> {
    let (now, _) = instance_now(source).await?;
    let rule = match read_versioned(source, rule_id).await {
        Ok(read) => read.rule,
        Err(store::StoreError::Deleted) => return Ok(None),
        Err(error) => return Err(format!("the rule could not be read: {error}")),
    };
    match state_of(source, &rule, now).await {
        Some(ScheduleState::Due { .. }) => Ok(Some(rule)),
        _ => Ok(None),
    }
}
