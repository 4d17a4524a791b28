//! `ecs-conformance serve`: the emulator's HTTP shell. Sockets, the clock and request ids live
//! here; every answer comes from the Sans-IO model, `aliyun_ecs_delete::service`.
//!
//! hyper (HTTP/1.1, keep-alive) on a multi-threaded tokio runtime: the model sits behind one
//! mutex, held only while a request is handled, so a DeleteInstances is applied whole or not at
//! all whatever the concurrency. The shell is bounded whatever its clients do: at most
//! `--max-connections` open (past that, new ones wait in the kernel's backlog), and a head, a
//! body or an idle keep-alive connection that takes longer than `--timeout` is closed.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aliyun_ecs_delete::Timestamp;
use aliyun_ecs_delete::service::{
    Answer, BodyProblem, Finding, HttpRequest, MAX_BODY_BYTES, RequestIds, Service, State,
};
use bytes::Bytes;
use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// Start the local ECS endpoint (DeleteInstance / DeleteInstances) for SDK tests.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The address to listen on, HOST:PORT (a name is resolved; port 0: any free port, named by
    /// the first line printed).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:0")]
    listen: String,
    /// A state fixture (JSON); default: the built-in state.
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    /// Seeds the request ids, so that runs repeat.
    #[arg(long, value_name = "N", default_value_t = 0)]
    seed: u64,
    /// The most connections open at once; past it, new ones wait to be accepted.
    #[arg(long, value_name = "N", default_value_t = 1024,
          value_parser = clap::value_parser!(u32).range(1..=65_536))]
    max_connections: u32,
    /// Seconds a request's head or body may take to arrive, and a keep-alive connection may
    /// stay idle, before the connection is closed.
    #[arg(long, value_name = "SECONDS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(1..=3_600))]
    timeout: u64,
    /// At shutdown, write the findings report (what the clients did wrong) to FILE: Markdown
    /// when its name ends in `.md`, else JSON.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// Require this token in the `x-emulator-token` header of every control request, for an
    /// emulator others can reach (default: ECS_EMULATOR_CONTROL_TOKEN, else none).
    #[arg(long, value_name = "TOKEN")]
    control_token: Option<String>,
}

/// The model and the request-id generator, shared by every connection.
struct Shared {
    service: Service,
    ids: RequestIds,
}

/// Why a connection is closed without an answer (a `drop` fault).
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by a fault")
    }
}

impl std::error::Error for Dropped {}

pub fn serve(args: &ServeArgs) -> Result<bool, String> {
    let state = match &args.state {
        None => State::builtin(),
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
            State::from_fixture(&bytes).map_err(|e| format!("{}: {e}", path.display()))?
        }
    };
    let mut service = Service::new(state);
    service.set_control_token(control_token(args));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(run(args, service))
}

/// `--control-token`, else ECS_EMULATOR_CONTROL_TOKEN (which, unlike an argument, other
/// users' `ps` does not show); an empty one is none.
fn control_token(args: &ServeArgs) -> Option<String> {
    args.control_token
        .clone()
        .or_else(|| std::env::var("ECS_EMULATOR_CONTROL_TOKEN").ok())
        .filter(|t| !t.is_empty())
}

/// The address `--listen` names: `HOST:PORT`, the host a name or an address.
async fn resolve(listen: &str) -> Result<SocketAddr, String> {
    let mut addresses = tokio::net::lookup_host(listen)
        .await
        .map_err(|e| format!("--listen {listen:?}: not HOST:PORT, or the host is unknown ({e})"))?;
    addresses
        .next()
        .ok_or_else(|| format!("--listen {listen:?}: the host has no address"))
}

async fn run(args: &ServeArgs, service: Service) -> Result<bool, String> {
    let listen = resolve(&args.listen).await?;
    let listener = TcpListener::bind(listen)
        .await
        .map_err(|e| format!("cannot listen on {listen}: {e}"))?;
    let local = listener
        .local_addr()
        .map_err(|e| format!("cannot read the listening address: {e}"))?;
    {
        use std::io::Write as _;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "listening on http://{local}");
        let _ = out.flush();
    }
    if !local.ip().is_loopback() && control_token(args).is_none() {
        eprintln!(
            "warning: {local} is not a loopback address, and the control API (/_emulator/) is \
             unauthenticated: anyone who can reach it can change the state. Give \
             --control-token to require a token."
        );
    }
    let shared = Arc::new(Mutex::new(Shared {
        service,
        ids: RequestIds::new(args.seed),
    }));
    let timeout = Duration::from_secs(args.timeout);
    let slots = Arc::new(Semaphore::new(args.max_connections as usize));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut stop = Box::pin(shutdown_signal());
    let mut backoff = Backoff::default();
    loop {
        // Back-pressure: a connection is accepted only when it has a slot.
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
            () = &mut stop => break,
        };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => {
                backoff.reset();
                stream
            }
            Err(e) => {
                // Out of file descriptors, say: wait rather than spin, and say so once.
                tokio::time::sleep(backoff.next(&e)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let shared = Arc::clone(&shared);
        let connection = http1::Builder::new()
            .keep_alive(true)
            .timer(TokioTimer::new())
            // The head's timer also runs while a keep-alive connection waits for its next
            // request: it is the idle timeout too.
            .header_read_timeout(timeout)
            .serve_connection(
                TokioIo::new(stream),
                service_fn(move |request| handle(Arc::clone(&shared), request, timeout)),
            );
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
            drop(slot);
        });
    }
    // Stop accepting; give open connections a moment to finish what they are answering.
    let _ = tokio::time::timeout(Duration::from_secs(5), graceful.shutdown()).await;
    if let Some(path) = &args.report {
        let findings: Vec<Finding> = {
            let shared = shared
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            shared.service.findings().cloned().collect()
        };
        let markdown = path.extension().is_some_and(|e| e == "md");
        let text = if markdown {
            report_markdown(&findings)
        } else {
            format!("{}\n", serde_json::json!({ "findings": findings }))
        };
        std::fs::write(path, text).map_err(|e| format!("--report {}: {e}", path.display()))?;
    }
    Ok(true)
}

/// The findings as a person reads them: a count by kind, then each finding.
fn report_markdown(findings: &[Finding]) -> String {
    use std::fmt::Write as _;
    let cell = |text: &str| text.replace('|', "\\|").replace('\n', " ");
    let mut out = String::from("# What the clients did wrong\n\n");
    if findings.is_empty() {
        out.push_str("Nothing: no finding in this run.\n");
        return out;
    }
    let mut by_kind = std::collections::BTreeMap::new();
    for finding in findings {
        *by_kind.entry(finding.kind).or_insert(0usize) += 1;
    }
    let _ = writeln!(out, "| kind | findings |\n|---|---|");
    for (kind, count) in &by_kind {
        let _ = writeln!(out, "| `{kind}` | {count} |");
    }
    let _ = writeln!(
        out,
        "\n| # | kind | AccessKeyId | requests | what happened |\n|---|---|---|---|---|"
    );
    for (n, f) in findings.iter().enumerate() {
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} |",
            n + 1,
            f.kind,
            cell(f.access_key_id.as_deref().unwrap_or("")),
            cell(&f.request_ids.join(", ")),
            cell(&f.message)
        );
    }
    out
}

/// The wait after a failed accept: 10 ms doubling to 1 s, reset by a success. The first failure
/// is logged; the rest are counted, and the count is logged at shutdown.
#[derive(Debug, Default)]
struct Backoff {
    wait: Option<Duration>,
    failures: u64,
}

impl Backoff {
    fn next(&mut self, error: &std::io::Error) -> Duration {
        if self.failures == 0 {
            eprintln!(
                "cannot accept a connection ({error}); backing off and retrying (further failures are counted, not logged)"
            );
        }
        self.failures += 1;
        let wait = self.wait.map_or(Duration::from_millis(10), |w| {
            (w * 2).min(Duration::from_secs(1))
        });
        self.wait = Some(wait);
        wait
    }

    fn reset(&mut self) {
        self.wait = None;
    }
}

impl Drop for Backoff {
    fn drop(&mut self) {
        if self.failures > 1 {
            eprintln!("{} accepts failed in all", self.failures);
        }
    }
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        ) {
            (Ok(mut int), Ok(mut term)) => {
                tokio::select! {
                    _ = int.recv() => {}
                    _ = term.recv() => {}
                }
            }
            _ => std::future::pending::<()>().await,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

fn reply(status: u16, headers: Vec<(String, String)>, body: Vec<u8>) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in headers {
        if let (Ok(name), Ok(value)) = (
            hyper::header::HeaderName::from_bytes(name.as_bytes()),
            hyper::header::HeaderValue::from_str(&value),
        ) {
            response.headers_mut().append(name, value);
        }
    }
    response
}

/// The request's method, target and headers, as the model reads them (the body comes after).
fn head(parts: &hyper::http::request::Parts) -> HttpRequest {
    HttpRequest {
        method: parts.method.as_str().to_owned(),
        target: parts
            .uri
            .path_and_query()
            .map_or_else(|| parts.uri.path().to_owned(), |pq| pq.as_str().to_owned()),
        headers: parts
            .headers
            .iter()
            .filter_map(|(n, v)| Some((n.as_str().to_owned(), v.to_str().ok()?.to_owned())))
            .chain(
                // HTTP/1.1 puts the host in a header; an absolute-form target carries it.
                parts
                    .uri
                    .authority()
                    .filter(|_| !parts.headers.contains_key(hyper::header::HOST))
                    .map(|a| ("host".to_owned(), a.as_str().to_owned())),
            )
            .collect(),
        body: Vec::new(),
    }
}

/// Runs `f` on the model with `request_id` (or the next one drawn), holding the lock only for
/// that; the id is given back.
fn model<T>(
    shared: &Mutex<Shared>,
    request_id: Option<String>,
    f: impl FnOnce(&mut Service, &str) -> T,
) -> (T, String) {
    let mut shared = shared
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let Shared { service, ids } = &mut *shared;
    let request_id = request_id.unwrap_or_else(|| ids.next().unwrap_or_default());
    (f(service, &request_id), request_id)
}

async fn handle(
    shared: Arc<Mutex<Shared>>,
    request: Request<Incoming>,
    timeout: Duration,
) -> Result<Response<Full<Bytes>>, Dropped> {
    let too_large = request
        .headers()
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|n| n > MAX_BODY_BYTES as u64);
    let (parts, body) = request.into_parts();
    let mut http = head(&parts);
    let problem = if too_large {
        Some(BodyProblem::TooLarge)
    } else {
        let limited = Limited::new(body, MAX_BODY_BYTES).collect();
        match tokio::time::timeout(timeout, limited).await {
            Ok(Ok(collected)) => {
                http.body = collected.to_bytes().to_vec();
                None
            }
            Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => Some(BodyProblem::TooLarge),
            Ok(Err(e)) => Some(BodyProblem::Unreadable(e.to_string())),
            Err(_) => Some(BodyProblem::Unreadable(format!(
                "it did not arrive within {} s",
                timeout.as_secs()
            ))),
        }
    };
    if let Some(problem) = problem {
        let (r, _) = model(&shared, None, |service, id| {
            service.refuse_body(&http, &problem, &Timestamp::now(), id)
        });
        let mut response = reply(r.status, r.headers, r.body);
        // The rest of the body is not read: the connection cannot be reused.
        response.headers_mut().insert(
            hyper::header::CONNECTION,
            hyper::header::HeaderValue::from_static("close"),
        );
        return Ok(response);
    }
    let (answer, request_id) = model(&shared, None, |service, id| {
        service.answer(&http, &Timestamp::now(), id)
    });
    match answer {
        Answer::Respond(r) => Ok(reply(r.status, r.headers, r.body)),
        Answer::Delay(seconds) => {
            // The wait holds no lock; the request keeps its id.
            tokio::time::sleep(Duration::from_secs(seconds)).await;
            let (r, _) = model(&shared, Some(request_id), |service, id| {
                service.after_delay(&http, &Timestamp::now(), id)
            });
            Ok(reply(r.status, r.headers, r.body))
        }
        Answer::Drop => Err(Dropped),
    }
}
