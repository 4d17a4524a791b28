//! The journal: one bounded entry per API request, without secrets.

use serde::Serialize;

/// The most journal entries kept; older ones are dropped.
pub(crate) const JOURNAL_CAPACITY: usize = 10_000;

/// The longest text a journal entry keeps in one field, in bytes; a longer one is cut and
/// marked, so that the journal's memory is bounded by its entry count.
pub(crate) const FIELD_BYTES: usize = 256;

/// The most lints a journal entry keeps.
const LINTS_KEPT: usize = 16;

/// One API request, as the journal keeps it: no secret, token or signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JournalEntry {
    /// Its number, from 1.
    pub seq: u64,
    /// The method.
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The action, when it could be read.
    pub action: Option<String>,
    /// The AccessKeyId, when the request got as far as naming one.
    pub access_key_id: Option<String>,
    /// `1.0`, or the V3 algorithm (`ACS3-HMAC-SHA256`, `ACS3-HMAC-SM3`, `ACS3-RSA-SHA256`),
    /// when the request got as far as naming one.
    pub signature_version: Option<String>,
    /// The ClientToken of an admitted DeleteInstances.
    pub client_token: Option<String>,
    /// An admitted dry run.
    pub dry_run: bool,
    /// The status answered.
    pub status: u16,
    /// The code answered (null for a 200).
    pub code: Option<String>,
    /// The request id answered.
    pub request_id: String,
    /// Met a fault: answered by it, or delayed by it and then handled as usual.
    pub fault: bool,
    /// The non-canonical spellings the verifier found, whatever the outcome (at most 16).
    pub lints: Vec<JournalLint>,
    /// The instances released.
    pub released: Vec<String>,
}

/// A lint as the journal keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JournalLint {
    /// Its kind ([`crate::verify::LintKind::as_str`]): `plus_for_space`, …
    pub kind: &'static str,
    /// The parameter it was found in.
    pub parameter: String,
}

impl JournalEntry {
    /// The entry with every field within [`FIELD_BYTES`] and at most 16 lints, whatever the
    /// request held.
    pub(crate) fn bounded(mut self) -> JournalEntry {
        for field in [&mut self.method, &mut self.path, &mut self.request_id]
            .into_iter()
            .chain(self.access_key_id.as_mut())
            .chain(self.signature_version.as_mut())
            .chain(self.client_token.as_mut())
            .chain(self.code.as_mut())
            .chain(self.action.as_mut())
            .chain(self.released.iter_mut())
            .chain(self.lints.iter_mut().map(|l| &mut l.parameter))
        {
            cut(field);
        }
        self.lints.truncate(LINTS_KEPT);
        self
    }
}

/// Cuts `text` to [`FIELD_BYTES`] at a character boundary, marked with its length.
pub(crate) fn cut(text: &mut String) {
    if text.len() > FIELD_BYTES {
        let mut at = FIELD_BYTES;
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let marker = format!("…[cut: {} bytes]", text.len());
        text.truncate(at);
        text.push_str(&marker);
        text.shrink_to_fit();
    }
}
