//! A generic Alibaba Cloud RPC signer, signature version 1.0 (HMAC-SHA1).
//!
//! This module knows nothing of ECS: it turns any list of parameters into the artifacts of the
//! signature, one type per stage, each printable and testable on its own:
//!
//! 1. [`CanonicalQuery`]: every parameter but `Signature`, sorted bytewise by raw name (then by
//!    raw value), each written `enc(name)=enc(value)`, joined with `&`;
//! 2. [`StringToSign`]: `METHOD&%2F&` followed by the encoding of the canonical query;
//! 3. [`Signature`]: Base64 of HMAC-SHA1 keyed with the secret followed by `&`.
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

pub(crate) use v1::{canonical_len, write_canonical_query};

use std::fmt;

/// The name of the parameter that carries the signature; never part of what is signed.
pub const SIGNATURE: &str = "Signature";

/// The HTTP method, which is part of the string to sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`: every parameter travels in the query string.
    Get,
    /// `POST`: parameters travel in the query string, a form body, or both.
    Post,
}

impl Method {
    /// The method word as it is sent and signed.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }

    /// Parses an upper-case method word: `GET` or `POST`.
    pub fn parse(word: &str) -> Option<Method> {
        match word {
            "GET" => Some(Method::Get),
            "POST" => Some(Method::Post),
            _ => None,
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
