//! A response whose body could not be read, and why.

use std::fmt;

use crate::request::Action;

/// Why a body could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UnparseableReason {
    /// The body is larger than the decoder's cap; it was not parsed.
    TooLarge {
        /// The body's length.
        len: usize,
        /// The cap.
        max: usize,
    },
    /// The body is empty or whitespace, with a status outside 2xx.
    Empty,
    /// The body is not UTF-8.
    NotUtf8,
    /// The body starts with neither `{` nor `<`.
    NotJsonOrXml,
    /// The body starts like JSON or XML but is not a well-formed envelope (truncated, an
    /// array, …).
    Malformed,
    /// An HTML page (`<!DOCTYPE html` or `<html`, in any case): a gateway's, a proxy's or a
    /// load balancer's answer, not the service's.
    GatewayPage,
    /// The body was read but carries no error code, with a status outside 2xx.
    NoCode,
}

impl UnparseableReason {
    /// A stable code for the reason: `too_large`, `empty`, `not_utf8`, `not_json_or_xml`,
    /// `malformed`, `gateway_page`, `no_code`.
    pub fn code(&self) -> &'static str {
        match self {
            UnparseableReason::TooLarge { .. } => "too_large",
            UnparseableReason::Empty => "empty",
            UnparseableReason::NotUtf8 => "not_utf8",
            UnparseableReason::NotJsonOrXml => "not_json_or_xml",
            UnparseableReason::Malformed => "malformed",
            UnparseableReason::GatewayPage => "gateway_page",
            UnparseableReason::NoCode => "no_code",
        }
    }
}

/// A response whose body could not be read. Its snippet has any secret redacted.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Unparseable {
    /// The action that was called.
    pub action: Action,
    /// The HTTP status.
    pub http_status: u16,
    /// Why it could not be read.
    pub reason: UnparseableReason,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The first bytes of the body (at most [`SNIPPET_BYTES`](super::SNIPPET_BYTES)), as text.
    pub snippet: String,
    /// The request id: the body's `RequestId` when the body could be read, else the
    /// `x-acs-request-id` header.
    pub request_id: Option<String>,
    /// `x-acs-retry-after`, in seconds.
    pub retry_after_seconds: Option<u64>,
}

impl fmt::Display for Unparseable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match &self.reason {
            UnparseableReason::TooLarge { len, max } => {
                format!("a {len}-byte body is over the {max}-byte cap")
            }
            UnparseableReason::Empty => "an empty body".to_owned(),
            UnparseableReason::NotUtf8 => "a body that is not UTF-8".to_owned(),
            UnparseableReason::NotJsonOrXml => "a body that is neither JSON nor XML".to_owned(),
            UnparseableReason::Malformed => "a malformed JSON or XML body".to_owned(),
            UnparseableReason::GatewayPage => {
                "an HTML page, a gateway's answer rather than the service's".to_owned()
            }
            UnparseableReason::NoCode => "a body without an error code".to_owned(),
        };
        write!(
            f,
            "{} got an unreadable response (HTTP {}): {why}",
            self.action, self.http_status
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for Unparseable {}
