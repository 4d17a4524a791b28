#!/usr/bin/env python3
"""Generates conformance/vectors/verify/official-sdks.json.

The signed URLs and bodies are written by the official SDKs themselves, with a pinned clock and
nonce and nothing sent:
- aliyun-python-sdk-core: `get_signed_url` (parameters in insertion order, an empty
  SignatureType, a body in Python's urlencode);
- alibabacloud-tea-openapi's RPC path: the signature from alibabacloud-openapi-util's
  `get_rpcsignature`, the URL from Tea's `compose_url` (insertion order, `+` for a space);
- @alicloud/pop-core: `RPCClient.request` with its HTTP call replaced (canonical order).
Tampered copies change one thing in such a URL. Every expected verdict is derived by hand from
the `verify` rules of conformance/SPEC.md (checks in order, the first failure reported); the reason is in
each description.

Usage (from the repository root):
    SDK=$(conformance/generators/setup.sh)
    "$SDK/venv/bin/python" conformance/generators/verify_vectors.py --node-modules "$SDK/node_modules"
"""

import argparse
import importlib
import importlib.metadata
import json
import os
import subprocess
import urllib.parse

from aliyunsdkcore.utils import parameter_helper as helper
from alibabacloud_openapi_util.client import Client as TeaUtil
from Tea.core import TeaCore
from Tea.request import TeaRequest

composer = importlib.import_module("aliyunsdkcore.auth.composer.rpc_signature_composer")

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "vectors", "verify", "official-sdks.json")

KEY_ID = "LTAI5tExampleKeyId"
SECRET = "ExampleSecret0123456789abcdefgh"
TOKEN = "CAIS+gF1q6Ft5B2yfSjIr5bkLtzHhrpThY2/YnHcplUCO/sdn6/ftzz2IHhMdHFhAe0dsvs/lWpS7Pg+lrl2RoRLQkHfKdB/u5ZHXdzNdvnAk6M5=="
TS = "2026-11-23T08:30:00Z"
NOW_OK = "2026-11-23T08:31:00Z"
NONCE = "6a1f0c8e-3b2d-4c5e-9f70-1a2b3c4d5e6f"
ID = "i-bp1g6zv0ce8oghu7k2zz"
IDS = ["i-bp1g6zv0ce8oghu7k%03dz" % n for n in range(1, 101)]
HOST = "https://ecs.cn-hangzhou.aliyuncs.com"

helper.get_uuid = lambda: NONCE
helper.get_iso_8061_date = lambda: TS

VERSIONS = {}
VECTORS = []


def core_url(action, params, method="GET", body_params=None, token=None, ts=TS, secret=SECRET):
    """URL (path and query) and body as aliyun-python-sdk-core writes them."""
    helper.get_iso_8061_date = lambda: ts
    p = dict({"Action": action, "Version": "2014-05-26"}, **params)
    if token:
        p["SecurityToken"] = token
    url, _ = composer.get_signed_url(p, KEY_ID, secret, "JSON", method, dict(body_params or {}))
    body = urllib.parse.urlencode(body_params) if body_params else None
    helper.get_iso_8061_date = lambda: TS
    return url, body


def tea_url(action, params, method="GET", token=None):
    """The full URL as alibabacloud-tea-openapi's RPC path writes it."""
    q = {"Action": action, "Format": "json", "Version": "2014-05-26", "Timestamp": TS, "SignatureNonce": NONCE}
    q.update(params)
    q.update({"SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0", "AccessKeyId": KEY_ID})
    if token:
        q["SecurityToken"] = token
    q["Signature"] = TeaUtil.get_rpcsignature(q, method, SECRET)
    req = TeaRequest()
    req.protocol, req.port, req.pathname, req.method = "https", 80, "/", method
    req.headers = {"host": "ecs.cn-hangzhou.aliyuncs.com"}
    req.query = q
    return TeaCore.compose_url(req)


class PopCore:
    def __init__(self, node_modules):
        env = dict(os.environ, NODE_PATH=node_modules)
        self.proc = subprocess.Popen(["node", os.path.join(HERE, "node_popcore_url.js")], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=env, text=True, encoding="utf-8")

    def url(self, action, params, method="GET", token=None):
        req = {"action": action, "params": params, "method": method, "key_id": KEY_ID, "secret": SECRET,
               "timestamp": TS, "nonce": NONCE}
        if token:
            req["token"] = token
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        out = json.loads(self.proc.stdout.readline())
        return out["url"], out["body"]


def add(vid, description, source, method, url, expected, body=None, now=None, secret=SECRET, skew=None):
    inp = {"method": method, "url": url, "access_key_secret": secret}
    if body is not None:
        inp["body"] = body
    if now is not None:
        inp["now"] = now
    if skew is not None:
        inp["max_skew_seconds"] = skew
    VECTORS.append({"id": "verify/" + vid, "description": description, "source": source, "input": inp,
                    "expected": expected})


def ok(action, params):
    return {"valid": True, "action": action, "params": [list(p) for p in sorted(params)]}


def bad(code, parameter=None):
    e = {"code": code}
    if parameter is not None:
        e["parameter"] = parameter
    return {"valid": False, "error": e}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--node-modules", required=True)
    args = ap.parse_args()
    core = "official-sdk:aliyun-python-sdk-core@" + importlib.metadata.version("aliyun-python-sdk-core")
    tea = "official-sdk:alibabacloud-tea-openapi@" + importlib.metadata.version("alibabacloud-tea-openapi")
    pop_v = json.load(open(os.path.join(args.node_modules, "@alicloud", "pop-core", "package.json")))["version"]
    pop = "official-sdk:@alicloud/pop-core@" + pop_v
    node = PopCore(args.node_modules)

    di = [("InstanceId", ID), ("RegionId", "cn-hangzhou"), ("Force", "true")]
    dis3 = [("RegionId", "cn-hangzhou")] + [("InstanceId.%d" % (i + 1), IDS[i]) for i in range(3)] + \
           [("ClientToken", "retry token 1"), ("TerminateSubscription", "false")]
    dis100 = [("RegionId", "cn-hangzhou")] + [("InstanceId.%d" % (i + 1), IDS[i]) for i in range(100)] + [("Force", "true")]

    # ---------------------------------------------------------------- valid, as each SDK writes them
    url, _ = core_url("DeleteInstance", dict(di))
    add("core/delete-instance-get", "aliyun-python-sdk-core GET: parameters in insertion order and an empty SignatureType "
        "(a common parameter); valid, the operation parameters come back sorted.", core, "GET", url, ok("DeleteInstance", di),
        now=NOW_OK)
    base_core_get = url
    url, _ = core_url("DeleteInstances", dict(dis3), method="POST")
    add("core/delete-instances-post-query", "aliyun-python-sdk-core POST with every parameter in the query; the ClientToken "
        "space is %20.", core, "POST", url, ok("DeleteInstances", dis3))
    body_part = dict(p for p in dis3 if p[0].startswith("InstanceId."))
    query_part = dict(p for p in dis3 if not p[0].startswith("InstanceId."))
    url, body = core_url("DeleteInstances", query_part, method="POST", body_params=body_part)
    add("core/delete-instances-post-form-body", "aliyun-python-sdk-core POST with the instance ids in a form body: query "
        "and body are signed together.", core, "POST", url, ok("DeleteInstances", dis3), body=body)
    url, _ = core_url("DeleteInstance", dict(di), token=TOKEN)
    add("core/delete-instance-sts", "aliyun-python-sdk-core GET with STS: SecurityToken is a common parameter.", core, "GET",
        url, ok("DeleteInstance", di))
    url, _ = core_url("DeleteInstances", dict(dis100))
    add("core/delete-instances-hundred", "aliyun-python-sdk-core GET with 100 ids.", core, "GET", url,
        ok("DeleteInstances", dis100))
    core_100 = url

    tea_params = [("InstanceId", ID), ("RegionId", "cn-hangzhou"), ("Force", "True"), ("OwnerAccount", "ops team")]
    url = tea_url("DeleteInstance", dict(tea_params))
    add("tea/delete-instance-plus-for-space", "tea-openapi's URL: + for the space in OwnerAccount, Format=json, and the "
        "Python SDKs' boolean spelling Force=True (accepted in any case); params come back as sent.", tea, "GET", url,
        ok("DeleteInstance", tea_params), now=NOW_OK)
    url = tea_url("DeleteInstances", dict(dis3), method="POST")
    add("tea/delete-instances-post", "tea-openapi POST with the query in insertion order and + for spaces.", tea, "POST",
        url, ok("DeleteInstances", dis3))
    url = tea_url("DeleteInstance", dict(di), token=TOKEN)
    add("tea/delete-instance-sts", "tea-openapi with STS: the token's + and / are escaped, = too.", tea, "GET", url,
        ok("DeleteInstance", di))
    tea_plus = tea_url("DeleteInstance", dict(tea_params))

    url, _ = node.url("DeleteInstance", dict(di))
    add("pop/delete-instance-get", "pop-core GET: canonical order and encoding.", pop, "GET", url, ok("DeleteInstance", di))
    pop_get = url
    url, body = node.url("DeleteInstances", dict(dis3), method="POST")
    add("pop/delete-instances-post-form", "pop-core POST: every parameter in the form body, the URL is the bare path.",
        pop, "POST", url, ok("DeleteInstances", dis3), body=body)
    pop_url, pop_body = url, body
    url, _ = node.url("DeleteInstance", dict(di), token=TOKEN)
    add("pop/delete-instance-sts", "pop-core GET with STS.", pop, "GET", url, ok("DeleteInstance", di))

    # ---------------------------------------------------------------- tampered copies
    td = "hand-derived"
    add("tamper/changed-value", "The pop-core URL with InstanceId changed after signing: signature_mismatch.", td, "GET",
        pop_get.replace(ID, "i-bp1g6zv0ce8oghu7k3aa"), bad("signature_mismatch"))
    add("tamper/wrong-method", "A URL signed for GET checked as POST: the method word is signed, so signature_mismatch.",
        td, "POST", pop_get, bad("signature_mismatch"))
    add("tamper/wrong-secret", "The right URL checked with another secret: signature_mismatch.", td, "GET", pop_get,
        bad("signature_mismatch"), secret="another-secret")
    add("tamper/removed-signature", "The Signature parameter removed: missing_signature comes before every other check.",
        td, "GET", pop_get.split("&Signature=")[0], bad("missing_signature", "Signature"))
    add("tamper/shifted-timestamp-value", "The Timestamp value shifted by an hour after signing: it is signed, so "
        "signature_mismatch (the signature is checked before the timestamp).", td, "GET",
        pop_get.replace("08%3A30%3A00Z", "09%3A30%3A00Z"), bad("signature_mismatch"))
    add("tamper/skew-over", "A valid request checked 901 s after its timestamp: timestamp_skew (900 s allowed).", td, "GET",
        pop_get, bad("timestamp_skew", "Timestamp"), now="2026-11-23T08:45:01Z")
    add("tamper/skew-exact", "Exactly 900 s after its timestamp still passes.", td, "GET", pop_get, ok("DeleteInstance", di),
        now="2026-11-23T08:45:00Z")
    add("tamper/skew-before", "A timestamp 901 s in the future of now: timestamp_skew either way.", td, "GET", pop_get,
        bad("timestamp_skew", "Timestamp"), now="2026-11-23T08:14:59Z")
    add("tamper/skew-custom", "A 60 s allowance: 61 s is too much.", td, "GET", pop_get, bad("timestamp_skew", "Timestamp"),
        now="2026-11-23T08:31:01Z", skew=60)
    add("tamper/no-now-no-clock-check", "Without now the timestamp is checked for form only, never against a clock.",
        td, "GET", base_core_get, ok("DeleteInstance", di))
    add("tamper/removed-access-key-id", "AccessKeyId removed: missing_parameter, before the signature is checked.", td,
        "GET", pop_get.replace("AccessKeyId=%s&" % KEY_ID, ""), bad("missing_parameter", "AccessKeyId"))
    add("tamper/removed-nonce-and-version", "SignatureNonce and Version removed: the first missing in canonical order is "
        "SignatureNonce.", td, "GET", pop_get.replace("SignatureNonce=%s&" % NONCE, "").replace("&Version=2014-05-26", ""),
        bad("missing_parameter", "SignatureNonce"))
    add("tamper/signature-method", "SignatureMethod=HMAC-SHA256: unsupported_signature_method (before the signature).", td,
        "GET", pop_get.replace("SignatureMethod=HMAC-SHA1", "SignatureMethod=HMAC-SHA256"),
        bad("unsupported_signature_method", "SignatureMethod"))
    add("tamper/signature-version", "SignatureVersion=2.0: unsupported_signature_version.", td, "GET",
        pop_get.replace("SignatureVersion=1.0", "SignatureVersion=2.0"), bad("unsupported_signature_version", "SignatureVersion"))
    add("tamper/action", "Action=RebootInstance: unsupported_action.", td, "GET",
        pop_get.replace("Action=DeleteInstance", "Action=RebootInstance"), bad("unsupported_action", "Action"))
    add("tamper/version", "Version=2016-03-14: unsupported_version.", td, "GET",
        pop_get.replace("Version=2014-05-26", "Version=2016-03-14"), bad("unsupported_version", "Version"))
    add("tamper/repeated-common", "Action given twice: a repeated common parameter is malformed_query.", td, "GET",
        pop_get + "&Action=DeleteInstance", bad("malformed_query", "Action"))
    add("tamper/bad-escape", "A % without two hex digits: malformed_query.", td, "GET", pop_get + "&X=%G1",
        bad("malformed_query"))
    add("tamper/truncated-escape", "A trailing % : malformed_query.", td, "GET", pop_get + "&X=%", bad("malformed_query"))
    add("tamper/segment-without-equals", "A segment without =: malformed_query.", td, "GET", pop_get + "&Flag",
        bad("malformed_query"))
    add("tamper/empty-name", "A segment with an empty name: malformed_query.", td, "GET", pop_get + "&=x",
        bad("malformed_query"))
    add("tamper/not-utf8", "%FF decodes to a byte that is not UTF-8: malformed_query.", td, "GET", pop_get + "&X=%FF",
        bad("malformed_query"))
    add("tamper/malformed-before-missing", "A bad escape and no Signature: the query is checked first.", td, "GET",
        pop_get.split("&Signature=")[0] + "&X=%zz", bad("malformed_query"))
    add("tamper/empty-segments-ignored", "Empty segments (&&, a leading &) are ignored: still valid.", td, "GET",
        pop_get.replace("?", "?&&").replace("&Format=", "&&Format="), ok("DeleteInstance", di))
    add("tamper/reordered", "Parameter order is not checked: the pop-core query reversed is still valid.", td, "GET",
        pop_get.split("?")[0] + "?" + "&".join(reversed(pop_get.split("?")[1].split("&"))), ok("DeleteInstance", di))
    add("tamper/path-ignored", "The path is not checked: a path and query without scheme and host.", td, "GET",
        "/some/path?" + pop_get.split("?")[1], ok("DeleteInstance", di))
    add("tamper/form-body-changed", "The pop-core form body with an instance id changed: signature_mismatch.", td, "POST",
        pop_url, bad("signature_mismatch"), body=pop_body.replace(IDS[1], "i-bp1g6zv0ce8oghu7k999z"))
    add("tamper/form-body-dropped", "The pop-core POST without its body: no Signature anywhere, missing_signature.", td,
        "POST", pop_url, bad("missing_signature", "Signature"))
    add("tamper/tea-plus-as-literal", "tea's + for space re-encoded as %2B changes the value: signature_mismatch.", td, "GET",
        tea_plus.replace("ops+team", "ops%2Bteam"), bad("signature_mismatch"))
    add("tamper/hundred-ids-one-changed", "The 100-id core URL with InstanceId.57 changed: signature_mismatch.", td, "GET",
        core_100.replace(IDS[56], "i-bp1g6zv0ce8oghu7k999z"), bad("signature_mismatch"))

    # ---------------------------------------------------------------- correctly signed, invalid operation parameters
    def signed_invalid(vid, description, action, params, code, parameter=None, ts=TS):
        url, _ = core_url(action, dict(params), ts=ts)
        add("signed-invalid/" + vid, description + " The URL is signed correctly by aliyun-python-sdk-core, so every "
            "earlier check passes and the request rules decide.", core, "GET", url, bad(code, parameter))

    signed_invalid("placeholder-id", "DeleteInstance of the documentation placeholder i-bp1g6zv0ce8oghu7****.",
                   "DeleteInstance", [("InstanceId", "i-bp1g6zv0ce8oghu7****")], "invalid_instance_id", "InstanceId")
    signed_invalid("index-gap", "DeleteInstances with InstanceId.1 and .3.", "DeleteInstances",
                   [("RegionId", "cn-hangzhou"), ("InstanceId.1", IDS[0]), ("InstanceId.3", IDS[2])],
                   "instance_id_index_gap", "InstanceId.2")
    signed_invalid("missing-region", "DeleteInstances without RegionId.", "DeleteInstances", [("InstanceId.1", IDS[0])],
                   "missing_parameter", "RegionId")
    signed_invalid("unknown-parameter", "DeleteInstance with an operation parameter it does not define.", "DeleteInstance",
                   [("InstanceId", ID), ("ClientToken", "t")], "unknown_parameter", "ClientToken")
    signed_invalid("invalid-boolean", "Force=yes.", "DeleteInstance", [("InstanceId", ID), ("Force", "yes")],
                   "invalid_boolean", "Force")
    signed_invalid("duplicate-id", "The same id twice.", "DeleteInstances",
                   [("RegionId", "cn-hangzhou"), ("InstanceId.1", ID), ("InstanceId.2", ID)], "duplicate_instance_id",
                   "InstanceId.2")
    signed_invalid("too-many", "InstanceId.101.", "DeleteInstances",
                   [("RegionId", "cn-hangzhou"), ("InstanceId.1", ID), ("InstanceId.101", IDS[1])], "too_many_instance_ids",
                   "InstanceId.101")
    signed_invalid("timestamp-with-fraction", "A Timestamp with milliseconds is signed as sent but is not the required "
                   "form: invalid_timestamp, which comes before the request rules.", "DeleteInstance",
                   [("InstanceId", "bad*id")], "invalid_timestamp", "Timestamp", ts="2026-11-23T08:30:00.000Z")

    node.proc.stdin.close()
    node.proc.wait()
    ids = [v["id"] for v in VECTORS]
    assert len(ids) == len(set(ids)), "duplicate ids"
    doc = {"schema": "ecs-delete-vectors/1", "suite": "verify",
           "description": "Signed requests as the official SDKs write them, tampered copies, and correctly signed requests "
                          "with invalid operation parameters. Written by conformance/generators/verify_vectors.py.",
           "vectors": VECTORS}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print("%d vectors -> %s" % (len(VECTORS), os.path.relpath(OUT)))


if __name__ == "__main__":
    main()
