//! The three V3 signature algorithms, and everything that differs between them: the digest of
//! the canonical request and of the body, the header that carries the body's hash, and how a
//! signature is made and checked. The canonical request itself is the same for all three; an
//! algorithm is added here, in one place.

use hmac::digest::{Digest, Update};
use hmac::{Hmac, KeyInit};
use sha2::Sha256;
use sm3::Sm3;

use crate::canonical::feed::Feed;
use crate::canonical::hex::{hex_into, hex_str};
use crate::canonical::v3::{Lines, hash};
use crate::rpc::Method;

/// A signature V3 algorithm, spelled as the first word of `Authorization` spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Algorithm {
    /// `ACS3-HMAC-SHA256`: SHA-256 hashes, HMAC-SHA256 keyed with the secret. The default.
    #[default]
    HmacSha256,
    /// `ACS3-HMAC-SM3`: SM3 (GB/T 32905) hashes, HMAC-SM3 keyed with the secret; the body's
    /// hash travels in `x-acs-content-sm3`.
    HmacSm3,
    /// `ACS3-RSA-SHA256`: SHA-256 hashes, RSASSA-PKCS1-v1_5 over SHA-256 with the account's RSA
    /// private key (feature `rsa` to sign and verify it).
    RsaSha256,
}

crate::spelling::spelled!(
    /// The name: `ACS3-HMAC-SHA256`, `ACS3-HMAC-SM3`, `ACS3-RSA-SHA256`.
    Algorithm, "algorithm", {
        HmacSha256 => "ACS3-HMAC-SHA256",
        HmacSm3 => "ACS3-HMAC-SM3",
        RsaSha256 => "ACS3-RSA-SHA256",
    }
);

impl Algorithm {
    /// The header that carries the lower-case hex hash of the body: `x-acs-content-sm3` for
    /// SM3, `x-acs-content-sha256` otherwise.
    pub const fn body_hash_header(self) -> &'static str {
        match self {
            Algorithm::HmacSm3 => "x-acs-content-sm3",
            Algorithm::HmacSha256 | Algorithm::RsaSha256 => "x-acs-content-sha256",
        }
    }

    /// The lower-case hex hash of an empty body.
    pub const fn empty_body_hash(self) -> &'static str {
        match self {
            Algorithm::HmacSm3 => {
                "1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b"
            }
            Algorithm::HmacSha256 | Algorithm::RsaSha256 => {
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
            }
        }
    }

    /// The lower-case hex hash of `bytes` (the body, or a canonical request), written into
    /// `out`.
    pub(crate) fn hex_digest<'o>(self, bytes: &[u8], out: &'o mut [u8; 64]) -> &'o str {
        match self {
            Algorithm::HmacSm3 => hex_str(hex_into(&Sm3::digest(bytes), out)),
            Algorithm::HmacSha256 | Algorithm::RsaSha256 => {
                hex_str(hex_into(&Sha256::digest(bytes), out))
            }
        }
    }

    /// The lower-case hex hash of the canonical request that `query`, `lines` and `body_hash`
    /// complete (see [`crate::canonical::v3::hash`]).
    #[inline]
    pub(crate) fn canonical_hash(
        self,
        method: Method,
        path: &str,
        query: impl QueryFeed,
        lines: Lines<'_, '_>,
        body_hash: &str,
    ) -> [u8; 64] {
        match self {
            Algorithm::HmacSm3 => {
                hash::<Sm3>(method, path, |feed| query.feed(feed), lines, body_hash)
            }
            Algorithm::HmacSha256 | Algorithm::RsaSha256 => {
                hash::<Sha256>(method, path, |feed| query.feed(feed), lines, body_hash)
            }
        }
    }

    /// The signature of the string to sign of `hashed` (the hex hash of a canonical request)
    /// with `key`, lower-case hex; `None` when the key cannot make this algorithm's signature.
    pub(crate) fn sign(self, key: Key<'_>, hashed: &[u8; 64]) -> Option<Hex> {
        match (self, key) {
            (Algorithm::HmacSha256, Key::Secret(secret)) => {
                Some(Hex::Short(self.hmac::<Hmac<Sha256>>(secret, hashed)))
            }
            (Algorithm::HmacSm3, Key::Secret(secret)) => {
                Some(Hex::Short(self.hmac::<Hmac<Sm3>>(secret, hashed)))
            }
            #[cfg(feature = "rsa")]
            (Algorithm::RsaSha256, Key::Rsa(key)) => Some(Hex::Long(crate::canonical::hex::hex(
                &key.sign(&self.string_to_sign(hashed)),
            ))),
            _ => None,
        }
    }

    /// Whether `signature` (hex, as sent) is this algorithm's signature of the string to sign of
    /// `hashed` under one of `keys`; compared in constant time for the HMACs.
    pub(crate) fn verify(
        self,
        keys: &crate::verify::Keys<'_>,
        hashed: &[u8; 64],
        signature: &str,
    ) -> bool {
        match self {
            Algorithm::HmacSha256 | Algorithm::HmacSm3 => {
                let Some(secret) = keys.secret() else {
                    return false;
                };
                match self.sign(Key::Secret(secret.as_bytes()), hashed) {
                    Some(Hex::Short(expected)) => {
                        crate::verify::constant_time_eq(&expected, signature.as_bytes())
                    }
                    _ => false,
                }
            }
            Algorithm::RsaSha256 => {
                #[cfg(feature = "rsa")]
                if let Some(public) = keys.public_key() {
                    return crate::canonical::hex::decode(signature)
                        .is_some_and(|bytes| public.verify(&self.string_to_sign(hashed), &bytes));
                }
                false
            }
        }
    }

    /// `NAME \n hash`, the string to sign.
    pub(crate) fn string_to_sign(self, hashed: &[u8; 64]) -> String {
        format!("{}\n{}", self.as_str(), hex_str(hashed))
    }

    /// The hex HMAC `M` of the string to sign, fed without building it.
    fn hmac<M: hmac::Mac + KeyInit>(self, secret: &[u8], hashed: &[u8; 64]) -> [u8; 64] {
        let mut mac = <M as KeyInit>::new_from_slice(secret)
            .expect("invariant: HMAC accepts keys of every length");
        mac.update(self.as_str().as_bytes());
        mac.update(b"\n");
        mac.update(hashed);
        let mut out = [0u8; 64];
        hex_into(&mac.finalize().into_bytes(), &mut out);
        out
    }
}

/// What signs: a secret (the HMACs), or an RSA private key.
#[derive(Clone, Copy)]
pub(crate) enum Key<'k> {
    Secret(&'k [u8]),
    #[cfg(feature = "rsa")]
    Rsa(&'k crate::keys::RsaPrivateKey),
}

/// A signature in lower-case hex: on the stack for the HMACs, on the heap for RSA.
pub(crate) enum Hex {
    Short([u8; 64]),
    #[cfg_attr(not(feature = "rsa"), allow(dead_code))]
    Long(String),
}

impl Hex {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Hex::Short(hex) => hex_str(hex),
            Hex::Long(hex) => hex,
        }
    }
}

/// How a caller feeds its canonical query to whichever digest the algorithm hashes with.
pub(crate) trait QueryFeed {
    fn feed<D: Digest + Update>(self, feed: &mut Feed<'_, D>);
}

/// A query already in canonical form, fed as it stands.
pub(crate) struct AsWritten<'a>(pub(crate) &'a str);

impl QueryFeed for AsWritten<'_> {
    #[inline]
    fn feed<D: Digest + Update>(self, feed: &mut Feed<'_, D>) {
        feed.push(self.0.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The SM3 test vectors of GB/T 32905-2016, appendix A, and the empty-body hashes.
    #[test]
    fn digests_are_the_standard_ones() {
        let mut out = [0u8; 64];
        assert_eq!(
            Algorithm::HmacSm3.hex_digest(b"abc", &mut out),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
        assert_eq!(
            Algorithm::HmacSm3.hex_digest(&b"abcd".repeat(16), &mut out),
            "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"
        );
        for algorithm in [
            Algorithm::HmacSha256,
            Algorithm::HmacSm3,
            Algorithm::RsaSha256,
        ] {
            assert_eq!(
                algorithm.hex_digest(b"", &mut out),
                algorithm.empty_body_hash(),
                "{algorithm:?}"
            );
        }
    }

    #[test]
    fn a_key_signs_only_its_own_algorithms() {
        let hashed = [b'0'; 64];
        let secret = Key::Secret(b"k");
        assert!(Algorithm::HmacSha256.sign(secret, &hashed).is_some());
        assert!(Algorithm::HmacSm3.sign(secret, &hashed).is_some());
        assert!(Algorithm::RsaSha256.sign(secret, &hashed).is_none());
        assert_ne!(
            Algorithm::HmacSha256
                .sign(secret, &hashed)
                .map(|h| h.as_str().to_owned()),
            Algorithm::HmacSm3
                .sign(secret, &hashed)
                .map(|h| h.as_str().to_owned())
        );
    }
}
