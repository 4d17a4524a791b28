#!/usr/bin/env python3
"""Generates conformance/vectors/acs3-sign/official-sdks.json by running the official SDKs.

- canonical_request: the parts come from alibabacloud-openapi-util's own helpers
  (`get_canonical_query_string`, `get_canonicalized_headers`), joined exactly as its
  `get_authorization` joins them; the body hash is hashlib's SHA-256;
- hashed_canonical_request and string_to_sign: hashlib over that canonical request;
- authorization and signature: alibabacloud-openapi-util's `get_authorization` (Python), which
  must equal @alicloud/openapi-util's `getAuthorization` (Node), and whose signature must equal
  HMAC-SHA256 of the string to sign above (so the assembly is the SDKs' own).

The Python helper signs every header it is handed, the Node one only host, content-type and
x-acs-*: Python is handed the signed headers, Node every header that is sent.

Usage (from the repository root):
    SDK=$(conformance/generators/setup.sh)
    "$SDK/venv/bin/python" conformance/generators/acs3_sign.py --node-modules "$SDK/node_modules"
"""

import argparse
import hashlib
import hmac
import importlib.metadata
import json
import os
import subprocess
import sys
import urllib.parse

from alibabacloud_openapi_util import client as util
from Tea.request import TeaRequest

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "vectors", "acs3-sign", "official-sdks.json")
ALG = "ACS3-HMAC-SHA256"
PY = "alibabacloud-openapi-util"
NODE = "@alicloud/openapi-util"

KEY_ID = "LTAI5tExampleKeyId"
SECRET = "ExampleSecret0123456789abcdefgh"
TS = "2026-11-23T08:30:00Z"
NONCE = "3156853299f313e23d1673dc12e1703d"
STS = "CAIS+gF1q6Ft5B2yfSjIr5bkLtzHhrpThY2/YnHcplUCO/sdn6/ftzz2IHhMdHFhAe0dsvs/lWpS7Pg+lrl2RoRLQkHfKdB/u5ZHXdzNdvnAk6M5=="
ID = "i-bp1g6zv0ce8oghu7k2zz"
IDS = ["i-bp1g6zv0ce8oghu7k%03dz" % n for n in range(1, 101)]
FORM = "application/x-www-form-urlencoded"

CASES = []


def signed(name):
    n = name.lower()
    return n.startswith("x-acs-") or n in ("host", "content-type")


def headers_for(action, body=b"", host="ecs.cn-hangzhou.aliyuncs.com", sts=False, extra=(), content_type=None,
                user_agent=True):
    h = [("host", host), ("x-acs-action", action), ("x-acs-version", "2014-05-26"), ("x-acs-date", TS),
         ("x-acs-signature-nonce", NONCE), ("x-acs-content-sha256", hashlib.sha256(body).hexdigest())]
    if content_type:
        h.append(("content-type", content_type))
    if sts:
        h += [("x-acs-security-token", STS), ("x-acs-accesskey-id", KEY_ID)]
    if user_agent:
        h += [("user-agent", "AlibabaCloud (Linux; x86_64) Python/3.11 Core/2.16.1 TeaDSL/1"), ("accept", "application/json")]
    return h + list(extra)


def case(cid, description, method, query, headers, body="", secret=SECRET, key_id=KEY_ID):
    CASES.append((cid, description, method, query, headers, body, secret, key_id))


def di(extra=()):
    return [("InstanceId", ID), ("RegionId", "cn-hangzhou")] + list(extra)


def dis(n, extra=()):
    return [("RegionId", "cn-hangzhou")] + [("InstanceId.%d" % (i + 1), IDS[i]) for i in range(n)] + list(extra)


for method in ("GET", "POST"):
    m = method.lower()
    case("delete-instance/minimal/" + m, "DeleteInstance, operation parameters in the query", method, di(),
         headers_for("DeleteInstance"))
    case("delete-instance/force/" + m, "DeleteInstance with Force=true", method, di([("Force", "true")]),
         headers_for("DeleteInstance"))
    case("delete-instance/force-graceful/" + m, "DeleteInstance with Force=true, ForceStop=false", method,
         di([("Force", "true"), ("ForceStop", "false")]), headers_for("DeleteInstance"))
    case("delete-instance/every-flag/" + m, "DeleteInstance with every optional parameter", method,
         di([("Force", "true"), ("ForceStop", "true"), ("TerminateSubscription", "true"), ("DryRun", "false"),
             ("OwnerId", "1234567890123456"), ("OwnerAccount", "owner@example.com"), ("ResourceOwnerId", "7"),
             ("ResourceOwnerAccount", "ram-user")]), headers_for("DeleteInstance"))
    case("delete-instance/sts/" + m, "DeleteInstance with STS: x-acs-security-token and x-acs-accesskey-id are signed",
         method, di([("Force", "true")]), headers_for("DeleteInstance", sts=True))
    case("delete-instances/one/" + m, "DeleteInstances with one id", method, dis(1), headers_for("DeleteInstances"))
    case("delete-instances/two/" + m, "DeleteInstances with two ids", method, dis(2), headers_for("DeleteInstances"))
    case("delete-instances/hundred/" + m, "DeleteInstances with 100 ids (bytewise order 1, 10, 100, 11, ...)", method,
         dis(100), headers_for("DeleteInstances"))
    case("delete-instances/client-token/" + m, "DeleteInstances with a ClientToken and DryRun", method,
         dis(3, [("ClientToken", "123e4567-e89b-12d3-a456-426655440000"), ("DryRun", "true")]),
         headers_for("DeleteInstances"))

# POST with a form body: the query is empty and the body hash covers the parameters.
for name, params in [("delete-instance", di([("Force", "true")])), ("delete-instances", dis(2, [("ClientToken", "a b+c")]))]:
    body = "&".join("%s=%s" % (urllib.parse.quote(k, safe="~"), urllib.parse.quote(v, safe="~")) for k, v in sorted(params))
    action = "DeleteInstance" if name == "delete-instance" else "DeleteInstances"
    case(name + "/form-body/post", action + " with the parameters in a form body: content-type is signed, the body is hashed",
         "POST", [], headers_for(action, body=body.encode(), content_type=FORM), body)

# Values that need encoding, in a ClientToken.
for slug, value in [("space", "a b"), ("plus", "a+b"), ("star", "a*b"), ("tilde", "a~b"), ("slash", "a/b"),
                    ("equals-ampersand", "a=b&c"), ("percent", "100%"), ("punctuation", "!'()\"#$,;:@[]"),
                    ("non-ascii", "caf\u00e9 \u65e5\u672c \U0001F600")]:
    case("edge/client-token-" + slug + "/post", "ClientToken %r is percent-encoded in the canonical query" % value,
         "POST", dis(1, [("ClientToken", value)]), headers_for("DeleteInstances"))
case("edge/empty-value/get", "An empty OwnerAccount is written name=", "GET", di([("OwnerAccount", "")]),
     headers_for("DeleteInstance"))

# Headers.
case("headers/custom-x-acs/post", "A caller's own x-acs-* header is signed; user-agent and accept are sent but not signed",
     "POST", di(), headers_for("DeleteInstance", extra=[("x-acs-resourcegroup-id", "rg-aek2z4wzuqtyhri")]))
case("headers/mixed-case-names/post", "Header names are lower-cased before sorting and signing", "POST", di(),
     [("Host", "ecs.cn-hangzhou.aliyuncs.com"), ("X-Acs-Action", "DeleteInstance"), ("X-ACS-Version", "2014-05-26"),
      ("x-acs-DATE", TS), ("X-Acs-Signature-Nonce", NONCE), ("X-Acs-Content-Sha256", hashlib.sha256(b"").hexdigest())])
case("headers/trimmed-values/post", "Header values are trimmed", "POST", di(),
     headers_for("DeleteInstance", extra=[("x-acs-custom", "  padded value \t")]))
case("headers/repeated/post", "A header sent twice (names differing in case) is one line, values sorted and joined with a comma",
     "POST", di(), headers_for("DeleteInstance", extra=[("x-acs-custom", "b-second"), ("X-Acs-Custom", "a-first")]))
case("headers/vpc-endpoint-no-extras/get", "The VPC endpoint as host, no unsigned headers at all", "GET", di(),
     headers_for("DeleteInstance", host="ecs-vpc.cn-hangzhou.aliyuncs.com", user_agent=False))
case("headers/port-in-host/get", "A host with a port is signed as given", "GET", di(),
     headers_for("DeleteInstance", host="127.0.0.1:8080", user_agent=False))

# Secrets are used raw, without '&'.
for slug, secret in [("ampersand", "sec&ret"), ("base64-like", "a+b/c=d=="), ("non-ascii", "s\u00e9cr\u00e8t"),
                     ("empty", ""), ("long", "K" * 200)]:
    case("secret/" + slug + "/post", "secret %r is the HMAC key as it is" % (secret if len(secret) < 20 else secret[:8] + "..."),
         "POST", di(), headers_for("DeleteInstance"), secret=secret)


def node_sign(node, method, query, headers, payload, key_id, secret):
    # Node takes objects: repeated names must differ in case, as they do in the cases above.
    req = {"method": method, "pathname": "/", "query": dict(query), "headers": dict(headers),
           "payload": payload, "key_id": key_id, "secret": secret}
    node.stdin.write(json.dumps(req) + "\n")
    node.stdin.flush()
    return json.loads(node.stdout.readline())["authorization"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--node-modules", required=True)
    args = ap.parse_args()
    node_version = json.load(open(os.path.join(args.node_modules, "@alicloud", "openapi-util", "package.json")))["version"]
    env = dict(os.environ, NODE_PATH=args.node_modules)
    node = subprocess.Popen(["node", os.path.join(HERE, "node_acs3.js")], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            env=env, text=True, encoding="utf-8")
    py_version = importlib.metadata.version(PY)
    vectors = []
    for cid, description, method, query, headers, body, secret, key_id in CASES:
        assert len(dict(query)) == len(query), cid
        payload = hashlib.sha256(body.encode()).hexdigest()
        sent = {k: v for k, v in headers}
        signed_only = {k: v for k, v in headers if signed(k)}
        req = TeaRequest()
        req.method, req.pathname, req.query, req.headers = method, "/", dict(query), signed_only
        auth = util.Client.get_authorization(req, ALG, payload, key_id, secret)
        node_auth = node_sign(node, method, query, sent, payload, key_id, secret)
        if auth != node_auth:
            sys.exit("%s: the SDKs disagree:\n  python %s\n  node   %s" % (cid, auth, node_auth))
        canonical_headers, signed_names = util.get_canonicalized_headers(signed_only)
        canonical_request = "%s\n/\n%s\n%s\n%s\n%s" % (method, util.get_canonical_query_string(dict(query)),
                                                        canonical_headers, signed_names, payload)
        hashed = hashlib.sha256(canonical_request.encode()).hexdigest()
        sts = ALG + "\n" + hashed
        signature = auth.rsplit("Signature=", 1)[1]
        ours = hmac.new(secret.encode(), sts.encode(), hashlib.sha256).hexdigest()
        if ours != signature:
            sys.exit("%s: the assembled canonical request does not give the SDK's signature" % cid)
        vectors.append({
            "id": "acs3-sign/sdk/" + cid,
            "description": description + ". Authorization equal in both SDKs.",
            "source": "official-sdk:%s@%s" % (PY, py_version),
            "input": {"method": method, "path": "/", "access_key_id": key_id, "access_key_secret": secret,
                      "query": [list(p) for p in query], "headers": [list(h) for h in headers], "body": body},
            "expected": {"canonical_request": canonical_request, "hashed_canonical_request": hashed,
                         "string_to_sign": sts, "signature": signature, "authorization": auth},
        })
    node.stdin.close()
    node.wait()
    doc = {"schema": "ecs-delete-vectors/1", "suite": "acs3-sign",
           "description": ("Signature V3 vectors produced by running the official SDKs: %s@%s (Python) and %s@%s (Node) "
                           "agree on every Authorization. Generated by conformance/generators/acs3_sign.py."
                           % (PY, py_version, NODE, node_version)),
           "vectors": vectors}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print("%d vectors -> %s" % (len(vectors), os.path.relpath(OUT)))


if __name__ == "__main__":
    main()
