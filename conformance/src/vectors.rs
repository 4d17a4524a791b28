//! Finding and loading vector files.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The schema identifier every vector file carries.
pub const SCHEMA: &str = "ecs-delete-vectors/1";

/// One vector, as read from its file.
#[derive(Debug, Clone)]
pub struct Vector {
    pub id: String,
    pub suite: String,
    pub file: PathBuf,
    pub input: Value,
    pub expected: serde_json::Map<String, Value>,
}

/// A file or vector that could not be read; it counts as a failure.
#[derive(Debug, Clone)]
pub struct LoadError {
    pub what: String,
    pub message: String,
}

/// `path` itself when it is a file, else every `*.json` below it, in a stable (sorted) order.
pub fn discover(dir: &Path) -> Result<Vec<PathBuf>, String> {
    if dir.is_file() {
        return Ok(vec![dir.to_owned()]);
    }
    let mut found = Vec::new();
    walk(dir, &mut found).map_err(|e| format!("{}: {e}", dir.display()))?;
    found.sort();
    Ok(found)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, found)?;
        } else if path.extension().is_some_and(|e| e == "json") {
            found.push(path);
        }
    }
    Ok(())
}

/// Loads one vector file; problems with the file or with single vectors come back as errors.
pub fn load(path: &Path) -> (Vec<Vector>, Vec<LoadError>) {
    let file_error = |message: String| {
        (
            Vec::new(),
            vec![LoadError {
                what: path.display().to_string(),
                message,
            }],
        )
    };
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => return file_error(format!("cannot read: {e}")),
    };
    let doc: Value = match serde_json::from_str(&text) {
        Ok(doc) => doc,
        Err(e) => return file_error(format!("not JSON: {e}")),
    };
    match doc.get("schema").and_then(Value::as_str) {
        Some(SCHEMA) => {}
        other => return file_error(format!("schema is {other:?}, expected {SCHEMA:?}")),
    }
    let Some(suite) = doc.get("suite").and_then(Value::as_str) else {
        return file_error("no `suite` string".into());
    };
    let Some(list) = doc.get("vectors").and_then(Value::as_array) else {
        return file_error("no `vectors` array".into());
    };
    let mut vectors = Vec::new();
    let mut errors = Vec::new();
    for (i, v) in list.iter().enumerate() {
        let id = v.get("id").and_then(Value::as_str);
        let input = v.get("input").filter(|i| i.is_object());
        let expected = v.get("expected").and_then(Value::as_object);
        match (id, input, expected) {
            (Some(id), Some(input), Some(expected)) => vectors.push(Vector {
                id: id.to_owned(),
                suite: suite.to_owned(),
                file: path.to_owned(),
                input: input.clone(),
                expected: expected.clone(),
            }),
            _ => errors.push(LoadError {
                what: format!("{}#{i}", path.display()),
                message:
                    "a vector needs an `id` string, an `input` object and an `expected` object"
                        .into(),
            }),
        }
    }
    (vectors, errors)
}

/// Reads an expected-failures file: one id per line, `#` starts a comment.
pub fn read_expected_failures(path: &Path) -> Result<Vec<String>, String> {
    let text = fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text
        .lines()
        .map(|line| line.split('#').next().unwrap_or("").trim())
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect())
}
