//! Decoding `application/x-www-form-urlencoded` text, noting what is not canonical.

use super::params::Params;
use super::{Lint, LintKind, VerifyError};
use crate::encode::is_unreserved;
use crate::rpc::SIGNATURE;
use crate::scan::Reserved;

/// What decoding found out about the text's shape, besides its pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shape {
    /// Two neighbouring names (`Signature` aside) were equal: with no `OutOfOrder` lint and no
    /// such tie, the pairs are in canonical order.
    pub(crate) ties: bool,
    /// Every segment was plain (its own percent-encoding), none was empty, and no `#` cut the
    /// text short: the pairs joined by `&` spell the text exactly. In canonical order too, the
    /// text is its own canonical query.
    pub(crate) whole_and_plain: bool,
}

/// Appends the `(name, value)` pairs of `text` to `out`: segments split on `&` (empty ones
/// ignored), then on the first `=`; `+` is a space; `%XX` escapes are decoded and the result
/// must be UTF-8. Returns the text's [`Shape`].
///
/// One pass over the reserved bytes only ([`Reserved`], which classifies 32 bytes at a time): a
/// segment whose only reserved bytes are its first `=` and the `&` that ends it (what every
/// canonical signer writes) is pushed as it stands; any other is decoded straight into the
/// pairs.
pub(crate) fn decode_body(
    text: &str,
    out: &mut Params,
    lints: &mut Vec<Lint>,
    on_pair: &mut impl FnMut(usize, &str),
) -> Result<Shape, VerifyError> {
    decode_into::<false>(text, out, lints, on_pair)
}

/// [`decode_body`] for the query of a URL: a `#` ends it (what follows is a fragment).
pub(crate) fn decode_query(
    query: &str,
    out: &mut Params,
    lints: &mut Vec<Lint>,
    on_pair: &mut impl FnMut(usize, &str),
) -> Result<Shape, VerifyError> {
    decode_into::<true>(query, out, lints, on_pair)
}

/// The decoder; `FRAGMENT`: a `#` ends the text. `on_pair` sees each decoded name with where
/// it stands in `out` (a V1 verifier notes its common parameters there, with no second pass).
fn decode_into<const FRAGMENT: bool>(
    text: &str,
    out: &mut Params,
    lints: &mut Vec<Lint>,
    on_pair: &mut impl FnMut(usize, &str),
) -> Result<Shape, VerifyError> {
    let bytes = text.as_bytes();
    let mut ties = false;
    let mut whole_and_plain = true;
    // The last name that is not `Signature`, for the order lint: in `text` when it was plain,
    // else where it stands in `out`.
    let mut previous: Previous<'_> = (0..out.len())
        .rev()
        .find(|&i| out.get(i).is_some_and(|(n, _)| n != SIGNATURE))
        .map_or(Previous::None, Previous::At);
    let mut reserved = Reserved::new(bytes);
    let mut start = 0;
    while start < bytes.len() {
        let Segment {
            equals,
            end,
            plain,
            name_plain,
            last,
        } = segment::<FRAGMENT>(bytes, &mut reserved);
        let (raw, from) = (&text[start..end], start);
        start = if last { bytes.len() } else { end + 1 };
        whole_and_plain &= plain && !last && !raw.is_empty();
        if raw.is_empty() {
            continue;
        }
        let Some(equals) = equals else {
            return Err(malformed("a segment without `=`"));
        };
        let equals = equals - from;
        if equals == 0 {
            return Err(malformed("an empty parameter name"));
        }
        let (raw_name, raw_value) = (&raw[..equals], &raw[equals + 1..]);
        let name_at = out.len();
        let (name, this) = if plain {
            out.push_plain(raw, equals);
            (raw_name, Previous::Raw(raw_name))
        } else {
            let (mut name_kinds, mut value_kinds) = (0u8, 0u8);
            out.push_with(
                |text| {
                    if name_plain {
                        text.push_str(raw_name);
                        Ok(text.len())
                    } else {
                        decode(raw_name, text, &mut name_kinds).map(|()| text.len())
                    }
                },
                |text| decode(raw_value, text, &mut value_kinds),
            )?;
            let Some((name, _)) = out.get(name_at) else {
                continue;
            };
            if name.is_empty() {
                return Err(malformed("an empty parameter name"));
            }
            note_encoding(lints, name_kinds | value_kinds, name);
            (name, Previous::At(name_at))
        };
        on_pair(name_at, name);
        // `Signature` is not signed, so it stands outside the order (signers append it last).
        if name != SIGNATURE {
            let before = match previous {
                Previous::None => None,
                Previous::Raw(before) => Some(before),
                Previous::At(i) => out.get(i).map(|(n, _)| n),
            };
            match before.map(|p| p.cmp(name)) {
                Some(std::cmp::Ordering::Greater) => lints.push(Lint {
                    kind: LintKind::OutOfOrder,
                    parameter: name.to_owned(),
                }),
                Some(std::cmp::Ordering::Equal) => ties = true,
                _ => {}
            }
            previous = this;
        }
    }
    Ok(Shape {
        ties,
        // A final `&` ends an empty segment the loop never reaches.
        whole_and_plain: whole_and_plain && bytes.last() != Some(&b'&'),
    })
}

/// The name the next one is compared with.
#[derive(Clone, Copy)]
enum Previous<'t> {
    None,
    /// A plain name, read in the text.
    Raw(&'t str),
    /// A decoded name, pair `i` of the output.
    At(usize),
}

/// One `&`-separated segment, as [`segment`] finds it.
struct Segment {
    /// Where its first `=` stands in the text.
    equals: Option<usize>,
    /// Where it ends: its `&`, or the end of the text.
    end: usize,
    /// Whether every byte but that `=` is unreserved.
    plain: bool,
    /// Whether every byte before that `=` is unreserved.
    name_plain: bool,
    /// Whether it ends the text (at a `#`, in a query).
    last: bool,
}

/// The segment whose reserved bytes come next from `reserved`, up to and including the `&`
/// (or, when `FRAGMENT`, the `#`) that ends it.
#[inline]
fn segment<const FRAGMENT: bool>(bytes: &[u8], reserved: &mut Reserved<'_>) -> Segment {
    let mut found = Segment {
        equals: None,
        end: bytes.len(),
        plain: true,
        name_plain: true,
        last: false,
    };
    for at in reserved {
        match bytes[at] {
            b'&' => {
                found.end = at;
                break;
            }
            b'#' if FRAGMENT => {
                (found.end, found.last) = (at, true);
                break;
            }
            b'=' if found.equals.is_none() => found.equals = Some(at),
            _ => {
                found.plain = false;
                found.name_plain &= found.equals.is_some();
            }
        }
    }
    found
}

/// Notes each encoding lint in `kinds` (a bit per [`LintKind`]) for `name`, once per pair of
/// kind and name.
fn note_encoding(lints: &mut Vec<Lint>, kinds: u8, name: &str) {
    for kind in LintKind::ENCODING {
        if kinds & kind.bit() != 0 && !lints.iter().any(|l| l.kind == kind && l.parameter == name) {
            lints.push(Lint {
                kind,
                parameter: name.to_owned(),
            });
        }
    }
}

fn malformed(reason: &'static str) -> VerifyError {
    VerifyError::MalformedQuery {
        parameter: None,
        reason,
    }
}

/// Percent-decodes `raw` onto the end of `out`, noting non-canonical spellings in `kinds` (a
/// bit per [`LintKind`]).
///
/// Only the reserved bytes are visited: the text between them is pushed as it stands (it is
/// part of a `str`, and every cut is at an ASCII byte); an escape of an ASCII byte is pushed as
/// that character, and the escapes of one multi-byte character are gathered and checked as
/// UTF-8 together. A `%` without two hex digits is reported before text that is not UTF-8,
/// wherever each stands.
fn decode(raw: &str, out: &mut String, kinds: &mut u8) -> Result<(), VerifyError> {
    let bytes = raw.as_bytes();
    let mut run = 0;
    let mut not_utf8 = false;
    for at in Reserved::new(bytes) {
        if at < run {
            continue; // inside escapes already decoded
        }
        match bytes[at] {
            b'+' => {
                *kinds |= LintKind::PlusForSpace.bit();
                out.push_str(&raw[run..at]);
                out.push(' ');
                run = at + 1;
            }
            b'%' => {
                out.push_str(&raw[run..at]);
                let lead = escape(bytes, at, kinds)?;
                run = at + 3;
                if lead < 0x80 {
                    out.push(char::from(lead));
                    continue;
                }
                // The escapes of one character: its lead byte says how many.
                let len = match lead {
                    0xC2..=0xDF => 2,
                    0xE0..=0xEF => 3,
                    0xF0..=0xF4 => 4,
                    _ => 1,
                };
                let mut char_bytes = [lead, 0, 0, 0];
                let mut have = 1;
                while have < len && bytes.get(run) == Some(&b'%') {
                    char_bytes[have] = escape(bytes, run, kinds)?;
                    have += 1;
                    run += 3;
                }
                // Fewer bytes than the lead byte says are never UTF-8: no length check needed.
                match std::str::from_utf8(&char_bytes[..have]) {
                    Ok(text) => out.push_str(text),
                    Err(_) => not_utf8 = true,
                }
            }
            _ => *kinds |= LintKind::NonCanonicalEncoding.bit(),
        }
    }
    out.push_str(&raw[run..]);
    if not_utf8 {
        return Err(malformed("a decoded name or value that is not UTF-8"));
    }
    Ok(())
}

/// The byte of the escape `%XX` at `at`, noting lower-case hex and escaped unreserved bytes.
#[inline]
fn escape(bytes: &[u8], at: usize, kinds: &mut u8) -> Result<u8, VerifyError> {
    let (Some(&h), Some(&l)) = (bytes.get(at + 1), bytes.get(at + 2)) else {
        return Err(malformed("a `%` without two hex digits"));
    };
    let (Some(high), Some(low)) = (hex_value(h), hex_value(l)) else {
        return Err(malformed("a `%` without two hex digits"));
    };
    if h.is_ascii_lowercase() || l.is_ascii_lowercase() {
        *kinds |= LintKind::LowercaseHex.bit();
    }
    let byte = high << 4 | low;
    if is_unreserved(byte) {
        *kinds |= LintKind::NonCanonicalEncoding.bit();
    }
    Ok(byte)
}

fn hex_value(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type Decoded = (Vec<(String, String)>, Vec<Lint>);

    fn pairs(text: &str) -> Result<Decoded, &'static str> {
        let mut out = Params::default();
        let mut lints = Vec::new();
        decode_body(text, &mut out, &mut lints, &mut |_, _| {}).map_err(|e| e.code())?;
        let out = out
            .iter()
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect();
        Ok((out, lints))
    }

    /// Each lint as its kind and the parameter it names.
    fn found(lints: &[Lint]) -> Vec<(LintKind, &str)> {
        lints
            .iter()
            .map(|l| (l.kind, l.parameter.as_str()))
            .collect()
    }

    /// Each kind of encoding lint is listed once per name, in the fixed order of kinds,
    /// however many pairs of that name show it; different kinds on one name are all listed.
    #[test]
    fn encoding_lints_are_one_per_kind_and_name() {
        let (_, lints) = pairs("a=x+%2fy&a=%7e+&b=%2f").expect("well-formed");
        assert_eq!(
            found(&lints),
            [
                (LintKind::PlusForSpace, "a"),
                (LintKind::LowercaseHex, "a"),
                (LintKind::NonCanonicalEncoding, "a"),
                (LintKind::LowercaseHex, "b"),
            ]
        );
    }

    #[test]
    fn decodes_plus_escapes_and_skips_empty_segments() {
        let (p, lints) = pairs("&a=1+2&&b=%E6%97%A5&c=&").expect("well-formed");
        assert_eq!(
            p,
            [
                ("a".into(), "1 2".into()),
                ("b".into(), "日".into()),
                ("c".into(), String::new())
            ]
        );
        assert_eq!(
            lints,
            [Lint {
                kind: LintKind::PlusForSpace,
                parameter: "a".into()
            }]
        );
    }

    /// The decoder as the form rules state it, a byte at a time: the reference for the fast one.
    fn reference(raw: &str) -> Result<(String, u8), &'static str> {
        let (bytes, mut out, mut kinds, mut i) = (raw.as_bytes(), Vec::new(), 0u8, 0);
        while let Some(&b) = bytes.get(i) {
            match b {
                b'+' => {
                    kinds |= LintKind::PlusForSpace.bit();
                    out.push(b' ');
                    i += 1;
                }
                b'%' => {
                    let hex = raw
                        .get(i + 1..i + 3)
                        .filter(|h| h.bytes().all(|d| d.is_ascii_hexdigit()));
                    let Some(hex) = hex else {
                        return Err("hex");
                    };
                    if hex.bytes().any(|d| d.is_ascii_lowercase()) {
                        kinds |= LintKind::LowercaseHex.bit();
                    }
                    let byte = u8::from_str_radix(hex, 16).expect("hex digits");
                    if is_unreserved(byte) {
                        kinds |= LintKind::NonCanonicalEncoding.bit();
                    }
                    out.push(byte);
                    i += 3;
                }
                _ => {
                    if !is_unreserved(b) {
                        kinds |= LintKind::NonCanonicalEncoding.bit();
                    }
                    out.push(b);
                    i += 1;
                }
            }
        }
        String::from_utf8(out)
            .map(|s| (s, kinds))
            .map_err(|_| "utf8")
    }

    #[test]
    fn decoding_agrees_with_the_reference_on_every_short_mix() {
        let atoms = [
            "a", "%", "%4", "%41", "%7e", "%7E", "%2A", "%C3", "%A9", "%E6%97", "%A5", "%F0%9F",
            "%98%80", "%FF", "%80", "+", "*", "é", "日", "%2", "Z",
        ];
        let mut texts = vec![String::new()];
        for _ in 0..3 {
            texts = texts
                .iter()
                .flat_map(|t| atoms.iter().map(move |a| format!("{t}{a}")))
                .collect();
            for text in &texts {
                let mut out = String::from("kept");
                let mut kinds = 0;
                let fast = decode(text, &mut out, &mut kinds).map(|()| (out.clone(), kinds));
                let expected = reference(text).map(|(s, k)| (format!("kept{s}"), k));
                let reason = |r: &str| {
                    if r == "hex" {
                        "a `%` without two hex digits"
                    } else {
                        "a decoded name or value that is not UTF-8"
                    }
                };
                match (&fast, &expected) {
                    (Ok(f), Ok(e)) => assert_eq!(f, e, "{text:?}"),
                    (Err(VerifyError::MalformedQuery { reason: got, .. }), Err(want)) => {
                        assert_eq!(*got, reason(want), "{text:?}")
                    }
                    _ => panic!("{text:?}: {fast:?} against {expected:?}"),
                }
            }
        }
    }

    #[test]
    fn a_fragment_ends_a_query_but_not_a_body() {
        for (query, expected) in [
            ("a=1#b=2", vec![("a", "1")]),
            ("a=1&#b=2", vec![("a", "1")]),
            ("#a=1", vec![]),
            ("a=%23&b=2#", vec![("a", "#"), ("b", "2")]),
            ("a=1&b=x#y&c=3", vec![("a", "1"), ("b", "x")]),
        ] {
            let mut out = Params::default();
            decode_query(query, &mut out, &mut Vec::new(), &mut |_, _| {}).expect("well-formed");
            assert_eq!(out.iter().collect::<Vec<_>>(), expected, "{query}");
        }
        let mut out = Params::default();
        decode_body("a=1#b=2", &mut out, &mut Vec::new(), &mut |_, _| {}).expect("well-formed");
        assert_eq!(out.iter().collect::<Vec<_>>(), [("a", "1#b=2")]);
    }

    #[test]
    fn the_shape_says_when_the_pairs_spell_the_text() {
        let whole = |text: &str| {
            let mut out = Params::default();
            let shape =
                decode_query(text, &mut out, &mut Vec::new(), &mut |_, _| {}).expect("well-formed");
            // The claim itself: the plain pairs joined by `&` are the text.
            let joined: Vec<&str> = out.iter_flagged().map(|p| p.text).collect();
            if shape.whole_and_plain {
                assert_eq!(joined.join("&"), text);
            }
            shape.whole_and_plain
        };
        for text in ["", "a=1", "a=1&b=2", "a=&b=", "a=1&b=2&a=0"] {
            assert!(whole(text), "{text}");
        }
        for text in [
            "&", "a=1&", "&a=1", "a=1&&b=2", "a=1#", "a=1&#", "#", "a=%41", "a=1+2", "a==1", "a=*",
        ] {
            assert!(!whole(text), "{text}");
        }
    }

    #[test]
    fn splits_on_the_first_equals_only() {
        let (p, _) = pairs("a==b=").expect("well-formed");
        assert_eq!(p, [("a".into(), "=b=".into())]);
    }

    #[test]
    fn malformed() {
        for bad in ["a", "=1", "a=%", "a=%4", "a=%G1", "a=%FF", "a=%C3"] {
            assert_eq!(pairs(bad).map(|_| ()), Err("malformed_query"), "{bad}");
        }
    }

    #[test]
    fn lints() {
        let (_, lints) = pairs("b=%2a&a=%7E&c=*").expect("well-formed");
        let kinds: Vec<_> = lints
            .iter()
            .map(|l| (l.kind, l.parameter.as_str()))
            .collect();
        assert_eq!(
            kinds,
            [
                (LintKind::LowercaseHex, "b"),
                (LintKind::NonCanonicalEncoding, "a"),
                (LintKind::OutOfOrder, "a"),
                (LintKind::NonCanonicalEncoding, "c"),
            ]
        );
    }

    /// A name with escapes is decoded as a value is, and its lints join its value's: a kind
    /// both show is listed once, not cancelled.
    #[test]
    fn names_are_decoded_and_their_lints_join_the_values() {
        let (p, lints) = pairs("Region%49d=cn-x&a%7e=%7e").expect("well-formed");
        assert_eq!(
            p,
            [
                ("RegionId".into(), "cn-x".into()),
                ("a~".into(), "~".into())
            ]
        );
        assert_eq!(
            found(&lints),
            [
                (LintKind::NonCanonicalEncoding, "RegionId"),
                (LintKind::LowercaseHex, "a~"),
                (LintKind::NonCanonicalEncoding, "a~"),
            ]
        );
    }
}
