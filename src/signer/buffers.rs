//! The buffers under the V1 writer: text of at most [`SHORT`] bytes is copied with fixed-size
//! moves, which compile to a few register moves where a variable-length copy would call
//! `memcpy`; prefixes are built at compile time in both encodings.

use crate::canonical::feed::{SHORT, copy_short, put_short};

/// Text of at most [`PIECE`] bytes in a padded array, so that it is always copied with one
/// move of fixed size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece {
    pub(crate) bytes: [u8; PIECE],
    pub(crate) len: usize,
}

impl Piece {
    /// The concatenation of `parts`; longer than [`PIECE`] bytes fails the build (it is only
    /// used in constants).
    const fn concat(parts: &[&[u8]]) -> Piece {
        let mut bytes = [0u8; PIECE];
        let mut len = 0;
        let mut p = 0;
        while p < parts.len() {
            let part = parts[p];
            let mut i = 0;
            while i < part.len() {
                bytes[len] = part[i];
                len += 1;
                i += 1;
            }
            p += 1;
        }
        Piece { bytes, len }
    }

    /// The text.
    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.bytes
            .get(..self.len)
            .expect("invariant: a piece's length is within its bytes")
    }
}

/// The start of a parameter as the V1 signer writes it, in both texts: the separator, the
/// name and `=` in the query (`&Name=`) and in the string to sign (`%26Name%3D`). For a
/// parameter with a fixed value, the whole parameter. Built at compile time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Prefix {
    pub(crate) once: Piece,
    pub(crate) twice: Piece,
}

/// Fails the build unless `text` is unreserved text (used in constants only).
const fn assert_plain(text: &str) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        assert!(
            crate::encode::is_unreserved(bytes[i]),
            "not unreserved text"
        );
        i += 1;
    }
}

impl Prefix {
    /// `&name=`, for a name of unreserved text.
    pub(crate) const fn name(name: &str) -> Prefix {
        assert_plain(name);
        let name = name.as_bytes();
        Prefix {
            once: Piece::concat(&[b"&", name, b"="]),
            twice: Piece::concat(&[b"%26", name, b"%3D"]),
        }
    }

    /// `name=`, for the first parameter of a query: no separator.
    pub(crate) const fn first(name: &str) -> Prefix {
        assert_plain(name);
        let name = name.as_bytes();
        Prefix {
            once: Piece::concat(&[name, b"="]),
            twice: Piece::concat(&[name, b"%3D"]),
        }
    }

    /// `&name=value`, a whole parameter with a fixed value; both of unreserved text.
    pub(crate) const fn fixed(name: &str, value: &str) -> Prefix {
        assert_plain(name);
        assert_plain(value);
        let (name, value) = (name.as_bytes(), value.as_bytes());
        Prefix {
            once: Piece::concat(&[b"&", name, b"=", value]),
            twice: Piece::concat(&[b"%26", name, b"%3D", value]),
        }
    }
}

/// The text being written: bytes, so that short pieces are copied with fixed-size moves as in
/// the feed. Only ASCII and whole UTF-8 strings are written to it.
pub(crate) struct Out {
    /// Written up to `len`; zeros after, at least [`SHORT`] of them once `new` returns.
    pub(crate) buf: Vec<u8>,
    pub(crate) len: usize,
}

impl Out {
    /// Room the fast path asks for past the text: a separator, two pieces and an `=`.
    pub(crate) const ROOM: usize = PIECE + SHORT;

    #[expect(
        clippy::slow_vector_initialization,
        reason = "vec![0; n] is calloc, which skips glibc's per-thread cache for small blocks"
    )]
    pub(crate) fn new(capacity: usize) -> Out {
        // The text's expected length and the room the fast path asks for past it, so that a
        // text of the expected length never grows.
        let mut buf = Vec::with_capacity(capacity + Out::ROOM);
        buf.resize(capacity + Out::ROOM, 0);
        Out { buf, len: 0 }
    }

    #[inline(always)]
    pub(crate) fn push(&mut self, bytes: &[u8]) {
        if put_short(&mut self.buf, self.len, bytes) {
            self.len += bytes.len();
        } else {
            self.push_long(bytes);
        }
    }

    /// Makes sure `room` bytes are available past the text.
    #[inline(always)]
    pub(crate) fn make_room(&mut self, room: usize) {
        if self.len + room > self.buf.len() {
            self.grow(room);
        }
    }

    /// Appends `prefix` then `value`, with fixed-size moves when `value` is short.
    #[inline(always)]
    pub(crate) fn push_prefixed(&mut self, prefix: &Piece, value: &[u8]) {
        if value.len() <= SHORT {
            self.make_room(PIECE + SHORT);
            if let Some(n) = put_prefixed(self.buf.get_mut(self.len..), prefix, value) {
                self.len += n;
                return;
            }
        }
        self.push(prefix.as_bytes());
        self.push(value);
    }

    #[inline(never)]
    fn grow(&mut self, room: usize) {
        let len = (self.len + room).max(2 * self.buf.len());
        self.buf.resize(len, 0);
    }

    #[inline(never)]
    fn push_long(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        if end + SHORT > self.buf.len() {
            self.buf.resize((end + SHORT).max(2 * self.buf.len()), 0);
        }
        self.buf[self.len..end].copy_from_slice(bytes);
        self.len = end;
    }

    pub(crate) fn into_string(mut self) -> String {
        self.buf.truncate(self.len);
        String::from_utf8(self.buf)
            .expect("invariant: only whole UTF-8 strings and ASCII pieces are written")
    }
}

/// The size of a [`Piece`]: the longest prefix of a parameter.
pub(crate) const PIECE: usize = 32;

/// Writes `prefix` and `value` (at most [`SHORT`] bytes) to the start of `buf` with fixed-size
/// moves; returns how many bytes that is, or `None` if `buf` is too short for the moves.
#[inline(always)]
pub(crate) fn put_prefixed(buf: Option<&mut [u8]>, prefix: &Piece, value: &[u8]) -> Option<usize> {
    let buf = buf?;
    *buf.first_chunk_mut::<PIECE>()? = prefix.bytes;
    let at = prefix.len;
    copy_short(buf.get_mut(at..)?.first_chunk_mut()?, value);
    Some(at + value.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_in_both_encodings() {
        const P: Prefix = Prefix::name("InstanceId.7");
        assert_eq!(P.once.as_bytes(), b"&InstanceId.7=");
        assert_eq!(P.twice.as_bytes(), b"%26InstanceId.7%3D");
        const F: Prefix = Prefix::first("AccessKeyId");
        assert_eq!(F.once.as_bytes(), b"AccessKeyId=");
        assert_eq!(F.twice.as_bytes(), b"AccessKeyId%3D");
        const X: Prefix = Prefix::fixed("SignatureMethod", "HMAC-SHA1");
        assert_eq!(X.once.as_bytes(), b"&SignatureMethod=HMAC-SHA1");
        assert_eq!(X.twice.as_bytes(), b"%26SignatureMethod%3DHMAC-SHA1");
    }
}
