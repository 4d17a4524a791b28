//! The server side: decoding a signed request and checking it as the service would, or as a
//! CI linter would, without keeping any state.
//!
//! One entry for both signature versions: [`Verifier::parse`] runs every check that needs no
//! secret and tells whose key signed the request; [`ParsedRequest::verify`] checks the
//! signature with that key's secret (compared in constant time), then the timestamp against
//! the allowed skew, then the `request` rules on the operation parameters. Checks run in the
//! order of the conformance schema, and the first failure is reported.
//!
//! ```
//! use aliyun_ecs_delete::request::DeleteInstance;
//! use aliyun_ecs_delete::rpc::Method;
//! use aliyun_ecs_delete::verify::{Verifier, VerifyError};
//! use aliyun_ecs_delete::{Credentials, Nonce, Signer, Timestamp, Transport};
//!
//! let request = DeleteInstance::builder("i-bp1g6zv0ce8oghu7k2zz").region_id("cn-hangzhou").build()?;
//! let ts = Timestamp::parse("2026-11-23T12:00:00Z")?;
//! let signed = Signer::new().transport(Transport::Get)
//!     .sign(&request, &Credentials::new("id", "secret")?, &ts, &Nonce::new("n-1")?);
//!
//! // A server first parses, then looks the secret up by AccessKeyId, then verifies.
//! // V1 and V3 alike (V3 when the headers hold an `Authorization`).
//! let headers: Vec<(&str, &str)> = signed.headers().collect();
//! let parsed = Verifier::new().parse(Method::Get, signed.url(), &headers, None)?;
//! assert_eq!(parsed.access_key_id(), "id");
//! let verified = parsed.clone().verify("secret", Some(&ts))?;
//! assert_eq!(verified.signature_nonce, "n-1");
//!
//! // A wrong secret: the error carries what the server signed, to compare with the client's.
//! match parsed.verify("not the secret", Some(&ts)) {
//!     Err(VerifyError::SignatureMismatch { string_to_sign, .. }) => {
//!         assert!(string_to_sign.starts_with("GET&%2F&AccessKeyId%3Did%26Action%3DDeleteInstance"));
//!     }
//!     other => panic!("{other:?}"),
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
mod form;
mod keys;
mod params;
mod parsed;
mod v1;
mod v3;

pub use error::{Lint, LintKind, VerifyError};
pub use keys::Keys;
pub use params::{Params, ParamsIter};
pub use parsed::ParsedRequest;

#[cfg(feature = "fuzzing")]
pub(crate) use form::decode_body as decode_form;
pub(crate) use v3::split_algorithm;

use crate::request::{Action, Operation, Request, Warning};
use crate::rpc::common::*;
use crate::rpc::{Method, SIGNATURE};
use crate::time::Timestamp;

/// The default largest clock difference: 15 minutes, as the service allows.
pub const DEFAULT_MAX_SKEW_SECONDS: u64 = 900;

/// The common parameters of an RPC request; every other parameter is an operation parameter.
const COMMON: [&str; 11] = [
    ACTION,
    VERSION,
    FORMAT,
    ACCESS_KEY_ID,
    SIGNATURE_METHOD,
    SIGNATURE_VERSION,
    SIGNATURE_NONCE,
    TIMESTAMP,
    SECURITY_TOKEN,
    SIGNATURE_TYPE,
    SIGNATURE,
];

/// The required common parameters besides `Signature`, in canonical order.
const REQUIRED: [&str; 7] = [
    ACCESS_KEY_ID,
    ACTION,
    SIGNATURE_METHOD,
    SIGNATURE_NONCE,
    SIGNATURE_VERSION,
    TIMESTAMP,
    VERSION,
];

/// Where `name` stands in [`COMMON`]; evaluated at compile time for a constant name.
const fn common_slot(name: &str) -> usize {
    let mut c = 0;
    while c < COMMON.len() {
        if crate::canonical::same(COMMON[c], name) {
            return c;
        }
        c += 1;
    }
    panic!("not a common parameter")
}

/// Checks signed requests; the one setting is the allowed clock skew.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verifier {
    max_skew_seconds: u64,
}

impl Default for Verifier {
    fn default() -> Self {
        Verifier {
            max_skew_seconds: DEFAULT_MAX_SKEW_SECONDS,
        }
    }
}

/// A request the service would accept.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Verified {
    /// The typed request.
    pub request: Request,
    /// The operation parameters as sent, sorted by name, then value.
    pub params: Params,
    /// The AccessKeyId that signed it.
    pub access_key_id: String,
    /// The nonce, for the caller's replay store (the crate keeps no state).
    pub signature_nonce: String,
    /// The timestamp.
    pub timestamp: Timestamp,
    /// Whether STS credentials signed it.
    pub security_token_present: bool,
    /// What the request sent but probably did not mean.
    pub warnings: Vec<Warning>,
    /// Non-canonical spellings found while decoding.
    pub lints: Vec<Lint>,
}

impl Verifier {
    /// A verifier allowing 900 seconds of clock skew.
    pub fn new() -> Verifier {
        Verifier::default()
    }

    /// The largest allowed difference between the timestamp and `now`; exactly this passes.
    #[must_use]
    pub fn max_skew_seconds(mut self, seconds: u64) -> Verifier {
        self.max_skew_seconds = seconds;
        self
    }

    /// Decodes a request and runs every check that needs no secret, of either signature
    /// version: V3 when `headers` hold an `Authorization` header, V1 otherwise. `target` is a
    /// full URL, or a path and query. `body` is the body as sent: for V1, when given, the form
    /// body; for V3, its parameters are read when `content-type` says it is a form, and its hash
    /// is checked in any case. Header names match in any case.
    ///
    /// V1 checks, the first failure reported: a well-formed query and body, a `Signature`, the
    /// required common parameters, `HMAC-SHA1`, `1.0`, a supported action and version. V3: a
    /// well-formed query (and form body); an `Authorization` with a signature; the
    /// ACS3-HMAC-SHA256 algorithm; its `Credential` and `SignedHeaders`; the required headers
    /// (`x-acs-action`, `x-acs-version`, `x-acs-date`, `x-acs-signature-nonce`,
    /// `x-acs-content-sha256`, `host`); that `SignedHeaders` covers every header that must be
    /// signed; the action and version. [`ParsedRequest::verify`] does the rest.
    pub fn parse<'a, N: AsRef<str>, V: AsRef<str>>(
        &self,
        method: Method,
        target: &'a str,
        headers: &'a [(N, V)],
        body: Option<&'a [u8]>,
    ) -> Result<ParsedRequest<'a>, VerifyError> {
        if is_v3(headers) {
            let body = body.unwrap_or_default();
            v3::parse(method, target, headers, body, self.max_skew_seconds).map(ParsedRequest::v3)
        } else {
            v1::parse(method, target, body, self.max_skew_seconds).map(ParsedRequest::v1)
        }
    }

    /// [`Verifier::parse`] then [`ParsedRequest::verify`], for a caller who knows the secret.
    pub fn verify<'k, N: AsRef<str>, V: AsRef<str>>(
        &self,
        method: Method,
        target: &str,
        headers: &[(N, V)],
        body: Option<&[u8]>,
        keys: impl Into<Keys<'k>>,
        now: Option<&Timestamp>,
    ) -> Result<Verified, VerifyError> {
        let keys = keys.into();
        // The same two steps, without the version-neutral wrapper between them (it is sized for
        // V3's signed lines, and a one-call V1 verification need not carry it).
        if is_v3(headers) {
            let body = body.unwrap_or_default();
            v3::parse(method, target, headers, body, self.max_skew_seconds)?.verify(keys, now)
        } else {
            v1::parse(method, target, body, self.max_skew_seconds)?.verify(keys, now)
        }
    }
}

/// Whether a request is signed with V3: it carries an `Authorization` header.
fn is_v3<N: AsRef<str>, V: AsRef<str>>(headers: &[(N, V)]) -> bool {
    headers
        .iter()
        .any(|(n, _)| n.as_ref().eq_ignore_ascii_case("authorization"))
}

/// A well-formed timestamp, within `max` seconds of `now` when `now` is given.
pub(crate) fn check_timestamp(
    parameter: &'static str,
    text: &str,
    now: Option<&Timestamp>,
    max: u64,
) -> Result<Timestamp, VerifyError> {
    let timestamp =
        Timestamp::parse(text).map_err(|_| VerifyError::InvalidTimestamp { parameter })?;
    if let Some(now) = now {
        let seconds = timestamp.unix_seconds().abs_diff(now.unix_seconds());
        if seconds > max {
            return Err(VerifyError::TimestampSkew {
                parameter,
                seconds,
                max,
            });
        }
    }
    Ok(timestamp)
}

/// Equality whose time does not depend on where two equal-length inputs differ: the bytes'
/// differences are or-ed together without a branch, and the result compared through `subtle`
/// (the barrier RustCrypto's `Mac::verify` uses), once rather than at every byte.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq as _;
    if a.len() != b.len() {
        return false;
    }
    // Every byte's difference or-ed together, with no branch on the data, then one comparison
    // of that through `subtle`'s barrier (its comparison of slices puts one on every byte).
    let diff = a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y));
    diff.ct_eq(&0).into()
}

impl Verified {
    /// The action.
    pub fn action(&self) -> Action {
        self.request.action()
    }
}

#[cfg(test)]
mod tests {
    use super::{VerifyError, check_timestamp, constant_time_eq};
    use crate::Timestamp;

    /// A timestamp exactly the allowed skew away passes, early or late; a second more does not.
    #[test]
    fn the_allowed_skew_is_inclusive_both_ways() {
        let now = Timestamp::parse("2026-11-23T08:30:00Z").expect("time");
        for (text, passes) in [
            ("2026-11-23T08:15:00Z", true),
            ("2026-11-23T08:45:00Z", true),
            ("2026-11-23T08:14:59Z", false),
            ("2026-11-23T08:45:01Z", false),
        ] {
            let checked = check_timestamp("Timestamp", text, Some(&now), 900);
            match checked {
                Ok(t) => assert!(passes && t.to_string() == text, "{text}"),
                Err(VerifyError::TimestampSkew { seconds, max, .. }) => {
                    assert!(!passes && seconds == 901 && max == 900, "{text}");
                }
                Err(e) => panic!("{text}: {e}"),
            }
        }
        // Without a clock, only the form is checked.
        assert!(check_timestamp("Timestamp", "2001-01-01T00:00:00Z", None, 0).is_ok());
    }

    #[test]
    fn constant_time_equality_sees_every_byte_and_the_length() {
        let a: Vec<u8> = (0..64).collect();
        assert!(constant_time_eq(&a, &a.clone()));
        assert!(constant_time_eq(b"", b""));
        for at in 0..a.len() {
            for flip in [1, 0x80] {
                let mut b = a.clone();
                b[at] ^= flip;
                assert!(!constant_time_eq(&a, &b), "byte {at}, bit {flip:#x}");
            }
        }
        // Two bytes that differ alike: folding the differences must not let them cancel.
        let mut b = a.clone();
        b[3] ^= 0x10;
        b[40] ^= 0x10;
        assert!(!constant_time_eq(&a, &b));
        assert!(!constant_time_eq(&a, &a[..63]));
        assert!(!constant_time_eq(&a[..1], b""));
    }
}
