//! The front door: the crate's own verifier, with the three checks only a service with state
//! can make (the account, its STS token, the nonce), each answered with the service's code.
//!
//! The verifier's checks that come before the signature do not depend on the secret: a request
//! is parsed ([`Verifier::parse`]), and a failure there answers as it is; then the account and
//! its token are checked, and the parsed request is verified with the account's secret.

use super::reply::Refusal;
use super::state::State;
use super::{HttpRequest, NonceStore};
use crate::request::{Action, RequestError};
use crate::rpc::Method;
use crate::time::Timestamp;
use crate::verify::{Verified, Verifier, VerifyError};

/// What the journal learns of a request, whether or not it was admitted.
#[derive(Debug, Clone, Default)]
pub(crate) struct Seen {
    pub(crate) action: Option<Action>,
    pub(crate) access_key_id: Option<String>,
    pub(crate) signature_version: Option<&'static str>,
    /// The lints of a request the verifier could parse, whatever its outcome.
    pub(crate) lints: Vec<super::JournalLint>,
}

/// `SignatureVersion` of V1, as the journal names it.
pub(crate) const V1: &str = "1.0";

/// The request's parameters as sent, read before anything is checked: the query's pairs, then
/// a form body's, names and values still encoded. Faults, the answer's format and the journal
/// read them; the checks read the request through the verifier.
pub(crate) fn raw_params(request: &HttpRequest) -> impl Iterator<Item = (&str, &str)> {
    let query = request.target.split_once('?').map_or("", |(_, q)| q);
    let form = request.form_body().unwrap_or("");
    query
        .split('&')
        .chain(form.split('&'))
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
}

/// The request's action, read before anything is checked (for faults and the journal).
pub(crate) fn action_of(request: &HttpRequest) -> Option<Action> {
    if request.is_v3() {
        return request.header("x-acs-action").and_then(Action::parse);
    }
    raw_params(request)
        .find(|(name, _)| *name == "Action")
        .and_then(|(_, value)| Action::parse(value))
}

/// The AccessKeyId a request names, read before anything is checked (for a fault's matcher):
/// V3's `Credential`, V1's `AccessKeyId`.
pub(crate) fn access_key_id_of(request: &HttpRequest) -> Option<String> {
    if let Some(authorization) = request.header("authorization") {
        let (_, rest) = authorization.split_once("Credential=")?;
        return Some(rest.split(',').next().unwrap_or_default().trim().to_owned());
    }
    raw_params(request)
        .find(|(name, _)| *name == "AccessKeyId")
        .map(|(_, value)| decoded(value))
}

/// Whether the request names `instance_id` in `InstanceId` or an `InstanceId.N`, read before
/// anything is checked (for a fault's matcher).
pub(crate) fn names_instance(request: &HttpRequest, instance_id: &str) -> bool {
    raw_params(request).any(|(name, value)| {
        let named = name == "InstanceId"
            || name
                .strip_prefix("InstanceId.")
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        named && decoded(value) == instance_id
    })
}

/// A parameter's value percent-decoded (a `+` read as a space, as the lenient reader does).
pub(crate) fn decoded(value: &str) -> String {
    let spaced = value.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8_lossy()
        .into_owned()
}

/// Runs every check of the front door, in the order of the contract; on success, the verified
/// request.
pub(crate) fn admit(
    request: &HttpRequest,
    state: &State,
    nonces: &mut NonceStore,
    now: &Timestamp,
    seen: &mut Seen,
) -> Result<Verified, Refusal> {
    let Some(method) = Method::parse(&request.method) else {
        let found = request.method.clone();
        return Err(refusal(&VerifyError::UnsupportedMethod { found }, false));
    };
    let v3 = request.is_v3();
    // V3: the algorithm `Authorization` names, when it is one of the three.
    seen.signature_version = if v3 {
        request
            .header("authorization")
            .and_then(|a| crate::verify::split_algorithm(a).0.parse().ok())
            .map(crate::Algorithm::as_str)
    } else {
        Some(V1)
    };
    let body = if v3 {
        Some(request.body.as_slice())
    } else {
        request.form_body().map(str::as_bytes)
    };
    // Every check that needs no secret answers as it is; after them, the account and then its
    // token are checked, right before the signature's own verdict.
    let parsed = Verifier::new()
        .parse(method, &request.target, &request.headers, body)
        .map_err(|e| refusal(&e, v3))?;
    seen.action = Some(parsed.action());
    seen.lints = parsed
        .lints()
        .iter()
        .map(|lint| super::JournalLint {
            kind: lint.kind.as_str(),
            parameter: lint.parameter.clone(),
        })
        .collect();
    let key_id = parsed.access_key_id();
    seen.access_key_id = Some(key_id.to_owned());
    let Some(account) = state.account(key_id) else {
        return Err(Refusal::new(
            404,
            "InvalidAccessKeyId.NotFound",
            "Specified access key is not found.",
        ));
    };
    match (&account.security_token, parsed.security_token()) {
        (Some(_), None) => {
            return Err(Refusal::new(
                400,
                "MissingSecurityToken",
                "The security token you provided is missing.",
            ));
        }
        (Some(want), Some(got)) if want != got => {
            return Err(Refusal::new(
                400,
                "InvalidSecurityToken.MismatchWithAccessKey",
                "The security token you provided does not match the access key.",
            ));
        }
        _ => {}
    }
    let key_id = key_id.to_owned();
    let nonce = parsed.signature_nonce().to_owned();
    let verdict = parsed.verify(account.keys(), Some(now));
    match &verdict {
        Err(VerifyError::SignatureMismatch { string_to_sign, .. }) => {
            // The service echoes what it signed: V1 its string to sign, V3 the hash of its
            // canonical request (the string to sign's last line).
            let echo = if v3 {
                string_to_sign.rsplit('\n').next().unwrap_or_default()
            } else {
                string_to_sign
            };
            return Err(signature_mismatch(echo));
        }
        Err(e @ (VerifyError::InvalidTimestamp { .. } | VerifyError::TimestampSkew { .. })) => {
            return Err(refusal(e, v3));
        }
        _ => {}
    }
    // The timestamp passed: the nonce is checked and remembered, whatever comes next.
    if !nonces.first_use(&key_id, &nonce, now) {
        return Err(Refusal::new(
            400,
            "SignatureNonceUsed",
            "Specified signature nonce was used already.",
        ));
    }
    verdict.map_err(|e| refusal(&e, v3))
}

fn signature_mismatch(server_text: &str) -> Refusal {
    Refusal::new(
        400,
        "SignatureDoesNotMatch",
        format!(
            "Specified signature is not matched with our calculation. server string to sign is:{server_text}"
        ),
    )
}

/// The service's answer to a verifier's refusal (the contract's mapping table).
pub(crate) fn refusal(e: &VerifyError, v3: bool) -> Refusal {
    let named = |what: &str| {
        e.parameter()
            .map_or(String::new(), |p| format!(" {what}: {p}"))
    };
    match e {
        VerifyError::MalformedQuery { .. }
        | VerifyError::UnsupportedSignatureVersion { .. }
        | VerifyError::RepeatedHeader { .. } => {
            Refusal::new(400, "InvalidParameter", format!("{e}."))
        }
        VerifyError::MissingSignature { .. } if v3 => Refusal::new(
            400,
            "IncompleteSignature",
            "The Authorization header cannot be read.",
        ),
        VerifyError::MissingParameter { parameter }
            if v3 && matches!(*parameter, "Credential" | "SignedHeaders") =>
        {
            Refusal::new(
                400,
                "IncompleteSignature",
                format!("The Authorization header has no {parameter}."),
            )
        }
        VerifyError::MissingSignature { .. } | VerifyError::MissingParameter { .. } => {
            Refusal::new(
                400,
                "MissingParameter",
                format!("A required parameter is missing.{}", named("parameter")),
            )
        }
        VerifyError::UnsignedHeader { header } => Refusal::new(
            400,
            "IncompleteSignature",
            format!("The header {header} must be signed."),
        ),
        VerifyError::UnsupportedSignatureMethod { .. } => Refusal::new(
            400,
            "InvalidSignatureMethod",
            "Specified signature method is not supported.",
        ),
        VerifyError::UnsupportedAction { .. } => Refusal::new(
            404,
            "InvalidAction.NotFound",
            "Specified api is not found, please check your url and method.",
        ),
        VerifyError::UnsupportedVersion { .. } => Refusal::new(
            400,
            "InvalidVersion",
            "Specified parameter Version is not valid.",
        ),
        VerifyError::SignatureMismatch { string_to_sign, .. } => signature_mismatch(string_to_sign),
        VerifyError::UnsupportedMethod { found } => Refusal::new(
            400,
            "UnsupportedHTTPMethod",
            format!("The HTTP method {found} is not supported."),
        ),
        VerifyError::InvalidTimestamp { .. } => Refusal::new(
            400,
            "InvalidTimeStamp.Format",
            "Specified time stamp or date value is not well formatted.",
        ),
        VerifyError::TimestampSkew { .. } => Refusal::new(
            400,
            "InvalidTimeStamp.Expired",
            "Specified time stamp or date value is expired.",
        ),
        VerifyError::Request(r) => request_refusal(r),
    }
}

/// The service's answer to a request rule's refusal.
pub(crate) fn request_refusal(e: &RequestError) -> Refusal {
    let parameter = e.parameter().unwrap_or("");
    match e.code() {
        "too_many_instance_ids" => Refusal::new(
            403,
            "InvalidParameter.TooManyInstanceIds",
            "The maximum number of instances is 100.",
        ),
        "missing_parameter" => Refusal::new(
            400,
            "MissingParameter",
            format!(
                "The input parameter \"{parameter}\" that is mandatory for processing this request is not supplied."
            ),
        ),
        _ => Refusal::new(
            400,
            "InvalidParameter",
            format!("The specified parameter \"{parameter}\" is not valid: {e}."),
        ),
    }
}
