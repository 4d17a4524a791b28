//! `verify`: checking a signed request as a server or a CI linter would.

use crate::output::quoted;
use aliyun_ecs_delete::Timestamp;
use aliyun_ecs_delete::keys::RsaPublicKey;
use aliyun_ecs_delete::rpc::Method;
use aliyun_ecs_delete::verify::{Keys, Verifier};
use serde_json::{Value, json};

use super::{pairs_field, pairs_json, str_field};

pub(crate) fn run(input: &Value) -> Result<Value, String> {
    let method = str_field(input, "method")?;
    let method = Method::parse(method)
        .ok_or_else(|| format!("input.method {} is not GET or POST", quoted(method)))?;
    let url = str_field(input, "url")?;
    let body = match input.get("body") {
        None | Some(Value::Null) => None,
        Some(_) => Some(str_field(input, "body")?.as_bytes()),
    };
    // The account's keys: a secret, an RSA public key (PEM), or both.
    let secret = match input.get("access_key_secret") {
        None | Some(Value::Null) => None,
        Some(_) => Some(str_field(input, "access_key_secret")?),
    };
    let public_key = match input.get("public_key") {
        None | Some(Value::Null) => None,
        Some(_) => Some(
            RsaPublicKey::from_pem(str_field(input, "public_key")?)
                .map_err(|e| format!("input.public_key: {e}"))?,
        ),
    };
    let mut keys = Keys::new();
    if let Some(secret) = secret {
        keys = keys.with_secret(secret);
    }
    if let Some(public_key) = &public_key {
        keys = keys.with_public_key(public_key);
    }
    let now = match input.get("now") {
        None | Some(Value::Null) => None,
        Some(_) => {
            let text = str_field(input, "now")?;
            Some(Timestamp::parse(text).map_err(|e| format!("input.now {}: {e}", quoted(text)))?)
        }
    };
    let mut verifier = Verifier::new();
    if let Some(skew) = input.get("max_skew_seconds").filter(|v| !v.is_null()) {
        verifier = verifier.max_skew_seconds(
            skew.as_u64()
                .ok_or("input.max_skew_seconds must be a whole number")?,
        );
    }
    let headers = match input.get("headers") {
        None | Some(Value::Null) => Vec::new(),
        Some(_) => pairs_field(input, "headers")?,
    };
    // V3 when the headers hold an `Authorization`; V1 otherwise.
    let verdict = verifier.verify(method, url, &headers, body, keys, now.as_ref());
    Ok(match verdict {
        Ok(verified) => json!({
            "valid": true,
            "action": verified.action().as_str(),
            "params": pairs_json(verified.params.iter()),
        }),
        Err(error) => {
            let mut e = json!({ "code": error.code() });
            if let Some(parameter) = error.parameter() {
                e["parameter"] = parameter.into();
            }
            json!({ "valid": false, "error": e })
        }
    })
}
