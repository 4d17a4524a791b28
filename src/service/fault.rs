//! Faults: what a test queues to break the next matching API request.

use serde::{Deserialize, Serialize};

use super::HttpRequest;
use super::front;
use super::input::{InputError, read_object};
use crate::request::Action;

/// The longest `delay`, in seconds.
pub(crate) const MAX_DELAY_SECONDS: u64 = 300;

/// What a fault does to the request it answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FaultKind {
    /// The service's error envelope with `status`, `code` and `message`.
    Error,
    /// A gateway's HTML page with `status`.
    Gateway,
    /// `status` and no body.
    Empty,
    /// Wait `seconds`, then handle the request normally, with no further fault (HTTP shell
    /// only; in-process the wait is skipped).
    Delay,
    /// Close the connection without an answer (HTTP shell only).
    Drop,
    /// Handle the request in full (state and journal included), then close the connection
    /// without the answer: the client cannot know it succeeded (HTTP shell only).
    DropAfterCommit,
}

/// A fault, queued for the next matching API request (made with [`Fault::from_json`]).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Fault {
    /// `DeleteInstance`, `DeleteInstances` or `*`.
    pub action: String,
    /// How many requests it answers (in the queue: how many it has left).
    #[serde(default = "one")]
    pub times: u32,
    /// What it does.
    pub kind: FaultKind,
    /// The status of `error`, `gateway` and `empty`.
    #[serde(default)]
    pub status: Option<u16>,
    /// The code of `error`.
    #[serde(default)]
    pub code: Option<String>,
    /// The message of `error`.
    #[serde(default)]
    pub message: Option<String>,
    /// With `error`: an `x-acs-retry-after` header.
    #[serde(default)]
    pub retry_after_seconds: Option<u64>,
    /// The wait of `delay`, at most 300 seconds.
    #[serde(default)]
    pub seconds: Option<u64>,
    /// Only requests that name this AccessKeyId.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key_id: Option<String>,
    /// Only requests that name this instance (in `InstanceId` or an `InstanceId.N`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_id: Option<String>,
}

fn one() -> u32 {
    1
}

impl Fault {
    /// Reads a fault, refusing what it cannot mean; the refusal names the field.
    pub fn from_json(json: &[u8]) -> Result<Fault, InputError> {
        let fault: Fault = read_object(json, "a fault")?;
        if !matches!(
            fault.action.as_str(),
            "*" | "DeleteInstance" | "DeleteInstances"
        ) {
            return Err(InputError::new(
                "action",
                format!(
                    "{:?} is not DeleteInstance, DeleteInstances or *",
                    fault.action
                ),
            ));
        }
        if fault.times == 0 {
            return Err(InputError::new("times", "must be at least 1"));
        }
        let needs_status = matches!(
            fault.kind,
            FaultKind::Error | FaultKind::Gateway | FaultKind::Empty
        );
        // A final answer: a 1xx is informational, and a client would wait for the real one.
        if needs_status && !fault.status.is_some_and(|s| (200..=599).contains(&s)) {
            return Err(InputError::new(
                "status",
                "a status from 200 to 599 is required for this kind",
            ));
        }
        if fault.kind == FaultKind::Error && fault.code.as_deref().is_none_or(str::is_empty) {
            return Err(InputError::new("code", "is required for kind error"));
        }
        if fault.kind == FaultKind::Delay && fault.seconds.is_none_or(|s| s > MAX_DELAY_SECONDS) {
            return Err(InputError::new(
                "seconds",
                format!("a wait of 0 to {MAX_DELAY_SECONDS} seconds is required for kind delay"),
            ));
        }
        Ok(fault)
    }

    /// Whether the fault answers `request`, read before any check.
    pub(crate) fn matches(&self, request: &HttpRequest, action: Option<Action>) -> bool {
        (self.action == "*" || action.is_some_and(|a| a.as_str() == self.action))
            && self
                .access_key_id
                .as_ref()
                .is_none_or(|want| front::access_key_id_of(request).is_some_and(|got| got == *want))
            && self
                .instance_id
                .as_ref()
                .is_none_or(|want| front::names_instance(request, want))
    }
}
