//! The documented sample requests of the seed pages, decoded and signed, as insta snapshots for
//! review. Timestamp and nonce are fixed; signatures and secrets never enter a snapshot (the
//! signed request is shown through its redacted `Debug`).

use aliyun_ecs_delete::request::{Action, Operation, decode};
use aliyun_ecs_delete::{Credentials, Nonce, Signer, Timestamp, Transport};

fn render_decode(action: Action, params: &[(&str, &str)]) -> String {
    match decode(action, params) {
        Ok(d) => format!(
            "valid {action}\nparams: {:?}\nwarnings: {:?}",
            d.request.params(),
            d.warnings.iter().map(|w| w.code()).collect::<Vec<_>>()
        ),
        Err(e) => format!(
            "invalid {action}\ncode: {}\nparameter: {:?}\nmessage: {e}",
            e.code(),
            e.parameter()
        ),
    }
}

fn sign(request: &impl Operation, transport: Transport) -> String {
    let signed = Signer::new().transport(transport).sign(
        request,
        &Credentials::new("testid", "testsecret").unwrap(),
        &Timestamp::parse("2016-02-23T12:46:24Z").expect("timestamp"),
        &Nonce::new("3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf").expect("nonce"),
    );
    format!("{signed:#?}")
}

/// `001_…`: `?Action=DeleteInstances&InstanceId.1=i-bp1g6zv0ce8oghu7****&Force=false`. The
/// sample leaves out RegionId, which the same page marks required: presence is checked before
/// values, so the missing RegionId is reported before the placeholder id.
#[test]
fn seed_001_delete_instances_sample() {
    let sample = [
        ("InstanceId.1", "i-bp1g6zv0ce8oghu7****"),
        ("Force", "false"),
    ];
    insta::assert_snapshot!(
        "seed_001_as_documented",
        render_decode(Action::DeleteInstances, &sample)
    );

    // With the region of the page's RegionId example, the placeholder id is what is wrong.
    let with_region = [
        ("InstanceId.1", "i-bp1g6zv0ce8oghu7****"),
        ("Force", "false"),
        ("RegionId", "cn-hangzhou"),
    ];
    insta::assert_snapshot!(
        "seed_001_with_region",
        render_decode(Action::DeleteInstances, &with_region)
    );

    // The same call with a real-looking id.
    let real = [
        ("InstanceId.1", "i-bp1g6zv0ce8oghu7k2zz"),
        ("Force", "false"),
        ("RegionId", "cn-hangzhou"),
    ];
    let decoded = decode(Action::DeleteInstances, &real).expect("valid");
    insta::assert_snapshot!(
        "seed_001_real_id_get",
        sign(&decoded.request, Transport::Get)
    );
    insta::assert_snapshot!(
        "seed_001_real_id_post_form",
        sign(&decoded.request, Transport::PostForm)
    );
}

/// `003_…`: `?Action=DeleteInstance&InstanceId=i-instance1&Force=false&TerminateSubscription=false`.
/// `i-instance1` is a documentation placeholder, but it satisfies the schema's value rule (1 to
/// 30 of `A-Z a-z 0-9 _ -`), so it is accepted; `000_…`'s masked `i-bp1g6zv0ce8oghu7****` is
/// the placeholder the rule rejects.
#[test]
fn seed_003_delete_instance_sample() {
    let sample = [
        ("InstanceId", "i-instance1"),
        ("Force", "false"),
        ("TerminateSubscription", "false"),
    ];
    insta::assert_snapshot!(
        "seed_003_as_documented",
        render_decode(Action::DeleteInstance, &sample)
    );
    let decoded = decode(Action::DeleteInstance, &sample).expect("valid");
    insta::assert_snapshot!(
        "seed_003_signed_get",
        sign(&decoded.request, Transport::Get)
    );

    let masked = [("InstanceId", "i-bp1g6zv0ce8oghu7****"), ("Force", "false")];
    insta::assert_snapshot!(
        "seed_000_masked_id",
        render_decode(Action::DeleteInstance, &masked)
    );

    let real = [
        ("InstanceId", "i-bp1g6zv0ce8oghu7k2zz"),
        ("Force", "false"),
        ("TerminateSubscription", "false"),
    ];
    let decoded = decode(Action::DeleteInstance, &real).expect("valid");
    insta::assert_snapshot!(
        "seed_003_real_id_post",
        sign(&decoded.request, Transport::PostQuery)
    );
}
