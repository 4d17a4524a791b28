//! The control API under `/_emulator/` (JSON in and out, never signed): the state, the fault
//! queue and the journal.

use std::collections::VecDeque;

use serde::Deserialize;

use super::fault::{Fault, FaultKind};
use super::input::{InputError, read_object, read_value};
use super::journal::{JOURNAL_CAPACITY, JournalEntry};
use super::reply::{self, HttpResponse, Refusal};
use super::{Answer, HttpRequest, Service, State, front};
use crate::request::Action;

/// The prefix of every control path.
pub(crate) const PREFIX: &str = "/_emulator/";

/// The header a control request carries when the emulator was given a control token.
pub(crate) const TOKEN_HEADER: &str = "x-emulator-token";

/// The token the control API requires, when one was set; never shown.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct ControlToken(pub(crate) String);

impl std::fmt::Debug for ControlToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(crate::redact::REDACTED)
    }
}

/// The fault queue and the journal.
#[derive(Debug, Clone, Default)]
pub(crate) struct Control {
    pub(crate) faults: VecDeque<Fault>,
    pub(crate) journal: VecDeque<JournalEntry>,
    seq: u64,
}

impl Control {
    /// The first queued fault that matches the request, one of its `times` used.
    pub(crate) fn take_fault(
        &mut self,
        request: &HttpRequest,
        action: Option<Action>,
    ) -> Option<Fault> {
        let at = self
            .faults
            .iter()
            .position(|f| f.matches(request, action))?;
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
        self.journal.push_back(entry.bounded());
        while self.journal.len() > JOURNAL_CAPACITY {
            self.journal.pop_front();
        }
    }

    /// What a fault does to `request`: an answer (or a drop) with the request's journal entry;
    /// for `delay` and `drop_after_commit`, what the service is to do with the request.
    pub(crate) fn fault_answer(
        &self,
        fault: &Fault,
        request: &HttpRequest,
        action: Option<Action>,
        request_id: &str,
    ) -> Faulted {
        let status = fault.status.unwrap_or(500);
        let answer = match fault.kind {
            FaultKind::Error => {
                let refusal = Refusal::new(
                    status,
                    fault.code.as_deref().unwrap_or("InternalError"),
                    fault.message.clone().unwrap_or_default(),
                );
                Answer::Respond(reply::refuse(
                    &refusal,
                    request,
                    request_id,
                    fault.retry_after_seconds,
                ))
            }
            FaultKind::Gateway => Answer::Respond(reply::gateway(status, request_id)),
            FaultKind::Empty => Answer::Respond(HttpResponse::empty(status)),
            FaultKind::Drop => Answer::Drop,
            FaultKind::Delay => return Faulted::Delay(fault.seconds.unwrap_or(0)),
            FaultKind::DropAfterCommit => return Faulted::AfterCommit,
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
        let entry = JournalEntry {
            seq: 0,
            method: request.method.clone(),
            path: request.path().to_owned(),
            action: action.map(|a| a.as_str().to_owned()),
            // As the request names it: nothing was checked.
            access_key_id: front::access_key_id_of(request),
            signature_version: None,
            client_token: None,
            dry_run: false,
            status,
            code,
            request_id: request_id.to_owned(),
            fault: true,
            lints: Vec::new(),
            released: Vec::new(),
        };
        Faulted::Answered(answer, Box::new(entry))
    }
}

/// What a fault does to the request it meets.
#[derive(Debug)]
pub(crate) enum Faulted {
    /// This answer (or drop), and the request's journal entry.
    Answered(Answer, Box<JournalEntry>),
    /// Wait, then handle the request with no other fault.
    Delay(u64),
    /// Handle the request in full, then drop the connection.
    AfterCommit,
}

/// `{"now": "YYYY-MM-DDThh:mm:ssZ"}`.
fn read_clock(body: &[u8]) -> Result<crate::time::Timestamp, InputError> {
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Clock {
        now: String,
    }
    let clock: Clock = read_object(body, "a clock")?;
    crate::time::Timestamp::parse(&clock.now).map_err(|e| InputError::new("now", e.to_string()))
}

/// `PUT /_emulator/state`: a fixture, completed from the current state so that what `GET`
/// shows can be sent back. Without `accounts`, the accounts stay as they are; an account named
/// without `access_key_secret` (or without `security_token`) keeps the one it has.
fn read_state(current: &State, body: &[u8]) -> Result<State, InputError> {
    let value: serde_json::Value = read_object(body, "a fixture")?;
    let named = value
        .get("accounts")
        .and_then(serde_json::Value::as_array)
        .cloned();
    let mut state: State = read_value(value)?;
    match named {
        None => state.accounts.clone_from(&current.accounts),
        Some(named) => {
            for (account, given) in state.accounts.iter_mut().zip(&named) {
                let Some(had) = current.account(&account.access_key_id) else {
                    continue;
                };
                if given.get("access_key_secret").is_none() {
                    account.access_key_secret.clone_from(&had.access_key_secret);
                }
                if given.get("security_token").is_none() {
                    account.security_token.clone_from(&had.security_token);
                }
            }
        }
    }
    state.check()?;
    Ok(state)
}

/// The control paths of one instance: `instances/{id}`.
const INSTANCES: &str = "instances/";

/// `PUT /_emulator/instances/{id}`: adds the instance, or replaces the one with that id (its
/// disks, snapshots and EIPs stay as they are).
fn put_instance(state: &mut State, id: &str, body: &[u8]) -> Result<(), InputError> {
    let mut value: serde_json::Value = read_object(body, "an instance")?;
    match value.get("instance_id") {
        None => {
            value["instance_id"] = id.into();
        }
        Some(given) if given != id => {
            return Err(InputError::new(
                "instance_id",
                format!("{given} is not the instance the path names ({id:?})"),
            ));
        }
        Some(_) => {}
    }
    let instance: super::Instance = read_value(value)?;
    let mut next = state.clone();
    match next.instances.iter_mut().find(|i| i.instance_id == id) {
        Some(had) => *had = instance,
        None => next.instances.push(instance),
    }
    next.check()?;
    *state = next;
    Ok(())
}

/// `DELETE /_emulator/instances/{id}`: the instance is gone, its disks and EIPs detached (not
/// a release: nothing else changes). False when there is no such instance.
fn remove_instance(state: &mut State, id: &str) -> bool {
    let before = state.instances.len();
    state.instances.retain(|i| i.instance_id != id);
    let detach = |attached: &mut Option<String>| {
        if attached.as_deref() == Some(id) {
            *attached = None;
        }
    };
    state
        .disks
        .iter_mut()
        .for_each(|d| detach(&mut d.instance_id));
    state
        .eips
        .iter_mut()
        .for_each(|e| detach(&mut e.instance_id));
    state.instances.len() < before
}

fn bad_request(error: &InputError) -> HttpResponse {
    HttpResponse::json(400, &error.to_json())
}

/// Answers a control request.
pub(crate) fn handle(service: &mut Service, request: &HttpRequest) -> HttpResponse {
    if let Some(ControlToken(token)) = &service.control_token {
        let given = request.header(TOKEN_HEADER).unwrap_or_default().as_bytes();
        if !bool::from(subtle::ConstantTimeEq::ct_eq(given, token.as_bytes())) {
            return HttpResponse::json(
                401,
                &InputError::new(
                    TOKEN_HEADER,
                    "the control API needs the token this emulator was started with",
                )
                .to_json(),
            );
        }
    }
    let what = request
        .path()
        .trim_start_matches(PREFIX)
        .trim_end_matches('/');
    match (request.method.as_str(), what) {
        ("GET", "health") => HttpResponse::json(200, &serde_json::json!({ "ok": true })),
        ("GET", "state") => HttpResponse::json(200, &service.state.to_fixture()),
        ("PUT", "state") => match read_state(&service.state, &request.body) {
            Ok(state) => {
                service.set_state(state);
                HttpResponse::empty(204)
            }
            Err(e) => bad_request(&e),
        },
        ("POST", "reset") => {
            let start = service.start.clone();
            service.set_state(start);
            service.set_clock(None);
            service.control = Control::default();
            service.watch = super::watch::Watch::default();
            HttpResponse::empty(204)
        }
        ("POST", "faults") => match Fault::from_json(&request.body) {
            Ok(fault) => {
                service.push_fault(fault);
                HttpResponse::empty(204)
            }
            Err(e) => bad_request(&e),
        },
        ("GET", "faults") => HttpResponse::json(
            200,
            &serde_json::to_value(&service.control.faults).unwrap_or_default(),
        ),
        ("GET", "report") => HttpResponse::json(
            200,
            &serde_json::json!({ "findings": service.watch.findings }),
        ),
        ("DELETE", "report") => {
            service.watch.findings.clear();
            HttpResponse::empty(204)
        }
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
        ("PUT", what) if what.starts_with(INSTANCES) => {
            match put_instance(&mut service.state, &what[INSTANCES.len()..], &request.body) {
                Ok(()) => HttpResponse::empty(204),
                Err(e) => bad_request(&e),
            }
        }
        ("DELETE", what) if what.starts_with(INSTANCES) => {
            if remove_instance(&mut service.state, &what[INSTANCES.len()..]) {
                HttpResponse::empty(204)
            } else {
                HttpResponse::json(
                    404,
                    &InputError::new(
                        "instance_id",
                        format!("no instance {}", &what[INSTANCES.len()..]),
                    )
                    .to_json(),
                )
            }
        }
        (_, what) if what.starts_with(INSTANCES) => method_not_allowed(request),
        (_, "health" | "state" | "reset" | "faults" | "journal" | "clock" | "report") => {
            method_not_allowed(request)
        }
        _ => HttpResponse::json(
            404,
            &InputError::new("path", format!("no control endpoint {}", request.path())).to_json(),
        ),
    }
}

fn method_not_allowed(request: &HttpRequest) -> HttpResponse {
    HttpResponse::json(
        405,
        &InputError::new(
            "method",
            format!("{} is not allowed on {}", request.method, request.path()),
        )
        .to_json(),
    )
}

#[cfg(test)]
mod tests {
    use super::super::journal::{FIELD_BYTES, cut};
    use super::*;
    use crate::request::{DeleteInstance, DeleteInstances};
    use crate::time::Timestamp;
    use crate::{Credentials, Nonce, Signer};

    const KEY: &str = "LTAI5tEmulatorKeyId0001";
    const SECRET: &str = "EmulatorSecret0123456789abcdefgh";

    fn now() -> Timestamp {
        Timestamp::parse("2026-11-23T08:30:00Z").expect("time")
    }

    /// A signed V1 dry run of DeleteInstance `id` with `key`.
    fn dry_run(id: &str, key: &str, nonce: &str) -> HttpRequest {
        let request = DeleteInstance::builder(id)
            .region_id("cn-hangzhou")
            .dry_run(true)
            .build()
            .expect("valid");
        let credentials = Credentials::new(key, SECRET).expect("credentials");
        let nonce = Nonce::new(nonce).expect("nonce");
        HttpRequest::from_signed(&Signer::new().sign(&request, &credentials, &now(), &nonce))
    }

    fn fault(json: &str) -> Fault {
        Fault::from_json(json.as_bytes()).expect(json)
    }

    fn control(service: &mut Service, method: &str, what: &str, body: &str) -> HttpResponse {
        let request = HttpRequest {
            method: method.into(),
            target: format!("{PREFIX}{what}"),
            body: body.as_bytes().to_vec(),
            ..HttpRequest::default()
        };
        service.handle(&request, &now(), "C")
    }

    /// A delay uses one of its `times` and its request then meets no other fault; every
    /// request is journaled once, a delayed one as having met a fault.
    #[test]
    fn a_request_meets_one_fault_and_is_journaled_once() {
        let mut service = Service::new(State::builtin());
        service.push_fault(fault(
            r#"{"action": "*", "kind": "delay", "seconds": 1, "times": 2}"#,
        ));
        service.push_fault(fault(
            r#"{"action": "*", "kind": "error", "status": 503, "code": "ServiceUnavailable"}"#,
        ));
        let first = dry_run("i-emu0stopped000000001", KEY, "n-1");
        assert_eq!(service.answer(&first, &now(), "R-1"), Answer::Delay(1));
        assert!(
            service.journal().next().is_none(),
            "no entry before the wait"
        );
        let after = service.after_delay(&first, &now(), "R-1");
        assert_eq!(
            after.status, 400,
            "the dry run's answer, not the queued 503"
        );
        let entries: Vec<_> = service.journal().cloned().collect();
        assert_eq!(entries.len(), 1);
        assert_eq!(
            (
                entries[0].fault,
                entries[0].code.as_deref(),
                entries[0].status
            ),
            (true, Some("DryRunOperation"), 400)
        );
        assert_eq!(entries[0].request_id, "R-1");

        // The delay's second time, then the 503: each meets one request.
        let second = dry_run("i-emu0stopped000000001", KEY, "n-2");
        assert_eq!(service.handle(&second, &now(), "R-2").status, 400);
        let third = dry_run("i-emu0stopped000000001", KEY, "n-3");
        assert_eq!(service.handle(&third, &now(), "R-3").status, 503);
        let fourth = dry_run("i-emu0stopped000000001", KEY, "n-4");
        assert_eq!(service.handle(&fourth, &now(), "R-4").status, 400);
        let seqs: Vec<(u64, bool)> = service.journal().map(|e| (e.seq, e.fault)).collect();
        assert_eq!(seqs, [(1, true), (2, true), (3, true), (4, false)]);

        // Many times a delay of nothing: one request, one entry, one time used.
        service.push_fault(fault(
            r#"{"action": "*", "kind": "delay", "seconds": 0, "times": 100000}"#,
        ));
        service.handle(
            &dry_run("i-emu0stopped000000001", KEY, "n-5"),
            &now(),
            "R-5",
        );
        assert_eq!(service.journal().count(), 5);
        let queue = control(&mut service, "GET", "faults", "");
        let queue: serde_json::Value = serde_json::from_slice(&queue.body).expect("JSON");
        assert_eq!(queue[0]["times"], 99_999, "{queue}");
        assert_eq!(queue[0]["kind"], "delay");
    }

    #[test]
    fn a_delay_is_at_most_three_hundred_seconds() {
        for (seconds, ok) in [("0", true), ("300", true), ("301", false), ("null", false)] {
            let json = format!(r#"{{"action": "*", "kind": "delay", "seconds": {seconds}}}"#);
            let read = Fault::from_json(json.as_bytes());
            assert_eq!(read.is_ok(), ok, "{json}: {read:?}");
        }
    }

    /// `access_key_id` and `instance_id` narrow a fault to the requests that name them, in a
    /// query, a form body, `InstanceId.N` or V3's `Credential`.
    #[test]
    fn matchers_narrow_a_fault() {
        let mut service = Service::new(State::builtin());
        service.push_fault(fault(
            r#"{"action": "*", "kind": "empty", "status": 500, "instance_id": "i-emu0stopped000000002"}"#,
        ));
        service.push_fault(fault(
            r#"{"action": "DeleteInstances", "kind": "empty", "status": 502, "access_key_id": "LTAI-other"}"#,
        ));
        let other = dry_run("i-emu0stopped000000001", KEY, "n-1");
        assert_eq!(service.handle(&other, &now(), "R").status, 400);
        let batch = |key: &str, nonce: &str, v3: bool| {
            let request = DeleteInstances::builder("cn-hangzhou")
                .instance_ids(["i-emu0stopped000000001", "i-emu0stopped000000002"])
                .dry_run(true)
                .build()
                .expect("valid");
            let credentials = Credentials::new(key, SECRET).expect("credentials");
            let version = if v3 {
                crate::SignatureVersion::V3
            } else {
                crate::SignatureVersion::V1
            };
            let signed = Signer::new()
                .signature_version(version)
                .transport(crate::Transport::PostForm)
                .sign(
                    &request,
                    &credentials,
                    &now(),
                    &Nonce::new(nonce).expect("n"),
                );
            HttpRequest::from_signed(&signed)
        };
        // The second id of a form body matches the first fault.
        assert_eq!(
            service
                .handle(&batch(KEY, "n-2", false), &now(), "R")
                .status,
            500
        );
        // The key matcher: another key's request (refused, unknown) passes; V3's names it.
        assert_eq!(
            service.handle(&batch(KEY, "n-3", true), &now(), "R").status,
            400
        );
        assert_eq!(
            service
                .handle(&batch("LTAI-other", "n-4", true), &now(), "R")
                .status,
            502
        );
        assert!(service.control.faults.is_empty());

        // `InstanceId` of a DeleteInstance names it; another parameter with that value does not.
        service.push_fault(fault(
            r#"{"action": "*", "kind": "empty", "status": 503, "instance_id": "i-emu0stopped000000002"}"#,
        ));
        let mut elsewhere = dry_run("i-emu0stopped000000001", KEY, "n-5");
        elsewhere.target.push_str("&Note=i-emu0stopped000000002");
        assert_ne!(service.handle(&elsewhere, &now(), "R").status, 503);
        // Nor does a name that only starts like `InstanceId.N`, nor a body that is not a form.
        for (n, name) in ["InstanceId.", "InstanceId.x", "InstanceId.1x"]
            .into_iter()
            .enumerate()
        {
            let mut almost = dry_run("i-emu0stopped000000001", KEY, &format!("n-5{n}"));
            almost
                .target
                .push_str(&format!("&{name}=i-emu0stopped000000002"));
            assert_ne!(service.handle(&almost, &now(), "R").status, 503, "{name}");
        }
        let mut not_a_form = dry_run("i-emu0stopped000000001", KEY, "n-59");
        not_a_form
            .headers
            .push(("Content-Type".into(), "application/json".into()));
        not_a_form.body = b"InstanceId=i-emu0stopped000000002".to_vec();
        assert_ne!(service.handle(&not_a_form, &now(), "R").status, 503);
        let named = dry_run("i-emu0stopped000000002", KEY, "n-6");
        assert_eq!(service.handle(&named, &now(), "R").status, 503);
    }

    /// Whatever a request held, its journal entry keeps at most 256 bytes a field, cut and
    /// marked; the lints survive a refusal and name their parameter.
    #[test]
    fn journal_entries_are_bounded_and_keep_their_lints() {
        let mut service = Service::new(State::builtin());
        let huge = "K".repeat(1 << 20);
        let mut request = dry_run("i-emu0stopped000000001", &huge, "n-1");
        request.target = request
            .target
            .replacen("/?", &format!("/{}?", "p".repeat(1 << 16)), 1);
        let answer = service.handle(&request, &now(), "R");
        assert_eq!(answer.status, 404, "an unknown key");
        let entry = service.journal().last().expect("journaled").clone();
        let key = entry.access_key_id.expect("named");
        assert!(key.len() < FIELD_BYTES + 32, "{}", key.len());
        assert!(key.ends_with("…[cut: 1048576 bytes]"), "{key}");
        assert!(entry.path.len() < FIELD_BYTES + 32);

        // A `+` for a space in a request refused for its account: the lint is kept.
        let mut linted = dry_run("i-emu0stopped000000001", "LTAI-nobody", "n-2");
        linted.target = linted
            .target
            .replace("RegionId=cn-hangzhou", "RegionId=cn-hangzhou&Z=a+b");
        service.handle(&linted, &now(), "R");
        let entry = service.journal().last().expect("journaled").clone();
        assert_eq!(entry.code.as_deref(), Some("InvalidAccessKeyId.NotFound"));
        assert!(
            entry
                .lints
                .iter()
                .any(|l| l.kind == "plus_for_space" && l.parameter == "Z"),
            "{:?}",
            entry.lints
        );
        // Cut at the last character boundary at or before 256 bytes: 85 three-byte characters.
        let mut text = "€".repeat(200);
        cut(&mut text);
        assert_eq!(text, format!("{}…[cut: 600 bytes]", "€".repeat(85)));
        let mut short = "x".repeat(FIELD_BYTES);
        cut(&mut short);
        assert_eq!(short.len(), FIELD_BYTES);
    }

    /// What `GET /_emulator/state` shows can be edited and sent back: secrets and tokens stay;
    /// a state without `accounts` keeps them; one instance is added, replaced or removed alone.
    #[test]
    fn the_state_round_trips_and_changes_one_instance_at_a_time() {
        let mut service = Service::new(State::builtin());
        let shown: serde_json::Value =
            serde_json::from_slice(&control(&mut service, "GET", "state", "").body).expect("JSON");
        let mut edited = shown.clone();
        edited["instances"][0]["status"] = "Running".into();
        let put = control(&mut service, "PUT", "state", &edited.to_string());
        assert_eq!(put.status, 204, "{}", String::from_utf8_lossy(&put.body));
        assert_eq!(
            service.state().instances[0].status,
            super::super::Status::Running
        );
        let ok = |service: &mut Service, id: &str, nonce: &str| {
            service.handle(&dry_run(id, KEY, nonce), &now(), "R").status
        };
        assert_eq!(
            ok(&mut service, "i-emu0stopped000000002", "n-1"),
            400,
            "the secret stayed"
        );

        // Only instances: the account stays.
        let only = r#"{"instances": [{"instance_id": "i-only"}]}"#;
        assert_eq!(control(&mut service, "PUT", "state", only).status, 204);
        assert_eq!(service.state().accounts.len(), 1);
        assert_eq!(ok(&mut service, "i-only", "n-2"), 400, "a dry run passes");

        // One instance added, replaced, refused, removed.
        let put = |service: &mut Service, id: &str, body: &str| {
            let answer = control(service, "PUT", &format!("instances/{id}"), body);
            (
                answer.status,
                String::from_utf8_lossy(&answer.body).into_owned(),
            )
        };
        assert_eq!(
            put(&mut service, "i-new", r#"{"status": "Running"}"#).0,
            204
        );
        assert_eq!(service.state().instances.len(), 2);
        assert_eq!(
            put(&mut service, "i-new", r#"{"status": "Stopped"}"#).0,
            204
        );
        assert_eq!(service.state().instances.len(), 2);
        assert_eq!(ok(&mut service, "i-new", "n-3"), 400);
        let (status, body) = put(&mut service, "i-new", r#"{"status": "Asleep"}"#);
        assert_eq!(status, 400);
        let body: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(body["field"], "status", "{body}");
        let (status, body) = put(&mut service, "i-new", r#"{"instance_id": "i-other"}"#);
        assert_eq!(
            (status, body.contains(r#""field":"instance_id""#)),
            (400, true),
            "{body}"
        );
        assert_eq!(put(&mut service, "i-x*bad", "{}").0, 400);
        assert_eq!(
            control(&mut service, "DELETE", "instances/i-new", "").status,
            204
        );
        assert_eq!(
            control(&mut service, "DELETE", "instances/i-new", "").status,
            404
        );
        assert_eq!(
            control(&mut service, "GET", "instances/i-only", "").status,
            405
        );
        assert_eq!(service.state().instances.len(), 1);

        // Removing an instance detaches what was attached to it.
        let mut service = Service::new(State::builtin());
        assert_eq!(
            control(
                &mut service,
                "DELETE",
                "instances/i-emu0stopped000000001",
                ""
            )
            .status,
            204
        );
        let state = service.state();
        assert!(
            state
                .disks
                .iter()
                .all(|d| d.instance_id.as_deref() != Some("i-emu0stopped000000001"))
        );
        assert_eq!(state.eips[0].instance_id, None);
        let error: serde_json::Value = serde_json::from_slice(
            &control(&mut service, "PUT", "clock", r#"{"now": "yesterday"}"#).body,
        )
        .expect("JSON");
        assert_eq!(error["field"], "now", "{error}");
    }

    /// A body the shell could not read is answered as the service answers, and journaled.
    #[test]
    fn a_body_that_cannot_be_read_is_an_ecs_answer() {
        let mut service = Service::new(State::builtin());
        let head = HttpRequest {
            method: "POST".into(),
            target: "/?Action=DeleteInstances&Format=JSON".into(),
            headers: vec![("Host".into(), "127.0.0.1:1".into())],
            body: Vec::new(),
        };
        for (problem, status) in [
            (super::super::BodyProblem::TooLarge, 413),
            (
                super::super::BodyProblem::Unreadable("a bad chunk size".into()),
                400,
            ),
        ] {
            let answer = service.refuse_body(&head, &problem, &now(), "R-9");
            assert_eq!(answer.status, status);
            assert_eq!(answer.header("x-acs-request-id"), Some("R-9"));
            assert_eq!(
                answer.header("content-type"),
                Some("application/json;charset=utf-8")
            );
            let body: serde_json::Value = serde_json::from_slice(&answer.body).expect("JSON");
            assert_eq!(
                (body["RequestId"].as_str(), body["Code"].as_str()),
                (Some("R-9"), Some("InvalidParameter"))
            );
            let entry = service.journal().last().expect("journaled");
            assert_eq!(
                (entry.status, entry.action.as_deref()),
                (status, Some("DeleteInstances"))
            );
        }
        assert_eq!(service.journal().count(), 2);
    }

    /// With a control token, a control request without it is 401 and changes nothing; the
    /// token is never shown.
    #[test]
    fn a_control_token_guards_the_control_api() {
        let mut service = Service::new(State::builtin());
        service.set_control_token(Some("tok-never-shown".into()));
        let mut reset = HttpRequest {
            method: "DELETE".into(),
            target: format!("{PREFIX}instances/i-emu0stopped000000001"),
            ..HttpRequest::default()
        };
        let refused = service.handle(&reset, &now(), "R");
        assert_eq!(refused.status, 401);
        assert_eq!(service.state().instances.len(), 14);
        reset
            .headers
            .push(("X-Emulator-Token".into(), "tok-never-shown".into()));
        assert_eq!(service.handle(&reset, &now(), "R").status, 204);
        assert_eq!(
            format!("{:?}", ControlToken("tok".into())),
            crate::redact::REDACTED
        );
        let shown = format!("{service:?}{}", String::from_utf8_lossy(&refused.body));
        assert!(!shown.contains("tok-never-shown"), "{shown}");
        // The API itself needs no token.
        let api = dry_run("i-emu0stopped000000002", KEY, "n-1");
        assert_eq!(service.handle(&api, &now(), "R").status, 400);
    }

    /// A body may name the instance its path names; `instances/` is the one path prefix, so
    /// any other path is a fixed endpoint (405 for another method) or none at all (404).
    #[test]
    fn a_path_is_an_instance_only_under_instances() {
        let mut service = Service::new(State::builtin());
        let named = r#"{"instance_id": "i-named", "status": "Stopped"}"#;
        let answer = control(&mut service, "PUT", "instances/i-named", named);
        assert_eq!(
            answer.status,
            204,
            "{:?}",
            String::from_utf8_lossy(&answer.body)
        );
        assert!(
            service
                .state()
                .instances
                .iter()
                .any(|i| i.instance_id == "i-named")
        );
        let field = |answer: &HttpResponse| {
            let body: serde_json::Value = serde_json::from_slice(&answer.body).expect("JSON");
            body["field"].as_str().map(str::to_owned)
        };
        for method in ["PUT", "DELETE"] {
            let fixed = control(&mut service, method, "health", "{}");
            assert_eq!(fixed.status, 405, "{method} health");
            let none = control(&mut service, method, "no-such-endpoint", "{}");
            assert_eq!(
                (none.status, field(&none).as_deref()),
                (404, Some("path")),
                "{method} no-such-endpoint"
            );
        }
        assert_eq!(service.state().instances.len(), 15);
    }
}
