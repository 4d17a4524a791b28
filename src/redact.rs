//! The one redaction routine. Every `Debug`, every `Display`, every error and every decoded
//! text field that could hold a signature or an STS token goes through it; the CLI and the
//! emulator use it for everything they print.
//!
//! A secret is found by the name that introduces it, in any of the spellings a request, a
//! string to sign, a canonical request, an `Authorization` header or a JSON document gives it:
//!
//! - names: `SecurityToken`, `Signature`, `x-acs-security-token` (any case);
//! - then, after an optional closing quote of a JSON key (`"` or `\"`) and spaces, a separator:
//!   `=` (a query), `:` (a header line, a JSON member), or either percent-encoded once (`%3D`,
//!   `%3A`: a string to sign) or twice (`%253D`, `%253A`: a string to sign inside a URL);
//! - then, after spaces and an optional opening quote, the value: the longest run of the bytes
//!   a Base64, hex or percent-encoded value is made of (`A-Z a-z 0-9 + / = % _ . ~ -`), ending
//!   early at the `&` or newline that ends its pair or line, encoded as often as the separator
//!   was (`%26` or `%0A` after `%3D`, `%2526` or `%250A` after `%253D`); after a raw `:`, `,`
//!   too, for a header sent twice, whose values a canonical request joins with `,`.
//!
//! The value is replaced by [`REDACTED`]; the name stays, so a reader still sees what was there.
//! The secret key itself never appears in any text the crate makes: it only keys the HMAC.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use crate::rpc::common::{SECURITY_TOKEN, SECURITY_TOKEN_HEADER, SIGNATURE};

/// What is shown in place of a secret.
pub const REDACTED: &str = "** redacted **";

/// The names whose values are secrets.
const NAMES: [&str; 3] = [SECURITY_TOKEN, SIGNATURE, SECURITY_TOKEN_HEADER];

/// Whether a query or form parameter of this name carries a secret (`Signature`,
/// `SecurityToken`).
pub fn is_secret_parameter(name: &str) -> bool {
    name == SIGNATURE || name == SECURITY_TOKEN
}

/// Whether a header of this name carries a secret in its whole value (`x-acs-security-token`).
/// `Authorization` carries one in its `Signature=` field, which [`redact`] finds.
pub fn is_secret_header(name: &str) -> bool {
    name.eq_ignore_ascii_case(SECURITY_TOKEN_HEADER)
}

/// A header value as it may be shown.
pub fn header_value<'a>(name: &str, value: &'a str) -> Cow<'a, str> {
    if is_secret_header(name) {
        Cow::Borrowed(REDACTED)
    } else {
        redact(value)
    }
}

/// A parameter value as it may be shown.
pub fn parameter_value<'a>(name: &str, value: &'a str) -> Cow<'a, str> {
    if is_secret_parameter(name) {
        Cow::Borrowed(REDACTED)
    } else {
        redact(value)
    }
}

/// `text` with every secret value replaced by [`REDACTED`]; borrowed when there is none.
pub fn redact(text: &str) -> Cow<'_, str> {
    let spans = secret_spans(text);
    if spans.is_empty() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(show(text, 0..text.len(), &spans))
}

/// The part `window` of `text` (byte offsets, on character boundaries), with every secret
/// value that overlaps it replaced: a window that starts inside a secret, after the name that
/// introduced it, still shows none of it.
pub(crate) fn redact_window(text: &str, window: Range<usize>) -> String {
    show(text, window, &secret_spans(text))
}

fn show(text: &str, window: Range<usize>, spans: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(window.len());
    let mut at = window.start;
    for span in spans {
        if span.end <= window.start || span.start >= window.end {
            continue;
        }
        let start = span.start.max(at);
        out.push_str(&text[at..start]);
        out.push_str(REDACTED);
        at = span.end.min(window.end);
    }
    out.push_str(&text[at..window.end]);
    out
}

/// Shows a value through [`redact`] in both `Debug` (quoted) and `Display`.
pub(crate) struct Redacted<'a>(pub(crate) &'a str);

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*redact(self.0), f)
    }
}

impl fmt::Display for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact(self.0))
    }
}

fn is_value_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"+/=%_.~-".contains(&b)
}

/// The byte ranges of the secret values in `text`, in order, not overlapping.
fn secret_spans(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if !matches!(b, b'S' | b's' | b'X' | b'x') {
            i += 1;
            continue;
        }
        let Some(name) = NAMES.iter().find(|n| {
            bytes
                .get(i..i + n.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(n.as_bytes()))
        }) else {
            i += 1;
            continue;
        };
        let after_name = i + name.len();
        match value_after(bytes, after_name) {
            Some(value) if !value.is_empty() => {
                i = value.end;
                spans.push(value);
            }
            _ => i = after_name,
        }
    }
    spans
}

/// The value that follows a name ending at `at`, if a separator follows it.
fn value_after(bytes: &[u8], mut at: usize) -> Option<Range<usize>> {
    let eat = |at: &mut usize, s: &[u8]| {
        let found = bytes.get(*at..*at + s.len()) == Some(s);
        if found {
            *at += s.len();
        }
        found
    };
    let spaces = |at: &mut usize| {
        while [&b" "[..], b"%20", b"%2520"]
            .into_iter()
            .any(|space| eat(at, space))
        {}
    };
    let _ = eat(&mut at, b"\\\"") || eat(&mut at, b"\"");
    spaces(&mut at);
    // The separator says how many times the value was percent-encoded, and so how its pair or
    // line ends: a raw `&` or newline (outside the value's bytes anyway), `%26` / `%0A`, or
    // `%2526` / `%250A`.
    let mut joined = false;
    let stops: &[&[u8]] = if [&b"%253D"[..], b"%253d", b"%253A", b"%253a"]
        .into_iter()
        .any(|sep| eat(&mut at, sep))
    {
        &[b"%2526", b"%250A", b"%250a"]
    } else if [&b"%3D"[..], b"%3d", b"%3A", b"%3a"]
        .into_iter()
        .any(|sep| eat(&mut at, sep))
    {
        &[b"%26", b"%0A", b"%0a"]
    } else if eat(&mut at, b"=") {
        &[]
    } else if eat(&mut at, b":") {
        // A header line: a canonical request joins a repeated header's values with `,`.
        joined = true;
        &[]
    } else {
        return None;
    };
    spaces(&mut at);
    let _ = eat(&mut at, b"\\\"") || eat(&mut at, b"\"");
    let start = at;
    while at < bytes.len() && (is_value_byte(bytes[at]) || (joined && bytes[at] == b',')) {
        if stops.iter().any(|stop| bytes[at..].starts_with(stop)) {
            break;
        }
        at += 1;
    }
    Some(start..at)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "CAIS+gF1q6Ft5B2y/YnHcpl==";

    /// A window shows only its own text: a secret before it or after it adds nothing, one that
    /// overlaps it is replaced.
    #[test]
    fn a_window_shows_its_own_text_and_no_secret() {
        let text = format!("SecurityToken={TOKEN}&a=1&b=2&SecurityToken={TOKEN}");
        let at = |part: &str| text.find(part).expect("present");
        let middle = at("&a=1")..at("&b=2") + 4;
        assert_eq!(redact_window(&text, middle), "&a=1&b=2");
        let overlapping = at("=") + 3..at("&a=1") + 4;
        assert_eq!(redact_window(&text, overlapping), format!("{REDACTED}&a=1"));
    }

    /// A secret parameter or header is hidden whole; any other value is shown, redacted only
    /// where it holds a secret of its own.
    #[test]
    fn values_are_shown_by_their_name() {
        for name in [SIGNATURE, SECURITY_TOKEN] {
            assert!(is_secret_parameter(name));
            assert_eq!(parameter_value(name, TOKEN), REDACTED);
        }
        for name in [
            "InstanceId",
            "signature",
            "SignatureNonce",
            "x-acs-security-token",
        ] {
            assert!(!is_secret_parameter(name), "{name}");
            assert_eq!(parameter_value(name, "i-x"), "i-x");
        }
        for name in [SECURITY_TOKEN_HEADER, "X-Acs-Security-Token"] {
            assert!(is_secret_header(name));
            assert_eq!(header_value(name, TOKEN), REDACTED);
        }
        assert!(!is_secret_header("x-acs-signature-nonce"));
        assert_eq!(header_value("host", "ecs.aliyuncs.com"), "ecs.aliyuncs.com");
        let authorization = format!("ACS3-HMAC-SHA256 Credential=k,Signature={TOKEN}");
        let shown = header_value("authorization", &authorization);
        assert_eq!(
            shown,
            format!("ACS3-HMAC-SHA256 Credential=k,Signature={REDACTED}")
        );
        let query = format!("a=1&Signature={TOKEN}");
        assert_eq!(
            parameter_value("Url", &query),
            format!("a=1&Signature={REDACTED}")
        );
    }

    /// An empty value hides nothing, so nothing is marked: the text is lent back as it is.
    #[test]
    fn an_empty_secret_is_shown_empty() {
        for text in [
            "Signature=&Action=DeleteInstance",
            "SecurityToken=",
            "x-acs-security-token:",
        ] {
            assert!(
                matches!(redact(text), Cow::Borrowed(t) if t == text),
                "{text}"
            );
        }
        let text = format!("Signature=&SecurityToken={TOKEN}");
        assert_eq!(
            redact(&text),
            format!("Signature=&SecurityToken={REDACTED}")
        );
    }

    #[test]
    fn redacted_text_displays_and_debugs_without_the_secret() {
        let text = format!("a=1&SecurityToken={TOKEN}&b=2");
        let shown = Redacted(&text).to_string();
        assert!(shown.starts_with("a=1&SecurityToken=") && shown.ends_with("&b=2"));
        assert!(!shown.contains(TOKEN), "{shown}");
        assert_eq!(format!("{:?}", Redacted(&text)), format!("{shown:?}"));
    }

    #[test]
    fn every_spelling_is_redacted() {
        let enc = "CAIS%2BgF1q6Ft5B2y%2FYnHcpl%3D%3D";
        let enc2 = "CAIS%252BgF1q6Ft5B2y%252FYnHcpl%253D%253D";
        for (text, secret) in [
            (format!("a=1&SecurityToken={enc}&b=2"), enc),
            (format!("SecurityToken={TOKEN}"), TOKEN),
            (
                format!("GET&%2F&A%3D1%26SecurityToken%3D{enc2}%26B%3D2"),
                enc2,
            ),
            (format!("x%3D1%26SecurityToken%253D{enc}%2526y"), enc),
            (
                format!("host:h\nx-acs-security-token:{TOKEN}\nx-acs-version:1"),
                TOKEN,
            ),
            (format!("X-Acs-Security-Token: {TOKEN}"), TOKEN),
            (format!(r#"{{"SecurityToken": "{TOKEN}", "a": 1}}"#), TOKEN),
            (format!(r#"{{\"SecurityToken\":\"{TOKEN}\"}}"#), TOKEN),
            (
                "ACS3-HMAC-SHA256 Credential=id,SignedHeaders=host,Signature=0a1b2c3d".into(),
                "0a1b2c3d",
            ),
            (
                "/?AccessKeyId=id&Signature=Jv4yi8SobFhg5t1C7nWLbhBSFZQ%3D".into(),
                "Jv4yi8SobFhg5t1C7nWLbhBSFZQ%3D",
            ),
            (format!("securitytoken={TOKEN}"), TOKEN),
            (
                format!("x-acs-security-token%3A%20{enc}%0Ax-acs-version%3A%201"),
                enc,
            ),
            (format!("x-acs-security-token%253A%2520{enc2}%250Ax"), enc2),
        ] {
            let shown = redact(&text);
            assert!(!shown.contains(secret), "{text} -> {shown}");
            assert!(shown.contains(REDACTED), "{text} -> {shown}");
        }
    }

    #[test]
    fn other_text_is_left_alone() {
        for text in [
            "SignatureMethod=HMAC-SHA1&SignatureNonce=n&SignatureVersion=1.0",
            "Specified signature is not matched with our calculation.",
            "x-acs-signature-nonce:abc\nx-acs-content-sha256:e3b0",
            "SecurityToken is mandatory for this action.",
            "Signature=",
            "",
        ] {
            assert_eq!(redact(text), text);
        }
    }

    #[test]
    fn values_end_where_the_pair_ends() {
        assert_eq!(
            redact("SecurityToken=t1&x=1&SecurityToken=t2"),
            "SecurityToken=** redacted **&x=1&SecurityToken=** redacted **"
        );
        assert_eq!(
            redact("A%3D1%26SecurityToken%3Dtok%26B%3D2 then SecurityToken%3Dend"),
            "A%3D1%26SecurityToken%3D** redacted **%26B%3D2 then SecurityToken%3D** redacted **"
        );
        // A header sent twice: a canonical request joins its values with `,`; a query's pair
        // still ends at its `,`-free value.
        assert_eq!(
            redact("x-acs-security-token:t1,t2\nx-acs-version:1"),
            "x-acs-security-token:** redacted **\nx-acs-version:1"
        );
        assert_eq!(redact("Signature=s1,x"), "Signature=** redacted **,x");
        let many = "SecurityToken=x&".repeat(10_000);
        assert_eq!(redact(&many).matches(REDACTED).count(), 10_000);
    }

    #[test]
    fn every_window_of_a_text_hides_the_secret() {
        let text = format!("GET&%2F&A%3D1%26SecurityToken%3D{TOKEN}%26Z%3D9");
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        for &start in &boundaries {
            for &end in boundaries.iter().filter(|&&e| e >= start) {
                let shown = redact_window(&text, start..end);
                // No piece of the token of four bytes or more shows.
                for piece in TOKEN.as_bytes().windows(4) {
                    let piece = std::str::from_utf8(piece).unwrap();
                    assert!(!shown.contains(piece), "{start}..{end}: {shown}");
                }
            }
        }
    }
}
