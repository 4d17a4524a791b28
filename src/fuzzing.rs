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
use crate::rpc::acs3::CanonicalRequest;
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
            .all(|h| h.is_empty() || crate::rpc::acs3::is_signed_header(h))
    );
    assert_eq!(request.hashed().as_str().len(), 64);
}
