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
                "TooSmall" | "TooLarge" => "a modulus of other than 2048 to 8192 bits",
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
        // Two length bytes hold any key (an 8192-bit key is under 5 KB); a count of zero gives a
        // length under 0x80, which the shortest-form rule refuses.
        let count = usize::from(first & 0x7F);
        if count > 2 {
            return None;
        }
        let (bytes, rest) = rest.split_at_checked(count)?;
        let len = bytes.iter().fold(0usize, |n, &b| n * 256 + usize::from(b));
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
        // An empty INTEGER comes out empty, and is refused below.
        match int {
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

    /// A DER element: `tag`, its length (short or long form), `contents`.
    fn element(tag: u8, contents: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        match contents.len() {
            len @ 0..0x80 => out.push(len as u8),
            len @ 0x80..0x100 => out.extend([0x81, len as u8]),
            len => out.extend([0x82, (len >> 8) as u8, len as u8]),
        }
        out.extend_from_slice(contents);
        out
    }

    /// A DER INTEGER of the magnitude `bytes`, with the leading zero a set top bit needs.
    fn integer(bytes: &[u8]) -> Vec<u8> {
        let mut contents = Vec::new();
        if bytes.first().is_some_and(|b| b & 0x80 != 0) {
            contents.push(0);
        }
        contents.extend_from_slice(bytes);
        element(INTEGER, &contents)
    }

    fn pem(label: &str, der: &[u8]) -> String {
        let body = base64::engine::general_purpose::STANDARD.encode(der);
        format!("-----BEGIN {label}-----\r\n{body}\r\n-----END {label}-----\r\n")
    }

    fn spki(rsa_public_key: &[u8]) -> Vec<u8> {
        const RSA_ENCRYPTION: &[u8] = &[
            0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05,
            0x00,
        ];
        let mut bits = vec![0];
        bits.extend_from_slice(rsa_public_key);
        let mut info = RSA_ENCRYPTION.to_vec();
        info.extend(element(BIT_STRING, &bits));
        element(SEQUENCE, &info)
    }

    /// A modulus of `bits` bits (its top bit set), odd.
    fn modulus(bits: usize) -> Vec<u8> {
        let mut n = vec![0xFF; bits.div_ceil(8)];
        n[0] = 0xFF >> ((8 - bits % 8) % 8);
        n
    }

    fn public(n: &[u8], e: &[u8]) -> Result<RsaPublicKey, KeyError> {
        let mut fields = integer(n);
        fields.extend(integer(e));
        let rsa = element(SEQUENCE, &fields);
        let from_pkcs1 = RsaPublicKey::from_pem(&pem("RSA PUBLIC KEY", &rsa));
        let from_spki = RsaPublicKey::from_pem(&pem("PUBLIC KEY", &spki(&rsa)));
        assert_eq!(from_pkcs1, from_spki);
        from_spki
    }

    /// The public key's bounds, each side of each: 2048 to 8192 bits, an odd exponent of at
    /// least 3.
    #[test]
    fn public_keys_are_held_to_their_bounds() {
        let e = [0x01, 0x00, 0x01];
        for (bits, ok) in [
            (2047, false),
            (2048, true),
            (4096, true),
            (8192, true),
            (8193, false),
        ] {
            assert_eq!(public(&modulus(bits), &e).is_ok(), ok, "{bits} bits");
        }
        let n = modulus(2048);
        for (e, ok) in [
            (&[3][..], true),
            (&[1][..], false),
            (&[2][..], false),
            (&[0x01, 0x00][..], false),
            (&[0x01, 0x01][..], true),
        ] {
            assert_eq!(public(&n, e).is_ok(), ok, "e = {e:?}");
        }
        let key = public(&n, &[3]).expect("a key");
        assert!(!key.verify("m", &[0; 256]));
        assert!(!key.verify("m", &[]));
    }

    /// DER that is not quite an RSA public key is refused, whichever part is wrong.
    #[test]
    fn malformed_public_key_der_is_refused() {
        let n = integer(&modulus(2048));
        let e = integer(&[3]);
        let rsa = |fields: &[&[u8]]| element(SEQUENCE, &fields.concat());
        let rejected = |der: &[u8]| {
            matches!(
                RsaPublicKey::from_pem(&pem("RSA PUBLIC KEY", der)),
                Err(KeyError::Rejected { .. })
            )
        };
        assert!(!rejected(&rsa(&[&n, &e])));
        // A field too many, an exponent missing, a field that is not an INTEGER.
        assert!(rejected(&rsa(&[&n, &e, &e])));
        assert!(rejected(&rsa(&[&n])));
        assert!(rejected(&rsa(&[&element(0x04, &modulus(2048)), &e])));
        assert!(rejected(&rsa(&[&n, &element(0x04, &[3])])));
        // Bytes after the SEQUENCE, and not a SEQUENCE.
        assert!(rejected(&[rsa(&[&n, &e]), vec![0]].concat()));
        assert!(rejected(&element(0x31, &[n.clone(), e.clone()].concat())));
        // A negative modulus, a superfluous leading zero, an empty exponent, a zero alone.
        let mut negative = modulus(2048);
        negative.insert(0, 0x80);
        assert!(rejected(&rsa(&[&element(INTEGER, &negative), &e])));
        let mut padded = vec![0, 0];
        padded.extend(modulus(2048));
        assert!(rejected(&rsa(&[&element(INTEGER, &padded), &e])));
        assert!(rejected(&rsa(&[&n, &element(INTEGER, &[])])));
        assert!(rejected(&rsa(&[&n, &element(INTEGER, &[0])])));
        assert!(rejected(&rsa(&[&element(INTEGER, &[]), &e])));
        assert!(rejected(&rsa(&[&element(INTEGER, &[0]), &e])));
        // SubjectPublicKeyInfo: another algorithm, unused bits in the BIT STRING, no BIT STRING.
        let good = rsa(&[&n, &e]);
        let wrap = |der: Vec<u8>| RsaPublicKey::from_pem(&pem("PUBLIC KEY", &der));
        assert!(wrap(spki(&good)).is_ok());
        let mut ec = spki(&good);
        ec[13] = 0x02;
        assert!(
            matches!(wrap(ec), Err(KeyError::Rejected { reason }) if reason.contains("another algorithm"))
        );
        let mut unused = spki(&good);
        let at = unused.len() - good.len() - 1;
        unused[at] = 1;
        assert!(matches!(wrap(unused), Err(KeyError::Rejected { .. })));
        assert!(matches!(wrap(good.clone()), Err(KeyError::Rejected { .. })));
        assert!(matches!(
            wrap([spki(&good), vec![0]].concat()),
            Err(KeyError::Rejected { .. })
        ));
    }

    /// The armour: labels must match, nothing may follow the END line, white space inside the
    /// Base64 is ignored; a private key's DER must be of the kind its label says.
    #[test]
    fn the_pem_armour() {
        let private = RsaPrivateKey::from_pem(PKCS1).expect("PKCS#1");
        let spaced: String = PKCS1.replace('\n', "\n  \t");
        assert_eq!(RsaPrivateKey::from_pem(&spaced).expect("spaced"), private);
        let trailing = format!("{PKCS1}\ntrailing");
        assert!(matches!(
            RsaPrivateKey::from_pem(&trailing),
            Err(KeyError::NotPem { .. })
        ));
        let no_close = PKCS1.replace("-----END RSA PRIVATE KEY-----", "");
        assert!(matches!(
            RsaPrivateKey::from_pem(&no_close),
            Err(KeyError::NotPem { .. })
        ));
        let unclosed_begin = "-----BEGIN RSA PRIVATE KEY\nAAAA";
        assert!(matches!(
            RsaPrivateKey::from_pem(unclosed_begin),
            Err(KeyError::NotPem { .. })
        ));
        // PKCS#1 DER under the PKCS#8 label is not a PKCS#8 key.
        let relabelled = PKCS1.replace("RSA PRIVATE KEY", "PRIVATE KEY");
        assert!(matches!(
            RsaPrivateKey::from_pem(&relabelled),
            Err(KeyError::Rejected { .. })
        ));
        let error = KeyError::UnexpectedLabel {
            found: "X".into(),
            expected: &["A", "B"],
        };
        assert_eq!(
            error.to_string(),
            "a PEM labelled \"X\"; expected one of: A, B"
        );
    }

    /// Each refusal says why: a key too small, DER of another kind, inconsistent values.
    #[test]
    fn a_refused_private_key_says_why() {
        let reason = |pem: &str| match RsaPrivateKey::from_pem(pem) {
            Err(KeyError::Rejected { reason }) => reason,
            other => panic!("{other:?}"),
        };
        let small = include_str!("../conformance/generators/keys/rsa-small.pem");
        assert_eq!(reason(small), "a modulus of other than 2048 to 8192 bits");
        let empty = "-----BEGIN RSA PRIVATE KEY-----\nMAA=\n-----END RSA PRIVATE KEY-----";
        assert_eq!(
            reason(empty),
            "its DER is not an RSA private key of the kind its label says"
        );
        let pkcs8_empty = empty.replace("RSA PRIVATE KEY", "PRIVATE KEY");
        assert_eq!(
            reason(&pkcs8_empty),
            "its DER is not an RSA private key of the kind its label says"
        );
        // Two keys are equal only when they are the same key.
        let a = RsaPrivateKey::from_pem(PKCS1).expect("a");
        let b = RsaPrivateKey::from_pem(include_str!("../conformance/generators/keys/rsa-b.pem"))
            .expect("b");
        assert_ne!(a, b);
        assert_eq!(a, a.clone());
    }

    /// An unknown label is quoted only when it looks like one: at most 40 capitals, digits and
    /// spaces.
    #[test]
    fn only_a_label_that_looks_like_one_is_quoted() {
        for (label, quoted) in [
            ("CERTIFICATE", true),
            ("X509 CRL", true),
            ("A".repeat(40).as_str(), true),
            ("A".repeat(41).as_str(), false),
            ("Certificate", false),
            ("EC-KEY", false),
        ] {
            let pem = format!("-----BEGIN {label}-----\nAAAA\n-----END {label}-----");
            let Err(KeyError::UnexpectedLabel { found, .. }) = RsaPublicKey::from_pem(&pem) else {
                panic!("{label}");
            };
            assert_eq!(found == label, quoted, "{label}: {found}");
            assert_eq!(found == "(not a PEM label)", !quoted, "{label}: {found}");
        }
    }

    #[test]
    fn der_lengths_are_minimal() {
        assert_eq!(der_element(&[0x30, 0x80]), None);
        // 0x80 is no short length, however many bytes follow.
        assert_eq!(der_element(&[&[0x30, 0x80][..], &[0; 0x80]].concat()), None);
        assert_eq!(der_element(&[0x30, 0x85, 1, 0, 0, 0, 0]), None);
        // Three length bytes are refused, even with the contents there.
        let three = [&[0x30, 0x83, 0x01, 0x00, 0x00][..], &vec![0; 0x1_0000]].concat();
        assert_eq!(der_element(&three), None);
        let two = [&[0x30, 0x82, 0x01, 0x00][..], &[9; 0x100]].concat();
        assert_eq!(der_element(&two), Some((0x30, &[9; 0x100][..], &[][..])));
        assert_eq!(der_element(&[0x30, 0x82, 0x01]), None);
        let long = [&[0x30, 0x81, 0x80][..], &[7; 0x80]].concat();
        assert_eq!(der_element(&long), Some((0x30, &[7; 0x80][..], &[][..])));
        assert_eq!(der_only(&[0x30, 0x00], 0x31), None);
        assert_eq!(der_only(&[0x30, 0x00, 0x00], 0x30), None);
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
