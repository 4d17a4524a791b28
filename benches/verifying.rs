//! Verification against its floor, measured in the same run: `verify/<version>/<request>/
//! {end_to_end,floor}`. The floor is the keyed hashes over the bytes a verifier must hash for
//! that request: V1, HMAC-SHA1 of its string to sign (and Base64); V3, SHA-256 of its
//! canonical request, HMAC-SHA256 of the string to sign, and SHA-256 of the (empty) body.
//!
//! V1 also has reference points, `verify/v1/<request>/{split_and_feed,feed_by_table,
//! feed_by_chunks}`: three ways of doing only what a V1 verifier must do besides hashing (split
//! the query, drop `Signature`, feed the rest encoded once more), each checked to compute the
//! request's real signature. They bound from below what any V1 verifier written this way costs.

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

/// HMAC-SHA1 keyed as V1 keys it: the secret and `&`.
fn hmac_sha1(secret: &str) -> Hmac<Sha1> {
    let mut key = secret.as_bytes().to_vec();
    key.push(b'&');
    Hmac::<Sha1>::new_from_slice(&key).expect("any key")
}

/// The signature: Base64 of the digest.
fn base64_of(mac: Hmac<Sha1>) -> [u8; 28] {
    let mut out = [0u8; 28];
    let _ = base64::engine::general_purpose::STANDARD
        .encode_slice(mac.finalize().into_bytes(), &mut out);
    out
}

/// HMAC-SHA1 of `GET&%2F&` and `query` (a canonical one, signed by a signer that sorts and
/// encodes) less its `Signature`, encoded once more, as Base64: the least a V1 verifier does
/// besides hashing, for a reference. `memchr` finds the bytes in one pass; nothing is checked,
/// decoded or kept.
fn split_and_feed(query: &str, secret: &str) -> [u8; 28] {
    struct Feed {
        buf: [u8; 512],
        len: usize,
        mac: Hmac<Sha1>,
    }
    impl Feed {
        #[inline(always)]
        fn push(&mut self, bytes: &[u8]) {
            if self.len + bytes.len() > self.buf.len() {
                self.mac.update(&self.buf[..self.len]);
                self.len = 0;
            }
            if bytes.len() > self.buf.len() {
                self.mac.update(bytes);
            } else {
                self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
                self.len += bytes.len();
            }
        }
    }
    let mut feed = Feed {
        buf: [0; 512],
        len: 0,
        mac: hmac_sha1(secret),
    };
    feed.push(b"GET&%2F&");
    let query = query.as_bytes();
    // One pass over the bytes that change: `&` starts a pair, `=` and the `%` of an escape
    // (once-encoded text encodes again to itself but for these) are escaped once more.
    let mut emitted = false;
    let mut start_pair = |feed: &mut Feed, at: usize| {
        let skip = query[at..].starts_with(b"Signature=");
        if !skip && std::mem::replace(&mut emitted, true) {
            feed.push(b"%26");
        }
        skip
    };
    let mut skip = start_pair(&mut feed, 0);
    let mut run = 0;
    for at in memchr::memchr3_iter(b'&', b'=', b'%', query) {
        if !skip {
            feed.push(&query[run..at]);
        }
        run = at + 1;
        match query[at] {
            b'&' => skip = start_pair(&mut feed, run),
            b'=' if !skip => feed.push(b"%3D"),
            b'%' if !skip => feed.push(b"%25"),
            _ => {}
        }
    }
    if !skip {
        feed.push(&query[run..]);
    }
    feed.mac.update(&feed.buf[..feed.len]);
    base64_of(feed.mac)
}

/// The signed part of a canonical query whose `Signature` comes last, as signers send it.
fn signed_part(query: &str) -> &[u8] {
    let end = query.rfind("&Signature=").unwrap_or(query.len());
    &query.as_bytes()[..end]
}

/// The string to sign's encoding of one byte of a canonical query, as four bytes to write and
/// how many of them count: `&`, `=` and `%` escaped once more, any other byte itself.
const TWICE: [([u8; 4], u8); 256] = {
    let mut table = [([0u8; 4], 1u8); 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'&' => (*b"%26\0", 3),
            b'=' => (*b"%3D\0", 3),
            b'%' => (*b"%25\0", 3),
            byte => ([byte, 0, 0, 0], 1),
        };
        b += 1;
    }
    table
};

/// What [`split_and_feed`] computes, another way: every byte writes four through [`TWICE`]
/// and the position moves on by the one or three that count, so no byte takes a branch.
fn feed_by_table(query: &str, secret: &str) -> [u8; 28] {
    const FLUSH: usize = 1024;
    const STEP: usize = 256;
    // Below FLUSH before a step; a step writes at most 3 * STEP bytes, and its four-byte moves
    // reach at most 3 bytes past them.
    let mut buf = [0u8; FLUSH + 3 * STEP + 4];
    let mut mac = hmac_sha1(secret);
    buf[..8].copy_from_slice(b"GET&%2F&");
    let mut len = 8;
    for step in signed_part(query).chunks(STEP) {
        for &byte in step {
            let (bytes, width) = TWICE[usize::from(byte)];
            buf[len..len + 4].copy_from_slice(&bytes);
            len += usize::from(width);
        }
        if len >= FLUSH {
            mac.update(&buf[..len]);
            len = 0;
        }
    }
    mac.update(&buf[..len]);
    base64_of(mac)
}

/// What [`split_and_feed`] computes, a third way: the bytes to escape found sixteen at a time
/// (a loop the compiler turns into vector compares), and the run before each copied with
/// fixed-size moves of sixteen bytes, the last of which may write past the run (the next
/// write covers it).
fn feed_by_chunks(query: &str, secret: &str) -> [u8; 28] {
    const FLUSH: usize = 1024;
    let signed = signed_part(query);
    // Sixteen bytes from `at`, zeros past the end.
    let load = |at: usize| -> [u8; 16] {
        match signed.get(at..at + 16) {
            Some(bytes) => bytes.try_into().expect("sixteen bytes"),
            None => {
                let mut tail = [0u8; 16];
                let rest = signed.get(at..).unwrap_or_default();
                tail[..rest.len()].copy_from_slice(rest);
                tail
            }
        }
    };
    let mut buf = [0u8; FLUSH + 64];
    let mut mac = hmac_sha1(secret);
    buf[..8].copy_from_slice(b"GET&%2F&");
    let mut len = 8;
    let mut run = 0;
    let mut base = 0;
    while base < signed.len() {
        let mut flags = [0u8; 16];
        for (flag, byte) in flags.iter_mut().zip(load(base)) {
            *flag = u8::from(matches!(byte, b'&' | b'=' | b'%')) << 7;
        }
        let mut word = u128::from_le_bytes(flags);
        while word != 0 {
            let at = base + (word.trailing_zeros() / 8) as usize;
            word &= word - 1;
            while run < at {
                let n = (at - run).min(16);
                buf[len..len + 16].copy_from_slice(&load(run));
                (len, run) = (len + n, run + n);
                if len >= FLUSH {
                    mac.update(&buf[..len]);
                    len = 0;
                }
            }
            buf[len..len + 4].copy_from_slice(&TWICE[usize::from(signed[at])].0);
            (len, run) = (len + 3, at + 1);
            if len >= FLUSH {
                mac.update(&buf[..len]);
                len = 0;
            }
        }
        base += 16;
    }
    mac.update(&buf[..len]);
    mac.update(&signed[run..]);
    base64_of(mac)
}

fn bench(c: &mut Criterion, name: &str, request: &impl Operation) {
    let credentials = Credentials::new("LTAI5tExampleKeyId", SECRET);
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
    let query = signed.url().split_once('?').map_or("", |(_, q)| q);
    let expected = v1::Signature::v1(SECRET, &sts);
    for feed in [split_and_feed, feed_by_table, feed_by_chunks] {
        assert_eq!(
            std::str::from_utf8(&feed(query, SECRET)),
            Ok(expected.as_str())
        );
    }
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
    group.bench_function("split_and_feed", |b| {
        b.iter(|| split_and_feed(black_box(query), black_box(SECRET)))
    });
    group.bench_function("feed_by_table", |b| {
        b.iter(|| feed_by_table(black_box(query), black_box(SECRET)))
    });
    group.bench_function("feed_by_chunks", |b| {
        b.iter(|| feed_by_chunks(black_box(query), black_box(SECRET)))
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
