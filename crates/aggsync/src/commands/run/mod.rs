//! `aggsync run`: saved rules run natively through the shared engine (sync-engine), against the
//! instance that holds them, without anyone logged in.
//!
//! ```text
//! aggsync run --instance URL (--rule ID ... | --due) [--token-file FILE | --user NAME]
//!             [--destination-secrets FILE] [--dry-run] [--resume] [--parallel N]
//! aggsync run --instance URL --preview --rule ID ... [credentials as above]
//! ```
//!
//! `--preview` writes nothing: for each rule it prints what a run would change at its
//! destination now (new, changed, unchanged and deleted values per data element, see
//! [`preview`]) as one JSON line, and exits 0 (3 when a comparison could not be made).
//!
//! Each run is recorded exactly as an app run is (the engine does it: the report in the
//! history, the rule's last run and watermark, the rule's lock). This module parses the
//! arguments, finds the rules (given, or due by their schedules on the instance's clock), builds
//! each run's destination client, runs them at most `--parallel` at once on one thread, prints
//! one JSON line per run and returns the exit code (see [`outcome`]). SIGINT/SIGTERM cancel the
//! runs: each ends CANCELLED, saved, its lock released, and the exit code is 130.
//!
//! Not here: what a run does (sync-engine), when a schedule is due (sync-core), DHIS2 URLs
//! (dhis2-api).

pub(crate) mod credentials;
mod due;
mod notice;
pub(crate) mod one;
mod outcome;
mod preview;
mod progress;

use std::path::PathBuf;

use clap::{ArgGroup, Args};
use dhis2_api::native::NativeTransport;
use dhis2_api::{DestinationClient, Dhis2Client};
use futures::StreamExt;
use sync_core::model::{RunTrigger, ServerTime};
use sync_engine::CancelToken;
use sync_engine::limits::Limits;

pub use outcome::{EXIT_ERROR, EXIT_INTERRUPTED};

/// Exit code of arguments or secrets that cannot be used (nothing was started).
pub const EXIT_USAGE: u8 = 2;

/// The arguments of `aggsync run`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("which").required(true).args(["rules", "due"])))]
pub struct RunArgs {
    /// The instance holding the rules (its base URL, e.g. https://hmis.example.org).
    #[arg(long, value_name = "URL")]
    pub instance: String,
    /// Run these saved rules (by id), whatever their schedules.
    #[arg(long = "rule", value_name = "ID", num_args = 1..)]
    pub rules: Vec<String>,
    /// Run every enabled rule whose schedule had an occurrence since its last run.
    #[arg(long)]
    pub due: bool,
    /// A file holding the runner's personal access token (else AGGSYNC_TOKEN).
    #[arg(long, value_name = "FILE", conflicts_with = "user")]
    pub token_file: Option<PathBuf>,
    /// Log in with this user name and the password in AGGSYNC_PASSWORD.
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,
    /// A JSON file with the secrets of direct destinations, by destination id (else
    /// AGGSYNC_DESTINATION_SECRETS).
    #[arg(long, value_name = "FILE")]
    pub destination_secrets: Option<PathBuf>,
    /// Simulate the import at the destination, whatever the rule says.
    #[arg(long)]
    pub dry_run: bool,
    /// Continue each rule's last run when it was interrupted (else run it anew).
    #[arg(long)]
    pub resume: bool,
    /// Run nothing: print what a run of each rule would change at its destination (new,
    /// changed, unchanged and deleted values per data element) as JSON.
    #[arg(long, requires = "rules", conflicts_with_all = ["due", "resume", "dry_run"])]
    pub preview: bool,
    /// Run at most this many rules at once.
    #[arg(long, value_name = "N", default_value_t = 1,
          value_parser = clap::value_parser!(u16).range(1..=32))]
    pub parallel: u16,
}

/// A client of the instance (and of its destinations) on the native transport.
pub type Client = DestinationClient<NativeTransport>;

/// What every run of one invocation shares.
pub struct Context {
    /// The instance holding the rules, as the runner's user.
    pub source: Client,
    /// The instance's base URL as given.
    pub instance_url: String,
    /// The runner's user name (the reports' "run by").
    pub run_by: String,
    /// Secrets of direct destinations.
    pub secrets: credentials::DestinationSecrets,
    /// Scheduled (`--due`) or command line (`--rule`).
    pub trigger: RunTrigger,
    /// `--dry-run`.
    pub dry_run: bool,
    /// `--resume`.
    pub resume: bool,
    /// The limits from the instance's settings (when a report counts as interrupted).
    pub limits: Limits,
    /// Where the runs happen, for the locks (`aggsync on <host>`).
    pub place: String,
    /// Fired by SIGINT/SIGTERM.
    pub cancel: CancelToken,
}

/// Runs `aggsync run` and returns its exit code.
pub fn run(args: RunArgs) -> u8 {
    let started = start(
        &args.instance,
        args.token_file.as_deref(),
        args.user.as_deref(),
        args.destination_secrets.as_deref(),
    );
    let (source, secrets, runtime) = match started {
        Ok(started) => started,
        Err(code) => return code,
    };
    let local = tokio::task::LocalSet::new();
    local.block_on(&runtime, run_rules(args, source, secrets))
}

/// What a command reaching the instance starts from (`run`, `mapping`): the instance's client as
/// the runner's user (`--token-file`, `--user`, the environment), the direct destinations'
/// secrets and a current-thread runtime; or, said on stderr, the exit code of what cannot be used
/// ([`EXIT_USAGE`] for credentials, [`EXIT_ERROR`] for the runtime).
pub(crate) fn start(
    instance: &str,
    token_file: Option<&std::path::Path>,
    user: Option<&str>,
    destination_secrets: Option<&std::path::Path>,
) -> Result<
    (
        Client,
        credentials::DestinationSecrets,
        tokio::runtime::Runtime,
    ),
    u8,
> {
    let environment = |name: &str| std::env::var(name).ok();
    let auth = credentials::instance_auth(token_file, user, &environment).map_err(|error| {
        eprintln!("error: {error:#}");
        EXIT_USAGE
    })?;
    let secrets = credentials::DestinationSecrets::from_file_or_environment(
        destination_secrets,
        &environment,
    )
    .map_err(|error| {
        eprintln!("error: {error:#}");
        EXIT_USAGE
    })?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| {
            eprintln!("error: cannot start the runtime: {error}");
            EXIT_ERROR
        })?;
    let source = Dhis2Client::direct(NativeTransport::default(), instance.to_string(), auth);
    Ok((source, secrets, runtime))
}

async fn run_rules(args: RunArgs, source: Client, secrets: credentials::DestinationSecrets) -> u8 {
    let user = match source.current_user().await {
        Ok(user) => user,
        Err(error) => {
            eprintln!("error: cannot log in to {}: {error}", args.instance);
            return EXIT_ERROR;
        }
    };
    let settings = sync_engine::store::settings::load_settings_or_default(&source).await;
    let cancel = CancelToken::new();
    let interrupted = std::rc::Rc::new(std::cell::Cell::new(false));
    tokio::task::spawn_local(cancel_on_signal(cancel.clone(), interrupted.clone()));
    let context = Context {
        source,
        instance_url: args.instance.trim_end_matches('/').to_string(),
        run_by: user.username.clone(),
        secrets,
        trigger: if args.due {
            RunTrigger::Scheduled
        } else {
            RunTrigger::CommandLine
        },
        dry_run: args.dry_run,
        resume: args.resume,
        limits: Limits::from_settings(&settings),
        place: format!("aggsync on {}", host_name()),
        cancel,
    };

    if args.preview {
        let mut all_made = true;
        for id in &args.rules {
            let (line, made) = preview::preview_rule(&context, id).await;
            println!("{line}");
            all_made &= made;
        }
        return if all_made { 0 } else { EXIT_ERROR };
    }

    let rules = if args.due {
        match due::due_rules(&context, &user.username).await {
            Ok(rules) => rules,
            Err(error) => {
                eprintln!("error: cannot find the due rules: {error}");
                return EXIT_ERROR;
            }
        }
    } else {
        args.rules
            .iter()
            .map(|id| due::Chosen::ById(id.clone()))
            .collect()
    };
    if rules.is_empty() {
        eprintln!("nothing to run");
    }
    let severities: Vec<outcome::Severity> = futures::stream::iter(rules)
        .map(|chosen| one::run_chosen(&context, chosen))
        .buffer_unordered(usize::from(args.parallel))
        .filter_map(|line| async move { line })
        .map(|(line, severity)| {
            println!("{line}");
            severity
        })
        .collect()
        .await;
    if interrupted.get() {
        eprintln!("interrupted: the runs were saved as CANCELLED");
        return EXIT_INTERRUPTED;
    }
    outcome::exit_code(severities)
}

/// Fires `cancel` on SIGINT or SIGTERM (and notes it in `interrupted`).
async fn cancel_on_signal(cancel: CancelToken, interrupted: std::rc::Rc<std::cell::Cell<bool>>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut terminate), Ok(mut interrupt)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) else {
            return;
        };
        tokio::select! {
            _ = terminate.recv() => {}
            _ = interrupt.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        if tokio::signal::ctrl_c().await.is_err() {
            return;
        }
    }
    eprintln!("stopping: cancelling the runs (they are saved as CANCELLED)");
    interrupted.set(true);
    cancel.cancel();
}

/// The host name for the locks and the heartbeat: `HOSTNAME`, else the kernel's, else `unknown`.
pub fn host_name() -> String {
    std::env::var("HOSTNAME")
        .ok()
        .or_else(|| std::fs::read_to_string("/proc/sys/kernel/hostname").ok())
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|name| name.trim().to_string())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

/// The instance's time now (`serverDate`) and its time zone.
pub async fn instance_now(source: &Client) -> Result<(ServerTime, Option<String>), String> {
    let system = source
        .system_info()
        .await
        .map_err(|error| format!("the instance did not answer: {error}"))?;
    let now = system
        .server_date
        .as_deref()
        .and_then(|text| text.parse::<ServerTime>().ok())
        .ok_or("the instance did not say its date (/api/system/info serverDate)")?;
    Ok((now, system.server_time_zone_id))
}
