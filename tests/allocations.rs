//! Signing makes at most 3 heap allocations, V1 and V3, in every transport, for one id and for
//! 100 (the targets of issues 8 and 14), counted by a global allocator in this test binary
//! alone; no timing is involved.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use aliyun_ecs_delete::request::{DeleteInstance, DeleteInstances, ReleaseMode, Request};
use aliyun_ecs_delete::verify::Verifier;
use aliyun_ecs_delete::{
    Credentials, Nonce, Operation, SignatureVersion, Signer, Timestamp, Transport,
};

struct Counting;

thread_local! {
    // Per thread, so that the test harness's own threads never count (const: no allocation on
    // first use, which an allocator could not afford).
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count_one() {
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

// The library forbids unsafe code; a global allocator must implement an unsafe trait. This test
// binary is not the library, and it only forwards every call to the system allocator.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_of<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let before = ALLOCATIONS.with(Cell::get);
    let out = f();
    (ALLOCATIONS.with(Cell::get) - before, out)
}

// Counted on this test's thread alone, so nothing else the binary does can add to it.
#[test]
fn signing_allocates_once_with_v1_and_three_times_with_v3() {
    let credentials =
        Credentials::new("LTAI5tExampleKeyId", "ExampleSecret0123456789abcdefgh").unwrap();
    let ts = Timestamp::parse("2026-11-23T08:30:00Z").unwrap();
    let nonce = Nonce::new("6a1f0c8e-3b2d-4c5e-9f70-1a2b3c4d5e6f").unwrap();
    let one = DeleteInstance::builder("i-bp1g6zv0ce8oghu7k2zz")
        .region_id("cn-hangzhou")
        .release_mode(ReleaseMode::Force)
        .build()
        .unwrap();
    let mut report = Vec::new();
    // An STS token of the length real ones have, every byte of it needing an escape: the
    // query's length bound must hold for it too, or the buffer grows while it is written (one
    // allocation more than without a token); likewise a long key id or nonce that needs escapes.
    let sts = Credentials::new("STS.NUk8Z5vQ2oJ4fA9bYx", "ExampleSecret0123456789abcdefgh")
        .unwrap()
        .with_security_token("+/=".repeat(300))
        .unwrap();
    let long_key_id = Credentials::new("!".repeat(100), "ExampleSecret0123456789abcdefgh").unwrap();
    let escaped = Nonce::new("!".repeat(128)).unwrap();
    for transport in [Transport::Get, Transport::PostQuery, Transport::PostForm] {
        let signer = Signer::new().transport(transport);
        let (count, signed) = allocations_of(|| signer.sign(&one, &credentials, &ts, &nonce));
        assert!(!signed.url().is_empty());
        report.push((format!("DeleteInstance V1 {transport:?}"), count));
        let (with_token, signed) = allocations_of(|| signer.sign(&one, &sts, &ts, &nonce));
        let sent = String::from_utf8([signed.url().as_bytes(), signed.body()].concat());
        assert!(sent.unwrap().contains("SecurityToken=%2B%2F%3D%2B"));
        assert_eq!(
            with_token, count,
            "V1 {transport:?}: the buffer grew for a long token"
        );
        let (with_key_id, _) = allocations_of(|| signer.sign(&one, &long_key_id, &ts, &nonce));
        assert_eq!(
            with_key_id, count,
            "V1 {transport:?}: the buffer grew for a long key id"
        );
        let (with_nonce, _) = allocations_of(|| signer.sign(&one, &credentials, &ts, &escaped));
        assert_eq!(
            with_nonce, count,
            "V1 {transport:?}: the buffer grew for a long nonce"
        );
    }
    let ids: Vec<String> = (1..=100)
        .map(|n| format!("i-bp1g6zv0ce8oghu7k{n:03}z"))
        .collect();
    let hundred = DeleteInstances::builder("cn-hangzhou")
        .instance_ids(&ids)
        .build()
        .unwrap();
    let (count, _) = allocations_of(|| Signer::new().sign(&hundred, &credentials, &ts, &nonce));
    report.push(("DeleteInstances(100) V1 PostQuery".into(), count));
    // The parameter list is sized once, for a typed request and a decoded one alike, with
    // every kind of parameter: the ids, the region, the token and the shared options.
    let full = DeleteInstances::builder("cn-hangzhou")
        .instance_ids(&ids)
        .client_token("t-1")
        .release_mode(ReleaseMode::Force)
        .dry_run(true)
        .build()
        .unwrap();
    for (request, len) in [(&hundred, 101), (&full, 104)] {
        let decoded = Request::DeleteInstances(request.clone());
        let (typed, list) = allocations_of(|| request.params());
        assert_eq!((typed, list.len()), (1, len), "DeleteInstances::params");
        let (as_decoded, list) = allocations_of(|| decoded.params());
        assert_eq!((as_decoded, list.len()), (1, len), "Request::params");
    }
    // The same for DeleteInstance: bare, and with the region, every option and every owner.
    let bare = DeleteInstance::builder("i-a").build().unwrap();
    let every = DeleteInstance::builder("i-a")
        .region_id("cn-hangzhou")
        .release_mode(ReleaseMode::ForceAfterShutdown)
        .terminate_subscription(true)
        .dry_run(true)
        .owner_id(1)
        .owner_account("a")
        .resource_owner_id(2)
        .resource_owner_account("b")
        .build()
        .unwrap();
    for (request, len) in [(&bare, 1), (&every, 10)] {
        let decoded = Request::DeleteInstance(request.clone());
        let (typed, list) = allocations_of(|| request.params());
        assert_eq!((typed, list.len()), (1, len), "DeleteInstance::params");
        let (as_decoded, list) = allocations_of(|| decoded.params());
        assert_eq!((as_decoded, list.len()), (1, len), "Request::params");
    }
    for transport in [Transport::Get, Transport::PostQuery, Transport::PostForm] {
        let v3 = Signer::new()
            .transport(transport)
            .signature_version(SignatureVersion::V3);
        let (count, _) = allocations_of(|| v3.sign(&one, &credentials, &ts, &nonce));
        report.push((format!("DeleteInstance V3 {transport:?}"), count));
        let (count, _) = allocations_of(|| v3.sign(&hundred, &credentials, &ts, &nonce));
        report.push((format!("DeleteInstances(100) V3 {transport:?}"), count));
    }
    eprintln!("{report:#?}");
    // V1: once, the text sized by the query's length bound (a bound that falls short grows
    // it: one allocation more). V3: three times. Exact counts, so that one more is seen.
    for (what, count) in &report {
        let want = if what.contains(" V1 ") { 1 } else { 3 };
        assert_eq!(*count, want, "{what}: {count} allocations");
    }

    // Verification: as many allocations for 100 ids as for one, V1 and V3.
    let now = Timestamp::parse("2026-11-23T08:31:00Z").unwrap();
    let single = DeleteInstances::builder("cn-hangzhou")
        .instance_ids(&ids[..1])
        .build()
        .unwrap();
    let mut counts = Vec::new();
    for version in [SignatureVersion::V1, SignatureVersion::V3] {
        let signer = Signer::new().signature_version(version);
        let a = signer.sign(&single, &credentials, &ts, &nonce);
        let b = signer.sign(&hundred, &credentials, &ts, &nonce);
        // The headers as a server has them, gathered before counting.
        let (a_headers, b_headers): (Vec<_>, Vec<_>) =
            (a.headers().collect(), b.headers().collect());
        let verify = |s: &aliyun_ecs_delete::SignedRequest, headers: &[(&str, &str)]| {
            let body = (!s.body().is_empty()).then(|| s.body());
            Verifier::new()
                .verify(
                    s.method(),
                    s.url(),
                    headers,
                    body,
                    "ExampleSecret0123456789abcdefgh",
                    Some(&now),
                )
                .expect("valid")
        };
        let (one_id, _) = allocations_of(|| verify(&a, &a_headers));
        let (hundred_ids, _) = allocations_of(|| verify(&b, &b_headers));
        counts.push((version, one_id, hundred_ids));
    }
    eprintln!("verification allocations (one id, 100 ids): {counts:?}");
    for (version, one_id, hundred_ids) in counts {
        assert_eq!(
            hundred_ids, one_id,
            "{version:?}: {one_id} allocations for one id, {hundred_ids} for 100"
        );
    }
}
