//! The built-in implementation of each suite: this crate, run on a vector's input.

mod acs3_sign;
mod request;
mod response;
mod rpc_sign_v1;
mod verify;

use serde_json::Value;

/// What running a vector produced.
pub enum Outcome {
    /// The output object, with the same keys as `expected`.
    Output(Value),
    /// The implementation does not cover this suite (counted as skipped).
    Unsupported(String),
    /// The vector's input is not of the suite's form (counted as failed).
    BadInput(String),
}

/// The keys of `expected` a runner compares, per suite; others are ignored.
pub fn known_keys(suite: &str) -> &'static [&'static str] {
    match suite {
        "rpc-sign-v1" => &["canonical_query", "string_to_sign", "signature"],
        "acs3-sign" => &[
            "canonical_request",
            "hashed_canonical_request",
            "string_to_sign",
            "signature",
            "authorization",
        ],
        "request" => &["valid", "params", "warnings", "error"],
        "response" => &[
            "outcome",
            "request_id",
            "code",
            "message",
            "host_id",
            "recommend",
            "http_status",
            "retry",
            "already_gone",
            "throttled",
            "retry_after_seconds",
            "auth_action",
        ],
        "verify" => &["valid", "error", "action", "params"],
        _ => &[],
    }
}

/// Runs one vector of `suite` through this crate.
pub fn run_builtin(suite: &str, input: &Value) -> Outcome {
    let result = match suite {
        "rpc-sign-v1" => rpc_sign_v1::run(input),
        "acs3-sign" => acs3_sign::run(input),
        "request" => request::run(input),
        "response" => response::run(input),
        "verify" => verify::run(input),
        other => {
            return Outcome::Unsupported(format!(
                "suite `{other}` is not implemented by this runner yet"
            ));
        }
    };
    match result {
        Ok(output) => Outcome::Output(output),
        Err(message) => Outcome::BadInput(message),
    }
}

/// `input[key]` as a string.
pub(crate) fn str_field<'a>(input: &'a Value, key: &str) -> Result<&'a str, String> {
    input
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("input.{key} must be a string"))
}

/// `input[key]` as a list of `[name, value]` string pairs.
pub(crate) fn pairs_field<'a>(
    input: &'a Value,
    key: &str,
) -> Result<Vec<(&'a str, &'a str)>, String> {
    let list = input
        .get(key)
        .and_then(Value::as_array)
        .ok_or_else(|| format!("input.{key} must be an array of [name, value] pairs"))?;
    list.iter()
        .map(|pair| match pair.as_array().map(Vec::as_slice) {
            Some([Value::String(n), Value::String(v)]) => Ok((n.as_str(), v.as_str())),
            _ => Err(format!(
                "input.{key}: {pair} is not a [name, value] pair of strings"
            )),
        })
        .collect()
}

/// Pairs as the JSON the schema uses: `[[name, value], ...]`.
pub(crate) fn pairs_json<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Value {
    Value::Array(
        pairs
            .into_iter()
            .map(|(n, v)| Value::from(vec![n, v]))
            .collect(),
    )
}
