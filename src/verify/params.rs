//! Decoded parameters, every name and value in one buffer: a verifier allocates the same
//! number of times for one parameter or for a hundred.

use std::fmt;

/// Decoded `(name, value)` pairs, in the order they were read (or sorted, for
/// [`super::Verified::params`]). Iterate them as `(&str, &str)`.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Params {
    text: String,
    /// Per pair: where its name ends in `text` (with [`PLAIN`] set when the pair is all
    /// unreserved bytes, so its own percent-encoding), where its value ends (each starts where
    /// the previous ends).
    ends: Vec<(u32, u32)>,
}

/// The flag in a name's end that marks a plain pair.
const PLAIN: u32 = 1 << 31;

fn to_u32(n: usize) -> u32 {
    u32::try_from(n)
        .ok()
        .filter(|n| n & PLAIN == 0)
        .expect("invariant: a parameter text under 2 GiB (bodies are capped)")
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

    /// Appends a pair made of unreserved bytes only (`A-Z a-z 0-9 - _ . ~`), which is its own
    /// percent-encoding.
    #[inline]
    pub(crate) fn push_plain(&mut self, name: &str, value: &str) {
        debug_assert!(
            name.bytes()
                .chain(value.bytes())
                .all(crate::encode::is_unreserved)
        );
        self.push(name, value);
        if let Some(last) = self.ends.last_mut() {
            last.0 |= PLAIN;
        }
    }

    /// Whether pair `i` was pushed with [`Params::push_plain`].
    #[inline]
    pub(crate) fn is_plain(&self, i: usize) -> bool {
        self.ends.get(i).is_some_and(|e| e.0 & PLAIN != 0)
    }

    /// Appends a pair whose name and value `name` and `value` write onto the end of the text
    /// (decoding, say); on an error nothing is appended.
    #[inline]
    pub(crate) fn push_with<E>(
        &mut self,
        name: impl FnOnce(&mut String) -> Result<usize, E>,
        value: impl FnOnce(&mut String) -> Result<(), E>,
    ) -> Result<(), E> {
        let start = self.text.len();
        let written = name(&mut self.text).and_then(|_| {
            let name_end = self.text.len();
            value(&mut self.text).map(|()| name_end)
        });
        match written {
            Ok(name_end) => {
                self.ends.push((to_u32(name_end), to_u32(self.text.len())));
                Ok(())
            }
            Err(e) => {
                self.text.truncate(start);
                Err(e)
            }
        }
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
        let (name_end, value_end) = ((name_end & !PLAIN) as usize, value_end as usize);
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
