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
}
