//! Running a selection of vectors against this crate or an adapter.

use crate::output::quoted;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::time::Duration;

use crate::adapter::{Adapter, Fatal};
use crate::compare::compare;
use crate::report::{Failure, Problem, Report};
use crate::suite::{self, Outcome};
use crate::vectors::{self, LoadError, Vector};

/// What to run.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Files or folders of vectors; the repository's own when empty.
    pub vectors: Vec<PathBuf>,
    /// Keep only the vectors whose id contains this text.
    pub filter: Option<String>,
    /// A file of ids expected to fail.
    pub expected_failures: Option<PathBuf>,
    /// Another implementation to run the vectors against, and how long it may take to answer
    /// one vector.
    pub adapter: Option<(String, Duration)>,
    /// An emulator (`http://HOST:PORT`) to run the `service` vectors against, over HTTP.
    pub endpoint: Option<String>,
}

/// The vectors a run selects, with the files and vectors that did not load.
#[derive(Debug, Default)]
pub struct Selection {
    /// Every vector read, selected or not.
    pub all: Vec<Vector>,
    /// The indices into `all` of the selected ones.
    selected: Vec<usize>,
    /// What did not load (each counts as a failure), duplicate ids included.
    pub load_errors: Vec<LoadError>,
}

impl Selection {
    /// The selected vectors.
    pub fn selected(&self) -> impl Iterator<Item = &Vector> {
        self.selected.iter().map(|&i| &self.all[i])
    }
}

/// Reads and filters the vectors of `config`. Selecting nothing is an error: a run over
/// nothing must never look like a pass.
pub fn select(config: &Config) -> Result<Selection, String> {
    let places = if config.vectors.is_empty() {
        vec![vectors::repository_vectors()]
    } else {
        config.vectors.clone()
    };
    let mut found = Selection::default();
    for place in &places {
        for file in vectors::discover(place)? {
            let (loaded, errors) = vectors::load(&file);
            found.all.extend(loaded);
            found.load_errors.extend(errors);
        }
    }
    let mut first_file: BTreeMap<&str, &PathBuf> = BTreeMap::new();
    for v in &found.all {
        if let Some(first) = first_file.insert(&v.id, &v.file) {
            found.load_errors.push(LoadError {
                what: v.id.clone(),
                message: format!("id also used in {}", first.display()),
            });
        }
    }
    found.selected = (0..found.all.len())
        .filter(|&i| {
            let id = &found.all[i].id;
            config.filter.as_deref().is_none_or(|f| id.contains(f))
        })
        .collect();
    if found.selected.is_empty() && found.load_errors.is_empty() {
        let places: Vec<String> = places.iter().map(|d| d.display().to_string()).collect();
        return Err(match &config.filter {
            Some(f) => format!(
                "--filter {} selects none of the {} vectors in {}",
                quoted(f),
                found.all.len(),
                places.join(", ")
            ),
            None => format!("no vector found in {}", places.join(", ")),
        });
    }
    Ok(found)
}

/// Runs the vectors of `config`. An `Err` ends the run with exit 2: nothing selected, an
/// unreadable expected-failures file, or an adapter that failed (not one vector, the adapter).
pub fn run(config: &Config) -> Result<Report, String> {
    let selection = select(config)?;
    let expected_failures: BTreeSet<String> = match &config.expected_failures {
        Some(path) => vectors::read_expected_failures(path)?.into_iter().collect(),
        None => BTreeSet::new(),
    };
    let mut report = Report::default();
    for e in &selection.load_errors {
        fail(
            &mut report,
            None,
            &e.what,
            Problem::Message(e.message.clone()),
        );
    }
    for id in &expected_failures {
        if !selection.all.iter().any(|v| &v.id == id) {
            let message = "listed as an expected failure, but no vector has this id (stale entry)";
            fail(&mut report, None, id, Problem::Message(message.into()));
        }
    }

    let mut adapter = match &config.adapter {
        Some((cmd, timeout)) => Some(Adapter::start(cmd, *timeout)?),
        None => None,
    };
    if let (None, Some(endpoint)) = (&adapter, &config.endpoint) {
        suite::probe_endpoint(endpoint)?;
    }
    // Per suite, in the specification's order: how many vectors were selected, and skipped.
    let mut tally: Vec<(&'static str, usize, usize)> =
        suite::SUITES.iter().map(|s| (s.name, 0, 0)).collect();
    for v in selection.selected() {
        let Some(suite) = suite::find(&v.suite) else {
            continue; // the loader refuses unknown suites
        };
        let counts = tally.iter_mut().find(|(name, ..)| *name == suite.name);
        let Some((_, selected, skipped)) = counts else {
            continue; // every suite has a row
        };
        *selected += 1;
        let outcome = match (adapter.as_mut(), &config.endpoint) {
            (Some(a), _) => a.run(v).map_err(|Fatal(message)| message)?,
            (None, Some(endpoint)) => suite.run_endpoint(endpoint, &v.input),
            (None, None) => suite.run_builtin(&v.input),
        };
        let listed = expected_failures.contains(&v.id);
        let problem = match outcome {
            Outcome::Unsupported(why) => {
                report.skipped += 1;
                *skipped += 1;
                if listed {
                    let message = format!("listed as an expected failure, but skipped ({why})");
                    fail(&mut report, Some(v), &v.id, Problem::Message(message));
                }
                continue;
            }
            Outcome::BadInput(message) => Some(Problem::Message(format!("[input] {message}"))),
            Outcome::Output(output) => {
                let mut found = compare(
                    (suite.keys, suite.required),
                    &v.expected,
                    &output,
                    adapter.is_some(),
                );
                for key in found.uncompared {
                    *report.uncompared.entry(key).or_default() += 1;
                }
                if adapter.is_none()
                    && config.endpoint.is_none()
                    && let Some(mut more) = suite.run_production(&v.input, &v.expected)
                {
                    report.signer_checked += 1;
                    found.mismatches.append(&mut more);
                }
                (!found.mismatches.is_empty()).then_some(Problem::Mismatches(found.mismatches))
            }
        };
        report.compared += 1;
        match (problem, listed) {
            (None, false) => report.passed += 1,
            (Some(_), true) => report.skipped += 1,
            (None, true) => {
                let message =
                    "listed as an expected failure, but it passes: remove it from the list";
                fail(
                    &mut report,
                    Some(v),
                    &v.id,
                    Problem::Message(message.into()),
                );
            }
            (Some(problem), false) => fail(&mut report, Some(v), &v.id, problem),
        }
    }
    report.skipped_suites = tally
        .into_iter()
        .filter(|&(_, selected, skipped)| selected > 0 && skipped == selected)
        .map(|(name, ..)| name)
        .collect();
    Ok(report)
}

/// Counts a failure, with the vector's file and input when there is a vector.
fn fail(report: &mut Report, v: Option<&Vector>, id: &str, problem: Problem) {
    report.failed += 1;
    report.failures.push(Failure {
        id: id.to_owned(),
        file: v.map(|v| v.file.clone()),
        input: v.map(|v| v.input.clone()),
        problem,
    });
}
