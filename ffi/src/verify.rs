//! Verifying a signed request, as the service would.

use std::ffi::{CString, c_char};

use aliyun_ecs_delete::Timestamp;
use aliyun_ecs_delete::keys::RsaPublicKey;
use aliyun_ecs_delete::rpc::Method;
use aliyun_ecs_delete::verify::{Keys, Verifier};

use crate::text::{self, c_string, nth};
use crate::{EcsError, EcsPair, EcsStatus, Outcome, free, invalid, run};

/// A request the service would accept: its action and operation parameters. Free it with
/// [`ecs_verified_free`].
#[derive(Debug)]
pub struct EcsVerified {
    action: CString,
    access_key_id: CString,
    names: Vec<CString>,
    values: Vec<CString>,
}

/// Verifies a signed request: V3 when `headers` hold an `Authorization`, else V1 (the query of
/// `url` and, when given, the form `body`). `now` (`YYYY-MM-DDThh:mm:ssZ`, or null to check the
/// timestamp's form only) is the time to check it against, allowing 900 s. The account's keys
/// are `access_key_secret` (V1 and the V3 HMACs) and `public_key` (its RSA public key, PEM,
/// for `ACS3-RSA-SHA256`), either of them null; a request whose key is not given is a
/// `signature_mismatch`. A request the service would refuse is `ECS_STATUS_REFUSED`, with the
/// first reason in `*error` (the codes of the conformance suite's `verify` rules).
///
/// # Safety
/// `method` and `url` are valid NUL-terminated strings; `access_key_secret`, `public_key` and
/// `now` are each one or null; `headers` holds `headers_len` pairs of valid strings (or is null for none); `body`
/// holds `body_len` bytes (or is null for none); `out` points to a writable pointer, and
/// `error` to one or is null.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn ecs_verify(
    method: *const c_char,
    url: *const c_char,
    headers: *const EcsPair,
    headers_len: usize,
    body: *const u8,
    body_len: usize,
    access_key_secret: *const c_char,
    public_key: *const c_char,
    now: *const c_char,
    max_skew_seconds: i64,
    out: *mut *mut EcsVerified,
    error: *mut *mut EcsError,
) -> EcsStatus {
    run(out, error, || {
        // SAFETY: the caller's contract.
        let inputs = unsafe {
            (|| {
                Ok::<_, EcsStatus>((
                    text::required(method)?,
                    text::required(url)?,
                    text::pairs(headers, headers_len)?,
                    (!body.is_null())
                        .then(|| text::bytes(body, body_len))
                        .transpose()?,
                    text::optional(access_key_secret)?,
                    text::optional(public_key)?,
                    text::optional(now)?,
                ))
            })()
        };
        let (method, url, headers, body, secret, public_key, now) = match inputs {
            Ok(inputs) => inputs,
            Err(status) => return status.into(),
        };
        let Some(method) = Method::parse(method) else {
            return invalid("method", method, "GET or POST");
        };
        let now = match now.map(Timestamp::parse).transpose() {
            Ok(now) => now,
            Err(_) => return invalid("now", now.unwrap_or_default(), "YYYY-MM-DDThh:mm:ssZ"),
        };
        let mut verifier = Verifier::new();
        if let Ok(skew) = u64::try_from(max_skew_seconds) {
            verifier = verifier.max_skew_seconds(skew);
        }
        let public_key = match public_key.map(RsaPublicKey::from_pem).transpose() {
            Ok(key) => key,
            Err(e) => return crate::invalid_key("public_key", &e),
        };
        let mut keys = Keys::new();
        if let Some(secret) = secret {
            keys = keys.with_secret(secret);
        }
        if let Some(public_key) = &public_key {
            keys = keys.with_public_key(public_key);
        }
        let verdict = verifier.verify(method, url, &headers, body, keys, now.as_ref());
        match verdict {
            Ok(v) => Outcome::Done(EcsVerified {
                action: c_string(v.action().as_str()),
                access_key_id: c_string(&v.access_key_id),
                names: v.params.iter().map(|(n, _)| c_string(n)).collect(),
                values: v.params.iter().map(|(_, value)| c_string(value)).collect(),
            }),
            Err(e) => Outcome::Refused(EcsError::new(e.code(), e.parameter(), &e.to_string())),
        }
    })
}

/// `DeleteInstance` or `DeleteInstances`.
///
/// # Safety
/// `verified` is null or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_verified_action(verified: *const EcsVerified) -> *const c_char {
    // SAFETY: the caller's contract.
    unsafe { verified.as_ref() }.map_or(std::ptr::null(), |v| v.action.as_ptr())
}

/// The AccessKeyId that signed it.
///
/// # Safety
/// `verified` is null or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_verified_access_key_id(verified: *const EcsVerified) -> *const c_char {
    // SAFETY: the caller's contract.
    unsafe { verified.as_ref() }.map_or(std::ptr::null(), |v| v.access_key_id.as_ptr())
}

/// How many operation parameters it carries.
///
/// # Safety
/// `verified` is null or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_verified_param_count(verified: *const EcsVerified) -> usize {
    // SAFETY: the caller's contract.
    unsafe { verified.as_ref() }.map_or(0, |v| v.names.len())
}

/// The name of operation parameter `i` (sorted by name, then value), or null past the last.
///
/// # Safety
/// `verified` is null or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_verified_param_name(
    verified: *const EcsVerified,
    i: usize,
) -> *const c_char {
    // SAFETY: the caller's contract.
    unsafe { verified.as_ref() }.map_or(std::ptr::null(), |v| nth(&v.names, i))
}

/// The value of operation parameter `i`, or null past the last.
///
/// # Safety
/// `verified` is null or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_verified_param_value(
    verified: *const EcsVerified,
    i: usize,
) -> *const c_char {
    // SAFETY: the caller's contract.
    unsafe { verified.as_ref() }.map_or(std::ptr::null(), |v| nth(&v.values, i))
}

/// Frees a verified request.
///
/// # Safety
/// `verified` is null or one this library returned, freed at most once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_verified_free(verified: *mut EcsVerified) {
    // SAFETY: the caller's contract.
    unsafe { free(verified) }
}
