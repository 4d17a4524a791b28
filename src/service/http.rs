//! One HTTP request as the model receives it, and what the model makes of it.

use super::HttpResponse;
use crate::signed::SignedRequest;

/// One HTTP request as it arrived.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HttpRequest {
    /// The method word.
    pub method: String,
    /// The path and query.
    pub target: String,
    /// The headers, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// The request a [`SignedRequest`] describes.
    pub fn from_signed(signed: &SignedRequest) -> HttpRequest {
        HttpRequest {
            method: signed.method().as_str().to_owned(),
            target: signed.path_and_query().to_owned(),
            headers: signed
                .headers()
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
                .collect(),
            body: signed.body().to_vec(),
        }
    }

    /// A header's value (name in any case, surrounding spaces trimmed).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    }

    /// The path, without the query.
    pub fn path(&self) -> &str {
        self.target.split(['?', '#']).next().unwrap_or("")
    }

    /// Signed with V3: it carries an `Authorization` header.
    pub(super) fn is_v3(&self) -> bool {
        self.header("authorization").is_some()
    }

    /// The body, when it is a form that holds parameters.
    pub(super) fn form_body(&self) -> Option<&str> {
        let form = self
            .header("content-type")
            .is_some_and(crate::signed::is_form);
        if form && !self.body.is_empty() {
            std::str::from_utf8(&self.body).ok()
        } else {
            None
        }
    }
}

/// What the HTTP shell is to do, besides answering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Send this response.
    Respond(HttpResponse),
    /// Wait this many seconds, then hand the same request to the model again (a `delay` fault;
    /// in-process, the wait may be skipped).
    Delay(u64),
    /// Close the connection without an answer (a `drop` fault).
    Drop,
}
