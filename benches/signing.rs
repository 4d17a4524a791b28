//! The signing hot path against its floor: HMAC-SHA1 and Base64 of the same string to sign.
//! Ids: `sign/<request>/end_to_end` and `sign/<request>/hmac_only`, then the stages.

use std::hint::black_box;

use aliyun_ecs_delete::encode::encode_into;
use aliyun_ecs_delete::request::{DeleteInstance, DeleteInstances, Operation, ReleaseMode};
use aliyun_ecs_delete::rpc::Method;
use aliyun_ecs_delete::rpc::v1::{CanonicalQuery, Signature, StringToSign};
use aliyun_ecs_delete::{Credentials, Format, Nonce, Signer, Timestamp, Transport};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

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
    let credentials = Credentials::new("LTAI5tExampleKeyId", SECRET);
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

fn signing(c: &mut Criterion) {
    let one = DeleteInstance::builder("i-bp1g6zv0ce8oghu7k2zz")
        .region_id("cn-hangzhou")
        .release_mode(ReleaseMode::Force)
        .build()
        .expect("valid");
    bench_request(c, "delete_instance", &one);
    let ids: Vec<String> = (1..=100)
        .map(|n| format!("i-bp1g6zv0ce8oghu7k{n:03}z"))
        .collect();
    let hundred = DeleteInstances::builder("cn-hangzhou")
        .instance_ids(&ids)
        .build()
        .expect("valid");
    bench_request(c, "delete_instances_100", &hundred);

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
