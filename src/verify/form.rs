//! Decoding `application/x-www-form-urlencoded` text, noting what is not canonical.

use super::params::Params;
use super::{Lint, LintKind, VerifyError};
use crate::encode::is_unreserved;
use crate::rpc::SIGNATURE;

/// Appends the `(name, value)` pairs of `text` to `out`: segments split on `&` (empty ones
/// ignored), then on the first `=`; `+` is a space; `%XX` escapes are decoded and the result
/// must be UTF-8.
pub(crate) fn decode_into(
    text: &str,
    out: &mut Params,
    lints: &mut Vec<Lint>,
) -> Result<(), VerifyError> {
    // Where the last name that is not `Signature` stands in `out`, for the order lint.
    let mut previous: Option<usize> = (0..out.len())
        .rev()
        .find(|&i| out.get(i).is_some_and(|(n, _)| n != SIGNATURE));
    for segment in text.split('&').filter(|s| !s.is_empty()) {
        let Some((raw_name, raw_value)) = segment.split_once('=') else {
            return Err(VerifyError::MalformedQuery {
                parameter: None,
                reason: "a segment without `=`",
            });
        };
        if raw_name.is_empty() {
            return Err(VerifyError::MalformedQuery {
                parameter: None,
                reason: "an empty parameter name",
            });
        }
        // The fast path: unreserved text only, as every canonical signer writes it, is its own
        // decoding and has nothing to lint but its order.
        if raw_name.bytes().all(is_unreserved) && raw_value.bytes().all(is_unreserved) {
            if raw_name != SIGNATURE {
                if name_before(out, previous).is_some_and(|p| p > raw_name) {
                    lints.push(Lint {
                        kind: LintKind::OutOfOrder,
                        parameter: raw_name.to_owned(),
                    });
                }
                previous = Some(out.len());
            }
            out.push(raw_name, raw_value);
            continue;
        }
        let mut kinds = Vec::new();
        let name = decode(raw_name, &mut kinds)?;
        if name.is_empty() {
            return Err(VerifyError::MalformedQuery {
                parameter: None,
                reason: "an empty parameter name",
            });
        }
        let value = decode(raw_value, &mut kinds)?;
        for kind in kinds {
            if !lints.iter().any(|l| l.kind == kind && l.parameter == name) {
                lints.push(Lint {
                    kind,
                    parameter: name.clone(),
                });
            }
        }
        // `Signature` is not signed, so it stands outside the order (signers append it last).
        if name != SIGNATURE {
            if name_before(out, previous).is_some_and(|p| p > name.as_str()) {
                lints.push(Lint {
                    kind: LintKind::OutOfOrder,
                    parameter: name.clone(),
                });
            }
            previous = Some(out.len());
        }
        out.push(&name, &value);
    }
    Ok(())
}

/// The name of pair `at` of `out`, if any.
#[inline]
fn name_before(out: &Params, at: Option<usize>) -> Option<&str> {
    out.get(at?).map(|(n, _)| n)
}

/// Percent-decodes one name or value, noting non-canonical spellings in `kinds`.
fn decode(raw: &str, kinds: &mut Vec<LintKind>) -> Result<String, VerifyError> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    let mut note = |kind: LintKind| {
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    };
    while i < bytes.len() {
        match bytes[i] {
            b'+' => {
                note(LintKind::PlusForSpace);
                out.push(b' ');
                i += 1;
            }
            b'%' => {
                let (Some(hi), Some(lo)) = (bytes.get(i + 1).copied(), bytes.get(i + 2).copied())
                else {
                    return Err(VerifyError::MalformedQuery {
                        parameter: None,
                        reason: "a `%` without two hex digits",
                    });
                };
                let (Some(h), Some(l)) = (hex_value(hi), hex_value(lo)) else {
                    return Err(VerifyError::MalformedQuery {
                        parameter: None,
                        reason: "a `%` without two hex digits",
                    });
                };
                if hi.is_ascii_lowercase() || lo.is_ascii_lowercase() {
                    note(LintKind::LowercaseHex);
                }
                let byte = h << 4 | l;
                if is_unreserved(byte) {
                    note(LintKind::NonCanonicalEncoding);
                }
                out.push(byte);
                i += 3;
            }
            byte => {
                if !is_unreserved(byte) {
                    note(LintKind::NonCanonicalEncoding);
                }
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| VerifyError::MalformedQuery {
        parameter: None,
        reason: "a decoded name or value that is not UTF-8",
    })
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
