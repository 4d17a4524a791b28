//! The production path: a signing vector whose parameters form a valid typed request is built
//! with the typed API and signed with `Signer`, in every transport its method allows, and what
//! went on the wire is compared with what the vector says (the staged types alone would not
//! catch a bug in the fast paths).

use aliyun_ecs_delete::keys::RsaPrivateKey;
use aliyun_ecs_delete::request::{API_VERSION, Action, Operation, Request, decode};
use aliyun_ecs_delete::rpc::Method;
use aliyun_ecs_delete::{
    Algorithm, Credentials, Endpoint, Format, Nonce, SignedRequest, Signer, Timestamp, Transport,
};
use serde_json::{Map, Value};

use super::{pairs_field, str_field};
use crate::compare::Mismatch;

/// The V1 common parameters `Signer` writes, besides the operation parameters.
const V1_COMMON: [&str; 9] = [
    "AccessKeyId",
    "Action",
    "Format",
    "SecurityToken",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureVersion",
    "Timestamp",
    "Version",
];

/// The transports a vector's method allows.
fn transports(method: Method) -> &'static [(Transport, &'static str)] {
    match method {
        Method::Get => &[(Transport::Get, "GET")],
        Method::Post => &[
            (Transport::PostQuery, "POST query"),
            (Transport::PostForm, "POST form"),
        ],
    }
}

/// The typed request, when `params` (operation parameters only) are exactly what a valid typed
/// request of `action` sends.
fn typed_request(action: Action, params: &[(&str, &str)]) -> Option<Request> {
    let request = decode(action, params).ok()?.request;
    let mut given = params.to_vec();
    given.sort_unstable();
    (request.params() == given).then_some(request)
}

/// Collects mismatches of one signed request, labelled with the path that produced it.
struct Checker<'a> {
    expected: &'a Map<String, Value>,
    via: String,
    found: Vec<Mismatch>,
}

impl Checker<'_> {
    /// Compares `actual` with `expected[key]`, when the vector has that key.
    fn key(&mut self, key: &str, actual: &str) {
        if let Some(want) = self.expected.get(key) {
            self.against(key, want.clone(), actual);
        }
    }

    /// Compares `actual` with a value the vector's input implies.
    fn against(&mut self, key: &str, want: Value, actual: &str) {
        if want.as_str() != Some(actual) {
            self.found.push(Mismatch {
                key: key.to_owned(),
                expected: want,
                actual: Value::from(actual),
                via: Some(self.via.clone()),
            });
        }
    }
}

/// `rpc-sign-v1`: the canonical query and the signature `Signer` puts on the wire.
pub(crate) fn v1(input: &Value, expected: &Map<String, Value>) -> Option<Vec<Mismatch>> {
    let method = Method::parse(str_field(input, "method").ok()?)?;
    let secret = str_field(input, "access_key_secret").ok()?;
    let params = pairs_field(input, "params").ok()?;
    let (common, operation): (Vec<_>, Vec<_>) =
        params.iter().partition(|(n, _)| V1_COMMON.contains(n));
    let get = |name: &str| {
        let mut values = common.iter().filter(|(n, _)| *n == name).map(|(_, v)| *v);
        let first = values.next();
        values.next().is_none().then_some(first)?
    };
    if get("Version")? != API_VERSION
        || get("SignatureMethod")? != "HMAC-SHA1"
        || get("SignatureVersion")? != "1.0"
        || common.len() != V1_COMMON.len() - usize::from(get("SecurityToken").is_none())
    {
        return None;
    }
    let format: Format = get("Format")?.parse().ok()?;
    let request = typed_request(Action::parse(get("Action")?)?, &operation)?;
    let timestamp = Timestamp::parse(get("Timestamp")?).ok()?;
    let nonce = Nonce::new(get("SignatureNonce")?).ok()?;
    if timestamp.as_str() != get("Timestamp")? {
        return None;
    }
    let mut credentials = Credentials::new(get("AccessKeyId")?, secret).ok()?;
    if let Some(token) = get("SecurityToken") {
        credentials = credentials.with_security_token(token).ok()?;
    }

    let mut found = Vec::new();
    for &(transport, via) in transports(method) {
        let signed = Signer::new().format(format).transport(transport).sign(
            &request,
            &credentials,
            &timestamp,
            &nonce,
        );
        let mut check = Checker {
            expected,
            via: format!("Signer, {via}"),
            found: Vec::new(),
        };
        let wire = match transport {
            Transport::PostForm => std::str::from_utf8(signed.body()).unwrap_or_default(),
            _ => signed.query(),
        };
        let (canonical, signature) = wire.rsplit_once("&Signature=").unwrap_or((wire, ""));
        check.key("canonical_query", canonical);
        check.key("signature", &percent_decode(signature).unwrap_or_default());
        found.append(&mut check.found);
    }
    Some(found)
}

/// `acs3-sign`: the headers, query, body and `Authorization` `Signer` puts on the wire.
pub(crate) fn v3(input: &Value, expected: &Map<String, Value>) -> Option<Vec<Mismatch>> {
    let method = Method::parse(str_field(input, "method").ok()?)?;
    if input.get("path").is_some_and(|p| p != "/") {
        return None;
    }
    let key_id = str_field(input, "access_key_id").ok()?;
    let secret = str_field(input, "access_key_secret").ok()?;
    let query = pairs_field(input, "query").ok()?;
    let headers: Vec<(String, &str)> = pairs_field(input, "headers")
        .ok()?
        .into_iter()
        .map(|(n, v)| (n.to_ascii_lowercase(), v))
        .collect();
    let body = match input.get("body") {
        None => "",
        Some(_) => str_field(input, "body").ok()?,
    };
    let header = |name: &str| {
        let mut values = headers.iter().filter(|(n, _)| n == name).map(|(_, v)| *v);
        let first = values.next();
        values.next().is_none().then_some(first)?
    };
    if header("x-acs-version")? != API_VERSION {
        return None;
    }
    let action = Action::parse(header("x-acs-action")?)?;
    let timestamp = Timestamp::parse(header("x-acs-date")?).ok()?;
    let nonce = Nonce::new(header("x-acs-signature-nonce")?).ok()?;
    let algorithm = super::acs3_sign::algorithm(input).ok()?;
    if timestamp.as_str() != header("x-acs-date")? || header(algorithm.body_hash_header()).is_none()
    {
        return None;
    }
    let form = header("content-type").is_some();
    let owned = |pairs: Vec<(&str, &str)>| {
        pairs
            .into_iter()
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect::<Vec<_>>()
    };
    let (transport, via, params) = match (method, form) {
        (Method::Get, false) if body.is_empty() => (Transport::Get, "GET", owned(query)),
        (Method::Post, false) if body.is_empty() => {
            (Transport::PostQuery, "POST query", owned(query))
        }
        (Method::Post, true)
            if query.is_empty()
                && header("content-type")? == "application/x-www-form-urlencoded" =>
        {
            (Transport::PostForm, "POST form", form_pairs(body)?)
        }
        _ => return None,
    };
    let params: Vec<(&str, &str)> = params.iter().map(|(n, v)| (&n[..], &v[..])).collect();
    let request = typed_request(action, &params)?;

    let token = header("x-acs-security-token");
    let mut credentials = match algorithm {
        Algorithm::RsaSha256 => {
            Credentials::rsa(key_id, RsaPrivateKey::from_pem(secret).ok()?).ok()?
        }
        _ => Credentials::new(key_id, secret).ok()?,
    };
    if let Some(token) = token {
        credentials = credentials.with_security_token(token).ok()?;
    }
    let mut written = vec![
        "host",
        "x-acs-action",
        "x-acs-version",
        "x-acs-date",
        "x-acs-signature-nonce",
        algorithm.body_hash_header(),
        "content-type",
    ];
    if token.is_some() {
        written.extend(["x-acs-security-token", "x-acs-accesskey-id"]);
    }
    let mut signer = Signer::new()
        .algorithm(algorithm)
        .transport(transport)
        .endpoint(Endpoint::custom(header("host")?).ok()?);
    for (name, value) in &headers {
        if !written.contains(&name.as_str()) {
            signer = signer.header(name.clone(), *value);
        }
    }
    let signed = signer.sign(&request, &credentials, &timestamp, &nonce);

    let mut check = Checker {
        expected,
        via: format!("Signer, {via}"),
        found: Vec::new(),
    };
    check.against("headers", sorted_headers(&headers), &sent_headers(&signed));
    let sent_query = signed.query();
    if let Some(canonical) = expected.get("canonical_request").and_then(Value::as_str) {
        let canonical_query = canonical.split('\n').nth(2).unwrap_or_default();
        check.against("canonical query", canonical_query.into(), sent_query);
    }
    check.against(
        "body",
        body.into(),
        std::str::from_utf8(signed.body()).unwrap_or("(not UTF-8)"),
    );
    let authorization = signed.header("authorization").unwrap_or_default();
    check.key("authorization", authorization);
    let signature = authorization
        .rsplit_once("Signature=")
        .map_or("", |(_, s)| s);
    check.key("signature", signature);
    Some(check.found)
}

/// Headers as one sorted text, `name: value` per line, names lowercased.
fn sorted_headers(headers: &[(String, &str)]) -> Value {
    let mut lines: Vec<String> = headers.iter().map(|(n, v)| format!("{n}: {v}")).collect();
    lines.sort();
    Value::from(lines.join("\n"))
}

/// What `signed` sends in its headers, as [`sorted_headers`] writes them; `Authorization` left
/// out (the vector's headers are those it signs over).
fn sent_headers(signed: &SignedRequest) -> String {
    let headers: Vec<(String, &str)> = signed
        .headers()
        .map(|(n, v)| (n.to_ascii_lowercase(), v))
        .filter(|(n, _)| n != "authorization")
        .collect();
    match sorted_headers(&headers) {
        Value::String(text) => text,
        _ => String::new(),
    }
}

/// The pairs of an `application/x-www-form-urlencoded` body; `None` when it does not decode.
fn form_pairs(body: &str) -> Option<Vec<(String, String)>> {
    body.split('&')
        .filter(|s| !s.is_empty())
        .map(|segment| {
            let (name, value) = segment.split_once('=')?;
            Some((percent_decode(name)?, percent_decode(value)?))
        })
        .collect()
}

/// Percent-decodes `text` (`+` is a space, as in a form); `None` for a bad escape or bytes that
/// are not UTF-8.
pub(crate) fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                if !hex.iter().all(u8::is_ascii_hexdigit) {
                    return None;
                }
                out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%2Bb+c%3d").as_deref(), Some("a+b c="));
        assert_eq!(percent_decode("%"), None);
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%ff"), None);
        assert_eq!(percent_decode("%+1"), None);
    }

    #[test]
    fn only_exactly_what_a_typed_request_sends_is_typed() {
        let ok = [("InstanceId", "i-a"), ("RegionId", "cn-hangzhou")];
        assert!(typed_request(Action::DeleteInstance, &ok).is_some());
        let shuffled = [("RegionId", "cn-hangzhou"), ("InstanceId", "i-a")];
        assert!(typed_request(Action::DeleteInstance, &shuffled).is_some());
        // A boolean the typed request would send in another spelling is not the same request.
        let upper = [("InstanceId", "i-a"), ("Force", "True")];
        assert!(typed_request(Action::DeleteInstance, &upper).is_none());
        let invalid = [("InstanceId", "i-a b")];
        assert!(typed_request(Action::DeleteInstance, &invalid).is_none());
    }

    fn v1_input(method: &str) -> Value {
        serde_json::json!({
            "method": method,
            "access_key_secret": "testsecret",
            "params": [
                ["AccessKeyId", "testid"], ["Action", "DeleteInstance"], ["Format", "JSON"],
                ["InstanceId", "i-a"], ["SignatureMethod", "HMAC-SHA1"],
                ["SignatureNonce", "n-1"], ["SignatureVersion", "1.0"],
                ["Timestamp", "2026-11-23T08:30:00Z"], ["Version", "2014-05-26"]
            ]
        })
    }

    #[test]
    fn every_transport_of_the_method_is_signed_and_compared() {
        let expected = serde_json::json!({"signature": "not-it", "canonical_query": "nor-this"});
        let expected = expected.as_object().expect("object");
        let vias = |method: &str| -> Vec<String> {
            let found = v1(&v1_input(method), expected).expect("a typed request");
            assert!(found.iter().all(|m| m.actual != Value::Null), "{found:?}");
            let mut vias: Vec<String> = found.into_iter().filter_map(|m| m.via).collect();
            vias.dedup();
            vias
        };
        assert_eq!(vias("GET"), ["Signer, GET"]);
        assert_eq!(vias("POST"), ["Signer, POST query", "Signer, POST form"]);
    }

    #[test]
    fn a_common_parameter_signer_would_not_write_makes_the_vector_not_typed() {
        let edited = |edit: &dyn Fn(&mut Vec<Value>)| {
            let mut input = v1_input("GET");
            edit(input["params"].as_array_mut().expect("params"));
            v1(&input, &Map::new())
        };
        assert!(edited(&|p| p.push(serde_json::json!(["SignatureType", ""]))).is_none());
        assert!(edited(&|p| p.retain(|p| p[0] != "Format")).is_none());
        assert!(edited(&|p| p.push(serde_json::json!(["Format", "XML"]))).is_none());
        assert_eq!(v1(&v1_input("GET"), &Map::new()), Some(Vec::new()));
    }
}
