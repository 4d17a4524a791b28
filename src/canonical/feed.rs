//! The sink a canonical form is fed into on its way to a keyed hash: bytes gathered in a stack
//! buffer so the hash is updated in large chunks, short pieces copied with fixed-size moves
//! that compile to a few register moves where a variable-length copy would call `memcpy`.

use hmac::Hmac;
use hmac::digest::Update;
use sha1::Sha1;

/// The longest piece copied with fixed-size moves instead of a call to `memcpy`.
pub(crate) const SHORT: usize = 64;

/// The stack buffer through which a signer feeds the HMAC. The caller owns it so that
/// the signer stays small enough to move around cheaply.
pub(crate) type FeedBuffer = [u8; FEED];

/// A fresh [`FeedBuffer`].
pub(crate) const fn feed_buffer() -> FeedBuffer {
    [0u8; FEED]
}

/// The feed buffer's size: a multiple of the SHA-1 block. (Handing each block to the HMAC as
/// soon as it is complete, to overlap hashing with writing, measured no faster.)
pub(crate) const FEED: usize = 512;

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

    /// Feeds `text` percent-encoded twice: an escape `%XX` encodes once more to `%25XX`. (The
    /// encoder's other pieces are runs of unreserved bytes, which never start with `%`.)
    #[inline]
    pub(crate) fn push_encoded_twice(&mut self, text: &str) {
        crate::encode::encode_with(text, |piece| match piece.as_bytes() {
            [b'%', hex @ ..] => {
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
pub(crate) fn copy_short(dst: &mut [u8; SHORT], src: &[u8]) {
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
