from typing import Dict, Iterable, List, Literal, Mapping, Optional, Tuple, Union

Pairs = Union[Mapping[str, str], Iterable[Tuple[str, str]]]
Action = Literal["DeleteInstance", "DeleteInstances"]
Algorithm = Literal["ACS3-HMAC-SHA256", "ACS3-HMAC-SM3", "ACS3-RSA-SHA256"]

class EcsError(ValueError):
    """A refusal, with a stable code and the parameter (or header) at fault; it pickles."""

    code: str
    parameter: Optional[str]
    def __init__(self, message: str, code: str, parameter: Optional[str] = None) -> None: ...

class RequestError(EcsError):
    """A request rule refused a parameter (`invalid_instance_id`, `missing_parameter`, ...)."""

class VerifyError(EcsError):
    """A signed request would be refused (`signature_mismatch`, `timestamp_skew`, ...)."""

class SignedRequest:
    """A signed request, ready to send with any HTTP client."""

    method: Literal["GET", "POST"]
    url: str
    headers: List[Tuple[str, str]]
    body: bytes

class Response:
    """What came back, and what to do next."""

    outcome: Literal["success", "dry_run", "api_error", "unparseable"]
    code: Optional[str]
    request_id: Optional[str]
    message: Optional[str]
    host_id: Optional[str]
    recommend: Optional[str]
    http_status: int
    retry: Optional[Literal["retry", "check", "fail"]]
    throttled: bool
    already_gone: bool
    retry_after_seconds: Optional[int]
    auth_action: Optional[str]

    def already_gone_for(self, instance_count: int) -> bool:
        """Whether deleting a request's instance_count instances is done despite "not found":
        only for one (a DeleteInstances batch of several that gets "not found" released none)."""

class Verified:
    """A request the service would accept."""

    action: Action
    access_key_id: str
    signature_nonce: str
    params: List[Tuple[str, str]]

def sign(
    action: Action,
    params: Pairs,
    *,
    access_key_id: str,
    access_key_secret: str,
    timestamp: str,
    nonce: str,
    security_token: Optional[str] = None,
    signature_version: Literal["v1", "v3"] = "v1",
    transport: Literal["post-query", "get", "post-form"] = "post-query",
    format: Literal["JSON", "XML"] = "JSON",
    endpoint: Optional[str] = None,
    scheme: Literal["https", "http"] = "https",
    algorithm: Optional[Algorithm] = None,
) -> SignedRequest:
    """Validates the operation parameters and signs the request; raises RequestError.
    `algorithm` (with signature_version="v3"): for ACS3-RSA-SHA256 `access_key_secret` is the
    RSA private key, PEM (PKCS#1 or PKCS#8)."""

def validate(action: Action, params: Pairs) -> Tuple[List[Tuple[str, str]], List[str]]:
    """The parameters a valid request sends (sorted) and its warnings; raises RequestError."""

def decode_response(
    action: Action, status: int, headers: Optional[Pairs] = None, body: bytes = b""
) -> Response:
    """Decodes any status, headers and body into one of four outcomes; never raises."""

def verify(
    method: Literal["GET", "POST"],
    url: str,
    access_key_secret: Optional[str] = None,
    *,
    headers: Optional[Pairs] = None,
    body: Optional[bytes] = None,
    now: Optional[str] = None,
    max_skew_seconds: int = 900,
    public_key: Optional[str] = None,
) -> Verified:
    """Checks a signed request as the service would (V3 when headers hold Authorization);
    raises VerifyError with the first reason. The account's keys: its secret, and its RSA
    public key (PEM) for ACS3-RSA-SHA256."""

def rpc_v1(method: Literal["GET", "POST"], params: Pairs, access_key_secret: str) -> Dict[str, str]:
    """Signature V1 over any parameters: canonical_query, string_to_sign, signature."""

def rpc_v3(
    method: Literal["GET", "POST"],
    path: str,
    access_key_id: str,
    access_key_secret: str,
    query: Pairs,
    headers: Pairs,
    body: bytes = b"",
    algorithm: Optional[Algorithm] = None,
) -> Dict[str, str]:
    """Signature V3: canonical_request, hashed_canonical_request, string_to_sign, signature,
    authorization; for ACS3-RSA-SHA256 `access_key_secret` is the private key, PEM."""
