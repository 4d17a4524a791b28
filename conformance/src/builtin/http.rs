//! Driving an emulator over HTTP: its control API (`/_emulator/…`) to set each vector up, and
//! the vector's requests sent as they are, headers and all (`host` included: V3 signs it),
//! through the crate's one client.

use aliyun_ecs_delete::Timestamp;
use aliyun_ecs_delete::service::{HttpRequest, HttpResponse, State};
use serde_json::{Value, json};

use super::target::Target;
use crate::client::Client;

/// An emulator at `http://HOST:PORT`.
pub(crate) struct Emulator {
    client: Client,
}

impl Emulator {
    pub(crate) fn new(endpoint: &str) -> Result<Emulator, String> {
        Ok(Emulator {
            client: Client::new(endpoint)?,
        })
    }

    /// Asks the emulator for its state once: an endpoint that is down, or is not an emulator,
    /// is one error before any vector runs, not one failure per vector.
    pub(crate) fn probe(&self) -> Result<(), String> {
        self.control("GET", "state", None).map(drop).map_err(|e| {
            format!(
                "the emulator at http://{} did not answer: {e}",
                self.client.authority()
            )
        })
    }

    fn control(
        &self,
        method: &str,
        what: &str,
        body: Option<&Value>,
    ) -> Result<HttpResponse, String> {
        self.client.control(method, what, body)
    }

    fn exchange(&self, request: &HttpRequest) -> Result<HttpResponse, String> {
        self.client.send(request)
    }
}

impl Target for Emulator {
    fn load(&mut self, _: &State, fixture: &Value, now: &Timestamp) -> Result<(), String> {
        self.control("PUT", "state", Some(fixture))?;
        self.control("PUT", "clock", Some(&json!({ "now": now.as_str() })))?;
        self.control("DELETE", "faults", None)?;
        self.control("DELETE", "journal", None)?;
        Ok(())
    }

    fn fault(&mut self, fault: &Value) -> Result<(), String> {
        self.control("POST", "faults", Some(fault)).map(drop)
    }

    fn send(&mut self, request: &HttpRequest, _: &str) -> Result<HttpResponse, String> {
        self.exchange(request)
    }

    fn state(&mut self) -> Result<Value, String> {
        let answer = self.control("GET", "state", None)?;
        serde_json::from_slice(&answer.body).map_err(|e| format!("GET /_emulator/state: {e}"))
    }
}
