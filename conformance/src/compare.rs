//! Comparing an output with a vector's `expected`, one message per mismatching key.

use serde_json::{Map, Value};

use crate::suites::known_keys;

/// The key every output of a suite must carry, even from a partial implementation.
fn required_key(suite: &str) -> Option<&'static str> {
    match suite {
        "rpc-sign-v1" | "acs3-sign" => Some("signature"),
        "request" | "verify" => Some("valid"),
        "response" => Some("outcome"),
        _ => None,
    }
}

/// Every known key of `expected` that `output` does not match, as a message naming the key.
///
/// With `partial` (an adapter's output), a key the implementation did not produce is not
/// compared, except the suite's required key: an SDK that exposes only a final signature can
/// still be checked on it.
pub fn compare(
    suite: &str,
    expected: &Map<String, Value>,
    output: &Value,
    partial: bool,
) -> Vec<String> {
    let mut messages = Vec::new();
    for key in known_keys(suite) {
        let Some(want) = expected.get(*key) else {
            continue;
        };
        if partial && output.get(*key).is_none() && required_key(suite) != Some(*key) {
            continue;
        }
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
        let m = compare("rpc-sign-v1", &expected, &output, false);
        assert_eq!(m.iter().filter(|l| l.starts_with('[')).count(), 2);
        assert!(m[0].starts_with("[string_to_sign]"));
    }

    #[test]
    fn unknown_keys_are_ignored_and_absent_keys_are_not_compared() {
        let expected = obj(json!({"signature": "c", "future_key": 1}));
        assert!(compare("rpc-sign-v1", &expected, &json!({"signature": "c"}), false).is_empty());
    }

    #[test]
    fn error_parameter_absent_equals_null_but_not_a_value() {
        let expected = obj(json!({"error": {"code": "x"}}));
        let null = json!({"error": {"code": "x", "parameter": null}});
        assert!(compare("request", &expected, &null, false).is_empty());
        let named = json!({"error": {"code": "x", "parameter": "A"}});
        assert!(!compare("request", &expected, &named, false).is_empty());
    }

    #[test]
    fn a_partial_output_is_compared_on_what_it_gives_but_never_without_its_required_key() {
        let expected =
            obj(json!({"canonical_query": "a", "string_to_sign": "b", "signature": "c"}));
        assert!(compare("rpc-sign-v1", &expected, &json!({"signature": "c"}), true).is_empty());
        assert!(!compare("rpc-sign-v1", &expected, &json!({"signature": "x"}), true).is_empty());
        assert!(
            !compare(
                "rpc-sign-v1",
                &expected,
                &json!({"canonical_query": "a"}),
                true
            )
            .is_empty()
        );
        assert!(!compare("rpc-sign-v1", &expected, &json!({"signature": "c"}), false).is_empty());
    }
}
