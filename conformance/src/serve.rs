//! `ecs-conformance serve`: the emulator's HTTP shell. Sockets, the clock and request ids live
//! here; every answer comes from the Sans-IO model, `aliyun_ecs_delete::service`.
//!
//! hyper (HTTP/1.1, keep-alive) on a multi-threaded tokio runtime: the model sits behind one
//! mutex, held only while a request is handled, so a DeleteInstances is applied whole or not at
//! all whatever the concurrency.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use aliyun_ecs_delete::Timestamp;
use aliyun_ecs_delete::service::{Answer, HttpRequest, MAX_BODY_BYTES, RequestIds, Service, State};
use bytes::Bytes;
use http_body_util::{BodyExt as _, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// Start the local ECS endpoint (DeleteInstance / DeleteInstances) for SDK tests.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The address to listen on (port 0: any free port; the first line printed names it).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// A state fixture (JSON); default: the built-in state.
    #[arg(long, value_name = "FILE")]
    state: Option<PathBuf>,
    /// Seeds the request ids, so that runs repeat.
    #[arg(long, value_name = "N", default_value_t = 0)]
    seed: u64,
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
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    runtime.block_on(run(args.listen, state, args.seed))
}

async fn run(listen: SocketAddr, state: State, seed: u64) -> Result<bool, String> {
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
    let shared = Arc::new(Mutex::new(Shared {
        service: Service::new(state),
        ids: RequestIds::new(seed),
    }));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut stop = Box::pin(shutdown_signal());
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let _ = stream.set_nodelay(true);
                let shared = Arc::clone(&shared);
                let connection = http1::Builder::new()
                    .keep_alive(true)
                    .serve_connection(
                        TokioIo::new(stream),
                        service_fn(move |request| handle(Arc::clone(&shared), request)),
                    );
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    let _ = connection.await;
                });
            }
            () = &mut stop => break,
        }
    }
    // Stop accepting; give open connections a moment to finish what they are answering.
    let _ = tokio::time::timeout(Duration::from_secs(5), graceful.shutdown()).await;
    Ok(true)
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
) -> Result<Response<Full<Bytes>>, Dropped> {
    let too_large = request
        .headers()
        .get(hyper::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|n| n > MAX_BODY_BYTES as u64);
    if too_large {
        return Ok(reply(413, Vec::new(), Vec::new()));
    }
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, MAX_BODY_BYTES).collect().await {
        Ok(collected) => collected.to_bytes().to_vec(),
        Err(_) => return Ok(reply(413, Vec::new(), Vec::new())),
    };
    let http = HttpRequest {
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
        body,
    };
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
