//! The signed request: plain data any HTTP client can send.

use std::fmt;

use crate::credentials::REDACTED;
use crate::rpc::common::SECURITY_TOKEN;
use crate::rpc::{Method, SIGNATURE};

/// The `Content-Type` of a form body.
pub const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Body {
    Empty,
    Form(String),
}

/// A request ready to send: method, URL, headers and body.
///
/// Its `Debug` output hides the `Signature` and `SecurityToken` values.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedRequest {
    method: Method,
    url: String,
    host_start: usize,
    body: Body,
}

impl SignedRequest {
    pub(crate) fn new(method: Method, url: String, host_start: usize, body: Body) -> SignedRequest {
        SignedRequest {
            method,
            url,
            host_start,
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

    /// The headers to send besides those every HTTP client adds (`Host`, `Content-Length`).
    pub fn headers(&self) -> &'static [(&'static str, &'static str)] {
        match self.body {
            Body::Empty => &[],
            Body::Form(_) => &[("content-type", FORM_CONTENT_TYPE)],
        }
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
        for (name, value) in self.headers() {
            builder = builder.header(*name, *value);
        }
        let body = match self.body {
            Body::Empty => Vec::new(),
            Body::Form(form) => form.into_bytes(),
        };
        builder.body(body)
    }
}

/// `text` with the values of `Signature` and `SecurityToken` replaced, wherever they stand in a
/// query string or form body.
pub(crate) fn redact_query(text: &str) -> String {
    let (head, query) = match text.split_once('?') {
        Some((head, query)) => (Some(head), query),
        None if text.contains('=') => (None, text),
        None => return text.to_owned(),
    };
    let mut out = String::with_capacity(text.len());
    if let Some(head) = head {
        out.push_str(head);
        out.push('?');
    }
    for (i, pair) in query.split('&').enumerate() {
        if i > 0 {
            out.push('&');
        }
        match pair.split_once('=') {
            Some((name, _)) if name == SIGNATURE || name == SECURITY_TOKEN => {
                out.push_str(name);
                out.push('=');
                out.push_str(REDACTED);
            }
            _ => out.push_str(pair),
        }
    }
    out
}

impl fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("SignedRequest");
        s.field("method", &self.method)
            .field("url", &redact_query(&self.url));
        if let Body::Form(form) = &self.body {
            s.field("headers", &self.headers())
                .field("body", &redact_query(form));
        }
        s.finish()
    }
}
