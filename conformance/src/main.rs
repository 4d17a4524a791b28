//! `ecs-conformance`: runs the conformance vectors against this crate, or through `--adapter`
//! against another implementation, and reports `N passed, N failed, N skipped`.

/// Prints a line of text to standard output, its control characters escaped (no escape
/// sequence from a response or a vector reaches a terminal raw); when the reader has gone
/// (`| head`), ends quietly instead of panicking.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let line = crate::output::escape_controls(&format!($($arg)*));
        if writeln!(std::io::stdout().lock(), "{line}").is_err() {
            std::process::exit(0);
        }
    }};
}

/// Prints one JSON document on one line to standard output (see [`output::json_line`]).
macro_rules! say_json {
    ($value:expr) => {{
        use std::io::Write as _;
        let line = crate::output::json_line(&$value);
        if writeln!(std::io::stdout().lock(), "{line}").is_err() {
            std::process::exit(0);
        }
    }};
}

mod adapter;
mod cli;
mod compare;
mod output;
mod suites;
mod vectors;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::adapter::Adapter;
use crate::compare::compare;
use crate::suites::Outcome;
use crate::vectors::{LoadError, Vector};

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

fn default_vectors() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/vectors"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Some(Command::Sign(args)) => cli::sign(args).map(|()| true),
        Some(Command::Parse(args)) => cli::parse(args),
        Some(Command::Verify(args)) => cli::verify(args),
        None => run(&cli.run),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("ecs-conformance: {}", output::escape_controls(&message));
            ExitCode::from(2)
        }
    }
}

#[derive(Default)]
struct Tally {
    passed: usize,
    failed: usize,
    skipped: usize,
    json: bool,
    failures: Vec<serde_json::Value>,
}

impl Tally {
    fn fail(&mut self, id: &str, lines: &[String]) {
        self.failed += 1;
        if self.json {
            self.failures
                .push(serde_json::json!({ "id": id, "messages": lines }));
            return;
        }
        say!("FAIL {id}");
        for line in lines {
            say!("    {line}");
        }
    }
}

fn run(cli: &RunArgs) -> Result<bool, String> {
    let dirs = if cli.vectors.is_empty() {
        vec![default_vectors()]
    } else {
        cli.vectors.clone()
    };
    let mut all: Vec<Vector> = Vec::new();
    let mut load_errors: Vec<LoadError> = Vec::new();
    for dir in &dirs {
        for file in vectors::discover(dir)? {
            let (found, errors) = vectors::load(&file);
            all.extend(found);
            load_errors.extend(errors);
        }
    }

    let mut tally = Tally {
        json: matches!(cli.format, ReportFormat::Json),
        ..Tally::default()
    };
    let mut seen: BTreeMap<&str, &PathBuf> = BTreeMap::new();
    for v in &all {
        if let Some(first) = seen.insert(&v.id, &v.file) {
            load_errors.push(LoadError {
                what: v.id.clone(),
                message: format!("id also used in {}", first.display()),
            });
        }
    }

    let selected: Vec<&Vector> = all
        .iter()
        .filter(|v| cli.filter.as_deref().is_none_or(|f| v.id.contains(f)))
        .collect();
    // A run over nothing must never look like a pass.
    if selected.is_empty() && load_errors.is_empty() {
        let places: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
        return Err(match &cli.filter {
            Some(f) => format!(
                "--filter {f:?} selects none of the {} vectors in {}",
                all.len(),
                places.join(", ")
            ),
            None => format!("no vector found in {}", places.join(", ")),
        });
    }
    if cli.list {
        for v in &selected {
            say!("{}", v.id);
        }
        return Ok(true);
    }

    for e in &load_errors {
        tally.fail(&e.what, std::slice::from_ref(&e.message));
    }

    let expected_failures: BTreeSet<String> = match &cli.expected_failures {
        Some(path) => vectors::read_expected_failures(path)?.into_iter().collect(),
        None => BTreeSet::new(),
    };
    for id in &expected_failures {
        if !seen.contains_key(id.as_str()) {
            tally.fail(
                id,
                &["listed as an expected failure, but no vector has this id (stale entry)".into()],
            );
        }
    }

    let timeout = std::time::Duration::try_from_secs_f64(cli.adapter_timeout)
        .ok()
        .filter(|t| !t.is_zero())
        .ok_or("--adapter-timeout must be a positive number of seconds")?;
    let mut adapter = match &cli.adapter {
        Some(cmd) => Some(Adapter::start(cmd, timeout)?),
        None => None,
    };

    for v in selected {
        let outcome = match adapter.as_mut() {
            Some(a) => a.run(v).map_err(|adapter::Fatal(message)| message)?,
            None => suites::run_builtin(&v.suite, &v.input),
        };
        let mismatches = match outcome {
            Outcome::Unsupported(why) => {
                tally.skipped += 1;
                if expected_failures.contains(&v.id) {
                    tally.fail(
                        &v.id,
                        &[format!(
                            "listed as an expected failure, but skipped ({why})"
                        )],
                    );
                }
                continue;
            }
            Outcome::BadInput(message) => vec![format!("[input] {message}")],
            Outcome::Output(output) => compare(&v.suite, &v.expected, &output, adapter.is_some()),
        };
        let listed = expected_failures.contains(&v.id);
        match (mismatches.is_empty(), listed) {
            (true, false) => tally.passed += 1,
            (false, true) => tally.skipped += 1,
            (true, true) => tally.fail(
                &v.id,
                &["listed as an expected failure, but it passes: remove it from the list".into()],
            ),
            (false, false) => tally.fail(&v.id, &mismatches),
        }
    }

    let summary = format!(
        "{} passed, {} failed, {} skipped",
        tally.passed, tally.failed, tally.skipped
    );
    if tally.json {
        let report = serde_json::json!({
            "passed": tally.passed,
            "failed": tally.failed,
            "skipped": tally.skipped,
            "failures": tally.failures,
        });
        say_json!(report);
        eprintln!("{summary}");
    } else {
        say!("{summary}");
    }
    Ok(tally.failed == 0)
}
