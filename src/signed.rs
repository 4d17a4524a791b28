//! The signed request: plain data any HTTP client can send.

use std::borrow::Cow;
use std::fmt;

use crate::redact::{self, Redacted};
use crate::rpc::Method;

/// A header: name (lower case for those the crate writes) and value. Fixed names and values
/// borrow static strings, so a form body's `content-type` costs no allocation.
pub type Header = (Cow<'static, str>, Cow<'static, str>);

/// The `Content-Type` of a form body.
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// The headers of a V1 form-body request without caller headers: borrowed, never allocated.
pub(crate) const FORM_HEADERS: &[Header] = &[(
    Cow::Borrowed("content-type"),
    Cow::Borrowed(FORM_CONTENT_TYPE),
)];

#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Body {
    Empty,
    Form(String),
}

/// A request ready to send: method, URL, headers and body.
///
/// Its `Debug` output hides the signature (V1 `Signature`, V3 `Authorization`) and the STS
/// token (`SecurityToken`, `x-acs-security-token`).
#[derive(Clone, PartialEq, Eq)]
pub struct SignedRequest {
    method: Method,
    url: String,
    host_start: usize,
    headers: Cow<'static, [Header]>,
    body: Body,
}

impl SignedRequest {
    pub(crate) fn new(
        method: Method,
        url: String,
        host_start: usize,
        headers: Cow<'static, [Header]>,
        body: Body,
    ) -> SignedRequest {
        SignedRequest {
            method,
            url,
            host_start,
            headers,
            body,
        }
    }

    /// The HTTP method.
    pub fn method(&self) -> Method {
        self.method
    }

    /// The full URL: `https://host/?query`, or `https://host/` when the parameters travel in a
    /// form body.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The host (with its port, if one was configured).
    pub fn host(&self) -> &str {
        let rest = &self.url[self.host_start..];
        &rest[..rest.find('/').unwrap_or(rest.len())]
    }

    /// The path and query: `/?query` or `/`.
    pub fn path_and_query(&self) -> &str {
        let rest = &self.url[self.host_start..];
        &rest[rest.find('/').unwrap_or(rest.len())..]
    }

    /// The query string, without `?`; empty when the parameters travel in the body.
    pub fn query(&self) -> &str {
        self.url.split_once('?').map_or("", |(_, q)| q)
    }

    /// The headers to send, names in lower case: `content-type` with a form body; with
    /// signature V3 also `host`, the `x-acs-*` headers and `authorization`; and any headers the
    /// signer was given. An HTTP client adds `Content-Length` itself.
    pub fn headers(&self) -> &[Header] {
        &self.headers
    }

    /// The value of a header, by name in any case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_ref())
    }

    /// The body bytes: empty, or the form-encoded parameters.
    pub fn body(&self) -> &[u8] {
        match &self.body {
            Body::Empty => &[],
            Body::Form(form) => form.as_bytes(),
        }
    }

    /// The signed request as an `http::Request`, for clients built on the `http` crate.
    #[cfg(feature = "http")]
    pub fn into_http(self) -> Result<http::Request<Vec<u8>>, http::Error> {
        let mut builder = http::Request::builder()
            .method(self.method.as_str())
            .uri(&self.url);
        for (name, value) in self.headers.iter() {
            builder = builder.header(name.as_ref(), value.as_ref());
        }
        let body = match self.body {
            Body::Empty => Vec::new(),
            Body::Form(form) => form.into_bytes(),
        };
        builder.body(body)
    }
}

impl fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("SignedRequest");
        s.field("method", &self.method)
            .field("url", &Redacted(&self.url));
        if !self.headers.is_empty() {
            let shown: Vec<_> = self
                .headers
                .iter()
                .map(|(n, v)| (n.as_ref(), redact::header_value(n, v)))
                .collect();
            s.field("headers", &shown);
        }
        if let Body::Form(form) = &self.body {
            s.field("body", &Redacted(form));
        }
        s.finish()
    }
}
