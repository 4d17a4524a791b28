//! Decoding what the service sent back: status, headers and body bytes in; a success, a
//! passing dry run, a typed service error, or an unreadable response out, each with a verdict
//! a caller can act on.
//!
//! ```
//! use aliyun_ecs_delete::Action;
//! use aliyun_ecs_delete::response::{decode_response, Response, RetryClass};
//!
//! let body = br#"{"RequestId":"6EF60BEC-0242-43AF-8E4D-1D1D7D6E8D57","HostId":"ecs.aliyuncs.com",
//!   "Code":"IncorrectInstanceStatus","Message":"The current status of the resource does not support this operation."}"#;
//! let response = decode_response(Action::DeleteInstance, 403, &[("Content-Type", "application/json")], body);
//! let Response::ApiError(error) = &response else { panic!("an error") };
//! assert_eq!(error.code.as_str(), "IncorrectInstanceStatus");
//! assert_eq!(response.retry(), Some(RetryClass::Retry));
//! assert_eq!(response.request_id(), Some("6EF60BEC-0242-43AF-8E4D-1D1D7D6E8D57"));
//! ```

mod codes;
mod envelope;
mod json;
mod signature;
mod xml;

use std::fmt;

pub use codes::{ErrorCode, RetryClass};
pub use signature::{SignatureDiagnosis, server_string_to_sign};

use crate::redact::redact;
use crate::request::Action;
use envelope::{DETAIL_KEYS, Detail, Envelope};

/// The largest body parsed by default: 1 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1 << 20;

/// How much of an unreadable body is kept for the caller to look at.
pub const SNIPPET_BYTES: usize = 256;

/// Decodes responses; configure the body size cap once, decode many.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseDecoder {
    max_body_bytes: usize,
}

impl Default for ResponseDecoder {
    fn default() -> Self {
        ResponseDecoder {
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
        }
    }
}

/// Decodes a response with the default decoder (1 MiB body cap).
pub fn decode_response<N: AsRef<str>, V: AsRef<str>>(
    action: Action,
    status: u16,
    headers: &[(N, V)],
    body: &[u8],
) -> Response {
    ResponseDecoder::default().decode(action, status, headers, body)
}

/// The outcome of one call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Response {
    /// The service did it.
    Success(Success),
    /// A dry run passed: the request would have been accepted.
    DryRun(DryRun),
    /// The service refused, with a code.
    ApiError(ServiceError),
    /// The body could not be read (a gateway page, an empty or truncated body, …).
    Unparseable(Unparseable),
}

/// A successful call.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Success {
    /// The action that was called.
    pub action: Action,
    /// The HTTP status.
    pub http_status: u16,
    /// The request id, from the body or the `x-acs-request-id` header.
    pub request_id: Option<String>,
    /// A success code the body carried (`200`, `OK`, `Success`), if any.
    pub code: Option<String>,
    /// `x-acs-retry-after`, in seconds.
    pub retry_after_seconds: Option<u64>,
}

/// A passing dry run (`DryRunOperation`, `DRYRUN.SUCCESS` or `DryRunSuccess`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DryRun {
    /// The action that was called.
    pub action: Action,
    /// The HTTP status (400 as documented).
    pub http_status: u16,
    /// The dry-run code as sent.
    pub code: ErrorCode,
    /// The message, if any, with any echoed signature or STS token redacted.
    pub message: Option<String>,
    /// The request id.
    pub request_id: Option<String>,
    /// `HostId`.
    pub host_id: Option<String>,
    /// `Recommend`.
    pub recommend: Option<String>,
    /// `x-acs-retry-after`, in seconds.
    pub retry_after_seconds: Option<u64>,
}

/// The fields of `AccessDeniedDetail`, sent with RAM denials.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct AccessDeniedDetail {
    /// `PolicyType`.
    pub policy_type: Option<String>,
    /// `AuthPrincipalOwnerId`.
    pub auth_principal_owner_id: Option<String>,
    /// `EncodedDiagnosticMessage`.
    pub encoded_diagnostic_message: Option<String>,
    /// `AuthPrincipalType`.
    pub auth_principal_type: Option<String>,
    /// `AuthPrincipalDisplayName`.
    pub auth_principal_display_name: Option<String>,
    /// `NoPermissionType`.
    pub no_permission_type: Option<String>,
    /// `AuthAction`: the RAM action that was denied.
    pub auth_action: Option<String>,
}

/// An error the service returned, with its code kept exactly as sent.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceError {
    /// The action that was called.
    pub action: Action,
    /// The HTTP status (only a hint: classify by the code).
    pub http_status: u16,
    /// The code as sent, with what the catalogue knows of it.
    pub code: ErrorCode,
    /// The message, if any, with any echoed signature or STS token redacted.
    pub message: Option<String>,
    /// The request id, from the body or the `x-acs-request-id` header.
    pub request_id: Option<String>,
    /// `HostId`.
    pub host_id: Option<String>,
    /// `Recommend`: a troubleshooting URL.
    pub recommend: Option<String>,
    /// `AccessDeniedDetail`, on RAM denials.
    pub access_denied_detail: Option<AccessDeniedDetail>,
    /// `x-acs-retry-after`, in seconds.
    pub retry_after_seconds: Option<u64>,
}

/// Why a body could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UnparseableReason {
    /// The body is larger than the decoder's cap; it was not parsed.
    TooLarge {
        /// The body's length.
        len: usize,
        /// The cap.
        max: usize,
    },
    /// The body is empty or whitespace, with a status outside 2xx.
    Empty,
    /// The body is not UTF-8.
    NotUtf8,
    /// The body starts with neither `{` nor `<`.
    NotJsonOrXml,
    /// The body starts like JSON or XML but is not a well-formed envelope (truncated, an
    /// array, an HTML page, …).
    Malformed,
    /// The body was read but carries no error code, with a status outside 2xx.
    NoCode,
}

impl UnparseableReason {
    /// A stable code for the reason: `too_large`, `empty`, `not_utf8`, `not_json_or_xml`,
    /// `malformed`, `no_code`.
    pub fn code(&self) -> &'static str {
        match self {
            UnparseableReason::TooLarge { .. } => "too_large",
            UnparseableReason::Empty => "empty",
            UnparseableReason::NotUtf8 => "not_utf8",
            UnparseableReason::NotJsonOrXml => "not_json_or_xml",
            UnparseableReason::Malformed => "malformed",
            UnparseableReason::NoCode => "no_code",
        }
    }
}

/// A response whose body could not be read. Its snippet has any secret redacted.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Unparseable {
    /// The action that was called.
    pub action: Action,
    /// The HTTP status.
    pub http_status: u16,
    /// Why it could not be read.
    pub reason: UnparseableReason,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The first bytes of the body (at most [`SNIPPET_BYTES`]), as text.
    pub snippet: String,
    /// The request id: the body's `RequestId` when the body could be read, else the
    /// `x-acs-request-id` header.
    pub request_id: Option<String>,
    /// `x-acs-retry-after`, in seconds.
    pub retry_after_seconds: Option<u64>,
}

impl ResponseDecoder {
    /// A decoder with the default 1 MiB body cap.
    pub fn new() -> ResponseDecoder {
        ResponseDecoder::default()
    }

    /// Bodies longer than `max` bytes are not parsed: they come back unparseable.
    #[must_use]
    pub fn max_body_bytes(mut self, max: usize) -> ResponseDecoder {
        self.max_body_bytes = max;
        self
    }

    /// Decodes one response. Header names match in any case; the body is sniffed, not typed
    /// by its `Content-Type`.
    pub fn decode<N: AsRef<str>, V: AsRef<str>>(
        &self,
        action: Action,
        status: u16,
        headers: &[(N, V)],
        body: &[u8],
    ) -> Response {
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n.as_ref().eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_ref())
        };
        let header_request_id = header("x-acs-request-id")
            .filter(|v| !v.is_empty())
            .map(str::to_owned);
        let retry_after_seconds =
            header("x-acs-retry-after").and_then(|v| v.trim().parse::<u64>().ok());
        let is_2xx = (200..300).contains(&status);

        let unparseable_with =
            |reason: UnparseableReason, shown: &[u8], request_id: Option<String>| {
                Response::Unparseable(Unparseable {
                    action,
                    http_status: status,
                    reason,
                    content_type: header("content-type").map(str::to_owned),
                    snippet: snippet(shown),
                    request_id,
                    retry_after_seconds,
                })
            };
        let unparseable =
            |reason, shown| unparseable_with(reason, shown, header_request_id.clone());

        if body.len() > self.max_body_bytes {
            return unparseable(
                UnparseableReason::TooLarge {
                    len: body.len(),
                    max: self.max_body_bytes,
                },
                body,
            );
        }
        let body = trim_body(body);
        if body.is_empty() {
            return if is_2xx {
                Response::Success(Success {
                    action,
                    http_status: status,
                    request_id: header_request_id,
                    code: None,
                    retry_after_seconds,
                })
            } else {
                unparseable(UnparseableReason::Empty, body)
            };
        }
        let Ok(text) = std::str::from_utf8(body) else {
            return unparseable(UnparseableReason::NotUtf8, body);
        };
        let envelope = match body[0] {
            b'{' => json::read(text),
            b'<' => xml::read(text),
            _ => return unparseable(UnparseableReason::NotJsonOrXml, body),
        };
        let Some(envelope) = envelope else {
            return unparseable(UnparseableReason::Malformed, body);
        };

        let request_id = envelope
            .request_id
            .string()
            .map(str::to_owned)
            .or(header_request_id.clone());
        // Every text field is redacted once, here: a service that echoes a string to sign or a
        // query hands back the STS token, and no decoded outcome may hold it.
        let text_of = |slot: &envelope::Slot<'_>| slot.text().map(|t| redact(t).into_owned());
        let code = envelope.code.text().map(ErrorCode::parse);
        match code {
            Some(code) if code.is_dry_run() => Response::DryRun(DryRun {
                action,
                http_status: status,
                code,
                message: text_of(&envelope.message),
                request_id,
                host_id: text_of(&envelope.host_id),
                recommend: text_of(&envelope.recommend),
                retry_after_seconds,
            }),
            None if is_2xx => Response::Success(Success {
                action,
                http_status: status,
                request_id,
                code: None,
                retry_after_seconds,
            }),
            Some(code) if is_2xx && matches!(code.as_str(), "200" | "OK" | "Success") => {
                Response::Success(Success {
                    action,
                    http_status: status,
                    request_id,
                    code: Some(code.as_str().to_owned()),
                    retry_after_seconds,
                })
            }
            Some(code) => Response::ApiError(ServiceError {
                action,
                http_status: status,
                code,
                message: text_of(&envelope.message),
                request_id,
                host_id: text_of(&envelope.host_id),
                recommend: text_of(&envelope.recommend),
                access_denied_detail: detail_of(&envelope),
                retry_after_seconds,
            }),
            None => unparseable_with(UnparseableReason::NoCode, body, request_id),
        }
    }
}

/// The body without a UTF-8 BOM and surrounding ASCII whitespace.
fn trim_body(body: &[u8]) -> &[u8] {
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    body.trim_ascii()
}

fn snippet(body: &[u8]) -> String {
    let cut = &body[..body.len().min(SNIPPET_BYTES)];
    redact(&String::from_utf8_lossy(cut)).into_owned()
}

fn detail_of(envelope: &Envelope<'_>) -> Option<AccessDeniedDetail> {
    let (_, detail): &(bool, Detail<'_>) = envelope.detail.as_ref()?;
    let field = |key: &str| {
        let i = DETAIL_KEYS.iter().position(|k| *k == key)?;
        detail.slots[i].text().map(str::to_owned)
    };
    Some(AccessDeniedDetail {
        policy_type: field("PolicyType"),
        auth_principal_owner_id: field("AuthPrincipalOwnerId"),
        encoded_diagnostic_message: field("EncodedDiagnosticMessage"),
        auth_principal_type: field("AuthPrincipalType"),
        auth_principal_display_name: field("AuthPrincipalDisplayName"),
        no_permission_type: field("NoPermissionType"),
        auth_action: field("AuthAction"),
    })
}

impl ServiceError {
    /// What to do next: the code's own class, or the status's when the code is unknown.
    pub fn retry_class(&self) -> RetryClass {
        self.code
            .retry_class()
            .unwrap_or_else(|| RetryClass::from_status(self.http_status, false))
    }

    /// The instance does not exist, which a caller deleting it may count as done.
    pub fn already_gone(&self) -> bool {
        self.code.already_gone()
    }

    /// The request was throttled: a `Throttling*` code, or an unknown code with status 429.
    pub fn throttled(&self) -> bool {
        self.code.is_throttling() || (!self.code.is_known() && self.http_status == 429)
    }

    /// A signature, AccessKey, STS token or timestamp problem.
    pub fn is_auth(&self) -> bool {
        self.code.is_auth()
    }

    /// RAM denied the action (by code, or because an `AccessDeniedDetail` came with it).
    pub fn is_permission(&self) -> bool {
        self.code.is_permission() || self.access_denied_detail.is_some()
    }

    /// The string to sign the service computed, when a signature error's message carries it.
    pub fn server_string_to_sign(&self) -> Option<&str> {
        if !self.code.is_signature_mismatch() {
            return None;
        }
        server_string_to_sign(self.message.as_deref()?)
    }
}

impl Response {
    /// The outcome's stable name, as the conformance schema spells it: `success`, `dry_run`,
    /// `api_error` or `unparseable`.
    pub fn outcome(&self) -> &'static str {
        match self {
            Response::Success(_) => "success",
            Response::DryRun(_) => "dry_run",
            Response::ApiError(_) => "api_error",
            Response::Unparseable(_) => "unparseable",
        }
    }

    /// The HTTP status.
    pub fn http_status(&self) -> u16 {
        match self {
            Response::Success(s) => s.http_status,
            Response::DryRun(d) => d.http_status,
            Response::ApiError(e) => e.http_status,
            Response::Unparseable(u) => u.http_status,
        }
    }

    /// The request id: the body's `RequestId`, else the `x-acs-request-id` header.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Response::Success(s) => s.request_id.as_deref(),
            Response::DryRun(d) => d.request_id.as_deref(),
            Response::ApiError(e) => e.request_id.as_deref(),
            Response::Unparseable(u) => u.request_id.as_deref(),
        }
    }

    /// The code as sent, if the body carried one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Response::Success(s) => s.code.as_deref(),
            Response::DryRun(d) => Some(d.code.as_str()),
            Response::ApiError(e) => Some(e.code.as_str()),
            Response::Unparseable(_) => None,
        }
    }

    /// What to do next; `None` for a success or a passing dry run.
    pub fn retry(&self) -> Option<RetryClass> {
        match self {
            Response::Success(_) | Response::DryRun(_) => None,
            Response::ApiError(e) => Some(e.retry_class()),
            Response::Unparseable(u) => Some(RetryClass::from_status(u.http_status, true)),
        }
    }

    /// The instance does not exist.
    pub fn already_gone(&self) -> bool {
        matches!(self, Response::ApiError(e) if e.already_gone())
    }

    /// The request was throttled.
    pub fn throttled(&self) -> bool {
        match self {
            Response::ApiError(e) => e.throttled(),
            Response::Unparseable(u) => u.http_status == 429,
            Response::Success(_) | Response::DryRun(_) => false,
        }
    }

    /// `x-acs-retry-after`, in seconds.
    pub fn retry_after_seconds(&self) -> Option<u64> {
        match self {
            Response::Success(s) => s.retry_after_seconds,
            Response::DryRun(d) => d.retry_after_seconds,
            Response::ApiError(e) => e.retry_after_seconds,
            Response::Unparseable(u) => u.retry_after_seconds,
        }
    }

    /// The message, when the body carried one.
    pub fn message(&self) -> Option<&str> {
        match self {
            Response::DryRun(d) => d.message.as_deref(),
            Response::ApiError(e) => e.message.as_deref(),
            Response::Success(_) | Response::Unparseable(_) => None,
        }
    }

    /// `HostId`, when the body carried one.
    pub fn host_id(&self) -> Option<&str> {
        match self {
            Response::DryRun(d) => d.host_id.as_deref(),
            Response::ApiError(e) => e.host_id.as_deref(),
            Response::Success(_) | Response::Unparseable(_) => None,
        }
    }

    /// `Recommend`, when the body carried one.
    pub fn recommend(&self) -> Option<&str> {
        match self {
            Response::DryRun(d) => d.recommend.as_deref(),
            Response::ApiError(e) => e.recommend.as_deref(),
            Response::Success(_) | Response::Unparseable(_) => None,
        }
    }

    /// The denied RAM action, from `AccessDeniedDetail.AuthAction`.
    pub fn auth_action(&self) -> Option<&str> {
        match self {
            Response::ApiError(e) => e.access_denied_detail.as_ref()?.auth_action.as_deref(),
            _ => None,
        }
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} failed with {} (HTTP {})",
            self.action, self.code, self.http_status
        )?;
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

impl fmt::Debug for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceError")
            .field("action", &self.action)
            .field("http_status", &self.http_status)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("request_id", &self.request_id)
            .field("host_id", &self.host_id)
            .field("recommend", &self.recommend)
            .field("access_denied_detail", &self.access_denied_detail)
            .field("retry_after_seconds", &self.retry_after_seconds)
            .finish()
    }
}

impl std::error::Error for ServiceError {}

impl fmt::Display for Unparseable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match &self.reason {
            UnparseableReason::TooLarge { len, max } => {
                format!("a {len}-byte body is over the {max}-byte cap")
            }
            UnparseableReason::Empty => "an empty body".to_owned(),
            UnparseableReason::NotUtf8 => "a body that is not UTF-8".to_owned(),
            UnparseableReason::NotJsonOrXml => "a body that is neither JSON nor XML".to_owned(),
            UnparseableReason::Malformed => "a malformed JSON or XML body".to_owned(),
            UnparseableReason::NoCode => "a body without an error code".to_owned(),
        };
        write!(
            f,
            "{} got an unreadable response (HTTP {}): {why}",
            self.action, self.http_status
        )?;
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for Unparseable {}
