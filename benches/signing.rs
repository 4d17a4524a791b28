//! The signing hot paths against their floors, measured in the same run:
//! - V1, `sign/<request>/{end_to_end,hmac_only}`: the floor is HMAC-SHA1 and Base64 of the same
//!   string to sign;
//! - V3, `sign_v3/<request>/{end_to_end,floor}`: the floor is SHA-256 of that request's
//!   canonical request, then HMAC-SHA256 of its string to sign, each as hex;
//! - `sign_v3_sm3/<request>/{end_to_end,floor}`: the same with SM3 and HMAC-SM3;
//! - `sign_v3_rsa/<request>/{end_to_end,floor}`: the floor is SHA-256 of the canonical request,
//!   then ring's RSASSA-PKCS1-v1_5 SHA-256 signature of the string to sign, as hex;
//!
//! then the V1 stages.

use std::hint::black_box;

use aliyun_ecs_delete::encode::encode_into;
use aliyun_ecs_delete::keys::RsaPrivateKey;
use aliyun_ecs_delete::request::{DeleteInstance, DeleteInstances, Operation, ReleaseMode};
use aliyun_ecs_delete::rpc::Method;
use aliyun_ecs_delete::rpc::v1::{CanonicalQuery, Signature, StringToSign};
use aliyun_ecs_delete::rpc::v3;
use aliyun_ecs_delete::{
    Algorithm, Credentials, Format, Nonce, SignatureVersion, Signer, Timestamp, Transport,
};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hmac::Hmac;
use ring::signature::RsaKeyPair;
use sha2::{Digest as _, Sha256};
use sm3::Sm3;

/// The test key of the conformance generators, PEM (PKCS#1) and DER for ring.
const RSA_PEM: &str = include_str!("../conformance/generators/keys/rsa-a.pem");

const SECRET: &str = "ExampleSecret0123456789abcdefgh";

/// The string to sign the signer produces for `request`, rebuilt from the public stages.
fn string_to_sign(request: &impl Operation, ts: &Timestamp, nonce: &Nonce) -> StringToSign {
    let mut params = request.params();
    params.extend([
        ("Action", request.action().as_str()),
        ("Version", "2014-05-26"),
        ("Format", "JSON"),
        ("AccessKeyId", "LTAI5tExampleKeyId"),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", nonce.as_str()),
        ("Timestamp", ts.as_str()),
    ]);
    StringToSign::new(Method::Get, &CanonicalQuery::new(params))
}

fn bench_request(c: &mut Criterion, name: &str, request: &impl Operation) {
    let credentials = Credentials::new("LTAI5tExampleKeyId", SECRET).unwrap();
    let ts = Timestamp::parse("2026-11-23T08:30:00Z").expect("timestamp");
    let nonce = Nonce::new("6a1f0c8e-3b2d-4c5e-9f70-1a2b3c4d5e6f").expect("nonce");
    let signer = Signer::new().transport(Transport::Get).format(Format::Json);
    let sts = string_to_sign(request, &ts, &nonce);
    // The benches measure the same work: the signature in the URL is the one over `sts`.
    let signed = signer.sign(request, &credentials, &ts, &nonce);
    let mut encoded = String::new();
    encode_into(&mut encoded, Signature::v1(SECRET, &sts).as_str());
    assert!(signed.url().ends_with(&format!("&Signature={encoded}")));

    let mut group = c.benchmark_group(format!("sign/{name}"));
    group.bench_function("end_to_end", |b| {
        b.iter(|| {
            signer.sign(
                black_box(request),
                black_box(&credentials),
                black_box(&ts),
                black_box(&nonce),
            )
        })
    });
    group.bench_function("hmac_only", |b| {
        b.iter(|| Signature::v1(black_box(SECRET), black_box(&sts)))
    });
    group.finish();
}

/// Lowercase hex of a digest, into a stack buffer.
fn hex<'a>(digest: &[u8], out: &'a mut [u8; 64]) -> &'a [u8] {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for (pair, byte) in out.chunks_exact_mut(2).zip(digest) {
        pair[0] = HEX[usize::from(byte >> 4)];
        pair[1] = HEX[usize::from(byte & 0xF)];
    }
    &out[..]
}

/// The V3 floors: the hashes and the signature over the bytes a V3 signature must hash, as
/// hex, with the primitives alone.
enum Floor {
    Sha256,
    Sm3,
    Rsa(Box<RsaKeyPair>, ring::rand::SystemRandom),
}

impl Floor {
    fn new(algorithm: Algorithm) -> Floor {
        match algorithm {
            Algorithm::HmacSm3 => Floor::Sm3,
            Algorithm::RsaSha256 => {
                use base64::Engine as _;
                let body: String = RSA_PEM
                    .lines()
                    .filter(|l| !l.starts_with("-----"))
                    .collect();
                let der = base64::engine::general_purpose::STANDARD
                    .decode(body)
                    .expect("Base64");
                let pair = RsaKeyPair::from_der(&der).expect("the test key");
                Floor::Rsa(Box::new(pair), ring::rand::SystemRandom::new())
            }
            _ => Floor::Sha256,
        }
    }

    fn sign(&self, canonical_request: &[u8], secret: &[u8]) -> Vec<u8> {
        fn hmac<M: hmac::Mac + hmac::KeyInit>(
            secret: &[u8],
            name: &[u8],
            hashed: &[u8],
        ) -> Vec<u8> {
            let mut mac = <M as hmac::KeyInit>::new_from_slice(secret).expect("any key length");
            mac.update(name);
            mac.update(hashed);
            let mut signature = [0u8; 64];
            hex(&mac.finalize().into_bytes(), &mut signature).to_vec()
        }
        let mut hashed = [0u8; 64];
        match self {
            Floor::Sha256 => {
                hex(&Sha256::digest(canonical_request), &mut hashed);
                hmac::<Hmac<Sha256>>(secret, b"ACS3-HMAC-SHA256\n", &hashed)
            }
            Floor::Sm3 => {
                hex(&Sm3::digest(canonical_request), &mut hashed);
                hmac::<Hmac<Sm3>>(secret, b"ACS3-HMAC-SM3\n", &hashed)
            }
            Floor::Rsa(pair, rng) => {
                hex(&Sha256::digest(canonical_request), &mut hashed);
                let mut sts = Vec::with_capacity(80);
                sts.extend_from_slice(b"ACS3-RSA-SHA256\n");
                sts.extend_from_slice(&hashed);
                let mut signature = vec![0; pair.public().modulus_len()];
                pair.sign(
                    &ring::signature::RSA_PKCS1_SHA256,
                    rng,
                    &sts,
                    &mut signature,
                )
                .expect("signs");
                signature
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>()
                    .into_bytes()
            }
        }
    }
}

fn bench_request_v3(c: &mut Criterion, name: &str, request: &impl Operation, algorithm: Algorithm) {
    let credentials = match algorithm {
        Algorithm::RsaSha256 => Credentials::rsa(
            "LTAI5tExampleKeyId",
            RsaPrivateKey::from_pem(RSA_PEM).expect("the test key"),
        )
        .unwrap(),
        _ => Credentials::new("LTAI5tExampleKeyId", SECRET).unwrap(),
    };
    let ts = Timestamp::parse("2026-11-23T08:30:00Z").expect("timestamp");
    let nonce = Nonce::new("6a1f0c8e-3b2d-4c5e-9f70-1a2b3c4d5e6f").expect("nonce");
    let signer = Signer::new()
        .signature_version(SignatureVersion::V3)
        .algorithm(algorithm);
    let signed = signer.sign(request, &credentials, &ts, &nonce);
    // The canonical request, from the staged types over what was sent.
    let sent: Vec<(&str, &str)> = signed
        .headers()
        .filter(|(n, _)| *n != "authorization")
        .collect();
    let canonical = v3::CanonicalRequest::new(
        Method::Post,
        "/",
        &request.params(),
        &sent,
        algorithm.empty_body_hash(),
    );
    let floor = Floor::new(algorithm);
    // The benches measure the same work: the floor's signature is the one sent.
    let authorization = signed.header("authorization").expect("V3");
    let signature = floor.sign(canonical.as_str().as_bytes(), SECRET.as_bytes());
    assert!(authorization.ends_with(std::str::from_utf8(&signature).expect("hex")));

    let group_name = match algorithm {
        Algorithm::HmacSm3 => format!("sign_v3_sm3/{name}"),
        Algorithm::RsaSha256 => format!("sign_v3_rsa/{name}"),
        _ => format!("sign_v3/{name}"),
    };
    let mut group = c.benchmark_group(group_name);
    group.bench_function("end_to_end", |b| {
        b.iter(|| {
            signer.sign(
                black_box(request),
                black_box(&credentials),
                black_box(&ts),
                black_box(&nonce),
            )
        })
    });
    group.bench_function("floor", |b| {
        b.iter(|| {
            floor.sign(
                black_box(canonical.as_str().as_bytes()),
                black_box(SECRET.as_bytes()),
            )
        })
    });
    group.finish();
}

fn signing(c: &mut Criterion) {
    let one = DeleteInstance::builder("i-bp1g6zv0ce8oghu7k2zz")
        .region_id("cn-hangzhou")
        .release_mode(ReleaseMode::Force)
        .build()
        .expect("valid");
    bench_request(c, "delete_instance", &one);
    for algorithm in [
        Algorithm::HmacSha256,
        Algorithm::HmacSm3,
        Algorithm::RsaSha256,
    ] {
        bench_request_v3(c, "delete_instance", &one, algorithm);
    }
    let ids: Vec<String> = (1..=100)
        .map(|n| format!("i-bp1g6zv0ce8oghu7k{n:03}z"))
        .collect();
    let hundred = DeleteInstances::builder("cn-hangzhou")
        .instance_ids(&ids)
        .build()
        .expect("valid");
    bench_request(c, "delete_instances_100", &hundred);
    for algorithm in [
        Algorithm::HmacSha256,
        Algorithm::HmacSm3,
        Algorithm::RsaSha256,
    ] {
        bench_request_v3(c, "delete_instances_100", &hundred, algorithm);
    }

    // The stages, over the 100-id request's parameters.
    let params: Vec<(&str, &str)> = hundred.params();
    let query = CanonicalQuery::new(params.iter().copied());
    let mut group = c.benchmark_group("stage");
    group.throughput(Throughput::Bytes(query.as_str().len() as u64));
    group.bench_function("encode/canonical_query_100", |b| {
        let mut out = String::with_capacity(3 * query.as_str().len());
        b.iter(|| {
            out.clear();
            encode_into(&mut out, black_box(query.as_str()));
        })
    });
    group.bench_function("canonical_query/delete_instances_100", |b| {
        b.iter(|| CanonicalQuery::new(black_box(&params).iter().copied()))
    });
    group.bench_function("string_to_sign/delete_instances_100", |b| {
        b.iter(|| StringToSign::new(Method::Get, black_box(&query)))
    });
    group.finish();
}

criterion_group!(benches, signing);
criterion_main!(benches);
