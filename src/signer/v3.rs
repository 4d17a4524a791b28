//! Signature V3, in each of its algorithms, at the speed of the hash: the common values in `x-acs-*`
//! headers, the signature in `Authorization`, only the operation parameters in the query.
//!
//! The fast path writes the query once, in canonical order, with the prefixes built at compile
//! time (the names are unreserved, so their order is the order of the encoded names too), then
//! feeds the algorithm's digest the canonical request straight from that text and from the header values it
//! knows to be the only signed ones, in their fixed sorted order; nothing is sorted, no
//! canonical request is built, and every header value lives inline in its [`HeaderValue`].
//! With headers of the caller's own (`Signer::header`), whose names and values can be anything,
//! it hands the canonical request to the staged reference, [`crate::rpc::v3`], instead. The
//! differential tests below and in `conformance/tests/typed_signing_v3.rs` check one against the other.

use std::borrow::Cow;

use super::buffers::Out;
use super::endpoint::origin_len;
use super::order::{Param, ValueKind};
use super::params::{Collected, Sink};
use super::{Signer, Transport};
use crate::algorithm::{Algorithm, AsWritten};
use crate::credentials::Credentials;
use crate::nonce::Nonce;
use crate::request::{API_VERSION, Operation};
use crate::rpc::v3::{self, SECURITY_TOKEN_HEADER};
use crate::signed::{FORM_CONTENT_TYPE, Header, HeaderValue, SignedRequest};
use crate::time::Timestamp;

/// `SignedHeaders` of the fast path, by (SM3, form body, STS): the body hash header is
/// `x-acs-content-sm3` for SM3, `x-acs-content-sha256` otherwise, in the same place.
const SIGNED_HEADERS: [[[&str; 2]; 2]; 2] = [
    [
        [
            "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
            "host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-date;\
             x-acs-security-token;x-acs-signature-nonce;x-acs-version",
        ],
        [
            "content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;\
             x-acs-signature-nonce;x-acs-version",
            "content-type;host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-date;\
             x-acs-security-token;x-acs-signature-nonce;x-acs-version",
        ],
    ],
    [
        [
            "host;x-acs-action;x-acs-content-sm3;x-acs-date;x-acs-signature-nonce;x-acs-version",
            "host;x-acs-accesskey-id;x-acs-action;x-acs-content-sm3;x-acs-date;\
             x-acs-security-token;x-acs-signature-nonce;x-acs-version",
        ],
        [
            "content-type;host;x-acs-action;x-acs-content-sm3;x-acs-date;x-acs-signature-nonce;\
             x-acs-version",
            "content-type;host;x-acs-accesskey-id;x-acs-action;x-acs-content-sm3;x-acs-date;\
             x-acs-security-token;x-acs-signature-nonce;x-acs-version",
        ],
    ],
];

/// Signs `request` with signature V3 and `algorithm`, which `credentials` can make.
pub(crate) fn sign<R: Operation + ?Sized>(
    signer: &Signer,
    algorithm: Algorithm,
    request: &R,
    credentials: &Credentials,
    timestamp: &Timestamp,
    nonce: &Nonce,
) -> SignedRequest {
    let method = signer.transport.method();
    let region = request.region_id();
    let params = Collected::of(request);
    let mut bound = LenBound(0);
    params.in_canonical_order(&mut bound);
    let origin = signer.endpoint.origin(region);
    let host_start = origin[0].len();
    let form = signer.transport == Transport::PostForm;

    // One text: the URL, then the form body when there is one; the query is written once,
    // in the URL or as the body.
    let mut out = Out::new(origin_len(&origin) + 2 + bound.0);
    for piece in origin {
        out.push(piece.as_bytes());
    }
    let host_end = out.len;
    out.push(if form { b"/" } else { b"/?" });
    let query_start = out.len;
    params.in_canonical_order(&mut QueryWriter::new(&mut out));
    let text = out.into_string();
    let host = &text[host_start..host_end];
    let (url_len, query, body) = if form {
        (query_start, "", &text[query_start..])
    } else {
        (text.len(), &text[query_start..], "")
    };
    let mut body_hash = [0u8; 64];
    let body_hash: &str = if form {
        algorithm.hex_digest(body.as_bytes(), &mut body_hash)
    } else {
        algorithm.empty_body_hash()
    };
    let body_hash_header = algorithm.body_hash_header();

    let token = credentials.security_token();
    let id = credentials.access_key_id();
    let action = request.action().as_str();
    let mut headers: Vec<Header> = Vec::with_capacity(10 + signer.extra_headers.len());
    headers.extend([
        (Cow::Borrowed("host"), HeaderValue::new(host)),
        (
            Cow::Borrowed("x-acs-action"),
            HeaderValue::from_static(action),
        ),
        (
            Cow::Borrowed("x-acs-version"),
            HeaderValue::from_static(API_VERSION),
        ),
        (
            Cow::Borrowed("x-acs-date"),
            HeaderValue::new(timestamp.as_str()),
        ),
        (
            Cow::Borrowed("x-acs-signature-nonce"),
            HeaderValue::new(nonce.as_str()),
        ),
        (Cow::Borrowed(body_hash_header), HeaderValue::new(body_hash)),
    ]);
    if form {
        headers.push((
            Cow::Borrowed(super::CONTENT_TYPE),
            HeaderValue::from_static(FORM_CONTENT_TYPE),
        ));
    }
    if let Some(token) = token {
        headers.push((
            Cow::Borrowed(SECURITY_TOKEN_HEADER),
            HeaderValue::new(token),
        ));
        headers.push((Cow::Borrowed("x-acs-accesskey-id"), HeaderValue::new(id)));
    }

    let mut hashed = [0u8; 64];
    let signed_headers: Cow<'_, str> = if signer.extra_headers.is_empty() {
        // The canonical request, fed to the algorithm's digest by the one writer the verifier
        // uses too: the query as written, and the signed headers in their sorted order.
        let sorted = [
            form.then_some((super::CONTENT_TYPE, FORM_CONTENT_TYPE)),
            Some(("host", host)),
            token.map(|_| ("x-acs-accesskey-id", id)),
            Some(("x-acs-action", action)),
            Some((body_hash_header, body_hash)),
            Some(("x-acs-date", timestamp.as_str())),
            token.map(|token| (SECURITY_TOKEN_HEADER, token)),
            Some(("x-acs-signature-nonce", nonce.as_str())),
            Some(("x-acs-version", API_VERSION)),
        ];
        let mut lines = [("", ""); 9];
        let mut count = 0;
        for line in sorted.into_iter().flatten() {
            lines[count] = line;
            count += 1;
        }
        let sm3 = algorithm == Algorithm::HmacSm3;
        let signed =
            SIGNED_HEADERS[usize::from(sm3)][usize::from(form)][usize::from(token.is_some())];
        hashed = algorithm.canonical_hash(
            method,
            "/",
            AsWritten(query),
            crate::canonical::v3::Lines {
                lines: &lines[..count],
                joined: Some(signed),
            },
            body_hash,
        );
        Cow::Borrowed(signed)
    } else {
        // The caller's headers: the staged reference decides what is signed and how.
        headers.extend(signer.extra_headers());
        let query_pairs = request.params();
        let query: &[(&str, &str)] = if form { &[] } else { &query_pairs };
        let canonical = v3::CanonicalRequest::new(method, "/", query, &headers, body_hash);
        hashed.copy_from_slice(canonical.hashed_with(algorithm).as_str().as_bytes());
        Cow::Owned(canonical.signed_headers().to_owned())
    };

    let signature = algorithm
        .sign(credentials.key(), &hashed)
        .expect("invariant: the signer chose an algorithm the credentials' key makes");
    headers.push((
        Cow::Borrowed("authorization"),
        HeaderValue::concat(&[
            algorithm.as_str(),
            " Credential=",
            id,
            ",SignedHeaders=",
            &signed_headers,
            ",Signature=",
            signature.as_str(),
        ]),
    ));
    SignedRequest::new(method, text, url_len, host_start, Cow::Owned(headers))
}

/// An upper bound of the query's length: encoding grows text at most threefold.
struct LenBound(usize);

impl<'a> Sink<'a> for LenBound {
    #[inline]
    fn param(&mut self, param: Param, value: &'a str) {
        let grows = if param.value == ValueKind::Text { 3 } else { 1 };
        self.0 += 2 + param.name.len() + grows * value.len();
    }
}

/// Writes `name=value` pairs joined with `&`, in the order given (canonical order).
struct QueryWriter<'o> {
    out: &'o mut Out,
    first: bool,
}

impl<'o> QueryWriter<'o> {
    fn new(out: &'o mut Out) -> QueryWriter<'o> {
        QueryWriter { out, first: true }
    }
}

impl<'a> Sink<'a> for QueryWriter<'_> {
    #[inline]
    fn param(&mut self, param: Param, value: &'a str) {
        match (self.first, param.value) {
            // Every operation prefix is `&Name=`; the first pair goes without its `&`.
            (true, _) => {
                self.first = false;
                self.out.push(&param.prefix.once.as_bytes()[1..]);
                self.value(param, value);
            }
            (false, ValueKind::Plain | ValueKind::Fixed) => {
                self.out.push_prefixed(&param.prefix.once, value.as_bytes());
            }
            (false, ValueKind::Text) => {
                self.out.push(param.prefix.once.as_bytes());
                self.value(param, value);
            }
        }
    }
}

impl QueryWriter<'_> {
    #[inline]
    fn value(&mut self, param: Param, value: &str) {
        match param.value {
            ValueKind::Plain | ValueKind::Fixed => self.out.push(value.as_bytes()),
            ValueKind::Text => {
                let out = &mut *self.out;
                crate::encode::encode_with(value, |piece| out.push(piece.as_bytes()));
            }
        }
    }
}

/// The staged path of V3, as the fast path replaced it: kept to check the fast path against.
#[cfg(test)]
fn sign_staged<R: Operation + ?Sized>(
    signer: &Signer,
    algorithm: Algorithm,
    request: &R,
    credentials: &Credentials,
    timestamp: &Timestamp,
    nonce: &Nonce,
) -> (String, Vec<(String, String)>, Vec<u8>) {
    let params = request.params();
    let method = signer.transport.method();
    let origin = signer.endpoint.origin(request.region_id());
    let mut url: String = origin.concat();
    let host = url[origin[0].len()..].to_owned();
    url.push('/');
    let mut form = String::new();
    let query: &[(&str, &str)] = if signer.transport == Transport::PostForm {
        crate::rpc::write_canonical_query(&mut form, &params);
        &[]
    } else {
        url.push('?');
        crate::rpc::write_canonical_query(&mut url, &params);
        &params
    };
    let body_hash = v3::hex_digest(algorithm, form.as_bytes());
    let mut headers: Vec<(String, String)> = [
        ("host", host.as_str()),
        ("x-acs-action", request.action().as_str()),
        ("x-acs-version", API_VERSION),
        ("x-acs-date", timestamp.as_str()),
        ("x-acs-signature-nonce", nonce.as_str()),
        (algorithm.body_hash_header(), &body_hash),
    ]
    .iter()
    .map(|(n, v)| (n.to_string(), v.to_string()))
    .collect();
    if !form.is_empty() {
        headers.push(("content-type".into(), FORM_CONTENT_TYPE.into()));
    }
    if let Some(token) = credentials.security_token() {
        headers.push((SECURITY_TOKEN_HEADER.into(), token.into()));
        headers.push((
            "x-acs-accesskey-id".into(),
            credentials.access_key_id().into(),
        ));
    }
    headers.extend(signer.extra_headers.iter().cloned());
    let canonical = v3::CanonicalRequest::new(method, "/", query, &headers, &body_hash);
    let string_to_sign = v3::StringToSign::new(&canonical.hashed_with(algorithm));
    let signature = match credentials.rsa_key() {
        Some(key) => v3::Signature::rsa(key, &string_to_sign),
        None => v3::Signature::new(credentials.access_key_secret(), &string_to_sign),
    };
    let authorization = v3::authorization(
        credentials.access_key_id(),
        canonical.signed_headers(),
        &signature,
    );
    headers.push(("authorization".into(), authorization));
    (url, headers, form.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{DeleteInstance, DeleteInstances, ReleaseMode};

    fn check<R: Operation>(
        signer: &Signer,
        request: &R,
        credentials: &Credentials,
        ts: &Timestamp,
        nonce: &Nonce,
    ) {
        let algorithm = signer.signs_with(credentials).expect("V3");
        let fast = sign(signer, algorithm, request, credentials, ts, nonce);
        let (url, headers, body) = sign_staged(signer, algorithm, request, credentials, ts, nonce);
        assert_eq!(fast.url(), url);
        assert_eq!(fast.body(), body.as_slice());
        let fast_headers: Vec<(String, String)> = fast
            .headers()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        assert_eq!(fast_headers, headers, "{signer:?} {credentials:?}");
    }

    /// The fast path and the staged reference give the same URL, headers and body for every
    /// algorithm and transport, with and without STS, with and without caller headers, for
    /// secrets and values that need encoding.
    #[test]
    fn the_fast_path_equals_the_stages() {
        let ts = Timestamp::parse("2026-11-23T08:30:00Z").expect("valid");
        let nonce = Nonce::new("3156853299f313e23d1673dc12e1703d").expect("valid");
        let one = DeleteInstance::builder("i-bp1g6zv0ce8oghu7k2zz")
            .region_id("cn-hangzhou")
            .release_mode(ReleaseMode::ForceAfterShutdown)
            .owner_account("ops team/é&=+")
            .dry_run(true)
            .build()
            .expect("valid");
        let ids: Vec<String> = (1..=100).map(|n| format!("i-{n}")).collect();
        let hundred = DeleteInstances::builder("cn-hangzhou")
            .instance_ids(&ids)
            .client_token("a b~c*d")
            .resource_owner_id(7)
            .build()
            .expect("valid");
        let key = crate::keys::RsaPrivateKey::from_pem(include_str!(
            "../../conformance/generators/keys/rsa-a.pem"
        ))
        .expect("a test key");
        let mut seen = std::collections::BTreeSet::new();
        for transport in [Transport::Get, Transport::PostQuery, Transport::PostForm] {
            for extra in [false, true] {
                for algorithm in [
                    Algorithm::HmacSha256,
                    Algorithm::HmacSm3,
                    Algorithm::RsaSha256,
                ] {
                    let mut signer = Signer::new().transport(transport).algorithm(algorithm);
                    if extra {
                        signer = signer
                            .header("x-acs-resourcegroup-id", " rg-1 ")
                            .header("user-agent", "t");
                    }
                    for credentials in [
                        Credentials::new("LTAI5t", "k&é").unwrap(),
                        Credentials::new("STS.id", "")
                            .unwrap()
                            .with_security_token(" CAIS+t/0== ")
                            .unwrap(),
                        Credentials::rsa("LTAI5t", key.clone()).unwrap(),
                        Credentials::rsa("LTAI5t", key.clone())
                            .unwrap()
                            .with_security_token("CAIS")
                            .unwrap(),
                    ] {
                        seen.insert(signer.signs_with(&credentials).map(|a| a.as_str()));
                        check(&signer, &one, &credentials, &ts, &nonce);
                        check(&signer, &hundred, &credentials, &ts, &nonce);
                    }
                }
            }
        }
        assert_eq!(seen.len(), 3, "{seen:?}");
    }

    /// The key decides where it must: an RSA key signs `ACS3-RSA-SHA256` under any setting, a
    /// secret an HMAC; V1 is V1.
    #[test]
    fn the_credentials_have_the_last_word() {
        let key = crate::keys::RsaPrivateKey::from_pem(include_str!(
            "../../conformance/generators/keys/rsa-a.pem"
        ))
        .expect("a test key");
        let rsa = Credentials::rsa("id", key).unwrap();
        let secret = Credentials::new("id", "s").unwrap();
        let v1 = Signer::new();
        assert_eq!(v1.signs_with(&secret), None);
        assert_eq!(v1.signs_with(&rsa), Some(Algorithm::RsaSha256));
        for (set, with_secret) in [
            (Algorithm::HmacSha256, Algorithm::HmacSha256),
            (Algorithm::HmacSm3, Algorithm::HmacSm3),
            (Algorithm::RsaSha256, Algorithm::HmacSha256),
        ] {
            let signer = Signer::new().algorithm(set);
            assert_eq!(signer.signs_with(&secret), Some(with_secret));
            assert_eq!(signer.signs_with(&rsa), Some(Algorithm::RsaSha256));
        }
    }

    /// The query's length bound is the length of the longest query the parameters can make:
    /// with every value that may need escapes needing them at every byte, it is exact (and one
    /// more, for the `&` the first pair goes without).
    #[test]
    fn the_length_bound_is_the_worst_case_exactly() {
        let request = DeleteInstances::builder("cn-hangzhou")
            .instance_ids(["i-a", "i-bb"])
            .client_token("!".repeat(64))
            .owner_account("é".repeat(10))
            .resource_owner_account("/".repeat(7))
            .dry_run(true)
            .build()
            .expect("valid");
        let mut bound = LenBound(0);
        Collected::of(&request).in_canonical_order(&mut bound);
        let signed = Signer::new()
            .signature_version(crate::SignatureVersion::V3)
            .sign(
                &request,
                &Credentials::new("k", "s").expect("valid"),
                &Timestamp::parse("2026-11-23T08:30:00Z").expect("valid"),
                &Nonce::new("n").expect("valid"),
            );
        let (_, query) = signed.url().split_once('?').expect("a query");
        assert_eq!(bound.0, query.len() + 1, "{query}");
    }
}
