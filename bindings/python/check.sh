#!/usr/bin/env bash
# Builds and installs the Python package from source (pip, maturin from PyPI, the machine's
# toolchain) into a scratch venv, checks its Rust with fmt and clippy, runs its pytest tests, and
# runs the conformance suites it covers through conformance/adapters/python_package.py.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
(cd "$here" && cargo fmt --check && cargo clippy -q -- -D warnings)
venv="$root/target/py-bind"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
# The official SDK the emulator's tests drive (pinned beside the emulator's other SDK checks).
if ! "$venv/bin/pip" install -q "$here" pytest -r "$root/conformance/emulator/requirements.txt"; then
  echo "SKIPPED: the package's build tools could not be installed from PyPI."
  exit 0
fi
"$venv/bin/python" -m pytest -q "$here/tests"
# The Python examples of this package's README and of the repository's, run as written.
example=$(mktemp --suffix=.py)
for readme in "$here/README.md" "$root/README.md"; do
  awk '/^```python$/ { on = 1; next } /^```$/ { on = 0 } on' "$readme" >"$example"
  "$venv/bin/python" "$example"
done
rm -f "$example"
bin="$root/target/release/ecs-conformance"
[ -x "$bin" ] || cargo build --release -q -p ecs-conformance --manifest-path "$root/Cargo.toml"
"$bin" --adapter "'$venv/bin/python' '$root/conformance/adapters/python_package.py'"
