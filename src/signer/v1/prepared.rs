//! What the V1 fast path derives from the plain values it is handed, before it writes: whether
//! the access key id and the nonce need scanning, and the timestamp in both encodings. Kept
//! here, private to the signer, so that `Credentials`, `Nonce` and `Timestamp` stay plain
//! values.

use crate::encode::is_unreserved;
use crate::time::Timestamp;

/// Whether `text` is unreserved text, which is copied without scanning (a UUID, hex, an
/// AccessKeyId).
#[inline]
pub(super) fn is_plain(text: &str) -> bool {
    text.bytes().all(is_unreserved)
}

/// The timestamp percent-encoded once (`:` as `%3A`, as it travels in the query) and twice
/// (`%253A`, as it is in the string to sign). The wire form's colons are always at the same
/// two places, so this is a few fixed copies.
#[inline]
pub(super) fn timestamp_encodings(timestamp: &Timestamp) -> ([u8; 24], [u8; 28]) {
    let text = timestamp.as_str().as_bytes();
    let (date_hour, rest) = text.split_at(13);
    // `:mm` and `:ssZ`, each after its colon.
    let (minute, second) = (&rest[1..3], &rest[4..]);
    let mut once = [0u8; 24];
    once[..13].copy_from_slice(date_hour);
    once[13..16].copy_from_slice(b"%3A");
    once[16..18].copy_from_slice(minute);
    once[18..21].copy_from_slice(b"%3A");
    once[21..].copy_from_slice(second);
    let mut twice = [0u8; 28];
    twice[..13].copy_from_slice(date_hour);
    twice[13..18].copy_from_slice(b"%253A");
    twice[18..20].copy_from_slice(minute);
    twice[20..25].copy_from_slice(b"%253A");
    twice[25..].copy_from_slice(second);
    (once, twice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_the_percent_encodings() {
        use crate::encode::percent_encode;
        for text in [
            "2016-02-23T12:46:24Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
        ] {
            let (once, twice) = timestamp_encodings(&Timestamp::parse(text).expect("valid"));
            let expect_once = percent_encode(text);
            assert_eq!(std::str::from_utf8(&once), Ok(expect_once.as_str()));
            assert_eq!(
                std::str::from_utf8(&twice),
                Ok(percent_encode(&expect_once).as_str())
            );
        }
    }
}
