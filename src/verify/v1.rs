//! The V1 verifier's fast path: common names found with a few comparisons, and the signature
//! computed by feeding HMAC-SHA1 the canonical query encoded twice, straight from the decoded
//! pairs, with no canonical query or string to sign built. The staged twin is
//! [`crate::rpc::v1`]; the `verify` vectors and the sign-then-verify property tests check it.

use hmac::Mac as _;

use super::COMMON;
use super::params::Params;
use crate::rpc::Method;
use crate::rpc::v1::{PATH_PART, SIGNATURE_LEN, base64_digest, hmac_sha1};
use crate::signer::buffers::{Feed, feed_buffer};

/// Where `name` stands in [`COMMON`], if it is a common parameter.
#[inline]
pub(super) fn common_index(name: &str) -> Option<usize> {
    // Every common name starts with one of these; an operation name rarely does.
    match name.as_bytes().first()? {
        b'A' | b'V' | b'F' | b'S' | b'T' => COMMON.iter().position(|c| *c == name),
        _ => None,
    }
}

/// The signature of `params` (every one but `Signature`) sent with `method`, as Base64.
pub(super) fn signature(method: Method, params: &Params, secret: &str) -> [u8; SIGNATURE_LEN] {
    // Canonical order: bytewise by name, then value. Signers send it sorted already (a linear
    // check), SDKs that do not cost one sort.
    let mut order: Vec<u32> = Vec::with_capacity(params.len());
    for (i, (name, _)) in params.iter().enumerate() {
        if name != crate::rpc::SIGNATURE {
            order.push(u32::try_from(i).expect("invariant: fewer than 2^32 pairs"));
        }
    }
    let pair = |i: &u32| params.get(*i as usize).unwrap_or(("", ""));
    if !order.is_sorted_by(|a, b| pair(a) <= pair(b)) {
        order.sort_unstable_by(|a, b| pair(a).cmp(&pair(b)));
    }
    let mut buffer = feed_buffer();
    let mut feed = Feed::new(&mut buffer, hmac_sha1(secret));
    feed.push(method.as_str().as_bytes());
    feed.push(PATH_PART.as_bytes());
    for (k, i) in order.iter().enumerate() {
        let (name, value) = pair(i);
        if k > 0 {
            feed.push(b"%26");
        }
        feed.push_encoded_twice(name);
        feed.push(b"%3D");
        feed.push_encoded_twice(value);
    }
    feed.flush();
    base64_digest(&feed.mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rpc::v1::{CanonicalQuery, Signature, StringToSign};

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
                params.push(n, v);
            }
            for method in [Method::Get, Method::Post] {
                for secret in ["", "k&", &"k".repeat(200)] {
                    let staged = Signature::v1(
                        secret,
                        &StringToSign::new(method, &CanonicalQuery::new(pairs.iter().copied())),
                    );
                    let fast = signature(method, &params, secret);
                    assert_eq!(std::str::from_utf8(&fast), Ok(staged.as_str()));
                }
            }
        }
    }
}
