#!/usr/bin/env python3
"""Times the official Python SDKs signing the two bench requests, and checks that their
signatures equal ours. Prints one line per SDK and request: median microseconds per signature."""
import argparse
import importlib
import timeit
import urllib.parse

from aliyunsdkcore.utils import parameter_helper as helper
from alibabacloud_openapi_util.client import Client as TeaUtil
from alibabacloud_openapi_util.sm3 import hash_sm3
from cryptography.hazmat.primitives import serialization
from Tea.request import TeaRequest

composer = importlib.import_module("aliyunsdkcore.auth.composer.rpc_signature_composer")
KEY_ID, SECRET = "LTAI5tExampleKeyId", "ExampleSecret0123456789abcdefgh"
TS, NONCE = "2026-11-23T08:30:00Z", "6a1f0c8e-3b2d-4c5e-9f70-1a2b3c4d5e6f"
EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
helper.get_uuid = lambda: NONCE
helper.get_iso_8061_date = lambda: TS


def requests():
    one = {"Action": "DeleteInstance", "Version": "2014-05-26", "InstanceId": "i-bp1g6zv0ce8oghu7k2zz",
           "RegionId": "cn-hangzhou", "Force": "true"}
    hundred = {"Action": "DeleteInstances", "Version": "2014-05-26", "RegionId": "cn-hangzhou"}
    hundred.update({"InstanceId.%d" % n: "i-bp1g6zv0ce8oghu7k%03dz" % n for n in range(1, 101)})
    return {"delete_instance": one, "delete_instances_100": hundred}


def median_us(fn, number):
    runs = timeit.repeat(fn, number=number, repeat=7)
    return sorted(runs)[3] / number * 1e6


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ours", nargs=2, metavar=("ONE", "HUNDRED"), required=True,
                    help="our signatures of the two requests (Base64)")
    ap.add_argument("--ours-v3", nargs=2, metavar=("ONE", "HUNDRED"), required=True,
                    help="our V3 Authorization headers of the two requests (POST, query)")
    ap.add_argument("--ours-sm3", nargs=2, metavar=("ONE", "HUNDRED"), required=True,
                    help="our ACS3-HMAC-SM3 Authorization headers")
    ap.add_argument("--ours-rsa", nargs=2, metavar=("ONE", "HUNDRED"), required=True,
                    help="our ACS3-RSA-SHA256 Authorization headers")
    ap.add_argument("--rsa-key", required=True, help="the RSA private key, PEM")
    args = ap.parse_args()
    for (name, params), ours in zip(requests().items(), args.ours):
        core_url = lambda: composer.get_signed_url(dict(params), KEY_ID, SECRET, "JSON", "GET", {})[0]
        core_sig = urllib.parse.unquote(core_url().split("Signature=")[1].split("&")[0])
        # aliyun-python-sdk-core also signs an empty SignatureType=, so its signature differs by
        # design; time it, and check the Base64 form only.
        assert len(core_sig) == 28, core_sig
        tea_params = dict(params, Format="JSON", Timestamp=TS, SignatureNonce=NONCE, SignatureMethod="HMAC-SHA1",
                          SignatureVersion="1.0", AccessKeyId=KEY_ID)
        tea = lambda: TeaUtil.get_rpcsignature(tea_params, "GET", SECRET)
        assert tea() == ours, "alibabacloud-openapi-util signs %s as %s, we as %s" % (name, tea(), ours)
        number = 2000 if name == "delete_instance" else 300
        print("aliyun-python-sdk-core\t%s\tsigned URL\t%.2f us" % (name, median_us(core_url, number)))
        print("alibabacloud-openapi-util\t%s\tsignature (equal to ours)\t%.2f us" % (name, median_us(tea, number)))
    # Signature V3: the SDK's get_authorization over the same request, headers as we send them,
    # with each algorithm (the RSA key as the Python util takes it: PKCS#1).
    with open(args.rsa_key, "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    pkcs1 = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                              serialization.NoEncryption()).decode().strip()
    empty_sm3 = hash_sm3(b"").hex()
    for algorithm, body_header, empty, secret, label, ours_pair in [
        ("ACS3-HMAC-SHA256", "x-acs-content-sha256", EMPTY_SHA256, SECRET, "V3", args.ours_v3),
        ("ACS3-HMAC-SM3", "x-acs-content-sm3", empty_sm3, SECRET, "V3 SM3", args.ours_sm3),
        ("ACS3-RSA-SHA256", "x-acs-content-sha256", EMPTY_SHA256, pkcs1, "V3 RSA", args.ours_rsa),
    ]:
        for (name, params), ours in zip(requests().items(), ours_pair):
            query = {k: v for k, v in params.items() if k not in ("Action", "Version")}
            req = TeaRequest()
            req.method, req.pathname, req.query = "POST", "/", query
            req.headers = {"host": "ecs.cn-hangzhou.aliyuncs.com", "x-acs-action": params["Action"],
                           "x-acs-version": "2014-05-26", "x-acs-date": TS, "x-acs-signature-nonce": NONCE,
                           body_header: empty}
            v3 = lambda: TeaUtil.get_authorization(req, algorithm, empty, KEY_ID, secret)
            assert v3() == ours, "alibabacloud-openapi-util %s signs %s as %s, we as %s" % (label, name, v3(), ours)
            number = (2000 if name == "delete_instance" else 300) // (20 if algorithm == "ACS3-RSA-SHA256" else 1)
            print("alibabacloud-openapi-util\t%s\t%s Authorization (equal to ours)\t%.2f us"
                  % (name, label, median_us(v3, number)))


if __name__ == "__main__":
    main()
