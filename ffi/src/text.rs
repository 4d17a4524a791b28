//! Reading C arguments and making C strings, with every pointer checked.

use std::ffi::{CStr, CString, c_char};

use crate::{EcsPair, EcsStatus};

/// A required NUL-terminated UTF-8 argument.
///
/// # Safety
/// `ptr` is null or points to a NUL-terminated string that outlives `'a`.
pub(crate) unsafe fn required<'a>(ptr: *const c_char) -> Result<&'a str, EcsStatus> {
    if ptr.is_null() {
        return Err(EcsStatus::NullArgument);
    }
    // SAFETY: not null, and NUL-terminated by the caller's contract.
    unsafe { CStr::from_ptr(ptr) }
        .to_str()
        .map_err(|_| EcsStatus::InvalidUtf8)
}

/// An optional text argument (null: absent).
///
/// # Safety
/// As for [`required`].
pub(crate) unsafe fn optional<'a>(ptr: *const c_char) -> Result<Option<&'a str>, EcsStatus> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: the caller's contract.
    unsafe { required(ptr) }.map(Some)
}

/// `len` pairs at `ptr` (null is allowed for none).
///
/// # Safety
/// `ptr` is null with `len` 0, or points to `len` pairs of valid strings that outlive `'a`.
pub(crate) unsafe fn pairs<'a>(
    ptr: *const EcsPair,
    len: usize,
) -> Result<Vec<(&'a str, &'a str)>, EcsStatus> {
    if len == 0 {
        return Ok(Vec::new());
    }
    if ptr.is_null() {
        return Err(EcsStatus::NullArgument);
    }
    // SAFETY: not null, `len` elements by the caller's contract.
    let slice = unsafe { std::slice::from_raw_parts(ptr, len) };
    slice
        .iter()
        // SAFETY: each pair's strings are valid by the caller's contract.
        .map(|p| Ok((unsafe { required(p.name) }?, unsafe { required(p.value) }?)))
        .collect()
}

/// `len` bytes at `ptr` (null is allowed for none).
///
/// # Safety
/// `ptr` is null with `len` 0, or points to `len` readable bytes that outlive `'a`.
pub(crate) unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> Result<&'a [u8], EcsStatus> {
    if len == 0 {
        return Ok(&[]);
    }
    if ptr.is_null() {
        return Err(EcsStatus::NullArgument);
    }
    // SAFETY: not null, `len` bytes by the caller's contract.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// `text` as a C string; a NUL inside (which a decoded message may hold) becomes U+FFFD.
pub(crate) fn c_string(text: &str) -> CString {
    CString::new(text.replace('\0', "\u{fffd}")).unwrap_or_default()
}

/// An optional C string's pointer, or null.
pub(crate) fn ptr_of(text: &Option<CString>) -> *const c_char {
    text.as_ref().map_or(std::ptr::null(), |t| t.as_ptr())
}

/// Element `i` of a list of C strings, or null past its end.
pub(crate) fn nth(list: &[CString], i: usize) -> *const c_char {
    list.get(i).map_or(std::ptr::null(), |t| t.as_ptr())
}
