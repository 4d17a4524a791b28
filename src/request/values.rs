//! The value rules of the request parameters, each a pure check.

use super::error::ValueProblem;

/// The most characters an instance id may have.
pub const MAX_INSTANCE_ID_LEN: usize = 30;
/// The most characters a region id may have.
pub const MAX_REGION_ID_LEN: usize = 64;
/// The most characters a client token may have.
pub const MAX_CLIENT_TOKEN_LEN: usize = 64;

const INSTANCE_ID_CHARS: &str = "A-Z a-z 0-9 _ -";
const CLIENT_TOKEN_CHARS: &str = "printable ASCII, 0x20 to 0x7E";
const REGION_ID_SHAPE: &str = "^[a-z]+(-[a-z0-9]+)+$";

/// `InstanceId` and `InstanceId.N`: 1 to 30 characters of `A-Z a-z 0-9 _ -`.
#[inline]
pub(crate) fn check_instance_id(value: &str) -> Result<(), ValueProblem> {
    // A valid id, sixteen bytes at a time; anything else is looked at closely for its error.
    let bytes = value.as_bytes();
    if (1..=MAX_INSTANCE_ID_LEN).contains(&bytes.len()) && crate::scan::all_id_bytes(bytes) {
        return Ok(());
    }
    instance_id_problem(value)
}

/// What is wrong with an instance id (or nothing).
#[cold]
#[inline(never)]
fn instance_id_problem(value: &str) -> Result<(), ValueProblem> {
    check_chars(
        value,
        MAX_INSTANCE_ID_LEN,
        INSTANCE_ID_CHARS,
        crate::scan::id_byte,
    )
}

/// `ClientToken`: 1 to 64 printable ASCII characters.
pub(crate) fn check_client_token(value: &str) -> Result<(), ValueProblem> {
    check_chars(value, MAX_CLIENT_TOKEN_LEN, CLIENT_TOKEN_CHARS, |b| {
        (0x20..=0x7E).contains(&b)
    })
}

/// A non-empty ASCII value of at most `max` bytes, every byte passing `allowed`.
fn check_chars(
    value: &str,
    max: usize,
    allowed_chars: &'static str,
    allowed: impl Fn(u8) -> bool,
) -> Result<(), ValueProblem> {
    if value.is_empty() {
        return Err(ValueProblem::Empty);
    }
    only_ascii(value, allowed_chars, allowed)?;
    // Only ASCII remains, so bytes are characters.
    if value.len() > max {
        return Err(ValueProblem::TooLong {
            len: value.len(),
            max,
        });
    }
    Ok(())
}

/// Every byte of `value` passes `allowed` (which admits only ASCII), or the first that does not
/// is reported as the character it starts.
fn only_ascii(
    value: &str,
    allowed_chars: &'static str,
    allowed: impl Fn(u8) -> bool,
) -> Result<(), ValueProblem> {
    // Every byte, with no early exit (a loop the compiler unrolls); the first bad one is looked
    // for only when there is one.
    if value.bytes().fold(true, |ok, b| ok & allowed(b)) {
        return Ok(());
    }
    match value.bytes().position(|b| !allowed(b)) {
        None => Ok(()),
        Some(at) => {
            // Every byte before `at` is ASCII, so `at` starts a character.
            let ch = value[at..]
                .chars()
                .next()
                .unwrap_or(char::REPLACEMENT_CHARACTER);
            Err(ValueProblem::ForbiddenChar {
                ch,
                at,
                allowed: allowed_chars,
            })
        }
    }
}

/// `RegionId`: `^[a-z]+(-[a-z0-9]+)+$`, at most 64 characters.
pub(crate) fn check_region_id(value: &str) -> Result<(), ValueProblem> {
    if value.is_empty() {
        return Err(ValueProblem::Empty);
    }
    let shape = ValueProblem::Shape {
        pattern: REGION_ID_SHAPE,
    };
    let mut segments = value.split('-');
    let first = segments
        .next()
        .expect("invariant: splitting yields at least one segment");
    if first.is_empty() || !first.bytes().all(|b| b.is_ascii_lowercase()) {
        return Err(shape);
    }
    let mut segments = segments.peekable();
    if segments.peek().is_none() {
        return Err(shape);
    }
    for segment in segments {
        if segment.is_empty()
            || !segment
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        {
            return Err(shape);
        }
    }
    if value.len() > MAX_REGION_ID_LEN {
        return Err(ValueProblem::TooLong {
            len: value.len(),
            max: MAX_REGION_ID_LEN,
        });
    }
    Ok(())
}

/// The booleans: `true` or `false` in any ASCII case.
pub(crate) fn parse_bool(value: &str) -> Option<bool> {
    if value.eq_ignore_ascii_case("true") {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// `OwnerId`, `ResourceOwnerId`: `^[0-9]+$`, at most 2^63-1, leading zeros allowed.
pub(crate) fn check_integer(value: &str) -> Result<(), ValueProblem> {
    const MAX: &str = "9223372036854775807";
    if value.is_empty() {
        return Err(ValueProblem::Empty);
    }
    only_ascii(value, "0-9", |b| b.is_ascii_digit())?;
    let significant = value.trim_start_matches('0');
    // Equal-length decimal strings compare like the numbers they spell.
    if significant.len() > MAX.len() || (significant.len() == MAX.len() && significant > MAX) {
        return Err(ValueProblem::OutOfRange);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_ids() {
        for ok in [
            "i-bp1g6zv0ce8oghu7k2zz",
            "i-28n7dkvov",
            "AY121018033933eae8689",
            "a",
            "_-",
            &"x".repeat(30),
        ] {
            assert_eq!(check_instance_id(ok), Ok(()), "{ok}");
        }
        assert_eq!(check_instance_id(""), Err(ValueProblem::Empty));
        assert_eq!(
            check_instance_id(&"x".repeat(31)),
            Err(ValueProblem::TooLong { len: 31, max: 30 })
        );
        assert_eq!(
            check_instance_id("i-bp1g6zv0ce8oghu7****"),
            Err(ValueProblem::ForbiddenChar {
                ch: '*',
                at: 18,
                allowed: INSTANCE_ID_CHARS
            })
        );
        assert_eq!(
            check_instance_id("i-é"),
            Err(ValueProblem::ForbiddenChar {
                ch: 'é',
                at: 2,
                allowed: INSTANCE_ID_CHARS
            })
        );
    }

    #[test]
    fn region_ids() {
        for ok in [
            "cn-hangzhou",
            "ap-southeast-1",
            "me-east-1",
            "a-1",
            "cn-hangzhou-finance-1",
        ] {
            assert_eq!(check_region_id(ok), Ok(()), "{ok}");
        }
        for bad in [
            "cnhangzhou",
            "-cn",
            "cn-",
            "cn--x",
            "CN-hangzhou",
            "1a-b",
            "cn-Hangzhou",
            "cn_x-a",
            " cn-x",
        ] {
            assert!(
                matches!(check_region_id(bad), Err(ValueProblem::Shape { .. })),
                "{bad}"
            );
        }
        let long = format!("a-{}", "b".repeat(62));
        assert_eq!(long.len(), 64);
        assert_eq!(check_region_id(&long), Ok(()));
        assert_eq!(
            check_region_id(&format!("{long}c")),
            Err(ValueProblem::TooLong { len: 65, max: 64 })
        );
    }

    #[test]
    fn client_tokens() {
        assert_eq!(check_client_token(" ~"), Ok(()));
        assert_eq!(check_client_token(&"t".repeat(64)), Ok(()));
        assert!(check_client_token(&"t".repeat(65)).is_err());
        assert!(check_client_token("a\tb").is_err());
        assert!(check_client_token("\u{7f}").is_err());
        assert!(check_client_token("é").is_err());
    }

    #[test]
    fn integers() {
        for ok in ["0", "9223372036854775807", "0009223372036854775807", "1"] {
            assert_eq!(check_integer(ok), Ok(()), "{ok}");
        }
        for (bad, problem) in [
            ("9223372036854775808", ValueProblem::OutOfRange),
            ("10000000000000000000", ValueProblem::OutOfRange),
            ("", ValueProblem::Empty),
        ] {
            assert_eq!(check_integer(bad), Err(problem), "{bad}");
        }
        for bad in ["-1", "+1", "1.0", " 1", "１"] {
            assert!(
                matches!(check_integer(bad), Err(ValueProblem::ForbiddenChar { .. })),
                "{bad}"
            );
        }
    }

    #[test]
    fn booleans() {
        assert_eq!(parse_bool("TRUE"), Some(true));
        assert_eq!(parse_bool("False"), Some(false));
        for bad in ["", "1", "yes", "true ", "t"] {
            assert_eq!(parse_bool(bad), None, "{bad}");
        }
    }
}
