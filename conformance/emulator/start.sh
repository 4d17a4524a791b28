# Sourced by check.sh and sdk_check.sh: builds ecs-conformance if needed, starts `serve` on a free
# loopback port, and sets $bin, $pid and $url (stopped on exit unless the caller stops it first).
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bin="$root/target/release/ecs-conformance"
[ -x "$bin" ] || cargo build --release -q -p ecs-conformance --manifest-path "$root/Cargo.toml"
serve_out=$(mktemp)
"$bin" serve --listen 127.0.0.1:0 >"$serve_out" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$serve_out"' EXIT
for _ in $(seq 100); do
  grep -q '^listening on ' "$serve_out" && break
  sleep 0.1
done
url=$(sed -n 's/^listening on //p' "$serve_out" | head -1)
[ -n "$url" ] || { echo "serve did not start:"; cat "$serve_out"; exit 1; }
