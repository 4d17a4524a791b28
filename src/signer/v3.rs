//! Signature V3 (ACS3-HMAC-SHA256): the common values in `x-acs-*` headers, the signature in
//! `Authorization`, only the operation parameters in the query. The staged, readable twin is
//! [`crate::rpc::v3`].

use std::borrow::Cow;

use super::{CONTENT_TYPE, Signer, Transport};
use crate::credentials::Credentials;
use crate::nonce::Nonce;
use crate::request::{API_VERSION, Operation};
use crate::rpc::v3;
use crate::rpc::{canonical_len, write_canonical_query};
use crate::signed::{Body, FORM_CONTENT_TYPE, Header, SignedRequest};
use crate::time::Timestamp;

/// Signs `request` with signature V3.
pub(crate) fn sign<R: Operation + ?Sized>(
    signer: &Signer,
    request: &R,
    credentials: &Credentials,
    timestamp: &Timestamp,
    nonce: &Nonce,
) -> SignedRequest {
    let params = request.params();
    let method = signer.transport.method();
    let region = request.region_id();
    let mut url =
        String::with_capacity(signer.endpoint.origin_len(region) + 2 + canonical_len(&params));
    let origin = signer.endpoint.origin(region);
    origin.iter().for_each(|piece| url.push_str(piece));
    let host_start = origin[0].len();
    let host = url[host_start..].to_owned();
    url.push('/');
    let (query, body): (&[(&str, &str)], Body) = match signer.transport {
        Transport::Get | Transport::PostQuery => {
            url.push('?');
            write_canonical_query(&mut url, &params);
            (&params, Body::Empty)
        }
        Transport::PostForm => {
            let mut form = String::with_capacity(canonical_len(&params));
            write_canonical_query(&mut form, &params);
            (&[], Body::Form(form))
        }
    };
    let body_bytes: &[u8] = match &body {
        Body::Empty => &[],
        Body::Form(form) => form.as_bytes(),
    };
    let body_hash = v3::sha256_hex(body_bytes);

    let owned = |value: &str| Cow::Owned(value.to_owned());
    let mut headers: Vec<Header> = vec![
        (Cow::Borrowed("host"), Cow::Owned(host)),
        (
            Cow::Borrowed("x-acs-action"),
            Cow::Borrowed(request.action().as_str()),
        ),
        (Cow::Borrowed("x-acs-version"), Cow::Borrowed(API_VERSION)),
        (Cow::Borrowed("x-acs-date"), owned(timestamp.as_str())),
        (
            Cow::Borrowed("x-acs-signature-nonce"),
            owned(nonce.as_str()),
        ),
        (Cow::Borrowed("x-acs-content-sha256"), owned(&body_hash)),
    ];
    if matches!(body, Body::Form(_)) {
        headers.push((
            Cow::Borrowed(CONTENT_TYPE),
            Cow::Borrowed(FORM_CONTENT_TYPE),
        ));
    }
    if let Some(token) = credentials.security_token() {
        headers.push((Cow::Borrowed(v3::SECURITY_TOKEN_HEADER), owned(token)));
        headers.push((
            Cow::Borrowed("x-acs-accesskey-id"),
            owned(credentials.access_key_id()),
        ));
    }
    headers.extend(signer.extra_headers());

    let canonical = v3::CanonicalRequest::new(method, "/", query, &headers, &body_hash);
    let string_to_sign = v3::StringToSign::new(&canonical.hashed());
    let signature = v3::Signature::new(credentials.access_key_secret(), &string_to_sign);
    let authorization = v3::authorization(
        credentials.access_key_id(),
        canonical.signed_headers(),
        &signature,
    );
    headers.push((Cow::Borrowed("authorization"), Cow::Owned(authorization)));
    SignedRequest::new(method, url, host_start, Cow::Owned(headers), body)
}
