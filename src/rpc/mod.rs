//! The generic Alibaba Cloud RPC signatures, as readable reference stages that know nothing of
//! ECS: one module per version, each with one type per stage, printable and testable alone.
//!
//! - [`v1`] (HMAC-SHA1, `SignatureVersion=1.0`): [`v1::CanonicalQuery`] (every parameter but
//!   `Signature`, sorted bytewise by raw name, then raw value, each `enc(name)=enc(value)`,
//!   joined with `&`), [`v1::StringToSign`] (`METHOD&%2F&` and the canonical query encoded once
//!   more), [`v1::Signature`] (Base64 of HMAC-SHA1 keyed with the secret and `&`).
//! - [`v3`] (ACS3-HMAC-SHA256): [`v3::CanonicalRequest`], [`v3::HashedCanonicalRequest`],
//!   [`v3::StringToSign`], [`v3::Signature`], [`v3::authorization`].
//!
//! The signer's fast paths are checked against these stages by differential tests. The stages
//! percent-encode with the `percent-encoding` crate, not with the crate's own encoder that the
//! fast paths use, so that the tests compare two encoders.
//!
//! ```
//! use aliyun_ecs_delete::rpc::Method;
//! use aliyun_ecs_delete::rpc::v1::{CanonicalQuery, Signature, StringToSign};
//!
//! // The documented DescribeRegions example of the RPC signature.
//! let query = CanonicalQuery::new([
//!     ("AccessKeyId", "testid"),
//!     ("Action", "DescribeRegions"),
//!     ("Format", "XML"),
//!     ("SignatureMethod", "HMAC-SHA1"),
//!     ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
//!     ("SignatureVersion", "1.0"),
//!     ("Timestamp", "2016-02-23T12:46:24Z"),
//!     ("Version", "2014-05-26"),
//! ]);
//! let string_to_sign = StringToSign::new(Method::Get, &query);
//! let signature = Signature::v1("testsecret", &string_to_sign);
//! assert_eq!(signature.as_str(), "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
//! ```

pub mod common;
pub mod v1;
pub mod v3;

/// RFC 3986's unreserved characters, `A-Z a-z 0-9 - _ . ~`: everything else is escaped.
const ESCAPED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Appends the percent-encoding of `text` (UTF-8 bytes, upper-case hex) to `out`: the stages'
/// encoder.
fn encode_into(out: &mut String, text: &str) {
    out.extend(percent_encoding::utf8_percent_encode(text, ESCAPED));
}

#[cfg(test)]
pub(crate) use v1::write_canonical_query;

use std::fmt;

pub use common::SIGNATURE;

/// The HTTP method, which is part of the string to sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`: every parameter travels in the query string.
    Get,
    /// `POST`: parameters travel in the query string, a form body, or both.
    Post,
}

crate::spelling::spelled!(
    /// The method word as it is sent and signed.
    Method, "method", { Get => "GET", Post => "POST" }
);

impl Method {
    /// An upper-case method word, `GET` or `POST` ([`FromStr`](std::str::FromStr) without the
    /// error).
    pub fn parse(word: &str) -> Option<Method> {
        word.parse().ok()
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
