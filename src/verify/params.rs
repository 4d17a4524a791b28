//! Decoded parameters, every name and value in one buffer: a verifier allocates the same
//! number of times for one parameter or for a hundred.

use std::fmt;

/// Decoded `(name, value)` pairs, in the order they were read (or sorted, for
/// [`super::Verified::params`]). Iterate them as `(&str, &str)`.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Params {
    text: String,
    /// Per pair: where its name ends in `text`, where its value ends (each starts where the
    /// previous ends).
    ends: Vec<(u32, u32)>,
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).expect("invariant: a parameter text under 4 GiB (bodies are capped)")
}

impl Params {
    /// Room for `bytes` of text in about `pairs` pairs.
    pub(crate) fn with_capacity(bytes: usize, pairs: usize) -> Params {
        Params {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(pairs),
        }
    }

    /// Appends a pair.
    #[inline]
    pub(crate) fn push(&mut self, name: &str, value: &str) {
        self.text.push_str(name);
        let name_end = to_u32(self.text.len());
        self.text.push_str(value);
        self.ends.push((name_end, to_u32(self.text.len())));
    }

    /// The text's length so far.
    pub(crate) fn text_len(&self) -> usize {
        self.text.len()
    }

    /// How many pairs there are.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The `i`th pair.
    #[inline]
    pub fn get(&self, i: usize) -> Option<(&str, &str)> {
        let &(name_end, value_end) = self.ends.get(i)?;
        let start = match i {
            0 => 0,
            _ => self.ends[i - 1].1 as usize,
        };
        let (name_end, value_end) = (name_end as usize, value_end as usize);
        Some((
            self.text.get(start..name_end)?,
            self.text.get(name_end..value_end)?,
        ))
    }

    /// The first value of `name`.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// The pairs in order.
    pub fn iter(&self) -> ParamsIter<'_> {
        ParamsIter {
            params: self,
            next: 0,
        }
    }
}

/// Shows each pair, with the values of `Signature` and `SecurityToken` redacted.
impl fmt::Debug for Params {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(
                self.iter()
                    .map(|(n, v)| (n, crate::redact::parameter_value(n, v))),
            )
            .finish()
    }
}

impl<'a> IntoIterator for &'a Params {
    type Item = (&'a str, &'a str);
    type IntoIter = ParamsIter<'a>;
    fn into_iter(self) -> ParamsIter<'a> {
        self.iter()
    }
}

/// The pairs of a [`Params`], in order.
#[derive(Debug, Clone)]
pub struct ParamsIter<'a> {
    params: &'a Params,
    next: usize,
}

impl<'a> Iterator for ParamsIter<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<(&'a str, &'a str)> {
        let pair = self.params.get(self.next)?;
        self.next += 1;
        Some(pair)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.params.len() - self.next;
        (left, Some(left))
    }
}

impl ExactSizeIterator for ParamsIter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_come_back_as_pushed() {
        let mut p = Params::default();
        p.push("A", "1");
        p.push("", "");
        p.push("B", "xy");
        assert_eq!(
            p.iter().collect::<Vec<_>>(),
            [("A", "1"), ("", ""), ("B", "xy")]
        );
        assert_eq!(p.value("B"), Some("xy"));
        assert_eq!(p.get(3), None);
        p.push("Signature", "secret-sig");
        assert!(!format!("{p:?}").contains("secret-sig"));
    }
}
