//! `request`: validation and the canonical operation parameters.

use aliyun_ecs_delete::request::{Operation, decode};
use serde_json::{Value, json};

use super::{action_field, pairs_field, pairs_json};

pub(crate) fn run(input: &Value) -> Result<Value, String> {
    let action = action_field(input)?;
    let params = pairs_field(input, "params")?;
    Ok(match decode(action, &params) {
        Ok(decoded) => json!({
            "valid": true,
            "params": pairs_json(decoded.request.params()),
            "warnings": decoded.warnings.iter().map(|w| w.code()).collect::<Vec<_>>(),
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
