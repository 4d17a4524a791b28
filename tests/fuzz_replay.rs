// The crate is Sans-IO; this test is not: it reads the committed seed files.
#![allow(clippy::disallowed_methods)]

//! Replays every committed fuzz seed and every past crash through the fuzz target bodies, on
//! the stable toolchain, in plain `cargo test`. A crash found by a campaign is saved under
//! `fuzz/regressions/<target>/` with a name saying what it was, and stays here for good.

use std::fs;
use std::path::Path;

use aliyun_ecs_delete::fuzzing::{TARGETS, run};

fn replay(folder: &Path) -> usize {
    let Ok(targets) = fs::read_dir(folder) else {
        return 0;
    };
    let mut count = 0;
    for target in targets {
        let target = target.expect("a readable folder").path();
        let name = target
            .file_name()
            .and_then(|n| n.to_str())
            .expect("a UTF-8 name")
            .to_owned();
        assert!(
            TARGETS.contains(&name.as_str()),
            "{} is not a fuzz target",
            target.display()
        );
        for input in fs::read_dir(&target).expect("a readable folder") {
            let input = input.expect("a readable file").path();
            let data = fs::read(&input).expect("a readable file");
            assert!(run(&name, &data), "{name}");
            count += 1;
        }
    }
    count
}

#[test]
fn every_seed_and_past_crash_replays_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let seeds = replay(&root.join("seeds"));
    replay(&root.join("regressions"));
    assert!(seeds >= 100, "the seed corpus is missing ({seeds} inputs)");
}

#[test]
fn every_target_has_seeds() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join("seeds");
    for target in TARGETS {
        let count = fs::read_dir(root.join(target))
            .map(|d| d.count())
            .unwrap_or(0);
        assert!(count > 0, "no seeds for {target}");
    }
}
