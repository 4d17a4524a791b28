#!/usr/bin/env bash
# Installs the pinned official SDKs (generators/setup.sh) and runs the whole suite through every
# shipped adapter, each with its expected-failures file. Run from anywhere.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if ! sdk=$("$root/conformance/generators/setup.sh"); then
  echo "SKIPPED: the pinned SDKs could not be installed from PyPI and npm."
  exit 0
fi
runner="$root/target/release/ecs-conformance"
[ -x "$runner" ] || cargo build --release -q -p ecs-conformance --manifest-path "$root/Cargo.toml"
status=0
for adapter in python_core python_openapi_util node_openapi_util; do
  case $adapter in
    node_*) cmd="NODE_PATH='$sdk/node_modules' node '$here/$adapter.js'" ;;
    *) cmd="'$sdk/venv/bin/python' '$here/$adapter.py'" ;;
  esac
  echo "== $adapter"
  "$runner" --adapter "$cmd" --expected-failures "$here/$adapter.expected-failures" || status=1
done
exit $status
