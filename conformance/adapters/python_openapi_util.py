#!/usr/bin/env python3
"""Conformance adapter for alibabacloud-openapi-util (Python): rpc-sign-v1 and acs3-sign.

Speaks the JSON-lines protocol of conformance/SPEC.md. The SDK exposes only final values: the V1
signature (`get_rpcsignature`) and the V3 Authorization (`get_authorization`), so the output
holds `signature` (and `authorization` for V3); the runner compares the keys an adapter gives.
The SDK signs every header it is handed, while tea-openapi hands it the headers it sends: the
adapter hands it the ones the protocol signs (host, content-type, x-acs-*). Each V3 algorithm is
the SDK's own; for ACS3-RSA-SHA256 the SDK takes the key only as PKCS#1 (it wraps anything else
in `RSA PRIVATE KEY` armour), so a PKCS#8 PEM is converted first (with `cryptography`, which the
SDK itself depends on).
Unsupported: other suites; repeated parameter names; a path other than "/".
"""
import json
import sys

from alibabacloud_openapi_util.client import Client
from cryptography.hazmat.primitives import serialization
from Tea.request import TeaRequest


def signed(name):
    n = name.lower()
    return n.startswith("x-acs-") or n in ("host", "content-type")


def rpc_sign_v1(inp):
    params = [tuple(p) for p in inp["params"]]
    if len({n for n, _ in params}) != len(params):
        return None
    return {"signature": Client.get_rpcsignature(dict(params), inp["method"], inp["access_key_secret"])}


def acs3_sign(inp):
    query = [tuple(p) for p in inp["query"]]
    if len({n for n, _ in query}) != len(query) or inp.get("path", "/") != "/":
        return None
    req = TeaRequest()
    req.method, req.pathname, req.query = inp["method"], "/", dict(query)
    req.headers = {}
    for name, value in inp["headers"]:
        if signed(name):
            if name in req.headers:
                return None
            req.headers[name] = value
    algorithm = inp.get("algorithm") or "ACS3-HMAC-SHA256"
    payload = Client.hex_encode(Client.hash(inp.get("body", "").encode(), algorithm))
    secret = inp["access_key_secret"]
    if algorithm == "ACS3-RSA-SHA256" and "-----BEGIN PRIVATE KEY-----" in secret:
        key = serialization.load_pem_private_key(secret.encode(), password=None)
        secret = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                   serialization.NoEncryption()).decode().strip()
    auth = Client.get_authorization(req, algorithm, payload, inp["access_key_id"], secret)
    return {"authorization": auth, "signature": auth.rsplit("Signature=", 1)[1]}


SUITES = {"rpc-sign-v1": rpc_sign_v1, "acs3-sign": acs3_sign}
for line in sys.stdin:
    request = json.loads(line)
    run = SUITES.get(request["suite"])
    output = run(request["input"]) if run else None
    print(json.dumps({"unsupported": True} if output is None else {"output": output}), flush=True)
