#!/usr/bin/env python3
"""Conformance adapter for the C ABI (ffi/), driven through ctypes: the same vectors across a
real FFI boundary.

Usage: c_abi.py PATH/TO/libaliyun_ecs_delete_ffi.so (the runner starts it with --adapter).
Covers rpc-sign-v1, acs3-sign, request, response and verify; other suites are unsupported.
"""

import base64
import ctypes as C
import json
import sys

lib = C.CDLL(sys.argv[1])


class Pair(C.Structure):
    _fields_ = [("name", C.c_char_p), ("value", C.c_char_p)]


OK, REFUSED = 0, 1
P = C.c_void_p


def sig(name, restype, *argtypes):
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


ecs_rpc_v1 = sig("ecs_rpc_v1", C.c_int, C.c_char_p, C.POINTER(Pair), C.c_size_t, C.c_char_p, C.POINTER(P))
ecs_rpc_v3 = sig("ecs_rpc_v3", C.c_int, C.c_char_p, C.c_char_p, C.c_char_p, C.c_char_p, C.c_char_p, C.POINTER(Pair),
                 C.c_size_t,
                 C.POINTER(Pair), C.c_size_t, C.c_char_p, C.c_size_t, C.POINTER(P))
stage = {k: sig("ecs_stages_" + k, C.c_char_p, P)
         for k in ["canonical", "hashed", "string_to_sign", "signature", "authorization"]}
ecs_stages_free = sig("ecs_stages_free", None, P)
ecs_validate = sig("ecs_validate", C.c_int, C.c_char_p, C.POINTER(Pair), C.c_size_t, C.POINTER(P), C.POINTER(P))
v_count = sig("ecs_validated_param_count", C.c_size_t, P)
v_name = sig("ecs_validated_param_name", C.c_char_p, P, C.c_size_t)
v_value = sig("ecs_validated_param_value", C.c_char_p, P, C.c_size_t)
v_wcount = sig("ecs_validated_warning_count", C.c_size_t, P)
v_warning = sig("ecs_validated_warning", C.c_char_p, P, C.c_size_t)
ecs_validated_free = sig("ecs_validated_free", None, P)
e_code = sig("ecs_error_code", C.c_char_p, P)
e_param = sig("ecs_error_parameter", C.c_char_p, P)
ecs_error_free = sig("ecs_error_free", None, P)
ecs_decode_response = sig("ecs_decode_response", C.c_int, C.c_char_p, C.c_uint16, C.POINTER(Pair), C.c_size_t,
                          C.c_char_p, C.c_size_t, C.POINTER(P))
r_text = {k: sig("ecs_response_" + k, C.c_char_p, P) for k in ["outcome", "code", "request_id", "message", "host_id", "recommend", "retry", "auth_action"]}
r_status = sig("ecs_response_http_status", C.c_uint16, P)
r_throttled = sig("ecs_response_throttled", C.c_bool, P)
r_gone = sig("ecs_response_already_gone", C.c_bool, P)
r_after = sig("ecs_response_retry_after", C.c_bool, P, C.POINTER(C.c_uint64))
ecs_response_free = sig("ecs_response_free", None, P)
ecs_verify = sig("ecs_verify", C.c_int, C.c_char_p, C.c_char_p, C.POINTER(Pair), C.c_size_t, C.c_char_p, C.c_size_t,
                 C.c_char_p, C.c_char_p, C.c_char_p, C.c_int64, C.POINTER(P), C.POINTER(P))
vf_action = sig("ecs_verified_action", C.c_char_p, P)
vf_count = sig("ecs_verified_param_count", C.c_size_t, P)
vf_name = sig("ecs_verified_param_name", C.c_char_p, P, C.c_size_t)
vf_value = sig("ecs_verified_param_value", C.c_char_p, P, C.c_size_t)
ecs_verified_free = sig("ecs_verified_free", None, P)


class Unsupported(Exception):
    pass


def b(text):
    return None if text is None else text.encode("utf-8")


def s(raw):
    return None if raw is None else raw.decode("utf-8")


def pairs(items):
    if any("\0" in n or "\0" in v for n, v in items):
        raise Unsupported()  # a C string cannot hold a NUL
    arr = (Pair * max(len(items), 1))(*[Pair(b(n), b(v)) for n, v in items])
    return arr, len(items)


def error_json(err):
    out = {"code": s(e_code(err))}
    parameter = e_param(err)
    if parameter is not None:
        out["parameter"] = s(parameter)
    ecs_error_free(err)
    return out


def rpc_sign_v1(inp):
    arr, n = pairs(inp["params"])
    out = P()
    if ecs_rpc_v1(b(inp["method"]), arr, n, b(inp["access_key_secret"]), C.byref(out)) != OK:
        raise Unsupported()
    result = {"canonical_query": s(stage["canonical"](out)), "string_to_sign": s(stage["string_to_sign"](out)),
              "signature": s(stage["signature"](out))}
    ecs_stages_free(out)
    return result


def acs3_sign(inp):
    q, qn = pairs(inp["query"])
    h, hn = pairs(inp["headers"])
    body = inp.get("body", "").encode("utf-8")
    out = P()
    status = ecs_rpc_v3(b(inp["method"]), b(inp.get("path", "/")), b(inp["access_key_id"]),
                        b(inp["access_key_secret"]), b(inp.get("algorithm")), q, qn, h, hn, body, len(body),
                        C.byref(out))
    if status != OK:
        raise Unsupported()
    result = {"canonical_request": s(stage["canonical"](out)),
              "hashed_canonical_request": s(stage["hashed"](out)),
              "string_to_sign": s(stage["string_to_sign"](out)), "signature": s(stage["signature"](out)),
              "authorization": s(stage["authorization"](out))}
    ecs_stages_free(out)
    return result


def request(inp):
    arr, n = pairs(inp["params"])
    out, err = P(), P()
    status = ecs_validate(b(inp["action"]), arr, n, C.byref(out), C.byref(err))
    if status == REFUSED:
        return {"valid": False, "error": error_json(err)}
    if status != OK:
        ecs_error_free(err)  # an out-of-range argument comes with an error naming it
        raise Unsupported()
    result = {"valid": True,
              "params": [[s(v_name(out, i)), s(v_value(out, i))] for i in range(v_count(out))],
              "warnings": [s(v_warning(out, i)) for i in range(v_wcount(out))]}
    ecs_validated_free(out)
    return result


def response(inp):
    if "body_base64" in inp:
        body = base64.b64decode(inp["body_base64"])
    else:
        body = inp.get("body", "").encode("utf-8")
    h, hn = pairs(inp.get("headers") or [])
    out = P()
    if ecs_decode_response(b(inp["action"]), inp["status"], h, hn, body, len(body), C.byref(out)) != OK:
        raise Unsupported()
    seconds = C.c_uint64()
    after = seconds.value if r_after(out, C.byref(seconds)) else None
    result = {k: s(f(out)) for k, f in r_text.items()}
    result.update({"http_status": r_status(out), "throttled": bool(r_throttled(out)),
                   "already_gone": bool(r_gone(out)), "retry_after_seconds": after})
    ecs_response_free(out)
    return result


def verify(inp):
    h, hn = pairs(inp.get("headers") or [])
    body = inp.get("body")
    body = None if body is None else body.encode("utf-8")
    out, err = P(), P()
    status = ecs_verify(b(inp["method"]), b(inp["url"]), h, hn, body, 0 if body is None else len(body),
                        b(inp.get("access_key_secret")), b(inp.get("public_key")), b(inp.get("now")),
                        -1 if inp.get("max_skew_seconds") is None else inp["max_skew_seconds"],
                        C.byref(out), C.byref(err))
    if status == REFUSED:
        return {"valid": False, "error": error_json(err)}
    if status != OK:
        ecs_error_free(err)  # an out-of-range argument comes with an error naming it
        raise Unsupported()
    result = {"valid": True, "action": s(vf_action(out)),
              "params": [[s(vf_name(out, i)), s(vf_value(out, i))] for i in range(vf_count(out))]}
    ecs_verified_free(out)
    return result


SUITES = {"rpc-sign-v1": rpc_sign_v1, "acs3-sign": acs3_sign, "request": request, "response": response,
          "verify": verify}

for line in sys.stdin:
    message = json.loads(line)
    run = SUITES.get(message["suite"])
    try:
        answer = {"unsupported": True} if run is None else {"output": run(message["input"])}
    except Unsupported:
        answer = {"unsupported": True}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
