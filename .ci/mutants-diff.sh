#!/usr/bin/env bash
# Mutation testing of what one commit changed in the library: every mutant cargo-mutants makes
# of the lines the commit added under src/ must be caught by the tests (.cargo/mutants.toml
# says which), or be listed there as equivalent with its reason. A surviving mutant fails.
#
#   .ci/mutants-diff.sh [BASE]     BASE defaults to HEAD~1: the last commit alone.
#
# The run is capped at MUTANTS_CAP seconds (default 720) so that a large commit cannot push CI
# past its limit: at the cap it stops, says how many mutants it did not reach, and still fails
# on any survivor found. Timeouts (a mutant that makes a test hang) count as caught.
set -euo pipefail
cd "$(dirname "$0")/.."

base=${1:-HEAD~1}
cap=${MUTANTS_CAP:-720}
version=27.1.0

if ! git rev-parse -q --verify "$base^{commit}" >/dev/null; then
  echo "no commit $base to compare with: nothing to mutate"
  exit 0
fi
diff_file=$(mktemp)
trap 'rm -f "$diff_file"' EXIT
git diff "$base" HEAD -- src >"$diff_file"
if [ ! -s "$diff_file" ]; then
  echo "$(git rev-parse --short HEAD) changes no library source since $base: nothing to mutate"
  exit 0
fi

if [ "$(cargo mutants --version 2>/dev/null)" != "cargo-mutants $version" ]; then
  cargo install cargo-mutants --version "$version" --locked --quiet
fi

count=$(cargo mutants --in-diff "$diff_file" --list | wc -l)
echo "$count mutants in the lines changed since $base"
if [ "$count" -eq 0 ]; then
  exit 0
fi

out=target/mutants-diff
rm -rf "$out"
status=0
timeout --signal=INT --kill-after=60 "$cap" \
  cargo mutants --in-diff "$diff_file" -j 2 --no-shuffle -o "$out" || status=$?
results=$out/mutants.out
tested=$(cat "$results"/{caught,missed,timeout,unviable}.txt 2>/dev/null | wc -l)
if [ -s "$results/missed.txt" ]; then
  echo "surviving mutants (kill each with a test, or list it in .cargo/mutants.toml with why it is equivalent):"
  sed 's/^/  /' "$results/missed.txt"
  exit 1
fi
case $status in
  0 | 3) echo "every mutant caught ($tested of $count; timeouts count as caught)" ;;
  124 | 130) echo "cut at the ${cap}s cap: $tested of $count mutants tested, none survived" ;;
  *) echo "cargo mutants failed (exit $status)"; exit 1 ;;
esac
