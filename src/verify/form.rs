//! Decoding `application/x-www-form-urlencoded` text, noting what is not canonical.

use super::params::Params;
use super::{Lint, LintKind, VerifyError};
use crate::encode::is_unreserved;
use crate::rpc::SIGNATURE;
use crate::scan::{Reserved, first_reserved};

/// What a byte is to the decoder.
const UNRESERVED: u8 = 0;
const PERCENT: u8 = 1;
const PLUS: u8 = 2;
const AMPERSAND: u8 = 3;
const EQUALS: u8 = 4;
const OTHER: u8 = 5;

/// `CLASS[b]`: the class of byte `b`.
const CLASS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'%' => PERCENT,
            b'+' => PLUS,
            b'&' => AMPERSAND,
            b'=' => EQUALS,
            byte if is_unreserved(byte) => UNRESERVED,
            _ => OTHER,
        };
        b += 1;
    }
    table
};

/// The most bytes a name or value is decoded through on the stack; longer ones use the heap.
const STACK_DECODE: usize = 256;

/// Appends the `(name, value)` pairs of `text` to `out`: segments split on `&` (empty ones
/// ignored), then on the first `=`; `+` is a space; `%XX` escapes are decoded and the result
/// must be UTF-8. Returns whether two neighbouring names (`Signature` aside) were equal: with
/// no `OutOfOrder` lint and no such tie, the pairs are in canonical order.
///
/// One pass over the reserved bytes only ([`Reserved`], which classifies 32 bytes at a time): a
/// segment whose only reserved bytes are its first `=` and the `&` that ends it (what every
/// canonical signer writes) is pushed as it stands; any other is decoded straight into the
/// pairs, through a stack buffer.
pub(crate) fn decode_into(
    text: &str,
    out: &mut Params,
    lints: &mut Vec<Lint>,
) -> Result<bool, VerifyError> {
    let bytes = text.as_bytes();
    let mut ties = false;
    // Where the last name that is not `Signature` stands in `out`, for the order lint.
    let mut previous: Option<usize> = (0..out.len())
        .rev()
        .find(|&i| out.get(i).is_some_and(|(n, _)| n != SIGNATURE));
    let mut reserved = Reserved::new(bytes);
    let mut start = 0;
    while start < bytes.len() {
        let Segment { equals, end, plain } = segment(bytes, &mut reserved);
        let (raw, from) = (&text[start..end], start);
        start = end + 1;
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
        let kinds = if plain {
            out.push_plain(raw_name, raw_value);
            0
        } else {
            let (mut name_kinds, mut value_kinds) = (0u8, 0u8);
            out.push_with(
                |text| decode(raw_name, text, &mut name_kinds).map(|()| text.len()),
                |text| decode(raw_value, text, &mut value_kinds),
            )?;
            name_kinds | value_kinds
        };
        let Some((name, _)) = out.get(name_at) else {
            continue;
        };
        if name.is_empty() {
            return Err(malformed("an empty parameter name"));
        }
        if kinds != 0 {
            note_encoding(lints, kinds, name);
        }
        // `Signature` is not signed, so it stands outside the order (signers append it last).
        if name != SIGNATURE {
            match name_before(out, previous).map(|p| p.cmp(name)) {
                Some(std::cmp::Ordering::Greater) => lints.push(Lint {
                    kind: LintKind::OutOfOrder,
                    parameter: name.to_owned(),
                }),
                Some(std::cmp::Ordering::Equal) => ties = true,
                _ => {}
            }
            previous = Some(name_at);
        }
    }
    Ok(ties)
}

/// One `&`-separated segment, as [`segment`] finds it.
struct Segment {
    /// Where its first `=` stands in the text.
    equals: Option<usize>,
    /// Where it ends: its `&`, or the end of the text.
    end: usize,
    /// Whether every byte but that `=` is unreserved.
    plain: bool,
}

/// The segment whose reserved bytes come next from `reserved`, up to and including the `&`
/// that ends it.
#[inline]
fn segment(bytes: &[u8], reserved: &mut Reserved<'_>) -> Segment {
    let mut found = Segment {
        equals: None,
        end: bytes.len(),
        plain: true,
    };
    for at in reserved {
        match bytes[at] {
            b'&' => {
                found.end = at;
                break;
            }
            b'=' if found.equals.is_none() => found.equals = Some(at),
            _ => found.plain = false,
        }
    }
    found
}

/// Notes each encoding lint in `kinds` (a bit per [`LintKind`]) for `name`, once per pair of
/// kind and name.
#[cold]
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

/// The name of pair `at` of `out`, if any.
#[inline]
fn name_before(out: &Params, at: Option<usize>) -> Option<&str> {
    out.get(at?).map(|(n, _)| n)
}

/// Percent-decodes `raw` onto the end of `out`, noting non-canonical spellings in `kinds` (a
/// bit per [`LintKind`]).
fn decode(raw: &str, out: &mut String, kinds: &mut u8) -> Result<(), VerifyError> {
    let bytes = raw.as_bytes();
    let mut stack = [0u8; STACK_DECODE];
    let mut heap = Vec::new();
    let buf: &mut [u8] = if bytes.len() <= STACK_DECODE {
        &mut stack[..bytes.len()]
    } else {
        heap.resize(bytes.len(), 0);
        &mut heap
    };
    let mut len = 0;
    let mut i = 0;
    loop {
        // A run of unreserved bytes is copied as it stands.
        let reserved = first_reserved(bytes, i).unwrap_or(bytes.len());
        let run = reserved - i;
        buf[len..len + run].copy_from_slice(&bytes[i..reserved]);
        len += run;
        i = reserved;
        let Some(&byte) = bytes.get(i) else {
            break;
        };
        let decoded = match CLASS[usize::from(byte)] {
            PLUS => {
                *kinds |= LintKind::PlusForSpace.bit();
                i += 1;
                b' '
            }
            PERCENT => {
                let (Some(h), Some(l)) = (
                    bytes.get(i + 1).copied().and_then(hex_value),
                    bytes.get(i + 2).copied().and_then(hex_value),
                ) else {
                    return Err(malformed("a `%` without two hex digits"));
                };
                if bytes[i + 1].is_ascii_lowercase() || bytes[i + 2].is_ascii_lowercase() {
                    *kinds |= LintKind::LowercaseHex.bit();
                }
                let byte = h << 4 | l;
                if is_unreserved(byte) {
                    *kinds |= LintKind::NonCanonicalEncoding.bit();
                }
                i += 3;
                byte
            }
            _ => {
                *kinds |= LintKind::NonCanonicalEncoding.bit();
                i += 1;
                byte
            }
        };
        buf[len] = decoded;
        len += 1;
    }
    let text = std::str::from_utf8(&buf[..len])
        .map_err(|_| malformed("a decoded name or value that is not UTF-8"))?;
    out.push_str(text);
    Ok(())
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
        decode_into(text, &mut out, &mut lints).map_err(|e| e.code())?;
        let out = out
            .iter()
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect();
        Ok((out, lints))
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
}
