//! Decoded parameters, every name and value in one buffer: a verifier allocates the same
//! number of times for one parameter or for a hundred.

use std::fmt;

/// Decoded `(name, value)` pairs, in the order they were read (or sorted, for
/// [`super::Verified::params`]). Iterate them as `(&str, &str)`; two are equal when they hold
/// the same pairs in the same order, however each was spelled on the wire.
#[derive(Clone, Default)]
pub struct Params {
    text: String,
    /// Per pair: where its name ends in `text` (with [`PLAIN`] set when the pair is all
    /// unreserved bytes, so its own percent-encoding), where its value ends. A pair is stored
    /// as `name=value`, each starting where the previous ends: a plain pair is copied from the
    /// query as it stands, in one piece.
    ends: Vec<(u32, u32)>,
}

impl PartialEq for Params {
    fn eq(&self, other: &Params) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Params {}

/// The flag in a name's end that marks a plain pair.
const PLAIN: u32 = 1 << 31;

#[inline]
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
        self.text.push('=');
        self.text.push_str(value);
        self.ends.push((name_end, to_u32(self.text.len())));
    }

    /// Appends the pair `segment` spells as `name=value` (`equals` is where its `=` stands),
    /// every other byte unreserved (`A-Z a-z 0-9 - _ . ~`): its own percent-encoding.
    #[inline]
    pub(crate) fn push_plain(&mut self, segment: &str, equals: usize) {
        debug_assert_eq!(segment.as_bytes().get(equals), Some(&b'='));
        debug_assert!(
            segment
                .bytes()
                .enumerate()
                .all(|(i, b)| i == equals || crate::encode::is_unreserved(b))
        );
        let name_end = to_u32(self.text.len() + equals) | PLAIN;
        self.text.push_str(segment);
        self.ends.push((name_end, to_u32(self.text.len())));
    }

    /// Whether pair `i` is plain (pushed with [`Params::push_plain`]).
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
            self.text.push('=');
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

    /// The same pairs sorted by name, then value (plain flags kept).
    pub(crate) fn sorted(&self) -> Params {
        let mut order: Vec<usize> = (0..self.len()).collect();
        order.sort_unstable_by_key(|&i| self.get(i));
        let mut out = Params::with_capacity(self.text.len(), self.len());
        for i in order {
            if let Some((name, value)) = self.get(i) {
                out.push(name, value);
                if self.is_plain(i)
                    && let Some(last) = out.ends.last_mut()
                {
                    last.0 |= PLAIN;
                }
            }
        }
        out
    }

    /// Removes the pairs at `at` (ascending, each once), keeping the order of the rest: each
    /// run of neighbours is one move of the text after it, the last run first (a verifier
    /// removes the common parameters, which stand in two or three runs, and keeps the buffer).
    pub(crate) fn remove_at(&mut self, at: &[usize]) {
        debug_assert!(at.windows(2).all(|w| w[0] < w[1]));
        let mut end = at.len();
        while end > 0 {
            let mut start = end - 1;
            while start > 0 && at[start - 1] + 1 == at[start] {
                start -= 1;
            }
            self.remove_range(at[start], at[end - 1] + 1);
            end = start;
        }
    }

    /// Removes pairs `start..end`.
    fn remove_range(&mut self, start: usize, end: usize) {
        let text_start = start.checked_sub(1).map_or(0, |i| self.ends[i].1);
        let text_end = self.ends[end - 1].1;
        self.text.drain(text_start as usize..text_end as usize);
        self.ends.drain(start..end);
        let removed = text_end - text_start;
        for (name_end, value_end) in &mut self.ends[start..] {
            *name_end -= removed;
            *value_end -= removed;
        }
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
            self.text.get(name_end + 1..value_end)?,
        ))
    }

    /// The first value of `name`.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// The pairs in order, each with whether it is plain.
    pub(crate) fn iter_flagged(&self) -> Flagged<'_> {
        Flagged(self.iter())
    }

    /// The pairs in order.
    pub fn iter(&self) -> ParamsIter<'_> {
        ParamsIter {
            text: &self.text,
            ends: self.ends.iter(),
            start: 0,
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
    text: &'a str,
    ends: std::slice::Iter<'a, (u32, u32)>,
    /// Where the next pair starts in `text`.
    start: usize,
}

impl<'a> ParamsIter<'a> {
    /// The next pair, with whether it is plain.
    #[inline(always)]
    fn next_flagged(&mut self) -> Option<Pair<'a>> {
        let &(name_end, value_end) = self.ends.next()?;
        let plain = name_end & PLAIN != 0;
        let (name_end, value_end) = ((name_end & !PLAIN) as usize, value_end as usize);
        let start = std::mem::replace(&mut self.start, value_end);
        let text = self.text.get(start..value_end)?;
        let (name, value) = text.split_at_checked(name_end.checked_sub(start)?)?;
        Some(Pair {
            name,
            value: value.get(1..)?,
            text,
            plain,
        })
    }
}

/// A pair as [`Params::iter_flagged`] gives it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pair<'a> {
    pub(crate) name: &'a str,
    pub(crate) value: &'a str,
    /// `name=value`, as stored.
    pub(crate) text: &'a str,
    /// Whether the pair is all unreserved bytes, so that `text` is its own percent-encoding.
    pub(crate) plain: bool,
}

impl<'a> Iterator for ParamsIter<'a> {
    type Item = (&'a str, &'a str);

    #[inline]
    fn next(&mut self) -> Option<(&'a str, &'a str)> {
        self.next_flagged().map(|pair| (pair.name, pair.value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.ends.size_hint()
    }
}

/// The pairs of a [`Params`] in order, each with whether it is plain.
pub(crate) struct Flagged<'a>(ParamsIter<'a>);

impl<'a> Iterator for Flagged<'a> {
    type Item = Pair<'a>;

    #[inline]
    fn next(&mut self) -> Option<Pair<'a>> {
        self.0.next_flagged()
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
        let mut iter = p.iter();
        assert_eq!(iter.size_hint(), (3, Some(3)));
        iter.next();
        assert_eq!(iter.size_hint(), (2, Some(2)));
        assert_eq!(p.get(3), None);
        p.push("Signature", "secret-sig");
        assert!(!format!("{p:?}").contains("secret-sig"));
    }

    /// Equal pairs are equal Params, whether each came plain (in one piece) or decoded.
    #[test]
    fn equality_is_of_the_pairs_not_their_spelling() {
        let (mut plain, mut decoded, mut other) =
            (Params::default(), Params::default(), Params::default());
        plain.push_plain("A=1", 1);
        decoded.push("A", "1");
        other.push("A", "2");
        assert_eq!(plain, decoded);
        assert_ne!(plain, other);
        decoded.push("B", "");
        assert_ne!(plain, decoded);
    }

    #[test]
    fn removing_runs_keeps_the_rest_in_order_with_their_flags() {
        let mut p = Params::default();
        for (i, name) in ["A", "B", "x", "C", "y", "z", "D", "E"].iter().enumerate() {
            if i % 2 == 0 {
                p.push_plain(&format!("{name}={i}"), name.len());
            } else {
                p.push(name, &format!("v{i}"));
            }
        }
        // A, B, C, D, E: runs at both ends and one in the middle.
        p.remove_at(&[0, 1, 3, 6, 7]);
        assert_eq!(
            p.iter().collect::<Vec<_>>(),
            [("x", "2"), ("y", "4"), ("z", "v5")]
        );
        assert_eq!(
            (p.is_plain(0), p.is_plain(1), p.is_plain(2)),
            (true, true, false)
        );
        p.remove_at(&[0, 1, 2]);
        assert!(p.is_empty());
        assert!(p.text.is_empty());
        // Many runs of one.
        for i in 0..100 {
            p.push(if i % 2 == 0 { "keep" } else { "drop" }, &i.to_string());
        }
        p.remove_at(&(0..100).filter(|i| i % 2 == 1).collect::<Vec<_>>());
        assert_eq!(p.len(), 50);
        assert!(
            p.iter()
                .enumerate()
                .all(|(i, (n, v))| n == "keep" && v == (2 * i).to_string())
        );
    }

    /// Empty until a pair is pushed; `Debug` lists the pairs with the secrets' values hidden.
    #[test]
    fn empty_until_pushed_and_shown_redacted() {
        let mut p = Params::default();
        assert!(p.is_empty());
        assert_eq!(format!("{p:?}"), "[]");
        p.push("A", "1");
        p.push("Signature", "c2VjcmV0");
        p.push("SecurityToken", "tok");
        assert!(!p.is_empty());
        assert_eq!(
            format!("{p:?}"),
            r#"[("A", "1"), ("Signature", "** redacted **"), ("SecurityToken", "** redacted **")]"#
        );
    }
}
