//! The generic signature stages (any parameters, any headers), and request validation alone:
//! what another SDK's conformance run checks itself against.

use std::ffi::{CString, c_char};

use aliyun_ecs_delete::Algorithm;
use aliyun_ecs_delete::keys::RsaPrivateKey;
use aliyun_ecs_delete::request::{Action, Operation, decode};
use aliyun_ecs_delete::rpc::{Method, v1, v3};

use crate::text::{self, c_string, nth, ptr_of};
use crate::{EcsError, EcsPair, EcsStatus, Outcome, free, invalid, run};

/// The stages of one signature: canonical query (V1) or canonical request (V3), its hash (V3),
/// the string to sign, the signature and the `Authorization` value (V3). Free it with
/// [`ecs_stages_free`].
#[derive(Debug)]
pub struct EcsStages {
    canonical: CString,
    hashed: Option<CString>,
    string_to_sign: CString,
    signature: CString,
    authorization: Option<CString>,
}

/// Signature V1 over any parameters (every signed one, common ones included, without
/// `Signature`), sent with `method` (`GET` or `POST`).
///
/// # Safety
/// `method` and `access_key_secret` are valid NUL-terminated strings; `params` holds
/// `params_len` pairs of valid strings (or is null for none); `out` points to a writable
/// pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_rpc_v1(
    method: *const c_char,
    params: *const EcsPair,
    params_len: usize,
    access_key_secret: *const c_char,
    out: *mut *mut EcsStages,
) -> EcsStatus {
    run(out, std::ptr::null_mut::<*mut EcsError>(), || {
        // SAFETY: the caller's contract.
        let inputs = unsafe {
            (|| {
                Ok::<_, EcsStatus>((
                    text::required(method)?,
                    text::pairs(params, params_len)?,
                    text::required(access_key_secret)?,
                ))
            })()
        };
        let (method, params, secret) = match inputs {
            Ok(inputs) => inputs,
            Err(status) => return status.into(),
        };
        let Some(method) = Method::parse(method) else {
            return invalid("method", method, "GET or POST");
        };
        let query = v1::CanonicalQuery::new(params.iter().copied());
        let string_to_sign = v1::StringToSign::new(method, &query);
        let signature = v1::Signature::v1(secret, &string_to_sign);
        Outcome::Done(EcsStages {
            canonical: c_string(query.as_str()),
            hashed: None,
            string_to_sign: c_string(string_to_sign.as_str()),
            signature: c_string(signature.as_str()),
            authorization: None,
        })
    })
}

/// Signature V3 over a request: `method`, `path` (null: `/`), the query's raw pairs, every
/// header sent but `Authorization`, and the body bytes, with `algorithm` (null:
/// `ACS3-HMAC-SHA256`; for `ACS3-RSA-SHA256`, `access_key_secret` is the private key, PEM).
///
/// # Safety
/// `method`, `access_key_id` and `access_key_secret` are valid NUL-terminated strings; `path`
/// and `algorithm` are one or null; `query` and `headers` hold `query_len` and `headers_len` pairs of valid
/// strings (or are null for none); `body` holds `body_len` bytes (or is null for none); `out`
/// points to a writable pointer.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)]
pub unsafe extern "C" fn ecs_rpc_v3(
    method: *const c_char,
    path: *const c_char,
    access_key_id: *const c_char,
    access_key_secret: *const c_char,
    algorithm: *const c_char,
    query: *const EcsPair,
    query_len: usize,
    headers: *const EcsPair,
    headers_len: usize,
    body: *const u8,
    body_len: usize,
    out: *mut *mut EcsStages,
) -> EcsStatus {
    run(out, std::ptr::null_mut::<*mut EcsError>(), || {
        // SAFETY: the caller's contract.
        let inputs = unsafe {
            (|| {
                Ok::<_, EcsStatus>((
                    text::required(method)?,
                    text::optional(path)?.unwrap_or("/"),
                    text::required(access_key_id)?,
                    text::required(access_key_secret)?,
                    text::optional(algorithm)?,
                    text::pairs(query, query_len)?,
                    text::pairs(headers, headers_len)?,
                    text::bytes(body, body_len)?,
                ))
            })()
        };
        let (method, path, key_id, secret, algorithm, query, headers, body) = match inputs {
            Ok(inputs) => inputs,
            Err(status) => return status.into(),
        };
        let Some(method) = Method::parse(method) else {
            return invalid("method", method, "GET or POST");
        };
        let algorithm = match crate::algorithm(algorithm) {
            Ok(algorithm) => algorithm,
            Err(outcome) => return outcome,
        };
        let canonical = v3::CanonicalRequest::new(
            method,
            path,
            &query,
            &headers,
            &v3::hex_digest(algorithm, body),
        );
        let hashed = canonical.hashed_with(algorithm);
        let string_to_sign = v3::StringToSign::new(&hashed);
        let signature = match algorithm {
            Algorithm::RsaSha256 => match RsaPrivateKey::from_pem(secret) {
                Ok(key) => v3::Signature::rsa(&key, &string_to_sign),
                Err(e) => return crate::invalid_key("access_key_secret", &e),
            },
            _ => v3::Signature::new(secret, &string_to_sign),
        };
        Outcome::Done(EcsStages {
            canonical: c_string(canonical.as_str()),
            hashed: Some(c_string(hashed.as_str())),
            string_to_sign: c_string(string_to_sign.as_str()),
            signature: c_string(signature.as_str()),
            authorization: Some(c_string(&v3::authorization(
                key_id,
                canonical.signed_headers(),
                &signature,
            ))),
        })
    })
}

/// The canonical query (V1) or canonical request (V3).
///
/// # Safety
/// `stages` is null or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_stages_canonical(stages: *const EcsStages) -> *const c_char {
    // SAFETY: the caller's contract.
    unsafe { stages.as_ref() }.map_or(std::ptr::null(), |s| s.canonical.as_ptr())
}

/// The hex SHA-256 of the canonical request (V3), or null (V1).
///
/// # Safety
/// `stages` is null or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_stages_hashed(stages: *const EcsStages) -> *const c_char {
    // SAFETY: the caller's contract.
    unsafe { stages.as_ref() }.map_or(std::ptr::null(), |s| ptr_of(&s.hashed))
}

/// The string to sign.
///
/// # Safety
/// `stages` is null or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_stages_string_to_sign(stages: *const EcsStages) -> *const c_char {
    // SAFETY: the caller's contract.
    unsafe { stages.as_ref() }.map_or(std::ptr::null(), |s| s.string_to_sign.as_ptr())
}

/// The signature: Base64 (V1) or lower-case hex (V3).
///
/// # Safety
/// `stages` is null or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_stages_signature(stages: *const EcsStages) -> *const c_char {
    // SAFETY: the caller's contract.
    unsafe { stages.as_ref() }.map_or(std::ptr::null(), |s| s.signature.as_ptr())
}

/// The `Authorization` value (V3), or null (V1).
///
/// # Safety
/// `stages` is null or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_stages_authorization(stages: *const EcsStages) -> *const c_char {
    // SAFETY: the caller's contract.
    unsafe { stages.as_ref() }.map_or(std::ptr::null(), |s| ptr_of(&s.authorization))
}

/// Frees signature stages.
///
/// # Safety
/// `stages` is null or stages this library returned, freed at most once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_stages_free(stages: *mut EcsStages) {
    // SAFETY: the caller's contract.
    unsafe { free(stages) }
}

/// A request that passed the rules: the parameters it sends (sorted, booleans lower-case) and
/// its warnings. Free it with [`ecs_validated_free`].
#[derive(Debug)]
pub struct EcsValidated {
    names: Vec<CString>,
    values: Vec<CString>,
    warnings: Vec<CString>,
}

/// Checks the operation parameters of `action` against the request rules, without signing.
///
/// # Safety
/// `action` is a valid NUL-terminated string; `params` holds `params_len` pairs of valid
/// strings (or is null for none); `out` points to a writable pointer, and `error` to one or is
/// null.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_validate(
    action: *const c_char,
    params: *const EcsPair,
    params_len: usize,
    out: *mut *mut EcsValidated,
    error: *mut *mut EcsError,
) -> EcsStatus {
    run(out, error, || {
        // SAFETY: the caller's contract.
        let inputs = unsafe {
            (|| Ok::<_, EcsStatus>((text::required(action)?, text::pairs(params, params_len)?)))()
        };
        let (action, params) = match inputs {
            Ok(inputs) => inputs,
            Err(status) => return status.into(),
        };
        let Some(action) = Action::parse(action) else {
            return invalid("action", action, "DeleteInstance or DeleteInstances");
        };
        match decode(action, &params) {
            Ok(d) => {
                let sent = d.request.params();
                Outcome::Done(EcsValidated {
                    names: sent.iter().map(|(n, _)| c_string(n)).collect(),
                    values: sent.iter().map(|(_, v)| c_string(v)).collect(),
                    warnings: d.warnings.iter().map(|w| c_string(w.code())).collect(),
                })
            }
            Err(e) => Outcome::Refused(EcsError::new(e.code(), e.parameter(), &e.to_string())),
        }
    })
}

/// How many parameters the request sends.
///
/// # Safety
/// `validated` is null or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_validated_param_count(validated: *const EcsValidated) -> usize {
    // SAFETY: the caller's contract.
    unsafe { validated.as_ref() }.map_or(0, |v| v.names.len())
}

/// The name of parameter `i`, or null past the last.
///
/// # Safety
/// `validated` is null or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_validated_param_name(
    validated: *const EcsValidated,
    i: usize,
) -> *const c_char {
    // SAFETY: the caller's contract.
    unsafe { validated.as_ref() }.map_or(std::ptr::null(), |v| nth(&v.names, i))
}

/// The value of parameter `i`, or null past the last.
///
/// # Safety
/// `validated` is null or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_validated_param_value(
    validated: *const EcsValidated,
    i: usize,
) -> *const c_char {
    // SAFETY: the caller's contract.
    unsafe { validated.as_ref() }.map_or(std::ptr::null(), |v| nth(&v.values, i))
}

/// How many warnings (`force_stop_without_force`, …).
///
/// # Safety
/// `validated` is null or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_validated_warning_count(validated: *const EcsValidated) -> usize {
    // SAFETY: the caller's contract.
    unsafe { validated.as_ref() }.map_or(0, |v| v.warnings.len())
}

/// Warning `i`'s code, or null past the last.
///
/// # Safety
/// `validated` is null or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_validated_warning(
    validated: *const EcsValidated,
    i: usize,
) -> *const c_char {
    // SAFETY: the caller's contract.
    unsafe { validated.as_ref() }.map_or(std::ptr::null(), |v| nth(&v.warnings, i))
}

/// Frees a validated request.
///
/// # Safety
/// `validated` is null or one this library returned, freed at most once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_validated_free(validated: *mut EcsValidated) {
    // SAFETY: the caller's contract.
    unsafe { free(validated) }
}
