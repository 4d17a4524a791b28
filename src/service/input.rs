//! Reading what the control API is given (a fixture, a fault, an instance, the clock): one
//! JSON object, read strictly, every refusal naming its field and saying in words what is wrong.

use serde::de::DeserializeOwned;

/// Why a fixture, a fault or another control-API input was refused: the field (a path such as
/// `instances[3].status`; empty for the whole document) and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", if field.is_empty() { String::new() } else { format!("{field}: ") })]
pub struct InputError {
    field: String,
    message: String,
}

impl InputError {
    /// A refusal of `field`; the message is cut to 256 bytes and redacted, so that no input,
    /// however long or secret, is echoed whole.
    pub(crate) fn new(field: impl Into<String>, message: impl Into<String>) -> InputError {
        let mut message = crate::redact::redact(&message.into()).into_owned();
        super::journal::cut(&mut message);
        let mut field = field.into();
        super::journal::cut(&mut field);
        InputError { field, message }
    }

    /// The field, as a path (`instances[3].status`); empty when the whole document is wrong.
    pub fn field(&self) -> &str {
        &self.field
    }

    /// What is wrong with it.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The control API's error body: `{"error": "…", "field": "…"}`.
    pub(crate) fn to_json(&self) -> serde_json::Value {
        serde_json::json!({ "error": self.message, "field": self.field })
    }
}

/// Reads `json` as one JSON object of type `T` (`what` names it in a refusal).
pub(crate) fn read_object<T: DeserializeOwned>(json: &[u8], what: &str) -> Result<T, InputError> {
    // serde reads a struct from an array too (its fields by position): an input is an object.
    if json.trim_ascii_start().first() != Some(&b'{') {
        return Err(InputError::new("", format!("{what} is one JSON object")));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(refusal)?;
    deserializer
        .end()
        .map_err(|e| InputError::new("", format!("text after {what}: {}", words(&e))))?;
    Ok(value)
}

/// Reads a JSON value as `T` (an input already read as JSON, then completed).
pub(crate) fn read_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, InputError> {
    serde_path_to_error::deserialize(value).map_err(refusal)
}

fn refusal(e: serde_path_to_error::Error<serde_json::Error>) -> InputError {
    let mut field = e.path().to_string();
    if field == "." || field == "?" {
        field.clear();
    }
    let inner = e.inner();
    let message = words(inner);
    // serde names a missing field in the message and the object in the path.
    if let Some(missing) = message
        .strip_prefix("missing field `")
        .and_then(|m| m.strip_suffix('`'))
    {
        let sep = if field.is_empty() { "" } else { "." };
        return InputError::new(format!("{field}{sep}{missing}"), "is required");
    }
    InputError::new(field, message)
}

/// serde_json's message without its position, or, for text that is not JSON, with it in words.
fn words(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let position = format!(" at line {} column {}", e.line(), e.column());
    let bare = text.strip_suffix(&position).unwrap_or(&text);
    if e.is_syntax() || e.is_eof() {
        format!(
            "not valid JSON ({bare}, line {} column {})",
            e.line(),
            e.column()
        )
    } else {
        bare.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Thing {
        name: String,
        #[serde(default)]
        parts: Vec<Part>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Part {
        size: u8,
    }

    #[test]
    fn a_refusal_names_its_field_in_words() {
        for (json, field, message) in [
            (
                r#"{"name": "a", "colour": 1}"#,
                "colour",
                "unknown field `colour`, expected `name` or `parts`",
            ),
            (r#"{"parts": []}"#, "name", "is required"),
            (
                r#"{"name": "a", "parts": [{"size": 1}, {}]}"#,
                "parts[1].size",
                "is required",
            ),
            (
                r#"{"name": "a", "parts": [{"size": 300}]}"#,
                "parts[0].size",
                "invalid value: integer `300`, expected u8",
            ),
            (
                r#"{"name": "a""#,
                "",
                "not valid JSON (EOF while parsing an object, line 1 column 12)",
            ),
            (
                r#"{"name": "a"} {}"#,
                "",
                "text after a thing: not valid JSON (trailing characters, line 1 column 15)",
            ),
            ("[\"a\"]", "", "a thing is one JSON object"),
        ] {
            let error = read_object::<Thing>(json.as_bytes(), "a thing").expect_err(json);
            assert_eq!((error.field(), error.message()), (field, message), "{json}");
        }
        let long = format!(r#"{{"name": "a", "{}": 1}}"#, "x".repeat(100_000));
        let error = read_object::<Thing>(long.as_bytes(), "a thing").expect_err("long");
        assert!(error.to_string().len() < 700, "{error}");
        assert_eq!(
            InputError::new("now", "not a time").to_json(),
            serde_json::json!({"error": "not a time", "field": "now"})
        );
    }
}
