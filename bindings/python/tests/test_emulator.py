"""The emulator inside the package: served in-process over HTTP, set up and read back through
Python calls, the `ecs_emulator` fixture registered by installing the package, and official SDKs
pointed at it."""

import datetime
import http.client
import uuid

import pytest

import aliyun_ecs_delete as ecs
from aliyun_ecs_delete.emulator import ACCESS_KEY_ID, ACCESS_KEY_SECRET, Emulator, EmulatorError


def now() -> str:
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def send(emulator, action, params, **options):
    """Signs with this package and sends over HTTP: (status, headers, body), or None when the
    connection was closed without an answer."""
    signed = ecs.sign(action, params, access_key_id=ACCESS_KEY_ID, access_key_secret=ACCESS_KEY_SECRET,
                      timestamp=now(), nonce=str(uuid.uuid4()), endpoint=emulator.endpoint,
                      scheme="http", **options)
    connection = http.client.HTTPConnection(emulator.endpoint, timeout=10)
    target = signed.url.split(emulator.endpoint, 1)[1]
    try:
        connection.request(signed.method, target, body=signed.body or None, headers=dict(signed.headers))
        answer = connection.getresponse()
        return answer.status, dict(answer.getheaders()), answer.read()
    except (http.client.RemoteDisconnected, ConnectionResetError):
        return None
    finally:
        connection.close()


def test_the_fixture_serves_the_builtin_state(ecs_emulator):
    assert ecs_emulator.url.startswith("http://127.0.0.1:")
    one = {"InstanceId": "i-emu0stopped000000002", "RegionId": "cn-hangzhou"}
    status, headers, body = send(ecs_emulator, "DeleteInstance", one)
    assert status == 200, body
    assert headers["x-acs-request-id"].encode() in body
    assert "i-emu0stopped000000002" not in {i["instance_id"] for i in ecs_emulator.state()["instances"]}
    entry = ecs_emulator.journal()[-1]
    assert (entry["action"], entry["status"], entry["released"]) == ("DeleteInstance", 200, ["i-emu0stopped000000002"])
    # The same answer the package's own decoder reads.
    assert ecs.decode_response("DeleteInstance", status, list(headers.items()), body).outcome == "success"


def test_state_faults_and_errors_are_python_calls():
    with Emulator({"instances": [{"instance_id": "i-a"}]}) as emulator:
        # A state without accounts keeps none at start-up: the fixture is the whole state.
        assert emulator.state()["accounts"] == []
        emulator.set_state({"accounts": [{"access_key_id": ACCESS_KEY_ID, "access_key_secret": ACCESS_KEY_SECRET}],
                            "instances": [{"instance_id": "i-a"}]})
        emulator.put_instance("i-b", status="Running")
        assert [i["status"] for i in emulator.state()["instances"]] == ["Stopped", "Running"]
        with pytest.raises(EmulatorError) as refused:
            emulator.put_instance("i-b", status="Asleep")
        assert refused.value.field == "status" and refused.value.status == 400
        emulator.fault(action="DeleteInstances", kind="error", status=400, code="Throttling.User",
                       retry_after_seconds=3, times=2)
        assert emulator.faults()[0]["times"] == 2
        batch = {"RegionId": "cn-hangzhou", "InstanceId.1": "i-a", "ClientToken": "t-1"}
        status, headers, _ = send(emulator, "DeleteInstances", batch)
        assert (status, headers["x-acs-retry-after"]) == (400, "3")
        # Retried at once, under another token: both mistakes are reported.
        send(emulator, "DeleteInstances", dict(batch, ClientToken="t-2"))
        kinds = [f["kind"] for f in emulator.report()]
        assert kinds == ["client_token_changed", "retried_too_soon"], kinds
        emulator.clear_report()
        assert emulator.report() == []
        emulator.reset()
        assert emulator.journal() == [] and emulator.faults() == []


def test_a_dropped_commit_released_the_instance(ecs_emulator):
    ecs_emulator.fault(action="*", kind="drop_after_commit")
    one = {"InstanceId": "i-emu0stopped000000001", "RegionId": "cn-hangzhou"}
    assert send(ecs_emulator, "DeleteInstance", one) is None
    assert ecs_emulator.journal()[-1]["released"] == ["i-emu0stopped000000001"]
    status, _, body = send(ecs_emulator, "DeleteInstance", one)
    assert (status, b"InvalidInstanceId.NotFound" in body) == (404, True)


def test_an_instance_becomes_deletable_when_the_clock_reaches_next():
    state = {"accounts": [{"access_key_id": ACCESS_KEY_ID, "access_key_secret": ACCESS_KEY_SECRET}],
             "instances": [{"instance_id": "i-new", "status": "Pending",
                            "next": {"status": "Stopped", "at": "2026-12-06T10:00:30Z"}}]}
    with Emulator(state) as emulator:
        emulator.set_clock("2026-12-06T10:00:00Z")
        signed_at = dict(timestamp="2026-12-06T10:00:00Z")
        batch = {"RegionId": "cn-hangzhou", "InstanceId.1": "i-new", "ClientToken": "t-1"}

        def call(nonce):
            signed = ecs.sign("DeleteInstances", batch, access_key_id=ACCESS_KEY_ID,
                              access_key_secret=ACCESS_KEY_SECRET, nonce=nonce,
                              endpoint=emulator.endpoint, scheme="http", **signed_at)
            connection = http.client.HTTPConnection(emulator.endpoint, timeout=10)
            connection.request(signed.method, signed.url.split(emulator.endpoint, 1)[1],
                               headers=dict(signed.headers))
            answer = connection.getresponse()
            return answer.status, answer.read()

        status, body = call("n-1")
        assert status == 403 and b"IncorrectInstanceStatus.Initializing" in body
        emulator.set_clock("2026-12-06T10:00:30Z")
        assert call("n-2")[0] == 200


def test_aliyun_python_sdk_core_deletes_through_the_fixture(ecs_emulator):
    client_module = pytest.importorskip("aliyunsdkcore.client")
    from aliyunsdkcore.request import CommonRequest

    client = client_module.AcsClient(ecs_emulator.access_key_id, ecs_emulator.access_key_secret, "cn-hangzhou")
    request = CommonRequest(domain=ecs_emulator.endpoint, version="2014-05-26", action_name="DeleteInstances")
    request.set_protocol_type("http")
    request.set_method("POST")
    request.add_query_param("RegionId", "cn-hangzhou")
    request.add_query_param("InstanceId.1", "i-emu0stopped000000002")
    request.add_query_param("ClientToken", "sdk-core-1")
    client.do_action_with_exception(request)
    assert ecs_emulator.journal()[-1]["released"] == ["i-emu0stopped000000002"]
    # The SDK sends its query unsorted: a lint for each parameter out of order, nothing worse.
    findings = ecs_emulator.report()
    assert findings and {f["kind"] for f in findings} == {"lint"}, findings
    assert all(f["message"].startswith("out_of_order in ") for f in findings), findings


def test_alibabacloud_ecs20140526_deletes_through_the_fixture(ecs_emulator):
    client_module = pytest.importorskip("alibabacloud_ecs20140526.client")
    from alibabacloud_ecs20140526 import models as ecs_models
    from alibabacloud_tea_openapi import models as openapi_models

    config = openapi_models.Config(access_key_id=ecs_emulator.access_key_id,
                                   access_key_secret=ecs_emulator.access_key_secret,
                                   endpoint=ecs_emulator.endpoint, protocol="http", region_id="cn-hangzhou")
    request = ecs_models.DeleteInstancesRequest(region_id="cn-hangzhou", instance_id=["i-emu0stopped000000001"],
                                                client_token="tea-1")
    client_module.Client(config).delete_instances(request)
    entry = ecs_emulator.journal()[-1]
    assert (entry["signature_version"], entry["released"]) == ("ACS3-HMAC-SHA256", ["i-emu0stopped000000001"])
    assert [f for f in ecs_emulator.report() if f["kind"] != "lint"] == []
