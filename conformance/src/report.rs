//! What a run found, as text for people and as one JSON document for machines.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{Value, json};

use crate::compare::Mismatch;

/// The longest rendering of a vector's input shown in a text report.
const INPUT_SHOWN_CHARS: usize = 600;

/// The outcome of a whole run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Vectors whose every compared key matched.
    pub passed: usize,
    /// Vectors that failed, plus files that did not load and stale expected-failure entries.
    pub failed: usize,
    /// Vectors the implementation does not support, and expected failures that failed.
    pub skipped: usize,
    /// One entry per failure, in the order found.
    pub failures: Vec<Failure>,
    /// In adapter mode: per key, how many vectors had it in `expected` while the adapter's
    /// output left it out, so it was not compared.
    pub uncompared: BTreeMap<&'static str, usize>,
    /// How many vectors were also signed through the production `Signer` and compared.
    pub signer_checked: usize,
    /// How many vectors were run and compared, whatever the outcome (skipped ones are not).
    pub compared: usize,
    /// The suites of which vectors were selected and every one was skipped.
    pub skipped_suites: Vec<&'static str>,
}

/// One failure.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// The vector id, or the file (or `file#index`) that did not load, or a stale list entry.
    pub id: String,
    /// The vector's file, when there is a vector.
    pub file: Option<PathBuf>,
    /// The vector's input, when there is a vector.
    pub input: Option<Value>,
    /// What went wrong.
    pub problem: Problem,
}

/// What went wrong with one vector.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// Keys whose values differ.
    Mismatches(Vec<Mismatch>),
    /// Anything else: a file that does not load, an input not of the suite's form, an
    /// expected-failures entry that is stale or now passes.
    Message(String),
}

impl Report {
    /// The closing line: `N passed, N failed, N skipped`.
    pub fn summary(&self) -> String {
        format!(
            "{} passed, {} failed, {} skipped",
            self.passed, self.failed, self.skipped
        )
    }

    /// Nothing failed, and something was compared: a run that checked nothing (an adapter
    /// that answers `unsupported` to everything) never passes.
    pub fn ok(&self) -> bool {
        self.failed == 0 && self.compared > 0
    }

    /// The report as text lines (without the closing line): each failure with its file, its
    /// input (secrets hidden, long inputs cut) and one expected/actual pair per key; then what
    /// an adapter left uncompared.
    pub fn text_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        for f in &self.failures {
            lines.push(format!("FAIL {}", f.id));
            if let Some(file) = &f.file {
                lines.push(format!("    file:     {}", file.display()));
            }
            if let Some(input) = &f.input {
                lines.push(format!("    input:    {}", shown_input(input)));
            }
            match &f.problem {
                Problem::Message(message) => lines.push(format!("    {message}")),
                Problem::Mismatches(found) => {
                    for m in found {
                        let via = m
                            .via
                            .as_ref()
                            .map(|v| format!(" via {v}"))
                            .unwrap_or_default();
                        lines.push(format!("    [{}]{via}", m.key));
                        lines.push(format!("      expected {}", m.expected));
                        lines.push(format!("      actual   {}", m.actual));
                    }
                }
            }
        }
        if !self.skipped_suites.is_empty() {
            lines.push(format!(
                "every selected vector of {} was skipped",
                self.skipped_suites
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if self.compared == 0 {
            lines.push("nothing was compared: a run that checks nothing does not pass".into());
        }
        if !self.uncompared.is_empty() {
            let keys: Vec<String> = self
                .uncompared
                .iter()
                .map(|(k, n)| format!("{k} ({n})"))
                .collect();
            lines.push(format!(
                "not compared, left out of the adapter's output: {}",
                keys.join(", ")
            ));
        }
        lines
    }

    /// The report as one JSON document.
    pub fn to_json(&self) -> Value {
        let failures: Vec<Value> = self
            .failures
            .iter()
            .map(|f| {
                let mut entry = json!({
                    "id": f.id,
                    "file": f.file.as_ref().map(|p| p.display().to_string()),
                    "input": f.input.as_ref().map(redacted_input),
                });
                match &f.problem {
                    Problem::Message(message) => entry["message"] = message.as_str().into(),
                    Problem::Mismatches(found) => {
                        entry["mismatches"] = found
                            .iter()
                            .map(|m| {
                                json!({
                                    "key": m.key,
                                    "expected": m.expected,
                                    "actual": m.actual,
                                    "via": m.via,
                                })
                            })
                            .collect();
                    }
                }
                entry
            })
            .collect();
        json!({
            "passed": self.passed,
            "failed": self.failed,
            "skipped": self.skipped,
            "uncompared": self.uncompared,
            "signer_checked": self.signer_checked,
            "compared": self.compared,
            "skipped_suites": self.skipped_suites,
            "failures": failures,
        })
    }
}

/// The input with every `access_key_secret` hidden (a vector's secret is test data, but a
/// report is output, and no output shows a secret).
fn redacted_input(input: &Value) -> Value {
    match input {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let v = if k == "access_key_secret" && v.is_string() {
                        Value::from("** redacted **")
                    } else {
                        redacted_input(v)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(redacted_input).collect()),
        other => other.clone(),
    }
}

/// The input on one line, secrets hidden, cut after [`INPUT_SHOWN_CHARS`] characters.
fn shown_input(input: &Value) -> String {
    let text = redacted_input(input).to_string();
    let total = text.chars().count();
    if total <= INPUT_SHOWN_CHARS {
        return text;
    }
    let cut: String = text.chars().take(INPUT_SHOWN_CHARS).collect();
    format!(
        "{cut}... ({} more characters; the whole input is in the file)",
        total - INPUT_SHOWN_CHARS
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failing() -> Report {
        Report {
            failed: 1,
            failures: vec![Failure {
                id: "rpc-sign-v1/x".into(),
                file: Some(PathBuf::from("v/x.json")),
                input: Some(json!({"access_key_secret": "s3cr3t", "params": [["A", "b"]]})),
                problem: Problem::Mismatches(vec![Mismatch::new(
                    "signature",
                    json!("good"),
                    json!("bad"),
                )]),
            }],
            ..Report::default()
        }
    }

    #[test]
    fn text_names_file_input_key_expected_and_actual_without_the_secret() {
        let text = failing().text_lines().join("\n");
        for part in [
            "FAIL rpc-sign-v1/x",
            "file:     v/x.json",
            r#""params":[["A","b"]]"#,
            "[signature]",
            r#"expected "good""#,
            r#"actual   "bad""#,
        ] {
            assert!(text.contains(part), "{part} in {text}");
        }
        assert!(!text.contains("s3cr3t"));
    }

    #[test]
    fn json_has_structured_entries_without_the_secret() {
        let doc = failing().to_json();
        let m = &doc["failures"][0]["mismatches"][0];
        assert_eq!(m["key"], "signature");
        assert_eq!(m["expected"], "good");
        assert_eq!(m["actual"], "bad");
        assert_eq!(doc["failures"][0]["file"], "v/x.json");
        assert_eq!(doc["failures"][0]["input"]["params"], json!([["A", "b"]]));
        assert!(!doc.to_string().contains("s3cr3t"));
    }

    #[test]
    fn a_long_input_is_cut_in_text() {
        let input = json!({ "body": "x".repeat(5000) });
        let shown = shown_input(&input);
        assert!(shown.len() < 800 && shown.contains("more characters"));
    }
}
