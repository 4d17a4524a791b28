//! Comparing an output with a vector's `expected`, one mismatch per key.

use serde_json::{Map, Value};

use aliyun_ecs_delete::service::State;

/// One key whose value differs.
#[derive(Debug, Clone, PartialEq)]
pub struct Mismatch {
    /// The key of `expected` (or, for a production check, what was compared).
    pub key: String,
    /// What the vector says.
    pub expected: Value,
    /// What the implementation produced (`null` when it produced nothing).
    pub actual: Value,
    /// Which path produced `actual` when it is not the suite's own run (for example
    /// `Signer, POST form`).
    pub via: Option<String>,
}

impl Mismatch {
    /// A mismatch found by the suite's own run.
    pub fn new(key: impl Into<String>, expected: Value, actual: Value) -> Mismatch {
        Mismatch {
            key: key.into(),
            expected,
            actual,
            via: None,
        }
    }
}

/// What comparing one output found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Comparison {
    /// The keys that differ, in the suite's key order.
    pub mismatches: Vec<Mismatch>,
    /// Keys of `expected` that an adapter's partial output left out, so were not compared.
    pub uncompared: Vec<&'static str>,
}

/// Compares `output` with `expected` on every one of a suite's `keys` that `expected` has.
///
/// With `partial` (an adapter's output), a key the implementation did not produce is not
/// compared but listed in [`Comparison::uncompared`], except the suite's `required` key: an SDK
/// that exposes only a final signature can still be checked on it.
pub fn compare(
    (keys, required): (&[&'static str], &str),
    expected: &Map<String, Value>,
    output: &Value,
    partial: bool,
) -> Comparison {
    let mut found = Comparison::default();
    for &key in keys {
        let Some(want) = expected.get(key) else {
            continue;
        };
        let got = output.get(key);
        if partial && got.is_none() && key != required {
            found.uncompared.push(key);
            continue;
        }
        let got = got.unwrap_or(&Value::Null);
        if !same(key, want, got) {
            found
                .mismatches
                .push(Mismatch::new(key, want.clone(), got.clone()));
        }
    }
    found
}

/// Two values of `key` are the same. An `error` object is compared whole, with an absent
/// `parameter` meaning none is named (so it equals a `null` one); a `state` is compared as a
/// fixture with every default filled, accounts left out, each list by id in any order.
fn same(key: &str, want: &Value, got: &Value) -> bool {
    if key == "state" {
        return normalized_state(want) == normalized_state(got);
    }
    if key != "error" {
        return want == got;
    }
    let normal = |v: &Value| {
        v.as_object().map(|o| {
            let mut o = o.clone();
            if o.get("parameter") == Some(&Value::Null) {
                o.remove("parameter");
            }
            o
        })
    };
    match (normal(want), normal(got)) {
        (Some(w), Some(g)) => w == g,
        _ => false,
    }
}

/// A fixture as compared: every default filled, accounts left out, each list sorted by id.
pub(crate) fn normalized_state(fixture: &Value) -> Value {
    let mut fixture = fixture.clone();
    if let Some(map) = fixture.as_object_mut() {
        map.remove("accounts");
    }
    let Ok(state) = State::from_fixture(fixture.to_string().as_bytes()) else {
        return fixture;
    };
    let mut value = state.to_fixture();
    let Some(map) = value.as_object_mut() else {
        return value;
    };
    map.remove("accounts");
    for (list, id) in [
        ("instances", "instance_id"),
        ("disks", "disk_id"),
        ("snapshots", "snapshot_id"),
        ("eips", "allocation_id"),
    ] {
        if let Some(Value::Array(items)) = map.get_mut(list) {
            items.sort_by(|a, b| a[id].as_str().cmp(&b[id].as_str()));
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The keys of the `rpc-sign-v1` and `request` suites (`suite::SUITES`).
    const RPC: (&[&str], &str) = (
        &["canonical_query", "string_to_sign", "signature"],
        "signature",
    );
    const REQUEST: (&[&str], &str) = (&["valid", "params", "warnings", "error"], "valid");

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    fn keys(c: &Comparison) -> Vec<&str> {
        c.mismatches.iter().map(|m| m.key.as_str()).collect()
    }

    #[test]
    fn one_mismatch_per_differing_key_with_both_values() {
        let suite = RPC;
        let expected =
            obj(json!({"canonical_query": "a", "string_to_sign": "b", "signature": "c"}));
        let output = json!({"canonical_query": "a", "string_to_sign": "x", "signature": "y"});
        let c = compare(suite, &expected, &output, false);
        assert_eq!(keys(&c), ["string_to_sign", "signature"]);
        assert_eq!(c.mismatches[0].expected, json!("b"));
        assert_eq!(c.mismatches[0].actual, json!("x"));
        assert!(c.uncompared.is_empty());
    }

    #[test]
    fn unknown_keys_are_ignored_and_absent_keys_are_not_compared() {
        let suite = RPC;
        let expected = obj(json!({"signature": "c", "future_key": 1}));
        let c = compare(suite, &expected, &json!({"signature": "c", "x": 2}), false);
        assert_eq!(c, Comparison::default());
    }

    #[test]
    fn the_error_object_is_compared_whole() {
        let suite = REQUEST;
        let expected = obj(json!({"error": {"code": "x"}}));
        let differs = |output: Value| {
            !compare(suite, &expected, &output, false)
                .mismatches
                .is_empty()
        };
        assert!(!differs(json!({"error": {"code": "x"}})));
        assert!(!differs(json!({"error": {"code": "x", "parameter": null}})));
        assert!(differs(json!({"error": {"code": "x", "parameter": "A"}})));
        assert!(differs(json!({"error": {"code": "x", "message": "m"}})));
        assert!(differs(json!({"error": {"code": "y"}})));
        assert!(differs(json!({"error": "x"})));
        assert!(differs(json!({})));
        let named = obj(json!({"error": {"code": "x", "parameter": "A"}}));
        assert!(
            compare(
                suite,
                &named,
                &json!({"error": {"parameter": "A", "code": "x"}}),
                false
            )
            .mismatches
            .is_empty()
        );
    }

    #[test]
    fn a_partial_output_is_compared_on_what_it_gives_but_never_without_its_required_key() {
        let suite = RPC;
        let expected =
            obj(json!({"canonical_query": "a", "string_to_sign": "b", "signature": "c"}));
        let c = compare(suite, &expected, &json!({"signature": "c"}), true);
        assert!(c.mismatches.is_empty());
        assert_eq!(c.uncompared, ["canonical_query", "string_to_sign"]);
        let c = compare(suite, &expected, &json!({"signature": "x"}), true);
        assert_eq!(keys(&c), ["signature"]);
        let c = compare(suite, &expected, &json!({"canonical_query": "a"}), true);
        assert_eq!(keys(&c), ["signature"]);
        assert_eq!(c.mismatches[0].actual, Value::Null);
        let c = compare(suite, &expected, &json!({"signature": "c"}), false);
        assert_eq!(keys(&c), ["canonical_query", "string_to_sign"]);
    }
}
