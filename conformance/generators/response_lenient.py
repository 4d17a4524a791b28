#!/usr/bin/env python3
"""Writes conformance/vectors/response/official-sdk-parser.json by running the official Python
SDK's own error-body parser over a generated family of odd but legal JSON bodies.

The rule under test: a body that the official Python SDK reads is decoded, and fields the
envelope does not need never make it lose the code. aliyun-python-sdk-core reads an error body
with `AcsClient._parse_error_info_from_response_body` (`json.loads`, then `Code` and `Message`);
that function is called here on every body, and its answer is the expected value:

- it finds a `Code`: the expected outcome is `api_error` (or `dry_run` for a dry-run code) with
  that code, and the SDK's `Message` when it can be written as UTF-8;
- it raises no code (`SDK.UnknownServerError`, its "could not parse" answer): `unparseable`.

Each odd value (a lone surrogate escape, NaN, Infinity, numbers beyond a double, deep nesting,
a repeated key) is placed in the message and in an unknown field, before and after `Code`, for
several codes. Bodies with raw control characters are left out: `json.loads` refuses them by
default, the crate accepts them (it never loses a code for a field it does not need), and that
choice is recorded by hand in hand-derived.json. Numeric codes are left out too: the SDK turns
`1E2` into the float 100.0, the crate keeps the exact text sent (hand-derived.json).

Usage (from the repository root):
    SDK=$(conformance/generators/setup.sh)
    "$SDK/venv/bin/python" conformance/generators/response_lenient.py
"""

import importlib.metadata
import json
import os

from aliyunsdkcore.client import AcsClient

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "vectors", "response", "official-sdk-parser.json")
RID = "9C3B8A5E-2F7D-4E61-A0B9-5D4C3B2A1F00"
DRY_RUN = ("DryRunOperation", "DRYRUN.SUCCESS", "DryRunSuccess")

# (code, status): one of each retry class, a dry run, and an already-gone code.
CODES = [("Throttling", 400), ("IncorrectInstanceStatus", 403), ("InvalidInstanceId.NotFound", 404),
         ("InternalError", 500), ("DryRunOperation", 400)]

# Odd values, as JSON text, each legal for json.loads.
ODD = [
    ("lone-high-surrogate", '"Too many \\ud83d"'),
    ("lone-low-surrogate", '"\\ude00 after"'),
    ("reversed-pair", '"\\ude00\\ud83d"'),
    ("pair-then-lone", '"\\ud83d\\ude00 \\ud83d"'),
    ("nan", "NaN"),
    ("infinity", "Infinity"),
    ("minus-infinity", "-Infinity"),
    ("beyond-double", "1e400"),
    ("thirty-digits", "123456789012345678901234567890"),
    ("tiny", "-0.0000000000000000000000000001e-350"),
    ("deep-nesting", "[" * 400 + "1" + "]" * 400),
    ("deep-objects", '{"a":' * 300 + "null" + "}" * 300),
    ("mixed-container", '[NaN, {"x": [Infinity, "\\ud800"]}, -Infinity, 1e999]'),
    ("escaped-bmp", '"caf\\u00e9 \\u65e5\\u672c \\/ \\" \\\\"'),
]

VECTORS = []


def sdk_read(body):
    code, message = AcsClient._parse_error_info_from_response_body(body)
    return code, message


def writable(text):
    try:
        text.encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def add(vid, description, status, body, source):
    code, message = sdk_read(body)
    if code == "SDK.UnknownServerError":
        expected = {"outcome": "unparseable", "code": None, "http_status": status}
    else:
        assert isinstance(code, str), (vid, code)
        expected = {"outcome": "dry_run" if code in DRY_RUN else "api_error", "code": code, "http_status": status,
                    "request_id": RID}
        if isinstance(message, str) and writable(message):
            expected["message"] = message
    VECTORS.append({"id": "response/sdk-parser/" + vid, "description": description, "source": source,
                    "input": {"action": "DeleteInstance", "status": status, "body": body}, "expected": expected})


def main():
    source = "official-sdk:aliyun-python-sdk-core@" + importlib.metadata.version("aliyun-python-sdk-core")
    for code, status in CODES:
        slug = code.lower().replace(".", "-")
        for name, odd in ODD:
            for where, body in [
                ("message", '{"RequestId":"%s","Code":"%s","Message":%s}' % (RID, code, odd)),
                ("extra-before", '{"Extra":%s,"RequestId":"%s","Code":"%s","Message":"m"}' % (odd, RID, code)),
                ("extra-after", '{"RequestId":"%s","Code":"%s","Message":"m","Extra":%s}' % (RID, code, odd)),
            ]:
                add("%s/%s/%s" % (slug, name, where),
                    "%s with %s in %s: the SDK's parser reads the code, so the crate must too." % (code, name, where),
                    status, body, source)
        add(slug + "/repeated-code-last-wins",
            "Code given twice: json.loads keeps the later one, and so does the crate.", status,
            '{"RequestId":"%s","Code":"Other.Code","Message":"m","Code":"%s"}' % (RID, code), source)
    # Bodies the SDK's parser refuses: the crate reads no code from them either.
    for name, body in [
        ("trailing-comma", '{"RequestId":"%s","Code":"Throttling",}' % RID),
        ("single-quotes", "{'RequestId':'%s','Code':'Throttling'}" % RID),
        ("unclosed", '{"RequestId":"%s","Code":"Throttling"' % RID),
        ("text-after", '{"RequestId":"%s","Code":"Throttling"} trailing' % RID),
        ("bad-escape", '{"RequestId":"%s","Code":"Throttling","Message":"\\x41"}' % RID),
        ("short-unicode-escape", '{"RequestId":"%s","Code":"Throttling","Message":"\\u12"}' % RID),
        ("bare-word", '{"RequestId":"%s","Code":"Throttling","Extra":undefined}' % RID),
        ("leading-zero", '{"RequestId":"%s","Code":"Throttling","Extra":01}' % RID),
        ("unbalanced-extra", '{"RequestId":"%s","Code":"Throttling","Extra":[1,2}' % RID),
    ]:
        add("refused/" + name, "json.loads refuses this body (%s), so no code is read: unparseable at 400." % name,
            400, body, source)
    ids = [v["id"] for v in VECTORS]
    assert len(ids) == len(set(ids)), "duplicate ids"
    doc = {"schema": "ecs-delete-vectors/1", "suite": "response",
           "description": "Odd but legal JSON bodies, and a few illegal ones, with the code and message that the official "
                          "Python SDK's own error-body parser reads from each. Generated by "
                          "conformance/generators/response_lenient.py.",
           "vectors": VECTORS}
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print("%d vectors -> %s" % (len(VECTORS), os.path.relpath(OUT)))


if __name__ == "__main__":
    main()
