//! Verifying a request signed with signature V3, in any of its three algorithms
//! ([`Algorithm`]): the algorithm is the first word of `Authorization`, and decides the body
//! hash header, the digest and the key.
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

pub(crate) use headers::split_algorithm;

use super::params::Params;
use super::{Keys, Lint, LintKind, Verified, VerifyError, check_timestamp, form};
use crate::algorithm::Algorithm;
use crate::request::API_VERSION;
use crate::request::{Action, decode_sorted};
use crate::rpc::Method;
use crate::rpc::v3;
use crate::time::Timestamp;
use canonical::{Query, canonical_hash, staged};
use headers::{
    AUTHORIZATION, KnownHeaders, SignedLines, parse_authorization, path_and_query, required_headers,
};

/// A V3 request that passed every check needing no secret: the hash of its canonical request
/// is computed, and whether its body hashes to the body hash header is known.
#[derive(Clone, PartialEq, Eq)]
pub(super) struct Parsed<'a> {
    algorithm: Algorithm,
    method: Method,
    path: &'a str,
    /// The query's pairs, then the form body's: the first `in_query` are signed.
    params: Params,
    in_query: usize,
    /// The pairs were decoded in canonical order, and need no sorting.
    in_order: bool,
    lints: Vec<Lint>,
    action: Action,
    credential: &'a str,
    signature: &'a str,
    /// The signed headers, as the canonical request was built from them.
    lines: SignedLines<'a>,
    /// The value of the algorithm's body hash header.
    body_hash: &'a str,
    date: &'a str,
    nonce: &'a str,
    token: Option<&'a str>,
    /// The hex hash of the canonical request.
    hashed: [u8; 64],
    body_matches: bool,
    max_skew_seconds: u64,
}

impl std::fmt::Debug for Parsed<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let params: Vec<_> = self.params.iter().collect();
        let lines: Vec<_> = self
            .lines
            .as_slice()
            .iter()
            .map(|(n, v)| (*n, crate::redact::header_value(n, v)))
            .collect();
        f.debug_struct("ParsedRequest")
            .field("algorithm", &self.algorithm)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("action", &self.action)
            .field("access_key_id", &self.credential)
            .field("params", &params)
            .field("signed_headers", &lines)
            .field("max_skew_seconds", &self.max_skew_seconds)
            .field("lints", &self.lints)
            .finish()
    }
}

/// Runs every check of a V3 request that needs no secret, in the order of
/// [`Verifier::parse`](super::Verifier::parse): a well-formed query (and form body, when
/// `content-type` says so); no header read alone sent twice; an `Authorization` with a
/// signature; one of the three algorithms; its `Credential` and `SignedHeaders`; the required
/// headers (`x-acs-action`, `x-acs-version`, `x-acs-date`, `x-acs-signature-nonce`, the
/// algorithm's body hash header, `host`);
/// that `SignedHeaders` covers every header that must be signed; the action and version.
pub(super) fn parse<'a, N: AsRef<str>, V: AsRef<str>>(
    method: Method,
    url: &'a str,
    headers: &'a [(N, V)],
    body: &[u8],
    max_skew_seconds: u64,
) -> Result<Parsed<'a>, VerifyError> {
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
    let is_form = header("content-type").is_some_and(crate::signed::is_form);
    if is_form {
        let text = std::str::from_utf8(body).map_err(|_| VerifyError::MalformedQuery {
            parameter: None,
            reason: "a body that is not UTF-8",
        })?;
        ties |= form::decode_body(text, &mut params, &mut lints, &mut |_, _| {})?.ties;
    }
    // Pairs in canonical order need no sorting, for the hash or for the rules.
    let in_order = !ties && !lints.iter().any(|l| l.kind == LintKind::OutOfOrder);

    // The body hash header read alone is the algorithm's (named by the first `Authorization`).
    let named = header("authorization")
        .and_then(|a| super::split_algorithm(a).0.parse().ok())
        .unwrap_or_default();
    if let Some(header) = known.repeated(named) {
        return Err(VerifyError::RepeatedHeader { header });
    }
    let authorization = parse_authorization(header("authorization").ok_or(
        VerifyError::MissingSignature {
            parameter: AUTHORIZATION,
        },
    )?)?;
    let algorithm = authorization.algorithm;
    if let Some(parameter) = required_headers(algorithm).find(|h| header(h).is_none()) {
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

    let body_hash = value(algorithm.body_hash_header());
    let hashed = canonical_hash(
        algorithm,
        method,
        path,
        Query {
            text: query,
            params: &params,
            in_query,
            in_order,
            whole_and_plain: shape.whole_and_plain,
        },
        lines.lines(),
        body_hash,
    );
    let mut hex = [0u8; 64];
    let body_matches = algorithm.hex_digest(body, &mut hex) == body_hash;
    Ok(Parsed {
        algorithm,
        method,
        path,
        params,
        in_query,
        in_order,
        lints,
        action,
        credential: authorization.credential,
        signature: authorization.signature,
        lines,
        body_hash,
        date: value("x-acs-date"),
        nonce: value("x-acs-signature-nonce"),
        token: header(v3::SECURITY_TOKEN_HEADER),
        hashed,
        body_matches,
        max_skew_seconds,
    })
}

impl<'a> Parsed<'a> {
    pub(super) fn access_key_id(&self) -> &'a str {
        self.credential
    }

    pub(super) fn action(&self) -> Action {
        self.action
    }

    pub(super) fn signature_nonce(&self) -> &'a str {
        self.nonce
    }

    pub(super) fn security_token(&self) -> Option<&'a str> {
        self.token
    }

    pub(super) fn lints(&self) -> &[Lint] {
        &self.lints
    }

    pub(super) fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The string to sign: the algorithm and the hash of the canonical request (no secret in
    /// it: the token, if any, is hashed).
    pub(super) fn string_to_sign(&self) -> String {
        self.algorithm.string_to_sign(&self.hashed)
    }

    /// The signature with the account's key for the algorithm (and the body hash), then
    /// `x-acs-date` (against `now`, when given), then the `request` rules on the query and
    /// form-body parameters.
    pub(super) fn verify(
        self,
        keys: Keys<'_>,
        now: Option<&Timestamp>,
    ) -> Result<Verified, VerifyError> {
        let signature_ok = self.algorithm.verify(&keys, &self.hashed, self.signature);
        if !signature_ok || !self.body_matches {
            let canonical = staged(
                self.method,
                self.path,
                &self.params,
                self.in_query,
                self.lines.as_slice(),
                self.body_hash,
            );
            return Err(VerifyError::SignatureMismatch {
                string_to_sign: self.string_to_sign(),
                canonical_request: Some(crate::redact::redact(canonical.as_str()).into_owned()),
            });
        }
        let timestamp = check_timestamp("x-acs-date", self.date, now, self.max_skew_seconds)?;

        // A V3 query holds only operation parameters: a common name there is unknown.
        // In canonical order already, they need no sorting.
        let params = if self.in_order {
            self.params
        } else {
            self.params.sorted()
        };
        let decoded = decode_sorted(self.action, &params)?;
        Ok(Verified {
            request: decoded.request,
            params,
            access_key_id: self.credential.to_owned(),
            signature_nonce: self.nonce.to_owned(),
            timestamp,
            security_token_present: self.token.is_some(),
            warnings: decoded.warnings,
            lints: self.lints,
        })
    }
}
