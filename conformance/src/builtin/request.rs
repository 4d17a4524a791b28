//! `request`: validation and the canonical operation parameters.

use crate::output::quoted;
use aliyun_ecs_delete::request::{Action, Operation, decode};
use serde_json::{Value, json};

use super::{pairs_field, pairs_json, str_field};

pub(crate) fn run(input: &Value) -> Result<Value, String> {
    let action = str_field(input, "action")?;
    let action = Action::parse(action).ok_or_else(|| {
        format!(
            "input.action {} is not DeleteInstance or DeleteInstances",
            quoted(action)
        )
    })?;
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
