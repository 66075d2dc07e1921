//! Helpers of the `aggsync run` tests: dhis2-lite instances started in-process (the engine
//! tests' `Lite` and `Pair`, reused as they are), rules and destinations saved in the app's
//! dataStore format, the clock moved, and the built binary run against them.
#![allow(dead_code, unused_imports, clippy::unwrap_used)]

#[path = "../../../sync-engine/tests/common/mod.rs"]
mod engine;

use std::path::{Path, PathBuf};
use std::process::Stdio;

use anyhow::{Context, Result, bail};
pub use engine::{ADMIN, Lite, Pair, quick_settings, rule};
use serde_json::{Value, json};
use sync_core::model::{
    DestinationInstance, DestinationKind, DirectAuth, Rule, Schedule, ServerTime, to_json,
};

/// The id of the direct destination the tests save (the engine helper's rule points at it).
pub const DESTINATION_ID: &str = "dEstNative1";

/// What a run of the binary gave.
pub struct Ran {
    /// Exit code (`None`: killed by a signal).
    pub code: Option<i32>,
    /// One JSON object per line of stdout.
    pub lines: Vec<Value>,
    /// stderr.
    pub stderr: String,
}

impl Ran {
    /// The line of rule `id`.
    pub fn line_of(&self, id: &str) -> Option<&Value> {
        self.lines.iter().find(|line| line["rule"] == id)
    }

    /// The rule ids of the lines, in order.
    pub fn rules(&self) -> Vec<String> {
        self.lines
            .iter()
            .map(|line| line["rule"].as_str().unwrap_or_default().to_string())
            .collect()
    }
}

/// The binary under test, with `args`, the environment cleared of aggsync's variables and set
/// to `environment`.
pub fn command(args: &[&str], environment: &[(&str, &str)]) -> tokio::process::Command {
    let mut command = tokio::process::Command::new(env!("CARGO_BIN_EXE_aggsync"));
    command
        .args(args)
        .env_remove("AGGSYNC_TOKEN")
        .env_remove("AGGSYNC_PASSWORD")
        .env_remove("AGGSYNC_DESTINATION_SECRETS")
        .envs(environment.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    command
}

/// Runs the binary to its end.
pub async fn aggsync(args: &[&str], environment: &[(&str, &str)]) -> Result<Ran> {
    let output = command(args, environment).output().await?;
    ran(output)
}

/// What a finished child gave.
pub fn ran(output: std::process::Output) -> Result<Ran> {
    let stdout = String::from_utf8(output.stdout)?;
    let lines = stdout
        .lines()
        .map(|line| serde_json::from_str(line).with_context(|| format!("not JSON: {line}")))
        .collect::<Result<Vec<Value>>>()?;
    Ok(Ran {
        code: output.status.code(),
        lines,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    })
}

/// `run --instance <source> --user admin` plus `more`, with the admin's password in the
/// environment.
pub async fn run_as_admin(source: &Lite, more: &[&str]) -> Result<Ran> {
    let url = source.url();
    let mut args = vec!["run", "--instance", url.as_str(), "--user", ADMIN.0];
    args.extend_from_slice(more);
    aggsync(
        &args,
        &[("AGGSYNC_PASSWORD", ADMIN.1), ("HOSTNAME", "test-runner")],
    )
    .await
}

/// Stores `rule` in the app's namespace, as the app writes it.
pub async fn save_rule(source: &Lite, rule: &Rule) -> Result<()> {
    let value: Value = serde_json::from_str(&to_json(rule)?)?;
    let (status, text) = source
        .send(
            reqwest::Method::POST,
            &format!("dataStore/aggregate-sync/rule-{}", rule.id),
            &value,
        )
        .await?;
    if status != 201 {
        bail!("saving rule {} answered {status}: {text}", rule.id);
    }
    Ok(())
}

/// Stores the direct destination [`DESTINATION_ID`] at `url` (its secret is never stored).
pub async fn save_direct_destination(source: &Lite, url: &str) -> Result<()> {
    let destination = DestinationInstance {
        schema_version: sync_core::model::DESTINATION_SCHEMA_VERSION,
        id: DESTINATION_ID.into(),
        name: "Empty destination".into(),
        description: None,
        url: url.into(),
        kind: DestinationKind::Direct {
            auth: DirectAuth::BasicAskEachRun,
        },
        id_schemes: Default::default(),
    };
    let value: Value = serde_json::from_str(&to_json(&destination)?)?;
    let (status, text) = source
        .send(
            reqwest::Method::POST,
            &format!("dataStore/aggregate-sync/destination-{DESTINATION_ID}"),
            &value,
        )
        .await?;
    if status != 201 {
        bail!("saving the destination answered {status}: {text}");
    }
    Ok(())
}

/// A private secrets file giving the admin's password for [`DESTINATION_ID`].
pub fn secrets_file(dir: &Path) -> Result<PathBuf> {
    let path = dir.join("destination-secrets.json");
    std::fs::write(
        &path,
        json!({DESTINATION_ID: {"username": ADMIN.0, "password": ADMIN.1}}).to_string(),
    )?;
    private(&path)?;
    Ok(path)
}

/// Makes `path` readable by its owner only.
pub fn private(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

/// A small raw rule `id` called `name` of Child Health Monthly for a few facilities, January
/// 2024, to the direct destination, scheduled by `cron` when given.
pub async fn small_rule(pair: &Pair, id: &str, name: &str, cron: Option<&str>) -> Result<Rule> {
    let data_set = pair.data_set("Child Health Monthly").await?;
    let facilities = pair
        .facilities_with_data(&data_set, "2024-01-01", "2024-01-31", 5)
        .await?;
    let mut rule = rule(&data_set, &facilities, "2024-01-01", "2024-01-31");
    rule.id = id.into();
    rule.name = name.into();
    rule.schedule = cron.map(Schedule::new);
    Ok(rule)
}

/// The instance's time now.
pub async fn server_now(lite: &Lite) -> Result<ServerTime> {
    let info = lite.get("system/info").await?;
    info["serverDate"]
        .as_str()
        .context("no serverDate")?
        .parse()
        .map_err(|error| anyhow::anyhow!("{error}"))
}

/// Moves the instance's clock forward to `to` (`yyyy-MM-ddTHH:mm:ss`).
pub async fn move_clock(lite: &Lite, to: &str) -> Result<()> {
    let (status, text) = lite
        .send(reqwest::Method::POST, "testing/clock", &json!({"to": to}))
        .await?;
    if !(200..300).contains(&status) {
        bail!("moving the clock answered {status}: {text}");
    }
    Ok(())
}

/// The stored report `id`, with its value-level detail put back as the app does it: the
/// detail is in `report-<id>-detail`, a dataStore key private to the runner (2.41+) or the
/// runner's user data store (read by the superuser with `?username=`).
pub async fn report(source: &Lite, id: &str) -> Result<Value> {
    let mut report = source
        .get(&format!("dataStore/aggregate-sync/report-{id}"))
        .await?;
    let run_by = report["runBy"].as_str().unwrap_or_default().to_string();
    let detail = match report["detail"].as_str() {
        Some("SHARED_KEY") => {
            source
                .get(&format!("dataStore/aggregate-sync/report-{id}-detail"))
                .await?
        }
        Some("USER_DATA_STORE") => {
            source
                .get(&format!(
                    "userDataStore/aggregate-sync/report-{id}-detail?username={run_by}"
                ))
                .await?
        }
        _ => return Ok(report),
    };
    for field in ["leftBehind", "conflicts"] {
        if let Some(items) = detail.get(field) {
            report[field] = items.clone();
        }
    }
    for raw in detail["rawResponses"].as_array().into_iter().flatten() {
        if let (Some(position), Some(text)) = (raw["position"].as_u64(), raw.get("text"))
            && let Some(chunk) = report["chunks"].get_mut(position as usize)
        {
            chunk["rawResponse"] = text.clone();
        }
    }
    Ok(report)
}

/// The stored rule `id`.
pub async fn stored_rule(source: &Lite, id: &str) -> Result<Value> {
    source
        .get(&format!("dataStore/aggregate-sync/rule-{id}"))
        .await
}

/// The keys of the app's namespace.
pub async fn keys(source: &Lite) -> Result<Vec<String>> {
    let keys = source.get("dataStore/aggregate-sync").await?;
    Ok(keys
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|key| key.as_str().map(str::to_string))
        .collect())
}

/// The reports of rule `rule_id` in the history (full values).
pub async fn reports_of(source: &Lite, rule_id: &str) -> Result<Vec<Value>> {
    let mut found = Vec::new();
    for key in keys(source).await? {
        // Not a report's detail (`report-<id>-detail`).
        if let Some(id) = key
            .strip_prefix("report-")
            .filter(|id| !id.ends_with("-detail"))
        {
            let value = report(source, id).await?;
            if value["origin"]["ruleId"] == rule_id {
                found.push(value);
            }
        }
    }
    Ok(found)
}
