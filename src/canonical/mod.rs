//! What signing and verifying share beneath the canonical forms, so that neither imports the
//! other: the sink a canonical form is fed into on its way to a keyed hash, V1's canonical
//! query in both its encodings, the V3 canonical request's one writer, the hex encoder, and
//! name comparison in constants.

pub(crate) mod feed;
pub(crate) mod hex;
pub(crate) mod v1;
pub(crate) mod v3;

/// Whether two strings are equal, in a constant.
pub(crate) const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}
