//! The signed request: plain data any HTTP client can send.

use std::borrow::Cow;
use std::fmt;

use crate::redact::{self, Redacted};
use crate::rpc::Method;

/// A header as a signed request keeps it: name (lower case for those the crate writes) and
/// value. Fixed names borrow static strings; values are [`HeaderValue`]s, so that signing
/// allocates nothing per header. Callers see `(&str, &str)` ([`SignedRequest::headers`]).
pub(crate) type Header = (Cow<'static, str>, HeaderValue);

/// The `Content-Type` of a form body.
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// Whether a `Content-Type` value names a form: its media type (before any `;` parameter,
/// surrounding spaces aside) is [`FORM_CONTENT_TYPE`] in any case, as media types compare
/// (RFC 9110, 8.3.1). The one rule for every reader of a request: the verifier and the emulator.
pub(crate) fn is_form(content_type: &str) -> bool {
    let media_type = content_type.split(';').next().unwrap_or_default();
    media_type
        .trim_matches([' ', '\t'])
        .eq_ignore_ascii_case(FORM_CONTENT_TYPE)
}

/// The headers of a V1 form-body request without caller headers: borrowed, never allocated.
pub(crate) const FORM_HEADERS: &[Header] = &[(
    Cow::Borrowed("content-type"),
    HeaderValue::from_static(FORM_CONTENT_TYPE),
)];

/// The longest value a [`HeaderValue`] keeps without allocating: a host, a date, a UUID or hex
/// nonce, a body hash, an AccessKeyId. Longer values (`Authorization`, an STS token) go on the
/// heap; a larger inline size costs more in copies than the allocation it saves.
const INLINE: usize = 64;

/// A header value: a static string, text of up to 64 bytes kept inline, or a longer text on
/// the heap. It reads as a `&str` ([`HeaderValue::as_str`]).
#[derive(Clone)]
pub(crate) struct HeaderValue(Repr);

#[derive(Clone)]
enum Repr {
    Static(&'static str),
    Inline { len: u16, bytes: [u8; INLINE] },
    Heap(String),
}

impl HeaderValue {
    /// A value borrowed from a static string.
    pub(crate) const fn from_static(value: &'static str) -> HeaderValue {
        HeaderValue(Repr::Static(value))
    }

    /// A copy of `value`: inline when it is short enough, else on the heap.
    pub(crate) fn new(value: &str) -> HeaderValue {
        match u16::try_from(value.len()) {
            Ok(len) if value.len() <= INLINE => {
                let mut bytes = [0u8; INLINE];
                bytes[..value.len()].copy_from_slice(value.as_bytes());
                HeaderValue(Repr::Inline { len, bytes })
            }
            _ => HeaderValue(Repr::Heap(value.to_owned())),
        }
    }

    /// Text written in pieces, in one allocation. (Its one caller, V3's `Authorization`, is
    /// always longer than the inline storage: a 64-digit signature alone fills it.)
    pub(crate) fn concat(pieces: &[&str]) -> HeaderValue {
        HeaderValue(Repr::Heap(pieces.concat()))
    }

    /// The value.
    pub(crate) fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Static(s) => s,
            Repr::Inline { len, bytes } => std::str::from_utf8(&bytes[..usize::from(*len)])
                .expect("invariant: inline bytes are copied from whole strings"),
            Repr::Heap(s) => s,
        }
    }
}

impl PartialEq for HeaderValue {
    fn eq(&self, other: &HeaderValue) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for HeaderValue {}

impl AsRef<str> for HeaderValue {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// A request ready to send: method, URL, headers and body.
///
/// Its `Debug` output hides the signature (V1 `Signature`, V3 `Authorization`) and the STS
/// token (`SecurityToken`, `x-acs-security-token`).
#[derive(Clone, PartialEq, Eq)]
pub struct SignedRequest {
    method: Method,
    /// The URL, then the form body (if any): one allocation for both.
    text: String,
    url_len: usize,
    host_start: usize,
    headers: Cow<'static, [Header]>,
}

impl SignedRequest {
    /// The bytes reserved for the text (for the tests: a length bound must be a bound, not a
    /// blow-up).
    #[cfg(test)]
    pub(crate) fn reserved(&self) -> usize {
        self.text.capacity()
    }

    /// A signed request whose `text` holds the URL in its first `url_len` bytes and the form
    /// body, if any, after them.
    pub(crate) fn new(
        method: Method,
        text: String,
        url_len: usize,
        host_start: usize,
        headers: Cow<'static, [Header]>,
    ) -> SignedRequest {
        debug_assert!(text.is_char_boundary(url_len) && host_start <= url_len);
        SignedRequest {
            method,
            text,
            url_len,
            host_start,
            headers,
        }
    }

    fn url_text(&self) -> &str {
        &self.text[..self.url_len]
    }

    /// The HTTP method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The full URL: `https://host/?query`, or `https://host/` when the parameters travel in a
    /// form body.
    pub fn url(&self) -> &str {
        self.url_text()
    }

    /// The host (with its port, if one was configured).
    pub fn host(&self) -> &str {
        let rest = &self.url_text()[self.host_start..];
        &rest[..rest.find('/').unwrap_or(rest.len())]
    }

    /// The path and query: `/?query` or `/`.
    pub fn path_and_query(&self) -> &str {
        let rest = &self.url_text()[self.host_start..];
        &rest[rest.find('/').unwrap_or(rest.len())..]
    }

    /// The query string, without `?`; empty when the parameters travel in the body.
    pub fn query(&self) -> &str {
        self.url_text().split_once('?').map_or("", |(_, q)| q)
    }

    /// The headers to send, as `(name, value)`, names in lower case: `content-type` with a
    /// form body; with signature V3 also `host`, the `x-acs-*` headers and `authorization`; and
    /// any headers the signer was given. An HTTP client adds `Content-Length` itself.
    pub fn headers(&self) -> impl ExactSizeIterator<Item = (&str, &str)> + Clone {
        self.headers.iter().map(|(n, v)| (n.as_ref(), v.as_str()))
    }

    /// The value of a header, by name in any case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body bytes: empty, or the form-encoded parameters.
    pub fn body(&self) -> &[u8] {
        &self.text.as_bytes()[self.url_len..]
    }

    /// The signed request as an `http::Request`, for clients built on the `http` crate. The
    /// headers that carry a secret (`authorization`, `x-acs-security-token`) are marked
    /// sensitive, so that a client that logs headers hides them.
    #[cfg(feature = "http")]
    #[cfg_attr(docsrs, doc(cfg(feature = "http")))]
    pub fn into_http(self) -> Result<http::Request<Vec<u8>>, http::Error> {
        let mut builder = http::Request::builder()
            .method(self.method.as_str())
            .uri(self.url_text());
        for (name, value) in self.headers() {
            let mut value = http::HeaderValue::from_str(value)?;
            value.set_sensitive(
                name.eq_ignore_ascii_case("authorization") || redact::is_secret_header(name),
            );
            builder = builder.header(name, value);
        }
        let body = self.text.as_bytes()[self.url_len..].to_vec();
        builder.body(body)
    }
}

impl fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("SignedRequest");
        s.field("method", &self.method)
            .field("url", &Redacted(self.url_text()));
        if !self.headers.is_empty() {
            let shown: Vec<_> = self
                .headers
                .iter()
                .map(|(n, v)| (n.as_ref(), redact::header_value(n, v.as_str())))
                .collect();
            s.field("headers", &shown);
        }
        if self.url_len < self.text.len() {
            s.field("body", &Redacted(&self.text[self.url_len..]));
        }
        s.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A media type compares in any case, its parameters and surrounding spaces aside; a longer
    /// type that merely starts like a form is not one.
    #[test]
    fn a_form_is_its_media_type_in_any_case() {
        for (value, form) in [
            ("application/x-www-form-urlencoded", true),
            ("Application/X-WWW-Form-Urlencoded", true),
            ("application/x-www-form-urlencoded; charset=utf-8", true),
            (" application/x-www-form-urlencoded\t;charset=UTF-8", true),
            ("application/x-www-form-urlencodedx", false),
            ("application/json", false),
            ("", false),
        ] {
            assert_eq!(is_form(value), form, "{value:?}");
        }
    }

    #[test]
    fn a_header_value_reads_and_compares_as_its_text_in_every_storage() {
        let long = "x".repeat(INLINE + 1);
        let full = "y".repeat(INLINE);
        for (value, text) in [
            (HeaderValue::from_static("static"), "static"),
            (HeaderValue::new(""), ""),
            (HeaderValue::new(&full), full.as_str()),
            (HeaderValue::new(&long), long.as_str()),
            (HeaderValue::concat(&["ab", "", "c"]), "abc"),
        ] {
            assert_eq!(value.as_str(), text);
            assert!(value == HeaderValue::new(text), "{text}");
            assert!(value != HeaderValue::new("other"), "{text}");
        }
    }

    /// The signers size their text from length bounds: every request, V1 and V3, one id or a
    /// hundred, in every transport, reserves enough (the allocation tests) and not much more
    /// than it writes: the bound over-reserves only the escapes values might have needed.
    #[test]
    fn a_signed_text_reserves_little_more_than_it_holds() {
        use crate::request::{DeleteInstance, DeleteInstances, Request};
        use crate::{Credentials, Nonce, SignatureVersion, Signer, Timestamp, Transport};
        let ids: Vec<String> = (1..=100)
            .map(|n| format!("i-bp1g6zv0ce8oghu7k{n:03}z"))
            .collect();
        let hundred = DeleteInstances::builder("cn-hangzhou")
            .instance_ids(&ids)
            .build();
        let one = DeleteInstance::builder("i-bp1g6zv0ce8oghu7k2zz")
            .region_id("cn-hangzhou")
            .build();
        // A key id longer than the fast path's pieces takes the long way into the text.
        let long_key_id = format!("LTAI5t{}", "x".repeat(120));
        let credentials =
            Credentials::new(&long_key_id, "ExampleSecret0123456789abcdefgh").unwrap();
        let ts = Timestamp::parse("2026-11-23T08:30:00Z").expect("time");
        let nonce = Nonce::new("6a1f0c8e-3b2d-4c5e-9f70-1a2b3c4d5e6f").expect("nonce");
        let requests = [
            Request::DeleteInstance(one.expect("valid")),
            Request::DeleteInstances(hundred.expect("valid")),
        ];
        for request in &requests {
            for version in [SignatureVersion::V1, SignatureVersion::V3] {
                for transport in [Transport::Get, Transport::PostQuery, Transport::PostForm] {
                    let signer = Signer::new()
                        .signature_version(version)
                        .transport(transport);
                    let signed = signer.sign(request, &credentials, &ts, &nonce);
                    let (held, reserved) = (signed.text.len(), signed.reserved());
                    assert!(
                        reserved >= held && reserved <= held + 512,
                        "{version:?} {transport:?}: {held} held, {reserved} reserved"
                    );
                }
            }
        }
    }
}
