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
mod outcome;
mod signature;
mod summary;
mod unparseable;
mod xml;

pub use codes::{ErrorCode, RetryClass};
pub use outcome::{
    AccessDeniedDetail, DryRun, Response, ServiceError, Success, Unparseable, UnparseableReason,
};
pub use signature::{SignatureDiagnosis, server_string_to_sign};
pub use summary::Summary;

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

/// Whether a body is an HTML page (`<!DOCTYPE html` or `<html`, in any case): a gateway's
/// answer, never the service's.
fn is_html_page(body: &[u8]) -> bool {
    let starts = |prefix: &[u8]| {
        body.get(..prefix.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(prefix))
    };
    starts(b"<!doctype html") || starts(b"<html")
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
        // ASCII digits only (`u64::from_str` would take a `+`), of a value that fits 64 bits.
        let retry_after_seconds = header("x-acs-retry-after")
            .map(str::trim)
            .filter(|v| v.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|v| v.parse::<u64>().ok());
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
            b'<' if is_html_page(body) => return unparseable(UnparseableReason::GatewayPage, body),
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
