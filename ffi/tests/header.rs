// This test reads and (on request) writes the committed header.
#![allow(clippy::disallowed_methods)]

//! `include/aliyun_ecs_delete.h` is what cbindgen generates from this crate: a change to the C
//! ABI that leaves the header behind fails here. `UPDATE_HEADER=1 cargo test -p
//! aliyun-ecs-delete-ffi --test header` rewrites it.

use std::path::Path;

#[test]
fn the_committed_header_is_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(dir.join("cbindgen.toml")).expect("cbindgen.toml");
    let mut generated = Vec::new();
    cbindgen::Builder::new()
        .with_crate(dir)
        .with_config(config)
        .generate()
        .expect("cbindgen reads the crate")
        .write(&mut generated);
    let path = dir.join("include/aliyun_ecs_delete.h");
    if std::env::var_os("UPDATE_HEADER").is_some() {
        std::fs::write(&path, &generated).expect("write the header");
    }
    let committed = std::fs::read(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "include/aliyun_ecs_delete.h is not current: run UPDATE_HEADER=1 cargo test -p aliyun-ecs-delete-ffi --test header"
    );
}
