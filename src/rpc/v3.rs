//! Signature V3: one type per stage, generic over any API, for each [`Algorithm`]
//! (`ACS3-HMAC-SHA256` unless another is asked for).
//!
//! 1. [`CanonicalRequest`]: `METHOD\nPATH\nQUERY\nHEADERS\nSIGNED\nBODYHASH`, where QUERY is the
//!    sorted `enc(name)=enc(value)` list, HEADERS one `name:value\n` line per signed header
//!    (`host`, `content-type`, every `x-acs-*`; names lower-cased and sorted; values trimmed; a
//!    repeated header joined with `,` in sorted order) and SIGNED their names joined with `;`;
//!    the same for every algorithm;
//! 2. [`HashedCanonicalRequest`]: lowercase hex hash of it (SHA-256, or SM3 for
//!    `ACS3-HMAC-SM3`);
//! 3. [`StringToSign`]: the algorithm's name, `\n`, the hash;
//! 4. [`Signature`]: lowercase hex HMAC-SHA256 or HMAC-SM3 keyed with the secret alone, or
//!    RSASSA-PKCS1-v1_5 over SHA-256 with an RSA private key;
//! 5. [`authorization`]: `ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…`.
//!
//! ```
//! use aliyun_ecs_delete::rpc::v3::{self, CanonicalRequest, Signature, StringToSign};
//! use aliyun_ecs_delete::rpc::Method;
//!
//! // The documented RunInstances example of signature V3.
//! let request = CanonicalRequest::new(
//!     Method::Post,
//!     "/",
//!     &[("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"), ("RegionId", "cn-shanghai")],
//!     &[
//!         ("host", "ecs.cn-shanghai.aliyuncs.com"),
//!         ("x-acs-action", "RunInstances"),
//!         ("x-acs-content-sha256", v3::EMPTY_BODY_SHA256),
//!         ("x-acs-date", "2023-10-26T10:22:32Z"),
//!         ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
//!         ("x-acs-version", "2014-05-26"),
//!     ],
//!     v3::EMPTY_BODY_SHA256,
//! );
//! let hashed = request.hashed();
//! assert_eq!(hashed.as_str(), "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");
//! let signature = Signature::new("YourAccessKeySecret", &StringToSign::new(&hashed));
//! assert_eq!(signature.as_str(), "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
//! ```

use std::fmt;

use hmac::Hmac;
use sha2::{Digest as _, Sha256};
use sm3::Sm3;

use super::Method;
use super::encode_into;
pub use crate::algorithm::Algorithm;
use crate::canonical::hex::hex;

/// The default algorithm's name, first word of the string to sign and of `Authorization`.
pub const ALGORITHM: &str = Algorithm::HmacSha256.as_str();

/// The hex SHA-256 of an empty body.
pub const EMPTY_BODY_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Whether a header is signed: `host`, `content-type` and every `x-acs-*`, in any case. A name
/// that is not an HTTP token (RFC 9110 `tchar`s only) can never be sent, and is never signed:
/// a `;` or a space in it would corrupt the `SignedHeaders` list.
pub fn is_signed_header(name: &str) -> bool {
    is_token(name) && is_signed_header_name(name)
}

/// Whether a header name is an HTTP token (RFC 9110 `tchar`s), so that it can be sent and
/// signed.
pub(crate) fn is_token(name: &str) -> bool {
    /// `TCHAR[b]`: whether byte `b` may stand in a token.
    const TCHAR: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 256 {
            let byte = b as u8;
            table[b] = byte.is_ascii_alphanumeric()
                || matches!(
                    byte,
                    b'!' | b'#'
                        | b'$'
                        | b'%'
                        | b'&'
                        | b'\''
                        | b'*'
                        | b'+'
                        | b'-'
                        | b'.'
                        | b'^'
                        | b'_'
                        | b'`'
                        | b'|'
                        | b'~'
                );
            b += 1;
        }
        table
    };
    !name.is_empty() && name.bytes().all(|b| TCHAR[usize::from(b)])
}

fn is_signed_header_name(name: &str) -> bool {
    name.eq_ignore_ascii_case("host")
        || name.eq_ignore_ascii_case("content-type")
        || name
            .get(..6)
            .is_some_and(|p| p.eq_ignore_ascii_case("x-acs-"))
}

/// Lowercase hex SHA-256 of `bytes`: the body hash and `x-acs-content-sha256`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lowercase hex hash of `bytes` with `algorithm`'s digest: the body hash, sent in
/// [`Algorithm::body_hash_header`].
pub fn hex_digest(algorithm: Algorithm, bytes: &[u8]) -> String {
    match algorithm {
        Algorithm::HmacSm3 => hex(&Sm3::digest(bytes)),
        Algorithm::HmacSha256 | Algorithm::RsaSha256 => sha256_hex(bytes),
    }
}

/// Stage 1: the canonical request, with the list of signed header names.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CanonicalRequest {
    text: String,
    signed_headers: String,
}

impl CanonicalRequest {
    /// Builds the canonical request. `query` holds raw names and values; `headers` every header
    /// that is sent (those not signed are left out here); `body_sha256` the lowercase hex hash of
    /// the exact body bytes. The path is used as given.
    pub fn new<N: AsRef<str>, V: AsRef<str>, H: AsRef<str>, W: AsRef<str>>(
        method: Method,
        path: &str,
        query: &[(N, V)],
        headers: &[(H, W)],
        body_sha256: &str,
    ) -> CanonicalRequest {
        Self::build(method, path, query, headers, &is_signed_header, body_sha256)
    }

    /// The canonical request over exactly the headers `signed` names (lower-case), as a
    /// verifier rebuilds it from a request's `SignedHeaders`.
    pub fn with_signed_headers<N: AsRef<str>, V: AsRef<str>, H: AsRef<str>, W: AsRef<str>>(
        method: Method,
        path: &str,
        query: &[(N, V)],
        headers: &[(H, W)],
        signed: &[&str],
        body_sha256: &str,
    ) -> CanonicalRequest {
        let keep =
            |name: &str| is_token(name) && signed.iter().any(|s| s.eq_ignore_ascii_case(name));
        Self::build(method, path, query, headers, &keep, body_sha256)
    }

    fn build<N: AsRef<str>, V: AsRef<str>, H: AsRef<str>, W: AsRef<str>>(
        method: Method,
        path: &str,
        query: &[(N, V)],
        headers: &[(H, W)],
        keep: &dyn Fn(&str) -> bool,
        body_sha256: &str,
    ) -> CanonicalRequest {
        let mut text = String::new();
        text.push_str(method.as_str());
        text.push('\n');
        text.push_str(path);
        text.push('\n');
        write_query(&mut text, query);
        text.push('\n');
        let signed = canonical_headers(headers, keep);
        for (name, values) in &signed {
            text.push_str(name);
            text.push(':');
            text.push_str(&values.join(","));
            text.push('\n');
        }
        text.push('\n');
        let signed_headers = signed
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(";");
        text.push_str(&signed_headers);
        text.push('\n');
        text.push_str(body_sha256);
        CanonicalRequest {
            text,
            signed_headers,
        }
    }

    /// The canonical request as text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The signed header names, lower-case, sorted, joined with `;`.
    pub fn signed_headers(&self) -> &str {
        &self.signed_headers
    }

    /// Stage 2: its SHA-256 hash, for `ACS3-HMAC-SHA256`.
    pub fn hashed(&self) -> HashedCanonicalRequest {
        self.hashed_with(Algorithm::HmacSha256)
    }

    /// Stage 2: its hash for `algorithm`.
    pub fn hashed_with(&self, algorithm: Algorithm) -> HashedCanonicalRequest {
        HashedCanonicalRequest {
            algorithm,
            hex: hex_digest(algorithm, self.text.as_bytes()),
        }
    }
}

/// The sorted, encoded query: names and values percent-encoded, sorted by encoded name, then
/// encoded value.
fn write_query<N: AsRef<str>, V: AsRef<str>>(out: &mut String, query: &[(N, V)]) {
    let mut encoded: Vec<(String, String)> = query
        .iter()
        .map(|(n, v)| {
            let (mut en, mut ev) = (String::new(), String::new());
            encode_into(&mut en, n.as_ref());
            encode_into(&mut ev, v.as_ref());
            (en, ev)
        })
        .collect();
    encoded.sort_unstable();
    for (i, (n, v)) in encoded.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(n);
        out.push('=');
        out.push_str(v);
    }
}

/// The signed headers: lower-cased names in order, each with its trimmed values sorted.
fn canonical_headers<H: AsRef<str>, W: AsRef<str>>(
    headers: &[(H, W)],
    keep: &dyn Fn(&str) -> bool,
) -> Vec<(String, Vec<String>)> {
    let mut signed: Vec<(String, Vec<String>)> = Vec::new();
    for (name, value) in headers {
        let name = name.as_ref();
        if !keep(name) {
            continue;
        }
        let name = name.to_ascii_lowercase();
        let value = value.as_ref().trim().to_owned();
        match signed.iter_mut().find(|(n, _)| *n == name) {
            Some((_, values)) => values.push(value),
            None => signed.push((name, vec![value])),
        }
    }
    signed.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (_, values) in &mut signed {
        values.sort_unstable();
    }
    signed
}

/// Stage 2: lowercase hex hash of the canonical request, with the algorithm it is for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HashedCanonicalRequest {
    algorithm: Algorithm,
    hex: String,
}

impl HashedCanonicalRequest {
    /// The hash as lowercase hex.
    pub fn as_str(&self) -> &str {
        &self.hex
    }

    /// The algorithm whose digest it is.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }
}

/// Stage 3: the algorithm's name and `\n`, followed by the hashed canonical request.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StringToSign {
    algorithm: Algorithm,
    text: String,
}

impl StringToSign {
    /// The string to sign of a hashed canonical request.
    pub fn new(hashed: &HashedCanonicalRequest) -> StringToSign {
        StringToSign {
            algorithm: hashed.algorithm,
            text: format!("{}\n{}", hashed.algorithm.as_str(), hashed.as_str()),
        }
    }

    /// The string to sign as text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The algorithm it names.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }
}

/// Stage 4: the lowercase hex signature of the string to sign. Its `Debug` output is
/// redacted, and it has no `Display`: [`Signature::as_str`] gives the value to the code that
/// sends it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Signature {
    algorithm: Algorithm,
    hex: String,
}

impl Signature {
    /// Signs `string_to_sign` with `access_key_secret`, used raw (no `&` is appended): HMAC-SM3
    /// for `ACS3-HMAC-SM3`, HMAC-SHA256 otherwise (an `ACS3-RSA-SHA256` string is signed with
    /// [`Signature::rsa`]; `new` gives HMAC-SHA256 of it, which no verifier accepts).
    pub fn new(access_key_secret: &str, string_to_sign: &StringToSign) -> Signature {
        fn mac<M: hmac::Mac + hmac::KeyInit>(key: &str, text: &str) -> String {
            // HMAC takes a key of any length.
            let mut mac = match <M as hmac::KeyInit>::new_from_slice(key.as_bytes()) {
                Ok(mac) => mac,
                Err(_) => unreachable!("invariant: HMAC accepts keys of every length"),
            };
            mac.update(text.as_bytes());
            hex(&mac.finalize().into_bytes())
        }
        let (key, text) = (access_key_secret, string_to_sign.as_str());
        let hex = match string_to_sign.algorithm {
            Algorithm::HmacSm3 => mac::<Hmac<Sm3>>(key, text),
            Algorithm::HmacSha256 | Algorithm::RsaSha256 => mac::<Hmac<Sha256>>(key, text),
        };
        Signature {
            algorithm: string_to_sign.algorithm,
            hex,
        }
    }

    /// Signs `string_to_sign` with an RSA private key: RSASSA-PKCS1-v1_5 over SHA-256, the
    /// signature of `ACS3-RSA-SHA256` (whatever algorithm the string names, this is the one the
    /// signature is labelled with).
    #[cfg(feature = "rsa")]
    #[cfg_attr(docsrs, doc(cfg(feature = "rsa")))]
    pub fn rsa(key: &crate::keys::RsaPrivateKey, string_to_sign: &StringToSign) -> Signature {
        Signature {
            algorithm: Algorithm::RsaSha256,
            hex: hex(&key.sign(string_to_sign.as_str())),
        }
    }

    /// The signature as lowercase hex.
    pub fn as_str(&self) -> &str {
        &self.hex
    }

    /// The algorithm it was made with.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({})", crate::redact::REDACTED)
    }
}

impl fmt::Debug for CanonicalRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CanonicalRequest")
            .field("text", &crate::redact::Redacted(&self.text))
            .field("signed_headers", &self.signed_headers)
            .finish()
    }
}

pub use super::common::SECURITY_TOKEN_HEADER;

/// Stage 5: the `Authorization` header value, led by the signature's algorithm.
pub fn authorization(access_key_id: &str, signed_headers: &str, signature: &Signature) -> String {
    format!(
        "{} Credential={access_key_id},SignedHeaders={signed_headers},Signature={}",
        signature.algorithm.as_str(),
        signature.as_str()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every stage carries the algorithm it was made for, and `Authorization` names it.
    #[test]
    fn the_stages_carry_their_algorithm() {
        let canonical =
            CanonicalRequest::new(Method::Post, "/", &[("A", "1")], &[("host", "h")], "x");
        let mut hashes = std::collections::BTreeSet::new();
        for algorithm in [
            Algorithm::HmacSha256,
            Algorithm::HmacSm3,
            Algorithm::RsaSha256,
        ] {
            let hashed = canonical.hashed_with(algorithm);
            assert_eq!(hashed.algorithm(), algorithm);
            assert_eq!(
                hashed.as_str(),
                hex_digest(algorithm, canonical.as_str().as_bytes())
            );
            hashes.insert(hashed.as_str().to_owned());
            let string_to_sign = StringToSign::new(&hashed);
            assert_eq!(string_to_sign.algorithm(), algorithm);
            assert_eq!(
                string_to_sign.as_str(),
                format!("{}\n{}", algorithm.as_str(), hashed.as_str())
            );
            let signature = Signature::new("k", &string_to_sign);
            assert_eq!(signature.algorithm(), algorithm);
            assert!(
                authorization("id", "host", &signature)
                    .starts_with(&format!("{} Credential=id,", algorithm.as_str()))
            );
        }
        // SM3's hash is not SHA-256's.
        assert_eq!(hashes.len(), 2);
        let key = crate::keys::RsaPrivateKey::from_pem(include_str!(
            "../../conformance/generators/keys/rsa-a.pem"
        ))
        .expect("the test key");
        let rsa = Signature::rsa(&key, &StringToSign::new(&canonical.hashed()));
        assert_eq!(rsa.algorithm(), Algorithm::RsaSha256);
        assert_eq!(rsa.as_str().len(), 512);
    }

    #[test]
    fn tokens_are_rfc_9110_tchars() {
        for b in 0..=255u8 {
            let tchar = b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
            let name = [b'x', b];
            assert_eq!(
                is_token(std::str::from_utf8(&name).unwrap_or("x\u{0}")),
                tchar && b != 0,
                "{b:#x}"
            );
        }
        assert!(!is_token(""));
    }

    #[test]
    fn empty_body_hash_is_the_documented_one() {
        assert_eq!(sha256_hex(b""), EMPTY_BODY_SHA256);
    }

    #[test]
    fn signed_headers_are_host_content_type_and_x_acs() {
        for yes in [
            "host",
            "Host",
            "content-type",
            "Content-Type",
            "x-acs-date",
            "X-ACS-Custom",
        ] {
            assert!(is_signed_header(yes), "{yes}");
        }
        for no in [
            "user-agent",
            "accept",
            "x-acs",
            "x-ac-date",
            "authorization",
            "é",
        ] {
            assert!(!is_signed_header(no), "{no}");
        }
    }

    #[test]
    fn repeated_headers_join_sorted_trimmed_values() {
        let r = CanonicalRequest::new(
            Method::Get,
            "/",
            &[] as &[(&str, &str)],
            &[
                ("X-Acs-B", " 2 "),
                ("user-agent", "x"),
                ("x-acs-b", "1"),
                ("Host", "h"),
            ],
            EMPTY_BODY_SHA256,
        );
        assert_eq!(
            r.as_str(),
            format!("GET\n/\n\nhost:h\nx-acs-b:1,2\n\nhost;x-acs-b\n{EMPTY_BODY_SHA256}")
        );
    }
}
