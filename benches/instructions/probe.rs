//! What `benches/instructions.sh` counts: one bench group's operation (`end_to_end`) or its floor
//! (the keyed hashes over the same bytes), `n` times, with the requests, keys and inputs of
//! `benches/signing.rs` and `benches/verifying.rs`. Run under callgrind at `n` and `2n`, the
//! difference is the instructions of `n` operations, whatever the set-up costs.
//!
//!     probe GROUP end_to_end|floor N
//!
//! GROUP is one of `sign/…`, `sign_v3/…`, `verify/v1/…`, `verify/v3/…`, each with
//! `delete_instance` or `delete_instances_100`. The script copies this file into the base's tree
//! as an example; a base older than the two-step verifier (issue 23) is built with
//! `--cfg probe_before_one_core`, which selects the few calls whose shape changed.

use std::hint::black_box;

use aliyun_ecs_delete::request::{DeleteInstance, DeleteInstances, Operation, ReleaseMode};
use aliyun_ecs_delete::rpc::Method;
use aliyun_ecs_delete::rpc::{v1, v3};
use aliyun_ecs_delete::verify::Verifier;
use aliyun_ecs_delete::{Credentials, Format, Nonce, SignatureVersion, Signer, Timestamp};
use aliyun_ecs_delete::{SignedRequest, Transport};
use base64::Engine as _;
use hmac::{Hmac, KeyInit as _, Mac as _};
use sha1::Sha1;
use sha2::{Digest as _, Sha256};

const SECRET: &str = "ExampleSecret0123456789abcdefgh";

/// The calls as they are since the two-step verifier.
#[cfg(not(probe_before_one_core))]
mod api {
    use super::*;

    pub(super) fn headers(signed: &SignedRequest) -> Vec<(String, String)> {
        signed
            .headers()
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect()
    }

    pub(super) fn verify(
        verifier: &Verifier,
        method: Method,
        url: &str,
        headers: &[(String, String)],
        now: &Timestamp,
    ) -> bool {
        verifier
            .verify(method, url, headers, None, SECRET, Some(now))
            .is_ok()
    }
}

/// The calls as they were before it (`f5af247`): V1 verified without headers, V3 through
/// `verify_v3`, headers of the signer's own type.
#[cfg(probe_before_one_core)]
mod api {
    use super::*;

    pub(super) fn headers(signed: &SignedRequest) -> Vec<(String, String)> {
        signed
            .headers()
            .iter()
            .map(|(n, v)| (n.to_string(), v.as_str().to_owned()))
            .collect()
    }

    pub(super) fn verify(
        verifier: &Verifier,
        method: Method,
        url: &str,
        headers: &[(String, String)],
        now: &Timestamp,
    ) -> bool {
        if headers.iter().any(|(n, _)| n == "authorization") {
            let headers: Vec<_> = headers
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect();
            verifier
                .verify_v3(method, url, &headers, b"", SECRET, Some(now))
                .is_ok()
        } else {
            verifier
                .verify(method, url, None, SECRET, Some(now))
                .is_ok()
        }
    }
}

/// Credentials from `Credentials::new`, whether it returns them (before `36ba982`) or a
/// `Result` of them.
trait Made {
    fn made(self) -> Credentials;
}

impl Made for Credentials {
    fn made(self) -> Credentials {
        self
    }
}

impl<E: std::fmt::Debug> Made for Result<Credentials, E> {
    fn made(self) -> Credentials {
        self.expect("valid")
    }
}

fn hex(digest: &[u8], out: &mut [u8; 64]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for (pair, byte) in out.chunks_exact_mut(2).zip(digest) {
        pair[0] = HEX[usize::from(byte >> 4)];
        pair[1] = HEX[usize::from(byte & 0xF)];
    }
}

/// HMAC-SHA1 of V1's string to sign, as Base64: the V1 floor.
fn v1_floor(string_to_sign: &[u8]) -> [u8; 28] {
    let mut key = SECRET.as_bytes().to_vec();
    key.push(b'&');
    let mut mac = Hmac::<Sha1>::new_from_slice(black_box(&key)).expect("any key");
    mac.update(black_box(string_to_sign));
    let mut out = [0u8; 28];
    let _ = base64::engine::general_purpose::STANDARD
        .encode_slice(mac.finalize().into_bytes(), &mut out);
    out
}

/// SHA-256 of the canonical request, HMAC-SHA256 of the string to sign, as hex, and for a
/// verifier (`body`) SHA-256 of the empty body: the V3 floors of the two benches.
fn v3_floor(canonical: &[u8], body: bool) -> ([u8; 64], [u8; 64]) {
    let mut body_hash = [0u8; 64];
    if body {
        hex(&Sha256::digest(black_box(b"")), &mut body_hash);
    }
    let mut hashed = [0u8; 64];
    hex(&Sha256::digest(black_box(canonical)), &mut hashed);
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).expect("any key");
    mac.update(b"ACS3-HMAC-SHA256\n");
    mac.update(&hashed);
    let mut signature = [0u8; 64];
    hex(&mac.finalize().into_bytes(), &mut signature);
    (body_hash, signature)
}

fn run(group: &str, which: &str, n: usize, request: &impl Operation) {
    let credentials = Credentials::new("LTAI5tExampleKeyId", SECRET).made();
    let ts = Timestamp::parse("2026-11-23T08:30:00Z").expect("timestamp");
    let nonce = Nonce::new("6a1f0c8e-3b2d-4c5e-9f70-1a2b3c4d5e6f").expect("nonce");
    let now = Timestamp::parse("2026-11-23T08:31:00Z").expect("timestamp");
    let v3 = group.starts_with("sign_v3/") || group.starts_with("verify/v3/");
    let signer = if v3 {
        Signer::new().signature_version(SignatureVersion::V3)
    } else {
        Signer::new().transport(Transport::Get).format(Format::Json)
    };
    let method = if v3 { Method::Post } else { Method::Get };
    let signed = signer.sign(request, &credentials, &ts, &nonce);
    let headers = api::headers(&signed);
    let verifier = Verifier::new();
    assert!(api::verify(&verifier, method, signed.url(), &headers, &now));

    let mut params = request.params();
    params.extend([
        ("AccessKeyId", "LTAI5tExampleKeyId"),
        ("Action", request.action().as_str()),
        ("Format", "JSON"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureNonce", nonce.as_str()),
        ("SignatureVersion", "1.0"),
        ("Timestamp", ts.as_str()),
        ("Version", "2014-05-26"),
    ]);
    let string_to_sign = v1::StringToSign::new(Method::Get, &v1::CanonicalQuery::new(params));
    let sent: Vec<(&str, &str)> = headers
        .iter()
        .filter(|(n, _)| n != "authorization")
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let canonical = v3::CanonicalRequest::new(
        Method::Post,
        "/",
        &request.params(),
        &sent,
        v3::EMPTY_BODY_SHA256,
    );
    let sign = group.starts_with("sign");
    for _ in 0..n {
        match (which, sign, v3) {
            ("end_to_end", true, _) => {
                black_box(signer.sign(
                    black_box(request),
                    black_box(&credentials),
                    black_box(&ts),
                    black_box(&nonce),
                ));
            }
            ("end_to_end", false, _) => {
                black_box(api::verify(
                    &verifier,
                    method,
                    black_box(signed.url()),
                    black_box(&headers),
                    &now,
                ));
            }
            ("floor", _, false) => {
                black_box(v1_floor(string_to_sign.as_str().as_bytes()));
            }
            ("floor", _, true) => {
                black_box(v3_floor(canonical.as_str().as_bytes(), !sign));
            }
            _ => panic!("usage: probe GROUP end_to_end|floor N"),
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [group, which, n] = &args[..] else {
        panic!("usage: probe GROUP end_to_end|floor N");
    };
    let n: usize = n.parse().expect("N is a count");
    if group.ends_with("/delete_instance") {
        let one = DeleteInstance::builder("i-bp1g6zv0ce8oghu7k2zz")
            .region_id("cn-hangzhou")
            .release_mode(ReleaseMode::Force)
            .build()
            .expect("valid");
        run(group, which, n, &one);
    } else if group.ends_with("/delete_instances_100") {
        let ids: Vec<String> = (1..=100)
            .map(|n| format!("i-bp1g6zv0ce8oghu7k{n:03}z"))
            .collect();
        let hundred = DeleteInstances::builder("cn-hangzhou")
            .instance_ids(&ids)
            .build()
            .expect("valid");
        run(group, which, n, &hundred);
    } else {
        panic!("unknown group {group}");
    }
}
