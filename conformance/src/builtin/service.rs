//! `service`: the emulator's model, request by request, in-process (no sockets).
//!
//! Each request is either signed here, valid or not, with the generic signer of its signature
//! version (the staged `rpc` types, so that any parameters can be signed), or sent raw.

use aliyun_ecs_delete::encode::percent_encode;
use aliyun_ecs_delete::keys::RsaPrivateKey;
use aliyun_ecs_delete::request::Action;
use aliyun_ecs_delete::response::decode_response;
use aliyun_ecs_delete::rpc::{v1, v3};
use aliyun_ecs_delete::service::{Fault, HttpRequest, HttpResponse, RequestIds, Service, State};
use aliyun_ecs_delete::{Algorithm, SignatureVersion, Timestamp, Transport, UnknownValue};
use serde_json::{Value, json};

use super::target::Target;
use super::{pairs_field, str_field};

/// The model, in-process.
#[derive(Default)]
struct InProcess {
    service: Option<Service>,
    now: Option<Timestamp>,
}

impl Target for InProcess {
    fn load(&mut self, state: &State, _: &Value, now: &Timestamp) -> Result<(), String> {
        self.service = Some(Service::new(state.clone()));
        self.now = Some(*now);
        Ok(())
    }

    fn fault(&mut self, fault: &Value) -> Result<(), String> {
        let fault = Fault::from_json(fault.to_string().as_bytes()).map_err(|e| e.to_string())?;
        self.service
            .as_mut()
            .ok_or("no state loaded")?
            .push_fault(fault);
        Ok(())
    }

    fn send(&mut self, request: &HttpRequest, request_id: &str) -> Result<HttpResponse, String> {
        let now = self.now.ok_or("no time set")?;
        let service = self.service.as_mut().ok_or("no state loaded")?;
        Ok(service.handle(request, &now, request_id))
    }

    fn state(&mut self) -> Result<Value, String> {
        Ok(self
            .service
            .as_ref()
            .ok_or("no state loaded")?
            .state()
            .to_fixture())
    }
}

pub(crate) fn run(input: &Value) -> Result<Value, String> {
    run_against(&mut InProcess::default(), input)
}

/// Runs a vector against an emulator at `endpoint` (`http://HOST:PORT`), through its control
/// API and real HTTP requests.
/// Checks that `endpoint` is an emulator's address and that it answers.
pub(crate) fn probe_over_http(endpoint: &str) -> Result<(), String> {
    super::http::Emulator::new(endpoint)?.probe()
}

pub(crate) fn run_over_http(endpoint: &str, input: &Value) -> Result<Value, String> {
    run_against(&mut super::http::Emulator::new(endpoint)?, input)
}

fn run_against(target: &mut dyn Target, input: &Value) -> Result<Value, String> {
    let fixture = input.get("state").ok_or("input.state is required")?;
    let state = State::from_fixture(fixture.to_string().as_bytes()).map_err(|e| e.to_string())?;
    let now_text = str_field(input, "now")?;
    let now = Timestamp::parse(now_text).map_err(|e| format!("input.now: {e}"))?;
    let requests = input
        .get("requests")
        .and_then(Value::as_array)
        .ok_or("input.requests must be an array")?;
    target.load(&state, fixture, &now)?;
    let mut ids = RequestIds::new(0);
    let mut responses = Vec::new();
    for (i, r) in requests.iter().enumerate() {
        if let Some(faults) = r.get("faults") {
            for f in faults
                .as_array()
                .ok_or("requests[].faults must be an array")?
            {
                target
                    .fault(f)
                    .map_err(|e| format!("requests[{i}].faults: {e}"))?;
            }
        }
        let (request, action) =
            build(r, &state, &now, i).map_err(|e| format!("requests[{i}]: {e}"))?;
        let request_id = ids.next().unwrap_or_default();
        let answer = target.send(&request, &request_id)?;
        let decoded = decode_response(action, answer.status, &answer.headers, &answer.body);
        let code = match answer.status {
            200 => Value::Null,
            _ => decoded.code().map_or(Value::Null, Value::from),
        };
        responses.push(json!({ "status": answer.status, "code": code }));
    }
    Ok(json!({
        "responses": responses,
        "state": crate::compare::normalized_state(&target.state()?),
    }))
}

/// The HTTP request a vector's request describes, and its action (to decode the answer).
fn build(
    r: &Value,
    state: &State,
    now: &Timestamp,
    i: usize,
) -> Result<(HttpRequest, Action), String> {
    if let Some(raw) = r.get("raw") {
        let headers = match raw.get("headers") {
            None | Some(Value::Null) => Vec::new(),
            Some(_) => pairs_field(raw, "headers")?,
        };
        let request = HttpRequest {
            method: str_field(raw, "method")?.to_owned(),
            target: str_field(raw, "url")?.to_owned(),
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            body: raw
                .get("body")
                .and_then(Value::as_str)
                .unwrap_or("")
                .as_bytes()
                .to_vec(),
        };
        let action = r
            .get("action")
            .and_then(Value::as_str)
            .and_then(Action::parse)
            .unwrap_or(Action::DeleteInstance);
        return Ok((request, action));
    }
    let action_text = str_field(r, "action")?;
    let action = Action::parse(action_text).unwrap_or(Action::DeleteInstance);
    let params = pairs_field(r, "params")?;
    let key_id = str_field(r, "access_key_id")?;
    let account = state.account(key_id);
    let secret = account
        .and_then(|a| a.access_key_secret.as_deref())
        .unwrap_or("");
    let token = account.and_then(|a| a.security_token.as_deref());
    let field = |key: &str, default: &str| -> Result<String, String> {
        match r.get(key) {
            None | Some(Value::Null) => Ok(default.to_owned()),
            Some(_) => str_field(r, key).map(str::to_owned),
        }
    };
    let version = field("signature", "v1")?;
    let transport = field("transport", "post-query")?;
    let format = field("format", "JSON")?;
    let nonce = field("nonce", &format!("vector-nonce-{i}"))?;
    let timestamp = field("timestamp", now.as_str())?;
    let transport: Transport = transport.parse().map_err(|e: UnknownValue| e.to_string())?;
    let method = transport.method();
    let form = transport == Transport::PostForm;
    let region = params
        .iter()
        .find(|(n, _)| *n == "RegionId")
        .map(|(_, v)| *v);
    let host = region.map_or("ecs.aliyuncs.com".to_owned(), |r| {
        format!("ecs.{r}.aliyuncs.com")
    });
    let encode = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(n, v)| format!("{}={}", percent_encode(n), percent_encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    };
    let mut headers = vec![("host".to_owned(), host)];
    let version: SignatureVersion = version.parse().map_err(|e: UnknownValue| e.to_string())?;
    let (target, body) = match version {
        SignatureVersion::V1 => {
            let mut all: Vec<(&str, &str)> = params.clone();
            all.extend([
                ("AccessKeyId", key_id),
                ("Action", action_text),
                ("Format", format.as_str()),
                ("SignatureMethod", "HMAC-SHA1"),
                ("SignatureNonce", nonce.as_str()),
                ("SignatureVersion", "1.0"),
                ("Timestamp", timestamp.as_str()),
                ("Version", "2014-05-26"),
            ]);
            if let Some(token) = token {
                all.push(("SecurityToken", token));
            }
            let query = v1::CanonicalQuery::new(all.iter().copied());
            let signature = v1::Signature::v1(secret, &v1::StringToSign::new(method, &query));
            let text = format!(
                "{}&Signature={}",
                query.as_str(),
                percent_encode(signature.as_str())
            );
            if form {
                headers.push((
                    "content-type".into(),
                    "application/x-www-form-urlencoded".into(),
                ));
                ("/".to_owned(), text)
            } else {
                (format!("/?{text}"), String::new())
            }
        }
        SignatureVersion::V3 => {
            let algorithm = super::acs3_sign::algorithm(r)?;
            let text = encode(&params);
            let (query, body) = if form {
                (String::new(), text)
            } else {
                (text, String::new())
            };
            headers.extend([
                ("x-acs-action".to_owned(), action_text.to_owned()),
                ("x-acs-version".to_owned(), "2014-05-26".to_owned()),
                ("x-acs-date".to_owned(), timestamp.clone()),
                ("x-acs-signature-nonce".to_owned(), nonce.clone()),
                (
                    algorithm.body_hash_header().to_owned(),
                    v3::hex_digest(algorithm, body.as_bytes()),
                ),
            ]);
            if form {
                headers.push((
                    "content-type".into(),
                    "application/x-www-form-urlencoded".into(),
                ));
            }
            if let Some(token) = token {
                headers.push(("x-acs-security-token".into(), token.to_owned()));
            }
            if format.eq_ignore_ascii_case("xml") {
                headers.push(("accept".into(), "application/xml".into()));
            }
            let query_pairs: Vec<(&str, &str)> = if form { Vec::new() } else { params.clone() };
            let canonical = v3::CanonicalRequest::new(
                method,
                "/",
                &query_pairs,
                &headers,
                &v3::hex_digest(algorithm, body.as_bytes()),
            );
            let string_to_sign = v3::StringToSign::new(&canonical.hashed_with(algorithm));
            let signature = match algorithm {
                // The fixture holds the account's public key; the request carries the private.
                Algorithm::RsaSha256 => {
                    let pem = str_field(r, "private_key")?;
                    let key =
                        RsaPrivateKey::from_pem(pem).map_err(|e| format!("private_key: {e}"))?;
                    v3::Signature::rsa(&key, &string_to_sign)
                }
                _ => v3::Signature::new(secret, &string_to_sign),
            };
            headers.push((
                "authorization".to_owned(),
                v3::authorization(key_id, canonical.signed_headers(), &signature),
            ));
            let target = if query.is_empty() {
                "/".to_owned()
            } else {
                format!("/?{query}")
            };
            (target, body)
        }
        other => return Err(format!("signature {} is not v1 or v3", other.as_str())),
    };
    let request = HttpRequest {
        method: method.as_str().to_owned(),
        target,
        headers,
        body: body.into_bytes(),
    };
    Ok((request, action))
}
