//! The control API under `/_emulator/` (JSON in and out, never signed): the state, the fault
//! queue and the journal.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::reply::{self, HttpResponse, Refusal};
use super::{Answer, HttpRequest, Service, State, body_format};
use crate::request::Action;

/// The prefix of every control path.
pub(crate) const PREFIX: &str = "/_emulator/";

/// The most journal entries kept; older ones are dropped.
const JOURNAL_CAPACITY: usize = 10_000;

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
    /// Wait `seconds`, then handle the request normally (HTTP shell only).
    Delay,
    /// Close the connection without an answer (HTTP shell only).
    Drop,
}

/// A fault, queued for the next matching API request.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Fault {
    /// `DeleteInstance`, `DeleteInstances` or `*`.
    pub action: String,
    /// How many requests it answers.
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
    /// The wait of `delay`.
    #[serde(default)]
    pub seconds: Option<u64>,
}

fn one() -> u32 {
    1
}

impl Fault {
    /// Reads a fault, refusing what it cannot mean.
    pub fn from_json(json: &[u8]) -> Result<Fault, String> {
        let fault: Fault = serde_json::from_slice(json)
            .map_err(|e| crate::redact::redact(&e.to_string()).into_owned())?;
        if !matches!(
            fault.action.as_str(),
            "*" | "DeleteInstance" | "DeleteInstances"
        ) {
            return Err(format!(
                "action: {:?} is not DeleteInstance, DeleteInstances or *",
                fault.action
            ));
        }
        if fault.times == 0 {
            return Err("times: must be at least 1".into());
        }
        let needs_status = matches!(
            fault.kind,
            FaultKind::Error | FaultKind::Gateway | FaultKind::Empty
        );
        // A final answer: a 1xx is informational, and a client would wait for the real one.
        if needs_status && !fault.status.is_some_and(|s| (200..=599).contains(&s)) {
            return Err("status: a status from 200 to 599 is required for this kind".into());
        }
        if fault.kind == FaultKind::Error && fault.code.as_deref().is_none_or(str::is_empty) {
            return Err("code: required for kind error".into());
        }
        if fault.kind == FaultKind::Delay && fault.seconds.is_none() {
            return Err("seconds: required for kind delay".into());
        }
        Ok(fault)
    }

    fn matches(&self, action: Option<Action>) -> bool {
        self.action == "*" || action.is_some_and(|a| a.as_str() == self.action)
    }
}

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
    /// Answered by a fault.
    pub fault: bool,
    /// The lint kinds the verifier found.
    pub lints: Vec<String>,
    /// The instances released.
    pub released: Vec<String>,
}

/// The fault queue and the journal.
#[derive(Debug, Clone, Default)]
pub(crate) struct Control {
    pub(crate) faults: VecDeque<Fault>,
    pub(crate) journal: VecDeque<JournalEntry>,
    seq: u64,
}

impl Control {
    /// The first queued fault that matches `action`, one of its `times` used.
    pub(crate) fn take_fault(&mut self, action: Option<Action>) -> Option<Fault> {
        let at = self.faults.iter().position(|f| f.matches(action))?;
        let fault = &mut self.faults[at];
        fault.times -= 1;
        let taken = fault.clone();
        if fault.times == 0 {
            self.faults.remove(at);
        }
        Some(taken)
    }

    /// Appends to the journal, numbering the entry and dropping the oldest past the cap.
    pub(crate) fn record(&mut self, mut entry: JournalEntry) {
        self.seq += 1;
        entry.seq = self.seq;
        self.journal.push_back(entry);
        while self.journal.len() > JOURNAL_CAPACITY {
            self.journal.pop_front();
        }
    }

    /// What a fault answers; journaled.
    pub(crate) fn fault_answer(
        &mut self,
        fault: Fault,
        request: &HttpRequest,
        action: Option<Action>,
        request_id: &str,
    ) -> Answer {
        let status = fault.status.unwrap_or(500);
        let answer = match fault.kind {
            FaultKind::Error => {
                let refusal = Refusal::new(
                    status,
                    fault.code.as_deref().unwrap_or("InternalError"),
                    fault.message.clone().unwrap_or_default(),
                );
                let host = request.header("host").unwrap_or("ecs.aliyuncs.com");
                Answer::Respond(reply::error(
                    &refusal,
                    body_format(request),
                    request_id,
                    host,
                    fault.retry_after_seconds,
                ))
            }
            FaultKind::Gateway => Answer::Respond(reply::gateway(status, request_id)),
            FaultKind::Empty => Answer::Respond(HttpResponse::empty(status)),
            FaultKind::Delay => Answer::Delay(fault.seconds.unwrap_or(0)),
            FaultKind::Drop => Answer::Drop,
        };
        let (status, code) = match &answer {
            Answer::Respond(r) => (
                r.status,
                (fault.kind == FaultKind::Error)
                    .then(|| fault.code.clone())
                    .flatten(),
            ),
            _ => (0, None),
        };
        self.record(JournalEntry {
            seq: 0,
            method: request.method.clone(),
            path: request.path().to_owned(),
            action: action.map(|a| a.as_str().to_owned()),
            access_key_id: None,
            signature_version: None,
            client_token: None,
            dry_run: false,
            status,
            code,
            request_id: request_id.to_owned(),
            fault: true,
            lints: Vec::new(),
            released: Vec::new(),
        });
        answer
    }
}

/// `{"now": "YYYY-MM-DDThh:mm:ssZ"}`.
fn read_clock(body: &[u8]) -> Result<crate::time::Timestamp, String> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Clock {
        now: String,
    }
    let clock: Clock = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    crate::time::Timestamp::parse(&clock.now).map_err(|e| format!("now: {e}"))
}

fn bad_request(message: &str) -> HttpResponse {
    HttpResponse::json(400, &serde_json::json!({ "error": message }))
}

/// Answers a control request.
pub(crate) fn handle(service: &mut Service, request: &HttpRequest) -> HttpResponse {
    let what = request
        .path()
        .trim_start_matches(PREFIX)
        .trim_end_matches('/');
    match (request.method.as_str(), what) {
        ("GET", "health") => HttpResponse::json(200, &serde_json::json!({ "ok": true })),
        ("GET", "state") => HttpResponse::json(200, &service.state.to_fixture()),
        ("PUT", "state") => match State::from_fixture(&request.body) {
            Ok(state) => {
                service.set_state(state);
                HttpResponse::empty(204)
            }
            Err(e) => bad_request(&e.0),
        },
        ("POST", "reset") => {
            let start = service.start.clone();
            service.set_state(start);
            service.set_clock(None);
            service.control = Control::default();
            HttpResponse::empty(204)
        }
        ("POST", "faults") => match Fault::from_json(&request.body) {
            Ok(fault) => {
                service.push_fault(fault);
                HttpResponse::empty(204)
            }
            Err(e) => bad_request(&e),
        },
        ("DELETE", "faults") => {
            service.control.faults.clear();
            HttpResponse::empty(204)
        }
        ("GET", "journal") => HttpResponse::json(
            200,
            &serde_json::to_value(&service.control.journal).unwrap_or_default(),
        ),
        ("DELETE", "journal") => {
            service.control.journal.clear();
            HttpResponse::empty(204)
        }
        ("PUT", "clock") => match read_clock(&request.body) {
            Ok(now) => {
                service.set_clock(Some(now));
                HttpResponse::empty(204)
            }
            Err(e) => bad_request(&e),
        },
        ("DELETE", "clock") => {
            service.set_clock(None);
            HttpResponse::empty(204)
        }
        (_, "health" | "state" | "reset" | "faults" | "journal" | "clock") => HttpResponse::json(
            405,
            &serde_json::json!({ "error": format!("{} is not allowed on {}", request.method, request.path()) }),
        ),
        _ => HttpResponse::json(
            404,
            &serde_json::json!({ "error": format!("no control endpoint {}", request.path()) }),
        ),
    }
}
