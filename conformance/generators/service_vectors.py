#!/usr/bin/env python3
"""Writes conformance/vectors/service/hand-derived.json: the emulator's behaviour, request by request.

Every expected status, code and state below is written out by hand from conformance/EMULATOR.md
(sections 4 to 7) and the seeds; the reason is in each description. The script only lays the cases
out as JSON: small fixtures, the requests (signed by the runner, or raw), the answers and the state
after the last request (compared with every default filled, accounts left out, lists by id).

Usage: python3 conformance/generators/service_vectors.py
"""

import json
import os
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "vectors", "service", "hand-derived.json")

NOW = "2026-11-23T08:30:00Z"
KEY = "LTAI5tServiceKey0001"
SECRET = "ServiceSecret0123456789abcdefghij"
KEY2 = "LTAI5tServiceKey0002"
STS_KEY = "STS.ServiceKey0003"
STS_TOKEN = "CAIS-made-up-token-0003"
ACCOUNTS = [
    {"access_key_id": KEY, "access_key_secret": SECRET},
    {"access_key_id": KEY2, "access_key_secret": "ServiceSecretTwo0123456789abcdef"},
    {"access_key_id": STS_KEY, "access_key_secret": "ServiceSecretSts0123456789abcdef", "security_token": STS_TOKEN},
]
REGION = "cn-hangzhou"
VECTORS = []


def fixture(instances=(), disks=(), snapshots=(), eips=()):
    return {"accounts": ACCOUNTS, "instances": list(instances), "disks": list(disks),
            "snapshots": list(snapshots), "eips": list(eips)}


def expect_state(instances=(), disks=(), snapshots=(), eips=()):
    return {"instances": list(instances), "disks": list(disks), "snapshots": list(snapshots), "eips": list(eips)}


def inst(iid, **kw):
    return dict({"instance_id": iid, "region_id": REGION}, **kw)


def one(iid, *extra, **kw):
    """A runner-signed DeleteInstance of iid in REGION."""
    return req("DeleteInstance", [["InstanceId", iid], ["RegionId", REGION], *extra], **kw)


def many(ids, *extra, **kw):
    params = [["RegionId", REGION]] + [["InstanceId.%d" % (n + 1), i] for n, i in enumerate(ids)]
    return req("DeleteInstances", params + list(extra), **kw)


def req(action, params, key=KEY, **kw):
    r = {"action": action, "params": [list(p) for p in params], "access_key_id": key}
    r.update(kw)
    return r


def enc(text):
    return urllib.parse.quote(text, safe="-_.~")


def raw_v1(pairs, method="GET"):
    """A V1 request written out by hand (its checks fail before any signature is compared)."""
    return {"raw": {"method": method, "url": "/?" + "&".join(enc(n) + "=" + enc(v) for n, v in pairs)}}


def common(**override):
    pairs = {"AccessKeyId": KEY, "Action": "DeleteInstance", "Format": "JSON", "SignatureMethod": "HMAC-SHA1",
             "SignatureNonce": "raw-nonce-1", "SignatureVersion": "1.0", "Timestamp": NOW, "Version": "2014-05-26",
             "InstanceId": "i-a", "RegionId": REGION, "Signature": "AAAAAAAAAAAAAAAAAAAAAAAAAAA="}
    for k, v in override.items():
        if v is None:
            pairs.pop(k, None)
        else:
            pairs[k] = v
    return list(pairs.items())


def raw_v3(authorization, headers, method="POST", url="/?InstanceId=i-a&RegionId=cn-hangzhou"):
    base = [["host", "ecs.cn-hangzhou.aliyuncs.com"], ["x-acs-action", "DeleteInstance"],
            ["x-acs-version", "2014-05-26"], ["x-acs-date", NOW], ["x-acs-signature-nonce", "raw-v3-nonce"],
            ["x-acs-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"]]
    drop = {n for n, v in headers if v is None}
    hs = [h for h in base if h[0] not in drop] + [[n, v] for n, v in headers if v is not None]
    if authorization is not None:
        hs.append(["authorization", authorization])
    return {"raw": {"method": method, "url": url, "headers": hs}}


def ok(code=None, status=200):
    return {"status": status, "code": code}


def err(status, code):
    return {"status": status, "code": code}


def vector(vid, description, state, requests, responses, after):
    assert len(requests) == len(responses), vid
    VECTORS.append({"id": "service/" + vid, "description": description, "source": "hand-derived",
                    "input": {"state": state, "now": NOW, "requests": requests},
                    "expected": {"responses": responses, "state": after}})


A, B, C = "i-aaaaaaaaaaaaaaaaaaa1", "i-bbbbbbbbbbbbbbbbbbb2", "i-ccccccccccccccccccc3"
SIMPLE = fixture([inst(A)])
GONE = expect_state()
KEPT = expect_state([inst(A)])

# ------------------------------------------------------------ section 5: the checks, one row each
vector("check/1-not-found", "Row 1: no such instance in RegionId: DeleteInstance answers InvalidInstanceId.NotFound, 404.",
       SIMPLE, [one("i-missing0000000000001")], [err(404, "InvalidInstanceId.NotFound")], KEPT)
vector("check/1-not-found-batch", "Row 1 for DeleteInstances: InvalidInstanceIds.NotFound, 404; nothing released.",
       SIMPLE, [many([A, "i-missing0000000000001"])], [err(404, "InvalidInstanceIds.NotFound")], KEPT)
vector("check/1-other-region", "Section 5: the instance is looked up in RegionId only; in cn-beijing it is not found from cn-hangzhou.",
       fixture([inst(A, region_id="cn-beijing")]), [one(A)], [err(404, "InvalidInstanceId.NotFound")],
       expect_state([inst(A, region_id="cn-beijing")]))
vector("check/1-no-region-any-region", "Section 5: DeleteInstance without RegionId looks in every region: the cn-beijing instance is released.",
       fixture([inst(A, region_id="cn-beijing")]), [req("DeleteInstance", [["InstanceId", A]])], [ok()], GONE)
vector("check/2-pending", "Row 2: Pending answers IncorrectInstanceStatus.Initializing, 403, even with Force=true.",
       fixture([inst(A, status="Pending")]), [one(A, ["Force", "true"])], [err(403, "IncorrectInstanceStatus.Initializing")],
       expect_state([inst(A, status="Pending")]))
vector("check/3-protected", "Row 3: deletion_protection answers InvalidOperation.DeletionProtection, 403.",
       fixture([inst(A, deletion_protection=True)]), [one(A)], [err(403, "InvalidOperation.DeletionProtection")],
       expect_state([inst(A, deletion_protection=True)]))
vector("check/4-subscription", "Row 4: PrePaid and not expired answers ChargeTypeViolation, 403, even with TerminateSubscription=true.",
       fixture([inst(A, charge_type="PrePaid")]), [one(A, ["TerminateSubscription", "true"])], [err(403, "ChargeTypeViolation")],
       expect_state([inst(A, charge_type="PrePaid")]))
vector("check/5-expired-without-terminate", "Row 5: PrePaid, expired, TerminateSubscription not true: ChargeTypeViolation, 403.",
       fixture([inst(A, charge_type="PrePaid", expired=True)]), [one(A, ["TerminateSubscription", "false"])],
       [err(403, "ChargeTypeViolation")], expect_state([inst(A, charge_type="PrePaid", expired=True)]))
vector("check/5-expired-with-terminate", "Row 5 passes with TerminateSubscription=true: the expired subscription instance is released.",
       fixture([inst(A, charge_type="PrePaid", expired=True)]), [one(A, ["TerminateSubscription", "true"])], [ok()], GONE)
for dep, status, code in [("slb_configuring", 400, "DependencyViolation.SLBConfiguring"),
                          ("route_entry", 400, "DependencyViolation.RouteEntry"),
                          ("eni_linked", 403, "InvalidOperation.EniLinked"),
                          ("system_instance", 403, "OperationDenied.SystemInstanceNotSupport")]:
    row = 6 if status == 400 else 7
    vector("check/%d-%s" % (row, dep.replace("_", "-")), "Row %d: dependency %s answers %s, %d." % (row, dep, code, status),
           fixture([inst(A, dependency=dep)]), [one(A)], [err(status, code)], expect_state([inst(A, dependency=dep)]))
vector("check/8-running-without-force", "Row 8: Running and Force not true: IncorrectInstanceStatus, 403.",
       fixture([inst(A, status="Running")]), [one(A)], [err(403, "IncorrectInstanceStatus")],
       expect_state([inst(A, status="Running")]))
vector("check/8-running-force-false", "Row 8: Force=false is not true: IncorrectInstanceStatus, 403.",
       fixture([inst(A, status="Running")]), [one(A, ["Force", "false"])], [err(403, "IncorrectInstanceStatus")],
       expect_state([inst(A, status="Running")]))
vector("check/8-running-with-force", "Row 8 passes with Force=true: the Running instance is released.",
       fixture([inst(A, status="Running")]), [one(A, ["Force", "true"])], [ok()], GONE)
vector("check/8-running-force-after-shutdown", "Force=true with ForceStop=false releases a Running instance (ForceStop changes nothing in the model).",
       fixture([inst(A, status="Running")]), [one(A, ["Force", "true"], ["ForceStop", "false"])], [ok()], GONE)
for st in ["Starting", "Stopping"]:
    vector("check/8-%s-even-with-force" % st.lower(), "Row 8: %s answers IncorrectInstanceStatus, 403, even with Force=true." % st,
           fixture([inst(A, status=st)]), [one(A, ["Force", "true"])], [err(403, "IncorrectInstanceStatus")],
           expect_state([inst(A, status=st)]))
vector("check/stopped-released", "A Stopped instance passes every check without Force: 200, released.",
       SIMPLE, [one(A)], [ok()], GONE)
vector("order/pending-before-protection", "Rows 2 before 3: Pending and protected answers Initializing.",
       fixture([inst(A, status="Pending", deletion_protection=True)]), [one(A)], [err(403, "IncorrectInstanceStatus.Initializing")],
       expect_state([inst(A, status="Pending", deletion_protection=True)]))
vector("order/protection-before-charge", "Rows 3 before 4: protected and PrePaid answers DeletionProtection.",
       fixture([inst(A, deletion_protection=True, charge_type="PrePaid")]), [one(A)], [err(403, "InvalidOperation.DeletionProtection")],
       expect_state([inst(A, deletion_protection=True, charge_type="PrePaid")]))
vector("order/charge-before-dependency", "Rows 5 before 6: expired PrePaid without TerminateSubscription and slb_configuring answers ChargeTypeViolation.",
       fixture([inst(A, charge_type="PrePaid", expired=True, dependency="slb_configuring")]), [one(A)], [err(403, "ChargeTypeViolation")],
       expect_state([inst(A, charge_type="PrePaid", expired=True, dependency="slb_configuring")]))
vector("order/dependency-before-status", "Rows 7 before 8: Running without Force and eni_linked answers InvalidOperation.EniLinked.",
       fixture([inst(A, status="Running", dependency="eni_linked")]), [one(A)], [err(403, "InvalidOperation.EniLinked")],
       expect_state([inst(A, status="Running", dependency="eni_linked")]))

# ------------------------------------------------------------ section 5: release effects
DISKS = [
    {"disk_id": "d-sys", "instance_id": A},
    {"disk_id": "d-keep", "instance_id": A, "delete_with_instance": False, "charge_type": "PrePaid"},
    {"disk_id": "d-keepsnap", "instance_id": A, "delete_auto_snapshot": False},
    {"disk_id": "d-free"},
    {"disk_id": "d-other", "instance_id": B},
]
SNAPS = [
    {"snapshot_id": "s-sys-auto", "disk_id": "d-sys", "kind": "auto"},
    {"snapshot_id": "s-sys-user", "disk_id": "d-sys", "kind": "user"},
    {"snapshot_id": "s-keep-auto", "disk_id": "d-keep", "kind": "auto"},
    {"snapshot_id": "s-keepsnap-auto", "disk_id": "d-keepsnap", "kind": "auto"},
    {"snapshot_id": "s-gone-user", "disk_id": "d-released-long-ago", "kind": "user"},
    {"snapshot_id": "s-other-auto", "disk_id": "d-other"},
]
EIPS = [{"allocation_id": "eip-a", "instance_id": A}, {"allocation_id": "eip-b", "instance_id": B}]
vector("release/effects", "Releasing A: d-sys (delete_with_instance) and its auto snapshot go, its user snapshot stays; d-keep stays "
       "detached and turns PostPaid with its snapshot; d-keepsnap goes but keeps its auto snapshot (delete_auto_snapshot false); "
       "the unattached disk, B's disk and the snapshot of a long-released disk are untouched; eip-a is unassociated.",
       fixture([inst(A), inst(B)], DISKS, SNAPS, EIPS), [one(A)], [ok()],
       expect_state([inst(B)],
                    [{"disk_id": "d-keep", "instance_id": None, "charge_type": "PostPaid", "delete_with_instance": False},
                     {"disk_id": "d-free"}, {"disk_id": "d-other", "instance_id": B}],
                    [{"snapshot_id": "s-sys-user", "disk_id": "d-sys", "kind": "user"},
                     {"snapshot_id": "s-keep-auto", "disk_id": "d-keep"},
                     {"snapshot_id": "s-keepsnap-auto", "disk_id": "d-keepsnap"},
                     {"snapshot_id": "s-gone-user", "disk_id": "d-released-long-ago", "kind": "user"},
                     {"snapshot_id": "s-other-auto", "disk_id": "d-other"}],
                    [{"allocation_id": "eip-a", "instance_id": None}, {"allocation_id": "eip-b", "instance_id": B}]))
vector("release/security-lock", "A security-locked instance releases every attached disk, delete_with_instance false included; "
       "auto snapshots of released disks go (delete_auto_snapshot true), user ones stay.",
       fixture([inst(A, lock_reasons=["security"])],
               [{"disk_id": "d-sys", "instance_id": A}, {"disk_id": "d-keep", "instance_id": A, "delete_with_instance": False}],
               [{"snapshot_id": "s-keep-auto", "disk_id": "d-keep"}, {"snapshot_id": "s-keep-user", "disk_id": "d-keep", "kind": "user"}]),
       [one(A)], [ok()],
       expect_state([], [], [{"snapshot_id": "s-keep-user", "disk_id": "d-keep", "kind": "user"}], []))
vector("release/batch-effects", "DeleteInstances releases each instance with its effects: both system disks and their auto snapshots go, both EIPs stay unassociated.",
       fixture([inst(A), inst(B), inst(C)],
               [{"disk_id": "d-a", "instance_id": A}, {"disk_id": "d-b", "instance_id": B}, {"disk_id": "d-c", "instance_id": C}],
               [{"snapshot_id": "s-a", "disk_id": "d-a"}, {"snapshot_id": "s-b", "disk_id": "d-b"}],
               [{"allocation_id": "eip-a", "instance_id": A}, {"allocation_id": "eip-b", "instance_id": B}]),
       [many([A, B])], [ok()],
       expect_state([inst(C)], [{"disk_id": "d-c", "instance_id": C}], [],
                    [{"allocation_id": "eip-a", "instance_id": None}, {"allocation_id": "eip-b", "instance_id": None}]))

# ------------------------------------------------------------ all or nothing, in the order of the numbers
vector("batch/all-or-nothing", "DeleteInstances: InstanceId.2 is protected, so the answer is DeletionProtection and InstanceId.1 is not released either.",
       fixture([inst(A), inst(B, deletion_protection=True)]), [many([A, B])], [err(403, "InvalidOperation.DeletionProtection")],
       expect_state([inst(A), inst(B, deletion_protection=True)]))
vector("batch/first-failure-by-number", "Checked in the order of the numbers: InstanceId.1 (Running, no Force) answers before InstanceId.2 (protected).",
       fixture([inst(A, status="Running"), inst(B, deletion_protection=True)]), [many([A, B])], [err(403, "IncorrectInstanceStatus")],
       expect_state([inst(A, status="Running"), inst(B, deletion_protection=True)]))
vector("batch/force-applies-to-all", "Force=true lets every Running instance of the batch go.",
       fixture([inst(A, status="Running"), inst(B, status="Running"), inst(C)]), [many([A, B], ["Force", "true"])], [ok()],
       expect_state([inst(C)]))
vector("batch/not-found-names-none-released", "One missing id: InvalidInstanceIds.NotFound, nothing released.",
       fixture([inst(A), inst(B)]), [many([A, "i-missing0000000000001", B])], [err(404, "InvalidInstanceIds.NotFound")],
       expect_state([inst(A), inst(B)]))

# ------------------------------------------------------------ dry runs
vector("dry-run/delete-instance", "DryRun=true and every check passes: DryRunOperation, 400, nothing changes.",
       SIMPLE, [one(A, ["DryRun", "true"])], [err(400, "DryRunOperation")], KEPT)
vector("dry-run/delete-instances", "DeleteInstances with DryRun=true: DRYRUN.SUCCESS, 400, nothing changes.",
       fixture([inst(A), inst(B)]), [many([A, B], ["DryRun", "true"])], [err(400, "DRYRUN.SUCCESS")], expect_state([inst(A), inst(B)]))
vector("dry-run/failing-check", "A dry run whose check fails answers as without DryRun (DeletionProtection).",
       fixture([inst(A, deletion_protection=True)]), [one(A, ["DryRun", "true"])], [err(403, "InvalidOperation.DeletionProtection")],
       expect_state([inst(A, deletion_protection=True)]))
vector("dry-run/false-releases", "DryRun=false is an ordinary request: released.", SIMPLE, [one(A, ["DryRun", "false"])], [ok()], GONE)
vector("dry-run/case-insensitive", "DryRun=True (any case) is a dry run.", SIMPLE, [one(A, ["DryRun", "True"])], [err(400, "DryRunOperation")], KEPT)
vector("dry-run/then-real-with-token", "Dry runs neither consult nor record the idempotence memory: a dry run then the real request with the same ClientToken releases.",
       fixture([inst(A)]), [many([A], ["ClientToken", "t-1"], ["DryRun", "true"]), many([A], ["ClientToken", "t-1"])],
       [err(400, "DRYRUN.SUCCESS"), ok()], GONE)
vector("dry-run/after-success-with-token", "A dry run after a success with the same token is not answered from memory: the instance is gone, so InvalidInstanceIds.NotFound.",
       fixture([inst(A)]), [many([A], ["ClientToken", "t-1"]), many([A], ["ClientToken", "t-1"], ["DryRun", "true"])],
       [ok(), err(404, "InvalidInstanceIds.NotFound")], GONE)

# ------------------------------------------------------------ section 6: idempotence
vector("idempotence/same-token-same-params", "The same ClientToken and parameters again: 200, nothing changes (the instance is already gone).",
       fixture([inst(A), inst(B)]), [many([A], ["ClientToken", "t-1"]), many([A], ["ClientToken", "t-1"])], [ok(), ok()],
       expect_state([inst(B)]))
vector("idempotence/same-token-other-params", "The same ClientToken with other parameters: IdempotentParameterMismatch, 400; B is not released.",
       fixture([inst(A), inst(B)]), [many([A], ["ClientToken", "t-1"]), many([B], ["ClientToken", "t-1"])],
       [ok(), err(400, "IdempotentParameterMismatch")], expect_state([inst(B)]))
vector("idempotence/answered-whatever-the-state", "A repeat answers 200 even after the state changed: B made protected between is not consulted.",
       fixture([inst(A), inst(B, deletion_protection=True)]),
       [many([A], ["ClientToken", "t-1"]), many([A], ["ClientToken", "t-1"])], [ok(), ok()],
       expect_state([inst(B, deletion_protection=True)]))
vector("idempotence/retry-after-failure", "A failed request records nothing: protected A fails twice with the same token (not a stored 200).",
       fixture([inst(A, deletion_protection=True)]), [many([A], ["ClientToken", "t-1"]), many([A], ["ClientToken", "t-1"])],
       [err(403, "InvalidOperation.DeletionProtection"), err(403, "InvalidOperation.DeletionProtection")],
       expect_state([inst(A, deletion_protection=True)]))
vector("idempotence/retry-after-throttling", "A throttled request (a fault) records nothing, so the retry with the same token proceeds and releases.",
       SIMPLE, [many([A], ["ClientToken", "t-1"], faults=[{"action": "DeleteInstances", "kind": "error", "status": 400,
                                                          "code": "Throttling.User", "message": "Request was denied due to user flow control."}]),
                many([A], ["ClientToken", "t-1"])],
       [err(400, "Throttling.User"), ok()], GONE)
vector("idempotence/two-accounts", "Keyed by (AccessKeyId, ClientToken): another account's same token is a new request and releases B.",
       fixture([inst(A), inst(B)]), [many([A], ["ClientToken", "t-1"]), many([B], ["ClientToken", "t-1"], key=KEY2)], [ok(), ok()], GONE)
vector("idempotence/other-token", "Another token with the same parameters is a new request: A is gone, so InvalidInstanceIds.NotFound.",
       SIMPLE, [many([A], ["ClientToken", "t-1"]), many([A], ["ClientToken", "t-2"])], [ok(), err(404, "InvalidInstanceIds.NotFound")], GONE)
vector("idempotence/no-token", "Without a ClientToken nothing is remembered: the repeat of DeleteInstances finds A gone.",
       SIMPLE, [many([A]), many([A])], [ok(), err(404, "InvalidInstanceIds.NotFound")], GONE)
vector("idempotence/delete-instance-has-no-token", "DeleteInstance carries no ClientToken: its repeat finds A gone.",
       SIMPLE, [one(A), one(A)], [ok(), err(404, "InvalidInstanceId.NotFound")], GONE)

# ------------------------------------------------------------ section 4: the front door
vector("front/malformed-query", "A `%` without two hex digits: InvalidParameter, 400.", SIMPLE,
       [{"raw": {"method": "GET", "url": "/?" + "&".join(enc(n) + "=" + enc(v) for n, v in common()) + "&Broken=%G1"}}],
       [err(400, "InvalidParameter")], KEPT)
vector("front/unsupported-signature-version", "SignatureVersion 2.0: InvalidParameter, 400.", SIMPLE,
       [raw_v1(common(SignatureVersion="2.0"))], [err(400, "InvalidParameter")], KEPT)
vector("front/missing-signature", "No Signature: MissingParameter, 400.", SIMPLE, [raw_v1(common(Signature=None))], [err(400, "MissingParameter")], KEPT)
vector("front/missing-timestamp", "No Timestamp: MissingParameter, 400.", SIMPLE, [raw_v1(common(Timestamp=None))], [err(400, "MissingParameter")], KEPT)
vector("front/missing-nonce", "No SignatureNonce: MissingParameter, 400.", SIMPLE, [raw_v1(common(SignatureNonce=None))], [err(400, "MissingParameter")], KEPT)
vector("front/signature-method", "SignatureMethod HMAC-SHA256: InvalidSignatureMethod, 400.", SIMPLE,
       [raw_v1(common(SignatureMethod="HMAC-SHA256"))], [err(400, "InvalidSignatureMethod")], KEPT)
vector("front/other-action", "Action DescribeInstances: InvalidAction.NotFound, 404.", SIMPLE,
       [raw_v1(common(Action="DescribeInstances"))], [err(404, "InvalidAction.NotFound")], KEPT)
vector("front/other-version", "Version 2016-03-14: InvalidVersion, 400.", SIMPLE, [raw_v1(common(Version="2016-03-14"))], [err(400, "InvalidVersion")], KEPT)
vector("front/unknown-key", "An AccessKeyId no account has: InvalidAccessKeyId.NotFound, 404 (before the signature).", SIMPLE,
       [one(A, key="LTAI5tNobodysKey000009")], [err(404, "InvalidAccessKeyId.NotFound")], KEPT)
vector("front/sts-token-missing", "The STS account's key without SecurityToken: MissingSecurityToken, 400.", SIMPLE,
       [raw_v1(common(AccessKeyId=STS_KEY))], [err(400, "MissingSecurityToken")], KEPT)
vector("front/sts-token-other", "The STS account's key with another token: InvalidSecurityToken.MismatchWithAccessKey, 400.", SIMPLE,
       [raw_v1(common(AccessKeyId=STS_KEY, SecurityToken="CAIS-another-token"))], [err(400, "InvalidSecurityToken.MismatchWithAccessKey")], KEPT)
vector("front/sts-signed", "The STS account's requests carry its token (the runner adds it): released.", SIMPLE,
       [one(A, key=STS_KEY)], [ok()], GONE)
vector("front/signature-differs", "A well-formed request whose Signature is not the emulator's: SignatureDoesNotMatch, 400.", SIMPLE,
       [raw_v1(common(InstanceId=A))], [err(400, "SignatureDoesNotMatch")], KEPT)
vector("front/timestamp-unreadable", "Timestamp `2026-11-23 08:30:00` (no T, no Z): InvalidTimeStamp.Format, 400.", SIMPLE,
       [one(A, timestamp="2026-11-23 08:30:00")], [err(400, "InvalidTimeStamp.Format")], KEPT)
vector("front/timestamp-expired", "Timestamp 901 seconds before now: InvalidTimeStamp.Expired, 400.", SIMPLE,
       [one(A, timestamp="2026-11-23T08:14:59Z")], [err(400, "InvalidTimeStamp.Expired")], KEPT)
vector("front/timestamp-at-the-limit", "Timestamp exactly 900 seconds before now passes: released.", SIMPLE,
       [one(A, timestamp="2026-11-23T08:15:00Z")], [ok()], GONE)
vector("front/timestamp-future", "Timestamp 901 seconds after now: InvalidTimeStamp.Expired, 400.", SIMPLE,
       [one(A, timestamp="2026-11-23T08:45:01Z")], [err(400, "InvalidTimeStamp.Expired")], KEPT)
vector("front/nonce-reused", "The same SignatureNonce twice from one key: SignatureNonceUsed, 400 (B is not released).",
       fixture([inst(A), inst(B)]), [one(A, nonce="n-1"), one(B, nonce="n-1")], [ok(), err(400, "SignatureNonceUsed")],
       expect_state([inst(B)]))
vector("front/nonce-other-key", "Nonces are per AccessKeyId: the same nonce from another key passes.",
       fixture([inst(A), inst(B)]), [one(A, nonce="n-1"), one(B, nonce="n-1", key=KEY2)], [ok(), ok()], GONE)
vector("front/nonce-remembered-after-rule-failure", "A nonce is remembered once its request passed the timestamp check, whatever came after: "
       "an invalid InstanceId fails, then the retry with the same nonce is SignatureNonceUsed.",
       SIMPLE, [one("i-bad id", nonce="n-1"), one(A, nonce="n-1")], [err(400, "InvalidParameter"), err(400, "SignatureNonceUsed")], KEPT)
vector("front/nonce-not-remembered-on-bad-signature", "A request refused at its signature leaves its nonce unused: the signed retry with that nonce releases.",
       SIMPLE, [raw_v1(common(InstanceId=A, SignatureNonce="n-1")), one(A, nonce="n-1")], [err(400, "SignatureDoesNotMatch"), ok()], GONE)
vector("front/nonce-not-remembered-on-expired", "A request refused at its timestamp leaves its nonce unused.",
       SIMPLE, [one(A, nonce="n-1", timestamp="2026-11-23T07:00:00Z"), one(A, nonce="n-1")], [err(400, "InvalidTimeStamp.Expired"), ok()], GONE)
vector("front/too-many-ids", "InstanceId.101: InvalidParameter.TooManyInstanceIds, 403.", SIMPLE,
       [req("DeleteInstances", [["RegionId", REGION], ["InstanceId.101", A]])], [err(403, "InvalidParameter.TooManyInstanceIds")], KEPT)
vector("front/missing-region", "DeleteInstances without RegionId: MissingParameter, 400.", SIMPLE,
       [req("DeleteInstances", [["InstanceId.1", A]])], [err(400, "MissingParameter")], KEPT)
vector("front/missing-instance-id", "DeleteInstance without InstanceId: MissingParameter, 400.", SIMPLE,
       [req("DeleteInstance", [["RegionId", REGION]])], [err(400, "MissingParameter")], KEPT)
vector("front/placeholder-id", "A documentation placeholder id (i-bp1g6zv0ce8oghu7****): InvalidParameter, 400.", SIMPLE,
       [one("i-bp1g6zv0ce8oghu7****")], [err(400, "InvalidParameter")], KEPT)
vector("front/unknown-parameter", "An operation parameter neither action takes: InvalidParameter, 400.", SIMPLE,
       [one(A, ["Colour", "blue"])], [err(400, "InvalidParameter")], KEPT)
vector("front/duplicate-ids", "The same id twice in DeleteInstances: InvalidParameter, 400.", SIMPLE,
       [many([A, A])], [err(400, "InvalidParameter")], KEPT)
vector("front/bad-boolean", "Force=yes: InvalidParameter, 400.", SIMPLE, [one(A, ["Force", "yes"])], [err(400, "InvalidParameter")], KEPT)

# ------------------------------------------------------------ V3, formats and transports
for transport in ["get", "post-query", "post-form"]:
    vector("v3/%s" % transport, "Signature V3, %s: released." % transport, SIMPLE, [one(A, signature="v3", transport=transport)], [ok()], GONE)
    vector("v1/%s" % transport, "Signature V1, %s: released." % transport, SIMPLE, [one(A, transport=transport)], [ok()], GONE)
vector("v3/batch", "DeleteInstances with V3: both released.", fixture([inst(A), inst(B)]), [many([A, B], signature="v3")], [ok()], GONE)
vector("v3/dry-run", "V3 dry run: DryRunOperation, 400.", SIMPLE, [one(A, ["DryRun", "true"], signature="v3")], [err(400, "DryRunOperation")], KEPT)
vector("v3/sts", "V3 with the STS account (x-acs-security-token signed): released.", SIMPLE, [one(A, key=STS_KEY, signature="v3")], [ok()], GONE)
vector("v3/unknown-key", "V3 with an unknown key: InvalidAccessKeyId.NotFound, 404.", SIMPLE,
       [one(A, key="LTAI5tNobodysKey000009", signature="v3")], [err(404, "InvalidAccessKeyId.NotFound")], KEPT)
vector("v3/expired", "V3 with x-acs-date 901 seconds old: InvalidTimeStamp.Expired, 400.", SIMPLE,
       [one(A, signature="v3", timestamp="2026-11-23T08:14:59Z")], [err(400, "InvalidTimeStamp.Expired")], KEPT)
vector("v3/nonce-reused", "V3 nonces are remembered too: SignatureNonceUsed, 400.", fixture([inst(A), inst(B)]),
       [one(A, signature="v3", nonce="n-3"), one(B, signature="v3", nonce="n-3")], [ok(), err(400, "SignatureNonceUsed")], expect_state([inst(B)]))
vector("v3/unsigned-header", "V3 whose SignedHeaders leaves out x-acs-date: IncompleteSignature, 400 (before any signature).", SIMPLE,
       [raw_v3("ACS3-HMAC-SHA256 Credential=%s,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-signature-nonce;x-acs-version,Signature=00" % KEY, [])],
       [err(400, "IncompleteSignature")], KEPT)
vector("v3/no-signature-field", "V3 whose Authorization has no Signature=: IncompleteSignature, 400.", SIMPLE,
       [raw_v3("ACS3-HMAC-SHA256 Credential=%s,SignedHeaders=host" % KEY, [])], [err(400, "IncompleteSignature")], KEPT)
vector("v3/missing-date", "V3 without x-acs-date: MissingParameter, 400.", SIMPLE,
       [raw_v3("ACS3-HMAC-SHA256 Credential=%s,SignedHeaders=host;x-acs-action,Signature=00" % KEY, [["x-acs-date", None]])],
       [err(400, "MissingParameter")], KEPT)
vector("v3/other-algorithm", "V3 with algorithm ACS3-HMAC-SHA1, none of the three: InvalidSignatureMethod, 400.", SIMPLE,
       [raw_v3("ACS3-HMAC-SHA1 Credential=%s,SignedHeaders=host,Signature=00" % KEY, [])], [err(400, "InvalidSignatureMethod")], KEPT)

# ------------------------------------------------------------ the V3 algorithms (SCHEMA.md, V3 algorithms; section 3)
SM3 = "ACS3-HMAC-SM3"
RSA = "ACS3-RSA-SHA256"
RSA_KEY, RSA_ONLY_KEY = "LTAI5tServiceKeyRsa04", "LTAI5tServiceKeyRsa05"
with open(os.path.join(HERE, "keys", "rsa-a.pem")) as f:
    PRIVATE_A = f.read()
with open(os.path.join(HERE, "keys", "rsa-b.pem")) as f:
    PRIVATE_B = f.read()
with open(os.path.join(HERE, "keys", "rsa-a.pub.pem")) as f:
    PUBLIC_A = f.read()
RSA_ACCOUNTS = ACCOUNTS + [
    {"access_key_id": RSA_KEY, "access_key_secret": "ServiceSecretRsa0123456789abcdef", "public_key": PUBLIC_A},
    {"access_key_id": RSA_ONLY_KEY, "public_key": PUBLIC_A},
]


def rsa_fixture(instances):
    return dict(fixture(instances), accounts=RSA_ACCOUNTS)


vector("v3/sm3-accepted", "ACS3-HMAC-SM3, the body hash in x-acs-content-sm3: accepted like any other, the instance released.",
       SIMPLE, [one(A, signature="v3", algorithm=SM3)], [ok()], GONE)
vector("v3/sm3-form-body", "ACS3-HMAC-SM3 with the parameters in a form body: accepted.", fixture([inst(A), inst(B)]),
       [many([A, B], signature="v3", algorithm=SM3, transport="post-form")], [ok()], GONE)
vector("v3/sm3-get-sts", "ACS3-HMAC-SM3 by GET with the account's STS token: accepted.", SIMPLE,
       [one(A, key=STS_KEY, signature="v3", algorithm=SM3, transport="get")], [ok()], GONE)
vector("v3/rsa-accepted", "ACS3-RSA-SHA256, checked with the account's public key: accepted.", rsa_fixture([inst(A)]),
       [one(A, key=RSA_KEY, signature="v3", algorithm=RSA, private_key=PRIVATE_A)], [ok()], GONE)
vector("v3/rsa-public-key-only", "An account with a public key and no secret: RSA is accepted, ACS3-HMAC-SHA256 (signed "
       "with an empty secret) is SignatureDoesNotMatch, 400, and V1 too.", rsa_fixture([inst(A), inst(B)]),
       [one(A, key=RSA_ONLY_KEY, signature="v3"), one(A, key=RSA_ONLY_KEY, nonce="v1-nonce"),
        one(B, key=RSA_ONLY_KEY, signature="v3", algorithm=RSA, private_key=PRIVATE_A)],
       [err(400, "SignatureDoesNotMatch"), err(400, "SignatureDoesNotMatch"), ok()], expect_state([inst(A)]))
vector("v3/rsa-wrong-key", "ACS3-RSA-SHA256 signed with another key than the account's: SignatureDoesNotMatch, 400.",
       rsa_fixture([inst(A)]), [one(A, key=RSA_KEY, signature="v3", algorithm=RSA, private_key=PRIVATE_B)],
       [err(400, "SignatureDoesNotMatch")], expect_state([inst(A)]))
vector("v3/rsa-account-without-public-key", "ACS3-RSA-SHA256 from an account that holds only a secret: no key to "
       "check it with, SignatureDoesNotMatch, 400.", SIMPLE,
       [one(A, signature="v3", algorithm=RSA, private_key=PRIVATE_A)], [err(400, "SignatureDoesNotMatch")], KEPT)
vector("v3/sm3-without-sm3-header", "ACS3-HMAC-SM3 carrying x-acs-content-sha256 and no x-acs-content-sm3: MissingParameter, 400.",
       SIMPLE, [raw_v3("ACS3-HMAC-SM3 Credential=%s,SignedHeaders=host,Signature=00" % KEY, [])],
       [err(400, "MissingParameter")], KEPT)
vector("v3/repeated-date", "x-acs-date sent twice: repeated_header, InvalidParameter, 400, before anything else of "
       "Authorization is read.", SIMPLE,
       [raw_v3("ACS3-HMAC-SHA256 Credential=%s,SignedHeaders=host,Signature=00" % KEY, [["X-Acs-Date", NOW]])],
       [err(400, "InvalidParameter")], KEPT)
vector("format/v1-xml-success", "Format=XML: the XML success envelope (read as a 200).", SIMPLE, [one(A, format="XML")], [ok()], GONE)
vector("format/v1-xml-error", "Format=XML: the XML error envelope carries the code.", fixture([inst(A, deletion_protection=True)]),
       [one(A, format="XML", transport="get")], [err(403, "InvalidOperation.DeletionProtection")], expect_state([inst(A, deletion_protection=True)]))
vector("format/v1-lower-case", "Format=json in lower case is JSON; the error is read either way.", fixture([inst(A, status="Running")]),
       [one(A, format="json")], [err(403, "IncorrectInstanceStatus")], expect_state([inst(A, status="Running")]))
vector("format/v3-xml", "V3 asking for XML (Accept): the XML error envelope.", fixture([inst(A, status="Running")]),
       [one(A, signature="v3", format="XML")], [err(403, "IncorrectInstanceStatus")], expect_state([inst(A, status="Running")]))

# ------------------------------------------------------------ section 7: faults
THROTTLE = {"action": "DeleteInstance", "kind": "error", "status": 400, "code": "Throttling.User",
            "message": "Request was denied due to user flow control.", "retry_after_seconds": 3}
vector("fault/error-then-normal", "An error fault answers the next matching request and changes nothing; the following one proceeds.",
       SIMPLE, [one(A, faults=[THROTTLE]), one(A)], [err(400, "Throttling.User"), ok()], GONE)
vector("fault/times-two", "times 2 answers two requests.", SIMPLE,
       [one(A, faults=[dict(THROTTLE, times=2)]), one(A), one(A)], [err(400, "Throttling.User"), err(400, "Throttling.User"), ok()], GONE)
vector("fault/gateway", "A gateway fault: the HTML page with 502, which no decoder reads a code from.", SIMPLE,
       [one(A, faults=[{"action": "*", "kind": "gateway", "status": 502}])], [err(502, None)], KEPT)
vector("fault/empty", "An empty fault: 503 and no body.", SIMPLE,
       [one(A, faults=[{"action": "*", "kind": "empty", "status": 503}])], [err(503, None)], KEPT)
vector("fault/other-action", "A fault for DeleteInstances does not answer a DeleteInstance.", SIMPLE,
       [one(A, faults=[dict(THROTTLE, action="DeleteInstances")])], [ok()], GONE)
vector("fault/in-order", "Faults match in the order queued: the InternalError queued first answers first.", SIMPLE,
       [one(A, faults=[{"action": "*", "kind": "error", "status": 500, "code": "InternalError", "message": "oops"}, THROTTLE]),
        one(A), one(A)],
       [err(500, "InternalError"), err(400, "Throttling.User"), ok()], GONE)
vector("fault/before-checks", "A fault answers before any check: a request with a bad signature gets the fault's code.", SIMPLE,
       [dict(raw_v1(common(InstanceId=A)), faults=[dict(THROTTLE, action="*")])], [err(400, "Throttling.User")], KEPT)
vector("fault/security-lock-code", "InstanceLockedForSecurity has no state that causes it: a fault gives it, 403.", SIMPLE,
       [one(A, faults=[{"action": "DeleteInstance", "kind": "error", "status": 403, "code": "InstanceLockedForSecurity",
                        "message": "The specified operation is denied as your instance is locked for security reasons."}])],
       [err(403, "InstanceLockedForSecurity")], KEPT)


def main():
    ids = [v["id"] for v in VECTORS]
    assert len(ids) == len(set(ids)), "duplicate ids"
    doc = {"schema": "ecs-delete-vectors/1", "suite": "service",
           "description": "The emulator, request by request, hand-derived from conformance/EMULATOR.md. "
                          "Written by conformance/generators/service_vectors.py.",
           "vectors": VECTORS}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("%d vectors -> %s" % (len(VECTORS), os.path.relpath(OUT)))


if __name__ == "__main__":
    main()
