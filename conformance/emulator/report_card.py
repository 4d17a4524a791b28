#!/usr/bin/env python3
"""The SDK report card: each official SDK, with its own default retry settings, through the same
scenarios against `ecs-conformance serve`, judged by the emulator's journal and findings report.

Usage: report_card.py http://127.0.0.1:PORT [NODE_RESULTS.jsonl]

Each scenario starts from the built-in state (POST /_emulator/reset), queues one fault (or sets
an instance up), and makes one DeleteInstances call through the SDK's public API with a
ClientToken, as a careful caller would. What the SDK did is read back from the emulator: how
many requests it sent, whether its retries kept the ClientToken and drew fresh nonces, whether
it honoured x-acs-retry-after, and what its caller saw. The Node SDK's calls are made by
report_card_node.js, whose JSON lines are read from the second argument. Prints the Markdown of
conformance/SDK-REPORT.md.
"""

import json
import sys
import time
import urllib.request

URL = sys.argv[1].rstrip("/")
HOST = URL.split("://", 1)[1]
KEY, SECRET = "LTAI5tEmulatorKeyId0001", "EmulatorSecret0123456789abcdefgh"
REGION = "cn-hangzhou"
INSTANCE = "i-emu0stopped000000001"
STARTING = "i-card0starting000001"

# name, what it sets up, the fault or instance
SCENARIOS = [
    ("throttled", "Throttling.User, HTTP 400, x-acs-retry-after: 2",
     {"kind": "error", "status": 400, "code": "Throttling.User", "retry_after_seconds": 2}),
    ("unavailable", "ServiceUnavailable, HTTP 503",
     {"kind": "error", "status": 503, "code": "ServiceUnavailable"}),
    ("dropped", "the connection closed without an answer (nothing done)", {"kind": "drop"}),
    ("dropped_after_commit", "the instance released, then the connection closed without the answer",
     {"kind": "drop_after_commit"}),
    ("starting", "the instance is Starting (IncorrectInstanceStatus), Stopped 3 s later", None),
]


def control(method, what, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(URL + "/_emulator/" + what, data=data, method=method)
    with urllib.request.urlopen(req) as answer:
        text = answer.read()
        return json.loads(text) if text else None


def set_up(scenario):
    """Resets the emulator and sets `scenario` up; the instance the call deletes."""
    control("POST", "reset")
    name, _, fault = scenario
    if fault is not None:
        control("POST", "faults", dict(fault, action="DeleteInstances", times=1))
        return INSTANCE
    at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3))
    control("PUT", "instances/" + STARTING, {"status": "Starting", "next": {"status": "Stopped", "at": at}})
    return STARTING


def judge(seen, instance_id):
    """What the emulator saw of one call: the card's cells."""
    journal = control("GET", "journal")
    present = instance_id in {i["instance_id"] for i in control("GET", "state")["instances"]}
    findings = [f for f in control("GET", "report")["findings"] if f["kind"] != "lint"]
    kinds = sorted({f["kind"] for f in findings})
    sent = len(journal)
    retried = sent > 1
    return {
        "sent": sent,
        "token": ("kept" if not {"client_token_changed", "missing_client_token"} & set(kinds) else "changed")
        if retried else "-",
        "nonce": ("fresh" if "nonce_reused" not in kinds else "reused") if retried else "-",
        "wait": ("honoured" if "retried_too_soon" not in kinds else "too soon") if retried else "-",
        "caller": seen,
        "instance": "still there" if present else "released",
        "findings": ", ".join(kinds) or "none",
    }


# ------------------------------------------------------------------ aliyun-python-sdk-core (V1)
def core_call(instance_id):
    from aliyunsdkcore.acs_exception.exceptions import ClientException, ServerException
    from aliyunsdkcore.client import AcsClient
    from aliyunsdkcore.request import CommonRequest

    client = AcsClient(KEY, SECRET, REGION)  # its defaults: auto_retry on, 3 retries
    request = CommonRequest(domain=HOST, version="2014-05-26", action_name="DeleteInstances")
    request.set_protocol_type("http")
    request.set_method("POST")
    request.add_query_param("RegionId", REGION)
    request.add_query_param("InstanceId.1", instance_id)
    request.add_query_param("ClientToken", "card-" + instance_id)
    try:
        client.do_action_with_exception(request)
        return "success"
    except ServerException as e:
        return e.get_error_code()
    except ClientException as e:
        return "client error " + e.get_error_code()


# ------------------------------------------------------------------ alibabacloud-ecs20140526 (V3)
def tea_call(instance_id):
    from alibabacloud_ecs20140526 import models as ecs_models
    from alibabacloud_ecs20140526.client import Client as EcsClient
    from alibabacloud_tea_openapi import models as openapi_models
    from darabonba.runtime import RuntimeOptions

    config = openapi_models.Config(access_key_id=KEY, access_key_secret=SECRET, endpoint=HOST,
                                   protocol="http", region_id=REGION)
    request = ecs_models.DeleteInstancesRequest(region_id=REGION, instance_id=[instance_id],
                                                client_token="card-" + instance_id)
    try:
        EcsClient(config).delete_instances_with_options(request, RuntimeOptions())  # its defaults
        return "success"
    except Exception as e:  # tea's exceptions carry a code
        return getattr(e, "code", None) or type(e).__name__


def row(sdk, scenario, cells):
    name, what, _ = scenario
    return "| %s | `%s` | %s | %d | %s | %s | %s | %s | %s | %s |" % (
        sdk, name, what, cells["sent"], cells["token"], cells["nonce"], cells["wait"],
        cells["caller"], cells["instance"], cells["findings"])


def main():
    rows = []
    for sdk, call in [("aliyun-python-sdk-core 2.16.1 (V1)", core_call),
                      ("alibabacloud-ecs20140526 7.11.8 (V3)", tea_call)]:
        for scenario in SCENARIOS:
            instance_id = set_up(scenario)
            seen = call(instance_id)
            rows.append(row(sdk, scenario, judge(seen, instance_id)))
    if len(sys.argv) > 2:
        with open(sys.argv[2]) as lines:
            for line in lines:
                result = json.loads(line)
                scenario = next(s for s in SCENARIOS if s[0] == result["scenario"])
                rows.append(row(result["sdk"], scenario, result["cells"]))
    print(HEADER + "\n".join(rows) + "\n" + FOOTER, end="")


HEADER = """# SDK report card

What the official SDKs do, with their own default retry settings, when a DeleteInstances call
meets what the service does on a bad day. Each SDK is called through its public API with a
`ClientToken`, against `ecs-conformance serve`, and judged by the emulator's journal and
findings report (`conformance/EMULATOR.md`, section 9). CI regenerates this file
(`conformance/emulator/sdk_check.sh`) and fails when it differs from the committed one.

- *sent*: the requests the SDK sent for the one call.
- *ClientToken*, *nonce*, *wait*: for a call the SDK retried, whether the retries kept the
  token, drew a fresh nonce, and waited at least `x-acs-retry-after` (`-`: it did not retry).
- *caller saw*: what the SDK returned or raised; *instance after*: whether it was released.
- *findings*: the report's kinds, lints aside.

| SDK | scenario | what the emulator does | sent | ClientToken | nonce | wait | caller saw | instance after | findings |
|---|---|---|---|---|---|---|---|---|---|
"""

FOOTER = """
With their default settings none of the three retries a DeleteInstances on its own, whatever
the answer: a throttled, unavailable or dropped call reaches the caller, and after a dropped
answer the caller cannot tell that the instance was released (`dropped_after_commit`). Retrying
is the caller's work, and the emulator judges that too: the README's "Testing your SDK against
the emulator" shows a retry loop without a `ClientToken` reported as `missing_client_token`.
"""

if __name__ == "__main__":
    main()
