//! The one reader of vector files: the runner, the command line and every test that reads a
//! vector go through it.

use crate::output::quoted;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// The schema identifier every vector file carries.
pub const SCHEMA: &str = "ecs-delete-vectors/1";

/// One vector, as read from its file.
#[derive(Debug, Clone, PartialEq)]
pub struct Vector {
    /// The vector's id, unique across every file.
    pub id: String,
    /// The suite of the file it came from.
    pub suite: String,
    /// The file it came from.
    pub file: PathBuf,
    /// Where its expected values come from (`vendor-doc`, `official-sdk:...`, `hand-derived`).
    pub source: Option<String>,
    /// The input object.
    pub input: Value,
    /// The expected output keys.
    pub expected: serde_json::Map<String, Value>,
}

/// A file or vector that could not be read; it counts as a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file, or `file#index` for one vector of it.
    pub what: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.what, self.message)
    }
}

/// The repository's own vectors, `conformance/vectors`.
pub fn repository_vectors() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/vectors"))
}

/// Every vector under `path` (a file or a folder), or the first problem with any of them.
pub fn load_all(path: &Path) -> Result<Vec<Vector>, LoadError> {
    let files = discover(path).map_err(|message| LoadError {
        what: path.display().to_string(),
        message,
    })?;
    let mut all = Vec::new();
    for file in files {
        let (found, errors) = load(&file);
        if let Some(error) = errors.into_iter().next() {
            return Err(error);
        }
        all.extend(found);
    }
    Ok(all)
}

/// The vector `id` of the repository's own vectors (for tests; panics with a clear message when
/// it is missing, which is what a test wants).
pub fn repository_vector(id: &str) -> Vector {
    let suite = id.split('/').next().unwrap_or(id);
    let vectors = load_all(&repository_vectors().join(suite))
        .unwrap_or_else(|e| panic!("the repository's vectors do not load: {e}"));
    vectors
        .into_iter()
        .find(|v| v.id == id)
        .unwrap_or_else(|| panic!("no vector {id} in conformance/vectors/{suite}"))
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
        _ => {
            let found = doc
                .get("schema")
                .map_or("nothing".to_owned(), Value::to_string);
            return file_error(format!("schema is {found}, expected \"{SCHEMA}\""));
        }
    }
    let Some(suite) = doc.get("suite").and_then(Value::as_str) else {
        return file_error("no `suite` string".into());
    };
    let Some(list) = doc.get("vectors").and_then(Value::as_array) else {
        return file_error("no `vectors` array".into());
    };
    if crate::suite::find(suite).is_none() {
        let known: Vec<&str> = crate::suite::SUITES.iter().map(|s| s.name).collect();
        return file_error(format!(
            "suite {} is not one this runner knows ({})",
            quoted(suite),
            known.join(", ")
        ));
    }
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
                source: v.get("source").and_then(Value::as_str).map(str::to_owned),
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
