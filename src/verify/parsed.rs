//! A request that passed every check needing no secret, waiting for its secret: of either
//! signature version, with the same questions and the same last step.

use std::fmt;

use super::{Keys, Lint, Verified, VerifyError, v1, v3};
use crate::SignatureVersion;
use crate::request::Action;
use crate::time::Timestamp;

/// A request that passed every check up to the signature: its AccessKeyId tells the caller
/// which secret to verify it with. It borrows the request's text (V3 reads the headers as
/// sent). Its `Debug` output shows no signature and no STS token.
#[derive(Clone, PartialEq, Eq)]
pub struct ParsedRequest<'a> {
    inner: Inner<'a>,
}

#[derive(Clone, PartialEq, Eq)]
#[expect(
    clippy::large_enum_variant,
    reason = "a parsed request lives for one call; boxing V3 would cost an allocation a request"
)]
enum Inner<'a> {
    V1(v1::Parsed),
    V3(v3::Parsed<'a>),
}

impl<'a> ParsedRequest<'a> {
    pub(super) fn v1(parsed: v1::Parsed) -> Self {
        ParsedRequest {
            inner: Inner::V1(parsed),
        }
    }

    pub(super) fn v3(parsed: v3::Parsed<'a>) -> Self {
        ParsedRequest {
            inner: Inner::V3(parsed),
        }
    }

    /// The signature version: V3 when the request carries an `Authorization` header.
    pub fn signature_version(&self) -> SignatureVersion {
        match &self.inner {
            Inner::V1(_) => SignatureVersion::V1,
            Inner::V3(_) => SignatureVersion::V3,
        }
    }

    /// The AccessKeyId (V1 `AccessKeyId`, V3 the `Credential` of `Authorization`), to look the
    /// secret up by.
    pub fn access_key_id(&self) -> &str {
        match &self.inner {
            Inner::V1(p) => p.access_key_id(),
            Inner::V3(p) => p.access_key_id(),
        }
    }

    /// The action.
    pub fn action(&self) -> Action {
        match &self.inner {
            Inner::V1(p) => p.action(),
            Inner::V3(p) => p.action(),
        }
    }

    /// The nonce (V1 `SignatureNonce`, V3 `x-acs-signature-nonce`), for a replay store.
    pub fn signature_nonce(&self) -> &str {
        match &self.inner {
            Inner::V1(p) => p.signature_nonce(),
            Inner::V3(p) => p.signature_nonce(),
        }
    }

    /// The STS token sent (V1 `SecurityToken`, V3 `x-acs-security-token`), for a server to
    /// check against the one it issued with the AccessKeyId.
    pub fn security_token(&self) -> Option<&str> {
        match &self.inner {
            Inner::V1(p) => p.security_token(),
            Inner::V3(p) => p.security_token(),
        }
    }

    /// The V3 algorithm `Authorization` names; `None` for V1 (HMAC-SHA1).
    pub fn algorithm(&self) -> Option<crate::Algorithm> {
        match &self.inner {
            Inner::V1(_) => None,
            Inner::V3(p) => Some(p.algorithm()),
        }
    }

    /// Non-canonical spellings found while decoding.
    pub fn lints(&self) -> &[Lint] {
        match &self.inner {
            Inner::V1(p) => p.lints(),
            Inner::V3(p) => p.lints(),
        }
    }

    /// The string to sign a server computes for this request, any STS token in it redacted:
    /// V1 the method and the canonical query encoded once more; V3 the algorithm and the hex
    /// hash of the canonical request. A service echoes it when it refuses a signature.
    pub fn string_to_sign(&self) -> String {
        match &self.inner {
            Inner::V1(p) => p.string_to_sign(),
            Inner::V3(p) => p.string_to_sign(),
        }
    }

    /// Checks the signature with the account's `keys` (a secret, as `&str`; for
    /// `ACS3-RSA-SHA256` its public key; for V3, and that the body hashes to the body hash
    /// header), the timestamp (against `now`, when given; exactly the allowed
    /// skew passes), and the `request` rules on the operation parameters. A mismatch carries
    /// what the server signed, to compare with what the client signed.
    pub fn verify<'k>(
        self,
        keys: impl Into<Keys<'k>>,
        now: Option<&Timestamp>,
    ) -> Result<Verified, VerifyError> {
        let keys = keys.into();
        match self.inner {
            Inner::V1(p) => p.verify(keys, now),
            Inner::V3(p) => p.verify(keys, now),
        }
    }
}

impl fmt::Debug for ParsedRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::V1(p) => p.fmt(f),
            Inner::V3(p) => p.fmt(f),
        }
    }
}
