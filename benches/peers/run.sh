#!/usr/bin/env bash
# Times the official SDKs signing the two bench requests, beside ours, and checks that their
# signatures equal ours. Installs the pinned SDKs first (conformance/generators/setup.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
sdk=$("$root/conformance/generators/setup.sh")
cargo build --release -q -p ecs-conformance --manifest-path "$root/Cargo.toml"
sign() {
  ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI5tExampleKeyId ALIBABA_CLOUD_ACCESS_KEY_SECRET=ExampleSecret0123456789abcdefgh \
    "$root/target/release/ecs-conformance" sign --via get --timestamp 2026-11-23T08:30:00Z \
    --nonce 6a1f0c8e-3b2d-4c5e-9f70-1a2b3c4d5e6f --region cn-hangzhou "$@" \
    | sed -e 's/.*&Signature=//' | python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote(sys.stdin.read().strip()))'
}
ids=$(for n in $(seq 1 100); do printf -- '--instance-id i-bp1g6zv0ce8oghu7k%03dz ' "$n"; done)
one=$(sign --instance-id i-bp1g6zv0ce8oghu7k2zz --force)
# shellcheck disable=SC2086
hundred=$(sign $ids)
# Signature V3, POST with the parameters in the query (the crate's default): the Authorization.
sign_v3() {
  ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI5tExampleKeyId ALIBABA_CLOUD_ACCESS_KEY_SECRET=ExampleSecret0123456789abcdefgh \
    "$root/target/release/ecs-conformance" sign --signature v3 --via post --timestamp 2026-11-23T08:30:00Z \
    --nonce 6a1f0c8e-3b2d-4c5e-9f70-1a2b3c4d5e6f --region cn-hangzhou "$@" | sed -n 's/^authorization: //p'
}
one_v3=$(sign_v3 --instance-id i-bp1g6zv0ce8oghu7k2zz --force)
# shellcheck disable=SC2086
hundred_v3=$(sign_v3 $ids)
# The other two algorithms: SM3 with the secret, RSA with the generators' test key.
keys="$root/conformance/generators/keys"
one_sm3=$(sign_v3 --algorithm ACS3-HMAC-SM3 --instance-id i-bp1g6zv0ce8oghu7k2zz --force)
# shellcheck disable=SC2086
hundred_sm3=$(sign_v3 --algorithm ACS3-HMAC-SM3 $ids)
one_rsa=$(sign_v3 --algorithm ACS3-RSA-SHA256 --private-key "$keys/rsa-a.pem" --instance-id i-bp1g6zv0ce8oghu7k2zz --force)
# shellcheck disable=SC2086
hundred_rsa=$(sign_v3 --algorithm ACS3-RSA-SHA256 --private-key "$keys/rsa-a.pem" $ids)
echo "ours: $one $hundred"
"$sdk/venv/bin/python" "$here/peers.py" --ours "$one" "$hundred" --ours-v3 "$one_v3" "$hundred_v3" \
  --ours-sm3 "$one_sm3" "$hundred_sm3" --ours-rsa "$one_rsa" "$hundred_rsa" --rsa-key "$keys/rsa-a.pem"
NODE_PATH="$sdk/node_modules" node "$here/peers.js" "$one" "$hundred" "$one_v3" "$hundred_v3" \
  "$one_sm3" "$hundred_sm3" "$one_rsa" "$hundred_rsa" "$keys/rsa-a.pem"
# The Python package (bindings/python) beside the Python SDKs, in the same interpreter.
"$sdk/venv/bin/pip" install -q "$root/bindings/python"
"$sdk/venv/bin/python" "$here/python_package.py"
