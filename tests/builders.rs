//! The typed builders: one release choice, the schema's errors, endpoints and transports.

use aliyun_ecs_delete::request::{
    Buildable, DeleteInstance, DeleteInstances, ReleaseMode, Warning,
};
use aliyun_ecs_delete::{
    Credentials, Endpoint, Nonce, Operation, Scheme, Signer, Timestamp, Transport,
};

const ID: &str = "i-bp1g6zv0ce8oghu7k2zz";

#[test]
fn release_modes_are_sent_as_force_and_force_stop() {
    // docs/protocol.md section 1: Force=true releases a Running instance; ForceStop=false (only with
    // Force=true) shuts the OS down gracefully first; ForceStop defaults to true.
    let cases = [
        (ReleaseMode::WhenStopped, vec![("InstanceId", ID)]),
        (
            ReleaseMode::Force,
            vec![("Force", "true"), ("InstanceId", ID)],
        ),
        (
            ReleaseMode::ForceAfterShutdown,
            vec![
                ("Force", "true"),
                ("ForceStop", "false"),
                ("InstanceId", ID),
            ],
        ),
    ];
    for (mode, wire) in cases {
        let request = DeleteInstance::builder(ID)
            .release_mode(mode)
            .build()
            .expect("valid");
        assert_eq!(request.params(), wire, "{mode:?}");
        assert_eq!(request.release_mode(), mode);
    }
    // A later choice replaces an earlier one entirely.
    let request = DeleteInstance::builder(ID)
        .release_mode(ReleaseMode::ForceAfterShutdown)
        .release_mode(ReleaseMode::WhenStopped)
        .build()
        .expect("valid");
    assert_eq!(request.params(), vec![("InstanceId", ID)]);
}

#[test]
fn decoded_flags_map_onto_one_release_mode() {
    let mode = |params: &[(&str, &str)]| {
        let mut all = vec![("InstanceId", ID)];
        all.extend_from_slice(params);
        let d = DeleteInstance::decode(&all).expect("valid");
        (d.request.release_mode(), d.warnings)
    };
    assert_eq!(mode(&[]), (ReleaseMode::WhenStopped, vec![]));
    assert_eq!(
        mode(&[("Force", "false")]),
        (ReleaseMode::WhenStopped, vec![])
    );
    assert_eq!(
        mode(&[("Force", "true"), ("ForceStop", "true")]),
        (ReleaseMode::Force, vec![])
    );
    assert_eq!(
        mode(&[("Force", "true"), ("ForceStop", "false")]),
        (ReleaseMode::ForceAfterShutdown, vec![])
    );
    assert_eq!(
        mode(&[("ForceStop", "false")]),
        (
            ReleaseMode::WhenStopped,
            vec![Warning::ForceStopWithoutForce]
        )
    );
}

#[test]
fn builder_errors_name_the_parameter() {
    let many: Vec<String> = (1..=101).map(|n| format!("i-{n:020}")).collect();
    let err = DeleteInstances::builder("cn-hangzhou")
        .instance_ids(&many)
        .build()
        .unwrap_err();
    assert_eq!(
        (err.code(), err.parameter()),
        ("too_many_instance_ids", Some("InstanceId.101"))
    );

    let ok = DeleteInstances::builder("cn-hangzhou")
        .instance_ids(&many[..100])
        .build()
        .expect("100 is the limit");
    assert_eq!(ok.instance_ids().len(), 100);

    let err = DeleteInstances::builder("cn-hangzhou").build().unwrap_err();
    assert_eq!(
        (err.code(), err.parameter()),
        ("missing_parameter", Some("InstanceId.1"))
    );

    let err = DeleteInstances::builder("cn-hangzhou")
        .instance_ids([ID, ID])
        .build()
        .unwrap_err();
    assert_eq!(
        (err.code(), err.parameter()),
        ("duplicate_instance_id", Some("InstanceId.2"))
    );
    assert_eq!(
        err.to_string(),
        "`InstanceId.2` repeats the instance id already given as `InstanceId.1`"
    );

    let err = DeleteInstances::builder("Hangzhou")
        .instance_id(ID)
        .build()
        .unwrap_err();
    assert_eq!(
        (err.code(), err.parameter()),
        ("invalid_region_id", Some("RegionId"))
    );

    let err = DeleteInstance::builder(" i-abc").build().unwrap_err();
    assert_eq!(
        err.to_string(),
        "`InstanceId` is not a valid instance id: ' ' at byte 0 is not allowed (allowed: A-Z a-z 0-9 _ -)"
    );
}

#[test]
fn setters_replace_earlier_values() {
    let request = DeleteInstances::builder("cn-hangzhou")
        .region_id("cn-beijing")
        .instance_id(ID)
        .client_token("a")
        .client_token("b")
        .dry_run(true)
        .dry_run(false)
        .build()
        .expect("valid");
    assert_eq!(request.region_id(), Some("cn-beijing"));
    assert_eq!(request.client_token(), Some("b"));
    assert_eq!(request.dry_run(), Some(false));
}

fn sign_with(signer: Signer, request: &impl Operation) -> aliyun_ecs_delete::SignedRequest {
    signer.sign(
        request,
        &Credentials::new("id", "secret").unwrap(),
        &Timestamp::parse("2026-11-23T12:00:00Z").expect("timestamp"),
        &Nonce::new("n").expect("nonce"),
    )
}

#[test]
fn endpoints() {
    let regional = DeleteInstance::builder(ID)
        .region_id("me-east-1")
        .build()
        .expect("valid");
    let central = DeleteInstance::builder(ID).build().expect("valid");

    let s = sign_with(Signer::new(), &regional);
    assert_eq!(
        (s.host(), s.method().as_str()),
        ("ecs.me-east-1.aliyuncs.com", "POST")
    );
    assert!(
        s.url()
            .starts_with("https://ecs.me-east-1.aliyuncs.com/?AccessKeyId=id&")
    );

    let s = sign_with(Signer::new().endpoint(Endpoint::Vpc), &regional);
    assert_eq!(s.host(), "ecs-vpc.me-east-1.aliyuncs.com");
    let s = sign_with(Signer::new().endpoint(Endpoint::Vpc), &central);
    assert_eq!(s.host(), "ecs.aliyuncs.com");

    let local = Endpoint::with_scheme(Scheme::Http, "127.0.0.1:8080").expect("a host");
    let s = sign_with(
        Signer::new().endpoint(local).transport(Transport::PostForm),
        &regional,
    );
    assert_eq!(s.url(), "http://127.0.0.1:8080/");
    assert_eq!(s.host(), "127.0.0.1:8080");
    assert_eq!(s.path_and_query(), "/");
    assert_eq!(s.query(), "");
    assert_eq!(s.headers().len(), 1);
    assert_eq!(
        s.header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    assert!(
        std::str::from_utf8(s.body())
            .expect("ASCII")
            .starts_with("AccessKeyId=id&Action=DeleteInstance&")
    );

    let s = sign_with(
        Signer::new()
            .endpoint(Endpoint::custom("ecs.example.test").expect("a host"))
            .transport(Transport::Get),
        &regional,
    );
    assert_eq!(s.path_and_query(), format!("/?{}", s.query()));
    assert!(s.headers().len() == 0 && s.body().is_empty());
}

#[cfg(feature = "http")]
#[test]
fn into_http_carries_method_uri_headers_and_body() {
    let request = DeleteInstance::builder(ID)
        .region_id("cn-hangzhou")
        .build()
        .expect("valid");
    let signed = sign_with(Signer::new().transport(Transport::PostForm), &request);
    let body = signed.body().to_vec();
    let http = signed.into_http().expect("a valid URI");
    assert_eq!(http.method(), "POST");
    assert_eq!(http.uri(), "https://ecs.cn-hangzhou.aliyuncs.com/");
    assert_eq!(
        http.headers()["content-type"],
        "application/x-www-form-urlencoded"
    );
    assert_eq!(http.body(), &body);
}

#[test]
fn every_accessor_reads_back_what_was_sent() {
    let sent = [
        ("InstanceId.1", ID),
        ("RegionId", "cn-hangzhou"),
        ("ClientToken", "t-1"),
        ("TerminateSubscription", "false"),
        ("DryRun", "true"),
        ("OwnerId", "007"),
        ("OwnerAccount", "owner@example.com"),
        ("ResourceOwnerId", "42"),
        ("ResourceOwnerAccount", "resource-owner"),
    ];
    let many = DeleteInstances::decode(&sent).expect("valid").request;
    let mut single: Vec<_> = sent.iter().skip(3).copied().collect();
    single.push(("InstanceId", ID));
    single.push(("RegionId", "cn-shanghai"));
    let one = DeleteInstance::decode(&single).expect("valid").request;
    assert_eq!(
        (one.instance_id(), one.region_id()),
        (ID, Some("cn-shanghai"))
    );
    assert_eq!(many.client_token(), Some("t-1"));
    assert_eq!(many.instance_count(), 1);
    assert_eq!(Operation::region_id(&many), Some("cn-hangzhou"));
    // The shared options and owners, as sent (an owner id keeps its leading zeros).
    let expect = [
        Some("false"),
        Some("true"),
        Some("007"),
        Some("owner@example.com"),
        Some("42"),
        Some("resource-owner"),
    ];
    let wire = |b: Option<bool>| b.map(|b| if b { "true" } else { "false" });
    assert_eq!(
        [
            wire(one.terminate_subscription()),
            wire(one.dry_run()),
            one.owner_id(),
            one.owner_account(),
            one.resource_owner_id(),
            one.resource_owner_account(),
        ],
        expect
    );
    assert_eq!(
        [
            wire(many.terminate_subscription()),
            wire(many.dry_run()),
            many.owner_id(),
            many.owner_account(),
            many.resource_owner_id(),
            many.resource_owner_account(),
        ],
        expect
    );
}
