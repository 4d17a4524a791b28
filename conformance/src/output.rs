//! Everything the runner and the command line print goes through here: no control character
//! or escape sequence that came from a vector, a response or an adapter reaches a terminal raw.

use std::fmt::Write as _;

/// `text` with every control character but the newline written as an escape (`\u{1b}`): C0
/// controls, DEL and the C1 controls (U+0080 to U+009F, which some terminals obey too).
pub fn escape_controls(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && c != '\n' {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` as a JSON string literal, to quote a value in a message (never Rust's `Debug`).
pub fn quoted(text: &str) -> String {
    serde_json::Value::from(text).to_string()
}

/// A decoded response as the `response` suite's output keys: the library's own summary (the
/// runner and `parse` both print it this way).
pub fn response_verdict(response: &aliyun_ecs_delete::response::Response) -> serde_json::Value {
    serde_json::to_value(response.summary()).expect("invariant: a summary is plain JSON")
}

/// One JSON document on one line. serde_json escapes the C0 controls; DEL and the C1 controls
/// are escaped here as well (`\u007f`), which keeps the document valid JSON.
pub fn json_line(value: &serde_json::Value) -> String {
    let text = value.to_string();
    if !text.chars().any(|c| c.is_control()) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_control_character_is_escaped() {
        for c in (0u32..0x20).chain(0x7f..0xa0).filter_map(char::from_u32) {
            let shown = escape_controls(&format!("a{c}b"));
            if c == '\n' {
                assert_eq!(shown, "a\nb");
            } else {
                assert!(!shown.contains(c) && shown.starts_with("a\\u{"), "{c:?}");
            }
            let json = json_line(&serde_json::json!({ "m": format!("a{c}b") }));
            assert!(!json.contains(c), "{c:?} in {json}");
            let back: serde_json::Value = serde_json::from_str(&json).expect("still JSON");
            assert_eq!(back["m"], format!("a{c}b"));
        }
        assert_eq!(
            escape_controls("\u{1b}]0;title\u{7}"),
            "\\u{1b}]0;title\\u{7}"
        );
    }
}
