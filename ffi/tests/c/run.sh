#!/usr/bin/env bash
# Builds the C ABI as a static library, compiles ffi_test.c against it with every warning an
# error, runs it, and runs it again under valgrind (no leak, no error) when valgrind is there.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
cargo build -q -p aliyun-ecs-delete-ffi --manifest-path "$root/Cargo.toml"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
gcc -std=c11 -Wall -Wextra -Werror -g -I "$root/ffi/include" "$here/ffi_test.c" \
  "$root/target/debug/libaliyun_ecs_delete_ffi.a" -lpthread -ldl -lm -o "$out/ffi_test"
"$out/ffi_test"
if command -v valgrind >/dev/null 2>&1; then
  valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible \
    --error-exitcode=1 "$out/ffi_test"
else
  echo "SKIPPED: valgrind is not installed; the test ran without the memory checker."
fi
