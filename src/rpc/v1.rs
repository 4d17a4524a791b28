//! Stages 2 and 3: the string to sign and the HMAC-SHA1 signature.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit as _, Mac as _};
use sha1::Sha1;

use super::{CanonicalQuery, Method};
use crate::encode::{encode_into, encoded_len};

/// The length of a V1 signature: Base64 of a 20-byte digest.
pub(crate) const SIGNATURE_LEN: usize = 28;

/// What goes between the method and the encoded canonical query: `&` + enc(`/`) + `&`.
const PATH_PART: &str = "&%2F&";

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

impl fmt::Display for StringToSign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for StringToSign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("StringToSign").field(&self.0).finish()
    }
}

/// A V1 signature: standard Base64 of HMAC-SHA1, keyed with the AccessKeySecret followed by `&`.
///
/// Its `Debug` output is redacted; `Display` and [`Signature::as_str`] give the value.
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

    /// The signature as Base64 text.
    pub fn as_str(&self) -> &str {
        // Base64 output is ASCII; the fallback is never taken.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Display for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Signature(** redacted **)")
    }
}

/// The hot path of a signer: writes the canonical query of `sorted` to `out` and signs it in
/// the same pass. `out` gets `enc(name)=enc(value)&…`; the HMAC gets the string to sign,
/// `METHOD&%2F&` then `enc(enc(…))`, through a stack buffer in large chunks.
///
/// `plain_names` and `plain_value(name)` say what the caller knows holds only unreserved bytes
/// (a typed request's names and validated values): those are copied, not scanned. Debug builds
/// check the claim.
pub(crate) fn write_and_sign(
    out: &mut String,
    sorted: &[(&str, &str)],
    plain_names: bool,
    plain_value: impl Fn(&str) -> bool,
    method: Method,
    access_key_secret: &str,
) -> Signature {
    let mut mac = hmac_sha1(access_key_secret);
    mac.update(method.as_str().as_bytes());
    mac.update(PATH_PART.as_bytes());
    let mut feed = Feed {
        buf: [0u8; FEED],
        len: 0,
        mac,
    };
    for (i, (name, value)) in sorted.iter().enumerate() {
        if i > 0 {
            out.push('&');
            feed.push(b"%26");
        }
        write_both(out, &mut feed, name, plain_names);
        out.push('=');
        feed.push(b"%3D");
        write_both(out, &mut feed, value, plain_value(name));
    }
    feed.flush();
    Signature(base64_digest(&feed.mac.finalize().into_bytes()))
}

const FEED: usize = 1024;

/// Bytes on their way into the HMAC, gathered so that it is updated in large chunks.
struct Feed {
    buf: [u8; FEED],
    len: usize,
    mac: Hmac<Sha1>,
}

impl Feed {
    #[inline]
    fn push(&mut self, bytes: &[u8]) {
        if self.len + bytes.len() > FEED {
            self.flush();
            if bytes.len() > FEED {
                self.mac.update(bytes);
                return;
            }
        }
        self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }

    fn flush(&mut self) {
        self.mac.update(&self.buf[..self.len]);
        self.len = 0;
    }
}

/// `enc(text)` to `out` and `enc(enc(text))` to `feed`.
#[inline]
fn write_both(out: &mut String, feed: &mut Feed, text: &str, plain: bool) {
    if plain {
        debug_assert!(
            text.bytes().all(crate::encode::is_unreserved),
            "{text:?} is not plain"
        );
        out.push_str(text);
        feed.push(text.as_bytes());
        return;
    }
    crate::encode::encode_with(text, |piece| {
        out.push_str(piece);
        match piece.as_bytes() {
            // An escape `%XX` encodes once more to `%25XX`.
            [b'%', hex @ ..] if piece.len() == 3 => {
                feed.push(b"%25");
                feed.push(hex);
            }
            run => feed.push(run),
        }
    });
}

/// An HMAC-SHA1 keyed with `secret` followed by `&`, without allocating for ordinary secrets.
fn hmac_sha1(secret: &str) -> Hmac<Sha1> {
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
        Err(_) => unreachable!("HMAC accepts keys of every length"),
    }
}

fn base64_digest(digest: &[u8]) -> [u8; SIGNATURE_LEN] {
    let mut out = [0u8; SIGNATURE_LEN];
    // 20 bytes always encode to exactly 28 characters.
    let _ = STANDARD.encode_slice(digest, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdk_unit_test_hmac_vector() {
        // The official SDKs' own unit test (PROTOCOL.md section 2): HMAC-SHA1 of `source` with
        // key `secret`. Our key is the secret followed by `&`, so sign with the raw HMAC here.
        let mut mac = Hmac::<Sha1>::new_from_slice(b"secret").expect("any key length");
        mac.update(b"source");
        let sig = base64_digest(&mac.finalize().into_bytes());
        assert_eq!(&sig, b"Jv4yi8SobFhg5t1C7nWLbhBSFZQ=");
    }

    #[test]
    fn fused_writer_equals_the_stages() {
        let params = [
            ("A b", "1 2"),
            ("B", "日&=%"),
            ("C", "plain"),
            ("D", ""),
            ("E", &"x~".repeat(900)),
        ];
        // Secrets of every size: the key is built on the stack below 128 bytes, on the heap above.
        for secret in [
            "",
            "k&",
            &"k".repeat(127),
            &"k".repeat(128),
            &"k".repeat(300),
        ] {
            for method in [Method::Get, Method::Post] {
                let staged_query = CanonicalQuery::new(params.iter().copied());
                let staged = Signature::v1(secret, &StringToSign::new(method, &staged_query));
                let mut out = String::new();
                let plain = |name: &str| name == "C" || name == "E";
                let fused = write_and_sign(&mut out, &params, false, plain, method, secret);
                assert_eq!(out, staged_query.as_str());
                assert_eq!(fused, staged, "secret length {}", secret.len());
            }
        }
    }

    #[test]
    fn signature_debug_is_redacted() {
        let q = CanonicalQuery::new([("A", "1")]);
        let sig = Signature::v1("secret", &StringToSign::new(Method::Get, &q));
        assert_eq!(format!("{sig:?}"), "Signature(** redacted **)");
        assert_eq!(sig.as_str().len(), SIGNATURE_LEN);
    }
}
