//! Signing a typed request: the ECS layer on top of the generic RPC signer.

pub(crate) mod buffers;
mod endpoint;
pub(crate) mod order;
mod params;
mod v1;
pub(crate) mod v3;

pub use endpoint::{Endpoint, EndpointError, Host, Scheme};

use std::borrow::Cow;
use std::fmt;

use crate::algorithm::{Algorithm, Key};
use crate::credentials::Credentials;
use crate::nonce::Nonce;
use crate::request::Operation;
use crate::rpc::Method;
use crate::signed::{Header, HeaderValue, SignedRequest};
use crate::time::Timestamp;

/// The response format asked for with `Format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Format {
    /// `JSON`, the crate's default.
    #[default]
    Json,
    /// `XML`, the service's default when `Format` is absent.
    Xml,
}

crate::spelling::spelled!(
    /// The wire value: `JSON`, `XML`.
    Format, "format", { Json => "JSON", Xml => "XML" }
);

/// Where the parameters travel. The signature is the same wherever they travel, except for
/// the method word it includes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Transport {
    /// `GET` with every parameter in the query string, as older SDKs send.
    Get,
    /// `POST` with every parameter in the query string and an empty body, as current SDKs send.
    #[default]
    PostQuery,
    /// `POST` with every parameter in an `application/x-www-form-urlencoded` body.
    PostForm,
}

crate::spelling::spelled!(
    /// The conformance vectors' spelling: `get`, `post-query`, `post-form`.
    Transport, "transport", { Get => "get", PostQuery => "post-query", PostForm => "post-form" }
);

impl Transport {
    /// The HTTP method.
    pub const fn method(self) -> Method {
        match self {
            Transport::Get => Method::Get,
            Transport::PostQuery | Transport::PostForm => Method::Post,
        }
    }
}

/// Which signature the signer writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum SignatureVersion {
    /// V1, HMAC-SHA1 over the canonical query: `Signature` and the common parameters travel
    /// with the operation parameters.
    #[default]
    V1,
    /// V3, `ACS3-HMAC-SHA256` unless [`Signer::algorithm`] names another: the common values
    /// travel in `x-acs-*` headers and the signature
    /// in `Authorization`; the query holds only operation parameters.
    V3,
}

crate::spelling::spelled!(
    /// The conformance vectors' spelling: `v1`, `v3`.
    SignatureVersion, "signature version", { V1 => "v1", V3 => "v3" }
);

/// Signs typed requests with signature V1 (HMAC-SHA1) or V3 (ACS3-HMAC-SHA256). Configure it
/// once, sign many requests.
///
/// ```
/// use aliyun_ecs_delete::{Credentials, Nonce, Signer, Timestamp, Transport};
/// use aliyun_ecs_delete::request::DeleteInstance;
///
/// let request = DeleteInstance::builder("i-bp1g6zv0ce8oghu7k2zz").region_id("cn-hangzhou").build()?;
/// let signed = Signer::new().transport(Transport::Get).sign(
///     &request,
///     &Credentials::new("testid", "testsecret")?,
///     &Timestamp::parse("2016-02-23T12:46:24Z")?,
///     &Nonce::new("3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf")?,
/// );
/// assert_eq!(signed.host(), "ecs.cn-hangzhou.aliyuncs.com");
/// assert!(signed.url().starts_with("https://ecs.cn-hangzhou.aliyuncs.com/?AccessKeyId=testid&Action=DeleteInstance&"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Signer {
    format: Format,
    transport: Transport,
    endpoint: Endpoint,
    version: SignatureVersion,
    algorithm: Algorithm,
    extra_headers: Vec<(String, String)>,
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<_> = self
            .extra_headers
            .iter()
            .map(|(n, v)| (n, crate::redact::header_value(n, v)))
            .collect();
        f.debug_struct("Signer")
            .field("format", &self.format)
            .field("transport", &self.transport)
            .field("endpoint", &self.endpoint)
            .field("version", &self.version)
            .field("algorithm", &self.algorithm)
            .field("extra_headers", &headers)
            .finish()
    }
}

impl Signer {
    /// JSON responses, `POST` with parameters in the query, the regional endpoint.
    pub fn new() -> Signer {
        Signer::default()
    }

    /// The response format to ask for.
    #[must_use]
    pub fn format(mut self, format: Format) -> Signer {
        self.format = format;
        self
    }

    /// Where the parameters travel.
    #[must_use]
    pub fn transport(mut self, transport: Transport) -> Signer {
        self.transport = transport;
        self
    }

    /// The host to send to.
    #[must_use]
    pub fn endpoint(mut self, endpoint: Endpoint) -> Signer {
        self.endpoint = endpoint;
        self
    }

    /// The signature to write: V1 (the default) or V3.
    #[must_use]
    pub fn signature_version(mut self, version: SignatureVersion) -> Signer {
        self.version = version;
        self
    }

    /// Signature V3 with `algorithm` (`ACS3-HMAC-SHA256` is V3's default). The credentials
    /// have the last word, since a key makes only its own kind of signature: credentials with
    /// an RSA key ([`Credentials::rsa`]) are signed `ACS3-RSA-SHA256` whatever is set here, and
    /// a secret signs with an HMAC, `ACS3-HMAC-SHA256` when `ACS3-RSA-SHA256` is set.
    #[must_use]
    pub fn algorithm(mut self, algorithm: Algorithm) -> Signer {
        self.version = SignatureVersion::V3;
        self.algorithm = algorithm;
        self
    }

    /// A header to send with every request. With V3, `x-acs-*` headers are signed too.
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Signer {
        self.extra_headers.push((name.into(), value.into()));
        self
    }

    /// Signs `request`. It cannot fail: the request was checked when it was built, and the
    /// credentials when they were made.
    pub fn sign<R: Operation + ?Sized>(
        &self,
        request: &R,
        credentials: &Credentials,
        timestamp: &Timestamp,
        nonce: &Nonce,
    ) -> SignedRequest {
        match self.signs_with(credentials) {
            None => v1::sign(self, request, credentials, timestamp, nonce),
            Some(algorithm) => v3::sign(self, algorithm, request, credentials, timestamp, nonce),
        }
    }

    /// The V3 algorithm `credentials` are signed with, `None` for V1 (see
    /// [`Signer::algorithm`]).
    fn signs_with(&self, credentials: &Credentials) -> Option<Algorithm> {
        match (credentials.key(), self.version) {
            #[cfg(feature = "rsa")]
            (Key::Rsa(_), _) => Some(Algorithm::RsaSha256),
            (Key::Secret(_), SignatureVersion::V1) => None,
            (Key::Secret(_), _) => Some(match self.algorithm {
                Algorithm::RsaSha256 => Algorithm::HmacSha256,
                hmac => hmac,
            }),
        }
    }
}

impl Signer {
    /// The caller's headers, as sent (no allocation when there are none).
    fn extra_headers(&self) -> Vec<Header> {
        self.extra_headers
            .iter()
            .map(|(n, v)| (Cow::Owned(n.clone()), HeaderValue::new(v)))
            .collect()
    }
}

/// The `content-type` header name.
const CONTENT_TYPE: &str = "content-type";
