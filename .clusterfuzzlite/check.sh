#!/usr/bin/env bash
# Proves .clusterfuzzlite/build.sh outside its builder image: runs it with local folders as
# $SRC and $OUT (stable toolchain through RUSTC_BOOTSTRAP=1), checks that every fuzz target
# landed in $OUT with its options, dictionary and seed corpus, then runs each built fuzzer once
# over every seed of its zipped corpus, as ClusterFuzzLite would start it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/cflite.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/src" "$work/out"
ln -s "$root" "$work/src/aliyun-ecs-delete"
SRC="$work/src" OUT="$work/out" RUSTC_BOOTSTRAP=1 bash "$root/.clusterfuzzlite/build.sh"

targets=$(sed -n 's/^name = "\(.*\)"$/\1/p' "$root/fuzz/Cargo.toml" | grep -v '^aliyun-ecs-delete-fuzz$')
for t in $targets; do
  out="$work/out/$t"
  [ -x "$out" ] || { echo "check.sh: $t was not built into \$OUT"; exit 1; }
  [ -f "$out.options" ] || { echo "check.sh: $t has no options file"; exit 1; }
  [ -f "${out}_seed_corpus.zip" ] || { echo "check.sh: $t has no seed corpus"; exit 1; }
  seeds="$work/seeds/$t"
  mkdir -p "$seeds"
  python3 -m zipfile -e "${out}_seed_corpus.zip" "$seeds"
  count=$(find "$seeds" -type f | wc -l)
  want=$(find "$root/fuzz/seeds/$t" -type f | wc -l)
  [ "$count" -eq "$want" ] || { echo "check.sh: $t corpus holds $count of $want seeds"; exit 1; }
  dict=()
  [ -f "$out.dict" ] && dict=(-dict="$out.dict")
  log="$work/$t.log"
  if ! "$out" -runs=0 -max_len=16384 "${dict[@]}" "$seeds" >"$log" 2>&1; then
    echo "check.sh: $t failed over its seeds:"; tail -20 "$log"; exit 1
  fi
  grep -q 'INITED' "$log" || { echo "check.sh: $t did not start"; tail -20 "$log"; exit 1; }
  echo "$t: built by build.sh, ran over its $count seeds"
done
