//! The instance ids of a DeleteInstances request, kept in one buffer: two allocations for 1 or
//! 100 of them.

use std::fmt;

use super::names::MAX_INSTANCE_IDS;

/// The instance ids of a [`super::DeleteInstances`], in `InstanceId.N` order. Iterate them, count
/// them, or take the `i`th (0-based) with [`InstanceIds::get`].
#[derive(Clone, PartialEq, Eq)]
pub struct InstanceIds {
    /// The ids, one after another.
    text: String,
    /// Where each id ends in `text`.
    ends: Vec<u16>,
}

impl InstanceIds {
    /// Ids already checked: 1 to 100 of at most 30 bytes each.
    pub(crate) fn from_checked<'a>(ids: impl ExactSizeIterator<Item = &'a str> + Clone) -> Self {
        let total: usize = ids.clone().map(str::len).sum();
        debug_assert!(ids.len() <= MAX_INSTANCE_IDS);
        let mut out = InstanceIds {
            text: String::with_capacity(total),
            ends: Vec::with_capacity(ids.len()),
        };
        for id in ids {
            out.text.push_str(id);
            out.ends.push(
                u16::try_from(out.text.len())
                    .expect("invariant: 100 ids of at most 30 bytes fit in u16"),
            );
        }
        out
    }

    /// How many ids there are.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are none (never, for a valid request).
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The `i`th id (0-based: `InstanceId.{i + 1}`).
    #[inline]
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = usize::from(*self.ends.get(i)?);
        let start = match i {
            0 => 0,
            _ => usize::from(self.ends[i - 1]),
        };
        self.text.get(start..end)
    }

    /// The ids in order.
    pub fn iter(&self) -> Iter<'_> {
        Iter { ids: self, next: 0 }
    }
}

impl fmt::Debug for InstanceIds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> IntoIterator for &'a InstanceIds {
    type Item = &'a str;
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// The ids of an [`InstanceIds`], in order.
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    ids: &'a InstanceIds,
    next: usize,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let id = self.ids.get(self.next)?;
        self.next += 1;
        Some(id)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.ids.len() - self.next;
        (left, Some(left))
    }
}

impl ExactSizeIterator for Iter<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_comes_back_in_order() {
        let ids: Vec<String> = (1..=100)
            .map(|n| format!("i-{}", "x".repeat(n % 29 + 1)))
            .collect();
        let list = InstanceIds::from_checked(ids.iter().map(String::as_str));
        assert_eq!(list.len(), 100);
        assert_eq!(list.iter().collect::<Vec<_>>(), ids);
        assert_eq!(list.get(100), None);
        assert_eq!(format!("{list:?}"), format!("{ids:?}"));
        assert!(!list.is_empty());
        assert!(InstanceIds::from_checked(std::iter::empty()).is_empty());
    }

    #[test]
    fn the_iterator_knows_how_many_are_left() {
        let list = InstanceIds::from_checked(["i-a", "i-b", "i-c"].into_iter());
        let mut iter = list.iter();
        assert_eq!(iter.size_hint(), (3, Some(3)));
        assert_eq!(iter.next(), Some("i-a"));
        assert_eq!(iter.len(), 2);
        assert_eq!(
            (&list).into_iter().collect::<Vec<_>>(),
            ["i-a", "i-b", "i-c"]
        );
        assert_eq!(list.get(1), Some("i-b"));
        assert_eq!(list.get(2), Some("i-c"));
        assert_eq!(list.get(3), None);
    }
}
