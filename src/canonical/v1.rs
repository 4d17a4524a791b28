//! V1's canonical form on its way into HMAC-SHA1, written once for the signer and the verifier:
//! the string to sign's start (`METHOD&%2F&`), one pair of the canonical query as it is in the
//! query and encoded once more in the string to sign, and the Base64 signature at the end.
//!
//! Two walks feed it, each in canonical order: the signer's over the typed request with the
//! common parameters merged in (names known at compile time, so each pair's start is a
//! [`Prefix`]), and the verifier's over the decoded pairs. Both write to a [`Sink`]: the
//! verifier's is [`Hashed`], the HMAC alone; the signer's writes the query text and feeds the
//! HMAC in the same pass. The staged, readable twin is [`crate::rpc::v1`].

use hmac::Mac as _;

use super::feed::{Feed, FeedBuffer};
use crate::rpc::Method;
use crate::rpc::v1::{PATH_PART, SIGNATURE_LEN, base64_digest, hmac_sha1};

/// The separator between two pairs: in the query, and in the string to sign.
pub(crate) const AMPERSAND: (&str, &str) = ("&", "%26");

/// The separator between a name and its value: in the query, and in the string to sign.
pub(crate) const EQUALS: (&str, &str) = ("=", "%3D");

/// Where a V1 canonical query goes: the query text, the HMAC of the string to sign, or both.
/// Every piece comes in the query's encoding (`once`) and the string to sign's (`twice`).
pub(crate) trait Sink {
    /// Text encoded already: `once` to the query, `twice` to the string to sign.
    fn put(&mut self, once: &[u8], twice: &[u8]);

    /// `text`, percent-encoded once to the query and twice to the string to sign.
    fn put_encoded(&mut self, text: &str);

    /// A whole pair whose name and value are known at compile time.
    #[inline]
    fn fixed(&mut self, prefix: &Prefix) {
        self.put(prefix.once.as_bytes(), prefix.twice.as_bytes());
    }

    /// `prefix`, then `value`, which is its own encoding (unreserved text) when `plain`.
    #[inline]
    fn prefixed(&mut self, prefix: &Prefix, value: &str, plain: bool) {
        self.put(prefix.once.as_bytes(), prefix.twice.as_bytes());
        self.value(value, plain);
    }

    /// `prefix`, then a value encoded already: `once` as it is in the query, `twice` as it is
    /// in the string to sign.
    #[inline]
    fn prefixed_encoded(&mut self, prefix: &Prefix, once: &[u8], twice: &[u8]) {
        self.put(prefix.once.as_bytes(), prefix.twice.as_bytes());
        self.put(once, twice);
    }

    /// One pair of the canonical query, after a separator unless it is the `first`; `plain`:
    /// the name and the value are unreserved text, their own encoding.
    #[inline(always)]
    fn pair(&mut self, first: bool, name: &str, value: &str, plain: bool) {
        if !first {
            self.put(AMPERSAND.0.as_bytes(), AMPERSAND.1.as_bytes());
        }
        // One branch for the pair: a plain pair is copied whole.
        if plain {
            self.put(name.as_bytes(), name.as_bytes());
            self.put(EQUALS.0.as_bytes(), EQUALS.1.as_bytes());
            self.put(value.as_bytes(), value.as_bytes());
        } else {
            self.put_encoded(name);
            self.put(EQUALS.0.as_bytes(), EQUALS.1.as_bytes());
            self.put_encoded(value);
        }
    }

    /// `text`, copied when `plain`, else encoded.
    #[inline(always)]
    fn value(&mut self, text: &str, plain: bool) {
        if plain {
            self.put(text.as_bytes(), text.as_bytes());
        } else {
            self.put_encoded(text);
        }
    }
}

/// Feeds the start of the string to sign of a request sent with `method`.
#[inline]
pub(crate) fn start(feed: &mut Feed<'_>, method: Method) {
    feed.push(method.as_str().as_bytes());
    feed.push(PATH_PART.as_bytes());
}

/// The signature of what `feed` was fed, as Base64.
#[inline]
pub(crate) fn finish(mut feed: Feed<'_>) -> [u8; SIGNATURE_LEN] {
    feed.flush();
    base64_digest(&feed.mac.finalize().into_bytes())
}

/// The verifier's sink: the string to sign fed into HMAC-SHA1, and no text.
pub(crate) struct Hashed<'b>(Feed<'b>);

impl<'b> Hashed<'b> {
    /// The string to sign of a request sent with `method`, keyed with `secret`, through `buf`.
    pub(crate) fn new(buf: &'b mut FeedBuffer, method: Method, secret: &str) -> Self {
        let mut feed = Feed::new(buf, hmac_sha1(secret));
        start(&mut feed, method);
        Hashed(feed)
    }

    /// The signature, as Base64.
    pub(crate) fn signature(self) -> [u8; SIGNATURE_LEN] {
        finish(self.0)
    }
}

impl Sink for Hashed<'_> {
    #[inline(always)]
    fn put(&mut self, _once: &[u8], twice: &[u8]) {
        self.0.push(twice);
    }

    #[inline]
    fn put_encoded(&mut self, text: &str) {
        self.0.push_encoded_twice(text);
    }
}

/// Text of at most [`PIECE`] bytes in a padded array, so that it is always copied with one
/// move of fixed size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Piece {
    pub(crate) bytes: [u8; PIECE],
    pub(crate) len: usize,
}

/// The size of a [`Piece`]: the longest prefix of a parameter.
pub(crate) const PIECE: usize = 32;

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

/// The start of a pair whose name is known at compile time, in both encodings: the separator,
/// the name and `=` (`&Name=` in the query, `%26Name%3D` in the string to sign); for a
/// parameter with a fixed value, the whole pair.
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
        Prefix::pair(AMPERSAND, name, "")
    }

    /// `name=`, for the first parameter of a query: no separator.
    pub(crate) const fn first(name: &str) -> Prefix {
        Prefix::pair(("", ""), name, "")
    }

    /// `&name=value`, a whole parameter with a fixed value; both of unreserved text.
    pub(crate) const fn fixed(name: &str, value: &str) -> Prefix {
        Prefix::pair(AMPERSAND, name, value)
    }

    /// `separator`, `name`, `=` and `value`, in both encodings; the name and the value are
    /// unreserved text, their own encoding.
    const fn pair(separator: (&str, &str), name: &str, value: &str) -> Prefix {
        assert_plain(name);
        assert_plain(value);
        let (name, value) = (name.as_bytes(), value.as_bytes());
        Prefix {
            once: Piece::concat(&[separator.0.as_bytes(), name, EQUALS.0.as_bytes(), value]),
            twice: Piece::concat(&[separator.1.as_bytes(), name, EQUALS.1.as_bytes(), value]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::canonical::feed::feed_buffer;
    use crate::rpc::v1::{CanonicalQuery, Signature, StringToSign};

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

    /// The guard that keeps a reserved byte out of a compile-time prefix, called at run time
    /// (in a constant, its panic is a build error).
    #[test]
    fn only_unreserved_text_makes_a_prefix() {
        assert_plain("InstanceId.7-_~");
        assert_plain("");
        for text in ["a b", "a&", "=", "%41", "日"] {
            let refused = std::panic::catch_unwind(|| assert_plain(text));
            assert!(refused.is_err(), "{text:?} passed");
        }
    }

    /// A sink that keeps both texts, to see what a walk writes.
    #[derive(Default)]
    struct Texts(String, String);

    impl Sink for Texts {
        fn put(&mut self, once: &[u8], twice: &[u8]) {
            self.0.push_str(std::str::from_utf8(once).expect("text"));
            self.1.push_str(std::str::from_utf8(twice).expect("text"));
        }

        fn put_encoded(&mut self, text: &str) {
            let once = crate::encode::percent_encode(text);
            self.1.push_str(&crate::encode::percent_encode(&once));
            self.0.push_str(&once);
        }
    }

    #[test]
    fn pairs_and_prefixes_write_the_staged_query_and_string_to_sign() {
        let pairs = [
            ("A b", "日&=%+~*", false),
            ("B", "2", true),
            ("C", "", true),
        ];
        let staged = CanonicalQuery::new(pairs.iter().map(|&(n, v, _)| (n, v)));
        for method in [Method::Get, Method::Post] {
            let to_sign = StringToSign::new(method, &staged);
            let expect = Signature::v1("k&", &to_sign);
            // Each pair written whole, its name scanned unless plain.
            let mut texts = Texts::default();
            let mut buffer = feed_buffer();
            let mut hashed = Hashed::new(&mut buffer, method, "k&");
            for (k, &(name, value, plain)) in pairs.iter().enumerate() {
                texts.pair(k == 0, name, value, plain);
                hashed.pair(k == 0, name, value, plain);
            }
            assert_eq!(texts.0, staged.as_str());
            let head = format!("{}{PATH_PART}", method.as_str());
            assert_eq!(format!("{head}{}", texts.1), to_sign.as_str());
            assert_eq!(hashed.signature(), expect.as_str().as_bytes());
            // The same after the first, through prefixes built at compile time.
            let mut texts = Texts::default();
            texts.pair(true, "A b", "日&=%+~*", false);
            texts.prefixed(&Prefix::name("B"), "2", true);
            let c = Prefix::fixed("C", "");
            texts.put(c.once.as_bytes(), c.twice.as_bytes());
            assert_eq!(texts.0, staged.as_str());
            assert_eq!(format!("{head}{}", texts.1), to_sign.as_str());
        }
    }
}
