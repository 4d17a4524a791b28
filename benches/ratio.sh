#!/usr/bin/env bash
# Runs benches ROUNDS times (default 11), each in a fresh process, and prints the median of the
# paired ratios end_to_end / floor with their spread. `benches/ratio.sh` (or `sign`): signing,
# V1 (`sign/*`, floor `hmac_only`) and V3 (`sign_v3/*`, floor `floor`); `benches/ratio.sh
# verify`: verification (`verify/{v1,v3}/*`, floor `floor`). On a shared VM the same binary
# varies by 20% or more from run to run (stack placement, neighbours), so one criterion run
# says little about a ratio; the median over many does.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${ROUNDS:-11}
case ${1:-sign} in
  sign)
    bench_name=signing
    pairs="sign/delete_instance:hmac_only sign/delete_instances_100:hmac_only
           sign_v3/delete_instance:floor sign_v3/delete_instances_100:floor" ;;
  verify)
    bench_name=verifying
    pairs="verify/v1/delete_instance:floor verify/v1/delete_instances_100:floor
           verify/v3/delete_instance:floor verify/v3/delete_instances_100:floor" ;;
  *) echo "usage: benches/ratio.sh [sign|verify]" >&2; exit 2 ;;
esac
cargo bench --bench "$bench_name" --no-run -q 2>/dev/null
bench=$(ls -t target/release/deps/"$bench_name"-* | grep -v '\.d$' | head -1)
out=$(mktemp)
for _ in $(seq "$rounds"); do
  for pair in $pairs; do
    group=${pair%%:*}
    for id in "$group/end_to_end" "$group/${pair##*:}"; do
      "$bench" --bench "^$id\$" --warm-up-time 0.5 --measurement-time 1 2>&1 \
        | awk -v id="$id" '/time:/ {v=$4; if ($5=="µs") v*=1000; print id, v}' >> "$out"
    done
  done
done
python3 - "$out" $pairs <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    name, ns = line.split()
    runs[name].append(float(ns))
for pair in sys.argv[2:]:
    group, floor = pair.split(":")
    e2e, base = runs[f"{group}/end_to_end"], runs[f"{group}/{floor}"]
    ratios = sorted(a / b for a, b in zip(e2e, base))
    q = len(ratios) // 4
    print(f"{group}: end_to_end {statistics.median(e2e):.0f} ns, "
          f"{floor} {statistics.median(base):.0f} ns, median ratio {statistics.median(ratios):.2f} "
          f"(quartiles {ratios[q]:.2f}-{ratios[-1 - q]:.2f}, range {ratios[0]:.2f}-{ratios[-1]:.2f}, "
          f"{len(ratios)} runs)")
PY
rm -f "$out"
