#!/usr/bin/env bash
# Runs every `service` vector against `ecs-conformance serve` over HTTP (the same vectors the
# runner runs in-process), then stops the server with SIGTERM and requires a clean exit.
set -euo pipefail
source "$(dirname "$0")/start.sh"
status=0
"$bin" --endpoint "$url" --reset-target --filter service/ || status=$?
# A short, bounded load run: every answer must be the expected one (figures: BENCHMARKS.md).
"$bin" load --endpoint "$url" --reset-target --requests 20000 --connections 16 --phase 10000 --max-seconds 60 \
  --server-pid "$pid" || status=1
kill -TERM "$pid"
if ! wait "$pid"; then
  echo "serve did not exit cleanly on SIGTERM"; exit 1
fi
exit $status
