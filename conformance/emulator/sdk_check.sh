#!/usr/bin/env bash
# Drives the official SDKs (aliyun-python-sdk-core V1, alibabacloud-ecs20140526 on tea-openapi V3,
# @alicloud/pop-core V1) against a running `ecs-conformance serve`, through their own public APIs
# (sdk_python.py, sdk_node.js). Installs the pinned SDKs first (setup.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if ! sdk=$("$here/setup.sh"); then
  echo "SKIPPED: the pinned SDKs could not be installed from PyPI and npm."
  exit 0
fi
source "$here/start.sh"
timeout 300 "$sdk/venv/bin/python" "$here/sdk_python.py" "$url"
NODE_PATH="$sdk/node_modules" timeout 300 node "$here/sdk_node.js" "$url"
# The SDK report card: regenerated, and compared with the committed one (UPDATE_SDK_REPORT=1
# writes it instead).
node_results=$(mktemp)
NODE_PATH="$sdk/node_modules" timeout 300 node "$here/report_card_node.js" "$url" >"$node_results"
card=$(mktemp)
timeout 300 "$sdk/venv/bin/python" "$here/report_card.py" "$url" "$node_results" >"$card"
committed="$here/../SDK-REPORT.md"
if [ "${UPDATE_SDK_REPORT:-}" = 1 ]; then
  cp "$card" "$committed"
elif ! diff -u "$committed" "$card"; then
  echo "conformance/SDK-REPORT.md differs from this run (UPDATE_SDK_REPORT=1 $0 rewrites it)"
  exit 1
fi
rm -f "$node_results" "$card"
# The README's Node example, as written (it starts its own emulator).
example=$(mktemp --suffix=.js)
awk '/^```js$/ { on = 1; next } /^```$/ { on = 0 } on' "$root/README.md" >"$example"
NODE_PATH="$sdk/node_modules" ECS_CONFORMANCE="$bin" timeout 60 node "$example"
rm -f "$example"
kill -TERM "$pid"
wait "$pid"
