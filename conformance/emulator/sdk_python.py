#!/usr/bin/env python3
"""The official Python SDKs against `ecs-conformance serve`, through their own public APIs.

Usage: sdk_python.py http://127.0.0.1:PORT

aliyun-python-sdk-core (signature V1, CommonRequest) and alibabacloud-ecs20140526 on
alibabacloud-tea-openapi (signature V3, the generated ECS client) each drive the scenarios
below against the built-in state, with the SDK's own retries switched off so that every answer
reaches the caller; each checks the code and status its users would see and the state afterwards
through the control API. Then each runs once with its retries on, and the journal says what the
SDK retried by itself. Prints one line per check; exits 1 on the first failure.
"""

import json
import sys
import urllib.request

URL = sys.argv[1].rstrip("/")
HOST = URL.split("://", 1)[1]
KEY, SECRET = "LTAI5tEmulatorKeyId0001", "EmulatorSecret0123456789abcdefgh"
REGION = "cn-hangzhou"


def control(method, what, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(URL + "/_emulator/" + what, data=data, method=method)
    if data is not None:
        req.add_header("content-type", "application/json")
    with urllib.request.urlopen(req) as answer:
        text = answer.read()
        return json.loads(text) if text else None


def instances():
    return {i["instance_id"] for i in control("GET", "state")["instances"]}


def check(sdk, what, got, want):
    if got != want:
        print("FAIL %s %s: got %r, want %r" % (sdk, what, got, want))
        sys.exit(1)
    print("ok   %s %s: %r" % (sdk, what, got))


# ------------------------------------------------------------------ aliyun-python-sdk-core (V1)
from aliyunsdkcore.acs_exception.exceptions import ClientException, ServerException  # noqa: E402
from aliyunsdkcore.client import AcsClient  # noqa: E402
from aliyunsdkcore.request import CommonRequest  # noqa: E402


def core_call(action, params, auto_retry=False, secret=SECRET):
    client = AcsClient(KEY, secret, REGION, auto_retry=auto_retry, max_retry_time=3 if auto_retry else 0)
    request = CommonRequest(domain=HOST, version="2014-05-26", action_name=action)
    request.set_protocol_type("http")
    request.set_method("POST")
    for name, value in params:
        request.add_query_param(name, value)
    try:
        client.do_action_with_exception(request)
        return ("ok", 200)
    except ServerException as e:
        return (e.get_error_code(), e.get_http_status())
    except ClientException as e:
        return ("client:" + e.get_error_code(), None)


# ------------------------------------------------------------------ alibabacloud-ecs20140526 (V3)
from alibabacloud_ecs20140526 import models as ecs_models  # noqa: E402
from alibabacloud_ecs20140526.client import Client as EcsClient  # noqa: E402
from alibabacloud_tea_openapi import models as openapi_models  # noqa: E402
from darabonba.runtime import RuntimeOptions  # noqa: E402


def tea_call(action, params, auto_retry=False, secret=SECRET):
    config = openapi_models.Config(access_key_id=KEY, access_key_secret=secret, endpoint=HOST,
                                   protocol="http", region_id=REGION)
    client = EcsClient(config)
    runtime = RuntimeOptions(autoretry=auto_retry, max_attempts=3 if auto_retry else 0)
    args = dict(params)
    try:
        if action == "DeleteInstance":
            request = ecs_models.DeleteInstanceRequest(
                instance_id=args.get("InstanceId"), force=args.get("Force") == "true",
                dry_run=args.get("DryRun") == "true",
                terminate_subscription=args.get("TerminateSubscription") == "true")
            client.delete_instance_with_options(request, runtime)
        else:
            ids = [v for n, v in params if n.startswith("InstanceId.")]
            request = ecs_models.DeleteInstancesRequest(
                region_id=args["RegionId"], instance_id=ids, client_token=args.get("ClientToken"),
                force=args.get("Force") == "true", dry_run=args.get("DryRun") == "true")
            client.delete_instances_with_options(request, runtime)
        return ("ok", 200)
    except Exception as e:  # the tea exceptions carry code and statusCode / data
        code = getattr(e, "code", None) or type(e).__name__
        status = getattr(e, "status_code", None) or getattr(e, "statusCode", None)
        if status is None and isinstance(getattr(e, "data", None), dict):
            status = e.data.get("statusCode")
        return (code, status)


def scenarios(sdk, call, signature_version):
    one = lambda iid, *extra: [("InstanceId", iid), ("RegionId", REGION)] + list(extra)  # noqa: E731

    control("POST", "reset")
    check(sdk, "stopped instance released", call("DeleteInstance", one("i-emu0stopped000000002")), ("ok", 200))
    check(sdk, "signature version", control("GET", "journal")[-1]["signature_version"], signature_version)
    check(sdk, "state after release", "i-emu0stopped000000002" in instances(), False)
    check(sdk, "protected", call("DeleteInstance", one("i-emu0protected0000001")), ("InvalidOperation.DeletionProtection", 403))
    check(sdk, "running without Force", call("DeleteInstance", one("i-emu0running000000001")), ("IncorrectInstanceStatus", 403))
    check(sdk, "dry run", call("DeleteInstance", one("i-emu0running000000001", ("Force", "true"), ("DryRun", "true"))),
          ("DryRunOperation", 400))
    check(sdk, "running with Force", call("DeleteInstance", one("i-emu0running000000001", ("Force", "true"))), ("ok", 200))
    check(sdk, "expired subscription", call("DeleteInstance", one("i-emu0expired000000001")), ("ChargeTypeViolation", 403))
    check(sdk, "not found", call("DeleteInstance", one("i-emu0missing00000001")), ("InvalidInstanceId.NotFound", 404))
    control("POST", "faults", {"action": "*", "kind": "error", "status": 400, "code": "Throttling.User",
                               "message": "Request was denied due to user flow control.", "retry_after_seconds": 1})
    check(sdk, "throttled (a fault)", call("DeleteInstance", one("i-emu0stopped000000001")), ("Throttling.User", 400))
    check(sdk, "state after throttling", "i-emu0stopped000000001" in instances(), True)
    batch = [("RegionId", REGION), ("InstanceId.1", "i-emu0stopped000000001"), ("ClientToken", "sdk-%s-1" % sdk)]
    check(sdk, "batch with ClientToken", call("DeleteInstances", batch), ("ok", 200))
    check(sdk, "same ClientToken again", call("DeleteInstances", batch), ("ok", 200))
    other = [("RegionId", REGION), ("InstanceId.1", "i-emu0beijing000000001"), ("ClientToken", "sdk-%s-1" % sdk)]
    check(sdk, "same ClientToken, other ids", call("DeleteInstances", other), ("IdempotentParameterMismatch", 400))
    wrong = call("DeleteInstance", one("i-emu0stopped000000002"), secret="not-the-secret")
    check(sdk, "wrong secret", wrong[1], 400)
    print("note %s wrong secret answers %s" % (sdk, wrong[0]))
    control("POST", "faults", {"action": "*", "kind": "gateway", "status": 502})
    print("note %s a 502 gateway page surfaces as %r" % (sdk, call("DeleteInstance", one("i-emu0stopped000000002"))))

    # What the SDK retries by itself: one fault, retries on, count the requests that arrived.
    for kind, fault in [("Throttling.User", {"kind": "error", "status": 400, "code": "Throttling.User", "message": "slow down"}),
                        ("InternalError 500", {"kind": "error", "status": 500, "code": "InternalError", "message": "oops"}),
                        ("ServiceUnavailable 503", {"kind": "error", "status": 503, "code": "ServiceUnavailable", "message": "busy"}),
                        ("gateway 502", {"kind": "gateway", "status": 502})]:
        control("POST", "reset")
        control("POST", "faults", dict(fault, action="*"))
        outcome = call("DeleteInstance", one("i-emu0stopped000000002"), auto_retry=True)
        sent = len(control("GET", "journal"))
        print("note %s with retries on, after one %s: %d request(s) sent, caller sees %r" % (sdk, kind, sent, outcome))


scenarios("aliyun-python-sdk-core", core_call, "1.0")
scenarios("alibabacloud-ecs20140526", tea_call, "ACS3-HMAC-SHA256")
print("python SDKs: every check passed")
