//! The four outcomes of a call and what a caller asks of them.

use std::fmt;

use super::codes::{ErrorCode, RetryClass};
use super::signature::server_string_to_sign;
pub use super::unparseable::{Unparseable, UnparseableReason};
use crate::request::Action;

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

/// What every outcome may carry, borrowed from whichever it is: one match, for every accessor.
struct Fields<'a> {
    http_status: u16,
    request_id: Option<&'a str>,
    code: Option<&'a str>,
    message: Option<&'a str>,
    host_id: Option<&'a str>,
    recommend: Option<&'a str>,
    retry_after_seconds: Option<u64>,
}

impl Response {
    fn fields(&self) -> Fields<'_> {
        match self {
            Response::Success(s) => Fields {
                http_status: s.http_status,
                request_id: s.request_id.as_deref(),
                code: s.code.as_deref(),
                message: None,
                host_id: None,
                recommend: None,
                retry_after_seconds: s.retry_after_seconds,
            },
            Response::DryRun(d) => Fields {
                http_status: d.http_status,
                request_id: d.request_id.as_deref(),
                code: Some(d.code.as_str()),
                message: d.message.as_deref(),
                host_id: d.host_id.as_deref(),
                recommend: d.recommend.as_deref(),
                retry_after_seconds: d.retry_after_seconds,
            },
            Response::ApiError(e) => Fields {
                http_status: e.http_status,
                request_id: e.request_id.as_deref(),
                code: Some(e.code.as_str()),
                message: e.message.as_deref(),
                host_id: e.host_id.as_deref(),
                recommend: e.recommend.as_deref(),
                retry_after_seconds: e.retry_after_seconds,
            },
            Response::Unparseable(u) => Fields {
                http_status: u.http_status,
                request_id: u.request_id.as_deref(),
                code: None,
                message: None,
                host_id: None,
                recommend: None,
                retry_after_seconds: u.retry_after_seconds,
            },
        }
    }

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
        self.fields().http_status
    }

    /// The request id: the body's `RequestId`, else the `x-acs-request-id` header.
    pub fn request_id(&self) -> Option<&str> {
        self.fields().request_id
    }

    /// The code as sent, if the body carried one.
    pub fn code(&self) -> Option<&str> {
        self.fields().code
    }

    /// What to do next; `None` for a success or a passing dry run.
    pub fn retry(&self) -> Option<RetryClass> {
        match self {
            Response::Success(_) | Response::DryRun(_) => None,
            Response::ApiError(e) => Some(e.retry_class()),
            Response::Unparseable(u) => Some(RetryClass::from_status(u.http_status, true)),
        }
    }

    /// The code says an instance does not exist (`InvalidInstanceId.NotFound`,
    /// `InvalidInstanceIds.NotFound`, `Forbidden.InstanceNotFound`). Whether the delete is done
    /// depends on the request: see [`Response::already_gone_for`].
    pub fn already_gone(&self) -> bool {
        matches!(self, Response::ApiError(e) if e.already_gone())
    }

    /// Whether a caller deleting a request's instances may count them as gone: "not found" for
    /// a request that names one instance (`instance_count`, [`Operation::instance_count`]).
    /// DeleteInstances is all or nothing: "not found" for a batch of several means that one of
    /// them does not exist and none was released, so the batch is not done; send the others
    /// without the missing id, or one id at a time.
    ///
    /// ```
    /// use aliyun_ecs_delete::request::{Action, DeleteInstances, Operation};
    /// use aliyun_ecs_delete::response::decode_response;
    ///
    /// let request = DeleteInstances::builder("cn-hangzhou").instance_ids(["i-a", "i-b"]).build()?;
    /// let body = br#"{"RequestId": "R", "Code": "InvalidInstanceIds.NotFound"}"#;
    /// let response = decode_response(Action::DeleteInstances, 404, &[] as &[(&str, &str)], body);
    /// assert!(response.already_gone());
    /// assert!(!response.already_gone_for(request.instance_count()));
    /// assert!(response.already_gone_for(1));
    /// # Ok::<(), aliyun_ecs_delete::RequestError>(())
    /// ```
    ///
    /// [`Operation::instance_count`]: crate::Operation::instance_count
    pub fn already_gone_for(&self, instance_count: usize) -> bool {
        self.already_gone() && instance_count == 1
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
        self.fields().retry_after_seconds
    }

    /// The message, when the body carried one (with any echoed secret redacted).
    pub fn message(&self) -> Option<&str> {
        self.fields().message
    }

    /// `HostId`, when the body carried one.
    pub fn host_id(&self) -> Option<&str> {
        self.fields().host_id
    }

    /// `Recommend`, when the body carried one.
    pub fn recommend(&self) -> Option<&str> {
        self.fields().recommend
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
