//! Driving an emulator over HTTP: its control API (`/_emulator/…`) to set each vector up, and
//! the vector's requests sent as they are, headers and all (`host` included: V3 signs it), one
//! connection per request.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use aliyun_ecs_delete::Timestamp;
use aliyun_ecs_delete::service::{HttpRequest, HttpResponse, State};
use serde_json::{Value, json};

use super::service::Target;

/// The longest answer read.
const MAX_ANSWER: u64 = 4 << 20;

/// An emulator at `http://HOST:PORT`.
pub(crate) struct Emulator {
    authority: String,
}

impl Emulator {
    pub(crate) fn new(endpoint: &str) -> Result<Emulator, String> {
        let authority = endpoint
            .strip_prefix("http://")
            .ok_or_else(|| format!("--endpoint {endpoint}: only http://HOST:PORT is supported"))?
            .trim_end_matches('/');
        if authority.is_empty() || authority.contains('/') {
            return Err(format!("--endpoint {endpoint}: expected http://HOST:PORT"));
        }
        Ok(Emulator {
            authority: authority.to_owned(),
        })
    }

    /// Asks the emulator for its state once: an endpoint that is down, or is not an emulator,
    /// is one error before any vector runs, not one failure per vector.
    pub(crate) fn probe(&self) -> Result<(), String> {
        self.control("GET", "state", None).map(drop).map_err(|e| {
            format!(
                "the emulator at http://{} did not answer: {e}",
                self.authority
            )
        })
    }

    fn control(
        &self,
        method: &str,
        what: &str,
        body: Option<&Value>,
    ) -> Result<HttpResponse, String> {
        let mut headers = vec![("host".to_owned(), self.authority.clone())];
        if body.is_some() {
            headers.push(("content-type".into(), "application/json".into()));
        }
        let request = HttpRequest {
            method: method.to_owned(),
            target: format!("/_emulator/{what}"),
            headers,
            body: body.map(|b| b.to_string().into_bytes()).unwrap_or_default(),
        };
        let answer = self.exchange(&request)?;
        if answer.status >= 300 {
            return Err(format!(
                "{method} /_emulator/{what} answered {}: {}",
                answer.status,
                String::from_utf8_lossy(&answer.body)
            ));
        }
        Ok(answer)
    }

    /// One request on a connection of its own.
    fn exchange(&self, request: &HttpRequest) -> Result<HttpResponse, String> {
        let fail = |e: std::io::Error| format!("{}: {e}", self.authority);
        let mut stream = TcpStream::connect(&self.authority).map_err(fail)?;
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .map_err(fail)?;
        let mut head = format!("{} {} HTTP/1.1\r\n", request.method, request.target);
        let mut has_host = false;
        for (name, value) in &request.headers {
            has_host |= name.eq_ignore_ascii_case("host");
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if !has_host {
            head.push_str(&format!("host: {}\r\n", self.authority));
        }
        head.push_str(&format!(
            "content-length: {}\r\nconnection: close\r\n\r\n",
            request.body.len()
        ));
        stream.write_all(head.as_bytes()).map_err(fail)?;
        stream.write_all(&request.body).map_err(fail)?;
        let mut reader = BufReader::new(stream.take(MAX_ANSWER));
        let mut line = String::new();
        reader.read_line(&mut line).map_err(fail)?;
        let status = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse::<u16>().ok())
            .ok_or_else(|| format!("{}: not an HTTP status line: {line:?}", self.authority))?;
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).map_err(fail)?;
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                headers.push((name.trim().to_owned(), value.trim().to_owned()));
            }
        }
        let mut body = Vec::new();
        reader.read_to_end(&mut body).map_err(fail)?;
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
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
