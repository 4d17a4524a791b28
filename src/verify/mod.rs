//! The server side: decoding a signed request and checking it as the service would, or as a
//! CI linter would, without keeping any state.
//!
//! Checks run in the order of the conformance schema, and the first failure is reported:
//! a well-formed query, a signature, the required common parameters, `HMAC-SHA1` and `1.0`,
//! a supported action and version, the signature itself (compared in constant time), a
//! well-formed timestamp within the allowed skew, then the `request` rules on the operation
//! parameters.
//!
//! ```
//! use aliyun_ecs_delete::request::DeleteInstance;
//! use aliyun_ecs_delete::rpc::Method;
//! use aliyun_ecs_delete::verify::Verifier;
//! use aliyun_ecs_delete::{Credentials, Nonce, Signer, Timestamp, Transport};
//!
//! let request = DeleteInstance::builder("i-bp1g6zv0ce8oghu7k2zz").region_id("cn-hangzhou").build()?;
//! let ts = Timestamp::parse("2026-11-23T12:00:00Z")?;
//! let signed = Signer::new().transport(Transport::Get)
//!     .sign(&request, &Credentials::new("id", "secret"), &ts, &Nonce::new("n-1")?);
//!
//! // A server first parses, then looks the secret up by AccessKeyId, then verifies.
//! let parsed = Verifier::new().parse(Method::Get, signed.url(), None)?;
//! assert_eq!(parsed.access_key_id(), "id");
//! let verified = parsed.verify("secret", Some(&ts))?;
//! assert_eq!(verified.signature_nonce, "n-1");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
mod form;
mod params;
mod parsed;
mod v1;
mod v3;

pub use error::{Lint, LintKind, VerifyError};
pub use params::{Params, ParamsIter};
pub use parsed::ParsedRequest;

#[cfg(feature = "fuzzing")]
pub(crate) use form::decode_body as decode_form;
#[cfg(feature = "service")]
pub(crate) use v3::server_canonical_hash;

use crate::request::API_VERSION;
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

    /// Decodes the query of `url` (a full URL, or a path and query) and the form `body`, and
    /// runs every check that needs no secret.
    pub fn parse(
        &self,
        method: Method,
        url: &str,
        body: Option<&[u8]>,
    ) -> Result<ParsedRequest, VerifyError> {
        let query = url.split_once('?').map_or("", |(_, q)| q);
        let body_len = body.map_or(0, <[u8]>::len);
        // Every pair has at least `&` and `=`: a bound on the count without a scan.
        let mut params =
            Params::with_capacity(query.len() + body_len, (query.len() + body_len) / 16 + 4);
        let mut lints = Vec::new();
        // Where each common parameter stands, and which are repeated, noted as decoded.
        let mut common = [None; COMMON.len()];
        let mut repeated = [false; COMMON.len()];
        let mut note = |i: usize, name: &str| {
            if let Some(c) = v1::common_index(name) {
                repeated[c] |= common[c].is_some();
                common[c] = Some(u32::try_from(i).expect("invariant: fewer than 2^32 pairs"));
            }
        };
        let mut ties = form::decode_query(query, &mut params, &mut lints, &mut note)?.ties;
        if let Some(body) = body {
            let body = std::str::from_utf8(body).map_err(|_| VerifyError::MalformedQuery {
                parameter: None,
                reason: "a body that is not UTF-8",
            })?;
            ties |= form::decode_body(body, &mut params, &mut lints, &mut note)?.ties;
        }
        let in_order = !ties && !lints.iter().any(|l| l.kind == LintKind::OutOfOrder);
        if let Some(c) = repeated.iter().position(|&r| r) {
            return Err(VerifyError::MalformedQuery {
                parameter: Some(COMMON[c].to_owned()),
                reason: "a common parameter given more than once",
            });
        }
        let get = |c: usize| {
            common[c]
                .and_then(|i| params.get(i as usize))
                .map(|(_, v)| v)
        };
        if get(const { common_slot(SIGNATURE) }).is_none() {
            return Err(VerifyError::MissingSignature {
                parameter: SIGNATURE,
            });
        }
        const REQUIRED_SLOTS: [usize; REQUIRED.len()] = {
            let mut slots = [0; REQUIRED.len()];
            let mut r = 0;
            while r < REQUIRED.len() {
                slots[r] = common_slot(REQUIRED[r]);
                r += 1;
            }
            slots
        };
        if let Some(r) = REQUIRED_SLOTS.iter().position(|&c| get(c).is_none()) {
            return Err(VerifyError::MissingParameter {
                parameter: REQUIRED[r],
            });
        }
        let value = |c: usize| get(c).expect("invariant: the required parameters were found above");
        let signature_method = value(const { common_slot(SIGNATURE_METHOD) });
        if signature_method != HMAC_SHA1 {
            return Err(VerifyError::UnsupportedSignatureMethod {
                parameter: SIGNATURE_METHOD,
                found: signature_method.to_owned(),
            });
        }
        let version = value(const { common_slot(SIGNATURE_VERSION) });
        if version != SIGNATURE_VERSION_1_0 {
            return Err(VerifyError::UnsupportedSignatureVersion {
                found: version.to_owned(),
            });
        }
        let action_name = value(const { common_slot(ACTION) });
        let action = Action::parse(action_name).ok_or_else(|| VerifyError::UnsupportedAction {
            parameter: ACTION,
            found: action_name.to_owned(),
        })?;
        let api_version = value(const { common_slot(VERSION) });
        if api_version != API_VERSION {
            return Err(VerifyError::UnsupportedVersion {
                parameter: VERSION,
                found: api_version.to_owned(),
            });
        }
        Ok(ParsedRequest {
            method,
            params,
            common,
            action,
            in_order,
            max_skew_seconds: self.max_skew_seconds,
            lints,
        })
    }

    /// [`Verifier::parse`] then [`ParsedRequest::verify`], for a caller who knows the secret.
    pub fn verify(
        &self,
        method: Method,
        url: &str,
        body: Option<&[u8]>,
        access_key_secret: &str,
        now: Option<&Timestamp>,
    ) -> Result<Verified, VerifyError> {
        self.parse(method, url, body)?
            .verify(access_key_secret, now)
    }
}

impl Verifier {
    /// Verifies a request of either signature version, as a server that takes both would: V3
    /// when `headers` hold an `Authorization` header ([`Verifier::verify_v3`]: the query, a form
    /// body when `content-type` says so, and the headers), V1 otherwise ([`Verifier::verify`]:
    /// the query and, when given, the form `body`).
    pub fn verify_request<N: AsRef<str>, V: AsRef<str>>(
        &self,
        method: Method,
        url: &str,
        headers: &[(N, V)],
        body: Option<&[u8]>,
        access_key_secret: &str,
        now: Option<&Timestamp>,
    ) -> Result<Verified, VerifyError> {
        if headers
            .iter()
            .any(|(n, _)| n.as_ref().eq_ignore_ascii_case("authorization"))
        {
            let body = body.unwrap_or_default();
            self.verify_v3(method, url, headers, body, access_key_secret, now)
        } else {
            self.verify(method, url, body, access_key_secret, now)
        }
    }
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

/// Equality whose time does not depend on where two equal-length inputs differ.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

impl Verified {
    /// The action.
    pub fn action(&self) -> Action {
        self.request.action()
    }
}
