//! Signing a typed request: the ECS layer on top of the generic RPC signer.

use crate::credentials::Credentials;
use crate::nonce::Nonce;
use crate::request::param::*;
use crate::request::{Action, Operation};
use crate::rpc::acs3;
use crate::rpc::common::*;
use crate::rpc::{
    Method, Prefix, QuerySigner, SIGNATURE, SIGNATURE_LEN, canonical_len, feed_buffer,
    write_canonical_query,
};
use std::borrow::Cow;
use std::fmt;

use crate::signed::{Body, FORM_CONTENT_TYPE, FORM_HEADERS, Header, SignedRequest};
use crate::time::Timestamp;

/// The ECS API version of both operations.
pub const API_VERSION: &str = "2014-05-26";

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

    /// `scheme://host` for a request in `region`, in pieces (the scheme first).
    fn origin<'a>(&'a self, region: Option<&'a str>) -> [&'a str; 4] {
        match (self, region) {
            (Endpoint::Custom { scheme, host }, _) => [scheme.prefix(), host, "", ""],
            (Endpoint::Regional, Some(region)) => ["https://", "ecs.", region, ".aliyuncs.com"],
            (Endpoint::Vpc, Some(region)) => ["https://", "ecs-vpc.", region, ".aliyuncs.com"],
            (_, None) => ["https://", "ecs.aliyuncs.com", "", ""],
        }
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
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Signer {
    format: Format,
    transport: Transport,
    endpoint: Endpoint,
    version: SignatureVersion,
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
        let common =
            CommonParams::new(credentials, request.action(), self.format, timestamp, nonce);
        let method = self.transport.method();
        let secret = credentials.access_key_secret();
        let region = request.region_id();
        // An upper bound, without scanning: encoding grows text at most threefold (names are
        // plain, and over-reserving costs nothing but address space).
        let mut bound = LenBound(common.len_bound());
        request.visit_params(&mut bound);
        let query_len = bound.0;
        let origin_len = self.endpoint.origin_len(region);

        let origin = self.endpoint.origin(region);
        // The host starts after the scheme.
        let host_start = origin[0].len();
        let url;
        let body;
        let mut headers = if self.extra_headers.is_empty() {
            Cow::Borrowed(&[][..])
        } else {
            Cow::Owned(self.extra_headers())
        };
        match self.transport {
            Transport::Get | Transport::PostQuery => {
                let head = [origin[0], origin[1], origin[2], origin[3], "/?"];
                let capacity = origin_len + 2 + query_len;
                url = sign_query(&head, capacity, request, common, method, secret);
                body = Body::Empty;
            }
            Transport::PostForm => {
                let mut text = String::with_capacity(origin_len + 1);
                origin.iter().for_each(|piece| text.push_str(piece));
                text.push('/');
                url = text;
                let form = sign_query(&[], query_len, request, common, method, secret);
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
        let origin = self.endpoint.origin(region);
        origin.iter().for_each(|piece| url.push_str(piece));
        let host_start = origin[0].len();
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

/// The common parameters of one V1 request. In canonical order they fall into four runs, each
/// between two groups of operation parameters: `AccessKeyId Action`, `Format`,
/// `[SecurityToken] SignatureMethod SignatureNonce SignatureVersion`, `Timestamp Version`.
/// Each run is written in one go, before the first operation parameter that sorts after it.
struct CommonParams<'a> {
    access_key_id: &'a str,
    id_is_plain: bool,
    action: &'static Prefix,
    format: &'static Prefix,
    security_token: Option<&'a str>,
    nonce: &'a Nonce,
    timestamp: &'a Timestamp,
}

/// The rank of the first parameter of each run of [`CommonParams`].
const RUNS: [u8; 4] = [
    P_ACCESS_KEY_ID.rank,
    P_FORMAT_JSON.rank,
    P_SECURITY_TOKEN.rank,
    P_TIMESTAMP.rank,
];

impl<'a> CommonParams<'a> {
    fn new(
        credentials: &'a Credentials,
        action: Action,
        format: Format,
        timestamp: &'a Timestamp,
        nonce: &'a Nonce,
    ) -> Self {
        CommonParams {
            access_key_id: credentials.access_key_id(),
            id_is_plain: credentials.access_key_id_is_plain(),
            action: match action {
                Action::DeleteInstance => P_ACTION_DELETE_INSTANCE.prefix,
                Action::DeleteInstances => P_ACTION_DELETE_INSTANCES.prefix,
            },
            format: match format {
                Format::Json => P_FORMAT_JSON.prefix,
                Format::Xml => P_FORMAT_XML.prefix,
            },
            security_token: credentials.security_token(),
            nonce,
            timestamp,
        }
    }

    /// Writes run `run` of the common parameters.
    #[inline]
    fn write_run(&self, run: usize, writer: &mut QuerySigner<'_>) {
        match run {
            0 => {
                let id = self.access_key_id;
                writer.prefixed(P_ACCESS_KEY_ID.prefix, id, self.id_is_plain);
                writer.fixed(self.action);
            }
            1 => writer.fixed(self.format),
            2 => {
                if let Some(token) = self.security_token {
                    writer.prefixed(P_SECURITY_TOKEN.prefix, token, false);
                }
                writer.fixed(P_SIGNATURE_METHOD.prefix);
                let nonce = self.nonce;
                writer.prefixed(P_SIGNATURE_NONCE.prefix, nonce.as_str(), nonce.is_plain());
                writer.fixed(P_SIGNATURE_VERSION.prefix);
            }
            _ => {
                let (once, twice) = self.timestamp.encodings();
                writer.prefixed_encoded(P_TIMESTAMP.prefix, once, twice);
                writer.fixed(P_VERSION.prefix);
            }
        }
    }

    /// At most how long the query is with these parameters, `&Signature=…` included: the
    /// fixed parts, and the values that may need encoding three times over.
    fn len_bound(&self) -> usize {
        const FIXED: usize = 1
            + SIGNATURE.len()
            + 1
            + 3 * SIGNATURE_LEN
            + ACCESS_KEY_ID.len()
            + 1
            + "&Action=DeleteInstances".len()
            + "&Format=JSON".len()
            + 2
            + SECURITY_TOKEN.len()
            + "&SignatureMethod=HMAC-SHA1".len()
            + 2
            + SIGNATURE_NONCE.len()
            + "&SignatureVersion=1.0".len()
            + "&Timestamp=0000-00-00T00%3A00%3A00Z".len()
            + "&Version=2014-05-26".len();
        let token = self.security_token.map_or(0, str::len);
        FIXED + 3 * (self.access_key_id.len() + token + self.nonce.as_str().len())
    }
}

/// Adds up an upper bound of the query length, without scanning values: encoding grows text at
/// most threefold and names are plain.
struct LenBound(usize);

impl<'a> ParamSink<'a> for LenBound {
    #[inline]
    fn param(&mut self, param: Param, value: &'a str) {
        let grows = match param.value {
            ValueKind::Plain | ValueKind::Fixed => 1,
            ValueKind::Text => 3,
        };
        self.0 += 2 + param.name.len() + grows * value.len();
    }

    /// Summed in a register, not through the sink: a hundred ids add up without a store each.
    #[inline]
    fn plain_run(&mut self, run: impl Iterator<Item = (Param, &'a str)>) {
        self.0 += run
            .map(|(param, value)| 2 + param.name.len() + value.len())
            .sum::<usize>();
    }
}

/// Merges the common parameters into the operation parameters, which arrive in canonical
/// order, by rank (no string comparison), and writes each to the fused writer.
struct Merge<'a, 'w, 'b> {
    writer: &'w mut QuerySigner<'b>,
    common: CommonParams<'a>,
    /// The next run of common parameters to write.
    next: usize,
}

impl Merge<'_, '_, '_> {
    /// Writes the runs of common parameters that sort before `rank`.
    #[inline]
    fn common_before(&mut self, rank: u8) {
        while let Some(&first) = RUNS.get(self.next)
            && first < rank
        {
            self.common.write_run(self.next, self.writer);
            self.next += 1;
        }
    }
}

impl<'a> ParamSink<'a> for Merge<'_, '_, '_> {
    #[inline]
    fn param(&mut self, param: Param, value: &'a str) {
        self.common_before(param.rank);
        let prefix = param.prefix;
        match param.value {
            ValueKind::Fixed => self.writer.fixed(prefix),
            ValueKind::Plain => self.writer.prefixed(prefix, value, true),
            ValueKind::Text => self.writer.prefixed(prefix, value, false),
        }
    }

    /// No common parameter sorts inside a run: they are placed once, before it.
    #[inline]
    fn plain_run(&mut self, run: impl Iterator<Item = (Param, &'a str)>) {
        let mut run = run.peekable();
        if let Some((first, _)) = run.peek() {
            self.common_before(first.rank);
        }
        for (param, value) in run {
            debug_assert_eq!(param.value, ValueKind::Plain);
            self.writer.prefixed_plain(param.prefix, value);
        }
    }
}

/// Writes `head` (unsigned), then the canonical query of `request` with `common` merged in,
/// then the signature; `capacity` is the expected length of the whole.
fn sign_query<R: Operation + ?Sized>(
    head: &[&str],
    capacity: usize,
    request: &R,
    common: CommonParams<'_>,
    method: Method,
    secret: &str,
) -> String {
    let mut feed = feed_buffer();
    let mut writer = QuerySigner::new(&mut feed, capacity, method, secret);
    for piece in head {
        writer.unsigned(piece);
    }
    let mut merge = Merge {
        writer: &mut writer,
        common,
        next: 0,
    };
    request.visit_params(&mut merge);
    merge.common_before(u8::MAX);
    writer.finish_signed(SIGNATURE)
}

/// The `content-type` header name.
const CONTENT_TYPE: &str = "content-type";

#[cfg(test)]
mod tests {
    use super::*;

    /// The runs of [`CommonParams`] are exactly the runs of common names in canonical order:
    /// no operation name sorts inside a run, and each run starts at its rank in [`RUNS`].
    #[test]
    fn common_runs_are_the_runs_of_canonical_order() {
        let runs: [&[Param]; 4] = [
            &[P_ACCESS_KEY_ID, P_ACTION_DELETE_INSTANCE],
            &[P_FORMAT_JSON],
            &[
                P_SECURITY_TOKEN,
                P_SIGNATURE_METHOD,
                P_SIGNATURE_NONCE,
                P_SIGNATURE_VERSION,
            ],
            &[P_TIMESTAMP, P_VERSION],
        ];
        let operation = OPERATION_PARAMS;
        for (run, &first) in runs.iter().zip(&RUNS) {
            assert_eq!(run[0].rank, first);
            for pair in run.windows(2) {
                assert_eq!(
                    pair[0].rank + 1,
                    pair[1].rank,
                    "{} {}",
                    pair[0].name,
                    pair[1].name
                );
                assert!(pair[0].name < pair[1].name);
            }
            let last = run[run.len() - 1].rank;
            for op in operation {
                assert!(
                    op.rank < first || op.rank > last,
                    "{} inside a run",
                    op.name
                );
            }
        }
        let ranks: usize = runs.iter().map(|run| run.len()).sum();
        assert_eq!(
            ranks + operation.len(),
            20,
            "every name is in a run or an operation"
        );
    }
}
