//! `dhis2-lite serve …`: the command line over [`dhis2_lite::start`].

use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand};
use dhis2_lite::{Dhis2Version, Seed, ServerConfig};

#[derive(Debug, Parser)]
#[command(
    name = "dhis2-lite",
    about = "A DHIS2-compatible server for demos and tests"
)]
struct Arguments {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the Web API on 127.0.0.1.
    Serve {
        /// TCP port (0 = any free port).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Data directory (SQLite database and installed apps).
        #[arg(long, default_value = "./dhis2-lite-data")]
        data: PathBuf,
        /// Seed of a new database: demo, empty, demo-remapped (the demo's metadata under other
        /// UIDs, some items matching by name only or not at all, no values) or large:N.
        #[arg(long, default_value = "demo")]
        seed: Seed,
        /// Emulated DHIS2 version, 2.36 to 2.43.
        #[arg(long = "dhis2-version", default_value = "2.41")]
        dhis2_version: Dhis2Version,
        /// Session idle timeout in seconds.
        #[arg(long = "session-timeout", default_value_t = 3600)]
        session_timeout: u64,
        /// Allow /api/routes to target loopback addresses.
        #[arg(long = "allow-loopback-routes")]
        allow_loopback_routes: bool,
        /// Start the server's clock at this instant (UTC, e.g. 2027-03-31T10:00:00) instead of
        /// the real time; it advances from there. Seeds, serverDate and timestamps follow it.
        #[arg(long, value_parser = parse_clock)]
        clock: Option<chrono::DateTime<chrono::Utc>>,
        /// Allow POST /api/testing/clock to move the clock forward (tests only).
        #[arg(long = "allow-clock-api")]
        allow_clock_api: bool,
        /// Fault injection rules (a JSON array, see the README) applied from the start; tests only.
        #[arg(long = "faults", value_name = "FILE")]
        faults: Option<PathBuf>,
        /// Serve /api/testing/faults (superusers read, replace and clear the rules); tests only.
        #[arg(long = "allow-fault-api")]
        allow_fault_api: bool,
    },
}

fn parse_clock(text: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    dhis2_lite::clock::parse_instant(text).map_err(|error| error.to_string())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let arguments = Arguments::parse();
    match arguments.command {
        Command::Serve {
            port,
            data,
            seed,
            dhis2_version,
            session_timeout,
            allow_loopback_routes,
            clock,
            allow_clock_api,
            faults,
            allow_fault_api,
        } => {
            let mut config = ServerConfig::new(data);
            config.port = port;
            config.seed = seed;
            config.version = dhis2_version;
            config.session_timeout = Duration::from_secs(session_timeout);
            config.allow_loopback_routes = allow_loopback_routes;
            config.clock_start = clock;
            config.allow_clock_api = allow_clock_api;
            if let Some(path) = faults {
                config.faults = dhis2_lite::faults::load_rules_file(&path)?;
                eprintln!(
                    "dhis2-lite: {} fault rule(s) loaded from {}",
                    config.faults.len(),
                    path.display()
                );
            }
            config.allow_fault_api = allow_fault_api;
            let started = std::time::Instant::now();
            let server = dhis2_lite::start(config).await?;
            println!(
                "dhis2-lite (DHIS2 {dhis2_version}) listening on {} (ready in {:.1}s); login admin / district",
                server.base_url(),
                started.elapsed().as_secs_f64()
            );
            tokio::signal::ctrl_c().await?;
            server.shutdown().await;
        }
    }
    Ok(())
}
