//! `aggsync`: the command line over sync-core and sync-engine. JSON on stdout, errors and
//! progress on stderr, non-zero exit.
//!
//! Each subcommand lives in its own module under [`commands`] and returns the JSON value to
//! print; this file only parses the arguments, prints and maps errors to exit codes. To add a
//! subcommand: a variant in [`Command`] holding its `clap::Args` struct, and an arm in
//! [`Command::run`]. `run` (saved rules, unattended) prints one JSON line per rule run and
//! decides its own exit codes (`commands::run`).

mod commands;

use std::io::Write;
use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::{Parser, Subcommand};

/// Exit code for a command that failed (bad input, unknown period, ...).
const EXIT_FAILURE: u8 = 1;
/// Exit code for arguments that do not parse (as clap's own).
const EXIT_USAGE: u8 = 2;

/// Aggregate Sync on the command line: saved rules run unattended, DHIS2 periods and relative
/// periods, aggregation (JSON on stdout).
#[derive(Debug, Parser)]
#[command(name = "aggsync", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
enum Command {
    /// The periods of a type lying completely inside [--from, --to], in order.
    Periods(commands::periods::PeriodsArgs),
    /// The period of a type containing a date.
    PeriodOf(commands::periods::PeriodOfArgs),
    /// The period an ISO period id names.
    Period(commands::periods::PeriodArgs),
    /// The periods a relative period keyword expands to on a given day, in order.
    RelativePeriods(commands::periods::RelativePeriodsArgs),
    /// Every supported period type with its frequency order and ISO duration.
    PeriodTypes,
    /// Aggregates the raw data values of an input file as DHIS2 analytics would.
    Aggregate(commands::aggregate::AggregateArgs),
    /// Runs saved rules (given, or due by their schedules) against the instance holding them.
    Run(commands::run::RunArgs),
    /// Destinations' mappings between instances that do not share UIDs (`mapping auto`).
    Mapping(commands::mapping::MappingArgs),
}

impl Command {
    /// Runs the command and returns what to print.
    fn run(self) -> anyhow::Result<serde_json::Value> {
        match self {
            Command::Periods(args) => commands::periods::periods(&args),
            Command::PeriodOf(args) => commands::periods::period_of(&args),
            Command::Period(args) => commands::periods::period(&args),
            Command::RelativePeriods(args) => commands::periods::relative_periods(&args),
            Command::PeriodTypes => Ok(commands::periods::period_types()),
            Command::Aggregate(args) => commands::aggregate::aggregate(&args),
            // Dispatched in `main`: it prints a line per run and decides its own exit code.
            Command::Run(_) => anyhow::bail!("aggsync run is not a JSON command"),
            Command::Mapping(_) => anyhow::bail!("aggsync mapping decides its own exit code"),
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) if !error.use_stderr() => {
            // --help and --version: clap prints them to stdout.
            let _ = error.print();
            return ExitCode::SUCCESS;
        }
        Err(error) if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            eprintln!("error: a subcommand is required (see aggsync --help)");
            return ExitCode::from(EXIT_USAGE);
        }
        Err(error) => {
            eprintln!("{} (see aggsync --help)", one_line(&error.to_string()));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let cli = match cli.command {
        Command::Run(args) => return ExitCode::from(commands::run::run(args)),
        Command::Mapping(args) => return ExitCode::from(commands::mapping::mapping(args)),
        command => Cli { command },
    };
    match cli.command.run() {
        Ok(value) => {
            let mut stdout = std::io::stdout().lock();
            let written = serde_json::to_writer(&mut stdout, &value)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(stdout))
                .and_then(|()| stdout.flush());
            match written {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("error: cannot write the output: {error}");
                    ExitCode::from(EXIT_FAILURE)
                }
            }
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

/// Clap's message on one line: its lines up to the usage block, joined.
fn one_line(message: &str) -> String {
    let lines: Vec<&str> = message
        .lines()
        .take_while(|line| !line.starts_with("Usage:") && !line.starts_with("For more information"))
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    if lines.is_empty() {
        "error: invalid arguments".to_string()
    } else {
        lines.join(" ")
    }
}
