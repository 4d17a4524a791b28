//! The buffers under the V1 writer: text of at most [`SHORT`] bytes is copied with fixed-size
//! moves, which compile to a few register moves where a variable-length copy would call
//! `memcpy`; prefixes are built at compile time in both encodings.

use hmac::Hmac;
use hmac::digest::Update;
use sha1::Sha1;

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

/// The stack buffer through which a [`QuerySigner`] feeds the HMAC. The caller owns it so that
/// the signer stays small enough to move around cheaply.
pub(crate) type FeedBuffer = [u8; FEED];

/// A fresh [`FeedBuffer`].
pub(crate) const fn feed_buffer() -> FeedBuffer {
    [0u8; FEED]
}

/// The feed buffer's size: a multiple of the SHA-1 block. (Handing each block to the HMAC as
/// soon as it is complete, to overlap hashing with writing, measured no faster.)
pub(crate) const FEED: usize = 512;
/// The longest piece copied with fixed-size moves instead of a call to `memcpy`.
pub(crate) const SHORT: usize = 64;
/// The size of a [`Piece`]: the longest prefix of a parameter.
pub(crate) const PIECE: usize = 32;

/// Bytes on their way into the HMAC, gathered so that it is updated in large chunks.
pub(crate) struct Feed<'b, M: Update = Hmac<Sha1>> {
    pub(crate) buf: &'b mut FeedBuffer,
    pub(crate) len: usize,
    /// The HMAC (V1) or hash (V3) being fed.
    pub(crate) mac: M,
}

impl<'b, M: Update> Feed<'b, M> {
    /// An empty feed into `mac`, through `buf`.
    pub(crate) fn new(buf: &'b mut FeedBuffer, mac: M) -> Self {
        Feed { buf, len: 0, mac }
    }

    /// Feeds `text` percent-encoded once (the crate's one encoder).
    #[inline]
    pub(crate) fn push_encoded(&mut self, text: &str) {
        crate::encode::encode_with(text, |piece| self.push(piece.as_bytes()));
    }

    /// Feeds `text` percent-encoded twice: an escape `%XX` encodes once more to `%25XX`.
    #[inline]
    pub(crate) fn push_encoded_twice(&mut self, text: &str) {
        crate::encode::encode_with(text, |piece| match piece.as_bytes() {
            [b'%', hex @ ..] if piece.len() == 3 => {
                self.push(b"%25");
                self.push(hex);
            }
            run => self.push(run),
        });
    }

    #[inline(always)]
    pub(crate) fn push(&mut self, bytes: &[u8]) {
        if put_short(self.buf, self.len, bytes) {
            self.len += bytes.len();
        } else {
            self.push_long(bytes);
        }
    }

    #[inline(never)]
    fn push_long(&mut self, bytes: &[u8]) {
        if self.len + bytes.len() > FEED {
            self.flush();
        }
        if bytes.len() > FEED {
            self.mac.update(bytes);
        } else {
            self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
            self.len += bytes.len();
        }
    }

    pub(crate) fn flush(&mut self) {
        self.mac.update(&self.buf[..self.len]);
        self.len = 0;
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

/// Copies `bytes` to `buf` at `at` with fixed-size moves, if it is short and `buf` has room
/// for a whole move there; says whether it did.
#[inline(always)]
pub(crate) fn put_short(buf: &mut [u8], at: usize, bytes: &[u8]) -> bool {
    if bytes.len() <= SHORT
        && let Some(dst) = buf.get_mut(at..).and_then(|b| b.first_chunk_mut())
    {
        copy_short(dst, bytes);
        true
    } else {
        false
    }
}

/// Copies `src` (at most [`SHORT`] bytes) to the start of `dst` with two overlapping moves of a
/// fixed size, which compile to a few register moves where a variable-length copy would call
/// `memcpy`. Bytes of `dst` past `src.len()` are left unspecified.
#[inline(always)]
fn copy_short(dst: &mut [u8; SHORT], src: &[u8]) {
    let n = src.len();
    if n >= 32 {
        copy_overlapping::<32>(dst, src);
    } else if n >= 16 {
        copy_overlapping::<16>(dst, src);
    } else if n >= 8 {
        copy_overlapping::<8>(dst, src);
    } else if n >= 4 {
        copy_overlapping::<4>(dst, src);
    } else if n > 0 {
        dst[0] = src[0];
        dst[n / 2] = src[n / 2];
        dst[n - 1] = src[n - 1];
    }
}

/// Copies `src`, of `K` to `2K` bytes, as its first and its last `K` bytes: two loads into
/// registers and two stores, all of a size the compiler sees as constant (slices of a
/// computed range let it merge the branches of [`copy_short`] into one `memcpy` call).
#[inline(always)]
fn copy_overlapping<const K: usize>(dst: &mut [u8; SHORT], src: &[u8]) {
    let n = src.len();
    let (Some(head), Some(tail)) = (src.first_chunk::<K>(), src.last_chunk::<K>()) else {
        return;
    };
    let (head, tail) = (*head, *tail);
    if let Some(d) = dst.first_chunk_mut::<K>() {
        *d = head;
    }
    if let Some(d) = dst
        .get_mut(n - K..)
        .and_then(|rest| rest.first_chunk_mut::<K>())
    {
        *d = tail;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rpc::v1::hmac_sha1;
    use hmac::Mac;

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

    #[test]
    fn short_copies_of_every_length() {
        let src: Vec<u8> = (1..=SHORT as u8).collect();
        for n in 0..=SHORT {
            let mut dst = [0xFF; SHORT];
            copy_short(&mut dst, &src[..n]);
            assert_eq!(&dst[..n], &src[..n], "length {n}");
            assert!(
                dst[n..].iter().all(|&b| b == 0xFF),
                "length {n} wrote past its end"
            );
        }
    }

    #[test]
    fn the_feed_splits_pieces_of_every_length_at_every_offset() {
        // Pieces of every length around SHORT and FEED, pushed from every fill level: the HMAC
        // must see exactly the bytes pushed, in order.
        let data: Vec<u8> = (0..3 * FEED).map(|i| (i * 7 % 251) as u8).collect();
        for fill in [0, 1, FEED - SHORT - 1, FEED - SHORT, FEED - 17, FEED - 1] {
            for n in [
                0,
                1,
                3,
                4,
                7,
                8,
                15,
                16,
                31,
                32,
                33,
                100,
                FEED - 1,
                FEED,
                FEED + 1,
                2 * FEED,
            ] {
                let mut buffer = feed_buffer();
                let mut feed = Feed::new(&mut buffer, hmac_sha1("k"));
                feed.push(&data[..fill]);
                feed.push(&data[fill..fill + n]);
                feed.push(b"end");
                feed.flush();
                let mut expect = hmac_sha1("k");
                Mac::update(&mut expect, &data[..fill + n]);
                Mac::update(&mut expect, b"end");
                assert_eq!(
                    feed.mac.finalize().into_bytes(),
                    expect.finalize().into_bytes(),
                    "fill {fill}, length {n}"
                );
            }
        }
    }
}
