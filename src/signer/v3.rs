//! Signature V3 (ACS3-HMAC-SHA256) at the speed of the hash: the common values in `x-acs-*`
//! headers, the signature in `Authorization`, only the operation parameters in the query.
//!
//! The fast path writes the query once, in canonical order, with the prefixes built at compile
//! time (the names are unreserved, so their order is the order of the encoded names too), then
//! feeds SHA-256 the canonical request straight from that text and from the header values it
//! knows to be the only signed ones, in their fixed sorted order; nothing is sorted, no
//! canonical request is built, and every header value lives inline in its [`HeaderValue`].
//! With headers of the caller's own (`Signer::header`), whose names and values can be anything,
//! it hands the canonical request to the staged reference, [`crate::rpc::v3`], instead. The
//! differential tests below and in `conformance/tests/typed_signing_v3.rs` check one against the other.

use std::borrow::Cow;

use hmac::{Hmac, KeyInit as _, Mac as _};
use sha2::{Digest as _, Sha256};

use super::buffers::Out;
use super::endpoint::origin_len;
use super::order::{Param, ValueKind};
use super::params::{Collected, Sink};
use super::{Signer, Transport};
use crate::canonical::hex::{hex_into, hex_str};
use crate::credentials::Credentials;
use crate::nonce::Nonce;
use crate::request::{API_VERSION, Operation};
use crate::rpc::v3::{self, ALGORITHM, EMPTY_BODY_SHA256, SECURITY_TOKEN_HEADER};
use crate::signed::{FORM_CONTENT_TYPE, Header, HeaderValue, SignedRequest};
use crate::time::Timestamp;

/// `SignedHeaders` of the fast path, by (form body, STS).
const SIGNED_HEADERS: [[&str; 2]; 2] = [
    [
        "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version",
        "host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-date;\
         x-acs-security-token;x-acs-signature-nonce;x-acs-version",
    ],
    [
        "content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;\
         x-acs-version",
        "content-type;host;x-acs-accesskey-id;x-acs-action;x-acs-content-sha256;x-acs-date;\
         x-acs-security-token;x-acs-signature-nonce;x-acs-version",
    ],
];

/// Signs `request` with signature V3.
pub(crate) fn sign<R: Operation + ?Sized>(
    signer: &Signer,
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
        hex_str(hex_into(&Sha256::digest(body.as_bytes()), &mut body_hash))
    } else {
        EMPTY_BODY_SHA256
    };

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
        (
            Cow::Borrowed("x-acs-content-sha256"),
            HeaderValue::new(body_hash),
        ),
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
        // The canonical request, fed to SHA-256 by the one writer the verifier uses too: the
        // query as written, and the signed headers in their sorted order.
        let sorted = [
            form.then_some((super::CONTENT_TYPE, FORM_CONTENT_TYPE)),
            Some(("host", host)),
            token.map(|_| ("x-acs-accesskey-id", id)),
            Some(("x-acs-action", action)),
            Some(("x-acs-content-sha256", body_hash)),
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
        let signed = SIGNED_HEADERS[usize::from(form)][usize::from(token.is_some())];
        hashed = crate::canonical::v3::hash::<Sha256>(
            method,
            "/",
            |feed| feed.push(query.as_bytes()),
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
        hashed.copy_from_slice(canonical.hashed().as_str().as_bytes());
        Cow::Owned(canonical.signed_headers().to_owned())
    };

    let mut mac = Hmac::<Sha256>::new_from_slice(credentials.access_key_secret().as_bytes())
        .expect("invariant: HMAC accepts keys of every length");
    mac.update(ALGORITHM.as_bytes());
    mac.update(b"\n");
    mac.update(&hashed);
    let mut signature = [0u8; 64];
    let signature = hex_str(hex_into(&mac.finalize().into_bytes(), &mut signature));
    headers.push((
        Cow::Borrowed("authorization"),
        HeaderValue::concat(&[
            ALGORITHM,
            " Credential=",
            id,
            ",SignedHeaders=",
            &signed_headers,
            ",Signature=",
            signature,
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
    let body_hash = v3::sha256_hex(form.as_bytes());
    let mut headers: Vec<(String, String)> = [
        ("host", host.as_str()),
        ("x-acs-action", request.action().as_str()),
        ("x-acs-version", API_VERSION),
        ("x-acs-date", timestamp.as_str()),
        ("x-acs-signature-nonce", nonce.as_str()),
        ("x-acs-content-sha256", &body_hash),
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
    let signature = v3::Signature::new(
        credentials.access_key_secret(),
        &v3::StringToSign::new(&canonical.hashed()),
    );
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
        let fast = sign(signer, request, credentials, ts, nonce);
        let (url, headers, body) = sign_staged(signer, request, credentials, ts, nonce);
        assert_eq!(fast.url(), url);
        assert_eq!(fast.body(), body.as_slice());
        let fast_headers: Vec<(String, String)> = fast
            .headers()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        assert_eq!(fast_headers, headers, "{signer:?} {credentials:?}");
    }

    /// The fast path and the staged reference give the same URL, headers and body for every
    /// transport, with and without STS, with and without caller headers, for secrets and
    /// values that need encoding.
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
        for transport in [Transport::Get, Transport::PostQuery, Transport::PostForm] {
            for extra in [false, true] {
                let mut signer = Signer::new()
                    .transport(transport)
                    .signature_version(super::super::SignatureVersion::V3);
                if extra {
                    signer = signer
                        .header("x-acs-resourcegroup-id", " rg-1 ")
                        .header("user-agent", "t");
                }
                for credentials in [
                    Credentials::new("LTAI5t", "k&é"),
                    Credentials::new(" id ", "").with_security_token(" CAIS+t/0== "),
                ] {
                    check(&signer, &one, &credentials, &ts, &nonce);
                    check(&signer, &hundred, &credentials, &ts, &nonce);
                }
            }
        }
    }
}
