//! Where a `service` vector's requests go: the model in-process, or an emulator over HTTP.

use aliyun_ecs_delete::Timestamp;
use aliyun_ecs_delete::service::{HttpRequest, HttpResponse, State};
use serde_json::Value;

/// Where the requests go: the model in-process, or an emulator over HTTP.
pub(crate) trait Target {
    /// Starts a vector: this state (nonce and idempotence memories forgotten), this time, no
    /// queued fault.
    fn load(&mut self, state: &State, fixture: &Value, now: &Timestamp) -> Result<(), String>;
    /// Queues a fault.
    fn fault(&mut self, fault: &Value) -> Result<(), String>;
    /// Sends one request; `request_id` is the id an in-process model answers with.
    fn send(&mut self, request: &HttpRequest, request_id: &str) -> Result<HttpResponse, String>;
    /// The state now, as a fixture.
    fn state(&mut self) -> Result<Value, String>;
}
