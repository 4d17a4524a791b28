//! The headers of a V3 request as the verifier reads them: the `Authorization` header split
//! once, the headers it must find, and the rule that every header it trusts is signed.

use super::super::VerifyError;
use crate::rpc::v3;

/// The header that carries the signature.
pub(super) const AUTHORIZATION: &str = "Authorization";

/// The headers every V3 request carries, in the order their absence is reported.
pub(super) const REQUIRED_HEADERS: [&str; 6] = [
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
    "host",
];

/// The parts of `Authorization: ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…`.
pub(super) struct Authorization<'a> {
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
        for name in list.split(';') {
            match few.get_mut(count) {
                Some(slot) => *slot = name,
                None => return SignedHeaders::Many(list.split(';').collect()),
            }
            count += 1;
        }
        SignedHeaders::Few(few, count)
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

/// Splits the header in one pass; of a key given twice, the first counts.
pub(super) fn parse_authorization(value: &str) -> Result<Authorization<'_>, VerifyError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(VerifyError::MissingSignature {
            parameter: AUTHORIZATION,
        });
    }
    let (algorithm, rest) = value.split_once(' ').unwrap_or((value, ""));
    if algorithm != v3::ALGORITHM {
        return Err(VerifyError::UnsupportedSignatureMethod {
            parameter: AUTHORIZATION,
            found: algorithm.to_owned(),
        });
    }
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
        credential,
        signed_headers: SignedHeaders::parse(signed_headers),
        signature,
    })
}

/// The first header that must be signed but `signed` leaves out, in the order one is reported:
/// `host`, then `content-type` when present, then every `x-acs-*` header present, lower-cased
/// and sorted. Names that are not HTTP tokens cannot be sent and are never signed, so they are
/// left out. Allocates only to report one.
pub(super) fn first_unsigned<N: AsRef<str>, V>(
    headers: &[(N, V)],
    signed: &SignedHeaders<'_>,
) -> Option<String> {
    let is_signed = |name: &str| signed.contains(name);
    if !is_signed("host") {
        return Some("host".to_owned());
    }
    let present = |name: &str| {
        headers
            .iter()
            .any(|(n, _)| n.as_ref().eq_ignore_ascii_case(name))
    };
    if present("content-type") && !is_signed("content-type") {
        return Some("content-type".to_owned());
    }
    headers
        .iter()
        .map(|(n, _)| n.as_ref())
        .filter(|n| {
            v3::is_signed_header(n)
                && n.get(..6).is_some_and(|p| p.eq_ignore_ascii_case("x-acs-"))
                && !is_signed(n)
        })
        .map(str::to_ascii_lowercase)
        .min()
}

/// The headers a V3 verifier reads, looked for in one pass over the request's headers: the
/// three it may do without, then every required one (built from that list, so none is missed).
const KNOWN_HEADERS: [&str; REQUIRED_HEADERS.len() + 3] = {
    let mut known = [
        "authorization",
        "content-type",
        v3::SECURITY_TOKEN_HEADER,
        "",
        "",
        "",
        "",
        "",
        "",
    ];
    let mut i = 0;
    while i < REQUIRED_HEADERS.len() {
        known[3 + i] = REQUIRED_HEADERS[i];
        i += 1;
    }
    known
};

/// The values of [`KNOWN_HEADERS`] in a request (the first of each, trimmed; names match in any
/// case).
pub(super) struct KnownHeaders<'h> {
    values: [Option<&'h str>; KNOWN_HEADERS.len()],
}

impl<'h> KnownHeaders<'h> {
    pub(super) fn find<N: AsRef<str>, V: AsRef<str>>(headers: &'h [(N, V)]) -> KnownHeaders<'h> {
        let mut values = [None; KNOWN_HEADERS.len()];
        for (name, value) in headers {
            let name = name.as_ref();
            let known = KNOWN_HEADERS
                .iter()
                .position(|k| k.len() == name.len() && k.eq_ignore_ascii_case(name));
            if let Some(slot) = known.and_then(|k| values.get_mut(k))
                && slot.is_none()
            {
                *slot = Some(value.as_ref().trim());
            }
        }
        KnownHeaders { values }
    }

    /// The value of `name`, one of [`KNOWN_HEADERS`].
    pub(super) fn get(&self, name: &str) -> Option<&'h str> {
        let known = KNOWN_HEADERS.iter().position(|k| *k == name);
        debug_assert!(known.is_some(), "{name} is not a known header");
        self.values[known?]
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
        ] {
            assert_eq!(path_and_query(url), (path, query), "{url}");
        }
    }
}
