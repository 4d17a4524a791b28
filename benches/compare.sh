#!/usr/bin/env bash
# Compares the benches of BASE (a commit) with the working tree's, side by side: builds BASE in a
# scratch worktree, then runs both bench binaries in alternation, ROUNDS times (default 7), each
# id in a fresh process, and prints per group the median end_to_end / floor ratio of each and
# their quotient (head over base; under 1.10 is within the bound issue 23 sets). Alternating runs
# on the same machine are what make two builds comparable on a shared VM.
#
#   benches/compare.sh BASE [sign|verify]
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: benches/compare.sh BASE [sign|verify]}
rounds=${ROUNDS:-7}
source benches/groups.sh
groups "${2:-sign}" || { echo "usage: benches/compare.sh BASE [sign|verify]" >&2; exit 2; }

tree=target/compare-base
if [ "$(git -C "$tree" rev-parse HEAD 2>/dev/null)" != "$(git rev-parse "$base^{commit}")" ]; then
  git worktree remove --force "$tree" 2>/dev/null || rm -rf "$tree"
  git worktree add -q --detach "$tree" "$base"
fi
(cd "$tree" && CARGO_TARGET_DIR="$PWD/../compare-base-target" cargo bench --bench "$bench_name" --no-run -q)
cargo bench --bench "$bench_name" --no-run -q
newest() { ls -t "$1"/release/deps/"$bench_name"-* | grep -v '\.d$' | head -1; }
declare -A bin=([base]=$(newest target/compare-base-target) [head]=$(newest target))

cpu=$(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')
echo "${cpu:-unknown CPU}; base $(git rev-parse --short "$base") against the working tree; $rounds rounds"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for _ in $(seq "$rounds"); do
  for pair in $pairs; do
    IFS=: read -r group numerator floor <<< "$pair"
    for which in base head; do
      for id in "$group/$numerator" "$group/$floor"; do
        "${bin[$which]}" --bench "^$id\$" --warm-up-time 0.5 --measurement-time 1 2>&1 \
          | awk -v w="$which" -v pair="$pair" -v id="$id" \
              '/time:/ {v=$4; if ($5=="µs") v*=1000; if ($5=="ms") v*=1000000; print w, pair, id, v}' >> "$out"
      done
    done
  done
done
python3 - "$out" $pairs <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    which, pair, name, ns = line.split()
    runs[which, pair, name].append(float(ns))
for pair in sys.argv[2:]:
    group, numerator, floor = pair.split(":")
    median = {}
    for which in ("base", "head"):
        e2e, fl = runs[which, pair, f"{group}/{numerator}"], runs[which, pair, f"{group}/{floor}"]
        if e2e and fl:
            median[which] = statistics.median(a / b for a, b in zip(e2e, fl))
    if "base" not in median:
        # A group the base has no bench for (a new one): the head's ratio alone.
        print(f"{group}: base (none), head {median.get('head', float('nan')):.2f}")
        continue
    print(f"{group}: base {median['base']:.2f}, head {median['head']:.2f}, "
          f"head/base {median['head'] / median['base']:.3f}")
PY
