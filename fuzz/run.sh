#!/usr/bin/env bash
# Runs fuzz campaigns: ./run.sh SECONDS [TARGET...] (all targets when none are named).
# Uses cargo-fuzz with the stable toolchain through RUSTC_BOOTSTRAP=1 (nightly works too).
# New corpus entries go to corpus/<target> (not committed); seeds/<target> is read too.
# Prints libFuzzer's final stats per target; exits non-zero on the first crash.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:?usage: run.sh SECONDS [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(response request_params verify percent_roundtrip sign_verify acs3 service rsa_keys)
export RUSTC_BOOTSTRAP=1
for t in "${targets[@]}"; do
  case $t in
    response) dict=(-dict=dicts/response.dict) ;;
    sign_verify | service | rsa_keys) dict=() ;;
    *) dict=(-dict=dicts/query.dict) ;;
  esac
  mkdir -p "corpus/$t"
  log=$(mktemp "${TMPDIR:-/tmp}/fuzz-$t.XXXXXX")
  echo "== fuzz $t for ${seconds}s (full log: $log)"
  status=0
  cargo fuzz run -O "$t" "corpus/$t" "seeds/$t" -- \
    -max_total_time="$seconds" -print_final_stats=1 -max_len=16384 "${dict[@]}" >"$log" 2>&1 || status=$?
  grep -E 'DONE|^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)|seed corpus' "$log" || true
  if [ "$status" -ne 0 ]; then
    echo "== $t found a crash (exit $status):"
    grep -E 'ERROR|panicked|SUMMARY|Test unit written|artifact' "$log" | head -20 || true
    exit 1
  fi
done
