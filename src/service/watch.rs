//! The findings report: what the client did wrong, watched across its requests (the emulator's
//! contract, section 9). A *call* is the requests of one AccessKeyId with the same operation
//! parameters, `ClientToken` aside (DeleteInstance: the same `InstanceId`); a *retry* is a
//! request of a call sent within 600 s after the call's previous request got no definite
//! answer. Everything is read from the request as sent, so a faulted request counts too.

use std::collections::{HashMap, VecDeque};

use serde::Serialize;

use super::fault::FaultKind;
use super::journal::{JournalEntry, cut};
use super::{HttpRequest, front};
use crate::request::names::{self, ParamName};
use crate::response::{ErrorCode, RetryClass};
use crate::time::Timestamp;

/// The most findings kept; older ones are dropped.
pub(crate) const REPORT_CAPACITY: usize = 10_000;

/// How long after an answer that was not definite a request of the same call is its retry.
const RETRY_WINDOW_SECONDS: i64 = 600;

/// A signed time further than this from the emulator's clock is a finding.
const SKEW_SECONDS: i64 = 300;

/// The most calls remembered; past it, those outside the retry window are forgotten.
const CALLS_KEPT: usize = 100_000;

/// One thing the client did wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// `client_token_changed`, `missing_client_token`, `nonce_reused`, `retried_too_soon`,
    /// `clock_skew` or `lint`.
    pub kind: &'static str,
    /// The AccessKeyId the requests named.
    pub access_key_id: Option<String>,
    /// The requests involved, the earlier first.
    pub request_ids: Vec<String>,
    /// What happened, in words.
    pub message: String,
}

/// The last request of a call.
#[derive(Debug, Clone)]
struct Last {
    request_id: String,
    client_token: Option<String>,
    at: i64,
    /// The answer was not definite: the next request of the call within the window is a retry.
    open: bool,
    retry_after: Option<u64>,
}

/// The findings, and what is remembered of each call to find them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Watch {
    pub(crate) findings: VecDeque<Finding>,
    calls: HashMap<String, Last>,
}

impl Watch {
    /// Watches one API request, journaled as `entry`: `fault` is the kind of the fault it met,
    /// `retry_after` the wait its answer asked for.
    pub(crate) fn observe(
        &mut self,
        request: &HttpRequest,
        now: &Timestamp,
        entry: &JournalEntry,
        fault: Option<FaultKind>,
        retry_after: Option<u64>,
    ) {
        let key_id = entry.access_key_id.clone();
        let id = || vec![entry.request_id.clone()];
        for lint in &entry.lints {
            self.add(Finding {
                kind: "lint",
                access_key_id: key_id.clone(),
                request_ids: id(),
                message: format!("{} in {}", lint.kind, lint.parameter),
            });
        }
        let skew = signed_at(request).map_or(0, |at| at - now.unix_seconds());
        if skew.abs() > SKEW_SECONDS {
            self.add(Finding {
                kind: "clock_skew",
                access_key_id: key_id.clone(),
                request_ids: id(),
                message: format!(
                    "signed {} s {} the emulator's clock (the service refuses more than 900 s)",
                    skew.abs(),
                    if skew > 0 { "ahead of" } else { "behind" }
                ),
            });
        }
        if entry.code.as_deref() == Some("SignatureNonceUsed") {
            self.add(Finding {
                kind: "nonce_reused",
                access_key_id: key_id.clone(),
                request_ids: id(),
                message: "a nonce was sent again: a retry must draw a fresh SignatureNonce".into(),
            });
        }
        let Some(call) = key_id.as_deref().and_then(|k| call_of(request, k)) else {
            return;
        };
        let now = now.unix_seconds();
        let token = raw_client_token(request);
        let batch = front::action_of(request) == Some(crate::request::Action::DeleteInstances);
        if let Some(last) = self.calls.get(&call).cloned() {
            let gap = now - last.at;
            if last.open && (0..=RETRY_WINDOW_SECONDS).contains(&gap) {
                self.retried(
                    &last,
                    &entry.request_id,
                    key_id,
                    token.as_deref(),
                    batch,
                    gap,
                );
            }
        }
        let open = fault.is_some_and(|k| {
            matches!(
                k,
                FaultKind::Drop
                    | FaultKind::DropAfterCommit
                    | FaultKind::Gateway
                    | FaultKind::Empty
            )
        }) || !definite(entry.status, entry.code.as_deref());
        self.make_room(now, CALLS_KEPT);
        self.calls.insert(
            call,
            Last {
                request_id: entry.request_id.clone(),
                client_token: token,
                at: now,
                open,
                retry_after,
            },
        );
    }

    /// The findings of a retry of `last`, sent `gap` seconds after it.
    fn retried(
        &mut self,
        last: &Last,
        request_id: &str,
        key_id: Option<String>,
        token: Option<&str>,
        batch: bool,
        gap: i64,
    ) {
        let ids = vec![last.request_id.clone(), request_id.to_owned()];
        if batch {
            let changed = match (last.client_token.as_deref(), token) {
                (None, None) => {
                    self.add(Finding {
                        kind: "missing_client_token",
                        access_key_id: key_id.clone(),
                        request_ids: ids.clone(),
                        message: "a DeleteInstances was retried without a ClientToken: against the service a retry after a lost answer may release again or fail".into(),
                    });
                    None
                }
                (a, b) if a != b => Some(format!(
                    "the retry's ClientToken is {} where the request it retries had {}: against the service it may release twice or fail with IdempotentParameterMismatch",
                    shown(b),
                    shown(a)
                )),
                _ => None,
            };
            if let Some(message) = changed {
                self.add(Finding {
                    kind: "client_token_changed",
                    access_key_id: key_id.clone(),
                    request_ids: ids.clone(),
                    message,
                });
            }
        }
        if let Some(wait) = last
            .retry_after
            .filter(|w| gap < i64::try_from(*w).unwrap_or(i64::MAX))
        {
            self.add(Finding {
                kind: "retried_too_soon",
                access_key_id: key_id,
                request_ids: ids,
                message: format!(
                    "retried after {gap} s where x-acs-retry-after asked for {wait} s"
                ),
            });
        }
    }

    /// Keeps fewer than `cap` calls: at the cap, those outside the retry window are forgotten,
    /// and if that is not enough, all of them (a retry of one is then not seen as one).
    fn make_room(&mut self, now: i64, cap: usize) {
        if self.calls.len() >= cap {
            self.calls
                .retain(|_, last| now - last.at <= RETRY_WINDOW_SECONDS);
            if self.calls.len() >= cap {
                self.calls.clear();
            }
        }
    }

    fn add(&mut self, mut finding: Finding) {
        for field in finding
            .request_ids
            .iter_mut()
            .chain(finding.access_key_id.as_mut())
            .chain([&mut finding.message])
        {
            cut(field);
        }
        self.findings.push_back(finding);
        while self.findings.len() > REPORT_CAPACITY {
            self.findings.pop_front();
        }
    }
}

/// Whether an answer is definite: not a 5xx, not throttled, not of the `check` class.
fn definite(status: u16, code: Option<&str>) -> bool {
    let code = code.map(ErrorCode::parse);
    let class = code
        .as_ref()
        .and_then(ErrorCode::retry_class)
        .unwrap_or_else(|| RetryClass::from_status(status, false));
    status < 500
        && status != 0
        && !code.as_ref().is_some_and(ErrorCode::is_throttling)
        && class != RetryClass::Check
}

/// A call's key: the AccessKeyId, the action and its operation parameters as sent, decoded and
/// sorted, `ClientToken` aside (DeleteInstance: its `InstanceId` alone).
fn call_of(request: &HttpRequest, key_id: &str) -> Option<String> {
    let action = front::action_of(request)?;
    let mut params: Vec<(String, String)> = front::raw_params(request)
        .map(|(n, v)| (front::decoded(n), front::decoded(v)))
        .filter(|(name, _)| match action {
            crate::request::Action::DeleteInstance => name == names::INSTANCE_ID,
            crate::request::Action::DeleteInstances => {
                name != names::CLIENT_TOKEN
                    && (ParamName::parse(name).is_some()
                        || name.starts_with(names::INSTANCE_ID_PREFIX))
            }
        })
        .collect();
    params.sort();
    let mut key = format!("{key_id}\n{}", action.as_str());
    for (name, value) in params {
        key.push('\n');
        key.push_str(&name);
        key.push('=');
        key.push_str(&value);
    }
    cut(&mut key);
    Some(key)
}

/// The `ClientToken` as sent.
fn raw_client_token(request: &HttpRequest) -> Option<String> {
    front::raw_params(request)
        .find(|(name, _)| *name == names::CLIENT_TOKEN)
        .map(|(_, value)| {
            let mut token = front::decoded(value);
            cut(&mut token);
            token
        })
}

/// The time the request was signed at: V1's `Timestamp`, V3's `x-acs-date`.
fn signed_at(request: &HttpRequest) -> Option<i64> {
    let text = match request.header("x-acs-date") {
        Some(date) if request.header("authorization").is_some() => date.to_owned(),
        _ => front::raw_params(request)
            .find(|(name, _)| *name == "Timestamp")
            .map(|(_, value)| front::decoded(value))?,
    };
    Timestamp::parse(&text).ok().map(|t| t.unix_seconds())
}

fn shown(token: Option<&str>) -> String {
    token.map_or_else(|| "none".to_owned(), |t| format!("{t:?}"))
}

#[cfg(test)]
mod tests {
    use super::super::{Fault, Service, State};
    use super::*;
    use crate::request::{DeleteInstance, DeleteInstances};
    use crate::{Credentials, Nonce, Signer};

    const KEY: &str = "LTAI5tEmulatorKeyId0001";
    const SECRET: &str = "EmulatorSecret0123456789abcdefgh";
    const T0: i64 = 1_795_000_000;

    fn at(offset: i64) -> Timestamp {
        Timestamp::from_unix_seconds(T0 + offset).expect("time")
    }

    /// A DeleteInstances of `ids`, signed at `signed` with `token`.
    fn batch(ids: &[&str], token: Option<&str>, signed: &Timestamp, nonce: &str) -> HttpRequest {
        let mut builder = DeleteInstances::builder("cn-hangzhou").instance_ids(ids.iter().copied());
        if let Some(token) = token {
            builder = builder.client_token(token);
        }
        let request = builder.build().expect("valid");
        let credentials = Credentials::new(KEY, SECRET).expect("credentials");
        let nonce = Nonce::new(nonce).expect("nonce");
        HttpRequest::from_signed(&Signer::new().sign(&request, &credentials, signed, &nonce))
    }

    fn kinds(service: &Service) -> Vec<&'static str> {
        service.findings().map(|f| f.kind).collect()
    }

    fn fault(service: &mut Service, json: &str) {
        service.push_fault(Fault::from_json(json.as_bytes()).expect(json));
    }

    /// A throttled batch retried a second later with another token: both findings name the
    /// two requests, the earlier first.
    #[test]
    fn a_retry_that_changes_its_token_too_soon_is_found() {
        let mut service = Service::new(State::builtin());
        fault(
            &mut service,
            r#"{"action": "DeleteInstances", "kind": "error", "status": 400, "code": "Throttling.User", "retry_after_seconds": 3}"#,
        );
        let ids = ["i-emu0stopped000000002"];
        let first = service.handle(&batch(&ids, Some("t-1"), &at(0), "n-1"), &at(0), "R-1");
        assert_eq!(first.header("x-acs-retry-after"), Some("3"));
        let second = service.handle(&batch(&ids, Some("t-2"), &at(1), "n-2"), &at(1), "R-2");
        assert_eq!(second.status, 200);
        assert_eq!(
            kinds(&service),
            ["client_token_changed", "retried_too_soon"]
        );
        for finding in service.findings() {
            assert_eq!(finding.request_ids, ["R-1", "R-2"]);
            assert_eq!(finding.access_key_id.as_deref(), Some(KEY));
        }
        let message = &service.findings().next().expect("a finding").message;
        assert!(
            message.starts_with(
                r#"the retry's ClientToken is "t-2" where the request it retries had "t-1""#
            ),
            "{message}"
        );
        // Exactly the wait asked for is not too soon.
        fault(
            &mut service,
            r#"{"action": "*", "kind": "error", "status": 400, "code": "Throttling.User", "retry_after_seconds": 3}"#,
        );
        let other = ["i-emu0stopped000000001"];
        service.handle(&batch(&other, Some("t-9"), &at(10), "n-9"), &at(10), "R-9");
        service.handle(
            &batch(&other, Some("t-9"), &at(13), "n-10"),
            &at(13),
            "R-10",
        );
        assert_eq!(service.findings().count(), 2, "{:?}", kinds(&service));
        // A definite answer: what follows is not a retry.
        service.handle(&batch(&ids, Some("t-3"), &at(14), "n-3"), &at(14), "R-3");
        assert_eq!(service.findings().count(), 2);
    }

    /// After a 503, a retry where neither request carries a token; a retry with the same token,
    /// after the wait, is no finding; one outside the window is no retry.
    #[test]
    fn a_batch_retried_without_a_token_is_found() {
        let mut service = Service::new(State::builtin());
        let ids = ["i-emu0stopped000000001", "i-emu0stopped000000002"];
        for token in [None, Some("t-1")] {
            fault(
                &mut service,
                r#"{"action": "*", "kind": "error", "status": 503, "code": "ServiceUnavailable", "retry_after_seconds": 2}"#,
            );
            service.handle(
                &batch(&ids, token, &at(0), &format!("a-{token:?}")),
                &at(0),
                "R-1",
            );
            fault(
                &mut service,
                r#"{"action": "*", "kind": "gateway", "status": 502}"#,
            );
            service.handle(
                &batch(&ids, token, &at(5), &format!("b-{token:?}")),
                &at(5),
                "R-2",
            );
        }
        assert_eq!(kinds(&service), ["missing_client_token"]);
        // The gateway answer left the call open: 601 s later, it is a new call.
        service.handle(&batch(&ids, None, &at(606), "c"), &at(606), "R-3");
        assert_eq!(kinds(&service), ["missing_client_token"]);
    }

    /// `drop_after_commit`: the batch is released and journaled, the connection dropped; the
    /// retry with the same token is idempotent, one with another token is found.
    #[test]
    fn a_dropped_answer_after_commit_is_a_released_batch() {
        let mut service = Service::new(State::builtin());
        fault(
            &mut service,
            r#"{"action": "*", "kind": "drop_after_commit"}"#,
        );
        let ids = ["i-emu0stopped000000002"];
        let lost = service.handle(&batch(&ids, Some("t-1"), &at(0), "n-1"), &at(0), "R-1");
        assert_eq!(lost.status, 0, "no answer in-process");
        let entry = service.journal().last().expect("journaled").clone();
        assert_eq!((entry.status, entry.fault), (200, true));
        assert_eq!(entry.released, ids);
        let again = service.handle(&batch(&ids, Some("t-1"), &at(1), "n-2"), &at(1), "R-2");
        assert_eq!(
            again.status, 200,
            "the same token: the service's memory answers"
        );
        assert_eq!(service.findings().count(), 0);

        fault(&mut service, r#"{"action": "*", "kind": "drop"}"#);
        let ids = ["i-emu0stopped000000001"];
        service.handle(&batch(&ids, Some("t-3"), &at(2), "n-3"), &at(2), "R-3");
        service.handle(&batch(&ids, Some("t-4"), &at(3), "n-4"), &at(3), "R-4");
        assert_eq!(kinds(&service), ["client_token_changed"]);
        assert_eq!(
            service.findings().next().expect("one").request_ids,
            ["R-3", "R-4"]
        );
    }

    /// A reused nonce, a skewed clock (refused or not) and a lint are each found.
    #[test]
    fn nonces_clocks_and_lints_are_found() {
        let mut service = Service::new(State::builtin());
        let ids = ["i-emu0stopped000000001"];
        let request = batch(&ids, Some("t-1"), &at(0), "n-1");
        service.handle(&request, &at(0), "R-1");
        service.handle(&request, &at(0), "R-2");
        assert_eq!(kinds(&service), ["nonce_reused"]);
        // Another call: not a retry of the first.
        let other = ["i-emu0running000000001"];
        service.handle(&batch(&other, None, &at(-400), "n-2"), &at(0), "R-3");
        service.handle(&batch(&other, None, &at(1000), "n-3"), &at(0), "R-4");
        service.handle(&batch(&other, None, &at(-299), "n-4"), &at(0), "R-5");
        service.handle(&batch(&other, None, &at(300), "n-6"), &at(0), "R-5");
        assert_eq!(
            kinds(&service),
            ["nonce_reused", "clock_skew", "clock_skew"]
        );
        // V3's signed time is its x-acs-date; V1's is Timestamp, whatever headers it carries.
        let v3 = |signed: &Timestamp, nonce: &str| {
            let request = DeleteInstances::builder("cn-hangzhou")
                .instance_ids(["i-emu0running000000001"])
                .build()
                .expect("valid");
            let credentials = Credentials::new(KEY, SECRET).expect("credentials");
            let nonce = Nonce::new(nonce).expect("nonce");
            let signed = Signer::new()
                .signature_version(crate::SignatureVersion::V3)
                .sign(&request, &credentials, signed, &nonce);
            HttpRequest::from_signed(&signed)
        };
        let before = service.findings().count();
        service.handle(&v3(&at(-400), "n-7"), &at(0), "R-7");
        let last = service.findings().last().expect("a finding");
        assert_eq!(
            (last.kind, last.request_ids.as_slice()),
            ("clock_skew", &["R-7".to_owned()][..])
        );
        let count = service.findings().count();
        assert_eq!(count, before + 1);
        let mut v1 = batch(&other, None, &at(0), "n-8");
        v1.headers
            .push(("x-acs-date".into(), at(-1000).as_str().into()));
        service.handle(&v1, &at(0), "R-8");
        assert_eq!(
            service.findings().count(),
            count,
            "a V1 request's stray x-acs-date"
        );
        let skew: Vec<_> = service
            .findings()
            .skip(1)
            .map(|f| f.message.clone())
            .collect();
        assert!(skew[0].starts_with("signed 400 s behind"), "{skew:?}");
        assert!(skew[1].starts_with("signed 1000 s ahead of"), "{skew:?}");

        let request = DeleteInstance::builder("i-emu0stopped000000002")
            .region_id("cn-hangzhou")
            .dry_run(true)
            .build()
            .expect("valid");
        let credentials = Credentials::new(KEY, SECRET).expect("credentials");
        let signed = Signer::new().sign(
            &request,
            &credentials,
            &at(0),
            &Nonce::new("n-5").expect("n"),
        );
        let mut linted = HttpRequest::from_signed(&signed);
        linted.target.push_str("&Zz=a+b");
        service.handle(&linted, &at(0), "R-6");
        let last = service.findings().last().expect("a finding");
        assert_eq!(
            (last.kind, last.message.as_str()),
            ("lint", "plus_for_space in Zz")
        );
    }

    /// The report keeps the last 10,000 findings; the control API reads and clears it.
    #[test]
    fn the_report_is_bounded_and_read_through_the_control_api() {
        let mut watch = Watch::default();
        for n in 0..=REPORT_CAPACITY {
            watch.add(Finding {
                kind: "lint",
                access_key_id: Some("k".repeat(1000)),
                request_ids: vec![n.to_string()],
                message: String::new(),
            });
        }
        assert_eq!(watch.findings.len(), REPORT_CAPACITY);
        assert_eq!(watch.findings[0].request_ids, ["1"]);
        assert!(
            watch.findings[0]
                .access_key_id
                .as_ref()
                .is_some_and(|k| k.len() < 300)
        );

        let mut service = Service::new(State::builtin());
        let request = batch(&["i-emu0stopped000000001"], None, &at(0), "n-1");
        service.handle(&request, &at(0), "R-1");
        service.handle(&request, &at(0), "R-2");
        let control = |service: &mut Service, method: &str| {
            let request = HttpRequest {
                method: method.into(),
                target: "/_emulator/report".into(),
                ..HttpRequest::default()
            };
            service.handle(&request, &at(0), "C")
        };
        let report: serde_json::Value =
            serde_json::from_slice(&control(&mut service, "GET").body).expect("JSON");
        assert_eq!(report["findings"][0]["kind"], "nonce_reused", "{report}");
        assert_eq!(report["findings"][0]["request_ids"][0], "R-2");
        assert_eq!(control(&mut service, "DELETE").status, 204);
        assert_eq!(service.findings().count(), 0);
    }

    /// An instance being created becomes Stopped when the clock reaches its `next`: a request
    /// before meets `IncorrectInstanceStatus.Initializing`, one after releases it.
    #[test]
    fn an_instance_changes_status_when_the_clock_reaches_next() {
        let fixture = serde_json::json!({
            "accounts": [{"access_key_id": KEY, "access_key_secret": SECRET}],
            "instances": [{"instance_id": "i-new", "status": "Pending",
                           "next": {"status": "Stopped", "at": at(30).as_str()}}],
        });
        let mut service =
            Service::new(State::from_fixture(fixture.to_string().as_bytes()).expect("fixture"));
        assert_eq!(
            service.state().to_fixture()["instances"][0]["next"]["status"],
            "Stopped"
        );
        let early = service.handle(
            &batch(&["i-new"], Some("t"), &at(29), "n-1"),
            &at(29),
            "R-1",
        );
        assert_eq!(early.status, 403);
        assert!(
            String::from_utf8_lossy(&early.body).contains("IncorrectInstanceStatus.Initializing")
        );
        assert!(service.state().instances[0].next.is_some());
        let late = service.handle(
            &batch(&["i-new"], Some("t"), &at(30), "n-2"),
            &at(30),
            "R-2",
        );
        assert_eq!(late.status, 200);
        let bad = r#"{"instances": [{"instance_id": "i-a", "next": {"status": "Running", "at": "soon"}}]}"#;
        let error = State::from_fixture(bad.as_bytes()).expect_err("not a time");
        assert_eq!(error.field(), "instances[0].next.at");
    }

    /// At the cap, calls outside the retry window go first; if all are inside it, all go.
    #[test]
    fn the_calls_remembered_are_bounded() {
        let mut watch = Watch::default();
        let last = |at: i64| Last {
            request_id: String::new(),
            client_token: None,
            at,
            open: true,
            retry_after: None,
        };
        for (n, at) in [0, 110, 700].into_iter().enumerate() {
            watch.calls.insert(n.to_string(), last(at));
        }
        watch.make_room(710, 4);
        assert_eq!(watch.calls.len(), 3, "under the cap: nothing forgotten");
        watch.make_room(710, 3);
        let mut kept: Vec<_> = watch.calls.keys().cloned().collect();
        kept.sort();
        assert_eq!(
            kept,
            ["1", "2"],
            "0 is 710 s old; 1 is exactly 600 s old, kept"
        );
        watch.make_room(710, 2);
        assert!(
            watch.calls.is_empty(),
            "all within the window, and still at the cap"
        );
    }

    /// A 5xx is no definite answer whatever its code says; a code of the `check` class is none
    /// whatever its status.
    #[test]
    fn what_is_a_definite_answer() {
        assert!(!definite(500, Some("InvalidParameter")));
        assert!(!definite(599, None));
        assert!(!definite(400, Some("SignatureNonceUsed")));
        assert!(!definite(400, Some("Throttling.User")));
        assert!(!definite(0, None));
        assert!(definite(499, None));
        assert!(definite(403, Some("IncorrectInstanceStatus")));
        assert!(definite(200, None));
    }
}
