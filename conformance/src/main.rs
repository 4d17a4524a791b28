//! `ecs-conformance`: runs the conformance vectors against this crate, or through `--adapter`
//! against another implementation, and reports `N passed, N failed, N skipped`.

mod adapter;
mod compare;
mod suites;
mod vectors;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

use crate::adapter::Adapter;
use crate::compare::compare;
use crate::suites::Outcome;
use crate::vectors::{LoadError, Vector};

/// Runs the ECS DeleteInstance / DeleteInstances conformance vectors.
#[derive(Debug, Parser)]
#[command(version)]
struct Cli {
    /// A folder of vector files, walked for every `*.json` (repeatable).
    #[arg(long = "vectors", value_name = "DIR")]
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
    /// Print the ids of the selected vectors and exit.
    #[arg(long)]
    list: bool,
}

fn default_vectors() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/vectors"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("ecs-conformance: {message}");
            ExitCode::from(2)
        }
    }
}

#[derive(Default)]
struct Tally {
    passed: usize,
    failed: usize,
    skipped: usize,
}

impl Tally {
    fn fail(&mut self, id: &str, lines: &[String]) {
        self.failed += 1;
        println!("FAIL {id}");
        for line in lines {
            println!("    {line}");
        }
    }
}

fn run(cli: &Cli) -> Result<bool, String> {
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

    let mut tally = Tally::default();
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
    if cli.list {
        for v in &selected {
            println!("{}", v.id);
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

    let mut adapter = match &cli.adapter {
        Some(cmd) => Some(Adapter::start(cmd)?),
        None => None,
    };

    for v in selected {
        let outcome = match adapter.as_mut() {
            Some(a) => a.run(v),
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
            Outcome::Output(output) => compare(&v.suite, &v.expected, &output),
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

    println!(
        "{} passed, {} failed, {} skipped",
        tally.passed, tally.failed, tally.skipped
    );
    Ok(tally.failed == 0)
}
