//! The V1 verifier's fast path: common names found with a few comparisons, and the signature
//! computed by walking the decoded pairs into [`crate::canonical::v1`]'s HMAC-only sink, with
//! no canonical query or string to sign built. The staged twin is
//! [`crate::rpc::v1`]; the `verify` vectors and the sign-then-verify property tests check it.

use crate::canonical::feed::feed_buffer;
use crate::canonical::v1::{Hashed, Sink};
use crate::rpc::Method;
use crate::rpc::v1::SIGNATURE_LEN;
use crate::verify::COMMON;
use crate::verify::params::Params;

/// Where `name` stands in [`COMMON`], if it is a common parameter: its length and one of its
/// first two bytes pick the one candidate, and one comparison confirms it.
#[inline]
pub(in crate::verify) fn common_index(name: &str) -> Option<usize> {
    let bytes = name.as_bytes();
    let candidate = match (bytes.len(), *bytes.first()?) {
        (6, b'A') => 0,                                 // Action
        (7, b'V') => 1,                                 // Version
        (6, b'F') => 2,                                 // Format
        (11, b'A') => 3,                                // AccessKeyId
        (15, b'S') => 4,                                // SignatureMethod
        (16, b'S') => 5,                                // SignatureVersion
        (14, b'S') => 6,                                // SignatureNonce
        (9, b'T') => 7,                                 // Timestamp
        (13, b'S') if bytes.get(1) == Some(&b'e') => 8, // SecurityToken
        (13, b'S') => 9,                                // SignatureType
        (9, b'S') => 10,                                // Signature
        _ => return None,
    };
    (COMMON[candidate] == name).then_some(candidate)
}

/// The signature of `params` (every one but `Signature`) sent with `method`, as Base64.
/// `in_order`: the decoder found the pairs in canonical order already (signers send them so),
/// and they need no sorting.
pub(super) fn signature(
    method: Method,
    params: &Params,
    in_order: bool,
    secret: &str,
) -> [u8; SIGNATURE_LEN] {
    let mut buffer = feed_buffer();
    let mut hashed = Hashed::new(&mut buffer, method, secret);
    let signed = params
        .iter_flagged()
        .filter(|pair| pair.name != crate::rpc::SIGNATURE)
        .map(|pair| (pair.name, pair.value, pair.plain));
    if in_order {
        walk(&mut hashed, signed);
    } else {
        // Canonical order: bytewise by name, then value (an SDK that does not sort).
        let mut sorted: Vec<(&str, &str, bool)> = signed.collect();
        sorted.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        walk(&mut hashed, sorted.into_iter());
    }
    hashed.signature()
}

/// Writes `pairs` (with whether each is plain), in the order given, as a canonical query.
#[inline]
fn walk<'a>(sink: &mut impl Sink, pairs: impl Iterator<Item = (&'a str, &'a str, bool)>) {
    for (k, (name, value, plain)) in pairs.enumerate() {
        sink.pair(k == 0, name, value, plain);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rpc::v1::{CanonicalQuery, Signature, StringToSign};

    #[test]
    fn common_names_are_found_and_others_are_not() {
        for (c, name) in COMMON.iter().enumerate() {
            assert_eq!(common_index(name), Some(c), "{name}");
            let mut other = name.to_string();
            other.pop();
            assert_eq!(common_index(&other), None);
            other.push('x');
            assert_eq!(common_index(&other), None);
            assert_eq!(common_index(&name.to_lowercase()), None);
        }
        for name in [
            "",
            "S",
            "InstanceId",
            "RegionId",
            "SecurityTokeN",
            "SignatureTypo",
        ] {
            assert_eq!(common_index(name), None, "{name}");
        }
    }

    #[test]
    fn the_fast_signature_equals_the_stages() {
        for pairs in [
            vec![("B", "2"), ("A", "1"), ("Signature", "x")],
            vec![("A b", "日&=%+~*"), ("A", "z"), ("A", "a"), ("C", "")],
            (1..=100)
                .map(|n| (crate::request::names::instance_id_name(n).unwrap(), "i-x"))
                .collect(),
        ] {
            let mut params = Params::default();
            for (n, v) in &pairs {
                if n.bytes().chain(v.bytes()).all(crate::encode::is_unreserved) {
                    params.push_plain(&format!("{n}={v}"), n.len());
                } else {
                    params.push(n, v);
                }
            }
            let signed: Vec<_> = pairs.iter().filter(|(n, _)| *n != "Signature").collect();
            let sorted = signed.is_sorted();
            for method in [Method::Get, Method::Post] {
                for secret in ["", "k&", &"k".repeat(200)] {
                    let staged = Signature::v1(
                        secret,
                        &StringToSign::new(method, &CanonicalQuery::new(pairs.iter().copied())),
                    );
                    for in_order in [false, sorted] {
                        let fast = signature(method, &params, in_order, secret);
                        assert_eq!(std::str::from_utf8(&fast), Ok(staged.as_str()));
                    }
                }
            }
        }
    }
}
