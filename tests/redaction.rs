//! No secret, STS token or signature appears in `Debug` output or errors.

use aliyun_ecs_delete::encode::percent_encode;
use aliyun_ecs_delete::request::{DeleteInstances, ReleaseMode};
use aliyun_ecs_delete::rpc::{CanonicalQuery, Method, Signature, StringToSign};
use aliyun_ecs_delete::{Credentials, Nonce, Signer, Timestamp, Transport};

const SECRET: &str = "Sup3r+Secret/Key=";
const TOKEN: &str = "CAIS+sts/token==with&odd?chars";

fn forbidden(signature: &str) -> Vec<String> {
    // Each secret, raw and as it would appear percent-encoded in a URL.
    [SECRET, TOKEN, signature]
        .iter()
        .flat_map(|s| [s.to_string(), percent_encode(s)])
        .collect()
}

fn assert_clean(what: &str, shown: &str, signature: &str) {
    for secret in forbidden(signature) {
        assert!(!shown.contains(&secret), "{what} shows {secret:?}: {shown}");
    }
}

#[test]
fn credentials_and_signed_requests_are_redacted_in_every_transport() {
    let credentials = Credentials::new("LTAI5tKeyId", SECRET).with_security_token(TOKEN);
    let request = DeleteInstances::builder("cn-hangzhou")
        .instance_ids(["i-bp1g6zv0ce8oghu7k2zz", "i-bp1g6zv0ce8oghu7k3aa"])
        .release_mode(ReleaseMode::Force)
        .build()
        .expect("valid");
    for transport in [Transport::Get, Transport::PostQuery, Transport::PostForm] {
        let signed = Signer::new().transport(transport).sign(
            &request,
            &credentials,
            &Timestamp::parse("2026-11-23T12:00:00Z").expect("timestamp"),
            &Nonce::new("n-1").expect("nonce"),
        );
        // The wire form carries the signature and the token; the Debug form must not.
        let wire = format!(
            "{}\n{}",
            signed.url(),
            String::from_utf8_lossy(signed.body())
        );
        let encoded = wire
            .split(['?', '&', '\n'])
            .find_map(|p| p.strip_prefix("Signature="))
            .expect("a signature on the wire");
        // Base64 needs only `+`, `/` and `=` decoded; `assert_clean` checks both forms.
        let signature = encoded
            .replace("%2B", "+")
            .replace("%2F", "/")
            .replace("%3D", "=");
        assert!(wire.contains(&percent_encode(TOKEN)));
        for shown in [
            format!("{signed:?}"),
            format!("{signed:#?}"),
            format!("{credentials:?}"),
        ] {
            assert_clean("Debug", &shown, &signature);
        }
        assert!(format!("{signed:?}").contains("Signature=** redacted **"));
        assert!(format!("{signed:?}").contains("SecurityToken=** redacted **"));
        assert!(
            format!("{signed:?}").contains("AccessKeyId=LTAI5tKeyId"),
            "the key id is not a secret"
        );
    }
}

#[test]
fn a_signature_artifact_is_redacted_in_debug_but_available_on_request() {
    let q = CanonicalQuery::new([("A", "1")]);
    let sig = Signature::v1(SECRET, &StringToSign::new(Method::Get, &q));
    assert_eq!(format!("{sig:?}"), "Signature(** redacted **)");
    assert_eq!(sig.to_string(), sig.as_str());
}
