#!/usr/bin/env bash
# Drives the official SDKs (aliyun-python-sdk-core V1, alibabacloud-ecs20140526 on tea-openapi V3,
# @alicloud/pop-core V1) against a running `ecs-conformance serve`, through their own public APIs
# (sdk_python.py, sdk_node.js). Installs the pinned SDKs first (setup.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if ! sdk=$("$here/setup.sh"); then
  echo "SKIPPED: the pinned SDKs could not be installed from PyPI and npm."
  exit 0
fi
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
timeout 300 "$sdk/venv/bin/python" "$here/sdk_python.py" "$url"
NODE_PATH="$sdk/node_modules" timeout 300 node "$here/sdk_node.js" "$url"
kill -TERM "$pid"
wait "$pid"
