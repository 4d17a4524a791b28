//! A request whose body the HTTP shell could not read: answered as the service answers.

use super::journal::{self, JournalEntry};
use super::reply::{self, HttpResponse, Refusal};
use super::{HttpRequest, MAX_BODY_BYTES, Service, front};
use crate::time::Timestamp;

/// Why the HTTP shell could not read a request's body ([`Service::refuse_body`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BodyProblem {
    /// Over [`MAX_BODY_BYTES`], by its `Content-Length` or as it was read.
    TooLarge,
    /// Not readable: a malformed chunk, a connection closed early, a read that timed out (why,
    /// in words).
    Unreadable(String),
}

impl Service {
    /// Answers a request whose body the HTTP shell could not read (`request` holds its method,
    /// target and headers): 413 for a body over [`MAX_BODY_BYTES`], else 400, with the error
    /// envelope and a request id like any other answer, and journaled. No fault is taken: the
    /// request was never read whole.
    pub fn refuse_body(
        &mut self,
        request: &HttpRequest,
        problem: &BodyProblem,
        now: &Timestamp,
        request_id: &str,
    ) -> HttpResponse {
        let refusal = match problem {
            BodyProblem::TooLarge => Refusal::new(
                413,
                "InvalidParameter",
                format!("The request body is larger than {MAX_BODY_BYTES} bytes."),
            ),
            BodyProblem::Unreadable(why) => {
                let mut why = why.clone();
                journal::cut(&mut why);
                Refusal::new(
                    400,
                    "InvalidParameter",
                    format!("The request body cannot be read: {why}."),
                )
            }
        };
        let response = reply::refuse(&refusal, request, request_id, None);
        let now = self.clock(now);
        let entry = JournalEntry {
            seq: 0,
            method: request.method.clone(),
            path: request.path().to_owned(),
            action: front::action_of(request).map(|a| a.as_str().to_owned()),
            access_key_id: front::access_key_id_of(request),
            signature_version: None,
            client_token: None,
            dry_run: false,
            status: response.status,
            code: Some(refusal.code),
            request_id: request_id.to_owned(),
            fault: false,
            lints: Vec::new(),
            released: Vec::new(),
        };
        self.note(request, &now, entry, None, None);
        response
    }
}
