//! Every conformance vector under `conformance/vectors/`, run in-process by `cargo test`, the way
//! rust-url runs the WPT data (`harness = false`): the same runner as the main job
//! (`cargo run -p ecs-conformance`), against this crate, with the production `Signer` check, and
//! no expected failure.
//!
//! One message per mismatching field, with the vector's file and input; the closing line has
//! libtest's form, so tools that read `cargo test` output count the vectors.
//!
//! Arguments, as libtest takes them: a substring of vector ids selects those vectors
//! (`cargo test -p ecs-conformance --test vectors -- verify/`); `--list` prints the ids;
//! `--ignored` runs nothing (no vector is ignored); libtest's other flags are accepted and have
//! no effect.

use std::process::ExitCode;

use ecs_conformance::runner::{self, Config};

fn main() -> ExitCode {
    let mut filter = None;
    let mut list = false;
    let mut ignored_only = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--list" => list = true,
            "--ignored" => ignored_only = true,
            // libtest's flags that take a value: the value is not a filter.
            "--format" | "--test-threads" | "--skip" | "--color" | "-Z" | "--logfile" => {
                args.next();
            }
            flag if flag.starts_with('-') => {}
            name => filter = Some(name.to_owned()),
        }
    }
    let config = Config {
        filter,
        ..Config::default()
    };

    if list {
        // A filter that selects nothing lists nothing, as libtest does.
        if let Ok(selection) = runner::select(&config) {
            for v in selection.selected().filter(|_| !ignored_only) {
                println!("{}: test", v.id);
            }
        }
        return ExitCode::SUCCESS;
    }
    if ignored_only {
        println!("test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out");
        return ExitCode::SUCCESS;
    }

    let report = match runner::run(&config) {
        Ok(report) => report,
        Err(message) => {
            eprintln!("the vectors did not run: {message}");
            return ExitCode::FAILURE;
        }
    };
    for line in report.text_lines() {
        println!("{line}");
    }
    // The repository's own implementation supports every suite: a skip here is a vector this
    // crate stopped answering, and counts against the run.
    let passed = report.ok() && report.skipped == 0 && report.passed > 0;
    println!(
        "\nconformance vectors: {}; {} also signed through the production Signer",
        report.summary(),
        report.signer_checked
    );
    println!(
        "test result: {}. {} passed; {} failed; 0 ignored; 0 measured; 0 filtered out\n",
        if passed { "ok" } else { "FAILED" },
        report.passed,
        report.failed + report.skipped,
    );
    if passed {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
