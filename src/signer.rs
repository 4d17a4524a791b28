//! Signing a typed request: the ECS layer on top of the generic RPC signer.

use crate::credentials::Credentials;
use crate::encode::{encode_into, encoded_len};
use crate::nonce::Nonce;
use crate::request::Operation;
use crate::request::names::{
    DRY_RUN, FORCE, FORCE_STOP, INSTANCE_ID, OWNER_ID, REGION_ID, RESOURCE_OWNER_ID,
    TERMINATE_SUBSCRIPTION,
};
use crate::rpc::acs3;
use crate::rpc::common::*;
use crate::rpc::{
    Method, SIGNATURE, SIGNATURE_LEN, canonical_len, merge_sorted, write_and_sign,
    write_canonical_query,
};
use std::borrow::Cow;

use crate::signed::{Body, FORM_CONTENT_TYPE, FORM_HEADERS, Header, SignedRequest};
use crate::time::Timestamp;

/// The ECS API version of both operations.
pub const API_VERSION: &str = "2014-05-26";

/// The common parameters the signer adds: Action, Version, Format, AccessKeyId,
/// SignatureMethod, SignatureVersion, SignatureNonce, Timestamp and, with STS, SecurityToken.
const COMMON_PARAMS: usize = 9;

/// The response format asked for with `Format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// `JSON`, the crate's default.
    #[default]
    Json,
    /// `XML`, the service's default when `Format` is absent.
    Xml,
}

impl Format {
    /// The wire value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Format::Json => "JSON",
            Format::Xml => "XML",
        }
    }
}

/// Where the parameters travel. The signature is the same wherever they travel, except for
/// the method word it includes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Transport {
    /// `GET` with every parameter in the query string, as older SDKs send.
    Get,
    /// `POST` with every parameter in the query string and an empty body, as current SDKs send.
    #[default]
    PostQuery,
    /// `POST` with every parameter in an `application/x-www-form-urlencoded` body.
    PostForm,
}

impl Transport {
    /// The HTTP method.
    pub const fn method(self) -> Method {
        match self {
            Transport::Get => Method::Get,
            Transport::PostQuery | Transport::PostForm => Method::Post,
        }
    }
}

/// `https` or `http` (a local mock endpoint).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Scheme {
    /// `https`, for every real endpoint.
    #[default]
    Https,
    /// `http`, for a mock endpoint on the loopback.
    Http,
}

impl Scheme {
    const fn prefix(self) -> &'static str {
        match self {
            Scheme::Https => "https://",
            Scheme::Http => "http://",
        }
    }
}

/// Which host the request goes to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Endpoint {
    /// `ecs.<region>.aliyuncs.com`; without a region (DeleteInstance may omit it), the
    /// central `ecs.aliyuncs.com`.
    #[default]
    Regional,
    /// `ecs-vpc.<region>.aliyuncs.com`, reachable from inside a VPC; without a region, the
    /// central `ecs.aliyuncs.com`.
    Vpc,
    /// A host (and port) of the caller's choosing, sent as given.
    Custom {
        /// `https` or `http`.
        scheme: Scheme,
        /// The host, with an optional `:port`.
        host: String,
    },
}

impl Endpoint {
    /// An `https` endpoint at `host`.
    pub fn custom(host: impl Into<String>) -> Endpoint {
        Endpoint::Custom {
            scheme: Scheme::Https,
            host: host.into(),
        }
    }

    /// Appends `scheme://host` for a request in `region`, and returns where the host starts.
    fn write_origin(&self, out: &mut String, region: Option<&str>) -> usize {
        let (scheme, prefix) = match self {
            Endpoint::Custom { scheme, .. } => (*scheme, ""),
            Endpoint::Regional => (Scheme::Https, "ecs."),
            Endpoint::Vpc => (Scheme::Https, "ecs-vpc."),
        };
        out.push_str(scheme.prefix());
        let host_start = out.len();
        match (self, region) {
            (Endpoint::Custom { host, .. }, _) => out.push_str(host),
            (_, Some(region)) => {
                out.push_str(prefix);
                out.push_str(region);
                out.push_str(".aliyuncs.com");
            }
            (_, None) => out.push_str("ecs.aliyuncs.com"),
        }
        host_start
    }

    fn origin_len(&self, region: Option<&str>) -> usize {
        match (self, region) {
            (Endpoint::Custom { host, .. }, _) => "https://".len() + host.len(),
            (_, Some(region)) => "https://ecs-vpc.".len() + region.len() + ".aliyuncs.com".len(),
            (_, None) => "https://ecs.aliyuncs.com".len(),
        }
    }
}

/// Which signature the signer writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SignatureVersion {
    /// V1, HMAC-SHA1 over the canonical query: `Signature` and the common parameters travel
    /// with the operation parameters.
    #[default]
    V1,
    /// V3, ACS3-HMAC-SHA256: the common values travel in `x-acs-*` headers and the signature
    /// in `Authorization`; the query holds only operation parameters.
    V3,
}

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
///     &Credentials::new("testid", "testsecret"),
///     &Timestamp::parse("2016-02-23T12:46:24Z")?,
///     &Nonce::new("3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf")?,
/// );
/// assert_eq!(signed.host(), "ecs.cn-hangzhou.aliyuncs.com");
/// assert!(signed.url().starts_with("https://ecs.cn-hangzhou.aliyuncs.com/?AccessKeyId=testid&Action=DeleteInstance&"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Signer {
    format: Format,
    transport: Transport,
    endpoint: Endpoint,
    version: SignatureVersion,
    extra_headers: Vec<(String, String)>,
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

    /// A header to send with every request. With V3, `x-acs-*` headers are signed too.
    #[must_use]
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Signer {
        self.extra_headers.push((name.into(), value.into()));
        self
    }

    /// Signs `request`. It cannot fail: the request was checked when it was built.
    pub fn sign<R: Operation + ?Sized>(
        &self,
        request: &R,
        credentials: &Credentials,
        timestamp: &Timestamp,
        nonce: &Nonce,
    ) -> SignedRequest {
        match self.version {
            SignatureVersion::V1 => self.sign_v1(request, credentials, timestamp, nonce),
            SignatureVersion::V3 => self.sign_v3(request, credentials, timestamp, nonce),
        }
    }

    fn sign_v1<R: Operation + ?Sized>(
        &self,
        request: &R,
        credentials: &Credentials,
        timestamp: &Timestamp,
        nonce: &Nonce,
    ) -> SignedRequest {
        // The operation parameters come in canonical order; the common ones, here in canonical
        // order too, are merged in without sorting.
        let mut params = Vec::with_capacity(request.param_count() + COMMON_PARAMS);
        request.push_params(&mut params);
        let common = [
            (ACCESS_KEY_ID, credentials.access_key_id()),
            (ACTION, request.action().as_str()),
            (FORMAT, self.format.as_str()),
            (SIGNATURE_METHOD, HMAC_SHA1),
            (SIGNATURE_NONCE, nonce.as_str()),
            (SIGNATURE_VERSION, SIGNATURE_VERSION_1_0),
            (TIMESTAMP, timestamp.as_str()),
            (VERSION, API_VERSION),
        ];
        merge_sorted(&mut params, &common);
        if let Some(token) = credentials.security_token() {
            merge_sorted(&mut params, &[(SECURITY_TOKEN, token)]);
        }
        debug_assert!(params.is_sorted(), "canonical order");

        let method = self.transport.method();
        let secret = credentials.access_key_secret();
        let region = request.region_id();
        // `&Signature=` and at most three bytes per Base64 character.
        let signature_len = 1 + SIGNATURE.len() + 1 + 3 * SIGNATURE_LEN;
        // An upper bound, without scanning: encoding grows text at most threefold (names are
        // plain, and over-reserving costs nothing but address space).
        let query_len = params
            .iter()
            .map(|(n, v)| n.len() + 2 + 3 * v.len())
            .sum::<usize>()
            + signature_len;
        let origin_len = self.endpoint.origin_len(region);

        let mut url;
        let host_start;
        let body;
        let mut headers = Cow::Owned(self.extra_headers());
        match self.transport {
            Transport::Get | Transport::PostQuery => {
                url = String::with_capacity(origin_len + 2 + query_len);
                host_start = self.endpoint.write_origin(&mut url, region);
                url.push_str("/?");
                let signature =
                    write_and_sign(&mut url, &params, true, plain_value, method, secret);
                append_signature(&mut url, signature.as_str());
                body = Body::Empty;
            }
            Transport::PostForm => {
                url = String::with_capacity(origin_len + 1);
                host_start = self.endpoint.write_origin(&mut url, region);
                url.push('/');
                let mut form = String::with_capacity(query_len);
                let signature =
                    write_and_sign(&mut form, &params, true, plain_value, method, secret);
                append_signature(&mut form, signature.as_str());
                body = Body::Form(form);
                headers = if self.extra_headers.is_empty() {
                    Cow::Borrowed(FORM_HEADERS)
                } else {
                    let mut all = FORM_HEADERS.to_vec();
                    all.extend(self.extra_headers());
                    Cow::Owned(all)
                };
            }
        }
        SignedRequest::new(method, url, host_start, headers, body)
    }

    fn sign_v3<R: Operation + ?Sized>(
        &self,
        request: &R,
        credentials: &Credentials,
        timestamp: &Timestamp,
        nonce: &Nonce,
    ) -> SignedRequest {
        let params = request.params();
        let method = self.transport.method();
        let region = request.region_id();
        let mut url =
            String::with_capacity(self.endpoint.origin_len(region) + 2 + canonical_len(&params));
        let host_start = self.endpoint.write_origin(&mut url, region);
        let host = url[host_start..].to_owned();
        url.push('/');
        let (query, body): (&[(&str, &str)], Body) = match self.transport {
            Transport::Get | Transport::PostQuery => {
                url.push('?');
                write_canonical_query(&mut url, &params);
                (&params, Body::Empty)
            }
            Transport::PostForm => {
                let mut form = String::with_capacity(canonical_len(&params));
                write_canonical_query(&mut form, &params);
                (&[], Body::Form(form))
            }
        };
        let body_bytes: &[u8] = match &body {
            Body::Empty => &[],
            Body::Form(form) => form.as_bytes(),
        };
        let body_hash = acs3::sha256_hex(body_bytes);

        let owned = |value: &str| Cow::Owned(value.to_owned());
        let mut headers: Vec<Header> = vec![
            (Cow::Borrowed("host"), Cow::Owned(host)),
            (
                Cow::Borrowed("x-acs-action"),
                Cow::Borrowed(request.action().as_str()),
            ),
            (Cow::Borrowed("x-acs-version"), Cow::Borrowed(API_VERSION)),
            (Cow::Borrowed("x-acs-date"), owned(timestamp.as_str())),
            (
                Cow::Borrowed("x-acs-signature-nonce"),
                owned(nonce.as_str()),
            ),
            (Cow::Borrowed("x-acs-content-sha256"), owned(&body_hash)),
        ];
        if matches!(body, Body::Form(_)) {
            headers.push((
                Cow::Borrowed(CONTENT_TYPE),
                Cow::Borrowed(FORM_CONTENT_TYPE),
            ));
        }
        if let Some(token) = credentials.security_token() {
            headers.push((Cow::Borrowed(acs3::SECURITY_TOKEN_HEADER), owned(token)));
            headers.push((
                Cow::Borrowed("x-acs-accesskey-id"),
                owned(credentials.access_key_id()),
            ));
        }
        headers.extend(self.extra_headers());

        let canonical = acs3::CanonicalRequest::new(method, "/", query, &headers, &body_hash);
        let string_to_sign = acs3::Acs3StringToSign::new(&canonical.hashed());
        let signature = acs3::Acs3Signature::new(credentials.access_key_secret(), &string_to_sign);
        let authorization = acs3::authorization(
            credentials.access_key_id(),
            canonical.signed_headers(),
            &signature,
        );
        headers.push((Cow::Borrowed("authorization"), Cow::Owned(authorization)));
        SignedRequest::new(method, url, host_start, Cow::Owned(headers), body)
    }
}

impl Signer {
    /// The caller's headers, as sent (no allocation when there are none).
    fn extra_headers(&self) -> Vec<Header> {
        self.extra_headers
            .iter()
            .map(|(n, v)| (Cow::Owned(n.clone()), Cow::Owned(v.clone())))
            .collect()
    }
}

/// Whether the value of the parameter `name` holds only unreserved bytes in every typed
/// request: ids, regions, booleans and integers are validated so, and the fixed common values
/// are. Such values are copied, not scanned, on the signing hot path. Every name the signer
/// writes is plain too (they are the crate's constants).
fn plain_value(name: &str) -> bool {
    name.starts_with(INSTANCE_ID)
        || matches!(
            name,
            REGION_ID
                | FORCE
                | FORCE_STOP
                | TERMINATE_SUBSCRIPTION
                | DRY_RUN
                | OWNER_ID
                | RESOURCE_OWNER_ID
                | ACTION
                | VERSION
                | FORMAT
                | SIGNATURE_METHOD
                | SIGNATURE_VERSION
        )
}

/// The `content-type` header name.
const CONTENT_TYPE: &str = "content-type";

fn append_signature(out: &mut String, signature: &str) {
    debug_assert!(out.capacity() - out.len() >= 2 + SIGNATURE.len() + encoded_len(signature));
    out.push('&');
    out.push_str(SIGNATURE);
    out.push('=');
    encode_into(out, signature);
}
