#!/usr/bin/env bash
# Installs the pinned official SDKs into a scratch folder (default: target/sdk at the repository
# root) and prints the folder. Python from PyPI, Node from the npm registry.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dest=${SDK_DIR:-$here/../../target/sdk}
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
if [ ! -x "$dest/venv/bin/python" ]; then
  python3 -m venv "$dest/venv"
fi
"$dest/venv/bin/pip" install -q -r "$here/requirements.txt"
cp "$here/package.json" "$dest/package.json"
(cd "$dest" && npm install --silent --no-audit --no-fund >/dev/null)
echo "$dest"
