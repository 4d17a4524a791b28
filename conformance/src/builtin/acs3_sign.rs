//! `acs3-sign`: the generic signature V3 stages, for each algorithm.

use crate::output::quoted;
use aliyun_ecs_delete::Algorithm;
use aliyun_ecs_delete::keys::RsaPrivateKey;
use aliyun_ecs_delete::rpc::Method;
use aliyun_ecs_delete::rpc::v3::{self, CanonicalRequest};
use serde_json::{Value, json};

use super::{pairs_field, str_field};

/// The input's `algorithm` (`ACS3-HMAC-SHA256` when absent).
pub(crate) fn algorithm(input: &Value) -> Result<Algorithm, String> {
    match input.get("algorithm") {
        None | Some(Value::Null) => Ok(Algorithm::default()),
        Some(_) => {
            let text = str_field(input, "algorithm")?;
            text.parse().map_err(|e| format!("input.algorithm: {e}"))
        }
    }
}

pub(crate) fn run(input: &Value) -> Result<Value, String> {
    let method = str_field(input, "method")?;
    let method = Method::parse(method)
        .ok_or_else(|| format!("input.method {} is not GET or POST", quoted(method)))?;
    let path = match input.get("path") {
        None => "/",
        Some(_) => str_field(input, "path")?,
    };
    let key_id = str_field(input, "access_key_id")?;
    let secret = str_field(input, "access_key_secret")?;
    let query = pairs_field(input, "query")?;
    let headers = pairs_field(input, "headers")?;
    let body = match input.get("body") {
        None => "",
        Some(_) => str_field(input, "body")?,
    };
    let algorithm = algorithm(input)?;
    let canonical = CanonicalRequest::new(
        method,
        path,
        &query,
        &headers,
        &v3::hex_digest(algorithm, body.as_bytes()),
    );
    let hashed = canonical.hashed_with(algorithm);
    let string_to_sign = v3::StringToSign::new(&hashed);
    let signature = match algorithm {
        // The secret is the private key, PEM.
        Algorithm::RsaSha256 => {
            let key = RsaPrivateKey::from_pem(secret)
                .map_err(|e| format!("input.access_key_secret: {e}"))?;
            v3::Signature::rsa(&key, &string_to_sign)
        }
        _ => v3::Signature::new(secret, &string_to_sign),
    };
    Ok(json!({
        "canonical_request": canonical.as_str(),
        "hashed_canonical_request": hashed.as_str(),
        "string_to_sign": string_to_sign.as_str(),
        "signature": signature.as_str(),
        "authorization": v3::authorization(key_id, canonical.signed_headers(), &signature),
    }))
}
