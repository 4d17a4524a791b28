//! Why a request is refused, and what a linter notes on one it accepts.

use std::fmt;

use crate::request::RequestError;
use crate::rpc::common::*;

/// Why a request would be refused. [`VerifyError::code`] gives the schema's code and
/// [`VerifyError::parameter`] the parameter (V1) or header (V3) at fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The query or body is not well-formed `application/x-www-form-urlencoded`, or repeats a
    /// common parameter.
    #[error("malformed query: {reason}")]
    MalformedQuery {
        /// The repeated common parameter, when that is the problem.
        parameter: Option<String>,
        /// What is wrong.
        reason: &'static str,
    },
    /// A header the verifier reads one value from was sent more than once (V3):
    /// `x-acs-date`, `x-acs-signature-nonce`, `x-acs-action`, `x-acs-version`, the body hash
    /// header, `host` or `Authorization`. The canonical request joins a repeated header's
    /// values, so the value checked and the value signed would differ.
    #[error("header `{header}` is sent more than once")]
    RepeatedHeader {
        /// The first such header, in that order, lower-case.
        header: &'static str,
    },
    /// No signature: no `Signature` parameter (V1), or an `Authorization` header without one
    /// (V3).
    #[error("the request carries no signature (`{parameter}`)")]
    MissingSignature {
        /// `Signature` or `Authorization`.
        parameter: &'static str,
    },
    /// A required common parameter (V1), `Authorization` field or header (V3) is absent.
    #[error("required `{parameter}` is missing")]
    MissingParameter {
        /// Its name.
        parameter: &'static str,
    },
    /// A header that must be signed is not listed in `SignedHeaders` (V3): `host`,
    /// `content-type` when present, and every `x-acs-*` header present. Without this check a
    /// signature over fewer headers would let the date and the nonce be rewritten.
    #[error("header `{header}` is sent but not signed")]
    UnsignedHeader {
        /// The first such header: `host`, then `content-type`, then the `x-acs-*` ones sorted.
        header: String,
    },
    /// `SignatureMethod` is not `HMAC-SHA1` (V1), or the algorithm of `Authorization` is none
    /// of `ACS3-HMAC-SHA256`, `ACS3-HMAC-SM3`, `ACS3-RSA-SHA256` (V3).
    #[error("signature method {found:?} is not supported")]
    UnsupportedSignatureMethod {
        /// `SignatureMethod` or `Authorization`.
        parameter: &'static str,
        /// What was sent.
        found: String,
    },
    /// `SignatureVersion` is not `1.0`.
    #[error("signature version {found:?} is not supported")]
    UnsupportedSignatureVersion {
        /// What was sent.
        found: String,
    },
    /// The action is neither DeleteInstance nor DeleteInstances.
    #[error("action {found:?} is not DeleteInstance or DeleteInstances")]
    UnsupportedAction {
        /// `Action` or `x-acs-action`.
        parameter: &'static str,
        /// What was sent.
        found: String,
    },
    /// The version is not `2014-05-26`.
    #[error("API version {found:?} is not 2014-05-26")]
    UnsupportedVersion {
        /// `Version` or `x-acs-version`.
        parameter: &'static str,
        /// What was sent.
        found: String,
    },
    /// The signature does not match the one computed with the account's key, or the account has
    /// no key of the request's algorithm (for V3, also when the body does not hash to the body
    /// hash header). It carries what the server signed, any
    /// STS token redacted, to compare by hand with what the client signed; its message shows
    /// the canonical request (V3) or the string to sign (V1).
    #[error("the signature does not match; {}", server_text(string_to_sign, canonical_request.as_deref()))]
    SignatureMismatch {
        /// The server's string to sign: V1 the method and the canonical query encoded once
        /// more; V3 the algorithm and the hex SHA-256 of the canonical request.
        string_to_sign: String,
        /// V3: the server's canonical request, which the string to sign holds the hash of.
        canonical_request: Option<String>,
    },
    /// The HTTP method is neither `GET` nor `POST` (only an `http::Request` can carry another:
    /// [`Verifier::verify_http`](super::Verifier::verify_http)).
    #[error("HTTP method {found:?} is not GET or POST")]
    UnsupportedMethod {
        /// What was sent.
        found: String,
    },
    /// The timestamp is not `YYYY-MM-DDThh:mm:ssZ`.
    #[error("`{parameter}` is not of the form YYYY-MM-DDThh:mm:ssZ")]
    InvalidTimestamp {
        /// `Timestamp` or `x-acs-date`.
        parameter: &'static str,
    },
    /// The timestamp is further from `now` than the allowed skew.
    #[error("`{parameter}` is {seconds} s away from now, more than the {max} s allowed")]
    TimestampSkew {
        /// `Timestamp` or `x-acs-date`.
        parameter: &'static str,
        /// The difference.
        seconds: u64,
        /// The allowed skew.
        max: u64,
    },
    /// The operation parameters break the request rules.
    #[error(transparent)]
    Request(#[from] RequestError),
}

impl VerifyError {
    /// The stable code of the conformance schema.
    pub fn code(&self) -> &'static str {
        match self {
            VerifyError::MalformedQuery { .. } => "malformed_query",
            VerifyError::RepeatedHeader { .. } => "repeated_header",
            VerifyError::MissingSignature { .. } => "missing_signature",
            VerifyError::MissingParameter { .. } => "missing_parameter",
            VerifyError::UnsignedHeader { .. } => "unsigned_header",
            VerifyError::UnsupportedSignatureMethod { .. } => "unsupported_signature_method",
            VerifyError::UnsupportedSignatureVersion { .. } => "unsupported_signature_version",
            VerifyError::UnsupportedAction { .. } => "unsupported_action",
            VerifyError::UnsupportedVersion { .. } => "unsupported_version",
            VerifyError::SignatureMismatch { .. } => "signature_mismatch",
            VerifyError::UnsupportedMethod { .. } => "unsupported_method",
            VerifyError::InvalidTimestamp { .. } => "invalid_timestamp",
            VerifyError::TimestampSkew { .. } => "timestamp_skew",
            VerifyError::Request(e) => e.code(),
        }
    }

    /// The wire name of the one parameter or header at fault, when there is one.
    pub fn parameter(&self) -> Option<&str> {
        match self {
            VerifyError::MalformedQuery { parameter, .. } => parameter.as_deref(),
            VerifyError::UnsignedHeader { header } => Some(header),
            VerifyError::UnsupportedSignatureVersion { .. } => Some(SIGNATURE_VERSION),
            VerifyError::MissingSignature { parameter }
            | VerifyError::RepeatedHeader { header: parameter }
            | VerifyError::MissingParameter { parameter }
            | VerifyError::UnsupportedSignatureMethod { parameter, .. }
            | VerifyError::UnsupportedAction { parameter, .. }
            | VerifyError::UnsupportedVersion { parameter, .. }
            | VerifyError::InvalidTimestamp { parameter }
            | VerifyError::TimestampSkew { parameter, .. } => Some(parameter),
            VerifyError::SignatureMismatch { .. } | VerifyError::UnsupportedMethod { .. } => None,
            VerifyError::Request(e) => e.parameter(),
        }
    }
}

/// What a mismatch shows of the server's side: the canonical request, when there is one (V3: the
/// string to sign is only its hash), the string to sign otherwise.
fn server_text(string_to_sign: &str, canonical_request: Option<&str>) -> String {
    match canonical_request {
        Some(text) => format!("the server's canonical request is {text:?}"),
        None => format!("the server's string to sign is {string_to_sign:?}"),
    }
}

/// A spelling the service accepts but a canonical signer would not write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LintKind {
    /// `+` for a space (tea-openapi writes it so).
    PlusForSpace,
    /// Lower-case hex in a `%xx` escape.
    LowercaseHex,
    /// An unreserved character escaped, or a reserved one left raw.
    NonCanonicalEncoding,
    /// A parameter after one that sorts later.
    OutOfOrder,
}

impl LintKind {
    /// The kind's name in snake case (`plus_for_space`, `lowercase_hex`,
    /// `non_canonical_encoding`, `out_of_order`), as JSON outputs write it.
    pub fn as_str(self) -> &'static str {
        match self {
            LintKind::PlusForSpace => "plus_for_space",
            LintKind::LowercaseHex => "lowercase_hex",
            LintKind::NonCanonicalEncoding => "non_canonical_encoding",
            LintKind::OutOfOrder => "out_of_order",
        }
    }

    /// The kinds found while decoding one pair, in the order they are reported for it.
    pub(crate) const ENCODING: [LintKind; 3] = [
        LintKind::PlusForSpace,
        LintKind::LowercaseHex,
        LintKind::NonCanonicalEncoding,
    ];

    /// One bit per kind, for a set of them in a byte.
    pub(crate) const fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// One non-canonical spelling, and the parameter it was found in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Lint {
    /// What was found.
    pub kind: LintKind,
    /// Where.
    pub parameter: String,
}

impl fmt::Display for LintKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            LintKind::PlusForSpace => "`+` written for a space",
            LintKind::LowercaseHex => "lower-case hex in a percent escape",
            LintKind::NonCanonicalEncoding => {
                "an unreserved character escaped or a reserved one left raw"
            }
            LintKind::OutOfOrder => "parameters out of canonical order",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each lint kind reads as a phrase of its own.
    #[test]
    fn lint_kinds_read_as_phrases() {
        let shown = [
            LintKind::PlusForSpace,
            LintKind::LowercaseHex,
            LintKind::NonCanonicalEncoding,
            LintKind::OutOfOrder,
        ]
        .map(|kind| kind.to_string());
        assert_eq!(
            shown,
            [
                "`+` written for a space",
                "lower-case hex in a percent escape",
                "an unreserved character escaped or a reserved one left raw",
                "parameters out of canonical order",
            ]
        );
    }
}
