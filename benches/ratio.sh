#!/usr/bin/env bash
# Runs benches ROUNDS times (default 11), each in a fresh process, and prints the median of the
# paired ratios end_to_end / floor with their spread. `benches/ratio.sh` (or `sign`): signing,
# V1 (`sign/*`, floor `hmac_only`) and V3 (`sign_v3/*`, floor `floor`); `benches/ratio.sh
# verify`: verification (`verify/{v1,v3}/*`, floor `floor`). (V1's feeding experiments and
# their `feed` mode are gone: BENCHMARKS.md keeps what they found.) On a shared VM the same
# binary varies by 20% or more from run to run (stack placement, neighbours), so one criterion
# run says little about a ratio; the median over many does.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-11}
source benches/groups.sh
groups "${1:-sign}" || { echo "usage: benches/ratio.sh [sign|verify]" >&2; exit 2; }
cargo bench --bench "$bench_name" --no-run -q 2>/dev/null
bench=$(ls -t target/release/deps/"$bench_name"-* | grep -v '\.d$' | head -1)
# Ratios depend on the CPU (how fast its SHA unit is against its integer work): say which.
cpu=$(grep -m1 '^model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')
sha=$(grep -qw sha_ni /proc/cpuinfo 2>/dev/null && echo ", SHA extensions" || true)
echo "${cpu:-unknown CPU}$sha; $(nproc 2>/dev/null || echo '?') cores; $rounds rounds"
out=$(mktemp)
for _ in $(seq "$rounds"); do
  for pair in $pairs; do
    IFS=: read -r group numerator floor <<< "$pair"
    for id in "$group/$numerator" "$group/$floor"; do
      "$bench" --bench "^$id\$" --warm-up-time 0.5 --measurement-time 1 2>&1 \
        | awk -v pair="$pair" -v id="$id" '/time:/ {v=$4; if ($5=="µs") v*=1000; if ($5=="ms") v*=1000000; print pair, id, v}' >> "$out"
    done
  done
done
python3 - "$out" $pairs <<'PY'
import collections, statistics, sys
# Runs by pair, then by id: each ratio pairs the two ids measured together for that pair.
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    pair, name, ns = line.split()
    runs[pair, name].append(float(ns))
for pair in sys.argv[2:]:
    group, numerator, floor = pair.split(":")
    e2e, base = runs[pair, f"{group}/{numerator}"], runs[pair, f"{group}/{floor}"]
    ratios = sorted(a / b for a, b in zip(e2e, base))
    q = len(ratios) // 4
    print(f"{group}: {numerator} {statistics.median(e2e):.0f} ns, "
          f"{floor} {statistics.median(base):.0f} ns, median ratio {statistics.median(ratios):.2f} "
          f"(quartiles {ratios[q]:.2f}-{ratios[-1 - q]:.2f}, range {ratios[0]:.2f}-{ratios[-1]:.2f}, "
          f"{len(ratios)} runs)")
PY
rm -f "$out"
