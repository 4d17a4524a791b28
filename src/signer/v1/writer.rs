//! The V1 hot path's sink: appends parameters to the query text and feeds the HMAC the
//! string to sign of that query in the same pass, with fixed-size moves for short pieces.
//! What it writes is [`crate::canonical::v1`]'s; its staged, readable twin is
//! [`crate::rpc::v1`], and the tests below check one against the other.

#[cfg(test)]
use crate::canonical::feed::feed_buffer;
use crate::canonical::feed::{FEED, Feed, FeedBuffer, SHORT};
use crate::canonical::v1::{PIECE, Prefix, Sink};
use crate::rpc::Method;
use crate::rpc::v1::{SIGNATURE_LEN, Signature, hmac_sha1};
use crate::signer::buffers::{Out, put_prefixed};

/// Writes the signature percent-encoded (`+` as `%2B`, `/` as `%2F`, `=` as `%3D`) to the
/// start of `out`; returns how many bytes that is. Without branches: every character
/// writes three bytes, of which one or three count.
fn percent_encode_into(signature: &Signature, out: &mut [u8; ENCODED_SIGNATURE_ROOM]) -> usize {
    let mut len = 0;
    for &byte in signature.as_str().as_bytes() {
        let (escape, width) = BASE64_ESCAPES[usize::from(byte)];
        out[len..len + 3].copy_from_slice(&escape);
        len += usize::from(width);
    }
    len
}

/// Room for a percent-encoded signature: three bytes per character. Each character writes
/// three bytes where the one before it ended, so no write reaches past three times the count.
const ENCODED_SIGNATURE_ROOM: usize = 3 * SIGNATURE_LEN;

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

impl<'b> QuerySigner<'b> {
    /// Starts signing a query sent with `method`, to be appended to `prefix`; `capacity` is
    /// how long the text is expected to grow (it grows further if need be).
    pub(crate) fn new(
        feed_buffer: &'b mut FeedBuffer,
        capacity: usize,
        method: Method,
        access_key_secret: &str,
    ) -> Self {
        let mut feed = Feed::new(feed_buffer, hmac_sha1(access_key_secret));
        crate::canonical::v1::start(&mut feed, method);
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

    /// The fast path: a value of at most [`SHORT`] bytes in each text (`twice` is never the
    /// shorter). Each text gets the prefix with one fixed-size move and the value with at most
    /// two; positions stay in registers and the lengths are stored once. Says whether it wrote
    /// the parameter; when it did not, it wrote nothing that counts (bytes past the texts'
    /// ends are overwritten later).
    #[inline(always)]
    fn short_prefixed(&mut self, prefix: &Prefix, once: &[u8], twice: &[u8]) -> bool {
        if twice.len() > SHORT {
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
            out.len += percent_encode_into(&signature, dst);
        } else {
            // `make_room` made the room; this is never taken.
            let mut spare = [0u8; ENCODED_SIGNATURE_ROOM];
            let len = percent_encode_into(&signature, &mut spare);
            out.push(&spare[..len]);
        }
        out.into_string()
    }

    fn sign(self) -> (Out, Signature) {
        let QuerySigner { out, feed, .. } = self;
        let signature = Signature::from_base64(crate::canonical::v1::finish(feed));
        (out, signature)
    }
}

impl Sink for QuerySigner<'_> {
    #[inline(always)]
    fn put(&mut self, once: &[u8], twice: &[u8]) {
        self.out.push(once);
        self.feed.push(twice);
    }

    /// Appends a parameter with a fixed value, `prefix` holding all of it.
    #[inline(always)]
    fn fixed(&mut self, prefix: &Prefix) {
        if !self.short_prefixed(prefix, &[], &[]) {
            self.long_prefixed(prefix, &[], &[]);
        }
    }

    /// Appends `prefix` then a value the caller has percent-encoded already: `once` is its
    /// encoding, `twice` the encoding of that. Both are ASCII.
    #[inline]
    fn prefixed_encoded(&mut self, prefix: &Prefix, once: &[u8], twice: &[u8]) {
        debug_assert!(once.is_ascii() && twice.is_ascii());
        if !self.short_prefixed(prefix, once, twice) {
            self.long_prefixed(prefix, once, twice);
        }
    }

    /// Appends `prefix` then `value`, which is unreserved text when `plain`: the fast path
    /// for a short plain value, else the prefix and the value scanned.
    #[inline(always)]
    fn prefixed(&mut self, prefix: &Prefix, value: &str, plain: bool) {
        if !plain {
            self.long_prefixed(prefix, &[], &[]);
            self.put_encoded(value);
        } else if !self.short_prefixed(prefix, value.as_bytes(), value.as_bytes()) {
            self.long_prefixed(prefix, value.as_bytes(), value.as_bytes());
        }
    }

    /// `enc(text)` to the query and `enc(enc(text))` to the string to sign, in one scan.
    fn put_encoded(&mut self, text: &str) {
        let QuerySigner { out, feed, .. } = self;
        crate::encode::encode_with(text, |piece| {
            out.push(piece.as_bytes());
            match piece.as_bytes() {
                // An escape `%XX` encodes once more to `%25XX` (the other pieces are runs of
                // unreserved bytes, which never start with `%`).
                [b'%', hex @ ..] => {
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
        signer.pair(i == 0, name, value, false);
    }
    let signature;
    (*out, signature) = signer.finish();
    signature
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rpc::v1::{CanonicalQuery, StringToSign};

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
                        signer.pair(true, name, value, false);
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
    fn prefixed_writes_equal_the_stages() {
        // Every way in, short and long values, across feed flushes: the query and the
        // signature equal the staged ones.
        const FIRST: Prefix = Prefix::first("A");
        const B: Prefix = Prefix::name("B");
        const C: Prefix = Prefix::fixed("C", "fixed-value");
        const D: Prefix = Prefix::name("D");
        const E: Prefix = Prefix::name("E");
        const F: Prefix = Prefix::name("F");
        let long = "x".repeat(700);
        // Encoded once, each just does not fit the fast path's SHORT bytes, or just does;
        // encoded twice (`%21` becomes `%2521`), none does. In canonical order (`!` < `a`).
        let escapes: Vec<String> = [(22, ""), (21, "a"), (20, "ab")]
            .map(|(n, tail)| format!("{}{tail}", "!".repeat(n)))
            .into();
        let once_lengths = escapes
            .iter()
            .map(|e| crate::encode::percent_encode(e).len());
        assert_eq!(
            once_lengths.collect::<Vec<_>>(),
            [SHORT + 2, SHORT, SHORT - 2]
        );
        let text = "a b&c=d/é";
        let once = crate::encode::percent_encode(text);
        let twice = crate::encode::percent_encode(&once);
        for method in [Method::Get, Method::Post] {
            let mut buffer = feed_buffer();
            let mut signer = QuerySigner::new(&mut buffer, 0, method, "k");
            signer.unsigned("x?");
            signer.prefixed(&FIRST, "1", true);
            signer.prefixed(&B, &long, true);
            signer.fixed(&C);
            signer.prefixed(&D, text, false);
            signer.prefixed_encoded(&E, once.as_bytes(), twice.as_bytes());
            for _ in 0..20 {
                signer.prefixed(&E, "i-bp1g6zv0ce8oghu7k2zz", true);
            }
            for value in &escapes {
                let once = crate::encode::percent_encode(value);
                let twice = crate::encode::percent_encode(&once);
                signer.prefixed_encoded(&F, once.as_bytes(), twice.as_bytes());
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
            params.extend(escapes.iter().map(|e| ("F", e.as_str())));
            let mut staged = String::new();
            crate::rpc::write_canonical_query(&mut staged, &params);
            let expect = Signature::v1(
                "k",
                &StringToSign::new(method, &CanonicalQuery::new(params)),
            );
            assert_eq!(out, format!("x?{staged}"));
            assert_eq!(signature, expect);
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
            let len = percent_encode_into(&sig, &mut encoded);
            let expect = crate::encode::percent_encode(sig.as_str());
            assert_eq!(std::str::from_utf8(&encoded[..len]), Ok(expect.as_str()));
            for (at, c) in ['+', '/', '='].into_iter().enumerate() {
                seen[at] |= sig.as_str().contains(c);
            }
            key += 1;
        }
    }

    /// The room for an encoded signature is enough when every character needs an escape, and
    /// the plain ones count once.
    #[test]
    fn an_encoded_signature_fits_its_room() {
        let mut room = [0u8; ENCODED_SIGNATURE_ROOM];
        let escaped = Signature::from_base64([b'+'; SIGNATURE_LEN]);
        assert_eq!(percent_encode_into(&escaped, &mut room), 3 * SIGNATURE_LEN);
        assert_eq!(&room[..6], b"%2B%2B");
        let mut text = *b"ab/AB09+yz/=abcdefghijklmnop";
        text[SIGNATURE_LEN - 1] = b'=';
        let mixed = Signature::from_base64(text);
        let n = percent_encode_into(&mixed, &mut room);
        assert_eq!(&room[..n], b"ab%2FAB09%2Byz%2F%3Dabcdefghijklmno%3D");
    }
}
