//! Telling a wrong secret apart from a canonicalisation mismatch after `SignatureDoesNotMatch`.

use super::ServiceError;
use crate::redact::{redact, redact_window};
use crate::rpc::v1::StringToSign;

/// How much text around the first difference a diagnosis shows.
const CONTEXT: usize = 40;

/// The service's string to sign, from a message ending with `… string to sign is:<sts>`.
///
/// ```
/// use aliyun_ecs_delete::response::server_string_to_sign;
/// let message = "Specified signature is not matched with our calculation. server string to sign is:GET&%2F&A%3D1";
/// assert_eq!(server_string_to_sign(message), Some("GET&%2F&A%3D1"));
/// ```
pub fn server_string_to_sign(message: &str) -> Option<&str> {
    const MARK: &str = "string to sign is:";
    let lower = message.to_ascii_lowercase();
    let at = lower.rfind(MARK)? + MARK.len();
    let sts = message[at..].trim();
    (!sts.is_empty()).then_some(sts)
}

/// Why the service computed another signature.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureDiagnosis {
    /// The service built the same string to sign: the secret (or the AccessKeyId it belongs
    /// to) is wrong.
    WrongSecret,
    /// The strings to sign differ: the parameters were encoded, sorted or sent differently.
    CanonicalisationMismatch {
        /// The byte offset of the first difference.
        at: usize,
        /// Ours, around the difference.
        ours: String,
        /// The service's, around the difference.
        theirs: String,
    },
    /// The error carries no string to sign to compare with.
    Unknown,
}

impl ServiceError {
    /// Compares the service's string to sign, when the error carries one, with ours. Both are
    /// compared with their secrets redacted (the decoded message already is), so the offset
    /// of the first difference counts bytes of the redacted texts.
    pub fn diagnose_signature(&self, ours: &StringToSign) -> SignatureDiagnosis {
        let Some(theirs) = self.server_string_to_sign() else {
            return SignatureDiagnosis::Unknown;
        };
        // The message was redacted when it was decoded, so ours is compared redacted too.
        let ours = redact(ours.as_str());
        let ours: &str = &ours;
        if ours == theirs {
            return SignatureDiagnosis::WrongSecret;
        }
        let at = ours
            .bytes()
            .zip(theirs.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        let around = |s: &str| {
            let start = floor_boundary(s, at.saturating_sub(CONTEXT));
            let end = floor_boundary(s, (at + CONTEXT).min(s.len()));
            redact_window(s, start..end)
        };
        SignatureDiagnosis::CanonicalisationMismatch {
            at,
            ours: around(ours),
            theirs: around(theirs),
        }
    }
}

/// The last character boundary at or before `at`, which is at most `s.len()`. The loop ends by
/// 0 at the latest, always a boundary.
fn floor_boundary(s: &str, mut at: usize) -> usize {
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_inside_a_character_moves_back_to_its_start() {
        // `日` is three bytes, at 1..4.
        let s = "a日b";
        let cuts: Vec<usize> = (0..=s.len()).map(|at| floor_boundary(s, at)).collect();
        assert_eq!(cuts, [0, 1, 1, 1, 4, 5]);
    }
}
