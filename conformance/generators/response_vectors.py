#!/usr/bin/env python3
"""Writes conformance/vectors/response/hand-derived.json from the hand-written cases below.

Every expected value is derived by hand from the `response` rules of conformance/SPEC.md and the code
lists of docs/protocol.md section 4; the reason is in each description. The code table below is
written out literally from docs/protocol.md (documented status, retry class); the script only lays
the cases out as JSON, in JSON and in XML bodies.

Usage: python3 conformance/generators/response_vectors.py
"""

import base64
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "vectors", "response", "hand-derived.json")

RID = "473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E"
HOST = "ecs.cn-hangzhou.aliyuncs.com"
RECOMMEND = "https://api.aliyun.com/troubleshoot?q=X&product=Ecs"

# (code, status used, retry class, message). The class follows docs/protocol.md section 4: `retry` for
# Throttling*, IncorrectInstanceStatus*, DependencyViolation.*, LastTokenProcessing and
# IdempotentProcessing; `check` for InternalError*, ServiceUnavailable, RequestTimeout and
# SignatureNonceUsed; `fail` for every other listed code. Statuses are the documented ones; codes
# documented without a status are sent with 400 (the class does not depend on it).
CODES = [
    ("DependencyViolation.RouteEntry", 400, "retry", "Specified instance is used by route entry."),
    ("DependencyViolation.SLBConfiguring", 400, "retry", "Specified operation is denied as your instance is using by another product."),
    ("InvalidParameter", 400, "fail", "The input parameter InstanceId is invalid."),
    ("InvalidParameter.CrossRegionNotSupport", 400, "fail", "Cross-region operation is not supported."),
    ("InvalidParameter.TooManyInstanceIds", 403, "fail", "The number of instance ids exceeds the limit."),
    ("InvalidInstanceIds.ValueNotSupported", 403, "fail", "The specified instance ids are not supported."),
    ("IncorrectInstanceStatus", 403, "retry", "The current status of the resource does not support this operation."),
    ("IncorrectInstanceStatus.Initializing", 403, "retry", "The specified instance status does not support this operation."),
    ("InstanceLockedForSecurity", 403, "fail", "The specified operation is denied as your instance is locked for security reasons."),
    ("ChargeTypeViolation", 403, "fail", "The operation is not permitted due to charge type of the instance."),
    ("InvalidOperation.DeletionProtection", 403, "fail", "%s"),
    ("InvalidOperation.EniLinked", 403, "fail", "%s"),
    ("InvalidOperation.NotInWhiteList", 403, "fail", "%s"),
    ("OperationDenied.SystemInstanceNotSupport", 403, "fail", "The system instance does not support the %s operation because %s."),
    ("InvalidInstanceId.NotFound", 404, "fail", "The specified InstanceId does not exist."),
    ("InvalidInstanceIds.NotFound", 404, "fail", "The specified InstanceIds does not exist."),
    ("Forbidden.InstanceNotFound", 404, "fail", "The specified instance is not found."),
    ("InternalError", 500, "check", "The request processing has failed due to some unknown error."),
    ("MissingParameter", 400, "fail", "The input parameter \"InstanceId\" that is mandatory for processing this request is not supplied."),
    ("UnsupportedParameter", 400, "fail", "The parameter \"Foo\" is not supported."),
    ("SignatureDoesNotMatch", 400, "fail", "Specified signature is not matched with our calculation."),
    ("IncompleteSignature", 400, "fail", "The request signature does not conform to Aliyun standards."),
    ("InvalidSignatureMethod", 400, "fail", "Specified signature method is not valid."),
    ("UnsupportedHTTPMethod", 400, "fail", "This http method is not supported."),
    ("InvalidTimeStamp.Format", 400, "fail", "Specified time stamp or date value is not well formatted."),
    ("InvalidTimeStamp.Expired", 400, "fail", "Specified time stamp or date value is expired."),
    ("SignatureNonceUsed", 400, "check", "Specified signature nonce was used already."),
    ("InvalidAccessKeyId.NotFound", 404, "fail", "Specified access key is not found."),
    ("InvalidAccessKeyId.Inactive", 400, "fail", "Specified access key is disabled."),
    ("Forbidden.AccessKeyDisabled", 403, "fail", "The Access Key is disabled."),
    ("MissingSecurityToken", 400, "fail", "SecurityToken is mandatory for this action."),
    ("InvalidSecurityToken.Expired", 400, "fail", "Specified SecurityToken is expired."),
    ("InvalidSecurityToken.Malformed", 400, "fail", "Specified SecurityToken is malformed."),
    ("InvalidSecurityToken.MismatchWithAccessKey", 400, "fail", "Specified SecurityToken mismatch with the AccessKey."),
    ("Forbidden.RAM", 403, "fail", "User not authorized to operate on the specified resource, or this API doesn't support RAM."),
    ("NoPermission", 403, "fail", "You are not authorized to do this action."),
    ("InvalidAction.NotFound", 400, "fail", "Specified api is not found, please check your url and method."),
    ("InvalidVersion", 400, "fail", "Specified parameter Version is not valid."),
    ("Throttling", 400, "retry", "Request was denied due to request throttling."),
    ("Throttling.User", 400, "retry", "Request was denied due to user flow control."),
    ("Throttling.Api", 400, "retry", "Request was denied due to api flow control."),
    ("IdempotentParameterMismatch", 400, "fail", "The specified parameter has changed while using an already used clientToken."),
    ("IdempotentProcessing", 400, "retry", "The previous idempotent request(s) is still processing."),
    ("LastTokenProcessing", 400, "retry", "The last token request is processing."),
    ("ServiceUnavailable", 503, "check", "The request has failed due to a temporary failure of the server."),
    ("RequestTimeout", 504, "check", "The request encounters an upstream server timeout."),
    ("InternalError.Dispatch", 500, "check", "An error occurred when you dispatched the request."),
]
ALREADY_GONE = {"InvalidInstanceId.NotFound", "InvalidInstanceIds.NotFound", "Forbidden.InstanceNotFound"}

VECTORS = []


def expected(outcome, status, request_id=None, code=None, message=None, host_id=None, recommend=None, retry=None,
             already_gone=False, throttled=False, retry_after=None, auth_action=None):
    return {
        "outcome": outcome, "http_status": status, "request_id": request_id, "code": code, "message": message,
        "host_id": host_id, "recommend": recommend, "retry": retry, "already_gone": already_gone,
        "throttled": throttled, "retry_after_seconds": retry_after, "auth_action": auth_action,
    }


def vector(vid, description, status, body, exp, action="DeleteInstance", headers=None, raw=None):
    inp = {"action": action, "status": status}
    if headers is not None:
        inp["headers"] = [list(h) for h in headers]
    if raw is not None:
        inp["body_base64"] = base64.b64encode(raw).decode()
    else:
        inp["body"] = body
    VECTORS.append({"id": "response/" + vid, "description": description, "source": "hand-derived",
                    "input": inp, "expected": exp})


def xml_escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ------------------------------------------------------------------ documented samples (seeds)
vector("seed/000-json-success", "The success sample of the current DeleteInstance page (000): a RequestId only.",
       200, '{\n  "RequestId": "473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E"\n}', expected("success", 200, RID))
vector("seed/001-xml-success", "The XML success sample of the DeleteInstances page (001); the request id contains 41XX, "
       "so request ids are never validated.", 200,
       "<DeleteInstancesResponse>\n<RequestId>7B7813C6-57BF-41XX-B12B-F172F65A6046</RequestId>\n</DeleteInstancesResponse>",
       expected("success", 200, "7B7813C6-57BF-41XX-B12B-F172F65A6046"), action="DeleteInstances")
vector("seed/001-json-success", "The JSON success sample of the DeleteInstances page (001).", 200,
       '{\n"RequestId": "7B7813C6-57BF-41XX-B12B-F172F65A6046"\n}',
       expected("success", 200, "7B7813C6-57BF-41XX-B12B-F172F65A6046"), action="DeleteInstances")
vector("seed/002-json-success", "The older DeleteInstance page (002) shows only the RequestId line; here inside its object.",
       200, '{    "RequestId": "928E2273-5715-46B9-A730-238DC996A533"}', expected("success", 200, "928E2273-5715-46B9-A730-238DC996A533"))
vector("seed/003-xml-success", "The XML success sample of the Chinese DeleteInstance page (003), indented.", 200,
       "<DeleteInstanceResponse>\n  <RequestId>928E2273-5715-46B9-A730-238DC996A533</RequestId>\n</DeleteInstanceResponse>\n",
       expected("success", 200, "928E2273-5715-46B9-A730-238DC996A533"))
vector("seed/003-json-success", "The JSON success sample of 003, indented with a tab.", 200,
       '{\n\t"RequestId":"928E2273-5715-46B9-A730-238DC996A533"\n}', expected("success", 200, "928E2273-5715-46B9-A730-238DC996A533"))
vector("seed/002-deletion-protection-curly-quotes",
       "002 documents InvalidOperation.DeletionProtection with status 400 and the message 'The operation is not allowed due to "
       "\u201c{0}\u201d is protected by deletion protection.'; the literal {0} and the curly quotes are kept as sent; a known "
       "code decides `fail` whatever the status.", 400,
       json.dumps({"RequestId": RID, "HostId": HOST, "Code": "InvalidOperation.DeletionProtection",
                   "Message": "The operation is not allowed due to \u201c{0}\u201d is protected by deletion protection."}, ensure_ascii=False),
       expected("api_error", 400, RID, "InvalidOperation.DeletionProtection",
                "The operation is not allowed due to \u201c{0}\u201d is protected by deletion protection.", HOST, retry="fail"))
vector("seed/003-still-attached-by-volumes",
       "003 lists a second meaning of IncorrectInstanceStatus (403): still attached by volumes; the code still decides `retry`.", 403,
       json.dumps({"RequestId": RID, "Code": "IncorrectInstanceStatus", "Message": "The specified instance is still attached by volumes."}),
       expected("api_error", 403, RID, "IncorrectInstanceStatus", "The specified instance is still attached by volumes.", retry="retry"))

# ------------------------------------------------------------------ every catalogued code, JSON and XML
for code, status, retry, message in CODES:
    slug = code.lower().replace(".", "-")
    why = ("%s with status %d: a known code decides its retry class by itself (%s); already_gone is %s; throttled is %s."
           % (code, status, retry, "true (one of the three not-found codes)" if code in ALREADY_GONE else "false",
              "true (the code starts with Throttling)" if code.startswith("Throttling") else "false"))
    exp = expected("api_error", status, RID, code, message, HOST, RECOMMEND, retry, code in ALREADY_GONE,
                   code.startswith("Throttling"))
    body = json.dumps({"RequestId": RID, "HostId": HOST, "Code": code, "Message": message, "Recommend": RECOMMEND})
    vector("code/json/" + slug, why + " JSON body.", status, body, exp)
    xml = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <RequestId>%s</RequestId>\n  <HostId>%s</HostId>\n"
           "  <Code>%s</Code>\n  <Message><![CDATA[%s]]></Message>\n  <Recommend><![CDATA[%s]]></Recommend>\n</Error>\n"
           % (RID, HOST, code, message, RECOMMEND))
    vector("code/xml/" + slug, why + " XML body, root Error, Message and Recommend in CDATA.", status, xml, exp)

# ------------------------------------------------------------------ dry runs
for code, status, body, why in [
    ("DryRunOperation", 400, json.dumps({"RequestId": RID, "HostId": HOST, "Code": "DryRunOperation",
                                         "Message": "Request validation has been passed with DryRun flag set."}),
     "The documented dry-run answer: HTTP 400 with DryRunOperation."),
    ("DRYRUN.SUCCESS", 400, json.dumps({"RequestId": RID, "HostId": HOST, "Code": "DRYRUN.SUCCESS",
                                        "Message": "This request is a dryrun request with successful result."}),
     "The current DeleteInstances docs spell it DRYRUN.SUCCESS."),
    ("DryRunSuccess", 400, "<Error><RequestId>%s</RequestId><HostId>%s</HostId><Code>DryRunSuccess</Code>"
                           "<Message>dry run passed</Message></Error>" % (RID, HOST),
     "DryRunSuccess, seen elsewhere, in XML."),
    ("DryRunOperation", 200, json.dumps({"RequestId": RID, "Code": "DryRunOperation", "Message": "passed"}),
     "A dry-run code decides the outcome whatever the status, even 200."),
]:
    message = json.loads(body).get("Message") if body.startswith("{") else "dry run passed"
    vector("dry-run/%s-%d" % (code.lower().replace(".", "-"), status), why + " Outcome dry_run; retry is null for dry runs.",
           status, body, expected("dry_run", status, RID, code, message, HOST if "HostId" in body else None))

# ------------------------------------------------------------------ reading the body
E = "IncorrectInstanceStatus"
M = "The current status of the resource does not support this operation."
plain = lambda **kw: json.dumps(dict({"RequestId": RID, "Code": E, "Message": M}, **kw))
err = lambda status=403, **kw: expected("api_error", status, RID, E, M, retry="retry", **kw)

vector("body/xml-declaration-single-quoted", "An XML declaration in single quotes, as seen on the wire.", 403,
       "<?xml version='1.0' encoding='UTF-8'?><Error><RequestId>%s</RequestId><Code>%s</Code><Message>%s</Message></Error>" % (RID, E, M), err())
vector("body/xml-no-declaration", "XML without a declaration.", 403,
       "<Error><RequestId>%s</RequestId><Code>%s</Code><Message>%s</Message></Error>" % (RID, E, M), err())
vector("body/xml-entities", "Entities in XML text are resolved: &amp; &lt; &gt; &quot; &apos; and character references.", 400,
       "<Error><RequestId>%s</RequestId><Code>InvalidParameter</Code><Message>a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos; &#39;f&#39; &#x4E2D;</Message></Error>" % RID,
       expected("api_error", 400, RID, "InvalidParameter", "a & b <c> \"d\" 'e' 'f' \u4e2d", retry="fail"))
vector("body/xml-cdata-with-markup", "CDATA keeps markup characters literally.", 400,
       "<Error><RequestId>%s</RequestId><Code>InvalidParameter</Code><Message><![CDATA[a <b> & c]]></Message></Error>" % RID,
       expected("api_error", 400, RID, "InvalidParameter", "a <b> & c", retry="fail"))
vector("body/xml-whitespace-around-text",
       "Pretty-printed XML with line breaks and indentation around each value: the XML whitespace around an element's text is "
       "formatting, not content, so it is trimmed (whitespace inside the text is kept).", 403,
       "<Error>\n  <RequestId>\n    %s\n  </RequestId>\n  <Code>\n\t%s\n  </Code>\n  <Message> %s </Message>\n</Error>" % (RID, E, M), err())
vector("body/xml-unknown-elements", "Unknown elements, nested ones included, are skipped.", 403,
       "<Error><Extra><Code>Nested.Ignored</Code></Extra><RequestId>%s</RequestId><Code>%s</Code><Message>%s</Message><Tail/></Error>" % (RID, E, M), err())
vector("body/xml-lowercase-elements", "Element names match case-insensitively: <code>, <message>, <requestId>.", 403,
       "<Error><requestId>%s</requestId><code>%s</code><message>%s</message></Error>" % (RID, E, M), err())
vector("body/xml-response-root-with-code", "A root ending in Response may carry an error code too (a 2xx with a code is an error).", 200,
       "<DeleteInstanceResponse><RequestId>%s</RequestId><Code>InternalError</Code><Message>boom</Message></DeleteInstanceResponse>" % RID,
       expected("api_error", 200, RID, "InternalError", "boom", retry="check"))
vector("body/xml-other-root", "A root that is neither Error nor ...Response is not readable; 400 without a known code falls back on `fail`.", 400,
       "<Foo><Code>%s</Code></Foo>" % E, expected("unparseable", 400, retry="fail"))
vector("body/xml-truncated", "A truncated XML document is not readable; a 500 falls back on `check`.", 500,
       "<Error><RequestId>%s</RequestId><Code>InternalError</Code>" % RID, expected("unparseable", 500, retry="check"))
vector("body/xml-mismatched-tags", "Mismatched tags are not well-formed XML.", 400,
       "<Error><Code>%s</Message></Error>" % E, expected("unparseable", 400, retry="fail"))
vector("body/xml-two-roots", "Two root elements are not one document.", 400,
       "<Error><Code>%s</Code></Error><Error/>" % E, expected("unparseable", 400, retry="fail"))
vector("body/xml-undefined-entity", "An undefined entity is not well-formed XML.", 400,
       "<Error><Code>%s</Code><Message>&nbsp;</Message></Error>" % E, expected("unparseable", 400, retry="fail"))
deep = "<a>" * 3000 + "</a>" * 3000
vector("body/xml-deeply-nested-unknown", "3000 nested unknown elements are skipped without trouble; the code is still read.", 403,
       "<Error>%s<RequestId>%s</RequestId><Code>%s</Code><Message>%s</Message></Error>" % (deep, RID, E, M), err())
vector("body/json-lowercase-keys", "Lowercase keys, seen in the wild: code, message, requestId.", 403,
       json.dumps({"requestId": RID, "code": E, "message": M}), err())
vector("body/json-exact-case-wins-after", "Both code and Code: the exact-case key wins even when it comes second.", 403,
       '{"RequestId":"%s","code":"Other.Code","Code":"%s","Message":"%s"}' % (RID, E, M), err())
vector("body/json-exact-case-wins-before", "Both Code and code: the exact-case key wins when it comes first.", 403,
       '{"RequestId":"%s","Code":"%s","code":"Other.Code","Message":"%s"}' % (RID, E, M), err())
vector("body/json-numeric-code", "A numeric Code is written in decimal; 404 is not a known code, so the status decides: 404 is `fail`.", 404,
       json.dumps({"RequestId": RID, "Code": 404, "Message": "not found"}),
       expected("api_error", 404, RID, "404", "not found", retry="fail"))
vector("body/json-numeric-code-200-success", "A numeric Code 200 on a 2xx is a success.", 200,
       json.dumps({"RequestId": RID, "Code": 200}), expected("success", 200, RID, "200"))
# Hostile but legal JSON: a field the envelope does not need never costs the code (issue 15).
vector("body/json-lone-surrogate-in-message-keeps-throttling",
       "A message cut inside an emoji (a lone \\ud83d escape) is legal for Python's json.loads: the code is read, "
       "Throttling is `retry` and throttled; the lone surrogate reads as U+FFFD.", 400,
       '{"Code":"Throttling","Message":"Too many \\ud83d"}',
       expected("api_error", 400, None, "Throttling", "Too many \ufffd", retry="retry", throttled=True))
vector("body/json-numeric-code-thirty-digits", "A 30-digit numeric Code is kept as the exact decimal text sent, never "
       "rounded through a double; unknown, so the status decides (400 `fail`).", 400,
       '{"RequestId":"%s","Code":123456789012345678901234567890}' % RID,
       expected("api_error", 400, RID, "123456789012345678901234567890", retry="fail"))
vector("body/json-numeric-code-exponent-kept", "A numeric Code 1E2 is kept as written, not turned into 100 or 100.0.", 400,
       '{"RequestId":"%s","Code":1E2}' % RID, expected("api_error", 400, RID, "1E2", retry="fail"))
vector("body/json-numeric-code-fraction-kept", "A numeric Code -0.50 is kept as written.", 400,
       '{"RequestId":"%s","Code":-0.50}' % RID, expected("api_error", 400, RID, "-0.50", retry="fail"))
vector("body/json-exact-case-null-yields-to-other-spelling", "Code is null and code is X: a value without text (null or "
       "empty) is as if the key were absent, so the other spelling gives the code.", 403,
       '{"RequestId":"%s","Code":null,"code":"%s","Message":"%s"}' % (RID, E, M), err())
vector("body/json-other-spelling-then-exact-null", "code X, then Code null: the null does not displace the value.", 403,
       '{"RequestId":"%s","code":"%s","Code":null,"Message":"%s"}' % (RID, E, M), err())
vector("body/json-exact-case-empty-yields", "Code is empty and CODE has a value: the empty string is as if absent.", 403,
       '{"RequestId":"%s","Code":"","CODE":"%s","Message":"%s"}' % (RID, E, M), err())
vector("body/json-repeated-exact-key-last-wins", "Code twice: the later wins, as in Python's json.loads.", 403,
       '{"RequestId":"%s","Code":"Other.Code","Message":"%s","Code":"%s"}' % (RID, M, E), err())
vector("body/json-repeated-other-spelling-last-wins", "code then CODE, no exact-case key: the later of equal rank wins.", 403,
       '{"RequestId":"%s","code":"Other.Code","CODE":"%s","Message":"%s"}' % (RID, E, M), err())
vector("body/json-exact-case-beats-later-other-spelling", "Code then a later code: exact case outranks order.", 403,
       '{"RequestId":"%s","Code":"%s","code":"Other.Code","Message":"%s"}' % (RID, E, M), err())
vector("body/json-raw-control-character-in-message", "A raw tab and a raw newline inside the message: json.loads refuses "
       "them by default, but a field the envelope only carries is never a reason to drop the code; they are kept.", 403,
       '{"RequestId":"%s","Code":"%s","Message":"a\tb\nc"}' % (RID, E),
       expected("api_error", 403, RID, E, "a\tb\nc", retry="retry"))
vector("body/json-nan-and-huge-numbers-elsewhere", "NaN, -Infinity and 1e400 in unknown fields, and 600 levels of "
       "nesting (deeper than serde_json's default limit, within Python's): the code is read.", 403,
       '{"A":NaN,"B":-Infinity,"C":1e400,"D":%s,"RequestId":"%s","Code":"%s","Message":"%s"}'
       % ("[" * 600 + "]" * 600, RID, E, M), err())
vector("body/json-code-ok-success", "Code OK on a 2xx is a success, and the code is reported as sent.", 200,
       json.dumps({"RequestId": RID, "Code": "OK"}), expected("success", 200, RID, "OK"))
vector("body/json-code-success-word", "Code Success on a 2xx is a success.", 200,
       json.dumps({"RequestId": RID, "Code": "Success", "Message": "done"}), expected("success", 200, RID, "Success"))
vector("body/json-2xx-with-error-code", "A 2xx whose body carries an error code is an error; InternalError decides `check`.", 200,
       json.dumps({"RequestId": RID, "Code": "InternalError", "Message": "boom"}),
       expected("api_error", 200, RID, "InternalError", "boom", retry="check"))
vector("body/json-bom", "A UTF-8 BOM before the JSON is stripped.", 403, "\ufeff" + plain(), err())
vector("body/xml-bom-and-whitespace", "A BOM and surrounding whitespace around XML are stripped.", 403,
       "\ufeff \r\n<Error><RequestId>%s</RequestId><Code>%s</Code><Message>%s</Message></Error>\n\n" % (RID, E, M), err())
vector("body/json-unknown-fields", "Unknown extra fields of any type are ignored.", 403,
       json.dumps({"Extra": {"Code": "Nested.Ignored", "x": [1, 2, {"y": None}]}, "RequestId": RID, "Flag": True,
                   "Code": E, "Message": M, "Count": 3.5}), err())
vector("body/json-array", "A JSON array is not an object: not readable; a 400 falls back on `fail`.", 400,
       '[{"Code":"%s"}]' % E, expected("unparseable", 400, retry="fail"))
vector("body/json-truncated", "A truncated JSON document is not readable.", 400,
       '{"RequestId":"%s","Code":"%s"' % (RID, E), expected("unparseable", 400, retry="fail"))
vector("body/json-trailing-garbage", "Text after the JSON object makes the document unreadable.", 400,
       plain() + " x", expected("unparseable", 400, retry="fail"))
vector("body/json-deeply-nested-unknown", "5000 nested arrays in an unknown field are well-formed JSON: skipped, and the code is read.", 403,
       '{"RequestId":"%s","Code":"%s","Deep":%s%s,"Message":"%s"}' % (RID, E, "[" * 5000, "]" * 5000, M), err())
vector("body/json-deeply-nested-truncated", "Deep nesting that never closes does not parse: unreadable.", 400,
       '{"RequestId":"%s","Code":"%s","Deep":%s' % (RID, E, "[" * 5000), expected("unparseable", 400, retry="fail"))
vector("body/json-message-percent-s", "A literal %s left in a Message is kept as sent.", 403,
       json.dumps({"RequestId": RID, "Code": "InvalidOperation.DeletionProtection", "Message": "%s"}),
       expected("api_error", 403, RID, "InvalidOperation.DeletionProtection", "%s", retry="fail"))
vector("body/json-null-and-empty-fields", "A JSON null Message and an empty HostId are reported as null.", 403,
       json.dumps({"RequestId": RID, "HostId": "", "Code": E, "Message": None}),
       expected("api_error", 403, RID, E, None, None, retry="retry"))
vector("body/json-escaped-strings", "JSON escapes in values are decoded.", 400,
       '{"RequestId":"%s","Code":"InvalidParameter","Message":"line\\nbreak \\"q\\" \\u00e9"}' % RID,
       expected("api_error", 400, RID, "InvalidParameter", "line\nbreak \"q\" \u00e9", retry="fail"))
vector("body/not-json-or-xml", "A plain-text body is not readable; a 400 falls back on `fail`.", 400,
       "Bad Request", expected("unparseable", 400, retry="fail"))
vector("body/invalid-utf8-400", "Bytes that are not UTF-8 are not readable.", 400, None,
       expected("unparseable", 400, retry="fail"), raw=b'{"Code":"\xff\xfe"}')
vector("body/invalid-utf8-200", "A 2xx whose body cannot be read falls back on `check`: the outcome is unknown.", 200, None,
       expected("unparseable", 200, retry="check"), raw=b"\xc3\x28")

# ------------------------------------------------------------------ empty bodies, gateway pages, status fallback
vector("status/empty-200", "A 2xx with an empty body is a success.", 200, "", expected("success", 200))
vector("status/whitespace-200", "A 2xx with a whitespace-only body is a success.", 200, " \r\n\t ", expected("success", 200))
vector("status/empty-200-header-request-id", "The request id comes from x-acs-request-id when the body has none.", 200, "",
       expected("success", 200, "7B7813C6-57BF-41XX-B12B-F172F65A6046"),
       headers=[("x-acs-request-id", "7B7813C6-57BF-41XX-B12B-F172F65A6046")])
vector("status/empty-500", "An empty 500 is not readable; 5xx falls back on `check`.", 500, "", expected("unparseable", 500, retry="check"))
vector("status/empty-404", "An empty 404 is not readable; 404 falls back on `fail`.", 404, "", expected("unparseable", 404, retry="fail"))
gateway = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n"
vector("status/html-502", "An HTML gateway page with 502 is unparseable; 5xx falls back on `check`.", 502, gateway,
       expected("unparseable", 502, retry="check"), headers=[("Content-Type", "text/html")])
vector("status/html-429", "An HTML throttling page with 429: unparseable, `retry`, and throttled (no known code, status 429).", 429,
       "<!DOCTYPE html><html><body>Too Many Requests</body></html>", expected("unparseable", 429, retry="retry", throttled=True))
vector("status/html-504-request-id-header", "A 504 gateway page: `check`, with the request id from the header (name in any case).", 504,
       "<html><body>Gateway Timeout</body></html>", expected("unparseable", 504, "GW-1234", retry="check"),
       headers=[("X-Acs-Request-Id", "GW-1234")])
vector("status/unknown-code-503", "An unknown code falls back on the status: 503 is `check`.", 503,
       json.dumps({"RequestId": RID, "Code": "Some.New.Code", "Message": "m"}), expected("api_error", 503, RID, "Some.New.Code", "m", retry="check"))
vector("status/unknown-code-429", "An unknown code with 429: `retry`, and throttled because no known code decides.", 429,
       json.dumps({"RequestId": RID, "Code": "Some.New.Code", "Message": "m"}),
       expected("api_error", 429, RID, "Some.New.Code", "m", retry="retry", throttled=True))
vector("status/unknown-code-400", "An unknown code with 400 falls back on `fail`.", 400,
       json.dumps({"RequestId": RID, "Code": "Some.New.Code"}), expected("api_error", 400, RID, "Some.New.Code", retry="fail"))
vector("status/unknown-code-2xx", "An unknown code on a readable 2xx is an error; a readable 2xx falls back on `fail`.", 200,
       json.dumps({"RequestId": RID, "Code": "Some.New.Code"}), expected("api_error", 200, RID, "Some.New.Code", retry="fail"))
vector("status/known-code-overrides-429", "A known code decides by itself: IncorrectInstanceStatus with 429 is `retry` but not throttled.", 429,
       plain(), err(429))
vector("status/invalid-parameter-on-500", "InvalidParameter documented under 500 for DeleteInstances: the code decides `fail`, not the status.", 500,
       json.dumps({"RequestId": RID, "Code": "InvalidParameter", "Message": "bad"}),
       expected("api_error", 500, RID, "InvalidParameter", "bad", retry="fail"), action="DeleteInstances")
vector("status/family-member-throttling", "An unlisted member of the Throttling family: `retry`, throttled.", 400,
       json.dumps({"RequestId": RID, "Code": "Throttling.Resource"}),
       expected("api_error", 400, RID, "Throttling.Resource", retry="retry", throttled=True))
vector("status/family-member-internal-error", "An unlisted member of the InternalError family: `check`.", 400,
       json.dumps({"RequestId": RID, "Code": "InternalError.Timeout"}), expected("api_error", 400, RID, "InternalError.Timeout", retry="check"))
vector("status/readable-without-code-500", "A readable body without a code outside 2xx is unparseable; its RequestId is still reported.", 500,
       json.dumps({"RequestId": RID, "Message": "no code"}), expected("unparseable", 500, RID, retry="check"))
# NaN, Infinity and -Infinity are not JSON: read (Python's json reads them), but no field's text.
vector("status/json-code-nan-400", "A Code of NaN is no code (NaN is not JSON, and has no decimal spelling): a readable "
       "body without a code outside 2xx is unparseable, `fail`; its RequestId is still reported.", 400,
       '{"RequestId": "%s", "Code": NaN, "Message": "m"}' % RID, expected("unparseable", 400, RID, retry="fail"))
vector("status/json-code-infinity-200", "A Code of Infinity on a 2xx is no code: a success.", 200,
       '{"RequestId": "%s", "Code": Infinity}' % RID, expected("success", 200, RID))
vector("status/json-code-minus-infinity-503", "A Code of -Infinity on a 503 is no code: unparseable, `check`.", 503,
       '{"RequestId": "%s", "Code": -Infinity}' % RID, expected("unparseable", 503, RID, retry="check"))
vector("status/readable-without-code-403", "A readable XML Error without a code, status 403: unparseable, `fail`.", 403,
       "<Error><RequestId>%s</RequestId></Error>" % RID, expected("unparseable", 403, RID, retry="fail"))

# ------------------------------------------------------------------ request ids, headers
vector("header/request-id-empty-in-body", "An empty body RequestId falls back on the header.", 403,
       json.dumps({"RequestId": "", "Code": E, "Message": M}), expected("api_error", 403, "HDR-1", E, M, retry="retry"),
       headers=[("x-acs-request-id", "HDR-1")])
vector("header/request-id-numeric-in-body", "A numeric RequestId is not a string: the header is used.", 403,
       json.dumps({"RequestId": 12345, "Code": E, "Message": M}), expected("api_error", 403, "HDR-2", E, M, retry="retry"),
       headers=[("X-ACS-REQUEST-ID", "HDR-2")])
vector("header/body-request-id-beats-header", "The body's RequestId wins over the header.", 403, plain(), err(),
       headers=[("x-acs-request-id", "HDR-3")])
vector("header/first-request-id-header", "Of two x-acs-request-id headers, the first is used.", 200, "",
       expected("success", 200, "FIRST"), headers=[("x-acs-request-id", "FIRST"), ("X-Acs-Request-Id", "SECOND")])
vector("header/retry-after", "x-acs-retry-after: 5 on throttling.", 400,
       json.dumps({"RequestId": RID, "Code": "Throttling.User", "Message": "slow down"}),
       expected("api_error", 400, RID, "Throttling.User", "slow down", retry="retry", throttled=True, retry_after=5),
       headers=[("X-Acs-Retry-After", "5")])
for slug, value, after in [("plus-sign", "+5", None), ("two-to-the-63", "9223372036854775808", 9223372036854775808),
                          ("largest", "18446744073709551615", 18446744073709551615),
                          ("two-to-the-64", "18446744073709551616", None), ("padded", " 7 ", 7), ("empty", "", None)]:
    vector("header/retry-after-" + slug, "x-acs-retry-after %r: ASCII digits only (no sign), of a value that fits 64 "
           "bits unsigned, else null: %s." % (value, after), 400,
           json.dumps({"RequestId": RID, "Code": "Throttling", "Message": "slow down"}),
           expected("api_error", 400, RID, "Throttling", "slow down", retry="retry", throttled=True, retry_after=after),
           headers=[("x-acs-retry-after", value)])
vector("header/retry-after-not-integer", "An x-acs-retry-after that is not an integer is null.", 400,
       json.dumps({"RequestId": RID, "Code": "Throttling", "Message": "slow down"}),
       expected("api_error", 400, RID, "Throttling", "slow down", retry="retry", throttled=True),
       headers=[("x-acs-retry-after", "1.5")])

# ------------------------------------------------------------------ RAM denials
detail = {"PolicyType": "AccountLevelIdentityBasedPolicy", "AuthPrincipalOwnerId": "1234567890123456",
          "EncodedDiagnosticMessage": "AQFn2fYYZ2fYGEFFQkIwRDA2LTQwRjctNUQ3RC05NjY0LTQ1NkM2RjFFOEUzNw==",
          "AuthPrincipalType": "SubUser", "AuthPrincipalDisplayName": "ops-bot", "NoPermissionType": "ImplicitDeny",
          "AuthAction": "ecs:DeleteInstance"}
ram_msg = "You are not authorized to operate on the specified resource."
vector("ram/detail-object", "Forbidden.RAM with AccessDeniedDetail as an object: auth_action from AuthAction.", 403,
       json.dumps({"RequestId": RID, "Code": "Forbidden.RAM", "Message": ram_msg, "AccessDeniedDetail": detail}),
       expected("api_error", 403, RID, "Forbidden.RAM", ram_msg, retry="fail", auth_action="ecs:DeleteInstance"))
vector("ram/detail-json-string", "AccessDeniedDetail as a JSON-encoded string, seen in the wild.", 403,
       json.dumps({"RequestId": RID, "Code": "NoPermission", "Message": ram_msg, "AccessDeniedDetail": json.dumps(detail)}),
       expected("api_error", 403, RID, "NoPermission", ram_msg, retry="fail", auth_action="ecs:DeleteInstance"))
vector("ram/detail-lowercase-keys", "accessDeniedDetail and its fields in lower camel case match case-insensitively.", 400,
       json.dumps({"requestId": RID, "code": "Forbidden.RAM", "message": ram_msg,
                   "accessDeniedDetail": {"authAction": "ecs:DeleteInstances", "policyType": "x"}}),
       expected("api_error", 400, RID, "Forbidden.RAM", ram_msg, retry="fail", auth_action="ecs:DeleteInstances"),
       action="DeleteInstances")
vector("ram/detail-xml", "AccessDeniedDetail in XML, one level below the root.", 403,
       "<Error><RequestId>%s</RequestId><Code>Forbidden.RAM</Code><Message>%s</Message><AccessDeniedDetail>"
       "<PolicyType>AccountLevelIdentityBasedPolicy</PolicyType><AuthAction>ecs:DeleteInstance</AuthAction>"
       "</AccessDeniedDetail></Error>" % (RID, ram_msg),
       expected("api_error", 403, RID, "Forbidden.RAM", ram_msg, retry="fail", auth_action="ecs:DeleteInstance"))
vector("ram/detail-bad-string", "An AccessDeniedDetail string that is not JSON carries no detail; the error is still read.", 403,
       json.dumps({"RequestId": RID, "Code": "Forbidden.RAM", "Message": ram_msg, "AccessDeniedDetail": "not json"}),
       expected("api_error", 403, RID, "Forbidden.RAM", ram_msg, retry="fail"))

# ------------------------------------------------------------------ signature errors
sts = "POST&%2F&AccessKeyId%3Dtestid%26Action%3DDeleteInstance%26Format%3DJSON%26InstanceId%3Di-bp1g6zv0ce8oghu7k2zz"
sig_msg = "Specified signature is not matched with our calculation. server string to sign is:" + sts
vector("signature/server-string-to-sign", "SignatureDoesNotMatch whose message ends with the server's string to sign: kept whole in message.", 400,
       json.dumps({"RequestId": RID, "HostId": HOST, "Code": "SignatureDoesNotMatch", "Message": sig_msg, "Recommend": RECOMMEND}),
       expected("api_error", 400, RID, "SignatureDoesNotMatch", sig_msg, HOST, RECOMMEND, "fail"))
vector("signature/incomplete-xml", "IncompleteSignature in XML with the server string to sign (entities in the string resolved).", 400,
       "<Error><RequestId>%s</RequestId><Code>IncompleteSignature</Code><Message>The request signature does not conform to "
       "Aliyun standards. server string to sign is:%s</Message></Error>" % (RID, xml_escape(sts)),
       expected("api_error", 400, RID, "IncompleteSignature",
                "The request signature does not conform to Aliyun standards. server string to sign is:" + sts, retry="fail"))

# ------------------------------------------------------------------ echoed secrets (SPEC.md 3.4)
# Each expected text is written out by hand from the redaction rule of SPEC.md section 3.4: the
# name stays, its value (the run of A-Z a-z 0-9 + / = % _ . ~ -, ended early by the pair's or
# line's end at the separator's encoding level) becomes "** redacted **".
vector("redaction/query-token", "A message echoing a query: SecurityToken=<value> up to the next &; the name and the rest stay.",
       400, json.dumps({"RequestId": RID, "Code": "InvalidSecurityToken.Malformed",
                        "Message": "bad token in AccessKeyId=k&SecurityToken=CAIS+gF1q6/Ft5B2y==&Version=2014-05-26"}),
       expected("api_error", 400, RID, "InvalidSecurityToken.Malformed",
                "bad token in AccessKeyId=k&SecurityToken=** redacted **&Version=2014-05-26", retry="fail"))
vector("redaction/json-member", "A message echoing a JSON member: after the key's closing quote, ': ' and the opening quote.",
       400, json.dumps({"RequestId": RID, "Code": "InvalidParameter",
                        "Message": 'request {"SecurityToken": "CAIStok/en+1==", "x": 1} refused'}),
       expected("api_error", 400, RID, "InvalidParameter", 'request {"SecurityToken": "** redacted **", "x": 1} refused', retry="fail"))
vector("redaction/string-to-sign", "A server string to sign: Signature%3D<value> ends at %26, the pair's end encoded once.",
       400, json.dumps({"RequestId": RID, "Code": "SignatureDoesNotMatch",
                        "Message": "server string to sign is:GET&%2F&Signature%3DAbC%252Bd%253D%26Timestamp%3D2026"}),
       expected("api_error", 400, RID, "SignatureDoesNotMatch",
                "server string to sign is:GET&%2F&Signature%3D** redacted **%26Timestamp%3D2026", retry="fail"))
vector("redaction/header-line-in-recommend", "Recommend echoing header lines: x-acs-security-token:<value> up to the line's end; "
       "the name matches in any case.", 400,
       json.dumps({"RequestId": RID, "Code": "InvalidParameter", "Message": "m",
                   "Recommend": "X-Acs-Security-Token:tok/1+2==\nhost:ecs.aliyuncs.com"}),
       expected("api_error", 400, RID, "InvalidParameter", "m", recommend="X-Acs-Security-Token:** redacted **\nhost:ecs.aliyuncs.com",
                retry="fail"))
vector("redaction/xml-host-id", "An XML HostId echoing a URL: Signature=<value> up to the next &.", 400,
       "<Error><RequestId>%s</RequestId><HostId>ecs.aliyuncs.com/?Signature=xyz%%2B1%%3D&amp;a=1</HostId>"
       "<Code>InvalidParameter</Code></Error>" % RID,
       expected("api_error", 400, RID, "InvalidParameter", host_id="ecs.aliyuncs.com/?Signature=** redacted **&a=1", retry="fail"))


def main():
    ids = [v["id"] for v in VECTORS]
    assert len(ids) == len(set(ids)), "duplicate ids"
    doc = {"schema": "ecs-delete-vectors/1", "suite": "response",
           "description": "Response decoding, hand-derived from the response rules of conformance/SPEC.md and docs/protocol.md section 4. "
                          "Written by conformance/generators/response_vectors.py.",
           "vectors": VECTORS}
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print("%d vectors -> %s" % (len(VECTORS), os.path.relpath(OUT)))


if __name__ == "__main__":
    main()
