//! Signature V1 (HMAC-SHA1, `SignatureVersion=1.0`), one type per stage: [`CanonicalQuery`],
//! [`StringToSign`], [`Signature`]. The readable reference; the signer's fast path is checked
//! against it.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit as _, Mac as _};
use sha1::Sha1;

mod canonical;

pub use canonical::CanonicalQuery;
#[cfg(test)]
pub(crate) use canonical::write_canonical_query;

use super::Method;
use super::encode_into;
use crate::encode::encoded_len;

/// The length of a V1 signature: Base64 of a 20-byte digest.
pub(crate) const SIGNATURE_LEN: usize = 28;

/// What goes between the method and the encoded canonical query: `&` + enc(`/`) + `&`.
pub(crate) const PATH_PART: &str = "&%2F&";

/// The V1 string to sign: `METHOD&%2F&` followed by the percent-encoding of the canonical
/// query (so `%` reads `%25`, `=` reads `%3D`, `&` reads `%26`).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct StringToSign(String);

impl StringToSign {
    /// The string to sign of `query` sent with `method`.
    pub fn new(method: Method, query: &CanonicalQuery) -> StringToSign {
        let query = query.as_str();
        let mut out =
            String::with_capacity(method.as_str().len() + PATH_PART.len() + encoded_len(query));
        out.push_str(method.as_str());
        out.push_str(PATH_PART);
        encode_into(&mut out, query);
        StringToSign(out)
    }

    /// The string to sign as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for StringToSign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("StringToSign")
            .field(&crate::redact::Redacted(&self.0))
            .finish()
    }
}

/// A V1 signature: standard Base64 of HMAC-SHA1, keyed with the AccessKeySecret followed by `&`.
///
/// Its `Debug` output is redacted, and it has no `Display`: [`Signature::as_str`] gives the
/// value to the code that sends it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Signature([u8; SIGNATURE_LEN]);

impl Signature {
    /// Signs `string_to_sign` with `access_key_secret`, used raw: an `&` inside it stays, and
    /// an empty secret gives the key `&`.
    pub fn v1(access_key_secret: &str, string_to_sign: &StringToSign) -> Signature {
        let mut mac = hmac_sha1(access_key_secret);
        mac.update(string_to_sign.as_str().as_bytes());
        Signature(base64_digest(&mac.finalize().into_bytes()))
    }

    /// A signature from its Base64 text (the fast path computes the digest itself).
    pub(crate) fn from_base64(text: [u8; SIGNATURE_LEN]) -> Signature {
        Signature(text)
    }

    /// The signature as Base64 text.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("invariant: Base64 text is ASCII")
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({})", crate::redact::REDACTED)
    }
}

/// An HMAC-SHA1 keyed with `secret` followed by `&`, without allocating for ordinary secrets.
pub(crate) fn hmac_sha1(secret: &str) -> Hmac<Sha1> {
    let secret = secret.as_bytes();
    let mut stack = [0u8; 128];
    let heap;
    let key: &[u8] = if secret.len() < stack.len() {
        stack[..secret.len()].copy_from_slice(secret);
        stack[secret.len()] = b'&';
        &stack[..=secret.len()]
    } else {
        heap = [secret, b"&"].concat();
        &heap
    };
    // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
    match Hmac::<Sha1>::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => unreachable!("invariant: HMAC accepts keys of every length"),
    }
}

pub(crate) fn base64_digest(digest: &[u8]) -> [u8; SIGNATURE_LEN] {
    let mut out = [0u8; SIGNATURE_LEN];
    // 20 bytes always encode to exactly 28 characters.
    let _ = STANDARD.encode_slice(digest, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_debug_is_redacted() {
        let q = CanonicalQuery::new([("A", "1")]);
        let sig = Signature::v1("secret", &StringToSign::new(Method::Get, &q));
        assert_eq!(format!("{sig:?}"), "Signature(** redacted **)");
        assert_eq!(sig.as_str().len(), SIGNATURE_LEN);
    }

    #[test]
    fn the_string_to_sign_debugs_as_its_text_with_a_token_hidden() {
        let q = CanonicalQuery::new([("A", "1"), ("SecurityToken", "CAIS+token")]);
        let shown = format!("{:?}", StringToSign::new(Method::Get, &q));
        assert!(
            shown.starts_with("StringToSign(\"GET&%2F&A%3D1%26SecurityToken%3D"),
            "{shown}"
        );
        assert!(!shown.contains("token"), "{shown}");
    }
}
