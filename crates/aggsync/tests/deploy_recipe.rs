//! The deployment recipe in `deploy/` cannot drift from the command line: the Kubernetes
//! CronJob (parsed as YAML), the container image's default command, the systemd service and the
//! crontab line must all call `aggsync run` with the same arguments, and those arguments,
//! pointed at a dhis2-lite instance, must run a due rule with the built binary and the secrets
//! passed the way the recipe passes them (the token and destination secrets in the environment).
//! No container engine or cluster runs here.

mod common;

use std::path::PathBuf;

use common::*;
use serde_json::{Value, json};

/// The instance URL the recipe's files use, replaced by the test instance's.
const RECIPE_INSTANCE: &str = "https://hmis.example.org";

fn deploy_file(path: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../deploy");
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|error| panic!("{path}: {error}"))
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_string).collect()
}

/// The CronJob's container, checked for what the recipe promises.
fn cron_job_arguments() -> Vec<String> {
    let text = deploy_file("kubernetes/cronjob.yaml");
    let documents: Vec<serde_yaml::Value> = serde_yaml::Deserializer::from_str(&text)
        .map(|document| serde::Deserialize::deserialize(document).expect("YAML"))
        .collect();
    let as_json =
        |value: &serde_yaml::Value| -> Value { serde_json::to_value(value).expect("JSON") };
    let documents: Vec<Value> = documents.iter().map(as_json).collect();
    let secret = documents
        .iter()
        .find(|document| document["kind"] == "Secret")
        .expect("a Secret");
    let cron_job = documents
        .iter()
        .find(|document| document["kind"] == "CronJob")
        .expect("a CronJob");
    assert_eq!(cron_job["spec"]["concurrencyPolicy"], "Forbid");
    let pod = &cron_job["spec"]["jobTemplate"]["spec"]["template"]["spec"];
    assert_eq!(pod["securityContext"]["runAsNonRoot"], true);
    let container = &pod["containers"][0];
    let requests = &container["resources"]["requests"];
    assert!(
        requests["cpu"].is_string() && requests["memory"].is_string(),
        "{container}"
    );
    // The token comes from the Secret, through the environment.
    let token = container["env"]
        .as_array()
        .and_then(|env| env.iter().find(|item| item["name"] == "AGGSYNC_TOKEN"))
        .expect("AGGSYNC_TOKEN");
    assert_eq!(
        token["valueFrom"]["secretKeyRef"]["name"],
        secret["metadata"]["name"]
    );
    container["args"]
        .as_array()
        .expect("args")
        .iter()
        .map(|arg| arg.as_str().expect("a text argument").to_string())
        .collect()
}

/// The image's default command (`CMD [...]`), and the image's shape.
fn container_arguments() -> Vec<String> {
    let text = deploy_file("Containerfile");
    assert!(
        text.lines()
            .filter(|line| line.starts_with("FROM "))
            .count()
            >= 2,
        "multi-stage"
    );
    assert!(
        text.lines().any(|line| line.starts_with("USER nonroot")),
        "a non-root user"
    );
    let cmd = text
        .lines()
        .find_map(|line| line.strip_prefix("CMD "))
        .expect("a CMD");
    serde_json::from_str(cmd).expect("CMD in exec form")
}

/// The systemd service's `ExecStart`, without the binary.
fn systemd_arguments() -> Vec<String> {
    let text = deploy_file("systemd/aggsync-run.service");
    let exec = text
        .lines()
        .find_map(|line| line.strip_prefix("ExecStart="))
        .expect("ExecStart");
    let timer = deploy_file("systemd/aggsync-run.timer");
    assert!(timer.contains("OnCalendar="), "the timer starts it");
    words(exec).into_iter().skip(1).collect()
}

/// The crontab line's command, without the binary and the redirection.
fn crontab_arguments() -> Vec<String> {
    let text = deploy_file("crontab");
    let line = text
        .lines()
        .find(|line| !line.starts_with('#') && !line.trim().is_empty())
        .expect("a crontab line");
    let command = line
        .split("/usr/local/bin/aggsync ")
        .nth(1)
        .expect("the binary's path");
    let command = command.split(" >>").next().unwrap_or(command);
    words(command)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_recipe_runs_the_same_command_and_it_runs_a_due_rule() -> anyhow::Result<()> {
    let arguments = cron_job_arguments();
    assert_eq!(container_arguments(), arguments, "Containerfile");
    assert_eq!(systemd_arguments(), arguments, "systemd service");
    assert_eq!(crontab_arguments(), arguments, "crontab");
    assert_eq!(&arguments[..2], ["run", "--due"]);
    assert!(arguments.iter().any(|arg| arg == RECIPE_INSTANCE));

    // The same arguments against dhis2-lite: a personal access token of the runner and the
    // destination secrets in the environment, as the CronJob and the units pass them.
    let pair = Pair::start("2.41").await?;
    save_direct_destination(&pair.source, &pair.destination.url()).await?;
    let (status, created) = pair
        .source
        .send(reqwest::Method::POST, "apiToken", &json!({}))
        .await?;
    assert_eq!(status, 201, "{created}");
    let created: Value = serde_json::from_str(&created)?;
    let token = created["response"]["key"]
        .as_str()
        .expect("a token")
        .to_string();
    let today = server_now(&pair.source).await?.date();
    move_clock(&pair.source, &format!("{}T01:00:00", today.add_days(1))).await?;
    let rule = small_rule(&pair, "rUleRecipe1", "Recipe", Some("0 2 * * *")).await?;
    save_rule(&pair.source, &rule).await?;
    move_clock(&pair.source, &format!("{}T02:00:10", today.add_days(1))).await?;

    let url = pair.source.url();
    let arguments: Vec<String> = arguments
        .iter()
        .map(|arg| {
            if arg == RECIPE_INSTANCE {
                url.clone()
            } else {
                arg.clone()
            }
        })
        .collect();
    let arguments: Vec<&str> = arguments.iter().map(String::as_str).collect();
    let secrets = json!({DESTINATION_ID: {"username": ADMIN.0, "password": ADMIN.1}}).to_string();
    let ran = aggsync(
        &arguments,
        &[
            ("AGGSYNC_TOKEN", token.as_str()),
            ("AGGSYNC_DESTINATION_SECRETS", secrets.as_str()),
        ],
    )
    .await?;
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    assert_eq!(ran.rules(), vec![rule.id.clone()], "{}", ran.stderr);
    assert_eq!(ran.lines[0]["status"], "SUCCESS");
    let stored = report(
        &pair.source,
        ran.lines[0]["reportId"].as_str().unwrap_or_default(),
    )
    .await?;
    assert_eq!(stored["origin"]["startedBy"], "SCHEDULED");
    assert_eq!(stored["runBy"], ADMIN.0);
    Ok(())
}
