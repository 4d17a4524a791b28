//! Byte classes, many bytes at a time: the scans that dominate decoding and checking.
//!
//! Each class is a branch-free predicate over one byte, and a fixed-size chunk is classified by
//! a plain loop over its bytes, which the compiler turns into vector instructions (SSE2 on
//! x86-64, NEON on AArch64): about two instructions per byte where a table lookup or a `u64`
//! word trick takes four or five. No `unsafe` and no target-specific code.

/// The bytes classified together by [`Reserved`].
const CHUNK: usize = 32;

/// `A-Z a-z 0-9 - _ . ~`: the unreserved bytes of percent-encoding.
#[inline(always)]
pub(crate) const fn unreserved(b: u8) -> bool {
    id_byte(b) | (b == b'.') | (b == b'~')
}

/// `A-Z a-z 0-9 - _`: the bytes of an instance id. Setting 0x20 folds `A-Z` onto `a-z` and
/// moves nothing else into it.
#[inline(always)]
pub(crate) const fn id_byte(b: u8) -> bool {
    ((b | 0x20).wrapping_sub(b'a') < 26) | (b.wrapping_sub(b'0') < 10) | (b == b'-') | (b == b'_')
}

/// 0x80 for each byte of `chunk` outside the class, 0 for each inside, read as little-endian
/// 128-bit words: a word's lowest set bit is in its first byte outside. (Written this way, the
/// loop becomes a few vector compares and two register moves per sixteen bytes; a `u64` or a
/// bit-per-byte mask made the compiler shuffle bytes one at a time.)
#[inline(always)]
fn outside<const N: usize, const W: usize>(
    chunk: &[u8; N],
    inside: impl Fn(u8) -> bool,
) -> [u128; W] {
    const { assert!(N == 16 * W) };
    let mut flags = [0u8; N];
    for (flag, &b) in flags.iter_mut().zip(chunk) {
        *flag = if inside(b) { 0 } else { 0x80 };
    }
    let mut words = [0u128; W];
    for (word, bytes) in words.iter_mut().zip(flags.chunks_exact(16)) {
        *word = bytes
            .first_chunk::<16>()
            .map_or(0, |b| u128::from_le_bytes(*b));
    }
    words
}

/// The positions of the bytes of a text that are not unreserved, in order, found [`CHUNK`]
/// bytes at a time. A form decoder walks these (a canonical pair has two: its `=` and its `&`)
/// instead of every byte.
pub(crate) struct Reserved<'a> {
    bytes: &'a [u8],
    /// Where the chunk of `words` starts (it wraps below zero before the first chunk).
    base: usize,
    /// The flags of the current chunk, the ones already returned cleared.
    words: [u128; CHUNK / 16],
    /// The first word of `words` that may still hold a flag.
    word: usize,
}

impl<'a> Reserved<'a> {
    /// The positions in `bytes`.
    pub(crate) fn new(bytes: &'a [u8]) -> Reserved<'a> {
        Reserved {
            bytes,
            base: 0usize.wrapping_sub(CHUNK),
            words: [0; CHUNK / 16],
            word: CHUNK / 16,
        }
    }
}

impl Iterator for Reserved<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        loop {
            while let Some(word) = self.words.get_mut(self.word) {
                if *word != 0 {
                    let at = self.base + self.word * 16 + (word.trailing_zeros() / 8) as usize;
                    *word &= *word - 1;
                    return Some(at);
                }
                self.word += 1;
            }
            let base = self.base.wrapping_add(CHUNK);
            let rest = self.bytes.get(base..).filter(|rest| !rest.is_empty())?;
            self.base = base;
            self.word = 0;
            self.words = match rest.first_chunk::<CHUNK>() {
                Some(chunk) => outside(chunk, unreserved),
                None => outside(&padded::<CHUNK>(rest, b'a'), unreserved),
            };
        }
    }
}

/// `bytes` (at most `N` of them) followed by `pad`s.
#[inline(always)]
fn padded<const N: usize>(bytes: &[u8], pad: u8) -> [u8; N] {
    let mut out = [pad; N];
    for (to, from) in out.iter_mut().zip(bytes) {
        *to = *from;
    }
    out
}

/// Whether a byte of `chunk` is outside the class: a reduction the compiler turns into
/// vector compares and one mask move.
#[inline(always)]
fn any_outside(chunk: &[u8; 16], inside: impl Fn(u8) -> bool) -> bool {
    chunk.iter().fold(0u8, |acc, &b| acc | u8::from(!inside(b))) != 0
}

/// Whether every byte of `bytes` is an instance-id byte: up to 32 bytes as two overlapping
/// chunks of sixteen (a byte checked twice is harmless), fewer than sixteen padded; anything
/// longer (never a valid id) one byte at a time.
#[inline]
pub(crate) fn all_id_bytes(bytes: &[u8]) -> bool {
    match (bytes.first_chunk::<16>(), bytes.last_chunk::<16>()) {
        (Some(first), Some(last)) if bytes.len() <= 32 => {
            !any_outside(first, id_byte) && !any_outside(last, id_byte)
        }
        (Some(_), _) => bytes.iter().all(|&b| id_byte(b)),
        _ => !any_outside(&padded(bytes, b'a'), id_byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the first byte at or after `from` that is not unreserved stands, if any.
    fn first_reserved(bytes: &[u8], from: usize) -> Option<usize> {
        let rest = bytes.get(from..)?;
        Reserved::new(rest).next().map(|at| from + at)
    }

    #[test]
    fn the_classes_are_their_definitions() {
        for b in 0..=255u8 {
            let id = b.is_ascii_alphanumeric() || b"-_".contains(&b);
            assert_eq!(id_byte(b), id, "{b:#x}");
            assert_eq!(unreserved(b), id || b"~.".contains(&b), "{b:#x}");
        }
    }

    #[test]
    fn every_reserved_byte_is_found_in_order_at_every_place() {
        for len in 0..80 {
            for at in 0..len {
                for byte in [b'&', b'=', b'%', 0x80, 0xFF, b'/', b'^', 0] {
                    let mut bytes = vec![b'x'; len];
                    bytes[at] = byte;
                    if at + 33 < len {
                        bytes[at + 33] = b'&';
                    }
                    let expected: Vec<usize> =
                        (0..len).filter(|&i| !unreserved(bytes[i])).collect();
                    assert_eq!(Reserved::new(&bytes).collect::<Vec<_>>(), expected);
                    assert_eq!(first_reserved(&bytes, 0), expected.first().copied());
                    let after = expected.iter().copied().find(|&i| i > at);
                    assert_eq!(first_reserved(&bytes, at + 1), after);
                }
            }
        }
        assert_eq!(first_reserved(b"", 0), None);
        assert_eq!(first_reserved(b"ab", 5), None);
    }

    #[test]
    fn every_byte_of_every_length_is_checked() {
        for len in 0..70 {
            assert!(all_id_bytes(&vec![b'x'; len]));
            for at in 0..len {
                for byte in [b'.', b'~', 0x80, b'/'] {
                    let mut bytes = vec![b'x'; len];
                    bytes[at] = byte;
                    assert!(!all_id_bytes(&bytes), "{at} of {len}");
                }
            }
        }
    }
}
