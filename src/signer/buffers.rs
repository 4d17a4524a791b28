//! The text under the signers' writers: pieces of at most [`SHORT`] bytes are copied with
//! fixed-size moves, which compile to a few register moves where a variable-length copy would
//! call `memcpy`.

use crate::canonical::feed::{SHORT, copy_short, put_short};
use crate::canonical::v1::{PIECE, Piece};

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
    use crate::canonical::v1::Prefix;

    const P: Prefix = Prefix::name("RegionId");

    fn text(out: &Out) -> &[u8] {
        &out.buf[..out.len]
    }

    /// A prefixed value is written whole, by the fixed-size moves when it is short and by the
    /// general push when it is longer.
    #[test]
    fn a_prefixed_value_of_any_length_is_written_whole() {
        for n in [0, 1, SHORT - 1, SHORT, SHORT + 1, 3 * SHORT] {
            let value: Vec<u8> = (0..n).map(|i| b'a' + (i % 26) as u8).collect();
            let mut out = Out::new(0);
            out.push(b"x");
            out.push_prefixed(&P.once, &value);
            out.push_prefixed(&P.once, &value);
            let one = [b"&RegionId=".as_slice(), &value].concat();
            assert_eq!(text(&out), [b"x".as_slice(), &one, &one].concat(), "{n}");
        }
        // With the room for its moves, the fast path writes, and says how much.
        let mut buf = [0u8; PIECE + SHORT];
        assert_eq!(put_prefixed(Some(&mut buf), &P.once, b"cn-x"), Some(14));
        assert_eq!(&buf[..14], b"&RegionId=cn-x");
        assert_eq!(
            put_prefixed(Some(&mut buf[..PIECE - 1]), &P.once, b"cn-x"),
            None
        );
    }

    /// `make_room` leaves at least the room asked for past the text, grows only when that room
    /// is not there, and then at least doubles the buffer, so that a text written in many
    /// small steps is moved a logarithmic number of times.
    #[test]
    fn room_is_made_when_needed_and_by_doubling() {
        let mut out = Out::new(0);
        out.push(b"abc");
        let size = out.buf.len();
        out.make_room(size - out.len);
        assert_eq!(out.buf.len(), size, "the room was there");
        out.make_room(size - out.len + 1);
        assert_eq!(out.buf.len(), 2 * size, "doubled");
        out.make_room(10 * size);
        assert!(out.buf.len() >= out.len + 10 * size);
        assert_eq!(text(&out), b"abc");
    }

    /// A long push grows the buffer only when the text and [`SHORT`] bytes past it do not fit,
    /// and then at least twofold.
    #[test]
    fn a_long_push_grows_only_when_needed_and_by_doubling() {
        let mut out = Out::new(2 * SHORT);
        let size = out.buf.len();
        // Longer than SHORT, so that it goes the long way, and leaving SHORT bytes exactly.
        let fits = vec![b'a'; size - SHORT];
        out.push(&fits);
        assert_eq!(out.buf.len(), size, "it fitted with the room past it");
        out.push(&[b'b'; SHORT + 1]);
        assert_eq!(out.buf.len(), 2 * size, "doubled");
        let mut moves = 0;
        for _ in 0..1000 {
            let before = out.buf.len();
            out.push(&[b'c'; SHORT + 1]);
            moves += usize::from(out.buf.len() != before);
        }
        assert!(moves <= 10, "{moves} moves for 1000 pushes");
        assert_eq!(out.len, size - SHORT + (SHORT + 1) * 1001);
    }
}
