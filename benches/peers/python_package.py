#!/usr/bin/env python3
"""The Python package (bindings/python) signing the two bench requests, beside the official
Python SDKs signing the same requests, in the same run; median microseconds per signature and
the ratio to the faster SDK. Run with an interpreter that has the package and the pinned SDKs."""
import sys
import os

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers  # noqa: E402  (the SDK set-up and the bench requests)

import aliyun_ecs_delete as ecs  # noqa: E402


def main():
    for name, params in peers.requests().items():
        op = {k: v for k, v in params.items() if k not in ("Action", "Version")}
        ours = lambda: ecs.sign(params["Action"], op, access_key_id=peers.KEY_ID,  # noqa: E731
                                access_key_secret=peers.SECRET, timestamp=peers.TS, nonce=peers.NONCE,
                                transport="get")
        core = lambda: peers.composer.get_signed_url(dict(params), peers.KEY_ID, peers.SECRET, "JSON", "GET", {})  # noqa: E731
        tea_params = dict(params, Format="JSON", Timestamp=peers.TS, SignatureNonce=peers.NONCE,
                          SignatureMethod="HMAC-SHA1", SignatureVersion="1.0", AccessKeyId=peers.KEY_ID)
        tea = lambda: peers.TeaUtil.get_rpcsignature(tea_params, "GET", peers.SECRET)  # noqa: E731
        assert ("Signature=" + peers.urllib.parse.quote(tea(), safe="")) in ours().url, name
        number = 2000 if name == "delete_instance" else 300
        t_ours = peers.median_us(ours, number)
        t_core = peers.median_us(core, number)
        t_tea = peers.median_us(tea, number)
        print("%s\tours %.2f us\taliyun-python-sdk-core %.2f us\talibabacloud-openapi-util %.2f us\t"
              "faster SDK / ours = %.1fx" % (name, t_ours, t_core, t_tea, min(t_core, t_tea) / t_ours))


if __name__ == "__main__":
    main()
