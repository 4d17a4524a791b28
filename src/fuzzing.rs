//! Fuzz target bodies. Each cargo-fuzz target is one line calling [`run`]; the replay test
//! calls the same functions on the committed seeds and past crashes under plain `cargo test`,
//! on the stable toolchain. Besides not panicking, every target checks an invariant.

use arbitrary::{Arbitrary, Unstructured};

use crate::encode::{is_unreserved, percent_encode};
use crate::request::{
    Action, DeleteInstance, DeleteInstances, Operation, ReleaseMode, Request, decode,
};
use crate::response::{Response, ResponseDecoder, decode_response};
use crate::rpc::Method;
use crate::rpc::v3::CanonicalRequest;
use crate::signer::{SignatureVersion, Signer, Transport};
use crate::verify::Verifier;
use crate::{Credentials, Nonce, Timestamp};

/// Every target, by the name of its folder under `fuzz/seeds/`.
pub const TARGETS: [&str; 6] = [
    "response",
    "request_params",
    "verify",
    "percent_roundtrip",
    "sign_verify",
    "acs3",
];

/// Runs the target `name` on `data`; `false` when there is no such target.
pub fn run(name: &str, data: &[u8]) -> bool {
    match name {
        "response" => response(data),
        "request_params" => request_params(data),
        "verify" => verify(data),
        "percent_roundtrip" => percent_roundtrip(data),
        "sign_verify" => sign_verify(data),
        "acs3" => acs3(data),
        _ => return false,
    }
    true
}

/// Response decoding from any bytes: 2 bytes of status, 1 of action and cap, the body.
pub fn response(data: &[u8]) {
    let [hi, lo, flags, body @ ..] = data else {
        return;
    };
    let status = u16::from_be_bytes([*hi, *lo]) % 1000;
    let action = if flags & 1 == 0 {
        Action::DeleteInstance
    } else {
        Action::DeleteInstances
    };
    let headers = [("x-acs-request-id", "hdr"), ("x-acs-retry-after", "7")];
    let decoded = if flags & 2 == 0 {
        decode_response(action, status, &headers, body)
    } else {
        ResponseDecoder::new()
            .max_body_bytes(usize::from(*flags))
            .decode(action, status, &headers, body)
    };
    assert_eq!(decoded.http_status(), status);
    match &decoded {
        Response::Success(_) => assert!((200..300).contains(&status) && decoded.retry().is_none()),
        Response::DryRun(_) => assert!(decoded.retry().is_none()),
        Response::ApiError(e) => assert!(decoded.retry().is_some() && !e.code.is_dry_run()),
        Response::Unparseable(u) => {
            assert!(decoded.retry().is_some() && u.snippet.len() <= 4 * 256)
        }
    }
    let _ = format!("{decoded:?}");
    if flags & 2 == 0 {
        strict_json_agrees(action, status, body, &decoded);
    }
}

/// A body that strict JSON (serde_json) reads as an object is read by the lenient reader too,
/// with the same code whenever that code is a string.
fn strict_json_agrees(action: Action, status: u16, body: &[u8], decoded: &Response) {
    let trimmed = body
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(body)
        .trim_ascii();
    if trimmed.len() > crate::response::DEFAULT_MAX_BODY_BYTES || !trimmed.starts_with(b"{") {
        return;
    }
    let Ok(serde_json::Value::Object(map)) = serde_json::from_slice::<serde_json::Value>(trimmed)
    else {
        return;
    };
    assert!(
        !matches!(decoded, Response::Unparseable(u)
            if u.reason == crate::response::UnparseableReason::Malformed),
        "strict JSON read as malformed ({action}, {status})"
    );
    // serde_json keeps the last of repeated keys, as the lenient reader does.
    if let Some(serde_json::Value::String(code)) = map.get("Code")
        && !code.is_empty()
    {
        assert_eq!(
            decoded.code(),
            Some(code.as_str()),
            "the code of strict JSON"
        );
    }
}

/// Raw-parameter decoding: `name=value` lines; a decoded request re-decodes to itself.
pub fn request_params(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let action = if first & 1 == 0 {
        Action::DeleteInstance
    } else {
        Action::DeleteInstances
    };
    let params: Vec<(&str, &str)> = text
        .lines()
        .map(|l| l.split_once('=').unwrap_or((l, "")))
        .collect();
    match decode(action, &params) {
        Ok(decoded) => {
            let again = decode(action, &decoded.request.params())
                .expect("a decoded request's params are valid");
            assert_eq!(again.request, decoded.request);
        }
        Err(e) => {
            let _ = (e.code(), e.parameter(), e.to_string());
        }
    }
}

/// The verifier on any URL and body (V1), and on any headers (V3).
pub fn verify(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let method = if first & 1 == 0 {
        Method::Get
    } else {
        Method::Post
    };
    let mut parts = text.splitn(3, '\0');
    let url = parts.next().unwrap_or_default();
    let body = parts.next();
    let headers: Vec<(&str, &str)> = parts
        .next()
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split_once(':'))
        .collect();
    let now = Timestamp::parse("2026-11-23T08:30:00Z").ok();
    let verifier = Verifier::new();
    if let Err(e) = verifier.verify(method, url, body.map(str::as_bytes), "secret", now.as_ref()) {
        let _ = (e.code(), e.parameter(), e.to_string());
    }
    let _ = verifier.verify_v3(
        method,
        url,
        &headers,
        body.unwrap_or_default().as_bytes(),
        "secret",
        now.as_ref(),
    );
}

/// Percent-encoding: the output holds only unreserved bytes and upper-case `%XX`, and decoding
/// it gives the input back.
pub fn percent_roundtrip(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    let encoded = percent_encode(&input);
    let bytes = encoded.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = &bytes[i + 1..i + 3];
            assert!(
                hex.iter()
                    .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(b)),
                "{encoded}"
            );
            i += 3;
        } else {
            assert!(is_unreserved(bytes[i]), "{encoded}");
            i += 1;
        }
    }
    let mut out = Vec::new();
    let mut lints = Vec::new();
    crate::verify::decode_form(&format!("k={encoded}"), &mut out, &mut lints)
        .expect("our encoding decodes");
    assert_eq!(out, [("k".to_owned(), input.into_owned())]);
    assert!(lints.is_empty(), "our encoding is canonical: {lints:?}");
}

/// A typed request drawn from the fuzzer's bytes.
#[derive(Debug)]
struct Case {
    request: Request,
    transport: Transport,
    version: SignatureVersion,
    secret: String,
    token: Option<String>,
    nonce: String,
    /// Which of the signable headers a V3 re-signing covers (`u32::MAX`: all).
    signed_mask: u32,
}

fn id(u: &mut Unstructured<'_>) -> arbitrary::Result<String> {
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
    let len = u.int_in_range(1..=30)?;
    (0..len)
        .map(|_| Ok(char::from(*u.choose(CHARS)?)))
        .collect()
}

impl<'a> Arbitrary<'a> for Case {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let mode = *u.choose(&[
            ReleaseMode::WhenStopped,
            ReleaseMode::Force,
            ReleaseMode::ForceAfterShutdown,
        ])?;
        let region = format!("cn-{}", u.int_in_range(0u32..=999_999)?);
        let request = if u.arbitrary()? {
            let mut b = DeleteInstance::builder(id(u)?).release_mode(mode);
            if u.arbitrary()? {
                b = b.region_id(region);
            }
            if u.arbitrary()? {
                b = b.owner_account(String::arbitrary(u)?);
            }
            if let Some(dry) = Option::<bool>::arbitrary(u)? {
                b = b.dry_run(dry);
            }
            b.build().map(Request::DeleteInstance)
        } else {
            let count = u.int_in_range(1..=100usize)?;
            let ids = (0..count)
                .map(|n| Ok(format!("{}{n}", &id(u)?[..1])))
                .collect::<arbitrary::Result<Vec<_>>>()?;
            let mut b = DeleteInstances::builder(region)
                .instance_ids(ids)
                .release_mode(mode);
            if u.arbitrary()? {
                let token: String = String::arbitrary(u)?
                    .chars()
                    .filter(|c| (' '..='~').contains(c))
                    .take(64)
                    .collect();
                b = b.client_token(if token.is_empty() {
                    "t".to_owned()
                } else {
                    token
                });
            }
            if let Some(owner) = Option::<u64>::arbitrary(u)? {
                b = b.resource_owner_id(owner >> 1);
            }
            b.build().map(Request::DeleteInstances)
        };
        let request = request.map_err(|_| arbitrary::Error::IncorrectFormat)?;
        Ok(Case {
            request,
            transport: *u.choose(&[Transport::Get, Transport::PostQuery, Transport::PostForm])?,
            version: if u.arbitrary()? {
                SignatureVersion::V1
            } else {
                SignatureVersion::V3
            },
            secret: String::arbitrary(u)?,
            token: Option::<String>::arbitrary(u)?,
            nonce: format!("n-{}", u32::arbitrary(u)?),
            signed_mask: u32::arbitrary(u)?,
        })
    }
}

/// A typed request is signed, verified and decoded back to the same request.
pub fn sign_verify(data: &[u8]) {
    let Ok(case) = Case::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let mut credentials = Credentials::new("fuzz-key", case.secret.as_str());
    if let Some(token) = &case.token {
        credentials = credentials.with_security_token(token.as_str());
    }
    let now = Timestamp::parse("2026-11-23T08:30:00Z").expect("a valid timestamp");
    let Ok(nonce) = Nonce::new(case.nonce) else {
        return;
    };
    let signed = Signer::new()
        .transport(case.transport)
        .signature_version(case.version)
        .sign(&case.request, &credentials, &now, &nonce);
    let verifier = Verifier::new();
    let verified = match case.version {
        SignatureVersion::V1 => {
            let body = (!signed.body().is_empty()).then(|| signed.body());
            verifier.verify(
                signed.method(),
                signed.url(),
                body,
                &case.secret,
                Some(&now),
            )
        }
        SignatureVersion::V3 => verifier.verify_v3(
            signed.method(),
            signed.url(),
            signed.headers(),
            signed.body(),
            &case.secret,
            Some(&now),
        ),
    };
    let verified = verified.unwrap_or_else(|e| panic!("{e} for {:?}", case.request));
    assert_eq!(verified.request, case.request);
    assert_eq!(verified.request.params(), case.request.params());
    if case.version == SignatureVersion::V3 {
        signed_over_a_subset(&signed, &case.secret, case.signed_mask, &now);
    }
    no_secret_in_decoded_echoes(&signed, &credentials);
}

/// Re-signs `signed` over the headers `mask` picks and verifies it: a verification that passes
/// has every header the protocol requires signed (`host`, `content-type` when present, every
/// `x-acs-*` header present); the full set always passes.
fn signed_over_a_subset(signed: &crate::SignedRequest, secret: &str, mask: u32, now: &Timestamp) {
    use crate::rpc::v3::{self, authorization};
    let mut sent: Vec<(String, String)> = signed
        .headers()
        .iter()
        .filter(|(n, _)| !n.eq_ignore_ascii_case("authorization"))
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    if !sent.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        sent.push(("host".into(), signed.host().to_owned()));
    }
    let required: Vec<String> = sent
        .iter()
        .map(|(n, _)| n.to_ascii_lowercase())
        .filter(|n| n == "host" || n == "content-type" || n.starts_with("x-acs-"))
        .collect();
    let subset: Vec<&str> = required
        .iter()
        .enumerate()
        .filter(|(i, _)| mask == u32::MAX || mask & (1 << (i % 32)) != 0)
        .map(|(_, n)| n.as_str())
        .collect();
    let mut query = Vec::new();
    let mut lints = Vec::new();
    let q = signed.url().split_once('?').map_or("", |(_, q)| q);
    crate::verify::decode_form(q, &mut query, &mut lints).expect("our query decodes");
    let canonical = CanonicalRequest::with_signed_headers(
        signed.method(),
        "/",
        &query,
        &sent,
        &subset,
        &crate::rpc::v3::sha256_hex(signed.body()),
    );
    let signature = v3::Signature::new(secret, &v3::StringToSign::new(&canonical.hashed()));
    let mut headers = sent.clone();
    headers.push((
        "authorization".into(),
        authorization("fuzz-key", canonical.signed_headers(), &signature),
    ));
    let verdict = Verifier::new().verify_v3(
        signed.method(),
        signed.url(),
        &headers,
        signed.body(),
        secret,
        Some(now),
    );
    let covered = required.iter().all(|r| subset.contains(&r.as_str()));
    if verdict.is_ok() {
        assert!(
            covered,
            "accepted with only {subset:?} of {required:?} signed"
        );
    }
    if covered {
        assert!(
            verdict.is_ok(),
            "{verdict:?} with every required header signed"
        );
    }
}

/// The service echoing the signed request back, as its errors do: no decoded outcome, in any
/// rendering, holds the STS token or the signature.
fn no_secret_in_decoded_echoes(signed: &crate::SignedRequest, credentials: &Credentials) {
    let token = credentials
        .security_token()
        .filter(|t| t.len() >= 12 && t.is_ascii());
    let signature = signed
        .url()
        .split(['?', '&'])
        .chain(
            std::str::from_utf8(signed.body())
                .unwrap_or_default()
                .split('&'),
        )
        .find_map(|p| p.strip_prefix("Signature="))
        .map(str::to_owned)
        .or_else(|| {
            signed
                .header("authorization")
                .and_then(|a| a.rsplit_once("Signature="))
                .map(|(_, s)| s.to_owned())
        });
    let mut forbidden: Vec<String> = signature.into_iter().collect();
    // The fuzzer may choose the token as another parameter's value too; that copy is no leak.
    let elsewhere = |t: &str| {
        let encoded = crate::encode::percent_encode(t);
        signed
            .url()
            .split(['?', '&'])
            .chain(
                std::str::from_utf8(signed.body())
                    .unwrap_or_default()
                    .split('&'),
            )
            .filter(|p| !p.starts_with("SecurityToken="))
            .chain(
                signed
                    .headers()
                    .iter()
                    .filter(|(n, _)| n != "x-acs-security-token")
                    .map(|(_, v)| v.as_ref()),
            )
            .any(|p| p.contains(&encoded) || p.contains(t))
    };
    if let Some(t) = token
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
        && !elsewhere(t)
    {
        // A token made of what STS issues (Base64), in its encoded spellings.
        let once = crate::encode::percent_encode(t);
        forbidden.push(crate::encode::percent_encode(&once));
        forbidden.push(once);
        forbidden.push(t.to_owned());
    }
    forbidden.retain(|f| f.len() >= 12);
    if forbidden.is_empty() {
        return;
    }
    let wire = format!(
        "{}?{}",
        signed.url(),
        std::str::from_utf8(signed.body()).unwrap_or_default()
    );
    let body = format!(
        "{{\"Code\":\"SignatureDoesNotMatch\",\"Message\":\"server string to sign is:{}\",\"Recommend\":\"{}\"}}",
        crate::encode::percent_encode(&wire),
        wire.replace('"', "")
    );
    for bytes in [body.as_bytes(), wire.as_bytes()] {
        let decoded = decode_response(Action::DeleteInstance, 400, &[("h", "v")], bytes);
        let shown = format!(
            "{decoded:?} {:?} {:?}",
            decoded.message(),
            decoded.recommend()
        );
        for f in &forbidden {
            assert!(!shown.contains(f.as_str()), "{f} in {shown}");
        }
    }
}

/// V3 canonical requests from any query and headers.
pub fn acs3(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut halves = text.splitn(2, '\0');
    let pairs = |s: &str| -> Vec<(String, String)> {
        s.split('&')
            .map(|p| p.split_once('=').unwrap_or((p, "")))
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .collect()
    };
    let query = pairs(halves.next().unwrap_or_default());
    let headers = pairs(halves.next().unwrap_or_default());
    let request = CanonicalRequest::new(Method::Post, "/", &query, &headers, "e3b0");
    let signed = request.signed_headers();
    assert!(
        signed
            .split(';')
            .all(|h| h.is_empty() || crate::rpc::v3::is_signed_header(h))
    );
    assert_eq!(request.hashed().as_str().len(), 64);
}
