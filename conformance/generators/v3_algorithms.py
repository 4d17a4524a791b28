#!/usr/bin/env python3
"""Generates the vectors of the two other V3 algorithms, ACS3-HMAC-SM3 and ACS3-RSA-SHA256:

- conformance/vectors/acs3-sign/official-sdks-sm3-rsa.json: every Authorization is written by
  alibabacloud-openapi-util's `get_authorization` (Python) and must equal
  @alicloud/openapi-util's `getAuthorization` (Node) for the same request; the canonical request
  is assembled from the Python util's own helpers, hashed with the util's own SM3 (SM3 vectors,
  checked equal to OpenSSL's through Node) or hashlib's SHA-256 (RSA vectors), and the signature
  is checked: HMAC-SM3 with the util's SM3 class, or RSASSA-PKCS1-v1_5 verified with
  `cryptography`'s public key.
- conformance/vectors/verify/official-sdks-v3-algorithms.json: requests signed that way, then
  tampered, relabelled, checked with the wrong key, or sent with a header twice; each expected
  verdict is derived by hand from the `verify` rules of the project's conformance spec (the reason
  is in each description).

The two utils wrap a bare key differently (Python as PKCS#1, `RSA PRIVATE KEY`; Node as PKCS#8,
`PRIVATE KEY`), and each takes a full PEM only in its own form: the Python util is handed the
PKCS#1 PEM and the Node util the PKCS#8 PEM of the same key. The vectors carry a full PEM, PKCS#1
or PKCS#8 in turn, so that an implementation is tested on both.

The RSA test keys are kept in conformance/generators/keys/ (made once by this script with
`cryptography`, 2048 bits; they sign nothing but these vectors).

Usage (from the repository root):
    SDK=$(conformance/generators/setup.sh)
    "$SDK/venv/bin/python" conformance/generators/v3_algorithms.py --node-modules "$SDK/node_modules"
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
from alibabacloud_openapi_util.sm3 import Sm3, hash_sm3
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from Tea.request import TeaRequest

HERE = os.path.dirname(os.path.abspath(__file__))
SIGN_OUT = os.path.join(HERE, "..", "vectors", "acs3-sign", "official-sdks-sm3-rsa.json")
VERIFY_OUT = os.path.join(HERE, "..", "vectors", "verify", "official-sdks-v3-algorithms.json")
KEYS = os.path.join(HERE, "keys")
SM3 = "ACS3-HMAC-SM3"
RSA = "ACS3-RSA-SHA256"
SHA = "ACS3-HMAC-SHA256"
PY = "alibabacloud-openapi-util"
NODE = "@alicloud/openapi-util"

KEY_ID = "LTAI5tExampleKeyId"
SECRET = "ExampleSecret0123456789abcdefgh"
TS = "2026-11-23T08:30:00Z"
NOW_OK = "2026-11-23T08:31:00Z"
NONCE = "3156853299f313e23d1673dc12e1703d"
STS = "CAIS+gF1q6Ft5B2yfSjIr5bkLtzHhrpThY2/YnHcplUCO/sdn6/ftzz2IHhMdHFhAe0dsvs/lWpS7Pg+lrl2RoRLQkHfKdB/u5ZHXdzNdvnAk6M5=="
HOST = "ecs.cn-hangzhou.aliyuncs.com"
ID = "i-bp1g6zv0ce8oghu7k2zz"
IDS = ["i-bp1g6zv0ce8oghu7k%03dz" % n for n in range(1, 101)]
FORM = "application/x-www-form-urlencoded"
UA = "AlibabaCloud (Linux; x86_64) Python/3.11 Core/2.16.1 TeaDSL/1"


# ---------------------------------------------------------------- keys
def load_key(name, bits=2048):
    """The PKCS#1 PEM, the PKCS#8 PEM and the SubjectPublicKeyInfo PEM of test key `name`."""
    path = os.path.join(KEYS, "rsa-%s.pem" % name)
    if not os.path.exists(path):
        os.makedirs(KEYS, exist_ok=True)
        key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
        with open(path, "wb") as f:
            f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                      serialization.NoEncryption()))
    with open(path, "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    pkcs1 = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                              serialization.NoEncryption()).decode().strip()
    pkcs8 = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()).decode().strip()
    spki = key.public_key().public_bytes(serialization.Encoding.PEM,
                                         serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    # The public key beside it, for the generators that run without `cryptography`.
    with open(os.path.join(KEYS, "rsa-%s.pub.pem" % name), "w") as f:
        f.write(spki)
    return {"pkcs1": pkcs1, "pkcs8": pkcs8, "public": spki, "key": key}


# ---------------------------------------------------------------- the two SDKs
class Node:
    def __init__(self, node_modules):
        env = dict(os.environ, NODE_PATH=node_modules)
        self.proc = subprocess.Popen(["node", os.path.join(HERE, "node_acs3.js")], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=env, text=True, encoding="utf-8")

    def authorization(self, algorithm, method, query, headers, payload, secret, key_id=KEY_ID):
        req = {"method": method, "pathname": "/", "query": dict(query), "headers": dict(headers),
               "payload": payload, "key_id": key_id, "secret": secret, "algorithm": algorithm}
        self.proc.stdin.write(json.dumps(req) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())["authorization"]

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def signable(name):
    n = name.lower()
    return n.startswith("x-acs-") or n in ("host", "content-type")


def body_hash(algorithm, body):
    if algorithm == SM3:
        return hash_sm3(body).hex()
    return hashlib.sha256(body).hexdigest()


def body_hash_header(algorithm):
    return "x-acs-content-sm3" if algorithm == SM3 else "x-acs-content-sha256"


class Signer:
    """Signs with both utils and checks that they agree, and that the signature is what the
    algorithm makes of the string to sign."""

    def __init__(self, node, keys):
        self.node = node
        self.keys = keys

    def sign(self, algorithm, method, query, headers, body=b"", key="a", secret=SECRET, key_id=KEY_ID):
        payload = body_hash(algorithm, body)
        signed_only = {k: v for k, v in headers if signable(k)}
        assert len(signed_only) == len([h for h in headers if signable(h[0])]), "the utils take dicts"
        if algorithm == RSA:
            py_secret, node_secret = self.keys[key]["pkcs1"], self.keys[key]["pkcs8"]
        else:
            py_secret = node_secret = secret
        req = TeaRequest()
        req.method, req.pathname, req.query, req.headers = method, "/", dict(query), signed_only
        auth = util.Client.get_authorization(req, algorithm, payload, key_id, py_secret)
        node_auth = self.node.authorization(algorithm, method, query, headers, payload, node_secret, key_id)
        if auth != node_auth:
            sys.exit("the SDKs disagree on %s %r:\n  python %s\n  node   %s" % (algorithm, query, auth, node_auth))
        canonical_headers, signed_names = util.get_canonicalized_headers(signed_only)
        canonical = "%s\n/\n%s\n%s\n%s\n%s" % (method, util.get_canonical_query_string(dict(query)),
                                                canonical_headers, signed_names, payload)
        if algorithm == SM3:
            hashed = hash_sm3(canonical.encode()).hex()
        else:
            hashed = hashlib.sha256(canonical.encode()).hexdigest()
        sts = algorithm + "\n" + hashed
        signature = auth.rsplit("Signature=", 1)[1]
        if algorithm == SM3:
            if hmac.new(secret.encode(), sts.encode(), Sm3).hexdigest() != signature:
                sys.exit("the assembled canonical request does not give the SDK's HMAC-SM3 signature")
        elif algorithm == RSA:
            self.keys[key]["key"].public_key().verify(bytes.fromhex(signature), sts.encode(), padding.PKCS1v15(),
                                                       hashes.SHA256())
        return {"canonical_request": canonical, "hashed_canonical_request": hashed, "string_to_sign": sts,
                "signature": signature, "authorization": auth}


def headers_for(algorithm, action, body=b"", sts=False, content_type=None, user_agent=True, extra=()):
    h = [("host", HOST), ("x-acs-action", action), ("x-acs-version", "2014-05-26"), ("x-acs-date", TS),
         ("x-acs-signature-nonce", NONCE), (body_hash_header(algorithm), body_hash(algorithm, body))]
    if content_type:
        h.append(("content-type", content_type))
    if sts:
        h += [("x-acs-security-token", STS), ("x-acs-accesskey-id", KEY_ID)]
    if user_agent:
        h += [("user-agent", UA), ("accept", "application/json")]
    return h + list(extra)


def di(extra=()):
    return [("InstanceId", ID), ("RegionId", "cn-hangzhou")] + list(extra)


def dis(n, extra=()):
    return [("RegionId", "cn-hangzhou")] + [("InstanceId.%d" % (i + 1), IDS[i]) for i in range(n)] + list(extra)


def form_of(params):
    return "&".join("%s=%s" % (urllib.parse.quote(k, safe="~"), urllib.parse.quote(v, safe="~"))
                    for k, v in sorted(params))


# ---------------------------------------------------------------- acs3-sign
def sign_vectors(signer, keys, source):
    vectors = []
    pem_turn = [0]

    def add(algorithm, cid, description, method, query, headers, body=""):
        expected = signer.sign(algorithm, method, query, headers, body.encode())
        inp = {"algorithm": algorithm, "method": method, "path": "/", "access_key_id": KEY_ID}
        if algorithm == RSA:
            form = ("pkcs1", "pkcs8")[pem_turn[0] % 2]
            pem_turn[0] += 1
            inp["access_key_secret"] = keys["a"][form]
            description += "; the key as a %s PEM" % ("PKCS#1" if form == "pkcs1" else "PKCS#8")
        else:
            inp["access_key_secret"] = SECRET
        inp.update({"query": [list(p) for p in query], "headers": [list(h) for h in headers], "body": body})
        slug = "sm3" if algorithm == SM3 else "rsa"
        vectors.append({"id": "acs3-sign/sdk/%s/%s" % (slug, cid),
                        "description": "%s: %s. Authorization equal in both SDKs." % (algorithm, description),
                        "source": source, "input": inp, "expected": expected})

    for alg in (SM3, RSA):
        for method in ("GET", "POST"):
            m = method.lower()
            add(alg, "delete-instance/minimal/" + m, "DeleteInstance, the operation parameters in the query", method,
                di(), headers_for(alg, "DeleteInstance"))
            add(alg, "delete-instances/one/" + m, "DeleteInstances with one id", method, dis(1),
                headers_for(alg, "DeleteInstances"))
        add(alg, "delete-instances/few/post", "DeleteInstances with three ids, a ClientToken and DryRun", "POST",
            dis(3, [("ClientToken", "123e4567-e89b-12d3-a456-426655440000"), ("DryRun", "true")]),
            headers_for(alg, "DeleteInstances"))
        add(alg, "delete-instances/hundred/post", "DeleteInstances with 100 ids (bytewise order 1, 10, 100, 11, ...)",
            "POST", dis(100), headers_for(alg, "DeleteInstances"))
        add(alg, "delete-instance/sts/post", "STS: x-acs-security-token and x-acs-accesskey-id are sent and signed",
            "POST", di([("Force", "true")]), headers_for(alg, "DeleteInstance", sts=True))
        for name, params in [("delete-instance", di([("Force", "true")])),
                             ("delete-instances", dis(2, [("ClientToken", "a b+c")]))]:
            body = form_of(params)
            action = "DeleteInstance" if name == "delete-instance" else "DeleteInstances"
            add(alg, name + "/form-body/post", "%s with the parameters in a form body: content-type is signed, the "
                "body is hashed with the algorithm's hash, under %s" % (action, body_hash_header(alg)), "POST", [],
                headers_for(alg, action, body=body.encode(), content_type=FORM), body)
        add(alg, "edge/values-that-need-encoding/post", "A ClientToken and an OwnerAccount that are percent-encoded in "
            "the canonical query", "POST", dis(1, [("ClientToken", "a b+c*d~e/f"), ("OwnerAccount", "caf\u00e9 \u65e5")]),
            headers_for(alg, "DeleteInstances"))
        add(alg, "headers/custom-x-acs/post", "A caller's own x-acs-* header is signed; user-agent and accept are not",
            "POST", di(), headers_for(alg, "DeleteInstance", extra=[("x-acs-resourcegroup-id", "rg-aek2z4wzuqtyhri")]))
    for slug, secret in [("ampersand", "sec&ret"), ("non-ascii", "s\u00e9cr\u00e8t"), ("long", "K" * 200)]:
        expected = signer.sign(SM3, "POST", di(), headers_for(SM3, "DeleteInstance"), secret=secret)
        vectors.append({"id": "acs3-sign/sdk/sm3/secret/%s/post" % slug,
                        "description": "ACS3-HMAC-SM3: the secret is the HMAC-SM3 key as it is (longer than SM3's "
                                       "64-byte block when long). Authorization equal in both SDKs.",
                        "source": source,
                        "input": {"algorithm": SM3, "method": "POST", "path": "/", "access_key_id": KEY_ID,
                                  "access_key_secret": secret, "query": [list(p) for p in di()],
                                  "headers": [list(h) for h in headers_for(SM3, "DeleteInstance")], "body": ""},
                        "expected": expected})
    return vectors


# ---------------------------------------------------------------- verify
def verify_vectors(signer, keys, sdk_source):
    vectors = []
    td = "hand-derived"

    def add(vid, description, source, method, query, headers, expected, body="", now=None, secret=SECRET,
            public_key=None, url=None):
        inp = {"method": method,
               "url": url if url is not None else "https://%s/?%s" % (HOST, form_of(query) if query else ""),
               "headers": [list(h) for h in headers], "body": body}
        if secret is not None:
            inp["access_key_secret"] = secret
        if public_key is not None:
            inp["public_key"] = public_key
        if now is not None:
            inp["now"] = now
        vectors.append({"id": "verify/v3/algorithms/" + vid, "description": description, "source": source,
                        "input": inp, "expected": expected})

    def ok(action, params):
        return {"valid": True, "action": action, "params": [list(p) for p in sorted(params)]}

    def bad(code, parameter=None):
        e = {"code": code}
        if parameter is not None:
            e["parameter"] = parameter
        return {"valid": False, "error": e}

    def signed(alg, method, query, headers, body=b"", key="a"):
        return headers + [("authorization", signer.sign(alg, method, query, headers, body, key=key)["authorization"])]

    def replace(headers, name, value):
        return [(n, value if n.lower() == name else v) for n, v in headers]

    def without(headers, name):
        return [(n, v) for n, v in headers if n.lower() != name]

    def auth_of(headers):
        return dict((n.lower(), v) for n, v in headers)["authorization"]

    pub_a, pub_b = keys["a"]["public"], keys["b"]["public"]
    d = di([("Force", "true")])
    d3 = dis(3, [("ClientToken", "retry token 1")])
    d100 = dis(100)

    # ------------------------------------------------ valid
    sm3_post = signed(SM3, "POST", d, headers_for(SM3, "DeleteInstance"))
    add("sm3/valid-post", "ACS3-HMAC-SM3 by POST: the canonical request hashed with SM3, the body hash in "
        "x-acs-content-sm3, HMAC-SM3 with the secret: valid.", sdk_source, "POST", d, sm3_post,
        ok("DeleteInstance", d), now=NOW_OK)
    h = signed(SM3, "GET", d3, headers_for(SM3, "DeleteInstances", sts=True))
    add("sm3/valid-get-sts", "ACS3-HMAC-SM3 by GET with STS headers: valid.", sdk_source, "GET", d3, h,
        ok("DeleteInstances", d3))
    sm3_100 = signed(SM3, "POST", d100, headers_for(SM3, "DeleteInstances"))
    add("sm3/valid-hundred", "ACS3-HMAC-SM3 with 100 ids: valid.", sdk_source, "POST", d100, sm3_100,
        ok("DeleteInstances", d100))
    form = form_of(d3).encode()
    sm3_form = signed(SM3, "POST", [], headers_for(SM3, "DeleteInstances", body=form, content_type=FORM), form)
    add("sm3/valid-form-body", "ACS3-HMAC-SM3 with the parameters in a form body: x-acs-content-sm3 is the SM3 of "
        "the body: valid.", sdk_source, "POST", [], sm3_form, ok("DeleteInstances", d3), body=form.decode())
    rsa_post = signed(RSA, "POST", d, headers_for(RSA, "DeleteInstance"))
    add("rsa/valid-post", "ACS3-RSA-SHA256 by POST, checked with the account's public key (SubjectPublicKeyInfo "
        "PEM): valid.", sdk_source, "POST", d, rsa_post, ok("DeleteInstance", d), now=NOW_OK, secret=None,
        public_key=pub_a)
    h = signed(RSA, "GET", d3, headers_for(RSA, "DeleteInstances", sts=True))
    add("rsa/valid-get-sts", "ACS3-RSA-SHA256 by GET with STS headers: valid.", sdk_source, "GET", d3, h,
        ok("DeleteInstances", d3), secret=None, public_key=pub_a)
    rsa_form = signed(RSA, "POST", [], headers_for(RSA, "DeleteInstances", body=form, content_type=FORM), form)
    add("rsa/valid-form-body", "ACS3-RSA-SHA256 with a form body, x-acs-content-sha256 its SHA-256: valid.",
        sdk_source, "POST", [], rsa_form, ok("DeleteInstances", d3), body=form.decode(), secret=None,
        public_key=pub_a)
    add("rsa/valid-with-secret-too", "ACS3-RSA-SHA256 with both a secret and the public key in the input: the "
        "algorithm decides which key checks it: valid.", sdk_source, "POST", d, rsa_post, ok("DeleteInstance", d),
        public_key=pub_a)

    # ------------------------------------------------ wrong key, tampered
    add("sm3/wrong-secret", "ACS3-HMAC-SM3 checked with another secret: signature_mismatch.", td, "POST", d, sm3_post,
        bad("signature_mismatch"), secret="another-secret")
    add("sm3/tampered-query", "ACS3-HMAC-SM3, InstanceId changed after signing: signature_mismatch.", td, "POST",
        [("InstanceId", "i-bp1g6zv0ce8oghu7k3aa"), ("RegionId", "cn-hangzhou"), ("Force", "true")], sm3_post,
        bad("signature_mismatch"))
    add("sm3/tampered-hundred", "ACS3-HMAC-SM3, InstanceId.57 of 100 changed: signature_mismatch.", td, "POST",
        [(n, "i-bp1g6zv0ce8oghu7k999z" if n == "InstanceId.57" else v) for n, v in d100], sm3_100,
        bad("signature_mismatch"))
    add("sm3/body-changed", "ACS3-HMAC-SM3, the form body changed after signing, its x-acs-content-sm3 left: the "
        "body no longer hashes to it: signature_mismatch.", td, "POST", [], sm3_form, bad("signature_mismatch"),
        body=form.decode().replace(IDS[1], "i-bp1g6zv0ce8oghu7k999z"))
    add("sm3/body-hash-is-sha256", "ACS3-HMAC-SM3 with x-acs-content-sm3 holding the SHA-256 of the form body (the "
        "request re-signed over it): the header is not the SM3 of the body: signature_mismatch.", td, "POST", [],
        signed(SM3, "POST", [], replace(headers_for(SM3, "DeleteInstances", body=form, content_type=FORM),
                                        "x-acs-content-sm3", hashlib.sha256(form).hexdigest()), form),
        bad("signature_mismatch"), body=form.decode())
    add("rsa/wrong-public-key", "ACS3-RSA-SHA256 checked with another account's public key: signature_mismatch.", td,
        "POST", d, rsa_post, bad("signature_mismatch"), secret=None, public_key=pub_b)
    add("rsa/no-public-key", "ACS3-RSA-SHA256 with only a secret in the input: the key the algorithm needs is not "
        "there: signature_mismatch.", td, "POST", d, rsa_post, bad("signature_mismatch"))
    add("rsa/tampered-query", "ACS3-RSA-SHA256, InstanceId changed after signing: signature_mismatch.", td, "POST",
        [("InstanceId", "i-bp1g6zv0ce8oghu7k3aa"), ("RegionId", "cn-hangzhou"), ("Force", "true")], rsa_post,
        bad("signature_mismatch"), secret=None, public_key=pub_a)
    add("rsa/body-changed", "ACS3-RSA-SHA256, the form body changed after signing: signature_mismatch.", td, "POST",
        [], rsa_form, bad("signature_mismatch"), body=form.decode().replace(IDS[1], "i-bp1g6zv0ce8oghu7k999z"),
        secret=None, public_key=pub_a)
    rsa_sig = auth_of(rsa_post).rsplit("Signature=", 1)[1]
    flipped = rsa_sig[:-1] + ("0" if rsa_sig[-1] != "0" else "1")
    add("rsa/signature-flipped", "ACS3-RSA-SHA256, the last hex digit of the signature changed: signature_mismatch.",
        td, "POST", d, replace(rsa_post, "authorization", auth_of(rsa_post).replace(rsa_sig, flipped)),
        bad("signature_mismatch"), secret=None, public_key=pub_a)
    add("rsa/signature-not-hex", "ACS3-RSA-SHA256 with a signature that is not hex: signature_mismatch.", td, "POST",
        d, replace(rsa_post, "authorization", auth_of(rsa_post).replace(rsa_sig, "zz" + rsa_sig[2:])),
        bad("signature_mismatch"), secret=None, public_key=pub_a)

    # ------------------------------------------------ relabelled: the algorithm word changed, nothing else
    sha_post = signed(SHA, "POST", d, headers_for(SHA, "DeleteInstance"))
    add("relabel/sha256-as-rsa", "An ACS3-HMAC-SHA256 request relabelled ACS3-RSA-SHA256 and checked with a public "
        "key: an HMAC is not an RSA signature: signature_mismatch.", td, "POST", d,
        replace(sha_post, "authorization", auth_of(sha_post).replace(SHA, RSA)), bad("signature_mismatch"),
        public_key=pub_a)
    add("relabel/rsa-as-sha256", "An ACS3-RSA-SHA256 request relabelled ACS3-HMAC-SHA256 and checked with the "
        "secret: signature_mismatch.", td, "POST", d,
        replace(rsa_post, "authorization", auth_of(rsa_post).replace(RSA, SHA)), bad("signature_mismatch"),
        public_key=pub_a)
    add("relabel/sha256-as-sm3", "An ACS3-HMAC-SHA256 request relabelled ACS3-HMAC-SM3: it carries "
        "x-acs-content-sha256 and no x-acs-content-sm3, the body hash header SM3 requires: missing_parameter "
        "x-acs-content-sm3.", td, "POST", d,
        replace(sha_post, "authorization", auth_of(sha_post).replace(SHA, SM3)),
        bad("missing_parameter", "x-acs-content-sm3"))
    add("relabel/sm3-as-sha256", "An ACS3-HMAC-SM3 request relabelled ACS3-HMAC-SHA256: it carries no "
        "x-acs-content-sha256: missing_parameter x-acs-content-sha256.", td, "POST", d,
        replace(sm3_post, "authorization", auth_of(sm3_post).replace(SM3, SHA)),
        bad("missing_parameter", "x-acs-content-sha256"))
    both = headers_for(SM3, "DeleteInstance") + [("x-acs-content-sha256", hashlib.sha256(b"").hexdigest())]
    sm3_both = signed(SM3, "POST", d, both)
    add("relabel/sm3-as-sha256-both-hashes", "An ACS3-HMAC-SM3 request that signed both body hash headers, "
        "relabelled ACS3-HMAC-SHA256: every header is there, but the HMAC is another: signature_mismatch.", td,
        "POST", d, replace(sm3_both, "authorization", auth_of(sm3_both).replace(SM3, SHA)),
        bad("signature_mismatch"))
    add("sm3/both-hashes-valid", "An ACS3-HMAC-SM3 request that also sends and signs x-acs-content-sha256: the SM3 "
        "body hash header is the one checked: valid.", sdk_source, "POST", d, sm3_both, ok("DeleteInstance", d))
    add("sm3/only-sha256-header", "ACS3-HMAC-SM3 with the body's SM3 hash sent under x-acs-content-sha256 (as "
        "alibabacloud-tea-openapi 0.4.6 for Python sends it) and no x-acs-content-sm3: missing_parameter "
        "x-acs-content-sm3.", td, "POST", d,
        signed(SM3, "POST", d, [("x-acs-content-sha256" if n == "x-acs-content-sm3" else n, v)
                                for n, v in headers_for(SM3, "DeleteInstance")]),
        bad("missing_parameter", "x-acs-content-sm3"))
    for word in ["ACS3-HMAC-SHA1", "ACS3-HMAC-SM3-X", "acs3-hmac-sm3", "ACS3-RSA-SHA512"]:
        add("unsupported/" + word.lower(), "%s is none of the three algorithms (names are compared as they are): "
            "unsupported_signature_method, named Authorization." % word, td, "POST", d,
            replace(sm3_post, "authorization", auth_of(sm3_post).replace(SM3, word)),
            bad("unsupported_signature_method", "Authorization"))

    # ------------------------------------------------ a header the verifier reads one value from, sent twice
    for alg, base, key_args in [(SHA, sha_post, {}), (SM3, sm3_post, {}), (RSA, rsa_post,
                                                                          {"secret": None, "public_key": pub_a})]:
        slug = {SHA: "sha256", SM3: "sm3", RSA: "rsa"}[alg]
        for name, value in [("x-acs-signature-nonce", "another-nonce"), ("x-acs-date", "2026-11-23T08:30:01Z"),
                            ("x-acs-action", "DeleteInstance"), ("x-acs-version", "2014-05-26"),
                            (body_hash_header(alg), body_hash(alg, b"")), ("host", HOST),
                            ("authorization", auth_of(base))]:
            add("repeated/%s/%s" % (slug, name), "%s with %s sent twice (the second time as %r, its name in "
                "another case): the canonical request would join the two values while the checks read one: "
                "repeated_header, named %s in lower case, right after the query is decoded." % (alg, name,
                                                                                                 value, name),
                td, "POST", d, base + [(name.upper(), value)], bad("repeated_header", name), **key_args)
    add("repeated/malformed-query-first", "A header twice and a bad escape in the query: malformed_query is "
        "checked first.", td, "POST", d, sm3_post + [("x-acs-date", TS)], bad("malformed_query"),
        url="https://%s/?%s&X=%%G1" % (HOST, form_of(d)))
    add("repeated/other-x-acs-header-twice", "A caller's own x-acs-* header sent twice is not read alone, so it is "
        "signed joined, as every SDK signs it; here it was signed once and sent twice: the canonical request "
        "differs: signature_mismatch.", td, "POST", d,
        signed(SM3, "POST", d, headers_for(SM3, "DeleteInstance", extra=[("x-acs-resourcegroup-id", "rg-1")]))
        + [("x-acs-resourcegroup-id", "rg-2")], bad("signature_mismatch"))
    return vectors


def write(path, suite, description, vectors):
    ids = [v["id"] for v in vectors]
    assert len(ids) == len(set(ids)), "duplicate ids"
    doc = {"schema": "ecs-delete-vectors/1", "suite": suite, "description": description, "vectors": vectors}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print("%d vectors -> %s" % (len(vectors), os.path.relpath(path)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--node-modules", required=True)
    args = ap.parse_args()
    node_version = json.load(open(os.path.join(args.node_modules, "@alicloud", "openapi-util", "package.json")))["version"]
    py_version = importlib.metadata.version(PY)
    source = "official-sdk:%s@%s" % (PY, py_version)
    keys = {"a": load_key("a"), "b": load_key("b")}
    # A key too small to use (1024 bits), for the tests of a refused key.
    load_key("small", bits=1024)
    node = Node(args.node_modules)
    signer = Signer(node, keys)
    sdks = "%s@%s (Python) and %s@%s (Node)" % (PY, py_version, NODE, node_version)
    write(SIGN_OUT, "acs3-sign",
          "Signature V3 with ACS3-HMAC-SM3 and ACS3-RSA-SHA256, produced by running the official utils: %s agree on "
          "every Authorization (Python handed the PKCS#1 PEM, Node the PKCS#8 PEM of the same key). Generated by "
          "conformance/generators/v3_algorithms.py." % sdks,
          sign_vectors(signer, keys, source))
    write(VERIFY_OUT, "verify",
          "Signature V3 requests with ACS3-HMAC-SM3 and ACS3-RSA-SHA256 to verify, signed by %s, then tampered, "
          "relabelled, checked with the wrong key, or sent with a header twice (ACS3-HMAC-SHA256 too). Written by "
          "conformance/generators/v3_algorithms.py." % sdks,
          verify_vectors(signer, keys, source))
    node.close()


if __name__ == "__main__":
    main()
