#!/bin/bash -eu
# Builds every cargo-fuzz target into $OUT with its seed corpus, dictionary and options, the
# layout ClusterFuzzLite and OSS-Fuzz expect. Runs inside their builder image, where $SRC, $OUT
# and a nightly toolchain are set up; .ci/run also runs it with local folders as $SRC and $OUT
# (and RUSTC_BOOTSTRAP=1 on stable) and runs each fuzzer it built over its seeds.
project="$SRC/aliyun-ecs-delete"
cd "$project"

# The same dictionary choice as fuzz/run.sh.
dict_of() {
  case $1 in
    response) echo fuzz/dicts/response.dict ;;
    sign_verify | service | rsa_keys) ;;
    *) echo fuzz/dicts/query.dict ;;
  esac
}

# Zips a folder's files flat; zip where the image has it, Python's zipfile elsewhere.
zip_flat() {
  local archive=$1 dir=$2
  rm -f "$archive"
  if command -v zip >/dev/null 2>&1; then
    zip -jq "$archive" "$dir"/*
  else
    python3 - "$archive" "$dir" <<'PY'
import os, sys, zipfile
archive, folder = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
    for name in sorted(os.listdir(folder)):
        z.write(os.path.join(folder, name), name)
PY
  fi
}

cargo fuzz build -O
triple=$(rustc -vV | sed -n 's/^host: //p')
built="fuzz/target/$triple/release"
targets=$(cargo fuzz list)
[ -n "$targets" ] || { echo "build.sh: cargo fuzz list names no target" >&2; exit 1; }
for t in $targets; do
  cp "$built/$t" "$OUT/$t"
  if [ -d "fuzz/seeds/$t" ]; then
    zip_flat "$OUT/${t}_seed_corpus.zip" "fuzz/seeds/$t"
  fi
  dict=$(dict_of "$t")
  if [ -n "$dict" ]; then
    cp "$dict" "$OUT/$t.dict"
  fi
  printf '[libfuzzer]\nmax_len = 16384\n' > "$OUT/$t.options"
done
