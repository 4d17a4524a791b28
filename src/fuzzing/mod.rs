//! Fuzz target bodies. Each cargo-fuzz target is one line calling [`run`]; the replay test
//! calls the same functions on the committed seeds and past crashes under plain `cargo test`,
//! on the stable toolchain. Besides not panicking, every target checks an invariant.

mod service;
mod sign;

pub use service::service;
pub use sign::sign_verify;

use crate::Timestamp;
use crate::encode::{is_unreserved, percent_encode};
use crate::request::{Action, Operation, decode};
use crate::response::{Response, ResponseDecoder, decode_response};
use crate::rpc::Method;
use crate::rpc::v3::CanonicalRequest;
use crate::verify::Verifier;

/// Every target, by the name of its folder under `fuzz/seeds/`.
pub const TARGETS: [&str; 8] = [
    "response",
    "request_params",
    "verify",
    "percent_roundtrip",
    "sign_verify",
    "acs3",
    "service",
    "rsa_keys",
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
        "service" => service(data),
        "rsa_keys" => rsa_keys(data),
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
    // The text as a V1 request (no headers), then with its headers (V3 when they hold an
    // `Authorization`).
    let no_headers: [(&str, &str); 0] = [];
    for headers in [&no_headers[..], &headers] {
        let body = body.map(str::as_bytes);
        if let Err(e) = verifier.verify(method, url, headers, body, "secret", now.as_ref()) {
            let _ = (e.code(), e.parameter(), e.to_string());
        }
    }
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
    let mut out = crate::verify::Params::default();
    let mut lints = Vec::new();
    crate::verify::decode_form(
        &format!("k={encoded}"),
        &mut out,
        &mut lints,
        &mut |_, _| {},
    )
    .expect("our encoding decodes");
    assert_eq!(out.iter().collect::<Vec<_>>(), [("k", input.as_ref())]);
    assert!(lints.is_empty(), "our encoding is canonical: {lints:?}");
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

/// RSA keys from any text, and from any DER behind each PEM label: a key either reads or is a
/// `KeyError` whose message quotes nothing of it; a public key that reads verifies no
/// signature of the fuzzer's making but refuses it.
pub fn rsa_keys(data: &[u8]) {
    use crate::keys::{RsaPrivateKey, RsaPublicKey};
    use base64::Engine as _;
    let check = |error: &crate::keys::KeyError| {
        let shown = error.to_string();
        assert!(shown.len() < 200, "an error of {} bytes", shown.len());
    };
    if let Ok(text) = std::str::from_utf8(data) {
        if let Err(e) = RsaPrivateKey::from_pem(text) {
            check(&e);
        }
        if let Err(e) = RsaPublicKey::from_pem(text) {
            check(&e);
        }
    }
    let body = base64::engine::general_purpose::STANDARD.encode(data);
    for label in [
        "PUBLIC KEY",
        "RSA PUBLIC KEY",
        "PRIVATE KEY",
        "RSA PRIVATE KEY",
    ] {
        let pem = format!("-----BEGIN {label}-----\n{body}\n-----END {label}-----\n");
        if label.ends_with("PUBLIC KEY") {
            match RsaPublicKey::from_pem(&pem) {
                Ok(key) => assert!(!key.verify("ACS3-RSA-SHA256\n00", data)),
                Err(e) => check(&e),
            }
        } else if let Err(e) = RsaPrivateKey::from_pem(&pem) {
            check(&e);
        }
    }
}
