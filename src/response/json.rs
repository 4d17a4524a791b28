//! Reading the envelope from a JSON body, as leniently as the official Python SDK's parser.
//!
//! The service's bodies are read by `json.loads` in the official Python SDK, so a body that it
//! accepts must never lose its code here because of a field the envelope does not need. This
//! reader is strict about structure (one object, balanced brackets, commas and colons where
//! they belong, nothing after the end) and lenient about values, as `json.loads` is:
//!
//! - an escape of a lone UTF-16 surrogate (a message cut inside an emoji) becomes U+FFFD;
//! - `NaN`, `Infinity` and `-Infinity` are values;
//! - numbers of any size or precision are kept as the exact text that was sent (`1E2` stays
//!   `1E2`, a 30-digit code stays 30 digits);
//! - nesting has no depth limit (skipping uses a stack on the heap, never recursion);
//! - control characters inside strings are kept (`json.loads(strict=False)`), since refusing
//!   them would only lose a code.
//!
//! Repeated keys and case variants are settled by [`super::envelope::Slot::offer`].

use std::borrow::Cow;

use super::envelope::{Detail, Envelope, Field, Value};

/// The envelope of a JSON body, or `None` when the body is not one JSON object.
pub(crate) fn read(text: &str) -> Option<Envelope<'_>> {
    let mut p = Parser::new(text);
    let mut envelope = Envelope::default();
    p.object(|p, key| {
        match Field::of(&key) {
            Some((Field::AccessDeniedDetail, exact)) => {
                if let Some(detail) = p.detail_value()? {
                    envelope.offer_detail(exact, detail);
                }
            }
            Some((field, exact)) => envelope.offer(field, exact, p.scalar()?),
            None => p.skip_value()?,
        }
        Some(())
    })?;
    p.end()?;
    Some(envelope)
}

/// The detail carried as a JSON-encoded string.
fn read_encoded_detail(text: &str) -> Option<Detail<'static>> {
    let mut p = Parser::new(text);
    let detail = p.detail_object()?;
    p.end()?;
    Some(detail.into_owned())
}

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Parser<'a> {
        Parser { text, at: 0 }
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.at).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    /// Skips white space, then takes `byte` if it is next.
    fn eat(&mut self, byte: u8) -> bool {
        self.ws();
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.eat(byte).then_some(())
    }

    /// Only white space is left.
    fn end(&mut self) -> Option<()> {
        self.ws();
        (self.at == self.text.len()).then_some(())
    }

    fn literal(&mut self, word: &str) -> bool {
        let found = self.bytes()[self.at..].starts_with(word.as_bytes());
        if found {
            self.at += word.len();
        }
        found
    }

    /// An object, calling `member` with each key once the parser stands before its value.
    fn object(
        &mut self,
        mut member: impl FnMut(&mut Parser<'a>, Cow<'a, str>) -> Option<()>,
    ) -> Option<()> {
        self.expect(b'{')?;
        if self.eat(b'}') {
            return Some(());
        }
        loop {
            let key = self.key()?;
            member(self, key)?;
            if self.eat(b'}') {
                return Some(());
            }
            self.expect(b',')?;
        }
    }

    /// A key and the colon after it.
    fn key(&mut self) -> Option<Cow<'a, str>> {
        self.ws();
        let key = self.string()?;
        self.expect(b':')?;
        Some(key)
    }

    /// A string, the parser standing at its opening quote; borrowed when it has no escapes.
    fn string(&mut self) -> Option<Cow<'a, str>> {
        if self.peek() != Some(b'"') {
            return None;
        }
        self.at += 1;
        let start = self.at;
        // Quotes and backslashes are ASCII, so they never stand inside a multi-byte character.
        loop {
            match self.peek()? {
                b'"' => {
                    let s = &self.text[start..self.at];
                    self.at += 1;
                    return Some(Cow::Borrowed(s));
                }
                b'\\' => break,
                _ => self.at += 1,
            }
        }
        let mut out = String::from(&self.text[start..self.at]);
        loop {
            let run = self.at;
            while !matches!(self.peek()?, b'"' | b'\\') {
                self.at += 1;
            }
            out.push_str(&self.text[run..self.at]);
            if self.peek()? == b'"' {
                self.at += 1;
                return Some(Cow::Owned(out));
            }
            self.at += 1;
            let escape = self.peek()?;
            self.at += 1;
            match escape {
                b'"' => out.push('"'),
                b'\\' => out.push('\\'),
                b'/' => out.push('/'),
                b'b' => out.push('\u{8}'),
                b'f' => out.push('\u{c}'),
                b'n' => out.push('\n'),
                b'r' => out.push('\r'),
                b't' => out.push('\t'),
                b'u' => out.push(self.unicode_escape()?),
                _ => return None,
            }
        }
    }

    /// The character of a `\uXXXX` escape (the `\u` already read), pairing surrogates; a lone
    /// surrogate is U+FFFD.
    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        if (0xD800..0xDC00).contains(&first) && self.bytes()[self.at..].starts_with(b"\\u") {
            let save = self.at;
            self.at += 2;
            let second = self.hex4()?;
            if (0xDC00..0xE000).contains(&second) {
                let c = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                return Some(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
            // Not a pair: the second escape is read again on its own.
            self.at = save;
        }
        Some(char::from_u32(first).unwrap_or(char::REPLACEMENT_CHARACTER))
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.text.get(self.at..self.at + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at += 4;
        u32::from_str_radix(digits, 16).ok()
    }

    /// A number as the exact text sent: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    fn number(&mut self) -> Option<&'a str> {
        let start = self.at;
        self.eat_byte(b'-');
        match self.peek()? {
            b'0' => self.at += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.eat_byte(b'.') {
            self.at_least_one_digit()?;
        }
        if self.eat_byte(b'e') || self.eat_byte(b'E') {
            let _ = self.eat_byte(b'+') || self.eat_byte(b'-');
            self.at_least_one_digit()?;
        }
        Some(&self.text[start..self.at])
    }

    fn eat_byte(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
    }

    fn at_least_one_digit(&mut self) -> Option<()> {
        let start = self.at;
        self.digits();
        (self.at > start).then_some(())
    }

    /// Any value, kept when it is text or a number (`null` is as much no text as an object).
    fn scalar(&mut self) -> Option<Value<'a>> {
        self.ws();
        Some(match self.peek()? {
            b'"' => Value::Str(self.string()?),
            b'-' if self.literal("-Infinity") => Value::Other,
            b'-' | b'0'..=b'9' => Value::Num(self.number()?.to_owned()),
            _ => {
                self.skip_value()?;
                Value::Other
            }
        })
    }

    /// A value that is not a container: a string, number or literal.
    fn skip_scalar(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.string().map(drop),
            b'-' | b'0'..=b'9' => {
                if !self.literal("-Infinity") {
                    self.number()?;
                }
                Some(())
            }
            _ => ["null", "true", "false", "NaN", "Infinity"]
                .into_iter()
                .any(|word| self.literal(word))
                .then_some(()),
        }
    }

    /// Skips one value of any depth, with the open containers on a heap stack.
    fn skip_value(&mut self) -> Option<()> {
        let mut open: Vec<u8> = Vec::new();
        loop {
            // A value starts here.
            self.ws();
            match self.peek()? {
                b'{' => {
                    self.at += 1;
                    if !self.eat(b'}') {
                        open.push(b'}');
                        self.key()?;
                        continue;
                    }
                }
                b'[' => {
                    self.at += 1;
                    if !self.eat(b']') {
                        open.push(b']');
                        continue;
                    }
                }
                _ => self.skip_scalar()?,
            }
            // A value ended: close what it closes, or go on to the next member.
            loop {
                let Some(&close) = open.last() else {
                    return Some(());
                };
                if self.eat(close) {
                    open.pop();
                    continue;
                }
                self.expect(b',')?;
                if close == b'}' {
                    self.key()?;
                }
                break;
            }
        }
    }

    /// `AccessDeniedDetail`: an object, or the same object JSON-encoded in a string; anything
    /// else carries no detail.
    fn detail_value(&mut self) -> Option<Option<Detail<'a>>> {
        self.ws();
        match self.peek()? {
            b'{' => self.detail_object().map(Some),
            b'"' => {
                let encoded = self.string()?;
                Some(read_encoded_detail(&encoded))
            }
            _ => self.skip_value().map(|()| None),
        }
    }

    fn detail_object(&mut self) -> Option<Detail<'a>> {
        let mut detail = Detail::default();
        self.object(|p, key| {
            let value = p.scalar()?;
            detail.offer(&key, value);
            Some(())
        })?;
        Some(detail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> Option<Option<String>> {
        read(text).map(|e| e.code.text().map(str::to_owned))
    }

    #[test]
    fn lone_surrogates_become_replacement_characters() {
        let body = r#"{"Code":"Throttling","Message":"Too many \ud83d"}"#;
        let e = read(body).expect("python's json.loads reads it");
        assert_eq!(e.code.text(), Some("Throttling"));
        assert_eq!(e.message.text(), Some("Too many \u{FFFD}"));
        for (escaped, shown) in [
            (r#""\ud83d\ude00""#, "\u{1F600}"),
            (r#""\ude00\ud83d""#, "\u{FFFD}\u{FFFD}"),
            (r#""\ud83d\u0041""#, "\u{FFFD}A"),
            (r#""\ud83d\\""#, "\u{FFFD}\\"),
            (r#""a\u00e9\n\/""#, "a\u{e9}\n/"),
        ] {
            let body = format!(r#"{{"Message":{escaped}}}"#);
            let e = read(&body).expect(escaped);
            assert_eq!(e.message.text(), Some(shown), "{escaped}");
        }
    }

    /// Every escape of RFC 8259 section 7, and nothing else after a backslash.
    #[test]
    fn every_short_escape_reads_as_its_character() {
        let body = r#"{"Message":"q\" s\\ d\/ b\b f\f n\n r\r t\t"}"#;
        let e = read(body).expect("every escape");
        assert_eq!(
            e.message.text(),
            Some("q\" s\\ d/ b\u{8} f\u{c} n\n r\r t\t")
        );
        for bad in [r#""\a""#, r#""\'""#, r#""\x41""#, r#""\u12""#] {
            assert!(read(&format!(r#"{{"Message":{bad}}}"#)).is_none(), "{bad}");
        }
    }

    #[test]
    fn numbers_keep_their_exact_text() {
        for n in [
            "123456789012345678901234567890",
            "1E2",
            "-0",
            "0.10",
            "1e-400",
            "2E+308",
        ] {
            assert_eq!(
                code(&format!(r#"{{"Code":{n}}}"#)),
                Some(Some(n.to_owned()))
            );
        }
        for bad in ["01", "1.", ".5", "1e", "+1", "-", "0x10"] {
            assert_eq!(code(&format!(r#"{{"Code":{bad}}}"#)), None, "{bad}");
        }
    }

    #[test]
    fn python_literals_and_deep_nesting_in_other_fields_are_skipped() {
        let deep = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
        for other in [
            "NaN",
            "Infinity",
            "-Infinity",
            "[NaN, {\"a\": -Infinity}]",
            "{\"a\":{\"b\":[1,2,{\"c\":null}]},\"d\":[]}",
            "\"raw\ttab\"",
            deep.as_str(),
        ] {
            let body = format!(r#"{{"Extra":{other},"Code":"Throttling"}}"#);
            assert_eq!(code(&body), Some(Some("Throttling".into())), "{other}");
        }
    }

    #[test]
    fn structure_is_still_required() {
        for bad in [
            "{",
            "{\"Code\":\"X\"",
            "{\"Code\" \"X\"}",
            "{\"Code\":\"X\",}",
            "{\"Code\":\"X\"} x",
            "{\"Extra\":[1,2,],\"Code\":\"X\"}",
            "{\"Extra\":[1 2],\"Code\":\"X\"}",
            "{\"Extra\":{\"a\"},\"Code\":\"X\"}",
            "{\"Extra\":[}],\"Code\":\"X\"}",
            "{\"Code\":\"bad \\x escape\"}",
            "{\"Code\":\"\\u12\"}",
            "{\"Code\":tru}",
            "{\"Code\":\"unterminated}",
            "[]",
            "{'Code':'X'}",
        ] {
            assert!(read(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn detail_as_object_or_encoded_string() {
        let e = read(r#"{"AccessDeniedDetail":"{\"AuthAction\":\"ecs:DeleteInstance\"}"}"#)
            .expect("valid");
        let (_, detail) = e.detail.expect("detail");
        assert_eq!(detail.slots[6].text(), Some("ecs:DeleteInstance"));
        let e = read(r#"{"accessDeniedDetail":{"authAction":"a","x":[{}]}}"#).expect("valid");
        assert_eq!(e.detail.expect("detail").1.slots[6].text(), Some("a"));
        let e = read(r#"{"AccessDeniedDetail":[1],"Code":"X"}"#).expect("valid");
        assert!(e.detail.is_none());
    }
}
