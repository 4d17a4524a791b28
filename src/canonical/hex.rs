//! Lower-case hex, the one encoder: digests in V3 (the body hash, the hashed canonical request,
//! the signature) and random nonces.

/// Each byte as two lower-case hex digits.
static HEX_PAIRS: [[u8; 2]; 256] = {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut table = [[0u8; 2]; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = [HEX[b >> 4], HEX[b & 0xF]];
        b += 1;
    }
    table
};

/// Lower-case hex of a 32-byte digest, into `out`, without allocating.
#[inline]
pub(crate) fn hex_into<'a>(digest: &[u8], out: &'a mut [u8; 64]) -> &'a [u8; 64] {
    for (pair, &byte) in out.chunks_exact_mut(2).zip(digest) {
        pair.copy_from_slice(&HEX_PAIRS[usize::from(byte)]);
    }
    out
}

/// The text of what [`hex_into`] wrote.
pub(crate) fn hex_str(hex: &[u8; 64]) -> &str {
    std::str::from_utf8(hex).expect("invariant: hex is ASCII")
}

/// Lower-case hex of any bytes, as a string.
pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len() * 2);
    for &byte in bytes {
        out.extend_from_slice(&HEX_PAIRS[usize::from(byte)]);
    }
    String::from_utf8(out).expect("invariant: hex is ASCII")
}

/// The bytes that lower-case hex spells (as a V3 signature is written); `None` for an odd length
/// or a character that is not a lower-case hex digit.
#[cfg_attr(not(feature = "rsa"), allow(dead_code))]
pub(crate) fn decode(text: &str) -> Option<Vec<u8>> {
    let digit = |b: u8| match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        _ => None,
    };
    let bytes = text.as_bytes();
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    bytes
        .chunks_exact(2)
        .map(|pair| Some(digit(pair[0])? * 16 + digit(pair[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_as_two_lower_case_digits() {
        let bytes: Vec<u8> = (0..=255).collect();
        let text = hex(&bytes);
        for (b, pair) in bytes.iter().zip(text.as_bytes().chunks(2)) {
            assert_eq!(pair, format!("{b:02x}").as_bytes());
        }
        let digest: Vec<u8> = (0..32).map(|i| i * 8 + 7).collect();
        let mut out = [0u8; 64];
        assert_eq!(hex_str(hex_into(&digest, &mut out)), hex(&digest));
    }

    #[test]
    fn decode_reads_what_hex_writes_and_nothing_else() {
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(&hex(&all)), Some(all));
        for bad in ["0", "0g", "0A", "FF", " 00", "00 ", "+0"] {
            assert_eq!(decode(bad), None, "{bad}");
        }
        assert_eq!(decode(""), Some(Vec::new()));
    }
}
