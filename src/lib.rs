#![doc = include_str!("../README.md")]
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

pub mod credentials;
pub mod encode;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
pub mod nonce;
pub mod redact;
pub mod request;
pub mod response;
pub mod rpc;
pub mod signed;
pub mod signer;
pub mod time;
pub mod verify;

pub use credentials::Credentials;
pub use nonce::{Nonce, NonceError};
pub use request::{Action, DeleteInstance, DeleteInstances, Operation, ReleaseMode, RequestError};
pub use signed::SignedRequest;
pub use signer::{Endpoint, Format, Scheme, SignatureVersion, Signer, Transport};
pub use time::{Timestamp, TimestampError};
