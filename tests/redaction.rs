//! No secret, STS token or signature appears in any `Debug` or `Display` output, error, or
//! decoded outcome. The test walks every public type that can hold one, for every signature
//! version, transport and a set of tokens chosen to stress the redaction's boundaries, and
//! checks each rendering against the secrets in every spelling a text could give them.

use aliyun_ecs_delete::encode::percent_encode;
use aliyun_ecs_delete::request::{DeleteInstances, ReleaseMode};
use aliyun_ecs_delete::response::{ResponseDecoder, decode_response};
use aliyun_ecs_delete::rpc::Method;
use aliyun_ecs_delete::rpc::v1::{CanonicalQuery, Signature, StringToSign};
use aliyun_ecs_delete::rpc::v3::{self, CanonicalRequest};
use aliyun_ecs_delete::verify::Verifier;
use aliyun_ecs_delete::{
    Action, Credentials, Nonce, SignatureVersion, Signer, Timestamp, Transport,
};

const SECRET: &str = "Sup3r+Secret/Key=";

/// Tokens: Base64 as STS issues them, and one with every character that needs encoding.
const TOKENS: [&str; 3] = [
    "CAIS+gF1q6Ft5B2yfSjIr5bkLtzHhrpThY2/YnHcplUCO/sdn6==",
    "CAISshortToken123456",
    "CAIS+sts/token==with&odd?chars%and spaces",
];

/// Every spelling of a secret a text could hold: raw, percent-encoded once and twice.
fn spellings(secret: &str) -> Vec<String> {
    let once = percent_encode(secret);
    let twice = percent_encode(&once);
    let mut out = vec![once, twice];
    // The raw spelling of a token with spaces or `&` is only ever written encoded.
    if !secret.contains([' ', '&', '?']) {
        out.push(secret.to_owned());
    }
    out
}

fn assert_clean(what: &str, shown: &str, secrets: &[&str]) {
    for secret in secrets {
        for spelling in spellings(secret) {
            assert!(
                !shown.contains(&spelling),
                "{what} shows {spelling:?}:\n{shown}"
            );
        }
    }
}

fn renderings(value: &(impl std::fmt::Debug + ?Sized)) -> [String; 2] {
    [format!("{value:?}"), format!("{value:#?}")]
}

#[test]
fn every_type_holding_a_secret_is_redacted_in_every_mode() {
    let now = Timestamp::parse("2026-11-23T12:00:00Z").expect("timestamp");
    let request = DeleteInstances::builder("cn-hangzhou")
        .instance_ids(["i-bp1g6zv0ce8oghu7k2zz", "i-bp1g6zv0ce8oghu7k3aa"])
        .release_mode(ReleaseMode::Force)
        .build()
        .expect("valid");
    let mut checked = 0;
    for token in TOKENS {
        let credentials = Credentials::new("LTAI5tKeyId", SECRET)
            .unwrap()
            .with_security_token(token)
            .unwrap();
        for version in [SignatureVersion::V1, SignatureVersion::V3] {
            for transport in [Transport::Get, Transport::PostQuery, Transport::PostForm] {
                let signer = Signer::new()
                    .transport(transport)
                    .signature_version(version)
                    .header("x-acs-security-token", token);
                let signed = signer.sign(&request, &credentials, &now, &Nonce::new("n-1").unwrap());
                let signature = match version {
                    SignatureVersion::V1 => {
                        let wire = format!(
                            "{}&{}",
                            signed.url(),
                            String::from_utf8_lossy(signed.body())
                        );
                        let encoded = wire
                            .split(['?', '&'])
                            .find_map(|p| p.strip_prefix("Signature="))
                            .expect("a signature on the wire")
                            .to_owned();
                        encoded
                            .replace("%2B", "+")
                            .replace("%2F", "/")
                            .replace("%3D", "=")
                    }
                    _ => signed
                        .header("authorization")
                        .and_then(|a| a.rsplit_once("Signature="))
                        .map(|(_, s)| s.to_owned())
                        .expect("an Authorization"),
                };
                let secrets = [SECRET, token, signature.as_str()];
                let mut shown: Vec<(&str, String)> = Vec::new();
                for r in renderings(&signed) {
                    shown.push(("SignedRequest", r));
                }
                for r in renderings(&credentials) {
                    shown.push(("Credentials", r));
                }
                for r in renderings(&signer) {
                    shown.push(("Signer", r));
                }

                // The server side: what a verifier parses and returns, and its errors.
                let body = (!signed.body().is_empty()).then(|| signed.body());
                // Both versions: the parsed request, what it verifies to, and the mismatch a
                // wrong secret meets (which shows the server's string to sign or canonical
                // request, the token in it redacted).
                let headers: Vec<_> = signed.headers().collect();
                let parsed = Verifier::new()
                    .parse(signed.method(), signed.url(), &headers, body)
                    .expect("parses");
                for r in renderings(&parsed) {
                    shown.push(("ParsedRequest", r));
                }
                shown.push(("ParsedRequest::string_to_sign", parsed.string_to_sign()));
                let verified = parsed.clone().verify(SECRET, Some(&now)).expect("valid");
                shown.push(("Verified", format!("{verified:?}")));
                let wrong = parsed.verify("wrong", Some(&now)).unwrap_err();
                shown.push(("VerifyError", format!("{wrong:?} {wrong}")));

                // The staged artifacts of both versions.
                let q = CanonicalQuery::new([("SecurityToken", token), ("A", "1")]);
                let sts = StringToSign::new(Method::Get, &q);
                shown.push(("CanonicalQuery", format!("{q:?}")));
                shown.push(("StringToSign", format!("{sts:?}")));
                shown.push(("Signature", format!("{:?}", Signature::v1(SECRET, &sts))));
                let canonical = CanonicalRequest::new(
                    Method::Post,
                    "/",
                    &[("A", "1")],
                    &[("host", "h"), ("x-acs-security-token", token)],
                    v3::EMPTY_BODY_SHA256,
                );
                shown.push(("CanonicalRequest", format!("{canonical:?}")));
                let v3sig = v3::Signature::new(SECRET, &v3::StringToSign::new(&canonical.hashed()));
                shown.push(("v3::Signature", format!("{v3sig:?}")));

                // The service echoing the request back, as errors do, in JSON and XML, and
                // every outcome rendering of each.
                let echo = format!(
                    "Specified signature is not matched with our calculation. server string to sign is:{}",
                    sts.as_str()
                );
                let url = signed.url().to_owned();
                let auth = signed.header("authorization").unwrap_or("none").to_owned();
                let json = serde_json::json!({
                    "RequestId": "R-1", "Code": "SignatureDoesNotMatch", "Message": echo,
                    "Recommend": url, "HostId": auth,
                })
                .to_string();
                let xml = format!(
                    "<Error><RequestId>R-1</RequestId><Code>IncompleteSignature</Code><Message><![CDATA[{echo}]]></Message><Recommend>{}</Recommend></Error>",
                    url.replace('&', "&amp;")
                );
                for body in [
                    json.as_str(),
                    xml.as_str(),
                    &format!("<html>{url} {echo}</html>"),
                ] {
                    for status in [200, 400, 502] {
                        let decoded = decode_response(
                            Action::DeleteInstances,
                            status,
                            &[("x-acs-request-id", "R")],
                            body.as_bytes(),
                        );
                        for r in renderings(&decoded) {
                            shown.push(("Response", r));
                        }
                        shown.push((
                            "Response fields",
                            format!(
                                "{:?} {:?} {:?} {:?}",
                                decoded.message(),
                                decoded.recommend(),
                                decoded.host_id(),
                                decoded.request_id()
                            ),
                        ));
                        if let aliyun_ecs_delete::response::Response::ApiError(e) = &decoded {
                            shown.push(("ServiceError", e.to_string()));
                            shown.push((
                                "SignatureDiagnosis",
                                format!("{:?}", e.diagnose_signature(&sts)),
                            ));
                        }
                        if let aliyun_ecs_delete::response::Response::Unparseable(u) = &decoded {
                            shown.push(("Unparseable", format!("{u} {u:?}")));
                        }
                    }
                    let capped = ResponseDecoder::new().max_body_bytes(10).decode(
                        Action::DeleteInstance,
                        400,
                        &[] as &[(&str, &str)],
                        body.as_bytes(),
                    );
                    shown.push(("Unparseable (cap)", format!("{capped:?}")));
                }
                for (what, text) in &shown {
                    assert_clean(what, text, &secrets);
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 500, "{checked} renderings");
}

#[test]
fn a_signature_is_redacted_in_debug_but_available_on_request() {
    let q = CanonicalQuery::new([("A", "1")]);
    let sig = Signature::v1(SECRET, &StringToSign::new(Method::Get, &q));
    assert_eq!(format!("{sig:?}"), "Signature(** redacted **)");
    assert_eq!(sig.as_str().len(), 28);
}

/// An RSA private key never prints: not through its own `Debug`, nor the credentials', nor a
/// signer's, a signed request's, a verifier's error or a staged signature's; only its size shows.
#[test]
fn an_rsa_private_key_never_prints() {
    use aliyun_ecs_delete::Algorithm;
    use aliyun_ecs_delete::keys::RsaPrivateKey;
    let pem = include_str!("../conformance/generators/keys/rsa-a.pem");
    let key = RsaPrivateKey::from_pem(pem).expect("the test key");
    // Every line of the key's Base64 body, and each 16-character run of it.
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let runs: Vec<&str> = (0..body.len() - 16)
        .step_by(16)
        .map(|at| &body[at..at + 16])
        .collect();
    let credentials = Credentials::rsa("LTAI5tKey", key.clone())
        .unwrap()
        .with_security_token(TOKENS[0])
        .unwrap();
    let now = Timestamp::parse("2026-11-23T12:00:00Z").expect("timestamp");
    let request = DeleteInstances::builder("cn-hangzhou")
        .instance_ids(["i-a"])
        .build()
        .expect("valid");
    let signed = Signer::new().algorithm(Algorithm::RsaSha256).sign(
        &request,
        &credentials,
        &now,
        &Nonce::new("n-rsa").expect("nonce"),
    );
    let headers: Vec<(&str, &str)> = signed.headers().collect();
    let refused = Verifier::new()
        .verify(
            signed.method(),
            signed.url(),
            &headers,
            None,
            "s",
            Some(&now),
        )
        .expect_err("no public key");
    let string_to_sign = v3::StringToSign::new(
        &CanonicalRequest::new(Method::Post, "/", &[("A", "1")], &[("host", "h")], "e3b0")
            .hashed_with(Algorithm::RsaSha256),
    );
    let staged = v3::Signature::rsa(&key, &string_to_sign);
    let mut shown: Vec<String> = Vec::new();
    shown.extend(renderings(&key));
    shown.extend(renderings(&key.public_key()));
    shown.extend(renderings(&credentials));
    shown.extend(renderings(&signed));
    shown.extend(renderings(&refused));
    shown.push(refused.to_string());
    shown.extend(renderings(&staged));
    for text in &shown {
        for run in &runs {
            assert!(!text.contains(run), "{run:?} of the key shows in:\n{text}");
        }
        assert_clean("RSA rendering", text, &[TOKENS[0], staged.as_str()]);
    }
    assert!(format!("{key:?}").contains("2048 bits"));
}

/// The staged values show what is not secret: a V3 signature as its redacted marker, a
/// canonical request or query as its text with the token's value hidden.
#[test]
fn a_stage_shows_its_text_and_hides_its_secrets() {
    let canonical = CanonicalRequest::new(
        Method::Post,
        "/",
        &[("A", "1")],
        &[("host", "h"), ("x-acs-security-token", "tok")],
        "e3b0",
    );
    assert_eq!(
        format!("{canonical:?}"),
        r#"CanonicalRequest { text: "POST\n/\nA=1\nhost:h\nx-acs-security-token:** redacted **\n\nhost;x-acs-security-token\ne3b0", signed_headers: "host;x-acs-security-token" }"#
    );
    let query = CanonicalQuery::new([("SecurityToken", "tok"), ("A", "1")]);
    assert_eq!(
        format!("{query:?}"),
        r#"CanonicalQuery("A=1&SecurityToken=** redacted **")"#
    );
    let signature = v3::Signature::new(SECRET, &v3::StringToSign::new(&canonical.hashed()));
    assert_eq!(format!("{signature:?}"), "Signature(** redacted **)");
    assert_eq!(signature.as_str().len(), 64);
}
