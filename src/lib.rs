//! A Sans-IO implementation of the Alibaba Cloud ECS `DeleteInstance` and `DeleteInstances`
//! API: typed, validated requests; signing with signature V1 (HMAC-SHA1) and V3
//! (ACS3-HMAC-SHA256); response decoding with the full error-code catalogue and a retry verdict;
//! and the server side, verifying a signed request as the service would.
//!
//! You hand it a typed request, credentials, a timestamp and a nonce; it hands back the exact
//! method, URL, headers and body to send with whatever HTTP client you use. You hand it the
//! status, headers and body that came back; it hands back a success, a passing dry run, a
//! typed service error, or an unreadable response, each with what to do next.
//!
//! ```
//! use aliyun_ecs_delete::request::{DeleteInstance, ReleaseMode};
//! use aliyun_ecs_delete::response::{decode_response, RetryClass};
//! use aliyun_ecs_delete::{Action, Credentials, Nonce, Signer, Timestamp};
//!
//! let request = DeleteInstance::builder("i-bp1g6zv0ce8oghu7k2zz")
//!     .region_id("cn-hangzhou")
//!     .release_mode(ReleaseMode::Force)
//!     .build()?;
//! let signed = Signer::new().sign(
//!     &request,
//!     &Credentials::new("LTAI5tExampleKeyId", "example-secret")?,
//!     &Timestamp::parse("2026-11-23T12:00:00Z")?,
//!     &Nonce::new("5ab0cd0f-0c42-4e58-9d4e-6de3f5c1a5a1")?,
//! );
//! assert_eq!((signed.method().as_str(), signed.host()), ("POST", "ecs.cn-hangzhou.aliyuncs.com"));
//!
//! // … send it, then decode what came back:
//! let response = decode_response(Action::DeleteInstance, 403, &[] as &[(&str, &str)],
//!     br#"{"RequestId":"R","Code":"IncorrectInstanceStatus"}"#);
//! assert_eq!(response.retry(), Some(RetryClass::Retry));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
// No unwrap on the library's input-dependent paths (tests may unwrap).
#![cfg_attr(not(test), warn(clippy::unwrap_used))]
//!
//! # The contract
//!
//! This crate performs no I/O: no sockets, files, environment, clock or randomness.
//! Credentials, the timestamp and the nonce are parameters; what comes out is plain data that
//! any HTTP client can send. A `clippy.toml` list of disallowed methods keeps it so; the
//! `clock` and `random-nonce` features are the only, opt-in, exceptions.
//!
//! # Layout
//!
//! - [`encode`]: the percent-encoding of the RPC signature.
//! - [`rpc`]: a generic RPC signer that knows nothing of ECS, one type per stage
//!   ([`rpc::v1`]: `CanonicalQuery`, `StringToSign`, `Signature`; [`rpc::v3`]:
//!   `CanonicalRequest`, `StringToSign`, `Signature`).
//! - [`request`]: the typed, validated [`DeleteInstance`] and [`DeleteInstances`] requests,
//!   their builders, and the decoder from raw parameters.
//! - [`Signer`]: signs a typed request into a [`SignedRequest`]; each signature version keeps
//!   its fast path private to the signer, checked against the [`rpc`] stages.
//! - [`verify`]: the server side, checking a signed request as the service would.
//! - [`response`]: decodes what came back into a success, a passing dry run, a typed
//!   [`response::ServiceError`] with its retry verdict, or an unreadable response.
//! - [`redact`]: the one routine every `Debug`, `Display`, error and decoded text goes
//!   through, so that no signature or STS token is ever shown.

mod algorithm;
mod canonical;
pub mod credentials;
pub mod encode;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
#[cfg(feature = "http")]
mod http_types;
#[cfg(feature = "rsa")]
#[cfg_attr(docsrs, doc(cfg(feature = "rsa")))]
pub mod keys;
pub mod nonce;
pub mod redact;
pub mod request;
pub mod response;
pub mod rpc;
mod scan;
#[cfg(feature = "service")]
#[cfg_attr(docsrs, doc(cfg(feature = "service")))]
pub mod service;
pub mod signed;
pub mod signer;
mod spelling;
pub mod time;
pub mod verify;

pub use algorithm::Algorithm;
pub use credentials::{Credentials, CredentialsError};
pub use nonce::{Nonce, NonceError};
pub use request::{Action, DeleteInstance, DeleteInstances, Operation, ReleaseMode, RequestError};
pub use signed::SignedRequest;
pub use signer::{Endpoint, EndpointError, Format, Scheme, SignatureVersion, Signer, Transport};
pub use spelling::UnknownValue;
pub use time::{Timestamp, TimestampError};

/// The README's examples, compiled and run as doctests (they are not part of these docs).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
