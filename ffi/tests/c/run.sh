#!/usr/bin/env bash
# Builds the C ABI as a static library, compiles ffi_test.c against it with every warning an
# error, runs it, and runs it again under valgrind (no leak, no error) when valgrind is there.
# Builds and runs ffi/examples/delete_instances.c, linked statically and dynamically.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
cargo build -q -p aliyun-ecs-delete-ffi --manifest-path "$root/Cargo.toml"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
gcc -std=c11 -Wall -Wextra -Werror -g -I "$root/ffi/include" "$here/ffi_test.c" \
  "$root/target/debug/libaliyun_ecs_delete_ffi.a" -lpthread -ldl -lm -o "$out/ffi_test"
keys="$root/conformance/generators/keys"
"$out/ffi_test" "$keys"
# The example of ffi/README.md, linked as it says: statically, then against the shared library.
gcc -std=c11 -Wall -Wextra -Werror -I "$root/ffi/include" "$root/ffi/examples/delete_instances.c" \
  "$root/target/debug/libaliyun_ecs_delete_ffi.a" -lpthread -ldl -lm -o "$out/example_static"
gcc -std=c11 -Wall -Wextra -Werror -I "$root/ffi/include" "$root/ffi/examples/delete_instances.c" \
  -L "$root/target/debug" -laliyun_ecs_delete_ffi -Wl,-rpath,"$root/target/debug" -o "$out/example_shared"
"$out/example_static" >/dev/null
"$out/example_shared" | grep -qx 'outcome api_error, code Throttling.User, retry retry after 3 s'
if command -v valgrind >/dev/null 2>&1; then
  valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible --errors-for-leak-kinds=definite,indirect,possible \
    --error-exitcode=1 "$out/ffi_test" "$keys"
else
  echo "SKIPPED: valgrind is not installed; the test ran without the memory checker."
fi
