#!/usr/bin/env bash
# The library's public API, listed one item a line by cargo-public-api from rustdoc's JSON, must
# equal the committed listing (public-api.txt), so that every change to the surface shows in
# review. `.ci/public-api.sh --update` rewrites the listing after a deliberate change.
#
# rustdoc's JSON output is unstable: RUSTC_BOOTSTRAP=1 lets the stable toolchain write it, and
# cargo-public-api is pinned to a release that reads the format this toolchain writes (format
# 57, Rust 1.95). A newer toolchain may need a newer pin.
set -euo pipefail
cd "$(dirname "$0")/.."

version=0.52.0
if ! cargo public-api --version 2>/dev/null | grep -qx "cargo-public-api $version"; then
  cargo install cargo-public-api --version "$version" --locked --quiet
fi

listing=$(mktemp)
trap 'rm -f "$listing"' EXIT
# Every feature but the hidden fuzz bodies' own is public surface; the `fuzzing` module is
# `#[doc(hidden)]` and lists nothing, so all features are taken.
RUSTC_BOOTSTRAP=1 cargo public-api --package aliyun-ecs-delete --all-features -ss \
  --color never >"$listing" 2>/dev/null

if [ "${1:-}" = "--update" ]; then
  cp "$listing" public-api.txt
  echo "public-api.txt: $(wc -l <public-api.txt) items"
  exit 0
fi
if ! diff -u public-api.txt "$listing"; then
  echo "The public API differs from public-api.txt (above: - committed, + now)."
  echo "If the change is meant, run .ci/public-api.sh --update and commit public-api.txt."
  exit 1
fi
echo "public API unchanged: $(wc -l <public-api.txt) items"
