//! The C ABI of `aliyun-ecs-delete`: build and sign DeleteInstance / DeleteInstances, decode a
//! response, verify a signed request, and the generic signature stages, for every language that
//! can call C (Go's cgo, Java's FFM, C#'s P/Invoke, PHP's FFI, Python's ctypes).
//!
//! Conventions, the same for every function (the header, `include/aliyun_ecs_delete.h`, is
//! generated from this crate):
//!
//! - Text goes in as NUL-terminated UTF-8; bytes as a pointer and a length. Every pointer
//!   argument is checked for null: `ECS_STATUS_NULL_ARGUMENT`, never a crash.
//! - A function returns an [`EcsStatus`]: `ECS_STATUS_OK`; `ECS_STATUS_REFUSED` when the input is
//!   well-formed but refused (a request rule, a signature check), with the reason in `*error`
//!   (the same stable code and parameter name as in Rust); or a negative status for a caller's
//!   mistake. `ECS_STATUS_INVALID_ARGUMENT` (an unknown action, method, version, transport,
//!   format or algorithm, or an RSA key that does not read) also puts an error in `*error`,
//!   code `invalid_argument`, naming the argument.
//! - V3 has three algorithms, named as `Authorization` names them (`ACS3-HMAC-SHA256`, the
//!   default when null, `ACS3-HMAC-SM3`, `ACS3-RSA-SHA256`); for `ACS3-RSA-SHA256` the
//!   `access_key_secret` argument is the RSA private key, PEM (PKCS#1 or PKCS#8), as the
//!   official SDKs take it.
//! - What a function makes (a signed request, a decoded response, an error) belongs to the
//!   library until the caller passes it to its one `…_free` function; text read from it stays
//!   valid until then. Freeing null is a no-op.
//! - No panic crosses the boundary (`ECS_STATUS_PANIC`), there is no global mutable state, and
//!   every function may be called from any thread at once.
#![allow(unsafe_code)]
#![deny(unsafe_op_in_unsafe_fn)]

mod response;
mod sign;
mod stages;
mod text;
mod verify;

pub use response::*;
pub use sign::*;
pub use stages::*;
pub use verify::*;

use std::ffi::{CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// What a call came to.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EcsStatus {
    /// Done; the out-pointer holds the result.
    Ok = 0,
    /// The input is well-formed but refused; `*error` says why.
    Refused = 1,
    /// A required pointer was null.
    NullArgument = -1,
    /// A text argument was not UTF-8.
    InvalidUtf8 = -2,
    /// An argument is out of its range (an unknown action, method, version, transport or
    /// format); `*error` (when not null) names it, with the code `invalid_argument`.
    InvalidArgument = -3,
    /// The library panicked (a bug); nothing was returned.
    Panic = -4,
}

/// A `(name, value)` pair of NUL-terminated UTF-8 strings: a parameter or a header.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct EcsPair {
    /// The name.
    pub name: *const c_char,
    /// The value.
    pub value: *const c_char,
}

/// Why a request was refused: a stable code (`invalid_instance_id`, `signature_mismatch`, …),
/// the parameter at fault when there is one, and a message. Free it with [`ecs_error_free`].
#[derive(Debug)]
pub struct EcsError {
    code: CString,
    parameter: Option<CString>,
    message: CString,
}

impl EcsError {
    fn new(code: &str, parameter: Option<&str>, message: &str) -> Box<EcsError> {
        Box::new(EcsError {
            code: text::c_string(code),
            parameter: parameter.map(text::c_string),
            message: text::c_string(message),
        })
    }
}

/// The error's stable code.
///
/// # Safety
/// `error` is null or an error this library returned and not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_error_code(error: *const EcsError) -> *const c_char {
    // SAFETY: the caller passes null or a live error.
    unsafe { error.as_ref() }.map_or(std::ptr::null(), |e| e.code.as_ptr())
}

/// The parameter (V1) or header (V3) at fault, or null when none is named.
///
/// # Safety
/// `error` is null or an error this library returned and not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_error_parameter(error: *const EcsError) -> *const c_char {
    // SAFETY: the caller passes null or a live error.
    unsafe { error.as_ref() }
        .and_then(|e| e.parameter.as_ref())
        .map_or(std::ptr::null(), |p| p.as_ptr())
}

/// A sentence for people (no secret, token or signature in it).
///
/// # Safety
/// `error` is null or an error this library returned and not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_error_message(error: *const EcsError) -> *const c_char {
    // SAFETY: the caller passes null or a live error.
    unsafe { error.as_ref() }.map_or(std::ptr::null(), |e| e.message.as_ptr())
}

/// Frees an error.
///
/// # Safety
/// `error` is null or an error this library returned, freed at most once.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ecs_error_free(error: *mut EcsError) {
    if !error.is_null() {
        // SAFETY: the caller passes an error from `Box::into_raw`, freed once.
        drop(unsafe { Box::from_raw(error) });
    }
}

/// What a function body gives back: a value for `*out`, a refusal for `*error`, an argument
/// out of its range (also for `*error`), or a status.
pub(crate) enum Outcome<T> {
    Done(T),
    Refused(Box<EcsError>),
    Invalid(Box<EcsError>),
    Status(EcsStatus),
}

/// `ECS_STATUS_INVALID_ARGUMENT`, with an error naming `argument` and saying what `value` is
/// not.
pub(crate) fn invalid<T>(
    argument: &str,
    value: impl std::fmt::Debug,
    expected: &str,
) -> Outcome<T> {
    let message = format!("{argument} {value:?} is not {expected}");
    Outcome::Invalid(EcsError::new("invalid_argument", Some(argument), &message))
}

/// An RSA key argument that is not a usable key: `invalid_argument`, the message saying why
/// without quoting the key.
pub(crate) fn invalid_key<T>(argument: &str, e: &aliyun_ecs_delete::keys::KeyError) -> Outcome<T> {
    let message = format!("{argument}: {e}");
    Outcome::Invalid(EcsError::new("invalid_argument", Some(argument), &message))
}

/// The V3 algorithm a nullable argument names (null: `ACS3-HMAC-SHA256`).
pub(crate) fn algorithm<T>(text: Option<&str>) -> Result<aliyun_ecs_delete::Algorithm, Outcome<T>> {
    match text {
        None => Ok(aliyun_ecs_delete::Algorithm::default()),
        Some(text) => text.parse().map_err(|e: aliyun_ecs_delete::UnknownValue| {
            let message = e.to_string();
            Outcome::Invalid(EcsError::new(
                "invalid_argument",
                Some("algorithm"),
                &message,
            ))
        }),
    }
}

impl<T> From<EcsStatus> for Outcome<T> {
    fn from(status: EcsStatus) -> Self {
        Outcome::Status(status)
    }
}

/// Runs `body`, catching any panic, and writes its result: a value to `*out`, an error to
/// `*error` (when `error` is not null).
pub(crate) fn run<T>(
    out: *mut *mut T,
    error: *mut *mut EcsError,
    body: impl FnOnce() -> Outcome<T>,
) -> EcsStatus {
    if out.is_null() {
        return EcsStatus::NullArgument;
    }
    // SAFETY: `out` is not null and points to writable storage for a pointer (the contract of
    // every function); clearing it first means a failure never leaves a stale pointer there.
    unsafe { *out = std::ptr::null_mut() };
    if !error.is_null() {
        // SAFETY: as for `out`.
        unsafe { *error = std::ptr::null_mut() };
    }
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Outcome::Done(value)) => {
            // SAFETY: checked above.
            unsafe { *out = Box::into_raw(Box::new(value)) };
            EcsStatus::Ok
        }
        Ok(Outcome::Refused(e)) => {
            if !error.is_null() {
                // SAFETY: checked above.
                unsafe { *error = Box::into_raw(e) };
            }
            EcsStatus::Refused
        }
        Ok(Outcome::Invalid(e)) => {
            if !error.is_null() {
                // SAFETY: checked above.
                unsafe { *error = Box::into_raw(e) };
            }
            EcsStatus::InvalidArgument
        }
        Ok(Outcome::Status(status)) => status,
        Err(_) => EcsStatus::Panic,
    }
}

/// Frees what `Box::into_raw` made, when not null.
///
/// # Safety
/// `ptr` is null or came from `Box::into_raw` and is freed at most once.
pub(crate) unsafe fn free<T>(ptr: *mut T) {
    if !ptr.is_null() {
        // SAFETY: the caller's contract.
        drop(unsafe { Box::from_raw(ptr) });
    }
}
