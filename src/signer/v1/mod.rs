//! Signature V1 at the speed of the hash: the request's parameters are dropped into slots by
//! name (no comparison), walked in canonical order with the common parameters merged in by
//! rank, and written by one fused writer that builds the query and feeds the HMAC the string to
//! sign in the same pass. The staged, readable twin is [`crate::rpc::v1`]; the differential
//! tests in `conformance/tests/typed_signing.rs` (and the runner, which signs every typed
//! signing vector through `Signer`) and here check one against the other.

mod prepared;
mod writer;

use std::borrow::Cow;

use self::writer::QuerySigner;
use super::endpoint::origin_len;
use super::order::*;
use super::params::{self, Collected};
use super::{Format, Signer, Transport};
use crate::canonical::feed::feed_buffer;
use crate::canonical::v1::{Prefix, Sink};
use crate::credentials::Credentials;
use crate::nonce::Nonce;
use crate::request::{Action, Operation};
use crate::rpc::common::*;
use crate::rpc::v1::SIGNATURE_LEN;
use crate::rpc::{Method, SIGNATURE};
use crate::signed::{FORM_HEADERS, SignedRequest};
use crate::time::Timestamp;

/// Signs `request` with signature V1.
pub(crate) fn sign<R: Operation + ?Sized>(
    signer: &Signer,
    request: &R,
    credentials: &Credentials,
    timestamp: &Timestamp,
    nonce: &Nonce,
) -> SignedRequest {
    let common = CommonParams::new(
        credentials,
        request.action(),
        signer.format,
        timestamp,
        nonce,
    );
    let method = signer.transport.method();
    let secret = credentials.access_key_secret();
    let region = request.region_id();
    // An upper bound, without scanning: encoding grows text at most threefold (names are
    // plain, and over-reserving costs nothing but address space).
    let params = Collected::of(request);
    let mut bound = LenBound(common.len_bound());
    params.in_canonical_order(&mut bound);
    let query_len = bound.0;
    let origin = signer.endpoint.origin(region);
    let origin_len = origin_len(&origin);
    // The host starts after the scheme.
    let host_start = origin[0].len();
    let mut headers = if signer.extra_headers.is_empty() {
        Cow::Borrowed(&[][..])
    } else {
        Cow::Owned(signer.extra_headers())
    };
    // One text: the URL, then the form body when there is one.
    let form = signer.transport == Transport::PostForm;
    let head = [
        origin[0],
        origin[1],
        origin[2],
        origin[3],
        if form { "/" } else { "/?" },
    ];
    let capacity = origin_len + 2 + query_len;
    let text = sign_query(&head, capacity, &params, common, method, secret);
    let url_len = if form { origin_len + 1 } else { text.len() };
    match signer.transport {
        Transport::Get | Transport::PostQuery => {}
        Transport::PostForm => {
            headers = if signer.extra_headers.is_empty() {
                Cow::Borrowed(FORM_HEADERS)
            } else {
                let mut all = FORM_HEADERS.to_vec();
                all.extend(signer.extra_headers());
                Cow::Owned(all)
            };
        }
    }
    SignedRequest::new(method, text, url_len, host_start, headers)
}

/// The common parameters of one V1 request. In canonical order they fall into four runs, each
/// between two groups of operation parameters: `AccessKeyId Action`, `Format`,
/// `[SecurityToken] SignatureMethod SignatureNonce SignatureVersion`, `Timestamp Version`.
/// Each run is written in one go, before the first operation parameter that sorts after it.
struct CommonParams<'a> {
    access_key_id: &'a str,
    id_is_plain: bool,
    action: &'static Prefix,
    format: &'static Prefix,
    security_token: Option<&'a str>,
    nonce: &'a Nonce,
    timestamp: &'a Timestamp,
}

/// The rank of the first parameter of each run of [`CommonParams`].
const RUNS: [u8; 4] = [
    P_ACCESS_KEY_ID.rank,
    P_FORMAT_JSON.rank,
    P_SECURITY_TOKEN.rank,
    P_TIMESTAMP.rank,
];

impl<'a> CommonParams<'a> {
    fn new(
        credentials: &'a Credentials,
        action: Action,
        format: Format,
        timestamp: &'a Timestamp,
        nonce: &'a Nonce,
    ) -> Self {
        CommonParams {
            access_key_id: credentials.access_key_id(),
            id_is_plain: prepared::is_plain(credentials.access_key_id()),
            action: match action {
                Action::DeleteInstance => P_ACTION_DELETE_INSTANCE.prefix,
                Action::DeleteInstances => P_ACTION_DELETE_INSTANCES.prefix,
            },
            format: match format {
                Format::Json => P_FORMAT_JSON.prefix,
                Format::Xml => P_FORMAT_XML.prefix,
            },
            security_token: credentials.security_token(),
            nonce,
            timestamp,
        }
    }

    /// Writes run `run` of the common parameters.
    #[inline]
    fn write_run(&self, run: usize, writer: &mut impl Sink) {
        match run {
            0 => {
                let id = self.access_key_id;
                writer.prefixed(P_ACCESS_KEY_ID.prefix, id, self.id_is_plain);
                writer.fixed(self.action);
            }
            1 => writer.fixed(self.format),
            2 => {
                if let Some(token) = self.security_token {
                    writer.prefixed(P_SECURITY_TOKEN.prefix, token, false);
                }
                writer.fixed(P_SIGNATURE_METHOD.prefix);
                let nonce = self.nonce.as_str();
                writer.prefixed(P_SIGNATURE_NONCE.prefix, nonce, prepared::is_plain(nonce));
                writer.fixed(P_SIGNATURE_VERSION.prefix);
            }
            _ => {
                let (once, twice) = prepared::timestamp_encodings(self.timestamp);
                writer.prefixed_encoded(P_TIMESTAMP.prefix, &once, &twice);
                writer.fixed(P_VERSION.prefix);
            }
        }
    }

    /// At most how long the query is with these parameters, `&Signature=…` included: the
    /// fixed parts, and the values that may need encoding three times over.
    fn len_bound(&self) -> usize {
        let token = self.security_token.map_or(0, str::len);
        FIXED + 3 * (self.access_key_id.len() + token + self.nonce.as_str().len())
    }
}

/// The longest the common parameters' names, fixed values and separators can be, with a
/// signature that needs encoding at every byte: [`CommonParams::len_bound`] without the values.
const FIXED: usize = 1
    + SIGNATURE.len()
    + 1
    + 3 * SIGNATURE_LEN
    + ACCESS_KEY_ID.len()
    + 1
    + "&Action=DeleteInstances".len()
    + "&Format=JSON".len()
    + 2
    + SECURITY_TOKEN.len()
    + "&SignatureMethod=HMAC-SHA1".len()
    + 2
    + SIGNATURE_NONCE.len()
    + "&SignatureVersion=1.0".len()
    + "&Timestamp=0000-00-00T00%3A00%3A00Z".len()
    + "&Version=2014-05-26".len();

/// Adds up an upper bound of the query length, without scanning values: encoding grows text at
/// most threefold and names are plain.
struct LenBound(usize);

impl<'a> params::Sink<'a> for LenBound {
    #[inline]
    fn param(&mut self, param: Param, value: &'a str) {
        let grows = match param.value {
            ValueKind::Plain | ValueKind::Fixed => 1,
            ValueKind::Text => 3,
        };
        self.0 += 2 + param.name.len() + grows * value.len();
    }

    /// Summed in a register, not through the sink: a hundred ids add up without a store each.
    #[inline]
    fn plain_run(&mut self, run: impl Iterator<Item = (Param, &'a str)>) {
        self.0 += run
            .map(|(param, value)| 2 + param.name.len() + value.len())
            .sum::<usize>();
    }
}

/// Merges the common parameters into the operation parameters, which arrive in canonical
/// order, by rank (no string comparison), and writes each to `writer` (the fused writer when
/// signing).
struct Merge<'a, 'w, S: Sink> {
    writer: &'w mut S,
    common: CommonParams<'a>,
    /// The next run of common parameters to write.
    next: usize,
}

impl<S: Sink> Merge<'_, '_, S> {
    /// Writes the runs of common parameters that sort before `rank`.
    #[inline]
    fn common_before(&mut self, rank: u8) {
        while let Some(&first) = RUNS.get(self.next)
            && first < rank
        {
            self.common.write_run(self.next, self.writer);
            self.next += 1;
        }
    }
}

impl<'a, S: Sink> params::Sink<'a> for Merge<'_, '_, S> {
    #[inline]
    fn param(&mut self, param: Param, value: &'a str) {
        self.common_before(param.rank);
        let prefix = param.prefix;
        match param.value {
            ValueKind::Fixed => self.writer.fixed(prefix),
            ValueKind::Plain => self.writer.prefixed(prefix, value, true),
            ValueKind::Text => self.writer.prefixed(prefix, value, false),
        }
    }

    /// No common parameter sorts inside a run: they are placed once, before it.
    #[inline]
    fn plain_run(&mut self, run: impl Iterator<Item = (Param, &'a str)>) {
        let mut run = run.peekable();
        if let Some((first, _)) = run.peek() {
            self.common_before(first.rank);
        }
        for (param, value) in run {
            debug_assert_eq!(param.value, ValueKind::Plain);
            self.writer.prefixed(param.prefix, value, true);
        }
    }
}

/// Writes `head` (unsigned), then the canonical query of `request` with `common` merged in,
/// then the signature; `capacity` is the expected length of the whole.
fn sign_query(
    head: &[&str],
    capacity: usize,
    params: &Collected<'_>,
    common: CommonParams<'_>,
    method: Method,
    secret: &str,
) -> String {
    let mut feed = feed_buffer();
    let mut writer = QuerySigner::new(&mut feed, capacity, method, secret);
    for piece in head {
        writer.unsigned(piece);
    }
    let mut merge = Merge {
        writer: &mut writer,
        common,
        next: 0,
    };
    params.in_canonical_order(&mut merge);
    merge.common_before(u8::MAX);
    writer.finish_signed(SIGNATURE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::canonical::v1::Hashed;
    use crate::request::{DeleteInstance, DeleteInstances};

    /// One walk, two sinks: the signer's walk over a typed request and the common parameters,
    /// written by the fused writer (the query and the HMAC in one pass) and by the verifier's
    /// HMAC-only sink, gives one signature; so the fused writer's fast paths write what the
    /// plain rules of `canonical::v1` write.
    fn walk_into_both<R: Operation>(request: &R, credentials: &Credentials) {
        let ts = Timestamp::parse("2026-11-23T08:30:00Z").expect("valid");
        let nonce = Nonce::new("6a1f0c8e-3b2d-4c5e-9f70-1a2b3c4d5e6f").expect("valid");
        let common = || CommonParams::new(credentials, request.action(), Format::Xml, &ts, &nonce);
        let params = Collected::of(request);
        let text = sign_query(&["/?"], 0, &params, common(), Method::Post, "secret");
        let mut buffer = feed_buffer();
        let mut hashed = Hashed::new(&mut buffer, Method::Post, "secret");
        let mut merge = Merge {
            writer: &mut hashed,
            common: common(),
            next: 0,
        };
        params.in_canonical_order(&mut merge);
        merge.common_before(u8::MAX);
        let signature = hashed.signature();
        let signature = std::str::from_utf8(&signature).expect("Base64");
        let signature = crate::encode::percent_encode(signature);
        assert!(text.ends_with(&format!("&Signature={signature}")), "{text}");
    }

    #[test]
    fn the_fused_writer_and_the_hash_alone_agree_on_the_signers_walk() {
        let plain = Credentials::new("LTAI5tExampleKeyId", "secret").expect("valid");
        let escaped = Credentials::new("id+/%", "secret")
            .and_then(|c| c.with_security_token("token/+= ü"))
            .expect("valid");
        let one = DeleteInstance::builder("i-x")
            .region_id("cn-hangzhou")
            .build()
            .expect("valid");
        let with_token = DeleteInstances::builder("cn-hangzhou")
            .instance_ids(["i-x"])
            .client_token("a b&c")
            .build()
            .expect("valid");
        let ids: Vec<String> = (1..=100).map(|n| format!("i-{n:03}")).collect();
        let hundred = DeleteInstances::builder("cn-hangzhou")
            .instance_ids(&ids)
            .build()
            .expect("valid");
        for credentials in [&plain, &escaped] {
            walk_into_both(&one, credentials);
            walk_into_both(&with_token, credentials);
            walk_into_both(&hundred, credentials);
        }
    }

    /// The runs of [`CommonParams`] are exactly the runs of common names in canonical order:
    /// no operation name sorts inside a run, and each run starts at its rank in [`RUNS`].
    #[test]
    fn common_runs_are_the_runs_of_canonical_order() {
        let runs: [&[Param]; 4] = [
            &[P_ACCESS_KEY_ID, P_ACTION_DELETE_INSTANCE],
            &[P_FORMAT_JSON],
            &[
                P_SECURITY_TOKEN,
                P_SIGNATURE_METHOD,
                P_SIGNATURE_NONCE,
                P_SIGNATURE_VERSION,
            ],
            &[P_TIMESTAMP, P_VERSION],
        ];
        let operation = OPERATION_PARAMS;
        for (run, &first) in runs.iter().zip(&RUNS) {
            assert_eq!(run[0].rank, first);
            for pair in run.windows(2) {
                assert_eq!(
                    pair[0].rank + 1,
                    pair[1].rank,
                    "{} {}",
                    pair[0].name,
                    pair[1].name
                );
                assert!(pair[0].name < pair[1].name);
            }
            let last = run[run.len() - 1].rank;
            for op in operation {
                assert!(
                    op.rank < first || op.rank > last,
                    "{} inside a run",
                    op.name
                );
            }
        }
        let ranks: usize = runs.iter().map(|run| run.len()).sum();
        assert_eq!(
            ranks + operation.len(),
            20,
            "every name is in a run or an operation"
        );
    }

    /// The query's length bound is the length of the longest query the parameters can make:
    /// with every value that may need escapes needing them at every byte, it is exact but for
    /// the signature, whose room is three bytes a character.
    #[test]
    fn the_length_bound_is_the_worst_case_exactly() {
        let ts = Timestamp::parse("2026-11-23T08:30:00Z").expect("valid");
        let credentials = Credentials::new("!".repeat(24), "secret")
            .and_then(|c| c.with_security_token("+".repeat(50)))
            .expect("valid");
        let nonce = Nonce::new("/".repeat(36)).expect("valid");
        let request = DeleteInstances::builder("cn-hangzhou")
            .instance_ids(["i-a", "i-bb"])
            .client_token("!".repeat(64))
            .owner_account("é".repeat(10))
            .dry_run(true)
            .build()
            .expect("valid");
        let common = CommonParams::new(&credentials, request.action(), Format::Json, &ts, &nonce);
        let mut bound = LenBound(common.len_bound());
        Collected::of(&request).in_canonical_order(&mut bound);
        let signed = crate::Signer::new().sign(&request, &credentials, &ts, &nonce);
        let (_, query) = signed.url().split_once('?').expect("a query");
        let (_, sent_signature) = query.rsplit_once("&Signature=").expect("signed");
        assert_eq!(
            bound.0,
            query.len() - sent_signature.len() + 3 * SIGNATURE_LEN,
            "{query}"
        );
    }
}
