//! The one HTTP client of the conformance crate: ureq, blocking, plain `http://` (an emulator
//! on this machine), keep-alive. A request goes out as it is given: its own `host` header wins
//! over the connection's (a V3 request signs the host it names), its target is sent as written,
//! and an answer of any status is an answer, not an error.

use std::time::Duration;

use aliyun_ecs_delete::service::{HttpRequest, HttpResponse};

/// The longest answer read.
const MAX_ANSWER: u64 = 4 << 20;

/// Sends requests to one `http://HOST:PORT`, reusing its connections.
#[derive(Debug, Clone)]
pub struct Client {
    agent: ureq::Agent,
    authority: String,
}

impl Client {
    /// A client of `endpoint`, `http://HOST:PORT` (a trailing `/` is allowed).
    pub fn new(endpoint: &str) -> Result<Client, String> {
        Client::with_connections(endpoint, 3)
    }

    /// A client that keeps up to `connections` idle connections open, for as many threads
    /// sending at once.
    pub fn with_connections(endpoint: &str, connections: usize) -> Result<Client, String> {
        let authority = endpoint
            .strip_prefix("http://")
            .ok_or_else(|| format!("--endpoint {endpoint}: only http://HOST:PORT is supported"))?
            .trim_end_matches('/');
        if authority.is_empty() || authority.contains('/') {
            return Err(format!("--endpoint {endpoint}: expected http://HOST:PORT"));
        }
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(30)))
            .max_idle_connections(connections)
            .max_idle_connections_per_host(connections)
            .build()
            .into();
        Ok(Client {
            agent,
            authority: authority.to_owned(),
        })
    }

    /// `HOST:PORT`.
    pub fn authority(&self) -> &str {
        &self.authority
    }

    /// Sends `request` and reads the whole answer.
    pub fn send(&self, request: &HttpRequest) -> Result<HttpResponse, String> {
        let fail = |e: &dyn std::fmt::Display| format!("{}: {e}", self.authority);
        let mut builder = ureq::http::Request::builder()
            .method(request.method.as_str())
            .uri(format!("http://{}{}", self.authority, request.target));
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let built = builder.body(request.body.clone()).map_err(|e| fail(&e))?;
        let mut answer = self.agent.run(built).map_err(|e| fail(&e))?;
        let status = answer.status().as_u16();
        let headers = answer
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = answer
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER)
            .read_to_vec()
            .map_err(|e| fail(&e))?;
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }

    /// A request to the emulator's control API, `/_emulator/{what}`, with a JSON body when
    /// given; an answer of 300 or more is an error.
    pub fn control(
        &self,
        method: &str,
        what: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<HttpResponse, String> {
        let mut headers = Vec::new();
        if body.is_some() {
            headers.push(("content-type".to_owned(), "application/json".to_owned()));
        }
        let request = HttpRequest {
            method: method.to_owned(),
            target: format!("/_emulator/{what}"),
            headers,
            body: body.map(|b| b.to_string().into_bytes()).unwrap_or_default(),
        };
        let answer = self.send(&request)?;
        if answer.status >= 300 {
            return Err(format!(
                "{method} /_emulator/{what} answered {}: {}",
                answer.status,
                String::from_utf8_lossy(&answer.body)
            ));
        }
        Ok(answer)
    }
}
