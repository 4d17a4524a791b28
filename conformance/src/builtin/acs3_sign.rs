//! `acs3-sign`: the generic signature V3 stages.

use crate::output::quoted;
use aliyun_ecs_delete::rpc::Method;
use aliyun_ecs_delete::rpc::v3::{self, CanonicalRequest};
use serde_json::{Value, json};

use super::{pairs_field, str_field};

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
    let canonical = CanonicalRequest::new(
        method,
        path,
        &query,
        &headers,
        &v3::sha256_hex(body.as_bytes()),
    );
    let hashed = canonical.hashed();
    let string_to_sign = v3::StringToSign::new(&hashed);
    let signature = v3::Signature::new(secret, &string_to_sign);
    Ok(json!({
        "canonical_request": canonical.as_str(),
        "hashed_canonical_request": hashed.as_str(),
        "string_to_sign": string_to_sign.as_str(),
        "signature": signature.as_str(),
        "authorization": v3::authorization(key_id, canonical.signed_headers(), &signature),
    }))
}
