#!/usr/bin/env python3
"""Writes conformance/vectors/request/hand-derived.json from the hand-written cases below.

Every expected value here is written by hand from the `request` rules of conformance/SPEC.md, with the
derivation in the description. The script adds no knowledge: it only lays the cases out as
JSON, and checks that each hand-written `params` list really is in bytewise order (Python sorts
str by code point, which for UTF-8 text is bytewise order). Where a list is too long to write
out (100 ids), it is produced with Python's `sorted`, which is that same bytewise order.

Usage: python3 conformance/generators/request_vectors.py
"""

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "vectors", "request", "hand-derived.json")

ID = "i-bp1g6zv0ce8oghu7k2zz"
REGION = "cn-hangzhou"


def ids(n, start=1):
    """(InstanceId.k, i-...k) for k in start..start+n-1, each id distinct."""
    return [("InstanceId.%d" % k, "i-bp1g6zv0ce8oghu%05d" % k) for k in range(start, start + n)]


VECTORS = []


def valid(vid, description, action, params, expected_params, warnings=()):
    assert [p[0] for p in expected_params] == sorted(p[0] for p in expected_params), vid
    VECTORS.append({
        "id": "request/" + vid,
        "description": description,
        "source": "hand-derived",
        "input": {"action": action, "params": [list(p) for p in params]},
        "expected": {"valid": True, "params": [list(p) for p in expected_params], "warnings": list(warnings)},
    })


def invalid(vid, description, action, params, code, parameter=None):
    error = {"code": code}
    if parameter is not None:
        error["parameter"] = parameter
    VECTORS.append({
        "id": "request/" + vid,
        "description": description,
        "source": "hand-derived",
        "input": {"action": action, "params": [list(p) for p in params]},
        "expected": {"valid": False, "error": error},
    })


DI, DIS = "DeleteInstance", "DeleteInstances"

# ---------------------------------------------------------------- valid requests
valid("valid/delete-instance-minimal", "InstanceId is the only required parameter of DeleteInstance.",
      DI, [("InstanceId", ID)], [("InstanceId", ID)])
valid("valid/delete-instance-every-parameter",
      "Every parameter DeleteInstance defines. Booleans in any case are emitted lower-case (True -> true, "
      "FALSE -> false, tRuE -> true); OwnerId keeps its leading zeros; an empty OwnerAccount is any string; "
      "the output is sorted bytewise by name.",
      DI,
      [("TerminateSubscription", "false"), ("InstanceId", ID), ("RegionId", REGION), ("Force", "True"),
       ("ForceStop", "FALSE"), ("DryRun", "tRuE"), ("OwnerId", "00123"), ("OwnerAccount", ""),
       ("ResourceOwnerId", "9223372036854775807"), ("ResourceOwnerAccount", "any string \u2603 & = %")],
      [("DryRun", "true"), ("Force", "true"), ("ForceStop", "false"), ("InstanceId", ID), ("OwnerAccount", ""),
       ("OwnerId", "00123"), ("RegionId", REGION), ("ResourceOwnerAccount", "any string \u2603 & = %"),
       ("ResourceOwnerId", "9223372036854775807"), ("TerminateSubscription", "false")])
valid("valid/delete-instances-one", "DeleteInstances needs RegionId and InstanceId.1.",
      DIS, [("InstanceId.1", ID), ("RegionId", REGION)], [("InstanceId.1", ID), ("RegionId", REGION)])
valid("valid/delete-instances-every-parameter",
      "Every parameter DeleteInstances defines, booleans normalised to lower case.",
      DIS,
      [("RegionId", "ap-southeast-1"), ("InstanceId.2", "i-28n7dkvov"), ("InstanceId.1", ID),
       ("ClientToken", "123e4567-e89b-12d3-a456-426655440000"), ("Force", "TRUE"), ("ForceStop", "true"),
       ("TerminateSubscription", "True"), ("DryRun", "False"), ("OwnerId", "0"), ("OwnerAccount", "o"),
       ("ResourceOwnerId", "7"), ("ResourceOwnerAccount", "r")],
      [("ClientToken", "123e4567-e89b-12d3-a456-426655440000"), ("DryRun", "false"), ("Force", "true"),
       ("ForceStop", "true"), ("InstanceId.1", ID), ("InstanceId.2", "i-28n7dkvov"), ("OwnerAccount", "o"),
       ("OwnerId", "0"), ("RegionId", "ap-southeast-1"), ("ResourceOwnerAccount", "r"),
       ("ResourceOwnerId", "7"), ("TerminateSubscription", "true")])
twelve = ids(12)
valid("valid/delete-instances-twelve-shuffled",
      "Twelve ids given in reverse order come out in canonical (bytewise) order: InstanceId.1, .10, .11, .12, "
      ".2, ... .9, then RegionId.",
      DIS, list(reversed(twelve)) + [("RegionId", REGION)],
      [twelve[0], twelve[9], twelve[10], twelve[11]] + twelve[1:9] + [("RegionId", REGION)])
hundred = ids(100)
valid("valid/delete-instances-hundred",
      "100 ids is the limit and is accepted; bytewise order puts InstanceId.100 between .10 and .11 "
      "(list sorted with Python's code-point sort).",
      DIS, hundred + [("RegionId", REGION)], sorted(hundred) + [("RegionId", REGION)])
valid("valid/instance-id-30-characters", "An instance id of exactly 30 characters is at the upper bound.",
      DI, [("InstanceId", "i-" + "a" * 28)], [("InstanceId", "i-" + "a" * 28)])
valid("valid/instance-id-1-character", "An instance id of 1 character is at the lower bound.",
      DI, [("InstanceId", "x")], [("InstanceId", "x")])
valid("valid/instance-id-legacy-forms",
      "The 2014-era i- + 9 characters and the 2012-era AY form both match 1 to 30 of A-Z a-z 0-9 _ -.",
      DIS, [("RegionId", REGION), ("InstanceId.1", "i-28n7dkvov"), ("InstanceId.2", "AY121018033933eae8689"),
            ("InstanceId.3", "A_b-9")],
      [("InstanceId.1", "i-28n7dkvov"), ("InstanceId.2", "AY121018033933eae8689"), ("InstanceId.3", "A_b-9"),
       ("RegionId", REGION)])
valid("valid/instance-ids-differing-in-case",
      "i-abc and i-ABC are different strings, so not duplicates: ids compare exactly.",
      DIS, [("RegionId", REGION), ("InstanceId.1", "i-abc"), ("InstanceId.2", "i-ABC")],
      [("InstanceId.1", "i-abc"), ("InstanceId.2", "i-ABC"), ("RegionId", REGION)])
long_region = "a-" + "b" * 62
valid("valid/region-id-64-characters", "A region id of exactly 64 characters matching the pattern is accepted.",
      DIS, [("RegionId", long_region), ("InstanceId.1", ID)], [("InstanceId.1", ID), ("RegionId", long_region)])
valid("valid/region-id-many-segments", "cn-hangzhou-finance-1 matches ^[a-z]+(-[a-z0-9]+)+$; so does me-east-1.",
      DI, [("InstanceId", ID), ("RegionId", "cn-hangzhou-finance-1")],
      [("InstanceId", ID), ("RegionId", "cn-hangzhou-finance-1")])
valid("valid/region-id-unknown-new-region", "An unknown region that matches the pattern is accepted: new regions appear.",
      DI, [("InstanceId", ID), ("RegionId", "xx-newplace-9")], [("InstanceId", ID), ("RegionId", "xx-newplace-9")])
token64 = " !~" + "t" * 61
valid("valid/client-token-64-printable", "A 64-character ClientToken of printable ASCII (space and ~ included) is at the bound.",
      DIS, [("RegionId", REGION), ("InstanceId.1", ID), ("ClientToken", token64)],
      [("ClientToken", token64), ("InstanceId.1", ID), ("RegionId", REGION)])
valid("valid/client-token-1-character", "A 1-character ClientToken is at the lower bound.",
      DIS, [("RegionId", REGION), ("InstanceId.1", ID), ("ClientToken", "x")],
      [("ClientToken", "x"), ("InstanceId.1", ID), ("RegionId", REGION)])
valid("valid/owner-id-bounds", "OwnerId 0 and ResourceOwnerId 2^63-1 written with leading zeros are in range and kept as sent.",
      DI, [("InstanceId", ID), ("OwnerId", "0"), ("ResourceOwnerId", "0009223372036854775807")],
      [("InstanceId", ID), ("OwnerId", "0"), ("ResourceOwnerId", "0009223372036854775807")])
valid("valid/force-without-force-stop", "Force=true alone is the default immediate power-off: no warning.",
      DI, [("InstanceId", ID), ("Force", "true")], [("Force", "true"), ("InstanceId", ID)])
valid("valid/force-and-force-stop", "Force=true with ForceStop=false (graceful shutdown first): no warning.",
      DI, [("InstanceId", ID), ("Force", "true"), ("ForceStop", "false")],
      [("Force", "true"), ("ForceStop", "false"), ("InstanceId", ID)])
valid("valid/warning-force-stop-alone", "ForceStop without Force: valid, but the service ignores it, hence the warning.",
      DI, [("InstanceId", ID), ("ForceStop", "false")], [("ForceStop", "false"), ("InstanceId", ID)],
      ["force_stop_without_force"])
valid("valid/warning-force-stop-with-force-false",
      "ForceStop while Force=false: Force is not true, so the warning applies; both are still sent.",
      DIS, [("RegionId", REGION), ("InstanceId.1", ID), ("Force", "FALSE"), ("ForceStop", "true")],
      [("Force", "false"), ("ForceStop", "true"), ("InstanceId.1", ID), ("RegionId", REGION)],
      ["force_stop_without_force"])

# ---------------------------------------------------------------- names
invalid("names/unknown-lowercase", "Names are case-sensitive: instanceid is not InstanceId.",
        DI, [("InstanceId", ID), ("instanceid", ID)], "unknown_parameter", "instanceid")
invalid("names/unknown-numbered-on-delete-instance", "On DeleteInstance every InstanceId.N is unknown.",
        DI, [("InstanceId", ID), ("InstanceId.1", ID)], "unknown_parameter", "InstanceId.1")
invalid("names/unknown-numbered-only-on-delete-instance",
        "InstanceId.1 on DeleteInstance is unknown; names come before presence, so the missing InstanceId is not reported.",
        DI, [("InstanceId.1", ID)], "unknown_parameter", "InstanceId.1")
invalid("names/unknown-plain-on-delete-instances", "DeleteInstances takes InstanceId.N, not InstanceId.",
        DIS, [("RegionId", REGION), ("InstanceId", ID)], "unknown_parameter", "InstanceId")
invalid("names/unknown-client-token-on-delete-instance", "ClientToken is defined for DeleteInstances only.",
        DI, [("InstanceId", ID), ("ClientToken", "t")], "unknown_parameter", "ClientToken")
invalid("names/unknown-common-parameter", "Common parameters such as Action are not operation parameters.",
        DI, [("InstanceId", ID), ("Action", "DeleteInstance")], "unknown_parameter", "Action")
invalid("names/repeated", "The same name twice, even with the same value.",
        DI, [("InstanceId", ID), ("InstanceId", ID)], "repeated_parameter", "InstanceId")
invalid("names/repeated-numbered", "InstanceId.1 given twice.",
        DIS, [("RegionId", REGION), ("InstanceId.1", ID), ("InstanceId.1", "i-other")], "repeated_parameter", "InstanceId.1")
invalid("names/repeated-boolean", "Force given twice with different values.",
        DI, [("InstanceId", ID), ("Force", "true"), ("Force", "false")], "repeated_parameter", "Force")
for name, why in [("InstanceId.0", "index 0: indices start at 1"), ("InstanceId.01", "a leading zero"),
                  ("InstanceId.x", "not a number"), ("InstanceId.", "an empty index"),
                  ("InstanceId.+1", "a sign"), ("InstanceId.1 ", "a trailing space"),
                  ("InstanceId.\uff11", "a full-width digit is not an ASCII digit")]:
    slug = {"InstanceId.0": "zero", "InstanceId.01": "leading-zero", "InstanceId.x": "letter",
            "InstanceId.": "empty-index", "InstanceId.+1": "sign", "InstanceId.1 ": "trailing-space",
            "InstanceId.\uff11": "fullwidth-digit"}[name]
    invalid("names/invalid-name-" + slug, "%r: %s." % (name, why),
            DIS, [("RegionId", REGION), ("InstanceId.1", ID), (name, "i-other")],
            "invalid_parameter_name", name)
invalid("names/too-many-index-101", "InstanceId.101 is above the limit of 100.",
        DIS, [("RegionId", REGION), ("InstanceId.1", ID), ("InstanceId.101", "i-other")], "too_many_instance_ids", "InstanceId.101")
invalid("names/too-many-huge-index", "An index far beyond any integer type is still just above 100.",
        DIS, [("RegionId", REGION), ("InstanceId.1", ID), ("InstanceId.99999999999999999999999", "i-other")],
        "too_many_instance_ids", "InstanceId.99999999999999999999999")
invalid("names/too-many-101-ids", "101 contiguous ids: InstanceId.101 is the one beyond the limit.",
        DIS, ids(101) + [("RegionId", REGION)], "too_many_instance_ids", "InstanceId.101")
invalid("names/same-name-unknown-beats-repeated",
        "Foo given twice: one name with two problems; unknown_parameter is listed before repeated_parameter.",
        DI, [("InstanceId", ID), ("Foo", "1"), ("Foo", "2")], "unknown_parameter", "Foo")
invalid("names/same-name-repeated-beats-too-many",
        "InstanceId.101 given twice: repeated_parameter is listed before too_many_instance_ids.",
        DIS, [("RegionId", REGION), ("InstanceId.1", ID), ("InstanceId.101", "a"), ("InstanceId.101", "b")],
        "repeated_parameter", "InstanceId.101")
invalid("names/canonical-order-invalid-before-unknown",
        "Zeta (unknown) and InstanceId.0 (invalid name) are both name problems; InstanceId.0 sorts first, so it is reported.",
        DIS, [("Zeta", "1"), ("RegionId", REGION), ("InstanceId.1", ID), ("InstanceId.0", "x")],
        "invalid_parameter_name", "InstanceId.0")
invalid("names/canonical-order-unknown-before-invalid",
        "AAA (unknown) sorts before InstanceId.0 (invalid name), so AAA is reported.",
        DIS, [("InstanceId.0", "x"), ("RegionId", REGION), ("InstanceId.1", ID), ("AAA", "1")],
        "unknown_parameter", "AAA")
invalid("names/canonical-order-invalid-before-too-many",
        "InstanceId.05 (invalid) sorts before InstanceId.101 (too many), bytewise: '0' < '1'.",
        DIS, [("RegionId", REGION), ("InstanceId.1", ID), ("InstanceId.101", "a"), ("InstanceId.05", "b")],
        "invalid_parameter_name", "InstanceId.05")
invalid("names/canonical-order-uppercase-before-lowercase",
        "Two unknown names: Zoo sorts before apple bytewise (upper case first), so Zoo is reported.",
        DI, [("InstanceId", ID), ("apple", "1"), ("Zoo", "2")], "unknown_parameter", "Zoo")

# ---------------------------------------------------------------- presence
invalid("presence/delete-instance-empty", "No parameters at all: InstanceId is missing.",
        DI, [], "missing_parameter", "InstanceId")
invalid("presence/delete-instance-region-only", "RegionId alone does not make a DeleteInstance.",
        DI, [("RegionId", REGION)], "missing_parameter", "InstanceId")
invalid("presence/delete-instances-empty",
        "No parameters at all: no InstanceId.N is present, so missing_parameter names InstanceId.1, which sorts before RegionId.",
        DIS, [], "missing_parameter", "InstanceId.1")
invalid("presence/delete-instances-no-ids", "RegionId without any InstanceId.N: InstanceId.1 is missing.",
        DIS, [("RegionId", REGION)], "missing_parameter", "InstanceId.1")
invalid("presence/delete-instances-no-region", "RegionId is required for DeleteInstances.",
        DIS, [("InstanceId.1", ID)], "missing_parameter", "RegionId")
invalid("presence/gap-at-2", "InstanceId.1 and .3 without .2: the first missing index is 2.",
        DIS, [("RegionId", REGION), ("InstanceId.1", ID), ("InstanceId.3", "i-other")], "instance_id_index_gap", "InstanceId.2")
invalid("presence/gap-at-1", "Only InstanceId.2: ids are present, so the absent .1 is a gap, not a missing parameter.",
        DIS, [("RegionId", REGION), ("InstanceId.2", ID)], "instance_id_index_gap", "InstanceId.1")
invalid("presence/gap-at-10", "InstanceId.1 to .9 and .11: the first missing index is 10.",
        DIS, ids(9) + ids(1, 11) + [("RegionId", REGION)], "instance_id_index_gap", "InstanceId.10")
invalid("presence/gap-before-missing-region",
        "A gap at InstanceId.1 and a missing RegionId: InstanceId.1 sorts before RegionId.",
        DIS, [("InstanceId.2", ID)], "instance_id_index_gap", "InstanceId.1")
invalid("presence/names-before-presence", "An unknown name is reported before the missing ids.",
        DIS, [("RegionId", REGION), ("Foo", "x")], "unknown_parameter", "Foo")

# ---------------------------------------------------------------- values
invalid("values/presence-before-values",
        "An invalid RegionId and no ids at all: presence comes before values, so InstanceId.1 is missing.",
        DIS, [("RegionId", "CN")], "missing_parameter", "InstanceId.1")
invalid("values/instance-id-placeholder", "The documentation placeholder i-bp1g6zv0ce8oghu7**** holds *.",
        DI, [("InstanceId", "i-bp1g6zv0ce8oghu7****")], "invalid_instance_id", "InstanceId")
invalid("values/instance-id-31-characters", "31 characters is one above the limit of 30.",
        DI, [("InstanceId", "i-" + "a" * 29)], "invalid_instance_id", "InstanceId")
invalid("values/instance-id-empty", "An empty instance id is present but invalid.",
        DI, [("InstanceId", "")], "invalid_instance_id", "InstanceId")
invalid("values/instance-id-space", "Whitespace inside an id.",
        DIS, [("RegionId", REGION), ("InstanceId.1", "i-abc def")], "invalid_instance_id", "InstanceId.1")
invalid("values/instance-id-comma-list", "A comma-separated list in one InstanceId (a common mistake).",
        DI, [("InstanceId", "i-abc,i-def")], "invalid_instance_id", "InstanceId")
invalid("values/instance-id-non-ascii", "A non-ASCII letter.",
        DI, [("InstanceId", "i-\u00e9t\u00e9")], "invalid_instance_id", "InstanceId")
invalid("values/instance-id-trailing-newline", "A trailing newline.",
        DI, [("InstanceId", ID + "\n")], "invalid_instance_id", "InstanceId")
invalid("values/instance-id-canonical-order",
        "InstanceId.2 and InstanceId.10 both invalid: InstanceId.10 sorts first bytewise.",
        DIS, ids(1) + [("InstanceId.2", "bad*")] + ids(7, 3) + [("InstanceId.10", "bad!")] + [("RegionId", REGION)],
        "invalid_instance_id", "InstanceId.10")
invalid("values/boolean-before-instance-id",
        "Force is invalid and InstanceId.1 too: Force sorts first.",
        DIS, [("RegionId", REGION), ("InstanceId.1", "bad*"), ("Force", "yes")], "invalid_boolean", "Force")
for vid, region, why in [("uppercase", "CN-Hangzhou", "upper case"), ("no-hyphen", "cnhangzhou", "one segment only"),
                         ("trailing-hyphen", "cn-hangzhou-", "an empty last segment"),
                         ("underscore", "cn_hangzhou", "underscore is not in the pattern"),
                         ("digit-first", "1cn-hangzhou", "the first segment is letters only"),
                         ("empty", "", "empty"), ("space", "cn-hang zhou", "a space")]:
    invalid("values/region-id-" + vid, "RegionId %r: %s." % (region, why),
            DIS, [("RegionId", region), ("InstanceId.1", ID)], "invalid_region_id", "RegionId")
invalid("values/region-id-65-characters", "65 characters matching the pattern: one above the limit of 64.",
        DIS, [("RegionId", long_region + "c"), ("InstanceId.1", ID)], "invalid_region_id", "RegionId")
invalid("values/region-id-on-delete-instance", "RegionId is optional for DeleteInstance, but when sent it must be valid.",
        DI, [("InstanceId", ID), ("RegionId", "Hangzhou")], "invalid_region_id", "RegionId")
for vid, token, why in [("65-characters", "t" * 65, "one above the limit of 64"), ("empty", "", "empty"),
                        ("non-ascii", "\u4ee4\u724c", "not ASCII"), ("tab", "a\tb", "a control character"),
                        ("del", "a\u007fb", "DEL (0x7F) is not printable")]:
    invalid("values/client-token-" + vid, "ClientToken %s." % why,
            DIS, [("RegionId", REGION), ("InstanceId.1", ID), ("ClientToken", token)], "invalid_client_token", "ClientToken")
for vid, name, value in [("force-digit", "Force", "1"), ("dry-run-empty", "DryRun", ""),
                         ("terminate-yes", "TerminateSubscription", "yes"), ("force-stop-trailing-space", "ForceStop", "true "),
                         ("force-t", "Force", "t")]:
    invalid("values/boolean-" + vid, "%s=%r is not true or false." % (name, value),
            DI, [("InstanceId", ID), (name, value)], "invalid_boolean", name)
for vid, name, value, why in [("negative", "OwnerId", "-1", "a sign"),
                              ("two-to-the-63", "OwnerId", "9223372036854775808", "2^63, one above the limit"),
                              ("twenty-digits", "ResourceOwnerId", "10000000000000000000", "20 significant digits"),
                              ("empty", "OwnerId", "", "empty"), ("decimal", "ResourceOwnerId", "1.5", "a fraction"),
                              ("plus", "OwnerId", "+5", "a sign"), ("space", "ResourceOwnerId", " 1", "a space")]:
    invalid("values/integer-" + vid, "%s=%r: %s." % (name, value, why),
            DI, [("InstanceId", ID), (name, value)], "invalid_integer", name)

# ---------------------------------------------------------------- duplicates
invalid("duplicates/two-copies", "The same id as InstanceId.1 and .2: the higher index is the duplicate.",
        DIS, [("RegionId", REGION), ("InstanceId.1", ID), ("InstanceId.2", ID)], "duplicate_instance_id", "InstanceId.2")
invalid("duplicates/three-copies", "Three copies: .2 and .3 are duplicates of .1; InstanceId.2 sorts first.",
        DIS, [("RegionId", REGION), ("InstanceId.1", ID), ("InstanceId.2", ID), ("InstanceId.3", ID)],
        "duplicate_instance_id", "InstanceId.2")
ten = ids(10)
ten[2] = ("InstanceId.3", ten[0][1])
ten[9] = ("InstanceId.10", ten[1][1])
invalid("duplicates/canonical-order",
        "InstanceId.3 repeats .1 and InstanceId.10 repeats .2: of the two copies InstanceId.10 sorts first bytewise.",
        DIS, ten + [("RegionId", REGION)], "duplicate_instance_id", "InstanceId.10")
invalid("duplicates/values-before-duplicates",
        "Duplicate ids and an invalid RegionId: values come before duplicates.",
        DIS, [("RegionId", "bad region"), ("InstanceId.1", ID), ("InstanceId.2", ID)], "invalid_region_id", "RegionId")
invalid("duplicates/gap-before-duplicates", "Duplicate ids and a gap: presence comes before duplicates.",
        DIS, [("RegionId", REGION), ("InstanceId.1", ID), ("InstanceId.3", ID)], "instance_id_index_gap", "InstanceId.2")


def main():
    ids_seen = [v["id"] for v in VECTORS]
    assert len(ids_seen) == len(set(ids_seen)), "duplicate vector ids"
    doc = {
        "schema": "ecs-delete-vectors/1",
        "suite": "request",
        "description": "Parameter validation and canonical operation parameters, hand-derived from the request "
                       "rules of conformance/SPEC.md. Written by conformance/generators/request_vectors.py.",
        "vectors": VECTORS,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print("%d vectors -> %s" % (len(VECTORS), os.path.relpath(OUT)))


if __name__ == "__main__":
    main()
