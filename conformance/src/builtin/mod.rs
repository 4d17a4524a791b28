//! This crate's implementation of each suite, run on a vector's input.

pub(crate) mod acs3_sign;
pub(crate) mod http;
pub(crate) mod request;
pub(crate) mod response;
pub(crate) mod rpc_sign_v1;
pub(crate) mod service;
pub(crate) mod target;
pub(crate) mod typed;
pub(crate) mod verify;

use serde_json::Value;

/// `input.action` as an action of the two operations.
pub(crate) fn action_field(input: &Value) -> Result<aliyun_ecs_delete::Action, String> {
    let action = str_field(input, "action")?;
    aliyun_ecs_delete::Action::parse(action).ok_or_else(|| {
        format!(
            "input.action {} is not DeleteInstance or DeleteInstances",
            crate::output::quoted(action)
        )
    })
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
