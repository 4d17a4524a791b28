//! Verification against its floor, measured in the same run: `verify/<version>/<request>/
//! {end_to_end,floor}`. The floor is the keyed hashes over the bytes a verifier must hash for
//! that request: V1, HMAC-SHA1 of its string to sign (and Base64); V3, SHA-256 of its
//! canonical request, HMAC-SHA256 of the string to sign, and SHA-256 of the (empty) body.
//!
//! (Three reference points measured what a V1 verifier must do besides hashing, split the query
//! and feed it encoded once more, three ways; they were finished experiments and are gone:
//! BENCHMARKS.md, "Feeding the V1 hash, alone, three ways", has what they found.)

use std::hint::black_box;

use aliyun_ecs_delete::request::{DeleteInstance, DeleteInstances, Operation, ReleaseMode};
use aliyun_ecs_delete::rpc::Method;
use aliyun_ecs_delete::rpc::{v1, v3};
use aliyun_ecs_delete::verify::Verifier;
use aliyun_ecs_delete::{Credentials, Nonce, SignatureVersion, Signer, Timestamp, Transport};
use base64::Engine as _;
use criterion::{Criterion, criterion_group, criterion_main};
use hmac::{Hmac, KeyInit as _, Mac as _};
use sha1::Sha1;
use sha2::{Digest as _, Sha256};

const SECRET: &str = "ExampleSecret0123456789abcdefgh";

fn hex(digest: &[u8], out: &mut [u8; 64]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for (pair, byte) in out.chunks_exact_mut(2).zip(digest) {
        pair[0] = HEX[usize::from(byte >> 4)];
        pair[1] = HEX[usize::from(byte & 0xF)];
    }
}

fn bench(c: &mut Criterion, name: &str, request: &impl Operation) {
    let credentials = Credentials::new("LTAI5tExampleKeyId", SECRET).unwrap();
    let ts = Timestamp::parse("2026-11-23T08:30:00Z").expect("timestamp");
    let nonce = Nonce::new("6a1f0c8e-3b2d-4c5e-9f70-1a2b3c4d5e6f").expect("nonce");
    let now = Timestamp::parse("2026-11-23T08:31:00Z").expect("timestamp");

    // V1, GET.
    let signed = Signer::new()
        .transport(Transport::Get)
        .sign(request, &credentials, &ts, &nonce);
    let headers: Vec<_> = signed.headers().collect();
    let verifier = Verifier::new();
    assert!(
        verifier
            .verify(
                Method::Get,
                signed.url(),
                &headers,
                None,
                SECRET,
                Some(&now)
            )
            .is_ok()
    );
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
    let sts = v1::StringToSign::new(Method::Get, &v1::CanonicalQuery::new(params));
    let mut group = c.benchmark_group(format!("verify/v1/{name}"));
    group.bench_function("end_to_end", |b| {
        b.iter(|| {
            verifier.verify(
                Method::Get,
                black_box(signed.url()),
                black_box(&headers[..]),
                None,
                black_box(SECRET),
                Some(&now),
            )
        })
    });
    group.bench_function("floor", |b| {
        b.iter(|| {
            let mut key = SECRET.as_bytes().to_vec();
            key.push(b'&');
            let mut mac = Hmac::<Sha1>::new_from_slice(black_box(&key)).expect("any key");
            mac.update(black_box(sts.as_str().as_bytes()));
            let mut out = [0u8; 28];
            let _ = base64::engine::general_purpose::STANDARD
                .encode_slice(mac.finalize().into_bytes(), &mut out);
            out
        })
    });
    group.finish();

    // V3, POST with the parameters in the query.
    let signed = Signer::new().signature_version(SignatureVersion::V3).sign(
        request,
        &credentials,
        &ts,
        &nonce,
    );
    let headers: Vec<_> = signed.headers().collect();
    assert!(
        verifier
            .verify(
                Method::Post,
                signed.url(),
                &headers,
                None,
                SECRET,
                Some(&now)
            )
            .is_ok()
    );
    let sent: Vec<(&str, &str)> = signed
        .headers()
        .filter(|(n, _)| *n != "authorization")
        .collect();
    let canonical = v3::CanonicalRequest::new(
        Method::Post,
        "/",
        &request.params(),
        &sent,
        v3::EMPTY_BODY_SHA256,
    );
    let mut group = c.benchmark_group(format!("verify/v3/{name}"));
    group.bench_function("end_to_end", |b| {
        b.iter(|| {
            verifier.verify(
                Method::Post,
                black_box(signed.url()),
                black_box(&headers[..]),
                None,
                black_box(SECRET),
                Some(&now),
            )
        })
    });
    group.bench_function("floor", |b| {
        b.iter(|| {
            let body = Sha256::digest(black_box(b""));
            let mut hashed = [0u8; 64];
            hex(
                &Sha256::digest(black_box(canonical.as_str().as_bytes())),
                &mut hashed,
            );
            let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).expect("any key");
            mac.update(b"ACS3-HMAC-SHA256\n");
            mac.update(&hashed);
            let mut signature = [0u8; 64];
            hex(&mac.finalize().into_bytes(), &mut signature);
            (body, signature)
        })
    });
    group.finish();
}

fn verifying(c: &mut Criterion) {
    let one = DeleteInstance::builder("i-bp1g6zv0ce8oghu7k2zz")
        .region_id("cn-hangzhou")
        .release_mode(ReleaseMode::Force)
        .build()
        .expect("valid");
    bench(c, "delete_instance", &one);
    let ids: Vec<String> = (1..=100)
        .map(|n| format!("i-bp1g6zv0ce8oghu7k{n:03}z"))
        .collect();
    let hundred = DeleteInstances::builder("cn-hangzhou")
        .instance_ids(&ids)
        .build()
        .expect("valid");
    bench(c, "delete_instances_100", &hundred);
}

criterion_group!(benches, verifying);
criterion_main!(benches);
