//! Each enum's spellings, written once: the wire's, and the conformance vectors' for the signer's
//! choices. `as_str` and `FromStr` come from one list, and every door (the CLI, the C ABI, the
//! Python package, the runner) converts through them.

/// A text that spells none of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} {found:?} is not one of: {}", expected.join(", "))]
pub struct UnknownValue {
    what: &'static str,
    expected: &'static [&'static str],
    found: String,
}

impl UnknownValue {
    pub(crate) fn new(what: &'static str, expected: &'static [&'static str], found: &str) -> Self {
        UnknownValue {
            what,
            expected,
            found: found.to_owned(),
        }
    }

    /// What was being read: `signature version`, `transport`, `format`, `method`, `action`.
    pub fn what(&self) -> &'static str {
        self.what
    }

    /// The spellings that would have been understood.
    pub fn expected(&self) -> &'static [&'static str] {
        self.expected
    }

    /// What was given.
    pub fn found(&self) -> &str {
        &self.found
    }
}

/// `as_str` and `FromStr` (case-sensitive) of a fieldless enum, from one list of spellings.
macro_rules! spelled {
    ($(#[$doc:meta])* $ty:ident, $what:literal, { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $ty {
            /// Every spelling, in the order of the variants.
            pub const SPELLINGS: &'static [&'static str] = &[$($text),+];

            $(#[$doc])*
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $text),+
                }
            }
        }

        impl std::str::FromStr for $ty {
            type Err = $crate::spelling::UnknownValue;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                match text {
                    $($text => Ok($ty::$variant),)+
                    _ => Err($crate::spelling::UnknownValue::new($what, Self::SPELLINGS, text)),
                }
            }
        }
    };
}
pub(crate) use spelled;

#[cfg(test)]
mod tests {
    use crate::request::Action;
    use crate::rpc::Method;
    use crate::{Format, SignatureVersion, Transport};

    /// Every spelling reads back as the value it spells, and nothing else reads.
    #[test]
    fn every_spelling_round_trips_and_others_are_refused() {
        fn check<
            T: std::str::FromStr<Err = super::UnknownValue> + Copy + PartialEq + std::fmt::Debug,
        >(
            values: &[T],
            spellings: &[&str],
            as_str: fn(T) -> &'static str,
        ) {
            assert_eq!(values.len(), spellings.len());
            for (value, spelling) in values.iter().zip(spellings) {
                assert_eq!(as_str(*value), *spelling);
                assert_eq!(spelling.parse::<T>(), Ok(*value));
                let other = format!("{spelling} ");
                let err = other.parse::<T>().unwrap_err();
                assert_eq!((err.found(), err.expected()), (other.as_str(), spellings));
            }
        }
        check(
            &[SignatureVersion::V1, SignatureVersion::V3],
            SignatureVersion::SPELLINGS,
            SignatureVersion::as_str,
        );
        check(
            &[Transport::Get, Transport::PostQuery, Transport::PostForm],
            Transport::SPELLINGS,
            Transport::as_str,
        );
        check(
            &[Format::Json, Format::Xml],
            Format::SPELLINGS,
            Format::as_str,
        );
        check(
            &[Method::Get, Method::Post],
            Method::SPELLINGS,
            Method::as_str,
        );
        check(
            &[Action::DeleteInstance, Action::DeleteInstances],
            Action::SPELLINGS,
            Action::as_str,
        );
        let err = "V2".parse::<SignatureVersion>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "signature version \"V2\" is not one of: v1, v3"
        );
        assert_eq!(err.what(), "signature version");
        assert_eq!("PUT".parse::<Method>().unwrap_err().what(), "method");
        assert_eq!(Transport::SPELLINGS, ["get", "post-query", "post-form"]);
    }
}
