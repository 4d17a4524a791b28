#!/usr/bin/env bash
# Runs every `service` vector against `ecs-conformance serve` over HTTP (the same vectors the
# runner runs in-process), then stops the server with SIGTERM and requires a clean exit.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bin="$root/target/release/ecs-conformance"
[ -x "$bin" ] || cargo build --release -q -p ecs-conformance --manifest-path "$root/Cargo.toml"
out=$(mktemp)
"$bin" serve --listen 127.0.0.1:0 >"$out" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 100); do
  grep -q '^listening on ' "$out" && break
  sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$out" | head -1)
[ -n "$url" ] || { echo "serve did not start:"; cat "$out"; exit 1; }
status=0
"$bin" --endpoint "$url" --filter service/ || status=$?
# A short, bounded load run: every answer must be the expected one (figures: BENCHMARKS.md).
"$bin" load --endpoint "$url" --requests 20000 --connections 16 --phase 10000 --max-seconds 60 \
  --server-pid "$pid" || status=1
kill -TERM "$pid"
if ! wait "$pid"; then
  echo "serve did not exit cleanly on SIGTERM"; exit 1
fi
exit $status
