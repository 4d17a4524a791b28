#!/usr/bin/env python3
"""Generates conformance/vectors/verify/official-sdks-v3.json: signature V3 requests to verify.

Every Authorization is written by the official SDKs' own V3 signers, with a pinned date and
nonce and nothing sent:
- alibabacloud-openapi-util's `get_authorization` (Python), which signs every header it is
  handed: as alibabacloud-tea-openapi's V3 path hands it user-agent and accept too, a real
  tea request signs them (the `tea/` vectors);
- @alicloud/openapi-util's `getAuthorization` (Node), which signs host, content-type and the
  x-acs-* headers only (the `node/` vectors); where both SDKs are handed only those headers
  they must agree, and the script checks that they do.

The `unsigned/` vectors are the attack of issue 15: the Python signer is handed a subset of the
headers that are then sent (so the signature is genuinely valid over that subset), and the
request is refused with `unsigned_header` before its signature is compared. Tampered copies
change one thing in a valid request. Every expected verdict is derived by hand from the V3
`verify` rules of the project's conformance spec (the checks in order, the first failure
reported); the reason is in each description.

Usage (from the repository root):
    SDK=$(conformance/generators/setup.sh)
    "$SDK/venv/bin/python" conformance/generators/verify_v3_vectors.py --node-modules "$SDK/node_modules"
"""

import argparse
import hashlib
import importlib.metadata
import json
import os
import subprocess
import sys
import urllib.parse

from alibabacloud_openapi_util import client as util
from Tea.request import TeaRequest

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "vectors", "verify", "official-sdks-v3.json")
ALG = "ACS3-HMAC-SHA256"

KEY_ID = "LTAI5tExampleKeyId"
SECRET = "ExampleSecret0123456789abcdefgh"
TOKEN = "CAIS+gF1q6Ft5B2yfSjIr5bkLtzHhrpThY2/YnHcplUCO/sdn6/ftzz2IHhMdHFhAe0dsvs/lWpS7Pg+lrl2RoRLQkHfKdB/u5ZHXdzNdvnAk6M5=="
TS = "2026-11-23T08:30:00Z"
NOW_OK = "2026-11-23T08:31:00Z"
NONCE = "c5a0b1d2e3f405162738495a6b7c8d9e"
HOST = "ecs.cn-hangzhou.aliyuncs.com"
ID = "i-bp1g6zv0ce8oghu7k2zz"
IDS = ["i-bp1g6zv0ce8oghu7k%03dz" % n for n in range(1, 101)]
FORM = "application/x-www-form-urlencoded"
UA = "AlibabaCloud (Linux; x86_64) Python/3.11.7 Core/0.4.6 TeaDSL/1"

VECTORS = []


def enc(text):
    return urllib.parse.quote(text, safe="-_.~")


def query_string(params):
    return "&".join("%s=%s" % (enc(k), enc(v)) for k, v in params)


def base_headers(action, body=b"", sts=False, content_type=None, extra=(), date=TS):
    h = [("host", HOST), ("x-acs-version", "2014-05-26"), ("x-acs-action", action), ("user-agent", UA),
         ("x-acs-date", date), ("x-acs-signature-nonce", NONCE), ("accept", "application/json")]
    if sts:
        h += [("x-acs-accesskey-id", KEY_ID), ("x-acs-security-token", TOKEN)]
    if content_type:
        h.append(("content-type", content_type))
    h.append(("x-acs-content-sha256", hashlib.sha256(body).hexdigest()))
    return h + list(extra)


def py_authorization(method, query, headers, body, secret=SECRET):
    req = TeaRequest()
    req.method, req.pathname, req.query, req.headers = method, "/", dict(query), dict(headers)
    assert len(req.headers) == len(headers), "the Python signer takes a dict: names must be distinct"
    return util.Client.get_authorization(req, ALG, hashlib.sha256(body).hexdigest(), KEY_ID, secret)


class Node:
    def __init__(self, node_modules):
        env = dict(os.environ, NODE_PATH=node_modules)
        self.proc = subprocess.Popen(["node", os.path.join(HERE, "node_acs3.js")], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=env, text=True, encoding="utf-8")

    def authorization(self, method, query, headers, body, secret=SECRET):
        req = {"method": method, "pathname": "/", "query": dict(query), "headers": dict(headers),
               "payload": hashlib.sha256(body).hexdigest(), "key_id": KEY_ID, "secret": secret}
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())["authorization"]


def signable(name):
    n = name.lower()
    return n in ("host", "content-type") or n.startswith("x-acs-")


def add(vid, description, source, method, query, headers, expected, body="", now=None, secret=SECRET, url=None):
    inp = {"method": method, "url": url if url is not None else "https://%s/?%s" % (HOST, query_string(query)),
           "headers": [list(h) for h in headers], "body": body, "access_key_secret": secret}
    if now is not None:
        inp["now"] = now
    VECTORS.append({"id": "verify/v3/" + vid, "description": description, "source": source, "input": inp,
                    "expected": expected})


def ok(action, params):
    return {"valid": True, "action": action, "params": [list(p) for p in sorted(params)]}


def bad(code, parameter=None):
    e = {"code": code}
    if parameter is not None:
        e["parameter"] = parameter
    return {"valid": False, "error": e}


def replace_header(headers, name, value):
    return [(n, value if n.lower() == name else v) for n, v in headers]


def without_header(headers, name):
    return [(n, v) for n, v in headers if n.lower() != name]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--node-modules", required=True)
    args = ap.parse_args()
    node = Node(args.node_modules)
    tea = "official-sdk:alibabacloud-openapi-util@" + importlib.metadata.version("alibabacloud-openapi-util")
    node_v = json.load(open(os.path.join(args.node_modules, "@alicloud", "openapi-util", "package.json")))["version"]
    node_src = "official-sdk:@alicloud/openapi-util@" + node_v
    td = "hand-derived"

    di = [("InstanceId", ID), ("RegionId", "cn-hangzhou"), ("Force", "true")]
    dis3 = [("RegionId", "cn-hangzhou")] + [("InstanceId.%d" % (i + 1), IDS[i]) for i in range(3)] + \
           [("ClientToken", "retry token 1"), ("TerminateSubscription", "false")]
    dis100 = [("RegionId", "cn-hangzhou")] + [("InstanceId.%d" % (i + 1), IDS[i]) for i in range(100)]

    def signed(method, query, headers, body=b"", signer="tea", signed_subset=None, secret=SECRET):
        """The headers with Authorization appended, signed by the named SDK."""
        to_sign = [h for h in headers if signed_subset is None or h[0].lower() in signed_subset]
        if signer == "node":
            auth = node.authorization(method, query, to_sign, body, secret)
            both = py_authorization(method, query, [h for h in to_sign if signable(h[0])], body, secret)
            if auth != both:
                sys.exit("the SDKs disagree on %r:\n  node   %s\n  python %s" % (query, auth, both))
        else:
            auth = py_authorization(method, query, to_sign, body, secret)
        return headers + [("authorization", auth)]

    # ---------------------------------------------------------------- valid, as each SDK signs them
    h = signed("POST", di, base_headers("DeleteInstance"))
    add("tea/delete-instance-post", "tea-openapi's V3 request: the Python signer signs every header it is handed, "
        "user-agent and accept included; extra signed headers are allowed.", tea, "POST", di, h,
        ok("DeleteInstance", di), now=NOW_OK)
    tea_post = h
    h = signed("GET", dis3, base_headers("DeleteInstances"))
    add("tea/delete-instances-get", "DeleteInstances by GET, the ClientToken space as %20 in the query.", tea, "GET", dis3,
        h, ok("DeleteInstances", dis3))
    h = signed("POST", di, base_headers("DeleteInstance", sts=True))
    add("tea/delete-instance-sts", "STS: x-acs-accesskey-id and x-acs-security-token are sent and signed.", tea, "POST",
        di, h, ok("DeleteInstance", di))
    tea_sts = h
    h = signed("POST", dis100, base_headers("DeleteInstances"))
    add("tea/delete-instances-hundred", "100 ids in the query.", tea, "POST", dis100, h, ok("DeleteInstances", dis100))
    tea_100 = h
    form_body = query_string(sorted(dis3)).encode()
    h = signed("POST", [], base_headers("DeleteInstances", body=form_body, content_type=FORM), body=form_body)
    add("tea/delete-instances-form-body", "Every operation parameter in a form body: content-type is signed and says so, "
        "the body hash covers the parameters, the query is empty.", tea, "POST", [], h, ok("DeleteInstances", dis3),
        body=form_body.decode())
    tea_form, tea_form_body = h, form_body

    node_headers = [hd for hd in base_headers("DeleteInstance") if signable(hd[0])]
    h = signed("POST", di, base_headers("DeleteInstance"), signer="node")
    add("node/delete-instance-post", "@alicloud/openapi-util signs host and the x-acs-* headers only; user-agent and "
        "accept travel unsigned, which is allowed (both SDKs agree on this Authorization).", node_src, "POST", di, h,
        ok("DeleteInstance", di))
    node_post = h
    h = signed("POST", di, base_headers("DeleteInstance", sts=True), signer="node")
    add("node/delete-instance-sts", "STS signed by the Node SDK.", node_src, "POST", di, h, ok("DeleteInstance", di))
    mixed = [(n.title() if n != "x-acs-date" else "X-ACS-DATE", v) for n, v in node_headers]
    h = signed("POST", di, mixed, signer="node")
    add("node/mixed-case-header-names", "Header names in mixed case: they match in any case, and are lower-cased to sign.",
        node_src, "POST", di, h, ok("DeleteInstance", di))

    # ---------------------------------------------------------------- unsigned headers: refused before the signature
    full = base_headers("DeleteInstance")
    for name, subset, first in [
        ("host-and-body-hash-only", {"host", "x-acs-content-sha256"}, "x-acs-action"),
        ("date-left-out", {"host", "x-acs-action", "x-acs-version", "x-acs-signature-nonce", "x-acs-content-sha256"},
         "x-acs-date"),
        ("nonce-left-out", {"host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-content-sha256"},
         "x-acs-signature-nonce"),
        ("version-left-out", {"host", "x-acs-action", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"},
         "x-acs-version"),
        ("body-hash-left-out", {"host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce"},
         "x-acs-content-sha256"),
        ("host-left-out", {"x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce",
                           "x-acs-content-sha256"}, "host"),
    ]:
        h = signed("POST", di, full, signed_subset=subset)
        add("unsigned/" + name, "The Python signer handed only %s, then every header sent: the signature is valid over "
            "that subset, but %s is present and not in SignedHeaders, so unsigned_header names it (host first, then "
            "content-type, then the x-acs-* headers sorted) before the signature is compared."
            % (", ".join(sorted(subset)), first), td, "POST", di, h, bad("unsigned_header", first), now=NOW_OK)
    # The attack itself: with only host and the body hash signed, date and nonce could be rewritten at will.
    h = signed("POST", di, full, signed_subset={"host", "x-acs-content-sha256"})
    h = replace_header(replace_header(h, "x-acs-date", "2030-01-01T00:00:00Z"), "x-acs-signature-nonce", "replayed-1")
    add("unsigned/date-and-nonce-rewritten", "The replay of issue 15: signed over host and the body hash only, then "
        "x-acs-date and x-acs-signature-nonce rewritten; refused as unsigned_header (x-acs-action is the first "
        "x-acs-* header in sorted order that is not signed), never accepted.", td, "POST", di, h,
        bad("unsigned_header", "x-acs-action"), now="2030-01-01T00:00:30Z")
    sts_subset = {n for n, _ in base_headers("DeleteInstance") if signable(n)}
    h = signed("POST", di, base_headers("DeleteInstance", sts=True), signed_subset=sts_subset)
    add("unsigned/security-token-left-out", "STS headers present but not signed: x-acs-accesskey-id is the first "
        "unsigned x-acs-* header in sorted order.", td, "POST", di, h, bad("unsigned_header", "x-acs-accesskey-id"))
    h = signed("POST", [], base_headers("DeleteInstances", body=form_body, content_type=FORM), body=form_body,
               signed_subset=sts_subset)
    add("unsigned/content-type-left-out", "A form body whose content-type is not signed: content-type decides whether "
        "the body holds parameters, so it must be signed; unsigned_header content-type.", td, "POST", [], h,
        bad("unsigned_header", "content-type"), body=form_body.decode())
    extra = base_headers("DeleteInstance", extra=[("x-acs-resourcegroup-id", "rg-aek2z4wzuqtyhri")])
    h = signed("POST", di, extra, signed_subset=sts_subset)
    add("unsigned/custom-x-acs-header", "A caller's own x-acs-* header present but not signed: every x-acs-* header "
        "present must be signed.", td, "POST", di, h, bad("unsigned_header", "x-acs-resourcegroup-id"))
    h = signed("POST", di, full, signed_subset=sts_subset)
    add("unsigned/all-signed-passes", "Exactly host and the x-acs-* headers signed (user-agent and accept unsigned): "
        "valid.", tea, "POST", di, h, ok("DeleteInstance", di))

    # ---------------------------------------------------------------- the Authorization header and required headers
    add("auth/no-authorization-is-v1", "No Authorization header: the request is checked as V1, where no Signature "
        "parameter is missing_signature, named Signature.", td, "POST", di, without_header(tea_post, "authorization"),
        bad("missing_signature", "Signature"))
    add("auth/empty-authorization", "An Authorization header with an empty value carries no signature: "
        "missing_signature, named Authorization.", td, "POST", di,
        replace_header(tea_post, "authorization", "  "), bad("missing_signature", "Authorization"))
    auth = dict((n, v) for n, v in tea_post)["authorization"]
    add("auth/unsupported-algorithm", "ACS3-HMAC-SHA1 is none of the three V3 algorithms: unsupported_signature_method, named "
        "Authorization, before anything else in it is read.", td, "POST", di,
        replace_header(tea_post, "authorization", auth.replace(ALG, "ACS3-HMAC-SHA1")),
        bad("unsupported_signature_method", "Authorization"))
    add("auth/missing-signature-field", "Authorization without Signature=: missing_signature, named Authorization.", td,
        "POST", di, replace_header(tea_post, "authorization", auth.rsplit(",Signature=", 1)[0]),
        bad("missing_signature", "Authorization"))
    add("auth/missing-credential", "Authorization without Credential=: missing_parameter Credential.", td, "POST", di,
        replace_header(tea_post, "authorization", auth.replace("Credential=%s," % KEY_ID, "")),
        bad("missing_parameter", "Credential"))
    signed_part = auth.split("SignedHeaders=")[1].split(",")[0]
    add("auth/missing-signed-headers", "Authorization without SignedHeaders=: missing_parameter SignedHeaders.", td,
        "POST", di, replace_header(tea_post, "authorization", auth.replace("SignedHeaders=%s," % signed_part, "")),
        bad("missing_parameter", "SignedHeaders"))
    for name in ["x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256", "host"]:
        add("required/" + name + "-missing", "%s removed after signing: missing_parameter names it (the required headers "
            "are checked in the order x-acs-action, x-acs-version, x-acs-date, x-acs-signature-nonce, "
            "x-acs-content-sha256, host)." % name, td, "POST", di, without_header(tea_post, name),
            bad("missing_parameter", name))
    add("required/first-missing-in-order", "x-acs-date and x-acs-version both removed: x-acs-version comes first.", td,
        "POST", di, without_header(without_header(tea_post, "x-acs-date"), "x-acs-version"),
        bad("missing_parameter", "x-acs-version"))

    # ---------------------------------------------------------------- signed, then tampered
    add("tamper/action", "x-acs-action RebootInstance: unsupported_action, named x-acs-action (before the signature).",
        td, "POST", di, replace_header(tea_post, "x-acs-action", "RebootInstance"),
        bad("unsupported_action", "x-acs-action"))
    add("tamper/version", "x-acs-version 2016-03-14: unsupported_version, named x-acs-version.", td, "POST", di,
        replace_header(tea_post, "x-acs-version", "2016-03-14"), bad("unsupported_version", "x-acs-version"))
    add("tamper/query-value", "InstanceId changed in the query after signing: signature_mismatch.", td, "POST",
        [("InstanceId", "i-bp1g6zv0ce8oghu7k3aa"), ("RegionId", "cn-hangzhou"), ("Force", "true")], tea_post,
        bad("signature_mismatch"))
    add("tamper/signed-date", "x-acs-date rewritten while signed: signature_mismatch (the signature is checked before "
        "the date).", td, "POST", di, replace_header(tea_post, "x-acs-date", "2026-11-23T08:31:00Z"),
        bad("signature_mismatch"), now=NOW_OK)
    add("tamper/signed-nonce", "x-acs-signature-nonce rewritten while signed: signature_mismatch.", td, "POST", di,
        replace_header(tea_post, "x-acs-signature-nonce", "another-nonce"), bad("signature_mismatch"))
    add("tamper/method", "Signed for POST, checked as GET: the method is signed, signature_mismatch.", td, "GET", di,
        tea_post, bad("signature_mismatch"))
    add("tamper/wrong-secret", "Checked with another secret: signature_mismatch.", td, "POST", di, tea_post,
        bad("signature_mismatch"), secret="another-secret")
    add("tamper/form-body-changed", "The form body changed after signing, its hash header left: the body no longer "
        "hashes to x-acs-content-sha256, signature_mismatch.", td, "POST", [], tea_form, bad("signature_mismatch"),
        body=tea_form_body.decode().replace(IDS[1], "i-bp1g6zv0ce8oghu7k999z"))
    add("tamper/hundred-one-changed", "InstanceId.57 of 100 changed: signature_mismatch.", td, "POST",
        [(n, "i-bp1g6zv0ce8oghu7k999z" if n == "InstanceId.57" else v) for n, v in dis100], tea_100,
        bad("signature_mismatch"))
    add("tamper/security-token-changed", "The STS token changed while signed: signature_mismatch.", td, "POST", di,
        replace_header(tea_sts, "x-acs-security-token", TOKEN[:-4] + "AAA="), bad("signature_mismatch"))
    add("tamper/malformed-query", "A % without two hex digits in the query: malformed_query, the first check.", td,
        "POST", di, tea_post, bad("malformed_query"),
        url="https://%s/?%s&X=%%G1" % (HOST, query_string(di)))
    add("tamper/path-is-signed", "The path is part of the V3 canonical request: /other is not /, signature_mismatch.",
        td, "POST", di, tea_post, bad("signature_mismatch"), url="https://%s/other?%s" % (HOST, query_string(di)))

    # ---------------------------------------------------------------- time
    add("time/skew-over", "Checked 901 s after x-acs-date: timestamp_skew, named x-acs-date.", td, "POST", di, node_post,
        bad("timestamp_skew", "x-acs-date"), now="2026-11-23T08:45:01Z")
    add("time/skew-exact", "Exactly 900 s after x-acs-date passes.", td, "POST", di, node_post, ok("DeleteInstance", di),
        now="2026-11-23T08:45:00Z")
    add("time/no-now", "Without now, x-acs-date is checked for form only.", td, "POST", di, node_post,
        ok("DeleteInstance", di))
    h = signed("POST", di, base_headers("DeleteInstance", date="2026-11-23T08:30:00.000Z"))
    add("time/fraction", "An x-acs-date with milliseconds, signed as sent: invalid_timestamp, named x-acs-date (after "
        "the signature, before the request rules).", td, "POST", di, h, bad("invalid_timestamp", "x-acs-date"))

    # ---------------------------------------------------------------- correctly signed, invalid operation parameters
    for vid, params, action, code, parameter in [
        ("placeholder-id", [("InstanceId", "i-bp1g6zv0ce8oghu7****")], "DeleteInstance", "invalid_instance_id",
         "InstanceId"),
        ("index-gap", [("RegionId", "cn-hangzhou"), ("InstanceId.1", IDS[0]), ("InstanceId.3", IDS[2])],
         "DeleteInstances", "instance_id_index_gap", "InstanceId.2"),
        ("common-name-in-query", [("InstanceId", ID), ("Action", "DeleteInstance")], "DeleteInstance",
         "unknown_parameter", "Action"),
    ]:
        h = signed("POST", params, base_headers(action))
        add("signed-invalid/" + vid, "Signed correctly by the Python SDK, so every earlier check passes and the request "
            "rules decide: %s %s. A V3 query holds operation parameters only, so a common name there is unknown."
            % (code, parameter), tea, "POST", params, h, bad(code, parameter))

    node.proc.stdin.close()
    node.proc.wait()
    ids = [v["id"] for v in VECTORS]
    assert len(ids) == len(set(ids)), "duplicate ids"
    doc = {"schema": "ecs-delete-vectors/1", "suite": "verify",
           "description": "Signature V3 requests to verify: signed by the official SDKs' V3 signers, signed over too few "
                          "headers, and tampered. Written by conformance/generators/verify_v3_vectors.py.",
           "vectors": VECTORS}
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print("%d vectors -> %s" % (len(VECTORS), os.path.relpath(OUT)))


if __name__ == "__main__":
    main()
