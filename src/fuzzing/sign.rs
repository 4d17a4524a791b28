//! The `sign_verify` target: a typed request drawn from the fuzzer's bytes is signed (V1, or V3
//! in each of its algorithms), verified back, re-signed over a subset of its headers (V3), and
//! echoed by a service.

use arbitrary::{Arbitrary, Unstructured};

use crate::keys::RsaPrivateKey;
use crate::request::{DeleteInstance, DeleteInstances, Operation, ReleaseMode, Request};
use crate::response::decode_response;
use crate::rpc::v3::CanonicalRequest;
use crate::signer::{SignatureVersion, Signer, Transport};
use crate::verify::Keys;
use crate::verify::Verifier;
use crate::{Action, Algorithm, Credentials, Nonce, Timestamp};

/// The test key RSA requests are signed with (a throwaway key of the conformance generators).
const RSA_TEST_KEY: &str = include_str!("rsa-test-key.pem");

/// A typed request drawn from the fuzzer's bytes.
#[derive(Debug)]
struct Case {
    request: Request,
    transport: Transport,
    version: SignatureVersion,
    /// With V3.
    algorithm: Algorithm,
    secret: String,
    token: Option<String>,
    nonce: String,
    /// Which of the signable headers a V3 re-signing covers (`u32::MAX`: all).
    signed_mask: u32,
}

fn id(u: &mut Unstructured<'_>) -> arbitrary::Result<String> {
    const CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
    let len = u.int_in_range(1..=30)?;
    (0..len)
        .map(|_| Ok(char::from(*u.choose(CHARS)?)))
        .collect()
}

impl<'a> Arbitrary<'a> for Case {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let mode = *u.choose(&[
            ReleaseMode::WhenStopped,
            ReleaseMode::Force,
            ReleaseMode::ForceAfterShutdown,
        ])?;
        let region = format!("cn-{}", u.int_in_range(0u32..=999_999)?);
        let request = if u.arbitrary()? {
            let mut b = DeleteInstance::builder(id(u)?).release_mode(mode);
            if u.arbitrary()? {
                b = b.region_id(region);
            }
            if u.arbitrary()? {
                b = b.owner_account(String::arbitrary(u)?);
            }
            if let Some(dry) = Option::<bool>::arbitrary(u)? {
                b = b.dry_run(dry);
            }
            b.build().map(Request::DeleteInstance)
        } else {
            let count = u.int_in_range(1..=100usize)?;
            let ids = (0..count)
                .map(|n| Ok(format!("{}{n}", &id(u)?[..1])))
                .collect::<arbitrary::Result<Vec<_>>>()?;
            let mut b = DeleteInstances::builder(region)
                .instance_ids(ids)
                .release_mode(mode);
            if u.arbitrary()? {
                let token: String = String::arbitrary(u)?
                    .chars()
                    .filter(|c| (' '..='~').contains(c))
                    .take(64)
                    .collect();
                b = b.client_token(if token.is_empty() {
                    "t".to_owned()
                } else {
                    token
                });
            }
            if let Some(owner) = Option::<u64>::arbitrary(u)? {
                b = b.resource_owner_id(owner >> 1);
            }
            b.build().map(Request::DeleteInstances)
        };
        let request = request.map_err(|_| arbitrary::Error::IncorrectFormat)?;
        Ok(Case {
            request,
            transport: *u.choose(&[Transport::Get, Transport::PostQuery, Transport::PostForm])?,
            version: if u.arbitrary()? {
                SignatureVersion::V1
            } else {
                SignatureVersion::V3
            },
            // RSA one time in eight: its private-key operation is a thousand HMACs.
            algorithm: match u.int_in_range(0..=7u8)? {
                0 => Algorithm::RsaSha256,
                1..=3 => Algorithm::HmacSm3,
                _ => Algorithm::HmacSha256,
            },
            secret: String::arbitrary(u)?,
            token: Option::<String>::arbitrary(u)?,
            nonce: format!("n-{}", u32::arbitrary(u)?),
            signed_mask: u32::arbitrary(u)?,
        })
    }
}

/// A typed request is signed, verified and decoded back to the same request.
pub fn sign_verify(data: &[u8]) {
    let Ok(case) = Case::arbitrary_take_rest(Unstructured::new(data)) else {
        return;
    };
    let v3 = case.version == SignatureVersion::V3;
    let rsa = v3 && case.algorithm == Algorithm::RsaSha256;
    let key = RsaPrivateKey::from_pem(RSA_TEST_KEY).expect("the test key reads");
    let public_key = key.public_key();
    let mut credentials = if rsa {
        Credentials::rsa("fuzz-key", key.clone())
    } else {
        Credentials::new("fuzz-key", case.secret.as_str())
    }
    .expect("a valid key id");
    if let Some(token) = &case.token {
        // A token with a control character is refused when made (credentials.rs tests it).
        let Ok(with) = credentials.with_security_token(token.as_str()) else {
            return;
        };
        credentials = with;
    }
    let now = Timestamp::parse("2026-11-23T08:30:00Z").expect("a valid timestamp");
    let Ok(nonce) = Nonce::new(case.nonce) else {
        return;
    };
    let mut signer = Signer::new()
        .transport(case.transport)
        .signature_version(case.version);
    if v3 {
        signer = signer.algorithm(case.algorithm);
    }
    let signed = signer.sign(&case.request, &credentials, &now, &nonce);
    let keys = Keys::new()
        .with_secret(&case.secret)
        .with_public_key(&public_key);
    let verifier = Verifier::new();
    let body = (!signed.body().is_empty()).then(|| signed.body());
    let headers: Vec<_> = signed.headers().collect();
    let verified = verifier.verify(
        signed.method(),
        signed.url(),
        &headers,
        body,
        keys,
        Some(&now),
    );
    let verified = verified.unwrap_or_else(|e| panic!("{e} for {:?}", case.request));
    assert_eq!(verified.request, case.request);
    assert_eq!(verified.request.params(), case.request.params());
    if v3 {
        let key = if rsa {
            Err(&key)
        } else {
            Ok(case.secret.as_str())
        };
        signed_over_a_subset(&signed, case.algorithm, key, keys, case.signed_mask, &now);
    }
    no_secret_in_decoded_echoes(&signed, &credentials);
}

/// Re-signs `signed` over the headers `mask` picks, with `algorithm` and `key` (a secret, or an
/// RSA key), and verifies it with `keys`: a verification that passes has every header the
/// protocol requires signed (`host`, `content-type` when present, every `x-acs-*` header
/// present); the full set always passes.
fn signed_over_a_subset(
    signed: &crate::SignedRequest,
    algorithm: Algorithm,
    key: Result<&str, &RsaPrivateKey>,
    keys: Keys<'_>,
    mask: u32,
    now: &Timestamp,
) {
    use crate::rpc::v3::{self, authorization};
    let mut sent: Vec<(String, String)> = signed
        .headers()
        .filter(|(n, _)| !n.eq_ignore_ascii_case("authorization"))
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    if !sent.iter().any(|(n, _)| n.eq_ignore_ascii_case("host")) {
        sent.push(("host".into(), signed.host().to_owned()));
    }
    let required: Vec<String> = sent
        .iter()
        .map(|(n, _)| n.to_ascii_lowercase())
        .filter(|n| n == "host" || n == "content-type" || n.starts_with("x-acs-"))
        .collect();
    let subset: Vec<&str> = required
        .iter()
        .enumerate()
        .filter(|(i, _)| mask == u32::MAX || mask & (1 << (i % 32)) != 0)
        .map(|(_, n)| n.as_str())
        .collect();
    let mut query = crate::verify::Params::default();
    let mut lints = Vec::new();
    let q = signed.url().split_once('?').map_or("", |(_, q)| q);
    crate::verify::decode_form(q, &mut query, &mut lints, &mut |_, _| {})
        .expect("our query decodes");
    let query: Vec<(&str, &str)> = query.iter().collect();
    let canonical = CanonicalRequest::with_signed_headers(
        signed.method(),
        "/",
        &query,
        &sent,
        &subset,
        &v3::hex_digest(algorithm, signed.body()),
    );
    let string_to_sign = v3::StringToSign::new(&canonical.hashed_with(algorithm));
    let signature = match key {
        Ok(secret) => v3::Signature::new(secret, &string_to_sign),
        Err(key) => v3::Signature::rsa(key, &string_to_sign),
    };
    let mut headers = sent.clone();
    headers.push((
        "authorization".into(),
        authorization("fuzz-key", canonical.signed_headers(), &signature),
    ));
    let verdict = Verifier::new().verify(
        signed.method(),
        signed.url(),
        &headers,
        Some(signed.body()),
        keys,
        Some(now),
    );
    let covered = required.iter().all(|r| subset.contains(&r.as_str()));
    if verdict.is_ok() {
        assert!(
            covered,
            "accepted with only {subset:?} of {required:?} signed"
        );
    }
    if covered {
        assert!(
            verdict.is_ok(),
            "{verdict:?} with every required header signed"
        );
    }
}

/// The service echoing the signed request back, as its errors do: no decoded outcome, in any
/// rendering, holds the STS token or the signature.
fn no_secret_in_decoded_echoes(signed: &crate::SignedRequest, credentials: &Credentials) {
    let token = credentials
        .security_token()
        .filter(|t| t.len() >= 12 && t.is_ascii());
    let signature = signed
        .url()
        .split(['?', '&'])
        .chain(
            std::str::from_utf8(signed.body())
                .unwrap_or_default()
                .split('&'),
        )
        .find_map(|p| p.strip_prefix("Signature="))
        .map(str::to_owned)
        .or_else(|| {
            signed
                .header("authorization")
                .and_then(|a| a.rsplit_once("Signature="))
                .map(|(_, s)| s.to_owned())
        });
    let signature_in_wire = signature.clone();
    let mut forbidden: Vec<String> = signature.into_iter().collect();
    // The fuzzer may choose the token as another parameter's value too; that copy is no leak.
    let elsewhere = |t: &str| {
        let encoded = crate::encode::percent_encode(t);
        signed
            .url()
            .split(['?', '&'])
            .chain(
                std::str::from_utf8(signed.body())
                    .unwrap_or_default()
                    .split('&'),
            )
            .filter(|p| !p.starts_with("SecurityToken="))
            .chain(
                signed
                    .headers()
                    .filter(|(n, _)| *n != "x-acs-security-token")
                    .map(|(_, v)| v),
            )
            .any(|p| p.contains(&encoded) || p.contains(t))
    };
    if let Some(t) = token
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b))
        && !elsewhere(t)
    {
        // A token made of what STS issues (Base64), in its encoded spellings.
        let once = crate::encode::percent_encode(t);
        forbidden.push(crate::encode::percent_encode(&once));
        forbidden.push(once);
        forbidden.push(t.to_owned());
    }
    forbidden.retain(|f| f.len() >= 12);
    if forbidden.is_empty() {
        return;
    }
    let wire = format!(
        "{}?{}",
        signed.url(),
        std::str::from_utf8(signed.body()).unwrap_or_default()
    );
    // What the decoder shows for an echo of `wire`, as the service's error body and as it is.
    let show = |wire: &str| {
        let body = format!(
            "{{\"Code\":\"SignatureDoesNotMatch\",\"Message\":\"server string to sign is:{}\",\"Recommend\":\"{}\"}}",
            crate::encode::percent_encode(wire),
            wire.replace('"', "")
        );
        [body.as_bytes(), wire.as_bytes()].map(|bytes| {
            let decoded = decode_response(Action::DeleteInstance, 400, &[("h", "v")], bytes);
            format!(
                "{decoded:?} {:?} {:?}",
                decoded.message(),
                decoded.recommend()
            )
        })
    };
    // The same echo with the secret values taken out of the wire: a forbidden text that shows
    // there as often is spelled by its neighbours (`%3D` before a value of `A`s reads `DAAA…`),
    // not leaked.
    let mut control = wire.clone();
    let secrets = [
        ("SecurityToken=", token.map(crate::encode::percent_encode)),
        ("Signature=", signature_in_wire),
    ];
    for (name, value) in secrets {
        if let Some(value) = value {
            control = control.replace(&format!("{name}{value}"), &format!("{name}-"));
        }
    }
    for (shown, control) in show(&wire).iter().zip(&show(&control)) {
        for f in &forbidden {
            assert!(
                shown.matches(f.as_str()).count() <= control.matches(f.as_str()).count(),
                "{f} in {shown}"
            );
        }
    }
}
