//! A V1 request that passed every check needing no secret, waiting for its secret.

use std::fmt;

use super::params::Params;
use super::{
    COMMON, Lint, Verified, VerifyError, check_timestamp, common_slot, constant_time_eq, v1,
};
use crate::request::{Action, decode_sorted};
use crate::rpc::common::*;
use crate::rpc::{Method, SIGNATURE};
use crate::time::Timestamp;

/// A request that passed every check up to the signature: its AccessKeyId tells the caller
/// which secret to verify it with. Its `Debug` output hides `Signature` and `SecurityToken`.
#[derive(Clone, PartialEq, Eq)]
pub struct ParsedRequest {
    pub(super) method: Method,
    pub(super) params: Params,
    /// Where each common parameter stands in `params`, in the order of [`COMMON`].
    pub(super) common: [Option<u32>; COMMON.len()],
    pub(super) action: Action,
    /// The pairs were decoded in canonical order (no `OutOfOrder` lint, no equal neighbours).
    pub(super) in_order: bool,
    pub(super) max_skew_seconds: u64,
    pub(super) lints: Vec<Lint>,
}

impl fmt::Debug for ParsedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
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

impl ParsedRequest {
    /// The value of a common parameter, or `""`.
    #[inline(always)]
    fn get(&self, name: &str) -> &str {
        self.common[common_slot(name)]
            .and_then(|i| self.params.get(i as usize))
            .map_or("", |(_, v)| v)
    }

    /// The AccessKeyId, to look the secret up by.
    pub fn access_key_id(&self) -> &str {
        self.get(ACCESS_KEY_ID)
    }

    /// The action.
    pub fn action(&self) -> Action {
        self.action
    }

    /// The nonce, or `""`.
    #[cfg(feature = "service")]
    pub(crate) fn signature_nonce(&self) -> &str {
        self.get(SIGNATURE_NONCE)
    }

    /// The STS token, when one was sent.
    #[cfg(feature = "service")]
    pub(crate) fn security_token(&self) -> Option<&str> {
        self.common[const { common_slot(SECURITY_TOKEN) }]
            .and_then(|i| self.params.get(i as usize))
            .map(|(_, v)| v)
    }

    /// The string to sign the service computes for this request (to echo in a
    /// `SignatureDoesNotMatch` message), with any token in it redacted.
    #[cfg(feature = "service")]
    pub(crate) fn string_to_sign(&self) -> String {
        let query = crate::rpc::v1::CanonicalQuery::new(
            self.params.iter().filter(|(n, _)| *n != SIGNATURE),
        );
        let text = crate::rpc::v1::StringToSign::new(self.method, &query);
        crate::redact::redact(text.as_str()).into_owned()
    }

    /// Checks the signature with `access_key_secret`, the timestamp (against `now`, when
    /// given), and the operation parameters.
    pub fn verify(
        self,
        access_key_secret: &str,
        now: Option<&Timestamp>,
    ) -> Result<Verified, VerifyError> {
        let expected = v1::signature(self.method, &self.params, self.in_order, access_key_secret);
        if !constant_time_eq(&expected, self.get(SIGNATURE).as_bytes()) {
            return Err(VerifyError::SignatureMismatch);
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
