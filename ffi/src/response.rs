//! Decoding what the service sent back.

use std::ffi::{CString, c_char};

use aliyun_ecs_delete::request::Action;
use aliyun_ecs_delete::response::decode_response;

use crate::text::{self, c_string, ptr_of};
use crate::{EcsError, EcsPair, EcsStatus, Outcome, free, invalid, run};

/// A decoded response: its outcome and the verdict on what to do next. Free it with
/// [`ecs_response_free`].
#[derive(Debug)]
pub struct EcsResponse {
    outcome: CString,
    code: Option<CString>,
    request_id: Option<CString>,
    message: Option<CString>,
    host_id: Option<CString>,
    recommend: Option<CString>,
    auth_action: Option<CString>,
    retry: Option<CString>,
    http_status: u16,
    throttled: bool,
    already_gone: bool,
    retry_after_seconds: i64,
    /// The library's verdict, for what needs the request too.
    decoded: aliyun_ecs_delete::response::Response,
}

/// Decodes a response to `action` from its status, headers and body bytes. It never refuses:
/// any bytes decode to one of the four outcomes.
///
/// # Safety
/// `action` is a valid string; `headers` holds `headers_len` pairs (or is null for none);
/// `body` holds `body_len` bytes (or is null for none); `out` points to a writable pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_decode_response(
    action: *const c_char,
    status: u16,
    headers: *const EcsPair,
    headers_len: usize,
    body: *const u8,
    body_len: usize,
    out: *mut *mut EcsResponse,
) -> EcsStatus {
    run(out, std::ptr::null_mut::<*mut EcsError>(), || {
        // SAFETY: the caller's contract.
        let inputs = unsafe {
            (|| {
                Ok::<_, EcsStatus>((
                    text::required(action)?,
                    text::pairs(headers, headers_len)?,
                    text::bytes(body, body_len)?,
                ))
            })()
        };
        let (action, headers, body) = match inputs {
            Ok(inputs) => inputs,
            Err(status) => return status.into(),
        };
        let Some(action) = Action::parse(action) else {
            return invalid("action", action, "DeleteInstance or DeleteInstances");
        };
        let response = decode_response(action, status, &headers, body);
        let s = response.summary();
        Outcome::Done(EcsResponse {
            outcome: c_string(s.outcome),
            code: s.code.map(c_string),
            request_id: s.request_id.map(c_string),
            message: s.message.map(c_string),
            host_id: s.host_id.map(c_string),
            recommend: s.recommend.map(c_string),
            auth_action: s.auth_action.map(c_string),
            retry: s.retry.map(c_string),
            http_status: s.http_status,
            throttled: s.throttled,
            already_gone: s.already_gone,
            retry_after_seconds: s
                .retry_after_seconds
                .map_or(-1, |s| i64::try_from(s).unwrap_or(i64::MAX)),
            decoded: response.clone(),
        })
    })
}

/// The code as sent, or null.
///
/// # Safety
/// `response` is null or a live decoded response.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_response_code(response: *const EcsResponse) -> *const c_char {
    // SAFETY: the caller's contract.
    unsafe { response.as_ref() }.map_or(std::ptr::null(), |r| ptr_of(&r.code))
}

/// The request id (the body's, else the `x-acs-request-id` header's), or null.
///
/// # Safety
/// `response` is null or a live decoded response.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_response_request_id(response: *const EcsResponse) -> *const c_char {
    // SAFETY: the caller's contract.
    unsafe { response.as_ref() }.map_or(std::ptr::null(), |r| ptr_of(&r.request_id))
}

/// The message (echoed secrets redacted), or null.
///
/// # Safety
/// `response` is null or a live decoded response.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_response_message(response: *const EcsResponse) -> *const c_char {
    // SAFETY: the caller's contract.
    unsafe { response.as_ref() }.map_or(std::ptr::null(), |r| ptr_of(&r.message))
}

/// `retry`, `check` or `fail`; null for a success or a passing dry run.
///
/// # Safety
/// `response` is null or a live decoded response.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_response_retry(response: *const EcsResponse) -> *const c_char {
    // SAFETY: the caller's contract.
    unsafe { response.as_ref() }.map_or(std::ptr::null(), |r| ptr_of(&r.retry))
}

/// `HostId`, or null.
///
/// # Safety
/// `response` is null or a live decoded response.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_response_host_id(response: *const EcsResponse) -> *const c_char {
    // SAFETY: the caller's contract.
    unsafe { response.as_ref() }.map_or(std::ptr::null(), |r| ptr_of(&r.host_id))
}

/// `Recommend`, or null.
///
/// # Safety
/// `response` is null or a live decoded response.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_response_recommend(response: *const EcsResponse) -> *const c_char {
    // SAFETY: the caller's contract.
    unsafe { response.as_ref() }.map_or(std::ptr::null(), |r| ptr_of(&r.recommend))
}

/// The denied RAM action (`AccessDeniedDetail.AuthAction`), or null.
///
/// # Safety
/// `response` is null or a live decoded response.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_response_auth_action(response: *const EcsResponse) -> *const c_char {
    // SAFETY: the caller's contract.
    unsafe { response.as_ref() }.map_or(std::ptr::null(), |r| ptr_of(&r.auth_action))
}

/// `success`, `dry_run`, `api_error` or `unparseable`.
///
/// # Safety
/// `response` is null or a live decoded response.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_response_outcome(response: *const EcsResponse) -> *const c_char {
    // SAFETY: the caller's contract.
    unsafe { response.as_ref() }.map_or(std::ptr::null(), |r| r.outcome.as_ptr())
}

/// The HTTP status.
///
/// # Safety
/// `response` is null or a live decoded response.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_response_http_status(response: *const EcsResponse) -> u16 {
    // SAFETY: the caller's contract.
    unsafe { response.as_ref() }.map_or(0, |r| r.http_status)
}

/// Non-zero when the request was throttled.
///
/// # Safety
/// `response` is null or a live decoded response.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_response_throttled(response: *const EcsResponse) -> bool {
    // SAFETY: the caller's contract.
    unsafe { response.as_ref() }.is_some_and(|r| r.throttled)
}

/// Non-zero when the code says an instance does not exist; whether the delete is done depends on
/// how many instances the request named: [`ecs_response_already_gone_for`].
///
/// # Safety
/// `response` is null or a live decoded response.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_response_already_gone(response: *const EcsResponse) -> bool {
    // SAFETY: the caller's contract.
    unsafe { response.as_ref() }.is_some_and(|r| r.already_gone)
}

/// Non-zero when deleting a request's `instance_count` instances is done despite "not found":
/// only for one instance. DeleteInstances is all or nothing: a batch of several ids that gets
/// "not found" released none of them; send the others without the missing id, or one at a time.
///
/// # Safety
/// `response` is null or a live decoded response.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_response_already_gone_for(
    response: *const EcsResponse,
    instance_count: usize,
) -> bool {
    // SAFETY: the caller's contract.
    unsafe { response.as_ref() }.is_some_and(|r| r.decoded.already_gone_for(instance_count))
}

/// `x-acs-retry-after` in seconds, whole: `true` with the value in `*seconds`, or `false` (and
/// `*seconds` untouched) when the header is absent or not a whole number of at most 64 bits.
///
/// # Safety
/// `response` is null or a live decoded response; `seconds` is null or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_response_retry_after(
    response: *const EcsResponse,
    seconds: *mut u64,
) -> bool {
    // SAFETY: the caller's contract.
    let Some(after) = unsafe { response.as_ref() }.and_then(|r| r.decoded.retry_after_seconds())
    else {
        return false;
    };
    if seconds.is_null() {
        return false;
    }
    // SAFETY: not null, and writable by the caller's contract.
    unsafe { *seconds = after };
    true
}

/// `x-acs-retry-after` in seconds (a wait past 2^63 - 1 seconds reads as 2^63 - 1), or -1 when
/// the header is absent or not a whole number.
///
/// # Safety
/// `response` is null or a live decoded response.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_response_retry_after_seconds(response: *const EcsResponse) -> i64 {
    // SAFETY: the caller's contract.
    unsafe { response.as_ref() }.map_or(-1, |r| r.retry_after_seconds)
}

/// Frees a decoded response.
///
/// # Safety
/// `response` is null or a response this library returned, freed at most once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_response_free(response: *mut EcsResponse) {
    // SAFETY: the caller's contract.
    unsafe { free(response) }
}
