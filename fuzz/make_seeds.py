#!/usr/bin/env python3
"""Writes fuzz/seeds/<target>/ from the conformance vectors and test fixtures, in each target's
input format (see src/fuzzing.rs). Run from anywhere; rewrites the seed folders."""

import base64
import hashlib
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, "..", "conformance", "vectors")
SEEDS = os.path.join(HERE, "seeds")


def vectors(suite):
    for root, _, files in os.walk(os.path.join(VECTORS, suite)):
        for name in sorted(files):
            if name.endswith(".json"):
                yield from json.load(open(os.path.join(root, name), encoding="utf-8"))["vectors"]


def write(target, data):
    folder = os.path.join(SEEDS, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()[:16]), "wb") as f:
        f.write(data)


def main():
    shutil.rmtree(SEEDS, ignore_errors=True)
    for v in vectors("response"):
        i = v["input"]
        body = base64.b64decode(i["body_base64"]) if "body_base64" in i else i["body"].encode()
        if len(body) > 8192:
            continue
        flags = 0 if i["action"] == "DeleteInstance" else 1
        write("response", i["status"].to_bytes(2, "big") + bytes([flags]) + body)
    for v in vectors("request"):
        i = v["input"]
        text = "\n".join("%s=%s" % (n, val) for n, val in i["params"])
        write("request_params", bytes([0 if i["action"] == "DeleteInstance" else 1]) + text.encode())
    for v in vectors("verify"):
        i = v["input"]
        data = i["url"] + ("\0" + i["body"] if "body" in i else "")
        write("verify", bytes([0 if i["method"] == "GET" else 1]) + data.encode())
    for v in vectors("rpc-sign-v1"):
        for _, value in v["input"]["params"]:
            write("percent_roundtrip", value.encode())
    for v in vectors("acs3-sign"):
        i = v["input"]
        query = "&".join("%s=%s" % tuple(p) for p in i["query"])
        headers = "&".join("%s=%s" % tuple(p) for p in i["headers"])
        write("acs3", (query + "\0" + headers).encode())
    for n in range(64):
        write("sign_verify", hashlib.sha512(b"seed-%d" % n).digest() * 4)
    for target in sorted(os.listdir(SEEDS)):
        print(target, len(os.listdir(os.path.join(SEEDS, target))))


if __name__ == "__main__":
    main()
