#!/usr/bin/env python3
"""Generates conformance/vectors/rpc-sign-v1/official-sdks.json by running the official SDKs.

Every expected value comes from the SDKs, never from the crate under test:

- string_to_sign: aliyun-python-sdk-core's own composer (`__compose_string_to_sign`);
- canonical_query: that string to sign's third `&` field, percent-decoded once with the
  standard library (the composer builds the canonical query and encodes it once more);
- signature: aliyun-python-sdk-core's HMAC-SHA1 signer, and it must equal both
  alibabacloud-openapi-util's `get_rpcsignature` (Python) and @alicloud/openapi-util's
  `getRPCSignature` (Node); a case on which the three disagree stops the generator.

Usage (from the repository root):
    SDK=$(conformance/generators/setup.sh)
    "$SDK/venv/bin/python" conformance/generators/rpc_sign_v1.py --node-modules "$SDK/node_modules"
"""

import argparse
import importlib
import importlib.metadata
import json
import os
import subprocess
import sys
import urllib.parse

composer = importlib.import_module("aliyunsdkcore.auth.composer.rpc_signature_composer")
from aliyunsdkcore.auth.algorithm import sha_hmac1  # noqa: E402
from alibabacloud_openapi_util.client import Client as TeaUtil  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "vectors", "rpc-sign-v1", "official-sdks.json")

CORE = "aliyun-python-sdk-core"
TEA = "alibabacloud-openapi-util"
NODE = "@alicloud/openapi-util"

TS = "2026-11-23T08:30:00Z"
NONCE = "6a1f0c8e-3b2d-4c5e-9f70-1a2b3c4d5e6f"
IDS = ["i-bp1g6zv0ce8oghu7k%03dz" % n for n in range(1, 101)]


def common(action, fmt="JSON", key_id="LTAI5tExampleKeyId", token=None, ts=TS, nonce=NONCE):
    params = [
        ("Action", action),
        ("Version", "2014-05-26"),
        ("Format", fmt),
        ("AccessKeyId", key_id),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", nonce),
        ("Timestamp", ts),
    ]
    if token is not None:
        params.append(("SecurityToken", token))
    return params


def delete_instance(extra=(), instance="i-bp1g6zv0ce8oghu7k2zz", region="cn-hangzhou", **kw):
    ops = [("InstanceId", instance)]
    if region is not None:
        ops.append(("RegionId", region))
    return ops + list(extra) + common("DeleteInstance", **kw)


def delete_instances(n, extra=(), region="cn-hangzhou", **kw):
    ops = [("RegionId", region)] + [("InstanceId.%d" % (i + 1), IDS[i]) for i in range(n)]
    return ops + list(extra) + common("DeleteInstances", **kw)


SECRET = "ExampleSecret0123456789abcdefgh"
STS_TOKEN = "CAIS+gF1q6Ft5B2yfSjIr5bkLtzHhrpThY2/YnHcplUCO/sdn6/ftzz2IHhMdHFhAe0dsvs/lWpS7Pg+lrl2RoRLQkHfKdB/u5ZHXdzNdvnAk6M5=="

# (id, description, method, secret, params)
CASES = []
# Cases on which @alicloud/openapi-util departs from the protocol, with the reason; the Python SDKs
# must still agree, and the Node adapter lists the id as an expected failure.
NODE_DEPARTS = {}


def case(cid, description, method, params, secret=SECRET):
    CASES.append((cid, description, method, secret, params))


def both(cid, description, params, secret=SECRET):
    """The same parameters sent with GET and with POST."""
    case(cid + "/get", description + " (GET)", "GET", params, secret)
    case(cid + "/post", description + " (POST)", "POST", params, secret)


# DeleteInstance: every flag, each alone, then together.
both("delete-instance/minimal", "DeleteInstance with InstanceId and RegionId only", delete_instance())
both("delete-instance/no-region", "DeleteInstance without RegionId (it is optional)", delete_instance(region=None))
both("delete-instance/force", "DeleteInstance with Force=true", delete_instance([("Force", "true")]))
both("delete-instance/force-false", "DeleteInstance with Force=false sent explicitly", delete_instance([("Force", "false")]))
both("delete-instance/force-graceful", "DeleteInstance with Force=true and ForceStop=false (graceful shutdown first)",
     delete_instance([("Force", "true"), ("ForceStop", "false")]))
both("delete-instance/terminate-subscription", "DeleteInstance with TerminateSubscription=true",
     delete_instance([("TerminateSubscription", "true")]))
both("delete-instance/dry-run", "DeleteInstance with DryRun=true", delete_instance([("DryRun", "true")]))
both("delete-instance/owners", "DeleteInstance with the four owner parameters",
     delete_instance([("OwnerId", "1234567890123456"), ("OwnerAccount", "owner@example.com"),
                      ("ResourceOwnerId", "9223372036854775807"), ("ResourceOwnerAccount", "ram-user")]))
both("delete-instance/every-flag", "DeleteInstance with every optional parameter",
     delete_instance([("Force", "true"), ("ForceStop", "true"), ("TerminateSubscription", "false"),
                      ("DryRun", "false"), ("OwnerId", "1"), ("OwnerAccount", "a"),
                      ("ResourceOwnerId", "2"), ("ResourceOwnerAccount", "b")]))
both("delete-instance/xml", "DeleteInstance asking for Format=XML", delete_instance(fmt="XML"))
both("delete-instance/sts", "DeleteInstance with STS credentials: SecurityToken is signed (its +, / and = encoded)",
     delete_instance([("Force", "true")], token=STS_TOKEN))
both("delete-instance/legacy-id", "DeleteInstance of a 2012-era AY instance id",
     delete_instance(instance="AY121018033933eae8689"))

# DeleteInstances: 1, 2 and 100 ids; InstanceId.N sorts bytewise (1, 10, 100, 11, ..., 2).
both("delete-instances/one", "DeleteInstances with one id", delete_instances(1))
both("delete-instances/two", "DeleteInstances with two ids", delete_instances(2))
both("delete-instances/eleven", "DeleteInstances with 11 ids: InstanceId.10 and .11 sort before .2", delete_instances(11))
both("delete-instances/hundred", "DeleteInstances with 100 ids: InstanceId.100 sorts between .10 and .11",
     delete_instances(100))
both("delete-instances/client-token", "DeleteInstances with a UUID ClientToken",
     delete_instances(2, [("ClientToken", "123e4567-e89b-12d3-a456-426655440000")]))
both("delete-instances/every-flag", "DeleteInstances with every optional parameter",
     delete_instances(3, [("ClientToken", "tok-1"), ("Force", "true"), ("ForceStop", "false"),
                          ("TerminateSubscription", "true"), ("DryRun", "true"), ("OwnerId", "42"),
                          ("OwnerAccount", "acct"), ("ResourceOwnerId", "0042"),
                          ("ResourceOwnerAccount", "racct")]))
both("delete-instances/sts-xml", "DeleteInstances with STS credentials and Format=XML",
     delete_instances(2, token=STS_TOKEN, fmt="XML"))
both("delete-instances/hundred-sts", "DeleteInstances with 100 ids, Force and STS credentials",
     delete_instances(100, [("Force", "true"), ("ClientToken", "retry-safe-token")], token=STS_TOKEN))

# Edge values, carried in a ClientToken or an account value so the parameter set stays real.
EDGES = [
    ("space", "a b", "a space is %20, never +; in the string to sign %2520"),
    ("plus", "a+b", "+ is %2B"),
    ("star", "a*b", "* is %2A"),
    ("tilde", "a~b", "~ stays unencoded"),
    ("slash", "a/b", "/ is %2F"),
    ("equals", "a=b", "= is %3D, then %253D"),
    ("ampersand", "a&b", "& is %26, then %2526"),
    ("percent", "100%", "% is %25, then %2525"),
    ("reserved-marks", "!'()", "! ' ( ) are all encoded"),
    ("unreserved-marks", "-_.~", "- _ . ~ stay unencoded"),
    ("all-ascii-punct", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", "every printable ASCII punctuation mark"),
    ("latin1", "caf\u00e9", "non-ASCII is encoded as its UTF-8 bytes, upper-case hex"),
    ("cjk", "\u65e5\u672c\u8a9e", "three-byte UTF-8"),
    ("emoji", "x\U0001F600y", "a four-byte UTF-8 character (non-BMP)"),
    ("combining", "e\u0301", "no Unicode normalisation: e + combining acute stays two code points"),
]
for name, value, why in EDGES:
    both("edge/client-token-" + name, "DeleteInstances with ClientToken %r: %s" % (value, why),
         delete_instances(1, [("ClientToken", value)]))
for name, value, why in EDGES[:3] + EDGES[6:8] + EDGES[11:13]:
    case("edge/owner-account-" + name + "/get", "DeleteInstance with OwnerAccount %r: %s (GET)" % (value, why),
         "GET", delete_instance([("OwnerAccount", value)]))

both("edge/empty-values", "empty values are sent and signed as Key=",
     delete_instance([("OwnerAccount", ""), ("ResourceOwnerAccount", "")]))
case("edge/empty-signature-type/get", "an empty SignatureType= is signed like any other empty value (GET)",
     "GET", delete_instance() + [("SignatureType", "")])
case("edge/timestamp-leap-day/get", "a timestamp on a leap day", "GET", delete_instance(ts="2028-02-29T23:59:59Z"))
case("edge/nonce-hex/get", "a 32-hex-digit nonce as tea-openapi draws them", "GET",
     delete_instance(nonce="3156853299f313e23d1673dc12e1703d"))
case("edge/key-id-special/get", "an AccessKeyId with characters that need encoding", "GET",
     delete_instance(key_id="key id+/="))

# Secrets: used raw, with & appended; the HMAC key changes, nothing else.
SECRETS = [
    ("ampersand", "sec&ret", "an & inside the secret stays; the key is sec&ret&"),
    ("equals-plus-slash", "a+b/c=d==", "Base64-looking secrets are used as they are"),
    ("space", "two words", "a space in the secret"),
    ("non-ascii", "s\u00e9cr\u00e8t\u65e5", "a non-ASCII secret is keyed by its UTF-8 bytes"),
    ("empty", "", "an empty secret gives the key &"),
    ("block-size", "k" * 63, "63 characters: with & the key is exactly one SHA-1 block (64 bytes)"),
    ("over-block-size", "k" * 64, "64 characters: with & the key is 65 bytes, hashed first by HMAC"),
    ("long", "Z" * 300, "a 300-character secret"),
]
for name, secret, why in SECRETS:
    case("secret/" + name + "/get", "secret %s" % why + " (GET)", "GET", delete_instance(), secret)
    case("secret/" + name + "/post", "secret %s" % why + " (POST)", "POST",
         delete_instances(2, [("Force", "true")]), secret)

# The generic signer on names ECS does not use: sorting is by raw name, bytewise, case-sensitive.
case("generic/case-sensitive-sort/get", "upper-case names sort before lower-case ones (bytewise)", "GET",
     [("b", "1"), ("B", "2"), ("a", "3"), ("A", "4")] + common("DescribeRegions"))
case("generic/encoded-names/get", "names are encoded like values", "GET",
     [("Tag.1.Key", "env"), ("Tag.1.Value", "prod stage"), ("a b", "c")] + common("DescribeInstances"))
case("generic/raw-sort-not-encoded-sort/get",
     "sorting uses raw names: raw 'az' (z = 0x7A) sorts before raw 'a\u00e9' (0xC3), although %C3 would sort first",
     "GET", [("a\u00e9", "1"), ("az", "2")] + common("DescribeRegions"))


case("generic/non-bmp-key-order/get",
     "bytewise (code point) order puts U+FFFD (EF BF BD) before U+1F600 (F0 9F 98 80); JavaScript's UTF-16 sort "
     "puts the surrogate pair D83D DE00 first, so @alicloud/openapi-util signs another string",
     "GET", [("k\U0001F600", "1"), ("k\uFFFD", "2")] + common("DescribeRegions"))
NODE_DEPARTS["generic/non-bmp-key-order/get"] = "sorts keys by UTF-16 code units, not bytewise"


def sign_python(method, secret, params):
    d = dict(params)
    assert len(d) == len(params), "the SDKs take a dict: names must be unique"
    sts = getattr(composer, "__compose_string_to_sign")(method, dict(d))
    prefix = method + "&%2F&"
    assert sts.startswith(prefix)
    canonical_query = urllib.parse.unquote(sts[len(prefix):], encoding="utf-8", errors="strict")
    core_sig = sha_hmac1.get_sign_string(sts, secret + "&")
    tea_sig = TeaUtil.get_rpcsignature(dict(d), method, secret)
    return canonical_query, sts, core_sig, tea_sig


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--node-modules", required=True)
    args = ap.parse_args()
    node_version = json.load(open(os.path.join(args.node_modules, "@alicloud", "openapi-util", "package.json")))["version"]
    env = dict(os.environ, NODE_PATH=args.node_modules)
    node = subprocess.Popen(["node", os.path.join(HERE, "node_sign.js")], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, env=env, text=True, encoding="utf-8")
    core_v = importlib.metadata.version(CORE)
    tea_v = importlib.metadata.version(TEA)
    vectors = []
    for cid, description, method, secret, params in CASES:
        canonical_query, sts, core_sig, tea_sig = sign_python(method, secret, params)
        node.stdin.write(json.dumps({"method": method, "secret": secret, "params": dict(params)}) + "\n")
        node.stdin.flush()
        node_sig = json.loads(node.stdout.readline()).get("signature")
        if core_sig != tea_sig:
            sys.exit("%s: the Python SDKs disagree: core %s, tea %s" % (cid, core_sig, tea_sig))
        if (node_sig == core_sig) == (cid in NODE_DEPARTS):
            sys.exit("%s: node %s, python %s, expected to %s" % (cid, node_sig, core_sig,
                     "differ" if cid in NODE_DEPARTS else "agree"))
        vectors.append({
            "id": "rpc-sign-v1/sdk/" + cid,
            "description": description + (". Signature equal in the two Python SDKs; @alicloud/openapi-util "
                                          "departs from the protocol here: " + NODE_DEPARTS[cid] + "."
                                          if cid in NODE_DEPARTS else ". Signature equal in all three SDKs."),
            "source": "official-sdk:%s@%s" % (CORE, core_v),
            "input": {"method": method, "access_key_secret": secret, "params": [list(p) for p in params]},
            "expected": {"canonical_query": canonical_query, "string_to_sign": sts, "signature": core_sig},
        })
    node.stdin.close()
    node.wait()
    doc = {
        "schema": "ecs-delete-vectors/1",
        "suite": "rpc-sign-v1",
        "description": ("RPC signature V1 vectors produced by running the official SDKs: string to sign and "
                        "signature from %s@%s; every signature also reproduced by %s@%s (Python) and %s@%s "
                        "(Node). Generated by conformance/generators/rpc_sign_v1.py."
                        % (CORE, core_v, TEA, tea_v, NODE, node_version)),
        "vectors": vectors,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print("%d vectors -> %s" % (len(vectors), os.path.relpath(OUT)))


if __name__ == "__main__":
    main()
