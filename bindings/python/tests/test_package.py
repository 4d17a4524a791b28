"""The Python package: signing, validation, decoding and verification read like Python, raise
exceptions that carry the code and the parameter, and agree with the vendor's documented
signatures."""

import pathlib
import pickle

import pytest

import aliyun_ecs_delete as ecs

CREDS = dict(access_key_id="testid", access_key_secret="testsecret")
WHEN = dict(timestamp="2026-11-23T12:00:00Z", nonce="5ab0cd0f-0c42-4e58-9d4e-6de3f5c1a5a1")
ONE = {"InstanceId": "i-bp1g6zv0ce8oghu7k2zz", "RegionId": "cn-hangzhou"}


@pytest.mark.parametrize("version", ["v1", "v3"])
@pytest.mark.parametrize("transport", ["get", "post-query", "post-form"])
def test_signed_requests_verify(version, transport):
    signed = ecs.sign("DeleteInstance", ONE, signature_version=version, transport=transport, **CREDS, **WHEN)
    assert signed.method == ("GET" if transport == "get" else "POST")
    assert signed.url.startswith("https://ecs.cn-hangzhou.aliyuncs.com/")
    assert isinstance(signed.body, bytes) and (transport == "post-form") == bool(signed.body)
    verified = ecs.verify(signed.method, signed.url, "testsecret", headers=signed.headers,
                          body=signed.body or None, now="2026-11-23T12:03:00Z")
    assert verified.action == "DeleteInstance"
    assert verified.access_key_id == "testid"
    assert verified.params == sorted(ONE.items())
    with pytest.raises(ecs.VerifyError) as refused:
        ecs.verify(signed.method, signed.url, "other", headers=signed.headers, body=signed.body or None)
    assert refused.value.code == "signature_mismatch" and refused.value.parameter is None
    assert "testsecret" not in repr(signed)


KEYS = pathlib.Path(__file__).resolve().parents[3] / "conformance" / "generators" / "keys"


@pytest.mark.parametrize("algorithm", ["ACS3-HMAC-SHA256", "ACS3-HMAC-SM3", "ACS3-RSA-SHA256"])
@pytest.mark.parametrize("transport", ["get", "post-form"])
def test_each_v3_algorithm_signs_and_verifies(algorithm, transport):
    private = (KEYS / "rsa-a.pem").read_text()
    public, other = (KEYS / "rsa-a.pub.pem").read_text(), (KEYS / "rsa-b.pub.pem").read_text()
    rsa = algorithm == "ACS3-RSA-SHA256"
    signed = ecs.sign("DeleteInstance", ONE, signature_version="v3", transport=transport, algorithm=algorithm,
                      access_key_id="testid", access_key_secret=private if rsa else "testsecret", **WHEN)
    headers = dict(signed.headers)
    assert headers["authorization"].startswith(algorithm + " Credential=testid,")
    assert ("x-acs-content-sm3" in headers) == (algorithm == "ACS3-HMAC-SM3")
    keys = dict(public_key=public) if rsa else dict(access_key_secret="testsecret")
    verified = ecs.verify(signed.method, signed.url, headers=signed.headers, body=signed.body or None, **keys)
    assert verified.params == sorted(ONE.items())
    if rsa:
        with pytest.raises(ecs.VerifyError) as refused:
            ecs.verify(signed.method, signed.url, "testsecret", headers=signed.headers, body=signed.body or None,
                       public_key=other)
        assert refused.value.code == "signature_mismatch"
        assert "PRIVATE KEY" not in repr(signed)


def test_a_key_that_does_not_read_names_its_argument_and_not_its_text():
    private = (KEYS / "rsa-a.pem").read_text()
    with pytest.raises(ValueError) as bad:
        ecs.sign("DeleteInstance", ONE, signature_version="v3", algorithm="ACS3-RSA-SHA256",
                 access_key_id="testid", access_key_secret="not a key", **WHEN)
    assert str(bad.value).startswith("access_key_secret: ")
    with pytest.raises(ValueError) as bad:
        ecs.verify("POST", "/", headers=[("authorization", "x")], public_key=private)
    assert str(bad.value).startswith("public_key: ") and "MII" not in str(bad.value)
    with pytest.raises(ValueError):
        ecs.sign("DeleteInstance", ONE, algorithm="ACS3-HMAC-SM3", **CREDS, **WHEN)
    with pytest.raises(ValueError):
        ecs.sign("DeleteInstance", ONE, signature_version="v3", algorithm="ACS3-HMAC-SHA1", **CREDS, **WHEN)


def test_credentials_that_would_change_the_request_are_refused():
    with pytest.raises(ecs.RequestError) as e:
        ecs.sign("DeleteInstance", ONE, access_key_id="AK,SignedHeaders=host", access_key_secret="s", **WHEN)
    assert (e.value.code, e.value.parameter) == ("invalid_credentials", "AccessKeyId")
    with pytest.raises(ecs.RequestError) as e:
        ecs.sign("DeleteInstance", ONE, security_token="tok\r\nX: 1", **CREDS, **WHEN)
    assert (e.value.code, e.value.parameter) == ("invalid_credentials", "SecurityToken")


def test_a_bad_parameter_raises_with_its_code_and_name():
    with pytest.raises(ecs.RequestError) as e:
        ecs.sign("DeleteInstances", [("RegionId", "cn-hangzhou"), ("InstanceId.1", "i-a"),
                                      ("InstanceId.2", "i-bp1g6zv0ce8oghu7****")], **CREDS, **WHEN)
    assert (e.value.code, e.value.parameter) == ("invalid_instance_id", "InstanceId.2")
    assert isinstance(e.value, ecs.EcsError) and isinstance(e.value, ValueError)
    # The exception is the package's own, and survives pickling (multiprocessing) whole.
    assert type(e.value).__module__ == "aliyun_ecs_delete"
    again = pickle.loads(pickle.dumps(e.value))
    assert type(again) is ecs.RequestError and str(again) == str(e.value)
    assert (again.code, again.parameter) == ("invalid_instance_id", "InstanceId.2")
    with pytest.raises(ecs.RequestError) as e:
        ecs.sign("DeleteInstance", ONE, access_key_id="id", access_key_secret="s", timestamp="yesterday", nonce="n")
    assert e.value.code == "invalid_timestamp"
    with pytest.raises(ValueError):
        ecs.sign("DeleteInstance", ONE, signature_version="v2", **CREDS, **WHEN)


def test_a_value_of_the_wrong_type_names_its_parameter():
    with pytest.raises(TypeError, match='the value of "DryRun" must be a str, not bool'):
        ecs.sign("DeleteInstance", {**ONE, "DryRun": True}, **CREDS, **WHEN)
    with pytest.raises(TypeError, match="a name must be a str, not int"):
        ecs.validate("DeleteInstance", [(1, "x")])
    with pytest.raises(TypeError, match='the value of "x-acs-retry-after" must be a str, not int'):
        ecs.decode_response("DeleteInstance", 400, headers={"x-acs-retry-after": 3})
    with pytest.raises(ValueError, match="status 70000 is not an HTTP status"):
        ecs.decode_response("DeleteInstance", 70000)


def test_a_verified_request_shows_what_it_holds():
    signed = ecs.sign("DeleteInstance", ONE, **CREDS, **WHEN)
    verified = ecs.verify(signed.method, signed.url, "testsecret", now="2026-11-23T12:03:00Z")
    assert repr(verified) == ("Verified(action='DeleteInstance', access_key_id='testid', "
                              "params=[('InstanceId', 'i-bp1g6zv0ce8oghu7k2zz'), ('RegionId', 'cn-hangzhou')])")


def test_validation_normalises_and_warns():
    params, warnings = ecs.validate("DeleteInstance", {"InstanceId": "i-a", "ForceStop": "True"})
    assert params == [("ForceStop", "true"), ("InstanceId", "i-a")]
    assert warnings == ["force_stop_without_force"]


def test_responses_come_with_a_verdict():
    r = ecs.decode_response("DeleteInstances", 400, [("x-acs-retry-after", "3")],
                            b"<Error><RequestId>R-1</RequestId><Code>Throttling.User</Code></Error>")
    assert (r.outcome, r.code, r.request_id, r.retry, r.throttled, r.retry_after_seconds) == \
        ("api_error", "Throttling.User", "R-1", "retry", True, 3)
    gone = ecs.decode_response("DeleteInstances", 404, body=b'{"Code":"InvalidInstanceIds.NotFound"}')
    assert gone.already_gone and gone.already_gone_for(1) and not gone.already_gone_for(2)
    assert ecs.decode_response("DeleteInstance", 200).outcome == "success"
    dry = ecs.decode_response("DeleteInstance", 400, body=b'{"Code":"DryRunOperation"}')
    assert dry.outcome == "dry_run" and dry.retry is None
    assert ecs.decode_response("DeleteInstance", 502, body=b"<html>bad gateway</html>").retry == "check"


def test_the_documented_signatures():
    v1 = ecs.rpc_v1("GET", {"AccessKeyId": "testid", "Action": "DescribeRegions", "Format": "XML",
                            "SignatureMethod": "HMAC-SHA1", "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
                            "SignatureVersion": "1.0", "Timestamp": "2016-02-23T12:46:24Z", "Version": "2014-05-26"},
                    "testsecret")
    assert v1["signature"] == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="
    v3 = ecs.rpc_v3("POST", "/", "YourAccessKeyId", "YourAccessKeySecret",
                    [("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"), ("RegionId", "cn-shanghai")],
                    [("host", "ecs.cn-shanghai.aliyuncs.com"), ("x-acs-action", "RunInstances"),
                     ("x-acs-version", "2014-05-26"), ("x-acs-date", "2023-10-26T10:22:32Z"),
                     ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
                     ("x-acs-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")])
    assert v3["signature"] == "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
