//! Stages 2 and 3: the string to sign and the HMAC-SHA1 signature.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit as _, Mac as _};
use sha1::Sha1;

use super::{CanonicalQuery, Method};
use crate::encode::{encode_into, encoded_len};

/// The length of a V1 signature: Base64 of a 20-byte digest.
pub(crate) const SIGNATURE_LEN: usize = 28;

/// What goes between the method and the encoded canonical query: `&` + enc(`/`) + `&`.
const PATH_PART: &str = "&%2F&";

/// The V1 string to sign: `METHOD&%2F&` followed by the percent-encoding of the canonical
/// query (so `%` reads `%25`, `=` reads `%3D`, `&` reads `%26`).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct StringToSign(String);

impl StringToSign {
    /// The string to sign of `query` sent with `method`.
    pub fn new(method: Method, query: &CanonicalQuery) -> StringToSign {
        let query = query.as_str();
        let mut out =
            String::with_capacity(method.as_str().len() + PATH_PART.len() + encoded_len(query));
        out.push_str(method.as_str());
        out.push_str(PATH_PART);
        encode_into(&mut out, query);
        StringToSign(out)
    }

    /// The string to sign as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for StringToSign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("StringToSign")
            .field(&crate::redact::Redacted(&self.0))
            .finish()
    }
}

/// A V1 signature: standard Base64 of HMAC-SHA1, keyed with the AccessKeySecret followed by `&`.
///
/// Its `Debug` output is redacted, and it has no `Display`: [`Signature::as_str`] gives the
/// value to the code that sends it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Signature([u8; SIGNATURE_LEN]);

impl Signature {
    /// Signs `string_to_sign` with `access_key_secret`, used raw: an `&` inside it stays, and
    /// an empty secret gives the key `&`.
    pub fn v1(access_key_secret: &str, string_to_sign: &StringToSign) -> Signature {
        let mut mac = hmac_sha1(access_key_secret);
        mac.update(string_to_sign.as_str().as_bytes());
        Signature(base64_digest(&mac.finalize().into_bytes()))
    }

    /// Writes the signature percent-encoded (`+` as `%2B`, `/` as `%2F`, `=` as `%3D`) to the
    /// start of `out`; returns how many bytes that is. Without branches: every character
    /// writes three bytes, of which one or three count.
    fn percent_encode_into(&self, out: &mut [u8; ENCODED_SIGNATURE_ROOM]) -> usize {
        let mut len = 0;
        for &byte in &self.0 {
            let (escape, width) = BASE64_ESCAPES[usize::from(byte)];
            out[len..len + 3].copy_from_slice(&escape);
            len += usize::from(width);
        }
        len
    }

    /// The signature as Base64 text.
    pub fn as_str(&self) -> &str {
        // Base64 output is ASCII; the fallback is never taken.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

impl fmt::Debug for Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Signature({})", crate::redact::REDACTED)
    }
}

/// Room for a percent-encoded signature: three bytes per character, and the two bytes the last
/// three-byte write may leave past the end.
const ENCODED_SIGNATURE_ROOM: usize = 3 * SIGNATURE_LEN + 2;

/// How each byte of Base64 text percent-encodes: three bytes to write and how many of them
/// count (the byte itself, or `%2B`, `%2F`, `%3D`).
const BASE64_ESCAPES: [([u8; 3], u8); 256] = {
    let mut table = [([0u8; 3], 1u8); 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'+' => (*b"%2B", 3),
            b'/' => (*b"%2F", 3),
            b'=' => (*b"%3D", 3),
            byte => ([byte, 0, 0], 1),
        };
        b += 1;
    }
    table
};

/// Text of at most [`PIECE`] bytes in a padded array, so that it is always copied with one
/// move of fixed size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece {
    bytes: [u8; PIECE],
    len: usize,
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
        self.bytes.get(..self.len).unwrap_or_default()
    }
}

/// The start of a parameter as the V1 signer writes it, in both texts: the separator, the
/// name and `=` in the query (`&Name=`) and in the string to sign (`%26Name%3D`). For a
/// parameter with a fixed value, the whole parameter. Built at compile time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Prefix {
    once: Piece,
    twice: Piece,
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

/// The hot path of a V1 signer: appends `name=value` pairs, given in canonical order, to the
/// query text and feeds the HMAC the string to sign of that query in the same pass
/// (`METHOD&%2F&`, then the query encoded once more), so no string to sign is built.
///
/// The caller says what it knows holds only unreserved bytes (a typed request's names and
/// validated values): that is copied, not scanned. Debug builds check the claim.
pub(crate) struct QuerySigner<'b> {
    out: Out,
    feed: Feed<'b>,
}

/// The stack buffer through which a [`QuerySigner`] feeds the HMAC. The caller owns it so that
/// the signer stays small enough to move around cheaply.
pub(crate) type FeedBuffer = [u8; FEED];

/// A fresh [`FeedBuffer`].
pub(crate) const fn feed_buffer() -> FeedBuffer {
    [0u8; FEED]
}

impl<'b> QuerySigner<'b> {
    /// Starts signing a query sent with `method`, to be appended to `prefix`; `capacity` is
    /// how long the text is expected to grow (it grows further if need be).
    pub(crate) fn new(
        feed_buffer: &'b mut FeedBuffer,
        capacity: usize,
        method: Method,
        access_key_secret: &str,
    ) -> Self {
        let mut feed = Feed {
            buf: feed_buffer,
            len: 0,
            mac: hmac_sha1(access_key_secret),
        };
        feed.push(method.as_str().as_bytes());
        feed.push(PATH_PART.as_bytes());
        QuerySigner {
            out: Out::new(capacity),
            feed,
        }
    }

    /// Appends text that is not signed (the URL's scheme, host and path).
    #[inline]
    pub(crate) fn unsigned(&mut self, text: &str) {
        self.out.push(text.as_bytes());
    }

    /// Appends a parameter with a fixed value, `prefix` holding all of it.
    #[inline(always)]
    pub(crate) fn fixed(&mut self, prefix: &Prefix) {
        if !self.short_prefixed(prefix, &[], &[]) {
            self.long_prefixed(prefix, &[], &[]);
        }
    }

    /// Appends `prefix` then `value`, which is unreserved text when `plain`.
    #[inline(always)]
    pub(crate) fn prefixed(&mut self, prefix: &Prefix, value: &str, plain: bool) {
        if !plain {
            self.long_prefixed(prefix, &[], &[]);
            self.encode(value);
        } else if !self.short_prefixed(prefix, value.as_bytes(), value.as_bytes()) {
            self.long_prefixed(prefix, value.as_bytes(), value.as_bytes());
        }
    }

    /// Appends `prefix` then `value`, unreserved text, inlined into the caller's loop.
    #[inline(always)]
    pub(crate) fn prefixed_plain(&mut self, prefix: &Prefix, value: &str) {
        if !self.short_prefixed(prefix, value.as_bytes(), value.as_bytes()) {
            self.long_prefixed(prefix, value.as_bytes(), value.as_bytes());
        }
    }

    /// Appends `prefix` then a value the caller has percent-encoded already: `once` is its
    /// encoding, `twice` the encoding of that. Both are ASCII.
    #[inline]
    pub(crate) fn prefixed_encoded(&mut self, prefix: &Prefix, once: &[u8], twice: &[u8]) {
        debug_assert!(once.is_ascii() && twice.is_ascii());
        if !self.short_prefixed(prefix, once, twice) {
            self.long_prefixed(prefix, once, twice);
        }
    }

    /// The fast path: a value of at most [`SHORT`] bytes in each text. Each text gets the
    /// prefix with one fixed-size move and the value with at most two; positions stay in
    /// registers and the lengths are stored once. Says whether it wrote the parameter; when
    /// it did not, it wrote nothing that counts (bytes past the texts' ends are overwritten
    /// later).
    #[inline(always)]
    fn short_prefixed(&mut self, prefix: &Prefix, once: &[u8], twice: &[u8]) -> bool {
        if once.len() > SHORT || twice.len() > SHORT {
            return false;
        }
        self.out.make_room(PIECE + SHORT);
        if self.feed.len + PIECE + SHORT > FEED {
            self.feed.flush();
        }
        let (Some(o), Some(f)) = (
            put_prefixed(self.out.buf.get_mut(self.out.len..), &prefix.once, once),
            put_prefixed(self.feed.buf.get_mut(self.feed.len..), &prefix.twice, twice),
        ) else {
            return false;
        };
        self.out.len += o;
        self.feed.len += f;
        true
    }

    /// The same, for values of any length, through the texts' general pushes.
    #[inline(never)]
    fn long_prefixed(&mut self, prefix: &Prefix, once: &[u8], twice: &[u8]) {
        self.out.push(prefix.once.as_bytes());
        self.feed.push(prefix.twice.as_bytes());
        self.out.push(once);
        self.feed.push(twice);
    }

    /// Appends `enc(name)=enc(value)`, scanning both, after a separator unless `first`.
    #[cfg(test)]
    pub(crate) fn encoded_param(&mut self, first: bool, name: &str, value: &str) {
        if !first {
            self.out.push(b"&");
            self.feed.push(b"%26");
        }
        self.encode(name);
        self.out.push(b"=");
        self.feed.push(b"%3D");
        self.encode(value);
    }

    /// The text (the prefix, then the query) and the signature of the query.
    #[cfg(test)]
    pub(crate) fn finish(self) -> (String, Signature) {
        let (out, signature) = self.sign();
        (out.into_string(), signature)
    }

    /// The text with `&name=` and the percent-encoded signature of the query appended.
    pub(crate) fn finish_signed(self, name: &str) -> String {
        let (mut out, signature) = self.sign();
        out.push(b"&");
        out.push(name.as_bytes());
        out.push(b"=");
        out.make_room(ENCODED_SIGNATURE_ROOM);
        if let Some(dst) = out.buf.get_mut(out.len..).and_then(|b| b.first_chunk_mut()) {
            out.len += signature.percent_encode_into(dst);
        } else {
            // `make_room` made the room; this is never taken.
            let mut spare = [0u8; ENCODED_SIGNATURE_ROOM];
            let len = signature.percent_encode_into(&mut spare);
            out.push(&spare[..len]);
        }
        out.into_string()
    }

    fn sign(self) -> (Out, Signature) {
        let QuerySigner { out, mut feed, .. } = self;
        feed.flush();
        let signature = Signature(base64_digest(&feed.mac.finalize().into_bytes()));
        (out, signature)
    }

    /// `enc(text)` to the query and `enc(enc(text))` to the string to sign.
    fn encode(&mut self, text: &str) {
        let QuerySigner { out, feed, .. } = self;
        crate::encode::encode_with(text, |piece| {
            out.push(piece.as_bytes());
            match piece.as_bytes() {
                // An escape `%XX` encodes once more to `%25XX`.
                [b'%', hex @ ..] if piece.len() == 3 => {
                    feed.push(b"%25");
                    feed.push(hex);
                }
                run => feed.push(run),
            }
        });
    }
}

/// Writes the canonical query of `sorted` to `out` and signs it in the same pass, scanning
/// every name and value.
#[cfg(test)]
pub(crate) fn write_and_sign(
    out: &mut String,
    sorted: &[(&str, &str)],
    method: Method,
    access_key_secret: &str,
) -> Signature {
    let mut buffer = feed_buffer();
    let mut signer = QuerySigner::new(&mut buffer, out.len(), method, access_key_secret);
    signer.unsigned(out);
    for (i, (name, value)) in sorted.iter().enumerate() {
        signer.encoded_param(i == 0, name, value);
    }
    let signature;
    (*out, signature) = signer.finish();
    signature
}

/// The feed buffer's size: a multiple of the SHA-1 block. (Handing each block to the HMAC as
/// soon as it is complete, to overlap hashing with writing, measured no faster.)
const FEED: usize = 512;
/// The longest piece copied with fixed-size moves instead of a call to `memcpy`.
const SHORT: usize = 64;
/// The size of a [`Piece`]: the longest prefix of a parameter.
const PIECE: usize = 32;

/// Bytes on their way into the HMAC, gathered so that it is updated in large chunks.
struct Feed<'b> {
    buf: &'b mut FeedBuffer,
    len: usize,
    mac: Hmac<Sha1>,
}

impl Feed<'_> {
    #[inline(always)]
    fn push(&mut self, bytes: &[u8]) {
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

    fn flush(&mut self) {
        self.mac.update(&self.buf[..self.len]);
        self.len = 0;
    }
}

/// The text being written: bytes, so that short pieces are copied with fixed-size moves as in
/// the feed. Only ASCII and whole UTF-8 strings are written to it.
struct Out {
    /// Written up to `len`; zeros after, at least [`SHORT`] of them once `new` returns.
    buf: Vec<u8>,
    len: usize,
}

impl Out {
    /// Room the fast path asks for past the text: a separator, two pieces and an `=`.
    const ROOM: usize = PIECE + SHORT;

    #[expect(
        clippy::slow_vector_initialization,
        reason = "vec![0; n] is calloc, which skips glibc's per-thread cache for small blocks"
    )]
    fn new(capacity: usize) -> Out {
        // The text's expected length and the room the fast path asks for past it, so that a
        // text of the expected length never grows.
        let mut buf = Vec::with_capacity(capacity + Out::ROOM);
        buf.resize(capacity + Out::ROOM, 0);
        Out { buf, len: 0 }
    }

    #[inline(always)]
    fn push(&mut self, bytes: &[u8]) {
        if put_short(&mut self.buf, self.len, bytes) {
            self.len += bytes.len();
        } else {
            self.push_long(bytes);
        }
    }

    /// Makes sure `room` bytes are available past the text.
    #[inline(always)]
    fn make_room(&mut self, room: usize) {
        if self.len + room > self.buf.len() {
            self.grow(room);
        }
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

    fn into_string(mut self) -> String {
        self.buf.truncate(self.len);
        // Whole strings and ASCII pieces were written, so the bytes are UTF-8; the lossy
        // fallback is never taken.
        String::from_utf8(self.buf)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

/// Writes `prefix` and `value` (at most [`SHORT`] bytes) to the start of `buf` with fixed-size
/// moves; returns how many bytes that is, or `None` if `buf` is too short for the moves.
#[inline(always)]
fn put_prefixed(buf: Option<&mut [u8]>, prefix: &Piece, value: &[u8]) -> Option<usize> {
    let buf = buf?;
    *buf.first_chunk_mut::<PIECE>()? = prefix.bytes;
    let at = prefix.len;
    copy_short(buf.get_mut(at..)?.first_chunk_mut()?, value);
    Some(at + value.len())
}

/// Copies `bytes` to `buf` at `at` with fixed-size moves, if it is short and `buf` has room
/// for a whole move there; says whether it did.
#[inline(always)]
fn put_short(buf: &mut [u8], at: usize, bytes: &[u8]) -> bool {
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
        dst[..32].copy_from_slice(&src[..32]);
        dst[n - 32..n].copy_from_slice(&src[n - 32..]);
    } else if n >= 16 {
        dst[..16].copy_from_slice(&src[..16]);
        dst[n - 16..n].copy_from_slice(&src[n - 16..]);
    } else if n >= 8 {
        dst[..8].copy_from_slice(&src[..8]);
        dst[n - 8..n].copy_from_slice(&src[n - 8..]);
    } else if n >= 4 {
        dst[..4].copy_from_slice(&src[..4]);
        dst[n - 4..n].copy_from_slice(&src[n - 4..]);
    } else if n > 0 {
        dst[0] = src[0];
        dst[n / 2] = src[n / 2];
        dst[n - 1] = src[n - 1];
    }
}

/// An HMAC-SHA1 keyed with `secret` followed by `&`, without allocating for ordinary secrets.
fn hmac_sha1(secret: &str) -> Hmac<Sha1> {
    let secret = secret.as_bytes();
    let mut stack = [0u8; 128];
    let heap;
    let key: &[u8] = if secret.len() < stack.len() {
        stack[..secret.len()].copy_from_slice(secret);
        stack[secret.len()] = b'&';
        &stack[..=secret.len()]
    } else {
        heap = [secret, b"&"].concat();
        &heap
    };
    // HMAC takes a key of any length; `new_from_slice` cannot fail for it.
    match Hmac::<Sha1>::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC accepts keys of every length"),
    }
}

fn base64_digest(digest: &[u8]) -> [u8; SIGNATURE_LEN] {
    let mut out = [0u8; SIGNATURE_LEN];
    // 20 bytes always encode to exactly 28 characters.
    let _ = STANDARD.encode_slice(digest, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sdk_unit_test_hmac_vector() {
        // The official SDKs' own unit test (PROTOCOL.md section 2): HMAC-SHA1 of `source` with
        // key `secret`. Our key is the secret followed by `&`, so sign with the raw HMAC here.
        let mut mac = Hmac::<Sha1>::new_from_slice(b"secret").expect("any key length");
        mac.update(b"source");
        let sig = base64_digest(&mac.finalize().into_bytes());
        assert_eq!(&sig, b"Jv4yi8SobFhg5t1C7nWLbhBSFZQ=");
    }

    #[test]
    fn fused_writer_equals_the_stages() {
        let params = [
            ("A b", "1 2"),
            ("B", "日&=%"),
            ("C", "plain"),
            ("D", ""),
            ("E", &"x~".repeat(900)),
        ];
        // Secrets of every size: the key is built on the stack below 128 bytes, on the heap above.
        for secret in [
            "",
            "k&",
            &"k".repeat(127),
            &"k".repeat(128),
            &"k".repeat(300),
        ] {
            for method in [Method::Get, Method::Post] {
                let staged_query = CanonicalQuery::new(params.iter().copied());
                let staged = Signature::v1(secret, &StringToSign::new(method, &staged_query));
                let mut out = String::new();
                let fused = write_and_sign(&mut out, &params, method, secret);
                assert_eq!(out, staged_query.as_str());
                assert_eq!(fused, staged, "secret length {}", secret.len());

                // The same, telling the writer which names and values are plain, from a prefix
                // and with too little room to start with.
                let mut buffer = feed_buffer();
                let mut signer = QuerySigner::new(&mut buffer, 1, method, secret);
                signer.unsigned("x?");
                for (name, value) in params {
                    if name == "A b" {
                        signer.encoded_param(true, name, value);
                    } else {
                        let plain = name == "C" || name == "E";
                        signer.prefixed(&Prefix::name(name), value, plain);
                    }
                }
                let (out, signature) = signer.finish();
                assert_eq!(signature, staged, "secret length {}", secret.len());
                assert_eq!(out, format!("x?{}", staged_query.as_str()));
            }
        }
    }

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
    fn prefixed_writes_equal_the_stages() {
        // Every way in, short and long values, across feed flushes: the query and the
        // signature equal the staged ones.
        const FIRST: Prefix = Prefix::first("A");
        const B: Prefix = Prefix::name("B");
        const C: Prefix = Prefix::fixed("C", "fixed-value");
        const D: Prefix = Prefix::name("D");
        const E: Prefix = Prefix::name("E");
        let long = "x".repeat(700);
        let text = "a b&c=d/é";
        let once = crate::encode::percent_encode(text);
        let twice = crate::encode::percent_encode(&once);
        for method in [Method::Get, Method::Post] {
            let mut buffer = feed_buffer();
            let mut signer = QuerySigner::new(&mut buffer, 0, method, "k");
            signer.unsigned("x?");
            signer.prefixed_plain(&FIRST, "1");
            signer.prefixed(&B, &long, true);
            signer.fixed(&C);
            signer.prefixed(&D, text, false);
            signer.prefixed_encoded(&E, once.as_bytes(), twice.as_bytes());
            for _ in 0..20 {
                signer.prefixed_plain(&E, "i-bp1g6zv0ce8oghu7k2zz");
            }
            let (out, signature) = signer.finish();
            let mut params = vec![
                ("A", "1"),
                ("B", long.as_str()),
                ("C", "fixed-value"),
                ("D", text),
                ("E", text),
            ];
            params.extend(std::iter::repeat_n(("E", "i-bp1g6zv0ce8oghu7k2zz"), 20));
            let mut staged = String::new();
            super::super::canonical::write_canonical_query(&mut staged, &params);
            let expect = Signature::v1(
                "k",
                &StringToSign::new(method, &CanonicalQuery::new(params)),
            );
            assert_eq!(out, format!("x?{staged}"));
            assert_eq!(signature, expect);
        }
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
                let mut feed = Feed {
                    buf: &mut buffer,
                    len: 0,
                    mac: hmac_sha1("k"),
                };
                feed.push(&data[..fill]);
                feed.push(&data[fill..fill + n]);
                feed.push(b"end");
                feed.flush();
                let mut expect = hmac_sha1("k");
                expect.update(&data[..fill + n]);
                expect.update(b"end");
                assert_eq!(
                    feed.mac.finalize().into_bytes(),
                    expect.finalize().into_bytes(),
                    "fill {fill}, length {n}"
                );
            }
        }
    }

    #[test]
    fn signatures_percent_encode_like_text() {
        let mut key = 0u32;
        let mut seen = [false; 3];
        // Enough signatures to see every Base64 character that needs encoding.
        while !(seen.iter().all(|&s| s) && key > 100) {
            let q = CanonicalQuery::new([("A", "1")]);
            let sig = Signature::v1(&key.to_string(), &StringToSign::new(Method::Get, &q));
            let mut encoded = [0u8; ENCODED_SIGNATURE_ROOM];
            let len = sig.percent_encode_into(&mut encoded);
            let expect = crate::encode::percent_encode(sig.as_str());
            assert_eq!(std::str::from_utf8(&encoded[..len]), Ok(expect.as_str()));
            for (at, c) in ['+', '/', '='].into_iter().enumerate() {
                seen[at] |= sig.as_str().contains(c);
            }
            key += 1;
        }
    }

    #[test]
    fn signature_debug_is_redacted() {
        let q = CanonicalQuery::new([("A", "1")]);
        let sig = Signature::v1("secret", &StringToSign::new(Method::Get, &q));
        assert_eq!(format!("{sig:?}"), "Signature(** redacted **)");
        assert_eq!(sig.as_str().len(), SIGNATURE_LEN);
    }
}
