//! The one table of suites: per suite, the keys of `expected` a runner compares, the key every
//! output must carry, and how this crate runs it.

use serde_json::{Map, Value};

use crate::builtin;
use crate::compare::Mismatch;

/// One suite of the specification (`conformance/SPEC.md` section 3).
#[derive(Debug)]
pub struct Suite {
    /// The name in a vector file's `suite`.
    pub name: &'static str,
    /// The keys of `expected` that are compared; others are ignored.
    pub keys: &'static [&'static str],
    /// The key every output must carry, even an adapter's partial one.
    pub required: &'static str,
    /// This crate's implementation, when the runner has one.
    builtin: Option<BuiltinRun>,
    /// A second check through the production API (the typed request and `Signer`), for the
    /// vectors whose input such a request can express; `None` when a vector's input cannot be.
    production: Option<ProductionCheck>,
}

/// Runs a vector's input through this crate: its output object, or why the input is not of the
/// suite's form.
type BuiltinRun = fn(&Value) -> Result<Value, String>;

/// Runs a vector through the production API: `None` when its input is not a request the typed
/// API can express, else every mismatch against what the vector says.
type ProductionCheck = fn(&Value, &Map<String, Value>) -> Option<Vec<Mismatch>>;

/// Every suite, in the specification's order.
pub static SUITES: &[Suite] = &[
    Suite {
        name: "rpc-sign-v1",
        keys: &["canonical_query", "string_to_sign", "signature"],
        required: "signature",
        builtin: Some(builtin::rpc_sign_v1::run),
        production: Some(builtin::typed::v1),
    },
    Suite {
        name: "acs3-sign",
        keys: &[
            "canonical_request",
            "hashed_canonical_request",
            "string_to_sign",
            "signature",
            "authorization",
        ],
        required: "signature",
        builtin: Some(builtin::acs3_sign::run),
        production: Some(builtin::typed::v3),
    },
    Suite {
        name: "request",
        keys: &["valid", "params", "warnings", "error"],
        required: "valid",
        builtin: Some(builtin::request::run),
        production: None,
    },
    Suite {
        name: "response",
        keys: &[
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
        required: "outcome",
        builtin: Some(builtin::response::run),
        production: None,
    },
    Suite {
        name: "verify",
        keys: &["valid", "error", "action", "params"],
        required: "valid",
        builtin: Some(builtin::verify::run),
        production: None,
    },
    Suite {
        name: "service",
        keys: &["responses", "state"],
        required: "responses",
        builtin: Some(builtin::service::run),
        production: None,
    },
];

/// Checks, once before a run, that an emulator answers at `endpoint` (`http://HOST:PORT`).
pub fn probe_endpoint(endpoint: &str) -> Result<(), String> {
    builtin::service::probe_over_http(endpoint)
}

/// The suite named `name`.
pub fn find(name: &str) -> Option<&'static Suite> {
    SUITES.iter().find(|s| s.name == name)
}

/// What running one vector produced.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The output object, with the keys of `expected`.
    Output(Value),
    /// The implementation does not cover this vector (counted as skipped), and why.
    Unsupported(String),
    /// The vector's input is not of the suite's form (counted as failed).
    BadInput(String),
}

impl Suite {
    /// Runs a vector's input through this crate.
    pub fn run_builtin(&self, input: &Value) -> Outcome {
        match self.builtin {
            None => Outcome::Unsupported(format!(
                "suite `{}` is not implemented by this runner yet",
                self.name
            )),
            Some(run) => match run(input) {
                Ok(output) => Outcome::Output(output),
                Err(message) => Outcome::BadInput(message),
            },
        }
    }

    /// Runs a vector against an emulator at `endpoint` (`http://HOST:PORT`): the `service`
    /// suite only, every other is not an emulator's to answer.
    pub fn run_endpoint(&self, endpoint: &str, input: &Value) -> Outcome {
        if self.name != "service" {
            return Outcome::Unsupported("--endpoint checks the service suite only".into());
        }
        match builtin::service::run_over_http(endpoint, input) {
            Ok(output) => Outcome::Output(output),
            Err(message) => Outcome::BadInput(message),
        }
    }

    /// Runs a vector through the production API as well: `None` when the suite has no such
    /// check or the vector's input is not a request the typed API can express.
    pub fn run_production(
        &self,
        input: &Value,
        expected: &Map<String, Value>,
    ) -> Option<Vec<Mismatch>> {
        self.production.and_then(|check| check(input, expected))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_each_required_key_is_compared() {
        for (i, s) in SUITES.iter().enumerate() {
            assert!(s.keys.contains(&s.required), "{}", s.name);
            assert!(SUITES[..i].iter().all(|t| t.name != s.name), "{}", s.name);
            assert!(std::ptr::eq(find(s.name).expect("found"), s));
        }
        assert!(find("rpc-sign-v2").is_none());
    }
}
