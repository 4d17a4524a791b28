#!/usr/bin/env python3
"""Conformance adapter for the Python package (bindings/python), run with the interpreter it is
installed in. Covers rpc-sign-v1, acs3-sign, request, response and verify; other suites are
unsupported."""

import base64
import json
import sys

import aliyun_ecs_delete as ecs


def error(e):
    out = {"code": e.code}
    if e.parameter is not None:
        out["parameter"] = e.parameter
    return out


def rpc_sign_v1(inp):
    return ecs.rpc_v1(inp["method"], [tuple(p) for p in inp["params"]], inp["access_key_secret"])


def acs3_sign(inp):
    return ecs.rpc_v3(inp["method"], inp.get("path", "/"), inp["access_key_id"], inp["access_key_secret"],
                      [tuple(p) for p in inp["query"]], [tuple(p) for p in inp["headers"]],
                      inp.get("body", "").encode("utf-8"), algorithm=inp.get("algorithm"))


def request(inp):
    try:
        params, warnings = ecs.validate(inp["action"], [tuple(p) for p in inp["params"]])
    except ecs.RequestError as e:
        return {"valid": False, "error": error(e)}
    return {"valid": True, "params": [list(p) for p in params], "warnings": warnings}


def response(inp):
    body = base64.b64decode(inp["body_base64"]) if "body_base64" in inp else inp.get("body", "").encode("utf-8")
    r = ecs.decode_response(inp["action"], inp["status"], [tuple(h) for h in inp.get("headers") or []], body)
    keys = ["outcome", "request_id", "code", "message", "host_id", "recommend", "http_status", "retry",
            "already_gone", "throttled", "retry_after_seconds", "auth_action"]
    return {k: getattr(r, k) for k in keys}


def verify(inp):
    body = inp.get("body")
    try:
        v = ecs.verify(inp["method"], inp["url"], inp.get("access_key_secret"), public_key=inp.get("public_key"),
                       headers=[tuple(h) for h in inp.get("headers") or []],
                       body=None if body is None else body.encode("utf-8"), now=inp.get("now"),
                       max_skew_seconds=900 if inp.get("max_skew_seconds") is None else inp["max_skew_seconds"])
    except ecs.VerifyError as e:
        return {"valid": False, "error": error(e)}
    return {"valid": True, "action": v.action, "params": [list(p) for p in v.params]}


SUITES = {"rpc-sign-v1": rpc_sign_v1, "acs3-sign": acs3_sign, "request": request, "response": response,
          "verify": verify}

for line in sys.stdin:
    message = json.loads(line)
    run = SUITES.get(message["suite"])
    answer = {"unsupported": True} if run is None else {"output": run(message["input"])}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
