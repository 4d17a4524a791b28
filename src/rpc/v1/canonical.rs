//! Stage 1: the canonical query.

use std::fmt;

use super::super::encode_into;
use crate::encode::encoded_len;
use crate::rpc::SIGNATURE;

/// The canonical query string of an RPC request: the parameters sorted bytewise by raw name,
/// then by raw value, each `enc(name)=enc(value)`, joined with `&`.
///
/// It is also exactly what is sent on the wire, before `&Signature=…` is appended.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct CanonicalQuery(String);

impl CanonicalQuery {
    /// Builds the canonical query of `params`, in any order. A parameter named `Signature` is
    /// left out: it is never signed.
    ///
    /// ```
    /// use aliyun_ecs_delete::rpc::v1::CanonicalQuery;
    /// let q = CanonicalQuery::new([("InstanceId.2", "b"), ("InstanceId.10", "c"), ("InstanceId.1", "a b")]);
    /// assert_eq!(q.as_str(), "InstanceId.1=a%20b&InstanceId.10=c&InstanceId.2=b");
    /// ```
    pub fn new<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> CanonicalQuery {
        let mut sorted: Vec<(&str, &str)> = params
            .into_iter()
            .filter(|(name, _)| *name != SIGNATURE)
            .collect();
        sort_params(&mut sorted);
        let mut out = String::with_capacity(canonical_len(&sorted));
        write_canonical_query(&mut out, &sorted);
        CanonicalQuery(out)
    }

    /// The canonical query as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The canonical query as an owned string.
    pub fn into_string(self) -> String {
        self.0
    }
}

/// Sorts parameters into canonical order: bytewise by raw name, then bytewise by raw value.
#[inline]
fn sort_params(params: &mut [(&str, &str)]) {
    // `str` orders bytewise, which is exactly the canonical order.
    params.sort_unstable();
}

/// The length of the canonical query of already sorted parameters.
pub(crate) fn canonical_len(sorted: &[(&str, &str)]) -> usize {
    sorted
        .iter()
        .map(|(n, v)| encoded_len(n) + 1 + encoded_len(v))
        .sum::<usize>()
        + sorted.len().saturating_sub(1)
}

/// Appends the canonical query of already sorted parameters to `out`.
#[inline]
pub(crate) fn write_canonical_query(out: &mut String, sorted: &[(&str, &str)]) {
    for (i, (name, value)) in sorted.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode_into(out, name);
        out.push('=');
        encode_into(out, value);
    }
}

impl fmt::Debug for CanonicalQuery {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("CanonicalQuery")
            .field(&crate::redact::Redacted(&self.0))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_owned_text_is_the_text() {
        let query = CanonicalQuery::new([("B", "a b"), ("A", "1")]);
        assert_eq!(query.as_str(), "A=1&B=a%20b");
        assert_eq!(query.into_string(), "A=1&B=a%20b");
    }

    #[test]
    fn sorts_by_raw_name_bytewise_not_numerically() {
        let names = [
            "InstanceId.2",
            "InstanceId.100",
            "InstanceId.11",
            "InstanceId.1",
            "InstanceId.10",
        ];
        let q = CanonicalQuery::new(names.iter().map(|n| (*n, "x")));
        assert_eq!(
            q.as_str(),
            "InstanceId.1=x&InstanceId.10=x&InstanceId.100=x&InstanceId.11=x&InstanceId.2=x"
        );
    }

    #[test]
    fn sorts_case_sensitively_upper_case_first() {
        let q = CanonicalQuery::new([("a", "1"), ("B", "2"), ("A", "3")]);
        assert_eq!(q.as_str(), "A=3&B=2&a=1");
    }

    #[test]
    fn repeated_names_sort_by_value() {
        let q = CanonicalQuery::new([("k", "b"), ("k", "a")]);
        assert_eq!(q.as_str(), "k=a&k=b");
    }

    #[test]
    fn sorts_raw_names_not_encoded_ones() {
        // Raw `z` (0x7A) sorts before raw `é` (0xC3 0xA9); encoded, `%C3%A9` would come first.
        let q = CanonicalQuery::new([("a\u{e9}", "1"), ("az", "2")]);
        assert_eq!(q.as_str(), "az=2&a%C3%A9=1");
    }

    #[test]
    fn drops_the_signature_parameter() {
        let q = CanonicalQuery::new([("Signature", "x"), ("A", "1")]);
        assert_eq!(q.as_str(), "A=1");
    }

    #[test]
    fn empty_values_are_kept() {
        let q = CanonicalQuery::new([("b", ""), ("a", "")]);
        assert_eq!(q.as_str(), "a=&b=");
    }

    #[test]
    fn no_params_is_empty() {
        assert_eq!(CanonicalQuery::new([]).as_str(), "");
        assert_eq!(canonical_len(&[]), 0);
    }

    #[test]
    fn canonical_len_is_exact() {
        let sorted = [("A b", "日"), ("c", ""), ("d", "~*")];
        let mut out = String::new();
        write_canonical_query(&mut out, &sorted);
        assert_eq!(canonical_len(&sorted), out.len());
    }
}
