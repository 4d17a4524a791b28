#!/usr/bin/env python3
"""A second implementation of the suites, written from conformance/SPEC.md alone.

It is the check that the specification is enough to write an adapter from: it was written
without reading the Rust code or the vector files, with the Python standard library only, and
it implements `rpc-sign-v1`, `acs3-sign`, `request`, `response` and `verify` (V1 and V3, each
V3 algorithm: SM3 from GB/T 32905 and RSASSA-PKCS1-v1_5 with Python's integers); the
retry classes of `response` come from the catalogue of docs/protocol.md section 4, as SPEC.md
says. Other suites answer `unsupported`. .ci/run runs every vector through it with no expected failure.

Protocol (SPEC.md section 5): one JSON line in per vector, one JSON line out.
"""

import base64
import calendar
import hashlib
import hmac
import json
import re
import sys
import time
import xml.etree.ElementTree as ElementTree

# ---------------------------------------------------------------------------------------------
# Encoding and signing (SPEC.md 3.1, 3.2)

UNRESERVED = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")


def enc(text):
    """Percent-encodes the UTF-8 bytes of text, keeping only the unreserved characters."""
    return "".join(chr(b) if b in UNRESERVED else "%%%02X" % b for b in text.encode("utf-8"))


def v1_stages(method, secret, params):
    ordered = sorted(params, key=lambda p: (p[0].encode("utf-8"), p[1].encode("utf-8")))
    query = "&".join(enc(n) + "=" + enc(v) for n, v in ordered)
    string_to_sign = method + "&%2F&" + enc(query)
    digest = hmac.new((secret + "&").encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha1)
    return query, string_to_sign, base64.b64encode(digest.digest()).decode("ascii")


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


class Sm3:
    """SM3 (GB/T 32905-2016), as hashlib's interface, so that hmac takes it as a digestmod."""

    digest_size = 32
    block_size = 64
    IV = [0x7380166F, 0x4914B2B9, 0x172442D7, 0xDA8A0600, 0xA96F30BC, 0x163138AA, 0xE38DEE4D, 0xB0FB0E4E]

    def __init__(self, data=b""):
        self.data = bytearray()
        self.update(data)

    def update(self, data):
        self.data += data

    def copy(self):
        return Sm3(bytes(self.data))

    @staticmethod
    def rotl(x, n):
        n %= 32
        return ((x << n) | (x >> (32 - n))) & 0xFFFFFFFF

    def digest(self):
        rotl, mask = Sm3.rotl, 0xFFFFFFFF
        message = bytes(self.data) + b"\x80"
        message += b"\x00" * ((56 - len(message)) % 64) + (len(self.data) * 8).to_bytes(8, "big")
        v = list(Sm3.IV)
        for at in range(0, len(message), 64):
            w = [int.from_bytes(message[at + 4 * i:at + 4 * i + 4], "big") for i in range(16)]
            for j in range(16, 68):
                x = w[j - 16] ^ w[j - 9] ^ rotl(w[j - 3], 15)
                w.append((x ^ rotl(x, 15) ^ rotl(x, 23)) ^ rotl(w[j - 13], 7) ^ w[j - 6])
            a, b, c, d, e, f, g, h = v
            for j in range(64):
                t = 0x79CC4519 if j < 16 else 0x7A879D8A
                ss1 = rotl((rotl(a, 12) + e + rotl(t, j)) & mask, 7)
                ss2 = ss1 ^ rotl(a, 12)
                ff = a ^ b ^ c if j < 16 else (a & b) | (a & c) | (b & c)
                gg = e ^ f ^ g if j < 16 else (e & f) | (~e & g)
                tt1 = (ff + d + ss2 + (w[j] ^ w[j + 4])) & mask
                tt2 = (gg + h + ss1 + w[j]) & mask
                a, b, c, d = tt1, a, rotl(b, 9), c
                e, f, g, h = tt2 ^ rotl(tt2, 9) ^ rotl(tt2, 17), e, rotl(f, 19), g
            v = [x ^ y for x, y in zip(v, [a, b, c, d, e, f, g, h])]
        return b"".join(x.to_bytes(4, "big") for x in v)

    def hexdigest(self):
        return self.digest().hex()


assert Sm3(b"abc").hexdigest() == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"

ALGORITHMS = ("ACS3-HMAC-SHA256", "ACS3-HMAC-SM3", "ACS3-RSA-SHA256")


def body_hash_header(algorithm):
    return "x-acs-content-sm3" if algorithm == "ACS3-HMAC-SM3" else "x-acs-content-sha256"


def digest_hex(algorithm, data):
    return Sm3(data).hexdigest() if algorithm == "ACS3-HMAC-SM3" else sha256_hex(data)


# RSA (SPEC.md 3.2): keys from PEM, RSASSA-PKCS1-v1_5 over SHA-256, with integers alone.
def der(data):
    """The (tag, contents, rest) of the DER element at the start of data."""
    tag, length, at = data[0], data[1], 2
    if length & 0x80:
        count = length & 0x7F
        length, at = int.from_bytes(data[2:2 + count], "big"), 2 + count
    return tag, data[at:at + length], data[at + length:]


def der_sequence(data):
    _, contents, _ = der(data)
    items = []
    while contents:
        tag, value, contents = der(contents)
        items.append((tag, value))
    return items


def pem_der(text):
    label = re.search(r"-----BEGIN ([A-Z ]+)-----", text)
    body = re.sub(r"-----[A-Z ]+-----", "", text)
    return label.group(1) if label else None, base64.b64decode("".join(body.split()))


def rsa_private_key(text):
    """(n, d) of a PKCS#1 or PKCS#8 PEM private key."""
    label, data = pem_der(text)
    if label == "PRIVATE KEY":
        data = der_sequence(data)[2][1]  # version, algorithm, OCTET STRING of the PKCS#1 key
    fields = der_sequence(data)
    return int.from_bytes(fields[1][1], "big"), int.from_bytes(fields[3][1], "big")


def rsa_public_key(text):
    """(n, e) of a SubjectPublicKeyInfo PEM."""
    _, data = pem_der(text)
    bits = der_sequence(data)[1][1]
    fields = der_sequence(bits[1:])
    return int.from_bytes(fields[0][1], "big"), int.from_bytes(fields[1][1], "big")


SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")


def pkcs1_v15(n, message):
    size = (n.bit_length() + 7) // 8
    t = SHA256_DIGEST_INFO + hashlib.sha256(message).digest()
    return int.from_bytes(b"\x00\x01" + b"\xff" * (size - len(t) - 3) + b"\x00" + t, "big"), size


def rsa_sign_hex(pem, message):
    n, d = rsa_private_key(pem)
    m, size = pkcs1_v15(n, message)
    return pow(m, d, n).to_bytes(size, "big").hex()


def rsa_verify_hex(pem, message, signature):
    n, e = rsa_public_key(pem)
    m, size = pkcs1_v15(n, message)
    if not re.fullmatch(r"[0-9a-f]*", signature) or len(signature) != 2 * size:
        return False
    s = int(signature, 16)
    return s < n and pow(s, e, n) == m


def v3_stages(method, path, key_id, secret, query, headers, body, signed_names=None,
              algorithm="ACS3-HMAC-SHA256"):
    """The V3 stages. signed_names, when given, are the names to sign (a verifier signs what
    the request says it signed); otherwise the rule of SPEC.md 3.2 chooses them. For
    ACS3-RSA-SHA256 the secret is the private key, PEM; a verifier passes None and compares the
    string to sign instead."""
    values = {}
    for name, value in headers:
        values.setdefault(name.lower(), []).append(value.strip())
    if signed_names is None:
        signed_names = sorted(
            n for n in values if n in ("host", "content-type") or n.startswith("x-acs-")
        )
    lines = "".join(
        "%s:%s\n" % (n, ",".join(sorted(values.get(n, [])))) for n in signed_names
    )
    encoded = sorted((enc(n), enc(v)) for n, v in query)
    canonical_query = "&".join(n + "=" + v for n, v in encoded)
    names = ";".join(signed_names)
    canonical = "\n".join(
        [method, path, canonical_query, lines, names, digest_hex(algorithm, body.encode("utf-8"))]
    )
    hashed = digest_hex(algorithm, canonical.encode("utf-8"))
    string_to_sign = algorithm + "\n" + hashed
    if secret is None:
        signature = None
    elif algorithm == "ACS3-RSA-SHA256":
        signature = rsa_sign_hex(secret, string_to_sign.encode("utf-8"))
    else:
        digestmod = Sm3 if algorithm == "ACS3-HMAC-SM3" else hashlib.sha256
        signature = hmac.new(secret.encode("utf-8"), string_to_sign.encode("utf-8"), digestmod).hexdigest()
    authorization = "%s Credential=%s,SignedHeaders=%s,Signature=%s" % (
        algorithm,
        key_id,
        names,
        signature,
    )
    return canonical, hashed, string_to_sign, signature, authorization


# ---------------------------------------------------------------------------------------------
# Request validation (SPEC.md 3.3)

SHARED = ["RegionId", "Force", "ForceStop", "TerminateSubscription", "DryRun",
          "OwnerId", "ResourceOwnerId", "OwnerAccount", "ResourceOwnerAccount"]
BOOLEANS = {"Force", "ForceStop", "TerminateSubscription", "DryRun"}
INTEGERS = {"OwnerId", "ResourceOwnerId"}
ID_RE = re.compile(r"[A-Za-z0-9_-]{1,30}")
REGION_RE = re.compile(r"[a-z]+(-[a-z0-9]+)+")


class Invalid(Exception):
    def __init__(self, code, parameter=None):
        Exception.__init__(self, code)
        self.code = code
        self.parameter = parameter

    def as_json(self):
        error = {"code": self.code}
        if self.parameter is not None:
            error["parameter"] = self.parameter
        return error


def key(name):
    return name.encode("utf-8")


def name_problems(action, name, count):
    """The name problems of one parameter, in the order of the codes."""
    problems = []
    index = None
    if action == "DeleteInstances" and name.startswith("InstanceId."):
        suffix = name[len("InstanceId."):]
        if not (suffix.isascii() and suffix.isdigit()) or suffix[0] == "0":
            problems.append("invalid_parameter_name")
        elif int(suffix) > 100:
            problems.append("too_many_instance_ids")
        else:
            index = int(suffix)
    elif name not in SHARED and not (
        (action == "DeleteInstance" and name == "InstanceId")
        or (action == "DeleteInstances" and name == "ClientToken")
    ):
        problems.append("unknown_parameter")
    if count > 1:
        problems.append("repeated_parameter")
    order = ["unknown_parameter", "repeated_parameter", "invalid_parameter_name",
             "too_many_instance_ids"]
    return sorted(problems, key=order.index), index


def value_problem(name, value):
    if name == "InstanceId" or name.startswith("InstanceId."):
        return None if ID_RE.fullmatch(value) else "invalid_instance_id"
    if name == "RegionId":
        return None if len(value) <= 64 and REGION_RE.fullmatch(value) else "invalid_region_id"
    if name == "ClientToken":
        ok = 1 <= len(value) <= 64 and all(0x20 <= ord(c) <= 0x7E for c in value)
        return None if ok else "invalid_client_token"
    if name in BOOLEANS:
        return None if value.lower() in ("true", "false") else "invalid_boolean"
    if name in INTEGERS:
        ok = value.isascii() and value.isdigit() and int(value) <= 2 ** 63 - 1
        return None if ok else "invalid_integer"
    return None


def validate(action, params):
    """The canonical parameters and warnings of a valid request, or raises Invalid."""
    counts = {}
    for name, _ in params:
        counts[name] = counts.get(name, 0) + 1
    names = sorted(counts, key=key)
    indices = {}
    for name in names:
        problems, index = name_problems(action, name, counts[name])
        if problems:
            raise Invalid(problems[0], name)
        if index is not None:
            indices[index] = name
    values = dict(params)

    absent = []
    if action == "DeleteInstance" and "InstanceId" not in values:
        absent.append(("missing_parameter", "InstanceId"))
    if action == "DeleteInstances":
        if "RegionId" not in values:
            absent.append(("missing_parameter", "RegionId"))
        if not indices:
            absent.append(("missing_parameter", "InstanceId.1"))
        else:
            gaps = [i for i in range(1, max(indices) + 1) if i not in indices]
            if gaps:
                absent.append(("instance_id_index_gap", "InstanceId.%d" % gaps[0]))
    if absent:
        code, name = min(absent, key=lambda a: key(a[1]))
        raise Invalid(code, name)

    for name in names:
        problem = value_problem(name, values[name])
        if problem:
            raise Invalid(problem, name)

    seen = {}
    later = []
    for index in sorted(indices):
        value = values[indices[index]]
        if value in seen:
            later.append(indices[index])
        seen.setdefault(value, index)
    if later:
        raise Invalid("duplicate_instance_id", min(later, key=key))

    sent = []
    for name in names:
        value = values[name]
        if name in BOOLEANS:
            value = value.lower()
        sent.append([name, value])
    warnings = []
    if "ForceStop" in values and values.get("Force", "").lower() != "true":
        warnings.append("force_stop_without_force")
    return sent, warnings


# ---------------------------------------------------------------------------------------------
# Verification (SPEC.md 3.5)

COMMON = ["Action", "Version", "Format", "AccessKeyId", "SignatureMethod", "SignatureVersion",
          "SignatureNonce", "Timestamp", "SecurityToken", "SignatureType", "Signature"]
REQUIRED = ["AccessKeyId", "Action", "SignatureMethod", "SignatureNonce", "SignatureVersion",
            "Timestamp", "Version"]
HEX = set(b"0123456789abcdefABCDEF")


def form_decode(text):
    pairs = []
    for segment in text.split("&"):
        if not segment:
            continue
        if "=" not in segment:
            raise Invalid("malformed_query")
        name, value = segment.split("=", 1)
        name, value = unescape(name), unescape(value)
        if not name:
            raise Invalid("malformed_query")
        pairs.append((name, value))
    return pairs


def unescape(text):
    raw = text.replace("+", " ").encode("utf-8")
    out = bytearray()
    i = 0
    while i < len(raw):
        if raw[i] == ord("%"):
            pair = raw[i + 1:i + 3]
            if len(pair) != 2 or not all(b in HEX for b in pair):
                raise Invalid("malformed_query")
            out.append(int(pair, 16))
            i += 3
        else:
            out.append(raw[i])
            i += 1
    try:
        return out.decode("utf-8")
    except UnicodeDecodeError:
        raise Invalid("malformed_query")


def query_of(url):
    return url.split("?", 1)[1].split("#", 1)[0] if "?" in url else ""


TIMESTAMP_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")


def check_time(text, now, skew, parameter):
    try:
        if not TIMESTAMP_RE.fullmatch(text):
            raise ValueError(text)
        seconds = calendar.timegm(time.strptime(text, "%Y-%m-%dT%H:%M:%SZ"))
    except ValueError:
        raise Invalid("invalid_timestamp", parameter)
    if now is not None:
        reference = calendar.timegm(time.strptime(now, "%Y-%m-%dT%H:%M:%SZ"))
        if abs(seconds - reference) > skew:
            raise Invalid("timestamp_skew", parameter)


def check_action_version(action, version, action_name, version_name):
    if action not in ("DeleteInstance", "DeleteInstances"):
        raise Invalid("unsupported_action", action_name)
    if version != "2014-05-26":
        raise Invalid("unsupported_version", version_name)


def verify_v1(inp, skew):
    pairs = form_decode(query_of(inp["url"]))
    if inp.get("body"):
        pairs += form_decode(inp["body"])
    common = {}
    for name, value in pairs:
        if name in COMMON:
            if name in common:
                raise Invalid("malformed_query", name)
            common[name] = value
    if "Signature" not in common:
        raise Invalid("missing_signature", "Signature")
    for name in REQUIRED:
        if name not in common:
            raise Invalid("missing_parameter", name)
    if common["SignatureMethod"] != "HMAC-SHA1":
        raise Invalid("unsupported_signature_method", "SignatureMethod")
    if common["SignatureVersion"] != "1.0":
        raise Invalid("unsupported_signature_version", "SignatureVersion")
    check_action_version(common["Action"], common["Version"], "Action", "Version")
    signed = [(n, v) for n, v in pairs if n != "Signature"]
    secret = inp.get("access_key_secret")
    if secret is None:  # no secret, no V1 signature to match
        raise Invalid("signature_mismatch")
    _, _, signature = v1_stages(inp["method"], secret, signed)
    if not hmac.compare_digest(signature.encode(), common["Signature"].encode()):
        raise Invalid("signature_mismatch")
    check_time(common["Timestamp"], inp.get("now"), skew, "Timestamp")
    operation = [(n, v) for n, v in pairs if n not in COMMON]
    return common["Action"], operation


def verify_v3(inp, headers, skew):
    values = {}
    for name, value in headers:
        values.setdefault(name.lower(), []).append(value.strip())
    header = lambda n: ",".join(values[n]) if n in values else None
    body = inp.get("body") or ""
    pairs = form_decode(query_of(inp["url"]))
    content_type = header("content-type") or ""
    if content_type.split(";")[0].strip().lower() == "application/x-www-form-urlencoded":
        pairs += form_decode(body)

    # A header read alone, sent twice; the body hash header is the algorithm's.
    named = (values.get("authorization") or [""])[0].partition(" ")[0]
    for name in ("x-acs-date", "x-acs-signature-nonce", "x-acs-action", "x-acs-version",
                 body_hash_header(named), "host", "authorization"):
        if len(values.get(name, [])) > 1:
            raise Invalid("repeated_header", name)
    authorization = header("authorization") or ""
    if "Signature=" not in authorization:
        raise Invalid("missing_signature", "Authorization")
    algorithm, _, rest = authorization.partition(" ")
    if algorithm not in ALGORITHMS:
        raise Invalid("unsupported_signature_method", "Authorization")
    fields = {}
    for part in rest.split(","):
        name, _, value = part.strip().partition("=")
        fields[name] = value
    for name in ("Credential", "SignedHeaders"):
        if name not in fields:
            raise Invalid("missing_parameter", name)
    for name in ("x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce",
                 body_hash_header(algorithm), "host"):
        if name not in values:
            raise Invalid("missing_parameter", name)
    signed = fields["SignedHeaders"].split(";")
    must = ["host"] + (["content-type"] if "content-type" in values else [])
    must += sorted(n for n in values if n.startswith("x-acs-"))
    for name in must:
        if name not in signed:
            raise Invalid("unsigned_header", name)
    check_action_version(header("x-acs-action"), header("x-acs-version"), "x-acs-action",
                         "x-acs-version")
    if digest_hex(algorithm, body.encode("utf-8")) != header(body_hash_header(algorithm)):
        raise Invalid("signature_mismatch")
    path = inp["url"].split("?", 1)[0]
    if "://" in path:
        path = "/" + path.split("://", 1)[1].partition("/")[2]
    query = form_decode(query_of(inp["url"]))
    sent = fields.get("Signature", "")
    if algorithm == "ACS3-RSA-SHA256":
        public_key = inp.get("public_key")
        _, _, string_to_sign, _, _ = v3_stages(inp["method"], path or "/", "", None, query, headers,
                                               body, signed, algorithm)
        if public_key is None or not rsa_verify_hex(public_key, string_to_sign.encode("utf-8"), sent):
            raise Invalid("signature_mismatch")
    else:
        secret = inp.get("access_key_secret")
        if secret is None:
            raise Invalid("signature_mismatch")
        _, _, _, signature, _ = v3_stages(inp["method"], path or "/", "", secret, query, headers, body,
                                          signed, algorithm)
        if not hmac.compare_digest(signature.encode(), sent.encode()):
            raise Invalid("signature_mismatch")
    check_time(header("x-acs-date"), inp.get("now"), skew, "x-acs-date")
    return header("x-acs-action"), pairs


def verify(inp):
    skew = inp.get("max_skew_seconds")
    skew = 900 if skew is None else skew
    headers = inp.get("headers") or []
    try:
        if any(n.lower() == "authorization" for n, _ in headers):
            action, operation = verify_v3(inp, headers, skew)
        else:
            action, operation = verify_v1(inp, skew)
        validate(action, operation)
    except Invalid as e:
        return {"valid": False, "error": e.as_json()}
    ordered = sorted(operation, key=lambda p: (key(p[0]), key(p[1])))
    return {"valid": True, "action": action, "params": [list(p) for p in ordered]}


# ---------------------------------------------------------------------------------------------
# Responses (SPEC.md 3.4, the catalogue of docs/protocol.md section 4)

KNOWN = set("""
DependencyViolation.RouteEntry DependencyViolation.SLBConfiguring InvalidParameter
InvalidParameter.CrossRegionNotSupport InvalidParameter.TooManyInstanceIds
InvalidInstanceIds.ValueNotSupported IncorrectInstanceStatus IncorrectInstanceStatus.Initializing
InstanceLockedForSecurity ChargeTypeViolation InvalidOperation.DeletionProtection
InvalidOperation.EniLinked InvalidOperation.NotInWhiteList
OperationDenied.SystemInstanceNotSupport InvalidInstanceId.NotFound InvalidInstanceIds.NotFound
Forbidden.InstanceNotFound InternalError MissingParameter UnsupportedParameter
SignatureDoesNotMatch IncompleteSignature InvalidSignatureMethod UnsupportedHTTPMethod
InvalidTimeStamp.Format InvalidTimeStamp.Expired SignatureNonceUsed InvalidAccessKeyId.NotFound
InvalidAccessKeyId.Inactive Forbidden.AccessKeyDisabled MissingSecurityToken
InvalidSecurityToken.Expired InvalidSecurityToken.Malformed
InvalidSecurityToken.MismatchWithAccessKey Forbidden.RAM NoPermission InvalidAction.NotFound
InvalidVersion Throttling Throttling.User Throttling.Api IdempotentParameterMismatch
IdempotentProcessing LastTokenProcessing ServiceUnavailable RequestTimeout InternalError.Dispatch
""".split())
DRY_RUN = {"DryRunOperation", "DRYRUN.SUCCESS", "DryRunSuccess"}
GONE = {"InvalidInstanceId.NotFound", "InvalidInstanceIds.NotFound", "Forbidden.InstanceNotFound"}


def known(code):
    return code in KNOWN or code.startswith(
        ("Throttling", "IncorrectInstanceStatus", "DependencyViolation.", "InternalError")
    )


def class_of_known(code):
    if code.startswith(("Throttling", "IncorrectInstanceStatus", "DependencyViolation.")) or code in (
        "LastTokenProcessing",
        "IdempotentProcessing",
    ):
        return "retry"
    if code.startswith("InternalError") or code in (
        "ServiceUnavailable",
        "RequestTimeout",
        "SignatureNonceUsed",
    ):
        return "check"
    return "fail"


class Number(str):
    """A JSON number or constant, kept as its exact text."""


def no_lone_surrogates(text):
    return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)


def text_of(value):
    """The text of a value, or None for a value without text (NaN and the infinities are not
    JSON, and have none)."""
    if isinstance(value, Number) and value in ("NaN", "Infinity", "-Infinity"):
        return None
    if isinstance(value, str) and value != "":
        return no_lone_surrogates(value)
    return None


def lookup(pairs, name):
    """The value of name among (key, value) pairs: exact case outranks other spellings, the
    later of equal rank wins, a value without text is as if absent."""
    best, best_rank = None, -1
    for k, v in pairs:
        if k.lower() != name.lower() or text_of(v) is None and not isinstance(v, list):
            continue
        rank = 1 if k == name else 0
        if rank >= best_rank:
            best, best_rank = v, rank
    return best


def read_json(text):
    try:
        doc = json.loads(
            text,
            object_pairs_hook=list,
            parse_int=Number,
            parse_float=Number,
            parse_constant=Number,
            strict=False,
        )
    except (ValueError, RecursionError):
        return None
    return doc if isinstance(doc, list) else None


def read_xml(text):
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError:
        return None
    if root.tag != "Error" and not root.tag.endswith("Response"):
        return None

    def pairs(element, depth):
        out = []
        for child in element:
            if len(child):
                # The envelope is two levels deep at most (AccessDeniedDetail's fields).
                out.append((child.tag, pairs(child, depth - 1) if depth > 1 else []))
            else:
                out.append((child.tag, (child.text or "").strip(" \t\r\n")))
        return out

    return pairs(root, 2)


SECRET_RE = re.compile(
    r'(?i)(signature|securitytoken|x-acs-security-token)((?:\\?")? *)(=|:|%3D|%3A|%253D|%253A)( *"?)'
)
VALUE_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=%_.~-")


def redact(text):
    """Replaces every echoed secret value, as SPEC.md 3.4 says."""
    if text is None:
        return None
    out, at = [], 0
    for m in SECRET_RE.finditer(text):
        if m.start() < at:
            continue
        separator = m.group(3).upper()
        ends = {"=": (), ":": (), "%3D": ("%26", "%0A"), "%3A": ("%26", "%0A"),
                "%253D": ("%2526", "%250A"), "%253A": ("%2526", "%250A")}[separator]
        end = m.end()
        while end < len(text) and text[end] in VALUE_CHARS:
            if any(text.upper().startswith(e, end) for e in ends):
                break
            end += 1
        out.append(text[at:m.end()] + "** redacted **")
        at = end
    out.append(text[at:])
    return "".join(out)


def decode(inp):
    status = inp["status"]
    headers = inp.get("headers") or []
    if "body_base64" in inp:
        raw = base64.b64decode(inp["body_base64"])
    else:
        raw = inp.get("body", "").encode("utf-8")
    header = lambda name: next((v for n, v in headers if n.lower() == name), None)
    ok = 200 <= status < 300
    envelope = None
    empty = False
    try:
        text = raw.decode("utf-8")
        if text.startswith("\ufeff"):
            text = text[1:]
        text = text.strip(" \t\r\n")
        empty = text == ""
        if text.startswith("{"):
            envelope = read_json(text)
        elif text.startswith("<"):
            envelope = read_xml(text)
    except UnicodeDecodeError:
        pass

    field = lambda name: text_of(lookup(envelope or [], name))
    code = field("Code")
    request_id = lookup(envelope or [], "RequestId")
    request_id = text_of(request_id) if not isinstance(request_id, Number) else None
    if ok and empty:
        outcome = "success"
    elif envelope is None:
        outcome = "unparseable"
    elif code in DRY_RUN:
        outcome = "dry_run"
    elif ok and code in (None, "200", "OK", "Success"):
        outcome = "success"
    elif code is not None:
        outcome = "api_error"
    else:
        outcome = "unparseable"

    if outcome in ("success", "dry_run"):
        retry = None
    elif code is not None and known(code):
        retry = class_of_known(code)
    elif status == 429:
        retry = "retry"
    elif status >= 500 or (ok and envelope is None):
        retry = "check"
    else:
        retry = "fail"
    detail = lookup(envelope or [], "AccessDeniedDetail") if outcome == "api_error" else None
    if isinstance(detail, str):
        detail = read_json(detail.strip())
    after = header("x-acs-retry-after")
    after = after.strip() if after is not None else None
    error_field = lambda name: field(name) if outcome in ("dry_run", "api_error") else None
    return {
        "outcome": outcome,
        "request_id": request_id or header("x-acs-request-id"),
        "code": code if outcome != "unparseable" else None,
        "message": redact(error_field("Message")),
        "host_id": redact(error_field("HostId")),
        "recommend": redact(error_field("Recommend")),
        "http_status": status,
        "retry": retry,
        "already_gone": code in GONE,
        "throttled": bool(code and code.startswith("Throttling"))
        or ((code is None or not known(code)) and status == 429),
        "retry_after_seconds": int(after.strip())
        if after is not None and after.strip().isascii() and after.strip().isdigit() and int(after.strip()) < 2**64
        else None,
        "auth_action": text_of(lookup(detail, "AuthAction")) if isinstance(detail, list) else None,
    }


# ---------------------------------------------------------------------------------------------
# The adapter loop (SPEC.md 5)


def run(suite, inp):
    if suite == "rpc-sign-v1":
        query, string_to_sign, signature = v1_stages(
            inp["method"], inp["access_key_secret"], [tuple(p) for p in inp["params"]]
        )
        return {"canonical_query": query, "string_to_sign": string_to_sign, "signature": signature}
    if suite == "acs3-sign":
        canonical, hashed, string_to_sign, signature, authorization = v3_stages(
            inp["method"], inp.get("path", "/"), inp["access_key_id"], inp["access_key_secret"],
            [tuple(p) for p in inp["query"]], [tuple(p) for p in inp["headers"]],
            inp.get("body", ""), algorithm=inp.get("algorithm") or "ACS3-HMAC-SHA256",
        )
        return {"canonical_request": canonical, "hashed_canonical_request": hashed,
                "string_to_sign": string_to_sign, "signature": signature,
                "authorization": authorization}
    if suite == "request":
        try:
            params, warnings = validate(inp["action"], [tuple(p) for p in inp["params"]])
        except Invalid as e:
            return {"valid": False, "error": e.as_json()}
        return {"valid": True, "params": params, "warnings": warnings}
    if suite == "verify":
        return verify(inp)
    if suite == "response":
        return decode(inp)
    return None


def main():
    # Python's json reads nesting recursively; the spec allows any depth.
    sys.setrecursionlimit(1_000_000)
    for line in sys.stdin:
        message = json.loads(line)
        output = run(message["suite"], message["input"])
        answer = {"unsupported": True} if output is None else {"output": output}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    import threading

    threading.stack_size(1 << 29)
    worker = threading.Thread(target=main)
    worker.start()
    worker.join()
