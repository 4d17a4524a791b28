//! `rpc-sign-v1`: the generic RPC signer's three stages.

use crate::output::quoted;
use aliyun_ecs_delete::rpc::Method;
use aliyun_ecs_delete::rpc::v1::{CanonicalQuery, Signature, StringToSign};
use serde_json::{Value, json};

use super::{pairs_field, str_field};

pub(crate) fn run(input: &Value) -> Result<Value, String> {
    let method = str_field(input, "method")?;
    let method = Method::parse(method)
        .ok_or_else(|| format!("input.method {} is not GET or POST", quoted(method)))?;
    let secret = str_field(input, "access_key_secret")?;
    let params = pairs_field(input, "params")?;
    let query = CanonicalQuery::new(params);
    let string_to_sign = StringToSign::new(method, &query);
    let signature = Signature::v1(secret, &string_to_sign);
    Ok(json!({
        "canonical_query": query.as_str(),
        "string_to_sign": string_to_sign.as_str(),
        "signature": signature.as_str(),
    }))
}
