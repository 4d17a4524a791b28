//! Verifying a request signed with signature V3 (ACS3-HMAC-SHA256).
//!
//! A V3 signature covers only the headers its `SignedHeaders` lists, so the first thing checked
//! after the headers are found is that the list covers every header the verifier goes on to
//! trust: `host`, `content-type` when present (it decides whether the body holds parameters),
//! and every `x-acs-*` header present (the action, version, date, nonce, body hash and STS
//! token among them). A signature over fewer headers is refused with
//! [`VerifyError::UnsignedHeader`] before it is compared, so a valid signature over `host`
//! alone can never carry a rewritten date or nonce past the skew check or a replay store.

use hmac::{Hmac, KeyInit as _, Mac as _};
use sha2::{Digest as _, Sha256};

use super::params::Params;
use super::{Verified, Verifier, VerifyError, check_timestamp, constant_time_eq, form};
use crate::encode::is_unreserved;
use crate::request::API_VERSION;
use crate::request::{Action, decode_sorted};
use crate::rpc::Method;
use crate::rpc::v3::{self, CanonicalRequest};
use crate::signer::buffers::{Feed, feed_buffer};
use crate::signer::v3::hex_into;
use crate::time::Timestamp;

/// The header that carries the signature.
const AUTHORIZATION: &str = "Authorization";

/// The headers every V3 request carries, in the order their absence is reported.
const REQUIRED_HEADERS: [&str; 6] = [
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
    "host",
];

/// The parts of `Authorization: ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…`.
struct Authorization<'a> {
    credential: &'a str,
    /// The names `SignedHeaders` lists.
    signed_headers: SignedHeaders<'a>,
    signature: &'a str,
}

/// The names `SignedHeaders` lists, split once: on the stack for the handful a request signs.
enum SignedHeaders<'a> {
    Few([&'a str; 12], usize),
    Many(Vec<&'a str>),
}

impl<'a> SignedHeaders<'a> {
    fn parse(list: &'a str) -> SignedHeaders<'a> {
        let mut few = [""; 12];
        let mut count = 0;
        for name in list.split(';') {
            match few.get_mut(count) {
                Some(slot) => *slot = name,
                None => return SignedHeaders::Many(list.split(';').collect()),
            }
            count += 1;
        }
        SignedHeaders::Few(few, count)
    }

    fn as_slice(&self) -> &[&'a str] {
        match self {
            SignedHeaders::Few(names, count) => &names[..*count],
            SignedHeaders::Many(names) => names,
        }
    }

    /// Whether `name` is listed (in any case).
    fn contains(&self, name: &str) -> bool {
        self.as_slice().iter().any(|s| s.eq_ignore_ascii_case(name))
    }
}

/// Splits the header in one pass; of a key given twice, the first counts.
fn parse_authorization(value: &str) -> Result<Authorization<'_>, VerifyError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(VerifyError::MissingSignature {
            parameter: AUTHORIZATION,
        });
    }
    let (algorithm, rest) = value.split_once(' ').unwrap_or((value, ""));
    if algorithm != v3::ALGORITHM {
        return Err(VerifyError::UnsupportedSignatureMethod {
            parameter: AUTHORIZATION,
            found: algorithm.to_owned(),
        });
    }
    let (mut signature, mut credential, mut signed_headers) = (None, None, None);
    for part in rest.split(',').map(str::trim) {
        let (field, value) = if let Some(v) = part.strip_prefix("Signature=") {
            (&mut signature, v)
        } else if let Some(v) = part.strip_prefix("Credential=") {
            (&mut credential, v)
        } else if let Some(v) = part.strip_prefix("SignedHeaders=") {
            (&mut signed_headers, v)
        } else {
            continue;
        };
        field.get_or_insert(value);
    }
    let signature = signature.ok_or(VerifyError::MissingSignature {
        parameter: AUTHORIZATION,
    })?;
    let credential = credential.ok_or(VerifyError::MissingParameter {
        parameter: "Credential",
    })?;
    let signed_headers = signed_headers.ok_or(VerifyError::MissingParameter {
        parameter: "SignedHeaders",
    })?;
    Ok(Authorization {
        credential,
        signed_headers: SignedHeaders::parse(signed_headers),
        signature,
    })
}

/// The first header that must be signed but `signed` leaves out, in the order one is reported:
/// `host`, then `content-type` when present, then every `x-acs-*` header present, lower-cased
/// and sorted. Names that are not HTTP tokens cannot be sent and are never signed, so they are
/// left out. Allocates only to report one.
fn first_unsigned<N: AsRef<str>, V>(
    headers: &[(N, V)],
    signed: &SignedHeaders<'_>,
) -> Option<String> {
    let is_signed = |name: &str| signed.contains(name);
    if !is_signed("host") {
        return Some("host".to_owned());
    }
    let present = |name: &str| {
        headers
            .iter()
            .any(|(n, _)| n.as_ref().eq_ignore_ascii_case(name))
    };
    if present("content-type") && !is_signed("content-type") {
        return Some("content-type".to_owned());
    }
    headers
        .iter()
        .map(|(n, _)| n.as_ref())
        .filter(|n| {
            v3::is_signed_header(n)
                && n.get(..6).is_some_and(|p| p.eq_ignore_ascii_case("x-acs-"))
                && !is_signed(n)
        })
        .map(str::to_ascii_lowercase)
        .min()
}

/// The headers a V3 verifier reads: looked for in one pass over the request's headers.
const KNOWN_HEADERS: [&str; 9] = [
    "authorization",
    "content-type",
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
    "host",
    v3::SECURITY_TOKEN_HEADER,
];

/// The values of [`KNOWN_HEADERS`] in a request (the first of each, trimmed; names match in any
/// case).
struct KnownHeaders<'h> {
    values: [Option<&'h str>; KNOWN_HEADERS.len()],
}

impl<'h> KnownHeaders<'h> {
    fn find<N: AsRef<str>, V: AsRef<str>>(headers: &'h [(N, V)]) -> KnownHeaders<'h> {
        let mut values = [None; KNOWN_HEADERS.len()];
        for (name, value) in headers {
            let name = name.as_ref();
            let known = KNOWN_HEADERS
                .iter()
                .position(|k| k.len() == name.len() && k.eq_ignore_ascii_case(name));
            if let Some(slot) = known.and_then(|k| values.get_mut(k))
                && slot.is_none()
            {
                *slot = Some(value.as_ref().trim());
            }
        }
        KnownHeaders { values }
    }

    /// The value of `name`, one of [`KNOWN_HEADERS`].
    fn get(&self, name: &str) -> Option<&'h str> {
        let known = KNOWN_HEADERS.iter().position(|k| *k == name);
        debug_assert!(known.is_some(), "{name} is not a known header");
        self.values[known?]
    }
}

/// The path (`/` when empty) and the query (without a fragment) of a full URL or a path and
/// query.
fn path_and_query(url: &str) -> (&str, &str) {
    let after_host = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest.find('/').map_or("", |i| &rest[i..]));
    let (path, query) = after_host.split_once('?').unwrap_or((after_host, ""));
    let path = if path.is_empty() { "/" } else { path };
    (path, query.split_once('#').map_or(query, |(q, _)| q))
}

impl Verifier {
    /// Verifies a V3 request. Checks, the first failure reported: a well-formed query (and form
    /// body, when `content-type` says so); an `Authorization` with a signature; the
    /// ACS3-HMAC-SHA256 algorithm; its `Credential` and `SignedHeaders`; the required headers
    /// (`x-acs-action`, `x-acs-version`, `x-acs-date`, `x-acs-signature-nonce`,
    /// `x-acs-content-sha256`, `host`); that `SignedHeaders` covers every header that must be
    /// signed; the action and version; the signature over exactly the headers it names, and
    /// the body hash; `x-acs-date` (against `now`, when given); then the `request` rules on the
    /// query and form-body parameters. Header names match in any case.
    pub fn verify_v3<N: AsRef<str>, V: AsRef<str>>(
        &self,
        method: Method,
        url: &str,
        headers: &[(N, V)],
        body: &[u8],
        access_key_secret: &str,
        now: Option<&Timestamp>,
    ) -> Result<Verified, VerifyError> {
        let known = KnownHeaders::find(headers);
        let header = |name: &str| known.get(name);
        let (path, query) = path_and_query(url);

        // The query's pairs, then the form body's: one arena, the first `in_query` signed in the
        // canonical query.
        let mut params = Params::with_capacity(
            query.len() + body.len(),
            (query.len() + body.len()) / 16 + 4,
        );
        let mut lints = Vec::new();
        let mut ties = form::decode_into(query, &mut params, &mut lints)?;
        let in_query = params.len();
        let is_form =
            header("content-type").is_some_and(|t| t.starts_with(crate::signed::FORM_CONTENT_TYPE));
        if is_form {
            let text = std::str::from_utf8(body).map_err(|_| VerifyError::MalformedQuery {
                parameter: None,
                reason: "a body that is not UTF-8",
            })?;
            ties |= form::decode_into(text, &mut params, &mut lints)?;
        }
        // Pairs in canonical order need no sorting, for the hash or for the rules.
        let in_order = !ties && !lints.iter().any(|l| l.kind == super::LintKind::OutOfOrder);

        let authorization = parse_authorization(header("authorization").ok_or(
            VerifyError::MissingSignature {
                parameter: AUTHORIZATION,
            },
        )?)?;
        if let Some(parameter) = REQUIRED_HEADERS.into_iter().find(|h| header(h).is_none()) {
            return Err(VerifyError::MissingParameter { parameter });
        }
        if let Some(unsigned) = first_unsigned(headers, &authorization.signed_headers) {
            return Err(VerifyError::UnsignedHeader { header: unsigned });
        }
        let value =
            |name: &str| header(name).expect("invariant: the required headers were found above");
        let action =
            Action::parse(value("x-acs-action")).ok_or_else(|| VerifyError::UnsupportedAction {
                parameter: "x-acs-action",
                found: value("x-acs-action").to_owned(),
            })?;
        if value("x-acs-version") != API_VERSION {
            return Err(VerifyError::UnsupportedVersion {
                parameter: "x-acs-version",
                found: value("x-acs-version").to_owned(),
            });
        }

        let content_sha256 = value("x-acs-content-sha256");
        let hashed = canonical_hash(
            method,
            path,
            Query {
                params: &params,
                in_query,
                in_order,
            },
            headers,
            &authorization.signed_headers,
            content_sha256,
        );
        let mut mac = Hmac::<Sha256>::new_from_slice(access_key_secret.as_bytes())
            .expect("invariant: HMAC accepts keys of every length");
        mac.update(v3::ALGORITHM.as_bytes());
        mac.update(b"\n");
        mac.update(&hashed);
        let mut expected = [0u8; 64];
        hex_into(&mac.finalize().into_bytes(), &mut expected);
        let mut body_hash = [0u8; 64];
        hex_into(&Sha256::digest(body), &mut body_hash);
        let signature_ok = constant_time_eq(&expected, authorization.signature.as_bytes());
        if !signature_ok || body_hash != content_sha256.as_bytes() {
            return Err(VerifyError::SignatureMismatch);
        }
        let timestamp = check_timestamp(
            "x-acs-date",
            value("x-acs-date"),
            now,
            self.max_skew_seconds,
        )?;

        // A V3 query holds only operation parameters: a common name there is unknown.
        // In canonical order already, they need no sorting.
        let params = if in_order { params } else { params.sorted() };
        let decoded = decode_sorted(action, &params)?;
        Ok(Verified {
            request: decoded.request,
            params,
            access_key_id: authorization.credential.to_owned(),
            signature_nonce: value("x-acs-signature-nonce").to_owned(),
            timestamp,
            security_token_present: header(v3::SECURITY_TOKEN_HEADER).is_some(),
            warnings: decoded.warnings,
            lints,
        })
    }
}

/// The hex SHA-256 of the canonical request the service computes for a V3 request (to echo in a
/// `SignatureDoesNotMatch` message); `None` when the request does not get as far as a signature
/// check.
#[cfg(feature = "service")]
pub(crate) fn server_canonical_hash<N: AsRef<str>, V: AsRef<str>>(
    method: Method,
    url: &str,
    headers: &[(N, V)],
) -> Option<String> {
    let known = KnownHeaders::find(headers);
    let header = |name: &str| known.get(name);
    let (path, query) = path_and_query(url);
    let mut params = Params::default();
    let mut lints = Vec::new();
    form::decode_into(query, &mut params, &mut lints).ok()?;
    let in_query = params.len();
    let authorization = parse_authorization(header("authorization")?).ok()?;
    let hashed = canonical_hash(
        method,
        path,
        Query {
            params: &params,
            in_query,
            in_order: false,
        },
        headers,
        &authorization.signed_headers,
        header("x-acs-content-sha256")?,
    );
    String::from_utf8(hashed.to_vec()).ok()
}

/// The signed part of the decoded pairs: the first `in_query` (the rest came from a form body),
/// and whether they were decoded in canonical order.
struct Query<'a> {
    params: &'a Params,
    in_query: usize,
    in_order: bool,
}

/// Feeds the canonical query of `pairs` (sorted, names plain and distinct).
#[inline]
fn feed_query<'a>(
    feed: &mut Feed<'_, Sha256>,
    pairs: impl Iterator<Item = (&'a str, &'a str, bool)>,
) {
    for (k, (name, value, plain)) in pairs.enumerate() {
        if k > 0 {
            feed.push(b"&");
        }
        feed.push(name.as_bytes());
        feed.push(b"=");
        // A plain value is its own encoding.
        if plain {
            feed.push(value.as_bytes());
        } else {
            feed.push_encoded(value);
        }
    }
}

/// The hex SHA-256 of the canonical request over the first `in_query` pairs of `params` and the
/// headers `signed` names. The fast path feeds the hash straight from the decoded pairs and
/// the headers as sent, when nothing needs sorting beyond names or folding: the query's names
/// are unreserved and distinct, and the signed headers are sent lower-case, once each (as the
/// SDKs send them). Anything else goes through the staged [`CanonicalRequest`].
fn canonical_hash<N: AsRef<str>, V: AsRef<str>>(
    method: Method,
    path: &str,
    query: Query<'_>,
    headers: &[(N, V)],
    signed: &SignedHeaders<'_>,
    content_sha256: &str,
) -> [u8; 64] {
    let Query {
        params,
        in_query,
        in_order,
    } = query;
    let signed_pairs = || {
        params
            .iter()
            .take(in_query)
            .enumerate()
            .map(|(i, (n, v))| (n, v, params.is_plain(i)))
    };
    // Out of order (rare), the pairs are sorted by name in a list; in order, read in place.
    let mut sorted: Vec<(&str, &str, bool)> = Vec::new();
    if !in_order {
        sorted.extend(signed_pairs());
        sorted.sort_unstable_by(|a, b| a.0.cmp(b.0));
    }
    let names_plain = if in_order {
        signed_pairs().all(|(n, _, plain)| plain || n.bytes().all(is_unreserved))
    } else {
        sorted
            .iter()
            .all(|&(n, _, plain)| plain || n.bytes().all(is_unreserved))
            && sorted.windows(2).all(|w| w[0].0 != w[1].0)
    };
    // The signed headers, sorted, on the stack (a request signs a handful).
    let mut lines = [("", ""); 16];
    let mut count = 0;
    let mut fits = true;
    for (n, v) in headers.iter().map(|(n, v)| (n.as_ref(), v.as_ref())) {
        if v3::is_token(n) && signed.contains(n) {
            match lines.get_mut(count) {
                Some(line) => *line = (n, v),
                None => fits = false,
            }
            count += 1;
        }
    }
    let lines = &mut lines[..count.min(16)];
    lines.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let headers_plain = fits
        && lines
            .iter()
            .all(|(n, _)| !n.bytes().any(|b| b.is_ascii_uppercase()))
        && lines.windows(2).all(|w| w[0].0 != w[1].0);
    let mut out = [0u8; 64];
    if !(names_plain && headers_plain) {
        let owned: Vec<(String, String)> = signed_pairs()
            .map(|(n, v, _)| (n.to_owned(), v.to_owned()))
            .collect();
        let canonical = CanonicalRequest::with_signed_headers(
            method,
            path,
            &owned,
            headers,
            signed.as_slice(),
            content_sha256,
        );
        out.copy_from_slice(canonical.hashed().as_str().as_bytes());
        return out;
    }
    let mut buffer = feed_buffer();
    let mut feed = Feed::new(&mut buffer, Sha256::new());
    feed.push(method.as_str().as_bytes());
    feed.push(b"\n");
    feed.push(path.as_bytes());
    feed.push(b"\n");
    if in_order {
        feed_query(&mut feed, signed_pairs());
    } else {
        feed_query(&mut feed, sorted.iter().copied());
    }
    feed.push(b"\n");
    for (name, value) in lines.iter() {
        feed.push(name.as_bytes());
        feed.push(b":");
        feed.push(value.trim().as_bytes());
        feed.push(b"\n");
    }
    feed.push(b"\n");
    for (k, (name, _)) in lines.iter().enumerate() {
        if k > 0 {
            feed.push(b";");
        }
        feed.push(name.as_bytes());
    }
    feed.push(b"\n");
    feed.push(content_sha256.as_bytes());
    feed.flush();
    hex_into(&feed.mac.finalize(), &mut out);
    out
}
