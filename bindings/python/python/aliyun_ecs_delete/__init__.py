"""Alibaba Cloud ECS DeleteInstance / DeleteInstances, Sans-IO: validation, V1 and V3 signing,
response decoding with a retry verdict, and verification, from the Rust crate aliyun-ecs-delete.

It performs no I/O: you pass the credentials, the timestamp and the nonce, and send what comes
back with any HTTP client; you pass back what the service answered, and get its verdict."""

from ._native import (
    EcsError,
    RequestError,
    Response,
    SignedRequest,
    Verified,
    VerifyError,
    decode_response,
    rpc_v1,
    rpc_v3,
    sign,
    validate,
    verify,
)

__all__ = [
    "EcsError",
    "RequestError",
    "Response",
    "SignedRequest",
    "Verified",
    "VerifyError",
    "decode_response",
    "rpc_v1",
    "rpc_v3",
    "sign",
    "validate",
    "verify",
]
