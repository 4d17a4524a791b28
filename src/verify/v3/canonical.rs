//! The hash of the canonical request a V3 verifier recomputes: fed straight from the decoded
//! pairs and the headers as sent when nothing needs more than sorting by name, through the
//! staged [`CanonicalRequest`] otherwise.

use hmac::digest::{Digest, Update};

use super::super::params::{Pair, Params};
use crate::algorithm::{Algorithm, QueryFeed};
use crate::canonical::feed::Feed;
use crate::canonical::v3;
use crate::encode::is_unreserved;
use crate::rpc::Method;
use crate::rpc::v3::CanonicalRequest;

/// The signed part of the decoded pairs: the first `in_query` (the rest came from a form body),
/// decoded from `text`; whether they were decoded in canonical order, and whether they spell
/// `text` exactly, each plain ([`Shape::whole_and_plain`](super::super::form::Shape)).
pub(super) struct Query<'a> {
    pub(super) text: &'a str,
    pub(super) params: &'a Params,
    pub(super) in_query: usize,
    pub(super) in_order: bool,
    pub(super) whole_and_plain: bool,
}

/// Feeds the canonical query of `pairs` (sorted, names plain and distinct).
#[inline]
fn feed_query<'a, D: Digest + Update>(
    feed: &mut Feed<'_, D>,
    pairs: impl Iterator<Item = Pair<'a>>,
) {
    for (k, pair) in pairs.enumerate() {
        if k > 0 {
            feed.push(b"&");
        }
        // A plain pair, stored as `name=value`, is its own encoding.
        if pair.plain {
            feed.push(pair.text.as_bytes());
        } else {
            feed.push(pair.name.as_bytes());
            feed.push(b"=");
            feed.push_encoded(pair.value);
        }
    }
}

/// The staged canonical request over the first `in_query` pairs of `params` and the signed
/// header `lines` (as [`SignedLines::find`](super::headers::SignedLines::find) found them): the
/// readable reference, for the requests the fast path leaves to it and for the text a
/// mismatch shows.
pub(super) fn staged(
    method: Method,
    path: &str,
    params: &Params,
    in_query: usize,
    lines: &[(&str, &str)],
    body_hash: &str,
) -> CanonicalRequest {
    let pairs: Vec<(&str, &str)> = params.iter().take(in_query).collect();
    let names: Vec<&str> = lines.iter().map(|(n, _)| *n).collect();
    CanonicalRequest::with_signed_headers(method, path, &pairs, lines, &names, body_hash)
}

/// The canonical query, as the fast path feeds it.
enum Fed<'q, 'a> {
    /// The query as sent, its own canonical form.
    AsSent(&'a str),
    /// The first pairs of the decoded ones, in canonical order.
    InOrder(&'q Params, usize),
    /// The pairs, sorted here.
    Sorted(&'q [Pair<'a>]),
}

impl QueryFeed for Fed<'_, '_> {
    #[inline]
    fn feed<D: Digest + Update>(self, feed: &mut Feed<'_, D>) {
        match self {
            Fed::AsSent(text) => feed.push(text.as_bytes()),
            Fed::InOrder(params, in_query) => {
                feed_query(feed, params.iter_flagged().take(in_query));
            }
            Fed::Sorted(pairs) => feed_query(feed, pairs.iter().copied()),
        }
    }
}

/// The hex hash (`algorithm`'s digest) of the canonical request over the first `in_query` pairs of `params` and the
/// signed header `lines` (sorted by name here). The fast path feeds the hash straight from the
/// decoded pairs (or the query as sent, when it is canonical) and the headers as sent, when
/// nothing needs sorting beyond names or folding: the query's names are unreserved and
/// distinct, and the signed headers are sent lower-case, once each (as the SDKs send them).
/// Anything else goes through the [`staged`] canonical request.
pub(super) fn canonical_hash(
    algorithm: Algorithm,
    method: Method,
    path: &str,
    query: Query<'_>,
    lines: &mut [(&str, &str)],
    body_hash: &str,
) -> [u8; 64] {
    let Query {
        text,
        params,
        in_query,
        in_order,
        whole_and_plain,
    } = query;
    let signed_pairs = || params.iter_flagged().take(in_query);
    // Out of order (rare), the pairs are sorted by name in a list; in order, read in place.
    let mut sorted: Vec<Pair<'_>> = Vec::new();
    if !in_order {
        sorted.extend(signed_pairs());
        sorted.sort_unstable_by(|a, b| a.name.cmp(b.name));
    }
    let name_plain = |p: &Pair<'_>| p.plain || p.name.bytes().all(is_unreserved);
    // In order, every pair plain, and nothing between them but one `&` each (no empty segment,
    // no fragment): the query as sent is its own canonical form, hashed as it stands, and
    // nothing in it needs a second look.
    let as_sent = in_order && whole_and_plain;
    let names_plain = if as_sent {
        true
    } else if in_order {
        signed_pairs().all(|p| name_plain(&p))
    } else {
        sorted.iter().all(name_plain) && sorted.windows(2).all(|w| w[0].name != w[1].name)
    };
    // The signed headers, sorted.
    lines.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let headers_plain = lines
        .iter()
        .all(|(n, _)| !n.bytes().any(|b| b.is_ascii_uppercase()))
        && lines.windows(2).all(|w| w[0].0 != w[1].0);
    if !(names_plain && headers_plain) {
        let canonical = staged(method, path, params, in_query, lines, body_hash);
        let mut out = [0u8; 64];
        out.copy_from_slice(canonical.hashed_with(algorithm).as_str().as_bytes());
        return out;
    }
    let lines: &[(&str, &str)] = lines;
    let query = if as_sent {
        Fed::AsSent(text)
    } else if in_order {
        Fed::InOrder(params, in_query)
    } else {
        Fed::Sorted(&sorted)
    };
    algorithm.canonical_hash(
        method,
        path,
        query,
        v3::Lines {
            lines,
            joined: None,
        },
        body_hash,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rpc::v3;
    use crate::verify::form;
    use crate::verify::v3::headers::{SignedHeaders, SignedLines};
    use crate::verify::{Lint, LintKind};

    /// The fast hash against the staged canonical request, for queries that are and are not
    /// their own canonical form.
    #[test]
    fn the_query_as_sent_is_hashed_only_when_it_is_canonical() {
        let headers = [
            ("host", "ecs.aliyuncs.com"),
            ("x-acs-action", "DeleteInstance"),
        ];
        let signed = SignedHeaders::parse("host;x-acs-action");
        let lines = || SignedLines::find(&headers, &signed).0;
        for query in [
            "",
            "A=1",
            "A=1&B=2",
            "A=1&B=2&",
            "&A=1&B=2",
            "A=1&&B=2",
            "A=1&B=2#C=3",
            "A=1&B=x%2Fy",
            "A=1&B=%41",
            "B=2&A=1",
            "A=1&A=2",
            "A=&B=",
            "&",
            "#",
            "A=1#",
            "A=1&#",
            "A=1&B=2&&",
            "A=1&B==2",
            "A=1+2&B=2",
        ] {
            let mut params = Params::default();
            let mut lints: Vec<Lint> = Vec::new();
            let shape = form::decode_query(query, &mut params, &mut lints, &mut |_, _| {})
                .expect("well-formed");
            let in_order = !shape.ties && !lints.iter().any(|l| l.kind == LintKind::OutOfOrder);
            let fast = canonical_hash(
                Algorithm::HmacSha256,
                Method::Post,
                "/",
                Query {
                    text: query,
                    params: &params,
                    in_query: params.len(),
                    in_order,
                    whole_and_plain: shape.whole_and_plain,
                },
                lines().lines(),
                v3::EMPTY_BODY_SHA256,
            );
            let pairs: Vec<(&str, &str)> = params.iter().collect();
            let staged = CanonicalRequest::with_signed_headers(
                Method::Post,
                "/",
                &pairs,
                &headers,
                signed.as_slice(),
                v3::EMPTY_BODY_SHA256,
            );
            assert_eq!(
                std::str::from_utf8(&fast),
                Ok(staged.hashed().as_str()),
                "{query}"
            );
        }
    }
}
