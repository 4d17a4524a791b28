//! A Sans-IO model of the ECS endpoint for DeleteInstance and DeleteInstances: one HTTP request,
//! the time and a request id in; one HTTP response and a change of state out. No socket, clock
//! or randomness inside, so a test can use it as its HTTP transport in-process, and
//! `ecs-conformance serve` puts it behind a real HTTP server.
//!
//! It is the service behind the crate's own front door: requests are checked with
//! [`crate::verify`] and the request rules of [`crate::request`], then against the state
//! (accounts, instances, disks, snapshots, EIPs), in the order of the emulator's contract
//! (`conformance/EMULATOR.md` in the repository). Paths under `/_emulator/` are its control API:
//! the state, faults and a journal.
//!
//! ```
//! use aliyun_ecs_delete::request::DeleteInstance;
//! use aliyun_ecs_delete::service::{HttpRequest, Service, State};
//! use aliyun_ecs_delete::{Credentials, Endpoint, Nonce, Scheme, Signer, Timestamp};
//!
//! let mut service = Service::new(State::builtin());
//! let now = Timestamp::parse("2026-11-23T12:00:00Z")?;
//! let request = DeleteInstance::builder("i-emu0stopped000000001").region_id("cn-hangzhou").build()?;
//! let signed = Signer::new()
//!     .endpoint(Endpoint::with_scheme(Scheme::Http, "127.0.0.1:8080")?)
//!     .sign(&request, &Credentials::new("LTAI5tEmulatorKeyId0001", "EmulatorSecret0123456789abcdefgh")?,
//!           &now, &Nonce::new("n-1")?);
//! let answer = service.handle(&HttpRequest::from_signed(&signed), &now, "REQ-1");
//! assert_eq!(answer.status, 200);
//! assert!(service.state().instances.iter().all(|i| i.instance_id != "i-emu0stopped000000001"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod control;
mod fault;
mod fixture;
mod front;
mod http;
mod ids;
mod input;
mod journal;
mod nonces;
mod operation;
mod reply;
mod state;
mod unread;
mod watch;

pub use fault::{Fault, FaultKind};
pub use fixture::BUILTIN;
pub use http::{Answer, HttpRequest};
pub use ids::RequestIds;
pub use input::InputError;
pub use journal::{JournalEntry, JournalLint};
pub use reply::HttpResponse;
pub use state::{
    Account, ChargeType, Dependency, Disk, Eip, Instance, LockReason, PublicKey, Snapshot,
    SnapshotKind, State, Status, Transition,
};
pub use unread::BodyProblem;
pub use watch::Finding;

use crate::request::{Operation, Request};
use crate::time::Timestamp;

use control::Control;
use nonces::NonceStore;
use operation::{Done, Idempotence, Memory};
use reply::{BodyFormat, Refusal};

/// The largest body the endpoint reads; a larger one is answered 413.
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// The emulator's model: its state, its memories and its control API.
#[derive(Debug, Clone)]
pub struct Service {
    /// The time set through `PUT /_emulator/clock`, used instead of the caller's.
    fixed_now: Option<Timestamp>,
    start: State,
    state: State,
    nonces: NonceStore,
    idempotence: Idempotence,
    control: Control,
    control_token: Option<control::ControlToken>,
    watch: watch::Watch,
}

impl Service {
    /// A service holding `state` (also the state `POST /_emulator/reset` goes back to).
    pub fn new(state: State) -> Service {
        Service {
            fixed_now: None,
            start: state.clone(),
            state,
            nonces: NonceStore::default(),
            idempotence: Idempotence::default(),
            control: Control::default(),
            control_token: None,
            watch: watch::Watch::default(),
        }
    }

    /// Requires `token` in the `x-emulator-token` header of every control request (`None`: no
    /// token, the default); a request without it is answered 401. For an emulator that listens
    /// where others can reach it: the control API can change anything.
    pub fn set_control_token(&mut self, token: Option<String>) {
        self.control_token = token.map(control::ControlToken);
    }

    /// The current state.
    pub fn state(&self) -> &State {
        &self.state
    }

    /// Replaces the state, and forgets every nonce and ClientToken.
    pub fn set_state(&mut self, state: State) {
        self.state = state;
        self.nonces = NonceStore::default();
        self.idempotence = Idempotence::default();
    }

    /// Fixes the time the service goes by (`None`: the caller's again), as
    /// `PUT /_emulator/clock` does.
    pub fn set_clock(&mut self, now: Option<Timestamp>) {
        self.fixed_now = now;
    }

    /// The time the service goes by: the clock fixed through the control API, else `now`.
    fn clock(&self, now: &Timestamp) -> Timestamp {
        self.fixed_now.unwrap_or(*now)
    }

    /// Queues a fault for the next matching API request.
    pub fn push_fault(&mut self, fault: Fault) {
        self.control.faults.push_back(fault);
    }

    /// The journal, oldest first.
    pub fn journal(&self) -> impl Iterator<Item = &JournalEntry> {
        self.control.journal.iter()
    }

    /// How many nonces and ClientTokens are remembered (both bounded).
    pub fn memory_sizes(&self) -> (usize, usize) {
        (self.nonces.len(), self.idempotence.len())
    }

    /// Handles one request at `now`, answering with `request_id`. In-process there is no wait
    /// and no connection: a `delay` fault's request is handled at once, as after its wait, and
    /// a `drop` answers with status 0 and nothing else.
    pub fn handle(
        &mut self,
        request: &HttpRequest,
        now: &Timestamp,
        request_id: &str,
    ) -> HttpResponse {
        match self.answer(request, now, request_id) {
            Answer::Respond(response) => response,
            Answer::Delay(_) => self.after_delay(request, now, request_id),
            Answer::Drop => HttpResponse::empty(0),
        }
    }

    /// Handles one request at `now`, answering with `request_id`: a response, or what the HTTP
    /// shell is to do instead. A request meets at most one fault.
    pub fn answer(&mut self, request: &HttpRequest, now: &Timestamp, request_id: &str) -> Answer {
        if request.path().starts_with(control::PREFIX) {
            return Answer::Respond(control::handle(self, request));
        }
        let action = front::action_of(request);
        let Some(fault) = self.control.take_fault(request, action) else {
            return Answer::Respond(self.api(request, now, request_id, None));
        };
        match self
            .control
            .fault_answer(&fault, request, action, request_id)
        {
            control::Faulted::Answered(answer, entry) => {
                let now = self.clock(now);
                let retry_after = fault
                    .retry_after_seconds
                    .filter(|_| fault.kind == FaultKind::Error);
                self.note(request, &now, *entry, Some(fault.kind), retry_after);
                answer
            }
            control::Faulted::Delay(seconds) => Answer::Delay(seconds),
            control::Faulted::AfterCommit => {
                self.api(request, now, request_id, Some(FaultKind::DropAfterCommit));
                Answer::Drop
            }
        }
    }

    /// The findings of the report, oldest first (the emulator's contract, section 9).
    pub fn findings(&self) -> impl Iterator<Item = &Finding> {
        self.watch.findings.iter()
    }

    /// Journals an API request and watches it for findings.
    fn note(
        &mut self,
        request: &HttpRequest,
        now: &Timestamp,
        entry: JournalEntry,
        fault: Option<FaultKind>,
        retry_after: Option<u64>,
    ) {
        self.watch.observe(request, now, &entry, fault, retry_after);
        self.control.record(entry);
    }

    /// Handles a request after the wait of its `delay` fault ([`Answer::Delay`]): as usual, with
    /// no further fault, journaled as having met one.
    pub fn after_delay(
        &mut self,
        request: &HttpRequest,
        now: &Timestamp,
        request_id: &str,
    ) -> HttpResponse {
        self.api(request, now, request_id, Some(FaultKind::Delay))
    }

    /// The checks and the operation, journaled.
    fn api(
        &mut self,
        request: &HttpRequest,
        now: &Timestamp,
        request_id: &str,
        fault: Option<FaultKind>,
    ) -> HttpResponse {
        let now = &self.clock(now);
        self.state.advance(now);
        let mut seen = front::Seen {
            action: front::action_of(request),
            ..front::Seen::default()
        };
        let format = body_format(request);
        let outcome = front::admit(request, &self.state, &mut self.nonces, now, &mut seen)
            .and_then(|verified| {
                let params = verified
                    .params
                    .iter()
                    .map(|(n, v)| (n.to_owned(), v.to_owned()))
                    .collect();
                self.operate(&verified.request, seen.access_key_id.as_deref(), params)
                    .map(|done| (done, verified))
            });
        let (response, released, code, dry_run, token) = match outcome {
            Ok((done, verified)) => {
                let dry_run = done == Done::DryRun;
                let token = client_token(&verified.request);
                let action = verified.request.action();
                let (response, released, code) = match done {
                    Done::DryRun => {
                        let code = match action {
                            crate::request::Action::DeleteInstance => "DryRunOperation",
                            crate::request::Action::DeleteInstances => "DRYRUN.SUCCESS",
                        };
                        let refusal = Refusal::new(
                            400,
                            code,
                            "Request validation has been passed with DryRun flag set.",
                        );
                        (
                            reply::refuse(&refusal, request, request_id, None),
                            Vec::new(),
                            Some(code.to_owned()),
                        )
                    }
                    Done::Released(ids) => (reply::success(action, format, request_id), ids, None),
                };
                (response, released, code, dry_run, token)
            }
            Err(refusal) => (
                reply::refuse(&refusal, request, request_id, None),
                Vec::new(),
                Some(refusal.code),
                false,
                None,
            ),
        };
        let entry = JournalEntry {
            seq: 0,
            method: request.method.clone(),
            path: request.path().to_owned(),
            action: seen.action.map(|a| a.as_str().to_owned()),
            access_key_id: seen.access_key_id,
            signature_version: seen.signature_version.map(str::to_owned),
            client_token: token,
            dry_run,
            status: response.status,
            code,
            request_id: request_id.to_owned(),
            fault: fault.is_some(),
            lints: seen.lints,
            released,
        };
        self.note(request, now, entry, fault, None);
        response
    }

    /// Idempotence, then the operation; a success is recorded under its ClientToken.
    fn operate(
        &mut self,
        request: &Request,
        key_id: Option<&str>,
        params: Vec<(String, String)>,
    ) -> Result<Done, Refusal> {
        let dry_run = match request {
            Request::DeleteInstance(r) => r.dry_run(),
            Request::DeleteInstances(r) => r.dry_run(),
        } == Some(true);
        let key = key_id.zip(client_token(request)).filter(|_| !dry_run);
        if let Some((key_id, token)) = &key {
            match self.idempotence.recall(key_id, token, &params) {
                Memory::New => {}
                Memory::Repeat => return Ok(Done::Released(Vec::new())),
                Memory::Mismatch => {
                    return Err(Refusal::new(
                        400,
                        "IdempotentParameterMismatch",
                        "The request uses the same client token as a previous, but non-identical request.",
                    ));
                }
            }
        }
        let done = operation::run(request, &mut self.state)?;
        if let Some((key_id, token)) = key {
            self.idempotence.record(key_id, &token, params);
        }
        Ok(done)
    }
}

/// The ClientToken of a DeleteInstances.
fn client_token(request: &Request) -> Option<String> {
    match request {
        Request::DeleteInstances(r) => r.client_token().map(str::to_owned),
        Request::DeleteInstance(_) => None,
    }
}

/// JSON or XML, as the request asks: `Format` (any case) for V1, XML without it; V3 answers
/// JSON unless its `Accept` header asks for XML.
fn body_format(request: &HttpRequest) -> BodyFormat {
    if request.is_v3() {
        return match request.header("accept") {
            Some(accept) if accept.to_ascii_lowercase().contains("xml") => BodyFormat::Xml,
            _ => BodyFormat::Json,
        };
    }
    let format = front::raw_params(request)
        .find(|(name, _)| *name == "Format")
        .map(|(_, value)| value);
    match format {
        Some(f) if f.eq_ignore_ascii_case("json") => BodyFormat::Json,
        _ => BodyFormat::Xml,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_secret_token_or_signature_in_answers_journal_or_state() {
        use crate::request::DeleteInstance;
        use crate::{Credentials, Nonce, SignatureVersion, Signer};
        let token = "CAIS-sts-token-never-shown";
        let fixture = format!(
            r#"{{"accounts": [{{"access_key_id": "k", "access_key_secret": "secret-never-shown",
                "security_token": "{token}"}}], "instances": [{{"instance_id": "i-a"}}]}}"#
        );
        let mut service = Service::new(State::from_fixture(fixture.as_bytes()).expect("valid"));
        let now = Timestamp::parse("2026-11-23T08:30:00Z").expect("time");
        let request = DeleteInstance::builder("i-a")
            .region_id("cn-hangzhou")
            .build()
            .expect("valid");
        let mut shown = String::new();
        let mut signatures = Vec::new();
        for (n, (version, secret)) in [
            (SignatureVersion::V1, "wrong-secret"),
            (SignatureVersion::V3, "wrong-secret"),
            (SignatureVersion::V1, "secret-never-shown"),
        ]
        .into_iter()
        .enumerate()
        {
            let signed = Signer::new().signature_version(version).sign(
                &request,
                &Credentials::new("k", secret)
                    .unwrap()
                    .with_security_token(token)
                    .unwrap(),
                &now,
                &Nonce::new(format!("n-{n}")).expect("nonce"),
            );
            let url = signed.url().to_owned();
            signatures.push(match signed.header("authorization") {
                Some(a) => a.rsplit("Signature=").next().unwrap_or_default().to_owned(),
                None => url
                    .rsplit("Signature=")
                    .next()
                    .unwrap_or_default()
                    .to_owned(),
            });
            let answer = service.handle(&HttpRequest::from_signed(&signed), &now, "R");
            shown.push_str(&String::from_utf8_lossy(&answer.body));
            shown.push_str(&format!("{answer:?}"));
        }
        assert!(shown.contains("SignatureDoesNotMatch") && shown.contains("RequestId"));
        let journal: Vec<_> = service.journal().collect();
        assert_eq!(journal.last().map(|e| e.status), Some(200));
        shown.push_str(&serde_json::to_string(&journal).expect("JSON"));
        shown.push_str(&service.state().to_fixture().to_string());
        shown.push_str(&format!("{service:?}"));
        for secret in [token, "secret-never-shown", "wrong-secret"]
            .into_iter()
            .chain(signatures.iter().map(String::as_str))
        {
            assert!(
                !secret.is_empty() && !shown.contains(secret),
                "{secret} shown"
            );
        }
    }

    #[test]
    fn the_fixed_clock_decides_and_fault_answers_are_journaled_with_their_code() {
        use crate::request::DeleteInstance;
        use crate::{Credentials, Nonce, Signer};
        let fixture = r#"{"accounts": [{"access_key_id": "k", "access_key_secret": "s"}],
            "instances": [{"instance_id": "i-a"}, {"instance_id": "i-b"}]}"#;
        let mut service = Service::new(State::from_fixture(fixture.as_bytes()).expect("valid"));
        let signed_at = Timestamp::parse("2026-11-23T08:30:00Z").expect("time");
        let an_hour_on = Timestamp::parse("2026-11-23T09:30:00Z").expect("time");
        let send = |service: &mut Service, id: &str, nonce: &str| {
            let request = DeleteInstance::builder(id)
                .region_id("cn-hangzhou")
                .build()
                .expect("valid");
            let signed = Signer::new().sign(
                &request,
                &Credentials::new("k", "s").unwrap(),
                &signed_at,
                &Nonce::new(nonce).expect("nonce"),
            );
            let answer = service.handle(&HttpRequest::from_signed(&signed), &an_hour_on, "R");
            let last = service.journal().last().expect("journaled").clone();
            (answer.status, last)
        };

        // The caller's clock says an hour has passed: the timestamp is refused.
        let (status, entry) = send(&mut service, "i-a", "n-1");
        assert_eq!(status, 400);
        assert!(
            entry
                .code
                .is_some_and(|c| c.starts_with("InvalidTimeStamp"))
        );
        // Fixed at the signing time, the emulator's clock decides instead.
        service.set_clock(Some(signed_at));
        assert_eq!(send(&mut service, "i-a", "n-2").0, 200);
        // The nonce of the request whose timestamp passed is remembered; there is no token.
        assert_eq!(service.memory_sizes(), (1, 0));
        assert!(!service.journal().last().expect("journaled").dry_run);

        let fault = |json: &str| Fault::from_json(json.as_bytes()).expect("fault");
        service.push_fault(fault(
            r#"{"action": "*", "kind": "error", "status": 503, "code": "ServiceUnavailable"}"#,
        ));
        service.push_fault(fault(
            r#"{"action": "*", "kind": "gateway", "status": 502}"#,
        ));
        let (status, entry) = send(&mut service, "i-b", "n-3");
        assert_eq!((status, entry.fault), (503, true));
        assert_eq!(entry.code.as_deref(), Some("ServiceUnavailable"));
        let (status, entry) = send(&mut service, "i-b", "n-4");
        assert_eq!((status, entry.fault, entry.code), (502, true, None));
        // A fault answers with a final status: 200 to 599.
        for (status, ok) in [
            (101, false),
            (199, false),
            (200, true),
            (599, true),
            (600, false),
        ] {
            let json = format!(r#"{{"action": "*", "kind": "gateway", "status": {status}}}"#);
            assert_eq!(Fault::from_json(json.as_bytes()).is_ok(), ok, "{status}");
        }
    }

    /// A V1 signature mismatch echoes the string to sign the service computed, as the service
    /// does (the official SDKs compare it with their own): the canonical query of every
    /// parameter but `Signature`, as the staged reference types write it.
    #[test]
    fn a_v1_mismatch_echoes_the_string_to_sign_and_a_dry_run_is_journaled_as_one() {
        use crate::request::DeleteInstance;
        use crate::rpc::v1::{CanonicalQuery, StringToSign};
        use crate::{Credentials, Nonce, Signer};
        let mut service = Service::new(State::builtin());
        let account = service.state().accounts[0].clone();
        let now = Timestamp::parse("2026-11-23T08:30:00Z").expect("time");
        let sign = |dry_run: bool, secret: &str, nonce: &str| {
            let request = DeleteInstance::builder("i-emu0stopped000000001")
                .region_id("cn-hangzhou")
                .dry_run(dry_run)
                .build()
                .expect("valid");
            let credentials = Credentials::new(account.access_key_id.clone(), secret).unwrap();
            let nonce = Nonce::new(nonce).expect("nonce");
            Signer::new().sign(&request, &credentials, &now, &nonce)
        };
        let wrong = sign(false, "not-the-secret", "n-1");
        let query = wrong.url().split_once('?').expect("a query").1;
        let params: Vec<(String, String)> = query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .filter(|(name, _)| *name != "Signature")
            .map(|(n, v)| (n.to_owned(), v.replace("%3A", ":")))
            .collect();
        let expected = StringToSign::new(
            wrong.method(),
            &CanonicalQuery::new(params.iter().map(|(n, v)| (n.as_str(), v.as_str()))),
        );
        let answer = service.handle(&HttpRequest::from_signed(&wrong), &now, "R");
        let body = String::from_utf8(answer.body).expect("UTF-8");
        assert!(body.contains("SignatureDoesNotMatch"), "{body}");
        assert!(
            body.contains(expected.as_str()),
            "{body}\n{}",
            expected.as_str()
        );

        let secret = account.access_key_secret.clone().expect("a secret");
        let dry = service.handle(
            &HttpRequest::from_signed(&sign(true, &secret, "n-2")),
            &now,
            "R",
        );
        assert_eq!(dry.status, 400);
        assert!(service.journal().last().expect("journaled").dry_run);
    }

    /// The journal names a V3 request's algorithm, whichever of the three it is, and an RSA
    /// request from an account with a public key is admitted.
    #[test]
    fn the_journal_names_the_algorithm() {
        use crate::keys::RsaPrivateKey;
        use crate::request::DeleteInstance;
        use crate::{Algorithm, Credentials, Nonce, Signer};
        let pem = include_str!("../../conformance/generators/keys/rsa-a.pem");
        let public = include_str!("../../conformance/generators/keys/rsa-a.pub.pem");
        let fixture = serde_json::json!({
            "accounts": [{"access_key_id": "k", "access_key_secret": "s", "public_key": public}],
            "instances": [{"instance_id": "i-a"}],
        });
        let mut service =
            Service::new(State::from_fixture(fixture.to_string().as_bytes()).expect("fixture"));
        let now = Timestamp::parse("2026-11-23T08:30:00Z").expect("time");
        let request = DeleteInstance::builder("i-a")
            .region_id("cn-hangzhou")
            .dry_run(true)
            .build()
            .expect("valid");
        for (n, algorithm) in [
            Algorithm::HmacSha256,
            Algorithm::HmacSm3,
            Algorithm::RsaSha256,
        ]
        .into_iter()
        .enumerate()
        {
            let credentials = match algorithm {
                Algorithm::RsaSha256 => {
                    Credentials::rsa("k", RsaPrivateKey::from_pem(pem).expect("key")).unwrap()
                }
                _ => Credentials::new("k", "s").unwrap(),
            };
            let nonce = Nonce::new(format!("n-{n}")).expect("nonce");
            let signed =
                Signer::new()
                    .algorithm(algorithm)
                    .sign(&request, &credentials, &now, &nonce);
            let answer = service.handle(&HttpRequest::from_signed(&signed), &now, "R");
            let body = String::from_utf8_lossy(&answer.body).into_owned();
            assert!(body.contains("DryRunOperation"), "{algorithm:?}: {body}");
            let entry = service.journal().last().expect("journaled");
            assert_eq!(entry.signature_version.as_deref(), Some(algorithm.as_str()));
        }
    }

    /// The built-in state, its first account's credentials, a time and a dry run of one of
    /// its instances.
    fn builtin_dry_run() -> (
        Service,
        crate::Credentials,
        Timestamp,
        crate::request::DeleteInstance,
    ) {
        let service = Service::new(State::builtin());
        let account = service.state().accounts[0].clone();
        let credentials = crate::Credentials::new(
            account.access_key_id,
            account.access_key_secret.expect("a secret"),
        )
        .unwrap();
        let now = Timestamp::parse("2026-11-23T08:30:00Z").expect("time");
        let request = crate::request::DeleteInstance::builder("i-emu0stopped000000001")
            .region_id("cn-hangzhou")
            .dry_run(true)
            .build()
            .expect("valid");
        (service, credentials, now, request)
    }

    /// A V3 request is answered in JSON unless its `Accept` asks for XML; every answer carries
    /// its content type and request id.
    #[test]
    fn v3_answers_in_the_format_accept_asks_for() {
        use crate::{Nonce, SignatureVersion, Signer};
        let (mut service, credentials, now, request) = builtin_dry_run();
        for (n, (accept, content_type, body_starts)) in [
            (None, "application/json;charset=utf-8", "{"),
            (
                Some("application/json"),
                "application/json;charset=utf-8",
                "{",
            ),
            (Some("Application/XML"), "text/xml;charset=utf-8", "<?xml"),
        ]
        .into_iter()
        .enumerate()
        {
            let nonce = Nonce::new(format!("accept-{n}")).expect("nonce");
            let signed = Signer::new().signature_version(SignatureVersion::V3).sign(
                &request,
                &credentials,
                &now,
                &nonce,
            );
            let mut http = HttpRequest::from_signed(&signed);
            http.headers
                .extend(accept.map(|a| ("Accept".to_owned(), a.to_owned())));
            let answer = service.handle(&http, &now, "R-7");
            assert_eq!(
                answer.header("content-type"),
                Some(content_type),
                "{accept:?}"
            );
            assert_eq!(answer.header("x-acs-request-id"), Some("R-7"), "{accept:?}");
            let body = String::from_utf8_lossy(&answer.body);
            assert!(body.starts_with(body_starts), "{accept:?}: {body}");
        }
    }

    /// The control API in-process, each route with the status EMULATOR.md gives it.
    #[test]
    fn the_control_api_sets_up_and_reads_back() {
        let now = Timestamp::parse("2026-11-23T08:30:00Z").expect("time");
        let call = |service: &mut Service, method: &str, what: &str, body: &str| {
            let request = HttpRequest {
                method: method.into(),
                target: format!("/_emulator/{what}"),
                body: body.as_bytes().to_vec(),
                ..HttpRequest::default()
            };
            let answer = service.handle(&request, &now, "R");
            (
                answer.status,
                String::from_utf8_lossy(&answer.body).into_owned(),
            )
        };
        let mut service = Service::new(State::builtin());
        let s = &mut service;
        assert_eq!(call(s, "GET", "health", ""), (200, r#"{"ok":true}"#.into()));
        assert_eq!(
            call(s, "POST", "faults", r#"{"action": "*", "kind": "drop"}"#).0,
            204
        );
        assert_eq!(
            call(
                s,
                "POST",
                "faults",
                r#"{"action": "*", "kind": "nonsense"}"#
            )
            .0,
            400
        );
        assert_eq!(call(s, "DELETE", "faults", "").0, 204);
        assert_eq!(
            call(s, "PUT", "clock", r#"{"now": "2026-11-23T09:00:00Z"}"#).0,
            204
        );
        assert_eq!(call(s, "PUT", "clock", r#"{"now": "yesterday"}"#).0, 400);
        assert_eq!(call(s, "DELETE", "clock", "").0, 204);
        assert_eq!(call(s, "PUT", "state", "{").0, 400);
        assert_eq!(call(s, "PATCH", "state", "").0, 405);
        assert_eq!(call(s, "GET", "nothing", "").0, 404);
        assert_eq!(call(s, "POST", "reset", "").0, 204);

        // A fault queued through the API answers the next API request, which is journaled
        // with its action; clearing the journal empties it.
        let gateway = r#"{"action": "DeleteInstance", "kind": "gateway", "status": 502}"#;
        assert_eq!(call(s, "POST", "faults", gateway).0, 204);
        let api = HttpRequest {
            method: "GET".into(),
            target: "/?Action=DeleteInstance".into(),
            ..HttpRequest::default()
        };
        assert_eq!(s.handle(&api, &now, "R").status, 502);
        let entry = s.journal().last().expect("journaled").clone();
        assert_eq!(
            (entry.action.as_deref(), entry.fault),
            (Some("DeleteInstance"), true)
        );
        assert!(
            call(s, "GET", "journal", "")
                .1
                .contains(r#""action":"DeleteInstance""#)
        );
        assert_eq!(call(s, "DELETE", "journal", "").0, 204);
        assert_eq!(call(s, "GET", "journal", ""), (200, "[]".into()));
    }

    /// The journal keeps the last 10,000 API requests (the emulator's contract), numbered from
    /// 1 whatever was dropped.
    /// The memories grow with what was sent (a nonce a request, a ClientToken a call that sent
    /// one), and a V1 answer is JSON only when `Format` asks for it.
    #[test]
    fn memories_count_what_was_sent_and_format_chooses_the_body() {
        use crate::request::DeleteInstances;
        use crate::{Credentials, Format, Nonce, Signer};
        let fixture = r#"{"accounts": [{"access_key_id": "k", "access_key_secret": "s"}],
            "instances": [{"instance_id": "i-a"}, {"instance_id": "i-b"}, {"instance_id": "i-c"}]}"#;
        let mut service = Service::new(State::from_fixture(fixture.as_bytes()).expect("valid"));
        let now = Timestamp::parse("2026-11-23T08:30:00Z").expect("time");
        service.set_clock(Some(now));
        let calls = [
            ("i-a", None, Format::Xml, "<?xml"),
            ("i-b", Some("token-1"), Format::Json, "{"),
            ("i-c", Some("token-2"), Format::Xml, "<?xml"),
        ];
        for (n, (id, token, format, starts)) in calls.into_iter().enumerate() {
            let builder = DeleteInstances::builder("cn-hangzhou").instance_id(id);
            let request = match token {
                Some(token) => builder.client_token(token),
                None => builder,
            }
            .build()
            .expect("valid");
            let signed = Signer::new().format(format).sign(
                &request,
                &Credentials::new("k", "s").unwrap(),
                &now,
                &Nonce::new(format!("n-{n}")).expect("nonce"),
            );
            let answer = service.handle(&HttpRequest::from_signed(&signed), &now, "R");
            let body = String::from_utf8_lossy(&answer.body);
            assert_eq!(answer.status, 200, "{body}");
            assert!(body.starts_with(starts), "{format:?}: {body}");
        }
        assert_eq!(service.memory_sizes(), (3, 2));
    }

    #[test]
    fn the_journal_keeps_the_last_ten_thousand_requests() {
        let mut service = Service::new(State::builtin());
        let now = Timestamp::parse("2026-11-23T08:30:00Z").expect("time");
        let unsigned = HttpRequest {
            method: "GET".into(),
            target: "/?Action=DeleteInstance".into(),
            ..HttpRequest::default()
        };
        for _ in 0..10_000 {
            service.handle(&unsigned, &now, "R");
        }
        let first_and_last = |service: &Service| {
            let seqs: Vec<u64> = service.journal().map(|e| e.seq).collect();
            (seqs.len(), seqs.first().copied(), seqs.last().copied())
        };
        assert_eq!(first_and_last(&service), (10_000, Some(1), Some(10_000)));
        service.handle(&unsigned, &now, "R");
        assert_eq!(first_and_last(&service), (10_000, Some(2), Some(10_001)));
        // A request refused before any check still names its action.
        let last = service.journal().last().expect("journaled");
        assert_eq!(last.action.as_deref(), Some("DeleteInstance"));
    }

    #[test]
    fn request_ids_repeat_with_the_seed_and_look_like_uuids() {
        // SplitMix64 seeded with 0 first gives 0xE220A8397B1DCDAF, then 0x6E789E6AA1B965F4 (the
        // generator's published reference outputs); an id is two of them.
        assert_eq!(
            RequestIds::new(0).next().as_deref(),
            Some("E220A839-7B1D-CDAF-6E78-9E6AA1B965F4")
        );
        let a: Vec<String> = RequestIds::new(7).take(3).collect();
        assert_eq!(a, RequestIds::new(7).take(3).collect::<Vec<_>>());
        assert_ne!(a, RequestIds::new(8).take(3).collect::<Vec<_>>());
        for id in &a {
            let parts: Vec<usize> = id.split('-').map(str::len).collect();
            assert_eq!(parts, [8, 4, 4, 4, 12], "{id}");
            assert!(
                id.chars()
                    .all(|c| c == '-' || c.is_ascii_digit() || c.is_ascii_uppercase())
            );
        }
    }

    /// A V3 `Authorization` without `Credential` or `SignedHeaders` cannot be read:
    /// `IncompleteSignature`, as the contract's table says; a V1 request without `AccessKeyId`
    /// lacks a parameter.
    #[test]
    fn an_authorization_without_its_fields_is_an_incomplete_signature() {
        use crate::{Nonce, SignatureVersion, Signer};
        let (mut service, credentials, now, request) = builtin_dry_run();
        let code = |answer: &HttpResponse| {
            let body: serde_json::Value = serde_json::from_slice(&answer.body).expect("JSON");
            body["Code"].as_str().map(str::to_owned)
        };
        for (n, field) in ["Credential=", "SignedHeaders="].into_iter().enumerate() {
            let nonce = Nonce::new(format!("fields-{n}")).expect("nonce");
            let signed = Signer::new().signature_version(SignatureVersion::V3).sign(
                &request,
                &credentials,
                &now,
                &nonce,
            );
            let mut http = HttpRequest::from_signed(&signed);
            for (name, value) in &mut http.headers {
                if name.eq_ignore_ascii_case("authorization") {
                    // `ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…` less one.
                    let (algorithm, fields) = value.split_once(' ').expect("fields");
                    let kept: Vec<&str> = fields
                        .split(',')
                        .filter(|f| !f.starts_with(field))
                        .collect();
                    *value = format!("{algorithm} {}", kept.join(","));
                }
            }
            let answer = service.handle(&http, &now, "R");
            assert_eq!(
                (answer.status, code(&answer).as_deref()),
                (400, Some("IncompleteSignature")),
                "without {field}"
            );
        }
        let signed = Signer::new().sign(
            &request,
            &credentials,
            &now,
            &Nonce::new("fields-v1").expect("nonce"),
        );
        let mut http = HttpRequest::from_signed(&signed);
        let (path, query) = http.target.split_once('?').expect("a query");
        let kept: Vec<&str> = query
            .split('&')
            .filter(|p| !p.starts_with("AccessKeyId="))
            .collect();
        http.target = format!("{path}?{}", kept.join("&"));
        let answer = service.handle(&http, &now, "R");
        assert_eq!(
            (answer.status, code(&answer).as_deref()),
            (400, Some("MissingParameter"))
        );
    }
}
