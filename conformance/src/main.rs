//! `ecs-conformance`: runs the conformance vectors against this crate, or through `--adapter`
//! against another implementation, and reports `N passed, N failed, N skipped`.

/// Prints a line of text to standard output, its control characters escaped (no escape
/// sequence from a response or a vector reaches a terminal raw); when the reader has gone
/// (`| head`), ends quietly instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let line = ecs_conformance::output::escape_controls(&format!($($arg)*));
        if writeln!(std::io::stdout().lock(), "{line}").is_err() {
            std::process::exit(0);
        }
    }};
}

/// Prints one JSON document on one line to standard output (see [`output::json_line`]).
macro_rules! say_json {
    ($value:expr) => {{
        use std::io::Write as _;
        let line = ecs_conformance::output::json_line(&$value);
        if writeln!(std::io::stdout().lock(), "{line}").is_err() {
            std::process::exit(0);
        }
    }};
}

mod cli;
mod load;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use ecs_conformance::{output, runner};

/// Runs the ECS DeleteInstance / DeleteInstances conformance vectors; with a subcommand, signs,
/// parses or verifies one request.
#[derive(Debug, Parser)]
#[command(version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    run: RunArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build and sign a DeleteInstance or DeleteInstances request; credentials from
    /// ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET, ALIBABA_CLOUD_SECURITY_TOKEN.
    Sign(cli::SignArgs),
    /// Decode a response body (a file or standard input) and print the verdict; exits 1 for a
    /// service error or an unreadable body.
    Parse(cli::ParseArgs),
    /// Check a signed request (V1, or V3 with an Authorization header) with the secret in
    /// ALIBABA_CLOUD_ACCESS_KEY_SECRET.
    Verify(cli::VerifyArgs),
    /// Serve a local ECS endpoint (DeleteInstance / DeleteInstances) for other SDKs' tests;
    /// prints `listening on http://HOST:PORT` first; stops on SIGINT or SIGTERM.
    Serve(serve::ServeArgs),
    /// Load a running emulator with signed requests over keep-alive connections (loopback only,
    /// bounded in count and time) and report throughput, latency and its memory.
    Load(load::LoadArgs),
}

/// The report's form.
#[derive(Debug, Clone, Copy, Default, ValueEnum)]
enum ReportFormat {
    /// Failures as text, then `N passed, N failed, N skipped`.
    #[default]
    Text,
    /// One JSON document on standard output (the closing line goes to standard error).
    Json,
}

#[derive(Debug, clap::Args)]
struct RunArgs {
    /// A vector file, or a folder walked for every `*.json` (repeatable).
    #[arg(long = "vectors", value_name = "PATH")]
    vectors: Vec<PathBuf>,
    /// Run only the vectors whose id contains this text.
    #[arg(long, value_name = "SUBSTR")]
    filter: Option<String>,
    /// Ids expected to fail, one per line (`#` comments): their failures count as skipped.
    #[arg(long = "expected-failures", value_name = "FILE")]
    expected_failures: Option<PathBuf>,
    /// Run the vectors through another implementation speaking the JSON-lines protocol.
    #[arg(long, value_name = "CMD")]
    adapter: Option<String>,
    /// Run the `service` vectors against an emulator at this address (`http://HOST:PORT`),
    /// over HTTP, through its control API; other suites are skipped.
    #[arg(long, value_name = "URL", conflicts_with = "adapter")]
    endpoint: Option<String>,
    /// With --endpoint: yes, replace the target emulator's state, clock and faults (each
    /// vector sets its own); without it, a run against a live emulator is refused.
    #[arg(long, requires = "endpoint")]
    reset_target: bool,
    /// How long the adapter may take to answer one vector, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    adapter_timeout: f64,
    /// Print the ids of the selected vectors and exit.
    #[arg(long)]
    list: bool,
    /// The report's form.
    #[arg(long, value_enum, default_value = "text")]
    format: ReportFormat,
}

/// Whether the command line asks for JSON (`--format json` or `--format=json`), read from the
/// raw arguments so that even a line clap refuses gets its error in JSON.
fn asks_for_json(args: &[std::ffi::OsString]) -> bool {
    args.windows(2)
        .any(|w| w[0] == "--format" && w[1] == "json")
        || args.iter().any(|a| a == "--format=json")
}

/// An error, as `--format json` promises every output: one JSON document on standard output
/// (the same line on standard error too, for a person watching), exit 2.
fn json_error(kind: &str, message: &str) {
    println!(
        "{}",
        serde_json::json!({"error": {"kind": kind, "message": message}})
    );
}

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let json = asks_for_json(&args);
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) if json && e.use_stderr() => {
            // The error's first paragraph (the usage lines after it are for a person).
            let rendered = e.render().to_string();
            let first: Vec<&str> = rendered
                .lines()
                .take_while(|l| !l.trim().is_empty())
                .map(str::trim)
                .collect();
            let first = first.join(" ");
            json_error("usage", first.strip_prefix("error: ").unwrap_or(&first));
            let _ = e.print();
            return ExitCode::from(2);
        }
        Err(e) => e.exit(),
    };
    let result = match &cli.command {
        Some(Command::Sign(args)) => cli::sign(args).map(|()| true),
        Some(Command::Parse(args)) => cli::parse(args),
        Some(Command::Verify(args)) => cli::verify(args),
        Some(Command::Serve(args)) => serve::serve(args),
        Some(Command::Load(args)) => load::load(args),
        None => run(&cli.run),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            let message = output::escape_controls(&message);
            if json {
                json_error("input", &message);
            }
            eprintln!("ecs-conformance: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &RunArgs) -> Result<bool, String> {
    if let (Some(endpoint), false, false) = (&args.endpoint, args.reset_target, args.list) {
        return Err(format!(
            "--endpoint {endpoint}: each service vector replaces the emulator's state, clock and \
             faults there; add --reset-target to go on"
        ));
    }
    let adapter = match &args.adapter {
        None => None,
        Some(cmd) => {
            let timeout = std::time::Duration::try_from_secs_f64(args.adapter_timeout)
                .ok()
                .filter(|t| !t.is_zero())
                .ok_or("--adapter-timeout must be a positive number of seconds")?;
            Some((cmd.clone(), timeout))
        }
    };
    let config = runner::Config {
        vectors: args.vectors.clone(),
        filter: args.filter.clone(),
        expected_failures: args.expected_failures.clone(),
        adapter,
        endpoint: args.endpoint.clone(),
    };
    if args.list {
        for v in runner::select(&config)?.selected() {
            say!("{}", v.id);
        }
        return Ok(true);
    }
    let report = runner::run(&config)?;
    match args.format {
        ReportFormat::Json => {
            say_json!(report.to_json());
            eprintln!("{}", report.summary());
        }
        ReportFormat::Text => {
            for line in report.text_lines() {
                say!("{line}");
            }
            say!("{}", report.summary());
        }
    }
    Ok(report.ok())
}
