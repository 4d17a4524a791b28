#!/usr/bin/env bash
# Compares BASE (a commit) with the working tree in instructions, not seconds: builds
# benches/instructions/probe.rs in both (the base in a scratch worktree), runs each bench group's end_to_end
# and floor under callgrind at N and 2N operations, and prints the instructions per operation,
# the end_to_end / floor ratio of each build and head over base. An instruction count is the
# same for the same binary and inputs however busy the machine is, so one run decides what
# alternating wall-clock runs on a shared VM cannot (BENCHMARKS.md). Needs valgrind.
#
#   benches/instructions.sh BASE [sign|verify|all]
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: benches/instructions.sh BASE [sign|verify|all]}
n=${N:-500}
command -v valgrind > /dev/null || { echo "instructions.sh: valgrind is needed" >&2; exit 2; }
case ${2:-all} in
  sign) groups="sign sign_v3" ;;
  verify) groups="verify/v1 verify/v3" ;;
  all) groups="sign sign_v3 verify/v1 verify/v3" ;;
  *) echo "usage: benches/instructions.sh BASE [sign|verify|all]" >&2; exit 2 ;;
esac

tree=target/instructions-base
if [ "$(git -C "$tree" rev-parse HEAD 2>/dev/null)" != "$(git rev-parse "$base^{commit}")" ]; then
  git worktree remove --force "$tree" 2>/dev/null || rm -rf "$tree"
  git worktree add -q --detach "$tree" "$base"
fi
cp benches/instructions/probe.rs "$tree/examples/zz_probe.rs"
# A base from before the two-step verifier calls the verifier the old way (see the probe).
flags="-A unexpected_cfgs"
git grep -q "pub fn verify_v3" "$base" -- src && flags="$flags --cfg probe_before_one_core"
(cd "$tree" && RUSTFLAGS="$flags" CARGO_TARGET_DIR="$PWD/../instructions-base-target" \
  cargo build -q --release --example zz_probe)
cargo build -q --release --example probe
declare -A bin=([base]=target/instructions-base-target/release/examples/zz_probe
                [head]=target/release/examples/probe)

# Instructions per operation: callgrind's total at 2N less its total at N, over N.
count() {
  local total
  for k in 1 2; do
    total[$k]=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" "$2" "$3" $((k * n)) 2>&1 \
      | sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
  done
  echo $(( (total[2] - total[1]) / n ))
}

echo "base $(git rev-parse --short "$base") against the working tree; instructions per operation (N=$n)"
for prefix in $groups; do
  for request in delete_instance delete_instances_100; do
    group=$prefix/$request
    declare -A e f
    for which in base head; do
      e[$which]=$(count "${bin[$which]}" "$group" end_to_end)
      f[$which]=$(count "${bin[$which]}" "$group" floor)
    done
    python3 -c '
import sys
g, eb, fb, eh, fh = sys.argv[1], *map(int, sys.argv[2:])
print(f"{g}: end_to_end base {eb:,} head {eh:,} (head/base {eh / eb:.3f}); "
      f"floor base {fb:,} head {fh:,}; ratio base {eb / fb:.3f} head {eh / fh:.3f}, "
      f"head/base {(eh / fh) / (eb / fb):.3f}")' "$group" "${e[base]}" "${f[base]}" "${e[head]}" "${f[head]}"
  done
done
