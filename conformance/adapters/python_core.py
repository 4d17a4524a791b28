#!/usr/bin/env python3
"""Conformance adapter for aliyun-python-sdk-core: the rpc-sign-v1 suite.

Speaks the JSON-lines protocol of conformance/SPEC.md: one {"suite", "id", "input"} line in, one
{"output": {...}} or {"unsupported": true} line out. The SDK's composer gives the string to sign;
the canonical query is its third `&` field decoded once; the signature is the SDK's HMAC-SHA1.
Unsupported: every other suite, and parameter lists that repeat a name (the SDK takes a dict).
"""
import importlib
import json
import sys
import urllib.parse

from aliyunsdkcore.auth.algorithm import sha_hmac1

composer = importlib.import_module("aliyunsdkcore.auth.composer.rpc_signature_composer")


def rpc_sign_v1(inp):
    params = [tuple(p) for p in inp["params"]]
    if len({n for n, _ in params}) != len(params):
        return None
    method = inp["method"]
    sts = getattr(composer, "__compose_string_to_sign")(method, dict(params))
    canonical = urllib.parse.unquote(sts[len(method) + len("&%2F&"):])
    return {"canonical_query": canonical, "string_to_sign": sts,
            "signature": sha_hmac1.get_sign_string(sts, inp["access_key_secret"] + "&")}


for line in sys.stdin:
    request = json.loads(line)
    output = rpc_sign_v1(request["input"]) if request["suite"] == "rpc-sign-v1" else None
    print(json.dumps({"unsupported": True} if output is None else {"output": output}), flush=True)
