//! The V3 canonical request, fed to a hash: the one writer behind both the signer's hash and
//! the verifier's. Its readable twin is the staged [`crate::rpc::v3::CanonicalRequest`]; the
//! tests of the signer and of the verifier check each against it.
//!
//! ```text
//! METHOD \n path \n canonical query \n (name:value \n)* \n name;name;… \n body hash
//! ```

use hmac::digest::{Digest, Update};

use super::feed::{Feed, feed_buffer};
use super::hex::hex_into;
use crate::rpc::Method;

/// The signed header lines of a canonical request: sorted by name, names lower-case and
/// distinct (their values are trimmed when fed, as the canonical form trims them), and, when
/// the caller has it already (a signer's constant), the names joined with `;`.
pub(crate) struct Lines<'a, 'l> {
    pub(crate) lines: &'l [(&'a str, &'a str)],
    pub(crate) joined: Option<&'a str>,
}

/// The lower-case hex digest `D` of the canonical request. `query` feeds the canonical query;
/// `body_hash` is the value of the body hash header as sent.
#[inline]
pub(crate) fn hash<D: Digest + Update>(
    method: Method,
    path: &str,
    query: impl FnOnce(&mut Feed<'_, D>),
    Lines { lines, joined }: Lines<'_, '_>,
    body_hash: &str,
) -> [u8; 64] {
    let mut buffer = feed_buffer();
    let mut feed = Feed::new(&mut buffer, D::new());
    feed.push(method.as_str().as_bytes());
    feed.push(b"\n");
    feed.push(path.as_bytes());
    feed.push(b"\n");
    query(&mut feed);
    feed.push(b"\n");
    for (name, value) in lines {
        feed.push(name.as_bytes());
        feed.push(b":");
        feed.push(trimmed(value).as_bytes());
        feed.push(b"\n");
    }
    feed.push(b"\n");
    match joined {
        Some(joined) => {
            debug_assert!(
                joined.split(';').eq(lines.iter().map(|(n, _)| *n)),
                "{joined} names other lines"
            );
            feed.push(joined.as_bytes());
        }
        None => {
            for (k, (name, _)) in lines.iter().enumerate() {
                if k > 0 {
                    feed.push(b";");
                }
                feed.push(name.as_bytes());
            }
        }
    }
    feed.push(b"\n");
    feed.push(body_hash.as_bytes());
    feed.flush();
    let mut out = [0u8; 64];
    hex_into(&Digest::finalize(feed.mac), &mut out);
    out
}

/// `value.trim()`, as the canonical request trims a header value; a value that starts and ends
/// with a visible ASCII character (every value an SDK sends) is returned at once, without
/// decoding characters at both ends.
#[inline]
pub(crate) fn trimmed(value: &str) -> &str {
    let visible = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
    let bytes = value.as_bytes();
    if visible(bytes.first()) && visible(bytes.last()) {
        value
    } else {
        value.trim()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rpc::v3::CanonicalRequest;
    use sha2::Sha256;

    #[test]
    fn trimmed_is_trim() {
        for value in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\n",
            "a b",
            "\u{a0}a",
            "a\u{3000}",
            "\u{1f}a\u{1f}",
            "日",
            "~!",
            "\u{85}",
        ] {
            assert_eq!(trimmed(value), value.trim(), "{value:?}");
        }
    }

    /// The fed hash is the hash of the staged canonical request over the same parts.
    #[test]
    fn the_fed_hash_is_the_staged_requests() {
        let lines = [
            ("content-type", "application/x-www-form-urlencoded"),
            ("host", " ecs.aliyuncs.com "),
            ("x-acs-action", "DeleteInstance"),
        ];
        for (query, pairs) in [
            ("", vec![]),
            ("A=1&B=x%20y", vec![("A", "1"), ("B", "x y")]),
        ] {
            let staged = CanonicalRequest::new(Method::Post, "/", &pairs, &lines, "abc");
            for joined in [None, Some("content-type;host;x-acs-action")] {
                let fed = hash::<Sha256>(
                    Method::Post,
                    "/",
                    |feed| feed.push(query.as_bytes()),
                    Lines {
                        lines: &lines,
                        joined,
                    },
                    "abc",
                );
                assert_eq!(
                    std::str::from_utf8(&fed),
                    Ok(staged.hashed().as_str()),
                    "{query}"
                );
            }
        }
    }
}
