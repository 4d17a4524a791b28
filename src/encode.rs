//! Percent-encoding as the RPC signature defines it.
//!
//! Every UTF-8 byte outside `A-Z a-z 0-9 - _ . ~` becomes `%XX` with upper-case hex: a space is
//! `%20` (never `+`), `*` is `%2A`, `~` stays as it is. No Unicode normalisation is applied.

/// Whether `byte` passes through unencoded.
#[inline]
pub(crate) const fn is_unreserved(byte: u8) -> bool {
    UNRESERVED[byte as usize]
}

/// `UNRESERVED[b]`: whether byte `b` passes through unencoded ([`crate::scan::unreserved`], the
/// class's one definition, as a table for lookups of one byte).
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = crate::scan::unreserved(b as u8);
        b += 1;
    }
    table
};

/// `%00%01…%FF`: the escape of byte `b` is `ESCAPES[3 * b..3 * b + 3]`.
const ESCAPE_BYTES: [u8; 768] = {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut table = [0u8; 768];
    let mut b = 0;
    while b < 256 {
        table[3 * b] = b'%';
        table[3 * b + 1] = HEX[b >> 4];
        table[3 * b + 2] = HEX[b & 0xF];
        b += 1;
    }
    table
};

const ESCAPES: &str = match core::str::from_utf8(&ESCAPE_BYTES) {
    Ok(s) => s,
    Err(_) => panic!("the escape table is ASCII"),
};

/// The three-character escape `%XX` of one byte.
#[inline]
fn escape(byte: u8) -> &'static str {
    let at = 3 * byte as usize;
    &ESCAPES[at..at + 3]
}

/// Encodes `input`, handing the output to `sink` in pieces: runs of unreserved bytes copied
/// from the input as one piece, and one `%XX` piece per other byte.
///
/// This is the one encoder of the crate; [`encode_into`] and the fused second encoding of the
/// string to sign are both built on it.
#[inline]
pub(crate) fn encode_with(input: &str, mut sink: impl FnMut(&str)) {
    let bytes = input.as_bytes();
    let mut run = 0;
    for at in crate::scan::Reserved::new(bytes) {
        // `run..at` holds only ASCII, so both ends are character boundaries.
        if run < at {
            sink(&input[run..at]);
        }
        sink(escape(bytes[at]));
        run = at + 1;
    }
    if run < bytes.len() {
        sink(&input[run..]);
    }
}

/// Appends the percent-encoding of `input` to `out`.
#[inline]
pub fn encode_into(out: &mut String, input: &str) {
    encode_with(input, |piece| out.push_str(piece));
}

/// The percent-encoding of `input`.
///
/// ```
/// use aliyun_ecs_delete::encode::percent_encode;
/// assert_eq!(percent_encode("a b*c~d"), "a%20b%2Ac~d");
/// ```
pub fn percent_encode(input: &str) -> String {
    let mut out = String::with_capacity(encoded_len(input));
    encode_into(&mut out, input);
    out
}

/// The length of the percent-encoding of `input`, without encoding it.
#[inline]
pub fn encoded_len(input: &str) -> usize {
    input
        .bytes()
        .map(|b| if is_unreserved(b) { 1 } else { 3 })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_sdk_unit_test_vector() {
        // The official Java SDK's own unit test, quoted in docs/protocol.md section 2.
        assert_eq!(
            percent_encode("123abc!@#$%^&*()-=_+ ~|\\/"),
            "123abc%21%40%23%24%25%5E%26%2A%28%29-%3D_%2B%20~%7C%5C%2F"
        );
    }

    #[test]
    fn unreserved_set_is_exactly_the_rfc3986_one() {
        let kept: String = (0u8..=127)
            .filter(|&b| is_unreserved(b))
            .map(char::from)
            .collect();
        assert_eq!(
            kept,
            "-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~"
        );
    }

    #[test]
    fn non_ascii_is_encoded_bytewise_with_upper_case_hex() {
        assert_eq!(percent_encode("é"), "%C3%A9");
        assert_eq!(percent_encode("日本"), "%E6%97%A5%E6%9C%AC");
        assert_eq!(percent_encode("😀x"), "%F0%9F%98%80x");
    }

    #[test]
    fn escape_table_covers_every_byte() {
        for b in 0..=255u8 {
            assert_eq!(escape(b), format!("%{b:02X}"));
        }
    }

    #[test]
    fn encoded_len_matches_encoding() {
        for s in ["", "abc", "a b", "日本~", "%%%", "\u{0}\u{7f}"] {
            assert_eq!(encoded_len(s), percent_encode(s).len(), "{s:?}");
        }
    }

    #[test]
    fn sink_receives_runs_not_bytes() {
        let mut pieces = Vec::new();
        encode_with("abc def", |p| pieces.push(p.to_owned()));
        assert_eq!(pieces, ["abc", "%20", "def"]);
        // Escapes side by side, at the start and at the end: no empty run between them.
        pieces.clear();
        encode_with(" &x=", |p| pieces.push(p.to_owned()));
        assert_eq!(pieces, ["%20", "%26", "x", "%3D"]);
    }
}
