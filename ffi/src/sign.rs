//! Building and signing DeleteInstance / DeleteInstances.

use std::ffi::{CString, c_char};

use aliyun_ecs_delete::keys::RsaPrivateKey;
use aliyun_ecs_delete::request::{Action, decode};
use aliyun_ecs_delete::{
    Algorithm, Credentials, Endpoint, Format, Nonce, Scheme, SignatureVersion, Signer, Timestamp,
    Transport,
};

use crate::text::{self, c_string, nth};
use crate::{EcsError, EcsPair, EcsStatus, Outcome, free, invalid, invalid_key, run};

/// Signature V1 (HMAC-SHA1), the default.
pub const ECS_SIGNATURE_V1: u32 = 1;
/// Signature V3 (`ACS3-HMAC-SHA256` unless `EcsSignOptions::algorithm` names another).
pub const ECS_SIGNATURE_V3: u32 = 3;
/// `POST` with the parameters in the query, the default.
pub const ECS_TRANSPORT_POST_QUERY: u32 = 0;
/// `GET` with the parameters in the query.
pub const ECS_TRANSPORT_GET: u32 = 1;
/// `POST` with the parameters in a form body.
pub const ECS_TRANSPORT_POST_FORM: u32 = 2;
/// JSON answers, the default.
pub const ECS_FORMAT_JSON: u32 = 0;
/// XML answers.
pub const ECS_FORMAT_XML: u32 = 1;

/// How to sign; pass null to [`ecs_sign`] for every default (V1, POST with the query, JSON,
/// the regional endpoint over HTTPS).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct EcsSignOptions {
    /// `ECS_SIGNATURE_V1` or `ECS_SIGNATURE_V3`.
    pub signature_version: u32,
    /// `ECS_TRANSPORT_POST_QUERY`, `ECS_TRANSPORT_GET` or `ECS_TRANSPORT_POST_FORM`.
    pub transport: u32,
    /// `ECS_FORMAT_JSON` or `ECS_FORMAT_XML`.
    pub format: u32,
    /// A host (and port) to send to instead of the regional endpoint, or null.
    pub endpoint: *const c_char,
    /// Non-zero: plain `http` to `endpoint` (a local emulator).
    pub plain_http: u32,
    /// With `ECS_SIGNATURE_V3`, the algorithm (`ACS3-HMAC-SHA256`, `ACS3-HMAC-SM3`,
    /// `ACS3-RSA-SHA256`), or null for `ACS3-HMAC-SHA256`. For `ACS3-RSA-SHA256`,
    /// `access_key_secret` is the RSA private key, PEM.
    pub algorithm: *const c_char,
}

/// A signed request, ready to send: method, URL, headers, body. Free it with
/// [`ecs_signed_request_free`].
#[derive(Debug)]
pub struct EcsSignedRequest {
    method: CString,
    url: CString,
    header_names: Vec<CString>,
    header_values: Vec<CString>,
    body: Vec<u8>,
}

fn refused(code: &str, parameter: &str, message: String) -> Outcome<EcsSignedRequest> {
    Outcome::Refused(EcsError::new(code, Some(parameter), &message))
}

/// Validates a DeleteInstance or DeleteInstances request (`action`) from its operation
/// parameters and signs it. A parameter the rules refuse, a malformed timestamp
/// (`YYYY-MM-DDThh:mm:ssZ`), nonce or endpoint, or an AccessKeyId or security token that would
/// change the request it is written into (`invalid_credentials`: a key id of visible ASCII
/// without `,` `;` `=`, a token without control characters) is `ECS_STATUS_REFUSED` with the
/// reason in `*error`.
///
/// # Safety
/// `action`, `access_key_id`, `access_key_secret`, `timestamp` and `nonce` are valid
/// NUL-terminated strings; `security_token` is one or null; `params` holds `params_len` pairs
/// of valid strings (or is null for none); `options` is null (the defaults) or points to a
/// valid `EcsSignOptions` whose `endpoint` is a valid string or null; `out` points to a
/// writable pointer, and `error` to one or is null.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn ecs_sign(
    action: *const c_char,
    params: *const EcsPair,
    params_len: usize,
    access_key_id: *const c_char,
    access_key_secret: *const c_char,
    security_token: *const c_char,
    timestamp: *const c_char,
    nonce: *const c_char,
    options: *const EcsSignOptions,
    out: *mut *mut EcsSignedRequest,
    error: *mut *mut EcsError,
) -> EcsStatus {
    run(out, error, || {
        // SAFETY: the caller's contract for every argument.
        let inputs = unsafe {
            (|| {
                Ok::<_, EcsStatus>((
                    text::required(action)?,
                    text::pairs(params, params_len)?,
                    text::required(access_key_id)?,
                    text::required(access_key_secret)?,
                    text::optional(security_token)?,
                    text::required(timestamp)?,
                    text::required(nonce)?,
                    match options.as_ref() {
                        None => None,
                        Some(o) => Some((
                            *o,
                            text::optional(o.endpoint)?,
                            text::optional(o.algorithm)?,
                        )),
                    },
                ))
            })()
        };
        let (action, params, key_id, secret, token, ts, nonce, options) = match inputs {
            Ok(inputs) => inputs,
            Err(status) => return status.into(),
        };
        let Some(action) = Action::parse(action) else {
            return invalid("action", action, "DeleteInstance or DeleteInstances");
        };
        let request = match decode(action, &params) {
            Ok(decoded) => decoded.request,
            Err(e) => {
                return Outcome::Refused(EcsError::new(e.code(), e.parameter(), &e.to_string()));
            }
        };
        let Ok(timestamp) = Timestamp::parse(ts) else {
            return refused(
                "invalid_timestamp",
                "Timestamp",
                format!("\"{ts}\" is not YYYY-MM-DDThh:mm:ssZ"),
            );
        };
        let nonce = match Nonce::new(nonce) {
            Ok(nonce) => nonce,
            Err(e) => return refused("invalid_nonce", "SignatureNonce", e.to_string()),
        };
        let mut signer = Signer::new();
        let mut rsa = false;
        if let Some((o, endpoint, algorithm)) = options {
            signer = signer
                .signature_version(match o.signature_version {
                    ECS_SIGNATURE_V1 => SignatureVersion::V1,
                    ECS_SIGNATURE_V3 => SignatureVersion::V3,
                    other => return invalid("signature_version", other, "1 or 3"),
                })
                .transport(match o.transport {
                    ECS_TRANSPORT_POST_QUERY => Transport::PostQuery,
                    ECS_TRANSPORT_GET => Transport::Get,
                    ECS_TRANSPORT_POST_FORM => Transport::PostForm,
                    other => return invalid("transport", other, "0, 1 or 2"),
                })
                .format(match o.format {
                    ECS_FORMAT_JSON => Format::Json,
                    ECS_FORMAT_XML => Format::Xml,
                    other => return invalid("format", other, "0 or 1"),
                });
            if algorithm.is_some() {
                if o.signature_version != ECS_SIGNATURE_V3 {
                    return invalid("algorithm", algorithm, "null with ECS_SIGNATURE_V1");
                }
                let algorithm = match crate::algorithm(algorithm) {
                    Ok(algorithm) => algorithm,
                    Err(outcome) => return outcome,
                };
                rsa = algorithm == Algorithm::RsaSha256;
                signer = signer.algorithm(algorithm);
            }
            match endpoint {
                None => {}
                Some(host) => {
                    let scheme = if o.plain_http != 0 {
                        Scheme::Http
                    } else {
                        Scheme::Https
                    };
                    match Endpoint::with_scheme(scheme, host) {
                        Ok(endpoint) => signer = signer.endpoint(endpoint),
                        Err(e) => return refused("invalid_endpoint", "endpoint", e.to_string()),
                    }
                }
            }
        }
        let credentials = if rsa {
            match RsaPrivateKey::from_pem(secret) {
                Ok(key) => Credentials::rsa(key_id, key),
                Err(e) => return invalid_key("access_key_secret", &e),
            }
        } else {
            Credentials::new(key_id, secret)
        };
        // The key id and the token are written into the request: refused, naming which, when
        // they would change it.
        let credentials = match token {
            Some(token) => credentials.and_then(|c| c.with_security_token(token)),
            None => credentials,
        };
        let credentials = match credentials {
            Ok(credentials) => credentials,
            Err(e) => return refused(e.code(), e.parameter(), e.to_string()),
        };
        let signed = signer.sign(&request, &credentials, &timestamp, &nonce);
        Outcome::Done(EcsSignedRequest {
            method: c_string(signed.method().as_str()),
            url: c_string(signed.url()),
            header_names: signed.headers().map(|(n, _)| c_string(n)).collect(),
            header_values: signed.headers().map(|(_, v)| c_string(v)).collect(),
            body: signed.body().to_vec(),
        })
    })
}

/// `GET` or `POST`.
///
/// # Safety
/// `request` is null or a live signed request.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_signed_request_method(
    request: *const EcsSignedRequest,
) -> *const c_char {
    // SAFETY: the caller's contract.
    unsafe { request.as_ref() }.map_or(std::ptr::null(), |r| r.method.as_ptr())
}

/// The whole URL, scheme to query.
///
/// # Safety
/// `request` is null or a live signed request.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_signed_request_url(request: *const EcsSignedRequest) -> *const c_char {
    // SAFETY: the caller's contract.
    unsafe { request.as_ref() }.map_or(std::ptr::null(), |r| r.url.as_ptr())
}

/// How many headers to send (V3 requests and form bodies have some).
///
/// # Safety
/// `request` is null or a live signed request.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_signed_request_header_count(
    request: *const EcsSignedRequest,
) -> usize {
    // SAFETY: the caller's contract.
    unsafe { request.as_ref() }.map_or(0, |r| r.header_names.len())
}

/// The name of header `i`, or null past the last.
///
/// # Safety
/// `request` is null or a live signed request.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_signed_request_header_name(
    request: *const EcsSignedRequest,
    i: usize,
) -> *const c_char {
    // SAFETY: the caller's contract.
    unsafe { request.as_ref() }.map_or(std::ptr::null(), |r| nth(&r.header_names, i))
}

/// The value of header `i`, or null past the last.
///
/// # Safety
/// `request` is null or a live signed request.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_signed_request_header_value(
    request: *const EcsSignedRequest,
    i: usize,
) -> *const c_char {
    // SAFETY: the caller's contract.
    unsafe { request.as_ref() }.map_or(std::ptr::null(), |r| nth(&r.header_values, i))
}

/// The body's bytes (its length in `*len`); empty unless the transport is a form.
///
/// # Safety
/// `request` is null or a live signed request; `len` is null or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_signed_request_body(
    request: *const EcsSignedRequest,
    len: *mut usize,
) -> *const u8 {
    // SAFETY: the caller's contract.
    let body = unsafe { request.as_ref() }.map_or(&[][..], |r| r.body.as_slice());
    if !len.is_null() {
        // SAFETY: checked.
        unsafe { *len = body.len() };
    }
    body.as_ptr()
}

/// Frees a signed request.
///
/// # Safety
/// `request` is null or a signed request this library returned, freed at most once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_signed_request_free(request: *mut EcsSignedRequest) {
    // SAFETY: the caller's contract.
    unsafe { free(request) }
}
