#!/usr/bin/env bash
# Installs the pinned SDKs the emulator checks drive (requirements.txt, package.json) into a
# scratch folder (default: target/sdk-emulator at the repository root) and prints the folder.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dest=${SDK_EMULATOR_DIR:-$here/../../target/sdk-emulator}
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
[ -x "$dest/venv/bin/python" ] || python3 -m venv "$dest/venv"
"$dest/venv/bin/pip" install -q -r "$here/requirements.txt"
cp "$here/package.json" "$dest/package.json"
(cd "$dest" && npm install --silent --no-audit --no-fund >/dev/null)
echo "$dest"
