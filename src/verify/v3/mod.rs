//! Verifying a request signed with signature V3 (ACS3-HMAC-SHA256).
//!
//! A V3 signature covers only the headers its `SignedHeaders` lists, so the first thing checked
//! after the headers are found is that the list covers every header the verifier goes on to
//! trust: `host`, `content-type` when present (it decides whether the body holds parameters),
//! and every `x-acs-*` header present (the action, version, date, nonce, body hash and STS
//! token among them). A signature over fewer headers is refused with
//! [`VerifyError::UnsignedHeader`] before it is compared, so a valid signature over `host`
//! alone can never carry a rewritten date or nonce past the skew check or a replay store.

mod canonical;
mod headers;

use hmac::{Hmac, KeyInit as _, Mac as _};
use sha2::{Digest as _, Sha256};

use super::params::Params;
use super::{Verified, Verifier, VerifyError, check_timestamp, constant_time_eq, form};
use crate::canonical::hex::hex_into;
use crate::request::API_VERSION;
use crate::request::{Action, decode_sorted};
use crate::rpc::Method;
use crate::rpc::v3;
use crate::time::Timestamp;
use canonical::{Query, canonical_hash};
use headers::{
    AUTHORIZATION, KnownHeaders, REQUIRED_HEADERS, SignedLines, parse_authorization, path_and_query,
};

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
        let shape = form::decode_query(query, &mut params, &mut lints, &mut |_, _| {})?;
        let mut ties = shape.ties;
        let in_query = params.len();
        let is_form =
            header("content-type").is_some_and(|t| t.starts_with(crate::signed::FORM_CONTENT_TYPE));
        if is_form {
            let text = std::str::from_utf8(body).map_err(|_| VerifyError::MalformedQuery {
                parameter: None,
                reason: "a body that is not UTF-8",
            })?;
            ties |= form::decode_body(text, &mut params, &mut lints, &mut |_, _| {})?.ties;
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
        let (mut lines, unsigned) = SignedLines::find(headers, &authorization.signed_headers);
        if let Some(unsigned) = unsigned {
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
                text: query,
                params: &params,
                in_query,
                in_order,
                whole_and_plain: shape.whole_and_plain,
            },
            headers,
            &authorization.signed_headers,
            &mut lines,
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
    form::decode_query(query, &mut params, &mut lints, &mut |_, _| {}).ok()?;
    let in_query = params.len();
    let authorization = parse_authorization(header("authorization")?).ok()?;
    let (mut lines, _) = SignedLines::find(headers, &authorization.signed_headers);
    let hashed = canonical_hash(
        method,
        path,
        Query {
            text: query,
            params: &params,
            in_query,
            in_order: false,
            whole_and_plain: false,
        },
        headers,
        &authorization.signed_headers,
        &mut lines,
        header("x-acs-content-sha256")?,
    );
    String::from_utf8(hashed.to_vec()).ok()
}
