//! The headers of a V3 request as the verifier reads them: the `Authorization` header split
//! once, the headers it must find, and the rule that every header it trusts is signed.

use super::super::VerifyError;
use crate::algorithm::Algorithm;
use crate::canonical::v3::trimmed;
use crate::rpc::v3;

/// The header that carries the signature.
pub(super) const AUTHORIZATION: &str = "Authorization";

/// The headers every V3 request carries, in the order their absence is reported, with
/// [`BODY_HASH`] standing for the algorithm's body hash header.
pub(super) const REQUIRED_HEADERS: [&str; 6] = [
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    BODY_HASH,
    "host",
];

/// The place of the algorithm's body hash header in [`REQUIRED_HEADERS`].
const BODY_HASH: &str = "";

/// The headers the verifier reads one value from, in the order a repeated one is reported
/// ([`BODY_HASH`] standing for the algorithm's): a header sent twice is one line of joined
/// values in the canonical request, so the value checked and the value signed would differ.
const SINGLE_HEADERS: [&str; 7] = [
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-action",
    "x-acs-version",
    BODY_HASH,
    "host",
    "authorization",
];

/// The required headers of `algorithm`, in the order their absence is reported.
pub(super) fn required_headers(algorithm: Algorithm) -> impl Iterator<Item = &'static str> {
    REQUIRED_HEADERS.into_iter().map(move |h| {
        if h == BODY_HASH {
            algorithm.body_hash_header()
        } else {
            h
        }
    })
}

/// The parts of `Authorization: ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…`.
pub(super) struct Authorization<'a> {
    pub(super) algorithm: Algorithm,
    pub(super) credential: &'a str,
    /// The names `SignedHeaders` lists.
    pub(super) signed_headers: SignedHeaders<'a>,
    pub(super) signature: &'a str,
}

/// The names `SignedHeaders` lists, split once: on the stack for the handful a request signs.
pub(super) enum SignedHeaders<'a> {
    Few([&'a str; 12], usize),
    Many(Vec<&'a str>),
}

impl<'a> SignedHeaders<'a> {
    pub(super) fn parse(list: &'a str) -> SignedHeaders<'a> {
        let mut few = [""; 12];
        let mut count = 0;
        // A byte loop: the list is short, and its names shorter than a search call is worth.
        let mut start = 0;
        for (at, _) in list.bytes().enumerate().filter(|(_, b)| *b == b';') {
            match few.get_mut(count) {
                Some(slot) => *slot = &list[start..at],
                None => return SignedHeaders::Many(list.split(';').collect()),
            }
            count += 1;
            start = at + 1;
        }
        match few.get_mut(count) {
            Some(slot) => *slot = &list[start..],
            None => return SignedHeaders::Many(list.split(';').collect()),
        }
        SignedHeaders::Few(few, count + 1)
    }

    pub(super) fn as_slice(&self) -> &[&'a str] {
        match self {
            SignedHeaders::Few(names, count) => &names[..*count],
            SignedHeaders::Many(names) => names,
        }
    }

    /// Whether `name` is listed (in any case).
    pub(super) fn contains(&self, name: &str) -> bool {
        self.as_slice().iter().any(|s| s.eq_ignore_ascii_case(name))
    }
}

/// `Authorization`'s first word, the algorithm's name, and the rest: the one reading of it for
/// the verifier, its repeated-header check (which comes before the header is parsed) and the
/// emulator's journal (which names the algorithm of a request it could not parse).
pub(crate) fn split_algorithm(value: &str) -> (&str, &str) {
    let value = value.trim();
    value.split_once(' ').unwrap_or((value, ""))
}

/// Splits the header in one pass; of a key given twice, the first counts.
pub(super) fn parse_authorization(value: &str) -> Result<Authorization<'_>, VerifyError> {
    if value.trim().is_empty() {
        return Err(VerifyError::MissingSignature {
            parameter: AUTHORIZATION,
        });
    }
    let (algorithm, rest) = split_algorithm(value);
    let algorithm: Algorithm =
        algorithm
            .parse()
            .map_err(|_| VerifyError::UnsupportedSignatureMethod {
                parameter: AUTHORIZATION,
                found: algorithm.to_owned(),
            })?;
    let (mut signature, mut credential, mut signed_headers) = (None, None, None);
    for part in rest.split(',').map(str::trim) {
        let (field, value) = if let Some(v) = part.strip_prefix("Signature=") {
            (&mut signature, v)
        } else if let Some(v) = part.strip_prefix("Credential=") {
            (&mut credential, v)
        } else if let Some(v) = part.strip_prefix("SignedHeaders=") {
            (&mut signed_headers, v)
        } else {
            continue;
        };
        field.get_or_insert(value);
    }
    let signature = signature.ok_or(VerifyError::MissingSignature {
        parameter: AUTHORIZATION,
    })?;
    let credential = credential.ok_or(VerifyError::MissingParameter {
        parameter: "Credential",
    })?;
    let signed_headers = signed_headers.ok_or(VerifyError::MissingParameter {
        parameter: "SignedHeaders",
    })?;
    Ok(Authorization {
        algorithm,
        credential,
        signed_headers: SignedHeaders::parse(signed_headers),
        signature,
    })
}

/// The headers a request sent that its `SignedHeaders` lists, in the order sent (on the stack:
/// a request signs a handful; on the heap past [`SignedLines::ROOM`]), found in one pass with
/// the first header that must be signed but is not. They are exactly the headers the canonical
/// request is built from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct SignedLines<'h> {
    lines: [(&'h str, &'h str); SignedLines::ROOM],
    /// How many were found.
    count: usize,
    /// All of them, once there are more than [`SignedLines::ROOM`].
    spill: Vec<(&'h str, &'h str)>,
}

impl<'h> SignedLines<'h> {
    const ROOM: usize = 16;

    /// The listed headers of `headers`, and the first header that must be signed but `signed`
    /// leaves out, in the order one is reported: `host`, then `content-type` when present, then
    /// every `x-acs-*` header present, lower-cased and sorted. Names that are not HTTP tokens
    /// cannot be sent and are never signed, so they are left out. Allocates only to report one.
    pub(super) fn find<N: AsRef<str>, V: AsRef<str>>(
        headers: &'h [(N, V)],
        signed: &SignedHeaders<'_>,
    ) -> (SignedLines<'h>, Option<String>) {
        let mut found = SignedLines {
            lines: [("", ""); SignedLines::ROOM],
            count: 0,
            spill: Vec::new(),
        };
        let mut content_type_unsigned = false;
        let mut first_x_acs: Option<&str> = None;
        for (name, value) in headers {
            let (name, value) = (name.as_ref(), value.as_ref());
            let token = v3::is_token(name);
            if token && signed.contains(name) {
                found.push((name, value));
            } else if name.eq_ignore_ascii_case("content-type") {
                content_type_unsigned = true;
            } else if token
                && name
                    .get(..6)
                    .is_some_and(|p| p.eq_ignore_ascii_case("x-acs-"))
                && first_x_acs.is_none_or(|first| lower(name).lt(lower(first)))
            {
                first_x_acs = Some(name);
            }
        }
        let unsigned = if !signed.contains("host") {
            Some("host".to_owned())
        } else if content_type_unsigned {
            Some("content-type".to_owned())
        } else {
            first_x_acs.map(str::to_ascii_lowercase)
        };
        (found, unsigned)
    }

    fn push(&mut self, line: (&'h str, &'h str)) {
        match self.lines.get_mut(self.count) {
            Some(slot) => *slot = line,
            None => {
                if self.spill.is_empty() {
                    self.spill.extend_from_slice(&self.lines);
                }
                self.spill.push(line);
            }
        }
        self.count += 1;
    }

    /// The lines, to read.
    pub(super) fn as_slice(&self) -> &[(&'h str, &'h str)] {
        match self.lines.get(..self.count) {
            Some(lines) => lines,
            None => &self.spill,
        }
    }

    /// The lines, to sort.
    pub(super) fn lines(&mut self) -> &mut [(&'h str, &'h str)] {
        match self.lines.get_mut(..self.count) {
            Some(lines) => lines,
            None => &mut self.spill,
        }
    }
}

/// `name` lower-cased, as a sequence to compare.
fn lower(name: &str) -> impl Iterator<Item = u8> + '_ {
    name.bytes().map(|b| b.to_ascii_lowercase())
}

/// The headers a V3 verifier reads, looked for in one pass over the request's headers.
const KNOWN_HEADERS: [&str; 10] = [
    "authorization",
    "content-type",
    v3::SECURITY_TOKEN_HEADER,
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
    "x-acs-content-sm3",
    "host",
];

/// The values of [`KNOWN_HEADERS`] in a request (the first of each, trimmed; names match in any
/// case), and which were sent more than once.
pub(super) struct KnownHeaders<'h> {
    values: [Option<&'h str>; KNOWN_HEADERS.len()],
    repeated: [bool; KNOWN_HEADERS.len()],
}

impl<'h> KnownHeaders<'h> {
    pub(super) fn find<N: AsRef<str>, V: AsRef<str>>(headers: &'h [(N, V)]) -> KnownHeaders<'h> {
        let mut values = [None; KNOWN_HEADERS.len()];
        let mut repeated = [false; KNOWN_HEADERS.len()];
        for (name, value) in headers {
            let name = name.as_ref();
            let known = KNOWN_HEADERS
                .iter()
                .position(|k| k.len() == name.len() && k.eq_ignore_ascii_case(name));
            if let Some(k) = known {
                match &mut values[k] {
                    Some(_) => repeated[k] = true,
                    slot => *slot = Some(trimmed(value.as_ref())),
                }
            }
        }
        KnownHeaders { values, repeated }
    }

    /// Where `name` is in [`KNOWN_HEADERS`]: inlined, so that a constant name is found at
    /// compile time.
    #[inline(always)]
    fn slot(name: &str) -> Option<usize> {
        let known = KNOWN_HEADERS.iter().position(|k| *k == name);
        debug_assert!(known.is_some(), "{name} is not a known header");
        known
    }

    /// The value of `name`, one of [`KNOWN_HEADERS`].
    #[inline(always)]
    pub(super) fn get(&self, name: &str) -> Option<&'h str> {
        self.values[Self::slot(name)?]
    }

    /// The first header read alone that was sent more than once, in the order of
    /// [`SINGLE_HEADERS`], the body hash header being `algorithm`'s (lower case).
    pub(super) fn repeated(&self, algorithm: Algorithm) -> Option<&'static str> {
        // Most requests repeat nothing: one look at the flags.
        if !self.repeated.contains(&true) {
            return None;
        }
        SINGLE_HEADERS
            .into_iter()
            .map(|h| {
                if h == BODY_HASH {
                    algorithm.body_hash_header()
                } else {
                    h
                }
            })
            .find(|h| Self::slot(h).is_some_and(|k| self.repeated[k]))
    }
}

/// The path (`/` when empty) and the query of a full URL or a path and query (a fragment
/// after the query is left in it: its decoder stops at the `#`).
pub(super) fn path_and_query(url: &str) -> (&str, &str) {
    // A scheme, if any, is the first thing: letters, digits, `+`, `-` or `.`, then `://`. The
    // authority after it ends at the first `/`, `?` or `#`.
    let scheme = url
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        .count();
    let after_host = match url[scheme..].strip_prefix("://") {
        Some(rest) if scheme > 0 => rest.find(['/', '?', '#']).map_or("", |i| &rest[i..]),
        _ => url,
    };
    // The path ends at the query or, when there is none, at a fragment.
    let (path, query) = match after_host.find(['?', '#']) {
        Some(i) if after_host.as_bytes()[i] == b'?' => (&after_host[..i], &after_host[i + 1..]),
        Some(i) => (&after_host[..i], ""),
        None => (after_host, ""),
    };
    let path = if path.is_empty() { "/" } else { path };
    (path, query)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The algorithm is the first word of the trimmed value, whoever reads it.
    #[test]
    fn the_first_word_names_the_algorithm() {
        for (value, word, rest) in [
            (
                "ACS3-HMAC-SM3 Credential=k,Signature=s",
                "ACS3-HMAC-SM3",
                "Credential=k,Signature=s",
            ),
            (
                "  ACS3-RSA-SHA256 Credential=k ",
                "ACS3-RSA-SHA256",
                "Credential=k",
            ),
            ("ACS3-HMAC-SHA256", "ACS3-HMAC-SHA256", ""),
            ("", "", ""),
        ] {
            assert_eq!(split_algorithm(value), (word, rest), "{value:?}");
        }
    }

    #[test]
    fn the_path_and_the_query_of_urls_and_paths() {
        for (url, path, query) in [
            ("https://ecs.aliyuncs.com/?a=1", "/", "a=1"),
            ("https://ecs.aliyuncs.com?a=1", "/", "a=1"),
            ("https://ecs.aliyuncs.com", "/", ""),
            ("http://h:80/p/q?a=1#f", "/p/q", "a=1#f"),
            ("https://h/p#f?x=1", "/p", ""),
            ("https://h#f", "/", ""),
            ("/?a=http://x/y", "/", "a=http://x/y"),
            ("/p?a=1", "/p", "a=1"),
            ("?a=1", "/", "a=1"),
            ("", "/", ""),
            // `://` with no scheme before it starts a path, not an authority.
            ("://h/p?a=1", "://h/p", "a=1"),
        ] {
            assert_eq!(path_and_query(url), (path, query), "{url}");
        }
    }

    #[test]
    fn signed_header_lists_split_as_split_does() {
        let twelve = (0..12)
            .map(|i| format!("h{i}"))
            .collect::<Vec<_>>()
            .join(";");
        let thirteen = format!("{twelve};h12");
        for list in [
            "",
            "a",
            "a;b",
            "a;;b",
            ";",
            "host;x-acs-date;",
            &twelve,
            &thirteen,
        ] {
            let parsed = SignedHeaders::parse(list);
            assert_eq!(
                parsed.as_slice(),
                list.split(';').collect::<Vec<_>>(),
                "{list}"
            );
            assert_eq!(matches!(parsed, SignedHeaders::Few(..)), list != thirteen);
        }
    }

    #[test]
    fn the_first_unsigned_header_and_the_signed_lines() {
        fn find(headers: &[(&str, &str)], list: &str) -> (Vec<String>, Option<String>) {
            let signed = SignedHeaders::parse(list);
            let (mut lines, unsigned) = SignedLines::find(headers, &signed);
            let names = lines.lines().iter().map(|(n, _)| (*n).to_owned()).collect();
            (names, unsigned)
        }
        let sent = [
            ("Host", "h"),
            ("X-Acs-Date", "d"),
            ("x-acs-nonce", "n"),
            ("X-ACS-Action", "a"),
            ("x-acs-bad name", "b"),
            ("accept", "x"),
        ];
        // Listed in any case; the unlisted x-acs-* headers sort lower-cased; a name that is not a
        // token is never signed nor reported.
        assert_eq!(find(&sent, "host;x-acs-date").0, ["Host", "X-Acs-Date"]);
        assert_eq!(
            find(&sent, "host;x-acs-date").1,
            Some("x-acs-action".to_owned())
        );
        assert_eq!(
            find(&sent, "HOST;x-acs-date;x-acs-action;x-acs-nonce"),
            (
                ["Host", "X-Acs-Date", "x-acs-nonce", "X-ACS-Action"]
                    .map(String::from)
                    .to_vec(),
                None
            )
        );
        // host first, whether sent or not; then content-type, when sent.
        assert_eq!(find(&sent, "x-acs-date").1, Some("host".to_owned()));
        let with_type = [("host", "h"), ("Content-Type", "t"), ("x-acs-a", "1")];
        assert_eq!(find(&with_type, "host").1, Some("content-type".to_owned()));
        assert_eq!(
            find(&with_type, "host;content-type").1,
            Some("x-acs-a".to_owned())
        );
        // More lines than fit on the stack: all of them, in order, and the unsigned one.
        let many: Vec<(String, &str)> = (0..20).map(|i| (format!("x-acs-h{i:02}"), "v")).collect();
        let list: Vec<&str> = many.iter().skip(1).map(|(n, _)| n.as_str()).collect();
        let list = list.join(";");
        let signed = SignedHeaders::parse(&list);
        let mut all = many.clone();
        all.push(("host".to_owned(), "h"));
        let (mut lines, unsigned) = SignedLines::find(&all, &signed);
        let names: Vec<&str> = lines.lines().iter().map(|(n, _)| *n).collect();
        assert_eq!(names, list.split(';').collect::<Vec<_>>());
        assert_eq!(unsigned, Some("host".to_owned()));
    }
}
