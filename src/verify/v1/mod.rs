//! A V1 request: decoded and checked up to the signature, then verified with its secret.

mod signature;

use super::params::Params;
use super::{
    COMMON, Keys, Lint, LintKind, REQUIRED, Verified, VerifyError, check_timestamp, common_slot,
    constant_time_eq, form,
};
use crate::request::{API_VERSION, Action, decode_sorted};
use crate::rpc::common::*;
use crate::rpc::{Method, SIGNATURE};
use crate::time::Timestamp;
pub(super) use signature::common_index;

/// A V1 request that passed every check needing no secret.
#[derive(Clone, PartialEq, Eq)]
pub(super) struct Parsed {
    method: Method,
    params: Params,
    /// Where each common parameter stands in `params`, in the order of [`COMMON`].
    common: [Option<u32>; COMMON.len()],
    action: Action,
    /// The pairs were decoded in canonical order (no `OutOfOrder` lint, no equal neighbours).
    in_order: bool,
    max_skew_seconds: u64,
    lints: Vec<Lint>,
}

impl std::fmt::Debug for Parsed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let params: Vec<_> = self
            .params
            .iter()
            .map(|(n, v)| (n, crate::redact::parameter_value(n, v)))
            .collect();
        f.debug_struct("ParsedRequest")
            .field("method", &self.method)
            .field("action", &self.action)
            .field("params", &params)
            .field("max_skew_seconds", &self.max_skew_seconds)
            .field("lints", &self.lints)
            .finish()
    }
}

/// Decodes the query of `url` and the form `body`, and runs every check that needs no secret,
/// in the order of [`Verifier::parse`](super::Verifier::parse).
pub(super) fn parse(
    method: Method,
    url: &str,
    body: Option<&[u8]>,
    max_skew_seconds: u64,
) -> Result<Parsed, VerifyError> {
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
        if let Some(c) = common_index(name) {
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
    Ok(Parsed {
        method,
        params,
        common,
        action,
        in_order,
        max_skew_seconds,
        lints,
    })
}

impl Parsed {
    /// The value of a common parameter, or `""`.
    #[inline(always)]
    fn get(&self, name: &str) -> &str {
        self.common[common_slot(name)]
            .and_then(|i| self.params.get(i as usize))
            .map_or("", |(_, v)| v)
    }

    pub(super) fn access_key_id(&self) -> &str {
        self.get(ACCESS_KEY_ID)
    }

    pub(super) fn action(&self) -> Action {
        self.action
    }

    pub(super) fn lints(&self) -> &[Lint] {
        &self.lints
    }

    /// The nonce, or `""`.
    pub(super) fn signature_nonce(&self) -> &str {
        self.get(SIGNATURE_NONCE)
    }

    /// The STS token, when one was sent.
    pub(super) fn security_token(&self) -> Option<&str> {
        self.common[const { common_slot(SECURITY_TOKEN) }]
            .and_then(|i| self.params.get(i as usize))
            .map(|(_, v)| v)
    }

    /// The string to sign the service computes for this request (to echo in a
    /// `SignatureDoesNotMatch` message), with any token in it redacted.
    pub(super) fn string_to_sign(&self) -> String {
        let query = crate::rpc::v1::CanonicalQuery::new(
            self.params.iter().filter(|(n, _)| *n != SIGNATURE),
        );
        let text = crate::rpc::v1::StringToSign::new(self.method, &query);
        crate::redact::redact(text.as_str()).into_owned()
    }

    /// Checks the signature with the account's secret (without one, it is a mismatch), the
    /// timestamp (against `now`, when given), and the operation parameters.
    pub(super) fn verify(
        self,
        keys: Keys<'_>,
        now: Option<&Timestamp>,
    ) -> Result<Verified, VerifyError> {
        let matches = keys.secret().is_some_and(|secret| {
            let expected = signature::signature(self.method, &self.params, self.in_order, secret);
            constant_time_eq(&expected, self.get(SIGNATURE).as_bytes())
        });
        if !matches {
            return Err(VerifyError::SignatureMismatch {
                string_to_sign: self.string_to_sign(),
                canonical_request: None,
            });
        }
        let timestamp =
            check_timestamp(TIMESTAMP, self.get(TIMESTAMP), now, self.max_skew_seconds)?;
        let access_key_id = self.get(ACCESS_KEY_ID).to_owned();
        let signature_nonce = self.get(SIGNATURE_NONCE).to_owned();
        let security_token_present = self.common[const { common_slot(SECURITY_TOKEN) }].is_some();
        // The operation parameters are what remains without the common ones, in the buffer
        // they were decoded into; in canonical order already, they need no sorting.
        let mut params = self.params;
        let mut at = [0; COMMON.len()];
        let mut count = 0;
        for &i in self.common.iter().flatten() {
            at[count] = i as usize;
            count += 1;
        }
        let at = &mut at[..count];
        at.sort_unstable();
        params.remove_at(at);
        if !self.in_order {
            params = params.sorted();
        }
        let decoded = decode_sorted(self.action, &params)?;
        Ok(Verified {
            request: decoded.request,
            access_key_id,
            signature_nonce,
            security_token_present,
            timestamp,
            params,
            warnings: decoded.warnings,
            lints: self.lints,
        })
    }
}
