//! `response`: decoding what the service sent back.

use aliyun_ecs_delete::response::decode_response;
use base64::Engine as _;
use serde_json::Value;

use super::{action_field, pairs_field};

pub(crate) fn run(input: &Value) -> Result<Value, String> {
    let action = action_field(input)?;
    let status = input
        .get("status")
        .and_then(Value::as_u64)
        .and_then(|s| u16::try_from(s).ok())
        .ok_or("input.status must be an HTTP status")?;
    let headers = match input.get("headers") {
        None | Some(Value::Null) => Vec::new(),
        Some(_) => pairs_field(input, "headers")?,
    };
    let body: Vec<u8> = match (input.get("body"), input.get("body_base64")) {
        (Some(Value::String(text)), None) => text.as_bytes().to_vec(),
        (None, Some(Value::String(encoded))) => base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|e| format!("input.body_base64 is not Base64: {e}"))?,
        (None, None) => Vec::new(),
        _ => return Err("input needs one of body (string) and body_base64 (string)".into()),
    };
    let response = decode_response(action, status, &headers, &body);
    Ok(crate::output::response_verdict(&response))
}
