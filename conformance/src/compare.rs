//! Comparing an output with a vector's `expected`, one message per mismatching key.

use serde_json::{Map, Value};

use crate::suites::known_keys;

/// Every known key of `expected` that `output` does not match, as a message naming the key.
pub fn compare(suite: &str, expected: &Map<String, Value>, output: &Value) -> Vec<String> {
    let mut messages = Vec::new();
    for key in known_keys(suite) {
        let Some(want) = expected.get(*key) else {
            continue;
        };
        let got = output.get(*key).unwrap_or(&Value::Null);
        let same = match *key {
            "error" => error_eq(want, got),
            _ => want == got,
        };
        if !same {
            messages.push(format!("[{key}] expected {want}"));
            messages.push(format!(
                "{:width$} got      {got}",
                "",
                width = key.len() + 2
            ));
        }
    }
    messages
}

/// `{code, parameter}`: an absent parameter equals a null one.
fn error_eq(want: &Value, got: &Value) -> bool {
    let field = |v: &Value, k: &str| v.get(k).cloned().unwrap_or(Value::Null);
    want.is_object()
        && got.is_object()
        && field(want, "code") == field(got, "code")
        && field(want, "parameter") == field(got, "parameter")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn one_message_per_mismatching_key() {
        let expected =
            obj(json!({"canonical_query": "a", "string_to_sign": "b", "signature": "c"}));
        let output = json!({"canonical_query": "a", "string_to_sign": "x", "signature": "y"});
        let m = compare("rpc-sign-v1", &expected, &output);
        assert_eq!(m.iter().filter(|l| l.starts_with('[')).count(), 2);
        assert!(m[0].starts_with("[string_to_sign]"));
    }

    #[test]
    fn unknown_keys_are_ignored_and_absent_keys_are_not_compared() {
        let expected = obj(json!({"signature": "c", "future_key": 1}));
        assert!(compare("rpc-sign-v1", &expected, &json!({"signature": "c"})).is_empty());
    }

    #[test]
    fn error_parameter_absent_equals_null_but_not_a_value() {
        let expected = obj(json!({"error": {"code": "x"}}));
        assert!(
            compare(
                "request",
                &expected,
                &json!({"error": {"code": "x", "parameter": null}})
            )
            .is_empty()
        );
        assert!(
            !compare(
                "request",
                &expected,
                &json!({"error": {"code": "x", "parameter": "A"}})
            )
            .is_empty()
        );
    }
}
