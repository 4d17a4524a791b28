"""Alibaba Cloud ECS DeleteInstance / DeleteInstances, Sans-IO: validation, V1 and V3 signing,
response decoding with a retry verdict, and verification, from the Rust crate aliyun-ecs-delete.

It performs no I/O: you pass the credentials, the timestamp and the nonce, and send what comes
back with any HTTP client; you pass back what the service answered, and get its verdict."""

from typing import Optional


class EcsError(ValueError):
    """A refusal: `code` is the stable code, `parameter` the parameter or header at fault (or
    None). Defined here, not in the native module, so that tracebacks name this package and the
    exception pickles (multiprocessing sends exceptions between processes) with both."""

    def __init__(self, message: str, code: str, parameter: Optional[str] = None) -> None:
        super().__init__(message)
        self.code = code
        self.parameter = parameter

    def __reduce__(self):
        return (type(self), (str(self), self.code, self.parameter))


class RequestError(EcsError):
    """A request rule refused a parameter (`invalid_instance_id`, `missing_parameter`, ...)."""


class VerifyError(EcsError):
    """A signed request would be refused (`signature_mismatch`, `timestamp_skew`, ...)."""


# The native module raises the classes above, looked up here when it first needs one.
from ._native import (  # noqa: E402
    Response,
    SignedRequest,
    Verified,
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
