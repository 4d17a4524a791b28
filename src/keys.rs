//! RSA keys for `ACS3-RSA-SHA256`, read from PEM when they are made: a key that does not parse is
//! a [`KeyError`] then, never while signing or verifying.
//!
//! The RSA arithmetic is ring's, whose private-key operation is constant-time and blinded.
//! Neither key type prints its material: `Debug` shows the modulus size only.

use std::fmt;
use std::sync::Arc;

use base64::Engine as _;
use ring::rand::SystemRandom;
use ring::signature::{self, RsaKeyPair, RsaPublicKeyComponents};

/// Why a PEM text is not a usable RSA key. It never quotes the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// No `-----BEGIN …-----` … `-----END …-----` armour, or the two labels differ.
    #[error("not a PEM text: {reason}")]
    NotPem {
        /// What is wrong with the armour.
        reason: &'static str,
    },
    /// A PEM of another kind.
    #[error("a PEM labelled {found:?}; expected one of: {}", expected.join(", "))]
    UnexpectedLabel {
        /// The label found.
        found: String,
        /// The labels this key type reads.
        expected: &'static [&'static str],
    },
    /// The text between the armour lines is not Base64.
    #[error("the PEM body is not Base64")]
    NotBase64,
    /// The DER inside is not an RSA key of the kind its label says, or one that cannot be used
    /// (ring signs and verifies with moduli of 2048 to 8192 bits).
    #[error("not a usable RSA key: {reason}")]
    Rejected {
        /// What was wrong.
        reason: &'static str,
    },
}

/// An RSA private key, PEM PKCS#1 (`RSA PRIVATE KEY`) or PKCS#8 (`PRIVATE KEY`), 2048 to 8192
/// bits. Cheap to clone (shared).
///
/// ```
/// use aliyun_ecs_delete::keys::{KeyError, RsaPrivateKey};
/// assert!(matches!(RsaPrivateKey::from_pem("not a key"), Err(KeyError::NotPem { .. })));
/// ```
#[derive(Clone)]
pub struct RsaPrivateKey {
    pair: Arc<RsaKeyPair>,
}

impl RsaPrivateKey {
    /// Reads a PEM private key, PKCS#1 or PKCS#8.
    pub fn from_pem(pem: &str) -> Result<RsaPrivateKey, KeyError> {
        const LABELS: &[&str] = &["RSA PRIVATE KEY", "PRIVATE KEY"];
        let (label, der) = read_pem(pem, LABELS)?;
        let pair = if label == "RSA PRIVATE KEY" {
            RsaKeyPair::from_der(&der)
        } else {
            RsaKeyPair::from_pkcs8(&der)
        }
        .map_err(|e| KeyError::Rejected {
            reason: match e.to_string().as_str() {
                "TooSmall" => "a modulus under 2048 bits",
                "TooLarge" => "a modulus over 8192 bits",
                "InvalidEncoding" | "WrongAlgorithm" | "VersionNotSupported" => {
                    "its DER is not an RSA private key of the kind its label says"
                }
                _ => "values that do not make a consistent RSA key",
            },
        })?;
        Ok(RsaPrivateKey {
            pair: Arc::new(pair),
        })
    }

    /// Its public half.
    pub fn public_key(&self) -> RsaPublicKey {
        let components: RsaPublicKeyComponents<Vec<u8>> = self.pair.public().into();
        RsaPublicKey {
            n: components.n,
            e: components.e,
        }
    }

    /// RSASSA-PKCS1-v1_5 over SHA-256 of `message`.
    pub(crate) fn sign(&self, message: &str) -> Vec<u8> {
        let mut signature = vec![0; self.pair.public().modulus_len()];
        // The only failures are a buffer of the wrong length (it is the modulus's) and an
        // operating system that cannot give random bytes for the blinding.
        self.pair
            .sign(
                &signature::RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                message.as_bytes(),
                &mut signature,
            )
            .expect("invariant: the buffer is the modulus's length, and the OS gives random bytes");
        signature
    }
}

impl PartialEq for RsaPrivateKey {
    fn eq(&self, other: &Self) -> bool {
        self.public_key() == other.public_key()
    }
}

impl Eq for RsaPrivateKey {}

impl fmt::Debug for RsaPrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "RsaPrivateKey({} bits, {})",
            self.pair.public().modulus_len() * 8,
            crate::redact::REDACTED
        )
    }
}

/// An RSA public key, PEM SubjectPublicKeyInfo (`PUBLIC KEY`, as an account's public key is
/// published) or PKCS#1 (`RSA PUBLIC KEY`), 2048 to 8192 bits.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct RsaPublicKey {
    n: Vec<u8>,
    e: Vec<u8>,
}

impl RsaPublicKey {
    /// Reads a PEM public key.
    pub fn from_pem(pem: &str) -> Result<RsaPublicKey, KeyError> {
        const LABELS: &[&str] = &["PUBLIC KEY", "RSA PUBLIC KEY"];
        let (label, der) = read_pem(pem, LABELS)?;
        let rsa = if label == "PUBLIC KEY" {
            spki_rsa_key(&der)?
        } else {
            &der[..]
        };
        let (n, e) = rsa_public_key(rsa)?;
        let bits = n.len() * 8 - n.first().map_or(8, |b| b.leading_zeros() as usize);
        if !(2048..=8192).contains(&bits) {
            return Err(KeyError::Rejected {
                reason: "a modulus of other than 2048 to 8192 bits",
            });
        }
        if e.last().is_none_or(|b| b % 2 == 0) || (e.len() == 1 && e[0] < 3) {
            return Err(KeyError::Rejected {
                reason: "a public exponent that is not odd and at least 3",
            });
        }
        Ok(RsaPublicKey {
            n: n.to_vec(),
            e: e.to_vec(),
        })
    }

    /// Whether `signature` is the RSASSA-PKCS1-v1_5 SHA-256 signature of `message`.
    pub(crate) fn verify(&self, message: &str, signature: &[u8]) -> bool {
        RsaPublicKeyComponents {
            n: &self.n,
            e: &self.e,
        }
        .verify(
            &signature::RSA_PKCS1_2048_8192_SHA256,
            message.as_bytes(),
            signature,
        )
        .is_ok()
    }
}

impl fmt::Debug for RsaPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RsaPublicKey({} bits)", self.n.len() * 8)
    }
}

/// The label and the DER of a PEM text whose label is one of `labels`. White space around and
/// inside the Base64 body is ignored, as OpenSSL ignores it; nothing may follow the end line
/// but white space.
fn read_pem(
    pem: &str,
    labels: &'static [&'static str],
) -> Result<(&'static str, Vec<u8>), KeyError> {
    let not_pem = |reason| KeyError::NotPem { reason };
    let rest = pem
        .trim()
        .strip_prefix("-----BEGIN ")
        .ok_or(not_pem("it does not begin with -----BEGIN"))?;
    let (label, rest) = rest
        .split_once("-----")
        .ok_or(not_pem("the BEGIN line does not end with -----"))?;
    let known = labels
        .iter()
        .find(|l| **l == label)
        .ok_or_else(|| KeyError::UnexpectedLabel {
            // A label is short capitals; anything else is not quoted (it may be key text).
            found: if label.len() <= 40
                && label
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' ')
            {
                label.to_owned()
            } else {
                "(not a PEM label)".to_owned()
            },
            expected: labels,
        })?;
    let end = format!("-----END {label}-----");
    let body = rest
        .strip_suffix(end.as_str())
        .ok_or(not_pem("it does not end with the END line of its label"))?;
    let body: Vec<u8> = body.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(body)
        .map_err(|_| KeyError::NotBase64)?;
    Ok((known, der))
}

/// One DER element: its tag, its contents and what follows it.
fn der_element(der: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = der.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (usize::from(first), rest)
    } else {
        let count = usize::from(first & 0x7F);
        if count == 0 || count > 4 || rest.len() < count {
            return None;
        }
        let (bytes, rest) = rest.split_at(count);
        let len = bytes.iter().fold(0usize, |n, &b| n << 8 | usize::from(b));
        // DER: the shortest form.
        if len < 0x80 || bytes[0] == 0 {
            return None;
        }
        (len, rest)
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

/// The contents of one element with `tag` that fills `der` exactly.
fn der_only(der: &[u8], tag: u8) -> Option<&[u8]> {
    match der_element(der)? {
        (t, contents, []) if t == tag => Some(contents),
        _ => None,
    }
}

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;

/// The RSAPublicKey inside a SubjectPublicKeyInfo of algorithm rsaEncryption.
fn spki_rsa_key(der: &[u8]) -> Result<&[u8], KeyError> {
    /// `AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }`.
    const RSA_ENCRYPTION: &[u8] = &[
        0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
    ];
    let rejected = |reason| KeyError::Rejected { reason };
    let info = der_only(der, SEQUENCE).ok_or(rejected("its DER is not a SubjectPublicKeyInfo"))?;
    let key = info
        .strip_prefix(RSA_ENCRYPTION)
        .ok_or(rejected("a public key of another algorithm than RSA"))?;
    let bits =
        der_only(key, BIT_STRING).ok_or(rejected("its DER is not a SubjectPublicKeyInfo"))?;
    bits.strip_prefix(&[0])
        .ok_or(rejected("its DER is not a SubjectPublicKeyInfo"))
}

/// The modulus and the exponent of an RSAPublicKey, without leading zeros.
fn rsa_public_key(der: &[u8]) -> Result<(&[u8], &[u8]), KeyError> {
    let rejected = KeyError::Rejected {
        reason: "its DER is not an RSA public key",
    };
    let fields = der_only(der, SEQUENCE).ok_or(rejected.clone())?;
    let (tag, n, rest) = der_element(fields).ok_or(rejected.clone())?;
    let e = der_only(rest, INTEGER).ok_or(rejected.clone())?;
    if tag != INTEGER {
        return Err(rejected);
    }
    /// A DER integer's magnitude: no negative value, no superfluous leading zero.
    fn positive(int: &[u8]) -> Option<&[u8]> {
        match int {
            [] => None,
            [first, ..] if first & 0x80 != 0 => None,
            [0, second, ..] if second & 0x80 == 0 => None,
            [0, rest @ ..] => Some(rest),
            _ => Some(int),
        }
    }
    match (positive(n), positive(e)) {
        (Some(n), Some(e)) if !n.is_empty() && !e.is_empty() => Ok((n, e)),
        _ => Err(rejected),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PKCS1: &str = include_str!("../conformance/generators/keys/rsa-a.pem");

    #[test]
    fn a_private_key_reads_and_signs_what_its_public_key_verifies() {
        let key = RsaPrivateKey::from_pem(PKCS1).expect("PKCS#1");
        let signature = key.sign("message");
        assert_eq!(signature.len(), 256);
        assert!(key.public_key().verify("message", &signature));
        assert!(!key.public_key().verify("messagf", &signature));
        // PKCS#1 v1.5 is deterministic.
        assert_eq!(key.sign("message"), signature);
    }

    #[test]
    fn bad_pem_is_a_typed_error_that_quotes_nothing_of_the_key() {
        let body: String = PKCS1.lines().filter(|l| !l.starts_with("-----")).collect();
        for (text, check) in [
            ("", "not a PEM"),
            (body.as_str(), "not a PEM"),
            (
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----",
                "labelled",
            ),
            (
                "-----BEGIN RSA PRIVATE KEY-----\n@@@@\n-----END RSA PRIVATE KEY-----",
                "Base64",
            ),
            (
                "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
                "END line",
            ),
            (
                "-----BEGIN RSA PRIVATE KEY-----\nMAA=\n-----END RSA PRIVATE KEY-----",
                "not a usable",
            ),
        ] {
            let error = RsaPrivateKey::from_pem(text).expect_err(text);
            let shown = error.to_string();
            assert!(shown.contains(check), "{shown}");
            assert!(!shown.contains(&body[10..30]), "{shown}");
        }
        let public = RsaPublicKey::from_pem(PKCS1).expect_err("a private key is not a public one");
        assert!(
            matches!(public, KeyError::UnexpectedLabel { .. }),
            "{public:?}"
        );
    }

    #[test]
    fn debug_shows_the_size_only() {
        let key = RsaPrivateKey::from_pem(PKCS1).expect("PKCS#1");
        assert_eq!(
            format!("{key:?}"),
            format!("RsaPrivateKey(2048 bits, {})", crate::redact::REDACTED)
        );
        assert_eq!(format!("{:?}", key.public_key()), "RsaPublicKey(2048 bits)");
    }

    #[test]
    fn der_lengths_are_minimal() {
        assert_eq!(
            der_element(&[0x30, 0x01, 0xff]),
            Some((0x30, &[0xff][..], &[][..]))
        );
        assert_eq!(der_element(&[0x30, 0x81, 0x01, 0xff]), None);
        assert_eq!(der_element(&[0x30, 0x82, 0x00, 0x80]), None);
        assert_eq!(der_element(&[0x30, 0x02, 0xff]), None);
        assert_eq!(der_element(&[0x30]), None);
    }
}
